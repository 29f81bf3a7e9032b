//! The StatefulSet controller. Its identity rules (which ordinals a set owns, the
//! names of its pods, claims and DNS records) follow `stateful_set_utils.go`; its
//! reconcile pass follows `stateful_set_control.go`: revisions, then replicas in
//! ascending order, then condemned pods from the highest ordinal, then the rolling
//! update, then status. OrderedReady stops at the first pod that is not Running and
//! Ready; Parallel does not wait.

use k8s_openapi::api::apps::v1::StatefulSet;

/// The cluster's DNS domain.
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// `spec.replicas`, defaulted to 1 as the API server does.
pub fn replicas(sts: &StatefulSet) -> i32 {
    sts.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
}

/// Whether pods are managed one at a time (`OrderedReady`, the default) rather than `Parallel`.
pub fn is_ordered(sts: &StatefulSet) -> bool {
    sts.spec
        .as_ref()
        .and_then(|s| s.pod_management_policy.as_deref())
        != Some("Parallel")
}

/// Whether `updateStrategy.type` is `OnDelete`.
pub fn is_on_delete(sts: &StatefulSet) -> bool {
    sts.spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|s| s.type_.as_deref())
        == Some("OnDelete")
}

/// `updateStrategy.rollingUpdate.partition`, 0 when unset.
pub fn partition(sts: &StatefulSet) -> i32 {
    sts.spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.partition)
        .unwrap_or(0)
}

/// `spec.ordinals.start`, defaulted to 0.
pub fn ordinals_start(sts: &StatefulSet) -> i32 {
    sts.spec
        .as_ref()
        .and_then(|s| s.ordinals.as_ref())
        .and_then(|o| o.start)
        .unwrap_or(0)
}

/// The ordinals a StatefulSet wants right now: `start .. start + replicas`.
pub fn desired_ordinals(sts: &StatefulSet) -> std::ops::Range<i32> {
    let start = ordinals_start(sts);
    start..start.saturating_add(replicas(sts).max(0))
}

/// A pod's name: `<statefulset>-<ordinal>`.
pub fn pod_name(set_name: &str, ordinal: i32) -> String {
    [set_name, "-", &ordinal.to_string()].concat()
}

/// The name of the claim made from template `template` for pod `pod`: `<template>-<pod>`.
pub fn claim_name(template: &str, pod: &str) -> String {
    // The controllers' messages and names are joined rather than formatted: they are
    // made thousands of times in a scale-up, where `format!` costs several times more.
    [template, "-", pod].concat()
}

/// The stable DNS name a pod gets through its governing Service:
/// `<pod>.<serviceName>.<namespace>.svc.cluster.local`.
pub fn pod_dns_name(pod: &str, service_name: &str, namespace: &str) -> String {
    format!("{pod}.{service_name}.{namespace}.svc.{CLUSTER_DOMAIN}")
}

/// The ordinal-space value of `updateStrategy.rollingUpdate.maxUnavailable` for
/// `replicas` pods (`getStatefulSetMaxUnavailable`): a number as is, a percentage of
/// the replicas rounded down, and never less than 1. Unset means 1.
pub fn resolve_max_unavailable(value: Option<&IntOrString>, replicas: i32) -> i32 {
    let resolved = match value {
        None => 1,
        Some(IntOrString::Int(n)) => *n,
        Some(IntOrString::String(text)) => text
            .strip_suffix('%')
            .and_then(|p| p.trim().parse::<i64>().ok())
            .map(|percent| {
                let scaled = percent.saturating_mul(i64::from(replicas.max(0))) / 100;
                i32::try_from(scaled).unwrap_or(i32::MAX)
            })
            // A value the API server would have refused counts as the default.
            .unwrap_or(1),
    };
    resolved.max(1)
}

/// `updateStrategy.rollingUpdate.maxUnavailable` as written, if any.
pub fn max_unavailable(sts: &StatefulSet) -> Option<&IntOrString> {
    sts.spec
        .as_ref()?
        .update_strategy
        .as_ref()?
        .rolling_update
        .as_ref()?
        .max_unavailable
        .as_ref()
}

// ---------------------------------------------------------------------------
// The controller: one reconcile pass per StatefulSet, in the order of upstream's
// `stateful_set_control.go`.
// ---------------------------------------------------------------------------

use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSetStatus};
use k8s_openapi::api::core::v1::{
    PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, Pod,
    PodSpec, PodTemplateSpec, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::kubelet::{is_ready, phase};
use super::pod_views::{PodView, Pods, Rules};
use super::{requeue_at, Controller, Queue};
use crate::engine::defaults::default_claim_spec;
use crate::engine::labels::selector_matches;
use crate::engine::store::{Change, KeyMap, KeyParts, KeySet, Name};
use crate::engine::{Cluster, EventType, InvolvedObject, ObjectKey, Reconciled, Resource, SimTime};

/// Label naming the pod a StatefulSet pod is (`statefulset.kubernetes.io/pod-name`).
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// Label carrying a pod's ordinal (`apps.kubernetes.io/pod-index`).
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// Label naming the ControllerRevision a pod was made from.
pub const REVISION_LABEL: &str = "controller-revision-hash";

const SOURCE: &str = "statefulset-controller";

/// The controller's queue and memory.
#[derive(Debug, Clone, Default)]
pub struct State {
    queue: Queue,
    /// What the controller knows of each set's pods, kept up to date from the watch
    /// (an informer's cache): a sync looks again only at the pods that changed.
    caches: KeyMap<ObjectKey, SetCache>,
    /// The store version of each set's last status write by this controller: that
    /// write coming back through the watch is no reason to look again.
    status_written: KeyMap<ObjectKey, u64>,
    /// Each set's (generation, update revision) as last computed, by set UID.
    revisions: KeyMap<String, (i64, String)>,
}

impl State {
    pub(crate) fn pending(&self) -> bool {
        !self.queue.is_empty()
    }

    pub(crate) fn enqueue(&mut self, key: ObjectKey) {
        self.queue.insert(key);
    }

    /// Queue the set `set` of `namespace` because its pod `pod` changed.
    fn pod_changed(&mut self, namespace: &str, set: &str, pod: Name) {
        let key: &dyn KeyParts = &("StatefulSet", namespace, set);
        match self.caches.get_mut(key) {
            Some(cache) => {
                if !cache.stale {
                    cache.dirty.insert(pod);
                }
                self.queue.add_parts("StatefulSet", namespace, set);
            }
            None => self.changed(&ObjectKey::new::<StatefulSet>(namespace, set), Some(pod)),
        }
    }

    /// Queue a set, noting which of its pods changed (`None`: the set itself).
    fn changed(&mut self, set: &ObjectKey, pod: Option<Name>) {
        if !self.caches.contains_key(set) {
            self.caches.insert(set.clone(), SetCache::default());
        }
        if let Some(cache) = self.caches.get_mut(set) {
            match pod {
                Some(pod) if !cache.stale => {
                    cache.dirty.insert(pod);
                }
                Some(_) => {}
                None => cache.stale = true,
            }
        }
        self.queue.add(set);
    }
}

/// A set's pods as the controller last saw them.
#[derive(Debug, Clone)]
struct SetCache {
    /// The set UID the views belong to: a new set of the same name starts afresh.
    uid: String,
    pods: Pods,
    /// Pods (by name) to look at again; looked at in name order. (A hash set: a pod
    /// is noted many times per pass, and ordering once when they are looked at is
    /// cheaper than keeping them ordered.)
    dirty: KeySet<Name>,
    /// Every pod must be looked at again (the set itself changed).
    stale: bool,
}

impl Default for SetCache {
    fn default() -> Self {
        SetCache {
            uid: String::new(),
            pods: Pods::default(),
            dirty: KeySet::default(),
            stale: true,
        }
    }
}

/// The ordinal in a pod name `<set>-<ordinal>`, if the name has that shape.
pub fn parse_ordinal(set_name: &str, pod_name: &str) -> Option<i32> {
    let (parent, ordinal) = pod_name.rsplit_once('-')?;
    if parent != set_name || !is_ordinal(ordinal) {
        return None;
    }
    ordinal.parse().ok()
}

/// Whether `text` is an ordinal as pod names spell it: decimal digits, no leading zero.
fn is_ordinal(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

/// The StatefulSet a pod name `<set>-<ordinal>` would belong to.
fn parent_of(pod_name: &str) -> Option<&str> {
    let (parent, ordinal) = pod_name.rsplit_once('-')?;
    is_ordinal(ordinal).then_some(parent)
}

/// The controller's event handler: a set is synced when it, one of its pods, one of
/// its claims or one of its revisions changes.
pub fn observe(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    match key.kind {
        "StatefulSet" => {
            let state = &mut c.work.statefulset;
            if c.store.changed(change).is_none() {
                state.status_written.remove(key);
                state.caches.remove(key);
                state.queue.remove(key);
                c.work.timers.set(Controller::StatefulSet, key, None);
            } else if state.status_written.get(key) == Some(&change.version) {
                // Its own status write: nothing the pods' views depend on changed.
                state.status_written.remove(key);
            } else {
                state.changed(key, None);
            }
        }
        "Pod" => {
            if let Some(parent) = parent_of(&key.name) {
                if c.get::<StatefulSet>(&key.namespace, parent).is_some() {
                    c.work
                        .statefulset
                        .pod_changed(&key.namespace, parent, key.name.clone());
                }
            }
        }
        "ControllerRevision" => {
            // Revisions are `<set>-<hash>`.
            if let Some((parent, _)) = key.name.rsplit_once('-') {
                if c.get::<StatefulSet>(&key.namespace, parent).is_some() {
                    let set = ObjectKey::new::<StatefulSet>(&key.namespace, parent);
                    c.work.statefulset.enqueue(set);
                }
            }
        }
        "PersistentVolumeClaim" => {
            // A claim is `<template>-<set>-<ordinal>`: each dash may end the template.
            let name = key.name.as_str();
            for (dash, _) in name.match_indices('-') {
                let (template, pod) = (&name[..dash], &name[dash + 1..]);
                let Some(parent) = parent_of(pod) else {
                    continue;
                };
                let has_template = c
                    .store
                    .get_as::<StatefulSet>(&key.namespace, parent)
                    .iter()
                    .flat_map(|set| set.spec.iter())
                    .flat_map(|s| s.volume_claim_templates.iter().flatten())
                    .any(|t| t.metadata.name.as_deref() == Some(template));
                if has_template {
                    c.work
                        .statefulset
                        .pod_changed(&key.namespace, parent, Name::from(pod));
                }
            }
        }
        _ => {}
    }
}

/// One pass over every StatefulSet that changed or whose timer is due.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let queue = c.work.statefulset.queue.take();
    let mut changed = false;
    for key in queue {
        let (set_changed, wake) = reconcile_set(c, &key);
        changed |= set_changed;
        requeue_at(c, Controller::StatefulSet, &key, wake);
    }
    Reconciled { changed }
}

/// What one pass over a set works with.
struct Sync<'a> {
    set: &'a StatefulSet,
    key: &'a ObjectKey,
    namespace: &'a str,
    name: &'a str,
    uid: &'a str,
    update_revision: &'a str,
    current_revision: &'a str,
    min_ready_millis: u64,
    /// The spec of a claim made from each `volumeClaimTemplate`, as the API server
    /// admits it (the default StorageClass filled in).
    claim_specs: Vec<PersistentVolumeClaimSpec>,
}

fn reconcile_set(c: &mut Cluster, key: &ObjectKey) -> (bool, Option<SimTime>) {
    let Some(set) = c.store.get_typed::<StatefulSet>(key).cloned() else {
        return (false, None);
    };
    let (Some(spec), Some(uid)) = (set.spec.as_ref(), set.metadata.uid.as_deref()) else {
        return (false, None);
    };
    let mut changed = false;

    // 1. Revisions: the update revision is the current template's.
    let (update_revision, revision_changed) = ensure_revision(c, &set);
    changed |= revision_changed;
    let current_revision = set
        .status
        .as_ref()
        .and_then(|s| s.current_revision.clone())
        .unwrap_or_else(|| update_revision.clone());
    let sync = Sync {
        set: &set,
        key,
        namespace: &key.namespace,
        name: &key.name,
        uid,
        update_revision: &update_revision,
        current_revision: &current_revision,
        min_ready_millis: u64::try_from(spec.min_ready_seconds.unwrap_or(0)).unwrap_or(0) * 1000,
        claim_specs: spec
            .volume_claim_templates
            .iter()
            .flatten()
            .map(|template| {
                let mut claim_spec = template.spec.clone().unwrap_or_default();
                default_claim_spec(&mut claim_spec, &c.store);
                claim_spec
            })
            .collect(),
    };

    // 2. Bring the views of changed pods up to date. Adopt orphans that match the
    // selector and carry our name; release pods that no longer match it (ClaimPods in
    // the upstream controller).
    let range = desired_ordinals(&set);
    let rules = Rules {
        first_updatable: (!is_on_delete(&set))
            .then(|| range.start.saturating_add(partition(&set).max(0))),
        range,
        update_revision: Name::from(update_revision.as_str()),
        min_ready_millis: sync.min_ready_millis,
    };
    let mut cache = c.work.statefulset.caches.remove(key).unwrap_or_default();
    let (adopt, release) = refresh(c, &sync, &mut cache, &rules);
    if adopt_and_release(c, &sync, &adopt, &release) {
        // The sync goes on with the pods it just claimed, as upstream's does.
        cache
            .dirty
            .extend(adopt.iter().chain(&release).map(|k| k.name.clone()));
        refresh(c, &sync, &mut cache, &rules);
        changed = true;
    }
    let pods = &mut cache.pods;

    // 3-9. Replicas, condemned pods, the rolling update.
    changed |= sync_pods(c, &sync, pods);

    // Availability changes with time alone: ask to be woken when a pod becomes available.
    let wake = pods.next_available(c.now);

    // 10. Status, counted from the pods as the controller knows them. (Pods it created
    // or deleted in this pass come back through the watch and are counted next pass.)
    let (status_changed, current_now) = write_status(c, key, &sync, pods);
    changed |= status_changed;
    // 11. Trim history: old revisions no pod uses, beyond revisionHistoryLimit. (The
    // current revision is the one just written: upstream's next sync, which its own
    // status write triggers, would trim with it.)
    let live: Vec<String> = pods.revisions().map(str::to_owned).collect();
    changed |= trim_history(c, &sync, live, &current_now);
    c.work.statefulset.caches.insert(key.clone(), cache);
    (changed, wake)
}

/// Steps 3 to 9 of a sync: replicas ascending, claims of condemned pods, condemned
/// pods from the highest ordinal, then the rolling update. Pods that are plainly fine
/// (Running, Ready, available, up to date, nothing to put right) take no part in any
/// of the steps, so only the others are looked at. Returns whether it changed anything.
fn sync_pods(c: &mut Cluster, sync: &Sync, pods: &mut Pods) -> bool {
    let set = sync.set;
    let range = pods.rules().range.clone();
    let start = range.start;
    let monotonic = is_ordered(set);
    let on_delete = is_on_delete(set);
    let partition = partition(set);
    let now = c.now;
    let min_ready = sync.min_ready_millis;
    let mut changed = false;
    // Pods found plainly fine on the way: they need no look next time.
    let mut fine: Vec<i32> = Vec::new();
    let condemned: Vec<PodView> = pods.condemned().cloned().collect();

    // 5. Replicas, ascending (`processReplica`). Under OrderedReady the first pod that
    // is not Running, Ready and available stops the pass; Parallel goes on.
    let to_visit: Vec<i32> = if monotonic {
        // Nothing past the first pod that stops the pass is looked at.
        let mut ordinals = Vec::new();
        for ordinal in pods.to_look_at(range.clone()) {
            ordinals.push(ordinal);
            let stops = pods
                .get(ordinal)
                .is_none_or(|pod| pod.finished || !pod.healthy() || !pod.available(now, min_ready));
            if stops {
                break;
            }
        }
        ordinals
    } else {
        pods.to_look_at(range.clone()).collect()
    };
    'replicas: for ordinal in to_visit {
        match pods.get(ordinal) {
            Some(pod) if pod.finished => {
                // A Failed or Succeeded pod is deleted, then recreated on a later pass.
                if !pod.terminating {
                    delete_pod(c, sync, &pod.name);
                    changed = true;
                }
                if monotonic {
                    return finish(pods, fine, changed);
                }
            }
            None => {
                let name = pod_name(sync.name, ordinal);
                // A claim still owned by an earlier pod of this name blocks its creation.
                if claim_is_stale(c, sync, &name) {
                    if monotonic {
                        return finish(pods, fine, changed);
                    }
                    continue 'replicas;
                }
                let revision = if on_delete || ordinal >= start.saturating_add(partition) {
                    sync.update_revision
                } else {
                    sync.current_revision
                };
                changed |= create_pod(c, sync, ordinal, revision);
                if monotonic {
                    return finish(pods, fine, changed);
                }
            }
            Some(pod) => {
                // A Pending pod gets back a claim someone deleted.
                if pod.pending && !pod.terminating && !pod.claims_exist {
                    changed |= create_claims(c, sync, &pod.name).0;
                }
                if monotonic && (!pod.healthy() || !pod.available(now, min_ready)) {
                    return finish(pods, fine, changed);
                }
                if enforce_invariants(c, sync, pod, false) {
                    changed = true;
                } else if pods.quiet(pod, now) {
                    fine.push(ordinal);
                }
            }
        }
    }

    // 6. Claims of condemned pods get the owner references the retention policy implies.
    for pod in &condemned {
        changed |= enforce_invariants(c, sync, pod, true);
    }

    // 7. Condemned pods, highest ordinal first (`processCondemned`); OrderedReady waits
    // for each to be gone. Only the lowest-ordinal unhealthy pod may go while unhealthy.
    let first_unhealthy = pods
        .first_missing(range.start)
        .into_iter()
        .chain(
            pods.attention_in(range.clone())
                .filter(|p| !p.healthy())
                .map(|p| p.ordinal)
                .take(1),
        )
        .chain(condemned.iter().filter(|p| !p.healthy()).map(|p| p.ordinal))
        .min();
    for pod in &condemned {
        if pod.terminating {
            if monotonic {
                return finish(pods, fine, changed);
            }
            continue;
        }
        let blocked = !pod.healthy() || !pod.available(now, min_ready);
        if monotonic && blocked && Some(pod.ordinal) != first_unhealthy {
            return finish(pods, fine, changed);
        }
        delete_pod(c, sync, &pod.name);
        changed = true;
        if monotonic {
            return finish(pods, fine, changed);
        }
    }

    // 8. OnDelete replaces nothing by itself.
    let Some(first_updatable) = pods.rules().first_updatable.filter(|_| !on_delete) else {
        return finish(pods, fine, changed);
    };
    let updatable = first_updatable.max(range.start)..range.end;
    // 9. Rolling update, from the highest ordinal down to the partition.
    if c.config.feature_gates.max_unavailable_stateful_set {
        // `updateStatefulSetAfterInvariantEstablished`: as many outdated pods go at once as
        // maxUnavailable allows, counting the pods of the whole range that are unavailable.
        let max = resolve_max_unavailable(max_unavailable(set), replicas(set));
        let unavailable = pods.missing_count()
            + pods
                .attention_in(range.clone())
                .filter(|p| !p.healthy() || !p.available(now, min_ready))
                .count() as i64;
        let mut allowed = i64::from(max).saturating_sub(unavailable);
        let outdated: Vec<Name> = pods
            .attention_in(updatable)
            .rev()
            .filter(|p| !p.at(sync.update_revision) && !p.terminating)
            .map(|p| p.name.clone())
            .collect();
        for name in outdated {
            if allowed <= 0 {
                break;
            }
            delete_pod(c, sync, &name);
            changed = true;
            allowed -= 1;
        }
        return finish(pods, fine, changed);
    }
    // Plainly fine pods let the walk down go on, so it stops at the highest of: a
    // missing pod, an outdated one, or one not Running, Ready and available.
    let last_missing = pods.last_missing().filter(|o| updatable.contains(o));
    let candidates = pods.attention_in(updatable).rev();
    for pod in candidates {
        if last_missing.is_some_and(|missing| missing > pod.ordinal) {
            break;
        }
        if !pod.at(sync.update_revision) {
            if !pod.terminating {
                let name = pod.name.clone();
                delete_pod(c, sync, &name);
                changed = true;
            }
            break;
        }
        if !pod.healthy() || !pod.available(now, min_ready) {
            break;
        }
    }
    finish(pods, fine, changed)
}

/// End a sync: pods found plainly fine leave the attention list. (A view does not
/// change during a sync, so whether it is plainly fine is judged when it is looked at.)
fn finish(pods: &mut Pods, fine: Vec<i32>, changed: bool) -> bool {
    for ordinal in fine {
        pods.settle(ordinal);
    }
    changed
}

/// Bring a set's cached pod views up to date: every pod when the set (or what its
/// pods are judged by) changed, else only the pods that changed. Returns the pods to
/// adopt and to release.
fn refresh(
    c: &Cluster,
    sync: &Sync,
    cache: &mut SetCache,
    rules: &Rules,
) -> (Vec<ObjectKey>, Vec<ObjectKey>) {
    let mut adopt = Vec::new();
    let mut release = Vec::new();
    let mut claim = String::new();
    let now = c.now;
    let mut visit = |name: &Name, pod: Option<&Pod>, pods: &mut Pods| {
        let Some(ordinal) = parse_ordinal(sync.name, name) else {
            return;
        };
        if pods.named(ordinal, name).is_some() {
            pods.remove(ordinal);
        }
        let Some(pod) = pod else {
            return;
        };
        let (view, candidate) = view_of(c, sync, name, ordinal, pod, rules, &mut claim);
        match candidate {
            Some(true) => adopt.push(ObjectKey::new::<Pod>(sync.namespace, name)),
            Some(false) => release.push(ObjectKey::new::<Pod>(sync.namespace, name)),
            None => {}
        }
        if let Some(view) = view {
            pods.insert(view, now);
        }
    };
    if cache.stale || cache.uid != sync.uid || cache.pods.rules() != rules {
        cache.pods = Pods::new(rules.clone());
        cache.dirty.clear();
        cache.stale = false;
        cache.uid = sync.uid.to_owned();
        let prefix = format!("{}-", sync.name);
        for (pod_key, pod) in c.store.list_prefixed::<Pod>(sync.namespace, &prefix) {
            visit(&pod_key.name, Some(pod), &mut cache.pods);
        }
    } else {
        let mut dirty: Vec<Name> = cache.dirty.drain().collect();
        dirty.sort_unstable();
        for name in dirty {
            let pod = c.get::<Pod>(sync.namespace, &name);
            visit(&name, pod, &mut cache.pods);
        }
    }
    (adopt, release)
}

/// The view of one pod named like the set's, if the set controls it, and whether it
/// is to be adopted (`Some(true)`) or released (`Some(false)`).
fn view_of(
    c: &Cluster,
    sync: &Sync,
    name: &Name,
    ordinal: i32,
    pod: &Pod,
    rules: &Rules,
    claim: &mut String,
) -> (Option<PodView>, Option<bool>) {
    let meta = &pod.metadata;
    let selector = sync.set.spec.as_ref().map(|s| &s.selector);
    let controller = meta
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true));
    let ours = controller.is_some_and(|r| r.uid == sync.uid);
    let candidate = match controller {
        _ if meta.deletion_timestamp.is_some() => None,
        None if selector_matches(selector, meta.labels.as_ref()) => Some(true),
        Some(_) if ours && !selector_matches(selector, meta.labels.as_ref()) => Some(false),
        _ => None,
    };
    if !ours {
        return (None, candidate);
    }
    let labels = meta.labels.as_ref();
    let phase = phase(pod);
    let uid = meta.uid.as_deref().unwrap_or("");
    let (claims_ok, claims_exist) =
        claims_match_retention(c, sync, name, uid, !rules.range.contains(&ordinal), claim);
    let view = PodView {
        name: name.clone(),
        ordinal,
        // Most pods are at the update revision: their views share its name.
        revision: match labels.and_then(|l| l.get(REVISION_LABEL)) {
            Some(revision) if *revision == rules.update_revision => rules.update_revision.clone(),
            Some(revision) => Name::from(revision.as_str()),
            None => Name::default(),
        },
        terminating: meta.deletion_timestamp.is_some(),
        finished: matches!(phase, "Failed" | "Succeeded"),
        pending: phase == "Pending",
        running_ready: phase == "Running" && is_ready(pod),
        ready_since: c.runtime.get(uid).and_then(|r| r.ready_since),
        identity_ok: labels
            .and_then(|l| l.get(POD_NAME_LABEL))
            .map(String::as_str)
            == Some(name),
        claims_ok,
        claims_exist,
    };
    (Some(view), candidate)
}

/// Take ownership of pods that have no controller, match the selector and are named
/// `<set>-<ordinal>`; give up pods whose labels stopped matching.
fn adopt_and_release(
    c: &mut Cluster,
    sync: &Sync,
    adopt: &[ObjectKey],
    release: &[ObjectKey],
) -> bool {
    for pod in adopt {
        c.store.write::<Pod>(pod, |p| {
            p.metadata
                .owner_references
                .get_or_insert_with(Vec::new)
                .push(owner_reference(sync.set));
            true
        });
    }
    for pod in release {
        c.store.write::<Pod>(pod, |p| {
            if let Some(owners) = p.metadata.owner_references.as_mut() {
                owners.retain(|r| r.uid != sync.uid);
            }
            if p.metadata
                .owner_references
                .as_ref()
                .is_some_and(Vec::is_empty)
            {
                p.metadata.owner_references = None;
            }
            true
        });
    }
    !adopt.is_empty() || !release.is_empty()
}

/// Delete the oldest revisions that are neither current, nor the update revision,
/// nor named by any pod, keeping `revisionHistoryLimit` of them (`truncateHistory`).
fn trim_history(c: &mut Cluster, sync: &Sync, mut live: Vec<String>, current: &str) -> bool {
    let limit = sync
        .set
        .spec
        .as_ref()
        .and_then(|s| s.revision_history_limit)
        .unwrap_or(10)
        .max(0);
    live.push(current.to_owned());
    live.push(sync.update_revision.to_owned());
    let mut history: Vec<(i64, ObjectKey)> = c
        .store
        .list::<ControllerRevision>(Some(sync.namespace))
        .filter(|(_, r)| is_controlled_by(&r.metadata, sync.uid))
        .filter(|(k, _)| !live.iter().any(|name| *name == k.name))
        .map(|(k, r)| (r.revision, k.clone()))
        .collect();
    let limit = usize::try_from(limit).unwrap_or(0);
    if history.len() <= limit {
        return false;
    }
    history.sort();
    let excess = history.len() - limit;
    for (_, key) in history.into_iter().take(excess) {
        c.store.remove(&key);
    }
    true
}

fn is_controlled_by(meta: &ObjectMeta, owner_uid: &str) -> bool {
    meta.owner_references
        .iter()
        .flatten()
        .any(|r| r.controller == Some(true) && r.uid == owner_uid)
}

fn owner_reference(set: &StatefulSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_owned(),
        kind: "StatefulSet".to_owned(),
        name: set.metadata.name.clone().unwrap_or_default(),
        uid: set.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn pod_owner_reference(name: &str, uid: &str) -> OwnerReference {
    OwnerReference {
        api_version: "v1".to_owned(),
        kind: "Pod".to_owned(),
        name: name.to_owned(),
        uid: uid.to_owned(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn set_ref(sync: &Sync) -> InvolvedObject {
    InvolvedObject::of(sync.key)
}

fn delete_pod(c: &mut Cluster, sync: &Sync, pod: &str) {
    c.delete_object(&ObjectKey::new::<Pod>(sync.namespace, pod));
    c.record(
        EventType::Normal,
        "SuccessfulDelete",
        set_ref(sync),
        SOURCE,
        format!("delete Pod {pod} in StatefulSet {} successful", sync.name),
    );
}

// ---------------------------------------------------------------------------
// Claims and the retention policy (`stateful_set_utils.go`, `stateful_pod_control.go`).
// ---------------------------------------------------------------------------

/// Whether `whenScaled` / `whenDeleted` say Delete.
fn retention(set: &StatefulSet) -> (bool, bool) {
    let policy = set
        .spec
        .as_ref()
        .and_then(|s| s.persistent_volume_claim_retention_policy.as_ref());
    let delete = |p: Option<&str>| p == Some("Delete");
    (
        delete(policy.and_then(|p| p.when_scaled.as_deref())),
        delete(policy.and_then(|p| p.when_deleted.as_deref())),
    )
}

/// The names of the claims a set's pod `pod` mounts, one per template.
fn claims_of<'a>(set: &'a StatefulSet, pod: &'a str) -> impl Iterator<Item = String> + 'a {
    set.spec
        .iter()
        .flat_map(|s| s.volume_claim_templates.iter().flatten())
        .map(move |t| claim_name(t.metadata.name.as_deref().unwrap_or(""), pod))
}

/// An owner (the set or one of its pods) as the retention rules compare it.
struct Owner<'a> {
    api_version: &'a str,
    kind: &'a str,
    name: &'a str,
    uid: &'a str,
}

impl Owner<'_> {
    /// Same kind and name (`matchesRef`).
    fn matches(&self, r: &OwnerReference) -> bool {
        r.api_version == self.api_version && r.kind == self.kind && r.name == self.name
    }

    /// Names this very object (`hasOwnerRef`).
    fn owns(&self, refs: &[OwnerReference]) -> bool {
        refs.iter().any(|r| r.uid == self.uid)
    }

    /// Names an object of this kind and name but another UID (`hasStaleOwnerRef`).
    fn stale_in(&self, refs: &[OwnerReference]) -> bool {
        refs.iter()
            .find(|r| self.matches(r))
            .is_some_and(|r| r.uid != self.uid)
    }
}

/// Another controller manages the claim (`hasUnexpectedController`); under a Retain /
/// Retain policy that is no concern.
fn unexpected_controller(
    refs: &[OwnerReference],
    policy: (bool, bool),
    set: &Owner,
    pod: &Owner,
) -> bool {
    if policy == (false, false) {
        return false;
    }
    refs.iter().any(|r| {
        if set.matches(r) {
            r.uid != set.uid
        } else if pod.matches(r) {
            r.uid != pod.uid
        } else {
            r.controller == Some(true)
        }
    })
}

/// Whether a claim's owner references agree with the retention policy
/// (`isClaimOwnerUpToDate`). Claims with stale references or another controller are
/// left alone.
fn claim_owners_up_to_date(
    refs: &[OwnerReference],
    policy: (bool, bool),
    set: &Owner,
    pod: &Owner,
    condemned: bool,
) -> bool {
    if set.stale_in(refs) || pod.stale_in(refs) {
        return true;
    }
    if unexpected_controller(refs, policy, set, pod) {
        return !(set.owns(refs) || pod.owns(refs));
    }
    let non_controller = refs
        .iter()
        .any(|r| (r.uid == set.uid || r.uid == pod.uid) && r.controller != Some(true));
    if non_controller {
        return false;
    }
    let (set_ref, pod_ref) = (set.owns(refs), pod.owns(refs));
    match policy {
        (false, false) => !set_ref && !pod_ref,
        (false, true) => set_ref && !pod_ref,
        (true, false) => !set_ref && condemned == pod_ref,
        (true, true) => condemned != set_ref && condemned == pod_ref,
    }
}

/// The owner references a claim gets (`updateClaimOwnerRefForSetAndPod`): ours are
/// scrubbed, then the policy's are added, unless another controller manages it.
fn claim_owners(
    refs: &[OwnerReference],
    policy: (bool, bool),
    set: &Owner,
    pod: &Owner,
    condemned: bool,
    set_object: &StatefulSet,
) -> Vec<OwnerReference> {
    let unexpected = unexpected_controller(refs, policy, set, pod);
    let mut owners: Vec<OwnerReference> = refs
        .iter()
        .filter(|r| !set.matches(r) && !pod.matches(r))
        .cloned()
        .collect();
    if unexpected {
        return owners;
    }
    let mut add = |owner: OwnerReference| {
        if !owners.iter().any(|r| r.uid == owner.uid) {
            owners.push(owner);
        }
    };
    match policy {
        (false, false) => {}
        (false, true) => add(owner_reference(set_object)),
        (true, when_deleted) => {
            if condemned {
                add(pod_owner_reference(pod.name, pod.uid));
            } else if when_deleted {
                add(owner_reference(set_object));
            }
        }
    }
    owners
}

/// The set and one of its pods as owners, for the retention rules.
fn owners<'a>(sync: &'a Sync, pod: &'a str, pod_uid: &'a str) -> (Owner<'a>, Owner<'a>) {
    (
        Owner {
            api_version: "apps/v1",
            kind: "StatefulSet",
            name: sync.name,
            uid: sync.uid,
        },
        Owner {
            api_version: "v1",
            kind: "Pod",
            name: pod,
            uid: pod_uid,
        },
    )
}

/// `ClaimsMatchRetentionPolicy`: whether every existing claim of the pod has the
/// owner references the retention policy implies, and whether all its claims exist.
/// `claim` is a buffer for the claim names.
fn claims_match_retention(
    c: &Cluster,
    sync: &Sync,
    pod: &str,
    pod_uid: &str,
    condemned: bool,
    claim: &mut String,
) -> (bool, bool) {
    let policy = retention(sync.set);
    let (set, pod_owner) = owners(sync, pod, pod_uid);
    let templates = sync
        .set
        .spec
        .iter()
        .flat_map(|s| s.volume_claim_templates.iter().flatten());
    let (mut up_to_date, mut exist) = (true, true);
    for template in templates {
        claim.clear();
        claim.push_str(template.metadata.name.as_deref().unwrap_or(""));
        claim.push('-');
        claim.push_str(pod);
        let Some(pvc) = c.get::<PersistentVolumeClaim>(sync.namespace, claim) else {
            exist = false;
            continue;
        };
        let refs = pvc.metadata.owner_references.as_deref().unwrap_or_default();
        up_to_date &= claim_owners_up_to_date(refs, policy, &set, &pod_owner, condemned);
    }
    (up_to_date, exist)
}

/// `UpdatePodClaimForRetentionPolicy`: give each claim of the pod the owner references
/// the policy implies, warning (`ConflictingController`) about a claim another
/// controller manages, whose policy is then ignored. Returns whether a claim changed.
fn update_claims_for_retention(
    c: &mut Cluster,
    sync: &Sync,
    pod: &str,
    pod_uid: &str,
    condemned: bool,
) -> bool {
    let policy = retention(sync.set);
    let (set, pod_owner) = owners(sync, pod, pod_uid);
    let mut changed = false;
    for claim in claims_of(sync.set, pod).collect::<Vec<_>>() {
        let Some(refs) = c
            .get::<PersistentVolumeClaim>(sync.namespace, &claim)
            .map(|pvc| pvc.metadata.owner_references.clone().unwrap_or_default())
        else {
            continue;
        };
        if unexpected_controller(&refs, policy, &set, &pod_owner) {
            c.record(
                EventType::Warning,
                "ConflictingController",
                set_ref(sync),
                SOURCE,
                format!(
                    "PersistentVolumeClaim {claim} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"
                ),
            );
        }
        if claim_owners_up_to_date(&refs, policy, &set, &pod_owner, condemned) {
            continue;
        }
        let owners = claim_owners(&refs, policy, &set, &pod_owner, condemned, sync.set);
        let key = ObjectKey::new::<PersistentVolumeClaim>(sync.namespace, &claim);
        changed |= c.store.write::<PersistentVolumeClaim>(&key, |pvc| {
            pvc.metadata.owner_references = (!owners.is_empty()).then_some(owners);
            true
        });
    }
    changed
}

/// Keep a pod's claims in line with the retention policy; for a pod in range also
/// its identity labels (`UpdateStatefulPod`, reported as `SuccessfulUpdate`).
fn enforce_invariants(c: &mut Cluster, sync: &Sync, pod: &PodView, condemned: bool) -> bool {
    if pod.claims_ok && (condemned || pod.identity_ok) {
        return false;
    }
    let Some(pod_uid) = c
        .get::<Pod>(sync.namespace, &pod.name)
        .and_then(|p| p.metadata.uid.clone())
    else {
        return false;
    };
    if condemned {
        return update_claims_for_retention(c, sync, &pod.name, &pod_uid, true);
    }
    if !pod.claims_ok {
        update_claims_for_retention(c, sync, &pod.name, &pod_uid, false);
    }
    let key = ObjectKey::new::<Pod>(sync.namespace, &pod.name);
    let ordinal = pod.ordinal.to_string();
    c.store.write::<Pod>(&key, |p| {
        let labels = p.metadata.labels.get_or_insert_with(Default::default);
        labels.insert(POD_NAME_LABEL.to_owned(), String::from(&pod.name));
        labels.insert(POD_INDEX_LABEL.to_owned(), ordinal);
        true
    });
    c.record(
        EventType::Normal,
        "SuccessfulUpdate",
        set_ref(sync),
        SOURCE,
        format!(
            "update Pod {} in StatefulSet {} successful",
            pod.name, sync.name
        ),
    );
    true
}

/// `PodClaimIsStale`: under `whenScaled: Delete`, a claim that still names an earlier
/// pod of this name as its owner must go (with that pod) before the pod is made again.
fn claim_is_stale(c: &Cluster, sync: &Sync, pod: &str) -> bool {
    if !retention(sync.set).0 {
        return false;
    }
    // The pod is not created yet, so any reference to a pod of its name is stale.
    claims_of(sync.set, pod).any(|claim| {
        c.get::<PersistentVolumeClaim>(sync.namespace, &claim)
            .and_then(|pvc| pvc.metadata.owner_references.as_ref())
            .is_some_and(|refs| {
                refs.iter()
                    .any(|r| r.api_version == "v1" && r.kind == "Pod" && r.name == pod)
            })
    })
}

/// Create the missing claims of pod `pod` (`createPersistentVolumeClaims`). Returns
/// whether any was created, and the name of a claim that is being deleted, if any.
fn create_claims(c: &mut Cluster, sync: &Sync, pod: &str) -> (bool, Option<String>) {
    let Some(spec) = sync.set.spec.as_ref() else {
        return (false, None);
    };
    let (_, when_deleted) = retention(sync.set);
    let mut created = false;
    let mut deleting = None;
    let templates = spec.volume_claim_templates.iter().flatten();
    for (template, claim_spec) in templates.zip(&sync.claim_specs) {
        let template_name = template.metadata.name.as_deref().unwrap_or("");
        let claim = claim_name(template_name, pod);
        match c.get::<PersistentVolumeClaim>(sync.namespace, &claim) {
            Some(existing) => {
                if existing.metadata.deletion_timestamp.is_some() {
                    deleting.get_or_insert(claim);
                }
            }
            None => {
                let mut labels = template.metadata.labels.clone().unwrap_or_default();
                labels.extend(spec.selector.match_labels.clone().unwrap_or_default());
                let pvc = PersistentVolumeClaim {
                    metadata: ObjectMeta {
                        name: Some(claim.clone()),
                        namespace: Some(sync.namespace.to_owned()),
                        labels: (!labels.is_empty()).then_some(labels),
                        annotations: template.metadata.annotations.clone(),
                        finalizers: Some(vec!["kubernetes.io/pvc-protection".to_owned()]),
                        // `whenDeleted: Delete`: the set owns the claims of its pods in range.
                        owner_references: when_deleted.then(|| vec![owner_reference(sync.set)]),
                        ..Default::default()
                    },
                    spec: Some(claim_spec.clone()),
                    status: None,
                };
                c.create_owned(pvc.into_object());
                c.record(
                    EventType::Normal,
                    "SuccessfulCreate",
                    set_ref(sync),
                    SOURCE,
                    [
                        "create Claim ",
                        &claim,
                        " Pod ",
                        pod,
                        " in StatefulSet ",
                        sync.name,
                        " success",
                    ]
                    .concat(),
                );
                created = true;
            }
        }
    }
    (created, deleting)
}

/// Create the claims a pod needs (those missing), then the pod (`CreateStatefulPod`).
/// Returns whether anything was created.
fn create_pod(c: &mut Cluster, sync: &Sync, ordinal: i32, revision: &str) -> bool {
    let Some(spec) = sync.set.spec.as_ref() else {
        return false;
    };
    let name = pod_name(sync.name, ordinal);
    if c.get::<Pod>(sync.namespace, &name).is_some() {
        // A pod of that name that the set does not control (another owner, or labels
        // the selector does not match): the API server refuses a second one.
        c.record_once(
            EventType::Warning,
            "FailedCreate",
            set_ref(sync),
            SOURCE,
            format!(
                "create Pod {name} in StatefulSet {} failed error: pods {name:?} already exists",
                sync.name
            ),
        );
        return false;
    }
    let (created, deleting) = create_claims(c, sync, &name);
    if let Some(claim) = deleting {
        c.record(
            EventType::Warning,
            "FailedCreate",
            set_ref(sync),
            SOURCE,
            format!(
                "create Pod {name} in StatefulSet {} failed error: pvc {claim} is being deleted",
                sync.name
            ),
        );
        return created;
    }
    // The pod is made from the template stored in its revision: below the partition
    // that is the current (older) revision, not the set's latest template. (The update
    // revision stores the set's own template.)
    let template = if revision == sync.update_revision {
        spec.template.clone()
    } else {
        revision_template(c, sync.namespace, revision).unwrap_or_else(|| spec.template.clone())
    };
    let pod = new_pod(sync.set, template, &name, ordinal, revision);
    let uid = c.create_owned(pod.into_object());
    // Claims that existed before the pod get the owner references of the policy now.
    update_claims_for_retention(c, sync, &name, &uid, false);
    c.record(
        EventType::Normal,
        "SuccessfulCreate",
        set_ref(sync),
        SOURCE,
        [
            "create Pod ",
            &name,
            " in StatefulSet ",
            sync.name,
            " successful",
        ]
        .concat(),
    );
    true
}

/// A pod as the controller makes it from the template (`newStatefulSetPod`).
fn new_pod(
    set: &StatefulSet,
    template: PodTemplateSpec,
    pod_name: &str,
    ordinal: i32,
    revision: &str,
) -> Pod {
    let spec = set.spec.as_ref();
    let mut labels = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    labels.insert(POD_NAME_LABEL.to_owned(), pod_name.to_owned());
    labels.insert(POD_INDEX_LABEL.to_owned(), ordinal.to_string());
    labels.insert(REVISION_LABEL.to_owned(), revision.to_owned());
    let mut pod_spec: PodSpec = template.spec.unwrap_or_default();
    pod_spec.hostname = Some(pod_name.to_owned());
    if let Some(service) = spec
        .and_then(|s| s.service_name.as_ref())
        .filter(|s| !s.is_empty())
    {
        pod_spec.subdomain = Some(service.clone());
    }
    let mut volumes = pod_spec.volumes.take().unwrap_or_default();
    for template in spec
        .iter()
        .flat_map(|s| s.volume_claim_templates.iter().flatten())
    {
        let name = template.metadata.name.clone().unwrap_or_default();
        volumes.retain(|v| v.name != name);
        volumes.push(Volume {
            name: name.clone(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim_name(&name, pod_name),
                read_only: None,
            }),
            ..Default::default()
        });
    }
    pod_spec.volumes = (!volumes.is_empty()).then_some(volumes);
    Pod {
        metadata: ObjectMeta {
            name: Some(pod_name.to_owned()),
            namespace: set.metadata.namespace.clone(),
            labels: Some(labels),
            annotations: template.metadata.and_then(|m| m.annotations),
            owner_references: Some(vec![owner_reference(set)]),
            ..Default::default()
        },
        spec: Some(pod_spec),
        status: None,
    }
}

/// The pod template a ControllerRevision stores.
fn revision_template(c: &Cluster, namespace: &str, revision: &str) -> Option<PodTemplateSpec> {
    let data = &c
        .get::<ControllerRevision>(namespace, revision)?
        .data
        .as_ref()?
        .0;
    crate::yaml::from_json(data.get("spec")?.get("template")?).ok()
}

/// Find or make the ControllerRevision of the set's current template. Going back to
/// an older template reuses its revision with a higher number (a rollback).
fn ensure_revision(c: &mut Cluster, set: &StatefulSet) -> (String, bool) {
    let namespace = set.metadata.namespace.clone().unwrap_or_default();
    let set_name = set.metadata.name.clone().unwrap_or_default();
    let set_uid = set.metadata.uid.clone().unwrap_or_default();
    // The template changes only with the generation: reuse the last answer.
    let generation = set.metadata.generation.unwrap_or(0);
    if let Some((seen, name)) = c.work.statefulset.revisions.get(&set_uid) {
        if *seen == generation && c.get::<ControllerRevision>(&namespace, name).is_some() {
            return (name.clone(), false);
        }
    }
    let (name, changed) = find_or_make_revision(c, set, &namespace, &set_name, &set_uid);
    c.work
        .statefulset
        .revisions
        .insert(set_uid, (generation, name.clone()));
    (name, changed)
}

fn find_or_make_revision(
    c: &mut Cluster,
    set: &StatefulSet,
    namespace: &str,
    set_name: &str,
    set_uid: &str,
) -> (String, bool) {
    let namespace = namespace.to_owned();
    let set_uid = set_uid.to_owned();
    let template = set
        .spec
        .as_ref()
        .map(|s| s.template.clone())
        .unwrap_or_default();
    let data = serde_json::json!({ "spec": { "template": template, "$patch": "replace" } });
    let hash = revision_hash(&data.to_string());
    let name = format!("{set_name}-{hash}");

    let revisions: Vec<(String, i64)> = c
        .store
        .list::<ControllerRevision>(Some(&namespace))
        .filter(|(_, r)| is_controlled_by(&r.metadata, &set_uid))
        .map(|(key, r)| (key.name.to_string(), r.revision))
        .collect();
    let newest = revisions.iter().map(|(_, n)| *n).max().unwrap_or(0);
    match revisions.iter().find(|(n, _)| *n == name) {
        Some((_, number)) if *number == newest => (name, false),
        Some(_) => {
            let key = ObjectKey::new::<ControllerRevision>(&namespace, &name);
            let changed = c
                .store
                .update::<ControllerRevision>(&key, |r| r.revision = newest + 1);
            (name, changed)
        }
        None => {
            let mut labels = template
                .metadata
                .as_ref()
                .and_then(|m| m.labels.clone())
                .unwrap_or_default();
            labels.insert("controller.kubernetes.io/hash".to_owned(), hash.clone());
            let revision = ControllerRevision {
                metadata: ObjectMeta {
                    name: Some(name.clone()),
                    namespace: Some(namespace),
                    labels: Some(labels),
                    owner_references: Some(vec![owner_reference(set)]),
                    ..Default::default()
                },
                data: Some(RawExtension(data)),
                revision: newest + 1,
            };
            c.create_owned(revision.into_object());
            (name, true)
        }
    }
}

/// The revision hash: FNV-1a (32 bit) of the revision data, its decimal digits
/// spelled with Kubernetes' safe alphabet (`rand.SafeEncodeString`).
fn revision_hash(data: &str) -> String {
    const SAFE: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let hash = data.bytes().fold(0x811c_9dc5_u32, |hash, b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    hash.to_string()
        .bytes()
        .map(|b| SAFE[usize::from(b) % SAFE.len()] as char)
        .collect()
}

/// Write the status counted from the pods (`updateStatus`, then
/// `completeRollingUpdate`), remembering the write so it does not wake the set again.
/// Returns whether it changed and the current revision it wrote.
fn write_status(c: &mut Cluster, key: &ObjectKey, sync: &Sync, pods: &Pods) -> (bool, String) {
    let replicas_now = pods.len();
    let ready = pods.running_ready();
    let available = pods.available(c.now);
    let mut current = pods.live_at(sync.current_revision);
    let updated = pods.live_at(sync.update_revision);
    let wanted = replicas(sync.set);
    let mut current_revision = sync.current_revision.to_owned();
    // completeRollingUpdate: once every wanted pod is updated and ready, the update
    // revision becomes the current one.
    if !is_on_delete(sync.set) && updated == wanted && ready == wanted && replicas_now == wanted {
        current_revision = sync.update_revision.to_owned();
        current = updated;
    }
    let nonzero = |n: i32| (n != 0).then_some(n);
    let status = StatefulSetStatus {
        replicas: replicas_now,
        ready_replicas: nonzero(ready),
        current_replicas: nonzero(current),
        updated_replicas: nonzero(updated),
        available_replicas: Some(available),
        current_revision: Some(current_revision.clone()),
        update_revision: Some(sync.update_revision.to_owned()),
        observed_generation: sync.set.metadata.generation,
        collision_count: Some(0),
        conditions: None,
    };
    let written = c.store.write::<StatefulSet>(key, |s| {
        if s.status.as_ref() == Some(&status) {
            return false;
        }
        s.status = Some(status);
        true
    });
    if written {
        let version = c.store.version();
        c.work
            .statefulset
            .status_written
            .insert(key.clone(), version);
    }
    (written, current_revision)
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::apps::v1::{StatefulSetOrdinals, StatefulSetSpec};

    fn sts(replicas: Option<i32>, start: Option<i32>) -> StatefulSet {
        StatefulSet {
            spec: Some(StatefulSetSpec {
                replicas,
                ordinals: start.map(|s| StatefulSetOrdinals { start: Some(s) }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn ordinals_run_from_start_for_replicas_pods() {
        assert_eq!(desired_ordinals(&sts(Some(3), None)), 0..3);
        assert_eq!(desired_ordinals(&sts(Some(2), Some(5))), 5..7);
        assert_eq!(desired_ordinals(&sts(None, None)), 0..1);
        assert_eq!(desired_ordinals(&sts(Some(0), None)), 0..0);
        assert!(desired_ordinals(&sts(Some(-4), None)).is_empty());
    }

    #[test]
    fn max_unavailable_resolves_as_upstream_rounds_it() {
        // TestGetStatefulSetMaxUnavailable (reference case 15).
        let int = |n| Some(IntOrString::Int(n));
        let percent = |p: &str| Some(IntOrString::String(p.to_owned()));
        assert_eq!(resolve_max_unavailable(None, 3), 1);
        assert_eq!(resolve_max_unavailable(int(3).as_ref(), 0), 3);
        assert_eq!(resolve_max_unavailable(percent("10%").as_ref(), 25), 2);
        assert_eq!(resolve_max_unavailable(percent("50%").as_ref(), 5), 2);
        assert_eq!(resolve_max_unavailable(percent("10%").as_ref(), 5), 1);
        assert_eq!(resolve_max_unavailable(percent("100%").as_ref(), 5), 5);
        // Never below one, and nonsense counts as the default.
        assert_eq!(resolve_max_unavailable(int(0).as_ref(), 5), 1);
        assert_eq!(resolve_max_unavailable(percent("lots").as_ref(), 5), 1);
    }

    #[test]
    fn names_follow_the_statefulset_rules() {
        assert_eq!(pod_name("giropops", 0), "giropops-0");
        assert_eq!(claim_name("www", "giropops-2"), "www-giropops-2");
        assert_eq!(
            pod_dns_name("giropops-0", "nginx", "default"),
            "giropops-0.nginx.default.svc.cluster.local"
        );
    }
}
