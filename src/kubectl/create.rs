//! `kubectl create`: objects made from flags — `create service clusterip|nodeport|
//! loadbalancer|externalname`, `create deployment`, `create namespace` — or from a
//! file (`create -f`), which unlike `apply` refuses an object that already exists.
//! What the objects hold follows kubectl's generators (`pkg/cmd/create`): a Service
//! made this way selects `app=<name>`, a Deployment labels its pods `app=<name>`.
//! `--dry-run=client` (here and for `expose`) prints the object and creates nothing.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, LoadBalancerStatus, Namespace, PodSpec, PodTemplateSpec, Service,
    ServicePort, ServiceSpec, ServiceStatus,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::error::{CommandError, Result};
use super::flags::{self, Args, Flag};
use super::serialize;
use super::{apply, namespace_of, resources, Ctx};
use crate::engine::controllers::fnv1a;
use crate::engine::rng::SplitMix64;
use crate::engine::{validation, EngineError, Object, ObjectKey, Resource};
use crate::manifest;

/// `--dry-run=none|client|server`.
pub const DRY_RUN: Flag = flags::value("dry-run", None);
/// `-o yaml|json|name`.
pub const OUTPUT: Flag = flags::value("output", Some('o'));

/// How `--dry-run` was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    None,
    /// Print the object as it would be sent; create nothing.
    Client,
    /// The server checks the object and answers as if it had created it.
    Server,
}

/// Read `--dry-run` as kubectl does (a bare `--dry-run` used to mean `client` and is
/// now refused).
pub fn dry_run(args: &Args) -> Result<DryRun> {
    match args.value("dry-run") {
        None | Some("none") => Ok(DryRun::None),
        Some("client") => Ok(DryRun::Client),
        Some("server") => Ok(DryRun::Server),
        Some(other) => Err(CommandError::usage(format!(
            "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        ))),
    }
}

/// `key=value,key=value` as kubectl's `parseLabels` reads it.
pub fn parse_labels(text: &str) -> Result<BTreeMap<String, String>> {
    let mut labels = BTreeMap::new();
    for pair in text.split(',') {
        let parts: Vec<&str> = pair.split('=').collect();
        let [key, value] = parts[..] else {
            return Err(CommandError::usage(format!(
                "unexpected label spec: {pair}"
            )));
        };
        if key.is_empty() {
            return Err(CommandError::usage("unexpected empty label key"));
        }
        labels.insert(key.to_owned(), value.to_owned());
    }
    Ok(labels)
}

/// The server's refusal of an object whose name is taken: `services "x" already exists`.
fn already_exists(object: &Object) -> String {
    let resource = resources::of_kind(object.kind())
        .map_or_else(|| object.kind().to_ascii_lowercase(), |rt| rt.resource());
    format!("{resource} {:?} already exists", object.name())
}

/// Create `object` (or, under `--dry-run`, only print it) and report it as kubectl
/// does: `service/web exposed`, `(dry run)` appended, or the object under `-o`.
/// A name that is taken is refused with `Error from server (AlreadyExists)`.
pub fn create_or_print(
    ctx: &mut Ctx,
    object: Object,
    dry_run: DryRun,
    args: &Args,
    verb: &str,
) -> Result<()> {
    create_or_print_as(ctx, object, dry_run, args, verb, |error| error)
}

/// [`create_or_print`] with the server's refusals worded by `wrap` (`kubectl create
/// service` prefixes them with `failed to create ClusterIP service: `).
fn create_or_print_as(
    ctx: &mut Ctx,
    object: Object,
    dry_run: DryRun,
    args: &Args,
    verb: &str,
    wrap: impl Fn(CommandError) -> CommandError,
) -> Result<()> {
    let output = args.value("output").filter(|o| !o.is_empty());
    if let Some(other) = output.filter(|o| !matches!(*o, "yaml" | "json" | "name")) {
        return Err(CommandError::usage(format!(
            "unable to match a printer suitable for the output format {other:?}, allowed formats are: json,name,yaml"
        )));
    }
    let label = resources::of_kind(object.kind()).map_or_else(
        || format!("{}/{}", object.resource_name(), object.name()),
        |rt| rt.object_name(object.name()),
    );
    let key = ObjectKey::of(&object);
    if dry_run != DryRun::Client && ctx.cluster.store().get(&key).is_some() {
        return Err(wrap(CommandError::Raw(format!(
            "Error from server (AlreadyExists): {}",
            already_exists(&object)
        ))));
    }
    let shown = match dry_run {
        DryRun::Client => as_sent(object, args.has("namespace")),
        DryRun::Server => {
            // The server validates and defaults, then throws the object away: a
            // copy of the cluster does exactly that.
            let mut scratch = ctx.cluster.clone();
            scratch.apply(object).map_err(|e| wrap(e.into()))?;
            scratch
                .store()
                .get(&key)
                .map(|s| s.object.clone())
                .ok_or_else(|| CommandError::not_found(label.clone(), key.name.to_string()))?
        }
        DryRun::None => {
            ctx.cluster.apply(object).map_err(|e| wrap(e.into()))?;
            ctx.record(&key, None);
            ctx.snapshot(&key)
                .ok_or_else(|| CommandError::not_found(label.clone(), key.name.to_string()))?
        }
    };
    let suffix = match dry_run {
        DryRun::None => "",
        DryRun::Client => " (dry run)",
        DryRun::Server => " (server dry run)",
    };
    match output {
        Some("yaml") => ctx.print(&serialize::yaml(&serialize::object_value(&shown))),
        Some("json") => ctx.print(&serialize::json(&serialize::object_value(&shown))),
        Some(_) => ctx.print(&format!("{label}\n")),
        None => ctx.print(&format!("{label} {verb}{suffix}\n")),
    }
    Ok(())
}

/// The object as kubectl prints it under `--dry-run=client`: the namespace only when
/// `-n` named one, and the empty `status` (and Namespace `spec`) that Go's encoder
/// writes for a struct field it cannot omit (`status: {}`, `strategy: {}`, `resources: {}`).
fn as_sent(mut object: Object, namespace_given: bool) -> Object {
    if !namespace_given {
        object.metadata_mut().namespace = None;
    }
    match &mut object {
        Object::Service(service) => {
            service.status = Some(ServiceStatus {
                load_balancer: Some(LoadBalancerStatus::default()),
                ..Default::default()
            });
        }
        Object::Deployment(deployment) => {
            if let Some(spec) = deployment.spec.as_mut() {
                spec.strategy.get_or_insert_with(Default::default);
                for container in spec
                    .template
                    .spec
                    .iter_mut()
                    .flat_map(|s| &mut s.containers)
                {
                    container.resources.get_or_insert_with(Default::default);
                }
            }
            deployment.status = Some(Default::default());
        }
        Object::Namespace(namespace) => {
            namespace.spec = Some(Default::default());
            namespace.status = Some(Default::default());
        }
        _ => {}
    }
    object
}

const FILE_FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("filename", Some('f')),
    DRY_RUN,
    OUTPUT,
];

const SERVICE_FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("tcp", None),
    flags::value("clusterip", None),
    flags::value("node-port", None),
    flags::value("external-name", None),
    DRY_RUN,
    OUTPUT,
];

const DEPLOYMENT_FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("image", None),
    flags::value("replicas", Some('r')),
    flags::value("port", None),
    DRY_RUN,
    OUTPUT,
];

const NAMESPACE_FLAGS: &[Flag] = &[DRY_RUN, OUTPUT];

/// The `kubectl create` subcommands Ordinal answers.
const SUBCOMMANDS: &str = "Available Commands:
  deployment            Create a deployment with the specified name
  namespace             Create a namespace with the specified name
  service               Create a service using a specified subcommand

Usage:
  kubectl create -f FILENAME [options]
";

const SERVICE_SUBCOMMANDS: &str = "Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]
";

/// `kubectl create`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    match words.first().map(String::as_str) {
        Some("service" | "svc") => service(ctx, &words[1..]),
        Some("deployment" | "deploy") => deployment(ctx, &words[1..]),
        Some("namespace" | "ns") => namespace(ctx, &words[1..]),
        Some(word) if !word.starts_with('-') => {
            Err(CommandError::NotSimulated(format!("create {word}")))
        }
        _ => from_files(ctx, words),
    }
}

/// `kubectl create -f FILE`: every object of the file, refusing any that exists.
fn from_files(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, FILE_FLAGS, "create")?;
    let paths = args.values("filename").to_vec();
    if paths.is_empty() {
        ctx.print(SUBCOMMANDS);
        return Err(CommandError::usage("must specify one of -f and -k"));
    }
    let dry_run = dry_run(&args)?;
    let namespace = args.value("namespace").map(str::to_owned);
    for path in paths {
        let text = apply::read(ctx, &path)?;
        let source = if path == "-" { "STDIN" } else { path.as_str() };
        let parsed = manifest::parse(&text);
        if let Some(error) = parsed.errors.into_iter().next() {
            return Err(CommandError::Manifest {
                file: source.to_owned(),
                error,
            });
        }
        if parsed.documents.is_empty() {
            return Err(CommandError::usage("no objects passed to create"));
        }
        for document in parsed.documents {
            let mut object = document.object;
            if object.is_namespaced() {
                let meta = object.metadata_mut();
                if meta.namespace.as_deref().is_none_or(str::is_empty) {
                    meta.namespace = Some(
                        namespace
                            .clone()
                            .unwrap_or_else(|| crate::engine::DEFAULT_NAMESPACE.to_owned()),
                    );
                }
            }
            let source = source.to_owned();
            let result =
                create_or_print_as(
                    ctx,
                    object,
                    dry_run,
                    &args,
                    "created",
                    |error| match error {
                        CommandError::Raw(message) => CommandError::Raw(message.replacen(
                            "Error from server (AlreadyExists): ",
                            &format!(
                            "Error from server (AlreadyExists): error when creating {source:?}: "
                        ),
                            1,
                        )),
                        other => other,
                    },
                );
            if let Err(error) = result {
                ctx.report(&error);
            }
        }
    }
    if ctx.failed() {
        Err(CommandError::Reported)
    } else {
        Ok(())
    }
}

/// The one NAME a `create` subcommand takes.
fn one_name(args: &Args, command: &str) -> Result<String> {
    match args.positional.as_slice() {
        [name] => Ok(name.clone()),
        other => Err(CommandError::usage(format!(
            "exactly one NAME is required, got {}\nSee 'kubectl create {command} -h' for help and examples",
            other.len()
        ))),
    }
}

/// `kubectl create service TYPE NAME [--tcp=port:targetPort]...`.
fn service(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let Some(kind) = words.first().filter(|w| !w.starts_with('-')) else {
        ctx.print(SERVICE_SUBCOMMANDS);
        return Ok(());
    };
    let type_ = match kind.as_str() {
        "clusterip" => "ClusterIP",
        "nodeport" => "NodePort",
        "loadbalancer" => "LoadBalancer",
        "externalname" => "ExternalName",
        other => {
            return Err(CommandError::UnknownCommand {
                command: other.to_owned(),
                suggestions: Vec::new(),
            })
        }
    };
    let command = format!("service {kind}");
    let args = flags::parse(&words[1..], SERVICE_FLAGS, &format!("create {command}"))?;
    let name = one_name(&args, &command)?;
    let cluster_ip = args.value("clusterip").filter(|ip| !ip.is_empty());
    let external_name = args.value("external-name");
    if type_ == "ExternalName" && external_name.is_none() {
        return Err(CommandError::usage(
            "required flag(s) \"external-name\" not set",
        ));
    }
    if cluster_ip == Some("None") && type_ != "ClusterIP" {
        return Err(CommandError::usage(
            "ClusterIP=None can only be used with ClusterIP service type",
        ));
    }
    // `--tcp` is a string slice: repeated, or comma-separated.
    let tcp: Vec<&str> = args
        .values("tcp")
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|v| !v.is_empty())
        .collect();
    if cluster_ip != Some("None") && tcp.is_empty() && type_ != "ExternalName" {
        return Err(CommandError::usage(
            "at least one tcp port specifier must be provided",
        ));
    }
    if let Some(external) = external_name {
        if validation::dns_subdomain_problem(external).is_some() {
            return Err(CommandError::usage(format!(
                "invalid service external name {external}"
            )));
        }
    }
    let node_port = match args.value("node-port") {
        None => None,
        Some(text) => Some(text.parse::<i32>().map_err(|_| {
            CommandError::usage(format!(
                "invalid argument {text:?} for \"--node-port\" flag: strconv.ParseInt: parsing {text:?}: invalid syntax"
            ))
        })?),
    };
    let mut ports = Vec::new();
    for pair in tcp {
        let (port, target) = parse_port_pair(pair)?;
        ports.push(ServicePort {
            name: Some(pair.replace(':', "-")),
            port,
            target_port: Some(target),
            protocol: Some("TCP".to_owned()),
            node_port: node_port.filter(|p| *p != 0),
            ..Default::default()
        });
    }
    let app = BTreeMap::from([("app".to_owned(), name.clone())]);
    let service = Service {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            namespace: Some(namespace_of(&args)),
            labels: Some(app.clone()),
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            type_: Some(type_.to_owned()),
            selector: Some(app),
            ports: (!ports.is_empty()).then_some(ports),
            external_name: external_name.map(str::to_owned),
            cluster_ip: cluster_ip.map(str::to_owned),
            ..Default::default()
        }),
        status: None,
    };
    let dry_run = dry_run(&args)?;
    create_or_print_as(
        ctx,
        service.into_object(),
        dry_run,
        &args,
        "created",
        |error| {
            // kubectl words the server's refusal as the cause of its own failure.
            let cause = match error {
                CommandError::Raw(message) => message
                    .trim_start_matches("Error from server (AlreadyExists): ")
                    .to_owned(),
                CommandError::Server(EngineError::Invalid { message }) => {
                    message.trim_start_matches("The ").to_owned()
                }
                other => return other,
            };
            CommandError::usage(format!("failed to create {type_} service: {cause}"))
        },
    )
}

/// `port[:targetPort]` of `--tcp`, the target a number or a port name.
fn parse_port_pair(pair: &str) -> Result<(i32, IntOrString)> {
    let mut parts = pair.split(':');
    let port_text = parts.next().unwrap_or_default();
    let port: i32 = match port_text.parse() {
        Ok(p) if (1..=65535).contains(&p) => p,
        _ => {
            return Err(CommandError::usage(format!(
                "invalid port number: {port_text:?}"
            )))
        }
    };
    let Some(target) = parts.next() else {
        return Ok((port, IntOrString::Int(port)));
    };
    let target = match target.parse::<i32>() {
        Ok(n) if (1..=65535).contains(&n) => IntOrString::Int(n),
        Ok(_) => {
            return Err(CommandError::usage(
                "must be between 1 and 65535, inclusive",
            ))
        }
        Err(_) => {
            let problems = validation::port_name_problems(target);
            if !problems.is_empty() {
                return Err(CommandError::usage(problems.join(",")));
            }
            IntOrString::String(target.to_owned())
        }
    };
    Ok((port, target))
}

/// `kubectl create deployment NAME --image=IMAGE... [--replicas=N] [--port=P] [-- COMMAND]`.
fn deployment(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, DEPLOYMENT_FLAGS, "create deployment")?;
    let name = one_name(&args, "deployment")?;
    let images: Vec<String> = args
        .values("image")
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect();
    if images.is_empty() {
        return Err(CommandError::usage("required flag(s) \"image\" not set"));
    }
    if images.len() > 1 && args.command.is_some() {
        return Err(CommandError::usage(
            "cannot specify multiple --image options and command",
        ));
    }
    let replicas = match args.value("replicas") {
        None => 1,
        Some(text) => text.parse::<i32>().map_err(|_| {
            CommandError::usage(format!(
                "invalid argument {text:?} for \"-r, --replicas\" flag: strconv.ParseInt: parsing {text:?}: invalid syntax"
            ))
        })?,
    };
    let port = match args.value("port") {
        None => None,
        Some(text) => Some(text.parse::<i32>().map_err(|_| {
            CommandError::usage(format!(
                "invalid argument {text:?} for \"--port\" flag: strconv.ParseInt: parsing {text:?}: invalid syntax"
            ))
        })?),
    };
    let mut used = Vec::new();
    let mut containers: Vec<Container> = images
        .iter()
        .map(|image| {
            let name = container_name(image, &used);
            used.push(name.clone());
            Container {
                name,
                image: Some(image.clone()),
                command: args.command.clone(),
                ..Default::default()
            }
        })
        .collect();
    if let (Some(port), Some(first)) = (port.filter(|p| *p >= 0), containers.first_mut()) {
        first.ports = Some(vec![ContainerPort {
            container_port: port,
            ..Default::default()
        }]);
    }
    let app = BTreeMap::from([("app".to_owned(), name.clone())]);
    let deployment = Deployment {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: Some(namespace_of(&args)),
            labels: Some(app.clone()),
            ..Default::default()
        },
        spec: Some(DeploymentSpec {
            replicas: Some(replicas),
            selector: LabelSelector {
                match_labels: Some(app.clone()),
                ..Default::default()
            },
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(app),
                    ..Default::default()
                }),
                spec: Some(PodSpec {
                    containers,
                    ..Default::default()
                }),
            },
            ..Default::default()
        }),
        status: None,
    };
    let dry_run = dry_run(&args)?;
    create_or_print(ctx, deployment.into_object(), dry_run, &args, "created")
}

/// A container's name from its image, as `kubectl create deployment` derives it: the
/// last path part without tag or digest, `_` made `-`, and five characters of
/// kubectl's random alphabet after a name already used (here drawn from the name and
/// position, so the same command always makes the same Deployment).
fn container_name(image: &str, used: &[String]) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let base = image.rsplit('/').next().unwrap_or(image);
    let base = base.split(['@', ':']).next().unwrap_or(base);
    let base = base.replace('_', "-");
    if !used.contains(&base) {
        return base;
    }
    let mut rng = SplitMix64::new(fnv1a(format!("{base}/{}", used.len()).as_bytes()));
    let suffix: String = (0..5)
        .map(|_| {
            let at = usize::try_from(rng.below(ALPHABET.len() as u64)).unwrap_or(0);
            char::from(ALPHABET[at])
        })
        .collect();
    format!("{base}-{suffix}")
}

/// `kubectl create namespace NAME`.
fn namespace(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, NAMESPACE_FLAGS, "create namespace")?;
    let name = one_name(&args, "namespace")?;
    let namespace = Namespace {
        metadata: ObjectMeta {
            name: Some(name),
            ..Default::default()
        },
        ..Default::default()
    };
    let dry_run = dry_run(&args)?;
    create_or_print(ctx, namespace.into_object(), dry_run, &args, "created")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Cluster;
    use crate::kubectl::{run as kubectl, NoFiles};

    #[test]
    fn a_clusterip_service_selects_app_equal_to_its_name() {
        let mut cluster = Cluster::new(1);
        let out = kubectl(
            &mut cluster,
            "kubectl create service clusterip web --tcp=80:8080",
            &NoFiles,
        );
        assert_eq!(out.text, "service/web created\n");
        let service = cluster.get::<Service>("default", "web").expect("created");
        let spec = service.spec.as_ref().unwrap();
        assert_eq!(
            spec.selector,
            Some(BTreeMap::from([("app".to_owned(), "web".to_owned())]))
        );
        let port = &spec.ports.as_ref().unwrap()[0];
        assert_eq!(port.name.as_deref(), Some("80-8080"));
        assert_eq!(
            (port.port, port.target_port.clone()),
            (80, Some(IntOrString::Int(8080)))
        );
    }

    #[test]
    fn an_externalname_service_needs_its_name_and_answers_with_it() {
        let mut cluster = Cluster::new(1);
        let out = kubectl(
            &mut cluster,
            "kubectl create service externalname db",
            &NoFiles,
        );
        assert_eq!(
            out.text,
            "error: required flag(s) \"external-name\" not set\n"
        );
        let out = kubectl(
            &mut cluster,
            "kubectl create service externalname meu-service --external-name meu-db.giropops.com.br",
            &NoFiles,
        );
        assert_eq!(out.text, "service/meu-service created\n");
        let service = cluster
            .get::<Service>("default", "meu-service")
            .expect("created");
        assert_eq!(
            service.spec.as_ref().unwrap().external_name.as_deref(),
            Some("meu-db.giropops.com.br")
        );
    }

    #[test]
    fn a_service_without_ports_is_refused_unless_headless() {
        let mut cluster = Cluster::new(1);
        let out = kubectl(
            &mut cluster,
            "kubectl create service nodeport web",
            &NoFiles,
        );
        assert_eq!(
            out.text,
            "error: at least one tcp port specifier must be provided\n"
        );
        let out = kubectl(
            &mut cluster,
            "kubectl create service clusterip web --clusterip=None",
            &NoFiles,
        );
        assert_eq!(out.text, "service/web created\n");
    }

    #[test]
    fn a_taken_name_is_a_failure_to_create() {
        let mut cluster = Cluster::new(1);
        kubectl(
            &mut cluster,
            "kubectl create service clusterip web --tcp=80",
            &NoFiles,
        );
        let out = kubectl(
            &mut cluster,
            "kubectl create service clusterip web --tcp=80",
            &NoFiles,
        );
        assert!(out.failed);
        assert_eq!(
            out.text,
            "error: failed to create ClusterIP service: services \"web\" already exists\n"
        );
    }

    #[test]
    fn a_node_port_out_of_range_is_the_servers_refusal() {
        let mut cluster = Cluster::new(1);
        let out = kubectl(
            &mut cluster,
            "kubectl create service nodeport web --tcp=80 --node-port=80",
            &NoFiles,
        );
        assert!(out.failed);
        assert!(
            out.text.starts_with(
                "error: failed to create NodePort service: Service \"web\" is invalid: "
            ),
            "{}",
            out.text
        );
        assert!(out.text.contains("30000-32767"), "{}", out.text);
    }

    #[test]
    fn a_deployment_is_made_from_its_image() {
        let mut cluster = Cluster::new(1);
        let out = kubectl(
            &mut cluster,
            "kubectl create deployment web --image=registry.k8s.io/nginx:1.27 --replicas=2 --port=80",
            &NoFiles,
        );
        assert_eq!(out.text, "deployment.apps/web created\n");
        let deployment = cluster
            .get::<Deployment>("default", "web")
            .expect("created");
        let spec = deployment.spec.as_ref().unwrap();
        assert_eq!(spec.replicas, Some(2));
        let container = &spec.template.spec.as_ref().unwrap().containers[0];
        assert_eq!(container.name, "nginx");
        assert_eq!(container.ports.as_ref().unwrap()[0].container_port, 80);
    }

    #[test]
    fn create_from_a_file_refuses_what_exists() {
        let mut cluster = Cluster::new(1);
        let line = "kubectl create -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\nEOF";
        assert_eq!(
            kubectl(&mut cluster, line, &NoFiles).text,
            "namespace/dev created\n"
        );
        let out = kubectl(&mut cluster, line, &NoFiles);
        assert!(out.failed);
        assert_eq!(
            out.text,
            "Error from server (AlreadyExists): error when creating \"STDIN\": namespaces \"dev\" already exists\n"
        );
    }

    #[test]
    fn dry_run_client_prints_without_creating() {
        let mut cluster = Cluster::new(1);
        let out = kubectl(
            &mut cluster,
            "kubectl create namespace dev --dry-run=client",
            &NoFiles,
        );
        assert_eq!(out.text, "namespace/dev created (dry run)\n");
        assert!(cluster
            .store()
            .get(&ObjectKey::new::<Namespace>("", "dev"))
            .is_none());
    }

    #[test]
    fn repeated_images_get_distinct_container_names() {
        assert_eq!(container_name("nginx:1.27", &[]), "nginx");
        assert_eq!(container_name("my_app@sha256:abc", &[]), "my-app");
        let second = container_name("nginx", &["nginx".to_owned()]);
        assert_eq!(second.len(), "nginx-".len() + 5, "{second}");
        assert!(second.starts_with("nginx-"), "{second}");
        assert_eq!(second, container_name("nginx", &["nginx".to_owned()]));
    }
}
