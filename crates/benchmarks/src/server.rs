//! A minimal keep-alive HTTP/1.1 server on 127.0.0.1 that answers every
//! request with one fixed response, for the per-call benchmark.
//!
//! It runs on its own thread with its own current-thread tokio runtime, so
//! the client under test and the server run side by side as they would
//! across a network, and neither shares a scheduler with the other. It
//! reads each request head (and body, by `Content-Length`), then writes the
//! pre-rendered response: no parsing, routing or recording, so its cost is
//! the same for every client and small next to the client's.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Largest request head the server accepts.
const MAX_HEAD: usize = 64 * 1024;

/// The credentials the benchmark clients send (the server ignores them).
#[derive(Debug)]
pub struct Credentials;

impl Credentials {
    /// PortSIP bearer token and VoiceMeUp API token.
    pub const TOKEN: &'static str = "0123456789abcdef0123456789abcdef";
    /// Skyetel `X-AUTH-SID`.
    pub const SID: &'static str = "bench-sid";
    /// Skyetel `X-AUTH-SECRET`.
    pub const SECRET: &'static str = "bench-secret";
    /// VoiceMeUp user name.
    pub const USERNAME: &'static str = "bench-user";
    /// CALLR API key.
    pub const API_KEY: &'static str = "bench-api-key";
}

/// Starts a server answering every request with `200 OK` and `body` as
/// `application/json`; returns its address. The server lives until the
/// process ends.
pub fn spawn(body: impl Into<Vec<u8>>) -> SocketAddr {
    let body = body.into();
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    let response: Arc<[u8]> = response.into();

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    std::thread::Builder::new()
        .name(format!("bench-server-{}", addr.port()))
        .spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
                .expect("server runtime");
            rt.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("tokio listener");
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    tokio::spawn(serve(stream, response.clone()));
                }
            });
        })
        .expect("server thread");
    addr
}

/// Answers each request of one connection until the peer closes it.
async fn serve(mut stream: TcpStream, response: Arc<[u8]>) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(8 * 1024);
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        // Read until one whole request (head and body) is buffered.
        let consumed = loop {
            if let Some(end) = find(&buf, b"\r\n\r\n") {
                let total = end + 4 + content_length(&buf[..end]);
                if buf.len() >= total {
                    break total;
                }
            } else if buf.len() > MAX_HEAD {
                return;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        buf.drain(..consumed);
        if stream.write_all(&response).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The `Content-Length` of a request head, 0 if absent.
fn content_length(head: &[u8]) -> usize {
    let text = String::from_utf8_lossy(head);
    text.split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}
