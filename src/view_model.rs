//! Plain structs the panels draw, computed from the simulated cluster. Host-tested,
//! so the UI only lays out what this module computed and decides nothing on its own;
//! it has no web types.

mod completion;
mod dns;
mod events;
mod nodes;
mod services;
mod topology;
mod volumes;
mod workloads;

use std::rc::Rc;

use k8s_openapi::api::core::v1::Pod;

use crate::engine::clock::human_duration;
use crate::engine::{Cluster, SimTime};

pub use completion::{complete, Completion};
pub use dns::{lookup, records, AttemptView, LookupView, RecordView};
pub use events::{events, EventView};
pub use nodes::{nodes, NodeView};
pub use services::{services, EndpointView, ServiceView};
pub use topology::{
    topology, Edge, Shape, ShapeKind, Topology, BOX_HEIGHT, BOX_WIDTH, MAX_PODS_DRAWN,
};
pub use volumes::{volumes, VolumeView};
pub use workloads::{
    claim, statefulsets, ClaimView, KeptClaim, PodStage, PodView, StatefulSetView,
};

/// How many of the newest events a view carries.
pub const MAX_EVENTS: usize = 200;

/// Everything the cluster side of the page shows at one simulated instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterView {
    /// Simulated time since the cluster started, as kubectl prints an age.
    pub clock: String,
    pub now_millis: u64,
    /// True when nothing will happen without new input.
    pub settled: bool,
    /// Shared, so a card's props are a pointer, not a copy of a thousand pods.
    pub statefulsets: Vec<Rc<StatefulSetView>>,
    /// Pods no StatefulSet controls (a bare `kind: Pod` in the text).
    pub other_pods: Vec<PodView>,
    pub services: Vec<ServiceView>,
    pub volumes: Vec<VolumeView>,
    pub records: Vec<RecordView>,
    /// The newest `MAX_EVENTS` events, newest first.
    pub events: Vec<EventView>,
    /// How many events the cluster has recorded in all.
    pub event_count: usize,
    pub nodes: Vec<NodeView>,
}

impl ClusterView {
    /// The view of `c` now.
    pub fn of(c: &Cluster) -> ClusterView {
        ClusterView {
            clock: human_duration(c.now().as_millis() / 1000),
            now_millis: c.now().as_millis(),
            settled: c.is_settled(),
            statefulsets: statefulsets(c).into_iter().map(Rc::new).collect(),
            other_pods: other_pods(c),
            services: services(c),
            volumes: volumes(c),
            records: records(c),
            events: events(c, MAX_EVENTS),
            event_count: c.events().all().len(),
            nodes: nodes(c),
        }
    }

    /// The pod named `name` in any StatefulSet card or among the other pods.
    pub fn pod(&self, name: &str) -> Option<&PodView> {
        self.statefulsets
            .iter()
            .flat_map(|s| s.pods.iter())
            .chain(self.other_pods.iter())
            .find(|p| p.name == name && p.stage != PodStage::NotCreated)
    }
}

fn other_pods(c: &Cluster) -> Vec<PodView> {
    c.store()
        .list::<Pod>(None)
        .filter(|(_, pod)| {
            !pod.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.controller == Some(true) && r.kind == "StatefulSet")
        })
        .map(|(key, pod)| {
            let claims = workloads::pod_claims(c, &key.namespace, pod);
            workloads::pod_view(c, key, pod, 0, None, claims)
        })
        .collect()
}

/// How long ago `since` was, as kubectl prints an AGE.
fn age(c: &Cluster, since: SimTime) -> String {
    human_duration(c.now().millis_since(since) / 1000)
}

/// Access modes as kubectl abbreviates them: `RWO`, `ROX`, `RWX`, `RWOP`.
fn access_modes(modes: Option<&[String]>) -> String {
    modes
        .unwrap_or_default()
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A sort key that orders `giropops-2` before `giropops-10`.
fn natural_key(name: &str) -> (&str, u64, &str) {
    let digits_start = name
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let (prefix, digits) = name.split_at(digits_start);
    match digits.parse::<u64>() {
        Ok(n) => (prefix, n, ""),
        Err(_) => (name, 0, name),
    }
}
