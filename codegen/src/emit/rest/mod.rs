//! The REST emitter: normalized spec -> Rust token streams, via progenitor,
//! plus the pieces progenitor cannot produce (open enums, the runtime hook
//! impl). Its helpers: [`wire`] (bracket, PHP and multipart encodings),
//! [`mocks`] (the typed httpmock helpers) and [`passes`] (the counted edits
//! of progenitor's output, which fail generation when they miss).

pub(crate) mod mocks;
pub(crate) mod passes;
pub(crate) mod wire;

use std::panic::{AssertUnwindSafe, catch_unwind};

use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::{Ident, Span, TokenStream};
use progenitor_impl::{
    GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
};
use quote::quote;

use crate::error::{Diagnostic, Error, Result};
use crate::front::load::Spec;
use crate::model::normalize::{Normalized, OpenEnum};

/// What the emitter produced, still as tokens.
pub(crate) struct Emitted {
    pub client: TokenStream,
    pub mock: TokenStream,
    pub enums: TokenStream,
}

/// Path of the generated module inside each client crate.
const MODULE: &str = "crate::generated";

/// The Rust type of `format: date-time`.
pub(crate) const DATE_TIME: &str = "::chrono::DateTime<::chrono::FixedOffset>";

/// The schema typify matches for [`DATE_TIME`] (descriptions aside).
pub(crate) fn date_time_schema() -> schemars::schema::SchemaObject {
    schemars::schema::SchemaObject {
        instance_type: Some(schemars::schema::InstanceType::String.into()),
        format: Some("date-time".to_owned()),
        ..Default::default()
    }
}

fn settings(n: &Normalized) -> GenerationSettings {
    let mut s = GenerationSettings::new();
    s.with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(::client_runtime::Runtime))
        .with_derive("PartialEq")
        // Ordered maps keep bracket-encoded query strings and bodies stable.
        .with_map_type("::std::collections::BTreeMap");
    // A date-time keeps the offset it was written with: typify's default
    // (`DateTime<Utc>`) would turn a caller's `-08:00` into `Z`.
    s.with_conversion(
        date_time_schema(),
        DATE_TIME,
        [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
    );
    for e in &n.model.open_enums {
        s.with_replacement(
            &e.name,
            format!("{MODULE}::types::{}", e.name),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    s
}

pub(crate) fn emit(spec: &Spec, n: &Normalized) -> Result<Emitted> {
    let client = guarded(spec, n, |api| {
        Generator::new(&settings(n)).generate_tokens(api)
    })?;
    let mock = guarded(spec, n, |api| {
        Generator::new(&settings(n)).httpmock(api, MODULE)
    })?;
    let enums = n.model.open_enums.iter().map(open_enum).collect();
    let limits = api_client_impl(n);
    let envelope = n.model.envelope.as_ref().map(|e| {
        let (status, error, messages, code, text) = (&e.status, &e.error, &e.messages, &e.code, &e.text);
        let limited = &e.rate_limited;
        let retry_after = match e.retry_after {
            Some(secs) => quote!(Some(::std::time::Duration::from_secs(#secs))),
            None => quote!(None),
        };
        quote! {
            /// Where the provider reports errors inside HTTP 200 responses.
            pub(crate) const ENVELOPE: ::client_runtime::envelope::Envelope = ::client_runtime::envelope::Envelope {
                status: #status,
                error: #error,
                messages: #messages,
                code: #code,
                text: #text,
                rate_limited: &[#(#limited),*],
                retry_after: #retry_after,
            };
        }
    });
    Ok(Emitted {
        client: quote! { #client #HOOKS_MARKER #limits #envelope },
        mock,
        enums,
    })
}

/// Stands in for the hook impl until the client file is assembled.
struct HooksMarker;
const HOOKS_MARKER: HooksMarker = HooksMarker;
impl quote::ToTokens for HooksMarker {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(quote! {
            impl ClientHooks<::client_runtime::Runtime> for Client {
                async fn pre<E>(
                    &self,
                    request: &mut reqwest::Request,
                    info: &OperationInfo,
                ) -> ::std::result::Result<(), Error<E>> {
                    self.inner.pre(request, info);
                    Ok(())
                }

                async fn exec(
                    &self,
                    request: reqwest::Request,
                    info: &OperationInfo,
                ) -> ::std::result::Result<::client_runtime::Response, ::client_runtime::SendError> {
                    self.inner.exec(&self.client, request, info).await
                }
            }
        });
    }
}

/// The `ApiClient` impl: how the shared builder assembles a client, and the
/// documented rate limits it applies by default.
pub(crate) fn api_client_impl(n: &Normalized) -> TokenStream {
    let model = &n.model;
    let pools = model.pools.iter().map(|p| {
        let (name, count, secs) = (&p.name, p.requests, p.seconds);
        quote! {
            .pool(#name, ::client_runtime::RateLimit::new(#count, ::std::time::Duration::from_secs(#secs)))
        }
    });
    let routes = model.operations.iter().filter_map(|o| {
        let (op, pools) = (&o.id, o.pools.as_ref()?);
        Some(quote! { .operation(#op, &[#(#pools),*]) })
    });
    let limits = (!model.pools.is_empty()).then(|| {
        quote! {
            fn documented_rate_limits() -> ::client_runtime::RateLimits {
                ::client_runtime::RateLimits::new() #(#pools)* #(#routes)*
            }
        }
    });
    let idempotent = model.repeatable();
    let credentials_in_form = model.credentials_in_form.then(|| {
        quote! {
            fn credentials_in_form() -> bool {
                true
            }
        }
    });
    quote! {
        impl ::client_runtime::ApiClient for Client {
            fn from_parts(
                baseurl: String,
                client: reqwest::Client,
                inner: ::client_runtime::Runtime,
            ) -> Self {
                Self { baseurl, client, inner }
            }

            #limits

            fn idempotent_operations() -> ::std::option::Option<&'static [&'static str]> {
                ::std::option::Option::Some(&[#(#idempotent),*])
            }

            #credentials_in_form
        }

        impl Client {
            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                &self.baseurl
            }
        }
    }
}

/// Runs one progenitor pass; turns an error or a panic into a diagnostic that
/// names the operation responsible.
fn guarded(
    spec: &Spec,
    n: &Normalized,
    run: impl Fn(&OpenAPI) -> progenitor_impl::Result<TokenStream>,
) -> Result<TokenStream> {
    match quiet_catch(|| run(&n.openapi)) {
        Ok(Ok(tokens)) => Ok(tokens),
        outcome => {
            let message = match outcome {
                Ok(Err(e)) => format!("the Rust emitter rejected the spec: {e}"),
                Err(panic) => format!("the Rust emitter failed: {panic}"),
                Ok(Ok(_)) => unreachable!("handled above"),
            };
            // Find the operation to blame by emitting each one on its own.
            let culprit = operations(&n.openapi)
                .into_iter()
                .find(|(_, single)| !matches!(quiet_catch(|| run(single)), Ok(Ok(_))));
            Err(Error::one(Diagnostic {
                file: spec.file.clone(),
                line: None,
                operation: culprit.map(|(name, _)| name),
                message,
                help: Some(
                    "this shape passed validation but the emitter cannot handle it; simplify the operation and report the spec as a generator bug".into(),
                ),
            }))
        }
    }
}

/// One single-operation copy of the document per operation.
fn operations(api: &OpenAPI) -> Vec<(String, OpenAPI)> {
    let mut out = Vec::new();
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let mut single = api.clone();
            let mut only = item.clone();
            for (m, slot) in [
                ("get", &mut only.get),
                ("put", &mut only.put),
                ("post", &mut only.post),
                ("delete", &mut only.delete),
                ("options", &mut only.options),
                ("head", &mut only.head),
                ("patch", &mut only.patch),
                ("trace", &mut only.trace),
            ] {
                if m != method {
                    *slot = None;
                }
            }
            single.paths.paths.clear();
            single
                .paths
                .paths
                .insert(path.clone(), ReferenceOr::Item(only));
            let name = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
            out.push((name, single));
        }
    }
    out
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `catch_unwind` that keeps the default panic message off stderr while it runs.
pub(crate) fn quiet_catch<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic without a message".into())
    })
}

/// An enum that keeps values it does not know instead of failing to decode.
pub(crate) fn open_enum(e: &OpenEnum) -> TokenStream {
    let name = Ident::new(&e.name, Span::call_site());
    let doc = format!(
        "{}\n\nOpen enum: a value the server sends that this client does not know is kept in [`Self::Unknown`] instead of failing the response.",
        e.description
            .as_deref()
            .unwrap_or("The documented values.")
            .trim_end()
    );
    let mut idents: Vec<Ident> = Vec::new();
    for (i, v) in e.values.iter().enumerate() {
        let given = e.variant_names.as_ref().map(|n| n[i].to_upper_camel_case());
        let mut base = given.unwrap_or_else(|| v.to_upper_camel_case());
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("V{base}");
        }
        if base == "Unknown" || base == "Self" {
            base.push_str("Value");
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while idents.iter().any(|i| *i == candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        idents.push(Ident::new(&candidate, Span::call_site()));
    }
    if e.integer {
        return open_int_enum(&name, &doc, &idents, &e.values);
    }
    let values = &e.values;
    let variant_docs = values.iter().enumerate().map(|(i, v)| match &e.value_docs {
        Some(docs) => format!("`{v}`: {}", docs[i]),
        None => format!("`{v}`"),
    });
    let group = (!e.groups.is_empty()).then(|| {
        let mut arms = Vec::new();
        for (g, vs) in &e.groups {
            for v in vs {
                if let Some(i) = values.iter().position(|x| x == v) {
                    let ident = &idents[i];
                    arms.push(quote!(Self::#ident => Some(#g),));
                }
            }
        }
        quote! {
            /// The documented group this value belongs to, if any.
            pub fn group(&self) -> Option<&'static str> {
                #[allow(unreachable_patterns)]
                match self {
                    #(#arms)*
                    _ => None,
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value not documented when this client was generated, kept as sent.
            Unknown(::client_runtime::UnknownValue),
        }

        impl #name {
            /// Every documented value, in the order of the spec.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #values, )*
                    Self::Unknown(v) => v.as_str(),
                }
            }

            #group
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#idents, )*
                    other => Self::Unknown(::client_runtime::UnknownValue::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        impl ::client_runtime::tolerant::Tolerant for #name {
            const EXPECTED: &'static str = "a string";
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::client_runtime::tolerant::Got<Self>, D::Error> {
                ::client_runtime::tolerant::text(deserializer, |v: &str| Self::from(v))
            }
            fn fallback() -> ::std::option::Option<Self> {
                ::std::option::Option::Some(Self::Unknown(::client_runtime::UnknownValue::new("")))
            }
        }
    }
}

/// The integer flavour of [`open_enum`]: numbers on the wire.
fn open_int_enum(name: &Ident, doc: &str, idents: &[Ident], values: &[String]) -> TokenStream {
    let numbers: Vec<proc_macro2::Literal> = values
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(v.parse().unwrap_or_default()))
        .collect();
    let variant_docs = values.iter().map(|v| format!("`{v}`"));
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value not documented when this client was generated, kept as sent.
            Unknown(::client_runtime::UnknownInt),
        }

        impl #name {
            /// Every documented value, in the order of the spec.
            pub const VALUES: &'static [i64] = &[#(#numbers),*];

            /// The value as it travels on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #( Self::#idents => #numbers, )*
                    Self::Unknown(v) => v.value(),
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #numbers => Self::#idents, )*
                    other => Self::Unknown(::client_runtime::UnknownInt::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::num::ParseIntError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                value.trim().parse::<i64>().map(Self::from)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl ::client_runtime::tolerant::Tolerant for #name {
            const EXPECTED: &'static str = "an integer";
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::client_runtime::tolerant::Got<Self>, D::Error> {
                ::std::result::Result::Ok(<i64 as ::client_runtime::tolerant::Tolerant>::decode(deserializer)?.map(Self::from))
            }
            fn fallback() -> ::std::option::Option<Self> {
                ::std::option::Option::Some(Self::Unknown(::client_runtime::UnknownInt::new(0)))
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
  /fine:
    get:
      operationId: fine
      responses:
        '204': {description: ok}
  /boom:
    get:
      operationId: explode
      responses:
        '204': {description: ok}
";

    #[test]
    fn an_emitter_panic_becomes_an_error_naming_the_operation() {
        let spec = Spec::parse("specs/x.yaml", SPEC).unwrap();
        let n = crate::normalize(&spec.openapi);
        let err = guarded(&spec, &n, |api| {
            assert!(
                !api.paths.paths.contains_key("/boom"),
                "cannot handle this shape"
            );
            Ok(TokenStream::new())
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: specs/x.yaml: operation `explode`: the Rust emitter failed: cannot handle this shape\n  \
             help: this shape passed validation but the emitter cannot handle it; simplify the operation and report the spec as a generator bug"
        );
    }

    #[test]
    fn an_emitter_error_is_reported_too() {
        let spec = Spec::parse("specs/x.yaml", SPEC).unwrap();
        let n = crate::normalize(&spec.openapi);
        let err = guarded(&spec, &n, |_| {
            Err(progenitor_impl::Error::UnexpectedFormat("odd".into()))
        })
        .unwrap_err();
        assert!(err.to_string().contains("the Rust emitter rejected the spec: unexpected or unhandled format in the OpenAPI document odd"), "{err}");
    }
}
