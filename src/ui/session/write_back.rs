//! Writing what a kubectl command changed back into the editor's text, field by
//! field, through the manifest layer's `set_field`: only the changed values move,
//! and comments, quoting and order of everything else stay as the student wrote them.
//!
//! The changes come from `kubectl::CommandOutput::changes`, so whatever a command
//! alters in an object the text declares (`scale`, `set image`, `label`, `patch`,
//! `rollout restart`...) shows up in the text; what cannot be written is reported,
//! never silently dropped.

use serde_json::Value;

use crate::engine::ObjectKey;
use crate::kubectl::{Change, ChangeAction, FieldChange, PathSegment};
use crate::manifest::{self, edit::yaml_value, path::Segment};

/// What writing a command's changes into the text did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteBack {
    /// The new text, when at least one field was written.
    pub text: Option<String>,
    /// Fields of objects the text declares that could not be written, as
    /// `(object, field, why)`: the text and the cluster now differ there.
    pub unwritten: Vec<(String, String, String)>,
    /// Objects the text declares that the command deleted.
    pub deleted: Vec<String>,
}

/// Write `changes` into `text`. Changes to objects the text does not declare
/// (a pod, an object made in the terminal) are not the text's business and are left out.
pub fn write_back(text: &str, changes: &[Change]) -> WriteBack {
    let mut out = WriteBack::default();
    let mut current = text.to_owned();
    for change in changes {
        let label = format!("{}/{}", change.kind, change.name);
        let parsed = manifest::parse(&current);
        let Some(document) = parsed.documents.iter().find(|d| declares(&d.key(), change)) else {
            continue;
        };
        match &change.action {
            ChangeAction::Created => {}
            ChangeAction::Deleted => out.deleted.push(label),
            ChangeAction::Updated(fields) => {
                let mut leaves = Vec::new();
                for field in fields {
                    leaves_of(field, &mut leaves);
                }
                for (path, value) in leaves {
                    let in_document = match document.item {
                        Some(i) => {
                            let mut full = vec![Segment::Key("items".into()), Segment::Index(i)];
                            full.extend(path.iter().cloned());
                            full
                        }
                        None => path.clone(),
                    };
                    let shown = manifest::path::format(&path);
                    let Some(value) = value else {
                        out.unwritten.push((
                            label.clone(),
                            shown,
                            "the field was removed".to_owned(),
                        ));
                        continue;
                    };
                    let path = manifest::path::format(&in_document);
                    match manifest::set_field(&current, document.index, &path, &value) {
                        Ok(edited) => current = edited,
                        Err(error) => out
                            .unwritten
                            .push((label.clone(), shown, error.to_string())),
                    }
                }
            }
        }
    }
    if current != text {
        out.text = Some(current);
    }
    out
}

fn declares(key: &ObjectKey, change: &Change) -> bool {
    key.kind == change.kind && key.name == change.name && key.namespace == change.namespace
}

/// The scalar leaves of a change, each with the YAML to write: a new mapping is
/// written key by key (so it reads like the rest of the block-style text), a list or
/// an empty mapping as one flow value.
fn leaves_of(field: &FieldChange, out: &mut Vec<(Vec<Segment>, Option<String>)>) {
    let path: Vec<Segment> = field
        .path
        .iter()
        .map(|s| match s {
            PathSegment::Key(k) => Segment::Key(k.clone()),
            PathSegment::Index(i) => Segment::Index(*i),
        })
        .collect();
    expand(path, field.value.as_ref(), out);
}

fn expand(
    path: Vec<Segment>,
    value: Option<&Value>,
    out: &mut Vec<(Vec<Segment>, Option<String>)>,
) {
    match value {
        Some(Value::Object(map)) if !map.is_empty() => {
            for (key, inner) in map {
                let mut deeper = path.clone();
                deeper.push(Segment::Key(key.clone()));
                expand(deeper, Some(inner), out);
            }
        }
        // JSON is YAML's flow style: one line, whatever the value holds.
        Some(value @ (Value::Array(_) | Value::Object(_))) => {
            out.push((path, Some(serde_json::to_string(value).unwrap_or_default())))
        }
        Some(scalar) => out.push((path, Some(yaml_value(scalar)))),
        None => out.push((path, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Cluster;
    use crate::examples::COURSE_EXAMPLE;
    use crate::kubectl::{self, NoFiles};

    fn course() -> Cluster {
        let mut cluster = Cluster::new(1);
        kubectl::apply_text(&mut cluster, "giropops.yaml", COURSE_EXAMPLE).unwrap();
        cluster.run_until_settled(60_000);
        cluster
    }

    fn after(text: &str, command: &str) -> WriteBack {
        let mut cluster = course();
        let output = kubectl::run(&mut cluster, command, &NoFiles);
        assert!(!output.failed, "{}", output.text);
        write_back(text, &output.changes)
    }

    #[test]
    fn a_scale_changes_only_the_replicas_value() {
        let written = after(COURSE_EXAMPLE, "kubectl scale sts giropops --replicas=5");
        assert_eq!(
            written.text.as_deref(),
            Some(
                COURSE_EXAMPLE
                    .replace("replicas: 3", "replicas: 5")
                    .as_str()
            )
        );
        assert!(written.unwritten.is_empty());
    }

    #[test]
    fn a_new_image_and_a_new_label_are_written_where_they_belong() {
        let written = after(
            COURSE_EXAMPLE,
            "kubectl set image statefulset/giropops nginx=nginx:1.27",
        );
        let text = written.text.unwrap();
        assert!(text.contains("image: nginx:1.27\n"), "{text}");
        let written = after(&text, "kubectl label service nginx tier=web");
        let text = written.text.unwrap();
        let service = text.split("---").nth(1).unwrap();
        assert!(service.contains("    tier: web\n"), "{service}");
        assert!(manifest::parse(&text).is_ok());
    }

    #[test]
    fn a_restart_writes_the_new_template_annotation_as_a_block() {
        let written = after(
            COURSE_EXAMPLE,
            "kubectl rollout restart statefulset/giropops",
        );
        let text = written.text.unwrap();
        assert!(
            text.contains("kubectl.kubernetes.io/restartedAt: "),
            "{text}"
        );
        let parsed = manifest::parse(&text);
        assert!(parsed.is_ok(), "{:?}", parsed.errors);
    }

    #[test]
    fn deleting_a_declared_object_is_reported_and_the_text_kept() {
        let written = after(COURSE_EXAMPLE, "kubectl delete service nginx --wait=false");
        assert_eq!(written.text, None);
        assert_eq!(written.deleted, ["Service/nginx"]);
    }

    #[test]
    fn objects_the_text_does_not_declare_are_left_alone() {
        let written = after(COURSE_EXAMPLE, "kubectl label pod giropops-0 x=y");
        assert_eq!(written, WriteBack::default());
    }

    mod anything_typed {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(120))]

            #[test]
            fn a_scale_keeps_a_valid_text_valid_with_the_new_count(
                at in 0usize..1200,
                cut in 0usize..40,
                insert in "[ -~\\n\\té]{0,12}",
                replicas in 0i32..=crate::engine::validation::MAX_REPLICAS,
            ) {
                let mut text = COURSE_EXAMPLE.to_owned();
                let start = text.char_indices().map(|(i, _)| i).find(|i| *i >= at.min(text.len())).unwrap_or(text.len());
                let end = text.char_indices().map(|(i, _)| i).find(|i| *i >= start + cut).unwrap_or(text.len());
                text.replace_range(start..end, &insert);
                let change = Change {
                    kind: "StatefulSet",
                    namespace: "default".into(),
                    name: "giropops".into(),
                    action: ChangeAction::Updated(vec![FieldChange {
                        path: vec![PathSegment::Key("spec".into()), PathSegment::Key("replicas".into())],
                        value: Some(Value::from(replicas)),
                    }]),
                };
                let was_ok = manifest::parse(&text).is_ok();
                let written = write_back(&text, &[change]);
                if let (true, Some(out)) = (was_ok, written.text) {
                    let parsed = manifest::parse(&out);
                    prop_assert!(parsed.is_ok(), "{}", out);
                    let set = parsed.documents.iter().find_map(|d| match &d.object {
                        crate::engine::Object::StatefulSet(s) if d.object.name() == "giropops" => Some(s),
                        _ => None,
                    });
                    let have = set.and_then(|s| s.spec.as_ref()).and_then(|s| s.replicas);
                    prop_assert_eq!(have, Some(replicas), "{}", out);
                }
            }
        }
    }
}
