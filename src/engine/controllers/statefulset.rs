//! The StatefulSet controller's identity rules: which ordinals a StatefulSet owns and
//! the names its pods, claims and DNS records get. These are the facts a student
//! carries to a real cluster, so they follow `stateful_set_utils.go` exactly.

use k8s_openapi::api::apps::v1::StatefulSet;

/// The cluster's DNS domain.
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// `spec.replicas`, defaulted to 1 as the API server does.
pub fn replicas(sts: &StatefulSet) -> i32 {
    sts.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
}

/// `spec.ordinals.start`, defaulted to 0.
pub fn ordinals_start(sts: &StatefulSet) -> i32 {
    sts.spec
        .as_ref()
        .and_then(|s| s.ordinals.as_ref())
        .and_then(|o| o.start)
        .unwrap_or(0)
}

/// The ordinals a StatefulSet wants right now: `start .. start + replicas`.
pub fn desired_ordinals(sts: &StatefulSet) -> std::ops::Range<i32> {
    let start = ordinals_start(sts);
    start..start.saturating_add(replicas(sts).max(0))
}

/// A pod's name: `<statefulset>-<ordinal>`.
pub fn pod_name(set_name: &str, ordinal: i32) -> String {
    format!("{set_name}-{ordinal}")
}

/// The name of the claim made from template `template` for pod `pod`: `<template>-<pod>`.
pub fn claim_name(template: &str, pod: &str) -> String {
    format!("{template}-{pod}")
}

/// The stable DNS name a pod gets through its governing Service:
/// `<pod>.<serviceName>.<namespace>.svc.cluster.local`.
pub fn pod_dns_name(pod: &str, service_name: &str, namespace: &str) -> String {
    format!("{pod}.{service_name}.{namespace}.svc.{CLUSTER_DOMAIN}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::apps::v1::{StatefulSetOrdinals, StatefulSetSpec};

    fn sts(replicas: Option<i32>, start: Option<i32>) -> StatefulSet {
        StatefulSet {
            spec: Some(StatefulSetSpec {
                replicas,
                ordinals: start.map(|s| StatefulSetOrdinals { start: Some(s) }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn ordinals_run_from_start_for_replicas_pods() {
        assert_eq!(desired_ordinals(&sts(Some(3), None)), 0..3);
        assert_eq!(desired_ordinals(&sts(Some(2), Some(5))), 5..7);
        assert_eq!(desired_ordinals(&sts(None, None)), 0..1);
        assert_eq!(desired_ordinals(&sts(Some(0), None)), 0..0);
        assert!(desired_ordinals(&sts(Some(-4), None)).is_empty());
    }

    #[test]
    fn names_follow_the_statefulset_rules() {
        assert_eq!(pod_name("giropops", 0), "giropops-0");
        assert_eq!(claim_name("www", "giropops-2"), "www-giropops-2");
        assert_eq!(
            pod_dns_name("giropops-0", "nginx", "default"),
            "giropops-0.nginx.default.svc.cluster.local"
        );
    }
}
