//! The EndpointSlice controller: for every Service with a selector, the pods it
//! selects that have an IP and have not finished, with the conditions `serving`
//! (pod Ready), `terminating`, and `ready` (serving and not terminating, or always
//! with `publishNotReadyAddresses`), at most 100 endpoints a slice (`podToEndpoint`).
//!
//! Like upstream's reconciler it changes slices in place: an endpoint that changed is
//! updated in the slice that holds it, a new one goes into the first slice with room
//! and the same ports, and slices are only created when none has room. A pod that
//! changes costs one slice write, not a rebuild of every slice of its Service.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use k8s_openapi::api::core::v1::{ObjectReference, Pod, Service};
use k8s_openapi::api::discovery::v1::{Endpoint, EndpointConditions, EndpointPort, EndpointSlice};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::kubelet::{is_ready, phase};
use crate::engine::labels::map_selects;
use crate::engine::store::{Change, KeyMap, KeyParts, KeySet, Name};
use crate::engine::{Cluster, ObjectKey, Reconciled, Resource};

/// Label tying a slice to its Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";
const MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
const CONTROLLER: &str = "endpointslice-controller.k8s.io";
const MAX_ENDPOINTS_PER_SLICE: usize = 100;

/// Resolved ports (name, number, protocol, appProtocol): pods that resolve a Service's
/// ports alike share slices.
type PortSignature = Vec<(String, i32, String, String)>;

/// Endpoints to place, each with the pod it stands for.
type PodEndpoints = Vec<(String, Endpoint)>;

/// What a Service needs synced: everything, or the endpoints of some pods.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dirty {
    All,
    Pods(KeySet<Name>),
}

/// Which slice holds each pod's endpoint, for one Service.
#[derive(Debug, Clone, Default)]
struct Placement {
    /// Slice name → its port signature and the pods it lists.
    slices: BTreeMap<String, (PortSignature, BTreeSet<String>)>,
    /// Pod name → the slice that lists it.
    slice_of: KeyMap<String, String>,
}

/// The controller's queue and its picture of the slices it manages.
#[derive(Debug, Clone, Default)]
pub struct State {
    queue: BTreeMap<ObjectKey, Dirty>,
    placements: KeyMap<ObjectKey, Placement>,
    /// Each namespace's Services that select pods, by name, with their selectors: a
    /// pod that changes is matched against these without searching the store.
    selectors: KeyMap<String, BTreeMap<String, BTreeMap<String, String>>>,
    /// Store versions of this controller's own slice writes, which are no news to it.
    written: KeyMap<ObjectKey, u64>,
}

impl State {
    pub(crate) fn pending(&self) -> bool {
        !self.queue.is_empty()
    }

    /// Sync everything of the Service `key`.
    pub(crate) fn enqueue_all(&mut self, key: ObjectKey) {
        self.queue.insert(key, Dirty::All);
    }
}

/// Queue the pod `pod` of the Service `service` in `namespace`, allocating only what
/// is not queued yet.
fn enqueue_pod(queue: &mut BTreeMap<ObjectKey, Dirty>, namespace: &str, service: &str, pod: &Name) {
    let key: &dyn KeyParts = &("Service", namespace, service);
    if !queue.contains_key(key) {
        queue.insert(
            ObjectKey::new::<Service>(namespace, service),
            Dirty::Pods(KeySet::default()),
        );
    }
    if let Some(Dirty::Pods(pods)) = queue.get_mut(key) {
        pods.insert(pod.clone());
    }
}

/// The controller's event handler: a Service that changed is synced whole; a pod that
/// changed concerns the Services that select it or list it; a slice changed by
/// someone else makes its Service be synced whole.
pub fn observe(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    match key.kind {
        "Service" => {
            let selector = c
                .store
                .changed_as::<Service>(change)
                .and_then(|s| s.spec.as_ref())
                .filter(|spec| spec.type_.as_deref() != Some("ExternalName"))
                .and_then(|spec| spec.selector.clone());
            let state = &mut c.work.endpoints;
            let selectors = state
                .selectors
                .entry(key.namespace.to_string())
                .or_default();
            match selector {
                Some(selector) => selectors.insert(key.name.to_string(), selector),
                None => selectors.remove(key.name.as_str()),
            };
            state.enqueue_all(key.clone());
        }
        "Pod" => {
            let labels = c
                .store
                .changed_as::<Pod>(change)
                .and_then(|p| p.metadata.labels.as_ref());
            let state = &mut c.work.endpoints;
            let Some(selectors) = state.selectors.get(key.namespace.as_str()) else {
                return;
            };
            for (service, selector) in selectors {
                let selects = labels.is_some() && map_selects(selector, labels);
                let listed = || {
                    let service: &dyn KeyParts =
                        &("Service", key.namespace.as_str(), service.as_str());
                    state
                        .placements
                        .get(service)
                        .is_some_and(|p| p.slice_of.contains_key(key.name.as_str()))
                };
                if selects || listed() {
                    enqueue_pod(&mut state.queue, &key.namespace, service, &key.name);
                }
            }
        }
        "EndpointSlice" => {
            if c.work.endpoints.written.get(key) == Some(&change.version) {
                c.work.endpoints.written.remove(key);
                return;
            }
            let service = c
                .store
                .changed_as::<EndpointSlice>(change)
                .and_then(|s| s.metadata.labels.as_ref())
                .and_then(|l| l.get(SERVICE_NAME_LABEL))
                .map(|name| ObjectKey::new::<Service>(&key.namespace, name))
                .or_else(|| {
                    // Slice names are unique in a namespace: at most one Service matches.
                    c.work
                        .endpoints
                        .placements
                        .iter()
                        .find(|(service, p)| {
                            service.namespace == key.namespace
                                && p.slices.contains_key(key.name.as_str())
                        })
                        .map(|(service, _)| service.clone())
                });
            if let Some(service) = service {
                c.work.endpoints.enqueue_all(service);
            }
        }
        _ => {}
    }
}

/// One pass over the Services whose endpoints may have changed.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let queue = std::mem::take(&mut c.work.endpoints.queue);
    let mut changed = false;
    for (key, dirty) in queue {
        changed |= sync_service(c, &key, dirty);
    }
    Reconciled { changed }
}

/// An endpoint as a pod gives it to a Service, with the ports it resolves.
struct Desired {
    ports: Rc<ResolvedPorts>,
    endpoint: Endpoint,
}

/// A Service's ports as resolved for a pod, with their signature.
struct ResolvedPorts {
    signature: PortSignature,
    ports: Vec<EndpointPort>,
}

impl ResolvedPorts {
    fn of(service: &Service, pod: &Pod) -> ResolvedPorts {
        let ports = endpoint_ports(service, pod);
        ResolvedPorts {
            signature: ports.iter().map(port_signature).collect(),
            ports,
        }
    }

    /// The ports every pod resolves alike, when no port names its target: resolved
    /// once for a sync rather than once for each pod.
    fn shared(service: &Service) -> Option<Rc<ResolvedPorts>> {
        let named = service
            .spec
            .iter()
            .flat_map(|s| s.ports.iter().flatten())
            .any(|port| matches!(port.target_port, Some(IntOrString::String(_))));
        (!named).then(|| Rc::new(ResolvedPorts::of(service, &Pod::default())))
    }
}

fn sync_service(c: &mut Cluster, key: &ObjectKey, dirty: Dirty) -> bool {
    let service = c.store.get_typed::<Service>(key).cloned();
    let Some((service, selector)) = service.and_then(|service| {
        let spec = service.spec.as_ref()?;
        if spec.type_.as_deref() == Some("ExternalName") {
            return None;
        }
        let selector = spec.selector.clone()?;
        Some((service, selector))
    }) else {
        // No Service, or one that gets no managed slices: its slices go.
        c.work.endpoints.placements.remove(key);
        let slices: Vec<ObjectKey> = managed_slices(c, key).into_iter().map(|(k, _)| k).collect();
        let changed = !slices.is_empty();
        for slice in slices {
            remove_slice(c, &slice);
        }
        return changed;
    };

    // The pods to look at: all of them when the whole Service is synced.
    let full = dirty == Dirty::All || !c.work.endpoints.placements.contains_key(key);
    let pods: BTreeSet<Name> = match dirty {
        Dirty::Pods(pods) if !full => pods.into_iter().collect(),
        _ => {
            let placement = read_placement(c, key);
            let mut pods: BTreeSet<Name> = placement
                .slice_of
                .keys()
                .map(|pod| Name::from(pod.as_str()))
                .collect();
            pods.extend(
                c.store
                    .list::<Pod>(Some(&key.namespace))
                    .filter(|(_, p)| map_selects(&selector, p.metadata.labels.as_ref()))
                    .map(|(k, _)| k.name.clone()),
            );
            c.work.endpoints.placements.insert(key.clone(), placement);
            pods
        }
    };
    let mut placement = c.work.endpoints.placements.remove(key).unwrap_or_default();

    // Where each looked-at pod's endpoint goes.
    let mut updates: BTreeMap<String, BTreeMap<String, Option<Endpoint>>> = BTreeMap::new();
    let mut additions: BTreeMap<PortSignature, (Vec<EndpointPort>, PodEndpoints)> = BTreeMap::new();
    let shared_ports = ResolvedPorts::shared(&service);
    for pod_name in &pods {
        let desired = c
            .get::<Pod>(&key.namespace, pod_name)
            .filter(|pod| map_selects(&selector, pod.metadata.labels.as_ref()))
            .and_then(|pod| pod_endpoint(&service, key, pod_name, pod, shared_ports.as_ref()));
        let current = placement.slice_of.get(pod_name.as_str()).cloned();
        let same_ports = |slice: &str, desired: &Desired| {
            placement
                .slices
                .get(slice)
                .is_some_and(|(signature, _)| *signature == desired.ports.signature)
        };
        match (current, desired) {
            (Some(slice), Some(desired)) if same_ports(&slice, &desired) => {
                updates
                    .entry(slice)
                    .or_default()
                    .insert(String::from(pod_name), Some(desired.endpoint));
            }
            (current, desired) => {
                if let Some(slice) = current {
                    updates
                        .entry(slice.clone())
                        .or_default()
                        .insert(String::from(pod_name), None);
                    placement.slice_of.remove(pod_name.as_str());
                    if let Some((_, members)) = placement.slices.get_mut(&slice) {
                        members.remove(pod_name.as_str());
                    }
                }
                if let Some(desired) = desired {
                    let signature = &desired.ports.signature;
                    if !additions.contains_key(signature) {
                        additions
                            .insert(signature.clone(), (desired.ports.ports.clone(), Vec::new()));
                    }
                    if let Some((_, endpoints)) = additions.get_mut(signature) {
                        endpoints.push((String::from(pod_name), desired.endpoint));
                    }
                }
            }
        }
    }

    // New endpoints go into the first slice with the same ports and room, else into a
    // new slice.
    let mut new_slices: Vec<(PortSignature, Vec<EndpointPort>, PodEndpoints)> = Vec::new();
    for (signature, (ports, endpoints)) in additions {
        for (pod_name, endpoint) in endpoints {
            let room = placement
                .slices
                .iter()
                .find(|(_, (s, members))| {
                    members.len() < MAX_ENDPOINTS_PER_SLICE && *s == signature
                })
                .map(|(name, _)| name.clone());
            match room {
                Some(slice) => {
                    if let Some((_, members)) = placement.slices.get_mut(&slice) {
                        members.insert(pod_name.clone());
                    }
                    placement.slice_of.insert(pod_name.clone(), slice.clone());
                    updates
                        .entry(slice)
                        .or_default()
                        .insert(pod_name, Some(endpoint));
                }
                None => match new_slices.last_mut() {
                    Some((s, _, list))
                        if *s == signature && list.len() < MAX_ENDPOINTS_PER_SLICE =>
                    {
                        list.push((pod_name, endpoint));
                    }
                    _ => new_slices.push((
                        signature.clone(),
                        ports.clone(),
                        vec![(pod_name, endpoint)],
                    )),
                },
            }
        }
    }

    let headless = service.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()) == Some("None");
    let labels = slice_labels(&service, &key.name, headless);
    let mut changed = false;

    // Slices left without endpoints go, but a Service keeps one slice even with none.
    let empty: Vec<String> = placement
        .slices
        .iter()
        .filter(|(_, (_, members))| members.is_empty())
        .map(|(name, _)| name.clone())
        .collect();
    let no_endpoints = new_slices.is_empty() && empty.len() == placement.slices.len();
    for (index, slice) in empty.iter().enumerate() {
        if no_endpoints && index == 0 {
            continue;
        }
        placement.slices.remove(slice);
        updates.remove(slice);
        remove_slice(c, &ObjectKey::new::<EndpointSlice>(&key.namespace, slice));
        changed = true;
    }

    // Write the slices that changed. A sync of some pods looks only at the slices that
    // list one of them: the others' ports and labels follow the Service, which did not
    // change, and a slice someone else changed makes the whole Service be synced. So
    // one pod's change costs one slice, not every slice of a big Service.
    let to_write: Vec<(&String, &PortSignature)> = if full || no_endpoints {
        placement
            .slices
            .iter()
            .map(|(name, (s, _))| (name, s))
            .collect()
    } else {
        updates
            .keys()
            .filter_map(|name| placement.slices.get_key_value(name))
            .map(|(name, (s, _))| (name, s))
            .collect()
    };
    for (slice, signature) in to_write {
        let slice_key = ObjectKey::new::<EndpointSlice>(&key.namespace, slice);
        let edits = updates.remove(slice).unwrap_or_default();
        let ports = if no_endpoints {
            placeholder_ports(&service)
        } else {
            ports_of(signature)
        };
        let ports = (!ports.is_empty()).then_some(ports);
        let Some(current) = c.get::<EndpointSlice>(&key.namespace, slice) else {
            continue;
        };
        let needs = current.ports != ports
            || current.metadata.labels.as_ref() != Some(&labels)
            || !edits.is_empty() && edits_change(&current.endpoints, &edits);
        if !needs {
            continue;
        }
        let written = c.store.write::<EndpointSlice>(&slice_key, |s| {
            apply_edits(&mut s.endpoints, edits);
            s.ports = ports;
            s.metadata.labels = Some(labels.clone());
            true
        });
        if written {
            let version = c.store.version();
            c.work.endpoints.written.insert(slice_key, version);
            changed = true;
        }
    }

    // A Service with no slice at all gets its empty one.
    if placement.slices.is_empty() && new_slices.is_empty() {
        new_slices.push((Vec::new(), placeholder_ports(&service), Vec::new()));
    }
    for (signature, ports, mut endpoints) in new_slices {
        endpoints.sort_by(|a, b| a.0.cmp(&b.0));
        // `generateName`: a name already taken is drawn again, as the API server retries.
        let name = loop {
            let name = format!("{}-{}", key.name, generated_suffix(c));
            if c.get::<EndpointSlice>(&key.namespace, &name).is_none() {
                break name;
            }
        };
        let members: BTreeSet<String> = endpoints.iter().map(|(pod, _)| pod.clone()).collect();
        for pod in &members {
            placement.slice_of.insert(pod.clone(), name.clone());
        }
        placement.slices.insert(name.clone(), (signature, members));
        let slice = EndpointSlice {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                generate_name: Some(format!("{}-", key.name)),
                namespace: Some(key.namespace.to_string()),
                labels: Some(labels.clone()),
                owner_references: Some(vec![OwnerReference {
                    api_version: "v1".to_owned(),
                    kind: "Service".to_owned(),
                    name: key.name.to_string(),
                    uid: service.metadata.uid.clone().unwrap_or_default(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }]),
                ..Default::default()
            },
            address_type: "IPv4".to_owned(),
            endpoints: endpoints.into_iter().map(|(_, e)| e).collect(),
            ports: (!ports.is_empty()).then_some(ports),
        };
        c.create_owned(slice.into_object());
        let version = c.store.version();
        c.work.endpoints.written.insert(
            ObjectKey::new::<EndpointSlice>(&key.namespace, &name),
            version,
        );
        changed = true;
    }
    c.work.endpoints.placements.insert(key.clone(), placement);
    changed
}

/// The slices this controller manages for a Service, with their content.
fn managed_slices(c: &Cluster, service: &ObjectKey) -> Vec<(ObjectKey, EndpointSlice)> {
    let prefix = format!("{}-", service.name);
    c.store
        .list_prefixed::<EndpointSlice>(&service.namespace, &prefix)
        .filter(|(_, slice)| {
            let labels = slice.metadata.labels.as_ref();
            labels.and_then(|l| l.get(MANAGED_BY)).map(String::as_str) == Some(CONTROLLER)
                && labels
                    .and_then(|l| l.get(SERVICE_NAME_LABEL))
                    .map(String::as_str)
                    == Some(service.name.as_str())
        })
        .map(|(k, s)| (k.clone(), s.clone()))
        .collect()
}

/// The placement as the stored slices show it.
fn read_placement(c: &Cluster, service: &ObjectKey) -> Placement {
    let mut placement = Placement::default();
    for (key, slice) in managed_slices(c, service) {
        let signature = slice.ports.iter().flatten().map(port_signature).collect();
        let members: BTreeSet<String> = slice
            .endpoints
            .iter()
            .filter_map(target_name)
            .map(str::to_owned)
            .collect();
        for pod in &members {
            placement.slice_of.insert(pod.clone(), key.name.to_string());
        }
        placement
            .slices
            .insert(key.name.to_string(), (signature, members));
    }
    placement
}

fn remove_slice(c: &mut Cluster, key: &ObjectKey) {
    if c.store.remove(key).is_some() {
        let version = c.store.version();
        c.work.endpoints.written.insert(key.clone(), version);
    }
}

/// The pod an endpoint stands for.
fn target_name(endpoint: &Endpoint) -> Option<&str> {
    endpoint.target_ref.as_ref().and_then(|r| r.name.as_deref())
}

/// Edits to a slice's endpoints, by pod: the pod's new endpoint, or `None` to drop it.
type Edits = BTreeMap<String, Option<Endpoint>>;

/// Whether the endpoints are in pod name order with each pod once, as this controller
/// writes them (a slice someone else wrote may not be).
fn in_pod_order(endpoints: &[Endpoint]) -> bool {
    endpoints
        .windows(2)
        .all(|pair| target_name(&pair[0]) < target_name(&pair[1]))
}

/// Where the endpoint of `pod` is in endpoints kept in pod order (`Err`: where it
/// would go).
fn position_of(endpoints: &[Endpoint], pod: &str) -> Result<usize, usize> {
    endpoints.binary_search_by(|e| target_name(e).cmp(&Some(pod)))
}

/// Whether applying `edits` would change `endpoints`.
fn edits_change(endpoints: &[Endpoint], edits: &Edits) -> bool {
    if in_pod_order(endpoints) {
        return edits.iter().any(|(pod, wanted)| {
            let existing = position_of(endpoints, pod).ok().map(|at| &endpoints[at]);
            existing != wanted.as_ref()
        });
    }
    let existing: KeyMap<&str, &Endpoint> = endpoints
        .iter()
        .filter_map(|e| Some((target_name(e)?, e)))
        .collect();
    edits
        .iter()
        .any(|(pod, wanted)| existing.get(pod.as_str()).copied() != wanted.as_ref())
}

/// Apply `edits`, leaving the endpoints in pod name order. Endpoints already in that
/// order (as this controller keeps them) are edited in place; any others are put in
/// order, the same order a stable sort of the edited list gives.
fn apply_edits(endpoints: &mut Vec<Endpoint>, edits: Edits) {
    if !in_pod_order(endpoints) {
        endpoints.retain(|e| target_name(e).is_none_or(|pod| !edits.contains_key(pod)));
        endpoints.extend(edits.into_values().flatten());
        endpoints.sort_by(|a, b| target_name(a).cmp(&target_name(b)));
        return;
    }
    for (pod, wanted) in edits {
        match (position_of(endpoints, &pod), wanted) {
            (Ok(at), Some(endpoint)) => endpoints[at] = endpoint,
            (Err(at), Some(endpoint)) => endpoints.insert(at, endpoint),
            (Ok(at), None) => {
                endpoints.remove(at);
            }
            (Err(_), None) => {}
        }
    }
}

fn port_signature(port: &EndpointPort) -> (String, i32, String, String) {
    (
        port.name.clone().unwrap_or_default(),
        port.port.unwrap_or(0),
        port.protocol.clone().unwrap_or_default(),
        port.app_protocol.clone().unwrap_or_default(),
    )
}

fn ports_of(signature: &PortSignature) -> Vec<EndpointPort> {
    signature
        .iter()
        .map(|(name, port, protocol, app_protocol)| EndpointPort {
            name: Some(name.clone()),
            port: Some(*port),
            protocol: (!protocol.is_empty()).then(|| protocol.clone()),
            app_protocol: (!app_protocol.is_empty()).then(|| app_protocol.clone()),
        })
        .collect()
}

/// The endpoint a pod gives a Service (`podToEndpoint`), or `None` when it gives none
/// (no IP yet, or finished).
fn pod_endpoint(
    service: &Service,
    key: &ObjectKey,
    pod_name: &str,
    pod: &Pod,
    shared_ports: Option<&Rc<ResolvedPorts>>,
) -> Option<Desired> {
    let ip = pod.status.as_ref().and_then(|s| s.pod_ip.clone())?;
    if matches!(phase(pod), "Succeeded" | "Failed") {
        return None;
    }
    let publish_not_ready = service
        .spec
        .as_ref()
        .and_then(|s| s.publish_not_ready_addresses)
        .unwrap_or(false);
    let ports = match shared_ports {
        Some(ports) => Rc::clone(ports),
        None => Rc::new(ResolvedPorts::of(service, pod)),
    };
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
            namespace: Some(String::from(&key.namespace)),
            name: Some(pod_name.to_owned()),
            uid: pod.metadata.uid.clone(),
            ..Default::default()
        }),
        ..Default::default()
    };
    Some(Desired { ports, endpoint })
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

/// The ports of the empty slice of a Service with no endpoints: numeric target ports
/// only, since a named one resolves only against a pod.
/// The slice a Service with a selector and no endpoints has, named `name`, exactly as
/// this controller would write it: the cluster's own Services start with it.
pub(crate) fn empty_slice(service: &Service, name: &str) -> EndpointSlice {
    let service_name = service.metadata.name.clone().unwrap_or_default();
    let headless = service.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()) == Some("None");
    let ports = placeholder_ports(service);
    EndpointSlice {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            generate_name: Some(format!("{service_name}-")),
            namespace: service.metadata.namespace.clone(),
            labels: Some(slice_labels(service, &service_name, headless)),
            owner_references: Some(vec![OwnerReference {
                api_version: "v1".to_owned(),
                kind: "Service".to_owned(),
                name: service_name,
                uid: service.metadata.uid.clone().unwrap_or_default(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]),
            ..Default::default()
        },
        address_type: "IPv4".to_owned(),
        endpoints: Vec::new(),
        ports: (!ports.is_empty()).then_some(ports),
    }
}

fn placeholder_ports(service: &Service) -> Vec<EndpointPort> {
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

fn slice_labels(
    service: &Service,
    name: &str,
    headless: bool,
) -> std::collections::BTreeMap<String, String> {
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
