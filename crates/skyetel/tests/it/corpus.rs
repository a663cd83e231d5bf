//! The mutation corpus over every documented sample under `data/`: each
//! sample changed the ways real servers differ from the docs (unknown
//! members at every level, numbers as strings, `null` collections, `[]`
//! for objects, out-of-range integers, odd dates) must decode, keep or
//! report every change at its path, and fail strict decoding naming it.

use client_runtime::tolerant::{self, Tolerant};
use serde::Serialize;
use skyetel::types;
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
fn audio_recordings() {
    corpus::<Vec<types::AudioRecording>>("audio_recordings.json");
}

#[test]
fn audio_transcriptions() {
    corpus::<Vec<types::AudioTranscription>>("audio_transcriptions.json");
}

#[test]
fn endpoint_summary() {
    corpus::<types::Endpoint>("endpoint_summary.json");
}

#[test]
fn endpoints() {
    corpus::<Vec<types::Endpoint>>("endpoints.json");
}

#[test]
fn iphealth() {
    corpus::<Vec<types::IpHealth>>("iphealth.json");
}

#[test]
fn off_network_phonenumber() {
    corpus::<types::OffNetworkPhoneNumber>("off_network_phonenumber.json");
}

#[test]
fn ordered_phonenumbers() {
    corpus::<Vec<types::PhoneNumberSettings>>("ordered_phonenumbers.json");
}

#[test]
fn org_statement() {
    corpus::<types::OrgStatement>("org_statement.json");
}

#[test]
fn phonenumber_settings() {
    corpus::<types::PhoneNumberSettings>("phonenumber_settings.json");
}

#[test]
fn phonenumbers() {
    corpus::<Vec<types::PhoneNumber>>("phonenumbers.json");
}

#[test]
fn rate_centers() {
    corpus::<Vec<types::RateCenter>>("rate_centers.json");
}

#[test]
fn sms_receipts() {
    corpus::<Vec<types::SmsReceipt>>("sms_receipts.json");
}

#[test]
fn stripe_invoice_ref() {
    corpus::<types::StripeInvoiceRef>("stripe_invoice_ref.json");
}

#[test]
fn tenant() {
    corpus::<types::Tenant>("tenant.json");
}

#[test]
fn tenant_features() {
    corpus::<types::TenantFeatures>("tenant_features.json");
}

#[test]
fn tenant_statements() {
    corpus::<Vec<types::TenantStatement>>("tenant_statements.json");
}

#[test]
fn tenants() {
    corpus::<Vec<types::Tenant>>("tenants.json");
}

#[test]
fn traffic_channels() {
    corpus::<Vec<types::ChannelCount>>("traffic_channels.json");
}

#[test]
fn traffic_most_active_hour() {
    corpus::<Vec<types::CallCount>>("traffic_most_active_hour.json");
}

#[test]
fn traffic_total_counts() {
    corpus::<Vec<types::TrafficCount>>("traffic_total_counts.json");
}

#[test]
fn vfax_send_result() {
    corpus::<types::VfaxSendResult>("vfax_send_result.json");
}

#[test]
fn vfaxes() {
    corpus::<Vec<types::Vfax>>("vfaxes.json");
}
