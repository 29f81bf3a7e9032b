//! Services as the page draws them: kubectl's `get svc` columns, the endpoints their
//! EndpointSlices list (ready or not, and why), and a plain reason when the selector
//! matches nothing ready.

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::discovery::v1::EndpointSlice;

use crate::engine::controllers::endpoints::SERVICE_NAME_LABEL;
use crate::engine::labels::format_selector;
use crate::engine::{explain, Cluster};
use crate::i18n::Message;

/// One endpoint of a Service, from its EndpointSlices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointView {
    pub ip: String,
    /// The pod behind the address, when the slice names one.
    pub pod: Option<String>,
    pub node: Option<String>,
    /// `ready`: it receives traffic and is in DNS.
    pub ready: bool,
    /// `serving`: the pod passes its readiness probe (even while terminating).
    pub serving: bool,
    pub terminating: bool,
}

/// One Service card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceView {
    pub name: String,
    pub namespace: String,
    /// TYPE: `ClusterIP`, `NodePort`, `LoadBalancer`, `ExternalName`.
    pub type_: String,
    /// Whether `clusterIP: None`.
    pub headless: bool,
    /// CLUSTER-IP: the virtual IP, `None` when headless.
    pub cluster_ip: String,
    /// EXTERNAL-IP: `<none>`, `<pending>`, the load balancer's address or the external name.
    pub external_ip: String,
    /// PORT(S): `80/TCP`, `80:31234/TCP`, joined with commas; `<none>` when empty.
    pub ports: String,
    /// The node ports, to show how to reach the Service from outside.
    pub node_ports: Vec<i32>,
    /// SELECTOR as `kubectl get svc -o wide` prints it.
    pub selector: String,
    /// Every endpoint of every slice of the Service, by address.
    pub endpoints: Vec<EndpointView>,
    /// The names of its EndpointSlices.
    pub slices: Vec<String>,
    /// Why it has no ready endpoint, in plain words.
    pub reason: Option<Message>,
    /// When it was created, in simulated milliseconds (its AGE is `view.age(created)`).
    pub created_millis: u64,
    /// Whether the cluster made it itself (the `kubernetes` Service).
    pub system: bool,
}

/// Endpoints a Service card lists by name, at most.
pub const ENDPOINTS_SHOWN: usize = 24;

/// The endpoints a card lists: all of them up to `ENDPOINTS_SHOWN`; of more, those
/// not ready (terminating ones included) first, then ready ones up to the limit,
/// kept in ordinal order, so a student sees which pods are out of rotation.
pub fn shown_endpoints(endpoints: &[EndpointView]) -> Vec<&EndpointView> {
    if endpoints.len() <= ENDPOINTS_SHOWN {
        return endpoints.iter().collect();
    }
    let out_of_rotation = |e: &EndpointView| !e.ready || e.terminating;
    let mut shown: Vec<usize> = (0..endpoints.len())
        .filter(|&i| out_of_rotation(&endpoints[i]))
        .chain((0..endpoints.len()).filter(|&i| !out_of_rotation(&endpoints[i])))
        .take(ENDPOINTS_SHOWN)
        .collect();
    shown.sort_unstable();
    shown.into_iter().map(|i| &endpoints[i]).collect()
}

/// Every Service of the cluster, by namespace and name.
pub fn services(c: &Cluster) -> Vec<ServiceView> {
    c.store()
        .list::<Service>(None)
        .map(|(key, service)| {
            let spec = service.spec.clone().unwrap_or_default();
            let type_ = spec.type_.clone().unwrap_or_else(|| "ClusterIP".to_owned());
            let headless = spec.cluster_ip.as_deref() == Some("None");
            let ports: Vec<String> = spec
                .ports
                .iter()
                .flatten()
                .map(|p| {
                    let protocol = p.protocol.as_deref().unwrap_or("TCP");
                    match p.node_port {
                        Some(node_port) => format!("{}:{node_port}/{protocol}", p.port),
                        None => format!("{}/{protocol}", p.port),
                    }
                })
                .collect();
            let external_ip = external_ip(service, &type_);
            let (endpoints, slices) = endpoints(c, &key.namespace, &key.name);
            let stored = c.store().get(key);
            ServiceView {
                name: key.name.to_string(),
                namespace: key.namespace.to_string(),
                headless,
                cluster_ip: spec.cluster_ip.clone().unwrap_or_default(),
                external_ip,
                ports: if ports.is_empty() {
                    "<none>".to_owned()
                } else {
                    ports.join(",")
                },
                node_ports: spec
                    .ports
                    .iter()
                    .flatten()
                    .filter_map(|p| p.node_port)
                    .collect(),
                selector: spec
                    .selector
                    .as_ref()
                    .filter(|s| !s.is_empty())
                    .map(format_selector)
                    .unwrap_or_else(|| "<none>".to_owned()),
                endpoints,
                slices,
                reason: explain::service_reason(c, &key.namespace, &key.name).map(|r| r.message()),
                created_millis: stored.map(|s| s.created.as_millis()).unwrap_or_default(),
                system: stored.is_some_and(|s| s.applied.is_none()),
                type_,
            }
        })
        .collect()
}

/// EXTERNAL-IP as kubectl's `printService` computes it.
fn external_ip(service: &Service, type_: &str) -> String {
    let spec = service.spec.as_ref();
    let external_ips = spec
        .and_then(|s| s.external_ips.clone())
        .unwrap_or_default();
    match type_ {
        "ClusterIP" | "NodePort" if !external_ips.is_empty() => external_ips.join(","),
        "ClusterIP" | "NodePort" => "<none>".to_owned(),
        "LoadBalancer" => {
            let mut addresses: Vec<String> = service
                .status
                .as_ref()
                .and_then(|s| s.load_balancer.as_ref())
                .and_then(|lb| lb.ingress.as_ref())
                .into_iter()
                .flatten()
                .filter_map(|i| i.ip.clone().or_else(|| i.hostname.clone()))
                .collect();
            addresses.extend(external_ips);
            if addresses.is_empty() {
                "<pending>".to_owned()
            } else {
                addresses.join(",")
            }
        }
        "ExternalName" => spec
            .and_then(|s| s.external_name.clone())
            .unwrap_or_default(),
        _ => "<unknown>".to_owned(),
    }
}

fn endpoints(c: &Cluster, namespace: &str, service: &str) -> (Vec<EndpointView>, Vec<String>) {
    let mut out = Vec::new();
    let mut names = Vec::new();
    for (key, slice) in c.store().list::<EndpointSlice>(Some(namespace)) {
        let owner = slice
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get(SERVICE_NAME_LABEL));
        if owner.map(String::as_str) != Some(service) {
            continue;
        }
        names.push(key.name.to_string());
        for endpoint in &slice.endpoints {
            let conditions = endpoint.conditions.as_ref();
            let ready = conditions.and_then(|c| c.ready).unwrap_or(true);
            let terminating = conditions.and_then(|c| c.terminating).unwrap_or(false);
            for ip in &endpoint.addresses {
                out.push(EndpointView {
                    ip: ip.clone(),
                    pod: endpoint
                        .target_ref
                        .as_ref()
                        .filter(|r| r.kind.as_deref() == Some("Pod"))
                        .and_then(|r| r.name.clone()),
                    node: endpoint.node_name.clone(),
                    ready,
                    serving: conditions.and_then(|c| c.serving).unwrap_or(ready),
                    terminating,
                });
            }
        }
    }
    // Pods in ordinal order read best: sort by pod name with numbers compared as numbers.
    super::sort_naturally(&mut out, |e| e.pod.as_deref().unwrap_or(&e.ip));
    (out, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(ordinal: usize, ready: bool, terminating: bool) -> EndpointView {
        EndpointView {
            ip: format!("10.244.0.{ordinal}"),
            pod: Some(format!("giropops-{ordinal}")),
            node: None,
            ready,
            serving: ready,
            terminating,
        }
    }

    fn pods(shown: &[&EndpointView]) -> Vec<String> {
        shown.iter().filter_map(|e| e.pod.clone()).collect()
    }

    #[test]
    fn a_few_endpoints_are_all_listed_in_order() {
        let endpoints: Vec<EndpointView> = (0..3).map(|o| endpoint(o, o != 1, false)).collect();
        assert_eq!(
            pods(&shown_endpoints(&endpoints)),
            ["giropops-0", "giropops-1", "giropops-2"]
        );
    }

    #[test]
    fn of_many_endpoints_those_out_of_rotation_are_always_listed() {
        let endpoints: Vec<EndpointView> =
            (0..1000).map(|o| endpoint(o, o != 500, o == 999)).collect();
        let shown = shown_endpoints(&endpoints);
        assert_eq!(shown.len(), ENDPOINTS_SHOWN);
        let names = pods(&shown);
        assert!(names.contains(&"giropops-500".to_owned()), "{names:?}");
        assert_eq!(names.last().map(String::as_str), Some("giropops-999"));
        assert_eq!(
            names[0], "giropops-0",
            "then the lowest ready ones, in order"
        );
    }
}
