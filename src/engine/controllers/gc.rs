//! The garbage collector: an object whose every owner (by UID) is gone is deleted,
//! the way its kind is deleted (pods gracefully, claims behind pvc-protection).

use std::collections::HashSet;

use crate::engine::{Cluster, ObjectKey, Reconciled};

/// One pass over all objects with owner references.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    // Only membership is asked of this set, so its order cannot leak into results.
    let uids: HashSet<&str> = c
        .store
        .iter()
        .filter_map(|(_, stored)| stored.object.metadata().uid.as_deref())
        .collect();
    let orphans: Vec<ObjectKey> = c
        .store
        .iter()
        .filter(|(_, stored)| {
            let meta = stored.object.metadata();
            let owners = meta.owner_references.as_deref().unwrap_or_default();
            meta.deletion_timestamp.is_none()
                && !owners.is_empty()
                && owners
                    .iter()
                    .all(|owner| !uids.contains(owner.uid.as_str()))
        })
        .map(|(key, _)| key.clone())
        .collect();
    let changed = !orphans.is_empty();
    for key in orphans {
        c.delete_object(&key);
    }
    Reconciled {
        changed,
        wake: None,
    }
}
