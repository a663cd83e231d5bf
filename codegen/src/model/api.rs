//! The API model: every operation of a spec as named types, built once
//! during normalization and read by our emitters.
//!
//! progenitor still receives the rewritten `openapiv3` document, because it
//! needs one; everything *our* code knows about an operation (how each
//! parameter goes on the wire, how its body is sent, what it answers,
//! whether it pages, may be repeated or counts against a rate-limit pool)
//! is here, looked up by `operationId`, so no emitter walks the document or
//! keys a table by `(operationId, name)` strings.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Parameter, ReferenceOr, Schema, SchemaKind, Type};

use crate::model::normalize::{EnvelopeSpec, FieldAliases, OpenEnum, Pagination, RpcPagination};

/// What the emitters know about one spec's operations and the settings
/// that apply to all of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Model {
    /// Every operation, in document order, the multipart ones (which are
    /// not in the document progenitor receives) included.
    pub(crate) operations: Vec<Operation>,
    /// The paths of the spec's server URLs (`/v1`), without duplicates or
    /// trailing `/`; empty when every server URL is a bare host.
    pub(crate) base_paths: Vec<String>,
    /// The documented rate-limit pools, in spec order.
    pub(crate) pools: Vec<Pool>,
    /// Where in-band errors live, for providers that report them in HTTP 200.
    pub(crate) envelope: Option<EnvelopeSpec>,
    /// Whether query credentials travel in form bodies rather than URLs
    /// (`x-credentials-in-form: true` at the root).
    pub(crate) credentials_in_form: bool,
    /// The enum schemas that become open enum types, sorted by name.
    pub(crate) open_enums: Vec<OpenEnum>,
    /// Fields of generated types that also decode from other names, in
    /// spec order.
    pub(crate) aliases: Vec<FieldAliases>,
    /// `operationId` -> position in `operations`.
    index: BTreeMap<String, usize>,
}

/// One operation as the emitters see it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Operation {
    /// The `operationId`.
    pub(crate) id: String,
    /// The HTTP method.
    pub(crate) method: Method,
    /// The path template, as in the spec.
    pub(crate) path: String,
    /// The path template split at its parameters.
    pub(crate) segments: Vec<PathPart>,
    /// The operation's first tag, which makes its area.
    pub(crate) tag: Option<String>,
    /// Every `$ref` the operation makes (`#/components/schemas/Did`), in
    /// document order, each once: where its area's types start.
    pub(crate) refs: Vec<String>,
    /// The summary, if the spec gives one.
    pub(crate) summary: Option<String>,
    /// The description, with the sentences normalization adds (retry
    /// safety, evidence).
    pub(crate) description: Option<String>,
    /// The parameters, path-level ones included, after normalization (a
    /// `deepObject` with fixed keys is one parameter per key).
    pub(crate) params: Vec<Param>,
    /// The request body, if any.
    pub(crate) body: Option<Body>,
    /// What the operation answers.
    pub(crate) responses: Responses,
    /// How the operation pages through a list, if it does.
    pub(crate) paging: Option<Paging>,
    /// Whether the client may send it again after the server may have
    /// received it (`x-idempotent`, else `x-idempotent-default`, else the
    /// method).
    pub(crate) repeatable: bool,
    /// The rate-limit pools the operation names (`x-rate-limit-pools`);
    /// `None` when it names none and counts against the default pool.
    pub(crate) pools: Option<Vec<String>>,
    /// The JSON-RPC method the operation stands for (OpenRPC specs).
    pub(crate) rpc: Option<RpcMethod>,
    /// What the operation rests on when not on the provider's reference
    /// (`x-evidence`).
    pub(crate) evidence: Option<Evidence>,
}

/// Where an operation comes from when the provider's reference does not
/// show it (`x-evidence`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Evidence {
    /// Reconstructed from other evidence (`inferred`).
    Inferred,
    /// Taken from a third-party client that ran against the live API
    /// (`third-party`).
    ThirdParty,
}

impl Evidence {
    /// Every value of `x-evidence`, with what it means.
    pub(crate) const ALL: [(&'static str, Self); 2] = [
        ("inferred", Self::Inferred),
        ("third-party", Self::ThirdParty),
    ];

    /// The evidence an `x-evidence` value names.
    pub(crate) fn of(value: &str) -> Option<Self> {
        Self::ALL.iter().find(|(k, _)| *k == value).map(|(_, e)| *e)
    }

    /// The sentence that says so in the operation's documentation.
    pub(crate) fn sentence(self) -> &'static str {
        match self {
            Self::Inferred => {
                "**Inferred:** part of this operation (its method and path, or its \
                 signature) is not shown in the provider's reference and was \
                 reconstructed from other evidence, as said above; verify it against \
                 the provider before relying on it."
            }
            Self::ThirdParty => {
                "**Third-party:** this operation is not in the provider's reference; it \
                 comes from a third-party client that ran against the live API: its method \
                 and path are the ones that client used, and its request and response \
                 shapes only what that client shows of them."
            }
        }
    }
}

/// A JSON-RPC method: an OpenRPC method as the front end loads it, one
/// `POST` operation whose inline JSON body holds the parameters.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RpcMethod {
    /// The method's name on the wire (`sms.send`).
    pub(crate) name: String,
    /// The positional parameters, in the order they are sent.
    pub(crate) params: Vec<RpcParam>,
    /// The result's schema, if the method declares one.
    pub(crate) result: Option<ReferenceOr<Schema>>,
}

/// One positional parameter of a JSON-RPC method.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RpcParam {
    /// Its name in the OpenRPC document.
    pub(crate) name: String,
    /// Whether the method requires it (otherwise `null` is sent for none).
    pub(crate) required: bool,
    /// Its schema, which the emitter turns into a Rust type.
    pub(crate) schema: ReferenceOr<Schema>,
    /// The description of an inline schema.
    pub(crate) description: Option<String>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// Every method, in the order `openapiv3` lists a path item's operations.
    const ALL: [(&'static str, Self); 8] = [
        ("get", Self::Get),
        ("put", Self::Put),
        ("post", Self::Post),
        ("delete", Self::Delete),
        ("options", Self::Options),
        ("head", Self::Head),
        ("patch", Self::Patch),
        ("trace", Self::Trace),
    ];

    /// The method of a path item's key (`"get"`).
    fn of(key: &str) -> Option<Self> {
        Self::ALL.iter().find(|(k, _)| *k == key).map(|(_, m)| *m)
    }

    /// The lower-case name, as OpenAPI and reqwest's builder methods write it.
    pub(crate) fn lower(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("get", |(k, _)| k)
    }

    /// The upper-case name, as HTTP and httpmock write it.
    pub(crate) fn upper(self) -> String {
        self.lower().to_uppercase()
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathPart {
    /// Literal text.
    Literal(String),
    /// A `{name}` parameter.
    Param(String),
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Param {
    /// The name on the wire, as progenitor receives it (`page[size]` for a
    /// key of a split `deepObject`).
    pub(crate) name: String,
    /// Where it travels.
    pub(crate) location: Location,
    /// How a query value is encoded.
    pub(crate) encoding: Encoding,
    /// The parameter's description.
    pub(crate) description: Option<String>,
    /// The description of its inline schema, if it has one.
    pub(crate) schema_description: Option<String>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a query parameter's value goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// As progenitor sends it (form style, exploded); also every parameter
    /// that is not in the query.
    Plain,
    /// `name[key]=value` for every key of a map, indexed keys for an array
    /// of objects.
    DeepObject,
    /// One value with the items joined by commas (`explode: false`).
    CommaList,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    /// How it is sent.
    pub(crate) media: Media,
    /// The body's description, if the spec gives one.
    pub(crate) description: Option<String>,
}

/// How a request body is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Media {
    /// `application/x-www-form-urlencoded`, bracket-encoded by our encoder.
    Form,
    /// `multipart/form-data`, sent by our own emitter.
    Multipart(Multipart),
    /// Anything progenitor sends as it is (JSON, octet streams).
    Other,
}

/// A `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Multipart {
    /// The parts, in spec order.
    pub(crate) parts: Vec<Part>,
    /// Whether the operation also declares an
    /// `application/x-www-form-urlencoded` body of the same schema: it is
    /// then sent urlencoded unless a file part is set.
    pub(crate) or_urlencoded: bool,
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// Field name on the wire.
    pub(crate) name: String,
    /// Whether the spec lists it as required.
    pub(crate) required: bool,
    /// `Some(content type)` for a file part, `None` for a text part.
    pub(crate) file: Option<String>,
    /// The Rust type of a text part.
    pub(crate) text: TextType,
    /// The property's description.
    pub(crate) description: Option<String>,
}

/// The Rust type of a multipart text part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TextType {
    /// `String`: a string, or what no other type fits.
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// `chrono::NaiveDate`, for `format: date`.
    Date,
    /// The generated type of this component schema (an enum).
    Component(String),
}

impl TextType {
    /// The type's name, as a setter's conversion error gives it.
    pub(crate) fn name(&self) -> &str {
        match self {
            Self::String => "String",
            Self::Integer => "i64",
            Self::Number => "f64",
            Self::Boolean => "bool",
            Self::Date => "NaiveDate",
            Self::Component(name) => name,
        }
    }
}

/// What an operation answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Responses {
    /// The first documented `2xx` answer.
    pub(crate) success: Success,
    /// The component name of the first error body, if any.
    pub(crate) error: Option<String>,
    /// How many answers progenitor's mocks give as a status range: each
    /// `4XX`-style response, plus the `2XX` progenitor adds to an operation
    /// that documents no success (PortSIP's `302`-only login).
    pub(crate) status_ranges: usize,
}

/// The success an operation documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Success {
    /// The first documented `2xx` status (200 when none is).
    pub(crate) status: u16,
    /// The component name of its JSON body, if it has one.
    pub(crate) body: Option<String>,
}

/// How an operation pages through a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Paging {
    /// Offset paging of a REST list operation, through query parameters.
    Offset(Pagination),
    /// Offset paging of a JSON-RPC method, through one object parameter.
    Rpc(RpcPagination),
}

/// A rate-limit pool: `requests` per `seconds`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pool {
    /// The pool's name (`default` for `x-rate-limit`).
    pub(crate) name: String,
    /// Requests allowed per period.
    pub(crate) requests: u32,
    /// The period, in seconds.
    pub(crate) seconds: u64,
}

impl Model {
    /// The model of `operations` under these servers; the other settings
    /// start empty.
    pub(crate) fn new(operations: Vec<Operation>, servers: &[openapiv3::Server]) -> Self {
        let index = operations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        Self {
            operations,
            base_paths: base_paths(servers),
            index,
            ..Self::default()
        }
    }

    /// The operation with this `operationId`.
    pub(crate) fn operation(&self, id: &str) -> Option<&Operation> {
        self.index.get(id).map(|i| &self.operations[*i])
    }

    /// The operations progenitor emits (all but the multipart ones), in
    /// document order.
    pub(crate) fn progenitor(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter().filter(|o| o.multipart().is_none())
    }

    /// The operations our multipart emitter writes, in document order.
    pub(crate) fn multipart(&self) -> impl Iterator<Item = (&Operation, &Multipart)> {
        self.operations
            .iter()
            .filter_map(|o| o.multipart().map(|m| (o, m)))
    }

    /// The operations that may be repeated, sorted by `operationId` (what
    /// the runtime looks up).
    pub(crate) fn repeatable(&self) -> impl Iterator<Item = &str> {
        self.index
            .iter()
            .filter(|(_, i)| self.operations[**i].repeatable)
            .map(|(id, _)| id.as_str())
    }

    /// Whether the operation may be repeated; an unknown one may not.
    pub(crate) fn is_repeatable(&self, id: &str) -> bool {
        self.operation(id).is_some_and(|o| o.repeatable)
    }
}

impl Operation {
    /// The body, when our multipart emitter sends it.
    pub(crate) fn multipart(&self) -> Option<&Multipart> {
        match &self.body.as_ref()?.media {
            Media::Multipart(m) => Some(m),
            _ => None,
        }
    }

    /// Whether the form body is bracket-encoded by our encoder.
    pub(crate) fn form_body(&self) -> bool {
        self.body.as_ref().is_some_and(|b| b.media == Media::Form)
    }

    /// The query parameters, in order.
    pub(crate) fn query(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.location == Location::Query)
    }

    /// The encoding of the query parameter `name` (`Plain` when it has none).
    pub(crate) fn encoding(&self, name: &str) -> Encoding {
        self.query()
            .find(|p| p.name == name)
            .map_or(Encoding::Plain, |p| p.encoding)
    }

    /// How many query parameters one of our encoders sends.
    pub(crate) fn encoded_query(&self) -> usize {
        self.query()
            .filter(|p| p.encoding != Encoding::Plain)
            .count()
    }

    /// The path parameters, as the template names them.
    pub(crate) fn path_params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathPart::Param(p) => Some(p.as_str()),
            PathPart::Literal(_) => None,
        })
    }

    /// The offset paging of a REST list operation, if it has one.
    pub(crate) fn offset_paging(&self) -> Option<&Pagination> {
        match &self.paging {
            Some(Paging::Offset(p)) => Some(p),
            _ => None,
        }
    }

    /// The paging of a JSON-RPC method, if it has one.
    pub(crate) fn rpc_paging(&self) -> Option<&RpcPagination> {
        match &self.paging {
            Some(Paging::Rpc(p)) => Some(p),
            _ => None,
        }
    }

    /// Summary and description, joined for a rustdoc.
    pub(crate) fn doc(&self) -> String {
        [self.summary.as_deref(), self.description.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// What normalization decided for one operation beyond what the document
/// says, handed to [`operation`].
#[derive(Debug, Default)]
pub(crate) struct Decided {
    /// The encoding of each query parameter that has one, by wire name.
    pub(crate) encodings: BTreeMap<String, Encoding>,
    /// How the body is sent, when it is a form or multipart.
    pub(crate) media: Option<Media>,
    /// The paging, if any.
    pub(crate) paging: Option<Paging>,
    /// Whether it may be repeated.
    pub(crate) repeatable: bool,
    /// The pools it names.
    pub(crate) pools: Option<Vec<String>>,
}

/// The model of one operation of the (normalized) document: `path` and
/// `method` locate it, `shared` are its path item's parameters.
pub(crate) fn operation(
    api: &OpenAPI,
    (path, method): (&str, &str),
    shared: &[ReferenceOr<Parameter>],
    op: &openapiv3::Operation,
    decided: Decided,
) -> Operation {
    let params = parameters(api, shared, &op.parameters)
        .into_iter()
        .map(|p| param(p, &decided.encodings))
        .collect();
    let body = match &op.request_body {
        Some(ReferenceOr::Item(b)) => Some(Body {
            media: decided.media.unwrap_or(Media::Other),
            description: b.description.clone(),
        }),
        Some(ReferenceOr::Reference { .. }) => Some(Body {
            media: decided.media.unwrap_or(Media::Other),
            description: None,
        }),
        None => None,
    };
    Operation {
        id: op.operation_id.clone().unwrap_or_default(),
        method: Method::of(method).unwrap_or(Method::Get),
        path: path.to_owned(),
        segments: split_path(path),
        tag: op.tags.first().cloned(),
        refs: refs(op),
        summary: op.summary.clone(),
        description: op.description.clone(),
        params,
        body,
        responses: responses(&op.responses),
        paging: decided.paging,
        repeatable: decided.repeatable,
        pools: decided.pools,
        rpc: None,
        evidence: op
            .extensions
            .get("x-evidence")
            .and_then(|v| v.as_str())
            .and_then(Evidence::of),
    }
}

impl Model {
    /// Reads the JSON-RPC method of every operation that stands for one,
    /// from the document as normalization leaves it (the parameter schemas
    /// are what typify receives).
    pub(crate) fn read_rpc_methods(&mut self, api: &OpenAPI) {
        for (_, _, op) in api.operations() {
            let Some(i) = op.operation_id.as_deref().and_then(|id| self.index.get(id)) else {
                continue;
            };
            self.operations[*i].rpc = rpc_method(op);
        }
    }
}

/// The JSON-RPC method of an operation with `x-jsonrpc-method`.
fn rpc_method(op: &openapiv3::Operation) -> Option<RpcMethod> {
    let name = op.extensions.get("x-jsonrpc-method")?.as_str()?;
    let order: Vec<&str> = op
        .extensions
        .get("x-jsonrpc-params")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|p| p.as_str()).collect())
        .unwrap_or_default();
    let body = match &op.request_body {
        Some(ReferenceOr::Item(b)) => b.content.values().next().and_then(|m| m.schema.as_ref()),
        _ => None,
    };
    let object = match body {
        Some(ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Object(o)),
            ..
        })) => Some(o),
        _ => None,
    };
    let params = order
        .iter()
        .filter_map(|p| {
            let o = object?;
            Some(rpc_param(p, o.properties.get(*p)?, &o.required))
        })
        .collect();
    let result = op.responses.responses.values().find_map(|r| match r {
        ReferenceOr::Item(r) => r.content.values().next().and_then(|m| m.schema.clone()),
        _ => None,
    });
    Some(RpcMethod {
        name: name.to_owned(),
        params,
        result,
    })
}

fn rpc_param(name: &str, slot: &ReferenceOr<Box<Schema>>, required: &[String]) -> RpcParam {
    let (schema, description) = match slot {
        ReferenceOr::Item(b) => (
            ReferenceOr::Item((**b).clone()),
            b.schema_data.description.clone(),
        ),
        ReferenceOr::Reference { reference } => (
            ReferenceOr::Reference {
                reference: reference.clone(),
            },
            None,
        ),
    };
    RpcParam {
        name: name.to_owned(),
        required: required.iter().any(|r| r == name),
        schema,
        description,
    }
}

/// Every `$ref` in the operation, each once.
fn refs(op: &openapiv3::Operation) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get("$ref")
                    && !out.contains(r)
                {
                    out.push(r.clone());
                }
                map.values().for_each(|v| walk(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(op).unwrap_or_default(), &mut out);
    out
}

fn param(p: &Parameter, encodings: &BTreeMap<String, Encoding>) -> Param {
    let data = p.parameter_data_ref();
    let location = match p {
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Path { .. } => Location::Path,
        Parameter::Cookie { .. } => Location::Cookie,
    };
    let encoding = match location {
        Location::Query => encodings
            .get(&data.name)
            .copied()
            .unwrap_or(Encoding::Plain),
        _ => Encoding::Plain,
    };
    let schema_description = match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
            s.schema_data.description.clone()
        }
        _ => None,
    };
    Param {
        name: data.name.clone(),
        location,
        encoding,
        description: data.description.clone(),
        schema_description,
    }
}

/// The operation's parameters with the path item's, references resolved;
/// an operation-level parameter replaces a path-level one of the same name
/// and location, as OpenAPI says. Path-level ones come first, then the
/// operation's in their order.
fn parameters<'a>(
    api: &'a OpenAPI,
    shared: &'a [ReferenceOr<Parameter>],
    own: &'a [ReferenceOr<Parameter>],
) -> Vec<&'a Parameter> {
    let resolve = |p: &'a ReferenceOr<Parameter>| -> Option<&'a Parameter> {
        match p {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                api.components.as_ref()?.parameters.get(name)?.as_item()
            }
        }
    };
    let key = |p: &Parameter| {
        (
            std::mem::discriminant(p),
            p.parameter_data_ref().name.clone(),
        )
    };
    let own: Vec<&Parameter> = own.iter().filter_map(resolve).collect();
    let mut out: Vec<&Parameter> = shared
        .iter()
        .filter_map(resolve)
        .filter(|s| !own.iter().any(|o| key(o) == key(s)))
        .collect();
    out.extend(own);
    out
}

fn responses(r: &openapiv3::Responses) -> Responses {
    use openapiv3::StatusCode;
    let two_xx = |c: &StatusCode| matches!(c, StatusCode::Code(c) if (200..300).contains(c));
    let success = r
        .responses
        .iter()
        .find_map(|(code, resp)| match code {
            StatusCode::Code(c) if two_xx(code) => Some(Success {
                status: *c,
                body: body_name(resp),
            }),
            _ => None,
        })
        .unwrap_or(Success {
            status: 200,
            body: None,
        });
    let error = r
        .responses
        .iter()
        .filter(|(code, _)| !two_xx(code))
        .find_map(|(_, resp)| body_name(resp));
    let ranges = r
        .responses
        .keys()
        .filter(|s| matches!(s, StatusCode::Range(_)))
        .count();
    Responses {
        success,
        error,
        status_ranges: ranges + usize::from(!documents_success(r)),
    }
}

/// The component name of a response's (first) body schema, when it is a
/// `$ref`.
fn body_name(r: &ReferenceOr<openapiv3::Response>) -> Option<String> {
    let ReferenceOr::Item(r) = r else { return None };
    match r.content.first()?.1.schema.as_ref()? {
        ReferenceOr::Reference { reference } => reference.rsplit('/').next().map(str::to_owned),
        ReferenceOr::Item(_) => None,
    }
}

/// Whether the responses name a success as progenitor counts one: a
/// default, `101`, a `2xx` code or the `2XX` range.
fn documents_success(responses: &openapiv3::Responses) -> bool {
    responses.default.is_some()
        || responses.responses.keys().any(|s| match s {
            openapiv3::StatusCode::Code(c) => *c == 101 || (200..300).contains(c),
            openapiv3::StatusCode::Range(r) => *r == 2,
        })
}

/// The paths of the server URLs, each once, without empty ones.
fn base_paths(servers: &[openapiv3::Server]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for path in servers.iter().map(base_path) {
        if !path.is_empty() && !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// The path part of a server URL, with server variables replaced by their
/// defaults: `https://{host}:8887/api` gives `/api`.
pub(crate) fn base_path(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, var) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &var.default);
    }
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let path = match after_scheme.find('/') {
        // A relative server URL is a path already.
        Some(_) if !url.contains("://") => after_scheme,
        Some(i) => &after_scheme[i..],
        None => "",
    };
    path.trim_end_matches('/').to_owned()
}

fn split_path(path: &str) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        parts.push(PathPart::Param(rest[open + 1..close].to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_of_server_urls() {
        let server = |url: &str| openapiv3::Server {
            url: url.into(),
            ..Default::default()
        };
        assert_eq!(base_path(&server("https://api.example/v1")), "/v1");
        assert_eq!(base_path(&server("https://api.example")), "");
        assert_eq!(
            base_path(&server("https://api.example/json-rpc/v1.1/")),
            "/json-rpc/v1.1"
        );
        assert_eq!(base_path(&server("/api")), "/api");
    }

    #[test]
    fn an_operation_reads_its_parameters_body_and_answers() {
        let spec = crate::Spec::parse(
            "specs/x.yaml",
            "openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://{host}/api/', variables: {host: {default: h}}}]
paths:
  /numbers/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    post:
      operationId: order
      x-idempotent: true
      parameters:
        - {name: sort, in: query, explode: false, schema: {type: array, items: {type: string}}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {a: {type: string}}}
      responses:
        '201': {description: ok}
        '4XX':
          description: no
          content: {application/json: {schema: {$ref: '#/components/schemas/E'}}}
components:
  schemas:
    E: {type: object, properties: {m: {type: string}}}
",
        )
        .unwrap();
        let model = crate::normalize(&spec.openapi).model;
        assert_eq!(model.base_paths, ["/api"]);
        let op = model.operation("order").unwrap();
        assert_eq!(
            (op.method, op.method.upper()),
            (Method::Post, "POST".into())
        );
        assert_eq!(op.path_params().collect::<Vec<_>>(), ["id"]);
        assert_eq!(op.encoding("sort"), Encoding::CommaList);
        assert_eq!(op.encoded_query(), 1);
        assert!(op.form_body() && op.repeatable);
        assert_eq!(
            op.responses.success,
            Success {
                status: 201,
                body: None
            }
        );
        assert_eq!(op.responses.error.as_deref(), Some("E"));
        assert_eq!(op.responses.status_ranges, 1);
        assert_eq!(model.repeatable().collect::<Vec<_>>(), ["order"]);
    }

    fn model_of(file: &str, text: &str) -> (OpenAPI, Model) {
        let spec = crate::Spec::parse(file, text).unwrap();
        let n = crate::normalize(&spec.openapi);
        (n.openapi, n.model)
    }

    #[test]
    fn a_multipart_operation_is_in_the_model_and_not_in_the_document() {
        let (doc, model) = model_of(
            "specs/x.yaml",
            "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /faxes:
    post:
      operationId: send_fax
      tags: [Faxes]
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                pages: {type: integer}
                on: {type: string, format: date}
            encoding: {file: {contentType: application/pdf}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/R'}}}
components:
  schemas:
    R: {type: object, properties: {id: {type: string}}}
",
        );
        assert!(doc.paths.paths.is_empty());
        let (op, body) = model.multipart().next().unwrap();
        assert_eq!(
            (op.id.as_str(), op.tag.as_deref()),
            ("send_fax", Some("Faxes"))
        );
        assert_eq!(op.refs, ["#/components/schemas/R"]);
        assert_eq!(op.responses.success.body.as_deref(), Some("R"));
        let parts: Vec<(&str, bool, Option<&str>, &str)> = body
            .parts
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.required,
                    p.file.as_deref(),
                    p.text.name(),
                )
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("file", true, Some("application/pdf"), "String"),
                ("on", false, None, "NaiveDate"),
                ("pages", false, None, "i64"),
            ]
        );
        assert!(!body.or_urlencoded);
        assert_eq!(model.progenitor().count(), 0);
    }

    #[test]
    fn a_list_operation_pages_and_names_its_pools() {
        let (_, model) = model_of(
            "specs/x.yaml",
            "openapi: 3.0.3
info: {title: t, version: '1'}
x-rate-limits: {shared: {requests: 10, per: minute}}
paths:
  /items:
    get:
      operationId: list_items
      description: Lists the items.
      x-evidence: inferred
      x-rate-limit-pools: [shared]
      x-pagination: {offset: offset, limit: limit, page-size: 50, items: data}
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}
components:
  schemas:
    Page:
      type: object
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Item'}}
    Item: {type: object, properties: {id: {type: string}}}
",
        );
        let op = model.operation("list_items").unwrap();
        let paging = op.offset_paging().unwrap();
        assert_eq!((paging.page_size, paging.item_type.as_str()), (50, "Item"));
        assert_eq!(op.pools.as_deref(), Some(&["shared".to_owned()][..]));
        assert_eq!(model.pools[0].seconds, 60);
        assert!(op.repeatable && op.rpc.is_none());
        assert_eq!(op.evidence, Some(Evidence::Inferred));
        let doc = op.description.as_deref().unwrap();
        assert!(
            doc.starts_with("Lists the items.\n\n**Inferred:**"),
            "{doc}"
        );
        assert!(doc.ends_with("a timeout or a lost connection."), "{doc}");
    }

    #[test]
    fn a_json_rpc_method_keeps_its_positional_parameters() {
        let (_, model) = model_of(
            "specs/x.yaml",
            "openrpc: 1.3.2
info: {title: t, version: '1'}
servers: [{name: p, url: 'https://rpc.example/'}]
methods:
  - name: sms.send
    params:
      - {name: to, required: true, schema: {type: string}}
      - {name: webhook, schema: {type: string}}
    result: {name: id, schema: {type: string}}
components:
  schemas: {}
",
        );
        let rpc = model.operations[0].rpc.as_ref().unwrap();
        assert_eq!(rpc.name, "sms.send");
        let params: Vec<(&str, bool)> = rpc
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.required))
            .collect();
        assert_eq!(params, [("to", true), ("webhook", false)]);
        assert!(rpc.result.is_some());
    }
}
