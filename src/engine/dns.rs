//! Cluster DNS as CoreDNS serves it under the Kubernetes DNS specification: records
//! built from Services and EndpointSlices, a resolver that walks a pod's search path
//! (`<ns>.svc.cluster.local svc.cluster.local cluster.local`, `ndots:5`), and a plain
//! reason when a per-pod name does not resolve.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Pod, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;

use super::controllers::endpoints::SERVICE_NAME_LABEL;
use super::controllers::service::DNS_SERVICE_IP;
use super::controllers::statefulset::CLUSTER_DOMAIN;
use super::labels::{format_selector, map_selects};
use super::Cluster;
use crate::i18n::Message;

/// The TTL the cluster's CoreDNS gives its records (kubeadm's and kind's Corefile: `ttl 30`).
pub const TTL: u32 = 30;
/// The version of the Kubernetes DNS specification served at `dns-version.<zone>`.
pub const SCHEMA_VERSION: &str = "1.1.0";
/// The TTL of the `dns-version` TXT record (the specification's 28800).
pub const SCHEMA_TTL: u32 = 28_800;
/// Names with fewer dots than this are tried with the search suffixes first.
pub const NDOTS: usize = 5;

/// The record types the cluster serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordType {
    A,
    Aaaa,
    Cname,
    Ptr,
    Soa,
    Srv,
    Txt,
}

impl RecordType {
    /// The type's name as dig prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Cname => "CNAME",
            RecordType::Ptr => "PTR",
            RecordType::Soa => "SOA",
            RecordType::Srv => "SRV",
            RecordType::Txt => "TXT",
        }
    }

    /// Parse a type name (`a`, `SRV`, ...).
    pub fn parse(name: &str) -> Option<RecordType> {
        match name.to_ascii_uppercase().as_str() {
            "A" => Some(RecordType::A),
            "AAAA" => Some(RecordType::Aaaa),
            "CNAME" => Some(RecordType::Cname),
            "PTR" => Some(RecordType::Ptr),
            "SOA" => Some(RecordType::Soa),
            "SRV" => Some(RecordType::Srv),
            "TXT" => Some(RecordType::Txt),
            _ => None,
        }
    }
}

/// One resource record. Names are absolute, with the trailing dot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Record {
    pub name: String,
    pub type_: RecordType,
    /// The record's data as dig prints it (`10.244.1.5`, `0 33 80 web-0.nginx...`).
    pub data: String,
    pub ttl: u32,
}

/// A DNS response code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rcode {
    NoError,
    NxDomain,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub name: String,
    pub type_: RecordType,
    pub rcode: Rcode,
    pub records: Vec<Record>,
    /// The zone's SOA when there is no answer (NXDOMAIN, or NOERROR with no data), as
    /// dig shows it in the AUTHORITY SECTION.
    pub authority: Vec<Record>,
}

/// How a resolver in a pod resolved a name: every name it tried, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub attempts: Vec<Answer>,
}

impl Resolution {
    /// The answer that ended the walk: the first with records, else the last tried.
    pub fn answer(&self) -> Option<&Answer> {
        self.attempts
            .iter()
            .find(|a| !a.records.is_empty())
            .or(self.attempts.last())
    }
}

fn absolute(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with('.') {
        lower
    } else {
        format!("{lower}.")
    }
}

/// `<svc>.<ns>.svc.cluster.local.`
pub fn service_name(service: &str, namespace: &str) -> String {
    format!("{service}.{namespace}.svc.{CLUSTER_DOMAIN}.")
}

/// `d.c.b.a.in-addr.arpa.` for `a.b.c.d`.
pub fn reverse_name(ip: &str) -> String {
    let mut octets: Vec<&str> = ip.split('.').collect();
    octets.reverse();
    format!("{}.in-addr.arpa.", octets.join("."))
}

/// What a headless Service's records are made of, gathered from its slices.
#[derive(Debug, Clone, Default)]
struct Backends {
    /// Ready endpoints: (IP, hostname).
    ready: Vec<(String, Option<String>)>,
    ports: Vec<NamedPort>,
}

#[derive(Debug, Clone)]
struct NamedPort {
    name: String,
    protocol: String,
    port: i32,
}

/// Every record the cluster serves now, sorted by name, type and data.
pub fn records(c: &Cluster) -> Vec<Record> {
    let mut out = Vec::new();
    let record = |name: String, type_, data: String| Record {
        name,
        type_,
        data,
        ttl: TTL,
    };

    // Ready endpoints and named ports of each Service, from its slices.
    let mut backends: BTreeMap<(String, String), Backends> = BTreeMap::new();
    for (key, slice) in c.store().list::<EndpointSlice>(None) {
        let Some(service) = slice
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get(SERVICE_NAME_LABEL))
        else {
            continue;
        };
        let entry = backends
            .entry((key.namespace.to_string(), service.clone()))
            .or_default();
        for endpoint in &slice.endpoints {
            let ready = endpoint
                .conditions
                .as_ref()
                .and_then(|c| c.ready)
                .unwrap_or(true);
            if ready {
                for address in &endpoint.addresses {
                    entry
                        .ready
                        .push((address.clone(), endpoint.hostname.clone()));
                }
            }
        }
        for port in slice.ports.iter().flatten() {
            let name = port.name.clone().unwrap_or_default();
            let protocol = port.protocol.clone().unwrap_or_else(|| "TCP".to_owned());
            if !name.is_empty()
                && !entry
                    .ports
                    .iter()
                    .any(|p| p.name == name && p.protocol == protocol)
            {
                entry.ports.push(NamedPort {
                    name,
                    protocol,
                    port: port.port.unwrap_or(0),
                });
            }
        }
    }

    for (key, service) in c.store().list::<Service>(None) {
        let Some(spec) = service.spec.as_ref() else {
            continue;
        };
        let fqdn = service_name(&key.name, &key.namespace);
        if spec.type_.as_deref() == Some("ExternalName") {
            if let Some(target) = spec.external_name.as_deref() {
                out.push(record(fqdn, RecordType::Cname, absolute(target)));
            }
            continue;
        }
        let headless = spec.cluster_ip.as_deref() == Some("None");
        if !headless {
            let Some(ip) = spec.cluster_ip.clone() else {
                continue;
            };
            out.push(record(fqdn.clone(), RecordType::A, ip.clone()));
            out.push(record(reverse_name(&ip), RecordType::Ptr, fqdn.clone()));
            for port in spec.ports.iter().flatten() {
                if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
                    let protocol = port
                        .protocol
                        .as_deref()
                        .unwrap_or("TCP")
                        .to_ascii_lowercase();
                    out.push(record(
                        format!("_{name}._{protocol}.{fqdn}"),
                        RecordType::Srv,
                        format!("0 100 {} {fqdn}", port.port),
                    ));
                }
            }
            continue;
        }
        let Backends { ready, ports } = backends
            .get(&(key.namespace.to_string(), key.name.to_string()))
            .cloned()
            .unwrap_or_default();
        let weight = if ready.is_empty() {
            0
        } else {
            (100 / ready.len()).max(1)
        };
        for (ip, hostname) in &ready {
            out.push(record(fqdn.clone(), RecordType::A, ip.clone()));
            let member = match hostname {
                Some(host) => format!("{host}.{fqdn}"),
                None => format!("{}.{fqdn}", ip.replace('.', "-")),
            };
            out.push(record(member.clone(), RecordType::A, ip.clone()));
            if hostname.is_some() {
                out.push(record(reverse_name(ip), RecordType::Ptr, member.clone()));
            }
            for port in &ports {
                out.push(record(
                    format!(
                        "_{}._{}.{fqdn}",
                        port.name,
                        port.protocol.to_ascii_lowercase()
                    ),
                    RecordType::Srv,
                    format!("0 {weight} {} {member}", port.port),
                ));
            }
        }
    }

    out.push(Record {
        name: format!("dns-version.{CLUSTER_DOMAIN}."),
        type_: RecordType::Txt,
        data: format!("{SCHEMA_VERSION:?}"),
        ttl: SCHEMA_TTL,
    });

    for (key, pod) in c.store().list::<Pod>(None) {
        if let Some(ip) = pod.status.as_ref().and_then(|s| s.pod_ip.as_deref()) {
            out.push(record(
                format!(
                    "{}.{}.pod.{CLUSTER_DOMAIN}.",
                    ip.replace('.', "-"),
                    key.namespace
                ),
                RecordType::A,
                ip.to_owned(),
            ));
        }
    }
    // Equal records are identical, so an unstable sort gives the same order (and
    // allocates no buffer for the thousands a large set serves).
    out.sort_unstable();
    out.dedup();
    out
}

/// Answer one query for an absolute name, as the cluster's DNS server would.
pub fn query(c: &Cluster, name: &str, type_: RecordType) -> Answer {
    query_in(&records(c), &soa(c), name, type_)
}

/// The zone's SOA record, as CoreDNS's kubernetes plugin gives it; its serial is the
/// time now, in seconds since the Unix epoch.
fn soa(c: &Cluster) -> Record {
    let serial = c.timestamp(c.now()).0.as_second();
    Record {
        name: format!("{CLUSTER_DOMAIN}."),
        type_: RecordType::Soa,
        data: format!(
            "ns.dns.{CLUSTER_DOMAIN}. hostmaster.{CLUSTER_DOMAIN}. {serial} 7200 1800 86400 {TTL}"
        ),
        ttl: TTL,
    }
}

fn query_in(all: &[Record], soa: &Record, name: &str, type_: RecordType) -> Answer {
    let name = absolute(name);
    let named: Vec<&Record> = all.iter().filter(|r| r.name == name).collect();
    let mut records: Vec<Record> = named
        .iter()
        .filter(|r| r.type_ == type_)
        .map(|r| (*r).clone())
        .collect();
    if records.is_empty() && type_ != RecordType::Cname {
        // A CNAME answers any type for its name.
        records = named
            .iter()
            .filter(|r| r.type_ == RecordType::Cname)
            .map(|r| (*r).clone())
            .collect();
    }
    let exists = !named.is_empty() || is_parent_of_records(all, &name);
    let authority = if records.is_empty() {
        vec![soa.clone()]
    } else {
        Vec::new()
    };
    Answer {
        name,
        type_,
        rcode: if exists {
            Rcode::NoError
        } else {
            Rcode::NxDomain
        },
        records,
        authority,
    }
}

/// Empty non-terminals (`svc.cluster.local.`) exist in DNS without records of their own.
fn is_parent_of_records(all: &[Record], name: &str) -> bool {
    let suffix = format!(".{name}");
    all.iter().any(|r| r.name.ends_with(&suffix))
}

/// The search domains of a pod in `namespace` (dnsPolicy ClusterFirst).
pub fn search_path(namespace: &str) -> Vec<String> {
    vec![
        format!("{namespace}.svc.{CLUSTER_DOMAIN}"),
        format!("svc.{CLUSTER_DOMAIN}"),
        CLUSTER_DOMAIN.to_owned(),
    ]
}

/// The `/etc/resolv.conf` the kubelet writes for a pod in `namespace`.
pub fn resolv_conf(namespace: &str) -> String {
    format!(
        "search {}\nnameserver {DNS_SERVICE_IP}\noptions ndots:{NDOTS}\n",
        search_path(namespace).join(" ")
    )
}

/// Resolve `name` from a pod in `namespace` the way its resolver does: a name with
/// fewer than `ndots` dots is tried with each search domain first, then as given; a
/// name ending in a dot is tried only as given. The walk stops at the first answer
/// with records.
pub fn resolve(c: &Cluster, namespace: &str, name: &str, type_: RecordType) -> Resolution {
    resolve_among(c, &records(c), namespace, name, type_)
}

/// Resolve `name` as [`resolve`] does, among `all`: the cluster's records now (from
/// [`records`]), for a caller that has them already and would rather not build them
/// again.
pub fn resolve_among(
    c: &Cluster,
    all: &[Record],
    namespace: &str,
    name: &str,
    type_: RecordType,
) -> Resolution {
    let soa = soa(c);
    let mut candidates = Vec::new();
    if name.ends_with('.') {
        candidates.push(name.to_owned());
    } else {
        let suffixed = search_path(namespace)
            .into_iter()
            .map(|domain| format!("{name}.{domain}"));
        if name.matches('.').count() >= NDOTS {
            candidates.push(name.to_owned());
            candidates.extend(suffixed);
        } else {
            candidates.extend(suffixed);
            candidates.push(name.to_owned());
        }
    }
    let mut attempts = Vec::new();
    for candidate in candidates {
        let answer = query_in(all, &soa, &candidate, type_);
        let done = !answer.records.is_empty();
        attempts.push(answer);
        if done {
            break;
        }
    }
    Resolution { attempts }
}

/// Why a per-pod DNS name does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsReason {
    NoService {
        service: String,
        namespace: String,
    },
    NotHeadless {
        service: String,
        cluster_ip: String,
    },
    NoHostname {
        namespace: String,
        host: String,
    },
    WrongSubdomain {
        pod: String,
        subdomain: String,
        service: String,
    },
    NotSelected {
        service: String,
        pod: String,
        selector: String,
    },
    Terminating {
        pod: String,
    },
    NotReady {
        pod: String,
    },
}

impl DnsReason {
    /// The reason as a catalogue message.
    pub fn message(&self) -> Message {
        match self {
            DnsReason::NoService { service, namespace } => Message::new("reason.dns.no_service")
                .with("service", service)
                .with("namespace", namespace),
            DnsReason::NotHeadless {
                service,
                cluster_ip,
            } => Message::new("reason.dns.not_headless")
                .with("service", service)
                .with("cluster_ip", cluster_ip),
            DnsReason::NoHostname { namespace, host } => Message::new("reason.dns.no_hostname")
                .with("namespace", namespace)
                .with("host", host),
            DnsReason::WrongSubdomain {
                pod,
                subdomain,
                service,
            } => Message::new("reason.dns.wrong_subdomain")
                .with("pod", pod)
                .with("subdomain", subdomain)
                .with("service", service),
            DnsReason::NotSelected {
                service,
                pod,
                selector,
            } => Message::new("reason.dns.not_selected")
                .with("service", service)
                .with("pod", pod)
                .with("selector", selector),
            DnsReason::Terminating { pod } => {
                Message::new("reason.dns.terminating").with("pod", pod)
            }
            DnsReason::NotReady { pod } => Message::new("reason.dns.not_ready").with("pod", pod),
        }
    }
}

impl std::fmt::Display for DnsReason {
    /// The reason in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// Why `<host>.<service>.<namespace>.svc.cluster.local` does not resolve, in plain
/// English, or `None` when it does (or the name is not of that shape).
pub fn why_unresolved(c: &Cluster, name: &str) -> Option<String> {
    why_unresolved_reason(c, name).map(|r| r.to_string())
}

/// Why `<host>.<service>.<namespace>.svc.cluster.local` does not resolve, or `None`
/// when it does (or the name is not of that shape).
pub fn why_unresolved_reason(c: &Cluster, name: &str) -> Option<DnsReason> {
    let name = absolute(name);
    if !query(c, &name, RecordType::A).records.is_empty() {
        return None;
    }
    let rest = name.strip_suffix(&format!(".svc.{CLUSTER_DOMAIN}."))?;
    let mut labels = rest.split('.');
    let (host, service, namespace) = (labels.next()?, labels.next()?, labels.next()?);
    if labels.next().is_some() {
        return None;
    }
    let Some(svc) = c.get::<Service>(namespace, service) else {
        return Some(DnsReason::NoService {
            service: service.to_owned(),
            namespace: namespace.to_owned(),
        });
    };
    let cluster_ip = svc
        .spec
        .as_ref()
        .and_then(|s| s.cluster_ip.clone())
        .unwrap_or_default();
    if cluster_ip != "None" {
        return Some(DnsReason::NotHeadless {
            service: service.to_owned(),
            cluster_ip,
        });
    }
    let pods: Vec<(&str, &Pod)> = c
        .store()
        .list::<Pod>(Some(namespace))
        .map(|(k, p)| (k.name.as_str(), p))
        .collect();
    let Some((pod_name, pod)) = pods
        .iter()
        .find(|(_, p)| p.spec.as_ref().and_then(|s| s.hostname.as_deref()) == Some(host))
    else {
        return Some(DnsReason::NoHostname {
            namespace: namespace.to_owned(),
            host: host.to_owned(),
        });
    };
    let pod_name = (*pod_name).to_owned();
    let subdomain = pod
        .spec
        .as_ref()
        .and_then(|s| s.subdomain.clone())
        .unwrap_or_default();
    if subdomain != service {
        return Some(DnsReason::WrongSubdomain {
            pod: pod_name,
            subdomain,
            service: service.to_owned(),
        });
    }
    let selector = svc
        .spec
        .as_ref()
        .and_then(|s| s.selector.clone())
        .unwrap_or_default();
    if selector.is_empty() || !map_selects(&selector, pod.metadata.labels.as_ref()) {
        return Some(DnsReason::NotSelected {
            service: service.to_owned(),
            pod: pod_name,
            selector: format_selector(&selector),
        });
    }
    if pod.metadata.deletion_timestamp.is_some() {
        return Some(DnsReason::Terminating { pod: pod_name });
    }
    Some(DnsReason::NotReady { pod: pod_name })
}
