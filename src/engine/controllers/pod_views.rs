//! The StatefulSet controller's picture of one set's pods, kept up to date from the
//! watch like an informer's cache: a view of each pod, and the sums a sync needs —
//! which ordinals need attention, which are missing, how many pods each revision
//! has — so that a sync costs what needs attention, not the size of the set.
//! It knows nothing of the store; the controller feeds it views.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::engine::store::Name;
use crate::engine::SimTime;

/// What the controller needs to know of one of its pods.
#[derive(Debug, Clone, PartialEq)]
pub struct PodView {
    pub name: Name,
    pub ordinal: i32,
    /// The revision it was made from (`controller-revision-hash`).
    pub revision: Name,
    pub terminating: bool,
    /// Phase Failed or Succeeded.
    pub finished: bool,
    pub pending: bool,
    /// Phase Running and condition Ready.
    pub running_ready: bool,
    /// Since when it has been Ready without a break (for `minReadySeconds`).
    pub ready_since: Option<SimTime>,
    /// The `statefulset.kubernetes.io/pod-name` label is right (`identityMatches`).
    pub identity_ok: bool,
    /// Its claims' owner references agree with the retention policy.
    pub claims_ok: bool,
    /// Every claim it mounts exists.
    pub claims_exist: bool,
}

impl PodView {
    /// Running, Ready and not terminating (`isHealthy`).
    pub fn healthy(&self) -> bool {
        self.running_ready && !self.terminating
    }

    /// Made from `revision`.
    pub fn at(&self, revision: &str) -> bool {
        self.revision == revision
    }

    /// Ready for at least `minReadySeconds` (`isRunningAndAvailable`).
    pub fn available(&self, now: SimTime, min_ready_millis: u64) -> bool {
        self.running_ready
            && self
                .ready_since
                .is_some_and(|since| since.plus_millis(min_ready_millis) <= now)
    }
}

/// What the views are judged by; it changes only with the set's spec, and then the
/// whole picture is built again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// The ordinals the set wants.
    pub range: Range<i32>,
    pub update_revision: Name,
    /// The lowest ordinal a rolling update replaces; `None` under OnDelete.
    pub first_updatable: Option<i32>,
    pub min_ready_millis: u64,
}

/// A set's pods with the sums a sync reads.
#[derive(Debug, Clone, Default)]
pub struct Pods {
    rules: Rules,
    views: BTreeMap<i32, PodView>,
    /// Ordinals in range with no pod, as runs `start → end` (end excluded): a
    /// set of a million replicas starts as one run, not a million entries.
    missing: BTreeMap<i32, i32>,
    /// Ordinals whose pod is not plainly fine: every condemned pod, and in range
    /// any pod that is finished, terminating, not Running, Ready and available, at
    /// an old revision it will be updated from, or with claims, identity or a
    /// missing claim to put right.
    attention: BTreeSet<i32>,
    /// Pods per revision: (all, not terminating).
    revisions: BTreeMap<Name, (i32, i32)>,
    running_ready: i32,
    /// Running and Ready pods by the time they are (or were) available, `minReadySeconds`
    /// after they became Ready, so that the pods still waiting are found without a
    /// look at every pod: once available, a pod stays so until its view changes.
    available_from: BTreeSet<(SimTime, i32)>,
    /// Running and Ready pods with no time they became Ready: never available.
    ready_since_unknown: i32,
}

impl Pods {
    /// No pods yet: every wanted ordinal is missing.
    pub fn new(rules: Rules) -> Pods {
        let mut missing = BTreeMap::new();
        if !rules.range.is_empty() {
            missing.insert(rules.range.start, rules.range.end);
        }
        Pods {
            rules,
            missing,
            ..Pods::default()
        }
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Whether a view needs nothing from a sync at `now` (it is plainly fine).
    pub fn quiet(&self, view: &PodView, now: SimTime) -> bool {
        let rules = &self.rules;
        let outdated = !view.at(&rules.update_revision)
            && rules
                .first_updatable
                .is_some_and(|first| view.ordinal >= first);
        rules.range.contains(&view.ordinal)
            && !view.finished
            && !view.terminating
            && view.available(now, rules.min_ready_millis)
            && view.claims_ok
            && view.identity_ok
            && (!view.pending || view.claims_exist)
            && !outdated
    }

    /// Put in (or replace) the view of the pod at `view.ordinal`.
    pub fn insert(&mut self, view: PodView, now: SimTime) {
        let ordinal = view.ordinal;
        self.remove(ordinal);
        if self.rules.range.contains(&ordinal) {
            self.take_missing(ordinal);
        }
        let counts = self.revisions.entry(view.revision.clone()).or_default();
        counts.0 += 1;
        counts.1 += i32::from(!view.terminating);
        self.running_ready += i32::from(view.running_ready);
        if view.running_ready {
            match view.ready_since {
                Some(since) => {
                    let at = since.plus_millis(self.rules.min_ready_millis);
                    self.available_from.insert((at, ordinal));
                }
                None => self.ready_since_unknown += 1,
            }
        }
        if !self.quiet(&view, now) {
            self.attention.insert(ordinal);
        }
        self.views.insert(ordinal, view);
    }

    /// Take out the view of the pod at `ordinal`, if any.
    pub fn remove(&mut self, ordinal: i32) -> Option<PodView> {
        let view = self.views.remove(&ordinal)?;
        if let Some(counts) = self.revisions.get_mut(&view.revision) {
            counts.0 -= 1;
            counts.1 -= i32::from(!view.terminating);
            if counts.0 == 0 {
                self.revisions.remove(&view.revision);
            }
        }
        self.running_ready -= i32::from(view.running_ready);
        if view.running_ready {
            match view.ready_since {
                Some(since) => {
                    let at = since.plus_millis(self.rules.min_ready_millis);
                    self.available_from.remove(&(at, ordinal));
                }
                None => self.ready_since_unknown -= 1,
            }
        }
        self.attention.remove(&ordinal);
        if self.rules.range.contains(&ordinal) {
            self.give_missing(ordinal);
        }
        Some(view)
    }

    /// The view at `ordinal` was found plainly fine ([`Pods::quiet`]): it needs no
    /// attention until it changes.
    pub fn settle(&mut self, ordinal: i32) {
        self.attention.remove(&ordinal);
    }

    pub fn get(&self, ordinal: i32) -> Option<&PodView> {
        self.views.get(&ordinal)
    }

    /// The view of the pod named `name`, if it is one of the set's.
    pub fn named(&self, ordinal: i32, name: &str) -> Option<&PodView> {
        self.views.get(&ordinal).filter(|view| view.name == name)
    }

    /// How many pods the set has (condemned ones included).
    pub fn len(&self) -> i32 {
        i32::try_from(self.views.len()).unwrap_or(i32::MAX)
    }

    /// Running and Ready pods.
    pub fn running_ready(&self) -> i32 {
        self.running_ready
    }

    /// Pods not terminating that were made from `revision`.
    pub fn live_at(&self, revision: &str) -> i32 {
        self.revisions.get(revision).map_or(0, |counts| counts.1)
    }

    /// The revisions some pod was made from.
    pub fn revisions(&self) -> impl Iterator<Item = &str> {
        self.revisions.keys().map(Name::as_str)
    }

    /// The ordinals a sync must look at in `within`, ascending: missing ones and those
    /// needing attention (the two never overlap).
    pub fn to_look_at(&self, within: Range<i32>) -> impl Iterator<Item = i32> + '_ {
        let mut attention = self.attention.range(within.clone()).copied().peekable();
        let mut missing = self
            .missing
            .iter()
            .flat_map(move |(&start, &end)| start.max(within.start)..end.min(within.end))
            .peekable();
        std::iter::from_fn(move || match (attention.peek(), missing.peek()) {
            (Some(a), Some(m)) if a < m => attention.next(),
            (Some(_), None) => attention.next(),
            _ => missing.next(),
        })
    }

    /// The lowest missing ordinal at or above `from`, if any.
    pub fn first_missing(&self, from: i32) -> Option<i32> {
        if let Some((_, &end)) = self.missing.range(..=from).next_back() {
            if from < end {
                return Some(from);
            }
        }
        self.missing.range(from..).next().map(|(&start, _)| start)
    }

    /// The highest missing ordinal, if any.
    pub fn last_missing(&self) -> Option<i32> {
        self.missing.values().next_back().map(|end| end - 1)
    }

    /// How many wanted ordinals have no pod.
    pub fn missing_count(&self) -> i64 {
        self.missing
            .iter()
            .map(|(start, end)| i64::from(*end) - i64::from(*start))
            .sum()
    }

    /// The views needing attention whose ordinal is in `within`, ascending.
    pub fn attention_in(&self, within: Range<i32>) -> impl DoubleEndedIterator<Item = &PodView> {
        self.attention
            .range(within)
            .filter_map(|ordinal| self.views.get(ordinal))
    }

    /// Pods outside the wanted range, highest ordinal first.
    pub fn condemned(&self) -> impl Iterator<Item = &PodView> {
        let range = &self.rules.range;
        self.views
            .range(range.end..)
            .rev()
            .chain(self.views.range(..range.start).rev())
            .map(|(_, view)| view)
    }

    /// When the first Ready pod that is not available yet becomes available.
    pub fn next_available(&self, now: SimTime) -> Option<SimTime> {
        self.not_available_yet(now).next().map(|(at, _)| *at)
    }

    /// Pods Running and Ready for `minReadySeconds`.
    pub fn available(&self, now: SimTime) -> i32 {
        let waiting = self.not_available_yet(now).count();
        self.running_ready - self.ready_since_unknown - i32::try_from(waiting).unwrap_or(i32::MAX)
    }

    /// Ready pods that become available after `now`, soonest first.
    fn not_available_yet(&self, now: SimTime) -> impl Iterator<Item = &(SimTime, i32)> {
        use std::ops::Bound;
        self.available_from
            .range((Bound::Excluded((now, i32::MAX)), Bound::Unbounded))
    }

    fn take_missing(&mut self, ordinal: i32) {
        let Some((&start, &end)) = self.missing.range(..=ordinal).next_back() else {
            return;
        };
        if ordinal >= end {
            return;
        }
        self.missing.remove(&start);
        if start < ordinal {
            self.missing.insert(start, ordinal);
        }
        if ordinal + 1 < end {
            self.missing.insert(ordinal + 1, end);
        }
    }

    fn give_missing(&mut self, ordinal: i32) {
        let (mut start, mut end) = (ordinal, ordinal + 1);
        if let Some((&before, &before_end)) = self.missing.range(..ordinal).next_back() {
            if before_end == ordinal {
                start = before;
                self.missing.remove(&before);
            }
        }
        if let Some(after_end) = self.missing.remove(&end) {
            end = after_end;
        }
        self.missing.insert(start, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(ordinal: i32, ready: bool) -> PodView {
        PodView {
            name: format!("web-{ordinal}").into(),
            ordinal,
            revision: "web-1".into(),
            terminating: false,
            finished: false,
            pending: !ready,
            running_ready: ready,
            ready_since: ready.then_some(SimTime::ZERO),
            identity_ok: true,
            claims_ok: true,
            claims_exist: true,
        }
    }

    fn rules(range: Range<i32>) -> Rules {
        Rules {
            range,
            update_revision: "web-1".into(),
            first_updatable: Some(0),
            min_ready_millis: 0,
        }
    }

    #[test]
    fn missing_ordinals_follow_the_views_as_runs() {
        let mut pods = Pods::new(rules(0..5));
        let look = |pods: &Pods, within| pods.to_look_at(within).collect::<Vec<i32>>();
        assert_eq!(look(&pods, 0..5), [0, 1, 2, 3, 4]);
        for o in [0, 2, 4] {
            pods.insert(view(o, true), SimTime::ZERO);
        }
        assert_eq!(look(&pods, 0..5), [1, 3]);
        assert_eq!(look(&pods, 2..5), [3]);
        assert_eq!(
            (
                pods.first_missing(0),
                pods.first_missing(2),
                pods.last_missing()
            ),
            (Some(1), Some(3), Some(3))
        );
        assert_eq!(pods.missing_count(), 2);
        pods.remove(2);
        assert_eq!(look(&pods, 0..5), [1, 2, 3]);
        assert_eq!(pods.missing, BTreeMap::from([(1, 4)]));
    }

    #[test]
    fn only_pods_that_are_not_plainly_fine_need_a_look() {
        let mut pods = Pods::new(rules(0..3));
        pods.insert(view(0, true), SimTime::ZERO);
        pods.insert(view(1, false), SimTime::ZERO);
        pods.insert(view(7, true), SimTime::ZERO);
        let look = |pods: &Pods| pods.to_look_at(0..3).collect::<Vec<i32>>();
        assert_eq!(look(&pods), [1, 2]);
        assert_eq!(pods.condemned().map(|v| v.ordinal).collect::<Vec<_>>(), [7]);
        assert_eq!(
            (pods.len(), pods.running_ready(), pods.live_at("web-1")),
            (3, 2, 3)
        );
        pods.insert(view(1, true), SimTime::ZERO);
        assert_eq!(look(&pods), [2]);
        assert_eq!(pods.available(SimTime::ZERO), 3);
    }

    #[test]
    fn a_ready_pod_waits_for_min_ready_seconds_before_it_is_plainly_fine() {
        let mut pods = Pods::new(Rules {
            min_ready_millis: 10_000,
            ..rules(0..1)
        });
        pods.insert(view(0, true), SimTime::ZERO);
        assert_eq!(pods.available(SimTime::ZERO), 0);
        assert_eq!(pods.next_available(SimTime::ZERO), Some(SimTime(10_000)));
        let view = pods.get(0).cloned().unwrap();
        assert!(pods.quiet(&view, SimTime(10_000)));
        pods.settle(0);
        assert_eq!(pods.to_look_at(0..1).count(), 0);
        assert_eq!(pods.available(SimTime(10_000)), 1);
    }
}
