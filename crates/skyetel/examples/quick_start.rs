//! Lists the phone numbers of a Skyetel account, newest first.
//!
//! ```sh
//! SKYETEL_SID=... SKYETEL_SECRET=... cargo run -p skyetel --example quick_start
//! ```
//!
//! Without both variables it says what it needs and exits, sending nothing.

use futures_util::TryStreamExt as _;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(sid), Ok(secret)) = (
        std::env::var("SKYETEL_SID"),
        std::env::var("SKYETEL_SECRET"),
    ) else {
        eprintln!("set SKYETEL_SID and SKYETEL_SECRET (the account's API credentials)");
        return Ok(());
    };
    let client = skyetel::Client::new(sid, secret)?;
    let numbers: Vec<skyetel::types::PhoneNumber> = client
        .list_phonenumbers()
        .sort(vec!["-id".into()])
        .stream()
        .try_collect()
        .await?;
    for n in &numbers {
        println!("{}", n.number.as_deref().unwrap_or("?"));
    }
    println!("{} number(s)", numbers.len());
    Ok(())
}
