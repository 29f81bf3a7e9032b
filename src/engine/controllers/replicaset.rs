//! The ReplicaSet controller, after upstream's `replica_set.go`: it keeps
//! `spec.replicas` active pods, made from the template with names `<replicaset>-<5
//! random characters>` (the API server's `generateName`), deletes the least valuable
//! pods first when there are too many (`getPodsToDelete`), and counts status. It knows
//! nothing of Deployments; the Deployment controller only changes its replicas.

use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetStatus};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, OwnerReference};

use super::kubelet::{is_ready, phase};
use crate::engine::labels::selector_matches;
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

/// One pass over every ReplicaSet.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let sets: Vec<ObjectKey> = c
        .store
        .list::<ReplicaSet>(None)
        .map(|(key, _)| key.clone())
        .collect();
    sets.iter().fold(Reconciled::default(), |done, key| {
        done.and(reconcile_set(c, key))
    })
}

fn reconcile_set(c: &mut Cluster, key: &ObjectKey) -> Reconciled {
    let Some(set) = c.get::<ReplicaSet>(&key.namespace, &key.name).cloned() else {
        return Reconciled::default();
    };
    let Some(uid) = set.metadata.uid.clone() else {
        return Reconciled::default();
    };
    if set.metadata.deletion_timestamp.is_some() {
        return Reconciled::default();
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
        Some(spec) => claim::<Pod>(c, &key.namespace, &spec.selector, &owner_reference(&set)),
        None => false,
    };
    let pods = owned_pods(c, key, &uid);
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
    Reconciled {
        changed: changed | status_changed,
        wake,
    }
}

fn owned_pods(c: &Cluster, key: &ObjectKey, uid: &str) -> Vec<PodView> {
    c.store
        .list::<Pod>(Some(&key.namespace))
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

/// `ClaimObjects` (controller_ref_manager.go): take as controller the `T`s in
/// `namespace` that match `selector` and have no controller, and let go of those it
/// controls that no longer match. Returns whether anything changed.
pub fn claim<T: Resource>(
    c: &mut Cluster,
    namespace: &str,
    selector: &LabelSelector,
    owner: &OwnerReference,
) -> bool {
    let mut adopt = Vec::new();
    let mut release = Vec::new();
    for (key, _) in c.store.list::<T>(Some(namespace)) {
        let Some(stored) = c.store.get(key) else {
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
            None if matches => adopt.push(key.clone()),
            Some(r) if r.uid == owner.uid && !matches => release.push(key.clone()),
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
            namespace,
            name: set_name,
        },
        SOURCE,
        format!("Created pod: {name}"),
    );
}

fn set_ref(key: &ObjectKey) -> InvolvedObject {
    InvolvedObject {
        kind: "ReplicaSet",
        namespace: key.namespace.clone(),
        name: key.name.clone(),
    }
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
    let pods = owned_pods(c, key, uid);
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
