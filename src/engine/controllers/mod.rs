//! Controllers: one module per Kubernetes controller, each an idempotent reconcile
//! over the store that says whether it changed anything and when it next has work.
//! They mirror upstream's names and rules so a reviewer can hold them against the
//! Kubernetes sources.

pub mod deployment;
pub mod endpoints;
pub mod gc;
pub mod kubelet;
pub mod node;
pub mod replicaset;
pub mod scheduler;
pub mod service;
pub mod statefulset;
pub mod volume;

use super::{Cluster, Reconciled};

/// One pass of every controller, in the order a change flows through a cluster:
/// owners first, then storage, then placement, then the nodes.
pub fn reconcile_all(c: &mut Cluster) -> Reconciled {
    let mut done = node::reconcile(c);
    done = done.and(gc::reconcile(c));
    done = done.and(statefulset::reconcile(c));
    done = done.and(deployment::reconcile(c));
    done = done.and(replicaset::reconcile(c));
    done = done.and(volume::reconcile(c));
    done = done.and(scheduler::reconcile(c));
    done = done.and(kubelet::reconcile(c));
    done = done.and(service::reconcile(c));
    done.and(endpoints::reconcile(c))
}

/// FNV-1a, 64-bit: a small, stable hash for seeding and revision names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
