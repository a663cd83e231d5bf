//! Semantic spec diff: what changed between two versions of a spec, in
//! terms of the generated crate's API, each change classified as breaking or
//! not with the reason and the Rust items it touches.
//!
//! Both sides are normalized first, so the diff speaks about what the
//! generator emits (a `deepObject` parameter is compared as its
//! `name[key]` setters, for instance).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};
use serde::Serialize;

use crate::front::load::Spec;
use crate::model::normalize::normalize;

/// One change between two versions of a spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change this is (stable, snake_case).
    pub kind: ChangeKind,
    /// Whether code using the generated crate can stop compiling or working.
    pub breaking: bool,
    /// The operation, schema or setting concerned.
    pub subject: String,
    /// What changed, for people.
    pub detail: String,
    /// Why it is (or is not) breaking.
    pub reason: String,
    /// The Rust items affected, as paths in the crate.
    pub rust: Vec<String>,
}

/// The kinds of change, as they appear in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "the names say it")]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    OperationMoved,
    ParameterAdded,
    ParameterRemoved,
    ParameterRenamed,
    ParameterRetyped,
    ParameterRequired,
    ParameterOptional,
    RequestBodyChanged,
    ResponseChanged,
    TypeAdded,
    TypeRemoved,
    FieldAdded,
    FieldRemoved,
    FieldRetyped,
    FieldRequired,
    FieldOptional,
    EnumValueAdded,
    EnumValueRemoved,
    AuthChanged,
    BaseUrlChanged,
    RateLimitChanged,
    RetrySafetyChanged,
}

/// Where a schema is used, which decides how its changes are classified.
#[derive(Debug, Clone, Copy, Default)]
struct Usage {
    request: bool,
    response: bool,
}

/// Compares two versions of one provider's spec.
pub fn diff(old: &Spec, new: &Spec) -> Vec<Change> {
    let old_n = normalize(&old.openapi);
    let new_n = normalize(&new.openapi);
    let (a, b) = (&old_n.openapi, &new_n.openapi);
    let mut out = Vec::new();
    operations(a, b, &mut out);
    schemas(a, b, &mut out);
    settings(a, b, &old_n.rate_limits(), &new_n.rate_limits(), &mut out);
    retry_safety(&old_n.model, &new_n.model, &mut out);
    out
}

/// An operation kept on both sides whose `x-idempotent` verdict changed:
/// the API is the same, but the client now repeats it in more or fewer
/// cases, which reviewers must see.
fn retry_safety(
    old: &crate::model::api::Model,
    new: &crate::model::api::Model,
    out: &mut Vec<Change>,
) {
    let mut ops: Vec<&crate::model::api::Operation> = new.operations.iter().collect();
    ops.sort_by(|a, b| a.id.cmp(&b.id));
    for op in ops {
        let (id, safe) = (&op.id, op.repeatable);
        let Some(before) = old.operation(id).map(|o| o.repeatable) else {
            continue;
        };
        if before == safe {
            continue;
        }
        let (detail, reason) = if safe {
            (
                format!("`{id}` is now safe to repeat (`x-idempotent: true`)"),
                "the client now also retries it after a 5xx, a timeout or a lost connection; \
                 the API is unchanged",
            )
        } else {
            (
                format!("`{id}` is no longer safe to repeat (`x-idempotent: false`)"),
                "the client now retries it only after a 429 or a failure to connect; \
                 the API is unchanged",
            )
        };
        out.push(Change {
            kind: ChangeKind::RetrySafetyChanged,
            breaking: false,
            subject: id.clone(),
            detail,
            reason: reason.into(),
            rust: vec![format!("Client::{id}")],
        });
    }
}

/// One operation, flattened for comparison.
struct Op {
    method: String,
    path: String,
    params: BTreeMap<String, Param>,
    body: Option<String>,
    response: Option<String>,
}

#[derive(Clone, PartialEq, Eq)]
struct Param {
    location: &'static str,
    required: bool,
    ty: String,
}

fn ops(api: &OpenAPI) -> BTreeMap<String, Op> {
    let mut out = BTreeMap::new();
    for (path, method, op) in api.operations() {
        let Some(id) = op.operation_id.clone() else {
            continue;
        };
        let mut params = BTreeMap::new();
        for p in &op.parameters {
            let Some(p) = resolve_param(api, p) else {
                continue;
            };
            let (location, data) = match p {
                Parameter::Query { parameter_data, .. } => ("query", parameter_data),
                Parameter::Path { parameter_data, .. } => ("path", parameter_data),
                Parameter::Header { parameter_data, .. } => ("header", parameter_data),
                Parameter::Cookie { parameter_data, .. } => ("cookie", parameter_data),
            };
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => type_of(s),
                ParameterSchemaOrContent::Content(_) => "content".into(),
            };
            params.insert(
                data.name.clone(),
                Param {
                    location,
                    required: data.required,
                    ty,
                },
            );
        }
        // JSON-RPC methods take their parameters as positional arguments,
        // which the OpenRPC front end keeps as the properties of the body.
        if op.extensions.contains_key("x-jsonrpc-params")
            && let Some(ReferenceOr::Item(b)) = &op.request_body
            && let Some((_, m)) = b.content.first()
            && let Some(ReferenceOr::Item(schema)) = &m.schema
            && let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind
        {
            for (name, p) in &o.properties {
                params.insert(
                    name.clone(),
                    Param {
                        location: "position",
                        required: o.required.contains(name),
                        ty: type_of(p),
                    },
                );
            }
        }
        let body = match &op.request_body {
            Some(ReferenceOr::Item(b)) => b.content.iter().next().map(|(media, m)| {
                format!(
                    "{media} {}",
                    m.schema.as_ref().map(type_of).unwrap_or_default()
                )
            }),
            _ => None,
        };
        let response = op
            .responses
            .responses
            .iter()
            .find_map(|(code, r)| match (code, r) {
                (openapiv3::StatusCode::Code(c), ReferenceOr::Item(r))
                    if (200..300).contains(c) =>
                {
                    Some(
                        r.content
                            .iter()
                            .next()
                            .map(|(media, m)| {
                                format!(
                                    "{media} {}",
                                    m.schema.as_ref().map(type_of).unwrap_or_default()
                                )
                            })
                            .unwrap_or_else(|| "no body".into()),
                    )
                }
                _ => None,
            });
        out.insert(
            id,
            Op {
                method: method.to_uppercase(),
                path: path.to_owned(),
                params,
                body,
                response,
            },
        );
    }
    out
}

fn resolve_param<'a>(api: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    match p {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => api
            .components
            .as_ref()?
            .parameters
            .get(reference.rsplit('/').next()?)?
            .as_item(),
    }
}

/// A compact rendering of a schema's type, used to spot retyping.
fn type_of<T: AsSchema>(s: &ReferenceOr<T>) -> String {
    match s {
        ReferenceOr::Reference { reference } => {
            reference.rsplit('/').next().unwrap_or_default().to_owned()
        }
        ReferenceOr::Item(s) => {
            let s = s.as_schema();
            match &s.schema_kind {
                SchemaKind::Type(Type::String(t)) => match &t.format {
                    // Known formats in their OpenAPI spelling (`date-time`),
                    // so that one is not mistaken for an unknown `date_time`.
                    openapiv3::VariantOrUnknownOrEmpty::Item(f) => {
                        format!("string({})", format!("{f:?}").to_kebab_case())
                    }
                    openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => format!("string({f})"),
                    openapiv3::VariantOrUnknownOrEmpty::Empty => "string".into(),
                },
                SchemaKind::Type(Type::Integer(t)) => match &t.format {
                    openapiv3::VariantOrUnknownOrEmpty::Item(f) => {
                        format!("integer({})", format!("{f:?}").to_lowercase())
                    }
                    openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => format!("integer({f})"),
                    openapiv3::VariantOrUnknownOrEmpty::Empty => "integer".into(),
                },
                SchemaKind::Type(Type::Number(_)) => "number".into(),
                SchemaKind::Type(Type::Boolean(_)) => "boolean".into(),
                SchemaKind::Type(Type::Array(a)) => {
                    format!(
                        "array<{}>",
                        a.items
                            .as_ref()
                            .map(type_of)
                            .unwrap_or_else(|| "any".into())
                    )
                }
                SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
                    Some(openapiv3::AdditionalProperties::Schema(v)) => {
                        format!("map<{}>", type_of(v))
                    }
                    _ => "object".into(),
                },
                _ => "any".into(),
            }
        }
    }
}

/// Lets [`type_of`] take both `Schema` and `Box<Schema>` slots.
trait AsSchema {
    fn as_schema(&self) -> &Schema;
}
impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}
impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}

fn method_items(id: &str) -> Vec<String> {
    vec![
        format!("Client::{id}"),
        format!("builder::{}", id.to_upper_camel_case()),
    ]
}

/// The Rust item a parameter change touches: the setter of a builder, or
/// for a JSON-RPC method (`x-jsonrpc-method`) its argument.
fn param_item(id: &str, param: &Param, name: &str) -> String {
    if param.location == "position" {
        format!("{id}({})", name.to_snake_case())
    } else {
        setter(id, name)
    }
}

fn setter(id: &str, param: &str) -> String {
    format!(
        "builder::{}::{}",
        id.to_upper_camel_case(),
        param.to_snake_case()
    )
}

fn operations(a: &OpenAPI, b: &OpenAPI, out: &mut Vec<Change>) {
    let (old, new) = (ops(a), ops(b));
    for (id, op) in &old {
        if !new.contains_key(id) {
            out.push(Change {
                kind: ChangeKind::OperationRemoved,
                breaking: true,
                subject: id.clone(),
                detail: format!("operation `{id}` ({} {}) removed", op.method, op.path),
                reason: "code calling the method no longer compiles".into(),
                rust: method_items(id),
            });
        }
    }
    for (id, op) in &new {
        let Some(before) = old.get(id) else {
            out.push(Change {
                kind: ChangeKind::OperationAdded,
                breaking: false,
                subject: id.clone(),
                detail: format!("operation `{id}` ({} {}) added", op.method, op.path),
                reason: "a new method; existing code is unaffected".into(),
                rust: method_items(id),
            });
            continue;
        };
        if (before.method.as_str(), before.path.as_str()) != (op.method.as_str(), op.path.as_str())
        {
            out.push(Change {
                kind: ChangeKind::OperationMoved,
                breaking: false,
                subject: id.clone(),
                detail: format!(
                    "`{id}` now sends {} {} (was {} {})",
                    op.method, op.path, before.method, before.path
                ),
                reason: "the method keeps its signature; only the request on the wire changes"
                    .into(),
                rust: vec![format!("Client::{id}")],
            });
        }
        params(id, before, op, out);
        if before.body != op.body {
            let breaking = before.body.is_some();
            out.push(Change {
                kind: ChangeKind::RequestBodyChanged,
                breaking,
                subject: id.clone(),
                detail: format!(
                    "`{id}` request body: {} -> {}",
                    before.body.as_deref().unwrap_or("none"),
                    op.body.as_deref().unwrap_or("none")
                ),
                reason: if breaking {
                    "the `body` setter takes a different type".into()
                } else {
                    "a new body setter; existing calls send as before".into()
                },
                rust: vec![setter(id, "body")],
            });
        }
        if before.response != op.response {
            out.push(Change {
                kind: ChangeKind::ResponseChanged,
                breaking: true,
                subject: id.clone(),
                detail: format!(
                    "`{id}` success response: {} -> {}",
                    before.response.as_deref().unwrap_or("none"),
                    op.response.as_deref().unwrap_or("none")
                ),
                reason: "`send()` returns a different type".into(),
                rust: vec![format!("builder::{}::send", id.to_upper_camel_case())],
            });
        }
    }
}

fn params(id: &str, before: &Op, after: &Op, out: &mut Vec<Change>) {
    let removed: Vec<(&String, &Param)> = before
        .params
        .iter()
        .filter(|(n, _)| !after.params.contains_key(*n))
        .collect();
    let added: Vec<(&String, &Param)> = after
        .params
        .iter()
        .filter(|(n, _)| !before.params.contains_key(*n))
        .collect();
    // One parameter out and one in, same place and type: a rename.
    if let ([(old_name, old)], [(new_name, new)]) = (removed.as_slice(), added.as_slice())
        && old.location == new.location
        && old.ty == new.ty
    {
        out.push(Change {
            kind: ChangeKind::ParameterRenamed,
            breaking: true,
            subject: id.to_owned(),
            detail: format!(
                "`{id}`: {} parameter `{old_name}` renamed to `{new_name}`",
                old.location
            ),
            reason: "the setter has a new name; calls to the old one no longer compile".into(),
            rust: vec![setter(id, old_name), setter(id, new_name)],
        });
        return;
    }
    for (name, p) in removed {
        out.push(Change {
            kind: ChangeKind::ParameterRemoved,
            breaking: true,
            subject: id.to_owned(),
            detail: format!("`{id}`: {} parameter `{name}` removed", p.location),
            reason: "calls to its setter no longer compile".into(),
            rust: vec![setter(id, name)],
        });
    }
    for (name, p) in added {
        // A new positional argument changes every call, optional or not.
        let positional = p.location == "position";
        out.push(Change {
            kind: ChangeKind::ParameterAdded,
            breaking: p.required || positional,
            subject: id.to_owned(),
            detail: format!(
                "`{id}`: {} {} parameter `{name}` ({}) added",
                if p.required { "required" } else { "optional" },
                p.location,
                p.ty
            ),
            reason: if positional {
                "the method takes one more argument; existing calls no longer compile".into()
            } else if p.required {
                "existing calls do not set it and now fail before sending".into()
            } else {
                "a new optional setter; existing calls are unaffected".into()
            },
            rust: vec![param_item(id, p, name)],
        });
    }
    for (name, old) in &before.params {
        let Some(new) = after.params.get(name) else {
            continue;
        };
        if old.ty != new.ty {
            out.push(Change {
                kind: ChangeKind::ParameterRetyped,
                breaking: true,
                subject: id.to_owned(),
                detail: format!(
                    "`{id}`: parameter `{name}` retyped {} -> {}",
                    old.ty, new.ty
                ),
                reason: "the setter takes a different type".into(),
                rust: vec![param_item(id, new, name)],
            });
        }
        if old.required != new.required {
            // A positional argument changes type (`T` and `Option<T>`), so
            // calls must change either way; a builder's setter stays.
            let positional = new.location == "position";
            out.push(Change {
                kind: if new.required {
                    ChangeKind::ParameterRequired
                } else {
                    ChangeKind::ParameterOptional
                },
                breaking: new.required || positional,
                subject: id.to_owned(),
                detail: format!(
                    "`{id}`: parameter `{name}` is now {}",
                    if new.required { "required" } else { "optional" }
                ),
                reason: if positional {
                    format!(
                        "the positional argument is now {}: calls must change",
                        if new.required {
                            "`T` instead of `Option<T>`"
                        } else {
                            "`Option<T>` (`None` sends `null`)"
                        }
                    )
                } else if new.required {
                    "calls that do not set it now fail before sending".into()
                } else {
                    "calls that set it keep working".into()
                },
                rust: vec![param_item(id, new, name)],
            });
        }
    }
}

/// Which schemas are reachable from requests and from responses.
fn usage(api: &OpenAPI) -> BTreeMap<String, Usage> {
    let schemas = api.components.as_ref().map(|c| &c.schemas);
    let mut out: BTreeMap<String, Usage> = BTreeMap::new();
    fn refs(s: &Schema, acc: &mut Vec<String>) {
        let visit = |r: &ReferenceOr<Box<Schema>>, acc: &mut Vec<String>| match r {
            ReferenceOr::Reference { reference } => {
                acc.push(reference.rsplit('/').next().unwrap_or_default().to_owned())
            }
            ReferenceOr::Item(b) => refs(b, acc),
        };
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                for p in o.properties.values() {
                    visit(p, acc);
                }
                if let Some(openapiv3::AdditionalProperties::Schema(v)) = &o.additional_properties {
                    match v.as_ref() {
                        ReferenceOr::Reference { reference } => {
                            acc.push(reference.rsplit('/').next().unwrap_or_default().to_owned())
                        }
                        ReferenceOr::Item(s) => refs(s, acc),
                    }
                }
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(i) = &a.items {
                    visit(i, acc);
                }
            }
            _ => {}
        }
    }
    let mut mark = |start: Vec<String>, request: bool| {
        let mut stack = start;
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let u = out.entry(name.clone()).or_default();
            if request {
                u.request = true;
            } else {
                u.response = true;
            }
            if let Some(ReferenceOr::Item(s)) = schemas.and_then(|m| m.get(&name)) {
                refs(s, &mut stack);
            }
        }
    };
    let top = |s: &ReferenceOr<Schema>, acc: &mut Vec<String>| match s {
        ReferenceOr::Reference { reference } => {
            acc.push(reference.rsplit('/').next().unwrap_or_default().to_owned())
        }
        ReferenceOr::Item(s) => refs(s, acc),
    };
    let (mut req, mut res) = (Vec::new(), Vec::new());
    for (_, _, op) in api.operations() {
        for p in &op.parameters {
            if let Some(p) = resolve_param(api, p)
                && let ParameterSchemaOrContent::Schema(s) = &p.parameter_data_ref().format
            {
                top(s, &mut req);
            }
        }
        if let Some(ReferenceOr::Item(b)) = &op.request_body {
            for m in b.content.values() {
                if let Some(s) = &m.schema {
                    top(s, &mut req);
                }
            }
        }
        for r in op.responses.responses.values() {
            if let ReferenceOr::Item(r) = r {
                for m in r.content.values() {
                    if let Some(s) = &m.schema {
                        top(s, &mut res);
                    }
                }
            }
        }
    }
    mark(req, true);
    mark(res, false);
    out
}

fn schemas(a: &OpenAPI, b: &OpenAPI, out: &mut Vec<Change>) {
    let empty = Default::default();
    let sa = a.components.as_ref().map_or(&empty, |c| &c.schemas);
    let sb = b.components.as_ref().map_or(&empty, |c| &c.schemas);
    let (ua, ub) = (usage(a), usage(b));
    for name in sa.keys() {
        if !sb.contains_key(name) {
            out.push(Change {
                kind: ChangeKind::TypeRemoved,
                breaking: true,
                subject: name.clone(),
                detail: format!("type `{name}` removed"),
                reason: "code naming the type no longer compiles".into(),
                rust: vec![format!("types::{}", name.to_upper_camel_case())],
            });
        }
    }
    for (name, new) in sb {
        let Some(old) = sa.get(name) else {
            out.push(Change {
                kind: ChangeKind::TypeAdded,
                breaking: false,
                subject: name.clone(),
                detail: format!("type `{name}` added"),
                reason: "a new type; existing code is unaffected".into(),
                rust: vec![format!("types::{}", name.to_upper_camel_case())],
            });
            continue;
        };
        let (Some(old), Some(new)) = (old.as_item(), new.as_item()) else {
            continue;
        };
        let used = {
            let (x, y) = (
                ua.get(name).copied().unwrap_or_default(),
                ub.get(name).copied().unwrap_or_default(),
            );
            Usage {
                request: x.request || y.request,
                response: x.response || y.response,
            }
        };
        let ty = format!("types::{}", name.to_upper_camel_case());
        fields(name, &ty, old, new, used, out);
        enum_values(name, &ty, old, new, out);
    }
}

fn fields(name: &str, ty: &str, old: &Schema, new: &Schema, used: Usage, out: &mut Vec<Change>) {
    let (SchemaKind::Type(Type::Object(o)), SchemaKind::Type(Type::Object(n))) =
        (&old.schema_kind, &new.schema_kind)
    else {
        return;
    };
    let field_item = |f: &str| format!("{ty}::{}", f.to_snake_case());
    for (f, s) in &o.properties {
        if !n.properties.contains_key(f) {
            out.push(Change {
                kind: ChangeKind::FieldRemoved,
                breaking: true,
                subject: name.to_owned(),
                detail: format!("field `{name}.{f}` ({}) removed", type_of(s)),
                reason: if used.response {
                    "code reading the field no longer compiles".into()
                } else {
                    "code setting the field no longer compiles".into()
                },
                rust: vec![field_item(f)],
            });
        }
    }
    for (f, s) in &n.properties {
        let required = n.required.contains(f);
        let Some(before) = o.properties.get(f) else {
            let breaking = used.request && required;
            out.push(Change {
                kind: ChangeKind::FieldAdded,
                breaking,
                subject: name.to_owned(),
                detail: format!(
                    "field `{name}.{f}` ({}, {}) added",
                    type_of(s),
                    if required { "required" } else { "optional" }
                ),
                reason: if breaking {
                    "requests built without it now fail before sending".into()
                } else if used.request {
                    "a new optional field; builders that do not set it keep working".into()
                } else {
                    "a new field to read; existing readers are unaffected".into()
                },
                rust: vec![field_item(f)],
            });
            continue;
        };
        if type_of(before) != type_of(s) {
            out.push(Change {
                kind: ChangeKind::FieldRetyped,
                breaking: true,
                subject: name.to_owned(),
                detail: format!(
                    "field `{name}.{f}` retyped {} -> {}",
                    type_of(before),
                    type_of(s)
                ),
                reason: "the field's Rust type changes".into(),
                rust: vec![field_item(f)],
            });
        }
        let was = o.required.contains(f);
        if was != required {
            // Requests: making a field required breaks callers; responses:
            // either direction changes `T` <-> `Option<T>` for readers.
            let breaking = used.response || (used.request && required);
            out.push(Change {
                kind: if required {
                    ChangeKind::FieldRequired
                } else {
                    ChangeKind::FieldOptional
                },
                breaking,
                subject: name.to_owned(),
                detail: format!(
                    "field `{name}.{f}` is now {}",
                    if required { "required" } else { "optional" }
                ),
                reason: if used.response {
                    "readers see `T` and `Option<T>` swap".into()
                } else if required {
                    "requests built without it now fail before sending".into()
                } else {
                    "requests that set it keep working".into()
                },
                rust: vec![field_item(f)],
            });
        }
    }
}

fn enum_values(name: &str, ty: &str, old: &Schema, new: &Schema, out: &mut Vec<Change>) {
    let values = |s: &Schema| -> Option<Vec<String>> {
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) if !t.enumeration.is_empty() => {
                Some(t.enumeration.iter().flatten().cloned().collect())
            }
            SchemaKind::Type(Type::Integer(t)) if !t.enumeration.is_empty() => Some(
                t.enumeration
                    .iter()
                    .flatten()
                    .map(ToString::to_string)
                    .collect(),
            ),
            _ => None,
        }
    };
    let (Some(o), Some(n)) = (values(old), values(new)) else {
        return;
    };
    let variant = |v: &str| {
        let base = v.to_upper_camel_case();
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            format!("{ty}::V{base}")
        } else {
            format!("{ty}::{base}")
        }
    };
    for v in &o {
        if !n.contains(v) {
            out.push(Change {
                kind: ChangeKind::EnumValueRemoved,
                breaking: true,
                subject: name.to_owned(),
                detail: format!("enum value `{v}` removed from `{name}`"),
                reason: "code naming the variant no longer compiles".into(),
                rust: vec![variant(v)],
            });
        }
    }
    for v in &n {
        if !o.contains(v) {
            out.push(Change {
                kind: ChangeKind::EnumValueAdded,
                breaking: false,
                subject: name.to_owned(),
                detail: format!("enum value `{v}` added to `{name}`"),
                reason: "enums are open and `#[non_exhaustive]`: the value was already decoded as `Unknown`, and matches need a wildcard arm anyway".into(),
                rust: vec![variant(v)],
            });
        }
    }
}

fn settings(
    a: &OpenAPI,
    b: &OpenAPI,
    la: &crate::model::normalize::RateLimitSpec,
    lb: &crate::model::normalize::RateLimitSpec,
    out: &mut Vec<Change>,
) {
    let auth = |api: &OpenAPI| -> Vec<String> {
        let mut v: Vec<String> = api
            .components
            .as_ref()
            .map(|c| {
                c.security_schemes
                    .iter()
                    .map(|(k, s)| format!("{k}: {}", serde_json::to_string(s).unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        v.push(serde_json::to_string(&api.security).unwrap_or_default());
        v
    };
    if auth(a) != auth(b) {
        // Auth appearing where there was none (a new spec) breaks nobody.
        let had_auth = a
            .components
            .as_ref()
            .is_some_and(|c| !c.security_schemes.is_empty());
        out.push(Change {
            kind: ChangeKind::AuthChanged,
            breaking: had_auth,
            subject: "auth".into(),
            detail: "security schemes or requirements changed".into(),
            reason: "the client's constructor and credentials may need to change".into(),
            rust: vec!["Client::new".into(), "Client::builder".into()],
        });
    }
    let (form_a, form_b) = (
        crate::model::normalize::credentials_in_form(a),
        crate::model::normalize::credentials_in_form(b),
    );
    if form_a != form_b {
        let (now, was) = if form_b {
            ("form bodies", "the query string")
        } else {
            ("the query string", "form bodies")
        };
        out.push(Change {
            kind: ChangeKind::AuthChanged,
            breaking: false,
            subject: "x-credentials-in-form".into(),
            detail: format!(
                "query credentials of requests with a form body now travel in {now} (were in {was})"
            ),
            reason: "the credentials go elsewhere on the wire; constructors and credentials are unchanged".into(),
            rust: vec!["Client::builder".into()],
        });
    }
    let urls =
        |api: &OpenAPI| -> Vec<String> { api.servers.iter().map(|s| s.url.clone()).collect() };
    if urls(a) != urls(b) {
        out.push(Change {
            kind: ChangeKind::BaseUrlChanged,
            breaking: false,
            subject: "servers".into(),
            detail: format!("base URL(s) {:?} -> {:?}", urls(a), urls(b)),
            reason: "the default base URL changes; code that sets its own is unaffected".into(),
            rust: vec!["Client::new".into()],
        });
    }
    if la != lb {
        out.push(Change {
            kind: ChangeKind::RateLimitChanged,
            breaking: false,
            subject: "rate limits".into(),
            detail: format!("documented rate limits {:?} -> {:?}", la.pools, lb.pools),
            reason: "the client-side limiter paces calls differently; the API is unchanged".into(),
            rust: vec!["ApiClient::documented_rate_limits".into()],
        });
    }
}

/// The semver bump a crate needs for `changes`, from `version`.
pub fn bump(version: &str, changes: &[Change]) -> (String, &'static str) {
    let mut parts = version.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let (major, minor, patch) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let breaking = changes.iter().any(|c| c.breaking);
    let additive = changes.iter().any(|c| !c.breaking);
    match (breaking, additive, major) {
        (false, false, _) => (version.to_owned(), "none"),
        (true, _, 0) => (format!("0.{}.0", minor + 1), "major (0.x: minor digit)"),
        (true, _, m) => (format!("{}.0.0", m + 1), "major"),
        (false, true, 0) => (
            format!("0.{minor}.{}", patch + 1),
            "minor (0.x: patch digit)",
        ),
        (false, true, m) => (format!("{m}.{}.0", minor + 1), "minor"),
    }
}

/// A pull-request comment for one provider's changes.
pub fn markdown(
    provider: &str,
    spec: &str,
    base: &str,
    version: &str,
    changes: &[Change],
) -> String {
    let mut s = format!("### `{provider}`: {spec} ({base} → working tree)\n\n");
    if changes.is_empty() {
        s.push_str("No API changes.\n");
        return s;
    }
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by(|a, b| {
        (!a.breaking, a.kind, &a.subject, &a.detail).cmp(&(
            !b.breaking,
            b.kind,
            &b.subject,
            &b.detail,
        ))
    });
    s.push_str("| | Change | Rust items | Why |\n|---|---|---|---|\n");
    for c in sorted {
        let rust: Vec<String> = c.rust.iter().map(|r| format!("`{r}`")).collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            if c.breaking {
                "**breaking**"
            } else {
                "compatible"
            },
            c.detail.replace('|', "\\|"),
            rust.join(", "),
            c.reason.replace('|', "\\|")
        );
    }
    let (next, level) = bump(version, changes);
    let _ = writeln!(
        s,
        "\n**Semver:** `{provider}` {version} → {next} ({level})."
    );
    s
}
