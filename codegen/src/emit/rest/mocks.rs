//! The typed httpmock helpers of a REST crate (`mock.rs`, the `mock`
//! feature): progenitor's `httpmock` output, finished from the spec.
//!
//! progenitor writes a `When`/`Then` pair per operation. Its paths match
//! only from the server root, its parameter values are not escaped, its
//! status-range answers panic outside the range, and nothing answers a
//! request no mock matches. So the pieces that depend on the spec are ours:
//!
//! - `MockServerExt` (the entry points) is emitted here from the spec, and
//!   installs `client_runtime::mock::fallback` after every mock;
//! - each `When::new` is emitted here from the operation's method and path,
//!   matching under the server root or the spec's base path;
//! - the bodies of the path-parameter setters are emitted here, escaping
//!   the value.
//!
//! What cannot be emitted cheaply (the setter signatures, which carry
//! typify's types) stays progenitor's, and two passes rewrite it: the query
//! setters ([`crate::emit::rest::wire::rewrite_mocks`]) and the status-range answers
//! (`status_ranges`). Every pass counts what it changed per operation and
//! generation fails, naming the operation, when a count differs from what
//! the spec says: a progenitor upgrade that changes its output shape cannot
//! leave a mock silently unrewritten.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Item;
use syn::visit_mut::VisitMut;

use crate::emit::rest::passes::{MOCKS, Tally};
use crate::error::{Diagnostic, Error, Result};
use crate::front::load::Spec;
use crate::model::api::{Model, Operation, PathPart};
use crate::model::normalize::Normalized;
use crate::settings::Provider;

/// progenitor's `When` wrapper of an operation, `<Id>When`.
pub(crate) fn when(op: &Operation) -> String {
    format!("{}When", op.id.to_upper_camel_case())
}

/// progenitor's `Then` wrapper of an operation, `<Id>Then`.
pub(crate) fn then(op: &Operation) -> String {
    format!("{}Then", op.id.to_upper_camel_case())
}

/// What a pass should change in each operation progenitor mocks.
fn per_op<'a>(
    model: &'a Model,
    expect: impl Fn(&Operation) -> usize + 'a,
) -> impl Iterator<Item = (&'a str, usize)> + 'a {
    model.progenitor().map(move |o| (o.id.as_str(), expect(o)))
}

/// Finishes progenitor's mock output: our entry points, constructors and
/// path setters, the query and status passes, each checked against the
/// spec.
pub(crate) fn finish(
    spec: &Spec,
    items: &mut Vec<Item>,
    n: &Normalized,
    provider: &Provider,
) -> Result<()> {
    let model = &n.model;
    let mut diagnostics = Vec::new();

    let query = crate::emit::rest::wire::rewrite_mocks(items, model, provider);
    let by_when: BTreeMap<String, &Operation> = model.progenitor().map(|o| (when(o), o)).collect();
    let by_then: BTreeMap<String, &Operation> = model.progenitor().map(|o| (then(o), o)).collect();
    let mut query_tally = Tally::new(
        &MOCKS,
        "query_params",
        "query setters",
        per_op(model, |o| o.query().count()),
    );
    for (when, n) in &query {
        if let Some(op) = by_when.get(format!("{when}When").as_str()) {
            query_tally.count(&op.id, *n);
        }
    }
    query_tally.check(spec, &mut diagnostics);

    let mut constructors = Tally::new(
        &MOCKS,
        "when_new",
        "`When::new` constructors",
        per_op(model, |_| 1),
    );
    let mut path_setters = Tally::new(
        &MOCKS,
        "path_params",
        "path parameter setters",
        per_op(model, |o| o.path_params().count()),
    );
    let mut statuses = Tally::new(
        &MOCKS,
        "status_ranges",
        "status-range assertions",
        per_op(model, |o| o.responses.status_ranges),
    );
    let mut entry_points = 0;
    let bases = &model.base_paths;
    items.retain(|item| {
        let ours = match item {
            Item::Trait(t) => t.ident == "MockServerExt",
            Item::Impl(i) => i
                .trait_
                .as_ref()
                .is_some_and(|(p, _)| p.is_ident("MockServerExt")),
            _ => false,
        };
        entry_points += usize::from(ours);
        !ours
    });
    for item in items.iter_mut() {
        let Item::Mod(m) = item else { continue };
        let Some((_, inner)) = &mut m.content else {
            continue;
        };
        for it in inner.iter_mut() {
            let Item::Impl(imp) = it else { continue };
            let Some(name) = self_name(imp) else { continue };
            if let Some(op) = by_when.get(name.as_str()) {
                when_impl(imp, op, bases, &mut constructors, &mut path_setters);
            } else if let Some(op) = by_then.get(name.as_str()) {
                statuses.count(&op.id, status_ranges(imp));
            }
        }
    }
    for tally in [&constructors, &path_setters, &statuses] {
        tally.check(spec, &mut diagnostics);
    }
    if entry_points != 2 {
        diagnostics.push(Diagnostic {
            file: spec.file.clone(),
            line: None,
            operation: None,
            message: format!(
                "the mock pass `entry_points` found {entry_points} `MockServerExt` items in progenitor's output where it replaces 2 (the trait and its impl)"
            ),
            help: Some("adapt the pass in codegen/src/emit/rest/mocks.rs to progenitor's output".into()),
        });
    }
    if !diagnostics.is_empty() {
        return Err(Error::Invalid { diagnostics });
    }
    let base_lits = bases.iter();
    let base_doc = if bases.is_empty() {
        "The spec's server URLs have no path: mocks match paths from the mock server's root."
            .to_owned()
    } else {
        format!(
            "The paths of the spec's server URLs ({}): a mock matches a request whether the client's base URL is the mock server's root or the root plus one of these.",
            bases
                .iter()
                .map(|b| format!("`{b}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut head: Vec<Item> = vec![
        syn::parse_quote! {
            #[doc = #base_doc]
            pub const BASE_PATHS: &[&str] = &[#(#base_lits),*];
        },
        syn::parse_quote! {
            pub use ::client_runtime::mock::{NO_MOCK_MATCHED, fallback, no_mock_matched};
        },
    ];
    head.append(items);
    *items = head;
    items.extend(entry_points_items(model));
    Ok(())
}

fn self_name(imp: &syn::ItemImpl) -> Option<String> {
    let syn::Type::Path(p) = &*imp.self_ty else {
        return None;
    };
    p.path.segments.last().map(|s| s.ident.to_string())
}

/// `&[Segment::Literal("/x/"), Segment::Any]` for the path, with `value`
/// in place of `param` when given.
fn segments(op: &Operation, param: Option<&str>) -> TokenStream {
    let parts = op.segments.iter().map(|s| match s {
        PathPart::Literal(text) => quote!(::client_runtime::mock::Segment::Literal(#text)),
        PathPart::Param(p) if Some(p.as_str()) == param => {
            quote!(::client_runtime::mock::Segment::Value(&value.to_string()))
        }
        PathPart::Param(_) => quote!(::client_runtime::mock::Segment::Any),
    });
    quote!(&[#(#parts),*])
}

/// Whether a block calls `path_matches`: progenitor's path setters do.
/// (syn is built without its read-only visitor, so this one takes `&mut`.)
fn calls_path_matches(block: &mut syn::Block) -> bool {
    struct Find(bool);
    impl VisitMut for Find {
        fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
            self.0 |= call.method == "path_matches";
            syn::visit_mut::visit_expr_method_call_mut(self, call);
        }
    }
    let mut find = Find(false);
    find.visit_block_mut(block);
    find.0
}

/// Replaces `new` and the path setters' bodies of one `When` wrapper.
fn when_impl<'a>(
    imp: &mut syn::ItemImpl,
    op: &'a Operation,
    bases: &[String],
    constructors: &mut Tally<'a>,
    path_setters: &mut Tally<'a>,
) {
    let method = format_ident!("{}", op.method.upper());
    let new_doc = format!(
        "Matches `{} {}` under the mock server's root{}.",
        op.method.upper(),
        op.path,
        if bases.is_empty() {
            String::new()
        } else {
            format!(" or under `{}`", bases.join("` or `"))
        }
    );
    for it in imp.items.iter_mut() {
        let syn::ImplItem::Fn(f) = it else { continue };
        if f.sig.ident == "new" {
            let all = segments(op, None);
            *f = syn::parse_quote! {
                #[doc = #new_doc]
                pub fn new(inner: ::httpmock::When) -> Self {
                    Self(inner.method(::httpmock::Method::#method).path_matches(
                        ::client_runtime::mock::path_pattern(super::BASE_PATHS, #all),
                    ))
                }
            };
            constructors.count(&op.id, 1);
            continue;
        }
        if !calls_path_matches(&mut f.block) {
            continue;
        }
        let setter = f.sig.ident.to_string();
        let param = op
            .path_params()
            .find(|p| p.to_snake_case().trim_end_matches('_') == setter.trim_end_matches('_'));
        // A setter the spec does not know stays uncounted, so the tally
        // reports the operation.
        let Some(param) = param else { continue };
        let one = segments(op, Some(param));
        let doc = format!(
            "Matches the `{param}` path parameter: the value as the client sends it (percent-encoded), taken literally."
        );
        f.attrs.push(syn::parse_quote!(#[doc = #doc]));
        f.block = syn::parse_quote! {{
            Self(self.0.path_matches(::client_runtime::mock::path_pattern(super::BASE_PATHS, #one)))
        }};
        path_setters.count(&op.id, 1);
    }
}

/// Removes the `assert_eq!(status / 100u16, N)` of progenitor's status-range
/// answers (`client_error(status, ..)`), which panics on a status outside
/// the range, and documents that the status is sent as given. Returns how
/// many it removed.
fn status_ranges(imp: &mut syn::ItemImpl) -> usize {
    let mut removed = 0;
    for it in imp.items.iter_mut() {
        let syn::ImplItem::Fn(f) = it else { continue };
        let before = f.block.stmts.len();
        f.block.stmts.retain(|s| {
            let syn::Stmt::Macro(m) = s else { return true };
            let is_assert = m.mac.path.is_ident("assert_eq");
            let on_status = m
                .mac
                .tokens
                .clone()
                .into_iter()
                .next()
                .is_some_and(|t| t.to_string() == "status");
            !(is_assert && on_status)
        });
        let n = before - f.block.stmts.len();
        if n > 0 {
            let with_body = if f.sig.inputs.len() > 2 {
                ", with this body"
            } else {
                ""
            };
            let doc = format!(
                "Answers with `status` as given{with_body}. A status outside the range the spec documents for this answer is sent too (never a panic), so a test can play a server that misbehaves."
            );
            f.attrs.push(syn::parse_quote!(#[doc = #doc]));
        }
        removed += n;
    }
    removed
}

/// `MockServerExt`: one entry point per operation, each installing the
/// fallback behind its mock.
fn entry_points_items(model: &Model) -> Vec<Item> {
    let mut sigs = Vec::new();
    let mut fns = Vec::new();
    for op in model.progenitor() {
        // Named as the client's method is (progenitor's snake case).
        let name = format_ident!("{}", op.id.to_snake_case());
        let (when, then) = (when(op), then(op));
        let doc = format!(
            "Mocks `{} {}`: `config_fn` says what the request must carry ([`operations::{when}`]) and what to answer ([`operations::{then}`]). Installs the [`fallback`] behind the new mock.",
            op.method.upper(),
            op.path,
        );
        let (when, then) = (format_ident!("{when}"), format_ident!("{then}"));
        sigs.push(quote! {
            #[doc = #doc]
            fn #name<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
            where
                F: FnOnce(operations::#when, operations::#then);
        });
        fns.push(quote! {
            fn #name<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
            where
                F: FnOnce(operations::#when, operations::#then),
            {
                let mock = self.mock(|when, then| {
                    config_fn(operations::#when::new(when), operations::#then::new(then))
                });
                ::client_runtime::mock::fallback(self);
                mock
            }
        });
    }
    vec![
        syn::parse_quote! {
            /// Typed mocks on an [`httpmock::MockServer`](::httpmock::MockServer):
            /// one method per operation, each the equivalent of a type-checked
            /// [`mock()`](::httpmock::MockServer::mock) call that matches the
            /// request as this crate's client sends it.
            ///
            /// Each method also installs the [`fallback`], so a request that no
            /// mock matches is answered with [`NO_MOCK_MATCHED`] and a body
            /// naming it, never with a 404 that would look like the provider's.
            pub trait MockServerExt {
                #(#sigs)*
            }
        },
        syn::parse_quote! {
            impl MockServerExt for ::httpmock::MockServer {
                #(#fns)*
            }
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::FormStyle;

    const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: 'https://{host}:8887/api/v1.1/'
    variables:
      host: {default: localhost}
  - url: https://sandbox.example/api/v1.1
paths:
  /numbers/{id}/e911:
    get:
      operationId: get_e911
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {a: {type: string}}}
        '4XX':
          description: error
          content:
            application/json:
              schema: {type: object, properties: {e: {type: string}}}
";

    const PROVIDER: Provider = Provider {
        name: "fixture",
        spec: "specs/x.yaml",
        crate_dir: "crates/fixture",
        form_style: FormStyle::Standard,
        docs: &[],
        docs_layout: None,
        area_features: false,
        operation_tests: false,
    };

    /// The spec, normalized, and progenitor's mock output for it.
    fn progenitor() -> (Spec, Normalized, Vec<Item>) {
        let spec = Spec::parse("specs/x.yaml", SPEC).unwrap();
        let n = crate::normalize(&spec.openapi);
        let tokens = crate::emit::rest::emit(&spec, &n).unwrap().mock;
        let items = syn::parse2::<syn::File>(tokens).unwrap().items;
        (spec, n, items)
    }

    fn text(items: &[Item]) -> String {
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: vec![],
            items: items.to_vec(),
        })
    }

    #[test]
    fn the_model_takes_base_paths_from_the_servers() {
        let (_, n, _) = progenitor();
        let model = &n.model;
        assert_eq!(model.base_paths, ["/api/v1.1"]);
        let op = &model.operations[0];
        assert_eq!(
            (
                op.id.as_str(),
                when(op).as_str(),
                op.method.upper().as_str()
            ),
            ("get_e911", "GetE911When", "GET")
        );
        assert_eq!(
            op.segments,
            [
                PathPart::Literal("/numbers/".into()),
                PathPart::Param("id".into()),
                PathPart::Literal("/e911".into()),
            ]
        );
        assert_eq!((op.query().count(), op.responses.status_ranges), (1, 1));
    }

    #[test]
    fn finishing_replaces_paths_statuses_and_entry_points() {
        let (spec, n, mut items) = progenitor();
        finish(&spec, &mut items, &n, &PROVIDER).unwrap();
        let code = text(&items);
        assert!(
            code.contains("pub const BASE_PATHS: &[&str] = &[\"/api/v1.1\"];"),
            "{code}"
        );
        assert!(!code.contains("regex::Regex"), "{code}");
        assert!(!code.contains("assert_eq!"), "{code}");
        assert!(
            code.contains("Segment::Value(&value.to_string())"),
            "{code}"
        );
        assert!(
            code.contains("::client_runtime::mock::fallback(self);"),
            "{code}"
        );
        assert_eq!(code.matches("trait MockServerExt").count(), 1, "{code}");
    }

    /// Drops every statement of the `Then` wrappers that is a macro call.
    fn drop_then_macros(items: &mut [Item]) {
        for item in items {
            let Item::Mod(m) = item else { continue };
            for it in &mut m.content.as_mut().unwrap().1 {
                let Item::Impl(imp) = it else { continue };
                if self_name(imp).is_some_and(|n| n.ends_with("Then")) {
                    for f in &mut imp.items {
                        if let syn::ImplItem::Fn(f) = f {
                            f.block.stmts.retain(|s| !matches!(s, syn::Stmt::Macro(_)));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_missing_status_assertion_fails_generation_naming_the_operation() {
        let (spec, n, mut items) = progenitor();
        drop_then_macros(&mut items);
        let err = finish(&spec, &mut items, &n, &PROVIDER).unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: specs/x.yaml: operation `get_e911`: the mock pass `status_ranges` rewrote 0 status-range assertions of progenitor's output where the spec calls for 1\n  \
             help: progenitor's httpmock output no longer has the shape this pass expects (a progenitor upgrade?); adapt the pass in codegen/src/emit/rest/mocks.rs"
        );
    }

    #[test]
    fn a_path_setter_or_query_setter_of_another_shape_fails_generation() {
        let (spec, n, items) = progenitor();
        // Rename the path setter and make the query setter stop calling
        // `to_string`, as a progenitor change could.
        let code = text(&items)
            .replace("pub fn id(self", "pub fn ident(self")
            .replace("value.to_string()", "value");
        let mut items = syn::parse_file(&code).unwrap().items;
        let err = finish(&spec, &mut items, &n, &PROVIDER)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(
                "operation `get_e911`: the mock pass `query_params` rewrote 0 query setters"
            ),
            "{err}"
        );
        assert!(
            err.contains(
                "operation `get_e911`: the mock pass `path_params` rewrote 0 path parameter setters"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_missing_constructor_or_entry_point_fails_generation() {
        let (spec, n, items) = progenitor();
        let code = text(&items).replace(
            "pub fn new(inner: ::httpmock::When)",
            "pub fn make(inner: ::httpmock::When)",
        );
        let mut items: Vec<Item> = syn::parse_file(&code).unwrap().items;
        items.retain(|i| !matches!(i, Item::Trait(_)));
        let err = finish(&spec, &mut items, &n, &PROVIDER)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(
                "operation `get_e911`: the mock pass `when_new` rewrote 0 `When::new` constructors"
            ),
            "{err}"
        );
        assert!(
            err.contains("the mock pass `entry_points` found 1 `MockServerExt` items"),
            "{err}"
        );
    }
}
