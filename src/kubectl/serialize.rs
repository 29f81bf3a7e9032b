//! Objects as `-o json`, `-o yaml` and `-o name` print them. kubectl marshals through
//! JSON, so keys come out sorted; its YAML is go-yaml's: two-space indentation,
//! list items at their parent key's indentation, strings quoted when they would read
//! as another type, multi-line strings as `|` blocks.

use serde::Serialize;
use serde_json::Value;

use crate::engine::Object;

/// Any Kubernetes value as JSON with sorted keys.
pub fn to_value<T: Serialize>(value: &T) -> Value {
    // serde_json's map is ordered by key, as Go's JSON encoding of a map is.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A stored object as JSON, with its `apiVersion` and `kind`.
pub fn object_value(object: &Object) -> Value {
    match object {
        Object::StatefulSet(o) => to_value(o),
        Object::Service(o) => to_value(o),
        Object::PersistentVolumeClaim(o) => to_value(o),
        Object::PersistentVolume(o) => to_value(o),
        Object::StorageClass(o) => to_value(o),
        Object::Pod(o) => to_value(o),
        Object::Deployment(o) => to_value(o),
        Object::ReplicaSet(o) => to_value(o),
        Object::ConfigMap(o) => to_value(o),
        Object::Namespace(o) => to_value(o),
        Object::Node(o) => to_value(o),
        Object::ControllerRevision(o) => to_value(o),
        Object::EndpointSlice(o) => to_value(o),
        Object::ServiceAccount(o) => to_value(o),
    }
}

/// Several objects as the `List` kubectl prints for more than one.
pub fn list(items: Vec<Value>) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "items": items,
        "kind": "List",
        "metadata": { "resourceVersion": "" }
    })
}

/// JSON as `kubectl -o json` prints it: four-space indentation.
pub fn json(value: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}

/// YAML as `kubectl -o yaml` prints it.
pub fn yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        other => {
            write_scalar(&mut out, other, 0);
            out.push('\n');
        }
    }
    out
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (key, value) in map {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(&scalar_string(key));
        out.push(':');
        write_value_after_key(out, value, indent);
    }
}

/// A value that follows `key:` on the same line or on the next lines.
fn write_value_after_key(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, indent + 2);
        }
        // go-yaml writes a list under a key at the key's own indentation.
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_list(out, items, indent);
        }
        other => {
            out.push(' ');
            write_scalar(out, other, indent + 2);
            out.push('\n');
        }
    }
}

fn write_list(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first key shares the dash's line; the rest align under it.
                let mut first = true;
                for (key, value) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        out.extend(std::iter::repeat_n(' ', indent + 2));
                    }
                    out.push_str(&scalar_string(key));
                    out.push(':');
                    write_value_after_key(out, value, indent + 2);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_list(out, inner, indent + 2);
            }
            other => {
                out.push(' ');
                write_scalar(out, other, indent + 2);
                out.push('\n');
            }
        }
    }
}

fn write_scalar(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) if s.contains('\n') => {
            // A literal block; `|-` when the text does not end in a newline.
            out.push_str(if s.ends_with('\n') { "|" } else { "|-" });
            for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    out.extend(std::iter::repeat_n(' ', indent));
                    out.push_str(line);
                }
            }
        }
        Value::String(s) => out.push_str(&scalar_string(s)),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A string as a plain scalar, or double-quoted when plain text would read as
/// something else (a number, a boolean, a timestamp) or break the syntax.
fn scalar_string(s: &str) -> String {
    if needs_quotes(s) {
        serde_json::to_string(s).unwrap_or_default()
    } else {
        s.to_owned()
    }
}

fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || s != s.trim() {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    const SPECIAL_WORDS: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf",
        ".nan",
    ];
    if SPECIAL_WORDS.contains(&lower.as_str()) {
        return true;
    }
    if looks_numeric(s) || looks_like_timestamp(s) {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-x` and `?x` are fine in YAML but go-yaml still quotes a leading indicator
        // only when it would start a structure.
        let plain_dash = (first == '-' || first == '?' || first == ':')
            && s.len() > 1
            && !s[1..].starts_with(' ');
        if !plain_dash {
            return true;
        }
    }
    s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains('\t')
}

fn looks_numeric(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() {
        return false;
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(octal) = body.strip_prefix("0o") {
        return !octal.is_empty() && octal.chars().all(|c| c.is_digit(8));
    }
    let mut seen_digit = false;
    let mut seen_dot = false;
    let mut seen_exp = false;
    let mut previous = ' ';
    for c in body.chars() {
        match c {
            '0'..='9' => seen_digit = true,
            '_' => {}
            '.' if !seen_dot && !seen_exp => seen_dot = true,
            'e' | 'E' if seen_digit && !seen_exp => seen_exp = true,
            '+' | '-' if matches!(previous, 'e' | 'E') => {}
            _ => return false,
        }
        previous = c;
    }
    seen_digit
}

fn looks_like_timestamp(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_sorts_keys_and_keeps_lists_at_the_keys_indentation() {
        let value = json!({
            "spec": {"containers": [{"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80}]}]},
            "apiVersion": "v1",
            "metadata": {"labels": {}, "creationTimestamp": "2026-01-01T00:00:00Z", "name": "x"}
        });
        assert_eq!(
            yaml(&value),
            "apiVersion: v1\nmetadata:\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n  labels: {}\n  name: x\nspec:\n  containers:\n  - image: nginx\n    name: nginx\n    ports:\n    - containerPort: 80\n"
        );
    }

    #[test]
    fn strings_that_read_as_other_types_are_quoted() {
        for (s, quoted) in [
            ("true", true),
            ("80", true),
            ("1.5", true),
            ("", true),
            ("nginx:1.27", false),
            ("app=nginx", false),
            ("a: b", true),
            ("-x", false),
            ("- x", true),
            ("10.244.1.2", false),
            ("1Gi", false),
        ] {
            assert_eq!(needs_quotes(s), quoted, "{s:?}");
        }
        assert_eq!(yaml(&json!({"a": "x\ny\n"})), "a: |\n  x\n  y\n");
    }

    #[test]
    fn json_uses_four_spaces() {
        assert_eq!(
            json(&json!({"b": 1, "a": [true]})),
            "{\n    \"a\": [\n        true\n    ],\n    \"b\": 1\n}\n"
        );
    }
}
