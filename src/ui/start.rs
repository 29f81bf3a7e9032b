//! How a visit begins: which text the editor opens with, what it replaced, and what
//! to tell the student about it. Pure (the browser's storage, query string and
//! fragment come in as values), so every way a visit can begin is host-tested.
//!
//! The rule that keeps a student's work: their own text is never dropped. A saved
//! text comes back as it was; anything that replaces it (an example asked for in the
//! address, a share link) keeps it as the text to bring back, and a link that cannot
//! be opened leaves it untouched and says why.

use crate::embed::{PageOptions, Panel};
use crate::examples::{self, COURSE_EXAMPLE};
use crate::i18n::Message;
use crate::lessons::Lesson;
use crate::share;
use crate::ui::session::{Notice, Texts};

/// What local storage held for this page's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stored {
    pub text: Option<String>,
    pub previous: Option<String>,
    /// The stored text came from a load and was not edited since.
    pub loaded: bool,
    pub example: Option<String>,
}

/// How the visit begins.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    pub texts: Texts,
    pub notices: Vec<Notice>,
    /// The lesson to begin: from a share link, else from `?lesson=`.
    pub lesson: Option<&'static Lesson>,
    /// The language a share link was made in (a language Ordinal speaks), which the
    /// visitor's own choice still overrides.
    pub shared_lang: Option<&'static str>,
}

/// The part of local storage a page uses: one per example or lesson asked for in the
/// address, so that two course pages embedding different examples each keep their
/// own text, and the plain page keeps the student's.
pub fn storage_scope(options: &PageOptions) -> String {
    match (options.example, options.lesson) {
        (_, Some(lesson)) => format!("@lesson={}", lesson.id),
        (Some(example), None) => format!("@example={}", example.id),
        (None, None) => String::new(),
    }
}

/// Begin a visit of a page with `options`, what its storage scope held, and the
/// address's fragment (`location.hash`, a share link or anything else).
pub fn plan(options: &PageOptions, stored: Stored, fragment: &str) -> Start {
    let mut start = plan_without_link(options, stored);
    start.lesson = options.lesson;
    if !share::is_share_fragment(fragment) {
        return start;
    }
    match share::decode(fragment) {
        Ok(shared) => {
            let texts = &mut start.texts;
            if shared.text != texts.text {
                // The student's own text is kept; an untouched load is not worth keeping.
                let replaced = std::mem::replace(&mut texts.text, shared.text.clone());
                if texts.own && !replaced.trim().is_empty() {
                    texts.previous = Some(replaced);
                }
            }
            texts.own = false;
            texts.example = shared.known_example().map(|e| e.id);
            start
                .notices
                .retain(|n| !matches!(n, Notice::Info(m) if m.key == "notice.restored_edits"));
            let restorable = texts.previous.as_ref().is_some_and(|p| *p != texts.text);
            start.notices.push(if restorable {
                Notice::Replaced(Message::new("share.opened"))
            } else {
                Notice::Info(
                    Message::new("notice.text_loaded")
                        .with("what", Message::new("notice.what.shared_link")),
                )
            });
            start.lesson = shared.known_lesson().or(options.lesson);
            start.shared_lang = shared.known_lang();
        }
        Err(error) => start.notices.push(Notice::Warning(
            Message::new("share.refused").with("reason", error.message()),
        )),
    }
    start
}

fn plan_without_link(options: &PageOptions, stored: Stored) -> Start {
    let mut notices = Vec::new();
    for name in &options.unknown_panels {
        let panels: Vec<String> = Panel::ALL.iter().map(|(_, n)| (*n).to_owned()).collect();
        notices.push(Notice::Warning(
            Message::new("embed.unknown_panel")
                .with("name", name)
                .with("panels", panels),
        ));
    }
    for (origin, problem) in &options.refused_origins {
        notices.push(Notice::Warning(
            Message::new("embed.origin_ignored")
                .with("origin", origin)
                .with("problem", problem.message()),
        ));
    }
    let saved = stored.text.filter(|t| !t.trim().is_empty());
    let texts = match saved {
        Some(text) => {
            if !stored.loaded {
                notices.push(Notice::Info(Message::new("notice.restored_edits")));
            }
            Texts {
                text,
                previous: stored.previous,
                own: !stored.loaded,
                example: stored
                    .example
                    .as_deref()
                    .and_then(examples::example)
                    .map(|e| e.id),
            }
        }
        None => {
            let lesson_example = options
                .lesson
                .and_then(|l| l.example.as_deref())
                .and_then(examples::example);
            let example = options
                .example
                .or(lesson_example)
                .or_else(|| examples::example("giropops"));
            Texts {
                text: example.map_or(COURSE_EXAMPLE, |e| e.text).to_owned(),
                previous: stored.previous,
                own: false,
                example: example.map(|e| e.id),
            }
        }
    };
    Start {
        texts,
        notices,
        lesson: None,
        shared_lang: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(text: &str, loaded: bool) -> Stored {
        Stored {
            text: Some(text.to_owned()),
            loaded,
            ..Stored::default()
        }
    }

    fn keys(start: &Start) -> Vec<&'static str> {
        start
            .notices
            .iter()
            .map(|n| match n {
                Notice::Info(m) | Notice::Warning(m) | Notice::Replaced(m) => m.key,
                Notice::Kubectl { .. } => "kubectl",
            })
            .collect()
    }

    #[test]
    fn a_first_visit_opens_the_course_example() {
        let start = plan(&PageOptions::default(), Stored::default(), "");
        assert_eq!(start.texts.text, COURSE_EXAMPLE);
        assert!(!start.texts.own);
        assert_eq!(start.texts.example, Some("giropops"));
        assert!(start.notices.is_empty());
    }

    #[test]
    fn a_returning_visit_gets_its_own_text_back_and_is_told_so() {
        let start = plan(&PageOptions::default(), stored("kind: Pod\n", false), "");
        assert_eq!(start.texts.text, "kind: Pod\n");
        assert!(start.texts.own);
        assert_eq!(keys(&start), ["notice.restored_edits"]);
    }

    #[test]
    fn an_example_in_the_address_opens_a_first_visit_of_its_scope_only() {
        let options = PageOptions::from_query("?example=kafka");
        assert_eq!(storage_scope(&options), "@example=kafka");
        let first = plan(&options, Stored::default(), "");
        assert_eq!(first.texts.example, Some("kafka"));
        assert!(first.texts.text.contains("kafka"));
        let again = plan(&options, stored("edited kafka\n", false), "");
        assert_eq!(again.texts.text, "edited kafka\n");
    }

    #[test]
    fn a_lesson_in_the_address_opens_its_example_in_its_own_scope() {
        let options = PageOptions::from_query("?lesson=day-7");
        assert_eq!(storage_scope(&options), "@lesson=day-7");
        let start = plan(&options, Stored::default(), "");
        assert_eq!(start.texts.text, COURSE_EXAMPLE);
    }

    #[test]
    fn unknown_panels_and_unusable_origins_in_the_address_are_named() {
        let options = PageOptions::from_query(
            "?embed=1&panels=pods,<script>,dns&origins=*,https://course.example",
        );
        let start = plan(&options, Stored::default(), "");
        let said: Vec<String> = start
            .notices
            .iter()
            .map(|n| match n {
                Notice::Warning(m) => m.to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            said,
            [
                "There is no panel \"<script>\"; the panels are editor, pods, services, volumes, dns, events, nodes, terminal, topology, lesson, time.",
                "origins=: “*” is a wildcard: name each page that may control the playground; it is ignored.",
            ]
        );
    }

    fn link(shared: &share::Shared) -> String {
        format!("#{}", share::encode(shared).unwrap())
    }

    #[test]
    fn a_share_link_opens_its_text_lesson_and_example_and_keeps_mine_to_bring_back() {
        let shared = share::Shared {
            text: "kind: ConfigMap\n# from a friend\n".into(),
            example: Some("kafka".into()),
            lesson: Some("day-7".into()),
            lang: Some("pt-br".into()),
        };
        let start = plan(
            &PageOptions::default(),
            stored("mine\n", false),
            &link(&shared),
        );
        assert_eq!(start.texts.text, shared.text);
        assert_eq!(start.texts.previous.as_deref(), Some("mine\n"));
        assert!(!start.texts.own);
        assert_eq!(start.texts.example, Some("kafka"));
        assert_eq!(start.lesson.map(|l| l.id.as_str()), Some("day-7"));
        assert_eq!(start.shared_lang, Some("pt-BR"));
        assert_eq!(keys(&start), ["share.opened"]);
    }

    #[test]
    fn a_share_link_over_an_untouched_example_keeps_the_text_kept_before() {
        let mut before = stored("an example\n", true);
        before.previous = Some("mine\n".into());
        let shared = share::Shared {
            text: "shared\n".into(),
            example: Some("no such example".into()),
            lesson: Some("<b>no such lesson</b>".into()),
            lang: Some("xx".into()),
        };
        let start = plan(&PageOptions::default(), before, &link(&shared));
        assert_eq!(start.texts.text, "shared\n");
        assert_eq!(start.texts.previous.as_deref(), Some("mine\n"));
        assert_eq!(start.texts.example, None);
        assert_eq!(start.lesson, None);
        assert_eq!(start.shared_lang, None);
    }

    #[test]
    fn a_damaged_or_oversized_link_is_refused_with_its_reason_and_my_text_stays() {
        use share::ShareError;
        let huge = format!("#v1.{}", "A".repeat(10 * 1024 * 1024));
        for (fragment, error) in [
            ("#v1.!!!not-base64!!!", ShareError::NotBase64),
            ("#v1.AAAA", ShareError::Corrupt),
            (
                "#v9.abc",
                ShareError::UnknownVersion {
                    version: "v9".into(),
                },
            ),
            ("#v1.", ShareError::Empty),
            (huge.as_str(), ShareError::TooLong { chars: 0 }),
        ] {
            let start = plan(&PageOptions::default(), stored("mine\n", false), fragment);
            assert_eq!(start.texts.text, "mine\n", "{error}");
            assert!(start.texts.own);
            let expected = Message::new("share.refused").with("reason", error.message());
            assert!(
                start.notices.contains(&Notice::Warning(expected.clone())),
                "{expected}: {:?}",
                start.notices
            );
            assert!(expected
                .to_string()
                .starts_with("This shared link could not be opened: "));
        }
    }

    #[test]
    fn a_fragment_that_is_no_share_link_is_left_alone() {
        let start = plan(&PageOptions::default(), stored("mine\n", false), "#pods");
        assert_eq!(start.texts.text, "mine\n");
        assert_eq!(keys(&start), ["notice.restored_edits"]);
    }

    mod anything_in_the_address {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            /// Nothing put in the address panics: any query string and any fragment
            /// (a share prefix followed by anything) gives a start.
            #[test]
            fn begins_a_visit(query in ".{0,200}", data in ".{0,300}", bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
                let options = PageOptions::from_query(&query);
                let _ = storage_scope(&options);
                for fragment in [
                    format!("#{data}"),
                    format!("#v1.{data}"),
                    format!("#v1.{}", base64_of(&bytes)),
                ] {
                    let start = plan(&options, Stored::default(), &fragment);
                    match share::decode(&fragment) {
                        Ok(shared) => prop_assert_eq!(start.texts.text, shared.text),
                        Err(_) => {
                            prop_assert!(start.texts.text.contains("kind:"));
                            let refused = start.notices.iter().any(|n| matches!(n, Notice::Warning(m) if m.key == "share.refused"));
                            prop_assert_eq!(refused, share::is_share_fragment(&fragment));
                        }
                    }
                }
            }
        }

        fn base64_of(bytes: &[u8]) -> String {
            use base64::Engine;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        }
    }
}
