//! What a command did to the desired state, in a form an editor can write back into
//! its YAML: the object, and for an update each declared field that changed with its
//! new value (`spec.replicas` → `5`). Status and the server's own metadata are left
//! out: they are not part of what a user declares.

use std::fmt;

use serde_json::Value;

use crate::engine::{Object, ObjectKey};

/// One object a command created, changed or deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The object's kind (`StatefulSet`).
    pub kind: &'static str,
    /// Its namespace, empty for cluster-wide kinds.
    pub namespace: String,
    pub name: String,
    pub action: ChangeAction,
}

/// What happened to the object.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeAction {
    Created,
    /// The declared fields that changed, each with its new value.
    Updated(Vec<FieldChange>),
    Deleted,
}

/// One declared field and its new value (`None`: the field was removed).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub path: Vec<PathSegment>,
    pub value: Option<Value>,
}

/// One step of a field path: a mapping key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

impl fmt::Display for FieldChange {
    /// `spec.template.spec.containers[0].image`, with keys that hold dots or slashes
    /// bracketed: `metadata.labels["app.kubernetes.io/name"]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.path.iter().enumerate() {
            match segment {
                PathSegment::Key(key) if key.contains(['.', '/']) => write!(f, "[{key:?}]")?,
                PathSegment::Key(key) if i == 0 => f.write_str(key)?,
                PathSegment::Key(key) => write!(f, ".{key}")?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The change from `before` to `after` of the object under `key`, if any.
pub fn between(key: &ObjectKey, before: Option<&Object>, after: Option<&Object>) -> Option<Change> {
    let action = match (before, after) {
        (None, None) => return None,
        (None, Some(_)) => ChangeAction::Created,
        (Some(_), None) => ChangeAction::Deleted,
        (Some(before), Some(after)) => {
            let mut fields = Vec::new();
            diff(
                &mut Vec::new(),
                &declared(before),
                &declared(after),
                &mut fields,
            );
            if fields.is_empty() {
                return None;
            }
            ChangeAction::Updated(fields)
        }
    };
    Some(Change {
        kind: key.kind,
        namespace: key.namespace.to_string(),
        name: key.name.to_string(),
        action,
    })
}

/// The parts of an object a user declares: everything but `status`, and of the
/// metadata only labels and annotations.
fn declared(object: &Object) -> Value {
    let mut value = super::serialize::object_value(object);
    if let Value::Object(map) = &mut value {
        map.remove("status");
        if let Some(Value::Object(meta)) = map.get_mut("metadata") {
            meta.retain(|k, _| k == "labels" || k == "annotations");
        }
    }
    value
}

fn diff(path: &mut Vec<PathSegment>, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, old_value) in a {
                path.push(PathSegment::Key(key.clone()));
                match b.get(key) {
                    Some(new_value) => diff(path, old_value, new_value, out),
                    None => out.push(FieldChange {
                        path: path.clone(),
                        value: None,
                    }),
                }
                path.pop();
            }
            for (key, new_value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                path.push(PathSegment::Key(key.clone()));
                out.push(FieldChange {
                    path: path.clone(),
                    value: Some(new_value.clone()),
                });
                path.pop();
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                path.push(PathSegment::Index(i));
                diff(path, x, y, out);
                path.pop();
            }
        }
        (a, b) if a == b => {}
        (_, b) => out.push(FieldChange {
            path: path.clone(),
            value: Some(b.clone()),
        }),
    }
}
