//! Emitters: Rust code from the model.

pub(crate) mod docs;
pub(crate) mod op_tests;
pub(crate) mod rest;
pub(crate) mod rpc;
pub(crate) mod tolerant;
