//! One error type for every generated client.

use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::CrossOriginRedirect;
use crate::limit::LocalRateLimit;
use crate::redact::{Redactor, redact_text, scrub_error};

/// The most bytes of a response body an [`Error`] keeps.
pub const MAX_RAW_BODY: usize = 64 * 1024;

/// Why a call failed, classified for the caller: was it the network, the
/// clock, a rate limit, the server's answer, or our decoding of it?
///
/// Convert from the generated code's [`support::Error`](crate::support::Error) with `From` (or with
/// [`Error::from_progenitor`], which also keeps the body of an undocumented
/// error response). `E` is the provider's typed error body.
///
/// `Display` describes this level only and `source()` leads to the cause;
/// neither, nor `Debug`, ever shows a credential: URLs are scrubbed with
/// [`redact_url`](crate::redact_url) and header values are never printed.
/// [`Redacted`](crate::Redacted) prints the whole chain on one line.
///
/// What the server sent (a provider message, a typed error body, a raw
/// body, serde_json's account of a bad body) is scrubbed of the client's
/// own credential values when the generated code builds the error (see
/// [`Error::redacted`] and [`Redactor`]), so a server that echoes a
/// credential back cannot make the error show it.
#[non_exhaustive]
pub enum Error<E = ()> {
    /// The request could not be sent or its response not received: connection
    /// refused or reset, a body cut short, TLS, a redirect loop.
    Transport(reqwest::Error),
    /// An attempt, or the call as a whole, ran out of time.
    Timeout(reqwest::Error),
    /// Too many requests: the server answered 429, or the client-side rate
    /// limit has no slot before the call's deadline.
    #[non_exhaustive]
    RateLimited {
        /// How long to wait before trying again, when known.
        retry_after: Option<Duration>,
        /// The client-side limiter's refusal (its pool and wait) when the
        /// limit is the client's own: nothing was sent. `None` when the
        /// server said so.
        local: Option<LocalRateLimit>,
    },
    /// The server answered with an error status (other than 429).
    #[non_exhaustive]
    Status {
        /// The status.
        status: StatusCode,
        /// The provider's typed error body, when the status is documented.
        body: Option<E>,
        /// The raw body when it was read here (at most [`MAX_RAW_BODY`]
        /// bytes; empty when the generated code already decoded it).
        raw: Bytes,
    },
    /// A success response whose body does not decode into the documented type.
    #[non_exhaustive]
    Decode {
        /// The body as received, truncated to [`MAX_RAW_BODY`] bytes.
        raw: Bytes,
        /// What serde_json said.
        source: serde_json::Error,
    },
    /// A provider-level error reported inside a successful response.
    #[non_exhaustive]
    Provider {
        /// The provider's (first) error code.
        code: String,
        /// The provider's (first) message.
        message: String,
        /// Every `(code, message)` pair the provider reported, in order.
        messages: Vec<(String, String)>,
        /// Extra data the provider attached (a JSON-RPC error's `data`).
        data: Option<serde_json::Value>,
    },
    /// The request could not be built (an invalid parameter value).
    Request(String),
    /// A paging stream stopped because the server's pages would not cover
    /// the list exactly once (it ignores the offset, or the list does not
    /// end within the page cap); see [`paging`](crate::paging).
    Paging(crate::paging::PagingError),
    /// The runtime refused a response from another origin than the request
    /// was sent to: a caller-supplied `reqwest::Client` followed a redirect
    /// there (see [`CrossOriginRedirect`]).
    CrossOrigin(CrossOriginRedirect),
    /// An [`Interceptor`](crate::Interceptor) stopped the call before an
    /// attempt was sent; its error is the `source()`.
    Interceptor(crate::InterceptorError),
}

impl<E> From<crate::paging::PagingError> for Error<E> {
    fn from(err: crate::paging::PagingError) -> Self {
        Error::Paging(err)
    }
}

/// Decodes the body of a documented error response into `E`. A body that
/// does not decode (an HTML page from a proxy, say) keeps its status: it
/// comes back as an unexpected response holding the same bytes, which
/// [`Error::from_progenitor`] turns into [`Error::Status`] with the raw body.
/// The body is scrubbed by `redactor` before it is decoded, so the typed
/// body (and its `Debug`) holds no credential the server echoed.
///
/// Error bodies decode strictly: a body that is not exactly the documented
/// shape (another JSON object, say) is not dressed up as the typed error,
/// which would be mostly empty; its bytes stay in the error instead.
#[doc(hidden)]
pub async fn error_response<E: crate::tolerant::Tolerant>(
    response: crate::Response,
    redactor: &Redactor,
) -> crate::support::Error<E> {
    let status = response.status();
    let headers = response.headers().clone();
    let shared = std::sync::Arc::clone(response.redactor_arc());
    // Read no more than an error keeps: a typed error body is small, and a
    // longer one comes back as the status with the capped raw body.
    let bytes = match try_read_capped(response.into_inner()).await {
        Ok(bytes) => redactor.redact_bytes(bytes),
        Err(e) => return crate::support::Error::ResponseBodyError(e),
    };
    match crate::tolerant::decode_slice::<E>(&bytes, true) {
        Ok(body) => crate::support::Error::ErrorResponse(crate::support::ResponseValue::new(
            body.value, status, headers,
        )),
        Err(_) => {
            let mut rebuilt = http::Response::new(reqwest::Body::from(bytes));
            *rebuilt.status_mut() = status;
            *rebuilt.headers_mut() = headers;
            crate::support::Error::UnexpectedResponse(crate::Response::new(
                reqwest::Response::from(rebuilt),
                shared,
            ))
        }
    }
}

impl<E> Error<E> {
    /// A [`Error::Provider`] error.
    pub fn provider(code: impl Into<String>, message: impl Into<String>) -> Self {
        let (code, message) = (code.into(), message.into());
        Self::Provider {
            messages: vec![(code.clone(), message.clone())],
            code,
            message,
            data: None,
        }
    }

    /// A [`Error::Provider`] error carrying every `(code, message)` pair;
    /// `code` and `message` are the first pair's (empty if there is none).
    pub fn provider_messages(messages: Vec<(String, String)>) -> Self {
        let (code, message) = messages.first().cloned().unwrap_or_default();
        Self::Provider {
            code,
            message,
            messages,
            data: None,
        }
    }

    /// A JSON-RPC error: its `code`, `message` and `data`.
    pub fn rpc(code: i64, message: impl Into<String>, data: Option<serde_json::Value>) -> Self {
        let (code, message) = (code.to_string(), message.into());
        Self::Provider {
            messages: vec![(code.clone(), message.clone())],
            code,
            message,
            data,
        }
    }

    /// The provider's error codes, for an [`Error::Provider`].
    pub fn provider_codes(&self) -> impl Iterator<Item = &str> {
        let messages: &[(String, String)] = match self {
            Error::Provider { messages, .. } => messages,
            _ => &[],
        };
        messages.iter().map(|(code, _)| code.as_str())
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. } => Some(*status),
            Error::Transport(e) | Error::Timeout(e) => e.status(),
            _ => None,
        }
    }

    /// How long to wait before trying again, for a rate limit that says.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Like `From`, but also reads (up to [`MAX_RAW_BODY`] bytes of) the
    /// body of an undocumented response into [`Error::Status::raw`].
    pub async fn from_progenitor(err: crate::support::Error<E>) -> Self {
        match err {
            crate::support::Error::UnexpectedResponse(response)
                if response.status() != StatusCode::TOO_MANY_REQUESTS =>
            {
                let status = response.status();
                Error::Status {
                    status,
                    body: None,
                    raw: read_capped(response.into_inner()).await,
                }
            }
            other => other.into(),
        }
    }

    /// This error with `redactor`'s credential values (and secret query
    /// parameters) scrubbed from everything it holds that came from the
    /// server or names a URL: the raw body of [`Error::Status`] and
    /// [`Error::Decode`], serde_json's message (rebuilt, with the same
    /// text, when it quotes a credential; its line and column are then
    /// part of the text only), a provider's codes, messages and data, an
    /// invalid request's message, and the URL of a transport error.
    ///
    /// A typed body `E` cannot be scrubbed after decoding; the generated
    /// code scrubs its bytes before (see `error_response`). The generated
    /// `send` calls this on every error (never on a success).
    pub fn redacted(self, redactor: &Redactor) -> Self {
        let text = |s: String| redactor.redact_text(&s);
        match self {
            Error::Transport(e) => Error::Transport(redactor.scrub_error(e)),
            Error::Timeout(e) => Error::Timeout(redactor.scrub_error(e)),
            Error::Status { status, body, raw } => Error::Status {
                status,
                body,
                raw: redactor.redact_bytes(raw),
            },
            Error::Decode { raw, source } => {
                let message = source.to_string();
                let clean = redactor.redact_text(&message);
                let source = if clean == message {
                    source
                } else {
                    <serde_json::Error as serde::de::Error>::custom(clean)
                };
                Error::Decode {
                    raw: redactor.redact_bytes(raw),
                    source,
                }
            }
            Error::Provider {
                code,
                message,
                messages,
                mut data,
            } => {
                if let Some(data) = &mut data {
                    redactor.redact_json(data);
                }
                Error::Provider {
                    code: text(code),
                    message: text(message),
                    messages: messages
                        .into_iter()
                        .map(|(c, m)| (text(c), text(m)))
                        .collect(),
                    data,
                }
            }
            Error::Request(msg) => Error::Request(text(msg)),
            other @ (Error::RateLimited { .. }
            | Error::Paging(_)
            | Error::CrossOrigin(_)
            | Error::Interceptor(_)) => other,
        }
    }

    fn from_reqwest(err: reqwest::Error) -> Self {
        let err = scrub_error(err);
        if err.is_timeout() {
            Error::Timeout(err)
        } else if let Some(status) = err.status() {
            if status == StatusCode::TOO_MANY_REQUESTS {
                Error::RateLimited {
                    retry_after: None,
                    local: None,
                }
            } else {
                Error::Status {
                    status,
                    body: None,
                    raw: Bytes::new(),
                }
            }
        } else {
            Error::Transport(err)
        }
    }
}

impl<E> From<crate::support::Error<E>> for Error<E> {
    /// Classifies progenitor's error: a 429 becomes [`Error::RateLimited`]
    /// (with the response's `Retry-After`), other error responses
    /// [`Error::Status`], timeouts [`Error::Timeout`], other failures to
    /// send or read [`Error::Transport`], undecodable bodies
    /// [`Error::Decode`], and invalid requests [`Error::Request`].
    fn from(err: crate::support::Error<E>) -> Self {
        use crate::support::Error as P;
        match err {
            P::InvalidRequest(msg) | P::Custom(msg) => Error::Request(msg),
            P::CommunicationError(e) | P::ResponseBodyError(e) => Error::from_reqwest(e),
            P::Refused(e) => e.into(),
            P::ErrorResponse(value) => {
                let status = value.status();
                if status == StatusCode::TOO_MANY_REQUESTS {
                    Error::RateLimited {
                        retry_after: retry_after_of(value.headers()),
                        local: None,
                    }
                } else {
                    Error::Status {
                        status,
                        body: Some(value.into_inner()),
                        raw: Bytes::new(),
                    }
                }
            }
            P::InvalidResponsePayload(raw, source) => Error::Decode {
                raw: cap(raw),
                source,
            },
            P::UnexpectedResponse(response) => {
                let status = response.status();
                if status == StatusCode::TOO_MANY_REQUESTS {
                    Error::RateLimited {
                        retry_after: retry_after_of(response.headers()),
                        local: None,
                    }
                } else {
                    Error::Status {
                        status,
                        body: None,
                        raw: Bytes::new(),
                    }
                }
            }
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    /// Classifies an error from `reqwest`, scrubbing its URL.
    fn from(err: reqwest::Error) -> Self {
        Error::from_reqwest(err)
    }
}

impl<E> From<crate::SendError> for Error<E> {
    /// Classifies the outcome of [`Runtime::exec`](crate::Runtime::exec)
    /// that has no response: a transport error as from `reqwest`, the rate
    /// limiter's refusal as [`Error::RateLimited`] with its wait and
    /// `local` set, a response from another origin as
    /// [`Error::CrossOrigin`], an interceptor's refusal as
    /// [`Error::Interceptor`].
    fn from(err: crate::SendError) -> Self {
        use crate::SendError as S;
        match err {
            S::Transport(e) => Error::from_reqwest(e),
            S::RateLimited(limit) => Error::RateLimited {
                retry_after: Some(limit.wait()),
                local: Some(limit),
            },
            S::CrossOrigin(refusal) => Error::CrossOrigin(refusal),
            S::Interceptor(refusal) => Error::Interceptor(refusal),
        }
    }
}

pub(crate) fn retry_after_of(headers: &HeaderMap) -> Option<Duration> {
    crate::retry::retry_after(headers, SystemTime::now())
}

pub(crate) fn cap(mut raw: Bytes) -> Bytes {
    raw.truncate(MAX_RAW_BODY);
    raw
}

async fn read_capped(mut response: reqwest::Response) -> Bytes {
    let mut raw = Vec::new();
    while raw.len() < MAX_RAW_BODY {
        match response.chunk().await {
            Ok(Some(chunk)) => raw.extend_from_slice(&chunk),
            Ok(None) | Err(_) => break,
        }
    }
    cap(Bytes::from(raw))
}

/// Reads at most [`MAX_RAW_BODY`] bytes of a body, then drops the rest
/// unread; a failure to read is returned, not hidden.
pub(crate) async fn try_read_capped(mut response: reqwest::Response) -> reqwest::Result<Bytes> {
    let mut raw = Vec::new();
    while raw.len() < MAX_RAW_BODY {
        match response.chunk().await? {
            Some(chunk) => {
                raw.extend_from_slice(&chunk[..chunk.len().min(MAX_RAW_BODY - raw.len())])
            }
            None => break,
        }
    }
    Ok(Bytes::from(raw))
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(_) => f.write_str("could not complete the HTTP exchange"),
            Error::Timeout(_) => f.write_str("the request timed out"),
            Error::RateLimited {
                local: Some(_),
                retry_after,
            } => write!(
                f,
                "rate limited by the client-side limit; nothing was sent (retry in {:.1} s)",
                retry_after.unwrap_or_default().as_secs_f64()
            ),
            Error::RateLimited {
                retry_after: Some(wait),
                ..
            } => write!(f, "rate limited; retry in {:.1} s", wait.as_secs_f64()),
            Error::RateLimited { .. } => f.write_str("rate limited"),
            Error::Status { status, .. } if is_redirect(*status) => write!(
                f,
                "the server answered {status}, a redirect the client did not follow \
                 (a redirect to another origin could carry the credentials there)"
            ),
            Error::Status { status, .. } => write!(f, "the server answered {status}"),
            Error::Decode { raw, .. } => write!(
                f,
                "could not decode the response body ({} bytes kept)",
                raw.len()
            ),
            Error::Provider {
                code,
                message,
                messages,
                ..
            } => {
                write!(
                    f,
                    "the provider reported error {}: {}",
                    redact_text(code),
                    redact_text(message)
                )?;
                if messages.len() > 1 {
                    write!(f, " (and {} more)", messages.len() - 1)?;
                }
                Ok(())
            }
            Error::Request(msg) => write!(f, "invalid request: {}", redact_text(msg)),
            Error::Paging(e) => write!(f, "paging stopped: {e}"),
            Error::CrossOrigin(_) => f.write_str("refused a response from another origin"),
            Error::Interceptor(e) => fmt::Display::fmt(e, f),
        }
    }
}

/// The statuses reqwest follows as redirects: one of them coming back as
/// an error means [`http_client_builder`](crate::http_client_builder)'s
/// policy stopped it.
fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // reqwest errors print their URL, which was scrubbed on the way in.
        match self {
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::Timeout(e) => f.debug_tuple("Timeout").field(e).finish(),
            Error::RateLimited { retry_after, local } => f
                .debug_struct("RateLimited")
                .field("retry_after", retry_after)
                .field("local", local)
                .finish(),
            Error::Status { status, body, raw } => f
                .debug_struct("Status")
                .field("status", status)
                .field("body", body)
                .field("raw", &format_args!("<{} bytes>", raw.len()))
                .finish(),
            Error::Decode { raw, source } => f
                .debug_struct("Decode")
                .field("raw", &format_args!("<{} bytes>", raw.len()))
                .field("source", source)
                .finish(),
            Error::Provider {
                code,
                message,
                messages,
                data,
            } => f
                .debug_struct("Provider")
                .field("code", &redact_text(code))
                .field("message", &redact_text(message))
                .field(
                    "messages",
                    &messages
                        .iter()
                        .map(|(c, m)| (redact_text(c), redact_text(m)))
                        .collect::<Vec<_>>(),
                )
                .field("data", &data.as_ref().map(|d| redact_text(&d.to_string())))
                .finish(),
            Error::Request(msg) => f.debug_tuple("Request").field(&redact_text(msg)).finish(),
            Error::Paging(e) => f.debug_tuple("Paging").field(e).finish(),
            Error::CrossOrigin(e) => f.debug_tuple("CrossOrigin").field(e).finish(),
            Error::Interceptor(e) => f.debug_tuple("Interceptor").field(e).finish(),
        }
    }
}

impl<E: fmt::Debug> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Transport(e) | Error::Timeout(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::RateLimited {
                local: Some(limit), ..
            } => Some(limit),
            Error::CrossOrigin(e) => Some(e),
            Error::Interceptor(e) => e.source(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_progenitor_errors_without_a_network() {
        let e: Error<()> = crate::support::Error::<()>::InvalidRequest("bad".into()).into();
        assert!(matches!(e, Error::Request(ref m) if m == "bad"));

        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        let rv = crate::support::ResponseValue::new("body", StatusCode::TOO_MANY_REQUESTS, headers);
        let e: Error<&str> = crate::support::Error::ErrorResponse(rv).into();
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));

        let rv =
            crate::support::ResponseValue::new("nope", StatusCode::NOT_FOUND, HeaderMap::new());
        let e: Error<&str> = crate::support::Error::ErrorResponse(rv).into();
        assert!(matches!(
            e,
            Error::Status {
                body: Some("nope"),
                ..
            }
        ));
        assert_eq!(e.status(), Some(StatusCode::NOT_FOUND));

        let serde = serde_json::from_slice::<u8>(b"x").unwrap_err();
        let big = Bytes::from(vec![b'x'; MAX_RAW_BODY + 10]);
        let e: Error<()> = crate::support::Error::InvalidResponsePayload(big, serde).into();
        assert!(matches!(e, Error::Decode { ref raw, .. } if raw.len() == MAX_RAW_BODY));
        assert!(e.source().is_some());
    }
}
