//! Fault injection: `Runtime::pre` + `Runtime::exec` against a local server
//! that misbehaves on cue (429s, 5xx bursts, resets, stalls, truncated and
//! invalid bodies). Loopback only; every stall is cut short by a timeout of
//! half a second, and backoff is kept to a millisecond or two.

use std::collections::VecDeque;
use std::error::Error as _;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use test_support::trace::capture;

use client_runtime::{
    Auth, Error, OperationInfo, RateLimit, RateLimits, Redacted, RetryPolicy, Runtime, Secret,
    SendError,
};
use reqwest::header::HeaderName;
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------------------
// The misbehaving server.

/// What the server does with one request.
#[derive(Clone, Debug)]
enum Act {
    /// Writes this raw response and keeps the connection open.
    Reply(String),
    /// Resets the connection (RST) without answering.
    Reset,
    /// Answers nothing and holds the connection for a minute.
    Stall,
    /// Writes this (headers and part of the body), then stalls.
    Partial(String),
    /// Writes this (headers and part of the body), then closes.
    Truncate(String),
}

/// A raw HTTP/1.1 response.
fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> String {
    let mut out = format!(
        "HTTP/1.1 {status} Status\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        let _ = write!(out, "{name}: {value}\r\n");
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

fn reply(status: u16, body: &str) -> Act {
    Act::Reply(resp(status, &[], body))
}

struct Server {
    addr: SocketAddr,
    /// The request line and headers of every request received, in order.
    requests: Arc<Mutex<Vec<String>>>,
    /// Acts not used yet.
    script: Arc<Mutex<VecDeque<Act>>>,
}

impl Server {
    /// Serves `script`, one act per request in the order received; once it
    /// runs out, every request gets a 500.
    async fn start(script: Vec<Act>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let (log, acts) = (requests.clone(), script.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(connection(stream, acts.clone(), log.clone()));
            }
        });
        Server {
            addr,
            requests,
            script,
        }
    }

    fn url(&self, path_and_query: &str) -> reqwest::Url {
        reqwest::Url::parse(&format!("http://{}{path_and_query}", self.addr)).unwrap()
    }

    /// Requests received so far.
    fn hits(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    fn unused(&self) -> usize {
        self.script.lock().unwrap().len()
    }
}

async fn connection(
    mut stream: TcpStream,
    script: Arc<Mutex<VecDeque<Act>>>,
    log: Arc<Mutex<Vec<String>>>,
) {
    let mut buf = Vec::new();
    while let Some(head) = read_request(&mut stream, &mut buf).await {
        log.lock().unwrap().push(head);
        let act = script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| reply(500, "script exhausted"));
        match act {
            Act::Reply(raw) => {
                if stream.write_all(raw.as_bytes()).await.is_err() {
                    return;
                }
            }
            Act::Reset => {
                let _ = stream.set_zero_linger();
                return;
            }
            Act::Stall => {
                tokio::time::sleep(Duration::from_secs(60)).await;
                return;
            }
            Act::Partial(raw) => {
                let _ = stream.write_all(raw.as_bytes()).await;
                tokio::time::sleep(Duration::from_secs(60)).await;
                return;
            }
            Act::Truncate(raw) => {
                let _ = stream.write_all(raw.as_bytes()).await;
                let _ = stream.shutdown().await;
                return;
            }
        }
    }
}

/// Reads one request (head and body, fixed-length or chunked) and returns
/// its head; `None` at end of stream.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<String> {
    let head_end = loop {
        if let Some(i) = find(buf, b"\r\n\r\n") {
            break i + 4;
        }
        fill(stream, buf).await?;
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let lower = head.to_ascii_lowercase();
    let body_end = if lower.contains("transfer-encoding: chunked") {
        loop {
            if let Some(i) = find(&buf[head_end..], b"0\r\n\r\n") {
                break head_end + i + 5;
            }
            fill(stream, buf).await?;
        }
    } else {
        let length: usize = lower
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap());
        while buf.len() < head_end + length {
            fill(stream, buf).await?;
        }
        head_end + length
    };
    buf.drain(..body_end);
    Some(head)
}

async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 4096];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => None,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Some(())
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------
// The client side.

/// A plain-HTTP client that ignores proxy settings from the environment and
/// keeps no idle-connection timer (which would move a paused clock).
fn http() -> reqwest::Client {
    // Built like the generated clients' own, so it has TLS set up even
    // when a workspace build turns on reqwest's `rustls-no-provider`.
    client_runtime::http_client_builder()
        .unwrap()
        .no_proxy()
        .pool_idle_timeout(None)
        .build()
        .unwrap()
}

/// Default retry policy with millisecond backoff.
fn quick() -> RetryPolicy {
    RetryPolicy::new()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

/// A runtime with no credentials and quick retries.
fn runtime() -> Runtime {
    Runtime::new(Auth::None)
        .with_retry(quick())
        .with_request_timeout(Duration::from_secs(10))
}

/// Per-attempt timeout where the server stalls: long enough that a busy
/// machine does not time out a prompt answer, short enough to keep the
/// suite quick.
const STALL: Duration = Duration::from_millis(500);

/// [`runtime`] with the per-attempt timeout cut to [`STALL`].
fn stalling() -> Runtime {
    runtime().with_request_timeout(STALL)
}

async fn call(
    rt: &Runtime,
    method: Method,
    url: reqwest::Url,
) -> Result<client_runtime::Response, SendError> {
    call_with(rt, reqwest::Request::new(method, url), "faults").await
}

async fn call_with(
    rt: &Runtime,
    mut request: reqwest::Request,
    operation_id: &'static str,
) -> Result<client_runtime::Response, SendError> {
    let info = OperationInfo { operation_id };
    rt.pre(&mut request, &info);
    rt.exec(&http(), request, &info).await
}

async fn text(response: client_runtime::Response) -> (StatusCode, String) {
    let status = response.status();
    (status, response.into_inner().text().await.unwrap())
}

/// The reqwest error of a transport failure.
#[track_caller]
fn failed(err: &SendError) -> &reqwest::Error {
    match err {
        SendError::Transport(e) => e,
        other => panic!("not a transport error: {other:?}"),
    }
}

/// Wall-clock bound for cases that must finish quickly: generous, since the
/// machine is shared; it only catches a hang or a wait that was not skipped.
const QUICK: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// 429s and Retry-After.

#[tokio::test]
async fn status_429_without_retry_after_is_retried_after_backoff() {
    let server = Server::start(vec![reply(429, "slow down"), reply(200, "ok")]).await;
    let response = call(&runtime(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(text(response).await, (StatusCode::OK, "ok".into()));
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn status_429_with_retry_after_seconds_waits_that_long() {
    let server = Server::start(vec![
        Act::Reply(resp(429, &[("retry-after", "1")], "")),
        reply(200, "ok"),
    ])
    .await;
    let start = std::time::Instant::now();
    let response = call(&runtime(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.hits(), 2);
    // Backoff alone would be 2 ms at most; the server asked for 1 s.
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert!(start.elapsed() < QUICK);
}

#[tokio::test]
async fn status_429_with_retry_after_http_date_waits_until_then() {
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let server = Server::start(vec![
        Act::Reply(resp(429, &[("retry-after", &date)], "")),
        reply(200, "ok"),
    ])
    .await;
    let start = std::time::Instant::now();
    let response = call(&runtime(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.hits(), 2);
    // The date has whole seconds, so the wait is between 1 and 2 s.
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert!(start.elapsed() < QUICK);
}

#[tokio::test]
async fn retry_after_in_the_past_retries_at_once() {
    let server = Server::start(vec![
        Act::Reply(resp(
            503,
            &[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")],
            "",
        )),
        reply(200, "ok"),
    ])
    .await;
    let start = std::time::Instant::now();
    let response = call(&runtime(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.hits(), 2);
    assert!(start.elapsed() < QUICK);
}

#[tokio::test]
async fn retry_after_longer_than_the_cap_returns_the_429() {
    let far = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(7200));
    for retry_after in ["3600", far.as_str()] {
        let server = Server::start(vec![
            Act::Reply(resp(429, &[("retry-after", retry_after)], "")),
            reply(200, "ok"),
        ])
        .await;
        let start = std::time::Instant::now();
        let response = call(&runtime(), Method::GET, server.url("/x"))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(server.hits(), 1);
        assert!(start.elapsed() < QUICK);

        let err = Error::<()>::from(client_runtime::support::Error::UnexpectedResponse(response));
        let wait = err.retry_after().unwrap();
        assert!(
            wait > Duration::from_secs(3500) && wait <= Duration::from_secs(7200),
            "{wait:?}"
        );
        assert!(matches!(err, Error::RateLimited { .. }));
    }
}

// ---------------------------------------------------------------------------
// 5xx.

#[tokio::test]
async fn burst_of_5xx_then_success() {
    let server = Server::start(vec![
        reply(502, "a"),
        reply(503, "b"),
        reply(504, "c"),
        reply(200, "ok"),
    ])
    .await;
    let rt = runtime().with_retry(quick().max_attempts(4));
    let response = call(&rt, Method::GET, server.url("/x")).await.unwrap();
    assert_eq!(text(response).await, (StatusCode::OK, "ok".into()));
    assert_eq!(server.hits(), 4);
}

#[tokio::test]
async fn exhausted_budget_returns_the_final_503() {
    let server = Server::start(vec![
        reply(503, "first"),
        reply(503, "second"),
        reply(503, "third"),
        reply(200, "never"),
    ])
    .await;
    let response = call(&runtime(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(
        text(response).await,
        (StatusCode::SERVICE_UNAVAILABLE, "third".into())
    );
    assert_eq!(server.hits(), 3);
    assert_eq!(server.unused(), 1);
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let server = Server::start(vec![reply(500, "boom"), reply(404, "missing")]).await;
    let rt = runtime();
    let first = call(&rt, Method::GET, server.url("/x")).await.unwrap();
    assert_eq!(first.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let second = call(&rt, Method::DELETE, server.url("/x")).await.unwrap();
    assert_eq!(second.status(), StatusCode::NOT_FOUND);
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn policy_none_sends_once() {
    let server = Server::start(vec![reply(503, "no"), reply(200, "ok")]).await;
    let rt = runtime().with_retry(RetryPolicy::none());
    let response = call(&rt, Method::GET, server.url("/x")).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.hits(), 1);
}

// ---------------------------------------------------------------------------
// Lost connections.

#[tokio::test]
async fn connection_reset_on_get_is_retried() {
    let server = Server::start(vec![Act::Reset, reply(200, "ok")]).await;
    let response = call(&runtime(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(text(response).await, (StatusCode::OK, "ok".into()));
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn connection_reset_on_post_is_not_retried() {
    let server = Server::start(vec![Act::Reset, reply(200, "ok")]).await;
    let err = call(&runtime(), Method::POST, server.url("/x"))
        .await
        .unwrap_err();
    assert!(
        !failed(&err).is_timeout() && !failed(&err).is_connect(),
        "{err:?}"
    );
    assert_eq!(server.hits(), 1);
    let err = Error::<()>::from(client_runtime::support::Error::from(err));
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn connection_refused_is_retried_even_for_post() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let url = reqwest::Url::parse(&format!("http://{addr}/x")).unwrap();
    let (log, _guard) = capture();
    let err = call(&runtime(), Method::POST, url).await.unwrap_err();
    assert!(failed(&err).is_connect(), "{err:?}");
    // Three attempts, each logged.
    assert_eq!(log.lines_with("request failed"), 3, "{}", log.text());
    assert_eq!(log.lines_with("retrying"), 2, "{}", log.text());
    let err = Error::<()>::from(client_runtime::support::Error::from(err));
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

// ---------------------------------------------------------------------------
// Stalls and timeouts.

#[tokio::test]
async fn stalled_headers_time_out_per_attempt_and_get_is_retried() {
    let server = Server::start(vec![Act::Stall, reply(200, "ok")]).await;
    let start = std::time::Instant::now();
    let response = call(&stalling(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.hits(), 2);
    assert!(start.elapsed() >= STALL);
    assert!(start.elapsed() < QUICK);

    let server = Server::start(vec![Act::Stall, Act::Stall, Act::Stall]).await;
    let err = call(&stalling(), Method::GET, server.url("/x"))
        .await
        .unwrap_err();
    assert!(failed(&err).is_timeout(), "{err:?}");
    assert_eq!(server.hits(), 3);
    let err = Error::<()>::from(client_runtime::support::Error::from(err));
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn post_is_not_retried_after_a_mid_flight_timeout() {
    let server = Server::start(vec![Act::Stall, reply(200, "ok")]).await;
    let err = call(&stalling(), Method::POST, server.url("/x"))
        .await
        .unwrap_err();
    assert!(failed(&err).is_timeout(), "{err:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn post_is_retried_after_429_but_not_after_503() {
    let server = Server::start(vec![reply(429, ""), reply(200, "ok")]).await;
    let response = call(&runtime(), Method::POST, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.hits(), 2);

    let server = Server::start(vec![reply(503, ""), reply(200, "ok")]).await;
    let response = call(&runtime(), Method::POST, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn post_is_retried_after_a_timeout_when_the_caller_opts_in() {
    let server = Server::start(vec![Act::Stall, reply(503, ""), reply(200, "ok")]).await;
    let rt = stalling().with_retry(quick().retry_non_idempotent(true));
    let response = call(&rt, Method::POST, server.url("/x")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn stalled_body_times_out_and_is_not_retried() {
    let headers = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789";
    let server = Server::start(vec![Act::Partial(headers.into()), reply(200, "ok")]).await;
    let response = call(&stalling(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let err = response.into_inner().bytes().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.hits(), 1);
    let err = Error::<()>::from(client_runtime::support::Error::ResponseBodyError(err));
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn truncated_body_is_a_transport_error() {
    let headers = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789";
    let server = Server::start(vec![Act::Truncate(headers.into()), reply(200, "ok")]).await;
    let response = call(&runtime(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    let err = response.into_inner().bytes().await.unwrap_err();
    assert!(!err.is_timeout(), "{err:?}");
    assert_eq!(server.hits(), 1);
    let err = Error::<()>::from(client_runtime::support::Error::ResponseBodyError(err));
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn invalid_body_is_a_decode_error_that_keeps_the_body() {
    let server = Server::start(vec![reply(200, "{not json")]).await;
    let response = call(&runtime(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    let err =
        client_runtime::support::ResponseValue::<serde_json::Value>::from_response::<()>(response)
            .await
            .unwrap_err();
    let err = Error::<()>::from(err);
    match &err {
        Error::Decode { raw, .. } => assert_eq!(&raw[..], b"{not json"),
        other => panic!("{other:?}"),
    }
    assert!(err.source().is_some());
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn undocumented_error_status_keeps_its_body() {
    let server = Server::start(vec![reply(404, "no such DID")]).await;
    let response = call(&runtime(), Method::GET, server.url("/x"))
        .await
        .unwrap();
    let err =
        Error::<()>::from_progenitor(client_runtime::support::Error::UnexpectedResponse(response))
            .await;
    match &err {
        Error::Status {
            status, raw, body, ..
        } => {
            assert_eq!(*status, StatusCode::NOT_FOUND);
            assert_eq!(&raw[..], b"no such DID");
            assert!(body.is_none());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn responses_to_query_authenticated_requests_lose_only_their_url() {
    let partial = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789";
    let server = Server::start(vec![reply(200, "hello"), Act::Partial(partial.into())]).await;
    let rt = Runtime::new(Auth::query("auth_token", "query-token-1"))
        .with_retry(quick())
        .with_request_timeout(STALL);
    let response = call(&rt, Method::GET, server.url("/x")).await.unwrap();
    assert!(!format!("{response:?}").contains("query-token-1"));
    assert_eq!(text(response).await, (StatusCode::OK, "hello".into()));
    // The rebuilt response keeps its body's timeout.
    let response = call(&rt, Method::GET, server.url("/x")).await.unwrap();
    let err = response.into_inner().bytes().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(server.requests()[0].starts_with("GET /x?auth_token=query-token-1 HTTP/1.1"));
}

#[tokio::test]
async fn streamed_body_is_sent_once() {
    let server = Server::start(vec![reply(503, ""), reply(200, "ok")]).await;
    let mut request = reqwest::Request::new(Method::PUT, server.url("/upload"));
    let chunks: Vec<Result<&'static str, std::io::Error>> = vec![Ok("a"), Ok("b")];
    *request.body_mut() = Some(reqwest::Body::wrap_stream(futures_util::stream::iter(
        chunks,
    )));
    let response = call_with(&runtime(), request, "upload").await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.hits(), 1);
}

// ---------------------------------------------------------------------------
// Retry safety per operation: what the spec says, not the HTTP method.

/// A runtime that knows which operations may be repeated, as generated
/// clients set it up: `read` may be, `order` (a GET that changes state, as
/// VoiceMeUp has) and `send` may not.
fn per_operation() -> Runtime {
    runtime().with_idempotent_operations(&["lookup", "read"])
}

#[tokio::test]
async fn a_get_that_changes_state_is_not_repeated_after_a_5xx_or_a_reset() {
    let server = Server::start(vec![reply(503, ""), reply(200, "ok")]).await;
    let request = reqwest::Request::new(Method::GET, server.url("/order_new_dids"));
    let response = call_with(&per_operation(), request, "order").await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.hits(), 1, "one order, not two");

    let server = Server::start(vec![Act::Reset, reply(200, "ok")]).await;
    let request = reqwest::Request::new(Method::GET, server.url("/order_new_dids"));
    let err = call_with(&per_operation(), request, "order")
        .await
        .unwrap_err();
    assert!(!failed(&err).is_connect(), "{err:?}");
    assert_eq!(server.hits(), 1);

    let server = Server::start(vec![Act::Stall, reply(200, "ok")]).await;
    let request = reqwest::Request::new(Method::GET, server.url("/order_new_dids"));
    let rt = per_operation().with_request_timeout(STALL);
    let err = call_with(&rt, request, "order").await.unwrap_err();
    assert!(failed(&err).is_timeout(), "{err:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_post_that_only_reads_is_repeated_after_a_5xx_and_a_timeout() {
    let server = Server::start(vec![reply(503, ""), Act::Stall, reply(200, "ok")]).await;
    let rt = per_operation().with_request_timeout(STALL);
    let mut request = reqwest::Request::new(Method::POST, server.url("/json-rpc"));
    *request.body_mut() = Some(reqwest::Body::from(r#"{"method":"sms.get"}"#));
    let response = call_with(&rt, request, "read").await.unwrap();
    assert_eq!(text(response).await, (StatusCode::OK, "ok".into()));
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn every_operation_is_repeated_after_a_429() {
    for (method, op) in [
        (Method::GET, "order"),
        (Method::POST, "send"),
        (Method::POST, "read"),
    ] {
        let server = Server::start(vec![reply(429, ""), reply(200, "ok")]).await;
        let request = reqwest::Request::new(method.clone(), server.url("/x"));
        let response = call_with(&per_operation(), request, op).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{method} {op}");
        assert_eq!(server.hits(), 2, "{method} {op}");
    }
}

#[tokio::test]
async fn an_operation_missing_from_the_list_is_not_repeated() {
    // A generated client lists every operation that may be repeated; one
    // that is not listed (say, added by hand) gets the safe answer.
    let server = Server::start(vec![reply(502, ""), reply(200, "ok")]).await;
    let request = reqwest::Request::new(Method::GET, server.url("/x"));
    let response = call_with(&per_operation(), request, "unlisted")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(server.hits(), 1);
}

/// A multipart-like upload whose body is a one-shot stream, sent through
/// `exec_rebuilding` as generated multipart operations do; returns the
/// response and how often the request was built.
async fn upload(rt: &Runtime, server: &Server, op: &'static str) -> (StatusCode, usize) {
    let built = std::sync::atomic::AtomicUsize::new(0);
    let url = server.url("/queue_fax");
    let build = || {
        built.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let mut request = reqwest::Request::new(Method::POST, url.clone());
        let chunks: Vec<Result<&'static str, std::io::Error>> = vec![Ok("%PDF"), Ok("-1.4")];
        *request.body_mut() = Some(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )));
        request
    };
    let info = OperationInfo { operation_id: op };
    let mut first = build();
    rt.pre(&mut first, &info);
    let response = rt
        .exec_rebuilding(&http(), first, &info, || Some(build()))
        .await
        .unwrap();
    let status = response.status();
    (status, built.load(std::sync::atomic::Ordering::SeqCst))
}

#[tokio::test]
async fn a_streamed_upload_is_rebuilt_and_sent_again_after_a_429() {
    let server = Server::start(vec![reply(429, ""), reply(200, "ok")]).await;
    let (status, _) = upload(&per_operation(), &server, "send").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.hits(), 2);
    let requests = server.requests();
    assert!(
        requests.iter().all(|r| r.starts_with("POST /queue_fax ")),
        "{requests:?}"
    );
}

#[tokio::test]
async fn a_streamed_upload_is_repeated_after_a_5xx_only_when_the_operation_allows_it() {
    let server = Server::start(vec![reply(503, ""), reply(200, "ok")]).await;
    let (status, _) = upload(&per_operation(), &server, "send").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.hits(), 1);

    let server = Server::start(vec![reply(503, ""), reply(200, "ok")]).await;
    let (status, _) = upload(&per_operation(), &server, "read").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.hits(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_retried_upload_keeps_to_the_deadline() {
    // The server asks for 5 s; the call has 2 s: the 429 comes back at once.
    let server = Server::start(vec![
        Act::Reply(resp(429, &[("retry-after", "5")], "")),
        reply(200, "ok"),
    ])
    .await;
    let rt = per_operation().with_deadline(Duration::from_secs(2));
    let (status, built) = upload(&rt, &server, "send").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(server.hits(), 1);
    assert!(built <= 2, "built {built} times");
}

// ---------------------------------------------------------------------------
// The per-call deadline.

#[tokio::test]
async fn deadline_cuts_a_stalled_attempt_short() {
    let server = Server::start(vec![Act::Stall, reply(200, "ok")]).await;
    let rt = runtime()
        .with_request_timeout(Duration::from_secs(30))
        .with_deadline(Duration::from_millis(300));
    let start = std::time::Instant::now();
    let err = call(&rt, Method::GET, server.url("/x")).await.unwrap_err();
    assert!(failed(&err).is_timeout(), "{err:?}");
    assert_eq!(server.hits(), 1);
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert!(start.elapsed() < QUICK);
}

#[tokio::test]
async fn deadline_stops_retries_that_would_wait_past_it() {
    let server = Server::start(vec![
        Act::Reply(resp(503, &[("retry-after", "5")], "")),
        reply(200, "ok"),
    ])
    .await;
    let rt = runtime().with_deadline(Duration::from_secs(2));
    let start = std::time::Instant::now();
    let response = call(&rt, Method::GET, server.url("/x")).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.hits(), 1);
    assert!(start.elapsed() < QUICK);
}

// ---------------------------------------------------------------------------
// The client-side rate limiter, on tokio's paused clock. These runtimes have
// no timeout and no deadline, so no timer is pending while a request is on
// the wire, and virtual time moves only while the limiter waits.

fn paced(limits: RateLimits) -> Runtime {
    Runtime::new(Auth::None)
        .with_retry(quick())
        .without_request_timeout()
        .without_deadline()
        .with_rate_limits(limits)
}

#[tokio::test(start_paused = true)]
async fn limiter_paces_requests_on_virtual_time() {
    let server = Server::start(vec![reply(200, "1"), reply(200, "2"), reply(200, "3")]).await;
    let rt = paced(RateLimits::single(RateLimit::per_minute(2)));
    let start = tokio::time::Instant::now();
    let mut at = Vec::new();
    for _ in 0..3 {
        let response = call(&rt, Method::GET, server.url("/x")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        at.push(start.elapsed());
    }
    assert_eq!(at[0], Duration::ZERO);
    assert_eq!(at[1], Duration::ZERO);
    assert!(
        at[2] >= Duration::from_secs(30) && at[2] < Duration::from_millis(30_010),
        "{at:?}"
    );
    assert_eq!(server.hits(), 3);
}

#[tokio::test(start_paused = true)]
async fn limiter_pools_are_per_operation_and_shared_by_clones() {
    let server = Server::start(vec![]).await;
    let limits = RateLimits::new()
        .pool("default", RateLimit::per_minute(1))
        .pool("sms", RateLimit::per_hour(1))
        .route(|op| match op {
            "send_sms" => &["sms"],
            _ => &["default"],
        });
    let rt = paced(limits);
    let clone = rt.clone();
    let start = tokio::time::Instant::now();
    let get = || reqwest::Request::new(Method::GET, server.url("/x"));
    call_with(&rt, get(), "send_sms").await.unwrap();
    call_with(&rt, get(), "list").await.unwrap();
    assert_eq!(start.elapsed(), Duration::ZERO, "different pools");
    call_with(&clone, get(), "list").await.unwrap();
    let minute = start.elapsed();
    assert!(minute >= Duration::from_secs(60) && minute < Duration::from_millis(60_010));
    call_with(&clone, get(), "send_sms").await.unwrap();
    let hour = start.elapsed();
    assert!(hour >= Duration::from_secs(3600) && hour < Duration::from_millis(3_600_010));

    // Switched off: no waiting at all.
    let free = rt.clone().without_rate_limits();
    let before = tokio::time::Instant::now();
    for _ in 0..3 {
        call_with(&free, get(), "send_sms").await.unwrap();
    }
    assert_eq!(before.elapsed(), Duration::ZERO);
    assert_eq!(server.hits(), 7);
}

#[tokio::test(start_paused = true)]
async fn limiter_waits_before_every_attempt_retries_included() {
    let server = Server::start(vec![reply(503, ""), reply(200, "ok")]).await;
    let rt = paced(RateLimits::single(RateLimit::per_minute(1)));
    let start = tokio::time::Instant::now();
    let response = call(&rt, Method::GET, server.url("/x")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.hits(), 2);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(60) && waited < Duration::from_millis(60_010),
        "{waited:?}"
    );
}

#[tokio::test]
async fn limiter_refuses_at_once_when_no_slot_comes_before_the_deadline() {
    let server = Server::start(vec![reply(200, "ok"), reply(200, "never")]).await;
    let rt = runtime().with_rate_limits(RateLimits::single(RateLimit::per_hour(1)));
    assert_eq!(rt.deadline(), Some(client_runtime::DEFAULT_DEADLINE));
    call(&rt, Method::GET, server.url("/x")).await.unwrap();
    let start = std::time::Instant::now();
    let err = call(&rt, Method::GET, server.url("/x")).await.unwrap_err();
    assert!(start.elapsed() < QUICK);
    assert_eq!(server.hits(), 1);
    let limit = chain(&err)
        .find_map(|e| e.downcast_ref::<client_runtime::LocalRateLimit>())
        .expect("the limiter is in the source chain");
    assert_eq!(limit.pool(), "default");
    assert!(matches!(err, SendError::RateLimited(_)), "{err:?}");
    let err = Error::<()>::from(client_runtime::support::Error::from(err));
    assert!(
        matches!(&err, Error::RateLimited { local: Some(limit), .. } if limit.pool() == "default"),
        "{err:?}"
    );
    let wait = err.retry_after().unwrap();
    assert!(wait > Duration::from_secs(3500) && wait <= Duration::from_secs(3600));
}

fn chain<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(err), |&e| e.source())
}

#[test]
fn exec_futures_are_send() {
    fn is_send<T: Send>(_: T) {}
    let rt =
        Runtime::new(Auth::None).with_rate_limits(RateLimits::single(RateLimit::per_second(1)));
    let client = http();
    let info = OperationInfo { operation_id: "x" };
    let request = reqwest::Request::new(Method::GET, "http://127.0.0.1:9/".parse().unwrap());
    is_send(rt.exec(&client, request, &info));
}

// ---------------------------------------------------------------------------
// Secrets never show.

const TOKEN: &str = "tok-SECRET-4242";

#[tokio::test]
async fn no_error_response_runtime_or_log_shows_a_secret() {
    let (log, _guard) = capture();
    let server = Server::start(vec![
        Act::Reset,            // Transport (POST, not retried)
        Act::Stall,            // Timeout (POST)
        reply(429, ""),        // RateLimited (policy none)
        reply(404, TOKEN),     // Status; the body is not shown either
        reply(200, "{broken"), // Decode
        Act::Reset,            // a raw reqwest error, not through exec
        reply(200, "ok"),      // a response whose URL carries the token
    ])
    .await;
    let rt = Runtime::new(Auth::Query(vec![
        ("auth_token".into(), TOKEN.into()),
        ("account_pin".into(), TOKEN.into()),
    ]))
    .with_retry(RetryPolicy::none())
    .with_request_timeout(STALL);
    let url = server.url("/v1/dids?page=1");

    let mut errors: Vec<Error<serde_json::Value>> = Vec::new();
    let transport = call(&rt, Method::POST, url.clone()).await.unwrap_err();
    errors.push(client_runtime::support::Error::from(transport).into());
    let timeout = call(&rt, Method::POST, url.clone()).await.unwrap_err();
    // progenitor's own Display prints the reqwest error: scrubbed by exec.
    let progenitor = client_runtime::support::Error::from(timeout);
    assert_clean(&format!("{progenitor} {progenitor:?}"));
    errors.push(progenitor.into());
    let limited = call(&rt, Method::GET, url.clone()).await.unwrap();
    errors.push(client_runtime::support::Error::UnexpectedResponse(limited).into());
    let missing = call(&rt, Method::GET, url.clone()).await.unwrap();
    errors.push(
        Error::from_progenitor(client_runtime::support::Error::UnexpectedResponse(missing)).await,
    );
    let broken = call(&rt, Method::GET, url.clone()).await.unwrap();
    errors.push(
        client_runtime::support::ResponseValue::<serde_json::Value>::from_response(broken)
            .await
            .unwrap_err()
            .into(),
    );
    // Straight from reqwest, URL and token included: `From` scrubs it.
    let mut raw_url = url.clone();
    raw_url.query_pairs_mut().append_pair("auth_token", TOKEN);
    let raw = http().get(raw_url).send().await.unwrap_err();
    assert!(
        raw.to_string().contains(TOKEN),
        "the test needs a leaky error"
    );
    errors.push(client_runtime::support::Error::from(raw).into());
    errors.push(Error::provider(
        "E42",
        format!("bad key in http://h/?auth_token={TOKEN}"),
    ));
    errors.push(
        client_runtime::support::Error::InvalidRequest(format!("see https://h/?token={TOKEN}"))
            .into(),
    );
    // The client-side limiter's refusal.
    let limited_rt = rt
        .clone()
        .with_rate_limits(RateLimits::single(RateLimit::per_hour(1)));
    let ok = call(&limited_rt, Method::GET, url.clone()).await.unwrap();
    assert_clean(&format!("{ok:?}"));
    let refused = call(&limited_rt, Method::GET, url.clone())
        .await
        .unwrap_err();
    errors.push(client_runtime::support::Error::from(refused).into());

    let kinds: Vec<&str> = errors.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [
            "Transport",
            "Timeout",
            "RateLimited",
            "Status",
            "Decode",
            "Transport",
            "Provider",
            "Request",
            "RateLimited"
        ]
    );
    for err in &errors {
        let mut shown = format!("{err}\n{err:?}\n{err:#?}\n{}\n", Redacted(err));
        for source in chain(err) {
            let _ = writeln!(shown, "{source}\n{source:?}");
        }
        assert_clean(&shown);
    }

    // The token did go out, in the query string.
    let requests = server.requests().join("\n");
    assert!(requests.contains(&format!("auth_token={TOKEN}&account_pin={TOKEN}")));

    // Nothing logged it, and the logs have what they should.
    let logged = log.text();
    assert_clean(&logged);
    assert!(logged.contains("operation=\"faults\"") && logged.contains("path=\"/v1/dids\""));
    assert!(logged.contains("attempt=1") && logged.contains("status=429"));
    assert!(logged.contains("latency_ms="));

    // Nor do the runtime and credentials.
    let runtimes = [
        rt,
        Runtime::new(Auth::bearer(TOKEN)),
        Runtime::new(Auth::basic("user", TOKEN)),
        Runtime::new(Auth::Headers(vec![(
            HeaderName::from_static("x-auth-secret"),
            Secret::new(TOKEN),
        )])),
    ];
    for rt in &runtimes {
        assert_clean(&format!("{rt:?} {rt:#?}"));
    }
    // The names of a client's query credentials belong to its redactor.
    assert_clean(
        &runtimes[0]
            .redact_url(format!("http://h/x?account_pin={TOKEN}&auth_token={TOKEN}").as_str()),
    );
    assert_eq!(
        client_runtime::redact_url("http://h/x?account_pin=1&auth_token=2"),
        "http://h/x?account_pin=1&auth_token=***"
    );
}

fn kind<E>(err: &Error<E>) -> &'static str {
    match err {
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

#[track_caller]
fn assert_clean(text: &str) {
    assert!(!text.contains(TOKEN), "a secret leaked:\n{text}");
    assert!(!text.contains("SECRET"), "a secret leaked:\n{text}");
}
