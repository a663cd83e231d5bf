//! Asks CALLR for its clock and the account's prepaid balance.
//!
//! ```sh
//! CALLR_API_KEY=... cargo run -p callr --example quick_start
//! ```
//!
//! Without the variable it says what it needs and exits, sending nothing.

use callr::{Auth, Client};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Ok(key) = std::env::var("CALLR_API_KEY") else {
        eprintln!("set CALLR_API_KEY (an API key of the account)");
        return Ok(());
    };
    let client = Client::new(Auth::api_key(key))?;
    let now = client.system().get_timestamp().await?;
    println!("CALLR's clock: {now}");
    let credit = client.billing().get_prepaid_credit().await?;
    println!("prepaid credit: {credit:?}");
    Ok(())
}
