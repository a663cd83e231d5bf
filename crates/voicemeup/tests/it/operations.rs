//! Each of the 97 request types once against the recording server, answered
//! with a success envelope, and a snapshot of the request exactly as sent
//! (token redacted). The wire formats VoiceMeUp documents (PHP bracket
//! arrays, comma lists, `1`/`0` booleans, `YYYY-MM-DD` dates, multipart file
//! parts, the credentials in the query string of a GET and in the body of a
//! POST) are also checked on the raw query string or body, so that a change
//! of encoding fails here even if someone accepts the new snapshots.
//!
//! Plain request types go through the [`operation!`] macro; those whose
//! encoding is checked explicitly have a test of their own.

use chrono::NaiveDate;
use voicemeup::{Credentials, FilePart, types};

use crate::support::{
    PREFIX, Recorded, Response, SUCCESS, TOKEN, TestServer, USER, answering, base_url, body_fields,
    client, render, unescape,
};

/// The request types sent as multipart POSTs (they carry files); every other
/// request type is a GET with its parameters in the query string, except
/// `queue_sms` (see [`POST`]).
const MULTIPART: &[&str] = &[
    "queue_fax",
    "queue_sms",
    "update_mailbox_greeting",
    "update_port_request",
];

/// The request types sent as POSTs: the multipart ones, and `queue_sms` as
/// an urlencoded form when it has no file (the snapshots named
/// `queue_sms_*`).
const POST: &[&str] = &[
    "queue_fax",
    "queue_sms",
    "queue_sms_mms_by_url",
    "queue_sms_text",
    "update_mailbox_greeting",
    "update_port_request",
];

/// Checks the outcome of request type `name` and the one request the server
/// got, matches snapshot `name`, and returns the request for further checks.
fn finish(
    server: &TestServer,
    name: &str,
    result: Result<voicemeup::ResponseValue<types::Envelope>, voicemeup::Error>,
) -> Recorded {
    let envelope = result
        .unwrap_or_else(|e| panic!("{name} failed: {e:?}"))
        .into_inner();
    let details = envelope.response_details.expect("response_details");
    assert_eq!(
        details.response_status,
        Some(types::ResponseStatus::Success)
    );
    let message = details
        .response_messages
        .and_then(|m| m.message)
        .expect("a message");
    assert_eq!(message["code"], "ok", "{name}");

    let request = server.single_request();
    let request_type = name
        .strip_prefix("queue_sms_")
        .map_or(name, |_| "queue_sms");
    assert_eq!(request.path(), format!("{PREFIX}/{request_type}"));
    if POST.contains(&name) {
        assert_eq!(request.method, "POST", "{name}");
        let media = if MULTIPART.contains(&name) {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        assert_eq!(request.media_type().as_deref(), Some(media), "{name}");
        // The credentials travel in the body, once each, and not in the URL.
        assert_eq!(body_fields(&request, "username"), [USER], "{name}");
        assert_eq!(body_fields(&request, "auth_token"), [TOKEN], "{name}");
        assert!(body_fields(&request, "client_user_id").is_empty(), "{name}");
        assert!(
            !request.target.contains(TOKEN) && request.query("username").is_none(),
            "{name}: credentials in the URL: {}",
            request.target
        );
    } else {
        assert_eq!(request.method, "GET", "{name}");
        assert!(request.body.is_empty(), "{name}: a GET with a body");
        // The credentials travel in the query string, once each.
        assert_eq!(request.query_all("username"), [USER], "{name}");
        assert_eq!(request.query_all("auth_token"), [TOKEN], "{name}");
        assert!(request.query("client_user_id").is_none(), "{name}");
    }
    assert!(
        request.headers.iter().all(|(_, v)| !v.contains(TOKEN)),
        "{name}: the token is in a header"
    );
    insta::assert_snapshot!(name.to_owned(), render(&request));
    request
}

/// A server answering the success envelope.
async fn serve() -> TestServer {
    answering(SUCCESS).await
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A request type's nested value from its builder, the way the crate's
/// compatibility promise covers (struct literals break when fields are added).
fn build<B, T>(builder: B) -> T
where
    T: TryFrom<B, Error = types::error::ConversionError>,
{
    T::try_from(builder).expect("a complete value")
}

/// The raw query string with brackets and commas unescaped.
fn raw(request: &Recorded) -> String {
    unescape(request.raw_query())
}

/// One test per request type: `operation!(name .setter(value)...);` calls
/// `client.name()` with the setters, sends it to a fresh server and checks
/// the outcome and the request (see [`finish`]).
macro_rules! operation {
    ($name:ident $($setters:tt)*) => {
        #[tokio::test]
        async fn $name() {
            let server = serve().await;
            let result = client(&server).$name() $($setters)* .send().await;
            finish(&server, stringify!($name), result);
        }
    };
}

// ------------------------------------------------------------------ account, billing, reference

operation!(get_account_details.language(types::Language::Fr));
operation!(get_account_preferences.currency(types::Currency::Usd));
operation!(
    get_funding_details
        .currency(types::Currency::Cad)
        .language(types::Language::En)
);
operation!(
    get_billing_activity
        .date_from(day(2024, 1, 1))
        .date_to(day(2024, 1, 31))
        .currency(types::Currency::Eur)
);
operation!(get_plans.plan_groups_id(3).plan_id(17));
operation!(get_rates.code("1514").country_id(1).state_id(11));
operation!(get_request_types);
operation!(get_countries.language(types::Language::Fr));
operation!(get_states.country_id(1));
operation!(get_proxies.proxy_id(2));
operation!(
    get_network_status
        .mode(types::GetNetworkStatusMode::Unresolved)
        .limit(10)
        .offset(20)
);
operation!(get_issues_types);
operation!(get_tts_voice_name.language(types::Language::Fr));
operation!(get_devices.make("Yealink"));

// ------------------------------------------------------------------ calls, recordings, voicemail

/// Comma lists for multi-value enums, `YYYY-MM-DD` dates, plain enums.
#[tokio::test]
async fn get_calls() {
    let server = serve().await;
    let result = client(&server)
        .get_calls()
        .date_from(day(2024, 3, 1))
        .date_to(day(2024, 3, 9))
        .direction(types::Direction::Inbound)
        .disposition(vec![
            types::GetCallsDisposition::Answered,
            types::GetCallsDisposition::NoAnswer,
            types::GetCallsDisposition::UnknownValue,
        ])
        .routing_type(vec![
            types::GetCallsRoutingType::LocalOrigination,
            types::GetCallsRoutingType::TollfreeOrigination,
        ])
        .extras(types::YesNo::Yes)
        .metadata(types::GetCallsMetadata::Only)
        .routing_details(types::YesNo::No)
        .result_limit(100)
        .result_offset(200)
        .client_channel_id(7)
        .client_subaccount_id(1234)
        .language(types::Language::En)
        .currency(types::Currency::Cad)
        .send()
        .await;
    let request = finish(&server, "get_calls", result);
    let raw = raw(&request);
    // One key per list, values joined by commas, in the order given.
    assert_eq!(
        request.query_all("disposition"),
        ["answered,no_answer,unknown"]
    );
    assert!(
        raw.contains("disposition=answered,no_answer,unknown"),
        "{raw}"
    );
    assert!(
        raw.contains("routing_type=local_origination,tollfree_origination"),
        "{raw}"
    );
    assert!(raw.contains("date_from=2024-03-01"), "{raw}");
    assert!(raw.contains("date_to=2024-03-09"), "{raw}");
    assert!(raw.contains("extras=yes"), "{raw}");
    assert!(raw.contains("routing_details=no"), "{raw}");
    assert!(!raw.contains("disposition["), "{raw}");
}

/// `call_hash` and `latest_hours` instead of a date range; the deprecated
/// `unique_id` still goes out as given.
#[tokio::test]
async fn get_calls_by_hash() {
    let server = serve().await;
    let result = client(&server)
        .get_calls()
        .call_hash("a1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6")
        .latest_hours(24)
        .unique_id("1700000000.1234")
        .send()
        .await;
    let request = server.single_request();
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        request.query("call_hash").as_deref(),
        Some("a1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6")
    );
    assert_eq!(request.query("latest_hours").as_deref(), Some("24"));
    assert_eq!(
        request.query("unique_id").as_deref(),
        Some("1700000000.1234")
    );
    assert!(request.query("date_from").is_none());
}

operation!(
    get_calls_stats
        .date_from(day(2024, 1, 1))
        .date_to(day(2024, 12, 31))
        .client_subaccount_ids(vec![1234, 5678])
        .routing_types(vec![
            types::RoutingType::LocalTermination,
            types::RoutingType::InternationalTermination,
            types::RoutingType::Total,
        ])
);
operation!(
    get_call_issues
        .call_hash("a1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6")
        .call_issue_id(88)
        .client_subaccount_id(1234)
);
operation!(
    report_call_issue
        .call_hash("a1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6")
        .issue_type_id(4)
        .comments("One-way audio after 30 s")
        .kayako_ticket_id("ABC-123-45678")
);
operation!(
    get_recordings
        .call_recording_id(555)
        .recording_hash("0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d")
        .call_hash("a1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6")
        .date_from(day(2024, 2, 1))
        .date_to(day(2024, 2, 29))
        .latest_hours(48)
        .status(vec![
            types::GetRecordingsStatus::Unverified,
            types::GetRecordingsStatus::Verified,
        ])
        .result_limit(50)
        .result_offset(0)
);
operation!(
    delete_recordings
        .call_recording_id(vec![555, 556])
        .call_hash(strings(&[
            "a1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6",
            "b1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6"
        ]))
        .date(day(2023, 12, 31))
        .comments("retention policy")
);
operation!(
    get_voicemails
        .call_voicemail_id(77)
        .voicemail_hash("0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d")
        .client_subaccount_id(1234)
        .date_from(day(2024, 4, 1))
        .date_to(day(2024, 4, 30))
        .result_limit(25)
        .result_offset(25)
);
operation!(
    delete_voicemails
        .call_voicemail_id(vec![77, 78])
        .voicemail_hash(strings(&["0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"]))
        .date(day(2024, 1, 15))
        .comments("listened")
);

// ------------------------------------------------------------------ dispatch

/// Arrays of endpoint objects as PHP bracket keys, booleans inside them as
/// `1`/`0`.
#[tokio::test]
async fn dispatch_call() {
    let server = serve().await;
    let result = client(&server)
        .dispatch_call()
        .sources(vec![build(
            types::DispatchCallEndpoint::builder()
                .type_(types::DispatchCallEndpointType::Peer)
                .value("frontdesk01".to_string()),
        )])
        .destinations(vec![
            build(
                types::DispatchCallEndpoint::builder()
                    .type_(types::DispatchCallEndpointType::Number)
                    .value("5145550123".to_string())
                    .confirm_required(true)
                    .accept_key(1_i64)
                    .reject_key(2_i64)
                    .retries(3_i64)
                    .language(types::Language::Fr),
            ),
            build(
                types::DispatchCallEndpoint::builder()
                    .type_(types::DispatchCallEndpointType::Uri)
                    .value("sip:desk@pbx.example.com".to_string())
                    .confirm_required(false)
                    .send_dtmf("ww123".to_string()),
            ),
        ])
        .callerid_name("Reception")
        .callerid_number("5145550100")
        .client_subaccount_id(1234)
        .enable_recording(1)
        .wait_time(30)
        .meta_data("ticket=981")
        .send()
        .await;
    let request = finish(&server, "dispatch_call", result);
    let raw = raw(&request);
    assert!(
        raw.contains("sources[0][type]=peer&sources[0][value]=frontdesk01"),
        "{raw}"
    );
    assert!(raw.contains("destinations[0][type]=number"), "{raw}");
    assert!(raw.contains("destinations[0][value]=5145550123"), "{raw}");
    assert!(raw.contains("destinations[0][confirm_required]=1"), "{raw}");
    assert!(raw.contains("destinations[1][confirm_required]=0"), "{raw}");
    assert_eq!(
        request.query("destinations[1][value]").as_deref(),
        Some("sip:desk@pbx.example.com")
    );
}

operation!(
    voicemail_broadcast
        .destination_number("5145550123")
        .callerid_name("Pharmacy")
        .callerid_number("5145550100")
        .client_media_file_id("301")
        .dtmf_duration(250)
        .enable_recording(0)
        .fork_call(1)
        .media_url("https://media.example.com/reminder.wav")
        .meta_data("campaign=refill")
        .notify_callback_triggers(vec![
            types::VoicemailBroadcastNotifyCallbackTriggers::OnAnswer,
            types::VoicemailBroadcastNotifyCallbackTriggers::OnHangup,
        ])
        .notify_callback_url("https://hooks.example.com/vmb")
        .post_dtmf("1")
        .pre_dtmf("ww2")
        .privacy(0)
        .voicemail_detect(1)
        .wait_time(45)
);

// ------------------------------------------------------------------ DIDs

operation!(
    activate_new_did
        .phone_number("5145550123")
        .did_id(99001)
        .skip_notification(true)
);
operation!(delete_did.client_did_id(4321).phone_number(5145550123_i64));
operation!(lookup_did.phone_number("5145550123"));
operation!(
    get_did_areacodes
        .country_id(1)
        .state_id(11)
        .npa("514")
        .ratecenter_id("MONTREAL")
);
operation!(
    get_did_exchanges
        .country_id(1)
        .state_id(11)
        .npa("514")
        .nxx("555")
        .ratecenter_id("MONTREAL")
        .availability(1)
        .portability(1)
        .updated_since(day(2024, 5, 1))
        .result_limit(100)
        .result_offset(0)
);
operation!(
    get_ratecenters
        .country_id(1)
        .state_id(11)
        .npa("514")
        .nxx("555")
        .ratecenter_id("MONTREAL")
        .updated_since(day(2024, 5, 1))
        .result_limit(100)
        .result_offset(100)
);

/// Booleans go out as `1` and `0`; multi-value options as one comma list.
#[tokio::test]
async fn get_dids() {
    let server = serve().await;
    let result = client(&server)
        .get_dids()
        .usage_type(types::DidUsageType::Default)
        .type_(types::DidType::Local)
        .status(types::EntityStatus::Enabled)
        .enable_fax(true)
        .enable_voicemail(false)
        .sms_support(true)
        .mms_support(false)
        .t38_support(true)
        .ondemand_recording(false)
        .options(vec![
            types::GetDidsOptions::EnableForwarding,
            types::GetDidsOptions::EnableRecording,
        ])
        .phone_number(5145550123_i64)
        .client_did_id(4321)
        .client_subaccount_id(1234)
        .client_peer_id(31)
        .client_channel_id(7)
        .country_id(1)
        .state_id(11)
        .npa("514")
        .nxx("555")
        .ratecenter_id(88)
        .district("Plateau")
        .exclude_e911_list(1)
        .exclude_e411_list(0)
        .send()
        .await;
    let request = finish(&server, "get_dids", result);
    let raw = raw(&request);
    for pair in [
        "enable_fax=1",
        "enable_voicemail=0",
        "sms_support=1",
        "mms_support=0",
        "t38_support=1",
        "ondemand_recording=0",
        "options=enable_forwarding,enable_recording",
        "usage_type=default",
        "type=local",
    ] {
        assert!(raw.split('&').any(|p| p == pair), "{pair} not in {raw}");
    }
    assert!(!raw.contains("=true") && !raw.contains("=false"), "{raw}");
}

operation!(
    get_new_dids
        .type_(types::GetNewDidsType::Tollfree)
        .npa("833")
        .nxx("555")
        .district("Montreal")
        .ratecenter_id("MONTREAL")
        .state_id("QC")
        .included_patterns(vec![
            types::GetNewDidsIncludedPatterns::RareNumber,
            types::GetNewDidsIncludedPatterns::PatternDoubleDigits,
        ])
        .order(types::GetNewDidsOrder::Random)
        .sms_support(true)
        .t38_support(false)
);
operation!(
    order_new_dids
        .quantity(5)
        .type_(types::OrderNewDidsType::Local)
        .ratecenter_id("MONTREAL")
        .prefix("514555")
        .prefix_preference(types::OrderNewDidsPrefixPreference::InRatecenter)
        .sequential(types::OrderNewDidsSequential::Sequential)
        .capacity(types::OrderNewDidsCapacity::V25)
        .sms_support(true)
        .mms_support(false)
        .t38_support(true)
        .comments("new branch")
);

operation!(
    update_did
        .usage_type(types::DidUsageType::Default)
        .client_did_id(4321)
        .phone_number("5145550123")
        .type_(types::DidType::Local)
        .friendly_name("Main line")
        .status(types::Status::Enabled)
        .client_subaccount_id(1234)
        .client_channel_id(7)
        .client_peer_ids(vec![31, 32])
        .client_queue_ids(vec![5])
        .client_filter_ids(vec![9, 10])
        .client_mailbox_id(12)
        .client_fax_profile_id(2)
        .client_sms_profile_id(3)
        .client_ivr_profile_id(4)
        .client_director_profile_id(6)
        .client_conference_profile_id("8")
        .options(vec![
            types::UpdateDidOptions::EnablePeer,
            types::UpdateDidOptions::EnableVoicemail,
            types::UpdateDidOptions::EnableSms,
        ])
        .peer_contact_mode(types::UpdateDidPeerContactMode::Simultaneous)
        .peer_timeout(types::RingTimeout::V20)
        .forward_timeout(types::RingTimeout::Disabled)
        .forward_number(5145550199_i64)
        .peer_failover_causes("480,486")
        .notify_callback_triggers(vec![
            types::NotifyCallbackTrigger::OnRing,
            types::NotifyCallbackTrigger::OnHangup,
        ])
        .notify_callback_url("https://hooks.example.com/calls")
        .sms_callback_url("https://hooks.example.com/sms")
        .sms_forward_number("5145550198")
        .sms_notify_email("sms@example.com")
        .sms_autoreply_message("We will get back to you.")
        .sms_dnis_rewrite("+1")
        .dnis_rewrite("+1")
        .callerid_name_rewrite("ACME")
        .callerid_number_rewrite("5145550100")
        .announce_media_file_id("301")
        .confirm_media_file_id("302")
        .monitor_media_file_id("303")
        .bridge_uri("sip:bridge@pbx.example.com")
        .send_dtmf("ww1")
        .ondemand_recording(1)
        .recording_notify_recipient_email("rec@example.com")
        .recording_notify_recipient_name("Records")
        .simultaneous_calls_limit(4)
        .exclude_e911_list(0)
        .exclude_e411_list(1)
        .pickup_group_ids("1,2")
        .voice_language(types::Language::Fr)
        .preserve_missing_data(true)
        .raw_metadata("crm=42")
        .serialized_metadata(r#"{"crm":42}"#)
        .comments("updated by the test suite")
);

// ------------------------------------------------------------------ E911 and 411

operation!(
    check_e911
        .civic_number(1234)
        .street("Rue Sainte-Catherine Ouest")
        .city("Montreal")
        .postal_code("H3G 1P1")
        .state_code("QC")
        .state_id(11)
        .country_code("CA")
        .country_id(1)
        .address_type(types::AddressType::Suite)
        .address_type_number("400")
        .phone_number(5145550123_i64)
);
operation!(
    update_e911
        .phone_number(5145550123_i64)
        .full_name("ACME Inc.")
        .civic_number(1234)
        .street("Rue Sainte-Catherine Ouest")
        .city("Montreal")
        .postal_code("H3G 1P1")
        .state_code("QC")
        .country_code("CA")
        .address_type(types::AddressType::Floor)
        .address_type_number("4")
        .e911_language(types::Language::Fr)
        .rate_provider_id(2)
);
operation!(
    get_e911
        .client_did_id(4321)
        .client_endpoint_id(600)
        .client_subaccount_id(1234)
        .phone_number(5145550123_i64)
        .result_limit(10)
        .result_offset(0)
);
operation!(
    delete_e911
        .client_did_id(4321)
        .client_endpoint_id(600)
        .phone_number(5145550123_i64)
);
operation!(
    associate_e911
        .client_peer_id(31)
        .client_did_id(4321)
        .client_endpoint_id(600)
        .phone_number(5145550123_i64)
);
operation!(disassociate_e911.client_peer_id(31));
operation!(
    get_whitepages
        .provision_status(vec![
            types::GetWhitepagesProvisionStatus::Pending,
            types::GetWhitepagesProvisionStatus::Activated,
        ])
        .status(vec![types::GetWhitepagesStatus::Enabled])
);
operation!(
    update_whitepages
        .phone_number(5145550123_i64)
        .type_(types::UpdateWhitepagesType::Business)
        .sort_word("ACME")
        .sub_word("Hardware")
        .civic_number(1234)
        .street("Rue Sainte-Catherine Ouest")
        .city("Montreal")
        .postal_code("H3G 1P1")
        .state_id(11)
        .country_id(1)
        .address_type(types::AddressType::Unit)
        .address_type_number("2")
);
operation!(
    delete_whitepages
        .client_411_listing_id(50)
        .client_did_id(4321)
        .phone_number(5145550123_i64)
);

// ------------------------------------------------------------------ fax

operation!(
    get_faxes
        .call_fax_id(101)
        .call_hash("a1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6")
        .client_fax_profile_id(2)
        .client_subaccount_id(1234)
        .date_from(day(2024, 6, 1))
        .date_to(day(2024, 6, 30))
        .status(vec![types::RecordStatus::Enabled])
        .transmission_status(vec![
            types::TransmissionStatus::Completed,
            types::TransmissionStatus::Failed,
        ])
);

/// Lists of integers and of strings as comma lists, and a date.
#[tokio::test]
async fn delete_faxes() {
    let server = serve().await;
    let result = client(&server)
        .delete_faxes()
        .call_fax_id(vec![101, 102, 103])
        .call_hash(strings(&[
            "a1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6",
            "b1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6",
        ]))
        .date(day(2024, 2, 29))
        .comments("purge, Q1")
        .send()
        .await;
    let request = finish(&server, "delete_faxes", result);
    let raw = raw(&request);
    assert!(raw.contains("call_fax_id=101,102,103"), "{raw}");
    assert!(
        raw.contains("call_hash=a1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6,b1B2c3D4e5F6a7B8c9D0e1F2a3B4c5D6"),
        "{raw}"
    );
    assert!(raw.contains("date=2024-02-29"), "{raw}");
}

/// A multipart POST: the document is a file part, the other fields text
/// parts, and so are the credentials, after them.
#[tokio::test]
async fn queue_fax() {
    let server = serve().await;
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n".to_vec();
    let result = client(&server)
        .queue_fax()
        .client_fax_profile_id(2)
        .destination_number("5145550123")
        .attachments(
            FilePart::new(pdf.clone())
                .file_name("invoice.pdf")
                .content_type("application/pdf"),
        )
        .datetime_scheduled("2024-07-01 09:30:00")
        .email_from("billing@example.com")
        .name_from("Billing")
        .page_format("letter")
        .resolution("fine")
        .retry_limit("2")
        .unique_id("inv-2024-0042")
        .language("fr")
        .currency("CAD")
        .send()
        .await;
    let request = finish(&server, "queue_fax", result);
    let parts = request.multipart().expect("a multipart body");
    let file = parts
        .iter()
        .find(|p| p.name == "attachments")
        .expect("an attachments part");
    assert_eq!(file.file_name.as_deref(), Some("invoice.pdf"));
    assert_eq!(file.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(file.body, pdf);
    let text = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.text())
            .map(str::to_owned)
    };
    assert_eq!(text("client_fax_profile_id").as_deref(), Some("2"));
    assert_eq!(text("destination_number").as_deref(), Some("5145550123"));
    assert_eq!(
        text("datetime_scheduled").as_deref(),
        Some("2024-07-01 09:30:00")
    );
    // Nothing in the query string; the credentials are the last two parts.
    assert_eq!(request.raw_query(), "");
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names[names.len() - 2..], ["username", "auth_token"]);
}

operation!(
    get_fax_profiles
        .client_fax_profile_id(2)
        .client_subaccount_id(1234)
);
operation!(
    update_fax_profile
        .mode(types::UpdateMode::Create)
        .friendly_name("Accounting fax")
        .status(types::Status::Enabled)
        .language(types::Language::En)
        .allowed_senders(strings(&["billing@example.com", "5145550100"]))
        .callerid_name("ACME Accounting")
        .callerid_number("5145550100")
        .email("fax@example.com")
        .fax_header("ACME Inc.")
        .local_ident("ACME")
        .page_format(types::PageFormat::A4)
        .resolution(types::UpdateFaxProfileResolution::SuperFine)
        .options(vec![
            types::UpdateFaxProfileOptions::EnableCoverPage,
            types::UpdateFaxProfileOptions::OutboundFailedNotification,
        ])
        .retry_limit(3)
        .contact_name("Jane Doe")
        .callback_url("https://hooks.example.com/fax")
        .backup_url("https://backup.example.com/fax")
        .client_subaccount_id(1234)
        .comments("created by the test suite")
);
operation!(delete_fax_profile.client_fax_profile_id(2));

// ------------------------------------------------------------------ SMS

/// A text message: an urlencoded form POST whose fields are the message's
/// and then the credentials, with nothing in the URL.
#[tokio::test]
async fn queue_sms_text() {
    let server = serve().await;
    let result = client(&server)
        .queue_sms()
        .source_number("15145550100")
        .destination_number("15145550123")
        .message("Your order #42 has shipped: été, naïve & co.")
        .retry_limit(2)
        .send()
        .await;
    let request = finish(&server, "queue_sms_text", result);
    assert_eq!(request.raw_query(), "");
    assert_eq!(
        request.form_pairs(),
        [
            ("destination_number".to_owned(), "15145550123".to_owned()),
            (
                "message".to_owned(),
                "Your order #42 has shipped: été, naïve & co.".to_owned()
            ),
            ("retry_limit".to_owned(), "2".to_owned()),
            ("source_number".to_owned(), "15145550100".to_owned()),
            ("username".to_owned(), USER.to_owned()),
            ("auth_token".to_owned(), TOKEN.to_owned()),
        ]
    );
    // The raw body, as form encoding writes it.
    let body = String::from_utf8(request.body.clone()).unwrap();
    assert!(
        body.starts_with("destination_number=15145550123&message=Your+order+%2342+has+shipped%3A+%C3%A9t%C3%A9%2C+na%C3%AFve+%26+co.&"),
        "{body}"
    );
    assert!(
        body.ends_with(&format!("&username={USER}&auth_token={TOKEN}")),
        "{body}"
    );
}

/// An MMS by URL: `attachment` (singular) names the media, and the request
/// stays an urlencoded form, since no file is uploaded.
#[tokio::test]
async fn queue_sms_mms_by_url() {
    let server = serve().await;
    let url = "https://cdn.example.com/media/label.png?v=2&size=large";
    let result = client(&server)
        .queue_sms()
        .client_did_id(4321)
        .destination_number("15145550123")
        .attachment(url)
        .send()
        .await;
    let request = finish(&server, "queue_sms_mms_by_url", result);
    assert_eq!(request.form("attachment").as_deref(), Some(url));
    assert!(request.form("attachments").is_none());
    assert!(request.form("message").is_none());
    assert_eq!(request.form("client_did_id").as_deref(), Some("4321"));
}

/// A multipart POST with an MMS image as a file part.
#[tokio::test]
async fn queue_sms() {
    let server = serve().await;
    let png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0];
    let result = client(&server)
        .queue_sms()
        .source_number("5145550100")
        .destination_number("5145550123")
        .message("Your order #42 has shipped: été, naïve & co.")
        .attachments(
            FilePart::new(png.clone())
                .file_name("label.png")
                .content_type("image/png"),
        )
        .retry_limit(2)
        .send()
        .await;
    let request = finish(&server, "queue_sms", result);
    let parts = request.multipart().expect("a multipart body");
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "attachments",
            "destination_number",
            "message",
            "retry_limit",
            "source_number",
            "username",
            "auth_token"
        ]
    );
    assert_eq!(parts[0].file_name.as_deref(), Some("label.png"));
    assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
    assert_eq!(parts[0].body, png);
    assert_eq!(
        parts[2].text(),
        Some("Your order #42 has shipped: été, naïve & co.")
    );
    assert_eq!(parts[3].text(), Some("2"));
}

/// From a DID, with a file of no explicit type: a multipart POST whose file
/// part defaults to `application/octet-stream`.
#[tokio::test]
async fn queue_sms_from_a_did_with_an_untyped_file() {
    let server = serve().await;
    client(&server)
        .queue_sms()
        .client_did_id(4321)
        .destination_number("5145550123")
        .attachments(FilePart::new(b"GIF89a".to_vec()))
        .send()
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(request.method, "POST");
    let parts = request.multipart().expect("a multipart body");
    assert_eq!(parts[0].name, "attachments");
    assert_eq!(
        parts[0].content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(parts[1].name, "client_did_id");
    assert_eq!(parts[1].text(), Some("4321"));
}

operation!(
    get_sms
        .client_subaccount_id(1234)
        .date_from(day(2024, 8, 1))
        .date_to(day(2024, 8, 2))
        .direction(types::Direction::Outbound)
        .source_number(5145550100_i64)
        .destination_number(5145550123_i64)
        .sms_hash("0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d")
        .sms_log_id(987654)
        .status(vec![
            types::RecordStatus::Enabled,
            types::RecordStatus::Deleted
        ])
        .transmission_status(vec![types::TransmissionStatus::Pending])
        .result_limit(500)
);
operation!(delete_sms.sms_log_id(987654));
operation!(
    get_sms_stats
        .client_subaccount_ids(vec![1234])
        .date_from(day(2024, 8, 1))
        .date_to(day(2024, 8, 31))
        .message_types(vec![
            types::MessageType::SmsOutbound,
            types::MessageType::MmsOutbound,
        ])
);
operation!(
    get_sms_profiles
        .client_sms_profile_id(3)
        .client_subaccount_id(1234)
);
operation!(
    update_sms_profile
        .options(vec![
            types::UpdateSmsProfileOptions::EnableForwarding,
            types::UpdateSmsProfileOptions::EnableCallback,
        ])
        .mode(types::UpdateMode::Update)
        .client_sms_profile_id(3)
        .friendly_name("Support SMS")
        .forward_number("5145550198")
        .callback_url("https://hooks.example.com/sms")
        .backup_url("https://backup.example.com/sms")
        .allowed_senders(strings(&["5145550100", "5145550101"]))
        .notify_email("support@example.com")
        .notify_name("Support")
        .autoreply_message("Thanks!")
        .client_did_id("4321")
        .client_subaccount_id(1234)
        .status(types::EntityStatus::Enabled)
        .language(types::Language::Fr)
        .comments("updated")
);
operation!(delete_sms_profile.client_sms_profile_id(3));

// ------------------------------------------------------------------ peers, channels, extensions

operation!(
    get_peers
        .client_peer_id(31)
        .client_channel_id(7)
        .client_subaccount_id(1234)
);

/// `update_peer` has a deprecated `username` parameter, the same query key
/// as the credential: the client's user name replaces it.
#[tokio::test]
async fn update_peer() {
    let server = serve().await;
    let result = client(&server)
        .update_peer()
        .mode(types::UpdateMode::Create)
        .friendly_name("Front desk")
        .callerid_mode(types::UpdatePeerCalleridMode::Custom)
        .host_type(types::UpdatePeerHostType::Dynamic)
        .peer_username("frontdesk01")
        .username("legacy-peer-name")
        .password("S3cure-Peer-Pass")
        .auth_username("frontdesk01")
        .codecs(vec![
            types::UpdatePeerCodecs::Ulaw,
            types::UpdatePeerCodecs::G729,
        ])
        .dtmf_mode(types::UpdatePeerDtmfMode::Rfc2833)
        .transport(types::UpdatePeerTransport::Tls)
        .callerid_name("Front desk")
        .callerid_number("5145550100")
        .callerid_format(types::UpdatePeerCalleridFormat::E164)
        .callerid_type(types::UpdatePeerCalleridType::Pid)
        .dnis_mode(types::UpdatePeerDnisMode::Forced)
        .dnis_format(types::UpdatePeerDnisFormat::National)
        .enable_dnis(1)
        .enable_nat(1)
        .enable_qualify(1)
        .qualify(1)
        .enable_reinvite(0)
        .enable_recording(0)
        .ondemand_recording(1)
        .enable_notification(1)
        .enable_notify_callback(1)
        .enable_auth(1)
        .force_ring_signal(0)
        .notify_callback_triggers(vec![types::NotifyCallbackTrigger::OnCreate])
        .notify_callback_url("https://hooks.example.com/peer")
        .client_filter_ids(vec![9])
        .client_channel_id(7)
        .client_callerid_profile_id(14)
        .client_subaccount_id(1234)
        .proxy_id(2)
        .provisioned_endpoint_id(600)
        .default_ip("203.0.113.10")
        .host("pbx.example.com")
        .port("5061")
        .progress_timeout("10")
        .register_timeout("3600")
        .simultaneous_calls_limit(4)
        .status(types::Status::Enabled)
        .raw_metadata("desk=1")
        .serialized_metadata(r#"{"desk":1}"#)
        .comments("created by the test suite")
        .send()
        .await;
    let request = finish(&server, "update_peer", result);
    // One `username`, the credential's: the deprecated parameter is gone.
    assert_eq!(request.query_all("username"), [USER]);
    assert!(!request.raw_query().contains("legacy-peer-name"));
    assert_eq!(
        request.query("peer_username").as_deref(),
        Some("frontdesk01")
    );
    assert_eq!(request.query("codecs").as_deref(), Some("ulaw,g729"));
}

/// With `client_user_id` credentials there is no `username` credential to
/// replace the deprecated parameter, so it goes out as set, next to them.
#[tokio::test]
async fn update_peer_username_with_client_user_id_credentials() {
    let server = serve().await;
    voicemeup::Client::builder(Credentials::client_user_id("123456", TOKEN))
        .base_url(base_url(&server))
        .build()
        .unwrap()
        .update_peer()
        .client_peer_id(31)
        .friendly_name("Front desk")
        .callerid_mode(types::UpdatePeerCalleridMode::Global)
        .host_type(types::UpdatePeerHostType::Static)
        .username("legacy-peer-name")
        .send()
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(request.query_all("username"), ["legacy-peer-name"]);
    assert_eq!(request.query_all("client_user_id"), ["123456"]);
    assert_eq!(request.query_all("auth_token"), [TOKEN]);
}

operation!(delete_peer.client_peer_id(31));
operation!(get_channels.client_channel_id(7));
operation!(
    update_channel
        .mode(types::UpdateMode::Create)
        .friendly_name("Head office")
        .quantity_inbound(10)
        .quantity_outbound(10)
        .quantity_bidirectional(5)
);
operation!(delete_channel.client_channel_id(7));
operation!(
    get_extensions
        .client_extension_id(201)
        .client_subaccount_id(1234)
);
operation!(
    update_extension
        .mode(types::UpdateMode::Create)
        .extension(201)
        .friendly_name("Sales")
        .status(types::Status::Enabled)
        .client_peer_ids(vec![31, 32])
        .client_queue_ids(vec![5])
        .client_mailbox_id(12)
        .client_subaccount_id(1234)
        .enable_peer(1)
        .enable_voicemail(1)
        .enable_forwarding(0)
        .enable_parking(0)
        .forward_number(5145550199_i64)
        .forward_timeout(types::RingTimeout::V30)
        .peer_timeout(types::RingTimeout::V15)
        .options(vec![
            types::AnnounceConfirmOptions::AnnounceCaller,
            types::AnnounceConfirmOptions::ConfirmRequired,
        ])
        .announce_media_file_id(301)
        .confirm_media_file_id(302)
        .dnis_rewrite("+1")
        .send_dtmf("ww9")
        .voice_language(types::Language::En)
        .raw_metadata("team=sales")
        .serialized_metadata(r#"{"team":"sales"}"#)
        .comments("created by the test suite")
);

// ------------------------------------------------------------------ mailboxes

operation!(get_mailboxes.client_mailbox_id(12));
operation!(
    update_mailbox
        .mode(types::UpdateMode::Update)
        .client_mailbox_id(12)
        .friendly_name("Sales voicemail")
        .passcode("8642")
        .email("sales@example.com")
        .contact_name("Sales team")
        .enable_mail_notification(1)
        .enable_peer_notification(1)
        .notification_peers(vec![31, 32])
        .notification_duration(30)
        .client_subaccount_id(1234)
        .status(types::Status::Enabled)
        .raw_metadata("team=sales")
        .serialized_metadata(r#"{"team":"sales"}"#)
        .comments("updated")
);
operation!(delete_mailbox.client_mailbox_id(12));

/// A multipart POST with a recorded greeting.
#[tokio::test]
async fn update_mailbox_greeting() {
    let server = serve().await;
    let wav = b"RIFF\x24\x00\x00\x00WAVEfmt ".to_vec();
    let result = client(&server)
        .update_mailbox_greeting()
        .client_mailbox_id(12)
        .mode("post_file")
        .attachments(
            FilePart::new(wav.clone())
                .file_name("greeting.wav")
                .content_type("audio/wav"),
        )
        .friendly_name("Summer greeting")
        .language("en")
        .send()
        .await;
    let request = finish(&server, "update_mailbox_greeting", result);
    let parts = request.multipart().expect("a multipart body");
    let file = parts.iter().find(|p| p.name == "attachments").unwrap();
    assert_eq!(file.file_name.as_deref(), Some("greeting.wav"));
    assert_eq!(file.body, wav);
    let mode = parts.iter().find(|p| p.name == "mode").unwrap();
    assert_eq!(mode.text(), Some("post_file"));
}

/// Text to speech: still a multipart POST, with text parts only.
#[tokio::test]
async fn update_mailbox_greeting_by_text_to_speech() {
    let server = serve().await;
    client(&server)
        .update_mailbox_greeting()
        .client_mailbox_id(12)
        .mode("text_to_speech")
        .text("You have reached ACME. Please leave a message.")
        .voice_name("Joanna")
        .client_media_file_id(301)
        .send()
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(request.method, "POST");
    let parts = request.multipart().expect("a multipart body");
    assert!(parts.iter().all(|p| p.file_name.is_none()), "{parts:?}");
    assert!(
        parts
            .iter()
            .any(|p| p.name == "voice_name" && p.text() == Some("Joanna"))
    );
}

// ------------------------------------------------------------------ call routing

/// Arrays of action objects as PHP bracket keys, and a boolean as `1`.
#[tokio::test]
async fn update_call_director_profile() {
    let server = serve().await;
    let result = client(&server)
        .update_call_director_profile()
        .mode(types::UpdateMode::Create)
        .friendly_name("Business hours")
        .status(types::Status::Enabled)
        .preserve_missing_data(true)
        .client_subaccount_id(1234)
        .action(vec![
            build(
                types::UpdateCallDirectorProfileAction::builder()
                    .usage_type(types::UpdateCallDirectorProfileActionUsageType::Forward)
                    .forward_number("5145550199".to_string())
                    .offset(0_i64)
                    .duration(20_i64)
                    .options(vec![types::AnnounceConfirmOptions::ConfirmRequired])
                    .confirm_media_file_id(302_i64),
            ),
            build(
                types::UpdateCallDirectorProfileAction::builder()
                    .usage_type(types::UpdateCallDirectorProfileActionUsageType::Peer)
                    .client_peer_id(31_i64)
                    .offset(20_i64)
                    .duration(25_i64)
                    .comments("then the desk".to_string()),
            ),
        ])
        .comments("created by the test suite")
        .send()
        .await;
    let request = finish(&server, "update_call_director_profile", result);
    let raw = raw(&request);
    // The documented form: `action[0][usage_type]=forward&action[0][forward_number]=…`.
    for pair in [
        "action[0][usage_type]=forward",
        "action[0][forward_number]=5145550199",
        "action[0][offset]=0",
        "action[0][duration]=20",
        "action[0][confirm_media_file_id]=302",
        "action[1][usage_type]=peer",
        "action[1][client_peer_id]=31",
        "action[1][offset]=20",
        "action[1][duration]=25",
        "preserve_missing_data=1",
    ] {
        assert!(raw.split('&').any(|p| p == pair), "{pair} not in {raw}");
    }
    // Fields left out are not sent, not even empty.
    assert!(!raw.contains("action[0][sip_uri]"), "{raw}");
    assert!(!raw.contains("action[1][options]"), "{raw}");
}

operation!(
    get_call_director_profiles
        .client_director_profile_id(6)
        .client_subaccount_id(1234)
);
operation!(delete_call_director_profile.client_director_profile_id(6));
operation!(
    get_callerid_profiles
        .client_callerid_profile_id(14)
        .client_subaccount_id(1234)
);
operation!(
    update_callerid_profile
        .mode(types::UpdateMode::Create)
        .friendly_name("Local presence")
        .status(types::Status::Enabled)
        .callerid_name("ACME")
        .callerid_number(5145550100_i64)
        .privacy(types::CalleridPrivacy::Keep)
        .client_did_ids(vec![4321, 4322])
        .default_client_did_id(4321)
        .purge_conditions(1)
        .conditions_data(vec![
            build(
                types::UpdateCalleridProfileCondition::builder()
                    .match_methods(vec![
                        types::UpdateCalleridProfileMatchMethods::LocalToDestination,
                        types::UpdateCalleridProfileMatchMethods::RadiusFromDestination,
                    ])
                    .radius_distance(50_i64)
                    .client_did_id(4321_i64)
                    .order_index(1_i64),
            ),
            build(
                types::UpdateCalleridProfileCondition::builder()
                    .match_methods(vec![
                        types::UpdateCalleridProfileMatchMethods::DestinationRegexp
                    ])
                    .destination_regexp("^1?(416|647)".to_string())
                    .callerid_number(4165550100_i64)
                    .privacy(types::CalleridPrivacy::Disable)
                    .order_index(2_i64),
            ),
        ])
        .client_subaccount_id(1234)
        .comments("created by the test suite")
);
operation!(
    get_ivr_profiles
        .client_ivr_profile_id(4)
        .client_subaccount_id(1234)
);
operation!(
    update_ivr_profile
        .mode(types::UpdateMode::Create)
        .friendly_name("Main menu")
        .status(types::Status::Enabled)
        .default_language(types::UpdateIvrProfileDefaultLanguage::Fr)
        .options(vec![types::UpdateIvrProfileOptions::EnableDirectory])
        .pre_ivr_delay(types::UpdateIvrProfilePreIvrDelay::V5)
        .pre_ivr_extension(201)
        .client_moh_profile_id(1)
        .client_office_hour_id(8)
        .client_subaccount_id(1234)
        .raw_metadata("menu=main")
        .serialized_metadata(r#"{"menu":"main"}"#)
        .comments("created by the test suite")
);
operation!(get_queues.client_queue_id(5).client_subaccount_id(1234));
operation!(
    update_queue
        .mode(types::UpdateMode::Create)
        .friendly_name("Support queue")
        .status(types::Status::Enabled)
        .agents(vec![90, 91])
        .options(vec![
            types::UpdateQueueOptions::EnableTiersEscalation,
            types::UpdateQueueOptions::EnableResumeAbandoned,
        ])
        .max_wait_time(600)
        .max_no_agent(3)
        .max_wait_time_no_agent(60)
        .discard_abandoned_delay(30)
        .progressive_ring_delay(5)
        .tier_escalate_delay(20)
        .datetime_suspended_until("2024-12-24 17:00:00")
        .client_moh_profile_id(1)
        .client_subaccount_id(1234)
        .comments("created by the test suite")
);
operation!(
    get_queue_agents
        .client_queue_agent_id(90)
        .client_subaccount_id(1234)
);
operation!(
    update_queue_agent
        .mode(types::UpdateMode::Create)
        .friendly_name("Agent Smith")
        .agent_status(types::UpdateQueueAgentAgentStatus::Online)
        .status(types::Status::Enabled)
        .client_peer_id(31)
        .client_director_profile_id(6)
        .client_schedule_id(8)
        .max_unanswered(3)
        .ring_delay(0)
        .wrap_up_delay(15)
        .on_busy_delay(10)
        .on_reject_delay(10)
        .on_unanswered_delay(30)
        .client_subaccount_id(1234)
        .comments("created by the test suite")
);
operation!(
    get_schedules
        .client_schedule_id(8)
        .client_subaccount_id(1234)
);

/// Shifts as PHP bracket keys (`shift[0][days]=2`), a date.
#[tokio::test]
async fn update_schedule() {
    let server = serve().await;
    let result = client(&server)
        .update_schedule()
        .mode(types::UpdateMode::Create)
        .friendly_name("Office hours")
        .status(types::Status::Enabled)
        .range_date(types::UpdateScheduleRangeDate::Weekly)
        .shift_start_date(day(2024, 9, 2))
        .shift(vec![
            build(
                types::UpdateScheduleShift::builder()
                    .status(types::UpdateScheduleShiftStatus::On)
                    .days(2_i64),
            ),
            build(
                types::UpdateScheduleShift::builder()
                    .status(types::UpdateScheduleShiftStatus::Off)
                    .days(5_i64),
            ),
        ])
        .time_zone_id(17)
        .client_subaccount_id(1234)
        .comments("created by the test suite")
        .send()
        .await;
    let request = finish(&server, "update_schedule", result);
    let raw = raw(&request);
    for pair in [
        "shift[0][status]=on",
        "shift[0][days]=2",
        "shift[1][status]=off",
        "shift[1][days]=5",
        "shift_start_date=2024-09-02",
        "range_date=weekly",
    ] {
        assert!(raw.split('&').any(|p| p == pair), "{pair} not in {raw}");
    }
}

/// `business_hours`, a JSON string, instead of shifts.
#[tokio::test]
async fn update_schedule_with_business_hours() {
    let server = serve().await;
    let hours = r#"{"mon":[["09:00","17:00"]]}"#;
    client(&server)
        .update_schedule()
        .friendly_name("Office hours")
        .client_schedule_id(8)
        .business_hours(hours)
        .send()
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(request.query("business_hours").as_deref(), Some(hours));
    assert!(!unescape(request.raw_query()).contains("shift["));
}

// ------------------------------------------------------------------ media, devices

operation!(
    get_media_files
        .client_media_file_id(301)
        .client_media_folder_id(2)
        .client_subaccount_id(1234)
);
operation!(
    get_device_endpoints
        .client_device_endpoint_id(700)
        .client_subaccount_id(1234)
        .device_id(55)
        .device_mac("805EC0123456")
);
operation!(
    update_device_endpoint
        .mode(types::UpdateMode::Create)
        .device_id(55)
        .device_mac("805EC0123456")
        .device_name("T54W")
        .serial_number("SN-0042")
        .friendly_name("Reception phone")
        .client_peer_ids(strings(&["31", "32"]))
        .client_extension_id(201)
        .client_mailbox_id(12)
        .call_forwarding(types::UpdateDeviceEndpointCallForwarding::Disallow)
        .call_waiting(types::UpdateDeviceEndpointCallWaiting::Active)
        .is_time_format24h(true)
        .is_vlan_enabled(types::UpdateDeviceEndpointIsVlanEnabled::V1)
        .vlan(20)
        .timezone_id("America/Toronto")
        .admin_password("Adm1n-Pass")
        .phone_password("1234")
        .button_config(r#"[{"key":1,"type":"blf","value":"201"}]"#)
        .status(types::EntityStatus::Enabled)
        .client_subaccount_id(1234)
        .comments("created by the test suite")
);
operation!(delete_device_endpoint.client_device_endpoint_id(700));

// ------------------------------------------------------------------ subaccounts

operation!(
    get_subaccounts
        .client_subaccount_id(1234)
        .client_brand_id(2)
        .get_associations(true)
        .status(vec![
            types::EntityStatus::Enabled,
            types::EntityStatus::Disabled
        ])
);
operation!(
    update_subaccount
        .mode(types::UpdateMode::Create)
        .friendly_name("Branch Quebec")
        .status(types::EntityStatus::Enabled)
        .multi_tenancy_mode(types::UpdateSubaccountMultiTenancyMode::SelfValue)
        .multi_tenancy_subaccount_id("1234")
        .client_profile(types::UpdateSubaccountClientProfile::CommercialClient)
        .organization("ACME Quebec")
        .organization_type(types::OrganizationType::Business)
        .allow_international_call(types::YesNo::No)
        .require_international_nip(types::YesNo::Yes)
        .international_nip(strings(&["1234", "5678"]))
        .international_call_limit(2)
        .call_limit(10)
        .callerid_name("ACME QC")
        .callerid_number("4185550100")
        .client_brand_id(2)
        .client_moh_profile_id("1")
        .custom_id("crm-7781")
        .default_provisioned_endpoint_id("600")
        .notification_language(types::Language::Fr)
        .voice_language(types::Language::Fr)
        .options(vec![
            types::UpdateSubaccountOptions::EnableBillingModule,
            types::UpdateSubaccountOptions::Disable411Access,
        ])
        .raw_metadata("region=qc")
        .serialized_metadata(r#"{"region":"qc"}"#)
        .comments("created by the test suite")
);
operation!(
    update_subaccount_address
        .client_subaccount_id(1234)
        .mode(types::UpdateMode::Create)
        .type_(types::UpdateSubaccountAddressType::Billing)
        .civic_number(500)
        .street("Grande Allee Est")
        .unit_number(3)
        .box_number("12")
        .city("Quebec")
        .postal_code("G1R 2J5")
        .state_id("11")
        .country_id(1)
        .precision("rooftop")
);
operation!(
    update_subaccount_associations
        .client_subaccount_id(1234)
        .associated_dids(vec![4321, 4322])
        .associated_peers(vec![31])
        .associated_extensions(vec![201])
        .associated_mailboxes(vec![12])
        .associated_fax_profiles(vec![2])
        .associated_sms_profiles(vec![3])
);

// ------------------------------------------------------------------ porting, resellers, storage

operation!(
    get_port_requests
        .client_subaccount_id(1234)
        .current_owner("Bell Canada")
        .date_from(day(2024, 1, 1))
        .date_to(day(2024, 6, 30))
        .phone_number(5145550123_i64)
        .port_request_id("PR-1001")
        .status(vec![
            types::PortRequestStatus::SentToProvider,
            types::PortRequestStatus::FirmConfirm,
        ])
);

/// A multipart POST with three documents as file parts.
#[tokio::test]
async fn update_port_request() {
    let server = serve().await;
    let result = client(&server)
        .update_port_request()
        .mode("create")
        .friendly_name("Head office numbers")
        .phone_number_type("local")
        .phone_numbers("5145550123,5145550124")
        .phone_numbers_to_keep("5145550125")
        .phone_numbers_to_cancel("5145550126")
        .capacity("2-5")
        .organization("ACME Inc.")
        .organization_type("business")
        .civic_number(1234)
        .street("Rue Sainte-Catherine Ouest")
        .unit_number(400)
        .city("Montreal")
        .postal_code("H3G 1P1")
        .state_id("11")
        .country_id(1)
        .current_provider("Bell Canada")
        .current_reseller_account("987654321")
        .requested_firm_date(chrono::NaiveDate::from_ymd_opt(2024, 10, 15).unwrap())
        .is_notify_creation(true)
        .send_to_staff(false)
        .notification_client_user_id("123456")
        .client_subaccount_id(1234)
        .loa(
            FilePart::new(b"%PDF-1.4 loa".to_vec())
                .file_name("loa.pdf")
                .content_type("application/pdf"),
        )
        .bill(
            FilePart::new(b"%PDF-1.4 bill".to_vec())
                .file_name("bill.pdf")
                .content_type("application/pdf"),
        )
        .other(FilePart::new(b"csr".to_vec()).file_name("csr.txt"))
        .send()
        .await;
    let request = finish(&server, "update_port_request", result);
    let parts = request.multipart().expect("a multipart body");
    for (name, file) in [
        ("loa", "loa.pdf"),
        ("bill", "bill.pdf"),
        ("other", "csr.txt"),
    ] {
        let part = parts.iter().find(|p| p.name == name).expect(name);
        assert_eq!(part.file_name.as_deref(), Some(file));
    }
    let text = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.text())
            .map(str::to_owned)
    };
    assert_eq!(
        text("phone_numbers").as_deref(),
        Some("5145550123,5145550124")
    );
    assert_eq!(text("requested_firm_date").as_deref(), Some("2024-10-15"));
    // Booleans are `1` and `0` in the body too, as in the query strings of
    // the GET request types (to PHP, the string `false` is true).
    assert_eq!(text("is_notify_creation").as_deref(), Some("1"));
    assert_eq!(text("send_to_staff").as_deref(), Some("0"));
}

operation!(
    get_resellers_transactions
        .client_subaccount_id(1234)
        .date_from(day(2024, 1, 1))
        .date_to(day(2024, 3, 31))
        .reseller_transaction_id(5001)
);
operation!(
    get_resellers_invoices
        .client_subaccount_id(1234)
        .date_from(day(2024, 1, 1))
        .date_to(day(2024, 3, 31))
        .reseller_invoice_id(7001)
        .web_key("f00dfeed")
);
operation!(
    get_storage_stats
        .client_subaccount_ids(vec![1234, 5678])
        .date_from(day(2024, 1, 1))
        .date_to(day(2024, 1, 31))
        .storage_types(vec![
            types::StorageType::RecordingsSize,
            types::StorageType::FaxesSize,
        ])
);

// ------------------------------------------------------------------ 3CX

operation!(
    get_3cx_servers
        .pbx3cx_server_id(11)
        .client_subaccount_id(1234)
        .friendly_name("HQ PBX")
        .level(2)
        .license_key("ABCD-EFGH-IJKL-MNOP")
        .server_fqdn("acme.3cx.ca")
);
operation!(
    update_3cx_server
        .mode(types::UpdateMode::Create)
        .friendly_name("HQ PBX")
        .status(types::EntityStatus::Enabled)
        .server_fqdn("acme.3cx.ca")
        .server_name("acme")
        .server_port(5001)
        .server_password("Srv-Pass-1")
        .license_key("ABCD-EFGH-IJKL-MNOP")
        .license_expiration(day(2025, 12, 31))
        .enable_fetch_license_expiration(true)
        .is_connection_allowed(false)
        .level(types::Update3cxServerLevel::V2)
        .product_edition(types::Update3cxServerProductEdition::Professional)
        .product_simultaneous_calls(types::Update3cxServerProductSimultaneousCalls::V16)
        .auth_type(types::Update3cxServerAuthType::Subaccount)
        .auth_id("admin")
        .auth_password("Auth-Pass-1")
        .dns_service(types::Update3cxServerDnsService::DnsCf)
        .certificate_token("cert-token")
        .backup_frequency(types::Update3cxServerBackupFrequency::V1Week)
        .backup_retention(types::Update3cxServerBackupRetention::V1Month)
        .call_retention(types::Update3cxServerCallRetention::V1Year)
        .encrypt_backup_password("Backup-Pass-1")
        .options(vec![
            types::Update3cxServerOptions::SyncCalls,
            types::Update3cxServerOptions::EncryptBackup,
        ])
        .alert_status(types::Status::Enabled)
        .monitoring_status(types::Status::Disabled)
        .alert_recipients(strings(&["ops@example.com", "5145550100"]))
        .subscribed_alerts(types::Update3cxServerSubscribedAlerts::Backup)
        .subscribed_monitoring(types::Update3cxServerSubscribedMonitoring::Trunks)
        .client_subaccount_id(1234)
        .comments("created by the test suite")
);
operation!(delete_3cx_server.pbx3cx_server_id(11));

// ------------------------------------------------------------------ credentials and coverage

/// With the other kind of credentials, `client_user_id` goes out instead of
/// `username`, with the token: in the query of a GET, in the form body of a
/// POST.
#[tokio::test]
async fn credentials_by_client_user_id() {
    let server = serve().await;
    let client = voicemeup::Client::builder(Credentials::client_user_id("123456", TOKEN))
        .base_url(base_url(&server))
        .build()
        .unwrap();
    client.get_account_details().send().await.unwrap();
    client
        .queue_sms()
        .source_number("5145550100")
        .destination_number("5145550123")
        .message("hi")
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let (get, post) = (&requests[0], &requests[1]);
    assert_eq!(get.query_all("client_user_id"), ["123456"]);
    assert_eq!(get.query_all("auth_token"), [TOKEN]);
    assert!(get.query("username").is_none(), "{}", render(get));
    assert_eq!(post.method, "POST");
    assert_eq!(post.raw_query(), "");
    assert_eq!(body_fields(post, "client_user_id"), ["123456"]);
    assert_eq!(body_fields(post, "auth_token"), [TOKEN]);
    assert!(body_fields(post, "username").is_empty(), "{}", render(post));
    insta::assert_snapshot!("client_user_id", render(get));
    insta::assert_snapshot!("client_user_id_post", render(post));
}

/// The credentials are added after the request's own parameters, as the
/// last two pairs of the raw query string.
#[tokio::test]
async fn credentials_come_last_in_the_query_string() {
    let server = serve().await;
    client(&server)
        .get_states()
        .country_id(1)
        .send()
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(
        request.raw_query(),
        format!("country_id=1&username={USER}&auth_token={TOKEN}")
    );
}

/// Every request type of the spec has a snapshot, so none was forgotten
/// above (a new request type fails here until it gets its test).
#[test]
fn every_request_type_has_a_snapshot() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = std::fs::read_to_string(root.join("../../specs/voicemeup.yaml")).unwrap();
    let ids: Vec<&str> = spec
        .lines()
        .filter_map(|l| l.trim().strip_prefix("operationId: "))
        .collect();
    assert_eq!(ids.len(), 97, "the spec has 97 request types");
    let missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| {
            !root
                .join(format!("tests/it/snapshots/it__operations__{id}.snap"))
                .exists()
        })
        .collect();
    assert!(missing.is_empty(), "no snapshot for {missing:?}");
}

/// A request whose required parameter is missing is not sent.
#[tokio::test]
async fn a_missing_required_parameter_sends_nothing() {
    let server = TestServer::respond(Response::json(200, SUCCESS)).await;
    let e = client(&server)
        .update_channel()
        .friendly_name("no quantities")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, voicemeup::Error::Request(_)), "{e:?}");
    assert!(server.requests().is_empty());
}
