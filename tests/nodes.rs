//! Nodes failing, coming back, being deleted, cordoned and drained, and what a
//! StatefulSet does about it: never two pods with one identity.

mod support;

use k8s_openapi::api::core::v1::Node;
use ordinal::engine::Cluster;
use support::*;

fn node_of(c: &Cluster, pod_name: &str) -> String {
    pod(c, pod_name)
        .spec
        .as_ref()
        .unwrap()
        .node_name
        .clone()
        .unwrap()
}

fn settled() -> Cluster {
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c
}

#[test]
fn pods_spread_over_the_nodes() {
    let c = settled();
    let nodes: Vec<String> = (0..3)
        .map(|n| node_of(&c, &format!("giropops-{n}")))
        .collect();
    assert_eq!(nodes, ["node-1", "node-2", "node-3"]);
}

#[test]
fn a_failed_node_leaves_its_pod_terminating_and_it_is_not_replaced() {
    let mut c = settled();
    let node = node_of(&c, "giropops-1");
    c.fail_node(&node).unwrap();
    let ready = |c: &Cluster| {
        c.get::<Node>("", &node)
            .unwrap()
            .status
            .clone()
            .unwrap()
            .conditions
            .unwrap()[0]
            .status
            .clone()
    };
    assert_eq!(ready(&c), "Unknown");
    c.advance(39_000);
    assert_eq!(
        pod_states(&c)[1],
        "giropops-1 Running true",
        "still ready within the grace period"
    );
    c.advance(2_000);
    assert_eq!(pod_states(&c)[1], "giropops-1 Running false");
    c.advance(300_000);
    assert_eq!(pod_states(&c)[1], "giropops-1 Running false terminating");
    c.advance(600_000);
    assert_eq!(
        pod_names(&c),
        ["giropops-0", "giropops-1", "giropops-2"],
        "no second giropops-1"
    );
    assert!(pod_states(&c)[1].ends_with("terminating"));
    let evictions: Vec<String> = c
        .events()
        .about("Pod", "default", "giropops-1")
        .filter(|e| e.reason == "TaintManagerEviction")
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(evictions, ["Marking for deletion Pod default/giropops-1"]);
}

#[test]
fn deleting_the_failed_node_lets_the_pod_return_elsewhere_with_its_volume() {
    let mut c = settled();
    let node = node_of(&c, "giropops-1");
    let volume = volume_of(&c, "www-giropops-1");
    c.fail_node(&node).unwrap();
    c.advance(400_000);
    c.delete(&key("Node", &node)).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_states(&c)[1], "giropops-1 Running true");
    assert_ne!(node_of(&c, "giropops-1"), node);
    assert_eq!(volume_of(&c, "www-giropops-1"), volume);
}

#[test]
fn a_restored_node_finishes_the_eviction_and_the_pod_comes_back() {
    let mut c = settled();
    let node = node_of(&c, "giropops-2");
    let old_uid = pod(&c, "giropops-2").metadata.uid.clone();
    c.fail_node(&node).unwrap();
    c.advance(400_000);
    c.restore_node(&node).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_states(&c)[2], "giropops-2 Running true");
    assert_ne!(pod(&c, "giropops-2").metadata.uid, old_uid);
}

#[test]
fn a_node_restored_before_eviction_keeps_its_pods() {
    let mut c = settled();
    let node = node_of(&c, "giropops-0");
    let uid = pod(&c, "giropops-0").metadata.uid.clone();
    c.fail_node(&node).unwrap();
    c.advance(60_000);
    assert_eq!(pod_states(&c)[0], "giropops-0 Running false");
    c.restore_node(&node).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_states(&c)[0], "giropops-0 Running true");
    assert_eq!(pod(&c, "giropops-0").metadata.uid, uid);
}

#[test]
fn draining_a_node_moves_its_pods_and_cordoning_keeps_new_ones_off() {
    let mut c = settled();
    let evicted = c.drain_node("node-2").unwrap();
    assert_eq!(
        evicted.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(),
        ["giropops-1"]
    );
    assert!(c.run_until_settled(60_000));
    assert_ne!(node_of(&c, "giropops-1"), "node-2");
    assert_eq!(pod_states(&c)[1], "giropops-1 Running true");

    c.set_node_schedulable("node-2", true).unwrap();
    c.set_node_schedulable("node-1", false).unwrap();
    c.apply(sts("giropops").replicas(5).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert!((3..5).all(|n| node_of(&c, &format!("giropops-{n}")) != "node-1"));
    assert!(c.fail_node("node-9").is_err());
}

#[test]
fn a_node_runs_at_most_max_pods_and_the_rest_wait_with_the_schedulers_reason() {
    let mut c = Cluster::with_config(ordinal::engine::ClusterConfig {
        nodes: 1,
        ..Default::default()
    });
    c.apply(
        sts("giropops")
            .replicas(112)
            .parallel()
            .without_claims()
            .object(),
    )
    .unwrap();
    assert!(c.run_until_settled(60_000));
    let running = pod_states(&c)
        .iter()
        .filter(|s| s.ends_with("Running true"))
        .count();
    assert_eq!(running, 110, "maxPods");
    let waiting: Vec<String> = pod_states(&c)
        .into_iter()
        .filter(|s| s.contains("Pending"))
        .collect();
    assert_eq!(waiting.len(), 2);
    let scheduling: Vec<String> = c
        .events()
        .all()
        .iter()
        .filter(|e| e.reason == "FailedScheduling")
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(scheduling.len(), 2);
    // The control-plane node counts too: its taint keeps the pods off it.
    assert_eq!(
        scheduling[0],
        "0/2 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."
    );
}
