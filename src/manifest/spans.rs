//! Where every field of a document stands in the editor text.
//!
//! A positioned YAML event parser (`saphyr-parser`) walks each document once and
//! records, for every field path, the line and column of its key and value and the
//! byte range of its value in the whole text. The same walk bounds alias expansion,
//! so a "billion laughs" document is refused before anything expands it.

use std::collections::{BTreeMap, HashMap};

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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spans {
    fields: BTreeMap<String, FieldSpan>,
    duplicates: Vec<Duplicate>,
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

    /// Every field path and its span, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldSpan)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v))
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

enum Frame {
    Mapping {
        path: Vec<path::Segment>,
        /// The key read and waiting for its value, with its place.
        key: Option<(String, Position, ByteRange)>,
        /// Nesting depth of a complex key (a mapping or sequence used as a key) being skipped.
        skipping: usize,
        anchor: usize,
        expanded_at_start: u64,
        span_path: Option<String>,
    },
    Sequence {
        path: Vec<path::Segment>,
        next: usize,
        anchor: usize,
        expanded_at_start: u64,
        span_path: Option<String>,
    },
}

/// Walk the document `text`, which starts at byte `base` and line `first_line` of
/// the whole editor text.
pub fn scan(text: &str, base: usize, first_line: u32) -> Result<Spans, ScanProblem> {
    let mut offsets = Offsets {
        text,
        base,
        first_line,
        cursor: (0, 0),
    };
    let mut spans = Spans::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, u64> = HashMap::new();
    let mut expanded: u64 = 0;
    let mut extra: u64 = 0;
    let mut root_done = false;
    let mut parser = Parser::new_from_str(text);

    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| ScanProblem {
            position: offsets.position(e.marker()),
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
                if let Some(Frame::Mapping { skipping, key, .. }) = stack.last_mut() {
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
                let Some(frame) = stack.pop() else { continue };
                let (anchor, start, span_path) = match frame {
                    Frame::Mapping {
                        anchor,
                        expanded_at_start,
                        span_path,
                        ..
                    }
                    | Frame::Sequence {
                        anchor,
                        expanded_at_start,
                        span_path,
                        ..
                    } => (anchor, expanded_at_start, span_path),
                };
                if anchor != 0 {
                    anchors.insert(anchor, expanded - start);
                }
                let end = offsets.byte(&span.end);
                let end_position = offsets.position(&span.end);
                if let Some(field) = span_path.and_then(|p| spans.fields.get_mut(&p)) {
                    field.value_bytes.end = end.max(field.value_bytes.start);
                    field.value_end = end_position;
                }
                finish_value(&mut stack);
                if stack.is_empty() {
                    root_done = true;
                }
            }
            Event::Scalar(value, style, anchor, _) => {
                expanded += 1;
                if key_position(&mut stack, &mut offsets, &span, || value.to_string()) {
                    continue;
                }
                let kind = match style {
                    ScalarStyle::Plain => NodeKind::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => NodeKind::Quoted,
                    _ => NodeKind::BlockScalar,
                };
                record_value(&mut spans, &stack, &mut offsets, &span, kind);
                if anchor != 0 {
                    anchors.insert(anchor, 1);
                }
                finish_value(&mut stack);
                if stack.is_empty() {
                    root_done = true;
                }
            }
            Event::Alias(id) => {
                let weight = anchors.get(&id).copied().unwrap_or(1);
                expanded = expanded.saturating_add(weight);
                extra = extra.saturating_add(weight.saturating_sub(1));
                if extra > MAX_ALIAS_EXPANSION {
                    return Err(ScanProblem {
                        position: offsets.position(&span.start),
                        message: format!(
                            "aliases in this document expand to more than {MAX_ALIAS_EXPANSION} values; Ordinal refuses to expand them (is it a \"billion laughs\" document?)"
                        ),
                        alias_bomb: true,
                    });
                }
                if key_position(&mut stack, &mut offsets, &span, || format!("*{id}")) {
                    continue;
                }
                record_value(&mut spans, &stack, &mut offsets, &span, NodeKind::Alias);
                finish_value(&mut stack);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                expanded += 1;
                let is_mapping = matches!(event, Event::MappingStart(..));
                if let Some(Frame::Mapping {
                    key: None,
                    skipping,
                    ..
                }) = stack.last_mut()
                {
                    // A collection used as a key: skip it whole.
                    *skipping += 1;
                    continue;
                }
                if let Some(Frame::Mapping { skipping, .. }) = stack.last_mut() {
                    if *skipping > 0 {
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
                let child = record_value(&mut spans, &stack, &mut offsets, &span, kind);
                let (segments, span_path) = child;
                stack.push(if is_mapping {
                    Frame::Mapping {
                        path: segments,
                        key: None,
                        skipping: 0,
                        anchor,
                        expanded_at_start: expanded - 1,
                        span_path,
                    }
                } else {
                    Frame::Sequence {
                        path: segments,
                        next: 0,
                        anchor,
                        expanded_at_start: expanded - 1,
                        span_path,
                    }
                });
            }
        }
    }
    Ok(spans)
}

/// If the top frame is a mapping waiting for a key, take this node as the key and
/// return true (a node inside a skipped complex key is swallowed too).
fn key_position(
    stack: &mut [Frame],
    offsets: &mut Offsets<'_>,
    span: &saphyr_parser::Span,
    text: impl FnOnce() -> String,
) -> bool {
    if let Some(Frame::Mapping { key, skipping, .. }) = stack.last_mut() {
        if *skipping > 0 {
            return true;
        }
        if key.is_none() {
            let position = offsets.position(&span.start);
            let bytes = ByteRange {
                start: offsets.byte(&span.start),
                end: offsets.byte(&span.end),
            };
            *key = Some((text(), position, bytes));
            return true;
        }
    }
    false
}

/// Record the span of a value about to be read; returns its path and span key.
fn record_value(
    spans: &mut Spans,
    stack: &[Frame],
    offsets: &mut Offsets<'_>,
    span: &saphyr_parser::Span,
    kind: NodeKind,
) -> (Vec<path::Segment>, Option<String>) {
    let (segments, key) = match stack.last() {
        None => (Vec::new(), None),
        Some(Frame::Mapping { path, key, .. }) => {
            let mut segments = path.clone();
            let (name, position, bytes) = key.clone().unwrap_or_default();
            segments.push(path::Segment::Key(name));
            (segments, Some((position, bytes)))
        }
        Some(Frame::Sequence { path, next, .. }) => {
            let mut segments = path.clone();
            segments.push(path::Segment::Index(*next));
            (segments, None)
        }
    };
    let start = offsets.byte(&span.start);
    let end = offsets.byte(&span.end);
    let field = FieldSpan {
        key: key.map(|(p, _)| p),
        key_bytes: key.map(|(_, b)| b),
        value: offsets.position(&span.start),
        value_end: offsets.position(&span.end),
        value_bytes: ByteRange { start, end },
        kind,
    };
    let name = path::format(&segments);
    // The first occurrence of a duplicated key keeps its place.
    match spans.fields.get(&name) {
        Some(first) => {
            if let (Some(at), Some(first_key), Some(path::Segment::Key(key))) =
                (field.key, first.key, segments.last())
            {
                spans.duplicates.push(Duplicate {
                    key: key.clone(),
                    at,
                    first_line: first_key.line,
                });
            }
        }
        None => {
            spans.fields.insert(name.clone(), field);
        }
    }
    (segments, Some(name))
}

/// A value was read: the mapping above waits for its next key, the sequence moves on.
fn finish_value(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Mapping { key, .. }) => *key = None,
        Some(Frame::Sequence { next, .. }) => *next += 1,
        None => {}
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
