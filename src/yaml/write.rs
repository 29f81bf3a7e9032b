//! Text written as a YAML scalar the way libyaml's emitter (`serde_yaml_ng`) writes
//! it: plain when it reads back as the same text, single-quoted when plain text would
//! read as another type or break the syntax, double-quoted when it holds characters
//! single quotes cannot carry.

use std::borrow::Cow;

use super::de::reads_as_text;

/// `text` as a YAML scalar in block context: `nginx:1.27`, `'007'`, `'true'`, `''`.
pub fn scalar(text: &str) -> Cow<'_, str> {
    if text.contains(['\n', '\r']) || text.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Owned(serde_json::Value::from(text).to_string());
    }
    if reads_as_text(text) && plain_allowed(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("'{}'", text.replace('\'', "''")))
}

/// libyaml's analysis of a scalar for plain style in block context.
fn plain_allowed(text: &str) -> bool {
    if text.is_empty() || text.starts_with([' ', '\t']) || text.ends_with([' ', '\t']) {
        return false;
    }
    if text.starts_with("---") || text.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let blank_after = |i: usize| chars.get(i + 1).is_none_or(|c| matches!(c, ' ' | '\t'));
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                return false;
            }
            if matches!(c, '?' | ':' | '-') && blank_after(i) {
                return false;
            }
        } else {
            if c == ':' && blank_after(i) {
                return false;
            }
            if c == '#' && matches!(chars[i - 1], ' ' | '\t') {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_quoted_only_when_it_would_not_read_back_as_itself() {
        for (text, written) in [
            ("nginx:1.27", "nginx:1.27"),
            ("007", "'007'"),
            ("true", "'true'"),
            ("80", "'80'"),
            ("", "''"),
            ("~", "'~'"),
            ("a: b", "'a: b'"),
            ("it's", "it's"),
            ("#x", "'#x'"),
            ("- x", "'- x'"),
            ("-x", "-x"),
            (" x", "' x'"),
            ("a #b", "'a #b'"),
            ("a\nb", "\"a\\nb\""),
        ] {
            assert_eq!(scalar(text), written, "{text:?}");
        }
    }
}
