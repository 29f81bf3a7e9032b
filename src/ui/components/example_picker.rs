//! The examples picker: every manifest Ordinal ships, titled and described in the
//! page's language. Loading one keeps the student's own text to bring back.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::examples::{self, EXAMPLES};
use crate::ui::hooks::{use_locale, use_session};
use crate::ui::session::Source;

/// A select of the examples, a button to load the chosen one, and its description.
#[function_component]
pub fn ExamplePicker() -> Html {
    let session = use_session();
    let t = use_locale();
    let chosen = use_state(|| session.example.unwrap_or(EXAMPLES[0].id));
    let example = examples::example(&chosen).unwrap_or(&EXAMPLES[0]);

    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(example) = examples::example(&value) {
                chosen.set(example.id);
            }
        })
    };
    let onload = {
        let (session, id, text) = (session.clone(), example.id, example.text);
        Callback::from(move |_| session.load(text, Source::Example(id)))
    };
    html! {
        <div class="examples" role="group" aria-label={t.text("panel.examples.title")}>
            <select aria-label={t.text("example.pick")} {onchange}>
                { for EXAMPLES.iter().map(|e| html! {
                    <option value={e.id} selected={e.id == example.id}>{ t.format(&e.title()) }</option>
                }) }
            </select>
            <button type="button" onclick={onload}>{ t.text("example.load") }</button>
            <p class="example-description muted">{ t.format(&example.description()) }</p>
        </div>
    }
}
