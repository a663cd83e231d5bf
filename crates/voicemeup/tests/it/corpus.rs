//! The mutation corpus over VoiceMeUp's documented envelopes (`data/`): a
//! success with a list of messages and a result field beside
//! `response_details`, and an error with one message object. Each sample
//! changed the ways real servers differ from the docs (unknown members at
//! every level, numbers as strings, `null` collections, `[]` for objects,
//! out-of-range integers) must decode, keep or report every change at its
//! path, and fail strict decoding naming it.

use client_runtime::tolerant::{self, Tolerant};
use serde::Serialize;
use test_support::mutate::{self, Outcome};
use voicemeup::types;

fn read(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs the corpus of sample `name` decoded as `T`.
fn corpus<T: Tolerant + Serialize>(name: &str) {
    mutate::corpus(name, &read(name), |body, strict| {
        let decoded = if strict {
            tolerant::decode_slice::<T>(body, true)
        } else {
            tolerant::audit::<T>(body)
        }
        .map_err(|e| e.to_string())?;
        Ok(Outcome {
            encoded: serde_json::to_value(&decoded.value).map_err(|e| e.to_string())?,
            paths: decoded
                .deviations
                .iter()
                .map(|d| d.path().to_owned())
                .collect(),
        })
    });
}

#[test]
fn success_envelope() {
    corpus::<types::Envelope>("envelope_success.json");
}

#[test]
fn error_envelope() {
    corpus::<types::Envelope>("envelope_error.json");
}
