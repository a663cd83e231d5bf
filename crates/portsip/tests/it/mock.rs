//! The typed httpmock helpers of the `mock` feature.

use httpmock::MockServer;
use portsip::mock::MockServerExt;
use portsip::types;

#[tokio::test]
async fn typed_mock_serves_get_holiday() {
    let server = MockServer::start_async().await;
    let holiday = types::Holiday {
        id: Some("NzAwNTUxOTA5NzczMTQ4MTYw".into()),
        name: Some("Christmas".into()),
        region: Some("USA".into()),
        every_year: Some(true),
        month_start: Some(12),
        day_start: Some(25),
        ..Default::default()
    };
    let mock = server.get_holiday(|when, then| {
        when.id("NzAwNTUxOTA5NzczMTQ4MTYw");
        then.ok(&holiday);
    });
    // The generated mocks match paths without the `/api` prefix.
    let client = portsip::Client::new(&server.base_url(), "test-token").unwrap();
    let got = client
        .get_holiday()
        .id("NzAwNTUxOTA5NzczMTQ4MTYw")
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.into_inner(), holiday);
    mock.assert_async().await;

    // Another ID does not match the mock: httpmock answers 404 with a body
    // of its own. The error keeps it raw, and since it is not PortSIP's error
    // list, `error_body` does not pretend it is one.
    let e = client.get_holiday().id("other").send().await.unwrap_err();
    match &e {
        portsip::Error::Status {
            status, body: None, ..
        } => assert_eq!(*status, 404),
        other => panic!("expected a 404, got {other:?}"),
    }
    assert_eq!(portsip::error_body(&e), None);
    mock.assert_calls_async(1).await;
}
