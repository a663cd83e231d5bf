//! Error mapping of the JSON-RPC transport, the three `Authorization`
//! schemes and `CALLR-Login-As`, the generic `Client::call`, and that no
//! client, credential or error ever shows a secret.

use callr::{Auth, Client, Error, LoginAs, RetryPolicy};
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::{Value, json};

use crate::support::{
    CONTENT_TYPE, KEY, PATH, Response, TestServer, base_url, body, client, render, rpc_result,
    serve_result,
};

const PASSWORD: &str = "s3cret-pass";
const TOKEN: &str = "S3SS10N-T0K3N";

/// Neither `Debug` (plain and pretty) nor `Display` shows a credential.
fn assert_no_secret(what: &str, texts: &[String]) {
    for text in texts {
        for secret in [KEY, PASSWORD, TOKEN] {
            assert!(!text.contains(secret), "{secret} in {what}: {text}");
        }
    }
}

/// `e`, and everything down its source chain, shows no credential.
fn assert_clean(e: &Error) {
    assert_no_secret(
        "an error",
        &[format!("{e:?}"), format!("{e:#?}"), e.to_string()],
    );
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        assert_no_secret("an error source", &[format!("{s:?}"), s.to_string()]);
        source = s.source();
    }
}

#[tokio::test]
async fn a_json_rpc_error_is_a_provider_error() {
    let server = TestServer::respond(Response::json(
        200,
        r#"{"jsonrpc":"2.0","id":1,"error":{"code":401,"message":"Authentication failed","data":{"x":1}}}"#,
    ))
    .await;
    let e = client(&server)
        .sms()
        .send("SMS", "+33612345678", "Hello, world", None)
        .await
        .unwrap_err();
    assert_clean(&e);
    assert_eq!(
        e.to_string(),
        "the provider reported error 401: Authentication failed"
    );
    assert_eq!(e.provider_codes().collect::<Vec<_>>(), ["401"]);
    assert_eq!(e.status(), None);
    match e {
        Error::Provider {
            code,
            message,
            data: Some(data),
            messages,
            ..
        } => {
            assert_eq!(code, "401");
            assert_eq!(message, "Authentication failed");
            assert_eq!(data, json!({"x": 1}));
            assert_eq!(
                messages,
                [("401".to_string(), "Authentication failed".to_string())]
            );
        }
        other => panic!("expected a provider error with data, got {other:?}"),
    }
    // Sent once: a JSON-RPC error is an answer, not a reason to retry.
    let request = server.single_request();
    assert_eq!(body(&request)["method"], "sms.send");
}

#[tokio::test]
async fn a_json_rpc_error_without_data() {
    let server = TestServer::respond(Response::json(
        200,
        r#"{"jsonrpc":"2.0","id":7,"error":{"code":1000,"message":"SMS routing error","data":null}}"#,
    ))
    .await;
    let e = client(&server)
        .sms()
        .send("SMS", "+999", "Hello", None)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Provider { code, message, data: None, .. }
            if code == "1000" && message == "SMS routing error"),
        "{e:?}"
    );
}

#[tokio::test]
async fn an_http_500_is_a_status_error_and_is_not_retried() {
    let server = TestServer::respond(Response::bytes(
        500,
        "text/html",
        "<html><body>Internal Server Error</body></html>",
    ))
    .await;
    let e = client(&server).system().get_timestamp().await.unwrap_err();
    assert_clean(&e);
    assert_eq!(e.status().map(|s| s.as_u16()), Some(500));
    match &e {
        Error::Status { status, raw, .. } => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(&raw[..], b"<html><body>Internal Server Error</body></html>");
        }
        other => panic!("expected a status error, got {other:?}"),
    }
    assert_eq!(
        e.to_string(),
        "the server answered 500 Internal Server Error"
    );
    // Every JSON-RPC call is a POST, which is not safe to replay after a 5xx.
    server.single_request();
}

#[tokio::test]
async fn a_reply_with_neither_result_nor_error_is_a_decode_error() {
    let reply = r#"{"jsonrpc":"2.0","id":1}"#;
    let server = TestServer::respond(Response::json(200, reply)).await;
    let e = client(&server).system().get_timestamp().await.unwrap_err();
    assert_clean(&e);
    match &e {
        Error::Decode { raw, source, .. } => {
            assert_eq!(&raw[..], reply.as_bytes());
            assert!(
                source.to_string().contains("neither `result` nor `error`"),
                "{source}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// `"result": null` for a method whose result cannot be null says so,
/// rather than claiming the reply has no result.
#[tokio::test]
async fn a_null_result_for_a_non_null_type_says_so() {
    let server = serve_result(serde_json::Value::Null).await;
    let e = client(&server).system().get_timestamp().await.unwrap_err();
    match &e {
        Error::Decode { source, .. } => assert_eq!(
            source.to_string(),
            "the method returned `null`, which is not a valid i64"
        ),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_result_of_the_wrong_type_or_a_body_that_is_not_json_is_a_decode_error() {
    let server = serve_result(json!("not a number")).await;
    let e = client(&server).system().get_timestamp().await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");

    let server = TestServer::respond(Response::bytes(200, "text/plain", "OK")).await;
    let e = client(&server).system().get_timestamp().await.unwrap_err();
    assert!(
        matches!(e, Error::Decode { ref raw, .. } if &raw[..] == b"OK"),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_429_is_a_rate_limit_with_its_retry_after() {
    let server = TestServer::respond(
        Response::json(429, r#"{"error":"slow down"}"#).header("Retry-After", "7"),
    )
    .await;
    let client = Client::builder(Auth::api_key(KEY))
        .base_url(base_url(&server))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let e = client.system().get_timestamp().await.unwrap_err();
    assert_clean(&e);
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
    assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(7)));
    server.single_request();
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_without_secrets() {
    // A port that was free a moment ago and has nothing listening now.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder(Auth::api_key(KEY))
        .base_url(format!("http://127.0.0.1:{port}{PATH}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let e = client.system().get_timestamp().await.unwrap_err();
    assert_clean(&e);
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
}

#[test]
fn clients_and_credentials_never_show_a_secret() {
    let auths = [
        Auth::api_key(KEY),
        Auth::basic("acme_jeanne", PASSWORD),
        Auth::session(TOKEN),
    ];
    for auth in auths {
        assert_no_secret("an Auth", &[format!("{auth:?}"), format!("{auth:#?}")]);
        let client = Client::builder(auth.clone())
            .base_url("http://127.0.0.1:9/json-rpc/v1.1")
            .build()
            .unwrap();
        assert_no_secret("a client", &[format!("{client:?}"), format!("{client:#?}")]);
        let acting = Client::login_as(auth, LoginAs::UserLogin("sub_user".into())).unwrap();
        assert_no_secret("a login-as client", &[format!("{acting:?}")]);
    }
    // Nor does a builder.
    let builder = Client::builder(Auth::api_key(KEY));
    assert_no_secret("a builder", &[format!("{builder:?}")]);
}

/// The request the only call to `server` sent, with its `Authorization`.
async fn authorization_sent(auth: Auth) -> (String, String) {
    let server = serve_result(json!(1_713_919_362)).await;
    let client = Client::builder(auth)
        .base_url(base_url(&server))
        .build()
        .unwrap();
    assert_eq!(
        client.system().get_timestamp().await.unwrap(),
        1_713_919_362
    );
    let request = server.single_request();
    let header = request
        .header("authorization")
        .expect("an Authorization header")
        .to_string();
    (header, render(&request))
}

#[tokio::test]
async fn basic_auth_sends_login_and_password() {
    let (header, rendered) = authorization_sent(Auth::basic("acme_jeanne", PASSWORD)).await;
    // base64("acme_jeanne:s3cret-pass")
    assert_eq!(header, "Basic YWNtZV9qZWFubmU6czNjcmV0LXBhc3M=");
    assert!(
        !rendered.contains("YWNtZV9qZWFubmU6czNjcmV0LXBhc3M="),
        "{rendered}"
    );
    insta::assert_snapshot!("basic_auth", rendered);
}

#[tokio::test]
async fn session_auth_sends_the_token() {
    let (header, rendered) = authorization_sent(Auth::session(TOKEN)).await;
    assert_eq!(header, format!("Session {TOKEN}"));
    assert!(!rendered.contains(TOKEN), "{rendered}");
    insta::assert_snapshot!("session_auth", rendered);
}

#[tokio::test]
async fn api_key_auth_sends_the_key() {
    let (header, rendered) = authorization_sent(Auth::api_key(KEY)).await;
    assert_eq!(header, format!("Api-Key {KEY}"));
    assert!(!rendered.contains(KEY), "{rendered}");
}

#[test]
fn unusable_credentials_are_refused_when_building() {
    for auth in [
        Auth::api_key("line\nbreak"),
        Auth::session("tab\u{7f}"),
        Auth::basic("a:b", PASSWORD),
        Auth::basic("acme_jeanne", ""),
    ] {
        let e = Client::builder(auth.clone())
            .base_url("http://127.0.0.1:9")
            .build()
            .expect_err(&format!("{auth:?} should be refused"));
        assert!(matches!(e, callr::BuildError::Credentials(_)), "{e:?}");
    }
}

/// An empty API key or session token is refused when building, like an
/// empty Basic password, rather than sent as a bare `Api-Key` scheme.
#[test]
fn an_empty_api_key_or_token_is_refused() {
    for auth in [Auth::api_key(""), Auth::session("")] {
        let e = Client::builder(auth)
            .base_url("http://127.0.0.1:1/json-rpc/v1.1")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("credential"), "{e}");
    }
}

/// `Client::login_as` builds a client for CALLR's endpoint only, so its
/// header is checked on the client itself (its `Debug` lists the extra
/// headers it sends); the same header on the wire is checked below.
#[test]
fn login_as_adds_the_callr_login_as_header() {
    let cases = [
        (LoginAs::AccountHash("abc".into()), "account.hash abc"),
        (LoginAs::UserLogin("sub_user".into()), "user.login sub_user"),
        (LoginAs::AccountId("1234".into()), "account.id 1234"),
        (LoginAs::UserId("99".into()), "user.id 99"),
    ];
    for (target, value) in cases {
        let client = Client::login_as(Auth::api_key(KEY), target).unwrap();
        assert_eq!(client.base_url(), callr::BASE_URL);
        let debug = format!("{client:?}");
        assert!(
            debug.contains(&format!("(\"callr-login-as\", \"{value}\")")),
            "{value} not in {debug}"
        );
    }
    // A target a header cannot carry is refused when building.
    let e = Client::login_as(Auth::api_key(KEY), LoginAs::UserLogin("a\nb".into())).unwrap_err();
    assert!(
        matches!(&e, callr::BuildError::Header { name, .. } if name == "CALLR-Login-As"),
        "{e:?}"
    );
}

#[tokio::test]
async fn the_login_as_header_goes_with_every_call() {
    let server = serve_result(json!("1523.42")).await;
    // What `Client::login_as(auth, LoginAs::AccountHash("abc"))` adds, on a
    // client pointed at the test server.
    let client = Client::builder(Auth::api_key(KEY))
        .base_url(base_url(&server))
        .header(
            HeaderName::from_static("callr-login-as"),
            HeaderValue::from_static("account.hash abc"),
        )
        .build()
        .unwrap();
    assert_eq!(
        client.billing().get_prepaid_credit().await.unwrap(),
        "1523.42"
    );
    let request = server.single_request();
    assert_eq!(request.header("CALLR-Login-As"), Some("account.hash abc"));
    assert_eq!(request.header("authorization"), Some("Api-Key test-key"));
    insta::assert_snapshot!("login_as", render(&request));
}

#[tokio::test]
async fn login_as_can_change_per_request_on_one_client() {
    let server = serve_result(json!("1523.42")).await;
    // One request per hour: the handles draw from the client's own limiter.
    let client = Client::builder(Auth::api_key(KEY))
        .base_url(base_url(&server))
        .rate_limits(callr::RateLimits::single(callr::RateLimit::per_hour(2)))
        .build()
        .unwrap();
    let sub = client
        .with_login_as(&LoginAs::UserLogin("sub_user".into()))
        .unwrap();
    let other = sub
        .with_login_as(&LoginAs::AccountHash("abc".into()))
        .unwrap();
    sub.billing().get_prepaid_credit().await.unwrap();
    other.billing().get_prepaid_credit().await.unwrap();
    let e = other
        .without_login_as()
        .billing()
        .get_prepaid_credit()
        .await;
    assert!(
        matches!(e, Err(Error::RateLimited { local: Some(_), .. })),
        "the handles share the limiter: {e:?}"
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("CALLR-Login-As"),
        Some("user.login sub_user")
    );
    // A handle of a handle replaces the login-as, it does not add one.
    let values: Vec<_> = requests[1]
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("callr-login-as"))
        .map(|(_, value)| value.as_str())
        .collect();
    assert_eq!(values, ["account.hash abc"]);
    for request in &requests {
        assert_eq!(request.header("authorization"), Some("Api-Key test-key"));
    }

    // Without login-as, and the client itself, send none.
    let server = serve_result(json!("1523.42")).await;
    let client = crate::support::client(&server);
    let sub = client
        .with_login_as(&LoginAs::AccountId("1234".into()))
        .unwrap();
    sub.without_login_as()
        .billing()
        .get_prepaid_credit()
        .await
        .unwrap();
    client.billing().get_prepaid_credit().await.unwrap();
    for request in server.requests() {
        assert_eq!(request.header("CALLR-Login-As"), None);
    }
    // A target a header cannot carry is refused.
    let e = client
        .with_login_as(&LoginAs::UserLogin("a\nb".into()))
        .unwrap_err();
    assert!(
        matches!(&e, callr::BuildError::Header { name, .. } if name == "CALLR-Login-As"),
        "{e:?}"
    );
}

#[tokio::test]
async fn the_generic_call_sends_any_method() {
    let server = TestServer::respond(rpc_result(json!(1_713_919_362))).await;
    let client = client(&server);
    let timestamp: Value = client
        .call::<Value>("system.get_timestamp", vec![])
        .await
        .unwrap();
    assert_eq!(timestamp, 1_713_919_362);
    // With parameters, and a typed result.
    let as_number: u64 = client
        .call(
            "hlr.lookup",
            vec![json!("+33612345678"), Value::Null, json!({"async": false})],
        )
        .await
        .unwrap();
    assert_eq!(as_number, 1_713_919_362);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, format!("{PATH}/"));
        assert_eq!(request.header("content-type"), Some(CONTENT_TYPE));
        assert!(body(request)["id"].is_u64());
        assert_eq!(body(request)["jsonrpc"], "2.0");
    }
    assert_eq!(body(&requests[0])["method"], "system.get_timestamp");
    assert_eq!(body(&requests[0])["params"], json!([]));
    assert_eq!(body(&requests[1])["method"], "hlr.lookup");
    assert_eq!(
        body(&requests[1])["params"],
        json!(["+33612345678", null, {"async": false}])
    );
    insta::assert_snapshot!("generic_call", render(&requests[1]));
}

/// A 500 whose body is announced as 20 MB, of which the server sends 1 MB
/// and then nothing more while keeping the connection open: the client
/// keeps the first `MAX_RAW_BODY` bytes and returns without waiting for the
/// rest, which a client reading the whole body would wait for until its
/// request timeout.
#[tokio::test]
async fn a_huge_error_body_is_read_only_up_to_the_cap() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = vec![0u8; 64 * 1024];
        let _ = stream.read(&mut head).await.unwrap();
        let announced = 20 * 1000 * 1000;
        let response = format!(
            "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ncontent-length: {announced}\r\n\r\n"
        );
        stream.write_all(response.as_bytes()).await.unwrap();
        stream.write_all(&vec![b'x'; 1024 * 1024]).await.unwrap();
        // Hold the connection open, sending nothing, until the test ends.
        std::future::pending::<()>().await;
        drop(stream);
    });
    let client = Client::builder(Auth::api_key(KEY))
        .base_url(format!("http://{addr}{PATH}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let system = client.system();
    let e = tokio::time::timeout(std::time::Duration::from_secs(20), system.get_timestamp())
        .await
        .expect("the call returns without reading the whole body")
        .unwrap_err();
    match &e {
        Error::Status { status, raw, .. } => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(raw.len(), client_runtime::MAX_RAW_BODY);
            assert!(raw.iter().all(|b| *b == b'x'));
        }
        other => panic!("expected a status error, got {other:?}"),
    }
    server.abort();
}
