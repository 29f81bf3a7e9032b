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
            "ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'ordinal.local/simulated-disk' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.".to_owned(),
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
    // Every node counts, the control-plane node with the 3 workers.
    assert_eq!(
        scheduling,
        ["FailedScheduling 0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."]
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

/// A claim of the course's StatefulSet (`www-giropops-N`, 1Gi, ReadWriteOnce) as a user
/// would apply it to change its owner references: `(kind, name, uid, controller)`.
fn claim_with_owners(claim: &str, owners: &[(&str, &str, &str, bool)]) -> String {
    let mut y = format!(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {claim}\n  labels:\n    app: giropops\n"
    );
    if !owners.is_empty() {
        y += "  ownerReferences:\n";
        for (kind, name, uid, controller) in owners {
            let api = if *kind == "StatefulSet" {
                "apps/v1"
            } else {
                "v1"
            };
            y += &format!(
                "  - apiVersion: {api}\n    kind: {kind}\n    name: {name}\n    uid: {uid}\n    controller: {controller}\n"
            );
        }
    }
    y + "spec:\n  accessModes: [\"ReadWriteOnce\"]\n  resources:\n    requests:\n      storage: 1Gi\n"
}

/// Create ConfigMap `name` (to stand for another controller) and return its UID.
fn config_map(c: &mut Cluster, name: &str) -> String {
    c.apply(object(&format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"
    )))
    .unwrap();
    c.get::<k8s_openapi::api::core::v1::ConfigMap>("default", name)
        .and_then(|m| m.metadata.uid.clone())
        .unwrap()
}

fn owners_of(c: &Cluster, claim: &str) -> Vec<String> {
    c.get::<PersistentVolumeClaim>("default", claim)
        .and_then(|pvc| pvc.metadata.owner_references.clone())
        .unwrap_or_default()
        .iter()
        .map(|r| {
            format!(
                "{}/{} controller={}",
                r.kind,
                r.name,
                r.controller.unwrap_or(false)
            )
        })
        .collect()
}

#[test]
fn a_claim_another_controller_owns_outlives_a_when_scaled_delete_scale_down() {
    // Reference case 30: upstream's e2e "should not delete PVC with OnScaledown policy
    // if another controller owns the PVC".
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let dummy = config_map(&mut c, "dummy-controller");
    c.apply(object(&claim_with_owners(
        "www-giropops-1",
        &[("ConfigMap", "dummy-controller", &dummy, true)],
    )))
    .unwrap();
    let scaled = sts("giropops").retention("Delete", "Retain");
    c.apply(scaled.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.apply(scaled.clone().replicas(0).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(
        claim_names(&c),
        ["www-giropops-1"],
        "only the claim another controller owns is left"
    );
    assert_eq!(
        owners_of(&c, "www-giropops-1"),
        ["ConfigMap/dummy-controller controller=true"],
        "the retention policy is ignored for it: no reference to its pod was added"
    );

    // With its owner reference removed, the claim follows the policy again.
    c.apply(object(&claim_with_owners("www-giropops-1", &[])))
        .unwrap();
    assert!(owners_of(&c, "www-giropops-1").is_empty());
    c.apply(scaled.clone().replicas(2).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(claim_names(&c), ["www-giropops-0", "www-giropops-1"]);
    c.apply(scaled.clone().replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(
        claim_names(&c),
        ["www-giropops-0"],
        "this time it went with its pod"
    );
}

#[test]
fn a_conflicting_controller_is_reported_and_the_claim_is_left_to_it() {
    let set = sts("giropops").retention("Delete", "Delete");
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(
        owners_of(&c, "www-giropops-1"),
        ["StatefulSet/giropops controller=true"]
    );
    let other = config_map(&mut c, "other");
    let set_uid = c
        .get::<k8s_openapi::api::apps::v1::StatefulSet>("default", "giropops")
        .and_then(|s| s.metadata.uid.clone())
        .unwrap();
    // Another controller takes the claim over; the set's reference stays, demoted.
    c.apply(object(&claim_with_owners(
        "www-giropops-1",
        &[
            ("ConfigMap", "other", &other, true),
            ("StatefulSet", "giropops", &set_uid, false),
        ],
    )))
    .unwrap();
    assert!(c.run_until_settled(60_000));
    let warnings: Vec<String> = c
        .events()
        .about("StatefulSet", "default", "giropops")
        .filter(|e| e.type_ == ordinal::engine::EventType::Warning)
        .map(|e| format!("{} {}", e.reason, e.message))
        .collect();
    assert_eq!(
        warnings,
        ["ConflictingController PersistentVolumeClaim www-giropops-1 has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"]
    );
    assert!(set_events(&c, "giropops")
        .contains(&"update Pod giropops-1 in StatefulSet giropops successful".to_owned()));
    assert_eq!(
        owners_of(&c, "www-giropops-1"),
        ["ConfigMap/other controller=true"],
        "the set's own reference is scrubbed, no new one is added"
    );

    // Neither scale-down nor deleting the set takes the claim away from the other owner.
    c.apply(set.clone().replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(claim_names(&c), ["www-giropops-0", "www-giropops-1"]);
    c.delete(&key("StatefulSet", "giropops")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(claim_names(&c), ["www-giropops-1"]);
}

#[test]
fn a_claim_still_owned_by_an_earlier_pod_holds_back_that_pod_until_it_goes() {
    // PodClaimIsStale: under whenScaled: Delete a claim whose owner reference names an
    // earlier pod of the same name must go before the pod is made again.
    let set = sts("giropops").replicas(2).retention("Delete", "Retain");
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let keep = config_map(&mut c, "keep");
    c.apply(object(&claim_with_owners(
        "www-giropops-1",
        &[("ConfigMap", "keep", &keep, false)],
    )))
    .unwrap();
    c.apply(set.clone().replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_names(&c), ["giropops-0"]);
    assert_eq!(
        owners_of(&c, "www-giropops-1"),
        [
            "ConfigMap/keep controller=false",
            "Pod/giropops-1 controller=true"
        ],
        "the claim outlived its pod: another owner still holds it"
    );

    c.apply(set.clone().replicas(2).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(
        pod_names(&c),
        ["giropops-0"],
        "the stale claim holds giropops-1 back"
    );

    // Once the claim's last owner is gone, the garbage collector takes it and the pod
    // comes back with a fresh claim.
    c.delete(&key("ConfigMap", "keep")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_names(&c), ["giropops-0", "giropops-1"]);
    assert!(owners_of(&c, "www-giropops-1").is_empty());
}

/// A static volume with `persistentVolumeReclaimPolicy: policy` and the given source,
/// and a claim `data` of class `manual` that binds to it.
fn bound_static_volume(c: &mut Cluster, policy: &str, source: &str) {
    c.apply(object(&format!(
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: vol\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n  persistentVolumeReclaimPolicy: {policy}\n{source}"
    )))
    .unwrap();
    c.apply(object(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: manual\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n",
    ))
    .unwrap();
    assert!(c.run_until_settled(10_000));
    assert_eq!(volume_states(c), ["vol Bound"]);
}

fn volume_events(c: &Cluster, volume: &str) -> Vec<String> {
    c.events()
        .about("PersistentVolume", "", volume)
        .map(|e| format!("{} {} {}", e.type_.as_str(), e.reason, e.message))
        .collect()
}

fn volume_message(c: &Cluster, volume: &str) -> Option<String> {
    c.get::<k8s_openapi::api::core::v1::PersistentVolume>("", volume)
        .and_then(|pv| pv.status.as_ref())
        .and_then(|s| s.message.clone())
}

#[test]
fn a_delete_policy_no_plugin_can_carry_out_leaves_the_volume_failed() {
    let mut c = cluster();
    bound_static_volume(
        &mut c,
        "Delete",
        "  nfs:\n    server: 10.0.0.5\n    path: /exports/data\n",
    );
    c.delete(&key("PersistentVolumeClaim", "data")).unwrap();
    assert!(c.run_until_settled(10_000));
    assert_eq!(volume_states(&c), ["vol Failed"]);
    let message = "error getting deleter volume plugin for volume \"vol\": no deletable volume plugin matched";
    assert_eq!(volume_message(&c, "vol").as_deref(), Some(message));
    assert_eq!(
        volume_events(&c, "vol"),
        [format!("Warning VolumeFailedDelete {message}")]
    );
}

#[test]
fn the_host_path_deleter_removes_only_directories_under_tmp() {
    let mut c = cluster();
    bound_static_volume(&mut c, "Delete", "  hostPath:\n    path: /data/vol\n");
    c.delete(&key("PersistentVolumeClaim", "data")).unwrap();
    assert!(c.run_until_settled(10_000));
    assert_eq!(volume_states(&c), ["vol Failed"]);
    assert_eq!(
        volume_events(&c, "vol"),
        ["Warning VolumeFailedDelete host_path deleter only supports /tmp/.+ but received provided /data/vol"]
    );

    let mut c = cluster();
    bound_static_volume(&mut c, "Delete", "  hostPath:\n    path: /tmp/vol\n");
    c.delete(&key("PersistentVolumeClaim", "data")).unwrap();
    assert!(c.run_until_settled(10_000));
    assert!(
        volume_states(&c).is_empty(),
        "deleted: {:?}",
        volume_states(&c)
    );
}

#[test]
fn recycle_scrubs_host_path_and_nfs_volumes_and_fails_elsewhere() {
    let mut c = cluster();
    bound_static_volume(
        &mut c,
        "Recycle",
        "  nfs:\n    server: 10.0.0.5\n    path: /exports/data\n",
    );
    c.delete(&key("PersistentVolumeClaim", "data")).unwrap();
    assert!(c.run_until_settled(10_000));
    assert_eq!(volume_states(&c), ["vol Available"], "free for a new claim");
    assert_eq!(
        volume_events(&c, "vol"),
        ["Normal VolumeRecycled Volume recycled"]
    );

    let mut c = cluster();
    bound_static_volume(
        &mut c,
        "Recycle",
        "  local:\n    path: /mnt/disk\n  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: kubernetes.io/hostname\n          operator: In\n          values: [node-1]\n",
    );
    c.delete(&key("PersistentVolumeClaim", "data")).unwrap();
    assert!(c.run_until_settled(10_000));
    assert_eq!(volume_states(&c), ["vol Failed"]);
    assert_eq!(
        volume_events(&c, "vol"),
        ["Warning VolumeFailedRecycle No recycler plugin found for the volume!"]
    );
}

fn storage_class(name: &str, provisioner: &str, mode: &str) -> String {
    format!(
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: {name}\nprovisioner: {provisioner}\nvolumeBindingMode: {mode}\n"
    )
}

#[test]
fn an_immediate_class_provisions_before_any_pod_uses_the_claim() {
    let mut c = cluster();
    c.apply(object(&storage_class(
        "fast",
        "ordinal.local/simulated-disk",
        "Immediate",
    )))
    .unwrap();
    c.apply(object(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: fast\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n",
    ))
    .unwrap();
    let uid = c
        .get::<PersistentVolumeClaim>("default", "data")
        .and_then(|pvc| pvc.metadata.uid.clone())
        .unwrap();
    assert_eq!(
        claim_states(&c),
        [format!("data Bound pvc-{uid}")],
        "no pod needed"
    );
}

#[test]
fn a_class_whose_provisioner_does_not_run_leaves_its_claims_pending() {
    let mut c = cluster();
    c.apply(object(&storage_class(
        "ebs",
        "ebs.csi.aws.com",
        "Immediate",
    )))
    .unwrap();
    c.apply(sts("giropops").replicas(1).storage_class("ebs").object())
        .unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(claim_states(&c), ["www-giropops-0 Pending "]);
    assert_eq!(
        claim_events(&c, "www-giropops-0"),
        ["ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."]
    );
    assert_eq!(
        ordinal::engine::explain::claim_pending(&c, "default", "www-giropops-0").as_deref(),
        Some("StorageClass \"ebs\" names the provisioner \"ebs.csi.aws.com\", which does not run in this cluster: no volume will be made (the default class \"standard\" has one)")
    );
    // Its pod waits for it: an unbound Immediate claim keeps it from being scheduled.
    assert!(pod_states(&c)[0].starts_with("giropops-0 Pending"));
}

#[test]
fn a_bound_claim_whose_volume_is_deleted_is_lost() {
    let mut c = cluster();
    c.apply(sts("giropops").replicas(1).object()).unwrap();
    assert!(c.run_until_settled(60_000));
    let volume = volume_of(&c, "www-giropops-0");
    c.delete(&key("PersistentVolume", &volume)).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(claim_states(&c), [format!("www-giropops-0 Lost {volume}")]);
    assert_eq!(
        claim_events(&c, "www-giropops-0")
            .last()
            .map(String::as_str),
        Some("ClaimLost Bound claim has lost its PersistentVolume. Data on the volume is lost!")
    );
}

/// A claim with `modes`, and a pod that mounts it (the scheduler puts each new pod
/// on the least-loaded node: the first on node-1, the next on node-2).
fn shared_claim_and_pod(c: &mut Cluster, modes: &str, pod: &str) {
    if c.get::<PersistentVolumeClaim>("default", "shared")
        .is_none()
    {
        c.apply(object(&format!(
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: shared\nspec:\n  accessModes: [{modes}]\n  resources:\n    requests:\n      storage: 1Gi\n"
        )))
        .unwrap();
    }
    c.apply(object(&format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {pod}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    volumeMounts:\n    - name: data\n      mountPath: /data\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: shared\n"
    )))
    .unwrap();
}

#[test]
fn a_read_write_once_volume_attached_to_one_node_keeps_a_pod_on_another_waiting_until_it_is_free() {
    let mut c = cluster();
    shared_claim_and_pod(&mut c, "ReadWriteOnce", "first");
    assert!(c.run_until_settled(60_000));
    shared_claim_and_pod(&mut c, "ReadWriteOnce", "second");
    assert!(c.run_until_settled(60_000));
    let node = |c: &Cluster, name: &str| pod(c, name).spec.as_ref().unwrap().node_name.clone();
    assert_eq!(
        (node(&c, "first"), node(&c, "second")),
        (Some("node-1".to_owned()), Some("node-2".to_owned()))
    );
    assert_eq!(
        pod_states(&c),
        ["first Running true", "second Pending false"]
    );
    let waiting = &pod(&c, "second")
        .status
        .as_ref()
        .unwrap()
        .container_statuses
        .as_ref()
        .unwrap()[0];
    let reason = waiting
        .state
        .as_ref()
        .unwrap()
        .waiting
        .as_ref()
        .unwrap()
        .reason
        .clone();
    assert_eq!(reason.as_deref(), Some("ContainerCreating"));
    let volume = volume_of(&c, "shared");
    let events: Vec<(String, &str, String)> = c
        .events()
        .about("Pod", "default", "second")
        .map(|e| (e.type_.as_str().to_owned(), e.source, e.message.clone()))
        .collect();
    assert!(
        events.contains(&(
            "Warning".to_owned(),
            "attachdetach-controller",
            format!(
                "Multi-Attach error for volume \"{volume}\" Volume is already used by pod(s) first"
            )
        )),
        "{events:?}"
    );
    assert!(!events.iter().any(|e| e.2.starts_with("Started")));
    // The card and `describe` say why in plain words.
    assert_eq!(
        ordinal::engine::explain::pod_reason(&c, "default", "second", pod(&c, "second")),
        Some(
            ordinal::engine::explain::PodReason::VolumeAttachedElsewhere {
                claim: "shared".to_owned(),
                pods: vec!["first".to_owned()],
            }
        )
    );
    assert_eq!(
        ordinal::engine::explain::pod_waiting(&c, "default", "second", pod(&c, "second"))
            .as_deref(),
        Some("its claim shared is ReadWriteOnce and its disk is attached to another node, used by first (Multi-Attach error)")
    );

    // Once no pod on node-1 uses it, the volume detaches and follows the waiting pod.
    c.delete(&key("Pod", "first")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_states(&c), ["second Running true"]);
}

#[test]
fn a_read_write_many_volume_is_used_on_every_node_at_once() {
    let mut c = cluster();
    shared_claim_and_pod(&mut c, "ReadWriteMany", "first");
    assert!(c.run_until_settled(60_000));
    shared_claim_and_pod(&mut c, "ReadWriteMany", "second");
    assert!(c.run_until_settled(60_000));
    assert_eq!(
        pod_states(&c),
        ["first Running true", "second Running true"]
    );
    assert!(!c
        .events()
        .all()
        .iter()
        .any(|e| e.reason == "FailedAttachVolume"));
}
