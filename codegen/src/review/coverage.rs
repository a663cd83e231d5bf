//! Documentation coverage: what a provider's docs scrape documents, and
//! which of it the spec lacks. A new scrape after the provider changes its
//! docs then lists exactly what to add to the spec.
//!
//! Scrapes come in each provider's own layout, so extraction is per
//! provider; the check against the spec is shared. A spec can list names it
//! deliberately leaves out under `x-doc-coverage-ignore` (with a reason in
//! a YAML comment), which keeps every omission visible in review.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};
use serde::Serialize;

use crate::settings::DocsLayout;

/// What a documented item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An operation (`METHOD /path`) or request type.
    Operation,
    /// A named object (schema).
    Object,
    /// A request parameter.
    Parameter,
    /// A field of a request or response body.
    Field,
    /// A documented enum value (or error code).
    EnumValue,
    /// The type and format of a parameter or field, from an OpenAPI document.
    Type,
    /// A field an object requires, from an OpenAPI document.
    Required,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Operation => "operations",
            Kind::Object => "objects",
            Kind::Parameter => "parameters",
            Kind::Field => "fields",
            Kind::EnumValue => "enum values",
            Kind::Type => "types",
            Kind::Required => "required",
        }
    }
}

/// One thing the docs document, with the first line that shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DocItem {
    /// Its kind.
    pub kind: Kind,
    /// Its name as the docs write it.
    pub name: String,
    /// 1-based line in the scrape.
    pub line: usize,
}

/// The outcome of one coverage check.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// `(documented, covered)` per kind.
    pub counts: BTreeMap<Kind, (usize, usize)>,
    /// Documented items the spec lacks.
    pub missing: Vec<DocItem>,
}

impl Coverage {
    /// Whether everything documented is in the spec.
    pub fn complete(&self) -> bool {
        self.missing.is_empty()
    }

    /// A short report: one line per kind, then every missing item.
    pub fn render(&self, provider: &str, docs: &str) -> String {
        let mut s = String::new();
        for (kind, (total, covered)) in &self.counts {
            let pct = if *total == 0 {
                100.0
            } else {
                *covered as f64 * 100.0 / *total as f64
            };
            let _ = writeln!(
                s,
                "{provider}: {:<12} {covered:>4}/{total:<4} ({pct:.1}%)",
                kind.label()
            );
        }
        for m in &self.missing {
            let _ = writeln!(s, "missing: {docs}:{}: {:?} `{}`", m.line, m.kind, m.name);
        }
        s
    }
}

/// Extracts what `text`, a docs scrape in `layout` (the provider's
/// [`Provider::docs_layout`](crate::Provider::docs_layout)), documents.
pub fn documented(layout: DocsLayout, text: &str) -> Vec<DocItem> {
    let mut items = BTreeSet::new();
    let mut add = |kind: Kind, name: &str, line: usize| {
        let name = name.trim();
        if !name.is_empty() {
            items.insert((kind, name.to_owned(), line));
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    match layout {
        DocsLayout::HttpExchanges => {
            for (i, l) in lines.iter().enumerate() {
                if let Some(rest) = ["GET ", "POST ", "PUT ", "PATCH ", "DELETE "]
                    .iter()
                    .find_map(|m| l.strip_prefix(m).map(|r| (m.trim(), r)))
                    && let Some(path) = rest.1.strip_suffix(" HTTP/1.1")
                {
                    add(Kind::Operation, &format!("{} {path}", rest.0), i + 1);
                }
            }
            sample_keys(&lines, &mut add);
            // "Can be either:" lists values as `VALUE: meaning`, on one
            // line or as bullets, until "Possible values".
            let mut in_list = false;
            for (i, l) in lines.iter().enumerate() {
                if l.contains("Can be either:") {
                    in_list = true;
                    continue;
                }
                if in_list {
                    for v in caps_before_colon(l) {
                        add(Kind::EnumValue, &v, i + 1);
                    }
                    if l.contains("Possible values") {
                        in_list = false;
                    }
                }
            }
        }
        DocsLayout::FieldTables => {
            sample_keys(&lines, &mut add);
            for (i, l) in lines.iter().enumerate() {
                // Field tables: `name [required] | type description |`.
                if let Some((name, rest)) = l.split_once(" | ") {
                    let name = name.trim_end_matches(" required");
                    let ty = rest.split_whitespace().next().unwrap_or_default();
                    if is_ident(name)
                        && ["string", "integer", "number", "boolean", "object", "Array"]
                            .contains(&ty)
                    {
                        add(Kind::Field, name, i + 1);
                    }
                }
                if let Some(pos) = l.find("Enum: ") {
                    // Values are numbers or quoted strings; the
                    // description follows them.
                    for v in l[pos + 6..].split_whitespace() {
                        let quoted = v.len() >= 2 && v.starts_with('"') && v.ends_with('"');
                        if quoted || v.chars().all(|c| c.is_ascii_digit()) {
                            add(Kind::EnumValue, v.trim_matches('"'), i + 1);
                        } else {
                            break;
                        }
                    }
                }
                if let Some(pos) = l.find("Example: ") {
                    for pair in l[pos + 9..]
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .split('&')
                    {
                        let Some((name, _)) = pair.split_once('=') else {
                            continue;
                        };
                        // `filter[field1]` is a placeholder for any field.
                        if !name.contains("field") {
                            add(Kind::Parameter, name, i + 1);
                        }
                    }
                }
            }
        }
        DocsLayout::RequestTypes => {
            let mut in_table = false;
            let mut in_errors = false;
            for (i, l) in lines.iter().enumerate() {
                if let Some(rt) = l.trim().strip_prefix("Request Type:") {
                    add(Kind::Operation, rt.trim(), i + 1);
                }
                if l.starts_with("Parameter Type") {
                    in_table = true;
                    continue;
                }
                if l.starts_with("Error type Description") {
                    in_errors = true;
                    in_table = false;
                    continue;
                }
                if l.trim().is_empty() {
                    in_table = false;
                }
                if in_table {
                    let mut words = l.split_whitespace();
                    // Parameter names are lower case; a capitalised first
                    // word is a wrapped description line.
                    if let (Some(name), Some(ty)) = (words.next(), words.next())
                        && is_ident(name)
                        && name.starts_with(|c: char| c.is_ascii_lowercase())
                        && VMU_TYPES.iter().any(|t| ty.starts_with(t))
                    {
                        add(Kind::Parameter, name, i + 1);
                    }
                    for v in quoted_after(l, "one of the following") {
                        add(Kind::EnumValue, &v, i + 1);
                    }
                }
                if in_errors {
                    if l.starts_with("Metadata") || l.starts_with("Changelog") {
                        in_errors = false;
                    } else if let Some(code) = l.split_whitespace().next()
                        && code.contains('_')
                        && code
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    {
                        add(Kind::EnumValue, code, i + 1);
                    }
                }
            }
        }
        DocsLayout::ObjectReference => {
            sample_keys(&lines, &mut add);
            let mut in_props = false;
            for (i, l) in lines.iter().enumerate() {
                if l.trim() == "Description" && i > 0 {
                    // The object's name is the last non-empty line before.
                    if let Some(name) = lines[..i]
                        .iter()
                        .rev()
                        .map(|s| s.trim())
                        .find(|s| !s.is_empty())
                        && name
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
                    {
                        add(Kind::Object, name, i);
                    }
                }
                if l.starts_with("Property Type Description") {
                    in_props = true;
                    continue;
                }
                if l.starts_with("See Also") || l.trim() == "Description" {
                    in_props = false;
                }
                if in_props {
                    let mut words = l.split_whitespace();
                    if let (Some(name), Some(ty)) = (words.next(), words.next())
                        && is_ident(name)
                        && ["string", "int", "object", "bool", "array", "mixed"].contains(&ty)
                    {
                        add(Kind::Field, name, i + 1);
                    }
                    if let Some(values) = l.trim().strip_prefix("Values:") {
                        for v in values.split(',') {
                            let v = v.trim().trim_matches('"');
                            if !v.is_empty() && !v.contains(' ') {
                                add(Kind::EnumValue, v, i + 1);
                            }
                        }
                    }
                }
            }
        }
    }
    // Keep the first line of each item.
    let mut first: BTreeMap<(Kind, String), usize> = BTreeMap::new();
    for (k, n, line) in items {
        let e = first.entry((k, n)).or_insert(line);
        *e = (*e).min(line);
    }
    first
        .into_iter()
        .map(|((kind, name), line)| DocItem { kind, name, line })
        .collect()
}

const VMU_TYPES: [&str; 15] = [
    "string", "integer", "int", "enum", "date", "bool", "boolean", "digits", "Array", "array",
    "alphanum", "file", "JSON", "json", "number",
];

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Keys of the JSON samples: `"key":` anywhere on a line.
fn sample_keys(lines: &[&str], add: &mut impl FnMut(Kind, &str, usize)) {
    for (i, l) in lines.iter().enumerate() {
        let mut rest = *l;
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('"') else { break };
            let key = &after[..end];
            let tail = after[end + 1..].trim_start();
            if tail.starts_with(':') && is_ident(key) {
                add(Kind::Field, key, i + 1);
            }
            rest = &after[end + 1..];
        }
    }
}

/// `VALUE:` tokens in upper case on a line.
fn caps_before_colon(l: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in l.match_indices(':') {
        let word: String = l[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_uppercase() || *c == '_' || c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if word.len() >= 2 && word.starts_with(|c: char| c.is_ascii_uppercase()) {
            out.push(word);
        }
    }
    out
}

/// Quoted values after `marker` on a line: `one of the following: "a","b"`.
fn quoted_after(l: &str, marker: &str) -> Vec<String> {
    let Some(pos) = l.find(marker) else {
        return Vec::new();
    };
    l[pos..]
        .split(['"', '\''])
        .skip(1)
        .step_by(2)
        .filter(|v| {
            !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .map(str::to_owned)
        .collect()
}

/// Everything the spec names, by kind.
#[derive(Debug, Default)]
struct Vocabulary {
    operations: BTreeSet<String>,
    objects: BTreeSet<String>,
    names: BTreeSet<String>,
    values: BTreeSet<String>,
    ignored: BTreeSet<String>,
}

fn vocabulary(api: &OpenAPI) -> Vocabulary {
    let mut v = Vocabulary::default();
    let base_paths: Vec<String> = api
        .servers
        .iter()
        .map(|s| {
            let after_scheme = s.url.split_once("://").map_or(s.url.as_str(), |(_, r)| r);
            after_scheme.find('/').map_or(String::new(), |i| {
                after_scheme[i..].trim_end_matches('/').to_owned()
            })
        })
        .collect();
    fn schema(s: &Schema, v: &mut Vocabulary) {
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                v.values.extend(t.enumeration.iter().flatten().cloned())
            }
            SchemaKind::Type(Type::Integer(t)) => v
                .values
                .extend(t.enumeration.iter().flatten().map(ToString::to_string)),
            SchemaKind::Type(Type::Object(o)) => {
                for (name, p) in &o.properties {
                    v.names.insert(name.clone());
                    if let ReferenceOr::Item(p) = p {
                        schema(p, v);
                    }
                }
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(ReferenceOr::Item(i)) = &a.items {
                    schema(i, v);
                }
            }
            _ => {}
        }
    }
    if let Some(c) = &api.components {
        for (name, s) in &c.schemas {
            v.objects.insert(name.clone());
            if let ReferenceOr::Item(s) = s {
                // OpenRPC names (`SMS.Options`) survive as titles.
                if let Some(title) = &s.schema_data.title {
                    v.objects.insert(title.clone());
                }
                schema(s, &mut v);
            }
        }
        for p in c.parameters.values() {
            if let ReferenceOr::Item(p) = p {
                param(p, api, &mut v);
            }
        }
        for s in c.security_schemes.values() {
            if let ReferenceOr::Item(openapiv3::SecurityScheme::APIKey { name, .. }) = s {
                v.names.insert(name.clone());
            }
        }
    }
    for (path, method, op) in api.operations() {
        if let Some(id) = &op.operation_id {
            v.operations.insert(id.clone());
        }
        for base in &base_paths {
            v.operations
                .insert(format!("{} {base}{path}", method.to_uppercase()));
        }
        for p in &op.parameters {
            if let ReferenceOr::Item(p) = p {
                param(p, api, &mut v);
            }
        }
        if let Some(ReferenceOr::Item(b)) = &op.request_body {
            for m in b.content.values() {
                if let Some(ReferenceOr::Item(s)) = &m.schema {
                    schema(s, &mut v);
                }
            }
        }
    }
    if let Some(list) = api
        .extensions
        .get("x-doc-coverage-ignore")
        .and_then(|x| x.as_array())
    {
        v.ignored
            .extend(list.iter().filter_map(|x| x.as_str().map(str::to_owned)));
    }
    v
}

fn param(p: &Parameter, api: &OpenAPI, v: &mut Vocabulary) {
    let data = p.parameter_data_ref();
    v.names.insert(data.name.clone());
    let ParameterSchemaOrContent::Schema(s) = &data.format else {
        return;
    };
    let resolved = match s {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => api
            .components
            .as_ref()
            .and_then(|c| {
                c.schemas
                    .get(reference.rsplit('/').next().unwrap_or_default())
            })
            .and_then(ReferenceOr::as_item),
    };
    if let Some(s) = resolved {
        // deepObject keys are documented as `name[key]`.
        if let SchemaKind::Type(Type::Object(o)) = &s.schema_kind {
            for k in o.properties.keys() {
                v.names.insert(format!("{}[{k}]", data.name));
            }
        }
    }
}

/// Checks `items` against the spec.
pub fn check(api: &OpenAPI, items: &[DocItem]) -> Coverage {
    let v = vocabulary(api);
    let mut counts: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    let mut missing = Vec::new();
    for item in items {
        let found = v.ignored.contains(&item.name)
            || match item.kind {
                Kind::Operation => v.operations.contains(&item.name),
                Kind::Object => v.objects.contains(&item.name),
                Kind::Parameter | Kind::Field => v.names.contains(&item.name),
                Kind::EnumValue => v.values.contains(&item.name),
                // Scrapes show no types; only OpenAPI documents do.
                Kind::Type | Kind::Required => true,
            };
        let e = counts.entry(item.kind).or_default();
        e.0 += 1;
        if found {
            e.1 += 1;
        } else {
            missing.push(item.clone());
        }
    }
    Coverage { counts, missing }
}

// OpenAPI documents as a docs source.
//
// A provider's own OpenAPI document is read structurally instead of by
// layout: every operation of the tags in scope, its parameters, the fields
// of its request and success-response bodies (as dotted paths, `[]` for
// array items) and the enum values of each. Each item is named by where it
// is (`GET /tenant response cdr_event.auth = BASIC`), and the spec must
// have the same item at the same place, which a flat list of names cannot
// check. The spec names the tags it covers in `x-doc-coverage-tags`, so the
// scope is explicit and widened by adding a tag.

/// Whether `text` is an OpenAPI document (JSON or YAML) rather than a scrape.
pub fn is_openapi_document(text: &str) -> bool {
    parse_document(text).is_some()
}

fn parse_document(text: &str) -> Option<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(text)
        .ok()
        .or_else(|| serde_norway::from_str(text).ok())?;
    (value.get("openapi").is_some_and(|v| v.is_string())
        && value.get("paths").is_some_and(|v| v.is_object()))
    .then_some(value)
}

/// The tags of a provider's OpenAPI document that `api` covers, from its
/// `x-doc-coverage-tags`.
pub fn coverage_tags(api: &OpenAPI) -> Result<Vec<String>, String> {
    let tags = api
        .extensions
        .get("x-doc-coverage-tags")
        .ok_or("the spec has no `x-doc-coverage-tags`: list the tags of the document it covers")?;
    let tags: Option<Vec<String>> = tags
        .as_array()
        .and_then(|list| list.iter().map(|t| t.as_str().map(str::to_owned)).collect());
    match tags {
        Some(tags) if !tags.is_empty() => Ok(tags),
        _ => Err("`x-doc-coverage-tags` must be a non-empty list of tag names".into()),
    }
}

/// What the OpenAPI document `text` documents for its operations tagged
/// with one of `tags`. Fails if `text` is no OpenAPI document or a tag has
/// no operation in it.
pub fn documented_openapi(text: &str, tags: &[String]) -> Result<Vec<DocItem>, String> {
    let doc = parse_document(text).ok_or("not an OpenAPI document (no `openapi` and `paths`)")?;
    let mut items = BTreeMap::new();
    let mut seen_tags = BTreeSet::new();
    for_each_operation(&doc, |method, path, op| {
        let op_tags: Vec<&str> = op
            .get("tags")
            .and_then(|t| t.as_array())
            .map(|t| t.iter().filter_map(|t| t.as_str()).collect())
            .unwrap_or_default();
        let Some(tag) = op_tags.iter().find(|t| tags.iter().any(|s| s == *t)) else {
            return;
        };
        seen_tags.insert((*tag).to_owned());
        let line = operation_line(text, op, path);
        for (kind, name) in operation_items(&doc, method, path, op) {
            items.entry((kind, name)).or_insert(line);
        }
    });
    if let Some(missing) = tags.iter().find(|t| !seen_tags.contains(*t)) {
        return Err(format!("the document has no operation tagged `{missing}`"));
    }
    Ok(items
        .into_iter()
        .map(|((kind, name), line)| DocItem { kind, name, line })
        .collect())
}

/// Checks items of an OpenAPI document against the spec: each must be in
/// the spec at the same place (path parameters may be named differently),
/// or be listed under `x-doc-coverage-ignore`.
pub fn check_openapi(api: &OpenAPI, items: &[DocItem]) -> Coverage {
    let spec = serde_json::to_value(api).unwrap_or_default();
    let mut have = BTreeSet::new();
    for_each_operation(&spec, |method, path, op| {
        have.extend(
            operation_items(&spec, method, path, op)
                .into_iter()
                .map(|(_, name)| name),
        );
    });
    let ignored = vocabulary(api).ignored;
    let mut counts: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    let mut missing = Vec::new();
    for item in items {
        let found = have.contains(&item.name) || ignored.contains(&item.name);
        let e = counts.entry(item.kind).or_default();
        e.0 += 1;
        if found {
            e.1 += 1;
        } else {
            missing.push(item.clone());
        }
    }
    Coverage { counts, missing }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn for_each_operation(doc: &serde_json::Value, mut f: impl FnMut(&str, &str, &serde_json::Value)) {
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else {
        return;
    };
    for (path, item) in paths {
        let item = resolve(doc, item);
        for method in METHODS {
            if let Some(op) = item.get(method) {
                f(method, path, op);
            }
        }
    }
}

/// The 1-based line of the operation's id in the document, else of its path.
fn operation_line(text: &str, op: &serde_json::Value, path: &str) -> usize {
    let needle = op
        .get("operationId")
        .and_then(|id| id.as_str())
        .map_or_else(|| format!("\"{path}\""), |id| format!("\"{id}\""));
    text.find(&needle)
        .or_else(|| text.find(path))
        .map_or(1, |pos| text[..pos].matches('\n').count() + 1)
}

/// `METHOD /path` with every path parameter written `{}`, so that
/// `/holidays/{id}` and `/holidays/{holidayId}` are the same operation.
fn operation_name(method: &str, path: &str) -> String {
    let mut out = format!("{} ", method.to_uppercase());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

fn operation_items(
    doc: &serde_json::Value,
    method: &str,
    path: &str,
    op: &serde_json::Value,
) -> Vec<(Kind, String)> {
    let name = operation_name(method, path);
    let mut out = vec![(Kind::Operation, name.clone())];
    let path_item = doc.pointer(&format!(
        "/paths/{}",
        path.replace('~', "~0").replace('/', "~1")
    ));
    let shared = path_item.and_then(|p| p.get("parameters"));
    for params in [shared, op.get("parameters")].into_iter().flatten() {
        for p in params.as_array().into_iter().flatten() {
            let p = resolve(doc, p);
            let (Some(pname), Some(place)) = (
                p.get("name").and_then(|n| n.as_str()),
                p.get("in").and_then(|n| n.as_str()),
            ) else {
                continue;
            };
            if place == "path" {
                continue;
            }
            let prefix = format!("{name} parameter {pname}");
            out.push((Kind::Parameter, prefix.clone()));
            if let Some(schema) = p.get("schema") {
                schema_items(doc, schema, &prefix, None, &mut out, 0);
            }
        }
    }
    if let Some(body) = op.get("requestBody") {
        for media in content_schemas(doc, body) {
            schema_items(
                doc,
                media,
                &format!("{name} request"),
                Some(""),
                &mut out,
                0,
            );
        }
    }
    if let Some(responses) = op.get("responses").and_then(|r| r.as_object()) {
        for (status, response) in responses {
            if status.starts_with('2') {
                for media in content_schemas(doc, response) {
                    schema_items(
                        doc,
                        media,
                        &format!("{name} response"),
                        Some(""),
                        &mut out,
                        0,
                    );
                }
            }
        }
    }
    out
}

fn content_schemas<'a>(
    doc: &'a serde_json::Value,
    holder: &'a serde_json::Value,
) -> Vec<&'a serde_json::Value> {
    resolve(doc, holder)
        .get("content")
        .and_then(|c| c.as_object())
        .into_iter()
        .flat_map(|c| c.values())
        .filter_map(|m| m.get("schema"))
        .collect()
}

/// Fields and enum values of `schema`. `field` is the dotted path of the
/// schema inside a body (`Some("")` at the top), `None` for a parameter.
fn schema_items(
    doc: &serde_json::Value,
    schema: &serde_json::Value,
    owner: &str,
    field: Option<&str>,
    out: &mut Vec<(Kind, String)>,
    depth: usize,
) {
    // Recursive schemas end here; no documented body nests this deep.
    if depth > 32 {
        return;
    }
    let schema = resolve(doc, schema);
    let at = match field {
        Some("") | None => owner.to_owned(),
        Some(f) => format!("{owner} {f}"),
    };
    if let Some(ty) = type_and_format(schema) {
        out.push((Kind::Type, format!("{at} : {ty}")));
    }
    for v in schema
        .get("enum")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
    {
        let v = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => continue,
            other => other.to_string(),
        };
        out.push((Kind::EnumValue, format!("{at} = {v}")));
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for sub in schema
            .get(key)
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            schema_items(doc, sub, owner, field, out, depth + 1);
        }
    }
    if let Some(items) = schema.get("items") {
        let inner = format!("{}[]", field.unwrap_or_default());
        schema_items(doc, items, owner, Some(&inner), out, depth + 1);
    }
    let Some(field) = field else { return };
    for key in schema
        .get("required")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str())
    {
        let path = if field.is_empty() {
            key.to_owned()
        } else {
            format!("{field}.{key}")
        };
        out.push((Kind::Required, format!("{owner} {path} required")));
    }
    for (key, sub) in schema
        .get("properties")
        .and_then(|p| p.as_object())
        .into_iter()
        .flatten()
    {
        let path = if field.is_empty() {
            key.clone()
        } else {
            format!("{field}.{key}")
        };
        out.push((Kind::Field, format!("{owner} {path}")));
        schema_items(doc, sub, owner, Some(&path), out, depth + 1);
    }
}

/// `type/format` of a schema that says its type. An integer or number
/// without a format is written as the 64-bit type it becomes, so that the
/// spec's explicit `int64` matches a document that gives no format.
fn type_and_format(schema: &serde_json::Value) -> Option<String> {
    let ty = match schema.get("type")? {
        serde_json::Value::String(t) => t.as_str(),
        // OpenAPI 3.1: `[string, "null"]`.
        serde_json::Value::Array(list) => list
            .iter()
            .filter_map(|t| t.as_str())
            .find(|t| *t != "null")?,
        _ => return None,
    };
    let format = schema.get("format").and_then(|f| f.as_str());
    Some(match (ty, format) {
        ("integer", None) => "integer/int64".into(),
        ("number", None) => "number/double".into(),
        (ty, Some(f)) => format!("{ty}/{f}"),
        (ty, None) => ty.into(),
    })
}

/// Follows local `$ref`s (`#/components/...`) to what they point at.
fn resolve<'a>(
    doc: &'a serde_json::Value,
    mut value: &'a serde_json::Value,
) -> &'a serde_json::Value {
    for _ in 0..32 {
        let Some(target) = value
            .get("$ref")
            .and_then(|r| r.as_str())
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| doc.pointer(pointer))
        else {
            break;
        };
        value = target;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://{host}:8887/api'}]
paths:
  /tenant/billing:
    get:
      operationId: get_tenant_billing
      parameters:
        - {name: top, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Billing'}
components:
  schemas:
    Billing:
      type: object
      properties:
        enabled: {type: boolean}
        account: {type: string, enum: [TENANT, USER]}
";

    const PORTSIP_DOCS: &str = "\
GET /api/tenant/billing HTTP/1.1
Host: hostname:8887
{
  \"enabled\": false,
  \"account\": \"TENANT\",
  \"type\": \"OFFLINE\"
}
The billing account:
Can be either:
  • TENANT: Use company account for billing.
  • USER: Use private user account for billing.
Default: TENANTPossible values:
";

    fn spec() -> OpenAPI {
        crate::Spec::parse("s.yaml", SPEC).unwrap().openapi
    }

    #[test]
    fn portsip_layout_is_read_and_a_missing_field_is_named() {
        let items = documented(DocsLayout::HttpExchanges, PORTSIP_DOCS);
        let names: Vec<(Kind, &str)> = items.iter().map(|i| (i.kind, i.name.as_str())).collect();
        assert_eq!(
            names,
            [
                (Kind::Operation, "GET /api/tenant/billing"),
                (Kind::Field, "account"),
                (Kind::Field, "enabled"),
                (Kind::Field, "type"),
                (Kind::EnumValue, "TENANT"),
                (Kind::EnumValue, "USER"),
            ]
        );
        let c = check(&spec(), &items);
        assert!(!c.complete());
        assert_eq!(c.missing.len(), 1);
        assert_eq!(
            (
                c.missing[0].kind,
                c.missing[0].name.as_str(),
                c.missing[0].line
            ),
            (Kind::Field, "type", 6)
        );
        assert!(
            c.render("portsip", "docs.txt")
                .contains("missing: docs.txt:6: Field `type`")
        );
        assert_eq!(c.counts[&Kind::Field], (3, 2));
    }

    #[test]
    fn skyetel_tables_enums_and_examples() {
        let docs = "\
object Sets the page. Example: page[limit]=100&page[offset]=0 | |
object Search on fields. Example: filter[field1]=123&filter[field2]=456 | |
tn_format | integer Enum: 0 10 20 SIP Format, 0 = 1NPANXXXXXX |
transport | string Enum: \"UDP\" \"TCP\" Transport method to use. |
{- \"id\": 0 }
";
        let items = documented(DocsLayout::FieldTables, docs);
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "page[limit]",
                "page[offset]",
                "id",
                "tn_format",
                "transport",
                "0",
                "10",
                "20",
                "TCP",
                "UDP"
            ]
        );
    }

    #[test]
    fn voicemeup_request_types_parameters_values_and_error_codes() {
        let docs = "\
Request Type: get_calls

Parameter Type [?] Requirement Description
date_from date Optionally Required If set, date_to must also be set.
direction string Optional Value must be one of the following: \"inbound\" or \"outbound\"

Error type Description
auth_username_invalid Auth username is invalid.
Metadata
";
        let items = documented(DocsLayout::RequestTypes, docs);
        let names: Vec<(Kind, &str)> = items.iter().map(|i| (i.kind, i.name.as_str())).collect();
        assert_eq!(
            names,
            [
                (Kind::Operation, "get_calls"),
                (Kind::Parameter, "date_from"),
                (Kind::Parameter, "direction"),
                (Kind::EnumValue, "auth_username_invalid"),
                (Kind::EnumValue, "inbound"),
                (Kind::EnumValue, "outbound"),
            ]
        );
    }

    #[test]
    fn ignored_names_count_as_covered() {
        let text = format!("{SPEC}x-doc-coverage-ignore: [type]\n");
        let api = crate::Spec::parse("s.yaml", &text).unwrap().openapi;
        assert!(check(&api, &documented(DocsLayout::HttpExchanges, PORTSIP_DOCS)).complete());
    }

    /// An OpenAPI 3.1 document in the style of PortSIP's: inline schemas,
    /// one-element `allOf` wrappers, a type list, an operation of a tag out
    /// of scope.
    const OPENAPI_DOC: &str = r#"{
  "openapi": "3.1.0",
  "info": {"title": "pbx", "version": "22"},
  "paths": {
    "/holidays/{id}": {
      "post": {
        "tags": ["Tenant"],
        "operationId": "updateHoliday",
        "parameters": [
          {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
          {"name": "mode", "in": "query", "schema": {"type": "string", "enum": ["FULL", "PART"]}}
        ],
        "requestBody": {"content": {"application/json": {"schema": {
          "type": "object",
          "required": ["name"],
          "properties": {
            "name": {"type": "string"},
            "year": {"type": "integer"},
            "times": {"type": "array", "items": {"type": "object", "properties": {
              "at": {"allOf": [{"type": "string", "format": "date_time"}]}
            }}}
          }
        }}}},
        "responses": {
          "200": {"description": "OK", "content": {"application/json": {"schema": {
            "type": "object",
            "properties": {"count": {"type": ["integer", "null"], "format": "int64"}}
          }}}},
          "4XX": {"description": "Error"}
        }
      }
    },
    "/users": {
      "get": {"tags": ["Users"], "operationId": "listUsers", "responses": {"200": {"description": "OK"}}}
    }
  }
}"#;

    const OPENAPI_SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
x-doc-coverage-tags: [Tenant]
paths:
  /holidays/{holiday}:
    post:
      operationId: update_holiday
      parameters:
        - {name: holiday, in: path, required: true, schema: {type: string}}
        - {name: mode, in: query, schema: {$ref: '#/components/schemas/Mode'}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/HolidayUpdate'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  count: {type: integer, format: int32}
components:
  schemas:
    Mode: {type: string, enum: [FULL]}
    HolidayUpdate:
      type: object
      required: [name]
      properties:
        name: {type: string}
        year: {type: integer, format: int64}
        times:
          type: array
          items:
            type: object
            properties:
              at: {type: string, format: date_time}
";

    #[test]
    fn an_openapi_document_is_read_by_place_for_the_tags_in_scope() {
        assert!(is_openapi_document(OPENAPI_DOC));
        assert!(!is_openapi_document(PORTSIP_DOCS));
        let api = crate::Spec::parse("s.yaml", OPENAPI_SPEC).unwrap().openapi;
        let tags = coverage_tags(&api).unwrap();
        assert_eq!(tags, ["Tenant"]);
        let items = documented_openapi(OPENAPI_DOC, &tags).unwrap();
        let names: Vec<(Kind, &str)> = items.iter().map(|i| (i.kind, i.name.as_str())).collect();
        assert_eq!(
            names,
            [
                (Kind::Operation, "POST /holidays/{}"),
                (Kind::Parameter, "POST /holidays/{} parameter mode"),
                (Kind::Field, "POST /holidays/{} request name"),
                (Kind::Field, "POST /holidays/{} request times"),
                (Kind::Field, "POST /holidays/{} request times[].at"),
                (Kind::Field, "POST /holidays/{} request year"),
                (Kind::Field, "POST /holidays/{} response count"),
                (Kind::EnumValue, "POST /holidays/{} parameter mode = FULL"),
                (Kind::EnumValue, "POST /holidays/{} parameter mode = PART"),
                (Kind::Type, "POST /holidays/{} parameter mode : string"),
                (Kind::Type, "POST /holidays/{} request : object"),
                (Kind::Type, "POST /holidays/{} request name : string"),
                (Kind::Type, "POST /holidays/{} request times : array"),
                (Kind::Type, "POST /holidays/{} request times[] : object"),
                (
                    Kind::Type,
                    "POST /holidays/{} request times[].at : string/date_time"
                ),
                // No format in the document: the 64-bit type it becomes.
                (Kind::Type, "POST /holidays/{} request year : integer/int64"),
                (Kind::Type, "POST /holidays/{} response : object"),
                (
                    Kind::Type,
                    "POST /holidays/{} response count : integer/int64"
                ),
                (Kind::Required, "POST /holidays/{} request name required"),
            ]
        );
        // Every item carries the line of its operation's id.
        assert!(items.iter().all(|i| i.line == 8), "{items:?}");

        let c = check_openapi(&api, &items);
        let missing: Vec<&str> = c.missing.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            missing,
            [
                "POST /holidays/{} parameter mode = PART",
                "POST /holidays/{} response count : integer/int64",
            ]
        );
        assert_eq!(c.counts[&Kind::Type], (9, 8));
        assert!(
            c.render("p", "doc.json").contains(
                "missing: doc.json:8: EnumValue `POST /holidays/{} parameter mode = PART`"
            )
        );

        // Names listed under x-doc-coverage-ignore count as covered.
        let text = format!(
            "{OPENAPI_SPEC}x-doc-coverage-ignore: ['POST /holidays/{{}} parameter mode = PART', 'POST /holidays/{{}} response count : integer/int64']\n"
        );
        let api = crate::Spec::parse("s.yaml", &text).unwrap().openapi;
        assert!(check_openapi(&api, &items).complete());
    }

    #[test]
    fn the_tag_scope_is_explicit_and_checked() {
        let api = spec();
        assert!(
            coverage_tags(&api)
                .unwrap_err()
                .contains("no `x-doc-coverage-tags`")
        );
        let e = documented_openapi(OPENAPI_DOC, &["Tenants".into()]).unwrap_err();
        assert_eq!(e, "the document has no operation tagged `Tenants`");
        assert!(documented_openapi("GET /api/x HTTP/1.1", &["Tenant".into()]).is_err());
    }
}
