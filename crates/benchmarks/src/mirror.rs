//! Hand-written serde types mirroring the generated ones: the same fields,
//! the same `Option`s and defaults. Where the generated type has an open
//! enum (unknown values kept), the mirror has what a hand-written client
//! usually carries: a closed serde-derived enum for string enums, a plain
//! `i64` for integer enums.
//!
//! They derive `Serialize` only so the tests can compare what each side
//! decoded; the benches only deserialize.

use serde::{Deserialize, Serialize};

/// PortSIP.
pub mod portsip {
    use super::*;

    /// `types::CallCount`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct CallCount {
        /// Calls in the hour.
        pub count: Option<i32>,
        /// Start of the hour.
        pub time: Option<chrono::DateTime<chrono::Utc>>,
    }

    /// `types::TenantStatus`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct TenantStatus {
        /// Calls per hour over the last day.
        #[serde(default)]
        pub calls_in_24_hours: Vec<CallCount>,
        /// Current calls.
        pub current_calls: Option<i32>,
        /// Current conference rooms.
        pub current_conference_rooms: Option<i32>,
        /// Current IVRs.
        pub current_ivrs: Option<i32>,
        /// Current queues.
        pub current_queues: Option<i32>,
        /// Current ring groups.
        pub current_ring_groups: Option<i32>,
        /// Current trunks.
        pub current_trunks: Option<i32>,
        /// Current users.
        pub current_users: Option<i32>,
        /// Licensed users.
        pub licensed_users: Option<i32>,
        /// Users online.
        pub online_users: Option<i32>,
        /// PBX version.
        pub version: Option<String>,
    }

    /// `types::CallRateType`, closed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum CallRateType {
        /// `LOCAL`
        Local,
        /// `NATIONAL`
        National,
        /// `INTERNATIONAL`
        International,
        /// `MOBILE`
        Mobile,
    }

    /// `types::CallRate`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct CallRate {
        /// Fee charged when the call connects.
        pub connect_fee: Option<f64>,
        /// Description.
        pub description: Option<String>,
        /// Free seconds.
        pub free_seconds: Option<i32>,
        /// Grace period.
        pub grace_period: Option<i32>,
        /// ID.
        pub id: Option<String>,
        /// First billing interval.
        pub interval_1: Option<i32>,
        /// Later billing intervals.
        pub interval_n: Option<i32>,
        /// Surcharge after the call.
        pub postcall_surcharge: Option<f64>,
        /// Dialled prefix.
        pub prefix: Option<String>,
        /// Price of the first interval.
        pub price_1: Option<f64>,
        /// Price of later intervals.
        pub price_n: Option<f64>,
        /// Rate type.
        #[serde(rename = "type")]
        pub type_: Option<CallRateType>,
    }

    /// `types::CallRateList`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct CallRateList {
        /// Total count.
        pub count: Option<i32>,
        /// This page.
        #[serde(default)]
        pub items: Vec<CallRate>,
    }
}

/// Skyetel.
pub mod skyetel {
    use super::*;

    /// `types::TenantFeatures`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct TenantFeatures {
        /// CNAM.
        pub cnam_enabled: Option<bool>,
        /// E911.
        pub e911_enabled: Option<bool>,
        /// SMS/MMS.
        pub message_enabled: Option<bool>,
        /// Spam blocking.
        pub spamblock_enabled: Option<bool>,
        /// Virtual fax.
        pub vfax_enabled: Option<bool>,
        /// Voicemail transcription.
        pub voicemail_transcription_enabled: Option<bool>,
    }

    /// `types::E911Address`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct E911Address {
        /// Street address.
        pub address1: Option<String>,
        /// Suite, floor.
        pub address2: Option<String>,
        /// Caller name.
        pub caller_name: Option<String>,
        /// City.
        pub community: Option<String>,
        /// ID.
        pub id: Option<i64>,
        /// Postal code.
        pub postal_code: Option<String>,
        /// State.
        pub state: Option<String>,
    }

    /// `types::EndpointGroupRef`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct EndpointGroupRef {
        /// ID.
        pub id: Option<i64>,
        /// Name.
        pub name: Option<String>,
    }

    /// `types::Lidb`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct Lidb {
        /// CNAM text.
        pub cnam_text: Option<String>,
        /// Private listing.
        pub private: Option<bool>,
        /// Listing type.
        #[serde(rename = "type")]
        pub type_: Option<String>,
    }

    /// `types::IdRef`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct IdRef {
        /// ID.
        pub id: Option<i64>,
    }

    /// `types::MessageDestinationAuth`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct MessageDestinationAuth {
        /// Password.
        pub password: Option<String>,
        /// User name.
        pub username: Option<String>,
    }

    /// `types::MessageDestinationConfig`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct MessageDestinationConfig {
        /// Credentials.
        pub auth: Option<MessageDestinationAuth>,
        /// Body template.
        pub body: Option<String>,
        /// Connection type.
        pub connection_type: Option<String>,
        /// E-mail address.
        pub email: Option<String>,
        /// Sender address.
        pub from_address: Option<String>,
        /// Sender name.
        pub from_display_name: Option<String>,
        /// Host name.
        pub hostname: Option<String>,
        /// HTML body template.
        pub html_body: Option<String>,
        /// Port.
        pub port: Option<i64>,
        /// Subject.
        pub subject: Option<String>,
    }

    /// `types::MessageDestination`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct MessageDestination {
        /// Destination settings.
        pub config: Option<MessageDestinationConfig>,
        /// Destination type.
        #[serde(rename = "type")]
        pub type_: Option<String>,
    }

    /// `types::TenantRef`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct TenantRef {
        /// ID.
        pub id: Option<i64>,
        /// Name.
        pub name: Option<String>,
        /// Tenant code.
        pub tenant_code: Option<String>,
    }

    /// `types::PhoneNumber`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct PhoneNumber {
        /// Endpoint selection algorithm.
        pub alg: Option<i64>,
        /// Reject calls without caller ID.
        pub block_nocid: Option<bool>,
        /// Category (untyped in the spec).
        pub category: Option<serde_json::Value>,
        /// CNAM lookups.
        pub cnam_enabled: Option<bool>,
        /// Conference bridge.
        pub conference_bridge_enabled: Option<bool>,
        /// E911 address.
        pub e911_address: Option<E911Address>,
        /// E911.
        pub e911_enabled: Option<bool>,
        /// Endpoint group.
        pub endpoint_group: Option<EndpointGroupRef>,
        /// Exotic (untyped in the spec).
        pub exotic: Option<serde_json::Value>,
        /// Failover number.
        pub failover: Option<String>,
        /// Failure strategy (integer enum).
        pub failure_strategy: Option<i64>,
        /// Forward number.
        pub forward: Option<String>,
        /// ID.
        pub id: Option<i64>,
        /// International balance.
        pub intl_balance: Option<f64>,
        /// International reserve.
        pub intl_reserve: Option<f64>,
        /// LIDB listing.
        pub lidb: Option<Lidb>,
        /// Lifecycle state.
        pub lifecycle_state: Option<String>,
        /// Local presence.
        pub localpresence: Option<IdRef>,
        /// Local presence setting (untyped in the spec).
        pub localpresence_principle: Option<serde_json::Value>,
        /// Message destination.
        pub message_destination: Option<MessageDestination>,
        /// SMS/MMS.
        pub message_enabled: Option<bool>,
        /// Note.
        pub note: Option<String>,
        /// The number.
        pub number: Option<String>,
        /// Off network.
        pub off_network: Option<bool>,
        /// Organization (untyped in the spec).
        pub org: Option<serde_json::Value>,
        /// Origination.
        pub origination: Option<IdRef>,
        /// Port-out pending.
        pub pending_port_out: Option<bool>,
        /// Port-in ID.
        pub portin_id: Option<i64>,
        /// Call recording.
        pub record_calls: Option<bool>,
        /// SIP credential (untyped in the spec).
        pub sip_credential: Option<serde_json::Value>,
        /// Unknown callers let through (untyped in the spec).
        pub spamblock_allow_unknown: Option<serde_json::Value>,
        /// Robocall blocking.
        pub spamblock_bot: Option<bool>,
        /// Robocall report address.
        pub spamblock_bot_contact_email: Option<String>,
        /// Spam caller-name mark (untyped in the spec).
        pub spamblock_cnam_prepend: Option<serde_json::Value>,
        /// Spam blocking.
        pub spamblock_enabled: Option<bool>,
        /// Spam pass-through.
        pub spamblock_passthru: Option<bool>,
        /// Spam risk score.
        pub spamblock_risk_score: Option<i64>,
        /// Tenant.
        pub tenant: Option<TenantRef>,
        /// International tier (integer enum).
        pub tier_enabled: Option<i64>,
        /// Number format (integer enum).
        pub tn_format: Option<i64>,
        /// Vanity number (untyped in the spec).
        pub vanity: Option<serde_json::Value>,
        /// Virtual fax.
        pub vfax_enabled: Option<bool>,
        /// External virtual fax.
        pub vfax_external_enabled: Option<bool>,
        /// Fax routing (untyped in the spec).
        pub vfax_routing_enabled: Option<serde_json::Value>,
    }
}

/// VoiceMeUp.
pub mod voicemeup {
    use super::*;

    /// `types::ResponseStatus`, closed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ResponseStatus {
        /// `success`
        Success,
        /// `error`
        Error,
    }

    /// `types::ResponseMessages`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct ResponseMessages {
        /// One message or an array of them.
        pub message: Option<serde_json::Value>,
    }

    /// `types::ResponseDetails`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct ResponseDetails {
        /// Messages.
        pub response_messages: Option<ResponseMessages>,
        /// Outcome.
        pub response_status: Option<ResponseStatus>,
    }

    /// `types::Envelope`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct Envelope {
        /// Outcome of the request.
        pub response_details: Option<ResponseDetails>,
        /// The result fields next to `response_details`.
        #[serde(flatten)]
        pub extra: serde_json::Map<String, serde_json::Value>,
    }
}

/// CALLR.
pub mod callr {
    use super::*;

    /// A JSON-RPC 2.0 reply carrying a `result` of type `T` or an `error`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct Reply<T> {
        /// The result.
        pub result: Option<T>,
        /// The error.
        pub error: Option<RpcError>,
    }

    /// A JSON-RPC error object.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct RpcError {
        /// Code.
        pub code: i64,
        /// Message.
        pub message: String,
        /// Details.
        pub data: Option<serde_json::Value>,
    }

    /// `types::SearchResults`.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
    pub struct SearchResults {
        /// More hits after this page.
        pub has_more: Option<bool>,
        /// The hits (left open by the spec).
        #[serde(default)]
        pub hits: Vec<serde_json::Value>,
        /// Offset of this page.
        pub offset: Option<i64>,
        /// Total hits.
        pub total: Option<i64>,
    }
}
