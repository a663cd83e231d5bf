//! Peak heap growth of one call that decodes a ~20 MB valid body, per
//! crate: `cargo run -p benchmarks --example memory [--release]`.
//!
//! A counting global allocator records the bytes in use; before each call
//! its peak is reset to the bytes in use, so the figure is how far the heap
//! grew above that level while the response was read and decoded (the body
//! buffers, any intermediate copies and the decoded value). "kept" is what
//! the decoded value still holds after the call. The loopback server's
//! response is rendered before the measurement starts.

use benchmarks::{base_url, clients, data, server};
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// Target body size.
const BODY: usize = 20 * 1000 * 1000;

const MIB: f64 = 1024.0 * 1024.0;

/// Repeats `make(n)` with growing `n` until the body is about [`BODY`] bytes.
fn sized(make: impl Fn(usize) -> String) -> String {
    let per_item = make(1000).len() / 1000;
    make(BODY / per_item)
}

/// A VoiceMeUp `get_calls` reply: the envelope plus a large open payload.
fn voicemeup_calls(n: usize) -> String {
    let calls: Vec<_> = (0..n).map(data::portsip_call_rate).collect();
    serde_json::json!({
        "response_details": {
            "response_status": "success",
            "response_messages": {"message": {"code": "success", "_content": "Request completed"}},
        },
        "calls": {"call": calls},
    })
    .to_string()
}

/// Runs `call` against a server answering `body`; prints the figures.
fn measure<T, F>(name: &str, body: String, call: impl FnOnce(String) -> F)
where
    F: std::future::Future<Output = T>,
{
    let len = body.len();
    let base = base_url(server::spawn(body));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let value = rt.block_on(call(base));
    let peak = HEAP.peak_usage() - before;
    let kept = HEAP.current_usage().saturating_sub(before);
    drop(value);
    println!(
        "| `{name}` | {:.1} MB | +{:.0} MiB | {:.0} MiB |",
        len as f64 / 1e6,
        peak as f64 / MIB,
        kept as f64 / MIB
    );
}

fn main() {
    println!("| crate | body | peak heap growth | kept (decoded value) |");
    println!("|---|---|---|---|");
    measure(
        "portsip",
        sized(data::portsip_call_rates),
        |base| async move {
            clients::portsip(&base)
                .list_call_rates()
                .send()
                .await
                .expect("portsip call")
                .into_inner()
        },
    );
    measure(
        "skyetel",
        sized(data::skyetel_phone_numbers),
        |base| async move {
            clients::skyetel(&base)
                .list_phonenumbers()
                .send()
                .await
                .expect("skyetel call")
                .into_inner()
        },
    );
    measure("voicemeup", sized(voicemeup_calls), |base| async move {
        clients::voicemeup(&base)
            .get_calls()
            .latest_hours(24)
            .send()
            .await
            .expect("voicemeup call")
            .into_inner()
    });
    measure("callr", sized(data::callr_search), |base| async move {
        clients::callr(&base)
            .sms()
            .search(Default::default(), Default::default())
            .await
            .expect("callr call")
    });
}
