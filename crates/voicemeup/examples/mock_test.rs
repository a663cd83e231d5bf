//! Testing code of your own that uses the client, against the typed mocks
//! (`mock` feature) instead of VoiceMeUp's API.
//!
//! ```sh
//! cargo run -p voicemeup --example mock_test --features mock
//! ```

use voicemeup::httpmock::MockServer;
use voicemeup::mock::MockServerExt as _;
use voicemeup::{Client, Credentials, Error, types};

/// Code under test: whether local numbers with SMS are available in an area code.
async fn sms_numbers_available(client: &Client, npa: &str) -> Result<bool, Error> {
    let answer = client
        .get_new_dids()
        .type_(types::GetNewDidsType::Local)
        .npa(npa)
        .sms_support(true)
        .send()
        .await?
        .into_inner();
    // The result fields beside `response_details` are kept in `extra`.
    Ok(answer
        .extra
        .get("dids")
        .and_then(|d| d.as_array())
        .is_some_and(|d| !d.is_empty()))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start_async().await;
    let answer: types::Envelope = serde_json::from_value(serde_json::json!({
        "response_details": {
            "response_status": "success",
            "response_messages": {"message": {"code": "ok", "_content": "1 DID"}}
        },
        "dids": [{"phone_number": "15145550123"}]
    }))?;
    let searched = server.get_new_dids(|when, then| {
        when.type_(&types::GetNewDidsType::Local)
            .npa("514")
            .sms_support(true);
        then.ok(&answer);
    });

    let credentials = Credentials::username("my-user", "0123456789abcdef0123456789abcdef");
    // The client points at the mock server as it would at `.../api/v1.1/json`.
    let client = Client::builder(credentials)
        .base_url(server.url("/api/v1.1/json"))
        .build()?;
    assert!(sms_numbers_available(&client, "514").await?);
    searched.assert_async().await;
    println!("sms_numbers_available works against the mock");
    Ok(())
}
