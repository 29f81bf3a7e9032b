//! The manifests Ordinal ships, embedded at build time so the app works offline, and
//! the list a picker shows: each example's id, file and text, with its title and
//! description as catalogue messages (`example.<id>.title`, `example.<id>.description`
//! in `locales/*.yaml`), so they read in the visitor's language.

use crate::i18n::Message;

/// The course's Day 7 example: StatefulSet `giropops` (3 replicas, one
/// `volumeClaimTemplates` entry `www`) and the headless Service `nginx` it names in
/// `serviceName`. This is what the editor shows on a first visit.
pub const COURSE_EXAMPLE: &str = include_str!("../examples/giropops.yaml");

/// One shipped example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// A stable name, used in share links and lessons (`postgres`).
    pub id: &'static str,
    /// Its file under `examples/` (what `kubectl apply -f` would name).
    pub file: &'static str,
    /// The manifest text.
    pub text: &'static str,
    title_key: &'static str,
    description_key: &'static str,
}

impl Example {
    /// The title, to render with `i18n::Locale::format`.
    pub fn title(&self) -> Message {
        Message::new(self.title_key)
    }

    /// A sentence or two on what the example shows.
    pub fn description(&self) -> Message {
        Message::new(self.description_key)
    }
}

macro_rules! example {
    ($id:literal, $file:literal) => {
        Example {
            id: $id,
            file: $file,
            text: include_str!(concat!("../examples/", $file)),
            title_key: concat!("example.", $id, ".title"),
            description_key: concat!("example.", $id, ".description"),
        }
    };
}

/// The examples in the order a picker lists them, the course example first.
pub const EXAMPLES: &[Example] = &[
    example!("giropops", "giropops.yaml"),
    example!("postgres", "postgres-primary-replicas.yaml"),
    example!("kafka", "kafka-cluster.yaml"),
    example!("minio", "minio-distributed.yaml"),
    example!("deployment", "deployment-beside-statefulset.yaml"),
    example!("services", "services-every-type.yaml"),
    example!("parallel", "parallel.yaml"),
    example!("static-volumes", "static-volumes.yaml"),
];

/// The example with this id, if Ordinal ships one (ids from share links are checked here).
pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}
