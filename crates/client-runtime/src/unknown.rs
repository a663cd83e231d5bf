use std::fmt;

/// A value of an open enum that was not documented when the client was generated.
///
/// Generated enums keep such values instead of failing the whole response.
/// It can only be made by parsing a string that matches no known variant, so
/// an `Unknown` never shadows a documented value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// Used by generated code for a string that matched no variant.
    #[doc(hidden)]
    pub fn new(value: &str) -> Self {
        Self(value.into())
    }

    /// The value as the server sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
