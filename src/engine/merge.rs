//! `kubectl apply`'s three-way merge of JSON objects: the live object, the manifest
//! last applied, and the manifest applied now. It knows nothing of kinds: maps merge
//! key by key and lists are replaced whole (what kubectl does for types without
//! strategic-merge keys).

use serde_json::{Map, Value};

/// The live object after applying `new` over `last`: what the user changed since
/// `last` takes `new`'s value, what the user dropped is removed, and what the user left
/// as it was keeps the live value (set by a controller, `kubectl scale` or `patch`).
pub fn three_way(live: &Value, last: &Value, new: &Value) -> Value {
    let (Value::Object(live), Value::Object(new)) = (live, new) else {
        return new.clone();
    };
    let empty = Map::new();
    let last = last.as_object().unwrap_or(&empty);
    let mut merged = live.clone();
    for key in last.keys() {
        if !new.contains_key(key) {
            merged.remove(key);
        }
    }
    for (key, wanted) in new {
        let before = last.get(key);
        if before == Some(wanted) {
            // Unchanged in the manifest: the live value stands.
            continue;
        }
        let value = match merged.get(key) {
            Some(current @ Value::Object(_)) if wanted.is_object() => {
                three_way(current, before.unwrap_or(&Value::Null), wanted)
            }
            _ => wanted.clone(),
        };
        merged.insert(key.clone(), value);
    }
    Value::Object(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_left_alone_keep_the_live_value_and_changed_ones_take_the_new() {
        let last = json!({"spec": {"replicas": 3, "image": "nginx:1.27"}});
        let live = json!({"spec": {"replicas": 5, "image": "nginx:1.27", "paused": false}});
        let new = json!({"spec": {"replicas": 3, "image": "nginx:1.28"}});
        assert_eq!(
            three_way(&live, &last, &new),
            json!({"spec": {"replicas": 5, "image": "nginx:1.28", "paused": false}})
        );
        let new = json!({"spec": {"replicas": 2, "image": "nginx:1.27"}});
        assert_eq!(three_way(&live, &last, &new)["spec"]["replicas"], 2);
    }

    #[test]
    fn fields_dropped_from_the_manifest_go_and_maps_merge_key_by_key() {
        let last = json!({"metadata": {"labels": {"app": "web", "tier": "front"}}});
        let live = json!({"metadata": {"labels": {"app": "web", "tier": "front", "pod-template-hash": "abc"}}});
        let new = json!({"metadata": {"labels": {"app": "web", "team": "blue"}}});
        assert_eq!(
            three_way(&live, &last, &new),
            json!({"metadata": {"labels": {"app": "web", "team": "blue", "pod-template-hash": "abc"}}})
        );
    }

    #[test]
    fn lists_are_replaced_whole() {
        let last = json!({"ports": [{"port": 80}]});
        let live = json!({"ports": [{"port": 80, "nodePort": 30080}]});
        let new = json!({"ports": [{"port": 8080}]});
        assert_eq!(
            three_way(&live, &last, &new),
            json!({"ports": [{"port": 8080}]})
        );
        let same = json!({"ports": [{"port": 80}]});
        assert_eq!(three_way(&live, &last, &same), live);
    }
}
