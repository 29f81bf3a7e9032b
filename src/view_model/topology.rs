//! The topology picture, laid out in plain numbers: Services on the left, then pods
//! in ordinal order, their claims, the volumes bound to them, and the nodes they run
//! on (the workers; the control-plane node only if one of these pods runs there),
//! with an edge for every endpoint, mount, binding and placement. The UI only draws
//! these boxes and lines as SVG.

use std::collections::BTreeMap;

use super::{ClusterView, PodStage};

/// What a box stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKind {
    Service,
    Pod,
    Claim,
    Volume,
    Node,
}

impl ShapeKind {
    /// Lower-case word for CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            ShapeKind::Service => "service",
            ShapeKind::Pod => "pod",
            ShapeKind::Claim => "claim",
            ShapeKind::Volume => "volume",
            ShapeKind::Node => "node",
        }
    }
}

/// One box of the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// `kind/name`: stable across ticks, so the UI can key and animate it.
    pub id: String,
    pub kind: ShapeKind,
    pub label: String,
    /// A second line: a pod's status, a claim's phase, a volume's capacity.
    pub detail: String,
    /// A state word for styling (`ready`, `pending`, `bound`, `released`, `failed`...).
    pub state: String,
    pub x: i32,
    pub y: i32,
}

/// One line of the picture, from the right edge of one box to the left edge of another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// `endpoint` (ready), `endpoint-not-ready`, `mount`, `bound`, `scheduled`.
    pub kind: &'static str,
    pub x1: i32,
    pub y1: i32,
    pub x2: i32,
    pub y2: i32,
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Topology {
    pub width: i32,
    pub height: i32,
    pub shapes: Vec<Shape>,
    pub edges: Vec<Edge>,
    /// Pods left out to keep the picture readable (large StatefulSets).
    pub hidden_pods: usize,
}

/// Size of every box.
pub const BOX_WIDTH: i32 = 150;
pub const BOX_HEIGHT: i32 = 40;
const COLUMN_GAP: i32 = 40;
const ROW_GAP: i32 = 12;
const MARGIN: i32 = 8;
/// Beyond this many pods the picture shows the first ones and counts the rest.
pub const MAX_PODS_DRAWN: usize = 40;

fn column_x(column: i32) -> i32 {
    MARGIN + column * (BOX_WIDTH + COLUMN_GAP)
}

fn row_y(row: usize) -> i32 {
    MARGIN + i32::try_from(row).unwrap_or(i32::MAX / 2) * (BOX_HEIGHT + ROW_GAP)
}

/// Lay out the cluster of `view`.
pub fn topology(view: &ClusterView) -> Topology {
    let mut picture = Topology::default();
    let pods: Vec<&super::PodView> = view
        .statefulsets
        .iter()
        .flat_map(|s| s.pods.iter().map(|p| &**p))
        .chain(view.other_pods.iter())
        .filter(|p| p.stage != PodStage::NotCreated)
        .collect();
    picture.hidden_pods = pods.len().saturating_sub(MAX_PODS_DRAWN);
    let pods = &pods[..pods.len().min(MAX_PODS_DRAWN)];

    // Pods, their claims and the claims' volumes share rows.
    let mut positions: BTreeMap<String, (i32, i32)> = BTreeMap::new();
    let mut row = 0usize;
    for pod in pods {
        let id = format!("pod/{}", pod.name);
        let (x, y) = (column_x(1), row_y(row));
        positions.insert(id.clone(), (x, y));
        picture.shapes.push(Shape {
            id,
            kind: ShapeKind::Pod,
            label: pod.name.clone(),
            detail: pod.status.clone(),
            state: pod.stage.as_str().to_owned(),
            x,
            y,
        });
        for (i, claim) in pod.claims.iter().enumerate() {
            let claim_row = row + i;
            let claim_id = format!("pvc/{}", claim.name);
            let (cx, cy) = (column_x(2), row_y(claim_row));
            positions.insert(claim_id.clone(), (cx, cy));
            picture.shapes.push(Shape {
                id: claim_id.clone(),
                kind: ShapeKind::Claim,
                label: claim.name.clone(),
                detail: claim.status.clone(),
                state: claim.status.to_ascii_lowercase(),
                x: cx,
                y: cy,
            });
            picture.edges.push(edge(
                &positions,
                &format!("pod/{}", pod.name),
                &claim_id,
                "mount",
            ));
            if !claim.volume.is_empty() {
                let volume_id = format!("pv/{}", claim.volume);
                let (vx, vy) = (column_x(3), cy);
                positions.insert(volume_id.clone(), (vx, vy));
                picture.shapes.push(Shape {
                    id: volume_id.clone(),
                    kind: ShapeKind::Volume,
                    label: claim.volume.clone(),
                    detail: format!(
                        "{} {}",
                        claim.capacity,
                        claim.volume_status.clone().unwrap_or_default()
                    )
                    .trim()
                    .to_owned(),
                    state: claim
                        .volume_status
                        .clone()
                        .unwrap_or_default()
                        .to_ascii_lowercase(),
                    x: vx,
                    y: vy,
                });
                picture
                    .edges
                    .push(edge(&positions, &claim_id, &volume_id, "bound"));
            }
        }
        row += pod.claims.len().max(1);
    }
    let pod_rows = row;

    // Services on the left, spread over the rows of the pods they select.
    let services: Vec<&super::ServiceView> = view.services.iter().filter(|s| !s.system).collect();
    for (i, service) in services.iter().enumerate() {
        let id = format!("svc/{}", service.name);
        let (x, y) = (column_x(0), row_y(i));
        positions.insert(id.clone(), (x, y));
        picture.shapes.push(Shape {
            id: id.clone(),
            kind: ShapeKind::Service,
            label: service.name.clone(),
            detail: if service.headless {
                format!("{} (headless)", service.type_)
            } else {
                format!("{} {}", service.type_, service.cluster_ip)
            },
            state: if service.reason.is_some() {
                "no-endpoints".to_owned()
            } else {
                "serving".to_owned()
            },
            x,
            y,
        });
        for endpoint in &service.endpoints {
            let Some(pod) = endpoint.pod.as_ref() else {
                continue;
            };
            let pod_id = format!("pod/{pod}");
            if positions.contains_key(&pod_id) {
                let kind = if endpoint.ready {
                    "endpoint"
                } else {
                    "endpoint-not-ready"
                };
                picture.edges.push(edge(&positions, &id, &pod_id, kind));
            }
        }
    }

    // Nodes on the right, each pod linked to the node it runs on: the workers, and the
    // control-plane node only when a pod drawn here runs on it.
    let nodes: Vec<&super::NodeView> = view
        .nodes
        .iter()
        .filter(|n| !n.control_plane || pods.iter().any(|p| p.node.as_ref() == Some(&n.name)))
        .collect();
    for (i, node) in nodes.iter().enumerate() {
        let id = format!("node/{}", node.name);
        let (x, y) = (column_x(4), row_y(i));
        positions.insert(id.clone(), (x, y));
        picture.shapes.push(Shape {
            id,
            kind: ShapeKind::Node,
            label: node.name.clone(),
            detail: node.status.clone(),
            state: if node.ready { "ready" } else { "not-ready" }.to_owned(),
            x,
            y,
        });
    }
    for pod in pods {
        if let Some(node) = &pod.node {
            let (from, to) = (format!("pod/{}", pod.name), format!("node/{node}"));
            if positions.contains_key(&to) {
                // Drawn behind the claims column: from the pod's right edge to the node.
                picture
                    .edges
                    .push(edge(&positions, &from, &to, "scheduled"));
            }
        }
    }

    let rows = pod_rows.max(services.len()).max(nodes.len()).max(1);
    picture.width = column_x(5) - COLUMN_GAP + MARGIN;
    picture.height = row_y(rows) - ROW_GAP + MARGIN;
    picture
}

fn edge(
    positions: &BTreeMap<String, (i32, i32)>,
    from: &str,
    to: &str,
    kind: &'static str,
) -> Edge {
    let (fx, fy) = positions.get(from).copied().unwrap_or_default();
    let (tx, ty) = positions.get(to).copied().unwrap_or_default();
    Edge {
        from: from.to_owned(),
        to: to.to_owned(),
        kind,
        x1: fx + BOX_WIDTH,
        y1: fy + BOX_HEIGHT / 2,
        x2: tx,
        y2: ty + BOX_HEIGHT / 2,
    }
}
