//! StatefulSet behaviour, checked against what a real cluster shows: names, order,
//! phases, claims and events. Fixtures: `sts("giropops")` is 3 replicas of nginx with
//! a `www` claim template and serviceName `nginx`.

mod support;

use k8s_openapi::api::apps::v1::StatefulSet;
use ordinal::engine::{ApplyOutcome, Cluster, ClusterConfig, Object};
use ordinal::kubectl::NoFiles;
use support::*;

/// Step the cluster through every instant at which something happens, calling
/// `check` at each, until it settles (bounded by `max_millis`).
fn step_until_settled(c: &mut Cluster, max_millis: u64, mut check: impl FnMut(&Cluster)) {
    let limit = c.now().plus_millis(max_millis);
    check(c);
    while let Some(wake) = c.next_wakeup() {
        assert!(
            wake <= limit,
            "not settled within {max_millis} ms: {:?}",
            pod_states(c)
        );
        c.advance(wake.millis_since(c.now()));
        check(c);
    }
}

/// OrderedReady's invariant (upstream's assertMonotonicInvariants): no pod is Running
/// and Ready while a lower ordinal is not, and each pod mounts its own existing claim.
fn assert_monotonic(c: &Cluster) {
    let states = pod_states(c);
    let mut lower_all_ready = true;
    let mut ordinals: Vec<(i32, bool)> = states
        .iter()
        .map(|s| {
            let mut parts = s.split(' ');
            let name = parts.next().unwrap();
            let ordinal: i32 = name.rsplit_once('-').unwrap().1.parse().unwrap();
            (ordinal, s.contains("Running true"))
        })
        .collect();
    ordinals.sort();
    for (ordinal, ready) in ordinals {
        assert!(
            !ready || lower_all_ready,
            "giropops-{ordinal} ready before a lower ordinal: {states:?}"
        );
        lower_all_ready &= ready;
        let claim = format!("www-giropops-{ordinal}");
        assert!(
            claim_names(c).contains(&claim),
            "{claim} missing: {:?}",
            claim_names(c)
        );
        let pod = pod(c, &format!("giropops-{ordinal}"));
        let mounted: Vec<_> = pod
            .spec
            .as_ref()
            .unwrap()
            .volumes
            .iter()
            .flatten()
            .filter_map(|v| {
                v.persistent_volume_claim
                    .as_ref()
                    .map(|p| p.claim_name.clone())
            })
            .collect();
        assert_eq!(mounted, vec![claim]);
    }
}

/// Step to settled, checking the OrderedReady invariant at every step, and return
/// the pod names in the order they first appeared.
fn creation_order(c: &mut Cluster) -> Vec<String> {
    let mut seen = Vec::new();
    step_until_settled(c, 60_000, |c| {
        assert_monotonic(c);
        for name in pod_names(c) {
            if !seen.contains(&name) {
                seen.push(name);
            }
        }
    });
    seen
}

fn scale(c: &mut Cluster, fixture: &Sts, replicas: i32) {
    c.apply(fixture.clone().replicas(replicas).object())
        .expect("scaled");
}

#[test]
fn pods_start_one_at_a_time_in_ordinal_order() {
    let mut c = cluster();
    let set = sts("giropops");
    c.apply(set.object()).unwrap();
    assert_eq!(
        pod_names(&c),
        ["giropops-0"],
        "only the first pod exists at first"
    );

    let seen = creation_order(&mut c);
    assert_eq!(seen, ["giropops-0", "giropops-1", "giropops-2"]);
    assert_eq!(
        pod_states(&c),
        [
            "giropops-0 Running true",
            "giropops-1 Running true",
            "giropops-2 Running true"
        ]
    );
    assert_eq!(
        set_events(&c, "giropops"),
        [
            "create Claim www-giropops-0 Pod giropops-0 in StatefulSet giropops success",
            "create Pod giropops-0 in StatefulSet giropops successful",
            "create Claim www-giropops-1 Pod giropops-1 in StatefulSet giropops success",
            "create Pod giropops-1 in StatefulSet giropops successful",
            "create Claim www-giropops-2 Pod giropops-2 in StatefulSet giropops success",
            "create Pod giropops-2 in StatefulSet giropops successful",
        ]
    );
}

#[test]
fn each_pod_takes_at_least_two_simulated_seconds_to_be_ready() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).object()).unwrap();
    c.advance(1_999);
    let state = &pod_states(&c)[0];
    assert!(state.ends_with("false"), "ready too early: {state}");
    assert!(c.run_until_settled(10_000));
    assert_eq!(pod_states(&c), ["giropops-0 Running true"]);
}

#[test]
fn pods_carry_their_identity() {
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let p = pod(&c, "giropops-1");
    let labels = p.metadata.labels.as_ref().unwrap();
    assert_eq!(labels["statefulset.kubernetes.io/pod-name"], "giropops-1");
    assert_eq!(labels["apps.kubernetes.io/pod-index"], "1");
    assert_eq!(labels["app"], "giropops");
    let set = c.get::<StatefulSet>("default", "giropops").unwrap();
    let status = set.status.as_ref().unwrap();
    assert_eq!(
        labels["controller-revision-hash"],
        *status.update_revision.as_ref().unwrap()
    );
    assert!(labels["controller-revision-hash"].starts_with("giropops-"));
    let spec = p.spec.as_ref().unwrap();
    assert_eq!(spec.hostname.as_deref(), Some("giropops-1"));
    assert_eq!(spec.subdomain.as_deref(), Some("nginx"));
    let owner = &p.metadata.owner_references.as_ref().unwrap()[0];
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str(), owner.controller),
        ("StatefulSet", "giropops", Some(true))
    );
    let ip = p.status.as_ref().unwrap().pod_ip.clone().unwrap();
    assert!(ip.starts_with("10.244."), "{ip}");
}

#[test]
fn status_counts_ready_and_updated_replicas() {
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    c.advance(500);
    let status = c
        .get::<StatefulSet>("default", "giropops")
        .unwrap()
        .status
        .clone()
        .unwrap();
    assert_eq!((status.replicas, status.ready_replicas), (1, None));
    assert!(c.run_until_settled(60_000));
    let status = c
        .get::<StatefulSet>("default", "giropops")
        .unwrap()
        .status
        .clone()
        .unwrap();
    assert_eq!(status.replicas, 3);
    assert_eq!(status.ready_replicas, Some(3));
    assert_eq!(status.updated_replicas, Some(3));
    assert_eq!(status.current_replicas, Some(3));
    assert_eq!(status.available_replicas, Some(3));
    assert_eq!(status.current_revision, status.update_revision);
    assert_eq!(status.observed_generation, Some(1));
}

#[test]
fn scale_down_goes_from_the_highest_ordinal_one_at_a_time() {
    let mut c = cluster();
    let set = sts("giropops");
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    scale(&mut c, &set, 0);
    step_until_settled(&mut c, 60_000, |c| {
        let terminating = pod_states(c)
            .iter()
            .filter(|s| s.ends_with("terminating"))
            .count();
        assert!(
            terminating <= 1,
            "more than one pod terminating: {:?}",
            pod_states(c)
        );
    });
    assert!(pod_names(&c).is_empty());
    let deletes: Vec<String> = set_events(&c, "giropops")
        .into_iter()
        .filter(|m| m.starts_with("delete"))
        .collect();
    assert_eq!(
        deletes,
        [
            "delete Pod giropops-2 in StatefulSet giropops successful",
            "delete Pod giropops-1 in StatefulSet giropops successful",
            "delete Pod giropops-0 in StatefulSet giropops successful",
        ]
    );
    // Scaling down keeps the claims (whenScaled: Retain by default).
    assert_eq!(
        claim_names(&c),
        ["www-giropops-0", "www-giropops-1", "www-giropops-2"]
    );
}

#[test]
fn an_unhealthy_pod_halts_ordered_scaling_until_it_recovers() {
    let mut c = cluster();
    let set = sts("giropops");
    c.apply(set.clone().replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.set_pod_unready("default", "giropops-0", true).unwrap();
    scale(&mut c, &set, 3);
    c.advance(10_000);
    assert_eq!(pod_states(&c), ["giropops-0 Running false"]);

    c.set_pod_unready("default", "giropops-0", false).unwrap();
    let seen = creation_order(&mut c);
    assert_eq!(seen, ["giropops-0", "giropops-1", "giropops-2"]);

    // All unready: scaling to 0 deletes nothing.
    for n in 0..3 {
        c.set_pod_unready("default", &format!("giropops-{n}"), true)
            .unwrap();
    }
    scale(&mut c, &set, 0);
    c.advance(10_000);
    assert_eq!(pod_names(&c).len(), 3);
}

#[test]
fn parallel_creates_and_deletes_all_pods_at_once() {
    let mut c = cluster();
    let set = sts("giropops").parallel();
    c.apply(set.object()).unwrap();
    assert_eq!(
        pod_states(&c),
        [
            "giropops-0 Pending false",
            "giropops-1 Pending false",
            "giropops-2 Pending false"
        ]
    );
    assert!(c.run_until_settled(60_000));
    scale(&mut c, &set, 0);
    assert_eq!(
        pod_states(&c)
            .iter()
            .filter(|s| s.ends_with("terminating"))
            .count(),
        3
    );
}

#[test]
fn ordinals_start_shifts_the_names() {
    let mut c = cluster();
    c.apply(sts("giropops").start(2).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_names(&c), ["giropops-2", "giropops-3", "giropops-4"]);
    assert_eq!(
        claim_names(&c),
        ["www-giropops-2", "www-giropops-3", "www-giropops-4"]
    );
}

#[test]
fn a_deleted_pod_returns_with_the_same_name_and_the_same_volume() {
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let old_uid = pod(&c, "giropops-1").metadata.uid.clone();
    let volume = volume_of(&c, "www-giropops-1");

    c.delete(&key("Pod", "giropops-1")).unwrap();
    assert!(pod_states(&c).contains(&"giropops-1 Running true terminating".to_owned()));
    assert!(c.run_until_settled(60_000));
    let new = pod(&c, "giropops-1");
    assert_ne!(new.metadata.uid, old_uid, "a new pod object");
    assert_eq!(pod_states(&c)[1], "giropops-1 Running true");
    assert_eq!(
        volume_of(&c, "www-giropops-1"),
        volume,
        "the same claim and volume"
    );
    assert_eq!(claim_names(&c).len(), 3);
}

#[test]
fn a_returning_pod_describes_only_its_own_events_while_events_for_lists_both() {
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.delete(&key("Pod", "giropops-1")).unwrap();
    assert!(c.run_until_settled(60_000));
    let new_uid = pod(&c, "giropops-1").metadata.uid.clone().unwrap();

    let reasons = |events: Vec<&ordinal::engine::Event>| -> Vec<(String, u32)> {
        events
            .iter()
            .map(|e| (e.reason.to_owned(), e.count))
            .collect()
    };
    let described = c.events_about("Pod", "default", "giropops-1");
    assert!(described.iter().all(|e| e.uid == new_uid));
    let once = |r: &str| (r.to_owned(), 1);
    assert_eq!(
        reasons(described),
        [
            once("Scheduled"),
            once("Pulled"),
            once("Created"),
            once("Started")
        ],
        "the new pod's events, not counted together with its predecessor's"
    );
    let all: Vec<_> = c.events().about("Pod", "default", "giropops-1").collect();
    assert_eq!(
        all.len(),
        9,
        "both pods' events: {:?}",
        reasons(all.clone())
    );
    assert_eq!(all[4].reason, "Killing");

    // What a student sees: describe has no Killing line and no `(x2 over ...)`,
    // `kubectl events --for` shows the old pod's life and the new one's.
    let describe = ordinal::kubectl::run(&mut c, "kubectl describe pod giropops-1", &NoFiles);
    assert!(!describe.stdout.contains("Killing"), "{}", describe.stdout);
    assert!(!describe.stdout.contains("(x2"), "{}", describe.stdout);
    assert_eq!(describe.stdout.matches("Successfully assigned").count(), 1);
    let events = ordinal::kubectl::run(&mut c, "kubectl events --for pod/giropops-1", &NoFiles);
    assert_eq!(
        events.stdout.matches("Successfully assigned").count(),
        2,
        "{}",
        events.stdout
    );
    assert_eq!(
        events.stdout.matches("Killing").count(),
        1,
        "{}",
        events.stdout
    );
}

#[test]
fn scaling_back_up_reuses_the_kept_claims_and_volumes() {
    let mut c = cluster();
    let set = sts("giropops");
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let volumes: Vec<String> = (0..3)
        .map(|n| volume_of(&c, &format!("www-giropops-{n}")))
        .collect();
    scale(&mut c, &set, 1);
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_names(&c), ["giropops-0"]);
    assert_eq!(
        claim_states(&c)
            .iter()
            .filter(|s| s.contains(" Bound "))
            .count(),
        3
    );
    scale(&mut c, &set, 3);
    assert!(c.run_until_settled(60_000));
    let again: Vec<String> = (0..3)
        .map(|n| volume_of(&c, &format!("www-giropops-{n}")))
        .collect();
    assert_eq!(again, volumes);
    assert_eq!(volume_states(&c).len(), 3, "no new volumes were made");
}

#[test]
fn a_failed_pod_is_deleted_and_recreated_with_the_same_name() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let old_uid = pod(&c, "giropops-0").metadata.uid.clone();
    c.fail_pod("default", "giropops-0").unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_states(&c), ["giropops-0 Running true"]);
    assert_ne!(pod(&c, "giropops-0").metadata.uid, old_uid);
}

#[test]
fn the_same_seed_and_steps_give_the_same_cluster() {
    let run = || {
        let mut c = cluster();
        c.apply(sts("giropops").object()).unwrap();
        c.advance(3_500);
        c.delete(&key("Pod", "giropops-0")).unwrap();
        c.run_until_settled(60_000);
        let objects: Vec<String> = c
            .store()
            .iter()
            .map(|(_, s)| format!("{:?}", s.object))
            .collect();
        let events: Vec<String> = c.events().all().iter().map(|e| format!("{e:?}")).collect();
        (objects, events, c.now())
    };
    assert_eq!(run(), run());
}

#[test]
fn failed_condemned_pods_block_ordered_scale_down() {
    // Upstream's processCondemned: under OrderedReady a condemned pod that is not
    // Running and Ready blocks scale-down unless it is the first unavailable pod
    // (the lowest ordinal). Failed pods 1 and 2 therefore wait for a human.
    let mut c = cluster();
    let set = sts("giropops");
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    for n in 0..3 {
        c.fail_pod("default", &format!("giropops-{n}")).unwrap();
    }
    scale(&mut c, &set, 0);
    c.advance(60_000);
    assert_eq!(
        pod_states(&c),
        ["giropops-1 Failed false", "giropops-2 Failed false"]
    );
    c.delete(&key("Pod", "giropops-2")).unwrap();
    c.delete(&key("Pod", "giropops-1")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert!(pod_names(&c).is_empty());
}

#[test]
fn orphaned_pods_are_adopted_by_a_new_statefulset_of_the_same_name() {
    let mut c = cluster();
    let set = sts("giropops");
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let uids: Vec<_> = pod_names(&c)
        .iter()
        .map(|n| pod(&c, n).metadata.uid.clone())
        .collect();

    c.delete_orphaning(&key("StatefulSet", "giropops")).unwrap();
    c.advance(30_000);
    assert_eq!(pod_names(&c).len(), 3, "the pods stay");
    assert!(pod(&c, "giropops-0").metadata.owner_references.is_none());

    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let again: Vec<_> = pod_names(&c)
        .iter()
        .map(|n| pod(&c, n).metadata.uid.clone())
        .collect();
    assert_eq!(again, uids, "the same pods, adopted rather than replaced");
    let owner = &pod(&c, "giropops-1")
        .metadata
        .owner_references
        .as_ref()
        .unwrap()[0];
    assert_eq!(owner.name, "giropops");
}

/// Apply pod `name` again as it is stored, with its labels changed by `edit`.
fn relabel(
    c: &mut Cluster,
    name: &str,
    edit: impl FnOnce(&mut std::collections::BTreeMap<String, String>),
) {
    let mut pod = pod(c, name).clone();
    pod.status = None;
    edit(pod.metadata.labels.get_or_insert_with(Default::default));
    c.apply(ordinal::engine::Object::Pod(Box::new(pod)))
        .unwrap();
}

fn controller_of(c: &Cluster, name: &str) -> Option<String> {
    pod(c, name)
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true))
        .map(|r| r.name.clone())
}

#[test]
fn a_pod_whose_labels_stop_matching_is_released_and_readopted_when_they_match_again() {
    // Reference case 18 (e2e "should adopt matching orphans and release non-matching pods").
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    assert!(c.run_until_settled(60_000));
    relabel(&mut c, "giropops-1", |labels| {
        labels.insert("app".to_owned(), "other".to_owned());
    });
    assert_eq!(controller_of(&c, "giropops-1"), None, "released");
    // Its name is still taken, so the set cannot make its own giropops-1.
    assert!(set_events(&c, "giropops").contains(
        &"create Pod giropops-1 in StatefulSet giropops failed error: pods \"giropops-1\" already exists".to_owned()
    ));
    assert_eq!(pod_names(&c).len(), 3);
    assert_eq!(
        ordinal::engine::explain::statefulset(&c, "default", "giropops").as_deref(),
        Some("a pod named giropops-1 exists that this StatefulSet does not control (another owner, or labels its selector does not match), so it cannot create its own")
    );

    relabel(&mut c, "giropops-1", |labels| {
        labels.insert("app".to_owned(), "giropops".to_owned());
    });
    assert_eq!(
        controller_of(&c, "giropops-1").as_deref(),
        Some("giropops"),
        "adopted again"
    );
    assert!(c.run_until_settled(60_000));
    let status = c
        .get::<StatefulSet>("default", "giropops")
        .unwrap()
        .status
        .clone()
        .unwrap();
    assert_eq!((status.replicas, status.ready_replicas), (3, Some(3)));
}

#[test]
fn a_pod_name_label_taken_away_is_put_back() {
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    assert!(c.run_until_settled(60_000));
    relabel(&mut c, "giropops-2", |labels| {
        labels.remove("statefulset.kubernetes.io/pod-name");
    });
    assert!(c.run_until_settled(60_000));
    let labels = pod(&c, "giropops-2").metadata.labels.clone().unwrap();
    assert_eq!(labels["statefulset.kubernetes.io/pod-name"], "giropops-2");
    assert_eq!(
        set_events(&c, "giropops").last().map(String::as_str),
        Some("update Pod giropops-2 in StatefulSet giropops successful")
    );
}

#[test]
fn a_pending_pod_gets_back_a_claim_that_was_deleted() {
    // Reference case 31 (e2e "PVC should be recreated when pod is pending due to missing
    // PVC"): with every node cordoned the recreated pod stays Pending; its claim, deleted
    // meanwhile, goes at once (no scheduled pod uses it) and the set makes it again.
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    for node in ["node-1", "node-2", "node-3"] {
        c.set_node_schedulable(node, false).unwrap();
    }
    c.delete(&key("Pod", "giropops-0")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert!(
        pod_states(&c)[0].starts_with("giropops-0 Pending"),
        "{:?}",
        pod_states(&c)
    );
    let old_claim = pod_claim_uid(&c);
    c.delete(&key("PersistentVolumeClaim", "www-giropops-0"))
        .unwrap();
    assert_ne!(pod_claim_uid(&c), old_claim, "a new claim of the same name");
    let created_claims = set_events(&c, "giropops")
        .iter()
        .filter(|m| m.starts_with("create Claim www-giropops-0 "))
        .count();
    assert_eq!(
        created_claims,
        1,
        "one event, counted twice: {:?}",
        set_events(&c, "giropops")
    );
    assert_eq!(
        c.events()
            .about("StatefulSet", "default", "giropops")
            .find(|e| e.message.starts_with("create Claim www-giropops-0 "))
            .map(|e| e.count),
        Some(2)
    );
    for node in ["node-1", "node-2", "node-3"] {
        c.set_node_schedulable(node, true).unwrap();
    }
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_states(&c), ["giropops-0 Running true"]);
    assert!(claim_states(&c)[0].starts_with("www-giropops-0 Bound pvc-"));
}

fn pod_claim_uid(c: &Cluster) -> Option<String> {
    c.get::<k8s_openapi::api::core::v1::PersistentVolumeClaim>("default", "www-giropops-0")
        .and_then(|pvc| pvc.metadata.uid.clone())
}

fn images_of(c: &Cluster) -> Vec<String> {
    pod_names(c)
        .iter()
        .map(|n| {
            pod(c, n).spec.as_ref().unwrap().containers[0]
                .image
                .clone()
                .unwrap()
        })
        .collect()
}

#[test]
fn a_new_image_and_new_replicas_in_one_edit_end_with_every_pod_updated() {
    // Reference case 13: scaling takes precedence, then the rolling update reaches
    // every surviving pod, up or down.
    let set = sts("giropops");
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.apply(set.clone().replicas(5).image("nginx:1.28").object())
        .unwrap();
    assert!(c.run_until_settled(120_000));
    assert_eq!(pod_names(&c).len(), 5);
    assert!(
        images_of(&c).iter().all(|i| i == "nginx:1.28"),
        "{:?}",
        images_of(&c)
    );
    c.apply(set.clone().replicas(3).image("nginx:1.29").object())
        .unwrap();
    assert!(c.run_until_settled(120_000));
    assert_eq!(pod_names(&c), ["giropops-0", "giropops-1", "giropops-2"]);
    assert!(
        images_of(&c).iter().all(|i| i == "nginx:1.29"),
        "{:?}",
        images_of(&c)
    );
}

#[test]
fn a_lower_pod_is_recreated_even_while_a_higher_one_is_unhealthy() {
    // Reference case 19 (e2e "should not deadlock when a pod's predecessor fails").
    let mut c = cluster();
    c.apply(sts("giropops").replicas(2).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.set_pod_unready("default", "giropops-1", true).unwrap();
    let before = pod(&c, "giropops-0").metadata.uid.clone();
    c.delete(&key("Pod", "giropops-0")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_ne!(
        pod(&c, "giropops-0").metadata.uid,
        before,
        "a new giropops-0"
    );
    assert_eq!(
        pod_states(&c),
        ["giropops-0 Running true", "giropops-1 Running false"]
    );
}

#[test]
fn parallel_scaling_does_not_wait_for_unhealthy_pods() {
    // Reference case 24 (e2e "Burst scaling should run to completion even with
    // unhealthy pods").
    let set = sts("giropops").replicas(1).parallel();
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.set_pod_unready("default", "giropops-0", true).unwrap();
    scale(&mut c, &set, 3);
    assert_eq!(
        pod_names(&c),
        ["giropops-0", "giropops-1", "giropops-2"],
        "at once"
    );
    assert!(c.run_until_settled(60_000));
    for name in ["giropops-1", "giropops-2"] {
        c.set_pod_unready("default", name, true).unwrap();
    }
    scale(&mut c, &set, 0);
    assert_eq!(
        pod_states(&c)
            .iter()
            .filter(|s| s.ends_with(" terminating"))
            .count(),
        3,
        "all at once: {:?}",
        pod_states(&c)
    );
    assert!(c.run_until_settled(60_000));
    assert!(pod_names(&c).is_empty());
}

#[test]
fn changing_the_start_ordinal_moves_the_pods() {
    // Reference case 32 (e2e "Setting / Increasing / Decreasing / Removing .start.ordinal").
    let mut c = cluster();
    let set = sts("giropops").replicas(2);
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_names(&c), ["giropops-0", "giropops-1"]);
    for (start, expected) in [
        (Some(2), ["giropops-2", "giropops-3"]),
        (Some(4), ["giropops-4", "giropops-5"]),
        (Some(3), ["giropops-3", "giropops-4"]),
        (None, ["giropops-0", "giropops-1"]),
    ] {
        let changed = match start {
            Some(start) => set.clone().start(start),
            None => set.clone(),
        };
        c.apply(changed.object()).unwrap();
        assert!(c.run_until_settled(120_000));
        assert_eq!(pod_names(&c), expected, "start {start:?}");
        assert!(pod_states(&c).iter().all(|s| s.ends_with("Running true")));
    }
}

/// The course StatefulSet with `replicas` set past what the manifest layer (which
/// validates with the playground's limit) would let a fixture ask for.
fn with_replicas(replicas: i32) -> Object {
    let mut object = sts("giropops").replicas(1).object();
    if let Object::StatefulSet(set) = &mut object {
        set.metadata.namespace = Some("default".to_owned());
        set.spec.as_mut().unwrap().replicas = Some(replicas);
    }
    object
}

#[test]
fn the_replica_limit_is_a_cluster_setting_that_defaults_to_the_playgrounds() {
    let refusal = "The StatefulSet \"giropops\" is invalid: spec.replicas: Invalid value: 1001: must be less than or equal to 1000 in this playground (every pod is simulated in your browser)";
    let mut c = cluster();
    assert_eq!(c.config().max_replicas, 1000);
    assert_eq!(
        c.apply(with_replicas(1001)).unwrap_err().to_string(),
        refusal
    );
    // A scale (an update, not an apply) meets the same rule in the same words.
    c.apply(with_replicas(3)).unwrap();
    assert_eq!(
        c.update(with_replicas(1001)).unwrap_err().to_string(),
        refusal
    );

    let mut big = Cluster::with_config(ClusterConfig {
        max_replicas: 2_000,
        ..ClusterConfig::default()
    });
    assert_eq!(
        big.apply(with_replicas(1001)).unwrap(),
        ApplyOutcome::Created
    );
    assert_eq!(
        big.apply(with_replicas(2001)).unwrap_err().to_string(),
        refusal.replace("1001", "2001").replace("1000", "2000")
    );
}
