//! Errors and warnings of the manifest layer, each placed in the editor's text.

use std::fmt;

/// A result whose error is located in the manifest text.
pub type Result<T> = std::result::Result<T, ManifestError>;

/// A mistake in the manifest text (or, in [`crate::manifest::Parsed::warnings`], a
/// warning), at a 1-based line and column of the whole text (not of the document it
/// belongs to), so that an editor can mark it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ManifestError {
    /// 1-based line in the whole editor text.
    pub line: u32,
    /// 1-based column (in characters) on that line.
    pub column: u32,
    /// 0-based index of the YAML document (`---` separated) the mistake is in.
    pub document: usize,
    /// What is wrong, in the parser's or the API server's words, without the location.
    pub message: String,
    /// Where the marked text ends (exclusive), for underlining; equal to the start
    /// when only a point is known.
    pub end_line: u32,
    /// Column (1-based, in characters) where the marked text ends, exclusive.
    pub end_column: u32,
    /// The field path the mistake is about (`spec.replicas`), when it is about one.
    pub path: Option<String>,
    /// Advice beyond the server's words: "did you mean `replicas`?", or what a
    /// warning will cause on a real cluster.
    pub hint: Option<String>,
}

impl ManifestError {
    /// A mistake at one point of the text.
    pub fn at(line: u32, column: u32, document: usize, message: String) -> ManifestError {
        ManifestError {
            line,
            column,
            document,
            message,
            end_line: line,
            end_column: column,
            path: None,
            hint: None,
        }
    }
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ManifestError {}
