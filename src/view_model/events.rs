//! The events panel: every event of the cluster, newest first, in the columns of
//! `kubectl events` (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE) and kubectl's wording.

use crate::engine::{Cluster, EventType};

use super::age;

/// One row of the events panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventView {
    /// LAST SEEN: how long ago it was last seen (`4s`), with the count for repeats
    /// (`4s (x3 over 12s)`), as kubectl prints it.
    pub last_seen: String,
    pub warning: bool,
    /// TYPE: `Normal` or `Warning`.
    pub type_: String,
    pub reason: String,
    /// OBJECT: `pod/giropops-0`, `statefulset/giropops`.
    pub object: String,
    pub message: String,
    /// The simulated instant it was last seen, in milliseconds: a stable key for the
    /// list (with the object and reason).
    pub last_seen_millis: u64,
}

/// The `limit` newest events, newest first (by when each was last seen; the log's
/// order breaks ties, later first). Only those are formatted: a long-running cluster
/// has thousands.
pub fn events(c: &Cluster, limit: usize) -> Vec<EventView> {
    let all = c.events().all();
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&a, &b| all[b].last_seen.cmp(&all[a].last_seen).then(b.cmp(&a)));
    order
        .into_iter()
        .take(limit)
        .map(|index| {
            let event = &all[index];
            let seen = age(c, event.last_seen);
            let last_seen = if event.count > 1 {
                format!(
                    "{seen} (x{} over {})",
                    event.count,
                    age(c, event.first_seen)
                )
            } else {
                seen
            };
            EventView {
                last_seen,
                warning: event.type_ == EventType::Warning,
                type_: event.type_.as_str().to_owned(),
                reason: event.reason.to_owned(),
                object: format!(
                    "{}/{}",
                    event.object.kind.to_ascii_lowercase(),
                    event.object.name
                ),
                message: event.message.clone(),
                last_seen_millis: event.last_seen.as_millis(),
            }
        })
        .collect()
}
