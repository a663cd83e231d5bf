//! Deterministic response bodies: small ones for the per-call benchmark and
//! 10,000-item lists for the decoding benchmark. Every field of every item
//! is present, with realistic values that vary from item to item.

use serde_json::{Value, json};

/// Items in each large list.
pub const LIST_LEN: usize = 10_000;

/// `GET /tenant/status` (PortSIP `types::TenantStatus`).
pub fn portsip_tenant_status() -> String {
    let calls: Vec<Value> = (0..4)
        .map(|h| json!({"count": 10 + h * 7, "time": format!("2024-05-01T{:02}:00:00Z", 8 + h)}))
        .collect();
    json!({
        "calls_in_24_hours": calls,
        "current_calls": 12,
        "current_conference_rooms": 1,
        "current_ivrs": 3,
        "current_queues": 2,
        "current_ring_groups": 4,
        "current_trunks": 2,
        "current_users": 57,
        "licensed_users": 100,
        "online_users": 41,
        "version": "22.1.3.1956",
    })
    .to_string()
}

/// `GET /tenants/{id}/features` (Skyetel `types::TenantFeatures`).
pub fn skyetel_tenant_features() -> String {
    json!({
        "cnam_enabled": true,
        "e911_enabled": true,
        "message_enabled": false,
        "spamblock_enabled": true,
        "vfax_enabled": false,
        "voicemail_transcription_enabled": true,
    })
    .to_string()
}

/// `GET /get_account_details` (VoiceMeUp `types::Envelope`; the account
/// fields next to `response_details` are left open by the spec).
pub fn voicemeup_account_details() -> String {
    json!({
        "response_details": {
            "response_status": "success",
            "response_messages": {"message": {"code": "success", "_content": "Request completed"}},
        },
        "account_details": {
            "client_user_id": "104729",
            "company": "Bench Telecom Inc.",
            "balance": "153.42",
            "currency": "CAD",
        },
    })
    .to_string()
}

/// Reply to CALLR's `system.get_timestamp`.
pub fn callr_timestamp() -> String {
    json!({"jsonrpc": "2.0", "id": 1, "result": 1_717_171_717}).to_string()
}

/// One Skyetel phone number (`types::PhoneNumber`), every field set.
pub fn skyetel_phone_number(i: usize) -> Value {
    let n = i as i64;
    let number = format!("1509{:07}", 5_550_000 + i);
    json!({
        "alg": n % 3,
        "block_nocid": i.is_multiple_of(2),
        "category": (["standard", "tollfree"][i % 2]),
        "cnam_enabled": i.is_multiple_of(3),
        "conference_bridge_enabled": i.is_multiple_of(5),
        "e911_address": {
            "address1": format!("{} Main Street", 100 + i % 900),
            "address2": format!("Suite {}", 1 + i % 40),
            "caller_name": format!("Customer {i}"),
            "community": (["Spokane", "Seattle", "Tacoma", "Yakima"][i % 4]),
            "id": 90_000 + n,
            "postal_code": format!("99{:03}", i % 1000),
            "state": "WA",
        },
        "e911_enabled": !i.is_multiple_of(4),
        "endpoint_group": {"id": 1000 + n % 50, "name": format!("group-{}", i % 50)},
        "exotic": i.is_multiple_of(200),
        "failover": format!("1509{:07}", 6_660_000 + i),
        "failure_strategy": n % 2,
        "forward": format!("1206{:07}", 7_770_000 + i),
        "id": 400_000 + n,
        "intl_balance": (i % 5000) as f64 / 4.0,
        "intl_reserve": 25.5 + (i % 7) as f64,
        "lidb": {"cnam_text": format!("CUST {}", i % 10_000), "private": i.is_multiple_of(9), "type": "business"},
        "lifecycle_state": (["active", "porting", "active", "pending"][i % 4]),
        "localpresence": {"id": 70 + n % 11},
        "localpresence_principle": (["none", "state", "npa"][i % 3]),
        "message_destination": {
            "config": {
                "auth": {"password": format!("pw-{i:05}"), "username": format!("hook{i}")},
                "body": "{{message}}",
                "connection_type": "https",
                "email": format!("sms{i}@example.com"),
                "from_address": "noreply@example.com",
                "from_display_name": "SMS Gateway",
                "hostname": "hooks.example.com",
                "html_body": "<p>{{message}}</p>",
                "port": 443,
                "subject": format!("SMS to {number}"),
            },
            "type": "webhook",
        },
        "message_enabled": i % 2 == 1,
        "note": format!("Line {i} for the front desk"),
        "number": number,
        "off_network": i.is_multiple_of(50),
        "org": {"id": 5 + n % 3, "name": format!("Org {}", i % 3)},
        "origination": {"id": 10 + n % 4},
        "pending_port_out": i.is_multiple_of(97),
        "portin_id": 810_000 + n,
        "record_calls": i.is_multiple_of(7),
        "sip_credential": {"id": 2000 + n % 40, "username": format!("sip{}", i % 40)},
        "spamblock_allow_unknown": i.is_multiple_of(2),
        "spamblock_bot": i.is_multiple_of(4),
        "spamblock_bot_contact_email": format!("noc{}@example.com", i % 25),
        "spamblock_cnam_prepend": i.is_multiple_of(3),
        "spamblock_enabled": !i.is_multiple_of(3),
        "spamblock_passthru": i.is_multiple_of(6),
        "spamblock_risk_score": n % 101,
        "tenant": {"id": 300 + n % 25, "name": format!("Tenant {}", i % 25), "tenant_code": format!("T{:04}", i % 25)},
        "tier_enabled": ([1, 10, 20, 30][i % 4]),
        "tn_format": ([0, 10, 20][i % 3]),
        "vfax_enabled": i.is_multiple_of(8),
        "vanity": i.is_multiple_of(500),
        "vfax_external_enabled": i.is_multiple_of(16),
        "vfax_routing_enabled": i.is_multiple_of(32),
    })
}

/// `GET /phonenumbers` with `n` numbers (a JSON array).
pub fn skyetel_phone_numbers(n: usize) -> String {
    Value::Array((0..n).map(skyetel_phone_number).collect()).to_string()
}

/// One PortSIP call rate (`types::CallRate`), every field set.
pub fn portsip_call_rate(i: usize) -> Value {
    json!({
        "connect_fee": (i % 5) as f64 * 0.01,
        "description": format!("Destination {} ({})", i, ["fixed", "mobile", "premium"][i % 3]),
        "free_seconds": (i % 4 * 5) as i32,
        "grace_period": (i % 3 * 2) as i32,
        "id": format!("{:019}", 733_470_000_000_000_000u64 + i as u64),
        "interval_1": ([1, 30, 60][i % 3]),
        "interval_n": ([1, 6, 60][i % 3]),
        "postcall_surcharge": (i % 3) as f64 * 0.005,
        "prefix": format!("00{}", 1 + i * 7 % 99_989),
        "price_1": 0.012 + (i % 1000) as f64 / 10_000.0,
        "price_n": 0.010 + (i % 1000) as f64 / 12_500.0,
        "type": (["LOCAL", "NATIONAL", "INTERNATIONAL", "MOBILE"][i % 4]),
    })
}

/// `GET /call_rates` with `n` rates (`types::CallRateList`).
pub fn portsip_call_rates(n: usize) -> String {
    json!({"count": n, "items": (0..n).map(portsip_call_rate).collect::<Vec<_>>()}).to_string()
}

/// One CALLR search hit: an SMS record (`types::Sms`), every field set.
pub fn callr_sms_hit(i: usize) -> Value {
    json!({
        "b_customer_debit": format!("0.{:04}", 350 + i % 200),
        "b_customer_mode": (["POSTPAID", "PREPAID"][i % 2]),
        "date_creation": format!("2024-04-{:02} 10:{:02}:{:02}", 1 + i % 28, i % 60, (i * 7) % 60),
        "date_received": format!("2024-04-{:02} 10:{:02}:{:02}", 1 + i % 28, i % 60, (i * 7 + 2) % 60),
        "date_sent": format!("2024-04-{:02} 10:{:02}:{:02}", 1 + i % 28, i % 60, (i * 7 + 1) % 60),
        "date_update": format!("2024-04-{:02} 10:{:02}:{:02}", 1 + i % 28, i % 60, (i * 7 + 3) % 60),
        "encoding": (["GSM", "UNICODE"][i % 2]),
        "from": "SMS",
        "hash": format!("{:08X}", 0x1000_0000 + i * 2_654_435 % 0x0FFF_FFFF),
        "nature": (["ALERTING", "MARKETING"][i % 2]),
        "options": {"flash_message": false, "force_encoding": "GSM", "nature": "ALERTING", "user_data": format!("order-{i}")},
        "parts": 1 + (i % 3) as i64,
        "status": (["RECEIVED", "SENT", "PENDING"][i % 3]),
        "status_error": "",
        "text": format!("Your code is {:06}. It expires in 10 minutes.", i * 7919 % 1_000_000),
        "to": format!("+336{:08}", 12_000_000 + i),
        "type": (["OUT", "IN"][i % 2]),
        "user_data": format!("customer-{}", i % 977),
    })
}

/// The reply to a CALLR `*.search` call with `n` hits (`types::SearchResults`).
pub fn callr_search(n: usize) -> String {
    json!({
        "jsonrpc": "2.0",
        "id": 1,
        "result": {
            "has_more": true,
            "hits": (0..n).map(callr_sms_hit).collect::<Vec<_>>(),
            "offset": 0,
            "total": n * 3,
        },
    })
    .to_string()
}
