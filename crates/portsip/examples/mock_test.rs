//! Testing code of your own that uses the client, against the typed mocks
//! (`mock` feature) instead of a real PBX.
//!
//! ```sh
//! cargo run -p portsip --example mock_test --features mock
//! ```

use portsip::httpmock::MockServer;
use portsip::mock::MockServerExt as _;
use portsip::{Client, Error, types};

/// Code under test: the names of the holidays on the first page, sorted.
async fn holiday_names(client: &Client) -> Result<Vec<String>, Error> {
    let page = client.list_holidays().top(100).send().await?.into_inner();
    let mut names: Vec<String> = page.items.into_iter().filter_map(|h| h.name).collect();
    names.sort();
    Ok(names)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start_async().await;
    let page = types::HolidayList {
        count: Some(2),
        items: vec![
            types::Holiday {
                name: Some("New Year".into()),
                ..Default::default()
            },
            types::Holiday {
                name: Some("Christmas".into()),
                ..Default::default()
            },
        ],
        extra: Default::default(),
    };
    let listed = server.list_holidays(|when, then| {
        when.top(100);
        then.ok(&page);
    });

    // The client points at the mock server as it would at the PBX's `/api`.
    let client = Client::new(&server.url("/api"), "test-token")?;
    let names = holiday_names(&client).await?;
    assert_eq!(names, ["Christmas", "New Year"]);
    listed.assert_async().await;
    println!("holiday_names works against the mock: {names:?}");
    Ok(())
}
