//! The typed httpmock helpers of the `mock` feature match what the client
//! sends: a `sort` list as one comma-separated value, a `filter` map as
//! `filter[<field>]` keys, under the server root or under `/v1`; a request
//! no mock matches gets an answer that says so.

use std::collections::BTreeMap;

use skyetel::httpmock::MockServer;
use skyetel::mock::{MockServerExt as _, NO_MOCK_MATCHED, no_mock_matched};
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
    // The mocks match under the server root and under `/v1`, as in
    // production.
    for base in [server.base_url(), server.url("/v1")] {
        let client = client_for(&base);
        let got = client
            .list_phonenumbers()
            .sort(sort.clone())
            .filter(filter.clone())
            .filter_query("509")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{base}: {e:?}"));
        assert_eq!(got.status(), 200);
        assert_eq!(got.into_inner(), vec![number.clone()]);
    }
    mock.assert_calls_async(2).await;
    let client = client_for(&server.url("/v1"));

    // Another sort order does not match: the fallback answers, naming the
    // request.
    let e = client
        .list_phonenumbers()
        .sort(vec!["-id".to_string(), "number".to_string()])
        .filter(filter.clone())
        .filter_query("509")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        e.status().map(|s| s.as_u16()),
        Some(NO_MOCK_MATCHED),
        "{e:?}"
    );
    assert_eq!(
        no_mock_matched(&e),
        Some(
            "no mock matched GET /v1/phonenumbers (query parameters: filter[note], filter[number], filter[query], sort)"
        ),
        "{e:?}"
    );
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
    assert!(no_mock_matched(&e).is_some(), "{e:?}");
    mock.assert_calls_async(2).await;
}

fn client_for(base: &str) -> skyetel::Client {
    skyetel::Client::builder(SID, SECRET)
        .base_url(base)
        .retry(skyetel::RetryPolicy::none())
        .build()
        .unwrap()
}

fn address() -> types::E911Address {
    types::E911Address {
        address1: Some("1 Main St".into()),
        caller_name: Some("Front desk".into()),
        ..Default::default()
    }
}

/// Skyetel's path parameters are integers, which hold no regex
/// metacharacters; the pattern is anchored, so a prefix or an extension of
/// the ID does not match.
#[tokio::test]
async fn a_path_parameter_matches_exactly() {
    let server = MockServer::start_async().await;
    let address = address();
    let mock = server.get_phonenumber_e911_address(|when, then| {
        when.id(42);
        then.ok(&address);
    });
    let client = client_for(&server.url("/v1"));
    let got = client
        .get_phonenumber_e911_address()
        .id(42)
        .send()
        .await
        .unwrap();
    assert_eq!(got.into_inner(), address);
    for other in [4, 420, 142, -42] {
        let e = client
            .get_phonenumber_e911_address()
            .id(other)
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            no_mock_matched(&e),
            Some(format!("no mock matched GET /v1/phonenumbers/{other}/e911address").as_str()),
            "{e:?}"
        );
    }
    mock.assert_calls_async(1).await;
}

/// The answer to an unmatched request is not Skyetel's 404: no typed body,
/// a status Skyetel does not document, and the request in the raw body.
#[tokio::test]
async fn an_unmatched_request_is_not_mistaken_for_a_provider_error() {
    let server = MockServer::start_async().await;
    let mock = server.get_phonenumber_e911_address(|when, then| {
        when.id(42);
        then.ok(&address());
    });
    let e = client_for(&server.base_url())
        .get_phonenumber_e911_address()
        .id(7)
        .send()
        .await
        .unwrap_err();
    match &e {
        skyetel::Error::Status {
            status, body, raw, ..
        } => {
            assert_eq!(status.as_u16(), NO_MOCK_MATCHED);
            assert!(body.is_none(), "{body:?}");
            assert_eq!(&raw[..], b"no mock matched GET /phonenumbers/7/e911address");
        }
        other => panic!("expected the fallback's answer, got {other:?}"),
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn status_range_answers_send_any_status_without_panicking() {
    let server = MockServer::start_async().await;
    let body = types::ErrorBody {
        error: Some("broken".into()),
        extra: Default::default(),
    };
    let client = client_for(&server.url("/v1"));
    for (id, status) in [(1, 422_u16), (2, 500), (3, 503)] {
        let mock = server.get_phonenumber_e911_address(|when, then| {
            when.id(id);
            then.client_error(status, &body);
        });
        let e = client
            .get_phonenumber_e911_address()
            .id(id)
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
        match &e {
            // 4XX is Skyetel's documented error: its typed body.
            skyetel::Error::Status { body: typed, .. } if status < 500 => {
                assert_eq!(typed.as_ref(), Some(&body));
            }
            skyetel::Error::Status {
                body: typed, raw, ..
            } => {
                assert!(typed.is_none(), "{status}: {typed:?}");
                assert_eq!(&raw[..], br#"{"ERROR":"broken"}"#);
            }
            other => panic!("{status}: {other:?}"),
        }
        mock.assert_async().await;
    }
}
