//! Multi-document YAML → typed Kubernetes objects, with located errors.
//!
//! The text is first cut into documents at `---` / `...` marker lines (YAML forbids
//! those markers inside any scalar at column 0, so the cut is exact). Each document is
//! then read once into a positioned YAML tree, from which come both the field
//! positions and the typed object (decoded with strict field checks), and validated
//! as the API server would: a mistake in one never hides the others, and every
//! location is in the coordinates of the whole text.

use std::collections::HashMap;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::error::ManifestError;
use super::path::{self, Segment};
use super::schema;
use super::spans::{FieldSpan, NodeKind, Position, Spans};
use crate::engine::validation::{self, FieldError};
use crate::engine::{Object, ObjectKey, DEFAULT_NAMESPACE};
use crate::yaml::{self, Data, NodeId, Tree};

/// The largest editor text Ordinal reads: a generous bound for hand-written
/// manifests that keeps every parse well inside one animation frame budget.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// A slice of the editor text holding one YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceDocument<'a> {
    /// 0-based index among the documents of the text.
    pub index: usize,
    /// 1-based line of the whole text on which this document's first line stands.
    pub first_line: u32,
    /// Byte offset of the document's first character in the whole text.
    pub offset: usize,
    /// The document's own text (marker lines excluded).
    pub text: &'a str,
}

/// One decoded, valid object and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// 0-based index of its YAML document.
    pub index: usize,
    /// Its position among the `items` of a `kind: List` document, if it is in one.
    pub item: Option<usize>,
    /// 1-based line of the document's first content (after comments and `---`).
    pub first_line: u32,
    /// 1-based last line of its document in the whole text.
    pub last_line: u32,
    pub object: Object,
    /// Where each field of its YAML document stands (shared by a List's items).
    pub spans: Arc<Spans>,
}

impl Document {
    /// The key the object is stored under once applied (namespaced kinds default
    /// to the `default` namespace).
    pub fn key(&self) -> ObjectKey {
        object_key(&self.object)
    }

    /// The field path inside the YAML document of `path` of this object: the same
    /// path, or under `items[i]` for an item of a List.
    pub fn document_path(&self, path: &str) -> String {
        match self.item {
            Some(i) => path::canonical(&format!("items[{i}].{path}")),
            None => path::canonical(path),
        }
    }

    /// The span of the object's field `path` (`spec.replicas`), if it is in the text.
    pub fn span(&self, path: &str) -> Option<&FieldSpan> {
        self.spans.get(&self.document_path(path))
    }

    /// Where a mistake about `path` is shown: the field, or its nearest ancestor in
    /// the text, or the document's first line.
    pub fn position(&self, path: &str) -> Position {
        let segments = written_path(&self.spans, &path::parse(path), |s| {
            self.document_path(&path::format(s))
        });
        self.spans
            .nearest(&self.document_path(&path::format(&segments)))
            .map(|(_, span)| span.at())
            .unwrap_or(Position {
                line: self.first_line,
                column: 1,
            })
    }
}

/// A document (or List item) that names an object but could not be used: it did not
/// decode, or the API server would refuse it. Applying the text leaves its live
/// object as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// 0-based index of its YAML document.
    pub index: usize,
    /// Its position among the items of a List, if it is in one.
    pub item: Option<usize>,
    /// The object it names, when its kind, name and namespace could be read; `None`
    /// when the document is too broken to tell (then nothing may be pruned).
    pub key: Option<ObjectKey>,
}

/// Everything decoded from a text: the objects that are fine, the mistakes in the
/// others, and warnings about what will not work as intended. A text is usable as a
/// whole only when `errors` is empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub errors: Vec<ManifestError>,
    /// Things a real cluster accepts but that will not work as the student expects
    /// (a `serviceName` naming no Service; a pod template the pods will be refused for).
    pub warnings: Vec<ManifestError>,
    /// Documents that name an object but could not be used.
    pub rejected: Vec<Rejected>,
}

impl Parsed {
    /// True when every document decoded and validated without a mistake.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// True when every document that was not used still said which object it
    /// names, so that an apply with prune knows what the text keeps.
    pub fn all_identified(&self) -> bool {
        self.rejected.iter().all(|r| r.key.is_some())
    }
}

/// Decode and validate every document of `text`.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    if text.len() > MAX_TEXT_BYTES {
        parsed.errors.push(ManifestError::at(
            1,
            1,
            0,
            format!(
                "the manifest is {} bytes long; Ordinal reads manifests of at most {MAX_TEXT_BYTES} bytes (1 MiB)",
                text.len()
            ),
        ));
        parsed.rejected.push(Rejected {
            index: 0,
            item: None,
            key: None,
        });
        return parsed;
    }
    let mut reader = Reader {
        text,
        parsed: &mut parsed,
    };
    for source in split_documents(text) {
        reader.read(&source);
    }
    cross_document_warnings(&mut parsed);
    parsed
        .errors
        .sort_by_key(|e| (e.line, e.column, e.document));
    parsed
        .warnings
        .sort_by_key(|e| (e.line, e.column, e.document));
    parsed
}

/// The key `object` is stored under once applied.
pub fn object_key(object: &Object) -> ObjectKey {
    let mut key = ObjectKey::of(object);
    if object.is_namespaced() && key.namespace.is_empty() {
        key.namespace = DEFAULT_NAMESPACE.into();
    }
    if !object.is_namespaced() {
        key.namespace = "".into();
    }
    key
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
        // Most lines start with neither marker's first character, and after the
        // preamble only a marker line matters.
        let may_be_marker = matches!(line.as_bytes().first(), Some(b'-' | b'.'));
        if !may_be_marker && !only_preamble {
            offset += line.len();
            continue;
        }
        let bare = without_line_breaks(line);
        if may_be_marker && (is_marker(bare, "---") || is_marker(bare, "...")) {
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
        } else if only_preamble && !is_preamble(bare) {
            only_preamble = false;
        }
        offset += line.len();
    }
    if !only_preamble {
        push_document(&mut documents, text, start, text.len(), first_line);
    }
    documents
}

/// The line without the line breaks (`\n`, `\r`) at its end.
fn without_line_breaks(line: &str) -> &str {
    let end = line
        .bytes()
        .rposition(|b| b != b'\n' && b != b'\r')
        .map_or(0, |last| last + 1);
    // Both are ASCII, so `end` is on a character boundary.
    &line[..end]
}

fn is_preamble(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t', '\u{feff}']);
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
        offset: start,
        text: &text[start..end],
    });
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// How many lines `text` spans (as `str::lines` counts them, at least one), by
/// counting line feeds: one byte-wise pass rather than a walk line by line.
fn line_count(text: &str) -> u32 {
    let breaks = text.bytes().filter(|&b| b == b'\n').count();
    let unterminated = usize::from(!text.is_empty() && !text.ends_with('\n'));
    u32::try_from((breaks + unterminated).max(1)).unwrap_or(u32::MAX)
}

/// What a document says it is, read before it is decoded.
#[derive(Debug, Clone, Default)]
struct Identity {
    api_version: String,
    kind: String,
    name: String,
    namespace: Option<String>,
}

impl Identity {
    /// What the mapping at `node` says at the identifying fields (merge keys applied).
    fn of(tree: &Tree<'_>, node: NodeId) -> Identity {
        let field = |mapping: NodeId, name: &str| {
            tree.entries(mapping)?
                .iter()
                .find(|e| tree.scalar(e.key) == Some(name))
                .map(|e| e.value)
        };
        let text = |mapping: Option<NodeId>, name: &str| {
            mapping
                .and_then(|m| field(m, name))
                .and_then(|v| tree.scalar(v))
                .map(str::to_owned)
        };
        let metadata = field(node, "metadata");
        Identity {
            api_version: text(Some(node), "apiVersion").unwrap_or_default(),
            kind: text(Some(node), "kind").unwrap_or_default(),
            name: text(metadata, "name").unwrap_or_default(),
            namespace: text(metadata, "namespace"),
        }
    }

    /// The key of the live object this names, if its kind is one Ordinal serves.
    fn key(&self) -> Option<ObjectKey> {
        let (kind, namespaced) = served_kind(&self.api_version, &self.kind)?;
        if self.name.is_empty() {
            return None;
        }
        let namespace = if namespaced {
            self.namespace
                .as_deref()
                .filter(|n| !n.is_empty())
                .unwrap_or(DEFAULT_NAMESPACE)
        } else {
            ""
        };
        Some(ObjectKey::from_parts(kind, namespace, &self.name))
    }
}

/// The kinds the simulated API server serves, with whether they are namespaced.
fn served_kind(api_version: &str, kind: &str) -> Option<(&'static str, bool)> {
    Some(match (api_version, kind) {
        ("apps/v1", "StatefulSet") => ("StatefulSet", true),
        ("apps/v1", "Deployment") => ("Deployment", true),
        ("v1", "Service") => ("Service", true),
        ("v1", "PersistentVolumeClaim") => ("PersistentVolumeClaim", true),
        ("v1", "PersistentVolume") => ("PersistentVolume", false),
        ("storage.k8s.io/v1", "StorageClass") => ("StorageClass", false),
        ("v1", "Pod") => ("Pod", true),
        ("v1", "ConfigMap") => ("ConfigMap", true),
        ("v1", "Namespace") => ("Namespace", false),
        _ => return None,
    })
}

/// Why typed decoding failed.
struct Failure {
    path: Vec<Segment>,
    message: String,
    /// Where the value it is about starts in the whole text.
    location: Option<Position>,
    /// The required field that is missing, when that is the failure.
    missing: Option<String>,
}

/// Fields a type did not know, each with the closest field name it does know.
type Unknown = Vec<(Vec<Segment>, Option<&'static str>)>;

/// A decoded object and the fields its type did not know.
type Decoded = (Object, Unknown);

struct Reader<'t, 'p> {
    text: &'t str,
    parsed: &'p mut Parsed,
}

impl Reader<'_, '_> {
    fn read(&mut self, source: &SourceDocument<'_>) {
        let first_line = first_content_line(source);
        let tree = match yaml::parse(source.text, source.offset, source.first_line) {
            Ok(tree) => tree,
            Err(problem) => {
                self.reject(source.index, None, None);
                self.parsed.errors.push(ManifestError::at(
                    problem.at.line,
                    problem.at.column,
                    source.index,
                    problem.message,
                ));
                return;
            }
        };
        let spans = Spans::of(&tree);
        if let Some(duplicate) = spans.duplicates().first() {
            // goyaml's words, as kubectl prints them for a key written twice.
            self.reject(source.index, None, None);
            let mut error = ManifestError::at(
                duplicate.at.line,
                duplicate.at.column,
                source.index,
                format!(
                    "mapping key {:?} already defined at line {}",
                    duplicate.key, duplicate.first_line
                ),
            );
            error.end_line = duplicate.at.line;
            error.end_column = duplicate
                .at
                .column
                .saturating_add(to_u32(duplicate.key.chars().count()));
            self.parsed.errors.push(error);
            return;
        }
        let Some(root) = tree.root() else {
            return;
        };
        let node = tree.node(root);
        match &node.data {
            Data::Mapping(_) => {}
            Data::Scalar { text, .. }
                if node.kind == NodeKind::Plain
                    && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL") =>
            {
                return;
            }
            _ => {
                self.reject(source.index, None, None);
                self.parsed.errors.push(ManifestError::at(
                    first_line,
                    1,
                    source.index,
                    "a Kubernetes object must be a YAML mapping (key: value pairs)".to_owned(),
                ));
                return;
            }
        }
        let spans = Arc::new(spans);
        let identity = Identity::of(&tree, root);
        if identity.api_version == "v1" && identity.kind == "List" {
            self.read_list(source, &tree, root, &spans, first_line);
            return;
        }
        let site = Site {
            source,
            item: None,
            spans: &spans,
            first_line,
        };
        if !tree.merges_are_valid(root) {
            self.reject(source.index, None, identity.key());
            let position = spans.get("").map(|s| s.value).unwrap_or(Position {
                line: first_line,
                column: 1,
            });
            self.parsed.errors.push(ManifestError::at(
                position.line,
                position.column,
                source.index,
                MERGE_KEY_PROBLEM.to_owned(),
            ));
            return;
        }
        self.read_object(&site, &identity, &tree, root);
    }

    fn read_list(
        &mut self,
        source: &SourceDocument<'_>,
        tree: &Tree<'_>,
        root: NodeId,
        spans: &Arc<Spans>,
        first_line: u32,
    ) {
        let items = tree.entries(root).and_then(|entries| {
            entries
                .iter()
                .find(|e| tree.scalar(e.key) == Some("items"))
                .map(|e| tree.resolve(e.value))
        });
        let items: Vec<NodeId> = match items.map(|id| (id, &tree.node(id).data)) {
            None => Vec::new(),
            Some((_, Data::Sequence(items))) => tree.sequence(*items).to_vec(),
            Some((id, Data::Scalar { text, .. }))
                if tree.node(id).kind == NodeKind::Plain
                    && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL") =>
            {
                Vec::new()
            }
            Some(_) => {
                self.reject(source.index, None, None);
                let position = spans.get("items").map(FieldSpan::at).unwrap_or(Position {
                    line: first_line,
                    column: 1,
                });
                self.parsed.errors.push(ManifestError::at(
                    position.line,
                    position.column,
                    source.index,
                    "items: a List's items must be a sequence of objects".to_owned(),
                ));
                return;
            }
        };
        for (i, item) in items.into_iter().enumerate() {
            let site = Site {
                source,
                item: Some(i),
                spans,
                first_line,
            };
            let item = tree.resolve(item);
            if !matches!(tree.node(item).data, Data::Mapping(_)) {
                self.reject(source.index, Some(i), None);
                self.error_at(
                    &site,
                    &[],
                    "a Kubernetes object must be a YAML mapping (key: value pairs)".to_owned(),
                );
                continue;
            }
            let identity = Identity::of(tree, item);
            if !tree.merges_are_valid(item) {
                self.reject(source.index, Some(i), identity.key());
                self.error_at(&site, &[], MERGE_KEY_PROBLEM.to_owned());
                continue;
            }
            self.read_object(&site, &identity, tree, item);
        }
    }

    /// Decode, check and validate one object; keep it or reject it.
    fn read_object(
        &mut self,
        site: &Site<'_, '_>,
        identity: &Identity,
        tree: &Tree<'_>,
        node: NodeId,
    ) {
        let index = site.source.index;
        if identity.api_version.is_empty() || identity.kind.is_empty() {
            let mut missing = Vec::new();
            if identity.api_version.is_empty() {
                missing.push("apiVersion not set");
            }
            if identity.kind.is_empty() {
                missing.push("kind not set");
            }
            self.reject(index, site.item, None);
            self.error_at(
                site,
                &[],
                format!("error validating data: [{}]", missing.join(", ")),
            );
            return;
        }
        let decoded = match decode(&identity.api_version, &identity.kind, tree, node) {
            Some(decoded) => decoded,
            None => {
                self.reject(index, site.item, None);
                // kubectl's wording for a kind the API server does not serve.
                let message = format!(
                    "resource mapping not found for name: {:?}: no matches for kind {:?} in version {:?}",
                    identity.name, identity.kind, identity.api_version
                );
                let kind_path = [Segment::Key("kind".to_owned())];
                let position = site.position(&kind_path);
                let mut error = ManifestError::at(position.line, 1, index, message);
                error.path = Some("kind".to_owned());
                self.push_error(error, site, &kind_path);
                if let (Some(hint), Some(last)) =
                    (kind_hint(&identity.kind), self.parsed.errors.last_mut())
                {
                    last.hint = Some(hint);
                }
                return;
            }
        };
        let (object, unknown) = match decoded {
            Ok(decoded) => decoded,
            Err(failure) => {
                self.reject(index, site.item, identity.key());
                self.decode_failure(site, identity, failure);
                return;
            }
        };
        let mut refused = false;
        for (field, suggestion) in unknown {
            refused = true;
            let shown = path::format(&field);
            let position = site.key_position(&field);
            let mut error = ManifestError::at(
                position.line,
                position.column,
                index,
                format!("strict decoding error: unknown field {shown:?}"),
            );
            error.path = Some(shown);
            error.hint = suggestion.map(|s| format!("did you mean `{s}`?"));
            if let Some(span) = site.span(&field) {
                if let (Some(bytes), Some(key)) = (span.key_bytes, span.key) {
                    let width = self
                        .text
                        .get(bytes.start..bytes.end)
                        .map_or(0, |k| k.chars().count());
                    error.end_line = key.line;
                    error.end_column = key.column.saturating_add(to_u32(width));
                }
            }
            self.parsed.errors.push(error);
        }
        // Strict decoding refuses the object before validation ever runs.
        let field_errors = if refused {
            Vec::new()
        } else {
            validation::validate(&object)
        };
        for mut field_error in field_errors {
            refused = true;
            // A selector left out decodes as an empty one; the server says it is missing.
            if field_error.path == "spec.selector"
                && field_error.detail.starts_with("empty selector")
                && site.span(&path::parse("spec.selector")).is_none()
            {
                field_error = FieldError::required("spec.selector", "");
            }
            let message = validation::invalid_message(
                object.kind(),
                object.name(),
                std::slice::from_ref(&field_error),
            );
            let segments = path::parse(&field_error.path);
            let error = self.field_error_at(site, &segments, message, &field_error);
            self.parsed.errors.push(error);
        }
        if let Object::StatefulSet(sts) = &object {
            for field_error in validation::statefulset_deferred_errors(sts) {
                let claim = field_error.path.starts_with("spec.volumeClaimTemplates");
                let mut warning = self.field_error_at(
                    site,
                    &path::parse(&field_error.path),
                    field_error.to_string(),
                    &field_error,
                );
                warning.hint = Some(if claim {
                    "the API server accepts this StatefulSet, but every PersistentVolumeClaim made from this template will be refused with this error, so its pods never start".to_owned()
                } else {
                    "the API server accepts this StatefulSet, but every Pod made from its template will be refused with this error".to_owned()
                });
                self.parsed.warnings.push(warning);
            }
        }
        if refused {
            self.reject(index, site.item, Some(object_key(&object)));
            return;
        }
        self.parsed.documents.push(Document {
            index,
            item: site.item,
            first_line: site.first_line,
            last_line: site.source.first_line + line_count(site.source.text).saturating_sub(1),
            object,
            spans: Arc::clone(site.spans),
        });
    }

    fn decode_failure(&mut self, site: &Site<'_, '_>, identity: &Identity, failure: Failure) {
        if let Some(field) = failure.missing {
            let mut segments = failure.path.clone();
            segments.push(Segment::Key(field));
            let shown = path::format(&segments);
            let message = validation::invalid_message(
                &identity.kind,
                &identity.name,
                &[FieldError::required(&shown, "")],
            );
            let position = site.key_position(&failure.path);
            let mut error =
                ManifestError::at(position.line, position.column, site.source.index, message);
            error.path = Some(shown);
            self.parsed.errors.push(error);
            return;
        }
        let shown = path::format(&failure.path);
        let message = if failure.path.is_empty() {
            failure.message.clone()
        } else {
            format!("{shown}: {}", failure.message)
        };
        // A field the walk did not record (inside an alias or a merged mapping): the
        // node's own place is the best there is.
        let exact = !failure.path.is_empty() && site.span(&failure.path).is_some();
        let position = match (exact, failure.location) {
            (false, Some(location)) => location,
            _ => site.position(&failure.path),
        };
        let mut error =
            ManifestError::at(position.line, position.column, site.source.index, message);
        error.path = (!failure.path.is_empty()).then_some(shown);
        self.push_error(error, site, &failure.path);
    }

    /// A located error about a field, underlining an inline value when the field is there.
    fn field_error_at(
        &self,
        site: &Site<'_, '_>,
        segments: &[Segment],
        message: String,
        field_error: &FieldError,
    ) -> ManifestError {
        let position = site.position(segments);
        let mut error =
            ManifestError::at(position.line, position.column, site.source.index, message);
        error.path = Some(field_error.path.clone());
        if let Some(span) = site.span(segments) {
            if span.kind.is_inline() && span.value_end.line == span.value.line {
                error.end_line = span.value_end.line;
                error.end_column = span.value_end.column;
            }
        }
        error
    }

    fn push_error(&mut self, mut error: ManifestError, site: &Site<'_, '_>, segments: &[Segment]) {
        if let Some(span) = site.span(segments) {
            let at = Position {
                line: error.line,
                column: error.column,
            };
            if span.kind.is_inline() && span.value == at {
                error.end_line = span.value_end.line;
                error.end_column = span.value_end.column;
            }
        }
        self.parsed.errors.push(error);
    }

    fn error_at(&mut self, site: &Site<'_, '_>, segments: &[Segment], message: String) {
        let position = site.position(segments);
        let error = ManifestError::at(position.line, position.column, site.source.index, message);
        self.parsed.errors.push(error);
    }

    fn reject(&mut self, index: usize, item: Option<usize>, key: Option<ObjectKey>) {
        self.parsed.rejected.push(Rejected { index, item, key });
    }
}

/// Where an object stands: its document, its place in a List, its fields' spans.
struct Site<'s, 'a> {
    source: &'s SourceDocument<'a>,
    item: Option<usize>,
    spans: &'s Arc<Spans>,
    first_line: u32,
}

impl Site<'_, '_> {
    fn document_path(&self, segments: &[Segment]) -> String {
        let mut full = Vec::with_capacity(segments.len() + 2);
        if let Some(i) = self.item {
            full.push(Segment::Key("items".to_owned()));
            full.push(Segment::Index(i));
        }
        full.extend_from_slice(segments);
        path::format(&full)
    }

    fn span(&self, segments: &[Segment]) -> Option<&FieldSpan> {
        self.spans.get(&self.document_path(segments))
    }

    fn position(&self, segments: &[Segment]) -> Position {
        self.spans
            .nearest(
                &self.document_path(&written_path(self.spans, segments, |s| {
                    self.document_path(s)
                })),
            )
            .map(|(_, span)| span.at())
            .unwrap_or(Position {
                line: self.first_line,
                column: 1,
            })
    }

    /// The position of a field's key (for unknown and missing fields), else as `position`.
    fn key_position(&self, segments: &[Segment]) -> Position {
        match self.spans.nearest(&self.document_path(segments)) {
            Some((_, span)) => span.key.unwrap_or_else(|| span.at()),
            None => self.position(segments),
        }
    }
}

/// The path as the student wrote it: the server names `spec.clusterIPs[0]`, which
/// it fills from `spec.clusterIP`, the field people write.
fn written_path(
    spans: &Spans,
    segments: &[Segment],
    in_document: impl Fn(&[Segment]) -> String,
) -> Vec<Segment> {
    let cluster_ips = [
        Segment::Key("spec".to_owned()),
        Segment::Key("clusterIPs".to_owned()),
    ];
    if segments.starts_with(&cluster_ips) && spans.get(&in_document(segments)).is_none() {
        let written = [
            Segment::Key("spec".to_owned()),
            Segment::Key("clusterIP".to_owned()),
        ];
        if spans.get(&in_document(&written)).is_some() {
            return written.to_vec();
        }
    }
    segments.to_vec()
}

/// A hint for a kind that is close to one Ordinal serves (`StatefulSets`, `statefulset`).
fn kind_hint(kind: &str) -> Option<String> {
    const KINDS: [(&str, &str); 9] = [
        ("StatefulSet", "apps/v1"),
        ("Deployment", "apps/v1"),
        ("Service", "v1"),
        ("PersistentVolumeClaim", "v1"),
        ("PersistentVolume", "v1"),
        ("StorageClass", "storage.k8s.io/v1"),
        ("Pod", "v1"),
        ("ConfigMap", "v1"),
        ("Namespace", "v1"),
    ];
    let names: Vec<&'static str> = KINDS.iter().map(|(k, _)| *k).collect();
    let found = schema::suggestion(kind, &names)?;
    let version = KINDS.iter().find(|(k, _)| *k == found).map(|(_, v)| *v)?;
    Some(if found == kind {
        format!("`{found}` is served at apiVersion `{version}`")
    } else {
        format!("did you mean `kind: {found}` (apiVersion `{version}`)?")
    })
}

/// Decode into the type the apiVersion and kind name; `None` for a pair the
/// simulated API server does not serve.
fn decode(
    api_version: &str,
    kind: &str,
    tree: &Tree<'_>,
    node: NodeId,
) -> Option<Result<Decoded, Failure>> {
    use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
    use k8s_openapi::api::core::v1::{
        ConfigMap, Namespace, PersistentVolume, PersistentVolumeClaim, Pod, Service,
    };
    use k8s_openapi::api::storage::v1::StorageClass;

    fn boxed<T: DeserializeOwned>(
        tree: &Tree<'_>,
        node: NodeId,
        wrap: fn(Box<T>) -> Object,
    ) -> Result<Decoded, Failure> {
        typed::<T>(tree, node).map(|(object, unknown)| (wrap(Box::new(object)), unknown))
    }

    Some(match served_kind(api_version, kind)?.0 {
        "StatefulSet" => boxed::<StatefulSet>(tree, node, Object::StatefulSet),
        "Deployment" => boxed::<Deployment>(tree, node, Object::Deployment),
        "Service" => boxed::<Service>(tree, node, Object::Service),
        "PersistentVolumeClaim" => {
            boxed::<PersistentVolumeClaim>(tree, node, Object::PersistentVolumeClaim)
        }
        "PersistentVolume" => boxed::<PersistentVolume>(tree, node, Object::PersistentVolume),
        "StorageClass" => boxed::<StorageClass>(tree, node, Object::StorageClass),
        "Pod" => boxed::<Pod>(tree, node, Object::Pod),
        "ConfigMap" => boxed::<ConfigMap>(tree, node, Object::ConfigMap),
        _ => boxed::<Namespace>(tree, node, Object::Namespace),
    })
}

/// Decode a `T`, noting every field it does not know (strict field validation), with
/// the closest known field name at that place.
fn typed<T: DeserializeOwned>(tree: &Tree<'_>, node: NodeId) -> Result<(T, Unknown), Failure> {
    match yaml::decode::<T>(tree, node) {
        Ok(decoded) => {
            let unknown = decoded
                .ignored
                .into_iter()
                .map(|ignored| {
                    let field = segments(&ignored.path);
                    let suggestion = match field.last() {
                        Some(Segment::Key(name)) => schema::suggestion(name, ignored.fields),
                        _ => None,
                    };
                    (field, suggestion)
                })
                .collect();
            Ok((decoded.value, unknown))
        }
        Err(error) => {
            let message = error.message().to_owned();
            let missing = message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.strip_suffix('`'))
                .map(str::to_owned);
            Err(Failure {
                path: segments(error.path()),
                message,
                location: error.at().map(|at| Position {
                    line: at.line,
                    column: at.column,
                }),
                missing,
            })
        }
    }
}

fn segments(steps: &[yaml::Step]) -> Vec<Segment> {
    steps
        .iter()
        .map(|step| match step {
            yaml::Step::Key(key) => Segment::Key(key.clone()),
            yaml::Step::Index(i) => Segment::Index(*i),
        })
        .collect()
}

/// What a merge key must name, in the words a student reads.
const MERGE_KEY_PROBLEM: &str = "a merge key (<<) must name a mapping or a list of mappings";

/// Warnings that need the whole text: a StatefulSet's `serviceName` naming no
/// Service, or one that is not headless; the same object declared twice.
fn cross_document_warnings(parsed: &mut Parsed) {
    let keys: Vec<ObjectKey> = parsed.documents.iter().map(Document::key).collect();
    // Looked up, never walked, so a hash map: a BTreeMap of thousands of keys (or a
    // sort of them) compares each key with many others.
    let mut last_declared: HashMap<&ObjectKey, usize> = HashMap::with_capacity(keys.len());
    let previous: Vec<Option<usize>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| last_declared.insert(key, i))
        .collect();
    // Whether each Service is headless; of a Service declared twice, the later
    // declaration counts.
    let services: HashMap<(&str, &str), bool> = parsed
        .documents
        .iter()
        .zip(&keys)
        .filter_map(|(document, key)| match &document.object {
            Object::Service(service) => Some((
                (key.namespace.as_str(), key.name.as_str()),
                service.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()) == Some("None"),
            )),
            _ => None,
        })
        .collect();
    let mut warnings = Vec::new();
    for ((document, key), previous) in parsed.documents.iter().zip(&keys).zip(previous) {
        if let Some(first) = previous.map(|p| parsed.documents[p].index) {
            let position = document.position("metadata.name");
            let mut warning = ManifestError::at(
                position.line,
                position.column,
                document.index,
                format!(
                    "{} {:?} is also declared in document {}; applying the text, the later declaration wins",
                    document.object.kind(),
                    key.name,
                    first + 1
                ),
            );
            warning.path = Some("metadata.name".to_owned());
            warnings.push(warning);
        }
        let Object::StatefulSet(sts) = &document.object else {
            continue;
        };
        let Some(service) = sts
            .spec
            .as_ref()
            .and_then(|s| s.service_name.as_deref())
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        // A headless Service of that name is what the StatefulSet needs: nothing to say.
        let headless = services.get(&(key.namespace.as_str(), service)).copied();
        if headless == Some(true) {
            continue;
        }
        let example = format!(
            "{}-0.{service}.{}.svc.cluster.local",
            key.name, key.namespace
        );
        let (message, hint) = if headless.is_none() {
            (
                format!(
                    "spec.serviceName: no Service {service:?} is declared in namespace {:?}",
                    key.namespace
                ),
                format!(
                    "the StatefulSet is accepted, but its pods' DNS names (like {example}) will not resolve until a headless Service {service:?} exists"
                ),
            )
        } else {
            (
                format!("spec.serviceName: Service {service:?} is not headless (clusterIP: None)"),
                format!(
                    "the Service's name resolves to its virtual IP; per-pod names like {example} only resolve through a headless Service"
                ),
            )
        };
        let position = document.position("spec.serviceName");
        let mut warning =
            ManifestError::at(position.line, position.column, document.index, message);
        warning.path = Some("spec.serviceName".to_owned());
        warning.hint = Some(hint);
        if let Some(span) = document.span("spec.serviceName") {
            if span.value_end.line == span.value.line {
                warning.end_line = span.value_end.line;
                warning.end_column = span.value_end.column;
            }
        }
        warnings.push(warning);
    }
    parsed.warnings.extend(warnings);
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

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_count_counts_lines_as_str_lines_does() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\nb\n",
            "\n",
            "\n\n",
            "a\r\nb\r\n",
            "a\n\nb",
        ] {
            let lines = u32::try_from(text.lines().count().max(1)).unwrap();
            assert_eq!(line_count(text), lines, "{text:?}");
        }
    }
}
