//! The mutation corpus: every documented sample, changed the ways real
//! servers differ from their docs, must still decode without losing data.
//!
//! For a sample, [`corpus`] makes one mutation per place and kind: an
//! unknown member added to every object, each number sent as a string,
//! each array and object sent as `null`, each object sent as `[]`, each
//! integer pushed out of any integer range, and each date or date-time
//! text made unparseable. For every mutation it checks, through the
//! caller's decoder, that
//! - the tolerant decode succeeds;
//! - the changed value is either kept as sent (re-encoding gives it back at
//!   the same place) or reported as a deviation at exactly that path;
//! - an unknown member is always kept, at its place;
//! - a strict decode of a reported mutation fails naming the path (the
//!   tolerant decoder must report unknown members of typed objects, so
//!   strict mode rejects those; members of free-form maps are no deviation).

use serde_json::{Map, Value};

/// What a decoder made of a body: the value encoded again as JSON and the
/// paths of its deviations.
#[derive(Debug)]
pub struct Outcome {
    /// The decoded value, encoded again.
    pub encoded: Value,
    /// The path of every deviation the decoder reported.
    pub paths: Vec<String>,
}

/// One changed body and where the change is.
#[derive(Debug)]
pub struct Mutation {
    /// What was changed, for failure messages.
    pub kind: &'static str,
    /// The path of the changed member, as deviations spell it.
    pub path: String,
    /// The body with the change.
    pub body: Value,
    /// The changed value itself.
    pub value: Value,
}

/// Every mutation of `sample`.
pub fn mutations(sample: &Value) -> Vec<Mutation> {
    let mut out = Vec::new();
    let mut places = Vec::new();
    walk(sample, &mut Vec::new(), &mut places);
    for (at, value) in &places {
        let path = render(at);
        let add = |out: &mut Vec<Mutation>, kind: &'static str, new: Value| {
            let mut body = sample.clone();
            *slot(&mut body, at) = new.clone();
            out.push(Mutation {
                kind,
                path: path.clone(),
                body,
                value: new,
            });
        };
        match value {
            Value::Object(map) => {
                let mut with = map.clone();
                with.insert(
                    "zz_unknown".into(),
                    serde_json::json!({"nested": [1, "two", null]}),
                );
                let mut body = sample.clone();
                *slot(&mut body, at) = Value::Object(with);
                let mut member = at.clone();
                member.push(Step::Key("zz_unknown".into()));
                out.push(Mutation {
                    kind: "an unknown member",
                    path: render(&member),
                    body,
                    value: serde_json::json!({"nested": [1, "two", null]}),
                });
                if !at.is_empty() {
                    add(&mut out, "null for an object", Value::Null);
                    add(&mut out, "[] for an object", Value::Array(Vec::new()));
                }
            }
            Value::Array(_) if !at.is_empty() => add(&mut out, "null for an array", Value::Null),
            Value::Number(n) => {
                add(
                    &mut out,
                    "a number as a string",
                    Value::String(n.to_string()),
                );
                if n.is_i64() || n.is_u64() {
                    add(&mut out, "an out-of-range integer", serde_json::json!(1e30));
                }
            }
            Value::String(s) if looks_like_date(s) => {
                add(
                    &mut out,
                    "an odd date",
                    Value::String("2024-13-45 25:61".into()),
                );
            }
            _ => {}
        }
    }
    out
}

/// Runs every mutation of the sample `name` through `decode` and panics
/// with every failure. With its flag false, `decode` decodes tolerantly and
/// reports every deviation, unknown members included; with it true, it
/// decodes strictly.
pub fn corpus(name: &str, sample: &str, decode: impl Fn(&[u8], bool) -> Result<Outcome, String>) {
    let sample: Value = serde_json::from_str(sample).unwrap_or_else(|e| panic!("{name}: {e}"));
    let all = mutations(&sample);
    assert!(!all.is_empty(), "{name}: no mutations");
    let mut failures = Vec::new();
    for m in &all {
        let body = m.body.to_string();
        let what = format!("{name}: {} at `{}`", m.kind, m.path);
        let got = match decode(body.as_bytes(), false) {
            Ok(got) => got,
            Err(e) => {
                failures.push(format!("{what}: the tolerant decode failed: {e}"));
                continue;
            }
        };
        let reported = got.paths.contains(&m.path);
        // `null` and an absent member say the same thing.
        let kept = match lookup(&got.encoded, &m.path) {
            Some(v) => same(v, &m.value),
            None => m.value.is_null(),
        };
        if m.kind == "an unknown member" && !kept {
            failures.push(format!("{what}: the member did not come back"));
        }
        if !reported && !kept {
            failures.push(format!(
                "{what}: neither kept nor reported (deviations: {:?})",
                got.paths
            ));
        }
        // A member of a free-form map is no deviation: kept and not
        // reported, it passes strict decoding too.
        if reported {
            match decode(body.as_bytes(), true) {
                Ok(_) => failures.push(format!("{what}: the strict decode accepted it")),
                Err(e) if !e.contains(&format!("{}:", m.path)) => failures.push(format!(
                    "{what}: the strict error does not name the path: {e}"
                )),
                Err(_) => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} mutations failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn walk(value: &Value, at: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, Value)>) {
    out.push((at.clone(), value.clone()));
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(Step::Key(k.clone()));
                walk(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(Step::Index(i));
                walk(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// A path as deviations spell it: `items[3].balance`.
fn render(at: &[Step]) -> String {
    let mut s = String::new();
    for step in at {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn slot<'a>(value: &'a mut Value, at: &[Step]) -> &'a mut Value {
    let mut v = value;
    for step in at {
        v = match step {
            Step::Key(k) => &mut v[k.as_str()],
            Step::Index(i) => &mut v[*i],
        };
    }
    v
}

/// The value at a rendered path, if the path exists.
fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = value;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            v = v
                .as_object()
                .and_then(|m: &Map<String, Value>| m.get(key))?;
        }
        for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
            v = v.as_array()?.get(index.parse::<usize>().ok()?)?;
        }
    }
    Some(v)
}

/// JSON equality where `1` and `1.0` are the same number.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// `2024-01-31` or `2024-01-31T10:00:00Z`-like text.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decoder that reports deviations but has no strict mode cannot
    /// pass: the corpus demands that strict decoding rejects them.
    #[test]
    #[should_panic(expected = "the strict decode accepted it")]
    fn a_decoder_without_strict_mode_fails() {
        corpus("sample", r#"{"a": 1, "b": {"c": "x"}}"#, |body, _| {
            Ok(Outcome {
                encoded: serde_json::from_slice(body).map_err(|e| e.to_string())?,
                paths: vec!["b.zz_unknown".to_owned()],
            })
        });
    }

    /// A decoder that drops what it does not know fails the corpus.
    #[test]
    #[should_panic(expected = "neither kept nor reported")]
    fn a_lossy_decoder_fails() {
        corpus("sample", r#"{"a": 1}"#, |_, _| {
            Ok(Outcome {
                encoded: serde_json::json!({"a": 1}),
                paths: Vec::new(),
            })
        });
    }

    #[test]
    fn paths_are_spelled_like_deviations() {
        let sample = serde_json::json!({"items": [{"balance": 1}]});
        let paths: Vec<_> = mutations(&sample).into_iter().map(|m| m.path).collect();
        assert!(paths.contains(&"items[0].balance".to_owned()), "{paths:?}");
        assert!(
            paths.contains(&"items[0].zz_unknown".to_owned()),
            "{paths:?}"
        );
    }
}
