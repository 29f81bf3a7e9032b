//! A PersistentVolumeClaim beside its pod: phase, volume, capacity, access modes,
//! StorageClass, and why it is Pending.

use yew::prelude::*;

use crate::i18n::Message;
use crate::ui::hooks::use_locale;
use crate::view_model::ClaimView;

#[derive(Properties, PartialEq)]
pub struct ClaimBadgeProps {
    pub claim: ClaimView,
    /// Shown instead of the usual caption for a claim kept after a scale-down.
    #[prop_or_default]
    pub kept_for: Option<String>,
}

/// One claim.
#[function_component]
pub fn ClaimBadge(props: &ClaimBadgeProps) -> Html {
    let t = use_locale();
    let claim = &props.claim;
    let state = claim.status.to_ascii_lowercase();
    let volume = if claim.volume.is_empty() {
        html! { <span class="muted">{ t.text("status.no_volume_yet") }</span> }
    } else {
        html! {
            <>
                <span class="arrow" aria-hidden="true">{ "→ " }</span>
                <span class="volume">{ &claim.volume }</span>
                { " " }
                <span class="capacity">{ &claim.capacity }</span>
                { " " }
                <span class="modes">{ &claim.access_modes }</span>
            </>
        }
    };
    html! {
        <div class={classes!("claim", state.clone(), props.kept_for.is_some().then_some("kept"))}
            aria-label={format!("PersistentVolumeClaim {}", claim.name)}>
            <div class="claim-head">
                <span class="name">{ &claim.name }</span>
                <span class={classes!("badge", state.clone())}>{ &claim.status }</span>
            </div>
            <div class="claim-volume">
                { volume }
                if !claim.storage_class.is_empty() {
                    <span class="class">{ " · " }{ t.format(&Message::new("claim.class").with("class", &claim.storage_class)) }</span>
                }
                if let Some(policy) = &claim.reclaim_policy {
                    <span class="policy">{ " · " }{ t.format(&Message::new("claim.reclaim").with("policy", policy)) }</span>
                }
            </div>
            if let Some(pod) = &props.kept_for {
                <p class="why">{ t.format(&Message::new("claim.kept").with("pod", pod)) }</p>
            }
            if let Some(reason) = &claim.reason {
                <p class="why">{ t.format(&Message::new("claim.pending").with("reason", reason.clone())) }</p>
            }
        </div>
    }
}
