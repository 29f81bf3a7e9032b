//! Every field keeps its place in the text: lookups by field path, and changes
//! written back into the editor text at that place, leaving every other byte as it was.

use ordinal::examples::COURSE_EXAMPLE;
use ordinal::manifest::edit::yaml_value;
use ordinal::manifest::{parse, set_field, EditError, NodeKind, Position};

fn value_text<'t>(text: &'t str, document: usize, path: &str) -> &'t str {
    let parsed = parse(text);
    let doc = parsed
        .documents
        .iter()
        .find(|d| d.index == document)
        .expect("document");
    let span = doc
        .span(path)
        .unwrap_or_else(|| panic!("no span for {path}"));
    &text[span.value_bytes.start..span.value_bytes.end]
}

#[test]
fn field_paths_find_their_line_column_and_bytes() {
    let parsed = parse(COURSE_EXAMPLE);
    let sts = &parsed.documents[0];
    let replicas = sts.span("spec.replicas").unwrap();
    assert_eq!(
        replicas.value,
        Position {
            line: 8,
            column: 13
        }
    );
    assert_eq!(replicas.key, Some(Position { line: 8, column: 3 }));
    assert_eq!(value_text(COURSE_EXAMPLE, 0, "spec.replicas"), "3");

    let port = sts
        .span("spec.template.spec.containers[0].ports[0].containerPort")
        .unwrap();
    assert_eq!(
        port.value,
        Position {
            line: 21,
            column: 26
        }
    );
    assert_eq!(
        value_text(
            COURSE_EXAMPLE,
            0,
            "spec.volumeClaimTemplates[0].spec.resources.requests.storage"
        ),
        "1Gi"
    );
    assert_eq!(
        value_text(COURSE_EXAMPLE, 0, "spec.serviceName"),
        "\"nginx\""
    );
    assert_eq!(
        sts.span("spec.template").unwrap().kind,
        NodeKind::BlockMapping
    );
    assert_eq!(
        sts.span("spec.volumeClaimTemplates[0].spec.accessModes")
            .unwrap()
            .kind,
        NodeKind::FlowSequence
    );

    // The second document's spans are in the whole text's coordinates too.
    let svc = &parsed.documents[1];
    assert_eq!(
        svc.span("spec.clusterIP").unwrap().value,
        Position {
            line: 45,
            column: 14
        }
    );
    assert_eq!(
        value_text(COURSE_EXAMPLE, 1, "metadata.labels[app]"),
        "nginx"
    );
    // A field that is not written is placed at its nearest written ancestor.
    assert_eq!(
        svc.position("spec.type"),
        Position {
            line: 41,
            column: 1
        }
    );
}

#[test]
fn a_list_item_is_found_under_its_place_in_items() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n  data:\n    mode: demo\n";
    let parsed = parse(text);
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    let names: Vec<(Option<usize>, &str)> = parsed
        .documents
        .iter()
        .map(|d| (d.item, d.object.name()))
        .collect();
    assert_eq!(names, [(Some(0), "a"), (Some(1), "b")]);
    let b = &parsed.documents[1];
    assert_eq!(
        b.span("data.mode").unwrap().value,
        Position {
            line: 13,
            column: 11
        }
    );
}

#[test]
fn scaling_writes_the_new_value_and_keeps_every_other_byte() {
    let edited = set_field(COURSE_EXAMPLE, 0, "spec.replicas", &yaml_value(&5)).unwrap();
    assert_eq!(
        edited,
        COURSE_EXAMPLE.replacen("replicas: 3", "replicas: 5", 1)
    );
    let sts = &parse(&edited).documents[0];
    let ordinal::engine::Object::StatefulSet(sts) = &sts.object else {
        panic!()
    };
    assert_eq!(sts.spec.as_ref().unwrap().replicas, Some(5));
}

#[test]
fn a_quoted_value_and_a_commented_line_keep_their_surroundings() {
    let text = "apiVersion: apps/v1 # grupo apps\nkind: StatefulSet\nmetadata:\n  name: giropops   # o nome\nspec:\n  serviceName: \"nginx\"\n";
    let edited = set_field(text, 0, "metadata.name", "web").unwrap();
    assert_eq!(
        edited,
        text.replace("name: giropops   # o nome", "name: web   # o nome")
    );
    let edited = set_field(text, 0, "spec.serviceName", &yaml_value(&"web")).unwrap();
    assert_eq!(edited, text.replace("\"nginx\"", "web"));
}

#[test]
fn a_missing_field_is_added_as_the_first_key_of_its_parent() {
    let without = COURSE_EXAMPLE.replacen("  replicas: 3\n", "", 1);
    let edited = set_field(&without, 0, "spec.replicas", "5").unwrap();
    assert_eq!(
        edited,
        without.replacen(
            "spec:\n  serviceName",
            "spec:\n  replicas: 5\n  serviceName",
            1
        )
    );
}

#[test]
fn missing_parents_are_added_with_the_siblings_indentation() {
    let edited = set_field(COURSE_EXAMPLE, 0, "metadata.labels.tier", "web").unwrap();
    assert_eq!(
        edited,
        COURSE_EXAMPLE.replacen(
            "metadata:\n  name: giropops",
            "metadata:\n  labels:\n    tier: web\n  name: giropops",
            1
        )
    );
    // A key inside a `- name: nginx` item lines up with the item's other keys.
    let edited = set_field(
        COURSE_EXAMPLE,
        0,
        "spec.template.spec.containers[0].imagePullPolicy",
        "IfNotPresent",
    )
    .unwrap();
    assert_eq!(
        edited,
        COURSE_EXAMPLE.replacen(
            "      - name: nginx\n        image: nginx\n",
            "      - name: nginx\n        imagePullPolicy: IfNotPresent\n        image: nginx\n",
            1
        )
    );
    assert!(parse(&edited).is_ok());
}

#[test]
fn windows_line_endings_stay_windows_line_endings() {
    let crlf = COURSE_EXAMPLE.replace('\n', "\r\n");
    let without = crlf.replacen("  replicas: 3\r\n", "", 1);
    let edited = set_field(&without, 0, "spec.replicas", "2").unwrap();
    assert_eq!(
        edited,
        without.replacen(
            "spec:\r\n  serviceName",
            "spec:\r\n  replicas: 2\r\n  serviceName",
            1
        )
    );
    let edited = set_field(&crlf, 1, "spec.ports[0].port", "8080").unwrap();
    assert_eq!(edited, crlf.replacen("- port: 80", "- port: 8080", 1));
}

#[test]
fn what_cannot_be_written_in_place_says_why() {
    assert_eq!(
        set_field(COURSE_EXAMPLE, 0, "spec.template", "{}"),
        Err(EditError::NotInline {
            path: "spec.template".to_owned()
        })
    );
    assert_eq!(
        set_field(COURSE_EXAMPLE, 5, "spec.replicas", "1"),
        Err(EditError::NoSuchDocument { document: 5 })
    );
    let broken = COURSE_EXAMPLE.replacen("replicas: 3", "replicas: [3", 1);
    assert!(matches!(
        set_field(&broken, 0, "spec.replicas", "1"),
        Err(EditError::Unreadable { .. })
    ));
    let flow = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
    assert!(matches!(
        set_field(flow, 0, "metadata.namespace", "course"),
        Err(EditError::CannotInsert { .. })
    ));
    assert!(matches!(
        set_field(
            COURSE_EXAMPLE,
            0,
            "spec.template.spec.containers[3].name",
            "x"
        ),
        Err(EditError::CannotInsert { .. })
    ));
    // A value that would not read back as written is refused, the text untouched.
    assert!(matches!(
        set_field(COURSE_EXAMPLE, 0, "spec.replicas", "3 # five"),
        Err(EditError::WouldBreak { .. })
    ));
}

#[test]
fn values_are_quoted_only_when_yaml_needs_it() {
    assert_eq!(yaml_value(&5), "5");
    assert_eq!(yaml_value(&"nginx:1.27"), "nginx:1.27");
    assert_eq!(yaml_value(&"007"), "'007'");
    assert_eq!(yaml_value(&"true"), "'true'");
}
