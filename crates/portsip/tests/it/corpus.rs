//! The mutation corpus over every documented sample under `data/`: each
//! sample changed the ways real servers differ from the docs (unknown
//! members at every level, numbers as strings, `null` collections, `[]`
//! for objects, out-of-range integers, odd dates) must decode, keep or
//! report every change at its path, and fail strict decoding naming it.

use client_runtime::tolerant::{self, Tolerant};
use portsip::types;
use serde::Serialize;
use test_support::mutate::{self, Outcome};

use crate::support::data as read;

/// Runs the corpus of sample `name` decoded as `T`.
fn corpus<T: Tolerant + Serialize>(name: &str) {
    mutate::corpus(name, &read(name), |body, strict| {
        let decoded = if strict {
            tolerant::decode_slice::<T>(body, true)
        } else {
            tolerant::audit::<T>(body)
        }
        .map_err(|e| e.to_string())?;
        Ok(Outcome {
            encoded: serde_json::to_value(&decoded.value).map_err(|e| e.to_string())?,
            paths: decoded
                .deviations
                .iter()
                .map(|d| d.path().to_owned())
                .collect(),
        })
    });
}

#[test]
fn balance_recharge() {
    corpus::<types::BalanceRecharge>("balance_recharge.json");
}

#[test]
fn call_rate() {
    corpus::<types::CallRate>("call_rate.json");
}

#[test]
fn call_rate_create() {
    corpus::<types::CallRateCreate>("call_rate_create.json");
}

#[test]
fn call_rate_list() {
    corpus::<types::CallRateList>("call_rate_list.json");
}

#[test]
fn call_rate_list_int64() {
    corpus::<types::CallRateList>("call_rate_list_int64.json");
}

#[test]
fn created_id() {
    corpus::<types::CreatedId>("created_id.json");
}

#[test]
fn custom_headers() {
    corpus::<types::CustomHeaders>("custom_headers.json");
}

#[test]
fn holiday() {
    corpus::<types::Holiday>("holiday.json");
}

#[test]
fn holiday_input() {
    corpus::<types::HolidayInput>("holiday_input.json");
}

#[test]
fn holiday_list() {
    corpus::<types::HolidayList>("holiday_list.json");
}

#[test]
fn holiday_list_int64() {
    corpus::<types::HolidayList>("holiday_list_int64.json");
}

#[test]
fn password_policy() {
    corpus::<types::PasswordPolicy>("password_policy.json");
}

#[test]
fn tenant() {
    corpus::<types::Tenant>("tenant.json");
}

#[test]
fn tenant_balance() {
    corpus::<types::TenantBalance>("tenant_balance.json");
}

#[test]
fn tenant_billing() {
    corpus::<types::TenantBilling>("tenant_billing.json");
}

#[test]
fn tenant_status() {
    corpus::<types::TenantStatus>("tenant_status.json");
}

#[test]
fn tenant_status_local_time() {
    corpus::<types::TenantStatus>("tenant_status_local_time.json");
}

#[test]
fn tenant_update() {
    corpus::<types::TenantUpdate>("tenant_update.json");
}

#[test]
fn voicemail_server() {
    corpus::<types::VoicemailServer>("voicemail_server.json");
}
