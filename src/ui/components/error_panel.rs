//! The list of marks on the editor text, each with its line and column: decoding
//! mistakes, the API server's refusals and warnings, in the layers' own words.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Message;
use crate::ui::hooks::use_locale;
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
    let t = use_locale();
    let has_errors = props
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let stale = if props.stale && has_errors {
        html! {
            <p class="stale-notice" role="status">
                { t.text("problem.last_valid") }
            </p>
        }
    } else if props.stale && !props.live {
        html! {
            <p class="stale-notice" role="status">
                { t.text("notice.live_paused") }
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
                            <span class="severity">{ t.text(match d.severity {
                                Severity::Error => "problem.error",
                                Severity::Warning => "problem.warning",
                            }) }</span>
                            { " · " }
                            <span class="where">{ t.format(&Message::new("problem.at")
                                .with("line", d.line.to_string())
                                .with("column", d.column.to_string())) }</span>
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
