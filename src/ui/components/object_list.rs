//! Cards for the objects the manifest declares.

use std::rc::Rc;

use yew::prelude::*;

use crate::view_model::ObjectSummary;

#[derive(Properties, PartialEq)]
pub struct ObjectListProps {
    pub objects: Rc<Vec<ObjectSummary>>,
    /// True when the objects come from an earlier text, because the current one has a mistake.
    pub stale: bool,
}

/// One card per declared object, in the order of the text.
#[function_component]
pub fn ObjectList(props: &ObjectListProps) -> Html {
    let notice = if props.stale && !props.objects.is_empty() {
        html! {
            <p class="stale-notice" role="status">
                { "Showing the last valid manifest. Fix the error to update." }
            </p>
        }
    } else if props.objects.is_empty() {
        html! { <p class="empty">{ "No objects yet. Write a manifest on the left." }</p> }
    } else {
        html! {}
    };
    html! {
        <>
            { notice }
            <ul class={classes!("object-list", props.stale.then_some("stale"))} aria-label="Declared objects">
                { for props.objects.iter().map(object_card) }
            </ul>
        </>
    }
}

fn object_card(object: &ObjectSummary) -> Html {
    let title = format!("{} {}", object.kind, object.name);
    html! {
        <li class="object-card" aria-label={title.clone()}>
            <h3>
                <span class="kind">{ &object.kind }</span>
                { " " }
                <span class="name">{ &object.name }</span>
            </h3>
            <p class="origin">
                { object.namespace.as_ref().map(|ns| format!("namespace {ns} · ")).unwrap_or_default() }
                { format!("line {}", object.first_line) }
            </p>
            <dl>
                { for object.fields.iter().map(|(label, value)| html! {
                    <>
                        <dt>{ label }</dt>
                        <dd>{ value }</dd>
                    </>
                }) }
            </dl>
        </li>
    }
}
