//! Output assembly by area: places every generated item in the area of its
//! operation, or in `common`, from the names the model predicts.
//!
//! A type goes where [`Areas`] puts its component schema; a type typify
//! names itself (an inline enum or item type) goes with the items that use
//! it. The result is then closed over the Rust references: a type used by
//! always-compiled code or by two places becomes common, so each area
//! compiles with its own feature alone. An item that cannot be placed
//! fails generation, naming it; operation items are counted per operation
//! with a [`Tally`].

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{ImplItem, Item, TraitItem};

use crate::emit::rest::passes::{AREAS, Tally};
use crate::model::areas::{Areas, Place};

/// Items sorted by place, each place in the order the emitter wrote them.
pub(crate) type ByPlace = BTreeMap<Place, Vec<Item>>;

/// The generated types, by place: the items and their typify builders.
#[derive(Default)]
pub(crate) struct Types {
    /// Type definitions and impls, with `error` in [`Place::Common`].
    pub(crate) items: ByPlace,
    /// The contents of typify's `builder` module, by place.
    pub(crate) builders: ByPlace,
    /// The attributes (documentation) of typify's `builder` module.
    pub(crate) builder_attrs: Vec<syn::Attribute>,
}

/// The name an item is placed by: the type it defines or implements.
pub(crate) fn item_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        Item::Type(t) => Some(t.ident.to_string()),
        Item::Union(u) => Some(u.ident.to_string()),
        Item::Impl(i) => match &*i.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Every identifier in `tokens`, for the reference closure.
fn idents(tokens: TokenStream, out: &mut BTreeSet<String>) {
    for t in tokens {
        match t {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            TokenTree::Group(g) => idents(g.stream(), out),
            _ => {}
        }
    }
}

fn mentions(item: &Item) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    idents(item.to_token_stream(), &mut out);
    out
}

/// Splits typify's items. `predicted` maps the Rust name of each component
/// schema to its place; `users` are the other items that name types (the
/// operations' builders or services, with their places), `root` what is
/// always compiled.
pub(crate) fn types(
    items: Vec<Item>,
    predicted: &BTreeMap<String, Place>,
    users: &[(Place, &Item)],
    root: &[Item],
) -> Result<Types, String> {
    let mut out = Types::default();
    let mut top = Vec::new();
    let mut builders = Vec::new();
    for item in items {
        match item {
            Item::Mod(m) if m.ident == "builder" => {
                out.builder_attrs = m.attrs.clone();
                builders.extend(m.content.map(|(_, items)| items).unwrap_or_default());
            }
            Item::Mod(m) if m.ident == "error" => {
                out.items
                    .entry(Place::Common)
                    .or_default()
                    .push(Item::Mod(m));
            }
            other => top.push(other),
        }
    }
    let mut defined = BTreeSet::new();
    for item in &top {
        match item {
            Item::Struct(_) | Item::Enum(_) | Item::Type(_) | Item::Union(_) => {
                defined.extend(item_name(item));
            }
            Item::Impl(_) => {}
            other => {
                return Err(format!(
                    "a generated type item has no place: `{}`",
                    crate::output::listing::tidy(&other.to_token_stream().to_string())
                        .chars()
                        .take(80)
                        .collect::<String>()
                ));
            }
        }
    }
    let uses: Vec<(Option<String>, BTreeSet<String>)> =
        top.iter().map(|i| (item_name(i), mentions(i))).collect();
    let mut place: BTreeMap<String, Place> = defined
        .iter()
        .filter_map(|n| predicted.get(n).map(|p| (n.clone(), *p)))
        .collect();
    let user_uses: Vec<(Place, BTreeSet<String>)> =
        users.iter().map(|(p, i)| (*p, mentions(i))).collect();
    let root_uses: BTreeSet<String> = root.iter().flat_map(mentions).collect();

    // Who mentions each name: the type items by owner, the other users by
    // place (an index, so that placing is linear in the mentions).
    let mut owners_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (owner, names) in &uses {
        if let Some(owner) = owner {
            for n in names {
                owners_of
                    .entry(n.as_str())
                    .or_default()
                    .push(owner.as_str());
            }
        }
    }
    let mut user_places_of: BTreeMap<&str, BTreeSet<Place>> = BTreeMap::new();
    for (p, names) in &user_uses {
        for n in names {
            user_places_of.entry(n.as_str()).or_default().insert(*p);
        }
    }

    // Types the model does not name go with what uses them.
    loop {
        let mut changed = false;
        for n in &defined {
            if place.contains_key(n) {
                continue;
            }
            let mut seen: BTreeSet<Place> =
                user_places_of.get(n.as_str()).cloned().unwrap_or_default();
            if root_uses.contains(n) {
                seen.insert(Place::Common);
            }
            for owner in owners_of.get(n.as_str()).into_iter().flatten() {
                if *owner != n.as_str()
                    && let Some(p) = place.get(*owner)
                {
                    seen.insert(*p);
                }
            }
            if let Some(p) = merge(&seen) {
                place.insert(n.clone(), p);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    if let Some(n) = defined.iter().find(|n| !place.contains_key(*n)) {
        return Err(format!(
            "the generated type `{n}` is neither a component schema nor used by one or by an operation, so it has no area"
        ));
    }

    // Close over the Rust references: what always-compiled code uses is
    // common, and so is a type used from another place than its own.
    for n in &root_uses {
        if let Some(p) = place.get_mut(n) {
            *p = Place::Common;
        }
    }
    loop {
        let mut changed = false;
        let mut users_of: Vec<(Place, &BTreeSet<String>)> =
            user_uses.iter().map(|(p, names)| (*p, names)).collect();
        users_of.extend(
            uses.iter()
                .filter_map(|(owner, names)| Some((*place.get(owner.as_ref()?)?, names))),
        );
        for (from, names) in users_of {
            for n in names {
                if let Some(p) = place.get(n).copied()
                    && p != Place::Common
                    && p != from
                {
                    place.insert(n.clone(), Place::Common);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }

    let at = |item: &Item, what: &str| -> Result<Place, String> {
        let name = item_name(item)
            .ok_or_else(|| format!("a generated {what} item names no type, so it has no area"))?;
        // `impl From<Ours> for serde_json::Map<…>` goes with `Ours`.
        if !place.contains_key(&name)
            && let Item::Impl(i) = item
            && let Some((path, _)) = &i.trait_
        {
            let mut named = BTreeSet::new();
            idents(path.to_token_stream(), &mut named);
            let seen: BTreeSet<Place> =
                named.iter().filter_map(|n| place.get(n).copied()).collect();
            if let Some(p) = merge(&seen) {
                return Ok(p);
            }
        }
        place.get(&name).copied().ok_or_else(|| {
            format!(
                "the generated {what} item for `{name}` is for no generated type, so it has no area"
            )
        })
    };
    for item in top {
        let p = at(&item, "type")?;
        out.items.entry(p).or_default().push(item);
    }
    for item in builders {
        let p = at(&item, "type builder")?;
        out.builders.entry(p).or_default().push(item);
    }
    Ok(out)
}

/// The one area of `seen`, or common for several; `None` for none.
fn merge(seen: &BTreeSet<Place>) -> Option<Place> {
    match seen.len() {
        0 => None,
        1 => seen.first().copied(),
        _ => Some(Place::Common),
    }
}

/// Splits items that belong to one operation each (builders, mock
/// wrappers): `owner` says which operation an item is for, by its name.
/// Items without a name (imports) are returned apart, as every file's
/// header. Each item placed counts one for its operation in `tally`.
pub(crate) fn by_operation<'a>(
    items: Vec<Item>,
    areas: &Areas,
    owner: impl Fn(&str) -> Option<&'a str>,
    what: &str,
    tally: &mut Tally<'a>,
) -> Result<(Vec<Item>, ByPlace), String> {
    let mut header = Vec::new();
    let mut out = ByPlace::new();
    for item in items {
        let Some(name) = item_name(&item) else {
            if matches!(item, Item::Use(_)) {
                header.push(item);
                continue;
            }
            return Err(format!(
                "a generated {what} item names no operation, so it has no area: `{}`",
                crate::output::listing::tidy(&item.to_token_stream().to_string())
                    .chars()
                    .take(80)
                    .collect::<String>()
            ));
        };
        let op = owner(&name).ok_or_else(|| {
            format!(
                "the generated {what} `{name}` is for no operation of the spec, so it has no area"
            )
        })?;
        let area = areas.of_operation(op).ok_or_else(|| {
            format!("the operation `{op}` of the generated {what} `{name}` has no area")
        })?;
        if matches!(item, Item::Struct(_)) {
            tally.count(op, 1);
        }
        out.entry(Place::Area(area)).or_default().push(item);
    }
    Ok((header, out))
}

/// Splits the methods of `impl` blocks by the area of the operation each
/// is named after: one block per area, with the block's attributes.
pub(crate) fn methods<'a>(
    impls: Vec<syn::ItemImpl>,
    areas: &Areas,
    ops: &'a BTreeMap<String, String>,
    tally: &mut Tally<'a>,
) -> Result<ByPlace, String> {
    let mut out: BTreeMap<Place, syn::ItemImpl> = BTreeMap::new();
    for block in impls {
        for it in &block.items {
            let ImplItem::Fn(f) = it else {
                return Err("a generated client item is not a method, so it has no area".into());
            };
            let name = f.sig.ident.to_string();
            let op = ops
                .get(&name)
                .ok_or_else(|| format!("the generated method `{name}` is for no operation of the spec, so it has no area"))?;
            let area = areas
                .of_operation(op)
                .ok_or_else(|| format!("the operation `{op}` has no area"))?;
            tally.count(op, 1);
            out.entry(Place::Area(area))
                .or_insert_with(|| syn::ItemImpl {
                    items: Vec::new(),
                    ..block.clone()
                })
                .items
                .push(it.clone());
        }
    }
    Ok(out
        .into_iter()
        .map(|(p, i)| (p, vec![Item::Impl(i)]))
        .collect())
}

/// Puts the feature gate of each operation on the methods of a trait or
/// an impl that are named after operations (the typed mock entry points);
/// each counts one for its operation.
pub(crate) fn gate_methods<'a>(
    items: &mut [Item],
    areas: &Areas,
    ops: &'a BTreeMap<String, String>,
    tally: &mut Tally<'a>,
) -> Result<(), String> {
    let mut gate = |name: String, attrs: &mut Vec<syn::Attribute>| -> Result<(), String> {
        let op = ops
            .get(&name)
            .ok_or_else(|| format!("the generated mock method `{name}` is for no operation of the spec, so it has no area"))?;
        let area = areas
            .of_operation(op)
            .ok_or_else(|| format!("the operation `{op}` has no area"))?;
        tally.count(op, 1);
        attrs.extend(areas.cfg(Place::Area(area)));
        Ok(())
    };
    for item in items {
        match item {
            Item::Trait(t) => {
                for it in &mut t.items {
                    if let TraitItem::Fn(f) = it {
                        gate(f.sig.ident.to_string(), &mut f.attrs)?;
                    }
                }
            }
            Item::Impl(i) => {
                for it in &mut i.items {
                    if let ImplItem::Fn(f) = it {
                        gate(f.sig.ident.to_string(), &mut f.attrs)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The file-name stem of a place.
pub(crate) fn stem(areas: &Areas, place: Place) -> &str {
    match place {
        Place::Common => "common",
        Place::Area(i) => &areas.list[i].name,
    }
}

/// `mod <area>;` and `pub use <area>::*;` for each place, gated by its
/// feature, for the `mod.rs` of a folder split by area.
pub(crate) fn declarations(areas: &Areas, places: impl IntoIterator<Item = Place>) -> Vec<Item> {
    let mut out = Vec::new();
    for p in places {
        let module = quote::format_ident!("{}", stem(areas, p));
        let cfg = areas.cfg(p);
        out.push(syn::parse_quote! { #cfg mod #module; });
        out.push(syn::parse_quote! { #cfg pub use #module::*; });
    }
    out
}

/// A tally of the area stage: `pass` places `what`, `expected` per operation.
pub(crate) fn tally<'a>(
    pass: &'static str,
    what: &'static str,
    expected: impl IntoIterator<Item = (&'a str, usize)>,
) -> Tally<'a> {
    Tally::new(&AREAS, pass, what, expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::load::Spec;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: get_a\n      tags: [A]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\ncomponents:\n  schemas:\n    Thing: {type: object, properties: {x: {type: string}}}\n";

    fn areas() -> (Spec, Areas) {
        let spec = Spec::parse("specs/x.yaml", SPEC).unwrap();
        let provider = crate::settings::provider("portsip").unwrap();
        let areas = Areas::of(&spec, &crate::normalize(&spec.openapi), provider).unwrap();
        (spec, areas)
    }

    #[test]
    fn a_type_the_model_does_not_predict_and_nothing_uses_fails_naming_it() {
        let (_, areas) = areas();
        let predicted = BTreeMap::from([("Thing".to_owned(), areas.of_schema("Thing"))]);
        assert_eq!(predicted["Thing"], Place::Area(0));
        let items: Vec<Item> = vec![
            syn::parse_quote!(
                pub struct Thing {}
            ),
            syn::parse_quote!(
                pub struct Stray {}
            ),
        ];
        let err = types(items, &predicted, &[], &[]).err().unwrap();
        assert_eq!(
            err,
            "the generated type `Stray` is neither a component schema nor used by one or by an operation, so it has no area"
        );
        // Used by the area's type, it goes with it; used from the root, it is common.
        let items: Vec<Item> = vec![
            syn::parse_quote!(
                pub struct Thing {
                    s: Stray,
                }
            ),
            syn::parse_quote!(
                pub struct Stray {}
            ),
        ];
        let split = types(items.clone(), &predicted, &[], &[]).unwrap();
        assert_eq!(split.items[&Place::Area(0)].len(), 2);
        let root: Vec<Item> = vec![syn::parse_quote!(
            fn f(_: Stray) {}
        )];
        let split = types(items, &predicted, &[], &root).unwrap();
        assert_eq!(split.items[&Place::Area(0)].len(), 1);
        assert_eq!(split.items[&Place::Common].len(), 1);
    }

    #[test]
    fn an_operation_item_for_no_operation_fails_and_a_missing_one_is_counted() {
        let (spec, areas) = areas();
        let owner = |n: &str| (n == "GetA").then_some("get_a");
        let mut t = tally("builders", "builders", [("get_a", 1)]);
        let items: Vec<Item> = vec![syn::parse_quote!(
            pub struct GetB {}
        )];
        let err = by_operation(items, &areas, owner, "builder", &mut t)
            .err()
            .unwrap();
        assert_eq!(
            err,
            "the generated builder `GetB` is for no operation of the spec, so it has no area"
        );
        let mut t = tally("builders", "builders", [("get_a", 1)]);
        by_operation(Vec::new(), &areas, owner, "builder", &mut t).unwrap();
        let mut out = Vec::new();
        t.check(&spec, &mut out);
        assert_eq!(
            out[0].to_string(),
            "error: specs/x.yaml: operation `get_a`: the area pass `builders` placed 0 builders of progenitor's output where the spec calls for 1\n  \
             help: progenitor's output no longer has the shape this pass expects (a progenitor upgrade?); adapt the pass in codegen/src/output/split.rs"
        );
    }
}
