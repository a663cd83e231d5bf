//! Retry safety comes from the spec, not the HTTP method: VoiceMeUp sends
//! actions such as `order_new_dids` as GET, and they must not be repeated
//! once the server may have acted on them; reads are; every request type,
//! multipart uploads included, is sent again after a 429.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use voicemeup::{Error, FilePart, RetryPolicy};

use crate::support::{Response, SUCCESS, TOKEN, TestServer, builder};

/// Answers the first request with `first`, every later one with a success.
async fn first_then_success(first: Response) -> TestServer {
    let seen = Arc::new(AtomicUsize::new(0));
    TestServer::start(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            first.clone()
        } else {
            Response::json(200, SUCCESS)
        }
    })
    .await
}

fn client(server: &TestServer) -> voicemeup::Client {
    builder(server)
        .retry(
            RetryPolicy::new()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(2)),
        )
        .no_rate_limit()
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_order_sent_as_get_is_not_repeated_after_a_5xx() {
    let server = first_then_success(Response::empty(503)).await;
    let err = client(&server)
        .order_new_dids()
        .quantity(1)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Status { status, .. } if status.as_u16() == 503),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1, "one order, not two");
}

#[tokio::test]
async fn every_action_sent_as_get_is_sent_once_after_a_5xx() {
    // A sample of the request types that change state; the spec lists the
    // rest, and their rustdoc says so.
    let server = TestServer::respond(Response::empty(502)).await;
    let c = client(&server);
    let outcomes = [
        c.dispatch_call().send().await.map(drop),
        c.voicemail_broadcast()
            .destination_number("15145550123")
            .send()
            .await
            .map(drop),
        c.delete_did().send().await.map(drop),
        c.delete_sms().sms_log_id(7).send().await.map(drop),
        c.activate_new_did().send().await.map(drop),
        c.update_queue().friendly_name("q").send().await.map(drop),
    ];
    for outcome in outcomes {
        let err = outcome.unwrap_err();
        assert!(
            matches!(&err, Error::Status { status, .. } if status.as_u16() == 502),
            "{err:?}"
        );
    }
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn a_read_is_repeated_after_a_5xx() {
    let server = first_then_success(Response::empty(503)).await;
    client(&server).get_countries().send().await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_multipart_upload_is_sent_again_after_a_429_with_the_same_body() {
    let server = first_then_success(Response::empty(429)).await;
    client(&server)
        .queue_fax()
        .client_fax_profile_id(2)
        .destination_number("15145550123")
        .attachments(FilePart::new(b"%PDF-1.4 retried".to_vec()).file_name("a.pdf"))
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let parts = |i: usize| requests[i].multipart().expect("a multipart body");
    assert_eq!(parts(0), parts(1), "the retry sends the same parts");
    // The credentials are parts of each attempt's body, once.
    for request in &requests {
        assert_eq!(crate::support::body_fields(request, "auth_token"), [TOKEN]);
        assert_eq!(request.raw_query(), "");
    }
    assert!(
        parts(1)
            .iter()
            .any(|p| p.name == "attachments" && p.body == b"%PDF-1.4 retried"),
        "{:?}",
        parts(1)
    );
}

/// An urlencoded `queue_sms` is sent again after a 429 with the very same
/// body: the credentials are added once, not once per attempt.
#[tokio::test]
async fn an_urlencoded_post_is_sent_again_after_a_429_with_the_same_body() {
    let server = first_then_success(Response::empty(429)).await;
    client(&server)
        .queue_sms()
        .client_did_id(4321)
        .destination_number("15145550123")
        .message("retried")
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body, requests[1].body,
        "the retry sends the same body"
    );
    assert_eq!(
        requests[1].media_type().as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        crate::support::body_fields(&requests[1], "auth_token"),
        [TOKEN]
    );
    assert_eq!(requests[1].raw_query(), "");
}

#[tokio::test]
async fn a_multipart_upload_is_not_repeated_after_a_5xx() {
    let server = first_then_success(Response::empty(503)).await;
    let err = client(&server)
        .queue_fax()
        .client_fax_profile_id(2)
        .destination_number("15145550123")
        .attachments(FilePart::new(b"%PDF".to_vec()))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Status { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}
