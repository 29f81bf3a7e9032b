//! Writing a change back into the editor text: replace the value of one field, or
//! insert the field where it is missing, keeping every other byte (comments,
//! formatting, quoting, line endings) exactly as the student wrote it.
//!
//! This is how an imperative command (`kubectl scale --replicas=5`) shows up in the
//! text the student owns. The edit is checked by reading the result back.

use std::fmt;

use super::path::{self, Segment};
use super::spans::{self, NodeKind};
use super::split_documents;

/// Why a field could not be written into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The text has no document with that index.
    NoSuchDocument { document: usize },
    /// The document cannot be read as YAML right now (the student is mid-edit).
    Unreadable { message: String },
    /// The field's value spans several lines (a block); it is not replaced in place.
    NotInline { path: String },
    /// The field is missing and cannot be added where its parent is.
    CannotInsert { path: String, reason: String },
    /// The edited text would not read back with the new value in place.
    WouldBreak { path: String },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoSuchDocument { document } => {
                write!(f, "the text has no document {}", document + 1)
            }
            EditError::Unreadable { message } => {
                write!(f, "the document cannot be read: {message}")
            }
            EditError::NotInline { path } => {
                write!(
                    f,
                    "{path} holds a block value that cannot be replaced in place"
                )
            }
            EditError::CannotInsert { path, reason } => write!(f, "cannot add {path}: {reason}"),
            EditError::WouldBreak { path } => {
                write!(f, "writing {path} would break the document")
            }
        }
    }
}

impl std::error::Error for EditError {}

/// A value written as a YAML scalar or flow value, quoted when YAML needs it
/// (`5`, `nginx:1.27`, `'007'`).
pub fn yaml_value<T: serde::Serialize>(value: &T) -> String {
    serde_yaml_ng::to_string(value)
        .map(|s| s.trim_end_matches('\n').to_owned())
        .unwrap_or_default()
}

/// Set field `path` (`spec.replicas`) of document `document` (0-based, as in
/// [`crate::manifest::Document::index`]) of `text` to `value`, written as YAML
/// (`5`, `"nginx:1.27"`, `[a, b]`). An existing inline value is replaced byte for
/// byte; a missing field is added, with any missing parent mappings, as the first
/// key of its nearest block-mapping ancestor, indented like its siblings.
pub fn set_field(
    text: &str,
    document: usize,
    path: &str,
    value: &str,
) -> Result<String, EditError> {
    let documents = split_documents(text);
    let source = documents
        .get(document)
        .ok_or(EditError::NoSuchDocument { document })?;
    let spans = spans::scan(source.text, source.offset, source.first_line).map_err(|problem| {
        EditError::Unreadable {
            message: problem.message,
        }
    })?;
    let shown = path::canonical(path);
    let single_line = !value.contains(['\n', '\r']);

    let edited = if let Some(span) = spans.get(&shown) {
        if !span.kind.is_inline() || !single_line {
            return Err(EditError::NotInline { path: shown });
        }
        let range = span.value_bytes;
        let mut out = String::with_capacity(text.len() + value.len());
        out.push_str(&text[..range.start]);
        out.push_str(value);
        out.push_str(&text[range.end..]);
        out
    } else {
        if !single_line {
            return Err(EditError::NotInline { path: shown });
        }
        insert(text, &spans, &shown, value)?
    };

    // Read the edit back: the field must now hold exactly the value written.
    let documents = split_documents(&edited);
    let ok = documents.get(document).is_some_and(|source| {
        spans::scan(source.text, source.offset, source.first_line)
            .ok()
            .and_then(|spans| spans.get(&shown).copied())
            .is_some_and(|span| {
                edited.get(span.value_bytes.start..span.value_bytes.end) == Some(value)
            })
    });
    if !ok {
        return Err(EditError::WouldBreak { path: shown });
    }
    Ok(edited)
}

/// Add the missing field `path` under its nearest block-mapping ancestor.
fn insert(text: &str, spans: &spans::Spans, path: &str, value: &str) -> Result<String, EditError> {
    let segments = path::parse(path);
    let cannot = |reason: &str| EditError::CannotInsert {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let (ancestor, span) = spans
        .nearest(path)
        .ok_or_else(|| cannot("the document is empty"))?;
    let depth = path::parse(&ancestor).len();
    let missing = &segments[depth..];
    let keys: Vec<&str> = missing
        .iter()
        .map(|s| match s {
            Segment::Key(k) => Ok(k.as_str()),
            Segment::Index(_) => Err(cannot(
                "a list item is missing; only mapping keys are added",
            )),
        })
        .collect::<Result<_, _>>()?;
    if span.kind != NodeKind::BlockMapping {
        return Err(cannot(&format!(
            "{} is not a block mapping",
            if ancestor.is_empty() {
                "the document"
            } else {
                &ancestor
            }
        )));
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let children = spans.children(&ancestor);

    // Before the first sibling whose key starts its own line, with its indentation;
    // else after the first sibling whose value ends its line (a `- key: v` item).
    let mut place = None;
    for (_, child) in &children {
        let Some(key) = child.key_bytes else { continue };
        let line_start = text[..key.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let indent = &text[line_start..key.start];
        if indent.chars().all(|c| c == ' ') {
            place = Some((line_start, indent.len(), false));
            break;
        }
    }
    if place.is_none() {
        if let Some((_, child)) = children
            .iter()
            .find(|(_, c)| c.kind.is_inline() && c.key.is_some())
        {
            let end = child.value_bytes.end;
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            let column = child.key.map_or(1, |k| k.column) as usize;
            place = Some((
                line_end,
                column.saturating_sub(1),
                line_end == text.len() && !text.ends_with('\n'),
            ));
        }
    }
    let (at, indent, needs_leading_newline) =
        place.ok_or_else(|| cannot("its parent mapping has no key to line it up with"))?;

    let mut block = String::new();
    if needs_leading_newline {
        block.push_str(newline);
    }
    for (level, key) in keys.iter().enumerate() {
        block.push_str(&" ".repeat(indent + 2 * level));
        block.push_str(&yaml_key(key));
        block.push(':');
        if level + 1 == keys.len() {
            block.push(' ');
            block.push_str(value);
        }
        block.push_str(newline);
    }
    if needs_leading_newline {
        block.truncate(block.len() - newline.len());
    }
    let mut out = String::with_capacity(text.len() + block.len());
    out.push_str(&text[..at]);
    out.push_str(&block);
    out.push_str(&text[at..]);
    Ok(out)
}

/// A mapping key as YAML needs it written.
fn yaml_key(key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !key.starts_with(['-', '.']);
    if plain {
        key.to_owned()
    } else {
        yaml_value(&key)
    }
}
