//! The simulated cluster: a pure, deterministic model of the parts of Kubernetes
//! that StatefulSets and Services touch.
//!
//! It owns the object store, the simulated clock and the seeded randomness. It has
//! no web types and never reads a real clock or OS randomness: the same calls with
//! the same seed give the same cluster, byte for byte, natively and in wasm32.

pub mod clock;
pub mod controllers;
pub mod object;
pub mod rng;
pub mod store;

use std::fmt;

pub use clock::SimTime;
pub use object::Object;
pub use store::{ObjectKey, Store, Stored};

use rng::SplitMix64;

/// The namespace an object lands in when its manifest names none.
pub const DEFAULT_NAMESPACE: &str = "default";

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

/// A simulated cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    now: SimTime,
    rng: SplitMix64,
    store: Store,
}

impl Cluster {
    /// An empty cluster at time zero whose every random choice follows from `seed`.
    pub fn new(seed: u64) -> Self {
        Cluster {
            now: SimTime::ZERO,
            rng: SplitMix64::new(seed),
            store: Store::default(),
        }
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Move the clock forward by `millis`.
    pub fn advance(&mut self, millis: u64) {
        self.now = self.now.plus_millis(millis);
    }

    /// The object store, read-only: views and commands read from here.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Create or update `object` the way `kubectl apply` does: the user's fields
    /// replace the stored ones, while the server keeps its own metadata (uid,
    /// creation time) and bumps `resourceVersion`, and `generation` on a change.
    pub fn apply(&mut self, mut object: Object) -> Result<ApplyOutcome> {
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

        let key = ObjectKey::of(&object);
        match self.store.get(&key) {
            None => {
                let uid = self.rng.uid();
                let meta = object.metadata_mut();
                meta.uid = Some(uid);
                meta.generation = Some(1);
                self.store.put(object, self.now);
                Ok(ApplyOutcome::Created)
            }
            Some(existing) => {
                let created = existing.created;
                let mut current = existing.object.clone();
                current.clear_status();
                let server = current.metadata().clone();
                let meta = object.metadata_mut();
                meta.uid = server.uid;
                meta.resource_version = server.resource_version;
                meta.generation = server.generation;
                if object == current {
                    return Ok(ApplyOutcome::Unchanged);
                }
                let meta = object.metadata_mut();
                meta.generation = Some(meta.generation.unwrap_or(0) + 1);
                self.store.put(object, created);
                Ok(ApplyOutcome::Configured)
            }
        }
    }

    /// Remove an object by key, as `kubectl delete` does.
    pub fn delete(&mut self, key: &ObjectKey) -> Result<Stored> {
        self.store.remove(key).ok_or_else(|| EngineError::NotFound {
            resource: plural_resource(key.kind),
            name: key.name.clone(),
        })
    }
}

/// The plural, lower-case resource name the API server uses for a kind (`pods`,
/// `statefulsets.apps`), as it appears in `NotFound` errors.
pub fn plural_resource(kind: &str) -> String {
    let plural = match kind {
        "StatefulSet" => "statefulsets.apps",
        "Deployment" => "deployments.apps",
        "StorageClass" => "storageclasses.storage.k8s.io",
        "Service" => "services",
        "Pod" => "pods",
        "PersistentVolumeClaim" => "persistentvolumeclaims",
        "PersistentVolume" => "persistentvolumes",
        "ConfigMap" => "configmaps",
        "Namespace" => "namespaces",
        other => return format!("{}s", other.to_ascii_lowercase()),
    };
    plural.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{Service, ServiceSpec};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn service(name: &str, service_type: &str) -> Object {
        Object::Service(Box::new(Service {
            metadata: ObjectMeta {
                name: Some(name.to_owned()),
                ..Default::default()
            },
            spec: Some(ServiceSpec {
                type_: Some(service_type.to_owned()),
                ..Default::default()
            }),
            ..Default::default()
        }))
    }

    fn key(kind: &'static str, name: &str) -> ObjectKey {
        ObjectKey {
            kind,
            namespace: DEFAULT_NAMESPACE.to_owned(),
            name: name.to_owned(),
        }
    }

    #[test]
    fn apply_creates_then_reports_unchanged_then_configured() {
        let mut cluster = Cluster::new(1);
        assert_eq!(
            cluster.apply(service("nginx", "ClusterIP")),
            Ok(ApplyOutcome::Created)
        );
        assert_eq!(
            cluster.apply(service("nginx", "ClusterIP")),
            Ok(ApplyOutcome::Unchanged)
        );
        assert_eq!(
            cluster.apply(service("nginx", "NodePort")),
            Ok(ApplyOutcome::Configured)
        );

        let stored = cluster
            .store()
            .get(&key("Service", "nginx"))
            .expect("stored");
        let meta = stored.object.metadata();
        assert_eq!(meta.generation, Some(2));
        assert_eq!(meta.resource_version.as_deref(), Some("2"));
        assert_eq!(meta.namespace.as_deref(), Some("default"));
    }

    #[test]
    fn an_update_keeps_the_uid_and_creation_time() {
        let mut cluster = Cluster::new(1);
        cluster.apply(service("nginx", "ClusterIP")).unwrap();
        let first = cluster
            .store()
            .get(&key("Service", "nginx"))
            .unwrap()
            .clone();
        cluster.advance(5_000);
        cluster.apply(service("nginx", "NodePort")).unwrap();
        let second = cluster.store().get(&key("Service", "nginx")).unwrap();
        assert_eq!(second.object.metadata().uid, first.object.metadata().uid);
        assert_eq!(second.created, SimTime::ZERO);
    }

    #[test]
    fn the_same_seed_gives_the_same_uids() {
        let uid = |seed| {
            let mut cluster = Cluster::new(seed);
            cluster.apply(service("nginx", "ClusterIP")).unwrap();
            let stored = cluster.store().get(&key("Service", "nginx")).unwrap();
            stored.object.metadata().uid.clone().unwrap()
        };
        assert_eq!(uid(9), uid(9));
        assert_ne!(uid(9), uid(10));
    }

    #[test]
    fn an_object_without_a_name_is_refused() {
        let mut cluster = Cluster::new(1);
        let nameless = Object::ConfigMap(Box::default());
        assert_eq!(
            cluster.apply(nameless),
            Err(EngineError::Invalid {
                message: "resource name may not be empty".to_owned()
            })
        );
        assert!(cluster.store().is_empty());
    }

    #[test]
    fn deleting_a_missing_object_says_not_found_in_the_servers_words() {
        let mut cluster = Cluster::new(1);
        let error = cluster.delete(&key("Pod", "giropops-9")).unwrap_err();
        assert_eq!(error.to_string(), r#"pods "giropops-9" not found"#);
    }
}
