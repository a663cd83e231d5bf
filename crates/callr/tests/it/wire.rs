//! Behaviour on the wire: a redirect to another origin is not followed (no
//! `Authorization` of any of the three schemes, no `CALLR-Login-As` reaches
//! it), one within the origin is; and nothing a server echoes back shows a
//! credential, in a JSON-RPC error's message or data, a raw body or
//! serde_json's account of a result that does not decode.

use std::fmt::Write as _;

use callr::{Auth, Client, Error, LoginAs, Redacted, RetryPolicy};
use serde_json::json;
use test_support::redirect::{STATUSES, assert_untouched, cross_origin, same_origin};
use test_support::trace::capture;

use crate::support::{PATH, Recorded, Response, TestServer, base_url, rpc_result};

/// Every credential contains this (a Basic one's base64 form is searched
/// for apart).
const MARK: &str = "SECRET";

fn auths() -> [(&'static str, Auth); 3] {
    [
        ("api-key", Auth::api_key("key-SECRET-1")),
        ("basic", Auth::basic("acme_jeanne", "pw-SECRET-2")),
        ("session", Auth::session("session-SECRET-3")),
    ]
}

/// `base64("acme_jeanne:pw-SECRET-2")`, as `Authorization: Basic` sends it.
fn basic_base64() -> String {
    "YWNtZV9qZWFubmU6cHctU0VDUkVULTI=".into()
}

fn client(server: &TestServer, auth: Auth) -> Client {
    let (name, value) = LoginAs::UserLogin("sub-SECRET-4".into()).header().unwrap();
    Client::builder(auth)
        .base_url(base_url(server))
        .header(name, value)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn redirects_stay_within_the_origin() {
    for status in STATUSES {
        for (kind, auth) in auths() {
            let (api, other) = cross_origin(status, rpc_result(json!(1))).await;
            let e = client(&api, auth.clone())
                .system()
                .get_timestamp()
                .await
                .unwrap_err();
            assert_eq!(
                e.status().map(|s| s.as_u16()),
                Some(status),
                "{kind}: {e:?}"
            );
            assert!(e.to_string().contains("redirect"), "{e}");
            assert_untouched(&other, &[MARK, &basic_base64()]);

            let api = same_origin(status, rpc_result(json!(1_700_000_000))).await;
            let timestamp = client(&api, auth).system().get_timestamp().await.unwrap();
            assert_eq!(timestamp, 1_700_000_000, "{kind}");
            let requests = api.requests();
            assert_eq!(requests.len(), 2, "{kind}: {requests:#?}");
            let followed = &requests[1];
            assert_eq!(followed.path(), format!("{PATH}/"), "{kind}");
            assert!(followed.header("authorization").is_some(), "{kind}");
            assert_eq!(
                followed.header("callr-login-as"),
                Some("user.login sub-SECRET-4")
            );
            assert_eq!(followed.header("referer"), None);
        }
    }
}

/// Every way an error is shown.
fn shown(e: &Error) -> String {
    let mut text = format!("{e}\n{e:?}\n{e:#?}\n{}\n", Redacted(e));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let _ = writeln!(text, "{s}\n{s:?}");
        source = s.source();
    }
    text
}

#[tokio::test]
async fn nothing_the_server_echoes_shows_a_credential() {
    let (log, _guard) = capture();
    for (kind, auth) in auths() {
        let server = TestServer::start(|request: &Recorded| {
            let echoed = request.echo();
            let method = serde_json::from_slice::<serde_json::Value>(&request.body)
                .ok()
                .and_then(|b| b["method"].as_str().map(str::to_owned));
            match method.as_deref() {
                Some("system.get_timestamp") => Response::json(
                    200,
                    json!({"jsonrpc": "2.0", "id": 1, "error": {"code": 1, "message": echoed,
                        "data": {"request": echoed, "seen": [echoed]}}})
                    .to_string(),
                ),
                // A result that does not decode: serde_json quotes it.
                Some("system.get_version") => rpc_result(json!(echoed)),
                _ => Response::bytes(500, "text/plain", echoed),
            }
        })
        .await;
        let client = Client::builder(auth)
            .base_url(base_url(&server))
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let errors = [
            client.system().get_timestamp().await.unwrap_err(),
            client
                .call::<u64>("system.get_version", vec![])
                .await
                .unwrap_err(),
            client
                .call::<u64>("system.other", vec![])
                .await
                .unwrap_err(),
        ];
        match &errors[0] {
            Error::Provider { message, data, .. } => {
                assert!(message.contains("authorization: "), "{kind}: {message}");
                assert!(message.contains("***"), "{kind}: {message}");
                let data = data.as_ref().unwrap().to_string();
                assert!(
                    !data.contains(MARK) && data.contains("***"),
                    "{kind}: {data}"
                );
            }
            other => panic!("{kind}: {other:?}"),
        }
        assert!(
            matches!(&errors[1], Error::Decode { .. }),
            "{kind}: {:?}",
            errors[1]
        );
        assert!(
            matches!(&errors[2], Error::Status { raw, .. } if raw.starts_with(b"request POST")),
            "{kind}: {:?}",
            errors[2]
        );
        for e in &errors {
            let text = shown(e);
            assert!(!text.contains(MARK), "{kind}: a secret leaked:\n{text}");
            assert!(!text.contains(&basic_base64()), "{kind}: leaked:\n{text}");
            if let Error::Status { raw, .. } | Error::Decode { raw, .. } = e {
                let raw = String::from_utf8_lossy(raw);
                assert!(
                    !raw.contains(MARK) && !raw.contains(&basic_base64()),
                    "{raw}"
                );
            }
        }
        let received = server
            .requests()
            .iter()
            .map(Recorded::echo)
            .collect::<Vec<_>>();
        assert!(
            received
                .iter()
                .all(|r| r.contains(MARK) || r.contains(&basic_base64())),
            "{received:?}"
        );
    }
    let logged = log.text();
    assert!(
        !logged.contains(MARK) && !logged.contains(&basic_base64()),
        "{logged}"
    );
}
