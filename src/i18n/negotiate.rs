//! Choosing a visitor's language: `?lang=` in the page's URL forces it; otherwise the
//! browser's preferred languages (`navigator.languages`, best first) are matched
//! against the ones Ordinal has, the first preference that matches winning, by exact
//! tag or by language alone (`pt-PT` gets `pt-BR`, `en-GB` gets `en`); otherwise English.

use super::{tags, DEFAULT_LANG};

/// Where a language choice came from, so the page can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceSource {
    /// `?lang=` named a language Ordinal has.
    Forced,
    /// One of the browser's preferred languages.
    Browser,
    /// Nothing matched: English.
    Default,
}

/// The negotiated language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The tag of a locale Ordinal has (`pt-BR`, `en`).
    pub tag: &'static str,
    pub source: ChoiceSource,
}

/// Pick the language: `forced` (the `lang` URL parameter) when it names one Ordinal
/// has, else the first of `preferred` that matches, else English. Tags compare without
/// regard to case, and `_` is read as `-` (`pt_br` is `pt-BR`).
pub fn negotiate<S: AsRef<str>>(forced: Option<&str>, preferred: &[S]) -> Choice {
    let available: Vec<&'static str> = tags().collect();
    choose(&available, forced, preferred)
}

fn choose<S: AsRef<str>>(
    available: &[&'static str],
    forced: Option<&str>,
    preferred: &[S],
) -> Choice {
    if let Some(tag) = forced.and_then(|f| best_match(available, f)) {
        return Choice {
            tag,
            source: ChoiceSource::Forced,
        };
    }
    if let Some(tag) = preferred
        .iter()
        .find_map(|p| best_match(available, p.as_ref()))
    {
        return Choice {
            tag,
            source: ChoiceSource::Browser,
        };
    }
    Choice {
        tag: available
            .iter()
            .copied()
            .find(|t| *t == DEFAULT_LANG)
            .unwrap_or(DEFAULT_LANG),
        source: ChoiceSource::Default,
    }
}

/// The available tag equal to `wanted`, else the first with the same primary language.
fn best_match(available: &[&'static str], wanted: &str) -> Option<&'static str> {
    let wanted = normalize(wanted);
    if wanted.is_empty() || wanted == "*" {
        return None;
    }
    let primary = |tag: &str| tag.split('-').next().unwrap_or("").to_owned();
    available
        .iter()
        .copied()
        .find(|t| normalize(t) == wanted)
        .or_else(|| {
            available
                .iter()
                .copied()
                .find(|t| primary(&normalize(t)) == primary(&wanted))
        })
}

fn normalize(tag: &str) -> String {
    tag.trim().replace('_', "-").to_ascii_lowercase()
}

/// The `lang` parameter of a URL's query (`location.search`, with or without its `?`),
/// if present and not empty.
pub fn lang_from_query(search: &str) -> Option<String> {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .find(|(name, _)| name == "lang")
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HAVE: &[&str] = &["en", "pt-BR"];

    fn pick(forced: Option<&str>, preferred: &[&str]) -> (&'static str, ChoiceSource) {
        let choice = choose(HAVE, forced, preferred);
        (choice.tag, choice.source)
    }

    #[test]
    fn the_url_parameter_wins_over_the_browser() {
        assert_eq!(
            pick(Some("pt-BR"), &["en-US"]),
            ("pt-BR", ChoiceSource::Forced)
        );
        assert_eq!(pick(Some("en"), &["pt-BR"]), ("en", ChoiceSource::Forced));
        assert_eq!(pick(Some("pt_br"), &[]), ("pt-BR", ChoiceSource::Forced));
    }

    #[test]
    fn an_unknown_url_language_falls_through_to_the_browser() {
        assert_eq!(
            pick(Some("klingon"), &["pt-BR", "en"]),
            ("pt-BR", ChoiceSource::Browser)
        );
    }

    #[test]
    fn the_first_browser_language_that_matches_wins_even_by_language_alone() {
        assert_eq!(
            pick(None, &["pt-PT", "en"]),
            ("pt-BR", ChoiceSource::Browser)
        );
        assert_eq!(
            pick(None, &["de", "en-GB", "pt"]),
            ("en", ChoiceSource::Browser)
        );
        assert_eq!(pick(None, &["PT"]), ("pt-BR", ChoiceSource::Browser));
    }

    #[test]
    fn nothing_that_matches_means_english() {
        assert_eq!(pick(None, &["de-DE", "fr"]), ("en", ChoiceSource::Default));
        assert_eq!(pick(None, &[]), ("en", ChoiceSource::Default));
        assert_eq!(pick(Some(""), &["*"]), ("en", ChoiceSource::Default));
    }

    #[test]
    fn the_lang_parameter_is_read_from_a_query_string() {
        assert_eq!(
            lang_from_query("?embed=1&lang=pt-BR"),
            Some("pt-BR".to_owned())
        );
        assert_eq!(lang_from_query("lang=en"), Some("en".to_owned()));
        assert_eq!(lang_from_query("?lang=&x=1"), None);
        assert_eq!(lang_from_query("?language=pt"), None);
        assert_eq!(lang_from_query(""), None);
        assert_eq!(lang_from_query("?lang=pt%2DBR"), Some("pt-BR".to_owned()));
    }
}
