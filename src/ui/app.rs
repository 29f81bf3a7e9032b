//! The page: the editor (with its marks and the terminal) on the left, the live
//! cluster on the right — StatefulSets with their pods and claims, Services,
//! topology, DNS, events, nodes and volumes — and the time controls on top.

use std::rc::Rc;

use yew::prelude::*;

use super::browser::{self, keys};
use super::components::{
    DnsPanel, Editor, ErrorPanel, EventsPanel, ExamplePicker, LanguagePicker, NodesPanel,
    ServiceCard, StatefulSetCard, Terminal, TimeControls, TopologyPanel, VolumesPanel,
};
use super::hooks::{
    stored, use_clock, use_debounce, use_locale, use_saved_texts, use_session, Lang, SessionHandle,
};
use super::session::{Notice, Session};
use super::start;
use crate::embed::PageOptions;
use crate::i18n;

/// Quiet time after the last keystroke before an edit is applied. Short enough
/// that the cluster answers within a tenth of a second of typing.
const EDIT_DEBOUNCE_MILLIS: u32 = 40;

/// The root component.
#[function_component]
pub fn App() -> Html {
    let options = use_memo((), |_| PageOptions::from_query(&browser::query()));
    let scope = start::storage_scope(&options);
    let reducer = {
        let (options, scope) = (options.clone(), scope.clone());
        use_reducer(move || {
            let start = start::plan(&options, stored(&scope));
            let mut session = Session::resume(start.texts);
            session.notices = Rc::new(start.notices);
            session
        })
    };
    let session = SessionHandle::new(reducer);
    use_clock(&session);
    use_saved_texts(&session, scope);

    let onedit = {
        let session = session.clone();
        use_debounce(
            EDIT_DEBOUNCE_MILLIS,
            Callback::from(move |text: String| {
                super::timing::start("ordinal-edit");
                session.edit(text)
            }),
        )
    };
    // Runs after every render: closes the timing of the edit or tick that caused it.
    use_effect(super::timing::finish);

    let lang = use_state(first_language);
    use_effect_with(*lang, |lang| browser::set_document_language(lang.tag()));
    let onlanguage = {
        let lang = lang.clone();
        Callback::from(move |tag: &'static str| {
            lang.set(Lang(i18n::for_tag(tag)));
            browser::save(keys::LANG, Some(tag));
            // A `lang` in the address would win again on the next visit: keep it true.
            let query = browser::query();
            if i18n::lang_from_query(&query).is_some() {
                browser::replace_address(&browser::with_parameter(&query, "lang", Some(tag)));
            }
        })
    };
    let t = *lang;

    html! {
        <ContextProvider<Lang> context={t}>
        <ContextProvider<SessionHandle> context={session.clone()}>
            <header class="topbar">
                <div class="brand">
                    <h1>{ t.text("app.name") }</h1>
                    <p class="tagline">{ t.text("app.tagline") }</p>
                    <LanguagePicker onpick={onlanguage} />
                </div>
                <TimeControls />
            </header>
            <main class="workspace">
                <div class="left">
                    <EditorPane {onedit} />
                    <Terminal />
                </div>
                <div class="right">
                    <ClusterPane />
                    <TopologyPanel />
                    <DnsPanel />
                    <EventsPanel />
                </div>
            </main>
        </ContextProvider<SessionHandle>>
        </ContextProvider<Lang>>
    }
}

/// The language a visit starts in: `?lang=` when it names one Ordinal has, else the
/// one the visitor picked last time, else the browser's preferences, else English.
fn first_language() -> Lang {
    let forced = i18n::lang_from_query(&browser::query());
    let mut preferred: Vec<String> = browser::load(keys::LANG).into_iter().collect();
    preferred.extend(browser::preferred_languages());
    Lang(i18n::for_tag(
        i18n::negotiate(forced.as_deref(), &preferred).tag,
    ))
}

#[derive(Properties, PartialEq)]
struct EditorPaneProps {
    onedit: Callback<String>,
}

/// The editor with its toolbar (live apply, apply now, the course example) and marks.
#[function_component]
fn EditorPane(props: &EditorPaneProps) -> Html {
    let session = use_session();
    let t = use_locale();
    let onlive = {
        let session = session.clone();
        let live = session.live;
        Callback::from(move |_| session.set_live(!live))
    };
    let onapply = {
        let session = session.clone();
        Callback::from(move |_| session.apply())
    };
    let onrestore = {
        let session = session.clone();
        Callback::from(move |_| session.restore_previous())
    };
    html! {
        <section class="pane editor-pane" aria-labelledby="editor-title">
            <div class="pane-head">
                <h2 id="editor-title">{ t.text("panel.editor.title") }</h2>
                <div class="toolbar">
                    <label class="toggle">
                        <input type="checkbox" checked={session.live} onchange={onlive} />
                        { " " }{ t.text("button.live_apply") }
                    </label>
                    if !session.live {
                        <button type="button" onclick={onapply}>{ t.text("button.apply") }</button>
                    }
                    if session.can_restore() {
                        <button type="button" onclick={onrestore} title={t.text("button.previous_text.hint")}>
                            { t.text("button.previous_text") }
                        </button>
                    }
                </div>
            </div>
            <ExamplePicker />
            <Editor text={session.text.clone()} text_version={session.text_version}
                diagnostics={session.diagnostics.clone()} onedit={props.onedit.clone()}
                label={t.text("editor.label")} />
            <p class="editor-hint">{ t.text("editor.hint") }</p>
            if session.text.trim().is_empty() {
                <p class="muted">{ t.text("empty.editor") }</p>
            }
            <ErrorPanel diagnostics={session.diagnostics.clone()} stale={session.stale} live={session.live} />
        </section>
    }
}

/// The live cluster: StatefulSets, other pods, Services, nodes and volumes.
#[function_component]
fn ClusterPane() -> Html {
    let session = use_session();
    let t = use_locale();
    let view = &session.view;
    let services: Vec<_> = view.services.iter().filter(|s| !s.system).collect();
    html! {
        <section class="pane cluster-pane" aria-labelledby="cluster-title">
            <h2 id="cluster-title">{ t.text("panel.cluster.title") }</h2>
            <Notices notices={session.notices.clone()} />
            if view.statefulsets.is_empty() {
                <p class="muted">{ t.text("empty.statefulsets") }</p>
            }
            { for view.statefulsets.iter().map(|set| html! {
                <StatefulSetCard key={format!("{}/{}", set.namespace, set.name)} set={set.clone()} />
            }) }
            if !view.other_pods.is_empty() {
                <section class="other-pods" aria-label={t.text("panel.other_pods.title")}>
                    <h3>{ t.text("panel.other_pods.title") }</h3>
                    <ul>
                        { for view.other_pods.iter().map(|p| html! {
                            <li key={p.name.clone()} class={classes!("pod", p.stage.as_str())}>
                                { format!("{} {} {}", p.name, p.status, p.ready) }
                            </li>
                        }) }
                    </ul>
                </section>
            }
            <section class="services" aria-labelledby="services-title">
                <h3 id="services-title">{ t.text("panel.services.title") }</h3>
                if services.is_empty() {
                    <p class="muted">{ t.text("empty.services") }</p>
                }
                <ul class="service-list">
                    { for services.iter().map(|s| html! {
                        <ServiceCard key={format!("{}/{}", s.namespace, s.name)} service={(*s).clone()} />
                    }) }
                </ul>
            </section>
            <NodesPanel />
            <VolumesPanel />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct NoticesProps {
    notices: Rc<Vec<Notice>>,
}

/// What the last action did: Ordinal's words, or kubectl's output as it printed it.
#[function_component]
fn Notices(props: &NoticesProps) -> Html {
    let session = use_session();
    let t = use_locale();
    let onundo = Callback::from(move |_| session.restore_previous());
    html! {
        <div class="notice" role="status" aria-live="polite">
            { for props.notices.iter().map(|notice| match notice {
                Notice::Info(message) => html! { <p>{ t.format(message) }</p> },
                Notice::Warning(message) => html! { <p class="warning">{ t.format(message) }</p> },
                Notice::Replaced(message) => html! {
                    <p>{ t.format(message) }{ " " }
                        <button type="button" class="link" onclick={onundo.clone()}>{ t.text("button.undo") }</button>
                    </p>
                },
                Notice::Kubectl { output, failed } => html! {
                    <pre class={classes!("kubectl", failed.then_some("failed"))}>{ output }</pre>
                },
            }) }
        </div>
    }
}
