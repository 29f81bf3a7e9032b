//! The list of marks on the editor text, each with its line and column: decoding
//! mistakes, the API server's refusals and warnings, in the layers' own words.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::session::{Diagnostic, Severity};

#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// True when the cluster runs an earlier text than the one shown.
    pub stale: bool,
    pub live: bool,
}

/// Shows the marks; nothing when there are none.
#[function_component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    let has_errors = props
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let stale = if props.stale && has_errors {
        html! {
            <p class="stale-notice" role="status">
                { "The cluster keeps running the last valid manifest. Fix the error to apply your changes." }
            </p>
        }
    } else if props.stale && !props.live {
        html! {
            <p class="stale-notice" role="status">
                { "Live apply is paused: the cluster runs the text as it was when you last applied it." }
            </p>
        }
    } else {
        html! {}
    };
    if props.diagnostics.is_empty() {
        return stale;
    }
    html! {
        <>
            // Warnings alone are news, not an alarm: the text still applies.
            <div class="errors" role={if has_errors { "alert" } else { "status" }}>
                <ul>
                    { for props.diagnostics.iter().map(|d| html! {
                        <li class={classes!("mark", d.severity.as_str())}>
                            <span class="where">{ format!("Line {}, column {}", d.line, d.column) }</span>
                            { ": " }
                            <span class="message">{ &d.message }</span>
                            if let Some(hint) = &d.hint {
                                <span class="hint">{ format!(" ({hint})") }</span>
                            }
                        </li>
                    }) }
                </ul>
            </div>
            { stale }
        </>
    }
}
