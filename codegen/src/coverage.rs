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
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Operation => "operations",
            Kind::Object => "objects",
            Kind::Parameter => "parameters",
            Kind::Field => "fields",
            Kind::EnumValue => "enum values",
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

/// Extracts what `text` (a scrape in the layout of `provider`'s docs) documents.
pub fn documented(provider: &str, text: &str) -> Vec<DocItem> {
    let mut items = BTreeSet::new();
    let mut add = |kind: Kind, name: &str, line: usize| {
        let name = name.trim();
        if !name.is_empty() {
            items.insert((kind, name.to_owned(), line));
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    match provider {
        "portsip" => {
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
        "skyetel" => {
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
        "voicemeup" => {
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
        "callr" => {
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
        _ => {}
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
        let items = documented("portsip", PORTSIP_DOCS);
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
        let items = documented("skyetel", docs);
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
        let items = documented("voicemeup", docs);
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
        assert!(check(&api, &documented("portsip", PORTSIP_DOCS)).complete());
    }
}
