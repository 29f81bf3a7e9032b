//! Plain structs the panels draw, computed from the simulated cluster. Host-tested,
//! so the UI only lays out what this module computed and decides nothing on its own;
//! it has no web types.

mod completion;
mod dns;
mod events;
mod large_sets;
mod nodes;
mod services;
mod topology;
mod volumes;
mod workloads;

use std::rc::Rc;

use k8s_openapi::api::core::v1::{Node, Pod};

use crate::engine::clock::human_duration;
use crate::engine::control_plane::SYSTEM_NAMESPACE;
use crate::engine::Cluster;

pub use completion::{complete, Completion};
pub use dns::{lookup, lookup_among, records, AttemptView, LookupView, RecordView};
pub use events::{events, EventView};
pub use large_sets::{
    large_set, needs_attention, stage_counts, LargeSet, TilePage, ATTENTION_SHOWN,
    FULL_CARDS_UP_TO, HIGHEST_SHOWN, TILES_PER_PAGE,
};
pub use nodes::{nodes, NodeView};
pub use services::{services, shown_endpoints, EndpointView, ServiceView, ENDPOINTS_SHOWN};
pub use topology::{
    topology, Edge, Shape, ShapeKind, Topology, BOX_HEIGHT, BOX_WIDTH, MAX_PODS_DRAWN,
};
pub use volumes::{volumes, VolumeView};
pub use workloads::{
    claim, statefulsets, statefulsets_reusing, ClaimView, KeptClaim, PodStage, PodView,
    StatefulSetView,
};

/// How many of the newest events a view carries.
pub const MAX_EVENTS: usize = 200;

/// What a view's object-derived parts were computed from. Equal revisions mean the
/// same parts: the store (its version grows with every write), the nodes whose
/// kubelet was made to fail (kept beside the store, read by the reasons), and the
/// event log (a repeated event bumps a count without a store write). Time alone
/// changes none of them: ages are drawn from `now_millis`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revision {
    store: u64,
    failed_nodes: Vec<String>,
    events: (usize, u64),
    /// The version of each kind in `TRACKED_KINDS` (`Store::kind_version`): a part
    /// computed from a few kinds only is kept while none of them changed.
    kinds: [u64; TRACKED_KINDS.len()],
}

/// The kinds whose versions a revision keeps, for the parts that read only those.
const TRACKED_KINDS: [&str; 5] = [
    "Pod",
    "Service",
    "EndpointSlice",
    "Node",
    "PersistentVolume",
];

/// What each part that can be kept on its own reads from the store.
const RECORDS_READ: &[&str] = &["Service", "EndpointSlice", "Pod"];
const SERVICES_READ: &[&str] = &["Service", "EndpointSlice", "Pod"];
const NODES_READ: &[&str] = &["Node", "Pod"];
const VOLUMES_READ: &[&str] = &["PersistentVolume"];

impl Revision {
    /// The revision of `c` now.
    pub fn of(c: &Cluster) -> Revision {
        let events = c.events().all();
        Revision {
            kinds: TRACKED_KINDS.map(|kind| c.store().kind_version(kind)),
            store: c.store().version(),
            failed_nodes: c
                .store()
                .list::<Node>(None)
                .filter(|(key, _)| c.is_node_failed(&key.name))
                .map(|(key, _)| key.name.to_string())
                .collect(),
            events: (
                events.len(),
                events.iter().map(|e| u64::from(e.count)).sum(),
            ),
        }
    }

    /// Whether any of `kinds` (all in `TRACKED_KINDS`) changed from `before` to `self`.
    fn changed(&self, before: &Revision, kinds: &[&str]) -> bool {
        TRACKED_KINDS
            .iter()
            .zip(self.kinds.iter().zip(&before.kinds))
            .any(|(kind, (now, then))| kinds.contains(kind) && now != then)
    }
}

/// Everything the cluster side of the page shows at one simulated instant. The
/// parts are shared (`Rc`): a view made by `update` keeps the previous view's part
/// wherever it did not change, so the panels drawing it can tell "unchanged" by a
/// pointer and skip their work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterView {
    /// Simulated time since the cluster started, as kubectl prints an age.
    pub clock: String,
    pub now_millis: u64,
    /// True when nothing will happen without new input.
    pub settled: bool,
    /// What the parts below were computed from.
    pub revision: Revision,
    /// Each set shared too, so a card's props are a pointer, not a copy of a thousand pods.
    pub statefulsets: Rc<Vec<Rc<StatefulSetView>>>,
    /// Pods no StatefulSet controls (a bare `kind: Pod` in the text, a Deployment's),
    /// outside `kube-system`, where the cluster runs its own (CoreDNS).
    pub other_pods: Rc<Vec<PodView>>,
    pub services: Rc<Vec<ServiceView>>,
    pub volumes: Rc<Vec<VolumeView>>,
    pub records: Rc<Vec<RecordView>>,
    /// The newest `MAX_EVENTS` events, newest first.
    pub events: Rc<Vec<EventView>>,
    /// How many events the cluster has recorded in all.
    pub event_count: usize,
    pub nodes: Rc<Vec<NodeView>>,
}

impl ClusterView {
    /// The view of `c` now.
    pub fn of(c: &Cluster) -> ClusterView {
        ClusterView {
            clock: clock(c),
            now_millis: c.now().as_millis(),
            settled: c.is_settled(),
            revision: Revision::of(c),
            statefulsets: Rc::new(statefulsets(c).into_iter().map(Rc::new).collect()),
            other_pods: Rc::new(other_pods(c)),
            services: Rc::new(services(c)),
            volumes: Rc::new(volumes(c)),
            records: Rc::new(records(c)),
            events: Rc::new(events(c, MAX_EVENTS)),
            event_count: c.events().all().len(),
            nodes: Rc::new(nodes(c)),
        }
    }

    /// The view of `c` now, sharing every part of `self` that is still the same: when
    /// only time passed (the revision is unchanged) nothing is recomputed but the
    /// clock; otherwise each part is recomputed and the old one kept if equal.
    pub fn update(&self, c: &Cluster) -> ClusterView {
        let revision = Revision::of(c);
        if revision == self.revision {
            return ClusterView {
                clock: clock(c),
                now_millis: c.now().as_millis(),
                settled: c.is_settled(),
                ..self.clone()
            };
        }
        // A part that reads only some kinds is kept, pointer and all, while none of
        // them changed; the rest are recomputed and compared.
        let before = &self.revision;
        let fresh = ClusterView {
            clock: clock(c),
            now_millis: c.now().as_millis(),
            settled: c.is_settled(),
            statefulsets: Rc::new(
                workloads::statefulsets_reusing(c, &self.statefulsets)
                    .into_iter()
                    .map(Rc::new)
                    .collect(),
            ),
            other_pods: Rc::new(other_pods(c)),
            services: if revision.changed(before, SERVICES_READ) {
                Rc::new(services(c))
            } else {
                self.services.clone()
            },
            volumes: if revision.changed(before, VOLUMES_READ) {
                Rc::new(volumes::volumes_reusing(c, &self.volumes))
            } else {
                self.volumes.clone()
            },
            records: if revision.changed(before, RECORDS_READ) {
                Rc::new(records(c))
            } else {
                self.records.clone()
            },
            events: if revision.events != before.events {
                Rc::new(events(c, MAX_EVENTS))
            } else {
                self.events.clone()
            },
            event_count: c.events().all().len(),
            nodes: if revision.changed(before, NODES_READ)
                || revision.failed_nodes != before.failed_nodes
            {
                Rc::new(nodes(c))
            } else {
                self.nodes.clone()
            },
            revision,
        };
        let sets = fresh
            .statefulsets
            .iter()
            .map(|set| {
                self.statefulsets
                    .iter()
                    .find(|old| old == &set)
                    .cloned()
                    .unwrap_or_else(|| set.clone())
            })
            .collect::<Vec<_>>();
        ClusterView {
            statefulsets: keep(&self.statefulsets, Rc::new(sets)),
            other_pods: keep(&self.other_pods, fresh.other_pods),
            services: keep(&self.services, fresh.services),
            volumes: keep(&self.volumes, fresh.volumes),
            records: keep(&self.records, fresh.records),
            events: keep(&self.events, fresh.events),
            nodes: keep(&self.nodes, fresh.nodes),
            ..fresh
        }
    }

    /// How long ago `since_millis` was at this view's instant, as kubectl prints an AGE.
    pub fn age(&self, since_millis: u64) -> String {
        age(self.now_millis, since_millis)
    }

    /// The pod named `name` in any StatefulSet card or among the other pods.
    pub fn pod(&self, name: &str) -> Option<&PodView> {
        self.statefulsets
            .iter()
            .flat_map(|s| s.pods.iter().map(|p| &**p))
            .chain(self.other_pods.iter())
            .find(|p| p.name == name && p.stage != PodStage::NotCreated)
    }
}

/// `old` when it equals `new` (so the part keeps its pointer), else `new`.
fn keep<T: PartialEq>(old: &Rc<T>, new: Rc<T>) -> Rc<T> {
    if **old == *new {
        old.clone()
    } else {
        new
    }
}

fn clock(c: &Cluster) -> String {
    human_duration(c.now().as_millis() / 1000)
}

/// How long ago `since_millis` was at `now_millis` (simulated), as kubectl prints an AGE.
pub fn age(now_millis: u64, since_millis: u64) -> String {
    human_duration(now_millis.saturating_sub(since_millis) / 1000)
}

fn other_pods(c: &Cluster) -> Vec<PodView> {
    c.store()
        .list::<Pod>(None)
        .filter(|(key, _)| key.namespace != SYSTEM_NAMESPACE)
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

/// Sort `items` by the name `name` gives each, in [`natural_key`] order. Each key
/// is worked out once, not once per comparison: a thousand endpoints or pods take
/// about ten thousand comparisons.
fn sort_naturally<T>(items: &mut Vec<T>, name: impl Fn(&T) -> &str) {
    let mut order: Vec<((&str, u64, &str), usize)> = items
        .iter()
        .enumerate()
        .map(|(index, item)| (natural_key(name(item)), index))
        .collect();
    // Stable: equal keys keep their order, as `sort_by` kept it.
    order.sort_by(|a, b| a.0.cmp(&b.0));
    let order: Vec<usize> = order.into_iter().map(|(_, index)| index).collect();
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|index| slots[index].take()));
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

#[cfg(test)]
mod tests {
    use super::sort_naturally;

    #[test]
    fn names_sort_with_their_numbers_compared_as_numbers() {
        let mut names = vec![
            "giropops-10",
            "web-1",
            "giropops-2",
            "10.244.1.7",
            "giropops-1",
            "giropops-100",
        ];
        sort_naturally(&mut names, |n| n);
        assert_eq!(
            names,
            [
                "10.244.1.7",
                "giropops-1",
                "giropops-2",
                "giropops-10",
                "giropops-100",
                "web-1"
            ]
        );
    }

    #[test]
    fn equal_names_keep_their_order() {
        let mut pairs = vec![("b-1", 1), ("a-1", 2), ("b-1", 3), ("a-1", 4)];
        sort_naturally(&mut pairs, |p| p.0);
        assert_eq!(pairs, [("a-1", 2), ("a-1", 4), ("b-1", 1), ("b-1", 3)]);
    }
}
