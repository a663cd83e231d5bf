//! The OpenRPC front end: an OpenRPC 1.x document becomes the same internal
//! model as an OpenAPI one, so validation, normalization, `spec-diff` and
//! `doc-coverage` work on it unchanged.
//!
//! Each method becomes a `POST /<method>` operation whose `operationId` is
//! the method name in snake case, whose JSON body is an object of the
//! parameters, and which records the method name and the parameter order
//! in `x-jsonrpc-method` and `x-jsonrpc-params`. Schema names become Rust
//! type names (`SMS.Options` -> `SmsOptions`), keeping the original as the
//! schema's `title`.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::{Map, Value, json};

/// The `operationId` of a JSON-RPC method: `account/sub.get` -> `account_sub_get`.
pub fn operation_id(method: &str) -> String {
    method.replace(['/', '.'], "_").to_snake_case()
}

/// The Rust type name of an OpenRPC schema name.
pub fn type_name(schema: &str) -> String {
    schema.replace(['.', '/'], "_").to_upper_camel_case()
}

/// Converts an OpenRPC document to an OpenAPI 3.0 one (both as JSON), and
/// returns for each generated path the index of its method, for error lines.
pub(crate) fn to_openapi(rpc: &Value) -> Result<(Value, BTreeMap<String, usize>), String> {
    let root = rpc.as_object().ok_or("the document is not a mapping")?;
    let names: BTreeMap<String, String> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|m| m.keys().map(|k| (k.clone(), type_name(k))).collect())
        .unwrap_or_default();

    let mut schemas = Map::new();
    for (name, schema) in root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let mut s = rewrite_refs(schema, &names);
        if let Value::Object(m) = &mut s {
            m.entry("title")
                .or_insert_with(|| Value::String(name.clone()));
        }
        schemas.insert(names[name].clone(), s);
    }

    let mut paths = Map::new();
    let mut lines = BTreeMap::new();
    let methods = root
        .get("methods")
        .and_then(Value::as_array)
        .ok_or("`methods` must be a list")?;
    for (i, m) in methods.iter().enumerate() {
        let name = m
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("method #{} has no `name`", i + 1))?;
        let params = m
            .get("params")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut order = Vec::new();
        for p in &params {
            let pname = p
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("a parameter of `{name}` has no `name`"))?;
            let mut schema = rewrite_refs(p.get("schema").unwrap_or(&json!({})), &names);
            if let (Some(d), Value::Object(s)) = (p.get("description"), &mut schema)
                && !s.contains_key("$ref")
            {
                s.entry("description").or_insert(d.clone());
            }
            properties.insert(pname.to_owned(), schema);
            if p.get("required").and_then(Value::as_bool).unwrap_or(false) {
                required.push(Value::String(pname.to_owned()));
            }
            order.push(Value::String(pname.to_owned()));
        }
        let result = m
            .get("result")
            .and_then(|r| r.get("schema"))
            .map(|s| rewrite_refs(s, &names))
            .unwrap_or_else(|| json!({}));
        let mut op = Map::new();
        op.insert("operationId".into(), Value::String(operation_id(name)));
        for key in ["summary", "description"] {
            if let Some(v) = m.get(key) {
                op.insert(key.into(), v.clone());
            }
        }
        let tags: Vec<Value> = m
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| {
                t.get("name")
                    .or(Some(t))
                    .and_then(Value::as_str)
                    .map(|s| json!(s))
            })
            .collect();
        if !tags.is_empty() {
            op.insert("tags".into(), Value::Array(tags));
        }
        for (k, v) in m.as_object().into_iter().flatten() {
            if k.starts_with("x-") {
                op.insert(k.clone(), v.clone());
            }
        }
        op.insert("x-jsonrpc-method".into(), json!(name));
        op.insert("x-jsonrpc-params".into(), Value::Array(order));
        let mut body = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            body["required"] = Value::Array(required);
        }
        op.insert(
            "requestBody".into(),
            json!({"required": true, "content": {"application/json": {"schema": body}}}),
        );
        op.insert(
            "responses".into(),
            json!({"200": {"description": "The method's result.", "content": {"application/json": {"schema": result}}}}),
        );
        let path = format!("/{name}");
        lines.insert(path.clone(), i);
        paths.insert(path, json!({"post": Value::Object(op)}));
    }

    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    out.insert(
        "info".into(),
        root.get("info")
            .cloned()
            .unwrap_or_else(|| json!({"title": "", "version": ""})),
    );
    let servers: Vec<Value> = root
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("url").map(|u| json!({"url": u})))
        .collect();
    out.insert("servers".into(), Value::Array(servers));
    out.insert("paths".into(), Value::Object(paths));
    out.insert(
        "components".into(),
        json!({ "schemas": Value::Object(schemas) }),
    );
    for (k, v) in root {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    out.insert("x-jsonrpc".into(), json!(true));
    Ok((Value::Object(out), lines))
}

/// Rewrites `#/components/schemas/<name>` references to the Rust type names.
fn rewrite_refs(v: &Value, names: &BTreeMap<String, String>) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => match r.strip_prefix("#/components/schemas/")
                        {
                            Some(n) => Value::String(format!(
                                "#/components/schemas/{}",
                                names.get(n).cloned().unwrap_or_else(|| n.to_owned())
                            )),
                            None => Value::String(r.clone()),
                        },
                        // Samples are data, not schemas.
                        ("x-sample", other) => other.clone(),
                        (_, other) => rewrite_refs(other, names),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| rewrite_refs(x, names)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            operation_id("account/sub.get_quota"),
            "account_sub_get_quota"
        );
        assert_eq!(operation_id("sms.send"), "sms_send");
        assert_eq!(type_name("SMS.Options"), "SmsOptions");
        assert_eq!(
            type_name("ACTIONS10.Start.Options"),
            "Actions10StartOptions"
        );
        assert_eq!(type_name("CDR.In"), "CdrIn");
    }

    #[test]
    fn a_method_becomes_an_operation() {
        let rpc = json!({
            "openrpc": "1.3.2",
            "info": {"title": "t", "version": "1"},
            "servers": [{"name": "p", "url": "https://rpc.example/"}],
            "methods": [{
                "name": "sms.send",
                "params": [
                    {"name": "from", "required": true, "schema": {"type": "string"}},
                    {"name": "options", "schema": {"$ref": "#/components/schemas/SMS.Options"}}
                ],
                "result": {"name": "hash", "schema": {"type": "string"}}
            }],
            "components": {"schemas": {"SMS.Options": {"type": "object", "properties": {"flash": {"type": "boolean"}}}}}
        });
        let (api, lines) = to_openapi(&rpc).unwrap();
        let op = &api["paths"]["/sms.send"]["post"];
        assert_eq!(op["operationId"], "sms_send");
        assert_eq!(op["x-jsonrpc-params"], json!(["from", "options"]));
        let body = &op["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(body["required"], json!(["from"]));
        assert_eq!(
            body["properties"]["options"]["$ref"],
            "#/components/schemas/SmsOptions"
        );
        assert_eq!(
            api["components"]["schemas"]["SmsOptions"]["title"],
            "SMS.Options"
        );
        assert_eq!(lines["/sms.send"], 0);
    }
}
