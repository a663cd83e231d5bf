//! Tolerant, lossless decoding of what a server sends.
//!
//! The specs are written from documentation, and servers do not always
//! follow it: a balance arrives as `"0.00"`, an empty list as `null`, an
//! empty object as `[]` (PHP's `json_encode` of an empty array), a date in a
//! local format. The generated types decode through [`Tolerant`], which
//! applies a fixed set of rules per field, chosen by the field's Rust type
//! (and so by its schema):
//!
//! - numbers and integers accept numeric strings (and `""` as absent);
//!   integers also accept floats without a fraction;
//! - strings accept numbers and booleans, as their JSON text;
//! - booleans accept `0`/`1` and `"true"`/`"false"`/`"0"`/`"1"`;
//! - `null` for an array, a map or an object is empty or absent;
//! - `[]` for an object or a map is empty, `{}` for an array is empty, and
//!   `""` for an object is absent.
//!
//! A value that still does not fit (a date that does not parse, an integer
//! out of range, an object where a number belongs) degrades that field
//! only: the field is `None` (or its type's empty value when required), its
//! raw JSON is kept in the object's `extra` map (for optional fields) and in
//! the report, and the rest of the response decodes. Members the spec does
//! not name go to `extra` as sent, so a value decoded and encoded again
//! keeps them.
//!
//! Every such event is a [`Deviation`] with the path of the member
//! (`items[3].balance`). [`decode_slice`] returns them beside the value;
//! responses carry them ([`crate::support::ResponseValue::deviations`]); each
//! coercion and degradation is also logged as a `tracing` warning. In strict
//! mode ([`crate::ClientBuilder::strict`]) any deviation, an unknown member
//! included, fails the call with an error naming every path.
//!
//! The deviations of one decode are collected in a thread-local list: the
//! decode is synchronous, and a list on the side keeps the types free of
//! bookkeeping fields.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// What a decode made of one value.
#[doc(hidden)]
#[derive(Debug)]
pub enum Got<T> {
    /// The value fits its type as documented.
    Fit(T),
    /// The value fits after a tolerance rule, named by the text.
    Coerced(T, &'static str),
    /// The value stands for an absent one (`""` for an object), by the rule named.
    Absent(&'static str),
    /// The value does not fit; here it is as sent.
    Misfit(Value),
}

impl<T> Got<T> {
    /// The same outcome for a value wrapped by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Got<U> {
        match self {
            Got::Fit(v) => Got::Fit(f(v)),
            Got::Coerced(v, rule) => Got::Coerced(f(v), rule),
            Got::Absent(rule) => Got::Absent(rule),
            Got::Misfit(raw) => Got::Misfit(raw),
        }
    }
}

/// [`Tolerant::decode`] for a string enum made from its text by `from`:
/// numbers and booleans are taken as their JSON text.
#[doc(hidden)]
pub fn text<'de, T, D: Deserializer<'de>>(d: D, from: fn(&str) -> T) -> Result<Got<T>, D::Error> {
    struct V<T>(fn(&str) -> T);
    impl<'de, T> Visitor<'de> for V<T> {
        type Value = Got<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Got<T>, E> {
            Ok(Got::Fit((self.0)(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Got<T>, E> {
            Ok(Got::Coerced(
                (self.0)(&v.to_string()),
                "a number for a string",
            ))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Got<T>, E> {
            Ok(Got::Coerced(
                (self.0)(&v.to_string()),
                "a number for a string",
            ))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Got<T>, E> {
            Ok(Got::Coerced(
                (self.0)(&v.to_string()),
                "a boolean for a string",
            ))
        }
        leaf_misfits!(f64 unit seq map);
    }
    d.deserialize_str(V(from))
}

/// A type that decodes by the tolerance rules; implemented by every
/// generated type and by the types the generated ones are made of.
pub trait Tolerant: Sized {
    /// What a value of this type is, for reports ("an integer").
    const EXPECTED: &'static str;
    /// Whether values of this type contain members or items, whose
    /// deviations need the path of the value in front of their own.
    #[doc(hidden)]
    const NESTED: bool = false;

    /// Decodes one value by the rules of this type.
    #[doc(hidden)]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error>;

    /// [`Tolerant::decode`] into `slot`, which is `None`: a value that fits
    /// (or fits by a rule) is written there, and `got` (which starts as
    /// `Got::Fit(())`) is set to the outcome when it is anything else.
    /// Objects and options write in place instead of moving the value
    /// through each layer's [`Got`], and the fitting case returns no more
    /// than serde's own `Result<(), Error>`: most of what a large nested
    /// object cost beyond serde's decode.
    #[doc(hidden)]
    #[inline]
    fn decode_into<'de, D: Deserializer<'de>>(
        d: D,
        slot: &mut Option<Self>,
        got: &mut Got<()>,
    ) -> Result<(), D::Error> {
        match Self::decode(d)? {
            Got::Fit(v) => *slot = Some(v),
            Got::Coerced(v, rule) => {
                *slot = Some(v);
                *got = Got::Coerced((), rule);
            }
            Got::Absent(rule) => *got = Got::Absent(rule),
            Got::Misfit(raw) => *got = Got::Misfit(raw),
        }
        Ok(())
    }

    /// The value a required member takes when it is missing or does not
    /// fit; `None` for types that have none (a union of shapes), whose
    /// misfit then fails the decode.
    #[doc(hidden)]
    fn fallback() -> Option<Self>;

    /// The value of an absent member, for types that have one (`None`).
    #[doc(hidden)]
    fn when_absent() -> Option<Self> {
        None
    }

    /// The raw JSON itself as a value, for types that hold any JSON.
    #[doc(hidden)]
    fn from_raw(_raw: Value) -> Option<Self> {
        None
    }
}

// ---------------------------------------------------------------------------
// Deviations.

/// How a member differed from the spec.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum DeviationKind {
    /// A member the spec does not name; it is kept in the object's `extra` map.
    Unknown,
    /// A value accepted by a tolerance rule; the text names the rule.
    Coerced(&'static str),
    /// A value that did not fit: the field holds its empty value and the raw
    /// JSON is kept in [`Deviation::raw`].
    Degraded {
        /// What the spec documents for the member.
        expected: &'static str,
    },
    /// A required member the server did not send.
    Missing,
    /// A member sent more than once (under the same name or another
    /// spelling of it): the first value is in the field, the later one in
    /// the object's `extra` map under the name it was sent with (and in
    /// [`Deviation::raw`]).
    Repeated,
}

/// One member of a response that did not match the spec exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Deviation {
    path: String,
    kind: DeviationKind,
    raw: Option<Value>,
}

impl Deviation {
    /// Where the member is, such as `items[3].balance` (empty for the whole body).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What happened to it.
    pub fn kind(&self) -> &DeviationKind {
        &self.kind
    }

    /// The member as the server sent it, for a degraded value.
    pub fn raw(&self) -> Option<&Value> {
        self.raw.as_ref()
    }

    /// Whether the value was lost from its field (degraded or missing), as
    /// opposed to kept by a rule or in `extra`.
    pub fn is_degraded(&self) -> bool {
        matches!(
            self.kind,
            DeviationKind::Degraded { .. } | DeviationKind::Missing
        )
    }
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(body)"
        } else {
            &self.path
        };
        match &self.kind {
            DeviationKind::Unknown => write!(f, "{path}: a member the spec does not name"),
            DeviationKind::Coerced(rule) => write!(f, "{path}: accepted {rule}"),
            DeviationKind::Degraded { expected } => {
                write!(f, "{path}: expected {expected}, got ")?;
                match &self.raw {
                    Some(raw) => write!(f, "{}", brief(raw)),
                    None => f.write_str("something else"),
                }
            }
            DeviationKind::Missing => write!(f, "{path}: a required member is missing"),
            DeviationKind::Repeated => write!(f, "{path}: sent more than once; the first is kept"),
        }
    }
}

/// A short rendering of a raw value for messages.
fn brief(raw: &Value) -> String {
    let text = raw.to_string();
    if text.len() <= 60 {
        return text;
    }
    let mut end = 57;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

/// One segment of a path, innermost first while a decode runs.
enum Segment {
    Key(&'static str),
    Name(String),
    Index(usize),
}

struct Entry {
    /// Innermost segment first: parents add theirs at the end.
    reversed: Vec<Segment>,
    kind: DeviationKind,
    raw: Option<Value>,
}

impl Entry {
    fn finish(self) -> Deviation {
        let mut path = String::new();
        for segment in self.reversed.iter().rev() {
            match segment {
                Segment::Key(k) => push_key(&mut path, k),
                Segment::Name(k) => push_key(&mut path, k),
                Segment::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
            }
        }
        Deviation {
            path,
            kind: self.kind,
            raw: self.raw,
        }
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

struct Log {
    /// Open scopes; deviations are only kept while one is open.
    depth: usize,
    /// Whether the innermost scope keeps unknown members too (strict mode).
    all: bool,
    entries: Vec<Entry>,
}

thread_local! {
    static LOG: RefCell<Log> = const {
        RefCell::new(Log { depth: 0, all: false, entries: Vec::new() })
    };
}

fn mark() -> usize {
    LOG.with_borrow(|l| l.entries.len())
}

fn prefix(mark: usize, segment: impl Fn() -> Segment) {
    LOG.with_borrow_mut(|l| {
        for e in l.entries.iter_mut().skip(mark) {
            e.reversed.push(segment());
        }
    });
}

fn record(segment: Segment, kind: DeviationKind, raw: Option<Value>) {
    LOG.with_borrow_mut(|l| {
        if l.depth == 0 || (kind == DeviationKind::Unknown && !l.all) {
            return;
        }
        l.entries.push(Entry {
            reversed: vec![segment],
            kind,
            raw,
        });
    });
}

/// A decode in progress: deviations recorded while it is open are its own.
struct Scope {
    mark: usize,
    all: bool,
    done: bool,
}

impl Scope {
    fn open(all: bool) -> Self {
        LOG.with_borrow_mut(|l| {
            l.depth += 1;
            let outer = l.all;
            l.all = all;
            Scope {
                mark: l.entries.len(),
                all: outer,
                done: false,
            }
        })
    }

    fn close(mut self) -> Vec<Deviation> {
        self.done = true;
        let entries = LOG.with_borrow_mut(|l| {
            l.depth -= 1;
            l.all = self.all;
            l.entries.split_off(self.mark)
        });
        entries.into_iter().map(Entry::finish).collect()
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        if !self.done {
            LOG.with_borrow_mut(|l| {
                l.depth -= 1;
                l.all = self.all;
                l.entries.truncate(self.mark);
            });
        }
    }
}

/// Logs each coercion and degradation as a `tracing` warning.
pub(crate) fn warn(deviations: &[Deviation], operation: &str) {
    for d in deviations {
        if d.kind != DeviationKind::Unknown {
            tracing::warn!(
                operation,
                path = d.path(),
                "response deviates from the spec: {d}"
            );
        }
    }
}

/// How the runtime wants a response decoded, attached to the response.
#[derive(Clone, Debug)]
pub(crate) struct Decoding {
    pub(crate) strict: bool,
    pub(crate) operation: &'static str,
}

/// Scrubs the client's secrets from the raw values `deviations` keep.
pub(crate) fn scrub(deviations: &mut [Deviation], redactor: &crate::redact::Redactor) {
    for raw in deviations.iter_mut().filter_map(|d| d.raw.as_mut()) {
        redactor.redact_json(raw);
    }
}

/// A value decoded by the tolerance rules, with what deviated from the spec.
#[derive(Debug)]
pub struct Decoded<T> {
    /// The value.
    pub value: T,
    /// Every deviation, in the order of the body.
    pub deviations: Vec<Deviation>,
}

/// Decodes a JSON body by the tolerance rules.
///
/// With `strict` set, unknown members are reported too, and any deviation
/// is an error naming each path. Without it, only a body whose top level
/// does not fit (an array where an object belongs) or that is not JSON at
/// all fails.
pub fn decode_slice<T: Tolerant>(
    body: &[u8],
    strict: bool,
) -> Result<Decoded<T>, serde_json::Error> {
    decode_with(body, strict, strict)
}

/// [`decode_slice`] that lists unknown members among the deviations too
/// and never fails for a deviation: what strict mode would reject, without
/// rejecting it (for tests and tools that compare servers with the spec).
pub fn audit<T: Tolerant>(body: &[u8]) -> Result<Decoded<T>, serde_json::Error> {
    decode_with(body, true, false)
}

fn decode_with<T: Tolerant>(
    body: &[u8],
    all: bool,
    fail: bool,
) -> Result<Decoded<T>, serde_json::Error> {
    scoped_with(all, fail, || {
        let mut de = serde_json::Deserializer::from_slice(body);
        let value = root::<T, _>(&mut de)?;
        de.end()?;
        Ok(value)
    })
}

/// Runs the decode `f` in a scope of its own and returns its deviations
/// with the value (an error in strict mode when there are any).
pub(crate) fn scoped<T>(
    strict: bool,
    f: impl FnOnce() -> Result<T, serde_json::Error>,
) -> Result<Decoded<T>, serde_json::Error> {
    scoped_with(strict, strict, f)
}

/// [`scoped`] with unknown members listed when `all`, and failing on a
/// deviation when `fail`.
fn scoped_with<T>(
    all: bool,
    fail: bool,
    f: impl FnOnce() -> Result<T, serde_json::Error>,
) -> Result<Decoded<T>, serde_json::Error> {
    let scope = Scope::open(all);
    let value = f();
    let deviations = scope.close();
    let value = value?;
    if fail && !deviations.is_empty() {
        return Err(strict_error(&deviations));
    }
    Ok(Decoded { value, deviations })
}

/// The error of strict mode: every deviation, by path.
pub(crate) fn strict_error(deviations: &[Deviation]) -> serde_json::Error {
    let list: Vec<String> = deviations.iter().map(ToString::to_string).collect();
    de::Error::custom(format!(
        "strict mode: the response deviates from the spec: {}",
        list.join("; ")
    ))
}

/// Decodes a top-level value: a misfit at the top has no field to degrade.
fn root<'de, T: Tolerant, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    match T::decode(d)? {
        Got::Fit(v) => Ok(v),
        Got::Coerced(v, rule) => {
            record(
                Segment::Name(String::new()),
                DeviationKind::Coerced(rule),
                None,
            );
            Ok(v)
        }
        Got::Absent(rule) => {
            record(
                Segment::Name(String::new()),
                DeviationKind::Coerced(rule),
                None,
            );
            T::when_absent()
                .or_else(T::fallback)
                .ok_or_else(|| de::Error::custom(format!("expected {}, got nothing", T::EXPECTED)))
        }
        Got::Misfit(raw) => Err(de::Error::custom(format!(
            "expected {} at the top of the body, got {}",
            T::EXPECTED,
            brief(&raw)
        ))),
    }
}

/// `Deserialize` for generated objects: the tolerant decode, with its own
/// scope when none is open (a caller using `serde_json` directly), whose
/// deviations become `tracing` warnings.
#[doc(hidden)]
pub fn deserialize<'de, T: Tolerant, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    if LOG.with_borrow(|l| l.depth) > 0 {
        return root(d);
    }
    let scope = Scope::open(false);
    let value = root(d);
    let deviations = scope.close();
    warn(&deviations, std::any::type_name::<T>());
    value
}

// ---------------------------------------------------------------------------
// Objects: the helpers generated `Deserialize` impls call.

/// A generated object: its members, decoded from a map.
#[doc(hidden)]
pub trait Object: Sized {
    /// Decodes the members of `map`.
    fn members<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// [`Tolerant::decode`] for a generated object.
#[doc(hidden)]
#[inline(always)]
pub fn object<'de, T: Object, D: Deserializer<'de>>(d: D) -> Result<Got<T>, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<'de, T: Object> Visitor<'de> for V<T> {
        type Value = Got<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Got<T>, A::Error> {
            T::members(map).map(Got::Fit)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Got<T>, A::Error> {
            empty_object(seq)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Got<T>, E> {
            Ok(Got::Absent("null for an object"))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Got<T>, E> {
            Ok(absent_object(v))
        }
        leaf_misfits!(bool i64 u64 f64);
    }
    d.deserialize_any(V(PhantomData))
}

/// [`Tolerant::decode_into`] for a generated object: its members are
/// decoded straight into `slot`.
#[doc(hidden)]
#[inline(always)]
pub fn object_into<'de, T: Object, D: Deserializer<'de>>(
    d: D,
    slot: &mut Option<T>,
    got: &mut Got<()>,
) -> Result<(), D::Error> {
    struct V<'a, T>(&'a mut Option<T>, &'a mut Got<()>);
    impl<'de, T: Object> Visitor<'de> for V<'_, T> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        #[inline]
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
            *self.0 = Some(T::members(map)?);
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
            match empty_object::<T, A>(seq)? {
                Got::Coerced(v, rule) => {
                    *self.0 = Some(v);
                    *self.1 = Got::Coerced((), rule);
                }
                other => *self.1 = other.map(drop),
            }
            Ok(())
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            *self.1 = Got::Absent("null for an object");
            Ok(())
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
            *self.1 = absent_object(v);
            Ok(())
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
            self.misfit(Value::Bool(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
            self.misfit(Value::from(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
            self.misfit(Value::from(v))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
            self.misfit(Value::from(v))
        }
    }
    impl<T> V<'_, T> {
        /// A scalar where the object belongs, kept as sent.
        fn misfit<E>(self, raw: Value) -> Result<(), E> {
            *self.1 = Got::Misfit(raw);
            Ok(())
        }
    }
    d.deserialize_any(V(slot, got))
}

/// `[]` for an object: its members, none of them set, when the array is
/// empty; a misfit otherwise.
fn empty_object<'de, T: Object, A: SeqAccess<'de>>(seq: A) -> Result<Got<T>, A::Error> {
    let raw = capture_seq(seq)?;
    if raw.as_array().is_some_and(Vec::is_empty) {
        let empty =
            de::value::MapDeserializer::<_, A::Error>::new(std::iter::empty::<(String, ())>());
        return T::members(empty).map(|v| Got::Coerced(v, "[] for an empty object"));
    }
    Ok(Got::Misfit(raw))
}

/// A string for an object: `""` stands for an absent one.
fn absent_object<T>(v: &str) -> Got<T> {
    if v.is_empty() {
        return Got::Absent("\"\" for an absent object");
    }
    Got::Misfit(Value::String(v.to_owned()))
}

/// A member name as sent: borrowed from the body where it can be.
#[doc(hidden)]
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the body.
    Borrowed(&'de str),
    /// Copied (the name had escapes, or the body is read from a stream).
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(k) => k,
            Key::Owned(k) => k,
        }
    }

    /// The name as an owned string.
    pub fn into_owned(self) -> String {
        match self {
            Key::Borrowed(k) => k.to_owned(),
            Key::Owned(k) => k,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// Where an object keeps the members the spec does not name.
#[doc(hidden)]
pub trait Extra: Default {
    /// Decodes the value of the unknown member `key` and keeps it.
    fn unknown<'de, A: MapAccess<'de>>(&mut self, map: &mut A, key: String)
    -> Result<(), A::Error>;
    /// Keeps the raw value of a known member that did not fit; false when
    /// this map cannot hold it.
    fn keep(&mut self, key: &str, raw: Value) -> bool;
}

impl<T: Tolerant> Extra for BTreeMap<String, T> {
    fn unknown<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: String,
    ) -> Result<(), A::Error> {
        let got = map.next_value_seed(Seed::<T>(PhantomData))?;
        record(Segment::Name(key.clone()), DeviationKind::Unknown, None);
        if let Some(v) = settle(got, || Segment::Name(key.clone())) {
            self.insert(key, v);
        }
        Ok(())
    }
    fn keep(&mut self, key: &str, raw: Value) -> bool {
        match T::from_raw(raw) {
            Some(v) => {
                self.insert(key.to_owned(), v);
                true
            }
            None => false,
        }
    }
}

impl Extra for serde_json::Map<String, Value> {
    fn unknown<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: String,
    ) -> Result<(), A::Error> {
        let value: Value = map.next_value()?;
        record(Segment::Name(key.clone()), DeviationKind::Unknown, None);
        self.insert(key, value);
        Ok(())
    }
    fn keep(&mut self, key: &str, raw: Value) -> bool {
        self.insert(key.to_owned(), raw);
        true
    }
}

/// For objects whose schema closes them to other members: an unknown
/// member is reported with its raw value instead of kept in the object.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct NoExtra;

impl Extra for NoExtra {
    fn unknown<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: String,
    ) -> Result<(), A::Error> {
        let raw: Value = map.next_value()?;
        record(
            Segment::Name(key),
            DeviationKind::Degraded {
                expected: "no such member (the object is closed)",
            },
            Some(raw),
        );
        Ok(())
    }
    fn keep(&mut self, _key: &str, _raw: Value) -> bool {
        false
    }
}

/// Records what `got` needs and returns the value to store, if any.
#[inline(always)]
fn settle<T: Tolerant>(got: Got<T>, at: impl Fn() -> Segment) -> Option<T> {
    match got {
        Got::Fit(v) => Some(v),
        Got::Coerced(v, rule) => {
            record(at(), DeviationKind::Coerced(rule), None);
            Some(v)
        }
        Got::Absent(rule) => {
            record(at(), DeviationKind::Coerced(rule), None);
            T::when_absent()
        }
        Got::Misfit(raw) => {
            record(
                at(),
                DeviationKind::Degraded {
                    expected: T::EXPECTED,
                },
                Some(raw),
            );
            None
        }
    }
}

/// Decodes the value of the known member `name` into `slot`.
///
/// Only the common case, a value that fits, is inlined into the generated
/// `members`; everything else is out of line, so each of an object's
/// members costs a few instructions beyond serde's own.
#[doc(hidden)]
#[inline(always)]
pub fn member<'de, T: Tolerant, A: MapAccess<'de>, X: Extra>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    sent: &str,
    extra: &mut X,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return repeated(map, name, sent, extra);
    }
    let mark = T::NESTED.then(mark);
    let mut got = Got::Fit(());
    map.next_value_seed(IntoSlot(slot, &mut got))?;
    if let Some(mark) = mark {
        prefix(mark, || Segment::Key(name));
    }
    match got {
        Got::Fit(()) => Ok(()),
        got => deviating(got, slot, name, extra),
    }
}

/// A member sent again: the field keeps the first value; the later one is
/// kept as sent.
#[cold]
#[inline(never)]
fn repeated<'de, A: MapAccess<'de>, X: Extra>(
    map: &mut A,
    name: &'static str,
    sent: &str,
    extra: &mut X,
) -> Result<(), A::Error> {
    let raw: Value = map.next_value()?;
    extra.keep(sent, raw.clone());
    record(Segment::Key(name), DeviationKind::Repeated, Some(raw));
    Ok(())
}

/// [`member`] for a value that did not fit as documented (a value that fit
/// by a rule is already in `slot`).
#[cold]
#[inline(never)]
fn deviating<T: Tolerant, E: de::Error, X: Extra>(
    got: Got<()>,
    slot: &mut Option<T>,
    name: &'static str,
    extra: &mut X,
) -> Result<(), E> {
    let value = match got {
        Got::Fit(()) => return Ok(()),
        Got::Coerced((), rule) => {
            record(Segment::Key(name), DeviationKind::Coerced(rule), None);
            return Ok(());
        }
        Got::Misfit(raw) => {
            // An optional member's raw value goes to `extra`, so encoding
            // the value again sends it back; a required member's cannot
            // (the field is encoded too), so it lives in the report only.
            let absent = T::when_absent();
            if absent.is_some() {
                extra.keep(name, raw.clone());
            }
            let shown = brief(&raw);
            record(
                Segment::Key(name),
                DeviationKind::Degraded {
                    expected: T::EXPECTED,
                },
                Some(raw),
            );
            absent.or_else(T::fallback).ok_or_else(|| {
                de::Error::custom(format!("{name}: expected {}, got {shown}", T::EXPECTED))
            })?
        }
        Got::Absent(rule) => {
            record(Segment::Key(name), DeviationKind::Coerced(rule), None);
            T::when_absent()
                .or_else(T::fallback)
                .ok_or_else(|| de::Error::custom(format!("{name}: expected {}", T::EXPECTED)))?
        }
    };
    *slot = Some(value);
    Ok(())
}

/// Keeps an unknown member.
#[doc(hidden)]
#[inline(always)]
pub fn unknown<'de, A: MapAccess<'de>, X: Extra>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut X,
) -> Result<(), A::Error> {
    extra.unknown(map, key.into_owned())
}

/// The value of the required member `name` once the object is read.
#[doc(hidden)]
#[inline(always)]
pub fn required<T: Tolerant, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    if let Some(v) = slot.or_else(T::when_absent) {
        return Ok(v);
    }
    record(Segment::Key(name), DeviationKind::Missing, None);
    T::fallback().ok_or_else(|| E::custom(format!("missing required member `{name}`")))
}

/// The `fallback` of a type that has none.
#[doc(hidden)]
pub fn no_fallback<T>() -> Option<T> {
    None
}

/// [`Tolerant::decode`] for a type decoded whole by its own `Deserialize`
/// (a union of shapes): the value is read as JSON, then converted; a value
/// no shape takes is a misfit, kept as sent.
#[doc(hidden)]
pub fn decode_whole<'de, T: de::DeserializeOwned, D: Deserializer<'de>>(
    d: D,
) -> Result<Got<T>, D::Error> {
    let raw: Value = de::Deserialize::deserialize(d)?;
    Ok(match T::deserialize(&raw) {
        Ok(v) => Got::Fit(v),
        Err(_) => Got::Misfit(raw),
    })
}

/// Decodes one value of type `T` by its rules.
struct Seed<T>(PhantomData<T>);

impl<'de, T: Tolerant> DeserializeSeed<'de> for Seed<T> {
    type Value = Got<T>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Got<T>, D::Error> {
        T::decode(d)
    }
}

/// Decodes one value of type `T` by its rules into the slot it holds.
struct IntoSlot<'a, T>(&'a mut Option<T>, &'a mut Got<()>);

impl<'de, T: Tolerant> DeserializeSeed<'de> for IntoSlot<'_, T> {
    type Value = ();
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        T::decode_into(d, self.0, self.1)
    }
}

fn capture_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Value, A::Error> {
    de::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))
}

fn capture_map<'de, A: MapAccess<'de>>(map: A) -> Result<Value, A::Error> {
    de::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))
}

/// Visitor methods that keep a scalar of the wrong kind as a misfit.
macro_rules! leaf_misfits {
    ($($kind:ident)*) => { $( leaf_misfits!(@ $kind); )* };
    (@ bool) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Got::Misfit(Value::Bool(v)))
        }
    };
    (@ i64) => {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Got::Misfit(Value::from(v)))
        }
    };
    (@ u64) => {
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Got::Misfit(Value::from(v)))
        }
    };
    (@ f64) => {
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Got::Misfit(Value::from(v)))
        }
    };
    (@ str) => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Got::Misfit(Value::String(v.to_owned())))
        }
    };
    (@ unit) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Got::Misfit(Value::Null))
        }
    };
    (@ seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            capture_seq(seq).map(Got::Misfit)
        }
    };
    (@ map) => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            capture_map(map).map(Got::Misfit)
        }
    };
}
use leaf_misfits;

// ---------------------------------------------------------------------------
// Scalars.

macro_rules! integers {
    ($($t:ty)*) => {$(
        impl Tolerant for $t {
            const EXPECTED: &'static str = concat!("an integer (", stringify!($t), ")");
            #[inline]
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Got<$t>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an integer")
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Got<$t>, E> {
                        Ok(<$t>::try_from(v).map_or(Got::Misfit(Value::from(v)), Got::Fit))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Got<$t>, E> {
                        Ok(<$t>::try_from(v).map_or(Got::Misfit(Value::from(v)), Got::Fit))
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Got<$t>, E> {
                        Ok(whole::<$t>(v)
                            .map_or(Got::Misfit(Value::from(v)), |n| Got::Coerced(n, "a whole float for an integer")))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Got<$t>, E> {
                        let t = v.trim();
                        if t.is_empty() {
                            return Ok(Got::Absent("\"\" for an absent number"));
                        }
                        let n = t.parse::<$t>().ok().or_else(|| t.parse::<f64>().ok().and_then(whole::<$t>));
                        Ok(n.map_or(Got::Misfit(Value::String(v.to_owned())), |n| {
                            Got::Coerced(n, "a numeric string for an integer")
                        }))
                    }
                    leaf_misfits!(bool unit seq map);
                }
                d.deserialize_any(V)
            }
            fn fallback() -> Option<Self> {
                Some(0)
            }
        }
    )*};
}

integers!(i8 i16 i32 i64 u8 u16 u32 u64);

/// `v` as an integer of type `T` when it has no fraction and is in range.
fn whole<T: TryFrom<i64>>(v: f64) -> Option<T> {
    // The range check keeps the `as` conversion exact.
    if v.fract() != 0.0 || !(-9.2e18..9.2e18).contains(&v) {
        return None;
    }
    T::try_from(v as i64).ok()
}

macro_rules! floats {
    ($($t:ty)*) => {$(
        impl Tolerant for $t {
            const EXPECTED: &'static str = "a number";
            #[inline]
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Got<$t>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a number")
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Got<$t>, E> {
                        Ok(Got::Fit(v as $t))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Got<$t>, E> {
                        Ok(Got::Fit(v as $t))
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Got<$t>, E> {
                        Ok(Got::Fit(v as $t))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Got<$t>, E> {
                        let t = v.trim();
                        if t.is_empty() {
                            return Ok(Got::Absent("\"\" for an absent number"));
                        }
                        Ok(match t.parse::<$t>() {
                            Ok(n) if n.is_finite() => Got::Coerced(n, "a numeric string for a number"),
                            _ => Got::Misfit(Value::String(v.to_owned())),
                        })
                    }
                    leaf_misfits!(bool unit seq map);
                }
                d.deserialize_any(V)
            }
            fn fallback() -> Option<Self> {
                Some(0.0)
            }
        }
    )*};
}

floats!(f32 f64);

impl Tolerant for bool {
    const EXPECTED: &'static str = "a boolean";
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Got<bool>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Got<bool>, E> {
                Ok(Got::Fit(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Got<bool>, E> {
                Ok(match v {
                    0 | 1 => Got::Coerced(v == 1, "0 or 1 for a boolean"),
                    _ => Got::Misfit(Value::from(v)),
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Got<bool>, E> {
                Ok(match v {
                    0 | 1 => Got::Coerced(v == 1, "0 or 1 for a boolean"),
                    _ => Got::Misfit(Value::from(v)),
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Got<bool>, E> {
                Ok(match v.trim() {
                    "true" | "1" => Got::Coerced(true, "a boolean as text"),
                    "false" | "0" => Got::Coerced(false, "a boolean as text"),
                    "" => Got::Absent("\"\" for an absent boolean"),
                    _ => Got::Misfit(Value::String(v.to_owned())),
                })
            }
            leaf_misfits!(f64 unit seq map);
        }
        d.deserialize_any(V)
    }
    fn fallback() -> Option<Self> {
        Some(false)
    }
}

impl Tolerant for String {
    const EXPECTED: &'static str = "a string";
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Got<String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Got<String>, E> {
                Ok(Got::Fit(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Got<String>, E> {
                Ok(Got::Fit(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Got<String>, E> {
                Ok(Got::Coerced(v.to_string(), "a number for a string"))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Got<String>, E> {
                Ok(Got::Coerced(v.to_string(), "a number for a string"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Got<String>, E> {
                Ok(Got::Coerced(
                    Value::from(v).to_string(),
                    "a number for a string",
                ))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Got<String>, E> {
                Ok(Got::Coerced(v.to_string(), "a boolean for a string"))
            }
            leaf_misfits!(unit seq map);
        }
        d.deserialize_string(V)
    }
    fn fallback() -> Option<Self> {
        Some(String::new())
    }
}

impl Tolerant for Value {
    const EXPECTED: &'static str = "any JSON value";
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
        de::Deserialize::deserialize(d).map(Got::Fit)
    }
    fn fallback() -> Option<Self> {
        Some(Value::Null)
    }
    fn from_raw(raw: Value) -> Option<Self> {
        Some(raw)
    }
}

impl Tolerant for serde_json::Map<String, Value> {
    const EXPECTED: &'static str = "an object";
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
        Ok(match de::Deserialize::deserialize(d)? {
            Value::Object(map) => Got::Fit(map),
            Value::Array(a) if a.is_empty() => {
                Got::Coerced(Default::default(), "[] for an empty object")
            }
            Value::Null => Got::Coerced(Default::default(), "null for an object"),
            other => Got::Misfit(other),
        })
    }
    fn fallback() -> Option<Self> {
        Some(Self::new())
    }
}

/// Date-times and dates keep their text when it does not parse: the
/// member degrades and its text is kept with it.
macro_rules! parsed {
    ($t:ty, $what:literal, $parse:expr) => {
        impl Tolerant for $t {
            const EXPECTED: &'static str = $what;
            #[inline]
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Got<$t>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Got<$t>, E> {
                        let parse: fn(&str) -> Option<$t> = $parse;
                        Ok(match parse(v) {
                            Some(t) => Got::Fit(t),
                            None if v.is_empty() => Got::Absent("\"\" for an absent date"),
                            None => Got::Misfit(Value::String(v.to_owned())),
                        })
                    }
                    leaf_misfits!(bool i64 u64 f64 unit seq map);
                }
                d.deserialize_str(V)
            }
            fn fallback() -> Option<Self> {
                Some(Default::default())
            }
        }
    };
}

parsed!(
    chrono::DateTime<chrono::Utc>,
    "an RFC 3339 date-time",
    |v| chrono::DateTime::parse_from_rfc3339(v)
        .ok()
        .map(|t| t.to_utc())
);
parsed!(
    chrono::DateTime<chrono::FixedOffset>,
    "an RFC 3339 date-time",
    |v| chrono::DateTime::parse_from_rfc3339(v).ok()
);
parsed!(chrono::NaiveDate, "a date (YYYY-MM-DD)", |v| v.parse().ok());

// ---------------------------------------------------------------------------
// Containers.

impl<T: Tolerant> Tolerant for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    const NESTED: bool = T::NESTED;
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Tolerant> Visitor<'de> for V<T> {
            type Value = Got<Option<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(T::EXPECTED)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Got::Fit(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Got::Fit(None))
            }
            #[inline]
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                Ok(match T::decode(d)? {
                    Got::Fit(v) => Got::Fit(Some(v)),
                    Got::Coerced(v, rule) => Got::Coerced(Some(v), rule),
                    Got::Absent(rule) => Got::Coerced(None, rule),
                    Got::Misfit(raw) => Got::Misfit(raw),
                })
            }
        }
        d.deserialize_option(V(PhantomData))
    }
    #[inline]
    fn decode_into<'de, D: Deserializer<'de>>(
        d: D,
        slot: &mut Option<Self>,
        got: &mut Got<()>,
    ) -> Result<(), D::Error> {
        struct V<'a, T>(&'a mut Option<Option<T>>, &'a mut Got<()>);
        impl<'de, T: Tolerant> Visitor<'de> for V<'_, T> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(T::EXPECTED)
            }
            fn visit_none<E: de::Error>(self) -> Result<(), E> {
                *self.0 = Some(None);
                Ok(())
            }
            fn visit_unit<E: de::Error>(self) -> Result<(), E> {
                self.visit_none()
            }
            #[inline]
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                T::decode_into(d, self.0.insert(None), self.1)?;
                match self.1 {
                    Got::Fit(()) | Got::Coerced((), _) => {}
                    // The member is there and stands for none: `Some(None)`.
                    &mut Got::Absent(rule) => *self.1 = Got::Coerced((), rule),
                    Got::Misfit(_) => *self.0 = None,
                }
                Ok(())
            }
        }
        d.deserialize_option(V(slot, got))
    }
    fn fallback() -> Option<Self> {
        Some(None)
    }
    fn when_absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: Tolerant> Tolerant for Box<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    const NESTED: bool = T::NESTED;
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
        Ok(match T::decode(d)? {
            Got::Fit(v) => Got::Fit(Box::new(v)),
            Got::Coerced(v, rule) => Got::Coerced(Box::new(v), rule),
            Got::Absent(rule) => Got::Absent(rule),
            Got::Misfit(raw) => Got::Misfit(raw),
        })
    }
    fn fallback() -> Option<Self> {
        T::fallback().map(Box::new)
    }
    fn when_absent() -> Option<Self> {
        T::when_absent().map(Box::new)
    }
}

impl<T: Tolerant> Tolerant for Vec<T> {
    const EXPECTED: &'static str = "an array";
    const NESTED: bool = true;
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Tolerant> Visitor<'de> for V<T> {
            type Value = Got<Vec<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                let mut i = 0;
                loop {
                    let mark = T::NESTED.then(mark);
                    let Some(got) = seq.next_element_seed(Seed::<T>(PhantomData))? else {
                        break;
                    };
                    if let Some(mark) = mark {
                        prefix(mark, || Segment::Index(i));
                    }
                    // An item that does not fit is left out; its raw value is in the report.
                    match got {
                        Got::Fit(v) => out.push(v),
                        got => {
                            if let Some(v) = settle(got, || Segment::Index(i)) {
                                out.push(v);
                            }
                        }
                    }
                    i += 1;
                }
                Ok(Got::Fit(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Got::Coerced(Vec::new(), "null for an array"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let raw = capture_map(map)?;
                if raw.as_object().is_some_and(serde_json::Map::is_empty) {
                    return Ok(Got::Coerced(Vec::new(), "{} for an empty array"));
                }
                Ok(Got::Misfit(raw))
            }
            leaf_misfits!(bool i64 u64 f64 str);
        }
        d.deserialize_any(V(PhantomData))
    }
    fn fallback() -> Option<Self> {
        Some(Vec::new())
    }
}

impl<T: Tolerant> Tolerant for BTreeMap<String, T> {
    const EXPECTED: &'static str = "an object";
    const NESTED: bool = true;
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Tolerant> Visitor<'de> for V<T> {
            type Value = Got<BTreeMap<String, T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let mark = T::NESTED.then(mark);
                    let got = map.next_value_seed(Seed::<T>(PhantomData))?;
                    if let Some(mark) = mark {
                        prefix(mark, || Segment::Name(key.clone()));
                    }
                    if let Some(v) = settle(got, || Segment::Name(key.clone())) {
                        out.insert(key, v);
                    }
                }
                Ok(Got::Fit(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Got::Coerced(BTreeMap::new(), "null for a map"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let raw = capture_seq(seq)?;
                if raw.as_array().is_some_and(Vec::is_empty) {
                    return Ok(Got::Coerced(BTreeMap::new(), "[] for an empty map"));
                }
                Ok(Got::Misfit(raw))
            }
            leaf_misfits!(bool i64 u64 f64 str);
        }
        d.deserialize_any(V(PhantomData))
    }
    fn fallback() -> Option<Self> {
        Some(BTreeMap::new())
    }
}

impl Tolerant for () {
    const EXPECTED: &'static str = "null";
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Got<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Got<()>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Got<()>, E> {
                Ok(Got::Fit(()))
            }
            leaf_misfits!(bool i64 u64 f64 str seq map);
        }
        d.deserialize_any(V)
    }
    fn fallback() -> Option<Self> {
        Some(())
    }
}
