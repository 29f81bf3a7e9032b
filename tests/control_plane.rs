//! The control-plane node and CoreDNS, as a kind cluster has them: CoreDNS Ready on
//! the control-plane node from the start and behind `kube-dns`, the node's taint
//! keeping the student's pods on the workers unless they tolerate it, and nothing
//! of what a student creates moved by their being there.

mod support;

use k8s_openapi::api::core::v1::{Node, Pod};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use ordinal::engine::control_plane::{CONTROL_PLANE_NODE, COREDNS_IMAGE};
use ordinal::engine::{Cluster, ClusterConfig};
use ordinal::kubectl::{self, NoFiles};
use ordinal::manifest::parse;
use support::*;

fn kubectl(c: &mut Cluster, line: &str) -> String {
    let out = kubectl::run(c, line, &NoFiles);
    assert!(!out.failed, "{line}: {}", out.stderr);
    out.stdout
}

fn apply_text(c: &mut Cluster, text: &str) {
    for document in parse(text).documents {
        c.apply(document.object).unwrap();
    }
}

fn coredns_pods(c: &Cluster) -> Vec<&Pod> {
    c.store()
        .list::<Pod>(Some("kube-system"))
        .map(|(_, pod)| pod)
        .collect()
}

/// `name node ip`, and whether it is Ready, for a pod in `default`.
fn placement(c: &Cluster, name: &str) -> String {
    let pod = pod(c, name);
    let status = pod.status.clone().unwrap_or_default();
    format!(
        "{name} {} {} {}",
        pod.spec
            .as_ref()
            .unwrap()
            .node_name
            .clone()
            .unwrap_or_default(),
        status.pod_ip.unwrap_or_default(),
        status.host_ip.unwrap_or_default()
    )
}

/// A pod that tolerates the control-plane taint (and, with `selector`, asks for a
/// control-plane node).
fn tolerating_pod(name: &str, selector: bool) -> String {
    let node_selector = if selector {
        "  nodeSelector:\n    node-role.kubernetes.io/control-plane: \"\"\n"
    } else {
        ""
    };
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{node_selector}  tolerations:\n  - key: node-role.kubernetes.io/control-plane\n    operator: Exists\n    effect: NoSchedule\n  containers:\n  - name: web\n    image: nginx:1.27\n"
    )
}

fn bare_pod(name: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n")
}

fn scheduling_messages(c: &Cluster, pod: &str) -> Vec<String> {
    c.events()
        .about("Pod", "default", pod)
        .filter(|e| e.reason == "FailedScheduling")
        .map(|e| e.message.clone())
        .collect()
}

#[test]
fn a_new_cluster_has_a_tainted_control_plane_node_beside_its_workers() {
    let c = cluster();
    let node = c.get::<Node>("", CONTROL_PLANE_NODE).unwrap();
    let labels = node.metadata.labels.clone().unwrap();
    assert_eq!(labels["node-role.kubernetes.io/control-plane"], "");
    assert_eq!(
        labels["node.kubernetes.io/exclude-from-external-load-balancers"],
        ""
    );
    let spec = node.spec.clone().unwrap();
    let taints: Vec<String> = spec
        .taints
        .unwrap()
        .iter()
        .map(|t| format!("{}:{}", t.key, t.effect))
        .collect();
    assert_eq!(taints, ["node-role.kubernetes.io/control-plane:NoSchedule"]);
    assert_eq!(spec.pod_cidr.as_deref(), Some("10.244.0.0/24"));
    let workers = c
        .store()
        .list::<Node>(None)
        .filter(|(key, _)| key.name != CONTROL_PLANE_NODE)
        .count();
    assert_eq!(workers, 3, "ClusterConfig::nodes counts the workers");
}

#[test]
fn coredns_runs_ready_on_the_control_plane_node_from_time_zero() {
    let c = cluster();
    assert_eq!(c.now().as_millis(), 0);
    assert!(c.is_settled(), "nothing is left to happen");
    assert!(c.events().all().is_empty(), "the set-up leaves no events");
    let pods = coredns_pods(&c);
    assert_eq!(pods.len(), 2);
    for pod in pods {
        let name = pod.metadata.name.clone().unwrap();
        // `<deployment>-<pod-template-hash>-<5 characters>`, as a ReplicaSet names them.
        let parts: Vec<&str> = name.split('-').collect();
        assert_eq!(
            (parts.len(), parts[0], parts[2].len()),
            (3, "coredns", 5),
            "{name}"
        );
        let spec = pod.spec.as_ref().unwrap();
        assert_eq!(spec.node_name.as_deref(), Some(CONTROL_PLANE_NODE));
        assert_eq!(spec.containers[0].image.as_deref(), Some(COREDNS_IMAGE));
        assert_eq!(spec.service_account_name.as_deref(), Some("coredns"));
        let status = pod.status.as_ref().unwrap();
        assert_eq!(status.phase.as_deref(), Some("Running"));
        assert!(status.pod_ip.as_deref().unwrap().starts_with("10.244.0."));
        assert_eq!(status.host_ip.as_deref(), Some("172.18.0.254"));
        assert!(ordinal::engine::controllers::kubelet::is_ready(pod));
    }
}

#[test]
fn kubectl_lists_coredns_in_kube_system_and_nothing_in_default() {
    let mut c = cluster();
    let pods = kubectl(&mut c, "kubectl get pods -A");
    let lines: Vec<&str> = pods.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    );
    assert_eq!(lines.len(), 3, "{pods}");
    for line in &lines[1..] {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[0], "kube-system");
        assert!(cells[1].starts_with("coredns-"), "{line}");
        assert_eq!(cells[2..], ["1/1", "Running", "0", "0s"]);
    }
    let deployments = kubectl(&mut c, "kubectl get deploy -n kube-system");
    assert!(
        deployments
            .lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            == ["coredns", "2/2", "2", "2", "0s"],
        "{deployments}"
    );
    let out = kubectl::run(&mut c, "kubectl get pods", &NoFiles);
    assert_eq!(out.stderr, "No resources found in default namespace.\n");
}

#[test]
fn kube_dns_has_the_two_coredns_pods_as_ready_endpoints_on_its_ports() {
    let mut c = cluster();
    let (_, slice) = c
        .store()
        .list::<EndpointSlice>(Some("kube-system"))
        .next()
        .unwrap();
    let mut addresses: Vec<String> = coredns_pods(&c)
        .iter()
        .map(|p| p.status.as_ref().unwrap().pod_ip.clone().unwrap())
        .collect();
    addresses.sort();
    let ready: Vec<String> = slice
        .endpoints
        .iter()
        .filter(|e| e.conditions.as_ref().and_then(|c| c.ready) == Some(true))
        .flat_map(|e| e.addresses.clone())
        .collect();
    assert_eq!(ready, addresses);
    let ports: Vec<String> = slice
        .ports
        .iter()
        .flatten()
        .map(|p| {
            format!(
                "{} {}/{}",
                p.name.clone().unwrap(),
                p.port.unwrap(),
                p.protocol.clone().unwrap()
            )
        })
        .collect();
    assert_eq!(ports, ["dns 53/UDP", "dns-tcp 53/TCP", "metrics 9153/TCP"]);

    let endpoints = kubectl(&mut c, "kubectl get endpoints -n kube-system");
    let row: Vec<&str> = endpoints
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(row[0], "kube-dns");
    assert_eq!(
        row[1],
        format!("{0}:53,{1}:53,{0}:53", addresses[0], addresses[1])
    );
    assert_eq!(row[2..], ["+", "3", "more...", "0s"]);
}

#[test]
fn the_course_examples_pods_keep_their_names_uids_nodes_addresses_and_times() {
    // What the cluster gave these pods before it had a control-plane node and CoreDNS.
    let mut c = cluster();
    apply_text(&mut c, include_str!("../examples/giropops.yaml"));
    assert!(c.run_until_settled(60_000));
    let pods: Vec<String> = pod_names(&c)
        .iter()
        .map(|name| {
            let pod = pod(&c, name);
            let ready = pod
                .status
                .iter()
                .flat_map(|s| s.conditions.iter().flatten())
                .find(|c| c.type_ == "Ready")
                .and_then(|c| c.last_transition_time.clone())
                .unwrap();
            format!(
                "{} {} {}",
                placement(&c, name),
                pod.metadata.uid.clone().unwrap(),
                ready.0
            )
        })
        .collect();
    assert_eq!(
        pods,
        [
            "giropops-0 node-1 10.244.1.2 172.18.0.2 497305c5-d1aa-499f-8c43-407dc177b6f7 2026-01-01T00:00:03Z",
            "giropops-1 node-2 10.244.2.2 172.18.0.3 530e0e61-18e9-485e-a8bf-f9ea304d9f96 2026-01-01T00:00:05Z",
            "giropops-2 node-3 10.244.3.2 172.18.0.4 536000f4-bd6a-48f8-b0af-3ce429ca1790 2026-01-01T00:00:07Z",
        ]
    );
    // A Deployment's pods after it: random names from the cluster's own stream.
    apply_text(
        &mut c,
        include_str!("../examples/deployment-beside-statefulset.yaml"),
    );
    assert!(c.run_until_settled(60_000));
    let web: Vec<String> = pod_names(&c)
        .iter()
        .filter(|name| name.starts_with("giropops-web-"))
        .map(|name| placement(&c, name))
        .collect();
    assert_eq!(
        web,
        [
            "giropops-web-c6fc7f56d-2szkc node-1 10.244.1.3 172.18.0.2",
            "giropops-web-c6fc7f56d-fg59x node-2 10.244.2.3 172.18.0.3",
            "giropops-web-c6fc7f56d-v64dw node-3 10.244.3.3 172.18.0.4",
        ]
    );
    assert_eq!(c.now().as_millis(), 17_400);
}

#[test]
fn the_students_pods_never_land_on_the_control_plane_node() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(12).parallel().object())
        .unwrap();
    assert!(c.run_until_settled(60_000));
    let on_control_plane = c.store().pods_on_node(CONTROL_PLANE_NODE).count();
    assert_eq!(on_control_plane, 2, "only CoreDNS");
    for n in 1..=3 {
        assert_eq!(c.store().pods_on_node(&format!("node-{n}")).count(), 4);
    }
}

#[test]
fn with_every_worker_cordoned_a_pod_waits_and_the_scheduler_names_the_taint() {
    let mut c = Cluster::with_config(ClusterConfig {
        nodes: 1,
        ..ClusterConfig::default()
    });
    c.set_node_schedulable("node-1", false).unwrap();
    apply_text(&mut c, &bare_pod("web"));
    c.advance(5_000);
    assert_eq!(pod_states(&c), ["web Pending false"]);
    assert_eq!(
        scheduling_messages(&c, "web"),
        ["0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."]
    );
}

#[test]
fn a_pod_that_tolerates_the_taint_may_run_on_the_control_plane_node() {
    let mut c = Cluster::with_config(ClusterConfig {
        nodes: 1,
        ..ClusterConfig::default()
    });
    c.set_node_schedulable("node-1", false).unwrap();
    apply_text(&mut c, &tolerating_pod("web", false));
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_states(&c), ["web Running true"]);
    // The next address of the control-plane node's range, after CoreDNS's two.
    assert_eq!(
        placement(&c, "web"),
        "web control-plane 10.244.0.4 172.18.0.254"
    );
}

#[test]
fn a_node_selector_picks_the_control_plane_only_with_the_toleration() {
    let mut c = cluster();
    apply_text(&mut c, &tolerating_pod("tolerated", true));
    let untolerated = tolerating_pod("untolerated", true).replace(
        "  tolerations:\n  - key: node-role.kubernetes.io/control-plane\n    operator: Exists\n    effect: NoSchedule\n",
        "",
    );
    apply_text(&mut c, &untolerated);
    c.advance(10_000);
    assert!(placement(&c, "tolerated").starts_with("tolerated control-plane "));
    assert_eq!(
        scheduling_messages(&c, "untolerated"),
        ["0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."]
    );
}

#[test]
fn a_taint_the_student_puts_on_a_worker_keeps_other_pods_off_it() {
    let mut c = cluster();
    kubectl(
        &mut c,
        r#"kubectl patch node node-1 -p '{"spec":{"taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"}]}}'"#,
    );
    c.apply(sts("giropops").replicas(4).parallel().object())
        .unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(c.store().pods_on_node("node-1").count(), 0);
    let tolerating = tolerating_pod("db", false).replace(
        "  - key: node-role.kubernetes.io/control-plane\n    operator: Exists\n    effect: NoSchedule\n",
        "  - key: dedicated\n    operator: Equal\n    value: db\n    effect: NoSchedule\n",
    );
    apply_text(&mut c, &tolerating);
    assert!(c.run_until_settled(60_000));
    assert!(placement(&c, "db").starts_with("db node-1 "));
}

#[test]
fn a_failed_control_plane_node_takes_coredns_out_of_kube_dns_and_it_returns() {
    let mut c = cluster();
    c.fail_node(CONTROL_PLANE_NODE).unwrap();
    c.advance(41_000);
    let ready = |c: &Cluster| {
        coredns_pods(c)
            .iter()
            .filter(|p| ordinal::engine::controllers::kubelet::is_ready(p))
            .count()
    };
    assert_eq!(ready(&c), 0, "marked not ready after the grace period");
    c.restore_node(CONTROL_PLANE_NODE).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(ready(&c), 2);
    let endpoints = kubectl(&mut c, "kubectl get endpoints -n kube-system");
    assert!(endpoints.contains("10.244.0.2:53"), "{endpoints}");
}
