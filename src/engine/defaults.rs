//! What the API server does to an object on its way in: defaulting (as
//! `apps/v1/defaults.go` and the DefaultStorageClass admission plugin do), the
//! rules for updates, and keeping the fields that controllers own across an apply.

use k8s_openapi::api::apps::v1::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetPersistentVolumeClaimRetentionPolicy,
    StatefulSetUpdateStrategy,
};
use k8s_openapi::api::core::v1::{PersistentVolumeClaimSpec, PodSpec};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::controllers::serviceaccount::DEFAULT_SERVICE_ACCOUNT;
use super::features::FeatureGates;
use super::store::Store;
use super::{EngineError, Object, Result};

/// Fill in what the API server defaults when an object is created or updated.
pub fn apply_defaults(object: &mut Object, store: &Store, gates: &FeatureGates) {
    match object {
        Object::StatefulSet(sts) => {
            let Some(spec) = sts.spec.as_mut() else {
                return;
            };
            spec.replicas.get_or_insert(1);
            spec.pod_management_policy
                .get_or_insert_with(|| "OrderedReady".to_owned());
            spec.revision_history_limit.get_or_insert(10);
            match spec.update_strategy.as_mut() {
                // Only a strategy left out entirely gets `rollingUpdate: {partition: 0}`.
                None => {
                    spec.update_strategy = Some(StatefulSetUpdateStrategy {
                        type_: Some("RollingUpdate".to_owned()),
                        rolling_update: Some(RollingUpdateStatefulSetStrategy {
                            partition: Some(0),
                            max_unavailable: gates
                                .max_unavailable_stateful_set
                                .then_some(IntOrString::Int(1)),
                        }),
                    })
                }
                Some(strategy) => {
                    if strategy.type_.is_none() {
                        strategy.type_ = Some("RollingUpdate".to_owned());
                        if strategy.rolling_update.is_none() {
                            strategy.rolling_update = Some(RollingUpdateStatefulSetStrategy {
                                partition: Some(0),
                                max_unavailable: None,
                            });
                        }
                    }
                    let rolling_update = strategy.type_.as_deref() == Some("RollingUpdate");
                    if let Some(rolling) =
                        strategy.rolling_update.as_mut().filter(|_| rolling_update)
                    {
                        rolling.partition.get_or_insert(0);
                        if gates.max_unavailable_stateful_set {
                            rolling.max_unavailable.get_or_insert(IntOrString::Int(1));
                        }
                    }
                }
            }
            let policy = spec
                .persistent_volume_claim_retention_policy
                .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
            policy
                .when_deleted
                .get_or_insert_with(|| "Retain".to_owned());
            policy
                .when_scaled
                .get_or_insert_with(|| "Retain".to_owned());
            if let Some(pod) = spec.template.spec.as_mut() {
                default_pod_spec(pod);
            }
            for claim in spec.volume_claim_templates.iter_mut().flatten() {
                if let Some(claim_spec) = claim.spec.as_mut() {
                    claim_spec
                        .volume_mode
                        .get_or_insert_with(|| "Filesystem".to_owned());
                }
            }
        }
        Object::Deployment(deploy) => {
            if let Some(spec) = deploy.spec.as_mut() {
                super::controllers::deployment::apply_defaults(spec);
                if let Some(pod) = spec.template.spec.as_mut() {
                    default_pod_spec(pod);
                }
            }
        }
        Object::Pod(pod) => {
            if let Some(spec) = pod.spec.as_mut() {
                default_pod_spec(spec);
            }
        }
        Object::PersistentVolumeClaim(claim) => {
            if let Some(spec) = claim.spec.as_mut() {
                default_claim_spec(spec, store);
            }
        }
        Object::PersistentVolume(volume) => {
            if let Some(spec) = volume.spec.as_mut() {
                spec.persistent_volume_reclaim_policy
                    .get_or_insert_with(|| "Retain".to_owned());
                spec.volume_mode
                    .get_or_insert_with(|| "Filesystem".to_owned());
            }
        }
        Object::StorageClass(class) => {
            class
                .reclaim_policy
                .get_or_insert_with(|| "Delete".to_owned());
            class
                .volume_binding_mode
                .get_or_insert_with(|| "Immediate".to_owned());
        }
        _ => {}
    }
}

/// What admission adds to a pod being created: the ServiceAccount admission plugin
/// runs a pod that names no account as the namespace's `default` one (both the field
/// and its deprecated alias `serviceAccount` are set).
pub fn admit_pod(object: &mut Object) {
    let Object::Pod(pod) = object else {
        return;
    };
    if let Some(spec) = pod.spec.as_mut() {
        let account = spec
            .service_account_name
            .get_or_insert_with(|| DEFAULT_SERVICE_ACCOUNT.to_owned())
            .clone();
        spec.service_account.get_or_insert(account);
    }
}

/// The status the API server gives a new object: a Pod starts `Pending`
/// (`PrepareForCreate`), and so do claims and volumes (`SetDefaults_PersistentVolumeClaim`,
/// `SetDefaults_PersistentVolume`).
pub fn default_status(object: &mut Object) {
    let pending = || Some("Pending".to_owned());
    match object {
        Object::Pod(pod) => {
            let status = pod.status.get_or_insert_with(Default::default);
            if status.phase.is_none() {
                status.phase = pending();
            }
        }
        Object::PersistentVolumeClaim(claim) => {
            let status = claim.status.get_or_insert_with(Default::default);
            if status.phase.is_none() {
                status.phase = pending();
            }
        }
        Object::PersistentVolume(volume) => {
            let status = volume.status.get_or_insert_with(Default::default);
            if status.phase.is_none() {
                status.phase = pending();
            }
        }
        _ => {}
    }
}

/// Drop the fields whose feature gate is off, unless the stored object already uses
/// them (`dropStatefulSetDisabledFields`): with `MaxUnavailableStatefulSet` off, a new
/// `maxUnavailable` is silently removed, as the API server does.
pub fn drop_disabled_fields(object: &mut Object, old: Option<&Object>, gates: &FeatureGates) {
    let Object::StatefulSet(sts) = object else {
        return;
    };
    let in_use = |o: &Object| match o {
        Object::StatefulSet(old) => max_unavailable(old).is_some(),
        _ => false,
    };
    if gates.max_unavailable_stateful_set || old.is_some_and(in_use) {
        return;
    }
    if let Some(rolling) = sts
        .spec
        .as_mut()
        .and_then(|s| s.update_strategy.as_mut())
        .and_then(|s| s.rolling_update.as_mut())
    {
        rolling.max_unavailable = None;
    }
}

fn max_unavailable(sts: &StatefulSet) -> Option<&IntOrString> {
    sts.spec
        .as_ref()?
        .update_strategy
        .as_ref()?
        .rolling_update
        .as_ref()?
        .max_unavailable
        .as_ref()
}

fn default_pod_spec(spec: &mut PodSpec) {
    spec.restart_policy
        .get_or_insert_with(|| "Always".to_owned());
    spec.termination_grace_period_seconds.get_or_insert(30);
    spec.dns_policy
        .get_or_insert_with(|| "ClusterFirst".to_owned());
    spec.scheduler_name
        .get_or_insert_with(|| "default-scheduler".to_owned());
}

/// A claim with no `storageClassName` gets the default class, as the
/// DefaultStorageClass admission plugin does (`""` means "no class" and stays).
pub fn default_claim_spec(spec: &mut PersistentVolumeClaimSpec, store: &Store) {
    if spec.storage_class_name.is_none() {
        spec.storage_class_name = default_storage_class(store);
    }
    spec.volume_mode
        .get_or_insert_with(|| "Filesystem".to_owned());
}

/// The name of the class marked `storageclass.kubernetes.io/is-default-class: "true"`.
pub fn default_storage_class(store: &Store) -> Option<String> {
    store.list::<StorageClass>(None).find_map(|(key, class)| {
        let marked = class
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get("storageclass.kubernetes.io/is-default-class"))
            .is_some_and(|v| v == "true");
        marked.then(|| String::from(&key.name))
    })
}

/// The API server's rules for changing an existing object.
pub fn validate_update(old: &Object, new: &Object) -> Result<()> {
    if let (Object::StatefulSet(old), Object::StatefulSet(new)) = (old, new) {
        let (Some(old_spec), Some(new_spec)) = (old.spec.as_ref(), new.spec.as_ref()) else {
            return Ok(());
        };
        // Only these fields may change; everything else of the spec is fixed at creation.
        let mut comparable = old_spec.clone();
        comparable.replicas = new_spec.replicas;
        comparable.ordinals = new_spec.ordinals.clone();
        comparable.template = new_spec.template.clone();
        comparable.update_strategy = new_spec.update_strategy.clone();
        comparable.persistent_volume_claim_retention_policy =
            new_spec.persistent_volume_claim_retention_policy.clone();
        comparable.min_ready_seconds = new_spec.min_ready_seconds;
        if comparable != *new_spec {
            return Err(EngineError::Invalid {
                message: format!(
                    "The StatefulSet {:?} is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
                    new.metadata.name.as_deref().unwrap_or("")
                ),
            });
        }
    }
    Ok(())
}

/// Carry over the fields that controllers wrote into an object's spec, which an
/// apply of the user's text must not wipe (a claim's bound volume, a pod's node).
pub fn keep_server_fields(old: &Object, new: &mut Object) {
    match (old, new) {
        (Object::PersistentVolumeClaim(old), Object::PersistentVolumeClaim(new)) => {
            if let (Some(old), Some(new)) = (old.spec.as_ref(), new.spec.as_mut()) {
                if new.volume_name.is_none() {
                    new.volume_name = old.volume_name.clone();
                }
            }
            new.status = old.status.clone();
        }
        (Object::PersistentVolume(old), Object::PersistentVolume(new)) => {
            if let (Some(old), Some(new)) = (old.spec.as_ref(), new.spec.as_mut()) {
                if new.claim_ref.is_none() {
                    new.claim_ref = old.claim_ref.clone();
                }
            }
            new.status = old.status.clone();
        }
        (Object::Pod(old), Object::Pod(new)) => {
            if let (Some(old), Some(new)) = (old.spec.as_ref(), new.spec.as_mut()) {
                if new.node_name.is_none() {
                    new.node_name = old.node_name.clone();
                }
                // Set at admission and immutable since: a manifest that leaves it
                // out keeps the live value.
                if new.service_account_name.is_none() {
                    new.service_account_name = old.service_account_name.clone();
                    new.service_account = old.service_account.clone();
                }
            }
            new.status = old.status.clone();
        }
        (Object::StatefulSet(old), Object::StatefulSet(new)) => new.status = old.status.clone(),
        (Object::Service(old), Object::Service(new)) => new.status = old.status.clone(),
        (Object::Deployment(old), Object::Deployment(new)) => new.status = old.status.clone(),
        (Object::ReplicaSet(old), Object::ReplicaSet(new)) => new.status = old.status.clone(),
        _ => {}
    }
}
