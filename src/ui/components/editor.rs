//! The manifest editor: CodeMirror mounted once, fed new text only when the session
//! rewrote it (a scale written back, the example restored), and the session's marks.
//! CodeMirror is loaded and mounted just after the page's first paint: loading and
//! building it takes about as long as everything else on the first render, and the
//! cluster should not wait for it. Until then the text shows as it is, in the
//! editor's place.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::ui::editor_bridge::{self, Editor as CodeEditor, Mark};
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

/// What the editor must show when it is mounted: the props of the latest render.
struct Latest {
    text: Rc<str>,
    label: AttrValue,
    diagnostics: Rc<Vec<Diagnostic>>,
}

/// The pending mount: a frame, then a task (so the frame is painted first).
#[derive(Default)]
struct Mounting {
    _frame: Option<AnimationFrame>,
    _task: Option<Timeout>,
}

/// The manifest editor.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let editor = use_mut_ref(|| None::<CodeEditor>);
    let mounted = use_state_eq(|| false);
    let latest = use_mut_ref(|| Latest {
        text: props.text.clone(),
        label: props.label.clone(),
        diagnostics: props.diagnostics.clone(),
    });
    *latest.borrow_mut() = Latest {
        text: props.text.clone(),
        label: props.label.clone(),
        diagnostics: props.diagnostics.clone(),
    };

    {
        let (host, editor, onedit, mounted, latest) = (
            host.clone(),
            editor.clone(),
            props.onedit.clone(),
            mounted.clone(),
            latest.clone(),
        );
        use_effect_with((), move |_| {
            let mounting: Rc<RefCell<Mounting>> = Rc::default();
            let later = mounting.clone();
            let mount_editor = editor.clone();
            let frame = request_animation_frame(move |_| {
                let task = Timeout::new(0, move || {
                    editor_bridge::when_loaded(move || {
                        // Gone (unmounted) or mounted already: nothing to do.
                        let Some(parent) = host.cast::<HtmlElement>() else {
                            return;
                        };
                        if mount_editor.borrow().is_some() {
                            return;
                        }
                        let latest = latest.borrow();
                        let view =
                            CodeEditor::mount(&parent, &latest.text, &latest.label, move |text| {
                                onedit.emit(text)
                            });
                        view.set_marks(&marks(&latest.diagnostics));
                        *mount_editor.borrow_mut() = Some(view);
                        mounted.set(true);
                    });
                });
                later.borrow_mut()._task = Some(task);
            });
            mounting.borrow_mut()._frame = Some(frame);
            move || {
                // Dropping the handles cancels a mount that has not happened yet.
                drop(mounting.take());
                drop(editor.borrow_mut().take());
            }
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
            with(&editor, |e| e.set_marks(&marks(diagnostics)));
        });
    }

    html! {
        <div class="editor" ref={host}>
            if !*mounted {
                <pre class="editor-placeholder" aria-hidden="true">{ &*props.text }</pre>
            }
        </div>
    }
}

/// The session's marks as the editor draws them.
fn marks(diagnostics: &[Diagnostic]) -> Vec<Mark<'_>> {
    diagnostics
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
        .collect()
}

fn with(editor: &Rc<RefCell<Option<CodeEditor>>>, f: impl FnOnce(&CodeEditor)) {
    if let Some(editor) = editor.borrow().as_ref() {
        f(editor);
    }
}
