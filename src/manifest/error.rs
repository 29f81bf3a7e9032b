//! Errors of the manifest layer, each placed in the editor's text.

use std::fmt;

/// A result whose error is located in the manifest text.
pub type Result<T> = std::result::Result<T, ManifestError>;

/// A mistake in the manifest text, at a 1-based line and column of the whole text
/// (not of the document it belongs to), so that an editor can mark it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    /// 1-based line in the whole editor text.
    pub line: u32,
    /// 1-based column (in characters) on that line.
    pub column: u32,
    /// 0-based index of the YAML document (`---` separated) the mistake is in.
    pub document: usize,
    /// What is wrong, in the parser's or the API server's words, without the location.
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ManifestError {}
