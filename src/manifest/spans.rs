//! Where every field of a document stands in the editor text.
//!
//! The document's YAML tree (read once by [`crate::yaml`], which also bounds alias
//! expansion) is walked to record, for every field path, the line and column of its
//! key and value and the byte range of its value in the whole text.

use std::borrow::Cow;

use super::path;
use crate::yaml::{self, Data, Mark, NodeId, Tree};

pub use crate::yaml::{NodeKind, MAX_ALIAS_EXPANSION};

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
    /// Every field path, one after another; `fields` points into it. A document has
    /// tens of fields and a 1 MiB text thousands of documents: one text and one list
    /// per document, not one allocation per field, keeps reading (and dropping) cheap.
    paths: String,
    /// Each field's path (a range of `paths`) and span, in text order.
    fields: Vec<(std::ops::Range<usize>, FieldSpan)>,
    /// The fields by path: a table of `fields` indexes plus one (0 is a free slot),
    /// probed one slot after another from the path's hash. Hashing each path once
    /// costs a third of what sorting the paths for a binary search did.
    index: Vec<usize>,
    duplicates: Vec<Duplicate>,
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
        self.find(&path::canonical(path))
    }

    /// The span of exactly `path`, spelled canonically.
    fn find(&self, path: &str) -> Option<&FieldSpan> {
        let found = self.lookup(path.as_bytes()).ok()?;
        Some(&self.fields[found].1)
    }

    /// The field whose path is `path`: `Ok(its index in fields)`, or `Err(the free
    /// slot of the index where it would go)`.
    fn lookup(&self, path: &[u8]) -> Result<usize, Option<usize>> {
        if self.index.is_empty() {
            return Err(None);
        }
        let mask = self.index.len() - 1;
        let mut slot = hash(path) & mask;
        // The index always keeps free slots (it is at least twice the fields), so
        // every probe ends.
        loop {
            let Some(field) = self.index[slot].checked_sub(1) else {
                return Err(Some(slot));
            };
            if self.paths.as_bytes()[self.fields[field].0.clone()] == *path {
                return Ok(field);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The span of `path`, or of its nearest ancestor present in the text (a missing
    /// `spec.selector` is shown at `spec`), with the path that was found.
    pub fn nearest(&self, path: &str) -> Option<(String, &FieldSpan)> {
        let mut segments = path::parse(path);
        loop {
            let candidate = path::format(&segments);
            if let Some(span) = self.find(&candidate) {
                return Some((candidate, span));
            }
            segments.pop()?;
        }
    }

    /// Every field path and its span, in text order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldSpan)> {
        let mut all: Vec<(&str, &FieldSpan)> = self
            .fields
            .iter()
            .map(|(range, span)| (&self.paths[range.clone()], span))
            .collect();
        all.sort_by(|(a_path, a), (b_path, b)| {
            (a.value_bytes.start, a_path.len())
                .cmp(&(b.value_bytes.start, b_path.len()))
                .then_with(|| a_path.cmp(b_path))
        });
        all.into_iter()
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
            .map(|(range, span)| (&self.paths[range.clone()], span))
            .filter(|(k, _)| {
                let segments = path::parse(k);
                segments.len() == parent.len() + 1 && segments.starts_with(&parent)
            })
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect();
        found.sort_by(|(a_path, a), (b_path, b)| {
            a.value_bytes
                .start
                .cmp(&b.value_bytes.start)
                .then_with(|| a_path.cmp(b_path))
        });
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

impl From<yaml::SyntaxError> for ScanProblem {
    fn from(error: yaml::SyntaxError) -> ScanProblem {
        ScanProblem {
            position: position(error.at),
            message: error.message,
            alias_bomb: error.alias_bomb,
        }
    }
}

/// Walk the document `text`, which starts at byte `base` and line `first_line` of
/// the whole editor text.
pub fn scan(text: &str, base: usize, first_line: u32) -> Result<Spans, ScanProblem> {
    let tree = yaml::parse(text, base, first_line)?;
    Ok(Spans::of(&tree))
}

/// A node waiting to be recorded: its place in the walk and how its parent names it.
struct Pending<'t> {
    node: NodeId,
    /// Length of the parent's path in the walk's path buffer.
    parent_len: usize,
    step: Step<'t>,
}

enum Step<'t> {
    Root,
    /// A mapping key: its text, place and bytes.
    Key(Cow<'t, str>, Position, ByteRange),
    Index(usize),
}

impl Spans {
    /// The places of every field of a read document, in the coordinates it was read in.
    pub fn of(tree: &Tree<'_>) -> Spans {
        let mut spans = Spans {
            merge_keys: tree.has_merge_keys(),
            ..Spans::default()
        };
        let Some(root) = tree.root() else {
            return spans;
        };
        // Every node but a mapping's keys is a field: at most half the index's slots
        // are ever taken.
        spans.index = vec![0; (tree.len() * 2).next_power_of_two()];
        spans.fields.reserve(tree.len());
        spans.paths.reserve(tree.len() * 16);
        let mut path = String::new();
        let mut stack = vec![Pending {
            node: root,
            parent_len: 0,
            step: Step::Root,
        }];
        while let Some(Pending {
            node: id,
            parent_len,
            step,
        }) = stack.pop()
        {
            path.truncate(parent_len);
            let key = match step {
                Step::Root => None,
                Step::Key(name, at, bytes) => {
                    path::push_key(&mut path, &name);
                    Some((name, at, bytes))
                }
                Step::Index(i) => {
                    path::push(&mut path, &path::Segment::Index(i));
                    None
                }
            };
            let node = tree.node(id);
            let start = spans.paths.len();
            spans.paths.push_str(&path);
            let span = FieldSpan {
                key: key.as_ref().map(|(_, at, _)| *at),
                key_bytes: key.as_ref().map(|(_, _, bytes)| *bytes),
                value: position(node.start),
                value_end: position(node.end),
                value_bytes: ByteRange {
                    start: node.start.byte,
                    end: node.end.byte,
                },
                kind: node.kind,
            };
            match spans.lookup(path.as_bytes()) {
                Err(slot) => {
                    if let Some(slot) = slot {
                        spans.index[slot] = spans.fields.len() + 1;
                    }
                    spans.fields.push((start..spans.paths.len(), span));
                }
                // A path met before: the walk is in text order, so the first
                // occurrence keeps its place and a later key is a duplicate.
                Ok(first) => {
                    spans.paths.truncate(start);
                    if let (Some(at), Some(first_key), Some((name, _, _))) =
                        (span.key, spans.fields[first].1.key, key)
                    {
                        spans.duplicates.push(Duplicate {
                            key: name.into_owned(),
                            at,
                            first_line: first_key.line,
                        });
                    }
                }
            }
            let len = path.len();
            match &node.data {
                Data::Scalar { .. } => {}
                Data::Mapping(entries) => {
                    // Children are pushed last first, so they are walked in text order.
                    stack.extend(tree.mapping(*entries).iter().rev().map(|entry| {
                        let key = tree.node(entry.key);
                        let step = match &key.data {
                            Data::Scalar { text, .. } => Step::Key(
                                Cow::Borrowed(text),
                                position(key.start),
                                bytes(key.start, key.end),
                            ),
                            Data::Alias { anchor, .. } => Step::Key(
                                Cow::Owned(format!("*{anchor}")),
                                position(key.start),
                                bytes(key.start, key.end),
                            ),
                            // A collection used as a key.
                            _ => Step::Key(
                                Cow::Borrowed("?"),
                                Position::default(),
                                ByteRange::default(),
                            ),
                        };
                        Pending {
                            node: entry.value,
                            parent_len: len,
                            step,
                        }
                    }));
                }
                Data::Sequence(items) => {
                    stack.extend(tree.sequence(*items).iter().enumerate().rev().map(
                        |(i, item)| Pending {
                            node: *item,
                            parent_len: len,
                            step: Step::Index(i),
                        },
                    ));
                }
                Data::Alias { .. } => {}
            }
        }
        spans
    }
}

/// FxHash's steps over the path, eight bytes at a time; the high half of the
/// product, which every byte reaches.
fn hash(path: &[u8]) -> usize {
    const SEED: u64 = 0x517c_c1b7_2722_0a95;
    let step = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    let mut hash = path.len() as u64;
    let mut words = path.chunks_exact(8);
    for word in &mut words {
        hash = step(
            hash,
            u64::from_le_bytes(word.try_into().unwrap_or_default()),
        );
    }
    // The last bytes one by one: a copy into a buffer is a call to `memcpy` at
    // opt-level "z".
    let last = words
        .remainder()
        .iter()
        .rev()
        .fold(0, |word, &b| word << 8 | u64::from(b));
    hash = step(hash, last);
    (hash >> 32) as usize
}

fn position(mark: Mark) -> Position {
    Position {
        line: mark.line,
        column: mark.column,
    }
}

fn bytes(start: Mark, end: Mark) -> ByteRange {
    ByteRange {
        start: start.byte,
        end: end.byte,
    }
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
    fn every_field_of_a_large_document_is_found_by_its_path_and_a_repeated_key_is_a_duplicate() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!(
                "key{i}:\n  items:\n  - {i}\n  - [a, {{b: {i}}}]\n"
            ));
        }
        text.push_str("key7:\n  items: []\n");
        let spans = scan(&text, 0, 1).unwrap();
        assert_eq!(spans.len(), 1 + 300 * 7);
        for i in 0..300 {
            let line = 1 + 4 * i;
            assert_eq!(
                spans.get(&format!("key{i}")).unwrap().key.unwrap().line,
                line
            );
            assert_eq!(
                spans.get(&format!("key{i}.items[0]")).unwrap().value.line,
                line + 2
            );
            assert_eq!(
                spans
                    .get(&format!("key{i}.items[1][1].b"))
                    .unwrap()
                    .value
                    .line,
                line + 3
            );
        }
        assert!(spans.get("key300").is_none());
        assert!(spans.get("key1.items[2]").is_none());
        // The repeated key's own fields repeat paths too; each names its first line.
        let duplicates: Vec<(&str, u32, u32)> = spans
            .duplicates()
            .iter()
            .map(|d| (d.key.as_str(), d.at.line, d.first_line))
            .collect();
        assert_eq!(duplicates, [("key7", 1201, 29), ("items", 1202, 30)]);
        assert_eq!(spans.iter().count(), spans.len());
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
