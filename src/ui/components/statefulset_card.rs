//! One StatefulSet: its READY count, policy and revisions, why it is not done yet,
//! its pods in ordinal order with their claims, the claims it keeps after a
//! scale-down, and the levers to scale it and roll out a new image.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{ClaimBadge, PodCard};
use crate::i18n::{Locale, Message};
use crate::ui::hooks::{use_locale, use_session};
use crate::view_model::StatefulSetView;

#[derive(Properties, PartialEq)]
pub struct StatefulSetCardProps {
    pub set: Rc<StatefulSetView>,
}

/// Up to this many pods are drawn as full cards; a larger set is drawn as a grid of
/// small tiles (one per ordinal), and a tile opens its pod's card.
const FULL_CARDS_UP_TO: usize = 12;

/// A StatefulSet card.
#[function_component]
pub fn StatefulSetCard(props: &StatefulSetCardProps) -> Html {
    let session = use_session();
    let t = use_locale();
    let set = &props.set;
    let named = |key: &'static str| t.format(&Message::new(key).with("name", &set.name));
    let image_input = use_node_ref();
    let selected = use_state(|| None::<String>);

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
    let card = |pod: &crate::view_model::PodView| {
        let unready = pod
            .uid
            .as_ref()
            .is_some_and(|uid| session.unready.contains(uid));
        html! {
            <PodCard key={pod.name.clone()} pod={pod.clone()} namespace={set.namespace.clone()}
                {unready} ondelete={ondelete.clone()} onunready={onunready.clone()} />
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
            <p class="stage-counts">{ stage_counts(&t, set) }</p>
            if set.pods.len() <= FULL_CARDS_UP_TO {
                <ol class="pods" aria-label={named("sts.pods_of")}>
                    { for set.pods.iter().map(&card) }
                </ol>
            } else {
                <ol class="pods compact" aria-label={named("sts.pods_of")}>
                    { for set.pods.iter().map(|pod| {
                        let onclick = {
                            let (selected, name) = (selected.clone(), pod.name.clone());
                            Callback::from(move |_| selected.set(Some(name.clone())))
                        };
                        let status = if pod.status.is_empty() { t.text("status.not_created") } else { pod.status.clone() };
                        let title = format!("{} {status}", pod.name);
                        let label = t.format(&Message::new("sts.show_pod").with("name", &pod.name));
                        html! {
                            <li key={pod.name.clone()} class={classes!("tile", pod.stage.as_str())}>
                                <button type="button" {title} aria-label={label} {onclick}>
                                    { pod.ordinal }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                if let Some(pod) = selected.as_ref().and_then(|name| set.pods.iter().find(|p| &p.name == name)) {
                    <ol class="pods">{ card(pod) }</ol>
                }
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

/// `3 Ready · 1 ContainerCreating · 2 not created`: how many pods are at each stage,
/// Kubernetes' own words as they are and Ordinal's in the page's language.
fn stage_counts(t: &Locale, set: &StatefulSetView) -> String {
    use crate::view_model::PodStage::*;
    let words = [
        (Ready, Some("Ready"), ""),
        (Running, None, "stage.running_not_ready"),
        (ContainerCreating, Some("ContainerCreating"), ""),
        (Pending, Some("Pending"), ""),
        (Terminating, Some("Terminating"), ""),
        (Failed, Some("Failed"), ""),
        (NotCreated, None, "stage.not_created"),
    ];
    words
        .iter()
        .filter_map(|(stage, kubernetes, key)| {
            let n = set.pods.iter().filter(|p| p.stage == *stage).count();
            (n > 0).then(|| match kubernetes {
                Some(word) => format!("{n} {word}"),
                None => t.format(&Message::new(key).with("count", n as u64)),
            })
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
