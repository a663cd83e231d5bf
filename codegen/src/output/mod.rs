//! Output assembly: formatting, splitting by area, the generated file set.

pub(crate) mod files;
pub(crate) mod listing;
pub(crate) mod split;
