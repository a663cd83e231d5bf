//! Counted rewrites of progenitor's output.
//!
//! Where the generator still edits what progenitor printed (its builders in
//! [`crate::emit::rest::wire`], its httpmock helpers in [`crate::emit::rest::mocks`]), each edit is a
//! named pass that counts what it changed per operation. The count is
//! checked against what the model calls for, and any difference
//! fails generation with a diagnostic naming the pass and the operation, so a
//! progenitor upgrade that changes the shape of its output cannot leave an
//! operation silently unrewritten.

use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::front::load::Spec;

/// The output a family of passes edits.
pub(crate) struct Stage {
    /// Its name in diagnostics (`"mock"`).
    name: &'static str,
    /// The output it edits, as the hint of a diagnostic names it.
    output: &'static str,
    /// The file that holds its passes.
    source: &'static str,
    /// What its passes do to an item, in the past tense (`"rewrote"`).
    verb: &'static str,
}

/// The passes over progenitor's httpmock helpers.
pub(crate) const MOCKS: Stage = Stage {
    name: "mock",
    output: "httpmock output",
    source: "codegen/src/emit/rest/mocks.rs",
    verb: "rewrote",
};

/// The passes over progenitor's request builders.
pub(crate) const BUILDERS: Stage = Stage {
    name: "builder",
    output: "builder output",
    source: "codegen/src/emit/rest/wire.rs",
    verb: "rewrote",
};

/// The placement of generated items in the areas of the output.
pub(crate) const AREAS: Stage = Stage {
    name: "area",
    output: "output",
    source: "codegen/src/output/split.rs",
    verb: "placed",
};

/// What one pass changed per operation, against what the spec says it
/// should change.
pub(crate) struct Tally<'a> {
    /// Which output the pass edits.
    stage: &'static Stage,
    /// The pass's name, as diagnostics show it.
    pass: &'static str,
    /// What it changes, in the plural (`"status assertions"`).
    what: &'static str,
    expected: BTreeMap<&'a str, usize>,
    done: BTreeMap<&'a str, usize>,
}

impl<'a> Tally<'a> {
    /// A tally expecting `expected` changes per operation id; an operation
    /// the pass reports but `expected` lacks is expected to see none.
    pub(crate) fn new(
        stage: &'static Stage,
        pass: &'static str,
        what: &'static str,
        expected: impl IntoIterator<Item = (&'a str, usize)>,
    ) -> Self {
        Self {
            stage,
            pass,
            what,
            expected: expected.into_iter().collect(),
            done: BTreeMap::new(),
        }
    }

    /// Records `n` more changes to operation `op`.
    pub(crate) fn count(&mut self, op: &'a str, n: usize) {
        *self.done.entry(op).or_default() += n;
    }

    /// One diagnostic per operation whose count differs from what is
    /// expected, including operations the pass changed unexpectedly.
    pub(crate) fn check(&self, spec: &Spec, out: &mut Vec<Diagnostic>) {
        let ops: std::collections::BTreeSet<&str> = self
            .expected
            .keys()
            .chain(self.done.keys())
            .copied()
            .collect();
        for op in ops {
            let expected = self.expected.get(op).copied().unwrap_or(0);
            let done = self.done.get(op).copied().unwrap_or(0);
            if done != expected {
                out.push(Diagnostic {
                    file: spec.file.clone(),
                    line: None,
                    operation: Some(op.to_owned()),
                    message: format!(
                        "the {} pass `{}` {} {done} {} of progenitor's output where the spec calls for {expected}",
                        self.stage.name, self.pass, self.stage.verb, self.what
                    ),
                    help: Some(format!(
                        "progenitor's {} no longer has the shape this pass expects (a progenitor upgrade?); adapt the pass in {}",
                        self.stage.output, self.stage.source
                    )),
                });
            }
        }
    }
}
