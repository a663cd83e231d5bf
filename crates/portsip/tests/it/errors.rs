//! Error mapping, and that no error or client ever shows the token.

use portsip::{Error, types};

use crate::support::{Response, TOKEN, TestServer, client};

const ERROR_BODY: &str = r#"{
  "errors": [
    {
      "code": "not_found",
      "message": "The holiday does not exist.",
      "detail": "No holiday with ID NzAwNTUxOTA5NzczMTQ4MTYx."
    }
  ]
}"#;

/// Neither `Debug` nor `Display` of `e` shows the token.
fn assert_no_token(e: &Error) {
    let debug = format!("{e:?} {e:#?}");
    assert!(!debug.contains(TOKEN), "token in Debug: {debug}");
    assert!(!e.to_string().contains(TOKEN), "token in Display: {e}");
}

/// The official document attaches no schema to error responses: a 4XX keeps
/// its status and raw body, and `error_body` reads the documented error list
/// from it.
#[tokio::test]
async fn a_4xx_keeps_the_raw_body_and_error_body_decodes_it() {
    let server = TestServer::respond(Response::json(404, ERROR_BODY)).await;
    let client = client(&server);
    let e = client
        .get_holiday()
        .id("NzAwNTUxOTA5NzczMTQ4MTYx")
        .send()
        .await
        .unwrap_err();
    assert_no_token(&e);
    assert!(
        matches!(&e, Error::Status { status, body: None, raw, .. }
            if *status == 404 && raw.as_ref() == ERROR_BODY.as_bytes()),
        "{e:?}"
    );
    assert_eq!(
        portsip::error_body(&e),
        Some(types::ErrorBody {
            extra: Default::default(),
            errors: vec![types::ErrorItem {
                extra: Default::default(),
                code: "not_found".into(),
                message: "The holiday does not exist.".into(),
                detail: Some("No holiday with ID NzAwNTUxOTA5NzczMTQ4MTYx.".into()),
            }],
        })
    );
    // The request that failed did carry the token.
    assert_eq!(
        server.single_request().header("authorization"),
        Some("Bearer test-token")
    );
}

/// Operations without a response body keep the 4XX body too; `detail` may be
/// any JSON value.
#[tokio::test]
async fn a_4xx_on_a_bodiless_operation_keeps_its_body() {
    let body = crate::support::data("error_body.json");
    let server = TestServer::respond(Response::json(400, body.clone())).await;
    let e = client(&server)
        .delete_call_rate()
        .id("x")
        .send()
        .await
        .unwrap_err();
    assert_no_token(&e);
    let Error::Status { status, raw, .. } = &e else {
        panic!("expected a Status error, got {e:?}");
    };
    assert_eq!(*status, 400);
    assert_eq!(raw.as_ref(), body.as_bytes());
    let errors = portsip::error_body(&e).expect("the documented error list");
    assert_eq!(errors.errors[0].code, "VALIDATE_FAILED");
    assert_eq!(errors.errors[0].detail.as_ref().unwrap()["field"], "name");
    assert_eq!(errors.errors[1].message, "unknown error");
}

/// `error_body` decodes only the documented shape: other bodies and other
/// errors give `None`, and the raw body stays in the error.
#[tokio::test]
async fn error_body_is_none_for_other_shapes() {
    for (status, body) in [
        (400, r#"{"oops":true}"#),
        (422, r#"{"errors":[{"detail":"no code, no message"}]}"#),
        (403, "<h1>Forbidden</h1>"),
        (400, ""),
    ] {
        let server = TestServer::respond(Response::bytes(status, "text/plain", body)).await;
        let e = client(&server)
            .delete_holiday()
            .id("x")
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(&e, Error::Status { status: s, body: None, raw, .. }
                if *s == status && raw.as_ref() == body.as_bytes()),
            "{status} {body}: {e:?}"
        );
        assert_eq!(portsip::error_body(&e), None, "{status} {body}");
    }
    // A success whose body does not fit degrades the field, not the call.
    let server = TestServer::respond(Response::json(200, r#"{"count":"many"}"#)).await;
    let got = client(&server).list_holidays().send().await.unwrap();
    assert_eq!(got.count, None);
    assert_eq!(got.extra["count"], "many");
    let paths: Vec<_> = got.deviations().iter().map(|d| d.path()).collect();
    assert_eq!(paths, ["count"]);
    assert!(got.is_degraded());
}

#[tokio::test]
async fn other_failures_map_to_their_variants_without_the_token() {
    // A 5XX is not documented: a Status error with the raw body kept.
    let server = TestServer::respond(Response::json(500, r#"{"oops":true}"#)).await;
    let e = client(&server).get_tenant().send().await.unwrap_err();
    assert_no_token(&e);
    assert!(
        matches!(&e, Error::Status { status, body: None, raw, .. }
            if *status == 500 && raw.as_ref() == br#"{"oops":true}"#),
        "{e:?}"
    );

    // A documented 4XX whose body is not the error shape (a proxy's HTML
    // page) keeps its status and its raw body.
    let server = TestServer::respond(Response::bytes(403, "text/html", "<h1>Forbidden</h1>")).await;
    let e = client(&server).get_tenant().send().await.unwrap_err();
    assert_no_token(&e);
    assert!(
        matches!(&e, Error::Status { status, body: None, raw, .. }
            if *status == 403 && raw.as_ref() == b"<h1>Forbidden</h1>"),
        "{e:?}"
    );

    // A 200 whose body does not decode: Decode, with the raw body.
    let server = TestServer::respond(Response::json(200, r#"["count","many"]"#)).await;
    let e = client(&server).list_call_rates().send().await.unwrap_err();
    assert_no_token(&e);
    assert!(
        matches!(&e, Error::Decode { raw, .. } if raw.as_ref() == br#"["count","many"]"#),
        "{e:?}"
    );

    // A status the operation does not document: Status, untyped.
    let server = TestServer::respond(Response::json(200, "{}")).await;
    let e = client(&server)
        .delete_holiday()
        .id("x")
        .send()
        .await
        .unwrap_err();
    assert_no_token(&e);
    assert!(
        matches!(&e, Error::Status { status, body: None, .. } if *status == 200),
        "{e:?}"
    );

    // A missing required argument: Request, and nothing is sent.
    let server = TestServer::respond(Response::empty(200)).await;
    let client = client(&server);
    let e = client.get_call_rate().send().await.unwrap_err();
    assert_no_token(&e);
    assert!(matches!(e, Error::Request(..)), "{e:?}");
    let e = client
        .create_call_rate()
        .body(types::CallRateCreate::builder().prefix("0044"))
        .send()
        .await
        .unwrap_err();
    assert_no_token(&e);
    assert!(matches!(e, Error::Request(..)), "{e:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn connection_failures_do_not_show_the_token() {
    // A loopback server that hangs up on every connection without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hang_up = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            drop(stream);
        }
    });
    let client = portsip::Client::new(&format!("http://{addr}/api"), TOKEN).unwrap();
    let e = client.get_tenant_status().send().await.unwrap_err();
    hang_up.abort();
    assert_no_token(&e);
    assert!(matches!(e, Error::Transport(..)), "{e:?}");
}

#[tokio::test]
async fn the_client_debug_does_not_show_the_token() {
    let server = TestServer::respond(Response::empty(200)).await;
    let client = client(&server);
    let debug = format!("{client:?} {client:#?}");
    assert!(debug.contains("127.0.0.1"), "{debug}");
    assert!(!debug.contains(TOKEN), "{debug}");
    let builder = format!("{:?}", client.get_holiday().id("x"));
    assert!(!builder.contains(TOKEN), "{builder}");
    let builder = portsip::Client::builder("http://127.0.0.1:1/api", TOKEN);
    assert!(!format!("{builder:?}").contains(TOKEN));
}

#[test]
fn bad_constructor_input_is_rejected_without_the_token() {
    let e = portsip::Client::new("ftp://pbx.example.com/api", TOKEN).unwrap_err();
    assert!(!format!("{e:?} {e}").contains(TOKEN));
    let e = portsip::Client::new("http://pbx.example.com/api", "bad\ntoken").unwrap_err();
    assert!(!format!("{e:?} {e}").contains("bad\ntoken"));
    assert!(portsip::Client::new("http://pbx.example.com/api", "").is_err());
}

/// A client of `server` whose retries back off for a millisecond at most.
fn quick_client(server: &TestServer) -> portsip::Client {
    portsip::Client::builder(&server.url("/api"), TOKEN)
        .retry(
            portsip::RetryPolicy::new()
                .initial_backoff(std::time::Duration::from_millis(1))
                .max_backoff(std::time::Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

/// PortSIP changes state with POST (updates, `…/destroy`, a recharge): after
/// a 503 the server may have acted, so such a call is not sent again; a GET
/// is.
#[tokio::test]
async fn a_5xx_is_retried_for_a_read_but_not_for_a_recharge() {
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = seen.clone();
    let server = TestServer::start(move |_| {
        if counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            Response::empty(503)
        } else {
            Response::json(200, crate::support::data("password_policy.json"))
        }
    })
    .await;
    quick_client(&server)
        .get_password_policy()
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);

    let server = TestServer::respond(Response::empty(503)).await;
    let e = quick_client(&server)
        .recharge_balance()
        .body(types::BalanceRecharge::builder().balance(10.0))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Status { .. }), "{e:?}");
    assert_eq!(server.requests().len(), 1, "one recharge, not two");
}

/// A documented 400 whose body is announced as 20 MB, of which the server
/// sends 1 MB and then stalls: the client keeps the first `MAX_RAW_BODY`
/// bytes (too long to be the typed body) and returns without waiting for
/// the rest.
#[tokio::test]
async fn a_huge_error_body_is_read_only_up_to_the_cap() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = vec![0u8; 64 * 1024];
        let _ = stream.read(&mut head).await.unwrap();
        let head = "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 20000000\r\n\r\n";
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(b"{\"errors\": [").await.unwrap();
        stream.write_all(&vec![b' '; 1024 * 1024]).await.unwrap();
        // Hold the connection open, sending nothing, until the test ends.
        std::future::pending::<()>().await;
        drop(stream);
    });
    let client = portsip::Client::new(&format!("http://{addr}/api"), TOKEN).unwrap();
    let call = client.get_holiday().id("h1").send();
    let e = tokio::time::timeout(std::time::Duration::from_secs(20), call)
        .await
        .expect("the call returns without reading the whole body")
        .unwrap_err();
    match &e {
        Error::Status {
            status, body, raw, ..
        } => {
            assert_eq!(status.as_u16(), 400);
            assert!(body.is_none(), "{body:?}");
            assert_eq!(raw.len(), client_runtime::MAX_RAW_BODY);
            assert!(raw.starts_with(b"{\"errors\": ["));
        }
        other => panic!("expected a status error, got {other:?}"),
    }
    server.abort();
}
