//! The terminal panel: kubectl commands run by the command layer on the simulated
//! cluster, with their output in kubectl's wording, ↑/↓ through earlier commands and
//! Tab completion of verbs, resource types and object names.

use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::ui::hooks::{use_locale, use_session};
use crate::view_model::complete;

/// The terminal.
#[function_component]
pub fn Terminal() -> Html {
    let session = use_session();
    let t = use_locale();
    let input = use_node_ref();
    let log = use_node_ref();
    // Position in the history while browsing it with ↑/↓ (None: a fresh line).
    let browsing = use_mut_ref(|| None::<usize>);
    // What Tab offered when more than one name fits.
    let options = use_state(Vec::<String>::new);

    {
        let log = log.clone();
        use_effect_with(session.terminal.clone(), move |_| {
            if let Some(log) = log.cast::<HtmlElement>() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }

    let onsubmit = {
        let (session, input, browsing, options) = (
            session.clone(),
            input.clone(),
            browsing.clone(),
            options.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            options.set(Vec::new());
            if let Some(field) = input.cast::<HtmlInputElement>() {
                let line = field.value();
                field.set_value("");
                *browsing.borrow_mut() = None;
                session.run(line);
            }
        })
    };
    let onkeydown = {
        let (session, input, browsing, options) = (
            session.clone(),
            input.clone(),
            browsing.clone(),
            options.clone(),
        );
        Callback::from(move |event: KeyboardEvent| {
            let history: Vec<&str> = session
                .terminal
                .iter()
                .map(|e| e.command.as_str())
                .collect();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let mut position = browsing.borrow_mut();
            match event.key().as_str() {
                // Tab completes; on an empty line it moves focus on, as usual.
                "Tab" if !event.shift_key() && !field.value().is_empty() => {
                    event.prevent_default();
                    let completion = complete(&field.value(), &session.view);
                    field.set_value(&completion.line);
                    options.set(completion.options);
                }
                "ArrowUp" if !history.is_empty() => {
                    event.prevent_default();
                    let at = position.map_or(history.len() - 1, |p| p.saturating_sub(1));
                    *position = Some(at);
                    field.set_value(history[at]);
                }
                "ArrowDown" => {
                    event.prevent_default();
                    match *position {
                        Some(p) if p + 1 < history.len() => {
                            *position = Some(p + 1);
                            field.set_value(history[p + 1]);
                        }
                        _ => {
                            *position = None;
                            field.set_value("");
                        }
                    }
                }
                _ => {}
            }
        })
    };
    let onclick_log = {
        let input = input.clone();
        Callback::from(move |_| {
            if let Some(field) = input.cast::<HtmlElement>() {
                let _ = field.focus();
            }
        })
    };

    html! {
        <section class="panel terminal" aria-labelledby="terminal-title">
            <h2 id="terminal-title">{ t.text("panel.terminal.title") }</h2>
            <div class="terminal-log" ref={log} role="log" aria-live="polite" aria-label={t.text("terminal.output")}
                onclick={onclick_log}>
                if session.terminal.is_empty() {
                    <p class="hint">{ t.text("terminal.help") }</p>
                }
                { for session.terminal.iter().enumerate().map(|(i, entry)| html! {
                    <div key={i} class={classes!("entry", entry.failed.then_some("failed"))}>
                        <div class="command"><span class="prompt" aria-hidden="true">{ "$ " }</span>{ &entry.command }</div>
                        if !entry.output.is_empty() {
                            <pre class="output">{ entry.output.trim_end() }</pre>
                        }
                    </div>
                }) }
            </div>
            <form class="prompt-line" {onsubmit}>
                <span class="prompt" aria-hidden="true">{ "$" }</span>
                <input ref={input} type="text" spellcheck="false" autocomplete="off" autocapitalize="off"
                    aria-label={t.text("terminal.command")} placeholder="kubectl get pods" {onkeydown} />
                <button type="submit">{ t.text("terminal.run") }</button>
            </form>
            if !options.is_empty() {
                <p class="completions" aria-live="polite">{ options.join("  ") }</p>
            }
        </section>
    }
}
