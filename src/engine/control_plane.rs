//! What kind, through kubeadm, sets up in a new cluster beside the worker nodes: the
//! control-plane node, labelled and tainted so that workloads stay off it, and the
//! cluster DNS add-on, the `coredns` Deployment behind `kube-dns` in `kube-system`
//! (kubeadm's manifests: its ServiceAccount, its Corefile, 2 replicas that tolerate
//! the control-plane taint).
//!
//! CoreDNS is started by the cluster's own Deployment, ReplicaSet, scheduler and
//! kubelet controllers, as on a real cluster, but before time zero and with
//! randomness of its own: a new cluster is already settled with CoreDNS Ready, and no
//! name, UID, IP or time of anything a student creates moves because it is there.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment,
};
use k8s_openapi::api::core::v1::{
    Affinity, Capabilities, ConfigMap, ConfigMapVolumeSource, Container, ContainerPort,
    HTTPGetAction, KeyToPath, Node, PodAffinityTerm, PodAntiAffinity, PodSpec, PodTemplateSpec,
    Probe, ResourceRequirements, SecurityContext, ServiceAccount, Taint, Toleration, Volume,
    VolumeMount, WeightedPodAffinityTerm,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::controllers::{self, fnv1a};
use super::rng::SplitMix64;
use super::{defaults, Cluster, EventLog, ObjectKey, Resource, API_SERVER_ADDRESS};

/// The control-plane node's name (kind calls it `<cluster>-control-plane`; the workers
/// here are `node-1`, `node-2`, ...).
pub const CONTROL_PLANE_NODE: &str = "control-plane";

/// The control-plane node's role label (`kubectl get nodes` prints its ROLES from it)
/// and the key of its taint.
pub const CONTROL_PLANE_ROLE: &str = "node-role.kubernetes.io/control-plane";

/// The label kubeadm also puts on control-plane nodes.
const EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS: &str =
    "node.kubernetes.io/exclude-from-external-load-balancers";

/// The control-plane node's pod range is `10.244.0.0/24`, as kind's first node has;
/// the workers' are `10.244.1.0/24` onwards.
pub const CONTROL_PLANE_SUBNET: u8 = 0;

/// The CoreDNS that kubeadm 1.34 installs.
pub const COREDNS_IMAGE: &str = "registry.k8s.io/coredns/coredns:v1.12.1";

/// The namespace of the cluster's own workloads.
pub const SYSTEM_NAMESPACE: &str = "kube-system";

/// Whether `node` is a control-plane node (it carries the role label).
pub fn is_control_plane(node: &Node) -> bool {
    node.metadata
        .labels
        .as_ref()
        .is_some_and(|l| l.contains_key(CONTROL_PLANE_ROLE))
}

impl Cluster {
    /// The control-plane node, then CoreDNS running on it.
    pub(super) fn install_control_plane(&mut self) {
        self.create_builtin(control_plane_node(self.config.seed).into_object());
        let account = ServiceAccount {
            metadata: ObjectMeta {
                name: Some("coredns".to_owned()),
                namespace: Some(SYSTEM_NAMESPACE.to_owned()),
                ..Default::default()
            },
            ..Default::default()
        };
        self.create_builtin(account.into_object());
        self.create_builtin(coredns_config().into_object());
        let mut deployment = coredns_deployment().into_object();
        defaults::apply_defaults(&mut deployment, &self.store, &self.config.feature_gates);
        self.create_builtin(deployment);
        self.start_system_workloads();
    }

    /// Let the controllers start what `kube-system` holds, as they do while kind
    /// creates a cluster: the control-plane node is Ready before the workers have
    /// joined, so CoreDNS is scheduled there. It all happens at once and before time
    /// zero: the set-up's events are not kept (a student finds a cluster that is up,
    /// as after `kind create cluster --wait`), and its random choices (pod names,
    /// UIDs) come from a generator of its own, not the cluster's stream.
    fn start_system_workloads(&mut self) {
        let workers: Vec<ObjectKey> = self
            .store
            .list::<Node>(None)
            .filter(|(_, node)| !is_control_plane(node))
            .map(|(key, _)| key.clone())
            .collect();
        let joined = |c: &mut Cluster, ready: &str| {
            for key in &workers {
                c.store
                    .update::<Node>(key, |node| controllers::node::set_ready(node, ready));
            }
        };
        joined(self, "False");

        let own = SplitMix64::new(self.config.seed ^ fnv1a(SYSTEM_NAMESPACE.as_bytes()));
        let stream = std::mem::replace(&mut self.rng, own);
        let config = &mut self.config;
        let pace = [
            std::mem::take(&mut config.container_start_millis),
            std::mem::take(&mut config.readiness_millis),
            std::mem::take(&mut config.start_spread_millis),
        ];
        let settled = self.run_until_settled(0);
        debug_assert!(settled, "kube-system's workloads start at once");

        joined(self, "True");
        self.tick();
        let config = &mut self.config;
        [
            config.container_start_millis,
            config.readiness_millis,
            config.start_spread_millis,
        ] = pace;
        self.rng = stream;
        self.events = EventLog::default();
    }
}

/// The control-plane node as kubeadm leaves it: a node like the workers, with the
/// role label, kept free of workloads by its `NoSchedule` taint, at the API server's
/// address (the `kubernetes` Service's endpoint is this node's port 6443).
fn control_plane_node(seed: u64) -> Node {
    let mut node = super::node_object(
        seed,
        CONTROL_PLANE_NODE,
        CONTROL_PLANE_SUBNET,
        API_SERVER_ADDRESS.to_owned(),
    );
    let labels = node.metadata.labels.get_or_insert_with(BTreeMap::new);
    labels.insert(CONTROL_PLANE_ROLE.to_owned(), String::new());
    labels.insert(
        EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS.to_owned(),
        String::new(),
    );
    node.spec.get_or_insert_with(Default::default).taints = Some(vec![Taint {
        key: CONTROL_PLANE_ROLE.to_owned(),
        effect: "NoSchedule".to_owned(),
        ..Default::default()
    }]);
    node
}

/// kubeadm's `coredns` ConfigMap for the domain `cluster.local`.
fn coredns_config() -> ConfigMap {
    const COREFILE: &str = r".:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
";
    ConfigMap {
        metadata: ObjectMeta {
            name: Some("coredns".to_owned()),
            namespace: Some(SYSTEM_NAMESPACE.to_owned()),
            ..Default::default()
        },
        data: Some(BTreeMap::from([(
            "Corefile".to_owned(),
            COREFILE.to_owned(),
        )])),
        ..Default::default()
    }
}

/// kubeadm's `coredns` Deployment (`cmd/kubeadm/app/phases/addons/dns/manifests.go`),
/// with 2 replicas whose pods tolerate the control-plane taint. kubeadm also sets
/// `priorityClassName: system-cluster-critical`, which needs PriorityClasses this
/// cluster does not have.
///
/// It is built here rather than decoded from kubeadm's YAML: every new page makes
/// one, before its first render, and decoding it would run (and make the browser
/// compile) the decoders of probes, security contexts, affinity and pod volumes,
/// which the course example never uses.
fn coredns_deployment() -> Deployment {
    let text = |s: &str| Some(s.to_owned());
    let labels = || {
        Some(BTreeMap::from([(
            "k8s-app".to_owned(),
            "kube-dns".to_owned(),
        )]))
    };
    let quantities = |pairs: &[(&str, &str)]| {
        Some(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Quantity((*v).to_owned())))
                .collect(),
        )
    };
    let port = |container_port: i32, name: &str, protocol: &str| ContainerPort {
        container_port,
        name: text(name),
        protocol: text(protocol),
        ..Default::default()
    };
    let http_get = |path: &str, port: &str| {
        Some(HTTPGetAction {
            path: text(path),
            port: IntOrString::String(port.to_owned()),
            scheme: text("HTTP"),
            ..Default::default()
        })
    };
    let container = Container {
        name: "coredns".to_owned(),
        image: text(COREDNS_IMAGE),
        image_pull_policy: text("IfNotPresent"),
        resources: Some(ResourceRequirements {
            limits: quantities(&[("memory", "170Mi")]),
            requests: quantities(&[("cpu", "100m"), ("memory", "70Mi")]),
            ..Default::default()
        }),
        args: Some(vec!["-conf".to_owned(), "/etc/coredns/Corefile".to_owned()]),
        volume_mounts: Some(vec![VolumeMount {
            name: "config-volume".to_owned(),
            mount_path: "/etc/coredns".to_owned(),
            read_only: Some(true),
            ..Default::default()
        }]),
        ports: Some(vec![
            port(53, "dns", "UDP"),
            port(53, "dns-tcp", "TCP"),
            port(9153, "metrics", "TCP"),
            port(8080, "liveness-probe", "TCP"),
            port(8181, "readiness-probe", "TCP"),
        ]),
        liveness_probe: Some(Probe {
            http_get: http_get("/health", "liveness-probe"),
            initial_delay_seconds: Some(60),
            timeout_seconds: Some(5),
            success_threshold: Some(1),
            failure_threshold: Some(5),
            ..Default::default()
        }),
        readiness_probe: Some(Probe {
            http_get: http_get("/ready", "readiness-probe"),
            ..Default::default()
        }),
        security_context: Some(SecurityContext {
            allow_privilege_escalation: Some(false),
            capabilities: Some(Capabilities {
                add: Some(vec!["NET_BIND_SERVICE".to_owned()]),
                drop: Some(vec!["ALL".to_owned()]),
            }),
            read_only_root_filesystem: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    let anti_affinity = PodAntiAffinity {
        preferred_during_scheduling_ignored_during_execution: Some(vec![WeightedPodAffinityTerm {
            weight: 100,
            pod_affinity_term: PodAffinityTerm {
                label_selector: Some(LabelSelector {
                    match_expressions: Some(vec![LabelSelectorRequirement {
                        key: "k8s-app".to_owned(),
                        operator: "In".to_owned(),
                        values: Some(vec!["kube-dns".to_owned()]),
                    }]),
                    ..Default::default()
                }),
                topology_key: "kubernetes.io/hostname".to_owned(),
                ..Default::default()
            },
        }]),
        ..Default::default()
    };
    let pod = PodSpec {
        service_account_name: text("coredns"),
        affinity: Some(Affinity {
            pod_anti_affinity: Some(anti_affinity),
            ..Default::default()
        }),
        tolerations: Some(vec![
            Toleration {
                key: text("CriticalAddonsOnly"),
                operator: text("Exists"),
                ..Default::default()
            },
            Toleration {
                key: text(CONTROL_PLANE_ROLE),
                effect: text("NoSchedule"),
                ..Default::default()
            },
        ]),
        node_selector: Some(BTreeMap::from([(
            "kubernetes.io/os".to_owned(),
            "linux".to_owned(),
        )])),
        containers: vec![container],
        dns_policy: text("Default"),
        volumes: Some(vec![Volume {
            name: "config-volume".to_owned(),
            config_map: Some(ConfigMapVolumeSource {
                name: "coredns".to_owned(),
                items: Some(vec![KeyToPath {
                    key: "Corefile".to_owned(),
                    path: "Corefile".to_owned(),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
            ..Default::default()
        }]),
        ..Default::default()
    };
    Deployment {
        metadata: ObjectMeta {
            name: text("coredns"),
            namespace: text(SYSTEM_NAMESPACE),
            labels: labels(),
            ..Default::default()
        },
        spec: Some(DeploymentSpec {
            replicas: Some(2),
            strategy: Some(DeploymentStrategy {
                type_: text("RollingUpdate"),
                rolling_update: Some(RollingUpdateDeployment {
                    max_unavailable: Some(IntOrString::Int(1)),
                    ..Default::default()
                }),
            }),
            selector: LabelSelector {
                match_labels: labels(),
                ..Default::default()
            },
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: labels(),
                    ..Default::default()
                }),
                spec: Some(pod),
            },
            ..Default::default()
        }),
        ..Default::default()
    }
}
