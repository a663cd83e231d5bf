//! The benchmarks compare equal work: each hand-written path decodes,
//! encodes or calls the same thing as the generated one. No timing here;
//! the calls go to a loopback server only.

use benchmarks::{base_url, clients, data, encode, handwritten, mirror, server};
use serde_json::Value;

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn list_bodies_are_deterministic() {
    // The benches use `data::LIST_LEN` items; a few hundred show the same.
    for (name, make) in [
        (
            "skyetel",
            data::skyetel_phone_numbers as fn(usize) -> String,
        ),
        ("portsip", data::portsip_call_rates),
        ("callr", data::callr_search),
    ] {
        let body = make(300);
        assert_eq!(body, make(300), "{name} body changes between runs");
        assert!(body.len() > 30_000, "{name}: {} bytes", body.len());
    }
}

#[test]
fn skyetel_list_decodes_alike_with_every_field() {
    let body = data::skyetel_phone_numbers(50);
    let input: Value = serde_json::from_str(&body).unwrap();
    let generated: Vec<skyetel::types::PhoneNumber> = serde_json::from_str(&body).unwrap();
    let mirror: Vec<mirror::skyetel::PhoneNumber> = serde_json::from_str(&body).unwrap();
    assert_eq!(generated.len(), 50);
    // Every field is present, so both round-trip to the input exactly.
    assert_eq!(to_value(&generated), input);
    assert_eq!(to_value(&mirror), input);
    // No open enum fell back to `Unknown`.
    assert!(!format!("{generated:?}").contains("Unknown"));
}

#[test]
fn portsip_list_decodes_alike_with_every_field() {
    let body = data::portsip_call_rates(50);
    let input: Value = serde_json::from_str(&body).unwrap();
    let generated: portsip::types::CallRateList = serde_json::from_str(&body).unwrap();
    let mirror: mirror::portsip::CallRateList = serde_json::from_str(&body).unwrap();
    assert_eq!(generated.items.len(), 50);
    assert_eq!(to_value(&generated), input);
    assert_eq!(to_value(&mirror), input);
    assert!(!format!("{generated:?}").contains("Unknown"));
}

#[test]
fn callr_search_decodes_alike_on_every_path() {
    let body = data::callr_search(50);
    let input: Value = serde_json::from_str(&body).unwrap();
    let result = &input["result"];
    let direct: mirror::callr::Reply<callr::types::SearchResults> =
        serde_json::from_str(&body).unwrap();
    let mirror: mirror::callr::Reply<mirror::callr::SearchResults> =
        serde_json::from_str(&body).unwrap();
    let direct = direct.result.unwrap();
    assert_eq!(direct.hits.len(), 50);
    assert_eq!(&to_value(&direct), result);
    assert_eq!(&to_value(&mirror.result.unwrap()), result);
    // What the benchmark decodes is what `callr::Client` returns for the
    // same reply.
    let base = base_url(server::spawn(body.clone()));
    let via_client: callr::types::SearchResults = runtime()
        .block_on(clients::callr(&base).call("sms.search", Vec::new()))
        .unwrap();
    assert_eq!(via_client, direct);
    // Each hit is a complete `types::Sms`.
    for hit in &direct.hits {
        let sms: callr::types::Sms = serde_json::from_value(hit.clone()).unwrap();
        assert_eq!(&to_value(&sms), hit);
    }
}

#[test]
fn encoders_write_identical_strings() {
    let order = encode::order_request(encode::ORDER_LEN);
    let form = encode::order_form_runtime(&order);
    assert_eq!(form, encode::order_form_handwritten(&order));
    assert_eq!(form.matches('&').count(), encode::ORDER_LEN - 1);
    assert!(
        form.starts_with("numbers%5B15095550000%5D%5Bmou%5D=0&"),
        "{form}"
    );

    let (page, filter) = encode::deep_object_input(encode::FILTER_KEYS);
    let query = encode::deep_object_runtime(&page, &filter);
    assert_eq!(query, encode::deep_object_handwritten(&page, &filter));
    assert!(
        query.starts_with("page%5Blimit%5D=100&page%5Boffset%5D=200&filter%5Bfield_00%5D="),
        "{query}"
    );
    assert_eq!(query.matches('&').count(), encode::FILTER_KEYS + 1);
    assert!(query.contains("caf%C3%A9") && query.contains("Tenant+1%2C+Spokane"));
}

#[test]
fn generated_and_handwritten_calls_get_the_same_answers_from_the_loopback_server() {
    let rt = runtime();
    let http = benchmarks::handwritten_http();

    let base = base_url(server::spawn(data::portsip_tenant_status()));
    let generated = rt
        .block_on(clients::portsip(&base).get_tenant_status().send())
        .unwrap()
        .into_inner();
    let hand = rt
        .block_on(handwritten::portsip_tenant_status(&http, &base))
        .unwrap();
    assert_eq!(to_value(&generated), to_value(&hand));
    assert_eq!(generated.calls_in_24_hours.len(), 4);

    let base = base_url(server::spawn(data::skyetel_tenant_features()));
    let generated = rt
        .block_on(clients::skyetel(&base).get_tenant_features().id(42).send())
        .unwrap()
        .into_inner();
    let hand = rt
        .block_on(handwritten::skyetel_tenant_features(&http, &base, 42))
        .unwrap();
    assert_eq!(to_value(&generated), to_value(&hand));

    let base = base_url(server::spawn(data::voicemeup_account_details()));
    let generated = rt
        .block_on(clients::voicemeup(&base).get_account_details().send())
        .unwrap()
        .into_inner();
    let hand = rt
        .block_on(handwritten::voicemeup_account_details(&http, &base))
        .unwrap();
    assert_eq!(to_value(&generated), to_value(&hand));

    let base = base_url(server::spawn(data::callr_timestamp()));
    let client = clients::callr(&base);
    let generated = rt.block_on(client.system().get_timestamp()).unwrap();
    let hand = rt
        .block_on(handwritten::callr_get_timestamp(&http, &base))
        .unwrap();
    assert_eq!(generated, 1_717_171_717);
    assert_eq!(generated, hand);

    // Connections are reused: many calls over one client keep working.
    for _ in 0..20 {
        rt.block_on(client.system().get_timestamp()).unwrap();
        rt.block_on(handwritten::callr_get_timestamp(&http, &base))
            .unwrap();
    }
}
