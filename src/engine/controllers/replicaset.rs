//! The ReplicaSet controller, after upstream's `replica_set.go`: it keeps
//! `spec.replicas` active pods, made from the template with names `<replicaset>-<5
//! random characters>` (the API server's `generateName`), deletes the least valuable
//! pods first when there are too many (`getPodsToDelete`), and counts status. It knows
//! nothing of Deployments; the Deployment controller only changes its replicas.
//!
//! Like upstream's, it is driven by its informers' events: a ReplicaSet change queues
//! that set; a pod change queues the set that controls it, or, for a pod without a
//! controller, every set in its namespace whose selector matches it (to adopt it).
//! A pod becoming available after `minReadySeconds` is a requeue timer.

use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetStatus};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, OwnerReference};

use std::collections::{BTreeMap, BTreeSet};

use super::kubelet::{is_ready, phase};
use super::{adopters, requeue_at, Controller, Queue};
use crate::engine::labels::selector_matches;
use crate::engine::store::{Change, KeyMap};
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled, Resource, SimTime};

const SOURCE: &str = "replicaset-controller";

/// The characters of generated name suffixes: Kubernetes' `utilrand` alphabet, with
/// no vowels (no words) and no easily confused characters (`0`, `1`, `3`).
pub const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// Length of the random suffix `generateName` appends.
pub const NAME_SUFFIX_LEN: usize = 5;

/// What the controller needs to know of one of its pods.
struct PodView {
    key: ObjectKey,
    active: bool,
    assigned: bool,
    phase_rank: u8,
    ready: bool,
    ready_since: Option<SimTime>,
    created: SimTime,
}

/// The controller's work queue and what its informers remember.
#[derive(Debug, Clone, Default)]
pub struct State {
    queue: Queue,
    /// Each pod controlled by a ReplicaSet → that set, so a removed pod (whose
    /// object is gone) still queues its set.
    controller_of: KeyMap<ObjectKey, ObjectKey>,
    /// Namespace → pods with no controller: the ones a set may adopt.
    orphans: BTreeMap<String, BTreeSet<String>>,
}

impl State {
    pub(crate) fn pending(&self) -> bool {
        !self.queue.is_empty()
    }

    pub(crate) fn enqueue(&mut self, key: ObjectKey) {
        self.queue.insert(key);
    }

    /// The ReplicaSet that controlled `pod` when it was last seen.
    pub(crate) fn controller_of(&self, pod: &ObjectKey) -> Option<&ObjectKey> {
        self.controller_of.get(pod)
    }
}

/// The controller's event handlers (`addPod`, `updatePod`, `deletePod` and the
/// ReplicaSet handlers of `replica_set.go`).
pub fn observe(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    match key.kind {
        "ReplicaSet" => {
            if c.store.changed(change).is_none() {
                c.work.replicaset.queue.remove(key);
                c.work.timers.set(Controller::ReplicaSet, key, None);
            } else {
                c.work.replicaset.queue.add(key);
            }
        }
        "Pod" => pod_changed(c, change),
        _ => {}
    }
}

fn pod_changed(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    let state = &mut c.work.replicaset;
    let Some(pod) = c.store.changed_as::<Pod>(change) else {
        // deletePod: the set that controlled it counts again.
        if let Some(set) = state.controller_of.remove(key) {
            state.queue.insert(set);
        }
        if let Some(names) = state.orphans.get_mut(key.namespace.as_str()) {
            names.remove(key.name.as_str());
        }
        return;
    };
    let controller = pod
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true));
    let now_controlled = controller
        .filter(|r| r.kind == "ReplicaSet")
        .map(|r| ObjectKey::new::<ReplicaSet>(&key.namespace, &r.name));
    // A pod that changed controller (released, or adopted by another) is news to the
    // set it left as well.
    let before = match &now_controlled {
        Some(set) if state.controller_of.get(key) == Some(set) => None,
        Some(set) => state.controller_of.insert(key.clone(), set.clone()),
        None => state.controller_of.remove(key),
    };
    if let Some(set) = before {
        state.queue.insert(set);
    }
    if let Some(set) = now_controlled {
        state.queue.insert(set);
    }
    if controller.is_some() {
        if let Some(names) = state.orphans.get_mut(key.namespace.as_str()) {
            names.remove(key.name.as_str());
        }
        return;
    }
    state
        .orphans
        .entry(key.namespace.to_string())
        .or_default()
        .insert(key.name.to_string());
    // An orphan: every set whose selector matches it may adopt it.
    if pod.metadata.deletion_timestamp.is_some() {
        return;
    }
    let matching = adopters::<ReplicaSet>(c, &key.namespace, pod.metadata.labels.as_ref(), |set| {
        set.spec.as_ref().map(|spec| &spec.selector)
    });
    c.work.replicaset.queue.extend(matching);
}

/// One pass over every ReplicaSet that changed or whose timer is due.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let queue = c.work.replicaset.queue.take();
    let mut changed = false;
    for key in queue {
        let (set_changed, wake) = reconcile_set(c, &key);
        changed |= set_changed;
        requeue_at(c, Controller::ReplicaSet, &key, wake);
    }
    Reconciled { changed }
}

fn reconcile_set(c: &mut Cluster, key: &ObjectKey) -> (bool, Option<SimTime>) {
    let Some(set) = c.store.get_typed::<ReplicaSet>(key).cloned() else {
        return (false, None);
    };
    let Some(uid) = set.metadata.uid.clone() else {
        return (false, None);
    };
    if set.metadata.deletion_timestamp.is_some() {
        return (false, None);
    }
    let wanted = usize::try_from(
        set.spec
            .as_ref()
            .and_then(|s| s.replicas)
            .unwrap_or(1)
            .max(0),
    )
    .unwrap_or(0);
    let mut changed = match set.spec.as_ref() {
        Some(spec) => {
            // ClaimPods: the candidates are the pods it controls and the orphans.
            let mut candidates: Vec<ObjectKey> = c.store.dependents(&uid).cloned().collect();
            candidates.extend(
                c.work
                    .replicaset
                    .orphans
                    .get(key.namespace.as_str())
                    .into_iter()
                    .flatten()
                    .map(|name| ObjectKey::new::<Pod>(&key.namespace, name)),
            );
            claim(c, candidates, &spec.selector, &owner_reference(&set))
        }
        None => false,
    };
    let pods = owned_pods(c, &uid);
    let active: Vec<&PodView> = pods.iter().filter(|p| p.active).collect();

    // manageReplicas: create the missing pods, or delete the surplus.
    if active.len() < wanted {
        for _ in active.len()..wanted {
            create_pod(c, &set);
        }
        changed = true;
    } else if active.len() > wanted {
        let mut doomed = active;
        // getPodsToDelete: unscheduled before scheduled, Pending before Running, not
        // ready before ready, ready for less time before longer, newer before older.
        doomed.sort_by_key(|p| {
            (
                p.assigned,
                p.phase_rank,
                p.ready,
                std::cmp::Reverse(p.ready_since),
                std::cmp::Reverse(p.created),
            )
        });
        let surplus = doomed.len() - wanted;
        let keys: Vec<ObjectKey> = doomed.iter().take(surplus).map(|p| p.key.clone()).collect();
        for pod in keys {
            c.delete_object(&pod);
            c.record(
                EventType::Normal,
                "SuccessfulDelete",
                set_ref(key),
                SOURCE,
                format!("Deleted pod: {}", pod.name),
            );
        }
        changed = true;
    }

    let (status_changed, wake) = write_status(c, key, &set, &uid);
    (changed | status_changed, wake)
}

/// The pods `uid` controls, found through the store's owner index.
fn owned_pods(c: &Cluster, uid: &str) -> Vec<PodView> {
    c.store
        .dependents(uid)
        .filter(|pod_key| pod_key.kind == Pod::KIND)
        .filter_map(|pod_key| {
            Some((
                pod_key,
                c.store.get_as::<Pod>(&pod_key.namespace, &pod_key.name)?,
            ))
        })
        .filter(|(_, pod)| is_controlled_by(&pod.metadata, uid))
        .map(|(pod_key, pod)| {
            let phase = phase(pod);
            let pod_uid = pod.metadata.uid.as_deref().unwrap_or("");
            PodView {
                key: pod_key.clone(),
                // FilterActivePods: terminating and finished pods no longer count.
                active: pod.metadata.deletion_timestamp.is_none()
                    && !matches!(phase, "Failed" | "Succeeded"),
                assigned: pod
                    .spec
                    .as_ref()
                    .and_then(|s| s.node_name.as_ref())
                    .is_some(),
                phase_rank: match phase {
                    "Pending" => 0,
                    "Running" => 2,
                    _ => 1,
                },
                ready: is_ready(pod),
                ready_since: c.runtime.get(pod_uid).and_then(|r| r.ready_since),
                created: c
                    .store
                    .get(pod_key)
                    .map(|s| s.created)
                    .unwrap_or(SimTime::ZERO),
            }
        })
        .collect()
}

/// `ClaimObjects` (controller_ref_manager.go): of `candidates`, take as controller
/// those that match `selector` and have no controller, and let go of those it
/// controls that no longer match. Returns whether anything changed.
pub fn claim(
    c: &mut Cluster,
    candidates: Vec<ObjectKey>,
    selector: &LabelSelector,
    owner: &OwnerReference,
) -> bool {
    let mut adopt = Vec::new();
    let mut release = Vec::new();
    for key in candidates {
        let Some(stored) = c.store.get(&key) else {
            continue;
        };
        let meta = stored.object.metadata();
        if meta.deletion_timestamp.is_some() {
            continue;
        }
        let matches = selector_matches(Some(selector), meta.labels.as_ref());
        let controller = meta
            .owner_references
            .iter()
            .flatten()
            .find(|r| r.controller == Some(true));
        match controller {
            None if matches => adopt.push(key),
            Some(r) if r.uid == owner.uid && !matches => release.push(key),
            _ => {}
        }
    }
    let mut changed = false;
    for key in adopt {
        changed |= c.store.update_object(&key, |object| {
            object
                .metadata_mut()
                .owner_references
                .get_or_insert_with(Vec::new)
                .push(owner.clone());
        });
    }
    for key in release {
        changed |= c.store.update_object(&key, |object| {
            let meta = object.metadata_mut();
            if let Some(owners) = meta.owner_references.as_mut() {
                owners.retain(|r| r.uid != owner.uid);
            }
            if meta.owner_references.as_ref().is_some_and(Vec::is_empty) {
                meta.owner_references = None;
            }
        });
    }
    changed
}

fn owner_reference(set: &ReplicaSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_owned(),
        kind: "ReplicaSet".to_owned(),
        name: set.metadata.name.clone().unwrap_or_default(),
        uid: set.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// Whether `meta` names the object with `uid` as its controller.
pub fn is_controlled_by(meta: &ObjectMeta, uid: &str) -> bool {
    meta.owner_references
        .iter()
        .flatten()
        .any(|r| r.uid == uid && r.controller == Some(true))
}

/// A name `<prefix><5 characters>` that no pod in the namespace has, drawn from the
/// cluster's seeded generator (so the same seed gives the same names).
fn generate_name(c: &mut Cluster, namespace: &str, prefix: &str) -> String {
    loop {
        let suffix: String = (0..NAME_SUFFIX_LEN)
            .map(|_| {
                let i = c.rng.below(NAME_ALPHABET.len() as u64);
                char::from(NAME_ALPHABET[usize::try_from(i).unwrap_or(0)])
            })
            .collect();
        let name = format!("{prefix}{suffix}");
        if c.get::<Pod>(namespace, &name).is_none() {
            return name;
        }
    }
}

fn create_pod(c: &mut Cluster, set: &ReplicaSet) {
    let namespace = set.metadata.namespace.clone().unwrap_or_default();
    let set_name = set.metadata.name.clone().unwrap_or_default();
    let template = set
        .spec
        .as_ref()
        .and_then(|s| s.template.clone())
        .unwrap_or_default();
    let prefix = format!("{set_name}-");
    let name = generate_name(c, &namespace, &prefix);
    let template_meta = template.metadata.unwrap_or_default();
    let pod = Pod {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            generate_name: Some(prefix),
            namespace: Some(namespace.clone()),
            labels: template_meta.labels,
            annotations: template_meta.annotations,
            owner_references: Some(vec![owner_reference(set)]),
            ..Default::default()
        },
        spec: template.spec,
        status: None,
    };
    c.create_owned(pod.into_object());
    c.record(
        EventType::Normal,
        "SuccessfulCreate",
        InvolvedObject {
            kind: "ReplicaSet",
            namespace: namespace.into(),
            name: set_name.into(),
        },
        SOURCE,
        format!("Created pod: {name}"),
    );
}

fn set_ref(key: &ObjectKey) -> InvolvedObject {
    InvolvedObject::of(key)
}

/// Count the set's pods into its status; returns whether it changed and when a pod
/// next becomes available (`minReadySeconds`).
fn write_status(
    c: &mut Cluster,
    key: &ObjectKey,
    set: &ReplicaSet,
    uid: &str,
) -> (bool, Option<SimTime>) {
    let min_ready = u64::try_from(
        set.spec
            .as_ref()
            .and_then(|s| s.min_ready_seconds)
            .unwrap_or(0),
    )
    .unwrap_or(0)
        * 1000;
    let now = c.now;
    let pods = owned_pods(c, uid);
    let active: Vec<&PodView> = pods.iter().filter(|p| p.active).collect();
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let ready = active.iter().filter(|p| p.ready).count();
    let mut wake = None;
    let available = active
        .iter()
        .filter(|p| p.ready)
        .filter(|p| {
            let at = p.ready_since.unwrap_or(now).plus_millis(min_ready);
            if at > now {
                wake = crate::engine::earliest(wake, Some(at));
            }
            at <= now
        })
        .count();
    let nonzero = |n: usize| (n != 0).then(|| count(n));
    let status = ReplicaSetStatus {
        replicas: count(active.len()),
        fully_labeled_replicas: nonzero(active.len()),
        ready_replicas: nonzero(ready),
        available_replicas: nonzero(available),
        observed_generation: set.metadata.generation,
        ..Default::default()
    };
    let changed = c
        .store
        .update::<ReplicaSet>(key, |s| s.status = Some(status));
    (changed, wake)
}
