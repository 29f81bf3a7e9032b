//! The manifest layer: the editor's text in, typed Kubernetes objects out.
//!
//! It owns splitting a multi-document YAML text, decoding each document into a
//! `k8s-openapi` type chosen by its `apiVersion` and `kind`, validating it with the
//! simulated API server's rules, and placing every mistake at a line and column of
//! the whole text through the span of each field. It knows nothing of the engine's
//! state or of the browser, and never changes the text except through [`edit`].

pub mod edit;
mod error;
mod parse;
pub mod path;
mod schema;
pub mod spans;

pub use edit::{set_field, EditError};
pub use error::{ManifestError, Result};
pub use parse::{
    object_key, parse, split_documents, Document, Parsed, Rejected, SourceDocument, MAX_TEXT_BYTES,
};
pub use spans::{ByteRange, FieldSpan, NodeKind, Position, Spans, MAX_ALIAS_EXPANSION};
