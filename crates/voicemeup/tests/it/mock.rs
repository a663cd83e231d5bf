//! The typed httpmock helpers of the `mock` feature match what the client
//! sends: a multi-value enum as one comma list, booleans as `1`/`0`.

use httpmock::MockServer;
use voicemeup::mock::MockServerExt as _;
use voicemeup::types;

use crate::support::credentials;

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
    // The generated mocks match paths at the root of the server, so the
    // client's base URL is the mock server's, without `/api/v1.1/json`.
    let client = voicemeup::Client::builder(credentials())
        .base_url(server.base_url())
        .build()
        .unwrap();
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
    mock.assert_async().await;

    // Another boolean value does not match: httpmock answers 404.
    let e = request()
        .sms_support(false)
        .t38_support(false)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(404), "{e:?}");
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
    assert_eq!(e.status().map(|s| s.as_u16()), Some(404), "{e:?}");
    let e = request().sms_support(true).send().await.unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(404), "{e:?}");
    mock.assert_calls_async(1).await;
}
