//! The app's one `serde::Deserializer`: any type out of a read YAML tree.
//!
//! Scalars are resolved as `serde_yaml_ng` resolves them (YAML 1.2 core schema; a
//! string field takes any scalar as written, a number field only a plain number), so
//! every message keeps serde's wording. On the way it keeps the field path, places
//! every error at its path and node, and notes each field a type ignores (strict
//! field validation) with the field names the type does know there. Every generic
//! method stays a thin shell over plain functions: the code serde generates per
//! decoded type is as small as it can be.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Expected, Unexpected, Visitor};

use super::tree::{self, Data, Entry, Mark, NodeId, NodeKind, SyntaxError, Tree};

/// How deep collections may nest while decoding, as `serde_yaml_ng` allows.
const MAX_DEPTH: usize = 128;

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// A mapping key.
    Key(String),
    /// A position in a sequence.
    Index(usize),
}

/// A value that does not fit its type (or a text that is not YAML), in serde's words,
/// with the field path and the place of the node it is about.
///
/// It is one pointer wide: every decoded field passes a `Result` up through
/// serde's generated code, which is smaller (in the wasm too) when the error
/// side costs a word.
#[derive(Debug, Clone, PartialEq)]
pub struct Error(Box<Problem>);

#[derive(Debug, Clone, PartialEq)]
struct Problem {
    message: String,
    /// `None` until the error leaves the node it is about.
    path: Option<Vec<Step>>,
    at: Option<Mark>,
}

impl Error {
    /// What is wrong, without the path or the place.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The field path of the value the error is about (empty for the whole document).
    pub fn path(&self) -> &[Step] {
        self.0.path.as_deref().unwrap_or(&[])
    }

    /// Where the value the error is about starts, in the coordinates the tree was read in.
    pub fn at(&self) -> Option<Mark> {
        self.0.at
    }

    fn new(message: String, path: Option<Vec<Step>>, at: Option<Mark>) -> Error {
        Error(Box::new(Problem { message, path, at }))
    }
}

impl From<SyntaxError> for Error {
    fn from(error: SyntaxError) -> Error {
        Error::new(error.message, Some(Vec::new()), Some(error.at))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for step in self.path() {
            match step {
                Step::Key(key) if first => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        if !first {
            f.write_str(": ")?;
        }
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error::new(message.to_string(), None, None)
    }
}

/// A field the type did not know (it asked to skip the value): its path, and the
/// field names the type reads at that place (empty where it reads a free map).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub path: Vec<Step>,
    pub fields: &'static [&'static str],
}

/// A decoded value and the fields its type ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    pub ignored: Vec<Ignored>,
}

/// Decode the node `node` of `tree` as a `T`.
pub fn decode<T: DeserializeOwned>(tree: &Tree<'_>, node: NodeId) -> Result<Decoded<T>, Error> {
    let cx = Context {
        tree,
        path: RefCell::new(Vec::new()),
        ignored: RefCell::new(Vec::new()),
    };
    let mut result = T::deserialize(Value {
        cx: &cx,
        node,
        fields: &[],
    });
    if let Err(error) = &mut result {
        cx.place(error, node);
    }
    let value = result?;
    Ok(Decoded {
        value,
        ignored: cx.ignored.into_inner(),
    })
}

/// Read a whole YAML text (its first document) as a `T`, ignoring fields `T` does not
/// know unless it refuses them itself.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let tree = tree::parse(text, 0, 1)?;
    match tree.root() {
        Some(root) => decode(&tree, root).map(|decoded| decoded.value),
        None => Err(Error::new(
            "the text holds no YAML document".to_owned(),
            Some(Vec::new()),
            Some(Mark {
                byte: 0,
                line: 1,
                column: 1,
            }),
        )),
    }
}

/// Decode a JSON value as a `T` through the same deserializer as YAML text, with
/// `serde_json`'s strictness: text fields take only JSON strings.
pub fn from_json<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, Error> {
    let tree = Tree::of_json(value);
    let root = tree.root().unwrap_or_default();
    decode(&tree, root).map(|decoded| decoded.value)
}

/// A step of the path being decoded, borrowing its key from the tree.
#[derive(Clone, Copy)]
enum PathStep<'t> {
    Key(&'t str),
    Index(usize),
    /// A key that is not a scalar: no step serde could name.
    Unknown,
}

struct Context<'t, 'a> {
    tree: &'t Tree<'a>,
    path: RefCell<Vec<PathStep<'t>>>,
    ignored: RefCell<Vec<Ignored>>,
}

impl<'t> Context<'t, '_> {
    fn path(&self) -> Vec<Step> {
        self.path
            .borrow()
            .iter()
            .filter_map(|step| match step {
                PathStep::Key(key) => Some(Step::Key((*key).to_owned())),
                PathStep::Index(i) => Some(Step::Index(*i)),
                PathStep::Unknown => None,
            })
            .collect()
    }

    /// Give an error leaving `node` the path and place of `node`, unless a node
    /// deeper down already gave it theirs.
    fn place(&self, error: &mut Error, node: NodeId) {
        if error.0.path.is_none() {
            error.0.path = Some(self.path());
            error.0.at = Some(self.tree.node(node).start);
        }
    }

    fn enter(&self, step: PathStep<'t>) {
        self.path.borrow_mut().push(step);
    }

    fn leave(&self, error: Option<&mut Error>, node: NodeId) {
        if let Some(error) = error {
            self.place(error, node);
        }
        self.path.borrow_mut().pop();
    }

    fn too_deep(&self) -> bool {
        self.path.borrow().len() > MAX_DEPTH
    }
}

/// What a node holds, as serde sees it.
enum Found<'t> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Unsigned128(u128),
    Signed128(i128),
    Float(f64),
    Str(&'t str),
    Map,
    Seq,
}

impl Found<'_> {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Found::Null => Unexpected::Unit,
            Found::Bool(b) => Unexpected::Bool(*b),
            Found::Unsigned(n) => Unexpected::Unsigned(*n),
            Found::Signed(n) => Unexpected::Signed(*n),
            Found::Unsigned128(_) | Found::Signed128(_) => Unexpected::Other("integer"),
            Found::Float(f) => Unexpected::Float(*f),
            Found::Str(s) => Unexpected::Str(s),
            Found::Map => Unexpected::Map,
            Found::Seq => Unexpected::Seq,
        }
    }
}

/// The deserializer of one node.
#[derive(Clone, Copy)]
struct Value<'c, 't, 'a> {
    cx: &'c Context<'t, 'a>,
    node: NodeId,
    /// The fields of the struct this node is a field of, for an ignored field's hints.
    fields: &'static [&'static str],
}

impl<'c, 't, 'a> Value<'c, 't, 'a> {
    fn data(&self) -> (NodeKind, &'t Data<'a>) {
        let node = self.cx.tree.node(self.cx.tree.resolve(self.node));
        (node.kind, &node.data)
    }

    /// The text of a plain scalar that may read as another type (not tagged `!!str`).
    fn plain(&self) -> Option<&'t str> {
        match self.data() {
            (
                NodeKind::Plain,
                Data::Scalar {
                    text,
                    string_tag: false,
                },
            ) => Some(text),
            _ => None,
        }
    }

    fn found(&self) -> Found<'t> {
        match self.data() {
            (_, Data::Mapping(_)) => Found::Map,
            (_, Data::Sequence(_)) => Found::Seq,
            (
                NodeKind::Plain,
                Data::Scalar {
                    text,
                    string_tag: false,
                },
            ) => resolve_plain(text),
            (_, Data::Scalar { text, .. }) => Found::Str(text),
            (_, Data::Alias { .. }) => Found::Null,
        }
    }

    fn is_null(&self) -> bool {
        self.plain().is_some_and(is_null)
    }

    fn invalid_type(&self, expected: &dyn Expected) -> Error {
        de::Error::invalid_type(self.found().unexpected(), expected)
    }

    /// The text of a scalar a text field may take: any scalar in YAML, a string in JSON.
    fn scalar_text(&self) -> Option<&'t str> {
        match self.data() {
            (NodeKind::Plain, Data::Scalar { .. }) if self.cx.tree.is_json() => None,
            (_, Data::Scalar { text, .. }) => Some(text),
            _ => None,
        }
    }

    /// The entries to visit when a map is asked for: a mapping's (merge keys
    /// applied), none for an empty plain scalar; `None` for a node of another shape.
    fn open_map(
        &self,
        fields: &'static [&'static str],
    ) -> Result<Option<MapAccess<'c, 't, 'a>>, Error> {
        if self.cx.too_deep() {
            return Err(de::Error::custom("recursion limit exceeded"));
        }
        let entries = match self.data() {
            (_, Data::Mapping(_)) => match self.cx.tree.entries(self.node) {
                Some(entries) => entries,
                None => {
                    return Err(de::Error::custom(
                        "a merge key (<<) must name a mapping or a list of mappings",
                    ))
                }
            },
            _ if self.plain() == Some("") => Cow::Borrowed(&[][..]),
            _ => return Ok(None),
        };
        Ok(Some(MapAccess {
            cx: self.cx,
            entries,
            next: 0,
            value: self.node,
            fields,
        }))
    }

    /// The items to visit when a sequence is asked for; `None` for a node of another shape.
    fn open_seq(&self) -> Result<Option<SeqAccess<'c, 't, 'a>>, Error> {
        if self.cx.too_deep() {
            return Err(de::Error::custom("recursion limit exceeded"));
        }
        let items: &'t [NodeId] = match self.data() {
            (_, Data::Sequence(items)) => self.cx.tree.sequence(*items),
            _ if self.plain() == Some("") => &[],
            _ => return Ok(None),
        };
        Ok(Some(SeqAccess {
            cx: self.cx,
            items,
            next: 0,
        }))
    }

    /// The entry of a mapping that has exactly one.
    fn only_entry(&self) -> Option<Entry> {
        match self.data() {
            (_, Data::Mapping(_)) => match self.cx.tree.entries(self.node)?.as_ref() {
                [entry] => Some(*entry),
                _ => None,
            },
            _ => None,
        }
    }

    fn note_ignored(&self) {
        self.cx.ignored.borrow_mut().push(Ignored {
            path: self.cx.path(),
            fields: self.fields,
        });
    }
}

/// Resolve a plain scalar as `serde_yaml_ng` does: null, boolean, integer, float, or text.
fn resolve_plain(text: &str) -> Found<'_> {
    if is_null(text) {
        return Found::Null;
    }
    if let Some(b) = parse_bool(text) {
        return Found::Bool(b);
    }
    if let Some(n) = parse_unsigned_int(text, u64::from_str_radix) {
        return Found::Unsigned(n);
    }
    if let Some(n) = parse_negative_int(text, i64::from_str_radix) {
        return Found::Signed(n);
    }
    if let Some(n) = parse_unsigned_int(text, u128::from_str_radix) {
        return Found::Unsigned128(n);
    }
    if let Some(n) = parse_negative_int(text, i128::from_str_radix) {
        return Found::Signed128(n);
    }
    if !digits_but_not_number(text) {
        if let Some(f) = parse_f64(text) {
            return Found::Float(f);
        }
    }
    Found::Str(text)
}

/// Whether a plain scalar with this text reads back as the same text, and not as
/// null, a boolean or a number (nor as `007`, which YAML 1.1 readers take for octal).
pub(super) fn reads_as_text(text: &str) -> bool {
    matches!(resolve_plain(text), Found::Str(_)) && !digits_but_not_number(text)
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// `0x`, `0o` and `0b` prefixes, and a `+` sign, as YAML 1.2 allows.
fn parse_unsigned_int<T>(text: &str, from_str_radix: Radix<T>) -> Option<T> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from_str_radix(rest, radix) {
                return Some(n);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    from_str_radix(unsigned, 10).ok()
}

fn parse_negative_int<T>(text: &str, from_str_radix: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if let Ok(n) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    from_str_radix(text, 10).ok()
}

fn parse_signed_int<T>(text: &str, from_str_radix: Radix<T>) -> Option<T> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from_str_radix(rest, radix) {
                return Some(n);
            }
        }
        if let Some(rest) = text.strip_prefix('-').and_then(|t| t.strip_prefix(prefix)) {
            if let Ok(n) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    from_str_radix(unsigned, 10).ok()
}

fn parse_f64(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if let ".inf" | ".Inf" | ".INF" = unsigned {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = text {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = text {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// A leading zero followed by digits is text in YAML 1.2 (`007`), not a number.
fn digits_but_not_number(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    text.len() > 1 && text.starts_with('0') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

impl<'de> de::Deserializer<'de> for Value<'_, '_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.found() {
            Found::Null => visitor.visit_unit(),
            Found::Bool(b) => visitor.visit_bool(b),
            Found::Unsigned(n) => visitor.visit_u64(n),
            Found::Signed(n) => visitor.visit_i64(n),
            Found::Unsigned128(n) => visitor.visit_u128(n),
            Found::Signed128(n) => visitor.visit_i128(n),
            Found::Float(f) => visitor.visit_f64(f),
            Found::Str(s) => visitor.visit_str(s),
            Found::Map => self.deserialize_map(visitor),
            Found::Seq => self.deserialize_seq(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain().and_then(parse_bool) {
            Some(b) => visitor.visit_bool(b),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self
            .plain()
            .and_then(|t| parse_signed_int(t, i64::from_str_radix))
        {
            Some(n) => visitor.visit_i64(n),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self
            .plain()
            .and_then(|t| parse_signed_int(t, i128::from_str_radix))
        {
            Some(n) => visitor.visit_i128(n),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self
            .plain()
            .and_then(|t| parse_unsigned_int(t, u64::from_str_radix))
        {
            Some(n) => visitor.visit_u64(n),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self
            .plain()
            .and_then(|t| parse_unsigned_int(t, u128::from_str_radix))
        {
            Some(n) => visitor.visit_u128(n),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain().and_then(parse_f64) {
            Some(f) => visitor.visit_f64(f),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    /// Any scalar is text as written (`name: 123` is the name "123").
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.scalar_text() {
            Some(text) => visitor.visit_str(text),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::custom(
            "serialization and deserialization of bytes in YAML is not implemented",
        ))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    /// An empty or null plain scalar is `None`; anything else, quoted `"null"` too, is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_null() {
            return visitor.visit_unit();
        }
        match self.scalar_text() {
            Some(text) => Err(de::Error::invalid_value(Unexpected::Str(text), &"null")),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.open_seq()? {
            Some(access) => visitor.visit_seq(access),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_struct("", &[], visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.open_map(fields)? {
            Some(access) => visitor.visit_map(access),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    /// An enum is written as its variant's name, or as a map of one key, the
    /// variant's name, to its content (`- pod_ready: giropops-0`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.scalar_text().is_some() {
            return visitor.visit_enum(self);
        }
        match self.only_entry() {
            Some(entry) => visitor.visit_enum(Variant { cx: self.cx, entry }),
            None => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    /// A type skips a value it has no field for: strict field validation notes it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.note_ignored();
        visitor.visit_unit()
    }
}

impl<'de> de::EnumAccess<'de> for Value<'_, '_, '_> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        Ok((seed.deserialize(self)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Value<'_, '_, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _seed: S) -> Result<S::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"struct variant",
        ))
    }
}

/// An enum written as a map of one key: the variant's name and its content.
struct Variant<'c, 't, 'a> {
    cx: &'c Context<'t, 'a>,
    entry: Entry,
}

impl<'de, 'c, 't, 'a> de::EnumAccess<'de> for Variant<'c, 't, 'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let mut result = seed.deserialize(Value {
            cx: self.cx,
            node: self.entry.key,
            fields: &[],
        });
        if let Err(error) = &mut result {
            self.cx.place(error, self.entry.key);
        }
        Ok((result?, self))
    }
}

impl<'c, 't, 'a> Variant<'c, 't, 'a> {
    /// The content's deserializer, with the variant's name on the path.
    fn enter(&self) -> Value<'c, 't, 'a> {
        let tree: &'t Tree<'a> = self.cx.tree;
        self.cx.enter(match tree.scalar(self.entry.key) {
            Some(key) => PathStep::Key(key),
            None => PathStep::Unknown,
        });
        Value {
            cx: self.cx,
            node: self.entry.value,
            fields: &[],
        }
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, '_, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        let mut result = seed.deserialize(self.enter());
        self.cx.leave(result.as_mut().err(), self.entry.value);
        result
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let mut result = de::Deserializer::deserialize_seq(self.enter(), visitor);
        self.cx.leave(result.as_mut().err(), self.entry.value);
        result
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut result = de::Deserializer::deserialize_struct(self.enter(), "", fields, visitor);
        self.cx.leave(result.as_mut().err(), self.entry.value);
        result
    }
}

struct MapAccess<'c, 't, 'a> {
    cx: &'c Context<'t, 'a>,
    entries: Cow<'t, [Entry]>,
    next: usize,
    /// The node whose key was read last (the mapping itself before the first key).
    value: NodeId,
    fields: &'static [&'static str],
}

impl<'t> MapAccess<'_, 't, '_> {
    /// Move to the next entry; its key node.
    fn advance(&mut self) -> Option<NodeId> {
        let entry = *self.entries.get(self.next)?;
        self.next += 1;
        self.value = entry.value;
        Some(entry.key)
    }

    /// Step into the current entry's value; its node.
    fn enter(&self) -> NodeId {
        let key = self.entries[self.next - 1].key;
        let tree: &'t Tree<'_> = self.cx.tree;
        let step = match tree.scalar(key) {
            Some(key) => PathStep::Key(key),
            None => PathStep::Unknown,
        };
        self.cx.enter(step);
        self.value
    }
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, '_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(key) = self.advance() else {
            return Ok(None);
        };
        let mut result = seed.deserialize(Value {
            cx: self.cx,
            node: key,
            fields: &[],
        });
        if let Err(error) = &mut result {
            self.cx.place(error, key);
        }
        result.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node = self.enter();
        let mut result = seed.deserialize(Value {
            cx: self.cx,
            node,
            fields: self.fields,
        });
        self.cx.leave(result.as_mut().err(), node);
        result
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

struct SeqAccess<'c, 't, 'a> {
    cx: &'c Context<'t, 'a>,
    items: &'t [NodeId],
    next: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_, '_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some(&node) = self.items.get(self.next) else {
            return Ok(None);
        };
        self.cx.enter(PathStep::Index(self.next));
        self.next += 1;
        let mut result = seed.deserialize(Value {
            cx: self.cx,
            node,
            fields: &[],
        });
        self.cx.leave(result.as_mut().err(), node);
        result.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Port {
        name: Option<String>,
        port: i32,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn scalars_read_as_serde_yaml_ng_reads_them() {
        let port: Port = from_str("name: 80\nport: 0x1F\ntags: [a, 'b', ~]\n").unwrap();
        assert_eq!(
            port,
            Port {
                name: Some("80".to_owned()),
                port: 31,
                tags: vec!["a".into(), "b".into(), "~".into()]
            }
        );
        let map: BTreeMap<String, serde_json::Value> =
            from_str("a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf: '1'\ng: 007\n").unwrap();
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            r#"{"a":1,"b":-2,"c":1.5,"d":true,"e":null,"f":"1","g":"007"}"#
        );
    }

    #[test]
    fn errors_carry_serde_words_the_path_and_the_place() {
        let error = from_str::<Vec<Port>>("- port: 1\n- port: \"three\"\n").unwrap_err();
        assert_eq!(
            error.message(),
            "invalid type: string \"three\", expected i32"
        );
        assert_eq!(error.path(), [Step::Index(1), Step::Key("port".into())]);
        assert_eq!(error.at().map(|m| (m.line, m.column)), Some((2, 9)));
        assert_eq!(
            error.to_string(),
            "[1].port: invalid type: string \"three\", expected i32"
        );
        let missing = from_str::<Port>("name: x\n").unwrap_err();
        assert_eq!(missing.message(), "missing field `port`");
        assert!(missing.path().is_empty());
    }

    #[test]
    fn ignored_fields_are_noted_with_the_fields_known_there() {
        let tree = tree::parse("port: 1\nnmae: x\n", 0, 1).unwrap();
        let decoded = decode::<Port>(&tree, tree.root().unwrap()).unwrap();
        assert_eq!(
            decoded.ignored,
            vec![Ignored {
                path: vec![Step::Key("nmae".into())],
                fields: &["name", "port", "tags"],
            }]
        );
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Check {
        Ready,
        Pod(String),
        Not(Box<Check>),
        Port { number: i32 },
    }

    #[test]
    fn enums_are_names_or_maps_of_one_key() {
        let checks: Vec<Check> =
            from_str("- ready\n- pod: web-0\n- not: {pod: web-1}\n- port: {number: 80}\n").unwrap();
        assert_eq!(
            checks,
            vec![
                Check::Ready,
                Check::Pod("web-0".into()),
                Check::Not(Box::new(Check::Pod("web-1".into()))),
                Check::Port { number: 80 }
            ]
        );
        let error = from_str::<Vec<Check>>("- not: {port: {number: x}}\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "[0].not.port.number: invalid type: string \"x\", expected i32"
        );
    }

    #[test]
    fn aliases_and_merge_keys_are_expanded() {
        let map: BTreeMap<String, BTreeMap<String, i32>> =
            from_str("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(
            map["other"],
            BTreeMap::from([("x".into(), 1), ("y".into(), 3)])
        );
        let error =
            from_str::<BTreeMap<String, BTreeMap<String, i32>>>("a:\n  <<: 1\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "a: a merge key (<<) must name a mapping or a list of mappings"
        );
    }
}
