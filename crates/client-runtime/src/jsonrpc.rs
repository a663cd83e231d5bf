//! The JSON-RPC 2.0 transport used by clients generated from OpenRPC specs:
//! one request per HTTP POST, positional parameters, a fresh `id` per call.
//! Requests go through [`Runtime::pre`] and [`Runtime::exec`] like every
//! REST call, so authentication, retries, limits and redaction apply.

use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::StatusCode;
use serde_json::Value;

use serde::de::DeserializeOwned;

use crate::tolerant;
use crate::{Error, OperationInfo, Runtime};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Calls `method` with positional `params` and decodes its `result` as `R`.
///
/// A JSON-RPC `error` in the response becomes [`Error::Provider`] with its
/// code (as text), message and data. What the server sent is scrubbed of
/// the runtime's credential values in every error ([`Error::redacted`]). The response `id` is not compared with
/// the request's: one HTTP exchange carries exactly one call, so it cannot
/// belong to another one (and some mocks answer with a fixed id).
pub async fn call<R: DeserializeOwned, E>(
    http: &reqwest::Client,
    runtime: &Runtime,
    url: &str,
    method: &str,
    operation_id: &'static str,
    params: Vec<Value>,
) -> Result<R, Error<E>> {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let body = serde_json::to_vec(&RpcRequest {
        jsonrpc: "2.0",
        id,
        method,
        params: &params,
    })
    .map_err(|e| Error::Request(format!("cannot encode the parameters of {method}: {e}")))?;
    // No `Accept` of our own, as the official SDKs set none (reqwest adds
    // its default `*/*`): the API answers `application/json-rpc` whatever
    // is asked, and the reply is decoded as JSON whatever its content type.
    let mut request = http
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/json-rpc; charset=utf-8",
        )
        .body(body)
        .build()
        .map_err(Error::from)?;
    let info = OperationInfo { operation_id };
    runtime.pre(&mut request, &info);
    let response = runtime
        .exec(http, request, &info)
        .await
        .map_err(Error::from)?;
    let status = response.status();
    let redactor = runtime.redactor();
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Err(Error::RateLimited {
            retry_after: crate::error::retry_after_of(response.headers()),
            local: None,
        });
    }
    if !status.is_success() {
        // Only the kept part of an error body is read: a server that sends
        // megabytes with a 500 costs no more than a short one.
        return Err(Error::Status {
            status,
            body: None,
            raw: redactor.redact_bytes(
                crate::error::try_read_capped(response.into_inner())
                    .await
                    .map_err(Error::from)?,
            ),
        });
    }
    let bytes = crate::support::read_body(response.into_inner())
        .await
        .map_err(Error::from)?;
    let capped = || crate::error::cap(bytes.clone());
    // Decode the reply straight into the result type: going through
    // `serde_json::Value` first would double the cost of large results.
    // Generated result types decode by the tolerance rules (their
    // `Deserialize` is tolerant) and record their deviations in this scope;
    // in strict mode any deviation fails the call.
    let decoded = tolerant::scoped(runtime.is_strict(), || {
        serde_json::from_slice::<Reply<R>>(&bytes)
    })
    .map_err(|source| {
        Error::Decode {
            raw: capped(),
            source,
        }
        .redacted(redactor)
    })?;
    let mut deviations = decoded.deviations;
    tolerant::scrub(&mut deviations, redactor);
    tolerant::warn(&deviations, operation_id);
    let reply = decoded.value;
    if let Some(err) = reply.error {
        return Err(
            Error::rpc(err.code, err.message, err.data.filter(|d| !d.is_null())).redacted(redactor),
        );
    }
    match reply.result {
        Some(Some(result)) => Ok(result),
        // `"result": null` (or no result at all) suits result types that
        // accept null, such as `Value` or `Option<T>`.
        seen => R::deserialize(Value::Null).map_err(|_| {
            let what = match seen {
                Some(_) => format!(
                    "the method returned `null`, which is not a valid {}",
                    short_type_name::<R>()
                ),
                None => "the reply has neither `result` nor `error`".to_owned(),
            };
            Error::Decode {
                raw: capped(),
                source: <serde_json::Error as serde::de::Error>::custom(what),
            }
        }),
    }
}

/// A member that may be `null` but is there: `Some(None)` for `null`.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// `callr::generated::types::Sms` -> `Sms`, for messages.
fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let outer = full.split('<').next().unwrap_or(full);
    outer.rsplit("::").next().unwrap_or(outer)
}

/// A JSON-RPC request, serialized without building a `Value` first.
#[derive(serde::Serialize)]
struct RpcRequest<'a> {
    jsonrpc: &'static str,
    id: u64,
    method: &'a str,
    params: &'a [Value],
}

/// A JSON-RPC reply, decoded in one pass.
#[derive(serde::Deserialize)]
#[serde(bound = "R: DeserializeOwned")]
struct Reply<R> {
    /// `None`: no `result` member; `Some(None)`: `"result": null`.
    #[serde(default, deserialize_with = "present")]
    result: Option<Option<R>>,
    #[serde(default)]
    error: Option<RpcError>,
}

/// A JSON-RPC error object.
#[derive(serde::Deserialize)]
struct RpcError {
    #[serde(default)]
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    data: Option<Value>,
}

/// One positional parameter as JSON (`None` becomes `null`).
pub fn param<T: serde::Serialize + ?Sized, E>(value: &T) -> Result<Value, Error<E>> {
    serde_json::to_value(value)
        .map_err(|e| Error::Request(format!("cannot encode a parameter: {e}")))
}

/// Where a paged method takes its page, and how large a page to ask for:
/// the positional parameter at `index` is an object (or `null`, which
/// becomes one) whose `offset` and `limit` members the stream sets.
#[derive(Debug, Clone, Copy)]
pub struct PageSlot {
    /// Position of the parameter that carries the page.
    pub index: usize,
    /// Member of that parameter holding the index of the first item.
    pub offset: &'static str,
    /// Member of that parameter holding the number of items asked for.
    pub limit: &'static str,
    /// The offset as errors name it, e.g. `options.offset`.
    pub offset_name: &'static str,
    /// Number of items asked for per call.
    pub page_size: u32,
}

/// One page of a paged method's result, as [`offset_stream`] reads it.
#[derive(Debug)]
pub struct RpcPage<T> {
    /// The items of the page.
    pub items: Vec<T>,
    /// The total number of items the server reports, if any.
    pub total: Option<u64>,
    /// Whether the server says more items follow, if it says so.
    pub more: Option<bool>,
}

/// Yields every item of a method paged by an offset and a limit inside one
/// of its parameters, with [`crate::paging::offset_stream`] (so it ends,
/// and errors, as that function says).
///
/// `params` are the method's positional parameters as the caller gave them
/// (an encoding error is the stream's only item); for each page, the
/// parameter at `slot.index` gets the page's offset and limit and
/// `call(params)` returns the page. A page whose `more` is `Some(false)`
/// ends the stream like the last page of the reported total.
pub fn offset_stream<'a, T, E, R, F, Fut>(
    params: Result<Vec<Value>, Error<E>>,
    slot: PageSlot,
    paging: crate::paging::Paging,
    mut call: F,
    read: fn(R) -> RpcPage<T>,
) -> impl futures_core::Stream<Item = Result<T, Error<E>>> + 'a
where
    T: Clone + PartialEq + 'a,
    E: 'a,
    R: 'a,
    F: FnMut(Vec<Value>) -> Fut + 'a,
    Fut: std::future::Future<Output = Result<R, Error<E>>> + 'a,
{
    use futures_util::StreamExt;
    let params = match params {
        Ok(params) => params,
        Err(e) => return futures_util::stream::once(async move { Err(e) }).left_stream(),
    };
    crate::paging::offset_stream(
        slot.page_size,
        slot.offset_name,
        paging,
        move |offset, limit| {
            let mut params = params.clone();
            if params.len() <= slot.index {
                params.resize(slot.index + 1, Value::Null);
            }
            let page = &mut params[slot.index];
            if !page.is_object() {
                *page = Value::Object(serde_json::Map::new());
            }
            page[slot.offset] = Value::from(offset);
            page[slot.limit] = Value::from(limit);
            let reply = call(params);
            async move {
                let page = read(reply.await?);
                // "No more" ends the stream as the reported total would.
                let total = match page.more {
                    Some(false) => Some(offset + page.items.len() as u64),
                    _ => page.total,
                };
                Ok(crate::paging::Page {
                    items: page.items,
                    total,
                })
            }
        },
    )
    .right_stream()
}
