//! One language's messages and how they are rendered: a template is text with named
//! placeholders (`{pod}`); an entry may instead give `one` and `other` forms, chosen
//! by the argument `count` and the language's `plural_one` list. A message the
//! language lacks is rendered in English; a message nobody has shows its key.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::english;

/// A message to show: a catalogue key and the values of its placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// A message with no arguments yet.
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// This message with the placeholder `name` filled by `value`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }
}

impl fmt::Display for Message {
    /// The message in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&english().format(self))
    }
}

/// The value of a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is: names, Kubernetes' own words, numbers already formatted.
    Text(String),
    /// A number that may choose a plural form (as the argument `count`).
    Count(u64),
    /// Names shown joined by `, `.
    List(Vec<String>),
    /// Another message, rendered in the same language (a reason inside a reason).
    Message(Box<Message>),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Count(n)
    }
}

impl From<Vec<String>> for Arg {
    fn from(names: Vec<String>) -> Arg {
        Arg::List(names)
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Arg {
        Arg::Message(Box::new(message))
    }
}

/// One catalogue entry as written in a locale file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Entry {
    /// The same text whatever the numbers.
    Plain(String),
    /// A form for `count` in the language's `plural_one` list, and one for the rest.
    Plural { one: String, other: String },
}

impl Entry {
    /// Every template of the entry (one, or the plural forms).
    pub fn templates(&self) -> Vec<&str> {
        match self {
            Entry::Plain(text) => vec![text],
            Entry::Plural { one, other } => vec![one, other],
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocaleFile {
    language: LanguageInfo,
    messages: BTreeMap<String, Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageInfo {
    /// The language's name in itself, for the language switcher.
    name: String,
    /// The counts that take the `one` form (English `[1]`, Portuguese `[0, 1]`).
    plural_one: Vec<u64>,
}

/// A locale file that cannot be used, with the place of the mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleError {
    /// The file's tag (`pt-BR` for `locales/pt-BR.yaml`).
    pub tag: String,
    /// Line and column (1-based), when the YAML parser knows them.
    pub location: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for LocaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some((line, column)) => write!(
                f,
                "locales/{}.yaml: line {line}, column {column}: {}",
                self.tag, self.message
            ),
            None => write!(f, "locales/{}.yaml: {}", self.tag, self.message),
        }
    }
}

impl std::error::Error for LocaleError {}

/// One language: its tag, its name, its plural rule and its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    tag: String,
    name: String,
    plural_one: Vec<u64>,
    messages: BTreeMap<String, Entry>,
}

impl Locale {
    /// Parse a locale file's text; `tag` is its file name without `.yaml`.
    pub fn parse(tag: &str, text: &str) -> Result<Locale, LocaleError> {
        let file: LocaleFile = serde_yaml_ng::from_str(text).map_err(|e| LocaleError {
            tag: tag.to_owned(),
            location: e.location().map(|l| (l.line(), l.column())),
            message: e.to_string(),
        })?;
        for (key, entry) in &file.messages {
            for template in entry.templates() {
                if let Err(problem) = placeholders(template) {
                    return Err(LocaleError {
                        tag: tag.to_owned(),
                        location: None,
                        message: format!("message {key}: {problem}"),
                    });
                }
            }
        }
        Ok(Locale {
            tag: tag.to_owned(),
            name: file.language.name,
            plural_one: file.language.plural_one,
            messages: file.messages,
        })
    }

    /// A locale with no messages (every message falls back).
    pub fn empty(tag: &str) -> Locale {
        Locale {
            tag: tag.to_owned(),
            name: tag.to_owned(),
            plural_one: vec![1],
            messages: BTreeMap::new(),
        }
    }

    /// The BCP 47 tag (`pt-BR`), also the `lang` attribute the page should carry.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The language's name in itself (`Português (Brasil)`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every key this locale translates, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    /// The entry for `key`, if this locale has it (no fallback).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.messages.get(key)
    }

    /// The text of a message without arguments (`t.text("panel.events.title")`).
    pub fn text(&self, key: &'static str) -> String {
        self.format(&Message::new(key))
    }

    /// A message in this language; what it lacks comes from English, and a key no
    /// locale has is shown as itself, so a gap is visible rather than blank.
    pub fn format(&self, message: &Message) -> String {
        let entry = self
            .messages
            .get(message.key)
            .map(|e| (self, e))
            .or_else(|| english().messages.get(message.key).map(|e| (english(), e)));
        let Some((locale, entry)) = entry else {
            return message.key.to_owned();
        };
        let template = match entry {
            Entry::Plain(text) => text,
            Entry::Plural { one, other } => match message.arg("count") {
                Some(Arg::Count(n)) if locale.plural_one.contains(n) => one,
                _ => other,
            },
        };
        self.fill(template, message)
    }

    /// Replace each `{name}` of `template` by the message's argument (`{{` and `}}`
    /// are literal braces); a placeholder with no argument stays as written.
    fn fill(&self, template: &str, message: &Message) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(at) = rest.find(['{', '}']) {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                out.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            match (tail.starts_with('{'), tail.find('}')) {
                (true, Some(end)) => {
                    let name = &tail[1..end];
                    match message.arg(name) {
                        Some(arg) => out.push_str(&self.render_arg(arg)),
                        None => out.push_str(&tail[..=end]),
                    }
                    rest = &tail[end + 1..];
                }
                _ => {
                    out.push_str(&tail[..1]);
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn render_arg(&self, arg: &Arg) -> String {
        match arg {
            Arg::Text(text) => text.clone(),
            Arg::Count(n) => n.to_string(),
            Arg::List(names) => names.join(", "),
            Arg::Message(inner) => self.format(inner),
        }
    }
}

/// The placeholder names of a template, or what is wrong with its braces.
pub fn placeholders(template: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('}') {
            return Err("a lone `}` (write `}}` for a brace)".to_owned());
        }
        let Some(end) = tail.find('}') else {
            return Err("a `{` is never closed (write `{{` for a brace)".to_owned());
        };
        let name = &tail[1..end];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!(
                "`{{{name}}}` is not a placeholder: names are letters, digits and _"
            ));
        }
        names.push(name);
        rest = &tail[end + 1..];
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(messages: &str) -> Locale {
        Locale::parse(
            "xx",
            &format!("language:\n  name: Test\n  plural_one: [0, 1]\nmessages:\n{messages}"),
        )
        .unwrap()
    }

    #[test]
    fn placeholders_are_filled_and_double_braces_are_literal() {
        let l = locale("  a: \"{pod} is {{not}} {missing}\"\n");
        let m = Message::new("a").with("pod", "giropops-0");
        assert_eq!(l.format(&m), "giropops-0 is {not} {missing}");
    }

    #[test]
    fn plural_forms_follow_the_languages_one_list() {
        let l = locale("  n:\n    one: \"{count} pod\"\n    other: \"{count} pods\"\n");
        let n = |count: u64| l.format(&Message::new("n").with("count", count));
        assert_eq!(
            [n(0), n(1), n(2)],
            ["0 pod", "1 pod", "2 pods"].map(String::from)
        );
    }

    #[test]
    fn nested_messages_and_lists_render_in_the_same_language() {
        let l = locale("  outer: \"because {inner} ({pods})\"\n  inner: \"dentro\"\n");
        let m = Message::new("outer")
            .with("inner", Message::new("inner"))
            .with("pods", vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(l.format(&m), "because dentro (a, b)");
    }

    #[test]
    fn a_broken_brace_is_refused_with_the_key() {
        let text = "language:\n  name: T\n  plural_one: [1]\nmessages:\n  bad: \"oops {pod\"\n";
        let err = Locale::parse("xx", text).unwrap_err();
        assert!(
            err.to_string()
                .contains("message bad: a `{` is never closed"),
            "{err}"
        );
        let text = "language:\n  name: T\n  plural_one: [1]\nmesages: {}\n";
        let err = Locale::parse("xx", text).unwrap_err();
        assert!(err.location.is_some(), "{err}");
    }
}
