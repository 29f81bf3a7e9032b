//! The manifests Ordinal ships, embedded at build time so the app works offline.

/// The course's Day 7 example: StatefulSet `giropops` (3 replicas, one
/// `volumeClaimTemplates` entry `www`) and the headless Service `nginx` it names in
/// `serviceName`. This is what the editor shows on a first visit.
pub const COURSE_EXAMPLE: &str = include_str!("../examples/giropops.yaml");

/// The course example with `podManagementPolicy: Parallel` and claims deleted with
/// the StatefulSet and on scale-down.
pub const PARALLEL: &str = include_str!("../examples/parallel.yaml");

/// A Deployment beside a StatefulSet, to contrast random pod names and one shared
/// template with stable ordinals and a claim per pod.
pub const DEPLOYMENT_VS_STATEFULSET: &str =
    include_str!("../examples/deployment-vs-statefulset.yaml");

/// Hand-made volumes: a StorageClass without a provisioner, two PersistentVolumes,
/// and a StatefulSet whose claims bind to them.
pub const STATIC_VOLUMES: &str = include_str!("../examples/static-volumes.yaml");

/// Every shipped example: its file name and its text, the course example first.
pub const ALL: [(&str, &str); 4] = [
    ("giropops.yaml", COURSE_EXAMPLE),
    ("parallel.yaml", PARALLEL),
    ("deployment-vs-statefulset.yaml", DEPLOYMENT_VS_STATEFULSET),
    ("static-volumes.yaml", STATIC_VOLUMES),
];
