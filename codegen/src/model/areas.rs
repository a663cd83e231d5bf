//! Areas of an API: the spec's operation tags, each one folder of generated
//! code and, for providers whose settings ask for it, one Cargo feature.
//!
//! An operation belongs to the area of its first tag (an operation without
//! tags to [`UNTAGGED`]). A component schema belongs to the one area whose
//! operations reach it (through parameters, bodies and responses, then
//! transitively through `$ref`s); a schema reached from several areas, or
//! from none, is common and always compiled.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::{Diagnostic, Error, Result};
use crate::front::lines::Seg;
use crate::front::load::Spec;
use crate::model::normalize::Normalized;
use crate::settings::Provider;

/// The area of operations the spec does not tag.
pub(crate) const UNTAGGED: &str = "other";

/// One area: a tag and the name its module and feature carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Area {
    /// The tag as the spec writes it.
    pub(crate) tag: String,
    /// Module and feature name: the tag in snake case, or its `x-feature`.
    pub(crate) name: String,
    /// The tag's description, for the feature's documentation.
    pub(crate) description: Option<String>,
}

/// Where a generated item goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Place {
    /// Compiled whatever the features: used by several areas, or by none.
    Common,
    /// The area at this index of [`Areas::list`].
    Area(usize),
}

/// The areas of one spec, which operation belongs to which, and which
/// component schemas each reaches.
#[derive(Debug, Clone)]
pub(crate) struct Areas {
    /// Sorted by name.
    pub(crate) list: Vec<Area>,
    /// Whether each area is a Cargo feature (the provider's setting).
    pub(crate) features: bool,
    operations: BTreeMap<String, usize>,
    schemas: BTreeMap<String, BTreeSet<usize>>,
}

impl Areas {
    /// Reads the areas of a spec from its model: each operation's tag (the
    /// multipart operations included) and the component schemas its
    /// references reach in the `normalized` document, whose components the
    /// emitters turn into types. `spec` places a diagnostic on a tag.
    pub(crate) fn of(spec: &Spec, normalized: &Normalized, provider: &Provider) -> Result<Self> {
        let mut tags: BTreeMap<String, Area> = BTreeMap::new();
        for op in &normalized.model.operations {
            let tag = op.tag.clone().unwrap_or_else(|| UNTAGGED.into());
            if !tags.contains_key(&tag) {
                tags.insert(tag.clone(), area(spec, &tag)?);
            }
        }
        let mut list: Vec<Area> = tags.into_values().collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        let mut names = BTreeMap::new();
        for a in &list {
            if let Some(other) = names.insert(a.name.clone(), a.tag.clone()) {
                return Err(tag_error(
                    spec,
                    &a.tag,
                    format!(
                        "the tags `{other}` and `{}` both make the area `{}`",
                        a.tag, a.name
                    ),
                ));
            }
        }
        let index: BTreeMap<&str, usize> = list
            .iter()
            .enumerate()
            .map(|(i, a)| (a.tag.as_str(), i))
            .collect();
        let components =
            serde_json::to_value(&normalized.openapi.components).unwrap_or(Value::Null);
        let mut operations = BTreeMap::new();
        let mut schemas: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for op in &normalized.model.operations {
            let i = index[op.tag.as_deref().unwrap_or(UNTAGGED)];
            operations.insert(op.id.clone(), i);
            let mut seen = BTreeSet::new();
            for r in &op.refs {
                reach(&serde_json::json!({ "$ref": r }), &components, &mut seen);
            }
            for s in seen {
                schemas.entry(s).or_default().insert(i);
            }
        }
        Ok(Self {
            list,
            features: provider.area_features,
            operations,
            schemas,
        })
    }

    /// The area of the operation with this `operationId`.
    pub(crate) fn of_operation(&self, id: &str) -> Option<usize> {
        self.operations.get(id).copied()
    }

    /// Where the type of the component schema `name` goes.
    pub(crate) fn of_schema(&self, name: &str) -> Place {
        match self.schemas.get(name) {
            Some(areas) if areas.len() == 1 => Place::Area(*areas.first().unwrap_or(&0)),
            _ => Place::Common,
        }
    }

    /// The component schemas the model knows, each with its place.
    pub(crate) fn schema_places<'a>(
        &'a self,
        names: impl IntoIterator<Item = &'a String>,
    ) -> impl Iterator<Item = (&'a str, Place)> {
        names.into_iter().map(|n| (n.as_str(), self.of_schema(n)))
    }

    /// `#[cfg(feature = "…")]` for an item of `place`, when areas are features.
    pub(crate) fn cfg(&self, place: Place) -> Option<syn::Attribute> {
        match place {
            Place::Area(i) if self.features => {
                let feature = &self.list[i].name;
                Some(syn::parse_quote!(#[cfg(feature = #feature)]))
            }
            _ => None,
        }
    }

    /// The feature an item of `place` needs, if any.
    pub(crate) fn feature(&self, place: Place) -> Option<&str> {
        match place {
            Place::Area(i) if self.features => Some(&self.list[i].name),
            _ => None,
        }
    }

    /// The `[features]` lines of the crate's `Cargo.toml`: `full` with
    /// every area, then one empty feature per area, each documented.
    pub fn cargo_features(&self) -> String {
        let mut out = String::from("## Every area of the API (the default).\nfull = [");
        let names: Vec<String> = self
            .list
            .iter()
            .map(|a| format!("\"{}\"", a.name))
            .collect();
        out.push_str(&names.join(", "));
        out.push_str("]\n");
        for a in &self.list {
            let what = a.description.as_deref().unwrap_or("Operations").trim();
            let what = what.trim_end_matches('.');
            out.push_str(&format!(
                "## {what} (the operations tagged `{}`).\n{} = []\n",
                a.tag, a.name
            ));
        }
        out
    }
}

/// The area of `tag`: its `x-feature`, else its name in snake case, which
/// must be a Rust identifier and a Cargo feature name.
fn area(spec: &Spec, tag: &str) -> Result<Area> {
    let declared = spec.openapi.tags.iter().find(|t| t.name == tag);
    let description = declared.and_then(|t| t.description.clone());
    let name = match declared.and_then(|t| t.extensions.get("x-feature")) {
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(tag_error(spec, tag, "`x-feature` must be a string".into()));
        }
        None => snake(tag),
    };
    let ident = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !matches!(
            name.as_str(),
            "full" | "default" | "mock" | "rustls" | "native-tls"
        );
    if !ident {
        return Err(tag_error(
            spec,
            tag,
            format!(
                "the tag `{tag}` makes the area `{name}`, which is not a lower-case Rust identifier or is a feature the crate already has"
            ),
        ));
    }
    Ok(Area {
        tag: tag.to_owned(),
        name,
        description,
    })
}

/// A tag in snake case, words split only where a lower-case letter or a
/// digit meets an upper-case one, so acronyms stay whole (`DIDs` is
/// `dids`, `CallerID` is `caller_id`); other characters become `_`.
fn snake(tag: &str) -> String {
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase()
                && prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
            {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        prev = Some(c);
    }
    out.trim_end_matches('_').to_owned()
}

fn tag_error(spec: &Spec, tag: &str, message: String) -> Error {
    let at = spec
        .openapi
        .tags
        .iter()
        .position(|t| t.name == tag)
        .and_then(|i| spec.line(&[Seg::from("tags"), Seg::Index(i)]));
    Error::one(Diagnostic {
        file: spec.file.clone(),
        line: at,
        operation: None,
        message,
        help: Some(
            "give the tag in the root `tags` list an `x-feature: name` (lower case, letters, digits and `_`, starting with a letter)"
                .into(),
        ),
    })
}

/// Adds to `seen` every component schema `value` reaches through `$ref`s,
/// following references to other components (parameters, bodies,
/// responses) through them.
fn reach(value: &Value, components: &Value, seen: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref")
                && let Some(rest) = r.strip_prefix("#/components/")
                && let Some((kind, name)) = rest.split_once('/')
            {
                let first = kind != "schemas" || seen.insert(name.to_owned());
                if first && let Some(target) = components.get(kind).and_then(|k| k.get(name)) {
                    reach(target, components, seen);
                }
            }
            for v in map.values() {
                reach(v, components, seen);
            }
        }
        Value::Array(items) => {
            for v in items {
                reach(v, components, seen);
            }
        }
        _ => {}
    }
}

/// The first and last line of the block of area features in a crate's
/// `Cargo.toml`.
const BEGIN: &str = "# @generated by `cargo xtask codegen` from the spec's tags: one feature per area. Do not edit.";
const END: &str = "# @generated end of the area features.";

/// `manifest` (a crate's `Cargo.toml`) with its block of area features
/// replaced by `block`, or inserted at the top of `[features]`. Fails,
/// naming what is missing, when there is no `[features]` table or its
/// `default` does not enable `full`.
pub fn splice_features(manifest: &str, block: &str) -> std::result::Result<String, String> {
    let generated = format!("{BEGIN}\n{block}{END}\n");
    let out = match (manifest.find(BEGIN), manifest.find(END)) {
        (Some(b), Some(e)) if b < e => {
            let end = e + END.len() + usize::from(manifest[e + END.len()..].starts_with('\n'));
            format!("{}{generated}{}", &manifest[..b], &manifest[end..])
        }
        _ => {
            let at = manifest
                .find("[features]\n")
                .ok_or("it has no `[features]` table, which must hold the area features")?
                + "[features]\n".len();
            format!("{}{generated}{}", &manifest[..at], &manifest[at..])
        }
    };
    let default = out
        .lines()
        .find(|l| l.trim_start().starts_with("default ="))
        .ok_or("its `[features]` has no `default`, which must enable `full`")?;
    if !default.contains("\"full\"") {
        return Err(
            "its `default` feature does not enable `full`, the feature of every area".into(),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feature_block_is_inserted_then_replaced_and_default_must_enable_full() {
        let manifest =
            "[package]\nname = \"x\"\n\n[features]\ndefault = [\"full\"]\n\n[dependencies]\n";
        let once = splice_features(manifest, "full = [\"a\"]\na = []\n").unwrap();
        assert_eq!(
            once,
            format!(
                "[package]\nname = \"x\"\n\n[features]\n{BEGIN}\nfull = [\"a\"]\na = []\n{END}\ndefault = [\"full\"]\n\n[dependencies]\n"
            )
        );
        let twice = splice_features(&once, "full = [\"b\"]\nb = []\n").unwrap();
        assert_eq!(
            twice,
            once.replace("full = [\"a\"]\na = []", "full = [\"b\"]\nb = []")
        );
        assert_eq!(
            splice_features(&manifest.replace("\"full\"", "\"rustls\""), "full = []\n")
                .unwrap_err(),
            "its `default` feature does not enable `full`, the feature of every area"
        );
        assert_eq!(
            splice_features("[package]\n", "full = []\n").unwrap_err(),
            "it has no `[features]` table, which must hold the area features"
        );
    }

    #[test]
    fn tags_become_snake_case_areas_with_acronyms_whole() {
        assert_eq!(snake("DIDs"), "dids");
        assert_eq!(snake("CallerID"), "caller_id");
        assert_eq!(snake("PhoneNumbers"), "phone_numbers");
        assert_eq!(snake("sendr/10/campaign"), "sendr_10_campaign");
        assert_eq!(snake("E911"), "e911");
    }
}
