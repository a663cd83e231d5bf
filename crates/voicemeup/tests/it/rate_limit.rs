//! VoiceMeUp counts requests per hour in pools: `queue_sms`, `queue_fax`,
//! `dispatch_call`, `voicemail_broadcast` and the three bulk deletions have
//! pools of their own, every other request type shares `shared_pool`. The
//! client keeps to these pools by default, waiting for a slot.
//!
//! These tests run on tokio's paused clock and check virtual time. Clients
//! that wait have no timeout and no deadline, so no timer is pending while a
//! request is on the wire and time moves only while the limiter waits.

use std::time::Duration;

use client_runtime::ApiClient as _;
use tokio::time::Instant;
use voicemeup::{Error, RateLimit};

use crate::support::{SUCCESS, TestServer, answering, builder};

/// Within `elapsed` of `expected` virtual time (the exchanges themselves
/// take a few virtual milliseconds at most).
#[track_caller]
fn assert_at(elapsed: Duration, expected: Duration) {
    assert!(
        elapsed >= expected && elapsed < expected + Duration::from_secs(1),
        "expected {expected:?}, got {elapsed:?}"
    );
}

/// A client with its pools as documented, or as changed by `pools`, that
/// waits as long as the pools say.
fn waiting_client(server: &TestServer, pools: &[(&'static str, RateLimit)]) -> voicemeup::Client {
    let mut builder = builder(server).no_timeout().no_deadline();
    for (name, limit) in pools {
        builder = builder.rate_limit_pool(*name, *limit);
    }
    builder.build().unwrap()
}

#[test]
fn the_documented_pools_route_each_request_type() {
    let limits = voicemeup::Client::documented_rate_limits();
    for own in [
        "queue_sms",
        "queue_fax",
        "dispatch_call",
        "voicemail_broadcast",
        "delete_faxes",
        "delete_recordings",
        "delete_voicemails",
    ] {
        assert_eq!(limits.pools_for(own), [own], "{own}");
    }
    for shared in [
        "get_calls",
        "get_dids",
        "delete_sms",
        "update_peer",
        "update_port_request",
        "update_mailbox_greeting",
        "delete_3cx_server",
    ] {
        assert_eq!(limits.pools_for(shared), ["shared_pool"], "{shared}");
    }
    let debug = format!("{limits:?}");
    for pool in [
        "(\"shared_pool\", RateLimit { count: 1200, period: 3600s",
        "(\"queue_sms\", RateLimit { count: 600, period: 3600s",
        "(\"queue_fax\", RateLimit { count: 600, period: 3600s",
        "(\"dispatch_call\", RateLimit { count: 900, period: 3600s",
        "(\"voicemail_broadcast\", RateLimit { count: 900, period: 3600s",
        "(\"delete_faxes\", RateLimit { count: 1500, period: 3600s",
    ] {
        assert!(debug.contains(pool), "{pool} not in {debug}");
    }
}

/// The default client: 600 `queue_sms` an hour go at once, the 601st waits
/// for the first slot to come back (3600 s / 600 = 6 s); other request types
/// are not held up meanwhile.
#[tokio::test(start_paused = true)]
async fn queue_sms_is_limited_to_600_an_hour_by_default() {
    let server = answering(SUCCESS).await;
    let client = waiting_client(&server, &[]);
    let start = Instant::now();
    for _ in 0..600 {
        client
            .queue_sms()
            .source_number("5145550100")
            .destination_number("5145550123")
            .message("hi")
            .send()
            .await
            .unwrap();
    }
    assert_at(start.elapsed(), Duration::ZERO);
    client.get_account_details().send().await.unwrap();
    assert_at(start.elapsed(), Duration::ZERO);
    client
        .queue_sms()
        .source_number("5145550100")
        .destination_number("5145550123")
        .message("one too many")
        .send()
        .await
        .unwrap();
    assert_at(start.elapsed(), Duration::from_secs(6));
    assert_eq!(server.requests().len(), 602);
}

/// Lowered pools show the routing: request types of `shared_pool` share it,
/// `queue_sms` and `queue_fax` have pools of their own.
#[tokio::test(start_paused = true)]
async fn each_request_type_waits_for_its_own_pool() {
    let server = answering(SUCCESS).await;
    let client = waiting_client(
        &server,
        &[
            ("shared_pool", RateLimit::per_hour(3)),
            ("queue_sms", RateLimit::per_hour(2)),
        ],
    );
    let start = Instant::now();
    let sms = || {
        client
            .queue_sms()
            .source_number("5145550100")
            .destination_number("5145550123")
            .message("hi")
            .send()
    };

    // Three different request types use up the shared pool; a fourth waits
    // for its first slot to come back: 3600 s / 3.
    client.get_calls().latest_hours(1).send().await.unwrap();
    client.get_countries().send().await.unwrap();
    client
        .get_dids()
        .usage_type(voicemeup::types::DidUsageType::Default)
        .send()
        .await
        .unwrap();
    assert_at(start.elapsed(), Duration::ZERO);
    client
        .delete_3cx_server()
        .pbx3cx_server_id(1)
        .send()
        .await
        .unwrap();
    assert_at(start.elapsed(), Duration::from_secs(1200));

    // The shared pool is empty again, but `queue_sms` does not draw from it.
    sms().await.unwrap();
    sms().await.unwrap();
    assert_at(start.elapsed(), Duration::from_secs(1200));
    // Nor does `queue_fax` draw from `queue_sms`.
    client
        .queue_fax()
        .client_fax_profile_id(2)
        .destination_number("5145550123")
        .attachments(voicemeup::FilePart::new(b"%PDF".to_vec()))
        .send()
        .await
        .unwrap();
    assert_at(start.elapsed(), Duration::from_secs(1200));
    // The third SMS waits 3600 s / 2 after the first.
    sms().await.unwrap();
    assert_at(start.elapsed(), Duration::from_secs(1200 + 1800));
    assert_eq!(server.requests().len(), 8);
}

/// With the default deadline (2 min), a pool that has no slot before it
/// makes the call fail at once, nothing sent, saying how long to wait. (On
/// the real clock: the deadline is a timer pending while requests are on
/// the wire, which a paused clock could fire.)
#[tokio::test]
async fn no_slot_before_the_deadline_is_rate_limited_at_once() {
    let server = answering(SUCCESS).await;
    let client = builder(&server)
        .rate_limit_pool("shared_pool", RateLimit::per_hour(1))
        .build()
        .unwrap();
    client.get_countries().send().await.unwrap();
    let start = std::time::Instant::now();
    let e = client.get_plans().send().await.unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    match e {
        Error::RateLimited {
            retry_after: Some(wait),
            ..
        } => assert!(
            wait > Duration::from_secs(3500) && wait <= Duration::from_secs(3600),
            "{wait:?}"
        ),
        other => panic!("expected RateLimited with a wait, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
    // The request types with pools of their own are not held up.
    client
        .delete_faxes()
        .call_fax_id(vec![101])
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}

/// Switched off, nothing waits.
#[tokio::test(start_paused = true)]
async fn no_rate_limit_sends_at_once() {
    let server = answering(SUCCESS).await;
    let client = builder(&server)
        .no_timeout()
        .no_deadline()
        .rate_limit_pool("shared_pool", RateLimit::per_hour(1))
        .no_rate_limit()
        .build()
        .unwrap();
    let start = Instant::now();
    for _ in 0..5 {
        client.get_countries().send().await.unwrap();
    }
    assert_at(start.elapsed(), Duration::ZERO);
    assert_eq!(server.requests().len(), 5);
}
