//! Hand-written `reqwest` + `serde` equivalents of the generated calls the
//! per-call benchmark makes: the same method, URL, headers and credentials,
//! the same per-request timeout, and a decode into a mirror type of the same
//! shape. Error handling is what a careful hand-written client does: a
//! non-2xx status or a provider-reported error is an error.

use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde::Serialize;

use crate::REQUEST_TIMEOUT;
use crate::mirror;
use crate::server::Credentials as C;

/// Whatever went wrong.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// PortSIP `GET /tenant/status` with a bearer token.
pub async fn portsip_tenant_status(
    http: &reqwest::Client,
    base: &str,
) -> Result<mirror::portsip::TenantStatus, Error> {
    let response = http
        .get(format!("{base}/tenant/status"))
        .header(ACCEPT, "application/json")
        .bearer_auth(C::TOKEN)
        .timeout(REQUEST_TIMEOUT)
        .send()
        .await?
        .error_for_status()?;
    Ok(response.json().await?)
}

/// Skyetel `GET /tenants/{id}/features` with the `X-AUTH-*` header pair.
pub async fn skyetel_tenant_features(
    http: &reqwest::Client,
    base: &str,
    id: i64,
) -> Result<mirror::skyetel::TenantFeatures, Error> {
    let response = http
        .get(format!("{base}/tenants/{id}/features"))
        .header(ACCEPT, "application/json")
        .header("x-auth-sid", C::SID)
        .header("x-auth-secret", C::SECRET)
        .timeout(REQUEST_TIMEOUT)
        .send()
        .await?
        .error_for_status()?;
    Ok(response.json().await?)
}

/// VoiceMeUp `GET /get_account_details` with the credentials in the query,
/// failing when the envelope reports `response_status: error`.
pub async fn voicemeup_account_details(
    http: &reqwest::Client,
    base: &str,
) -> Result<mirror::voicemeup::Envelope, Error> {
    let response = http
        .get(format!("{base}/get_account_details"))
        .header(ACCEPT, "application/json")
        .query(&[("username", C::USERNAME), ("auth_token", C::TOKEN)])
        .timeout(REQUEST_TIMEOUT)
        .send()
        .await?
        .error_for_status()?;
    let envelope: mirror::voicemeup::Envelope = response.json().await?;
    let failed = envelope
        .response_details
        .as_ref()
        .and_then(|d| d.response_status)
        == Some(mirror::voicemeup::ResponseStatus::Error);
    if failed {
        return Err("VoiceMeUp reported an error".into());
    }
    Ok(envelope)
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

#[derive(Serialize)]
struct RpcRequest<'a, P> {
    jsonrpc: &'static str,
    id: u64,
    method: &'a str,
    params: P,
}

/// CALLR `system.get_timestamp`: a JSON-RPC 2.0 POST with an `Api-Key`
/// authorization, the result decoded straight from the reply.
pub async fn callr_get_timestamp(http: &reqwest::Client, base: &str) -> Result<i64, Error> {
    let body = serde_json::to_vec(&RpcRequest {
        jsonrpc: "2.0",
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        method: "system.get_timestamp",
        params: [(); 0],
    })?;
    let response = http
        .post(base)
        .header(CONTENT_TYPE, "application/json-rpc; charset=utf-8")
        .header(ACCEPT, "application/json")
        .header(
            reqwest::header::AUTHORIZATION,
            format!("Api-Key {}", C::API_KEY),
        )
        .body(body)
        .timeout(REQUEST_TIMEOUT)
        .send()
        .await?
        .error_for_status()?;
    let reply: mirror::callr::Reply<i64> = response.json().await?;
    match (reply.result, reply.error) {
        (_, Some(e)) => Err(format!("CALLR error {}: {}", e.code, e.message).into()),
        (Some(result), None) => Ok(result),
        (None, None) => Err("reply without result".into()),
    }
}
