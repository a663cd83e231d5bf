//! Behaviour on the wire: a redirect to another origin is not followed (the
//! bearer token never reaches it), one within the origin is; and nothing a
//! server echoes back shows the token.

use std::fmt::Write as _;

use portsip::{Error, Redacted, RetryPolicy};
use test_support::redirect::{STATUSES, assert_untouched, cross_origin, same_origin};
use test_support::trace::capture;

use crate::support::{Recorded, Response, TOKEN, TestServer, client};

const CALL_RATES: &str = r#"{"items":[],"count":0}"#;

#[tokio::test]
async fn redirects_stay_within_the_origin() {
    for status in STATUSES {
        let (api, other) = cross_origin(status, Response::json(200, CALL_RATES)).await;
        let e = client(&api).list_call_rates().send().await.unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
        assert!(e.to_string().contains("redirect"), "{e}");
        assert_untouched(&other, &[TOKEN]);

        let api = same_origin(status, Response::json(200, CALL_RATES)).await;
        let rates = client(&api).list_call_rates().send().await.unwrap();
        assert!(rates.items.is_empty());
        let requests = api.requests();
        assert_eq!(requests.len(), 2, "{requests:#?}");
        assert_eq!(requests[1].path(), "/api/call_rates");
        assert_eq!(
            requests[1].header("authorization"),
            Some("Bearer test-token")
        );
        assert_eq!(requests[1].header("referer"), None);
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
async fn nothing_the_server_echoes_shows_the_token() {
    let (log, _guard) = capture();
    let server = TestServer::start(|request: &Recorded| {
        let echoed = serde_json::Value::from(request.echo());
        match request.path() {
            // PortSIP's error list on 4XX.
            "/api/call_rates" => Response::json(
                400,
                serde_json::json!({"errors": [{"code": "bad", "message": echoed, "detail": echoed}]})
                    .to_string(),
            ),
            // A value that does not fit its field (serde_json would quote it).
            "/api/tenant" => Response::json(200, serde_json::json!({"max_extensions": echoed}).to_string()),
            _ => Response::bytes(500, "text/plain", request.echo()),
        }
    })
    .await;
    let client = portsip::Client::builder(&server.url("/api"), TOKEN)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    // The tolerant client keeps the call and reports the field that did
    // not fit, the echoed token scrubbed from the report.
    let tenant = client
        .get_tenant()
        .send()
        .await
        .expect("a misfit degrades its field only");
    assert!(tenant.is_degraded(), "{:?}", tenant.deviations());
    let report: String = tenant
        .deviations()
        .iter()
        .map(|d| format!("{d}\n{d:?}\n"))
        .collect();
    assert!(
        report.contains("max_extensions") && report.contains("Bearer ***"),
        "{report}"
    );
    assert!(!report.contains(TOKEN), "{report}");
    // A strict client fails the call instead.
    let strict = portsip::Client::builder(&server.url("/api"), TOKEN)
        .retry(RetryPolicy::none())
        .strict(true)
        .build()
        .unwrap();
    let errors = [
        client.list_call_rates().send().await.unwrap_err(),
        strict.get_tenant().send().await.unwrap_err(),
        client.get_tenant_status().send().await.unwrap_err(),
    ];
    // PortSIP documents no error schema: the error list is read from the
    // raw body, which was scrubbed before it was kept.
    let listed = portsip::error_body(&errors[0]).expect("PortSIP's error list");
    assert!(
        listed.errors[0].message.contains("Bearer ***"),
        "{listed:?}"
    );
    assert!(
        matches!(&errors[1], Error::Decode { .. }),
        "{:?}",
        errors[1]
    );
    assert!(
        matches!(&errors[2], Error::Status { raw, .. } if raw.starts_with(b"request GET")),
        "{:?}",
        errors[2]
    );
    for e in &errors {
        let text = shown(e);
        assert!(!text.contains(TOKEN), "the token leaked:\n{text}");
        if let Error::Status { raw, .. } | Error::Decode { raw, .. } = e {
            assert!(!String::from_utf8_lossy(raw).contains(TOKEN));
        }
    }
    assert!(server.requests().iter().all(|r| r.echo().contains(TOKEN)));
    assert!(!log.text().contains(TOKEN), "{}", log.text());
}
