//! The rows `kubectl get` prints for each kind: the columns, header names and cell
//! rules of kubectl's table printers (`pkg/printers/internalversion/printers.go`),
//! and the items to print, read from the store. Endpoints and Events are not
//! stored objects in Ordinal: they are derived from EndpointSlices and the event
//! log exactly as the API server would have stored them.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{ControllerRevision, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{
    ConfigMap, EndpointAddress, EndpointPort as CorePort, EndpointSubset, Endpoints,
    Event as CoreEvent, EventSource, Namespace, Node, ObjectReference, PersistentVolume,
    PersistentVolumeClaim, Pod, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde_json::Value;

use super::resources::{self, ResourceType};
use super::serialize;
use crate::engine::clock::human_duration;
use crate::engine::controllers::endpoints::SERVICE_NAME_LABEL;
use crate::engine::{Cluster, Event, Object, SimTime, EPOCH_UNIX_SECONDS};

/// One object as `get` lists it.
#[derive(Debug, Clone)]
pub struct Item {
    pub rt: &'static ResourceType,
    /// Empty for cluster-wide kinds.
    pub namespace: String,
    pub name: String,
    /// What AGE (or LAST SEEN) counts from.
    pub since: SimTime,
    pub body: Body,
}

/// The object behind an item.
#[derive(Debug, Clone)]
pub enum Body {
    Stored(Object),
    Endpoints(Box<Endpoints>),
    Event(Box<CoreEvent>, Box<Event>),
}

impl Item {
    /// The object as JSON, for `-o json|yaml`.
    pub fn value(&self) -> Value {
        match &self.body {
            Body::Stored(object) => serialize::object_value(object),
            Body::Endpoints(endpoints) => serialize::to_value(endpoints),
            Body::Event(event, _) => serialize::to_value(event),
        }
    }

    /// The object's labels.
    pub fn labels(&self) -> Option<&BTreeMap<String, String>> {
        match &self.body {
            Body::Stored(object) => object.metadata().labels.as_ref(),
            Body::Endpoints(endpoints) => endpoints.metadata.labels.as_ref(),
            Body::Event(event, _) => event.metadata.labels.as_ref(),
        }
    }
}

/// Every item of type `rt` in `namespace` (all namespaces for `None`), ordered by
/// namespace and name as the API server lists them.
pub fn list(c: &Cluster, rt: &'static ResourceType, namespace: Option<&str>) -> Vec<Item> {
    let namespace = if rt.namespaced { namespace } else { None };
    let mut items: Vec<Item> = match rt.kind {
        "Endpoints" => endpoints(c, namespace),
        "Event" => events(c, namespace),
        kind => c
            .store()
            .iter()
            .filter(|(key, _)| key.kind == kind)
            .filter(|(key, _)| namespace.is_none_or(|ns| key.namespace == ns))
            .map(|(key, stored)| Item {
                rt,
                namespace: key.namespace.to_string(),
                name: key.name.to_string(),
                since: stored.created,
                body: Body::Stored(stored.object.clone()),
            })
            .collect(),
    };
    items.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    items
}

/// What the API server warns about every request for v1 Endpoints since 1.33.
pub const ENDPOINTS_DEPRECATED: &str =
    "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n";

/// The legacy Endpoints object the endpoints controller keeps for every Service
/// with a selector: ready addresses, and not-ready ones apart (terminating pods
/// only with `publishNotReadyAddresses`).
fn endpoints(c: &Cluster, namespace: Option<&str>) -> Vec<Item> {
    let rt = resources::of_kind("Endpoints").expect("Endpoints is a known type");
    let mut items = Vec::new();
    for (key, service) in c.store().list::<Service>(namespace) {
        let Some(spec) = service.spec.as_ref() else {
            continue;
        };
        // A Service without a selector has Endpoints only when someone keeps its
        // slices: the API server does for `kubernetes`.
        let kept = || {
            c.store()
                .list::<EndpointSlice>(Some(&key.namespace))
                .any(|(_, slice)| {
                    slice
                        .metadata
                        .labels
                        .as_ref()
                        .and_then(|l| l.get(SERVICE_NAME_LABEL))
                        .map(String::as_str)
                        == Some(key.name.as_str())
                })
        };
        if spec.type_.as_deref() == Some("ExternalName") || spec.selector.is_none() && !kept() {
            continue;
        }
        let publish = spec.publish_not_ready_addresses == Some(true);
        let mut ready = Vec::new();
        let mut not_ready = Vec::new();
        let mut ports = Vec::new();
        for (_, slice) in c.store().list::<EndpointSlice>(Some(&key.namespace)) {
            let owned = slice
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.get(SERVICE_NAME_LABEL))
                .map(String::as_str)
                == Some(key.name.as_str());
            if !owned {
                continue;
            }
            for port in slice.ports.iter().flatten() {
                let port = CorePort {
                    name: port.name.clone().filter(|n| !n.is_empty()),
                    port: port.port.unwrap_or(0),
                    protocol: port.protocol.clone(),
                    app_protocol: port.app_protocol.clone(),
                };
                if !ports.contains(&port) {
                    ports.push(port);
                }
            }
            for endpoint in &slice.endpoints {
                let conditions = endpoint.conditions.clone().unwrap_or_default();
                let terminating = conditions.terminating == Some(true);
                if terminating && !publish {
                    continue;
                }
                for ip in &endpoint.addresses {
                    let address = EndpointAddress {
                        ip: ip.clone(),
                        hostname: endpoint.hostname.clone(),
                        node_name: endpoint.node_name.clone(),
                        target_ref: endpoint.target_ref.clone(),
                    };
                    if conditions.ready.unwrap_or(true) {
                        ready.push(address);
                    } else {
                        not_ready.push(address);
                    }
                }
            }
        }
        ready.sort_by(|a, b| a.ip.cmp(&b.ip));
        not_ready.sort_by(|a, b| a.ip.cmp(&b.ip));
        let subsets = (!ready.is_empty() || !not_ready.is_empty()).then(|| {
            vec![EndpointSubset {
                addresses: (!ready.is_empty()).then_some(ready),
                not_ready_addresses: (!not_ready.is_empty()).then_some(not_ready),
                ports: (!ports.is_empty()).then_some(ports),
            }]
        });
        let created = c
            .store()
            .get(key)
            .map(|s| s.created)
            .unwrap_or(SimTime::ZERO);
        let endpoints = Endpoints {
            metadata: ObjectMeta {
                name: Some(key.name.to_string()),
                namespace: Some(key.namespace.to_string()),
                labels: service.metadata.labels.clone(),
                creation_timestamp: service.metadata.creation_timestamp.clone(),
                ..Default::default()
            },
            subsets,
        };
        items.push(Item {
            rt,
            namespace: key.namespace.to_string(),
            name: key.name.to_string(),
            since: created,
            body: Body::Endpoints(Box::new(endpoints)),
        });
    }
    items
}

/// The log's events as the API server stores them: named `<object>.<hex of the
/// first timestamp in nanoseconds>`, in the object's namespace (`default` for
/// cluster-wide objects such as nodes).
fn events(c: &Cluster, namespace: Option<&str>) -> Vec<Item> {
    let rt = resources::of_kind("Event").expect("Event is a known type");
    c.events()
        .all()
        .iter()
        .enumerate()
        .filter_map(|(index, event)| {
            let event_namespace = if event.object.namespace.is_empty() {
                crate::engine::DEFAULT_NAMESPACE.to_owned()
            } else {
                event.object.namespace.to_string()
            };
            if namespace.is_some_and(|ns| ns != event_namespace) {
                return None;
            }
            let nanos = (u128::from(event.first_seen.as_millis())
                + u128::try_from(EPOCH_UNIX_SECONDS).unwrap_or(0) * 1000)
                * 1_000_000
                + index as u128;
            let name = format!("{}.{nanos:x}", event.object.name);
            let api_version = resources::of_kind(event.object.kind)
                .map(|t| {
                    if t.group.is_empty() {
                        "v1".to_owned()
                    } else {
                        format!("{}/v1", t.group)
                    }
                })
                .unwrap_or_else(|| "v1".to_owned());
            let core = CoreEvent {
                metadata: ObjectMeta {
                    name: Some(name.clone()),
                    namespace: Some(event_namespace.clone()),
                    creation_timestamp: Some(c.timestamp(event.first_seen)),
                    ..Default::default()
                },
                involved_object: ObjectReference {
                    api_version: Some(api_version),
                    kind: Some(event.object.kind.to_owned()),
                    name: Some(event.object.name.to_string()),
                    namespace: (!event.object.namespace.is_empty())
                        .then(|| event.object.namespace.to_string()),
                    uid: (!event.uid.is_empty()).then(|| event.uid.clone()),
                    ..Default::default()
                },
                reason: Some(event.reason.to_owned()),
                message: Some(event.message.clone()),
                type_: Some(event.type_.as_str().to_owned()),
                count: Some(i32::try_from(event.count).unwrap_or(i32::MAX)),
                first_timestamp: Some(c.timestamp(event.first_seen)),
                last_timestamp: Some(c.timestamp(event.last_seen)),
                source: Some(EventSource {
                    component: Some(event.source.to_owned()),
                    host: None,
                }),
                reporting_component: Some(event.source.to_owned()),
                reporting_instance: Some(String::new()),
                ..Default::default()
            };
            Some(Item {
                rt,
                namespace: event_namespace,
                name,
                since: event.last_seen,
                body: Body::Event(Box::new(core), Box::new(event.clone())),
            })
        })
        .collect()
}

/// An age as kubectl prints it: whole seconds between two instants, with the
/// creation time cut to the second as `creationTimestamp` is.
pub fn age(now: SimTime, since: SimTime) -> String {
    human_duration((now.as_millis() / 1000).saturating_sub(since.as_millis() / 1000))
}

/// The column headers of a kind's table.
pub fn headers(rt: &ResourceType, wide: bool) -> Vec<&'static str> {
    let (normal, extra): (&[&str], &[&str]) = match rt.kind {
        "Pod" => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        "StatefulSet" => (&["NAME", "READY", "AGE"], &["CONTAINERS", "IMAGES"]),
        "Deployment" => (
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        "ReplicaSet" => (
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        "Service" => (
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["SELECTOR"],
        ),
        "PersistentVolumeClaim" => (
            &[
                "NAME",
                "STATUS",
                "VOLUME",
                "CAPACITY",
                "ACCESS MODES",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "AGE",
            ],
            &["VOLUMEMODE"],
        ),
        "PersistentVolume" => (
            &[
                "NAME",
                "CAPACITY",
                "ACCESS MODES",
                "RECLAIM POLICY",
                "STATUS",
                "CLAIM",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "REASON",
                "AGE",
            ],
            &["VOLUMEMODE"],
        ),
        "Endpoints" => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        "EndpointSlice" => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        "StorageClass" => (
            &[
                "NAME",
                "PROVISIONER",
                "RECLAIMPOLICY",
                "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION",
                "AGE",
            ],
            &[],
        ),
        "Node" => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        "Event" => (&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], &[]),
        "ControllerRevision" => (&["NAME", "CONTROLLER", "REVISION", "AGE"], &[]),
        "Namespace" => (&["NAME", "STATUS", "AGE"], &[]),
        "ConfigMap" => (&["NAME", "DATA", "AGE"], &[]),
        "ServiceAccount" => (&["NAME", "SECRETS", "AGE"], &[]),
        _ => (&["NAME", "AGE"], &[]),
    };
    if rt.kind == "Event" && wide {
        return vec![
            "LAST SEEN",
            "TYPE",
            "REASON",
            "OBJECT",
            "SUBOBJECT",
            "SOURCE",
            "MESSAGE",
            "FIRST SEEN",
            "COUNT",
            "NAME",
        ];
    }
    let mut all = normal.to_vec();
    if wide {
        all.extend_from_slice(extra);
    }
    all
}

/// The cells of one item's row, the name cell as given.
pub fn cells(c: &Cluster, item: &Item, name: String, wide: bool) -> Vec<String> {
    let now = c.now();
    let age = age(now, item.since);
    match &item.body {
        Body::Endpoints(endpoints) => vec![name, format_endpoints(endpoints), age],
        Body::Event(event, logged) => event_cells(event, logged, now, name, wide),
        Body::Stored(object) => match object {
            Object::Pod(pod) => pod_cells(c, pod, name, age, wide),
            Object::StatefulSet(sts) => statefulset_cells(sts, name, age, wide),
            Object::Deployment(deploy) => deployment_cells(deploy, name, age, wide),
            Object::ReplicaSet(set) => replica_set_cells(set, name, age, wide),
            Object::Service(svc) => service_cells(svc, name, age, wide),
            Object::PersistentVolumeClaim(pvc) => claim_cells(pvc, name, age, wide),
            Object::PersistentVolume(pv) => volume_cells(pv, name, age, wide),
            Object::EndpointSlice(slice) => vec![
                name,
                slice.address_type.clone(),
                format_slice_ports(slice),
                format_slice_endpoints(slice),
                age,
            ],
            Object::StorageClass(class) => storage_class_cells(class, name, age),
            Object::Node(node) => node_cells(node, name, age, wide),
            Object::ControllerRevision(revision) => revision_cells(revision, name, age),
            Object::Namespace(namespace) => vec![name, namespace_phase(namespace), age],
            Object::ConfigMap(map) => vec![name, config_map_size(map).to_string(), age],
            // Token Secrets are no longer made for ServiceAccounts (1.24+): SECRETS is 0.
            Object::ServiceAccount(account) => {
                let secrets = account.secrets.as_ref().map_or(0, Vec::len);
                vec![name, secrets.to_string(), age]
            }
        },
    }
}

fn none_if_empty(s: impl Into<String>) -> String {
    let s = s.into();
    if s.is_empty() {
        "<none>".to_owned()
    } else {
        s
    }
}

/// READY and STATUS of a pod, as `printPod` works them out.
pub fn pod_ready_and_status(pod: &Pod) -> (String, String) {
    let total = pod.spec.as_ref().map_or(0, |s| s.containers.len());
    let status = pod.status.as_ref();
    let phase = status
        .and_then(|s| s.phase.clone())
        .unwrap_or_else(|| "Pending".to_owned());
    let mut reason = status
        .and_then(|s| s.reason.clone())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| phase.clone());
    let mut ready = 0;
    let mut has_running = false;
    for container in status
        .and_then(|s| s.container_statuses.as_ref())
        .into_iter()
        .flatten()
        .rev()
    {
        let state = container.state.as_ref();
        let waiting = state.and_then(|s| s.waiting.as_ref());
        let terminated = state.and_then(|s| s.terminated.as_ref());
        if let Some(why) = waiting
            .and_then(|w| w.reason.clone())
            .filter(|r| !r.is_empty())
        {
            reason = why;
        } else if let Some(why) = terminated
            .and_then(|t| t.reason.clone())
            .filter(|r| !r.is_empty())
        {
            reason = why;
        } else if let Some(terminated) = terminated {
            reason = match terminated.signal {
                Some(signal) if signal != 0 => format!("Signal:{signal}"),
                _ => format!("ExitCode:{}", terminated.exit_code),
            };
        } else if container.ready && state.and_then(|s| s.running.as_ref()).is_some() {
            has_running = true;
            ready += 1;
        }
    }
    if reason == "Completed" && has_running {
        let ready_condition = status
            .and_then(|s| s.conditions.as_ref())
            .into_iter()
            .flatten()
            .any(|c| c.type_ == "Ready" && c.status == "True");
        reason = if ready_condition {
            "Running"
        } else {
            "NotReady"
        }
        .to_owned();
    }
    let terminal = phase == "Succeeded" || phase == "Failed";
    if pod.metadata.deletion_timestamp.is_some() {
        if status.and_then(|s| s.reason.as_deref()) == Some("NodeLost") {
            reason = "Unknown".to_owned();
        } else if !terminal {
            reason = "Terminating".to_owned();
        }
    }
    (format!("{ready}/{total}"), reason)
}

fn pod_cells(c: &Cluster, pod: &Pod, name: String, age: String, wide: bool) -> Vec<String> {
    let (ready, status) = pod_ready_and_status(pod);
    let restarts: i32 = pod
        .status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .into_iter()
        .flatten()
        .map(|s| s.restart_count)
        .sum();
    let mut cells = vec![name, ready, status, restarts.to_string(), age];
    if wide {
        let _ = c;
        let status = pod.status.as_ref();
        cells.push(none_if_empty(
            status.and_then(|s| s.pod_ip.clone()).unwrap_or_default(),
        ));
        cells.push(none_if_empty(
            pod.spec
                .as_ref()
                .and_then(|s| s.node_name.clone())
                .unwrap_or_default(),
        ));
        cells.push(none_if_empty(
            status
                .and_then(|s| s.nominated_node_name.clone())
                .unwrap_or_default(),
        ));
        let gates: Vec<String> = pod
            .spec
            .as_ref()
            .and_then(|s| s.readiness_gates.as_ref())
            .into_iter()
            .flatten()
            .map(|g| g.condition_type.clone())
            .collect();
        cells.push(if gates.is_empty() {
            "<none>".to_owned()
        } else {
            format!("0/{}", gates.len())
        });
    }
    cells
}

fn container_columns(spec: Option<&k8s_openapi::api::core::v1::PodSpec>) -> (String, String) {
    let containers = spec.map(|s| s.containers.as_slice()).unwrap_or(&[]);
    (
        containers
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        containers
            .iter()
            .map(|c| c.image.clone().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(","),
    )
}

fn statefulset_cells(sts: &StatefulSet, name: String, age: String, wide: bool) -> Vec<String> {
    let desired = sts.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let ready = sts
        .status
        .as_ref()
        .and_then(|s| s.ready_replicas)
        .unwrap_or(0);
    let mut cells = vec![name, format!("{ready}/{desired}"), age];
    if wide {
        let (names, images) =
            container_columns(sts.spec.as_ref().and_then(|s| s.template.spec.as_ref()));
        cells.push(names);
        cells.push(images);
    }
    cells
}

fn deployment_cells(deploy: &Deployment, name: String, age: String, wide: bool) -> Vec<String> {
    let desired = deploy.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let status = deploy.status.clone().unwrap_or_default();
    let mut cells = vec![
        name,
        format!("{}/{desired}", status.ready_replicas.unwrap_or(0)),
        status.updated_replicas.unwrap_or(0).to_string(),
        status.available_replicas.unwrap_or(0).to_string(),
        age,
    ];
    if wide {
        let spec = deploy.spec.as_ref();
        let (names, images) = container_columns(spec.and_then(|s| s.template.spec.as_ref()));
        cells.push(names);
        cells.push(images);
        cells.push(format_label_selector(spec.map(|s| &s.selector)));
    }
    cells
}

/// `kubectl get rs`: DESIRED from the spec, CURRENT and READY from the status.
fn replica_set_cells(set: &ReplicaSet, name: String, age: String, wide: bool) -> Vec<String> {
    let spec = set.spec.as_ref();
    let status = set.status.clone().unwrap_or_default();
    let mut cells = vec![
        name,
        spec.and_then(|s| s.replicas).unwrap_or(1).to_string(),
        status.replicas.to_string(),
        status.ready_replicas.unwrap_or(0).to_string(),
        age,
    ];
    if wide {
        let template = spec.and_then(|s| s.template.as_ref());
        let (names, images) = container_columns(template.and_then(|t| t.spec.as_ref()));
        cells.push(names);
        cells.push(images);
        cells.push(format_label_selector(spec.map(|s| &s.selector)));
    }
    cells
}

/// A label selector as `metav1.FormatLabelSelector` prints it.
pub fn format_label_selector(selector: Option<&LabelSelector>) -> String {
    let Some(selector) = selector else {
        return "<none>".to_owned();
    };
    let mut parts: Vec<String> = selector
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for expression in selector.match_expressions.iter().flatten() {
        let values = expression.values.clone().unwrap_or_default().join(",");
        parts.push(match expression.operator.as_str() {
            "In" => format!("{} in ({values})", expression.key),
            "NotIn" => format!("{} notin ({values})", expression.key),
            "Exists" => expression.key.clone(),
            "DoesNotExist" => format!("!{}", expression.key),
            other => format!("{} {other} ({values})", expression.key),
        });
    }
    if parts.is_empty() {
        "<none>".to_owned()
    } else {
        parts.join(",")
    }
}

/// EXTERNAL-IP of a Service (`getServiceExternalIP`).
fn external_ip(svc: &Service, wide: bool) -> String {
    let spec = svc.spec.clone().unwrap_or_default();
    let external: Vec<String> = spec.external_ips.clone().unwrap_or_default();
    match spec.type_.as_deref().unwrap_or("ClusterIP") {
        "ClusterIP" | "NodePort" => {
            if external.is_empty() {
                "<none>".to_owned()
            } else {
                external.join(",")
            }
        }
        "LoadBalancer" => {
            let mut ips: Vec<String> = svc
                .status
                .as_ref()
                .and_then(|s| s.load_balancer.as_ref())
                .and_then(|lb| lb.ingress.as_ref())
                .into_iter()
                .flatten()
                .filter_map(|i| i.ip.clone().or_else(|| i.hostname.clone()))
                .collect();
            ips.extend(external);
            if ips.is_empty() {
                return "<pending>".to_owned();
            }
            let joined = ips.join(",");
            if !wide && joined.chars().count() > 16 {
                format!("{}...", joined.chars().take(13).collect::<String>())
            } else {
                joined
            }
        }
        "ExternalName" => spec.external_name.unwrap_or_default(),
        _ => "<unknown>".to_owned(),
    }
}

/// PORT(S) of a Service: `port/proto` or `port:nodePort/proto`, comma-joined.
pub fn service_ports(svc: &Service) -> String {
    let ports: Vec<String> = svc
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .into_iter()
        .flatten()
        .map(|p| {
            let protocol = p.protocol.as_deref().unwrap_or("TCP");
            match p.node_port {
                Some(node_port) if node_port != 0 => {
                    format!("{}:{node_port}/{protocol}", p.port)
                }
                _ => format!("{}/{protocol}", p.port),
            }
        })
        .collect();
    none_if_empty(ports.join(","))
}

fn service_cells(svc: &Service, name: String, age: String, wide: bool) -> Vec<String> {
    let spec = svc.spec.clone().unwrap_or_default();
    let mut cells = vec![
        name,
        spec.type_.clone().unwrap_or_else(|| "ClusterIP".to_owned()),
        none_if_empty(spec.cluster_ip.clone().unwrap_or_default()),
        external_ip(svc, wide),
        service_ports(svc),
        age,
    ];
    if wide {
        cells.push(none_if_empty(
            spec.selector
                .as_ref()
                .map(crate::engine::labels::format_selector)
                .unwrap_or_default(),
        ));
    }
    cells
}

/// Access modes as kubectl abbreviates them (`RWO,ROX`), in kubectl's fixed order.
pub fn access_modes(modes: Option<&Vec<String>>) -> String {
    let modes = modes.cloned().unwrap_or_default();
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(mode, _)| modes.iter().any(|m| m == mode))
    .map(|(_, short)| *short)
    .collect::<Vec<_>>()
    .join(",")
}

fn claim_cells(pvc: &PersistentVolumeClaim, name: String, age: String, wide: bool) -> Vec<String> {
    let spec = pvc.spec.clone().unwrap_or_default();
    let status = pvc.status.clone().unwrap_or_default();
    let phase = if pvc.metadata.deletion_timestamp.is_some() {
        "Terminating".to_owned()
    } else {
        status.phase.clone().unwrap_or_else(|| "Pending".to_owned())
    };
    let volume = spec.volume_name.clone().unwrap_or_default();
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            status
                .capacity
                .as_ref()
                .and_then(|c| c.get("storage"))
                .map(|q| q.0.clone())
                .unwrap_or_default(),
            access_modes(status.access_modes.as_ref()),
        )
    };
    let mut cells = vec![
        name,
        phase,
        volume,
        capacity,
        modes,
        spec.storage_class_name.clone().unwrap_or_default(),
        spec.volume_attributes_class_name
            .clone()
            .unwrap_or_else(|| "<unset>".to_owned()),
        age,
    ];
    if wide {
        cells.push(
            spec.volume_mode
                .clone()
                .unwrap_or_else(|| "<unset>".to_owned()),
        );
    }
    cells
}

fn volume_cells(pv: &PersistentVolume, name: String, age: String, wide: bool) -> Vec<String> {
    let spec = pv.spec.clone().unwrap_or_default();
    let status = pv.status.clone().unwrap_or_default();
    let claim = spec
        .claim_ref
        .as_ref()
        .map(|r| {
            format!(
                "{}/{}",
                r.namespace.clone().unwrap_or_default(),
                r.name.clone().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    let phase = if pv.metadata.deletion_timestamp.is_some() {
        "Terminating".to_owned()
    } else {
        status.phase.clone().unwrap_or_default()
    };
    let mut cells = vec![
        name,
        spec.capacity
            .as_ref()
            .and_then(|c| c.get("storage"))
            .map(|q| q.0.clone())
            .unwrap_or_else(|| "0".to_owned()),
        access_modes(spec.access_modes.as_ref()),
        spec.persistent_volume_reclaim_policy
            .clone()
            .unwrap_or_default(),
        phase,
        claim,
        spec.storage_class_name.clone().unwrap_or_default(),
        spec.volume_attributes_class_name
            .clone()
            .unwrap_or_else(|| "<unset>".to_owned()),
        status.reason.clone().unwrap_or_default(),
        age,
    ];
    if wide {
        cells.push(
            spec.volume_mode
                .clone()
                .unwrap_or_else(|| "<unset>".to_owned()),
        );
    }
    cells
}

/// Whether a StorageClass is marked as the cluster's default.
pub fn is_default_class(class: &StorageClass) -> bool {
    class
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("storageclass.kubernetes.io/is-default-class"))
        .is_some_and(|v| v == "true")
}

fn storage_class_cells(class: &StorageClass, name: String, age: String) -> Vec<String> {
    let name = if is_default_class(class) {
        format!("{name} (default)")
    } else {
        name
    };
    vec![
        name,
        class.provisioner.clone(),
        class
            .reclaim_policy
            .clone()
            .unwrap_or_else(|| "Delete".to_owned()),
        class
            .volume_binding_mode
            .clone()
            .unwrap_or_else(|| "Immediate".to_owned()),
        class.allow_volume_expansion.unwrap_or(false).to_string(),
        age,
    ]
}

/// STATUS of a node: its Ready condition, and `SchedulingDisabled` when cordoned.
pub fn node_status(node: &Node) -> String {
    let ready = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .into_iter()
        .flatten()
        .find(|c| c.type_ == "Ready")
        .map(|c| match c.status.as_str() {
            "True" => "Ready",
            "False" => "NotReady",
            _ => "Unknown",
        })
        .unwrap_or("Unknown");
    let mut status = vec![ready];
    if node.spec.as_ref().and_then(|s| s.unschedulable) == Some(true) {
        status.push("SchedulingDisabled");
    }
    status.join(",")
}

/// ROLES of a node: the roles its `node-role.kubernetes.io/<role>` labels (and the
/// older `kubernetes.io/role`) name, sorted and comma-separated, or `<none>`.
pub fn node_roles(node: &Node) -> String {
    let labels = node.metadata.labels.clone().unwrap_or_default();
    let mut roles: Vec<&str> = labels
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("node-role.kubernetes.io/")
                .or_else(|| (k == "kubernetes.io/role").then_some(v.as_str()))
        })
        .filter(|r| !r.is_empty())
        .collect();
    roles.sort_unstable();
    none_if_empty(roles.join(","))
}

fn node_cells(node: &Node, name: String, age: String, wide: bool) -> Vec<String> {
    let info = node
        .status
        .as_ref()
        .and_then(|s| s.node_info.clone())
        .unwrap_or_default();
    let mut cells = vec![
        name,
        node_status(node),
        node_roles(node),
        age,
        info.kubelet_version.clone(),
    ];
    if wide {
        let address = |kind: &str| {
            node.status
                .as_ref()
                .and_then(|s| s.addresses.as_ref())
                .into_iter()
                .flatten()
                .find(|a| a.type_ == kind)
                .map(|a| a.address.clone())
                .unwrap_or_else(|| "<none>".to_owned())
        };
        let unknown = |s: &str| {
            if s.is_empty() {
                "<unknown>".to_owned()
            } else {
                s.to_owned()
            }
        };
        cells.push(address("InternalIP"));
        cells.push(address("ExternalIP"));
        cells.push(unknown(&info.os_image));
        cells.push(unknown(&info.kernel_version));
        cells.push(unknown(&info.container_runtime_version));
    }
    cells
}

fn revision_cells(revision: &ControllerRevision, name: String, age: String) -> Vec<String> {
    let controller = revision
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true))
        .map(|r| {
            let qualified = resources::of_kind(&r.kind)
                .map(ResourceType::qualified)
                .unwrap_or_else(|| r.kind.to_ascii_lowercase());
            format!("{qualified}/{}", r.name)
        })
        .unwrap_or_else(|| "<none>".to_owned());
    vec![name, controller, revision.revision.to_string(), age]
}

fn namespace_phase(namespace: &Namespace) -> String {
    namespace
        .status
        .as_ref()
        .and_then(|s| s.phase.clone())
        .unwrap_or_default()
}

fn config_map_size(map: &ConfigMap) -> usize {
    map.data.as_ref().map_or(0, BTreeMap::len) + map.binary_data.as_ref().map_or(0, BTreeMap::len)
}

/// ENDPOINTS of an Endpoints object (`formatEndpoints`): ready `ip:port`s, at most
/// three, then ` + N more...`; `<none>` without subsets.
pub fn format_endpoints(endpoints: &Endpoints) -> String {
    let Some(subsets) = endpoints.subsets.as_ref().filter(|s| !s.is_empty()) else {
        return "<none>".to_owned();
    };
    const MAX: usize = 3;
    let mut list = Vec::new();
    let mut more = false;
    let mut count = 0;
    for subset in subsets {
        let addresses = subset.addresses.clone().unwrap_or_default();
        let ports = subset.ports.clone().unwrap_or_default();
        if ports.is_empty() {
            count += addresses.len();
            for address in &addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(address.ip.clone());
            }
        } else {
            for port in &ports {
                count += addresses.len();
                for address in &addresses {
                    if list.len() == MAX {
                        more = true;
                        break;
                    }
                    list.push(format!("{}:{}", address.ip, port.port));
                }
            }
        }
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count - MAX)
    } else {
        joined
    }
}

fn list_with_more(list: Vec<String>, more: bool, count: usize) -> String {
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count - 3)
    } else if joined.is_empty() {
        "<unset>".to_owned()
    } else {
        joined
    }
}

fn format_slice_ports(slice: &EndpointSlice) -> String {
    let mut list = Vec::new();
    let mut more = false;
    let mut count = 0;
    for port in slice.ports.iter().flatten() {
        if list.len() < 3 {
            list.push(match (port.port, port.name.as_ref()) {
                (Some(number), _) => number.to_string(),
                (None, Some(name)) => name.clone(),
                (None, None) => "*".to_owned(),
            });
        } else {
            more = true;
        }
        count += 1;
    }
    list_with_more(list, more, count)
}

fn format_slice_endpoints(slice: &EndpointSlice) -> String {
    let mut list = Vec::new();
    let mut more = false;
    let mut count = 0;
    for address in slice.endpoints.iter().flat_map(|e| e.addresses.iter()) {
        if list.len() < 3 {
            list.push(address.clone());
        } else {
            more = true;
        }
        count += 1;
    }
    list_with_more(list, more, count)
}

fn event_cells(
    event: &CoreEvent,
    logged: &Event,
    now: SimTime,
    name: String,
    wide: bool,
) -> Vec<String> {
    let last = age(now, logged.last_seen);
    let kind = event
        .involved_object
        .kind
        .clone()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let object = format!("{kind}/{}", logged.object.name);
    let message = logged.message.trim().to_owned();
    if !wide {
        return vec![
            last,
            logged.type_.as_str().to_owned(),
            logged.reason.to_owned(),
            object,
            message,
        ];
    }
    vec![
        last,
        logged.type_.as_str().to_owned(),
        logged.reason.to_owned(),
        object,
        String::new(),
        logged.source.to_owned(),
        message,
        age(now, logged.first_seen),
        logged.count.to_string(),
        name,
    ]
}
