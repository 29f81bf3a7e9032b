//! How a visit begins: which text the editor opens with, what it replaced, and what
//! to tell the student about it. Pure (the browser's storage, query string and
//! fragment come in as values), so every way a visit can begin is host-tested.
//!
//! The rule that keeps a student's work: their own text is never dropped. A saved
//! text comes back as it was; anything that replaces it (an example asked for in the
//! address, a share link) keeps it as the text to bring back.

use crate::embed::PageOptions;
use crate::examples::{self, COURSE_EXAMPLE};
use crate::i18n::Message;
use crate::ui::session::{Notice, Texts};

/// What local storage held for this page's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stored {
    pub text: Option<String>,
    pub previous: Option<String>,
    /// The stored text came from a load and was not edited since.
    pub loaded: bool,
    pub example: Option<String>,
    /// Whether the browser lets the page store anything at all.
    pub works: bool,
}

/// How the visit begins.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    pub texts: Texts,
    pub notices: Vec<Notice>,
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

/// Begin a visit of a page with `options` and what its storage scope held.
pub fn plan(options: &PageOptions, stored: Stored) -> Start {
    let mut notices = Vec::new();
    if !stored.works {
        notices.push(Notice::Info(Message::new("notice.storage_off")));
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
    Start { texts, notices }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(text: &str, loaded: bool) -> Stored {
        Stored {
            text: Some(text.to_owned()),
            loaded,
            works: true,
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
        let start = plan(
            &PageOptions::default(),
            Stored {
                works: true,
                ..Stored::default()
            },
        );
        assert_eq!(start.texts.text, COURSE_EXAMPLE);
        assert!(!start.texts.own);
        assert_eq!(start.texts.example, Some("giropops"));
        assert!(start.notices.is_empty());
    }

    #[test]
    fn a_returning_visit_gets_its_own_text_back_and_is_told_so() {
        let start = plan(&PageOptions::default(), stored("kind: Pod\n", false));
        assert_eq!(start.texts.text, "kind: Pod\n");
        assert!(start.texts.own);
        assert_eq!(keys(&start), ["notice.restored_edits"]);
    }

    #[test]
    fn an_example_in_the_address_opens_a_first_visit_of_its_scope_only() {
        let options = PageOptions::from_query("?example=kafka");
        assert_eq!(storage_scope(&options), "@example=kafka");
        let first = plan(
            &options,
            Stored {
                works: true,
                ..Stored::default()
            },
        );
        assert_eq!(first.texts.example, Some("kafka"));
        assert!(first.texts.text.contains("kafka"));
        let again = plan(&options, stored("edited kafka\n", false));
        assert_eq!(again.texts.text, "edited kafka\n");
    }

    #[test]
    fn a_lesson_in_the_address_opens_its_example_in_its_own_scope() {
        let options = PageOptions::from_query("?lesson=day-7");
        assert_eq!(storage_scope(&options), "@lesson=day-7");
        let start = plan(
            &options,
            Stored {
                works: true,
                ..Stored::default()
            },
        );
        assert_eq!(start.texts.text, COURSE_EXAMPLE);
    }

    #[test]
    fn a_browser_that_stores_nothing_is_said_to() {
        let start = plan(&PageOptions::default(), Stored::default());
        assert_eq!(keys(&start), ["notice.storage_off"]);
    }
}
