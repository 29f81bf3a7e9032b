//! The event log: what `kubectl events` and the Events table of `kubectl describe`
//! show, with kubectl's reasons and messages. Repeats of the same event on the same
//! object are counted, as the API server's event aggregation does.

use std::hash::{Hash, Hasher};

use super::clock::SimTime;
use super::store::{KeyHasher, KeyMap};

/// `Normal` or `Warning`, as in the TYPE column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    /// The word kubectl prints.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// The object an event is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InvolvedObject {
    pub kind: &'static str,
    pub namespace: String,
    pub name: String,
}

/// One event, possibly seen several times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub type_: EventType,
    pub reason: &'static str,
    pub object: InvolvedObject,
    /// The component that reported it (`statefulset-controller`, `kubelet`, ...).
    pub source: &'static str,
    pub message: String,
    pub first_seen: SimTime,
    pub last_seen: SimTime,
    pub count: u32,
}

/// All events, oldest first.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    events: Vec<Event>,
    /// Where the latest event with a given (type, reason, object, message) hash is,
    /// so that aggregating a repeat does not search the whole log.
    latest: KeyMap<u64, usize>,
}

/// The identity under which repeats are aggregated, as a hash.
fn identity(type_: EventType, reason: &str, object: &InvolvedObject, message: &str) -> u64 {
    let mut hasher = KeyHasher::default();
    // `str` hashes with a terminator, so ("ab", "c") and ("a", "bc") stay apart.
    for part in [
        type_.as_str(),
        reason,
        object.kind,
        &object.namespace,
        &object.name,
        message,
    ] {
        part.hash(&mut hasher);
    }
    hasher.finish()
}

impl EventLog {
    /// The index of the latest event with this identity, if any.
    fn find(
        &self,
        type_: EventType,
        reason: &str,
        object: &InvolvedObject,
        message: &str,
    ) -> Option<usize> {
        let same = |e: &Event| {
            e.type_ == type_ && e.reason == reason && e.object == *object && e.message == message
        };
        match self.latest.get(&identity(type_, reason, object, message)) {
            Some(&i) if same(&self.events[i]) => Some(i),
            // Two identities with one hash: fall back to looking.
            Some(_) => self.events.iter().rposition(same),
            None => None,
        }
    }

    /// Whether an event with this type, reason, object and message was recorded.
    pub fn contains(
        &self,
        type_: EventType,
        reason: &str,
        object: &InvolvedObject,
        message: &str,
    ) -> bool {
        self.find(type_, reason, object, message).is_some()
    }

    /// Record an event at `now`; the same event on the same object again bumps its count.
    pub fn record(
        &mut self,
        now: SimTime,
        type_: EventType,
        reason: &'static str,
        object: InvolvedObject,
        source: &'static str,
        message: String,
    ) {
        if let Some(i) = self.find(type_, reason, &object, &message) {
            let seen = &mut self.events[i];
            seen.count += 1;
            seen.last_seen = now;
            return;
        }
        self.latest.insert(
            identity(type_, reason, &object, &message),
            self.events.len(),
        );
        self.events.push(Event {
            type_,
            reason,
            object,
            source,
            message,
            first_seen: now,
            last_seen: now,
            count: 1,
        });
    }

    /// Every event, oldest first.
    pub fn all(&self) -> &[Event] {
        &self.events
    }

    /// Events about one object, oldest first.
    pub fn about<'a>(
        &'a self,
        kind: &'a str,
        namespace: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| {
            e.object.kind == kind && e.object.namespace == namespace && e.object.name == name
        })
    }
}
