//! One YAML document read into a tree of nodes, each with its place in the text.
//!
//! `saphyr-parser` gives positioned events; one pass turns them into an arena of
//! nodes (scalars keep their text and style, collections their children, aliases the
//! node they repeat). The same pass bounds alias expansion, so a "billion laughs"
//! document is refused before anything expands it, and words a syntax error the way
//! libyaml (and so kubectl's YAML reader) would, with the place it is about.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};

use super::input::TextInput;

/// Aliases may add at most this many values to a document when expanded. Real
/// manifests reuse a block or two; an alias bomb multiplies far past this.
pub const MAX_ALIAS_EXPANSION: u64 = 100_000;

/// A place in the whole text: byte offset, 1-based line, 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark {
    pub byte: usize,
    pub line: u32,
    pub column: u32,
}

/// What kind of YAML node a value is.
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

/// The index of a node in its tree.
pub type NodeId = usize;

/// A key and its value in a mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Data<'a> {
    /// A scalar's text; `string_tag` when it is tagged `!!str` (a string whatever it reads as).
    Scalar {
        text: Cow<'a, str>,
        string_tag: bool,
    },
    /// A mapping's entries, in text order (merge keys not applied): [`Tree::mapping`].
    Mapping(Children),
    /// A sequence's items: [`Tree::sequence`].
    Sequence(Children),
    /// An alias: the anchored node it repeats, and the parser's number for the anchor.
    Alias { target: NodeId, anchor: usize },
}

/// Where a collection's children are in its tree: every mapping's entries are in
/// one list, every sequence's items in another, so that reading a document does
/// not allocate a list per collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Children {
    start: usize,
    end: usize,
}

/// One node and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub kind: NodeKind,
    /// Where it starts (for a collection with an anchor, at the anchor).
    pub start: Mark,
    /// Where it ends (exclusive); a block collection ends where the next token starts.
    pub end: Mark,
    pub data: Data<'a>,
}

/// A YAML document as a tree of nodes borrowing from the text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    /// The entries of every mapping, each mapping's together.
    entries: Vec<Entry>,
    /// The items of every sequence, each sequence's together.
    items: Vec<NodeId>,
    root: Option<NodeId>,
    merge_keys: bool,
    /// Read from JSON: a string is only ever a quoted scalar, so text fields take
    /// no number or boolean (as `serde_json` decodes).
    json: bool,
}

impl<'a> Tree<'a> {
    /// A JSON value as a tree (with no places in any text), so that values kept as
    /// JSON decode through the same deserializer as the text the student writes.
    pub fn of_json(value: &'a serde_json::Value) -> Tree<'a> {
        let mut tree = Tree {
            json: true,
            ..Tree::default()
        };
        tree.root = Some(tree.push_json(value));
        tree
    }

    fn push_json(&mut self, value: &'a serde_json::Value) -> NodeId {
        use serde_json::Value;
        let scalar = |text: Cow<'a, str>| Data::Scalar {
            text,
            string_tag: false,
        };
        let (kind, data) = match value {
            Value::Null => (NodeKind::Plain, scalar(Cow::Borrowed("null"))),
            Value::Bool(b) => (
                NodeKind::Plain,
                scalar(Cow::Borrowed(if *b { "true" } else { "false" })),
            ),
            Value::Number(n) => (NodeKind::Plain, scalar(Cow::Owned(n.to_string()))),
            Value::String(s) => (NodeKind::Quoted, scalar(Cow::Borrowed(s))),
            Value::Array(_) => (NodeKind::FlowSequence, Data::Sequence(Children::default())),
            Value::Object(_) => (NodeKind::FlowMapping, Data::Mapping(Children::default())),
        };
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            start: Mark::default(),
            end: Mark::default(),
            data,
        });
        match value {
            Value::Array(items) => {
                let items: Vec<NodeId> = items.iter().map(|item| self.push_json(item)).collect();
                let start = self.items.len();
                self.items.extend(items);
                self.nodes[id].data = Data::Sequence(Children {
                    start,
                    end: self.items.len(),
                });
            }
            Value::Object(map) => {
                let entries: Vec<Entry> = map
                    .iter()
                    .map(|(key, value)| {
                        let key_id = self.nodes.len();
                        self.nodes.push(Node {
                            kind: NodeKind::Quoted,
                            start: Mark::default(),
                            end: Mark::default(),
                            data: scalar(Cow::Borrowed(key)),
                        });
                        Entry {
                            key: key_id,
                            value: self.push_json(value),
                        }
                    })
                    .collect();
                let start = self.entries.len();
                self.entries.extend(entries);
                self.nodes[id].data = Data::Mapping(Children {
                    start,
                    end: self.entries.len(),
                });
            }
            _ => {}
        }
        id
    }

    /// Whether the tree was read from JSON.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// The document's root node; `None` for a document with no content.
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    /// How many nodes the tree holds (aliases count once).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True for a document with no content.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id]
    }

    /// A mapping's entries as written (merge keys not applied).
    pub fn mapping(&self, children: Children) -> &[Entry] {
        &self.entries[children.start..children.end]
    }

    /// A sequence's items.
    pub fn sequence(&self, children: Children) -> &[NodeId] {
        &self.items[children.start..children.end]
    }

    /// The node an alias repeats (the node itself when it is not an alias).
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        // Aliases only ever point at nodes completed before them, so this ends.
        while let Data::Alias { target, .. } = self.nodes[id].data {
            id = target;
        }
        id
    }

    /// The text of a scalar node (through aliases).
    pub fn scalar(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[self.resolve(id)].data {
            Data::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether any mapping uses a merge key (`<<`).
    pub fn has_merge_keys(&self) -> bool {
        self.merge_keys
    }

    /// The entries of the mapping at `id` (through aliases) with its merge keys
    /// applied: its own keys in order, then those of the mappings it merges that it
    /// does not set itself. `None` when a merge key names something other than a
    /// mapping or a list of mappings.
    pub fn entries(&self, id: NodeId) -> Option<Cow<'_, [Entry]>> {
        let Data::Mapping(children) = self.nodes[self.resolve(id)].data else {
            return Some(Cow::Borrowed(&[]));
        };
        let entries = self.mapping(children);
        if !self.merge_keys || !entries.iter().any(|e| self.is_merge_key(e.key)) {
            return Some(Cow::Borrowed(entries));
        }
        let mut merged: Vec<Entry> = Vec::with_capacity(entries.len());
        let mut sources = Vec::new();
        for entry in entries.iter() {
            if self.is_merge_key(entry.key) {
                sources.push(entry.value);
            } else {
                merged.push(*entry);
            }
        }
        for source in sources {
            let source = self.resolve(source);
            let mappings: Vec<NodeId> = match &self.nodes[source].data {
                Data::Mapping(_) => vec![source],
                Data::Sequence(items) => self
                    .sequence(*items)
                    .iter()
                    .map(|i| self.resolve(*i))
                    .collect(),
                _ => return None,
            };
            for mapping in mappings {
                if !matches!(self.nodes[mapping].data, Data::Mapping(_)) {
                    return None;
                }
                for entry in self.entries(mapping)?.iter() {
                    let key = self.scalar(entry.key);
                    let present = key.is_some() && merged.iter().any(|e| self.scalar(e.key) == key);
                    if !present {
                        merged.push(*entry);
                    }
                }
            }
        }
        Some(Cow::Owned(merged))
    }

    /// Whether every merge key written inside the node `id` names a mapping or a list
    /// of mappings (the subtree is only walked when the tree has merge keys at all).
    pub fn merges_are_valid(&self, id: NodeId) -> bool {
        if !self.merge_keys {
            return true;
        }
        let range = self.subtree(id);
        self.nodes[range.start.min(self.nodes.len())..range.end.min(self.nodes.len())]
            .iter()
            .enumerate()
            .all(|(i, node)| {
                !matches!(node.data, Data::Mapping(_)) || self.entries(range.start + i).is_some()
            })
    }

    /// The ids of the nodes written inside `id` (itself included): a node's children
    /// follow it in the arena.
    pub fn subtree(&self, id: NodeId) -> std::ops::Range<NodeId> {
        let mut last = id;
        let mut stack = vec![id];
        while let Some(node) = stack.pop() {
            last = last.max(node);
            match &self.nodes[node].data {
                Data::Mapping(entries) => {
                    stack.extend(self.mapping(*entries).iter().flat_map(|e| [e.key, e.value]));
                }
                Data::Sequence(items) => stack.extend(self.sequence(*items).iter().copied()),
                _ => {}
            }
        }
        id..last + 1
    }

    /// The same tree, owning its text.
    fn into_owned(self) -> Tree<'static> {
        Tree {
            nodes: self
                .nodes
                .into_iter()
                .map(|node| Node {
                    kind: node.kind,
                    start: node.start,
                    end: node.end,
                    data: match node.data {
                        Data::Scalar { text, string_tag } => Data::Scalar {
                            text: Cow::Owned(text.into_owned()),
                            string_tag,
                        },
                        Data::Mapping(entries) => Data::Mapping(entries),
                        Data::Sequence(items) => Data::Sequence(items),
                        Data::Alias { target, anchor } => Data::Alias { target, anchor },
                    },
                })
                .collect(),
            entries: self.entries,
            items: self.items,
            root: self.root,
            merge_keys: self.merge_keys,
            json: self.json,
        }
    }

    fn is_merge_key(&self, key: NodeId) -> bool {
        matches!(&self.nodes[key].data, Data::Scalar { text, .. } if text == "<<")
    }
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: Mark,
    pub message: String,
    /// True when reading stopped because of alias expansion, not a syntax error.
    pub alias_bomb: bool,
}

/// Turns saphyr's character positions into byte offsets and whole-text lines.
struct Offsets<'a> {
    text: &'a str,
    base: usize,
    first_line: u32,
    /// A (character index, byte offset) pair on the way, to walk forward from.
    cursor: (usize, usize),
    /// The byte just past the text's last non-ASCII character (0 for an ASCII text,
    /// as most manifests are): from there on a character is a byte, and no walk is
    /// needed. A comment such as `# Dia 7 — StatefulSet` on the first line leaves
    /// the rest of the document to that shortcut.
    ascii_from: usize,
}

impl<'t> Offsets<'t> {
    /// A scalar's text borrowed from the document when it is written there as it
    /// reads (a one-line plain scalar, a quoted one without escapes): the parser
    /// hands every scalar over in a buffer of its own, and a tree of a large text
    /// holding thousands of them costs more to fill and to drop than one that
    /// points into the text.
    fn borrowed<'a>(
        &self,
        text: Cow<'a, str>,
        kind: NodeKind,
        start: Mark,
        end: Mark,
    ) -> Cow<'a, str>
    where
        't: 'a,
    {
        let Cow::Owned(owned) = &text else {
            return text;
        };
        let written = self
            .text
            .get(start.byte - self.base..end.byte - self.base)
            .and_then(|written| match kind {
                NodeKind::Plain => Some(written),
                NodeKind::Quoted => written.get(1..written.len().checked_sub(1)?),
                _ => None,
            });
        match written {
            Some(written) if written == owned => Cow::Borrowed(written),
            _ => text,
        }
    }

    fn mark(&mut self, marker: &Marker) -> Mark {
        let byte = self.walk_to(marker.index());
        Mark {
            byte: self.base + byte,
            line: self
                .first_line
                .saturating_add(to_u32(marker.line()).saturating_sub(1)),
            column: to_u32(marker.col()).saturating_add(1),
        }
    }
}

impl Offsets<'_> {
    /// The byte offset of the character at `target`, walking from the last place asked
    /// about (places come in text order, so the walks add up to one pass).
    fn walk_to(&mut self, target: usize) -> usize {
        if target < self.cursor.0 {
            self.cursor = (0, 0);
        }
        let (mut index, mut byte) = self.cursor;
        let bytes = self.text.as_bytes();
        // Before the last non-ASCII character, a character is its first byte and the
        // continuation bytes (0b10xx_xxxx) after it.
        while index < target && byte < self.ascii_from {
            byte += 1;
            while bytes.get(byte).is_some_and(|b| b & 0xC0 == 0x80) {
                byte += 1;
            }
            index += 1;
        }
        // After it, one byte per character.
        let step = (target - index).min(bytes.len() - byte);
        self.cursor = (index + step, byte + step);
        byte + step
    }
}

/// The byte just past the last non-ASCII character of `text` (0 when it has none),
/// found a chunk at a time from the end (a chunk's ASCII check reads words, not bytes).
fn ascii_from(text: &str) -> usize {
    const CHUNK: usize = 16;
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while end > 0 {
        let start = end.saturating_sub(CHUNK);
        let chunk = &bytes[start..end];
        if !chunk.is_ascii() {
            let last = chunk.iter().rposition(|b| !b.is_ascii()).unwrap_or(0);
            return start + last + 1;
        }
        end = start;
    }
    0
}

/// A collection being read.
struct Open {
    id: NodeId,
    anchor: usize,
    expanded_at_start: u64,
    /// Where its children start in the builder's `children`.
    first_child: usize,
}

struct Builder<'t, 'a> {
    offsets: Offsets<'t>,
    tree: Tree<'a>,
    stack: Vec<Open>,
    /// The children of the open collections, innermost last (a mapping's keys and
    /// values alternate): a collection's are moved to the end of the tree's lists
    /// when it closes, so that they stand together there.
    children: Vec<NodeId>,
    /// Where the last event ended: the place a token the scanner stopped in starts after.
    last_end: Mark,
}

/// How many bytes may be read again to get past tabs after colons (below), so that
/// even a 1 MiB document full of them is refused quickly rather than re-read forever.
const RETRY_BUDGET: usize = 4 << 20;

/// Read the document `text`, which starts at byte `base` and line `first_line` of a
/// whole text (pass `0, 1` for a text of its own). Only the first document of the
/// text is read.
pub fn parse(text: &str, base: usize, first_line: u32) -> Result<Tree<'_>, SyntaxError> {
    let mut problem = match read(text, base, first_line) {
        Ok(tree) => return Ok(tree),
        Err(problem) => problem,
    };
    // `key:<tab>value` is fine for libyaml (and so for kubectl), but saphyr refuses a
    // tab after a colon before a letter or a dash. The tabs are separation, not
    // content, so spaces in their place change no value and no position.
    let mut fixed = text.to_owned();
    let mut retries = RETRY_BUDGET / text.len().max(1);
    while let Some(after) = problem.tabs_after_colon {
        let Some(head) = fixed.get(..after) else {
            break;
        };
        let start = head.trim_end_matches([' ', '\t']).len();
        if retries == 0 || !head[..start].ends_with(':') {
            break;
        }
        retries -= 1;
        fixed.replace_range(start..after, &" ".repeat(after - start));
        problem = match read(&fixed, base, first_line) {
            Ok(tree) => return Ok(tree.into_owned()),
            Err(problem) => problem,
        };
    }
    Err(problem.error)
}

/// A document that could not be read, and whether tabs after a colon are why.
struct Problem {
    error: SyntaxError,
    /// The byte (in the document's own text) just past the tabs that follow a colon.
    tabs_after_colon: Option<usize>,
}

fn read(text: &str, base: usize, first_line: u32) -> Result<Tree<'_>, Problem> {
    let mut builder = Builder {
        offsets: Offsets {
            text,
            base,
            first_line,
            cursor: (0, 0),
            ascii_from: ascii_from(text),
        },
        tree: Tree {
            nodes: Vec::with_capacity(text.len() / 12),
            ..Tree::default()
        },
        stack: Vec::new(),
        children: Vec::new(),
        last_end: Mark {
            byte: base,
            line: first_line,
            column: 1,
        },
    };
    // Each anchor's node and how many values it expands to.
    let mut anchors: HashMap<usize, (NodeId, u64)> = HashMap::new();
    let mut expanded: u64 = 0;
    let mut extra: u64 = 0;
    let mut parser = Parser::new(TextInput::new(text));

    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(event) => event,
            Err(error) => {
                let at = builder.offsets.mark(error.marker());
                let tabs_after_colon = (error.info()
                    == "':' must be followed by a valid YAML whitespace")
                    .then_some(at.byte - base);
                return Err(Problem {
                    error: builder.explain(error.info(), at),
                    tabs_after_colon,
                });
            }
        };
        match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
            Event::DocumentEnd | Event::StreamEnd => {
                if builder.tree.root.is_some() && builder.stack.is_empty() {
                    break;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                expanded += 1;
                let kind = match style {
                    ScalarStyle::Plain => NodeKind::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => NodeKind::Quoted,
                    _ => NodeKind::BlockScalar,
                };
                let string_tag = tag.is_some_and(|t| {
                    t.suffix == "str" && matches!(t.handle.as_str(), "tag:yaml.org,2002:" | "!!")
                });
                let start = builder.offsets.mark(&span.start);
                let end = builder.offsets.mark(&span.end);
                let text = builder.offsets.borrowed(text, kind, start, end);
                // Only a scalar written `<<` where a key goes is a merge key.
                if matches!(text.as_bytes(), [b'<', b'<']) && builder.next_is_key() {
                    builder.tree.merge_keys = true;
                }
                let id = builder.push_at(kind, start, end, Data::Scalar { text, string_tag });
                if anchor != 0 {
                    anchors.insert(anchor, (id, 1));
                }
                builder.attach(id);
            }
            Event::Alias(anchor) => {
                let start = builder.offsets.mark(&span.start);
                let Some(&(target, weight)) = anchors.get(&anchor) else {
                    // The parser knows every anchor named so far; one it knows but this
                    // reader has not finished is the node the alias stands in.
                    return Err(Problem {
                        error: SyntaxError {
                            at: start,
                            message: "found an alias inside the node its anchor names, which would repeat forever".to_owned(),
                            alias_bomb: false,
                        },
                        tabs_after_colon: None,
                    });
                };
                expanded = expanded.saturating_add(weight);
                extra = extra.saturating_add(weight.saturating_sub(1));
                if extra > MAX_ALIAS_EXPANSION {
                    return Err(Problem {
                        error: SyntaxError {
                            at: start,
                            message: format!(
                                "aliases in this document expand to more than {MAX_ALIAS_EXPANSION} values; Ordinal refuses to expand them (is it a \"billion laughs\" document?)"
                            ),
                            alias_bomb: true,
                        },
                        tabs_after_colon: None,
                    });
                }
                let id = builder.push(NodeKind::Alias, &span, Data::Alias { target, anchor });
                builder.attach(id);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                expanded += 1;
                let mapping = matches!(event, Event::MappingStart(..));
                // A flow collection's start span covers its opening bracket; a block
                // collection's is empty.
                let flow = span.start.index() != span.end.index();
                let (kind, data) = match (mapping, flow) {
                    (true, true) => (NodeKind::FlowMapping, Data::Mapping(Children::default())),
                    (true, false) => (NodeKind::BlockMapping, Data::Mapping(Children::default())),
                    (false, true) => (NodeKind::FlowSequence, Data::Sequence(Children::default())),
                    (false, false) => {
                        (NodeKind::BlockSequence, Data::Sequence(Children::default()))
                    }
                };
                let id = builder.push(kind, &span, data);
                builder.stack.push(Open {
                    id,
                    anchor,
                    expanded_at_start: expanded - 1,
                    first_child: builder.children.len(),
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(open) = builder.stack.pop() else {
                    continue;
                };
                let end = builder.offsets.mark(&span.end);
                builder.last_end = end;
                let node = &mut builder.tree.nodes[open.id];
                node.end = Mark {
                    byte: end.byte.max(node.start.byte),
                    ..end
                };
                let mapping = matches!(node.data, Data::Mapping(_));
                let children = &builder.children[open.first_child..];
                let tree = &mut builder.tree;
                tree.nodes[open.id].data = if mapping {
                    let start = tree.entries.len();
                    tree.entries
                        .extend(children.chunks_exact(2).map(|pair| Entry {
                            key: pair[0],
                            value: pair[1],
                        }));
                    Data::Mapping(Children {
                        start,
                        end: tree.entries.len(),
                    })
                } else {
                    let start = tree.items.len();
                    tree.items.extend_from_slice(children);
                    Data::Sequence(Children {
                        start,
                        end: tree.items.len(),
                    })
                };
                builder.children.truncate(open.first_child);
                if open.anchor != 0 {
                    anchors.insert(open.anchor, (open.id, expanded - open.expanded_at_start));
                }
                builder.attach(open.id);
            }
        }
    }
    Ok(builder.tree)
}

impl<'a> Builder<'_, 'a> {
    fn push(&mut self, kind: NodeKind, span: &Span, data: Data<'a>) -> NodeId {
        let start = self.offsets.mark(&span.start);
        let end = self.offsets.mark(&span.end);
        self.push_at(kind, start, end, data)
    }

    fn push_at(&mut self, kind: NodeKind, start: Mark, end: Mark, data: Data<'a>) -> NodeId {
        self.last_end = end;
        self.tree.nodes.push(Node {
            kind,
            start,
            end,
            data,
        });
        self.tree.nodes.len() - 1
    }

    /// Hang a finished node on the collection being read, or make it the root.
    fn attach(&mut self, id: NodeId) {
        if self.stack.is_empty() {
            self.tree.root = Some(id);
        } else {
            self.children.push(id);
        }
    }

    /// Whether the next node read is a key: the collection being read is a mapping
    /// and has as many keys as values so far.
    fn next_is_key(&self) -> bool {
        self.stack.last().is_some_and(|open| {
            matches!(self.tree.nodes[open.id].data, Data::Mapping(_))
                && (self.children.len() - open.first_child) % 2 == 0
        })
    }

    /// A parser error in libyaml's words, which kubectl's YAML reader prints: the
    /// problem first, then the construct being read and where it began.
    fn explain(&self, info: &str, at: Mark) -> SyntaxError {
        let open = self.stack.last().map(|o| &self.tree.nodes[o.id]);
        let kind = open.map(|n| n.kind);
        let context = |what: &str| match open {
            Some(node) => format!(
                "while parsing {what} at line {} column {}",
                node.start.line, node.start.column
            ),
            None => format!("while parsing {what}"),
        };
        let flow_problem = matches!(
            info,
            "illegal placement of ':' indicator"
                | "unexpected eof"
                | "invalid indentation in flow construct"
                | "while parsing a flow sequence, expected ',' or ']'"
                | "while parsing a flow mapping, did not find expected ',' or '}'"
        );
        let (at, message) = match info {
            _ if flow_problem && kind == Some(NodeKind::FlowSequence) => (
                at,
                format!("did not find expected ',' or ']', {}", context("a flow sequence")),
            ),
            _ if flow_problem && kind == Some(NodeKind::FlowMapping) => (
                at,
                format!("did not find expected ',' or '}}', {}", context("a flow mapping")),
            ),
            "while parsing a block mapping, did not find expected key"
                if kind == Some(NodeKind::BlockMapping) =>
            {
                (
                    at,
                    format!("did not find expected key, {}", context("a block mapping")),
                )
            }
            "while parsing a block collection, did not find expected '-' indicator"
                if kind == Some(NodeKind::BlockSequence) =>
            {
                (
                    at,
                    format!(
                        "did not find expected '-' indicator, {}",
                        context("a block collection")
                    ),
                )
            }
            "simple key expect ':'" => {
                let key = self.next_token_after(self.last_end);
                (
                    at,
                    format!(
                        "could not find expected ':', while scanning a simple key at line {} column {}",
                        key.line, key.column
                    ),
                )
            }
            "tabs disallowed within this context (block indentation)"
            | "tabs disallowed in this context"
            | "tab cannot be used as indentation" => (
                self.back_over_tabs(at),
                "found character that cannot start any token (a tab: YAML indents with spaces, never tabs)"
                    .to_owned(),
            ),
            "misplaced bracket" => (
                at,
                "did not find expected node content (a closing bracket here closes nothing)"
                    .to_owned(),
            ),
            "invalid trailing content after double-quoted scalar" => (
                at,
                "found text after the closing quote of a quoted scalar".to_owned(),
            ),
            _ if info.starts_with("unexpected character: `") => {
                let found = info
                    .trim_start_matches("unexpected character: `")
                    .trim_end_matches('\'');
                (
                    at,
                    format!(
                        "found character that cannot start any token ({found} cannot start a plain value; quote the value)"
                    ),
                )
            }
            "invalid indentation in quoted scalar" => (
                at,
                "found a quoted scalar with no closing quote (it starts here and the next line does not continue it)".to_owned(),
            ),
            _ => (at, reorder(info)),
        };
        SyntaxError {
            at,
            message,
            alias_bomb: false,
        }
    }

    /// The place of the first token after `from`: past spaces, line breaks and comments.
    fn next_token_after(&self, from: Mark) -> Mark {
        let text = self.offsets.text;
        let mut mark = from;
        let mut rest = text
            .get(from.byte.saturating_sub(self.offsets.base)..)
            .unwrap_or("");
        let mut in_comment = false;
        while let Some(c) = rest.chars().next() {
            match c {
                '\n' => {
                    in_comment = false;
                    mark.line += 1;
                    mark.column = 1;
                }
                _ if in_comment => mark.column += 1,
                ' ' | '\t' | '\r' | '\u{feff}' => mark.column += 1,
                '#' => {
                    in_comment = true;
                    mark.column += 1;
                }
                _ => break,
            }
            mark.byte += c.len_utf8();
            rest = &rest[c.len_utf8()..];
        }
        mark
    }

    /// The first of the tabs just before `at` (the scanner stops past them).
    fn back_over_tabs(&self, at: Mark) -> Mark {
        let before = self
            .offsets
            .text
            .get(..at.byte.saturating_sub(self.offsets.base))
            .unwrap_or("");
        let tabs = before.len() - before.trim_end_matches('\t').len();
        Mark {
            byte: at.byte - tabs,
            line: at.line,
            column: at.column.saturating_sub(to_u32(tabs)).max(1),
        }
    }
}

/// saphyr writes "while scanning X, found Y"; libyaml puts the problem first.
fn reorder(info: &str) -> String {
    match info
        .strip_prefix("while ")
        .and_then(|rest| rest.split_once(", "))
    {
        Some((context, problem)) => format!("{problem}, while {context}"),
        None => info.to_owned(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
