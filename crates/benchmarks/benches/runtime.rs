//! Runtime benchmarks of the generated clients, each against hand-written
//! `reqwest` + `serde` code doing the same work:
//!
//! - `call_*`: one call against a loopback server (small JSON response);
//! - `decode_*`: 10,000-item list bodies into the generated types, mirror
//!   structs and `serde_json::Value`;
//! - `encode_*`: a 1,000-number bracketed form body and a 50-key deepObject
//!   query.
//!
//! Criterion writes its estimates to `target/criterion/<group>/<function>/`;
//! `cargo xtask bench` reads them. `BENCH_QUICK=1` takes few samples for a
//! smoke run.

use std::hint::black_box;
use std::time::Duration;

use benchmarks::{base_url, clients, data, encode, handwritten, mirror, server};
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use serde_json::Value;

/// Sampling of each kind of group: (samples, warm-up, measurement).
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, full: (usize, u64, u64)) {
    let quick = std::env::var_os("BENCH_QUICK").is_some_and(|v| v != "0");
    let (samples, warm_up_ms, measure_ms) = if quick { (10, 300, 1_000) } else { full };
    group
        .sample_size(samples)
        .warm_up_time(Duration::from_millis(warm_up_ms))
        .measurement_time(Duration::from_millis(measure_ms));
}

const PER_CALL: (usize, u64, u64) = (100, 2_000, 5_000);
const DECODE: (usize, u64, u64) = (30, 3_000, 10_000);
const ENCODE: (usize, u64, u64) = (100, 2_000, 5_000);

/// A current-thread runtime for the client side; each server has its own
/// thread and runtime.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn per_call(c: &mut Criterion) {
    let rt = runtime();

    {
        let base = base_url(server::spawn(data::portsip_tenant_status()));
        let generated = clients::portsip(&base);
        let http = benchmarks::handwritten_http();
        let mut group = c.benchmark_group("call_portsip_get_tenant_status");
        configure(&mut group, PER_CALL);
        group.bench_function("generated", |b| {
            b.iter(|| {
                rt.block_on(async {
                    generated
                        .get_tenant_status()
                        .send()
                        .await
                        .expect("portsip call")
                        .into_inner()
                })
            })
        });
        group.bench_function("handwritten", |b| {
            b.iter(|| {
                rt.block_on(handwritten::portsip_tenant_status(&http, &base))
                    .expect("hand-written portsip call")
            })
        });
        group.finish();
    }

    {
        let base = base_url(server::spawn(data::skyetel_tenant_features()));
        let generated = clients::skyetel(&base);
        let http = benchmarks::handwritten_http();
        let mut group = c.benchmark_group("call_skyetel_get_tenant_features");
        configure(&mut group, PER_CALL);
        group.bench_function("generated", |b| {
            b.iter(|| {
                rt.block_on(async {
                    generated
                        .get_tenant_features()
                        .id(42)
                        .send()
                        .await
                        .expect("skyetel call")
                        .into_inner()
                })
            })
        });
        group.bench_function("handwritten", |b| {
            b.iter(|| {
                rt.block_on(handwritten::skyetel_tenant_features(&http, &base, 42))
                    .expect("hand-written skyetel call")
            })
        });
        group.finish();
    }

    {
        let base = base_url(server::spawn(data::voicemeup_account_details()));
        let generated = clients::voicemeup(&base);
        let http = benchmarks::handwritten_http();
        let mut group = c.benchmark_group("call_voicemeup_get_account_details");
        configure(&mut group, PER_CALL);
        group.bench_function("generated", |b| {
            b.iter(|| {
                rt.block_on(async {
                    generated
                        .get_account_details()
                        .send()
                        .await
                        .expect("voicemeup call")
                        .into_inner()
                })
            })
        });
        group.bench_function("handwritten", |b| {
            b.iter(|| {
                rt.block_on(handwritten::voicemeup_account_details(&http, &base))
                    .expect("hand-written voicemeup call")
            })
        });
        group.finish();
    }

    {
        let base = base_url(server::spawn(data::callr_timestamp()));
        let generated = clients::callr(&base);
        let http = benchmarks::handwritten_http();
        let mut group = c.benchmark_group("call_callr_system_get_timestamp");
        configure(&mut group, PER_CALL);
        group.bench_function("generated", |b| {
            b.iter(|| {
                rt.block_on(generated.system().get_timestamp())
                    .expect("callr call")
            })
        });
        group.bench_function("handwritten", |b| {
            b.iter(|| {
                rt.block_on(handwritten::callr_get_timestamp(&http, &base))
                    .expect("hand-written callr call")
            })
        });
        group.finish();
    }
}

fn decode_lists(c: &mut Criterion) {
    let n = data::LIST_LEN;

    let body = data::skyetel_phone_numbers(n).into_bytes();
    let mut group = c.benchmark_group("decode_skyetel_phonenumbers_10k");
    configure(&mut group, DECODE);
    // Tens of milliseconds per iteration: equal-sized samples.
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<Vec<skyetel::types::PhoneNumber>>(black_box(&body))
                .expect("generated")
        })
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            serde_json::from_slice::<Vec<mirror::skyetel::PhoneNumber>>(black_box(&body))
                .expect("mirror")
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&body)).expect("value"))
    });
    group.finish();

    let body = data::portsip_call_rates(n).into_bytes();
    let mut group = c.benchmark_group("decode_portsip_call_rates_10k");
    configure(&mut group, DECODE);
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<portsip::types::CallRateList>(black_box(&body))
                .expect("generated")
        })
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            serde_json::from_slice::<mirror::portsip::CallRateList>(black_box(&body))
                .expect("mirror")
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&body)).expect("value"))
    });
    group.finish();

    let body = data::callr_search(n).into_bytes();
    let mut group = c.benchmark_group("decode_callr_search_10k");
    configure(&mut group, DECODE);
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<mirror::callr::Reply<callr::types::SearchResults>>(black_box(
                &body,
            ))
            .expect("generated")
        })
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            serde_json::from_slice::<mirror::callr::Reply<mirror::callr::SearchResults>>(black_box(
                &body,
            ))
            .expect("mirror")
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&body)).expect("value"))
    });
    group.finish();
}

fn encode_requests(c: &mut Criterion) {
    let order = encode::order_request(encode::ORDER_LEN);
    assert_eq!(
        encode::order_form_runtime(&order),
        encode::order_form_handwritten(&order),
        "both form encoders must write the same body"
    );
    let mut group = c.benchmark_group("encode_skyetel_order_form_1000");
    configure(&mut group, ENCODE);
    group.throughput(Throughput::Elements(encode::ORDER_LEN as u64));
    group.bench_function("runtime", |b| {
        b.iter(|| encode::order_form_runtime(black_box(&order)))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| encode::order_form_handwritten(black_box(&order)))
    });
    group.finish();

    let (page, filter) = encode::deep_object_input(encode::FILTER_KEYS);
    assert_eq!(
        encode::deep_object_runtime(&page, &filter),
        encode::deep_object_handwritten(&page, &filter),
        "both query encoders must write the same query"
    );
    let mut group = c.benchmark_group("encode_deep_object_query_50");
    configure(&mut group, ENCODE);
    group.bench_function("runtime", |b| {
        b.iter(|| encode::deep_object_runtime(black_box(&page), black_box(&filter)))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| encode::deep_object_handwritten(black_box(&page), black_box(&filter)))
    });
    group.finish();
}

criterion_group!(benches, per_call, decode_lists, encode_requests);
criterion_main!(benches);
