//! The PersistentVolume controller and the simulated provisioner: binding claims to
//! matching static volumes (smallest fit wins), provisioning `pvc-<uid>` volumes for
//! claims of a class with a provisioner (at once, or when the first consumer is
//! scheduled), reclaiming volumes whose claim is gone, and marking claims Lost.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{
    CSIPersistentVolumeSource, ObjectReference, PersistentVolume, PersistentVolumeClaim,
    PersistentVolumeClaimStatus, PersistentVolumeSpec, PersistentVolumeStatus,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::scheduler::SELECTED_NODE;
use super::Queue;
use crate::engine::labels::selector_matches;
use crate::engine::quantity::parse_quantity;
use crate::engine::store::{Change, KeyMap, KeyParts, KeySet};
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled, Resource};

const SOURCE: &str = "persistentvolume-controller";
const BOUND_BY_CONTROLLER: &str = "pv.kubernetes.io/bound-by-controller";

enum Action {
    RemoveClaim(ObjectKey),
    MarkLost(ObjectKey),
    Bind {
        claim: ObjectKey,
        volume: String,
    },
    Provision {
        claim: ObjectKey,
        class: String,
        provisioner: String,
        reclaim: String,
    },
    Wait {
        claim: ObjectKey,
        type_: EventType,
        reason: &'static str,
        message: String,
    },
    KeepPending(ObjectKey),
    MakeAvailable(String),
    /// The claim of a bound volume is gone: release it, then reclaim it by its policy.
    Reclaim(String),
}

/// The volume controller's queues and what it remembers between passes.
#[derive(Debug, Clone, Default)]
pub struct State {
    claims: Queue,
    volumes: Queue,
    /// Claims not Bound yet: a new Available volume or StorageClass may serve them.
    unbound: KeySet<ObjectKey>,
    /// Claims being deleted: they go once no pod mounts them.
    deleting: KeySet<ObjectKey>,
    /// Volumes that may be bound to a claim: without a claimRef, or pre-bound.
    candidates: BTreeSet<String>,
    /// Which volume each claim names, and back, to follow removals of either.
    volume_of: KeyMap<ObjectKey, String>,
    claim_of: KeyMap<String, ObjectKey>,
}

impl State {
    pub(crate) fn pending(&self) -> bool {
        !self.claims.is_empty() || !self.volumes.is_empty()
    }

    pub(crate) fn enqueue(&mut self, key: ObjectKey) {
        if key.kind == "PersistentVolume" {
            self.volumes.insert(key);
        } else {
            self.claims.insert(key);
        }
    }

    fn requeue_unbound(&mut self) {
        self.claims.extend(self.unbound.iter().cloned());
    }
}

/// The volume controller's event handler (claims, volumes, classes, and pods going away).
pub fn observe(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    match key.kind {
        "PersistentVolumeClaim" => observe_claim(c, change),
        "PersistentVolume" => observe_volume(c, change),
        "StorageClass" => c.work.volume.requeue_unbound(),
        // A pod that goes may release a claim held by pvc-protection.
        "Pod" if change.removed_uid.is_some() => {
            let state = &mut c.work.volume;
            let deleting: Vec<ObjectKey> = state
                .deleting
                .iter()
                .filter(|claim| claim.namespace == key.namespace)
                .cloned()
                .collect();
            state.claims.extend(deleting);
        }
        _ => {}
    }
}

fn observe_claim(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    let claim = c.store.changed_as::<PersistentVolumeClaim>(change);
    let volume = claim
        .and_then(|pvc| pvc.spec.as_ref())
        .and_then(|s| s.volume_name.as_deref());
    let bound = claim
        .and_then(|pvc| pvc.status.as_ref())
        .and_then(|s| s.phase.as_deref())
        == Some("Bound");
    let exists = claim.is_some();
    let deleting = claim.is_some_and(|pvc| pvc.metadata.deletion_timestamp.is_some());
    let state = &mut c.work.volume;
    if state.volume_of.get(key).map(String::as_str) != volume {
        if let Some(old) = state.volume_of.remove(key) {
            // The claim no longer names this volume (or is gone): the volume may need
            // reclaiming.
            state.claim_of.remove(&old);
            state
                .volumes
                .insert(ObjectKey::new::<PersistentVolume>("", &old));
        }
    }
    if !exists {
        state.unbound.remove(key);
        state.deleting.remove(key);
        return;
    }
    state.claims.add(key);
    if let Some(volume) = volume {
        if !state.volume_of.contains_key(key) {
            state.claim_of.insert(volume.to_owned(), key.clone());
            state.volume_of.insert(key.clone(), volume.to_owned());
        }
    }
    if bound || deleting {
        state.unbound.remove(key);
    } else if !state.unbound.contains(key) {
        state.unbound.insert(key.clone());
    }
    if deleting {
        if !state.deleting.contains(key) {
            state.deleting.insert(key.clone());
        }
    } else {
        state.deleting.remove(key);
    }
}

fn observe_volume(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    let Some(volume) = c.store.changed_as::<PersistentVolume>(change) else {
        let state = &mut c.work.volume;
        state.candidates.remove(key.name.as_str());
        // A bound claim whose volume is gone is Lost.
        if let Some(claim) = state.claim_of.get(key.name.as_str()) {
            state.claims.insert(claim.clone());
        }
        return;
    };
    let claim_ref = volume.spec.as_ref().and_then(|s| s.claim_ref.as_ref());
    let phase = volume.status.as_ref().and_then(|s| s.phase.as_deref());
    let candidate = volume.metadata.deletion_timestamp.is_none()
        && (claim_ref.is_none() || phase != Some("Bound"));
    let state = &mut c.work.volume;
    state.volumes.add(key);
    if !candidate {
        state.candidates.remove(key.name.as_str());
        return;
    }
    if !state.candidates.contains(key.name.as_str()) {
        state.candidates.insert(String::from(&key.name));
    }
    match claim_ref {
        // Pre-bound to one claim: only that claim can take it.
        Some(reference) => {
            let claim: &dyn KeyParts = &(
                "PersistentVolumeClaim",
                reference.namespace.as_deref().unwrap_or(""),
                reference.name.as_deref().unwrap_or(""),
            );
            if let Some(claim) = state.unbound.get(claim) {
                state.claims.add(claim);
            }
        }
        None => state.requeue_unbound(),
    }
}

/// One pass over the queued claims and volumes.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let claims = c.work.volume.claims.take();
    let volumes = c.work.volume.volumes.take();
    let mut changed = false;
    for key in claims {
        if let Some(action) = claim_action(c, &key) {
            changed |= perform(c, action);
        }
    }
    for key in volumes {
        if let Some(action) = volume_action(c, &key) {
            changed |= perform(c, action);
        }
    }
    Reconciled { changed }
}

/// What a claim needs next (`syncClaim`), if anything.
fn claim_action(c: &Cluster, key: &ObjectKey) -> Option<Action> {
    let claim = c.store.get_typed::<PersistentVolumeClaim>(key)?;
    if claim.metadata.deletion_timestamp.is_some() {
        return (!protected(c, key)).then(|| Action::RemoveClaim(key.clone()));
    }
    let phase = claim.status.as_ref().and_then(|s| s.phase.as_deref());
    let spec = claim.spec.as_ref();
    // The user asked for one volume by name (`syncUnboundClaim`): bind to it when it is
    // free or reserved for this claim, else stay Pending until it is.
    if let Some(volume_name) = spec.and_then(|s| s.volume_name.as_deref()) {
        let volume = c.get::<PersistentVolume>("", volume_name);
        return match (phase, volume) {
            (Some("Bound"), None) => Some(Action::MarkLost(key.clone())),
            (Some("Bound" | "Lost"), _) => None,
            (_, Some(volume)) if volume_free_for(volume, key, claim) => Some(Action::Bind {
                claim: key.clone(),
                volume: volume_name.to_owned(),
            }),
            _ => Some(Action::KeepPending(key.clone())),
        };
    }
    if phase == Some("Bound") || phase == Some("Lost") {
        return None;
    }
    let class = spec
        .and_then(|s| s.storage_class_name.clone())
        .unwrap_or_default();
    if let Some(volume) = find_matching_volume(c, key, claim) {
        return Some(Action::Bind {
            claim: key.clone(),
            volume,
        });
    }
    if class.is_empty() {
        return Some(Action::Wait {
            claim: key.clone(),
            type_: EventType::Normal,
            reason: "FailedBinding",
            message: "no persistent volumes available for this claim and no storage class is set"
                .to_owned(),
        });
    }
    let Some(storage_class) = c.get::<StorageClass>("", &class) else {
        return Some(Action::Wait {
            claim: key.clone(),
            type_: EventType::Warning,
            reason: "ProvisioningFailed",
            message: format!("storageclass.storage.k8s.io {class:?} not found"),
        });
    };
    let waits = storage_class.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer");
    let selected = claim
        .metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key(SELECTED_NODE));
    if waits && !selected {
        return Some(Action::Wait {
            claim: key.clone(),
            type_: EventType::Normal,
            reason: "WaitForFirstConsumer",
            message: "waiting for first consumer to be created before binding".to_owned(),
        });
    }
    if storage_class.provisioner != crate::engine::SIMULATED_PROVISIONER {
        // Provisioning is an external provisioner's job; none by that name runs here,
        // so the claim waits, as it would for a provisioner that is not installed.
        return Some(Action::Wait {
            claim: key.clone(),
            type_: EventType::Normal,
            reason: "ExternalProvisioning",
            message: external_provisioning(&storage_class.provisioner),
        });
    }
    Some(Action::Provision {
        claim: key.clone(),
        class,
        provisioner: storage_class.provisioner.clone(),
        reclaim: storage_class
            .reclaim_policy
            .clone()
            .unwrap_or_else(|| "Delete".to_owned()),
    })
}

/// The PV controller's word to a claim whose volume an external provisioner makes.
fn external_provisioning(provisioner: &str) -> String {
    [
        "Waiting for a volume to be created either by the external provisioner '",
        provisioner,
        "' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    ]
    .concat()
}

/// What a volume needs next (`syncVolume`), if anything.
fn volume_action(c: &Cluster, key: &ObjectKey) -> Option<Action> {
    let volume = c.get::<PersistentVolume>("", &key.name)?;
    let phase = volume.status.as_ref().and_then(|s| s.phase.as_deref());
    let claim_ref = volume.spec.as_ref().and_then(|s| s.claim_ref.as_ref());
    match (claim_ref, phase) {
        (None, None | Some("Pending")) => Some(Action::MakeAvailable(String::from(&key.name))),
        // Pre-bound to a claim that has not taken it yet: it waits, Available, for it.
        (Some(reference), None | Some("Pending")) if reference.uid.is_none() => {
            Some(Action::MakeAvailable(String::from(&key.name)))
        }
        (Some(reference), Some("Bound")) => {
            let claim = c.get::<PersistentVolumeClaim>(
                reference.namespace.as_deref().unwrap_or(""),
                reference.name.as_deref().unwrap_or(""),
            );
            let gone = claim.is_none_or(|claim| claim.metadata.uid != reference.uid);
            gone.then(|| Action::Reclaim(String::from(&key.name)))
        }
        _ => None,
    }
}

/// What reclaiming a released volume comes to (`reclaimVolume`).
enum Reclaim {
    /// `Retain`, or a volume whose deletion is its external provisioner's business.
    Keep,
    /// The volume and its storage are deleted.
    Delete,
    /// `Recycle` on a volume type with a recycler: scrubbed and Available again.
    Recycle,
    /// Nothing can do what the policy asks: the volume is `Failed`.
    Fail {
        reason: &'static str,
        message: String,
    },
}

fn reclaim_of(name: &str, volume: &PersistentVolume) -> Reclaim {
    let spec = volume.spec.as_ref();
    let policy = spec
        .and_then(|s| s.persistent_volume_reclaim_policy.as_deref())
        .unwrap_or("Retain");
    let host_path = spec
        .and_then(|s| s.host_path.as_ref())
        .map(|h| h.path.as_str());
    let nfs = spec.is_some_and(|s| s.nfs.is_some());
    let provisioned_here = volume
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("pv.kubernetes.io/provisioned-by"))
        .is_some_and(|p| p == crate::engine::SIMULATED_PROVISIONER);
    match policy {
        "Delete" if provisioned_here => Reclaim::Delete,
        // A CSI volume is deleted by its driver's external provisioner, not here.
        "Delete" if spec.is_some_and(|s| s.csi.is_some()) => Reclaim::Keep,
        // The hostPath deleter removes only directories under /tmp.
        "Delete" => match host_path {
            Some(path) if path.len() > 5 && path.starts_with("/tmp/") => Reclaim::Delete,
            Some(path) => Reclaim::Fail {
                reason: "VolumeFailedDelete",
                message: format!(
                    "host_path deleter only supports /tmp/.+ but received provided {path}"
                ),
            },
            None => Reclaim::Fail {
                reason: "VolumeFailedDelete",
                message: format!(
                    "error getting deleter volume plugin for volume {name:?}: no deletable volume plugin matched"
                ),
            },
        },
        // Only hostPath and NFS volumes have a recycler (itself deprecated).
        "Recycle" if host_path.is_some() || nfs => Reclaim::Recycle,
        "Recycle" => Reclaim::Fail {
            reason: "VolumeFailedRecycle",
            message: "No recycler plugin found for the volume!".to_owned(),
        },
        _ => Reclaim::Keep,
    }
}

/// Release a volume whose claim is gone, then carry out its reclaim policy.
fn reclaim(c: &mut Cluster, name: &str) -> bool {
    let key = ObjectKey::new::<PersistentVolume>("", name);
    let Some(volume) = c.get::<PersistentVolume>("", name) else {
        return false;
    };
    let outcome = reclaim_of(name, volume);
    let volume_ref = InvolvedObject::of(&key);
    match outcome {
        Reclaim::Keep => set_volume_phase(c, &key, "Released"),
        Reclaim::Delete => c.store.remove(&key).is_some(),
        Reclaim::Recycle => {
            let changed = c.store.write::<PersistentVolume>(&key, |pv| {
                if let Some(spec) = pv.spec.as_mut() {
                    spec.claim_ref = None;
                }
                let status = pv.status.get_or_insert_with(Default::default);
                status.phase = Some("Available".to_owned());
                status.message = None;
                true
            });
            c.record(
                EventType::Normal,
                "VolumeRecycled",
                volume_ref,
                SOURCE,
                "Volume recycled".to_owned(),
            );
            changed
        }
        Reclaim::Fail { reason, message } => {
            let changed = c.store.write::<PersistentVolume>(&key, |pv| {
                let status = pv.status.get_or_insert_with(Default::default);
                status.phase = Some("Failed".to_owned());
                status.message = Some(message.clone());
                true
            });
            c.record(EventType::Warning, reason, volume_ref, SOURCE, message);
            changed
        }
    }
}

fn perform(c: &mut Cluster, action: Action) -> bool {
    match action {
        Action::RemoveClaim(key) => c.store.remove(&key).is_some(),
        Action::MarkLost(key) => {
            let changed = c.store.update::<PersistentVolumeClaim>(&key, |claim| {
                claim.status.get_or_insert_with(Default::default).phase = Some("Lost".to_owned());
            });
            if changed {
                c.record(
                    EventType::Warning,
                    "ClaimLost",
                    claim_ref(&key),
                    SOURCE,
                    "Bound claim has lost its PersistentVolume. Data on the volume is lost!"
                        .to_owned(),
                );
            }
            changed
        }
        Action::Bind { claim, volume } => bind(c, &claim, &volume),
        Action::Provision {
            claim,
            class,
            provisioner,
            reclaim,
        } => {
            let Some(pvc) = c.store.get_typed::<PersistentVolumeClaim>(&claim) else {
                return false;
            };
            let name = ["pvc-", pvc.metadata.uid.as_deref().unwrap_or_default()].concat();
            let spec = pvc.spec.as_ref();
            let request = spec
                .and_then(|s| s.resources.as_ref())
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("storage").cloned())
                .unwrap_or_else(|| Quantity("1Gi".to_owned()));
            let access_modes = spec.and_then(|s| s.access_modes.clone());
            let volume_mode = spec.and_then(|s| s.volume_mode.clone());
            let volume = PersistentVolume {
                metadata: ObjectMeta {
                    name: Some(name.clone()),
                    annotations: Some(BTreeMap::from([(
                        "pv.kubernetes.io/provisioned-by".to_owned(),
                        provisioner.clone(),
                    )])),
                    finalizers: Some(vec!["kubernetes.io/pv-protection".to_owned()]),
                    ..Default::default()
                },
                spec: Some(PersistentVolumeSpec {
                    access_modes,
                    capacity: Some(BTreeMap::from([("storage".to_owned(), request)])),
                    persistent_volume_reclaim_policy: Some(reclaim),
                    storage_class_name: Some(class),
                    volume_mode: Some(volume_mode.unwrap_or_else(|| "Filesystem".to_owned())),
                    csi: Some(CSIPersistentVolumeSource {
                        driver: provisioner.clone(),
                        volume_handle: name.clone(),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                status: Some(PersistentVolumeStatus {
                    phase: Some("Available".to_owned()),
                    ..Default::default()
                }),
            };
            c.record_once(
                EventType::Normal,
                "ExternalProvisioning",
                claim_ref(&claim),
                SOURCE,
                external_provisioning(&provisioner),
            );
            c.record(
                EventType::Normal,
                "Provisioning",
                claim_ref(&claim),
                crate::engine::SIMULATED_PROVISIONER,
                [
                    "External provisioner is provisioning volume for claim \"",
                    &claim.namespace,
                    "/",
                    &claim.name,
                    "\"",
                ]
                .concat(),
            );
            c.create_owned(volume.into_object());
            c.record(
                EventType::Normal,
                "ProvisioningSucceeded",
                claim_ref(&claim),
                crate::engine::SIMULATED_PROVISIONER,
                ["Successfully provisioned volume ", &name].concat(),
            );
            bind(c, &claim, &name);
            true
        }
        Action::Wait {
            claim,
            type_,
            reason,
            message,
        } => {
            let changed = keep_pending(c, &claim);
            c.record_once(type_, reason, claim_ref(&claim), SOURCE, message);
            changed
        }
        Action::KeepPending(claim) => keep_pending(c, &claim),
        Action::MakeAvailable(name) => {
            let key = ObjectKey::new::<PersistentVolume>("", &name);
            set_volume_phase(c, &key, "Available")
        }
        Action::Reclaim(volume) => reclaim(c, &volume),
    }
}

/// Set a claim's phase to Pending unless it is already.
fn keep_pending(c: &mut Cluster, claim: &ObjectKey) -> bool {
    c.store.write::<PersistentVolumeClaim>(claim, |pvc| {
        let status = pvc.status.get_or_insert_with(Default::default);
        if status.phase.as_deref() == Some("Pending") {
            return false;
        }
        status.phase = Some("Pending".to_owned());
        true
    })
}

/// Set a volume's phase unless it already has it.
fn set_volume_phase(c: &mut Cluster, key: &ObjectKey, phase: &str) -> bool {
    c.store.write::<PersistentVolume>(key, |volume| {
        let status = volume.status.get_or_insert_with(Default::default);
        if status.phase.as_deref() == Some(phase) {
            return false;
        }
        status.phase = Some(phase.to_owned());
        true
    })
}

/// Bind claim and volume to each other, as the binder's two writes do.
fn bind(c: &mut Cluster, claim: &ObjectKey, volume: &str) -> bool {
    let Some(pvc) = c.store.get_typed::<PersistentVolumeClaim>(claim) else {
        return false;
    };
    let reference = ObjectReference {
        api_version: Some("v1".to_owned()),
        kind: Some("PersistentVolumeClaim".to_owned()),
        namespace: Some(String::from(&claim.namespace)),
        name: Some(String::from(&claim.name)),
        uid: pvc.metadata.uid.clone(),
        resource_version: pvc.metadata.resource_version.clone(),
        ..Default::default()
    };
    let volume_key = ObjectKey::new::<PersistentVolume>("", volume);
    let (mut capacity, mut modes) = (None, None);
    c.store.write::<PersistentVolume>(&volume_key, |pv| {
        if pv.spec.as_ref().is_none_or(|s| s.claim_ref.is_none()) {
            pv.metadata
                .annotations
                .get_or_insert_with(Default::default)
                .insert(BOUND_BY_CONTROLLER.to_owned(), "yes".to_owned());
        }
        let spec = pv.spec.get_or_insert_with(Default::default);
        spec.claim_ref = Some(reference);
        capacity = spec.capacity.clone();
        modes = spec.access_modes.clone();
        pv.status.get_or_insert_with(Default::default).phase = Some("Bound".to_owned());
        true
    });
    c.store.write::<PersistentVolumeClaim>(claim, |pvc| {
        let spec = pvc.spec.get_or_insert_with(Default::default);
        // A volume the user named in the claim was not chosen by the controller.
        let chosen_here = spec.volume_name.is_none();
        spec.volume_name = Some(volume.to_owned());
        let annotations = pvc
            .metadata
            .annotations
            .get_or_insert_with(Default::default);
        annotations.insert(
            "pv.kubernetes.io/bind-completed".to_owned(),
            "yes".to_owned(),
        );
        if chosen_here {
            annotations.insert(BOUND_BY_CONTROLLER.to_owned(), "yes".to_owned());
        }
        pvc.status = Some(PersistentVolumeClaimStatus {
            phase: Some("Bound".to_owned()),
            capacity,
            access_modes: modes,
            ..Default::default()
        });
        true
    });
    true
}

/// Whether a volume has no claim yet or is reserved for (or bound to) this claim.
fn volume_free_for(
    volume: &PersistentVolume,
    key: &ObjectKey,
    claim: &PersistentVolumeClaim,
) -> bool {
    volume
        .spec
        .as_ref()
        .and_then(|s| s.claim_ref.as_ref())
        .is_none_or(|reference| names_claim(reference, key, claim))
}

/// Whether a claimRef names this claim (and, when it carries a UID, this very claim).
fn names_claim(
    reference: &ObjectReference,
    key: &ObjectKey,
    claim: &PersistentVolumeClaim,
) -> bool {
    reference.namespace.as_deref() == Some(key.namespace.as_str())
        && reference.name.as_deref() == Some(key.name.as_str())
        && reference
            .uid
            .as_ref()
            .is_none_or(|uid| Some(uid) == claim.metadata.uid.as_ref())
}

/// `FindMatchingVolume`: a volume pre-bound to this claim, else the smallest
/// Available volume with the claim's class, modes, size and selector.
fn find_matching_volume(
    c: &Cluster,
    key: &ObjectKey,
    claim: &PersistentVolumeClaim,
) -> Option<String> {
    let spec = claim.spec.as_ref()?;
    let class = spec.storage_class_name.as_deref().unwrap_or("");
    let request = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
        .and_then(|q| parse_quantity(&q.0))
        .unwrap_or(0);
    let wanted_modes = spec.access_modes.clone().unwrap_or_default();
    let mode = spec.volume_mode.as_deref().unwrap_or("Filesystem");

    let mut best: Option<(u128, usize, String)> = None;
    // Only volumes without a claim, or reserved for one, can match: the controller
    // keeps their names, so a claim is not compared with every bound volume.
    for name in &c.work.volume.candidates {
        let Some(volume) = c.get::<PersistentVolume>("", name) else {
            continue;
        };
        let Some(volume_spec) = volume.spec.as_ref() else {
            continue;
        };
        let capacity = volume_spec
            .capacity
            .as_ref()
            .and_then(|cap| cap.get("storage"))
            .and_then(|q| parse_quantity(&q.0))
            .unwrap_or(0);
        if volume.metadata.deletion_timestamp.is_some() || capacity < request {
            continue;
        }
        if let Some(reference) = volume_spec.claim_ref.as_ref() {
            if names_claim(reference, key, claim) {
                return Some(name.clone());
            }
            continue;
        }
        let phase = volume.status.as_ref().and_then(|s| s.phase.as_deref());
        let offered = volume_spec.access_modes.clone().unwrap_or_default();
        let fits = phase == Some("Available")
            && volume_spec.storage_class_name.as_deref().unwrap_or("") == class
            && volume_spec.volume_mode.as_deref().unwrap_or("Filesystem") == mode
            && wanted_modes.iter().all(|m| offered.contains(m))
            && selector_matches(spec.selector.as_ref(), volume.metadata.labels.as_ref());
        if fits {
            let rank = (capacity, offered.len(), name.clone());
            if best.as_ref().is_none_or(|b| rank < *b) {
                best = Some(rank);
            }
        }
    }
    best.map(|(_, _, name)| name)
}

fn claim_ref(key: &ObjectKey) -> InvolvedObject {
    InvolvedObject::of(key)
}

/// Whether `kubernetes.io/pvc-protection` holds the claim: a pod that mounts it has
/// been scheduled (`podUsesPVC`). A pod not yet on a node does not count: its kubelet
/// has not seen it, and would not start it without the claim anyway.
fn protected(c: &Cluster, key: &ObjectKey) -> bool {
    c.store.claim_users(&key.namespace, &key.name).any(|pod| {
        c.store
            .get_typed::<k8s_openapi::api::core::v1::Pod>(pod)
            .and_then(|p| p.spec.as_ref())
            .is_some_and(|s| s.node_name.is_some())
    })
}

/// Delete a claim as the API server does: while a scheduled pod still mounts it, the
/// `kubernetes.io/pvc-protection` finalizer keeps it, Terminating.
pub fn delete_claim(c: &mut Cluster, key: &ObjectKey) {
    if protected(c, key) {
        let stamp = c.timestamp(c.now);
        c.store.update::<PersistentVolumeClaim>(key, |claim| {
            claim.metadata.deletion_timestamp.get_or_insert(stamp);
        });
    } else {
        c.store.remove(key);
    }
}
