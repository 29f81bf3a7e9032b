//! Guided lessons: one YAML file per lesson in `lessons/`, embedded at build time,
//! each with its text in every language and steps whose checks (see [`check`]) say
//! from the cluster's state when the step is done. A [`LessonRun`] follows a student
//! through the steps. Instructors write lessons as data (docs/lessons.md); nothing
//! here is written per lesson, and nothing here changes the cluster.

pub mod check;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

pub use check::{Check, StepMemory};

use crate::engine::Cluster;
use crate::i18n::{Message, DEFAULT_LANG};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/lessons.rs"));
}

/// A text in several languages, keyed by language tag (`en`, `pt-BR`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(BTreeMap<String, String>);

impl Text {
    /// The text in `lang`, else in English, else in the first language it has.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(DEFAULT_LANG))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// The languages this text is written in.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        let texts = BTreeMap::<String, String>::deserialize(deserializer)?;
        if texts.is_empty() || texts.values().any(|t| t.trim().is_empty()) {
            return Err(serde::de::Error::custom(
                "a text needs at least one language, and no language may be empty (en: ..., pt-BR: ...)",
            ));
        }
        Ok(Text(texts))
    }
}

/// One step: what to do, and the checks that say it is done.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A short name, unique in the lesson (`delete-a-pod`).
    pub id: String,
    pub title: Text,
    /// What to do and what to watch for.
    pub text: Text,
    /// Help for a student who is stuck (a command, a field to change).
    #[serde(default)]
    pub hint: Option<Text>,
    /// Every check must hold for the step to be done.
    #[serde(deserialize_with = "checks")]
    pub done_when: Vec<Check>,
}

/// A lesson as its file declares it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The file name without `.yaml` (set from the file, not written in it).
    #[serde(skip)]
    pub id: String,
    pub title: Text,
    pub description: Text,
    /// The example (an id of `examples::EXAMPLES`) loaded into the editor at the start.
    #[serde(default)]
    pub example: Option<String>,
    #[serde(deserialize_with = "non_empty_list")]
    pub steps: Vec<Step>,
}

/// Checks are written as one-key maps (`- pod_ready: giropops-0`), nested ones too
/// (`- not: {resolves: ...}`), rather than as YAML tags.
fn checks<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Check>, D::Error> {
    let items: Vec<Check> =
        serde_yaml_ng::with::singleton_map_recursive::deserialize(deserializer)?;
    if items.is_empty() {
        return Err(serde::de::Error::custom(
            "the list is empty; give at least one",
        ));
    }
    Ok(items)
}

fn non_empty_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Vec::<T>::deserialize(deserializer)?;
    if items.is_empty() {
        return Err(serde::de::Error::custom(
            "the list is empty; give at least one",
        ));
    }
    Ok(items)
}

/// A lesson file that cannot be used, with where the mistake is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    /// The lesson id (its file name without `.yaml`).
    pub lesson: String,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some((line, column)) => write!(
                f,
                "lessons/{}.yaml: line {line}, column {column}: {}",
                self.lesson, self.message
            ),
            None => write!(f, "lessons/{}.yaml: {}", self.lesson, self.message),
        }
    }
}

impl std::error::Error for LessonError {}

/// The line and column of the `occurrence`-th (0-based) line of `text` that starts
/// (after indentation and a list dash) with `prefix`.
fn locate(text: &str, prefix: &str, occurrence: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
            trimmed
                .starts_with(prefix)
                .then(|| (i + 1, line.len() - trimmed.len() + 1))
        })
        .nth(occurrence)
}

impl Lesson {
    /// Read and check a lesson file: its shape (every unknown field or check is refused
    /// where it is written), unique step ids, and a known example.
    pub fn parse(id: &str, text: &str) -> Result<Lesson, LessonError> {
        let error = |location, message: String| LessonError {
            lesson: id.to_owned(),
            location,
            message,
        };
        let mut lesson: Lesson = serde_yaml_ng::from_str(text).map_err(|e| {
            let location = e.location().map(|l| (l.line(), l.column()));
            let mut message = e.to_string();
            // The location is reported once, in front, like the manifest errors.
            if let Some((line, column)) = location {
                let suffix = format!(" at line {line} column {column}");
                if let Some(stripped) = message.strip_suffix(&suffix) {
                    message = stripped.to_owned();
                }
            }
            error(location, message)
        })?;
        lesson.id = id.to_owned();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for step in &lesson.steps {
            let count = seen.entry(step.id.as_str()).or_default();
            if *count > 0 {
                let at = locate(text, &format!("id: {}", step.id), *count);
                return Err(error(
                    at,
                    format!(
                        "step id {:?} is used twice; each step needs its own",
                        step.id
                    ),
                ));
            }
            *count += 1;
        }
        if let Some(example) = &lesson.example {
            if crate::examples::example(example).is_none() {
                let known: Vec<&str> = crate::examples::EXAMPLES.iter().map(|e| e.id).collect();
                return Err(error(
                    locate(text, "example:", 0),
                    format!(
                        "example {example:?} is not one Ordinal ships; choose one of {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        Ok(lesson)
    }
}

/// The lesson files shipped with Ordinal as `(id, text)`, in id order.
pub fn lesson_sources() -> &'static [(&'static str, &'static str)] {
    embedded::LESSONS
}

/// Every shipped lesson, parsed once. A file that does not parse is left out (a test
/// keeps that from shipping).
pub fn lessons() -> &'static [Lesson] {
    static PARSED: OnceLock<Vec<Lesson>> = OnceLock::new();
    PARSED.get_or_init(|| {
        embedded::LESSONS
            .iter()
            .filter_map(|(id, text)| Lesson::parse(id, text).ok())
            .collect()
    })
}

/// The shipped lesson with this id (ids from share links are checked here).
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    lessons().iter().find(|l| l.id == id)
}

/// One check of the current step and whether it holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckStatus {
    pub label: Message,
    pub holds: bool,
}

/// A student's way through one lesson: the step they are on, what that step
/// remembered when it began, and which steps are done. It only reads the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonRun {
    pub lesson: String,
    step: usize,
    done: Vec<bool>,
    memory: StepMemory,
}

impl LessonRun {
    /// Begin `lesson` at its first step, remembering the cluster as it is now.
    pub fn start(lesson: &Lesson, c: &Cluster) -> LessonRun {
        LessonRun {
            lesson: lesson.id.clone(),
            step: 0,
            done: vec![false; lesson.steps.len()],
            memory: StepMemory::snapshot(c),
        }
    }

    /// The index of the step the student is on, or `None` once every step is done.
    pub fn current(&self) -> Option<usize> {
        (self.step < self.done.len()).then_some(self.step)
    }

    /// Whether step `index` has been completed.
    pub fn is_done(&self, index: usize) -> bool {
        self.done.get(index).copied().unwrap_or(false)
    }

    /// Whether every step is done.
    pub fn is_finished(&self) -> bool {
        self.current().is_none()
    }

    /// Look at the cluster after a change or a tick: if every check of the current step
    /// holds, the step is done and the next one begins (remembering the cluster now, so
    /// a step never counts what happened before it began). Returns whether a step was
    /// completed.
    pub fn observe(&mut self, lesson: &Lesson, c: &Cluster) -> bool {
        let Some(index) = self.current() else {
            return false;
        };
        let Some(step) = lesson.steps.get(index) else {
            return false;
        };
        if !step
            .done_when
            .iter()
            .all(|check| check.holds(c, &self.memory))
        {
            return false;
        }
        self.done[index] = true;
        self.step += 1;
        self.memory = StepMemory::snapshot(c);
        true
    }

    /// Move to step `index` (to redo or skip a step), beginning it now.
    pub fn go_to(&mut self, index: usize, c: &Cluster) {
        self.step = index.min(self.done.len());
        self.memory = StepMemory::snapshot(c);
    }

    /// Each check of the current step with whether it holds now, for a checklist.
    pub fn checklist(&self, lesson: &Lesson, c: &Cluster) -> Vec<CheckStatus> {
        let Some(step) = self.current().and_then(|i| lesson.steps.get(i)) else {
            return Vec::new();
        };
        step.done_when
            .iter()
            .map(|check| CheckStatus {
                label: check.describe(),
                holds: check.holds(c, &self.memory),
            })
            .collect()
    }
}
