#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// Generated code follows progenitor's conventions, not this workspace's lints.
#[rustfmt::skip]
#[allow(missing_debug_implementations, reason = "generated builders and mocks")]
#[allow(clippy::all, reason = "generated code")]
mod generated;

use client_runtime::Auth;

pub use client_runtime::encode::FilePart;
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

/// The error every operation returns. An error VoiceMeUp reports inside a
/// successful response (`response_status: error`) is
/// [`client_runtime::Error::Provider`] carrying every code and message, and
/// `requests_hard_limit_exceeded` is [`client_runtime::Error::RateLimited`].
pub type Error = client_runtime::Error;

/// VoiceMeUp's production API.
pub const BASE_URL: &str = "https://clients.voicemeup.com/api/v1.1/json";

/// VoiceMeUp's sandbox (known from third-party client code, not from the docs).
pub const SANDBOX_URL: &str = "https://dev-clients.voicemeup.com/api/v1.1/json";

/// Who the API token belongs to: VoiceMeUp identifies the caller by user
/// name or by client user ID, next to the token.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// `username` and `auth_token`.
    Username {
        /// The account's user name.
        username: String,
        /// The 32-character API token.
        token: Secret,
    },
    /// `client_user_id` and `auth_token`.
    ClientUserId {
        /// The 4- to 8-digit client user ID.
        client_user_id: String,
        /// The 32-character API token.
        token: Secret,
    },
}

impl Credentials {
    /// Credentials from a user name and an API token.
    pub fn username(username: impl Into<String>, token: impl Into<Secret>) -> Self {
        Self::Username {
            username: username.into(),
            token: token.into(),
        }
    }

    /// Credentials from a client user ID and an API token.
    pub fn client_user_id(client_user_id: impl Into<String>, token: impl Into<Secret>) -> Self {
        Self::ClientUserId {
            client_user_id: client_user_id.into(),
            token: token.into(),
        }
    }

    fn auth(self) -> Auth {
        // The identity is not secret, but it travels with the token (in the
        // query string of a GET, the form body of a POST), and keeping both
        // in one place keeps URLs and snapshots scrubbed alike.
        match self {
            Credentials::Username { username, token } => Auth::Query(vec![
                ("username".into(), Secret::new(username)),
                ("auth_token".into(), token),
            ]),
            Credentials::ClientUserId {
                client_user_id,
                token,
            } => Auth::Query(vec![
                ("client_user_id".into(), Secret::new(client_user_id)),
                ("auth_token".into(), token),
            ]),
        }
    }
}

impl Client {
    /// A client for VoiceMeUp's production API.
    pub fn new(credentials: Credentials) -> Result<Self, BuildError> {
        Self::builder(credentials).build()
    }

    /// A client for VoiceMeUp's sandbox.
    pub fn sandbox(credentials: Credentials) -> Result<Self, BuildError> {
        Self::builder(credentials).base_url(SANDBOX_URL).build()
    }

    /// A builder to change the base URL, timeouts, retries or the hourly
    /// rate-limit pools (on by default, from the documented quotas).
    pub fn builder(credentials: Credentials) -> ClientBuilder<Self> {
        ClientBuilder::new(BASE_URL, credentials.auth())
    }
}
