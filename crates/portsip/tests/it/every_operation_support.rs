//! The harness of the generated `every_operation.rs`: each operation is
//! called once on a strict client against a loopback server that answers
//! with a response derived from the spec; the call must send one request
//! and decode the answer without a single degradation, and a JSON body
//! must arrive as it was set.

use std::path::Path;
use std::sync::OnceLock;

use portsip::RetryPolicy;
use test_support::sample::Samples;

use crate::support::{Render, TOKEN, TestServer};

/// The spec this crate is generated from, loaded once.
pub fn samples() -> &'static Samples {
    static SAMPLES: OnceLock<Samples> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        Samples::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/portsip.yaml"))
    })
}

/// Calls operation `id` through `f` and adds its request to `log`.
pub async fn call<F>(log: &mut Vec<String>, s: &Samples, id: &str, f: F)
where
    F: AsyncFnOnce(&portsip::Client) -> Result<(), String>,
{
    let server = TestServer::respond(s.response(id)).await;
    let client = portsip::Client::builder(&server.url("/api"), TOKEN)
        .retry(RetryPolicy::none())
        .strict(true)
        .build()
        .expect("client builds");
    if let Err(e) = f(&client).await {
        panic!("`{id}`: the call with values derived from the spec failed: {e}");
    }
    let request = server.single_request();
    // The body sent is the one derived from the spec, member for member:
    // nothing set was dropped or renamed on the way.
    if let Some(expected) = s.json_body_value(id) {
        let sent: serde_json::Value =
            serde_json::from_slice(&request.body).expect("the body sent is JSON");
        assert_eq!(
            sent, expected,
            "`{id}`: the body sent differs from the one set"
        );
    }
    log.push(format!("## {id}\n{}", request.render()));
}
