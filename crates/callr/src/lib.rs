#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// Generated code follows typify's conventions, not this workspace's lints.
#[rustfmt::skip]
#[allow(missing_debug_implementations, reason = "generated builders")]
#[allow(clippy::all, reason = "generated code")]
mod generated;

#[cfg(feature = "mock")]
pub mod mock;
/// The mock server the [`mock`] helpers extend, re-exported so that tests
/// use the version they were generated for.
#[cfg(feature = "mock")]
pub use httpmock;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

/// Settings and errors of the search streams (`search_stream()`,
/// `search_stream_with()`).
pub use client_runtime::paging::{Paging, PagingError, PagingErrorKind};
pub use client_runtime::{
    BuildError, ClientBuilder, RateLimit, RateLimits, Redacted, RetryPolicy, Secret, UnknownValue,
    http_client_builder,
};
pub use generated::{Client, services, types};

/// The error every method returns. A JSON-RPC error is
/// [`client_runtime::Error::Provider`] with the error's `code` (as text),
/// `message` and `data`.
pub type Error = client_runtime::Error;

/// CALLR's JSON-RPC endpoint.
pub const BASE_URL: &str = "https://api.callr.com/json-rpc/v1.1";

/// How requests are authenticated (the `Authorization` header).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Auth {
    /// Portal login and password: `Authorization: Basic …`.
    Basic {
        /// The login.
        login: String,
        /// The password.
        password: Secret,
    },
    /// An API key: `Authorization: Api-Key <key>`.
    ApiKey(Secret),
    /// A session token from `session.create`: `Authorization: Session <token>`.
    Session(Secret),
}

impl Auth {
    /// Login and password.
    pub fn basic(login: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self::Basic {
            login: login.into(),
            password: password.into(),
        }
    }

    /// An API key.
    pub fn api_key(key: impl Into<Secret>) -> Self {
        Self::ApiKey(key.into())
    }

    /// A session token.
    pub fn session(token: impl Into<Secret>) -> Self {
        Self::Session(token.into())
    }

    fn into_runtime(self) -> client_runtime::Auth {
        // An empty key stays empty, so that building the client refuses it.
        let header = |scheme: &str, secret: Secret| {
            let value = if secret.expose().is_empty() {
                Secret::new("")
            } else {
                Secret::new(format!("{scheme} {}", secret.expose()))
            };
            client_runtime::Auth::Headers(vec![(AUTHORIZATION, value)])
        };
        match self {
            Auth::Basic { login, password } => client_runtime::Auth::basic(login, password),
            Auth::ApiKey(key) => header("Api-Key", key),
            Auth::Session(token) => header("Session", token),
        }
    }
}

/// Whom to act as: a sub-account, through the `CALLR-Login-As` header.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginAs {
    /// `user.login <login>`.
    UserLogin(String),
    /// `account.hash <hash>`.
    AccountHash(String),
    /// `account.id <id>` (seen in the Go SDK only).
    AccountId(String),
    /// `user.id <id>` (seen in the Go SDK only).
    UserId(String),
}

/// The header that names whom a request acts as.
const LOGIN_AS: HeaderName = HeaderName::from_static("callr-login-as");

impl LoginAs {
    /// The `CALLR-Login-As` header, for `Client::builder(auth).header(..)`
    /// when the client needs other settings too.
    pub fn header(&self) -> Result<(HeaderName, HeaderValue), BuildError> {
        Ok((LOGIN_AS, self.header_value()?))
    }

    fn header_value(&self) -> Result<HeaderValue, BuildError> {
        let (kind, target) = match self {
            LoginAs::UserLogin(t) => ("user.login", t),
            LoginAs::AccountHash(t) => ("account.hash", t),
            LoginAs::AccountId(t) => ("account.id", t),
            LoginAs::UserId(t) => ("user.id", t),
        };
        HeaderValue::from_str(&format!("{kind} {target}")).map_err(|_| BuildError::Header {
            name: "CALLR-Login-As".into(),
            reason: format!("the target `{target}` contains characters a header cannot carry"),
        })
    }
}

impl Client {
    /// A client for CALLR's endpoint.
    pub fn new(auth: Auth) -> Result<Self, BuildError> {
        Self::builder(auth).build()
    }

    /// A client acting as a sub-account (`CALLR-Login-As`).
    pub fn login_as(auth: Auth, target: LoginAs) -> Result<Self, BuildError> {
        Self::builder(auth)
            .header(LOGIN_AS, target.header_value()?)
            .build()
    }

    /// A handle on this client whose calls act as `target`
    /// (`CALLR-Login-As`), for switching sub-accounts per request without
    /// building a client: it shares this client's connection pool, rate
    /// limiter (both count against the same limits), credentials,
    /// interceptors and settings, and replaces any login-as this client
    /// has. Making one copies a few small settings; no connection is
    /// opened.
    ///
    /// Fails when `target` holds characters a header cannot carry.
    pub fn with_login_as(&self, target: &LoginAs) -> Result<Self, BuildError> {
        let value = target.header_value()?;
        Ok(self.with_runtime(|runtime| runtime.with_header(LOGIN_AS, value)))
    }

    /// A handle on this client whose calls act as the account of the
    /// credentials themselves, without `CALLR-Login-As`; it shares the
    /// connection pool, rate limiter and settings as
    /// [`with_login_as`](Self::with_login_as) does.
    pub fn without_login_as(&self) -> Self {
        self.with_runtime(|runtime| runtime.without_header(&LOGIN_AS))
    }

    /// This client with its runtime changed by `change`.
    fn with_runtime(
        &self,
        change: impl FnOnce(client_runtime::Runtime) -> client_runtime::Runtime,
    ) -> Self {
        Self {
            baseurl: self.baseurl.clone(),
            client: self.client.clone(),
            inner: change(self.inner.clone()),
        }
    }

    /// A builder to change the endpoint, timeouts, retries or headers.
    pub fn builder(auth: Auth) -> ClientBuilder<Self> {
        ClientBuilder::new(BASE_URL, auth.into_runtime())
    }
}
