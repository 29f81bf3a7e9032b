//! What every cluster has before a student applies anything, as `kubectl` shows it
//! on a real one: nodes that report their kubelet, OS and runtime, the `kube-dns`
//! Service that is every pod's nameserver, the API server behind `kubernetes`, and a
//! `default` ServiceAccount in every namespace that pods run as. (The control-plane
//! node and CoreDNS have their own tests, in `control_plane.rs`.)

mod support;

use k8s_openapi::api::core::v1::{Node, Pod};
use ordinal::engine::dns::{self, RecordType};
use ordinal::engine::Cluster;
use ordinal::kubectl::{self, NoFiles};
use support::*;

fn kubectl(c: &mut Cluster, line: &str) -> String {
    let out = kubectl::run(c, line, &NoFiles);
    assert!(!out.failed, "{line}: {}", out.stderr);
    out.stdout
}

/// The table's rows, each cell separated by runs of spaces.
fn rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .map(|line| line.split_whitespace().map(str::to_owned).collect())
        .collect()
}

#[test]
fn nodes_show_their_kubelet_version_and_wide_shows_address_os_kernel_and_runtime() {
    let mut c = cluster();
    let table = rows(&kubectl(&mut c, "kubectl get nodes"));
    assert_eq!(table[0], ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]);
    assert_eq!(
        table[1],
        ["control-plane", "Ready", "control-plane", "0s", "v1.34.0"]
    );
    assert_eq!(table[2], ["node-1", "Ready", "<none>", "0s", "v1.34.0"]);

    let wide = kubectl(&mut c, "kubectl get nodes -o wide");
    let header = wide.lines().next().unwrap();
    for column in [
        "INTERNAL-IP",
        "OS-IMAGE",
        "KERNEL-VERSION",
        "CONTAINER-RUNTIME",
    ] {
        assert!(header.contains(column), "{header}");
    }
    let node_2 = wide.lines().find(|l| l.starts_with("node-2 ")).unwrap();
    for cell in [
        "172.18.0.3",
        "Debian GNU/Linux 12 (bookworm)",
        "containerd://2.",
        "-generic",
    ] {
        assert!(node_2.contains(cell), "{cell} in {node_2}");
    }
    assert!(!wide.contains("<unknown>"), "{wide}");
}

#[test]
fn nodes_offer_the_kubelets_110_pods_and_name_their_addresses() {
    let c = cluster();
    let node = c.get::<Node>("", "node-1").unwrap();
    let status = node.status.as_ref().unwrap();
    for resources in [&status.capacity, &status.allocatable] {
        let resources = resources.as_ref().unwrap();
        assert_eq!(resources["pods"].0, "110");
        assert!(resources.contains_key("cpu") && resources.contains_key("memory"));
    }
    let addresses: Vec<(&str, &str)> = status
        .addresses
        .iter()
        .flatten()
        .map(|a| (a.type_.as_str(), a.address.as_str()))
        .collect();
    assert_eq!(
        addresses,
        [("InternalIP", "172.18.0.2"), ("Hostname", "node-1")]
    );
    let labels = node.metadata.labels.as_ref().unwrap();
    assert_eq!(labels["kubernetes.io/os"], "linux");
    assert_eq!(labels["kubernetes.io/arch"], "amd64");
}

#[test]
fn kube_dns_in_kube_system_is_the_nameserver_in_every_pods_resolv_conf() {
    let mut c = cluster();
    let services = rows(&kubectl(&mut c, "kubectl get svc -A"));
    assert!(
        services.contains(
            &[
                "kube-system",
                "kube-dns",
                "ClusterIP",
                "10.96.0.10",
                "<none>",
                "53/UDP,53/TCP,9153/TCP",
                "0s"
            ]
            .map(str::to_owned)
            .to_vec()
        ),
        "{services:?}"
    );
    let nameserver = dns::resolv_conf("default")
        .lines()
        .find_map(|l| l.strip_prefix("nameserver ").map(str::to_owned))
        .unwrap();
    let answer = dns::query(&c, "kube-dns.kube-system.svc.cluster.local", RecordType::A);
    let addresses: Vec<&str> = answer.records.iter().map(|r| r.data.as_str()).collect();
    assert_eq!(addresses, [nameserver.as_str()]);
    // The server's own name, as busybox's nslookup prints it under "Server:".
    let reverse = dns::query(&c, &dns::reverse_name(&nameserver), RecordType::Ptr);
    assert_eq!(
        reverse.records[0].data,
        "kube-dns.kube-system.svc.cluster.local."
    );
}

#[test]
fn the_kubernetes_service_has_the_api_server_as_its_endpoint() {
    let mut c = cluster();
    let endpoints = rows(&kubectl(&mut c, "kubectl get endpoints kubernetes"));
    assert_eq!(endpoints[1], ["kubernetes", "172.18.0.254:6443", "0s"]);
    let slices = kubectl(&mut c, "kubectl get endpointslices");
    assert!(slices.contains("kubernetes"), "{slices}");
}

#[test]
fn every_namespace_has_a_default_service_account_and_pods_run_as_it() {
    let mut c = cluster();
    let accounts = rows(&kubectl(&mut c, "kubectl get sa -A"));
    let defaults: Vec<&Vec<String>> = accounts[1..].iter().filter(|r| r[1] == "default").collect();
    let namespaces: Vec<&str> = defaults.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        namespaces,
        ["default", "kube-node-lease", "kube-public", "kube-system"]
    );
    assert!(defaults.iter().all(|r| r[2] == "0"));

    c.apply(object(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: lab\n",
    ))
    .unwrap();
    let lab = rows(&kubectl(&mut c, "kubectl get serviceaccounts -n lab"));
    assert_eq!(lab[1][..2], ["default", "0"]);
    kubectl(&mut c, "kubectl delete serviceaccount default -n lab");
    let lab = rows(&kubectl(&mut c, "kubectl get sa -n lab"));
    assert_eq!(lab[1][0], "default", "the controller makes it again");

    c.apply(sts("giropops").replicas(1).object()).unwrap();
    kubectl(
        &mut c,
        "kubectl run tmp --image=busybox:1.28 --restart=Never",
    );
    for name in ["giropops-0", "tmp"] {
        let spec = c.get::<Pod>("default", name).unwrap().spec.clone().unwrap();
        assert_eq!(spec.service_account_name.as_deref(), Some("default"));
        assert_eq!(spec.service_account.as_deref(), Some("default"));
    }
    // Only pods: admission leaves the StatefulSet's template as written.
    let set = kubectl(&mut c, "kubectl get sts giropops -o yaml");
    assert!(!set.contains("serviceAccount"), "{set}");
    let describe = kubectl(&mut c, "kubectl describe pod giropops-0");
    assert!(
        describe.contains("Service Account:  default\n"),
        "{describe}"
    );
}
