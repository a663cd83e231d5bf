//! Shows the account details of a VoiceMeUp account.
//!
//! ```sh
//! VOICEMEUP_USERNAME=... VOICEMEUP_TOKEN=... cargo run -p voicemeup --example quick_start
//! ```
//!
//! Without both variables it says what it needs and exits, sending nothing.

use voicemeup::{Client, Credentials};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(user), Ok(token)) = (
        std::env::var("VOICEMEUP_USERNAME"),
        std::env::var("VOICEMEUP_TOKEN"),
    ) else {
        eprintln!("set VOICEMEUP_USERNAME and VOICEMEUP_TOKEN (the account's API token)");
        return Ok(());
    };
    let client = Client::new(Credentials::username(user, token))?;
    let details = client.get_account_details().send().await?.into_inner();
    println!("{}", serde_json::to_string_pretty(&details)?);
    Ok(())
}
