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
}

impl Provider {
    /// The folder that holds every generated file of this provider.
    pub fn generated_dir(&self) -> PathBuf {
        PathBuf::from(self.crate_dir).join("src").join("generated")
    }
}

/// Every provider, in the order `cargo xtask codegen` processes them.
pub const PROVIDERS: &[Provider] = &[Provider {
    name: "portsip",
    spec: "specs/portsip.yaml",
    crate_dir: "crates/portsip",
}];

/// Looks a provider up by name.
pub fn provider(name: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.name == name)
}
