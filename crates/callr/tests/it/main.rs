//! Offline integration tests of the CALLR client: every request goes to a
//! server on 127.0.0.1 started by the test itself.

mod errors;
mod methods;
mod mock;
mod paging;
mod retries;
mod samples;
mod support;
mod wire;
