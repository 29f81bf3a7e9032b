//! What the panels show, computed from the simulated cluster: pods in ordinal order
//! with kubectl's STATUS, claims beside them, reasons for every wait, Services with
//! their endpoints, DNS records and lookups, events newest first, nodes, topology.

mod support;

use std::rc::Rc;

use ordinal::engine::dns::RecordType;
use ordinal::engine::Cluster;
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::i18n::Message;
use ordinal::kubectl::apply_text;
use ordinal::view_model::{lookup, topology, ClusterView, PodStage, ShapeKind};
use support::*;

/// The course example applied to a fresh cluster.
fn course() -> Cluster {
    let mut c = cluster();
    apply_text(&mut c, "giropops.yaml", COURSE_EXAMPLE).unwrap();
    c
}

/// A reason as the English page shows it.
fn english(reason: &Option<Message>) -> Option<String> {
    reason.as_ref().map(Message::to_string)
}

fn stages(view: &ClusterView) -> Vec<(String, PodStage)> {
    view.statefulsets[0]
        .pods
        .iter()
        .map(|p| (p.name.clone(), p.stage))
        .collect()
}

#[test]
fn pods_are_listed_in_ordinal_order_with_slots_for_those_not_created_yet() {
    let c = course();
    let view = ClusterView::of(&c);
    let set = &view.statefulsets[0];
    assert_eq!(set.name, "giropops");
    assert_eq!(set.ready, "0/3");
    let names: Vec<&str> = set.pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["giropops-0", "giropops-1", "giropops-2"]);
    assert_eq!(set.pods[0].status, "ContainerCreating");
    assert_eq!(set.pods[0].stage, PodStage::ContainerCreating);
    assert_eq!(set.pods[1].stage, PodStage::NotCreated);
    assert_eq!(
        english(&set.pods[1].reason).as_deref().unwrap(),
        "giropops-1 is not created yet because giropops-0 is not Ready: its containers are being created"
    );
    assert_eq!(
        english(&set.pods[2].reason).as_deref().unwrap(),
        "created after giropops-1 is Running and Ready (OrderedReady)"
    );
    assert_eq!(
        english(&set.reason).as_deref(),
        english(&set.pods[1].reason).as_deref(),
        "the set's reason is the first empty slot's"
    );
}

#[test]
fn ordered_start_up_never_shows_a_higher_ordinal_running_before_a_lower_one_is_ready() {
    let mut c = course();
    let mut seen = Vec::new();
    for _ in 0..200 {
        let view = ClusterView::of(&c);
        let pods = &view.statefulsets[0].pods;
        for (i, pod) in pods.iter().enumerate().skip(1) {
            if pod.stage != PodStage::NotCreated {
                assert_eq!(
                    pods[i - 1].stage,
                    PodStage::Ready,
                    "{} exists while {} is {:?}",
                    pod.name,
                    pods[i - 1].name,
                    pods[i - 1].stage
                );
            }
        }
        let step: Vec<_> = stages(&view);
        if seen.last() != Some(&step) {
            seen.push(step);
        }
        if c.is_settled() {
            break;
        }
        c.advance(100);
    }
    assert!(c.is_settled());
    // Every pod went through ContainerCreating, then Running, then Ready.
    for name in ["giropops-0", "giropops-1", "giropops-2"] {
        let path: Vec<PodStage> = seen
            .iter()
            .filter_map(|s| s.iter().find(|(n, _)| n == name).map(|(_, st)| *st))
            .fold(Vec::new(), |mut path, stage| {
                if path.last() != Some(&stage) {
                    path.push(stage);
                }
                path
            });
        assert_eq!(
            path,
            [
                PodStage::NotCreated,
                PodStage::ContainerCreating,
                PodStage::Running,
                PodStage::Ready
            ][usize::from(name == "giropops-0")..],
            "{name}"
        );
    }
}

#[test]
fn a_settled_pod_card_has_kubectls_columns_and_its_bound_claim() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    let view = ClusterView::of(&c);
    let set = &view.statefulsets[0];
    assert_eq!(set.ready, "3/3");
    assert_eq!(set.reason, None);
    assert_eq!(set.images, ["nginx"]);
    let pod = &set.pods[1];
    assert_eq!(pod.status, "Running");
    assert_eq!(pod.ready, "1/1");
    assert_eq!(pod.stage, PodStage::Ready);
    assert!(pod.node.as_deref().unwrap().starts_with("node-"));
    assert!(pod.ip.as_deref().unwrap().starts_with("10.244."));
    assert!(pod.updated);
    assert_eq!(pod.revision, set.update_revision);
    assert_eq!(pod.restarts, 0);
    assert_eq!(
        pod.dns_name.as_deref(),
        Some("giropops-1.nginx.default.svc.cluster.local")
    );
    assert_eq!(pod.reason, None);
    let claim = &pod.claims[0];
    assert_eq!(claim.name, "www-giropops-1");
    assert_eq!(claim.status, "Bound");
    assert_eq!(claim.volume, volume_of(&c, "www-giropops-1"));
    assert!(claim.volume.starts_with("pvc-"));
    assert_eq!(claim.capacity, "1Gi");
    assert_eq!(claim.access_modes, "RWO");
    assert_eq!(claim.storage_class, "standard");
    assert_eq!(claim.volume_status.as_deref(), Some("Bound"));
    assert_eq!(claim.reclaim_policy.as_deref(), Some("Delete"));
    assert_eq!(claim.reason, None);
    assert_eq!(view.volumes.len(), 3);
    assert_eq!(view.volumes[0].claim.split('/').next(), Some("default"));
}

#[test]
fn a_deleted_pod_shows_terminating_then_returns_with_the_same_claim() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    let before = ClusterView::of(&c).statefulsets[0].pods[1].clone();
    c.delete(&key("Pod", "giropops-1")).unwrap();
    let view = ClusterView::of(&c);
    let pod = &view.statefulsets[0].pods[1];
    assert_eq!(pod.status, "Terminating");
    assert_eq!(pod.stage, PodStage::Terminating);
    assert_eq!(english(&pod.reason).as_deref(), Some("it is terminating"));
    assert!(c.run_until_settled(60_000));
    let after = ClusterView::of(&c).statefulsets[0].pods[1].clone();
    assert_eq!(after.stage, PodStage::Ready);
    assert_ne!(after.uid, before.uid, "a new pod");
    assert_eq!(after.claims[0].name, before.claims[0].name);
    assert_eq!(
        after.claims[0].volume, before.claims[0].volume,
        "same volume"
    );
}

#[test]
fn claims_kept_after_a_scale_down_wait_for_their_pods() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    apply_text(
        &mut c,
        "giropops.yaml",
        &COURSE_EXAMPLE.replace("replicas: 3", "replicas: 1"),
    )
    .unwrap();
    c.advance(100);
    let during = ClusterView::of(&c);
    let set = &during.statefulsets[0];
    assert_eq!(set.pods.last().unwrap().name, "giropops-2");
    assert!(!set.pods.last().unwrap().desired);
    assert!(english(&set.reason)
        .as_deref()
        .unwrap()
        .starts_with("scaling down: giropops-2"));

    assert!(c.run_until_settled(60_000));
    let view = ClusterView::of(&c);
    let set = &view.statefulsets[0];
    assert_eq!(set.pods.len(), 1);
    let kept: Vec<(&str, &str, &str)> = set
        .kept_claims
        .iter()
        .map(|k| {
            (
                k.claim.name.as_str(),
                k.claim.status.as_str(),
                k.waiting_for.as_str(),
            )
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("www-giropops-1", "Bound", "giropops-1"),
            ("www-giropops-2", "Bound", "giropops-2")
        ]
    );
}

#[test]
fn a_claim_without_a_storage_class_says_why_it_is_pending() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).storage_class("").object())
        .unwrap();
    c.advance(5_000);
    let view = ClusterView::of(&c);
    let pod = &view.statefulsets[0].pods[0];
    assert_eq!(pod.status, "Pending");
    assert_eq!(pod.stage, PodStage::Pending);
    let claim = &pod.claims[0];
    assert_eq!(claim.status, "Pending");
    assert_eq!(claim.volume, "");
    assert_eq!(claim.capacity, "");
    assert_eq!(
        english(&claim.reason).as_deref(),
        Some("it names no StorageClass and no PersistentVolume matches it (class, size, access modes, selector)")
    );
}

#[test]
fn the_headless_service_lists_its_endpoints_ready_or_not() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    c.set_pod_unready("default", "giropops-2", true).unwrap();
    let view = ClusterView::of(&c);
    let nginx = view.services.iter().find(|s| s.name == "nginx").unwrap();
    assert_eq!(nginx.type_, "ClusterIP");
    assert!(nginx.headless);
    assert_eq!(nginx.cluster_ip, "None");
    assert_eq!(nginx.external_ip, "<none>");
    assert_eq!(nginx.ports, "80/TCP");
    assert_eq!(nginx.selector, "app=nginx");
    let endpoints: Vec<(&str, bool)> = nginx
        .endpoints
        .iter()
        .map(|e| (e.pod.as_deref().unwrap(), e.ready))
        .collect();
    assert_eq!(
        endpoints,
        [
            ("giropops-0", true),
            ("giropops-1", true),
            ("giropops-2", false)
        ]
    );
    assert_eq!(nginx.reason, None);
    assert!(!nginx.system);
    let kubernetes = view
        .services
        .iter()
        .find(|s| s.name == "kubernetes")
        .unwrap();
    assert!(kubernetes.system);
    assert_eq!(kubernetes.cluster_ip, "10.96.0.1");
}

#[test]
fn a_node_port_service_shows_its_port_and_a_selector_matching_nothing_says_so() {
    let mut c = course();
    c.apply(object(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: nothing\n  ports:\n  - port: 80\n",
    ))
    .unwrap();
    let view = ClusterView::of(&c);
    let web = view.services.iter().find(|s| s.name == "web").unwrap();
    assert_eq!(web.type_, "NodePort");
    assert!(web.cluster_ip.starts_with("10.96."));
    let node_port = web.node_ports[0];
    assert!((30000..=32767).contains(&node_port));
    assert_eq!(web.ports, format!("80:{node_port}/TCP"));
    assert!(web.endpoints.is_empty());
    assert_eq!(
        english(&web.reason).as_deref(),
        Some(
            "no pod in namespace \"default\" has the labels app=nothing that its selector asks for"
        )
    );
}

#[test]
fn dns_records_follow_ready_pods() {
    let mut c = course();
    let has = |view: &ClusterView, name: &str| view.records.iter().any(|r| r.name == name);
    assert!(!has(
        &ClusterView::of(&c),
        "giropops-0.nginx.default.svc.cluster.local."
    ));
    assert!(c.run_until_settled(60_000));
    let view = ClusterView::of(&c);
    for n in 0..3 {
        let name = format!("giropops-{n}.nginx.default.svc.cluster.local.");
        let record = view.records.iter().find(|r| r.name == name).unwrap();
        assert_eq!(record.type_.as_str(), "A");
        assert_eq!(Some(&record.data), view.statefulsets[0].pods[n].ip.as_ref());
    }
    assert!(view.records.iter().any(
        |r| r.type_.as_str() == "SRV" && r.name == "_web._tcp.nginx.default.svc.cluster.local."
    ));
    assert!(view.records.iter().any(|r| r.type_.as_str() == "PTR"));
}

#[test]
fn a_lookup_from_a_pod_walks_the_search_path() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    let found = lookup(
        &c,
        "default",
        Some("giropops-0"),
        "giropops-1.nginx",
        RecordType::A,
    );
    assert_eq!(
        found.search,
        [
            "default.svc.cluster.local",
            "svc.cluster.local",
            "cluster.local"
        ]
    );
    assert_eq!(found.attempts.len(), 1);
    assert_eq!(
        found.attempts[0].name,
        "giropops-1.nginx.default.svc.cluster.local."
    );
    assert_eq!(found.attempts[0].status, "NOERROR");
    let ip = c
        .get::<k8s_openapi::api::core::v1::Pod>("default", "giropops-1")
        .and_then(|p| p.status.as_ref())
        .and_then(|s| s.pod_ip.clone())
        .unwrap();
    assert_eq!(found.answer, [ip]);

    c.set_pod_unready("default", "giropops-1", true).unwrap();
    let missing = lookup(
        &c,
        "default",
        Some("giropops-0"),
        "giropops-1.nginx",
        RecordType::A,
    );
    let tried: Vec<&str> = missing.attempts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        tried,
        [
            "giropops-1.nginx.default.svc.cluster.local.",
            "giropops-1.nginx.svc.cluster.local.",
            "giropops-1.nginx.cluster.local.",
            "giropops-1.nginx."
        ]
    );
    assert!(missing.answer.is_empty());
    assert!(english(&missing.why_not)
        .as_deref()
        .unwrap()
        .starts_with("pod \"giropops-1\" is not Ready yet"));
}

#[test]
fn events_come_newest_first_in_kubectls_columns() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    let view = ClusterView::of(&c);
    let first = view.events.last().unwrap();
    assert_eq!(first.object, "statefulset/giropops");
    assert_eq!(first.reason, "SuccessfulCreate");
    assert_eq!(
        first.message,
        "create Claim www-giropops-0 Pod giropops-0 in StatefulSet giropops success"
    );
    assert!(view
        .events
        .windows(2)
        .all(|w| w[0].last_seen_millis >= w[1].last_seen_millis));
    let newest = &view.events[0];
    assert_eq!(newest.object, "pod/giropops-2");
    assert_eq!(newest.type_, "Normal");
}

#[test]
fn a_failed_node_shows_unknown_and_its_pods() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    let node = ClusterView::of(&c).statefulsets[0].pods[0]
        .node
        .clone()
        .unwrap();
    c.fail_node(&node).unwrap();
    let view = ClusterView::of(&c);
    let card = view.nodes.iter().find(|n| n.name == node).unwrap();
    assert!(card.failed);
    assert_eq!(card.status, "Unknown");
    assert!(!card.ready);
    assert!(card.pods.contains(&"giropops-0".to_owned()));
    // The 3 workers, then the control-plane node with CoreDNS.
    let names: Vec<&str> = view.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["node-1", "node-2", "node-3", "control-plane"]);
    assert!(view
        .nodes
        .iter()
        .all(|n| n.internal_ip.starts_with("172.18.0.")));
    let control_plane = &view.nodes[3];
    assert!(control_plane.control_plane && control_plane.ready);
    assert_eq!(control_plane.roles, "control-plane");
    assert_eq!(control_plane.pods.len(), 2);
    assert!(control_plane.pods.iter().all(|p| p.starts_with("coredns-")));
    assert!(view.nodes[..3].iter().all(|n| n.roles == "<none>"));
}

#[test]
fn the_topology_links_service_pods_claims_volumes_and_nodes() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    let picture = topology(&ClusterView::of(&c));
    let count = |kind: ShapeKind| picture.shapes.iter().filter(|s| s.kind == kind).count();
    assert_eq!(
        count(ShapeKind::Service),
        1,
        "the kubernetes Service is left out"
    );
    assert_eq!(count(ShapeKind::Pod), 3);
    assert_eq!(count(ShapeKind::Claim), 3);
    assert_eq!(count(ShapeKind::Volume), 3);
    assert_eq!(count(ShapeKind::Node), 3);
    let edges = |kind: &str| picture.edges.iter().filter(|e| e.kind == kind).count();
    assert_eq!(edges("endpoint"), 3);
    assert_eq!(edges("mount"), 3);
    assert_eq!(edges("bound"), 3);
    assert_eq!(edges("scheduled"), 3);
    // Pods are drawn top to bottom in ordinal order.
    let ys: Vec<i32> = picture
        .shapes
        .iter()
        .filter(|s| s.kind == ShapeKind::Pod)
        .map(|s| s.y)
        .collect();
    assert!(ys.windows(2).all(|w| w[0] < w[1]));
    assert!(picture
        .shapes
        .iter()
        .all(|s| s.x + 150 <= picture.width && s.y + 40 <= picture.height));
}

#[test]
fn a_thousand_replicas_draw_forty_pods_and_count_the_rest() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1000).parallel().object())
        .unwrap();
    c.advance(10);
    let view = ClusterView::of(&c);
    assert_eq!(view.statefulsets[0].pods.len(), 1000);
    let picture = topology(&view);
    assert_eq!(
        picture
            .shapes
            .iter()
            .filter(|s| s.kind == ShapeKind::Pod)
            .count(),
        40
    );
    assert_eq!(picture.hidden_pods, 960);
}

#[test]
fn tab_completes_verbs_types_and_names_from_the_cluster() {
    use ordinal::view_model::complete;
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    let view = ClusterView::of(&c);
    assert_eq!(complete("kubectl sc", &view).line, "kubectl scale ");
    assert_eq!(complete("kubectl get st", &view).line, "kubectl get st");
    assert_eq!(
        complete("kubectl get stat", &view).line,
        "kubectl get statefulset"
    );
    assert_eq!(
        complete("kubectl get st", &view).options,
        ["statefulsets", "statefulset", "sts", "storageclasses"]
    );
    assert_eq!(
        complete("kubectl delete pod gi", &view).line,
        "kubectl delete pod giropops-"
    );
    assert_eq!(
        complete("kubectl delete pod giropops-", &view).options,
        ["giropops-0", "giropops-1", "giropops-2"]
    );
    assert_eq!(
        complete("kubectl describe pvc www-giropops-2", &view).line,
        "kubectl describe pvc www-giropops-2 "
    );
    assert_eq!(
        complete("kubectl scale sts/g", &view).line,
        "kubectl scale sts/giropops "
    );
    assert_eq!(complete("kubectl get nodes node-", &view).options.len(), 3);
    assert_eq!(
        complete("kubectl frobnicate", &view).line,
        "kubectl frobnicate"
    );
}

mod anything_typed {
    //! Whatever a user types into the terminal or the DNS lookup box is answered,
    //! never a panic.
    use super::*;
    use ordinal::view_model::complete;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn completion_and_lookup_accept_any_text(line in "\\PC{0,40}", name in "[a-z0-9.\\-_é ]{0,30}") {
            let mut c = course();
            c.run_until_settled(60_000);
            let view = ClusterView::of(&c);
            // Completion only ever adds to what was typed.
            let completion = complete(&line, &view);
            prop_assert!(completion.line.starts_with(&line), "{:?} → {:?}", line, completion.line);
            // The resolver tries at most the three search domains and the name itself,
            // and an answer names one of the names it tried.
            let found = lookup(&c, "default", Some("giropops-0"), &name, RecordType::A);
            prop_assert!(found.attempts.len() <= 4);
            prop_assert_eq!(found.search.len(), 3);
            if let Some(answered) = &found.answered_name {
                prop_assert!(found.attempts.iter().any(|a| &a.name == answered));
                prop_assert!(!found.answer.is_empty());
            }
        }
    }
}

#[test]
fn a_view_brought_up_to_date_always_equals_one_made_afresh() {
    let mut c = course();
    let mut view = ClusterView::of(&c);
    let mut step = 0;
    while !c.is_settled() && step < 400 {
        c.advance(100);
        view = view.update(&c);
        assert_eq!(view, ClusterView::of(&c), "after {} ms", (step + 1) * 100);
        step += 1;
    }
    // A lever that changes no object at once (the node's kubelet stops reporting) is
    // seen at once: its pods' reasons say so.
    c.fail_node("node-1").unwrap();
    let failed = view.update(&c);
    assert_eq!(failed, ClusterView::of(&c));
    assert_ne!(failed.revision, view.revision);
    c.delete(&key("Pod", "giropops-1")).unwrap();
    for _ in 0..50 {
        c.advance(1_000);
        view = view.update(&c);
        assert_eq!(view, ClusterView::of(&c));
    }
}

#[test]
fn when_only_time_passes_a_view_keeps_every_part_and_moves_its_clock() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    let view = ClusterView::of(&c);
    let before = c.now().as_millis();
    c.advance(5_000);
    let later = view.update(&c);
    assert_eq!(later.revision, view.revision, "nothing was written");
    assert_eq!(later.now_millis, before + 5_000);
    assert!(Rc::ptr_eq(&later.statefulsets, &view.statefulsets));
    assert!(Rc::ptr_eq(&later.services, &view.services));
    assert!(Rc::ptr_eq(&later.records, &view.records));
    assert!(Rc::ptr_eq(&later.events, &view.events));
    // Ages are drawn from the view's instant.
    let created = later.statefulsets[0].pods[0].created_millis.unwrap();
    assert_eq!(later.age(created), human(later.now_millis - created));
}

#[test]
fn a_change_to_one_object_keeps_the_parts_it_does_not_touch() {
    let mut c = course();
    assert!(c.run_until_settled(60_000));
    let view = ClusterView::of(&c);
    apply_text(
        &mut c,
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
    )
    .unwrap();
    let later = view.update(&c);
    assert_ne!(later.revision, view.revision);
    assert!(Rc::ptr_eq(&later.statefulsets, &view.statefulsets));
    assert!(Rc::ptr_eq(&later.statefulsets[0], &view.statefulsets[0]));
    assert!(Rc::ptr_eq(&later.volumes, &view.volumes));
    assert!(Rc::ptr_eq(&later.records, &view.records));
}

fn human(millis: u64) -> String {
    ordinal::engine::clock::human_duration(millis / 1000)
}
