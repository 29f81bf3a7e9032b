//! The kubelets of all nodes: they start a scheduled pod's containers once its
//! volumes are bound (Pending/ContainerCreating → Running → Ready after the readiness
//! delay), keep Ready in step with the readiness "probe", and stop a deleted pod
//! within its grace period, after which the pod object is gone.

use k8s_openapi::api::core::v1::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, Node, PersistentVolumeClaim, Pod, PodCondition, PodIP, PodStatus,
};

use super::{requeue_at, Controller};
use crate::engine::store::{Change, KeyMap};
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled, SimTime};

/// What a kubelet remembers about one pod.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodRuntime {
    /// When the containers will be running (set when their creation starts).
    pub running_at: Option<SimTime>,
    /// When the readiness probe first passes.
    pub ready_at: Option<SimTime>,
    /// Since when the pod has been Ready without a break (for `minReadySeconds`).
    pub ready_since: Option<SimTime>,
    /// When a terminating pod's containers have stopped and the object goes.
    pub gone_at: Option<SimTime>,
    /// The readiness probe is made to fail (a lesson's or chaos button's doing).
    pub forced_unready: bool,
    /// The pod is made to fail.
    pub failed: bool,
    /// The containers' command finished with this exit code (a pod that does not
    /// restart them, `restartPolicy: Never` or `OnFailure`).
    pub exited: Option<i32>,
    /// The pod's IP, once its sandbox is up.
    pub ip: Option<String>,
}

enum Step {
    Remove,
    Terminate {
        at: SimTime,
    },
    Fail,
    Exit(i32),
    /// A ReadWriteOnce volume is attached to another node: the pod waits, still
    /// ContainerCreating, and the attach/detach controller says why.
    WaitForAttach {
        volume: String,
        users: Vec<String>,
    },
    StartContainers {
        running_at: SimTime,
    },
    Run,
    SetReady(bool),
}

/// The kubelets' event handler: a pod that changed is looked at again; a pod that is
/// gone is forgotten (its IP goes back to the node's range); a claim that became
/// Bound lets the pods waiting for it start.
pub fn observe(c: &mut Cluster, change: &Change) {
    match change.key.kind {
        "Pod" => {
            if let Some(pod) = c.store.changed_as::<Pod>(change) {
                // A pod that has finished no longer holds its volumes either.
                let finished = matches!(phase(pod), "Failed" | "Succeeded");
                c.work.kubelet.add(&change.key);
                if finished && !c.work.attach_waiting.is_empty() {
                    let waiting: Vec<ObjectKey> = c.work.attach_waiting.iter().cloned().collect();
                    c.work.kubelet.extend(waiting);
                }
            } else {
                if let Some(uid) = change.removed_uid.as_deref() {
                    forget(c, uid);
                }
                c.work.timers.set(Controller::Kubelet, &change.key, None);
                // A pod that is gone detaches its volumes: the pods waiting for one
                // of them try again.
                c.work.attach_waiting.remove(&change.key);
                let waiting: Vec<ObjectKey> = c.work.attach_waiting.iter().cloned().collect();
                c.work.kubelet.extend(waiting);
            }
        }
        "PersistentVolumeClaim" => {
            let key = &change.key;
            let bound = c
                .store
                .changed_as::<PersistentVolumeClaim>(change)
                .and_then(|pvc| pvc.status.as_ref())
                .and_then(|s| s.phase.as_deref())
                == Some("Bound");
            if bound {
                let users: Vec<ObjectKey> = c
                    .store
                    .claim_users(&key.namespace, &key.name)
                    .cloned()
                    .collect();
                c.work.kubelet.extend(users);
            }
        }
        _ => {}
    }
}

/// What the kubelet remembers of the pod with UID `uid`, remembering it from now on
/// (copying the UID only for a pod it did not know yet).
fn runtime_of<'a>(runtime: &'a mut KeyMap<String, PodRuntime>, uid: &str) -> &'a mut PodRuntime {
    if !runtime.contains_key(uid) {
        runtime.insert(uid.to_owned(), PodRuntime::default());
    }
    runtime.get_mut(uid).expect("the pod's runtime is there")
}

/// Drop what a kubelet remembers of a pod that is gone.
fn forget(c: &mut Cluster, uid: &str) {
    if let Some(ip) = c.runtime.remove(uid).and_then(|r| r.ip) {
        c.pod_addresses.release(&ip);
    }
}

/// Every kubelet works through the pods that changed or whose timer is due.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let queue = c.work.kubelet.take();
    let mut changed = false;
    for key in queue {
        let (step, wake) = next_step(c, &key);
        if let Some((uid, step)) = step {
            changed |= apply_step(c, &key, &uid, step);
        }
        requeue_at(c, Controller::Kubelet, &key, wake);
    }
    Reconciled { changed }
}

/// What the kubelet does next for one pod (with the pod's UID), and when it next
/// needs to look at it.
fn next_step(c: &Cluster, key: &ObjectKey) -> (Option<(String, Step)>, Option<SimTime>) {
    let (step, wake) = next_step_of(c, key);
    let step = step.map(|(uid, step)| (uid.to_owned(), step));
    (step, wake)
}

fn next_step_of<'a>(c: &'a Cluster, key: &ObjectKey) -> (Option<(&'a str, Step)>, Option<SimTime>) {
    let now = c.now;
    let Some(pod) = c.store.get_typed::<Pod>(key) else {
        return (None, None);
    };
    let uid = pod.metadata.uid.as_deref().unwrap_or_default();
    let runtime = c.runtime.get(uid);
    let node = pod.spec.as_ref().and_then(|s| s.node_name.as_deref());
    let phase = phase(pod);
    // A failed node's kubelet does nothing at all.
    if node.is_some_and(|n| c.failed_nodes.contains_key(n)) {
        return (None, None);
    }

    if pod.metadata.deletion_timestamp.is_some() {
        return match (node, runtime.and_then(|r| r.gone_at)) {
            (None, _) => (Some((uid, Step::Remove)), None),
            (Some(_), None) => {
                let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(30);
                let grace_millis = u64::try_from(grace).unwrap_or(0).saturating_mul(1000);
                let at = now.plus_millis(c.config.termination_millis.min(grace_millis));
                (Some((uid, Step::Terminate { at })), Some(at))
            }
            (Some(_), Some(gone_at)) if gone_at <= now => (Some((uid, Step::Remove)), None),
            (Some(_), Some(gone_at)) => (None, Some(gone_at)),
        };
    }
    if node.is_none() || matches!(phase, "Failed" | "Succeeded") {
        return (None, None);
    }
    let default_runtime = PodRuntime::default();
    let runtime = runtime.unwrap_or(&default_runtime);
    if runtime.failed {
        return (Some((uid, Step::Fail)), None);
    }
    if let Some(code) = runtime.exited {
        return (Some((uid, Step::Exit(code))), None);
    }
    match runtime.running_at {
        None => {
            if claims_bound(c, &key.namespace, pod) {
                if let Some(attached) =
                    node.and_then(|n| attached_elsewhere(c, &key.namespace, &key.name, pod, n))
                {
                    let (volume, users) = (attached.volume, attached.users);
                    return (Some((uid, Step::WaitForAttach { volume, users })), None);
                }
                let spread = spread(c, uid);
                let running_at = now.plus_millis(c.config.container_start_millis + spread);
                (
                    Some((uid, Step::StartContainers { running_at })),
                    Some(running_at),
                )
            } else {
                (None, None)
            }
        }
        Some(running_at) if running_at > now => (None, Some(running_at)),
        Some(_) if phase != "Running" => (Some((uid, Step::Run)), None),
        Some(_) => {
            let ready_at = runtime.ready_at.unwrap_or(now);
            let should_be_ready = ready_at <= now && !runtime.forced_unready;
            let wake = (ready_at > now).then_some(ready_at);
            if should_be_ready != is_ready(pod) {
                (Some((uid, Step::SetReady(should_be_ready))), wake)
            } else {
                (None, wake)
            }
        }
    }
}

/// The step in which start-up spread is chosen: pods that start together finish in
/// a few visible waves rather than at a thousand different instants.
const SPREAD_STEP_MILLIS: u64 = 100;

/// Deterministic extra start-up time for one pod, from the pod's UID and the seed,
/// in whole steps of 100 ms.
fn spread(c: &Cluster, uid: &str) -> u64 {
    let steps = c.config.start_spread_millis / SPREAD_STEP_MILLIS;
    if steps == 0 {
        return 0;
    }
    let mut hash = crate::engine::rng::SplitMix64::new(
        c.config.seed ^ crate::engine::controllers::fnv1a(uid.as_bytes()),
    );
    hash.below(steps + 1) * SPREAD_STEP_MILLIS
}

/// Carry out one step; returns whether anything changed.
fn apply_step(c: &mut Cluster, key: &ObjectKey, uid: &str, step: Step) -> bool {
    let now = c.now;
    let stamp = c.timestamp(now);
    // Made only for the events a step records.
    let pod_ref = || InvolvedObject::of(key);
    match step {
        Step::Remove => {
            if let Some(ip) = c.runtime.remove(uid).and_then(|r| r.ip) {
                c.pod_addresses.release(&ip);
            }
            c.store.remove(key);
        }
        Step::Terminate { at } => {
            runtime_of(&mut c.runtime, uid).gone_at = Some(at);
            let containers = container_names(c, key);
            for name in containers {
                c.record(
                    EventType::Normal,
                    "Killing",
                    pod_ref(),
                    "kubelet",
                    format!("Stopping container {name}"),
                );
            }
        }
        Step::Fail => {
            c.store.write::<Pod>(key, |pod| {
                let status = pod.status.get_or_insert_with(PodStatus::default);
                status.phase = Some("Failed".to_owned());
                set_condition(status, "Ready", false, &stamp);
                set_condition(status, "ContainersReady", false, &stamp);
                for container in status.container_statuses.iter_mut().flatten() {
                    container.ready = false;
                    container.started = Some(false);
                    container.state = Some(ContainerState {
                        terminated: Some(ContainerStateTerminated {
                            exit_code: 1,
                            reason: Some("Error".to_owned()),
                            finished_at: Some(stamp.clone()),
                            ..Default::default()
                        }),
                        ..Default::default()
                    });
                }
                true
            });
            if let Some(runtime) = c.runtime.get_mut(uid) {
                runtime.ready_since = None;
            }
        }
        Step::Exit(code) => {
            // The containers ran to the end: exit code 0 is `Succeeded` (kubectl's
            // STATUS `Completed`), anything else `Failed` (`Error`).
            let (phase, reason) = if code == 0 {
                ("Succeeded", "Completed")
            } else {
                ("Failed", "Error")
            };
            c.store.write::<Pod>(key, |pod| {
                let status = pod.status.get_or_insert_with(PodStatus::default);
                status.phase = Some(phase.to_owned());
                set_condition(status, "Ready", false, &stamp);
                set_condition(status, "ContainersReady", false, &stamp);
                for condition in status.conditions.iter_mut().flatten() {
                    if matches!(condition.type_.as_str(), "Ready" | "ContainersReady") {
                        condition.reason = Some("PodCompleted".to_owned());
                    }
                }
                for container in status.container_statuses.iter_mut().flatten() {
                    let started_at = container
                        .state
                        .as_ref()
                        .and_then(|s| s.running.as_ref())
                        .and_then(|r| r.started_at.clone());
                    container.ready = false;
                    container.started = Some(false);
                    container.state = Some(ContainerState {
                        terminated: Some(ContainerStateTerminated {
                            exit_code: code,
                            reason: Some(reason.to_owned()),
                            started_at,
                            finished_at: Some(stamp.clone()),
                            ..Default::default()
                        }),
                        ..Default::default()
                    });
                }
                true
            });
            if let Some(runtime) = c.runtime.get_mut(uid) {
                runtime.ready_since = None;
            }
        }
        Step::WaitForAttach { volume, users } => {
            c.work.attach_waiting.insert(key.clone());
            let changed = c.store.write::<Pod>(key, |pod| {
                let creating = pod
                    .status
                    .as_ref()
                    .is_some_and(|s| s.container_statuses.is_some());
                if !creating {
                    set_creating(pod, &stamp);
                }
                !creating
            });
            // attach_detach_controller's reconciler, `reportMultiAttachError`.
            c.record_once(
                EventType::Warning,
                "FailedAttachVolume",
                pod_ref(),
                "attachdetach-controller",
                format!(
                    "Multi-Attach error for volume {volume:?} Volume is already used by pod(s) {}",
                    users.join(", ")
                ),
            );
            return changed;
        }
        Step::StartContainers { running_at } => {
            c.work.attach_waiting.remove(key);
            runtime_of(&mut c.runtime, uid).running_at = Some(running_at);
            let mut images = Vec::new();
            c.store.write::<Pod>(key, |pod| {
                images.extend(
                    pod.spec
                        .iter()
                        .flat_map(|s| s.containers.iter())
                        .map(|container| {
                            (
                                container.name.clone(),
                                container.image.clone().unwrap_or_default(),
                            )
                        }),
                );
                set_creating(pod, &stamp);
                true
            });
            for (_, image) in &images {
                c.record(
                    EventType::Normal,
                    "Pulled",
                    pod_ref(),
                    "kubelet",
                    pulled_message(image),
                );
            }
            for (name, _) in &images {
                c.record(
                    EventType::Normal,
                    "Created",
                    pod_ref(),
                    "kubelet",
                    ["Created container: ", name].concat(),
                );
            }
        }
        Step::Run => {
            let node = c
                .store
                .get_typed::<Pod>(key)
                .and_then(|p| p.spec.as_ref())
                .and_then(|s| s.node_name.clone())
                .unwrap_or_default();
            let node = c.get::<Node>("", &node);
            let subnet = node
                .and_then(|n| n.spec.as_ref())
                .and_then(|s| s.pod_cidr.as_deref())
                .and_then(|cidr| cidr.split('.').nth(2))
                .and_then(|octet| octet.parse::<u8>().ok())
                .unwrap_or(1);
            // The pod's hostIP is its node's InternalIP.
            let host_ip = node
                .and_then(|n| n.status.as_ref())
                .and_then(|s| s.addresses.as_ref())
                .and_then(|a| a.iter().find(|a| a.type_ == "InternalIP"))
                .map(|a| a.address.clone())
                .unwrap_or_else(|| node_address(subnet));
            let Some(ip) = c.pod_addresses.allocate(subnet) else {
                // The CNI plugin cannot set up the sandbox: the pod stays ContainerCreating.
                let message = format!(
                    "Failed to create pod sandbox: plugin type=\"ptp\" failed (add): failed to allocate for range 0: no IP addresses available in range set: {}.{subnet}.1-{}.{subnet}.254",
                    crate::engine::ipam::POD_NETWORK_PREFIX,
                    crate::engine::ipam::POD_NETWORK_PREFIX
                );
                c.record_once(
                    EventType::Warning,
                    "FailedCreatePodSandBox",
                    pod_ref(),
                    "kubelet",
                    message,
                );
                return false;
            };
            let ip = Some(ip);
            let runtime = runtime_of(&mut c.runtime, uid);
            runtime.ip = ip.clone();
            runtime.ready_at = Some(now.plus_millis(c.config.readiness_millis));
            let mut names = Vec::new();
            c.store.write::<Pod>(key, |pod| {
                let status = pod.status.get_or_insert_with(PodStatus::default);
                status.phase = Some("Running".to_owned());
                status.pod_ip = ip.clone();
                status.pod_ips = ip.clone().map(|ip| vec![PodIP { ip }]);
                status.host_ip = Some(host_ip.clone());
                status.start_time = Some(stamp.clone());
                set_condition(status, "PodReadyToStartContainers", true, &stamp);
                for container in status.container_statuses.iter_mut().flatten() {
                    names.push(container.name.clone());
                    container.started = Some(true);
                    container.state = Some(ContainerState {
                        running: Some(ContainerStateRunning {
                            started_at: Some(stamp.clone()),
                        }),
                        ..Default::default()
                    });
                }
                true
            });
            for name in names {
                c.record(
                    EventType::Normal,
                    "Started",
                    pod_ref(),
                    "kubelet",
                    ["Started container ", &name].concat(),
                );
            }
        }
        Step::SetReady(ready) => {
            let runtime = runtime_of(&mut c.runtime, uid);
            runtime.ready_since = ready.then_some(now);
            c.store.write::<Pod>(key, |pod| {
                let status = pod.status.get_or_insert_with(PodStatus::default);
                set_condition(status, "Ready", ready, &stamp);
                set_condition(status, "ContainersReady", ready, &stamp);
                for container in status.container_statuses.iter_mut().flatten() {
                    container.ready = ready;
                }
                true
            });
            if !ready {
                c.record(
                    EventType::Warning,
                    "Unhealthy",
                    pod_ref(),
                    "kubelet",
                    "Readiness probe failed: HTTP probe failed with statuscode: 503".to_owned(),
                );
            }
        }
    }
    true
}

/// The `Pulled` event's message, which quotes the image as `{:?}` does. An image name
/// of printable ASCII without quotes or backslashes (every real one) needs no
/// escaping, and joining the pieces costs far less than formatting.
fn pulled_message(image: &str) -> String {
    let plain = image
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\');
    if plain {
        ["Container image \"", image, "\" already present on machine"].concat()
    } else {
        format!("Container image {image:?} already present on machine")
    }
}

/// A pod whose containers are being created: each waits as `ContainerCreating`.
fn set_creating(pod: &mut Pod, stamp: &k8s_openapi::apimachinery::pkg::apis::meta::v1::Time) {
    let containers: Vec<ContainerStatus> = pod
        .spec
        .iter()
        .flat_map(|s| s.containers.iter())
        .map(|container| ContainerStatus {
            name: container.name.clone(),
            image: container.image.clone().unwrap_or_default(),
            ready: false,
            started: Some(false),
            state: Some(ContainerState {
                waiting: Some(ContainerStateWaiting {
                    reason: Some("ContainerCreating".to_owned()),
                    message: None,
                }),
                ..Default::default()
            }),
            ..Default::default()
        })
        .collect();
    let status = pod.status.get_or_insert_with(PodStatus::default);
    status.phase = Some("Pending".to_owned());
    status.container_statuses = Some(containers);
    set_condition(status, "PodReadyToStartContainers", false, stamp);
    set_condition(status, "Initialized", true, stamp);
    set_condition(status, "Ready", false, stamp);
    set_condition(status, "ContainersReady", false, stamp);
}

/// A ReadWriteOnce volume a pod needs that is attached to another node.
pub struct AttachedElsewhere {
    pub claim: String,
    pub volume: String,
    /// The pods on the other node that use it, by name.
    pub users: Vec<String>,
}

/// A volume of pod `name` that cannot be attached to `node` because it is
/// ReadWriteOnce and attached to another node, with the pods there that use it
/// (`isMultiAttachAllowed`, `reportMultiAttachError`). A volume is attached to a node
/// once a pod there has started with it, until that pod is gone.
pub(crate) fn attached_elsewhere(
    c: &Cluster,
    namespace: &str,
    name: &str,
    pod: &Pod,
    node: &str,
) -> Option<AttachedElsewhere> {
    for claim in claim_names(pod) {
        let Some(pvc) = c.get::<PersistentVolumeClaim>(namespace, claim) else {
            continue;
        };
        let Some(volume) = pvc.spec.as_ref().and_then(|s| s.volume_name.clone()) else {
            continue;
        };
        let modes = c
            .get::<k8s_openapi::api::core::v1::PersistentVolume>("", &volume)
            .and_then(|pv| pv.spec.as_ref())
            .and_then(|s| s.access_modes.clone())
            .or_else(|| pvc.spec.as_ref().and_then(|s| s.access_modes.clone()))
            .unwrap_or_default();
        // Many nodes may attach a ReadWriteMany or ReadOnlyMany volume.
        if modes
            .iter()
            .any(|m| m == "ReadWriteMany" || m == "ReadOnlyMany")
        {
            continue;
        }
        let users: Vec<String> = c
            .store
            .claim_users(namespace, claim)
            .filter(|other| other.name != name)
            .filter_map(|other| c.store.get_typed::<Pod>(other))
            .filter(|other| {
                let elsewhere = other
                    .spec
                    .as_ref()
                    .and_then(|s| s.node_name.as_deref())
                    .is_some_and(|n| n != node);
                let attached = !matches!(phase(other), "Failed" | "Succeeded")
                    && other
                        .metadata
                        .uid
                        .as_ref()
                        .and_then(|uid| c.runtime.get(uid))
                        .is_some_and(|r| r.running_at.is_some());
                elsewhere && attached
            })
            .filter_map(|other| other.metadata.name.clone())
            .collect();
        if !users.is_empty() {
            return Some(AttachedElsewhere {
                claim: claim.to_owned(),
                volume,
                users,
            });
        }
    }
    None
}

/// The InternalIP of the node with pod subnet `subnet` (kind's nodes sit on 172.18.0.0/16).
pub fn node_address(subnet: u8) -> String {
    format!("172.18.0.{}", u16::from(subnet) + 1)
}

fn container_names(c: &Cluster, key: &ObjectKey) -> Vec<String> {
    let Some(pod) = c.store.get_typed::<Pod>(key) else {
        return Vec::new();
    };
    let running = pod.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running");
    if !running {
        return Vec::new();
    }
    pod.spec
        .iter()
        .flat_map(|s| s.containers.iter().map(|c| c.name.clone()))
        .collect()
}

/// Set a pod condition, moving its `lastTransitionTime` only when its status changes.
fn set_condition(
    status: &mut PodStatus,
    type_: &str,
    value: bool,
    now: &k8s_openapi::apimachinery::pkg::apis::meta::v1::Time,
) {
    let value = if value { "True" } else { "False" };
    let conditions = status.conditions.get_or_insert_with(Vec::new);
    match conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(condition) if condition.status == value => {}
        Some(condition) => {
            condition.status = value.to_owned();
            condition.last_transition_time = Some(now.clone());
        }
        None => conditions.push(PodCondition {
            type_: type_.to_owned(),
            status: value.to_owned(),
            last_transition_time: Some(now.clone()),
            ..Default::default()
        }),
    }
}

/// Whether every claim the pod mounts exists and is Bound.
fn claims_bound(c: &Cluster, namespace: &str, pod: &Pod) -> bool {
    claim_names(pod).all(|claim| {
        c.get::<PersistentVolumeClaim>(namespace, claim)
            .and_then(|pvc| pvc.status.as_ref())
            .and_then(|s| s.phase.as_deref())
            == Some("Bound")
    })
}

/// The names of the claims a pod mounts.
pub fn claim_names(pod: &Pod) -> impl Iterator<Item = &str> {
    pod.spec
        .iter()
        .flat_map(|s| s.volumes.iter().flatten())
        .filter_map(|v| v.persistent_volume_claim.as_ref())
        .map(|source| source.claim_name.as_str())
}

/// The pod's phase, `Pending` when it has none yet.
pub fn phase(pod: &Pod) -> &str {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

/// Whether the pod's `Ready` condition is `True`.
pub fn is_ready(pod: &Pod) -> bool {
    pod.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
        .is_some_and(|c| c.status == "True")
}

/// Begin a pod's graceful deletion: `deletionTimestamp` is set and its kubelet
/// stops it. A pod never scheduled to a node goes at once.
pub fn start_termination(c: &mut Cluster, key: &ObjectKey) {
    let stamp = c.timestamp(c.now);
    let Some(pod) = c.store.get_typed::<Pod>(key) else {
        return;
    };
    if pod.metadata.deletion_timestamp.is_some() {
        return;
    }
    if pod
        .spec
        .as_ref()
        .and_then(|s| s.node_name.as_ref())
        .is_none()
    {
        c.store.remove(key);
        return;
    }
    let grace = pod
        .spec
        .as_ref()
        .and_then(|s| s.termination_grace_period_seconds)
        .unwrap_or(30);
    c.store.write::<Pod>(key, |pod| {
        pod.metadata.deletion_timestamp = Some(stamp);
        pod.metadata.deletion_grace_period_seconds = Some(grace);
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pulled_message_quotes_the_image_as_debug_formatting_does() {
        for image in [
            "nginx",
            "registry.k8s.io/pause:3.10",
            "nginx@sha256:0123abcd",
            "",
            "it's",
            "with \"quotes\"",
            "back\\slash",
            "tab\there",
            "ünïcode",
        ] {
            assert_eq!(
                pulled_message(image),
                format!("Container image {image:?} already present on machine")
            );
        }
    }
}
