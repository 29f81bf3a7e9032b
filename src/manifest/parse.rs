//! Multi-document YAML → typed Kubernetes objects, with located errors.
//!
//! The text is first cut into documents at `---` / `...` marker lines (YAML forbids
//! those markers inside any scalar at column 0, so the cut is exact). Each document is
//! then decoded on its own: a mistake in one never hides the others, and every
//! location is shifted back into the coordinates of the whole text.

use serde::de::DeserializeOwned;
use serde_yaml_ng::Value;

use super::error::ManifestError;
use crate::engine::Object;

/// A slice of the editor text holding one YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceDocument<'a> {
    /// 0-based index among the documents of the text.
    pub index: usize,
    /// 1-based line of the whole text on which this document's first line stands.
    pub first_line: u32,
    /// The document's own text (marker lines excluded).
    pub text: &'a str,
}

/// One decoded object and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// 0-based index of its YAML document.
    pub index: usize,
    /// 1-based line of the document's first content (after comments and `---`).
    pub first_line: u32,
    /// 1-based last line of its document in the whole text.
    pub last_line: u32,
    pub object: Object,
}

/// Everything decoded from a text: the objects that are fine and the mistakes in
/// the others. A text is usable as a whole only when `errors` is empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub errors: Vec<ManifestError>,
}

impl Parsed {
    /// True when every document decoded without a mistake.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Decode every document of `text`.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for source in split_documents(text) {
        match decode(&source) {
            Ok(Some(object)) => parsed.documents.push(Document {
                index: source.index,
                first_line: first_content_line(&source),
                last_line: source.first_line + line_count(source.text).saturating_sub(1),
                object,
            }),
            Ok(None) => {}
            Err(error) => parsed.errors.push(error),
        }
    }
    parsed
}

/// Cut `text` into its YAML documents at the `---` and `...` marker lines.
///
/// A document starts on its `---` line (the YAML parser accepts the marker, and
/// columns on that line stay exact) and ends before the next marker. A stretch
/// holding only comments and directives (`%YAML`) before a `---` is no document.
pub fn split_documents(text: &str) -> Vec<SourceDocument<'_>> {
    let mut documents = Vec::new();
    let mut start = 0usize; // byte offset where the current document starts
    let mut first_line = 1u32;
    let mut offset = 0usize;
    let mut only_preamble = true; // nothing but blanks, comments and directives so far

    for (line_number, line) in (1u32..).zip(text.split_inclusive('\n')) {
        let bare = line.trim_end_matches(['\n', '\r']);
        if is_marker(bare, "---") || is_marker(bare, "...") {
            if !only_preamble {
                push_document(&mut documents, text, start, offset, first_line);
            }
            if let Some(rest) = bare.strip_prefix("---") {
                start = offset;
                first_line = line_number;
                only_preamble = is_preamble(rest);
            } else {
                start = offset + line.len();
                first_line = line_number + 1;
                only_preamble = true;
            }
        } else if !is_preamble(bare) {
            only_preamble = false;
        }
        offset += line.len();
    }
    if !only_preamble {
        push_document(&mut documents, text, start, text.len(), first_line);
    }
    documents
}

fn is_preamble(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#') || t.starts_with('%')
}

fn push_document<'a>(
    documents: &mut Vec<SourceDocument<'a>>,
    text: &'a str,
    start: usize,
    end: usize,
    first_line: u32,
) {
    documents.push(SourceDocument {
        index: documents.len(),
        first_line,
        text: &text[start..end],
    });
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

fn line_count(text: &str) -> u32 {
    u32::try_from(text.lines().count().max(1)).unwrap_or(u32::MAX)
}

/// Decode one document: `Ok(None)` for an empty one.
fn decode(source: &SourceDocument<'_>) -> Result<Option<Object>, ManifestError> {
    let value: Value = serde_yaml_ng::from_str(source.text).map_err(|e| locate(source, &e))?;
    let mapping = match value {
        Value::Null => return Ok(None),
        Value::Mapping(mapping) => mapping,
        _ => {
            return Err(at_document_start(
                source,
                "a Kubernetes object must be a YAML mapping (key: value pairs)".to_owned(),
            ))
        }
    };
    let field = |name: &str| mapping.get(name).and_then(Value::as_str).map(str::to_owned);
    let (api_version, kind) = match (field("apiVersion"), field("kind")) {
        (Some(a), Some(k)) => (a, k),
        (a, k) => {
            let mut missing = Vec::new();
            if a.is_none() {
                missing.push("apiVersion not set");
            }
            if k.is_none() {
                missing.push("kind not set");
            }
            return Err(at_document_start(
                source,
                format!("error validating data: [{}]", missing.join(", ")),
            ));
        }
    };

    let text = source.text;
    let object = match (api_version.as_str(), kind.as_str()) {
        ("apps/v1", "StatefulSet") => Object::StatefulSet(typed(source, text)?),
        ("v1", "Service") => Object::Service(typed(source, text)?),
        ("v1", "PersistentVolumeClaim") => Object::PersistentVolumeClaim(typed(source, text)?),
        ("v1", "PersistentVolume") => Object::PersistentVolume(typed(source, text)?),
        ("storage.k8s.io/v1", "StorageClass") => Object::StorageClass(typed(source, text)?),
        ("v1", "Pod") => Object::Pod(typed(source, text)?),
        ("apps/v1", "Deployment") => Object::Deployment(typed(source, text)?),
        ("v1", "ConfigMap") => Object::ConfigMap(typed(source, text)?),
        ("v1", "Namespace") => Object::Namespace(typed(source, text)?),
        _ => {
            let (line, column) = top_level_key(text, "kind").unwrap_or((1, 1));
            return Err(ManifestError {
                line: source.first_line + line - 1,
                column,
                document: source.index,
                // kubectl's wording for a kind the API server does not serve.
                message: format!(
                    "resource mapping not found for name: {:?}: no matches for kind {:?} in version {:?}",
                    mapping.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or(""),
                    kind,
                    api_version
                ),
            });
        }
    };
    Ok(Some(object))
}

fn typed<T: DeserializeOwned>(
    source: &SourceDocument<'_>,
    text: &str,
) -> Result<Box<T>, ManifestError> {
    serde_yaml_ng::from_str::<T>(text)
        .map(Box::new)
        .map_err(|e| locate(source, &e))
}

/// Place a YAML library error in the whole text's coordinates.
fn locate(source: &SourceDocument<'_>, error: &serde_yaml_ng::Error) -> ManifestError {
    let (line, column) = error
        .location()
        .map(|l| (to_u32(l.line()), to_u32(l.column())))
        .unwrap_or((1, 1));
    let raw = error.to_string();
    // The library appends " at line L column C" for the primary location; that is
    // carried in the fields instead. Other mentions ("while parsing a flow sequence
    // at line 2 column 4") are kept, shifted to the whole text.
    let primary = format!(" at line {line} column {column}");
    let message = match raw.find(&primary) {
        Some(at) => format!("{}{}", &raw[..at], &raw[at + primary.len()..]),
        None => raw,
    };
    ManifestError {
        line: source.first_line + line.max(1) - 1,
        column: column.max(1),
        document: source.index,
        message: shift_line_mentions(&message, source.first_line - 1),
    }
}

/// Add `by` to every "line N" mentioned in a library message.
fn shift_line_mentions(message: &str, by: u32) -> String {
    if by == 0 {
        return message.to_owned();
    }
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        let (head, tail) = rest.split_at(at + "line ".len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        match tail[..digits].parse::<u32>() {
            Ok(n) => out.push_str(&(n.saturating_add(by)).to_string()),
            Err(_) => out.push_str(&tail[..digits]),
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// The 1-based line of a document's first content, past comments and its `---`.
fn first_content_line(source: &SourceDocument<'_>) -> u32 {
    let offset = source
        .text
        .lines()
        .position(|l| !is_preamble(l) && !is_marker(l, "---"))
        .unwrap_or(0);
    source.first_line + to_u32(offset)
}

fn at_document_start(source: &SourceDocument<'_>, message: String) -> ManifestError {
    ManifestError {
        line: first_content_line(source),
        column: 1,
        document: source.index,
        message,
    }
}

/// 1-based (line, column) of a top-level `key:` in a document.
fn top_level_key(text: &str, key: &str) -> Option<(u32, u32)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix(key)?;
        rest.trim_start()
            .starts_with(':')
            .then(|| (to_u32(i + 1), 1))
    })
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
