//! Services: what the API server allocates when a Service is written (a ClusterIP
//! from the service CIDR, node ports from 30000-32767, with its conflict errors),
//! and the service controller with a simulated cloud, which gives LoadBalancer
//! Services an external IP from a small pool (or leaves them `<pending>` when it runs
//! dry) and reports what it does in the service controller's events.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::{LoadBalancerIngress, LoadBalancerStatus, Service, ServiceStatus};

use super::Queue;
use crate::engine::store::{Change, KeyMap};
use crate::engine::{
    Cluster, EngineError, EventType, InvolvedObject, ObjectKey, Reconciled, Result,
};

/// The service CIDR (kind's): `10.96.0.0/16`.
pub const SERVICE_NETWORK_PREFIX: &str = "10.96";
/// The ClusterIP of the `kubernetes` Service.
pub const KUBERNETES_SERVICE_IP: &str = "10.96.0.1";
/// The cluster DNS Service's address, the pods' nameserver.
pub const DNS_SERVICE_IP: &str = "10.96.0.10";
/// The node port range.
pub const NODE_PORT_RANGE: std::ops::RangeInclusive<i32> = 30000..=32767;
/// Addresses the simulated load balancer hands out (like MetalLB on a kind network).
pub const LOAD_BALANCER_POOL: std::ops::RangeInclusive<u8> = 200..=209;
const LOAD_BALANCER_PREFIX: &str = "172.18.255";

/// Addresses below this offset of the service CIDR are left for users who ask for a
/// specific ClusterIP; automatic allocation takes the upper band, as upstream does.
const CLUSTER_IP_STATIC_BAND: u64 = 256;
/// Likewise for node ports: the first 128 are left for explicit requests.
const NODE_PORT_STATIC_BAND: i32 = 128;

/// Allocate what a new or updated Service needs, keeping what it already had.
pub fn allocate(c: &mut Cluster, service: &mut Service, old: Option<&Service>) -> Result<()> {
    let name = service.metadata.name.clone().unwrap_or_default();
    let invalid = |detail: String| EngineError::Invalid {
        message: format!("The Service {name:?} is invalid: {detail}"),
    };
    let old_spec = old.and_then(|s| s.spec.clone()).unwrap_or_default();
    let taken = node_ports_in_use(c, service);
    let spec = service.spec.get_or_insert_with(Default::default);
    let service_type = spec.type_.clone().unwrap_or_else(|| "ClusterIP".to_owned());
    spec.type_ = Some(service_type.clone());
    spec.session_affinity
        .get_or_insert_with(|| "None".to_owned());

    if service_type == "ExternalName" {
        if spec.external_name.as_deref().unwrap_or("").is_empty() {
            return Err(invalid("spec.externalName: Required value".to_owned()));
        }
        spec.cluster_ip = None;
        spec.cluster_ips = None;
        return Ok(());
    }
    let ports = spec.ports.get_or_insert_with(Vec::new);
    for (i, port) in ports.iter_mut().enumerate() {
        port.protocol.get_or_insert_with(|| "TCP".to_owned());
        if !(1..=65535).contains(&port.port) {
            return Err(invalid(format!(
                "spec.ports[{i}].port: Invalid value: {}: must be between 1 and 65535, inclusive",
                port.port
            )));
        }
        if port.target_port.is_none() {
            port.target_port =
                Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(port.port));
        }
    }

    // The ClusterIP: kept from before; "None" (headless) may not change once set.
    let old_ip = old_spec.cluster_ip.clone();
    let wanted = spec.cluster_ip.clone().filter(|ip| !ip.is_empty());
    let headless = wanted.as_deref() == Some("None");
    if let (Some(old_ip), Some(wanted)) = (old_ip.as_deref(), wanted.as_deref()) {
        if old_ip != wanted {
            return Err(invalid(format!(
                "spec.clusterIPs[0]: Invalid value: [{wanted:?}]: may not change once set"
            )));
        }
    }
    if headless && matches!(service_type.as_str(), "NodePort" | "LoadBalancer") {
        return Err(invalid(format!(
            "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for {service_type} services"
        )));
    }
    let ip = match (wanted, old_ip) {
        (Some(ip), _) => ip,
        (None, Some(old)) if old != "None" => old,
        (None, Some(_)) => {
            return Err(invalid(
                "spec.clusterIPs[0]: Invalid value: [\"\"]: may not change once set".to_owned(),
            ))
        }
        (None, None) => allocate_cluster_ip(c),
    };
    spec.cluster_ips = Some(vec![ip.clone()]);
    spec.cluster_ip = Some(ip);

    // Node ports, for NodePort and LoadBalancer Services.
    let wants_node_ports = matches!(service_type.as_str(), "NodePort" | "LoadBalancer");
    let mut mine = BTreeSet::new();
    for (i, port) in ports.iter_mut().enumerate() {
        if !wants_node_ports {
            if port.node_port.is_some_and(|p| p != 0) {
                return Err(invalid(format!(
                    "spec.ports[{i}].nodePort: Forbidden: may not be used when `type` is '{service_type}'"
                )));
            }
            continue;
        }
        let kept = old_spec
            .ports
            .iter()
            .flatten()
            .find(|p| p.port == port.port && p.protocol == port.protocol)
            .and_then(|p| p.node_port);
        let node_port = match port.node_port.filter(|p| *p != 0).or(kept) {
            Some(asked) => {
                if !NODE_PORT_RANGE.contains(&asked) {
                    return Err(invalid(format!(
                        "spec.ports[{i}].nodePort: Invalid value: {asked}: provided port is not in the valid range. The range of valid ports is 30000-32767"
                    )));
                }
                if taken.contains(&asked) || !mine.insert(asked) {
                    return Err(invalid(format!(
                        "spec.ports[{i}].nodePort: Invalid value: {asked}: provided port is already allocated"
                    )));
                }
                asked
            }
            None => {
                let port = allocate_node_port(c, &taken, &mine);
                mine.insert(port);
                port
            }
        };
        port.node_port = Some(node_port);
    }
    if wants_node_ports {
        spec.external_traffic_policy
            .get_or_insert_with(|| "Cluster".to_owned());
    }
    if service_type == "LoadBalancer" {
        spec.allocate_load_balancer_node_ports.get_or_insert(true);
    }
    spec.internal_traffic_policy
        .get_or_insert_with(|| "Cluster".to_owned());
    spec.ip_family_policy
        .get_or_insert_with(|| "SingleStack".to_owned());
    spec.ip_families
        .get_or_insert_with(|| vec!["IPv4".to_owned()]);
    Ok(())
}

fn cluster_ips_in_use(c: &Cluster) -> BTreeSet<String> {
    let mut used: BTreeSet<String> = c
        .store
        .list::<Service>(None)
        .filter_map(|(_, s)| s.spec.as_ref()?.cluster_ip.clone())
        .collect();
    used.insert(KUBERNETES_SERVICE_IP.to_owned());
    used.insert(DNS_SERVICE_IP.to_owned());
    used
}

fn allocate_cluster_ip(c: &mut Cluster) -> String {
    let used = cluster_ips_in_use(c);
    let size: u64 = 65534;
    loop {
        let offset = CLUSTER_IP_STATIC_BAND + c.rng.below(size - CLUSTER_IP_STATIC_BAND) + 1;
        let ip = format!("{SERVICE_NETWORK_PREFIX}.{}.{}", offset / 256, offset % 256);
        if !used.contains(&ip) && offset % 256 != 255 && offset % 256 != 0 {
            return ip;
        }
    }
}

fn node_ports_in_use(c: &Cluster, except: &Service) -> BTreeSet<i32> {
    c.store
        .list::<Service>(None)
        .filter(|(_, s)| {
            s.metadata.name != except.metadata.name
                || s.metadata.namespace != except.metadata.namespace
        })
        .flat_map(|(_, s)| s.spec.iter().flat_map(|spec| spec.ports.iter().flatten()))
        .filter_map(|p| p.node_port)
        .collect()
}

fn allocate_node_port(c: &mut Cluster, taken: &BTreeSet<i32>, mine: &BTreeSet<i32>) -> i32 {
    let first = *NODE_PORT_RANGE.start() + NODE_PORT_STATIC_BAND;
    let span = u64::try_from(NODE_PORT_RANGE.end() - first + 1).unwrap_or(1);
    for _ in 0..10_000 {
        let port = first + i32::try_from(c.rng.below(span)).unwrap_or(0);
        if !taken.contains(&port) && !mine.contains(&port) {
            return port;
        }
    }
    // Every port of the upper band is taken: fall back to the first free one.
    NODE_PORT_RANGE
        .clone()
        .find(|p| !taken.contains(p) && !mine.contains(p))
        .unwrap_or(*NODE_PORT_RANGE.end())
}

/// The finalizer the service controller puts on a LoadBalancer Service so that its
/// load balancer is cleaned up before the Service goes.
pub const LOAD_BALANCER_FINALIZER: &str = "service.kubernetes.io/load-balancer-cleanup";

const SOURCE: &str = "service-controller";

/// The service controller's queue, and each Service's type as last seen (a change to
/// or from LoadBalancer is reported as the `Type` event).
#[derive(Debug, Clone, Default)]
pub struct State {
    queue: Queue,
    types: KeyMap<ObjectKey, String>,
}

impl State {
    pub(crate) fn pending(&self) -> bool {
        !self.queue.is_empty()
    }

    pub(crate) fn enqueue(&mut self, key: ObjectKey) {
        self.queue.insert(key);
    }
}

fn service_type(service: &Service) -> &str {
    service
        .spec
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("ClusterIP")
}

/// `wantsLoadBalancer`: a LoadBalancer Service that is not being deleted.
fn wants_load_balancer(service: &Service) -> bool {
    service_type(service) == "LoadBalancer" && service.metadata.deletion_timestamp.is_none()
}

/// The load balancer's address, once it has one.
fn ingress_ip(service: &Service) -> Option<&str> {
    service
        .status
        .as_ref()
        .and_then(|s| s.load_balancer.as_ref())
        .and_then(|lb| lb.ingress.as_ref())
        .and_then(|i| i.first())
        .and_then(|i| i.ip.as_deref())
}

fn has_finalizer(service: &Service) -> bool {
    service
        .metadata
        .finalizers
        .iter()
        .flatten()
        .any(|f| f == LOAD_BALANCER_FINALIZER)
}

/// The service controller's event handler (`needsUpdate`): a Service whose type
/// changes to or from LoadBalancer gets the `Type` event. Any Service change may take
/// or free a pool address, so LoadBalancers still waiting for one are looked at again.
pub fn observe(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    if key.kind != "Service" {
        return;
    }
    let current = c
        .store
        .changed_as::<Service>(change)
        .map(|s| service_type(s).to_owned());
    let previous = match &current {
        Some(kind) => c.work.service.types.insert(key.clone(), kind.clone()),
        None => c.work.service.types.remove(key),
    };
    if let (Some(old), Some(new)) = (&previous, &current) {
        if (old == "LoadBalancer") != (new == "LoadBalancer") {
            c.record(
                EventType::Normal,
                "Type",
                service_ref(key),
                SOURCE,
                format!("{old} -> {new}"),
            );
        }
    }
    c.work.service.queue.add(key);
    let waiting: Vec<ObjectKey> = c
        .store
        .list::<Service>(None)
        .filter(|(_, s)| wants_load_balancer(s) && ingress_ip(s).is_none())
        .map(|(k, _)| k.clone())
        .collect();
    c.work.service.queue.extend(waiting);
}

fn service_ref(key: &ObjectKey) -> InvolvedObject {
    InvolvedObject::of(key)
}

/// The service controller with a simulated cloud (`syncLoadBalancerIfNeeded`): a
/// LoadBalancer Service gets the cleanup finalizer and an external IP from the pool
/// while it lasts; a Service that no longer wants one (or is being deleted) has its
/// load balancer deleted and the finalizer removed.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let queue = c.work.service.queue.take();
    if queue.is_empty() {
        return Reconciled::default();
    }
    let mut in_use: BTreeSet<String> = c
        .store
        .list::<Service>(None)
        .filter_map(|(_, s)| ingress_ip(s).map(str::to_owned))
        .collect();
    let mut changed = false;
    for key in queue {
        let Some(service) = c.store.get_typed::<Service>(&key) else {
            continue;
        };
        let wants = wants_load_balancer(service);
        let (ingress, finalizer) = (
            ingress_ip(service).map(str::to_owned),
            has_finalizer(service),
        );
        let deleting = service.metadata.deletion_timestamp.is_some();
        if !wants {
            if ingress.is_some() || finalizer {
                c.record(
                    EventType::Normal,
                    "DeletingLoadBalancer",
                    service_ref(&key),
                    SOURCE,
                    "Deleting load balancer".to_owned(),
                );
                if let Some(ip) = &ingress {
                    in_use.remove(ip);
                }
                c.store.write::<Service>(&key, |s| {
                    if let Some(status) = s.status.as_mut() {
                        status.load_balancer = Some(LoadBalancerStatus::default());
                    }
                    remove_finalizer(&mut s.metadata);
                    true
                });
                c.record(
                    EventType::Normal,
                    "DeletedLoadBalancer",
                    service_ref(&key),
                    SOURCE,
                    "Deleted load balancer".to_owned(),
                );
                changed = true;
            }
            if deleting {
                // The last finalizer is gone: the Service goes.
                let gone = c
                    .store
                    .get_typed::<Service>(&key)
                    .is_some_and(|s| s.metadata.finalizers.as_ref().is_none_or(Vec::is_empty));
                if gone {
                    c.store.remove(&key);
                    changed = true;
                }
            }
            continue;
        }
        if ingress.is_some() && finalizer {
            continue;
        }
        c.record(
            EventType::Normal,
            "EnsuringLoadBalancer",
            service_ref(&key),
            SOURCE,
            "Ensuring load balancer".to_owned(),
        );
        if !finalizer {
            changed |= c.store.write::<Service>(&key, |s| {
                s.metadata
                    .finalizers
                    .get_or_insert_with(Vec::new)
                    .push(LOAD_BALANCER_FINALIZER.to_owned());
                true
            });
        }
        if ingress.is_some() {
            continue;
        }
        let free = LOAD_BALANCER_POOL
            .clone()
            .map(|n| format!("{LOAD_BALANCER_PREFIX}.{n}"))
            .find(|ip| !in_use.contains(ip));
        match free {
            Some(ip) => {
                in_use.insert(ip.clone());
                changed |= set_ingress(c, &key, &ip);
                c.record(
                    EventType::Normal,
                    "EnsuredLoadBalancer",
                    service_ref(&key),
                    SOURCE,
                    "Ensured load balancer".to_owned(),
                );
            }
            None => {
                // The simulated cloud has no address left: the Service stays <pending>
                // until another load balancer gives one back.
                c.record(
                    EventType::Warning,
                    "SyncLoadBalancerFailed",
                    service_ref(&key),
                    SOURCE,
                    format!(
                        "Error syncing load balancer: failed to ensure load balancer: no available IPs in the pool {LOAD_BALANCER_PREFIX}.{}-{LOAD_BALANCER_PREFIX}.{}",
                        LOAD_BALANCER_POOL.start(),
                        LOAD_BALANCER_POOL.end()
                    ),
                );
            }
        }
    }
    Reconciled { changed }
}

fn remove_finalizer(meta: &mut k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) {
    if let Some(finalizers) = meta.finalizers.as_mut() {
        finalizers.retain(|f| f != LOAD_BALANCER_FINALIZER);
        if finalizers.is_empty() {
            meta.finalizers = None;
        }
    }
}

fn set_ingress(c: &mut Cluster, key: &ObjectKey, ip: &str) -> bool {
    c.store.write::<Service>(key, |s| {
        s.status = Some(ServiceStatus {
            load_balancer: Some(LoadBalancerStatus {
                ingress: Some(vec![LoadBalancerIngress {
                    ip: Some(ip.to_owned()),
                    ip_mode: Some("VIP".to_owned()),
                    ..Default::default()
                }]),
            }),
            conditions: None,
        });
        true
    })
}
