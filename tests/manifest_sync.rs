//! Applying the editor's text like `kubectl apply --prune`: created, configured,
//! unchanged, pruned, and rejected documents that leave their live objects alone.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Pod, Service};
use ordinal::engine::Cluster;
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::kubectl::sync::{EditorSync, Outcome};

fn replicas(cluster: &Cluster) -> Option<i32> {
    cluster
        .get::<StatefulSet>("default", "giropops")
        .and_then(|s| s.spec.as_ref())
        .and_then(|s| s.replicas)
}

fn settled(cluster: &mut Cluster) {
    assert!(cluster.run_until_settled(120_000), "cluster did not settle");
}

#[test]
fn the_course_example_is_created_then_unchanged() {
    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    let first = sync.sync(&mut cluster, COURSE_EXAMPLE);
    assert_eq!(
        first.lines(),
        "statefulset.apps/giropops created\nservice/nginx created\n"
    );
    assert!(first.is_ok(), "{:?}", first.errors);
    settled(&mut cluster);
    let again = sync.sync(&mut cluster, COURSE_EXAMPLE);
    assert_eq!(
        again.lines(),
        "statefulset.apps/giropops unchanged\nservice/nginx unchanged\n"
    );
    // Nothing changed since: the same report comes back without touching the cluster.
    let version = cluster.store().version();
    let cached = sync.sync(&mut cluster, COURSE_EXAMPLE);
    assert_eq!(cached, again);
    assert_eq!(cluster.store().version(), version);
}

#[test]
fn a_changed_document_is_configured_and_the_rest_unchanged() {
    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    sync.sync(&mut cluster, COURSE_EXAMPLE);
    let scaled = COURSE_EXAMPLE.replace("replicas: 3", "replicas: 5");
    let report = sync.sync(&mut cluster, &scaled);
    assert_eq!(
        report.lines(),
        "statefulset.apps/giropops configured\nservice/nginx unchanged\n"
    );
    assert_eq!(replicas(&cluster), Some(5));
}

#[test]
fn a_document_removed_from_the_text_is_pruned_with_its_dependents() {
    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    sync.sync(&mut cluster, COURSE_EXAMPLE);
    settled(&mut cluster);
    assert_eq!(cluster.store().list::<Pod>(Some("default")).count(), 3);

    let service_only = &COURSE_EXAMPLE[COURSE_EXAMPLE.find("---").unwrap()..];
    let report = sync.sync(&mut cluster, service_only);
    assert_eq!(
        report.lines(),
        "service/nginx unchanged\nstatefulset.apps/giropops pruned\n"
    );
    settled(&mut cluster);
    assert!(cluster.get::<StatefulSet>("default", "giropops").is_none());
    assert_eq!(
        cluster.store().list::<Pod>(Some("default")).count(),
        0,
        "the StatefulSet's pods are garbage-collected with it"
    );
    assert!(cluster.get::<Service>("default", "nginx").is_some());
}

#[test]
fn an_immutable_change_is_rejected_at_spec_and_the_rest_still_applies() {
    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    sync.sync(&mut cluster, COURSE_EXAMPLE);
    let edited = COURSE_EXAMPLE
        .replace("serviceName: \"nginx\"", "serviceName: \"web\"")
        .replace(
            "  - port: 80\n    name: web",
            "  - port: 8080\n    name: web",
        );
    let report = sync.sync(&mut cluster, &edited);
    let Outcome::Rejected(errors) = &report.objects[0].outcome else {
        panic!("{:?}", report.objects[0]);
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message,
        "The StatefulSet \"giropops\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    );
    assert_eq!((errors[0].line, errors[0].column), (6, 1), "at `spec:`");
    assert_eq!(report.objects[1].outcome, Outcome::Configured);
    let live = cluster.get::<StatefulSet>("default", "giropops").unwrap();
    assert_eq!(
        live.spec.as_ref().unwrap().service_name.as_deref(),
        Some("nginx"),
        "the live StatefulSet is as it was"
    );
    let port = cluster
        .get::<Service>("default", "nginx")
        .unwrap()
        .spec
        .as_ref()
        .unwrap()
        .ports
        .as_ref()
        .unwrap()[0]
        .port;
    assert_eq!(port, 8080);
}

#[test]
fn a_document_with_a_mistake_is_not_pruned_while_the_student_edits_it() {
    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    sync.sync(&mut cluster, COURSE_EXAMPLE);
    // A wrong type: the document still names its object.
    let typo = COURSE_EXAMPLE.replace("replicas: 3", "replicas: \"three\"");
    let report = sync.sync(&mut cluster, &typo);
    assert!(matches!(report.objects[0].outcome, Outcome::Rejected(_)));
    assert!(!report.pruning_paused);
    assert_eq!(replicas(&cluster), Some(3));

    // Broken YAML: the document cannot say which object it is, so nothing is pruned.
    let broken = COURSE_EXAMPLE.replace(
        "kind: StatefulSet\nmetadata:",
        "kind: StatefulSet\nmetadata: [",
    );
    let report = sync.sync(&mut cluster, &broken);
    assert!(report.pruning_paused);
    assert_eq!(report.objects[0].label, "document 1");
    assert!(cluster.get::<StatefulSet>("default", "giropops").is_some());

    // A half-typed kind is no kind the server knows: still nothing is pruned.
    let half = COURSE_EXAMPLE.replace("kind: StatefulSet", "kind: StatefulSe");
    assert!(sync.sync(&mut cluster, &half).pruning_paused);
    assert!(cluster.get::<StatefulSet>("default", "giropops").is_some());
}

#[test]
fn objects_the_editor_did_not_create_are_never_pruned() {
    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    // The `default` Namespace exists before the editor declares it.
    let text = format!(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n---\n{COURSE_EXAMPLE}"
    );
    let report = sync.sync(&mut cluster, &text);
    assert!(report.is_ok(), "{:?}", report.errors);
    settled(&mut cluster);
    let report = sync.sync(&mut cluster, "");
    assert_eq!(
        report.lines(),
        "service/nginx pruned\nstatefulset.apps/giropops pruned\n"
    );
    assert!(cluster
        .get::<k8s_openapi::api::core::v1::Namespace>("", "default")
        .is_some());
    assert!(
        cluster
            .get::<k8s_openapi::api::core::v1::PersistentVolumeClaim>("default", "www-giropops-0")
            .is_some(),
        "claims made by the controller stay (retention policy Retain)"
    );
}

#[test]
fn a_namespace_declared_after_its_objects_is_created_first() {
    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: course\ndata:\n  mode: demo\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: course\n";
    let report = sync.sync(&mut cluster, text);
    assert_eq!(
        report.lines(),
        "configmap/settings created\nnamespace/course created\n"
    );
}

#[test]
fn an_object_in_a_missing_namespace_is_rejected_at_its_namespace() {
    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    let text =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: nowhere\n";
    let report = sync.sync(&mut cluster, text);
    let Outcome::Rejected(errors) = &report.objects[0].outcome else {
        panic!("{:?}", report.objects);
    };
    assert_eq!(errors[0].message, "namespaces \"nowhere\" not found");
    assert_eq!((errors[0].line, errors[0].column), (5, 14));
}
