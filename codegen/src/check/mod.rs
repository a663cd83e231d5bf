//! Checks: every defect of a spec, with its place, before generation.

pub(crate) mod validate;
