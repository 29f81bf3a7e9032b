//! Nodes as the page draws them: kubectl's STATUS (`Ready`, `NotReady`, `Unknown`,
//! `,SchedulingDisabled`) and ROLES, the InternalIP, and the pods each one runs. The
//! workers come first, in name order, then the control-plane node: the student's pods
//! run on the workers.

use k8s_openapi::api::core::v1::Node;

use crate::engine::control_plane::is_control_plane;
use crate::engine::Cluster;
use crate::kubectl::node_roles;

/// One node card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeView {
    pub name: String,
    /// STATUS as `kubectl get nodes` prints it.
    pub status: String,
    /// ROLES as `kubectl get nodes` prints it (`control-plane`, `<none>`).
    pub roles: String,
    /// Whether it is the control-plane node, tainted so that workloads stay off it.
    pub control_plane: bool,
    /// Whether its `Ready` condition is `True`.
    pub ready: bool,
    /// Whether its kubelet was made to stop reporting (the "fail node" lever).
    pub failed: bool,
    pub schedulable: bool,
    pub internal_ip: String,
    /// The pods bound to it, by name.
    pub pods: Vec<String>,
}

/// Every node: the workers by name, then the control-plane node.
pub fn nodes(c: &Cluster) -> Vec<NodeView> {
    let mut nodes: Vec<NodeView> = c
        .store()
        .list::<Node>(None)
        .map(|(key, node)| {
            let condition = node
                .status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
                .map(|c| c.status.clone())
                .unwrap_or_default();
            let schedulable = node.spec.as_ref().and_then(|s| s.unschedulable) != Some(true);
            // kubectl: `Ready` / `NotReady` / `Unknown`, then `,SchedulingDisabled`.
            let mut status = match condition.as_str() {
                "True" => "Ready".to_owned(),
                "False" => "NotReady".to_owned(),
                _ => "Unknown".to_owned(),
            };
            if !schedulable {
                status.push_str(",SchedulingDisabled");
            }
            // The store's index of pods by `spec.nodeName`: a thousand pods on ten
            // nodes are not scanned ten times.
            let mut pods: Vec<String> = c
                .store()
                .pods_on_node(&key.name)
                .map(|k| k.name.to_string())
                .collect();
            super::sort_naturally(&mut pods, String::as_str);
            NodeView {
                name: key.name.to_string(),
                roles: node_roles(node),
                control_plane: is_control_plane(node),
                ready: condition == "True",
                failed: c.is_node_failed(&key.name),
                schedulable,
                internal_ip: node
                    .status
                    .as_ref()
                    .and_then(|s| s.addresses.as_ref())
                    .and_then(|a| a.iter().find(|a| a.type_ == "InternalIP"))
                    .map(|a| a.address.clone())
                    .unwrap_or_default(),
                pods,
                status,
            }
        })
        .collect();
    // A stable sort: each group keeps its name order.
    nodes.sort_by_key(|n| n.control_plane);
    nodes
}
