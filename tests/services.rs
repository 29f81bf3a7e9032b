//! Services, EndpointSlices and cluster DNS, on the course's example (StatefulSet
//! `giropops` and headless Service `nginx`, both selecting `app=nginx`).

mod support;

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::discovery::v1::EndpointSlice;
use ordinal::engine::dns::{self, Rcode, RecordType};
use ordinal::engine::{Cluster, EngineError, Object};
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::manifest::parse;
use support::*;

fn course() -> Cluster {
    let mut c = cluster();
    for document in parse(COURSE_EXAMPLE).documents {
        c.apply(document.object).unwrap();
    }
    c
}

fn settled_course() -> Cluster {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    c
}

fn service(yaml_spec: &str, name: &str) -> ordinal::engine::Object {
    object(&format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{yaml_spec}"
    ))
}

fn slice_endpoints(c: &Cluster, service: &str) -> Vec<String> {
    c.store()
        .list::<EndpointSlice>(Some("default"))
        .filter(|(_, s)| {
            s.metadata.labels.as_ref().unwrap()["kubernetes.io/service-name"] == service
        })
        .flat_map(|(_, s)| s.endpoints.clone())
        .map(|e| {
            let cond = e.conditions.unwrap();
            format!(
                "{} {} ready={} serving={} terminating={}",
                e.target_ref.unwrap().name.unwrap(),
                e.hostname.unwrap_or_default(),
                cond.ready.unwrap(),
                cond.serving.unwrap(),
                cond.terminating.unwrap()
            )
        })
        .collect()
}

fn a_records(c: &Cluster, name: &str) -> Vec<String> {
    dns::query(c, name, RecordType::A)
        .records
        .into_iter()
        .map(|r| r.data)
        .collect()
}

fn cluster_ip(c: &Cluster, name: &str) -> String {
    let spec = c
        .get::<Service>("default", name)
        .unwrap()
        .spec
        .clone()
        .unwrap();
    spec.cluster_ip.unwrap()
}

fn pod_ip(c: &Cluster, name: &str) -> String {
    pod(c, name)
        .status
        .as_ref()
        .unwrap()
        .pod_ip
        .clone()
        .unwrap()
}

#[test]
fn every_cluster_has_the_kubernetes_service() {
    let c = cluster();
    let svc = c.get::<Service>("default", "kubernetes").unwrap();
    assert_eq!(
        svc.spec.as_ref().unwrap().cluster_ip.as_deref(),
        Some("10.96.0.1")
    );
    assert_eq!(
        a_records(&c, "kubernetes.default.svc.cluster.local"),
        ["10.96.0.1"]
    );
}

#[test]
fn a_cluster_ip_service_gets_a_vip_and_node_ports_come_from_the_range() {
    let mut c = cluster();
    c.apply(service(
        "  selector:\n    app: nginx\n  ports:\n  - port: 80\n    name: web\n",
        "web",
    ))
    .unwrap();
    let ip = cluster_ip(&c, "web");
    assert!(
        ip.starts_with("10.96.") && ip != "10.96.0.1" && ip != "10.96.0.10",
        "{ip}"
    );

    c.apply(service(
        "  type: NodePort\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n",
        "web",
    ))
    .unwrap();
    let spec = c
        .get::<Service>("default", "web")
        .unwrap()
        .spec
        .clone()
        .unwrap();
    assert_eq!(
        spec.cluster_ip.unwrap(),
        ip,
        "the ClusterIP is kept on update"
    );
    let node_port = spec.ports.unwrap()[0].node_port.unwrap();
    assert!((30000..=32767).contains(&node_port), "{node_port}");
}

#[test]
fn a_taken_or_out_of_range_node_port_is_refused() {
    let mut c = cluster();
    let spec =
        |port: i32| format!("  type: NodePort\n  ports:\n  - port: 80\n    nodePort: {port}\n");
    c.apply(service(&spec(30080), "a")).unwrap();
    assert_eq!(
        c.apply(service(&spec(30080), "b")),
        Err(EngineError::Invalid {
            message: "The Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated".to_owned()
        })
    );
    // The manifest layer already refuses port 80 in the text; the API server must too
    // when the object reaches it another way.
    let mut out_of_range = service(&spec(30081), "b");
    if let Object::Service(svc) = &mut out_of_range {
        svc.spec.as_mut().unwrap().ports.as_mut().unwrap()[0].node_port = Some(80);
    }
    assert_eq!(
        c.apply(out_of_range),
        Err(EngineError::Invalid {
            message: "The Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767".to_owned()
        })
    );
    assert!(c.get::<Service>("default", "b").is_none());
}

#[test]
fn headless_cannot_become_a_cluster_ip_service() {
    let mut c = course();
    let error = c
        .apply(service(
            "  clusterIP: 10.96.5.5\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n",
            "nginx",
        ))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "The Service \"nginx\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.5.5\"]: may not change once set"
    );
}

#[test]
fn load_balancers_get_an_external_ip_until_the_pool_runs_dry() {
    let mut c = cluster();
    for n in 0..11 {
        c.apply(service(
            "  type: LoadBalancer\n  ports:\n  - port: 80\n",
            &format!("lb-{n}"),
        ))
        .unwrap();
    }
    let ingress = |name: &str| {
        c.get::<Service>("default", name)
            .and_then(|s| s.status.clone())
            .and_then(|s| s.load_balancer)
            .and_then(|lb| lb.ingress)
            .and_then(|i| i[0].ip.clone())
    };
    assert_eq!(ingress("lb-0").as_deref(), Some("172.18.255.200"));
    assert_eq!(ingress("lb-9").as_deref(), Some("172.18.255.209"));
    assert_eq!(ingress("lb-10"), None, "the eleventh stays <pending>");
}

fn service_events(c: &Cluster, name: &str) -> Vec<String> {
    c.events()
        .about("Service", "default", name)
        .map(|e| format!("{} {} {}", e.type_.as_str(), e.reason, e.message))
        .collect()
}

fn ingress(c: &Cluster, name: &str) -> Option<String> {
    c.get::<Service>("default", name)
        .and_then(|s| s.status.clone())
        .and_then(|s| s.load_balancer)
        .and_then(|lb| lb.ingress)
        .and_then(|i| i[0].ip.clone())
}

#[test]
fn the_service_controller_reports_each_load_balancer_and_a_dry_pool() {
    let mut c = cluster();
    for n in 0..11 {
        c.apply(
            svc(&format!("lb-{n}"))
                .type_("LoadBalancer")
                .port("http", 80, "80")
                .object(),
        )
        .unwrap();
    }
    assert_eq!(
        service_events(&c, "lb-0"),
        [
            "Normal EnsuringLoadBalancer Ensuring load balancer",
            "Normal EnsuredLoadBalancer Ensured load balancer"
        ]
    );
    assert_eq!(
        service_events(&c, "lb-10"),
        [
            "Normal EnsuringLoadBalancer Ensuring load balancer",
            "Warning SyncLoadBalancerFailed Error syncing load balancer: failed to ensure load balancer: no available IPs in the pool 172.18.255.200-172.18.255.209"
        ]
    );
    let finalizers = c
        .get::<Service>("default", "lb-0")
        .and_then(|s| s.metadata.finalizers.clone());
    assert_eq!(
        finalizers,
        Some(vec![
            "service.kubernetes.io/load-balancer-cleanup".to_owned()
        ])
    );

    // lb-0 stops being a LoadBalancer: its load balancer goes and lb-10 gets the address.
    c.apply(svc("lb-0").port("http", 80, "80").object())
        .unwrap();
    assert_eq!(
        service_events(&c, "lb-0")[2..],
        [
            "Normal Type LoadBalancer -> ClusterIP",
            "Normal DeletingLoadBalancer Deleting load balancer",
            "Normal DeletedLoadBalancer Deleted load balancer"
        ]
    );
    assert_eq!(ingress(&c, "lb-0"), None);
    assert!(c
        .get::<Service>("default", "lb-0")
        .unwrap()
        .metadata
        .finalizers
        .is_none());
    assert_eq!(ingress(&c, "lb-10").as_deref(), Some("172.18.255.200"));
    assert_eq!(
        service_events(&c, "lb-10").last().map(String::as_str),
        Some("Normal EnsuredLoadBalancer Ensured load balancer")
    );
}

#[test]
fn only_a_change_to_or_from_load_balancer_is_a_type_event() {
    let mut c = cluster();
    c.apply(svc("web").port("http", 80, "80").object()).unwrap();
    c.apply(svc("web").type_("NodePort").port("http", 80, "80").object())
        .unwrap();
    assert_eq!(service_events(&c, "web"), Vec::<String>::new());
    c.apply(
        svc("web")
            .type_("LoadBalancer")
            .port("http", 80, "80")
            .object(),
    )
    .unwrap();
    assert_eq!(
        service_events(&c, "web"),
        [
            "Normal Type NodePort -> LoadBalancer",
            "Normal EnsuringLoadBalancer Ensuring load balancer",
            "Normal EnsuredLoadBalancer Ensured load balancer"
        ]
    );
}

#[test]
fn deleting_a_load_balancer_service_deletes_its_load_balancer_first() {
    let mut c = cluster();
    c.apply(
        svc("lb")
            .type_("LoadBalancer")
            .port("http", 80, "80")
            .object(),
    )
    .unwrap();
    c.delete(&key("Service", "lb")).unwrap();
    assert!(
        c.get::<Service>("default", "lb").is_none(),
        "gone once its finalizer is removed"
    );
    assert_eq!(
        service_events(&c, "lb")[2..],
        [
            "Normal DeletingLoadBalancer Deleting load balancer",
            "Normal DeletedLoadBalancer Deleted load balancer"
        ]
    );
}

#[test]
fn endpoints_follow_readiness_and_termination() {
    let mut c = course();
    c.advance(500);
    assert_eq!(
        slice_endpoints(&c, "nginx"),
        Vec::<String>::new(),
        "no pod has an IP yet"
    );
    c.advance(2_000);
    // giropops-0 is Running: listed, but not ready until its readiness delay has passed.
    let listed = slice_endpoints(&c, "nginx");
    assert_eq!(listed.len(), 1);
    assert!(
        listed[0].starts_with("giropops-0 giropops-0 "),
        "{listed:?}"
    );
    assert!(c.run_until_settled(60_000));
    assert_eq!(
        slice_endpoints(&c, "nginx"),
        [
            "giropops-0 giropops-0 ready=true serving=true terminating=false",
            "giropops-1 giropops-1 ready=true serving=true terminating=false",
            "giropops-2 giropops-2 ready=true serving=true terminating=false",
        ]
    );
    c.delete(&key("Pod", "giropops-1")).unwrap();
    assert_eq!(
        slice_endpoints(&c, "nginx")[1],
        "giropops-1 giropops-1 ready=false serving=true terminating=true"
    );
    let slice = c
        .store()
        .list::<EndpointSlice>(Some("default"))
        .find(|(k, _)| k.name.starts_with("nginx-"))
        .unwrap()
        .1;
    assert_eq!(
        slice.metadata.labels.as_ref().unwrap()["service.kubernetes.io/headless"],
        ""
    );
}

#[test]
fn publish_not_ready_addresses_counts_unready_pods_as_ready() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).parallel().object())
        .unwrap();
    c.apply(service(
        "  clusterIP: None\n  publishNotReadyAddresses: true\n  selector:\n    app: giropops\n  ports:\n  - port: 80\n    name: web\n",
        "nginx",
    ))
    .unwrap();
    assert!(c.run_until_settled(60_000));
    c.set_pod_unready("default", "giropops-0", true).unwrap();
    assert_eq!(
        slice_endpoints(&c, "nginx"),
        ["giropops-0 giropops-0 ready=true serving=false terminating=false"]
    );
    assert_eq!(
        a_records(&c, "giropops-0.nginx.default.svc.cluster.local"),
        [pod_ip(&c, "giropops-0")]
    );
}

#[test]
fn a_selector_that_matches_nothing_gives_an_empty_slice() {
    let mut c = course();
    c.apply(service(
        "  selector:\n    app: nope\n  ports:\n  - port: 80\n",
        "lonely",
    ))
    .unwrap();
    assert!(c.run_until_settled(60_000));
    assert!(slice_endpoints(&c, "lonely").is_empty());
    assert_eq!(
        c.store()
            .list::<EndpointSlice>(Some("default"))
            .filter(|(k, _)| k.name.starts_with("lonely-"))
            .count(),
        1
    );
}

#[test]
fn headless_dns_has_a_record_per_ready_pod_and_per_pod_names() {
    let c = settled_course();
    let ips: Vec<String> = (0..3)
        .map(|n| pod_ip(&c, &format!("giropops-{n}")))
        .collect();
    let mut all = a_records(&c, "nginx.default.svc.cluster.local");
    all.sort();
    let mut expected = ips.clone();
    expected.sort();
    assert_eq!(all, expected);
    assert_eq!(
        a_records(&c, "giropops-1.nginx.default.svc.cluster.local"),
        [ips[1].clone()]
    );
    let srv: Vec<String> = dns::query(
        &c,
        "_web._tcp.nginx.default.svc.cluster.local",
        RecordType::Srv,
    )
    .records
    .into_iter()
    .map(|r| r.data)
    .collect();
    assert_eq!(
        srv,
        [
            "0 33 80 giropops-0.nginx.default.svc.cluster.local.",
            "0 33 80 giropops-1.nginx.default.svc.cluster.local.",
            "0 33 80 giropops-2.nginx.default.svc.cluster.local.",
        ]
    );
    let ptr = dns::query(&c, &dns::reverse_name(&ips[2]), RecordType::Ptr).records;
    assert_eq!(ptr[0].data, "giropops-2.nginx.default.svc.cluster.local.");
    let pod_record = format!("{}.default.pod.cluster.local", ips[0].replace('.', "-"));
    assert_eq!(a_records(&c, &pod_record), [ips[0].clone()]);
}

#[test]
fn a_pod_that_is_not_ready_leaves_dns_and_the_reason_is_given() {
    let mut c = settled_course();
    c.set_pod_unready("default", "giropops-2", true).unwrap();
    let name = "giropops-2.nginx.default.svc.cluster.local";
    assert_eq!(dns::query(&c, name, RecordType::A).rcode, Rcode::NxDomain);
    assert_eq!(
        dns::why_unresolved(&c, name).unwrap(),
        "pod \"giropops-2\" is not Ready yet; a pod that is not Ready is left out of DNS unless the Service sets publishNotReadyAddresses: true"
    );
    assert_eq!(
        dns::why_unresolved(&c, "giropops-1.nginx.default.svc.cluster.local"),
        None
    );
    assert_eq!(
        dns::why_unresolved(&c, "giropops-1.mysql.default.svc.cluster.local").unwrap(),
        "there is no Service \"mysql\" in namespace \"default\": per-pod names need the headless Service that the StatefulSet's serviceName names"
    );
}

#[test]
fn cluster_ip_dns_has_a_vip_srv_for_named_ports_and_ptr() {
    let mut c = cluster();
    c.apply(service(
        "  selector:\n    app: x\n  ports:\n  - port: 80\n    name: http\n",
        "web",
    ))
    .unwrap();
    let ip = cluster_ip(&c, "web");
    assert_eq!(
        a_records(&c, "web.default.svc.cluster.local"),
        std::slice::from_ref(&ip),
        "even with no endpoints"
    );
    let srv = dns::query(
        &c,
        "_http._tcp.web.default.svc.cluster.local",
        RecordType::Srv,
    )
    .records;
    assert_eq!(srv[0].data, "0 100 80 web.default.svc.cluster.local.");
    let ptr = dns::query(&c, &dns::reverse_name(&ip), RecordType::Ptr).records;
    assert_eq!(ptr[0].data, "web.default.svc.cluster.local.");
}

#[test]
fn external_name_is_a_cname() {
    let mut c = cluster();
    c.apply(service(
        "  type: ExternalName\n  externalName: giropops.example.com\n",
        "docs",
    ))
    .unwrap();
    let answer = dns::query(&c, "docs.default.svc.cluster.local", RecordType::A);
    assert_eq!(answer.records[0].type_, RecordType::Cname);
    assert_eq!(answer.records[0].data, "giropops.example.com.");
}

#[test]
fn short_names_resolve_through_the_search_path() {
    let c = settled_course();
    let ip = pod_ip(&c, "giropops-1");
    let walk = dns::resolve(&c, "default", "giropops-1.nginx", RecordType::A);
    assert_eq!(
        walk.attempts[0].name,
        "giropops-1.nginx.default.svc.cluster.local."
    );
    assert_eq!(walk.answer().unwrap().records[0].data, ip);
    assert_eq!(walk.attempts.len(), 1);
    // From another namespace the first suffix misses and the second finds it.
    let walk = dns::resolve(&c, "other", "giropops-1.nginx.default", RecordType::A);
    let names: Vec<&str> = walk.attempts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "giropops-1.nginx.default.other.svc.cluster.local.",
            "giropops-1.nginx.default.svc.cluster.local."
        ]
    );
    assert_eq!(walk.attempts[0].rcode, Rcode::NxDomain);
    // A name nobody serves walks the whole path and ends in NXDOMAIN.
    let walk = dns::resolve(&c, "default", "nope", RecordType::A);
    assert_eq!(walk.attempts.len(), 4);
    assert_eq!(walk.answer().unwrap().rcode, Rcode::NxDomain);
    assert_eq!(
        dns::resolv_conf("default"),
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
    );
}

#[test]
fn dns_serves_its_schema_version_and_the_zone_soa_when_there_is_no_answer() {
    // Reference case 43.
    let c = settled_course();
    let version = dns::query(&c, "dns-version.cluster.local", RecordType::Txt);
    assert_eq!(version.rcode, Rcode::NoError);
    assert_eq!(
        version
            .records
            .iter()
            .map(|r| (r.data.as_str(), r.ttl))
            .collect::<Vec<_>>(),
        [("\"1.1.0\"", 28_800)]
    );
    // An IPv4-only name asked for AAAA: NOERROR, no answer, the SOA as authority.
    let aaaa = dns::query(&c, "nginx.default.svc.cluster.local", RecordType::Aaaa);
    assert_eq!((aaaa.rcode, aaaa.records.len()), (Rcode::NoError, 0));
    assert_eq!(aaaa.authority.len(), 1);
    assert_eq!(aaaa.authority[0].name, "cluster.local.");
    assert!(aaaa.authority[0]
        .data
        .starts_with("ns.dns.cluster.local. hostmaster.cluster.local. "));
    assert!(aaaa.authority[0].data.ends_with(" 7200 1800 86400 30"));
    let unknown = dns::query(&c, "nope.default.svc.cluster.local", RecordType::A);
    assert_eq!(unknown.rcode, Rcode::NxDomain);
    assert_eq!(unknown.authority, aaaa.authority);
}

#[test]
fn past_100_endpoints_a_service_gets_more_slices_and_a_pod_change_rewrites_only_its_own() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(250).parallel().object())
        .unwrap();
    c.apply(service(
        "  clusterIP: None\n  selector:\n    app: giropops\n  ports:\n  - port: 80\n    name: web\n",
        "nginx",
    ))
    .unwrap();
    assert!(c.run_until_settled(600_000));
    // Each slice: (name, its pods, resourceVersion).
    let slices = |c: &Cluster| -> Vec<(String, Vec<String>, String)> {
        c.store()
            .list::<EndpointSlice>(Some("default"))
            .filter(|(k, _)| k.name.starts_with("nginx-"))
            .map(|(k, s)| {
                let pods = s
                    .endpoints
                    .iter()
                    .map(|e| e.target_ref.as_ref().unwrap().name.clone().unwrap())
                    .collect();
                let version = s.metadata.resource_version.clone().unwrap();
                (k.name.to_string(), pods, version)
            })
            .collect()
    };
    let before = slices(&c);
    let mut sizes: Vec<usize> = before.iter().map(|(_, pods, _)| pods.len()).collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [50, 100, 100], "at most 100 endpoints a slice");
    let listed: std::collections::BTreeSet<&String> =
        before.iter().flat_map(|(_, pods, _)| pods).collect();
    assert_eq!(listed.len(), 250, "every pod listed once");

    c.set_pod_unready("default", "giropops-180", true).unwrap();
    let after = slices(&c);
    let home = |pod: &str| {
        before
            .iter()
            .position(|(_, pods, _)| pods.iter().any(|p| p == pod))
            .unwrap()
    };
    let home_of_180 = home("giropops-180");
    for (index, ((name, pods, version), (name_after, pods_after, version_after))) in
        before.iter().zip(&after).enumerate()
    {
        assert_eq!(
            (name, pods),
            (name_after, pods_after),
            "pods keep their slice"
        );
        if index == home_of_180 {
            assert_ne!(version, version_after, "giropops-180's slice is rewritten");
        } else {
            assert_eq!(version, version_after, "{name} is left alone");
        }
    }
    let unready: Vec<String> = slice_endpoints(&c, "nginx")
        .into_iter()
        .filter(|e| e.contains("ready=false"))
        .collect();
    assert_eq!(
        unready,
        ["giropops-180 giropops-180 ready=false serving=false terminating=false"]
    );
}
