//! The manifest editor: CodeMirror mounted once, fed new text only when the session
//! rewrote it (a scale written back, the example restored), and the session's marks.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::ui::editor_bridge::{Editor as CodeEditor, Mark};
use crate::ui::session::Diagnostic;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text the session holds.
    pub text: Rc<str>,
    /// Bumped when the session (not the user) changed the text.
    pub text_version: u64,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The editor's accessible name, in the page's language.
    pub label: AttrValue,
    /// Called with the whole text after each edit the user makes.
    pub onedit: Callback<String>,
}

/// The manifest editor.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let editor = use_mut_ref(|| None::<CodeEditor>);

    {
        let (host, editor, onedit, text, label) = (
            host.clone(),
            editor.clone(),
            props.onedit.clone(),
            props.text.clone(),
            props.label.clone(),
        );
        use_effect_with((), move |_| {
            if let Some(parent) = host.cast::<HtmlElement>() {
                *editor.borrow_mut() =
                    Some(CodeEditor::mount(&parent, &text, &label, move |text| {
                        onedit.emit(text)
                    }));
            }
            move || drop(editor.borrow_mut().take())
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(props.label.clone(), move |label| {
            with(&editor, |e| e.set_label(label));
        });
    }
    {
        let (editor, text) = (editor.clone(), props.text.clone());
        // Only text the session wrote goes in (typing never bumps the version): the
        // editor may already hold keystrokes newer than the session's text.
        use_effect_with(props.text_version, move |version| {
            if *version > 0 {
                with(&editor, |e| e.set_text(&text));
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(props.diagnostics.clone(), move |diagnostics| {
            let marks: Vec<Mark<'_>> = diagnostics
                .iter()
                .map(|d| Mark {
                    line: d.line,
                    column: d.column,
                    end_line: d.end_line,
                    end_column: d.end_column,
                    severity: d.severity.as_str(),
                    message: match &d.hint {
                        Some(hint) => format!("{} ({hint})", d.message),
                        None => d.message.clone(),
                    },
                })
                .collect();
            with(&editor, |e| e.set_marks(&marks));
        });
    }

    html! { <div class="editor" ref={host}></div> }
}

fn with(editor: &Rc<RefCell<Option<CodeEditor>>>, f: impl FnOnce(&CodeEditor)) {
    if let Some(editor) = editor.borrow().as_ref() {
        f(editor);
    }
}
