//! A server that echoes the credentials it received: in an error body, a
//! typed error body, a body that does not decode (which serde_json quotes),
//! an envelope message, a JSON-RPC error's message and data, as relative
//! URLs and raw header values. For every kind of credential, nothing the
//! client shows (`Display`, `Debug`, the `source()` chain, `Redacted`, the
//! log) holds any of them.

use std::fmt::Write as _;
use std::time::Duration;

use base64::Engine as _;
use client_runtime::envelope::Envelope;
use client_runtime::support::{self, ResponseValue};
use client_runtime::{Auth, Error, OperationInfo, Redacted, RetryPolicy, Runtime, Secret};
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderName};
use serde_json::{Value, json};
use test_support::trace::capture;
use test_support::{Recorded, Response, TestServer};

/// Every secret below contains this; a Basic credential's base64 form is
/// searched for apart.
const MARK: &str = "SECRET";

/// The credentials the provider crates use, with characters that encode
/// differently in a query, a header and JSON (space and `/`).
fn kinds() -> Vec<(&'static str, Auth)> {
    let header = |value: &str| Auth::Headers(vec![(AUTHORIZATION, Secret::new(value))]);
    vec![
        ("bearer", Auth::bearer("bearer/SECRET-1")),
        (
            "x-auth headers",
            Auth::Headers(vec![
                (
                    HeaderName::from_static("x-auth-sid"),
                    Secret::new("sid-SECRET-2"),
                ),
                (
                    HeaderName::from_static("x-auth-secret"),
                    Secret::new("secret/SECRET 2"),
                ),
            ]),
        ),
        (
            "query",
            Auth::Query(vec![
                ("username".into(), Secret::new("user-SECRET-3")),
                ("auth_token".into(), Secret::new("token/SECRET 3")),
            ]),
        ),
        ("basic", Auth::basic("login-1", "pw/SECRET 4")),
        ("api-key", header("Api-Key key/SECRET-5")),
        ("session", header("Session session-SECRET-6")),
    ]
}

fn basic_base64() -> String {
    base64::engine::general_purpose::STANDARD.encode("login-1:pw/SECRET 4")
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(MARK), "a secret leaked in {what}:\n{text}");
    assert!(
        !text.contains(&basic_base64()),
        "a Basic credential leaked in {what}:\n{text}"
    );
}

/// Every way an error is shown.
fn shown<E: std::fmt::Debug>(e: &Error<E>) -> String {
    let mut text = format!("{e}\n{e:?}\n{e:#?}\n{}\n", Redacted(e));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let _ = writeln!(text, "{s}\n{s:?}\n{s:#?}");
        source = s.source();
    }
    text
}

/// What the echoing server answers, chosen by the request's path.
fn answer(request: &Recorded) -> Response {
    let echoed = request.echo();
    match request.path() {
        "/raw" => Response::bytes(500, "text/plain", echoed),
        "/typed" => Response::json(400, json!({"errors": [{"message": echoed}]}).to_string()),
        "/undecodable" => Response::json(200, json!({"count": echoed}).to_string()),
        "/envelope" => Response::json(
            200,
            json!({"response_details": {"response_status": "error",
                "response_messages": {"message": {"code": echoed, "_content": echoed}}}})
            .to_string(),
        ),
        "/rpc-error" => Response::json(
            200,
            json!({"jsonrpc": "2.0", "id": 1, "error": {"code": 22, "message": echoed,
                "data": {"echo": echoed, "list": [echoed], echoed.clone(): 1}}})
            .to_string(),
        ),
        "/rpc-undecodable" => Response::json(
            200,
            json!({"jsonrpc": "2.0", "id": 1, "result": echoed}).to_string(),
        ),
        _ => Response::bytes(502, "text/html", format!("<p>{echoed}</p>")),
    }
}

const ENVELOPE: Envelope = Envelope {
    status: "/response_details/response_status",
    error: "error",
    messages: "/response_details/response_messages/message",
    code: "code",
    text: "_content",
    rate_limited: &[],
    retry_after: None,
};

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code, reason = "only its decoding and Debug matter")]
struct Counted {
    count: u64,
}

/// Decoded whole by its derived `Deserialize`, so a body that does not fit
/// fails the decode (as a generated union of shapes does).
impl client_runtime::tolerant::Tolerant for Counted {
    const EXPECTED: &'static str = "a count";
    fn decode<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<client_runtime::tolerant::Got<Self>, D::Error> {
        client_runtime::tolerant::decode_whole(d)
    }
    fn fallback() -> Option<Self> {
        None
    }
}

async fn send(rt: &Runtime, http: &reqwest::Client, url: String) -> client_runtime::Response {
    let mut request = reqwest::Request::new(Method::GET, url.parse().unwrap());
    let info = OperationInfo {
        operation_id: "echo",
    };
    rt.pre(&mut request, &info);
    rt.exec(http, request, &info).await.unwrap()
}

/// One error of each place a server's text can reach, built the way the
/// generated code builds them.
async fn every_echo(rt: &Runtime, server: &TestServer) -> Vec<Error<Value>> {
    let http = client_runtime::http_client_builder()
        .unwrap()
        .no_proxy()
        .build()
        .unwrap();
    let redactor = rt.redactor();
    let mut errors = Vec::new();

    // An undocumented status: the raw body is kept.
    let response = send(rt, &http, server.url("/raw")).await;
    let e = Error::from_progenitor(support::Error::<Value>::UnexpectedResponse(response)).await;
    errors.push(e.redacted(redactor));

    // A documented error status: the typed body (and its Debug).
    let response = send(rt, &http, server.url("/typed")).await;
    let e = client_runtime::error_response::<Value>(response, redactor).await;
    let e = Error::from_progenitor(e).await.redacted(redactor);
    assert!(matches!(e, Error::Status { body: Some(_), .. }), "{e:?}");
    errors.push(e);

    // A success whose body does not decode: serde_json quotes the string.
    let response = send(rt, &http, server.url("/undecodable")).await;
    let e = ResponseValue::<Counted>::from_response::<Value>(response)
        .await
        .unwrap_err();
    let e: Error<Value> = Error::from_progenitor(e).await.redacted(redactor);
    match &e {
        Error::Decode { source, .. } => {
            assert!(
                source.to_string().contains("at the top of the body"),
                "{source}"
            )
        }
        other => panic!("{other:?}"),
    }
    errors.push(e);

    // An error inside a successful response.
    let response = send(rt, &http, server.url("/envelope")).await;
    let body: Value = response.into_inner().json().await.unwrap();
    errors.push(
        ENVELOPE
            .check::<_, Value>(&body)
            .map_err(|e| e.redacted(redactor))
            .unwrap_err(),
    );

    // JSON-RPC: an error with message and data, a result that does not
    // decode, and an error status.
    for path in ["/rpc-error", "/rpc-undecodable", "/rpc-status"] {
        let e = client_runtime::jsonrpc::call::<u64, Value>(
            &http,
            rt,
            &server.url(path),
            "system.echo",
            "system.echo",
            vec![json!("x")],
        )
        .await
        .unwrap_err();
        errors.push(e);
    }
    errors
}

fn kind<E>(e: &Error<E>) -> &'static str {
    match e {
        Error::Status { .. } => "Status",
        Error::Decode { .. } => "Decode",
        Error::Provider { .. } => "Provider",
        _ => "other",
    }
}

#[tokio::test]
async fn nothing_a_server_echoes_shows_a_credential() {
    let (log, _guard) = capture();
    let server = TestServer::start(answer).await;
    for (name, auth) in kinds() {
        let rt = Runtime::new(auth)
            .with_retry(RetryPolicy::none())
            .with_request_timeout(Duration::from_secs(10));
        let errors = every_echo(&rt, &server).await;
        let kinds: Vec<&str> = errors.iter().map(kind).collect();
        assert_eq!(
            kinds,
            [
                "Status", "Status", "Decode", "Provider", "Provider", "Decode", "Status"
            ],
            "{name}"
        );
        let mut raws = 0;
        for e in &errors {
            let text = shown(e);
            assert_clean(&format!("{name}: {}", kind(e)), &text);
            // The echo is kept, with the secrets masked.
            if let Error::Status { raw, .. } | Error::Decode { raw, .. } = e
                && !raw.is_empty()
            {
                raws += 1;
                let raw = String::from_utf8_lossy(raw);
                assert_clean(&format!("{name}: raw body"), &raw);
                assert!(raw.contains("request ") && raw.contains("***"), "{raw}");
            }
        }
        // The errors of undocumented statuses and undecodable bodies keep
        // their raw body.
        assert_eq!(raws, 4, "{name}");
        // Typed bodies are clean in their fields too.
        let Error::Status {
            body: Some(body), ..
        } = &errors[1]
        else {
            panic!("{:?}", errors[1]);
        };
        assert_clean(&format!("{name}: typed body"), &body.to_string());
        // JSON-RPC data, keys included.
        let Error::Provider {
            data: Some(data), ..
        } = &errors[4]
        else {
            panic!("{:?}", errors[4]);
        };
        assert_clean(&format!("{name}: rpc data"), &data.to_string());
        assert!(data["list"][0].as_str().unwrap().contains("***"), "{data}");
    }
    // The server did receive every credential.
    let received: Vec<String> = server.requests().iter().map(Recorded::echo).collect();
    assert!(
        received
            .iter()
            .all(|r| r.contains(MARK) || r.contains(&basic_base64()))
    );
    assert_clean("the log", &log.text());
}
