#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// Generated code follows progenitor's conventions, not this workspace's lints.
#[rustfmt::skip]
#[allow(missing_debug_implementations, reason = "generated builders and mocks")]
#[allow(clippy::all, reason = "generated code")]
mod generated;

use client_runtime::Auth;

pub use client_runtime::encode::FilePart;
/// Settings and errors of the item streams (`stream()`, `stream_with()`).
pub use client_runtime::paging::{Paging, PagingError, PagingErrorKind};
pub use client_runtime::{
    BuildError, ClientBuilder, RateLimit, RateLimits, Redacted, RetryPolicy, Secret, UnknownInt,
    UnknownValue, http_client_builder,
};
pub use generated::{ByteStream, Client, ResponseValue, builder, types};

#[cfg(feature = "mock")]
pub use generated::mock;
/// The mock server the [`mock`] helpers extend, re-exported so that tests
/// use the version they were generated for.
#[cfg(feature = "mock")]
pub use httpmock;

/// The error every operation returns: transport failures, undecodable
/// responses, and Skyetel's error body (`{"ERROR": "..."}`) on 4XX.
pub type Error = client_runtime::Error<types::ErrorBody>;

/// Skyetel's production API.
pub const BASE_URL: &str = "https://api.skyetel.com/v1";

impl Client {
    /// A client for Skyetel's production API that authenticates with the
    /// API key pair from the portal (`X-AUTH-SID` and `X-AUTH-SECRET`).
    pub fn new(sid: impl Into<Secret>, secret: impl Into<Secret>) -> Result<Self, BuildError> {
        Self::builder(sid, secret).build()
    }

    /// A builder to change the base URL, timeouts, retries or the rate limit.
    pub fn builder(sid: impl Into<Secret>, secret: impl Into<Secret>) -> ClientBuilder<Self> {
        let auth = Auth::Headers(vec![
            (
                reqwest::header::HeaderName::from_static("x-auth-sid"),
                sid.into(),
            ),
            (
                reqwest::header::HeaderName::from_static("x-auth-secret"),
                secret.into(),
            ),
        ]);
        ClientBuilder::new(BASE_URL, auth)
    }
}
