//! Loading: spec text -> checked OpenAPI document, with line numbers for errors.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Diagnostic, Error, Result};
use crate::front::lines::{LineIndex, Seg};

/// A parsed spec together with what is needed to report errors against it.
#[derive(Debug)]
pub struct Spec {
    /// The file name used in messages and generated headers, e.g. `specs/portsip.yaml`.
    pub file: PathBuf,
    /// Hex SHA-256 of the spec text, recorded in every generated file.
    pub sha256: String,
    /// Whether the spec is an OpenRPC (JSON-RPC) document, converted on load.
    pub rpc: bool,
    /// For an OpenRPC spec: generated path -> index of its method, so errors
    /// point at the method's lines.
    pub(crate) rpc_lines: std::collections::BTreeMap<String, usize>,
    /// The document.
    pub openapi: OpenAPI,
    pub(crate) lines: LineIndex,
}

impl Spec {
    /// Reads and parses the spec at `root/file`; `file` is what messages show.
    pub fn load(root: &Path, file: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(root.join(file)).map_err(|source| Error::Read {
            file: file.to_owned(),
            source,
        })?;
        Self::parse(file, &text)
    }

    /// Parses spec text; `file` is only used in messages.
    pub fn parse(file: impl Into<PathBuf>, text: &str) -> Result<Self> {
        let file = file.into();
        let lines = LineIndex::new(text);
        let diag = |line: Option<usize>, operation: Option<String>, message: String, help: &str| {
            Diagnostic {
                file: file.clone(),
                line,
                operation,
                message,
                help: (!help.is_empty()).then(|| help.to_owned()),
            }
        };

        // JSON documents (such as a provider's published OpenAPI file) are
        // read as JSON: YAML would accept most of them, far more slowly.
        let mut raw = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| {
                Error::one(diag(
                    Some(e.line()),
                    None,
                    format!("JSON syntax error: {e}"),
                    "fix the JSON syntax at the line shown",
                ))
            })?
        } else {
            let yaml: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
                Error::one(diag(
                    e.location().map(|l| l.line()),
                    None,
                    format!("YAML syntax error: {e}"),
                    "fix the YAML syntax at the line shown",
                ))
            })?;
            yaml_to_json(yaml).map_err(|message| Error::one(diag(None, None, message, "")))?
        };

        let Some(root) = raw.as_object() else {
            return Err(Error::one(diag(
                Some(1),
                None,
                "the document is not a mapping".into(),
                "a spec starts with `openapi: 3.0.3`",
            )));
        };
        let line_of = |key: &str| lines.locate(&[Seg::from(key)]);
        if let Some(version) = root.get("openrpc") {
            if !version.as_str().is_some_and(|v| v.starts_with("1.")) {
                return Err(Error::one(diag(
                    line_of("openrpc"),
                    None,
                    format!("unsupported OpenRPC version {version}"),
                    "write the spec as `openrpc: 1.3.2`",
                )));
            }
            check_refs(&raw, rpc_method_at, &diag, &lines)?;
            let (converted, rpc_lines) =
                crate::front::openrpc::to_openapi(&raw).map_err(|message| {
                    Error::one(diag(
                        line_of("methods"),
                        None,
                        message,
                        "see the OpenRPC 1.3 specification",
                    ))
                })?;
            let openapi: OpenAPI = serde_path_to_error::deserialize(&converted).map_err(|e| {
                Error::one(diag(
                    None,
                    None,
                    format!(
                        "the OpenRPC document does not convert to a valid model at `{}`: {}",
                        e.path(),
                        e.inner()
                    ),
                    "check the schemas of the methods and components",
                ))
            })?;
            return Ok(Self {
                file,
                sha256: hex(&Sha256::digest(text.as_bytes())),
                rpc: true,
                rpc_lines,
                openapi,
                lines,
            });
        }
        match root.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0.") => {}
            Some(v) if v.starts_with("3.1.") => {
                // progenitor 0.15 reads 3.0: the document is rewritten into
                // it, and what 3.0 cannot say is an error at its node.
                let problems = crate::front::openapi31::downgrade(&mut raw);
                if !problems.is_empty() {
                    let diagnostics = problems
                        .into_iter()
                        .map(|p| {
                            let path = pointer_segs(&raw, &p.pointer);
                            diag(
                                lines.locate(&path),
                                operation_at(&raw, &path),
                                format!("`{}`: {}", p.pointer, p.message),
                                "rewrite the node in a form OpenAPI 3.0 can express (see codegen/src/front/openapi31.rs)",
                            )
                        })
                        .collect();
                    return Err(Error::Invalid { diagnostics });
                }
            }
            Some(v) => {
                return Err(Error::one(diag(
                    line_of("openapi"),
                    None,
                    format!("unsupported OpenAPI version `{v}`"),
                    "write the spec as `openapi: 3.0.3`",
                )));
            }
            None => {
                return Err(Error::one(diag(
                    Some(1),
                    None,
                    "missing `openapi` version string at the top of the document".into(),
                    "start the spec with `openapi: 3.0.3`",
                )));
            }
        }

        check_refs(&raw, operation_at, &diag, &lines)?;

        let openapi: OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
            let path = to_segs(e.path());
            Error::one(diag(
                lines.locate(&path),
                operation_at(&raw, &path),
                format!(
                    "not a valid OpenAPI 3.0 document at `{}`: {}",
                    e.path(),
                    e.inner()
                ),
                "compare the node with the OpenAPI 3.0.3 specification",
            ))
        })?;

        Ok(Self {
            file,
            sha256: hex(&Sha256::digest(text.as_bytes())),
            rpc: false,
            rpc_lines: Default::default(),
            openapi,
            lines,
        })
    }

    /// The line of the node at `path`, if it can be found. For an OpenRPC
    /// spec, operation paths are mapped back to their method.
    pub(crate) fn line(&self, path: &[Seg]) -> Option<usize> {
        if self.rpc
            && let [Seg::Key(paths), Seg::Key(p), ..] = path
            && paths == "paths"
            && let Some(i) = self.rpc_lines.get(p)
        {
            return self.lines.locate(&[Seg::from("methods"), Seg::Index(*i)]);
        }
        self.lines.locate(path)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Converts YAML to JSON, turning non-string keys (such as `200:`) into strings.
fn yaml_to_json(v: serde_norway::Value) -> std::result::Result<Value, String> {
    use serde_norway::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            serde_json::to_value(&n).map_err(|e| format!("unsupported number {n}: {e}"))?
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(yaml_to_json)
                .collect::<std::result::Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => return Err(format!("unsupported mapping key {other:?}")),
                };
                out.insert(key, yaml_to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value)?,
    })
}

/// Builds a diagnostic from line, operation, message and help.
type MakeDiagnostic<'a> = dyn Fn(Option<usize>, Option<String>, String, &str) -> Diagnostic + 'a;

/// Fails naming every local `$ref` that points at nothing, with its line
/// and the operation (or method) around it.
fn check_refs(
    raw: &Value,
    enclosing: fn(&Value, &[Seg]) -> Option<String>,
    diag: &MakeDiagnostic<'_>,
    lines: &LineIndex,
) -> Result<()> {
    let mut bad_refs = Vec::new();
    find_refs(raw, raw, &mut Vec::new(), &mut bad_refs);
    if bad_refs.is_empty() {
        return Ok(());
    }
    let diagnostics = bad_refs
        .into_iter()
        .map(|(path, target)| {
            diag(
                lines.locate(&path),
                enclosing(raw, &path),
                format!("`$ref: {target}` points at nothing"),
                "define the target under `components`, or correct the reference",
            )
        })
        .collect();
    Err(Error::Invalid { diagnostics })
}

/// Collects every local `$ref` whose JSON pointer does not resolve.
fn find_refs(root: &Value, v: &Value, here: &mut Vec<Seg>, bad: &mut Vec<(Vec<Seg>, String)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                here.push(Seg::Key(k.clone()));
                if k == "$ref" {
                    if let Some(target) = child.as_str() {
                        let ok = target
                            .strip_prefix('#')
                            .is_some_and(|ptr| root.pointer(ptr).is_some());
                        if !ok {
                            bad.push((here.clone(), target.to_owned()));
                        }
                    }
                } else {
                    find_refs(root, child, here, bad);
                }
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                here.push(Seg::Index(i));
                find_refs(root, child, here, bad);
                here.pop();
            }
        }
        _ => {}
    }
}

/// The segments of a JSON pointer into `doc` (`/paths/~1a/get` -> `paths`,
/// `/a`, `get`); a number is an index where the node there is a list.
fn pointer_segs(doc: &Value, pointer: &str) -> Vec<Seg> {
    let mut node = Some(doc);
    pointer
        .split('/')
        .skip(1)
        .map(|s| {
            let key = s.replace("~1", "/").replace("~0", "~");
            match (node, key.parse::<usize>()) {
                (Some(Value::Array(items)), Ok(i)) => {
                    node = items.get(i);
                    Seg::Index(i)
                }
                _ => {
                    node = node.and_then(|n| n.get(&key));
                    Seg::Key(key)
                }
            }
        })
        .collect()
}

fn to_segs(path: &serde_path_to_error::Path) -> Vec<Seg> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(Seg::Index(*index)),
            Segment::Map { key } => Some(Seg::Key(key.clone())),
            Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
}

/// The name of the operation enclosing `path` (`paths/<p>/<method>/…`), if any.
pub(crate) fn operation_at(raw: &Value, path: &[Seg]) -> Option<String> {
    let [Seg::Key(paths), Seg::Key(p), Seg::Key(method), ..] = path else {
        return None;
    };
    if paths != "paths" || !crate::check::validate::METHODS.contains(&method.as_str()) {
        return None;
    }
    Some(
        raw.pointer(&format!(
            "/paths/{}/{method}/operationId",
            p.replace('~', "~0").replace('/', "~1")
        ))
        .and_then(Value::as_str)
        .map_or_else(|| format!("{} {p}", method.to_uppercase()), str::to_owned),
    )
}

/// The name of the OpenRPC method enclosing `path` (`methods/<i>/…`), if any.
fn rpc_method_at(raw: &Value, path: &[Seg]) -> Option<String> {
    let [Seg::Key(methods), Seg::Index(i), ..] = path else {
        return None;
    };
    if methods != "methods" {
        return None;
    }
    raw.get("methods")?
        .get(*i)?
        .get("name")?
        .as_str()
        .map(str::to_owned)
}
