//! The user seams of the send path, against loopback servers: interceptors
//! run around every attempt, in order, before credentials are applied, and
//! can stop a call; a retry classifier decides or defers to the built-in
//! rules, which keep retry safety.

use std::error::Error as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_runtime::{
    AttemptContext, AttemptOutcome, Auth, BoxError, Decision, Error, Interceptor, OperationInfo,
    RetryClassifier, RetryPolicy, Runtime, Secret, SendError,
};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use test_support::{Response, TestServer};

const SECRET: &str = "hdr-SECRET-1";
const TOKEN: &str = "tok-SECRET-2";

/// A server answering with `statuses` in turn (the last one from then on).
async fn server(statuses: &'static [u16]) -> TestServer {
    let hits = AtomicUsize::new(0);
    TestServer::start(move |_| {
        let n = hits.fetch_add(1, Ordering::SeqCst);
        Response::json(statuses[n.min(statuses.len() - 1)], "{}")
    })
    .await
}

fn http() -> reqwest::Client {
    client_runtime::http_client_builder()
        .unwrap()
        .no_proxy()
        .build()
        .unwrap()
}

/// A runtime with a credential header, an extra header and quick retries.
fn runtime() -> Runtime {
    Runtime::new(Auth::Headers(vec![(
        HeaderName::from_static("x-auth-secret"),
        Secret::new(SECRET),
    )]))
    .with_header(
        HeaderName::from_static("x-extra"),
        HeaderValue::from_static("extra"),
    )
    .with_retry(RetryPolicy::new().initial_backoff(Duration::from_millis(1)))
}

async fn call(
    rt: &Runtime,
    method: Method,
    url: &str,
    operation_id: &'static str,
) -> Result<client_runtime::Response, SendError> {
    let mut request = reqwest::Request::new(method, url.parse().unwrap());
    let info = OperationInfo { operation_id };
    rt.pre(&mut request, &info);
    rt.exec(&http(), request, &info).await
}

/// Adds `x-attempt: <name>-<n>` to every attempt and records what it saw.
#[derive(Clone, Default)]
struct Recorder {
    name: &'static str,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Interceptor for Recorder {
    fn before_attempt(&self, ctx: &mut AttemptContext<'_>) -> Result<(), BoxError> {
        let request = ctx.request();
        let before = request
            .headers()
            .get_all("x-attempt")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join(",");
        let credentials = request.headers().contains_key("x-auth-secret")
            || request.url().as_str().contains(TOKEN);
        let extra = request.headers().contains_key("x-extra");
        self.seen.lock().unwrap().push(format!(
            "{} before {} #{} after [{before}] credentials={credentials} extra={extra}",
            self.name,
            ctx.operation_id(),
            ctx.attempt()
        ));
        let value = format!("{}-{}", self.name, ctx.attempt());
        ctx.request_mut()
            .headers_mut()
            .append("x-attempt", HeaderValue::from_str(&value)?);
        Ok(())
    }

    fn after_attempt(&self, outcome: &AttemptOutcome<'_>) {
        self.seen.lock().unwrap().push(format!(
            "{} after {} #{} status={:?}",
            self.name,
            outcome.operation_id(),
            outcome.attempt(),
            outcome.status().map(|s| s.as_u16())
        ));
    }
}

#[tokio::test]
async fn interceptors_run_on_every_attempt_in_order_without_seeing_credentials() {
    let api = server(&[503, 200]).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let first = Recorder {
        name: "a",
        seen: Arc::clone(&seen),
    };
    let second = Recorder {
        name: "b",
        seen: Arc::clone(&seen),
    };
    let rt = runtime().with_interceptor(first).with_interceptor(second);
    let response = call(&rt, Method::GET, &api.url("/x"), "get_x")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    assert_eq!(
        *seen.lock().unwrap(),
        [
            "a before get_x #1 after [] credentials=false extra=true",
            "b before get_x #1 after [a-1] credentials=false extra=true",
            "a after get_x #1 status=Some(503)",
            "b after get_x #1 status=Some(503)",
            "a before get_x #2 after [] credentials=false extra=true",
            "b before get_x #2 after [a-2] credentials=false extra=true",
            "a after get_x #2 status=Some(200)",
            "b after get_x #2 status=Some(200)",
        ]
    );
    // What the interceptors added was sent, and so were the credentials.
    let requests = api.requests();
    assert_eq!(requests.len(), 2);
    for (n, request) in requests.iter().enumerate() {
        let attempts: Vec<&str> = request
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("x-attempt"))
            .map(|(_, value)| value.as_str())
            .collect();
        assert_eq!(
            attempts,
            [format!("a-{}", n + 1), format!("b-{}", n + 1)],
            "{request:#?}"
        );
        assert_eq!(request.header("x-auth-secret"), Some(SECRET));
    }
}

#[tokio::test]
async fn query_credentials_are_added_after_the_interceptors() {
    let api = server(&[200]).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let rt = Runtime::new(Auth::query("auth_token", TOKEN)).with_interceptor(Recorder {
        name: "q",
        seen: Arc::clone(&seen),
    });
    call(&rt, Method::GET, &api.url("/x?page=1"), "get_x")
        .await
        .unwrap();
    assert!(
        seen.lock().unwrap()[0].contains("credentials=false"),
        "{seen:?}"
    );
    assert_eq!(
        api.requests()[0].query("auth_token").as_deref(),
        Some(TOKEN)
    );
}

/// Refuses every call to an operation it does not allow.
struct Deny;

#[derive(Debug)]
struct NotAllowed(&'static str);

impl std::fmt::Display for NotAllowed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not allowed here", self.0)
    }
}

impl std::error::Error for NotAllowed {}

impl Interceptor for Deny {
    fn before_attempt(&self, ctx: &mut AttemptContext<'_>) -> Result<(), BoxError> {
        Err(Box::new(NotAllowed(ctx.operation_id())))
    }
}

#[tokio::test]
async fn an_interceptor_error_stops_the_call_before_anything_is_sent() {
    let api = server(&[200]).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let rt = runtime().with_interceptor(Deny).with_interceptor(Recorder {
        name: "later",
        seen: Arc::clone(&seen),
    });
    let err = call(&rt, Method::GET, &api.url("/x"), "delete_everything")
        .await
        .unwrap_err();
    assert!(api.requests().is_empty(), "nothing is sent");
    // The later interceptor's `before_attempt` did not run, its
    // `after_attempt` saw the refusal; there was no retry.
    assert_eq!(
        *seen.lock().unwrap(),
        ["later after delete_everything #1 status=None"]
    );
    let SendError::Interceptor(refusal) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(refusal.operation_id(), "delete_everything");
    assert_eq!(refusal.attempt(), 1);

    let err: Error = client_runtime::support::Error::<()>::from(err).into();
    assert!(matches!(err, Error::Interceptor(_)), "{err:?}");
    let shown = client_runtime::Redacted(&err).to_string();
    assert!(
        shown.contains("interceptor refused attempt 1 of `delete_everything`")
            && shown.contains("delete_everything is not allowed here"),
        "{shown}"
    );
    let cause = err.source().and_then(|e| e.downcast_ref::<NotAllowed>());
    assert!(cause.is_some(), "{err:?}");
}

/// Retries a 409 (a provider's "busy, try again"), whatever the operation.
struct RetryConflicts;

impl RetryClassifier for RetryConflicts {
    fn classify(&self, attempt: &AttemptOutcome<'_>, _idempotent: bool) -> Decision {
        match attempt.status().map(|s| s.as_u16()) {
            Some(409) => Decision::Retry,
            _ => Decision::Default,
        }
    }
}

/// Never repeats after a 503, even where the built-in rules would.
struct StopOn503;

impl RetryClassifier for StopOn503 {
    fn classify(&self, attempt: &AttemptOutcome<'_>, _idempotent: bool) -> Decision {
        match attempt.status().map(|s| s.as_u16()) {
            Some(503) => Decision::Stop,
            _ => Decision::Default,
        }
    }
}

fn classified(classifier: impl RetryClassifier) -> Runtime {
    runtime().with_retry(
        RetryPolicy::new()
            .initial_backoff(Duration::from_millis(1))
            .classifier(classifier),
    )
}

#[tokio::test]
async fn a_classifier_can_retry_a_409() {
    // The built-in rules return the 409 at once.
    let api = server(&[409, 200]).await;
    let response = call(&runtime(), Method::POST, &api.url("/x"), "create")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 409);
    assert_eq!(api.requests().len(), 1);

    // The classifier says retry, for a POST too; the attempt limit holds.
    let api = server(&[409, 200]).await;
    let rt = classified(RetryConflicts);
    let response = call(&rt, Method::POST, &api.url("/x"), "create")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(api.requests().len(), 2);

    let api = server(&[409]).await;
    let response = call(&rt, Method::POST, &api.url("/x"), "create")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 409);
    assert_eq!(api.requests().len(), 3, "max_attempts still bounds it");
}

#[tokio::test]
async fn a_classifier_can_stop_on_a_503() {
    // The built-in rules repeat a GET after a 503.
    let api = server(&[503, 200]).await;
    let response = call(&runtime(), Method::GET, &api.url("/x"), "get_x")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(api.requests().len(), 2);

    let api = server(&[503, 200]).await;
    let response = call(&classified(StopOn503), Method::GET, &api.url("/x"), "get_x")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(api.requests().len(), 1);
}

#[tokio::test]
async fn deferring_to_the_built_in_rules_keeps_retry_safety() {
    // `Default` for a 503: the built-in rules do not repeat a POST that
    // the server may have acted on, but do repeat it after a 429.
    let api = server(&[503, 200]).await;
    let rt = classified(RetryConflicts);
    let response = call(&rt, Method::POST, &api.url("/x"), "create")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(api.requests().len(), 1);

    let api = server(&[429, 200]).await;
    let response = call(&rt, Method::POST, &api.url("/x"), "create")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(api.requests().len(), 2);
}

#[tokio::test]
async fn a_classifier_sees_transport_errors_and_idempotency() {
    // Nothing listens on the port: every attempt fails to connect.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/x", listener.local_addr().unwrap());
    drop(listener);
    let seen = Arc::new(Mutex::new(Vec::new()));
    struct Watch(Arc<Mutex<Vec<(bool, bool)>>>);
    impl RetryClassifier for Watch {
        fn classify(&self, attempt: &AttemptOutcome<'_>, idempotent: bool) -> Decision {
            let connect =
                matches!(attempt.error(), Some(SendError::Transport(e)) if e.is_connect());
            self.0.lock().unwrap().push((connect, idempotent));
            Decision::Stop
        }
    }
    let rt = classified(Watch(Arc::clone(&seen)));
    let err = call(&rt, Method::POST, &url, "create").await.unwrap_err();
    assert!(matches!(err, SendError::Transport(_)), "{err:?}");
    let err = call(&rt, Method::GET, &url, "get_x").await.unwrap_err();
    assert!(matches!(err, SendError::Transport(_)), "{err:?}");
    // One attempt each (the classifier stops what the rules would retry).
    assert_eq!(*seen.lock().unwrap(), [(true, false), (true, true)]);
}
