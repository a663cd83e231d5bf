//! User hooks around each attempt: [`Interceptor`], with what it sees
//! before an attempt ([`AttemptContext`]) and after it ([`AttemptOutcome`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;

use crate::send::{BoxError, Response, SendError};

/// Behaviour added around every attempt of every call of a client: add a
/// header, record metrics, inspect a response.
///
/// Interceptors are added with
/// [`ClientBuilder::interceptor`](crate::ClientBuilder::interceptor) (or
/// [`Runtime::with_interceptor`](crate::Runtime::with_interceptor)) and run
/// in the order they were added, on every attempt, retries included:
///
/// - [`before_attempt`](Self::before_attempt) runs once the rate limiter
///   has let the attempt through and before it is sent. It may change the
///   request (a header it adds is sent). An error stops the call: the
///   attempt is not sent, no later interceptor's `before_attempt` runs, and
///   the call fails with [`Error::Interceptor`](crate::Error::Interceptor)
///   (never retried).
/// - [`after_attempt`](Self::after_attempt) runs for every attempt whose
///   `before_attempt` hooks ran, with its outcome: the response's status
///   and headers, a transport error, or the refusal. It cannot change the
///   outcome; retrying is the [`RetryClassifier`](crate::RetryClassifier)'s
///   business.
///
/// **Credentials are applied after `before_attempt`**, so an interceptor
/// never sees them: no `Authorization` or secret header, no query
/// credential in the URL or form body. (A multipart upload's credential
/// parts are in its body, which is a stream no interceptor can read.) The
/// runtime's extra headers, such as CALLR's `CALLR-Login-As`, are there.
/// A header an interceptor sets with the name of a credential header is
/// replaced by the credential.
pub trait Interceptor: Send + Sync + 'static {
    /// Runs before an attempt is sent; may change the request or stop the
    /// call.
    fn before_attempt(&self, ctx: &mut AttemptContext<'_>) -> Result<(), BoxError> {
        let _ = ctx;
        Ok(())
    }

    /// Runs after an attempt, with what it produced.
    fn after_attempt(&self, outcome: &AttemptOutcome<'_>) {
        let _ = outcome;
    }
}

/// An attempt about to be sent, as [`Interceptor::before_attempt`] sees it:
/// the request (without credentials), the operation and the attempt number.
pub struct AttemptContext<'a> {
    pub(crate) request: &'a mut reqwest::Request,
    pub(crate) operation_id: &'static str,
    pub(crate) attempt: u32,
}

impl AttemptContext<'_> {
    /// The request about to be sent, credentials not yet applied.
    pub fn request(&self) -> &reqwest::Request {
        self.request
    }

    /// The request, to change it (say, to add a header).
    pub fn request_mut(&mut self) -> &mut reqwest::Request {
        self.request
    }

    /// The spec's `operationId` (or JSON-RPC method, in snake case).
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Which attempt this is: 1 for the first, 2 for the first retry.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

impl fmt::Debug for AttemptContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptContext")
            .field("operation_id", &self.operation_id)
            .field("attempt", &self.attempt)
            .field("method", self.request.method())
            .field("path", &self.request.url().path())
            .finish_non_exhaustive()
    }
}

/// What one attempt produced, as [`Interceptor::after_attempt`] and the
/// [`RetryClassifier`](crate::RetryClassifier) see it.
pub struct AttemptOutcome<'a> {
    pub(crate) operation_id: &'static str,
    pub(crate) attempt: u32,
    pub(crate) latency: Duration,
    pub(crate) result: Result<&'a Response, &'a SendError>,
}

impl<'a> AttemptOutcome<'a> {
    /// The spec's `operationId` (or JSON-RPC method, in snake case).
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Which attempt this was: 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// How long the attempt took, from sending to the response's headers
    /// (zero for an attempt that was not sent).
    pub fn latency(&self) -> Duration {
        self.latency
    }

    /// The response (status and headers; its body is not read yet) or why
    /// there is none.
    pub fn result(&self) -> Result<&'a Response, &'a SendError> {
        self.result
    }

    /// The response, if the server answered.
    pub fn response(&self) -> Option<&'a Response> {
        self.result.ok()
    }

    /// The response's status, if the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.response().map(|r| r.status())
    }

    /// Why there is no response, if there is none.
    pub fn error(&self) -> Option<&'a SendError> {
        self.result.err()
    }
}

impl fmt::Debug for AttemptOutcome<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptOutcome")
            .field("operation_id", &self.operation_id)
            .field("attempt", &self.attempt)
            .field("latency", &self.latency)
            .field("result", &self.result)
            .finish()
    }
}

/// A client's interceptors, in the order they were added; shared by
/// clones of the runtime.
#[derive(Clone, Default)]
pub(crate) struct Interceptors(Arc<[Arc<dyn Interceptor>]>);

impl Interceptors {
    pub(crate) fn with(&self, interceptor: Arc<dyn Interceptor>) -> Self {
        Self(self.0.iter().cloned().chain([interceptor]).collect())
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Arc<dyn Interceptor>> {
        self.0.iter()
    }
}

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} interceptor(s)", self.0.len())
    }
}
