//! Offline integration tests of the VoiceMeUp client: every request goes to a
//! server on 127.0.0.1 started by the test itself.

mod corpus;
mod envelope;
mod mock;
mod operations;
mod rate_limit;
mod retries;
mod secrets;
mod support;
mod wire;
