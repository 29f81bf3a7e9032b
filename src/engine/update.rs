//! Writes to an existing object that are not `apply`: what the API server does for
//! the PUT and PATCH requests behind `kubectl scale`, `set image`, `patch`, `label`
//! and `rollout restart|undo`. The same defaulting and update rules as `apply` run,
//! the server's own fields survive, and the text last applied is kept, so a later
//! `kubectl apply` of the unchanged file is still `unchanged`, as on a real cluster.

use super::{defaults, same_spec, Cluster, EngineError, Object, ObjectKey, Result};

/// What an update did to the stored object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// The stored object changed (and the controllers have reacted).
    Changed,
    /// The new version equals the stored one: nothing was written.
    Unchanged,
}

impl Cluster {
    /// Replace the stored object of the same kind, namespace and name with `object`,
    /// as a PUT of the whole object does: the caller reads the stored object, changes
    /// what it means to change, and hands it back.
    ///
    /// The API server's rules apply as for `apply` (defaulting, the fields a
    /// StatefulSet may not change, Service address allocation); `uid`,
    /// `creationTimestamp`, finalizers, owner references and the status are kept;
    /// `generation` grows when the spec changed. Then the controllers react.
    pub fn update(&mut self, mut object: Object) -> Result<UpdateOutcome> {
        let key = ObjectKey::of(&object);
        let Some(existing) = self.store.get(&key).cloned() else {
            return Err(EngineError::NotFound {
                resource: super::plural_resource(key.kind),
                name: key.name.to_string(),
            });
        };
        defaults::apply_defaults(&mut object, &self.store, &self.config.feature_gates);
        defaults::drop_disabled_fields(
            &mut object,
            Some(&existing.object),
            &self.config.feature_gates,
        );
        super::validation::check(&object, self.config.max_replicas)?;
        defaults::validate_update(&existing.object, &object)?;
        defaults::keep_server_fields(&existing.object, &mut object);
        if let (Object::Service(service), Object::Service(old)) = (&mut object, &existing.object) {
            super::controllers::service::allocate(self, service, Some(old))?;
        }
        let spec_changed = !same_spec(&existing.object, &object);
        let old = existing.object.metadata();
        let meta = object.metadata_mut();
        meta.uid = old.uid.clone();
        meta.creation_timestamp = old.creation_timestamp.clone();
        meta.deletion_timestamp = old.deletion_timestamp.clone();
        meta.deletion_grace_period_seconds = old.deletion_grace_period_seconds;
        meta.finalizers = old.finalizers.clone();
        meta.owner_references = old.owner_references.clone();
        meta.resource_version = old.resource_version.clone();
        meta.generation = Some(old.generation.unwrap_or(1) + i64::from(spec_changed));
        if object == existing.object {
            return Ok(UpdateOutcome::Unchanged);
        }
        self.store.put(object, existing.created, existing.applied);
        self.tick();
        Ok(UpdateOutcome::Changed)
    }
}
