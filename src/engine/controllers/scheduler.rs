//! The scheduler: it places each pending pod on the Ready, schedulable node with the
//! fewest pods (ties go to the lower name). Like the real volume binder, it binds a
//! pod only when its claims are Bound; for a WaitForFirstConsumer claim it first picks
//! the node (`volume.kubernetes.io/selected-node`) so the volume can be provisioned.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Node, PersistentVolumeClaim, Pod, PodCondition, PodStatus};
use k8s_openapi::api::storage::v1::StorageClass;

use super::kubelet::claim_names;
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled};

/// The kubelet's default `maxPods`: a node runs at most this many pods.
pub const MAX_PODS_PER_NODE: usize = 110;

/// The annotation through which the scheduler tells the provisioner where the pod goes.
pub const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";

enum Decision {
    Bind(String),
    SelectNodeFor(Vec<String>, String),
    Unschedulable(String),
}

/// One scheduling pass over all pods without a node.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let mut load: BTreeMap<String, usize> = BTreeMap::new();
    for (_, pod) in c.store.list::<Pod>(None) {
        if let Some(node) = pod.spec.as_ref().and_then(|s| s.node_name.as_ref()) {
            *load.entry(node.clone()).or_default() += 1;
        }
    }
    let schedulable: Vec<String> = c
        .store
        .list::<Node>(None)
        .filter(|(_, node)| node_schedulable(node))
        .map(|(key, _)| key.name.clone())
        .collect();
    let total_nodes = c.store.list::<Node>(None).count();

    let mut decisions: Vec<(ObjectKey, Decision)> = Vec::new();
    for (key, pod) in c.store.list::<Pod>(None) {
        let spec = pod.spec.as_ref();
        if spec.is_none_or(|s| s.node_name.is_some()) || pod.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let mut chosen: Option<String> = None;
        let mut needs_selection = Vec::new();
        let mut blocked = None;
        for claim_name in claim_names(pod) {
            let Some(claim) = c.get::<PersistentVolumeClaim>(&key.namespace, claim_name) else {
                blocked = Some(format!("persistentvolumeclaim {claim_name:?} not found"));
                break;
            };
            if claim.metadata.deletion_timestamp.is_some() {
                blocked = Some(format!(
                    "persistentvolumeclaim {claim_name:?} is being deleted"
                ));
                break;
            }
            let bound = claim.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound");
            if bound {
                continue;
            }
            let selected = claim
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(SELECTED_NODE).cloned());
            if let Some(node) = selected {
                chosen = Some(node);
                blocked = Some(String::new()); // waiting for the provisioner; no event
            } else if waits_for_consumer(c, claim) {
                needs_selection.push(claim_name.to_owned());
            } else {
                blocked = Some("pod has unbound immediate PersistentVolumeClaims".to_owned());
                break;
            }
        }
        let decision = match blocked {
            Some(reason) if reason.is_empty() => continue,
            Some(reason) => Decision::Unschedulable(format!(
                "0/{total_nodes} nodes are available: {reason}. preemption: 0/{total_nodes} nodes are available: {total_nodes} Preemption is not helpful for scheduling."
            )),
            None => {
                let has_room = |n: &String| load.get(n).copied().unwrap_or(0) < MAX_PODS_PER_NODE;
                let node = chosen.or_else(|| {
                    schedulable
                        .iter()
                        .filter(|n| has_room(n))
                        .min_by_key(|n| (load.get(*n).copied().unwrap_or(0), (*n).clone()))
                        .cloned()
                });
                match node {
                    None if schedulable.is_empty() => Decision::Unschedulable(format!(
                        "0/{total_nodes} nodes are available: {total_nodes} node(s) were unschedulable. preemption: 0/{total_nodes} nodes are available: {total_nodes} Preemption is not helpful for scheduling."
                    )),
                    None => Decision::Unschedulable(format!(
                        "0/{total_nodes} nodes are available: {} Too many pods. preemption: 0/{total_nodes} nodes are available: {total_nodes} No preemption victims found for incoming pod.",
                        schedulable.len()
                    )),
                    Some(node) if needs_selection.is_empty() => {
                        *load.entry(node.clone()).or_default() += 1;
                        Decision::Bind(node)
                    }
                    Some(node) => Decision::SelectNodeFor(needs_selection, node),
                }
            }
        };
        decisions.push((key.clone(), decision));
    }

    let mut changed = false;
    for (key, decision) in decisions {
        let pod_ref = InvolvedObject {
            kind: "Pod",
            namespace: key.namespace.clone(),
            name: key.name.clone(),
        };
        match decision {
            Decision::Bind(node) => {
                let stamp = c.timestamp(c.now);
                changed |= c.store.update::<Pod>(&key, |pod| {
                    if let Some(spec) = pod.spec.as_mut() {
                        spec.node_name = Some(node.clone());
                    }
                    let status = pod.status.get_or_insert_with(PodStatus::default);
                    status.phase.get_or_insert_with(|| "Pending".to_owned());
                    let conditions = status.conditions.get_or_insert_with(Vec::new);
                    conditions.retain(|c| c.type_ != "PodScheduled");
                    conditions.push(PodCondition {
                        type_: "PodScheduled".to_owned(),
                        status: "True".to_owned(),
                        last_transition_time: Some(stamp),
                        ..Default::default()
                    });
                });
                c.record(
                    EventType::Normal,
                    "Scheduled",
                    pod_ref,
                    "default-scheduler",
                    format!(
                        "Successfully assigned {}/{} to {node}",
                        key.namespace, key.name
                    ),
                );
            }
            Decision::SelectNodeFor(claims, node) => {
                for claim in claims {
                    let claim_key = ObjectKey::new::<PersistentVolumeClaim>(&key.namespace, &claim);
                    changed |= c.store.update::<PersistentVolumeClaim>(&claim_key, |pvc| {
                        pvc.metadata
                            .annotations
                            .get_or_insert_with(Default::default)
                            .insert(SELECTED_NODE.to_owned(), node.clone());
                    });
                }
            }
            Decision::Unschedulable(message) => {
                let stamp = c.timestamp(c.now);
                changed |= c.store.update::<Pod>(&key, |pod| {
                    let status = pod.status.get_or_insert_with(PodStatus::default);
                    status.phase = Some("Pending".to_owned());
                    let conditions = status.conditions.get_or_insert_with(Vec::new);
                    let condition = PodCondition {
                        type_: "PodScheduled".to_owned(),
                        status: "False".to_owned(),
                        reason: Some("Unschedulable".to_owned()),
                        message: Some(message.clone()),
                        last_transition_time: Some(stamp),
                        ..Default::default()
                    };
                    match conditions.iter_mut().find(|c| c.type_ == "PodScheduled") {
                        Some(old) if old.message == condition.message => {}
                        Some(old) => *old = condition,
                        None => conditions.push(condition),
                    }
                });
                c.record_once(
                    EventType::Warning,
                    "FailedScheduling",
                    pod_ref,
                    "default-scheduler",
                    message,
                );
            }
        }
    }
    Reconciled {
        changed,
        wake: None,
    }
}

fn node_schedulable(node: &Node) -> bool {
    let cordoned = node
        .spec
        .as_ref()
        .and_then(|s| s.unschedulable)
        .unwrap_or(false);
    let ready = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
        .is_some_and(|c| c.status == "True");
    ready && !cordoned
}

/// Whether a pending claim's class binds only once a pod uses it.
fn waits_for_consumer(c: &Cluster, claim: &PersistentVolumeClaim) -> bool {
    let class = claim
        .spec
        .as_ref()
        .and_then(|s| s.storage_class_name.as_deref())
        .unwrap_or("");
    c.get::<StorageClass>("", class)
        .and_then(|sc| sc.volume_binding_mode.as_deref())
        == Some("WaitForFirstConsumer")
}
