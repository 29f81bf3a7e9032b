//! What a StatefulSet card shows when the set is too large to draw pod by pod: the
//! count at each stage, the pods that need attention (not Running and Ready, lowest
//! ordinal first), the highest ordinals (where scaling happens), and one page of
//! ordinals as small tiles, with every page listed and how many of its pods are not
//! ready. Pure, so what a student sees of a 1,000-replica set is host-tested.

use std::rc::Rc;

use super::{PodStage, PodView, StatefulSetView};

/// Up to this many pods a card shows every pod in full.
pub const FULL_CARDS_UP_TO: usize = 12;
/// Ordinals per page of tiles.
pub const TILES_PER_PAGE: usize = 100;
/// Pods needing attention shown in full, at most.
pub const ATTENTION_SHOWN: usize = 6;
/// How many of the highest ordinals are shown in full.
pub const HIGHEST_SHOWN: usize = 2;

/// One page of ordinals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TilePage {
    /// Lowest and highest ordinal on the page.
    pub first: i32,
    pub last: i32,
    /// Pods on the page that are not Running and Ready (slots not created included).
    pub not_ready: usize,
}

/// The parts of a large set's card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LargeSet<'a> {
    /// Every page of ordinals, lowest first.
    pub pages: Vec<TilePage>,
    /// The page shown (within `pages`).
    pub page: usize,
    /// The pods of that page, in ordinal order.
    pub tiles: &'a [Rc<PodView>],
    /// The first `ATTENTION_SHOWN` pods that are not Running and Ready, by ordinal.
    pub attention: Vec<&'a PodView>,
    /// How many pods in all are not Running and Ready.
    pub attention_total: usize,
    /// The highest ordinals not already among `attention`, lowest first.
    pub highest: Vec<&'a PodView>,
}

/// Whether a pod slot needs a student's attention: anything but Running and Ready.
pub fn needs_attention(pod: &PodView) -> bool {
    pod.stage != PodStage::Ready || !pod.desired
}

/// How many pods of `set` are at each stage, in the order a pod goes through them
/// (stages with none left out).
pub fn stage_counts(set: &StatefulSetView) -> Vec<(PodStage, usize)> {
    let mut counts: Vec<(PodStage, usize)> = Vec::new();
    for pod in &set.pods {
        match counts.iter_mut().find(|(stage, _)| *stage == pod.stage) {
            Some((_, n)) => *n += 1,
            None => counts.push((pod.stage, 1)),
        }
    }
    let order = [
        PodStage::Ready,
        PodStage::Running,
        PodStage::ContainerCreating,
        PodStage::Pending,
        PodStage::Terminating,
        PodStage::Failed,
        PodStage::NotCreated,
    ];
    counts.sort_by_key(|(stage, _)| order.iter().position(|s| s == stage));
    counts
}

/// The page that `page` asks for (clamped), or with `None` the page of the lowest
/// ordinal needing attention (where a rollout or start-up is at), else the first.
pub fn large_set(set: &StatefulSetView, page: Option<usize>) -> LargeSet<'_> {
    let chunks: Vec<&[Rc<PodView>]> = set.pods.chunks(TILES_PER_PAGE).collect();
    let pages: Vec<TilePage> = chunks
        .iter()
        .map(|chunk| TilePage {
            first: chunk.first().map_or(0, |p| p.ordinal),
            last: chunk.last().map_or(0, |p| p.ordinal),
            not_ready: chunk.iter().filter(|p| needs_attention(p)).count(),
        })
        .collect();
    let waiting: Vec<&PodView> = set
        .pods
        .iter()
        .map(|p| &**p)
        .filter(|p| needs_attention(p))
        .collect();
    let page = match page {
        Some(page) => page.min(pages.len().saturating_sub(1)),
        None => set
            .pods
            .iter()
            .position(|p| needs_attention(p))
            .map_or(0, |i| i / TILES_PER_PAGE),
    };
    let attention: Vec<&PodView> = waiting.iter().take(ATTENTION_SHOWN).copied().collect();
    let mut highest: Vec<&PodView> = set
        .pods
        .iter()
        .rev()
        .map(|p| &**p)
        .filter(|p| !attention.iter().any(|a| a.name == p.name))
        .take(HIGHEST_SHOWN)
        .collect();
    highest.reverse();
    LargeSet {
        tiles: chunks.get(page).copied().unwrap_or_default(),
        pages,
        page,
        attention,
        attention_total: waiting.len(),
        highest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(ordinal: i32, stage: PodStage) -> PodView {
        PodView {
            name: format!("giropops-{ordinal}"),
            ordinal,
            stage,
            status: String::new(),
            ready: String::new(),
            node: None,
            ip: None,
            revision: None,
            updated: true,
            restarts: 0,
            created_millis: None,
            dns_name: None,
            uid: None,
            reason: None,
            claims: Vec::new(),
            desired: true,
            inputs: String::new(),
        }
    }

    /// A set of `replicas` pods, Ready except the stages given by ordinal.
    fn set(replicas: i32, others: &[(i32, PodStage)]) -> StatefulSetView {
        StatefulSetView {
            name: "giropops".into(),
            namespace: "default".into(),
            ready: String::new(),
            replicas,
            service_name: "nginx".into(),
            pod_management_policy: "Parallel".into(),
            current_revision: None,
            update_revision: None,
            containers: Vec::new(),
            images: Vec::new(),
            reason: None,
            pods: (0..replicas)
                .map(|o| {
                    let stage = others
                        .iter()
                        .find(|(ordinal, _)| *ordinal == o)
                        .map_or(PodStage::Ready, |(_, stage)| *stage);
                    Rc::new(pod(o, stage))
                })
                .collect(),
            kept_claims: Vec::new(),
        }
    }

    fn names(pods: &[&PodView]) -> Vec<String> {
        pods.iter().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn a_thousand_pods_are_ten_pages_of_a_hundred_tiles() {
        let set = set(
            1000,
            &[(250, PodStage::Pending), (999, PodStage::Terminating)],
        );
        let large = large_set(&set, Some(2));
        assert_eq!(large.pages.len(), 10);
        assert_eq!((large.pages[2].first, large.pages[2].last), (200, 299));
        assert_eq!(large.pages[2].not_ready, 1);
        assert_eq!(large.pages[9].not_ready, 1);
        assert_eq!(large.pages[0].not_ready, 0);
        assert_eq!(large.tiles.len(), 100);
        assert_eq!(large.tiles[0].name, "giropops-200");
    }

    #[test]
    fn the_pods_not_ready_come_first_then_the_highest_ordinals() {
        let set = set(
            1000,
            &[(250, PodStage::Pending), (999, PodStage::Terminating)],
        );
        let large = large_set(&set, None);
        assert_eq!(names(&large.attention), ["giropops-250", "giropops-999"]);
        assert_eq!(large.attention_total, 2);
        assert_eq!(
            names(&large.highest),
            ["giropops-997", "giropops-998"],
            "giropops-999 is already shown as needing attention"
        );
    }

    #[test]
    fn without_a_page_picked_the_page_follows_the_lowest_pod_not_ready() {
        let starting = set(
            1000,
            &(340..1000)
                .map(|o| (o, PodStage::NotCreated))
                .collect::<Vec<_>>(),
        );
        assert_eq!(large_set(&starting, None).page, 3);
        assert_eq!(large_set(&set(1000, &[]), None).page, 0);
        assert_eq!(
            large_set(&starting, Some(42)).page,
            9,
            "clamped to the last page"
        );
    }

    #[test]
    fn attention_lists_at_most_a_few_pods_and_counts_them_all() {
        let waiting: Vec<(i32, PodStage)> =
            (10..40).map(|o| (o, PodStage::ContainerCreating)).collect();
        let set = set(100, &waiting);
        let large = large_set(&set, None);
        assert_eq!(large.attention.len(), ATTENTION_SHOWN);
        assert_eq!(large.attention[0].name, "giropops-10");
        assert_eq!(large.attention_total, 30);
    }

    #[test]
    fn stages_are_counted_in_the_order_a_pod_goes_through_them() {
        let set = set(
            6,
            &[
                (3, PodStage::NotCreated),
                (4, PodStage::NotCreated),
                (2, PodStage::ContainerCreating),
                (5, PodStage::Terminating),
            ],
        );
        assert_eq!(
            stage_counts(&set),
            [
                (PodStage::Ready, 2),
                (PodStage::ContainerCreating, 1),
                (PodStage::Terminating, 1),
                (PodStage::NotCreated, 2)
            ]
        );
    }
}
