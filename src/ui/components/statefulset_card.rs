//! One StatefulSet: its READY count, policy and revisions, why it is not done yet,
//! its pods in ordinal order with their claims, the claims it keeps after a
//! scale-down, and the levers to scale it and roll out a new image. A large set
//! shows what `view_model::large_set` picks (a bounded number of cards and one page
//! of tiles), so a thousand replicas stay readable and cheap to draw.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{ClaimBadge, PodCard};
use crate::i18n::{Locale, Message};
use crate::ui::hooks::{use_locale, use_session};
use crate::view_model::{
    large_set, stage_counts, PodStage, PodView, StatefulSetView, FULL_CARDS_UP_TO,
};

#[derive(Properties, PartialEq)]
pub struct StatefulSetCardProps {
    pub set: Rc<StatefulSetView>,
}

/// A StatefulSet card.
#[function_component]
pub fn StatefulSetCard(props: &StatefulSetCardProps) -> Html {
    let session = use_session();
    let t = use_locale();
    let set = &props.set;
    let named = |key: &'static str| t.format(&Message::new(key).with("name", &set.name));
    let image_input = use_node_ref();
    let selected = use_state(|| None::<String>);
    // The page of tiles a student picked; `None` follows the lowest pod not ready.
    let page = use_state(|| None::<usize>);

    let scale = |delta: i32| {
        let (session, namespace, name) = (session.clone(), set.namespace.clone(), set.name.clone());
        let replicas = set.replicas.saturating_add(delta).max(0);
        Callback::from(move |_| session.scale(&namespace, &name, replicas))
    };
    let onrollout = {
        let (session, namespace, name, container, input) = (
            session.clone(),
            set.namespace.clone(),
            set.name.clone(),
            set.containers.first().cloned().unwrap_or_default(),
            image_input.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(input) = input.cast::<HtmlInputElement>() {
                let image = input.value().trim().to_owned();
                if !image.is_empty() {
                    session.set_image(&namespace, &name, &container, image);
                }
            }
        })
    };
    let ondelete = {
        let (session, namespace) = (session.clone(), set.namespace.clone());
        Callback::from(move |name: String| session.delete_pod(&namespace, &name))
    };
    let onunready = {
        let (session, namespace) = (session.clone(), set.namespace.clone());
        Callback::from(move |(name, unready): (String, bool)| {
            session.set_pod_unready(&namespace, &name, unready)
        })
    };
    let card = |pod: &PodView| {
        let unready = pod
            .uid
            .as_ref()
            .is_some_and(|uid| session.unready.contains(uid));
        let age = pod
            .created_millis
            .map(|created| session.view.age(created))
            .unwrap_or_default();
        html! {
            <PodCard key={pod.name.clone()} pod={pod.clone()} namespace={set.namespace.clone()}
                {unready} {age} ondelete={ondelete.clone()} onunready={onunready.clone()} />
        }
    };
    let revision = match (&set.current_revision, &set.update_revision) {
        (Some(current), Some(update)) if current != update => t.format(
            &Message::new("sts.rolling_from")
                .with("current", current)
                .with("update", update),
        ),
        (_, Some(update)) => update.clone(),
        _ => String::new(),
    };
    let image = set.images.first().cloned().unwrap_or_default();
    let title_id = format!("sts-{}-{}", set.namespace, set.name);

    html! {
        <article class="statefulset" aria-labelledby={title_id.clone()}>
            <header class="sts-head">
                <h3 id={title_id}>
                    <span class="kind">{ "StatefulSet" }</span>{ " " }
                    <span class="name">{ &set.name }</span>
                </h3>
                <span class="ready-count" title={t.text("status.ready_column.hint")}>
                    { format!("READY {}", set.ready) }
                </span>
                <div class="scale" role="group" aria-label={named("sts.scale")}>
                    <button type="button" onclick={scale(-1)} disabled={set.replicas == 0}
                        aria-label={t.format(&Message::new("sts.scale_down").with("name", &set.name)
                            .with("count", (set.replicas - 1).max(0).to_string()))}>{ "−" }</button>
                    <span class="replicas" aria-label="replicas">{ format!("replicas: {}", set.replicas) }</span>
                    <button type="button" onclick={scale(1)}
                        aria-label={t.format(&Message::new("sts.scale_up").with("name", &set.name)
                            .with("count", (set.replicas + 1).to_string()))}>{ "+" }</button>
                </div>
            </header>
            <p class="sts-facts">
                { t.format(&Message::new("sts.facts")
                    .with("policy", &set.pod_management_policy)
                    .with("service", if set.service_name.is_empty() { "<none>" } else { &set.service_name })
                    .with("revision", revision)) }
            </p>
            if let Some(reason) = &set.reason {
                <p class="why sts-why" role="status">{ t.format(reason) }</p>
            }
            <p class="stage-counts">{ stage_counts_text(&t, set) }</p>
            if set.pods.len() <= FULL_CARDS_UP_TO {
                <ol class="pods" aria-label={named("sts.pods_of")}>
                    { for set.pods.iter().map(|pod| card(pod)) }
                </ol>
            } else {
                { large_set_pods(&t, set, &card, &page, &selected) }
            }
            if !set.kept_claims.is_empty() {
                <div class="kept">
                    <h4>{ t.text("status.kept_claims") }</h4>
                    { for set.kept_claims.iter().map(|kept| html! {
                        <ClaimBadge key={kept.claim.name.clone()} claim={kept.claim.clone()}
                            kept_for={Some(kept.waiting_for.clone())} />
                    }) }
                </div>
            }
            <form class="rollout" onsubmit={onrollout}>
                <label>
                    { t.text("sts.image") }{ " " }
                    <input ref={image_input} type="text" value={image} spellcheck="false"
                        aria-label={named("sts.new_image")} />
                </label>
                <button type="submit">{ t.text("button.roll_out") }</button>
            </form>
        </article>
    }
}

/// A set too large to draw pod by pod: the pods that need attention and the highest
/// ordinals in full, then one page of ordinals as tiles (a tile opens its pod's card),
/// with every page listed and how many of its pods are not ready.
fn large_set_pods(
    t: &Locale,
    set: &StatefulSetView,
    card: &dyn Fn(&PodView) -> Html,
    page: &UseStateHandle<Option<usize>>,
    selected: &UseStateHandle<Option<String>>,
) -> Html {
    let large = large_set(set, **page);
    let named = |key: &'static str| t.format(&Message::new(key).with("name", &set.name));
    let more = large.attention_total - large.attention.len();
    let pages = large.pages.iter().enumerate().map(|(index, p)| {
        let onclick = {
            let page = page.clone();
            Callback::from(move |_| page.set(Some(index)))
        };
        let label = if p.not_ready == 0 {
            format!("{}–{}", p.first, p.last)
        } else {
            t.format(
                &Message::new("sts.page_not_ready")
                    .with("first", p.first.to_string())
                    .with("last", p.last.to_string())
                    .with("count", p.not_ready as u64),
            )
        };
        let current = index == large.page;
        html! {
            <button type="button" key={index} class={classes!("page", (p.not_ready > 0).then_some("waiting"))}
                aria-pressed={current.to_string()} {onclick}>{ label }</button>
        }
    });
    let tiles = large.tiles.iter().map(|pod| {
        let onclick = {
            let (selected, name) = (selected.clone(), pod.name.clone());
            Callback::from(move |_| selected.set(Some(name.clone())))
        };
        let status = if pod.status.is_empty() {
            t.text("status.not_created")
        } else {
            pod.status.clone()
        };
        let title = format!("{} {status}", pod.name);
        let label = t.format(&Message::new("sts.show_pod").with("name", &pod.name));
        html! {
            <li key={pod.name.clone()} class={classes!("tile", pod.stage.as_str())}>
                <button type="button" {title} aria-label={label} {onclick}>{ pod.ordinal }</button>
            </li>
        }
    });
    let chosen = selected
        .as_ref()
        .and_then(|name| set.pods.iter().find(|p| &p.name == name))
        .filter(|pod| {
            !large
                .attention
                .iter()
                .chain(&large.highest)
                .any(|p| p.name == pod.name)
        });
    html! {
        <>
            if !large.attention.is_empty() {
                <section class="attention" aria-label={t.format(&Message::new("sts.attention")
                    .with("count", large.attention_total as u64))}>
                    <h4>{ t.format(&Message::new("sts.attention").with("count", large.attention_total as u64)) }</h4>
                    <ol class="pods">{ for large.attention.iter().map(|pod| card(pod)) }</ol>
                    if more > 0 {
                        <p class="muted">{ t.format(&Message::new("sts.attention_more").with("count", more as u64)) }</p>
                    }
                </section>
            }
            if !large.highest.is_empty() {
                <section class="highest" aria-label={t.text("sts.highest")}>
                    <h4>{ t.text("sts.highest") }</h4>
                    <ol class="pods">{ for large.highest.iter().map(|pod| card(pod)) }</ol>
                </section>
            }
            <div class="tile-pages" role="group" aria-label={named("sts.ordinal_pages")}>
                { for pages }
            </div>
            <ol class="pods compact" aria-label={named("sts.pods_of")}>{ for tiles }</ol>
            if let Some(pod) = chosen {
                <ol class="pods">{ card(pod) }</ol>
            }
        </>
    }
}

/// `3 Ready · 1 ContainerCreating · 2 not created`: how many pods are at each stage,
/// Kubernetes' own words as they are and Ordinal's in the page's language.
fn stage_counts_text(t: &Locale, set: &StatefulSetView) -> String {
    stage_counts(set)
        .into_iter()
        .map(|(stage, n)| match stage {
            PodStage::Ready => format!("{n} Ready"),
            PodStage::Running => {
                t.format(&Message::new("stage.running_not_ready").with("count", n as u64))
            }
            PodStage::ContainerCreating => format!("{n} ContainerCreating"),
            PodStage::Pending => format!("{n} Pending"),
            PodStage::Terminating => format!("{n} Terminating"),
            PodStage::Failed => format!("{n} Failed"),
            PodStage::NotCreated => {
                t.format(&Message::new("stage.not_created").with("count", n as u64))
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
