//! When and how long to wait before sending a request again.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How [`Runtime::exec`](crate::Runtime::exec) retries a failed attempt.
///
/// An attempt is retried when the server answers 429, 502, 503 or 504, or
/// when the request fails without a response (connection refused or reset,
/// timeout), and only when sending it again is safe:
///
/// - idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`)
///   are retried in all those cases;
/// - any method is retried after a 429 or a failure to connect, since the
///   server cannot have acted on the request;
/// - other methods (`POST`, `PATCH`) are not retried after a 5xx, a timeout
///   or a connection lost mid-flight, unless
///   [`retry_non_idempotent(true)`](Self::retry_non_idempotent);
/// - a request whose body cannot be replayed (a stream) is sent once.
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
/// 10 s maximum backoff, 60 s maximum `Retry-After`, idempotent requests only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
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

    /// Also retries `POST` and `PATCH` after a 5xx, a timeout or a lost
    /// connection (default `false`). Only for operations the provider
    /// documents as safe to repeat: the first attempt may have taken effect.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
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
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// Decides what to do after an attempt of a request with `method`.
    pub(crate) fn judge(&self, method: &Method, outcome: Outcome<'_>) -> Verdict {
        let safe = self.retry_non_idempotent || is_idempotent(method);
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
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&headers("-1"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
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
        let judge = |p: &RetryPolicy, m: Method, s: u16| {
            p.judge(
                &m,
                Outcome::Response {
                    status: StatusCode::from_u16(s).unwrap(),
                    headers: &none,
                },
            )
        };
        for s in [429, 502, 503, 504] {
            assert_eq!(judge(&p, Method::GET, s), Verdict::Backoff, "{s}");
        }
        for s in [200, 400, 404, 500, 501] {
            assert_eq!(judge(&p, Method::GET, s), Verdict::Done, "{s}");
        }
        assert_eq!(judge(&p, Method::POST, 429), Verdict::Backoff);
        assert_eq!(judge(&p, Method::POST, 503), Verdict::Done);
        assert_eq!(judge(&p, Method::PATCH, 502), Verdict::Done);
        let bold = RetryPolicy::new().retry_non_idempotent(true);
        assert_eq!(judge(&bold, Method::POST, 503), Verdict::Backoff);

        let long = headers("61");
        let short = headers("2");
        let with = |h: &HeaderMap| {
            p.judge(
                &Method::GET,
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
