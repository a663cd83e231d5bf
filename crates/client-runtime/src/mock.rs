//! What the typed httpmock helpers of every provider crate share (the
//! `mock` feature): path patterns that match what the client sends, and the
//! answer to a request no mock matches.
//!
//! # Unmatched requests
//!
//! httpmock answers a request no mock matches with `404` and a small JSON
//! body, which a client decodes like a provider's own 404: a test would see
//! "not found" and an empty error body instead of "your mock did not
//! match". So every typed mock entry point (`server.get_holiday(..)` and
//! the like, and CALLR's `rpc`/`rpc_error`) installs a catch-all
//! [`fallback`] after its own mock. The fallback answers
//! [`NO_MOCK_MATCHED`] (`421 Misdirected Request`, which no provider
//! documents and no client retries) with a `text/plain` body
//! `no mock matched <METHOD> <path>`; [`no_mock_matched`] finds that text in
//! a client error.
//!
//! httpmock tries mocks in the order they were created, so the fallback has
//! to be the newest one. Each installation therefore retires the server's
//! previous fallback (it no longer matches anything) and adds a new one
//! behind every mock that exists. A mock created with plain
//! [`MockServer::mock`] *after* the last typed one sits behind the fallback
//! and is never reached: create plain mocks first, or call [`fallback`]
//! again after them.
//!
//! The fallback uses httpmock's custom matchers, so it needs a local
//! [`MockServer`] (`MockServer::start`, as every example here uses), not one
//! reached with `MockServer::connect`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use httpmock::{HttpMockRequest, HttpMockResponse, Mock, MockServer};

use crate::Error;

/// The status of the answer to a request no mock matched: `421 Misdirected
/// Request` ("the server cannot produce a response for this request"),
/// chosen because no provider documents it and no client retries it.
pub const NO_MOCK_MATCHED: u16 = 421;

/// The start of the body of the answer to a request no mock matched.
const PREFIX: &str = "no mock matched ";

/// One piece of an operation's path, for [`path_pattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text of the path template, matched literally.
    Literal(&'a str),
    /// A path parameter's value as the client renders it (before
    /// percent-encoding), matched literally once encoded.
    Value(&'a str),
    /// A path parameter whose value is not constrained: any one segment.
    Any,
}

/// The regular expression matching an operation's path as the client sends
/// it, whether the client's base URL is the mock server's root or the root
/// plus one of `base_paths` (the path of the spec's server URLs, such as
/// `/v1`).
///
/// Literal text and parameter values are escaped, so a value holding `.` or
/// `+` matches only itself; a value is percent-encoded the way the client
/// encodes it, so a value holding a space or `/` matches too.
pub fn path_pattern(base_paths: &[&str], segments: &[Segment<'_>]) -> String {
    let mut pattern = String::from("^");
    let bases: Vec<String> = base_paths
        .iter()
        .map(|b| b.trim_end_matches('/'))
        .filter(|b| !b.is_empty())
        .map(regex::escape)
        .collect();
    if !bases.is_empty() {
        pattern.push_str("(?:");
        pattern.push_str(&bases.join("|"));
        pattern.push_str(")?");
    }
    for segment in segments {
        match segment {
            Segment::Literal(text) => pattern.push_str(&regex::escape(text)),
            Segment::Value(value) => {
                pattern.push_str(&regex::escape(&crate::support::encode_path(value)));
            }
            Segment::Any => pattern.push_str("[^/]*"),
        }
    }
    pattern.push('$');
    pattern
}

/// The generation of the newest fallback of each server, by address.
///
/// httpmock keeps its local servers in a pool for the life of the process,
/// so an address stands for the same server state; a server taken from the
/// pool again is reset, which removes its old fallbacks with every other
/// mock.
static ACTIVE: Mutex<Option<HashMap<SocketAddr, u64>>> = Mutex::new(None);
static NEXT: AtomicU64 = AtomicU64::new(0);

fn is_active(server: SocketAddr, generation: u64) -> bool {
    // A panic elsewhere while the lock was held leaves the map usable.
    let active = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner);
    active.as_ref().and_then(|m| m.get(&server)) == Some(&generation)
}

/// Installs the catch-all answer to requests no other mock matches (see the
/// [module docs](self)) behind every mock `server` has now, and retires the
/// previous one. The typed mock entry points call it; call it yourself after
/// mocks created with plain [`MockServer::mock`].
///
/// The returned mock counts the requests this fallback answered.
pub fn fallback(server: &MockServer) -> Mock<'_> {
    let address = *server.address();
    let generation = NEXT.fetch_add(1, Ordering::Relaxed);
    ACTIVE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get_or_insert_with(HashMap::new)
        .insert(address, generation);
    server.mock(|when, then| {
        when.is_true(move |_| is_active(address, generation));
        then.respond_with(|request: &HttpMockRequest| {
            HttpMockResponse::builder()
                .status(NO_MOCK_MATCHED)
                .header("content-type", "text/plain; charset=utf-8")
                .body(unmatched_body(request))
                .build()
        });
    })
}

/// `no mock matched GET /v1/numbers`, plus the names (not the values, which
/// may be credentials) of the query parameters.
fn unmatched_body(request: &HttpMockRequest) -> String {
    let uri = request.uri();
    let mut body = format!("{PREFIX}{} {}", request.method_str(), uri.path());
    if let Some(query) = uri.query() {
        let names: Vec<String> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once('=').map_or(pair, |(name, _)| name))
            .map(|name| {
                // `filter%5Bnote%5D` reads better as `filter[note]`.
                percent_encoding::percent_decode_str(&name.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        body.push_str(" (query parameters: ");
        body.push_str(&names.join(", "));
        body.push(')');
    }
    body
}

/// The text of the fallback's answer, when `error` is one: `Some("no mock
/// matched GET /v1/numbers")` for the answer to a request no mock matched,
/// `None` for any other error.
pub fn no_mock_matched<E>(error: &Error<E>) -> Option<&str> {
    match error {
        Error::Status { status, raw, .. } if status.as_u16() == NO_MOCK_MATCHED => {
            std::str::from_utf8(raw)
                .ok()
                .filter(|t| t.starts_with(PREFIX))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_escape_literals_and_values_and_make_the_base_path_optional() {
        let pattern = path_pattern(
            &["/api/v1.1/json"],
            &[
                Segment::Literal("/numbers/"),
                Segment::Value("1.5+2 x/y"),
                Segment::Literal("/e911"),
            ],
        );
        assert_eq!(
            pattern,
            r"^(?:/api/v1\.1/json)?/numbers/1\.5\+2%20x%2Fy/e911$"
        );
        let re = regex::Regex::new(&pattern).unwrap();
        assert!(re.is_match("/numbers/1.5+2%20x%2Fy/e911"));
        assert!(re.is_match("/api/v1.1/json/numbers/1.5+2%20x%2Fy/e911"));
        assert!(!re.is_match("/api/v1x1/json/numbers/1.5+2%20x%2Fy/e911"));
        assert!(!re.is_match("/numbers/1x5+2%20x%2Fy/e911"));
        assert!(!re.is_match("/numbers/1.55%20x%2Fy/e911"));
    }

    #[test]
    fn a_parameter_without_a_value_is_one_segment_and_an_empty_base_is_none() {
        let pattern = path_pattern(&["", "/"], &[Segment::Literal("/tenants/"), Segment::Any]);
        assert_eq!(pattern, "^/tenants/[^/]*$");
    }
}
