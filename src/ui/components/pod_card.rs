//! One pod slot of a StatefulSet: kubectl's columns, a colour per stage, the reason
//! it waits, its claims, and the levers (delete, make unready).

use yew::prelude::*;

use super::ClaimBadge;
use crate::i18n::Message;
use crate::ui::hooks::use_locale;
use crate::view_model::{PodStage, PodView};

#[derive(Properties, PartialEq)]
pub struct PodCardProps {
    pub pod: PodView,
    pub namespace: String,
    /// Whether its readiness probe was made to fail from this card.
    pub unready: bool,
    /// AGE as kubectl prints it (empty for a slot with no pod).
    pub age: String,
    pub ondelete: Callback<String>,
    pub onunready: Callback<(String, bool)>,
}

/// A pod card.
#[function_component]
pub fn PodCard(props: &PodCardProps) -> Html {
    let t = use_locale();
    let pod = &props.pod;
    let stage = pod.stage.as_str();
    let named = |key: &'static str| t.format(&Message::new(key).with("name", &pod.name));
    let claims = html! {
        <div class="claims">
            { for pod.claims.iter().map(|claim| html! { <ClaimBadge claim={claim.clone()} /> }) }
        </div>
    };
    if pod.stage == PodStage::NotCreated {
        return html! {
            <li class={classes!("pod", stage)} aria-label={named("pod.not_created_label")}>
                <div class="pod-head">
                    <span class="ordinal" aria-hidden="true">{ pod.ordinal }</span>
                    <h4 class="name">{ &pod.name }</h4>
                    <span class="status">{ t.text("status.not_created") }</span>
                </div>
                if let Some(reason) = &pod.reason {
                    <p class="why">{ t.format(reason) }</p>
                }
                { claims }
            </li>
        };
    }
    let ondelete = {
        let (callback, name) = (props.ondelete.clone(), pod.name.clone());
        Callback::from(move |_| callback.emit(name.clone()))
    };
    let onunready = {
        let (callback, name, unready) = (props.onunready.clone(), pod.name.clone(), props.unready);
        Callback::from(move |_| callback.emit((name.clone(), !unready)))
    };
    let field = |label: &'static str, value: String| {
        html! { <><dt>{ label }</dt><dd>{ value }</dd></> }
    };
    let terminating = pod.stage == PodStage::Terminating;
    html! {
        <li class={classes!("pod", stage, (!pod.desired).then_some("condemned"))}
            aria-label={format!("Pod {}", pod.name)}>
            <div class="pod-head">
                <span class="ordinal" aria-hidden="true">{ pod.ordinal }</span>
                <h4 class="name">{ &pod.name }</h4>
                <span class="status" title={t.text("status.status_column.hint")}>{ &pod.status }</span>
            </div>
            <dl class="columns">
                { field("READY", pod.ready.clone()) }
                { field("NODE", pod.node.clone().unwrap_or_else(|| "<none>".to_owned())) }
                { field("IP", pod.ip.clone().unwrap_or_else(|| "<none>".to_owned())) }
                { field("RESTARTS", pod.restarts.to_string()) }
                { field("AGE", props.age.clone()) }
                { field("REVISION", pod.revision.clone().unwrap_or_default()) }
            </dl>
            if !pod.updated && pod.revision.is_some() {
                <p class="old-revision">{ t.text("status.old_revision") }</p>
            }
            if let Some(reason) = &pod.reason {
                <p class="why">{ t.format(reason) }</p>
            }
            if let Some(dns) = &pod.dns_name {
                <p class="dns" title={t.text("status.stable_dns_name")}>{ breaking_at_dots(dns) }</p>
            }
            { claims }
            <div class="actions">
                <button type="button" class="danger" onclick={ondelete} disabled={terminating}
                    aria-label={named("pod.delete_label")}>{ t.text("button.delete") }</button>
                <button type="button" onclick={onunready} disabled={terminating}
                    aria-pressed={props.unready.to_string()}
                    aria-label={named(if props.unready { "pod.make_ready_label" } else { "pod.make_unready_label" })}>
                    { t.text(if props.unready { "button.make_ready" } else { "button.make_unready" }) }
                </button>
            </div>
        </li>
    }
}

/// A DNS name that may wrap after any of its dots (`<wbr>`), so that a narrow card
/// breaks `giropops-0.nginx.default.svc.cluster.local` between labels, not inside one.
fn breaking_at_dots(name: &str) -> Html {
    name.split_inclusive('.')
        .map(|label| html! { <>{ label }<wbr /></> })
        .collect()
}
