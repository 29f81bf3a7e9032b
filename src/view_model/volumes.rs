//! PersistentVolumes as `kubectl get pv` shows them: what survives a pod, a claim or
//! a StatefulSet, and what a Released or retained volume is waiting for.

use k8s_openapi::api::core::v1::PersistentVolume;

use crate::engine::Cluster;
use crate::i18n::Message;

use super::access_modes;

/// One PersistentVolume row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeView {
    pub name: String,
    pub capacity: String,
    /// ACCESS MODES, abbreviated (`RWO`).
    pub access_modes: String,
    /// RECLAIM POLICY: `Delete` or `Retain`.
    pub reclaim_policy: String,
    /// STATUS: `Available`, `Bound`, `Released`, `Failed`, or `Terminating`.
    pub status: String,
    /// CLAIM: `namespace/name`, empty when unclaimed.
    pub claim: String,
    pub storage_class: String,
    /// What a Released or Available volume means for the student, in plain words.
    pub note: Option<Message>,
    /// When it was created, in simulated milliseconds (its AGE is `view.age(created)`).
    pub created_millis: u64,
    /// The volume's resourceVersion the row was computed from.
    pub(crate) version: String,
}

/// Every PersistentVolume, by name.
pub fn volumes(c: &Cluster) -> Vec<VolumeView> {
    volumes_reusing(c, &[])
}

/// Every PersistentVolume, taking each row from `previous` (by name) when the volume's
/// resourceVersion did not change: a row is computed from the volume alone.
pub fn volumes_reusing(c: &Cluster, previous: &[VolumeView]) -> Vec<VolumeView> {
    c.store()
        .list::<PersistentVolume>(None)
        .map(|(key, pv)| {
            let version = pv.metadata.resource_version.as_deref().unwrap_or("");
            let before = previous
                .binary_search_by(|v| v.name.as_str().cmp(key.name.as_str()))
                .ok()
                .map(|at| &previous[at])
                .filter(|v| v.version == version);
            if let Some(before) = before {
                return before.clone();
            }
            let spec = pv.spec.clone().unwrap_or_default();
            let phase = pv
                .status
                .as_ref()
                .and_then(|s| s.phase.clone())
                .unwrap_or_else(|| "Pending".to_owned());
            let status = if pv.metadata.deletion_timestamp.is_some() {
                "Terminating".to_owned()
            } else {
                phase.clone()
            };
            let claim = spec
                .claim_ref
                .as_ref()
                .map(|r| {
                    format!(
                        "{}/{}",
                        r.namespace.as_deref().unwrap_or(""),
                        r.name.as_deref().unwrap_or("")
                    )
                })
                .unwrap_or_default();
            let reclaim_policy = spec
                .persistent_volume_reclaim_policy
                .clone()
                .unwrap_or_else(|| "Retain".to_owned());
            let note = match phase.as_str() {
                "Released" => Some(
                    Message::new("volume.note.released")
                        .with("claim", &claim)
                        .with("policy", &reclaim_policy),
                ),
                "Available" => Some(Message::new("volume.note.available")),
                _ => None,
            };
            VolumeView {
                name: key.name.to_string(),
                capacity: spec
                    .capacity
                    .as_ref()
                    .and_then(|c| c.get("storage"))
                    .map(|q| q.0.clone())
                    .unwrap_or_default(),
                access_modes: access_modes(spec.access_modes.as_deref()),
                reclaim_policy,
                status,
                claim,
                storage_class: spec.storage_class_name.clone().unwrap_or_default(),
                note,
                created_millis: c
                    .store()
                    .get(key)
                    .map(|s| s.created.as_millis())
                    .unwrap_or_default(),
                version: version.to_owned(),
            }
        })
        .collect()
}
