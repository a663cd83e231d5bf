//! The httpmock helpers of the `mock` feature (`callr::mock::MockServerExt`)
//! with the real client: a call with the expected method and parameters
//! gets the canned result or error, any other call gets the fallback's
//! answer, which says that no mock matched.

use callr::httpmock::MockServer;
use callr::mock::{MockServerExt as _, NO_MOCK_MATCHED, no_mock_matched};
use callr::{Auth, Client, Error, types};
use serde_json::json;

use crate::support::KEY;

fn client_of(server: &MockServer) -> Client {
    Client::builder(Auth::api_key(KEY))
        .base_url(server.base_url())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn rpc_answers_a_matching_call_with_its_result() {
    let server = MockServer::start_async().await;
    let sent = server.rpc(
        "sms.send",
        json!(["SMS", "+33612345678", "Hello, world", null]),
        json!("8242D945"),
    );
    let client = client_of(&server);
    let hash = client
        .sms()
        .send("SMS", "+33612345678", "Hello, world", None)
        .await
        .unwrap();
    assert_eq!(hash, "8242D945");
    sent.assert_async().await;

    // Another text: no expectation matches, the fallback answers.
    let e = client
        .sms()
        .send("SMS", "+33612345678", "Goodbye", None)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Status { .. }), "{e:?}");
    assert_eq!(e.status().map(|s| s.as_u16()), Some(NO_MOCK_MATCHED));
    assert_eq!(no_mock_matched(&e), Some("no mock matched POST /"), "{e:?}");
    // The matching expectation was not hit again.
    assert_eq!(sent.calls_async().await, 1);
}

#[tokio::test]
async fn rpc_tells_methods_and_parameter_positions_apart() {
    let server = MockServer::start_async().await;
    let mock = server.rpc(
        "did/store.get_quote",
        json!([69, "GOLD", 2]),
        json!({"available": 1, "cost": {"amount_unit": "2000.00"}}),
    );
    let client = client_of(&server);
    let quote = client
        .did_store()
        .get_quote(69, types::DidClass::Gold, 2)
        .await
        .unwrap();
    assert_eq!(quote.available, Some(1));

    // Same values in another order, another method with the same
    // parameters, and another class: none matches.
    let swapped = client
        .did_store()
        .get_quote(2, types::DidClass::Gold, 69)
        .await
        .unwrap_err();
    assert_eq!(
        swapped.status().map(|s| s.as_u16()),
        Some(NO_MOCK_MATCHED),
        "{swapped:?}"
    );
    let other_method = client
        .call::<serde_json::Value>(
            "did/store.reserve",
            vec![json!(69), json!("GOLD"), json!(2)],
        )
        .await
        .unwrap_err();
    assert_eq!(
        other_method.status().map(|s| s.as_u16()),
        Some(NO_MOCK_MATCHED)
    );
    let other_class = client
        .did_store()
        .get_quote(69, types::DidClass::Classic, 2)
        .await
        .unwrap_err();
    assert_eq!(
        other_class.status().map(|s| s.as_u16()),
        Some(NO_MOCK_MATCHED)
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn rpc_error_answers_with_a_json_rpc_error() {
    let server = MockServer::start_async().await;
    let mock = server.rpc_error(
        "sms.send",
        json!(["SMS", "+999", "Hello", null]),
        1000,
        "SMS routing error",
        None,
    );
    let e = client_of(&server)
        .sms()
        .send("SMS", "+999", "Hello", None)
        .await
        .unwrap_err();
    match &e {
        Error::Provider {
            code,
            message,
            data,
            ..
        } => {
            assert_eq!(code, "1000");
            assert_eq!(message, "SMS routing error");
            assert_eq!(data, &None);
        }
        other => panic!("expected a provider error, got {other:?}"),
    }
    mock.assert_async().await;

    // The same call with other parameters is not answered by it.
    let e = client_of(&server)
        .sms()
        .send("SMS", "+998", "Hello", None)
        .await
        .unwrap_err();
    assert_eq!(
        e.status().map(|s| s.as_u16()),
        Some(NO_MOCK_MATCHED),
        "{e:?}"
    );
    assert_eq!(mock.calls_async().await, 1);
}

/// The helpers match the parameters exactly: an object parameter with more
/// fields than expected, or a call with more parameters, is not answered.
#[tokio::test]
async fn rpc_matches_parameters_exactly() {
    let server = MockServer::start_async().await;
    let mock = server.rpc(
        "sms.send",
        json!(["SMS", "+33612345678", "Hello", {"nature": "ALERTING"}]),
        json!("8242D945"),
    );
    let client = client_of(&server);
    let options = types::SmsOptions {
        nature: Some(types::SmsNature::Alerting),
        user_data: Some("order-42".into()),
        ..Default::default()
    };
    let e = client
        .sms()
        .send("SMS", "+33612345678", "Hello", Some(options))
        .await
        .unwrap_err();
    assert_eq!(
        e.status().map(|s| s.as_u16()),
        Some(NO_MOCK_MATCHED),
        "{e:?}"
    );
    let e = client
        .call::<String>(
            "sms.send",
            vec![
                json!("SMS"),
                json!("+33612345678"),
                json!("Hello"),
                json!({"nature": "ALERTING"}),
                json!("extra"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(
        e.status().map(|s| s.as_u16()),
        Some(NO_MOCK_MATCHED),
        "{e:?}"
    );
    let exact = types::SmsOptions {
        nature: Some(types::SmsNature::Alerting),
        ..Default::default()
    };
    let hash = client
        .sms()
        .send("SMS", "+33612345678", "Hello", Some(exact))
        .await
        .unwrap();
    assert_eq!(hash, "8242D945");
    assert_eq!(mock.calls_async().await, 1);

    // An error with data carries it through.
    let with_data = server.rpc_error(
        "sms.get",
        json!(["X"]),
        115,
        "File not found",
        Some(json!({"id": "X"})),
    );
    let e = client.sms().get("X").await.unwrap_err();
    assert!(
        matches!(&e, Error::Provider { data: Some(d), .. } if d["id"] == "X"),
        "{e:?}"
    );
    with_data.assert_async().await;
}

/// The mocks match the body only, so a client whose base URL has CALLR's
/// path (`/json-rpc/v1.1`) is answered too; an unmatched call is named with
/// that path and is no JSON-RPC error.
#[tokio::test]
async fn rpc_matches_under_the_server_root_and_under_the_base_path() {
    let server = MockServer::start_async().await;
    let mock = server.rpc("system.get_timestamp", json!([]), json!(1_700_000_000));
    for base in [server.base_url(), server.url("/json-rpc/v1.1")] {
        let client = Client::builder(Auth::api_key(KEY))
            .base_url(base.as_str())
            .build()
            .unwrap();
        let t: u64 = client.call("system.get_timestamp", vec![]).await.unwrap();
        assert_eq!(t, 1_700_000_000);
    }
    mock.assert_calls_async(2).await;

    let client = Client::builder(Auth::api_key(KEY))
        .base_url(server.url("/json-rpc/v1.1"))
        .build()
        .unwrap();
    let e = client
        .call::<u64>("system.get_timestamp", vec![json!(1)])
        .await
        .unwrap_err();
    match &e {
        Error::Status { status, raw, .. } => {
            assert_eq!(status.as_u16(), NO_MOCK_MATCHED);
            assert_eq!(&raw[..], b"no mock matched POST /json-rpc/v1.1/");
        }
        other => panic!("expected the fallback's answer, got {other:?}"),
    }
    mock.assert_calls_async(2).await;
}
