//! Wire encoders for shapes that `reqwest` and `serde_urlencoded` cannot
//! express on their own. Generated code calls these; each one is chosen by
//! the generator from the spec (`style: deepObject`, `explode: false`, form
//! bodies with nested objects, `multipart/form-data`).
//!
//! All of them take any `Serialize` value, so they work with the generated
//! types unchanged.

mod leaves;

use serde::ser::{Error as _, Serialize, SerializeMap, Serializer};
use serde_json::Value;

use leaves::LeafError;

/// How scalars and arrays inside bracket-encoded values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Style {
    /// `true`/`false` or `1`/`0`.
    pub booleans: Booleans,
    /// `a[0]=x&a[1]=y` or `a[]=x&a[]=y`.
    pub arrays: Arrays,
}

/// How booleans are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Booleans {
    /// `true` and `false`.
    #[default]
    Words,
    /// `1` and `0`, as PHP back ends expect.
    Digits,
}

/// How array elements are keyed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Arrays {
    /// `name[0]`, `name[1]`: positions are kept, needed for arrays of objects.
    #[default]
    Indexed,
    /// `name[]`, repeated.
    Empty,
}

impl Style {
    /// `1`/`0` booleans and indexed arrays.
    pub const PHP: Style = Style {
        booleans: Booleans::Digits,
        arrays: Arrays::Indexed,
    };
}

/// How `b` is written under `style`.
fn bool_text(b: bool, style: Style) -> &'static str {
    match (style.booleans, b) {
        (Booleans::Words, true) => "true",
        (Booleans::Words, false) => "false",
        (Booleans::Digits, true) => "1",
        (Booleans::Digits, false) => "0",
    }
}

/// Writes every leaf of `value` under `prefix` as one entry of a map on
/// `serializer` (what the form and query encoders take).
fn serialize_leaves<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    prefix: &str,
    value: &T,
    style: Style,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let mut failed: Option<S::Error> = None;
    let walked = leaves::walk(prefix, value, style, &mut |key, text| {
        map.serialize_entry(key, text).map_err(|e| {
            failed = Some(e);
            LeafError(String::new())
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    walked.map_err(S::Error::custom)?;
    map.end()
}

/// A `style: deepObject` query parameter: `name[key]=value` for every
/// (nested) key of the value. Passed to `reqwest::RequestBuilder::query`.
#[derive(Debug)]
pub struct DeepObject<'a, T: ?Sized> {
    name: &'a str,
    value: &'a T,
    style: Style,
}

impl<'a, T: ?Sized> DeepObject<'a, T> {
    /// Encodes `value` under the parameter `name`.
    pub fn new(name: &'a str, value: &'a T) -> Self {
        Self {
            name,
            value,
            style: Style::default(),
        }
    }

    /// Uses `style` for booleans and arrays.
    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }
}

impl<T: Serialize + ?Sized> Serialize for DeepObject<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_leaves(serializer, self.name, self.value, self.style)
    }
}

/// A form body whose nested objects and arrays are written with bracket
/// keys (`numbers[15098675309][mou]=60`). Passed to the form encoder.
#[derive(Debug)]
pub struct Form<'a, T: ?Sized> {
    value: &'a T,
    style: Style,
}

impl<'a, T: ?Sized> Form<'a, T> {
    /// Encodes `value`, whose top level must be an object.
    pub fn new(value: &'a T) -> Self {
        Self {
            value,
            style: Style::default(),
        }
    }

    /// Uses `style` for booleans and arrays.
    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }
}

impl<T: Serialize + ?Sized> Serialize for Form<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_leaves(serializer, "", self.value, self.style)
    }
}

impl<T: Serialize + ?Sized> Form<'_, T> {
    /// The body as `application/x-www-form-urlencoded` text: the same
    /// string `serde_urlencoded` makes of this `Form`, written in one pass
    /// without an intermediate serializer.
    pub fn encode(&self) -> Result<String, String> {
        let mut out = String::new();
        leaves::walk("", self.value, self.style, &mut |key, text| {
            if !out.is_empty() {
                out.push('&');
            }
            push_form_escaped(&mut out, key);
            out.push('=');
            push_form_escaped(&mut out, text);
            Ok(())
        })
        .map_err(|e| e.0)?;
        Ok(out)
    }
}

/// Appends `text` escaped as form encoding does: ASCII letters, digits and
/// `*-._` stay, a space becomes `+`, every other byte becomes `%XX`.
fn push_form_escaped(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_') {
            continue;
        }
        // Only unreserved ASCII lies between `start` and `i`.
        out.push_str(std::str::from_utf8(&bytes[start..i]).unwrap_or_default());
        if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
        start = i + 1;
    }
    out.push_str(std::str::from_utf8(&bytes[start..]).unwrap_or_default());
}

/// A `style: form, explode: false` array parameter: one value, elements
/// joined by commas (`sort=number,-id`). `None` leaves the parameter out.
#[derive(Debug)]
pub struct CommaList<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for CommaList<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match serde_json::to_value(self.0).map_err(S::Error::custom)? {
            Value::Null => serializer.serialize_none(),
            Value::Array(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                serializer.serialize_str(&parts.join(","))
            }
            Value::String(s) => serializer.serialize_str(&s),
            other => serializer.serialize_str(&other.to_string()),
        }
    }
}

/// How a query parameter is spread over `name=value` pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryKind {
    /// One pair per array item (form style, exploded), or one pair for a scalar.
    Exploded,
    /// Array items joined with commas into one pair.
    CommaList,
    /// `name[key]=value` for every key.
    DeepObject,
}

/// The `(name, value)` pairs a parameter becomes on the wire, rendered the
/// same way the request encoders render them. The generated mocks use it to
/// match requests exactly as the client sends them.
pub fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    kind: QueryKind,
    style: Style,
) -> Vec<(String, String)> {
    let Ok(value) = serde_json::to_value(value) else {
        return Vec::new();
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => bool_text(*b, style).to_owned(),
        other => other.to_string(),
    };
    match (kind, &value) {
        (_, Value::Null) => Vec::new(),
        (QueryKind::DeepObject, _) => {
            let mut out = Vec::new();
            let walked = leaves::walk(name, &value, style, &mut |key, text| {
                out.push((key.to_owned(), text.to_owned()));
                Ok(())
            });
            if walked.is_err() {
                out.clear();
            }
            out
        }
        (QueryKind::CommaList, Value::Array(items)) => {
            vec![(
                name.to_owned(),
                items.iter().map(text).collect::<Vec<_>>().join(","),
            )]
        }
        (QueryKind::Exploded, Value::Array(items)) => {
            items.iter().map(|v| (name.to_owned(), text(v))).collect()
        }
        (_, other) => vec![(name.to_owned(), text(other))],
    }
}

/// A file sent as one part of a `multipart/form-data` body.
///
/// The bytes are shared, not copied, when the part is cloned or sent again
/// (an upload retried after a 429 builds its form anew).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    bytes: bytes::Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes` (a `Vec<u8>`, a `&'static [u8]`, a `String`
    /// or `bytes::Bytes`).
    pub fn new(bytes: impl Into<bytes::Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name the server sees.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Overrides the part's content type (the spec's type is used otherwise).
    pub fn content_type(mut self, mime: impl Into<String>) -> Self {
        self.content_type = Some(mime.into());
        self
    }

    /// Builds the reqwest part; `default_type` is the content type the spec
    /// gives for this field. The bytes are shared with `self`.
    pub fn part(&self, default_type: &str) -> Result<reqwest::multipart::Part, String> {
        let mime = self.content_type.as_deref().unwrap_or(default_type);
        let length = self.bytes.len() as u64;
        let mut part = reqwest::multipart::Part::stream_with_length(self.bytes.clone(), length)
            .mime_str(mime)
            .map_err(|e| format!("invalid content type `{mime}` for a file part: {e}"))?;
        if let Some(name) = &self.file_name {
            part = part.file_name(name.clone());
        }
        Ok(part)
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for FilePart {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes::Bytes::copy_from_slice(bytes))
    }
}

impl From<bytes::Bytes> for FilePart {
    fn from(bytes: bytes::Bytes) -> Self {
        Self::new(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query<T: Serialize>(v: &T) -> String {
        serde_urlencoded::to_string(v).unwrap()
    }

    /// The query with brackets and commas decoded and pairs sorted, so the
    /// assertions hold whatever order the JSON map keeps.
    fn decoded(s: &str) -> String {
        let s = s
            .replace("%5B", "[")
            .replace("%5D", "]")
            .replace("%2C", ",");
        let mut parts: Vec<&str> = s.split('&').collect();
        parts.sort();
        parts.join("&")
    }

    #[test]
    fn deep_object_brackets_every_key() {
        let page = json!({"limit": 100, "offset": 0});
        assert_eq!(
            decoded(&query(&DeepObject::new("page", &page))),
            "page[limit]=100&page[offset]=0"
        );
        let filter = json!({"query": "123", "number": "1509"});
        assert_eq!(
            decoded(&query(&DeepObject::new("filter", &filter))),
            "filter[number]=1509&filter[query]=123"
        );
        let none: Option<Value> = None;
        assert_eq!(query(&DeepObject::new("page", &none)), "");
    }

    #[test]
    fn form_bodies_nest_with_brackets() {
        let body = json!({"numbers": {"15098675309": {"mou": 60}, "15095551234": {"mou": 5}}, "note": null});
        assert_eq!(
            decoded(&query(&Form::new(&body))),
            "numbers[15095551234][mou]=5&numbers[15098675309][mou]=60"
        );
    }

    #[test]
    fn php_style_uses_indexes_and_digits() {
        let body =
            json!({"action": [{"usage_type": "forward", "enabled": true}], "shift": [{"days": 2}]});
        assert_eq!(
            decoded(&query(&Form::new(&body).style(Style::PHP))),
            "action[0][enabled]=1&action[0][usage_type]=forward&shift[0][days]=2"
        );
        let tags = json!({"states": ["AL", "CA"]});
        let empty = Style {
            arrays: Arrays::Empty,
            ..Style::default()
        };
        assert_eq!(
            decoded(&query(&DeepObject::new("filter", &tags).style(empty))),
            "filter[states][]=AL&filter[states][]=CA"
        );
    }

    #[test]
    fn comma_lists_are_one_value() {
        #[derive(serde::Serialize)]
        struct Q<'a> {
            sort: CommaList<'a, Option<Vec<String>>>,
        }
        let sort = Some(vec!["number".to_owned(), "-id".to_owned()]);
        assert_eq!(
            decoded(&query(&Q {
                sort: CommaList(&sort)
            })),
            "sort=number,-id"
        );
        let none = None;
        assert_eq!(
            query(&Q {
                sort: CommaList(&none)
            }),
            ""
        );
    }

    #[test]
    fn direct_form_encoding_matches_serde_urlencoded() {
        let body = json!({
            "numbers": {"15098675309": {"mou": 60}, "1509 555": {"mou": 5}},
            "note": "a&b=c d/é*-._~+%",
            "tags": ["x", "y z"],
            "on": true,
            "none": null,
        });
        for style in [Style::default(), Style::PHP] {
            let form = Form::new(&body).style(style);
            assert_eq!(form.encode().unwrap(), query(&form));
        }
        assert_eq!(Form::new(&json!(null)).encode().unwrap(), "");
        let err = Form::new(&json!([1])).encode().unwrap_err();
        assert!(err.contains("must be an object"), "{err}");
    }

    #[test]
    fn a_form_body_must_be_an_object() {
        for body in [json!([1, 2]), json!("text"), json!(3)] {
            let err = serde_urlencoded::to_string(Form::new(&body)).unwrap_err();
            assert!(err.to_string().contains("must be an object"), "{err}");
        }
        assert_eq!(
            serde_urlencoded::to_string(Form::new(&json!(null))).unwrap(),
            ""
        );
        let keyed_by_list = std::collections::BTreeMap::from([((1, 2), "x")]);
        let err = serde_urlencoded::to_string(Form::new(&keyed_by_list)).unwrap_err();
        assert!(err.to_string().contains("map key"), "{err}");
    }

    /// The encoders once went through `serde_json::Value`; this is that
    /// flattening, kept to check that walking the value directly writes
    /// the same pairs for every shape serde can produce.
    fn via_value(prefix: &str, value: &Value, style: Style, out: &mut Vec<(String, String)>) {
        let key = |k: &str| {
            if prefix.is_empty() {
                k.to_owned()
            } else {
                format!("{prefix}[{k}]")
            }
        };
        match value {
            Value::Null => {}
            Value::Bool(b) => out.push((prefix.to_owned(), bool_text(*b, style).to_owned())),
            Value::Number(n) => out.push((prefix.to_owned(), n.to_string())),
            Value::String(s) => out.push((prefix.to_owned(), s.clone())),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let k = match style.arrays {
                        Arrays::Indexed => key(&i.to_string()),
                        Arrays::Empty => format!("{prefix}[]"),
                    };
                    via_value(&k, item, style, out);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    via_value(&key(k), v, style, out);
                }
            }
        }
    }

    #[test]
    fn walking_writes_what_the_json_detour_wrote() {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            Fixed,
            Mobile,
            Tagged(u8),
            Pair(i32, String),
            Named { a: bool, b: Option<f64> },
        }
        #[derive(serde::Serialize)]
        struct Id(u32);
        #[derive(serde::Serialize)]
        struct Inner {
            b: Vec<Kind>,
            a: Option<Id>,
            c: (),
        }
        #[derive(serde::Serialize)]
        struct Outer {
            z_last: f64,
            flag: bool,
            letter: char,
            inner: Inner,
            by_number: std::collections::BTreeMap<u16, Vec<i64>>,
            nothing: Option<String>,
            big: u128,
            ratio: f64,
            not_a_number: f64,
        }
        let value = Outer {
            z_last: 0.1,
            flag: false,
            letter: 'é',
            inner: Inner {
                b: vec![
                    Kind::Fixed,
                    Kind::Mobile,
                    Kind::Tagged(7),
                    Kind::Pair(-3, "x y".into()),
                    Kind::Named {
                        a: true,
                        b: Some(2.5),
                    },
                    Kind::Named { a: false, b: None },
                ],
                a: Some(Id(9)),
                c: (),
            },
            by_number: [(3, vec![1, 2]), (10, vec![])].into(),
            nothing: None,
            big: u128::from(u64::MAX),
            ratio: 1.0,
            not_a_number: f64::NAN,
        };
        let json = serde_json::to_value(&value).unwrap();
        for style in [
            Style::default(),
            Style::PHP,
            Style {
                booleans: Booleans::Words,
                arrays: Arrays::Empty,
            },
        ] {
            for prefix in ["", "p"] {
                let mut expected = Vec::new();
                via_value(prefix, &json, style, &mut expected);
                expected.sort();
                let mut walked = Vec::new();
                leaves::walk(prefix, &value, style, &mut |k, v| {
                    walked.push((k.to_owned(), v.to_owned()));
                    Ok(())
                })
                .unwrap();
                walked.sort();
                assert_eq!(walked, expected, "{style:?} under {prefix:?}");
            }
        }
        // Where the detour was wrong: it widened an `f32` to `f64` first.
        let small = std::collections::BTreeMap::from([("x", 0.1f32)]);
        assert_eq!(
            serde_urlencoded::to_string(Form::new(&small)).unwrap(),
            "x=0.1"
        );
    }
}
