//! Reasons, in plain words, for every state that waits: why a StatefulSet is not
//! making progress, why a claim is Pending, why a Service has no endpoints. The UI,
//! `kubectl describe` and lessons all read them from here, so they never disagree.
//! (Why a per-pod DNS name does not resolve lives with DNS: `dns::why_unresolved`.)

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod, Service};
use k8s_openapi::api::storage::v1::StorageClass;

use super::controllers::kubelet::{is_ready, phase};
use super::controllers::scheduler::SELECTED_NODE;
use super::controllers::statefulset::{
    claim_name, desired_ordinals, is_on_delete, is_ordered, parse_ordinal, partition, pod_name,
    REVISION_LABEL,
};
use super::labels::{format_selector, map_selects};
use super::Cluster;

/// Why the StatefulSet `name` is not (yet) where its spec says, or `None` when it is.
pub fn statefulset(c: &Cluster, namespace: &str, name: &str) -> Option<String> {
    let set = c.get::<StatefulSet>(namespace, name)?;
    set.spec.as_ref()?;
    let uid = set.metadata.uid.as_deref()?;
    let ordered = is_ordered(set);
    let pods: BTreeMap<i32, &Pod> = c
        .store()
        .list::<Pod>(Some(namespace))
        .filter(|(_, p)| {
            p.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.uid == uid && r.controller == Some(true))
        })
        .filter_map(|(k, p)| Some((parse_ordinal(name, &k.name)?, p)))
        .collect();
    let range = desired_ordinals(set);

    for ordinal in range.clone() {
        let this = pod_name(name, ordinal);
        let Some(pod) = pods.get(&ordinal) else {
            if let Some(reason) = creation_blocked(c, set, namespace, &this) {
                return Some(reason);
            }
            if ordered {
                return Some(format!("{this} is being created"));
            }
            continue;
        };
        if let Some(reason) = pod_waiting(c, namespace, &this, pod) {
            let next = pod_name(name, ordinal + 1);
            return Some(
                if ordered && range.contains(&(ordinal + 1)) && !pods.contains_key(&(ordinal + 1)) {
                    format!("{next} is not created yet because {this} is not Ready: {reason}")
                } else {
                    format!("{this} is not Ready: {reason}")
                },
            );
        }
    }
    if let Some((ordinal, pod)) = pods.iter().rev().find(|(o, _)| !range.contains(o)) {
        let this = pod_name(name, *ordinal);
        return Some(if pod.metadata.deletion_timestamp.is_some() {
            format!("scaling down: {this} is terminating; the next pod goes when it is gone")
        } else {
            format!("scaling down: {this} is about to be deleted")
        });
    }
    let status = set.status.as_ref()?;
    let update = status.update_revision.as_deref()?;
    if status.current_revision.as_deref() != Some(update) {
        let on_delete = is_on_delete(set);
        let partition = partition(set);
        let old: Vec<String> = pods
            .iter()
            .filter(|(_, p)| {
                p.metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get(REVISION_LABEL))
                    .map(String::as_str)
                    != Some(update)
            })
            .map(|(o, _)| pod_name(name, *o))
            .collect();
        if old.is_empty() {
            return None;
        }
        if on_delete {
            return Some(format!(
                "updateStrategy is OnDelete: {} keep the old template until you delete them",
                old.join(", ")
            ));
        }
        if partition > 0 {
            return Some(format!(
                "rollout paused at partition {partition}: pods with an ordinal below {} keep the old revision ({})",
                range.start + partition,
                old.join(", ")
            ));
        }
        return Some(format!(
            "rolling update in progress: {} still at the old revision",
            old.join(", ")
        ));
    }
    None
}

/// Why the StatefulSet cannot create its pod `pod` now, if something stands in the way.
fn creation_blocked(c: &Cluster, set: &StatefulSet, namespace: &str, pod: &str) -> Option<String> {
    if c.get::<Pod>(namespace, pod).is_some() {
        return Some(format!(
            "a pod named {pod} exists that this StatefulSet does not control (another owner, or labels its selector does not match), so it cannot create its own"
        ));
    }
    let spec = set.spec.as_ref()?;
    let when_scaled_delete = spec
        .persistent_volume_claim_retention_policy
        .as_ref()
        .and_then(|p| p.when_scaled.as_deref())
        == Some("Delete");
    for template in spec.volume_claim_templates.iter().flatten() {
        let claim = claim_name(template.metadata.name.as_deref().unwrap_or(""), pod);
        let Some(pvc) = c.get::<PersistentVolumeClaim>(namespace, &claim) else {
            continue;
        };
        if pvc.metadata.deletion_timestamp.is_some() {
            return Some(format!(
                "its claim {claim} is being deleted; {pod} is created once the claim is gone"
            ));
        }
        let stale = pvc
            .metadata
            .owner_references
            .iter()
            .flatten()
            .any(|r| r.kind == "Pod" && r.name == pod);
        if when_scaled_delete && stale {
            return Some(format!(
                "its claim {claim} still belongs to an earlier {pod} (whenScaled: Delete); {pod} is created once that claim is gone"
            ));
        }
    }
    None
}

/// Why a pod is not Running and Ready, or `None` when it is.
pub fn pod_waiting(c: &Cluster, namespace: &str, name: &str, pod: &Pod) -> Option<String> {
    if pod.metadata.deletion_timestamp.is_some() {
        return Some("it is terminating".to_owned());
    }
    let node = pod.spec.as_ref().and_then(|s| s.node_name.clone());
    match (phase(pod), node) {
        ("Failed", _) => Some("it failed; the StatefulSet controller replaces it".to_owned()),
        (_, Some(node)) if c.is_node_failed(&node) => {
            Some(format!("its node {node} is not responding"))
        }
        ("Running", _) if is_ready(pod) => None,
        ("Running", _) => Some("its readiness probe is not passing yet".to_owned()),
        (_, Some(_)) => Some("its containers are being created".to_owned()),
        (_, None) => {
            for claim in super::controllers::kubelet::claim_names(pod) {
                if let Some(reason) = claim_pending(c, namespace, claim) {
                    return Some(format!("its volume claim {claim} is Pending: {reason}"));
                }
            }
            let message = pod
                .status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .and_then(|cs| {
                    cs.iter()
                        .find(|c| c.type_ == "PodScheduled" && c.status == "False")
                })
                .and_then(|c| c.message.clone());
            Some(match message {
                Some(message) => format!("it cannot be scheduled: {message}"),
                None => format!("{name} is waiting for the scheduler"),
            })
        }
    }
}

/// Why the claim `name` is Pending, or `None` when it is not.
pub fn claim_pending(c: &Cluster, namespace: &str, name: &str) -> Option<String> {
    let claim = c.get::<PersistentVolumeClaim>(namespace, name)?;
    if claim.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound") {
        return None;
    }
    let class = claim
        .spec
        .as_ref()
        .and_then(|s| s.storage_class_name.clone())
        .unwrap_or_default();
    if class.is_empty() {
        return Some(
            "it names no StorageClass and no PersistentVolume matches it (class, size, access modes, selector)"
                .to_owned(),
        );
    }
    let Some(storage_class) = c.get::<StorageClass>("", &class) else {
        return Some(format!("its StorageClass \"{class}\" does not exist"));
    };
    let selected = claim
        .metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key(SELECTED_NODE));
    if storage_class.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer") && !selected {
        return Some(format!(
            "StorageClass \"{class}\" uses WaitForFirstConsumer: the volume is made only once a pod using the claim is scheduled"
        ));
    }
    if storage_class.provisioner != super::SIMULATED_PROVISIONER {
        return Some(format!(
            "StorageClass \"{class}\" names the provisioner \"{}\", which does not run in this cluster: no volume will be made (the default class \"{}\" has one)",
            storage_class.provisioner,
            super::DEFAULT_STORAGE_CLASS
        ));
    }
    Some(format!(
        "the provisioner of StorageClass \"{class}\" is making its volume"
    ))
}

/// Why the Service `name` has no ready endpoints, or `None` when it has some (or
/// needs none, like ExternalName).
pub fn service_without_endpoints(c: &Cluster, namespace: &str, name: &str) -> Option<String> {
    let service = c.get::<Service>(namespace, name)?;
    let spec = service.spec.as_ref()?;
    if spec.type_.as_deref() == Some("ExternalName") {
        return None;
    }
    let Some(selector) = spec.selector.as_ref().filter(|s| !s.is_empty()) else {
        return Some("it has no selector, so Kubernetes manages no endpoints for it".to_owned());
    };
    let wanted = format_selector(selector);
    let matching: Vec<&Pod> = c
        .store()
        .list::<Pod>(Some(namespace))
        .map(|(_, p)| p)
        .filter(|p| map_selects(selector, p.metadata.labels.as_ref()))
        .collect();
    if matching.is_empty() {
        return Some(format!("no pod in namespace \"{namespace}\" has the labels {wanted} that its selector asks for"));
    }
    let ready = matching
        .iter()
        .filter(|p| is_ready(p) && p.metadata.deletion_timestamp.is_none())
        .count();
    if ready > 0 {
        return None;
    }
    if spec.publish_not_ready_addresses == Some(true) {
        return None;
    }
    Some(format!(
        "{} pod(s) match {wanted}, but none is Ready yet; only Ready pods receive traffic",
        matching.len()
    ))
}
