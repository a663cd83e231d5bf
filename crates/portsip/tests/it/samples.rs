//! Every JSON sample of the PortSIP tenant and billing docs, decoded into its
//! type and encoded again.
//!
//! The files under `data/` are the samples exactly as the docs print them.
//! Some samples appear twice in the docs, byte for byte:
//! - `password_policy.json`: GET and POST `/tenant/password_policy`;
//! - `custom_headers.json`: GET and POST `/tenant/custom_headers`;
//! - `holiday_input.json`: POST `/holidays` and POST `/holidays/{id}`;
//! - `tenant_billing.json`: GET and POST `/tenant/billing`;
//! - `call_rate_create.json`: POST `/call_rates` and POST `/call_rates/{id}`;
//! - `created_id.json`: the response of POST `/holidays` and POST `/call_rates`.
//!
//! The docs print no sample for GET `/tenant/balance` and GET `/voicemail`;
//! `tenant_balance.json` is ours, and the voicemail GET answers with the
//! shape of `voicemail_server.json`. Also ours, for values the official
//! document allows and the doc samples do not show: `holiday_list_int64.json`
//! and `call_rate_list_int64.json` (`int64` and format-less integers beyond
//! the `i32` range), `tenant_status_local_time.json` (`date_time` text that is
//! not RFC 3339) and `error_body.json` (the error list of the document's
//! introduction, with a JSON `detail`).

use std::collections::BTreeSet;

use portsip::types;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

use crate::support::data as read;

const ID: &str = "NzAwNTUxOTA5NzczMTQ4MTYw";

/// Decodes sample `name` into `T` and checks that encoding it again gives
/// back every key of the sample, no other key, and the same values, and
/// that the sample matches the spec exactly: no member the type does not
/// name (it would come back through `extra` and hide a gap in the spec)
/// and nothing the decoder had to tolerate.
fn decode<T: DeserializeOwned + Serialize + client_runtime::tolerant::Tolerant>(name: &str) -> T {
    let text = read(name);
    let audit = client_runtime::tolerant::audit::<T>(text.as_bytes())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let deviations: Vec<String> = audit.deviations.iter().map(ToString::to_string).collect();
    assert!(
        deviations.is_empty(),
        "{name} deviates from the spec: {deviations:?}"
    );
    let typed: T = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{name} does not decode as {}: {e}",
            std::any::type_name::<T>()
        )
    });
    let sample: Value = serde_json::from_str(&text).expect("sample is JSON");
    let again = serde_json::to_value(&typed).expect("re-encodes");

    let (before, after) = (key_paths(&sample), key_paths(&again));
    let dropped: Vec<_> = before.difference(&after).collect();
    let added: Vec<_> = after.difference(&before).collect();
    assert!(
        dropped.is_empty() && added.is_empty(),
        "{name} as {}: keys dropped by the type: {dropped:?}; keys added: {added:?}",
        std::any::type_name::<T>()
    );
    assert!(
        same(&sample, &again),
        "{name}: values changed on the round trip:\n{sample:#}\nvs\n{again:#}"
    );
    typed
}

/// Every key of `value` as a path such as `office_hours.monday.ranges[].from`.
pub fn key_paths(value: &Value) -> BTreeSet<String> {
    fn walk(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    out.insert(path.clone());
                    walk(v, &path, out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, &format!("{prefix}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(value, "", &mut out);
    out
}

/// JSON equality where `1` and `1.0` are the same number (the docs write
/// doubles as integers; serde writes `f64` with a fraction).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn tenant() {
    let t: types::Tenant = decode("tenant.json");
    assert_eq!(t.id.as_deref(), Some(ID));
    assert_eq!(t.currency.as_deref(), Some("USD"));
    assert_eq!(t.max_extensions, Some(1000));
    assert_eq!(t.enable_feature_whats_app, Some(true));
    assert_eq!(t.disk_quota.as_deref(), Some(""));
    assert_eq!(t.extension_im_disk_quota.as_deref(), Some("1GB"));
    assert_eq!(
        t.contact_match_type,
        Some(types::ContactMatchType::MatchExactly)
    );
    assert_eq!(
        t.contact_append_type,
        Some(types::ContactAppendType::Append)
    );
    let sunday = t
        .office_hours
        .as_ref()
        .and_then(|o| o.sunday.as_ref())
        .unwrap();
    assert_eq!(sunday.enabled, Some(true));
    let ranges = sunday.ranges.as_deref().unwrap();
    assert_eq!(ranges[0].from.as_deref(), Some("09:00"));
    assert_eq!(ranges[0].to.as_deref(), Some("17:00"));
    assert_eq!(t.outbound_caller_ids[0].provider_id.as_deref(), Some(ID));
    assert_eq!(
        t.e164.as_ref().unwrap().country.as_deref(),
        Some("Angola(244)")
    );
    assert_eq!(
        t.cdr_event.as_ref().unwrap().auth,
        Some(types::EventAuth::Disable)
    );
    assert_eq!(
        t.avatar_file_url.as_deref(),
        Some("/api/blobs/WexWdABcd5D4PDgzTKV3gAAAEu00WcK")
    );
}

#[test]
fn tenant_update() {
    let t: types::TenantUpdate = decode("tenant_update.json");
    assert_eq!(t.avatar_file_id.as_deref(), Some(ID));
    assert_eq!(t.recording_retention, Some(180));
    assert_eq!(t.contact_update_interval, Some(720));
    assert_eq!(
        t.e164.as_ref().unwrap().remove_duplicate_area_codes,
        Some(true)
    );
    assert_eq!(t.extension_event.as_ref().unwrap().enabled, Some(false));
    assert_eq!(t.outbound_caller_ids.as_ref().map(Vec::len), Some(1));
}

#[test]
fn tenant_status() {
    let s: types::TenantStatus = decode("tenant_status.json");
    assert_eq!(s.version.as_deref(), Some("text"));
    assert_eq!(s.licensed_users, Some(1));
    assert_eq!(s.current_trunks, Some(1));
    let count = &s.calls_in_24_hours[0];
    assert_eq!(count.count, Some(1));
    assert_eq!(count.time.as_deref(), Some("2017-07-21T17:32:28Z"));
}

/// The official format of `time` is `date_time`, not `date-time`: text in
/// another layout is kept as sent instead of failing the whole response.
#[test]
fn tenant_status_with_times_that_are_not_rfc3339() {
    let s: types::TenantStatus = decode("tenant_status_local_time.json");
    let times: Vec<_> = s
        .calls_in_24_hours
        .iter()
        .map(|c| (c.time.as_deref(), c.count))
        .collect();
    assert_eq!(
        times,
        [
            (Some("2017-07-21 17:32:28"), Some(3)),
            (Some("2017-07-21T18:00:00+08:00"), Some(5)),
        ]
    );
}

#[test]
fn password_policy() {
    let p: types::PasswordPolicy = decode("password_policy.json");
    assert_eq!(p.min_length, Some(6));
    assert_eq!(p.max_length, Some(32));
    assert_eq!(p.contains_special_letters, Some(true));
    assert_eq!(p.disable_account_information, Some(true));
}

#[test]
fn balance_recharge() {
    let b: types::BalanceRecharge = decode("balance_recharge.json");
    assert_eq!(b.balance, Some(1.0));
}

#[test]
fn tenant_balance() {
    let b: types::TenantBalance = decode("tenant_balance.json");
    assert_eq!(b.balance, Some(1250.12345));
}

#[test]
fn custom_headers() {
    let h: types::CustomHeaders = decode("custom_headers.json");
    let (add, relay) = (h.add.as_deref().unwrap(), h.relay.as_deref().unwrap());
    assert_eq!(add[0].name.as_deref(), Some("text"));
    assert_eq!(add[0].value.as_deref(), Some("text"));
    assert_eq!(add[0].scope, Some(types::CustomHeaderScope::Trunk));
    assert_eq!(relay[0].scope, Some(types::CustomHeaderScope::Trunk));
}

#[test]
fn voicemail_server() {
    let v: types::VoicemailServer = decode("voicemail_server.json");
    // The sample's "text" does not match the documented pattern [0-9]{3,64};
    // the type keeps a plain string, so it still decodes.
    assert_eq!(v.extension_number.as_deref(), Some("text"));
    assert_eq!(v.retain_days, Some(30));
    assert_eq!(v.min_seconds, Some(1));
}

#[test]
fn holiday_list() {
    let l: types::HolidayList = decode("holiday_list.json");
    assert_eq!(l.count, Some(100));
    assert_eq!(l.items.len(), 1);
    assert_eq!(l.items[0].id.as_deref(), Some(ID));
    assert_eq!(l.items[0].consecutive, Some(true));
    assert_eq!(l.items[0].minute_end, Some(1));
}

/// `count` is `int64` and the holiday times are integers without a format
/// in the official document: values beyond `i32` decode.
#[test]
fn holiday_list_with_64_bit_values() {
    let l: types::HolidayList = decode("holiday_list_int64.json");
    assert_eq!(l.count, Some(4_294_967_296));
    assert_eq!(l.items[0].year_end, Some(9_999_999_999));
    assert_eq!(l.items[0].minute_end, Some(59));
}

#[test]
fn holiday_input_and_update() {
    let h: types::HolidayInput = decode("holiday_input.json");
    assert_eq!(h.name, "text");
    assert_eq!(h.region, "text");
    assert!(h.consecutive && h.every_year);
    assert_eq!(h.year_start, Some(1));
    assert_eq!(h.hour_end, Some(1));

    let u: types::HolidayUpdate = decode("holiday_input.json");
    assert_eq!(u.name.as_deref(), Some("text"));
    assert_eq!(u.every_year, Some(true));
    assert_eq!(u.minute_start, Some(1));

    // The document requires name, region, consecutive and every_year when a
    // holiday is created, and nothing when one is updated.
    // A response missing them still decodes, and says so; strict mode
    // rejects it naming them.
    let partial = serde_json::json!({"name": "Christmas", "region": "USA"});
    let body = partial.to_string();
    let got = client_runtime::tolerant::decode_slice::<types::HolidayInput>(body.as_bytes(), false)
        .unwrap();
    let missing: Vec<&str> = got
        .deviations
        .iter()
        .filter(|d| *d.kind() == client_runtime::tolerant::DeviationKind::Missing)
        .map(|d| d.path())
        .collect();
    assert_eq!(missing, ["consecutive", "every_year"]);
    assert_eq!(got.value.name, "Christmas");
    let e = client_runtime::tolerant::decode_slice::<types::HolidayInput>(body.as_bytes(), true)
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("consecutive: a required member is missing"),
        "{e}"
    );
    let u: types::HolidayUpdate = serde_json::from_value(partial).unwrap();
    assert_eq!(u.consecutive, None);
}

#[test]
fn holiday() {
    let h: types::Holiday = decode("holiday.json");
    assert_eq!(h.id.as_deref(), Some(ID));
    assert_eq!(h.region.as_deref(), Some("text"));
    assert_eq!(h.month_start, Some(1));
    assert_eq!(h.day_end, Some(1));
}

#[test]
fn created_id() {
    let c: types::CreatedId = decode("created_id.json");
    assert_eq!(c.id.as_deref(), Some(ID));
}

#[test]
fn tenant_billing() {
    let b: types::TenantBilling = decode("tenant_billing.json");
    assert_eq!(b.enabled, Some(false));
    assert_eq!(b.account, Some(types::BillingAccount::Tenant));
    assert_eq!(b.type_, Some(types::BillingType::Offline));
}

#[test]
fn call_rate_list() {
    let l: types::CallRateList = decode("call_rate_list.json");
    assert_eq!(l.count, Some(100));
    let rate = &l.items[0];
    assert_eq!(rate.type_, Some(types::CallRateType::Local));
    assert_eq!(rate.interval_n, Some(1));
    // The list sample, unlike the get sample, has no connect_fee.
    assert_eq!(rate.connect_fee, None);
    assert_eq!(rate.price_n, Some(1.0));
}

#[test]
fn call_rate_list_with_a_64_bit_count() {
    let l: types::CallRateList = decode("call_rate_list_int64.json");
    assert_eq!(l.count, Some(3_000_000_000));
    assert_eq!(l.items.len(), 1);
}

/// `avatar_file_size` is `int64`; the retentions other than recordings have
/// no format in the official document, so they are 64-bit too.
#[test]
fn tenant_with_64_bit_values() {
    let mut tenant: Value = serde_json::from_str(&read("tenant.json")).unwrap();
    tenant["avatar_file_size"] = 5_000_000_000u64.into();
    tenant["log_retention"] = 3_000_000_000u64.into();
    let tenant: types::Tenant = serde_json::from_value(tenant).unwrap();
    assert_eq!(tenant.avatar_file_size, Some(5_000_000_000));
    assert_eq!(tenant.log_retention, Some(3_000_000_000));
}

#[test]
fn error_body() {
    let e: types::ErrorBody = decode("error_body.json");
    assert_eq!(e.errors.len(), 2);
    assert_eq!(e.errors[0].code, "VALIDATE_FAILED");
    assert_eq!(
        e.errors[0].detail,
        Some(serde_json::json!({"field": "name", "max_length": 64}))
    );
    assert_eq!(
        (e.errors[1].code.as_str(), e.errors[1].detail.as_ref()),
        ("UNKNOWN", None)
    );
}

#[test]
fn call_rate_create_and_update() {
    let c: types::CallRateCreate = decode("call_rate_create.json");
    assert_eq!(c.prefix, "text");
    assert_eq!(c.type_, types::CallRateType::Local);
    assert_eq!(c.connect_fee, 1.0);
    assert_eq!(c.description.as_deref(), Some("text"));

    let u: types::CallRateUpdate = decode("call_rate_create.json");
    assert_eq!(u.prefix.as_deref(), Some("text"));
    assert_eq!(u.type_, Some(types::CallRateType::Local));
    assert_eq!(u.postcall_surcharge, Some(1.0));
    assert_eq!(u.interval_1, Some(1));
}

#[test]
fn call_rate() {
    let r: types::CallRate = decode("call_rate.json");
    assert_eq!(r.id.as_deref(), Some(ID));
    assert_eq!(r.free_seconds, Some(1));
    assert_eq!(r.grace_period, Some(1));
    assert_eq!(r.connect_fee, Some(1.0));
    assert_eq!(r.price_1, Some(1.0));
}

#[test]
fn unknown_enum_values_are_kept_and_sent_back() {
    let mut sample: Value = serde_json::from_str(&read("call_rate.json")).unwrap();
    sample["type"] = "PREMIUM".into();
    let rate: types::CallRate = serde_json::from_value(sample.clone()).unwrap();
    match &rate.type_ {
        Some(types::CallRateType::Unknown(v)) => assert_eq!(v.as_str(), "PREMIUM"),
        other => panic!("expected Unknown(PREMIUM), got {other:?}"),
    }
    assert_eq!(rate.type_.as_ref().unwrap().as_str(), "PREMIUM");
    let again = serde_json::to_value(&rate).unwrap();
    assert_eq!(again["type"], "PREMIUM");
    assert!(same(&sample, &again), "{sample:#} vs {again:#}");

    // The same holds for every open enum; documented values never become Unknown.
    fn round_trip<E>(documented: &str, unknown: &str)
    where
        E: DeserializeOwned + Serialize + std::fmt::Debug,
    {
        for value in [documented, unknown] {
            let e: E = serde_json::from_value(value.into()).unwrap();
            let debug = format!("{e:?}");
            assert_eq!(
                debug.starts_with("Unknown"),
                value == unknown,
                "{value} decoded as {debug}"
            );
            assert_eq!(serde_json::to_value(&e).unwrap(), value);
        }
    }
    round_trip::<types::CallRateType>("MOBILE", "mobile");
    round_trip::<types::BillingAccount>("USER", "RESELLER");
    round_trip::<types::BillingType>("ONLINE", "HYBRID");
    round_trip::<types::ContactMatchType>("MATCH_LENGTH", "FUZZY");
    round_trip::<types::ContactAppendType>("PREPEND", "");
    round_trip::<types::CustomHeaderScope>("ALL", "GROUP");
    round_trip::<types::EventAuth>("BEARER", "OAUTH2");
}

#[test]
fn unknown_fields_are_kept() {
    let mut sample: Value = serde_json::from_str(&read("call_rate.json")).unwrap();
    sample["currency_code"] = "EUR".into();
    sample["tiers"] = serde_json::json!([{"from": 0, "price": 0.5}]);
    let rate: types::CallRate = serde_json::from_value(sample.clone()).unwrap();
    assert_eq!(rate.id.as_deref(), Some(ID));
    assert_eq!(rate.extra["currency_code"], "EUR");
    let again = serde_json::to_value(&rate).unwrap();
    assert_eq!(again["currency_code"], sample["currency_code"]);
    assert_eq!(again["tiers"], sample["tiers"]);

    let mut tenant: Value = serde_json::from_str(&read("tenant.json")).unwrap();
    tenant["office_hours"]["holiday_mode"] = true.into();
    tenant["e164"]["strip_plus"] = false.into();
    let tenant: types::Tenant = serde_json::from_value(tenant).unwrap();
    assert_eq!(tenant.max_call_queues, Some(20));
}
