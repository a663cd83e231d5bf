//! The JSON-RPC emitter, for specs loaded from OpenRPC: types from typify
//! (the same type generator progenitor uses), methods from our own code,
//! grouped by service (`client.sms().send(…)`), sent through the runtime's
//! JSON-RPC transport.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;

use heck::ToSnakeCase;
use openapiv3::{ReferenceOr, SchemaKind};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use typify::{TypeSpace, TypeSpaceImpl, TypeSpaceSettings};

use crate::error::{Diagnostic, Error, Result};
use crate::front::load::Spec;
use crate::front::openrpc;
use crate::model::normalize::{Normalized, RpcPagination};

/// What the emitter produced: the client, the types and the services.
pub(crate) struct Emitted {
    pub root: TokenStream,
    pub types: TokenStream,
    pub services: TokenStream,
    /// One listing line per method, with its operation id.
    pub listing: Vec<(String, String)>,
}

struct Method {
    name: String,
    id: String,
    doc: String,
    params: Vec<(String, bool, TokenStream, Option<String>)>,
    result: TokenStream,
    /// Offset paging, for methods that get a stream.
    paging: Option<RpcPagination>,
}

pub(crate) fn emit(spec: &Spec, n: &Normalized) -> Result<Emitted> {
    let fail = |message: String| {
        Error::one(Diagnostic {
            file: spec.file.clone(),
            line: None,
            operation: None,
            message,
            help: Some("this is a generator limitation; simplify the schema or report it".into()),
        })
    };
    let mut settings = TypeSpaceSettings::default();
    settings
        .with_type_mod("types")
        .with_struct_builder(true)
        .with_derive("PartialEq".to_owned())
        .with_map_type("::std::collections::BTreeMap");
    settings.with_conversion(
        crate::emit::rest::date_time_schema(),
        crate::emit::rest::DATE_TIME,
        [TypeSpaceImpl::Display, TypeSpaceImpl::FromStr].into_iter(),
    );
    for e in &n.model.open_enums {
        settings.with_replacement(
            &e.name,
            format!("crate::generated::types::{}", e.name),
            [TypeSpaceImpl::Display, TypeSpaceImpl::FromStr].into_iter(),
        );
    }
    let mut space = TypeSpace::new(&settings);
    let to_schemars = |s: &openapiv3::Schema| -> Result<schemars::schema::Schema> {
        let mut v = serde_json::to_value(s).map_err(|e| fail(e.to_string()))?;
        nullable_as_type_list(&mut v);
        serde_json::from_value(v)
            .map_err(|e| fail(format!("a schema does not convert to JSON Schema: {e}")))
    };
    let mut defs = Vec::new();
    for (name, s) in n.openapi.components.iter().flat_map(|c| c.schemas.iter()) {
        if let ReferenceOr::Item(s) = s {
            defs.push((name.clone(), to_schemars(s)?));
        }
    }
    // typify panics on some shapes; a panic must not reach the user.
    crate::emit::rest::quiet_catch(AssertUnwindSafe(|| space.add_ref_types(defs)))
        .map_err(|panic| {
            fail(format!(
                "the type generator failed on the component schemas: {panic}"
            ))
        })?
        .map_err(|e| fail(format!("the type generator rejected the schemas: {e}")))?;

    let any = || quote!(::serde_json::Value);
    let mut type_of =
        |schema: &ReferenceOr<openapiv3::Schema>, name: &str| -> Result<TokenStream> {
            let s = match schema {
                ReferenceOr::Reference { reference } => {
                    let target = reference.rsplit('/').next().unwrap_or_default();
                    let ident = format_ident!("{}", target);
                    return Ok(quote!(types::#ident));
                }
                ReferenceOr::Item(s) => s,
            };
            if matches!(s.schema_kind, SchemaKind::Any(_)) {
                return Ok(any());
            }
            let schema = to_schemars(s)?;
            let id = crate::emit::rest::quiet_catch(AssertUnwindSafe(|| {
                space.add_type_with_name(&schema, Some(name.to_owned()))
            }))
            .map_err(|panic| fail(format!("the type generator failed on `{name}`: {panic}")))?
            .map_err(|e| fail(format!("`{name}`: {e}")))?;
            Ok(space
                .get_type(&id)
                .map_err(|e| fail(e.to_string()))?
                .ident())
        };

    let mut methods = Vec::new();
    for op in &n.model.operations {
        let Some(rpc) = &op.rpc else { continue };
        let id = &op.id;
        let mut params = Vec::new();
        for p in &rpc.params {
            let name = format!("{}{}", openrpc::type_name(id), openrpc::type_name(&p.name));
            let ty = type_of(&p.schema, &name)?;
            params.push((p.name.clone(), p.required, ty, p.description.clone()));
        }
        let result = rpc
            .result
            .as_ref()
            .map(|s| type_of(s, &format!("{}Result", openrpc::type_name(id))))
            .transpose()?
            .unwrap_or_else(any);
        methods.push(Method {
            name: rpc.name.clone(),
            id: id.clone(),
            doc: op.doc(),
            params,
            result,
            // Validation has reported a malformed `x-pagination` already.
            paging: op.rpc_paging().cloned(),
        });
    }

    // Group by service: everything before the last `.` of the method name.
    let mut services: BTreeMap<String, Vec<&Method>> = BTreeMap::new();
    for m in &methods {
        let service = m.name.rsplit_once('.').map_or("rpc", |(s, _)| s);
        services.entry(service.to_owned()).or_default().push(m);
    }
    let mut accessors = Vec::new();
    let mut service_items = Vec::new();
    let mut listing = Vec::new();
    for (service, ms) in &services {
        let ty = format_ident!("{}", openrpc::type_name(service));
        let accessor = ident(&openrpc::operation_id(service));
        let doc = format!("Methods of the `{service}` service.");
        accessors.push(quote! {
            #[doc = #doc]
            pub fn #accessor(&self) -> services::#ty<'_> {
                services::#ty { client: self }
            }
        });
        let fns = ms.iter().map(|m| {
            let fname = ident(&m.name.rsplit_once('.').map_or(m.name.as_str(), |(_, f)| f).to_snake_case());
            let (method, op) = (&m.name, &m.id);
            let mut doc = format!("{}\n\nCalls `{method}`.", m.doc);
            if !m.params.is_empty() {
                doc.push_str("\n\nParameters, in the order they are sent:");
                for (p, required, _, d) in &m.params {
                    doc.push_str(&format!(
                        "\n- `{p}`{}: {}",
                        if *required { "" } else { " (optional; sent as `null` when `None`)" },
                        d.as_deref().unwrap_or("see the type.")
                    ));
                }
            }
            let args: Vec<TokenStream> = m.params.iter().map(|(p, required, ty, _)| {
                let a = ident(&p.to_snake_case());
                if !*required {
                    quote!(#a: Option<#ty>)
                } else if ty.to_string() == ":: std :: string :: String" {
                    quote!(#a: impl Into<::std::string::String>)
                } else {
                    quote!(#a: #ty)
                }
            }).collect();
            let values: Vec<TokenStream> = m.params.iter().map(|(p, required, ty, _)| {
                let a = ident(&p.to_snake_case());
                if *required && ty.to_string() == ":: std :: string :: String" {
                    quote!(::client_runtime::jsonrpc::param(&#a.into())?)
                } else {
                    quote!(::client_runtime::jsonrpc::param(&#a)?)
                }
            }).collect();
            let result = &m.result;
            let repeatable = n.model.is_repeatable(op);
            listing.push((op.clone(), format!(
                "`{}().{}({})` → `{}`{}",
                openrpc::operation_id(service),
                fname,
                m.params
                    .iter()
                    .map(|(p, r, t, _)| {
                        let t = crate::output::listing::tidy(&t.to_string());
                        if *r { format!("{p}: {t}") } else { format!("{p}: Option<{t}>") }
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                crate::output::listing::tidy(&result.to_string()),
                crate::output::listing::retry_mark(repeatable)
            )));
            let streams = m.paging.as_ref().map(|p| {
                let names: Vec<Ident> =
                    m.params.iter().map(|(p, ..)| ident(&p.to_snake_case())).collect();
                let stream = format_ident!("{}_stream", fname);
                let stream_with = format_ident!("{}_stream_with", fname);
                listing.push((op.clone(), format!(
                    "`{}().{stream}(…)` and `{stream_with}(…, paging)` → stream of `{}`: every item of `{fname}`, page by page",
                    openrpc::operation_id(service),
                    p.item_type.as_deref().unwrap_or("serde_json::Value"),
                )));
                rpc_stream(p, &m.result, (&stream, &stream_with, &fname), (method, op), (&args, &names, &values))
            });
            quote! {
                #[doc = #doc]
                pub async fn #fname(&self, #(#args),*) -> ::std::result::Result<#result, ::client_runtime::Error> {
                    let params = Vec::from([#(#values),*]);
                    self.client.rpc(#method, #op, params).await
                }

                #streams
            }
        });
        let doc = format!(
            "The `{service}` service: `client.{}()`.",
            openrpc::operation_id(service)
        );
        service_items.push(quote! {
            #[doc = #doc]
            #[derive(Clone, Copy, Debug)]
            pub struct #ty<'a> {
                pub(crate) client: &'a super::Client,
            }

            impl<'a> #ty<'a> {
                #(#fns)*
            }
        });
    }

    let limits = crate::emit::rest::api_client_impl(n);
    let title = &n.openapi.info.title;
    let client_doc = format!("Client for the {title} JSON-RPC API.");
    let root = quote! {
        #[doc = #client_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) baseurl: String,
            pub(crate) client: reqwest::Client,
            pub(crate) inner: ::client_runtime::Runtime,
        }

        #limits

        impl Client {
            #(#accessors)*

            /// Calls any method by name with positional `params`, for methods
            /// this client does not describe. The result is decoded as `R`
            /// (use `serde_json::Value` to take it as it comes).
            pub async fn call<R: ::serde::de::DeserializeOwned>(
                &self,
                method: &str,
                params: Vec<::serde_json::Value>,
            ) -> ::std::result::Result<R, ::client_runtime::Error> {
                self.rpc(method, "call", params).await
            }

            pub(crate) async fn rpc<R: ::serde::de::DeserializeOwned>(
                &self,
                method: &str,
                operation_id: &'static str,
                params: Vec<::serde_json::Value>,
            ) -> ::std::result::Result<R, ::client_runtime::Error> {
                // The endpoint is the base URL with its trailing slash.
                let url = format!("{}/", self.baseurl);
                ::client_runtime::jsonrpc::call(&self.client, &self.inner, &url, method, operation_id, params).await
            }
        }
    };
    let enums: TokenStream = n
        .model
        .open_enums
        .iter()
        .map(crate::emit::rest::open_enum)
        .collect();
    let webhooks = webhook_data(n);
    let types = space.to_stream();
    Ok(Emitted {
        root,
        types: quote! { #types #enums #webhooks },
        services: quote! {
            #[allow(unused_imports)]
            use super::types;
            #(#service_items)*
        },
        listing,
    })
}

/// `<method>_stream` and `<method>_stream_with` on a service, for a method
/// with `x-pagination`: the method's own arguments, every page sent through
/// `client_runtime::jsonrpc::offset_stream`.
fn rpc_stream(
    p: &RpcPagination,
    result: &TokenStream,
    (stream, stream_with, fname): (&Ident, &Ident, &Ident),
    (method, op): (&str, &str),
    (args, names, values): (&[TokenStream], &[Ident], &[TokenStream]),
) -> TokenStream {
    let item = match &p.item_type {
        Some(t) => {
            let t = format_ident!("{}", t);
            quote!(types::#t)
        }
        None => quote!(::serde_json::Value),
    };
    let items = ident(&p.items.to_snake_case());
    let total = match &p.total {
        Some((f, required)) => {
            let f = ident(&f.to_snake_case());
            if *required {
                quote!(u64::try_from(r.#f).ok())
            } else {
                quote!(r.#f.and_then(|t| u64::try_from(t).ok()))
            }
        }
        None => quote!(None),
    };
    let more = match &p.more {
        Some((f, required)) => {
            let f = ident(&f.to_snake_case());
            if *required {
                quote!(Some(r.#f))
            } else {
                quote!(r.#f)
            }
        }
        None => quote!(None),
    };
    let (index, page_size) = (p.index, p.page_size);
    let (offset, limit) = (p.offset.as_str(), p.limit.as_str());
    let offset_name = format!("{}.{}", p.param, p.offset);
    let limit_name = format!("{}.{}", p.param, p.limit);
    let mut ends = String::from("an empty page");
    if let Some((f, _)) = &p.total {
        ends.push_str(&format!(
            ", once it has yielded the total the server reports in `{f}`"
        ));
    }
    if let Some((f, _)) = &p.more {
        ends.push_str(&format!(", or after a page whose `{f}` is false"));
    }
    let doc = format!(
        "Every item of [`{fname}`](Self::{fname}), fetched page by page ({page_size} per call), \
         with the default [`Paging`](::client_runtime::paging::Paging) settings. The stream sets \
         `{offset_name}` and `{limit_name}` itself; the other arguments apply to every page.\n\n\
         It ends after a page shorter than asked for, {ends}. It ends with \
         [`Error::Paging`](::client_runtime::Error::Paging) instead of looping or repeating items \
         when a page repeats the previous one, starts with the first item of the first page or \
         with an item of the previous page (the server ignores `{offset_name}`), or when the list \
         needs more pages than the cap ({cap} by default; see \
         [`{stream_with}`](Self::{stream_with})). The first error ends the stream.",
        cap = crate::emit::rest::wire::DEFAULT_PAGE_CAP,
    );
    let with_doc = format!(
        "Like [`{stream}`](Self::{stream}), with `paging` settings such as the page cap \
         ([`Paging::max_pages`](::client_runtime::paging::Paging::max_pages)) instead of the \
         defaults."
    );
    quote! {
        #[doc = #doc]
        pub fn #stream(
            &self,
            #(#args),*
        ) -> impl ::futures_core::Stream<Item = ::std::result::Result<#item, ::client_runtime::Error>> + 'a {
            self.#stream_with(#(#names,)* ::client_runtime::paging::Paging::new())
        }

        #[doc = #with_doc]
        pub fn #stream_with(
            &self,
            #(#args,)*
            paging: ::client_runtime::paging::Paging,
        ) -> impl ::futures_core::Stream<Item = ::std::result::Result<#item, ::client_runtime::Error>> + 'a {
            let client = self.client;
            let params: ::std::result::Result<Vec<::serde_json::Value>, ::client_runtime::Error> =
                (|| Ok(Vec::from([#(#values),*])))();
            let slot = ::client_runtime::jsonrpc::PageSlot {
                index: #index,
                offset: #offset,
                limit: #limit,
                offset_name: #offset_name,
                page_size: #page_size,
            };
            ::client_runtime::jsonrpc::offset_stream(
                params,
                slot,
                paging,
                move |params| client.rpc(#method, #op, params),
                |r: #result| ::client_runtime::jsonrpc::RpcPage { items: r.#items, total: #total, more: #more },
            )
        }
    }
}

/// An identifier for a name, raw when it is a keyword.
fn ident(name: &str) -> Ident {
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name.to_owned()
    };
    match syn::parse_str::<Ident>(&name) {
        Ok(i) => i,
        Err(_) => Ident::new_raw(&name, Span::call_site()),
    }
}

/// `WebhookData`: the `data` of a webhook event decoded by its type, from
/// the spec's `x-webhook-events` (event type -> schema name).
fn webhook_data(n: &Normalized) -> TokenStream {
    let Some(events) = n
        .openapi
        .extensions
        .get("x-webhook-events")
        .and_then(|v| v.as_object())
    else {
        return TokenStream::new();
    };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for (event, schema) in events {
        let Some(schema) = schema.as_str() else {
            continue;
        };
        let variant = format_ident!("{}", openrpc::type_name(event));
        let ty = format_ident!("{}", openrpc::type_name(schema));
        let doc = format!("`{event}`: the data is a `{schema}`.");
        variants.push(quote! { #[doc = #doc] #variant(#ty) });
        arms.push(quote! { #event => Self::#variant(::serde_json::from_value(data)?) });
    }
    quote! {
        /// The `data` of a webhook event, decoded according to the event's
        /// `type`. Event types this client does not know are kept as JSON.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum WebhookData {
            #(#variants,)*
            /// An event type not documented when this client was generated.
            Other(::serde_json::Value),
        }

        impl WebhookData {
            /// Decodes `data` for an event of type `event_type`.
            pub fn decode(event_type: &str, data: ::serde_json::Value) -> ::std::result::Result<Self, ::serde_json::Error> {
                Ok(match event_type {
                    #(#arms,)*
                    _ => Self::Other(data),
                })
            }
        }
    }
}

/// OpenAPI 3.0's `nullable: true` as JSON Schema says it (`type: [t,
/// "null"]`), which is what typify reads; the JSON of an `openapiv3`
/// schema keeps `nullable` as an unknown keyword otherwise.
fn nullable_as_type_list(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            if map.get("nullable") == Some(&serde_json::Value::Bool(true))
                && let Some(serde_json::Value::String(t)) = map.get("type").cloned()
            {
                map.remove("nullable");
                map.insert("type".into(), serde_json::json!([t, "null"]));
            }
            map.values_mut().for_each(nullable_as_type_list);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(nullable_as_type_list),
        _ => {}
    }
}
