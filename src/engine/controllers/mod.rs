//! Controllers: one module per Kubernetes controller, each an idempotent reconcile
//! over the store. They mirror upstream's names and rules so a reviewer can hold
//! them against the Kubernetes sources.

pub mod statefulset;
