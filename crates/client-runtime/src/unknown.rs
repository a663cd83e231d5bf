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

/// An integer enum value that was not documented when the client was generated.
///
/// The integer counterpart of [`UnknownValue`]: only decoding or parsing a
/// number that matches no documented variant creates one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownInt(i64);

impl UnknownInt {
    /// Used by generated code for a number that matched no variant.
    #[doc(hidden)]
    pub fn new(value: i64) -> Self {
        Self(value)
    }

    /// The value as the server sent it.
    pub fn value(&self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
