//! Lists the holidays of a PortSIP PBX, page by page.
//!
//! ```sh
//! PORTSIP_URL=https://pbx.example.com:8887/api PORTSIP_TOKEN=... cargo run -p portsip --example quick_start
//! ```
//!
//! Without both variables it says what it needs and exits, sending nothing.

use futures_util::TryStreamExt as _;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(url), Ok(token)) = (std::env::var("PORTSIP_URL"), std::env::var("PORTSIP_TOKEN"))
    else {
        eprintln!(
            "set PORTSIP_URL (the PBX's API URL, ending in /api) and PORTSIP_TOKEN (a bearer token)"
        );
        return Ok(());
    };
    let client = portsip::Client::new(&url, token)?;
    let holidays: Vec<portsip::types::Holiday> =
        client.list_holidays().stream().try_collect().await?;
    for h in &holidays {
        println!("{}", h.name.as_deref().unwrap_or("(unnamed)"));
    }
    println!("{} holiday(s)", holidays.len());
    Ok(())
}
