//! Deployments behave as on a real cluster: a ReplicaSet named by the pod-template
//! hash, pods with random suffixes from Kubernetes' alphabet, replacement under new
//! names, scaling, rolling updates within maxSurge/maxUnavailable, Recreate, and one
//! claim shared by every replica. Events use the controllers' own words.

mod support;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
use ordinal::engine::{Cluster, ClusterConfig};
use support::*;

const ALPHABET: &str = "bcdfghjklmnpqrstvwxz2456789";

/// A Deployment manifest under construction: `deploy("giropops")` is 3 replicas of
/// `nginx:1.27` labelled `app: giropops`.
#[derive(Clone)]
struct Deploy {
    name: String,
    replicas: i32,
    image: String,
    recreate: bool,
    claim: Option<String>,
    surge: Option<&'static str>,
    unavailable: Option<&'static str>,
    min_ready_seconds: i32,
}

fn deploy(name: &str) -> Deploy {
    Deploy {
        name: name.to_owned(),
        replicas: 3,
        image: "nginx:1.27".to_owned(),
        recreate: false,
        claim: None,
        surge: None,
        unavailable: None,
        min_ready_seconds: 0,
    }
}

impl Deploy {
    fn replicas(mut self, n: i32) -> Self {
        self.replicas = n;
        self
    }
    fn image(mut self, image: &str) -> Self {
        self.image = image.to_owned();
        self
    }
    fn recreate(mut self) -> Self {
        self.recreate = true;
        self
    }
    fn shared_claim(mut self, claim: &str) -> Self {
        self.claim = Some(claim.to_owned());
        self
    }
    fn min_ready_seconds(mut self, seconds: i32) -> Self {
        self.min_ready_seconds = seconds;
        self
    }
    fn rolling(mut self, surge: &'static str, unavailable: &'static str) -> Self {
        self.surge = Some(surge);
        self.unavailable = Some(unavailable);
        self
    }
    fn yaml(&self) -> String {
        let mut y = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {0}\nspec:\n  replicas: {1}\n  selector:\n    matchLabels:\n      app: {0}\n",
            self.name, self.replicas
        );
        if self.min_ready_seconds > 0 {
            y += &format!("  minReadySeconds: {}\n", self.min_ready_seconds);
        }
        if self.recreate {
            y += "  strategy:\n    type: Recreate\n";
        } else if let (Some(surge), Some(unavailable)) = (self.surge, self.unavailable) {
            y += &format!("  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: {surge}\n      maxUnavailable: {unavailable}\n");
        }
        y += &format!(
            "  template:\n    metadata:\n      labels:\n        app: {}\n    spec:\n      containers:\n      - name: nginx\n        image: {}\n",
            self.name, self.image
        );
        if let Some(claim) = &self.claim {
            y += "        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n";
            y += &format!("      volumes:\n      - name: www\n        persistentVolumeClaim:\n          claimName: {claim}\n");
        }
        y
    }
}

fn claim(name: &str) -> String {
    format!("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\nspec:\n  accessModes: [\"ReadWriteOnce\"]\n  resources:\n    requests:\n      storage: 1Gi\n")
}

fn settled(d: &Deploy) -> Cluster {
    let mut c = cluster();
    c.apply(object(&d.yaml())).unwrap();
    assert!(c.run_until_settled(60_000), "{:?}", pod_states(&c));
    c
}

fn replica_sets(c: &Cluster) -> Vec<(String, i32)> {
    c.store()
        .list::<ReplicaSet>(Some("default"))
        .map(|(k, rs)| {
            (
                k.name.to_string(),
                rs.spec.as_ref().unwrap().replicas.unwrap(),
            )
        })
        .collect()
}

fn live_pods(c: &Cluster) -> Vec<&Pod> {
    c.store()
        .list::<Pod>(Some("default"))
        .map(|(_, p)| p)
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .collect()
}

fn deploy_events(c: &Cluster, name: &str) -> Vec<String> {
    c.events()
        .about("Deployment", "default", name)
        .map(|e| e.message.clone())
        .collect()
}

#[test]
fn a_deployment_makes_a_replicaset_named_by_its_template_hash_and_pods_with_random_suffixes() {
    let c = settled(&deploy("giropops"));
    let sets = replica_sets(&c);
    assert_eq!(sets.len(), 1, "{sets:?}");
    let (rs, replicas) = &sets[0];
    assert_eq!(*replicas, 3);
    let hash = rs.strip_prefix("giropops-").expect(rs);
    assert!(hash.bytes().all(|b| b"456789bcdf".contains(&b)), "{rs}");
    let names = pod_names(&c);
    assert_eq!(names.len(), 3);
    for name in &names {
        let suffix = name.strip_prefix(&format!("{rs}-")).expect(name);
        assert_eq!(suffix.len(), 5, "{name}");
        assert!(suffix.chars().all(|ch| ALPHABET.contains(ch)), "{name}");
        let pod = pod(&c, name);
        let labels = pod.metadata.labels.as_ref().unwrap();
        assert_eq!(labels["pod-template-hash"], hash);
        assert_eq!(labels["app"], "giropops");
        let owner = &pod.metadata.owner_references.as_ref().unwrap()[0];
        assert_eq!(
            (owner.kind.as_str(), owner.name.as_str()),
            ("ReplicaSet", rs.as_str())
        );
        assert_eq!(owner.controller, Some(true));
        // A Deployment's pods have no stable identity: no hostname, no subdomain.
        let spec = pod.spec.as_ref().unwrap();
        assert_eq!(
            (spec.hostname.as_ref(), spec.subdomain.as_ref()),
            (None, None)
        );
    }
    let set = c.get::<ReplicaSet>("default", rs).unwrap();
    let owner = &set.metadata.owner_references.as_ref().unwrap()[0];
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str()),
        ("Deployment", "giropops")
    );
    assert_eq!(
        deploy_events(&c, "giropops"),
        [format!("Scaled up replica set {rs} from 0 to 3")]
    );
    let created: Vec<String> = c
        .events()
        .about("ReplicaSet", "default", rs)
        .map(|e| format!("{} {}", e.reason, e.message))
        .collect();
    assert_eq!(created.len(), 3);
    assert!(
        created
            .iter()
            .all(|e| e.starts_with(&format!("SuccessfulCreate Created pod: {rs}-"))),
        "{created:?}"
    );
}

#[test]
fn status_counts_ready_updated_and_available_replicas() {
    let c = settled(&deploy("giropops"));
    let d = c.get::<Deployment>("default", "giropops").unwrap();
    let status = d.status.as_ref().unwrap();
    assert_eq!(
        (
            status.replicas,
            status.ready_replicas,
            status.updated_replicas,
            status.available_replicas,
            status.unavailable_replicas
        ),
        (Some(3), Some(3), Some(3), Some(3), None)
    );
    assert_eq!(status.observed_generation, Some(1));
    let conditions: Vec<String> = status
        .conditions
        .iter()
        .flatten()
        .map(|c| {
            format!(
                "{} {} {}",
                c.type_,
                c.status,
                c.reason.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        conditions,
        [
            "Available True MinimumReplicasAvailable",
            "Progressing True NewReplicaSetAvailable"
        ]
    );
    assert_eq!(
        d.metadata.annotations.as_ref().unwrap()["deployment.kubernetes.io/revision"],
        "1"
    );
    let spec = d.spec.as_ref().unwrap();
    let rolling = spec
        .strategy
        .as_ref()
        .unwrap()
        .rolling_update
        .as_ref()
        .unwrap();
    assert_eq!(
        format!("{:?} {:?}", rolling.max_surge, rolling.max_unavailable),
        "Some(String(\"25%\")) Some(String(\"25%\"))"
    );
}

#[test]
fn the_same_seed_gives_the_same_names_and_another_seed_others() {
    let names = |seed: u64| {
        let mut c = Cluster::with_config(ClusterConfig {
            seed,
            ..ClusterConfig::default()
        });
        c.apply(object(&deploy("giropops").yaml())).unwrap();
        assert!(c.run_until_settled(60_000));
        pod_names(&c)
    };
    assert_eq!(names(7), names(7));
    assert_ne!(names(7), names(8));
}

#[test]
fn a_deleted_pod_is_replaced_by_one_with_a_new_random_name() {
    let mut c = settled(&deploy("giropops"));
    let before = pod_names(&c);
    c.delete(&key("Pod", &before[1])).unwrap();
    assert!(c.run_until_settled(60_000));
    let after = pod_names(&c);
    assert_eq!(after.len(), 3, "{after:?}");
    assert!(!after.contains(&before[1]), "{after:?}");
    let new: Vec<&String> = after.iter().filter(|n| !before.contains(n)).collect();
    assert_eq!(new.len(), 1, "{before:?} -> {after:?}");
    assert!(pod_states(&c).iter().all(|s| s.ends_with("Running true")));
}

#[test]
fn scaling_up_and_down_changes_the_replicaset_with_upstreams_events() {
    let mut c = settled(&deploy("giropops"));
    let rs = replica_sets(&c)[0].0.clone();
    c.apply(object(&deploy("giropops").replicas(5).yaml()))
        .unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(live_pods(&c).len(), 5);
    c.apply(object(&deploy("giropops").replicas(2).yaml()))
        .unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_names(&c).len(), 2);
    assert_eq!(replica_sets(&c), [(rs.clone(), 2)]);
    assert_eq!(
        deploy_events(&c, "giropops"),
        [
            format!("Scaled up replica set {rs} from 0 to 3"),
            format!("Scaled up replica set {rs} from 3 to 5"),
            format!("Scaled down replica set {rs} from 5 to 2"),
        ]
    );
    let deleted = c
        .events()
        .about("ReplicaSet", "default", &rs)
        .filter(|e| e.reason == "SuccessfulDelete")
        .count();
    assert_eq!(deleted, 3);
}

/// Step through every instant until settled, checking `check` at each.
fn step_until_settled(c: &mut Cluster, mut check: impl FnMut(&Cluster)) {
    check(c);
    let mut steps = 0;
    while let Some(wake) = c.next_wakeup() {
        c.advance(wake.millis_since(c.now()));
        check(c);
        steps += 1;
        assert!(steps < 1_000, "not settled: {:?}", pod_states(c));
    }
}

fn ready_count(c: &Cluster) -> usize {
    pod_states(c)
        .iter()
        .filter(|s| s.ends_with("Running true"))
        .count()
}

#[test]
fn a_rolling_update_keeps_every_replica_available_and_surges_by_one() {
    // 3 replicas at 25%: maxSurge rounds up to 1, maxUnavailable down to 0.
    let mut c = settled(&deploy("giropops"));
    let old = replica_sets(&c)[0].0.clone();
    c.apply(object(&deploy("giropops").image("nginx:1.28").yaml()))
        .unwrap();
    let mut most = 0;
    step_until_settled(&mut c, |c| {
        let live = live_pods(c).len();
        most = most.max(live);
        assert!(
            live <= 4,
            "more than replicas + maxSurge: {:?}",
            pod_states(c)
        );
        assert!(
            ready_count(c) >= 3,
            "fewer than replicas - maxUnavailable ready: {:?}",
            pod_states(c)
        );
    });
    assert_eq!(most, 4);
    let sets = replica_sets(&c);
    let new = sets.iter().find(|(n, _)| *n != old).unwrap().0.clone();
    assert_eq!(
        sets.len(),
        2,
        "the old ReplicaSet is kept for rollback: {sets:?}"
    );
    assert!(
        sets.contains(&(old.clone(), 0)) && sets.contains(&(new.clone(), 3)),
        "{sets:?}"
    );
    for pod in live_pods(&c) {
        assert_eq!(
            pod.spec.as_ref().unwrap().containers[0].image.as_deref(),
            Some("nginx:1.28")
        );
        assert!(pod
            .metadata
            .name
            .as_ref()
            .unwrap()
            .starts_with(&format!("{new}-")));
    }
    let events = deploy_events(&c, "giropops");
    assert_eq!(
        events[1..],
        [
            format!("Scaled up replica set {new} from 0 to 1"),
            format!("Scaled down replica set {old} from 3 to 2"),
            format!("Scaled up replica set {new} from 1 to 2"),
            format!("Scaled down replica set {old} from 2 to 1"),
            format!("Scaled up replica set {new} from 2 to 3"),
            format!("Scaled down replica set {old} from 1 to 0"),
        ]
    );
    let d = c.get::<Deployment>("default", "giropops").unwrap();
    assert_eq!(
        d.metadata.annotations.as_ref().unwrap()["deployment.kubernetes.io/revision"],
        "2"
    );
    assert_eq!(d.status.as_ref().unwrap().updated_replicas, Some(3));
}

#[test]
fn max_unavailable_lets_old_pods_go_before_new_ones_are_ready() {
    let base = deploy("giropops").replicas(4).rolling("0", "2");
    let mut c = settled(&base);
    c.apply(object(&base.clone().image("nginx:1.28").yaml()))
        .unwrap();
    step_until_settled(&mut c, |c| {
        assert!(
            live_pods(c).len() <= 4,
            "no surge allowed: {:?}",
            pod_states(c)
        );
        assert!(ready_count(c) >= 2, "{:?}", pod_states(c));
    });
    assert_eq!(ready_count(&c), 4);
}

#[test]
fn recreate_removes_every_old_pod_before_making_new_ones() {
    let base = deploy("giropops").recreate();
    let mut c = settled(&base);
    let old = replica_sets(&c)[0].0.clone();
    c.apply(object(&base.clone().image("nginx:1.28").yaml()))
        .unwrap();
    step_until_settled(&mut c, |c| {
        let pods = live_pods(c);
        let old_pods = pods
            .iter()
            .filter(|p| p.metadata.name.as_ref().unwrap().starts_with(&old))
            .count();
        assert!(
            old_pods == 0 || old_pods == pods.len(),
            "old and new together: {:?}",
            pod_states(c)
        );
        let any_old_left = c
            .store()
            .list::<Pod>(Some("default"))
            .any(|(k, _)| k.name.starts_with(&old));
        let new_pods = pods.len() - old_pods;
        assert!(
            !(any_old_left && new_pods > 0),
            "new pods while old ones still terminate: {:?}",
            pod_states(c)
        );
    });
    assert_eq!(ready_count(&c), 3);
}

#[test]
fn every_replica_mounts_the_one_shared_claim() {
    let mut c = cluster();
    c.apply(object(&claim("giropops-www"))).unwrap();
    c.apply(object(
        &deploy("giropops").shared_claim("giropops-www").yaml(),
    ))
    .unwrap();
    assert!(c.run_until_settled(60_000), "{:?}", pod_states(&c));
    assert_eq!(claim_names(&c), ["giropops-www"]);
    assert_eq!(
        c.get::<PersistentVolumeClaim>("default", "giropops-www")
            .unwrap()
            .status
            .as_ref()
            .unwrap()
            .phase
            .as_deref(),
        Some("Bound")
    );
    let pods = live_pods(&c);
    assert_eq!(pods.len(), 3);
    for pod in pods {
        let claims: Vec<&str> = pod
            .spec
            .as_ref()
            .unwrap()
            .volumes
            .iter()
            .flatten()
            .filter_map(|v| v.persistent_volume_claim.as_ref())
            .map(|s| s.claim_name.as_str())
            .collect();
        assert_eq!(claims, ["giropops-www"]);
    }
    // The claim is ReadWriteOnce: only the replica on the node it is attached to
    // runs; the others wait in ContainerCreating (Multi-Attach error).
    assert_eq!(ready_count(&c), 1);
}

#[test]
fn deleting_the_deployment_takes_its_replicasets_and_pods_with_it() {
    let mut c = settled(&deploy("giropops"));
    c.delete(&key("Deployment", "giropops")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert!(replica_sets(&c).is_empty());
    assert!(pod_names(&c).is_empty(), "{:?}", pod_names(&c));
}

mod random_histories {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Scale(i32),
        Image(usize),
        DeletePod(usize),
        Advance(u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..6i32).prop_map(Op::Scale),
            (0..3usize).prop_map(Op::Image),
            (0..8usize).prop_map(Op::DeletePod),
            (0..3_000u64).prop_map(Op::Advance),
        ]
    }

    const IMAGES: [&str; 3] = ["nginx:1.27", "nginx:1.28", "nginx:1.29"];

    /// Every pod belongs to exactly one ReplicaSet of the Deployment and is named
    /// after it.
    fn assert_ownership(c: &Cluster) {
        for (key, pod) in c.store().list::<Pod>(Some("default")) {
            let owners = pod.metadata.owner_references.clone().unwrap_or_default();
            assert_eq!(owners.len(), 1, "{}: {owners:?}", key.name);
            assert_eq!(owners[0].kind, "ReplicaSet");
            assert!(
                key.name.starts_with(&format!("{}-", owners[0].name)),
                "{}",
                key.name
            );
        }
    }

    proptest! {
        // 48 cases in the ordinary suite; `PROPTEST_CASES` asks for a longer search.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_history_settles_on_the_latest_template_with_the_wanted_replicas(
            ops in proptest::collection::vec(op(), 1..12),
            recreate in any::<bool>(),
            min_ready in 0..3i32,
        ) {
            let mut c = cluster();
            let mut spec = deploy("giropops").min_ready_seconds(min_ready);
            if recreate {
                spec = spec.recreate();
            }
            c.apply(object(&spec.yaml())).unwrap();
            assert_nothing_missed(&c);
            for op in ops {
                match op {
                    Op::Scale(n) => spec = spec.replicas(n),
                    Op::Image(i) => spec = spec.image(IMAGES[i]),
                    Op::DeletePod(i) => {
                        let names = pod_names(&c);
                        if let Some(name) = names.get(i % names.len().max(1)) {
                            c.delete(&key("Pod", name)).unwrap();
                        }
                        assert_ownership(&c);
                        assert_nothing_missed(&c);
                        continue;
                    }
                    Op::Advance(ms) => {
                        c.advance(ms);
                        assert_ownership(&c);
                        assert_nothing_missed(&c);
                        continue;
                    }
                }
                c.apply(object(&spec.yaml())).unwrap();
                assert_ownership(&c);
                assert_nothing_missed(&c);
            }
            prop_assert!(c.run_until_settled(600_000), "did not settle: {:?}", pod_states(&c));
            assert_ownership(&c);
            let wanted = usize::try_from(spec.replicas).unwrap();
            let states = pod_states(&c);
            prop_assert_eq!(states.len(), wanted, "{:?}", states);
            prop_assert!(states.iter().all(|s| s.ends_with("Running true")), "{:?}", states);
            for pod in live_pods(&c) {
                prop_assert_eq!(
                    pod.spec.as_ref().unwrap().containers[0].image.as_deref(),
                    Some(spec.image.as_str())
                );
            }
            let sets = replica_sets(&c);
            let active: Vec<&(String, i32)> = sets.iter().filter(|(_, n)| *n > 0).collect();
            prop_assert!(active.len() <= 1, "{:?}", sets);
            prop_assert!(sets.len() <= 11, "{:?}", sets);
            let status = c.get::<Deployment>("default", "giropops").unwrap().status.clone().unwrap();
            let count = (wanted > 0).then_some(spec.replicas);
            prop_assert_eq!(
                (status.replicas, status.updated_replicas, status.ready_replicas, status.available_replicas),
                (count, count, count, count)
            );
        }
    }
}

#[test]
fn a_failed_deployment_pod_is_left_and_another_takes_its_place() {
    let mut c = settled(&deploy("giropops").replicas(1));
    let failed = pod_names(&c)[0].clone();
    c.fail_pod("default", &failed).unwrap();
    assert_eq!(
        ordinal::engine::explain::pod_waiting(&c, "default", &failed, pod(&c, &failed)).unwrap(),
        "it failed; its ReplicaSet starts a new pod, with a new name, in its place"
    );
    assert!(c.run_until_settled(60_000));
    let states = pod_states(&c);
    assert_eq!(states.len(), 2, "{states:?}");
    assert!(
        states.contains(&format!("{failed} Failed false")),
        "{states:?}"
    );
    assert_eq!(ready_count(&c), 1);
}

#[test]
fn an_orphaned_replicaset_and_its_pods_are_adopted_again() {
    let mut c = settled(&deploy("giropops"));
    let sets = replica_sets(&c);
    let pods = pod_names(&c);
    // kubectl delete deployment giropops --cascade=orphan
    c.delete_orphaning(&key("Deployment", "giropops")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(replica_sets(&c), sets, "the ReplicaSet stays");
    assert_eq!(pod_names(&c), pods, "and so do its pods");
    let orphan = c.get::<ReplicaSet>("default", &sets[0].0).unwrap();
    assert!(orphan.metadata.owner_references.is_none());

    c.apply(object(&deploy("giropops").yaml())).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(replica_sets(&c), sets, "the same ReplicaSet, adopted");
    assert_eq!(pod_names(&c), pods, "the same pods, not new ones");
    let adopted = c.get::<ReplicaSet>("default", &sets[0].0).unwrap();
    let owner = &adopted.metadata.owner_references.as_ref().unwrap()[0];
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str()),
        ("Deployment", "giropops")
    );
}

#[test]
fn pods_orphaned_by_their_replicaset_are_adopted_by_the_next_one() {
    let mut c = settled(&deploy("giropops"));
    let rs = replica_sets(&c)[0].0.clone();
    let pods = pod_names(&c);
    // kubectl delete rs <rs> --cascade=orphan: the Deployment makes the same ReplicaSet
    // again, which takes the orphaned pods instead of making new ones.
    c.delete_orphaning(&key("ReplicaSet", &rs)).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(replica_sets(&c), [(rs.clone(), 3)]);
    assert_eq!(pod_names(&c), pods);
    let owner = &pod(&c, &pods[0])
        .metadata
        .owner_references
        .as_ref()
        .unwrap()[0];
    assert_eq!(owner.name, rs);
    assert_eq!(
        owner.uid,
        c.get::<ReplicaSet>("default", &rs)
            .unwrap()
            .metadata
            .uid
            .clone()
            .unwrap()
    );
}

#[test]
fn the_change_cause_of_each_template_shows_in_the_rollout_history() {
    use ordinal::kubectl::{run, NoFiles};
    let with_cause = |d: &Deploy, cause: &str| {
        d.yaml().replacen(
            "metadata:\n  name: giropops\n",
            &format!("metadata:\n  name: giropops\n  annotations:\n    kubernetes.io/change-cause: {cause}\n"),
            1,
        )
    };
    let mut c = cluster();
    c.apply(object(&with_cause(&deploy("giropops"), "first release")))
        .unwrap();
    assert!(c.run_until_settled(60_000));
    c.apply(object(&with_cause(
        &deploy("giropops").image("nginx:1.28"),
        "nginx 1.28",
    )))
    .unwrap();
    assert!(c.run_until_settled(60_000));
    let history = run(
        &mut c,
        "kubectl rollout history deployment/giropops",
        &NoFiles,
    );
    assert_eq!(
        history.stdout,
        "deployment.apps/giropops \nREVISION  CHANGE-CAUSE\n1         first release\n2         nginx 1.28\n\n"
    );
    let status = run(
        &mut c,
        "kubectl rollout status deployment/giropops",
        &NoFiles,
    );
    assert_eq!(
        status.stdout,
        "deployment \"giropops\" successfully rolled out\n"
    );
}
