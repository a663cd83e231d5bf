//! The tolerant-decoding pass over typify's types: every object struct
//! gets our own `Deserialize` impl, which decodes each member by the rules
//! of `client_runtime::tolerant` and keeps unknown members in `extra`.
//!
//! typify derives `Deserialize`; the derive cannot be told to accept `"12"`
//! for an integer or to keep a value that does not fit, and a
//! `#[serde(flatten)]` map makes derived decoding buffer every object. So
//! this pass takes `::serde::Deserialize` out of each derive list and
//! emits, from the struct's own fields and serde attributes (`rename`,
//! `alias`, `default`, `flatten`), an impl that matches member names
//! directly and hands each value to the field type's `Tolerant` impl.
//! Attributes added by other passes or settings keep working because the
//! impl is built from what ends up on the struct; an attribute the pass
//! does not know fails generation instead of being ignored.
//!
//! It is a rewrite of typify's output, so it counts: every object schema
//! of the model must come out as a struct the pass rewrote, with its
//! `extra` map unless the schema is closed (`additionalProperties: false`),
//! and nothing may still derive `Deserialize` afterwards. A mismatch fails
//! generation naming the type.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Attribute, Fields, Item, ItemStruct, punctuated::Punctuated};

/// What the model expects of the pass: the component object schemas, by
/// type name, and which of them are closed to other members.
#[derive(Debug, Default)]
pub(crate) struct Expected {
    /// Rust names of component schemas that are objects with properties.
    pub objects: BTreeSet<String>,
    /// Those among them whose schema closes them to other members.
    pub closed: BTreeSet<String>,
}

impl Expected {
    /// Reads the expectations from the normalized model; `name` maps a
    /// component schema name to the Rust type name the emitter gives it.
    pub(crate) fn of(openapi: &OpenAPI, name: impl Fn(&str) -> String) -> Self {
        let mut out = Self::default();
        for (schema, s) in openapi.components.iter().flat_map(|c| c.schemas.iter()) {
            let ReferenceOr::Item(s) = s else { continue };
            if let SchemaKind::Type(Type::Object(o)) = &s.schema_kind
                && !o.properties.is_empty()
            {
                let rust = name(schema);
                if o.additional_properties == Some(AdditionalProperties::Any(false)) {
                    out.closed.insert(rust.clone());
                }
                out.objects.insert(rust);
            }
        }
        out
    }
}

/// What the pass did, for the caller's count check and for tests.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Rewritten {
    /// Object structs given a tolerant `Deserialize`.
    pub objects: BTreeSet<String>,
    /// Newtypes (`#[serde(transparent)]`) given a `Tolerant` impl.
    pub newtypes: BTreeSet<String>,
    /// typify's own enums (unions of shapes), which keep their derived
    /// `Deserialize` and decode whole or degrade whole.
    pub enums: BTreeSet<String>,
}

/// One member of a struct as the pass needs it.
struct Member {
    ident: syn::Ident,
    ty: syn::Type,
    wire: String,
    aliases: Vec<String>,
    default: Default,
    /// typify's mark of an optional member: `Option::is_none` as its skip rule.
    optional: bool,
}

enum Default {
    /// No `default`: a missing member is reported (unless the type has an
    /// absent value, as `Option` does).
    None,
    /// `#[serde(default)]`.
    Trait,
    /// `#[serde(default = "path")]`.
    Path(syn::ExprPath),
}

/// Rewrites the structs of `items` (typify's `types` module); `Err` names
/// the type the pass could not handle or the model disagrees about.
pub(crate) fn types(items: &mut Vec<Item>, expected: &Expected) -> Result<Rewritten, String> {
    let mut done = Rewritten::default();
    let mut added = Vec::new();
    // Objects with an `extra` map, by name, with the map's field.
    let mut extras: Vec<(String, syn::Ident)> = Vec::new();
    for item in items.iter_mut() {
        let Item::Struct(s) = item else {
            if let Some(name) = derives_deserialize(item) {
                added.push(whole_value(&name)?);
                done.enums.insert(name);
            }
            continue;
        };
        let is_newtype = transparent(&s.attrs);
        if !take_derive(&mut s.attrs, is_newtype) {
            continue;
        }
        let name = s.ident.to_string();
        if is_newtype {
            added.push(newtype(s)?);
            done.newtypes.insert(name);
        } else {
            let (impls, extra) = object(s, expected.closed.contains(&name))?;
            added.extend(impls);
            if let Some(extra) = extra {
                extras.push((name.clone(), extra));
            }
            done.objects.insert(name);
        }
    }
    items.extend(added);
    builder_defaults(items, &extras)?;
    for name in &expected.objects {
        if !done.objects.contains(name) {
            return Err(format!(
                "the model has an object schema `{name}` but no struct `{name}` deriving Deserialize was found to rewrite"
            ));
        }
    }
    Ok(done)
}

/// The name of a non-struct item that derives `Deserialize`.
fn derives_deserialize(item: &Item) -> Option<String> {
    let (attrs, name) = match item {
        Item::Enum(e) => (&e.attrs, &e.ident),
        Item::Union(u) => (&u.attrs, &u.ident),
        _ => return None,
    };
    attrs
        .iter()
        .any(|a| a.path().is_ident("derive") && derive_paths(a).iter().any(is_deserialize))
        .then(|| name.to_string())
}

fn derive_paths(a: &Attribute) -> Vec<syn::Path> {
    a.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        .map(|p| p.into_iter().collect())
        .unwrap_or_default()
}

fn is_deserialize(p: &syn::Path) -> bool {
    p.segments.last().is_some_and(|s| s.ident == "Deserialize")
}

fn transparent(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("serde") && {
            let mut yes = false;
            let _ = a.parse_nested_meta(|m| {
                yes |= m.path.is_ident("transparent");
                Ok(())
            });
            yes
        }
    })
}

/// Takes `Deserialize` out of the derive list (a newtype keeps it: its
/// derived impl already delegates to the inner type); true when it was there.
fn take_derive(attrs: &mut [Attribute], keep: bool) -> bool {
    for a in attrs.iter_mut() {
        if !a.path().is_ident("derive") {
            continue;
        }
        let paths = derive_paths(a);
        if !paths.iter().any(is_deserialize) {
            continue;
        }
        if !keep {
            let rest = paths.iter().filter(|p| !is_deserialize(p));
            *a = syn::parse_quote!(#[derive(#(#rest),*)]);
        }
        return true;
    }
    false
}

/// Adds `Default` to the derive list unless it is there.
fn add_default(attrs: &mut [Attribute]) {
    // typify writes one derive list per type.
    let Some(a) = attrs.iter_mut().find(|a| a.path().is_ident("derive")) else {
        return;
    };
    let paths = derive_paths(a);
    if !paths
        .iter()
        .any(|p| p.segments.last().is_some_and(|s| s.ident == "Default"))
    {
        *a = syn::parse_quote!(#[derive(#(#paths,)* Default)]);
    }
}

/// The `extra` field of a struct: its name and map type.
type ExtraField = Option<(syn::Ident, syn::Type)>;

/// The members of `s` from its fields and their serde attributes, and the
/// `extra` field if there is one.
fn members(s: &ItemStruct) -> Result<(Vec<Member>, ExtraField), String> {
    let Fields::Named(fields) = &s.fields else {
        return Err(format!("`{}` has no named fields", s.ident));
    };
    let mut out = Vec::new();
    let mut extra = None;
    for f in &fields.named {
        let Some(ident) = f.ident.clone() else {
            continue;
        };
        let plain = ident.to_string().trim_start_matches("r#").to_owned();
        let mut m = Member {
            wire: plain.clone(),
            ident: ident.clone(),
            ty: f.ty.clone(),
            aliases: Vec::new(),
            default: Default::None,
            optional: false,
        };
        let mut flatten = false;
        for a in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            a.parse_nested_meta(|meta| {
                let p = &meta.path;
                if p.is_ident("rename") {
                    m.wire = meta.value()?.parse::<syn::LitStr>()?.value();
                } else if p.is_ident("alias") {
                    m.aliases
                        .push(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if p.is_ident("default") {
                    m.default = if meta.input.peek(syn::Token![=]) {
                        let path: syn::LitStr = meta.value()?.parse()?;
                        Default::Path(path.parse()?)
                    } else {
                        Default::Trait
                    };
                } else if p.is_ident("flatten") {
                    flatten = true;
                } else if p.is_ident("skip_serializing_if") {
                    // Encoding only, but typify's sign of an optional member.
                    let rule: syn::LitStr = meta.value()?.parse()?;
                    m.optional |= rule.value().ends_with("Option::is_none");
                } else if p.is_ident("serialize_with") {
                    // Encoding only.
                    let _: syn::LitStr = meta.value()?.parse()?;
                } else {
                    return Err(
                        meta.error("the tolerant decoder does not know this serde attribute")
                    );
                }
                Ok(())
            })
            .map_err(|e| format!("`{}.{plain}`: {e}", s.ident))?;
        }
        if flatten {
            if extra.is_some() {
                return Err(format!("`{}` has two flattened fields", s.ident));
            }
            extra = Some((ident, f.ty.clone()));
        } else {
            out.push(m);
        }
    }
    Ok((out, extra))
}

/// The impls of one object struct.
fn object(s: &mut ItemStruct, closed: bool) -> Result<(Vec<Item>, Option<syn::Ident>), String> {
    let (members, extra) = members(s)?;
    // typify derives `Default` only when every member is optional, and the
    // required `extra` map it adds for open objects stops that; the map
    // is empty by default, so the derive comes back.
    if members
        .iter()
        .all(|m| m.optional || !matches!(m.default, Default::None))
    {
        add_default(&mut s.attrs);
    }
    let name = &s.ident;
    let extra = match (extra, closed) {
        (Some(e), _) => Some(e),
        (None, true) => None,
        (None, false) => {
            return Err(format!(
                "`{name}` has no `extra` map for members the spec does not name, but its schema is open"
            ));
        }
    };
    let rt = quote!(::client_runtime::tolerant);
    let slots: Vec<_> = (0..members.len())
        .map(|i| format_ident!("__m{}", i))
        .collect();
    let tys: Vec<_> = members.iter().map(|m| &m.ty).collect();
    // Member names are looked up by length first, then by text: a `match`
    // on strings compares them one after the other, which for an object of
    // sixty members costs more than reading the values.
    let mut by_len: BTreeMap<usize, Vec<(&str, usize)>> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        for name in std::iter::once(&m.wire).chain(&m.aliases) {
            by_len
                .entry(name.len())
                .or_default()
                .push((name.as_str(), i));
        }
    }
    let number = proc_macro2::Literal::usize_unsuffixed;
    let buckets = by_len.iter().map(|(len, names)| {
        let len = number(*len);
        let (names, idx): (Vec<&str>, Vec<_>) =
            names.iter().map(|&(name, i)| (name, number(i))).unzip();
        quote! { #len => match __k { #( #names => #idx, )* _ => usize::MAX }, }
    });
    let lookup = quote! {
        let __k = key.as_str();
        let __i = match __k.len() { #(#buckets)* _ => usize::MAX };
    };
    let arms = members
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(i, (m, slot))| {
            let wire = &m.wire;
            let i = number(i);
            quote! {
                #i => #rt::member(&mut map, &mut #slot, #wire, __k, &mut __extra)?,
            }
        });
    let finish = members.iter().zip(&slots).map(|(m, slot)| {
        let ident = &m.ident;
        let wire = &m.wire;
        match &m.default {
            Default::None => quote!(#ident: #rt::required(#slot, #wire)?),
            Default::Trait => quote!(#ident: #slot.unwrap_or_default()),
            Default::Path(p) => quote!(#ident: #slot.unwrap_or_else(#p)),
        }
    });
    let fallbacks = members.iter().map(|m| {
        let ident = &m.ident;
        quote!(#ident: #rt::Tolerant::fallback()?)
    });
    let (extra_init, extra_field, extra_fallback) = match &extra {
        Some((ident, ty)) => (
            quote!(let mut __extra: #ty = ::std::default::Default::default();),
            quote!(#ident: __extra,),
            quote!(#ident: ::std::default::Default::default(),),
        ),
        None => (quote!(let mut __extra = #rt::NoExtra;), quote!(), quote!()),
    };
    let expected = format!("an object ({name})");
    let tokens = quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #rt::deserialize(deserializer)
            }
        }

        impl #rt::Tolerant for #name {
            const EXPECTED: &'static str = #expected;
            const NESTED: bool = true;
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<#rt::Got<Self>, D::Error> {
                #rt::object(deserializer)
            }
            fn decode_into<'de, D: ::serde::Deserializer<'de>>(deserializer: D, slot: &mut ::std::option::Option<Self>, got: &mut #rt::Got<()>) -> ::std::result::Result<(), D::Error> {
                #rt::object_into(deserializer, slot, got)
            }
            fn fallback() -> ::std::option::Option<Self> {
                ::std::option::Option::Some(Self { #(#fallbacks,)* #extra_fallback })
            }
        }

        impl #rt::Object for #name {
            fn members<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                #( let mut #slots: ::std::option::Option<#tys> = ::std::option::Option::None; )*
                #extra_init
                while let ::std::option::Option::Some(key) = map.next_key::<#rt::Key<'de>>()? {
                    #lookup
                    match __i {
                        #(#arms)*
                        _ => #rt::unknown(&mut map, key, &mut __extra)?,
                    }
                }
                ::std::result::Result::Ok(Self { #(#finish,)* #extra_field })
            }
        }
    };
    Ok((parse_items(tokens, name)?, extra.map(|(ident, _)| ident)))
}

/// typify's builders start the `extra` map of an object without `Default`
/// as "no value supplied", so building one would fail unless the caller
/// set members nobody knows; it starts empty instead. Every object with an
/// `extra` map must have exactly one such builder.
fn builder_defaults(items: &mut [Item], extras: &[(String, syn::Ident)]) -> Result<(), String> {
    let builders = items.iter_mut().find_map(|i| match i {
        Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    });
    let Some(builders) = builders else {
        return if extras.is_empty() {
            Ok(())
        } else {
            Err("typify wrote no `builder` module".to_owned())
        };
    };
    for (name, extra) in extras {
        let mut found = 0;
        for item in builders.iter_mut() {
            let Item::Impl(imp) = item else { continue };
            let is_default = imp
                .trait_
                .as_ref()
                .is_some_and(|(p, _)| p.segments.last().is_some_and(|s| s.ident == "Default"));
            let is_ours =
                matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident(name.as_str()));
            if !(is_default && is_ours) {
                continue;
            }
            for f in imp.items.iter_mut() {
                let syn::ImplItem::Fn(f) = f else { continue };
                let Some(syn::Stmt::Expr(syn::Expr::Struct(lit), _)) = f.block.stmts.last_mut()
                else {
                    continue;
                };
                for fv in lit.fields.iter_mut() {
                    if matches!(&fv.member, syn::Member::Named(i) if i == extra) {
                        fv.expr = syn::parse_quote!(Ok(Default::default()));
                        found += 1;
                    }
                }
            }
        }
        if found != 1 {
            return Err(format!(
                "the builder of `{name}` should start its `{extra}` map once, found {found} places"
            ));
        }
    }
    Ok(())
}

/// The `Tolerant` impl of a typify enum (a union of shapes): its derived
/// `Deserialize` picks the variant, so the value is read as JSON first and
/// kept raw when no variant takes it. Such unions are rare in the specs
/// (`loose_union` turns the undecidable ones into JSON objects), so the
/// detour through `serde_json::Value` costs little.
fn whole_value(name: &str) -> Result<Item, String> {
    let ident = format_ident!("{}", name);
    let rt = quote!(::client_runtime::tolerant);
    let expected = format!("one of the shapes of {name}");
    syn::parse2(quote! {
        impl #rt::Tolerant for #ident {
            const EXPECTED: &'static str = #expected;
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<#rt::Got<Self>, D::Error> {
                #rt::decode_whole(deserializer)
            }
            fn fallback() -> ::std::option::Option<Self> {
                #rt::no_fallback()
            }
        }
    })
    .map_err(|e| format!("`{name}`: {e}"))
}

/// The `Tolerant` impl of a newtype: the inner type's rules.
fn newtype(s: &ItemStruct) -> Result<Item, String> {
    let name = &s.ident;
    let Fields::Unnamed(f) = &s.fields else {
        return Err(format!("`{name}` is transparent but not a tuple struct"));
    };
    let Some(inner) = f.unnamed.first().map(|f| &f.ty) else {
        return Err(format!("`{name}` is transparent but has no field"));
    };
    let rt = quote!(::client_runtime::tolerant);
    let tokens: TokenStream = quote! {
        impl #rt::Tolerant for #name {
            const EXPECTED: &'static str = <#inner as #rt::Tolerant>::EXPECTED;
            const NESTED: bool = <#inner as #rt::Tolerant>::NESTED;
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<#rt::Got<Self>, D::Error> {
                ::std::result::Result::Ok(<#inner as #rt::Tolerant>::decode(deserializer)?.map(Self))
            }
            fn fallback() -> ::std::option::Option<Self> {
                <#inner as #rt::Tolerant>::fallback().map(Self)
            }
            fn when_absent() -> ::std::option::Option<Self> {
                <#inner as #rt::Tolerant>::when_absent().map(Self)
            }
        }
    };
    syn::parse2(tokens).map_err(|e| format!("`{name}`: {e}"))
}

fn parse_items(tokens: TokenStream, name: &syn::Ident) -> Result<Vec<Item>, String> {
    syn::parse2::<syn::File>(tokens)
        .map(|f| f.items)
        .map_err(|e| format!("`{name}`: the generated decoder does not parse: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(code: &str, expected: &Expected) -> Result<Rewritten, String> {
        let mut items = syn::parse_file(code).expect("test code parses").items;
        types(&mut items, expected)
    }

    #[test]
    fn an_object_schema_without_a_struct_fails_naming_it() {
        let expected = Expected {
            objects: ["Tenant".to_owned()].into(),
            closed: BTreeSet::new(),
        };
        let err = run("pub struct Other {}", &expected).unwrap_err();
        assert!(err.contains("`Tenant`"), "{err}");
    }

    #[test]
    fn an_open_struct_without_extra_fails_naming_it() {
        let err = run(
            "#[derive(::serde::Deserialize)] pub struct Tenant { pub id: i64 }",
            &Expected::default(),
        )
        .unwrap_err();
        assert!(err.contains("`Tenant` has no `extra` map"), "{err}");
    }

    #[test]
    fn an_unknown_serde_attribute_fails_naming_the_field() {
        let err = run(
            "#[derive(::serde::Deserialize)] pub struct Tenant { #[serde(with = \"x\")] pub id: i64, #[serde(flatten)] pub extra: M }",
            &Expected::default(),
        )
        .unwrap_err();
        assert!(err.contains("`Tenant.id`"), "{err}");
    }

    #[test]
    fn an_enum_deriving_deserialize_is_decoded_whole() {
        let done = run(
            "#[derive(::serde::Deserialize)] pub enum Shape { A, B }",
            &Expected::default(),
        )
        .unwrap();
        assert_eq!(done.enums, ["Shape".to_owned()].into());
    }

    #[test]
    fn structs_and_newtypes_are_counted_and_lose_the_derive() {
        let mut items = syn::parse_file(
            "#[derive(::serde::Deserialize, ::serde::Serialize)] pub struct Tenant { #[serde(rename = \"type\", alias = \"kind\")] pub type_: i64, #[serde(flatten)] pub extra: M }
             #[derive(::serde::Deserialize)] #[serde(transparent)] pub struct Opts(pub M);
             pub mod builder { impl ::std::default::Default for Tenant { fn default() -> Self { Self { type_: Ok(Default::default()), extra: Err(\"no value supplied for extra\".to_string()) } } } }",
        )
        .expect("parses")
        .items;
        let expected = Expected {
            objects: ["Tenant".to_owned()].into(),
            closed: BTreeSet::new(),
        };
        let done = types(&mut items, &expected).expect("rewrites");
        assert_eq!(done.objects, ["Tenant".to_owned()].into());
        assert_eq!(done.newtypes, ["Opts".to_owned()].into());
        let code = quote!(#(#items)*).to_string();
        assert!(
            code.contains("# [derive (:: serde :: Serialize)] pub struct Tenant"),
            "{code}"
        );
        // Both spellings lead to the same member (looked up by length).
        assert!(code.contains("\"type\" => 0"), "{code}");
        assert!(code.contains("\"kind\" => 0"), "{code}");
        assert!(
            code.contains("extra : Ok (Default :: default ())"),
            "{code}"
        );
        assert!(!code.contains("no value supplied for extra"), "{code}");
    }
}
