#![doc = include_str!("../README.md")]

// Generated code follows progenitor's conventions, not this workspace's lints.
#[rustfmt::skip]
#[allow(missing_debug_implementations, reason = "generated builders and mocks")]
#[allow(clippy::all, reason = "generated code")]
mod generated;

use client_runtime::Auth;

pub use client_runtime::{
    BuildError, ClientBuilder, RateLimit, RateLimits, Redacted, RetryPolicy, Secret, UnknownValue,
};
pub use generated::{ByteStream, Client, ResponseValue, builder, types};

#[cfg(feature = "mock")]
pub use generated::mock;
/// The mock server the [`mock`] helpers extend, re-exported so that tests
/// use the version they were generated for.
#[cfg(feature = "mock")]
pub use httpmock;

/// The error every operation returns: transport failures, undecodable
/// responses, and PortSIP's own error body (`{"errors": [...]}`) on 4XX.
pub type Error = client_runtime::Error<types::ErrorBody>;

impl Client {
    /// A client for the PBX at `base_url` (for example
    /// `https://pbx.example.com:8887/api`) that authenticates with a bearer
    /// `token`, with default timeouts.
    pub fn new(base_url: &str, token: impl Into<Secret>) -> Result<Self, BuildError> {
        Self::builder(base_url, token).build()
    }

    /// A builder to set timeouts or supply your own `reqwest::Client`.
    pub fn builder(base_url: &str, token: impl Into<Secret>) -> ClientBuilder<Self> {
        ClientBuilder::new(base_url, Auth::bearer(token))
    }
}
