//! Turns the provider specs under `specs/` into the generated sources of the
//! client crates under `crates/`.
//!
//! The pipeline is data in, files out, with no process I/O beyond reading
//! the spec, and each stage is a folder of its own:
//!
//! | stage | folder | what it does |
//! |---|---|---|
//! | front ends | `front/` | [`Spec::load`] reads an OpenAPI 3.0 YAML spec or an OpenRPC document ([`openrpc`]) into one `openapiv3` document, keeping line numbers for diagnostics |
//! | checks | `check/` | [`validate()`]: every defect of the spec, each with its place, before anything is generated |
//! | model | `model/` | [`normalize()`]: the rules that turn the spec into what the emitters read ([`Normalized`]: the document progenitor receives and the model, `api.rs`: every operation with its parameters and their wire encoding, body, responses, paging, retry safety and rate-limit pools, plus the envelope, open enums and aliases) and the areas a spec's tags make |
//! | emitters | `emit/` | `rest/` drives progenitor and typify (settings, conversions, counted passes) and writes the wire helpers and mocks; `rpc.rs` writes JSON-RPC clients; `tolerant.rs` and `docs.rs` serve both |
//! | output | `output/` | formats with prettyplease, splits the code by area and assembles the [`GeneratedFile`]s, `API.md` included |
//! | review tools | `review/` | [`diff`] (spec changes as API changes) and [`coverage`] (spec against provider docs) |
//!
//! Writing the files is the caller's business (`xtask`).

// The stages, in pipeline order.
mod check;
mod emit;
pub mod front;
mod model;
mod output;
pub mod review;

mod error;
mod settings;

pub use check::validate::validate;
pub use error::{Diagnostic, Error, Result};
pub use front::load::Spec;
pub use front::openrpc;
pub use model::areas::splice_features;
pub use model::normalize::{FieldAliases, Normalized, OpenEnum, normalize};
pub use output::files::GeneratedFile;
pub use review::{coverage, diff};
pub use settings::{DocsLayout, FormStyle, PROVIDERS, Provider, provider};

/// Everything generated for one provider crate.
#[derive(Debug)]
pub struct Output {
    /// The generated sources and `API.md`.
    pub files: Vec<GeneratedFile>,
    /// The area features of the crate's `Cargo.toml` (the lines between its
    /// generated markers), when the provider's areas are features.
    pub features: Option<String>,
}

/// Generates a provider's files and its area features, validating and
/// normalizing the spec once for both.
///
/// Validation runs first, so a defective spec yields [`Error::Invalid`] with
/// one diagnostic per defect and nothing generated.
pub fn generate_crate(spec: &Spec, provider: &Provider) -> Result<Output> {
    validate(spec)?;
    let normalized = normalize(&spec.openapi);
    let features = if provider.area_features {
        Some(model::areas::Areas::of(spec, &normalized, provider)?.cargo_features())
    } else {
        None
    };
    let files = if spec.rpc {
        let emitted = emit::rpc::emit(spec, &normalized)?;
        output::files::assemble_rpc(spec, provider, &normalized, emitted)?
    } else {
        let emitted = emit::rest::emit(spec, &normalized)?;
        output::files::assemble(spec, provider, &normalized, emitted)?
    };
    Ok(Output { files, features })
}

/// Generates every file of one provider from its parsed spec (what
/// [`generate_crate`] returns as `files`).
pub fn generate(spec: &Spec, provider: &Provider) -> Result<Vec<GeneratedFile>> {
    generate_crate(spec, provider).map(|o| o.files)
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
        model::areas::Areas::of(spec, &normalized, provider)?.cargo_features(),
    ))
}
