//! The simulated API server's validation: the rules `pkg/apis/*/validation` apply to
//! an object on its way in, each failure a field error in the server's own words.
//!
//! `Cluster::apply` enforces [`validate`], so the editor, the CLI and imperative
//! commands meet the same rules; the manifest layer places the same errors at a line
//! and column through the field path they name. It reads objects only, never the store.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{
    ConfigMap, Container, PersistentVolumeClaim, PersistentVolumeClaimSpec, PodSpec, Service,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::labels::selector_matches;
use super::{EngineError, Object, Result};

/// The most replicas one StatefulSet or Deployment may ask for in the playground.
///
/// Every pod is simulated in the student's browser: at 1,000 pods a full reconcile
/// pass takes about 18 ms natively (several times that in wasm) and a Parallel
/// 0→1,000 scale settles in about 1.4 s, which the page still bears. Ten times more
/// would freeze the tab for seconds on every change, so the API server refuses it.
pub const MAX_REPLICAS: i32 = 1000;

/// The node port range the simulated API server accepts (`--service-node-port-range`).
const NODE_PORTS: std::ops::RangeInclusive<i32> = 30000..=32767;

/// Why a field is wrong: `field.ErrorType` of the API machinery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    /// `Not found`: a reference to something that does not exist.
    NotFound,
    /// `Required value`: a field that must be set is missing or empty.
    Required,
    /// `Duplicate value`: a value that must be unique is repeated.
    Duplicate,
    /// `Invalid value`: a malformed or out-of-range value.
    Invalid,
    /// `Unsupported value`: a value outside an enumeration.
    NotSupported,
    /// `Forbidden`: a value not allowed in this situation.
    Forbidden,
}

impl ErrorType {
    fn words(self) -> &'static str {
        match self {
            ErrorType::NotFound => "Not found",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
        }
    }
}

/// One field-level validation failure, as `field.Error` prints it:
/// `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field path, e.g. `spec.template.spec.containers[0].name`.
    pub path: String,
    pub error_type: ErrorType,
    /// The offending value as the server prints it (`-1`, `"Nginx"`, `{"app":"web"}`),
    /// for the error types that show one.
    pub value: Option<String>,
    /// What the rule says, possibly empty.
    pub detail: String,
}

impl FieldError {
    /// `Required value` at `path`.
    pub fn required(path: &str, detail: &str) -> FieldError {
        FieldError::new(path, ErrorType::Required, None, detail)
    }

    /// `Invalid value: <value>: <detail>` at `path`.
    pub fn invalid(path: &str, value: String, detail: &str) -> FieldError {
        FieldError::new(path, ErrorType::Invalid, Some(value), detail)
    }

    /// `Duplicate value: <value>` at `path`.
    pub fn duplicate(path: &str, value: String) -> FieldError {
        FieldError::new(path, ErrorType::Duplicate, Some(value), "")
    }

    /// `Not found: <value>` at `path`.
    pub fn not_found(path: &str, value: String) -> FieldError {
        FieldError::new(path, ErrorType::NotFound, Some(value), "")
    }

    /// `Unsupported value: "x": supported values: "a", "b"` at `path`.
    pub fn not_supported(path: &str, value: &str, supported: &[&str]) -> FieldError {
        let list: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
        FieldError::new(
            path,
            ErrorType::NotSupported,
            Some(go_quote(value)),
            &format!("supported values: {}", list.join(", ")),
        )
    }

    /// `Forbidden: <detail>` at `path`.
    pub fn forbidden(path: &str, detail: &str) -> FieldError {
        FieldError::new(path, ErrorType::Forbidden, None, detail)
    }

    fn new(path: &str, error_type: ErrorType, value: Option<String>, detail: &str) -> FieldError {
        FieldError {
            path: path.to_owned(),
            error_type,
            value,
            detail: detail.to_owned(),
        }
    }

    /// The message without the field path (`ErrorBody` upstream).
    pub fn body(&self) -> String {
        let mut body = self.error_type.words().to_owned();
        if let Some(value) = &self.value {
            body.push_str(": ");
            body.push_str(value);
        }
        if !self.detail.is_empty() {
            body.push_str(": ");
            body.push_str(&self.detail);
        }
        body
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.body())
    }
}

/// A string as Go's `%q` prints it (how the server shows string values).
pub fn go_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{feff}') =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A structured value as the 1.34 server prints it: JSON.
fn json<T: serde::Serialize>(value: &T) -> String {
    // Through a JSON value, the app's one serialization path for Kubernetes types.
    serde_json::to_value(value).map_or_else(|_| "null".to_owned(), |value| value.to_string())
}

/// The message kubectl shows for a refused object: one error inline, several as a list.
pub fn invalid_message(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let head = format!("The {kind} {} is invalid: ", go_quote(name));
    match errors {
        [one] => format!("{head}{one}"),
        many => {
            let lines: Vec<String> = many.iter().map(|e| format!("* {e}")).collect();
            format!("{}\n{}", head.trim_end(), lines.join("\n"))
        }
    }
}

/// Refuse `object` with [`EngineError::Invalid`] when [`validate_within`] finds
/// anything, with `max_replicas` as the cluster's replica limit.
pub fn check(object: &Object, max_replicas: i32) -> Result<()> {
    let errors = validate_within(object, max_replicas);
    if errors.is_empty() {
        return Ok(());
    }
    Err(EngineError::Invalid {
        message: invalid_message(object.kind(), object.name(), &errors),
    })
}

/// Every rule the API server checks on a create or an update of `object` alone, with
/// the playground's replica limit ([`MAX_REPLICAS`]).
pub fn validate(object: &Object) -> Vec<FieldError> {
    validate_within(object, MAX_REPLICAS)
}

/// Every rule the API server checks on a create or an update of `object` alone, in a
/// cluster that accepts at most `max_replicas` replicas per workload.
pub fn validate_within(object: &Object, max_replicas: i32) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match object {
        Object::StatefulSet(sts) => statefulset(sts, max_replicas, &mut errors),
        Object::Deployment(deployment) => self::deployment(deployment, max_replicas, &mut errors),
        Object::Service(service) => self::service(service, &mut errors),
        Object::Pod(pod) => {
            metadata(&pod.metadata, Name::Subdomain, &mut errors);
            match &pod.spec {
                Some(spec) => pod_spec(spec, "spec", &BTreeSet::new(), &mut errors),
                None => errors.push(FieldError::required("spec.containers", "")),
            }
        }
        Object::PersistentVolumeClaim(claim) => {
            metadata(&claim.metadata, Name::Subdomain, &mut errors);
            claim_spec(claim.spec.as_ref(), "spec", &mut errors);
        }
        Object::Namespace(namespace) => metadata(&namespace.metadata, Name::Label, &mut errors),
        Object::ServiceAccount(account) => {
            metadata(&account.metadata, Name::Subdomain, &mut errors)
        }
        Object::ConfigMap(config) => config_map(config, &mut errors),
        Object::StorageClass(class) => storage_class(class, &mut errors),
        Object::PersistentVolume(volume) => {
            metadata(&volume.metadata, Name::Subdomain, &mut errors)
        }
        Object::ReplicaSet(set) => {
            metadata(&set.metadata, Name::Subdomain, &mut errors);
            if let Some(spec) = set.spec.as_ref() {
                replicas(spec.replicas, max_replicas, &mut errors);
            }
        }
        Object::Node(_) | Object::ControllerRevision(_) | Object::EndpointSlice(_) => {}
    }
    errors
}

/// What the API server accepts in a StatefulSet but fails later, when the controller
/// creates its pods and claims: upstream validates neither the pod template nor the
/// `volumeClaimTemplates` of a StatefulSet (kubernetes#81147, #132211), so the set is
/// created and every pod or claim made from it is refused with a `FailedCreate` event.
/// Paths are the StatefulSet's; the messages are what the pod or claim would get.
pub fn statefulset_deferred_errors(sts: &StatefulSet) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let Some(spec) = sts.spec.as_ref() else {
        return errors;
    };
    let claims: BTreeSet<String> = spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|c| c.metadata.name.clone())
        .collect();
    if let Some(pod) = spec.template.spec.as_ref() {
        pod_spec(pod, "spec.template.spec", &claims, &mut errors);
    } else {
        errors.push(FieldError::required("spec.template.spec.containers", ""));
    }
    for (i, claim) in spec.volume_claim_templates.iter().flatten().enumerate() {
        let path = format!("spec.volumeClaimTemplates[{i}]");
        match claim.metadata.name.as_deref() {
            None | Some("") => errors.push(FieldError::required(
                &format!("{path}.metadata.name"),
                "name or generateName is required",
            )),
            Some(name) => {
                if let Some(message) = dns_label_problem(name) {
                    errors.push(FieldError::invalid(
                        &format!("{path}.metadata.name"),
                        go_quote(name),
                        &message,
                    ));
                }
            }
        }
        claim_spec(claim.spec.as_ref(), &format!("{path}.spec"), &mut errors);
    }
    errors
}

/// Which naming rule a kind's `metadata.name` follows.
#[derive(Clone, Copy)]
enum Name {
    /// RFC 1123 label (StatefulSets, Namespaces): pods and DNS names are built from it.
    Label,
    /// RFC 1123 subdomain (most kinds).
    Subdomain,
    /// RFC 1035 label (Services: the name becomes a DNS label that must start with a letter).
    Dns1035,
}

fn metadata(meta: &ObjectMeta, rule: Name, errors: &mut Vec<FieldError>) {
    match meta.name.as_deref() {
        None | Some("") if meta.generate_name.as_deref().unwrap_or("").is_empty() => errors.push(
            FieldError::required("metadata.name", "name or generateName is required"),
        ),
        None | Some("") => {}
        Some(name) => {
            let problems = match rule {
                Name::Label => dns_label_problem(name),
                Name::Subdomain => dns_subdomain_problem(name),
                Name::Dns1035 => dns1035_problem(name),
            };
            if let Some(message) = problems {
                errors.push(FieldError::invalid(
                    "metadata.name",
                    go_quote(name),
                    &message,
                ));
            }
        }
    }
    if let Some(namespace) = meta.namespace.as_deref().filter(|n| !n.is_empty()) {
        if let Some(message) = dns_label_problem(namespace) {
            errors.push(FieldError::invalid(
                "metadata.namespace",
                go_quote(namespace),
                &message,
            ));
        }
    }
    labels(meta.labels.as_ref(), "metadata.labels", errors);
}

/// `ValidateLabels`: keys are qualified names, values short label values.
fn labels(labels: Option<&BTreeMap<String, String>>, path: &str, errors: &mut Vec<FieldError>) {
    for (key, value) in labels.into_iter().flatten() {
        for message in qualified_name_problems(key) {
            errors.push(FieldError::invalid(path, go_quote(key), &message));
        }
        for message in label_value_problems(value) {
            errors.push(FieldError::invalid(path, go_quote(value), &message));
        }
    }
}

fn statefulset(sts: &StatefulSet, max_replicas: i32, errors: &mut Vec<FieldError>) {
    metadata(&sts.metadata, Name::Label, errors);
    let Some(spec) = sts.spec.as_ref() else {
        errors.push(FieldError::required("spec.selector", ""));
        return;
    };
    if let Some(policy) = spec.pod_management_policy.as_deref() {
        if !matches!(policy, "OrderedReady" | "Parallel") {
            errors.push(FieldError::invalid(
                "spec.podManagementPolicy",
                go_quote(policy),
                "must be 'OrderedReady' or 'Parallel'",
            ));
        }
    }
    if let Some(strategy) = spec.update_strategy.as_ref() {
        match strategy.type_.as_deref() {
            None | Some("RollingUpdate") => {
                if let Some(partition) = strategy.rolling_update.as_ref().and_then(|r| r.partition)
                {
                    non_negative(
                        i64::from(partition),
                        "spec.updateStrategy.rollingUpdate.partition",
                        errors,
                    );
                }
            }
            Some("OnDelete") => {
                if let Some(rolling) = strategy.rolling_update.as_ref() {
                    errors.push(FieldError::invalid(
                        "spec.updateStrategy.rollingUpdate",
                        json(rolling),
                        "only allowed for updateStrategy 'RollingUpdate'",
                    ));
                }
            }
            Some(_) => errors.push(FieldError::invalid(
                "spec.updateStrategy",
                json(strategy),
                "must be 'RollingUpdate' or 'OnDelete'",
            )),
        }
    }
    if let Some(policy) = spec.persistent_volume_claim_retention_policy.as_ref() {
        for (field, value) in [
            ("whenDeleted", &policy.when_deleted),
            ("whenScaled", &policy.when_scaled),
        ] {
            if let Some(value) = value.as_deref() {
                if !matches!(value, "Retain" | "Delete") {
                    errors.push(FieldError::not_supported(
                        &format!("spec.persistentVolumeClaimRetentionPolicy.{field}"),
                        value,
                        &["Retain", "Delete"],
                    ));
                }
            }
        }
    }
    replicas(spec.replicas, max_replicas, errors);
    if let Some(seconds) = spec.min_ready_seconds {
        non_negative(i64::from(seconds), "spec.minReadySeconds", errors);
    }
    if let Some(start) = spec.ordinals.as_ref().and_then(|o| o.start) {
        non_negative(i64::from(start), "spec.ordinals.start", errors);
    }
    selector_and_template(
        &spec.selector,
        spec.template.metadata.as_ref(),
        "statefulset",
        errors,
    );
    if let Some(pod) = spec.template.spec.as_ref() {
        if let Some(policy) = pod.restart_policy.as_deref().filter(|p| *p != "Always") {
            errors.push(FieldError::not_supported(
                "spec.template.spec.restartPolicy",
                policy,
                &["Always"],
            ));
        }
        if pod.active_deadline_seconds.is_some() {
            errors.push(FieldError::forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                "activeDeadlineSeconds in StatefulSet is not Supported",
            ));
        }
    }
}

fn deployment(deployment: &Deployment, max_replicas: i32, errors: &mut Vec<FieldError>) {
    metadata(&deployment.metadata, Name::Subdomain, errors);
    let Some(spec) = deployment.spec.as_ref() else {
        errors.push(FieldError::required("spec.selector", ""));
        return;
    };
    replicas(spec.replicas, max_replicas, errors);
    if let Some(seconds) = spec.min_ready_seconds {
        non_negative(i64::from(seconds), "spec.minReadySeconds", errors);
    }
    selector_and_template(
        &spec.selector,
        spec.template.metadata.as_ref(),
        "deployment",
        errors,
    );
    match spec.template.spec.as_ref() {
        Some(pod) => {
            if let Some(policy) = pod.restart_policy.as_deref().filter(|p| *p != "Always") {
                errors.push(FieldError::not_supported(
                    "spec.template.spec.restartPolicy",
                    policy,
                    &["Always"],
                ));
            }
            pod_spec(pod, "spec.template.spec", &BTreeSet::new(), errors);
        }
        None => errors.push(FieldError::required("spec.template.spec.containers", "")),
    }
}

/// `replicas` must be non-negative, and within what the cluster can simulate.
fn replicas(replicas: Option<i32>, max_replicas: i32, errors: &mut Vec<FieldError>) {
    let Some(replicas) = replicas else {
        return;
    };
    non_negative(i64::from(replicas), "spec.replicas", errors);
    if replicas > max_replicas {
        errors.push(FieldError::invalid(
            "spec.replicas",
            replicas.to_string(),
            &format!(
                "must be less than or equal to {max_replicas} in this playground (every pod is simulated in your browser)"
            ),
        ));
    }
}

fn non_negative(value: i64, path: &str, errors: &mut Vec<FieldError>) {
    if value < 0 {
        errors.push(FieldError::invalid(
            path,
            value.to_string(),
            "must be greater than or equal to 0",
        ));
    }
}

/// The selector must be valid and non-empty, and must select the template's labels.
fn selector_and_template(
    selector: &LabelSelector,
    template: Option<&ObjectMeta>,
    kind: &str,
    errors: &mut Vec<FieldError>,
) {
    labels(
        selector.match_labels.as_ref(),
        "spec.selector.matchLabels",
        errors,
    );
    let mut selector_ok = true;
    for (i, requirement) in selector.match_expressions.iter().flatten().enumerate() {
        let path = format!("spec.selector.matchExpressions[{i}]");
        let values = requirement.values.as_deref().unwrap_or_default();
        match requirement.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => {
                selector_ok = false;
                errors.push(FieldError::required(
                    &format!("{path}.values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                selector_ok = false;
                errors.push(FieldError::forbidden(
                    &format!("{path}.values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ));
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            other => {
                selector_ok = false;
                errors.push(FieldError::invalid(
                    &format!("{path}.operator"),
                    go_quote(other),
                    "not a valid selector operator",
                ));
            }
        }
    }
    let empty = selector
        .match_labels
        .as_ref()
        .is_none_or(BTreeMap::is_empty)
        && selector
            .match_expressions
            .as_ref()
            .is_none_or(Vec::is_empty);
    if empty {
        errors.push(FieldError::invalid(
            "spec.selector",
            json(selector),
            &format!("empty selector is invalid for {kind}"),
        ));
    } else if selector_ok {
        let template_labels = template.and_then(|m| m.labels.as_ref());
        if !selector_matches(Some(selector), template_labels) {
            errors.push(FieldError::invalid(
                "spec.template.metadata.labels",
                json(&template_labels),
                "`selector` does not match template `labels`",
            ));
        }
    }
    if let Some(meta) = template {
        labels(meta.labels.as_ref(), "spec.template.labels", errors);
    }
}

/// `ValidatePodSpec`, the parts a student meets: containers, their ports and mounts.
/// `claim_volumes` are the names a StatefulSet's claim templates add as volumes.
fn pod_spec(
    spec: &PodSpec,
    path: &str,
    claim_volumes: &BTreeSet<String>,
    errors: &mut Vec<FieldError>,
) {
    let mut volumes: BTreeSet<String> = claim_volumes.clone();
    for (i, volume) in spec.volumes.iter().flatten().enumerate() {
        let at = format!("{path}.volumes[{i}].name");
        if volume.name.is_empty() {
            errors.push(FieldError::required(&at, ""));
        } else if let Some(message) = dns_label_problem(&volume.name) {
            errors.push(FieldError::invalid(&at, go_quote(&volume.name), &message));
        } else if !volumes.insert(volume.name.clone()) && !claim_volumes.contains(&volume.name) {
            errors.push(FieldError::duplicate(&at, go_quote(&volume.name)));
        }
    }
    if spec.containers.is_empty() {
        errors.push(FieldError::required(&format!("{path}.containers"), ""));
    }
    let mut names = BTreeSet::new();
    for (i, container) in spec.containers.iter().enumerate() {
        container_rules(
            container,
            &format!("{path}.containers[{i}]"),
            &mut names,
            &volumes,
            errors,
        );
    }
    if let Some(policy) = spec.restart_policy.as_deref() {
        if !matches!(policy, "Always" | "OnFailure" | "Never") {
            errors.push(FieldError::not_supported(
                &format!("{path}.restartPolicy"),
                policy,
                &["Always", "OnFailure", "Never"],
            ));
        }
    }
}

fn container_rules(
    container: &Container,
    path: &str,
    names: &mut BTreeSet<String>,
    volumes: &BTreeSet<String>,
    errors: &mut Vec<FieldError>,
) {
    let name_path = format!("{path}.name");
    if container.name.is_empty() {
        errors.push(FieldError::required(&name_path, ""));
    } else if let Some(message) = dns_label_problem(&container.name) {
        errors.push(FieldError::invalid(
            &name_path,
            go_quote(&container.name),
            &message,
        ));
    } else if !names.insert(container.name.clone()) {
        errors.push(FieldError::duplicate(&name_path, go_quote(&container.name)));
    }
    if container.image.as_deref().unwrap_or("").trim().is_empty() {
        errors.push(FieldError::required(&format!("{path}.image"), ""));
    }
    let mut port_names = BTreeSet::new();
    for (i, port) in container.ports.iter().flatten().enumerate() {
        let at = format!("{path}.ports[{i}]");
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            let problems = port_name_problems(name);
            for message in &problems {
                errors.push(FieldError::invalid(
                    &format!("{at}.name"),
                    go_quote(name),
                    message,
                ));
            }
            if problems.is_empty() && !port_names.insert(name.to_owned()) {
                errors.push(FieldError::duplicate(&format!("{at}.name"), go_quote(name)));
            }
        }
        if port.container_port == 0 {
            errors.push(FieldError::required(&format!("{at}.containerPort"), ""));
        } else if !(1..=65535).contains(&port.container_port) {
            errors.push(port_range_error(
                &format!("{at}.containerPort"),
                port.container_port,
            ));
        }
        if let Some(host_port) = port.host_port.filter(|p| *p != 0) {
            if !(1..=65535).contains(&host_port) {
                errors.push(port_range_error(&format!("{at}.hostPort"), host_port));
            }
        }
        protocol(port.protocol.as_deref(), &format!("{at}.protocol"), errors);
    }
    let mut mount_paths = BTreeSet::new();
    for (i, mount) in container.volume_mounts.iter().flatten().enumerate() {
        let at = format!("{path}.volumeMounts[{i}]");
        if mount.name.is_empty() {
            errors.push(FieldError::required(&format!("{at}.name"), ""));
        } else if !volumes.contains(&mount.name) {
            errors.push(FieldError::not_found(
                &format!("{at}.name"),
                go_quote(&mount.name),
            ));
        }
        if mount.mount_path.is_empty() {
            errors.push(FieldError::required(&format!("{at}.mountPath"), ""));
        } else if !mount_paths.insert(mount.mount_path.clone()) {
            errors.push(FieldError::invalid(
                &format!("{at}.mountPath"),
                go_quote(&mount.mount_path),
                "must be unique",
            ));
        }
    }
}

fn protocol(protocol: Option<&str>, path: &str, errors: &mut Vec<FieldError>) {
    if let Some(protocol) = protocol {
        if !matches!(protocol, "TCP" | "UDP" | "SCTP") {
            errors.push(FieldError::not_supported(
                path,
                protocol,
                &["SCTP", "TCP", "UDP"],
            ));
        }
    }
}

fn port_range_error(path: &str, port: i32) -> FieldError {
    FieldError::invalid(
        path,
        port.to_string(),
        "must be between 1 and 65535, inclusive",
    )
}

fn service(service: &Service, errors: &mut Vec<FieldError>) {
    metadata(&service.metadata, Name::Dns1035, errors);
    let default_spec = Default::default();
    let spec = service.spec.as_ref().unwrap_or(&default_spec);
    let service_type = spec.type_.as_deref().unwrap_or("ClusterIP");
    if !matches!(
        service_type,
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
    ) {
        errors.push(FieldError::not_supported(
            "spec.type",
            service_type,
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        ));
        return;
    }
    let headless = spec.cluster_ip.as_deref() == Some("None");
    let ports = spec.ports.as_deref().unwrap_or_default();
    if service_type == "ExternalName" {
        if spec.external_name.as_deref().unwrap_or("").is_empty() {
            errors.push(FieldError::required("spec.externalName", ""));
        }
    } else if ports.is_empty() && !headless {
        errors.push(FieldError::required("spec.ports", ""));
    }
    if headless && matches!(service_type, "NodePort" | "LoadBalancer") {
        errors.push(FieldError::invalid(
            "spec.clusterIPs[0]",
            go_quote("None"),
            &format!("may not be set to 'None' for {service_type} services"),
        ));
    }
    let mut names = BTreeSet::new();
    let wants_node_ports = matches!(service_type, "NodePort" | "LoadBalancer");
    for (i, port) in ports.iter().enumerate() {
        let at = format!("spec.ports[{i}]");
        match port.name.as_deref().filter(|n| !n.is_empty()) {
            None if ports.len() > 1 => errors.push(FieldError::required(&format!("{at}.name"), "")),
            None => {}
            Some(name) => {
                if let Some(message) = dns_label_problem(name) {
                    errors.push(FieldError::invalid(
                        &format!("{at}.name"),
                        go_quote(name),
                        &message,
                    ));
                } else if !names.insert(name.to_owned()) {
                    errors.push(FieldError::duplicate(&format!("{at}.name"), go_quote(name)));
                }
            }
        }
        if !(1..=65535).contains(&port.port) {
            errors.push(port_range_error(&format!("{at}.port"), port.port));
        }
        protocol(port.protocol.as_deref(), &format!("{at}.protocol"), errors);
        match &port.target_port {
            Some(IntOrString::Int(target)) if *target != 0 && !(1..=65535).contains(target) => {
                errors.push(port_range_error(&format!("{at}.targetPort"), *target));
            }
            Some(IntOrString::String(target)) if !target.is_empty() => {
                for message in port_name_problems(target) {
                    errors.push(FieldError::invalid(
                        &format!("{at}.targetPort"),
                        go_quote(target),
                        &message,
                    ));
                }
            }
            _ => {}
        }
        if let Some(node_port) = port.node_port.filter(|p| *p != 0) {
            if !wants_node_ports {
                errors.push(FieldError::forbidden(
                    &format!("{at}.nodePort"),
                    &format!("may not be used when `type` is '{service_type}'"),
                ));
            } else if !NODE_PORTS.contains(&node_port) {
                errors.push(FieldError::invalid(
                    &format!("{at}.nodePort"),
                    node_port.to_string(),
                    "provided port is not in the valid range. The range of valid ports is 30000-32767",
                ));
            }
        }
    }
}

fn claim_spec(spec: Option<&PersistentVolumeClaimSpec>, path: &str, errors: &mut Vec<FieldError>) {
    let default_spec = PersistentVolumeClaimSpec::default();
    let spec = spec.unwrap_or(&default_spec);
    let modes = spec.access_modes.as_deref().unwrap_or_default();
    if modes.is_empty() {
        errors.push(FieldError::required(
            &format!("{path}.accessModes"),
            "at least 1 access mode is required",
        ));
    }
    for mode in modes {
        if !matches!(
            mode.as_str(),
            "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod"
        ) {
            errors.push(FieldError::not_supported(
                &format!("{path}.accessModes"),
                mode,
                &[
                    "ReadOnlyMany",
                    "ReadWriteMany",
                    "ReadWriteOnce",
                    "ReadWriteOncePod",
                ],
            ));
        }
    }
    let storage = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"));
    match storage {
        None => errors.push(FieldError::required(&format!("{path}.resources[storage]"), "")),
        Some(quantity) => match super::quantity::parse_quantity(&quantity.0) {
            Some(0) => errors.push(FieldError::invalid(
                &format!("{path}.resources[storage]"),
                go_quote(&quantity.0),
                "must be greater than zero",
            )),
            Some(_) => {}
            None => errors.push(FieldError::invalid(
                &format!("{path}.resources.requests[storage]"),
                go_quote(&quantity.0),
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            )),
        },
    }
}

fn config_map(config: &ConfigMap, errors: &mut Vec<FieldError>) {
    metadata(&config.metadata, Name::Subdomain, errors);
    let keys = config
        .data
        .iter()
        .flatten()
        .map(|(k, _)| ("data", k))
        .chain(
            config
                .binary_data
                .iter()
                .flatten()
                .map(|(k, _)| ("binaryData", k)),
        );
    let mut seen = BTreeSet::new();
    for (field, key) in keys {
        let path = format!("{field}[{key}]");
        let valid = !key.is_empty()
            && key.len() <= 253
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && key != "."
            && key != ".."
            && !key.starts_with("..");
        if !valid {
            errors.push(FieldError::invalid(
                &path,
                go_quote(key),
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            ));
        } else if !seen.insert(key.clone()) {
            errors.push(FieldError::invalid(
                &path,
                go_quote(key),
                "duplicate of key present in data",
            ));
        }
    }
}

fn storage_class(class: &StorageClass, errors: &mut Vec<FieldError>) {
    metadata(&class.metadata, Name::Subdomain, errors);
    if class.provisioner.is_empty() {
        errors.push(FieldError::required("provisioner", ""));
    }
    if let Some(policy) = class.reclaim_policy.as_deref() {
        if !matches!(policy, "Delete" | "Retain") {
            errors.push(FieldError::not_supported(
                "reclaimPolicy",
                policy,
                &["Delete", "Retain"],
            ));
        }
    }
    if let Some(mode) = class.volume_binding_mode.as_deref() {
        if !matches!(mode, "Immediate" | "WaitForFirstConsumer") {
            errors.push(FieldError::not_supported(
                "volumeBindingMode",
                mode,
                &["Immediate", "WaitForFirstConsumer"],
            ));
        }
    }
}

/// The claim a StatefulSet's template makes for one pod fails like a claim would.
pub fn claim_template_errors(claim: &PersistentVolumeClaim) -> Vec<FieldError> {
    let mut errors = Vec::new();
    claim_spec(claim.spec.as_ref(), "spec", &mut errors);
    errors
}

const DNS_LABEL_MESSAGE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS_SUBDOMAIN_MESSAGE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS_1035_MESSAGE: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

fn is_label(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// `IsDNS1123Label`: the first problem, in the API machinery's words.
fn dns_label_problem(name: &str) -> Option<String> {
    if name.len() > 63 {
        return Some("must be no more than 63 characters".to_owned());
    }
    (!is_label(name)).then(|| DNS_LABEL_MESSAGE.to_owned())
}

/// `IsDNS1123Subdomain`.
pub(crate) fn dns_subdomain_problem(name: &str) -> Option<String> {
    if name.len() > 253 {
        return Some("must be no more than 253 characters".to_owned());
    }
    (!name.split('.').all(is_label)).then(|| DNS_SUBDOMAIN_MESSAGE.to_owned())
}

/// `IsDNS1035Label`.
fn dns1035_problem(name: &str) -> Option<String> {
    if name.len() > 63 {
        return Some("must be no more than 63 characters".to_owned());
    }
    let starts_with_letter = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
    (!(is_label(name) && starts_with_letter)).then(|| DNS_1035_MESSAGE.to_owned())
}

/// `IsValidPortName`: an IANA service name.
pub(crate) fn port_name_problems(name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if name.len() > 15 {
        problems.push("must be no more than 15 characters".to_owned());
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        problems.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_owned(),
        );
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        problems.push("must contain at least one letter (a-z)".to_owned());
    }
    if name.contains("--") {
        problems.push("must not contain consecutive hyphens".to_owned());
    }
    if name.starts_with('-') || name.ends_with('-') {
        problems.push("must not begin or end with a hyphen".to_owned());
    }
    problems
}

fn is_label_value_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
}

/// `IsQualifiedName`: an optional DNS subdomain prefix and a short name.
fn qualified_name_problems(key: &str) -> Vec<String> {
    const NAME_MESSAGE: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    let mut problems = Vec::new();
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if name.contains('/') {
        problems.push(
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
                .to_owned(),
        );
        return problems;
    }
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            problems.push("prefix part must be non-empty".to_owned());
        } else if let Some(message) = dns_subdomain_problem(prefix) {
            problems.push(format!("prefix part {message}"));
        }
    }
    if name.is_empty() {
        problems.push("name part must be non-empty".to_owned());
    } else {
        if name.len() > 63 {
            problems.push("name part must be no more than 63 characters".to_owned());
        }
        if !is_label_value_text(name) {
            problems.push(NAME_MESSAGE.to_owned());
        }
    }
    problems
}

/// `IsValidLabelValue`.
fn label_value_problems(value: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if value.len() > 63 {
        problems.push("must be no more than 63 characters".to_owned());
    }
    if !value.is_empty() && !is_label_value_text(value) {
        problems.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_owned());
    }
    problems
}

/// Turn a refusal the server printed (`The StatefulSet "x" is invalid: spec: Forbidden:
/// ...`, one error or a `* ` list) back into its field paths and lines, so that a
/// caller holding the manifest's text can place each one. Messages of another shape
/// give nothing.
pub fn field_errors_in(message: &str) -> Vec<(String, String)> {
    let Some(at) = message.find(" is invalid:") else {
        return Vec::new();
    };
    let rest = &message[at + " is invalid:".len()..];
    let lines: Vec<&str> = if let Some(list) = rest.strip_prefix('\n') {
        list.lines().filter_map(|l| l.strip_prefix("* ")).collect()
    } else {
        vec![rest.trim_start()]
    };
    lines
        .into_iter()
        .filter_map(|line| {
            let (path, _) = line.split_once(": ")?;
            let plausible = !path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '[' | ']' | '-' | '_' | '/'));
            plausible.then(|| (path.to_owned(), line.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_error_is_inline_and_several_are_a_list() {
        let one = [FieldError::invalid(
            "spec.replicas",
            "-1".into(),
            "must be greater than or equal to 0",
        )];
        assert_eq!(
            invalid_message("StatefulSet", "web", &one),
            "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        let two = [one[0].clone(), FieldError::required("spec.selector", "")];
        let message = invalid_message("StatefulSet", "web", &two);
        assert_eq!(
            message,
            "The StatefulSet \"web\" is invalid:\n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.selector: Required value"
        );
        let paths: Vec<String> = field_errors_in(&message)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(paths, ["spec.replicas", "spec.selector"]);
    }

    #[test]
    fn go_quoting_escapes_what_go_escapes() {
        assert_eq!(go_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(go_quote("zero\u{200b}width"), "\"zero\\u200bwidth\"");
        assert_eq!(go_quote("ação"), "\"ação\"");
    }

    #[test]
    fn names_follow_the_dns_rules_of_their_kind() {
        assert!(dns_label_problem("giropops").is_none());
        assert!(dns_label_problem("giro.pops").is_some());
        assert!(dns_subdomain_problem("giro.pops").is_none());
        assert!(dns1035_problem("1nginx").is_some());
        assert!(dns_label_problem("1nginx").is_none());
        assert_eq!(
            dns_label_problem(&"a".repeat(64)).as_deref(),
            Some("must be no more than 63 characters")
        );
    }
}
