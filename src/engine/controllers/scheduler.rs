//! The scheduler: it places each pending pod on the Ready, schedulable node with the
//! fewest pods (ties go to the lower name). Like the real volume binder, it binds a
//! pod only when its claims are Bound; for a WaitForFirstConsumer claim it first picks
//! the node (`volume.kubernetes.io/selected-node`) so the volume can be provisioned.

use k8s_openapi::api::core::v1::{Node, PersistentVolumeClaim, Pod, PodCondition, PodStatus};
use k8s_openapi::api::storage::v1::StorageClass;

use super::kubelet::claim_names;
use super::Queue;
use crate::engine::store::{Change, KeySet};
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

/// The scheduler's memory: its queue, and every pod still waiting for a node (they
/// are all looked at again when room appears).
#[derive(Debug, Clone, Default)]
pub struct State {
    queue: Queue,
    unscheduled: KeySet<ObjectKey>,
}

impl State {
    pub(crate) fn pending(&self) -> bool {
        !self.queue.is_empty()
    }

    pub(crate) fn enqueue(&mut self, key: ObjectKey) {
        self.queue.insert(key);
    }

    fn requeue_all_unscheduled(&mut self) {
        self.queue.extend(self.unscheduled.iter().cloned());
    }
}

/// The scheduler's event handler: pods without a node join the queue; a pod that
/// goes frees room, and a node or StorageClass that changes may make room, so every
/// waiting pod is looked at again; a claim that changes concerns the pods mounting it.
pub fn observe(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    match key.kind {
        "Pod" => match c.store.changed_as::<Pod>(change) {
            Some(pod) => {
                let waiting = pod.spec.as_ref().is_some_and(|s| s.node_name.is_none())
                    && pod.metadata.deletion_timestamp.is_none();
                let state = &mut c.work.scheduler;
                if waiting {
                    if !state.unscheduled.contains(key) {
                        state.unscheduled.insert(key.clone());
                    }
                    state.queue.add(key);
                } else {
                    state.unscheduled.remove(key);
                }
            }
            None => {
                let state = &mut c.work.scheduler;
                state.unscheduled.remove(key);
                if change.removed_uid.is_some() {
                    state.requeue_all_unscheduled();
                }
            }
        },
        "PersistentVolumeClaim" => {
            let state = &mut c.work.scheduler;
            for pod in c.store.claim_users(&key.namespace, &key.name) {
                if state.unscheduled.contains(pod) {
                    state.queue.add(pod);
                }
            }
        }
        "Node" | "StorageClass" => c.work.scheduler.requeue_all_unscheduled(),
        _ => {}
    }
}

/// One scheduling pass over the queued pods that still have no node.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let queue = c.work.scheduler.queue.take();
    if queue.is_empty() {
        return Reconciled::default();
    }
    // Each schedulable node with the number of pods bound to it, kept up to date as
    // this pass binds pods.
    let mut nodes: Vec<(String, usize)> = c
        .store
        .list::<Node>(None)
        .filter(|(_, node)| node_schedulable(node))
        .map(|(key, _)| {
            (
                String::from(&key.name),
                c.store.pod_count_on_node(&key.name),
            )
        })
        .collect();
    let total_nodes = c.store.list::<Node>(None).count();

    let mut changed = false;
    for key in queue {
        let Some(decision) = decide(c, &key, &nodes, total_nodes) else {
            continue;
        };
        if let Decision::Bind(node) = &decision {
            if let Some(entry) = nodes.iter_mut().find(|(name, _)| name == node) {
                entry.1 += 1;
            }
        }
        changed |= carry_out(c, &key, decision);
    }
    Reconciled { changed }
}

/// Where a pod goes, or why it cannot go anywhere; `None` when it needs nothing now.
fn decide(
    c: &Cluster,
    key: &ObjectKey,
    schedulable: &[(String, usize)],
    total_nodes: usize,
) -> Option<Decision> {
    let pod = c.store.get_typed::<Pod>(key)?;
    let spec = pod.spec.as_ref();
    if spec.is_none_or(|s| s.node_name.is_some()) || pod.metadata.deletion_timestamp.is_some() {
        return None;
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
    Some(match blocked {
        Some(reason) if reason.is_empty() => return None,
        Some(reason) => Decision::Unschedulable(format!(
            "0/{total_nodes} nodes are available: {reason}. preemption: 0/{total_nodes} nodes are available: {total_nodes} Preemption is not helpful for scheduling."
        )),
        None => {
            // The least-loaded node with room; ties go to the lower name (the list is
            // in name order and `min_by_key` keeps the first minimum).
            let node = chosen.or_else(|| {
                schedulable
                    .iter()
                    .filter(|(_, load)| *load < MAX_PODS_PER_NODE)
                    .min_by_key(|(_, load)| *load)
                    .map(|(name, _)| name.clone())
            });
            match node {
                None if schedulable.is_empty() => Decision::Unschedulable(format!(
                    "0/{total_nodes} nodes are available: {total_nodes} node(s) were unschedulable. preemption: 0/{total_nodes} nodes are available: {total_nodes} Preemption is not helpful for scheduling."
                )),
                None => Decision::Unschedulable(format!(
                    "0/{total_nodes} nodes are available: {} Too many pods. preemption: 0/{total_nodes} nodes are available: {total_nodes} No preemption victims found for incoming pod.",
                    schedulable.len()
                )),
                Some(node) if needs_selection.is_empty() => Decision::Bind(node),
                Some(node) => Decision::SelectNodeFor(needs_selection, node),
            }
        }
    })
}

fn carry_out(c: &mut Cluster, key: &ObjectKey, decision: Decision) -> bool {
    let pod_ref = InvolvedObject::of(key);
    match decision {
        Decision::Bind(node) => {
            let stamp = c.timestamp(c.now);
            c.store.write::<Pod>(key, |pod| {
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
                true
            });
            c.record(
                EventType::Normal,
                "Scheduled",
                pod_ref,
                "default-scheduler",
                [
                    "Successfully assigned ",
                    &key.namespace,
                    "/",
                    &key.name,
                    " to ",
                    &node,
                ]
                .concat(),
            );
            true
        }
        Decision::SelectNodeFor(claims, node) => {
            let mut changed = false;
            for claim in claims {
                let claim_key = ObjectKey::new::<PersistentVolumeClaim>(&key.namespace, &claim);
                changed |= c.store.write::<PersistentVolumeClaim>(&claim_key, |pvc| {
                    let annotations = pvc
                        .metadata
                        .annotations
                        .get_or_insert_with(Default::default);
                    if annotations.get(SELECTED_NODE) == Some(&node) {
                        return false;
                    }
                    annotations.insert(SELECTED_NODE.to_owned(), node.clone());
                    true
                });
            }
            changed
        }
        Decision::Unschedulable(message) => {
            let stamp = c.timestamp(c.now);
            let changed = c.store.write::<Pod>(key, |pod| {
                let status = pod.status.get_or_insert_with(PodStatus::default);
                let conditions = status.conditions.get_or_insert_with(Vec::new);
                let condition = PodCondition {
                    type_: "PodScheduled".to_owned(),
                    status: "False".to_owned(),
                    reason: Some("Unschedulable".to_owned()),
                    message: Some(message.clone()),
                    last_transition_time: Some(stamp),
                    ..Default::default()
                };
                let changed = match conditions.iter_mut().find(|c| c.type_ == "PodScheduled") {
                    Some(old) if old.message == condition.message => false,
                    Some(old) => {
                        *old = condition;
                        true
                    }
                    None => {
                        conditions.push(condition);
                        true
                    }
                };
                let pending = status.phase.as_deref() == Some("Pending");
                status.phase = Some("Pending".to_owned());
                changed || !pending
            });
            c.record_once(
                EventType::Warning,
                "FailedScheduling",
                pod_ref,
                "default-scheduler",
                message,
            );
            changed
        }
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
