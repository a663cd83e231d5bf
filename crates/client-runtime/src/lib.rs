//! Shared runtime for the generated telephony clients.
//!
//! Every generated client crate routes each request through [`Runtime`]:
//! the generated `ClientHooks` implementation calls [`Runtime::pre`] before a
//! request is sent and [`Runtime::exec`] to send it. This is the one place for
//! cross-cutting behaviour, so no provider crate carries its own copy:
//!
//! - authentication ([`Auth`]: bearer, headers, query parameters, Basic);
//! - retries with jittered exponential backoff and `Retry-After`
//!   ([`RetryPolicy`]), only where repeating the request is safe;
//! - a client-side token-bucket rate limiter with named pools
//!   ([`RateLimits`]);
//! - timeouts per attempt and per call ([`DEFAULT_REQUEST_TIMEOUT`],
//!   [`DEFAULT_DEADLINE`]);
//! - `tracing` spans and events, and redaction: credentials never appear
//!   in `Debug`, `Display`, errors or logs ([`Secret`], [`redact_url`],
//!   [`Redacted`]);
//! - one classified [`Error`] type, reached once from the send path's own
//!   outcome ([`Response`] or [`SendError`]);
//! - seams for users: [`Interceptor`]s around every attempt (before the
//!   credentials are applied) and a [`RetryClassifier`] in front of the
//!   built-in retry rules.
//!
//! The crate also holds the small types the generated code shares:
//! [`Secret`] for credentials, [`UnknownValue`] for open enums, and the
//! offset [`paging`] helper.

#![warn(missing_docs)]

mod auth;
mod builder;
pub mod encode;
pub mod envelope;
mod error;
mod intercept;
pub mod jsonrpc;
mod limit;
#[cfg(feature = "mock")]
pub mod mock;
pub mod paging;
mod probe;
mod redact;
mod retry;
mod secret;
mod send;
pub mod support;
pub mod tolerant;
mod unknown;

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use tracing::Instrument as _;

pub use auth::Auth;
pub use builder::{ApiClient, BuildError, ClientBuilder, MAX_REDIRECTS, http_client_builder};
pub use error::{Error, MAX_RAW_BODY, error_response};
pub use intercept::{AttemptContext, AttemptOutcome, Interceptor};
pub use limit::{DEFAULT_POOL, LocalRateLimit, RateLimit, RateLimits};
pub use redact::{Redacted, Redactor, SECRET_QUERY_PARAMS, redact_text, redact_url};
pub use retry::{Decision, RetryClassifier, RetryPolicy};
pub use secret::Secret;
pub use send::{BoxError, InterceptorError, Response, SendError};
pub use support::OperationInfo;
pub use unknown::{UnknownInt, UnknownValue};

use intercept::Interceptors;
use limit::Limiter;
use retry::Verdict;

/// Default time allowed to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt, from sending the request to the end
/// of the response body.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time allowed for one call as a whole: every attempt, every wait
/// between attempts and every wait for the rate limiter.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);

/// The per-client state the generated hooks consult on every request:
/// credentials, timeouts, the retry policy, the rate limiter and the
/// [`Redactor`] that scrubs this client's credentials from what it shows.
///
/// Cloning is cheap, and clones share the rate limiter's buckets, so every
/// clone of a client counts against the same limits.
#[derive(Clone, Debug)]
pub struct Runtime {
    auth: Auth,
    /// `auth`'s headers, built once (a Basic credential is base64-encoded).
    auth_headers: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
    request_timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: RetryPolicy,
    limiter: Option<Limiter>,
    headers: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
    /// The operations that may be repeated after the server may have
    /// received them, sorted; `None` decides by the HTTP method.
    idempotent: Option<&'static [&'static str]>,
    /// Whether a response that deviates from the spec fails the call.
    strict: bool,
    /// Whether query credentials go into form bodies rather than URLs.
    credentials_in_form: bool,
    /// What to scrub from text this client shows: built from `auth` once,
    /// shared by clones.
    redactor: Arc<Redactor>,
    /// The user's hooks around each attempt, in the order added.
    interceptors: Interceptors,
}

impl Runtime {
    /// A runtime that authenticates every request with `auth`, with the
    /// default timeouts ([`DEFAULT_REQUEST_TIMEOUT`] per attempt,
    /// [`DEFAULT_DEADLINE`] per call), the default [`RetryPolicy`] and no
    /// rate limit.
    pub fn new(auth: Auth) -> Self {
        Self {
            auth_headers: auth.header_values(),
            redactor: Arc::new(Redactor::new(&auth)),
            auth,
            request_timeout: Some(DEFAULT_REQUEST_TIMEOUT),
            deadline: Some(DEFAULT_DEADLINE),
            retry: RetryPolicy::default(),
            limiter: None,
            headers: Vec::new(),
            idempotent: None,
            strict: false,
            credentials_in_form: false,
            interceptors: Interceptors::default(),
        }
    }

    /// Adds `interceptor`, which runs around every attempt of every call
    /// after the interceptors added before it (see [`Interceptor`]: it sees
    /// requests before their credentials are applied).
    pub fn with_interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors = self.interceptors.with(Arc::new(interceptor));
        self
    }

    /// Sends query credentials ([`Auth::Query`]) of a request with a form
    /// body as fields of that body instead of in the URL, where a provider
    /// wants them so (VoiceMeUp takes them in the body of its POSTs).
    /// Requests without a form body (a `GET`) keep them in the query string.
    /// An `application/x-www-form-urlencoded` body gets them in
    /// [`pre`](Self::pre); a `multipart/form-data` body is a stream `pre`
    /// cannot edit, so whoever builds it adds them with
    /// [`multipart_credentials`](Self::multipart_credentials), as generated
    /// uploads do.
    pub fn with_credentials_in_form(mut self) -> Self {
        self.credentials_in_form = true;
        self
    }

    /// Whether query credentials travel in form bodies (see
    /// [`with_credentials_in_form`](Self::with_credentials_in_form)).
    pub fn credentials_in_form(&self) -> bool {
        self.credentials_in_form
    }

    /// `form` with the query credentials added as text parts when this
    /// runtime sends them in form bodies; `form` unchanged otherwise.
    /// Generated multipart uploads call it for every attempt, before
    /// [`pre`](Self::pre). The parts are not visible in any `Debug` output
    /// (reqwest shows no part values).
    pub fn multipart_credentials(
        &self,
        form: reqwest::multipart::Form,
    ) -> reqwest::multipart::Form {
        if self.credentials_in_form {
            self.auth.add_to_multipart(form)
        } else {
            form
        }
    }

    /// Strict decoding: a response that deviates from the spec in any way
    /// the tolerant decoder accepts (a member the spec does not name, a
    /// number sent as text, a value that does not fit) fails the call with
    /// an error naming each path, instead of decoding; see [`tolerant`].
    pub fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Whether responses are decoded strictly ([`with_strict`](Self::with_strict)).
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// Tells the response decoder how to decode `response`, which carries no
    /// link to the client that received it.
    fn mark(&self, mut response: Response, info: &OperationInfo) -> Response {
        response
            .inner_mut()
            .extensions_mut()
            .insert(tolerant::Decoding {
                strict: self.strict,
                operation: info.operation_id,
            });
        response
    }

    /// Names the operations that may be sent again after the server may
    /// have received them (after a 502/503/504, a timeout, or a connection
    /// lost once the request was sent). Every other operation is repeated
    /// only when the server cannot have acted on it: after a 429 or a
    /// failure to connect. `operations` must be sorted (generated clients
    /// pass their spec's list). Without this call, the HTTP method decides
    /// (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE` may be repeated),
    /// which is wrong for APIs that change state with `GET` or read with
    /// `POST`.
    pub fn with_idempotent_operations(mut self, operations: &'static [&'static str]) -> Self {
        debug_assert!(
            operations.windows(2).all(|w| w[0] < w[1]),
            "idempotent operations must be sorted and unique"
        );
        self.idempotent = Some(operations);
        self
    }

    /// Whether `operation_id`, sent as `method`, may be repeated after the
    /// server may have received it.
    pub fn is_idempotent(&self, operation_id: &str, method: &reqwest::Method) -> bool {
        match self.idempotent {
            Some(list) => list.binary_search(&operation_id).is_ok(),
            None => retry::is_idempotent(method),
        }
    }

    /// Sets the time allowed for each attempt, body included (applied per
    /// request, so it also holds for a caller-supplied `reqwest::Client`).
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// Lets an attempt run as long as the deadline allows (say, for large
    /// downloads). A timeout the request already carries still applies.
    pub fn without_request_timeout(mut self) -> Self {
        self.request_timeout = None;
        self
    }

    /// The time allowed for each attempt, if limited.
    pub fn request_timeout(&self) -> Option<Duration> {
        self.request_timeout
    }

    /// Sets the time allowed for a whole call: attempts, backoff and rate-limit
    /// waits together. No retry starts that could not finish its wait in
    /// time, and the last attempt is cut off at the deadline.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Removes the per-call deadline: only the per-attempt timeout and the
    /// retry policy bound a call.
    pub fn without_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// The time allowed for a whole call, if limited.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// Adds a header sent with every request (for example CALLR's
    /// `CALLR-Login-As`), replacing one of the same name.
    pub fn with_header(
        mut self,
        name: reqwest::header::HeaderName,
        value: reqwest::header::HeaderValue,
    ) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        self
    }

    /// Stops sending the header `name` added with
    /// [`with_header`](Self::with_header).
    pub fn without_header(mut self, name: &reqwest::header::HeaderName) -> Self {
        self.headers.retain(|(n, _)| n != name);
        self
    }

    /// Sets the retry policy.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Limits the request rate with fresh buckets built from `limits`
    /// (shared by clones of this runtime from now on). Empty `limits`
    /// switch the limiter off.
    pub fn with_rate_limits(mut self, limits: RateLimits) -> Self {
        self.limiter = (!limits.is_empty()).then(|| Limiter::new(limits));
        self
    }

    /// Switches the rate limiter off.
    pub fn without_rate_limits(mut self) -> Self {
        self.limiter = None;
        self
    }

    /// `url` with secrets scrubbed: [`redact_url`], which also knows this
    /// runtime's query credential names and its credential values.
    pub fn redact_url(&self, url: impl AsRef<str>) -> String {
        self.redactor.redact_url(url)
    }

    /// What this runtime scrubs from text it shows: the secret query
    /// parameter names and its own credential values.
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// Prepares a request built by generated code for sending.
    ///
    /// Applies the per-attempt timeout unless one is already set and adds
    /// the extra headers. The credentials are not added here but by
    /// [`exec`](Self::exec) on each attempt, after the interceptors ran, so
    /// that no [`Interceptor`] sees them. (The generator already leaves out
    /// the `api-version` header progenitor would add.)
    pub fn pre(&self, request: &mut reqwest::Request, _info: &OperationInfo) {
        // A POST, PUT or PATCH without a body still says so: some servers and
        // proxies answer 411 Length Required otherwise.
        if request.body().is_none()
            && matches!(
                *request.method(),
                reqwest::Method::POST | reqwest::Method::PUT | reqwest::Method::PATCH
            )
        {
            request.headers_mut().insert(
                reqwest::header::CONTENT_LENGTH,
                reqwest::header::HeaderValue::from_static("0"),
            );
        }
        if request.timeout().is_none() {
            *request.timeout_mut() = self.request_timeout;
        }
        for (name, value) in &self.headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
    }

    /// Adds the credentials to one attempt's request: the credential
    /// headers, and the query credentials (into a form body instead of the
    /// URL when [`with_credentials_in_form`](Self::with_credentials_in_form)
    /// says so).
    fn authorize(&self, request: &mut reqwest::Request) {
        for (name, value) in &self.auth_headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        if !(self.credentials_in_form && self.auth.apply_form(request)) {
            self.auth.apply_query(request);
        }
    }

    /// Sends a prepared request: waits for the rate limiter, retries as the
    /// [`RetryPolicy`] allows, and keeps to the call's deadline.
    ///
    /// Returns the last response (which may be an error status, such as the
    /// final 503 when the retries run out, or a redirect to another origin,
    /// which is not followed) or why there is none ([`SendError`]): the
    /// last transport error, with its URL scrubbed; the rate limiter's
    /// refusal when it has no slot before the deadline
    /// ([`SendError::RateLimited`], nothing sent); or the refusal of a
    /// response that comes from another origin than the request's (a
    /// caller-supplied `reqwest::Client` that follows such redirects,
    /// [`SendError::CrossOrigin`]), or an interceptor's refusal
    /// ([`SendError::Interceptor`]). The [`Response`] keeps its real URL;
    /// its `Debug` scrubs it.
    ///
    /// Each attempt: waits for the rate limiter, runs the interceptors'
    /// [`before_attempt`](Interceptor::before_attempt) on a copy of the
    /// request without credentials, adds the credentials, sends, runs their
    /// [`after_attempt`](Interceptor::after_attempt), and asks the
    /// [`RetryPolicy`] whether to try again.
    pub async fn exec(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> Result<Response, SendError> {
        let span = tracing::debug_span!(
            "http_call",
            operation = info.operation_id,
            method = %request.method(),
            path = request.url().path(),
        );
        self.run(
            client,
            request,
            info.operation_id,
            reqwest::Request::try_clone,
        )
        .instrument(span)
        .await
        .map(|r| self.mark(r, info))
    }

    /// [`exec`](Self::exec) for a request whose body cannot be cloned (a
    /// `multipart/form-data` form is a one-shot stream): `rebuild` makes a
    /// fresh copy of the request before each further attempt, and this
    /// runtime prepares it as [`pre`](Self::pre) did the first. Retries
    /// follow the same rules as `exec`, so an upload is sent again after a
    /// 429 whatever the operation, and after a 5xx or a timeout only when
    /// the operation may be repeated. A `rebuild` that returns `None` ends
    /// the retries.
    pub async fn exec_rebuilding<F>(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        info: &OperationInfo,
        mut rebuild: F,
    ) -> Result<Response, SendError>
    where
        F: FnMut() -> Option<reqwest::Request> + Send,
    {
        let span = tracing::debug_span!(
            "http_call",
            operation = info.operation_id,
            method = %request.method(),
            path = request.url().path(),
        );
        let again = |_: &reqwest::Request| {
            let mut fresh = rebuild()?;
            self.pre(&mut fresh, info);
            Some(fresh)
        };
        self.run(client, request, info.operation_id, again)
            .instrument(span)
            .await
            .map(|r| self.mark(r, info))
    }

    async fn run(
        &self,
        client: &reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &'static str,
        mut again: impl FnMut(&reqwest::Request) -> Option<reqwest::Request> + Send,
    ) -> Result<Response, SendError> {
        let start = Instant::now();
        let deadline = self.deadline.map(|d| start + d);
        let attempt_timeout = request.timeout().copied();
        let idempotent = self.is_idempotent(operation_id, request.method());
        let origin = request.url().origin();
        let max_attempts = self.retry.attempts();
        // The outcome of the previous attempt, kept until the next one is
        // sure to be sent, so it can be returned if it is not.
        let mut last: Option<Result<Response, SendError>> = None;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let spare = if attempt < max_attempts {
                again(&request)
            } else {
                None
            };

            if let Some(limiter) = &self.limiter
                && let Err(limit) = limiter.acquire(operation_id, deadline).await
            {
                tracing::debug!(
                    attempt,
                    pool = limit.pool(),
                    "no rate-limit slot before the deadline"
                );
                return last.unwrap_or(Err(SendError::RateLimited(limit)));
            }
            drop(last.take());

            if let Some(deadline) = deadline {
                let remaining = deadline.saturating_duration_since(Instant::now());
                *request.timeout_mut() =
                    Some(attempt_timeout.map_or(remaining, |t| t.min(remaining)));
            }

            let sent = Instant::now();
            let outcome = match self.before_attempt(&mut request, operation_id, attempt) {
                Err(refusal) => Err(refusal),
                Ok(()) => {
                    self.authorize(&mut request);
                    match client.execute(request).await {
                        Ok(response) => self.same_origin(response, &origin),
                        Err(e) => Err(SendError::Transport(self.redactor.scrub_error(e))),
                    }
                }
            };
            let latency = sent.elapsed();
            let latency_ms = millis(latency);
            let seen = AttemptOutcome {
                operation_id,
                attempt,
                latency,
                result: outcome.as_ref(),
            };
            for interceptor in self.interceptors.iter() {
                interceptor.after_attempt(&seen);
            }
            let verdict = match &outcome {
                Ok(response) => {
                    tracing::debug!(
                        attempt,
                        status = response.status().as_u16(),
                        latency_ms,
                        "response"
                    );
                    self.retry.decide(idempotent, &seen)
                }
                Err(SendError::Transport(err)) => {
                    let error = self.redactor.display(err);
                    tracing::debug!(attempt, %error, latency_ms, "request failed");
                    self.retry.decide(idempotent, &seen)
                }
                Err(refusal) => {
                    let error = self.redactor.display(refusal);
                    tracing::debug!(attempt, %error, latency_ms, "response refused");
                    Verdict::Done
                }
            };

            let wait = match verdict {
                Verdict::Done => None,
                Verdict::Backoff => Some(self.retry.backoff(attempt)),
                Verdict::RetryAfter(wait) => Some(wait),
            };
            let (Some(wait), Some(next)) = (wait, spare) else {
                return outcome;
            };
            if deadline.is_some_and(|d| Instant::now() + wait >= d) {
                tracing::debug!(
                    attempt,
                    wait_ms = millis(wait),
                    "no retry: the wait would pass the deadline"
                );
                return outcome;
            }
            tracing::debug!(attempt, wait_ms = millis(wait), "retrying");
            last = Some(outcome);
            tokio::time::sleep(wait).await;
            request = next;
        }
    }

    /// Runs every interceptor's `before_attempt` on `request`, stopping at
    /// the first that fails.
    fn before_attempt(
        &self,
        request: &mut reqwest::Request,
        operation_id: &'static str,
        attempt: u32,
    ) -> Result<(), SendError> {
        let mut ctx = AttemptContext {
            request,
            operation_id,
            attempt,
        };
        for interceptor in self.interceptors.iter() {
            interceptor.before_attempt(&mut ctx).map_err(|e| {
                SendError::Interceptor(InterceptorError::new(operation_id, attempt, e))
            })?;
        }
        Ok(())
    }

    /// `response`, wrapped for the caller, unless it comes from another
    /// origin than `origin`: the second line of defence behind the
    /// redirect policy of [`http_client_builder`], for a caller-supplied
    /// `reqwest::Client` that follows redirects across origins. The
    /// credentials may have reached the other origin already; its answer is
    /// not passed on as the provider's.
    fn same_origin(
        &self,
        response: reqwest::Response,
        origin: &url::Origin,
    ) -> Result<Response, SendError> {
        if is_of_origin(response.url(), origin) {
            return Ok(Response::new(response, Arc::clone(&self.redactor)));
        }
        let reached = response.url().origin();
        Err(SendError::CrossOrigin(CrossOriginRedirect {
            requested: origin.ascii_serialization(),
            reached: reached.ascii_serialization(),
        }))
    }
}

/// Whether `url` is of `origin`, compared without building the URL's own
/// origin (which allocates its scheme and host on every call). An opaque
/// origin is of no URL, as `Origin`'s equality has it.
fn is_of_origin(url: &reqwest::Url, origin: &url::Origin) -> bool {
    use url::Host;
    let url::Origin::Tuple(scheme, host, port) = origin else {
        return false;
    };
    let same_host = match (host, url.host()) {
        (Host::Domain(a), Some(Host::Domain(b))) => a == b,
        (Host::Ipv4(a), Some(Host::Ipv4(b))) => *a == b,
        (Host::Ipv6(a), Some(Host::Ipv6(b))) => *a == b,
        _ => false,
    };
    same_host && url.scheme() == scheme && url.port_or_known_default() == Some(*port)
}

/// Why the runtime refused a response: it came from another origin (scheme,
/// host and port) than the request was sent to, through a redirect that the
/// `reqwest::Client` followed. The clients built by [`ClientBuilder`] never
/// follow such a redirect (see [`http_client_builder`]); a client of your
/// own should be built from [`http_client_builder`] too, since by the time
/// the runtime sees the response, the request (credentials included) has
/// reached the other origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossOriginRedirect {
    requested: String,
    reached: String,
}

impl CrossOriginRedirect {
    /// The origin the request was sent to, such as `https://api.example`.
    pub fn requested(&self) -> &str {
        &self.requested
    }

    /// The origin the response came from.
    pub fn reached(&self) -> &str {
        &self.reached
    }
}

impl std::fmt::Display for CrossOriginRedirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "refused a response from {} to a request sent to {}: the HTTP client followed a \
             redirect to another origin (build it from `http_client_builder()`, which does not)",
            self.reached, self.requested
        )
    }
}

impl std::error::Error for CrossOriginRedirect {}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    #[test]
    fn origins_compare_as_url_does() {
        let urls = [
            "http://127.0.0.1:8080/a",
            "http://127.0.0.1:8081/a",
            "https://127.0.0.1:8080/a",
            "http://[::1]:8080/a",
            "https://api.example/v1?x=1",
            "https://API.example:443/other",
            "https://api.example:444/",
            "http://api.example/",
            "https://other.example/",
            "data:text/plain,hi",
        ];
        for a in urls {
            let a = reqwest::Url::parse(a).unwrap();
            for b in urls {
                let b = reqwest::Url::parse(b).unwrap();
                assert_eq!(
                    super::is_of_origin(&b, &a.origin()),
                    a.origin() == b.origin(),
                    "{a} {b}"
                );
            }
        }
    }
}
