//! Servers that redirect, for the tests that no credential follows a
//! redirect to another origin and that a redirect within the origin still
//! works.
//!
//! Two loopback servers on two ports are two origins (the port is part of
//! an origin), so [`cross_origin`] needs no name resolution.

use crate::{Recorded, Response, TestServer};

/// The redirect statuses an HTTP client may follow.
pub const STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

/// The body the other origin answers with. A client that followed the
/// redirect would see it as the provider's answer.
pub const OTHER_ORIGIN_BODY: &str = "the other origin answered";

/// A server (the API) that answers every request with `status` and a
/// `Location` on a second server (the other origin), which answers every
/// request with `other` (a success the client would accept, so that
/// following the redirect would be noticed). Returns `(api, other)`.
pub async fn cross_origin(status: u16, other: Response) -> (TestServer, TestServer) {
    let other = TestServer::respond(other).await;
    let target = other.url("");
    let api = TestServer::start(move |request: &Recorded| {
        Response::bytes(status, "text/plain", "moved")
            .header("location", &format!("{target}{}", request.target))
    })
    .await;
    (api, other)
}

/// A server that answers a request with `status` and a relative `Location`
/// on itself (the same target with `redirected=1` added to the query), and
/// the redirected request with `success`.
pub async fn same_origin(status: u16, success: Response) -> TestServer {
    TestServer::start(move |request: &Recorded| {
        if request.query("redirected").is_some() {
            return success.clone();
        }
        let separator = if request.target.contains('?') {
            '&'
        } else {
            '?'
        };
        Response::bytes(status, "text/plain", "moved").header(
            "location",
            &format!("{}{separator}redirected=1", request.target),
        )
    })
    .await
}

/// Fails unless `other` received nothing at all, and, should it have
/// received something, names each request that carried one of `secrets`
/// (in its target or any header) or a `Referer`.
#[track_caller]
pub fn assert_untouched(other: &TestServer, secrets: &[&str]) {
    let requests = other.requests();
    let leaks: Vec<String> = requests
        .iter()
        .filter(|r| carries(r, secrets) || r.header("referer").is_some())
        .map(|r| r.target.clone())
        .collect();
    assert!(
        leaks.is_empty(),
        "requests to the other origin carried a credential or a Referer: {leaks:?}"
    );
    assert!(
        requests.is_empty(),
        "the other origin received {} request(s): {requests:#?}",
        requests.len()
    );
}

/// Whether `request` carries one of `secrets` in its target or a header.
pub fn carries(request: &Recorded, secrets: &[&str]) -> bool {
    secrets
        .iter()
        .any(|s| request.target.contains(s) || request.headers.iter().any(|(_, v)| v.contains(s)))
}
