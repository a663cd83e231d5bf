#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// Generated code follows progenitor's conventions, not this workspace's lints.
#[rustfmt::skip]
#[allow(missing_debug_implementations, reason = "generated builders and mocks")]
#[allow(clippy::all, reason = "generated code")]
mod generated;

use client_runtime::Auth;

/// Settings and errors of the item streams (`stream()`, `stream_with()`).
pub use client_runtime::paging::{Paging, PagingError, PagingErrorKind};
pub use client_runtime::{
    BuildError, ClientBuilder, RateLimit, RateLimits, Redacted, RetryPolicy, Secret, UnknownValue,
    http_client_builder,
};
pub use generated::{ByteStream, Client, ResponseValue, builder, types};

#[cfg(feature = "mock")]
pub use generated::mock;
/// The mock server the [`mock`] helpers extend, re-exported so that tests
/// use the version they were generated for.
#[cfg(feature = "mock")]
pub use httpmock;

/// The error every operation returns: transport failures, undecodable
/// responses, and error statuses with their raw body.
///
/// PortSIP's API document attaches no schema to its error responses, so an
/// error status is [`Error::Status`](client_runtime::Error::Status) with
/// `body: None` and the body as received in `raw`; [`error_body`] decodes
/// the error list the document describes when the body has that shape.
pub type Error = client_runtime::Error<()>;

/// The PortSIP error list (`{"errors": [{"code", "message", "detail"}]}`)
/// in the body of a failed call, when the body has that shape.
///
/// The document describes this shape in its introduction but not on any
/// response, so the client does not assume it: [`Error::Status`](client_runtime::Error::Status)
/// keeps the raw body, and this function reads the list from it on request.
/// It returns `None` for every other error and for a body of another shape
/// (an HTML page from a proxy, say), which stays available in `raw`.
pub fn error_body(err: &Error) -> Option<types::ErrorBody> {
    match err {
        // Strictly: any object would decode tolerantly, mostly empty.
        Error::Status { raw, .. } => client_runtime::tolerant::decode_slice(raw, true)
            .ok()
            .map(|d| d.value),
        _ => None,
    }
}

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
