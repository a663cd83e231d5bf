//! Skyetel answers 429 past 120 requests a minute: the client waits as the
//! server says (`Retry-After`) or backs off, within the retry budget of its
//! [`RetryPolicy`], and then reports `Error::RateLimited`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use skyetel::{Error, RetryPolicy, types};

use crate::support::{Response, SECRET, SID, TestServer, base_url, client, data};

const TOO_MANY: &str = r#"{"ERROR": "Too Many Requests"}"#;

/// A server answering the first `limited` requests with 429 (with
/// `retry_after`, if any) and the rest with `ok`.
async fn limited_then(limited: usize, retry_after: Option<&str>, ok: Response) -> TestServer {
    let seen = Arc::new(AtomicUsize::new(0));
    let retry_after = retry_after.map(str::to_owned);
    TestServer::start(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) < limited {
            let busy = Response::json(429, TOO_MANY);
            match &retry_after {
                Some(wait) => busy.header("Retry-After", wait),
                None => busy,
            }
        } else {
            ok.clone()
        }
    })
    .await
}

/// A retry policy like the default but with backoffs of at most 1 ms.
fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(1))
}

#[tokio::test]
async fn a_429_with_retry_after_then_200_succeeds_after_two_requests() {
    let ok = Response::json(200, data("tenant_features.json"));
    let server = limited_then(1, Some("1"), ok).await;
    let started = Instant::now();
    let features = client(&server)
        .get_tenant_features()
        .id(9)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(features.vfax_enabled, Some(true));
    // The client waited the second the server asked for.
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.path(), "/v1/tenants/9/features");
        assert_eq!(r.header("x-auth-sid"), Some(SID));
        assert_eq!(r.header("x-auth-secret"), Some(SECRET));
    }
}

/// A 429 cannot have been acted on, so even a POST with a form body is sent
/// again, with the same body.
#[tokio::test]
async fn a_429_on_a_post_is_retried_with_the_same_body() {
    let ok = Response::json(200, data("ordered_phonenumbers.json"));
    let server = limited_then(1, Some("0"), ok).await;
    let mut numbers = std::collections::BTreeMap::new();
    numbers.insert(
        "15098675309".to_string(),
        types::NumberOrder {
            extra: Default::default(),
            mou: Some(60),
        },
    );
    let ordered = client(&server)
        .order_phonenumbers()
        .body(types::NumberOrderRequest::builder().numbers(numbers))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(ordered.len(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        requests[1].form("numbers[15098675309][mou]").as_deref(),
        Some("60")
    );
}

#[tokio::test]
async fn repeated_429s_end_in_rate_limited_after_the_default_budget() {
    let server = limited_then(usize::MAX, None, Response::empty(200)).await;
    // The default policy, as `Client::builder` sets it; only the backoff is
    // shortened, which does not change how many attempts are made.
    let client = skyetel::Client::builder(SID, SECRET)
        .base_url(base_url(&server))
        .retry(quick())
        .build()
        .unwrap();
    let e = client.list_endpoints().send().await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::RateLimited {
                retry_after: None,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.retry_after(), None);
    let attempts = RetryPolicy::default().attempts() as usize;
    assert_eq!(attempts, 3, "the runtime's default budget changed");
    assert_eq!(server.requests().len(), attempts);
}

/// The same with the untouched default client: three attempts, and the
/// jittered backoff (at most 200 ms, then 400 ms) keeps the test short.
#[tokio::test]
async fn the_default_client_makes_three_attempts() {
    let server = limited_then(usize::MAX, None, Response::empty(200)).await;
    let e = client(&server)
        .get_org_statement()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn the_retry_budget_follows_the_policy_given_to_the_builder() {
    let server = limited_then(usize::MAX, None, Response::empty(200)).await;
    let client = skyetel::Client::builder(SID, SECRET)
        .base_url(base_url(&server))
        .retry(quick().max_attempts(5))
        .build()
        .unwrap();
    let e = client.list_endpoints().send().await.unwrap_err();
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
    assert_eq!(server.requests().len(), 5);

    // No retries at all: one request.
    let server = limited_then(usize::MAX, Some("1"), Response::empty(200)).await;
    let client = skyetel::Client::builder(SID, SECRET)
        .base_url(base_url(&server))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let e = client.list_endpoints().send().await.unwrap_err();
    assert_eq!(e.retry_after(), Some(Duration::from_secs(1)), "{e:?}");
    assert_eq!(server.requests().len(), 1);
}

/// A `Retry-After` longer than the policy accepts is not waited for: the
/// error comes back at once and says how long to wait.
#[tokio::test]
async fn a_long_retry_after_is_returned_not_waited_for() {
    let server = limited_then(usize::MAX, Some("120"), Response::empty(200)).await;
    let started = Instant::now();
    let e = client(&server).list_tenants().send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    match e {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(120)));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

/// A multipart upload is a one-shot stream; the client builds it again for
/// the retry after a 429, with the same parts.
#[tokio::test]
async fn a_429_on_a_multipart_upload_is_retried_with_the_same_parts() {
    let ok = Response::json(200, data("vfax_send_result.json"));
    let server = limited_then(1, Some("0"), ok).await;
    client(&server)
        .send_vfax()
        .src_route("15098675309")
        .dst_route("15095550100")
        .file(skyetel::FilePart::new(b"%PDF-1.4 fax".to_vec()).file_name("letter.pdf"))
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let parts = |i: usize| requests[i].multipart().expect("a multipart body");
    assert_eq!(parts(0), parts(1));
    assert!(
        parts(1)
            .iter()
            .any(|p| p.name == "file" && p.body == b"%PDF-1.4 fax")
    );
}

/// An order may have been placed when the server answers 503, so it is not
/// sent again; a read is.
#[tokio::test]
async fn a_5xx_is_retried_for_a_get_but_not_for_an_order() {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let server = TestServer::start(move |_| {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            Response::empty(503)
        } else {
            Response::json(200, data("tenant_features.json"))
        }
    })
    .await;
    let client = skyetel::Client::builder(SID, SECRET)
        .base_url(base_url(&server))
        .retry(quick())
        .build()
        .unwrap();
    client.get_tenant_features().id(9).send().await.unwrap();
    assert_eq!(server.requests().len(), 2);

    let server = TestServer::respond(Response::empty(503)).await;
    let client = skyetel::Client::builder(SID, SECRET)
        .base_url(base_url(&server))
        .retry(quick())
        .build()
        .unwrap();
    let mut numbers = std::collections::BTreeMap::new();
    numbers.insert(
        "15098675309".to_string(),
        types::NumberOrder {
            extra: Default::default(),
            mou: Some(60),
        },
    );
    let err = client
        .order_phonenumbers()
        .body(types::NumberOrderRequest::builder().numbers(numbers))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Status { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1, "one order, not two");
}
