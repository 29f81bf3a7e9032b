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

/// Every language Ordinal speaks, parsed once. A file that does not parse is left out
/// (a test keeps that from shipping), so a mistake in one translation never stops the
/// app: its visitors get English.
pub fn locales() -> &'static [Locale] {
    static PARSED: OnceLock<Vec<Locale>> = OnceLock::new();
    PARSED.get_or_init(|| {
        embedded::LOCALES
            .iter()
            .filter_map(|(tag, text)| Locale::parse(tag, text).ok())
            .collect()
    })
}

/// The locale for `tag` (exactly as its file is named), if Ordinal has it.
pub fn locale(tag: &str) -> Option<&'static Locale> {
    locales().iter().find(|l| l.tag() == tag)
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

/// The languages a visitor can switch to, as `(tag, name in that language)`.
pub fn available() -> Vec<(&'static str, &'static str)> {
    locales().iter().map(|l| (l.tag(), l.name())).collect()
}
