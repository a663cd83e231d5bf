//! Validation: the rules a spec must meet before any code is emitted.
//!
//! progenitor panics or silently emits wrong wire formats on several shapes;
//! each such shape is rejected here first, with the file, line and operation,
//! so users never see a panic from deep inside the emitter.

use std::collections::BTreeMap;

use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, StatusCode};

use crate::error::{Diagnostic, Error, Result};
use crate::front::lines::Seg;
use crate::front::load::Spec;

/// The HTTP methods OpenAPI allows on a path item, in its order.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Request body media types the emitter can send.
const REQUEST_MEDIA: [&str; 5] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/octet-stream",
    "text/plain",
];

/// Checks every rule and reports every defect found, in file order.
pub fn validate(spec: &Spec) -> Result<()> {
    let mut v = Validator {
        spec,
        found: Vec::new(),
    };
    v.operation_ids();
    v.operations();
    v.rate_limits();
    v.idempotency();
    v.credentials_in_form();
    v.envelope();
    v.evidence();
    v.aliases();
    if v.found.is_empty() {
        return Ok(());
    }
    v.found
        .sort_by_key(|d| (d.line.unwrap_or(usize::MAX), d.message.clone()));
    Err(Error::Invalid {
        diagnostics: v.found,
    })
}

struct Validator<'a> {
    spec: &'a Spec,
    found: Vec<Diagnostic>,
}

/// Where an operation sits in the document.
struct At<'a> {
    path: &'a str,
    method: &'a str,
    name: String,
}

impl At<'_> {
    fn segs(&self, tail: &[Seg]) -> Vec<Seg> {
        let mut s = vec![
            Seg::from("paths"),
            Seg::from(self.path),
            Seg::from(self.method),
        ];
        s.extend_from_slice(tail);
        s
    }
}

impl<'a> Validator<'a> {
    fn report(&mut self, at: Option<&At<'_>>, tail: &[Seg], message: String, help: &str) {
        let line = at.map_or_else(|| self.spec.line(tail), |a| self.spec.line(&a.segs(tail)));
        self.found.push(Diagnostic {
            file: self.spec.file.clone(),
            line,
            operation: at.map(|a| a.name.clone()),
            message,
            help: Some(help.to_owned()),
        });
    }

    fn each_operation(
        &self,
    ) -> Vec<(
        At<'a>,
        &'a openapiv3::Operation,
        &'a [ReferenceOr<Parameter>],
    )> {
        let spec: &'a Spec = self.spec;
        let mut out = Vec::new();
        for (path, item) in &spec.openapi.paths.paths {
            let Some(item) = item.as_item() else { continue };
            for (method, op) in item.iter() {
                let name = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
                out.push((At { path, method, name }, op, item.parameters.as_slice()));
            }
        }
        out
    }

    fn operation_ids(&mut self) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (at, op, _) in self.each_operation() {
            match &op.operation_id {
                None => self.report(
                    Some(&at),
                    &[],
                    "the operation has no `operationId`".into(),
                    "add a unique snake_case `operationId`; it becomes the Rust method name",
                ),
                Some(id) => {
                    if let Some(first) = seen.get(id) {
                        let msg = format!("duplicate `operationId: {id}` (first used by {first})");
                        self.report(
                            Some(&at),
                            &["operationId".into()],
                            msg,
                            "operation ids must be unique across the spec; rename one of them",
                        );
                    } else {
                        seen.insert(
                            id.clone(),
                            format!("{} {}", at.method.to_uppercase(), at.path),
                        );
                    }
                }
            }
        }
    }

    /// `x-rate-limit`, `x-rate-limits` and `x-rate-limit-pools` must be well formed.
    fn rate_limits(&mut self) {
        let help = "write `{requests: <n>, per: second|minute|hour|day}`";
        let ext = &self.spec.openapi.extensions;
        let mut pools = Vec::new();
        if let Some(v) = ext.get("x-rate-limit") {
            if crate::model::normalize::parse_limit(v).is_none() {
                self.report(
                    None,
                    &["x-rate-limit".into()],
                    "`x-rate-limit` is not a valid limit".into(),
                    help,
                );
            }
            pools.push("default".to_owned());
        }
        if let Some(v) = ext.get("x-rate-limits") {
            match v.as_object() {
                Some(map) => {
                    for (name, limit) in map {
                        if crate::model::normalize::parse_limit(limit).is_none() {
                            self.report(
                                None,
                                &["x-rate-limits".into(), Seg::Key(name.clone())],
                                format!("rate-limit pool `{name}` is not a valid limit"),
                                help,
                            );
                        }
                        pools.push(name.clone());
                    }
                }
                None => self.report(
                    None,
                    &["x-rate-limits".into()],
                    "`x-rate-limits` must map pool names to limits".into(),
                    help,
                ),
            }
        }
        for (at, op, _) in self.each_operation() {
            let Some(v) = op.extensions.get("x-rate-limit-pools") else {
                continue;
            };
            let names: Option<Vec<&str>> = v
                .as_array()
                .map(|a| a.iter().filter_map(|p| p.as_str()).collect());
            match names {
                Some(names) if names.len() == v.as_array().map_or(0, Vec::len) => {
                    for name in names {
                        if !pools.iter().any(|p| p == name) {
                            self.report(
                                Some(&at),
                                &["x-rate-limit-pools".into()],
                                format!("rate-limit pool `{name}` is not defined"),
                                "define it under `x-rate-limits` at the top of the spec",
                            );
                        }
                    }
                }
                _ => self.report(
                    Some(&at),
                    &["x-rate-limit-pools".into()],
                    "`x-rate-limit-pools` must be a list of pool names".into(),
                    "write `x-rate-limit-pools: [<pool>, ...]`",
                ),
            }
        }
    }

    /// `x-credentials-in-form` at the root is a boolean.
    fn credentials_in_form(&mut self) {
        if let Some(v) = self.spec.openapi.extensions.get("x-credentials-in-form")
            && !v.is_boolean()
        {
            self.report(
                None,
                &["x-credentials-in-form".into()],
                format!("`x-credentials-in-form` is `{v}`, not a boolean"),
                "write `x-credentials-in-form: true` to send query credentials in form bodies, or leave it out",
            );
        }
    }

    /// `x-idempotent-default` at the root is `by-method`, `true` or `false`;
    /// `x-idempotent` on an operation is a boolean.
    fn idempotency(&mut self) {
        if let Some(v) = self.spec.openapi.extensions.get("x-idempotent-default")
            && crate::model::normalize::parse_idempotent_default(v).is_none()
        {
            self.report(
                None,
                &["x-idempotent-default".into()],
                format!("`x-idempotent-default` is `{v}`, not one of `by-method`, `true`, `false`"),
                "write `x-idempotent-default: by-method` (GET, HEAD, PUT, DELETE, OPTIONS and TRACE may be repeated), `true` or `false`",
            );
        }
        for (at, op, _) in self.each_operation() {
            if let Some(v) = op.extensions.get("x-idempotent")
                && !v.is_boolean()
            {
                self.report(
                    Some(&at),
                    &["x-idempotent".into()],
                    format!("`x-idempotent` is `{v}`, not a boolean"),
                    "write `x-idempotent: true` when sending the request twice has the effect of sending it once, `false` otherwise",
                );
            }
        }
    }

    /// `x-evidence` on an operation is one of the values the generator documents.
    fn evidence(&mut self) {
        let known = crate::model::api::Evidence::ALL.map(|(k, _)| k);
        for (at, op, _) in self.each_operation() {
            if let Some(v) = op.extensions.get("x-evidence")
                && !v.as_str().is_some_and(|v| known.contains(&v))
            {
                self.report(
                    Some(&at),
                    &["x-evidence".into()],
                    format!("`x-evidence` is `{v}`, not one of `{}`", known.join("`, `")),
                    "write `x-evidence: inferred` when the operation was reconstructed from other evidence, `x-evidence: third-party` when it comes from a third-party client",
                );
            }
        }
    }

    /// `x-aliases` is a map from property to other names, on component schemas only.
    fn aliases(&mut self) {
        let openapi = &self.spec.openapi;
        let help = "write `x-aliases: {<property>: [<other name>, ...]}` on the component schema that has the property";
        if let Err((schema, message)) = crate::model::normalize::field_aliases(openapi) {
            self.report(
                None,
                &[
                    "components".into(),
                    "schemas".into(),
                    Seg::from(schema.as_str()),
                    "x-aliases".into(),
                ],
                message,
                help,
            );
        }
        let on_components = openapi.components.as_ref().map_or(0, |c| {
            c.schemas
                .values()
                .filter_map(ReferenceOr::as_item)
                .filter(|s| s.schema_data.extensions.contains_key("x-aliases"))
                .count()
        });
        if crate::model::normalize::schemas_with(openapi, "x-aliases") > on_components {
            self.report(
                None,
                &[],
                "`x-aliases` is only read on component schemas; an inline schema has one".into(),
                help,
            );
        }
    }

    /// `x-envelope` names every field the check needs.
    fn envelope(&mut self) {
        let Some(v) = self.spec.openapi.extensions.get("x-envelope") else {
            return;
        };
        if crate::model::normalize::envelope(&self.spec.openapi).is_none() {
            self.report(
                None,
                &["x-envelope".into()],
                "`x-envelope` needs `status`, `error`, `messages`, `code` and `text`".into(),
                "write `x-envelope: {status: <json pointer>, error: <value>, messages: <json pointer>, code: <field>, text: <field>}`",
            );
            return;
        }
        for key in ["status", "messages"] {
            if !v
                .get(key)
                .and_then(serde_json::Value::as_str)
                .is_some_and(|p| p.starts_with('/'))
            {
                self.report(
                    None,
                    &["x-envelope".into(), Seg::from(key)],
                    format!("`x-envelope.{key}` must be a JSON pointer starting with `/`"),
                    "for example `/response_details/response_status`",
                );
            }
        }
    }

    fn operations(&mut self) {
        for (at, op, shared) in self.each_operation() {
            self.responses(&at, op);
            self.request_body(&at, op);
            self.parameters(&at, op, shared);
            self.pagination(&at, op);
        }
    }

    fn responses(&mut self, at: &At<'_>, op: &openapiv3::Operation) {
        let responses = &op.responses;
        let success: Vec<(String, Option<String>)> = responses
            .responses
            .iter()
            .filter(|(code, _)| is_success(code))
            .map(|(code, r)| (code.to_string(), self.body_schema(r)))
            .collect();
        let typed_success = success.iter().any(|(_, body)| body.is_some());
        if responses.default.is_some() && typed_success {
            self.report(
                Some(at),
                &["responses".into(), "default".into()],
                "a `default` response next to a typed 2xx response is not supported".into(),
                "describe errors with `4XX`/`5XX` responses instead of `default`",
            );
        }
        let mut bodies: Vec<&String> = success.iter().filter_map(|(_, b)| b.as_ref()).collect();
        bodies.sort();
        bodies.dedup();
        if bodies.len() > 1 {
            let codes: Vec<&str> = success
                .iter()
                .filter(|(_, b)| b.is_some())
                .map(|(c, _)| c.as_str())
                .collect();
            self.report(
                Some(at),
                &["responses".into()],
                format!("success responses {} have different body schemas", codes.join(", ")),
                "keep one success schema per operation (merge them into one schema, or drop the body of the others)",
            );
        }
        let mut errors: Vec<String> = responses
            .responses
            .iter()
            .filter(|(code, _)| !is_success(code))
            .filter_map(|(_, r)| self.body_schema(r))
            .collect();
        errors.sort();
        errors.dedup();
        if errors.len() > 1 {
            self.report(
                Some(at),
                &["responses".into()],
                "error responses have different body schemas".into(),
                "merge the error bodies into one schema and reference it from every 4XX/5XX response",
            );
        }
        for (code, r) in &responses.responses {
            if let ReferenceOr::Item(r) = r
                && r.content.len() > 1
            {
                self.report(
                    Some(at),
                    &[
                        "responses".into(),
                        Seg::Key(code.to_string()),
                        "content".into(),
                    ],
                    format!("response {code} offers {} media types", r.content.len()),
                    "describe one media type per response",
                );
            }
        }
    }

    /// A canonical rendering of the response body schema, if the response has one.
    fn body_schema(&self, r: &ReferenceOr<openapiv3::Response>) -> Option<String> {
        let r = match r {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                let name = reference.rsplit('/').next()?;
                match self.spec.openapi.components.as_ref()?.responses.get(name)? {
                    ReferenceOr::Item(r) => r,
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        let (_, media) = r.content.first()?;
        media
            .schema
            .as_ref()
            .map(|s| serde_json::to_string(s).unwrap_or_default())
    }

    fn request_body(&mut self, at: &At<'_>, op: &'a openapiv3::Operation) {
        let Some(ReferenceOr::Item(body)) = &op.request_body else {
            return;
        };
        if body.content.len() == 2 && self.either_form(at, op, body) {
            return;
        }
        if body.content.len() > 1 {
            let kinds: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.report(
                Some(at),
                &["requestBody".into(), "content".into()],
                format!(
                    "the request body offers {} media types ({})",
                    kinds.len(),
                    kinds.join(", ")
                ),
                "describe exactly one request media type",
            );
            return;
        }
        if let Some((media, content)) = body.content.first()
            && media == "multipart/form-data"
        {
            self.multipart(at, op, content);
        }
        if let Some((media, _)) = body.content.first()
            && !REQUEST_MEDIA.contains(&media.as_str())
        {
            self.report(
                Some(at),
                &[
                    "requestBody".into(),
                    "content".into(),
                    Seg::Key(media.clone()),
                ],
                format!("request media type `{media}` is not supported"),
                &format!("use one of: {}", REQUEST_MEDIA.join(", ")),
            );
        }
    }

    /// `x-pagination` must name real query parameters and a list response.
    fn pagination(&mut self, at: &At<'_>, op: &'a openapiv3::Operation) {
        let Some(ext) = op.extensions.get("x-pagination") else {
            return;
        };
        let tail = [Seg::from("x-pagination")];
        if let Some(rpc) = crate::model::normalize::rpc_pagination(&self.spec.openapi, op) {
            if let Err(message) = rpc {
                self.report(
                    Some(at),
                    &tail,
                    message,
                    "write `x-pagination: {param: <object parameter>, offset: <integer member>, limit: <integer member>, page-size: <n>, items: <array member of the result>, total: <integer member>?, more: <boolean member>?}`",
                );
            }
            return;
        }
        let help = "write `x-pagination: {offset: <query param>, limit: <query param>, page-size: <n>, items: <field>?, total: <field>?}`";
        let field = |k: &str| ext.get(k).and_then(serde_json::Value::as_str);
        let size = ext
            .get("page-size")
            .and_then(serde_json::Value::as_u64)
            .filter(|n| *n > 0 && *n <= u64::from(u32::MAX));
        let (Some(offset), Some(limit), Some(_)) = (field("offset"), field("limit"), size) else {
            self.report(
                Some(at),
                &tail,
                "`x-pagination` needs `offset`, `limit` and a positive `page-size`".into(),
                help,
            );
            return;
        };
        let names: Vec<String> = op
            .parameters
            .iter()
            .filter_map(|p| self.resolve(p))
            .filter(|p| matches!(p, Parameter::Query { .. }))
            .flat_map(|p| {
                let data = p.parameter_data_ref();
                let mut out = vec![data.name.clone()];
                if let Parameter::Query {
                    style: QueryStyle::DeepObject,
                    ..
                } = p
                    && let ParameterSchemaOrContent::Schema(s) = &data.format
                    && let Some(openapiv3::Schema {
                        schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)),
                        ..
                    }) = self.resolve_schema(s)
                {
                    out.extend(o.properties.keys().map(|k| format!("{}[{k}]", data.name)));
                }
                out
            })
            .collect();
        for (role, name) in [("offset", offset), ("limit", limit)] {
            if !names.iter().any(|n| n == name) {
                self.report(
                    Some(at),
                    &tail,
                    format!("`x-pagination` {role} parameter `{name}` is not a query parameter of the operation"),
                    &format!("declare it, or name one of: {}", names.join(", ")),
                );
            }
        }
        let normalized =
            crate::model::normalize::normalize_operation_for_paging(&self.spec.openapi, op);
        if !normalized {
            self.report(
                Some(at),
                &tail,
                "`x-pagination` needs a success response that is an array of a named schema, or an object whose `items` field is one".into(),
                help,
            );
        }
    }

    /// A body declared both as `application/x-www-form-urlencoded` and as
    /// `multipart/form-data` is sent urlencoded unless a file part is set,
    /// so both must share one schema with an optional file part. Returns
    /// whether `body` is that pair (checked and reported here), `false` for
    /// any other pair of media types.
    fn either_form(
        &mut self,
        at: &At<'_>,
        op: &'a openapiv3::Operation,
        body: &'a openapiv3::RequestBody,
    ) -> bool {
        let (Some(form), Some(multipart)) = (
            body.content.get("application/x-www-form-urlencoded"),
            body.content.get("multipart/form-data"),
        ) else {
            return false;
        };
        let tail = [Seg::from("requestBody"), Seg::from("content")];
        let text = |m: &openapiv3::MediaType| serde_json::to_string(&m.schema).unwrap_or_default();
        if text(form) != text(multipart) {
            self.report(
                Some(at),
                &tail,
                "the urlencoded and the multipart body have different schemas".into(),
                "give both media types the same schema: the client sends one or the other depending on whether a file part is set",
            );
            return true;
        }
        self.multipart(at, op, multipart);
        let schema = multipart
            .schema
            .as_ref()
            .and_then(|s| self.resolve_schema(s));
        let optional_file = match schema.map(|s| &s.schema_kind) {
            Some(openapiv3::SchemaKind::Type(openapiv3::Type::Object(o))) => {
                o.properties.iter().any(|(name, p)| {
                    !o.required.contains(name)
                        && p.as_item().is_some_and(|p| {
                            matches!(
                                &p.schema_kind,
                                openapiv3::SchemaKind::Type(openapiv3::Type::String(t))
                                    if t.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
                            )
                        })
                })
            }
            _ => true, // Reported by the multipart check.
        };
        if !optional_file {
            self.report(
                Some(at),
                &tail,
                "the body is declared urlencoded and multipart, but has no optional file part to choose between them".into(),
                "declare only `multipart/form-data` when a file is always sent, only `application/x-www-form-urlencoded` when none is",
            );
        }
        true
    }

    /// Multipart bodies are emitted by our own code, which supports flat
    /// objects of scalars and binary strings, and no parameters.
    fn multipart(
        &mut self,
        at: &At<'_>,
        op: &'a openapiv3::Operation,
        content: &'a openapiv3::MediaType,
    ) {
        let tail = [
            Seg::from("requestBody"),
            Seg::from("content"),
            Seg::from("multipart/form-data"),
        ];
        if !op.parameters.is_empty() {
            self.report(
                Some(at),
                &tail,
                "multipart operations with parameters are not supported yet".into(),
                "move the values into the multipart body, or extend the multipart emitter",
            );
        }
        let schema = content.schema.as_ref().and_then(|s| self.resolve_schema(s));
        let props = match schema.map(|s| &s.schema_kind) {
            Some(openapiv3::SchemaKind::Type(openapiv3::Type::Object(o))) => &o.properties,
            _ => {
                self.report(
                    Some(at),
                    &tail,
                    "a multipart body must be an object schema".into(),
                    "describe each part as a property of one object",
                );
                return;
            }
        };
        for (name, prop) in props {
            let flat = match prop {
                ReferenceOr::Item(p) => is_scalar(p),
                ReferenceOr::Reference { reference } => reference
                    .rsplit('/')
                    .next()
                    .and_then(|n| {
                        self.spec
                            .openapi
                            .components
                            .as_ref()?
                            .schemas
                            .get(n)?
                            .as_item()
                    })
                    .is_some_and(is_scalar),
            };
            if !flat {
                self.report(
                    Some(at),
                    &tail,
                    format!("multipart part `{name}` is not a scalar or a binary string"),
                    "multipart parts must be strings, numbers, booleans or `format: binary` files",
                );
            }
        }
    }
}

fn is_scalar(s: &openapiv3::Schema) -> bool {
    {
        matches!(
            s.schema_kind,
            openapiv3::SchemaKind::Type(
                openapiv3::Type::String(_)
                    | openapiv3::Type::Integer(_)
                    | openapiv3::Type::Number(_)
                    | openapiv3::Type::Boolean(_)
            )
        )
    }
}

impl<'a> Validator<'a> {
    fn resolve_schema(
        &self,
        s: &'a ReferenceOr<openapiv3::Schema>,
    ) -> Option<&'a openapiv3::Schema> {
        let spec: &'a Spec = self.spec;
        match s {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                let name = reference.rsplit('/').next()?;
                spec.openapi
                    .components
                    .as_ref()?
                    .schemas
                    .get(name)?
                    .as_item()
            }
        }
    }

    fn parameters(
        &mut self,
        at: &At<'_>,
        op: &'a openapiv3::Operation,
        shared: &'a [ReferenceOr<Parameter>],
    ) {
        let template: Vec<&str> = at
            .path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        let mut path_params = Vec::new();
        let all = shared
            .iter()
            .map(|p| (p, true))
            .chain(op.parameters.iter().map(|p| (p, false)));
        for (i, (p, from_item)) in all.enumerate() {
            let index = if from_item { i } else { i - shared.len() };
            let tail = [Seg::from("parameters"), Seg::Index(index)];
            let Some(param) = self.resolve(p) else {
                continue;
            };
            let data = param.parameter_data_ref();
            let at_tail: &[Seg] = if from_item { &[] } else { &tail };
            match param {
                Parameter::Path { .. } => {
                    if !template.contains(&data.name.as_str()) {
                        self.report(
                            Some(at),
                            at_tail,
                            format!(
                                "path parameter `{}` does not appear in the path `{}`",
                                data.name, at.path
                            ),
                            &format!(
                                "add `{{{}}}` to the path, or declare the parameter `in: query`",
                                data.name
                            ),
                        );
                    }
                    path_params.push(data.name.clone());
                }
                Parameter::Query { style, .. } => {
                    let kind = self.schema_kind(&data.format);
                    match style {
                        QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                            let name = if matches!(style, QueryStyle::SpaceDelimited) {
                                "spaceDelimited"
                            } else {
                                "pipeDelimited"
                            };
                            self.report(
                                Some(at),
                                at_tail,
                                format!("query parameter `{}` uses `style: {name}`, which the emitter cannot encode", data.name),
                                "use `style: form` with `explode: false` for a comma-joined list",
                            );
                        }
                        QueryStyle::DeepObject if kind != Kind::Object && kind != Kind::Array => self.report(
                            Some(at),
                            at_tail,
                            format!("query parameter `{}` uses `style: deepObject` but its schema is not an object or an array", data.name),
                            "give the parameter an object schema (`name[key]=v`) or an array of objects (`name[0][key]=v`), or use `style: form`",
                        ),
                        QueryStyle::DeepObject => {}
                        QueryStyle::Form if data.explode == Some(false) && kind != Kind::Array => self.report(
                            Some(at),
                            at_tail,
                            format!("query parameter `{}` sets `explode: false` but is not an array", data.name),
                            "`explode: false` joins array items with commas; remove it for scalars",
                        ),
                        QueryStyle::Form if kind == Kind::Object => self.report(
                            Some(at),
                            at_tail,
                            format!("query parameter `{}` is an object with `style: form`, which has no unambiguous encoding", data.name),
                            "use `style: deepObject` for bracket keys (`name[key]=value`), or one scalar parameter per field",
                        ),
                        QueryStyle::Form => {}
                    }
                }
                Parameter::Header { .. } => {}
                Parameter::Cookie { .. } => self.report(
                    Some(at),
                    at_tail,
                    format!("cookie parameter `{}` is not supported", data.name),
                    "send the value as a header or query parameter instead",
                ),
            }
        }
        for name in template {
            if !path_params.iter().any(|p| p == name) {
                self.report(
                    Some(at),
                    &[],
                    format!("the path `{}` uses `{{{name}}}` but no path parameter `{name}` is declared", at.path),
                    &format!("declare `- name: {name}` with `in: path` and `required: true`"),
                );
            }
        }
    }

    fn resolve(&self, p: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
        let spec: &'a Spec = self.spec;
        match p {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => {
                let name = reference.rsplit('/').next()?;
                spec.openapi
                    .components
                    .as_ref()?
                    .parameters
                    .get(name)?
                    .as_item()
            }
        }
    }

    /// The broad kind of a parameter's schema, following one `$ref`.
    fn schema_kind(&self, format: &'a ParameterSchemaOrContent) -> Kind {
        let ParameterSchemaOrContent::Schema(schema) = format else {
            return Kind::Other;
        };
        let Some(schema) = self.resolve_schema(schema) else {
            return Kind::Other;
        };
        match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(_)) => Kind::Object,
            openapiv3::SchemaKind::Type(openapiv3::Type::Array(_)) => Kind::Array,
            _ => Kind::Other,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    Other,
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    }
}
