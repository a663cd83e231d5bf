//! This crate's side of the shared test support: the loopback recording
//! server comes from `test-support`; building a Skyetel client for it, the
//! credentials to redact and the sample files live here.

use std::path::Path;

pub use test_support::{Recorded, Response, TestServer};

/// The API key SID every test client sends as `X-AUTH-SID`.
pub const SID: &str = "test-sid";
/// The API key secret every test client sends as `X-AUTH-SECRET`.
pub const SECRET: &str = "test-secret";

/// Headers whose values snapshots never show.
const REDACT: &[&str] = &["x-auth-sid", "x-auth-secret"];

/// The sample file `name` under `tests/it/data/`.
pub fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The base URL of `server`, laid out like Skyetel's: `http://127.0.0.1:PORT/v1`.
pub fn base_url(server: &TestServer) -> String {
    server.url("/v1")
}

/// A client of `server` with the test credentials and default settings,
/// built the documented way: `Client::builder(sid, secret).base_url(..)`.
/// (Tests that change the retry policy or timeouts chain their own
/// builder: `skyetel` does not re-export the builder's type to name here.)
pub fn client(server: &TestServer) -> skyetel::Client {
    skyetel::Client::builder(SID, SECRET)
        .base_url(base_url(server))
        .build()
        .expect("client builds")
}

/// Snapshot text of a request with both credentials redacted.
pub trait Render {
    /// [`Recorded::render_with`] with this crate's credential headers.
    fn render(&self) -> String;
}

impl Render for Recorded {
    fn render(&self) -> String {
        self.render_with(REDACT)
    }
}

/// `raw` with the percent-encoded brackets decoded (`%5B` and `%5D`), the
/// only characters of Skyetel's bracket keys that an encoder may escape;
/// everything else stays as sent.
pub fn brackets(raw: &str) -> String {
    raw.replace("%5B", "[")
        .replace("%5D", "]")
        .replace("%5b", "[")
        .replace("%5d", "]")
}
