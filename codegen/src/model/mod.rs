//! The model the emitters read: normalization rules and areas.

pub(crate) mod areas;
pub(crate) mod normalize;
