//! Every waiting state has a reason in plain words, computed by the engine.

mod support;

use ordinal::engine::explain;
use support::*;

#[test]
fn the_next_ordinal_waits_for_the_one_before_it() {
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    c.advance(1_500);
    let reason = explain::statefulset(&c, "default", "giropops").unwrap();
    assert!(
        reason.starts_with("giropops-1 is not created yet because giropops-0 is not Ready: "),
        "{reason}"
    );
    assert!(c.run_until_settled(60_000));
    assert_eq!(explain::statefulset(&c, "default", "giropops"), None);
}

#[test]
fn a_partitioned_rollout_says_where_it_stopped() {
    let set = sts("giropops").partition(2);
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.apply(set.image("nginx:1.28").object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(
        explain::statefulset(&c, "default", "giropops").unwrap(),
        "rollout paused at partition 2: pods with an ordinal below 2 keep the old revision (giropops-0, giropops-1)"
    );
}

#[test]
fn a_pending_claim_says_why() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).storage_class("").object())
        .unwrap();
    c.advance(5_000);
    assert_eq!(
        explain::claim_pending(&c, "default", "www-giropops-0").unwrap(),
        "it names no StorageClass and no PersistentVolume matches it (class, size, access modes, selector)"
    );
    let reason = explain::statefulset(&c, "default", "giropops").unwrap();
    assert!(
        reason.contains("its volume claim www-giropops-0 is Pending"),
        "{reason}"
    );
}

#[test]
fn a_service_without_endpoints_names_the_missing_labels() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).object()).unwrap();
    c.apply(object(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n",
    ))
    .unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(
        explain::service_without_endpoints(&c, "default", "web").unwrap(),
        "no pod in namespace \"default\" has the labels app=nginx that its selector asks for"
    );
}
