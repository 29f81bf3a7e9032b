//! Property test: whatever sequence of scaling, pod deletions, failures, readiness
//! changes, image updates and waiting happens, once readiness is restored the
//! StatefulSet settles to exactly its ordinals, each pod on its own bound claim, all
//! at the update revision; no identity ever has two pods; and the watch-driven
//! controllers never miss a change that a full pass over everything would act on.

mod support;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use ordinal::engine::Cluster;
use proptest::prelude::*;
use support::*;

#[derive(Debug, Clone)]
enum Action {
    Scale(i32),
    DeletePod(i32),
    FailPod(i32),
    Unready(i32, bool),
    Image(u8),
    Wait(u64),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..6i32).prop_map(Action::Scale),
        (0..6i32).prop_map(Action::DeletePod),
        (0..6i32).prop_map(Action::FailPod),
        ((0..6i32), any::<bool>()).prop_map(|(o, u)| Action::Unready(o, u)),
        (0..3u8).prop_map(Action::Image),
        (0..8_000u64).prop_map(Action::Wait),
    ]
}

fn fixture(replicas: i32, image: u8, parallel: bool, start: i32) -> Sts {
    let set = sts("giropops")
        .replicas(replicas)
        .image(&format!("nginx:1.{}", 25 + image))
        .start(start);
    if parallel {
        set.parallel()
    } else {
        set
    }
}

fn check_identity_unique(c: &Cluster) {
    let names = pod_names(c);
    let mut sorted = names.clone();
    sorted.dedup();
    assert_eq!(names, sorted);
}

/// 64 cases in the ordinary suite; `PROPTEST_CASES=2000` asks for a longer search.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_history_settles_to_a_correct_statefulset(
        actions in proptest::collection::vec(action(), 1..25),
        parallel in any::<bool>(),
        start in 0..3i32,
    ) {
        let mut c = cluster();
        c.apply(svc("nginx").headless().selecting("app", "giropops").port("web", 80, "web").object()).unwrap();
        let (mut replicas, mut image) = (3, 0u8);
        c.apply(fixture(replicas, image, parallel, start).object()).unwrap();
        for action in &actions {
            let pod_name = |o: i32| format!("giropops-{}", o + start);
            match action {
                Action::Scale(n) => {
                    replicas = *n;
                    c.apply(fixture(replicas, image, parallel, start).object()).unwrap();
                }
                Action::Image(i) => {
                    image = *i;
                    c.apply(fixture(replicas, image, parallel, start).object()).unwrap();
                }
                Action::DeletePod(o) => {
                    let pod = key("Pod", &pod_name(*o));
                    let _ = c.delete(&pod);
                }
                Action::FailPod(o) => { let _ = c.fail_pod("default", &pod_name(*o)); }
                Action::Unready(o, u) => { let _ = c.set_pod_unready("default", &pod_name(*o), *u); }
                Action::Wait(ms) => c.advance(*ms),
            }
            check_identity_unique(&c);
            assert_nothing_missed(&c);
        }
        // Recovery, as an operator would do it: readiness comes back, and Failed pods are
        // deleted by hand. (Upstream, like Ordinal, never deletes a Failed pod that is
        // being scaled away under OrderedReady unless it is the first unavailable one:
        // scale-down waits on it. `failed_condemned_pods_block_ordered_scale_down` pins that.)
        for name in pod_names(&c) {
            c.set_pod_unready("default", &name, false).unwrap();
            if pod_states(&c).iter().any(|s| s.starts_with(&format!("{name} Failed"))) {
                c.delete(&key("Pod", &name)).unwrap();
            }
        }
        prop_assert!(c.run_until_settled(600_000), "did not settle: {:?}", pod_states(&c));

        let expected: Vec<String> = (start..start + replicas).map(|o| format!("giropops-{o}")).collect();
        let mut names = pod_names(&c);
        names.sort_by_key(|n| n.rsplit_once('-').unwrap().1.parse::<i32>().unwrap());
        prop_assert_eq!(&names, &expected);
        let set = c.get::<StatefulSet>("default", "giropops").unwrap();
        let status = set.status.clone().unwrap();
        prop_assert_eq!(status.replicas, replicas);
        prop_assert_eq!(status.ready_replicas.unwrap_or(0), replicas);
        prop_assert_eq!(&status.current_revision, &status.update_revision);
        for name in &expected {
            let pod: &Pod = c.get("default", name).unwrap();
            let running = format!("{name} Running true");
            prop_assert!(pod_states(&c).contains(&running), "{} not running", name);
            let revision = &pod.metadata.labels.as_ref().unwrap()["controller-revision-hash"];
            prop_assert_eq!(Some(revision), status.update_revision.as_ref());
            let image_now = pod.spec.as_ref().unwrap().containers[0].image.clone().unwrap();
            prop_assert_eq!(image_now, format!("nginx:1.{}", 25 + image));
            let claim = format!("www-{name}");
            let mounted = pod.spec.as_ref().unwrap().volumes.as_ref().unwrap()[0]
                .persistent_volume_claim.as_ref().unwrap().claim_name.clone();
            prop_assert_eq!(&mounted, &claim);
            let bound = format!("{claim} Bound pvc-");
            prop_assert!(claim_states(&c).iter().any(|s| s.starts_with(&bound)), "{} not bound", claim);
        }
    }
}
