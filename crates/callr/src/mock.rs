//! A local JSON-RPC mock for tests of code that uses this client: it
//! matches the method and its positional parameters and answers with a
//! result or a JSON-RPC error.
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

use httpmock::{Method, Mock, MockServer};
use serde_json::{Value, json};

/// JSON-RPC expectations on an httpmock server.
pub trait MockServerExt {
    /// Answers calls of `method` with exactly `params` with `result`.
    fn rpc(&self, method: &str, params: Value, result: Value) -> Mock<'_>;

    /// Answers calls of `method` with exactly `params` with a JSON-RPC error.
    fn rpc_error(&self, method: &str, params: Value, code: i64, message: &str) -> Mock<'_>;
}

impl MockServerExt for MockServer {
    fn rpc(&self, method: &str, params: Value, result: Value) -> Mock<'_> {
        let call = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.mock(|when, then| {
            when.method(Method::POST)
                .json_body_includes(call.to_string());
            then.status(200)
                .json_body(json!({"jsonrpc": "2.0", "id": 1, "result": result}));
        })
    }

    fn rpc_error(&self, method: &str, params: Value, code: i64, message: &str) -> Mock<'_> {
        let call = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.mock(|when, then| {
            when.method(Method::POST)
                .json_body_includes(call.to_string());
            then.status(200).json_body(
                json!({"jsonrpc": "2.0", "id": 1, "error": {"code": code, "message": message}}),
            );
        })
    }
}
