//! Behaviour on the wire: a redirect to another origin is not followed (the
//! query credentials never reach it, in the URL or a `Referer`), one within
//! the origin is; and nothing a server echoes back shows the token, in an
//! envelope message (relative URLs included), a raw body or serde_json's
//! account of a body that does not decode.

use std::fmt::Write as _;

use test_support::redirect::{STATUSES, assert_untouched, cross_origin, same_origin};
use test_support::trace::capture;
use voicemeup::{Error, Redacted, RetryPolicy};

use crate::support::{
    PREFIX, Recorded, Response, SUCCESS, TOKEN, TestServer, USER, builder, client, error_envelope,
};

#[tokio::test]
async fn redirects_stay_within_the_origin() {
    for status in STATUSES {
        let (api, other) = cross_origin(status, Response::json(200, SUCCESS)).await;
        let e = client(&api).get_account_details().send().await.unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
        assert!(e.to_string().contains("redirect"), "{e}");
        assert_untouched(&other, &[TOKEN]);

        let api = same_origin(status, Response::json(200, SUCCESS)).await;
        client(&api).get_account_details().send().await.unwrap();
        let requests = api.requests();
        assert_eq!(requests.len(), 2, "{requests:#?}");
        let followed = &requests[1];
        assert_eq!(followed.path(), format!("{PREFIX}/get_account_details"));
        assert_eq!(followed.query("auth_token").as_deref(), Some(TOKEN));
        assert_eq!(followed.header("referer"), None);
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
        let echoed = request.echo();
        match request.path().trim_start_matches(PREFIX) {
            // The request's relative URL, token and all, in the messages.
            "/get_account_details" => Response::json(
                200,
                error_envelope(&[("authentication_failed", &echoed), (&echoed, "again")]),
            ),
            // A value that does not fit its field (serde_json would quote it).
            "/get_countries" => Response::json(
                200,
                serde_json::json!({"response_details": echoed}).to_string(),
            ),
            _ => Response::bytes(502, "text/plain", echoed),
        }
    })
    .await;
    let client = builder(&server).retry(RetryPolicy::none()).build().unwrap();
    // The tolerant client keeps the call and reports the field that did
    // not fit, the echoed token scrubbed from the report.
    let countries = client
        .get_countries()
        .send()
        .await
        .expect("a misfit degrades its field only");
    assert!(countries.is_degraded(), "{:?}", countries.deviations());
    let report: String = countries
        .deviations()
        .iter()
        .map(|d| format!("{d}\n{d:?}\n"))
        .collect();
    assert!(
        report.contains("response_details") && report.contains("auth_token=***"),
        "{report}"
    );
    assert!(
        !report.contains(TOKEN) && !report.contains(USER),
        "{report}"
    );
    // A strict client fails the call instead.
    let strict = builder(&server)
        .retry(RetryPolicy::none())
        .strict(true)
        .build()
        .unwrap();
    let errors = [
        client.get_account_details().send().await.unwrap_err(),
        strict.get_countries().send().await.unwrap_err(),
        client.get_plans().send().await.unwrap_err(),
    ];
    match &errors[0] {
        Error::Provider {
            message, messages, ..
        } => {
            assert!(message.contains("auth_token=***"), "{message}");
            assert!(message.contains("username=***"), "{message}");
            assert!(messages[1].0.contains("auth_token=***"), "{messages:?}");
        }
        other => panic!("{other:?}"),
    }
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
    // The user name is a query credential too.
    assert!(!shown(&errors[0]).contains(USER), "{}", shown(&errors[0]));
    assert!(server.requests().iter().all(|r| r.echo().contains(TOKEN)));
    assert!(!log.text().contains(TOKEN), "{}", log.text());
}
