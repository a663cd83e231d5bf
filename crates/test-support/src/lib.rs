//! A tiny recording HTTP/1.1 server on loopback for offline tests.
//!
//! It answers every request with a canned [`Response`] chosen by the test and
//! records the request, which renders to a stable text for snapshots
//! ([`Recorded::render_with`]). How to build a client for it is left to each
//! test crate.
//!
//! [`trace::capture`] records `tracing` output as text, for tests that look
//! for leaked secrets or count retries; [`redirect`] starts servers that
//! redirect, within their origin or to another one.

#![warn(missing_docs)]

pub mod mutate;
pub mod redirect;
pub mod sample;
pub mod trace;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Largest request head or body the server accepts.
const MAX_SIZE: usize = 16 * 1024 * 1024;

/// What a redacted header value is replaced with.
pub const REDACTED: &str = "[REDACTED]";

/// A canned answer.
#[derive(Clone, Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The `content-type` header, if any.
    pub content_type: Option<String>,
    /// Further headers, sent in this order.
    pub headers: Vec<(String, String)>,
    /// The body.
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
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// `status` without a body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds the header `name: value` (say, `Retry-After: 1`).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The method, as sent.
    pub method: String,
    /// The request target: path and query, as sent.
    pub target: String,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

/// One part of a `multipart/form-data` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The `name` of its `content-disposition`.
    pub name: String,
    /// The `filename` of its `content-disposition`, if any.
    pub file_name: Option<String>,
    /// Its `content-type`, if any.
    pub content_type: Option<String>,
    /// Its content.
    pub body: Vec<u8>,
}

impl Part {
    /// The content as text, for a part without a file name whose content
    /// type is absent or `text/*` and whose content is UTF-8.
    pub fn text(&self) -> Option<&str> {
        let texty = self
            .content_type
            .as_deref()
            .is_none_or(|t| t.starts_with("text/"));
        if self.file_name.is_none() && texty {
            std::str::from_utf8(&self.body).ok()
        } else {
            None
        }
    }
}

impl Recorded {
    /// The method, the target (a relative URL, query included) and every
    /// header value on one line: what a server that echoes the request in
    /// its messages would write, credentials and all.
    pub fn echo(&self) -> String {
        let mut text = format!("request {} {}", self.method, self.target);
        for (name, value) in &self.headers {
            let _ = write!(text, "; {name}: {value}");
        }
        text
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query string exactly as sent (still percent-encoded), without
    /// the `?`; empty when there is none.
    pub fn raw_query(&self) -> &str {
        self.target.split_once('?').map(|(_, q)| q).unwrap_or("")
    }

    /// Query parameters, percent-decoded, in the order sent.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        decode_pairs(self.raw_query())
    }

    /// The first value of query parameter `name`.
    pub fn query(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// Every value of query parameter `name`, in the order sent.
    pub fn query_all(&self, name: &str) -> Vec<String> {
        self.query_pairs()
            .into_iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v)
            .collect()
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body (`content-type` without parameters, in
    /// lower case), if any.
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type")
            .map(|ct| ct.split(';').next().unwrap_or_default().trim())
            .map(str::to_ascii_lowercase)
    }

    /// The body as form pairs, percent-decoded, in the order sent. Empty
    /// unless the body is `application/x-www-form-urlencoded`.
    pub fn form_pairs(&self) -> Vec<(String, String)> {
        if self.media_type().as_deref() != Some("application/x-www-form-urlencoded") {
            return Vec::new();
        }
        std::str::from_utf8(&self.body)
            .map(decode_pairs)
            .unwrap_or_default()
    }

    /// The first value of form field `name` (see [`form_pairs`](Self::form_pairs)).
    pub fn form(&self, name: &str) -> Option<String> {
        self.form_pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// The parts of a `multipart/form-data` body in the order sent; `None`
    /// when the body is not multipart or cannot be parsed.
    pub fn multipart(&self) -> Option<Vec<Part>> {
        if self.media_type().as_deref() != Some("multipart/form-data") {
            return None;
        }
        let boundary = param(self.header("content-type")?, "boundary")?;
        parse_multipart(&self.body, &boundary)
    }

    /// Stable text for snapshots: method and path, query sorted by name,
    /// headers sorted by name without `host`, and the body.
    ///
    /// Headers named in `redact` (any case) show [`REDACTED`] instead of
    /// their value; an `authorization` or `proxy-authorization` header keeps
    /// its scheme (`Bearer [REDACTED]`). A multipart boundary shows as
    /// `[BOUNDARY]`, since it is random.
    ///
    /// The body is pretty-printed when it is JSON, written as sorted
    /// `key=value` lines (decoded) when it is a form, part by part (name,
    /// content type, file name, and the value of text parts or the length
    /// of others) when it is multipart, and as text or a length otherwise.
    pub fn render_with(&self, redact: &[&str]) -> String {
        self.render_hiding(redact, &[])
    }

    /// [`render_with`](Self::render_with), also showing [`REDACTED`] for the
    /// value of every query parameter, form field and multipart text part
    /// named in `fields` (exact names), for credentials that travel as
    /// parameters rather than headers.
    pub fn render_hiding(&self, redact: &[&str], fields: &[&str]) -> String {
        let mut out = format!("{} {}\n", self.method, self.path());
        let mut query = self.query_pairs();
        query.sort_by(|a, b| a.0.cmp(&b.0));
        if !query.is_empty() {
            out.push_str("query:\n");
            for (k, v) in &query {
                let v = if fields.contains(&k.as_str()) {
                    REDACTED
                } else {
                    v
                };
                let _ = writeln!(out, "  {k}: {v}");
            }
        }
        let mut headers: Vec<_> = self.headers.iter().filter(|(k, _)| k != "host").collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        out.push_str("headers:\n");
        for (k, v) in headers {
            let v = if redact.iter().any(|r| r.eq_ignore_ascii_case(k)) {
                redact_value(k, v)
            } else if k == "content-type" {
                hide_boundary(v)
            } else {
                v.clone()
            };
            let _ = writeln!(out, "  {k}: {v}");
        }
        self.render_body(&mut out, fields);
        out
    }

    fn render_body(&self, out: &mut String, fields: &[&str]) {
        if self.body.is_empty() {
            out.push_str("body: (empty)\n");
            return;
        }
        match self.media_type().as_deref() {
            Some("application/x-www-form-urlencoded") => {
                let mut lines: Vec<String> = self
                    .form_pairs()
                    .into_iter()
                    .map(|(k, v)| {
                        let v = if fields.contains(&k.as_str()) {
                            REDACTED
                        } else {
                            &v
                        };
                        format!("{k}={v}")
                    })
                    .collect();
                lines.sort();
                out.push_str("body (form):\n");
                for line in lines {
                    let _ = writeln!(out, "  {line}");
                }
                return;
            }
            Some("multipart/form-data") => {
                if let Some(parts) = self.multipart() {
                    out.push_str("body (multipart):\n");
                    for part in parts {
                        render_part(&part, fields.contains(&part.name.as_str()), out);
                    }
                    return;
                }
            }
            _ => {}
        }
        if let Ok(json) = serde_json::from_slice::<serde_json::Value>(&self.body) {
            let pretty = serde_json::to_string_pretty(&json).unwrap_or_default();
            let _ = writeln!(out, "body:\n{pretty}");
        } else if let Ok(text) = std::str::from_utf8(&self.body) {
            let _ = writeln!(out, "body (text):\n{text}");
        } else {
            let _ = writeln!(out, "body: ({} bytes, not UTF-8)", self.body.len());
        }
    }
}

fn render_part(part: &Part, hidden: bool, out: &mut String) {
    let _ = write!(out, "  - name: {}", part.name);
    if let Some(ct) = &part.content_type {
        let _ = write!(out, "\n    content-type: {ct}");
    }
    if let Some(file) = &part.file_name {
        let _ = write!(out, "\n    file name: {file}");
    }
    match part.text() {
        Some(_) if hidden => {
            let _ = writeln!(out, "\n    value: {REDACTED}");
        }
        Some(text) => {
            let _ = writeln!(out, "\n    value: {text}");
        }
        None => {
            let _ = writeln!(out, "\n    content: {} bytes", part.body.len());
        }
    }
}

/// `value` of header `name` with the credential hidden: an
/// `authorization`-style header keeps its scheme, any other shows
/// [`REDACTED`] alone.
pub fn redact_value(name: &str, value: &str) -> String {
    let keeps_scheme = name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization");
    match value.split_once(' ') {
        Some((scheme, _)) if keeps_scheme => format!("{scheme} {REDACTED}"),
        _ => REDACTED.to_owned(),
    }
}

/// A `content-type` value with its `boundary` parameter replaced by `[BOUNDARY]`.
fn hide_boundary(value: &str) -> String {
    value
        .split(';')
        .map(|p| {
            let t = p.trim_start();
            if t.get(..9)
                .is_some_and(|k| k.eq_ignore_ascii_case("boundary="))
            {
                let lead = &p[..p.len() - t.len()];
                format!("{lead}boundary=[BOUNDARY]")
            } else {
                p.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// `application/x-www-form-urlencoded` pairs, decoded.
fn decode_pairs(text: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(text).unwrap_or_default()
}

/// The value of parameter `name` of a header such as `content-type` or
/// `content-disposition`, unquoted.
fn param(header: &str, name: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case(name).then(|| {
            let v = v.trim();
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v)
                .to_owned()
        })
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Splits a multipart body (RFC 7578) into its parts.
fn parse_multipart(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut at = find(body, &delimiter, 0)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Some(parts);
        }
        let start = at + body[at..].strip_prefix(b"\r\n").map(|_| 2)?;
        let next = find(body, &delimiter, start)?;
        // The CRLF before a delimiter belongs to the delimiter.
        let end = next.checked_sub(2).filter(|e| &body[*e..next] == b"\r\n")?;
        parts.push(parse_part(&body[start..end.max(start)])?);
        at = next + delimiter.len();
    }
}

fn parse_part(raw: &[u8]) -> Option<Part> {
    let split = find(raw, b"\r\n\r\n", 0)?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut part = Part {
        name: String::new(),
        file_name: None,
        content_type: None,
        body: raw[split + 4..].to_vec(),
    };
    for line in head.split("\r\n") {
        let (k, v) = line.split_once(':')?;
        let k = k.trim().to_ascii_lowercase();
        if k == "content-disposition" {
            part.name = param(v, "name")?;
            part.file_name = param(v, "filename");
        } else if k == "content-type" {
            part.content_type = Some(v.trim().to_owned());
        }
    }
    Some(part)
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

    /// The address the server listens on (`127.0.0.1` and a free port).
    pub fn addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` followed by `path` (say, `/api` for a base URL).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
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
    for (name, value) in &response.headers {
        let _ = write!(head, "{name}: {value}\r\n");
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
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends `raw` to `server` and reads the status line of the answer.
    async fn exchange(server: &TestServer, raw: &[u8]) -> Vec<u8> {
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream.write_all(raw).await.unwrap();
        let mut answer = vec![0; 12];
        stream.read_exact(&mut answer).await.unwrap();
        answer
    }

    /// A sanity check of the server itself, so a broken harness fails loudly.
    #[tokio::test]
    async fn server_records_and_renders_requests() {
        let server = TestServer::respond(Response::json(200, "{}")).await;
        let answer = exchange(
            &server,
            b"POST /api/x?b=2&a=%20one+two HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\
              Authorization: Bearer sekrit\r\nX-Z: z\r\nContent-Length: 10\r\n\r\n{\"k\": [1]}",
        )
        .await;
        assert_eq!(answer, b"HTTP/1.1 200");
        let request = server.single_request();
        assert_eq!(request.header("Authorization"), Some("Bearer sekrit"));
        assert_eq!(request.query("a").as_deref(), Some(" one two"));
        assert_eq!(request.raw_query(), "b=2&a=%20one+two");
        assert_eq!(
            request.render_with(&["authorization"]),
            "POST /api/x\nquery:\n  a:  one two\n  b: 2\nheaders:\n  \
             authorization: Bearer [REDACTED]\n  content-length: 10\n  x-z: z\n\
             body:\n{\n  \"k\": [\n    1\n  ]\n}\n"
        );
        // Not in the list: shown as sent.
        assert!(
            request
                .render_with(&[])
                .contains("authorization: Bearer sekrit\n")
        );
    }

    #[tokio::test]
    async fn listed_headers_are_redacted_whole() {
        let server = TestServer::respond(Response::empty(204)).await;
        let answer = exchange(
            &server,
            b"GET /v1/x HTTP/1.1\r\nX-Auth-Sid: sid\r\nX-AUTH-SECRET: a b\r\n\r\n",
        )
        .await;
        assert_eq!(answer, b"HTTP/1.1 204");
        let text = server
            .single_request()
            .render_with(&["x-auth-sid", "X-Auth-Secret"]);
        assert_eq!(
            text,
            "GET /v1/x\nheaders:\n  x-auth-secret: [REDACTED]\n  \
             x-auth-sid: [REDACTED]\nbody: (empty)\n"
        );
    }

    #[tokio::test]
    async fn chunked_form_bodies_render_as_sorted_lines() {
        let server = TestServer::respond(Response::empty(200)).await;
        let body = "b%5Bx%5D=2+3&a=%26";
        let raw = format!(
            "PATCH /v1/y HTTP/1.1\r\ncontent-type: application/x-www-form-urlencoded\r\n\
             transfer-encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
            body.len()
        );
        exchange(&server, raw.as_bytes()).await;
        let request = server.single_request();
        assert_eq!(request.form("b[x]").as_deref(), Some("2 3"));
        assert!(
            request
                .render_with(&[])
                .ends_with("body (form):\n  a=&\n  b[x]=2 3\n"),
            "{}",
            request.render_with(&[])
        );
    }

    #[tokio::test]
    async fn multipart_bodies_render_part_by_part() {
        let server = TestServer::respond(Response::empty(200)).await;
        let body: &[u8] = b"--XyZ\r\ncontent-disposition: form-data; name=\"to\"\r\n\r\n1509\r\n\
            --XyZ\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
            content-type: application/pdf\r\n\r\n%PDF\x00\xff\r\n--XyZ--\r\n";
        let mut raw = format!(
            "POST /v1/f HTTP/1.1\r\ncontent-type: multipart/form-data; boundary=XyZ\r\n\
             content-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        raw.extend_from_slice(body);
        exchange(&server, &raw).await;
        let request = server.single_request();
        let parts = request.multipart().expect("parses");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].text(), Some("1509"));
        assert_eq!(parts[1].file_name.as_deref(), Some("a.pdf"));
        assert_eq!(parts[1].body, b"%PDF\x00\xff");
        assert_eq!(
            request.render_with(&[]),
            format!(
                "POST /v1/f\nheaders:\n  content-length: {}\n  \
                 content-type: multipart/form-data; boundary=[BOUNDARY]\n\
                 body (multipart):\n  - name: to\n    value: 1509\n  \
                 - name: file\n    content-type: application/pdf\n    \
                 file name: a.pdf\n    content: 6 bytes\n",
                body.len()
            )
        );
    }

    #[tokio::test]
    async fn responses_carry_extra_headers() {
        let server = TestServer::respond(
            Response::json(429, r#"{"ERROR":"slow down"}"#).header("Retry-After", "1"),
        )
        .await;
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nconnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 429 Too Many Requests\r\n"),
            "{answer}"
        );
        assert!(answer.contains("\r\nRetry-After: 1\r\n"), "{answer}");
        assert!(
            answer.ends_with("\r\n\r\n{\"ERROR\":\"slow down\"}"),
            "{answer}"
        );
    }

    #[test]
    fn redaction_keeps_only_an_authorization_scheme() {
        assert_eq!(
            redact_value("authorization", "Bearer t"),
            "Bearer [REDACTED]"
        );
        assert_eq!(redact_value("Authorization", "token"), "[REDACTED]");
        assert_eq!(redact_value("x-auth-secret", "a b"), "[REDACTED]");
        assert_eq!(
            hide_boundary("multipart/form-data; boundary=abc"),
            "multipart/form-data; boundary=[BOUNDARY]"
        );
    }
}
