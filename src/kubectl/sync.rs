//! The editor's text applied to the cluster the way `kubectl apply --prune` applies
//! a file: what appeared is created, what changed is configured, what disappeared
//! is deleted with the cascade its kind implies.
//!
//! Only objects the editor itself created are ever pruned, never ones that controllers,
//! the cluster or another command made. A document the API server refuses, or that
//! does not decode, leaves its live object exactly as it was while the rest of the
//! text applies; a document too broken to name its object stops all pruning, because
//! the student is in the middle of an edit.

use std::collections::BTreeSet;
use std::fmt;

use crate::engine::validation::field_errors_in;
use crate::engine::{ApplyOutcome, Cluster, EngineError, ObjectKey};
use crate::manifest::{self, Document, ManifestError, Parsed};

/// What applying the text did with one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Configured,
    Unchanged,
    /// Removed from the text and deleted from the cluster.
    Deleted,
    /// Not applied: the errors say where and why; the live object (if any) is as it was.
    Rejected(Vec<ManifestError>),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Created => "created",
            Outcome::Configured => "configured",
            Outcome::Unchanged => "unchanged",
            // kubectl's word for an object an apply with --prune removed.
            Outcome::Deleted => "pruned",
            Outcome::Rejected(_) => "rejected",
        })
    }
}

/// One line of the report: an object of the text (or one pruned from the cluster).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectReport {
    /// 0-based index of its YAML document; `None` for a pruned object.
    pub document: Option<usize>,
    /// Its place among a List's items, if it is in one.
    pub item: Option<usize>,
    /// The object, when the document says which it is.
    pub key: Option<ObjectKey>,
    /// kubectl's name for it: `statefulset.apps/giropops`, or `document 2` when unknown.
    pub label: String,
    pub outcome: Outcome,
}

/// What one sync did, document by document, in kubectl's words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncReport {
    /// The objects of the text in text order, then the pruned ones.
    pub objects: Vec<ObjectReport>,
    /// Every located error: the text's own and the API server's refusals.
    pub errors: Vec<ManifestError>,
    /// Located warnings (see [`manifest::Parsed::warnings`]).
    pub warnings: Vec<ManifestError>,
    /// True when a document could not be identified, so nothing was pruned.
    pub pruning_paused: bool,
}

impl SyncReport {
    /// kubectl's output lines: `statefulset.apps/giropops created`, one per object.
    pub fn lines(&self) -> String {
        self.objects
            .iter()
            .map(|o| format!("{} {}\n", o.label, o.outcome))
            .collect()
    }

    /// True when every object applied.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The editor's apply set: which live objects the editor created, so that removing
/// their documents deletes them (and nothing else), and the last text applied, so
/// that an unchanged text over an unchanged cluster costs nothing.
#[derive(Debug, Clone, Default)]
pub struct EditorSync {
    managed: BTreeSet<ObjectKey>,
    last: Option<Last>,
}

#[derive(Debug, Clone)]
struct Last {
    text: String,
    parsed: Parsed,
    store_version: u64,
    report: SyncReport,
}

impl EditorSync {
    /// A sync that manages nothing yet.
    pub fn new() -> EditorSync {
        EditorSync::default()
    }

    /// The live objects the editor created and would prune.
    pub fn managed(&self) -> &BTreeSet<ObjectKey> {
        &self.managed
    }

    /// Make `cluster` hold what `text` declares; report per document.
    pub fn sync(&mut self, cluster: &mut Cluster, text: &str) -> SyncReport {
        let parsed = match self.last.take() {
            Some(last) if last.text == text => {
                if last.store_version == cluster.store().version() {
                    let report = last.report.clone();
                    self.last = Some(last);
                    return report;
                }
                last.parsed
            }
            _ => manifest::parse(text),
        };
        let report = self.apply(cluster, &parsed);
        self.last = Some(Last {
            text: text.to_owned(),
            parsed,
            store_version: cluster.store().version(),
            report: report.clone(),
        });
        report
    }

    fn apply(&mut self, cluster: &mut Cluster, parsed: &Parsed) -> SyncReport {
        let mut report = SyncReport {
            errors: parsed.errors.clone(),
            warnings: parsed.warnings.clone(),
            ..SyncReport::default()
        };
        // Namespaces first, so that objects in them can be created in the same pass.
        let mut order: Vec<&Document> = parsed.documents.iter().collect();
        order.sort_by_key(|d| (d.object.kind() != "Namespace", d.index, d.item));
        for document in order {
            let key = document.key();
            let existed = cluster.store().get(&key).is_some();
            let outcome = match cluster.apply(document.object.clone()) {
                Ok(outcome) => {
                    // Adopt only what this editor made; an object that was there before
                    // (the `default` Namespace, a CLI-made object) is never pruned.
                    if !existed {
                        self.managed.insert(key.clone());
                    }
                    match outcome {
                        ApplyOutcome::Created => Outcome::Created,
                        ApplyOutcome::Configured => Outcome::Configured,
                        ApplyOutcome::Unchanged => Outcome::Unchanged,
                    }
                }
                Err(error) => {
                    let errors = locate_refusal(document, &error);
                    report.errors.extend(errors.iter().cloned());
                    Outcome::Rejected(errors)
                }
            };
            report.objects.push(ObjectReport {
                document: Some(document.index),
                item: document.item,
                label: format!("{}/{}", document.object.resource_name(), key.name),
                key: Some(key),
                outcome,
            });
        }
        for rejected in &parsed.rejected {
            let errors: Vec<ManifestError> = parsed
                .errors
                .iter()
                .filter(|e| e.document == rejected.index)
                .cloned()
                .collect();
            report.objects.push(ObjectReport {
                document: Some(rejected.index),
                item: rejected.item,
                label: rejected
                    .key
                    .as_ref()
                    .map(label_of)
                    .unwrap_or_else(|| format!("document {}", rejected.index + 1)),
                key: rejected.key.clone(),
                outcome: Outcome::Rejected(errors),
            });
        }
        report.objects.sort_by_key(|o| (o.document, o.item));
        report
            .errors
            .sort_by_key(|e| (e.line, e.column, e.document));

        if !parsed.all_identified() {
            report.pruning_paused = true;
            return report;
        }
        let kept: BTreeSet<ObjectKey> = parsed
            .documents
            .iter()
            .map(Document::key)
            .chain(parsed.rejected.iter().filter_map(|r| r.key.clone()))
            .collect();
        let gone: Vec<ObjectKey> = self.managed.difference(&kept).cloned().collect();
        for key in gone {
            self.managed.remove(&key);
            // Already deleted by someone else: nothing left to prune.
            if cluster.delete(&key).is_ok() {
                report.objects.push(ObjectReport {
                    document: None,
                    item: None,
                    label: label_of(&key),
                    key: Some(key),
                    outcome: Outcome::Deleted,
                });
            }
        }
        report
    }
}

/// Place the API server's refusal of `document` at the fields it names.
fn locate_refusal(document: &Document, error: &EngineError) -> Vec<ManifestError> {
    let at = |path: &str, message: String| {
        let position = document.position(path);
        let mut located =
            ManifestError::at(position.line, position.column, document.index, message);
        located.path = (!path.is_empty()).then(|| path.to_owned());
        located
    };
    match error {
        EngineError::Invalid { message } => {
            let head = message.split(" is invalid:").next().unwrap_or("");
            let fields = field_errors_in(message);
            if fields.is_empty() {
                return vec![at("", message.clone())];
            }
            let single = fields.len() == 1;
            fields
                .into_iter()
                .map(|(path, line)| {
                    let text = if single {
                        message.clone()
                    } else {
                        format!("{head} is invalid: {line}")
                    };
                    at(&path, text)
                })
                .collect()
        }
        EngineError::NotFound { resource, name } => {
            let mut located = at("metadata.namespace", error.to_string());
            if resource == "namespaces" {
                located.hint = Some(format!(
                    "declare `kind: Namespace` named {name:?} in the text, or create it first"
                ));
            }
            vec![located]
        }
    }
}

/// kubectl's `kind.group/name` for a key.
fn label_of(key: &ObjectKey) -> String {
    let kind = key.kind.to_ascii_lowercase();
    let group = match key.kind {
        "StatefulSet" | "Deployment" | "ControllerRevision" => ".apps",
        "StorageClass" => ".storage.k8s.io",
        "EndpointSlice" => ".discovery.k8s.io",
        _ => "",
    };
    format!("{kind}{group}/{}", key.name)
}
