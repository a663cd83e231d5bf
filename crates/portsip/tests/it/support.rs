//! This crate's side of the shared test support: the loopback recording
//! server comes from `test-support`; building a PortSIP client for it, the
//! credential to redact and the sample files live here.

use std::path::Path;

pub use test_support::{Recorded, Response, TestServer};

/// The token every test client authenticates with.
pub const TOKEN: &str = "test-token";

/// Headers whose values snapshots never show (`Bearer [REDACTED]`).
const REDACT: &[&str] = &["authorization"];

/// The sample file `name` under `tests/it/data/`.
pub fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A client for `server` (base URL `http://127.0.0.1:PORT/api`)
/// authenticating with [`TOKEN`].
pub fn client(server: &TestServer) -> portsip::Client {
    portsip::Client::new(&server.url("/api"), TOKEN).expect("client builds")
}

/// Snapshot text of a request with the token redacted.
pub trait Render {
    /// [`Recorded::render_with`] with this crate's credential header.
    fn render(&self) -> String;
}

impl Render for Recorded {
    fn render(&self) -> String {
        self.render_with(REDACT)
    }
}
