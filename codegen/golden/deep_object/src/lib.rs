//! The generated output of the codegen fixture `deep_object.yaml`, compiled so
//! that the golden is code that builds. Written by `goldens_are_fresh`
//! (codegen/tests/fixtures.rs); do not edit.
#![warn(missing_docs)]

#[rustfmt::skip]
#[allow(missing_debug_implementations, reason = "generated builders and mocks")]
#[allow(clippy::all, reason = "generated code")]
mod generated;

pub use generated::*;
