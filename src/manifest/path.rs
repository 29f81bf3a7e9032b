//! Field paths as Kubernetes writes them: `spec.template.spec.containers[0].name`,
//! `metadata.labels[app.kubernetes.io/name]`, `spec.resources[storage]`.
//!
//! Paths from the API server, from serde and from the YAML walk all meet here in one
//! canonical spelling, so a path named by any of them finds its place in the text.

use std::fmt::Write as _;

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A mapping key (a field name or a map entry's key).
    Key(String),
    /// A position in a sequence.
    Index(usize),
}

/// Split a path into its steps; `a.b[0]`, `a[b]` and `a.b` name keys and indexes
/// alike. A bracket holding only digits is an index, anything else a key.
pub fn parse(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut key = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !key.is_empty() {
                    segments.push(Segment::Key(std::mem::take(&mut key)));
                }
            }
            '[' => {
                if !key.is_empty() {
                    segments.push(Segment::Key(std::mem::take(&mut key)));
                }
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    inner.push(c);
                }
                let index = (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| inner.parse::<usize>().ok())
                    .flatten();
                segments.push(match index {
                    Some(i) => Segment::Index(i),
                    None => Segment::Key(inner),
                });
            }
            c => key.push(c),
        }
    }
    if !key.is_empty() {
        segments.push(Segment::Key(key));
    }
    segments
}

/// The canonical spelling: keys joined by `.`, indexes and awkward keys in brackets.
pub fn format(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        push(&mut out, segment);
    }
    out
}

/// Append one step to a path in canonical spelling.
pub fn push(out: &mut String, segment: &Segment) {
    match segment {
        Segment::Index(i) => {
            let _ = write!(out, "[{i}]");
        }
        Segment::Key(key) => push_key(out, key),
    }
}

/// Append one key to a path in canonical spelling.
pub fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && !key.bytes().any(|b| matches!(b, b'.' | b'[' | b']'))
        && !key.bytes().all(|b| b.is_ascii_digit());
    if plain {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    } else {
        let _ = write!(out, "[{key}]");
    }
}

/// A path in canonical spelling.
pub fn canonical(path: &str) -> String {
    format(&parse(path))
}

/// `parent` and one more key.
pub fn child(parent: &str, key: &str) -> String {
    let mut segments = parse(parent);
    segments.push(Segment::Key(key.to_owned()));
    format(&segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_path_meets_in_one_form() {
        assert_eq!(
            canonical("spec.template.spec.containers[0].ports[0].containerPort"),
            "spec.template.spec.containers[0].ports[0].containerPort"
        );
        assert_eq!(canonical("metadata.labels[app]"), "metadata.labels.app");
        assert_eq!(
            canonical("metadata.labels[app.kubernetes.io/name]"),
            "metadata.labels[app.kubernetes.io/name]"
        );
        assert_eq!(canonical("data[1]"), "data[1]");
        assert_eq!(
            parse("a[b]"),
            vec![Segment::Key("a".into()), Segment::Key("b".into())]
        );
        assert_eq!(canonical(""), "");
        assert_eq!(child("spec", "replicas"), "spec.replicas");
    }
}
