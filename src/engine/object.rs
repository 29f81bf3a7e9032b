//! The kinds of object the simulated cluster stores.
//!
//! Every object is its `k8s-openapi` type, so field names and shapes are exactly
//! Kubernetes'. This module only names and classifies them; controllers own behaviour.

use k8s_openapi::api::apps::v1::{ControllerRevision, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{
    ConfigMap, Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod, Service,
    ServiceAccount,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// One Kubernetes object that the cluster stores, in its `k8s-openapi` type.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    StatefulSet(Box<StatefulSet>),
    Service(Box<Service>),
    PersistentVolumeClaim(Box<PersistentVolumeClaim>),
    PersistentVolume(Box<PersistentVolume>),
    StorageClass(Box<StorageClass>),
    Pod(Box<Pod>),
    Deployment(Box<Deployment>),
    ReplicaSet(Box<ReplicaSet>),
    ConfigMap(Box<ConfigMap>),
    Namespace(Box<Namespace>),
    Node(Box<Node>),
    ControllerRevision(Box<ControllerRevision>),
    EndpointSlice(Box<EndpointSlice>),
    ServiceAccount(Box<ServiceAccount>),
}

impl Object {
    /// The object's `kind`, as written in YAML.
    pub fn kind(&self) -> &'static str {
        match self {
            Object::StatefulSet(_) => "StatefulSet",
            Object::Service(_) => "Service",
            Object::PersistentVolumeClaim(_) => "PersistentVolumeClaim",
            Object::PersistentVolume(_) => "PersistentVolume",
            Object::StorageClass(_) => "StorageClass",
            Object::Pod(_) => "Pod",
            Object::Deployment(_) => "Deployment",
            Object::ReplicaSet(_) => "ReplicaSet",
            Object::ConfigMap(_) => "ConfigMap",
            Object::Namespace(_) => "Namespace",
            Object::Node(_) => "Node",
            Object::ControllerRevision(_) => "ControllerRevision",
            Object::EndpointSlice(_) => "EndpointSlice",
            Object::ServiceAccount(_) => "ServiceAccount",
        }
    }

    /// The object's `apiVersion`.
    pub fn api_version(&self) -> &'static str {
        match self {
            Object::StatefulSet(_)
            | Object::Deployment(_)
            | Object::ReplicaSet(_)
            | Object::ControllerRevision(_) => "apps/v1",
            Object::StorageClass(_) => "storage.k8s.io/v1",
            Object::EndpointSlice(_) => "discovery.k8s.io/v1",
            _ => "v1",
        }
    }

    /// Whether objects of this kind live in a namespace (PVs, StorageClasses and
    /// Namespaces are cluster-wide).
    pub fn is_namespaced(&self) -> bool {
        !matches!(
            self,
            Object::PersistentVolume(_)
                | Object::StorageClass(_)
                | Object::Namespace(_)
                | Object::Node(_)
        )
    }

    /// The object's metadata.
    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            Object::StatefulSet(o) => &o.metadata,
            Object::Service(o) => &o.metadata,
            Object::PersistentVolumeClaim(o) => &o.metadata,
            Object::PersistentVolume(o) => &o.metadata,
            Object::StorageClass(o) => &o.metadata,
            Object::Pod(o) => &o.metadata,
            Object::Deployment(o) => &o.metadata,
            Object::ReplicaSet(o) => &o.metadata,
            Object::ConfigMap(o) => &o.metadata,
            Object::Namespace(o) => &o.metadata,
            Object::Node(o) => &o.metadata,
            Object::ControllerRevision(o) => &o.metadata,
            Object::EndpointSlice(o) => &o.metadata,
            Object::ServiceAccount(o) => &o.metadata,
        }
    }

    /// `metadata.name`, or the empty string when it is missing.
    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or("")
    }

    /// The object's metadata, to be changed by the store (uid, resourceVersion, ...).
    pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
        match self {
            Object::StatefulSet(o) => &mut o.metadata,
            Object::Service(o) => &mut o.metadata,
            Object::PersistentVolumeClaim(o) => &mut o.metadata,
            Object::PersistentVolume(o) => &mut o.metadata,
            Object::StorageClass(o) => &mut o.metadata,
            Object::Pod(o) => &mut o.metadata,
            Object::Deployment(o) => &mut o.metadata,
            Object::ReplicaSet(o) => &mut o.metadata,
            Object::ConfigMap(o) => &mut o.metadata,
            Object::Namespace(o) => &mut o.metadata,
            Object::Node(o) => &mut o.metadata,
            Object::ControllerRevision(o) => &mut o.metadata,
            Object::EndpointSlice(o) => &mut o.metadata,
            Object::ServiceAccount(o) => &mut o.metadata,
        }
    }

    /// The name kubectl uses for this kind in messages like `statefulset.apps/giropops
    /// created`: the lower-case kind, then the API group when it is not the core group.
    pub fn resource_name(&self) -> String {
        let kind = self.kind().to_ascii_lowercase();
        match self.api_version().split_once('/') {
            Some((group, _)) => format!("{kind}.{group}"),
            None => kind,
        }
    }
}

/// Run `$body` with `$o` bound to the typed object inside `$object`, whatever its kind.
macro_rules! each_kind {
    ($object:expr, $o:ident => $body:expr) => {
        match $object {
            Object::StatefulSet($o) => $body,
            Object::Service($o) => $body,
            Object::PersistentVolumeClaim($o) => $body,
            Object::PersistentVolume($o) => $body,
            Object::StorageClass($o) => $body,
            Object::Pod($o) => $body,
            Object::Deployment($o) => $body,
            Object::ReplicaSet($o) => $body,
            Object::ConfigMap($o) => $body,
            Object::Namespace($o) => $body,
            Object::Node($o) => $body,
            Object::ControllerRevision($o) => $body,
            Object::EndpointSlice($o) => $body,
            Object::ServiceAccount($o) => $body,
        }
    };
}

impl Object {
    /// The object as the API server serialises it (with `apiVersion` and `kind`).
    pub fn to_json(&self) -> serde_json::Value {
        each_kind!(self, o => serde_json::to_value(o).unwrap_or_default())
    }

    /// An object of the same kind as `self`, decoded from `value`. It goes through
    /// the app's one `Deserializer` (`yaml::from_json`), so the wasm carries a
    /// single copy of every Kubernetes type's decoding code rather than a second one
    /// instantiated for `serde_json::Value`.
    pub fn same_kind_from_json(
        &self,
        value: &serde_json::Value,
    ) -> Result<Object, crate::yaml::Error> {
        use crate::yaml::from_json;
        Ok(match self {
            Object::StatefulSet(_) => Object::StatefulSet(from_json(value)?),
            Object::Service(_) => Object::Service(from_json(value)?),
            Object::PersistentVolumeClaim(_) => Object::PersistentVolumeClaim(from_json(value)?),
            Object::PersistentVolume(_) => Object::PersistentVolume(from_json(value)?),
            Object::StorageClass(_) => Object::StorageClass(from_json(value)?),
            Object::Pod(_) => Object::Pod(from_json(value)?),
            Object::Deployment(_) => Object::Deployment(from_json(value)?),
            Object::ReplicaSet(_) => Object::ReplicaSet(from_json(value)?),
            Object::ConfigMap(_) => Object::ConfigMap(from_json(value)?),
            Object::Namespace(_) => Object::Namespace(from_json(value)?),
            Object::Node(_) => Object::Node(from_json(value)?),
            Object::ControllerRevision(_) => Object::ControllerRevision(from_json(value)?),
            Object::EndpointSlice(_) => Object::EndpointSlice(from_json(value)?),
            Object::ServiceAccount(_) => Object::ServiceAccount(from_json(value)?),
        })
    }

    /// Drop the `status` a controller wrote, leaving only what a user declares.
    pub fn clear_status(&mut self) {
        match self {
            Object::StatefulSet(o) => o.status = None,
            Object::Service(o) => o.status = None,
            Object::PersistentVolumeClaim(o) => o.status = None,
            Object::PersistentVolume(o) => o.status = None,
            Object::Pod(o) => o.status = None,
            Object::Deployment(o) => o.status = None,
            Object::ReplicaSet(o) => o.status = None,
            Object::Namespace(o) => o.status = None,
            Object::Node(o) => o.status = None,
            Object::StorageClass(_)
            | Object::ConfigMap(_)
            | Object::ControllerRevision(_)
            | Object::EndpointSlice(_)
            | Object::ServiceAccount(_) => {}
        }
    }
}

/// A Kubernetes type the store can hold, with typed access into [`Object`].
pub trait Resource: Sized + Clone {
    /// The `kind` this type is stored under.
    const KIND: &'static str;
    /// Wrap into the store's object enum.
    fn into_object(self) -> Object;
    /// Borrow out of the object enum, if it holds this type.
    fn peek(object: &Object) -> Option<&Self>;
    /// Borrow mutably out of the object enum, if it holds this type.
    fn peek_mut(object: &mut Object) -> Option<&mut Self>;
}

macro_rules! resource {
    ($($variant:ident),* $(,)?) => {$(
        impl Resource for $variant {
            const KIND: &'static str = stringify!($variant);
            fn into_object(self) -> Object {
                Object::$variant(Box::new(self))
            }
            fn peek(object: &Object) -> Option<&Self> {
                match object {
                    Object::$variant(o) => Some(o),
                    _ => None,
                }
            }
            fn peek_mut(object: &mut Object) -> Option<&mut Self> {
                match object {
                    Object::$variant(o) => Some(o),
                    _ => None,
                }
            }
        }
    )*};
}

resource!(
    StatefulSet,
    Service,
    PersistentVolumeClaim,
    PersistentVolume,
    StorageClass,
    Pod,
    Deployment,
    ReplicaSet,
    ConfigMap,
    Namespace,
    Node,
    ControllerRevision,
    EndpointSlice,
    ServiceAccount,
);
