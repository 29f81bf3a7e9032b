//! `kubectl describe` for pods, StatefulSets, Services, claims and volumes: the
//! headline fields in kubectl's order and layout (`describe.go`, tab-aligned with
//! padding 2), then the Events table of the object. Fields the simulated cluster
//! does not model (container IDs, service-account tokens) are left out rather than
//! invented.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{
    Container, Endpoints, PersistentVolume, PersistentVolumeClaim, Pod, PodTemplateSpec, Service,
    Toleration, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::error::{CommandError, Result};
use super::flags::{self, Flag};
use super::get::{self, Selector, Target};
use super::printers::{self, age, Body};
use super::resources::ResourceType;
use super::table::DESCRIBE;
use super::{namespace_of, Ctx};
use crate::engine::{Cluster, Object};

const FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("selector", Some('l')),
    flags::switch("all-namespaces", Some('A')),
];

/// `kubectl describe`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, FLAGS, "describe")?;
    let namespace = namespace_of(&args);
    if args.positional.is_empty() {
        return Err(CommandError::usage(
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.",
        ));
    }
    let mut items = Vec::new();
    match get::target(&args.positional, false)? {
        Target::Names(names) => {
            for (rt, name) in names {
                match get::find(ctx.cluster, rt, &namespace, &name) {
                    Ok(item) => items.push(item),
                    Err(error) => ctx.report(&error),
                }
            }
        }
        Target::Types(types) => {
            let selector = args.value("selector").map(Selector::parse).transpose()?;
            let scope = (!args.on("all-namespaces")).then_some(namespace.as_str());
            for rt in types {
                items.extend(
                    printers::list(ctx.cluster, rt, scope)
                        .into_iter()
                        .filter(|i| selector.as_ref().is_none_or(|s| s.matches(i.labels()))),
                );
            }
            if items.is_empty() {
                ctx.warn(&format!("No resources found in {namespace} namespace.\n"));
            }
        }
    }
    let mut first = true;
    let mut warned = false;
    for item in items {
        let text = match &item.body {
            Body::Stored(object) => describe(ctx.cluster, item.rt, object)?,
            Body::Endpoints(endpoints) => {
                if !warned {
                    ctx.warn(printers::ENDPOINTS_DEPRECATED);
                    warned = true;
                }
                describe_endpoints(endpoints)
            }
            _ => {
                return Err(CommandError::NotSimulated(format!(
                    "describe {}",
                    item.rt.plural
                )))
            }
        };
        if !first {
            ctx.print("\n\n");
        }
        first = false;
        ctx.print(&DESCRIBE.format(&text));
    }
    if ctx.failed() {
        Err(CommandError::Reported)
    } else {
        Ok(())
    }
}

fn describe(c: &Cluster, rt: &ResourceType, object: &Object) -> Result<String> {
    Ok(match object {
        Object::Pod(pod) => describe_pod(c, pod),
        Object::StatefulSet(sts) => describe_statefulset(c, sts),
        Object::Deployment(deployment) => describe_deployment(c, deployment),
        Object::Service(svc) => describe_service(c, svc),
        Object::PersistentVolumeClaim(pvc) => describe_claim(c, pvc),
        Object::PersistentVolume(pv) => describe_volume(c, pv),
        _ => {
            return Err(CommandError::NotSimulated(format!(
                "describe {}",
                rt.plural
            )))
        }
    })
}

/// `Thu, 01 Jan 2026 00:00:00 +0000` (Go's RFC1123Z).
fn rfc1123z(time: &Time) -> String {
    // A timestamp formats in UTC; no time zone (and none of jiff's zone rules) needed.
    k8s_openapi::jiff::fmt::strtime::format("%a, %d %b %Y %H:%M:%S +0000", time.0)
        .unwrap_or_default()
}

/// `Labels:` with one `key=value` per line, or `<none>`.
fn multiline(
    out: &mut String,
    indent: &str,
    title: &str,
    map: Option<&BTreeMap<String, String>>,
    separator: &str,
) {
    out.push_str(&format!("{indent}{title}:\t"));
    let entries: Vec<(&String, &String)> = map
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if entries.is_empty() {
        out.push_str("<none>\n");
        return;
    }
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("{indent}\t"));
        }
        out.push_str(&format!("{k}{separator}{v}\n"));
    }
}

/// `Tolerations:` one per line, sorted by key, as `printTolerationsMultilineWithIndent`
/// writes them (`key=value:Effect`, ` op=Exists`, ` for 300s`), or `<none>`.
fn tolerations(out: &mut String, indent: &str, tolerations: Option<&[Toleration]>) {
    out.push_str(&format!("{indent}Tolerations:\t"));
    let mut tolerations: Vec<&Toleration> = tolerations.into_iter().flatten().collect();
    if tolerations.is_empty() {
        out.push_str("<none>\n");
        return;
    }
    tolerations.sort_by(|a, b| a.key.cmp(&b.key));
    for (i, toleration) in tolerations.into_iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("{indent}\t"));
        }
        let key = toleration.key.as_deref().unwrap_or("");
        let value = toleration.value.as_deref().unwrap_or("");
        let effect = toleration.effect.as_deref().unwrap_or("");
        out.push_str(key);
        if !value.is_empty() {
            out.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            out.push_str(&format!(":{effect}"));
        }
        // `operator: Exists` with no key and no effect tolerates everything.
        if toleration.operator.as_deref() == Some("Exists") && value.is_empty() {
            if key.is_empty() && effect.is_empty() {
                out.push_str("op=Exists");
            } else {
                out.push_str(" op=Exists");
            }
        }
        if let Some(seconds) = toleration.toleration_seconds {
            out.push_str(&format!(" for {seconds}s"));
        }
        out.push('\n');
    }
}

fn labels(out: &mut String, indent: &str, map: Option<&BTreeMap<String, String>>) {
    multiline(out, indent, "Labels", map, "=");
}

fn annotations(out: &mut String, indent: &str, map: Option<&BTreeMap<String, String>>) {
    multiline(out, indent, "Annotations", map, ": ");
}

/// The Events table of one object, oldest first.
fn events(c: &Cluster, out: &mut String, kind: &str, namespace: &str, name: &str) {
    // kubectl asks for the object's UID too: a pod made again under the same name
    // does not show its predecessor's events.
    let mut events: Vec<_> = c
        .events_about(kind, namespace, name)
        .into_iter()
        .cloned()
        .collect();
    if events.is_empty() {
        out.push_str("Events:\t<none>\n");
        return;
    }
    events.sort_by_key(|e| e.last_seen);
    out.push_str(
        "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n",
    );
    let now = c.now();
    for event in events {
        let seen = if event.count > 1 {
            format!(
                "{} (x{} over {})",
                age(now, event.last_seen),
                event.count,
                age(now, event.first_seen)
            )
        } else {
            age(now, event.first_seen)
        };
        out.push_str(&format!(
            "  {}\t{}\t{seen}\t{}\t{}\n",
            event.type_.as_str(),
            event.reason,
            event.source,
            event.message.trim()
        ));
    }
}

/// A container's ports as describe prints them: `80/TCP`, or `<none>`.
fn container_ports(container: &Container) -> (String, String) {
    let ports = container.ports.clone().unwrap_or_default();
    if ports.is_empty() {
        return ("<none>".to_owned(), "<none>".to_owned());
    }
    let port = ports
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p.container_port,
                p.protocol.as_deref().unwrap_or("TCP")
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let host = ports
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p.host_port.unwrap_or(0),
                p.protocol.as_deref().unwrap_or("TCP")
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    (port, host)
}

fn mounts(out: &mut String, indent: &str, container: &Container) {
    let mounts = container.volume_mounts.clone().unwrap_or_default();
    if mounts.is_empty() {
        out.push_str(&format!("{indent}Mounts:\t<none>\n"));
        return;
    }
    out.push_str(&format!("{indent}Mounts:\n"));
    for mount in mounts {
        let mode = if mount.read_only == Some(true) {
            "ro"
        } else {
            "rw"
        };
        out.push_str(&format!(
            "{indent}  {} from {} ({mode})\n",
            mount.mount_path, mount.name
        ));
    }
}

fn volumes(out: &mut String, indent: &str, volumes: Option<&Vec<Volume>>) {
    let volumes = volumes.cloned().unwrap_or_default();
    if volumes.is_empty() {
        out.push_str(&format!("{indent}Volumes:\t<none>\n"));
        return;
    }
    out.push_str(&format!("{indent}Volumes:\n"));
    for volume in volumes {
        out.push_str(&format!("{indent}  {}:\n", volume.name));
        if let Some(claim) = volume.persistent_volume_claim {
            out.push_str(&format!("{indent}    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"));
            out.push_str(&format!("{indent}    ClaimName:\t{}\n", claim.claim_name));
            out.push_str(&format!(
                "{indent}    ReadOnly:\t{}\n",
                claim.read_only.unwrap_or(false)
            ));
        } else if volume.empty_dir.is_some() {
            out.push_str(&format!("{indent}    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"));
        } else if let Some(map) = volume.config_map {
            out.push_str(&format!(
                "{indent}    Type:\tConfigMap (a volume populated by a ConfigMap)\n"
            ));
            out.push_str(&format!("{indent}    Name:\t{}\n", map.name));
        } else {
            out.push_str(&format!("{indent}    Type:\t<unknown>\n"));
        }
    }
}

/// A pod template as describe prints it (`DescribePodTemplate`), at `level` two-space
/// indents; used by `describe sts` and `rollout history --revision`.
pub fn pod_template(template: &PodTemplateSpec, level: usize) -> String {
    let indent = "  ".repeat(level);
    let mut out = format!("{indent}Pod Template:\n");
    let meta = template.metadata.clone().unwrap_or_default();
    labels(&mut out, &format!("{indent}  "), meta.labels.as_ref());
    if meta.annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        annotations(&mut out, &format!("{indent}  "), meta.annotations.as_ref());
    }
    let spec = template.spec.clone().unwrap_or_default();
    out.push_str(&format!("{indent}  Containers:\n"));
    for container in &spec.containers {
        let (port, host) = container_ports(container);
        out.push_str(&format!("{indent}   {}:\n", container.name));
        out.push_str(&format!(
            "{indent}    Image:\t{}\n",
            container.image.clone().unwrap_or_default()
        ));
        out.push_str(&format!("{indent}    Port:\t{port}\n"));
        out.push_str(&format!("{indent}    Host Port:\t{host}\n"));
        out.push_str(&format!("{indent}    Environment:\t<none>\n"));
        mounts(&mut out, &format!("{indent}    "), container);
    }
    volumes(&mut out, &format!("{indent}  "), spec.volumes.as_ref());
    let indent = format!("{indent}  ");
    multiline(
        &mut out,
        &indent,
        "Node-Selectors",
        spec.node_selector.as_ref(),
        "=",
    );
    tolerations(&mut out, &indent, spec.tolerations.as_deref());
    out
}

fn describe_statefulset(c: &Cluster, sts: &StatefulSet) -> String {
    let spec = sts.spec.clone().unwrap_or_default();
    let status = sts.status.clone().unwrap_or_default();
    let name = sts.metadata.name.clone().unwrap_or_default();
    let namespace = sts.metadata.namespace.clone().unwrap_or_default();
    let mut out = format!("Name:\t{name}\nNamespace:\t{namespace}\n");
    if let Some(created) = &sts.metadata.creation_timestamp {
        out.push_str(&format!("CreationTimestamp:\t{}\n", rfc1123z(created)));
    }
    out.push_str(&format!(
        "Selector:\t{}\n",
        printers::format_label_selector(Some(&spec.selector))
    ));
    labels(&mut out, "", sts.metadata.labels.as_ref());
    annotations(&mut out, "", sts.metadata.annotations.as_ref());
    out.push_str(&format!(
        "Replicas:\t{} desired | {} total\n",
        spec.replicas.unwrap_or(1),
        status.replicas
    ));
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    out.push_str(&format!(
        "Update Strategy:\t{}\n",
        strategy.type_.unwrap_or_default()
    ));
    if let Some(partition) = strategy.rolling_update.and_then(|r| r.partition) {
        out.push_str(&format!("  Partition:\t{partition}\n"));
    }
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    let uid = sts.metadata.uid.clone().unwrap_or_default();
    for (_, pod) in c.store().list::<Pod>(Some(&namespace)) {
        let owned = pod
            .metadata
            .owner_references
            .iter()
            .flatten()
            .any(|r| r.uid == uid && r.controller == Some(true));
        if !owned {
            continue;
        }
        match pod
            .status
            .as_ref()
            .and_then(|s| s.phase.as_deref())
            .unwrap_or("Pending")
        {
            "Running" => running += 1,
            "Succeeded" => succeeded += 1,
            "Failed" => failed += 1,
            _ => waiting += 1,
        }
    }
    out.push_str(&format!(
        "Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"
    ));
    out.push_str(&pod_template(&spec.template, 0));
    let templates = spec.volume_claim_templates.clone().unwrap_or_default();
    if templates.is_empty() {
        out.push_str("Volume Claims:\t<none>\n");
    } else {
        out.push_str("Volume Claims:\n");
        for claim in templates {
            let claim_spec = claim.spec.clone().unwrap_or_default();
            out.push_str(&format!(
                "  Name:\t{}\n  StorageClass:\t{}\n",
                claim.metadata.name.clone().unwrap_or_default(),
                claim_spec.storage_class_name.clone().unwrap_or_default()
            ));
            labels(&mut out, "  ", claim.metadata.labels.as_ref());
            annotations(&mut out, "  ", claim.metadata.annotations.as_ref());
            if let Some(size) = claim_spec
                .resources
                .as_ref()
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("storage"))
            {
                out.push_str(&format!("  Capacity:\t{}\n", size.0));
            } else {
                out.push_str("  Capacity:\t<default>\n");
            }
            out.push_str(&format!(
                "  Access Modes:\t[{}]\n",
                claim_spec
                    .access_modes
                    .clone()
                    .unwrap_or_default()
                    .join(" ")
            ));
        }
    }
    events(c, &mut out, "StatefulSet", &namespace, &name);
    out
}

/// `describeDeployment`: replicas by state, the strategy, the pod template, the
/// conditions and which ReplicaSets are old and new.
fn describe_deployment(c: &Cluster, deployment: &Deployment) -> String {
    let spec = deployment.spec.clone().unwrap_or_default();
    let status = deployment.status.clone().unwrap_or_default();
    let name = deployment.metadata.name.clone().unwrap_or_default();
    let namespace = deployment.metadata.namespace.clone().unwrap_or_default();
    let mut out = format!("Name:\t{name}\nNamespace:\t{namespace}\n");
    if let Some(created) = &deployment.metadata.creation_timestamp {
        out.push_str(&format!("CreationTimestamp:\t{}\n", rfc1123z(created)));
    }
    labels(&mut out, "", deployment.metadata.labels.as_ref());
    annotations(&mut out, "", deployment.metadata.annotations.as_ref());
    out.push_str(&format!(
        "Selector:\t{}\n",
        printers::format_label_selector(Some(&spec.selector))
    ));
    out.push_str(&format!(
        "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
        spec.replicas.unwrap_or(1),
        status.updated_replicas.unwrap_or(0),
        status.replicas.unwrap_or(0),
        status.available_replicas.unwrap_or(0),
        status.unavailable_replicas.unwrap_or(0)
    ));
    let strategy = spec.strategy.clone().unwrap_or_default();
    out.push_str(&format!(
        "StrategyType:\t{}\n",
        strategy.type_.clone().unwrap_or_default()
    ));
    out.push_str(&format!(
        "MinReadySeconds:\t{}\n",
        spec.min_ready_seconds.unwrap_or(0)
    ));
    if let Some(rolling) = strategy.rolling_update {
        let text = |value: Option<IntOrString>| match value {
            Some(IntOrString::Int(n)) => n.to_string(),
            Some(IntOrString::String(s)) => s,
            None => "0".to_owned(),
        };
        out.push_str(&format!(
            "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
            text(rolling.max_unavailable),
            text(rolling.max_surge)
        ));
    }
    out.push_str(&pod_template(&spec.template, 0));
    let conditions = status.conditions.clone().unwrap_or_default();
    if !conditions.is_empty() {
        out.push_str("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
        for condition in conditions {
            out.push_str(&format!(
                "  {} \t{}\t{}\n",
                condition.type_,
                condition.status,
                condition.reason.unwrap_or_default()
            ));
        }
    }
    // The ReplicaSets it controls: the one whose template is the Deployment's is
    // new, the others old (`deploymentutil.GetAllReplicaSets`).
    let uid = deployment.metadata.uid.clone().unwrap_or_default();
    let mut owned: Vec<&ReplicaSet> = c
        .store()
        .list::<ReplicaSet>(Some(&namespace))
        .map(|(_, rs)| rs)
        .filter(|rs| {
            rs.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.uid == uid && r.controller == Some(true))
        })
        .collect();
    owned.sort_by_key(|rs| rs.metadata.creation_timestamp.clone().map(|t| t.0));
    let newest_template = |rs: &&ReplicaSet| {
        rs.spec.as_ref().and_then(|s| s.template.as_ref()).map(|t| {
            let mut t = t.clone();
            if let Some(labels) = t.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
                labels.remove("pod-template-hash");
            }
            t
        }) == Some(spec.template.clone())
    };
    let new: Vec<&ReplicaSet> = owned.iter().copied().filter(newest_template).collect();
    let old: Vec<&ReplicaSet> = owned
        .iter()
        .copied()
        .filter(|rs| !newest_template(rs))
        .collect();
    let listed = |sets: &[&ReplicaSet]| {
        if sets.is_empty() {
            return "<none>".to_owned();
        }
        sets.iter()
            .map(|rs| {
                format!(
                    "{} ({}/{} replicas created)",
                    rs.metadata.name.clone().unwrap_or_default(),
                    rs.status.as_ref().map_or(0, |s| s.replicas),
                    rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!("OldReplicaSets:\t{}\n", listed(&old)));
    out.push_str(&format!("NewReplicaSet:\t{}\n", listed(&new)));
    events(c, &mut out, "Deployment", &namespace, &name);
    out
}

/// `describeEndpoints`: each subset's ready and not-ready addresses and its ports.
fn describe_endpoints(endpoints: &Endpoints) -> String {
    let meta = &endpoints.metadata;
    let mut out = format!(
        "Name:\t{}\nNamespace:\t{}\n",
        meta.name.clone().unwrap_or_default(),
        meta.namespace.clone().unwrap_or_default()
    );
    labels(&mut out, "", meta.labels.as_ref());
    annotations(&mut out, "", meta.annotations.as_ref());
    out.push_str("Subsets:\n");
    let ips = |addresses: &Option<Vec<k8s_openapi::api::core::v1::EndpointAddress>>| {
        let list: Vec<&str> = addresses.iter().flatten().map(|a| a.ip.as_str()).collect();
        if list.is_empty() {
            "<none>".to_owned()
        } else {
            list.join(",")
        }
    };
    for subset in endpoints.subsets.iter().flatten() {
        out.push_str(&format!("  Addresses:\t{}\n", ips(&subset.addresses)));
        out.push_str(&format!(
            "  NotReadyAddresses:\t{}\n",
            ips(&subset.not_ready_addresses)
        ));
        let ports = subset.ports.clone().unwrap_or_default();
        if !ports.is_empty() {
            out.push_str("  Ports:\n    Name\tPort\tProtocol\n    ----\t----\t--------\n");
            for port in ports {
                out.push_str(&format!(
                    "    {}\t{}\t{}\n",
                    port.name
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| "<unset>".to_owned()),
                    port.port,
                    port.protocol.unwrap_or_else(|| "TCP".to_owned())
                ));
            }
        }
        out.push('\n');
    }
    // The endpoints controller records no events of its own on an Endpoints object.
    out.push_str("Events:\t<none>\n");
    out
}

fn describe_pod(c: &Cluster, pod: &Pod) -> String {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let namespace = pod.metadata.namespace.clone().unwrap_or_default();
    let spec = pod.spec.clone().unwrap_or_default();
    let status = pod.status.clone().unwrap_or_default();
    let mut out = format!(
        "Name:\t{name}\nNamespace:\t{namespace}\nPriority:\t{}\nService Account:\t{}\n",
        spec.priority.unwrap_or(0),
        spec.service_account_name.clone().unwrap_or_default()
    );
    match spec.node_name.as_deref() {
        Some(node) => out.push_str(&format!(
            "Node:\t{node}/{}\n",
            status.host_ip.clone().unwrap_or_default()
        )),
        None => out.push_str("Node:\t<none>\n"),
    }
    if let Some(start) = &status.start_time {
        out.push_str(&format!("Start Time:\t{}\n", rfc1123z(start)));
    }
    labels(&mut out, "", pod.metadata.labels.as_ref());
    annotations(&mut out, "", pod.metadata.annotations.as_ref());
    let (_, shown) = printers::pod_ready_and_status(pod);
    if pod.metadata.deletion_timestamp.is_some() {
        out.push_str(&format!(
            "Status:\tTerminating (lasts {})\nTermination Grace Period:\t{}s\n",
            pod.metadata
                .deletion_timestamp
                .as_ref()
                .map(|t| {
                    let since = t.0.as_second() - crate::engine::EPOCH_UNIX_SECONDS;
                    age(
                        c.now(),
                        crate::engine::SimTime(u64::try_from(since).unwrap_or(0) * 1000),
                    )
                })
                .unwrap_or_default(),
            pod.metadata.deletion_grace_period_seconds.unwrap_or(30)
        ));
    } else {
        let phase = status.phase.clone().unwrap_or_else(|| "Pending".to_owned());
        let _ = shown;
        out.push_str(&format!("Status:\t{phase}\n"));
    }
    let ip = status.pod_ip.clone().unwrap_or_default();
    out.push_str(&format!("IP:\t{ip}\n"));
    if let Some(ips) = status.pod_ips.as_ref().filter(|ips| !ips.is_empty()) {
        out.push_str("IPs:\n");
        for ip in ips {
            out.push_str(&format!("  IP:\t{}\n", ip.ip));
        }
    } else {
        out.push_str("IPs:\t<none>\n");
    }
    if let Some(owner) = pod
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true))
    {
        out.push_str(&format!("Controlled By:\t{}/{}\n", owner.kind, owner.name));
    }
    out.push_str("Containers:\n");
    for container in &spec.containers {
        let (port, host) = container_ports(container);
        out.push_str(&format!("  {}:\n", container.name));
        out.push_str(&format!(
            "    Image:\t{}\n",
            container.image.clone().unwrap_or_default()
        ));
        out.push_str(&format!("    Port:\t{port}\n    Host Port:\t{host}\n"));
        let state = status
            .container_statuses
            .iter()
            .flatten()
            .find(|s| s.name == container.name);
        match state.and_then(|s| s.state.clone()) {
            Some(state) if state.running.is_some() => {
                out.push_str("    State:\tRunning\n");
                if let Some(started) = state.running.and_then(|r| r.started_at) {
                    out.push_str(&format!("      Started:\t{}\n", rfc1123z(&started)));
                }
            }
            Some(state) if state.waiting.is_some() => {
                out.push_str("    State:\tWaiting\n");
                if let Some(reason) = state.waiting.and_then(|w| w.reason) {
                    out.push_str(&format!("      Reason:\t{reason}\n"));
                }
            }
            Some(state) if state.terminated.is_some() => {
                let terminated = state.terminated.unwrap_or_default();
                out.push_str("    State:\tTerminated\n");
                if let Some(reason) = terminated.reason {
                    out.push_str(&format!("      Reason:\t{reason}\n"));
                }
                out.push_str(&format!("      Exit Code:\t{}\n", terminated.exit_code));
            }
            _ => out.push_str("    State:\tWaiting\n"),
        }
        out.push_str(&format!(
            "    Ready:\t{}\n    Restart Count:\t{}\n    Environment:\t<none>\n",
            if state.is_some_and(|s| s.ready) {
                "True"
            } else {
                "False"
            },
            state.map_or(0, |s| s.restart_count)
        ));
        mounts(&mut out, "    ", container);
    }
    let conditions = status.conditions.clone().unwrap_or_default();
    if !conditions.is_empty() {
        out.push_str("Conditions:\n  Type\tStatus\n");
        for condition in conditions {
            out.push_str(&format!("  {} \t{} \n", condition.type_, condition.status));
        }
    }
    volumes(&mut out, "", spec.volumes.as_ref());
    out.push_str("QoS Class:\tBestEffort\n");
    multiline(
        &mut out,
        "",
        "Node-Selectors",
        spec.node_selector.as_ref(),
        "=",
    );
    tolerations(&mut out, "", spec.tolerations.as_deref());
    events(c, &mut out, "Pod", &namespace, &name);
    out
}

fn describe_service(c: &Cluster, svc: &Service) -> String {
    let name = svc.metadata.name.clone().unwrap_or_default();
    let namespace = svc.metadata.namespace.clone().unwrap_or_default();
    let spec = svc.spec.clone().unwrap_or_default();
    let mut out = format!("Name:\t{name}\nNamespace:\t{namespace}\n");
    labels(&mut out, "", svc.metadata.labels.as_ref());
    annotations(&mut out, "", svc.metadata.annotations.as_ref());
    let selector = spec
        .selector
        .as_ref()
        .map(crate::engine::labels::format_selector)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "<none>".to_owned());
    let type_ = spec.type_.clone().unwrap_or_else(|| "ClusterIP".to_owned());
    out.push_str(&format!("Selector:\t{selector}\nType:\t{type_}\n"));
    if type_ != "ExternalName" {
        out.push_str(&format!(
            "IP Family Policy:\t{}\nIP Families:\t{}\n",
            spec.ip_family_policy
                .clone()
                .unwrap_or_else(|| "SingleStack".to_owned()),
            spec.ip_families
                .clone()
                .unwrap_or_else(|| vec!["IPv4".to_owned()])
                .join(",")
        ));
        let ip = spec.cluster_ip.clone().unwrap_or_default();
        out.push_str(&format!(
            "IP:\t{ip}\nIPs:\t{}\n",
            spec.cluster_ips
                .clone()
                .unwrap_or_else(|| vec![ip.clone()])
                .join(",")
        ));
    }
    if let Some(ingress) = svc
        .status
        .as_ref()
        .and_then(|s| s.load_balancer.as_ref())
        .and_then(|l| l.ingress.as_ref())
        .filter(|i| !i.is_empty())
    {
        let list: Vec<String> = ingress
            .iter()
            .filter_map(|i| i.ip.clone().or_else(|| i.hostname.clone()))
            .collect();
        out.push_str(&format!("LoadBalancer Ingress:\t{}\n", list.join(", ")));
    }
    if let Some(external) = spec.external_name.as_ref() {
        out.push_str(&format!("External Name:\t{external}\n"));
    }
    let endpoints = printers::list(
        c,
        super::resources::of_kind("Endpoints").expect("known"),
        Some(&namespace),
    )
    .into_iter()
    .find(|i| i.name == name);
    for port in spec.ports.clone().unwrap_or_default() {
        let protocol = port.protocol.clone().unwrap_or_else(|| "TCP".to_owned());
        out.push_str(&format!(
            "Port:\t{}\t{}/{protocol}\n",
            port.name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "<unset>".to_owned()),
            port.port
        ));
        let target = match &port.target_port {
            Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n)) => {
                format!("{n}/{protocol}")
            }
            Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s)) => {
                format!("{s}/{protocol}")
            }
            None => format!("{}/{protocol}", port.port),
        };
        out.push_str(&format!("TargetPort:\t{target}\n"));
        if let Some(node_port) = port.node_port.filter(|p| *p != 0) {
            out.push_str(&format!(
                "NodePort:\t{}\t{node_port}/{protocol}\n",
                port.name
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "<unset>".to_owned())
            ));
        }
        if type_ != "ExternalName" {
            let list: Vec<String> = endpoints
                .as_ref()
                .and_then(|i| match &i.body {
                    Body::Endpoints(e) => e.subsets.clone(),
                    _ => None,
                })
                .into_iter()
                .flatten()
                .flat_map(|s| s.addresses.unwrap_or_default())
                .map(|a| format!("{}:{}", a.ip, port.target_port.as_ref().map_or(port.port.to_string(), |t| match t {
                    k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n) => n.to_string(),
                    k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(_) => port.port.to_string(),
                })))
                .collect();
            out.push_str(&format!("Endpoints:\t{}\n", list.join(",")));
        }
    }
    out.push_str(&format!(
        "Session Affinity:\t{}\n",
        spec.session_affinity
            .clone()
            .unwrap_or_else(|| "None".to_owned())
    ));
    if matches!(type_.as_str(), "NodePort" | "LoadBalancer") {
        out.push_str(&format!(
            "External Traffic Policy:\t{}\n",
            spec.external_traffic_policy
                .clone()
                .unwrap_or_else(|| "Cluster".to_owned())
        ));
    }
    if type_ != "ExternalName" {
        out.push_str(&format!(
            "Internal Traffic Policy:\t{}\n",
            spec.internal_traffic_policy
                .clone()
                .unwrap_or_else(|| "Cluster".to_owned())
        ));
    }
    events(c, &mut out, "Service", &namespace, &name);
    out
}

fn describe_claim(c: &Cluster, pvc: &PersistentVolumeClaim) -> String {
    let name = pvc.metadata.name.clone().unwrap_or_default();
    let namespace = pvc.metadata.namespace.clone().unwrap_or_default();
    let spec = pvc.spec.clone().unwrap_or_default();
    let status = pvc.status.clone().unwrap_or_default();
    let mut out = format!(
        "Name:\t{name}\nNamespace:\t{namespace}\nStorageClass:\t{}\n",
        spec.storage_class_name.clone().unwrap_or_default()
    );
    if pvc.metadata.deletion_timestamp.is_some() {
        out.push_str("Status:\tTerminating\n");
    } else {
        out.push_str(&format!(
            "Status:\t{}\n",
            status.phase.clone().unwrap_or_else(|| "Pending".to_owned())
        ));
    }
    out.push_str(&format!(
        "Volume:\t{}\n",
        spec.volume_name.clone().unwrap_or_default()
    ));
    labels(&mut out, "", pvc.metadata.labels.as_ref());
    annotations(&mut out, "", pvc.metadata.annotations.as_ref());
    out.push_str(&format!(
        "Finalizers:\t[{}]\n",
        pvc.metadata
            .finalizers
            .clone()
            .unwrap_or_default()
            .join(" ")
    ));
    let capacity = status
        .capacity
        .as_ref()
        .and_then(|c| c.get("storage"))
        .map(|q| q.0.clone())
        .unwrap_or_default();
    out.push_str(&format!(
        "Capacity:\t{capacity}\nAccess Modes:\t{}\nVolumeMode:\t{}\n",
        printers::access_modes(status.access_modes.as_ref()),
        spec.volume_mode
            .clone()
            .unwrap_or_else(|| "Filesystem".to_owned())
    ));
    let users: Vec<String> = c
        .store()
        .list::<Pod>(Some(&namespace))
        .filter(|(_, p)| {
            crate::engine::controllers::kubelet::claim_names(p).any(|claim| claim == name)
        })
        .map(|(k, _)| k.name.to_string())
        .collect();
    out.push_str(&format!(
        "Used By:\t{}\n",
        if users.is_empty() {
            "<none>".to_owned()
        } else {
            users.join("\n\t")
        }
    ));
    events(c, &mut out, "PersistentVolumeClaim", &namespace, &name);
    out
}

fn describe_volume(c: &Cluster, pv: &PersistentVolume) -> String {
    let name = pv.metadata.name.clone().unwrap_or_default();
    let spec = pv.spec.clone().unwrap_or_default();
    let status = pv.status.clone().unwrap_or_default();
    let mut out = format!("Name:\t{name}\n");
    labels(&mut out, "", pv.metadata.labels.as_ref());
    annotations(&mut out, "", pv.metadata.annotations.as_ref());
    out.push_str(&format!(
        "Finalizers:\t[{}]\nStorageClass:\t{}\n",
        pv.metadata.finalizers.clone().unwrap_or_default().join(" "),
        spec.storage_class_name.clone().unwrap_or_default()
    ));
    let phase = if pv.metadata.deletion_timestamp.is_some() {
        "Terminating".to_owned()
    } else {
        status.phase.clone().unwrap_or_default()
    };
    out.push_str(&format!("Status:\t{phase}\n"));
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
    out.push_str(&format!(
        "Claim:\t{claim}\nReclaim Policy:\t{}\nAccess Modes:\t{}\nVolumeMode:\t{}\n",
        spec.persistent_volume_reclaim_policy
            .clone()
            .unwrap_or_default(),
        printers::access_modes(spec.access_modes.as_ref()),
        spec.volume_mode
            .clone()
            .unwrap_or_else(|| "Filesystem".to_owned())
    ));
    out.push_str(&format!(
        "Capacity:\t{}\nNode Affinity:\t<none>\nMessage:\t{}\n",
        spec.capacity
            .as_ref()
            .and_then(|c| c.get("storage"))
            .map(|q| q.0.clone())
            .unwrap_or_default(),
        status.message.clone().unwrap_or_default()
    ));
    events(c, &mut out, "PersistentVolume", "", &name);
    out
}
