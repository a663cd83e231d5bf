//! The data-driven test of every operation (`tests/it/every_operation.rs`
//! of a provider whose settings ask for it): one test per area that calls
//! each operation of the area once, with every required setter given a
//! value derived from the spec, against a loopback server answering with a
//! response derived from the spec, on a strict client.
//!
//! The values come from the crate's hand-written harness
//! (`tests/it/every_operation_support.rs`, which reads the spec at test
//! time); this file only says, per operation, which setters to call with
//! which types. A call fails the test when it does not send exactly one
//! request or when the derived response does not decode strictly; each
//! area's requests are one snapshot.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Type;

use crate::model::areas::{Areas, Place};
use crate::output::listing::{BuilderShape, snake};

/// The test file, as Rust items (formatted by the writer).
pub(crate) fn every_operation(
    crate_name: &str,
    shapes: &BTreeMap<String, BuilderShape>,
    names: &BTreeMap<String, String>,
    areas: &Areas,
) -> syn::File {
    let krate = format_ident!("{crate_name}");
    let mut by_area: BTreeMap<usize, Vec<TokenStream>> = BTreeMap::new();
    for (builder, shape) in shapes {
        let Some(id) = names.get(builder) else {
            continue;
        };
        let Some(area) = areas.of_operation(id) else {
            continue;
        };
        let method = format_ident!("{}", snake(id));
        let setters = shape.fields.iter().filter(|f| f.required).map(|f| {
            let name = syn::parse_str::<syn::Ident>(&f.name)
                .unwrap_or_else(|_| format_ident!("r#{}", f.name.trim_start_matches("r#")));
            let wire = f.name.trim_start_matches("r#");
            if f.name == "body" {
                if is_raw_body(&f.ty) {
                    quote! { .body(s.raw_body()) }
                } else {
                    let ty = public_type(&krate, &f.ty);
                    quote! { .body(s.body::<#ty>(#id)) }
                }
            } else {
                let ty = public_type(&krate, &f.ty);
                quote! { .#name(s.param::<#ty>(#id, #wire)) }
            }
        });
        by_area.entry(area).or_default().push(quote! {
            call(&mut log, s, #id, async |c: &#krate::Client| {
                c.#method()#(#setters)*.send().await.map(drop).map_err(|e| e.to_string())
            })
            .await;
        });
    }
    let tests = by_area.into_iter().map(|(area, calls)| {
        let stem = crate::output::split::stem(areas, Place::Area(area));
        let name = format_ident!("{stem}");
        let snapshot = format!("every_operation_{stem}");
        let doc = format!(
            "Every operation of the `{}` area, once.",
            areas.list[area].tag
        );
        quote! {
            #[doc = #doc]
            #[tokio::test]
            async fn #name() {
                let s = samples();
                let mut log = Vec::new();
                #(#calls)*
                insta::assert_snapshot!(#snapshot, log.join("\n"));
            }
        }
    });
    syn::parse_quote! {
        use crate::every_operation_support::{call, samples};

        #(#tests)*
    }
}

fn is_raw_body(ty: &Type) -> bool {
    quote!(#ty).to_string().replace(' ', "") == "reqwest::Body"
}

/// The builder field's type as a test outside the crate names it:
/// `types::builder::X` and `types::X` (also inside `Vec<…>`) become
/// `<crate>::types::X`.
fn public_type(krate: &syn::Ident, ty: &Type) -> TokenStream {
    let text = quote!(#ty)
        .to_string()
        .replace(' ', "")
        .replace("crate::generated::", "")
        .replace("types::builder::", "types::");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("types::") {
        let before = &rest[..at];
        let joined =
            before.ends_with(':') || before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
        out.push_str(before);
        if !joined {
            out.push_str(&format!("{krate}::"));
        }
        out.push_str("types::");
        rest = &rest[at + "types::".len()..];
    }
    out.push_str(rest);
    out.parse().unwrap_or_else(|_| quote!(#ty))
}
