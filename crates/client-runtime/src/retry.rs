//! When and how long to wait before sending a request again.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::AttemptOutcome;
use reqwest::{Method, StatusCode};

/// How [`Runtime::exec`](crate::Runtime::exec) retries a failed attempt.
///
/// An attempt is retried when the server answers 429, 502, 503 or 504, or
/// when the request fails without a response (connection refused or reset,
/// timeout), and only when sending it again is safe. Safety is a property
/// of the operation, not of its HTTP method: each provider's spec says
/// which operations may be repeated (`x-idempotent`), and generated clients
/// hand that list to the runtime
/// ([`Runtime::with_idempotent_operations`](crate::Runtime::with_idempotent_operations)):
///
/// - every operation is retried after a 429 or a failure to connect, since
///   the server cannot have acted on the request;
/// - an operation that may be repeated is also retried after a 502, 503 or
///   504, a timeout, or a connection lost after the request was sent;
/// - any other operation is not, unless
///   [`retry_non_idempotent(true)`](Self::retry_non_idempotent);
/// - a runtime given no list decides by the HTTP method (`GET`, `HEAD`,
///   `PUT`, `DELETE`, `OPTIONS` and `TRACE` may be repeated).
///
/// A request whose body is a one-shot stream can only be retried when the
/// caller can build it again
/// ([`Runtime::exec_rebuilding`](crate::Runtime::exec_rebuilding), which
/// generated multipart uploads use); otherwise it is sent once.
///
/// Between attempts the runtime waits for the server's `Retry-After`
/// (seconds or an HTTP date) if it sent one, otherwise for an exponential
/// backoff with full jitter: a random time between zero and
/// `min(max_backoff, initial_backoff × 2^(attempt − 1))`. A `Retry-After`
/// longer than [`max_retry_after`](Self::max_retry_after), or a wait that
/// would pass the call's deadline, ends the retries at once. When the
/// retries end, the last response (say, the final 503) or error is returned.
///
/// Defaults ([`RetryPolicy::default`]): 3 attempts, 200 ms initial backoff,
/// 10 s maximum backoff, 60 s maximum `Retry-After`, operations that are safe
/// to repeat only.
///
/// The rules above are the built-in classification. A
/// [`RetryClassifier`] set with [`classifier`](Self::classifier) is asked
/// first after every attempt that got a response or a transport error, and
/// either decides or defers to them ([`Decision::Default`]). The number of
/// attempts and the deadline bound its retries too; a refusal of the
/// runtime's own (the rate limiter, a response from another origin, an
/// interceptor) is never retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
    classifier: Option<Classifier>,
}

/// Decides, after an attempt, whether the call is retried: the seam for
/// rules of your own (a provider's 409 that means "busy, try again", a 503
/// that must not be repeated), set with
/// [`RetryPolicy::classifier`] or [`ClientBuilder::retry_classifier`](crate::ClientBuilder::retry_classifier).
///
/// It sees each attempt's outcome (status and headers, or the transport
/// error) and whether the operation may be repeated after the server may
/// have received it (`idempotent`, from the provider's spec). Returning
/// [`Decision::Default`] leaves the decision to the built-in rules, which
/// keep retry safety: an operation that is not idempotent is not retried
/// after a 5xx, a timeout or a lost connection. A classifier that returns
/// [`Decision::Retry`] or [`Decision::RetryAfter`] overrides that too, for
/// any operation: the first attempt may have taken effect, so check
/// `idempotent` unless the server deduplicates requests.
pub trait RetryClassifier: Send + Sync + 'static {
    /// What to do after `attempt` of an operation that may (`idempotent`)
    /// or may not be repeated once the server may have received it.
    fn classify(&self, attempt: &AttemptOutcome<'_>, idempotent: bool) -> Decision;
}

/// A [`RetryClassifier`]'s answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Defer to the built-in rules.
    Default,
    /// Retry after the policy's jittered backoff.
    Retry,
    /// Retry after this wait (not capped by
    /// [`max_retry_after`](RetryPolicy::max_retry_after)).
    RetryAfter(Duration),
    /// Do not retry: the call returns this outcome.
    Stop,
}

/// A policy's classifier; policies compare equal when they share it.
#[derive(Clone)]
struct Classifier(Arc<dyn RetryClassifier>);

impl PartialEq for Classifier {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Classifier {}

impl fmt::Debug for Classifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RetryClassifier")
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
            classifier: None,
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// Never retries: every request is sent once.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts per call, the first included (default 3; 0 counts as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Upper bound of the first backoff (default 200 ms); each further
    /// retry doubles it, up to [`max_backoff`](Self::max_backoff).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Largest backoff between two attempts (default 10 s).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Longest `Retry-After` the runtime waits for (default 60 s). When the
    /// server asks for more, the response is returned without retrying, so
    /// the caller can see it (as a rate-limit error with its `retry_after`).
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Also retries operations that are not safe to repeat after a 5xx, a
    /// timeout or a lost connection (default `false`). The first attempt may
    /// have taken effect, so a retry can, say, place an order twice: use it
    /// only when the server deduplicates requests.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Asks `classifier` first after every attempt (see
    /// [`RetryClassifier`]); it replaces a classifier set before.
    pub fn classifier(mut self, classifier: impl RetryClassifier) -> Self {
        self.classifier = Some(Classifier(Arc::new(classifier)));
        self
    }

    /// Attempts per call, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The random backoff before retry number `retry` (1 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let shift = retry.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << shift)
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(uniform_up_to(nanos))
    }

    /// Decides what to do after `seen`, an attempt that got a response or a
    /// transport error: the classifier first, then the built-in rules.
    pub(crate) fn decide(&self, idempotent: bool, seen: &AttemptOutcome<'_>) -> Verdict {
        let decision = match &self.classifier {
            Some(Classifier(classifier)) => classifier.classify(seen, idempotent),
            None => Decision::Default,
        };
        match decision {
            Decision::Retry => Verdict::Backoff,
            Decision::RetryAfter(wait) => Verdict::RetryAfter(wait),
            Decision::Stop => Verdict::Done,
            Decision::Default => match seen.result() {
                Ok(response) => self.judge(
                    idempotent,
                    Outcome::Response {
                        status: response.status(),
                        headers: response.headers(),
                    },
                ),
                Err(crate::SendError::Transport(err)) => {
                    self.judge(idempotent, Outcome::Error(err))
                }
                Err(_) => Verdict::Done,
            },
        }
    }

    /// Decides what to do after an attempt of an operation that may
    /// (`idempotent`) or may not be repeated once the server may have
    /// received it.
    pub(crate) fn judge(&self, idempotent: bool, outcome: Outcome<'_>) -> Verdict {
        let safe = self.retry_non_idempotent || idempotent;
        match outcome {
            Outcome::Response { status, headers } => {
                let retryable = match status {
                    StatusCode::TOO_MANY_REQUESTS => true,
                    StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT => safe,
                    _ => false,
                };
                if !retryable {
                    return Verdict::Done;
                }
                match retry_after(headers, SystemTime::now()) {
                    Some(wait) if wait > self.max_retry_after => Verdict::Done,
                    Some(wait) => Verdict::RetryAfter(wait),
                    None => Verdict::Backoff,
                }
            }
            Outcome::Error(err) => {
                if err.is_connect() || (safe && (err.is_timeout() || err.is_request())) {
                    Verdict::Backoff
                } else {
                    Verdict::Done
                }
            }
        }
    }
}

/// What one attempt produced, as far as retrying is concerned.
pub(crate) enum Outcome<'a> {
    Response {
        status: StatusCode,
        headers: &'a HeaderMap,
    },
    Error(&'a reqwest::Error),
}

/// What to do after an attempt.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Return this outcome.
    Done,
    /// Retry after a jittered backoff.
    Backoff,
    /// Retry after the server's `Retry-After`.
    RetryAfter(Duration),
}

/// `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE` (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// The wait a `Retry-After` header asks for, as delta-seconds or as an
/// HTTP date (a date in the past means no wait). `None` when the header is
/// absent or malformed.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random number in `0..=max`, for jitter: not for anything secret.
fn uniform_up_to(max: u64) -> u64 {
    fastrand::u64(0..=max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn parses_both_forms_of_retry_after() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            retry_after(&headers(" 120 "), now),
            Some(Duration::from_secs(120))
        );
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:50:07 GMT"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after(&headers("Sunday, 06-Nov-94 08:50:07 GMT"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(&headers("Sun Nov  6 08:50:07 1994"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&headers("-1"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn jitter_covers_the_range_and_stays_in_it() {
        assert_eq!(uniform_up_to(0), 0);
        let draws: Vec<u64> = (0..2000).map(|_| uniform_up_to(9)).collect();
        assert!(draws.iter().all(|d| *d <= 9));
        for value in 0..=9 {
            let n = draws.iter().filter(|d| **d == value).count();
            assert!((100..=300).contains(&n), "{value} drawn {n} times of 2000");
        }
        let _ = uniform_up_to(u64::MAX);
    }

    #[test]
    fn backoff_is_jittered_below_a_doubling_ceiling() {
        let p = RetryPolicy::new()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for _ in 0..200 {
            assert!(p.backoff(1) <= Duration::from_millis(100));
            assert!(p.backoff(2) <= Duration::from_millis(200));
            assert!(p.backoff(3) <= Duration::from_millis(350));
            assert!(p.backoff(40) <= Duration::from_millis(350));
        }
        let spread: std::collections::HashSet<_> = (0..50).map(|_| p.backoff(3)).collect();
        assert!(spread.len() > 1, "full jitter draws different waits");
    }

    #[test]
    fn retries_only_what_is_safe() {
        let p = RetryPolicy::new();
        let none = HeaderMap::new();
        // `true`: the operation may be repeated once the server may have it.
        let judge = |p: &RetryPolicy, idempotent: bool, s: u16| {
            p.judge(
                idempotent,
                Outcome::Response {
                    status: StatusCode::from_u16(s).unwrap(),
                    headers: &none,
                },
            )
        };
        for s in [429, 502, 503, 504] {
            assert_eq!(judge(&p, true, s), Verdict::Backoff, "{s}");
        }
        for s in [200, 400, 404, 500, 501] {
            assert_eq!(judge(&p, true, s), Verdict::Done, "{s}");
        }
        assert_eq!(judge(&p, false, 429), Verdict::Backoff);
        assert_eq!(judge(&p, false, 503), Verdict::Done);
        assert_eq!(judge(&p, false, 502), Verdict::Done);
        let bold = RetryPolicy::new().retry_non_idempotent(true);
        assert_eq!(judge(&bold, false, 503), Verdict::Backoff);

        let long = headers("61");
        let short = headers("2");
        let with = |h: &HeaderMap| {
            p.judge(
                true,
                Outcome::Response {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    headers: h,
                },
            )
        };
        assert_eq!(with(&long), Verdict::Done);
        assert_eq!(with(&short), Verdict::RetryAfter(Duration::from_secs(2)));
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::new().max_attempts(0).attempts(), 1);
    }
}
