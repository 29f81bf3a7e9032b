//! The resource types kubectl can name, with the plural, singular and short names
//! the API server's discovery gives them (`sts`, `statefulset`, `statefulsets`,
//! `statefulsets.apps`), and how they print in messages (`statefulset.apps/giropops`).

use super::error::{CommandError, Result};

/// One resource type, as API discovery describes it.
#[derive(Debug, PartialEq, Eq)]
pub struct ResourceType {
    /// The object's `kind` (`StatefulSet`).
    pub kind: &'static str,
    /// The resource name (`statefulsets`).
    pub plural: &'static str,
    /// The singular name (`statefulset`).
    pub singular: &'static str,
    /// The API group, empty for the core group (`apps`).
    pub group: &'static str,
    /// Short names (`sts`).
    pub short: &'static [&'static str],
    /// Whether objects live in a namespace.
    pub namespaced: bool,
}

impl ResourceType {
    /// The name kubectl prints before `/name` (`statefulset.apps`, `pod`).
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.singular.to_owned()
        } else {
            format!("{}.{}", self.singular, self.group)
        }
    }

    /// The name the API server uses in its errors (`statefulsets.apps`, `pods`).
    pub fn resource(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_owned()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// `kind.group/name` as kubectl prints an object it acted on.
    pub fn object_name(&self, name: &str) -> String {
        format!("{}/{name}", self.qualified())
    }

    /// Whether this type is the one of `kind`.
    pub fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }
}

macro_rules! resource_type {
    ($kind:literal, $plural:literal, $singular:literal, $group:literal, [$($short:literal),*], $namespaced:literal) => {
        ResourceType {
            kind: $kind,
            plural: $plural,
            singular: $singular,
            group: $group,
            short: &[$($short),*],
            namespaced: $namespaced,
        }
    };
}

/// Every type Ordinal serves, in the order `kubectl api-resources` lists them.
pub static TYPES: &[ResourceType] = &[
    resource_type!("ConfigMap", "configmaps", "configmap", "", ["cm"], true),
    resource_type!("Endpoints", "endpoints", "endpoints", "", ["ep"], true),
    resource_type!("Event", "events", "event", "", ["ev"], true),
    resource_type!("Namespace", "namespaces", "namespace", "", ["ns"], false),
    resource_type!("Node", "nodes", "node", "", ["no"], false),
    resource_type!(
        "PersistentVolumeClaim",
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        "",
        ["pvc"],
        true
    ),
    resource_type!(
        "PersistentVolume",
        "persistentvolumes",
        "persistentvolume",
        "",
        ["pv"],
        false
    ),
    resource_type!("Pod", "pods", "pod", "", ["po"], true),
    resource_type!(
        "ServiceAccount",
        "serviceaccounts",
        "serviceaccount",
        "",
        ["sa"],
        true
    ),
    resource_type!("Service", "services", "service", "", ["svc"], true),
    resource_type!(
        "ControllerRevision",
        "controllerrevisions",
        "controllerrevision",
        "apps",
        [],
        true
    ),
    resource_type!(
        "Deployment",
        "deployments",
        "deployment",
        "apps",
        ["deploy"],
        true
    ),
    resource_type!(
        "ReplicaSet",
        "replicasets",
        "replicaset",
        "apps",
        ["rs"],
        true
    ),
    resource_type!(
        "StatefulSet",
        "statefulsets",
        "statefulset",
        "apps",
        ["sts"],
        true
    ),
    resource_type!(
        "EndpointSlice",
        "endpointslices",
        "endpointslice",
        "discovery.k8s.io",
        [],
        true
    ),
    resource_type!(
        "StorageClass",
        "storageclasses",
        "storageclass",
        "storage.k8s.io",
        ["sc"],
        false
    ),
];

/// The kinds `kubectl get all` shows that Ordinal has, in kubectl's order.
pub const ALL_CATEGORY: &[&str] = &["Pod", "Service", "Deployment", "ReplicaSet", "StatefulSet"];

/// The type named `name` in any of kubectl's spellings (`sts`, `StatefulSet`,
/// `statefulsets.apps`), or kubectl's error for a name the server does not have.
pub fn lookup(name: &str) -> Result<&'static ResourceType> {
    find(name).ok_or_else(|| {
        CommandError::usage(format!("the server doesn't have a resource type {name:?}"))
    })
}

/// The type named `name`, if any.
pub fn find(name: &str) -> Option<&'static ResourceType> {
    let lower = name.to_ascii_lowercase();
    let (bare, group) = match lower.split_once('.') {
        Some((bare, group)) => (bare.to_owned(), Some(group.to_owned())),
        None => (lower.clone(), None),
    };
    TYPES.iter().find(|t| {
        let named = t.plural == bare
            || t.singular == bare
            || t.short.contains(&bare.as_str())
            || t.kind.eq_ignore_ascii_case(&bare);
        let grouped = match &group {
            None => true,
            Some(group) => {
                t.group == group
                    || (t.group.is_empty() && group == "core")
                    || t.group.split('.').next() == Some(group.as_str())
            }
        };
        named && grouped
    })
}

/// The type of a kind (`StatefulSet`).
pub fn of_kind(kind: &str) -> Option<&'static ResourceType> {
    TYPES.iter().find(|t| t.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_kubectl_accepts_finds_the_type() {
        for name in [
            "sts",
            "statefulset",
            "statefulsets",
            "StatefulSet",
            "statefulsets.apps",
            "sts.apps",
        ] {
            assert_eq!(lookup(name).unwrap().kind, "StatefulSet", "{name}");
        }
        for (name, kind) in [
            ("po", "Pod"),
            ("svc", "Service"),
            ("pvc", "PersistentVolumeClaim"),
            ("pv", "PersistentVolume"),
            ("ep", "Endpoints"),
            ("endpointslices", "EndpointSlice"),
            ("sc", "StorageClass"),
            ("deploy", "Deployment"),
            ("rs", "ReplicaSet"),
            ("no", "Node"),
            ("ev", "Event"),
        ] {
            assert_eq!(lookup(name).unwrap().kind, kind, "{name}");
        }
    }

    #[test]
    fn an_unknown_type_gets_the_servers_words() {
        assert_eq!(
            lookup("podz").unwrap_err().to_string(),
            "error: the server doesn't have a resource type \"podz\""
        );
        assert!(find("pods.apps").is_none());
    }

    #[test]
    fn names_print_with_their_group() {
        let sts = lookup("sts").unwrap();
        assert_eq!(sts.object_name("giropops"), "statefulset.apps/giropops");
        assert_eq!(sts.resource(), "statefulsets.apps");
        assert_eq!(lookup("svc").unwrap().object_name("nginx"), "service/nginx");
    }
}
