//! What the runtime's send path hands back: a [`Response`] or a
//! [`SendError`], the runtime's own outcome type.
//!
//! [`Runtime::exec`](crate::Runtime::exec) returns
//! `Result<Response, SendError>`. A refusal of the runtime's own (the rate
//! limiter had no slot before the deadline, a response came from another
//! origin, an interceptor stopped an attempt) is a variant of its own
//! rather than a disguised `reqwest::Error`, and the outcome becomes the
//! caller's [`Error`](crate::Error) exactly once, through `From`.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::redact::Redactor;
use crate::{CrossOriginRedirect, LocalRateLimit};

/// A response as the runtime hands it over: reqwest's response, with its
/// real URL, together with the [`Redactor`] of the client that received it.
///
/// It dereferences to `reqwest::Response` for reading the status, headers
/// and URL; [`into_inner`](Self::into_inner) takes the response out to read
/// its body. Its `Debug` shows the status and the URL scrubbed by the
/// client's redactor, never a query credential or a header value, which is
/// why the runtime wraps the response instead of returning reqwest's, whose
/// `Debug` prints both. `Response::url` (through `Deref`) is the URL the
/// request went to, credentials included: format it with
/// [`redacted_url`](Self::redacted_url) instead.
pub struct Response {
    inner: reqwest::Response,
    redactor: Arc<Redactor>,
}

impl Response {
    /// Wraps `inner`, a response received by the client whose redactor is
    /// `redactor`.
    pub fn new(inner: reqwest::Response, redactor: Arc<Redactor>) -> Self {
        Self { inner, redactor }
    }

    /// The response, to read its body.
    pub fn into_inner(self) -> reqwest::Response {
        self.inner
    }

    /// The URL of the response, with the client's secrets scrubbed.
    pub fn redacted_url(&self) -> String {
        self.redactor.redact_url(self.inner.url())
    }

    /// What the client that received this response scrubs from text.
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// The response itself, to attach what the decoder needs to know.
    pub(crate) fn inner_mut(&mut self) -> &mut reqwest::Response {
        &mut self.inner
    }

    /// The shared redactor, for wrapping a response rebuilt from this one.
    pub(crate) fn redactor_arc(&self) -> &Arc<Redactor> {
        &self.redactor
    }
}

impl Deref for Response {
    type Target = reqwest::Response;

    fn deref(&self) -> &reqwest::Response {
        &self.inner
    }
}

impl From<Response> for reqwest::Response {
    fn from(response: Response) -> Self {
        response.inner
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Headers are left out: they may hold cookies or tokens.
        f.debug_struct("Response")
            .field("status", &self.inner.status())
            .field("url", &self.redacted_url())
            .finish_non_exhaustive()
    }
}

/// Why [`Runtime::exec`](crate::Runtime::exec) has no response to hand
/// over: reqwest failed, or the runtime refused the call itself.
///
/// Each variant becomes one variant of [`Error`](crate::Error) (see its
/// `From<SendError>`). `Display` says what happened at this level and
/// `source()` leads to the cause; neither shows a credential, since the URL
/// of a reqwest error is scrubbed before it is put here.
#[derive(Debug)]
#[non_exhaustive]
pub enum SendError {
    /// The request could not be sent or its response not received
    /// (connection refused or reset, a timeout, TLS, a redirect loop). The
    /// error's URL is scrubbed by the client's redactor.
    Transport(reqwest::Error),
    /// The client-side rate limiter has no slot before the call's deadline;
    /// nothing was sent for this attempt.
    RateLimited(LocalRateLimit),
    /// The response came from another origin than the request was sent to
    /// and is not passed on.
    CrossOrigin(CrossOriginRedirect),
    /// An [`Interceptor`](crate::Interceptor) stopped an attempt before it
    /// was sent.
    Interceptor(InterceptorError),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Transport(_) => f.write_str("could not complete the HTTP exchange"),
            SendError::RateLimited(_) => f.write_str("refused by the client-side rate limiter"),
            SendError::CrossOrigin(_) => f.write_str("refused a response from another origin"),
            SendError::Interceptor(_) => f.write_str("an interceptor stopped the request"),
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::Transport(e) => Some(e),
            SendError::RateLimited(e) => Some(e),
            SendError::CrossOrigin(e) => Some(e),
            SendError::Interceptor(e) => Some(e),
        }
    }
}
/// A boxed error, as an [`Interceptor`](crate::Interceptor) returns it.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An interceptor's refusal of an attempt: which operation and attempt,
/// and the interceptor's own error as the `source()`.
///
/// `Display` names the operation and the attempt; the interceptor's error
/// is reached through `source()` (and downcast there to its own type). It
/// is the interceptor's text: interceptors see requests before credentials
/// are applied, so it cannot quote one the runtime added.
#[derive(Debug)]
pub struct InterceptorError {
    operation_id: &'static str,
    attempt: u32,
    source: BoxError,
}

impl InterceptorError {
    pub(crate) fn new(operation_id: &'static str, attempt: u32, source: BoxError) -> Self {
        Self {
            operation_id,
            attempt,
            source,
        }
    }

    /// The operation whose attempt was stopped.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Which attempt was stopped (1 for the first).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The interceptor's error.
    pub fn error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.source
    }
}

impl fmt::Display for InterceptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an interceptor refused attempt {} of `{}`; it was not sent",
            self.attempt, self.operation_id
        )
    }
}

impl std::error::Error for InterceptorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}
