//! The list of mistakes in the editor text, each with its line and column.

use std::rc::Rc;

use yew::prelude::*;

use crate::manifest::ManifestError;

#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    pub errors: Rc<Vec<ManifestError>>,
}

/// Shows the manifest's mistakes; shows nothing when there are none.
#[function_component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    html! {
        <div class="errors" role="alert">
            <ul>
                { for props.errors.iter().map(|error| html! {
                    <li class="error">
                        <span class="where">{ format!("Line {}, column {}", error.line, error.column) }</span>
                        { ": " }
                        <span class="message">{ &error.message }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
