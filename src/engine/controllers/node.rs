//! Node lifecycle: a node whose kubelet stops reporting goes `Ready=Unknown`; after
//! the node monitor grace period its pods are marked not ready, and after the
//! `not-ready`/`unreachable` tolerations (300 s) they are marked for deletion. With the
//! kubelet gone nobody confirms the containers stopped, so those pods stay
//! Terminating: a StatefulSet makes no replacement until the node comes back or is
//! deleted (then the pod garbage collector removes its pods). That is the
//! at-most-one-pod-per-identity guarantee a student should see.

use k8s_openapi::api::core::v1::{Node, NodeCondition, Pod, PodCondition, PodStatus, Taint};

use super::{requeue_at, Controller, Queue};
use crate::engine::store::Change;
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled, SimTime};

/// How long a silent node keeps its pods' readiness (`node-monitor-grace-period`).
pub const NODE_MONITOR_GRACE_MILLIS: u64 = 40_000;
/// How long pods tolerate an unreachable node before eviction (`tolerationSeconds`).
pub const EVICTION_MILLIS: u64 = 300_000;
const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";

/// The node lifecycle controller's queue: nodes to look at, and pods whose node is gone.
#[derive(Debug, Clone, Default)]
pub struct State {
    nodes: Queue,
    orphans: Queue,
}

impl State {
    pub(crate) fn pending(&self) -> bool {
        !self.nodes.is_empty() || !self.orphans.is_empty()
    }

    pub(crate) fn enqueue(&mut self, key: ObjectKey) {
        self.nodes.insert(key);
    }
}

/// The event handler: a node that changed (or failed, or came back) is looked at; the
/// pods of a node that is gone, and pods on a failed node, concern this controller.
pub fn observe(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    match key.kind {
        "Node" => {
            if c.store.changed(change).is_none() {
                let pods: Vec<ObjectKey> = c.store.pods_on_node(&key.name).cloned().collect();
                c.work.node.orphans.extend(pods);
            }
            c.work.node.nodes.insert(key.clone());
        }
        "Pod" => {
            let Some(node) = c
                .store
                .changed_as::<Pod>(change)
                .and_then(|p| p.spec.as_ref())
                .and_then(|s| s.node_name.as_deref())
            else {
                return;
            };
            if c.failed_nodes.contains_key(node) {
                let node_key = ObjectKey::new::<Node>("", node);
                c.work.node.nodes.insert(node_key);
            } else if c.get::<Node>("", node).is_none() {
                c.work.node.orphans.insert(key.clone());
            }
        }
        _ => {}
    }
}

/// One pass of the node lifecycle and pod garbage collectors over what is queued.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let nodes = c.work.node.nodes.take();
    let orphans = c.work.node.orphans.take();
    let mut changed = false;
    for node in nodes {
        let since = c.failed_nodes.get(node.name.as_str()).copied();
        let wake = match since {
            Some(since) => {
                let (node_changed, wake) = failed_node(c, &node, since);
                changed |= node_changed;
                wake
            }
            None => None,
        };
        requeue_at(c, Controller::Node, &node, wake);
    }

    // Pod garbage collection: pods bound to a node that no longer exists are removed.
    for pod in orphans {
        let node_gone = c
            .store
            .get_typed::<Pod>(&pod)
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.node_name.as_deref())
            .is_some_and(|n| c.get::<Node>("", n).is_none());
        if node_gone {
            c.store.remove(&pod);
            changed = true;
        }
    }
    Reconciled { changed }
}

/// What happens to a silent node and its pods as time passes; returns whether
/// anything changed and when to look again.
fn failed_node(c: &mut Cluster, key: &ObjectKey, since: SimTime) -> (bool, Option<SimTime>) {
    let now = c.now;
    let mut changed = c.store.update::<Node>(key, |n| set_ready(n, "Unknown"));
    let grace_over = since.plus_millis(NODE_MONITOR_GRACE_MILLIS);
    let evict_at = since.plus_millis(EVICTION_MILLIS);
    let mut wake = None;
    if now >= grace_over {
        changed |= c.store.update::<Node>(key, |n| {
            let taints = n
                .spec
                .get_or_insert_with(Default::default)
                .taints
                .get_or_insert_with(Vec::new);
            if !taints.iter().any(|t| t.key == UNREACHABLE_TAINT) {
                taints.push(Taint {
                    key: UNREACHABLE_TAINT.to_owned(),
                    effect: "NoExecute".to_owned(),
                    ..Default::default()
                });
            }
        });
    } else {
        wake = Some(grace_over);
    }
    if now < evict_at {
        wake = crate::engine::earliest(wake, Some(evict_at));
    }
    let pods: Vec<ObjectKey> = c.store.pods_on_node(&key.name).cloned().collect();
    for pod in pods {
        if now >= grace_over {
            let stamp = c.timestamp(now);
            changed |= c.store.update::<Pod>(&pod, |p| {
                let status = p.status.get_or_insert_with(PodStatus::default);
                let conditions = status.conditions.get_or_insert_with(Vec::new);
                for condition in conditions
                    .iter_mut()
                    .filter(|c| c.type_ == "Ready" || c.type_ == "ContainersReady")
                {
                    if condition.status != "False" {
                        condition.status = "False".to_owned();
                        condition.reason = Some("NodeLost".to_owned());
                        condition.last_transition_time = Some(stamp.clone());
                    }
                }
                if !conditions.iter().any(|c| c.type_ == "DisruptionTarget") && now >= evict_at {
                    conditions.push(PodCondition {
                        type_: "DisruptionTarget".to_owned(),
                        status: "True".to_owned(),
                        reason: Some("DeletionByTaintManager".to_owned()),
                        message: Some("Taint manager: deleting due to NoExecute taint".to_owned()),
                        last_transition_time: Some(stamp.clone()),
                        ..Default::default()
                    });
                }
            });
            if let Some(uid) = c
                .store
                .get_typed::<Pod>(&pod)
                .and_then(|p| p.metadata.uid.clone())
            {
                if let Some(runtime) = c.runtime.get_mut(&uid) {
                    runtime.ready_since = None;
                }
            }
        }
        let terminating = c
            .store
            .get_typed::<Pod>(&pod)
            .is_some_and(|p| p.metadata.deletion_timestamp.is_some());
        if now >= evict_at && !terminating {
            super::kubelet::start_termination(c, &pod);
            c.record(
                EventType::Normal,
                "TaintManagerEviction",
                InvolvedObject::of(&pod),
                "taint-eviction-controller",
                format!("Marking for deletion Pod {}/{}", pod.namespace, pod.name),
            );
            changed = true;
        }
    }
    (changed, wake)
}

/// Set a node's `Ready` condition status (`True`, `False` or `Unknown`).
pub fn set_ready(node: &mut Node, status: &str) {
    let (reason, message) = match status {
        "True" => ("KubeletReady", "kubelet is posting ready status"),
        _ => ("NodeStatusUnknown", "Kubelet stopped posting node status."),
    };
    let conditions = node
        .status
        .get_or_insert_with(Default::default)
        .conditions
        .get_or_insert_with(Vec::new);
    match conditions.iter_mut().find(|c| c.type_ == "Ready") {
        Some(c) if c.status == status => {}
        Some(c) => {
            c.status = status.to_owned();
            c.reason = Some(reason.to_owned());
            c.message = Some(message.to_owned());
        }
        None => conditions.push(NodeCondition {
            type_: "Ready".to_owned(),
            status: status.to_owned(),
            reason: Some(reason.to_owned()),
            message: Some(message.to_owned()),
            ..Default::default()
        }),
    }
}
