//! Offline integration tests of the PortSIP client: every request goes to a
//! server on 127.0.0.1 started by the test itself.

mod corpus;
mod errors;
// Generated (see codegen/src/emit/op_tests.rs), formatted by the generator.
#[rustfmt::skip]
mod every_operation;
mod every_operation_support;
mod mock;
mod operations;
mod paging;
mod samples;
mod support;
mod wire;
