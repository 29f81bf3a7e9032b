//! The Deployment controller, after upstream's `deployment_controller.go`, `sync.go`,
//! `rolling.go` and `recreate.go`: a Deployment owns one ReplicaSet per pod template,
//! named `<deployment>-<pod-template-hash>`; the new one is scaled up and the old ones
//! down within `maxSurge` and `maxUnavailable` (25% each by default), or all old pods
//! go first under `Recreate`. It only changes ReplicaSets' replicas; the ReplicaSet
//! controller makes and deletes the pods. Status and conditions are counted from the
//! ReplicaSets, as `kubectl get deploy` and `kubectl rollout status` read them.
//!
//! Its informers queue a Deployment when it changes, when one of its ReplicaSets
//! changes (or an orphaned one its selector matches), and when a pod of one of its
//! ReplicaSets is gone (what `Recreate` waits for), as `deployment_controller.go`'s
//! handlers do.
//! (A ReadWriteOnce claim shared by replicas on several nodes keeps those away from
//! the first node in ContainerCreating: see the kubelet's attach step.)

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentCondition, DeploymentSpec, DeploymentStatus, DeploymentStrategy,
    ReplicaSet, ReplicaSetSpec, RollingUpdateDeployment,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, OwnerReference};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use k8s_openapi::api::core::v1::Pod;

use super::kubelet::phase;
use super::replicaset::{claim, is_controlled_by};
use super::{adopters, Queue};
use crate::engine::store::{Change, KeyMap};
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled, Resource, SimTime};

/// The label that ties a ReplicaSet and its pods to one pod template.
pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";
/// The revision of a Deployment and of each of its ReplicaSets.
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";

const SOURCE: &str = "deployment-controller";

/// Fill in what the API server defaults in a Deployment's spec (`apps/v1/defaults.go`):
/// 1 replica, `RollingUpdate` with 25% surge and 25% unavailable, 10 old ReplicaSets
/// kept, a 600 s progress deadline.
pub fn apply_defaults(spec: &mut DeploymentSpec) {
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    let strategy = spec
        .strategy
        .get_or_insert_with(DeploymentStrategy::default);
    let type_ = strategy
        .type_
        .get_or_insert_with(|| "RollingUpdate".to_owned());
    if type_ == "RollingUpdate" {
        let rolling = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        let quarter = || IntOrString::String("25%".to_owned());
        rolling.max_surge.get_or_insert_with(quarter);
        rolling.max_unavailable.get_or_insert_with(quarter);
    }
}

/// The pod-template hash: FNV-1a (32 bit) of the template, its decimal digits spelled
/// with the safe alphabet, as `controller.ComputeHash` and `rand.SafeEncodeString` do.
/// Any change to the template gives a new ReplicaSet.
pub fn pod_template_hash(template: &impl serde::Serialize) -> String {
    // Through a JSON value, the app's one serialization path for Kubernetes types;
    // their fields are in alphabetical order, so the text is what `to_string` gives.
    let data = serde_json::to_value(template)
        .map(|value| value.to_string())
        .unwrap_or_default();
    let hash = data.bytes().fold(0x811c_9dc5_u32, |hash, b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let alphabet = super::replicaset::NAME_ALPHABET;
    hash.to_string()
        .bytes()
        .map(|b| char::from(alphabet[usize::from(b) % alphabet.len()]))
        .collect()
}

/// `maxSurge` and `maxUnavailable` as pod counts for `replicas` (`ResolveFenceposts`):
/// a percentage of surge rounds up, of unavailability down, and if both come to 0,
/// one pod may be unavailable so the rollout can move.
pub fn resolve_fenceposts(spec: &DeploymentSpec) -> (i32, i32) {
    let replicas = spec.replicas.unwrap_or(1).max(0);
    let rolling = spec
        .strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref());
    let quarter = IntOrString::String("25%".to_owned());
    let surge = rolling
        .and_then(|r| r.max_surge.as_ref())
        .unwrap_or(&quarter);
    let unavailable = rolling
        .and_then(|r| r.max_unavailable.as_ref())
        .unwrap_or(&quarter);
    let surge = scaled_value(surge, replicas, true);
    let unavailable = scaled_value(unavailable, replicas, false);
    if surge == 0 && unavailable == 0 {
        return (0, 1);
    }
    (surge, unavailable)
}

/// An int-or-percent against `total` (`GetScaledValueFromIntOrPercent`).
fn scaled_value(value: &IntOrString, total: i32, round_up: bool) -> i32 {
    match value {
        IntOrString::Int(n) => (*n).max(0),
        IntOrString::String(text) => {
            let percent: i64 = text
                .strip_suffix('%')
                .and_then(|p| p.trim().parse().ok())
                .unwrap_or(0)
                .max(0);
            let scaled = i64::from(total) * percent;
            let value = if round_up {
                (scaled + 99) / 100
            } else {
                scaled / 100
            };
            i32::try_from(value).unwrap_or(i32::MAX)
        }
    }
}

/// What the controller needs to know of one of its ReplicaSets.
#[derive(Debug, Clone)]
struct SetView {
    key: ObjectKey,
    uid: String,
    hash: String,
    replicas: i32,
    pods: i32,
    ready: i32,
    available: i32,
    revision: i64,
    created: SimTime,
}

/// The controller's work queue and what its informers remember.
#[derive(Debug, Clone, Default)]
pub struct State {
    queue: Queue,
    /// Each ReplicaSet controlled by a Deployment → that Deployment, so a removed
    /// ReplicaSet still queues its owner.
    controller_of: KeyMap<ObjectKey, ObjectKey>,
}

impl State {
    pub(crate) fn pending(&self) -> bool {
        !self.queue.is_empty()
    }

    pub(crate) fn enqueue(&mut self, key: ObjectKey) {
        self.queue.insert(key);
    }
}

/// The controller's event handlers (`addDeployment`, `updateReplicaSet`,
/// `deletePod`, ...).
pub fn observe(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    match key.kind {
        "Deployment" => {
            if c.store.changed(change).is_none() {
                c.work.deployment.queue.remove(key);
            } else {
                c.work.deployment.queue.add(key);
            }
        }
        "ReplicaSet" => replica_set_changed(c, change),
        "Pod" if c.store.changed(change).is_none() => {
            // deletePod: a Recreate rollout waits for every old pod to be gone. (The
            // ReplicaSet controller's handler, which runs after this one, still
            // remembers the pod's set.)
            let owner = c
                .work
                .replicaset
                .controller_of(key)
                .and_then(|set| c.work.deployment.controller_of.get(set))
                .cloned();
            if let Some(deployment) = owner {
                c.work.deployment.queue.insert(deployment);
            }
        }
        _ => {}
    }
}

fn replica_set_changed(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    let state = &mut c.work.deployment;
    let Some(set) = c.store.changed_as::<ReplicaSet>(change) else {
        if let Some(deployment) = state.controller_of.remove(key) {
            state.queue.insert(deployment);
        }
        return;
    };
    let controller = set
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true));
    let now_controlled = controller
        .filter(|r| r.kind == "Deployment")
        .map(|r| ObjectKey::new::<Deployment>(&key.namespace, &r.name));
    let before = match &now_controlled {
        Some(owner) if state.controller_of.get(key) == Some(owner) => None,
        Some(owner) => state.controller_of.insert(key.clone(), owner.clone()),
        None => state.controller_of.remove(key),
    };
    if let Some(owner) = before {
        state.queue.insert(owner);
    }
    if let Some(owner) = now_controlled {
        state.queue.insert(owner);
    }
    if controller.is_some() || set.metadata.deletion_timestamp.is_some() {
        return;
    }
    // An orphan: every Deployment whose selector matches it may adopt it.
    let matching = adopters::<Deployment>(c, &key.namespace, set.metadata.labels.as_ref(), |d| {
        d.spec.as_ref().map(|spec| &spec.selector)
    });
    c.work.deployment.queue.extend(matching);
}

/// One pass over every Deployment that changed.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let queue = c.work.deployment.queue.take();
    let mut changed = false;
    for key in queue {
        changed |= reconcile_deployment(c, &key);
    }
    Reconciled { changed }
}

/// Sync one Deployment; returns whether it changed anything.
fn reconcile_deployment(c: &mut Cluster, key: &ObjectKey) -> bool {
    let Some(deploy) = c.store.get_typed::<Deployment>(key).cloned() else {
        return false;
    };
    let (Some(spec), Some(uid)) = (deploy.spec.clone(), deploy.metadata.uid.clone()) else {
        return false;
    };
    if deploy.metadata.deletion_timestamp.is_some() {
        return false;
    }
    let replicas = spec.replicas.unwrap_or(1).max(0);
    let hash = pod_template_hash(&spec.template);
    // Adopt orphaned ReplicaSets that match (left by `delete --cascade=orphan`).
    let candidates: Vec<ObjectKey> = c
        .store
        .list::<ReplicaSet>(Some(&key.namespace))
        .map(|(set, _)| set.clone())
        .collect();
    let mut changed = claim(c, candidates, &spec.selector, &owner_reference(&deploy));
    let sets = owned_sets(c, &uid);

    // getNewReplicaSet: the ReplicaSet of the current template, made if missing; its
    // revision is one past every other's (a rollback reuses and renumbers an old one).
    let newest_other = sets
        .iter()
        .filter(|s| s.hash != hash)
        .map(|s| s.revision)
        .max()
        .unwrap_or(0);
    let new_set = match sets.iter().find(|s| s.hash == hash) {
        Some(set) => {
            if set.revision <= newest_other {
                changed |= set_revision(c, &set.key, newest_other + 1);
            }
            set.clone()
        }
        None => {
            let initial = if spec.paused == Some(true) {
                0
            } else if is_recreate(&spec) {
                let old_pods: i32 = sets.iter().map(|s| s.pods + s.replicas).sum();
                if old_pods > 0 {
                    0
                } else {
                    replicas
                }
            } else {
                new_replicas_for_rolling(&spec, &sets, 0)
            };
            let set = create_set(c, &deploy, &hash, initial, newest_other + 1);
            changed = true;
            set
        }
    };
    let revision = new_set.revision.max(newest_other + 1).to_string();
    changed |= c.store.update::<Deployment>(key, |d| {
        d.metadata
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(REVISION_ANNOTATION.to_owned(), revision.clone());
    });
    let old_sets: Vec<SetView> = {
        let mut old: Vec<SetView> = sets.into_iter().filter(|s| s.hash != hash).collect();
        old.sort_by_key(|s| (s.created, s.key.name.clone()));
        old
    };

    if spec.paused != Some(true) && !changed {
        changed |= if is_recreate(&spec) {
            rollout_recreate(c, &deploy, &spec, &new_set, &old_sets)
        } else {
            rollout_rolling(c, &deploy, &spec, &new_set, &old_sets)
        };
    }
    changed |= cleanup(c, &spec, &old_sets);
    changed |= write_status(c, key, &deploy, &spec, &uid, &hash);
    changed
}

fn is_recreate(spec: &DeploymentSpec) -> bool {
    spec.strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("Recreate")
}

/// The ReplicaSets `uid` controls, found through the store's owner index.
fn owned_sets(c: &Cluster, uid: &str) -> Vec<SetView> {
    c.store
        .dependents(uid)
        .filter(|set_key| set_key.kind == ReplicaSet::KIND)
        .filter_map(|set_key| {
            Some((
                set_key,
                c.store
                    .get_as::<ReplicaSet>(&set_key.namespace, &set_key.name)?,
            ))
        })
        .filter(|(_, set)| is_controlled_by(&set.metadata, uid))
        .filter(|(_, set)| set.metadata.deletion_timestamp.is_none())
        .map(|(set_key, set)| {
            let status = set.status.as_ref();
            SetView {
                key: set_key.clone(),
                uid: set.metadata.uid.clone().unwrap_or_default(),
                hash: set
                    .metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get(POD_TEMPLATE_HASH_LABEL))
                    .cloned()
                    .unwrap_or_default(),
                replicas: set.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
                pods: status.map_or(0, |s| s.replicas),
                ready: status.and_then(|s| s.ready_replicas).unwrap_or(0),
                available: status.and_then(|s| s.available_replicas).unwrap_or(0),
                revision: set
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get(REVISION_ANNOTATION))
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(0),
                created: c.store.get(set_key).map_or(SimTime::ZERO, |s| s.created),
            }
        })
        .collect()
}

/// `NewRSNewReplicas` for a rolling update: grow the new set as far as `maxSurge`
/// allows above the wanted count, never past the wanted count itself.
fn new_replicas_for_rolling(spec: &DeploymentSpec, sets: &[SetView], new_current: i32) -> i32 {
    let replicas = spec.replicas.unwrap_or(1).max(0);
    let (surge, _) = resolve_fenceposts(spec);
    let current: i32 = sets.iter().map(|s| s.replicas).sum();
    let max_total = replicas + surge;
    if current >= max_total {
        return new_current;
    }
    let scale_up = (max_total - current).min(replicas - new_current).max(0);
    new_current + scale_up
}

fn create_set(
    c: &mut Cluster,
    deploy: &Deployment,
    hash: &str,
    replicas: i32,
    revision: i64,
) -> SetView {
    let namespace = deploy.metadata.namespace.clone().unwrap_or_default();
    let deploy_name = deploy.metadata.name.clone().unwrap_or_default();
    let name = format!("{deploy_name}-{hash}");
    let spec = deploy.spec.clone().unwrap_or_default();
    let mut template = spec.template.clone();
    let template_meta = template.metadata.get_or_insert_with(ObjectMeta::default);
    let mut labels = template_meta.labels.clone().unwrap_or_default();
    labels.insert(POD_TEMPLATE_HASH_LABEL.to_owned(), hash.to_owned());
    template_meta.labels = Some(labels.clone());
    let mut selector: LabelSelector = spec.selector.clone();
    selector
        .match_labels
        .get_or_insert_with(BTreeMap::new)
        .insert(POD_TEMPLATE_HASH_LABEL.to_owned(), hash.to_owned());
    let (surge, _) = resolve_fenceposts(&spec);
    let wanted = spec.replicas.unwrap_or(1);
    let set = ReplicaSet {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            namespace: Some(namespace.clone()),
            labels: Some(labels),
            annotations: Some(set_annotations(deploy, wanted, surge, revision)),
            owner_references: Some(vec![owner_reference(deploy)]),
            ..Default::default()
        },
        spec: Some(ReplicaSetSpec {
            replicas: Some(replicas),
            min_ready_seconds: spec.min_ready_seconds,
            selector,
            template: Some(template),
        }),
        status: None,
    };
    let uid = c.create_owned(set.into_object());
    let key = ObjectKey::new::<ReplicaSet>(&namespace, &name);
    if replicas > 0 {
        c.record(
            EventType::Normal,
            "ScalingReplicaSet",
            deploy_ref(deploy),
            SOURCE,
            format!("Scaled up replica set {name} from 0 to {replicas}"),
        );
    }
    SetView {
        created: c.store.get(&key).map_or(c.now, |s| s.created),
        key,
        uid,
        hash: hash.to_owned(),
        replicas,
        pods: 0,
        ready: 0,
        available: 0,
        revision,
    }
}

/// A new ReplicaSet's annotations: the Deployment's own (its `change-cause` shows in
/// `rollout history`), except those the controller manages, as
/// `copyDeploymentAnnotationsToReplicaSet` skips them, plus the replica counts and
/// the revision.
fn set_annotations(
    deploy: &Deployment,
    wanted: i32,
    surge: i32,
    revision: i64,
) -> BTreeMap<String, String> {
    const SKIPPED: [&str; 4] = [
        "kubectl.kubernetes.io/last-applied-configuration",
        REVISION_ANNOTATION,
        "deployment.kubernetes.io/revision-history",
        "deprecated.deployment.rollback.to",
    ];
    let mut annotations: BTreeMap<String, String> = deploy
        .metadata
        .annotations
        .iter()
        .flatten()
        .filter(|(k, _)| !SKIPPED.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    annotations.insert(DESIRED_REPLICAS_ANNOTATION.to_owned(), wanted.to_string());
    annotations.insert(
        MAX_REPLICAS_ANNOTATION.to_owned(),
        (wanted + surge).to_string(),
    );
    annotations.insert(REVISION_ANNOTATION.to_owned(), revision.to_string());
    annotations
}

fn set_revision(c: &mut Cluster, key: &ObjectKey, revision: i64) -> bool {
    c.store.update::<ReplicaSet>(key, |set| {
        set.metadata
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(REVISION_ANNOTATION.to_owned(), revision.to_string());
    })
}

/// Set a ReplicaSet's replicas, with the event upstream records on the Deployment.
fn scale(c: &mut Cluster, deploy: &Deployment, set: &SetView, to: i32) -> bool {
    if set.replicas == to {
        return false;
    }
    let wanted = deploy.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let surge = deploy.spec.as_ref().map_or(0, |s| resolve_fenceposts(s).0);
    c.store.update::<ReplicaSet>(&set.key, |rs| {
        rs.spec.get_or_insert_with(ReplicaSetSpec::default).replicas = Some(to);
        let annotations = rs.metadata.annotations.get_or_insert_with(BTreeMap::new);
        annotations.insert(DESIRED_REPLICAS_ANNOTATION.to_owned(), wanted.to_string());
        annotations.insert(
            MAX_REPLICAS_ANNOTATION.to_owned(),
            (wanted + surge).to_string(),
        );
    });
    let direction = if to > set.replicas { "up" } else { "down" };
    c.record(
        EventType::Normal,
        "ScalingReplicaSet",
        deploy_ref(deploy),
        SOURCE,
        format!(
            "Scaled {direction} replica set {} from {} to {to}",
            set.key.name, set.replicas
        ),
    );
    true
}

/// `rolloutRolling`: scale the new set up within `maxSurge`; else scale old sets down
/// while at least `replicas - maxUnavailable` pods stay available.
fn rollout_rolling(
    c: &mut Cluster,
    deploy: &Deployment,
    spec: &DeploymentSpec,
    new_set: &SetView,
    old_sets: &[SetView],
) -> bool {
    let replicas = spec.replicas.unwrap_or(1).max(0);
    // reconcileNewReplicaSet.
    let all: Vec<SetView> = old_sets
        .iter()
        .cloned()
        .chain(std::iter::once(new_set.clone()))
        .collect();
    let target = if new_set.replicas > replicas {
        replicas
    } else {
        new_replicas_for_rolling(spec, &all, new_set.replicas)
    };
    if scale(c, deploy, new_set, target) {
        return true;
    }
    // reconcileOldReplicaSets.
    let old_count: i32 = old_sets.iter().map(|s| s.replicas).sum();
    if old_count == 0 {
        return false;
    }
    let all_count: i32 = all.iter().map(|s| s.replicas).sum();
    let (_, max_unavailable) = resolve_fenceposts(spec);
    let min_available = replicas - max_unavailable.min(replicas);
    let new_unavailable = new_set.replicas - new_set.available;
    let max_scaled_down = all_count - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return false;
    }
    let mut changed = false;
    let mut olds: Vec<SetView> = old_sets.to_vec();
    // cleanupUnhealthyReplicas: old pods that are not available go first.
    let mut cleaned = 0;
    for set in olds.iter_mut() {
        if cleaned >= max_scaled_down {
            break;
        }
        let unhealthy = set.replicas - set.available;
        if set.replicas == 0 || unhealthy <= 0 {
            continue;
        }
        let down = unhealthy.min(max_scaled_down - cleaned);
        changed |= scale(c, deploy, set, set.replicas - down);
        set.replicas -= down;
        cleaned += down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate: then available old pods, down to the minimum.
    let available: i32 = olds.iter().map(|s| s.available).sum::<i32>() + new_set.available;
    if available <= min_available {
        return changed;
    }
    let total = available - min_available;
    let mut done = 0;
    for set in &olds {
        if done >= total {
            break;
        }
        if set.replicas == 0 {
            continue;
        }
        let down = set.replicas.min(total - done);
        changed |= scale(c, deploy, set, set.replicas - down);
        done += down;
    }
    changed
}

/// `rolloutRecreate`: every old pod goes before the new set is scaled up.
fn rollout_recreate(
    c: &mut Cluster,
    deploy: &Deployment,
    spec: &DeploymentSpec,
    new_set: &SetView,
    old_sets: &[SetView],
) -> bool {
    let mut changed = false;
    for set in old_sets {
        changed |= scale(c, deploy, set, 0);
    }
    // oldPodsRunning: terminating pods still count until they are gone.
    let old_pods_running = old_sets.iter().any(|set| {
        c.store
            .dependents(&set.uid)
            .filter_map(|pod| c.store.get_as::<Pod>(&pod.namespace, &pod.name))
            .any(|pod| {
                !matches!(phase(pod), "Failed" | "Succeeded")
                    && is_controlled_by(&pod.metadata, &set.uid)
            })
    });
    if changed || old_pods_running {
        return changed;
    }
    scale(c, deploy, new_set, spec.replicas.unwrap_or(1).max(0))
}

/// `cleanupDeployment`: old ReplicaSets scaled to zero beyond `revisionHistoryLimit`
/// are deleted, oldest first.
fn cleanup(c: &mut Cluster, spec: &DeploymentSpec, old_sets: &[SetView]) -> bool {
    let limit = usize::try_from(spec.revision_history_limit.unwrap_or(10).max(0)).unwrap_or(0);
    let idle: Vec<&SetView> = old_sets
        .iter()
        .filter(|s| s.replicas == 0 && s.pods == 0)
        .collect();
    if idle.len() <= limit {
        return false;
    }
    let excess = idle.len() - limit;
    for set in idle.into_iter().take(excess) {
        c.delete_object(&set.key);
    }
    true
}

fn owner_reference(deploy: &Deployment) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_owned(),
        kind: "Deployment".to_owned(),
        name: deploy.metadata.name.clone().unwrap_or_default(),
        uid: deploy.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn deploy_ref(deploy: &Deployment) -> InvolvedObject {
    InvolvedObject {
        kind: "Deployment",
        namespace: deploy
            .metadata
            .namespace
            .as_deref()
            .unwrap_or_default()
            .into(),
        name: deploy.metadata.name.as_deref().unwrap_or_default().into(),
    }
}

/// Status from the ReplicaSets as they are now (`calculateStatus`), with the
/// `Available` and `Progressing` conditions.
fn write_status(
    c: &mut Cluster,
    key: &ObjectKey,
    deploy: &Deployment,
    spec: &DeploymentSpec,
    uid: &str,
    hash: &str,
) -> bool {
    let sets = owned_sets(c, uid);
    let replicas = spec.replicas.unwrap_or(1).max(0);
    let pods: i32 = sets.iter().map(|s| s.pods).sum();
    let ready: i32 = sets.iter().map(|s| s.ready).sum();
    let available: i32 = sets.iter().map(|s| s.available).sum();
    let new_set = sets.iter().find(|s| s.hash == hash);
    let updated = new_set.map_or(0, |s| s.pods);
    let (_, max_unavailable) = resolve_fenceposts(spec);
    let stamp = c.timestamp(c.now);
    let old = deploy.status.clone().unwrap_or_default();
    let mut conditions = old.conditions.clone().unwrap_or_default();
    let is_available = available >= replicas - max_unavailable.min(replicas);
    set_condition(
        &mut conditions,
        &stamp,
        "Available",
        is_available,
        if is_available {
            "MinimumReplicasAvailable"
        } else {
            "MinimumReplicasUnavailable"
        },
        if is_available {
            "Deployment has minimum availability.".to_owned()
        } else {
            "Deployment does not have minimum availability.".to_owned()
        },
    );
    let new_name = new_set.map(|s| s.key.name.clone()).unwrap_or_default();
    let complete = updated == replicas
        && available >= replicas
        && pods == replicas
        && new_set.is_some_and(|s| s.available >= replicas);
    let (reason, message) = if complete {
        (
            "NewReplicaSetAvailable",
            format!("ReplicaSet \"{new_name}\" has successfully progressed."),
        )
    } else {
        (
            "ReplicaSetUpdated",
            format!("ReplicaSet \"{new_name}\" is progressing."),
        )
    };
    set_condition(
        &mut conditions,
        &stamp,
        "Progressing",
        true,
        reason,
        message,
    );
    let nonzero = |n: i32| (n != 0).then_some(n);
    let status = DeploymentStatus {
        observed_generation: deploy.metadata.generation,
        replicas: nonzero(pods),
        updated_replicas: nonzero(updated),
        ready_replicas: nonzero(ready),
        available_replicas: nonzero(available),
        unavailable_replicas: nonzero((replicas - available).max(0)),
        conditions: Some(conditions),
        collision_count: None,
        terminating_replicas: None,
    };
    c.store
        .update::<Deployment>(key, |d| d.status = Some(status))
}

/// Set a condition; its times move only when its status or reason changes, as
/// `SetDeploymentCondition` keeps them.
fn set_condition(
    conditions: &mut Vec<DeploymentCondition>,
    stamp: &k8s_openapi::apimachinery::pkg::apis::meta::v1::Time,
    type_: &str,
    status: bool,
    reason: &str,
    message: String,
) {
    let status = if status { "True" } else { "False" }.to_owned();
    match conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) if c.status == status && c.reason.as_deref() == Some(reason) => {
            c.message = Some(message);
        }
        Some(c) => {
            let moved = c.status != status;
            c.status = status;
            c.reason = Some(reason.to_owned());
            c.message = Some(message);
            c.last_update_time = Some(stamp.clone());
            if moved {
                c.last_transition_time = Some(stamp.clone());
            }
        }
        None => conditions.push(DeploymentCondition {
            type_: type_.to_owned(),
            status,
            reason: Some(reason.to_owned()),
            message: Some(message),
            last_update_time: Some(stamp.clone()),
            last_transition_time: Some(stamp.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(replicas: i32, surge: &str, unavailable: &str) -> DeploymentSpec {
        let value = |v: &str| match v.parse::<i32>() {
            Ok(n) => IntOrString::Int(n),
            Err(_) => IntOrString::String(v.to_owned()),
        };
        DeploymentSpec {
            replicas: Some(replicas),
            strategy: Some(DeploymentStrategy {
                type_: Some("RollingUpdate".to_owned()),
                rolling_update: Some(RollingUpdateDeployment {
                    max_surge: Some(value(surge)),
                    max_unavailable: Some(value(unavailable)),
                }),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn surge_rounds_up_and_unavailability_rounds_down() {
        assert_eq!(resolve_fenceposts(&spec(3, "25%", "25%")), (1, 0));
        assert_eq!(resolve_fenceposts(&spec(10, "25%", "25%")), (3, 2));
        assert_eq!(resolve_fenceposts(&spec(4, "1", "0")), (1, 0));
        assert_eq!(resolve_fenceposts(&spec(3, "0", "0%")), (0, 1));
    }

    #[test]
    fn template_hashes_use_the_safe_alphabet_and_follow_the_template() {
        let a = pod_template_hash(&serde_json::json!({"image": "nginx:1.27"}));
        let b = pod_template_hash(&serde_json::json!({"image": "nginx:1.28"}));
        assert_ne!(a, b);
        assert!(!a.is_empty() && a.len() <= 10, "{a}");
        assert!(a.bytes().all(|c| b"456789bcdf".contains(&c)), "{a}");
    }
}
