//! Our own emitters for what progenitor cannot produce: encodings rewritten
//! into its builders (deepObject, comma lists, bracket forms) and whole
//! multipart operations.

use heck::ToUpperCamelCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;
use syn::{Expr, Item};

use crate::normalize::{MultipartOp, QueryWire, Wire};
use crate::settings::{FormStyle, Provider};

/// The `Style` expression for a provider's bracket encodings.
fn style(provider: &Provider) -> TokenStream {
    match provider.form_style {
        FormStyle::Standard => quote!(::client_runtime::encode::Style::default()),
        FormStyle::Php => quote!(::client_runtime::encode::Style::PHP),
    }
}

/// Rewrites the `send` bodies of progenitor's builders so that parameters
/// and form bodies recorded in `wire` use our encoders.
pub(crate) fn rewrite_builders(items: &mut [Item], wire: &Wire, provider: &Provider) {
    let style = style(provider);
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        let syn::Type::Path(p) = &*imp.self_ty else {
            continue;
        };
        let Some(name) = p.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        let op = wire
            .query
            .keys()
            .map(|(op, _)| op)
            .chain(wire.form.iter())
            .find(|op| op.to_upper_camel_case() == name)
            .cloned();
        let Some(op) = op else { continue };
        let mut v = Rewrite {
            op: &op,
            wire,
            style: &style,
        };
        v.visit_item_impl_mut(imp);
    }
}

struct Rewrite<'a> {
    op: &'a str,
    wire: &'a Wire,
    style: &'a TokenStream,
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
                let key = (self.op.to_owned(), name.value());
                let replacement: Expr = match self.wire.query.get(&key) {
                    Some(QueryWire::DeepObject) => {
                        syn::parse_quote!(::client_runtime::encode::DeepObject::new(#name, #value).style(#style))
                    }
                    Some(QueryWire::CommaList) => {
                        syn::parse_quote!(progenitor_client::QueryParam::new(#name, &::client_runtime::encode::CommaList(#value)))
                    }
                    None => return,
                };
                *arg.expr = replacement;
            }
            "form_urlencoded" if self.wire.form.contains(self.op) => {
                let Some(arg) = call.args.first_mut() else {
                    return;
                };
                let body = arg.clone();
                *arg = syn::parse_quote!(&::client_runtime::encode::Form::new(#body).style(#style));
            }
            _ => {}
        }
    }
}

/// The client methods and builders of every multipart operation.
pub(crate) fn multipart(ops: &[MultipartOp]) -> (Vec<Item>, Vec<Item>) {
    let mut methods = Vec::new();
    let mut builders = Vec::new();
    for op in ops {
        let (m, b) = multipart_op(op);
        methods.push(m);
        builders.extend(b);
    }
    (methods, builders)
}

fn multipart_op(op: &MultipartOp) -> (Item, Vec<Item>) {
    let method_ident = Ident::new(&op.id, Span::call_site());
    let builder = format_ident!("{}", op.id.to_upper_camel_case());
    let doc = format!(
        "{}\n\nSends a `{}` request to `{}` with a `multipart/form-data` body.",
        op.doc,
        op.method.to_uppercase(),
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

    let idents: Vec<Ident> = op
        .parts
        .iter()
        .map(|p| format_ident!("{}", sanitize(&p.name)))
        .collect();
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut unwraps = Vec::new();
    let mut appends = Vec::new();
    for (p, ident) in op.parts.iter().zip(&idents) {
        let wire_name = &p.name;
        let ty: TokenStream = match &p.file {
            Some(_) => quote!(::client_runtime::encode::FilePart),
            None => p.text_type.parse().unwrap_or_else(|_| quote!(String)),
        };
        let doc = p
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{wire_name}` part."));
        let err = format!("`{wire_name}` was not set");
        let conv_err = format!("conversion to `{}` for {wire_name} failed", p.text_type);
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
        let add = |v: TokenStream| match &p.file {
            Some(mime) => quote! {
                form = form.part(#wire_name, #v.into_part(#mime).map_err(Error::InvalidRequest)?);
            },
            None => quote! { form = form.text(#wire_name, #v.to_string()); },
        };
        appends.push(if p.required {
            add(quote!(#ident))
        } else {
            let a = add(quote!(v));
            quote! { if let Some(v) = #ident { #a } }
        });
    }

    let path_lit = &op.path;
    let http = format_ident!("{}", op.method);
    let op_id = &op.id;
    let (success_code, success_body) = (op.success.0, &op.success.1);
    let ok_ty = match success_body {
        Some(name) => {
            let t = format_ident!("{}", name);
            quote!(types::#t)
        }
        None => quote!(()),
    };
    let err_ty = match &op.error {
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
    let err_arm = op.error.as_ref().map(|_| {
        quote!(400u16..=499u16 => Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)),)
    });
    let struct_doc = format!(
        "Builder for [`Client::{}`](super::Client::{}).",
        op.id, op.id
    );
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
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client, #(#inits,)* }
                }

                #(#setters)*

                /// Sends the request. A multipart body is a stream, so it is
                /// sent once and never retried.
                pub async fn send(self) -> Result<ResponseValue<#ok_ty>, Error<#err_ty>> {
                    let Self { client, #(#idents,)* } = self;
                    #(#unwraps)*
                    let mut form = ::reqwest::multipart::Form::new();
                    #(#appends)*
                    let url = format!("{}{}", client.baseurl, #path_lit);
                    #[allow(unused_mut)]
                    let mut request = client
                        .client
                        .#http(url)
                        .header(
                            ::reqwest::header::ACCEPT,
                            ::reqwest::header::HeaderValue::from_static("application/json"),
                        )
                        .multipart(form)
                        .build()?;
                    let info = OperationInfo { operation_id: #op_id };
                    client.pre(&mut request, &info).await?;
                    let result = client.exec(request, &info).await;
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
