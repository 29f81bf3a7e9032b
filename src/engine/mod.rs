//! The simulated cluster: a pure, deterministic model of the parts of Kubernetes
//! that StatefulSets and Services touch.
//!
//! It owns the object store, the simulated clock, the seeded randomness and the
//! event log, and runs the controllers as reconcile passes over the store. It has no
//! web types and never reads a real clock or OS randomness: the same calls with the
//! same seed give the same cluster, byte for byte, natively and in wasm32.

pub mod clock;
pub mod control_plane;
pub mod controllers;
mod defaults;
pub mod dns;
pub mod events;
pub mod explain;
pub mod features;
pub mod ipam;
pub mod labels;
mod merge;
pub mod object;
pub mod quantity;
pub mod rng;
pub mod store;
mod update;
pub mod validation;

use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::api::core::v1::{
    Node, NodeAddress, NodeCondition, NodeSpec, NodeStatus, Pod, Service, ServicePort, ServiceSpec,
};
use k8s_openapi::api::discovery::v1::{Endpoint, EndpointConditions, EndpointPort, EndpointSlice};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

pub use clock::SimTime;
pub use events::{Event, EventLog, EventType, InvolvedObject};
pub use features::FeatureGates;
pub use object::{Object, Resource};
pub use store::{ObjectKey, Store, Stored};
pub use update::UpdateOutcome;

use store::KeyMap;

use controllers::kubelet::PodRuntime;
use ipam::PodAddresses;
use rng::SplitMix64;

/// The namespace an object lands in when its manifest names none.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The wall-clock instant that simulated time zero stands for (2026-01-01T00:00:00Z),
/// used where Kubernetes prints timestamps (`creationTimestamp`).
pub const EPOCH_UNIX_SECONDS: i64 = 1_767_225_600;

/// The default StorageClass every new cluster has, as kind's clusters do.
pub const DEFAULT_STORAGE_CLASS: &str = "standard";

/// The provisioner of the default StorageClass: simulated network disks, so a pod
/// keeps its volume wherever it is scheduled.
pub const SIMULATED_PROVISIONER: &str = "ordinal.local/simulated-disk";

/// How many reconcile passes one tick may take before it stops (a safety bound: a
/// settled cluster needs one).
const MAX_PASSES_PER_TICK: usize = 64;

/// A result whose error comes from the simulated API server.
pub type Result<T> = std::result::Result<T, EngineError>;

/// What the simulated API server refuses, in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// The named object does not exist (`pods "giropops-9" not found`).
    NotFound { resource: String, name: String },
    /// The object breaks a rule of the API server; the message is the server's.
    Invalid { message: String },
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::NotFound { resource, name } => write!(f, "{resource} {name:?} not found"),
            EngineError::Invalid { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for EngineError {}

/// What `apply` did with an object, as kubectl reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyOutcome {
    Created,
    Configured,
    Unchanged,
}

impl fmt::Display for ApplyOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ApplyOutcome::Created => "created",
            ApplyOutcome::Configured => "configured",
            ApplyOutcome::Unchanged => "unchanged",
        })
    }
}

/// The shape and pace of a simulated cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterConfig {
    /// Seed of every random choice (UIDs, revision hashes, start-up spread).
    pub seed: u64,
    /// Number of worker nodes, named `node-1`, `node-2`, ... (1 to 250); the
    /// control-plane node comes on top.
    pub nodes: u8,
    /// Time from a pod's containers being created to the pod Running.
    pub container_start_millis: u64,
    /// Time from Running to Ready (the readiness probe passing).
    pub readiness_millis: u64,
    /// Up to this much extra start-up time per pod, chosen by the seeded generator,
    /// so pods do not all start in lock-step.
    pub start_spread_millis: u64,
    /// How long a deleted pod stays Terminating (capped by its grace period).
    pub termination_millis: u64,
    /// The feature gates the cluster's components run with (1.34's defaults).
    pub feature_gates: FeatureGates,
    /// The most replicas the simulated API server accepts for one StatefulSet,
    /// Deployment or ReplicaSet: [`validation::MAX_REPLICAS`] in the playground, where
    /// every pod runs in the student's browser; benches and tests may raise it.
    pub max_replicas: i32,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            seed: 1,
            nodes: 3,
            container_start_millis: 1_000,
            readiness_millis: 1_000,
            start_spread_millis: 1_000,
            termination_millis: 1_000,
            feature_gates: FeatureGates::default(),
            max_replicas: validation::MAX_REPLICAS,
        }
    }
}

/// What one reconcile pass of a controller did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Whether it changed anything.
    pub changed: bool,
}

impl Reconciled {
    /// Merge another controller's result into this one.
    pub fn and(self, other: Reconciled) -> Reconciled {
        Reconciled {
            changed: self.changed || other.changed,
        }
    }
}

/// The earlier of two optional times.
pub fn earliest(a: Option<SimTime>, b: Option<SimTime>) -> Option<SimTime> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A simulated cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    config: ClusterConfig,
    now: SimTime,
    rng: SplitMix64,
    store: Store,
    events: EventLog,
    /// The kubelets' memory of each pod (by UID): when it will run, be ready, be gone.
    runtime: KeyMap<String, PodRuntime>,
    pod_addresses: PodAddresses,
    /// Nodes whose kubelet has stopped reporting, and since when.
    failed_nodes: BTreeMap<String, SimTime>,
    /// The controllers' work queues, memory and timers.
    work: controllers::Work,
}

impl Cluster {
    /// A cluster with the default shape (a control-plane node and 3 workers, the
    /// `standard` StorageClass) whose every random choice follows from `seed`.
    pub fn new(seed: u64) -> Self {
        Cluster::with_config(ClusterConfig {
            seed,
            ..ClusterConfig::default()
        })
    }

    /// A cluster of the given shape and pace.
    pub fn with_config(config: ClusterConfig) -> Self {
        let mut cluster = Cluster {
            rng: SplitMix64::new(config.seed),
            config,
            now: SimTime::ZERO,
            store: Store::default(),
            events: EventLog::default(),
            runtime: KeyMap::default(),
            pod_addresses: PodAddresses::default(),
            failed_nodes: BTreeMap::new(),
            work: controllers::Work::default(),
        };
        cluster.install_system_objects();
        cluster
    }

    fn install_system_objects(&mut self) {
        for n in 1..=self.config.nodes.clamp(1, 250) {
            let address = controllers::kubelet::node_address(n);
            let node = node_object(self.config.seed, &format!("node-{n}"), n, address);
            self.create_system(node.into_object());
        }
        let class = StorageClass {
            metadata: ObjectMeta {
                name: Some(DEFAULT_STORAGE_CLASS.to_owned()),
                annotations: Some(BTreeMap::from([(
                    "storageclass.kubernetes.io/is-default-class".to_owned(),
                    "true".to_owned(),
                )])),
                ..Default::default()
            },
            provisioner: SIMULATED_PROVISIONER.to_owned(),
            reclaim_policy: Some("Delete".to_owned()),
            volume_binding_mode: Some("WaitForFirstConsumer".to_owned()),
            ..Default::default()
        };
        self.create_system(class.into_object());
        for namespace in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let object = k8s_openapi::api::core::v1::Namespace {
                metadata: ObjectMeta {
                    name: Some(namespace.to_owned()),
                    labels: Some(BTreeMap::from([(
                        "kubernetes.io/metadata.name".to_owned(),
                        namespace.to_owned(),
                    )])),
                    ..Default::default()
                },
                spec: None,
                status: Some(k8s_openapi::api::core::v1::NamespaceStatus {
                    phase: Some("Active".to_owned()),
                    ..Default::default()
                }),
            };
            self.create_system(object.into_object());
        }
        // The API server's own Service, present in every cluster's `default` namespace.
        let api = Service {
            metadata: ObjectMeta {
                name: Some("kubernetes".to_owned()),
                namespace: Some(DEFAULT_NAMESPACE.to_owned()),
                labels: Some(BTreeMap::from([
                    ("component".to_owned(), "apiserver".to_owned()),
                    ("provider".to_owned(), "kubernetes".to_owned()),
                ])),
                ..Default::default()
            },
            spec: Some(ServiceSpec {
                type_: Some("ClusterIP".to_owned()),
                cluster_ip: Some(controllers::service::KUBERNETES_SERVICE_IP.to_owned()),
                cluster_ips: Some(vec![controllers::service::KUBERNETES_SERVICE_IP.to_owned()]),
                ports: Some(vec![ServicePort {
                    name: Some("https".to_owned()),
                    port: 443,
                    protocol: Some("TCP".to_owned()),
                    target_port: Some(IntOrString::Int(API_SERVER_PORT)),
                    ..Default::default()
                }]),
                session_affinity: Some("None".to_owned()),
                ..Default::default()
            }),
            status: None,
        };
        self.create_system(api.into_object());
        self.install_builtin_objects();
    }

    /// The cluster's own objects that came after the first ones: every namespace's
    /// `default` ServiceAccount, the API server's EndpointSlice, the cluster DNS
    /// Service `kube-dns` (as kubeadm and kind install it) with its slice, and the
    /// control-plane node with CoreDNS behind `kube-dns` (`control_plane`).
    fn install_builtin_objects(&mut self) {
        for namespace in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            self.create_builtin(
                controllers::serviceaccount::default_account(namespace).into_object(),
            );
        }
        // The API server keeps the `kubernetes` Service's endpoints itself: its own
        // address and secure port.
        let api_slice = EndpointSlice {
            metadata: ObjectMeta {
                name: Some("kubernetes".to_owned()),
                namespace: Some(DEFAULT_NAMESPACE.to_owned()),
                labels: Some(BTreeMap::from([(
                    controllers::endpoints::SERVICE_NAME_LABEL.to_owned(),
                    "kubernetes".to_owned(),
                )])),
                ..Default::default()
            },
            address_type: "IPv4".to_owned(),
            endpoints: vec![Endpoint {
                addresses: vec![API_SERVER_ADDRESS.to_owned()],
                conditions: Some(EndpointConditions {
                    ready: Some(true),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            ports: Some(vec![EndpointPort {
                name: Some("https".to_owned()),
                port: Some(API_SERVER_PORT),
                protocol: Some("TCP".to_owned()),
                app_protocol: None,
            }]),
        };
        self.create_builtin(api_slice.into_object());

        let dns_port = |name: &str, port: i32, protocol: &str| ServicePort {
            name: Some(name.to_owned()),
            port,
            protocol: Some(protocol.to_owned()),
            target_port: Some(IntOrString::Int(port)),
            ..Default::default()
        };
        let labels = BTreeMap::from([
            ("k8s-app".to_owned(), "kube-dns".to_owned()),
            (
                "kubernetes.io/cluster-service".to_owned(),
                "true".to_owned(),
            ),
            ("kubernetes.io/name".to_owned(), "CoreDNS".to_owned()),
        ]);
        let mut dns = Service {
            metadata: ObjectMeta {
                name: Some("kube-dns".to_owned()),
                namespace: Some("kube-system".to_owned()),
                labels: Some(labels),
                annotations: Some(BTreeMap::from([
                    ("prometheus.io/port".to_owned(), "9153".to_owned()),
                    ("prometheus.io/scrape".to_owned(), "true".to_owned()),
                ])),
                ..Default::default()
            },
            spec: Some(ServiceSpec {
                type_: Some("ClusterIP".to_owned()),
                cluster_ip: Some(controllers::service::DNS_SERVICE_IP.to_owned()),
                cluster_ips: Some(vec![controllers::service::DNS_SERVICE_IP.to_owned()]),
                selector: Some(BTreeMap::from([(
                    "k8s-app".to_owned(),
                    "kube-dns".to_owned(),
                )])),
                ports: Some(vec![
                    dns_port("dns", 53, "UDP"),
                    dns_port("dns-tcp", 53, "TCP"),
                    dns_port("metrics", 9153, "TCP"),
                ]),
                session_affinity: Some("None".to_owned()),
                internal_traffic_policy: Some("Cluster".to_owned()),
                ip_family_policy: Some("SingleStack".to_owned()),
                ip_families: Some(vec!["IPv4".to_owned()]),
                ..Default::default()
            }),
            status: None,
        };
        let uid = self.create_builtin(dns.clone().into_object());
        dns.metadata.uid = Some(uid);
        // Its slice, as the EndpointSlice controller keeps it (`generateName`), with a
        // name that follows from the seed like the UIDs above.
        let mut rng = SplitMix64::new(self.config.seed ^ controllers::fnv1a(b"kube-dns slice"));
        let suffix: String = (0..5)
            .map(|_| {
                const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
                ALPHABET[usize::try_from(rng.below(ALPHABET.len() as u64)).unwrap_or(0)] as char
            })
            .collect();
        let slice = controllers::endpoints::empty_slice(&dns, &format!("kube-dns-{suffix}"));
        self.create_builtin(slice.into_object());
        self.install_control_plane();
    }

    /// The configuration the cluster was made with.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// The object store, read-only: views and commands read from here.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The event log, oldest first.
    pub fn events(&self) -> &EventLog {
        &self.events
    }

    /// The `T` named `name` in `namespace` ("" for cluster-wide kinds).
    pub fn get<T: Resource>(&self, namespace: &str, name: &str) -> Option<&T> {
        self.store.get_as::<T>(namespace, name)
    }

    /// The wall-clock timestamp that a simulated instant stands for.
    pub fn timestamp(&self, at: SimTime) -> Time {
        let millis = i64::try_from(at.as_millis()).unwrap_or(i64::MAX / 2);
        let seconds = EPOCH_UNIX_SECONDS.saturating_add(millis / 1000);
        Time(k8s_openapi::jiff::Timestamp::from_second(seconds).unwrap_or_default())
    }

    /// The feature gates the cluster runs with.
    pub fn feature_gates(&self) -> &FeatureGates {
        &self.config.feature_gates
    }

    /// Turn a feature gate on or off by its Kubernetes name
    /// (`MaxUnavailableStatefulSet`), as restarting the components with another
    /// `--feature-gates` flag would. Every controller looks at everything again.
    pub fn set_feature_gate(&mut self, name: &str, enabled: bool) -> Result<()> {
        self.config.feature_gates.set(name, enabled)?;
        self.resync();
        Ok(())
    }

    /// When the controllers next have work to do, if ever without new input.
    pub fn next_wakeup(&self) -> Option<SimTime> {
        if controllers::has_work(self) {
            return Some(self.now);
        }
        self.work.timers.next()
    }

    /// True when nothing will happen without new input.
    pub fn is_settled(&self) -> bool {
        self.next_wakeup().is_none()
    }

    /// Run the controllers at the current instant until none has work left.
    ///
    /// Like real controllers, which act on watch events and requeue timers, each
    /// controller works only on what changed since its last pass and on timers that
    /// are due: a tick of a settled cluster costs almost nothing per animation frame.
    pub fn tick(&mut self) {
        controllers::fire_timers(self);
        for _ in 0..MAX_PASSES_PER_TICK {
            if !controllers::has_work(self) {
                break;
            }
            controllers::reconcile_all(self);
        }
    }

    /// Run every controller over every object once even if nothing changed, like an
    /// informer resync.
    pub fn resync(&mut self) {
        let keys: Vec<ObjectKey> = self.store.iter().map(|(key, _)| key.clone()).collect();
        for key in keys {
            self.store.notify(key);
        }
        self.tick();
    }

    /// Move the clock forward by `millis`, stopping at every instant where a
    /// controller has work, so that nothing is skipped.
    pub fn advance(&mut self, millis: u64) {
        let target = self.now.plus_millis(millis);
        self.tick();
        while let Some(wake) = self.next_wakeup().filter(|w| *w <= target) {
            self.now = self.now.max(wake);
            self.tick();
        }
        self.now = target;
        self.tick();
    }

    /// Advance until the cluster is settled or `max_millis` have passed; returns
    /// whether it settled.
    pub fn run_until_settled(&mut self, max_millis: u64) -> bool {
        let limit = self.now.plus_millis(max_millis);
        self.tick();
        while let Some(wake) = self.next_wakeup() {
            if wake > limit {
                self.now = limit;
                self.tick();
                return false;
            }
            self.now = self.now.max(wake);
            self.tick();
        }
        true
    }

    /// Create or update `object` the way `kubectl apply` does, then let the
    /// controllers react. The user's fields replace the stored ones; the server keeps
    /// its own metadata, the status, and the fields controllers own.
    pub fn apply(&mut self, object: Object) -> Result<ApplyOutcome> {
        let object = normalize_applied(object)?;
        let applied = object.clone();
        self.apply_as(object, applied)
    }

    /// `kubectl apply`'s three-way merge: a field the user's manifest changed since
    /// the last apply takes the new value, a field it dropped is removed, and a field
    /// it left as it was keeps the live value, so a `kubectl scale` between two applies
    /// of the same file survives a change to any other field (maps merge key by key;
    /// lists are replaced whole). An object never applied before is applied as
    /// [`Cluster::apply`] does.
    pub fn apply_merging(&mut self, object: Object) -> Result<ApplyOutcome> {
        let object = normalize_applied(object)?;
        let key = ObjectKey::of(&object);
        let Some((live, last)) = self
            .store
            .get(&key)
            .and_then(|s| Some((s.object.clone(), s.applied.clone()?)))
        else {
            return self.apply(object);
        };
        if last == object {
            return Ok(ApplyOutcome::Unchanged);
        }
        let mut live = live;
        live.clear_status();
        let merged = merge::three_way(&live.to_json(), &last.to_json(), &object.to_json());
        let merged = object
            .same_kind_from_json(&merged)
            .map_err(|error| EngineError::Invalid {
                message: format!("error when merging with the live object: {error}"),
            })?;
        self.apply_as(merged, object)
    }

    /// Apply `object`, remembering `applied` as what the user last applied.
    fn apply_as(&mut self, mut object: Object, applied: Object) -> Result<ApplyOutcome> {
        let key = ObjectKey::of(&object);
        if !key.namespace.is_empty()
            && self
                .get::<k8s_openapi::api::core::v1::Namespace>("", &key.namespace)
                .is_none()
        {
            return Err(EngineError::NotFound {
                resource: "namespaces".to_owned(),
                name: key.namespace.to_string(),
            });
        }

        let outcome = match self.store.get(&key) {
            None => {
                defaults::apply_defaults(&mut object, &self.store, &self.config.feature_gates);
                defaults::drop_disabled_fields(&mut object, None, &self.config.feature_gates);
                validation::check(&object, self.config.max_replicas)?;
                if let Object::Service(service) = &mut object {
                    controllers::service::allocate(self, service, None)?;
                }
                defaults::admit_pod(&mut object);
                defaults::default_status(&mut object);
                let uid = self.rng.uid();
                let created = self.timestamp(self.now);
                let meta = object.metadata_mut();
                meta.uid = Some(uid);
                meta.generation = Some(1);
                meta.creation_timestamp = Some(created);
                self.store.put(object, self.now, Some(applied));
                ApplyOutcome::Created
            }
            Some(existing) if existing.applied.as_ref() == Some(&applied) => {
                return Ok(ApplyOutcome::Unchanged);
            }
            Some(existing) => {
                let existing = existing.clone();
                defaults::apply_defaults(&mut object, &self.store, &self.config.feature_gates);
                defaults::drop_disabled_fields(
                    &mut object,
                    Some(&existing.object),
                    &self.config.feature_gates,
                );
                validation::check(&object, self.config.max_replicas)?;
                defaults::validate_update(&existing.object, &object)?;
                defaults::keep_server_fields(&existing.object, &mut object);
                if let (Object::Service(service), Object::Service(old)) =
                    (&mut object, &existing.object)
                {
                    controllers::service::allocate(self, service, Some(old))?;
                }
                let spec_changed = !same_spec(&existing.object, &object);
                let meta = object.metadata_mut();
                let old = existing.object.metadata();
                meta.uid = old.uid.clone();
                meta.creation_timestamp = old.creation_timestamp.clone();
                meta.deletion_timestamp = old.deletion_timestamp.clone();
                meta.finalizers = old.finalizers.clone();
                meta.generation = Some(old.generation.unwrap_or(1) + i64::from(spec_changed));
                // As kubectl's three-way merge does: references this user applied
                // before and now leaves out are removed; those controllers set stay.
                let applied_before = existing
                    .applied
                    .as_ref()
                    .is_some_and(|a| a.metadata().owner_references.is_some());
                if meta.owner_references.is_none() && !applied_before {
                    meta.owner_references = old.owner_references.clone();
                }
                self.store.put(object, existing.created, Some(applied));
                ApplyOutcome::Configured
            }
        };
        self.tick();
        Ok(outcome)
    }

    /// Delete an object as `kubectl delete` does: pods terminate gracefully, a claim
    /// in use waits for its pods (`kubernetes.io/pvc-protection`), dependents are
    /// garbage-collected. The controllers react at once.
    pub fn delete(&mut self, key: &ObjectKey) -> Result<()> {
        if self.store.get(key).is_none() {
            return Err(EngineError::NotFound {
                resource: plural_resource(key.kind),
                name: key.name.to_string(),
            });
        }
        self.delete_object(key);
        self.tick();
        Ok(())
    }

    /// Delete an object but leave its dependents (`kubectl delete --cascade=orphan`):
    /// their owner references to it are removed, so the garbage collector keeps them.
    pub fn delete_orphaning(&mut self, key: &ObjectKey) -> Result<()> {
        let Some(uid) = self
            .store
            .get(key)
            .and_then(|s| s.object.metadata().uid.clone())
        else {
            return Err(EngineError::NotFound {
                resource: plural_resource(key.kind),
                name: key.name.to_string(),
            });
        };
        let dependents: Vec<ObjectKey> = self.store.dependents(&uid).cloned().collect();
        for dependent in dependents {
            self.store.update_object(&dependent, |object| {
                let meta = object.metadata_mut();
                if let Some(owners) = meta.owner_references.as_mut() {
                    owners.retain(|r| r.uid != uid);
                }
                if meta.owner_references.as_ref().is_some_and(Vec::is_empty) {
                    meta.owner_references = None;
                }
            });
        }
        self.delete_object(key);
        self.tick();
        Ok(())
    }

    /// Start deleting an object, the way the API server would for its kind.
    pub(crate) fn delete_object(&mut self, key: &ObjectKey) {
        match key.kind {
            "Pod" => controllers::kubelet::start_termination(self, key),
            "PersistentVolumeClaim" => controllers::volume::delete_claim(self, key),
            _ => {
                // An object with finalizers is only marked for deletion; the controllers
                // that own the finalizers remove them, then it goes.
                let finalized = self.store.get(key).is_some_and(|s| {
                    s.object
                        .metadata()
                        .finalizers
                        .as_ref()
                        .is_some_and(|f| !f.is_empty())
                });
                if finalized && key.kind == "Service" {
                    let stamp = self.timestamp(self.now);
                    self.store.update_object(key, |object| {
                        object
                            .metadata_mut()
                            .deletion_timestamp
                            .get_or_insert(stamp);
                    });
                } else {
                    self.store.remove(key);
                }
            }
        }
    }

    /// Put a controller-made object into the store, stamping uid and timestamps.
    pub(crate) fn create_owned(&mut self, mut object: Object) -> String {
        defaults::admit_pod(&mut object);
        defaults::default_status(&mut object);
        let uid = self.rng.uid();
        let created = self.timestamp(self.now);
        let meta = object.metadata_mut();
        meta.uid = Some(uid.clone());
        meta.creation_timestamp = Some(created);
        meta.generation.get_or_insert(1);
        self.store.put(object, self.now, None);
        uid
    }

    fn create_system(&mut self, object: Object) {
        self.create_owned(object);
    }

    /// Put one of the cluster's own objects into the store with a UID that follows
    /// from the seed and the object's key, not from the cluster's random stream: the
    /// objects a cluster starts with can grow without changing any name, UID or
    /// start-up time of what a student creates. Returns the UID.
    fn create_builtin(&mut self, mut object: Object) -> String {
        let key = ObjectKey::of(&object);
        let identity = format!("{}/{}/{}", key.kind, key.namespace, key.name);
        let mut rng = SplitMix64::new(self.config.seed ^ controllers::fnv1a(identity.as_bytes()));
        let uid = rng.uid();
        defaults::default_status(&mut object);
        let created = self.timestamp(self.now);
        let meta = object.metadata_mut();
        meta.uid = Some(uid.clone());
        meta.creation_timestamp = Some(created);
        meta.generation.get_or_insert(1);
        self.store.put(object, self.now, None);
        uid
    }

    /// Record an event about an object, with the UID the object has now.
    pub(crate) fn record(
        &mut self,
        type_: EventType,
        reason: &'static str,
        object: InvolvedObject,
        source: &'static str,
        message: String,
    ) {
        let uid = self.uid_of(&object);
        self.events.record(Event {
            type_,
            reason,
            object,
            uid,
            source,
            message,
            first_seen: self.now,
            last_seen: self.now,
            count: 1,
        });
    }

    /// Record an event unless the same one (object, reason, message) is already in the
    /// log: for conditions a controller sees again on every pass, like a claim that
    /// stays Pending or a pod that stays unschedulable.
    pub(crate) fn record_once(
        &mut self,
        type_: EventType,
        reason: &'static str,
        object: InvolvedObject,
        source: &'static str,
        message: String,
    ) {
        let uid = self.uid_of(&object);
        self.events.record_once(Event {
            type_,
            reason,
            object,
            uid,
            source,
            message,
            first_seen: self.now,
            last_seen: self.now,
            count: 1,
        });
    }

    /// The UID of the object an event is about, or "" if it is gone.
    fn uid_of(&self, object: &InvolvedObject) -> String {
        self.store
            .get_named(object.kind, &object.namespace, &object.name)
            .and_then(|s| s.object.metadata().uid.clone())
            .unwrap_or_default()
    }

    /// The events `kubectl describe` shows for an object: those about the object of
    /// that kind and name that exists now (its UID), oldest first; none if it is gone.
    pub fn events_about(&self, kind: &str, namespace: &str, name: &str) -> Vec<&Event> {
        let Some(uid) = self
            .store
            .get_parts(kind, namespace, name)
            .and_then(|s| s.object.metadata().uid.as_deref())
        else {
            return Vec::new();
        };
        self.events.about_uid(uid).collect()
    }

    /// Make a pod unready (its readiness probe starts failing) or ready again: a
    /// lesson's or a chaos button's lever.
    pub fn set_pod_unready(&mut self, namespace: &str, name: &str, unready: bool) -> Result<()> {
        let uid = self.pod_uid(namespace, name)?;
        self.runtime.entry(uid).or_default().forced_unready = unready;
        self.work
            .kubelet
            .insert(ObjectKey::new::<Pod>(namespace, name));
        self.tick();
        Ok(())
    }

    /// Make a pod fail (phase `Failed`), as an eviction or a crash would.
    pub fn fail_pod(&mut self, namespace: &str, name: &str) -> Result<()> {
        let uid = self.pod_uid(namespace, name)?;
        self.runtime.entry(uid).or_default().failed = true;
        self.work
            .kubelet
            .insert(ObjectKey::new::<Pod>(namespace, name));
        self.tick();
        Ok(())
    }

    /// The command of a running pod's containers finishes with `exit_code`, as a
    /// one-off `kubectl run --restart=Never -- nslookup ...` does: the pod ends
    /// `Succeeded` (STATUS `Completed`) for 0, `Failed` (`Error`) otherwise. A pod
    /// whose policy restarts its containers (`Always`, or `OnFailure` after a failure)
    /// does not end that way and is refused.
    pub fn complete_pod(&mut self, namespace: &str, name: &str, exit_code: i32) -> Result<()> {
        let uid = self.pod_uid(namespace, name)?;
        let pod = self.get::<Pod>(namespace, name);
        let policy = pod
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.restart_policy.as_deref())
            .unwrap_or("Always");
        let running = pod.map(controllers::kubelet::phase) == Some("Running");
        if !running {
            return Err(EngineError::Invalid {
                message: format!("pod {name:?} is not running"),
            });
        }
        if policy == "Always" || (policy == "OnFailure" && exit_code != 0) {
            return Err(EngineError::Invalid {
                message: format!(
                    "pod {name:?} has restartPolicy {policy}: its kubelet restarts the container instead"
                ),
            });
        }
        self.runtime.entry(uid).or_default().exited = Some(exit_code);
        self.work
            .kubelet
            .insert(ObjectKey::new::<Pod>(namespace, name));
        self.tick();
        Ok(())
    }

    /// Make a node fail: its kubelet stops reporting and stops acting on its pods.
    pub fn fail_node(&mut self, name: &str) -> Result<()> {
        self.node_exists(name)?;
        self.failed_nodes.entry(name.to_owned()).or_insert(self.now);
        self.work.node.enqueue(ObjectKey::new::<Node>("", name));
        self.tick();
        Ok(())
    }

    /// Bring a failed node back: its kubelet reports Ready again and finishes what
    /// was pending (pods marked for deletion go, the rest become ready again).
    pub fn restore_node(&mut self, name: &str) -> Result<()> {
        self.node_exists(name)?;
        self.failed_nodes.remove(name);
        let key = ObjectKey::new::<Node>("", name);
        self.store.update::<Node>(&key, |node| {
            controllers::node::set_ready(node, "True");
            if let Some(spec) = node.spec.as_mut() {
                if let Some(taints) = spec.taints.as_mut() {
                    taints.retain(|t| t.key != "node.kubernetes.io/unreachable");
                }
                if spec.taints.as_ref().is_some_and(Vec::is_empty) {
                    spec.taints = None;
                }
            }
        });
        // The kubelet re-evaluates its pods' readiness from scratch.
        let pods: Vec<ObjectKey> = self.store.pods_on_node(name).cloned().collect();
        for pod in pods {
            let uid = self
                .store
                .get_typed::<Pod>(&pod)
                .and_then(|p| p.metadata.uid.clone());
            if let Some(runtime) = uid.and_then(|uid| self.runtime.get_mut(&uid)) {
                runtime.ready_at = Some(self.now.plus_millis(self.config.readiness_millis));
            }
            self.work.kubelet.insert(pod);
        }
        self.work.node.enqueue(key);
        self.tick();
        Ok(())
    }

    /// Whether a node's kubelet has been made to fail.
    pub fn is_node_failed(&self, name: &str) -> bool {
        self.failed_nodes.contains_key(name)
    }

    /// Mark a node (un)schedulable, as `kubectl cordon` / `uncordon` do.
    pub fn set_node_schedulable(&mut self, name: &str, schedulable: bool) -> Result<()> {
        self.node_exists(name)?;
        let key = ObjectKey::new::<Node>("", name);
        self.store.update::<Node>(&key, |node| {
            node.spec.get_or_insert_with(Default::default).unschedulable =
                (!schedulable).then_some(true);
        });
        self.tick();
        Ok(())
    }

    /// Cordon a node and evict its pods, as `kubectl drain` does; returns the
    /// evicted pods' keys.
    pub fn drain_node(&mut self, name: &str) -> Result<Vec<ObjectKey>> {
        self.set_node_schedulable(name, false)?;
        let pods: Vec<ObjectKey> = self
            .store
            .pods_on_node(name)
            .filter(|key| {
                self.store
                    .get_typed::<Pod>(key)
                    .is_some_and(|p| p.metadata.deletion_timestamp.is_none())
            })
            .cloned()
            .collect();
        for pod in &pods {
            self.delete_object(pod);
        }
        self.tick();
        Ok(pods)
    }

    fn node_exists(&self, name: &str) -> Result<()> {
        match self.get::<Node>("", name) {
            Some(_) => Ok(()),
            None => Err(EngineError::NotFound {
                resource: "nodes".to_owned(),
                name: name.to_owned(),
            }),
        }
    }

    fn pod_uid(&self, namespace: &str, name: &str) -> Result<String> {
        self.get::<Pod>(namespace, name)
            .and_then(|pod| pod.metadata.uid.clone())
            .ok_or_else(|| EngineError::NotFound {
                resource: "pods".to_owned(),
                name: name.to_owned(),
            })
    }
}

/// Where the simulated API server listens (the `kubernetes` Service's endpoint): the
/// control-plane node's address, on the nodes' network outside the workers' addresses.
pub const API_SERVER_ADDRESS: &str = "172.18.0.254";
/// The API server's secure port, the `kubernetes` Service's target port.
pub const API_SERVER_PORT: i32 = 6443;

/// The Kubernetes version the simulated kubelets report (`nodeInfo.kubeletVersion`).
pub const KUBELET_VERSION: &str = "v1.34.0";

/// What each simulated node offers (`status.capacity`, and `allocatable`, which a kind
/// node does not reserve anything from): a small machine with the kubelet's default
/// limit of 110 pods.
fn node_resources() -> BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity> {
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
    [
        ("cpu", "4"),
        ("ephemeral-storage", "102626232Ki"),
        ("hugepages-1Gi", "0"),
        ("hugepages-2Mi", "0"),
        ("memory", "8134880Ki"),
        ("pods", "110"),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), Quantity(value.to_owned())))
    .collect()
}

/// A node as its kubelet registers it: the labels every kubelet puts on its node, its
/// pod range (`10.244.<subnet>.0/24`), its addresses, what it offers and reports, and
/// `Ready`.
fn node_object(seed: u64, name: &str, subnet: u8, address: String) -> Node {
    Node {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            labels: Some(BTreeMap::from([
                ("beta.kubernetes.io/arch".to_owned(), "amd64".to_owned()),
                ("beta.kubernetes.io/os".to_owned(), "linux".to_owned()),
                ("kubernetes.io/arch".to_owned(), "amd64".to_owned()),
                ("kubernetes.io/hostname".to_owned(), name.to_owned()),
                ("kubernetes.io/os".to_owned(), "linux".to_owned()),
            ])),
            ..Default::default()
        },
        spec: Some(NodeSpec {
            pod_cidr: Some(format!("{}.{subnet}.0/24", ipam::POD_NETWORK_PREFIX)),
            ..Default::default()
        }),
        status: Some(NodeStatus {
            addresses: Some(vec![
                NodeAddress {
                    type_: "InternalIP".to_owned(),
                    address,
                },
                NodeAddress {
                    type_: "Hostname".to_owned(),
                    address: name.to_owned(),
                },
            ]),
            capacity: Some(node_resources()),
            allocatable: Some(node_resources()),
            node_info: Some(node_info(seed, name)),
            conditions: Some(vec![NodeCondition {
                type_: "Ready".to_owned(),
                status: "True".to_owned(),
                reason: Some("KubeletReady".to_owned()),
                message: Some("kubelet is posting ready status".to_owned()),
                ..Default::default()
            }]),
            ..Default::default()
        }),
    }
}

/// What a node's kubelet reports about its machine (`status.nodeInfo`), as on a kind
/// node: Debian, containerd, the host's kernel. The machine IDs follow from the seed
/// and the node's name (not from the cluster's random stream, so adding a node changes
/// no other name or UID).
fn node_info(seed: u64, name: &str) -> k8s_openapi::api::core::v1::NodeSystemInfo {
    let id = |what: &str| {
        let mut rng =
            SplitMix64::new(seed ^ controllers::fnv1a(format!("{what}/{name}").as_bytes()));
        format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64())
    };
    let uuid = |hex: String| {
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    };
    k8s_openapi::api::core::v1::NodeSystemInfo {
        architecture: "amd64".to_owned(),
        boot_id: uuid(id("boot")),
        container_runtime_version: "containerd://2.1.3".to_owned(),
        kernel_version: "6.8.0-79-generic".to_owned(),
        kubelet_version: KUBELET_VERSION.to_owned(),
        machine_id: id("machine"),
        operating_system: "linux".to_owned(),
        os_image: "Debian GNU/Linux 12 (bookworm)".to_owned(),
        system_uuid: uuid(id("system")),
        ..Default::default()
    }
}

/// The object as `apply` takes it: named, in its namespace (`default` when the
/// manifest names none; none for cluster-wide kinds), without a status.
fn normalize_applied(mut object: Object) -> Result<Object> {
    if object.name().is_empty() {
        return Err(EngineError::Invalid {
            message: "resource name may not be empty".to_owned(),
        });
    }
    if object.is_namespaced() {
        let meta = object.metadata_mut();
        if meta.namespace.as_deref().unwrap_or("").is_empty() {
            meta.namespace = Some(DEFAULT_NAMESPACE.to_owned());
        }
    } else {
        object.metadata_mut().namespace = None;
    }
    object.clear_status();
    Ok(object)
}

/// Whether two versions of an object declare the same thing (metadata and status aside).
fn same_spec(a: &Object, b: &Object) -> bool {
    let strip = |o: &Object| {
        let mut o = o.clone();
        o.clear_status();
        *o.metadata_mut() = ObjectMeta::default();
        o
    };
    strip(a) == strip(b)
}

/// The plural, lower-case resource name the API server uses for a kind (`pods`,
/// `statefulsets.apps`), as it appears in `NotFound` errors.
pub fn plural_resource(kind: &str) -> String {
    let plural = match kind {
        "StatefulSet" => "statefulsets.apps",
        "Deployment" => "deployments.apps",
        "ReplicaSet" => "replicasets.apps",
        "ControllerRevision" => "controllerrevisions.apps",
        "StorageClass" => "storageclasses.storage.k8s.io",
        "EndpointSlice" => "endpointslices.discovery.k8s.io",
        "Service" => "services",
        "Pod" => "pods",
        "PersistentVolumeClaim" => "persistentvolumeclaims",
        "PersistentVolume" => "persistentvolumes",
        "ConfigMap" => "configmaps",
        "ServiceAccount" => "serviceaccounts",
        "Namespace" => "namespaces",
        "Node" => "nodes",
        other => return format!("{}s", other.to_ascii_lowercase()),
    };
    plural.to_owned()
}
