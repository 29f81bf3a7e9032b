//! StatefulSets as the page draws them: one card per set, its pods in ordinal order
//! with kubectl's STATUS, and each pod's claims beside it. Desired ordinals that have
//! no pod yet appear as empty slots that say why, and claims kept after a scale-down
//! are listed as kept, so ordered start-up and the retention rules are visible.

use std::collections::BTreeMap;
use std::rc::Rc;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::api::storage::v1::StorageClass;

use crate::engine::controllers::kubelet::claim_names;
use crate::engine::controllers::statefulset::{
    claim_name, desired_ordinals, is_ordered, parse_ordinal, pod_dns_name, pod_name, replicas,
    REVISION_LABEL,
};
use crate::engine::{explain, Cluster, ObjectKey};
use crate::i18n::Message;
use crate::kubectl::pod_ready_and_status;

/// Where a pod is in its life, coarser than kubectl's STATUS: what the card's colour
/// and icon follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodStage {
    /// A desired ordinal whose pod the controller has not created yet.
    NotCreated,
    /// Created, waiting for a node (or for its claims).
    Pending,
    /// Scheduled; sandbox and containers being started.
    ContainerCreating,
    /// Running, but the readiness probe does not pass (yet).
    Running,
    /// Running and Ready: it receives traffic and is in DNS.
    Ready,
    /// Deleted, stopping its containers.
    Terminating,
    /// Failed; the StatefulSet controller will replace it.
    Failed,
}

impl PodStage {
    /// A stable lower-case word for CSS classes and test selectors.
    pub fn as_str(self) -> &'static str {
        match self {
            PodStage::NotCreated => "not-created",
            PodStage::Pending => "pending",
            PodStage::ContainerCreating => "creating",
            PodStage::Running => "running",
            PodStage::Ready => "ready",
            PodStage::Terminating => "terminating",
            PodStage::Failed => "failed",
        }
    }
}

/// One PersistentVolumeClaim as its card shows it (kubectl `get pvc` columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimView {
    pub name: String,
    /// `Pending`, `Bound`, `Lost`, or `Terminating` while it is being deleted.
    pub status: String,
    /// The bound PersistentVolume; empty until bound, as kubectl prints it.
    pub volume: String,
    /// Capacity of the bound volume; empty until bound.
    pub capacity: String,
    /// Access modes as kubectl abbreviates them (`RWO`); empty until bound.
    pub access_modes: String,
    pub storage_class: String,
    /// Phase of the bound volume (`Bound`, `Released`...), when there is one.
    pub volume_status: Option<String>,
    /// Reclaim policy of the bound volume (`Delete`, `Retain`).
    pub reclaim_policy: Option<String>,
    /// Why it is Pending, in plain words (rendered in the visitor's language).
    pub reason: Option<Message>,
    /// When it was created, in simulated milliseconds (its AGE is `view.age(created)`).
    pub created_millis: u64,
}

/// One pod slot of a StatefulSet, in ordinal order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodView {
    pub name: String,
    pub ordinal: i32,
    pub stage: PodStage,
    /// The STATUS column of `kubectl get pods` (empty for a slot with no pod).
    pub status: String,
    /// The READY column: ready containers / containers.
    pub ready: String,
    pub node: Option<String>,
    pub ip: Option<String>,
    /// The `controller-revision-hash` the pod was made from.
    pub revision: Option<String>,
    /// Whether that revision is the set's update revision (the newest template).
    pub updated: bool,
    pub restarts: i32,
    /// When the pod was created, in simulated milliseconds; `None` for a slot with no
    /// pod. Its AGE is computed when drawn, so a view stays the same while only time passes.
    pub created_millis: Option<u64>,
    /// The pod's stable DNS name through the governing Service.
    pub dns_name: Option<String>,
    pub uid: Option<String>,
    /// Why this slot is not Running and Ready, in plain words.
    pub reason: Option<Message>,
    /// Its claims, one per `volumeClaimTemplates` entry, in template order.
    pub claims: Vec<ClaimView>,
    /// False for pods the controller is removing in a scale-down (ordinal out of range).
    pub desired: bool,
    /// What the card was computed from (see `pod_inputs`); empty for a slot with no
    /// pod and for pods outside a StatefulSet.
    pub(crate) inputs: String,
}

/// One StatefulSet card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatefulSetView {
    pub name: String,
    pub namespace: String,
    /// `readyReplicas/replicas`, as `kubectl get sts` prints READY.
    pub ready: String,
    pub replicas: i32,
    pub service_name: String,
    /// `OrderedReady` or `Parallel`.
    pub pod_management_policy: String,
    pub current_revision: Option<String>,
    pub update_revision: Option<String>,
    /// The name of each container of the template, in order.
    pub containers: Vec<String>,
    /// The image of each container of the template, in order.
    pub images: Vec<String>,
    /// Why the set is not where its spec says, in plain words.
    pub reason: Option<Message>,
    /// Pods and empty slots, lowest ordinal first. Each is shared, so a card whose
    /// inputs did not change is the previous view's, not a copy of it.
    pub pods: Vec<Rc<PodView>>,
    /// Claims whose pod is gone after a scale-down: kept (the default `whenScaled:
    /// Retain`) for a pod of that ordinal to mount again.
    pub kept_claims: Vec<KeptClaim>,
}

/// A claim kept after its pod was scaled away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptClaim {
    pub claim: ClaimView,
    /// The pod that will mount it again when the set grows back.
    pub waiting_for: String,
}

/// Every StatefulSet of the cluster, by namespace and name.
pub fn statefulsets(c: &Cluster) -> Vec<StatefulSetView> {
    statefulsets_reusing(c, &[])
}

/// Every StatefulSet of the cluster, taking each pod's card from `previous` when
/// nothing it is computed from changed (the resourceVersions of the pod, its claims
/// and their volumes, and what the set lends it): a tick that changes a few pods of a
/// thousand recomputes a few cards.
pub fn statefulsets_reusing(c: &Cluster, previous: &[Rc<StatefulSetView>]) -> Vec<StatefulSetView> {
    let classes = storage_classes_version(c);
    c.store()
        .list::<StatefulSet>(None)
        .map(|(key, set)| {
            let before = previous
                .iter()
                .find(|p| p.namespace == key.namespace && p.name == key.name);
            statefulset(c, key, set, before.map(|p| &p.pods[..]), &classes)
        })
        .collect()
}

/// The resourceVersions of every StorageClass: a Pending claim's reason reads them.
fn storage_classes_version(c: &Cluster) -> String {
    c.store()
        .list::<StorageClass>(None)
        .map(|(key, class)| {
            format!(
                "{}={} ",
                key.name,
                class.metadata.resource_version.as_deref().unwrap_or("")
            )
        })
        .collect()
}

/// Write what the card of `pod` is computed from into `out` (cleared first): equal
/// texts give equal cards (objects change their resourceVersion with every write).
/// One buffer serves every pod of a set, so a thousand unchanged cards do not each
/// build a string to compare.
#[allow(clippy::too_many_arguments)]
fn pod_inputs(
    c: &Cluster,
    pod_key: &ObjectKey,
    pod: &Pod,
    templates: &[String],
    update_revision: Option<&str>,
    service_name: &str,
    classes: &str,
    desired: bool,
    out: &mut String,
) {
    use std::fmt::Write;
    fn version(meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> &str {
        meta.resource_version.as_deref().unwrap_or("")
    }
    out.clear();
    out.push_str(version(&pod.metadata));
    for template in templates {
        out.push('|');
        let name = claim_name(template, &pod_key.name);
        if let Some(pvc) = c.get::<PersistentVolumeClaim>(&pod_key.namespace, &name) {
            out.push_str(version(&pvc.metadata));
            let volume = pvc.spec.as_ref().and_then(|s| s.volume_name.as_deref());
            if let Some(pv) = volume.and_then(|v| c.get::<PersistentVolume>("", v)) {
                out.push('/');
                out.push_str(version(&pv.metadata));
            }
        }
    }
    let node = pod.spec.as_ref().and_then(|s| s.node_name.as_deref());
    let failed = node.is_some_and(|n| c.is_node_failed(n));
    let _ = write!(
        out,
        "|{failed}|{}|{service_name}|{desired}|{classes}",
        update_revision.unwrap_or("")
    );
}

#[allow(clippy::too_many_arguments)]
fn pod_card(
    c: &Cluster,
    pod_key: &ObjectKey,
    pod: &Pod,
    ordinal: i32,
    templates: &[String],
    update_revision: Option<&str>,
    service_name: &str,
    desired: bool,
    classes: &str,
    previous: Option<&[Rc<PodView>]>,
    inputs: &mut String,
) -> Rc<PodView> {
    let namespace = pod_key.namespace.as_str();
    pod_inputs(
        c,
        pod_key,
        pod,
        templates,
        update_revision,
        service_name,
        classes,
        desired,
        inputs,
    );
    let before = previous
        .and_then(|pods| {
            let at = pods.binary_search_by_key(&ordinal, |p| p.ordinal).ok()?;
            pods.get(at)
        })
        .filter(|p| p.name == pod_key.name && p.inputs == *inputs);
    if let Some(before) = before {
        return before.clone();
    }
    let claims = templates
        .iter()
        .filter_map(|t| claim(c, namespace, &claim_name(t, &pod_key.name)))
        .collect();
    let mut view = pod_view(c, pod_key, pod, ordinal, update_revision, claims);
    view.dns_name =
        (!service_name.is_empty()).then(|| pod_dns_name(&pod_key.name, service_name, namespace));
    view.desired = desired;
    view.inputs = inputs.clone();
    Rc::new(view)
}

fn statefulset(
    c: &Cluster,
    key: &ObjectKey,
    set: &StatefulSet,
    previous: Option<&[Rc<PodView>]>,
    classes: &str,
) -> StatefulSetView {
    let namespace = key.namespace.as_str();
    let name = key.name.as_str();
    let spec = set.spec.as_ref();
    let status = set.status.as_ref();
    let update_revision = status.and_then(|s| s.update_revision.clone());
    let uid = set.metadata.uid.as_deref().unwrap_or("");
    let service_name = spec
        .and_then(|s| s.service_name.clone())
        .unwrap_or_default();
    let templates: Vec<String> = spec
        .and_then(|s| s.volume_claim_templates.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|t| t.metadata.name.clone())
        .collect();

    let owned: BTreeMap<i32, (&ObjectKey, &Pod)> = c
        .store()
        .list::<Pod>(Some(namespace))
        .filter(|(_, pod)| is_controlled_by(pod, uid))
        .filter_map(|(k, pod)| Some((parse_ordinal(name, &k.name)?, (k, pod))))
        .collect();
    let range = desired_ordinals(set);
    let reason = explain::statefulset_reason(c, namespace, name).map(|r| r.message());

    let mut pods = Vec::new();
    let mut inputs = String::new();
    let mut first_missing = true;
    for ordinal in range.clone() {
        match owned.get(&ordinal) {
            Some((pod_key, pod)) => {
                pods.push(pod_card(
                    c,
                    pod_key,
                    pod,
                    ordinal,
                    &templates,
                    update_revision.as_deref(),
                    &service_name,
                    true,
                    classes,
                    previous,
                    &mut inputs,
                ));
            }
            None => {
                let this = pod_name(name, ordinal);
                let claims = templates
                    .iter()
                    .filter_map(|t| claim(c, namespace, &claim_name(t, &this)))
                    .collect();
                let dns_name = (!service_name.is_empty())
                    .then(|| pod_dns_name(&this, &service_name, namespace));
                // Under OrderedReady only the first missing ordinal is the one the
                // controller works on; the set's reason names what it waits for.
                let why = if is_ordered(set) && !first_missing {
                    Some(
                        Message::new("reason.statefulset.created_after")
                            .with("pod", pod_name(name, ordinal - 1)),
                    )
                } else {
                    reason.clone()
                };
                first_missing = false;
                pods.push(Rc::new(PodView {
                    name: this,
                    ordinal,
                    stage: PodStage::NotCreated,
                    status: String::new(),
                    ready: String::new(),
                    node: None,
                    ip: None,
                    revision: None,
                    updated: false,
                    restarts: 0,
                    created_millis: None,
                    dns_name,
                    uid: None,
                    reason: why,
                    claims,
                    desired: true,
                    inputs: String::new(),
                }));
            }
        }
    }
    // Pods beyond the range are on their way out (scale-down, or a lowered
    // `ordinals.start`); they stay in ordinal order among the rest.
    for (ordinal, (pod_key, pod)) in owned.iter().filter(|(o, _)| !range.contains(o)) {
        pods.push(pod_card(
            c,
            pod_key,
            pod,
            *ordinal,
            &templates,
            update_revision.as_deref(),
            &service_name,
            false,
            classes,
            previous,
            &mut inputs,
        ));
    }
    pods.sort_by_key(|p| p.ordinal);

    let kept_claims = kept_claims(c, namespace, name, &templates, &range, &owned);
    let template = spec
        .and_then(|s| s.template.spec.as_ref())
        .map(|p| p.containers.as_slice())
        .unwrap_or_default();
    let containers = template.iter().map(|c| c.name.clone()).collect();
    let images = template
        .iter()
        .map(|c| c.image.clone().unwrap_or_default())
        .collect();

    StatefulSetView {
        name: name.to_owned(),
        namespace: namespace.to_owned(),
        ready: format!(
            "{}/{}",
            status.and_then(|s| s.ready_replicas).unwrap_or(0),
            replicas(set)
        ),
        replicas: replicas(set),
        service_name,
        pod_management_policy: if is_ordered(set) {
            "OrderedReady"
        } else {
            "Parallel"
        }
        .to_owned(),
        current_revision: status.and_then(|s| s.current_revision.clone()),
        update_revision,
        containers,
        images,
        reason,
        pods,
        kept_claims,
    }
}

fn is_controlled_by(pod: &Pod, uid: &str) -> bool {
    pod.metadata
        .owner_references
        .iter()
        .flatten()
        .any(|r| r.uid == uid && r.controller == Some(true))
}

/// Claims named `<template>-<set>-<ordinal>` whose ordinal is outside the desired
/// range and whose pod is gone.
fn kept_claims(
    c: &Cluster,
    namespace: &str,
    name: &str,
    templates: &[String],
    range: &std::ops::Range<i32>,
    owned: &BTreeMap<i32, (&ObjectKey, &Pod)>,
) -> Vec<KeptClaim> {
    let mut kept: Vec<(i32, KeptClaim)> = Vec::new();
    let prefixes: Vec<String> = templates.iter().map(|t| format!("{t}-")).collect();
    for (key, _) in c.store().list::<PersistentVolumeClaim>(Some(namespace)) {
        for prefix in &prefixes {
            let Some(pod) = key.name.strip_prefix(prefix.as_str()) else {
                continue;
            };
            let Some(ordinal) = parse_ordinal(name, pod) else {
                continue;
            };
            if range.contains(&ordinal) || owned.contains_key(&ordinal) {
                continue;
            }
            if let Some(view) = claim(c, namespace, &key.name) {
                kept.push((
                    ordinal,
                    KeptClaim {
                        claim: view,
                        waiting_for: pod.to_owned(),
                    },
                ));
            }
        }
    }
    kept.sort_by(|a, b| (a.0, &a.1.claim.name).cmp(&(b.0, &b.1.claim.name)));
    kept.into_iter().map(|(_, k)| k).collect()
}

/// A pod's card: kubectl's columns plus the reason it waits.
pub fn pod_view(
    c: &Cluster,
    key: &ObjectKey,
    pod: &Pod,
    ordinal: i32,
    update_revision: Option<&str>,
    claims: Vec<ClaimView>,
) -> PodView {
    let (ready, status) = pod_ready_and_status(pod);
    let revision = pod
        .metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(REVISION_LABEL))
        .cloned();
    let stage = pod_stage(pod, &status);
    let created = c.store().get(key).map(|s| s.created).unwrap_or_default();
    PodView {
        name: key.name.to_string(),
        ordinal,
        stage,
        ready,
        node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
        ip: pod.status.as_ref().and_then(|s| s.pod_ip.clone()),
        updated: revision.is_some() && revision.as_deref() == update_revision,
        revision,
        restarts: pod
            .status
            .as_ref()
            .and_then(|s| s.container_statuses.as_ref())
            .map(|cs| cs.iter().map(|c| c.restart_count).sum())
            .unwrap_or(0),
        created_millis: Some(created.as_millis()),
        dns_name: None,
        uid: pod.metadata.uid.clone(),
        reason: explain::pod_reason(c, &key.namespace, &key.name, pod).map(|r| r.message()),
        claims,
        desired: true,
        inputs: String::new(),
        status,
    }
}

fn pod_stage(pod: &Pod, status: &str) -> PodStage {
    if status == "Terminating" {
        return PodStage::Terminating;
    }
    let phase = pod
        .status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending");
    match phase {
        "Failed" => PodStage::Failed,
        "Running" if crate::engine::controllers::kubelet::is_ready(pod) => PodStage::Ready,
        "Running" => PodStage::Running,
        // Follows the STATUS column: a scheduled pod still waiting for its volumes
        // shows `Pending` until its kubelet starts creating containers.
        _ if status == "ContainerCreating" => PodStage::ContainerCreating,
        _ => PodStage::Pending,
    }
}

/// The claim `name`, as its card shows it, if it exists.
pub fn claim(c: &Cluster, namespace: &str, name: &str) -> Option<ClaimView> {
    let key = ObjectKey::new::<PersistentVolumeClaim>(namespace, name);
    let stored = c.store().get(&key)?;
    let crate::engine::Object::PersistentVolumeClaim(pvc) = &stored.object else {
        return None;
    };
    let status = pvc.status.as_ref();
    let phase = status
        .and_then(|s| s.phase.clone())
        .unwrap_or_else(|| "Pending".to_owned());
    let bound = phase == "Bound";
    let volume_name = pvc
        .spec
        .as_ref()
        .and_then(|s| s.volume_name.clone())
        .unwrap_or_default();
    let volume = (!volume_name.is_empty())
        .then(|| c.get::<k8s_openapi::api::core::v1::PersistentVolume>("", &volume_name))
        .flatten();
    Some(ClaimView {
        name: name.to_owned(),
        status: if pvc.metadata.deletion_timestamp.is_some() {
            "Terminating".to_owned()
        } else {
            phase.clone()
        },
        volume: if bound { volume_name } else { String::new() },
        capacity: if bound {
            status
                .and_then(|s| s.capacity.as_ref())
                .and_then(|c| c.get("storage"))
                .map(|q| q.0.clone())
                .unwrap_or_default()
        } else {
            String::new()
        },
        access_modes: if bound {
            super::access_modes(status.and_then(|s| s.access_modes.as_deref()))
        } else {
            String::new()
        },
        storage_class: pvc
            .spec
            .as_ref()
            .and_then(|s| s.storage_class_name.clone())
            .unwrap_or_default(),
        volume_status: volume
            .and_then(|v| v.status.as_ref())
            .and_then(|s| s.phase.clone()),
        reclaim_policy: volume
            .and_then(|v| v.spec.as_ref())
            .and_then(|s| s.persistent_volume_reclaim_policy.clone()),
        // A Bound claim waits for nothing.
        reason: if bound {
            None
        } else {
            explain::claim_reason(c, namespace, name).map(|r| r.message())
        },
        created_millis: stored.created.as_millis(),
    })
}

/// The claims a pod mounts, in the order of its volumes.
pub fn pod_claims(c: &Cluster, namespace: &str, pod: &Pod) -> Vec<ClaimView> {
    claim_names(pod)
        .filter_map(|name| claim(c, namespace, name))
        .collect()
}
