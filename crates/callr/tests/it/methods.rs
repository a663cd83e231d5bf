//! Each of the 110 methods once against the recording server, with
//! realistic positional arguments and a result that decodes into the
//! method's result type.
//!
//! For every call the test asserts, without relying on snapshots: a POST
//! to the base URL with its trailing slash, the JSON-RPC content type, no
//! `Accept` of our own (reqwest's `*/*`), the API key, a body with exactly `jsonrpc: "2.0"`, an integer `id`, the
//! method name and the positional parameters in order (trailing optional
//! ones as `null`), and the decoded typed result (which also has to
//! re-encode to what the server sent, so no field was lost on the way).
//! A snapshot per method then records the request as sent (the `id`
//! replaced by a placeholder, the API key redacted).

use std::collections::{BTreeMap, BTreeSet};

use callr::types;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::support::{
    CONTENT_TYPE, KEY, PATH, TestServer, body, client, prune_empty, render, serve_result,
};

/// Start and end of the period the statistics and listing calls ask for
/// (CALLR's `datetime` format, UTC).
const FROM: &str = "2024-04-01 00:00:00";
const TO: &str = "2024-04-30 23:59:59";

/// Checks the one request `server` got against `method` and `params`, then
/// snapshots it as `name`.
fn check_request(server: &TestServer, name: &str, method: &str, params: Value) {
    let request = server.single_request();
    assert_eq!(request.method, "POST", "{method}");
    // The base URL with its trailing slash, and nothing else.
    assert_eq!(request.target, format!("{PATH}/"), "{method}");
    assert_eq!(
        request.header("content-type"),
        Some(CONTENT_TYPE),
        "{method}"
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Api-Key {KEY}").as_str()),
        "{method}"
    );
    // No `Accept` of the client's own, as the official SDKs set none (CALLR
    // answers `application/json-rpc` anyway): only the HTTP library's
    // default `*/*` goes out.
    assert_eq!(request.header("accept"), Some("*/*"), "{method}");
    let body = body(&request);
    let members: BTreeSet<&str> = body
        .as_object()
        .unwrap_or_else(|| panic!("{method}: the body is not an object: {body}"))
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        members,
        BTreeSet::from(["id", "jsonrpc", "method", "params"]),
        "{method}"
    );
    assert_eq!(body["jsonrpc"], "2.0", "{method}");
    assert!(
        body["id"].is_u64(),
        "{method}: id {} is not an integer",
        body["id"]
    );
    assert_eq!(body["method"], method);
    assert!(
        params.is_array(),
        "{method}: expected params must be an array"
    );
    assert_eq!(body["params"], params, "{method}: positional parameters");
    insta::assert_snapshot!(name, render(&request));
}

/// `decoded` encodes back to what the server sent (empty collections
/// aside, which the generated types leave out).
fn assert_reencodes<T: Serialize>(method: &str, decoded: &T, served: &Value) {
    let encoded = serde_json::to_value(decoded).expect("the result encodes");
    assert_eq!(
        prune_empty(&encoded),
        prune_empty(served),
        "{method}: the decoded result lost or changed something"
    );
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A JSON object literal as a `serde_json::Map`.
fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn target(number: &str, timeout: i64) -> types::Target {
    types::Target {
        extra: Default::default(),
        number: Some(number.into()),
        timeout: Some(timeout),
    }
}

fn page(offset: i64, quantity: i64) -> types::SearchOptions {
    types::SearchOptions::builder()
        .offset(offset)
        .quantity(quantity)
        .try_into()
        .expect("valid search options")
}

/// A page of search results as CALLR sends it.
fn results(hits: Value, total: i64) -> Value {
    json!({"has_more": false, "hits": hits, "offset": 0, "total": total})
}

fn sub_account_json() -> Value {
    json!({
        "account": {"company": "Acme SAS", "firstname": "Jeanne", "lastname": "Martin"},
        "contact": {
            "addresses": [{"city": "Paris", "country": "FR", "street": "10 rue de la Paix", "zip": "75002"}],
            "emails": ["jeanne.martin@acme.example"],
            "phones": ["+33612345678"]
        },
        "credentials": {"login": "acme_jeanne"},
        "params": {
            "billing": {"currency_code": "EUR", "emails": ["billing@acme.example"]},
            "default": {"locale": "fr-FR", "timezone": "Europe/Paris"}
        },
        "state": {
            "allow_calls_in": true, "allow_calls_out": true, "allow_sms_in": true,
            "allow_sms_out": true, "archived": false, "credit": "0.00", "disabled": false
        }
    })
}

fn app_json() -> Value {
    json!({
        "date_creation": "2024-04-02 09:30:00",
        "date_update": "2024-04-03 10:00:00",
        "did": [{"hash": "D1D2D3D4", "intl_number": "+33975181234", "country_code": "FR", "type": "GEOGRAPHIC", "class": "CLASSIC"}],
        "hash": "A1B2C3D4",
        "name": "Campaign tracking",
        "p": {
            "medias": {"welcome": 1234},
            "options": {"record_calls": true, "feeds": "both", "locale": "fr-FR"},
            "targets": [{"number": "+33612345678", "timeout": 30}]
        },
        "package": {"has_did": true, "name": "CALLTRACKING10", "type": "CALLTRACKING"}
    })
}

fn session_json(token: &str) -> Value {
    json!({
        "refresh_token": "R3FR35H",
        "refreshable_until": "2024-05-24 00:42:42",
        "token": token,
        "valid_until": "2024-04-25 00:42:42"
    })
}

fn sms_json() -> Value {
    json!({
        "b_customer_debit": "0.0650", "b_customer_mode": "PREPAID",
        "date_creation": "2024-04-24 00:42:42", "date_sent": "2024-04-24 00:42:43",
        "date_update": "2024-04-24 00:42:50", "encoding": "GSM",
        "from": "SMS", "hash": "8242D945", "nature": "ALERTING", "parts": 1,
        "status": "SENT", "text": "Hello, world", "to": "+33612345678",
        "type": "OUT", "user_data": "order-42"
    })
}

fn reservation_json() -> Value {
    json!({
        "contract": {"billing_mode": "PREPAID", "duration_month": 1, "end_date": "2024-05-24 00:00:00"},
        "cost": {"amount_per_month": "200.00", "amount_prepaid_debit": "200.00", "amount_unit": "200.00",
                 "discount_percent": 0, "quantity": 1, "quantity_paying": 1},
        "expire": "2024-04-24 00:47:42",
        "items": [{"hash": "D5D6D7D8", "intl_number": "+33975185678", "local_number": "09 75 18 56 78"}],
        "token": "T0K3N"
    })
}

fn media_json(id: i64) -> Value {
    json!({
        "category": ["WELCOME"], "content": "Welcome to Acme", "duration": 4,
        "hash": "M1E2D3I4", "id": id, "is_editable": true, "language": ["fr-FR"],
        "name": "Welcome message", "status": "READY", "tags": {"CATEGORY": ["WELCOME"]},
        "url": "https://media.example/M1E2D3I4.mp3", "voice": "TTS_FR-FR_AUDREY"
    })
}

fn click_to_call_json() -> Value {
    json!({
        "a_status": {"callid": 1001, "number": "+33612345678", "status": "ANSWER", "try": 1},
        "a_targets": [{"number": "+33612345678", "timeout": 30}],
        "b_status": {"callid": 1002, "number": "+33123456789", "status": "DIALING", "try": 1},
        "b_targets": [{"number": "+33123456789", "timeout": 20}],
        "cdr_field": "ticket-7", "cli": "+33975181234",
        "date_creation": "2024-04-24 00:42:42", "date_started": "2024-04-24 00:42:45",
        "date_update": "2024-04-24 00:42:50", "hash": "C2C00001"
    })
}

/// One test per method: `name: "service.method" { call, params, result,
/// check }`. `call` gets the client, `params` is the JSON array the call
/// must send, `result` what the server answers, and `check` looks at the
/// decoded result, whose type is spelled out.
macro_rules! methods {
    ($(
        $name:ident: $method:literal {
            call: |$c:ident| $call:expr,
            params: $params:expr,
            result: $result:expr,
            check: |$r:ident: $ty:ty| $check:block $(,)?
        }
    )*) => {
        /// The JSON-RPC name of every method called below.
        const COVERED: &[&str] = &[$($method),*];

        $(
            #[tokio::test]
            async fn $name() {
                let served: Value = $result;
                let server = serve_result(served.clone()).await;
                let client = client(&server);
                let $c = &client;
                let $r: $ty = match $call.await {
                    Ok(result) => result,
                    Err(e) => panic!("{}: {e:?}", $method),
                };
                assert_reencodes($method, &$r, &served);
                $check
                check_request(&server, stringify!($name), $method, $params);
            }
        )*
    };
}

methods! {
    // ------------------------------------------------------------ account/sub

    account_sub_archive: "account/sub.archive" {
        call: |c| c.account_sub().archive("8DA0C2F1", None),
        params: json!(["8DA0C2F1", null]),
        result: json!("5A6B7C8D9E"),
        check: |r: String| { assert_eq!(r, "5A6B7C8D9E"); },
    }

    account_sub_create: "account/sub.create" {
        call: |c| c.account_sub().create(
            types::SubAccountCreateProperties { extra: Default::default(),
                account: Some(types::SubAccountAccount { extra: Default::default(),
                    company: Some("Acme SAS".into()),
                    firstname: Some("Jeanne".into()),
                    lastname: Some("Martin".into()),
                }),
                contact: Some(types::SubAccountContact { extra: Default::default(),
                    addresses: Some(vec![types::Address { extra: Default::default(),
                        city: Some("Paris".into()),
                        country: Some("FR".into()),
                        street: Some("10 rue de la Paix".into()),
                        zip: Some("75002".into()),
                        state: None,
                    }]),
                    emails: Some(strings(&["jeanne.martin@acme.example"])),
                    phones: Some(strings(&["+33612345678"])),
                    tech_emails: None,
                }),
                params: Some(types::SubAccountCreateParams { extra: Default::default(),
                    billing: Some(types::SubAccountCreateParamsBilling { extra: Default::default(),
                        addresses: None,
                        emails: Some(strings(&["billing@acme.example"])),
                    }),
                }),
            },
            types::SubAccountCreateOptions { extra: Default::default(),
                password: Some(types::SubAccountCreateOptionsPassword { extra: Default::default(),
                    method: Some(types::SubAccountCreateOptionsPasswordMethod::Auto),
                    value: None,
                }),
            },
        ),
        params: json!([
            {
                "account": {"company": "Acme SAS", "firstname": "Jeanne", "lastname": "Martin"},
                "contact": {
                    "addresses": [{"city": "Paris", "country": "FR", "street": "10 rue de la Paix", "zip": "75002"}],
                    "emails": ["jeanne.martin@acme.example"],
                    "phones": ["+33612345678"]
                },
                "params": {"billing": {"emails": ["billing@acme.example"]}}
            },
            {"password": {"method": "AUTO"}}
        ]),
        result: sub_account_json(),
        check: |r: types::SubAccount| {
            assert_eq!(r.credentials.unwrap().login.as_deref(), Some("acme_jeanne"));
            assert_eq!(
                r.params.unwrap().billing.unwrap().currency_code,
                Some(types::SubAccountParamsBillingCurrencyCode::Eur)
            );
            assert_eq!(r.state.unwrap().disabled, Some(false));
        },
    }

    account_sub_disable: "account/sub.disable" {
        call: |c| c.account_sub().disable("8DA0C2F1"),
        params: json!(["8DA0C2F1"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    account_sub_edit: "account/sub.edit" {
        call: |c| c.account_sub().edit(
            "8DA0C2F1",
            types::SubAccountEditProperties::builder()
                .contact(types::SubAccountContact {
                    emails: Some(strings(&["ops@acme.example"])),
                    ..Default::default()
                })
                .try_into()
                .unwrap(),
            types::SubAccountEditOptions(Map::new()),
        ),
        params: json!(["8DA0C2F1", {"contact": {"emails": ["ops@acme.example"]}}, {}]),
        result: sub_account_json(),
        check: |r: types::SubAccount| {
            assert_eq!(r.account.unwrap().company.as_deref(), Some("Acme SAS"));
        },
    }

    account_sub_enable: "account/sub.enable" {
        call: |c| c.account_sub().enable("8DA0C2F1"),
        params: json!(["8DA0C2F1"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    account_sub_get: "account/sub.get" {
        call: |c| c.account_sub().get("8DA0C2F1"),
        params: json!(["8DA0C2F1"]),
        result: sub_account_json(),
        check: |r: types::SubAccount| {
            let contact = r.contact.unwrap();
            assert_eq!(contact.addresses.unwrap()[0].city.as_deref(), Some("Paris"));
            assert_eq!(contact.phones.unwrap(), ["+33612345678"]);
            assert_eq!(
                r.params.unwrap().default.unwrap().timezone.as_deref(),
                Some("Europe/Paris")
            );
        },
    }

    account_sub_get_quota: "account/sub.get_quota" {
        call: |c| c.account_sub().get_quota(),
        params: json!([]),
        result: json!({"actual": 3, "max": 10}),
        check: |r: types::SubAccountQuota| {
            assert_eq!(r, types::SubAccountQuota { extra: Default::default(), actual: Some(3), max: Some(10) });
        },
    }

    account_sub_search: "account/sub.search" {
        call: |c| c.account_sub().search(
            types::SubAccountSearchFilters { extra: Default::default(), archived: Some(false) },
            page(0, 50),
        ),
        params: json!([{"archived": false}, {"offset": 0, "quantity": 50}]),
        result: results(json!([sub_account_json()]), 1),
        check: |r: types::SearchResults| {
            assert_eq!((r.total, r.offset, r.has_more), (Some(1), Some(0), Some(false)));
            let hit: types::SubAccount = serde_json::from_value(r.hits[0].clone()).unwrap();
            assert_eq!(hit.credentials.unwrap().login.as_deref(), Some("acme_jeanne"));
        },
    }

    account_sub_transfer_credit: "account/sub.transfer_credit" {
        call: |c| c.account_sub().transfer_credit(
            "8DA0C2F1",
            "1F2E3D4C",
            "1500.00",
            types::SubAccountTransferOptions(Map::new()),
        ),
        params: json!(["8DA0C2F1", "1F2E3D4C", "1500.00", {}]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    account_sub_transfer_dids: "account/sub.transfer_dids" {
        call: |c| c.account_sub().transfer_dids(
            "8DA0C2F1",
            "1F2E3D4C",
            strings(&["D1D2D3D4", "D5D6D7D8"]),
            types::SubAccountTransferOptions(object(json!({"keep_apps": true}))),
        ),
        params: json!(["8DA0C2F1", "1F2E3D4C", ["D1D2D3D4", "D5D6D7D8"], {"keep_apps": true}]),
        result: json!({"transferred": 2}),
        check: |r: Value| { assert_eq!(r["transferred"], 2); },
    }

    account_sub_unarchive: "account/sub.unarchive" {
        call: |c| c.account_sub().unarchive("8DA0C2F1", Some(Map::new())),
        params: json!(["8DA0C2F1", {}]),
        result: json!("5A6B7C8D9F"),
        check: |r: String| { assert_eq!(r, "5A6B7C8D9F"); },
    }

    // ------------------------------------------------------------ actions

    actions_start: "actions.start" {
        call: |c| c.actions().start(),
        params: json!([]),
        result: json!({"run": "R0N1"}),
        check: |r: Value| { assert_eq!(r, json!({"run": "R0N1"})); },
    }

    // ------------------------------------------------------------ analytics

    analytics_get_outbound_types: "analytics.get_outbound_types" {
        call: |c| c.analytics().get_outbound_types("COUNT", FROM, TO, None),
        params: json!(["COUNT", FROM, TO, null]),
        result: json!([{"type": "MOBILE", "count": 12}, {"type": "GEOGRAPHIC", "count": 3}]),
        check: |r: Vec<Value>| {
            assert_eq!(r.len(), 2);
            assert_eq!(r[0]["type"], "MOBILE");
        },
    }

    analytics_calls_history: "analytics/calls.history" {
        call: |c| c.analytics_calls().history(FROM, TO),
        params: json!([FROM, TO]),
        result: json!({
            "IN": [{"aloc": 95, "count": 4, "credit": "0.0000", "date": "2024-04-02 00:00:00", "debit": "0.1200", "duration": 380}],
            "OUT": [{"aloc": 60, "count": 2, "credit": "0.0000", "date": "2024-04-02 00:00:00", "debit": "0.0800", "duration": 120}]
        }),
        check: |r: types::AnalyticsCallsHistory| {
            assert_eq!(r.in_[0].duration, Some(380));
            assert_eq!(r.out[0].debit.as_deref(), Some("0.0800"));
        },
    }

    analytics_calls_inbound_did: "analytics/calls.inbound_did" {
        call: |c| c.analytics_calls().inbound_did("COUNT", FROM, TO, 10),
        params: json!(["COUNT", FROM, TO, 10]),
        result: json!([{
            "aloc": 95, "billing_label": "France - Geographic", "count": 4, "credit": "0.0000",
            "debit": "0.1200", "duration": 380, "hash": "D1D2D3D4", "intl": "+33975181234"
        }]),
        check: |r: Vec<types::AnalyticsCallsDid>| {
            assert_eq!(r[0].intl.as_deref(), Some("+33975181234"));
            assert_eq!(r[0].count, Some(4));
        },
    }

    analytics_calls_outbound_countries: "analytics/calls.outbound_countries" {
        call: |c| c.analytics_calls().outbound_countries("DURATION", FROM, TO, 5),
        params: json!(["DURATION", FROM, TO, 5]),
        result: json!([{"aloc": 60, "count": 2, "country_code": "GB", "credit": "0.0000", "debit": "0.0800", "duration": 120}]),
        check: |r: Vec<types::AnalyticsCallsCountry>| {
            assert_eq!(r[0].country_code.as_deref(), Some("GB"));
        },
    }

    analytics_calls_outbound_destinations: "analytics/calls.outbound_destinations" {
        call: |c| c.analytics_calls().outbound_destinations("COUNT", FROM, TO, 5),
        params: json!(["COUNT", FROM, TO, 5]),
        result: json!([{"aloc": 60, "billing_label": "United Kingdom - Mobile", "count": 2, "credit": "0.0000", "debit": "0.0800", "duration": 120}]),
        check: |r: Vec<types::AnalyticsCallsDestination>| {
            assert_eq!(r[0].billing_label.as_deref(), Some("United Kingdom - Mobile"));
        },
    }

    // ------------------------------------------------------------ apps

    apps_assign_did: "apps.assign_did" {
        call: |c| c.apps().assign_did("A1B2C3D4", "D1D2D3D4"),
        params: json!(["A1B2C3D4", "D1D2D3D4"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    apps_create: "apps.create" {
        call: |c| c.apps().create(
            types::AppsCreateType::Calltracking10,
            "Campaign tracking",
            Some(typed_object(types::Calltracking10 {
                medias: Some(types::Calltracking10Medias { welcome: Some(1234), ..Default::default() }),
                options: Some(types::Calltracking10Options {
                    record_calls: Some(true),
                    feeds: Some(types::Calltracking10OptionsFeeds::Both),
                    locale: Some("fr-FR".into()),
                    ..Default::default()
                }),
                targets: vec![target("+33612345678", 30)],
                ..Default::default()
            })),
        ),
        params: json!([
            "CALLTRACKING10",
            "Campaign tracking",
            {
                "medias": {"welcome": 1234},
                "options": {"feeds": "both", "locale": "fr-FR", "record_calls": true},
                "targets": [{"number": "+33612345678", "timeout": 30}]
            }
        ]),
        result: app_json(),
        check: |r: types::App| {
            assert_eq!(r.hash.as_deref(), Some("A1B2C3D4"));
            let package = r.package.unwrap();
            assert_eq!(package.name, Some(types::AppPackageName::Calltracking10));
            assert_eq!(package.type_, Some(types::AppPackageType::Calltracking));
            // `p` is kept as JSON: the package name says which type it is.
            let p: types::Calltracking10 = serde_json::from_value(serde_json::Value::Object(r.p)).unwrap();
            assert_eq!(p.targets[0].number.as_deref(), Some("+33612345678"));
            assert_eq!(p.medias.unwrap().welcome, Some(1234));
        },
    }

    apps_delete: "apps.delete" {
        call: |c| c.apps().delete("A1B2C3D4"),
        params: json!(["A1B2C3D4"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    apps_edit: "apps.edit" {
        call: |c| c.apps().edit(
            "A1B2C3D4",
            Some("Campaign tracking (spring)".into()),
            object(json!({"targets": [{"number": "+33612345679", "timeout": 25}]})),
        ),
        params: json!([
            "A1B2C3D4",
            "Campaign tracking (spring)",
            {"targets": [{"number": "+33612345679", "timeout": 25}]}
        ]),
        result: app_json(),
        check: |r: types::App| {
            assert_eq!(r.name.as_deref(), Some("Campaign tracking"));
            assert_eq!(r.did[0].type_, Some(types::DidType2::Geographic));
        },
    }

    apps_get: "apps.get" {
        call: |c| c.apps().get("A1B2C3D4"),
        params: json!(["A1B2C3D4"]),
        result: app_json(),
        check: |r: types::App| {
            assert_eq!(r.date_creation.as_deref(), Some("2024-04-02 09:30:00"));
            assert_eq!(r.did[0].class, Some(types::DidClass::Classic));
            assert!(r.p.contains_key("targets"), "{:?}", r.p);
        },
    }

    apps_get_authorized_clis: "apps.get_authorized_clis" {
        call: |c| c.apps().get_authorized_clis(types::AppsGetAuthorizedClisType::Sms),
        params: json!(["SMS"]),
        result: json!([{"cli": "ACME", "comment": "Brand name", "label": "Acme"}]),
        check: |r: Vec<types::CustomerCli>| {
            assert_eq!(r, [types::CustomerCli { extra: Default::default(),
                cli: Some("ACME".into()),
                comment: Some("Brand name".into()),
                label: Some("Acme".into()),
            }]);
        },
    }

    apps_get_dids: "apps.get_dids" {
        call: |c| c.apps().get_dids(true),
        params: json!([true]),
        result: json!([{
            "class": "GOLD", "country_code": "FR", "hash": "D5D6D7D8",
            "intl_number": "+33975185678", "local_number": "0975185678",
            "local_number_f": "09 75 18 56 78", "type": "GEOGRAPHIC"
        }]),
        check: |r: Vec<types::Did>| {
            assert_eq!(r[0].class, Some(types::DidClass::Gold));
            assert_eq!(r[0].app, None);
        },
    }

    apps_get_list: "apps.get_list" {
        call: |c| c.apps().get_list(false),
        params: json!([false]),
        result: json!([app_json()]),
        check: |r: Vec<types::App>| { assert_eq!(r[0].name.as_deref(), Some("Campaign tracking")); },
    }

    apps_remove_did: "apps.remove_did" {
        call: |c| c.apps().remove_did("D1D2D3D4"),
        params: json!(["D1D2D3D4"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    apps_search: "apps.search" {
        call: |c| c.apps().search(
            types::AppSearchFilters { extra: Default::default(), name: Some("Campaign".into()) },
            types::SearchOptions { order: Some("name".into()), ..page(20, 10) },
        ),
        params: json!([{"name": "Campaign"}, {"offset": 20, "order": "name", "quantity": 10}]),
        result: results(json!([app_json()]), 21),
        check: |r: types::SearchResults| {
            assert_eq!(r.total, Some(21));
            assert_eq!(r.hits[0]["hash"], "A1B2C3D4");
        },
    }

    // ------------------------------------------------------------ billing

    billing_get_prepaid_credit: "billing.get_prepaid_credit" {
        call: |c| c.billing().get_prepaid_credit(),
        params: json!([]),
        result: json!("1523.42"),
        check: |r: String| { assert_eq!(r, "1523.42"); },
    }

    // ------------------------------------------------------------ calls

    calls_broadcast_1: "calls.broadcast_1" {
        call: |c| c.calls().broadcast_1(
            target("+33612345678", 30),
            vec![json!(1234), json!("TTS|TTS_EN-GB_SERENA|Your parcel arrives today")],
            Some(types::CallsBroadcast1Options {
                cli: Some("+33975181234".into()),
                loop_: Some(2),
                ..Default::default()
            }),
        ),
        params: json!([
            {"number": "+33612345678", "timeout": 30},
            [1234, "TTS|TTS_EN-GB_SERENA|Your parcel arrives today"],
            {"cli": "+33975181234", "loop": 2}
        ]),
        result: json!("B1R0ADCA"),
        check: |r: String| { assert_eq!(r, "B1R0ADCA"); },
    }

    calls_get_status_1: "calls.get_status_1" {
        call: |c| c.calls().get_status_1("B1R0ADCA"),
        params: json!(["B1R0ADCA"]),
        result: json!("DIALING"),
        check: |r: String| { assert_eq!(r, "DIALING"); },
    }

    calls_hangup: "calls.hangup" {
        call: |c| c.calls().hangup(1_234_567, Map::new()),
        params: json!([1_234_567, {}]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    calls_realtime: "calls.realtime" {
        call: |c| c.calls().realtime(
            "A1B2C3D4",
            target("+33612345678", 25),
            Some(types::Realtime10CallOptions { extra: Default::default(),
                cdr_field: Some("ticket-7".into()),
                cli: Some("BLOCKED".into()),
            }),
        ),
        params: json!([
            "A1B2C3D4",
            {"number": "+33612345678", "timeout": 25},
            {"cdr_field": "ticket-7", "cli": "BLOCKED"}
        ]),
        result: json!("RT000001"),
        check: |r: String| { assert_eq!(r, "RT000001"); },
    }

    calls_realtime_break: "calls.realtime_break" {
        call: |c| c.calls().realtime_break(),
        params: json!([]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, json!(true)); },
    }

    // ------------------------------------------------------------ cdr

    cdr_export_async: "cdr.export_async" {
        call: |c| c.cdr().export_async(
            types::CdrSearchFilters {
                type_: Some(types::CdrSearchFiltersType::Out),
                from: Some(FROM.into()),
                to: Some(TO.into()),
                ..Default::default()
            },
            None,
        ),
        params: json!([{"from": FROM, "to": TO, "type": "OUT"}, null]),
        result: json!("J0B0CDR1"),
        check: |r: String| { assert_eq!(r, "J0B0CDR1"); },
    }

    cdr_get: "cdr.get" {
        call: |c| c.cdr().get(types::CdrSearchFiltersType::In, FROM, TO, Some("A1B2C3D4".into()), None),
        params: json!(["IN", FROM, TO, "A1B2C3D4", null]),
        result: json!([{
            "answer": "2024-04-24 00:42:45", "billing_customer_cost_label": "France - Geographic",
            "billing_customer_credit_eur": "0.00", "billing_customer_debit_eur": "0.01",
            "callid": 1001, "cli_country_code": "FR", "cli_name": "MARTIN",
            "cli_number": "+33612345678", "cli_number_type": "MOBILE",
            "cli_pres": "allowed_passed_screen", "customer_field": "ticket-7",
            "did_hash": "D1D2D3D4", "did_intl_number": "+33975181234", "duration": 65,
            "duration_answered": 60, "duration_billed": 60, "hangup": "2024-04-24 00:43:45",
            "hangupcause": 16, "hangupsource": "CALLER", "package_name": "CALLTRACKING10",
            "scenario_hash": "A1B2C3D4", "scenario_name": "Campaign tracking",
            "start": "2024-04-24 00:42:40"
        }]),
        check: |r: Vec<serde_json::Map<String, serde_json::Value>>| {
            // Items are kept as JSON; `type` IN says they are inbound CDRs.
            let cdr: types::CdrIn = serde_json::from_value(serde_json::Value::Object(r[0].clone())).unwrap();
            assert_eq!(cdr.callid, Some(1001));
            assert_eq!(cdr.hangupsource, Some(types::CdrInHangupsource::Caller));
            assert_eq!(cdr.cli_pres, Some(types::CdrInCliPres::AllowedPassedScreen));
        },
    }

    // ------------------------------------------------------------ clicktocall/calls

    clicktocall_calls_cancel: "clicktocall/calls.cancel" {
        call: |c| c.clicktocall_calls().cancel("C2C00001"),
        params: json!(["C2C00001"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    clicktocall_calls_get_list: "clicktocall/calls.get_list" {
        call: |c| c.clicktocall_calls().get_list("A1B2C3D4", FROM, TO),
        params: json!(["A1B2C3D4", FROM, TO]),
        result: json!([click_to_call_json()]),
        check: |r: Vec<types::ClicktocallCall>| { assert_eq!(r[0].hash.as_deref(), Some("C2C00001")); },
    }

    clicktocall_calls_get_status: "clicktocall/calls.get_status" {
        call: |c| c.clicktocall_calls().get_status("C2C00001"),
        params: json!(["C2C00001"]),
        result: click_to_call_json(),
        check: |r: types::ClicktocallCall| {
            let a = r.a_status.unwrap();
            assert_eq!(a.status, Some(types::ClicktocallCallStatusStatus::Answer));
            assert_eq!(a.try_, Some(1));
            assert_eq!(
                r.b_status.unwrap().status,
                Some(types::ClicktocallCallStatusStatus::Dialing)
            );
            assert_eq!(r.b_targets[0].timeout, Some(20));
        },
    }

    clicktocall_calls_start_2: "clicktocall/calls.start_2" {
        call: |c| c.clicktocall_calls().start_2(
            "A1B2C3D4",
            vec![target("+33612345678", 30)],
            vec![target("+33123456789", 20), target("+33123456780", 20)],
            types::ClicktocallStartOptions { extra: Default::default(),
                cdr_field: Some("ticket-7".into()),
                cli: Some("+33975181234".into()),
                schedule: None,
            },
        ),
        params: json!([
            "A1B2C3D4",
            [{"number": "+33612345678", "timeout": 30}],
            [{"number": "+33123456789", "timeout": 20}, {"number": "+33123456780", "timeout": 20}],
            {"cdr_field": "ticket-7", "cli": "+33975181234"}
        ]),
        result: json!("C2C00001"),
        check: |r: String| { assert_eq!(r, "C2C00001"); },
    }

    // ------------------------------------------------------------ conference/10

    conference_10_assign_did: "conference/10.assign_did" {
        call: |c| c.conference_10().assign_did("R00M01", "D1D2D3D4"),
        params: json!(["R00M01", "D1D2D3D4"]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    conference_10_call_room_access: "conference/10.call_room_access" {
        call: |c| c.conference_10().call_room_access("ACC3550", "+33975181234", true),
        params: json!(["ACC3550", "+33975181234", true]),
        result: json!("CALL0001"),
        check: |r: Value| { assert_eq!(r, "CALL0001"); },
    }

    conference_10_create_room: "conference/10.create_room" {
        call: |c| c.conference_10().create_room(
            "Weekly sync",
            object(json!({"open": true, "record": false})),
            vec![object(json!({"pin": "1234", "is_admin": true}))],
        ),
        params: json!(["Weekly sync", {"open": true, "record": false}, [{"is_admin": true, "pin": "1234"}]]),
        result: json!({"id": "R00M01"}),
        check: |r: Value| { assert_eq!(r["id"], "R00M01"); },
    }

    // ------------------------------------------------------------ dialr/call

    dialr_call_realtime: "dialr/call.realtime" {
        call: |c| c.dialr_call().realtime("A1B2C3D4", target("+33612345678", 25), None),
        params: json!(["A1B2C3D4", {"number": "+33612345678", "timeout": 25}, null]),
        result: json!("RT000002"),
        check: |r: String| { assert_eq!(r, "RT000002"); },
    }

    // ------------------------------------------------------------ did

    did_search: "did.search" {
        call: |c| c.did().search(
            types::DidSearchFilters { extra: Default::default(),
                class: Some(types::DidClass::Classic),
                keywords: Some("0975".into()),
                type_: Some(types::DidAreaCodeType::NonGeographic),
                hash: None,
            },
            page(0, 100),
        ),
        params: json!([
            {"KEYWORDS": "0975", "class": "CLASSIC", "type": "NON-GEOGRAPHIC"},
            {"offset": 0, "quantity": 100}
        ]),
        result: results(json!([{"hash": "D1D2D3D4", "intl_number": "+33975181234"}]), 1),
        check: |r: types::SearchResults| { assert_eq!(r.hits[0]["hash"], "D1D2D3D4"); },
    }

    // ------------------------------------------------------------ did/areacode

    did_areacode_countries: "did/areacode.countries" {
        call: |c| c.did_areacode().countries(),
        params: json!([]),
        result: json!([{"available": {"CLASSIC": 120, "GOLD": 4}, "code": "FR", "label": "France"}]),
        check: |r: Vec<types::DidCountry>| {
            assert_eq!(r[0].code.as_deref(), Some("FR"));
            assert_eq!(r[0].available.as_ref().unwrap().gold, Some(4));
        },
    }

    did_areacode_get_list: "did/areacode.get_list" {
        call: |c| c.did_areacode().get_list("FR", Some(types::DidAreaCodeType::Geographic)),
        params: json!(["FR", "GEOGRAPHIC"]),
        result: json!([{
            "available": {"CLASSIC": 40, "GOLD": 1}, "country_code": "FR", "id": 69,
            "intl_prefix": "+331", "label": "Paris", "local_prefix": "01", "type": "GEOGRAPHIC"
        }]),
        check: |r: Vec<types::DidAreaCode>| {
            assert_eq!(r[0].id, Some(69));
            assert_eq!(r[0].type_, Some(types::DidAreaCodeType::Geographic));
        },
    }

    did_areacode_types: "did/areacode.types" {
        call: |c| c.did_areacode().types("FR"),
        params: json!(["FR"]),
        result: json!([{"available": {"CLASSIC": 12, "GOLD": 0}, "code": "SMS-ONLY", "label": "SMS only"}]),
        check: |r: Vec<types::DidType>| { assert_eq!(r[0].code, Some(types::DidTypeCode::SmsOnly)); },
    }

    // ------------------------------------------------------------ did/store

    did_store_buy_order: "did/store.buy_order" {
        call: |c| c.did_store().buy_order("T0K3N"),
        params: json!(["T0K3N"]),
        result: json!({
            "contract": {"billing_mode": "POSTPAID", "duration_month": 12, "end_date": "2025-04-24 00:00:00"},
            "cost": {"amount_per_month": "200.00", "amount_prepaid_debit": "0.00", "amount_unit": "200.00",
                     "discount_percent": 10, "quantity": 2, "quantity_paying": 2},
            "errors": [{"code": 1, "DID": {"hash": "D9D9D9D9"}, "message": "No longer available"}],
            "success": [{"hash": "D5D6D7D8", "intl_number": "+33975185678", "local_number": "09 75 18 56 78"}]
        }),
        check: |r: types::DidStoreBuyStatus| {
            assert_eq!(
                r.contract.unwrap().billing_mode,
                Some(types::DidStoreContractBillingMode::Postpaid)
            );
            assert_eq!(r.errors[0].did.as_ref().unwrap().hash.as_deref(), Some("D9D9D9D9"));
            assert_eq!(r.success[0].hash.as_deref(), Some("D5D6D7D8"));
        },
    }

    did_store_cancel_order: "did/store.cancel_order" {
        call: |c| c.did_store().cancel_order("T0K3N"),
        params: json!(["T0K3N"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    did_store_cancel_subscription: "did/store.cancel_subscription" {
        call: |c| c.did_store().cancel_subscription("D5D6D7D8"),
        params: json!(["D5D6D7D8"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    did_store_get_quota_status: "did/store.get_quota_status" {
        call: |c| c.did_store().get_quota_status(),
        params: json!([]),
        result: json!({
            "assigned_count": 3, "assigned_max": 50, "quota_current_count": 1,
            "quota_current_remaining": 9, "quota_max_over_period": 10, "quota_period_days": 30
        }),
        check: |r: types::DidStoreQuotaStatus| {
            assert_eq!((r.assigned_count, r.quota_period_days), (Some(3), Some(30)));
        },
    }

    did_store_get_quote: "did/store.get_quote" {
        call: |c| c.did_store().get_quote(69, types::DidClass::Gold, 2),
        params: json!([69, "GOLD", 2]),
        result: json!({"available": 1, "contract": {"billing_mode": "PREPAID", "duration_month": 1}, "cost": {"amount_unit": "2000.00", "quantity": 2}}),
        check: |r: types::DidStoreQuote| {
            assert_eq!(r.available, Some(1));
            assert_eq!(r.cost.unwrap().amount_unit.as_deref(), Some("2000.00"));
        },
    }

    did_store_reserve: "did/store.reserve" {
        call: |c| c.did_store().reserve(69, types::DidClass::Classic, 1, "RANDOM"),
        params: json!([69, "CLASSIC", 1, "RANDOM"]),
        result: reservation_json(),
        check: |r: types::DidStoreReservation| {
            assert_eq!(r.token.as_deref(), Some("T0K3N"));
            assert_eq!(r.items[0].intl_number.as_deref(), Some("+33975185678"));
        },
    }

    did_store_view_order: "did/store.view_order" {
        call: |c| c.did_store().view_order("T0K3N"),
        params: json!(["T0K3N"]),
        result: reservation_json(),
        check: |r: types::DidStoreReservation| {
            assert_eq!(r.expire.as_deref(), Some("2024-04-24 00:47:42"));
            assert_eq!(r.cost.unwrap().quantity, Some(1));
        },
    }

    // ------------------------------------------------------------ jobs

    jobs_cancel: "jobs.cancel" {
        call: |c| c.jobs().cancel("5A6B7C8D9E"),
        params: json!(["5A6B7C8D9E"]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    jobs_get: "jobs.get" {
        call: |c| c.jobs().get("5A6B7C8D9E"),
        params: json!(["5A6B7C8D9E"]),
        result: json!({
            "done_at": "2024-04-24 00:43:00", "id": "5A6B7C8D9E", "percent": "100",
            "result": {"filename": "import_5A6B.wav"}, "status": "DONE"
        }),
        check: |r: types::Job| {
            assert_eq!(r.status.as_deref(), Some("DONE"));
            assert_eq!(r.result["filename"], "import_5A6B.wav");
            assert!(r.error.is_empty());
        },
    }

    // ------------------------------------------------------------ list

    list_countries: "list.countries" {
        call: |c| c.list().countries(),
        params: json!([]),
        result: json!({"FR": {
            "capital_code": "PAR", "continent_code": "EU", "country_code": "FR",
            "country_dialcode": "33", "country_en_label": "France", "country_fr_label": "France",
            "country_label": "France", "country_languages": "fr-FR", "country_latitude": "46.0",
            "country_localcode": "0", "country_longitude": "2.0", "country_neighbours": "BE,CH,DE",
            "country_number_length": "9", "country_tld": ".fr", "currency_code": "EUR"
        }}),
        check: |r: BTreeMap<String, types::Country>| {
            assert_eq!(r["FR"].country_dialcode.as_deref(), Some("33"));
        },
    }

    list_destinations: "list.destinations" {
        call: |c| c.list().destinations(),
        params: json!([]),
        result: json!([{"id": 1, "label": "France - Mobile"}]),
        check: |r: Value| { assert_eq!(r[0]["label"], "France - Mobile"); },
    }

    list_number_infos: "list.number_infos" {
        call: |c| c.list().number_infos("+33612345678"),
        params: json!(["+33612345678"]),
        result: json!({
            "country_code": "FR", "intl_code": "33", "intl_number": "+33612345678", "is_valid": true,
            "local_number": "06 12 34 56 78", "local_prefix": "0", "location": "France", "type": "MOBILE"
        }),
        check: |r: types::NumberInfos| {
            assert_eq!(r.is_valid, Some(true));
            assert_eq!(r.type_.as_deref(), Some("MOBILE"));
        },
    }

    list_timezones: "list.timezones" {
        call: |c| c.list().timezones(),
        params: json!([]),
        result: json!({"101": {
            "country_codes": ["FR", "MC"], "dst": "1", "iana": "Europe/Paris",
            "iana_names": ["Europe/Paris"], "id": 101, "label": "(UTC+01:00) Paris"
        }}),
        check: |r: BTreeMap<String, types::Timezone>| {
            assert_eq!(r["101"].iana.as_deref(), Some("Europe/Paris"));
            assert_eq!(r["101"].country_codes, ["FR", "MC"]);
        },
    }

    // ------------------------------------------------------------ media

    media_import_file_from_base64_async: "media.import_file_from_base64_async" {
        call: |c| c.media().import_file_from_base64_async(
            "UklGRiQAAABXQVZFZm10IBAAAAABAAEA",
            Some("https://hooks.acme.example/callr/import".into()),
        ),
        params: json!(["UklGRiQAAABXQVZFZm10IBAAAAABAAEA", "https://hooks.acme.example/callr/import"]),
        result: json!("5A6B7C8D9E"),
        check: |r: String| { assert_eq!(r, "5A6B7C8D9E"); },
    }

    media_email_get_templates: "media/email.get_templates" {
        call: |c| c.media_email().get_templates(types::MediaEmailTemplateType::Vms),
        params: json!(["VMS"]),
        result: json!({"E1M2A3I4": {"hash": "E1M2A3I4", "name": "Voicemail (fr)", "type": "VMS"}}),
        check: |r: BTreeMap<String, types::MediaEmailTemplate>| {
            assert_eq!(r["E1M2A3I4"].type_, Some(types::MediaEmailTemplateType::Vms));
        },
    }

    // ------------------------------------------------------------ media/library

    media_library_create: "media/library.create" {
        call: |c| c.media_library().create("Welcome message"),
        params: json!(["Welcome message"]),
        result: json!(1234),
        check: |r: i64| { assert_eq!(r, 1234); },
    }

    media_library_delete: "media/library.delete" {
        call: |c| c.media_library().delete(1234),
        params: json!([1234]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    media_library_get: "media/library.get" {
        call: |c| c.media_library().get(1234),
        params: json!([1234]),
        result: media_json(1234),
        check: |r: types::MediaLibrary| {
            assert_eq!(r.status, Some(types::MediaLibraryStatus::Ready));
            assert_eq!(r.voice, Some(types::MediaLibraryVoice::TtsFrFrAudrey));
            assert_eq!(r.category, ["WELCOME"]);
            assert_eq!(r.tags["CATEGORY"], json!(["WELCOME"]));
        },
    }

    media_library_get_list: "media/library.get_list" {
        call: |c| c.media_library().get_list(None),
        params: json!([null]),
        result: json!({"1234": media_json(1234), "1235": media_json(1235)}),
        check: |r: BTreeMap<String, types::MediaLibrary>| {
            assert_eq!(r.len(), 2);
            assert_eq!(r["1235"].id, Some(1235));
        },
    }

    media_library_get_phone_id: "media/library.get_phone_id" {
        call: |c| c.media_library().get_phone_id(1234, "FR"),
        params: json!([1234, "FR"]),
        result: json!({"code": "4821", "number": "+33975180000"}),
        check: |r: types::MediaPhoneId| {
            assert_eq!(r, types::MediaPhoneId { extra: Default::default(),
                code: Some("4821".into()),
                number: Some("+33975180000".into()),
            });
        },
    }

    media_library_overview: "media/library.overview" {
        call: |c| c.media_library().overview(),
        params: json!([]),
        result: json!({"count": {"ERROR": 1, "PROCESSING": 0, "READY": 12}, "ready": {"count": 12, "size": 482_113}}),
        check: |r: types::MediaLibraryOverview| {
            assert_eq!(r.count.unwrap().ready, Some(12));
            assert_eq!(r.ready.unwrap().size, Some(482_113));
        },
    }

    media_library_search: "media/library.search" {
        call: |c| c.media_library().search(
            types::MediaSearchFilters::builder()
                .category(types::MediaSearchFiltersCategory::Welcome)
                .language(strings(&["fr-FR"]))
                .status(types::MediaLibraryStatus::Ready)
                .try_into()
                .unwrap(),
            page(0, 20),
        ),
        params: json!([
            {"category": "WELCOME", "language": ["fr-FR"], "status": "READY"},
            {"offset": 0, "quantity": 20}
        ]),
        result: results(json!([media_json(1234)]), 1),
        check: |r: types::SearchResults| { assert_eq!(r.hits[0]["id"], 1234); },
    }

    media_library_set_content: "media/library.set_content" {
        call: |c| c.media_library().set_content(1234, "Welcome to Acme", "UklGRiQAAABXQVZFZm10IBAAAAABAAEA"),
        params: json!([1234, "Welcome to Acme", "UklGRiQAAABXQVZFZm10IBAAAAABAAEA"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    media_library_set_content_from_file: "media/library.set_content_from_file" {
        call: |c| c.media_library().set_content_from_file(1234, "import_5A6B.wav"),
        params: json!([1234, "import_5A6B.wav"]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    media_library_set_content_from_recording: "media/library.set_content_from_recording" {
        call: |c| c.media_library().set_content_from_recording(1234, "/rt/recordings/1001.wav"),
        params: json!([1234, "/rt/recordings/1001.wav"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    media_library_set_name: "media/library.set_name" {
        call: |c| c.media_library().set_name(1234, "Welcome message (v2)"),
        params: json!([1234, "Welcome message (v2)"]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    media_library_set_tags: "media/library.set_tags" {
        call: |c| c.media_library().set_tags(
            1234,
            BTreeMap::from([
                ("CATEGORY".to_string(), strings(&["WELCOME"])),
                ("LANGUAGE".to_string(), strings(&["fr-FR", "en-GB"])),
            ]),
        ),
        params: json!([1234, {"CATEGORY": ["WELCOME"], "LANGUAGE": ["fr-FR", "en-GB"]}]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    // ------------------------------------------------------------ media/tts

    media_tts_get_voice_list: "media/tts.get_voice_list" {
        call: |c| c.media_tts().get_voice_list(),
        params: json!([]),
        result: json!({"TTS_FR-FR_AUDREY": "Audrey (fr-FR)", "TTS_EN-GB_SERENA": "Serena (en-GB)"}),
        check: |r: Value| { assert_eq!(r["TTS_FR-FR_AUDREY"], "Audrey (fr-FR)"); },
    }

    media_tts_set_content: "media/tts.set_content" {
        call: |c| c.media_tts().set_content(
            1234,
            "Bienvenue chez Acme",
            "TTS_FR-FR_AUDREY",
            Some(types::MediaTtsOptions { extra: Default::default(), rate: Some(50) }),
        ),
        params: json!([1234, "Bienvenue chez Acme", "TTS_FR-FR_AUDREY", {"rate": 50}]),
        result: json!(true),
        check: |r: bool| { assert!(r); },
    }

    // ------------------------------------------------------------ sendr/10/addressbook

    sendr_10_addressbook_append_file_async: "sendr/10/addressbook.append_file_async" {
        call: |c| c.sendr_10_addressbook().append_file_async("AB000001", "import_5A6B.csv", 2, "FR", None),
        params: json!(["AB000001", "import_5A6B.csv", 2, "FR", null]),
        result: json!("5A6B7C8DA0"),
        check: |r: Value| { assert_eq!(r, "5A6B7C8DA0"); },
    }

    sendr_10_addressbook_create: "sendr/10/addressbook.create" {
        call: |c| c.sendr_10_addressbook().create("Customers", "Customers who opted in"),
        params: json!(["Customers", "Customers who opted in"]),
        result: json!({"hash": "AB000001"}),
        check: |r: Value| { assert_eq!(r["hash"], "AB000001"); },
    }

    sendr_10_addressbook_delete: "sendr/10/addressbook.delete" {
        call: |c| c.sendr_10_addressbook().delete("AB000001"),
        params: json!(["AB000001"]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    sendr_10_addressbook_search: "sendr/10/addressbook.search" {
        call: |c| c.sendr_10_addressbook().search(None, Some(page(0, 10))),
        params: json!([null, {"offset": 0, "quantity": 10}]),
        result: results(json!([{"hash": "AB000001", "name": "Customers"}]), 1),
        check: |r: Value| { assert_eq!(r["hits"][0]["name"], "Customers"); },
    }

    // ------------------------------------------------------------ sendr/10/campaign

    sendr_10_campaign_check: "sendr/10/campaign.check" {
        call: |c| c.sendr_10_campaign().check(object(json!({"name": "Spring sale", "type": "VOICE_IVR"}))),
        params: json!([{"name": "Spring sale", "type": "VOICE_IVR"}]),
        result: json!({"errors": []}),
        check: |r: Value| { assert_eq!(r["errors"], json!([])); },
    }

    sendr_10_campaign_delete: "sendr/10/campaign.delete" {
        call: |c| c.sendr_10_campaign().delete("CA000001"),
        params: json!(["CA000001"]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    sendr_10_campaign_get: "sendr/10/campaign.get" {
        call: |c| c.sendr_10_campaign().get("CA000001"),
        params: json!(["CA000001"]),
        result: json!({"id": "CA000001", "name": "Spring sale", "status": "PAUSED"}),
        check: |r: Value| { assert_eq!(r["status"], "PAUSED"); },
    }

    sendr_10_campaign_get_object_template: "sendr/10/campaign.get_object_template" {
        call: |c| c.sendr_10_campaign().get_object_template("VOICE_IVR"),
        params: json!(["VOICE_IVR"]),
        result: json!({"type": "VOICE_IVR", "name": null}),
        check: |r: Value| { assert_eq!(r["type"], "VOICE_IVR"); },
    }

    sendr_10_campaign_get_voice_ivr_action_objects_templates: "sendr/10/campaign.get_voice_ivr_action_objects_templates" {
        call: |c| c.sendr_10_campaign().get_voice_ivr_action_objects_templates(),
        params: json!([]),
        result: json!({"PLAY": {"media_id": null}}),
        check: |r: Value| { assert!(r["PLAY"].is_object()); },
    }

    sendr_10_campaign_pause: "sendr/10/campaign.pause" {
        call: |c| c.sendr_10_campaign().pause("CA000001"),
        params: json!(["CA000001"]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    sendr_10_campaign_save: "sendr/10/campaign.save" {
        call: |c| c.sendr_10_campaign().save(object(json!({"name": "Spring sale", "type": "VOICE_IVR"}))),
        params: json!([{"name": "Spring sale", "type": "VOICE_IVR"}]),
        result: json!("CA000001"),
        check: |r: Value| { assert_eq!(r, "CA000001"); },
    }

    sendr_10_campaign_search: "sendr/10/campaign.search" {
        call: |c| c.sendr_10_campaign().search(Some(object(json!({"status": "RUNNING"}))), None),
        params: json!([{"status": "RUNNING"}, null]),
        result: results(json!([]), 0),
        check: |r: Value| { assert_eq!(r["total"], 0); },
    }

    sendr_10_campaign_start: "sendr/10/campaign.start" {
        call: |c| c.sendr_10_campaign().start("CA000001"),
        params: json!(["CA000001"]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    sendr_10_campaign_stop: "sendr/10/campaign.stop" {
        call: |c| c.sendr_10_campaign().stop("CA000001"),
        params: json!(["CA000001"]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    // ------------------------------------------------------------ sendr/simple

    sendr_simple_broadcast_1: "sendr/simple.broadcast_1" {
        call: |c| c.sendr_simple().broadcast_1(
            target("+33612345678", 30),
            vec![json!(1234)],
            Some(object(json!({"cdr_field": "ticket-7"}))),
        ),
        params: json!([{"number": "+33612345678", "timeout": 30}, [1234], {"cdr_field": "ticket-7"}]),
        result: json!("B1R0ADCB"),
        check: |r: String| { assert_eq!(r, "B1R0ADCB"); },
    }

    // ------------------------------------------------------------ session

    session_all: "session.all" {
        call: |c| c.session().all(),
        params: json!([]),
        result: json!([session_json("S3SS10N1"), session_json("S3SS10N2")]),
        check: |r: Vec<types::AuthenticationSession>| {
            assert_eq!(r.len(), 2);
            assert_eq!(r[1].token.as_deref(), Some("S3SS10N2"));
        },
    }

    session_create: "session.create" {
        call: |c| c.session().create(),
        params: json!([]),
        result: session_json("S3SS10N1"),
        check: |r: types::AuthenticationSession| {
            assert_eq!(r.token.as_deref(), Some("S3SS10N1"));
            assert_eq!(r.refresh_token.as_deref(), Some("R3FR35H"));
        },
    }

    session_delete: "session.delete" {
        call: |c| c.session().delete(),
        params: json!([]),
        result: Value::Null,
        check: |r: Value| { assert_eq!(r, Value::Null); },
    }

    session_flush: "session.flush" {
        call: |c| c.session().flush(),
        params: json!([]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    session_refresh: "session.refresh" {
        call: |c| c.session().refresh("R3FR35H"),
        params: json!(["R3FR35H"]),
        result: session_json("S3SS10N3"),
        check: |r: types::AuthenticationSession| { assert_eq!(r.token.as_deref(), Some("S3SS10N3")); },
    }

    session_status: "session.status" {
        call: |c| c.session().status(),
        params: json!([]),
        result: session_json("S3SS10N1"),
        check: |r: types::AuthenticationSession| {
            assert_eq!(r.valid_until.as_deref(), Some("2024-04-25 00:42:42"));
        },
    }

    // ------------------------------------------------------------ sms

    sms_export_async: "sms.export_async" {
        call: |c| c.sms().export_async(
            Some(types::SmsSearchFilters {
                created_at_from: Some(FROM.into()),
                created_at_to: Some(TO.into()),
                type_: Some(types::SmsType::Out),
                status: Some(types::SmsStatus::RemoteQueued),
                ..Default::default()
            }),
            Some(types::Webhook {
                endpoint: Some("https://hooks.acme.example/callr/export".into()),
                options: Some(types::WebhookOptions { extra: Default::default(),
                    hmac_algo: Some(types::WebhookOptionsHmacAlgo::Sha256),
                    hmac_secret: Some("whsec-example".into()),
                    format: None,
                }),
                ..Default::default()
            }),
        ),
        params: json!([
            {"created_at_from": FROM, "created_at_to": TO, "status": "REMOTE_QUEUED", "type": "OUT"},
            {
                "endpoint": "https://hooks.acme.example/callr/export",
                "options": {"hmac_algo": "SHA256", "hmac_secret": "whsec-example"}
            }
        ]),
        result: json!("5A6B7C8DA1"),
        check: |r: String| { assert_eq!(r, "5A6B7C8DA1"); },
    }

    sms_get: "sms.get" {
        call: |c| c.sms().get("8242D945"),
        params: json!(["8242D945"]),
        result: sms_json(),
        check: |r: types::Sms| {
            assert_eq!(r.status, Some(types::SmsStatus::Sent));
            assert_eq!(r.type_, Some(types::SmsType::Out));
            assert_eq!(r.encoding, Some(types::SmsEncoding::Gsm));
            assert_eq!(r.b_customer_mode, Some(types::SmsBCustomerMode::Prepaid));
            assert_eq!(r.parts, Some(1));
        },
    }

    sms_get_count_for_body: "sms.get_count_for_body" {
        call: |c| c.sms().get_count_for_body("Hello, world"),
        params: json!(["Hello, world"]),
        result: json!(1),
        check: |r: Value| { assert_eq!(r, 1); },
    }

    sms_get_gsm_charset_mapping: "sms.get_gsm_charset_mapping" {
        call: |c| c.sms().get_gsm_charset_mapping(),
        params: json!([]),
        result: json!({"charset": "@£$¥", "mapping": {"é": "e"}}),
        check: |r: Value| { assert_eq!(r["mapping"]["é"], "e"); },
    }

    sms_get_list: "sms.get_list" {
        call: |c| c.sms().get_list(types::SmsType::Out, FROM, TO),
        params: json!(["OUT", FROM, TO]),
        result: json!([sms_json()]),
        check: |r: Vec<types::Sms>| { assert_eq!(r[0].hash.as_deref(), Some("8242D945")); },
    }

    sms_get_quote: "sms.get_quote" {
        call: |c| c.sms().get_quote(),
        params: json!([]),
        result: json!({"amount": "0.0650", "count": 1, "currency": "EUR", "encoding": "GSM", "length": 12}),
        check: |r: types::SmsQuote| {
            assert_eq!(r.currency, Some(types::SmsQuoteCurrency::Eur));
            assert_eq!(r.encoding, Some(types::SmsEncoding::Gsm));
        },
    }

    sms_get_settings: "sms.get_settings" {
        call: |c| c.sms().get_settings(),
        params: json!([]),
        result: json!({"push_dlr_enabled": true, "push_dlr_url": "https://hooks.acme.example/dlr"}),
        check: |r: Map<String, Value>| { assert_eq!(r["push_dlr_enabled"], true); },
    }

    sms_search: "sms.search" {
        call: |c| c.sms().search(
            types::SmsSearchFilters {
                to: Some("+33612345678".into()),
                nature: Some(types::SmsNature::Alerting),
                ..Default::default()
            },
            types::SearchOptions { order: Some("-created_at".into()), ..page(0, 25) },
        ),
        params: json!([
            {"nature": "ALERTING", "to": "+33612345678"},
            {"offset": 0, "order": "-created_at", "quantity": 25}
        ]),
        result: results(json!([sms_json()]), 1),
        check: |r: types::SearchResults| {
            let hit: types::Sms = serde_json::from_value(r.hits[0].clone()).unwrap();
            assert_eq!(hit.user_data.as_deref(), Some("order-42"));
        },
    }

    // The example of CALLR's JSON-RPC page, byte for byte.
    sms_send: "sms.send" {
        call: |c| c.sms().send("SMS", "+33612345678", "Hello, world", None),
        params: json!(["SMS", "+33612345678", "Hello, world", null]),
        result: json!("8242D945"),
        check: |r: String| { assert_eq!(r, "8242D945"); },
    }

    sms_set_settings: "sms.set_settings" {
        call: |c| c.sms().set_settings(object(json!({"push_mo_enabled": true, "push_mo_url": "https://hooks.acme.example/mo"}))),
        params: json!([{"push_mo_enabled": true, "push_mo_url": "https://hooks.acme.example/mo"}]),
        result: json!(true),
        check: |r: Value| { assert_eq!(r, true); },
    }

    // ------------------------------------------------------------ system

    system_get_timestamp: "system.get_timestamp" {
        call: |c| c.system().get_timestamp(),
        params: json!([]),
        result: json!(1_713_919_362),
        check: |r: i64| { assert_eq!(r, 1_713_919_362); },
    }

    // ------------------------------------------------------------ webhooks

    webhooks_get_event_types: "webhooks.get_event_types" {
        call: |c| c.webhooks().get_event_types(),
        params: json!([]),
        result: json!(["sms.mo", "sms.mt.status_update", "call.inbound_start"]),
        check: |r: Vec<String>| { assert_eq!(r, ["sms.mo", "sms.mt.status_update", "call.inbound_start"]); },
    }

    webhooks_subscribe: "webhooks.subscribe" {
        call: |c| c.webhooks().subscribe(
            "sms.mt.status_update",
            "https://hooks.acme.example/callr/sms",
            Some(
                types::WebhookOptions::builder()
                    .hmac_algo(types::WebhookOptionsHmacAlgo::Sha256)
                    .hmac_secret("whsec-example".to_string())
                    .try_into()
                    .unwrap(),
            ),
        ),
        params: json!([
            "sms.mt.status_update",
            "https://hooks.acme.example/callr/sms",
            {"hmac_algo": "SHA256", "hmac_secret": "whsec-example"}
        ]),
        result: json!({
            "created_at": "2024-04-24 00:42:42.123", "endpoint": "https://hooks.acme.example/callr/sms",
            "hash": "H00K0001", "options": {"format": "JSON", "hmac_algo": "SHA256"},
            "status": "ENABLED", "type": "sms.mt.status_update", "updated_at": "2024-04-24 00:42:42.123"
        }),
        check: |r: types::Webhook| {
            assert_eq!(r.status, Some(types::WebhookStatus::Enabled));
            assert_eq!(r.type_.as_deref(), Some("sms.mt.status_update"));
            assert_eq!(
                r.options.unwrap().hmac_algo,
                Some(types::WebhookOptionsHmacAlgo::Sha256)
            );
        },
    }
}

/// The table above calls every method of the spec, each exactly once.
#[test]
fn every_method_of_the_spec_is_called_once() {
    let spec = crate::samples::spec();
    let in_spec: BTreeSet<&str> = spec["methods"]
        .as_array()
        .expect("methods")
        .iter()
        .map(|m| m["name"].as_str().expect("method name"))
        .collect();
    let covered: BTreeSet<&str> = COVERED.iter().copied().collect();
    assert_eq!(covered.len(), COVERED.len(), "a method is called twice");
    assert_eq!(covered, in_spec);
    assert_eq!(COVERED.len(), 110);
}

/// The optional trailing `options` of `sms.send` given: the object goes in
/// fourth position, with only the fields that were set.
#[tokio::test]
async fn sms_send_with_options() {
    let server = serve_result(json!("8242D946")).await;
    let options = types::SmsOptions::builder()
        .nature(types::SmsNature::Marketing)
        .force_encoding(types::SmsEncoding::Unicode)
        .user_data("order-43".to_string())
        .webhook(types::Webhook {
            endpoint: Some("https://hooks.acme.example/callr/sms".into()),
            ..Default::default()
        });
    let hash = client(&server)
        .sms()
        .send(
            "ACME",
            "+447890123456",
            "Soldes : -20 % 🎉",
            Some(options.try_into().unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(hash, "8242D946");
    check_request(
        &server,
        "sms_send_with_options",
        "sms.send",
        json!([
            "ACME",
            "+447890123456",
            "Soldes : -20 % 🎉",
            {
                "force_encoding": "UNICODE",
                "nature": "MARKETING",
                "user_data": "order-43",
                "webhook": {"endpoint": "https://hooks.acme.example/callr/sms"}
            }
        ]),
    );
}

/// Every call gets a fresh integer `id`, and the base URL may be given
/// with or without its trailing slash: requests go to `…/v1.1/` either way.
#[tokio::test]
async fn ids_are_fresh_and_the_trailing_slash_is_kept() {
    let server = serve_result(json!(1_713_919_362)).await;
    let with_slash = callr::Client::builder(callr::Auth::api_key(KEY))
        .base_url(format!("{}/", crate::support::base_url(&server)))
        .build()
        .unwrap();
    assert_eq!(with_slash.base_url(), crate::support::base_url(&server));
    let without = client(&server);
    with_slash.system().get_timestamp().await.unwrap();
    without.system().get_timestamp().await.unwrap();
    without.system().get_timestamp().await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let mut ids = BTreeSet::new();
    for request in &requests {
        assert_eq!(request.target, format!("{PATH}/"));
        let id = body(request)["id"].as_u64().expect("an integer id");
        assert!(ids.insert(id), "id {id} sent twice");
    }
}

/// The production endpoint is CALLR's, and a client built with
/// `Client::new` points at it.
#[test]
fn the_default_endpoint_is_callrs() {
    assert_eq!(callr::BASE_URL, "https://api.callr.com/json-rpc/v1.1");
    let client = callr::Client::new(callr::Auth::api_key(KEY)).unwrap();
    assert_eq!(client.base_url(), callr::BASE_URL);
    // The spec's server, with its trailing slash, is where requests go.
    let spec = crate::samples::spec();
    assert_eq!(
        spec["servers"][0]["url"],
        format!("{}/", callr::BASE_URL).as_str()
    );
}

/// A typed value as the JSON object a loose union parameter takes.
fn typed_object<T: serde::Serialize>(value: T) -> Map<String, Value> {
    object(serde_json::to_value(value).unwrap())
}

/// The optional parameters the official SDKs send as `null` when they are
/// not used: left out here (`None`), each goes out as `null` in its place,
/// and the method still decodes its result. The calls above set them.
#[tokio::test]
async fn optional_parameters_left_out_are_sent_as_null() {
    let server = serve_result(json!(true)).await;
    let done = client(&server)
        .media_tts()
        .set_content(1234, "Bienvenue chez Acme", "TTS_FR-FR_AUDREY", None)
        .await
        .unwrap();
    assert!(done);
    check_request(
        &server,
        "media_tts_set_content_without_options",
        "media/tts.set_content",
        json!([1234, "Bienvenue chez Acme", "TTS_FR-FR_AUDREY", null]),
    );

    let server = serve_result(json!("B1R0ADCB")).await;
    let id = client(&server)
        .sendr_simple()
        .broadcast_1(target("+33612345678", 30), vec![json!(1234)], None)
        .await
        .unwrap();
    assert_eq!(id, "B1R0ADCB");
    check_request(
        &server,
        "sendr_simple_broadcast_1_without_options",
        "sendr/simple.broadcast_1",
        json!([{"number": "+33612345678", "timeout": 30}, [1234], null]),
    );

    // `apps.edit` keeps the name when it is null; the parameters that
    // follow it are still sent.
    let server = serve_result(app_json()).await;
    let app = client(&server)
        .apps()
        .edit(
            "A1B2C3D4",
            None,
            object(json!({"options": {"record_calls": false}})),
        )
        .await
        .unwrap();
    assert_eq!(app.hash.as_deref(), Some("A1B2C3D4"));
    check_request(
        &server,
        "apps_edit_keeping_the_name",
        "apps.edit",
        json!(["A1B2C3D4", null, {"options": {"record_calls": false}}]),
    );
}
