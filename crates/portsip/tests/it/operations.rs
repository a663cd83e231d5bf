//! Each of the 24 operations once against the recording server, with the
//! documented response, and a snapshot of the request exactly as sent.

use futures_util::TryStreamExt;
use portsip::types;
use serde_json::Value;

use crate::samples::key_paths;
use crate::support::{Recorded, Render, Response, TestServer, client, data};

const ID: &str = "NzAwNTUxOTA5NzczMTQ4MTYw";

/// The one request the server got: sent with the real token, and matching
/// snapshot `name`.
fn check(server: &TestServer, name: &str) -> Recorded {
    let request = server.single_request();
    assert_eq!(request.header("authorization"), Some("Bearer test-token"));
    insta::assert_snapshot!(name, request.render());
    request
}

/// The request body has exactly the keys of the doc sample `name`: every
/// documented field was set and sent, and nothing else.
fn assert_body_keys(request: &Recorded, name: &str) {
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON body");
    let sample: Value = serde_json::from_str(&data(name)).unwrap();
    assert_eq!(key_paths(&sent), key_paths(&sample), "body keys vs {name}");
}

fn day(from: &str, to: &str) -> Option<types::DaySchedule> {
    Some(types::DaySchedule {
        extra: Default::default(),
        enabled: Some(true),
        ranges: Some(vec![types::TimeRange {
            extra: Default::default(),
            from: Some(from.into()),
            to: Some(to.into()),
        }]),
    })
}

fn webhook(url: &str) -> types::EventWebhook {
    types::EventWebhook {
        extra: Default::default(),
        enabled: Some(true),
        auth: Some(types::EventAuth::Basic),
        username: Some("hookuser".into()),
        password: Some("hookpass2024".into()),
        token: Some("hook-token".into()),
        url: Some(url.into()),
    }
}

fn holiday_input() -> types::builder::HolidayInput {
    types::HolidayInput::builder()
        .name("Christmas".to_string())
        .region("USA".to_string())
        .consecutive(true)
        .every_year(true)
        .year_start(2024)
        .year_end(2030)
        .month_start(12)
        .month_end(12)
        .day_start(24)
        .day_end(26)
        .hour_start(0)
        .hour_end(23)
        .minute_start(0)
        .minute_end(59)
}

#[tokio::test]
async fn get_tenant() {
    let server = TestServer::respond(Response::json(200, data("tenant.json"))).await;
    let tenant = client(&server).get_tenant().send().await.unwrap();
    assert_eq!(tenant.status(), 200);
    assert_eq!(tenant.id.as_deref(), Some(ID));
    assert_eq!(tenant.max_concurrent_calls, Some(20));
    check(&server, "get_tenant");
}

#[tokio::test]
async fn update_tenant() {
    let server = TestServer::respond(Response::empty(200)).await;
    let body = types::TenantUpdate::builder()
        .name("Acme Corp".to_string())
        .domain("acme.pbx.example.com".to_string())
        .website("https://acme.example.com".to_string())
        .timezone("Europe/Berlin".to_string())
        .currency("EUR".to_string())
        .region("DEU".to_string())
        .enable_video_recording(true)
        .enable_audio_recording(true)
        .enable_dual_track_recording(false)
        .enable_night_mode(false)
        .enable_two_factor_authentication(true)
        .custom_options(r#"{"theme":"dark"}"#.to_string())
        .recording_retention(90)
        .call_report_retention(60)
        .log_retention(365)
        .temp_file_retention(7)
        .extension_im_disk_quota("500MB".to_string())
        .office_hours(types::OfficeHours {
            extra: Default::default(),
            monday: day("08:00", "18:00"),
            tuesday: day("08:00", "18:00"),
            wednesday: day("08:00", "18:00"),
            thursday: day("08:00", "18:00"),
            friday: day("08:00", "16:00"),
            saturday: day("10:00", "14:00"),
            sunday: Some(types::DaySchedule {
                extra: Default::default(),
                enabled: Some(false),
                ranges: Some(vec![types::TimeRange {
                    extra: Default::default(),
                    from: Some("00:00".into()),
                    to: Some("00:00".into()),
                }]),
            }),
        })
        .outbound_caller_ids(vec![types::OutboundCallerId {
            extra: Default::default(),
            provider_id: Some(ID.into()),
            caller_id: Some("+493012345678".into()),
            description: Some("Berlin main line".into()),
        }])
        .e164(types::E164Settings {
            extra: Default::default(),
            enabled: Some(true),
            international_code: Some("00".into()),
            country: Some("Germany(49)".into()),
            area_code: Some("30".into()),
            national_code: Some("0".into()),
            prefix: Some("9".into()),
            remove_special_chars: Some(true),
            remove_duplicate_countries: Some(true),
            remove_duplicate_area_codes: Some(false),
        })
        .cdr_event(webhook("https://hooks.example.com/cdr"))
        .extension_event(webhook("https://hooks.example.com/extensions"))
        .contact_match_type(types::ContactMatchType::MatchLength)
        .contact_match_length(7)
        .contact_append_type(types::ContactAppendType::Prepend)
        .contact_update_interval(60)
        .password_force_reset(true)
        .avatar_file_id(ID.to_string())
        .stir_shaken_cert(
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----".to_string(),
        )
        .stir_shaken_key(
            "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----".to_string(),
        );
    let response = client(&server)
        .update_tenant()
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let request = check(&server, "update_tenant");
    assert_body_keys(&request, "tenant_update.json");
}

#[tokio::test]
async fn get_tenant_status() {
    let server = TestServer::respond(Response::json(200, data("tenant_status.json"))).await;
    let status = client(&server)
        .get_tenant_status()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(status.online_users, Some(1));
    assert_eq!(status.calls_in_24_hours.len(), 1);
    check(&server, "get_tenant_status");
}

#[tokio::test]
async fn get_password_policy() {
    let server = TestServer::respond(Response::json(200, data("password_policy.json"))).await;
    let policy = client(&server)
        .get_password_policy()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!((policy.min_length, policy.max_length), (Some(6), Some(32)));
    assert_eq!(policy.disable_sequential_characters, Some(true));
    check(&server, "get_password_policy");
}

#[tokio::test]
async fn update_password_policy() {
    let server = TestServer::respond(Response::empty(200)).await;
    let body = types::PasswordPolicy::builder()
        .min_length(12)
        .max_length(32)
        .contains_letters(true)
        .contains_numbers(true)
        .contains_special_letters(false)
        .disable_sequential_characters(true)
        .disable_repeating_characters(false)
        .disable_account_information(true);
    client(&server)
        .update_password_policy()
        .body(body)
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_password_policy");
    assert_body_keys(&request, "password_policy.json");
}

#[tokio::test]
async fn recharge_balance() {
    let server = TestServer::respond(Response::empty(200)).await;
    client(&server)
        .recharge_balance()
        .body(types::BalanceRecharge::builder().balance(250.12345))
        .send()
        .await
        .unwrap();
    let request = check(&server, "recharge_balance");
    assert_body_keys(&request, "balance_recharge.json");
}

#[tokio::test]
async fn get_tenant_balance() {
    let server = TestServer::respond(Response::json(200, data("tenant_balance.json"))).await;
    let balance = client(&server)
        .get_tenant_balance()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(balance.balance, Some(1250.12345));
    check(&server, "get_tenant_balance");
}

#[tokio::test]
async fn get_custom_headers() {
    let server = TestServer::respond(Response::json(200, data("custom_headers.json"))).await;
    let headers = client(&server)
        .get_custom_headers()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        headers.add.unwrap()[0].scope,
        Some(types::CustomHeaderScope::Trunk)
    );
    assert_eq!(headers.relay.map(|r| r.len()), Some(1));
    check(&server, "get_custom_headers");
}

#[tokio::test]
async fn update_custom_headers() {
    let server = TestServer::respond(Response::empty(200)).await;
    let body = types::CustomHeaders::builder()
        .add(vec![types::CustomHeaderAdd {
            extra: Default::default(),
            name: Some("X-Tenant-Id".into()),
            value: Some("acme".into()),
            scope: Some(types::CustomHeaderScope::All),
        }])
        .relay(vec![types::CustomHeaderRelay {
            extra: Default::default(),
            name: Some("X-Customer-Ref".into()),
            scope: Some(types::CustomHeaderScope::Trunk),
        }]);
    client(&server)
        .update_custom_headers()
        .body(body)
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_custom_headers");
    assert_body_keys(&request, "custom_headers.json");
}

/// An empty list is sent when it is set, so every custom header can be
/// removed; a list left unset is not sent at all.
#[tokio::test]
async fn update_custom_headers_to_none() {
    let server = TestServer::respond(Response::empty(200)).await;
    let cleared = types::CustomHeaders::builder().add(vec![]).relay(vec![]);
    client(&server)
        .update_custom_headers()
        .body(cleared)
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_custom_headers_to_none");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        serde_json::json!({"add": [], "relay": []})
    );

    let server = TestServer::respond(Response::empty(200)).await;
    client(&server)
        .update_custom_headers()
        .body(types::CustomHeaders::builder())
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_custom_headers_unset");
    assert_eq!(request.body, b"{}");
}

#[tokio::test]
async fn get_voicemail_server() {
    let server = TestServer::respond(Response::json(200, data("voicemail_server.json"))).await;
    let voicemail = client(&server)
        .get_voicemail_server()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(voicemail.retain_days, Some(30));
    assert_eq!(voicemail.min_seconds, Some(1));
    check(&server, "get_voicemail_server");
}

#[tokio::test]
async fn update_voicemail_server() {
    let server = TestServer::respond(Response::empty(200)).await;
    let body = types::VoicemailServer::builder()
        .extension_number("8000".to_string())
        .retain_days(60)
        .min_seconds(3);
    client(&server)
        .update_voicemail_server()
        .body(body)
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_voicemail_server");
    assert_body_keys(&request, "voicemail_server.json");
}

#[tokio::test]
async fn list_holidays() {
    let server = TestServer::respond(Response::json(200, data("holiday_list.json"))).await;
    let list = client(&server)
        .list_holidays()
        .filter("region eq 'USA'")
        .search("Christmas & New Year")
        .orderby("name desc")
        .skip(20)
        .top(10)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(list.count, Some(100));
    assert_eq!(list.items[0].id.as_deref(), Some(ID));
    check(&server, "list_holidays");
}

#[tokio::test]
async fn create_holiday() {
    let server = TestServer::respond(Response::json(201, data("created_id.json"))).await;
    let created = client(&server)
        .create_holiday()
        .body(holiday_input())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.into_inner().id.as_deref(), Some(ID));
    let request = check(&server, "create_holiday");
    assert_body_keys(&request, "holiday_input.json");
}

#[tokio::test]
async fn get_holiday() {
    let server = TestServer::respond(Response::json(200, data("holiday.json"))).await;
    let holiday = client(&server)
        .get_holiday()
        .id(ID)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(holiday.id.as_deref(), Some(ID));
    assert_eq!(holiday.every_year, Some(true));
    check(&server, "get_holiday");
}

#[tokio::test]
async fn update_holiday() {
    let server = TestServer::respond(Response::empty(200)).await;
    client(&server)
        .update_holiday()
        .id(ID)
        .body(
            types::HolidayUpdate::builder()
                .name("Christmas holidays".to_string())
                .region("USA".to_string())
                .consecutive(true)
                .every_year(true)
                .year_start(2024)
                .year_end(2030)
                .month_start(12)
                .month_end(12)
                .day_start(24)
                .day_end(27)
                .hour_start(0)
                .hour_end(23)
                .minute_start(0)
                .minute_end(59),
        )
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_holiday");
    assert_body_keys(&request, "holiday_input.json");
}

#[tokio::test]
async fn delete_holiday() {
    let server = TestServer::respond(Response::empty(204)).await;
    let response = client(&server)
        .delete_holiday()
        .id(ID)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    check(&server, "delete_holiday");
}

#[tokio::test]
async fn get_tenant_billing() {
    let server = TestServer::respond(Response::json(200, data("tenant_billing.json"))).await;
    let billing = client(&server)
        .get_tenant_billing()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(billing.account, Some(types::BillingAccount::Tenant));
    assert_eq!(billing.type_, Some(types::BillingType::Offline));
    check(&server, "get_tenant_billing");
}

#[tokio::test]
async fn update_tenant_billing() {
    let server = TestServer::respond(Response::empty(200)).await;
    let body = types::TenantBilling::builder()
        .enabled(true)
        .account(types::BillingAccount::User)
        .type_(types::BillingType::Online);
    client(&server)
        .update_tenant_billing()
        .body(body)
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_tenant_billing");
    assert_body_keys(&request, "tenant_billing.json");
}

#[tokio::test]
async fn list_call_rates() {
    let server = TestServer::respond(Response::json(200, data("call_rate_list.json"))).await;
    let list = client(&server)
        .list_call_rates()
        .filter("type eq 'INTERNATIONAL'")
        .search("0044")
        .orderby("prefix")
        .skip(0)
        .top(50)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(list.count, Some(100));
    assert_eq!(list.items[0].type_, Some(types::CallRateType::Local));
    check(&server, "list_call_rates");
}

#[tokio::test]
async fn create_call_rate() {
    let server = TestServer::respond(Response::json(200, data("created_id.json"))).await;
    let body = types::CallRateCreate::builder()
        .prefix("0044")
        .type_(types::CallRateType::International)
        .free_seconds(5)
        .grace_period(3)
        .interval_1(60)
        .interval_n(30)
        .connect_fee(0.015)
        .postcall_surcharge(0.0)
        .price_1(0.05)
        .price_n(0.02525)
        .description("United Kingdom, landline".to_string());
    let created = client(&server)
        .create_call_rate()
        .body(body)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.id.as_deref(), Some(ID));
    let request = check(&server, "create_call_rate");
    assert_body_keys(&request, "call_rate_create.json");
}

#[tokio::test]
async fn get_call_rate() {
    let server = TestServer::respond(Response::json(200, data("call_rate.json"))).await;
    let rate = client(&server)
        .get_call_rate()
        .id(ID)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(rate.id.as_deref(), Some(ID));
    assert_eq!(rate.connect_fee, Some(1.0));
    check(&server, "get_call_rate");
}

#[tokio::test]
async fn update_call_rate() {
    let server = TestServer::respond(Response::empty(200)).await;
    let body = types::CallRateUpdate::builder()
        .prefix("00447".to_string())
        .type_(types::CallRateType::Mobile)
        .free_seconds(0)
        .grace_period(0)
        .interval_1(1)
        .interval_n(1)
        .connect_fee(0.0)
        .postcall_surcharge(0.001)
        .price_1(0.12)
        .price_n(0.12)
        .description("United Kingdom, mobile".to_string());
    client(&server)
        .update_call_rate()
        .id(ID)
        .body(body)
        .send()
        .await
        .unwrap();
    let request = check(&server, "update_call_rate");
    assert_body_keys(&request, "call_rate_create.json");
}

#[tokio::test]
async fn delete_call_rate() {
    let server = TestServer::respond(Response::empty(204)).await;
    let response = client(&server)
        .delete_call_rate()
        .id(ID)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    check(&server, "delete_call_rate");
}

#[tokio::test]
async fn export_call_rates() {
    // Every byte value, then enough more to span several reads.
    let file: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!((0..=255u8).all(|b| file.contains(&b)));
    let server = TestServer::respond(Response::bytes(
        200,
        "application/octet-stream",
        file.clone(),
    ))
    .await;
    let response = client(&server).export_call_rates().send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "application/octet-stream"
    );
    let received: Vec<u8> = response
        .into_inner_stream()
        .map_ok(|chunk| chunk.to_vec())
        .try_concat()
        .await
        .unwrap();
    assert_eq!(received.len(), file.len());
    assert!(received == file, "exported bytes differ");
    check(&server, "export_call_rates");
}

/// What the caller leaves out stays off the wire: no query defaults, no body
/// defaults.
#[tokio::test]
async fn unset_parameters_and_fields_are_not_sent() {
    let server = TestServer::respond(Response::json(200, r#"{"count":0}"#)).await;
    let client = client(&server);
    client.list_call_rates().send().await.unwrap();
    client.list_holidays().send().await.unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/api/call_rates", "/api/holidays"]);

    let server = TestServer::respond(Response::empty(200)).await;
    let client = crate::support::client(&server);
    client
        .update_tenant()
        .body(types::TenantUpdate::builder().name("Acme".to_string()))
        .send()
        .await
        .unwrap();
    client
        .update_password_policy()
        .body(types::PasswordPolicy::builder())
        .send()
        .await
        .unwrap();
    client
        .update_tenant_billing()
        .body(types::TenantBilling::builder().enabled(false))
        .send()
        .await
        .unwrap();
    client
        .update_call_rate()
        .id(ID)
        .body(types::CallRateUpdate::builder().price_n(0.5))
        .send()
        .await
        .unwrap();
    let bodies: Vec<Value> = server
        .requests()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            serde_json::json!({"name": "Acme"}),
            serde_json::json!({}),
            serde_json::json!({"enabled": false}),
            serde_json::json!({"price_n": 0.5}),
        ]
    );
}

/// Path parameters are percent-encoded, so an ID cannot change the path.
#[tokio::test]
async fn path_ids_are_encoded() {
    let server = TestServer::respond(Response::empty(204)).await;
    client(&server)
        .delete_holiday()
        .id("a/b?c d")
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.single_request().target,
        "/api/holidays/a%2Fb%3Fc%20d/destroy"
    );
}
