//! `cargo xtask import PROVIDER DOCUMENT`: adds to a provider's spec every
//! operation of the provider's own OpenAPI document that the spec lacks.
//!
//! What the document states as fact carries over: paths, methods,
//! parameters, bodies, status codes, headers, types, formats, enums,
//! bounds, defaults, examples and required lists. Its prose does not: an
//! added operation's summary is derived from its `operationId`, and
//! descriptions are left out (the generator documents every item from its
//! name and place). The spec stays the source of truth: operations it has
//! (matched by path and method) and its component schemas, parameters,
//! comments above `tags:` and settings are kept as they are, so hand-made
//! corrections survive a second import of a newer document.
//!
//! Besides the prose, the import rewrites what the document says in ways
//! the generator reads differently: `operationId`s become snake case, a
//! single-schema `allOf` (the document's way of describing a shared field)
//! is folded into the field (`format: date_time`, which no tool knows, is
//! kept: the generator leaves such timestamps text), a schema
//! with `properties` but no `type` is an object, the collection parameters
//! (`filter`, `search`, `orderby`, `skip`, `top`) refer to the spec's
//! shared ones, and a list that pages with `skip`/`top` gets
//! `x-pagination` with its item schema named (`<Operation>Item`) so that
//! it can be streamed.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_norway::{Mapping, Value};

const USAGE: &str = "usage: cargo xtask import PROVIDER DOCUMENT";

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// The query parameters of the collection convention, and the spec's
/// shared parameter each refers to.
const COLLECTION_PARAMS: &[(&str, &str)] = &[
    ("filter", "Filter"),
    ("search", "Search"),
    ("orderby", "OrderBy"),
    ("skip", "Skip"),
    ("top", "Top"),
];

pub(crate) fn main(root: &Path, args: &[String]) -> Result<ExitCode> {
    let [name, document] = args else {
        bail!("{USAGE}")
    };
    let provider = codegen::provider(name).with_context(|| format!("unknown provider `{name}`"))?;
    let spec_path = root.join(provider.spec);
    let spec_text = std::fs::read_to_string(&spec_path)
        .with_context(|| format!("cannot read {}", provider.spec))?;
    let doc_text =
        std::fs::read_to_string(document).with_context(|| format!("cannot read {document}"))?;
    let doc: Value = if doc_text.trim_start().starts_with('{') {
        serde_json::from_str(&doc_text).with_context(|| format!("{document} is not JSON"))?
    } else {
        serde_norway::from_str(&doc_text).with_context(|| format!("{document} is not YAML"))?
    };
    let (text, report) =
        import(&spec_text, &doc).with_context(|| format!("importing {document}"))?;
    // Check before writing: a spec the generator cannot read is not written.
    codegen::Spec::parse(provider.spec, &text)
        .map_err(|e| anyhow::anyhow!("the imported spec does not load:\n{e}"))?;
    std::fs::write(&spec_path, text).with_context(|| format!("cannot write {}", provider.spec))?;
    eprintln!(
        "{}: kept {} operation(s), added {} operation(s), {} schema(s) and {} tag(s) from {document}",
        provider.spec, report.kept, report.added, report.schemas, report.tags
    );
    Ok(ExitCode::SUCCESS)
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Report {
    pub kept: usize,
    pub added: usize,
    pub schemas: usize,
    pub tags: usize,
}

fn key(k: &str) -> Value {
    Value::String(k.to_owned())
}

fn map_mut<'a>(parent: &'a mut Mapping, k: &str) -> &'a mut Mapping {
    let entry = parent
        .entry(key(k))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if !entry.is_mapping() {
        *entry = Value::Mapping(Mapping::new());
    }
    entry.as_mapping_mut().expect("made a mapping above")
}

/// Merges `doc` into the spec `spec_text`; returns the new spec text.
pub(crate) fn import(spec_text: &str, doc: &Value) -> Result<(String, Report)> {
    let mut spec: Value = serde_norway::from_str(spec_text).context("the spec is not YAML")?;
    let spec_map = spec.as_mapping_mut().context("the spec is not a mapping")?;
    let mut report = Report::default();
    let doc_paths = doc
        .get("paths")
        .and_then(Value::as_mapping)
        .context("the document has no `paths`")?;
    let empty = Mapping::new();
    let doc_schemas = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .unwrap_or(&empty);

    // Paths, in the document's order; the spec's own paths that the
    // document lacks stay after them.
    let mut old_paths = spec_map
        .remove("paths")
        .and_then(|p| match p {
            Value::Mapping(m) => Some(m),
            _ => None,
        })
        .unwrap_or_default();
    let mut paths = Mapping::new();
    let mut new_schemas = Mapping::new();
    // The spec's operationIds, which an added operation must not reuse.
    let mut taken: Vec<String> = Vec::new();
    values_of(
        &Value::Mapping(old_paths.clone()),
        "operationId",
        &mut taken,
    );
    let mut used_tags: Vec<String> = Vec::new();
    for (path, item) in doc_paths {
        let Some(item) = item.as_mapping() else {
            continue;
        };
        let mut merged = match old_paths.remove(path) {
            Some(Value::Mapping(m)) => m,
            _ => Mapping::new(),
        };
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            for t in op
                .get("tags")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !used_tags.iter().any(|u| u == t) {
                    used_tags.push(t.to_owned());
                }
            }
            if merged.contains_key(*method) {
                report.kept += 1;
                continue;
            }
            let mut added = operation(method, op, &mut new_schemas)?;
            rename_if_taken(&mut added, path.as_str().unwrap_or_default(), &taken)?;
            if let Some(id) = added.get("operationId").and_then(Value::as_str) {
                taken.push(id.to_owned());
            }
            merged.insert(key(method), added);
            report.added += 1;
        }
        if !merged.is_empty() {
            paths.insert(path.clone(), Value::Mapping(merged));
        }
    }
    for (path, item) in old_paths {
        paths.insert(path, item);
    }
    spec_map.insert(key("paths"), Value::Mapping(paths.clone()));

    // Component schemas the added operations refer to, and the ones those
    // refer to in turn.
    let components = map_mut(spec_map, "components");
    let schemas = map_mut(components, "schemas");
    for (name, s) in new_schemas {
        if schemas.contains_key(&name) {
            bail!("the item schema name {name:?} the import made is taken in the spec");
        }
        schemas.insert(name, s);
        report.schemas += 1;
    }
    let mut wanted: Vec<String> = Vec::new();
    refs(&Value::Mapping(paths), &mut wanted);
    refs(&Value::Mapping(schemas.clone()), &mut wanted);
    while let Some(name) = wanted.pop() {
        if schemas.contains_key(name.as_str()) {
            continue;
        }
        let Some(s) = doc_schemas.get(name.as_str()) else {
            bail!(
                "`#/components/schemas/{name}` is referred to but the document has no such schema"
            );
        };
        let s = schema(s);
        refs(&s, &mut wanted);
        schemas.insert(key(&name), s);
        report.schemas += 1;
    }

    // Tags: the document's, in its order, each with a short description of
    // our own; the spec's descriptions are kept.
    let old_tags: Vec<Value> = spec_map
        .get("tags")
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    let mut tags: Vec<Value> = Vec::new();
    for t in &used_tags {
        if let Some(old) = old_tags
            .iter()
            .find(|o| o.get("name").and_then(Value::as_str) == Some(t))
        {
            tags.push(old.clone());
            continue;
        }
        let mut m = Mapping::new();
        m.insert(key("name"), key(t));
        m.insert(
            key("description"),
            key(&format!("The {t} operations of the PBX.")),
        );
        tags.push(Value::Mapping(m));
        report.tags += 1;
    }
    spec_map.insert(key("tags"), Value::Sequence(tags));
    spec_map.insert(
        key("x-doc-coverage-tags"),
        Value::Sequence(used_tags.iter().map(|t| key(t)).collect()),
    );

    Ok((render(spec_text, &spec, &used_tags)?, report))
}

/// The spec text: the lines above `tags:` as they were (comments and all,
/// with `x-doc-coverage-tags` updated), then `tags`, `paths` and
/// `components` as YAML.
fn render(spec_text: &str, spec: &Value, tags: &[String]) -> Result<String> {
    let head_end = spec_text
        .find("\ntags:")
        .context("the spec has no top-level `tags:` line")?;
    let mut out = String::new();
    for line in spec_text[..head_end + 1].lines() {
        if line.starts_with("x-doc-coverage-tags:") {
            out.push_str(&format!("x-doc-coverage-tags: [{}]\n", tags.join(", ")));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    let mut rest = Mapping::new();
    for k in ["tags", "paths", "components"] {
        if let Some(v) = spec.get(k) {
            rest.insert(key(k), v.clone());
        }
    }
    out.push_str(&serde_norway::to_string(&Value::Mapping(rest))?);
    Ok(out)
}

/// The spec `spec_text` cut down to the operations tagged with one of
/// `tags` and the components they reach (for `cargo xtask bench`'s scale
/// rows: PortSIP as it was with Tenant and Billing only). The lines above
/// `tags:` are kept.
pub(crate) fn only_tags(spec_text: &str, tags: &[&str]) -> Result<String> {
    let mut spec: Value = serde_norway::from_str(spec_text).context("the spec is not YAML")?;
    let map = spec.as_mapping_mut().context("the spec is not a mapping")?;
    let tagged = |op: &Value| {
        op.get("tags")
            .and_then(Value::as_sequence)
            .and_then(|t| t.first())
            .and_then(Value::as_str)
            .is_some_and(|t| tags.contains(&t))
    };
    // What the whole spec reaches: a component no operation reaches (such
    // as an error body decoded by hand) stays.
    let reached_all = reach(map);
    if let Some(paths) = map.get_mut("paths").and_then(Value::as_mapping_mut) {
        for (_, item) in paths.iter_mut() {
            if let Some(item) = item.as_mapping_mut() {
                item.retain(|k, op| {
                    !METHODS.contains(&k.as_str().unwrap_or_default()) || tagged(op)
                });
            }
        }
        paths.retain(|_, item| {
            item.as_mapping().is_some_and(|m| {
                m.keys()
                    .any(|k| METHODS.contains(&k.as_str().unwrap_or_default()))
            })
        });
    }
    let reached = reach(map);
    if let Some(components) = map.get_mut("components").and_then(Value::as_mapping_mut) {
        for (kind, entries) in components.iter_mut() {
            let kind = kind.as_str().unwrap_or_default().to_owned();
            if kind == "securitySchemes" {
                continue;
            }
            if let Some(entries) = entries.as_mapping_mut() {
                entries.retain(|name, _| {
                    let r = format!("#/components/{kind}/{}", name.as_str().unwrap_or_default());
                    reached.contains(&r) || !reached_all.contains(&r)
                });
            }
        }
    }
    if let Some(list) = map.get_mut("tags").and_then(Value::as_sequence_mut) {
        list.retain(|t| {
            t.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| tags.contains(&n))
        });
    }
    let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
    render(spec_text, &spec, &tags)
}

/// The components reached from the paths of `spec`, through `$ref`s.
fn reach(spec: &Mapping) -> std::collections::BTreeSet<String> {
    let mut reached = std::collections::BTreeSet::new();
    let mut todo = Vec::new();
    values_of(spec.get("paths").unwrap_or(&Value::Null), "$ref", &mut todo);
    let components = spec.get("components").cloned().unwrap_or(Value::Null);
    while let Some(r) = todo.pop() {
        if reached.contains(&r) {
            continue;
        }
        let mut node = &components;
        for seg in r.split('/').skip(2) {
            node = node.get(seg).unwrap_or(&Value::Null);
        }
        values_of(node, "$ref", &mut todo);
        reached.insert(r);
    }
    reached
}

/// Every string value of the key `name` under `v`.
fn values_of(v: &Value, name: &str, out: &mut Vec<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, child) in m {
                if k.as_str() == Some(name)
                    && let Some(s) = child.as_str()
                {
                    out.push(s.to_owned());
                } else {
                    values_of(child, name, out);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| values_of(i, name, out)),
        _ => {}
    }
}

/// An added operation whose snake-case id the spec already uses for
/// another operation (the spec's `update_tenant` is the caller's own
/// tenant, the document's `updateTenant` any tenant by id) is named after
/// what tells it apart: `_by_id` for a path ending in `{id}`, else its tag.
fn rename_if_taken(op: &mut Value, path: &str, taken: &[String]) -> Result<()> {
    let Some(id) = op.get("operationId").and_then(Value::as_str) else {
        return Ok(());
    };
    if !taken.iter().any(|t| t == id) {
        return Ok(());
    }
    let tag = op
        .get("tags")
        .and_then(|t| t.get(0))
        .and_then(Value::as_str)
        .unwrap_or("other")
        .to_snake_case();
    let suffix = if path.ends_with("/{id}") {
        "by_id".to_owned()
    } else {
        tag
    };
    let renamed = format!("{id}_{suffix}");
    if taken.contains(&renamed) {
        bail!("the operationId `{id}` ({path}) is taken in the spec, and so is `{renamed}`");
    }
    eprintln!("import: `{id}` ({path}) is taken in the spec; added as `{renamed}`");
    if let Some(m) = op.as_mapping_mut() {
        m.insert(key("operationId"), key(&renamed));
    }
    Ok(())
}

/// Every `#/components/schemas/<name>` under `v`.
fn refs(v: &Value, out: &mut Vec<String>) {
    let mut all = Vec::new();
    values_of(v, "$ref", &mut all);
    out.extend(
        all.iter()
            .filter_map(|r| r.strip_prefix("#/components/schemas/"))
            .map(str::to_owned),
    );
}

/// "listCallQueueAgents" -> "List call queue agents."
fn summary(id: &str) -> String {
    let words = id.to_snake_case().replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => format!("{}{}.", c.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

fn operation(method: &str, op: &Value, item_schemas: &mut Mapping) -> Result<Value> {
    let raw_id = op
        .get("operationId")
        .and_then(Value::as_str)
        .with_context(|| format!("an operation ({method}) has no operationId"))?;
    let id = raw_id.to_snake_case();
    let mut out = Mapping::new();
    out.insert(key("operationId"), key(&id));
    if let Some(tags) = op.get("tags") {
        out.insert(key("tags"), tags.clone());
    }
    out.insert(key("summary"), key(&summary(raw_id)));

    let mut params = Vec::new();
    let mut names = Vec::new();
    let mut top_max = None;
    for p in op
        .get("parameters")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
        let place = p.get("in").and_then(Value::as_str).unwrap_or_default();
        names.push(name.to_owned());
        if name == "top" {
            top_max = p
                .get("schema")
                .and_then(|s| s.get("maximum"))
                .and_then(Value::as_u64);
        }
        if place == "query"
            && let Some((_, shared)) = COLLECTION_PARAMS.iter().find(|(n, _)| *n == name)
        {
            let mut r = Mapping::new();
            r.insert(
                key("$ref"),
                key(&format!("#/components/parameters/{shared}")),
            );
            params.push(Value::Mapping(r));
            continue;
        }
        params.push(parameter(p));
    }

    // A list paged by `skip`/`top` whose answer holds `items`.
    let paged =
        method == "get" && names.iter().any(|n| n == "skip") && names.iter().any(|n| n == "top");
    let mut responses = Mapping::new();
    for (status, r) in op
        .get("responses")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
    {
        let code = status.as_str().map(str::to_owned).unwrap_or_else(|| {
            serde_norway::to_string(status)
                .unwrap_or_default()
                .trim()
                .to_owned()
        });
        let mut resp = response(&code, r);
        if paged
            && code.starts_with('2')
            && let Some(total) = page_item(&id, &mut resp, item_schemas)
        {
            let mut pg = Mapping::new();
            pg.insert(key("offset"), key("skip"));
            pg.insert(key("limit"), key("top"));
            pg.insert(
                key("page-size"),
                Value::Number(top_max.unwrap_or(100).into()),
            );
            pg.insert(key("items"), key("items"));
            if total {
                pg.insert(key("total"), key("count"));
            }
            out.insert(key("x-pagination"), Value::Mapping(pg));
        }
        responses.insert(key(&code), resp);
    }
    if !params.is_empty() {
        out.insert(key("parameters"), Value::Sequence(params));
    }
    if let Some(body) = op.get("requestBody") {
        let mut b = Mapping::new();
        // The client always sends the body the operation describes.
        b.insert(key("required"), Value::Bool(true));
        b.insert(key("content"), content(body.get("content")));
        out.insert(key("requestBody"), Value::Mapping(b));
    }
    out.insert(key("responses"), Value::Mapping(responses));
    Ok(Value::Mapping(out))
}

/// Names the item schema of a paged list answer (`<Operation>Item`) so the
/// generator can stream it; returns whether the answer has a `count`.
fn page_item(id: &str, resp: &mut Value, item_schemas: &mut Mapping) -> Option<bool> {
    let body = resp
        .get_mut("content")?
        .get_mut("application/json")?
        .get_mut("schema")?;
    let props = body.get_mut("properties")?.as_mapping_mut()?;
    let total = props.contains_key("count");
    let items = props.get_mut("items")?.as_mapping_mut()?;
    let item = items.get_mut("items")?;
    if item.get("$ref").is_none() {
        let name = format!("{}Item", id.to_upper_camel_case());
        let schema = std::mem::take(item);
        let mut r = Mapping::new();
        r.insert(key("$ref"), key(&format!("#/components/schemas/{name}")));
        *item = Value::Mapping(r);
        item_schemas.insert(key(&name), schema);
    }
    Some(total)
}

fn parameter(p: &Value) -> Value {
    let mut out = Mapping::new();
    for k in ["name", "in", "required", "style", "explode"] {
        if let Some(v) = p.get(k) {
            out.insert(key(k), v.clone());
        }
    }
    if let Some(s) = p.get("schema") {
        out.insert(key("schema"), schema(s));
    }
    Value::Mapping(out)
}

fn response(code: &str, r: &Value) -> Value {
    let mut out = Mapping::new();
    let description = match code.chars().next() {
        Some('2') if r.get("content").is_none() => "Success; no body is returned.",
        Some('2') => "Success.",
        Some('3') => "A redirection; the document gives no body.",
        _ => "The request was rejected; the document gives the body no schema.",
    };
    out.insert(key("description"), key(description));
    if let Some(h) = r.get("headers").and_then(Value::as_mapping) {
        let mut headers = Mapping::new();
        for (name, header) in h {
            let mut hm = Mapping::new();
            if let Some(s) = header.get("schema") {
                hm.insert(key("schema"), schema(s));
            }
            headers.insert(name.clone(), Value::Mapping(hm));
        }
        out.insert(key("headers"), Value::Mapping(headers));
    }
    if r.get("content").is_some() {
        out.insert(key("content"), content(r.get("content")));
    }
    Value::Mapping(out)
}

fn content(c: Option<&Value>) -> Value {
    let mut out = Mapping::new();
    for (media, m) in c.and_then(Value::as_mapping).into_iter().flatten() {
        let mut mm = Mapping::new();
        if let Some(s) = m.get("schema") {
            mm.insert(key("schema"), schema(s));
        }
        out.insert(media.clone(), Value::Mapping(mm));
    }
    Value::Mapping(out)
}

/// One schema, with its prose left out and the rewrites of the module doc.
fn schema(s: &Value) -> Value {
    let Some(m) = s.as_mapping() else {
        return s.clone();
    };
    // An `allOf` member that said only prose (`{description: …}`) is empty
    // once the prose is left out, and says nothing.
    let mut m = m.clone();
    if let Some(Value::Sequence(all)) = m.get_mut("allOf") {
        all.retain(|part| {
            part.as_mapping()
                .is_none_or(|p| p.keys().any(|k| k.as_str() != Some("description")))
        });
    }
    let m = &m;
    // `allOf: [one inline schema]` next to a description: the field itself.
    if let Some(Value::Sequence(all)) = m.get("allOf")
        && let [only] = all.as_slice()
        && only.get("$ref").is_none()
    {
        let mut inner = match schema(only) {
            Value::Mapping(i) => i,
            other => return other,
        };
        for (k, v) in m {
            let k_str = k.as_str().unwrap_or_default();
            if k_str == "allOf" || k_str == "description" {
                continue;
            }
            inner.insert(k.clone(), convert_value(k_str, v));
        }
        return Value::Mapping(inner);
    }
    let mut out = Mapping::new();
    if !m.contains_key("type") && !m.contains_key("$ref") && m.contains_key("properties") {
        out.insert(key("type"), key("object"));
    }
    for (k, v) in m {
        let k_str = k.as_str().unwrap_or_default();
        if k_str == "description" || k_str.starts_with("x-") {
            continue;
        }
        out.insert(k.clone(), convert_value(k_str, v));
    }
    // `$ref` whose siblings were only prose.
    if let Some(Value::Sequence(all)) = out.get("allOf")
        && let [only] = all.as_slice()
        && only.get("$ref").is_some()
        && out.len() == 1
    {
        return only.clone();
    }
    Value::Mapping(out)
}

/// The value of the schema keyword `k`, converted.
fn convert_value(k: &str, v: &Value) -> Value {
    match k {
        "properties" => {
            let mut props = Mapping::new();
            for (name, p) in v.as_mapping().into_iter().flatten() {
                props.insert(name.clone(), schema(p));
            }
            Value::Mapping(props)
        }
        "items" | "not" => schema(v),
        "additionalProperties" if v.is_mapping() => schema(v),
        "allOf" | "oneOf" | "anyOf" => {
            Value::Sequence(v.as_sequence().into_iter().flatten().map(schema).collect())
        }
        _ => v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
# A comment the import keeps.
x-doc-coverage-tags: [Tenant]
tags:
  - name: Tenant
    description: Our words.
paths:
  /tenant:
    get:
      operationId: get_tenant
      summary: Hand-written.
      responses:
        '200': {description: ok}
components:
  parameters:
    Skip: {name: skip, in: query, schema: {type: integer}}
    Top: {name: top, in: query, schema: {type: integer}}
  schemas: {}
";

    fn doc() -> Value {
        serde_json::from_str(
            r##"{"openapi": "3.1.0", "paths": {
              "/tenant": {"get": {"operationId": "getTenant", "tags": ["Tenant"],
                                  "summary": "Their words", "responses": {"200": {"description": "OK"}}}},
              "/users": {"get": {"operationId": "listUsers", "tags": ["User"],
                "description": "Their sentence.",
                "parameters": [{"name": "skip", "in": "query", "schema": {"type": "integer"}},
                               {"name": "top", "in": "query", "schema": {"type": "integer", "maximum": 50}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                  "type": "object", "properties": {
                    "count": {"type": "integer"},
                    "items": {"type": "array", "items": {"properties": {
                      "id": {"allOf": [{"type": "string", "description": "x"}, {"description": "z"}], "description": "y"},
                      "seen": {"type": "string", "format": "date_time"},
                      "role": {"$ref": "#/components/schemas/Role"}}}}}}}}},
                  "4XX": {"description": "Error"}}}}},
              "components": {"schemas": {"Role": {"type": "string", "enum": ["admin", "user"],
                                                  "description": "Their words"},
                                         "Unused": {"type": "string"}}}}"##,
        )
        .unwrap()
    }

    #[test]
    fn adds_what_the_spec_lacks_in_our_shape_and_keeps_the_rest() {
        let (text, report) = import(SPEC, &doc()).unwrap();
        assert_eq!(
            report,
            Report {
                kept: 1,
                added: 1,
                schemas: 2,
                tags: 1
            }
        );
        assert!(
            text.contains("# A comment the import keeps.\nx-doc-coverage-tags: [Tenant, User]\n")
        );
        assert!(text.contains("summary: Hand-written."));
        assert!(!text.contains("Their"), "{text}");
        let v: Value = serde_norway::from_str(&text).unwrap();
        let op = &v["paths"]["/users"]["get"];
        assert_eq!(op["operationId"].as_str(), Some("list_users"));
        assert_eq!(op["summary"].as_str(), Some("List users."));
        assert_eq!(
            op["parameters"][0]["$ref"].as_str(),
            Some("#/components/parameters/Skip")
        );
        assert_eq!(op["x-pagination"]["page-size"].as_u64(), Some(50));
        assert_eq!(op["x-pagination"]["total"].as_str(), Some("count"));
        let item = &v["components"]["schemas"]["ListUsersItem"];
        assert_eq!(item["type"].as_str(), Some("object"));
        assert_eq!(
            serde_norway::to_string(&item["properties"]["id"]).unwrap(),
            "type: string\n"
        );
        assert_eq!(
            item["properties"]["seen"]["format"].as_str(),
            Some("date_time")
        );
        assert!(v["components"]["schemas"]["Role"]["enum"].is_sequence());
        assert!(v["components"]["schemas"].get("Unused").is_none());
    }

    #[test]
    fn cut_down_to_tags_keeps_what_they_reach() {
        let (full, _) = import(SPEC, &doc()).unwrap();
        let small = only_tags(&full, &["User"]).unwrap();
        let v: Value = serde_norway::from_str(&small).unwrap();
        assert!(v["paths"].get("/tenant").is_none());
        assert!(v["components"]["schemas"].get("ListUsersItem").is_some());
        assert!(v["components"]["schemas"].get("Role").is_some());
        assert!(v["components"]["parameters"].get("Skip").is_some());
        assert!(small.contains("x-doc-coverage-tags: [User]\n"));
    }

    #[test]
    fn a_second_import_changes_nothing() {
        let (once, _) = import(SPEC, &doc()).unwrap();
        let (twice, report) = import(&once, &doc()).unwrap();
        assert_eq!(once, twice);
        assert_eq!((report.added, report.kept), (0, 2));
    }
}
