//! Fixtures for engine tests: chainable builders for manifests and small queries
//! over the cluster, so tests read as the behaviour they check.
#![allow(dead_code)]

use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use ordinal::engine::{Cluster, ClusterConfig, Object, ObjectKey};
use ordinal::manifest::parse;

/// A StatefulSet manifest under construction.
#[derive(Clone)]
pub struct Sts {
    name: String,
    replicas: i32,
    service: String,
    image: String,
    policy: Option<&'static str>,
    start: Option<i32>,
    claims: bool,
    class: Option<String>,
    partition: Option<i32>,
    max_unavailable: Option<String>,
    on_delete: bool,
    min_ready: Option<i32>,
    when_scaled: Option<&'static str>,
    when_deleted: Option<&'static str>,
}

/// `sts("giropops")`: 3 replicas, headless Service `nginx`, image `nginx:1.27`, claim `www`.
pub fn sts(name: &str) -> Sts {
    Sts {
        name: name.to_owned(),
        replicas: 3,
        service: "nginx".to_owned(),
        image: "nginx:1.27".to_owned(),
        policy: None,
        start: None,
        claims: true,
        class: None,
        partition: None,
        max_unavailable: None,
        on_delete: false,
        min_ready: None,
        when_scaled: None,
        when_deleted: None,
    }
}

impl Sts {
    pub fn replicas(mut self, n: i32) -> Self {
        self.replicas = n;
        self
    }
    pub fn parallel(mut self) -> Self {
        self.policy = Some("Parallel");
        self
    }
    pub fn start(mut self, ordinal: i32) -> Self {
        self.start = Some(ordinal);
        self
    }
    pub fn image(mut self, image: &str) -> Self {
        self.image = image.to_owned();
        self
    }
    pub fn without_claims(mut self) -> Self {
        self.claims = false;
        self
    }
    pub fn storage_class(mut self, class: &str) -> Self {
        self.class = Some(class.to_owned());
        self
    }
    pub fn partition(mut self, partition: i32) -> Self {
        self.partition = Some(partition);
        self
    }
    /// `rollingUpdate.maxUnavailable`: a number (`"2"`) or a percentage (`"50%"`).
    pub fn max_unavailable(mut self, value: &str) -> Self {
        self.max_unavailable = Some(value.to_owned());
        self
    }
    pub fn on_delete(mut self) -> Self {
        self.on_delete = true;
        self
    }
    pub fn min_ready_seconds(mut self, seconds: i32) -> Self {
        self.min_ready = Some(seconds);
        self
    }
    pub fn retention(mut self, when_scaled: &'static str, when_deleted: &'static str) -> Self {
        self.when_scaled = Some(when_scaled);
        self.when_deleted = Some(when_deleted);
        self
    }

    /// The manifest text.
    pub fn yaml(&self) -> String {
        let mut y = format!(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {}\nspec:\n  serviceName: {}\n  replicas: {}\n",
            self.name, self.service, self.replicas
        );
        if let Some(policy) = self.policy {
            y += &format!("  podManagementPolicy: {policy}\n");
        }
        if let Some(start) = self.start {
            y += &format!("  ordinals:\n    start: {start}\n");
        }
        if let Some(seconds) = self.min_ready {
            y += &format!("  minReadySeconds: {seconds}\n");
        }
        if self.on_delete {
            y += "  updateStrategy:\n    type: OnDelete\n";
        } else if self.partition.is_some() || self.max_unavailable.is_some() {
            y += "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n";
            if let Some(partition) = self.partition {
                y += &format!("      partition: {partition}\n");
            }
            if let Some(value) = &self.max_unavailable {
                let value = if value.ends_with('%') {
                    format!("\"{value}\"")
                } else {
                    value.clone()
                };
                y += &format!("      maxUnavailable: {value}\n");
            }
        }
        if let (Some(scaled), Some(deleted)) = (self.when_scaled, self.when_deleted) {
            y += &format!("  persistentVolumeClaimRetentionPolicy:\n    whenScaled: {scaled}\n    whenDeleted: {deleted}\n");
        }
        y += &format!(
            "  selector:\n    matchLabels:\n      app: {0}\n  template:\n    metadata:\n      labels:\n        app: {0}\n    spec:\n      containers:\n      - name: nginx\n        image: {1}\n        ports:\n        - containerPort: 80\n          name: web\n",
            self.name, self.image
        );
        if self.claims {
            y += "        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n";
            y += "  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [\"ReadWriteOnce\"]\n";
            if let Some(class) = &self.class {
                y += &format!("      storageClassName: \"{class}\"\n");
            }
            y += "      resources:\n        requests:\n          storage: 1Gi\n";
        }
        y
    }

    /// The decoded object.
    pub fn object(&self) -> Object {
        object(&self.yaml())
    }
}

/// A Service manifest under construction.
#[derive(Clone)]
pub struct Svc {
    name: String,
    type_: Option<&'static str>,
    headless: bool,
    selector: Vec<(String, String)>,
    ports: Vec<(String, i32, String)>,
    publish_not_ready: bool,
}

/// `svc("nginx")`: a ClusterIP Service with no selector and no ports yet.
pub fn svc(name: &str) -> Svc {
    Svc {
        name: name.to_owned(),
        type_: None,
        headless: false,
        selector: Vec::new(),
        ports: Vec::new(),
        publish_not_ready: false,
    }
}

impl Svc {
    pub fn headless(mut self) -> Self {
        self.headless = true;
        self
    }
    pub fn type_(mut self, type_: &'static str) -> Self {
        self.type_ = Some(type_);
        self
    }
    pub fn selecting(mut self, key: &str, value: &str) -> Self {
        self.selector.push((key.to_owned(), value.to_owned()));
        self
    }
    /// A named port whose targetPort is `target` (a number or a container port's name).
    pub fn port(mut self, name: &str, port: i32, target: &str) -> Self {
        self.ports.push((name.to_owned(), port, target.to_owned()));
        self
    }
    pub fn publish_not_ready_addresses(mut self) -> Self {
        self.publish_not_ready = true;
        self
    }

    /// The manifest text.
    pub fn yaml(&self) -> String {
        let mut y = format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {}\nspec:\n",
            self.name
        );
        if let Some(type_) = self.type_ {
            y += &format!("  type: {type_}\n");
        }
        if self.headless {
            y += "  clusterIP: None\n";
        }
        if self.publish_not_ready {
            y += "  publishNotReadyAddresses: true\n";
        }
        if !self.selector.is_empty() {
            y += "  selector:\n";
            for (k, v) in &self.selector {
                y += &format!("    {k}: {v}\n");
            }
        }
        if !self.ports.is_empty() {
            y += "  ports:\n";
            for (name, port, target) in &self.ports {
                y += &format!("  - name: {name}\n    port: {port}\n    targetPort: {target}\n");
            }
        }
        y
    }

    /// The decoded object.
    pub fn object(&self) -> Object {
        object(&self.yaml())
    }
}

/// The key of object `name` of `kind`: in `default`, or cluster-wide for nodes,
/// volumes, classes and namespaces.
pub fn key(kind: &'static str, name: &str) -> ObjectKey {
    let cluster_wide = matches!(
        kind,
        "Node" | "PersistentVolume" | "StorageClass" | "Namespace"
    );
    ObjectKey::from_parts(kind, if cluster_wide { "" } else { "default" }, name)
}

/// The single object of a manifest text.
pub fn object(yaml: &str) -> Object {
    let parsed = parse(yaml);
    assert!(
        parsed.is_ok(),
        "fixture does not parse: {:?}\n{yaml}",
        parsed.errors
    );
    parsed
        .documents
        .into_iter()
        .next()
        .expect("one document")
        .object
}

/// A cluster with the default shape and pace and a fixed seed.
pub fn cluster() -> Cluster {
    Cluster::with_config(ClusterConfig::default())
}

/// Names of the pods in `default`, in name order.
pub fn pod_names(c: &Cluster) -> Vec<String> {
    c.store()
        .list::<Pod>(Some("default"))
        .map(|(k, _)| k.name.to_string())
        .collect()
}

/// `name phase ready` for each pod, e.g. `giropops-0 Running true`.
pub fn pod_states(c: &Cluster) -> Vec<String> {
    c.store()
        .list::<Pod>(Some("default"))
        .map(|(k, p)| {
            let phase = p
                .status
                .as_ref()
                .and_then(|s| s.phase.clone())
                .unwrap_or_default();
            let ready = p
                .status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
                .is_some_and(|c| c.status == "True");
            let terminating = if p.metadata.deletion_timestamp.is_some() {
                " terminating"
            } else {
                ""
            };
            format!("{} {phase} {ready}{terminating}", k.name)
        })
        .collect()
}

/// The pod named `name` in `default`.
pub fn pod<'a>(c: &'a Cluster, name: &str) -> &'a Pod {
    c.get::<Pod>("default", name)
        .unwrap_or_else(|| panic!("no pod {name}; pods: {:?}", pod_names(c)))
}

/// Names of the claims in `default`.
pub fn claim_names(c: &Cluster) -> Vec<String> {
    c.store()
        .list::<PersistentVolumeClaim>(Some("default"))
        .map(|(k, _)| k.name.to_string())
        .collect()
}

/// `claim phase volume` for each claim.
pub fn claim_states(c: &Cluster) -> Vec<String> {
    c.store()
        .list::<PersistentVolumeClaim>(Some("default"))
        .map(|(k, pvc)| {
            let phase = pvc
                .status
                .as_ref()
                .and_then(|s| s.phase.clone())
                .unwrap_or_default();
            let volume = pvc
                .spec
                .as_ref()
                .and_then(|s| s.volume_name.clone())
                .unwrap_or_default();
            format!("{} {phase} {volume}", k.name)
        })
        .collect()
}

/// The volume bound to claim `claim`.
pub fn volume_of(c: &Cluster, claim: &str) -> String {
    c.get::<PersistentVolumeClaim>("default", claim)
        .and_then(|pvc| pvc.spec.as_ref())
        .and_then(|s| s.volume_name.clone())
        .unwrap_or_else(|| panic!("claim {claim} is not bound: {:?}", claim_states(c)))
}

/// `volume phase` for each PersistentVolume.
pub fn volume_states(c: &Cluster) -> Vec<String> {
    c.store()
        .list::<PersistentVolume>(None)
        .map(|(k, pv)| {
            let phase = pv
                .status
                .as_ref()
                .and_then(|s| s.phase.clone())
                .unwrap_or_default();
            format!("{} {phase}", k.name)
        })
        .collect()
}

/// Messages of the events about the StatefulSet `name`, oldest first.
pub fn set_events(c: &Cluster, name: &str) -> Vec<String> {
    c.events()
        .about("StatefulSet", "default", name)
        .map(|e| e.message.clone())
        .collect()
}

/// The controllers work only on what changed; a full pass over everything (a resync)
/// must then find nothing left to do. A difference means a change that some
/// controller did not hear about.
#[allow(dead_code)]
pub fn assert_nothing_missed(c: &Cluster) {
    let mut full = c.clone();
    let (version, events) = (full.store().version(), full.events().all().len());
    full.resync();
    assert_eq!(
        (full.store().version(), full.events().all().len()),
        (version, events),
        "a full pass changed what the watch-driven passes left: {:?}",
        pod_states(c)
    );
}
