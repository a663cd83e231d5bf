//! A local JSON-RPC mock for tests of code that uses this client: it
//! matches the method and exactly its positional parameters, and answers
//! with a result or a JSON-RPC error.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use callr::mock::MockServerExt;
//! use serde_json::json;
//!
//! let server = httpmock::MockServer::start_async().await;
//! let sent = server.rpc("sms.send", json!(["SMS", "+33612345678", "Hello", null]), json!("8242D945"));
//! let client = callr::Client::builder(callr::Auth::api_key("key")).base_url(server.base_url()).build()?;
//! let hash = client.sms().send("SMS", "+33612345678", "Hello", None).await?;
//! assert_eq!(hash, "8242D945");
//! sent.assert();
//! # Ok(())
//! # }
//! ```

use httpmock::{HttpMockRequest, Method, Mock, MockServer};
use serde_json::{Value, json};

/// JSON-RPC expectations on an httpmock server.
pub trait MockServerExt {
    /// Answers calls of `method` with exactly `params` with `result`.
    fn rpc(&self, method: &str, params: Value, result: Value) -> Mock<'_>;

    /// Answers calls of `method` with exactly `params` with a JSON-RPC error
    /// (`code`, `message` and, when given, `data`).
    fn rpc_error(
        &self,
        method: &str,
        params: Value,
        code: i64,
        message: &str,
        data: Option<Value>,
    ) -> Mock<'_>;
}

/// Whether the request is a JSON-RPC 2.0 call of `method` with exactly `params`.
fn is_call(request: &HttpMockRequest, method: &str, params: &Value) -> bool {
    let Ok(body) = serde_json::from_slice::<Value>(request.body().as_ref()) else {
        return false;
    };
    body.get("jsonrpc") == Some(&json!("2.0"))
        && body.get("method").and_then(Value::as_str) == Some(method)
        && body.get("params") == Some(params)
}

impl MockServerExt for MockServer {
    fn rpc(&self, method: &str, params: Value, result: Value) -> Mock<'_> {
        let method = method.to_owned();
        self.mock(|when, then| {
            when.method(Method::POST)
                .is_true(move |r| is_call(r, &method, &params));
            then.status(200)
                .json_body(json!({"jsonrpc": "2.0", "id": 1, "result": result}));
        })
    }

    fn rpc_error(
        &self,
        method: &str,
        params: Value,
        code: i64,
        message: &str,
        data: Option<Value>,
    ) -> Mock<'_> {
        let method = method.to_owned();
        let mut error = json!({"code": code, "message": message});
        if let Some(data) = data {
            error["data"] = data;
        }
        self.mock(|when, then| {
            when.method(Method::POST)
                .is_true(move |r| is_call(r, &method, &params));
            then.status(200)
                .json_body(json!({"jsonrpc": "2.0", "id": 1, "error": error}));
        })
    }
}
