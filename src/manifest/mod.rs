//! The manifest layer: the editor's text in, typed Kubernetes objects out.
//!
//! It owns splitting a multi-document YAML text, decoding each document into a
//! `k8s-openapi` type chosen by its `apiVersion` and `kind`, and placing every
//! mistake at a line and column of the whole text. It knows nothing of the
//! engine's state or of the browser.

mod error;
mod parse;

pub use error::{ManifestError, Result};
pub use parse::{parse, split_documents, Document, Parsed, SourceDocument};
