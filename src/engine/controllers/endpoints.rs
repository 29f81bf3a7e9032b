//! The EndpointSlice controller: for every Service with a selector, the pods it
//! selects that have an IP and have not finished, with the conditions `serving`
//! (pod Ready), `terminating`, and `ready` (serving and not terminating, or always
//! with `publishNotReadyAddresses`), at most 100 endpoints a slice (`podToEndpoint`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ObjectReference, Pod, Service};
use k8s_openapi::api::discovery::v1::{Endpoint, EndpointConditions, EndpointPort, EndpointSlice};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::kubelet::{is_ready, phase};
use crate::engine::labels::map_selects;
use crate::engine::{Cluster, ObjectKey, Reconciled, Resource};

/// Label tying a slice to its Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";
const MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
const CONTROLLER: &str = "endpointslice-controller.k8s.io";
const MAX_ENDPOINTS_PER_SLICE: usize = 100;

/// What one slice holds: its ports and its endpoints.
type SliceContent = (Vec<EndpointPort>, Vec<Endpoint>);
/// Resolved (port name, number) pairs: pods that resolve them alike share a slice.
type PortSignature = Vec<(String, i32)>;

/// One pass over every Service.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let services: Vec<(ObjectKey, Service)> = c
        .store
        .list::<Service>(None)
        .map(|(k, s)| (k.clone(), s.clone()))
        .collect();
    let mut changed = false;

    // Slices grouped by the Service they belong to.
    let mut existing: BTreeMap<(String, String), Vec<ObjectKey>> = BTreeMap::new();
    for (key, slice) in c.store.list::<EndpointSlice>(None) {
        let labels = slice.metadata.labels.as_ref();
        if labels.and_then(|l| l.get(MANAGED_BY)).map(String::as_str) != Some(CONTROLLER) {
            continue;
        }
        if let Some(service) = labels.and_then(|l| l.get(SERVICE_NAME_LABEL)) {
            existing
                .entry((key.namespace.clone(), service.clone()))
                .or_default()
                .push(key.clone());
        }
    }

    for (key, service) in &services {
        let slices = existing
            .remove(&(key.namespace.clone(), key.name.clone()))
            .unwrap_or_default();
        let desired = desired_slices(c, key, service);
        changed |= converge(c, key, service, slices, desired);
    }
    // Slices of Services that are gone (their owner reference also lets GC take them).
    for (_, slices) in existing {
        for key in slices {
            c.store.remove(&key);
            changed = true;
        }
    }
    Reconciled {
        changed,
        wake: None,
    }
}

/// The endpoint lists a Service should have, one per slice; `None` when the Service
/// gets no managed slices (no selector, or ExternalName).
fn desired_slices(c: &Cluster, key: &ObjectKey, service: &Service) -> Option<Vec<SliceContent>> {
    let spec = service.spec.as_ref()?;
    let selector = spec.selector.as_ref()?;
    if spec.type_.as_deref() == Some("ExternalName") {
        return None;
    }
    let publish_not_ready = spec.publish_not_ready_addresses.unwrap_or(false);
    // Endpoints grouped by their resolved ports (pods may resolve a named port differently).
    let mut by_ports: BTreeMap<PortSignature, SliceContent> = BTreeMap::new();
    for (pod_key, pod) in c.store.list::<Pod>(Some(&key.namespace)) {
        if !map_selects(selector, pod.metadata.labels.as_ref()) {
            continue;
        }
        let Some(ip) = pod.status.as_ref().and_then(|s| s.pod_ip.clone()) else {
            continue;
        };
        if matches!(phase(pod), "Succeeded" | "Failed") {
            continue;
        }
        let ports = endpoint_ports(service, pod);
        let serving = is_ready(pod);
        let terminating = pod.metadata.deletion_timestamp.is_some();
        let pod_spec = pod.spec.as_ref();
        let hostname = pod_spec
            .and_then(|s| s.hostname.clone())
            .filter(|h| !h.is_empty())
            .filter(|_| pod_spec.and_then(|s| s.subdomain.as_deref()) == Some(key.name.as_str()));
        let endpoint = Endpoint {
            addresses: vec![ip],
            conditions: Some(EndpointConditions {
                ready: Some(publish_not_ready || (serving && !terminating)),
                serving: Some(serving),
                terminating: Some(terminating),
            }),
            hostname,
            node_name: pod_spec.and_then(|s| s.node_name.clone()),
            target_ref: Some(ObjectReference {
                kind: Some("Pod".to_owned()),
                namespace: Some(pod_key.namespace.clone()),
                name: Some(pod_key.name.clone()),
                uid: pod.metadata.uid.clone(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let signature: PortSignature = ports
            .iter()
            .map(|p| (p.name.clone().unwrap_or_default(), p.port.unwrap_or(0)))
            .collect();
        let entry = by_ports
            .entry(signature)
            .or_insert_with(|| (ports, Vec::new()));
        entry.1.push(endpoint);
    }
    if by_ports.is_empty() {
        // A selector that matches nothing still gets one empty slice.
        return Some(vec![(endpoint_ports_without_pod(service), Vec::new())]);
    }
    let mut slices = Vec::new();
    for (_, (ports, endpoints)) in by_ports {
        for chunk in endpoints.chunks(MAX_ENDPOINTS_PER_SLICE) {
            slices.push((ports.clone(), chunk.to_vec()));
        }
    }
    Some(slices)
}

/// The Service's ports as resolved for one pod: a named `targetPort` is looked up
/// among the pod's container ports; a port the pod lacks is left out.
fn endpoint_ports(service: &Service, pod: &Pod) -> Vec<EndpointPort> {
    let container_ports: Vec<_> = pod
        .spec
        .iter()
        .flat_map(|s| s.containers.iter())
        .flat_map(|c| c.ports.iter().flatten())
        .collect();
    service
        .spec
        .iter()
        .flat_map(|s| s.ports.iter().flatten())
        .filter_map(|port| {
            let number = match &port.target_port {
                Some(IntOrString::Int(n)) => *n,
                Some(IntOrString::String(name)) => {
                    container_ports
                        .iter()
                        .find(|p| p.name.as_deref() == Some(name.as_str()))?
                        .container_port
                }
                None => port.port,
            };
            Some(EndpointPort {
                name: Some(port.name.clone().unwrap_or_default()),
                port: Some(number),
                protocol: port.protocol.clone(),
                app_protocol: port.app_protocol.clone(),
            })
        })
        .collect()
}

fn endpoint_ports_without_pod(service: &Service) -> Vec<EndpointPort> {
    service
        .spec
        .iter()
        .flat_map(|s| s.ports.iter().flatten())
        .filter_map(|port| match &port.target_port {
            Some(IntOrString::Int(n)) => Some(EndpointPort {
                name: Some(port.name.clone().unwrap_or_default()),
                port: Some(*n),
                protocol: port.protocol.clone(),
                app_protocol: None,
            }),
            None => Some(EndpointPort {
                name: Some(port.name.clone().unwrap_or_default()),
                port: Some(port.port),
                protocol: port.protocol.clone(),
                app_protocol: None,
            }),
            Some(IntOrString::String(_)) => None,
        })
        .collect()
}

/// Make the stored slices match the desired ones, reusing existing slices in name order.
fn converge(
    c: &mut Cluster,
    key: &ObjectKey,
    service: &Service,
    existing: Vec<ObjectKey>,
    desired: Option<Vec<SliceContent>>,
) -> bool {
    let desired = desired.unwrap_or_default();
    let headless = service.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()) == Some("None");
    let mut changed = false;
    let mut existing = existing.into_iter();
    for (ports, endpoints) in desired {
        let labels = slice_labels(service, &key.name, headless);
        match existing.next() {
            Some(slice_key) => {
                let ports = (!ports.is_empty()).then_some(ports);
                let same = c
                    .store
                    .get(&slice_key)
                    .and_then(|s| EndpointSlice::peek(&s.object))
                    .is_some_and(|slice| {
                        slice.endpoints == endpoints
                            && slice.ports == ports
                            && slice.metadata.labels.as_ref() == Some(&labels)
                    });
                if !same {
                    changed |= c.store.update::<EndpointSlice>(&slice_key, |slice| {
                        slice.endpoints = endpoints;
                        slice.ports = ports;
                        slice.metadata.labels = Some(labels);
                    });
                }
            }
            None => {
                let suffix = generated_suffix(c);
                let slice = EndpointSlice {
                    metadata: ObjectMeta {
                        name: Some(format!("{}-{suffix}", key.name)),
                        generate_name: Some(format!("{}-", key.name)),
                        namespace: Some(key.namespace.clone()),
                        labels: Some(labels),
                        owner_references: Some(vec![OwnerReference {
                            api_version: "v1".to_owned(),
                            kind: "Service".to_owned(),
                            name: key.name.clone(),
                            uid: service.metadata.uid.clone().unwrap_or_default(),
                            controller: Some(true),
                            block_owner_deletion: Some(true),
                        }]),
                        ..Default::default()
                    },
                    address_type: "IPv4".to_owned(),
                    endpoints,
                    ports: (!ports.is_empty()).then_some(ports),
                };
                c.create_owned(slice.into_object());
                changed = true;
            }
        }
    }
    for slice_key in existing {
        c.store.remove(&slice_key);
        changed = true;
    }
    changed
}

fn slice_labels(service: &Service, name: &str, headless: bool) -> BTreeMap<String, String> {
    let mut labels = service.metadata.labels.clone().unwrap_or_default();
    labels.insert(SERVICE_NAME_LABEL.to_owned(), name.to_owned());
    labels.insert(MANAGED_BY.to_owned(), CONTROLLER.to_owned());
    if headless {
        labels.insert("service.kubernetes.io/headless".to_owned(), String::new());
    }
    labels
}

/// Five characters as `generateName` adds them (consonants and digits that spell no words).
fn generated_suffix(c: &mut Cluster) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..5)
        .map(|_| ALPHABET[usize::try_from(c.rng.below(ALPHABET.len() as u64)).unwrap_or(0)] as char)
        .collect()
}
