//! The StatefulSet controller. Its identity rules (which ordinals a set owns, the
//! names of its pods, claims and DNS records) follow `stateful_set_utils.go`; its
//! reconcile pass follows `stateful_set_control.go`: revisions, then replicas in
//! ascending order, then condemned pods from the highest ordinal, then the rolling
//! update, then status. OrderedReady stops at the first pod that is not Running and
//! Ready; Parallel does not wait.

use k8s_openapi::api::apps::v1::StatefulSet;

/// The cluster's DNS domain.
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// `spec.replicas`, defaulted to 1 as the API server does.
pub fn replicas(sts: &StatefulSet) -> i32 {
    sts.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
}

/// Whether pods are managed one at a time (`OrderedReady`, the default) rather than `Parallel`.
pub fn is_ordered(sts: &StatefulSet) -> bool {
    sts.spec
        .as_ref()
        .and_then(|s| s.pod_management_policy.as_deref())
        != Some("Parallel")
}

/// Whether `updateStrategy.type` is `OnDelete`.
pub fn is_on_delete(sts: &StatefulSet) -> bool {
    sts.spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|s| s.type_.as_deref())
        == Some("OnDelete")
}

/// `updateStrategy.rollingUpdate.partition`, 0 when unset.
pub fn partition(sts: &StatefulSet) -> i32 {
    sts.spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.partition)
        .unwrap_or(0)
}

/// `spec.ordinals.start`, defaulted to 0.
pub fn ordinals_start(sts: &StatefulSet) -> i32 {
    sts.spec
        .as_ref()
        .and_then(|s| s.ordinals.as_ref())
        .and_then(|o| o.start)
        .unwrap_or(0)
}

/// The ordinals a StatefulSet wants right now: `start .. start + replicas`.
pub fn desired_ordinals(sts: &StatefulSet) -> std::ops::Range<i32> {
    let start = ordinals_start(sts);
    start..start.saturating_add(replicas(sts).max(0))
}

/// A pod's name: `<statefulset>-<ordinal>`.
pub fn pod_name(set_name: &str, ordinal: i32) -> String {
    format!("{set_name}-{ordinal}")
}

/// The name of the claim made from template `template` for pod `pod`: `<template>-<pod>`.
pub fn claim_name(template: &str, pod: &str) -> String {
    format!("{template}-{pod}")
}

/// The stable DNS name a pod gets through its governing Service:
/// `<pod>.<serviceName>.<namespace>.svc.cluster.local`.
pub fn pod_dns_name(pod: &str, service_name: &str, namespace: &str) -> String {
    format!("{pod}.{service_name}.{namespace}.svc.{CLUSTER_DOMAIN}")
}

// ---------------------------------------------------------------------------
// The controller: one reconcile pass per StatefulSet, in the order of upstream's
// `stateful_set_control.go`.
// ---------------------------------------------------------------------------

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSetStatus};
use k8s_openapi::api::core::v1::{
    PersistentVolumeClaim, PersistentVolumeClaimVolumeSource, Pod, PodSpec, PodTemplateSpec, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;

use super::kubelet::{is_ready, phase};
use crate::engine::defaults::default_claim_spec;
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled, Resource, SimTime};

/// Label naming the pod a StatefulSet pod is (`statefulset.kubernetes.io/pod-name`).
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// Label carrying a pod's ordinal (`apps.kubernetes.io/pod-index`).
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// Label naming the ControllerRevision a pod was made from.
pub const REVISION_LABEL: &str = "controller-revision-hash";

const SOURCE: &str = "statefulset-controller";

/// What the controller needs to know of one of its pods.
#[derive(Debug, Clone)]
struct PodView {
    key: ObjectKey,
    ordinal: i32,
    revision: String,
    terminating: bool,
    finished: bool,
    running_ready: bool,
    ready_since: Option<SimTime>,
}

impl PodView {
    fn healthy(&self) -> bool {
        self.running_ready && !self.terminating
    }
}

/// The ordinal in a pod name `<set>-<ordinal>`, if the name has that shape.
pub fn parse_ordinal(set_name: &str, pod_name: &str) -> Option<i32> {
    let (parent, ordinal) = pod_name.rsplit_once('-')?;
    if parent != set_name || ordinal.is_empty() || !ordinal.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    ordinal.parse().ok()
}

/// One pass over every StatefulSet.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let sets: Vec<ObjectKey> = c
        .store
        .list::<StatefulSet>(None)
        .map(|(key, _)| key.clone())
        .collect();
    sets.iter().fold(Reconciled::default(), |done, key| {
        done.and(reconcile_set(c, key))
    })
}

fn reconcile_set(c: &mut Cluster, key: &ObjectKey) -> Reconciled {
    let Some(set) = c.get::<StatefulSet>(&key.namespace, &key.name).cloned() else {
        return Reconciled::default();
    };
    let Some(spec) = set.spec.clone() else {
        return Reconciled::default();
    };
    let Some(set_uid) = set.metadata.uid.clone() else {
        return Reconciled::default();
    };
    let mut changed = false;
    let mut wake = None;

    // 1. Revisions: the update revision is the current template's.
    let (update_revision, revision_changed) = ensure_revision(c, &set);
    changed |= revision_changed;
    let current_revision = set
        .status
        .as_ref()
        .and_then(|s| s.current_revision.clone())
        .unwrap_or_else(|| update_revision.clone());

    // 2. Adopt orphans that match the selector and carry our name; release pods that
    // no longer match it (ClaimPods in the upstream controller).
    changed |= adopt_and_release(c, &set, key, &set_uid);

    // 3. Partition the pods into replicas (in range) and condemned (out of range).
    let pods = owned_pods(c, key, &set_uid);
    let range = desired_ordinals(&set);
    let start = range.start;
    let monotonic = is_ordered(&set);
    let on_delete = is_on_delete(&set);
    let partition = partition(&set);
    let min_ready = u64::try_from(spec.min_ready_seconds.unwrap_or(0)).unwrap_or(0) * 1000;
    let available = |pod: &PodView, now: SimTime| -> bool {
        pod.running_ready
            && pod
                .ready_since
                .is_some_and(|since| since.plus_millis(min_ready) <= now)
    };

    let by_ordinal: BTreeMap<i32, PodView> = pods.iter().map(|p| (p.ordinal, p.clone())).collect();
    let mut condemned: Vec<PodView> = pods
        .iter()
        .filter(|p| !range.contains(&p.ordinal))
        .cloned()
        .collect();
    condemned.sort_by_key(|p| std::cmp::Reverse(p.ordinal));

    'sync: {
        // 5. Replicas, ascending.
        for ordinal in range.clone() {
            match by_ordinal.get(&ordinal) {
                Some(pod) if pod.finished => {
                    // A Failed or Succeeded pod is deleted, then recreated on a later pass.
                    if !pod.terminating {
                        delete_pod(c, &set, &pod.key);
                        changed = true;
                    }
                    if monotonic {
                        break 'sync;
                    }
                }
                None => {
                    let revision = if on_delete || ordinal >= start.saturating_add(partition) {
                        &update_revision
                    } else {
                        &current_revision
                    };
                    changed |= create_pod(c, &set, ordinal, revision);
                    if monotonic {
                        break 'sync;
                    }
                }
                Some(pod) if monotonic && !pod.healthy() => break 'sync,
                Some(pod) if monotonic && !available(pod, c.now) => {
                    wake = pod.ready_since.map(|since| since.plus_millis(min_ready));
                    break 'sync;
                }
                Some(_) => {}
            }
        }
        // 6. Claim owner references as the retention policy says, before any deletion.
        for pod in by_ordinal.values() {
            changed |= update_claim_owners(c, &set, pod, !range.contains(&pod.ordinal));
        }
        // 7. Condemned pods, highest ordinal first; OrderedReady waits for each to be gone.
        // The first unhealthy pod is looked for among the replicas (ascending), then the
        // condemned (lowest first); an unhealthy condemned pod that is not it halts.
        let first_unhealthy = range
            .clone()
            .find(|o| by_ordinal.get(o).is_none_or(|p| !p.healthy()))
            .or_else(|| {
                condemned
                    .iter()
                    .rev()
                    .find(|p| !p.healthy())
                    .map(|p| p.ordinal)
            });
        for pod in &condemned {
            if pod.terminating {
                if monotonic {
                    break 'sync;
                }
                continue;
            }
            if monotonic && !pod.healthy() && Some(pod.ordinal) != first_unhealthy {
                break 'sync;
            }
            delete_pod(c, &set, &pod.key);
            changed = true;
            if monotonic {
                break 'sync;
            }
        }
        // 8-9. Rolling update: from the highest ordinal down to the partition, one pod at a time.
        if on_delete {
            break 'sync;
        }
        let first_updatable = start.saturating_add(partition.max(0));
        for ordinal in range.clone().rev().filter(|o| *o >= first_updatable) {
            let Some(pod) = by_ordinal.get(&ordinal) else {
                break 'sync;
            };
            if pod.revision != update_revision {
                if !pod.terminating {
                    delete_pod(c, &set, &pod.key);
                    changed = true;
                }
                break 'sync;
            }
            if !pod.healthy() || !available(pod, c.now) {
                break 'sync;
            }
        }
    }

    // Availability changes with time alone: ask to be woken when a pod becomes available.
    for pod in by_ordinal.values() {
        if let Some(since) = pod.ready_since.filter(|_| pod.running_ready) {
            let available_at = since.plus_millis(min_ready);
            if available_at > c.now {
                wake = crate::engine::earliest(wake, Some(available_at));
            }
        }
    }

    // 10. Status, counted from the pods as they are now.
    changed |= write_status(
        c,
        key,
        &set,
        &set_uid,
        &current_revision,
        &update_revision,
        min_ready,
        on_delete,
    );
    // 11. Trim history: old revisions no pod uses, beyond revisionHistoryLimit.
    changed |= trim_history(c, &set, &set_uid);
    Reconciled { changed, wake }
}

/// Take ownership of pods that have no controller, match the selector and are named
/// `<set>-<ordinal>`; give up pods whose labels stopped matching.
fn adopt_and_release(c: &mut Cluster, set: &StatefulSet, key: &ObjectKey, set_uid: &str) -> bool {
    let selector = set.spec.as_ref().map(|s| &s.selector);
    let mut adopt = Vec::new();
    let mut release = Vec::new();
    for (pod_key, pod) in c.store.list::<Pod>(Some(&key.namespace)) {
        if parse_ordinal(&key.name, &pod_key.name).is_none()
            || pod.metadata.deletion_timestamp.is_some()
        {
            continue;
        }
        let matches =
            crate::engine::labels::selector_matches(selector, pod.metadata.labels.as_ref());
        let controller = pod
            .metadata
            .owner_references
            .iter()
            .flatten()
            .find(|r| r.controller == Some(true));
        match controller {
            None if matches => adopt.push(pod_key.clone()),
            Some(owner) if owner.uid == set_uid && !matches => release.push(pod_key.clone()),
            _ => {}
        }
    }
    let mut changed = false;
    for pod in adopt {
        changed |= c.store.update::<Pod>(&pod, |p| {
            p.metadata
                .owner_references
                .get_or_insert_with(Vec::new)
                .push(owner_reference(set));
        });
    }
    for pod in release {
        changed |= c.store.update::<Pod>(&pod, |p| {
            if let Some(owners) = p.metadata.owner_references.as_mut() {
                owners.retain(|r| r.uid != set_uid);
            }
            if p.metadata
                .owner_references
                .as_ref()
                .is_some_and(Vec::is_empty)
            {
                p.metadata.owner_references = None;
            }
        });
    }
    changed
}

/// Delete the oldest revisions that are neither current, nor the update revision,
/// nor named by any pod, keeping `revisionHistoryLimit` of them (`truncateHistory`).
fn trim_history(c: &mut Cluster, set: &StatefulSet, set_uid: &str) -> bool {
    let namespace = set.metadata.namespace.clone().unwrap_or_default();
    let limit = set
        .spec
        .as_ref()
        .and_then(|s| s.revision_history_limit)
        .unwrap_or(10)
        .max(0);
    let status = set.status.as_ref();
    let mut live: Vec<&str> = [
        status.and_then(|s| s.current_revision.as_deref()),
        status.and_then(|s| s.update_revision.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (_, pod) in c.store.list::<Pod>(Some(&namespace)) {
        if let Some(revision) = pod
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get(REVISION_LABEL))
        {
            live.push(revision);
        }
    }
    let mut history: Vec<(i64, ObjectKey)> = c
        .store
        .list::<ControllerRevision>(Some(&namespace))
        .filter(|(_, r)| is_controlled_by(&r.metadata, set_uid))
        .filter(|(k, _)| !live.contains(&k.name.as_str()))
        .map(|(k, r)| (r.revision, k.clone()))
        .collect();
    let limit = usize::try_from(limit).unwrap_or(0);
    if history.len() <= limit {
        return false;
    }
    history.sort();
    let excess = history.len() - limit;
    for (_, key) in history.into_iter().take(excess) {
        c.store.remove(&key);
    }
    true
}

fn owned_pods(c: &Cluster, key: &ObjectKey, set_uid: &str) -> Vec<PodView> {
    c.store
        .list::<Pod>(Some(&key.namespace))
        .filter(|(_, pod)| is_controlled_by(&pod.metadata, set_uid))
        .filter_map(|(pod_key, pod)| {
            let ordinal = parse_ordinal(&key.name, &pod_key.name)?;
            let uid = pod.metadata.uid.as_deref().unwrap_or("");
            let phase = phase(pod);
            Some(PodView {
                key: pod_key.clone(),
                ordinal,
                revision: pod
                    .metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get(REVISION_LABEL).cloned())
                    .unwrap_or_default(),
                terminating: pod.metadata.deletion_timestamp.is_some(),
                finished: matches!(phase, "Failed" | "Succeeded"),
                running_ready: phase == "Running" && is_ready(pod),
                ready_since: c.runtime.get(uid).and_then(|r| r.ready_since),
            })
        })
        .collect()
}

fn is_controlled_by(meta: &ObjectMeta, owner_uid: &str) -> bool {
    meta.owner_references
        .iter()
        .flatten()
        .any(|r| r.controller == Some(true) && r.uid == owner_uid)
}

fn owner_reference(set: &StatefulSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_owned(),
        kind: "StatefulSet".to_owned(),
        name: set.metadata.name.clone().unwrap_or_default(),
        uid: set.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn set_ref(set: &StatefulSet) -> InvolvedObject {
    InvolvedObject {
        kind: "StatefulSet",
        namespace: set.metadata.namespace.clone().unwrap_or_default(),
        name: set.metadata.name.clone().unwrap_or_default(),
    }
}

fn delete_pod(c: &mut Cluster, set: &StatefulSet, pod: &ObjectKey) {
    c.delete_object(pod);
    let set_name = set.metadata.name.as_deref().unwrap_or("");
    c.record(
        EventType::Normal,
        "SuccessfulDelete",
        set_ref(set),
        SOURCE,
        format!(
            "delete Pod {} in StatefulSet {set_name} successful",
            pod.name
        ),
    );
}

/// Set the owner references of a pod's claims as `persistentVolumeClaimRetentionPolicy`
/// implies: `whenDeleted: Delete` makes the set own the claims of pods in range;
/// `whenScaled: Delete` makes a condemned pod own its claims, so they go with it.
fn update_claim_owners(c: &mut Cluster, set: &StatefulSet, pod: &PodView, condemned: bool) -> bool {
    let Some(spec) = set.spec.as_ref() else {
        return false;
    };
    let policy = spec.persistent_volume_claim_retention_policy.as_ref();
    let when_deleted = policy.and_then(|p| p.when_deleted.as_deref()) == Some("Delete");
    let when_scaled = policy.and_then(|p| p.when_scaled.as_deref()) == Some("Delete");
    let Some(pod_uid) = c
        .get::<Pod>(&pod.key.namespace, &pod.key.name)
        .and_then(|p| p.metadata.uid.clone())
    else {
        return false;
    };
    let owners = match (condemned && when_scaled, when_deleted) {
        (true, _) => vec![OwnerReference {
            api_version: "v1".to_owned(),
            kind: "Pod".to_owned(),
            name: pod.key.name.clone(),
            uid: pod_uid,
            controller: Some(true),
            block_owner_deletion: Some(true),
        }],
        (false, true) => vec![owner_reference(set)],
        (false, false) => Vec::new(),
    };
    let owners = (!owners.is_empty()).then_some(owners);
    let mut changed = false;
    for template in spec.volume_claim_templates.iter().flatten() {
        let template_name = template.metadata.name.as_deref().unwrap_or("");
        let key = ObjectKey::new::<PersistentVolumeClaim>(
            &pod.key.namespace,
            &claim_name(template_name, &pod.key.name),
        );
        let current = c
            .store
            .get(&key)
            .and_then(|s| PersistentVolumeClaim::peek(&s.object))
            .map(|claim| &claim.metadata.owner_references);
        if current.is_some_and(|current| *current != owners) {
            changed |= c.store.update::<PersistentVolumeClaim>(&key, |claim| {
                claim.metadata.owner_references = owners.clone();
            });
        }
    }
    changed
}

/// Create the claims a pod needs (those missing), then the pod. Returns whether
/// anything was created.
fn create_pod(c: &mut Cluster, set: &StatefulSet, ordinal: i32, revision: &str) -> bool {
    let namespace = set.metadata.namespace.clone().unwrap_or_default();
    let set_name = set.metadata.name.clone().unwrap_or_default();
    let pod_name = pod_name(&set_name, ordinal);
    let Some(spec) = set.spec.as_ref() else {
        return false;
    };
    let mut changed = false;
    let deletes_with_set = spec
        .persistent_volume_claim_retention_policy
        .as_ref()
        .and_then(|p| p.when_deleted.as_deref())
        == Some("Delete");
    for template in spec.volume_claim_templates.iter().flatten() {
        let template_name = template.metadata.name.clone().unwrap_or_default();
        let claim = claim_name(&template_name, &pod_name);
        match c.get::<PersistentVolumeClaim>(&namespace, &claim) {
            Some(existing) if existing.metadata.deletion_timestamp.is_some() => {
                c.record(
                    EventType::Warning,
                    "FailedCreate",
                    set_ref(set),
                    SOURCE,
                    format!(
                        "create Pod {pod_name} in StatefulSet {set_name} failed error: pvc {claim} is being deleted"
                    ),
                );
                return changed;
            }
            Some(_) => {}
            None => {
                let mut labels = template.metadata.labels.clone().unwrap_or_default();
                labels.extend(spec.selector.match_labels.clone().unwrap_or_default());
                let mut claim_spec = template.spec.clone().unwrap_or_default();
                default_claim_spec(&mut claim_spec, &c.store);
                let pvc = PersistentVolumeClaim {
                    metadata: ObjectMeta {
                        name: Some(claim.clone()),
                        namespace: Some(namespace.clone()),
                        labels: (!labels.is_empty()).then_some(labels),
                        annotations: template.metadata.annotations.clone(),
                        finalizers: Some(vec!["kubernetes.io/pvc-protection".to_owned()]),
                        owner_references: deletes_with_set.then(|| vec![owner_reference(set)]),
                        ..Default::default()
                    },
                    spec: Some(claim_spec),
                    status: None,
                };
                c.create_owned(pvc.into_object());
                c.record(
                    EventType::Normal,
                    "SuccessfulCreate",
                    set_ref(set),
                    SOURCE,
                    format!(
                        "create Claim {claim} Pod {pod_name} in StatefulSet {set_name} success"
                    ),
                );
                changed = true;
            }
        }
    }
    // The pod is made from the template stored in its revision: below the partition
    // that is the current (older) revision, not the set's latest template.
    let template =
        revision_template(c, &namespace, revision).unwrap_or_else(|| spec.template.clone());
    let pod = new_pod(set, &template, &pod_name, ordinal, revision);
    c.create_owned(pod.into_object());
    c.record(
        EventType::Normal,
        "SuccessfulCreate",
        set_ref(set),
        SOURCE,
        format!("create Pod {pod_name} in StatefulSet {set_name} successful"),
    );
    true
}

/// A pod as the controller makes it from the template (`newStatefulSetPod`).
fn new_pod(
    set: &StatefulSet,
    template: &PodTemplateSpec,
    pod_name: &str,
    ordinal: i32,
    revision: &str,
) -> Pod {
    let spec = set.spec.clone().unwrap_or_default();
    let template = template.clone();
    let mut labels = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    labels.insert(POD_NAME_LABEL.to_owned(), pod_name.to_owned());
    labels.insert(POD_INDEX_LABEL.to_owned(), ordinal.to_string());
    labels.insert(REVISION_LABEL.to_owned(), revision.to_owned());
    let mut pod_spec: PodSpec = template.spec.unwrap_or_default();
    pod_spec.hostname = Some(pod_name.to_owned());
    if let Some(service) = spec.service_name.filter(|s| !s.is_empty()) {
        pod_spec.subdomain = Some(service);
    }
    let mut volumes = pod_spec.volumes.take().unwrap_or_default();
    for template in spec.volume_claim_templates.iter().flatten() {
        let name = template.metadata.name.clone().unwrap_or_default();
        volumes.retain(|v| v.name != name);
        volumes.push(Volume {
            name: name.clone(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim_name(&name, pod_name),
                read_only: None,
            }),
            ..Default::default()
        });
    }
    pod_spec.volumes = (!volumes.is_empty()).then_some(volumes);
    Pod {
        metadata: ObjectMeta {
            name: Some(pod_name.to_owned()),
            namespace: set.metadata.namespace.clone(),
            labels: Some(labels),
            annotations: template.metadata.and_then(|m| m.annotations),
            owner_references: Some(vec![owner_reference(set)]),
            ..Default::default()
        },
        spec: Some(pod_spec),
        status: None,
    }
}

/// The pod template a ControllerRevision stores.
fn revision_template(c: &Cluster, namespace: &str, revision: &str) -> Option<PodTemplateSpec> {
    let data = &c
        .get::<ControllerRevision>(namespace, revision)?
        .data
        .as_ref()?
        .0;
    serde_json::from_value(data.get("spec")?.get("template")?.clone()).ok()
}

/// Find or make the ControllerRevision of the set's current template. Going back to
/// an older template reuses its revision with a higher number (a rollback).
fn ensure_revision(c: &mut Cluster, set: &StatefulSet) -> (String, bool) {
    let namespace = set.metadata.namespace.clone().unwrap_or_default();
    let set_name = set.metadata.name.clone().unwrap_or_default();
    let set_uid = set.metadata.uid.clone().unwrap_or_default();
    // The template changes only with the generation: reuse the last answer.
    let generation = set.metadata.generation.unwrap_or(0);
    if let Some((seen, name)) = c.revision_cache.get(&set_uid) {
        if *seen == generation && c.get::<ControllerRevision>(&namespace, name).is_some() {
            return (name.clone(), false);
        }
    }
    let (name, changed) = find_or_make_revision(c, set, &namespace, &set_name, &set_uid);
    c.revision_cache.insert(set_uid, (generation, name.clone()));
    (name, changed)
}

fn find_or_make_revision(
    c: &mut Cluster,
    set: &StatefulSet,
    namespace: &str,
    set_name: &str,
    set_uid: &str,
) -> (String, bool) {
    let namespace = namespace.to_owned();
    let set_uid = set_uid.to_owned();
    let template = set
        .spec
        .as_ref()
        .map(|s| s.template.clone())
        .unwrap_or_default();
    let data = serde_json::json!({ "spec": { "template": template, "$patch": "replace" } });
    let hash = revision_hash(&data.to_string());
    let name = format!("{set_name}-{hash}");

    let revisions: Vec<(String, i64)> = c
        .store
        .list::<ControllerRevision>(Some(&namespace))
        .filter(|(_, r)| is_controlled_by(&r.metadata, &set_uid))
        .map(|(key, r)| (key.name.clone(), r.revision))
        .collect();
    let newest = revisions.iter().map(|(_, n)| *n).max().unwrap_or(0);
    match revisions.iter().find(|(n, _)| *n == name) {
        Some((_, number)) if *number == newest => (name, false),
        Some(_) => {
            let key = ObjectKey::new::<ControllerRevision>(&namespace, &name);
            let changed = c
                .store
                .update::<ControllerRevision>(&key, |r| r.revision = newest + 1);
            (name, changed)
        }
        None => {
            let mut labels = template
                .metadata
                .as_ref()
                .and_then(|m| m.labels.clone())
                .unwrap_or_default();
            labels.insert("controller.kubernetes.io/hash".to_owned(), hash.clone());
            let revision = ControllerRevision {
                metadata: ObjectMeta {
                    name: Some(name.clone()),
                    namespace: Some(namespace),
                    labels: Some(labels),
                    owner_references: Some(vec![owner_reference(set)]),
                    ..Default::default()
                },
                data: Some(RawExtension(data)),
                revision: newest + 1,
            };
            c.create_owned(revision.into_object());
            (name, true)
        }
    }
}

/// The revision hash: FNV-1a (32 bit) of the revision data, its decimal digits
/// spelled with Kubernetes' safe alphabet (`rand.SafeEncodeString`).
fn revision_hash(data: &str) -> String {
    const SAFE: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let hash = data.bytes().fold(0x811c_9dc5_u32, |hash, b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    hash.to_string()
        .bytes()
        .map(|b| SAFE[usize::from(b) % SAFE.len()] as char)
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn write_status(
    c: &mut Cluster,
    key: &ObjectKey,
    set: &StatefulSet,
    set_uid: &str,
    current_revision: &str,
    update_revision: &str,
    min_ready_millis: u64,
    on_delete: bool,
) -> bool {
    let pods = owned_pods(c, key, set_uid);
    let now = c.now;
    let count = |f: &dyn Fn(&PodView) -> bool| {
        i32::try_from(pods.iter().filter(|p| f(p)).count()).unwrap_or(i32::MAX)
    };
    let replicas = count(&|_| true);
    let ready = count(&|p| p.running_ready);
    let available = count(&|p| {
        p.running_ready
            && p.ready_since
                .is_some_and(|since| since.plus_millis(min_ready_millis) <= now)
    });
    let mut current = count(&|p| !p.terminating && p.revision == current_revision);
    let updated = count(&|p| !p.terminating && p.revision == update_revision);
    let wanted = set.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let mut current_revision = current_revision.to_owned();
    // completeRollingUpdate: once every wanted pod is updated and ready, the update
    // revision becomes the current one.
    if !on_delete && updated == wanted && ready == wanted && replicas == wanted {
        current_revision = update_revision.to_owned();
        current = updated;
    }
    let nonzero = |n: i32| (n != 0).then_some(n);
    let status = StatefulSetStatus {
        replicas,
        ready_replicas: nonzero(ready),
        current_replicas: nonzero(current),
        updated_replicas: nonzero(updated),
        available_replicas: Some(available),
        current_revision: Some(current_revision),
        update_revision: Some(update_revision.to_owned()),
        observed_generation: set.metadata.generation,
        collision_count: Some(0),
        conditions: None,
    };
    c.store
        .update::<StatefulSet>(key, |s| s.status = Some(status))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::apps::v1::{StatefulSetOrdinals, StatefulSetSpec};

    fn sts(replicas: Option<i32>, start: Option<i32>) -> StatefulSet {
        StatefulSet {
            spec: Some(StatefulSetSpec {
                replicas,
                ordinals: start.map(|s| StatefulSetOrdinals { start: Some(s) }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn ordinals_run_from_start_for_replicas_pods() {
        assert_eq!(desired_ordinals(&sts(Some(3), None)), 0..3);
        assert_eq!(desired_ordinals(&sts(Some(2), Some(5))), 5..7);
        assert_eq!(desired_ordinals(&sts(None, None)), 0..1);
        assert_eq!(desired_ordinals(&sts(Some(0), None)), 0..0);
        assert!(desired_ordinals(&sts(Some(-4), None)).is_empty());
    }

    #[test]
    fn names_follow_the_statefulset_rules() {
        assert_eq!(pod_name("giropops", 0), "giropops-0");
        assert_eq!(claim_name("www", "giropops-2"), "www-giropops-2");
        assert_eq!(
            pod_dns_name("giropops-0", "nginx", "default"),
            "giropops-0.nginx.default.svc.cluster.local"
        );
    }
}
