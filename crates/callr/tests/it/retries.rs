//! Retry safety comes from the spec, not the HTTP method: every CALLR call
//! is a POST, yet read methods (`sms.get`, `*.search`, `system.*`, …) may
//! be repeated after a 5xx or a timeout; methods that act (`sms.send`) are
//! sent again only after a 429.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;

use crate::support::{KEY, Response, TestServer, base_url, rpc_result};

/// Answers the first call with `first`, every later one with `result`.
async fn first_then(first: Response, result: serde_json::Value) -> TestServer {
    let seen = Arc::new(AtomicUsize::new(0));
    TestServer::start(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            first.clone()
        } else {
            rpc_result(result.clone())
        }
    })
    .await
}

fn client(server: &TestServer) -> callr::Client {
    callr::Client::builder(callr::Auth::api_key(KEY))
        .base_url(base_url(server))
        .retry(
            callr::RetryPolicy::new()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(2)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_read_method_is_repeated_after_a_5xx_although_it_is_a_post() {
    let server = first_then(Response::empty(503), json!(1_700_000_000)).await;
    let now = client(&server).system().get_timestamp().await.unwrap();
    assert_eq!(now, 1_700_000_000);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method == "POST"));
}

#[tokio::test]
async fn sending_an_sms_is_not_repeated_after_a_5xx() {
    let server = first_then(Response::empty(502), json!("SMSHASH1")).await;
    let err = client(&server)
        .sms()
        .send("SMS", "+33123456789", "hello", None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, callr::Error::Status { status, .. } if status.as_u16() == 502),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1, "one SMS, not two");
}

#[tokio::test]
async fn sending_an_sms_is_repeated_after_a_429() {
    let server = first_then(Response::empty(429), json!("SMSHASH1")).await;
    let hash = client(&server)
        .sms()
        .send("SMS", "+33123456789", "hello", None)
        .await
        .unwrap();
    assert_eq!(hash, "SMSHASH1");
    assert_eq!(server.requests().len(), 2);
}
