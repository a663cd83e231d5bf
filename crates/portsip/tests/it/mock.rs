//! The typed httpmock helpers of the `mock` feature, used the way a test of
//! an application sets them up: base URL with or without `/api`, IDs with
//! regex metacharacters, requests no mock matches, any answer status.

use portsip::httpmock::MockServer;
use portsip::mock::{MockServerExt as _, NO_MOCK_MATCHED, fallback, no_mock_matched};
use portsip::types;

use crate::support::TOKEN;

fn holiday() -> types::Holiday {
    types::Holiday {
        id: Some("NzAwNTUxOTA5NzczMTQ4MTYw".into()),
        name: Some("Christmas".into()),
        region: Some("USA".into()),
        every_year: Some(true),
        month_start: Some(12),
        day_start: Some(25),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_mock_matches_under_the_server_root_and_under_api() {
    let server = MockServer::start_async().await;
    let holiday = holiday();
    let mock = server.get_holiday(|when, then| {
        when.id("NzAwNTUxOTA5NzczMTQ4MTYw");
        then.ok(&holiday);
    });
    for base in [server.base_url(), server.url("/api")] {
        let client = portsip::Client::new(&base, TOKEN).unwrap();
        let got = client
            .get_holiday()
            .id("NzAwNTUxOTA5NzczMTQ4MTYw")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{base}: {e:?}"));
        assert_eq!(got.status(), 200);
        assert_eq!(got.into_inner(), holiday);
    }
    mock.assert_calls_async(2).await;

    // Another prefix is not the spec's base path.
    let client = portsip::Client::new(&server.url("/v1"), TOKEN).unwrap();
    let e = client
        .get_holiday()
        .id("NzAwNTUxOTA5NzczMTQ4MTYw")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        no_mock_matched(&e),
        Some("no mock matched GET /v1/holidays/NzAwNTUxOTA5NzczMTQ4MTYw")
    );
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_path_parameter_matches_literally() {
    let server = MockServer::start_async().await;
    let holiday = holiday();
    // `.` and `+` are regex metacharacters; the space and `/` are
    // percent-encoded by the client.
    let id = "a.b+c d/e";
    let mock = server.get_holiday(|when, then| {
        when.id(id);
        then.ok(&holiday);
    });
    let client = portsip::Client::new(&server.url("/api"), TOKEN).unwrap();
    let got = client.get_holiday().id(id).send().await.unwrap();
    assert_eq!(got.into_inner(), holiday);
    // What `.` or `+` would match as a pattern does not match the value.
    for other in ["aXb+c d/e", "a.bbc d/e", "a.b+c d/eX", "Xa.b+c d/e"] {
        let e = client.get_holiday().id(other).send().await.unwrap_err();
        assert!(no_mock_matched(&e).is_some(), "{other}: {e:?}");
        // The fallback's text is not PortSIP's error list.
        assert_eq!(portsip::error_body(&e), None);
    }
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_unmatched_request_is_answered_so_that_the_error_says_so() {
    let server = MockServer::start_async().await;
    let holiday = holiday();
    let mock = server.get_holiday(|when, then| {
        when.id("NzAwNTUxOTA5NzczMTQ4MTYw");
        then.ok(&holiday);
    });
    let client = portsip::Client::new(&server.url("/api"), TOKEN).unwrap();
    let e = client.get_holiday().id("other").send().await.unwrap_err();
    // Not a PortSIP 404 with an empty typed body: a status no provider
    // documents, no typed body, and the request named in the raw body.
    match &e {
        portsip::Error::Status {
            status, body, raw, ..
        } => {
            assert_eq!(status.as_u16(), NO_MOCK_MATCHED);
            assert!(body.is_none(), "{body:?}");
            assert_eq!(&raw[..], b"no mock matched GET /api/holidays/other");
        }
        other => panic!("expected the fallback's answer, got {other:?}"),
    }
    assert_eq!(
        no_mock_matched(&e),
        Some("no mock matched GET /api/holidays/other")
    );
    // Query parameters are named, their values (maybe credentials) not.
    let e = client
        .list_holidays()
        .skip(5)
        .top(2)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        no_mock_matched(&e),
        Some("no mock matched GET /api/holidays (query parameters: skip, top)")
    );
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_mock_added_later_is_still_reached() {
    let server = MockServer::start_async().await;
    let holiday = holiday();
    let first = server.get_holiday(|when, then| {
        when.id("first");
        then.ok(&holiday);
    });
    // The second typed mock comes after the first one's fallback, which it
    // retires.
    let second = server.get_holiday(|when, then| {
        when.id("second");
        then.ok(&holiday);
    });
    let client = portsip::Client::new(&server.url("/api"), TOKEN).unwrap();
    for id in ["first", "second"] {
        client.get_holiday().id(id).send().await.unwrap();
    }
    first.assert_async().await;
    second.assert_async().await;

    // A plain mock added after the last typed one sits behind the fallback
    // until the fallback is installed again, as the docs say.
    let plain = server.mock(|when, then| {
        when.path("/api/holidays/plain");
        then.status(200)
            .header("content-type", "application/json")
            .json_body(serde_json::json!({"name": "Plain"}));
    });
    let e = client.get_holiday().id("plain").send().await.unwrap_err();
    assert!(no_mock_matched(&e).is_some(), "{e:?}");
    let unmatched = fallback(&server);
    let got = client.get_holiday().id("plain").send().await.unwrap();
    assert_eq!(got.into_inner().name.as_deref(), Some("Plain"));
    plain.assert_async().await;
    unmatched.assert_calls_async(0).await;
}

#[tokio::test]
async fn status_range_answers_send_any_status_without_panicking() {
    let server = MockServer::start_async().await;
    let body = types::ErrorBody {
        errors: vec![types::ErrorItem {
            code: "VALIDATE_FAILED".into(),
            message: "broken".into(),
            detail: None,
            extra: Default::default(),
        }],
        extra: Default::default(),
    };
    // No retries, so that the 503 is answered once.
    let client = portsip::Client::builder(&server.url("/api"), TOKEN)
        .retry(portsip::RetryPolicy::none())
        .build()
        .unwrap();
    for status in [404_u16, 500, 503] {
        let id = format!("s{status}");
        let mock = server.get_holiday(|when, then| {
            when.id(id.as_str());
            // PortSIP documents no error body, so the answer takes its body
            // from httpmock itself.
            then.client_error(status).into_inner().json_body_obj(&body);
        });
        let e = client
            .get_holiday()
            .id(id.as_str())
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
        assert!(no_mock_matched(&e).is_none(), "{e:?}");
        // PortSIP documents no error schema: the body is kept raw and
        // `error_body` reads the error list from it.
        match &e {
            portsip::Error::Status { body: None, .. } => {}
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(portsip::error_body(&e), Some(body.clone()), "{status}");
        mock.assert_async().await;
    }
}
