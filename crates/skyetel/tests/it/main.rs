//! Offline integration tests of the Skyetel client: every request goes to a
//! server on 127.0.0.1 started by the test itself.

mod corpus;
mod errors;
mod mock;
mod operations;
mod paging;
mod rate_limit;
mod samples;
mod support;
mod wire;
