//! The YAML editor: a text area with a line-number gutter that marks lines in error.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text to show.
    pub text: Rc<str>,
    /// 1-based lines that hold a mistake.
    pub error_lines: Vec<u32>,
    /// Called with the whole new text on every edit.
    pub onedit: Callback<String>,
}

/// The manifest editor.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let gutter = use_node_ref();

    let oninput = {
        let onedit = props.onedit.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            onedit.emit(area.value());
        })
    };
    // Keep the gutter's line numbers level with the text as it scrolls.
    let onscroll = {
        let gutter = gutter.clone();
        Callback::from(move |event: Event| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            if let Some(gutter) = gutter.cast::<HtmlElement>() {
                gutter.set_scroll_top(area.scroll_top());
            }
        })
    };

    let lines = u32::try_from(props.text.split('\n').count()).unwrap_or(u32::MAX);
    let numbers = (1..=lines).map(|n| {
        let error = props.error_lines.contains(&n);
        html! { <div class={classes!("line-number", error.then_some("error"))}>{ n }</div> }
    });

    html! {
        <div class="editor">
            <div class="gutter" ref={gutter} aria-hidden="true">{ for numbers }</div>
            <textarea
                class="code"
                aria-label="Manifest YAML"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                value={props.text.to_string()}
                {oninput}
                {onscroll}
            />
        </div>
    }
}
