//! Front ends: a spec file in, one `openapiv3` document out.

pub(crate) mod lines;
pub(crate) mod load;
pub(crate) mod openapi31;
pub mod openrpc;
