//! A `serde::Serializer` that walks any value and reports each scalar leaf
//! with its bracketed key (`numbers[15098675309][mou]`), without building a
//! `serde_json::Value` or an intermediate list of pairs.
//!
//! The key is one `String` grown and truncated as the walk goes in and out
//! of containers, so a leaf costs one call of the sink and no allocation
//! beyond what the sink does with it. `null`, `None` and unit values are
//! left out, as are non-finite floats (JSON has no spelling for them).

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

use super::{Arrays, Style};

/// Why a value cannot be written as bracketed pairs.
#[derive(Debug)]
pub(crate) struct LeafError(pub(crate) String);

impl fmt::Display for LeafError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LeafError {}

impl ser::Error for LeafError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        LeafError(msg.to_string())
    }
}

/// Receives every leaf: the raw (unescaped) key and the value's text.
pub(crate) type Sink<'s> = dyn FnMut(&str, &str) -> Result<(), LeafError> + 's;

/// Walks `value`, starting from the key `prefix` (empty for a form body,
/// whose top level must then be an object).
pub(crate) fn walk<T: Serialize + ?Sized>(
    prefix: &str,
    value: &T,
    style: Style,
    sink: &mut Sink<'_>,
) -> Result<(), LeafError> {
    let mut key = String::with_capacity(prefix.len() + 32);
    key.push_str(prefix);
    value.serialize(Leaves {
        key: &mut key,
        style,
        sink,
    })
}

/// The integer methods of a serializer that writes integers as decimal
/// text through its `display` method.
macro_rules! integers_as_text {
    () => {
        integers_as_text!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
            serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
            serialize_u32: u32, serialize_u64: u64, serialize_u128: u128);
    };
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<(), LeafError> {
            self.display(v)
        })*
    };
}

struct Leaves<'a, 's> {
    key: &'a mut String,
    style: Style,
    sink: &'a mut Sink<'s>,
}

impl<'a, 's> Leaves<'a, 's> {
    fn leaf(self, text: &str) -> Result<(), LeafError> {
        if self.key.is_empty() {
            return Err(LeafError("a form body must be an object".into()));
        }
        (self.sink)(self.key, text)
    }

    /// A number's text, formatted on the stack.
    fn display(self, value: impl fmt::Display) -> Result<(), LeafError> {
        use std::fmt::Write as _;
        let mut buf = StackText::default();
        write!(buf, "{value}").map_err(|_| LeafError("a number too long to write".into()))?;
        self.leaf(buf.as_str())
    }

    fn into_compound(self) -> Compound<'a, 's> {
        let base = self.key.len();
        Compound {
            key: self.key,
            style: self.style,
            sink: self.sink,
            base,
            index: 0,
        }
    }

    fn nested(self, segment: &str) -> Compound<'a, 's> {
        push_segment(self.key, segment);
        self.into_compound()
    }
}

/// Room for any integer's decimal text (an `i128` needs 40 bytes).
struct StackText {
    bytes: [u8; 48],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        Self {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Appends `[segment]`, or `segment` alone at the top level.
fn push_segment(key: &mut String, segment: &str) {
    if key.is_empty() {
        key.push_str(segment);
    } else {
        key.push('[');
        key.push_str(segment);
        key.push(']');
    }
}

/// State of a container being walked: the key length to return to before
/// each element, and the next array index.
struct Compound<'a, 's> {
    key: &'a mut String,
    style: Style,
    sink: &'a mut Sink<'s>,
    base: usize,
    index: usize,
}

impl<'s> Compound<'_, 's> {
    fn child(&mut self) -> Leaves<'_, 's> {
        Leaves {
            key: &mut *self.key,
            style: self.style,
            sink: &mut *self.sink,
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), LeafError> {
        if self.base == 0 {
            return Err(LeafError("a form body must be an object".into()));
        }
        self.key.truncate(self.base);
        match self.style.arrays {
            Arrays::Indexed => {
                use std::fmt::Write as _;
                let _ = write!(self.key, "[{}]", self.index);
            }
            Arrays::Empty => self.key.push_str("[]"),
        }
        self.index += 1;
        value.serialize(self.child())
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), LeafError> {
        self.key.truncate(self.base);
        push_segment(self.key, name);
        value.serialize(self.child())
    }

    fn done(self) -> Result<(), LeafError> {
        self.key.truncate(self.base);
        Ok(())
    }
}

impl<'a, 's> ser::Serializer for Leaves<'a, 's> {
    type Ok = ();
    type Error = LeafError;
    type SerializeSeq = Compound<'a, 's>;
    type SerializeTuple = Compound<'a, 's>;
    type SerializeTupleStruct = Compound<'a, 's>;
    type SerializeTupleVariant = Variant<'a, 's>;
    type SerializeMap = Compound<'a, 's>;
    type SerializeStruct = Compound<'a, 's>;
    type SerializeStructVariant = Variant<'a, 's>;

    fn serialize_bool(self, v: bool) -> Result<(), LeafError> {
        let text = super::bool_text(v, self.style);
        self.leaf(text)
    }
    integers_as_text!();
    fn serialize_f32(self, v: f32) -> Result<(), LeafError> {
        match serde_json::to_string(&v) {
            Ok(text) if text != "null" => self.leaf(&text),
            _ => Ok(()),
        }
    }
    fn serialize_f64(self, v: f64) -> Result<(), LeafError> {
        match serde_json::to_string(&v) {
            Ok(text) if text != "null" => self.leaf(&text),
            _ => Ok(()),
        }
    }
    fn serialize_char(self, v: char) -> Result<(), LeafError> {
        self.leaf(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), LeafError> {
        self.leaf(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), LeafError> {
        use ser::SerializeSeq as _;
        let mut seq = self.into_compound();
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), LeafError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), LeafError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), LeafError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), LeafError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), LeafError> {
        self.leaf(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), LeafError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), LeafError> {
        let mut outer = self.into_compound();
        outer.field(variant, value)?;
        outer.done()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 's>, LeafError> {
        Ok(self.into_compound())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a, 's>, LeafError> {
        Ok(self.into_compound())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 's>, LeafError> {
        Ok(self.into_compound())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, 's>, LeafError> {
        let outer = self.key.len();
        Ok(Variant {
            inner: self.nested(variant),
            outer,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 's>, LeafError> {
        Ok(self.into_compound())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 's>, LeafError> {
        Ok(self.into_compound())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, 's>, LeafError> {
        let outer = self.key.len();
        Ok(Variant {
            inner: self.nested(variant),
            outer,
        })
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = LeafError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), LeafError> {
        self.element(value)
    }
    fn end(self) -> Result<(), LeafError> {
        self.done()
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = LeafError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), LeafError> {
        self.element(value)
    }
    fn end(self) -> Result<(), LeafError> {
        self.done()
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = LeafError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), LeafError> {
        self.element(value)
    }
    fn end(self) -> Result<(), LeafError> {
        self.done()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = LeafError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), LeafError> {
        self.key.truncate(self.base);
        let top = self.base == 0;
        if !top {
            self.key.push('[');
        }
        key.serialize(KeyWriter(self.key))?;
        if !top {
            self.key.push(']');
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), LeafError> {
        value.serialize(self.child())
    }
    fn end(self) -> Result<(), LeafError> {
        self.done()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = LeafError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), LeafError> {
        self.field(name, value)
    }
    fn end(self) -> Result<(), LeafError> {
        self.done()
    }
}

/// A tuple or struct variant: `{variant: [...]}` or `{variant: {...}}`,
/// keyed `variant[..]`; the key goes back to `outer` at the end.
struct Variant<'a, 's> {
    inner: Compound<'a, 's>,
    outer: usize,
}

impl ser::SerializeTupleVariant for Variant<'_, '_> {
    type Ok = ();
    type Error = LeafError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), LeafError> {
        self.inner.element(value)
    }
    fn end(self) -> Result<(), LeafError> {
        self.inner.key.truncate(self.outer);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Variant<'_, '_> {
    type Ok = ();
    type Error = LeafError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), LeafError> {
        self.inner.field(name, value)
    }
    fn end(self) -> Result<(), LeafError> {
        self.inner.key.truncate(self.outer);
        Ok(())
    }
}

/// Writes a map key's text into the key being built: strings, characters,
/// numbers, booleans and unit variants, as `serde_json` accepts them.
struct KeyWriter<'a>(&'a mut String);

fn bad_key() -> LeafError {
    LeafError("a map key must be a string, a number or a boolean".into())
}

impl KeyWriter<'_> {
    fn display(self, value: impl fmt::Display) -> Result<(), LeafError> {
        use std::fmt::Write as _;
        let _ = write!(self.0, "{value}");
        Ok(())
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = LeafError;
    type SerializeSeq = Impossible<(), LeafError>;
    type SerializeTuple = Impossible<(), LeafError>;
    type SerializeTupleStruct = Impossible<(), LeafError>;
    type SerializeTupleVariant = Impossible<(), LeafError>;
    type SerializeMap = Impossible<(), LeafError>;
    type SerializeStruct = Impossible<(), LeafError>;
    type SerializeStructVariant = Impossible<(), LeafError>;

    fn serialize_bool(self, v: bool) -> Result<(), LeafError> {
        self.display(v)
    }
    integers_as_text!();
    fn serialize_f32(self, v: f32) -> Result<(), LeafError> {
        if v.is_finite() {
            self.display(v)
        } else {
            Err(bad_key())
        }
    }
    fn serialize_f64(self, v: f64) -> Result<(), LeafError> {
        if v.is_finite() {
            self.display(v)
        } else {
            Err(bad_key())
        }
    }
    fn serialize_char(self, v: char) -> Result<(), LeafError> {
        self.0.push(v);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), LeafError> {
        self.0.push_str(v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), LeafError> {
        Err(bad_key())
    }
    fn serialize_none(self) -> Result<(), LeafError> {
        Err(bad_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), LeafError> {
        Err(bad_key())
    }
    fn serialize_unit(self) -> Result<(), LeafError> {
        Err(bad_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), LeafError> {
        Err(bad_key())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), LeafError> {
        self.0.push_str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), LeafError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), LeafError> {
        Err(bad_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, LeafError> {
        Err(bad_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, LeafError> {
        Err(bad_key())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, LeafError> {
        Err(bad_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, LeafError> {
        Err(bad_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, LeafError> {
        Err(bad_key())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, LeafError> {
        Err(bad_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, LeafError> {
        Err(bad_key())
    }
}
