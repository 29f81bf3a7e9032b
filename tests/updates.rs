//! StatefulSet updates: RollingUpdate in reverse ordinal order, partitions, OnDelete,
//! rollbacks through ControllerRevisions, and the API server's update rules.

mod support;

use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet};
use ordinal::engine::{ApplyOutcome, Cluster, EngineError};
use support::*;

fn images(c: &Cluster) -> Vec<String> {
    pod_names(c)
        .iter()
        .map(|name| {
            let p = pod(c, name);
            format!(
                "{name} {}",
                p.spec.as_ref().unwrap().containers[0]
                    .image
                    .clone()
                    .unwrap_or_default()
            )
        })
        .collect()
}

fn status(c: &Cluster) -> k8s_openapi::api::apps::v1::StatefulSetStatus {
    c.get::<StatefulSet>("default", "giropops")
        .unwrap()
        .status
        .clone()
        .unwrap()
}

fn revisions(c: &Cluster) -> Vec<(String, i64)> {
    c.store()
        .list::<ControllerRevision>(Some("default"))
        .map(|(k, r)| (k.name.to_string(), r.revision))
        .collect()
}

fn deleted_in_order(c: &Cluster) -> Vec<String> {
    set_events(c, "giropops")
        .into_iter()
        .filter_map(|m| {
            m.strip_prefix("delete Pod ")
                .map(|r| r.split(' ').next().unwrap().to_owned())
        })
        .collect()
}

fn settled(fixture: &Sts) -> Cluster {
    let mut c = cluster();
    c.apply(fixture.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c
}

#[test]
fn a_new_image_rolls_out_from_the_highest_ordinal_down() {
    let set = sts("giropops");
    let mut c = settled(&set);
    let before = status(&c);
    c.apply(set.clone().image("nginx:1.28").object()).unwrap();
    assert_eq!(revisions(&c).len(), 2);
    let during = status(&c);
    assert_ne!(during.update_revision, before.update_revision);
    assert_eq!(during.current_revision, before.current_revision);

    assert!(c.run_until_settled(120_000));
    assert_eq!(
        deleted_in_order(&c),
        ["giropops-2", "giropops-1", "giropops-0"]
    );
    assert_eq!(
        images(&c),
        [
            "giropops-0 nginx:1.28",
            "giropops-1 nginx:1.28",
            "giropops-2 nginx:1.28"
        ]
    );
    let after = status(&c);
    assert_eq!(after.current_revision, after.update_revision);
    assert_eq!(after.updated_replicas, Some(3));
    assert_eq!(after.observed_generation, Some(2));
}

#[test]
fn a_partition_keeps_lower_ordinals_on_the_old_revision() {
    let set = sts("giropops").partition(2);
    let mut c = settled(&set);
    c.apply(set.clone().image("nginx:1.28").object()).unwrap();
    assert!(c.run_until_settled(120_000));
    assert_eq!(
        images(&c),
        [
            "giropops-0 nginx:1.27",
            "giropops-1 nginx:1.27",
            "giropops-2 nginx:1.28"
        ]
    );
    let s = status(&c);
    assert_ne!(s.current_revision, s.update_revision);
    assert_eq!((s.current_replicas, s.updated_replicas), (Some(2), Some(1)));

    // A pod below the partition that is deleted comes back at the old revision.
    c.delete(&key("Pod", "giropops-0")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(images(&c)[0], "giropops-0 nginx:1.27");

    // Lowering the partition to 0 rolls the rest.
    c.apply(set.clone().image("nginx:1.28").partition(0).object())
        .unwrap();
    assert!(c.run_until_settled(120_000));
    assert_eq!(
        images(&c),
        [
            "giropops-0 nginx:1.28",
            "giropops-1 nginx:1.28",
            "giropops-2 nginx:1.28"
        ]
    );
    let s = status(&c);
    assert_eq!(s.current_revision, s.update_revision);
}

#[test]
fn on_delete_replaces_a_pod_only_when_someone_deletes_it() {
    let set = sts("giropops").on_delete();
    let mut c = settled(&set);
    c.apply(set.clone().image("nginx:1.28").object()).unwrap();
    c.advance(30_000);
    assert_eq!(
        images(&c),
        [
            "giropops-0 nginx:1.27",
            "giropops-1 nginx:1.27",
            "giropops-2 nginx:1.27"
        ]
    );
    c.delete(&key("Pod", "giropops-1")).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(
        images(&c),
        [
            "giropops-0 nginx:1.27",
            "giropops-1 nginx:1.28",
            "giropops-2 nginx:1.27"
        ]
    );
}

#[test]
fn going_back_to_an_old_template_reuses_its_revision() {
    let set = sts("giropops");
    let mut c = settled(&set);
    let first = status(&c).update_revision.unwrap();
    c.apply(set.clone().image("nginx:1.28").object()).unwrap();
    assert!(c.run_until_settled(120_000));
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(120_000));
    assert_eq!(status(&c).update_revision.unwrap(), first);
    let revs = revisions(&c);
    assert_eq!(revs.len(), 2, "no third revision: {revs:?}");
    assert_eq!(
        revs.iter().find(|(n, _)| *n == first).unwrap().1,
        3,
        "rolled back to number 3"
    );
}

#[test]
fn min_ready_seconds_delays_availability_and_the_next_pod() {
    let set = sts("giropops").replicas(2).min_ready_seconds(10);
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    c.advance(5_000);
    assert_eq!(
        pod_names(&c),
        ["giropops-0"],
        "giropops-1 waits until giropops-0 is available"
    );
    assert_eq!(status(&c).available_replicas, Some(0));
    assert!(c.run_until_settled(120_000));
    assert_eq!(status(&c).available_replicas, Some(2));
}

#[test]
fn reapplying_the_same_text_is_unchanged_and_a_change_is_configured() {
    let set = sts("giropops");
    let mut c = settled(&set);
    assert_eq!(c.apply(set.object()), Ok(ApplyOutcome::Unchanged));
    assert_eq!(
        c.apply(set.clone().replicas(4).object()),
        Ok(ApplyOutcome::Configured)
    );
    let meta = &c
        .get::<StatefulSet>("default", "giropops")
        .unwrap()
        .metadata;
    assert_eq!(meta.generation, Some(2));
}

#[test]
fn immutable_fields_are_refused_in_the_api_servers_words() {
    let set = sts("giropops");
    let mut c = settled(&set);
    let before = c.get::<StatefulSet>("default", "giropops").unwrap().clone();
    let renamed = set
        .yaml()
        .replace("serviceName: nginx", "serviceName: other");
    let error = c.apply(object(&renamed)).unwrap_err();
    assert_eq!(
        error,
        EngineError::Invalid {
            message: "The StatefulSet \"giropops\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden".to_owned()
        }
    );
    assert_eq!(
        c.get::<StatefulSet>("default", "giropops").unwrap(),
        &before,
        "the live object is kept"
    );
}

#[test]
fn deleting_a_missing_object_is_not_found() {
    let mut c = cluster();
    let error = c.delete(&key("Pod", "giropops-9")).unwrap_err();
    assert_eq!(error.to_string(), r#"pods "giropops-9" not found"#);
}

#[test]
fn available_replicas_follow_min_ready_seconds_under_parallel_too() {
    let set = sts("giropops").replicas(2).parallel().min_ready_seconds(10);
    let mut c = cluster();
    c.apply(set.object()).unwrap();
    c.advance(5_000);
    let s = status(&c);
    assert_eq!((s.ready_replicas, s.available_replicas), (Some(2), Some(0)));
    assert!(c.run_until_settled(60_000));
    assert_eq!(status(&c).available_replicas, Some(2));
}

#[test]
fn an_object_in_a_namespace_that_does_not_exist_is_refused() {
    let mut c = cluster();
    let text = sts("giropops").yaml().replace(
        "  name: giropops\n",
        "  name: giropops\n  namespace: curso\n",
    );
    let error = c.apply(object(&text)).unwrap_err();
    assert_eq!(error.to_string(), r#"namespaces "curso" not found"#);
    c.apply(object(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: curso\n",
    ))
    .unwrap();
    c.apply(object(&text)).unwrap();
    assert!(c.run_until_settled(60_000));
    assert!(c
        .get::<k8s_openapi::api::core::v1::Pod>("curso", "giropops-0")
        .is_some());
}

#[test]
fn old_revisions_beyond_the_history_limit_are_trimmed() {
    let set = sts("giropops").replicas(1);
    let mut c = settled(&set);
    for minor in 28..40 {
        c.apply(set.clone().image(&format!("nginx:1.{minor}")).object())
            .unwrap();
        assert!(c.run_until_settled(60_000));
    }
    // 13 templates were used; the live one plus at most 10 in history remain.
    assert_eq!(revisions(&c).len(), 11, "{:?}", revisions(&c));
    let numbers: Vec<i64> = revisions(&c).iter().map(|(_, n)| *n).collect();
    assert_eq!(numbers.iter().min(), Some(&3), "the two oldest went first");
}

fn stored_max_unavailable(c: &Cluster) -> Option<String> {
    let set = c.get::<StatefulSet>("default", "giropops").unwrap();
    let value = set
        .spec
        .as_ref()?
        .update_strategy
        .as_ref()?
        .rolling_update
        .as_ref()?
        .max_unavailable
        .clone()?;
    Some(match value {
        k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n) => n.to_string(),
        k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s) => s,
    })
}

/// Pods marked for deletion right now, in name order.
fn terminating(c: &Cluster) -> Vec<String> {
    pod_states(c)
        .into_iter()
        .filter(|s| s.ends_with(" terminating"))
        .map(|s| s.split(' ').next().unwrap().to_owned())
        .collect()
}

#[test]
fn max_unavailable_is_dropped_and_ignored_while_its_feature_gate_is_off() {
    let set = sts("giropops")
        .replicas(6)
        .partition(3)
        .max_unavailable("2");
    let mut c = settled(&set);
    assert!(
        !c.feature_gates().max_unavailable_stateful_set,
        "off by default, as in 1.34"
    );
    assert_eq!(
        stored_max_unavailable(&c),
        None,
        "the API server dropped the field"
    );
    c.apply(set.clone().image("nginx:1.28").object()).unwrap();
    assert_eq!(terminating(&c), ["giropops-5"], "one pod at a time");
}

#[test]
fn with_the_gate_on_max_unavailable_pods_update_at_once_above_the_partition() {
    // Reference case 14 (RollingUpdateWithMaxUnavailable): 6 replicas, partition 3,
    // maxUnavailable 2 — the first sync deletes ordinals 5 and 4 together.
    let mut c = cluster();
    c.set_feature_gate("MaxUnavailableStatefulSet", true)
        .unwrap();
    let set = sts("giropops")
        .replicas(6)
        .partition(3)
        .max_unavailable("2");
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    assert_eq!(stored_max_unavailable(&c).as_deref(), Some("2"));
    c.apply(set.clone().image("nginx:1.28").object()).unwrap();
    assert_eq!(terminating(&c), ["giropops-4", "giropops-5"]);
    assert!(c.run_until_settled(120_000));
    assert_eq!(
        images(&c),
        [
            "giropops-0 nginx:1.27",
            "giropops-1 nginx:1.27",
            "giropops-2 nginx:1.27",
            "giropops-3 nginx:1.28",
            "giropops-4 nginx:1.28",
            "giropops-5 nginx:1.28",
        ]
    );
}

#[test]
fn with_the_gate_on_max_unavailable_defaults_to_one() {
    let mut c = cluster();
    c.set_feature_gate("MaxUnavailableStatefulSet", true)
        .unwrap();
    let set = sts("giropops");
    c.apply(set.object()).unwrap();
    assert_eq!(stored_max_unavailable(&c).as_deref(), Some("1"));
    assert!(c.run_until_settled(60_000));
    c.apply(set.clone().image("nginx:1.28").object()).unwrap();
    assert_eq!(terminating(&c), ["giropops-2"]);
}

#[test]
fn a_percentage_of_max_unavailable_rounds_down_and_unavailable_pods_count_against_it() {
    let mut c = cluster();
    c.set_feature_gate("MaxUnavailableStatefulSet", true)
        .unwrap();
    // 50% of 5 is 2 (rounded down).
    let set = sts("giropops")
        .replicas(5)
        .max_unavailable("50%")
        .parallel();
    c.apply(set.object()).unwrap();
    assert!(c.run_until_settled(60_000));
    c.set_pod_unready("default", "giropops-0", true).unwrap();
    // One pod is already unavailable, so only one more may go.
    c.apply(set.clone().image("nginx:1.28").object()).unwrap();
    assert_eq!(terminating(&c), ["giropops-4"]);
}

#[test]
fn an_unknown_feature_gate_is_refused() {
    let mut c = cluster();
    assert_eq!(
        c.set_feature_gate("NoSuchGate", true),
        Err(EngineError::Invalid {
            message: "unrecognized feature gate: NoSuchGate".to_owned()
        })
    );
}

/// `kubectl apply -f -` of `yaml` from the terminal: what kubectl prints.
fn kubectl_apply(c: &mut Cluster, yaml: &str) -> String {
    let out = ordinal::kubectl::run(
        c,
        &format!("kubectl apply -f - <<EOF\n{yaml}EOF"),
        &ordinal::kubectl::NoFiles,
    );
    assert!(!out.failed, "{}", out.text);
    out.stdout
}

fn replicas_and_image(c: &Cluster) -> (i32, String) {
    let set = c.get::<StatefulSet>("default", "giropops").unwrap();
    let spec = set.spec.as_ref().unwrap();
    let image = spec.template.spec.as_ref().unwrap().containers[0]
        .image
        .clone()
        .unwrap();
    (spec.replicas.unwrap(), image)
}

#[test]
fn kubectl_apply_merges_three_ways_so_a_scale_survives_a_changed_file() {
    let mut c = cluster();
    let file = sts("giropops").replicas(3).parallel();
    kubectl_apply(&mut c, &file.yaml());
    assert!(c.run_until_settled(60_000));
    let scaled = ordinal::kubectl::run(
        &mut c,
        "kubectl scale sts giropops --replicas=5",
        &ordinal::kubectl::NoFiles,
    );
    assert!(!scaled.failed, "{}", scaled.text);

    // The same file again: replicas did not change in it, so the live 5 stands.
    assert_eq!(
        kubectl_apply(&mut c, &file.yaml()),
        "statefulset.apps/giropops unchanged\n"
    );
    assert_eq!(replicas_and_image(&c), (5, "nginx:1.27".to_owned()));

    // A new image in the file: the image changes, the scaled replicas stay.
    let new_image = file.clone().image("nginx:1.28");
    assert_eq!(
        kubectl_apply(&mut c, &new_image.yaml()),
        "statefulset.apps/giropops configured\n"
    );
    assert_eq!(replicas_and_image(&c), (5, "nginx:1.28".to_owned()));
    assert!(c.run_until_settled(120_000));
    assert_eq!(pod_names(&c).len(), 5);

    // Replicas changed in the file: the file's value wins.
    kubectl_apply(&mut c, &new_image.replicas(2).yaml());
    assert_eq!(replicas_and_image(&c), (2, "nginx:1.28".to_owned()));
}

#[test]
fn the_editor_applies_its_whole_text_so_the_text_is_the_desired_state() {
    // Cluster::apply (the editor's path) replaces the user's fields: a scale the
    // editor did not write back does not outlive the next edit.
    let mut c = cluster();
    c.apply(sts("giropops").replicas(3).object()).unwrap();
    ordinal::kubectl::run(
        &mut c,
        "kubectl scale sts giropops --replicas=5",
        &ordinal::kubectl::NoFiles,
    );
    c.apply(sts("giropops").replicas(3).image("nginx:1.28").object())
        .unwrap();
    assert_eq!(replicas_and_image(&c), (3, "nginx:1.28".to_owned()));
}
