//! Per-call overhead as a paired ratio: generated client against
//! hand-written `reqwest` + `serde`, in interleaved rounds.
//!
//! ```sh
//! cargo run --release -p benchmarks --example paired      # BENCH_QUICK=1: fewer rounds
//! cargo run --release -p benchmarks --example paired -- decode_skyetel   # only groups containing the text
//! ```
//!
//! Criterion times the two sides one after the other, so anything that
//! changes the machine's speed between them (another tenant of the host, a
//! frequency step) moves their ratio; on a small virtual machine the
//! loopback round trip alone varies by 2–5× between samples. Here each
//! round times four batches, one side's, the other's twice, the first's
//! again (A B B A), and keeps the ratio of the two sides' sums: a drift
//! slower than a round cancels, and so does the cost of going first. The report is the median of the
//! rounds' ratios with its quartiles, one line per call:
//!
//! ```text
//! paired <group> <median ratio> <first quartile> <third quartile> <rounds> <generated ns/run> <hand-written ns/run>
//! ```
//!
//! The large-body decodings of the criterion benchmark are measured the
//! same way (`decode_*` groups: 21 rounds of 2 × 2 bodies per side,
//! PortSIP's smaller body 2 × 10).
//!
//! `cargo xtask bench` runs it after criterion and reads those lines. The
//! clients and servers are the criterion benchmark's (`benches/runtime.rs`).

use std::hint::black_box;
use std::time::Instant;

use benchmarks::{base_url, clients, data, handwritten, mirror, server};

/// `BENCH_QUICK=1`: a smoke run.
fn quick() -> bool {
    std::env::var_os("BENCH_QUICK").is_some_and(|v| v != "0")
}

/// Rounds, and calls per side per round.
fn plan() -> (usize, usize) {
    if quick() { (11, 50) } else { (41, 100) }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let (rounds, calls) = plan();

    let base = base_url(server::spawn(data::portsip_tenant_status()));
    let generated = clients::portsip(&base);
    let http = benchmarks::handwritten_http();
    paired(
        "call_portsip_get_tenant_status",
        (rounds, calls),
        || {
            rt.block_on(async {
                generated
                    .get_tenant_status()
                    .send()
                    .await
                    .expect("portsip call")
                    .into_inner()
            })
        },
        || {
            rt.block_on(async {
                handwritten::portsip_tenant_status(&http, &base)
                    .await
                    .expect("hand-written portsip call")
            })
        },
    );

    let base = base_url(server::spawn(data::skyetel_tenant_features()));
    let generated = clients::skyetel(&base);
    let http = benchmarks::handwritten_http();
    paired(
        "call_skyetel_get_tenant_features",
        (rounds, calls),
        || {
            rt.block_on(async {
                generated
                    .get_tenant_features()
                    .id(42)
                    .send()
                    .await
                    .expect("skyetel call")
                    .into_inner()
            })
        },
        || {
            rt.block_on(async {
                handwritten::skyetel_tenant_features(&http, &base, 42)
                    .await
                    .expect("hand-written skyetel call")
            })
        },
    );

    let base = base_url(server::spawn(data::voicemeup_account_details()));
    let generated = clients::voicemeup(&base);
    let http = benchmarks::handwritten_http();
    paired(
        "call_voicemeup_get_account_details",
        (rounds, calls),
        || {
            rt.block_on(async {
                generated
                    .get_account_details()
                    .send()
                    .await
                    .expect("voicemeup call")
                    .into_inner()
            })
        },
        || {
            rt.block_on(async {
                handwritten::voicemeup_account_details(&http, &base)
                    .await
                    .expect("hand-written voicemeup call")
            })
        },
    );

    let base = base_url(server::spawn(data::callr_timestamp()));
    let generated = clients::callr(&base);
    let http = benchmarks::handwritten_http();
    paired(
        "call_callr_system_get_timestamp",
        (rounds, calls),
        || {
            rt.block_on(async {
                generated
                    .system()
                    .get_timestamp()
                    .await
                    .expect("callr call")
            })
        },
        || {
            rt.block_on(async {
                handwritten::callr_get_timestamp(&http, &base)
                    .await
                    .expect("hand-written callr call")
            })
        },
    );

    // Decoding: a few whole bodies per side per round.
    let (rounds, runs) = if quick() { (7, 1) } else { (21, 2) };
    let n = data::LIST_LEN;
    let body = data::skyetel_phone_numbers(n).into_bytes();
    paired(
        "decode_skyetel_phonenumbers_10k",
        (rounds, runs),
        || serde_json::from_slice::<Vec<skyetel::types::PhoneNumber>>(&body).expect("generated"),
        || serde_json::from_slice::<Vec<mirror::skyetel::PhoneNumber>>(&body).expect("mirror"),
    );
    let body = data::portsip_call_rates(n).into_bytes();
    paired(
        "decode_portsip_call_rates_10k",
        (rounds, runs * 5),
        || serde_json::from_slice::<portsip::types::CallRateList>(&body).expect("generated"),
        || serde_json::from_slice::<mirror::portsip::CallRateList>(&body).expect("mirror"),
    );
    let body = data::callr_search(n).into_bytes();
    paired(
        "decode_callr_search_10k",
        (rounds, runs),
        || {
            serde_json::from_slice::<mirror::callr::Reply<callr::types::SearchResults>>(&body)
                .expect("generated")
        },
        || {
            serde_json::from_slice::<mirror::callr::Reply<mirror::callr::SearchResults>>(&body)
                .expect("mirror")
        },
    );
}

/// Runs `side` `n` times one after the other; nanoseconds per run.
fn batch<T>(n: usize, side: &impl Fn() -> T) -> f64 {
    let started = Instant::now();
    for _ in 0..n {
        black_box(side());
    }
    started.elapsed().as_nanos() as f64 / n as f64
}

/// Whether `group` is one of those asked for: all of them, or those whose
/// name contains the first command-line argument.
fn wanted(group: &str) -> bool {
    std::env::args()
        .nth(1)
        .is_none_or(|filter| group.contains(&filter))
}

/// Prints the paired line of `group`: `generated` against `handwritten`,
/// in `rounds` rounds of `n` runs per side.
fn paired<TA, TB>(
    group: &str,
    (rounds, n): (usize, usize),
    generated: impl Fn() -> TA,
    handwritten: impl Fn() -> TB,
) {
    if !wanted(group) {
        return;
    }
    // Warm-up: connections open, caches and the allocator settled.
    batch(n, &generated);
    batch(n, &handwritten);
    let mut ratios = Vec::with_capacity(rounds);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        // A B B A: the first batch of a round (after the other side's
        // garbage, with colder caches) is once each side's, and a linear
        // drift within the round cancels.
        let a1 = batch(n, &generated);
        let b1 = batch(n, &handwritten);
        let b2 = batch(n, &handwritten);
        let a2 = batch(n, &generated);
        let (a, b) = ((a1 + a2) / 2.0, (b1 + b2) / 2.0);
        ratios.push(a / b);
        ours.push(a);
        theirs.push(b);
    }
    let (median, q1, q3) = quartiles(&mut ratios);
    let (a, _, _) = quartiles(&mut ours);
    let (b, _, _) = quartiles(&mut theirs);
    println!("paired {group} {median:.4} {q1:.4} {q3:.4} {rounds} {a:.0} {b:.0}");
}

/// Median, first and third quartile (nearest rank) of `v`.
fn quartiles(v: &mut [f64]) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.25), at(0.75))
}
