//! The check language of lessons: each check is one fact about the cluster, written
//! as data (`pod_ready: giropops-1`) and evaluated against a `&Cluster` and what the
//! step remembered when it began (the UIDs of every object then). A step is done when
//! all of its checks hold. See docs/lessons.md for every check with an example.

use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Pod, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use serde::{Deserialize, Deserializer};

use crate::engine::dns::{self, RecordType};
use crate::engine::{Cluster, ObjectKey, SimTime, DEFAULT_NAMESPACE};
use crate::i18n::Message;

/// The kinds a check may name, as written in YAML.
pub const KINDS: &[&str] = &[
    "Pod",
    "StatefulSet",
    "Deployment",
    "ReplicaSet",
    "Service",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "ConfigMap",
    "Namespace",
    "Node",
    "StorageClass",
    "EndpointSlice",
    "ControllerRevision",
];

/// A kind from [`KINDS`]; any other word is refused where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind(pub &'static str);

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
        let word = String::deserialize(deserializer)?;
        KINDS
            .iter()
            .find(|k| **k == word)
            .map(|k| Kind(k))
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown kind {word:?}; a check can name {}",
                    KINDS.join(", ")
                ))
            })
    }
}

impl Kind {
    fn is_cluster_wide(self) -> bool {
        matches!(
            self.0,
            "PersistentVolume" | "Namespace" | "Node" | "StorageClass"
        )
    }
}

fn default_namespace() -> String {
    DEFAULT_NAMESPACE.to_owned()
}

/// An object named by kind and name (and namespace, `default` unless given).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Named {
    pub kind: Kind,
    pub name: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

impl Named {
    fn key(&self) -> ObjectKey {
        let namespace = if self.kind.is_cluster_wide() {
            ""
        } else {
            &self.namespace
        };
        ObjectKey::from_parts(self.kind.0, namespace, &self.name)
    }
}

/// A workload and a number of replicas.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replicas {
    pub kind: Kind,
    pub name: String,
    pub count: u32,
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

/// A pod and a claim it should mount.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mounts {
    pub pod: String,
    pub claim: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

/// A pod and the image its first container should run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub pod: String,
    pub image: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

/// A StatefulSet and the partition of its rolling update.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partition {
    pub name: String,
    pub value: i32,
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

/// A Service of a type (any name, unless one is given), with at least so many ready
/// endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceCheck {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub type_: ServiceType,
    #[serde(default)]
    pub ready_endpoints: u32,
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

/// Pods chosen by labels: how many are Ready, and how many are new since the step
/// began (for workloads whose pod names are random, like a Deployment's).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pods {
    pub selector: BTreeMap<String, String>,
    /// Exactly this many of them are Running and Ready.
    #[serde(default)]
    pub ready: Option<u32>,
    /// At least this many of them did not exist (under that UID) when the step began.
    #[serde(default)]
    pub new: Option<u32>,
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

/// The kinds of Service, plus `Headless` (a ClusterIP Service with `clusterIP: None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ServiceType {
    ClusterIP,
    Headless,
    NodePort,
    LoadBalancer,
    ExternalName,
}

impl fmt::Display for ServiceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::Headless => "ClusterIP (headless)",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::ExternalName => "ExternalName",
        })
    }
}

/// One fact a step waits for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// The object exists (and is not being deleted).
    Exists(Named),
    /// The object does not exist (a terminating object still counts as existing).
    Absent(Named),
    /// The pod (in `default`) is Running and Ready.
    PodReady(String),
    /// The pod (in `default`) existed when the step began and exists now with
    /// another UID: it was deleted and made again.
    PodReplaced(String),
    /// The object exists with the same UID it had when the step began: it was kept.
    Kept(Named),
    /// The pod mounts the claim.
    PodMounts(Mounts),
    /// The workload's status counts this many ready replicas.
    ReadyReplicas(Replicas),
    /// The workload's spec asks for this many replicas.
    SpecReplicas(Replicas),
    /// A Service of this type exists (with this name, if given).
    Service(ServiceCheck),
    /// The name resolves (A records) from a pod in `default`, search path included.
    Resolves(String),
    /// The pod's first container runs this image.
    Image(Image),
    /// The StatefulSet's rolling update has this partition.
    Partition(Partition),
    /// These pods (in `default`) exist and were created in this order.
    CreatedInOrder(Vec<String>),
    /// Pods with these labels: so many Ready, so many new since the step began.
    Pods(Pods),
    /// The inner check does not hold.
    Not(Box<Check>),
}

/// What a step remembers of the cluster from the moment it began.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepMemory {
    /// Every object's UID then.
    pub uids: BTreeMap<ObjectKey, String>,
    /// The simulated time then.
    pub began: SimTime,
}

impl StepMemory {
    /// Remember the cluster as it is now.
    pub fn snapshot(c: &Cluster) -> StepMemory {
        StepMemory {
            uids: c
                .store()
                .iter()
                .filter_map(|(key, stored)| {
                    Some((key.clone(), stored.object.metadata().uid.clone()?))
                })
                .collect(),
            began: c.now(),
        }
    }
}

fn pod_key(name: &str) -> ObjectKey {
    ObjectKey::new::<Pod>(DEFAULT_NAMESPACE, name)
}

fn uid(c: &Cluster, key: &ObjectKey) -> Option<String> {
    c.store().get(key)?.object.metadata().uid.clone()
}

fn pod_is_ready(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_none()
        && crate::engine::controllers::kubelet::phase(pod) == "Running"
        && crate::engine::controllers::kubelet::is_ready(pod)
}

impl Check {
    /// Whether the check holds for the cluster now, given what the step remembered.
    pub fn holds(&self, c: &Cluster, memory: &StepMemory) -> bool {
        match self {
            Check::Exists(named) => c
                .store()
                .get(&named.key())
                .is_some_and(|s| s.object.metadata().deletion_timestamp.is_none()),
            Check::Absent(named) => c.store().get(&named.key()).is_none(),
            Check::PodReady(name) => c
                .get::<Pod>(DEFAULT_NAMESPACE, name)
                .is_some_and(pod_is_ready),
            Check::PodReplaced(name) => {
                let key = pod_key(name);
                match (memory.uids.get(&key), uid(c, &key)) {
                    (Some(before), Some(now)) => *before != now,
                    _ => false,
                }
            }
            Check::Kept(named) => {
                let key = named.key();
                memory
                    .uids
                    .get(&key)
                    .is_some_and(|before| Some(before) == uid(c, &key).as_ref())
            }
            Check::PodMounts(m) => c.get::<Pod>(&m.namespace, &m.pod).is_some_and(|pod| {
                crate::engine::controllers::kubelet::claim_names(pod).any(|claim| claim == m.claim)
            }),
            Check::ReadyReplicas(r) => replicas(c, r, true) == Some(i64::from(r.count)),
            Check::SpecReplicas(r) => replicas(c, r, false) == Some(i64::from(r.count)),
            Check::Service(s) => c
                .store()
                .list::<Service>(Some(&s.namespace))
                .filter(|(key, _)| s.name.as_ref().is_none_or(|n| *n == key.name))
                .any(|(key, service)| {
                    service_type(service) == Some(s.type_)
                        && ready_endpoints(c, &s.namespace, &key.name) >= s.ready_endpoints
                }),
            Check::Resolves(name) => dns::resolve(c, DEFAULT_NAMESPACE, name, RecordType::A)
                .answer()
                .is_some_and(|a| !a.records.is_empty()),
            Check::Image(i) => c.get::<Pod>(&i.namespace, &i.pod).is_some_and(|pod| {
                pod.spec
                    .as_ref()
                    .and_then(|s| s.containers.first())
                    .and_then(|c| c.image.as_deref())
                    == Some(i.image.as_str())
            }),
            Check::Partition(p) => c
                .get::<StatefulSet>(&p.namespace, &p.name)
                .is_some_and(|sts| {
                    crate::engine::controllers::statefulset::partition(sts) == p.value
                }),
            Check::CreatedInOrder(names) => {
                let created: Option<Vec<SimTime>> = names
                    .iter()
                    .map(|n| c.store().get(&pod_key(n)).map(|s| s.created))
                    .collect();
                created.is_some_and(|times| times.windows(2).all(|w| w[0] < w[1]))
            }
            Check::Pods(p) => {
                let matching: Vec<(&ObjectKey, &Pod)> = c
                    .store()
                    .list::<Pod>(Some(&p.namespace))
                    .filter(|(_, pod)| pod.metadata.deletion_timestamp.is_none())
                    .filter(|(_, pod)| {
                        crate::engine::labels::map_selects(
                            &p.selector,
                            pod.metadata.labels.as_ref(),
                        )
                    })
                    .collect();
                let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                let ready = count(matching.iter().filter(|(_, pod)| pod_is_ready(pod)).count());
                let new = count(
                    matching
                        .iter()
                        .filter(|(key, pod)| memory.uids.get(*key) != pod.metadata.uid.as_ref())
                        .count(),
                );
                p.ready.is_none_or(|wanted| ready == wanted)
                    && p.new.is_none_or(|least| new >= least)
            }
            Check::Not(inner) => !inner.holds(c, memory),
        }
    }

    /// What the check asks, in words, for the lesson panel's checklist.
    pub fn describe(&self) -> Message {
        match self {
            Check::Exists(n) => Message::new("check.exists")
                .with("kind", n.kind.0)
                .with("name", &n.name),
            Check::Absent(n) => Message::new("check.absent")
                .with("kind", n.kind.0)
                .with("name", &n.name),
            Check::PodReady(name) => Message::new("check.pod_ready").with("name", name),
            Check::PodReplaced(name) => Message::new("check.pod_replaced").with("name", name),
            Check::Kept(n) => Message::new("check.kept")
                .with("kind", n.kind.0)
                .with("name", &n.name),
            Check::PodMounts(m) => Message::new("check.pod_mounts")
                .with("name", &m.pod)
                .with("claim", &m.claim),
            Check::ReadyReplicas(r) => Message::new("check.replicas")
                .with("kind", r.kind.0)
                .with("name", &r.name)
                .with("count", u64::from(r.count)),
            Check::SpecReplicas(r) => Message::new("check.spec_replicas")
                .with("kind", r.kind.0)
                .with("name", &r.name)
                .with("count", u64::from(r.count)),
            Check::Service(s) => match &s.name {
                Some(name) => Message::new("check.service_named")
                    .with("name", name)
                    .with("type", s.type_.to_string()),
                None => Message::new("check.service_any").with("type", s.type_.to_string()),
            },
            Check::Resolves(name) => Message::new("check.resolves").with("dns_name", name),
            Check::Image(i) => Message::new("check.image")
                .with("name", &i.pod)
                .with("image", &i.image),
            Check::Partition(p) => Message::new("check.partition")
                .with("name", &p.name)
                .with("partition", p.value.to_string()),
            Check::CreatedInOrder(names) => {
                Message::new("check.created_in_order").with("pods", names.clone())
            }
            Check::Pods(p) => {
                let selector = crate::engine::labels::format_selector(&p.selector);
                let message = match (p.ready, p.new) {
                    (Some(ready), Some(new)) => Message::new("check.pods_ready_new")
                        .with("count", u64::from(ready))
                        .with("new", u64::from(new)),
                    (Some(ready), None) => {
                        Message::new("check.pods_ready").with("count", u64::from(ready))
                    }
                    (None, new) => {
                        Message::new("check.pods_new").with("count", u64::from(new.unwrap_or(0)))
                    }
                };
                message.with("selector", selector)
            }
            Check::Not(inner) => Message::new("check.not").with("check", inner.describe()),
        }
    }
}

/// A workload's ready (status) or wanted (spec) replicas.
fn replicas(c: &Cluster, r: &Replicas, ready: bool) -> Option<i64> {
    let ns = r.namespace.as_str();
    let name = r.name.as_str();
    let count = match r.kind.0 {
        "StatefulSet" => {
            let sts = c.get::<StatefulSet>(ns, name)?;
            if ready {
                sts.status.as_ref()?.ready_replicas.unwrap_or(0)
            } else {
                sts.spec.as_ref()?.replicas.unwrap_or(1)
            }
        }
        "Deployment" => {
            let d = c.get::<Deployment>(ns, name)?;
            if ready {
                d.status.as_ref()?.ready_replicas.unwrap_or(0)
            } else {
                d.spec.as_ref()?.replicas.unwrap_or(1)
            }
        }
        "ReplicaSet" => {
            let rs = c.get::<ReplicaSet>(ns, name)?;
            if ready {
                rs.status.as_ref()?.ready_replicas.unwrap_or(0)
            } else {
                rs.spec.as_ref()?.replicas.unwrap_or(1)
            }
        }
        _ => return None,
    };
    Some(i64::from(count))
}

fn service_type(service: &Service) -> Option<ServiceType> {
    let spec = service.spec.as_ref()?;
    Some(match spec.type_.as_deref().unwrap_or("ClusterIP") {
        "ClusterIP" if spec.cluster_ip.as_deref() == Some("None") => ServiceType::Headless,
        "ClusterIP" => ServiceType::ClusterIP,
        "NodePort" => ServiceType::NodePort,
        "LoadBalancer" => ServiceType::LoadBalancer,
        "ExternalName" => ServiceType::ExternalName,
        _ => return None,
    })
}

fn ready_endpoints(c: &Cluster, namespace: &str, service: &str) -> u32 {
    let count: usize = c
        .store()
        .list::<EndpointSlice>(Some(namespace))
        .filter(|(_, slice)| {
            slice
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.get("kubernetes.io/service-name"))
                .is_some_and(|s| s == service)
        })
        .flat_map(|(_, slice)| slice.endpoints.iter())
        .filter(|e| e.conditions.as_ref().and_then(|c| c.ready).unwrap_or(true))
        .map(|e| e.addresses.len())
        .sum();
    u32::try_from(count).unwrap_or(u32::MAX)
}
