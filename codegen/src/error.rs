//! The one error type of the generator.

use std::fmt;
use std::path::PathBuf;

/// A result whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The spec file could not be read.
    #[error("{}: cannot read the spec: {source}", file.display())]
    Read {
        /// The spec file.
        file: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The spec has one or more defects; each diagnostic names its place.
    #[error("{}", DisplayAll(diagnostics))]
    Invalid {
        /// One entry per defect, in file order where known.
        diagnostics: Vec<Diagnostic>,
    },
}

impl Error {
    pub(crate) fn one(diagnostic: Diagnostic) -> Self {
        Self::Invalid {
            diagnostics: vec![diagnostic],
        }
    }
}

/// One defect in a spec: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, as given to the loader.
    pub file: PathBuf,
    /// 1-based line of the offending node, when it could be found.
    pub line: Option<usize>,
    /// The `operationId` (or path and method) of the operation concerned, if any.
    pub operation: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(op) = &self.operation {
            write!(f, ": operation `{op}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

struct DisplayAll<'a>(&'a [Diagnostic]);

impl fmt::Display for DisplayAll<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}
