//! One StatefulSet: its READY count, policy and revisions, why it is not done yet,
//! its pods in ordinal order with their claims, the claims it keeps after a
//! scale-down, and the levers to scale it and roll out a new image.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{ClaimBadge, PodCard};
use crate::ui::hooks::use_session;
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
    let set = &props.set;
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
        (Some(current), Some(update)) if current != update => {
            format!("rolling from {current} to {update}")
        }
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
                <span class="ready-count" title="READY as kubectl get sts prints it">
                    { format!("READY {}", set.ready) }
                </span>
                <div class="scale" role="group" aria-label={format!("Scale {}", set.name)}>
                    <button type="button" onclick={scale(-1)} disabled={set.replicas == 0}
                        aria-label={format!("Scale {} down to {}", set.name, (set.replicas - 1).max(0))}>{ "−" }</button>
                    <span class="replicas" aria-label="replicas">{ format!("replicas: {}", set.replicas) }</span>
                    <button type="button" onclick={scale(1)}
                        aria-label={format!("Scale {} up to {}", set.name, set.replicas + 1)}>{ "+" }</button>
                </div>
            </header>
            <p class="sts-facts">
                { format!("{} · serviceName {} · revision {}", set.pod_management_policy,
                    if set.service_name.is_empty() { "<none>" } else { &set.service_name }, revision) }
            </p>
            if let Some(reason) = &set.reason {
                <p class="why sts-why" role="status">{ reason }</p>
            }
            <p class="stage-counts">{ stage_counts(set) }</p>
            if set.pods.len() <= FULL_CARDS_UP_TO {
                <ol class="pods" aria-label={format!("Pods of {}", set.name)}>
                    { for set.pods.iter().map(&card) }
                </ol>
            } else {
                <ol class="pods compact" aria-label={format!("Pods of {}", set.name)}>
                    { for set.pods.iter().map(|pod| {
                        let onclick = {
                            let (selected, name) = (selected.clone(), pod.name.clone());
                            Callback::from(move |_| selected.set(Some(name.clone())))
                        };
                        let title = format!("{} {}", pod.name, if pod.status.is_empty() { "not created" } else { &pod.status });
                        html! {
                            <li key={pod.name.clone()} class={classes!("tile", pod.stage.as_str())}>
                                <button type="button" {title} aria-label={format!("Show pod {}", pod.name)} {onclick}>
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
                    <h4>{ "Claims kept after scale-down" }</h4>
                    { for set.kept_claims.iter().map(|kept| html! {
                        <ClaimBadge key={kept.claim.name.clone()} claim={kept.claim.clone()}
                            kept_for={Some(kept.waiting_for.clone())} />
                    }) }
                </div>
            }
            <form class="rollout" onsubmit={onrollout}>
                <label>
                    { "Image " }
                    <input ref={image_input} type="text" value={image} spellcheck="false"
                        aria-label={format!("New image for {}", set.name)} />
                </label>
                <button type="submit">{ "Roll out" }</button>
            </form>
        </article>
    }
}

/// `3 Ready · 1 ContainerCreating · 2 not created`: how many pods are at each stage.
fn stage_counts(set: &StatefulSetView) -> String {
    use crate::view_model::PodStage::*;
    let words = [
        (Ready, "Ready"),
        (Running, "Running, not Ready"),
        (ContainerCreating, "ContainerCreating"),
        (Pending, "Pending"),
        (Terminating, "Terminating"),
        (Failed, "Failed"),
        (NotCreated, "not created"),
    ];
    words
        .iter()
        .filter_map(|(stage, word)| {
            let n = set.pods.iter().filter(|p| p.stage == *stage).count();
            (n > 0).then(|| format!("{n} {word}"))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
