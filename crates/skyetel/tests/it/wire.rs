//! Behaviour on the wire: a redirect to another origin is not followed (the
//! `X-AUTH-SID`/`X-AUTH-SECRET` pair never reaches it), one within the
//! origin is; and nothing a server echoes back shows either value.

use std::fmt::Write as _;

use skyetel::{Error, Redacted, RetryPolicy};
use test_support::redirect::{STATUSES, assert_untouched, cross_origin, same_origin};
use test_support::trace::capture;

use crate::support::{Recorded, Response, SECRET, SID, TestServer, base_url, client};

#[tokio::test]
async fn redirects_stay_within_the_origin() {
    for status in STATUSES {
        let (api, other) = cross_origin(status, Response::json(200, "[]")).await;
        let e = client(&api).list_endpoints().send().await.unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
        assert!(e.to_string().contains("redirect"), "{e}");
        assert_untouched(&other, &[SID, SECRET]);

        let api = same_origin(status, Response::json(200, "[]")).await;
        let endpoints = client(&api).list_endpoints().send().await.unwrap();
        assert!(endpoints.is_empty());
        let requests = api.requests();
        assert_eq!(requests.len(), 2, "{requests:#?}");
        assert_eq!(requests[1].path(), "/v1/endpoints");
        assert_eq!(requests[1].header("x-auth-sid"), Some(SID));
        assert_eq!(requests[1].header("x-auth-secret"), Some(SECRET));
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
async fn nothing_the_server_echoes_shows_the_credentials() {
    let (log, _guard) = capture();
    let server = TestServer::start(|request: &Recorded| {
        let echoed = serde_json::Value::from(request.echo());
        match request.path() {
            // Skyetel's typed error body on 4XX.
            "/v1/endpoints" => {
                Response::json(400, serde_json::json!({"ERROR": echoed}).to_string())
            }
            // A value that does not fit its field (serde_json would quote it).
            "/v1/tenants/1/features" => {
                Response::json(200, serde_json::json!({"cnam_enabled": echoed}).to_string())
            }
            _ => Response::bytes(500, "text/plain", request.echo()),
        }
    })
    .await;
    let client = skyetel::Client::builder(SID, SECRET)
        .base_url(base_url(&server))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    // The tolerant client keeps the call and reports the field that did
    // not fit, the echoed credentials scrubbed from the report.
    let features = client
        .get_tenant_features()
        .id(1)
        .send()
        .await
        .expect("a misfit degrades its field only");
    assert!(features.is_degraded(), "{:?}", features.deviations());
    let report: String = features
        .deviations()
        .iter()
        .map(|d| format!("{d}\n{d:?}\n"))
        .collect();
    assert!(
        report.contains("cnam_enabled") && report.contains("x-auth-secret: ***"),
        "{report}"
    );
    for secret in [SID, SECRET] {
        assert!(!report.contains(secret), "{secret} leaked:\n{report}");
    }
    // A strict client fails the call instead.
    let strict = skyetel::Client::builder(SID, SECRET)
        .base_url(base_url(&server))
        .retry(RetryPolicy::none())
        .strict(true)
        .build()
        .unwrap();
    let errors = [
        client.list_endpoints().send().await.unwrap_err(),
        strict.get_tenant_features().id(1).send().await.unwrap_err(),
        client.list_tenants().send().await.unwrap_err(),
    ];
    assert!(
        matches!(&errors[0], Error::Status { body: Some(b), .. }
            if b.error.as_deref().is_some_and(|m| m.contains("x-auth-secret: ***"))),
        "{:?}",
        errors[0]
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
        for secret in [SID, SECRET] {
            assert!(!text.contains(secret), "{secret} leaked:\n{text}");
        }
        if let Error::Status { raw, .. } | Error::Decode { raw, .. } = e {
            let raw = String::from_utf8_lossy(raw);
            assert!(!raw.contains(SID) && !raw.contains(SECRET), "{raw}");
        }
    }
    assert!(server.requests().iter().all(|r| r.echo().contains(SECRET)));
    let logged = log.text();
    assert!(
        !logged.contains(SID) && !logged.contains(SECRET),
        "{logged}"
    );
}
