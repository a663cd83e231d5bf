//! The per-provider settings table: the one place that says which spec
//! becomes which crate, and how.

use std::path::PathBuf;

/// How one provider's spec becomes one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// Short name, used on the command line and as the crate name.
    pub name: &'static str,
    /// The spec, relative to the repository root.
    pub spec: &'static str,
    /// The client crate, relative to the repository root.
    pub crate_dir: &'static str,
    /// How bracket-encoded query parameters and form bodies write booleans and arrays.
    pub form_style: FormStyle,
    /// File names of the provider's documentation scrapes, for `doc-coverage --all`.
    pub docs: &'static [&'static str],
    /// How those scrapes lay out what they document, which says how
    /// `doc-coverage` reads them; `None` for a provider without scrapes.
    pub docs_layout: Option<DocsLayout>,
    /// Whether each area of the API (an operation tag) is a Cargo feature
    /// of the crate, with `full` enabling them all; the generated code is
    /// split by area either way.
    pub area_features: bool,
    /// Whether the crate gets the generated test that calls every
    /// operation once (`tests/it/every_operation.rs`, see
    /// `emit::op_tests`); its harness is the crate's own.
    pub operation_tests: bool,
}

/// Conventions for bracket-encoded values (deepObject queries, nested forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `true`/`false`, indexed arrays.
    Standard,
    /// `1`/`0`, indexed arrays, as PHP back ends expect.
    Php,
}

/// The layouts of documentation scrapes `doc-coverage` reads: a provider
/// whose docs look like one of these needs only this table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocsLayout {
    /// Request lines (`GET /path HTTP/1.1`), JSON samples and
    /// "Can be either:" value lists (PortSIP's PBX reference).
    HttpExchanges,
    /// JSON samples, `name | type description |` field tables, `Enum:`
    /// values and `Example:` query strings (Skyetel's API reference).
    FieldTables,
    /// `Request Type:` headings, parameter tables with their value lists,
    /// and error-code tables (VoiceMeUp's XML Engine guide).
    RequestTypes,
    /// Object headings with property tables and `Values:` lists, and JSON
    /// samples (CALLR's objects reference).
    ObjectReference,
}

impl Provider {
    /// The folder that holds every generated file of this provider.
    pub fn generated_dir(&self) -> PathBuf {
        PathBuf::from(self.crate_dir).join("src").join("generated")
    }
}

/// Every provider, in the order `cargo xtask codegen` processes them.
pub const PROVIDERS: &[Provider] = &[
    Provider {
        name: "portsip",
        spec: "specs/portsip.yaml",
        crate_dir: "crates/portsip",
        form_style: FormStyle::Standard,
        docs: &["portsip-pbx-tenants.txt", "portsip-pbx-billing.txt"],
        docs_layout: Some(DocsLayout::HttpExchanges),
        area_features: true,
        operation_tests: true,
    },
    Provider {
        name: "skyetel",
        spec: "specs/skyetel.yaml",
        crate_dir: "crates/skyetel",
        form_style: FormStyle::Standard,
        docs: &["skyetel-api-reference.txt"],
        docs_layout: Some(DocsLayout::FieldTables),
        area_features: true,
        operation_tests: false,
    },
    Provider {
        name: "voicemeup",
        spec: "specs/voicemeup.yaml",
        crate_dir: "crates/voicemeup",
        form_style: FormStyle::Php,
        docs: &["voicemeup-xml-engine-guide.txt"],
        docs_layout: Some(DocsLayout::RequestTypes),
        area_features: true,
        operation_tests: false,
    },
    Provider {
        name: "callr",
        spec: "specs/callr.yaml",
        crate_dir: "crates/callr",
        form_style: FormStyle::Standard,
        docs: &["callr-objects-reference.txt"],
        docs_layout: Some(DocsLayout::ObjectReference),
        area_features: true,
        operation_tests: false,
    },
];

/// Looks a provider up by name.
pub fn provider(name: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.name == name)
}
