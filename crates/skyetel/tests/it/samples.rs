//! Every JSON sample of the Skyetel API reference, decoded into its type
//! and encoded again.
//!
//! The files under `data/` are the samples of the reference scrape
//! (`skyetel-api-reference.txt`) with only Redoc's expand markers (the
//! `- ` before each line and after `[`, `{` and `},`) taken out and the
//! result indented; keys, their order and values are as printed. Every
//! sample parsed as JSON once the markers were gone: none needed a fix
//! (the fax send result, once reported cut off, ends with its `}` in this
//! copy of the scrape).
//!
//! Some samples appear more than once in the reference, byte for byte:
//! - `org_statement.json`: under Billing and under Stats (`GET /stats/org/statement`);
//! - `endpoint_summary.json`: the response of POST `/endpoints` and PATCH `/endpoints/{id}`;
//! - `e911_address.json`: GET, POST and PATCH `/phonenumbers/{id}/e911address`;
//! - `tenant.json`: the request and the response of POST `/tenants`, and the
//!   response of PATCH `/tenants/{id}`.
//!
//! The reference has no sample of what only a third-party client saw on the
//! live API (its operations and the members it found in responses). Those
//! samples are ours: `phonenumber_live.json`, `endpoint_live.json`,
//! `download_url.json`, `balance.json`, `phonenumber_total.json`,
//! `off_network_phonenumber_created.json`, `tenant_invoices.json` and
//! `tenant_billing_products.json` have the keys the client read (the live
//! phone number spells `e911address` as the live API did) with invented
//! values of the types the spec gives them; the members added to reference
//! samples are in [`live_members`].

use std::collections::BTreeSet;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use skyetel::types;

use crate::support::data as read;

/// Decodes sample `name` into `T` and checks that encoding it again gives
/// back every key of the sample, no other key, and the same values, and
/// that the sample matches the spec exactly: no member the type does not
/// name (it would come back through `extra` and hide a gap in the spec)
/// and nothing the decoder had to tolerate.
fn decode<T: DeserializeOwned + Serialize + client_runtime::tolerant::Tolerant>(name: &str) -> T {
    let sample: Value = serde_json::from_str(&read(name)).expect("sample is JSON");
    decode_value(name, sample)
}

/// [`decode`] of a sample given as JSON, named `name` in messages.
fn decode_value<T: DeserializeOwned + Serialize + client_runtime::tolerant::Tolerant>(
    name: &str,
    sample: Value,
) -> T {
    let text = serde_json::to_vec(&sample).expect("sample encodes");
    let audit =
        client_runtime::tolerant::audit::<T>(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let deviations: Vec<String> = audit.deviations.iter().map(ToString::to_string).collect();
    assert!(
        deviations.is_empty(),
        "{name} deviates from the spec: {deviations:?}"
    );
    let typed: T = serde_json::from_value(sample.clone()).unwrap_or_else(|e| {
        panic!(
            "{name} does not decode as {}: {e}",
            std::any::type_name::<T>()
        )
    });
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

/// Every key of `value` as a path such as `statement.totals.phone_numbers.local`.
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

/// JSON equality where `0` and `0.0` are the same number (the reference
/// writes every number as `0`; serde writes `f64` with a fraction).
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

fn tenant_ref(t: &Option<types::TenantRef>) -> &types::TenantRef {
    t.as_ref().expect("a tenant")
}

#[test]
fn audio_recordings() {
    let r: Vec<types::AudioRecording> = decode("audio_recordings.json");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].id, Some(0));
    assert_eq!(r[0].callid.as_deref(), Some("string"));
    assert_eq!(r[0].size, Some(0.0));
    assert_eq!(
        tenant_ref(&r[0].tenant).tenant_code.as_deref(),
        Some("string")
    );
}

#[test]
fn audio_transcriptions() {
    let t: Vec<types::AudioTranscription> = decode("audio_transcriptions.json");
    assert_eq!(t[0].transcription_file.as_deref(), Some("string"));
    assert_eq!(t[0].duration, Some(0.0));
    assert_eq!(tenant_ref(&t[0].tenant).id, Some(0));
}

#[test]
fn org_statement() {
    let s: types::OrgStatement = decode("org_statement.json");
    assert_eq!(s.transactions.len(), 1);
    assert_eq!(
        s.transactions[0].transaction_type.as_deref(),
        Some("string")
    );
    assert_eq!(s.taxes[0].is_exempt, Some(true));
    let totals = s.statement.unwrap().totals.unwrap();
    assert_eq!(totals.total_taxes, Some(0.0));
    assert_eq!(totals.phone_numbers.unwrap().cnam_enabled, Some(0.0));
}

#[test]
fn endpoints() {
    let e: Vec<types::Endpoint> = decode("endpoints.json");
    assert_eq!(e[0].endpoint_id.as_deref(), Some("string"));
    assert_eq!(e[0].transport, Some(types::Transport::Udp));
    assert_eq!(e[0].port, Some(0));
    assert_eq!(e[0].endpoint_group.as_ref().unwrap().id, Some(0));
}

/// The reference's six-field response of create and update endpoint is a
/// part of the whole endpoint the live API returned.
#[test]
fn endpoint_summary() {
    let e: types::Endpoint = decode("endpoint_summary.json");
    assert_eq!(e.ip.as_deref(), Some("string"));
    assert_eq!(e.transport, Some(types::Transport::Udp));
    assert_eq!(e.description.as_deref(), Some("string"));
    assert_eq!(e.id, None);
}

#[test]
fn endpoint_live() {
    let e: types::Endpoint = decode("endpoint_live.json");
    assert_eq!(e.id, Some(7));
    assert_eq!(e.endpoint_group.as_ref().unwrap().id, Some(42));
    assert_eq!(e.org.as_ref().unwrap()["id"], 17);
    assert_eq!(e.flags, Some(serde_json::json!({"options_ping": true})));
}

#[test]
fn e911_address() {
    let a: types::E911Address = decode("e911_address.json");
    assert_eq!(a.caller_name.as_deref(), Some("string"));
    assert_eq!(a.postal_code.as_deref(), Some("string"));
    // The same sample is the shape of the request body, where every field
    // is required.
    let input: types::E911AddressInput = decode("e911_address.json");
    assert_eq!(input.address2, "string");
}

#[test]
fn off_network_phonenumber() {
    let n: types::OffNetworkPhoneNumber = decode("off_network_phonenumber.json");
    assert_eq!(n.number.as_deref(), Some("string"));
    assert_eq!(n.stir_shaken_enabled, Some(true));
    // The sample's tenant is an empty object, which stays one.
    assert_eq!(n.tenant, Some(types::TenantRef::default()));
}

#[test]
fn phonenumbers() {
    let n: Vec<types::PhoneNumber> = decode("phonenumbers.json");
    let n = &n[0];
    assert_eq!(n.id, Some(0));
    assert_eq!(n.tn_format, Some(types::TnFormat::ElevenDigits));
    assert_eq!(n.failure_strategy, Some(types::FailureStrategy::PlayError));
    assert_eq!(n.tier_enabled, Some(types::TierEnabled::Domestic));
    assert_eq!(n.lidb.as_ref().unwrap().type_.as_deref(), Some("business"));
    let config = n.message_destination.as_ref().unwrap().config.as_ref();
    assert_eq!(config.unwrap().connection_type.as_deref(), Some("basic"));
    assert_eq!(
        config.unwrap().auth.as_ref().unwrap().password.as_deref(),
        Some("string")
    );
    assert_eq!(n.localpresence.as_ref().unwrap().id, Some(0));
    assert_eq!(
        n.e911_address.as_ref().unwrap().state.as_deref(),
        Some("string")
    );
}

/// The live API's phone number: every member the reference lacks, and the
/// address under `e911address`.
#[test]
fn phonenumber_live() {
    let text = read("phonenumber_live.json");
    let sample: Value = serde_json::from_str(&text).unwrap();
    let n: Vec<types::PhoneNumber> = serde_json::from_value(sample.clone()).unwrap();
    let n = &n[0];
    let address = n.e911_address.as_ref().expect("e911address decodes");
    assert_eq!(address.id, Some(88));
    assert_eq!(address.postal_code.as_deref(), Some("99201"));
    assert_eq!(n.category, Some(1.into()));
    assert_eq!(n.exotic, Some(false.into()));
    assert_eq!(n.lifecycle_state.as_deref(), Some("active"));
    assert_eq!(n.localpresence_principle, Some("area_code".into()));
    assert_eq!(n.org.as_ref().unwrap()["name"], "Acme Telecom");
    assert_eq!(n.portin_id, Some(501));
    assert_eq!(n.record_calls, Some(true));
    assert_eq!(n.sip_credential.as_ref().unwrap()["username"], "acme-trunk");
    assert_eq!(n.spamblock_allow_unknown, Some(true.into()));
    assert_eq!(n.spamblock_bot, Some(true));
    assert_eq!(
        n.spamblock_bot_contact_email.as_deref(),
        Some("noc@acme.example")
    );
    assert_eq!(n.spamblock_cnam_prepend, Some("SPAM".into()));
    assert_eq!(n.vanity, Some(false.into()));
    assert_eq!(n.vfax_routing_enabled, Some(false.into()));
    // Encoded again, it has every key under the reference's spelling.
    let mut expected = sample;
    let item = expected[0].as_object_mut().unwrap();
    let address = item.remove("e911address").unwrap();
    item.insert("e911_address".into(), address);
    let again: Vec<types::PhoneNumber> = decode_value("phonenumber_live.json", expected);
    assert_eq!(&again[0], n);
}

/// `e911_address` and `e911address` decode into the same field; both at
/// once are not a silent choice of one: the first is in the field, the
/// second in `extra` under its own name, and the repeat is reported.
#[test]
fn e911_address_both_spellings() {
    let reference: Value = serde_json::from_str(&read("phonenumbers.json")).unwrap();
    let mut live = reference.clone();
    let item = live[0].as_object_mut().unwrap();
    let address = item.remove("e911_address").unwrap();
    item.insert("e911address".into(), address.clone());
    let a: Vec<types::PhoneNumber> = serde_json::from_value(reference).unwrap();
    let b: Vec<types::PhoneNumber> = serde_json::from_value(live.clone()).unwrap();
    assert!(a[0].e911_address.is_some());
    assert_eq!(a, b);
    let mut second = address.clone();
    second["address1"] = "elsewhere".into();
    live[0]["e911_address"] = second.clone();
    let text = serde_json::to_vec(&live).unwrap();
    let both = client_runtime::tolerant::audit::<Vec<types::PhoneNumber>>(&text).unwrap();
    // Members are read in the order sent (`e911_address` sorts first here).
    let kept = both.value[0].e911_address.as_ref().unwrap();
    assert_eq!(kept.address1.as_deref(), Some("elsewhere"));
    assert_eq!(both.value[0].extra.get("e911address"), Some(&address));
    let reported: Vec<String> = both.deviations.iter().map(ToString::to_string).collect();
    assert_eq!(
        reported,
        ["[0].e911_address: sent more than once; the first is kept"]
    );
    assert!(!both.deviations[0].is_degraded());
}

/// The members the live API returned beyond the reference, added to the
/// reference samples they belong to, decode and are sent back.
#[test]
fn live_members() {
    fn with(name: &str, members: Value) -> Value {
        let mut sample: Value = serde_json::from_str(&read(name)).unwrap();
        let target = match &mut sample {
            Value::Array(items) => &mut items[0],
            other => other,
        };
        for (k, v) in members.as_object().unwrap() {
            target[k] = v.clone();
        }
        sample
    }
    let org = serde_json::json!({"id": 17, "name": "Acme Telecom"});

    let members = serde_json::json!({"tenant_id": 9, "org": org});
    let r: Vec<types::AudioRecording> = decode_value(
        "audio_recordings",
        with("audio_recordings.json", members.clone()),
    );
    assert_eq!((r[0].tenant_id, r[0].org.as_ref()), (Some(9), Some(&org)));
    let t: Vec<types::AudioTranscription> = decode_value(
        "audio_transcriptions",
        with("audio_transcriptions.json", members),
    );
    assert_eq!((t[0].tenant_id, t[0].org.as_ref()), (Some(9), Some(&org)));

    let a: types::E911Address = decode_value(
        "e911_address",
        with("e911_address.json", serde_json::json!({"id": 88})),
    );
    assert_eq!(a.id, Some(88));

    let regions =
        serde_json::json!({"region1": "OK", "region2": true, "region3": 0, "region4": null});
    let h: Vec<types::IpHealth> = serde_json::from_value(with("iphealth.json", regions)).unwrap();
    assert_eq!(h[0].region1, Some("OK".into()));
    assert_eq!(h[0].region2, Some(true.into()));
    assert_eq!(h[0].region3, Some(0.into()));
    assert_eq!(h[0].region4, None);
    let regions =
        serde_json::json!({"region1": "OK", "region2": "OK", "region3": "DOWN", "region4": "OK"});
    let h: Vec<types::IpHealth> = decode_value("iphealth", with("iphealth.json", regions));
    assert_eq!(h[0].region3, Some("DOWN".into()));

    let mut s: Value = serde_json::from_str(&read("tenant_statements.json")).unwrap();
    s[0]["fields"]["totals"]["total_features_cost"] = 12.5.into();
    let s: Vec<types::TenantStatement> = decode_value("tenant_statements", s);
    let totals = s[0].fields.as_ref().unwrap().totals.as_ref().unwrap();
    assert_eq!(totals.total_features_cost, Some(12.5));

    let members = serde_json::json!({
        "org": org,
        "previous_month": {"total_cost": 99.5},
        "previous_month_peak_channels": 23,
        "previous_month_total_cost": 99.5,
    });
    let t: Vec<types::Tenant> = decode_value("tenants", with("tenants.json", members));
    assert_eq!(t[0].org.as_ref(), Some(&org));
    assert_eq!(t[0].previous_month.as_ref().unwrap()["total_cost"], 99.5);
    assert_eq!(t[0].previous_month_peak_channels, Some(23));
    assert_eq!(t[0].previous_month_total_cost, Some(99.5));

    let r: Vec<types::SmsReceipt> = decode_value(
        "sms_receipts",
        with("sms_receipts.json", serde_json::json!({"org": org})),
    );
    assert_eq!(r[0].org.as_ref(), Some(&org));

    let ids = serde_json::json!({"endpoint_group_id": 42, "localpresence_id": 5, "tenant_id": 9});
    let p: types::PhoneNumberSettings = decode_value(
        "phonenumber_settings",
        with("phonenumber_settings.json", ids.clone()),
    );
    assert_eq!(
        (p.endpoint_group_id, p.localpresence_id, p.tenant_id),
        (Some(42), Some(5), Some(9))
    );
    let o: Vec<types::PhoneNumberSettings> = decode_value(
        "ordered_phonenumbers",
        with("ordered_phonenumbers.json", ids),
    );
    assert_eq!(o[0].tenant_id, Some(9));
}

#[test]
fn third_party_responses() {
    let d: types::DownloadUrl = decode("download_url.json");
    assert_eq!(
        d.download_url.as_deref(),
        Some("https://files.example/recordings/77.wav?token=abc")
    );
    let b: types::Balance = decode("balance.json");
    assert_eq!(b.balance.as_deref(), Some("1234.56"));
    let t: types::PhoneNumberTotal = decode("phonenumber_total.json");
    assert_eq!(t.total, Some(12));
    let n: types::OffNetworkPhoneNumber = decode("off_network_phonenumber_created.json");
    assert_eq!((n.id, n.number.as_deref()), (Some(55), Some("15098675309")));
    let i: Vec<types::TenantInvoice> = decode("tenant_invoices.json");
    assert_eq!(i[0].scheduled_date.as_deref(), Some("14:00:00+00:00"));
    assert_eq!(i[0].stripe_invoice_id.as_deref(), Some("in_123"));
    let p: Vec<types::TenantBillingProduct> = decode("tenant_billing_products.json");
    assert_eq!(p[0].has_mapping, Some(true));
    assert_eq!(p[0].service_code.as_deref(), Some("SVC-DID"));
}

#[test]
fn phonenumber_settings() {
    let s: types::PhoneNumberSettings = decode("phonenumber_settings.json");
    assert_eq!(s.block_nocid, Some(true));
    assert_eq!(s.spamblock_risk_score, Some(0));
    assert_eq!(s.tier_enabled, Some(types::TierEnabled::Domestic));
    assert_eq!(s.pending_port_out, Some(true));
    // The update body takes the same fields (and three more).
    let u: types::PhoneNumberUpdate = decode("phonenumber_settings.json");
    assert_eq!(u.tn_format, Some(types::TnFormat::ElevenDigits));
    assert_eq!(u.endpoint_group_id, None);
}

#[test]
fn available_phonenumbers() {
    let n: Vec<String> = decode("available_phonenumbers.json");
    assert_eq!(n, ["string"]);
}

#[test]
fn rate_centers() {
    let r: Vec<types::RateCenter> = decode("rate_centers.json");
    assert_eq!(r[0].rate_center.as_deref(), Some("string"));
    assert_eq!(r[0].lata.as_deref(), Some("string"));
}

#[test]
fn ordered_phonenumbers() {
    let o: Vec<types::PhoneNumberSettings> = decode("ordered_phonenumbers.json");
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].intl_reserve, Some(0.0));
    assert_eq!(
        o[0].message_destination.as_ref().unwrap().type_.as_deref(),
        Some("email")
    );
}

#[test]
fn sms_receipts() {
    let r: Vec<types::SmsReceipt> = decode("sms_receipts.json");
    assert_eq!(r[0].direction, Some(true));
    assert_eq!(r[0].message_id.as_deref(), Some("string"));
    assert_eq!(r[0].dst_tenant_id, Some(0));
}

#[test]
fn iphealth() {
    let h: Vec<types::IpHealth> = decode("iphealth.json");
    assert_eq!(h[0].org_name.as_deref(), Some("string"));
    assert_eq!(h[0].enhanced_monitor, Some(true));
    // A plain string here, unlike Endpoint's enum.
    assert_eq!(h[0].transport.as_deref(), Some("string"));
}

#[test]
fn traffic_total_counts() {
    let t: Vec<types::TrafficCount> = decode("traffic_total_counts.json");
    assert_eq!(t[0].date.as_deref(), Some("string"));
    assert_eq!(t[0].outbound_minutes, Some(0.0));
}

#[test]
fn traffic_channels() {
    let c: Vec<types::ChannelCount> = decode("traffic_channels.json");
    assert_eq!(c[0].channel_count, Some(0));
}

#[test]
fn traffic_most_active_hour() {
    let c: Vec<types::CallCount> = decode("traffic_most_active_hour.json");
    assert_eq!(c[0].call_count, Some(0));
    assert_eq!(c[0].date.as_deref(), Some("string"));
}

#[test]
fn tenant_statements() {
    let s: Vec<types::TenantStatement> = decode("tenant_statements.json");
    assert_eq!(s[0].month.as_deref(), Some("string"));
    let totals = s[0].fields.as_ref().unwrap().totals.as_ref().unwrap();
    assert_eq!(totals.vfax_count, Some(0.0));
    let numbers = totals.phone_numbers.as_ref().unwrap();
    assert_eq!(numbers.lidb_enabled_cost, Some(0.0));
    assert_eq!(tenant_ref(&s[0].tenant).name.as_deref(), Some("string"));
}

#[test]
fn stripe_invoice_ref() {
    let r: types::StripeInvoiceRef = decode("stripe_invoice_ref.json");
    assert_eq!(r.stripe_invoice_id.as_deref(), Some("string"));
}

#[test]
fn tenants() {
    let t: Vec<types::Tenant> = decode("tenants.json");
    assert_eq!(t[0].country, Some(types::Country::Us));
    let billing = t[0].billing_profile.as_ref().unwrap();
    assert_eq!(billing.auto_charge, Some(true));
    assert_eq!(
        billing.billing_products.as_ref().unwrap()[0].quantity,
        Some(0)
    );
}

#[test]
fn tenant() {
    let t: types::Tenant = decode("tenant.json");
    assert_eq!(t.id, Some(0));
    assert_eq!(t.transcription_username.as_deref(), Some("string"));
    assert_eq!(t.archived.as_deref(), Some("string"));
    let billing = t.billing_profile.unwrap();
    assert_eq!(billing.terms, Some(0));
    let products = billing.billing_products.as_deref().unwrap();
    assert_eq!(products.len(), 1);
    assert_eq!(products[0].markup, Some(0.0));
}

#[test]
fn tenant_features() {
    let f: types::TenantFeatures = decode("tenant_features.json");
    assert_eq!(f.cnam_enabled, Some(true));
    assert_eq!(f.voicemail_transcription_enabled, Some(true));
}

#[test]
fn vfaxes() {
    let v: Vec<types::Vfax> = decode("vfaxes.json");
    assert_eq!(v[0].fax_status.as_deref(), Some("SUCCESS"));
    assert_eq!(v[0].delivery_state.as_deref(), Some("SCHEDULED"));
    assert_eq!(v[0].retries_left, Some(0));
    assert_eq!(v[0].direction, Some(true));
}

#[test]
fn vfax_send_result() {
    let r: types::VfaxSendResult = decode("vfax_send_result.json");
    // Every field is a string in this sample, counts and sizes included.
    assert_eq!(r.fax_pages.as_deref(), Some("string"));
    assert_eq!(r.pdf_size.as_deref(), Some("string"));
    assert_eq!(r.tenant_id.as_deref(), Some("string"));
}

#[test]
fn error_body() {
    // Not in the reference; the shape the spec infers from public clients.
    let e: types::ErrorBody = serde_json::from_str(r#"{"ERROR": "Not found"}"#).unwrap();
    assert_eq!(e.error.as_deref(), Some("Not found"));
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        serde_json::json!({"ERROR": "Not found"})
    );
}

#[test]
fn unknown_integer_enum_values_are_kept_and_sent_back() {
    let mut sample: Value = serde_json::from_str(&read("phonenumber_settings.json")).unwrap();
    sample["tn_format"] = 30.into();
    sample["failure_strategy"] = 7.into();
    sample["tier_enabled"] = 40.into();
    let settings: types::PhoneNumberSettings = serde_json::from_value(sample.clone()).unwrap();
    match settings.tn_format {
        Some(types::TnFormat::Unknown(v)) => assert_eq!(v.value(), 30),
        other => panic!("expected Unknown(30), got {other:?}"),
    }
    assert_eq!(settings.tn_format.unwrap().value(), 30);
    assert!(matches!(
        settings.failure_strategy,
        Some(types::FailureStrategy::Unknown(v)) if v.value() == 7
    ));
    assert!(matches!(
        settings.tier_enabled,
        Some(types::TierEnabled::Unknown(v)) if v.value() == 40
    ));
    let again = serde_json::to_value(&settings).unwrap();
    // Numbers again, not strings or objects.
    assert_eq!(again["tn_format"], serde_json::json!(30));
    assert_eq!(again["failure_strategy"], serde_json::json!(7));
    assert_eq!(again["tier_enabled"], serde_json::json!(40));
    assert!(same(&sample, &again), "{sample:#} vs {again:#}");

    // Documented values never become Unknown; every value round-trips.
    fn round_trip<E>(documented: &[i64], unknown: i64)
    where
        E: DeserializeOwned + Serialize + std::fmt::Debug,
    {
        for &value in documented.iter().chain([&unknown]) {
            let e: E = serde_json::from_value(value.into()).unwrap();
            let debug = format!("{e:?}");
            assert_eq!(
                debug.starts_with("Unknown"),
                value == unknown,
                "{value} decoded as {debug}"
            );
            assert_eq!(serde_json::to_value(&e).unwrap(), serde_json::json!(value));
        }
    }
    round_trip::<types::TnFormat>(&[0, 10, 20], 30);
    round_trip::<types::FailureStrategy>(&[0, 1], -1);
    round_trip::<types::TierEnabled>(&[1, 10, 20, 30], 0);
}

#[test]
fn unknown_string_enum_values_are_kept_and_sent_back() {
    let mut sample: Value = serde_json::from_str(&read("endpoints.json")).unwrap();
    sample[0]["transport"] = "TLS".into();
    let endpoints: Vec<types::Endpoint> = serde_json::from_value(sample.clone()).unwrap();
    match &endpoints[0].transport {
        Some(types::Transport::Unknown(v)) => assert_eq!(v.as_str(), "TLS"),
        other => panic!("expected Unknown(TLS), got {other:?}"),
    }
    let again = serde_json::to_value(&endpoints).unwrap();
    assert_eq!(again[0]["transport"], "TLS");
    assert!(same(&sample, &again), "{sample:#} vs {again:#}");

    let mut tenant: Value = serde_json::from_str(&read("tenant.json")).unwrap();
    tenant["country"] = "MX".into();
    let tenant: types::Tenant = serde_json::from_value(tenant).unwrap();
    assert!(matches!(&tenant.country, Some(types::Country::Unknown(v)) if v.as_str() == "MX"));
    assert_eq!(serde_json::to_value(&tenant).unwrap()["country"], "MX");

    // Case matters: "udp" is not the documented "UDP".
    let t: types::Transport = serde_json::from_value("udp".into()).unwrap();
    assert!(matches!(t, types::Transport::Unknown(_)), "{t:?}");
    assert_eq!(serde_json::to_value(&t).unwrap(), "udp");
}

#[test]
fn unknown_fields_are_kept() {
    let mut sample: Value = serde_json::from_str(&read("vfaxes.json")).unwrap();
    sample[0]["org"] = serde_json::json!({"id": 1});
    sample[0]["pages_sent"] = 3.into();
    let faxes: Vec<types::Vfax> = serde_json::from_value(sample.clone()).unwrap();
    assert_eq!(faxes[0].fax_pages, Some(0));
    assert_eq!(faxes[0].extra["org"], serde_json::json!({"id": 1}));
    let again = serde_json::to_value(&faxes).unwrap();
    assert_eq!(again[0]["org"], sample[0]["org"]);
    assert_eq!(again[0]["pages_sent"], sample[0]["pages_sent"]);
}
