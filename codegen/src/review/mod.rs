//! Review tools: spec diffs and documentation coverage.

pub mod coverage;
pub mod diff;
