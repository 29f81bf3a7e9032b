//! Controllers: one module per Kubernetes controller, each an idempotent reconcile
//! over the store that says whether it changed anything. They mirror upstream's names
//! and rules so a reviewer can hold them against the Kubernetes sources.
//!
//! Like real controllers, they are driven by watch events: every store write lands
//! in a journal, each controller's `observe` (its informer event handler) turns a
//! change into keys on its own work queue, and its `reconcile` works through that
//! queue only. Time-driven work (a pod becoming Ready, a grace period ending) is a
//! timer on the same queue. A pass therefore costs what changed, not what exists.

pub mod deployment;
pub mod endpoints;
pub mod gc;
pub mod kubelet;
pub mod node;
mod pod_views;
pub mod replicaset;
pub mod scheduler;
pub mod service;
pub mod serviceaccount;
pub mod statefulset;
pub mod volume;

use std::collections::BTreeMap;

use super::store::{Change, KeyMap, KeyParts, KeySet};
use super::{Cluster, ObjectKey, Reconciled, SimTime};

/// The controllers, in the order a pass runs them: owners first, then storage, then
/// placement, then the nodes, then the network, then the namespaces' accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Controller {
    Node,
    GarbageCollector,
    StatefulSet,
    Deployment,
    ReplicaSet,
    Volume,
    Scheduler,
    Kubelet,
    Service,
    Endpoints,
    ServiceAccount,
}

/// How many controllers there are.
const CONTROLLERS: usize = Controller::ALL.len();

impl Controller {
    /// Every controller, in pass order (`Controller::ALL[c as usize] == c`).
    pub const ALL: [Controller; 11] = [
        Controller::Node,
        Controller::GarbageCollector,
        Controller::StatefulSet,
        Controller::Deployment,
        Controller::ReplicaSet,
        Controller::Volume,
        Controller::Scheduler,
        Controller::Kubelet,
        Controller::Service,
        Controller::Endpoints,
        Controller::ServiceAccount,
    ];
}

/// Every controller's work queue and memory, and the timers.
#[derive(Debug, Clone, Default)]
pub struct Work {
    pub(crate) node: node::State,
    pub(crate) gc: Queue,
    pub(crate) statefulset: statefulset::State,
    pub(crate) deployment: deployment::State,
    pub(crate) replicaset: replicaset::State,
    pub(crate) volume: volume::State,
    pub(crate) scheduler: scheduler::State,
    pub(crate) kubelet: Queue,
    /// Pods whose ReadWriteOnce volume is attached to another node: any pod that goes
    /// may free it.
    pub(crate) attach_waiting: KeySet<ObjectKey>,
    pub(crate) service: service::State,
    pub(crate) endpoints: endpoints::State,
    pub(crate) serviceaccount: Queue,
    pub(crate) timers: Timers,
    /// The buffer the watch journal's changes are handed out in, kept between passes.
    changes: Vec<Change>,
}

impl Work {
    /// Whether any controller has queued work.
    fn pending(&self) -> bool {
        self.node.pending()
            || !self.gc.is_empty()
            || self.statefulset.pending()
            || self.deployment.pending()
            || self.replicaset.pending()
            || self.volume.pending()
            || self.scheduler.pending()
            || !self.kubelet.is_empty()
            || self.service.pending()
            || self.endpoints.pending()
            || !self.serviceaccount.is_empty()
    }

    /// Put a key whose timer fired back on its controller's queue.
    fn enqueue(&mut self, controller: Controller, key: ObjectKey) {
        match controller {
            Controller::Node => self.node.enqueue(key),
            Controller::GarbageCollector => {
                self.gc.insert(key);
            }
            Controller::StatefulSet => self.statefulset.enqueue(key),
            Controller::Deployment => self.deployment.enqueue(key),
            Controller::ReplicaSet => self.replicaset.enqueue(key),
            Controller::Volume => self.volume.enqueue(key),
            Controller::Scheduler => self.scheduler.enqueue(key),
            Controller::Kubelet => {
                self.kubelet.insert(key);
            }
            Controller::Service => self.service.enqueue(key),
            Controller::Endpoints => self.endpoints.enqueue_all(key),
            Controller::ServiceAccount => {
                self.serviceaccount.insert(key);
            }
        }
    }
}

/// Requeue-after timers, one per (controller, object) at most, so that the next
/// wake-up is always a real one. Timers are kept in buckets by due time: many objects
/// fall due at the same instant.
#[derive(Debug, Clone, Default)]
pub struct Timers {
    /// Due time → for each controller, the objects due then.
    due: BTreeMap<SimTime, [KeySet<ObjectKey>; CONTROLLERS]>,
    /// Each controller's timers by object.
    at: [KeyMap<ObjectKey, SimTime>; CONTROLLERS],
}

impl Timers {
    /// The earliest timer, if any.
    pub fn next(&self) -> Option<SimTime> {
        self.due.keys().next().copied()
    }

    /// Set (or move, or with `None` clear) the timer of `key` for `controller`.
    pub fn set(&mut self, controller: Controller, key: &ObjectKey, at: Option<SimTime>) {
        let index = controller as usize;
        let old = self.at[index].get(key).copied();
        if old == at {
            return;
        }
        if let Some(old) = old {
            if let Some(bucket) = self.due.get_mut(&old) {
                bucket[index].remove(key);
                if bucket.iter().all(KeySet::is_empty) {
                    self.due.remove(&old);
                }
            }
        }
        match at {
            Some(at) => {
                match self.at[index].get_mut(key) {
                    Some(due) => *due = at,
                    None => {
                        self.at[index].insert(key.clone(), at);
                    }
                }
                self.due.entry(at).or_default()[index].insert(key.clone());
            }
            None => {
                self.at[index].remove(key);
            }
        }
    }

    /// Take every timer due at or before `now`, by time, controller and key.
    fn take_due(&mut self, now: SimTime) -> Vec<(Controller, ObjectKey)> {
        let mut fired = Vec::new();
        while let Some(entry) = self.due.first_entry() {
            if *entry.key() > now {
                break;
            }
            let bucket = entry.remove();
            for (index, keys) in bucket.into_iter().enumerate() {
                let controller = Controller::ALL[index];
                let mut keys: Vec<ObjectKey> = keys.into_iter().collect();
                keys.sort_unstable();
                for key in keys {
                    self.at[index].remove(&key);
                    fired.push((controller, key));
                }
            }
        }
        fired
    }
}

/// A work queue: keys waiting to be reconciled, each at most once, handed out in
/// key order so that every run does the same work in the same order. Adding is a
/// hash lookup (a key is added many times per pass); ordering happens once, when the
/// queue is taken.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    keys: KeySet<ObjectKey>,
}

impl Queue {
    /// Queue `key`, cloning it only when it is not queued yet.
    pub fn add(&mut self, key: &ObjectKey) {
        if !self.keys.contains(key) {
            self.keys.insert(key.clone());
        }
    }

    /// Queue the key `(kind, namespace, name)`, allocating only when it is not queued.
    pub fn add_parts(&mut self, kind: &'static str, namespace: &str, name: &str) {
        let parts: &dyn KeyParts = &(kind, namespace, name);
        if !self.keys.contains(parts) {
            self.keys
                .insert(ObjectKey::from_parts(kind, namespace, name));
        }
    }

    /// Queue an owned key.
    pub fn insert(&mut self, key: ObjectKey) {
        self.keys.insert(key);
    }

    /// Drop `key` from the queue.
    pub fn remove(&mut self, key: &ObjectKey) {
        self.keys.remove(key);
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Take every queued key, in key order.
    pub fn take(&mut self) -> Vec<ObjectKey> {
        let mut keys: Vec<ObjectKey> = self.keys.drain().collect();
        keys.sort_unstable();
        keys
    }
}

impl Extend<ObjectKey> for Queue {
    fn extend<I: IntoIterator<Item = ObjectKey>>(&mut self, keys: I) {
        self.keys.extend(keys);
    }
}

/// Queue the work whose timers are due at the cluster's current time.
pub(crate) fn fire_timers(c: &mut Cluster) {
    for (controller, key) in c.work.timers.take_due(c.now) {
        c.work.enqueue(controller, key);
    }
}

/// Every `K` in `namespace` whose selector (`selector_of`) matches `labels`: the
/// controllers that may adopt an orphan carrying those labels, as the Deployment and
/// ReplicaSet controllers' add/update handlers look them up (`getPodReplicaSets`,
/// `getDeploymentsForReplicaSet`).
pub(crate) fn adopters<K: crate::engine::Resource>(
    c: &Cluster,
    namespace: &str,
    labels: Option<&BTreeMap<String, String>>,
    selector_of: impl Fn(&K) -> Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector>,
) -> Vec<ObjectKey> {
    c.store
        .list::<K>(Some(namespace))
        .filter(|(_, owner)| {
            selector_of(owner).is_some_and(|selector| {
                crate::engine::labels::selector_matches(Some(selector), labels)
            })
        })
        .map(|(key, _)| key.clone())
        .collect()
}

/// Ask for `key` to be reconciled by `controller` at `at` (now or later), replacing
/// any earlier request; `None` cancels it.
pub(crate) fn requeue_at(
    c: &mut Cluster,
    controller: Controller,
    key: &ObjectKey,
    at: Option<SimTime>,
) {
    match at {
        Some(at) if at <= c.now => {
            c.work.timers.set(controller, key, None);
            c.work.enqueue(controller, key.clone());
        }
        at => c.work.timers.set(controller, key, at),
    }
}

/// Whether work is waiting: queued keys, or changes not yet seen.
pub(crate) fn has_work(c: &Cluster) -> bool {
    c.store.has_changes() || c.work.pending()
}

/// Hand every change in the journal to each controller's event handler.
fn dispatch(c: &mut Cluster) {
    let mut changes = std::mem::take(&mut c.work.changes);
    while c.store.has_changes() {
        c.store.swap_changes(&mut changes);
        for change in changes.drain(..) {
            observe(c, &change);
        }
    }
    c.work.changes = changes;
}

fn observe(c: &mut Cluster, change: &Change) {
    node::observe(c, change);
    gc::observe(c, change);
    statefulset::observe(c, change);
    deployment::observe(c, change);
    replicaset::observe(c, change);
    volume::observe(c, change);
    scheduler::observe(c, change);
    kubelet::observe(c, change);
    service::observe(c, change);
    endpoints::observe(c, change);
    serviceaccount::observe(c, change);
}

/// One pass of every controller, in the order a change flows through a cluster:
/// each first learns what the ones before it did.
pub fn reconcile_all(c: &mut Cluster) -> Reconciled {
    let mut done = Reconciled::default();
    let steps: [fn(&mut Cluster) -> Reconciled; CONTROLLERS] = [
        node::reconcile,
        gc::reconcile,
        statefulset::reconcile,
        deployment::reconcile,
        replicaset::reconcile,
        volume::reconcile,
        scheduler::reconcile,
        kubelet::reconcile,
        service::reconcile,
        endpoints::reconcile,
        serviceaccount::reconcile,
    ];
    for step in steps {
        dispatch(c);
        done = done.and(step(c));
    }
    dispatch(c);
    done
}

/// FNV-1a, 64-bit: a small, stable hash for seeding and revision names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
