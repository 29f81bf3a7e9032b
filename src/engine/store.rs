//! The object store: what the API server would keep in etcd.
//!
//! Objects are kept in a `BTreeMap` ordered by kind, namespace and name, so every
//! listing comes out in the same order on every platform. The store stamps
//! `resourceVersion` on every write and knows nothing of controllers.

use std::collections::BTreeMap;

use super::clock::SimTime;
use super::object::{Object, Resource};

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

    /// The key of a `T` named `name` in `namespace` ("" for cluster-wide kinds).
    pub fn new<T: Resource>(namespace: &str, name: &str) -> ObjectKey {
        ObjectKey {
            kind: T::KIND,
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        }
    }
}

/// An object as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub object: Object,
    /// When it was created, in simulated time.
    pub created: SimTime,
    /// What `kubectl apply` last sent for it, before defaulting; `None` for objects
    /// that controllers made. Re-applying the same text is then `unchanged`.
    pub applied: Option<Object>,
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

    /// The `T` named `name` in `namespace`, if any.
    pub fn get_as<T: Resource>(&self, namespace: &str, name: &str) -> Option<&T> {
        self.objects
            .get(&ObjectKey::new::<T>(namespace, name))
            .and_then(|stored| T::peek(&stored.object))
    }

    /// Every object, ordered by kind, namespace, then name.
    pub fn iter(&self) -> impl Iterator<Item = (&ObjectKey, &Stored)> {
        self.objects.iter()
    }

    /// Every `T` in `namespace` (or in all namespaces for `None`), ordered by namespace and name.
    pub fn list<'a, T: Resource + 'a>(
        &'a self,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a T)> + 'a {
        let start = ObjectKey {
            kind: T::KIND,
            namespace: namespace.unwrap_or("").to_owned(),
            name: String::new(),
        };
        self.objects
            .range(start..)
            .take_while(move |(key, _)| {
                key.kind == T::KIND && namespace.is_none_or(|ns| key.namespace == ns)
            })
            .filter_map(|(key, stored)| T::peek(&stored.object).map(|object| (key, object)))
    }

    /// A number that grows with every write: equal versions mean an unchanged store.
    pub fn version(&self) -> u64 {
        self.last_resource_version
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
    pub fn put(&mut self, mut object: Object, created: SimTime, applied: Option<Object>) {
        object.metadata_mut().resource_version = Some(self.next_resource_version());
        let key = ObjectKey::of(&object);
        self.objects.insert(
            key,
            Stored {
                object,
                created,
                applied,
            },
        );
    }

    /// Change the `T` under `key` in place; a change that leaves it equal is no write.
    /// Returns whether the object changed.
    pub fn update<T: Resource + PartialEq>(
        &mut self,
        key: &ObjectKey,
        change: impl FnOnce(&mut T),
    ) -> bool {
        let Some(stored) = self.objects.get_mut(key) else {
            return false;
        };
        let Some(object) = T::peek_mut(&mut stored.object) else {
            return false;
        };
        let before = object.clone();
        change(object);
        if *object == before {
            return false;
        }
        self.last_resource_version += 1;
        let version = self.last_resource_version.to_string();
        stored.object.metadata_mut().resource_version = Some(version);
        true
    }

    /// Change any object under `key` in place, as [`Store::update`] does for a typed one.
    pub fn update_object(&mut self, key: &ObjectKey, change: impl FnOnce(&mut Object)) -> bool {
        let Some(stored) = self.objects.get_mut(key) else {
            return false;
        };
        let before = stored.object.clone();
        change(&mut stored.object);
        if stored.object == before {
            return false;
        }
        self.last_resource_version += 1;
        let version = self.last_resource_version.to_string();
        stored.object.metadata_mut().resource_version = Some(version);
        true
    }

    /// Remove and return the object under `key`.
    pub fn remove(&mut self, key: &ObjectKey) -> Option<Stored> {
        let removed = self.objects.remove(key);
        if removed.is_some() {
            self.last_resource_version += 1;
        }
        removed
    }

    fn next_resource_version(&mut self) -> String {
        self.last_resource_version += 1;
        self.last_resource_version.to_string()
    }
}
