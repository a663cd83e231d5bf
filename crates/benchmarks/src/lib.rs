//! Fixtures of the benchmark suite (`benches/runtime.rs`, run by
//! `cargo xtask bench`): a loopback HTTP/1.1 server, the bodies it answers,
//! hand-written `reqwest` + `serde` equivalents of generated calls, mirror
//! types and encoders, and deterministic large list bodies.
//!
//! Nothing here measures time: the benches do. The tests in
//! `tests/fixtures.rs` check that each hand-written path gives the same
//! result as the generated one, so the benches compare equal work.

#![warn(missing_docs)]
// `data::skyetel_phone_number` writes one whole phone number with `json!`,
// whose expansion nests once per member.
#![recursion_limit = "256"]

pub mod data;
pub mod encode;
pub mod handwritten;
pub mod mirror;
pub mod server;

use std::time::Duration;

/// Base URL of a loopback server.
pub fn base_url(addr: std::net::SocketAddr) -> String {
    format!("http://{addr}")
}

/// The per-attempt timeout the generated clients apply by default; the
/// hand-written calls set the same one, so both arm one timer per request.
pub const REQUEST_TIMEOUT: Duration = client_runtime::DEFAULT_REQUEST_TIMEOUT;

/// A `reqwest::Client` for the hand-written calls, configured exactly as
/// the generated clients' own (connect timeout, user agent, rustls with
/// ring): it is taken from a client built by the same `ClientBuilder`, which
/// is then dropped, so it shares no connection pool with any client under
/// test. (Building one with `reqwest::Client::builder()` would need a
/// process-wide rustls crypto provider, since the clients enable reqwest's
/// `rustls-no-provider`.)
pub fn handwritten_http() -> reqwest::Client {
    let donor = portsip::Client::builder("http://127.0.0.1:9", "unused")
        .build()
        .expect("a client for a loopback URL builds");
    <portsip::Client as client_runtime::support::ClientInfo<client_runtime::Runtime>>::client(
        &donor,
    )
    .clone()
}

/// The generated clients as the per-call benchmark uses them: default
/// retry policy (no retry happens on a 200), default timeouts, and the
/// client-side rate limiter off (`no_rate_limit`), so that the documented
/// provider limits do not throttle a benchmark loop.
pub mod clients {
    use super::server::Credentials as C;

    /// `portsip::Client` for `base`.
    pub fn portsip(base: &str) -> portsip::Client {
        portsip::Client::builder(base, C::TOKEN)
            .no_rate_limit()
            .build()
            .expect("portsip client")
    }

    /// `skyetel::Client` for `base`.
    pub fn skyetel(base: &str) -> skyetel::Client {
        skyetel::Client::builder(C::SID, C::SECRET)
            .base_url(base)
            .no_rate_limit()
            .build()
            .expect("skyetel client")
    }

    /// `voicemeup::Client` for `base`.
    pub fn voicemeup(base: &str) -> voicemeup::Client {
        voicemeup::Client::builder(voicemeup::Credentials::username(C::USERNAME, C::TOKEN))
            .base_url(base)
            .no_rate_limit()
            .build()
            .expect("voicemeup client")
    }

    /// `callr::Client` for `base`.
    pub fn callr(base: &str) -> callr::Client {
        callr::Client::builder(callr::Auth::api_key(C::API_KEY))
            .base_url(base)
            .no_rate_limit()
            .build()
            .expect("callr client")
    }
}
