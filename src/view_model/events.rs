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

/// Every event, newest first (by when it was last seen; the log's order breaks ties,
/// later first).
pub fn events(c: &Cluster) -> Vec<EventView> {
    let mut rows: Vec<(usize, EventView)> = c
        .events()
        .all()
        .iter()
        .enumerate()
        .map(|(index, event)| {
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
            (
                index,
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
                },
            )
        })
        .collect();
    rows.sort_by(|(ia, a), (ib, b)| b.last_seen_millis.cmp(&a.last_seen_millis).then(ib.cmp(ia)));
    rows.into_iter().map(|(_, row)| row).collect()
}
