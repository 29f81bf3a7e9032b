//! Where every field of a document stands in the editor text.
//!
//! A positioned YAML event parser (`saphyr-parser`) walks each document once and
//! records, for every field path, the line and column of its key and value and the
//! byte range of its value in the whole text. The same walk bounds alias expansion,
//! so a "billion laughs" document is refused before anything expands it.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use super::path;

/// Aliases may add at most this many values to a document when expanded. Real
/// manifests reuse a block or two; an alias bomb multiplies far past this.
pub const MAX_ALIAS_EXPANSION: u64 = 100_000;

/// A half-open byte range of the whole editor text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ByteRange {
    pub start: usize,
    pub end: usize,
}

/// A 1-based line and column (in characters) of the whole editor text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// What kind of YAML node a field's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A plain (unquoted) scalar.
    Plain,
    /// A single- or double-quoted scalar.
    Quoted,
    /// A literal (`|`) or folded (`>`) block scalar.
    BlockScalar,
    /// A block mapping (keys on their own lines).
    BlockMapping,
    /// A flow mapping (`{a: 1}`).
    FlowMapping,
    /// A block sequence (`- item` lines).
    BlockSequence,
    /// A flow sequence (`[a, b]`).
    FlowSequence,
    /// An alias (`*name`).
    Alias,
}

impl NodeKind {
    /// Whether the value can be replaced in place by another value written inline.
    pub fn is_inline(self) -> bool {
        matches!(
            self,
            NodeKind::Plain
                | NodeKind::Quoted
                | NodeKind::FlowMapping
                | NodeKind::FlowSequence
                | NodeKind::Alias
        )
    }
}

/// One field's place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpan {
    /// Where its key starts; `None` for a sequence item or the document root.
    pub key: Option<Position>,
    /// Byte range of its key.
    pub key_bytes: Option<ByteRange>,
    /// Where its value starts.
    pub value: Position,
    /// Where its value ends (exclusive; a block collection's where the next token starts).
    pub value_end: Position,
    /// Byte range of its value (a block collection's ends where the next token starts).
    pub value_bytes: ByteRange,
    pub kind: NodeKind,
}

impl FieldSpan {
    /// Where a mistake about this field is shown: at an inline value (so that
    /// `replicas: -1` points at `-1`), at the key of a block collection.
    pub fn at(&self) -> Position {
        match (
            self.kind.is_inline() || self.kind == NodeKind::BlockScalar,
            self.key,
        ) {
            (false, Some(key)) => key,
            _ => self.value,
        }
    }
}

/// The places of every field of one document, by canonical field path.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spans {
    fields: HashMap<String, FieldSpan>,
    duplicates: Vec<Duplicate>,
    /// The scalar values of `apiVersion`, `kind`, `metadata.name`,
    /// `metadata.namespace` and of a scalar root, with their style.
    head: HashMap<String, (String, NodeKind)>,
    /// Whether any mapping uses a merge key (`<<`).
    merge_keys: bool,
}

/// A key written twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The key as written.
    pub key: String,
    /// Where the second occurrence is.
    pub at: Position,
    /// The line of the first occurrence.
    pub first_line: u32,
}

impl Spans {
    /// The span of exactly `path` (any spelling: `metadata.labels[app]` or
    /// `metadata.labels.app`); the empty path is the document's root.
    pub fn get(&self, path: &str) -> Option<&FieldSpan> {
        self.fields.get(&path::canonical(path))
    }

    /// The span of `path`, or of its nearest ancestor present in the text (a missing
    /// `spec.selector` is shown at `spec`), with the path that was found.
    pub fn nearest(&self, path: &str) -> Option<(String, &FieldSpan)> {
        let mut segments = path::parse(path);
        loop {
            let candidate = path::format(&segments);
            if let Some(span) = self.fields.get(&candidate) {
                return Some((candidate, span));
            }
            segments.pop()?;
        }
    }

    /// Every field path and its span, in text order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldSpan)> {
        let mut all: Vec<(&str, &FieldSpan)> =
            self.fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
        all.sort_by_key(|(path, span)| (span.value_bytes.start, path.len()));
        all.into_iter()
    }

    /// The scalar value written at one of the paths an object is identified by
    /// (`apiVersion`, `kind`, `metadata.name`, `metadata.namespace`; `""` for a
    /// document that is a single scalar), and whether it was quoted.
    pub fn head(&self, path: &str) -> Option<(&str, NodeKind)> {
        self.head.get(path).map(|(v, k)| (v.as_str(), *k))
    }

    /// Whether any mapping of the document uses a merge key (`<<: *base`).
    pub fn has_merge_keys(&self) -> bool {
        self.merge_keys
    }

    /// Keys written twice in one mapping, in text order.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// Number of recorded fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The paths of the keys directly under the mapping at `path`, in text order.
    pub fn children(&self, path: &str) -> Vec<(String, FieldSpan)> {
        let parent = path::parse(path);
        let mut found: Vec<(String, FieldSpan)> = self
            .fields
            .iter()
            .filter(|(k, _)| {
                let segments = path::parse(k);
                segments.len() == parent.len() + 1 && segments.starts_with(&parent)
            })
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        found.sort_by_key(|(_, span)| span.value_bytes.start);
        found
    }
}

/// Why a document could not be walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanProblem {
    pub position: Position,
    pub message: String,
    /// True when the walk stopped because of alias expansion, not a syntax error.
    pub alias_bomb: bool,
}

/// Turns saphyr's character positions into byte offsets of the whole text.
struct Offsets<'a> {
    text: &'a str,
    base: usize,
    first_line: u32,
    /// A (character index, byte offset) pair on the way, to walk forward from.
    cursor: (usize, usize),
}

impl Offsets<'_> {
    fn byte(&mut self, marker: &Marker) -> usize {
        let target = marker.index();
        if target < self.cursor.0 {
            self.cursor = (0, 0);
        }
        let (mut index, mut byte) = self.cursor;
        let mut chars = self.text[byte..].chars();
        while index < target {
            match chars.next() {
                Some(c) => {
                    index += 1;
                    byte += c.len_utf8();
                }
                None => break,
            }
        }
        self.cursor = (index, byte);
        self.base + byte
    }

    fn position(&self, marker: &Marker) -> Position {
        Position {
            line: self
                .first_line
                .saturating_add(to_u32(marker.line()).saturating_sub(1)),
            column: to_u32(marker.col()).saturating_add(1),
        }
    }
}

/// A key read and waiting for its value: its text, place and bytes.
type PendingKey = (String, Position, ByteRange);

enum Frame {
    Mapping {
        /// Length of this mapping's own path in the walk's path buffer.
        path_len: usize,
        key: Option<PendingKey>,
        /// Nesting depth of a complex key (a mapping or sequence used as a key) being skipped.
        skipping: usize,
        anchor: usize,
        expanded_at_start: u64,
    },
    Sequence {
        path_len: usize,
        next: usize,
        anchor: usize,
        expanded_at_start: u64,
    },
}

impl Frame {
    fn path_len(&self) -> usize {
        match self {
            Frame::Mapping { path_len, .. } | Frame::Sequence { path_len, .. } => *path_len,
        }
    }
}

/// The walk's state: the spans found so far and the path being walked.
struct Walk<'a> {
    offsets: Offsets<'a>,
    spans: Spans,
    stack: Vec<Frame>,
    /// The canonical path of the node being read.
    path: String,
}

/// Walk the document `text`, which starts at byte `base` and line `first_line` of
/// the whole editor text.
pub fn scan(text: &str, base: usize, first_line: u32) -> Result<Spans, ScanProblem> {
    let mut walk = Walk {
        offsets: Offsets {
            text,
            base,
            first_line,
            cursor: (0, 0),
        },
        spans: Spans::default(),
        stack: Vec::new(),
        path: String::new(),
    };
    let mut anchors: HashMap<usize, u64> = HashMap::new();
    let mut expanded: u64 = 0;
    let mut extra: u64 = 0;
    let mut root_done = false;
    let mut parser = Parser::new_from_str(text);

    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| ScanProblem {
            position: walk.offsets.position(e.marker()),
            message: e.info().to_owned(),
            alias_bomb: false,
        })?;
        match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
            Event::DocumentEnd | Event::StreamEnd => {
                if root_done {
                    break;
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Mapping { skipping, key, .. }) = walk.stack.last_mut() {
                    if *skipping > 0 {
                        *skipping -= 1;
                        if *skipping == 0 {
                            // The complex key is over; what follows is its value.
                            *key =
                                Some(("?".to_owned(), Position::default(), ByteRange::default()));
                        }
                        continue;
                    }
                }
                let Some(frame) = walk.stack.pop() else {
                    continue;
                };
                let (anchor, start) = match frame {
                    Frame::Mapping {
                        anchor,
                        expanded_at_start,
                        ..
                    }
                    | Frame::Sequence {
                        anchor,
                        expanded_at_start,
                        ..
                    } => (anchor, expanded_at_start),
                };
                if anchor != 0 {
                    anchors.insert(anchor, expanded - start);
                }
                let end = walk.offsets.byte(&span.end);
                let end_position = walk.offsets.position(&span.end);
                if let Some(field) = walk.spans.fields.get_mut(&walk.path[..frame.path_len()]) {
                    field.value_bytes.end = end.max(field.value_bytes.start);
                    field.value_end = end_position;
                }
                walk.finish_value();
                if walk.stack.is_empty() {
                    root_done = true;
                }
            }
            Event::Scalar(value, style, anchor, _) => {
                expanded += 1;
                if walk.take_key(&span, || value.to_string()) {
                    continue;
                }
                let kind = match style {
                    ScalarStyle::Plain => NodeKind::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => NodeKind::Quoted,
                    _ => NodeKind::BlockScalar,
                };
                walk.record_value(&span, kind);
                if matches!(
                    walk.path.as_str(),
                    "" | "apiVersion" | "kind" | "metadata.name" | "metadata.namespace"
                ) {
                    walk.spans
                        .head
                        .insert(walk.path.clone(), (value.to_string(), kind));
                }
                if anchor != 0 {
                    anchors.insert(anchor, 1);
                }
                walk.finish_value();
                if walk.stack.is_empty() {
                    root_done = true;
                }
            }
            Event::Alias(id) => {
                let weight = anchors.get(&id).copied().unwrap_or(1);
                expanded = expanded.saturating_add(weight);
                extra = extra.saturating_add(weight.saturating_sub(1));
                if extra > MAX_ALIAS_EXPANSION {
                    return Err(ScanProblem {
                        position: walk.offsets.position(&span.start),
                        message: format!(
                            "aliases in this document expand to more than {MAX_ALIAS_EXPANSION} values; Ordinal refuses to expand them (is it a \"billion laughs\" document?)"
                        ),
                        alias_bomb: true,
                    });
                }
                if walk.take_key(&span, || format!("*{id}")) {
                    continue;
                }
                walk.record_value(&span, NodeKind::Alias);
                walk.finish_value();
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                expanded += 1;
                let is_mapping = matches!(event, Event::MappingStart(..));
                if let Some(Frame::Mapping { key, skipping, .. }) = walk.stack.last_mut() {
                    if key.is_none() || *skipping > 0 {
                        // A collection used as a key: skip it whole.
                        *skipping += 1;
                        continue;
                    }
                }
                // A flow collection's start span covers its opening bracket; a block
                // collection's is empty.
                let flow = span.start.index() != span.end.index();
                let kind = match (is_mapping, flow) {
                    (true, true) => NodeKind::FlowMapping,
                    (true, false) => NodeKind::BlockMapping,
                    (false, true) => NodeKind::FlowSequence,
                    (false, false) => NodeKind::BlockSequence,
                };
                walk.record_value(&span, kind);
                let path_len = walk.path.len();
                walk.stack.push(if is_mapping {
                    Frame::Mapping {
                        path_len,
                        key: None,
                        skipping: 0,
                        anchor,
                        expanded_at_start: expanded - 1,
                    }
                } else {
                    Frame::Sequence {
                        path_len,
                        next: 0,
                        anchor,
                        expanded_at_start: expanded - 1,
                    }
                });
            }
        }
    }
    Ok(walk.spans)
}

impl Walk<'_> {
    /// If the top frame is a mapping waiting for a key, take this node as the key and
    /// return true (a node inside a skipped complex key is swallowed too).
    fn take_key(&mut self, span: &saphyr_parser::Span, text: impl FnOnce() -> String) -> bool {
        if let Some(Frame::Mapping { key, skipping, .. }) = self.stack.last_mut() {
            if *skipping > 0 {
                return true;
            }
            if key.is_none() {
                let position = self.offsets.position(&span.start);
                let bytes = ByteRange {
                    start: self.offsets.byte(&span.start),
                    end: self.offsets.byte(&span.end),
                };
                let text = text();
                if text == "<<" {
                    self.spans.merge_keys = true;
                }
                *key = Some((text, position, bytes));
                return true;
            }
        }
        false
    }

    /// Record the span of a value about to be read, leaving its path in `self.path`.
    fn record_value(&mut self, span: &saphyr_parser::Span, kind: NodeKind) {
        let key = match self.stack.last() {
            None => {
                self.path.clear();
                None
            }
            Some(Frame::Mapping { path_len, key, .. }) => {
                self.path.truncate(*path_len);
                let (name, position, bytes) = key.clone().unwrap_or_default();
                path::push_key(&mut self.path, &name);
                Some((position, bytes))
            }
            Some(Frame::Sequence { path_len, next, .. }) => {
                self.path.truncate(*path_len);
                path::push(&mut self.path, &path::Segment::Index(*next));
                None
            }
        };
        let start = self.offsets.byte(&span.start);
        let end = self.offsets.byte(&span.end);
        let field = FieldSpan {
            key: key.map(|(p, _)| p),
            key_bytes: key.map(|(_, b)| b),
            value: self.offsets.position(&span.start),
            value_end: self.offsets.position(&span.end),
            value_bytes: ByteRange { start, end },
            kind,
        };
        // The first occurrence of a duplicated key keeps its place.
        match self.spans.fields.get(self.path.as_str()) {
            Some(first) => {
                if let (
                    Some(at),
                    Some(first_key),
                    Some(Frame::Mapping {
                        key: Some((name, ..)),
                        ..
                    }),
                ) = (field.key, first.key, self.stack.last())
                {
                    self.spans.duplicates.push(Duplicate {
                        key: name.clone(),
                        at,
                        first_line: first_key.line,
                    });
                }
            }
            None => {
                self.spans.fields.insert(self.path.clone(), field);
            }
        }
    }

    /// A value was read: the mapping above waits for its next key, the sequence moves on.
    fn finish_value(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key, .. }) => *key = None,
            Some(Frame::Sequence { next, .. }) => *next += 1,
            None => {}
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_items_are_placed_in_the_whole_text() {
        let text = "a: 1 # c\nb:\n  c: \"x y\"\n  d:\n  - p\n  - {q: [1, 2]}\n";
        let spans = scan(text, 100, 10).unwrap();
        let a = spans.get("a").unwrap();
        assert_eq!(
            a.key,
            Some(Position {
                line: 10,
                column: 1
            })
        );
        assert_eq!(
            a.value,
            Position {
                line: 10,
                column: 4
            }
        );
        assert_eq!(
            a.value_bytes,
            ByteRange {
                start: 103,
                end: 104
            }
        );
        let c = spans.get("b.c").unwrap();
        assert_eq!(
            &text[c.value_bytes.start - 100..c.value_bytes.end - 100],
            "\"x y\""
        );
        assert_eq!(c.kind, NodeKind::Quoted);
        let q = spans.get("b.d[1].q").unwrap();
        assert_eq!(q.kind, NodeKind::FlowSequence);
        assert_eq!(
            &text[q.value_bytes.start - 100..q.value_bytes.end - 100],
            "[1, 2]"
        );
        assert_eq!(spans.get("b.d[1].q[1]").unwrap().value.column, 13);
        assert_eq!(
            spans.get("b").unwrap().at(),
            Position {
                line: 11,
                column: 1
            }
        );
        let (found, _) = spans.nearest("b.c.missing.deeper").unwrap();
        assert_eq!(found, "b.c");
    }

    #[test]
    fn multibyte_characters_and_a_byte_order_mark_keep_offsets_exact() {
        let text = "\u{feff}nome: ação\nb: é\n";
        let spans = scan(text, 0, 1).unwrap();
        let b = spans.get("b").unwrap();
        assert_eq!(&text[b.value_bytes.start..b.value_bytes.end], "é");
        assert_eq!(b.value, Position { line: 2, column: 4 });
        let nome = spans.get("nome").unwrap();
        assert_eq!(&text[nome.value_bytes.start..nome.value_bytes.end], "ação");
    }

    #[test]
    fn an_alias_bomb_is_refused_at_the_alias_that_crosses_the_bound() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, next) in ["a", "b", "c", "d", "e", "f"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g"])
        {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            text.push_str(&format!("{next}: &{next} [{refs}]\n"));
        }
        let problem = scan(&text, 0, 1).unwrap_err();
        assert!(problem.alias_bomb);
        // a: 10 values; b: 100 more; c: 1,100; d: 11,100; e: 111,100 crosses the bound.
        assert_eq!(problem.position.line, 5);
    }
}
