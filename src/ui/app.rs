//! The page: header, the YAML editor on the left, what it declares on the right.

use yew::prelude::*;

use super::components::{Editor, ErrorPanel, ObjectList};
use super::session::{Session, SessionAction};
use crate::examples::COURSE_EXAMPLE;

/// The root component.
#[function_component]
pub fn App() -> Html {
    let session = use_reducer(|| Session::new(COURSE_EXAMPLE));

    let onedit = {
        let session = session.dispatcher();
        Callback::from(move |text: String| session.dispatch(SessionAction::Edit(text)))
    };
    let error_lines: Vec<u32> = session.view.errors.iter().map(|e| e.line).collect();

    html! {
        <>
            <header class="topbar">
                <h1>{ "Ordinal" }</h1>
                <p class="tagline">{ "StatefulSet & Service playground" }</p>
            </header>
            <main class="workspace">
                <section class="pane editor-pane" aria-labelledby="editor-title">
                    <h2 id="editor-title">{ "Manifest (YAML)" }</h2>
                    <Editor text={session.text.clone()} {error_lines} {onedit} />
                    <ErrorPanel errors={session.view.errors.clone()} />
                </section>
                <section class="pane objects-pane" aria-labelledby="objects-title">
                    <h2 id="objects-title">{ "Objects" }</h2>
                    <ObjectList objects={session.view.objects.clone()} stale={session.view.is_stale()} />
                </section>
            </main>
        </>
    }
}
