//! The bad-input corpus: every kind of mistake a student can type, each with the
//! exact message (kubectl's or the API server's words) and the line:column where
//! the editor marks it.

use ordinal::engine::Cluster;
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::kubectl::sync::{EditorSync, Outcome};
use ordinal::manifest::{parse, ManifestError};

/// One bad input and what must be said about it.
struct Case {
    name: &'static str,
    text: String,
    line: u32,
    column: u32,
    message: String,
    hint: Option<String>,
}

fn case(name: &'static str, text: impl Into<String>) -> Case {
    Case {
        name,
        text: text.into(),
        line: 0,
        column: 0,
        message: String::new(),
        hint: None,
    }
}

impl Case {
    fn at(mut self, line: u32, column: u32, message: &str) -> Case {
        self.line = line;
        self.column = column;
        self.message = message.to_owned();
        self
    }
    fn hint(mut self, hint: &str) -> Case {
        self.hint = Some(hint.to_owned());
        self
    }
}

/// The course example with one replacement (which must apply).
fn course(from: &str, to: &str) -> String {
    assert!(
        COURSE_EXAMPLE.contains(from),
        "{from:?} is not in the course example"
    );
    COURSE_EXAMPLE.replacen(from, to, 1)
}

/// A small Service around a `spec` body.
fn service(spec: &str) -> String {
    format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n{spec}")
}

/// A Pod around a container list.
fn pod(containers: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n{containers}")
}

/// A PersistentVolumeClaim around a `spec` body.
fn claim(spec: &str) -> String {
    format!("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n{spec}")
}

const INVALID_STS: &str = "The StatefulSet \"giropops\" is invalid: ";
const LABEL_RULE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

fn errors() -> Vec<Case> {
    let mut billion = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, next) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        billion.push_str(&format!(
            "{next}: &{next} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    let mut quadratic = String::from("big: &big [");
    quadratic.push_str(&vec!["x"; 2000].join(", "));
    quadratic.push_str("]\nmany: [");
    quadratic.push_str(&vec!["*big"; 100].join(", "));
    quadratic.push_str("]\n");
    let huge = format!("{COURSE_EXAMPLE}# {}\n", "x".repeat(1 << 20));

    vec![
        // YAML syntax.
        case("an unclosed flow sequence", course("replicas: 3", "replicas: [3"))
            .at(9, 11, "did not find expected ',' or ']', while parsing a flow sequence at line 8 column 13"),
        case("a tab in the indentation", "apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n")
            .at(4, 1, "found character that cannot start any token, while scanning for the next token"),
        case("a key indented too far", course("  name: giropops", "  name: giropops\n   labels: x"))
            .at(6, 10, "mapping values are not allowed in this context"),
        case("an unclosed quote", course("serviceName: \"nginx\"", "serviceName: \"nginx"))
            .at(30, 23, "did not find expected key, while parsing a block mapping at line 7 column 3"),
        case("a key written twice", course("  replicas: 3", "  replicas: 3\n  replicas: 4"))
            .at(9, 3, "mapping key \"replicas\" already defined at line 8"),
        case("a document that is a list", "- a\n- b\n")
            .at(1, 1, "a Kubernetes object must be a YAML mapping (key: value pairs)"),
        case("no apiVersion and no kind", "metadata:\n  name: x\n")
            .at(1, 1, "error validating data: [apiVersion not set, kind not set]"),
        case("a full-width colon", course("replicas: 3", "replicas： 3"))
            .at(9, 3, "could not find expected ':', while scanning a simple key at line 8 column 3"),
        // Wrong types.
        case("replicas as a word", course("replicas: 3", "replicas: \"three\""))
            .at(8, 13, "spec.replicas: invalid type: string \"three\", expected i32"),
        case("replicas as a fraction", course("replicas: 3", "replicas: 3.5"))
            .at(8, 13, "spec.replicas: invalid type: floating point `3.5`, expected i32"),
        case("replicas past a 32-bit integer", course("replicas: 3", "replicas: 99999999999"))
            .at(8, 13, "spec.replicas: invalid value: integer `99999999999`, expected i32"),
        case("containers as a mapping", course("      containers:\n      - name: nginx\n        image: nginx\n", "      containers:\n        name: nginx\n        image: nginx\n"))
            .at(17, 7, "spec.template.spec.containers: invalid type: map, expected a sequence"),
        case("a container port in quotes", course("containerPort: 80", "containerPort: \"80\""))
            .at(21, 26, "spec.template.spec.containers[0].ports[0].containerPort: invalid type: string \"80\", expected i32"),
        case("labels as a list", course("    app: nginx\nspec:\n  ports", "    - app\nspec:\n  ports"))
            .at(39, 3, "metadata.labels: invalid type: sequence, expected a map"),
        // Unknown fields, as strict field validation reports them.
        case("spec.replica", course("replicas: 3", "replica: 3"))
            .at(8, 3, "strict decoding error: unknown field \"spec.replica\"")
            .hint("did you mean `replicas`?"),
        case("a misspelt container image", course("image: nginx", "imagen: nginx"))
            .at(19, 9, "strict decoding error: unknown field \"spec.template.spec.containers[0].imagen\"")
            .hint("did you mean `image`?"),
        case("serviceName in lower case", course("serviceName:", "servicename:"))
            .at(7, 3, "strict decoding error: unknown field \"spec.servicename\"")
            .hint("did you mean `serviceName`?"),
        case("a misspelt metadata name", course("  name: giropops", "  nmae: giropops"))
            .at(5, 3, "strict decoding error: unknown field \"metadata.nmae\"")
            .hint("did you mean `name`?"),
        case("an unknown field with no near name", course("replicas: 3", "replicas: 3\n  color: blue"))
            .at(9, 3, "strict decoding error: unknown field \"spec.color\""),
        // Kinds the API server does not serve.
        case("a plural kind", course("kind: StatefulSet", "kind: StatefulSets"))
            .at(3, 1, "resource mapping not found for name: \"giropops\": no matches for kind \"StatefulSets\" in version \"apps/v1\"")
            .hint("did you mean `kind: StatefulSet` (apiVersion `apps/v1`)?"),
        case("a StatefulSet in the core group", course("apiVersion: apps/v1", "apiVersion: v1"))
            .at(3, 1, "resource mapping not found for name: \"giropops\": no matches for kind \"StatefulSet\" in version \"v1\"")
            .hint("`StatefulSet` is served at apiVersion `apps/v1`"),
        // Missing required fields.
        case("a StatefulSet without a selector", course("  selector:\n    matchLabels:\n      app: nginx\n", ""))
            .at(6, 1, "The StatefulSet \"giropops\" is invalid: spec.selector: Required value"),
        case("a Service port without its number", course("  - port: 80\n    name: web", "  - name: web"))
            .at(43, 5, "The Service \"nginx\" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"),
        case("a StorageClass without a provisioner", "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n")
            .at(1, 1, "The StorageClass \"fast\" is invalid: provisioner: Required value"),
        // Validation in the API server's words.
        case("a name with capitals", course("name: giropops", "name: Giropops"))
            .at(5, 9, &format!("The StatefulSet \"Giropops\" is invalid: metadata.name: Invalid value: \"Giropops\": {LABEL_RULE}")),
        case("a StatefulSet name with a dot", course("name: giropops", "name: giro.pops"))
            .at(5, 9, &format!("The StatefulSet \"giro.pops\" is invalid: metadata.name: Invalid value: \"giro.pops\": {LABEL_RULE}")),
        case("a Service name starting with a digit", course("  name: nginx\n  labels", "  name: 1nginx\n  labels"))
            .at(38, 9, "The Service \"1nginx\" is invalid: metadata.name: Invalid value: \"1nginx\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
        case("a selector that does not match the template", course("    matchLabels:\n      app: nginx", "    matchLabels:\n      app: web"))
            .at(14, 7, &format!("{INVALID_STS}spec.template.metadata.labels: Invalid value: {{\"app\":\"nginx\"}}: `selector` does not match template `labels`")),
        case("an empty selector", course("  selector:\n    matchLabels:\n      app: nginx\n", "  selector: {}\n"))
            .at(9, 13, &format!("{INVALID_STS}spec.selector: Invalid value: {{}}: empty selector is invalid for statefulset")),
        case("negative replicas", course("replicas: 3", "replicas: -1"))
            .at(8, 13, &format!("{INVALID_STS}spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
        case("an unknown pod management policy", course("  replicas: 3", "  replicas: 3\n  podManagementPolicy: Sequential"))
            .at(9, 24, &format!("{INVALID_STS}spec.podManagementPolicy: Invalid value: \"Sequential\": must be 'OrderedReady' or 'Parallel'")),
        case("an unknown update strategy", course("  replicas: 3", "  replicas: 3\n  updateStrategy:\n    type: Rolling"))
            .at(9, 3, &format!("{INVALID_STS}spec.updateStrategy: Invalid value: {{\"type\":\"Rolling\"}}: must be 'RollingUpdate' or 'OnDelete'")),
        case("OnDelete with a rollingUpdate block", course("  replicas: 3", "  replicas: 3\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 1"))
            .at(11, 5, &format!("{INVALID_STS}spec.updateStrategy.rollingUpdate: Invalid value: {{\"partition\":1}}: only allowed for updateStrategy 'RollingUpdate'")),
        case("a retention policy of Keep", course("  replicas: 3", "  replicas: 3\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Keep"))
            .at(10, 17, &format!("{INVALID_STS}spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\"")),
        case("negative minReadySeconds", course("  replicas: 3", "  replicas: 3\n  minReadySeconds: -5"))
            .at(9, 20, &format!("{INVALID_STS}spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0")),
        case("a negative start ordinal", course("  replicas: 3", "  replicas: 3\n  ordinals:\n    start: -1"))
            .at(10, 12, &format!("{INVALID_STS}spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0")),
        case("a StatefulSet pod that never restarts", course("    spec:\n      containers:", "    spec:\n      restartPolicy: Never\n      containers:"))
            .at(17, 22, &format!("{INVALID_STS}spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"")),
        case("two containers with one name in a Pod", pod("  - name: web\n    image: nginx\n  - name: web\n    image: busybox\n"))
            .at(9, 11, "The Pod \"web\" is invalid: spec.containers[1].name: Duplicate value: \"web\""),
        case("two container ports with one name", pod("  - name: web\n    image: nginx\n    ports:\n    - containerPort: 80\n      name: http\n    - containerPort: 8080\n      name: http\n"))
            .at(13, 13, "The Pod \"web\" is invalid: spec.containers[0].ports[1].name: Duplicate value: \"http\""),
        case("a container port past 65535", pod("  - name: web\n    image: nginx\n    ports:\n    - containerPort: 70000\n"))
            .at(10, 22, "The Pod \"web\" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
        case("a Service port of 0", service("  ports:\n  - port: 0\n"))
            .at(7, 11, "The Service \"web\" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"),
        case("a headless NodePort Service", service("  type: NodePort\n  clusterIP: None\n  ports:\n  - port: 80\n"))
            .at(7, 14, "The Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"),
        case("a node port outside the range", service("  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 80\n"))
            .at(9, 15, "The Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"),
        case("a node port on a ClusterIP Service", service("  ports:\n  - port: 80\n    nodePort: 30080\n"))
            .at(8, 15, "The Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"),
        case("two Service ports without names", service("  ports:\n  - port: 80\n  - port: 443\n"))
            .at(7, 5, "The Service \"web\" is invalid: spec.ports[0].name: Required value"),
        case("two Service ports with one name", service("  ports:\n  - port: 80\n    name: web\n  - port: 443\n    name: web\n"))
            .at(10, 11, "The Service \"web\" is invalid: spec.ports[1].name: Duplicate value: \"web\""),
        case("a Service type that does not exist", service("  type: Headless\n  ports:\n  - port: 80\n"))
            .at(6, 9, "The Service \"web\" is invalid: spec.type: Unsupported value: \"Headless\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""),
        case("a claim without a storage request", claim("  accessModes: [ReadWriteOnce]\n"))
            .at(5, 1, "The PersistentVolumeClaim \"data\" is invalid: spec.resources[storage]: Required value"),
        case("a claim with an unknown access mode", claim("  accessModes: [ReadWriteSometimes]\n  resources:\n    requests:\n      storage: 1Gi\n"))
            .at(6, 16, "The PersistentVolumeClaim \"data\" is invalid: spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""),
        case("a label value with a space", course("    app: nginx\nspec:\n  ports", "    app: my nginx\nspec:\n  ports"))
            .at(39, 3, "The Service \"nginx\" is invalid: metadata.labels: Invalid value: \"my nginx\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
        case("a ConfigMap key with a space", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  my key: x\n")
            .at(6, 11, "The ConfigMap \"settings\" is invalid: data[my key]: Invalid value: \"my key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
        // Bounds.
        case("a hundred million replicas", course("replicas: 3", "replicas: 100000000"))
            .at(8, 13, &format!("{INVALID_STS}spec.replicas: Invalid value: 100000000: must be less than or equal to 1000 in this playground (every pod is simulated in your browser)")),
        case("a billion laughs", billion)
            .at(6, 8, "aliases in this document expand to more than 100000 values; Ordinal refuses to expand them (is it a \"billion laughs\" document?)"),
        case("one big anchor aliased a hundred times", quadratic)
            .at(2, 308, "aliases in this document expand to more than 100000 values; Ordinal refuses to expand them (is it a \"billion laughs\" document?)"),
        case("a text over 1 MiB", huge)
            .at(1, 1, "the manifest is 1049401 bytes long; Ordinal reads manifests of at most 1048576 bytes (1 MiB)"),
        // Odd encodings.
        case("a byte order mark before a mistake", format!("\u{feff}{}", course("replicas: 3", "replicas: -1")))
            .at(8, 13, &format!("{INVALID_STS}spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
        case("Windows line endings", course("replicas: 3", "replica: 3").replace('\n', "\r\n"))
            .at(8, 3, "strict decoding error: unknown field \"spec.replica\"")
            .hint("did you mean `replicas`?"),
        case("a zero-width space in a name", course("name: giropops", "name: giro\u{200b}pops"))
            .at(5, 9, &format!("The StatefulSet \"giro\\u200bpops\" is invalid: metadata.name: Invalid value: \"giro\\u200bpops\": {LABEL_RULE}")),
    ]
}

fn describe(error: &ManifestError) -> String {
    format!(
        "{}:{} {:?} hint={:?}",
        error.line, error.column, error.message, error.hint
    )
}

#[test]
fn every_bad_input_gets_its_exact_message_at_its_place() {
    let cases = errors();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let parsed = parse(&case.text);
        let Some(first) = parsed.errors.first() else {
            wrong.push(format!("{}: no error", case.name));
            continue;
        };
        let expected = format!(
            "{}:{} {:?} hint={:?}",
            case.line, case.column, case.message, case.hint
        );
        if describe(first) != expected {
            wrong.push(format!(
                "{}:\n  expected {expected}\n  got      {}",
                case.name,
                describe(first)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_billion_laughs_is_refused_in_well_under_a_second() {
    let case = errors()
        .into_iter()
        .find(|c| c.name == "a billion laughs")
        .unwrap();
    let started = std::time::Instant::now();
    let parsed = parse(&case.text);
    // A generous bound for a debug build on a shared machine: expansion would take
    // hours and gigabytes; the refusal takes microseconds.
    assert!(
        started.elapsed().as_secs() < 2,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(parsed.errors.len(), 1);
}

/// Things a real cluster accepts that will not work as the student expects.
fn warnings() -> Vec<Case> {
    vec![
        case("a claim template without a storage request", course("      resources:\n        requests:\n          storage: 1Gi\n", ""))
            .at(29, 5, "spec.volumeClaimTemplates[0].spec.resources[storage]: Required value")
            .hint("the API server accepts this StatefulSet, but every PersistentVolumeClaim made from this template will be refused with this error, so its pods never start"),
        case("a serviceName that names no Service", &COURSE_EXAMPLE[..COURSE_EXAMPLE.find("---").unwrap()])
            .at(7, 16, "spec.serviceName: no Service \"nginx\" is declared in namespace \"default\"")
            .hint("the StatefulSet is accepted, but its pods' DNS names (like giropops-0.nginx.default.svc.cluster.local) will not resolve until a headless Service \"nginx\" exists"),
        case("a serviceName naming a Service that is not headless", course("  clusterIP: None\n", ""))
            .at(7, 16, "spec.serviceName: Service \"nginx\" is not headless (clusterIP: None)")
            .hint("the Service's name resolves to its virtual IP; per-pod names like giropops-0.nginx.default.svc.cluster.local only resolve through a headless Service"),
        case("a container without a name", course("      - name: nginx\n        image: nginx", "      - image: nginx"))
            .at(18, 9, "spec.template.spec.containers[0].name: Required value")
            .hint("the API server accepts this StatefulSet, but every Pod made from its template will be refused with this error"),
        case("accents in a container name", course("- name: nginx\n        image", "- name: ação\n        image"))
            .at(18, 15, &format!("spec.template.spec.containers[0].name: Invalid value: \"ação\": {LABEL_RULE}"))
            .hint("the API server accepts this StatefulSet, but every Pod made from its template will be refused with this error"),
        case("two containers with one name in a StatefulSet", course("        volumeMounts:", "      - name: nginx\n        image: busybox\n        volumeMounts:"))
            .at(23, 15, "spec.template.spec.containers[1].name: Duplicate value: \"nginx\"")
            .hint("the API server accepts this StatefulSet, but every Pod made from its template will be refused with this error"),
    ]
}

#[test]
fn warnings_are_located_and_keep_the_text_usable() {
    let mut wrong = Vec::new();
    for case in warnings() {
        let parsed = parse(&case.text);
        if !parsed.is_ok() {
            wrong.push(format!("{}: errors {:?}", case.name, parsed.errors));
            continue;
        }
        let expected = format!(
            "{}:{} {:?} hint={:?}",
            case.line, case.column, case.message, case.hint
        );
        match parsed.warnings.first() {
            Some(first) if describe(first) == expected => {}
            other => wrong.push(format!(
                "{}:\n  expected {expected}\n  got      {}",
                case.name,
                other.map(describe).unwrap_or_default()
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Edits of a live object that the API server refuses: (name, edit, line, column, message).
#[test]
fn immutable_updates_are_refused_where_the_field_is_and_keep_the_live_object() {
    const FORBIDDEN: &str = "The StatefulSet \"giropops\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    let cases = [
        ("serviceName", course("serviceName: \"nginx\"", "serviceName: \"web\""), 6, 1, FORBIDDEN),
        ("a claim template's size", course("storage: 1Gi", "storage: 2Gi"), 6, 1, FORBIDDEN),
        ("the pod management policy", course("  replicas: 3", "  replicas: 3\n  podManagementPolicy: Parallel"), 6, 1, FORBIDDEN),
        ("the selector", course("      app: nginx\n  template", "      app: nginx\n      tier: web\n  template").replace("        app: nginx\n    spec", "        app: nginx\n        tier: web\n    spec"), 6, 1, FORBIDDEN),
        ("a headless Service given an address", course("  clusterIP: None", "  clusterIP: 10.96.5.5"), 45, 14, "The Service \"nginx\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.5.5\"]: may not change once set"),
    ];
    let mut wrong = Vec::new();
    for (name, edited, line, column, message) in cases {
        let mut cluster = Cluster::new(1);
        let mut sync = EditorSync::new();
        assert!(sync.sync(&mut cluster, COURSE_EXAMPLE).is_ok());
        let before = cluster
            .store()
            .iter()
            .filter(|(_, s)| s.applied.is_some())
            .map(|(k, s)| (k.clone(), s.applied.clone()))
            .collect::<Vec<_>>();
        let report = sync.sync(&mut cluster, &edited);
        let rejected: Vec<&ManifestError> = report
            .objects
            .iter()
            .filter_map(|o| match &o.outcome {
                Outcome::Rejected(errors) => errors.first(),
                _ => None,
            })
            .collect();
        let got = rejected.first().map(|e| describe(e)).unwrap_or_default();
        let expected = format!("{line}:{column} {message:?} hint=None");
        if got != expected {
            wrong.push(format!("{name}:\n  expected {expected}\n  got      {got}"));
        }
        let after = cluster
            .store()
            .iter()
            .filter(|(_, s)| s.applied.is_some())
            .map(|(k, s)| (k.clone(), s.applied.clone()))
            .collect::<Vec<_>>();
        if before != after {
            wrong.push(format!("{name}: the live objects changed"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
