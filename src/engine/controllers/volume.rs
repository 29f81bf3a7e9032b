//! The PersistentVolume controller and the simulated provisioner: binding claims to
//! matching static volumes (smallest fit wins), provisioning `pvc-<uid>` volumes for
//! claims of a class with a provisioner (at once, or when the first consumer is
//! scheduled), reclaiming volumes whose claim is gone, and marking claims Lost.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    CSIPersistentVolumeSource, ObjectReference, PersistentVolume, PersistentVolumeClaim,
    PersistentVolumeClaimStatus, PersistentVolumeSpec, PersistentVolumeStatus, Pod,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::kubelet::claim_names;
use super::scheduler::SELECTED_NODE;
use crate::engine::labels::selector_matches;
use crate::engine::quantity::parse_quantity;
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled, Resource};

const SOURCE: &str = "persistentvolume-controller";

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
    MakeAvailable(String),
    Reclaim {
        volume: String,
        delete: bool,
    },
}

/// One pass over claims and volumes.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    // Which claims pods mount matters only for claims being deleted: build it lazily.
    let mut in_use: Option<BTreeMap<(String, String), ()>> = None;
    let mut actions = Vec::new();

    for (key, claim) in c.store.list::<PersistentVolumeClaim>(None) {
        if claim.metadata.deletion_timestamp.is_some() {
            let in_use = in_use.get_or_insert_with(|| claims_in_use(c));
            if !in_use.contains_key(&(key.namespace.clone(), key.name.clone())) {
                actions.push(Action::RemoveClaim(key.clone()));
            }
            continue;
        }
        let phase = claim.status.as_ref().and_then(|s| s.phase.as_deref());
        let bound_to = claim.spec.as_ref().and_then(|s| s.volume_name.as_deref());
        if phase == Some("Bound")
            && bound_to.is_some_and(|v| c.get::<PersistentVolume>("", v).is_some())
        {
            continue;
        }
        let spec = claim.spec.clone().unwrap_or_default();
        if let Some(volume) = spec.volume_name.as_deref() {
            if phase == Some("Bound") && c.get::<PersistentVolume>("", volume).is_none() {
                actions.push(Action::MarkLost(key.clone()));
            }
            if phase != Some("Pending") && phase.is_some() {
                continue;
            }
        }
        if phase == Some("Bound") || phase == Some("Lost") {
            continue;
        }
        let class = spec.storage_class_name.clone().unwrap_or_default();
        if let Some(volume) = find_matching_volume(c, key, claim) {
            actions.push(Action::Bind {
                claim: key.clone(),
                volume,
            });
            continue;
        }
        if class.is_empty() {
            actions.push(Action::Wait {
                claim: key.clone(),
                type_: EventType::Normal,
                reason: "FailedBinding",
                message:
                    "no persistent volumes available for this claim and no storage class is set"
                        .to_owned(),
            });
            continue;
        }
        let Some(storage_class) = c.get::<StorageClass>("", &class) else {
            actions.push(Action::Wait {
                claim: key.clone(),
                type_: EventType::Warning,
                reason: "ProvisioningFailed",
                message: format!("storageclass.storage.k8s.io {class:?} not found"),
            });
            continue;
        };
        let waits = storage_class.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer");
        let selected = claim
            .metadata
            .annotations
            .as_ref()
            .is_some_and(|a| a.contains_key(SELECTED_NODE));
        if waits && !selected {
            actions.push(Action::Wait {
                claim: key.clone(),
                type_: EventType::Normal,
                reason: "WaitForFirstConsumer",
                message: "waiting for first consumer to be created before binding".to_owned(),
            });
            continue;
        }
        actions.push(Action::Provision {
            claim: key.clone(),
            class,
            provisioner: storage_class.provisioner.clone(),
            reclaim: storage_class
                .reclaim_policy
                .clone()
                .unwrap_or_else(|| "Delete".to_owned()),
        });
    }

    for (key, volume) in c.store.list::<PersistentVolume>(None) {
        let phase = volume.status.as_ref().and_then(|s| s.phase.as_deref());
        let claim_ref = volume.spec.as_ref().and_then(|s| s.claim_ref.as_ref());
        match (claim_ref, phase) {
            (None, None | Some("Pending")) => actions.push(Action::MakeAvailable(key.name.clone())),
            (Some(reference), Some("Bound")) => {
                let claim = c.get::<PersistentVolumeClaim>(
                    reference.namespace.as_deref().unwrap_or(""),
                    reference.name.as_deref().unwrap_or(""),
                );
                let gone = claim.is_none_or(|claim| claim.metadata.uid != reference.uid);
                if gone {
                    let policy = volume
                        .spec
                        .as_ref()
                        .and_then(|s| s.persistent_volume_reclaim_policy.as_deref())
                        .unwrap_or("Retain");
                    actions.push(Action::Reclaim {
                        volume: key.name.clone(),
                        delete: policy == "Delete",
                    });
                }
            }
            _ => {}
        }
    }

    let mut changed = false;
    for action in actions {
        changed |= perform(c, action);
    }
    Reconciled {
        changed,
        wake: None,
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
            let Some(pvc) = c
                .get::<PersistentVolumeClaim>(&claim.namespace, &claim.name)
                .cloned()
            else {
                return false;
            };
            let uid = pvc.metadata.uid.clone().unwrap_or_default();
            let name = format!("pvc-{uid}");
            let spec = pvc.spec.clone().unwrap_or_default();
            let request = spec
                .resources
                .as_ref()
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("storage").cloned())
                .unwrap_or_else(|| Quantity("1Gi".to_owned()));
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
                    access_modes: spec.access_modes.clone(),
                    capacity: Some(BTreeMap::from([("storage".to_owned(), request)])),
                    persistent_volume_reclaim_policy: Some(reclaim),
                    storage_class_name: Some(class),
                    volume_mode: Some(
                        spec.volume_mode
                            .clone()
                            .unwrap_or_else(|| "Filesystem".to_owned()),
                    ),
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
            c.record(
                EventType::Normal,
                "Provisioning",
                claim_ref(&claim),
                "simulated-disk-provisioner",
                format!(
                    "External provisioner is provisioning volume for claim \"{}/{}\"",
                    claim.namespace, claim.name
                ),
            );
            c.create_owned(volume.into_object());
            c.record(
                EventType::Normal,
                "ProvisioningSucceeded",
                claim_ref(&claim),
                "simulated-disk-provisioner",
                format!("Successfully provisioned volume {name}"),
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
            let changed = c.store.update::<PersistentVolumeClaim>(&claim, |pvc| {
                pvc.status.get_or_insert_with(Default::default).phase = Some("Pending".to_owned());
            });
            c.record_once(type_, reason, claim_ref(&claim), SOURCE, message);
            changed
        }
        Action::MakeAvailable(name) => {
            let key = ObjectKey::new::<PersistentVolume>("", &name);
            c.store.update::<PersistentVolume>(&key, |volume| {
                volume.status.get_or_insert_with(Default::default).phase =
                    Some("Available".to_owned());
            })
        }
        Action::Reclaim { volume, delete } => {
            let key = ObjectKey::new::<PersistentVolume>("", &volume);
            if delete {
                c.store.remove(&key).is_some()
            } else {
                c.store.update::<PersistentVolume>(&key, |volume| {
                    volume.status.get_or_insert_with(Default::default).phase =
                        Some("Released".to_owned());
                })
            }
        }
    }
}

/// Bind claim and volume to each other, as the binder's two writes do.
fn bind(c: &mut Cluster, claim: &ObjectKey, volume: &str) -> bool {
    let Some(pvc) = c.get::<PersistentVolumeClaim>(&claim.namespace, &claim.name) else {
        return false;
    };
    let reference = ObjectReference {
        api_version: Some("v1".to_owned()),
        kind: Some("PersistentVolumeClaim".to_owned()),
        namespace: Some(claim.namespace.clone()),
        name: Some(claim.name.clone()),
        uid: pvc.metadata.uid.clone(),
        resource_version: pvc.metadata.resource_version.clone(),
        ..Default::default()
    };
    let volume_key = ObjectKey::new::<PersistentVolume>("", volume);
    let (mut capacity, mut modes) = (None, None);
    c.store.update::<PersistentVolume>(&volume_key, |pv| {
        let spec = pv.spec.get_or_insert_with(Default::default);
        spec.claim_ref = Some(reference);
        capacity = spec.capacity.clone();
        modes = spec.access_modes.clone();
        pv.status.get_or_insert_with(Default::default).phase = Some("Bound".to_owned());
    });
    c.store.update::<PersistentVolumeClaim>(claim, |pvc| {
        pvc.spec.get_or_insert_with(Default::default).volume_name = Some(volume.to_owned());
        let annotations = pvc
            .metadata
            .annotations
            .get_or_insert_with(Default::default);
        annotations.insert(
            "pv.kubernetes.io/bind-completed".to_owned(),
            "yes".to_owned(),
        );
        annotations.insert(
            "pv.kubernetes.io/bound-by-controller".to_owned(),
            "yes".to_owned(),
        );
        pvc.status = Some(PersistentVolumeClaimStatus {
            phase: Some("Bound".to_owned()),
            capacity,
            access_modes: modes,
            ..Default::default()
        });
    });
    true
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
    for (volume_key, volume) in c.store.list::<PersistentVolume>(None) {
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
            let names_this_claim = reference.namespace.as_deref() == Some(key.namespace.as_str())
                && reference.name.as_deref() == Some(key.name.as_str())
                && reference
                    .uid
                    .as_ref()
                    .is_none_or(|uid| Some(uid) == claim.metadata.uid.as_ref());
            if names_this_claim {
                return Some(volume_key.name.clone());
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
            let rank = (capacity, offered.len(), volume_key.name.clone());
            if best.as_ref().is_none_or(|b| rank < *b) {
                best = Some(rank);
            }
        }
    }
    best.map(|(_, _, name)| name)
}

/// Claims mounted by pods that still exist, keyed by (namespace, claim).
fn claims_in_use(c: &Cluster) -> BTreeMap<(String, String), ()> {
    let mut used = BTreeMap::new();
    for (key, pod) in c.store.list::<Pod>(None) {
        for claim in claim_names(pod) {
            used.insert((key.namespace.clone(), claim.to_owned()), ());
        }
    }
    used
}

fn claim_ref(key: &ObjectKey) -> InvolvedObject {
    InvolvedObject {
        kind: "PersistentVolumeClaim",
        namespace: key.namespace.clone(),
        name: key.name.clone(),
    }
}

/// Delete a claim as the API server does: while a pod still mounts it, the
/// `kubernetes.io/pvc-protection` finalizer keeps it, Terminating.
pub fn delete_claim(c: &mut Cluster, key: &ObjectKey) {
    let in_use = c
        .store
        .list::<Pod>(Some(&key.namespace))
        .any(|(_, pod)| claim_names(pod).any(|claim| claim == key.name));
    if in_use {
        let stamp = c.timestamp(c.now);
        c.store.update::<PersistentVolumeClaim>(key, |claim| {
            claim.metadata.deletion_timestamp.get_or_insert(stamp);
        });
    } else {
        c.store.remove(key);
    }
}
