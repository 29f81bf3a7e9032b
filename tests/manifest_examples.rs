//! Every manifest Ordinal ships reads cleanly, survives a round trip through its
//! Kubernetes types, and applies to a fresh cluster that then settles.

use ordinal::engine::{Cluster, Object};
use ordinal::examples::EXAMPLES;
use ordinal::kubectl::sync::{EditorSync, Outcome};
use ordinal::manifest::parse;

/// An object written back as YAML through its `k8s-openapi` type.
fn to_yaml(object: &Object) -> String {
    let written = match object {
        Object::StatefulSet(o) => serde_yaml_ng::to_string(o),
        Object::Service(o) => serde_yaml_ng::to_string(o),
        Object::PersistentVolumeClaim(o) => serde_yaml_ng::to_string(o),
        Object::PersistentVolume(o) => serde_yaml_ng::to_string(o),
        Object::StorageClass(o) => serde_yaml_ng::to_string(o),
        Object::Pod(o) => serde_yaml_ng::to_string(o),
        Object::Deployment(o) => serde_yaml_ng::to_string(o),
        Object::ConfigMap(o) => serde_yaml_ng::to_string(o),
        Object::Namespace(o) => serde_yaml_ng::to_string(o),
        other => panic!("{} is not shipped in examples", other.kind()),
    };
    written.expect("every shipped object serializes")
}

#[test]
fn every_example_reads_without_errors_or_warnings() {
    for example in EXAMPLES {
        let (file, text) = (example.file, example.text);
        let parsed = parse(text);
        assert!(parsed.is_ok(), "{file}: {:?}", parsed.errors);
        assert!(parsed.warnings.is_empty(), "{file}: {:?}", parsed.warnings);
        assert!(parsed.rejected.is_empty(), "{file}");
        assert!(!parsed.documents.is_empty(), "{file}");
    }
}

#[test]
fn every_example_survives_a_round_trip_through_its_types() {
    for example in EXAMPLES {
        let (file, text) = (example.file, example.text);
        let first = parse(text);
        let written: Vec<String> = first.documents.iter().map(|d| to_yaml(&d.object)).collect();
        let again = parse(&written.join("---\n"));
        assert!(again.is_ok(), "{file}: {:?}", again.errors);
        let objects = |p: &ordinal::manifest::Parsed| -> Vec<Object> {
            p.documents.iter().map(|d| d.object.clone()).collect()
        };
        assert_eq!(objects(&first), objects(&again), "{file}");
    }
}

#[test]
fn the_course_example_round_trips_to_the_objects_the_course_describes() {
    let text = EXAMPLES[0].text;
    let parsed = parse(text);
    let names: Vec<String> = parsed
        .documents
        .iter()
        .map(|d| format!("{}/{}", d.object.resource_name(), d.object.name()))
        .collect();
    assert_eq!(names, ["statefulset.apps/giropops", "service/nginx"]);
    let written = to_yaml(&parsed.documents[0].object);
    assert!(written.contains("serviceName: nginx"), "{written}");
    assert!(written.contains("storage: 1Gi"), "{written}");
}

#[test]
fn every_example_applies_to_a_fresh_cluster_and_settles() {
    for example in EXAMPLES {
        let (file, text) = (example.file, example.text);
        let mut cluster = Cluster::new(7);
        let mut sync = EditorSync::new();
        let report = sync.sync(&mut cluster, text);
        assert!(report.is_ok(), "{file}: {:?}", report.errors);
        assert!(
            report.objects.iter().all(|o| o.outcome == Outcome::Created),
            "{file}: {}",
            report.lines()
        );
        assert!(cluster.run_until_settled(300_000), "{file} did not settle");
        let again = sync.sync(&mut cluster, text);
        assert!(
            again
                .objects
                .iter()
                .all(|o| o.outcome == Outcome::Unchanged),
            "{file}: {}",
            again.lines()
        );
    }
}
