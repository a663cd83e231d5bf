//! The `x-sample` of every object schema of `specs/callr.yaml` decodes into
//! its Rust type and encodes back to the same JSON; open enums keep unknown
//! values; webhook event data decodes by event type.
//!
//! The docs' samples are auto-generated (`"(string)"`, `0`, `{}`), so they
//! exercise names and JSON types rather than realistic values: a string
//! where an enum is expected lands in `Unknown`, which is what the
//! round trip checks.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use callr::types;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::support::prune_empty;

/// `specs/callr.yaml`, read and parsed once.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/callr.yaml");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    })
}

/// How a sample fared.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Decodes and encodes back to the very same JSON.
    Exact,
    /// Decodes and encodes back to the same JSON once empty arrays and
    /// objects are left out (the generated types do not send them).
    ModuloEmpty,
}

/// Decodes `sample` as `T`, re-encodes it, and compares.
fn round_trip<T: DeserializeOwned + Serialize>(sample: &Value) -> Result<Outcome, String> {
    let decoded: T =
        serde_json::from_value(sample.clone()).map_err(|e| format!("does not decode: {e}"))?;
    let encoded = serde_json::to_value(&decoded).map_err(|e| format!("does not encode: {e}"))?;
    if &encoded == sample {
        Ok(Outcome::Exact)
    } else if prune_empty(&encoded) == prune_empty(sample) {
        Ok(Outcome::ModuloEmpty)
    } else {
        Err(format!("re-encodes differently: {encoded}"))
    }
}

/// Maps every schema name to its generated type: `SMS.Options` is
/// `types::SmsOptions`, `CDR.In` is `types::CdrIn`, and so on.
macro_rules! schemas {
    ($($schema:literal => $ty:ident,)*) => {
        /// The schema names the dispatch below knows.
        const SCHEMAS: &[&str] = &[$($schema),*];

        /// [`round_trip`] with the type of schema `name`.
        fn check_sample(name: &str, sample: &Value) -> Result<Outcome, String> {
            match name {
                $($schema => round_trip::<types::$ty>(sample),)*
                other => Err(format!("no Rust type is mapped to schema {other}")),
            }
        }

        /// [`corpus`] with the type of schema `name`.
        fn corpus_sample(name: &str, sample: &Value) {
            match name {
                $($schema => corpus::<types::$ty>(name, sample),)*
                other => panic!("no Rust type is mapped to schema {other}"),
            }
        }
    };
}

/// The mutation corpus of one sample decoded as `T`: unknown members at
/// every level, numbers as strings, `null` collections, `[]` for objects,
/// out-of-range integers and odd dates must each decode, be kept or
/// reported at their path, and fail strict decoding naming it.
fn corpus<T: client_runtime::tolerant::Tolerant + Serialize>(name: &str, sample: &Value) {
    use client_runtime::tolerant;
    test_support::mutate::corpus(name, &sample.to_string(), |body, strict| {
        let decoded = if strict {
            tolerant::decode_slice::<T>(body, true)
        } else {
            tolerant::audit::<T>(body)
        }
        .map_err(|e| e.to_string())?;
        Ok(test_support::mutate::Outcome {
            encoded: serde_json::to_value(&decoded.value).map_err(|e| e.to_string())?,
            paths: decoded
                .deviations
                .iter()
                .map(|d| d.path().to_owned())
                .collect(),
        })
    });
}

schemas! {
    "ACTIONS10" => Actions10,
    "ACTIONS10.Start.Options" => Actions10StartOptions,
    "Address" => Address,
    "Analytics.Calls.App" => AnalyticsCallsApp,
    "Analytics.Calls.Country" => AnalyticsCallsCountry,
    "Analytics.Calls.Destination" => AnalyticsCallsDestination,
    "Analytics.Calls.DID" => AnalyticsCallsDid,
    "Analytics.Calls.History" => AnalyticsCallsHistory,
    "Analytics.Calls.History.Call" => AnalyticsCallsHistoryCall,
    "Analytics.Calls.Summary" => AnalyticsCallsSummary,
    "Analytics.Calls.Summary.IN" => AnalyticsCallsSummaryIn,
    "Analytics.Calls.Summary.OUT" => AnalyticsCallsSummaryOut,
    "Analytics.SMS.History" => AnalyticsSmsHistory,
    "Analytics.SMS.History.OUT" => AnalyticsSmsHistoryOut,
    "Analytics.SMS.Summary" => AnalyticsSmsSummary,
    "Analytics.SMS.Summary.OUT" => AnalyticsSmsSummaryOut,
    "App" => App,
    "App.Package" => AppPackage,
    "App.Param.Vms" => AppParamVms,
    "App.Param.VmsDetect" => AppParamVmsDetect,
    "App.SearchFilters" => AppSearchFilters,
    "Authentication.ApiKey" => AuthenticationApiKey,
    "Authentication.Session" => AuthenticationSession,
    "Calls.Broadcast1.Options" => CallsBroadcast1Options,
    "CALLTRACKING10" => Calltracking10,
    "CALLTRACKING10.GA" => Calltracking10Ga,
    "CALLTRACKING10.Medias" => Calltracking10Medias,
    "CALLTRACKING10.Options" => Calltracking10Options,
    "CDR.In" => CdrIn,
    "CDR.Out" => CdrOut,
    "CDR.SearchFilters" => CdrSearchFilters,
    "CLICKTOCALL.Call" => ClicktocallCall,
    "CLICKTOCALL.Call.Status" => ClicktocallCallStatus,
    "CLICKTOCALL.Start.Options" => ClicktocallStartOptions,
    "CLICKTOCALL10" => Clicktocall10,
    "CLICKTOCALL10.Medias" => Clicktocall10Medias,
    "CLICKTOCALL10.Options" => Clicktocall10Options,
    "Country" => Country,
    "Customer.CLI" => CustomerCli,
    "DID" => Did,
    "DID.AreaCode" => DidAreaCode,
    "DID.Country" => DidCountry,
    "DID.SearchFilters" => DidSearchFilters,
    "DID.Store.Availability" => DidStoreAvailability,
    "DID.Store.BuyStatus" => DidStoreBuyStatus,
    "DID.Store.Contract" => DidStoreContract,
    "DID.Store.Cost" => DidStoreCost,
    "DID.Store.Error" => DidStoreError,
    "DID.Store.Item" => DidStoreItem,
    "DID.Store.QuotaStatus" => DidStoreQuotaStatus,
    "DID.Store.Quote" => DidStoreQuote,
    "DID.Store.Reservation" => DidStoreReservation,
    "DID.Type" => DidType,
    "HLR.Response" => HlrResponse,
    "Job" => Job,
    "Media.EmailTemplate" => MediaEmailTemplate,
    "Media.Library" => MediaLibrary,
    "Media.Library.Overview" => MediaLibraryOverview,
    "Media.Library.Overview.Count" => MediaLibraryOverviewCount,
    "Media.Library.Overview.Ready" => MediaLibraryOverviewReady,
    "Media.PhoneID" => MediaPhoneId,
    "Media.Quota" => MediaQuota,
    "Media.Quota.Count" => MediaQuotaCount,
    "Media.Quota.Duration" => MediaQuotaDuration,
    "Media.Quota.Quota" => MediaQuotaQuota,
    "Media.Quota.Status" => MediaQuotaStatus,
    "Media.Recording" => MediaRecording,
    "Media.Recording.ActionResult" => MediaRecordingActionResult,
    "Media.Recording.ActionResult.Error" => MediaRecordingActionResultError,
    "Media.Recording.ListResult" => MediaRecordingListResult,
    "Media.Recording.Options" => MediaRecordingOptions,
    "Media.Recording.Overview" => MediaRecordingOverview,
    "Media.Recording.Overview.Status" => MediaRecordingOverviewStatus,
    "Media.Recording.Overview.Status.Count" => MediaRecordingOverviewStatusCount,
    "Media.Recording.Overview.Status.Ready" => MediaRecordingOverviewStatusReady,
    "Media.Recording.ReadStatus" => MediaRecordingReadStatus,
    "Media.Recording.ReadStatus.Status" => MediaRecordingReadStatusStatus,
    "Media.Recording.SearchFilters" => MediaRecordingSearchFilters,
    "Media.SearchFilters" => MediaSearchFilters,
    "Media.TTS.Options" => MediaTtsOptions,
    "NumberInfos" => NumberInfos,
    "Push.Hook.URL" => PushHookUrl,
    "REALTIME10" => Realtime10,
    "REALTIME10.Call.Options" => Realtime10CallOptions,
    "RT.Request" => RtRequest,
    "RT.Response" => RtResponse,
    "Search.Options" => SearchOptions,
    "Search.Results" => SearchResults,
    "SIP.Subscriber" => SipSubscriber,
    "SIP.Subscriber.Options" => SipSubscriberOptions,
    "SIP.Subscriber.Properties" => SipSubscriberProperties,
    "SIP.Subscriber.SearchFilters" => SipSubscriberSearchFilters,
    "SIP.TrunkOrigination" => SipTrunkOrigination,
    "SIP.TrunkOrigination.Options" => SipTrunkOriginationOptions,
    "SIP.TrunkOrigination.Properties" => SipTrunkOriginationProperties,
    "SIP.TrunkOrigination.SearchFilters" => SipTrunkOriginationSearchFilters,
    "SIP.TrunkTermination" => SipTrunkTermination,
    "SIP.TrunkTermination.Options" => SipTrunkTerminationOptions,
    "SIP.TrunkTermination.Properties" => SipTrunkTerminationProperties,
    "SIP.TrunkTermination.SearchFilters" => SipTrunkTerminationSearchFilters,
    "SMS" => Sms,
    "SMS.Options" => SmsOptions,
    "SMS.Quote" => SmsQuote,
    "SMS.SearchFilters" => SmsSearchFilters,
    "SubAccount" => SubAccount,
    "SubAccount.Account" => SubAccountAccount,
    "SubAccount.Contact" => SubAccountContact,
    "SubAccount.CreateOptions" => SubAccountCreateOptions,
    "SubAccount.CreateOptions.Password" => SubAccountCreateOptionsPassword,
    "SubAccount.CreateParams" => SubAccountCreateParams,
    "SubAccount.CreateParams.Billing" => SubAccountCreateParamsBilling,
    "SubAccount.CreateProperties" => SubAccountCreateProperties,
    "SubAccount.Credentials" => SubAccountCredentials,
    "SubAccount.EditOptions" => SubAccountEditOptions,
    "SubAccount.EditParams" => SubAccountEditParams,
    "SubAccount.EditParams.Billing" => SubAccountEditParamsBilling,
    "SubAccount.EditProperties" => SubAccountEditProperties,
    "SubAccount.Params" => SubAccountParams,
    "SubAccount.Params.Billing" => SubAccountParamsBilling,
    "SubAccount.Params.Default" => SubAccountParamsDefault,
    "SubAccount.Quota" => SubAccountQuota,
    "SubAccount.SearchFilters" => SubAccountSearchFilters,
    "SubAccount.State" => SubAccountState,
    "SubAccount.TransferOptions" => SubAccountTransferOptions,
    "Target" => Target,
    "Timezone" => Timezone,
    "Webhook" => Webhook,
    "Webhook.Event" => WebhookEvent,
    "Webhook.Event.Billing.Credit" => WebhookEventBillingCredit,
    "Webhook.Log.Search.Filters" => WebhookLogSearchFilters,
    "Webhook.Options" => WebhookOptions,
}

/// The object schemas of the spec that carry an `x-sample`, with it.
fn samples() -> Vec<(&'static str, &'static Value)> {
    spec()["components"]["schemas"]
        .as_object()
        .expect("components.schemas")
        .iter()
        .filter_map(|(name, schema)| schema.get("x-sample").map(|s| (name.as_str(), s)))
        .collect()
}

#[test]
fn every_object_schema_has_a_sample_and_a_type() {
    let samples = samples();
    assert_eq!(samples.len(), 131, "the docs list 131 objects");
    let with_sample: BTreeSet<&str> = samples.iter().map(|(name, _)| *name).collect();
    let mapped: BTreeSet<&str> = SCHEMAS.iter().copied().collect();
    assert_eq!(mapped.len(), SCHEMAS.len(), "a schema is mapped twice");
    assert_eq!(with_sample, mapped);
    // The only schema without a sample is the JSON-RPC error envelope.
    let all: BTreeSet<&str> = spec()["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        all.difference(&with_sample).copied().collect::<Vec<_>>(),
        ["JsonRpcError"]
    );
}

/// Every sample is complete (it has every property of its schema and no
/// other), so each one has to survive the round trip.
#[test]
fn every_sample_decodes_and_encodes_back() {
    let mut failures = Vec::new();
    let mut modulo_empty = Vec::new();
    for (name, sample) in samples() {
        let properties: BTreeSet<&str> = spec()["components"]["schemas"][name]["properties"]
            .as_object()
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let present: BTreeSet<&str> = sample
            .as_object()
            .unwrap_or_else(|| panic!("{name}: the sample is not an object"))
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(present, properties, "{name}: the sample is not complete");
        match check_sample(name, sample) {
            Ok(Outcome::Exact) => {}
            Ok(Outcome::ModuloEmpty) => modulo_empty.push(name),
            Err(why) => failures.push(format!("{name}: {why} (sample {sample})")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} samples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Which samples lose their empty collections on the way back, so a
    // change of the encoding of empty arrays or maps shows up here.
    insta::assert_snapshot!("samples_modulo_empty_collections", modulo_empty.join("\n"));
}

/// Every sample of every object survives the mutation corpus.
#[test]
fn every_sample_survives_the_mutation_corpus() {
    for (name, sample) in samples() {
        corpus_sample(name, sample);
    }
}

/// The samples' placeholder strings where an enum is expected decode into
/// `Unknown`, and so does any value a newer server may send; known values
/// keep their variant.
#[test]
fn unknown_enum_values_are_kept() {
    let status: types::SmsStatus = serde_json::from_value(json!("QUEUED_FOR_LATER")).unwrap();
    match &status {
        types::SmsStatus::Unknown(value) => assert_eq!(value.as_str(), "QUEUED_FOR_LATER"),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(status.as_str(), "QUEUED_FOR_LATER");
    assert_eq!(serde_json::to_value(&status).unwrap(), "QUEUED_FOR_LATER");
    assert_eq!(status, types::SmsStatus::from("QUEUED_FOR_LATER"));

    let known: types::SmsStatus = serde_json::from_value(json!("REMOTE_QUEUED")).unwrap();
    assert_eq!(known, types::SmsStatus::RemoteQueued);
    assert_eq!(known.to_string(), "REMOTE_QUEUED");

    // Inside an object: the rest of the record still decodes.
    let sms: types::Sms =
        serde_json::from_value(json!({"hash": "8242D945", "status": "NEW_STATE", "type": "OUT"}))
            .unwrap();
    assert!(matches!(sms.status, Some(types::SmsStatus::Unknown(_))));
    assert_eq!(sms.type_, Some(types::SmsType::Out));
    // Hyphenated values map to their variants.
    let voice: types::MediaLibraryVoice =
        serde_json::from_value(json!("TTS_EN-GB_SERENA")).unwrap();
    assert_eq!(voice, types::MediaLibraryVoice::TtsEnGbSerena);
    let kind: types::DidType2 = serde_json::from_value(json!("NON-GEOGRAPHIC")).unwrap();
    assert_eq!(kind, types::DidType2::NonGeographic);
    // Enum values are case-sensitive: a lower-case variant is not a known value.
    let lower: types::SmsStatus = serde_json::from_value(json!("sent")).unwrap();
    assert!(matches!(lower, types::SmsStatus::Unknown(_)), "{lower:?}");
}

/// Every event type of `x-webhook-events` decodes `data` into the type the
/// spec names, here with the sample of that type; an unknown event type
/// keeps its data as JSON.
#[test]
fn webhook_data_decodes_by_event_type() {
    let sample = |schema: &str| spec()["components"]["schemas"][schema]["x-sample"].clone();

    let sms = json!({"hash": "8242D945", "from": "+33612345678", "to": "SMS", "text": "STOP", "type": "IN", "status": "RECEIVED"});
    match types::WebhookData::decode("sms.mo", sms).unwrap() {
        types::WebhookData::SmsMo(sms) => {
            assert_eq!(sms.hash.as_deref(), Some("8242D945"));
            assert_eq!(sms.text.as_deref(), Some("STOP"));
            assert_eq!(sms.status, Some(types::SmsStatus::Received));
        }
        other => panic!("expected SmsMo, got {other:?}"),
    }

    let data = json!({"id": 42, "anything": ["goes"]});
    assert_eq!(
        types::WebhookData::decode("v2.call.started", data.clone()).unwrap(),
        types::WebhookData::Other(data)
    );

    // Every documented event type, with its variant.
    let events = spec()["x-webhook-events"]
        .as_object()
        .expect("x-webhook-events");
    assert_eq!(events.len(), 15);
    for (event, schema) in events {
        let schema = schema.as_str().unwrap();
        let decoded = types::WebhookData::decode(event, sample(schema))
            .unwrap_or_else(|e| panic!("{event}: {e}"));
        let (variant, data) = match &decoded {
            types::WebhookData::BillingCredit(d) => ("Webhook.Event.Billing.Credit", to_json(d)),
            types::WebhookData::BillingCreditShutdown(d) => {
                ("Webhook.Event.Billing.Credit", to_json(d))
            }
            types::WebhookData::BillingCreditWarning(d) => {
                ("Webhook.Event.Billing.Credit", to_json(d))
            }
            types::WebhookData::CallInboundHangup(d) | types::WebhookData::CallInboundStart(d) => {
                ("CDR.In", to_json(d))
            }
            types::WebhookData::CallOutboundHangup(d)
            | types::WebhookData::CallOutboundStart(d) => ("CDR.Out", to_json(d)),
            types::WebhookData::DidAssigned(d) | types::WebhookData::DidUnassigned(d) => {
                ("DID", to_json(d))
            }
            types::WebhookData::JobStatusUpdate(d) => ("Job", to_json(d)),
            types::WebhookData::MediaLibraryStatusUpdate(d) => ("Media.Library", to_json(d)),
            types::WebhookData::MediaRecordingNew(d)
            | types::WebhookData::MediaRecordingStatusUpdate(d) => ("Media.Recording", to_json(d)),
            types::WebhookData::SmsMo(d) | types::WebhookData::SmsMtStatusUpdate(d) => {
                ("SMS", to_json(d))
            }
            other => panic!("{event}: unexpected {other:?}"),
        };
        assert_eq!(variant, schema, "{event}");
        assert_eq!(prune_empty(&data), prune_empty(&sample(schema)), "{event}");
    }
    // Same type, distinct variants: the event type is not lost.
    assert!(matches!(
        types::WebhookData::decode("sms.mt.status_update", json!({})).unwrap(),
        types::WebhookData::SmsMtStatusUpdate(_)
    ));
    assert!(matches!(
        types::WebhookData::decode("call.outbound_hangup", json!({})).unwrap(),
        types::WebhookData::CallOutboundHangup(_)
    ));
    // Data of the wrong shape for a known type is an error, not `Other`.
    assert!(types::WebhookData::decode("sms.mo", json!("not an object")).is_err());
}

/// A whole webhook POST body as CALLR sends it: the envelope decodes as
/// `WebhookEvent`, and its `data` by its `type`.
#[test]
fn a_webhook_event_envelope_decodes() {
    let body = json!({
        "data": {"hash": "8242D945", "status": "SENT", "type": "OUT", "to": "+33612345678"},
        "event_at": "2024-04-24T00:42:42.123Z",
        "event_id": "EV3NT001",
        "hook_hash": "H00K0001",
        "try": 0,
        "type": "sms.mt.status_update"
    });
    let event: types::WebhookEvent = serde_json::from_value(body).unwrap();
    assert_eq!(event.try_, Some(0));
    let data = types::WebhookData::decode(
        event.type_.as_deref().unwrap(),
        Value::Object(event.data.clone()),
    )
    .unwrap();
    match data {
        types::WebhookData::SmsMtStatusUpdate(sms) => {
            assert_eq!(sms.status, Some(types::SmsStatus::Sent))
        }
        other => panic!("expected SmsMtStatusUpdate, got {other:?}"),
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

/// `App.p` and the items of `cdr.get` are unions whose variants cannot be
/// told apart by their fields, so they are kept as JSON objects: nothing is
/// lost, and the caller decodes them into the type the context names.
#[test]
fn indistinguishable_unions_are_kept_as_json() {
    let realtime =
        json!({"data_format": "JSON", "url": "https://rt.acme.example/callr", "login": "rt"});
    let app: types::App = serde_json::from_value(json!({
        "hash": "A1B2C3D4",
        "package": {"name": "REALTIME10", "type": "REALTIME"},
        "p": realtime
    }))
    .unwrap();
    assert_eq!(
        to_json(&app)["p"],
        realtime,
        "the REALTIME10 parameters are kept"
    );
    let typed: types::Realtime10 = serde_json::from_value(Value::Object(app.p.clone())).unwrap();
    assert_eq!(typed.url.as_deref(), Some("https://rt.acme.example/callr"));

    let out =
        json!({"callid": 7, "callid_in": 6, "dialstatus": "ANSWER", "number": "+33612345678"});
    let items: Vec<serde_json::Map<String, Value>> =
        serde_json::from_value(json!([out.clone()])).unwrap();
    assert_eq!(
        Value::Object(items[0].clone()),
        out,
        "the CDR.Out fields are kept"
    );
    let cdr: types::CdrOut = serde_json::from_value(out).unwrap();
    assert_eq!(cdr.number.as_deref(), Some("+33612345678"));
}

/// A `sms.get` reply as CALLR sends it (`tests/it/data/sms_get.json`,
/// content type `application/json-rpc`): `network` and `status_history`
/// decode, the last entry's `new_status` tells delivery, fields of an
/// entry beyond `new_status` are kept, and the placeholder date and the
/// `null` options of a real reply decode too. Nothing is lost on the way
/// back to JSON.
#[tokio::test]
async fn a_real_sms_get_reply_decodes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/data/sms_get.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reply: Value = serde_json::from_str(&text).unwrap();
    let server = crate::support::TestServer::respond(crate::support::Response::bytes(
        200,
        "application/json-rpc; charset=utf-8",
        text.clone(),
    ))
    .await;
    let sms = crate::support::client(&server)
        .sms()
        .get("8242D945")
        .await
        .unwrap();

    assert_eq!(sms.network.as_deref(), Some("42509"));
    let statuses: Vec<&str> = sms
        .status_history
        .iter()
        .filter_map(|entry| entry.new_status.as_deref())
        .collect();
    assert_eq!(statuses, ["CREATED", "SENT", "RECEIVED"]);
    let delivered = sms
        .status_history
        .last()
        .and_then(|e| e.new_status.as_deref());
    assert_eq!(delivered, Some("RECEIVED"));
    assert_eq!(
        sms.status_history[1].extra.get("date"),
        Some(&json!("2024-04-24 00:42:43")),
        "an entry's other fields are kept"
    );
    assert_eq!(sms.date_received.as_deref(), Some("0000-00-00 00:00:00"));
    assert_eq!(sms.options, None);
    assert_eq!(sms.status, Some(types::SmsStatus::Received));

    // Every member comes back, `options: null` aside (an absent option set
    // is not sent).
    let mut expected = reply["result"].clone();
    expected.as_object_mut().unwrap().remove("options");
    assert_eq!(to_json(&sms), expected);
}
