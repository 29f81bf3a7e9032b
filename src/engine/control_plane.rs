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

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ConfigMap, Node, ServiceAccount, Taint};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

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

/// kubeadm's `coredns` Deployment, with 2 replicas whose pods tolerate the
/// control-plane taint. It is read by the same YAML reader as a student's text, so
/// a new cluster warms the decoding code that the first apply runs next.
fn coredns_deployment() -> Deployment {
    crate::yaml::from_str(include_str!("coredns-deployment.yaml"))
        .expect("kubeadm's CoreDNS Deployment decodes")
}
