//! Turns the provider specs under `specs/` into the generated sources of the
//! client crates under `crates/`.
//!
//! The pipeline is data in, files out, with no process I/O beyond reading
//! the spec: [`Spec::load`] → [`validate()`] → [`normalize()`] → emit
//! (progenitor plus our own emitters) → format (prettyplease) →
//! [`GeneratedFile`]s. Writing them is the caller's business (`xtask`).

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
mod tolerant;
mod validate;
mod wire;

pub use error::{Diagnostic, Error, Result};
pub use files::GeneratedFile;
pub use load::Spec;
pub use normalize::{FieldAliases, Normalized, OpenEnum, normalize};
pub use settings::{FormStyle, PROVIDERS, Provider, provider};
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
