//! Values derived from a spec's schemas, for tests that call every
//! operation: a request body, a parameter value and a response for each
//! operation, read from the spec file at test time.
//!
//! A derived value has every member its schema names (so decoding it
//! exercises every field), the first value of each enum, and for each
//! scalar a value within its documented bounds. Recursive schemas stop at
//! a fixed depth with an empty array or object.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::Response;

/// How deep derived objects nest before recursion stops.
const DEPTH: usize = 8;

/// A spec, loaded for deriving values.
#[derive(Debug)]
pub struct Samples {
    doc: Value,
    /// `operationId` -> JSON pointer of the operation, made once on load.
    operations: std::collections::BTreeMap<String, String>,
}

impl Samples {
    /// Reads the YAML (or JSON) spec at `path`.
    pub fn load(path: &std::path::Path) -> Self {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc: Value = serde_norway::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()));
        Self::new(doc)
    }

    fn new(doc: Value) -> Self {
        let mut operations = std::collections::BTreeMap::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    let path = path.replace('~', "~0").replace('/', "~1");
                    operations.insert(id.to_owned(), format!("/paths/{path}/{method}"));
                }
            }
        }
        Self { doc, operations }
    }

    /// The operation with `operationId` `id`.
    fn operation(&self, id: &str) -> &Value {
        self.operations
            .get(id)
            .and_then(|pointer| self.doc.pointer(pointer))
            .unwrap_or_else(|| panic!("the spec has no operation `{id}`"))
    }

    /// Follows a local `$ref` (to any component).
    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let pointer = r.strip_prefix('#').unwrap_or(r);
                self.resolve(
                    self.doc
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("`$ref: {r}` points at nothing")),
                )
            }
            None => v,
        }
    }

    /// The JSON value derived from `schema`.
    pub fn value(&self, schema: &Value) -> Value {
        self.derive(schema, 0)
    }

    fn derive(&self, schema: &Value, depth: usize) -> Value {
        let s = self.resolve(schema);
        if let Some(values) = s.get("enum").and_then(Value::as_array)
            && let Some(first) = values.first()
        {
            return first.clone();
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = s.get(key).and_then(Value::as_array).and_then(|b| b.first()) {
                return self.derive(first, depth);
            }
        }
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in all {
                match self.derive(part, depth) {
                    Value::Object(m) => merged.extend(m),
                    other if all.len() == 1 => return other,
                    _ => {}
                }
            }
            return Value::Object(merged);
        }
        let ty =
            s.get("type")
                .and_then(Value::as_str)
                .unwrap_or(if s.get("properties").is_some() {
                    "object"
                } else {
                    ""
                });
        match ty {
            "object" => {
                let mut out = Map::new();
                if depth < DEPTH
                    && let Some(props) = s.get("properties").and_then(Value::as_object)
                {
                    for (name, p) in props {
                        out.insert(name.clone(), self.derive(p, depth + 1));
                    }
                }
                Value::Object(out)
            }
            "array" => match s.get("items") {
                Some(items) if depth < DEPTH => json!([self.derive(items, depth + 1)]),
                _ => json!([]),
            },
            "integer" => {
                let lo = s.get("minimum").and_then(Value::as_i64).unwrap_or(1);
                let hi = s.get("maximum").and_then(Value::as_i64).unwrap_or(i64::MAX);
                json!(lo.max(1).min(hi))
            }
            "number" => {
                let lo = s.get("minimum").and_then(Value::as_f64).unwrap_or(1.5);
                json!(lo.max(1.5))
            }
            "boolean" => json!(true),
            "string" => match s.get("format").and_then(Value::as_str) {
                Some("date-time") => json!("2024-01-02T03:04:05Z"),
                Some("date") => json!("2024-01-02"),
                Some("byte") => json!("c2FtcGxl"),
                _ => json!("sample"),
            },
            _ => json!("sample"),
        }
    }

    /// The JSON request body of operation `id`, derived from its schema.
    pub fn body_value(&self, id: &str) -> Value {
        let op = self.operation(id);
        // The first media type: JSON, or a form with the same schema.
        let schema = self.resolve(&op["requestBody"])["content"]
            .as_object()
            .and_then(|c| c.values().next())
            .map(|m| &m["schema"])
            .unwrap_or_else(|| panic!("`{id}` has no request body"));
        self.value(schema)
    }

    /// The JSON request body of operation `id`, if it takes one.
    pub fn json_body_value(&self, id: &str) -> Option<Value> {
        let op = self.operation(id);
        let schema = &self.resolve(&op["requestBody"])["content"]["application/json"]["schema"];
        (!schema.is_null()).then(|| self.value(schema))
    }

    /// A binary request body (`application/octet-stream` uploads).
    pub fn raw_body(&self) -> Vec<u8> {
        b"sample bytes".to_vec()
    }

    /// The request body of operation `id` as `T`.
    pub fn body<T: DeserializeOwned>(&self, id: &str) -> T {
        let value = self.body_value(id);
        serde_json::from_value(value.clone()).unwrap_or_else(|e| {
            panic!(
                "`{id}`: the body derived from the spec does not decode as its type: {e}\n{value}"
            )
        })
    }

    /// The value of parameter `name` of operation `id` (by its wire name,
    /// or by the setter's snake-case name) as `T`.
    pub fn param<T: DeserializeOwned>(&self, id: &str, name: &str) -> T {
        let op = self.operation(id);
        let param = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| self.resolve(p))
            .find(|p| {
                p["name"]
                    .as_str()
                    .is_some_and(|n| n == name || snake(n) == name)
            })
            .unwrap_or_else(|| panic!("`{id}` has no parameter `{name}`"));
        let value = self.value(&param["schema"]);
        serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("`{id}` parameter `{name}`: {e}\n{value}"))
    }

    /// The response of operation `id` derived from its first success
    /// status: a derived JSON body, bytes for a binary one, or none.
    pub fn response(&self, id: &str) -> Response {
        let op = self.operation(id);
        let responses = op["responses"].as_object().cloned().unwrap_or_default();
        let (status, response) = responses
            .iter()
            .find(|(code, _)| code.starts_with('2'))
            .map(|(code, r)| (code.parse::<u16>().unwrap_or(200), self.resolve(r)))
            .unwrap_or((200, &Value::Null));
        let content = response.get("content").and_then(Value::as_object);
        match content.and_then(|c| c.iter().next()) {
            Some((media, m)) if media.contains("json") => {
                Response::json(status, self.value(&m["schema"]).to_string())
            }
            Some((media, _)) => Response::bytes(status, media, b"sample bytes".to_vec()),
            None => Response::empty(status),
        }
    }
}

/// `PortSIP-Upload-Token` -> `port_sip_upload_token`, as setters are named.
fn snake(name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setter_names() {
        assert_eq!(snake("PortSIP-Upload-Token"), "port_sip_upload_token");
        assert_eq!(snake("extension_number"), "extension_number");
        assert_eq!(snake("orderby"), "orderby");
    }

    #[test]
    fn derived_values_follow_the_schema() {
        let s = Samples::new(
            json!({"components": {"schemas": {"Kind": {"type": "string", "enum": ["a", "b"]}}}}),
        );
        let v = s.value(&json!({"type": "object", "properties": {
            "kind": {"$ref": "#/components/schemas/Kind"},
            "n": {"type": "integer", "minimum": 5, "maximum": 9},
            "list": {"type": "array", "items": {"type": "boolean"}},
            "at": {"allOf": [{"type": "string", "format": "date-time"}]}
        }}));
        assert_eq!(
            v,
            json!({"kind": "a", "n": 5, "list": [true], "at": "2024-01-02T03:04:05Z"})
        );
    }
}
