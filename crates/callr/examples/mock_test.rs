//! Testing code of your own that uses the client, against the mock
//! (`mock` feature) instead of CALLR's API.
//!
//! ```sh
//! cargo run -p callr --example mock_test --features mock
//! ```

use callr::httpmock::MockServer;
use callr::mock::MockServerExt as _;
use callr::{Auth, Client, Error};
use serde_json::json;

/// Code under test: sends a greeting and returns the SMS's hash.
async fn greet(client: &Client, to: &str) -> Result<String, Error> {
    client.sms().send("SMS", to, "Hello", None).await
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start_async().await;
    let sent = server.rpc(
        "sms.send",
        json!(["SMS", "+33612345678", "Hello", null]),
        json!("8242D945"),
    );

    // The client points at the mock server as it would at CALLR's endpoint.
    let client = Client::builder(Auth::api_key("my-api-key"))
        .base_url(server.url("/json-rpc/v1.1"))
        .build()?;
    let hash = greet(&client, "+33612345678").await?;
    assert_eq!(hash, "8242D945");
    sent.assert_async().await;
    println!("greet works against the mock: {hash}");
    Ok(())
}
