//! The items that progenitor-generated code builds on: the client traits
//! and hooks, the response wrapper, the intermediate error, and the small
//! encoding helpers its request builders call.
//!
//! progenitor ships these in a crate of its own (`progenitor-client`); they
//! live here instead because their signatures are part of the runtime's
//! send path: [`ClientHooks::exec`] returns the runtime's own outcome,
//! `Result<Response, SendError>` ([`crate::Response`], [`crate::SendError`]),
//! where `progenitor-client` fixes `reqwest::Result<reqwest::Response>`, and
//! this module's [`Error`] converts a [`crate::SendError`] with `From`, so
//! the `?` in progenitor's generated code carries a local refusal without
//! disguising it as a `reqwest::Error`. (The generator points every path at
//! this module.) The names and the shapes of the calls are the ones
//! progenitor 0.15's output expects. A [`ByteStream`] reads the response
//! chunk by chunk without reqwest's `stream` feature.
//!
//! Callers see [`ResponseValue`] and [`ByteStream`]; the rest is used by
//! generated code only.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};
use serde::Serialize;

/// Which operation a request belongs to, for hooks and tracing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationInfo {
    /// The spec's `operationId` (or JSON-RPC method name).
    pub operation_id: &'static str,
}

/// What every generated client exposes about itself.
pub trait ClientInfo<Inner> {
    /// The spec's `info.version`.
    fn api_version() -> &'static str;
    /// The base URL requests go to.
    fn baseurl(&self) -> &str;
    /// The HTTP client requests are sent with.
    fn client(&self) -> &reqwest::Client;
    /// The per-client state the hooks use (for our clients, the [`Runtime`](crate::Runtime)).
    fn inner(&self) -> &Inner;
}

impl<T: ClientInfo<Inner>, Inner> ClientInfo<Inner> for &T {
    fn api_version() -> &'static str {
        T::api_version()
    }
    fn baseurl(&self) -> &str {
        (*self).baseurl()
    }
    fn client(&self) -> &reqwest::Client {
        (*self).client()
    }
    fn inner(&self) -> &Inner {
        (*self).inner()
    }
}

/// The points where a generated request passes through client code: before
/// it is sent (`pre`), to send it (`exec`) and after (`post`). Our generated
/// clients route `pre` and `exec` to the [`Runtime`](crate::Runtime).
#[allow(
    async_fn_in_trait,
    reason = "only generated code implements and calls it"
)]
pub trait ClientHooks<Inner = ()>: ClientInfo<Inner> {
    /// Runs before the request is sent; may change it.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        let _ = (request, info);
        Ok(())
    }

    /// Runs once the request has completed or failed.
    async fn post<E>(
        &self,
        result: &Result<crate::Response, crate::SendError>,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        let _ = (result, info);
        Ok(())
    }

    /// Sends the request. The generated clients send it through
    /// [`Runtime::exec`](crate::Runtime::exec); this default sends it once,
    /// as it is.
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> Result<crate::Response, crate::SendError> {
        let _ = info;
        match self.client().execute(request).await {
            Ok(response) => Ok(crate::Response::new(response, Default::default())),
            Err(e) => Err(crate::SendError::Transport(crate::redact::scrub_error(e))),
        }
    }
}

/// The chunks of a streamed response body.
pub type ByteChunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A response body read chunk by chunk (file downloads such as PortSIP's
/// call-rate export), so a large body never has to fit in memory.
///
/// It is a [`Stream`] of `reqwest::Result<Bytes>`; use
/// `futures_util::StreamExt::next` (or any stream combinator) to read it.
pub struct ByteStream(ByteChunks);

impl ByteStream {
    /// Wraps a stream of chunks.
    pub fn new(chunks: ByteChunks) -> Self {
        Self(chunks)
    }

    /// The stream of chunks.
    pub fn into_inner(self) -> ByteChunks {
        self.0
    }

    /// The body of `response`, one chunk at a time as it arrives.
    fn of(response: reqwest::Response) -> Self {
        let chunks = futures_util::stream::unfold(Some(response), |state| async move {
            let mut response = state?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                // Stop after reporting the error.
                Err(e) => Some((Err(e), None)),
            }
        });
        Self(Box::pin(chunks))
    }
}

impl Stream for ByteStream {
    type Item = reqwest::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl Deref for ByteStream {
    type Target = ByteChunks;
    fn deref(&self) -> &ByteChunks {
        &self.0
    }
}

impl DerefMut for ByteStream {
    fn deref_mut(&mut self) -> &mut ByteChunks {
        &mut self.0
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

/// A decoded response with its status and headers. Dereferences to the
/// value; [`into_inner`](Self::into_inner) takes it out.
pub struct ResponseValue<T> {
    inner: T,
    status: StatusCode,
    headers: HeaderMap,
    deviations: Vec<crate::tolerant::Deviation>,
}

impl<T> ResponseValue<T> {
    /// A response value from its parts (handy for test fixtures).
    pub fn new(inner: T, status: StatusCode, headers: HeaderMap) -> Self {
        Self {
            inner,
            status,
            headers,
            deviations: Vec::new(),
        }
    }

    /// Where the body deviated from the spec: values accepted by a
    /// tolerance rule and values that did not fit their field (which then
    /// holds `None` or its empty value; the raw JSON is in the deviation).
    /// Empty when the body matched the spec. Unknown members are not listed
    /// here (they are in each object's `extra` map) unless the client is
    /// strict, which fails the call instead.
    pub fn deviations(&self) -> &[crate::tolerant::Deviation] {
        &self.deviations
    }

    /// Whether any field lost its value (see [`deviations`](Self::deviations)).
    pub fn is_degraded(&self) -> bool {
        self.deviations
            .iter()
            .any(crate::tolerant::Deviation::is_degraded)
    }

    /// The value, without status and headers.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Length` the server sent, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(reqwest::header::CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse()
            .ok()
    }

    /// Transforms the value, keeping status and headers.
    pub fn map<U, F, E>(self, f: F) -> Result<ResponseValue<U>, E>
    where
        F: FnOnce(T) -> Result<U, E>,
    {
        Ok(ResponseValue {
            inner: f(self.inner)?,
            status: self.status,
            headers: self.headers,
            deviations: self.deviations,
        })
    }
}

impl<T: crate::tolerant::Tolerant> ResponseValue<T> {
    /// Reads the whole body and decodes it as JSON by the tolerance rules
    /// (strictly when the client is strict), keeping the deviations.
    #[doc(hidden)]
    pub async fn from_response<E>(response: crate::Response) -> Result<Self, Error<E>> {
        let status = response.status();
        let headers = response.headers().clone();
        let decoding = response
            .extensions()
            .get::<crate::tolerant::Decoding>()
            .cloned();
        // The raw values deviations keep are shown in logs and messages,
        // and a server may echo a credential into any field.
        let redactor = std::sync::Arc::clone(response.redactor_arc());
        let body = read_body(response.into_inner())
            .await
            .map_err(Error::ResponseBodyError)?;
        let strict = decoding.as_ref().is_some_and(|d| d.strict);
        match crate::tolerant::decode_slice::<T>(&body, strict) {
            Ok(mut decoded) => {
                crate::tolerant::scrub(&mut decoded.deviations, &redactor);
                let operation = decoding.as_ref().map_or("", |d| d.operation);
                crate::tolerant::warn(&decoded.deviations, operation);
                let mut value = Self::new(decoded.value, status, headers);
                value.deviations = decoded.deviations;
                Ok(value)
            }
            Err(e) => Err(Error::InvalidResponsePayload(body, e)),
        }
    }
}

/// The most bytes [`read_body`] reserves up front from `Content-Length`, so
/// that a server announcing a huge body cannot make the client reserve it
/// before sending anything.
const MAX_PREALLOC: u64 = 64 * 1024 * 1024;

/// Reads a whole body into one buffer reserved from `Content-Length`.
///
/// `reqwest::Response::bytes` keeps every chunk until the end and then
/// copies them into one buffer, so a large body briefly costs twice its
/// size; reading chunk by chunk into a buffer of the announced size costs
/// the body once (plus doubling growth only past [`MAX_PREALLOC`] or
/// without a length).
pub(crate) async fn read_body(mut response: reqwest::Response) -> reqwest::Result<Bytes> {
    let announced = response.content_length().unwrap_or(0).min(MAX_PREALLOC);
    let Some(first) = response.chunk().await? else {
        return Ok(Bytes::new());
    };
    let Some(second) = response.chunk().await? else {
        // A body in one chunk is handed over without a copy.
        return Ok(first);
    };
    let reserve = usize::try_from(announced)
        .unwrap_or(0)
        .max(first.len() + second.len());
    let mut body = Vec::with_capacity(reserve);
    body.extend_from_slice(&first);
    body.extend_from_slice(&second);
    drop((first, second));
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

impl ResponseValue<ByteStream> {
    /// Hands the body over as a stream, unread.
    #[doc(hidden)]
    pub fn stream(response: crate::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        Self::new(ByteStream::of(response.into_inner()), status, headers)
    }

    /// The stream of chunks.
    pub fn into_inner_stream(self) -> ByteChunks {
        self.inner.into_inner()
    }
}

impl ResponseValue<()> {
    /// A response whose body carries nothing the caller needs.
    #[doc(hidden)]
    pub fn empty(response: crate::Response) -> Self {
        Self::new((), response.status(), response.headers().clone())
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl<T> AsRef<T> for ResponseValue<T> {
    fn as_ref(&self) -> &T {
        &self.inner
    }
}

impl<T: fmt::Debug> fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Headers are left out: they may hold cookies or tokens.
        f.debug_struct("ResponseValue")
            .field("status", &self.status)
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

/// The error generated request code returns before it is classified into
/// [`crate::Error`] (which every public `send()` returns).
#[doc(hidden)]
pub enum Error<E = ()> {
    /// The request could not be built (a missing or invalid argument).
    InvalidRequest(String),
    /// Sending failed, or no response arrived.
    CommunicationError(reqwest::Error),
    /// A documented error status with its decoded body.
    ErrorResponse(ResponseValue<E>),
    /// The body of a response could not be read.
    ResponseBodyError(reqwest::Error),
    /// A documented response whose body does not decode.
    InvalidResponsePayload(Bytes, serde_json::Error),
    /// A status the spec does not document.
    UnexpectedResponse(crate::Response),
    /// A hook refused the request.
    Custom(String),
    /// The runtime refused the call itself (its rate limiter, a response
    /// from another origin, an interceptor); never a transport error,
    /// which is [`Error::CommunicationError`].
    Refused(crate::SendError),
}

impl<E> From<crate::SendError> for Error<E> {
    /// What `?` does with the outcome of [`ClientHooks::exec`] in generated
    /// code: a transport error is a [`Error::CommunicationError`] as
    /// progenitor has it, a refusal of the runtime's own stays one.
    fn from(e: crate::SendError) -> Self {
        match e {
            crate::SendError::Transport(e) => Self::CommunicationError(e),
            refusal => Self::Refused(refusal),
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(e: reqwest::Error) -> Self {
        Self::CommunicationError(e)
    }
}

impl<E> From<reqwest::header::InvalidHeaderValue> for Error<E> {
    fn from(e: reqwest::header::InvalidHeaderValue) -> Self {
        Self::InvalidRequest(e.to_string())
    }
}

impl<E> From<std::convert::Infallible> for Error<E> {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

impl<E> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Classify first: that path scrubs URLs and never prints bodies of
        // unknown size.
        let what = match self {
            Self::InvalidRequest(_) => "InvalidRequest",
            Self::CommunicationError(_) => "CommunicationError",
            Self::ErrorResponse(_) => "ErrorResponse",
            Self::ResponseBodyError(_) => "ResponseBodyError",
            Self::InvalidResponsePayload(..) => "InvalidResponsePayload",
            Self::UnexpectedResponse(_) => "UnexpectedResponse",
            Self::Custom(_) => "Custom",
            Self::Refused(_) => "Refused",
        };
        write!(f, "{what}")
    }
}

impl<E> fmt::Display for Error<E> {
    /// One line per level, as for [`crate::Error`]; URLs and messages are
    /// scrubbed of credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest(why) => {
                write!(f, "invalid request: {}", crate::redact_text(why))
            }
            Self::CommunicationError(_) => f.write_str("the request could not be completed"),
            Self::ErrorResponse(value) => write!(f, "error response ({})", value.status()),
            Self::ResponseBodyError(_) => f.write_str("the response body could not be read"),
            Self::InvalidResponsePayload(body, _) => write!(
                f,
                "the response body ({} bytes) does not decode",
                body.len()
            ),
            Self::UnexpectedResponse(response) => {
                write!(f, "undocumented response ({})", response.status())
            }
            Self::Custom(why) => f.write_str(&crate::redact_text(why)),
            Self::Refused(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl<E> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::CommunicationError(e) | Self::ResponseBodyError(e) => Some(e),
            Self::InvalidResponsePayload(_, e) => Some(e),
            Self::Refused(e) => e.source(),
            _ => None,
        }
    }
}

/// The characters escaped in a path parameter: controls, space, `"`, `#`,
/// `%`, `/`, `<`, `>`, `?`, backtick, `{` and `}` (the WHATWG path segment
/// set plus `/` and `%`, so a value stays one segment and decodes back to
/// itself).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Escapes a path parameter's text for one path segment.
#[doc(hidden)]
pub fn encode_path(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT).to_string()
}

/// `application/x-www-form-urlencoded` bodies for request builders.
#[doc(hidden)]
#[allow(
    clippy::result_large_err,
    reason = "the signature progenitor's generated code calls"
)]
pub trait RequestBuilderExt<E> {
    /// Encodes `body` as the form body and sets the content type.
    fn form_urlencoded<T: Serialize + ?Sized>(self, body: &T) -> Result<RequestBuilder, Error<E>>;

    /// Sets a bracket-keyed form body ([`Form`](crate::encode::Form)),
    /// encoded in one pass, and the content type.
    fn bracket_form<T: Serialize + ?Sized>(
        self,
        form: crate::encode::Form<'_, T>,
    ) -> Result<RequestBuilder, Error<E>>;
}

#[allow(
    clippy::result_large_err,
    reason = "the signature progenitor's generated code calls"
)]
impl<E> RequestBuilderExt<E> for RequestBuilder {
    fn form_urlencoded<T: Serialize + ?Sized>(self, body: &T) -> Result<RequestBuilder, Error<E>> {
        let encoded = serde_urlencoded::to_string(body)
            .map_err(|e| Error::InvalidRequest(format!("cannot encode the form body: {e}")))?;
        Ok(form_body(self, encoded))
    }

    fn bracket_form<T: Serialize + ?Sized>(
        self,
        form: crate::encode::Form<'_, T>,
    ) -> Result<RequestBuilder, Error<E>> {
        let encoded = form
            .encode()
            .map_err(|e| Error::InvalidRequest(format!("cannot encode the form body: {e}")))?;
        Ok(form_body(self, encoded))
    }
}

fn form_body(builder: RequestBuilder, encoded: String) -> RequestBuilder {
    builder
        .header(
            reqwest::header::CONTENT_TYPE,
            reqwest::header::HeaderValue::from_static("application/x-www-form-urlencoded"),
        )
        .body(encoded)
}

/// One query parameter as `form` style with `explode: true` writes it:
/// `name=value` for a scalar, `name=a&name=b` for an array, and each field
/// as its own `field=value` pair for an object. `None` writes nothing.
#[doc(hidden)]
#[derive(Debug)]
pub struct QueryParam<'a, T: ?Sized> {
    name: &'a str,
    value: &'a T,
}

impl<'a, T: ?Sized> QueryParam<'a, T> {
    /// The parameter `name` with `value`.
    pub fn new(name: &'a str, value: &'a T) -> Self {
        Self { name, value }
    }
}

impl<T: Serialize + ?Sized> Serialize for QueryParam<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        self.value.serialize(explode::Exploder {
            name: self.name,
            map: &mut map,
        })?;
        map.end()
    }
}

mod explode {
    //! The serializer behind [`QueryParam`](super::QueryParam): it writes
    //! the value's pairs as entries of the query's map.

    use serde::Serialize;
    use serde::ser::{self, Impossible, SerializeMap};

    pub(super) struct Exploder<'a, M> {
        pub(super) name: &'a str,
        pub(super) map: &'a mut M,
    }

    /// Every scalar is one `name=value` pair.
    macro_rules! scalar {
        ($($method:ident: $ty:ty),* $(,)?) => {
            $(fn $method(self, v: $ty) -> Result<(), M::Error> {
                self.map.serialize_entry(self.name, &v)
            })*
        };
    }

    fn unsupported<E: ser::Error>(what: &str) -> E {
        E::custom(format!("a query parameter cannot hold {what}"))
    }

    impl<'a, M: SerializeMap> ser::Serializer for Exploder<'a, M> {
        type Ok = ();
        type Error = M::Error;
        type SerializeSeq = Repeat<'a, M>;
        type SerializeTuple = Repeat<'a, M>;
        type SerializeTupleStruct = Repeat<'a, M>;
        type SerializeTupleVariant = Impossible<(), M::Error>;
        type SerializeMap = Fields<'a, M>;
        type SerializeStruct = Fields<'a, M>;
        type SerializeStructVariant = Impossible<(), M::Error>;

        scalar!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
            serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
            serialize_u32: u32, serialize_u64: u64, serialize_f32: f32, serialize_f64: f64,
            serialize_char: char, serialize_str: &str);

        fn serialize_bytes(self, _v: &[u8]) -> Result<(), M::Error> {
            Err(unsupported("raw bytes"))
        }
        fn serialize_none(self) -> Result<(), M::Error> {
            Ok(())
        }
        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), M::Error> {
            value.serialize(self)
        }
        fn serialize_unit(self) -> Result<(), M::Error> {
            Ok(())
        }
        fn serialize_unit_struct(self, _name: &'static str) -> Result<(), M::Error> {
            Ok(())
        }
        fn serialize_unit_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
        ) -> Result<(), M::Error> {
            self.map.serialize_entry(self.name, variant)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            value: &T,
        ) -> Result<(), M::Error> {
            value.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
            value: &T,
        ) -> Result<(), M::Error> {
            // Like a one-field object: `variant=value`.
            self.map.serialize_entry(variant, value)
        }
        fn serialize_seq(self, _len: Option<usize>) -> Result<Repeat<'a, M>, M::Error> {
            Ok(Repeat {
                name: self.name,
                map: self.map,
            })
        }
        fn serialize_tuple(self, _len: usize) -> Result<Repeat<'a, M>, M::Error> {
            self.serialize_seq(None)
        }
        fn serialize_tuple_struct(
            self,
            _name: &'static str,
            _len: usize,
        ) -> Result<Repeat<'a, M>, M::Error> {
            self.serialize_seq(None)
        }
        fn serialize_tuple_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeTupleVariant, M::Error> {
            Err(unsupported("an enum variant with several values"))
        }
        fn serialize_map(self, _len: Option<usize>) -> Result<Fields<'a, M>, M::Error> {
            Ok(Fields { map: self.map })
        }
        fn serialize_struct(
            self,
            _name: &'static str,
            _len: usize,
        ) -> Result<Fields<'a, M>, M::Error> {
            Ok(Fields { map: self.map })
        }
        fn serialize_struct_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeStructVariant, M::Error> {
            Err(unsupported("an enum variant with fields"))
        }
    }

    /// An array: one pair per element, all under the parameter's name.
    pub(super) struct Repeat<'a, M> {
        name: &'a str,
        map: &'a mut M,
    }

    impl<M: SerializeMap> Repeat<'_, M> {
        fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
            self.map.serialize_entry(self.name, value)
        }
    }

    impl<M: SerializeMap> ser::SerializeSeq for Repeat<'_, M> {
        type Ok = ();
        type Error = M::Error;
        fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
            self.item(value)
        }
        fn end(self) -> Result<(), M::Error> {
            Ok(())
        }
    }

    impl<M: SerializeMap> ser::SerializeTuple for Repeat<'_, M> {
        type Ok = ();
        type Error = M::Error;
        fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
            self.item(value)
        }
        fn end(self) -> Result<(), M::Error> {
            Ok(())
        }
    }

    impl<M: SerializeMap> ser::SerializeTupleStruct for Repeat<'_, M> {
        type Ok = ();
        type Error = M::Error;
        fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
            self.item(value)
        }
        fn end(self) -> Result<(), M::Error> {
            Ok(())
        }
    }

    /// An object: each field is its own pair.
    pub(super) struct Fields<'a, M> {
        map: &'a mut M,
    }

    impl<M: SerializeMap> ser::SerializeMap for Fields<'_, M> {
        type Ok = ();
        type Error = M::Error;
        fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
            self.map.serialize_key(key)
        }
        fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
            self.map.serialize_value(value)
        }
        fn end(self) -> Result<(), M::Error> {
            Ok(())
        }
    }

    impl<M: SerializeMap> ser::SerializeStruct for Fields<'_, M> {
        type Ok = ();
        type Error = M::Error;
        fn serialize_field<T: Serialize + ?Sized>(
            &mut self,
            name: &'static str,
            value: &T,
        ) -> Result<(), M::Error> {
            self.map.serialize_entry(name, value)
        }
        fn end(self) -> Result<(), M::Error> {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query<T: Serialize + ?Sized>(name: &str, value: &T) -> String {
        serde_urlencoded::to_string(QueryParam::new(name, value)).unwrap()
    }

    #[test]
    fn query_params_explode_arrays_and_objects() {
        #[derive(Serialize)]
        #[serde(rename_all = "lowercase")]
        enum Dir {
            Asc,
        }
        #[derive(Serialize)]
        struct Window {
            from: u32,
            to: Option<u32>,
        }
        assert_eq!(query("q", &"a b&c"), "q=a+b%26c");
        assert_eq!(query("n", &Some(5)), "n=5");
        assert_eq!(query("n", &None::<i32>), "");
        assert_eq!(query("ids", &vec![1, 2]), "ids=1&ids=2");
        assert_eq!(query("dir", &Dir::Asc), "dir=asc");
        assert_eq!(query("dirs", &[Dir::Asc, Dir::Asc]), "dirs=asc&dirs=asc");
        assert_eq!(query("w", &Window { from: 1, to: None }), "from=1");
        assert_eq!(query("flag", &true), "flag=true");
    }

    #[test]
    fn path_parameters_stay_one_segment() {
        assert_eq!(encode_path("a/b c%?#"), "a%2Fb%20c%25%3F%23");
        assert_eq!(encode_path("+1-509_x.y~é"), "+1-509_x.y~%C3%A9");
    }

    #[test]
    fn a_form_body_sets_its_content_type() {
        let http = crate::http_client_builder().unwrap().build().unwrap();
        let builder = http.post("http://127.0.0.1:9/");
        let request =
            <RequestBuilder as RequestBuilderExt<()>>::form_urlencoded(builder, &[("a", "1 2")]);
        let request = match request {
            Ok(builder) => builder.build().unwrap(),
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(
            request.headers()[reqwest::header::CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
        let body = request.body().and_then(reqwest::Body::as_bytes).unwrap();
        assert_eq!(body, b"a=1+2");
    }
}
