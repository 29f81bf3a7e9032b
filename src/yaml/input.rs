//! The text as `saphyr-parser`'s scanner reads it: the next characters, one at a time.
//!
//! saphyr's own `StrInput` does the same, but the scanner is generic over its input,
//! so it is compiled here, with the app, for size: there `StrInput`'s one-line
//! helpers (and the standard library's UTF-8 decoding under them) stay calls, made
//! for every character of the text. This input answers exactly as `StrInput` does
//! (a test compares their events over many texts), with every helper inlined and
//! ASCII read as bytes, so the scanner's loops need no call per character.
//! It knows nothing of YAML beyond the character classes the scanner asks about.

use saphyr_parser::input::SkipTabs;
use saphyr_parser::Input;

/// How many characters the scanner may look ahead at once. The text is all there,
/// so any number works (`StrInput` says 128); at 16, the buffer saphyr starts each
/// plain scalar with (32 bytes) is not grown by the 128 it reserves after the first
/// character, which saves an allocation per scalar.
const BUFFER_LEN: usize = 16;

/// A `&str` as saphyr's scanner reads it.
#[derive(Clone, Copy)]
pub(super) struct TextInput<'a> {
    text: &'a str,
    /// The byte offset of the next character (always at a character boundary).
    at: usize,
    /// The most characters the scanner asked to look ahead at once: what it takes
    /// to be loaded, as for `StrInput`.
    lookahead: usize,
}

impl<'a> TextInput<'a> {
    pub(super) fn new(text: &'a str) -> TextInput<'a> {
        TextInput {
            text,
            at: 0,
            lookahead: 0,
        }
    }

    /// The character starting at byte `at` and its length in bytes.
    #[inline(always)]
    fn char_at(&self, at: usize) -> Option<(char, usize)> {
        let bytes = self.text.as_bytes();
        if at >= bytes.len() {
            return None;
        }
        let byte = bytes[at];
        if byte < 0x80 {
            Some((char::from(byte), 1))
        } else {
            Some(decode(self.text, at))
        }
    }

    /// The byte written three times from here, when a blank, a break or the end
    /// follows (`---` or `...` for a document marker).
    #[inline(always)]
    fn indicator(&self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        let at = self.at;
        if bytes.len() < at + 3 {
            return None;
        }
        let byte = bytes[at];
        if bytes[at + 1] != byte || bytes[at + 2] != byte {
            return None;
        }
        if bytes.len() > at + 3 && !is_blank_or_breakz(char::from(bytes[at + 3])) {
            return None;
        }
        Some(byte)
    }

    /// The next character when it is ASCII, `'\0'` at the end, and otherwise its
    /// first byte read as a character: enough for the classes asked about with it
    /// (blanks, breaks, flow indicators, digits, letters), which are all ASCII, as
    /// `StrInput` tests them.
    #[inline(always)]
    fn first_byte_char(&self) -> char {
        let bytes = self.text.as_bytes();
        if self.at < bytes.len() {
            char::from(bytes[self.at])
        } else {
            '\0'
        }
    }
}

/// A character that is not ASCII (out of line: manifests rarely hold any).
#[inline(never)]
fn decode(text: &str, at: usize) -> (char, usize) {
    match text.get(at..).and_then(|rest| rest.chars().next()) {
        Some(c) => (c, c.len_utf8()),
        // `at` is always at a character boundary, so this is never reached.
        None => ('\0', text.len() - at),
    }
}

// saphyr's character classes. `saphyr_parser::input` exports most of them, but
// marked `#[inline]` only, which a build optimised for size does not honour.

#[inline(always)]
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

#[inline(always)]
fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

#[inline(always)]
fn is_breakz(c: char) -> bool {
    is_break(c) || c == '\0'
}

#[inline(always)]
fn is_blank_or_breakz(c: char) -> bool {
    is_blank(c) || is_breakz(c)
}

#[inline(always)]
fn is_flow(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}')
}

#[inline(always)]
fn is_alpha(c: char) -> bool {
    matches!(c, '0'..='9' | 'a'..='z' | 'A'..='Z' | '_' | '-')
}

#[inline(always)]
fn is_yaml_non_break(c: char) -> bool {
    !is_breakz(c) && c != '\u{FEFF}'
}

#[inline(always)]
fn is_yaml_non_space(c: char) -> bool {
    is_yaml_non_break(c) && !is_blank(c)
}

impl Input for TextInput<'_> {
    #[inline(always)]
    fn lookahead(&mut self, count: usize) {
        self.lookahead = self.lookahead.max(count);
    }

    #[inline(always)]
    fn buflen(&self) -> usize {
        self.lookahead
    }

    #[inline(always)]
    fn bufmaxlen(&self) -> usize {
        BUFFER_LEN
    }

    #[inline(always)]
    fn buf_is_empty(&self) -> bool {
        self.lookahead == 0
    }

    #[inline(always)]
    fn raw_read_ch(&mut self) -> char {
        match self.char_at(self.at) {
            Some((c, len)) => {
                self.at += len;
                c
            }
            None => '\0',
        }
    }

    #[inline(always)]
    fn raw_read_non_breakz_ch(&mut self) -> Option<char> {
        match self.char_at(self.at) {
            Some((c, len)) if is_yaml_non_break(c) => {
                self.at += len;
                Some(c)
            }
            _ => None,
        }
    }

    #[inline(always)]
    fn skip(&mut self) {
        if let Some((_, len)) = self.char_at(self.at) {
            self.at += len;
        }
    }

    #[inline(always)]
    fn skip_n(&mut self, count: usize) {
        for _ in 0..count {
            match self.char_at(self.at) {
                Some((_, len)) => self.at += len,
                None => break,
            }
        }
    }

    #[inline(always)]
    fn peek(&self) -> char {
        match self.char_at(self.at) {
            Some((c, _)) => c,
            None => '\0',
        }
    }

    #[inline(always)]
    fn peek_nth(&self, n: usize) -> char {
        let mut at = self.at;
        for _ in 0..n {
            match self.char_at(at) {
                Some((_, len)) => at += len,
                None => return '\0',
            }
        }
        match self.char_at(at) {
            Some((c, _)) => c,
            None => '\0',
        }
    }

    #[inline(always)]
    fn peek_opt(&self) -> Option<char> {
        self.char_at(self.at).map(|(c, _)| c)
    }

    #[inline(always)]
    fn look_ch(&mut self) -> char {
        self.lookahead(1);
        self.peek()
    }

    #[inline(always)]
    fn next_char_is(&self, c: char) -> bool {
        self.peek() == c
    }

    #[inline(always)]
    fn nth_char_is(&self, n: usize, c: char) -> bool {
        self.peek_nth(n) == c
    }

    #[inline(always)]
    fn next_2_are(&self, c1: char, c2: char) -> bool {
        match self.char_at(self.at) {
            Some((c, len)) if c == c1 => {
                matches!(self.char_at(self.at + len), Some((c, _)) if c == c2)
            }
            _ => false,
        }
    }

    #[inline(always)]
    fn next_3_are(&self, c1: char, c2: char, c3: char) -> bool {
        let Some((c, len)) = self.char_at(self.at) else {
            return false;
        };
        if c != c1 {
            return false;
        }
        let Some((c, len2)) = self.char_at(self.at + len) else {
            return false;
        };
        c == c2 && matches!(self.char_at(self.at + len + len2), Some((c, _)) if c == c3)
    }

    #[inline(always)]
    fn next_is_document_indicator(&self) -> bool {
        matches!(self.indicator(), Some(b'-' | b'.'))
    }

    #[inline(always)]
    fn next_is_document_start(&self) -> bool {
        self.indicator() == Some(b'-')
    }

    #[inline(always)]
    fn next_is_document_end(&self) -> bool {
        self.indicator() == Some(b'.')
    }

    fn skip_ws_to_eol(&mut self, skip_tabs: SkipTabs) -> (usize, Result<SkipTabs, &'static str>) {
        assert!(!matches!(skip_tabs, SkipTabs::Result(..)));
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        let mut has_yaml_ws = false;
        let mut encountered_tab = false;
        while at < bytes.len() {
            match bytes[at] {
                b' ' => has_yaml_ws = true,
                b'\t' if skip_tabs == SkipTabs::Yes => encountered_tab = true,
                _ => break,
            }
            at += 1;
        }
        let mut chars_consumed = at - self.at;
        if at < bytes.len() && bytes[at] == b'#' {
            if !encountered_tab && !has_yaml_ws {
                return (
                    chars_consumed,
                    Err("comments must be separated from other tokens by whitespace"),
                );
            }
            while let Some((c, len)) = self.char_at(at) {
                if !is_yaml_non_break(c) {
                    break;
                }
                at += len;
                chars_consumed += 1;
            }
        }
        self.at = at;
        (
            chars_consumed,
            Ok(SkipTabs::Result(encountered_tab, has_yaml_ws)),
        )
    }

    #[inline(always)]
    fn next_can_be_plain_scalar(&self, in_flow: bool) -> bool {
        let nc = self.peek_nth(1);
        match self.peek() {
            ':' if is_blank_or_breakz(nc) || (in_flow && is_flow(nc)) => false,
            '\u{FEFF}' => false,
            c if in_flow && is_flow(c) => false,
            _ => true,
        }
    }

    #[inline(always)]
    fn next_is_blank_or_break(&self) -> bool {
        {
            let c = self.first_byte_char();
            is_blank(c) || is_break(c)
        }
    }

    #[inline(always)]
    fn next_is_blank_or_breakz(&self) -> bool {
        is_blank_or_breakz(self.first_byte_char())
    }

    #[inline(always)]
    fn next_is_blank(&self) -> bool {
        is_blank(self.first_byte_char())
    }

    #[inline(always)]
    fn next_is_break(&self) -> bool {
        is_break(self.first_byte_char())
    }

    #[inline(always)]
    fn next_is_breakz(&self) -> bool {
        is_breakz(self.first_byte_char())
    }

    #[inline(always)]
    fn next_is_z(&self) -> bool {
        self.first_byte_char() == '\0'
    }

    #[inline(always)]
    fn next_is_flow(&self) -> bool {
        is_flow(self.first_byte_char())
    }

    #[inline(always)]
    fn next_is_digit(&self) -> bool {
        {
            let c = self.first_byte_char();
            c.is_ascii_digit()
        }
    }

    #[inline(always)]
    fn next_is_alpha(&self) -> bool {
        is_alpha(self.first_byte_char())
    }

    fn skip_while_non_breakz(&mut self) -> usize {
        let mut count = 0;
        while let Some((c, len)) = self.char_at(self.at) {
            if !is_yaml_non_break(c) {
                break;
            }
            self.at += len;
            count += 1;
        }
        count
    }

    fn skip_while_blank(&mut self) -> usize {
        let bytes = self.text.as_bytes();
        let start = self.at;
        while self.at < bytes.len() && is_blank(char::from(bytes[self.at])) {
            self.at += 1;
        }
        self.at - start
    }

    fn fetch_while_is_alpha(&mut self, out: &mut String) -> usize {
        let bytes = self.text.as_bytes();
        let start = self.at;
        while self.at < bytes.len() && is_alpha(char::from(bytes[self.at])) {
            self.at += 1;
        }
        out.push_str(&self.text[start..self.at]);
        self.at - start
    }

    fn fetch_while_is_yaml_non_space(&mut self, out: &mut String) -> usize {
        let start = self.at;
        while let Some((c, len)) = self.char_at(self.at) {
            if !is_yaml_non_space(c) {
                break;
            }
            self.at += len;
        }
        out.push_str(&self.text[start..self.at]);
        // In bytes, as saphyr's own `StrInput` counts them.
        self.at - start
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use saphyr_parser::{Parser, StrInput};

    use super::TextInput;

    /// Every event (with its span) or the error, as text, up to a bound.
    fn events<I: saphyr_parser::Input>(mut parser: Parser<'_, I>) -> Vec<String> {
        let mut events = Vec::new();
        while let Some(next) = parser.next_event() {
            let stop = next.is_err() || events.len() > 10_000;
            events.push(format!("{next:?}"));
            if stop {
                break;
            }
        }
        events
    }

    fn assert_read_alike(text: &str) {
        assert_eq!(
            events(Parser::new(TextInput::new(text))),
            events(Parser::new(StrInput::new(text))),
            "{text:?}"
        );
    }

    /// The text, its prefixes (where most syntax errors are; one in `step`) and the
    /// same text with line breaks, indentation and separation written differently.
    fn assert_read_alike_with_variants(text: &str, step: usize) {
        let variants = [
            text.to_owned(),
            text.replace('\n', "\r\n"),
            text.replacen("  ", "\t", 3),
            text.replace(": ", ":\t"),
            text.replace("\n", " # note\n"),
        ];
        for variant in &variants {
            for cut in (0..=variant.len()).step_by(step) {
                if variant.is_char_boundary(cut) {
                    assert_read_alike(&variant[..cut]);
                }
            }
        }
    }

    #[test]
    fn reads_the_shipped_examples_as_saphyrs_str_input_does() {
        for example in crate::examples::EXAMPLES {
            assert_read_alike_with_variants(example.text, 17);
        }
    }

    #[test]
    fn reads_tricky_texts_as_saphyrs_str_input_does() {
        let texts = [
            "\u{feff}a: b\n",
            "# Dia 7 — StatefulSet\nname: \"ação\"\nlist: [ é, 'ü', {k: ñ} ]\n",
            "key: |\n                    deep\n                      deeper\n\n                    back\nnext: >-\n  folded\n  text\n",
            "a: a plain scalar that is much longer than sixteen characters, over\n  two lines\n",
            "---\na: 1\n...\n--- !!map\n&anchor b: *anchor\n",
            "%YAML 1.2\n%TAG !e! tag:example.com,2000:\n---\n!e!thing {x: !!str 1}\n",
            "a:\tb\n\t- c\nd: \"esc \\u00e9 \\t \\x41\"\n",
            "? complex key\n: value\n- bad\n",
            "a: b #no\nc: d# yes\n[unclosed, \n",
            "\0\nx: \u{0}y\n",
        ];
        for text in texts {
            assert_read_alike_with_variants(text, 1);
        }
    }

    proptest! {
        #[test]
        fn reads_any_text_as_saphyrs_str_input_does(
            text in "([a-z0-9 ]{0,6}|[-:#,'\"{}\\[\\]&*!|>?%.\t\r\n ]|é|—|\u{feff}|---|\\.\\.\\.|\n  |\n- ){0,40}"
        ) {
            assert_read_alike(&text);
        }
    }
}
