//! Each of the 37 operations once against the recording server, with the
//! documented response sample, and a snapshot of the request exactly as
//! sent (credentials redacted). The wire formats Skyetel documents are
//! also checked on the raw query string or body, so that a change of
//! encoding fails here even if someone accepts the new snapshots.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use futures_util::TryStreamExt as _;
use serde_json::Value;
use skyetel::{FilePart, types};

use crate::samples::key_paths;
use crate::support::{
    Recorded, Render, Response, SECRET, SID, TestServer, base_url, brackets, client, data,
};

/// The one request the server got: sent with the real credentials, and
/// matching snapshot `name`.
fn check(server: &TestServer, name: &str) -> Recorded {
    let request = server.single_request();
    assert_eq!(request.header("x-auth-sid"), Some(SID));
    assert_eq!(request.header("x-auth-secret"), Some(SECRET));
    insta::assert_snapshot!(name, request.render());
    request
}

/// A server answering every request with the sample `name`.
async fn serve(name: &str) -> TestServer {
    TestServer::respond(Response::json(200, data(name))).await
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn time(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

/// The form body as sorted, decoded `key=value` lines.
fn form_lines(request: &Recorded) -> Vec<String> {
    let mut lines: Vec<_> = request
        .form_pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    lines.sort();
    lines
}

fn assert_form(request: &Recorded) {
    assert_eq!(
        request.media_type().as_deref(),
        Some("application/x-www-form-urlencoded"),
        "{}",
        request.render()
    );
}

// ---------------------------------------------------------------- lists

#[tokio::test]
async fn list_audio_recordings() {
    let server = serve("audio_recordings.json").await;
    let recordings = client(&server)
        .list_audio_recordings()
        .page_limit(100)
        .page_offset(0)
        .filter_query("123")
        .sort(strings(&["-start_time"]))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(recordings.len(), 1);
    assert_eq!(recordings[0].audio_file.as_deref(), Some("string"));
    let request = check(&server, "list_audio_recordings");
    // The documented examples, on the raw query string.
    let raw = brackets(request.raw_query());
    assert!(raw.contains("page[limit]=100&page[offset]=0"), "{raw}");
    assert!(raw.contains("filter[query]=123"), "{raw}");
}

#[tokio::test]
async fn list_audio_transcriptions() {
    let server = serve("audio_transcriptions.json").await;
    let transcriptions = client(&server)
        .list_audio_transcriptions()
        .filter(map(&[
            ("src_route", "15098675309"),
            ("dst_route", "1509555"),
        ]))
        .sort(strings(&["-id"]))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        transcriptions[0].transcription_file.as_deref(),
        Some("string")
    );
    let request = check(&server, "list_audio_transcriptions");
    let raw = brackets(request.raw_query());
    assert!(raw.contains("filter[src_route]=15098675309"), "{raw}");
    assert!(raw.contains("filter[dst_route]=1509555"), "{raw}");
    // No paging parameters unless asked for.
    assert!(!raw.contains("page["), "{raw}");
}

#[tokio::test]
async fn list_endpoints() {
    let server = serve("endpoints.json").await;
    let endpoints = client(&server)
        .list_endpoints()
        .page_limit(100)
        .page_offset(0)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(endpoints[0].transport, Some(types::Transport::Udp));
    assert_eq!(
        endpoints[0]
            .endpoint_group
            .as_ref()
            .unwrap()
            .name
            .as_deref(),
        Some("string")
    );
    let request = check(&server, "list_endpoints");
    assert_eq!(
        brackets(request.raw_query()),
        "page[limit]=100&page[offset]=0"
    );
}

#[tokio::test]
async fn list_phonenumbers() {
    let server = serve("phonenumbers.json").await;
    let numbers = client(&server)
        .list_phonenumbers()
        .page_limit(100)
        .page_offset(0)
        .filter_query("123")
        .filter(map(&[("number", "1509"), ("note", "A&B c")]))
        .sort(strings(&["number", "-id"]))
        .include(strings(&["message_destination", "conference_codes"]))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(numbers.len(), 1);
    assert_eq!(numbers[0].tn_format, Some(types::TnFormat::ElevenDigits));
    assert_eq!(numbers[0].tier_enabled, Some(types::TierEnabled::Domestic));
    let request = check(&server, "list_phonenumbers");

    let raw = request.raw_query();
    let decoded = brackets(raw);
    assert!(decoded.contains("page[limit]=100&page[offset]=0"), "{raw}");
    assert!(decoded.contains("filter[query]=123"), "{raw}");
    // Any field name, and a value that needs escaping.
    assert!(decoded.contains("filter[number]=1509"), "{raw}");
    assert!(decoded.contains("filter[note]=A%26B+c"), "{raw}");
    assert_eq!(request.query("filter[note]").as_deref(), Some("A&B c"));
    // `sort` and `include` are one comma list each, one key each.
    assert!(
        raw.contains("sort=number,-id") || raw.contains("sort=number%2C-id"),
        "{raw}"
    );
    assert_eq!(request.query_all("sort"), ["number,-id"]);
    assert!(
        raw.contains("include=message_destination,conference_codes")
            || raw.contains("include=message_destination%2Cconference_codes"),
        "{raw}"
    );
    assert_eq!(
        request.query_all("include"),
        ["message_destination,conference_codes"]
    );
}

#[tokio::test]
async fn list_sms_receipts() {
    let server = serve("sms_receipts.json").await;
    let receipts = client(&server)
        .list_sms_receipts()
        .filter(map(&[
            ("delivery_state", "DELIVERED"),
            ("to_phonenumber", "15098675309"),
        ]))
        .sort(strings(&["-time"]))
        .page_limit(25)
        .page_offset(50)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(receipts[0].segment_count, Some(0));
    let request = check(&server, "list_sms_receipts");
    let raw = brackets(request.raw_query());
    assert!(raw.contains("filter[delivery_state]=DELIVERED"), "{raw}");
    assert!(raw.contains("filter[to_phonenumber]=15098675309"), "{raw}");
    assert!(raw.contains("page[limit]=25&page[offset]=50"), "{raw}");
}

#[tokio::test]
async fn list_endpoint_health() {
    let server = serve("iphealth.json").await;
    let health = client(&server)
        .list_endpoint_health()
        .page_limit(10)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(health[0].channel_threshold, Some(0));
    let request = check(&server, "list_endpoint_health");
    assert_eq!(brackets(request.raw_query()), "page[limit]=10");
}

#[tokio::test]
async fn list_tenants() {
    let server = serve("tenants.json").await;
    let tenants = client(&server)
        .list_tenants()
        .filter_query("acme")
        .sort(strings(&["name", "-date_added"]))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(tenants[0].country, Some(types::Country::Us));
    let request = check(&server, "list_tenants");
    assert_eq!(request.query_all("sort"), ["name,-date_added"]);
}

#[tokio::test]
async fn list_vfaxes() {
    let server = serve("vfaxes.json").await;
    let faxes = client(&server)
        .list_vfaxes()
        .filter(map(&[("fax_status", "SUCCESS")]))
        .sort(strings(&["-insert_time"]))
        .page_limit(100)
        .page_offset(200)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(faxes[0].fax_status.as_deref(), Some("SUCCESS"));
    let request = check(&server, "list_vfaxes");
    let raw = brackets(request.raw_query());
    assert!(raw.contains("filter[fax_status]=SUCCESS"), "{raw}");
}

#[tokio::test]
async fn list_rate_centers() {
    let server = serve("rate_centers.json").await;
    let centers = client(&server)
        .list_rate_centers()
        .state("AL")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(centers[0].rate_center.as_deref(), Some("string"));
    let request = check(&server, "list_rate_centers");
    assert_eq!(request.raw_query(), "state=AL");
}

#[tokio::test]
async fn search_available_phonenumbers() {
    let server = serve("available_phonenumbers.json").await;
    let held = client(&server)
        .search_available_phonenumbers()
        .filter_states(strings(&["WA", "OR"]))
        .filter_npas(vec![509, 206])
        .filter_nxxs(vec![867])
        .filter_category(1)
        .filter_quantity(5)
        .filter_rate_center("SPOKANE")
        .filter_local_calling_area(true)
        .filter_tn_mask("509867xxxx")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(held, ["string"]);
    let request = check(&server, "search_available_phonenumbers");
    let raw = brackets(request.raw_query());
    assert!(raw.contains("filter[quantity]=5"), "{raw}");
    assert!(raw.contains("filter[rateCenter]=SPOKANE"), "{raw}");
    assert!(raw.contains("filter[localCallingArea]=true"), "{raw}");
    assert_eq!(request.query_all("filter[npas][]"), ["509", "206"]);
    assert_eq!(request.query_all("filter[states][]"), ["WA", "OR"]);
}

// ---------------------------------------------------------------- stats

#[tokio::test]
async fn get_org_statement() {
    let server = serve("org_statement.json").await;
    let statement = client(&server)
        .get_org_statement()
        .year(2019)
        .month(1)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(statement.taxes[0].is_exempt, Some(true));
    let request = check(&server, "get_org_statement");
    assert_eq!(request.raw_query(), "month=1&year=2019");
}

#[tokio::test]
async fn list_tenant_statements() {
    let server = serve("tenant_statements.json").await;
    let statements = client(&server)
        .list_tenant_statements()
        .year(2019)
        .month(12)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(statements[0].month.as_deref(), Some("string"));
    check(&server, "list_tenant_statements");
}

#[tokio::test]
async fn get_traffic_total_counts() {
    let server = serve("traffic_total_counts.json").await;
    let counts = client(&server)
        .get_traffic_total_counts()
        .start_time_min(time("2019-11-16T00:00:00-08:00"))
        .start_time_max(time("2019-12-16T00:00:00-08:00"))
        .tz("America/Los_Angeles")
        .page_limit(100)
        .page_offset(0)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(counts[0].total_billing_cost, Some(0.0));
    let request = check(&server, "get_traffic_total_counts");
    // The caller's offset is sent as given, like the docs' example.
    assert_eq!(
        request.query("start_time_min").as_deref(),
        Some("2019-11-16T00:00:00-08:00")
    );
    assert_eq!(
        request.query("start_time_max").as_deref(),
        Some("2019-12-16T00:00:00-08:00")
    );
}

#[tokio::test]
async fn get_traffic_channels() {
    let server = serve("traffic_channels.json").await;
    let channels = client(&server)
        .get_traffic_channels()
        .start_time_min(time("2019-11-16T00:00:00Z"))
        .start_time_max(time("2019-12-16T00:00:00Z"))
        .tz("UTC")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(channels[0].channel_count, Some(0));
    check(&server, "get_traffic_channels");
}

#[tokio::test]
async fn get_traffic_most_active_hour() {
    let server = serve("traffic_most_active_hour.json").await;
    let hours = client(&server)
        .get_traffic_most_active_hour()
        .tz("America/Chicago")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(hours[0].call_count, Some(0));
    check(&server, "get_traffic_most_active_hour");
}

// ---------------------------------------------------------------- endpoints

fn endpoint_input() -> types::builder::EndpointInput {
    types::EndpointInput::builder()
        .ip("203.0.113.10")
        .port(5060)
        .transport(types::Transport::Udp)
        .priority(10)
        .description("Main PBX")
        .endpoint_group_id(42)
        .endpoint_group_name("HQ")
}

#[tokio::test]
async fn create_endpoint() {
    // The whole endpoint, as the live API returned it.
    let server = serve("endpoint_live.json").await;
    let endpoint = client(&server)
        .create_endpoint()
        .body(endpoint_input())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(endpoint.id, Some(7));
    assert_eq!(endpoint.priority, Some(10));
    assert_eq!(
        endpoint.endpoint_group.as_ref().unwrap().name.as_deref(),
        Some("HQ")
    );
    assert!(endpoint.org.is_some() && endpoint.flags.is_some());
    let request = check(&server, "create_endpoint");
    assert_form(&request);
    assert_eq!(
        form_lines(&request),
        [
            "description=Main PBX",
            "endpoint_group_id=42",
            "endpoint_group_name=HQ",
            "ip=203.0.113.10",
            "port=5060",
            "priority=10",
            "transport=UDP",
        ]
    );
}

#[tokio::test]
async fn update_endpoint() {
    let server = serve("endpoint_summary.json").await;
    let body = endpoint_input()
        .endpoint_id("0b5e4a9c-43c4-4f8e-9a0e-6f1d2c3b4a59".to_string())
        .transport(types::Transport::Tcp)
        .port(5080);
    let endpoint = client(&server)
        .update_endpoint()
        .id(7)
        .body(body)
        .send()
        .await
        .unwrap()
        .into_inner();
    // The reference's six-field sample decodes too.
    assert_eq!(endpoint.transport, Some(types::Transport::Udp));
    assert_eq!(endpoint.id, None);
    let request = check(&server, "update_endpoint");
    assert_form(&request);
    assert_eq!(request.form("transport").as_deref(), Some("TCP"));
}

// ---------------------------------------------------------------- phone numbers

fn e911(address2: &str) -> types::builder::E911AddressInput {
    types::E911AddressInput::builder()
        .caller_name("Acme Corp")
        .address1("123 Main St")
        .address2(address2)
        .community("Spokane")
        .state("WA")
        .postal_code("99201")
}

#[tokio::test]
async fn get_phonenumber_e911_address() {
    let server = serve("e911_address.json").await;
    let address = client(&server)
        .get_phonenumber_e911_address()
        .id(1234)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(address.postal_code.as_deref(), Some("string"));
    check(&server, "get_phonenumber_e911_address");
}

#[tokio::test]
async fn create_phonenumber_e911_address() {
    let server = serve("e911_address.json").await;
    client(&server)
        .create_phonenumber_e911_address()
        .id(1234)
        .body(e911("Suite 200"))
        .send()
        .await
        .unwrap();
    let request = check(&server, "create_phonenumber_e911_address");
    assert_form(&request);
    assert_eq!(request.form("address2").as_deref(), Some("Suite 200"));
}

#[tokio::test]
async fn update_phonenumber_e911_address() {
    let server = serve("e911_address.json").await;
    client(&server)
        .update_phonenumber_e911_address()
        .id(1234)
        .body(e911(""))
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_phonenumber_e911_address");
    // address2 is required, so an empty one is still sent.
    assert_eq!(request.form("address2").as_deref(), Some(""));
}

#[tokio::test]
async fn update_off_network_phonenumber() {
    let server = serve("off_network_phonenumber.json").await;
    let number = client(&server)
        .update_off_network_phonenumber()
        .id(55)
        .body(types::OffNetworkPhoneNumberUpdate {
            extra: Default::default(),
            tenant_id: Some(9),
            stir_shaken_enabled: Some(true),
            message_enabled: Some(false),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(number.tenant, Some(types::TenantRef::default()));
    let request = check(&server, "update_off_network_phonenumber");
    assert_form(&request);
    assert_eq!(
        form_lines(&request),
        [
            "message_enabled=false",
            "stir_shaken_enabled=true",
            "tenant_id=9"
        ]
    );
}

fn message_destination() -> types::MessageDestination {
    types::MessageDestination {
        extra: Default::default(),
        type_: Some("email".into()),
        config: Some(types::MessageDestinationConfig {
            email: Some("sms@acme.example".into()),
            hostname: Some("smtp.acme.example".into()),
            port: Some(587),
            subject: Some("SMS from {from}".into()),
            connection_type: Some("basic".into()),
            from_address: Some("noreply@acme.example".into()),
            auth: Some(types::MessageDestinationAuth {
                extra: Default::default(),
                username: Some("mailer".into()),
                password: Some("mail-password".into()),
            }),
            ..Default::default()
        }),
    }
}

#[tokio::test]
async fn update_phonenumber() {
    let server = serve("phonenumber_settings.json").await;
    let body = types::PhoneNumberUpdate {
        note: Some("Front desk".into()),
        forward: Some("15095550100".into()),
        e911_enabled: Some(true),
        cnam_enabled: Some(false),
        spamblock_risk_score: Some(75),
        tn_format: Some(types::TnFormat::TenDigits),
        failure_strategy: Some(types::FailureStrategy::RetryOtherRegions),
        tier_enabled: Some(types::TierEnabled::LowFraudRisk),
        lidb: Some(types::Lidb {
            extra: Default::default(),
            cnam_text: Some("ACME".into()),
            type_: Some("business".into()),
            private: Some(false),
        }),
        message_destination: Some(message_destination()),
        endpoint_group_id: Some(42),
        tenant_id: Some(9),
        ..Default::default()
    };
    let settings = client(&server)
        .update_phonenumber()
        .id(1234)
        .body(body)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(settings.tn_format, Some(types::TnFormat::ElevenDigits));
    assert_eq!(
        settings.failure_strategy,
        Some(types::FailureStrategy::PlayError)
    );
    let request = check(&server, "update_phonenumber");
    assert_form(&request);
    // Integer enums go out as their numbers; nested objects in brackets.
    let body = brackets(std::str::from_utf8(&request.body).unwrap());
    for pair in [
        "tn_format=10",
        "failure_strategy=1",
        "tier_enabled=10",
        "lidb[cnam_text]=ACME",
        "message_destination[config][auth][username]=mailer",
    ] {
        assert!(
            body.split('&').any(|p| p == pair),
            "{pair} not in the body {body}"
        );
    }
}

/// The settings the third-party client sets on the live API, beyond the
/// reference's update fields.
#[tokio::test]
async fn update_phonenumber_live_fields() {
    let server = serve("phonenumber_settings.json").await;
    client(&server)
        .update_phonenumber()
        .id(1234)
        .body(
            types::PhoneNumberUpdate::builder()
                .record_calls(true)
                .spamblock_bot(false)
                .spamblock_bot_contact_email("noc@acme.example".to_string()),
        )
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_phonenumber_live_fields");
    assert_form(&request);
    assert_eq!(
        form_lines(&request),
        [
            "record_calls=true",
            "spamblock_bot=false",
            "spamblock_bot_contact_email=noc@acme.example",
        ]
    );
}

#[tokio::test]
async fn create_off_network_phonenumber() {
    let server = serve("off_network_phonenumber_created.json").await;
    let number = client(&server)
        .create_off_network_phonenumber()
        .body(types::OffNetworkPhoneNumberCreate::builder().number("15098675309"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(number.id, Some(55));
    let request = check(&server, "create_off_network_phonenumber");
    // The one write the client sends as JSON.
    assert_eq!(request.media_type().as_deref(), Some("application/json"));
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent, serde_json::json!({"number": "15098675309"}));
}

/// Every documented value of the three integer enums is sent as its number.
#[tokio::test]
async fn integer_enums_are_sent_as_numbers() {
    let server = serve("phonenumber_settings.json").await;
    let client = client(&server);
    let cases = [
        (
            types::TnFormat::ElevenDigits,
            types::FailureStrategy::PlayError,
            types::TierEnabled::Domestic,
            ["tn_format=0", "failure_strategy=0", "tier_enabled=1"],
        ),
        (
            types::TnFormat::TenDigits,
            types::FailureStrategy::RetryOtherRegions,
            types::TierEnabled::LowFraudRisk,
            ["tn_format=10", "failure_strategy=1", "tier_enabled=10"],
        ),
        (
            types::TnFormat::Format20,
            types::FailureStrategy::PlayError,
            types::TierEnabled::HighCost,
            ["tn_format=20", "failure_strategy=0", "tier_enabled=20"],
        ),
        (
            types::TnFormat::from(30),
            types::FailureStrategy::from(2),
            types::TierEnabled::VeryHighCost,
            ["tn_format=30", "failure_strategy=2", "tier_enabled=30"],
        ),
    ];
    for (tn_format, failure_strategy, tier_enabled, _) in &cases {
        client
            .update_phonenumber()
            .id(1234)
            .body(types::PhoneNumberUpdate {
                tn_format: Some(*tn_format),
                failure_strategy: Some(*failure_strategy),
                tier_enabled: Some(*tier_enabled),
                ..Default::default()
            })
            .send()
            .await
            .unwrap();
    }
    let requests = server.requests();
    assert_eq!(requests.len(), cases.len());
    for (request, (.., expected)) in requests.iter().zip(&cases) {
        let mut sent: Vec<_> = std::str::from_utf8(&request.body)
            .unwrap()
            .split('&')
            .collect();
        sent.sort();
        let mut expected = expected.to_vec();
        expected.sort();
        assert_eq!(sent, expected, "{}", request.render());
    }
}

#[tokio::test]
async fn order_phonenumbers() {
    let server = serve("ordered_phonenumbers.json").await;
    let mut numbers = BTreeMap::new();
    for (number, mou) in [("15098675309", 60), ("15098675310", 30), ("12065550123", 0)] {
        numbers.insert(
            number.to_string(),
            types::NumberOrder {
                extra: Default::default(),
                mou: Some(mou),
            },
        );
    }
    let ordered = client(&server)
        .order_phonenumbers()
        .body(types::NumberOrderRequest::builder().numbers(numbers))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(ordered.len(), 1);
    assert_eq!(ordered[0].number.as_deref(), Some("string"));
    let request = check(&server, "order_phonenumbers");
    assert_form(&request);
    let body = brackets(std::str::from_utf8(&request.body).unwrap());
    let mut pairs: Vec<_> = body.split('&').collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            "numbers[12065550123][mou]=0",
            "numbers[15098675309][mou]=60",
            "numbers[15098675310][mou]=30",
        ]
    );
}

// ---------------------------------------------------------------- tenants

fn billing() -> types::TenantBilling {
    types::TenantBilling {
        extra: Default::default(),
        include_taxes: Some(true),
        auto_charge: Some(false),
        billing_date: Some(1),
        terms: Some(30),
        tax_exempt_code: Some("EX-1".into()),
        currency: Some("USD".into()),
        billing_products: Some(vec![
            types::BillingProductLine {
                extra: Default::default(),
                description: Some("Seats".into()),
                billing_product_id: Some(3),
                quantity: Some(10),
                unit_cost: Some(2.5),
                markup: Some(0.1),
            },
            types::BillingProductLine {
                extra: Default::default(),
                description: Some("DIDs".into()),
                billing_product_id: Some(4),
                quantity: Some(2),
                unit_cost: Some(1.0),
                markup: Some(0.0),
            },
        ]),
    }
}

/// A tenant with every documented field set.
fn tenant() -> types::Tenant {
    types::Tenant {
        extra: Default::default(),
        id: Some(9),
        tenant_code: Some("ACME".into()),
        transcription_password: Some("transcribe-password".into()),
        transcription_username: Some("acme-transcripts".into()),
        name: Some("Acme Corp".into()),
        address1: Some("123 Main St".into()),
        address2: Some("Suite 200".into()),
        city: Some("Spokane".into()),
        state: Some("WA".into()),
        country: Some(types::Country::Us),
        postal_code: Some("99201".into()),
        phonenumber: Some("15098675309".into()),
        billing_email: Some("billing@acme.example".into()),
        stripe_cust_id: Some("cus_123".into()),
        contact_person: Some("Jane Doe".into()),
        contact_phonenumber: Some("15098675310".into()),
        date_added: Some("2021-04-15T12:00:00+00:00".into()),
        archived: Some("0".into()),
        billing_profile: Some(billing()),
        // Only returned in lists (seen on the live API), never sent.
        org: None,
        previous_month: None,
        previous_month_peak_channels: None,
        previous_month_total_cost: None,
    }
}

#[tokio::test]
async fn create_tenant_invoice() {
    let server = serve("stripe_invoice_ref.json").await;
    let invoice = client(&server)
        .create_tenant_invoice()
        .id(9)
        .body(billing())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(invoice.stripe_invoice_id.as_deref(), Some("string"));
    let request = check(&server, "create_tenant_invoice");
    assert_form(&request);
    assert_eq!(
        request.form("billing_products[1][description]").as_deref(),
        Some("DIDs")
    );
    // Quantities are integers on the wire, not 10.0.
    assert_eq!(
        request.form("billing_products[0][quantity]").as_deref(),
        Some("10")
    );
}

#[tokio::test]
async fn create_tenant() {
    let server = serve("tenant.json").await;
    let created = client(&server)
        .create_tenant()
        .body(tenant())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.id, Some(0));
    let request = check(&server, "create_tenant");
    // The one JSON request body; it has exactly the keys of the sample.
    assert_eq!(request.media_type().as_deref(), Some("application/json"));
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    let sample: Value = serde_json::from_str(&data("tenant.json")).unwrap();
    assert_eq!(key_paths(&sent), key_paths(&sample));
}

#[tokio::test]
async fn update_tenant() {
    let server = serve("tenant.json").await;
    let body = types::Tenant {
        id: None,
        date_added: None,
        stripe_cust_id: None,
        ..tenant()
    };
    let updated = client(&server)
        .update_tenant()
        .id(9)
        .body(body)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.country, Some(types::Country::Us));
    let request = check(&server, "update_tenant");
    assert_form(&request);
    assert_eq!(
        request
            .form("billing_profile[billing_products][0][unit_cost]")
            .as_deref(),
        Some("2.5")
    );
}

#[tokio::test]
async fn get_tenant_features() {
    let server = serve("tenant_features.json").await;
    let features = client(&server)
        .get_tenant_features()
        .id(9)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(features.voicemail_transcription_enabled, Some(true));
    check(&server, "get_tenant_features");
}

#[tokio::test]
async fn list_tenant_invoices() {
    let server = serve("tenant_invoices.json").await;
    let invoices = client(&server)
        .list_tenant_invoices()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(invoices[0].invoice_number.as_deref(), Some("INV-0003"));
    let request = check(&server, "list_tenant_invoices");
    assert_eq!(request.path(), "/v1/tenants/billing");
}

#[tokio::test]
async fn list_tenant_billing_products() {
    let server = serve("tenant_billing_products.json").await;
    let products = client(&server)
        .list_tenant_billing_products()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(products[0].id, Some(4));
    let request = check(&server, "list_tenant_billing_products");
    assert_eq!(request.path(), "/v1/tenants/billing-products");
}

/// The body of a voided invoice is not known, so it is handed over as sent,
/// whatever it is.
#[tokio::test]
async fn void_tenant_invoice() {
    let body = br#"{"SUCCESS": "voided"}"#.to_vec();
    let server = TestServer::respond(Response::bytes(200, "application/json", body.clone())).await;
    let response = client(&server)
        .void_tenant_invoice()
        .id(9)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let received: Vec<u8> = response
        .into_inner_stream()
        .map_ok(|chunk| chunk.to_vec())
        .try_concat()
        .await
        .unwrap();
    assert_eq!(received, body);
    let request = check(&server, "void_tenant_invoice");
    assert_eq!(request.path(), "/v1/tenants/9/billing");
    assert!(request.body.is_empty());
}

// ---------------------------------------------------------------- third-party reads

#[tokio::test]
async fn get_audio_recording_download_url() {
    let server = serve("download_url.json").await;
    let link = client(&server)
        .get_audio_recording_download_url()
        .id(77)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(link.download_url.unwrap().starts_with("https://"));
    let request = check(&server, "get_audio_recording_download_url");
    assert_eq!(request.path(), "/v1/audio_recordings/77/download");
}

#[tokio::test]
async fn get_audio_transcription_download_url() {
    let server = serve("download_url.json").await;
    let link = client(&server)
        .get_audio_transcription_download_url()
        .id(78)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(link.download_url.is_some());
    let request = check(&server, "get_audio_transcription_download_url");
    assert_eq!(request.path(), "/v1/audio_transcriptions/78/download");
}

#[tokio::test]
async fn get_billing_balance() {
    let server = serve("balance.json").await;
    let balance = client(&server)
        .get_billing_balance()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(balance.balance.as_deref(), Some("1234.56"));
    let request = check(&server, "get_billing_balance");
    assert_eq!(request.path(), "/v1/billing/balance");
}

#[tokio::test]
async fn get_local_phonenumber_count() {
    let server = serve("phonenumber_total.json").await;
    let total = client(&server)
        .get_local_phonenumber_count()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(total.total, Some(12));
    let request = check(&server, "get_local_phonenumber_count");
    assert_eq!(request.path(), "/v1/stats/phonenumbers/local");
}

#[tokio::test]
async fn get_tollfree_phonenumber_count() {
    let server = serve("phonenumber_total.json").await;
    let total = client(&server)
        .get_tollfree_phonenumber_count()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(total.total, Some(12));
    let request = check(&server, "get_tollfree_phonenumber_count");
    assert_eq!(request.path(), "/v1/stats/phonenumbers/toll-free");
}

// ---------------------------------------------------------------- fax

/// A minimal PDF, with a byte that is not UTF-8 so it is binary for sure.
fn pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    pdf.push(0xff);
    pdf
}

#[tokio::test]
async fn send_vfax() {
    let server = serve("vfax_send_result.json").await;
    let sent = client(&server)
        .send_vfax()
        .src_route("15098675309")
        .dst_route("15095550100")
        .file(FilePart::new(pdf()).file_name("letter.pdf"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sent.fax_pages.as_deref(), Some("string"));
    let request = check(&server, "send_vfax");
    assert_eq!(request.media_type().as_deref(), Some("multipart/form-data"));
    let parts = request.multipart().expect("a multipart body");
    let names: Vec<_> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    for name in ["src_route", "dst_route", "file"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let part = |name: &str| parts.iter().find(|p| p.name == name).unwrap();
    assert_eq!(part("src_route").text(), Some("15098675309"));
    assert_eq!(part("dst_route").text(), Some("15095550100"));
    let file = part("file");
    assert_eq!(file.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(file.file_name.as_deref(), Some("letter.pdf"));
    assert_eq!(file.body, pdf());
}

/// The part type can be overridden; without a file name the part is still
/// a file part of the spec's type.
#[tokio::test]
async fn send_vfax_file_part_options() {
    let server = serve("vfax_send_result.json").await;
    let client = client(&server);
    client
        .send_vfax()
        .src_route("15098675309")
        .dst_route("15095550100")
        .file(pdf())
        .send()
        .await
        .unwrap();
    client
        .send_vfax()
        .src_route("15098675309")
        .dst_route("15095550100")
        .file(FilePart::new(pdf()).content_type("application/x-pdf"))
        .send()
        .await
        .unwrap();
    let types: Vec<_> = server
        .requests()
        .iter()
        .map(|r| {
            let parts = r.multipart().unwrap();
            let file = parts.into_iter().find(|p| p.name == "file").unwrap();
            assert_eq!(file.body, pdf());
            file.content_type
        })
        .collect();
    assert_eq!(
        types,
        [
            Some("application/pdf".to_string()),
            Some("application/x-pdf".to_string())
        ]
    );
}

/// A missing required argument fails before anything is sent.
#[tokio::test]
async fn required_arguments_are_checked_before_sending() {
    let server = serve("vfax_send_result.json").await;
    let client = client(&server);
    let e = client
        .send_vfax()
        .src_route("15098675309")
        .dst_route("15095550100")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, skyetel::Error::Request(..)), "{e:?}");
    let e = client.get_tenant_features().send().await.unwrap_err();
    assert!(matches!(e, skyetel::Error::Request(..)), "{e:?}");
    let e = client.list_rate_centers().send().await.unwrap_err();
    assert!(matches!(e, skyetel::Error::Request(..)), "{e:?}");
    assert!(server.requests().is_empty());
}

/// The base URL keeps its `/v1` prefix for every operation, and the paged
/// stream sends the credentials on every page too.
#[tokio::test]
async fn every_path_is_under_v1() {
    let server = TestServer::respond(Response::json(200, "[]")).await;
    let client = client(&server);
    assert_eq!(client.base_url(), base_url(&server));
    let none: Vec<types::Endpoint> = client
        .list_endpoints()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    let request = server.single_request();
    assert_eq!(request.path(), "/v1/endpoints");
    assert_eq!(request.header("x-auth-sid"), Some(SID));
    assert_eq!(request.header("x-auth-secret"), Some(SECRET));
}
