//! The typed httpmock helpers of the `mock` feature match what the client
//! sends: a `sort` list as one comma-separated value, a `filter` map as
//! `filter[<field>]` keys.

use std::collections::BTreeMap;

use httpmock::MockServer;
use skyetel::mock::MockServerExt as _;
use skyetel::types;

use crate::support::{SECRET, SID};

#[tokio::test]
async fn typed_mock_matches_sort_and_filter_of_list_phonenumbers() {
    let server = MockServer::start_async().await;
    let sort = vec!["number".to_string(), "-id".to_string()];
    let mut filter = BTreeMap::new();
    filter.insert("number".to_string(), "1509".to_string());
    filter.insert("note".to_string(), "A&B c".to_string());
    let number = types::PhoneNumber {
        id: Some(42),
        number: Some("15098675309".into()),
        tn_format: Some(types::TnFormat::TenDigits),
        tier_enabled: Some(types::TierEnabled::HighCost),
        ..Default::default()
    };
    let mock = server.list_phonenumbers(|when, then| {
        when.sort(&sort).filter(&filter).filter_query("509");
        then.ok(&vec![number.clone()]);
    });
    // The generated mocks match paths without the `/v1` prefix.
    let client = skyetel::Client::builder(SID, SECRET)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let got = client
        .list_phonenumbers()
        .sort(sort.clone())
        .filter(filter.clone())
        .filter_query("509")
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.into_inner(), vec![number]);
    mock.assert_async().await;

    // Another sort order does not match: httpmock answers 404 with a body
    // that is not Skyetel's error shape.
    let e = client
        .list_phonenumbers()
        .sort(vec!["-id".to_string(), "number".to_string()])
        .filter(filter.clone())
        .filter_query("509")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(404), "{e:?}");
    // Neither does a missing filter field.
    let mut fewer = filter.clone();
    fewer.remove("note");
    let e = client
        .list_phonenumbers()
        .sort(sort.clone())
        .filter(fewer)
        .filter_query("509")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(404), "{e:?}");
    mock.assert_calls_async(1).await;
}
