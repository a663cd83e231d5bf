//! Normalization: rewrites shapes the emitter cannot express well into ones
//! it can, without changing what goes on the wire.
//!
//! Rules, in the order they run:
//! 0. `untyped_objects`: a schema with `properties` but no `type` (which
//!    PortSIP's own document writes for some list items) is an object, as
//!    its properties say; typify would otherwise make it a `Value`.
//! 1. `hoist_enums`: inline string and integer enums (in properties, array
//!    items, parameters and inline request bodies) become named component
//!    schemas, so that every enum can be replaced by an open enum type; the
//!    same property with the same values in one family of types shares one.
//! 2. `defaults_to_docs`: `default` values move into the description.
//!    progenitor would materialise them and send them even when the caller
//!    set nothing, which on an update overwrites server state.
//! 3. `constraints_to_docs`: `pattern`, lengths, ranges and untyped formats
//!    move into the description. Generated types would otherwise reject
//!    out-of-range values from the server, failing a whole response.
//! 4. `loose_union`: a `oneOf`/`anyOf` of object schemas that have no
//!    required fields and no discriminator cannot be decoded faithfully (the
//!    first variant always matches and the others' fields are dropped), so
//!    it becomes a JSON object, documented with its possible types.
//! 5. `keep_extra_fields` (after rule 7, on data schemas only): every
//!    object with properties that is not closed keeps the members its
//!    schema does not name in an `extra` map instead of dropping them.
//! 6. `notes_to_docs` (after rule 7, from the model): an operation marked
//!    `x-evidence: inferred` or `x-evidence: third-party` says so in its
//!    documentation, and every operation says whether the client repeats it.
//! 7. `rate_limits`, then `wire_encodings`: encodings progenitor cannot
//!    produce are decided per operation and hidden from progenitor:
//!    `deepObject` parameters become one `name[key]` parameter per property
//!    (plus a map for free-form keys; arrays of objects stay whole),
//!    `explode: false` arrays are marked for comma joining, form bodies for
//!    bracket encoding, and `multipart/form-data` operations are taken out
//!    for our own emitter (also those declaring the same schema as an
//!    `application/x-www-form-urlencoded` body too, which it sends
//!    urlencoded when no file part is set); `x-pagination` is read. The
//!    model of every operation ([`crate::model::api`]) is built from the
//!    document and these decisions, then the multipart operations leave
//!    the document.
//! 8. `open_enums` and `envelope`: every named enum is listed so the emitter
//!    can replace it with an open type, and `x-envelope` and
//!    `x-credentials-in-form` are read.
//! 9. `field_aliases`: `x-aliases` of component schemas is read, for the
//!    emitter's pass that lets a field decode from more than one name.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};

use crate::model::api::{
    Decided, Encoding, Evidence, Media, Method, Multipart, Paging, Part, TextType,
};

/// A named enum that the emitter turns into an open enum type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEnum {
    /// Component schema name, which is also the Rust type name.
    pub name: String,
    /// The documented values, in spec order (integers in decimal).
    pub values: Vec<String>,
    /// Variant names from `x-enum-varnames`, if the spec gives them.
    pub variant_names: Option<Vec<String>>,
    /// Whether the values are integers rather than strings.
    pub integer: bool,
    /// Per-value descriptions from `x-enum-descriptions`, if given.
    pub value_docs: Option<Vec<String>>,
    /// `(group, values)` from `x-enum-groups`, in spec order.
    pub groups: Vec<(String, Vec<String>)>,
    /// The schema's description, if any.
    pub description: Option<String>,
}

/// Offset paging declared with `x-pagination` on a list operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// Query parameter carrying the offset (wire name).
    pub offset: String,
    /// Query parameter carrying the page size (wire name).
    pub limit: String,
    /// Page size the stream asks for.
    pub page_size: u32,
    /// Field of the response object holding the items; `None` when the
    /// response is the array itself.
    pub items: Option<String>,
    /// Field of the response object holding the total count, if any.
    pub total: Option<String>,
    /// Component name of one item.
    pub item_type: String,
    /// Component name of the error body, if the operation has one.
    pub error: Option<String>,
}

/// The request rates the provider documents, from `x-rate-limit` (one
/// pool, `default`) or `x-rate-limits` (named pools) at the root and
/// `x-rate-limit-pools` on operations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimitSpec {
    /// `(pool, requests, period in seconds)`, in spec order.
    pub pools: Vec<(String, u32, u64)>,
    /// `(operationId, pools)` for operations that name their pools.
    pub routes: Vec<(String, Vec<String>)>,
}

/// Reads one `{requests: n, per: second|minute|hour|day}` limit.
pub(crate) fn parse_limit(v: &serde_json::Value) -> Option<(u32, u64)> {
    let requests = u32::try_from(v.get("requests")?.as_u64()?)
        .ok()
        .filter(|n| *n > 0)?;
    let period = match v.get("per")?.as_str()? {
        "second" => 1,
        "minute" => 60,
        "hour" => 3600,
        "day" => 86_400,
        _ => return None,
    };
    Some((requests, period))
}

/// Collects the rate limits (already checked by validation).
pub fn rate_limits(openapi: &OpenAPI) -> RateLimitSpec {
    let mut spec = RateLimitSpec::default();
    if let Some((n, p)) = openapi.extensions.get("x-rate-limit").and_then(parse_limit) {
        spec.pools.push(("default".into(), n, p));
    }
    if let Some(map) = openapi
        .extensions
        .get("x-rate-limits")
        .and_then(|v| v.as_object())
    {
        for (name, v) in map {
            if let Some((n, p)) = parse_limit(v) {
                spec.pools.push((name.clone(), n, p));
            }
        }
    }
    for (_, _, op) in openapi.operations() {
        let Some(pools) = op
            .extensions
            .get("x-rate-limit-pools")
            .and_then(|v| v.as_array())
        else {
            continue;
        };
        let pools: Vec<String> = pools
            .iter()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect();
        spec.routes
            .push((op.operation_id.clone().unwrap_or_default(), pools));
    }
    spec
}

/// Which operations may be sent again after the server may have received
/// them (a 5xx, a timeout, a connection lost after sending): `x-idempotent`
/// on an operation, else the spec's `x-idempotent-default`, else the HTTP
/// method (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetrySafety {
    /// operationId -> whether it may be repeated, for every operation.
    pub operations: std::collections::BTreeMap<String, bool>,
}

/// The spec-wide default for operations without `x-idempotent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdempotentDefault {
    /// Decided by the HTTP method (RFC 9110 section 9.2.2).
    ByMethod,
    /// Every operation, whatever its method.
    Always(bool),
}

/// Reads `x-idempotent-default`; `None` when it is not a valid value.
pub(crate) fn parse_idempotent_default(v: &serde_json::Value) -> Option<IdempotentDefault> {
    match v {
        serde_json::Value::Bool(b) => Some(IdempotentDefault::Always(*b)),
        serde_json::Value::String(s) if s == "by-method" => Some(IdempotentDefault::ByMethod),
        _ => None,
    }
}

/// Collects the retry safety of every operation (values already checked by
/// validation).
pub fn retry_safety(openapi: &OpenAPI) -> RetrySafety {
    let default = openapi
        .extensions
        .get("x-idempotent-default")
        .and_then(parse_idempotent_default)
        .unwrap_or(IdempotentDefault::ByMethod);
    let mut safety = RetrySafety::default();
    for (_, method, op) in openapi.operations() {
        let safe = match op.extensions.get("x-idempotent").and_then(|v| v.as_bool()) {
            Some(flag) => flag,
            None => match default {
                IdempotentDefault::Always(flag) => flag,
                IdempotentDefault::ByMethod => matches!(
                    method,
                    "get" | "head" | "put" | "delete" | "options" | "trace"
                ),
            },
        };
        safety
            .operations
            .insert(op.operation_id.clone().unwrap_or_default(), safe);
    }
    safety
}

/// Reads `x-credentials-in-form` at the root (validation checks it is a
/// boolean): the provider takes its query credentials in the form body of
/// requests that have one.
pub fn credentials_in_form(openapi: &OpenAPI) -> bool {
    openapi
        .extensions
        .get("x-credentials-in-form")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

/// Where errors reported inside HTTP 200 responses live (`x-envelope`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeSpec {
    /// JSON pointer to the status.
    pub status: String,
    /// Status value meaning failure.
    pub error: String,
    /// JSON pointer to the message or messages.
    pub messages: String,
    /// Field of a message holding the code.
    pub code: String,
    /// Field of a message holding the text.
    pub text: String,
    /// Codes meaning "rate limited".
    pub rate_limited: Vec<String>,
    /// Seconds the provider refuses calls after such a code, if documented.
    pub retry_after: Option<u64>,
}

/// Reads `x-envelope`; `None` when absent or incomplete (validation reports the latter).
pub(crate) fn envelope(openapi: &OpenAPI) -> Option<EnvelopeSpec> {
    let v = openapi.extensions.get("x-envelope")?;
    let field = |k: &str| {
        v.get(k)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    Some(EnvelopeSpec {
        status: field("status")?,
        error: field("error")?,
        messages: field("messages")?,
        code: field("code")?,
        text: field("text")?,
        rate_limited: v
            .get("rate-limited")
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        retry_after: v.get("retry-after").and_then(serde_json::Value::as_u64),
    })
}

/// The spec as the emitters consume it: the document progenitor receives
/// and the model our own code reads.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The rewritten document, without the multipart operations.
    pub openapi: OpenAPI,
    /// The operations and spec-wide settings as the emitters read them.
    pub(crate) model: crate::model::api::Model,
}

impl Normalized {
    /// The enum schemas replaced by open enum types, sorted by name.
    pub fn open_enums(&self) -> &[OpenEnum] {
        &self.model.open_enums
    }

    /// The fields that also decode from other names (`x-aliases`), in
    /// spec order.
    pub fn aliases(&self) -> &[FieldAliases] {
        &self.model.aliases
    }

    /// The documented request rates, as the spec states them.
    pub fn rate_limits(&self) -> RateLimitSpec {
        let model = &self.model;
        RateLimitSpec {
            pools: model
                .pools
                .iter()
                .map(|p| (p.name.clone(), p.requests, p.seconds))
                .collect(),
            routes: model
                .operations
                .iter()
                .filter_map(|o| Some((o.id.clone(), o.pools.clone()?)))
                .collect(),
        }
    }

    /// The operations that may be repeated after the server may have
    /// received them, sorted by `operationId`.
    pub fn repeatable(&self) -> impl Iterator<Item = &str> {
        self.model.repeatable()
    }
}

/// Other names a field of a generated type is decoded from, read from the
/// `x-aliases` map of a component schema
/// (`x-aliases: {e911_address: [e911address]}`).
///
/// The map sits on the schema rather than on the property because a property
/// that is a `$ref` loses its sibling keys when the document is parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldAliases {
    /// Component schema name.
    pub schema: String,
    /// The property's name on the wire.
    pub property: String,
    /// The other names it is decoded from, in spec order.
    pub aliases: Vec<String>,
}

/// Applies every rule, in order.
pub fn normalize(openapi: &OpenAPI) -> Normalized {
    let mut openapi = openapi.clone();
    each_schema(&mut openapi, &mut untyped_objects);
    hoist_enums(&mut openapi);
    docs_as_text(&mut openapi);
    let loose = loose_objects(&openapi);
    each_schema(&mut openapi, &mut |s| {
        defaults_to_docs(s);
        constraints_to_docs(s);
        loose_union(s, &loose);
    });
    let retry = retry_safety(&openapi);
    // Before the multipart operations leave the document with the wire rule.
    let rate_limits = rate_limits(&openapi);
    let decided = wire_encodings(&mut openapi);
    let mut operations = model_operations(&openapi, decided, &retry, &rate_limits);
    notes_to_docs(&mut openapi, &mut operations);
    drop_multipart(&mut openapi, &operations);
    each_data_schema(&mut openapi, &mut keep_extra_fields);
    request_collections_settable(&mut openapi);
    let mut model = crate::model::api::Model::new(operations, &openapi.servers);
    read_settings(&mut model, &openapi, &rate_limits);
    Normalized { openapi, model }
}

/// Fills in what the model takes from the document as the rules leave it:
/// the JSON-RPC methods, the rate-limit pools, the envelope, the
/// credentials flag, the open enums and the field aliases.
fn read_settings(model: &mut crate::model::api::Model, openapi: &OpenAPI, limits: &RateLimitSpec) {
    model.read_rpc_methods(openapi);
    model.pools = limits
        .pools
        .iter()
        .map(|(name, requests, seconds)| crate::model::api::Pool {
            name: name.clone(),
            requests: *requests,
            seconds: *seconds,
        })
        .collect();
    model.envelope = envelope(openapi);
    model.credentials_in_form = credentials_in_form(openapi);
    model.open_enums = open_enums(openapi);
    model.aliases = field_aliases(openapi).unwrap_or_default();
}

fn is_inline_enum(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => !t.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(t)) => !t.enumeration.is_empty(),
        _ => false,
    }
}

fn reference(name: &str) -> ReferenceOr<Box<Schema>> {
    ReferenceOr::Reference {
        reference: format!("#/components/schemas/{name}"),
    }
}

/// Picks `base`, or `base2`, `base3`… if the name is taken by a different schema.
fn free_name(
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
    base: &str,
    schema: &Schema,
) -> String {
    let mut name = base.to_owned();
    let mut n = 1;
    loop {
        match schemas.get(&name) {
            None => return name,
            Some(ReferenceOr::Item(existing)) if existing == schema => return name,
            Some(_) => {
                n += 1;
                name = format!("{base}{n}");
            }
        }
    }
}

/// Rule 1: gives every inline string enum a name in `components.schemas`.
fn hoist_enums(openapi: &mut OpenAPI) {
    let components = openapi.components.get_or_insert_with(Default::default);
    let mut hoisted: Vec<(String, Schema)> = Vec::new();
    let names: Vec<String> = components.schemas.keys().cloned().collect();
    for parent in names {
        let Some(ReferenceOr::Item(schema)) = components.schemas.get(&parent).cloned() else {
            continue;
        };
        let mut schema = schema;
        if let SchemaKind::Type(Type::Object(obj)) = &mut schema.schema_kind {
            for (prop, slot) in obj.properties.iter_mut() {
                let base = format!("{parent}{}", prop.to_upper_camel_case());
                hoist_slot(slot, &base, &components.schemas, &mut hoisted);
                if let ReferenceOr::Item(inner) = slot
                    && let SchemaKind::Type(Type::Array(arr)) = &mut inner.schema_kind
                    && let Some(items) = &mut arr.items
                {
                    hoist_slot(
                        items,
                        &format!("{base}Item"),
                        &components.schemas,
                        &mut hoisted,
                    );
                }
            }
        }
        components.schemas.insert(parent, ReferenceOr::Item(schema));
    }
    for (name, schema) in hoisted.drain(..) {
        components.schemas.insert(name, ReferenceOr::Item(schema));
    }

    // Enums already named in the components, so operation-level enums with
    // the same property and values reuse them.
    let existing: Vec<(String, Schema)> = openapi
        .components
        .iter()
        .flat_map(|c| c.schemas.iter())
        .filter_map(|(n, s)| match s {
            ReferenceOr::Item(s) if is_inline_enum(s) => Some((n.clone(), s.clone())),
            _ => None,
        })
        .collect();
    let mut param_enums = Vec::new();
    for (_, _, op) in openapi.operations_mut_compat() {
        let op_name = op
            .operation_id
            .clone()
            .unwrap_or_default()
            .to_upper_camel_case();
        for p in op.parameters.iter_mut() {
            let ReferenceOr::Item(p) = p else { continue };
            let data = param_data_mut(p);
            let base = format!("{op_name}{}", data.name.to_upper_camel_case());
            if let ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) = &mut data.format
                && is_inline_enum(s)
            {
                param_enums.push((base.clone(), s.clone()));
                data.format = ParameterSchemaOrContent::Schema(ReferenceOr::Reference {
                    reference: format!("#/components/schemas/{base}"),
                });
            }
        }
        // Inline request bodies (JSON-RPC parameter lists) name their enums
        // after the operation too.
        if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
            for media in body.content.values_mut() {
                let Some(ReferenceOr::Item(schema)) = &mut media.schema else {
                    continue;
                };
                let SchemaKind::Type(Type::Object(obj)) = &mut schema.schema_kind else {
                    continue;
                };
                for (prop, slot) in obj.properties.iter_mut() {
                    let base = format!("{op_name}{}", prop.to_upper_camel_case());
                    let empty = IndexMap::new();
                    let mut found = existing.clone();
                    found.extend(param_enums.iter().cloned());
                    let known = found.len();
                    hoist_slot(slot, &base, &empty, &mut found);
                    if let ReferenceOr::Item(inner) = slot
                        && let SchemaKind::Type(Type::Array(arr)) = &mut inner.schema_kind
                        && let Some(items) = &mut arr.items
                    {
                        hoist_slot(items, &format!("{base}Item"), &empty, &mut found);
                    }
                    param_enums.extend(found.drain(known..));
                }
            }
        }
    }
    let components = openapi.components.get_or_insert_with(Default::default);
    for (name, s) in param_enums {
        components
            .schemas
            .entry(name)
            .or_insert(ReferenceOr::Item(s));
    }
}

fn hoist_slot(
    slot: &mut ReferenceOr<Box<Schema>>,
    base: &str,
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
    hoisted: &mut Vec<(String, Schema)>,
) {
    let ReferenceOr::Item(inner) = slot else {
        return;
    };
    if !is_inline_enum(inner) {
        return;
    }
    let schema = (**inner).clone();
    // The same property with the same values elsewhere in the same family
    // of types (`class` of a `Did`, of `DidSearchFilters`, of the
    // `did_store` calls) shares one type, so values pass from one call to
    // the next without conversion.
    if let Some((name, _)) = hoisted.iter().find(|(n, other)| {
        same_values(other, &schema)
            && prop_suffix(n) == prop_suffix(base)
            && family(n) == family(base)
    }) {
        *slot = reference(name);
        return;
    }
    let mut name = free_name(schemas, base, &schema);
    if let Some((_, other)) = hoisted.iter().find(|(n, _)| *n == name)
        && *other != schema
    {
        name = format!("{name}Inline");
    }
    if !hoisted.iter().any(|(n, _)| *n == name) {
        hoisted.push((name.clone(), schema));
    }
    *slot = reference(&name);
}

/// Whether two enum schemas have the same type and values.
fn same_values(a: &Schema, b: &Schema) -> bool {
    match (&a.schema_kind, &b.schema_kind) {
        (SchemaKind::Type(Type::String(x)), SchemaKind::Type(Type::String(y))) => {
            x.enumeration == y.enumeration
        }
        (SchemaKind::Type(Type::Integer(x)), SchemaKind::Type(Type::Integer(y))) => {
            x.enumeration == y.enumeration
        }
        _ => false,
    }
}

/// The property part of a hoisted name: the last PascalCase word run after
/// the parent's name is not recoverable, so compare the trailing word.
fn prop_suffix(name: &str) -> &str {
    let start = name
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(0, |(i, _)| i);
    &name[start..]
}

/// The first PascalCase word of a name: `DidSearchFiltersClass` -> `Did`.
fn family(name: &str) -> &str {
    let end = name
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(name.len(), |(i, _)| i);
    &name[..end]
}

fn param_data_mut(p: &mut Parameter) -> &mut openapiv3::ParameterData {
    match p {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    }
}

/// Small extension so the operation walk reads the same everywhere.
trait OperationsMut {
    fn operations_mut_compat(&mut self) -> Vec<(String, String, &mut openapiv3::Operation)>;
}

impl OperationsMut for OpenAPI {
    fn operations_mut_compat(&mut self) -> Vec<(String, String, &mut openapiv3::Operation)> {
        let mut out = Vec::new();
        for (path, item) in self.paths.paths.iter_mut() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let ops = [
                ("get", &mut item.get),
                ("put", &mut item.put),
                ("post", &mut item.post),
                ("delete", &mut item.delete),
                ("options", &mut item.options),
                ("head", &mut item.head),
                ("patch", &mut item.patch),
                ("trace", &mut item.trace),
            ];
            for (method, op) in ops {
                if let Some(op) = op.as_mut() {
                    out.push((path.clone(), method.to_owned(), op));
                }
            }
        }
        out
    }
}

/// How many schemas anywhere in the document, components included, carry
/// the extension `key`.
pub(crate) fn schemas_with(openapi: &OpenAPI, key: &str) -> usize {
    let mut n = 0;
    each_schema(&mut openapi.clone(), &mut |s| {
        n += usize::from(s.schema_data.extensions.contains_key(key));
    });
    n
}

/// Calls `f` on every inline schema: components, their nested properties and
/// items, parameters (shared and per operation), and request and response bodies.
fn each_schema(openapi: &mut OpenAPI, f: &mut dyn FnMut(&mut Schema)) {
    fn walk(s: &mut Schema, f: &mut dyn FnMut(&mut Schema)) {
        f(s);
        match &mut s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                for (_, p) in o.properties.iter_mut() {
                    if let ReferenceOr::Item(p) = p {
                        walk(p, f);
                    }
                }
                if let Some(openapiv3::AdditionalProperties::Schema(ap)) =
                    &mut o.additional_properties
                    && let ReferenceOr::Item(ap) = ap.as_mut()
                {
                    walk(ap, f);
                }
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(ReferenceOr::Item(i)) = &mut a.items {
                    walk(i, f);
                }
            }
            SchemaKind::OneOf { one_of: v }
            | SchemaKind::AllOf { all_of: v }
            | SchemaKind::AnyOf { any_of: v } => {
                for i in v.iter_mut() {
                    if let ReferenceOr::Item(i) = i {
                        walk(i, f);
                    }
                }
            }
            _ => {}
        }
    }
    fn params(ps: &mut [ReferenceOr<Parameter>], f: &mut dyn FnMut(&mut Schema)) {
        for p in ps {
            let ReferenceOr::Item(p) = p else { continue };
            let data = param_data_mut(p);
            if let ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) = &mut data.format {
                // progenitor documents a parameter from the parameter's own
                // description, so notes added to its schema move there.
                let before = s.schema_data.description.clone().unwrap_or_default();
                walk(s, f);
                let after = s.schema_data.description.clone().unwrap_or_default();
                if let Some(added) = after.strip_prefix(before.as_str())
                    && !added.trim().is_empty()
                {
                    s.schema_data.description = (!before.is_empty()).then_some(before);
                    let d = data.description.get_or_insert_with(String::new);
                    // A parameter that already says its default keeps its
                    // own words, so the default is said once.
                    let said = d.to_ascii_lowercase().contains("default");
                    let added: Vec<&str> = added
                        .split("\n\n")
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .filter(|p| !(said && p.starts_with("When omitted, the server uses")))
                        .collect();
                    if !d.is_empty() && !added.is_empty() {
                        d.push(' ');
                    }
                    d.push_str(&added.join("\n\n"));
                }
            }
        }
    }
    fn content(c: &mut IndexMap<String, openapiv3::MediaType>, f: &mut dyn FnMut(&mut Schema)) {
        for (_, m) in c.iter_mut() {
            if let Some(ReferenceOr::Item(s)) = &mut m.schema {
                walk(s, f);
            }
        }
    }
    if let Some(c) = &mut openapi.components {
        for (_, s) in c.schemas.iter_mut() {
            if let ReferenceOr::Item(s) = s {
                walk(s, f);
            }
        }
        for (_, p) in c.parameters.iter_mut() {
            params(std::slice::from_mut(p), f);
        }
        for (_, r) in c.responses.iter_mut() {
            if let ReferenceOr::Item(r) = r {
                content(&mut r.content, f);
            }
        }
        for (_, b) in c.request_bodies.iter_mut() {
            if let ReferenceOr::Item(b) = b {
                content(&mut b.content, f);
            }
        }
    }
    for (_, item) in openapi.paths.paths.iter_mut() {
        if let ReferenceOr::Item(item) = item {
            params(&mut item.parameters, f);
        }
    }
    for (_, _, op) in openapi.operations_mut_compat() {
        params(&mut op.parameters, f);
        if let Some(ReferenceOr::Item(b)) = &mut op.request_body {
            content(&mut b.content, f);
        }
        for (_, r) in op.responses.responses.iter_mut() {
            if let ReferenceOr::Item(r) = r {
                content(&mut r.content, f);
            }
        }
    }
}

/// Calls `f` on every inline data schema (components, request and response
/// bodies, and what they nest), not on parameters.
fn each_data_schema(openapi: &mut OpenAPI, f: &mut dyn FnMut(&mut Schema)) {
    let mut params = Vec::new();
    // Parameters are taken out for the walk and put back unchanged.
    if let Some(c) = &mut openapi.components {
        params.push(std::mem::take(&mut c.parameters));
    }
    let mut per_path = Vec::new();
    for (_, item) in openapi.paths.paths.iter_mut() {
        if let ReferenceOr::Item(item) = item {
            per_path.push(std::mem::take(&mut item.parameters));
        }
    }
    let mut per_op = Vec::new();
    for (_, _, op) in openapi.operations_mut_compat() {
        per_op.push(std::mem::take(&mut op.parameters));
    }
    each_schema(openapi, f);
    if let Some(c) = &mut openapi.components {
        c.parameters = params.pop().unwrap_or_default();
    }
    let mut per_path = per_path.into_iter();
    for (_, item) in openapi.paths.paths.iter_mut() {
        if let ReferenceOr::Item(item) = item {
            item.parameters = per_path.next().unwrap_or_default();
        }
    }
    let mut per_op = per_op.into_iter();
    for (_, _, op) in openapi.operations_mut_compat() {
        op.parameters = per_op.next().unwrap_or_default();
    }
}

fn append_doc(s: &mut Schema, sentence: String) {
    let d = s.schema_data.description.get_or_insert_with(String::new);
    if !d.is_empty() {
        d.push_str(if d.ends_with('\n') { "\n" } else { "\n\n" });
    }
    d.push_str(&sentence);
}

/// Spec prose becomes rustdoc: outside code spans, `[`, `]` and `<` mean
/// links and HTML there (`filter[query]=123` would be a broken link,
/// `<field>` an unclosed tag), so they are escaped to read as written.
fn docs_as_text(openapi: &mut OpenAPI) {
    fn fix(d: &mut Option<String>) {
        if let Some(text) = d {
            *text = escape_doc(text);
        }
    }
    each_schema(openapi, &mut |s| fix(&mut s.schema_data.description));
    for (_, _, op) in openapi.operations_mut_compat() {
        fix(&mut op.summary);
        fix(&mut op.description);
        for p in &mut op.parameters {
            if let ReferenceOr::Item(p) = p {
                fix(&mut param_data_mut(p).description);
            }
        }
    }
    if let Some(c) = &mut openapi.components {
        for p in c.parameters.values_mut() {
            if let ReferenceOr::Item(p) = p {
                fix(&mut param_data_mut(p).description);
            }
        }
    }
    fix(&mut openapi.info.description);
}

/// Escapes `[`, `]` and `<` outside backtick code spans; text with a
/// Markdown link (`](`) is left alone.
pub(crate) fn escape_doc(text: &str) -> String {
    if text.contains("](") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' if !in_code => out.push_str("\\["),
            ']' if !in_code => out.push_str("\\]"),
            '<' if !in_code => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Names of component schemas that are objects with no required field,
/// keyed to their original names (titles) for documentation.
fn loose_objects(openapi: &OpenAPI) -> std::collections::BTreeMap<String, String> {
    openapi
        .components
        .iter()
        .flat_map(|c| c.schemas.iter())
        .filter_map(|(name, s)| {
            let ReferenceOr::Item(s) = s else { return None };
            match &s.schema_kind {
                SchemaKind::Type(Type::Object(o)) if o.required.is_empty() => Some((
                    name.clone(),
                    s.schema_data.title.clone().unwrap_or_else(|| name.clone()),
                )),
                _ => None,
            }
        })
        .collect()
}

/// Optional arrays and maps of request bodies can be sent empty: typify
/// writes an optional collection as a plain `Vec` or map that is left out
/// when empty, so "set to nothing" (clear every custom header) could not be
/// said. Marked `nullable`, they become `Option<…>`: `None` is not sent,
/// `Some(vec![])` is sent as `[]`. Applies to every schema a request body
/// reaches (inline or through `$ref`), responses sharing those schemas
/// included; parameters are encoded member by member and keep their form.
fn request_collections_settable(openapi: &mut OpenAPI) {
    let mut roots: Vec<String> = Vec::new();
    let bodies = openapi
        .components
        .as_ref()
        .map(|c| c.request_bodies.clone())
        .unwrap_or_default();
    for (_, _, op) in openapi.operations_mut_compat() {
        let body = match &mut op.request_body {
            Some(ReferenceOr::Item(b)) => b,
            Some(ReferenceOr::Reference { reference }) => {
                let name = reference.rsplit('/').next().unwrap_or_default();
                if let Some(ReferenceOr::Item(b)) = bodies.get(name) {
                    for media in b.content.values() {
                        if let Some(s) = &media.schema {
                            refs_of(s, &mut roots);
                        }
                    }
                }
                continue;
            }
            None => continue,
        };
        for media in body.content.values_mut() {
            match &mut media.schema {
                Some(ReferenceOr::Item(s)) => {
                    settable_collections(s);
                    refs_in(s, &mut roots);
                }
                Some(r) => refs_of(r, &mut roots),
                None => {}
            }
        }
    }
    let Some(components) = &mut openapi.components else {
        return;
    };
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = roots.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(ReferenceOr::Item(s)) = components.schemas.get_mut(&name) {
            settable_collections(s);
            refs_in(s, &mut roots);
        }
    }
}

/// The component named by `r`, if it is a reference, else those `r` nests.
fn refs_of<T: std::borrow::Borrow<Schema>>(r: &ReferenceOr<T>, out: &mut Vec<String>) {
    match r {
        ReferenceOr::Reference { reference } => {
            if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                out.push(name.to_owned());
            }
        }
        ReferenceOr::Item(s) => refs_in(s.borrow(), out),
    }
}

/// Every component schema `s` refers to, directly or through inline parts.
fn refs_in(s: &Schema, out: &mut Vec<String>) {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.values().for_each(|p| refs_of(p, out));
            if let Some(openapiv3::AdditionalProperties::Schema(a)) = &o.additional_properties {
                refs_of(a.as_ref(), out);
            }
        }
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(items) = &a.items {
                refs_of(items, out);
            }
        }
        SchemaKind::OneOf { one_of: v }
        | SchemaKind::AllOf { all_of: v }
        | SchemaKind::AnyOf { any_of: v } => {
            v.iter().for_each(|p| refs_of(p, out));
        }
        SchemaKind::Any(a) => {
            a.properties.values().for_each(|p| refs_of(p, out));
            for v in [&a.one_of, &a.all_of, &a.any_of] {
                v.iter().for_each(|p| refs_of(p, out));
            }
            if let Some(items) = &a.items {
                refs_of(items, out);
            }
        }
        _ => {}
    }
}

/// Marks the optional array and map properties of `s` (and of the inline
/// objects it nests) `nullable`.
fn settable_collections(s: &mut Schema) {
    let SchemaKind::Type(Type::Object(o)) = &mut s.schema_kind else {
        return;
    };
    for (name, p) in o.properties.iter_mut() {
        let ReferenceOr::Item(p) = p else { continue };
        let optional = !o.required.contains(name);
        match &p.schema_kind {
            SchemaKind::Type(Type::Array(_)) if optional => p.schema_data.nullable = true,
            SchemaKind::Type(Type::Object(inner))
                if optional
                    && inner.properties.is_empty()
                    && matches!(
                        inner.additional_properties,
                        Some(openapiv3::AdditionalProperties::Schema(_))
                            | Some(openapiv3::AdditionalProperties::Any(true))
                    ) =>
            {
                p.schema_data.nullable = true;
            }
            SchemaKind::Type(Type::Object(_)) => settable_collections(p),
            _ => {}
        }
    }
}

/// Every object with properties keeps the members its schema does not
/// name: typify drops them unless `additionalProperties` is written `{}`,
/// which keeps them in a flattened `extra` map. Objects that say
/// `additionalProperties: false` stay closed, and those whose extra
/// members have a schema keep it. Only data schemas are opened (components
/// and bodies): parameter objects are encoded member by member.
fn keep_extra_fields(s: &mut Schema) {
    if let SchemaKind::Type(Type::Object(o)) = &mut s.schema_kind
        && !o.properties.is_empty()
        && matches!(
            o.additional_properties,
            None | Some(openapiv3::AdditionalProperties::Any(true))
        )
    {
        o.additional_properties = Some(openapiv3::AdditionalProperties::Schema(Box::new(
            ReferenceOr::Item(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::Any(Default::default()),
            }),
        )));
    }
}

/// Rule 0.
fn untyped_objects(s: &mut Schema) {
    if let SchemaKind::Any(any) = &mut s.schema_kind
        && !any.properties.is_empty()
        && any.typ.is_none()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.all_of.is_empty()
        && any.not.is_none()
        && any.enumeration.is_empty()
        && any.format.is_none()
        && any.pattern.is_none()
    {
        s.schema_kind = SchemaKind::Type(Type::Object(openapiv3::ObjectType {
            properties: std::mem::take(&mut any.properties),
            required: std::mem::take(&mut any.required),
            additional_properties: any.additional_properties.take(),
            min_properties: any.min_properties,
            max_properties: any.max_properties,
        }));
    }
}

/// Rule 4.
fn loose_union(s: &mut Schema, loose: &std::collections::BTreeMap<String, String>) {
    // `type: object` next to `oneOf` parses as an "any" schema.
    let variants = match &s.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        SchemaKind::Any(a) if !a.one_of.is_empty() => &a.one_of,
        SchemaKind::Any(a) if !a.any_of.is_empty() => &a.any_of,
        _ => return,
    };
    if s.schema_data.discriminator.is_some() || variants.len() < 2 {
        return;
    }
    let names: Option<Vec<String>> = variants
        .iter()
        .map(|v| match v {
            ReferenceOr::Reference { reference } => {
                loose.get(reference.rsplit('/').next()?).cloned()
            }
            ReferenceOr::Item(_) => None,
        })
        .collect();
    let Some(names) = names else { return };
    s.schema_kind = SchemaKind::Type(Type::Object(Default::default()));
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    append_doc(
        s,
        format!(
            "One of {}. Their fields do not tell them apart, so the value is kept as a JSON object; \
             convert it with `serde_json::from_value` into the type the context calls for.",
            list.join(", ")
        ),
    );
}

/// Rule 2.
fn defaults_to_docs(s: &mut Schema) {
    if let Some(default) = s.schema_data.default.take() {
        let shown = match &default {
            serde_json::Value::String(v) => format!("`{v}`"),
            other => format!("`{other}`"),
        };
        // A description that already says its default keeps its own words,
        // so the default is said once.
        let said = s
            .schema_data
            .description
            .as_deref()
            .is_some_and(|d| d.to_ascii_lowercase().contains("default"));
        if !said {
            append_doc(s, format!("When omitted, the server uses {shown}."));
        }
    }
}

/// Rule 3.
fn constraints_to_docs(s: &mut Schema) {
    let mut notes = Vec::new();
    match &mut s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            match (t.min_length.take(), t.max_length.take()) {
                (Some(a), Some(b)) => notes.push(format!("Length: {a} to {b} characters.")),
                (Some(a), None) => notes.push(format!("Length: at least {a} characters.")),
                (None, Some(b)) => notes.push(format!("Length: at most {b} characters.")),
                (None, None) => {}
            }
            if let Some(p) = t.pattern.take() {
                notes.push(format!("Pattern: `{p}`."));
            }
        }
        SchemaKind::Type(Type::Integer(t)) => {
            let lo = t.minimum.take().map(|m| (m, t.exclusive_minimum));
            let hi = t.maximum.take().map(|m| (m, t.exclusive_maximum));
            t.exclusive_minimum = false;
            t.exclusive_maximum = false;
            notes.extend(range_note(
                lo.map(|(m, e)| (m.to_string(), e)),
                hi.map(|(m, e)| (m.to_string(), e)),
            ));
        }
        SchemaKind::Type(Type::Number(t)) => {
            let lo = t.minimum.take().map(|m| (m, t.exclusive_minimum));
            let hi = t.maximum.take().map(|m| (m, t.exclusive_maximum));
            t.exclusive_minimum = false;
            t.exclusive_maximum = false;
            notes.extend(range_note(
                lo.map(|(m, e)| (m.to_string(), e)),
                hi.map(|(m, e)| (m.to_string(), e)),
            ));
        }
        // A format with no type says nothing a type generator can use (and
        // typify rejects it): keep it as documentation.
        SchemaKind::Any(a)
            if a.typ.is_none()
                && a.format.is_some()
                && a.properties.is_empty()
                && a.items.is_none() =>
        {
            if let Some(f) = a.format.take() {
                notes.push(format!("Format: `{f}`."));
            }
        }
        SchemaKind::Type(Type::Array(a)) => match (a.min_items.take(), a.max_items.take()) {
            (Some(x), Some(y)) => notes.push(format!("Items: {x} to {y}.")),
            (Some(x), None) => notes.push(format!("Items: at least {x}.")),
            (None, Some(y)) => notes.push(format!("Items: at most {y}.")),
            (None, None) => {}
        },
        _ => {}
    }
    for n in notes {
        append_doc(s, n);
    }
}

fn range_note(lo: Option<(String, bool)>, hi: Option<(String, bool)>) -> Option<String> {
    let lo_s = lo.map(|(m, ex)| {
        if ex {
            format!("greater than {m}")
        } else {
            format!("at least {m}")
        }
    });
    let hi_s = hi.map(|(m, ex)| {
        if ex {
            format!("less than {m}")
        } else {
            format!("at most {m}")
        }
    });
    match (lo_s, hi_s) {
        (Some(a), Some(b)) => Some(format!("Range: {a} and {b}.")),
        (Some(a), None) | (None, Some(a)) => Some(format!("Range: {a}.")),
        (None, None) => None,
    }
}

/// Rule 8.
fn open_enums(openapi: &OpenAPI) -> Vec<OpenEnum> {
    let mut out: Vec<OpenEnum> = openapi
        .components
        .iter()
        .flat_map(|c| c.schemas.iter())
        .filter_map(|(name, s)| {
            let ReferenceOr::Item(s) = s else { return None };
            let (values, integer): (Vec<String>, bool) = match &s.schema_kind {
                SchemaKind::Type(Type::String(t)) => {
                    (t.enumeration.iter().flatten().cloned().collect(), false)
                }
                SchemaKind::Type(Type::Integer(t)) => (
                    t.enumeration
                        .iter()
                        .flatten()
                        .map(ToString::to_string)
                        .collect(),
                    true,
                ),
                _ => return None,
            };
            if values.is_empty() {
                return None;
            }
            let variant_names = s
                .schema_data
                .extensions
                .get("x-enum-varnames")
                .and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok())
                .filter(|n| n.len() == values.len());
            let value_docs = s
                .schema_data
                .extensions
                .get("x-enum-descriptions")
                .and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok())
                .filter(|d| d.len() == values.len());
            let groups = s
                .schema_data
                .extensions
                .get("x-enum-groups")
                .and_then(|v| v.as_object())
                .map(|m| {
                    m.iter()
                        .map(|(g, vs)| {
                            let vs = vs
                                .as_array()
                                .map(|a| {
                                    a.iter()
                                        .filter_map(|x| x.as_str().map(str::to_owned))
                                        .collect()
                                })
                                .unwrap_or_default();
                            (g.clone(), vs)
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(OpenEnum {
                name: name.clone(),
                values,
                variant_names,
                integer,
                value_docs,
                groups,
                description: s.schema_data.description.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// What an operation's documentation says beyond the spec's description,
/// from its model: the evidence it rests on, if the spec marks it, and
/// whether the client sends it again.
fn notes(op: &crate::model::api::Operation) -> String {
    let retry = if op.repeatable {
        "**Retries:** safe to repeat, so the client sends it again (within the retry \
         policy and the call's deadline) after a 429, a 502/503/504, a timeout or a \
         lost connection."
    } else {
        "**Retries:** not safe to repeat, so the client sends it again only when the \
         server cannot have acted on it: after a 429 or a failure to connect, never \
         after a 5xx, a timeout or a connection lost once the request was sent."
    };
    let mut d = op.description.clone().unwrap_or_default();
    for sentence in op
        .evidence
        .map(Evidence::sentence)
        .into_iter()
        .chain([retry])
    {
        if !d.is_empty() {
            d.push_str("\n\n");
        }
        d.push_str(sentence);
    }
    d
}

/// Rule 6: adds the [`notes`] to each operation's description, in the
/// document progenitor receives and in the model alike.
fn notes_to_docs(openapi: &mut OpenAPI, operations: &mut [crate::model::api::Operation]) {
    let at: BTreeMap<String, usize> = operations
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.clone(), i))
        .collect();
    for (_, _, op) in openapi.operations_mut_compat() {
        let Some(model) = op.operation_id.as_ref().and_then(|id| at.get(id)) else {
            continue;
        };
        let model = &mut operations[*model];
        let text = notes(model);
        op.description = Some(text.clone());
        model.description = Some(text);
    }
}

/// Rule 9: every `x-aliases` map of a component schema, or what is wrong
/// with the first malformed one (`(schema, message)`; validation reports it).
pub(crate) fn field_aliases(
    openapi: &OpenAPI,
) -> std::result::Result<Vec<FieldAliases>, (String, String)> {
    let mut out = Vec::new();
    let Some(components) = &openapi.components else {
        return Ok(out);
    };
    for (name, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let Some(v) = schema.schema_data.extensions.get("x-aliases") else {
            continue;
        };
        let fail = |m: String| Err((name.clone(), m));
        let Some(map) = v.as_object() else {
            return fail(format!(
                "`x-aliases` of `{name}` is `{v}`, not a map from property to names"
            ));
        };
        let properties: Vec<&String> = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => o.properties.keys().collect(),
            _ => Vec::new(),
        };
        let mut seen: Vec<&str> = properties.iter().map(|p| p.as_str()).collect();
        for (property, names) in map {
            let names: Option<Vec<&str>> = names
                .as_array()
                .and_then(|a| a.iter().map(|n| n.as_str()).collect());
            let Some(names) = names.filter(|n| !n.is_empty()) else {
                return fail(format!(
                    "`x-aliases` of `{name}.{property}` is not a non-empty list of names"
                ));
            };
            for n in &names {
                if n.is_empty() {
                    return fail(format!(
                        "`x-aliases` of `{name}.{property}` has an empty name"
                    ));
                }
                if seen.contains(n) {
                    return fail(format!(
                        "`x-aliases` of `{name}.{property}` names `{n}`, which is already a \
                         property or an alias of the schema, so two fields would decode from it"
                    ));
                }
                seen.push(n);
            }
            out.push(FieldAliases {
                schema: name.clone(),
                property: property.clone(),
                aliases: names.iter().map(|n| (*n).to_owned()).collect(),
            });
        }
    }
    Ok(out)
}

/// Rule 7: rewrites each operation's parameters into ones progenitor can
/// send, and decides how our encoders send the rest (query encodings, form
/// and multipart bodies) and whether the operation pages. Returns the
/// decisions by `operationId`; the multipart operations are still in the
/// document (`drop_multipart` takes them out once the model is built).
fn wire_encodings(openapi: &mut OpenAPI) -> BTreeMap<String, Decided> {
    let components = openapi.components.clone().unwrap_or_default();
    let mut decided = BTreeMap::new();
    for (_, _, op) in openapi.operations_mut_compat() {
        let mut d = Decided::default();
        op.parameters = std::mem::take(&mut op.parameters)
            .into_iter()
            .flat_map(|p| wire_parameter(p, &components, &mut d.encodings))
            .collect();
        // JSON-RPC methods page through a parameter: `rpc_pagination`.
        if !op.extensions.contains_key("x-jsonrpc-method") {
            d.paging = pagination(op, &components).map(Paging::Offset);
        }
        d.media = body_media(op, &components);
        decided.insert(op.operation_id.clone().unwrap_or_default(), d);
    }
    decided
}

/// A schema, with a `$ref` to a component resolved.
fn resolve_in(components: &openapiv3::Components, s: &ReferenceOr<Schema>) -> Option<Schema> {
    match s {
        ReferenceOr::Item(s) => Some(s.clone()),
        ReferenceOr::Reference { reference } => components
            .schemas
            .get(reference.rsplit('/').next()?)?
            .as_item()
            .cloned(),
    }
}

/// What progenitor receives for one parameter (none, one or several),
/// recording in `encodings` the query parameters our encoders send.
fn wire_parameter(
    p: ReferenceOr<Parameter>,
    components: &openapiv3::Components,
    encodings: &mut BTreeMap<String, Encoding>,
) -> Vec<ReferenceOr<Parameter>> {
    let p = match p {
        ReferenceOr::Item(p) => p,
        ReferenceOr::Reference { reference } => {
            match reference
                .rsplit('/')
                .next()
                .and_then(|n| components.parameters.get(n))
                .and_then(ReferenceOr::as_item)
            {
                Some(p) => p.clone(),
                None => return vec![ReferenceOr::Reference { reference }],
            }
        }
    };
    match p {
        Parameter::Query {
            parameter_data,
            allow_reserved,
            style: openapiv3::QueryStyle::DeepObject,
            allow_empty_value,
        } => deep_object(
            parameter_data,
            (allow_reserved, allow_empty_value),
            components,
            encodings,
        ),
        Parameter::Query {
            mut parameter_data,
            allow_reserved,
            style: openapiv3::QueryStyle::Form,
            allow_empty_value,
        } if parameter_data.explode == Some(false) => {
            parameter_data.explode = None;
            encodings.insert(parameter_data.name.clone(), Encoding::CommaList);
            vec![form_query(
                parameter_data,
                (allow_reserved, allow_empty_value),
            )]
        }
        other => vec![ReferenceOr::Item(other)],
    }
}

/// A form-style query parameter with these data and flags
/// (`allowReserved`, `allowEmptyValue`).
fn form_query(
    parameter_data: openapiv3::ParameterData,
    (allow_reserved, allow_empty_value): (bool, Option<bool>),
) -> ReferenceOr<Parameter> {
    ReferenceOr::Item(Parameter::Query {
        parameter_data,
        allow_reserved,
        style: openapiv3::QueryStyle::Form,
        allow_empty_value,
    })
}

/// A `deepObject` parameter as progenitor receives it: an array of objects
/// stays one parameter, sent with indexed bracket keys
/// (`name[0][key]=value`); an object becomes one `name[key]` parameter per
/// property, plus a map for free-form keys. Anything else is dropped
/// (validation rejects it).
fn deep_object(
    parameter_data: openapiv3::ParameterData,
    flags: (bool, Option<bool>),
    components: &openapiv3::Components,
    encodings: &mut BTreeMap<String, Encoding>,
) -> Vec<ReferenceOr<Parameter>> {
    let ParameterSchemaOrContent::Schema(schema) = &parameter_data.format else {
        return Vec::new();
    };
    let obj = match resolve_in(components, schema).map(|s| s.schema_kind) {
        Some(SchemaKind::Type(Type::Array(_))) => {
            let mut data = parameter_data.clone();
            data.explode = None;
            encodings.insert(data.name.clone(), Encoding::DeepObject);
            return vec![form_query(data, flags)];
        }
        Some(SchemaKind::Type(Type::Object(obj))) => obj,
        _ => return Vec::new(),
    };
    let name = parameter_data.name.clone();
    let mut params: Vec<ReferenceOr<Parameter>> = obj
        .properties
        .iter()
        .map(|(prop, ps)| {
            let data = deep_object_key(&parameter_data, &obj, prop, ps, components);
            form_query(data, flags)
        })
        .collect();
    if let Some(extra) = &obj.additional_properties {
        let map = Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Type(Type::Object(openapiv3::ObjectType {
                additional_properties: Some(extra.clone()),
                ..Default::default()
            })),
        };
        let mut data = parameter_data.clone();
        data.format = ParameterSchemaOrContent::Schema(ReferenceOr::Item(map));
        data.required = false;
        data.explode = None;
        let doc = data.description.take().unwrap_or_default();
        data.description = Some(
            format!("{doc} Any other key: each entry is sent as `{name}[<key>]=<value>`.")
                .trim()
                .to_owned(),
        );
        encodings.insert(name, Encoding::DeepObject);
        params.push(form_query(data, flags));
    }
    params
}

/// The `name[prop]` parameter (`name[prop][]` for an array) of one property
/// of a `deepObject` parameter.
fn deep_object_key(
    parameter_data: &openapiv3::ParameterData,
    obj: &openapiv3::ObjectType,
    prop: &str,
    ps: &ReferenceOr<Box<Schema>>,
    components: &openapiv3::Components,
) -> openapiv3::ParameterData {
    let name = &parameter_data.name;
    let ps: ReferenceOr<Schema> = match ps {
        ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    };
    let resolved = resolve_in(components, &ps);
    let is_array = matches!(
        resolved.as_ref().map(|s| &s.schema_kind),
        Some(SchemaKind::Type(Type::Array(_)))
    );
    let wire_name = if is_array {
        format!("{name}[{prop}][]")
    } else {
        format!("{name}[{prop}]")
    };
    let doc = resolved
        .and_then(|s| s.schema_data.description)
        .unwrap_or_else(|| format!("The `{prop}` key of `{name}`."));
    openapiv3::ParameterData {
        name: wire_name.clone(),
        description: Some(format!("{doc} Sent as `{wire_name}`.")),
        required: parameter_data.required && obj.required.iter().any(|r| r == prop),
        deprecated: parameter_data.deprecated,
        format: ParameterSchemaOrContent::Schema(ps),
        example: None,
        examples: Default::default(),
        explode: None,
        extensions: Default::default(),
    }
}

/// How our encoders send the operation's body: a bracket-encoded form, or
/// multipart (also a body declared both multipart and urlencoded, which
/// the multipart emitter sends urlencoded when no file part is set);
/// `None` for what progenitor sends itself.
fn body_media(op: &openapiv3::Operation, components: &openapiv3::Components) -> Option<Media> {
    let Some(ReferenceOr::Item(body)) = &op.request_body else {
        return None;
    };
    let (media, content) = body.content.first()?;
    // Validation allows two media types only as this pair of forms with
    // one schema, which the multipart emitter sends either way.
    let either_form = body.content.len() == 2
        && body
            .content
            .contains_key("application/x-www-form-urlencoded");
    let (media, content) = match body.content.get_key_value("multipart/form-data") {
        Some(multipart) if either_form => multipart,
        _ => (media, content),
    };
    match media.as_str() {
        "application/x-www-form-urlencoded" => Some(Media::Form),
        "multipart/form-data" => {
            let schema = content
                .schema
                .as_ref()
                .and_then(|s| resolve_in(components, s));
            let SchemaKind::Type(Type::Object(obj)) = schema?.schema_kind else {
                return None;
            };
            Some(Media::Multipart(Multipart {
                parts: parts(&obj, content, components),
                or_urlencoded: either_form,
            }))
        }
        _ => None,
    }
}

/// The parts of a multipart body, in spec order.
fn parts(
    obj: &openapiv3::ObjectType,
    content: &openapiv3::MediaType,
    components: &openapiv3::Components,
) -> Vec<Part> {
    obj.properties
        .iter()
        .map(|(name, slot)| {
            let ps = match slot {
                ReferenceOr::Item(b) => Some((**b).clone()),
                ReferenceOr::Reference { reference } => resolve_in(
                    components,
                    &ReferenceOr::Reference {
                        reference: reference.clone(),
                    },
                ),
            };
            let string_format = |f: openapiv3::StringFormat| {
                matches!(
                    ps.as_ref().map(|s| &s.schema_kind),
                    Some(SchemaKind::Type(Type::String(t)))
                        if t.format == openapiv3::VariantOrUnknownOrEmpty::Item(f)
                )
            };
            let file = string_format(openapiv3::StringFormat::Binary).then(|| {
                content
                    .encoding
                    .get(name)
                    .and_then(|e| e.content_type.clone())
                    .unwrap_or_else(|| "application/octet-stream".to_owned())
            });
            let named = match slot {
                ReferenceOr::Reference { reference } => {
                    reference.rsplit('/').next().map(str::to_owned)
                }
                ReferenceOr::Item(_) => None,
            };
            let text = match (named, ps.as_ref().map(|s| &s.schema_kind)) {
                (Some(component), _) => TextType::Component(component),
                (None, Some(SchemaKind::Type(Type::Integer(_)))) => TextType::Integer,
                (None, Some(SchemaKind::Type(Type::Number(_)))) => TextType::Number,
                (None, Some(SchemaKind::Type(Type::Boolean(_)))) => TextType::Boolean,
                (None, _) if string_format(openapiv3::StringFormat::Date) => TextType::Date,
                _ => TextType::String,
            };
            Part {
                name: name.clone(),
                required: obj.required.contains(name),
                file,
                text,
                description: ps.and_then(|s| s.schema_data.description),
            }
        })
        .collect()
}

/// The model of every operation (the multipart ones still in the
/// document), from the document and what the rules decided.
fn model_operations(
    openapi: &OpenAPI,
    mut decided: BTreeMap<String, Decided>,
    retry: &RetrySafety,
    limits: &RateLimitSpec,
) -> Vec<crate::model::api::Operation> {
    let mut out = Vec::new();
    for (path, item) in openapi.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let Some(id) = op.operation_id.as_deref() else {
                continue;
            };
            let mut d = decided.remove(id).unwrap_or_default();
            if d.paging.is_none() {
                d.paging = rpc_pagination(openapi, op)
                    .and_then(std::result::Result::ok)
                    .map(Paging::Rpc);
            }
            d.repeatable = retry.operations.get(id).copied().unwrap_or(false);
            d.pools = limits
                .routes
                .iter()
                .find(|(o, _)| o == id)
                .map(|(_, p)| p.clone());
            out.push(crate::model::api::operation(
                openapi,
                (path, method),
                &item.parameters,
                op,
                d,
            ));
        }
    }
    out
}

/// Takes the multipart operations out of the document progenitor receives:
/// our own emitter writes them.
fn drop_multipart(openapi: &mut OpenAPI, model: &[crate::model::api::Operation]) {
    for op in model.iter().filter(|o| o.multipart().is_some()) {
        let Some(ReferenceOr::Item(item)) = openapi.paths.paths.get_mut(&op.path) else {
            continue;
        };
        match op.method {
            Method::Get => item.get = None,
            Method::Put => item.put = None,
            Method::Post => item.post = None,
            Method::Delete => item.delete = None,
            Method::Patch => item.patch = None,
            _ => {}
        }
        if item.iter().next().is_none() {
            openapi.paths.paths.shift_remove(&op.path);
        }
    }
}

/// Reads `x-pagination` (already checked by validation) into a [`Pagination`].
fn pagination(op: &openapiv3::Operation, components: &openapiv3::Components) -> Option<Pagination> {
    let ext = op.extensions.get("x-pagination")?;
    let field = |k: &str| {
        ext.get(k)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    let items = field("items");
    let body = op
        .responses
        .responses
        .iter()
        .find_map(|(code, r)| match (code, r) {
            (openapiv3::StatusCode::Code(c), ReferenceOr::Item(r)) if (200..300).contains(c) => {
                r.content.first()?.1.schema.clone()
            }
            _ => None,
        })?;
    let resolve = |s: &ReferenceOr<Schema>| resolve_in(components, s);
    let array = match &items {
        None => resolve(&body)?,
        Some(f) => {
            let SchemaKind::Type(Type::Object(o)) = resolve(&body)?.schema_kind else {
                return None;
            };
            match o.properties.get(f)? {
                ReferenceOr::Item(b) => (**b).clone(),
                ReferenceOr::Reference { reference } => resolve(&ReferenceOr::Reference {
                    reference: reference.clone(),
                })?,
            }
        }
    };
    let SchemaKind::Type(Type::Array(a)) = array.schema_kind else {
        return None;
    };
    let Some(ReferenceOr::Reference { reference }) = a.items else {
        return None;
    };
    Some(Pagination {
        offset: field("offset")?,
        limit: field("limit")?,
        page_size: ext
            .get("page-size")
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())?,
        items,
        total: field("total"),
        item_type: reference.rsplit('/').next()?.to_owned(),
        error: op
            .responses
            .responses
            .iter()
            .find_map(|(code, r)| match (code, r) {
                (openapiv3::StatusCode::Code(c), _) if (200..300).contains(c) => None,
                (_, ReferenceOr::Item(r)) => match r.content.first()?.1.schema.as_ref()? {
                    ReferenceOr::Reference { reference } => {
                        reference.rsplit('/').next().map(str::to_owned)
                    }
                    ReferenceOr::Item(_) => None,
                },
                _ => None,
            }),
    })
}

/// Offset paging of a JSON-RPC method, declared with `x-pagination` on the
/// method: one object parameter carries the offset and the page size, and
/// the result is an object holding the page's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcPagination {
    /// Name of the parameter that carries the page.
    pub param: String,
    /// Position of that parameter in the call.
    pub index: usize,
    /// Member of the parameter holding the index of the first item.
    pub offset: String,
    /// Member of the parameter holding the number of items asked for.
    pub limit: String,
    /// Page size the stream asks for.
    pub page_size: u32,
    /// Member of the result holding the items.
    pub items: String,
    /// Component name of one item; `None` when the items are untyped JSON.
    pub item_type: Option<String>,
    /// Member of the result holding the total count, and whether the
    /// result schema requires it.
    pub total: Option<(String, bool)>,
    /// Boolean member of the result saying whether more items follow, and
    /// whether the result schema requires it.
    pub more: Option<(String, bool)>,
}

/// Reads `x-pagination` on a JSON-RPC method (one with `x-jsonrpc-method`):
/// `None` when it has none, otherwise the paging or what is wrong with it.
pub(crate) fn rpc_pagination(
    openapi: &OpenAPI,
    op: &openapiv3::Operation,
) -> Option<std::result::Result<RpcPagination, String>> {
    op.extensions.get("x-jsonrpc-method")?;
    let ext = op.extensions.get("x-pagination")?;
    Some(read_rpc_pagination(openapi, op, ext))
}

fn read_rpc_pagination(
    openapi: &OpenAPI,
    op: &openapiv3::Operation,
    ext: &serde_json::Value,
) -> std::result::Result<RpcPagination, String> {
    let components = openapi.components.clone().unwrap_or_default();
    let resolve = |s: &ReferenceOr<Schema>| -> Option<Schema> {
        match s {
            ReferenceOr::Item(s) => Some(s.clone()),
            ReferenceOr::Reference { reference } => components
                .schemas
                .get(reference.rsplit('/').next()?)?
                .as_item()
                .cloned(),
        }
    };
    let object = |s: &ReferenceOr<Schema>| match resolve(s).map(|s| s.schema_kind) {
        Some(SchemaKind::Type(Type::Object(o))) => Some(o),
        _ => None,
    };
    let member = |o: &openapiv3::ObjectType, name: &str| -> Option<Schema> {
        match o.properties.get(name)? {
            ReferenceOr::Item(b) => Some((**b).clone()),
            ReferenceOr::Reference { reference } => resolve(&ReferenceOr::Reference {
                reference: reference.clone(),
            }),
        }
    };
    let field = |k: &str| ext.get(k).and_then(serde_json::Value::as_str);
    let (Some(param), Some(offset), Some(limit), Some(items)) = (
        field("param"),
        field("offset"),
        field("limit"),
        field("items"),
    ) else {
        return Err(
            "`x-pagination` on a JSON-RPC method needs `param`, `offset`, `limit` and `items`"
                .into(),
        );
    };
    let page_size = ext
        .get("page-size")
        .and_then(serde_json::Value::as_u64)
        .filter(|n| *n > 0)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or("`x-pagination` needs a positive `page-size`")?;
    let index = op
        .extensions
        .get("x-jsonrpc-params")
        .and_then(serde_json::Value::as_array)
        .and_then(|a| a.iter().position(|p| p.as_str() == Some(param)))
        .ok_or_else(|| {
            format!("`x-pagination` parameter `{param}` is not a parameter of the method")
        })?;
    let body = match &op.request_body {
        Some(ReferenceOr::Item(b)) => b.content.values().next().and_then(|m| m.schema.clone()),
        _ => None,
    };
    let slot = body
        .as_ref()
        .and_then(object)
        .and_then(|o| o.properties.get(param).cloned())
        .and_then(|p| match p {
            ReferenceOr::Item(b) => object(&ReferenceOr::Item(*b)),
            ReferenceOr::Reference { reference } => object(&ReferenceOr::Reference { reference }),
        })
        .ok_or_else(|| format!("`x-pagination` parameter `{param}` is not an object"))?;
    for (role, name) in [("offset", offset), ("limit", limit)] {
        if !matches!(
            member(&slot, name).map(|s| s.schema_kind),
            Some(SchemaKind::Type(Type::Integer(_)))
        ) {
            return Err(format!(
                "`x-pagination` {role} `{name}` is not an integer member of parameter `{param}`"
            ));
        }
    }
    let result = op
        .responses
        .responses
        .values()
        .find_map(|r| match r {
            ReferenceOr::Item(r) => r.content.values().next().and_then(|m| m.schema.clone()),
            _ => None,
        })
        .as_ref()
        .and_then(object)
        .ok_or("`x-pagination` needs a result that is an object")?;
    let item_type = match member(&result, items).map(|s| s.schema_kind) {
        Some(SchemaKind::Type(Type::Array(a))) => match a.items {
            Some(ReferenceOr::Reference { reference }) => {
                reference.rsplit('/').next().map(str::to_owned)
            }
            _ => None,
        },
        _ => {
            return Err(format!(
                "`x-pagination` items `{items}` is not an array member of the result"
            ));
        }
    };
    let flag = |key: &str, want: fn(&SchemaKind) -> bool, what: &str| match field(key) {
        None => Ok(None),
        Some(name) if member(&result, name).is_some_and(|s| want(&s.schema_kind)) => Ok(Some((
            name.to_owned(),
            result.required.iter().any(|r| r == name),
        ))),
        Some(name) => Err(format!(
            "`x-pagination` {key} `{name}` is not {what} member of the result"
        )),
    };
    let total = flag(
        "total",
        |k| matches!(k, SchemaKind::Type(Type::Integer(_))),
        "an integer",
    )?;
    let more = flag(
        "more",
        |k| matches!(k, SchemaKind::Type(Type::Boolean(_))),
        "a boolean",
    )?;
    Ok(RpcPagination {
        param: param.to_owned(),
        index,
        offset: offset.to_owned(),
        limit: limit.to_owned(),
        page_size,
        items: items.to_owned(),
        item_type,
        total,
        more,
    })
}

/// Whether `x-pagination` on `op` describes a response shape the stream
/// emitter understands (used by validation).
pub(crate) fn normalize_operation_for_paging(openapi: &OpenAPI, op: &openapiv3::Operation) -> bool {
    let components = openapi.components.clone().unwrap_or_default();
    pagination(op, &components).is_some()
}

#[cfg(test)]
mod tests {
    use super::escape_doc;

    #[test]
    fn prose_brackets_and_tags_are_escaped_but_code_is_not() {
        assert_eq!(
            escape_doc("Sent as filter[<field>]=<value>, e.g. `filter[query]=123`."),
            "Sent as filter\\[&lt;field>\\]=&lt;value>, e.g. `filter[query]=123`."
        );
        assert_eq!(
            escape_doc("See [the docs](https://x.example)."),
            "See [the docs](https://x.example)."
        );
    }
}
