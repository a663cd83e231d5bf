//! Shared runtime for the generated telephony clients.
//!
//! Every generated client crate routes each request through [`Runtime`]:
//! the generated `ClientHooks` implementation calls [`Runtime::pre`] before a
//! request is sent and [`Runtime::exec`] to send it. This is the one place for
//! cross-cutting behaviour (authentication, header hygiene, timeouts), so no
//! provider crate carries its own copy.
//!
//! The crate also holds the small types the generated code shares:
//! [`Secret`] for credentials, [`UnknownValue`] for open enums, and the
//! offset [`paging`] helper.

mod auth;
mod builder;
pub mod paging;
mod secret;
mod unknown;

use std::time::Duration;

pub use auth::Auth;
pub use builder::{ApiClient, BuildError, ClientBuilder};
pub use progenitor_client::OperationInfo;
pub use secret::Secret;
pub use unknown::UnknownValue;

/// Default time allowed to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one request, from sending it to the end of the response body.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The per-client state the generated hooks consult on every request.
///
/// Cloning is cheap; clones share nothing mutable yet. Retries and rate
/// limits will live here too, so every provider gets them from one place.
#[derive(Clone, Debug)]
pub struct Runtime {
    auth: Auth,
    request_timeout: Duration,
}

impl Runtime {
    /// A runtime that authenticates every request with `auth`.
    pub fn new(auth: Auth) -> Self {
        Self {
            auth,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
        }
    }

    /// Sets the time allowed for each request (applied per request, so it
    /// also holds for a caller-supplied `reqwest::Client`).
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The time allowed for each request.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// Prepares a request built by generated code for sending.
    ///
    /// Removes the `api-version` header progenitor adds (none of our
    /// providers define it, and it would leak the spec's version string to
    /// the server), applies the request timeout unless one is already set,
    /// and adds credentials.
    pub fn pre(&self, request: &mut reqwest::Request, _info: &OperationInfo) {
        request.headers_mut().remove("api-version");
        if request.timeout().is_none() {
            *request.timeout_mut() = Some(self.request_timeout);
        }
        self.auth.apply(request);
    }

    /// Sends a prepared request.
    pub async fn exec(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        client.execute(request).await
    }
}
