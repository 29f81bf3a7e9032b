//! The Rust side of the CodeMirror editor: the functions of the bundled script
//! `static/editor/editor.js`, which defines `globalThis.OrdinalEditor`. The editor
//! owns its text while the user types; the app hands it new text only when the
//! session rewrote it, and the marks to draw.
//!
//! The page ships that script inert (`index.html`: `type="text/x-ordinal-later"`),
//! and [`when_loaded`] runs it once the cluster is drawn: evaluating CodeMirror took
//! longer than anything else before the first render, and the cluster should not wait
//! for an editor that is mounted after the first paint anyway.

use gloo::events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::js_sys::Reflect;
use web_sys::{Element, HtmlElement};

/// The id of the inert script element in `index.html` that holds the editor.
const SCRIPT_ID: &str = "ordinal-editor-script";

/// The id of the live script element made from it.
const LOADED_ID: &str = "ordinal-editor-loaded";

/// Run `ready` once the editor script has run: at once if it has, else when the
/// script the page shipped inert has been loaded and run (a page made into one file
/// holds the script's text, which runs as soon as it is added). If the script cannot
/// be loaded, `ready` never runs and the text stays shown as it is.
pub fn when_loaded(ready: impl FnOnce() + 'static) {
    if defined() {
        ready();
        return;
    }
    let document = gloo::utils::document();
    let script = match document.get_element_by_id(LOADED_ID) {
        Some(loading) => loading,
        None => match live_script(&document) {
            Some(script) => script,
            None => return,
        },
    };
    // A script added with its text has run already; one with a `src` runs when loaded.
    if defined() {
        ready();
    } else {
        EventListener::once(&script, "load", move |_| ready()).forget();
    }
}

fn defined() -> bool {
    Reflect::has(
        &web_sys::js_sys::global(),
        &JsValue::from_str("OrdinalEditor"),
    )
    .unwrap_or(false)
}

/// A live copy of the inert script, added to the page (and so run).
fn live_script(document: &web_sys::Document) -> Option<Element> {
    let inert = document.get_element_by_id(SCRIPT_ID)?;
    let script = document.create_element("script").ok()?;
    script.set_id(LOADED_ID);
    match inert.get_attribute("src") {
        Some(src) => {
            for name in ["integrity", "crossorigin"] {
                if let Some(value) = inert.get_attribute(name) {
                    script.set_attribute(name, &value).ok()?;
                }
            }
            script.set_attribute("src", &src).ok()?;
        }
        None => script.set_text_content(inert.text_content().as_deref()),
    }
    document.body()?.append_child(&script).ok()?;
    Some(script)
}

#[wasm_bindgen]
extern "C" {
    /// A CodeMirror `EditorView`.
    pub type EditorView;

    #[wasm_bindgen(js_namespace = OrdinalEditor, js_name = create)]
    fn create_view(
        parent: &HtmlElement,
        text: &str,
        on_change: &JsValue,
        label: &str,
    ) -> EditorView;

    #[wasm_bindgen(js_namespace = OrdinalEditor, js_name = setText)]
    fn set_view_text(view: &EditorView, text: &str);

    #[wasm_bindgen(js_namespace = OrdinalEditor, js_name = setMarks)]
    fn set_view_marks(view: &EditorView, marks_json: &str);

    #[wasm_bindgen(js_namespace = OrdinalEditor, js_name = setLabel)]
    fn set_view_label(view: &EditorView, label: &str);

    #[wasm_bindgen(js_namespace = OrdinalEditor, js_name = destroy)]
    fn destroy_view(view: &EditorView);
}

/// A live editor mounted in the page; dropping it removes the editor.
pub struct Editor {
    view: EditorView,
    // Kept alive for as long as the editor may call it.
    _on_change: Closure<dyn FnMut(String)>,
}

/// One mark for the editor: 1-based line and column where it starts and ends
/// (exclusive; equal to the start for a point), `error` or `warning`.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mark<'a> {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub severity: &'a str,
    pub message: String,
}

impl Editor {
    /// Mount an editor holding `text` into `parent`, named `label` for assistive
    /// technology; `on_change` gets the whole text after each edit the user makes.
    pub fn mount(
        parent: &HtmlElement,
        text: &str,
        label: &str,
        on_change: impl FnMut(String) + 'static,
    ) -> Editor {
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let view = create_view(parent, text, on_change.as_ref(), label);
        Editor {
            view,
            _on_change: on_change,
        }
    }

    /// Show `text`, changing only what differs (one undoable step).
    pub fn set_text(&self, text: &str) {
        set_view_text(&self.view, text);
    }

    /// Rename the editor (the page's language changed).
    pub fn set_label(&self, label: &str) {
        set_view_label(&self.view, label);
    }

    /// Replace the lint marks.
    pub fn set_marks(&self, marks: &[Mark<'_>]) {
        let json = serde_json::to_string(marks).unwrap_or_else(|_| "[]".to_owned());
        set_view_marks(&self.view, &json);
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        destroy_view(&self.view);
    }
}
