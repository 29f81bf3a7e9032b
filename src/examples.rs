//! The manifests Ordinal ships, embedded at build time so the app works offline.

/// The course's Day 7 example: StatefulSet `giropops` (3 replicas, one
/// `volumeClaimTemplates` entry `www`) and the headless Service `nginx` it names in
/// `serviceName`. This is what the editor shows on a first visit.
pub const COURSE_EXAMPLE: &str = include_str!("../examples/giropops.yaml");
