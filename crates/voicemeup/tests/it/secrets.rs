//! VoiceMeUp takes its token in the query string, and `reqwest` prints
//! request URLs in its errors, so the token could leak into any message. No
//! `Debug` or `Display` of the client, its builders, the credentials, the
//! errors (source chains included) or the client's log events shows it.

use std::fmt::Write as _;
use std::time::Duration;
use test_support::trace::capture;

use client_runtime::Redacted;
use voicemeup::{Credentials, Error, RateLimit, RetryPolicy, types};

use crate::support::{
    Response, SUCCESS, TOKEN, TestServer, answering, base_url, builder, client, credentials,
    error_envelope,
};

/// Fails if `text` shows the token, whole or as its first half.
#[track_caller]
fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(TOKEN), "the token leaked in {what}:\n{text}");
    assert!(
        !text.contains(&TOKEN[..16]),
        "part of the token leaked in {what}:\n{text}"
    );
}

/// Every way an error is shown: `Display`, `Debug` (plain and pretty),
/// [`Redacted`] and each error down the `source()` chain.
fn shown(e: &Error) -> String {
    let mut text = format!("{e}\n{e:?}\n{e:#?}\n{}\n", Redacted(e));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let _ = writeln!(text, "{s}\n{s:?}\n{s:#?}");
        source = s.source();
    }
    text
}

/// The kind of an error, to check that each one expected was produced.
fn kind(e: &Error) -> &'static str {
    match e {
        Error::Transport(_) => "Transport",
        Error::Timeout(_) => "Timeout",
        Error::RateLimited { .. } => "RateLimited",
        Error::Status { .. } => "Status",
        Error::Decode { .. } => "Decode",
        Error::Provider { .. } => "Provider",
        Error::Request(_) => "Request",
        _ => "other",
    }
}

/// Produces every kind of error the client returns, each with a request
/// that carried the token.
async fn every_kind_of_error() -> Vec<Error> {
    let mut errors: Vec<Error> = Vec::new();

    // Provider: an error envelope whose message echoes the request URL.
    let echo = format!(
        "Authentication failed for https://clients.voicemeup.com/api/v1.1/json/get_calls?username=test-user&auth_token={TOKEN}"
    );
    let server = answering(&error_envelope(&[
        ("authentication_failed", echo.as_str()),
        ("auth_username_invalid", "Invalid user name"),
    ]))
    .await;
    errors.push(client(&server).get_calls().send().await.unwrap_err());

    // RateLimited, from the provider's hard limit.
    let server = answering(&error_envelope(&[(
        "requests_hard_limit_exceeded",
        "Requests hard limit exceeded",
    )]))
    .await;
    errors.push(
        client(&server)
            .get_dids()
            .usage_type(types::DidUsageType::Default)
            .send()
            .await
            .unwrap_err(),
    );

    // RateLimited, from the client-side pools: no slot before the deadline.
    let server = answering(SUCCESS).await;
    let limited = builder(&server)
        .rate_limit_pool("shared_pool", RateLimit::per_hour(1))
        .build()
        .unwrap();
    limited.get_countries().send().await.unwrap();
    errors.push(limited.get_countries().send().await.unwrap_err());

    // Status: VoiceMeUp answers 200, but a proxy in front may not.
    let server =
        TestServer::respond(Response::bytes(502, "text/html", "<h1>Bad gateway</h1>")).await;
    errors.push(
        builder(&server)
            .retry(RetryPolicy::none())
            .build()
            .unwrap()
            .get_account_details()
            .send()
            .await
            .unwrap_err(),
    );

    // Decode: a body that is not JSON.
    let server = TestServer::respond(Response::bytes(
        200,
        "text/html",
        "<html>maintenance</html>",
    ))
    .await;
    errors.push(client(&server).get_plans().send().await.unwrap_err());

    // Request: a required parameter is missing (nothing is sent).
    let server = answering(SUCCESS).await;
    errors.push(client(&server).get_states().send().await.unwrap_err());
    assert!(server.requests().is_empty());

    // Transport: connection refused, from a port nobody listens on any more.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let refused = voicemeup::Client::builder(credentials())
        .base_url(format!("http://{addr}/api/v1.1/json"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(
        refused
            .get_calls()
            .latest_hours(1)
            .send()
            .await
            .unwrap_err(),
    );

    // Timeout: a server that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let slow = voicemeup::Client::builder(credentials())
        .base_url(format!("http://{addr}/api/v1.1/json"))
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(
        slow.queue_sms()
            .destination_number("5145550123")
            .message("hi")
            .send()
            .await
            .unwrap_err(),
    );
    silent.abort();
    errors
}

/// Checks that no error of any kind shows the token; all the while the
/// client's log events are captured and checked too.
#[tokio::test]
async fn no_error_or_log_event_shows_the_token() {
    // A first round registers every log call site of the client with
    // `tracing` before the capture starts: a call site that another test's
    // thread registers just as the capture is installed could otherwise stay
    // disabled for it, and the log check would see nothing.
    every_kind_of_error().await;
    let (log, _guard) = capture();
    let errors = every_kind_of_error().await;

    let kinds: Vec<&str> = errors.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [
            "Provider",
            "RateLimited",
            "RateLimited",
            "Status",
            "Decode",
            "Request",
            "Transport",
            "Timeout"
        ]
    );
    for e in &errors {
        assert_clean(kind(e), &shown(e));
    }
    // The errors from reqwest do name the request, scrubbed: the test would
    // catch a leak through their URL.
    let transport = shown(&errors[6]);
    assert!(transport.contains("auth_token=***"), "{transport}");
    let timeout = shown(&errors[7]);
    assert!(timeout.contains("/queue_sms"), "{timeout}");
    // A POST carries its credentials in the body, so its URL has none at all.
    assert!(!timeout.contains("auth_token"), "{timeout}");
    // The provider's message is kept, its URL scrubbed.
    let provider = shown(&errors[0]);
    assert!(provider.contains("auth_token=***"), "{provider}");

    // The log saw every call, and not the token.
    let logged = log.text();
    assert_clean("the log", &logged);
    assert!(logged.contains("operation=\"get_calls\""), "{logged}");
    assert!(
        logged.contains("path=\"/api/v1.1/json/queue_sms\""),
        "{logged}"
    );
    assert!(logged.contains("request failed"), "{logged}");
    assert!(logged.contains("no rate-limit slot"), "{logged}");
}

#[tokio::test]
async fn the_client_builders_and_credentials_do_not_show_the_token() {
    let server = answering(SUCCESS).await;
    for credentials in [
        Credentials::username("test-user", TOKEN),
        Credentials::client_user_id("123456", TOKEN),
    ] {
        assert_clean("credentials", &format!("{credentials:?} {credentials:#?}"));
        let builder = voicemeup::Client::builder(credentials.clone()).base_url(base_url(&server));
        assert_clean("the client builder", &format!("{builder:?} {builder:#?}"));
        let client = builder.build().unwrap();
        let debug = format!("{client:?} {client:#?}");
        assert!(debug.contains("127.0.0.1"), "{debug}");
        assert_clean("the client", &debug);

        // Request builders hold the client.
        let request = client
            .get_calls()
            .latest_hours(2)
            .disposition(vec![types::GetCallsDisposition::Busy]);
        assert_clean("a request builder", &format!("{request:?}"));
        let upload = client
            .queue_fax()
            .client_fax_profile_id(2)
            .destination_number("5145550123")
            .attachments(voicemeup::FilePart::new(b"%PDF".to_vec()));
        assert_clean("a multipart request builder", &format!("{upload:?}"));

        // A response does not show it either.
        let response = client.get_account_details().send().await.unwrap();
        assert_clean("a response", &format!("{response:?}"));
    }
    // The production and sandbox clients, as built by the constructors.
    let production = voicemeup::Client::new(credentials()).unwrap();
    assert_eq!(production.base_url(), voicemeup::BASE_URL);
    assert_clean("the production client", &format!("{production:?}"));
    let sandbox = voicemeup::Client::sandbox(credentials()).unwrap();
    assert_eq!(sandbox.base_url(), voicemeup::SANDBOX_URL);
    assert_clean("the sandbox client", &format!("{sandbox:?}"));
}

#[test]
fn build_errors_do_not_show_the_token() {
    // A base URL with the token in its query string is refused, and the
    // refusal scrubs it.
    let e = voicemeup::Client::builder(credentials())
        .base_url(format!(
            "http://127.0.0.1:9/api/v1.1/json?auth_token={TOKEN}"
        ))
        .build()
        .unwrap_err();
    assert!(matches!(e, voicemeup::BuildError::BaseUrl { .. }), "{e:?}");
    assert_clean("a build error", &format!("{e} {e:?}"));
    // An empty token cannot be sent.
    let e = voicemeup::Client::new(Credentials::username("test-user", "")).unwrap_err();
    assert!(matches!(e, voicemeup::BuildError::Credentials(_)), "{e:?}");
}
