//! Documentation for the public items progenitor and typify leave bare: the
//! builders of every type and operation, their setters, and fields the spec
//! does not describe. Every public item of a generated crate carries a doc
//! (`missing_docs` is an error in CI); each setter says what its field or
//! parameter is, taken from the spec, and whether it is required.
//!
//! The pass only adds `#[doc]` attributes to items that have none, so it
//! cannot change what the code does. It also words progenitor's setter
//! errors in plain terms (`` `currency` cannot be converted to `Currency` ``
//! instead of a printed token path); that rewrite is counted per builder and
//! fails generation when a setter lacks the message progenitor writes.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Attribute, Fields, ImplItem, Item};

use crate::error::{Diagnostic, Error, Result};
use crate::model::api::{Model, Operation};

/// A `#[doc = "…"]` attribute.
fn doc(text: &str) -> Attribute {
    syn::parse_quote!(#[doc = #text])
}

fn has_doc(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}

fn docs_of(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect()
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The name a field has on the wire: its `#[serde(rename = "…")]`, else
/// its identifier.
/// Whether `field` is a `#[serde(flatten)]` map: the members its schema
/// does not name.
fn is_flattened(field: &syn::Field) -> bool {
    field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .any(|a| {
            let mut flatten = false;
            let _ = a.parse_nested_meta(|m| {
                if m.path.is_ident("flatten") {
                    flatten = true;
                } else if m.input.peek(syn::Token![=]) {
                    let _: syn::Expr = m.value()?.parse()?;
                }
                Ok(())
            });
            flatten
        })
}

fn wire_name(field: &syn::Field) -> String {
    for a in &field.attrs {
        if !a.path().is_ident("serde") {
            continue;
        }
        let mut renamed = None;
        let _ = a.parse_nested_meta(|m| {
            if m.path.is_ident("rename") {
                let s: syn::LitStr = m.value()?.parse()?;
                renamed = Some(s.value());
            } else if m.input.peek(syn::Token![=]) {
                let _: syn::Expr = m.value()?.parse()?;
            }
            Ok(())
        });
        if let Some(name) = renamed {
            return name;
        }
    }
    field
        .ident
        .as_ref()
        .map(|i| i.to_string().trim_start_matches("r#").to_owned())
        .unwrap_or_default()
}

fn self_name(imp: &syn::ItemImpl) -> Option<String> {
    match &*imp.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Fills in the docs of the `types` module: bare types and fields, each
/// type's `builder()` and the `builder` module typify writes.
pub(crate) fn types(items: &mut [Item]) {
    // (type, field) -> the field's doc, for the builder setters.
    let mut field_docs: BTreeMap<(String, String), Vec<Attribute>> = BTreeMap::new();
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => {
                let name = s.ident.to_string();
                if !has_doc(&s.attrs) {
                    s.attrs.insert(0, doc(&format!("The `{name}` object.")));
                }
                if let Fields::Named(named) = &mut s.fields {
                    for f in &mut named.named {
                        if is_pub(&f.vis) && !has_doc(&f.attrs) {
                            let text = if is_flattened(f) {
                                "Members the server sent that the spec does not name, kept as \
                                 sent: encoding the value writes them back."
                                    .to_owned()
                            } else {
                                format!("The `{}` member.", wire_name(f))
                            };
                            f.attrs.insert(0, doc(&text));
                        }
                        if let Some(ident) = &f.ident {
                            let key = ident.to_string().trim_start_matches("r#").to_owned();
                            field_docs.insert((name.clone(), key), docs_of(&f.attrs));
                        }
                    }
                }
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                if !has_doc(&e.attrs) {
                    let text = format!("The `{}` values.", e.ident);
                    e.attrs.insert(0, doc(&text));
                }
                // typify leaves the variants of an untagged union bare.
                for v in &mut e.variants {
                    if has_doc(&v.attrs) {
                        continue;
                    }
                    let text = match &v.fields {
                        Fields::Unnamed(u) if u.unnamed.len() == 1 => format!(
                            "The value when it has the shape of `{}`.",
                            crate::output::listing::tidy(
                                &u.unnamed[0].ty.to_token_stream().to_string()
                            )
                        ),
                        _ => format!("The `{}` case.", v.ident),
                    };
                    v.attrs.insert(0, doc(&text));
                }
                // The members of a struct-like variant (an untagged union
                // of inline objects).
                for v in &mut e.variants {
                    if let Fields::Named(named) = &mut v.fields {
                        for f in &mut named.named {
                            if !has_doc(&f.attrs) {
                                f.attrs
                                    .insert(0, doc(&format!("The `{}` member.", wire_name(f))));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for item in items.iter_mut() {
        match item {
            Item::Impl(imp) if imp.trait_.is_none() => {
                let Some(name) = self_name(imp) else { continue };
                for it in &mut imp.items {
                    if let ImplItem::Fn(f) = it
                        && f.sig.ident == "builder"
                        && !has_doc(&f.attrs)
                    {
                        let text = format!(
                            "Starts a [`builder::{name}`], which sets the fields one at a time and \
                             checks them when it becomes a `{name}` (`try_into()`, or by passing it \
                             where a `{name}` is expected)."
                        );
                        f.attrs.insert(0, doc(&text));
                    }
                }
            }
            Item::Mod(m) if m.ident == "builder" => {
                if !has_doc(&m.attrs) {
                    m.attrs.insert(
                        0,
                        doc("Builders of the types above, one per type, each setter named after its field."),
                    );
                }
                if let Some((_, inner)) = &mut m.content {
                    type_builders(inner, &field_docs);
                }
            }
            Item::Mod(m) if m.ident == "error" && !has_doc(&m.attrs) => {
                m.attrs
                    .insert(0, doc("The error of a type's checked conversions."));
            }
            _ => {}
        }
    }
}

fn type_builders(items: &mut [Item], field_docs: &BTreeMap<(String, String), Vec<Attribute>>) {
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) if is_pub(&s.vis) && !has_doc(&s.attrs) => {
                let name = s.ident.to_string();
                let text = format!(
                    "Builder for [`{name}`](super::{name}): each setter sets one field; the \
                     conversion into `{name}` reports the first setter that failed."
                );
                s.attrs.insert(0, doc(&text));
            }
            Item::Impl(imp) if imp.trait_.is_none() => {
                let Some(name) = self_name(imp) else { continue };
                for it in &mut imp.items {
                    let ImplItem::Fn(f) = it else { continue };
                    if !is_pub(&f.vis) || has_doc(&f.attrs) {
                        continue;
                    }
                    let field = f.sig.ident.to_string().trim_start_matches("r#").to_owned();
                    let docs = match field_docs.get(&(name.clone(), field.clone())) {
                        Some(docs) if !docs.is_empty() => docs.clone(),
                        _ => vec![doc(&format!("Sets `{field}`."))],
                    };
                    f.attrs.splice(0..0, docs);
                }
            }
            _ => {}
        }
    }
}

/// What the spec says about one operation's setters.
#[derive(Default)]
struct OperationDocs {
    id: String,
    /// setter name -> description.
    params: BTreeMap<String, String>,
    /// The request body's description, if the spec gives one.
    body: Option<String>,
}

/// The docs of every operation progenitor writes a builder for, by builder
/// name.
fn operation_docs(model: &Model) -> BTreeMap<String, OperationDocs> {
    model
        .progenitor()
        .map(|op| (op.id.to_upper_camel_case(), setter_docs(op)))
        .collect()
}

fn setter_docs(op: &Operation) -> OperationDocs {
    let mut docs = OperationDocs {
        id: op.id.clone(),
        body: op.body.as_ref().and_then(|b| b.description.clone()),
        ..Default::default()
    };
    for p in &op.params {
        let text = match (&p.description, &p.schema_description) {
            (Some(d), Some(s)) if !d.contains(s.trim()) => format!("{d}\n\n{s}"),
            (Some(d), _) => d.clone(),
            (None, s) => s.clone().unwrap_or_default(),
        };
        if !text.trim().is_empty() {
            docs.params.insert(setter_name(&p.name), text);
        }
    }
    docs
}

/// progenitor's setter name for a parameter.
fn setter_name(param: &str) -> String {
    param.to_snake_case()
}

/// The description of the parameter whose setter is `field`. progenitor
/// names a parameter that is a Rust keyword with a trailing `_` (`type`
/// becomes `type_`), which the parameter's own snake-case name lacks.
fn param_doc(params: &BTreeMap<String, String>, field: &str) -> Option<String> {
    params
        .get(field)
        .or_else(|| field.strip_suffix('_').and_then(|base| params.get(base)))
        .cloned()
}

/// Fills in the docs of the operation builders (`builder.rs`) and words
/// their setter errors plainly.
pub(crate) fn operation_builders(
    items: &mut [Item],
    model: &Model,
    spec_file: &std::path::Path,
) -> Result<()> {
    let ops = operation_docs(model);
    // Which setters take an optional value: their field is `Result<Option<_>, _>`.
    let mut optional: BTreeMap<(String, String), bool> = BTreeMap::new();
    // Builders whose body starts unset: a raw body (`reqwest::Body` for
    // `application/octet-stream`), where a typed body starts as its default.
    let mut raw_body: std::collections::BTreeSet<String> = Default::default();
    for item in items.iter() {
        if let Item::Struct(s) = item
            && let Fields::Named(named) = &s.fields
        {
            for f in &named.named {
                let Some(ident) = &f.ident else { continue };
                let ty = f.ty.to_token_stream().to_string();
                if ident == "body" && !ty.contains("builder ::") {
                    raw_body.insert(s.ident.to_string());
                }
                optional.insert(
                    (s.ident.to_string(), ident.to_string()),
                    ty.starts_with("Result < Option <"),
                );
            }
        }
    }
    let mut errors = Vec::new();
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(name) = self_name(imp) else { continue };
        let Some(op) = ops.get(&name) else { continue };
        let id = &op.id;
        for it in &mut imp.items {
            let ImplItem::Fn(f) = it else { continue };
            if !is_pub(&f.vis) {
                continue;
            }
            let setter = f.sig.ident.to_string();
            if setter == "new" {
                let mut unset = PlainUnset { rewritten: 0 };
                unset.visit_block_mut(&mut f.block);
                let required = optional
                    .iter()
                    .filter(|((b, field), opt)| {
                        *b == name && !**opt && field != "client" && field != "body"
                    })
                    .count()
                    + usize::from(raw_body.contains(&name));
                if unset.rewritten != required {
                    errors.push(Diagnostic {
                        file: spec_file.to_path_buf(),
                        line: None,
                        operation: Some(id.clone()),
                        message: format!(
                            "the builder's `new` has {} messages for unset parameters, not {required}",
                            unset.rewritten
                        ),
                        help: Some(
                            "progenitor's builder output changed; update codegen/src/emit/docs.rs"
                                .into(),
                        ),
                    });
                }
                if !has_doc(&f.attrs) {
                    let text = format!(
                        "A builder for [`Client::{id}`](super::Client::{id}), which is the usual \
                         way to get one."
                    );
                    f.attrs.insert(0, doc(&text));
                }
                continue;
            }
            if matches!(setter.as_str(), "send" | "stream" | "stream_with") {
                continue;
            }
            let is_setter = f.sig.inputs.len() == 2
                && matches!(f.sig.output, syn::ReturnType::Type(..))
                && f.sig.output.to_token_stream().to_string() == "-> Self";
            if !is_setter {
                continue;
            }
            if !has_doc(&f.attrs) {
                let field = setter.trim_start_matches("r#");
                let base = match setter.as_str() {
                    "body" => op.body.clone().map_or_else(
                        || "The request body.".to_owned(),
                        |d| format!("{}\n\nSent as the request body.", d.trim_end()),
                    ),
                    "body_map" => "Changes the request body through its builder, starting from \
                                   the body set so far (or an empty one)."
                        .to_owned(),
                    _ => param_doc(&op.params, field)
                        .unwrap_or_else(|| format!("Sets the `{field}` parameter.")),
                };
                let required = !optional
                    .get(&(name.clone(), field.to_owned()))
                    .copied()
                    .unwrap_or(true)
                    && setter != "body_map";
                let text = if required {
                    format!(
                        "{}\n\nRequired: `send` fails when it is not set.",
                        base.trim_end()
                    )
                } else {
                    base
                };
                f.attrs.insert(0, doc(&text));
            }
            let mut plain = PlainConversion {
                setter: setter.trim_start_matches("r#").to_owned(),
                rewritten: 0,
            };
            plain.visit_block_mut(&mut f.block);
            // Every parameter setter progenitor writes names its failure
            // once; a setter without one means its output changed shape.
            if plain.rewritten != 1 && !setter.starts_with("body") {
                errors.push(Diagnostic {
                    file: spec_file.to_path_buf(),
                    line: None,
                    operation: Some(id.clone()),
                    message: format!(
                        "the setter `{setter}` has {} conversion messages to reword, not 1",
                        plain.rewritten
                    ),
                    help: Some(
                        "progenitor's builder output changed; update codegen/src/emit/docs.rs"
                            .into(),
                    ),
                });
            }
        }
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(Error::Invalid {
            diagnostics: errors,
        }),
    }
}

/// Rewords `"conversion to `:: std :: string :: String` for filter failed"`
/// as ``"`filter` cannot be converted to `String`"``.
struct PlainConversion {
    setter: String,
    rewritten: usize,
}

impl VisitMut for PlainConversion {
    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        let value = lit.value();
        let Some(rest) = value.strip_prefix("conversion to `") else {
            return;
        };
        let Some((ty, tail)) = rest.split_once("` for ") else {
            return;
        };
        let Some(after) = tail.strip_prefix(&format!("{} failed", self.setter)) else {
            return;
        };
        let short = ty.rsplit("::").next().unwrap_or(ty).trim().replace(' ', "");
        let text = format!("`{}` cannot be converted to `{short}`{after}", self.setter);
        *lit = syn::LitStr::new(&text, lit.span());
        self.rewritten += 1;
    }
}

/// Rewords `"id was not initialized"` (what `send` reports for a required
/// parameter that was never set) as ``"`id` is required but was not set"``.
struct PlainUnset {
    rewritten: usize,
}

impl VisitMut for PlainUnset {
    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        let value = lit.value();
        let Some(name) = value.strip_suffix(" was not initialized") else {
            return;
        };
        let text = format!("`{name}` is required but was not set");
        *lit = syn::LitStr::new(&text, lit.span());
        self.rewritten += 1;
    }
}

/// Fills in the docs of the typed mocks (`mock.rs`): each operation's
/// `When` and `Then` wrapper and their methods.
pub(crate) fn mocks(items: &mut [Item]) {
    for item in items.iter_mut() {
        let Item::Mod(m) = item else { continue };
        let Some((_, inner)) = &mut m.content else {
            continue;
        };
        for it in inner.iter_mut() {
            match it {
                Item::Struct(s) if is_pub(&s.vis) && !has_doc(&s.attrs) => {
                    let name = s.ident.to_string();
                    let text = if let Some(op) = name.strip_suffix("When") {
                        format!(
                            "What a request must carry to match a mock of `{}`.",
                            op.to_snake_case()
                        )
                    } else if let Some(op) = name.strip_suffix("Then") {
                        format!(
                            "What a mock of `{}` answers to a request that matches.",
                            op.to_snake_case()
                        )
                    } else {
                        format!("The `{name}` mock helper.")
                    };
                    s.attrs.insert(0, doc(&text));
                }
                Item::Impl(imp) if imp.trait_.is_none() => {
                    let Some(name) = self_name(imp) else { continue };
                    let when = name.ends_with("When");
                    for f in imp.items.iter_mut() {
                        let ImplItem::Fn(f) = f else { continue };
                        if !is_pub(&f.vis) || has_doc(&f.attrs) {
                            continue;
                        }
                        let method = f.sig.ident.to_string();
                        let method = method.trim_start_matches("r#");
                        let text = match method {
                            "new" => "Wraps httpmock's builder.".to_owned(),
                            "into_inner" => "httpmock's builder itself, for matchers or answers \
                                             this wrapper has no method for."
                                .to_owned(),
                            _ if when => format!(
                                "Matches only requests whose `{method}` is `value` (as the \
                                 client encodes it)."
                            ),
                            _ => format!("Answers as the operation's `{method}` response does."),
                        };
                        f.attrs.insert(0, doc(&text));
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /dids:
    get:
      operationId: list_dids
      parameters:
        - {name: area, in: query, required: true, description: Area code to search., schema: {type: string}}
      responses:
        '204': {description: ok}
";

    fn model() -> Model {
        let spec = crate::Spec::parse("specs/x.yaml", SPEC).unwrap();
        crate::normalize(&spec.openapi).model
    }

    /// A builder shaped like progenitor's, with `setter_body` as the
    /// setter's statements.
    fn builder(setter_body: proc_macro2::TokenStream) -> Vec<Item> {
        file(quote::quote! {
            pub struct ListDids<'a> {
                client: &'a super::Client,
                area: Result<::std::string::String, String>,
            }
            impl<'a> ListDids<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client, area: Err("area was not initialized".to_string()) }
                }
                pub fn area<V>(mut self, value: V) -> Self
                where
                    V: std::convert::TryInto<::std::string::String>,
                {
                    #setter_body
                }
            }
        })
    }

    fn file(tokens: proc_macro2::TokenStream) -> Vec<Item> {
        syn::parse2::<syn::File>(tokens).unwrap().items
    }

    #[test]
    fn setters_get_the_parameter_description_and_plain_messages() {
        let mut items = builder(quote::quote! {
            self.area = value.try_into().map_err(|_| "conversion to `:: std :: string :: String` for area failed".to_string());
            self
        });
        operation_builders(&mut items, &model(), std::path::Path::new("specs/x.yaml")).unwrap();
        let code = prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: vec![],
            items,
        });
        assert!(code.contains("Area code to search."), "{code}");
        assert!(
            code.contains("Required: `send` fails when it is not set."),
            "{code}"
        );
        assert!(
            code.contains("\"`area` cannot be converted to `String`\""),
            "{code}"
        );
        assert!(
            code.contains("\"`area` is required but was not set\""),
            "{code}"
        );
        assert!(
            code.contains("[`Client::list_dids`](super::Client::list_dids)"),
            "{code}"
        );
    }

    #[test]
    fn a_keyword_parameter_finds_its_description_under_its_setter_name() {
        let params: BTreeMap<String, String> = [
            ("type".to_owned(), "Kind of DID.".to_owned()),
            ("area".to_owned(), "Area code.".to_owned()),
        ]
        .into();
        assert_eq!(param_doc(&params, "type_").as_deref(), Some("Kind of DID."));
        assert_eq!(param_doc(&params, "area").as_deref(), Some("Area code."));
        assert_eq!(param_doc(&params, "area_"), Some("Area code.".to_owned()));
        assert_eq!(param_doc(&params, "limit"), None);
    }

    #[test]
    fn a_setter_whose_shape_changed_fails_generation_naming_the_operation() {
        // No conversion message to reword: progenitor's output is not what
        // this pass was written for, which must not go unnoticed.
        let mut items = builder(quote::quote! {
            self.area = value.try_into().map_err(|_| String::new());
            self
        });
        let err = operation_builders(&mut items, &model(), std::path::Path::new("specs/x.yaml"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: specs/x.yaml: operation `list_dids`: the setter `area` has 0 conversion messages to reword, not 1\n  \
             help: progenitor's builder output changed; update codegen/src/emit/docs.rs"
        );
    }

    #[test]
    fn type_builders_take_their_field_docs() {
        let mut items = file(quote::quote! {
            pub struct Did {
                /// The number, in E.164.
                pub number: String,
                #[serde(rename = "type")]
                pub type_: String,
            }
            impl Did {
                pub fn builder() -> builder::Did { Default::default() }
            }
            pub mod builder {
                pub struct Did { number: Result<String, String> }
                impl Did {
                    pub fn number<T>(mut self, value: T) -> Self { self }
                    pub fn type_<T>(mut self, value: T) -> Self { self }
                }
            }
        });
        types(&mut items);
        let code = prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: vec![],
            items,
        });
        assert!(code.contains("///The `Did` object."), "{code}");
        assert!(code.contains("///The `type` member."), "{code}");
        assert_eq!(
            code.matches("/// The number, in E.164.").count(),
            2,
            "{code}"
        );
        assert!(code.contains("Starts a [`builder::Did`]"), "{code}");
        assert!(code.contains("Builder for [`Did`](super::Did)"), "{code}");
    }
}
