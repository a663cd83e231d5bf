//! Normalization: rewrites shapes the emitter cannot express well into ones
//! it can, without changing what goes on the wire.
//!
//! Rules, in the order they run:
//! 1. `hoist_enums`: inline string enums (in properties, array items and
//!    parameters) become named component schemas, so that every enum can be
//!    replaced by an open enum type.
//! 2. `defaults_to_docs`: `default` values move into the description.
//!    progenitor would materialise them and send them even when the caller
//!    set nothing, which on an update overwrites server state.
//! 3. `constraints_to_docs`: `pattern`, lengths and ranges move into the
//!    description. Generated types would otherwise reject out-of-range
//!    values from the server, failing a whole response over one field.
//! 4. `open_enums`: every named string enum is listed so the emitter can
//!    replace it with an open type that keeps unknown values.

use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};

/// A named string enum that the emitter turns into an open enum type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEnum {
    /// Component schema name, which is also the Rust type name.
    pub name: String,
    /// The documented values, in spec order.
    pub values: Vec<String>,
    /// The schema's description, if any.
    pub description: Option<String>,
}

/// The spec as the emitter consumes it.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The rewritten document.
    pub openapi: OpenAPI,
    /// Enum schemas to be replaced by open enum types, sorted by name.
    pub open_enums: Vec<OpenEnum>,
}

/// Applies every rule, in order.
pub fn normalize(openapi: &OpenAPI) -> Normalized {
    let mut openapi = openapi.clone();
    hoist_enums(&mut openapi);
    each_schema(&mut openapi, &mut |s| {
        defaults_to_docs(s);
        constraints_to_docs(s);
    });
    let open_enums = open_enums(&openapi);
    Normalized {
        openapi,
        open_enums,
    }
}

fn is_inline_enum(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Type(Type::String(t)) if !t.enumeration.is_empty())
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
                    if !d.is_empty() {
                        d.push(' ');
                    }
                    d.push_str(added.trim());
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

fn append_doc(s: &mut Schema, sentence: String) {
    let d = s.schema_data.description.get_or_insert_with(String::new);
    if !d.is_empty() {
        d.push_str(if d.ends_with('\n') { "\n" } else { "\n\n" });
    }
    d.push_str(&sentence);
}

/// Rule 2.
fn defaults_to_docs(s: &mut Schema) {
    if let Some(default) = s.schema_data.default.take() {
        let shown = match &default {
            serde_json::Value::String(v) => format!("`{v}`"),
            other => format!("`{other}`"),
        };
        append_doc(s, format!("When omitted, the server uses {shown}."));
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

/// Rule 4.
fn open_enums(openapi: &OpenAPI) -> Vec<OpenEnum> {
    let mut out: Vec<OpenEnum> = openapi
        .components
        .iter()
        .flat_map(|c| c.schemas.iter())
        .filter_map(|(name, s)| {
            let ReferenceOr::Item(s) = s else { return None };
            let SchemaKind::Type(Type::String(t)) = &s.schema_kind else {
                return None;
            };
            if t.enumeration.is_empty() {
                return None;
            }
            Some(OpenEnum {
                name: name.clone(),
                values: t.enumeration.iter().flatten().cloned().collect(),
                description: s.schema_data.description.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
