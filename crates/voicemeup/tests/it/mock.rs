//! The typed httpmock helpers of the `mock` feature match what the client
//! sends: a multi-value enum as one comma list, booleans as `1`/`0`, under
//! the server root or under `/api/v1.1/json`; a request no mock matches
//! gets an answer that says so.

use voicemeup::httpmock::MockServer;
use voicemeup::mock::{MockServerExt as _, NO_MOCK_MATCHED, no_mock_matched};
use voicemeup::types;

use crate::support::{TOKEN, credentials};

fn client_for(base: &str) -> voicemeup::Client {
    voicemeup::Client::builder(credentials())
        .base_url(base)
        .build()
        .unwrap()
}

fn success() -> types::Envelope {
    serde_json::from_value(serde_json::json!({
        "response_details": {
            "response_status": "success",
            "response_messages": {"message": {"code": "ok", "_content": "done"}}
        }
    }))
    .unwrap()
}

#[tokio::test]
async fn typed_mock_matches_the_comma_list_and_booleans_of_get_new_dids() {
    let server = MockServer::start_async().await;
    let patterns = vec![
        types::GetNewDidsIncludedPatterns::RareNumber,
        types::GetNewDidsIncludedPatterns::PatternDoubleDigits,
    ];
    let details = types::ResponseDetails::builder()
        .response_status(types::ResponseStatus::Success)
        .response_messages(
            types::ResponseMessages::try_from(
                types::ResponseMessages::builder()
                    .message(serde_json::json!({"code": "ok", "_content": "3 DIDs"})),
            )
            .unwrap(),
        );
    let answer = types::Envelope::try_from(
        types::Envelope::builder()
            .response_details(types::ResponseDetails::try_from(details).unwrap())
            .extra(serde_json::Map::new()),
    )
    .unwrap();
    let mock = server.get_new_dids(|when, then| {
        when.included_patterns(&patterns)
            .sms_support(true)
            .t38_support(false)
            .type_(&types::GetNewDidsType::Local)
            .npa("514");
        then.ok(&answer);
    });
    // The mocks match under the server root and under `/api/v1.1/json`, as
    // in production.
    let root = client_for(&server.base_url());
    let got = root
        .get_new_dids()
        .type_(types::GetNewDidsType::Local)
        .npa("514")
        .included_patterns(patterns.clone())
        .sms_support(true)
        .t38_support(false)
        .send()
        .await
        .unwrap();
    assert_eq!(got.into_inner(), answer);
    let client = client_for(&server.url("/api/v1.1/json"));
    let request = || {
        client
            .get_new_dids()
            .type_(types::GetNewDidsType::Local)
            .npa("514")
            .included_patterns(patterns.clone())
    };
    let got = request()
        .sms_support(true)
        .t38_support(false)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.into_inner(), answer);
    mock.assert_calls_async(2).await;

    // Another boolean value does not match: the fallback answers.
    let e = request()
        .sms_support(false)
        .t38_support(false)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        e.status().map(|s| s.as_u16()),
        Some(NO_MOCK_MATCHED),
        "{e:?}"
    );
    assert!(no_mock_matched(&e).is_some(), "{e:?}");
    // Neither does the list in another order, nor a missing boolean.
    let e = client
        .get_new_dids()
        .type_(types::GetNewDidsType::Local)
        .npa("514")
        .included_patterns(vec![
            types::GetNewDidsIncludedPatterns::PatternDoubleDigits,
            types::GetNewDidsIncludedPatterns::RareNumber,
        ])
        .sms_support(true)
        .t38_support(false)
        .send()
        .await
        .unwrap_err();
    assert!(no_mock_matched(&e).is_some(), "{e:?}");
    let e = request().sms_support(true).send().await.unwrap_err();
    assert!(no_mock_matched(&e).is_some(), "{e:?}");
    mock.assert_calls_async(2).await;
}

/// The base path holds `.`, a regex metacharacter: it matches only itself.
#[tokio::test]
async fn the_base_path_matches_literally() {
    let server = MockServer::start_async().await;
    let mock = server.get_account_details(|_, then| {
        then.ok(&success());
    });
    client_for(&server.url("/api/v1.1/json"))
        .get_account_details()
        .send()
        .await
        .unwrap();
    for base in ["/api/v1x1/json", "/api/v1.1/jsonx", "/xapi/v1.1/json"] {
        let e = client_for(&server.url(base))
            .get_account_details()
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            no_mock_matched(&e),
            Some(
                format!("no mock matched GET {base}/get_account_details (query parameters: username, auth_token)")
                    .as_str()
            ),
            "{e:?}"
        );
    }
    mock.assert_calls_async(1).await;
}

/// The answer to an unmatched request cannot pass for VoiceMeUp's: it is
/// not HTTP 200 with an envelope, and it names the request without the
/// credential values of its query string.
#[tokio::test]
async fn an_unmatched_request_is_answered_so_that_the_error_says_so() {
    let server = MockServer::start_async().await;
    let mock = server.get_account_details(|_, then| {
        then.ok(&success());
    });
    let e = client_for(&server.url("/api/v1.1/json"))
        .get_countries()
        .send()
        .await
        .unwrap_err();
    match &e {
        voicemeup::Error::Status { status, raw, .. } => {
            assert_eq!(status.as_u16(), NO_MOCK_MATCHED);
            let text = std::str::from_utf8(raw).unwrap();
            assert_eq!(
                text,
                "no mock matched GET /api/v1.1/json/get_countries (query parameters: username, auth_token)"
            );
            assert!(!text.contains(TOKEN), "{text}");
        }
        other => panic!("expected the fallback's answer, got {other:?}"),
    }
    mock.assert_calls_async(0).await;
}
