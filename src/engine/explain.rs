//! Reasons, in plain words, for every state that waits: why a StatefulSet is not
//! making progress, why a claim is Pending, why a Service has no endpoints. The UI,
//! `kubectl describe` and lessons all read them from here, so they never disagree.
//! (Why a per-pod DNS name does not resolve lives with DNS: `dns::why_unresolved`.)
//!
//! Each reason is computed as data (`SetReason`, `PodReason`, ...) whose `message()`
//! the i18n catalogue renders in the visitor's language; the `String` functions give
//! the English sentence, as `kubectl describe` and the tests read it.

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
use crate::i18n::Message;

/// Why a StatefulSet is not (yet) where its spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetReason {
    /// OrderedReady: the next pod is being made.
    Creating { pod: String },
    /// OrderedReady: the next ordinal waits for this pod.
    NextWaits {
        next: String,
        pod: String,
        reason: PodReason,
    },
    /// A pod in range is not Running and Ready.
    NotReady { pod: String, reason: PodReason },
    /// Scaling down: the highest condemned pod is going.
    ScalingDownTerminating { pod: String },
    /// Scaling down: the highest condemned pod is next.
    ScalingDownNext { pod: String },
    /// `updateStrategy: OnDelete`: these pods keep the old template.
    OnDelete { pods: Vec<String> },
    /// A rolling update stopped at its partition.
    PartitionPaused {
        partition: i32,
        below: i32,
        pods: Vec<String>,
    },
    /// A rolling update under way.
    RollingUpdate { pods: Vec<String> },
    /// A pod with the next pod's name exists that the set does not control.
    NameTaken { pod: String },
    /// The pod's claim is being deleted; the pod waits until it is gone.
    ClaimBeingDeleted { claim: String, pod: String },
    /// `whenScaled: Delete`: the claim still belongs to an earlier pod of that name.
    StaleClaim { claim: String, pod: String },
}

/// Why a pod is not Running and Ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodReason {
    Terminating,
    /// Failed; a StatefulSet deletes and remakes it under the same name.
    Failed,
    /// Failed; its ReplicaSet leaves it and starts another pod in its place.
    FailedReplaced,
    /// Failed, and no controller owns it: nothing replaces it.
    FailedAlone,
    NodeNotResponding {
        node: String,
    },
    ReadinessNotPassing,
    ContainersCreating,
    /// A ReadWriteOnce volume it needs is attached to another node (Multi-Attach).
    VolumeAttachedElsewhere {
        claim: String,
        pods: Vec<String>,
    },
    ClaimPending {
        claim: String,
        reason: ClaimReason,
    },
    /// The scheduler's own message (Kubernetes' words, never translated).
    Unschedulable {
        message: String,
    },
    WaitingForScheduler {
        pod: String,
    },
}

/// Why a claim is Pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimReason {
    NoClassNoVolume,
    ClassMissing {
        class: String,
    },
    WaitForFirstConsumer {
        class: String,
    },
    Provisioning {
        class: String,
    },
    /// The class's provisioner does not run in this cluster: no volume will come.
    NoProvisioner {
        class: String,
        provisioner: String,
        default_class: String,
    },
}

/// Why a Service has no ready endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceReason {
    NoSelector,
    NoMatchingPod { namespace: String, selector: String },
    NoneReady { count: u64, selector: String },
}

impl SetReason {
    /// The reason as a catalogue message.
    pub fn message(&self) -> Message {
        match self {
            SetReason::Creating { pod } => {
                Message::new("reason.statefulset.creating").with("pod", pod)
            }
            SetReason::NextWaits { next, pod, reason } => {
                Message::new("reason.statefulset.next_waits")
                    .with("next", next)
                    .with("pod", pod)
                    .with("reason", reason.message())
            }
            SetReason::NotReady { pod, reason } => Message::new("reason.statefulset.not_ready")
                .with("pod", pod)
                .with("reason", reason.message()),
            SetReason::ScalingDownTerminating { pod } => {
                Message::new("reason.statefulset.scaling_down_terminating").with("pod", pod)
            }
            SetReason::ScalingDownNext { pod } => {
                Message::new("reason.statefulset.scaling_down_next").with("pod", pod)
            }
            SetReason::OnDelete { pods } => {
                Message::new("reason.statefulset.on_delete").with("pods", pods.clone())
            }
            SetReason::PartitionPaused {
                partition,
                below,
                pods,
            } => Message::new("reason.statefulset.partition_paused")
                .with("partition", partition.to_string())
                .with("below", below.to_string())
                .with("pods", pods.clone()),
            SetReason::RollingUpdate { pods } => {
                Message::new("reason.statefulset.rolling_update").with("pods", pods.clone())
            }
            SetReason::NameTaken { pod } => {
                Message::new("reason.statefulset.name_taken").with("pod", pod)
            }
            SetReason::ClaimBeingDeleted { claim, pod } => {
                Message::new("reason.statefulset.claim_being_deleted")
                    .with("claim", claim)
                    .with("pod", pod)
            }
            SetReason::StaleClaim { claim, pod } => Message::new("reason.statefulset.stale_claim")
                .with("claim", claim)
                .with("pod", pod),
        }
    }
}

impl PodReason {
    /// The reason as a catalogue message.
    pub fn message(&self) -> Message {
        match self {
            PodReason::Terminating => Message::new("reason.pod.terminating"),
            PodReason::Failed => Message::new("reason.pod.failed"),
            PodReason::FailedReplaced => Message::new("reason.pod.failed_replaced"),
            PodReason::FailedAlone => Message::new("reason.pod.failed_alone"),
            PodReason::NodeNotResponding { node } => {
                Message::new("reason.pod.node_not_responding").with("node", node)
            }
            PodReason::ReadinessNotPassing => Message::new("reason.pod.readiness_not_passing"),
            PodReason::ContainersCreating => Message::new("reason.pod.containers_creating"),
            PodReason::VolumeAttachedElsewhere { claim, pods } => {
                Message::new("reason.pod.volume_attached_elsewhere")
                    .with("claim", claim)
                    .with("pods", pods.join(", "))
            }
            PodReason::ClaimPending { claim, reason } => Message::new("reason.pod.claim_pending")
                .with("claim", claim)
                .with("reason", reason.message()),
            PodReason::Unschedulable { message } => {
                Message::new("reason.pod.unschedulable").with("message", message)
            }
            PodReason::WaitingForScheduler { pod } => {
                Message::new("reason.pod.waiting_for_scheduler").with("pod", pod)
            }
        }
    }
}

impl ClaimReason {
    /// The reason as a catalogue message.
    pub fn message(&self) -> Message {
        match self {
            ClaimReason::NoClassNoVolume => Message::new("reason.claim.no_class_no_volume"),
            ClaimReason::ClassMissing { class } => {
                Message::new("reason.claim.class_missing").with("class", class)
            }
            ClaimReason::WaitForFirstConsumer { class } => {
                Message::new("reason.claim.wait_for_first_consumer").with("class", class)
            }
            ClaimReason::Provisioning { class } => {
                Message::new("reason.claim.provisioning").with("class", class)
            }
            ClaimReason::NoProvisioner {
                class,
                provisioner,
                default_class,
            } => Message::new("reason.claim.no_provisioner")
                .with("class", class)
                .with("provisioner", provisioner)
                .with("default_class", default_class),
        }
    }
}

impl ServiceReason {
    /// The reason as a catalogue message.
    pub fn message(&self) -> Message {
        match self {
            ServiceReason::NoSelector => Message::new("reason.service.no_selector"),
            ServiceReason::NoMatchingPod {
                namespace,
                selector,
            } => Message::new("reason.service.no_matching_pod")
                .with("namespace", namespace)
                .with("selector", selector),
            ServiceReason::NoneReady { count, selector } => {
                Message::new("reason.service.none_ready")
                    .with("count", *count)
                    .with("selector", selector)
            }
        }
    }
}

macro_rules! english {
    ($($reason:ty),*) => {$(
        impl std::fmt::Display for $reason {
            /// The reason in English.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.message().fmt(f)
            }
        }
    )*};
}

english!(SetReason, PodReason, ClaimReason, ServiceReason);

/// Why the StatefulSet `name` is not (yet) where its spec says, in English, or `None`
/// when it is.
pub fn statefulset(c: &Cluster, namespace: &str, name: &str) -> Option<String> {
    statefulset_reason(c, namespace, name).map(|r| r.to_string())
}

/// Why a pod is not Running and Ready, in English, or `None` when it is.
pub fn pod_waiting(c: &Cluster, namespace: &str, name: &str, pod: &Pod) -> Option<String> {
    pod_reason(c, namespace, name, pod).map(|r| r.to_string())
}

/// Why the claim `name` is Pending, in English, or `None` when it is not.
pub fn claim_pending(c: &Cluster, namespace: &str, name: &str) -> Option<String> {
    claim_reason(c, namespace, name).map(|r| r.to_string())
}

/// Why the Service `name` has no ready endpoints, in English, or `None`.
pub fn service_without_endpoints(c: &Cluster, namespace: &str, name: &str) -> Option<String> {
    service_reason(c, namespace, name).map(|r| r.to_string())
}

/// Why the StatefulSet `name` is not (yet) where its spec says, or `None` when it is.
pub fn statefulset_reason(c: &Cluster, namespace: &str, name: &str) -> Option<SetReason> {
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
        let Some(pod) = pods.get(&ordinal) else {
            let this = pod_name(name, ordinal);
            if let Some(reason) = creation_blocked(c, set, namespace, &this) {
                return Some(reason);
            }
            if ordered {
                return Some(SetReason::Creating { pod: this });
            }
            continue;
        };
        // A pod's own name: at a thousand pods, formatting each name again cost more
        // than looking at the pods.
        let this = pod.metadata.name.as_deref().unwrap_or_default();
        if let Some(reason) = pod_reason(c, namespace, this, pod) {
            let (this, next) = (this.to_owned(), pod_name(name, ordinal + 1));
            return Some(
                if ordered && range.contains(&(ordinal + 1)) && !pods.contains_key(&(ordinal + 1)) {
                    SetReason::NextWaits {
                        next,
                        pod: this,
                        reason,
                    }
                } else {
                    SetReason::NotReady { pod: this, reason }
                },
            );
        }
    }
    if let Some((ordinal, pod)) = pods.iter().rev().find(|(o, _)| !range.contains(o)) {
        let this = pod_name(name, *ordinal);
        return Some(if pod.metadata.deletion_timestamp.is_some() {
            SetReason::ScalingDownTerminating { pod: this }
        } else {
            SetReason::ScalingDownNext { pod: this }
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
            return Some(SetReason::OnDelete { pods: old });
        }
        if partition > 0 {
            return Some(SetReason::PartitionPaused {
                partition,
                below: range.start + partition,
                pods: old,
            });
        }
        return Some(SetReason::RollingUpdate { pods: old });
    }
    None
}

/// Why the StatefulSet cannot create its pod `pod` now, if something stands in the way.
fn creation_blocked(
    c: &Cluster,
    set: &StatefulSet,
    namespace: &str,
    pod: &str,
) -> Option<SetReason> {
    if c.get::<Pod>(namespace, pod).is_some() {
        return Some(SetReason::NameTaken {
            pod: pod.to_owned(),
        });
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
            return Some(SetReason::ClaimBeingDeleted {
                claim,
                pod: pod.to_owned(),
            });
        }
        let stale = pvc
            .metadata
            .owner_references
            .iter()
            .flatten()
            .any(|r| r.kind == "Pod" && r.name == pod);
        if when_scaled_delete && stale {
            return Some(SetReason::StaleClaim {
                claim,
                pod: pod.to_owned(),
            });
        }
    }
    None
}

/// Why a pod is not Running and Ready, or `None` when it is.
pub fn pod_reason(c: &Cluster, namespace: &str, name: &str, pod: &Pod) -> Option<PodReason> {
    if pod.metadata.deletion_timestamp.is_some() {
        return Some(PodReason::Terminating);
    }
    let node = pod.spec.as_ref().and_then(|s| s.node_name.clone());
    match (phase(pod), node) {
        ("Failed", _) => {
            let controller = pod
                .metadata
                .owner_references
                .iter()
                .flatten()
                .find(|r| r.controller == Some(true))
                .map(|r| r.kind.as_str());
            Some(match controller {
                Some("StatefulSet") => PodReason::Failed,
                Some(_) => PodReason::FailedReplaced,
                None => PodReason::FailedAlone,
            })
        }
        (_, Some(node)) if c.is_node_failed(&node) => Some(PodReason::NodeNotResponding { node }),
        ("Running", _) if is_ready(pod) => None,
        ("Running", _) => Some(PodReason::ReadinessNotPassing),
        (_, Some(node)) => Some(
            match super::controllers::kubelet::attached_elsewhere(c, namespace, name, pod, &node) {
                Some(attached) => PodReason::VolumeAttachedElsewhere {
                    claim: attached.claim,
                    pods: attached.users,
                },
                None => PodReason::ContainersCreating,
            },
        ),
        (_, None) => {
            for claim in super::controllers::kubelet::claim_names(pod) {
                if let Some(reason) = claim_reason(c, namespace, claim) {
                    return Some(PodReason::ClaimPending {
                        claim: claim.to_owned(),
                        reason,
                    });
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
                Some(message) => PodReason::Unschedulable { message },
                None => PodReason::WaitingForScheduler {
                    pod: name.to_owned(),
                },
            })
        }
    }
}

/// Why the claim `name` is Pending, or `None` when it is not.
pub fn claim_reason(c: &Cluster, namespace: &str, name: &str) -> Option<ClaimReason> {
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
        return Some(ClaimReason::NoClassNoVolume);
    }
    let Some(storage_class) = c.get::<StorageClass>("", &class) else {
        return Some(ClaimReason::ClassMissing { class });
    };
    let selected = claim
        .metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key(SELECTED_NODE));
    if storage_class.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer") && !selected {
        return Some(ClaimReason::WaitForFirstConsumer { class });
    }
    if storage_class.provisioner != super::SIMULATED_PROVISIONER {
        return Some(ClaimReason::NoProvisioner {
            class,
            provisioner: storage_class.provisioner.clone(),
            default_class: super::DEFAULT_STORAGE_CLASS.to_owned(),
        });
    }
    Some(ClaimReason::Provisioning { class })
}

/// Why the Service `name` has no ready endpoints, or `None` when it has some (or
/// needs none, like ExternalName).
pub fn service_reason(c: &Cluster, namespace: &str, name: &str) -> Option<ServiceReason> {
    let service = c.get::<Service>(namespace, name)?;
    let spec = service.spec.as_ref()?;
    if spec.type_.as_deref() == Some("ExternalName") {
        return None;
    }
    let Some(selector) = spec.selector.as_ref().filter(|s| !s.is_empty()) else {
        return Some(ServiceReason::NoSelector);
    };
    let wanted = format_selector(selector);
    let matching: Vec<&Pod> = c
        .store()
        .list::<Pod>(Some(namespace))
        .map(|(_, p)| p)
        .filter(|p| map_selects(selector, p.metadata.labels.as_ref()))
        .collect();
    if matching.is_empty() {
        return Some(ServiceReason::NoMatchingPod {
            namespace: namespace.to_owned(),
            selector: wanted,
        });
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
    Some(ServiceReason::NoneReady {
        count: u64::try_from(matching.len()).unwrap_or(u64::MAX),
        selector: wanted,
    })
}
