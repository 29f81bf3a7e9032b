//! Summaries of the objects the editor text declares, and the manifest side of the
//! page: the last text that decoded cleanly and the mistakes of the current one.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaimSpec, Service};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

use crate::engine::controllers::statefulset as sts_rules;
use crate::engine::{Object, DEFAULT_NAMESPACE};
use crate::manifest::Document;

/// One object of the editor text, as a card shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectSummary {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// 1-based line where the object's document starts in the editor.
    pub first_line: u32,
    /// Labelled facts, in the order they are shown.
    pub fields: Vec<(String, String)>,
}

/// Summaries of every decoded object, in the order of the text.
pub fn summarize(documents: &[Document]) -> Vec<ObjectSummary> {
    documents.iter().map(summarize_one).collect()
}

fn summarize_one(document: &Document) -> ObjectSummary {
    let object = &document.object;
    let namespace = object.is_namespaced().then(|| {
        object
            .metadata()
            .namespace
            .clone()
            .filter(|ns| !ns.is_empty())
            .unwrap_or_else(|| DEFAULT_NAMESPACE.to_owned())
    });
    let fields = match object {
        Object::StatefulSet(sts) => statefulset_fields(sts, namespace.as_deref().unwrap_or("")),
        Object::Service(svc) => service_fields(svc),
        _ => Vec::new(),
    };
    ObjectSummary {
        kind: object.kind().to_owned(),
        name: object.name().to_owned(),
        namespace,
        first_line: document.first_line,
        fields,
    }
}

fn field(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_owned(), value.into())
}

fn labels(map: Option<&BTreeMap<String, String>>) -> String {
    match map {
        Some(map) if !map.is_empty() => map
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", "),
        _ => "<none>".to_owned(),
    }
}

fn statefulset_fields(sts: &StatefulSet, namespace: &str) -> Vec<(String, String)> {
    let name = sts.metadata.name.as_deref().unwrap_or("");
    let Some(spec) = sts.spec.as_ref() else {
        return vec![field("spec", "<missing>")];
    };
    let mut fields = vec![
        field("replicas", sts_rules::replicas(sts).to_string()),
        field("serviceName", spec.service_name.clone().unwrap_or_default()),
        field(
            "podManagementPolicy",
            spec.pod_management_policy
                .clone()
                .unwrap_or_else(|| "OrderedReady".to_owned()),
        ),
        field("selector", labels(spec.selector.match_labels.as_ref())),
    ];
    let containers = spec
        .template
        .spec
        .as_ref()
        .map(|pod| {
            pod.containers
                .iter()
                .map(|c| {
                    format!(
                        "{} ({})",
                        c.name,
                        c.image.as_deref().unwrap_or("<no image>")
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    fields.push(field("containers", containers));

    let templates = spec.volume_claim_templates.as_deref().unwrap_or_default();
    let claims = templates
        .iter()
        .map(|t| {
            let template_name = t.metadata.name.as_deref().unwrap_or("");
            format!("{template_name}: {}", claim_request(t.spec.as_ref()))
        })
        .collect::<Vec<_>>();
    fields.push(field(
        "volumeClaimTemplates",
        if claims.is_empty() {
            "<none>".to_owned()
        } else {
            claims.join(", ")
        },
    ));

    // What the controller will create, so the student sees the naming rules at once.
    let pods: Vec<String> = sts_rules::desired_ordinals(sts)
        .take(MAX_LISTED)
        .map(|ordinal| sts_rules::pod_name(name, ordinal))
        .collect();
    let more = |shown: usize| {
        let total = sts_rules::desired_ordinals(sts).len();
        if total > shown {
            format!(", … ({} in all)", total)
        } else {
            String::new()
        }
    };
    fields.push(field(
        "pods",
        format!("{}{}", pods.join(", "), more(pods.len())),
    ));
    if let Some(first_template) = templates.first() {
        let template_name = first_template.metadata.name.as_deref().unwrap_or("");
        let names: Vec<String> = pods
            .iter()
            .map(|p| sts_rules::claim_name(template_name, p))
            .collect();
        fields.push(field(
            "claims",
            format!("{}{}", names.join(", "), more(names.len())),
        ));
    }
    if let (Some(service), Some(first_pod)) = (spec.service_name.as_deref(), pods.first()) {
        if !service.is_empty() {
            fields.push(field(
                "DNS",
                sts_rules::pod_dns_name(first_pod, service, namespace),
            ));
        }
    }
    fields
}

/// How many generated names a card lists before summarising the rest.
const MAX_LISTED: usize = 5;

fn claim_request(spec: Option<&PersistentVolumeClaimSpec>) -> String {
    let Some(spec) = spec else {
        return "<no spec>".to_owned();
    };
    let storage = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
        .map(|q| q.0.clone())
        .unwrap_or_else(|| "<no storage request>".to_owned());
    let modes = spec.access_modes.as_deref().unwrap_or_default().join(",");
    if modes.is_empty() {
        storage
    } else {
        format!("{storage} {modes}")
    }
}

fn service_fields(svc: &Service) -> Vec<(String, String)> {
    let Some(spec) = svc.spec.as_ref() else {
        return vec![field("spec", "<missing>")];
    };
    let service_type = spec.type_.clone().unwrap_or_else(|| "ClusterIP".to_owned());
    let headless = spec.cluster_ip.as_deref() == Some("None");
    let ports = spec
        .ports
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let target = match &p.target_port {
                Some(IntOrString::Int(n)) => n.to_string(),
                Some(IntOrString::String(s)) => s.clone(),
                None => p.port.to_string(),
            };
            let protocol = p.protocol.as_deref().unwrap_or("TCP");
            match &p.name {
                Some(name) => format!("{name} {}→{target}/{protocol}", p.port),
                None => format!("{}→{target}/{protocol}", p.port),
            }
        })
        .collect::<Vec<_>>();
    vec![
        field(
            "type",
            if headless {
                format!("{service_type} (headless)")
            } else {
                service_type
            },
        ),
        field(
            "clusterIP",
            spec.cluster_ip
                .clone()
                .unwrap_or_else(|| "<assigned on create>".to_owned()),
        ),
        field(
            "ports",
            if ports.is_empty() {
                "<none>".to_owned()
            } else {
                ports.join(", ")
            },
        ),
        field("selector", labels(spec.selector.as_ref())),
    ]
}

/// What the manifest side of the page shows: the objects of the last text that
/// decoded cleanly, and the mistakes of the current text. A mistake never wipes the
/// objects: the last good state stays on screen, marked as stale.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ManifestView {
    /// Objects of the last text without mistakes.
    pub objects: std::rc::Rc<Vec<ObjectSummary>>,
    /// Mistakes in the current text, located.
    pub errors: std::rc::Rc<Vec<crate::manifest::ManifestError>>,
}

impl ManifestView {
    /// The view of a fresh text.
    pub fn of(text: &str) -> ManifestView {
        ManifestView::default().edited(text)
    }

    /// The view after the text changed to `text`.
    pub fn edited(&self, text: &str) -> ManifestView {
        let parsed = crate::manifest::parse(text);
        if parsed.is_ok() {
            ManifestView {
                objects: std::rc::Rc::new(summarize(&parsed.documents)),
                errors: std::rc::Rc::default(),
            }
        } else {
            ManifestView {
                objects: self.objects.clone(),
                errors: std::rc::Rc::new(parsed.errors),
            }
        }
    }

    /// True when the objects shown belong to an earlier text than the current one.
    pub fn is_stale(&self) -> bool {
        !self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::COURSE_EXAMPLE;
    use crate::manifest::parse;

    fn value<'a>(summary: &'a ObjectSummary, label: &str) -> &'a str {
        summary
            .fields
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no field {label} in {summary:?}"))
    }

    #[test]
    fn the_course_example_summarises_as_the_course_describes_it() {
        let parsed = parse(COURSE_EXAMPLE);
        let cards = summarize(&parsed.documents);
        assert_eq!(cards.len(), 2);
        let sts = &cards[0];
        assert_eq!(
            (sts.kind.as_str(), sts.name.as_str()),
            ("StatefulSet", "giropops")
        );
        assert_eq!(sts.namespace.as_deref(), Some("default"));
        assert_eq!(value(sts, "replicas"), "3");
        assert_eq!(value(sts, "serviceName"), "nginx");
        assert_eq!(value(sts, "podManagementPolicy"), "OrderedReady");
        assert_eq!(value(sts, "volumeClaimTemplates"), "www: 1Gi ReadWriteOnce");
        assert_eq!(value(sts, "pods"), "giropops-0, giropops-1, giropops-2");
        assert_eq!(
            value(sts, "claims"),
            "www-giropops-0, www-giropops-1, www-giropops-2"
        );
        assert_eq!(
            value(sts, "DNS"),
            "giropops-0.nginx.default.svc.cluster.local"
        );

        let svc = &cards[1];
        assert_eq!((svc.kind.as_str(), svc.name.as_str()), ("Service", "nginx"));
        assert_eq!(value(svc, "type"), "ClusterIP (headless)");
        assert_eq!(value(svc, "clusterIP"), "None");
        assert_eq!(value(svc, "ports"), "web 80→80/TCP");
        assert_eq!(value(svc, "selector"), "app=nginx");
        assert_eq!(svc.first_line, 35);
    }

    #[test]
    fn a_large_statefulset_lists_a_few_names_and_the_count() {
        let text = COURSE_EXAMPLE.replace("replicas: 3", "replicas: 1000");
        let cards = summarize(&parse(&text).documents);
        assert_eq!(
            value(&cards[0], "pods"),
            "giropops-0, giropops-1, giropops-2, giropops-3, giropops-4, … (1000 in all)"
        );
    }
}

#[cfg(test)]
mod manifest_view_tests {
    use super::*;
    use crate::examples::COURSE_EXAMPLE;

    #[test]
    fn a_mistake_keeps_the_last_good_objects_and_a_fix_replaces_them() {
        let good = ManifestView::of(COURSE_EXAMPLE);
        assert!(!good.is_stale());
        assert_eq!(good.objects.len(), 2);

        let broken = good.edited(&COURSE_EXAMPLE.replace("replicas: 3", "replicas: [3"));
        assert!(broken.is_stale());
        // The unclosed `[` on line 8 is noticed at the next token, on line 9.
        assert_eq!(broken.errors[0].line, 9);
        assert_eq!(broken.objects, good.objects);

        let fixed = broken.edited(&COURSE_EXAMPLE.replace("replicas: 3", "replicas: 4"));
        assert!(!fixed.is_stale());
        let replicas = fixed.objects[0]
            .fields
            .iter()
            .find(|(l, _)| l == "replicas")
            .unwrap();
        assert_eq!(replicas.1, "4");
    }

    #[test]
    fn a_first_text_with_a_mistake_shows_no_objects_yet() {
        let view = ManifestView::of("kind: [");
        assert!(view.is_stale());
        assert!(view.objects.is_empty());
    }
}
