//! Splitting a command line into words the way a POSIX shell does, so that
//! `kubectl label pod x 'note=a b'` and `-l "app=nginx"` mean what they mean in bash.

use super::CommandError;

/// Split `line` into words: whitespace separates, single quotes keep everything
/// literally, double quotes keep spaces and honour `\"` and `\\`, and a backslash
/// outside quotes escapes the next character. A `#` starting a word begins a comment.
pub fn split(line: &str) -> Result<Vec<String>, CommandError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();

    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => word.push(ch),
                        None => return Err(unterminated("'")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => word.push(ch),
                            Some(ch) => {
                                word.push('\\');
                                word.push(ch);
                            }
                            None => return Err(unterminated("\"")),
                        },
                        Some(ch) => word.push(ch),
                        None => return Err(unterminated("\"")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(ch) = chars.next() {
                    word.push(ch);
                }
            }
            _ => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

fn unterminated(quote: &str) -> CommandError {
    CommandError::Usage(format!("unexpected end of line: missing closing {quote}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split(line).expect("splits")
    }

    #[test]
    fn plain_words_split_on_any_whitespace() {
        assert_eq!(
            words("kubectl  get\tpods -o wide"),
            ["kubectl", "get", "pods", "-o", "wide"]
        );
        assert!(words("   ").is_empty());
    }

    #[test]
    fn quotes_keep_spaces_and_disappear() {
        assert_eq!(
            words(r#"label pod x 'note=a b' "k=v w""#),
            ["label", "pod", "x", "note=a b", "k=v w"]
        );
        assert_eq!(words(r#"a"b c"d"#), ["ab cd"]);
        assert_eq!(words("''"), [""]);
    }

    #[test]
    fn backslashes_escape_like_bash() {
        assert_eq!(words(r"a\ b"), ["a b"]);
        assert_eq!(words(r#""say \"hi\" \n""#), [r#"say "hi" \n"#]);
        assert_eq!(words(r"'\n'"), [r"\n"]);
    }

    #[test]
    fn a_hash_at_a_word_start_is_a_comment() {
        assert_eq!(words("get pods # all of them"), ["get", "pods"]);
        assert_eq!(words("a#b"), ["a#b"]);
    }

    #[test]
    fn an_open_quote_is_an_error_not_a_panic() {
        assert_eq!(
            split("get 'pods").unwrap_err().to_string(),
            "error: unexpected end of line: missing closing '"
        );
        assert!(split("get \"pods\\").is_err());
    }
}
