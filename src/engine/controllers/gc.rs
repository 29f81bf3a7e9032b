//! The garbage collector: an object whose every owner (by UID) is gone is deleted,
//! the way its kind is deleted (pods gracefully, claims behind pvc-protection). It
//! watches for removals and looks only at the removed object's dependents, found
//! through the store's owner index.

use crate::engine::store::Change;
use crate::engine::{Cluster, ObjectKey, Reconciled};

/// The collector's event handler: the dependents of a removed object, and any object
/// written with owners that are all gone, are checked on the next pass.
pub fn observe(c: &mut Cluster, change: &Change) {
    if let Some(uid) = change.removed_uid.as_deref() {
        let dependents: Vec<ObjectKey> = c.store.dependents(uid).cloned().collect();
        c.work.gc.extend(dependents);
        return;
    }
    if c.store
        .changed(change)
        .is_some_and(|s| is_orphan(c, &s.object))
    {
        c.work.gc.insert(change.key.clone());
    }
}

/// Whether an object has owners and none of them exists any more.
fn is_orphan(c: &Cluster, object: &crate::engine::Object) -> bool {
    let meta = object.metadata();
    let owners = meta.owner_references.as_deref().unwrap_or_default();
    meta.deletion_timestamp.is_none()
        && !owners.is_empty()
        && owners.iter().all(|owner| !c.store.uid_exists(&owner.uid))
}

/// Delete the queued objects that are still orphans.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let queue = c.work.gc.take();
    let mut changed = false;
    for key in queue {
        if c.store.get(&key).is_some_and(|s| is_orphan(c, &s.object)) {
            c.delete_object(&key);
            changed = true;
        }
    }
    Reconciled { changed }
}
