//! Claims and volumes: dynamic provisioning with WaitForFirstConsumer, static volume
//! matching, the classic stuck-Pending cases, retention policies and reclaiming.

mod support;

use k8s_openapi::api::core::v1::PersistentVolumeClaim;
use ordinal::engine::Cluster;
use support::*;

fn claim_events(c: &Cluster, claim: &str) -> Vec<String> {
    c.events()
        .about("PersistentVolumeClaim", "default", claim)
        .map(|e| format!("{} {}", e.reason, e.message))
        .collect()
}

fn static_volume(name: &str, size: &str, modes: &str, class: &str) -> String {
    format!(
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: {name}\nspec:\n  capacity:\n    storage: {size}\n  accessModes: [{modes}]\n  storageClassName: \"{class}\"\n  hostPath:\n    path: /data/{name}\n"
    )
}

#[test]
fn the_default_class_provisions_a_volume_when_the_pod_is_scheduled() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let claim = c
        .get::<PersistentVolumeClaim>("default", "www-giropops-0")
        .unwrap();
    let uid = claim.metadata.uid.clone().unwrap();
    assert_eq!(
        claim.spec.as_ref().unwrap().storage_class_name.as_deref(),
        Some("standard")
    );
    assert_eq!(volume_of(&c, "www-giropops-0"), format!("pvc-{uid}"));
    assert_eq!(
        claim_events(&c, "www-giropops-0"),
        [
            "WaitForFirstConsumer waiting for first consumer to be created before binding".to_owned(),
            "Provisioning External provisioner is provisioning volume for claim \"default/www-giropops-0\"".to_owned(),
            format!("ProvisioningSucceeded Successfully provisioned volume pvc-{uid}"),
        ]
    );
    let labels = claim.metadata.labels.as_ref().unwrap();
    assert_eq!(
        labels["app"], "giropops",
        "the selector's labels are on the claim"
    );
}

#[test]
fn a_claim_binds_the_smallest_static_volume_that_fits() {
    let mut c = cluster();
    for (name, size, modes) in [
        ("big", "10Gi", "ReadWriteOnce"),
        ("small-ro", "1Gi", "ReadOnlyMany"),
        ("fits", "2Gi", "ReadWriteOnce"),
        ("tiny", "500Mi", "ReadWriteOnce"),
    ] {
        c.apply(object(&static_volume(name, size, modes, "manual")))
            .unwrap();
    }
    assert!(
        volume_states(&c).iter().all(|s| s.ends_with("Available")),
        "{:?}",
        volume_states(&c)
    );
    c.apply(sts("giropops").replicas(1).storage_class("manual").object())
        .unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(volume_of(&c, "www-giropops-0"), "fits");
    let claim = c
        .get::<PersistentVolumeClaim>("default", "www-giropops-0")
        .unwrap();
    assert_eq!(
        claim.status.as_ref().unwrap().capacity.as_ref().unwrap()["storage"].0,
        "2Gi"
    );
}

#[test]
fn a_claim_with_no_class_and_no_volume_stays_pending_and_says_why() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).storage_class("").object())
        .unwrap();
    c.advance(30_000);
    assert_eq!(claim_states(&c), ["www-giropops-0 Pending "]);
    assert_eq!(
        claim_events(&c, "www-giropops-0"),
        ["FailedBinding no persistent volumes available for this claim and no storage class is set"]
    );
    assert_eq!(pod_states(&c), ["giropops-0 Pending false"]);
    let scheduling: Vec<String> = c
        .events()
        .about("Pod", "default", "giropops-0")
        .map(|e| format!("{} {}", e.reason, e.message))
        .collect();
    assert_eq!(
        scheduling,
        ["FailedScheduling 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."]
    );
    assert_eq!(
        pod_names(&c),
        ["giropops-0"],
        "OrderedReady waits on giropops-0"
    );
}

#[test]
fn a_missing_class_is_reported() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).storage_class("fast").object())
        .unwrap();
    c.advance(5_000);
    assert_eq!(
        claim_events(&c, "www-giropops-0"),
        ["ProvisioningFailed storageclass.storage.k8s.io \"fast\" not found"]
    );
}

#[test]
fn when_scaled_delete_removes_the_claims_of_scaled_away_pods() {
    let set = sts("giropops").retention("Delete", "Retain");
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.apply(set.clone().replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(claim_names(&c), ["www-giropops-0"]);
    assert_eq!(
        volume_states(&c).len(),
        1,
        "the Delete reclaim policy removed their volumes"
    );
    // Deleting a pod by hand never deletes its claim.
    c.delete(&key("Pod", "giropops-0")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(claim_names(&c), ["www-giropops-0"]);
}

#[test]
fn when_deleted_delete_removes_the_claims_with_the_statefulset() {
    let set = sts("giropops").retention("Retain", "Delete");
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let owners = c
        .get::<PersistentVolumeClaim>("default", "www-giropops-1")
        .unwrap()
        .metadata
        .owner_references
        .clone()
        .unwrap();
    assert_eq!(
        (owners[0].kind.as_str(), owners[0].name.as_str()),
        ("StatefulSet", "giropops")
    );
    c.delete(&key("StatefulSet", "giropops")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert!(pod_names(&c).is_empty());
    assert!(claim_names(&c).is_empty());
}

#[test]
fn by_default_claims_outlive_the_statefulset_and_its_pods() {
    let set = sts("giropops");
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.delete(&key("StatefulSet", "giropops")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert!(
        pod_names(&c).is_empty(),
        "the garbage collector removed the pods"
    );
    assert_eq!(claim_names(&c).len(), 3);
    // A new StatefulSet of the same name gets the same claims back.
    let volume = volume_of(&c, "www-giropops-2");
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(volume_of(&c, "www-giropops-2"), volume);
}

#[test]
fn a_claim_in_use_waits_for_its_pod_and_a_retained_volume_is_released() {
    let mut c = cluster();
    c.apply(object(&static_volume(
        "keep",
        "1Gi",
        "ReadWriteOnce",
        "manual",
    )))
    .unwrap();
    c.apply(sts("giropops").replicas(1).storage_class("manual").object())
        .unwrap();
    assert!(c.run_until_settled(60_000));
    let claim = key("PersistentVolumeClaim", "www-giropops-0");
    c.delete(&claim).unwrap();
    let terminating = c
        .get::<PersistentVolumeClaim>("default", "www-giropops-0")
        .unwrap();
    assert!(
        terminating.metadata.deletion_timestamp.is_some(),
        "kept by pvc-protection"
    );
    c.apply(sts("giropops").replicas(0).storage_class("manual").object())
        .unwrap();
    assert!(c.run_until_settled(60_000));
    assert!(claim_names(&c).is_empty());
    assert_eq!(volume_states(&c), ["keep Released"]);
}
