//! The event log: what `kubectl events` and the Events table of `kubectl describe`
//! show, with kubectl's reasons and messages. Repeats of the same event on the same
//! object are counted, as client-go's event correlator does; like its key, the
//! identity includes the involved object's UID, so a pod made again under the same
//! name starts its own events (and `kubectl describe`, which asks for the object's
//! UID, shows only the new pod's).

use std::hash::Hasher;

use super::clock::SimTime;
use super::store::{KeyHasher, KeyMap, Name, ObjectKey};

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
    pub namespace: Name,
    pub name: Name,
}

impl InvolvedObject {
    /// The object stored under `key` (sharing the key's text).
    pub fn of(key: &ObjectKey) -> InvolvedObject {
        InvolvedObject {
            kind: key.kind,
            namespace: key.namespace.clone(),
            name: key.name.clone(),
        }
    }
}

/// One event, possibly seen several times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub type_: EventType,
    pub reason: &'static str,
    pub object: InvolvedObject,
    /// The involved object's UID when the event was recorded (`involvedObject.uid`).
    pub uid: String,
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

/// What makes two events one, aggregated: `getEventKey` of client-go's correlator
/// (the source aside, which one reason always has here).
#[derive(Clone, Copy)]
pub struct Identity<'a> {
    pub type_: EventType,
    pub reason: &'a str,
    pub object: &'a InvolvedObject,
    pub uid: &'a str,
    pub message: &'a str,
}

impl Identity<'_> {
    /// The identity as a hash.
    fn hash(&self) -> u64 {
        let mut hasher = KeyHasher::default();
        // Each part's length is folded into its last word, so ("ab", "c") and
        // ("a", "bc") stay apart. The object's names bring their hashes along.
        for part in [self.type_.as_str(), self.reason, self.object.kind] {
            hasher.write(part.as_bytes());
        }
        hasher.write_u64(self.object.namespace.text_hash());
        hasher.write_u64(self.object.name.text_hash());
        for part in [self.uid, self.message] {
            hasher.write(part.as_bytes());
        }
        hasher.finish()
    }

    fn is(&self, e: &Event) -> bool {
        e.type_ == self.type_
            && e.reason == self.reason
            && e.object == *self.object
            && e.uid == self.uid
            && e.message == self.message
    }
}

impl EventLog {
    /// The index of the latest event with this identity (whose hash is `hash`), if any.
    fn find(&self, identity: &Identity, hash: u64) -> Option<usize> {
        let same = |e: &Event| identity.is(e);
        match self.latest.get(&hash) {
            Some(&i) if same(&self.events[i]) => Some(i),
            // Two identities with one hash: fall back to looking.
            Some(_) => self.events.iter().rposition(same),
            None => None,
        }
    }

    /// Whether an event with this identity was recorded.
    pub fn contains(&self, identity: &Identity) -> bool {
        self.find(identity, identity.hash()).is_some()
    }

    /// Record an event seen once, at its `first_seen`; the same event on the same
    /// object (same UID) again bumps the count of the one already recorded.
    pub fn record(&mut self, event: Event) {
        self.record_as(event, true);
    }

    /// Record an event unless the same one is already in the log (the count of that
    /// one stays as it is).
    pub fn record_once(&mut self, event: Event) {
        self.record_as(event, false);
    }

    fn record_as(&mut self, event: Event, count_repeat: bool) {
        let identity = Identity {
            type_: event.type_,
            reason: event.reason,
            object: &event.object,
            uid: &event.uid,
            message: &event.message,
        };
        let hash = identity.hash();
        if let Some(i) = self.find(&identity, hash) {
            if count_repeat {
                let seen = &mut self.events[i];
                seen.count += 1;
                seen.last_seen = event.first_seen;
            }
            return;
        }
        self.latest.insert(hash, self.events.len());
        self.events.push(Event {
            last_seen: event.first_seen,
            count: 1,
            ..event
        });
    }

    /// Every event, oldest first.
    pub fn all(&self) -> &[Event] {
        &self.events
    }

    /// Events about the objects named `name` of a kind, whatever their UID (what
    /// `kubectl events --for` selects), oldest first.
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

    /// Events about the one object with `uid` (what `kubectl describe` selects),
    /// oldest first.
    pub fn about_uid<'a>(&'a self, uid: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.uid == uid)
    }
}
