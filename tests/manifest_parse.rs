//! The course example parses into the objects the course describes, and mistakes in
//! the editor text are reported at the line and column where they are.

use ordinal::engine::Object;
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::manifest::{parse, split_documents, ManifestError};

fn only_error(text: &str) -> ManifestError {
    let parsed = parse(text);
    assert_eq!(
        parsed.errors.len(),
        1,
        "expected one error, got {:?}",
        parsed.errors
    );
    parsed.errors.into_iter().next().unwrap()
}

#[test]
fn the_course_example_is_a_statefulset_and_a_headless_service() {
    let parsed = parse(COURSE_EXAMPLE);
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    assert_eq!(parsed.documents.len(), 2);

    let Object::StatefulSet(sts) = &parsed.documents[0].object else {
        panic!("first document is {:?}", parsed.documents[0].object.kind());
    };
    assert_eq!(sts.metadata.name.as_deref(), Some("giropops"));
    let spec = sts.spec.as_ref().expect("spec");
    assert_eq!(spec.replicas, Some(3));
    assert_eq!(spec.service_name.as_deref(), Some("nginx"));
    let templates = spec.volume_claim_templates.as_deref().unwrap_or_default();
    assert_eq!(templates.len(), 1);
    assert_eq!(templates[0].metadata.name.as_deref(), Some("www"));
    let storage = templates[0]
        .spec
        .as_ref()
        .unwrap()
        .resources
        .as_ref()
        .unwrap();
    assert_eq!(storage.requests.as_ref().unwrap()["storage"].0, "1Gi");
    let container = &spec.template.spec.as_ref().unwrap().containers[0];
    assert_eq!(
        (container.name.as_str(), container.image.as_deref()),
        ("nginx", Some("nginx"))
    );

    let Object::Service(svc) = &parsed.documents[1].object else {
        panic!("second document is {:?}", parsed.documents[1].object.kind());
    };
    assert_eq!(svc.metadata.name.as_deref(), Some("nginx"));
    let svc_spec = svc.spec.as_ref().unwrap();
    assert_eq!(svc_spec.cluster_ip.as_deref(), Some("None"));
    assert_eq!(svc_spec.ports.as_ref().unwrap()[0].port, 80);

    assert_eq!(parsed.documents[0].first_line, 2);
    assert_eq!(parsed.documents[1].first_line, 35);
}

#[test]
fn a_syntax_error_in_the_second_document_is_placed_in_the_whole_text() {
    // Line 40 is `  ports:`; breaking the indentation of the next key is a syntax error.
    let text = COURSE_EXAMPLE.replace(
        "  ports:\n  - port: 80",
        "  ports:\n  - port: 80\n   bad: [",
    );
    let error = only_error(&text);
    assert_eq!(error.document, 1);
    assert!(error.line > 34, "placed at {error}");
    // The statefulset before it still decodes.
    let parsed = parse(&text);
    assert_eq!(parsed.documents.len(), 1);
    assert_eq!(parsed.documents[0].object.kind(), "StatefulSet");
}

#[test]
fn an_unclosed_flow_sequence_names_both_places_in_text_coordinates() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\ndata: [1\nmetadata: {name: b}\n";
    let error = only_error(text);
    assert_eq!((error.line, error.column), (8, 9));
    assert_eq!(
        error.message,
        "did not find expected ',' or ']', while parsing a flow sequence at line 7 column 7"
    );
}

#[test]
fn a_wrong_type_points_at_the_value() {
    let text = COURSE_EXAMPLE.replace("replicas: 3", "replicas: \"three\"");
    let error = only_error(&text);
    assert_eq!((error.line, error.column), (8, 13));
    assert_eq!(
        error.message,
        "spec.replicas: invalid type: string \"three\", expected i32"
    );
    assert_eq!(
        error.to_string(),
        format!("line 8, column 13: {}", error.message)
    );
}

#[test]
fn a_tab_in_indentation_is_a_located_syntax_error() {
    let error = only_error("apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n");
    assert_eq!((error.line, error.column), (4, 1));
    assert!(
        error.message.contains("cannot start any token"),
        "{}",
        error.message
    );
}

#[test]
fn an_unknown_kind_is_reported_as_kubectl_does_at_the_kind_line() {
    let text = "# comment\napiVersion: apps/v1\nkind: StatefulSets\nmetadata:\n  name: giropops\n";
    let error = only_error(text);
    assert_eq!((error.line, error.column), (3, 1));
    assert_eq!(
        error.message,
        "resource mapping not found for name: \"giropops\": no matches for kind \"StatefulSets\" in version \"apps/v1\""
    );
}

#[test]
fn missing_api_version_and_kind_are_named() {
    let error = only_error("---\n# nothing useful\nmetadata:\n  name: x\n");
    assert_eq!((error.line, error.column), (3, 1));
    assert_eq!(
        error.message,
        "error validating data: [apiVersion not set, kind not set]"
    );
}

#[test]
fn a_document_that_is_not_a_mapping_is_refused() {
    let error = only_error("- just\n- a list\n");
    assert_eq!(error.line, 1);
    assert!(error.message.contains("must be a YAML mapping"));
}

#[test]
fn empty_documents_comments_and_directives_are_no_objects() {
    assert!(parse("").documents.is_empty() && parse("").is_ok());
    assert!(parse("# only a comment\n---\n---\n...\n").is_ok());
    let text = "%YAML 1.2\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: course\n";
    let parsed = parse(text);
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    assert_eq!(parsed.documents[0].object.name(), "course");
}

#[test]
fn documents_split_at_markers_only_at_column_zero() {
    let text = "a: 1\n---\nb: |\n  --- not a marker\n...\nc: 3\n";
    let docs = split_documents(text);
    let firsts: Vec<u32> = docs.iter().map(|d| d.first_line).collect();
    assert_eq!(firsts, [1, 2, 6]);
    assert_eq!(docs[1].text, "---\nb: |\n  --- not a marker\n");
}

#[test]
fn every_kind_the_playground_knows_decodes() {
    let pod_spec = "containers:\n- name: web\n  image: nginx\n";
    let indented = |spaces: usize| {
        pod_spec
            .lines()
            .map(|l| format!("{}{l}\n", " ".repeat(spaces)))
            .collect::<String>()
    };
    let kinds = [
        ("apps/v1", "StatefulSet", format!("spec:\n  selector:\n    matchLabels: {{app: n}}\n  template:\n    metadata:\n      labels: {{app: n}}\n    spec:\n{}", indented(6))),
        ("v1", "Service", "spec:\n  ports:\n  - port: 80\n".to_owned()),
        ("v1", "PersistentVolumeClaim", "spec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests: {storage: 1Gi}\n".to_owned()),
        ("v1", "PersistentVolume", String::new()),
        ("storage.k8s.io/v1", "StorageClass", "provisioner: x\n".to_owned()),
        ("v1", "Pod", format!("spec:\n{}", indented(2))),
        ("apps/v1", "Deployment", format!("spec:\n  selector:\n    matchLabels: {{app: n}}\n  template:\n    metadata:\n      labels: {{app: n}}\n    spec:\n{}", indented(6))),
        ("v1", "ConfigMap", String::new()),
        ("v1", "Namespace", String::new()),
    ];
    let text: String = kinds
        .iter()
        .map(|(api, kind, extra)| {
            format!("---\napiVersion: {api}\nkind: {kind}\nmetadata:\n  name: n\n{extra}")
        })
        .collect();
    let parsed = parse(&text);
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    let decoded: Vec<&str> = parsed.documents.iter().map(|d| d.object.kind()).collect();
    let expected: Vec<&str> = kinds.iter().map(|(_, k, _)| *k).collect();
    assert_eq!(decoded, expected);
}

#[test]
fn alias_bombs_are_refused_quickly() {
    // "Billion laughs": nine levels of nine-fold aliases.
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let letters = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for pair in letters.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("{next}: &{next} [{refs}]\n"));
    }
    let started = std::time::Instant::now();
    let error = only_error(&text);
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        error.message,
        "aliases in this document expand to more than 100000 values; Ordinal refuses to expand them (is it a \"billion laughs\" document?)"
    );
}

#[test]
fn anchors_and_merge_keys_are_expanded_as_kubectl_does() {
    let text = COURSE_EXAMPLE
        .replacen(
            "  name: giropops\n",
            "  name: giropops\n  labels: &labels\n    app: nginx\n",
            1,
        )
        .replacen(
            "    matchLabels:\n      app: nginx\n",
            "    matchLabels: *labels\n",
            1,
        )
        .replacen(
            "      labels:\n        app: nginx\n",
            "      labels:\n        <<: *labels\n        tier: web\n",
            1,
        );
    let parsed = parse(&text);
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    let Object::StatefulSet(sts) = &parsed.documents[0].object else {
        panic!()
    };
    let spec = sts.spec.as_ref().unwrap();
    let labels = spec
        .template
        .metadata
        .as_ref()
        .unwrap()
        .labels
        .as_ref()
        .unwrap();
    assert_eq!(labels["app"], "nginx");
    assert_eq!(labels["tier"], "web");
    assert_eq!(spec.selector.match_labels.as_ref().unwrap()["app"], "nginx");

    // A mistake in a merged document is still placed at its field.
    let wrong = text.replacen("replicas: 3", "replicas: -2", 1);
    let error = only_error(&wrong);
    assert_eq!((error.line, error.column), (10, 13));
    assert_eq!(
        error.message,
        "The StatefulSet \"giropops\" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0"
    );
}

#[test]
fn an_object_declared_again_is_warned_about_against_its_previous_declaration() {
    let service = |cluster_ip: &str| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: {cluster_ip}\n  ports:\n  - port: 80\n"
        )
    };
    let (statefulset, _) = COURSE_EXAMPLE.split_once("---\n").unwrap();
    let text = [
        statefulset.to_owned(),
        service("None"),
        statefulset.to_owned(),
        service("10.96.0.50"),
        statefulset.to_owned(),
    ]
    .join("---\n");
    let parsed = parse(&text);
    assert!(parsed.is_ok(), "{:?}", parsed.errors);
    let warnings: Vec<(u32, u32, &str)> = parsed
        .warnings
        .iter()
        .map(|w| (w.line, w.column, w.message.as_str()))
        .collect();
    let not_headless = "spec.serviceName: Service \"nginx\" is not headless (clusterIP: None)";
    let again = |kind: &str, name: &str, document: u32| {
        format!("{kind} {name:?} is also declared in document {document}; applying the text, the later declaration wins")
    };
    // The later Service (not headless) is the one every StatefulSet gets; each
    // declaration names the one before it.
    assert_eq!(
        warnings,
        [
            (7, 16, not_headless),
            (48, 9, &again("StatefulSet", "giropops", 1)),
            (50, 16, not_headless),
            (81, 9, &again("Service", "nginx", 2)),
            (91, 9, &again("StatefulSet", "giropops", 3)),
            (93, 16, not_headless),
        ]
    );
}
