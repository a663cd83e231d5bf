//! Reads one string out of a `Serialize` value at a JSON pointer, without
//! building a `serde_json::Value`: the serializer descends only into the
//! field on the path and ignores everything else, so looking up a status
//! in a large response costs about as much as in a small one.
//!
//! Pointers are `/`-separated object keys or array indexes; `~` escapes are
//! not interpreted (no pointer in our specs needs them).

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// The string (or unit enum variant) at `pointer` in `value`, if any.
pub(crate) fn string_at<T: Serialize + ?Sized>(value: &T, pointer: &str) -> Option<String> {
    let path = pointer.strip_prefix('/').unwrap_or(pointer);
    value.serialize(Probe { path }).ok().flatten()
}

/// Splits off the first segment of a path; `None` once the path is used up.
fn split(path: &str) -> Option<(&str, &str)> {
    if path.is_empty() {
        return None;
    }
    Some(path.split_once('/').unwrap_or((path, "")))
}

#[derive(Debug)]
pub(crate) struct Skip;

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not on the path")
    }
}

impl std::error::Error for Skip {}

impl ser::Error for Skip {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Skip
    }
}

struct Probe<'p> {
    path: &'p str,
}

type Found = Option<String>;

/// Scalars other than strings are never what a probe looks for.
macro_rules! nothing {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, _v: $ty) -> Result<Found, Skip> { Ok(None) })*
    };
}

impl<'p> ser::Serializer for Probe<'p> {
    type Ok = Found;
    type Error = Skip;
    type SerializeSeq = Container<'p>;
    type SerializeTuple = Container<'p>;
    type SerializeTupleStruct = Container<'p>;
    type SerializeTupleVariant = Impossible<Found, Skip>;
    type SerializeMap = Container<'p>;
    type SerializeStruct = Container<'p>;
    type SerializeStructVariant = Impossible<Found, Skip>;

    nothing!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_bytes: &[u8]);

    fn serialize_str(self, v: &str) -> Result<Found, Skip> {
        Ok(self.path.is_empty().then(|| v.to_owned()))
    }
    fn serialize_none(self) -> Result<Found, Skip> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Found, Skip> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Found, Skip> {
        Ok(None)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Found, Skip> {
        Ok(None)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Found, Skip> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Found, Skip> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Found, Skip> {
        match split(self.path) {
            Some((first, rest)) if first == variant => value.serialize(Probe { path: rest }),
            _ => Ok(None),
        }
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Container<'p>, Skip> {
        Ok(Container::new(self.path))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Container<'p>, Skip> {
        Ok(Container::new(self.path))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Container<'p>, Skip> {
        Ok(Container::new(self.path))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Skip> {
        Err(Skip)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Container<'p>, Skip> {
        Ok(Container::new(self.path))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Container<'p>, Skip> {
        Ok(Container::new(self.path))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Skip> {
        Err(Skip)
    }
}

/// An object or array on the way: which member the path wants, whether the
/// current map key is it, and what was found.
struct Container<'p> {
    want: Option<(&'p str, &'p str)>,
    index: usize,
    key_matches: bool,
    found: Found,
}

impl<'p> Container<'p> {
    fn new(path: &'p str) -> Self {
        Self {
            want: split(path),
            index: 0,
            key_matches: false,
            found: None,
        }
    }

    fn member<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Skip> {
        if let Some((first, rest)) = self.want
            && self.found.is_none()
            && first == name
        {
            self.found = value.serialize(Probe { path: rest })?;
        }
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Skip> {
        let index = self.index;
        self.index += 1;
        if let Some((first, rest)) = self.want
            && self.found.is_none()
            && first.parse() == Ok(index)
        {
            self.found = value.serialize(Probe { path: rest })?;
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Container<'_> {
    type Ok = Found;
    type Error = Skip;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Skip> {
        self.element(value)
    }
    fn end(self) -> Result<Found, Skip> {
        Ok(self.found)
    }
}

impl ser::SerializeTuple for Container<'_> {
    type Ok = Found;
    type Error = Skip;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Skip> {
        self.element(value)
    }
    fn end(self) -> Result<Found, Skip> {
        Ok(self.found)
    }
}

impl ser::SerializeTupleStruct for Container<'_> {
    type Ok = Found;
    type Error = Skip;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Skip> {
        self.element(value)
    }
    fn end(self) -> Result<Found, Skip> {
        Ok(self.found)
    }
}

impl ser::SerializeStruct for Container<'_> {
    type Ok = Found;
    type Error = Skip;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Skip> {
        self.member(name, value)
    }
    fn end(self) -> Result<Found, Skip> {
        Ok(self.found)
    }
}

impl ser::SerializeMap for Container<'_> {
    type Ok = Found;
    type Error = Skip;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Skip> {
        self.key_matches = match self.want {
            Some((first, _)) if self.found.is_none() => {
                key.serialize(Probe { path: "" })?.as_deref() == Some(first)
            }
            _ => false,
        };
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Skip> {
        if std::mem::take(&mut self.key_matches)
            && let Some((_, rest)) = self.want
        {
            self.found = value.serialize(Probe { path: rest })?;
        }
        Ok(())
    }
    fn end(self) -> Result<Found, Skip> {
        Ok(self.found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_strings_and_unit_variants_on_the_path_only() {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        enum Status {
            Error,
        }
        #[derive(serde::Serialize)]
        struct Details {
            other: Vec<u8>,
            response_status: Option<Status>,
        }
        #[derive(serde::Serialize)]
        struct Body {
            response_details: Option<Details>,
            response_status: &'static str,
        }
        let body = Body {
            response_details: Some(Details {
                other: vec![1],
                response_status: Some(Status::Error),
            }),
            response_status: "decoy",
        };
        let at = |p| string_at(&body, p);
        assert_eq!(
            at("/response_details/response_status").as_deref(),
            Some("error")
        );
        assert_eq!(at("/response_status").as_deref(), Some("decoy"));
        assert_eq!(at("/response_details/other"), None);
        assert_eq!(at("/response_details/missing"), None);
        assert_eq!(at("/response_details"), None);

        let value = json!({"a": [{"b": "x"}, {"b": "y"}], "n": 3, "s": {"t": null}});
        assert_eq!(string_at(&value, "/a/1/b").as_deref(), Some("y"));
        assert_eq!(string_at(&value, "/a/2/b"), None);
        assert_eq!(string_at(&value, "/n"), None);
        assert_eq!(string_at(&value, "/s/t"), None);
        assert_eq!(string_at(&value, "/a/x/b"), None);
    }
}
