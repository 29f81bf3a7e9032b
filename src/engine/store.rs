//! The object store: what the API server would keep in etcd.
//!
//! Objects are kept in a `BTreeMap` so that every listing comes out in the same
//! order on every platform. The store stamps server-owned metadata (uid,
//! resourceVersion, generation) and knows nothing of controllers.

use std::collections::BTreeMap;

use super::clock::SimTime;
use super::object::Object;

/// Where an object lives: its kind, its namespace (empty for cluster-wide kinds) and its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    pub kind: &'static str,
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    /// The key an object is stored under.
    pub fn of(object: &Object) -> ObjectKey {
        ObjectKey {
            kind: object.kind(),
            namespace: object.metadata().namespace.clone().unwrap_or_default(),
            name: object.name().to_owned(),
        }
    }
}

/// An object as stored, with the simulated time it was created at.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub object: Object,
    pub created: SimTime,
}

/// All objects of the cluster, and the counter behind `resourceVersion`.
#[derive(Debug, Clone, Default)]
pub struct Store {
    objects: BTreeMap<ObjectKey, Stored>,
    last_resource_version: u64,
}

impl Store {
    /// The object under `key`, if any.
    pub fn get(&self, key: &ObjectKey) -> Option<&Stored> {
        self.objects.get(key)
    }

    /// Every object, ordered by kind, namespace, then name.
    pub fn iter(&self) -> impl Iterator<Item = (&ObjectKey, &Stored)> {
        self.objects.iter()
    }

    /// Number of stored objects.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// True when the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// Store `object` under its key, giving it the next `resourceVersion`.
    pub fn put(&mut self, mut object: Object, created: SimTime) -> &Stored {
        self.last_resource_version += 1;
        object.metadata_mut().resource_version = Some(self.last_resource_version.to_string());
        let key = ObjectKey::of(&object);
        self.objects.insert(key.clone(), Stored { object, created });
        &self.objects[&key]
    }

    /// Remove and return the object under `key`.
    pub fn remove(&mut self, key: &ObjectKey) -> Option<Stored> {
        self.objects.remove(key)
    }
}
