//! `kubectl expose TYPE NAME`: a new Service in front of what a Deployment, ReplicaSet,
//! pod or Service selects, the way kubectl builds it (`pkg/cmd/expose`): the selector,
//! ports, protocols and labels are read from the exposed object unless flags give
//! them. A StatefulSet cannot be exposed — kubectl refuses it, and so does Ordinal:
//! a StatefulSet's pods are reached through the Service named in its `serviceName`.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::create::{self, DRY_RUN, OUTPUT};
use super::error::{CommandError, Result};
use super::flags::{self, Flag};
use super::get::{self, Target};
use super::{namespace_of, Ctx};
use crate::engine::{Object, ObjectKey, Resource};

const FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("port", None),
    flags::value("target-port", None),
    flags::value("protocol", None),
    flags::value("type", None),
    flags::value("name", None),
    flags::value("selector", None),
    flags::value("labels", Some('l')),
    flags::value("cluster-ip", None),
    flags::value("external-ip", None),
    flags::value("load-balancer-ip", None),
    flags::value("session-affinity", None),
    DRY_RUN,
    OUTPUT,
];

/// The longest Service name kubectl derives from the exposed object's (a DNS-1035 label).
const MAX_NAME: usize = 63;

/// `kubectl expose`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, FLAGS, "expose")?;
    let namespace = namespace_of(&args);
    if args.positional.is_empty() {
        return Err(CommandError::usage(
            "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        ));
    }
    let names = match get::target(&args.positional, false)? {
        Target::Names(names) => names,
        Target::Types(_) => {
            return Err(CommandError::usage(
                "resource(s) were provided, but no name was specified",
            ))
        }
    };
    let dry_run = create::dry_run(&args)?;
    for (rt, name) in names {
        let key =
            ObjectKey::from_parts(rt.kind, if rt.namespaced { &namespace } else { "" }, &name);
        let Some(object) = ctx.snapshot(&key) else {
            return Err(CommandError::not_found(rt.resource(), name));
        };
        let exposed = Exposed::of(&object)?;
        let service = service(&args, &namespace, &name, exposed)?;
        create::create_or_print(ctx, service.into_object(), dry_run, &args, "exposed")?;
    }
    Ok(())
}

/// What `kubectl expose` reads from the object it exposes.
struct Exposed {
    selector: BTreeMap<String, String>,
    /// Ports in the object's order, each with its protocol.
    ports: Vec<(i32, String)>,
    labels: BTreeMap<String, String>,
}

impl Exposed {
    fn of(object: &Object) -> Result<Exposed> {
        let introspection = |why: &str| {
            CommandError::usage(format!(
                "couldn't retrieve selectors via --selector flag or introspection: {why}"
            ))
        };
        let labels = object.metadata().labels.clone().unwrap_or_default();
        let (selector, ports) = match object {
            Object::Deployment(d) => {
                let spec = d.spec.as_ref();
                let selector = map_based(
                    spec.map(|s| &s.selector),
                    "invalid deployment: no selectors, therefore cannot be exposed",
                )
                .map_err(|why| introspection(&why))?;
                let containers = spec
                    .and_then(|s| s.template.spec.as_ref())
                    .map(|s| s.containers.as_slice());
                (selector, container_ports(containers.unwrap_or_default()))
            }
            Object::ReplicaSet(r) => {
                let spec = r.spec.as_ref();
                let selector = map_based(
                    spec.map(|s| &s.selector),
                    "invalid replicaset: no selectors, therefore cannot be exposed",
                )
                .map_err(|why| introspection(&why))?;
                let containers = spec
                    .and_then(|s| s.template.as_ref())
                    .and_then(|t| t.spec.as_ref())
                    .map(|s| s.containers.as_slice());
                (selector, container_ports(containers.unwrap_or_default()))
            }
            Object::Pod(p) => {
                if labels.is_empty() {
                    return Err(introspection("the pod has no labels and cannot be exposed"));
                }
                let containers = p.spec.as_ref().map(|s| s.containers.as_slice());
                (
                    labels.clone(),
                    container_ports(containers.unwrap_or_default()),
                )
            }
            Object::Service(s) => {
                let spec = s.spec.as_ref();
                let Some(selector) = spec.and_then(|s| s.selector.clone()) else {
                    return Err(introspection("the service has no pod selector set"));
                };
                let ports = spec
                    .and_then(|s| s.ports.as_ref())
                    .map(|ports| {
                        ports
                            .iter()
                            .map(|p| (p.port, p.protocol.clone().unwrap_or_else(tcp)))
                            .collect()
                    })
                    .unwrap_or_default();
                (selector, ports)
            }
            other => {
                return Err(CommandError::usage(format!(
                    "cannot expose a {}",
                    group_kind(other)
                )))
            }
        };
        Ok(Exposed {
            selector,
            ports,
            labels,
        })
    }
}

fn tcp() -> String {
    "TCP".to_owned()
}

/// `Kind.group` as Go prints a `schema.GroupKind` (`StatefulSet.apps`, `ConfigMap`).
fn group_kind(object: &Object) -> String {
    match object.api_version().split_once('/') {
        Some((group, _)) => format!("{}.{group}", object.kind()),
        None => object.kind().to_owned(),
    }
}

/// A Deployment's or ReplicaSet's selector as the map a Service takes: only
/// `matchLabels` converts.
fn map_based(
    selector: Option<&LabelSelector>,
    missing: &str,
) -> std::result::Result<BTreeMap<String, String>, String> {
    let Some(selector) = selector else {
        return Err(missing.to_owned());
    };
    let labels = selector.match_labels.clone().unwrap_or_default();
    if labels.is_empty() {
        return Err(missing.to_owned());
    }
    if selector
        .match_expressions
        .as_ref()
        .is_some_and(|e| !e.is_empty())
    {
        return Err("couldn't convert expressions to map-based selector format".to_owned());
    }
    Ok(labels)
}

/// Every container port, in container then port order, with its protocol.
fn container_ports(containers: &[Container]) -> Vec<(i32, String)> {
    containers
        .iter()
        .flat_map(|c| c.ports.iter().flatten())
        .map(|p| (p.container_port, p.protocol.clone().unwrap_or_else(tcp)))
        .collect()
}

/// The Service kubectl's `createService` builds from the flags and the exposed object.
fn service(args: &flags::Args, namespace: &str, name: &str, exposed: Exposed) -> Result<Service> {
    let selector = match args.value("selector") {
        Some(text) => create::parse_labels(text)?,
        None => exposed.selector,
    };
    let labels = match args.value("labels") {
        Some(text) => create::parse_labels(text)?,
        None => exposed.labels,
    };
    let headless = args.value("cluster-ip") == Some("None");
    let flag_protocol = args.value("protocol").filter(|p| !p.is_empty());
    let ports: Vec<(i32, String)> = match args.value("port").filter(|p| !p.is_empty()) {
        Some(port) => {
            let number: i32 = port.parse().map_err(|_| {
                CommandError::usage(format!("strconv.Atoi: parsing {port:?}: invalid syntax"))
            })?;
            // A given port still takes the protocol the object declares for it.
            let protocol = exposed
                .ports
                .iter()
                .find(|(p, _)| *p == number)
                .map_or_else(tcp, |(_, protocol)| protocol.clone());
            vec![(number, protocol)]
        }
        None if exposed.ports.is_empty() && !headless => {
            return Err(CommandError::usage(
                "couldn't find port via --port flag or introspection",
            ))
        }
        None => exposed.ports,
    };
    let target_port = args
        .value("target-port")
        .filter(|p| !p.is_empty())
        .map(|p| match p.parse::<i32>() {
            Ok(n) => IntOrString::Int(n),
            Err(_) => IntOrString::String(p.to_owned()),
        });
    let several = ports.len() > 1;
    let ports: Vec<ServicePort> = ports
        .into_iter()
        .enumerate()
        .map(|(i, (port, protocol))| ServicePort {
            name: several.then(|| format!("port-{}", i + 1)),
            port,
            protocol: Some(flag_protocol.map_or(protocol, str::to_owned)),
            target_port: Some(target_port.clone().unwrap_or(IntOrString::Int(port))),
            ..Default::default()
        })
        .collect();
    let type_ = args
        .value("type")
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    let session_affinity = match args.value("session-affinity").filter(|s| !s.is_empty()) {
        None => None,
        Some(value @ ("None" | "ClientIP")) => Some(value.to_owned()),
        Some(other) => {
            return Err(CommandError::usage(format!(
                "unknown session affinity: {other}"
            )))
        }
    };
    let load_balancer_ip = args
        .value("load-balancer-ip")
        .filter(|ip| !ip.is_empty() && type_.as_deref() == Some("LoadBalancer"))
        .map(str::to_owned);
    let name: String = args
        .value("name")
        .filter(|n| !n.is_empty())
        .map_or_else(|| name.chars().take(MAX_NAME).collect(), str::to_owned);
    Ok(Service {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: Some(namespace.to_owned()),
            labels: (!labels.is_empty()).then_some(labels),
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            selector: Some(selector),
            ports: (!ports.is_empty()).then_some(ports),
            type_,
            cluster_ip: args
                .value("cluster-ip")
                .filter(|ip| !ip.is_empty())
                .map(str::to_owned),
            external_ips: args
                .value("external-ip")
                .filter(|ip| !ip.is_empty())
                .map(|ip| vec![ip.to_owned()]),
            load_balancer_ip,
            session_affinity,
            ..Default::default()
        }),
        status: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Cluster;
    use crate::kubectl::{run as kubectl, NoFiles};

    fn cluster_with(text: &str) -> Cluster {
        let mut cluster = Cluster::new(1);
        let out = kubectl(
            &mut cluster,
            &format!("kubectl apply -f - <<EOF\n{text}EOF"),
            &NoFiles,
        );
        assert!(!out.failed, "{}", out.text);
        cluster
    }

    const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    team: course
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
";

    #[test]
    fn a_deployment_is_exposed_with_its_selector_port_and_labels() {
        let mut cluster = cluster_with(DEPLOYMENT);
        let out = kubectl(
            &mut cluster,
            "kubectl expose deployment web --type=NodePort",
            &NoFiles,
        );
        assert_eq!(out.text, "service/web exposed\n");
        let service = cluster.get::<Service>("default", "web").expect("created");
        let spec = service.spec.as_ref().unwrap();
        assert_eq!(spec.type_.as_deref(), Some("NodePort"));
        assert_eq!(
            spec.selector,
            Some(BTreeMap::from([("app".to_owned(), "web".to_owned())]))
        );
        let port = &spec.ports.as_ref().unwrap()[0];
        assert_eq!((port.port, port.name.as_deref()), (80, None));
        assert_eq!(port.target_port, Some(IntOrString::Int(80)));
        assert!(port.node_port.is_some_and(|p| (30000..=32767).contains(&p)));
        assert_eq!(
            service.metadata.labels,
            Some(BTreeMap::from([("team".to_owned(), "course".to_owned())]))
        );
    }

    #[test]
    fn port_and_target_port_flags_win_over_the_containers() {
        let mut cluster = cluster_with(DEPLOYMENT);
        let out = kubectl(
            &mut cluster,
            "kubectl expose deploy/web --port=8080 --target-port=80 --name=web-alt",
            &NoFiles,
        );
        assert_eq!(out.text, "service/web-alt exposed\n");
        let service = cluster
            .get::<Service>("default", "web-alt")
            .expect("created");
        let port = &service.spec.as_ref().unwrap().ports.as_ref().unwrap()[0];
        assert_eq!(
            (port.port, port.target_port.clone()),
            (8080, Some(IntOrString::Int(80)))
        );
    }

    #[test]
    fn a_statefulset_cannot_be_exposed() {
        let mut cluster = cluster_with(crate::examples::COURSE_EXAMPLE);
        let out = kubectl(
            &mut cluster,
            "kubectl expose statefulset giropops --port=80",
            &NoFiles,
        );
        assert!(out.failed);
        assert_eq!(out.text, "error: cannot expose a StatefulSet.apps\n");
    }

    #[test]
    fn exposing_twice_is_refused_by_the_server() {
        let mut cluster = cluster_with(DEPLOYMENT);
        kubectl(&mut cluster, "kubectl expose deployment web", &NoFiles);
        let out = kubectl(&mut cluster, "kubectl expose deployment web", &NoFiles);
        assert!(out.failed);
        assert_eq!(
            out.text,
            "Error from server (AlreadyExists): services \"web\" already exists\n"
        );
    }

    #[test]
    fn an_object_without_ports_needs_the_port_flag() {
        let mut cluster = cluster_with(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: lone\n  labels:\n    run: lone\nspec:\n  containers:\n  - name: c\n    image: busybox\n",
        );
        let out = kubectl(&mut cluster, "kubectl expose pod lone", &NoFiles);
        assert_eq!(
            out.text,
            "error: couldn't find port via --port flag or introspection\n"
        );
        let out = kubectl(&mut cluster, "kubectl expose pod lone --port=80", &NoFiles);
        assert_eq!(out.text, "service/lone exposed\n");
    }

    #[test]
    fn a_missing_object_is_not_found() {
        let mut cluster = Cluster::new(1);
        let out = kubectl(
            &mut cluster,
            "kubectl expose deployment nope --port=80",
            &NoFiles,
        );
        assert_eq!(
            out.text,
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
    }

    #[test]
    fn dry_run_prints_the_service_and_creates_nothing() {
        let mut cluster = cluster_with(DEPLOYMENT);
        let out = kubectl(
            &mut cluster,
            "kubectl expose deployment web --port=80 --dry-run=client -o yaml",
            &NoFiles,
        );
        assert!(!out.failed, "{}", out.text);
        assert!(
            out.text.starts_with("apiVersion: v1\nkind: Service\n"),
            "{}",
            out.text
        );
        assert!(
            out.text.contains("  selector:\n    app: web\n"),
            "{}",
            out.text
        );
        assert!(cluster.get::<Service>("default", "web").is_none());
    }
}
