//! Turns the provider specs under `specs/` into the generated sources of the
//! client crates under `crates/`.
//!
//! The pipeline is data in, files out, with no process I/O beyond reading
//! the spec: [`Spec::load`] → [`validate()`] → [`normalize()`] → emit
//! (progenitor plus our own emitters) → format (prettyplease) →
//! [`GeneratedFile`]s. Writing them is the caller's business (`xtask`).

mod areas;
pub mod coverage;
pub mod diff;
mod docs;
mod emit;
mod error;
mod files;
mod jsonrpc;
mod lines;
mod listing;
mod load;
mod mocks;
mod normalize;
pub mod openrpc;
mod passes;
mod settings;
mod split;
mod tolerant;
mod validate;
mod wire;

pub use areas::splice_features;
pub use error::{Diagnostic, Error, Result};
pub use files::GeneratedFile;
pub use load::Spec;
pub use normalize::{FieldAliases, Normalized, OpenEnum, normalize};
pub use settings::{DocsLayout, FormStyle, PROVIDERS, Provider, provider};
pub use validate::validate;

/// Generates every file of one provider from its parsed spec.
///
/// Validation runs first, so a defective spec yields [`Error::Invalid`] with
/// one diagnostic per defect and no files at all.
pub fn generate(spec: &Spec, provider: &Provider) -> Result<Vec<GeneratedFile>> {
    validate(spec)?;
    let normalized = normalize(&spec.openapi);
    if spec.rpc {
        let emitted = jsonrpc::emit(spec, &normalized)?;
        return files::assemble_rpc(spec, provider, &normalized, emitted);
    }
    let emitted = emit::emit(spec, &normalized)?;
    files::assemble(spec, provider, &normalized, emitted)
}

/// The area features of the provider's crate (the lines of its
/// `Cargo.toml` between the generated markers), or `None` when the
/// provider's areas are not features.
pub fn cargo_features(spec: &Spec, provider: &Provider) -> Result<Option<String>> {
    if !provider.area_features {
        return Ok(None);
    }
    validate(spec)?;
    let normalized = normalize(&spec.openapi);
    Ok(Some(
        areas::Areas::of(spec, &normalized.openapi, provider)?.cargo_features(),
    ))
}
