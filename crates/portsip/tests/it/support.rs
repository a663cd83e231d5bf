//! A tiny recording HTTP/1.1 server on loopback for offline tests.
//!
//! It answers every request with a canned [`Response`] chosen by the test and
//! records the request, which renders to a stable text for snapshots.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The token every test client authenticates with.
pub const TOKEN: &str = "test-token";

/// Largest request head or body the server accepts.
const MAX_SIZE: usize = 16 * 1024 * 1024;

/// The sample file `name` under `tests/it/data/`.
pub fn data(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A client for `server` authenticating with [`TOKEN`].
pub fn client(server: &TestServer) -> portsip::Client {
    portsip::Client::new(&server.url(), TOKEN).expect("client builds")
}

/// A canned answer.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Response {
    /// `status` with a JSON body.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::bytes(status, "application/json", body.into().into_bytes())
    }

    /// `status` with `body` of type `content_type`.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            content_type: Some(content_type.to_owned()),
            body: body.into(),
        }
    }

    /// `status` without a body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: None,
            body: Vec::new(),
        }
    }
}

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The request target: path and query, as sent.
    pub target: String,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// Query parameters, percent-decoded, in the order sent.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        match reqwest::Url::parse(&format!("http://localhost{}", self.target)) {
            Ok(url) => url.query_pairs().into_owned().collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The first value of query parameter `name`.
    pub fn query(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Stable text for snapshots: method and path, query sorted by name,
    /// headers sorted by name without `host`, the credential redacted, and the
    /// body pretty-printed when it is JSON.
    pub fn render(&self) -> String {
        let mut out = format!("{} {}\n", self.method, self.path());
        let mut query = self.query_pairs();
        query.sort_by(|a, b| a.0.cmp(&b.0));
        if !query.is_empty() {
            out.push_str("query:\n");
            for (k, v) in &query {
                let _ = writeln!(out, "  {k}: {v}");
            }
        }
        let mut headers: Vec<_> = self.headers.iter().filter(|(k, _)| k != "host").collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        out.push_str("headers:\n");
        for (k, v) in headers {
            let v = if k == "authorization" {
                redact(v)
            } else {
                v.clone()
            };
            let _ = writeln!(out, "  {k}: {v}");
        }
        if self.body.is_empty() {
            out.push_str("body: (empty)\n");
        } else if let Ok(json) = serde_json::from_slice::<serde_json::Value>(&self.body) {
            let pretty = serde_json::to_string_pretty(&json).unwrap_or_default();
            let _ = writeln!(out, "body:\n{pretty}");
        } else if let Ok(text) = std::str::from_utf8(&self.body) {
            let _ = writeln!(out, "body (text):\n{text}");
        } else {
            let _ = writeln!(out, "body: ({} bytes, not UTF-8)", self.body.len());
        }
        out
    }
}

/// Keeps the scheme of a credential and hides the rest.
fn redact(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} [REDACTED]"),
        None => "[REDACTED]".to_owned(),
    }
}

type Handler = dyn Fn(&Recorded) -> Response + Send + Sync;

/// The server; it stops when dropped.
#[derive(Debug)]
pub struct TestServer {
    addr: std::net::SocketAddr,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Answers every request with `response`.
    pub async fn respond(response: Response) -> Self {
        Self::start(move |_| response.clone()).await
    }

    /// Answers each request with whatever `handler` returns for it.
    pub async fn start(handler: impl Fn(&Recorded) -> Response + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = Arc::clone(&recorded);
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                connections.spawn(serve(stream, Arc::clone(&handler), Arc::clone(&log)));
            }
        });
        Self {
            addr,
            recorded,
            task,
        }
    }

    /// The base URL to give the client: `http://127.0.0.1:PORT/api`.
    pub fn url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.recorded.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The only request received; fails the test otherwise.
    pub fn single_request(&self) -> Recorded {
        let mut all = self.requests();
        assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
        all.remove(0)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts the connections.
        self.task.abort();
    }
}

/// Serves one connection until the client closes it or sends something odd.
async fn serve(stream: TcpStream, handler: Arc<Handler>, log: Arc<Mutex<Vec<Recorded>>>) {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    while let Some(request) = read_request(&mut read).await {
        let response = handler(&request);
        let close = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        if let Ok(mut log) = log.lock() {
            log.push(request);
        }
        if write.write_all(&encode(&response)).await.is_err() || close {
            break;
        }
    }
}

/// Reads one request; `None` at end of stream or on input it cannot parse.
async fn read_request<R: AsyncRead + Unpin>(read: &mut BufReader<R>) -> Option<Recorded> {
    let request_line = read_line(read).await?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let line = read_line(read).await?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        if headers.len() > 200 {
            return None;
        }
    }
    let mut request = Recorded {
        method,
        target,
        headers,
        body: Vec::new(),
    };
    if request
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        request.body = read_chunked(read).await?;
    } else if let Some(len) = request.header("content-length") {
        let len: usize = len.parse().ok().filter(|n| *n <= MAX_SIZE)?;
        let mut body = vec![0; len];
        read.read_exact(&mut body).await.ok()?;
        request.body = body;
    }
    Some(request)
}

/// A line without its CRLF; `None` at end of stream or when too long.
async fn read_line<R: AsyncRead + Unpin>(read: &mut BufReader<R>) -> Option<String> {
    let mut line = Vec::new();
    let n = (&mut *read)
        .take(64 * 1024)
        .read_until(b'\n', &mut line)
        .await
        .ok()?;
    if n == 0 || !line.ends_with(b"\n") {
        return None;
    }
    let line = String::from_utf8(line).ok()?;
    Some(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn read_chunked<R: AsyncRead + Unpin>(read: &mut BufReader<R>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let size_line = read_line(read).await?;
        let size = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        if size == 0 {
            // Trailers, up to the empty line.
            while !read_line(read).await?.is_empty() {}
            return Some(body);
        }
        if body.len() + size > MAX_SIZE {
            return None;
        }
        let start = body.len();
        body.resize(start + size, 0);
        read.read_exact(&mut body[start..]).await.ok()?;
        if !read_line(read).await?.is_empty() {
            return None;
        }
    }
}

fn encode(response: &Response) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    if let Some(ct) = &response.content_type {
        let _ = write!(head, "content-type: {ct}\r\n");
    }
    // 1xx, 204 and 304 responses carry no body and no length.
    if !matches!(response.status, 100..=199 | 204 | 304) {
        let _ = write!(head, "content-length: {}\r\n", response.body.len());
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !matches!(response.status, 100..=199 | 204 | 304) {
        bytes.extend_from_slice(&response.body);
    }
    bytes
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

/// A sanity check of the server itself, so a broken harness fails loudly.
#[tokio::test]
async fn server_records_and_renders_requests() {
    let server = TestServer::respond(Response::json(200, "{}")).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/x?b=2&a=%20one+two HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\
              Authorization: Bearer sekrit\r\nX-Z: z\r\nContent-Length: 10\r\n\r\n{\"k\": [1]}",
        )
        .await
        .unwrap();
    let mut answer = vec![0; 12];
    stream.read_exact(&mut answer).await.unwrap();
    assert_eq!(answer, b"HTTP/1.1 200");
    let request = server.single_request();
    assert_eq!(request.header("Authorization"), Some("Bearer sekrit"));
    assert_eq!(request.query("a").as_deref(), Some(" one two"));
    assert_eq!(
        request.render(),
        "POST /api/x\nquery:\n  a:  one two\n  b: 2\nheaders:\n  \
         authorization: Bearer [REDACTED]\n  content-length: 10\n  x-z: z\n\
         body:\n{\n  \"k\": [\n    1\n  ]\n}\n"
    );
}
