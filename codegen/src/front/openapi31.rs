//! OpenAPI 3.1 input: a 3.1 document rewritten, node by node, into the 3.0
//! shape the rest of the pipeline (and progenitor) reads.
//!
//! 3.1 made its schemas JSON Schema 2020-12. Most of what a client generator
//! needs has a 3.0 spelling, so the rewrite is mechanical:
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: "null"` in a `oneOf`/`anyOf` branch | the branch dropped, the parent `nullable` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [v, …]` in a schema | `example: v` |
//! | `$ref` with sibling keywords in a schema | `allOf: [{$ref}]` with the siblings beside it |
//! | `$ref` with `summary`/`description` elsewhere | the `$ref` alone |
//! | numeric `exclusiveMinimum`/`exclusiveMaximum` | `minimum`/`maximum` plus the boolean |
//! | `contentMediaType`/`contentEncoding` on a string | `format: binary` / `format: byte` |
//! | `jsonSchemaDialect`, `info.summary`, `license.identifier`, `$schema`, `$id`, `$comment` | dropped (no meaning for the client) |
//!
//! What has no 3.0 spelling (a type list of two non-null types, `prefixItems`,
//! `if`/`then`/`else`, `patternProperties`, `webhooks`, `components.pathItems`,
//! …) is an error naming its JSON pointer, never a silent drop.

use serde_json::{Map, Value};

/// A node of the document that cannot be expressed in OpenAPI 3.0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported {
    /// JSON pointer of the node, e.g. `/components/schemas/Pet/prefixItems`.
    pub pointer: String,
    /// What the node is and why it cannot be read.
    pub message: String,
}

/// Schema keywords of JSON Schema 2020-12 that OpenAPI 3.0 cannot express.
const INEXPRESSIBLE: &[&str] = &[
    "prefixItems",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$dynamicAnchor",
    "$defs",
];

/// Keywords dropped from schemas: annotations with no bearing on the client.
const DROPPED: &[&str] = &["$schema", "$id", "$comment", "$anchor"];

/// Rewrites the 3.1 document `doc` in place into OpenAPI 3.0.3. Every node
/// that cannot be expressed is reported; the document is only usable when
/// the returned list is empty.
pub(crate) fn downgrade(doc: &mut Value) -> Vec<Unsupported> {
    let mut out = Vec::new();
    let Some(root) = doc.as_object_mut() else {
        return out;
    };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    if let Some(dialect) = root.remove("jsonSchemaDialect")
        && !dialect
            .as_str()
            .is_some_and(|d| d.starts_with("https://spec.openapis.org/oas/3.1/dialect"))
    {
        out.push(Unsupported {
            pointer: "/jsonSchemaDialect".into(),
            message: format!(
                "schema dialect {dialect} is not OpenAPI's own; only the default dialect is read"
            ),
        });
    }
    if root.get("webhooks").is_some_and(has_entries) {
        out.push(Unsupported {
            pointer: "/webhooks".into(),
            message: "webhooks are requests the server sends; a client has no method for them"
                .into(),
        });
    }
    root.remove("webhooks");
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        info.remove("summary");
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license.remove("identifier");
        }
    }
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));

    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        if components.get("pathItems").is_some_and(has_entries) {
            out.push(Unsupported {
                pointer: "/components/pathItems".into(),
                message: "reusable path items have no OpenAPI 3.0 form".into(),
            });
        }
        components.remove("pathItems");
        for (kind, value) in components.iter_mut() {
            let Some(entries) = value.as_object_mut() else {
                continue;
            };
            for (name, entry) in entries.iter_mut() {
                let here = format!("/components/{}/{}", esc(kind), esc(name));
                match kind.as_str() {
                    "schemas" => schema(entry, &here, &mut out),
                    "parameters" | "headers" => parameter(entry, &here, &mut out),
                    "requestBodies" => body(entry, &here, &mut out),
                    "responses" => response(entry, &here, &mut out),
                    _ => strip_ref_siblings(entry),
                }
            }
        }
    }

    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let here = format!("/paths/{}", esc(path));
            path_item(item, &here, &mut out);
        }
    }
    out
}

fn has_entries(v: &Value) -> bool {
    v.as_object().is_some_and(|m| !m.is_empty())
}

/// JSON-pointer escaping of one segment.
fn esc(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Outside schemas, 3.1 lets a `$ref` carry `summary` and `description`;
/// 3.0 reads the `$ref` alone.
fn strip_ref_siblings(v: &mut Value) {
    if let Some(map) = v.as_object_mut()
        && map.contains_key("$ref")
    {
        map.retain(|k, _| k == "$ref");
    }
}

fn path_item(item: &mut Value, here: &str, out: &mut Vec<Unsupported>) {
    strip_ref_siblings(item);
    let Some(item) = item.as_object_mut() else {
        return;
    };
    for (key, value) in item.iter_mut() {
        let here = format!("{here}/{}", esc(key));
        match key.as_str() {
            "parameters" => parameters(value, &here, out),
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                operation(value, &here, out)
            }
            _ => {}
        }
    }
}

fn operation(op: &mut Value, here: &str, out: &mut Vec<Unsupported>) {
    let Some(op) = op.as_object_mut() else {
        return;
    };
    if let Some(params) = op.get_mut("parameters") {
        parameters(params, &format!("{here}/parameters"), out);
    }
    if let Some(b) = op.get_mut("requestBody") {
        body(b, &format!("{here}/requestBody"), out);
    }
    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
        for (status, r) in responses.iter_mut() {
            response(r, &format!("{here}/responses/{}", esc(status)), out);
        }
    }
    if op.get("callbacks").is_some_and(has_entries) {
        out.push(Unsupported {
            pointer: format!("{here}/callbacks"),
            message: "callbacks are requests the server sends; a client has no method for them"
                .into(),
        });
    }
    op.remove("callbacks");
}

fn parameters(list: &mut Value, here: &str, out: &mut Vec<Unsupported>) {
    if let Some(items) = list.as_array_mut() {
        for (i, p) in items.iter_mut().enumerate() {
            parameter(p, &format!("{here}/{i}"), out);
        }
    }
}

/// A parameter or a header: its `schema` and its `content`.
fn parameter(p: &mut Value, here: &str, out: &mut Vec<Unsupported>) {
    strip_ref_siblings(p);
    let Some(p) = p.as_object_mut() else {
        return;
    };
    if let Some(s) = p.get_mut("schema") {
        schema(s, &format!("{here}/schema"), out);
    }
    if let Some(c) = p.get_mut("content") {
        content(c, &format!("{here}/content"), out);
    }
}

fn body(b: &mut Value, here: &str, out: &mut Vec<Unsupported>) {
    strip_ref_siblings(b);
    if let Some(c) = b.get_mut("content") {
        content(c, &format!("{here}/content"), out);
    }
}

fn response(r: &mut Value, here: &str, out: &mut Vec<Unsupported>) {
    strip_ref_siblings(r);
    let Some(r) = r.as_object_mut() else {
        return;
    };
    if let Some(c) = r.get_mut("content") {
        content(c, &format!("{here}/content"), out);
    }
    if let Some(headers) = r.get_mut("headers").and_then(Value::as_object_mut) {
        for (name, h) in headers.iter_mut() {
            parameter(h, &format!("{here}/headers/{}", esc(name)), out);
        }
    }
}

fn content(c: &mut Value, here: &str, out: &mut Vec<Unsupported>) {
    let Some(c) = c.as_object_mut() else {
        return;
    };
    for (media, m) in c.iter_mut() {
        if let Some(s) = m.get_mut("schema") {
            schema(s, &format!("{here}/{}/schema", esc(media)), out);
        }
    }
}

/// Rewrites one schema and, recursively, the schemas inside it.
fn schema(s: &mut Value, here: &str, out: &mut Vec<Unsupported>) {
    let Some(map) = s.as_object_mut() else {
        // `true` / `false` schemas: 3.0 has no boolean schema; `true` is
        // "anything", which an empty schema says.
        if s.as_bool() == Some(true) {
            *s = Value::Object(Map::new());
        } else if s.is_boolean() {
            out.push(Unsupported {
                pointer: here.into(),
                message: "the `false` schema (nothing is valid) has no OpenAPI 3.0 form".into(),
            });
        }
        return;
    };
    for key in DROPPED {
        map.remove(*key);
    }
    for key in INEXPRESSIBLE {
        if map.contains_key(*key) {
            out.push(Unsupported {
                pointer: format!("{here}/{}", esc(key)),
                message: format!("the JSON Schema keyword `{key}` has no OpenAPI 3.0 form"),
            });
            map.remove(*key);
        }
    }

    // `type` lists.
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        match rest.as_slice() {
            [one] => {
                map.insert("type".into(), one.clone());
            }
            [] => {
                out.push(Unsupported {
                    pointer: format!("{here}/type"),
                    message: "a schema whose only type is `null` has no OpenAPI 3.0 form".into(),
                });
                map.remove("type");
            }
            many => {
                out.push(Unsupported {
                    pointer: format!("{here}/type"),
                    message: format!(
                        "a value of several types ({}) has no OpenAPI 3.0 form; write a `oneOf` of one schema per type",
                        many.iter().map(Value::to_string).collect::<Vec<_>>().join(", ")
                    ),
                });
                map.remove("type");
            }
        }
        if nullable {
            map.insert("nullable".into(), Value::Bool(true));
        }
    } else if map.get("type").is_some_and(|t| t == "null") {
        out.push(Unsupported {
            pointer: format!("{here}/type"),
            message: "a schema whose only type is `null` has no OpenAPI 3.0 form outside a `oneOf`/`anyOf`"
                .into(),
        });
        map.remove("type");
    }

    if let Some(c) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![c]));
    }
    if let Some(Value::Array(mut examples)) = map.remove("examples")
        && !examples.is_empty()
        && !map.contains_key("example")
    {
        map.insert("example".into(), examples.swap_remove(0));
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n @ Value::Number(_)) = map.get(exclusive).cloned() {
            map.insert(bound.into(), n);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if map.get("type").is_some_and(|t| t == "string") && !map.contains_key("format") {
        if map.get("contentEncoding").is_some_and(|e| e == "base64") {
            map.insert("format".into(), Value::String("byte".into()));
        } else if map.contains_key("contentMediaType") {
            map.insert("format".into(), Value::String("binary".into()));
        }
    }
    map.remove("contentEncoding");
    map.remove("contentMediaType");
    map.remove("contentSchema");

    // `oneOf`/`anyOf` with a `{type: null}` branch: the parent is nullable.
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = map.get_mut(key) {
            let before = branches.len();
            branches.retain(|b| b.get("type").is_none_or(|t| t != "null"));
            if branches.len() < before {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
    }

    // Children.
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = map.get_mut(key) {
            for (i, b) in branches.iter_mut().enumerate() {
                schema(b, &format!("{here}/{key}/{i}"), out);
            }
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        if let Some(child) = map.get_mut(key)
            && !(key == "additionalProperties" && child.is_boolean())
        {
            schema(child, &format!("{here}/{key}"), out);
        }
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        for (name, p) in props.iter_mut() {
            schema(p, &format!("{here}/properties/{}", esc(name)), out);
        }
    }

    // A `$ref` with siblings: 3.0 ignores the siblings, so they move beside
    // an `allOf` holding the reference.
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").expect("checked above");
        let mut wrapped = Map::new();
        wrapped.insert("$ref".into(), reference);
        let mut all_of = vec![Value::Object(wrapped)];
        if let Some(Value::Array(more)) = map.remove("allOf") {
            all_of.extend(more);
        }
        map.insert("allOf".into(), Value::Array(all_of));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn down(mut doc: Value) -> (Value, Vec<Unsupported>) {
        let problems = downgrade(&mut doc);
        (doc, problems)
    }

    fn with_schema(s: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
               "components": {"schemas": {"S": s}}})
    }

    #[test]
    fn type_lists_with_null_become_nullable() {
        let (doc, problems) = down(with_schema(json!({
            "type": "object",
            "properties": {"a": {"type": ["string", "null"], "examples": ["x", "y"]},
                           "b": {"const": "fixed"},
                           "c": {"type": "integer", "exclusiveMinimum": 0}}
        })));
        assert!(problems.is_empty(), "{problems:?}");
        let props = &doc["components"]["schemas"]["S"]["properties"];
        assert_eq!(
            props["a"],
            json!({"type": "string", "nullable": true, "example": "x"})
        );
        assert_eq!(props["b"], json!({"enum": ["fixed"]}));
        assert_eq!(
            props["c"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(doc["openapi"], "3.0.3");
    }

    #[test]
    fn ref_siblings_move_beside_an_all_of() {
        let (doc, problems) = down(with_schema(json!({
            "$ref": "#/components/schemas/T", "description": "d", "readOnly": true
        })));
        assert!(problems.is_empty());
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "description": "d", "readOnly": true})
        );
    }

    #[test]
    fn null_branches_make_the_parent_nullable() {
        let (doc, problems) = down(with_schema(json!({
            "oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]
        })));
        assert!(problems.is_empty());
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"oneOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
    }

    #[test]
    fn what_has_no_3_0_form_is_reported_with_its_pointer() {
        let (_, problems) = down(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "webhooks": {"ping": {}},
            "paths": {"/a/{b}": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {
                    "type": ["string", "integer"], "prefixItems": []}}}}}}}}
        }));
        let pointers: Vec<_> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/webhooks",
                "/paths/~1a~1{b}/get/responses/200/content/application~1json/schema/prefixItems",
                "/paths/~1a~1{b}/get/responses/200/content/application~1json/schema/type",
            ]
        );
        assert!(
            problems[2].message.contains("\"string\", \"integer\""),
            "{}",
            problems[2].message
        );
    }

    #[test]
    fn binary_content_becomes_format_binary() {
        let (doc, _) = down(with_schema(json!({
            "type": "string", "contentMediaType": "application/octet-stream"
        })));
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"type": "string", "format": "binary"})
        );
    }
}
