//! This crate's side of the shared test support: the loopback recording
//! server comes from `test-support`; the credentials, the VoiceMeUp URL
//! layout, the canned envelopes and the snapshot rendering (which hides the
//! token, a parameter here rather than a header) live here.

use voicemeup::{ClientBuilder, Credentials};

pub use test_support::{Recorded, Response, TestServer};

/// The user name every test client sends as `username`.
pub const USER: &str = "test-user";
/// The 32-character API token every test client sends as `auth_token`.
pub const TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// Where VoiceMeUp's request types live under a host: `<host>/api/v1.1/json`.
pub const PREFIX: &str = "/api/v1.1/json";

/// A success envelope, as every request type answers when all went well,
/// with a result field next to `response_details`.
pub const SUCCESS: &str = r#"{"response_details":{"response_status":"success","response_messages":{"message":{"code":"ok","_content":"done"}}},"result":{"id":42,"items":[1,2]}}"#;

/// The base URL of `server`, laid out like VoiceMeUp's:
/// `http://127.0.0.1:PORT/api/v1.1/json`.
pub fn base_url(server: &TestServer) -> String {
    server.url(PREFIX)
}

/// The test credentials: user name and token.
pub fn credentials() -> Credentials {
    Credentials::username(USER, TOKEN)
}

/// The documented way to build a client, pointed at `server`; tests that
/// change timeouts, retries or rate limits chain their own settings.
pub fn builder(server: &TestServer) -> ClientBuilder<voicemeup::Client> {
    voicemeup::Client::builder(credentials()).base_url(base_url(server))
}

/// A client of `server` with the test credentials and default settings.
pub fn client(server: &TestServer) -> voicemeup::Client {
    builder(server).build().expect("client builds")
}

/// A server answering every request with `body` in HTTP 200, as VoiceMeUp
/// does for failures too.
pub async fn answering(body: &str) -> TestServer {
    TestServer::respond(Response::json(200, body)).await
}

/// An error envelope with the given `(code, text)` messages: one message
/// object when there is one, an array otherwise, as VoiceMeUp sends them.
pub fn error_envelope(messages: &[(&str, &str)]) -> String {
    let items: Vec<serde_json::Value> = messages
        .iter()
        .map(|(code, text)| serde_json::json!({"code": code, "_content": text}))
        .collect();
    let message = match <[_; 1]>::try_from(items) {
        Ok([one]) => one,
        Err(many) => serde_json::Value::Array(many),
    };
    serde_json::json!({
        "response_details": {
            "response_status": "error",
            "response_messages": {"message": message}
        }
    })
    .to_string()
}

/// Snapshot text of a request: [`Recorded::render_hiding`] (query sorted
/// and decoded, headers sorted, body part by part) with the value of
/// `auth_token` shown as [`test_support::REDACTED`] wherever it travels: the query string
/// of a GET, a form field or a text part of a POST.
pub fn render(request: &Recorded) -> String {
    let text = request.render_hiding(&[], &["auth_token"]);
    assert!(
        !text.contains(TOKEN),
        "the token survived rendering:\n{text}"
    );
    text
}

/// Every value of field `name` in the body of `request`: the urlencoded
/// form fields and the text parts of a multipart body of that name.
pub fn body_fields(request: &Recorded, name: &str) -> Vec<String> {
    let mut values: Vec<String> = request
        .form_pairs()
        .into_iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v)
        .collect();
    values.extend(
        request
            .multipart()
            .unwrap_or_default()
            .iter()
            .filter(|p| p.name == name)
            .filter_map(|p| p.text().map(str::to_owned)),
    );
    values
}

/// `raw` with the characters an encoder escapes in VoiceMeUp's keys and
/// lists decoded (`[`, `]` and `,`); `&`, `=` and everything else stay as
/// sent, so the pair structure of the raw query string is kept.
pub fn unescape(raw: &str) -> String {
    raw.replace("%5B", "[")
        .replace("%5D", "]")
        .replace("%5b", "[")
        .replace("%5d", "]")
        .replace("%2C", ",")
        .replace("%2c", ",")
}
