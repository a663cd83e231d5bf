use std::marker::PhantomData;
use std::time::Duration;

use std::borrow::Cow;

use crate::{
    Auth, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_REQUEST_TIMEOUT, RateLimit,
    RateLimits, RetryPolicy, Runtime,
};

/// Implemented by every generated `Client`, so one builder serves them all.
pub trait ApiClient: Sized {
    /// Assembles a client from its parts.
    #[doc(hidden)]
    fn from_parts(base_url: String, http: reqwest::Client, runtime: Runtime) -> Self;

    /// The request rates the provider documents, generated from its spec;
    /// [`ClientBuilder`] applies them unless told otherwise.
    fn documented_rate_limits() -> RateLimits {
        RateLimits::new()
    }

    /// The operations the provider's spec marks as safe to repeat after the
    /// server may have received them (`x-idempotent`), sorted by operation
    /// id; [`ClientBuilder`] hands them to the [`Runtime`]. `None` leaves
    /// the decision to the HTTP method.
    fn idempotent_operations() -> Option<&'static [&'static str]> {
        None
    }

    /// Whether the provider takes query credentials in the form body of
    /// requests that have one (`x-credentials-in-form` in its spec);
    /// [`ClientBuilder`] tells the [`Runtime`]
    /// ([`Runtime::with_credentials_in_form`]).
    fn credentials_in_form() -> bool {
        false
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL.
    #[error("invalid base URL `{url}`: {reason}")]
    BaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A header value cannot be sent.
    #[error("invalid value for header `{name}`: {reason}")]
    Header {
        /// The header.
        name: String,
        /// What is wrong with the value.
        reason: String,
    },
    /// A credential cannot be sent.
    #[error("invalid credentials: {0}")]
    Credentials(&'static str),
    /// TLS could not be set up (for example, the platform trust store is unreadable).
    #[error("cannot set up TLS: {0}")]
    Tls(String),
    /// The HTTP client could not be set up (for example, TLS initialisation failed).
    #[error("cannot set up the HTTP client")]
    Http(#[source] reqwest::Error),
}

/// Configures and builds a generated client: base URL, timeouts, retries,
/// rate limits, or an HTTP client of your own.
///
/// Defaults: connect timeout [`DEFAULT_CONNECT_TIMEOUT`] (10 s), per-attempt
/// timeout [`DEFAULT_REQUEST_TIMEOUT`] (30 s), per-call deadline
/// [`DEFAULT_DEADLINE`] (2 min), [`RetryPolicy::default`] (3 attempts), and
/// the provider's documented rate limits if its crate sets them.
#[derive(Debug)]
pub struct ClientBuilder<C> {
    base_url: String,
    auth: Auth,
    connect_timeout: Duration,
    request_timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: RetryPolicy,
    rate_limits: Option<RateLimits>,
    http: Option<reqwest::Client>,
    headers: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
    strict: bool,
    interceptors: crate::intercept::Interceptors,
    client: PhantomData<fn() -> C>,
}

impl<C: ApiClient> ClientBuilder<C> {
    /// A builder for a client of `base_url` that authenticates with `auth`.
    pub fn new(base_url: impl Into<String>, auth: Auth) -> Self {
        Self {
            base_url: base_url.into(),
            auth,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: Some(DEFAULT_REQUEST_TIMEOUT),
            deadline: Some(DEFAULT_DEADLINE),
            retry: RetryPolicy::default(),
            rate_limits: Some(C::documented_rate_limits()).filter(|l| !l.is_empty()),
            http: None,
            headers: Vec::new(),
            strict: false,
            interceptors: Default::default(),
            client: PhantomData,
        }
    }

    /// Replaces the base URL, e.g. to point the client at a test server.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Time allowed to establish a connection (default 10 s). Ignored when
    /// you supply your own HTTP client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for each attempt, from sending the request to the end
    /// of the response body (default 30 s). Applies to your own HTTP client
    /// too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// No per-attempt timeout: an attempt may take as long as the deadline
    /// allows (say, for large downloads).
    pub fn no_timeout(mut self) -> Self {
        self.request_timeout = None;
        self
    }

    /// Time allowed for a whole call, retries and rate-limit waits included
    /// (default 2 min).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// No per-call deadline: only the per-attempt timeout and the retry
    /// policy bound a call.
    pub fn no_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// How failed attempts are retried (default [`RetryPolicy::default`];
    /// [`RetryPolicy::none`] sends every request once).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Asks `classifier` first whether to retry after each attempt (see
    /// [`RetryClassifier`](crate::RetryClassifier)), keeping the rest of
    /// the retry policy; a later [`retry`](Self::retry) replaces it.
    pub fn retry_classifier(mut self, classifier: impl crate::RetryClassifier) -> Self {
        self.retry = self.retry.classifier(classifier);
        self
    }

    /// Replaces the client-side rate limits. Provider crates call this with
    /// the provider's documented limits, so they are on by default.
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.rate_limits = Some(limits);
        self
    }

    /// Defines or changes one rate-limit pool (see [`RateLimits::pool`]),
    /// keeping the others and the routing of operations to pools.
    pub fn rate_limit_pool(mut self, name: impl Into<Cow<'static, str>>, limit: RateLimit) -> Self {
        self.rate_limits = Some(
            self.rate_limits
                .take()
                .unwrap_or_default()
                .pool(name, limit),
        );
        self
    }

    /// Switches the client-side rate limiter off, e.g. when a proxy
    /// enforces the limits already.
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limits = None;
        self
    }

    /// Sends `name: value` with every request (for provider features such
    /// as CALLR's `CALLR-Login-As`).
    pub fn header(
        mut self,
        name: reqwest::header::HeaderName,
        value: reqwest::header::HeaderValue,
    ) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Adds `interceptor`, which runs around every attempt of every call,
    /// retries included, after the interceptors added before it: to add a
    /// header, record metrics or inspect responses (see
    /// [`Interceptor`](crate::Interceptor); it sees requests before their
    /// credentials are applied).
    pub fn interceptor(mut self, interceptor: impl crate::Interceptor) -> Self {
        self.interceptors = self.interceptors.with(std::sync::Arc::new(interceptor));
        self
    }

    /// Sends requests through `http` instead of a client built here, for
    /// proxies, custom roots or connection pools shared with other code.
    ///
    /// Build it from [`http_client_builder`] (and keep its redirect and
    /// `Referer` settings): that keeps TLS working with the `rustls`
    /// feature, and it is what keeps credentials from reaching another
    /// origin. A plain `reqwest::Client` follows redirects anywhere, carrying
    /// every credential header but `Authorization` and writing the query
    /// (with VoiceMeUp's token) into `Referer`. The runtime refuses a
    /// response from another origin ([`CrossOriginRedirect`](crate::CrossOriginRedirect)),
    /// but by then the request has been sent there.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Strict decoding (default off): any deviation of a response from the
    /// spec, which the client otherwise tolerates and reports, fails the
    /// call with [`crate::Error::Decode`] (REST and JSON-RPC alike), whose
    /// source names each member's path. Meant
    /// for tests and for users who want the spec enforced exactly; see
    /// [`crate::tolerant`].
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = check_base_url(&self.base_url)?;
        self.auth.validate().map_err(BuildError::Credentials)?;
        let http = match self.http {
            Some(http) => http,
            None => http_client(self.connect_timeout)?,
        };
        let mut runtime = Runtime::new(self.auth)
            .with_retry(self.retry)
            .with_strict(self.strict);
        if let Some(operations) = C::idempotent_operations() {
            runtime = runtime.with_idempotent_operations(operations);
        }
        if C::credentials_in_form() {
            runtime = runtime.with_credentials_in_form();
        }
        runtime = match self.request_timeout {
            Some(timeout) => runtime.with_request_timeout(timeout),
            None => runtime.without_request_timeout(),
        };
        runtime = match self.deadline {
            Some(deadline) => runtime.with_deadline(deadline),
            None => runtime.without_deadline(),
        };
        if let Some(limits) = self.rate_limits {
            runtime = runtime.with_rate_limits(limits);
        }
        for (name, value) in self.headers {
            runtime = runtime.with_header(name, value);
        }
        runtime.interceptors = self.interceptors;
        Ok(C::from_parts(base_url, http, runtime))
    }
}

/// Accepts absolute `http`/`https` URLs and drops a trailing `/`, since
/// generated paths start with one.
fn check_base_url(url: &str) -> Result<String, BuildError> {
    // The URL is echoed in the error, so it must not carry a password.
    let shown = reqwest::Url::parse(url)
        .map(|mut u| {
            let _ = u.set_password(None);
            crate::redact_url(u.as_str())
        })
        .unwrap_or_else(|_| crate::redact_text(url));
    let bad = |reason: &str| BuildError::BaseUrl {
        url: shown.clone(),
        reason: reason.to_owned(),
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("a base URL has no query or fragment"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad(
            "credentials do not belong in the URL; pass them to the constructor",
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

fn http_client(connect_timeout: Duration) -> Result<reqwest::Client, BuildError> {
    http_client_builder()?
        .connect_timeout(connect_timeout)
        .build()
        .map_err(BuildError::Http)
}

/// The most redirects a call follows (all within the request's origin).
pub const MAX_REDIRECTS: usize = 10;

/// A `reqwest::ClientBuilder` set up as the generated clients set up their
/// own: the crate's user agent; redirects followed only within the
/// request's origin (scheme, host and port), at most [`MAX_REDIRECTS`]
/// times, and no `Referer` header; and with the `rustls` feature, rustls
/// with the ring provider and the platform's trust store.
///
/// A redirect to another origin is not followed: the call returns the
/// redirect response itself (an error status, `Error::Status` with the 3xx
/// status, in the generated clients), so no credential, whatever header or
/// query parameter carries it, reaches another origin. `Referer` is off
/// because reqwest would write the previous URL into it, query included.
///
/// Start from it when you pass your own client to
/// [`ClientBuilder::http_client`] (for a proxy, say), and leave its
/// `redirect` and `referer` settings alone. Also, with the `rustls`
/// feature, reqwest has no crypto provider of its own, and a plain
/// `reqwest::Client::builder().build()` panics unless the process installed
/// one.
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, BuildError> {
    let builder = reqwest::Client::builder()
        .user_agent(concat!("telephony-rs/", env!("CARGO_PKG_VERSION")))
        .redirect(redirect_policy())
        .referer(false);
    #[cfg(feature = "rustls")]
    let builder = builder
        .tls_backend_preconfigured(rustls_config().map_err(|e| BuildError::Tls(e.to_string()))?);
    Ok(builder)
}

/// Follows a redirect only to the origin of the original request, at most
/// [`MAX_REDIRECTS`] times; returns a redirect to another origin as the
/// response. reqwest's own policy follows any origin and, on a cross-host
/// hop, drops only `Authorization`, `Cookie` and proxy headers, not secret
/// headers such as Skyetel's `X-AUTH-SECRET` nor query credentials.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        // `previous` starts with the URL the request was sent to.
        let first = attempt.previous().first().map(reqwest::Url::origin);
        if first.is_some_and(|origin| origin != attempt.url().origin()) {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(TooManyRedirects)
        } else {
            attempt.follow()
        }
    })
}

/// The error of a call that was redirected more than [`MAX_REDIRECTS`]
/// times.
#[derive(Debug)]
struct TooManyRedirects;

impl std::fmt::Display for TooManyRedirects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "more than {MAX_REDIRECTS} redirects")
    }
}

impl std::error::Error for TooManyRedirects {}

/// rustls with the ring provider and the platform's trust store, built here
/// so that no process-wide crypto provider has to be installed.
#[cfg(feature = "rustls")]
fn rustls_config() -> Result<rustls::ClientConfig, rustls::Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Dummy(Runtime);

    impl ApiClient for Dummy {
        fn from_parts(_: String, _: reqwest::Client, runtime: Runtime) -> Self {
            Self(runtime)
        }
    }

    #[test]
    fn options_reach_the_runtime() {
        let Dummy(rt) = ClientBuilder::<Dummy>::new("http://127.0.0.1:1", Auth::None)
            .build()
            .unwrap();
        assert_eq!(rt.request_timeout(), Some(DEFAULT_REQUEST_TIMEOUT));
        assert_eq!(rt.deadline(), Some(DEFAULT_DEADLINE));
        assert_eq!(rt.retry_policy(), &RetryPolicy::default());
        assert!(!format!("{rt:?}").contains("Limiter"));

        let Dummy(rt) = ClientBuilder::<Dummy>::new("http://127.0.0.1:1", Auth::None)
            .no_timeout()
            .deadline(Duration::from_secs(5))
            .retry(RetryPolicy::none())
            .rate_limits(RateLimits::single(RateLimit::per_minute(1)))
            .rate_limit_pool("sms", RateLimit::per_hour(2))
            .build()
            .unwrap();
        assert_eq!(rt.request_timeout(), None);
        assert_eq!(rt.deadline(), Some(Duration::from_secs(5)));
        assert_eq!(rt.retry_policy().attempts(), 1);
        let dbg = format!("{rt:?}");
        assert!(dbg.contains("Limiter") && dbg.contains("\"sms\""), "{dbg}");

        let Dummy(rt) = ClientBuilder::<Dummy>::new("http://127.0.0.1:1", Auth::None)
            .rate_limits(RateLimits::single(RateLimit::per_minute(1)))
            .no_rate_limit()
            .no_deadline()
            .build()
            .unwrap();
        assert_eq!(rt.deadline(), None);
        assert!(!format!("{rt:?}").contains("Limiter"));

        struct Noop;
        impl crate::Interceptor for Noop {}
        let Dummy(rt) = ClientBuilder::<Dummy>::new("http://127.0.0.1:1", Auth::None)
            .interceptor(Noop)
            .interceptor(Noop)
            .build()
            .unwrap();
        assert!(format!("{rt:?}").contains("2 interceptor(s)"), "{rt:?}");
    }

    #[test]
    fn base_urls_are_checked_and_trimmed() {
        assert_eq!(
            check_base_url("https://pbx.example:8887/api/").unwrap(),
            "https://pbx.example:8887/api"
        );
        for (url, why) in [
            ("pbx.example/api", "relative URL without a base"),
            ("ftp://pbx.example", "scheme"),
            ("https://pbx.example/api?x=1", "query"),
        ] {
            let e = check_base_url(url).unwrap_err().to_string();
            assert!(e.contains(why) && e.contains(url), "{e}");
        }
        // The error names the URL but never its password.
        let e = check_base_url("https://user:hunter2@pbx.example").unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(
            shown.contains("credentials") && shown.contains("pbx.example"),
            "{shown}"
        );
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
