//! This crate's side of the shared test support: the loopback recording
//! server comes from `test-support`; building a CALLR client for it, the
//! JSON-RPC envelopes and the snapshot rendering live here.

use serde_json::{Value, json};

pub use test_support::{Recorded, Response, TestServer};

/// The API key every test client sends as `Authorization: Api-Key …`.
pub const KEY: &str = "test-key";

/// The content type CALLR documents for requests.
pub const CONTENT_TYPE: &str = "application/json-rpc; charset=utf-8";

/// The path of the endpoint, laid out like CALLR's (`/json-rpc/v1.1`).
pub const PATH: &str = "/json-rpc/v1.1";

/// What the `id` of a request shows as in snapshots: it comes from a
/// process-wide counter, so its value depends on the order tests run in.
pub const ID_PLACEHOLDER: &str = "[id]";

/// Headers a snapshot shows (others, such as `content-length`, which
/// depends on the id's number of digits, or `user-agent`, which carries the
/// crate version, are left out).
const SHOWN: &[&str] = &["accept", "authorization", "callr-login-as", "content-type"];

/// The base URL of `server`: `http://127.0.0.1:PORT/json-rpc/v1.1`.
pub fn base_url(server: &TestServer) -> String {
    server.url(PATH)
}

/// A client of `server` with the test API key, built the documented way:
/// `Client::builder(Auth::api_key(..)).base_url(..).build()`.
pub fn client(server: &TestServer) -> callr::Client {
    callr::Client::builder(callr::Auth::api_key(KEY))
        .base_url(base_url(server))
        .build()
        .expect("client builds")
}

/// A JSON-RPC success reply carrying `result`.
pub fn rpc_result(result: Value) -> Response {
    Response::json(
        200,
        json!({"jsonrpc": "2.0", "id": 1, "result": result}).to_string(),
    )
}

/// A server answering every call with `result`.
pub async fn serve_result(result: Value) -> TestServer {
    TestServer::respond(rpc_result(result)).await
}

/// The request body as JSON; fails the test if it is not JSON.
pub fn body(request: &Recorded) -> Value {
    serde_json::from_slice(&request.body).unwrap_or_else(|e| {
        panic!(
            "the body is not JSON ({e}): {}",
            String::from_utf8_lossy(&request.body)
        )
    })
}

/// Snapshot text of a request: method and path, the headers of [`SHOWN`]
/// (the `Authorization` value redacted, its scheme kept), and the body with
/// its `id` replaced by [`ID_PLACEHOLDER`].
pub fn render(request: &Recorded) -> String {
    let mut shown = request.clone();
    shown
        .headers
        .retain(|(name, _)| SHOWN.contains(&name.as_str()));
    let mut body = body(request);
    if let Some(id) = body.get_mut("id") {
        *id = Value::from(ID_PLACEHOLDER);
    }
    shown.body = serde_json::to_vec(&body).expect("JSON encodes");
    shown.render_with(&["authorization"])
}

/// `value` with every empty array and empty object removed from objects,
/// recursively: the generated types skip empty collections when encoding,
/// so `{"IN": []}` re-encodes as `{}`.
pub fn prune_empty(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), prune_empty(v)))
                .filter(|(_, v)| !is_empty_collection(v))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(prune_empty).collect()),
        other => other.clone(),
    }
}

fn is_empty_collection(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}
