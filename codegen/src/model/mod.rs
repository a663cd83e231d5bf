//! The model the emitters read: normalization rules, the typed API model
//! they produce, and areas.

pub(crate) mod api;
pub(crate) mod areas;
pub(crate) mod normalize;
