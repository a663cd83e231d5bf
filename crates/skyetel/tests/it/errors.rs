//! Error mapping, and that no error, client or builder ever shows the
//! API key pair.

use std::time::Duration;

use skyetel::{Error, RetryPolicy, types};

use crate::support::{Response, SECRET, SID, TestServer, base_url, client};

/// Neither `Debug` (plain and pretty) nor `Display` of `value` shows the
/// SID or the secret.
fn assert_no_credentials(what: &str, debug: String, display: String) {
    for text in [debug, display] {
        assert!(!text.contains(SID), "SID in {what}: {text}");
        assert!(!text.contains(SECRET), "secret in {what}: {text}");
    }
}

fn assert_clean(e: &Error) {
    assert_no_credentials("an error", format!("{e:?} {e:#?}"), e.to_string());
    // Nor does anything down the source chain.
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        assert_no_credentials("an error source", format!("{s:?}"), s.to_string());
        source = s.source();
    }
}

#[tokio::test]
async fn not_found_maps_to_the_typed_error_body() {
    let server = TestServer::respond(Response::json(404, r#"{"ERROR":"Not found"}"#)).await;
    let e = client(&server)
        .get_phonenumber_e911_address()
        .id(404)
        .send()
        .await
        .unwrap_err();
    assert_clean(&e);
    assert_eq!(e.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(e.to_string(), "the server answered 404 Not Found");
    match e {
        Error::Status {
            status,
            body: Some(body),
            ..
        } => {
            assert_eq!(status, 404);
            assert_eq!(
                body,
                types::ErrorBody {
                    extra: Default::default(),
                    error: Some("Not found".into())
                }
            );
        }
        other => panic!("expected a typed Status error, got {other:?}"),
    }
    // The request that failed did carry the credentials.
    let request = server.single_request();
    assert_eq!(request.path(), "/v1/phonenumbers/404/e911address");
    assert_eq!(request.header("x-auth-sid"), Some(SID));
    assert_eq!(request.header("x-auth-secret"), Some(SECRET));
}

#[tokio::test]
async fn an_unauthorized_answer_is_typed_and_not_retried() {
    let server =
        TestServer::respond(Response::json(401, r#"{"ERROR":"Invalid SID or SECRET"}"#)).await;
    let e = client(&server)
        .list_phonenumbers()
        .send()
        .await
        .unwrap_err();
    assert_clean(&e);
    assert!(
        matches!(&e, Error::Status { status, body: Some(b), .. }
            if *status == 401 && b.error.as_deref() == Some("Invalid SID or SECRET")),
        "{e:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn every_other_failure_keeps_the_credentials_out() {
    let quick = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(1));

    // A 5XX is not documented: Status with the raw body.
    let server = TestServer::respond(Response::json(500, r#"{"oops":true}"#)).await;
    let e = client(&server).list_tenants().send().await.unwrap_err();
    assert_clean(&e);
    assert!(
        matches!(&e, Error::Status { status, body: None, raw, .. }
            if *status == 500 && raw.as_ref() == br#"{"oops":true}"#),
        "{e:?}"
    );

    // A 4XX whose body is not the error shape (a proxy's HTML page).
    let server = TestServer::respond(Response::bytes(403, "text/html", "<h1>Forbidden</h1>")).await;
    let e = client(&server).list_tenants().send().await.unwrap_err();
    assert_clean(&e);
    assert!(
        matches!(&e, Error::Status { status, body: None, raw, .. }
            if *status == 403 && raw.as_ref() == b"<h1>Forbidden</h1>"),
        "{e:?}"
    );

    // A 200 whose body does not decode (a field that does not fit only
    // degrades that field; a body of the wrong shape fails the call).
    let server = TestServer::respond(Response::json(200, r#"["cnam_enabled", "yes"]"#)).await;
    let e = client(&server)
        .get_tenant_features()
        .id(1)
        .send()
        .await
        .unwrap_err();
    assert_clean(&e);
    assert!(
        matches!(&e, Error::Decode { raw, .. } if raw.as_ref() == br#"["cnam_enabled", "yes"]"#),
        "{e:?}"
    );

    // Rate limited to the end.
    let server = TestServer::respond(
        Response::json(429, r#"{"ERROR":"Too Many Requests"}"#).header("Retry-After", "0"),
    )
    .await;
    let e = skyetel::Client::builder(SID, SECRET)
        .base_url(base_url(&server))
        .retry(quick.clone())
        .build()
        .unwrap()
        .list_vfaxes()
        .send()
        .await
        .unwrap_err();
    assert_clean(&e);
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");

    // A missing required argument: nothing is sent.
    let server = TestServer::respond(Response::empty(200)).await;
    let e = client(&server)
        .update_phonenumber()
        .send()
        .await
        .unwrap_err();
    assert_clean(&e);
    assert!(matches!(e, Error::Request(..)), "{e:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn connection_failures_keep_the_credentials_out() {
    // A loopback server that hangs up on every connection without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hang_up = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            drop(stream);
        }
    });
    let client = skyetel::Client::builder(SID, SECRET)
        .base_url(format!("http://{addr}/v1"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let e = client.list_endpoints().send().await.unwrap_err();
    hang_up.abort();
    assert_clean(&e);
    assert!(matches!(e, Error::Transport(..)), "{e:?}");
}

#[tokio::test]
async fn timeouts_keep_the_credentials_out() {
    // A loopback server that accepts and then says nothing.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let client = skyetel::Client::builder(SID, SECRET)
        .base_url(format!("http://{addr}/v1"))
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let e = client.get_org_statement().send().await.unwrap_err();
    silent.abort();
    assert_clean(&e);
    assert!(matches!(e, Error::Timeout(..)), "{e:?}");
}

#[tokio::test]
async fn the_client_and_builders_do_not_show_the_credentials() {
    let server = TestServer::respond(Response::empty(200)).await;
    let client = client(&server);
    let debug = format!("{client:?} {client:#?}");
    assert!(debug.contains("127.0.0.1"), "{debug}");
    assert_no_credentials("the client", debug, String::new());

    let request = client
        .update_phonenumber()
        .id(1)
        .body(types::PhoneNumberUpdate::default());
    assert_no_credentials("a request builder", format!("{request:?}"), String::new());

    let builder = skyetel::Client::builder(SID, SECRET).base_url(base_url(&server));
    assert_no_credentials(
        "the client builder",
        format!("{builder:?} {builder:#?}"),
        String::new(),
    );
}

#[test]
fn bad_constructor_input_is_rejected_without_the_credentials() {
    let e = skyetel::Client::builder(SID, SECRET)
        .base_url("ftp://127.0.0.1/v1")
        .build()
        .unwrap_err();
    assert_no_credentials("a build error", format!("{e:?}"), e.to_string());

    let e = skyetel::Client::new("test-sid\n", SECRET).unwrap_err();
    assert_no_credentials("a build error", format!("{e:?}"), e.to_string());
    let e = skyetel::Client::new(SID, "test-secret\r\n").unwrap_err();
    assert_no_credentials("a build error", format!("{e:?}"), e.to_string());
    assert!(skyetel::Client::new("", SECRET).is_err());
    assert!(skyetel::Client::new(SID, "").is_err());

    // Credentials in the base URL are refused. (The error echoes the URL as
    // given, so its text is not checked here: a caller who puts the pair in
    // the URL sees it again in the message.)
    let e = skyetel::Client::builder(SID, SECRET)
        .base_url("http://user:password@127.0.0.1/v1")
        .build()
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("credentials do not belong in the URL"),
        "{e}"
    );
}
