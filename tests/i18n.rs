//! The interface's languages: every shipped locale file parses, Portuguese translates
//! every English message with the same arguments, engine reasons render in both
//! languages, and the language is chosen from the URL, then the browser, then English.

mod support;

use std::collections::BTreeSet;

use ordinal::engine::{dns, explain};
use ordinal::i18n::{self, ChoiceSource, Entry, Locale, Message};
use support::*;

fn placeholder_set(entry: &Entry) -> BTreeSet<String> {
    entry
        .templates()
        .into_iter()
        .flat_map(|t| i18n::catalog_placeholders(t).unwrap())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_shipped_locale_file_parses() {
    for (tag, text) in i18n::locale_sources() {
        if let Err(e) = Locale::parse(tag, text) {
            panic!("{e}");
        }
    }
    let tags: Vec<&str> = i18n::available().iter().map(|(t, _)| *t).collect();
    assert!(tags.contains(&"en") && tags.contains(&"pt-BR"), "{tags:?}");
    assert_eq!(i18n::locale("pt-BR").unwrap().name(), "Português (Brasil)");
}

#[test]
fn the_language_names_read_at_build_time_are_the_ones_the_files_give() {
    let read = i18n::names_read_at_build();
    assert_eq!(read.len(), i18n::locale_sources().len());
    for ((tag, text), (read_tag, name)) in i18n::locale_sources().iter().zip(read) {
        assert_eq!(tag, read_tag);
        let parsed = Locale::parse(tag, text).unwrap();
        // Every shipped file names its language plainly, so the switcher parses none.
        assert_eq!(*name, Some(parsed.name()), "locales/{tag}.yaml");
    }
    let listed: Vec<(&str, &str)> = i18n::available();
    assert!(
        listed.contains(&("pt-BR", "Português (Brasil)")),
        "{listed:?}"
    );
    assert!(listed.contains(&("en", "English")), "{listed:?}");
}

#[test]
fn portuguese_translates_every_english_message_with_the_same_arguments() {
    let en = i18n::english();
    for locale in i18n::locales() {
        let missing: Vec<&str> = en.keys().filter(|k| locale.entry(k).is_none()).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", locale.tag());
        let unknown: Vec<&str> = locale.keys().filter(|k| en.entry(k).is_none()).collect();
        assert!(
            unknown.is_empty(),
            "{} has keys English lacks: {unknown:?}",
            locale.tag()
        );
        for key in en.keys() {
            let english = placeholder_set(en.entry(key).unwrap());
            let translated = placeholder_set(locale.entry(key).unwrap());
            assert_eq!(translated, english, "{}: {key}", locale.tag());
        }
    }
}

#[test]
fn a_missing_translation_falls_back_to_english_and_an_unknown_key_shows_itself() {
    let partial = Locale::parse(
        "xx",
        "language:\n  name: X\n  plural_one: [1]\nmessages:\n  button.apply: 'Appliquer'\n",
    )
    .unwrap();
    assert_eq!(partial.text("button.apply"), "Appliquer");
    assert_eq!(partial.text("button.share"), "Share");
    assert_eq!(partial.text("no.such.key"), "no.such.key");
}

#[test]
fn the_statefulset_reason_reads_the_same_in_english_and_is_translated() {
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    c.advance(1_500);
    let reason = explain::statefulset_reason(&c, "default", "giropops").unwrap();
    let english = explain::statefulset(&c, "default", "giropops").unwrap();
    assert_eq!(reason.to_string(), english);
    assert_eq!(i18n::english().format(&reason.message()), english);
    let pt = i18n::locale("pt-BR").unwrap().format(&reason.message());
    assert!(
        pt.starts_with("giropops-1 ainda não foi criado porque giropops-0 não está Ready: "),
        "{pt}"
    );
    assert!(!pt.contains("is not"), "English left inside: {pt}");
}

#[test]
fn a_dns_reason_is_translated_with_its_names_untouched() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let name = "giropops-0.nginx.default.svc.cluster.local";
    let reason = dns::why_unresolved_reason(&c, name).unwrap();
    assert_eq!(
        dns::why_unresolved(&c, name).unwrap(),
        "there is no Service \"nginx\" in namespace \"default\": per-pod names need the headless Service that the StatefulSet's serviceName names"
    );
    assert_eq!(
        i18n::locale("pt-BR").unwrap().format(&reason.message()),
        "não existe Service \"nginx\" no namespace \"default\": nomes por pod precisam do Service headless que o serviceName do StatefulSet nomeia"
    );
}

#[test]
fn portuguese_counts_zero_and_one_as_singular() {
    let pt = i18n::locale("pt-BR").unwrap();
    let count = |n: u64| pt.format(&Message::new("problem.count").with("count", n));
    assert_eq!(count(0), "0 problema");
    assert_eq!(count(1), "1 problema");
    assert_eq!(count(2), "2 problemas");
    let en = i18n::english();
    assert_eq!(
        en.format(&Message::new("problem.count").with("count", 0u64)),
        "0 problems"
    );
}

#[test]
fn the_language_comes_from_the_url_then_the_browser_then_english() {
    let forced = i18n::negotiate(i18n::lang_from_query("?lang=pt-BR").as_deref(), &["en-US"]);
    assert_eq!((forced.tag, forced.source), ("pt-BR", ChoiceSource::Forced));
    let browser = i18n::negotiate(None, &["pt-PT", "en"]);
    assert_eq!(
        (browser.tag, browser.source),
        ("pt-BR", ChoiceSource::Browser)
    );
    let english = i18n::negotiate(Some("xx"), &["de"]);
    assert_eq!((english.tag, english.source), ("en", ChoiceSource::Default));
    assert_eq!(i18n::for_tag(forced.tag).text("button.apply"), "Aplicar");
    assert_eq!(i18n::for_tag("xx").text("button.apply"), "Apply");
}

mod hostile_input {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_locale_text_and_any_language_list_are_handled_without_panicking(
            text in any::<String>(),
            template in any::<String>(),
            forced in proptest::option::of(any::<String>()),
            preferred in proptest::collection::vec(any::<String>(), 0..4),
        ) {
            let _ = Locale::parse("xx", &text);
            let file = format!("language:\n  name: X\n  plural_one: [1]\nmessages:\n  k: {}\n", serde_json::to_string(&template).unwrap());
            if let Ok(locale) = Locale::parse("xx", &file) {
                let _ = locale.format(&Message::new("k").with("a", "b"));
            }
            let choice = i18n::negotiate(forced.as_deref(), &preferred);
            prop_assert!(i18n::locale(choice.tag).is_some());
        }
    }
}
