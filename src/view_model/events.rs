//! The events panel: every event of the cluster, newest first, in the columns of
//! `kubectl events` (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE) and kubectl's wording.

use crate::engine::{Cluster, EventType};

use super::age;

/// One row of the events panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventView {
    pub warning: bool,
    /// TYPE: `Normal` or `Warning`.
    pub type_: String,
    pub reason: String,
    /// OBJECT: `pod/giropops-0`, `statefulset/giropops`.
    pub object: String,
    pub message: String,
    /// How many times it was seen (the API server's aggregation of repeats).
    pub count: u32,
    /// The simulated instant it was first seen, in milliseconds.
    pub first_seen_millis: u64,
    /// The simulated instant it was last seen, in milliseconds: a stable key for the
    /// list (with the object and reason).
    pub last_seen_millis: u64,
}

impl EventView {
    /// LAST SEEN at `now_millis`: how long ago it was last seen (`4s`), with the count
    /// for repeats (`4s (x3 over 12s)`), as kubectl prints it. Computed when drawn, so
    /// the rows stay the same while only time passes.
    pub fn last_seen(&self, now_millis: u64) -> String {
        let seen = age(now_millis, self.last_seen_millis);
        if self.count > 1 {
            format!(
                "{seen} (x{} over {})",
                self.count,
                age(now_millis, self.first_seen_millis)
            )
        } else {
            seen
        }
    }
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
            EventView {
                warning: event.type_ == EventType::Warning,
                type_: event.type_.as_str().to_owned(),
                reason: event.reason.to_owned(),
                object: format!(
                    "{}/{}",
                    event.object.kind.to_ascii_lowercase(),
                    event.object.name
                ),
                message: event.message.clone(),
                count: event.count,
                first_seen_millis: event.first_seen.as_millis(),
                last_seen_millis: event.last_seen.as_millis(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(count: u32, first: u64, last: u64) -> EventView {
        EventView {
            warning: false,
            type_: "Normal".into(),
            reason: "Pulled".into(),
            object: "pod/giropops-0".into(),
            message: "Container image \"nginx\" already present on machine".into(),
            count,
            first_seen_millis: first,
            last_seen_millis: last,
        }
    }

    #[test]
    fn last_seen_is_how_long_ago_as_kubectl_prints_it() {
        assert_eq!(event(1, 1_000, 1_000).last_seen(5_900), "4s");
        assert_eq!(event(3, 1_000, 9_000).last_seen(13_000), "4s (x3 over 12s)");
    }
}
