//! The scheduler: it places each pending pod on the node with the fewest pods (ties go
//! to the lower name) among those its filters let through, in the default plugins'
//! order: NodeUnschedulable (cordoned), TaintToleration (`NoSchedule` and `NoExecute`
//! taints the pod does not tolerate; a node that is not Ready counts as tainted
//! `not-ready` or `unreachable`, as the node lifecycle controller taints it),
//! NodeAffinity (`nodeSelector`) and NodeResourcesFit (110 pods). Like the real volume
//! binder, it binds a pod only when its claims are Bound; for a WaitForFirstConsumer
//! claim it first picks the node (`volume.kubernetes.io/selected-node`) so the volume
//! can be provisioned.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Node, PersistentVolumeClaim, Pod, PodCondition, PodStatus, Taint, Toleration,
};
use k8s_openapi::api::storage::v1::StorageClass;

use super::kubelet::claim_names;
use super::Queue;
use crate::engine::store::{Change, KeySet};
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled};

/// The kubelet's default `maxPods`: a node runs at most this many pods.
pub const MAX_PODS_PER_NODE: usize = 110;

/// The annotation through which the scheduler tells the provisioner where the pod goes.
pub const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";

/// The taint the node lifecycle controller puts on a node whose kubelet stopped
/// reporting (`Ready` `Unknown`).
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";
/// The taint the node lifecycle controller puts on a node whose kubelet reports it
/// not ready (`Ready` `False`).
pub const NOT_READY_TAINT: &str = "node.kubernetes.io/not-ready";
/// The taint a cordoned node stands for, which a pod may tolerate.
pub const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

enum Decision {
    Bind(String),
    SelectNodeFor(Vec<String>, String),
    Unschedulable(String),
}

/// What the filters need to know of one node, taken from the node when it changes;
/// only its load is read again for each pass.
#[derive(Debug, Clone)]
struct Candidate {
    name: String,
    /// Pods bound to it: read from the store at the start of each pass, then kept up
    /// to date as the pass binds pods.
    load: usize,
    cordoned: bool,
    /// Its taints, with the one its `Ready` condition stands for when it is not Ready.
    taints: Vec<Taint>,
    labels: BTreeMap<String, String>,
}

impl Candidate {
    fn of(name: &str, node: &Node) -> Candidate {
        let spec = node.spec.as_ref();
        let mut taints = spec.and_then(|s| s.taints.clone()).unwrap_or_default();
        // TaintNodesByCondition: the node lifecycle controller taints a node that is
        // not Ready `NoSchedule`, so new pods stay away unless they tolerate it.
        let condition = ready_condition(node);
        let implied = match condition.as_deref() {
            Some("True") => None,
            Some("False") => Some(NOT_READY_TAINT),
            _ => Some(UNREACHABLE_TAINT),
        };
        if let Some(key) = implied {
            if !taints
                .iter()
                .any(|t| t.key == key && t.effect == "NoSchedule")
            {
                taints.push(Taint {
                    key: key.to_owned(),
                    effect: "NoSchedule".to_owned(),
                    ..Default::default()
                });
            }
        }
        Candidate {
            name: name.to_owned(),
            load: 0,
            cordoned: spec.and_then(|s| s.unschedulable).unwrap_or(false),
            taints,
            labels: node.metadata.labels.clone().unwrap_or_default(),
        }
    }

    /// Why the pod may not go here: the first filter that says no, in the default
    /// plugins' order; `None` when it fits.
    fn misfit(&self, pod: &Pod) -> Option<Misfit<'_>> {
        let spec = pod.spec.as_ref();
        let tolerations = spec
            .and_then(|s| s.tolerations.as_deref())
            .unwrap_or_default();
        if self.cordoned {
            let unschedulable = Taint {
                key: UNSCHEDULABLE_TAINT.to_owned(),
                effect: "NoSchedule".to_owned(),
                ..Default::default()
            };
            if !tolerations.iter().any(|t| tolerates(t, &unschedulable)) {
                return Some(Misfit::Cordoned);
            }
        }
        if let Some(taint) = untolerated_taint(&self.taints, tolerations) {
            return Some(Misfit::Taint(taint));
        }
        let selected = spec
            .and_then(|s| s.node_selector.as_ref())
            .into_iter()
            .flatten()
            .all(|(key, value)| self.labels.get(key) == Some(value));
        if !selected {
            return Some(Misfit::Selector);
        }
        (self.load >= MAX_PODS_PER_NODE).then_some(Misfit::TooManyPods)
    }
}

/// Why a node was filtered out, as the plugin that did it says.
enum Misfit<'a> {
    /// NodeUnschedulable.
    Cordoned,
    /// TaintToleration: the first taint the pod does not tolerate.
    Taint(&'a Taint),
    /// NodeAffinity: the pod's `nodeSelector` does not match the node's labels.
    Selector,
    /// NodeResourcesFit: the node runs `maxPods` pods.
    TooManyPods,
}

impl Misfit<'_> {
    /// The plugin's reason, as the `FailedScheduling` message counts it.
    fn reason(&self) -> String {
        match self {
            Misfit::Cordoned => "node(s) were unschedulable".to_owned(),
            // kube-scheduler 1.34.0 names the taint (later patch releases hide it:
            // "node(s) had untolerated taint(s)").
            Misfit::Taint(taint) => format!(
                "node(s) had untolerated taint {{{}: {}}}",
                taint.key,
                taint.value.as_deref().unwrap_or("")
            ),
            Misfit::Selector => "node(s) didn't match Pod's node affinity/selector".to_owned(),
            Misfit::TooManyPods => "Too many pods".to_owned(),
        }
    }

    /// What preemption says of the node: evicting pods would help only where room
    /// was missing, and every pod here has the same priority, so none would go.
    fn preemption(&self) -> &'static str {
        match self {
            Misfit::TooManyPods => "No preemption victims found for incoming pod",
            _ => "Preemption is not helpful for scheduling",
        }
    }
}

/// Whether `toleration` tolerates `taint` (`Toleration.ToleratesTaint`): an empty
/// effect matches every effect and an empty key every key; `Exists` matches any value,
/// `Equal` (or no operator) only the same value.
pub fn tolerates(toleration: &Toleration, taint: &Taint) -> bool {
    let effect = toleration.effect.as_deref().unwrap_or("");
    if !effect.is_empty() && effect != taint.effect {
        return false;
    }
    let key = toleration.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match toleration.operator.as_deref().unwrap_or("") {
        "" | "Equal" => {
            toleration.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("")
        }
        "Exists" => true,
        _ => false,
    }
}

/// The first of `taints` that keeps pods off the node (`NoSchedule` or `NoExecute`)
/// and that none of `tolerations` tolerates (`FindMatchingUntoleratedTaint`).
pub fn untolerated_taint<'a>(taints: &'a [Taint], tolerations: &[Toleration]) -> Option<&'a Taint> {
    taints
        .iter()
        .filter(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
        .find(|taint| !tolerations.iter().any(|t| tolerates(t, taint)))
}

/// The `FailedScheduling` message for a pod no node took (`FitError.Error`): how many
/// nodes each reason ruled out, then what preemption found, each list sorted.
fn fit_error(misfits: &[Misfit<'_>]) -> String {
    let total = misfits.len();
    let histogram = |words: Vec<String>| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for word in words {
            *counts.entry(word).or_default() += 1;
        }
        let mut parts: Vec<String> = counts
            .into_iter()
            .map(|(word, count)| format!("{count} {word}"))
            .collect();
        parts.sort();
        parts.join(", ")
    };
    let reasons = histogram(misfits.iter().map(Misfit::reason).collect());
    let preemption = histogram(misfits.iter().map(|m| m.preemption().to_owned()).collect());
    format!(
        "0/{total} nodes are available: {reasons}. preemption: 0/{total} nodes are available: {preemption}."
    )
}

/// The scheduler's memory: its queue, and every pod still waiting for a node (they
/// are all looked at again when room appears).
#[derive(Debug, Clone, Default)]
pub struct State {
    queue: Queue,
    unscheduled: KeySet<ObjectKey>,
    /// Every node as the filters see it, in name order, until a node changes: a pass
    /// that places one pod does not copy every node's labels and taints again.
    nodes: Option<Vec<Candidate>>,
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
        "Node" => {
            c.work.scheduler.nodes = None;
            c.work.scheduler.requeue_all_unscheduled();
        }
        "StorageClass" => c.work.scheduler.requeue_all_unscheduled(),
        _ => {}
    }
}

/// One scheduling pass over the queued pods that still have no node.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let queue = c.work.scheduler.queue.take();
    if queue.is_empty() {
        return Reconciled::default();
    }
    // Every node, in name order, with the number of pods bound to it now.
    let mut nodes = c.work.scheduler.nodes.take().unwrap_or_else(|| {
        c.store
            .list::<Node>(None)
            .map(|(key, node)| Candidate::of(&key.name, node))
            .collect()
    });
    for node in &mut nodes {
        node.load = c.store.pod_count_on_node(&node.name);
    }

    let mut changed = false;
    for key in queue {
        let Some(decision) = decide(c, &key, &nodes) else {
            continue;
        };
        if let Decision::Bind(node) = &decision {
            if let Some(entry) = nodes.iter_mut().find(|n| &n.name == node) {
                entry.load += 1;
            }
        }
        changed |= carry_out(c, &key, decision);
    }
    c.work.scheduler.nodes = Some(nodes);
    Reconciled { changed }
}

/// Where a pod goes, or why it cannot go anywhere; `None` when it needs nothing now.
fn decide(c: &Cluster, key: &ObjectKey, nodes: &[Candidate]) -> Option<Decision> {
    let total_nodes = nodes.len();
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
            // The least-loaded node the filters let through; ties go to the lower name
            // (the list is in name order and `min_by_key` keeps the first minimum).
            let node = match chosen {
                Some(node) => node,
                None => {
                    let fitting = nodes
                        .iter()
                        .filter(|n| n.misfit(pod).is_none())
                        .min_by_key(|n| n.load);
                    match fitting {
                        Some(node) => node.name.clone(),
                        None => {
                            let misfits: Vec<Misfit> =
                                nodes.iter().filter_map(|n| n.misfit(pod)).collect();
                            return Some(Decision::Unschedulable(fit_error(&misfits)));
                        }
                    }
                }
            };
            if needs_selection.is_empty() {
                Decision::Bind(node)
            } else {
                Decision::SelectNodeFor(needs_selection, node)
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

/// The status of a node's `Ready` condition (`True`, `False`, `Unknown`), if it has one.
fn ready_condition(node: &Node) -> Option<String> {
    node.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
        .map(|c| c.status.clone())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn taint(key: &str, value: &str, effect: &str) -> Taint {
        Taint {
            key: key.to_owned(),
            value: (!value.is_empty()).then(|| value.to_owned()),
            effect: effect.to_owned(),
            ..Default::default()
        }
    }

    fn toleration(key: &str, operator: &str, value: &str, effect: &str) -> Toleration {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Toleration {
            key: some(key),
            operator: some(operator),
            value: some(value),
            effect: some(effect),
            ..Default::default()
        }
    }

    #[test]
    fn exists_tolerates_any_value_of_its_key() {
        let dedicated = taint("dedicated", "db", "NoSchedule");
        assert!(tolerates(
            &toleration("dedicated", "Exists", "", "NoSchedule"),
            &dedicated
        ));
        assert!(!tolerates(
            &toleration("other", "Exists", "", "NoSchedule"),
            &dedicated
        ));
    }

    #[test]
    fn equal_or_no_operator_needs_the_same_value() {
        let dedicated = taint("dedicated", "db", "NoSchedule");
        assert!(tolerates(
            &toleration("dedicated", "Equal", "db", "NoSchedule"),
            &dedicated
        ));
        assert!(tolerates(
            &toleration("dedicated", "", "db", "NoSchedule"),
            &dedicated
        ));
        assert!(!tolerates(
            &toleration("dedicated", "Equal", "web", "NoSchedule"),
            &dedicated
        ));
        // The control-plane taint has no value: kubeadm's CoreDNS toleration names
        // only the key and effect.
        let control_plane = taint("node-role.kubernetes.io/control-plane", "", "NoSchedule");
        assert!(tolerates(
            &toleration(
                "node-role.kubernetes.io/control-plane",
                "",
                "",
                "NoSchedule"
            ),
            &control_plane
        ));
    }

    #[test]
    fn an_empty_effect_matches_every_effect_and_a_set_one_only_itself() {
        let no_execute = taint("dedicated", "db", "NoExecute");
        assert!(tolerates(
            &toleration("dedicated", "Exists", "", ""),
            &no_execute
        ));
        assert!(!tolerates(
            &toleration("dedicated", "Exists", "", "NoSchedule"),
            &no_execute
        ));
    }

    #[test]
    fn exists_with_no_key_tolerates_everything() {
        let everything = toleration("", "Exists", "", "");
        for t in [
            taint("dedicated", "db", "NoSchedule"),
            taint(UNREACHABLE_TAINT, "", "NoExecute"),
        ] {
            assert!(tolerates(&everything, &t));
        }
        assert!(!tolerates(
            &toleration("", "Lt", "5", ""),
            &taint("a", "1", "NoSchedule")
        ));
    }

    #[test]
    fn prefer_no_schedule_taints_do_not_filter_nodes() {
        let taints = [
            taint("soft", "", "PreferNoSchedule"),
            taint("hard", "x", "NoSchedule"),
        ];
        assert_eq!(
            untolerated_taint(&taints, &[]).map(|t| t.key.as_str()),
            Some("hard")
        );
        let tolerated = [toleration("hard", "Exists", "", "")];
        assert!(untolerated_taint(&taints, &tolerated).is_none());
    }

    #[test]
    fn the_failed_scheduling_message_counts_each_reason_in_sorted_order() {
        let control_plane = taint("node-role.kubernetes.io/control-plane", "", "NoSchedule");
        let misfits = [
            Misfit::TooManyPods,
            Misfit::Taint(&control_plane),
            Misfit::TooManyPods,
        ];
        assert_eq!(
            fit_error(&misfits),
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Too many pods. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
        );
    }
}
