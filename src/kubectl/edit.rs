//! The verbs that change one field of an existing object through the simulated API
//! server's update call: `scale`, `set image`, `patch` (merge, strategic and JSON
//! patches), `label` and `annotate`. Each reads the stored object, changes it, and
//! hands it back to `Cluster::update`, which applies the server's rules.

use std::collections::BTreeMap;

use serde_json::Value;

use super::error::{CommandError, Result};
use super::flags::{self, Args, Flag};
use super::get::{self, Selector, Target};
use super::printers;
use super::resources::ResourceType;
use super::serialize;
use super::{namespace_of, Ctx};
use crate::engine::{Object, ObjectKey, UpdateOutcome};

/// Read the stored object under `key`, change it, and send it back as an update;
/// the change is recorded for the editor.
pub fn update(
    ctx: &mut Ctx,
    key: &ObjectKey,
    change: impl FnOnce(&mut Object) -> Result<()>,
) -> Result<UpdateOutcome> {
    let Some(mut object) = ctx.snapshot(key) else {
        let resource = super::resources::of_kind(key.kind)
            .map(ResourceType::resource)
            .unwrap_or_else(|| key.kind.to_ascii_lowercase());
        return Err(CommandError::not_found(resource, &key.name));
    };
    let before = object.clone();
    change(&mut object)?;
    let outcome = ctx.cluster.update(object)?;
    ctx.record(key, Some(before));
    Ok(outcome)
}

fn key_of(rt: &ResourceType, namespace: &str, name: &str) -> ObjectKey {
    ObjectKey::from_parts(rt.kind, if rt.namespaced { namespace } else { "" }, name)
}

/// The objects named by `TYPE NAME...`, `TYPE/NAME...`, or `TYPE -l SELECTOR` / `--all`.
fn named_objects(
    ctx: &Ctx,
    args: &Args,
    positional: &[String],
    namespace: &str,
) -> Result<Vec<(&'static ResourceType, ObjectKey)>> {
    if positional.is_empty() {
        return Err(CommandError::usage(
            "You must provide one or more resources by argument or filename.",
        ));
    }
    match get::target(positional, false)? {
        Target::Names(names) => Ok(names
            .into_iter()
            .map(|(rt, name)| (rt, key_of(rt, namespace, &name)))
            .collect()),
        Target::Types(types) => {
            let selector = args.value("selector").map(Selector::parse).transpose()?;
            if selector.is_none() && !args.on("all") {
                return Err(CommandError::usage(
                    "resource(s) were provided, but no name was specified",
                ));
            }
            let mut out = Vec::new();
            for rt in types {
                for item in printers::list(ctx.cluster, rt, Some(namespace)) {
                    if selector.as_ref().is_none_or(|s| s.matches(item.labels())) {
                        out.push((rt, key_of(rt, namespace, &item.name)));
                    }
                }
            }
            Ok(out)
        }
    }
}

const SCALE_FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("replicas", None),
    flags::value("current-replicas", None),
    flags::value("selector", Some('l')),
    flags::switch("all", None),
];

/// `kubectl scale TYPE NAME --replicas=N`.
pub fn scale(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, SCALE_FLAGS, "scale")?;
    let namespace = namespace_of(&args);
    let Some(replicas) = args.value("replicas") else {
        return Err(CommandError::usage("required flag(s) \"replicas\" not set"));
    };
    let replicas: i32 = match replicas.parse() {
        Ok(n) if n >= 0 => n,
        _ => return Err(CommandError::usage(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        )),
    };
    let current: Option<i32> = args
        .value("current-replicas")
        .map(|v| v.parse().unwrap_or(-1));
    for (rt, key) in named_objects(ctx, &args, &args.positional, &namespace)? {
        let result = update(ctx, &key, |object| {
            let spec_replicas = match object {
                Object::StatefulSet(sts) => sts.spec.as_mut().map(|s| &mut s.replicas),
                Object::Deployment(deploy) => deploy.spec.as_mut().map(|s| &mut s.replicas),
                _ => {
                    return Err(CommandError::Raw(
                        "Error from server (NotFound): the server could not find the requested resource"
                            .to_owned(),
                    ))
                }
            };
            let Some(slot) = spec_replicas else {
                return Ok(());
            };
            if let Some(expected) = current.filter(|c| *c != -1) {
                let actual = slot.unwrap_or(1);
                if actual != expected {
                    return Err(CommandError::usage(format!(
                        "Expected replicas to be {expected}, was {actual}"
                    )));
                }
            }
            *slot = Some(replicas);
            Ok(())
        });
        match result {
            Ok(_) => ctx.print(&format!("{} scaled\n", rt.object_name(&key.name))),
            Err(error) => ctx.report(&error),
        }
    }
    finish(ctx)
}

fn finish(ctx: &Ctx) -> Result<()> {
    if ctx.failed() {
        Err(CommandError::Reported)
    } else {
        Ok(())
    }
}

const SET_FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("selector", Some('l')),
    flags::switch("all", None),
];

/// `kubectl set image TYPE/NAME CONTAINER=IMAGE...`.
pub fn set(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    match words.first().map(String::as_str) {
        Some("image") => {}
        Some(other @ ("env" | "resources" | "selector" | "serviceaccount" | "subject")) => {
            return Err(CommandError::NotSimulated(format!("set {other}")))
        }
        Some(other) => {
            return Err(CommandError::usage(format!(
                "unknown command {other:?} for \"kubectl set\""
            )))
        }
        None => {
            return Err(CommandError::usage(
                "you must specify what to set: kubectl set image TYPE/NAME CONTAINER=IMAGE",
            ))
        }
    }
    let args = flags::parse(&words[1..], SET_FLAGS, "set image")?;
    let namespace = namespace_of(&args);
    let (images, resources): (Vec<String>, Vec<String>) = args
        .positional
        .iter()
        .cloned()
        .partition(|w| w.contains('='));
    if images.is_empty() {
        return Err(CommandError::usage("at least one image update is required"));
    }
    let images: Vec<(String, String)> = images
        .iter()
        .filter_map(|w| w.split_once('=').map(|(c, i)| (c.to_owned(), i.to_owned())))
        .collect();
    for (rt, key) in named_objects(ctx, &args, &resources, &namespace)? {
        let result = update(ctx, &key, |object| {
            let spec = match object {
                Object::StatefulSet(sts) => {
                    sts.spec.as_mut().and_then(|s| s.template.spec.as_mut())
                }
                Object::Deployment(d) => d.spec.as_mut().and_then(|s| s.template.spec.as_mut()),
                Object::Pod(pod) => pod.spec.as_mut(),
                _ => None,
            };
            let Some(spec) = spec else {
                return Err(CommandError::usage(format!(
                    "{} is not a resource with a pod template",
                    rt.object_name(&key.name)
                )));
            };
            for (container, image) in &images {
                let mut found = false;
                for c in spec.containers.iter_mut() {
                    if container == "*" || c.name == *container {
                        c.image = Some(image.clone());
                        found = true;
                    }
                }
                if !found {
                    return Err(CommandError::usage(format!(
                        "unable to find container named {container:?}"
                    )));
                }
            }
            Ok(())
        });
        match result {
            Ok(_) => ctx.print(&format!("{} image updated\n", rt.object_name(&key.name))),
            Err(error) => ctx.report(&error),
        }
    }
    finish(ctx)
}

const PATCH_FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("patch", Some('p')),
    flags::value("type", None),
];

/// `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`.
pub fn patch(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, PATCH_FLAGS, "patch")?;
    let namespace = namespace_of(&args);
    let Some(text) = args.value("patch") else {
        return Err(CommandError::usage(
            "must specify --patch or --patch-file containing the contents of the patch",
        ));
    };
    let kind = args.value("type").unwrap_or("strategic");
    if !matches!(kind, "strategic" | "merge" | "json") {
        return Err(CommandError::usage(format!(
            "--type must be one of [json merge strategic], not {kind:?}"
        )));
    }
    let patch: Value = serde_json::from_str(text).or_else(|_| {
        crate::yaml::from_str(text)
            .map_err(|e| CommandError::usage(format!("unable to parse {text:?}: {e}")))
    })?;
    let targets = match get::target(&args.positional, false)? {
        Target::Names(names) => names,
        Target::Types(_) => {
            return Err(CommandError::usage(
                "resource(s) were provided, but no name was specified",
            ))
        }
    };
    for (rt, name) in targets {
        let key = key_of(rt, &namespace, &name);
        let result = update(ctx, &key, |object| {
            let mut value = serialize::object_value(object);
            match kind {
                "json" => json_patch(&mut value, &patch)?,
                "merge" => merge_patch(&mut value, &patch, false),
                _ => merge_patch(&mut value, &patch, true),
            }
            let patched = decode_like(object, value)?;
            if patched.name() != object.name() {
                return Err(CommandError::Raw(format!(
                    "The {} {:?} is invalid: metadata.name: Invalid value: {:?}: field is immutable",
                    rt.kind,
                    object.name(),
                    patched.name()
                )));
            }
            *object = patched;
            Ok(())
        });
        match result {
            Ok(UpdateOutcome::Changed) => {
                ctx.print(&format!("{} patched\n", rt.object_name(&name)))
            }
            Ok(UpdateOutcome::Unchanged) => {
                ctx.print(&format!("{} patched (no change)\n", rt.object_name(&name)))
            }
            Err(error) => ctx.report(&error),
        }
    }
    finish(ctx)
}

/// Decode JSON back into the same kind of object, or the API server's complaint.
fn decode_like(object: &Object, value: Value) -> Result<Object> {
    object
        .same_kind_from_json(&value)
        .map_err(|e| CommandError::Raw(format!("Error from server (BadRequest): {}", e.message())))
}

/// RFC 7386 merge patch; `strategic` also merges lists of named items (containers,
/// ports, volumes) by `name`, as a strategic merge patch does with its merge key.
fn merge_patch(target: &mut Value, patch: &Value, strategic: bool) {
    match (target, patch) {
        (Value::Object(target), Value::Object(patch)) => {
            for (key, value) in patch {
                if value.is_null() {
                    target.remove(key);
                } else {
                    let slot = target.entry(key.clone()).or_insert(Value::Null);
                    if !(slot.is_object() || strategic && slot.is_array()) {
                        *slot = Value::Object(Default::default());
                        if !value.is_object() {
                            *slot = value.clone();
                            continue;
                        }
                    }
                    merge_patch(slot, value, strategic);
                }
            }
        }
        (Value::Array(target), Value::Array(patch))
            if strategic && named_items(patch) && named_items(target) =>
        {
            for item in patch {
                let name = item.get("name");
                match target.iter_mut().find(|t| t.get("name") == name) {
                    Some(existing) => merge_patch(existing, item, true),
                    None => target.push(item.clone()),
                }
            }
        }
        (target, patch) => *target = patch.clone(),
    }
}

fn named_items(items: &[Value]) -> bool {
    items
        .iter()
        .all(|i| i.get("name").is_some_and(Value::is_string))
}

/// RFC 6902 JSON patch: `add`, `replace`, `remove`, `test`.
fn json_patch(target: &mut Value, patch: &Value) -> Result<()> {
    let Some(operations) = patch.as_array() else {
        return Err(CommandError::usage(
            "json patch must be a list of operations",
        ));
    };
    for operation in operations {
        let op = operation.get("op").and_then(Value::as_str).unwrap_or("");
        let path = operation.get("path").and_then(Value::as_str).unwrap_or("");
        let value = operation.get("value").cloned().unwrap_or(Value::Null);
        let (parent_path, last) = path.rsplit_once('/').unwrap_or(("", path));
        let last = last.replace("~1", "/").replace("~0", "~");
        let missing = || {
            CommandError::Raw(format!(
                "Error from server (UnprocessableEntity): doc is missing path: {path:?}"
            ))
        };
        let parent = target.pointer_mut(parent_path).ok_or_else(missing)?;
        match (op, parent) {
            ("add" | "replace", Value::Object(map)) => {
                if op == "replace" && !map.contains_key(&last) {
                    return Err(missing());
                }
                map.insert(last, value);
            }
            ("add", Value::Array(items)) => {
                let index = if last == "-" { items.len() } else { last.parse().map_err(|_| missing())? };
                if index > items.len() {
                    return Err(missing());
                }
                items.insert(index, value);
            }
            ("replace", Value::Array(items)) => {
                let index: usize = last.parse().map_err(|_| missing())?;
                *items.get_mut(index).ok_or_else(missing)? = value;
            }
            ("remove", Value::Object(map)) => {
                map.remove(&last).ok_or_else(missing)?;
            }
            ("remove", Value::Array(items)) => {
                let index: usize = last.parse().map_err(|_| missing())?;
                if index >= items.len() {
                    return Err(missing());
                }
                items.remove(index);
            }
            ("test", parent) => {
                let current = match parent {
                    Value::Object(map) => map.get(&last),
                    Value::Array(items) => last.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                };
                if current != Some(&value) {
                    return Err(CommandError::Raw(format!(
                        "Error from server (UnprocessableEntity): testing value {path:?} failed"
                    )));
                }
            }
            _ => {
                return Err(CommandError::Raw(format!(
                    "Error from server (UnprocessableEntity): unexpected kind of operation {op:?} at {path:?}"
                )))
            }
        }
    }
    Ok(())
}

/// Which metadata map `label` / `annotate` edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetadataMap {
    Labels,
    Annotations,
}

const LABEL_FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("selector", Some('l')),
    flags::switch("overwrite", None),
    flags::switch("all", None),
    flags::switch("list", None),
];

/// `kubectl label|annotate TYPE NAME key=value key-`.
pub fn label(ctx: &mut Ctx, words: &[String], map: MetadataMap) -> Result<()> {
    let verb = match map {
        MetadataMap::Labels => "label",
        MetadataMap::Annotations => "annotate",
    };
    let args = flags::parse(words, LABEL_FLAGS, verb)?;
    let namespace = namespace_of(&args);
    let is_change = |w: &String| w.contains('=') || (w.ends_with('-') && !w.contains('/'));
    let (changes, resources): (Vec<String>, Vec<String>) =
        if args.positional.first().is_some_and(|w| w.contains('/')) {
            args.positional.iter().cloned().partition(is_change)
        } else {
            // `TYPE NAME... changes...`: the first word is the type, whatever it looks like.
            let mut resources = args.positional.iter().take(1).cloned().collect::<Vec<_>>();
            let mut changes = Vec::new();
            for word in args.positional.iter().skip(1) {
                if is_change(word) {
                    changes.push(word.clone());
                } else {
                    resources.push(word.clone());
                }
            }
            (changes, resources)
        };
    if changes.is_empty() && !args.on("list") {
        return Err(CommandError::usage(format!(
            "at least one {} update is required",
            if map == MetadataMap::Labels {
                "label"
            } else {
                "annotation"
            }
        )));
    }
    let mut set = BTreeMap::new();
    let mut remove = Vec::new();
    for change in &changes {
        match change.split_once('=') {
            Some((k, v)) => {
                set.insert(k.to_owned(), v.to_owned());
            }
            None => remove.push(change.trim_end_matches('-').to_owned()),
        }
    }
    let overwrite = args.on("overwrite");
    for (rt, key) in named_objects(ctx, &args, &resources, &namespace)? {
        if args.on("list") {
            if let Some(object) = ctx.snapshot(&key) {
                let meta = object.metadata();
                let values = match map {
                    MetadataMap::Labels => meta.labels.clone(),
                    MetadataMap::Annotations => meta.annotations.clone(),
                };
                for (k, v) in values.unwrap_or_default() {
                    ctx.print(&format!("{k}={v}\n"));
                }
            }
            continue;
        }
        let result = update(ctx, &key, |object| {
            let meta = object.metadata_mut();
            let slot = match map {
                MetadataMap::Labels => &mut meta.labels,
                MetadataMap::Annotations => &mut meta.annotations,
            };
            let values = slot.get_or_insert_with(BTreeMap::new);
            for (k, v) in &set {
                if let Some(old) = values.get(k) {
                    if old != v && !overwrite {
                        return Err(CommandError::usage(format!(
                            "'{k}' already has a value ({old}), and --overwrite is false"
                        )));
                    }
                }
                values.insert(k.clone(), v.clone());
            }
            for k in &remove {
                values.remove(k);
            }
            if values.is_empty() {
                *slot = None;
            }
            Ok(())
        });
        let done = match map {
            MetadataMap::Labels if set.is_empty() => "unlabeled",
            MetadataMap::Labels => "labeled",
            MetadataMap::Annotations => "annotated",
        };
        match result {
            Ok(UpdateOutcome::Changed) => {
                ctx.print(&format!("{} {done}\n", rt.object_name(&key.name)))
            }
            Ok(UpdateOutcome::Unchanged) => {
                let not = match map {
                    MetadataMap::Labels => "not labeled",
                    MetadataMap::Annotations => "not annotated",
                };
                ctx.print(&format!("{} {not}\n", rt.object_name(&key.name)))
            }
            Err(error) => ctx.report(&error),
        }
    }
    finish(ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_strategic_patch_merges_containers_by_name() {
        let mut target = json!({"spec": {"containers": [{"name": "nginx", "image": "nginx"}, {"name": "side", "image": "busybox"}]}});
        merge_patch(
            &mut target,
            &json!({"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}),
            true,
        );
        assert_eq!(target["spec"]["containers"][0]["image"], "nginx:1.27");
        assert_eq!(target["spec"]["containers"][1]["image"], "busybox");
        let mut merge =
            json!({"spec": {"containers": [{"name": "a"}, {"name": "b"}], "replicas": 3}});
        merge_patch(
            &mut merge,
            &json!({"spec": {"containers": [{"name": "c"}], "replicas": null}}),
            false,
        );
        assert_eq!(merge, json!({"spec": {"containers": [{"name": "c"}]}}));
    }

    #[test]
    fn a_json_patch_replaces_adds_and_removes() {
        let mut target = json!({"spec": {"replicas": 3, "list": [1, 2]}});
        json_patch(
            &mut target,
            &json!([
                {"op": "replace", "path": "/spec/replicas", "value": 5},
                {"op": "add", "path": "/spec/list/-", "value": 3},
                {"op": "remove", "path": "/spec/list/0"}
            ]),
        )
        .unwrap();
        assert_eq!(target, json!({"spec": {"replicas": 5, "list": [2, 3]}}));
        assert!(json_patch(
            &mut target,
            &json!([{"op": "replace", "path": "/nope", "value": 1}])
        )
        .is_err());
    }
}
