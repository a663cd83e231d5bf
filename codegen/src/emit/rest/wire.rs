//! Our own emitters for what progenitor cannot produce: encodings rewritten
//! into its builders (deepObject, comma lists, bracket forms) and whole
//! multipart operations.

use heck::ToUpperCamelCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::visit_mut::VisitMut;
use syn::{Expr, Item};

use std::collections::{BTreeMap, HashMap};

use crate::emit::rest::passes::{BUILDERS, Tally};
use crate::model::api::{Encoding, Model, Multipart, Operation, TextType};
use crate::settings::{FormStyle, Provider};

/// The `Style` expression for a provider's bracket encodings.
fn style(provider: &Provider) -> TokenStream {
    match provider.form_style {
        FormStyle::Standard => quote!(::client_runtime::encode::Style::default()),
        FormStyle::Php => quote!(::client_runtime::encode::Style::PHP),
    }
}

/// What the builder passes changed in progenitor's output, per operation
/// id; [`check_builders`] compares it with what the model calls for.
#[derive(Debug, Default)]
pub(crate) struct BuilderCounts {
    /// Query parameters handed to one of our encoders (`query_encoders`).
    pub query: BTreeMap<String, usize>,
    /// Form bodies handed to the bracket encoder (`bracket_forms`).
    pub form: BTreeMap<String, usize>,
    /// `send` methods wrapped to return the runtime's error (`unified_errors`).
    pub send: BTreeMap<String, usize>,
    /// `api-version` headers removed (`api_version`).
    pub api_version: BTreeMap<String, usize>,
}

/// Builder name (the camel-cased `operationId`, as progenitor names it) ->
/// operation, for every operation progenitor emits.
fn builder_names(model: &Model) -> HashMap<String, &Operation> {
    model
        .progenitor()
        .map(|o| (o.id.to_upper_camel_case(), o))
        .collect()
}

/// The builder a `impl` block belongs to, by its self type's last segment.
fn self_name(imp: &syn::ItemImpl) -> Option<String> {
    let syn::Type::Path(p) = &*imp.self_ty else {
        return None;
    };
    p.path.segments.last().map(|s| s.ident.to_string())
}

/// Rewrites the `send` bodies of progenitor's builders so that the query
/// parameters and form bodies the model encodes use our encoders (the
/// passes `query_encoders` and `bracket_forms`), counting each rewrite in
/// `counts`.
pub(crate) fn rewrite_builders(
    items: &mut [Item],
    model: &Model,
    provider: &Provider,
    counts: &mut BuilderCounts,
) {
    let style = style(provider);
    let php = provider.form_style == FormStyle::Php;
    let by_builder = builder_names(model);
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(op) = self_name(imp).and_then(|name| by_builder.get(&name).copied()) else {
            continue;
        };
        // With PHP conventions every operation has a rewrite.
        if !php && op.encoded_query() == 0 && !op.form_body() {
            continue;
        }
        let mut v = Rewrite {
            op,
            style: &style,
            php,
            query: 0,
            form: 0,
        };
        v.visit_item_impl_mut(imp);
        *counts.query.entry(op.id.clone()).or_default() += v.query;
        *counts.form.entry(op.id.clone()).or_default() += v.form;
    }
}

/// Fails generation, naming the pass and the operation, when a builder pass
/// changed more or less of progenitor's output than the model calls for:
/// each encoded query parameter (with PHP conventions, every query
/// parameter) and each bracket form once, one `send` per operation, and the
/// `api-version` header once per operation progenitor emits.
pub(crate) fn check_builders(
    spec: &crate::front::load::Spec,
    model: &Model,
    provider: &Provider,
    counts: &BuilderCounts,
) -> crate::error::Result<()> {
    let php = provider.form_style == FormStyle::Php;
    let ops = || model.progenitor();
    let mut query = Tally::new(
        &BUILDERS,
        "query_encoders",
        "query parameters",
        ops().map(|o| {
            let n = if php {
                o.query().count()
            } else {
                o.encoded_query()
            };
            (o.id.as_str(), n)
        }),
    );
    let mut form = Tally::new(
        &BUILDERS,
        "bracket_forms",
        "form bodies",
        model
            .operations
            .iter()
            .filter(|o| o.form_body())
            .map(|o| (o.id.as_str(), 1)),
    );
    let mut send = Tally::new(
        &BUILDERS,
        "unified_errors",
        "`send` methods",
        model.operations.iter().map(|o| (o.id.as_str(), 1)),
    );
    let mut api_version = Tally::new(
        &BUILDERS,
        "api_version",
        "`api-version` headers",
        ops().map(|o| (o.id.as_str(), 1)),
    );
    for (tally, done) in [
        (&mut query, &counts.query),
        (&mut form, &counts.form),
        (&mut send, &counts.send),
        (&mut api_version, &counts.api_version),
    ] {
        for (op, n) in done {
            tally.count(op, *n);
        }
    }
    let mut diagnostics = Vec::new();
    for tally in [&query, &form, &send, &api_version] {
        tally.check(spec, &mut diagnostics);
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(crate::error::Error::Invalid { diagnostics })
    }
}

struct Rewrite<'a> {
    op: &'a Operation,
    style: &'a TokenStream,
    php: bool,
    /// Query parameters rewritten so far.
    query: usize,
    /// Form bodies rewritten so far.
    form: usize,
}

impl VisitMut for Rewrite<'_> {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        let style = self.style;
        match call.method.to_string().as_str() {
            "query" => {
                let Some(Expr::Reference(arg)) = call.args.first_mut() else {
                    return;
                };
                let Expr::Call(inner) = &*arg.expr else {
                    return;
                };
                let is_query_param = matches!(&*inner.func, Expr::Path(p)
                    if p.path.segments.last().is_some_and(|s| s.ident == "new")
                        && p.path.segments.iter().any(|s| s.ident == "QueryParam"));
                if !is_query_param || inner.args.len() != 2 {
                    return;
                }
                let Some(Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(name),
                    ..
                })) = inner.args.first()
                else {
                    return;
                };
                let value = &inner.args[1];
                let replacement: Expr = match self.op.encoding(&name.value()) {
                    Encoding::DeepObject => {
                        syn::parse_quote!(::client_runtime::encode::DeepObject::new(#name, #value).style(#style))
                    }
                    Encoding::CommaList => {
                        syn::parse_quote!(::client_runtime::support::QueryParam::new(#name, &::client_runtime::encode::CommaList(#value)))
                    }
                    // PHP back ends read booleans as 1/0, so every parameter
                    // goes through the bracket encoder, which also renders
                    // scalars and exploded arrays.
                    Encoding::Plain if self.php => {
                        syn::parse_quote!(::client_runtime::encode::DeepObject::new(#name, #value).style(#style))
                    }
                    Encoding::Plain => return,
                };
                *arg.expr = replacement;
                self.query += 1;
            }
            "form_urlencoded" if self.op.form_body() => {
                let Some(arg) = call.args.first_mut() else {
                    return;
                };
                let body = arg.clone();
                *arg = syn::parse_quote!(::client_runtime::encode::Form::new(#body).style(#style));
                call.method = format_ident!("bracket_form");
                self.form += 1;
            }
            _ => {}
        }
    }
}

/// The client methods and builders of every multipart operation.
/// With `credentials_in_form` (`x-credentials-in-form`), every multipart
/// form asks the runtime to add the query credentials as text parts.
pub(crate) fn multipart(model: &Model, provider: &Provider) -> (Vec<Item>, Vec<Item>) {
    let mut methods = Vec::new();
    let mut builders = Vec::new();
    for (op, body) in model.multipart() {
        let (m, b) = multipart_op(
            op,
            body,
            provider.form_style == FormStyle::Php,
            model.credentials_in_form,
        );
        methods.push(m);
        builders.extend(b);
    }
    (methods, builders)
}

fn multipart_op(
    op: &Operation,
    body: &Multipart,
    php: bool,
    credentials_in_form: bool,
) -> (Item, Vec<Item>) {
    let method_ident = Ident::new(&op.id, Span::call_site());
    let builder = format_ident!("{}", op.id.to_upper_camel_case());
    let form = body;
    let body = if form.or_urlencoded {
        "an `application/x-www-form-urlencoded` body, or a `multipart/form-data` body when a file part is set"
    } else {
        "a `multipart/form-data` body"
    };
    let doc = format!(
        "{}\n\nSends a `{}` request to `{}` with {body}.",
        op.doc(),
        op.method.upper(),
        op.path
    );
    let method: Item = syn::parse_quote! {
        impl Client {
            #[doc = #doc]
            pub fn #method_ident(&self) -> builder::#builder<'_> {
                builder::#builder::new(self)
            }
        }
    };

    let idents: Vec<Ident> = form
        .parts
        .iter()
        .map(|p| format_ident!("{}", sanitize(&p.name)))
        .collect();
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut unwraps = Vec::new();
    let mut appends = Vec::new();
    let mut pushes = Vec::new();
    let mut files_set = Vec::new();
    for (p, ident) in form.parts.iter().zip(&idents) {
        let wire_name = &p.name;
        let ty: TokenStream = match (&p.file, &p.text) {
            (Some(_), _) => quote!(::client_runtime::encode::FilePart),
            (None, TextType::String) => quote!(::std::string::String),
            (None, TextType::Integer) => quote!(i64),
            (None, TextType::Number) => quote!(f64),
            (None, TextType::Boolean) => quote!(bool),
            (None, TextType::Date) => quote!(::chrono::naive::NaiveDate),
            (None, TextType::Component(component)) => {
                let t = format_ident!("{}", component);
                quote!(types::#t)
            }
        };
        let boolean = p.text == TextType::Boolean;
        let doc = p
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{wire_name}` part."));
        let err = format!("`{wire_name}` was not set");
        let conv_err = format!("`{wire_name}` cannot be converted to `{}`", p.text.name());
        if p.required {
            fields.push(quote!(#ident: Result<#ty, String>));
            inits.push(quote!(#ident: Err(#err.to_string())));
        } else {
            fields.push(quote!(#ident: Result<Option<#ty>, String>));
            inits.push(quote!(#ident: Ok(None)));
        }
        let wrap = if p.required {
            quote!(v)
        } else {
            quote!(Some(v))
        };
        let convert = if p.required {
            quote!(value.try_into().map_err(|_| #conv_err.to_string()))
        } else {
            quote!(value.try_into().map(Some).map_err(|_| #conv_err.to_string()))
        };
        setters.push(match &p.file {
            Some(mime) => {
                let doc = format!("{doc}\n\nSent as a file part, `{mime}` unless the part says otherwise.");
                quote! {
                    #[doc = #doc]
                    pub fn #ident(mut self, value: impl Into<::client_runtime::encode::FilePart>) -> Self {
                        let v = value.into();
                        self.#ident = Ok(#wrap);
                        self
                    }
                }
            }
            None => quote! {
                #[doc = #doc]
                pub fn #ident<V>(mut self, value: V) -> Self
                where
                    V: std::convert::TryInto<#ty>,
                {
                    self.#ident = #convert;
                    self
                }
            },
        });
        unwraps.push(quote!(let #ident = #ident.map_err(Error::InvalidRequest)?;));
        // `v` is a reference: each attempt builds its form from the same values.
        let add = match &p.file {
            Some(mime) => quote! {
                form = form.part(#wire_name, v.part(#mime)?);
            },
            // PHP back ends read booleans as 1/0.
            None if php && boolean => {
                quote! { form = form.text(#wire_name, if *v { "1" } else { "0" }); }
            }
            None => quote! { form = form.text(#wire_name, v.to_string()); },
        };
        appends.push(if p.required {
            quote! { { let v = &#ident; #add } }
        } else {
            quote! { if let Some(v) = &#ident { #add } }
        });
        // The same text values as urlencoded fields; file parts are never
        // set when the urlencoded body is chosen.
        let push = match &p.file {
            Some(_) => {
                files_set.push(if p.required {
                    quote!(true)
                } else {
                    quote!(#ident.is_some())
                });
                None
            }
            None if php && boolean => {
                Some(quote! { fields.push((#wire_name, if *v { "1" } else { "0" }.to_owned())); })
            }
            None => Some(quote! { fields.push((#wire_name, v.to_string())); }),
        };
        if let Some(push) = push {
            pushes.push(if p.required {
                quote! { { let v = &#ident; #push } }
            } else {
                quote! { if let Some(v) = &#ident { #push } }
            });
        }
    }

    let path_lit = &op.path;
    let http = format_ident!("{}", op.method.lower());
    let op_id = &op.id;
    let success = &op.responses.success;
    let (success_code, success_body) = (success.status, &success.body);
    let ok_ty = match success_body {
        Some(name) => {
            let t = format_ident!("{}", name);
            quote!(types::#t)
        }
        None => quote!(()),
    };
    let err_ty = match &op.responses.error {
        Some(name) => {
            let t = format_ident!("{}", name);
            quote!(types::#t)
        }
        None => quote!(()),
    };
    let ok_arm = match success_body {
        Some(_) => quote!(#success_code => ResponseValue::from_response(response).await,),
        None => quote!(#success_code => Ok(ResponseValue::empty(response)),),
    };
    let err_arm = op.responses.error.as_ref().map(|_| {
        quote!(400u16..=499u16 => Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)),)
    });
    let struct_doc = format!(
        "Builder for [`Client::{}`](super::Client::{}).",
        op.id, op.id
    );
    let new_doc = format!(
        "A builder for [`Client::{}`](super::Client::{}), which is the usual way to get one.",
        op.id, op.id
    );
    let credentials = credentials_in_form.then(|| {
        quote! {
            // The provider takes its credentials in the body (`x-credentials-in-form`).
            let form = client.inner.multipart_credentials(form);
        }
    });
    let send_doc = if form.or_urlencoded {
        "Sends the request: urlencoded when no file part is set, else as a\n\
         multipart body, which is a one-shot stream, so each attempt builds\n\
         its own from the values set here."
    } else {
        "Sends the request. A multipart body is a one-shot stream, so\n\
         each attempt builds its own from the values set here."
    };
    // Without a file the body is an urlencoded form, which the runtime
    // clones for a retry like any other request.
    let urlencoded = form.or_urlencoded.then(|| {
        let any_file = if files_set.is_empty() {
            quote!(false)
        } else {
            quote!(#(#files_set)||*)
        };
        quote! {
            if !(#any_file) {
                let mut fields: Vec<(&'static str, ::std::string::String)> = Vec::new();
                #(#pushes)*
                let url = format!("{}{}", client.baseurl, #path_lit);
                let mut request = client
                    .client
                    .#http(&url)
                    .header(
                        ::reqwest::header::ACCEPT,
                        ::reqwest::header::HeaderValue::from_static("application/json"),
                    )
                    .form_urlencoded(&fields)?
                    .build()?;
                let info = OperationInfo { operation_id: #op_id };
                client.pre(&mut request, &info).await?;
                let result = client.inner.exec(&client.client, request, &info).await;
                client.post(&result, &info).await?;
                let response = result?;
                return match response.status().as_u16() {
                    #ok_arm
                    #err_arm
                    _ => Err(Error::UnexpectedResponse(response)),
                };
            }
        }
    });
    let builder_items: Vec<Item> = vec![
        syn::parse_quote! {
            #[doc = #struct_doc]
            #[derive(Debug, Clone)]
            pub struct #builder<'a> {
                client: &'a super::Client,
                #(#fields,)*
            }
        },
        syn::parse_quote! {
            impl<'a> #builder<'a> {
                #[doc = #new_doc]
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client, #(#inits,)* }
                }

                #(#setters)*

                #[doc = #send_doc]
                pub async fn send(self) -> Result<ResponseValue<#ok_ty>, Error<#err_ty>> {
                    let Self { client, #(#idents,)* } = self;
                    #(#unwraps)*
                    #urlencoded
                    let form = || -> Result<::reqwest::multipart::Form, String> {
                        let mut form = ::reqwest::multipart::Form::new();
                        #(#appends)*
                        #credentials
                        Ok(form)
                    };
                    let url = format!("{}{}", client.baseurl, #path_lit);
                    let build = |form: ::reqwest::multipart::Form| {
                        client
                            .client
                            .#http(&url)
                            .header(
                                ::reqwest::header::ACCEPT,
                                ::reqwest::header::HeaderValue::from_static("application/json"),
                            )
                            .multipart(form)
                            .build()
                    };
                    let mut request = build(form().map_err(Error::InvalidRequest)?)?;
                    let info = OperationInfo { operation_id: #op_id };
                    client.pre(&mut request, &info).await?;
                    let result = client
                        .inner
                        .exec_rebuilding(&client.client, request, &info, || build(form().ok()?).ok())
                        .await;
                    client.post(&result, &info).await?;
                    let response = result?;
                    match response.status().as_u16() {
                        #ok_arm
                        #err_arm
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
        },
    ];
    (method, builder_items)
}

/// A Rust identifier for a wire name.
fn sanitize(name: &str) -> String {
    use heck::ToSnakeCase;
    let s = name.to_snake_case();
    match s.as_str() {
        "type" | "self" | "match" | "ref" | "move" | "loop" | "use" | "mod" | "fn" | "impl" => {
            format!("{s}_")
        }
        _ if s.starts_with(|c: char| c.is_ascii_digit()) => format!("_{s}"),
        _ => s,
    }
}

/// `stream()` on the builder of every paginated list operation.
pub(crate) fn streams(model: &Model) -> Vec<Item> {
    use heck::ToSnakeCase;
    model
        .operations
        .iter()
        .filter_map(|o| Some((o, o.offset_paging()?)))
        .map(|(op, p)| {
            let builder = format_ident!("{}", op.id.to_upper_camel_case());
            let item = format_ident!("{}", p.item_type);
            let offset = format_ident!("{}", p.offset.to_snake_case());
            let limit = format_ident!("{}", p.limit.to_snake_case());
            let page_size = p.page_size;
            let error = match &p.error {
                Some(e) => {
                    let e = format_ident!("{}", e);
                    quote!(types::#e)
                }
                None => quote!(()),
            };
            let items = match &p.items {
                Some(f) => {
                    let f = format_ident!("{}", f);
                    quote!(body.#f)
                }
                None => quote!(body),
            };
            let total = match &p.total {
                Some(f) => {
                    let f = format_ident!("{}", f);
                    quote!(body.#f.and_then(|t| u64::try_from(t).ok()))
                }
                None => quote!(None),
            };
            let total_doc = match &p.total {
                Some(f) => format!(", or once it has yielded the total the server reports in `{f}`"),
                None => String::new(),
            };
            let doc = format!(
                "Every item of the list, fetched page by page ({page_size} per request), \
                 with the default [`Paging`](::client_runtime::paging::Paging) settings. \
                 The stream sets `{offset}` and `{limit}` itself; the other parameters set on \
                 this builder apply to every page.\n\n\
                 It ends after a page shorter than asked for, an empty page{total_doc}. \
                 It ends with [`Error::Paging`](::client_runtime::Error::Paging) instead of \
                 looping or repeating items when a page repeats the previous one, starts with \
                 the first item of the first page or with an item of the previous page (the \
                 server ignores `{offset}`), or when the list needs more pages than the cap \
                 ({cap} by default; see [`stream_with`](Self::stream_with)). The first error \
                 ends the stream.",
                offset = p.offset,
                limit = p.limit,
                cap = DEFAULT_PAGE_CAP,
            );
            let with_doc = "Like [`stream`](Self::stream), with `paging` settings such as the \
                 page cap ([`Paging::max_pages`](::client_runtime::paging::Paging::max_pages)) \
                 instead of the defaults.";
            let offset_param = &p.offset;
            let (read_items, read_total) = match &p.items {
                Some(_) => (quote!(#items), quote!(#total)),
                None => (quote!(#items), quote!(None)),
            };
            syn::parse_quote! {
                impl<'a> #builder<'a> {
                    #[doc = #doc]
                    pub fn stream(
                        self,
                    ) -> impl ::futures_core::Stream<Item = Result<types::#item, ::client_runtime::Error<#error>>> + 'a {
                        self.stream_with(::client_runtime::paging::Paging::new())
                    }

                    #[doc = #with_doc]
                    pub fn stream_with(
                        self,
                        paging: ::client_runtime::paging::Paging,
                    ) -> impl ::futures_core::Stream<Item = Result<types::#item, ::client_runtime::Error<#error>>> + 'a {
                        ::client_runtime::paging::offset_stream(#page_size, #offset_param, paging, move |offset, limit| {
                            let page = self.clone().#offset(offset).#limit(limit);
                            async move {
                                let body = page.send().await?.into_inner();
                                let total = #read_total;
                                Ok(::client_runtime::paging::Page { items: #read_items, total })
                            }
                        })
                    }
                }
            }
        })
        .collect()
}

/// The default page cap of `client_runtime::paging::Paging`, as the
/// generated rustdoc states it. The generator does not depend on the
/// runtime, so PortSIP's paging tests check that the two agree.
pub(crate) const DEFAULT_PAGE_CAP: &str = "10,000";

/// Makes every builder's `send` return `client_runtime::Error<E>`, the one
/// error model of all clients, and keeps the status of a documented error
/// response whose body does not decode.
///
/// progenitor's `send` becomes the private `progenitor_send`; the new `send`
/// converts its error with `client_runtime::Error::from_progenitor` and
/// scrubs it with the client's redactor (`Error::redacted`), and a typed
/// error body is decoded from bytes scrubbed the same way, so nothing a
/// server echoes shows the client's credentials. Successes cost nothing.
///
/// Counts each `send` it wraps and each `api-version` header it removes in
/// `counts`, by the operation of the builder (`unified_errors`,
/// `api_version`).
pub(crate) fn unify_errors(items: &mut [Item], model: &Model, counts: &mut BuilderCounts) {
    let envelope = model.envelope.is_some();
    struct ErrorArm;
    impl VisitMut for ErrorArm {
        fn visit_expr_mut(&mut self, e: &mut Expr) {
            syn::visit_mut::visit_expr_mut(self, e);
            let Expr::Call(outer) = e else { return };
            let is_err = matches!(&*outer.func, Expr::Path(p) if p.path.is_ident("Err"));
            let Some(Expr::Call(inner)) = outer.args.first() else {
                return;
            };
            let is_error_response = matches!(&*inner.func, Expr::Path(p)
                if p.path.segments.len() == 2
                    && p.path.segments[0].ident == "Error"
                    && p.path.segments[1].ident == "ErrorResponse");
            if is_err && is_error_response {
                // `client` is the `&Client` progenitor's `send` destructures
                // from the builder.
                *e = syn::parse_quote!(Err(::client_runtime::error_response(
                    response,
                    client.inner.redactor(),
                )
                .await));
            }
        }
    }

    let by_builder: HashMap<String, &str> = model
        .operations
        .iter()
        .map(|o| (o.id.to_upper_camel_case(), o.id.as_str()))
        .collect();
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        // A `send` on a builder of no known operation is still wrapped, and
        // counted under the builder's name, which no operation expects.
        let op = self_name(imp).map(|name| match by_builder.get(&name) {
            Some(op) => (*op).to_owned(),
            None => name,
        });
        let mut wrappers = Vec::new();
        for it in imp.items.iter_mut() {
            let syn::ImplItem::Fn(f) = it else { continue };
            if f.sig.ident != "send" {
                continue;
            }
            let syn::ReturnType::Type(_, ret) = &f.sig.output else {
                continue;
            };
            let Some((ok, err)) = result_types(ret) else {
                continue;
            };
            ErrorArm.visit_block_mut(&mut f.block);
            let dropped = drop_api_version(&mut f.block);
            if let Some(op) = &op {
                *counts.send.entry(op.clone()).or_default() += 1;
                *counts.api_version.entry(op.clone()).or_default() += dropped;
            }
            f.sig.ident = format_ident!("progenitor_send");
            f.vis = syn::Visibility::Inherited;
            f.attrs.retain(|a| !a.path().is_ident("doc"));
            let error_body = error_param(&err);
            // Only typed JSON bodies can carry the provider's envelope.
            let typed = matches!(error_param(&ok), syn::Type::Path(p)
                if p.path.leading_colon.is_none()
                    && p.path.segments.first().is_some_and(|s| s.ident == "types"));
            let check = (envelope && typed).then(|| {
                quote! {
                    super::ENVELOPE
                        .check(&*value)
                        .map_err(|e| e.redacted(client.inner.redactor()))?;
                }
            });
            let doc = if check.is_some() {
                "Sends the request and decodes the response; an error the provider reports inside a successful response is returned as an error."
            } else {
                "Sends the request and decodes the response."
            };
            wrappers.push(syn::parse_quote! {
                #[doc = #doc]
                pub async fn send(self) -> Result<#ok, ::client_runtime::Error<#error_body>> {
                    let client = self.client;
                    match self.progenitor_send().await {
                        Ok(value) => {
                            #check
                            Ok(value)
                        }
                        Err(e) => Err(::client_runtime::Error::from_progenitor(e)
                            .await
                            .redacted(client.inner.redactor())),
                    }
                }
            });
        }
        imp.items.extend(wrappers);
    }
}

/// Points progenitor's support-crate paths (`progenitor_client::…`) at
/// `::client_runtime::support`, which provides the same items, so the
/// generated crates need no `progenitor-client` dependency.
pub(crate) fn own_support(items: &mut [Item]) {
    struct Repoint;
    fn is_progenitor(ident: &Ident) -> bool {
        ident == "progenitor_client"
    }
    impl VisitMut for Repoint {
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            syn::visit_mut::visit_path_mut(self, path);
            if path
                .segments
                .first()
                .is_some_and(|s| is_progenitor(&s.ident))
            {
                let rest: Vec<syn::PathSegment> = path.segments.iter().skip(1).cloned().collect();
                *path = syn::parse_quote!(::client_runtime::support);
                path.segments.extend(rest);
            }
        }
        fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
            if let syn::UseTree::Path(p) = &mut item.tree
                && is_progenitor(&p.ident)
            {
                let rest = (*p.tree).clone();
                item.leading_colon = Some(Default::default());
                item.tree = syn::parse_quote!(client_runtime::support::#rest);
            }
        }
    }
    for item in items {
        Repoint.visit_item_mut(item);
    }
}

/// Removes the `api-version` header progenitor adds to every request
/// (carrying the spec's `info.version`, which none of our providers define
/// as a header): the statement that appends it and, when no other header is
/// added, the `header_map` itself and the `.headers(header_map)` call.
/// Returns how many statements added the header.
fn drop_api_version(block: &mut syn::Block) -> usize {
    /// `header_map.append(<name>, …)` or `.insert(…)`: whether it is one,
    /// and whether its header is `api-version`.
    fn header_call(stmt: &syn::Stmt) -> Option<bool> {
        let syn::Stmt::Expr(Expr::MethodCall(call), _) = stmt else {
            return None;
        };
        let on_header_map =
            matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident("header_map"));
        if !on_header_map || !(call.method == "append" || call.method == "insert") {
            return None;
        }
        let name = call.args.first()?.to_token_stream().to_string();
        Some(name.contains("\"api-version\""))
    }
    let before = block.stmts.len();
    block.stmts.retain(|s| header_call(s) != Some(true));
    let dropped = before - block.stmts.len();
    if dropped == 0 || block.stmts.iter().any(|s| header_call(s).is_some()) {
        return dropped;
    }
    block.stmts.retain(|s| {
        !matches!(s, syn::Stmt::Local(l)
            if matches!(&l.pat, syn::Pat::Ident(i) if i.ident == "header_map"))
    });
    struct DropHeaders;
    impl VisitMut for DropHeaders {
        fn visit_expr_mut(&mut self, e: &mut Expr) {
            syn::visit_mut::visit_expr_mut(self, e);
            let Expr::MethodCall(call) = e else { return };
            let only_header_map = call.args.len() == 1
                && matches!(&call.args[0], Expr::Path(p) if p.path.is_ident("header_map"));
            if call.method == "headers" && only_header_map {
                *e = (*call.receiver).clone();
            }
        }
    }
    DropHeaders.visit_block_mut(block);
    dropped
}

/// `Result<A, B>` -> `(A, B)`.
fn result_types(t: &syn::Type) -> Option<(syn::Type, syn::Type)> {
    let syn::Type::Path(p) = t else { return None };
    let seg = p.path.segments.last()?;
    if seg.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    });
    Some((types.next()?, types.next()?))
}

/// `Error<E>` -> `E` (`()` when there is none).
fn error_param(t: &syn::Type) -> syn::Type {
    result_types_inner(t).unwrap_or_else(|| syn::parse_quote!(()))
}

fn result_types_inner(t: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(p) = t else { return None };
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

/// Makes the httpmock helpers match query parameters the way the client
/// encodes them: progenitor renders every value with `to_string()`, which
/// does not compile for arrays and maps and would not match comma lists or
/// deepObject keys.
///
/// Returns how many query setters it rewrote per `When` wrapper (by the
/// wrapper's name without `When`), which `mocks::finish` checks against the
/// spec's query parameters.
pub(crate) fn rewrite_mocks(
    items: &mut [Item],
    model: &Model,
    provider: &Provider,
) -> std::collections::BTreeMap<String, usize> {
    let style = style(provider);
    let by_builder = builder_names(model);
    struct Mock<'a> {
        op: String,
        /// The operation, when the wrapper is one of the model's.
        model: Option<&'a Operation>,
        style: &'a TokenStream,
        rewritten: usize,
    }
    impl VisitMut for Mock<'_> {
        fn visit_expr_mut(&mut self, e: &mut Expr) {
            syn::visit_mut::visit_expr_mut(self, e);
            let Expr::MethodCall(call) = e else { return };
            if call.method != "query_param" || call.args.len() != 2 {
                return;
            }
            let Some(Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            })) = call.args.first()
            else {
                return;
            };
            let is_to_string =
                matches!(&call.args[1], Expr::MethodCall(m) if m.method == "to_string");
            if !is_to_string {
                return;
            }
            let encoding = self
                .model
                .map_or(Encoding::Plain, |o| o.encoding(&name.value()));
            let kind = match encoding {
                Encoding::DeepObject => quote!(DeepObject),
                Encoding::CommaList => quote!(CommaList),
                Encoding::Plain => quote!(Exploded),
            };
            let style = self.style;
            let mut folded: syn::ExprMethodCall = syn::parse_quote! {
                ::client_runtime::encode::query_pairs(#name, &value, ::client_runtime::encode::QueryKind::#kind, #style)
                    .into_iter()
                    .fold(receiver, |when, (k, v)| when.query_param(k, v))
            };
            // The receiver is the chain of the earlier calls, already
            // rewritten: move it in rather than quoting and re-parsing it,
            // which would cost the square of the parameter count.
            let receiver =
                std::mem::replace(&mut *call.receiver, Expr::Verbatim(TokenStream::new()));
            folded.args[0] = receiver;
            *e = Expr::MethodCall(folded);
            self.rewritten += 1;
        }
    }

    let mut counts = std::collections::BTreeMap::new();

    for item in items.iter_mut() {
        let Item::Mod(m) = item else { continue };
        let Some((_, inner)) = &mut m.content else {
            continue;
        };
        for it in inner.iter_mut() {
            let Item::Impl(imp) = it else { continue };
            let syn::Type::Path(p) = &*imp.self_ty else {
                continue;
            };
            let Some(name) = p.path.segments.last().map(|s| s.ident.to_string()) else {
                continue;
            };
            let Some(op) = name.strip_suffix("When") else {
                continue;
            };
            let mut v = Mock {
                op: op.to_owned(),
                model: by_builder.get(op).copied(),
                style: &style,
                rewritten: 0,
            };
            v.visit_item_impl_mut(imp);
            *counts.entry(v.op).or_default() += v.rewritten;
        }
    }
    counts
}

/// Replaces `#[derive(Deserialize)]` on structs with a `#[serde(flatten)]`
/// map of the other keys (typify's `additionalProperties`) by a visitor that
/// reads each key once: named fields into their types, every other key into
/// the map. serde's derive buffers the whole object into its private
/// `Content` tree before it fills a flattened field, which for a large open
/// body (VoiceMeUp's envelope) costs several times the body on top of the
/// decoded value.
///
/// A struct whose fields carry serde attributes other than
/// `skip_serializing_if`, `default` and `rename` keeps its derive.
pub(crate) fn flatten_maps(items: &mut Vec<Item>) {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        let syn::Fields::Named(fields) = &s.fields else {
            continue;
        };
        let Some(plan) = flatten_plan(fields) else {
            continue;
        };
        let Some(derive) = s.attrs.iter_mut().find(|a| a.path().is_ident("derive")) else {
            continue;
        };
        let Ok(paths) = derive.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let is_de = |p: &syn::Path| p.segments.last().is_some_and(|s| s.ident == "Deserialize");
        if !paths.iter().any(is_de) {
            continue;
        }
        let kept: Vec<&syn::Path> = paths.iter().filter(|p| !is_de(p)).collect();
        *derive = syn::parse_quote!(#[derive(#(#kept),*)]);
        impls.push(flatten_impl(&s.ident, &plan));
    }
    items.extend(impls);
}

/// The named fields (ident, type, wire name, may be missing) and the
/// flattened map field of a struct, if it has exactly one.
struct FlattenPlan {
    named: Vec<(Ident, syn::Type, String, bool)>,
    map: (Ident, syn::Type),
}

fn flatten_plan(fields: &syn::FieldsNamed) -> Option<FlattenPlan> {
    let mut named = Vec::new();
    let mut map = None;
    for f in &fields.named {
        let ident = f.ident.clone()?;
        let (mut flatten, mut default, mut rename) = (false, false, None);
        for attr in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            let mut ok = true;
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("flatten") {
                    flatten = true;
                } else if meta.path.is_ident("default") {
                    default = true;
                } else if meta.path.is_ident("rename") {
                    let lit: syn::LitStr = meta.value()?.parse()?;
                    rename = Some(lit.value());
                } else if meta.path.is_ident("skip_serializing_if") {
                    let _: syn::LitStr = meta.value()?.parse()?;
                } else {
                    ok = false;
                }
                Ok(())
            })
            .ok()?;
            if !ok {
                return None;
            }
        }
        if flatten {
            if map.replace((ident, f.ty.clone())).is_some() {
                return None;
            }
            continue;
        }
        let optional = default
            || matches!(&f.ty, syn::Type::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "Option"));
        let wire = rename.unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_owned());
        named.push((ident, f.ty.clone(), wire, optional));
    }
    Some(FlattenPlan { named, map: map? })
}

fn flatten_impl(name: &Ident, plan: &FlattenPlan) -> Item {
    let expecting = format!("struct {name}");
    let (map, map_ty) = &plan.map;
    let slots = plan.named.iter().map(|(ident, ty, _, _)| {
        quote!(let mut #ident: ::std::option::Option<#ty> = ::std::option::Option::None;)
    });
    let arms = plan.named.iter().map(|(ident, _, wire, _)| {
        quote! {
            #wire => {
                if #ident.is_some() {
                    return Err(::serde::de::Error::duplicate_field(#wire));
                }
                #ident = ::std::option::Option::Some(map.next_value()?);
            }
        }
    });
    let finish = plan.named.iter().map(|(ident, _, wire, optional)| {
        if *optional {
            quote!(#ident: #ident.unwrap_or_default(),)
        } else {
            quote!(#ident: #ident.ok_or_else(|| ::serde::de::Error::missing_field(#wire))?,)
        }
    });
    syn::parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#name, A::Error> {
                        #(#slots)*
                        let mut #map: #map_ty = ::std::default::Default::default();
                        while let ::std::option::Option::Some(key) = map.next_key::<::std::string::String>()? {
                            match key.as_str() {
                                #(#arms)*
                                _ => {
                                    let value = map.next_value()?;
                                    #map.insert(key, value);
                                }
                            }
                        }
                        Ok(#name { #(#finish)* #map })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

/// Lets each field named in `aliases` also decode from its other names:
/// typify has no per-field seam for serde's `alias`, so the attribute is
/// added to the generated struct here, with a line of documentation.
///
/// The pass counts what it changed: every entry must meet exactly one
/// top-level struct named after its schema with a field of that wire name,
/// or generation fails with `(schema, message)`, so an alias never silently
/// stops applying when the spec or typify's naming changes.
pub(crate) fn field_aliases(
    items: &mut [Item],
    aliases: &[crate::model::normalize::FieldAliases],
) -> Result<(), (String, String)> {
    for entry in aliases {
        let type_name = entry.schema.to_upper_camel_case();
        let mut structs = 0;
        let mut fields = 0;
        let mut names = Vec::new();
        for item in items.iter_mut() {
            let Item::Struct(s) = item else { continue };
            if s.ident != type_name {
                continue;
            }
            structs += 1;
            for field in s.fields.iter_mut() {
                let wire = wire_name(field);
                if wire != entry.property {
                    names.push(wire);
                    continue;
                }
                fields += 1;
                add_aliases(field, &entry.aliases);
            }
        }
        let message = match (structs, fields) {
            (1, 1) => continue,
            (0, _) => format!(
                "`x-aliases` of schema `{}`: the generated code has no struct `{type_name}`, \
                 so the schema is not emitted as a struct",
                entry.schema
            ),
            (1, 0) => format!(
                "`x-aliases` of schema `{}` names the property `{}`, which the generated \
                 struct `{type_name}` does not have (its fields: {})",
                entry.schema,
                entry.property,
                names.join(", ")
            ),
            (s, f) => format!(
                "`x-aliases` of schema `{}` met {s} structs `{type_name}` and {f} fields `{}`, \
                 not one of each",
                entry.schema, entry.property
            ),
        };
        return Err((entry.schema.clone(), message));
    }
    Ok(())
}

/// The name a generated field has on the wire: its `#[serde(rename)]`, else
/// its identifier.
fn wire_name(field: &syn::Field) -> String {
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let mut renamed = None;
        // Other serde keys (`default`, `skip_serializing_if`) are skipped.
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                renamed = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<Expr>()?;
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

/// The `#[serde(alias = …)]` names of a generated field, in order.
pub(crate) fn serde_aliases(field: &syn::Field) -> Vec<String> {
    let mut out = Vec::new();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("alias") {
                out.push(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<Expr>()?;
            }
            Ok(())
        });
    }
    out
}

/// Adds `#[serde(alias = …)]` for each name and says so in the field's docs.
fn add_aliases(field: &mut syn::Field, aliases: &[String]) {
    let documented = field.attrs.iter().any(|a| a.path().is_ident("doc"));
    let list = aliases
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let line = format!("Also decoded from {list}.");
    let at = field
        .attrs
        .iter()
        .rposition(|a| a.path().is_ident("doc"))
        .map_or(0, |i| i + 1);
    let mut docs: Vec<syn::Attribute> = Vec::new();
    if documented {
        docs.push(syn::parse_quote!(#[doc = ""]));
    }
    docs.push(syn::parse_quote!(#[doc = #line]));
    field.attrs.splice(at..at, docs);
    for alias in aliases {
        field
            .attrs
            .push(syn::parse_quote!(#[serde(alias = #alias)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::load::Spec;
    use crate::settings::provider;

    /// One comma-list query parameter and one bracket-encoded form body.
    const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /numbers:
    get:
      operationId: list_numbers
      parameters:
        - name: sort
          in: query
          explode: false
          schema:
            type: array
            items: {type: string}
      responses:
        '204': {description: ok}
  /orders:
    post:
      operationId: order_numbers
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Order:
      type: object
      required: [numbers]
      properties:
        numbers:
          type: object
          additionalProperties: {type: integer}
";

    /// Runs the builder passes on progenitor's builders for `SPEC`, after
    /// `damage` has changed them the way a progenitor upgrade might.
    fn run(damage: impl Fn(&mut Vec<Item>)) -> crate::error::Result<()> {
        run_as("skyetel", damage)
    }

    /// [`run`] with the settings of another provider.
    fn run_as(name: &str, damage: impl Fn(&mut Vec<Item>)) -> crate::error::Result<()> {
        let spec = Spec::parse("specs/x.yaml", SPEC).unwrap();
        let n = crate::normalize(&spec.openapi);
        let provider = provider(name).unwrap();
        let emitted = crate::emit::rest::emit(&spec, &n).unwrap();
        let file: syn::File = syn::parse2(emitted.client).unwrap();
        let mut builder = file
            .items
            .into_iter()
            .find_map(|i| match i {
                Item::Mod(m) if m.ident == "builder" => Some(m.content.unwrap().1),
                _ => None,
            })
            .unwrap();
        damage(&mut builder);
        let mut counts = BuilderCounts::default();
        rewrite_builders(&mut builder, &n.model, provider, &mut counts);
        unify_errors(&mut builder, &n.model, &mut counts);
        check_builders(&spec, &n.model, provider, &counts)
    }

    /// Renames every identifier `from` in the items to `to`.
    fn rename(items: &mut [Item], from: &'static str, to: &'static str) {
        struct Rename(&'static str, &'static str);
        impl VisitMut for Rename {
            fn visit_ident_mut(&mut self, i: &mut Ident) {
                if i == self.0 {
                    *i = Ident::new(self.1, i.span());
                }
            }
        }
        for item in items {
            Rename(from, to).visit_item_mut(item);
        }
    }

    fn message(result: crate::error::Result<()>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn the_fixture_meets_every_expected_count() {
        run(|_| {}).unwrap();
    }

    #[test]
    fn a_query_parameter_progenitor_builds_otherwise_fails_generation() {
        let err = message(run(|items| rename(items, "QueryParam", "QueryPair")));
        assert_eq!(
            err,
            "error: specs/x.yaml: operation `list_numbers`: the builder pass `query_encoders` rewrote 0 query parameters of progenitor's output where the spec calls for 1\n  \
             help: progenitor's builder output no longer has the shape this pass expects (a progenitor upgrade?); adapt the pass in codegen/src/emit/rest/wire.rs"
        );
    }

    #[test]
    fn with_php_conventions_every_query_parameter_is_counted() {
        run_as("voicemeup", |_| {}).unwrap();
        let err = message(run_as("voicemeup", |items| {
            rename(items, "QueryParam", "QueryPair")
        }));
        assert!(
            err.contains("operation `list_numbers`: the builder pass `query_encoders` rewrote 0 query parameters of progenitor's output where the spec calls for 1"),
            "{err}"
        );
    }

    #[test]
    fn a_form_body_progenitor_sends_otherwise_fails_generation() {
        let err = message(run(|items| rename(items, "form_urlencoded", "form")));
        assert!(
            err.contains("operation `order_numbers`: the builder pass `bracket_forms` rewrote 0 form bodies of progenitor's output where the spec calls for 1"),
            "{err}"
        );
    }

    #[test]
    fn a_builder_named_otherwise_fails_generation_for_each_pass() {
        let err = message(run(|items| rename(items, "ListNumbers", "NumbersList")));
        for pass in [
            "operation `list_numbers`: the builder pass `query_encoders` rewrote 0",
            "operation `list_numbers`: the builder pass `unified_errors` rewrote 0 `send` methods",
            "operation `list_numbers`: the builder pass `api_version` rewrote 0",
            // The renamed builder's `send` is still wrapped, which no
            // operation expects.
            "operation `NumbersList`: the builder pass `unified_errors` rewrote 1 `send` methods of progenitor's output where the spec calls for 0",
        ] {
            assert!(err.contains(pass), "{pass:?} missing from {err}");
        }
    }

    #[test]
    fn a_send_progenitor_names_otherwise_fails_generation() {
        let err = message(run(|items| rename(items, "send", "execute")));
        assert!(
            err.contains("operation `order_numbers`: the builder pass `unified_errors` rewrote 0 `send` methods of progenitor's output where the spec calls for 1"),
            "{err}"
        );
    }

    #[test]
    fn an_api_version_header_progenitor_adds_otherwise_fails_generation() {
        struct Rename;
        impl VisitMut for Rename {
            fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
                if lit.value() == "api-version" {
                    *lit = syn::LitStr::new("x-api-version", lit.span());
                }
            }
        }
        let err = message(run(|items| {
            for item in items {
                Rename.visit_item_mut(item);
            }
        }));
        assert!(
            err.contains("operation `list_numbers`: the builder pass `api_version` rewrote 0 `api-version` headers of progenitor's output where the spec calls for 1"),
            "{err}"
        );
    }
}
