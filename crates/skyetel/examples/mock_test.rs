//! Testing code of your own that uses the client, against the typed mocks
//! (`mock` feature) instead of Skyetel's API.
//!
//! ```sh
//! cargo run -p skyetel --example mock_test --features mock
//! ```

use skyetel::httpmock::MockServer;
use skyetel::mock::MockServerExt as _;
use skyetel::{Client, Error, types};

/// Code under test: the account's numbers, newest first, as text.
async fn newest_numbers(client: &Client) -> Result<Vec<String>, Error> {
    let numbers = client
        .list_phonenumbers()
        .sort(vec!["-id".into()])
        .send()
        .await?
        .into_inner();
    Ok(numbers.into_iter().filter_map(|n| n.number).collect())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start_async().await;
    let sort = vec!["-id".to_string()];
    let numbers = vec![
        types::PhoneNumber {
            id: Some(2),
            number: Some("15095550100".into()),
            ..Default::default()
        },
        types::PhoneNumber {
            id: Some(1),
            number: Some("15098675309".into()),
            ..Default::default()
        },
    ];
    let listed = server.list_phonenumbers(|when, then| {
        when.sort(&sort);
        then.ok(&numbers);
    });

    // The client points at the mock server as it would at `https://api.skyetel.com/v1`.
    let client = Client::builder("sid", "secret")
        .base_url(server.url("/v1"))
        .build()?;
    let got = newest_numbers(&client).await?;
    assert_eq!(got, ["15095550100", "15098675309"]);
    listed.assert_async().await;
    println!("newest_numbers works against the mock: {got:?}");
    Ok(())
}
