//! The interface's words in every language Ordinal speaks: one YAML file per language
//! in `locales/<tag>.yaml`, embedded at build time, and the rules that pick a language
//! for a visitor. It owns words only: kubectl output and Kubernetes field names are
//! never translated, and it knows nothing of the engine or the browser.
//!
//! Why YAML files and not one Rust file per language or Fluent: a translator (often an
//! instructor of the course) edits a text file in the format the course teaches, with
//! no Rust to compile; a new `locales/<tag>.yaml` is picked up by `build.rs` with no
//! other change; and the messages need only named arguments, nested messages and
//! one/other plurals, which a few lines of code render with the YAML parser Ordinal
//! already ships, where Fluent would add its own parser and plural tables to the wasm.

mod catalog;
mod negotiate;

pub use catalog::{placeholders as catalog_placeholders, Arg, Entry, Locale, LocaleError, Message};
pub use negotiate::{lang_from_query, negotiate, Choice, ChoiceSource};

use std::sync::OnceLock;

/// The language every other one falls back to, and the engine's own language.
pub const DEFAULT_LANG: &str = "en";

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// The embedded locale files as `(tag, text)`, in tag order: the raw material of
/// [`locales`], for tests and tools that check the files themselves.
pub fn locale_sources() -> &'static [(&'static str, &'static str)] {
    embedded::LOCALES
}

/// Every language Ordinal speaks, each parsed once. A file that does not parse is
/// left out (a test keeps that from shipping), so a mistake in one translation never
/// stops the app: its visitors get English.
pub fn locales() -> Vec<&'static Locale> {
    (0..embedded::LOCALES.len()).filter_map(parsed).collect()
}

/// The embedded locale at `index`, parsed the first time it is asked for: a visitor
/// reading English never waits for the other languages' files to be parsed.
fn parsed(index: usize) -> Option<&'static Locale> {
    static PARSED: OnceLock<Vec<OnceLock<Option<Locale>>>> = OnceLock::new();
    let all = PARSED.get_or_init(|| embedded::LOCALES.iter().map(|_| OnceLock::new()).collect());
    all.get(index)?
        .get_or_init(|| {
            let (tag, text) = embedded::LOCALES[index];
            Locale::parse(tag, text).ok()
        })
        .as_ref()
}

/// The tag of every locale file (`en`, `pt-BR`), without parsing any.
pub fn tags() -> impl Iterator<Item = &'static str> {
    embedded::LOCALES.iter().map(|(tag, _)| *tag)
}

/// The locale for `tag` (exactly as its file is named), if Ordinal has it.
pub fn locale(tag: &str) -> Option<&'static Locale> {
    parsed(tags().position(|t| t == tag)?)
}

/// The locale for `tag`, or English when Ordinal does not have it: what the page
/// renders with once a language is chosen (`i18n::for_tag(choice.tag).text(key)`).
pub fn for_tag(tag: &str) -> &'static Locale {
    locale(tag).unwrap_or_else(english)
}

/// The English locale: the fallback for any message another language lacks. Should
/// its file ever fail to parse, an empty locale answers, and messages show their keys.
pub fn english() -> &'static Locale {
    static EMPTY: OnceLock<Locale> = OnceLock::new();
    locale(DEFAULT_LANG).unwrap_or_else(|| EMPTY.get_or_init(|| Locale::empty(DEFAULT_LANG)))
}

/// The languages a visitor can switch to, as `(tag, name in that language)`. The
/// names come from the build (`build.rs` reads them from each file), so listing the
/// languages parses none of them.
pub fn available() -> Vec<(&'static str, &'static str)> {
    embedded::NAMES
        .iter()
        .enumerate()
        .filter_map(|(index, (tag, name))| match name {
            Some(name) => Some((*tag, *name)),
            None => parsed(index).map(|l| (*tag, l.name())),
        })
        .collect()
}

/// The name of each locale's language as the build read it (`None` where the build
/// left it to the parsed file), for the test that holds it to the YAML reader.
pub fn names_read_at_build() -> &'static [(&'static str, Option<&'static str>)] {
    embedded::NAMES
}
