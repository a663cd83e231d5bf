//! A local JSON-RPC mock for tests of code that uses this client: it
//! matches the method and exactly its positional parameters, and answers
//! with a result or a JSON-RPC error.
//!
//! It matches the request body only, not the path, so the client's base URL
//! may be the mock server's root or any path under it (CALLR's own is
//! `/json-rpc/v1.1`). A call no mock matches is answered by the
//! [`fallback`] that `rpc` and `rpc_error` install behind their mock:
//! [`NO_MOCK_MATCHED`] with a body naming the request, which
//! [`no_mock_matched`] finds in the client's error, rather than httpmock's
//! 404.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use callr::httpmock::MockServer;
//! use callr::mock::MockServerExt;
//! use serde_json::json;
//!
//! let server = MockServer::start_async().await;
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

pub use client_runtime::mock::{NO_MOCK_MATCHED, fallback, no_mock_matched};

/// JSON-RPC expectations on an httpmock server. Each also installs the
/// [`fallback`] behind its mock.
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
        let mock = self.mock(|when, then| {
            when.method(Method::POST)
                .is_true(move |r| is_call(r, &method, &params));
            then.status(200)
                .json_body(json!({"jsonrpc": "2.0", "id": 1, "result": result}));
        });
        fallback(self);
        mock
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
        let mock = self.mock(|when, then| {
            when.method(Method::POST)
                .is_true(move |r| is_call(r, &method, &params));
            then.status(200)
                .json_body(json!({"jsonrpc": "2.0", "id": 1, "error": error}));
        });
        fallback(self);
        mock
    }
}
