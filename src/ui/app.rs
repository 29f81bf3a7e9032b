//! The page: the editor (with its marks and the terminal) on the left, the live
//! cluster on the right — StatefulSets with their pods and claims, Services,
//! topology, DNS, events, nodes and volumes — and the time controls on top.

use std::rc::Rc;

use yew::prelude::*;

use super::browser::{self, keys};
use super::components::{
    DnsPanel, Editor, ErrorPanel, EventsPanel, ExamplePicker, LanguagePicker, LessonPanel,
    NodesPanel, ServiceCard, ShareButton, StatefulSetCard, Terminal, TimeControls, TopologyPanel,
    VolumesPanel,
};
use super::hooks::{
    stored, use_clock, use_debounce, use_host_messages, use_locale, use_save_on_leave,
    use_saved_texts, use_session, use_share_links, Lang, SessionHandle,
};
use super::session::{Notice, Session};
use super::start;
use crate::embed::{PageOptions, Panel};
use crate::i18n;
use crate::share::{self, Shared};

/// Quiet time after the last keystroke before an edit is applied. Short enough
/// that the cluster answers within a tenth of a second of typing.
const EDIT_DEBOUNCE_MILLIS: u32 = 40;

/// The root component.
#[function_component]
pub fn App() -> Html {
    let options = use_memo((), |_| PageOptions::from_query(&browser::query()));
    let scope = start::storage_scope(&options);
    let start = {
        let (options, scope) = (options.clone(), scope.clone());
        use_memo((), move |_| {
            start::plan(&options, stored(&scope), &browser::fragment())
        })
    };
    let reducer = {
        let start = start.clone();
        use_reducer(move || {
            let mut session = Session::resume(start.texts.clone());
            session.notices = Rc::new(start.notices.clone());
            if let Some(lesson) = start.lesson {
                session.begin_lesson(lesson);
            }
            session
        })
    };
    let session = SessionHandle::new(reducer);
    use_clock(&session);
    let storage_works = use_saved_texts(&session, scope.clone());
    // Typed text still inside the debounce: saved at once if the page goes away.
    let unsaved = use_mut_ref(|| None::<String>);
    use_save_on_leave(unsaved.clone(), scope);
    use_share_links(&session);
    use_host_messages(options.clone(), &session);
    // A share link is opened once: a reload must not open it again over later edits.
    use_effect_with((), |_| {
        if share::is_share_fragment(&browser::fragment()) {
            browser::replace_address(&browser::query());
        }
    });

    let onedit = {
        let (session, taken) = (session.clone(), unsaved.clone());
        let debounced = use_debounce(
            EDIT_DEBOUNCE_MILLIS,
            Callback::from(move |text: String| {
                super::timing::start("ordinal-edit");
                *taken.borrow_mut() = None;
                session.edit(text)
            }),
        );
        use_callback(debounced, move |text: String, debounced| {
            *unsaved.borrow_mut() = Some(text.clone());
            debounced.emit(text);
        })
    };
    // Runs after every render: closes the timing of the edit or tick that caused it.
    use_effect(super::timing::finish);

    let lang = {
        let shared_lang = start.shared_lang;
        use_state(move || first_language(shared_lang))
    };
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
    let shows = |panel| options.shows(panel);
    let editor = html! { <EditorPane {onedit} {storage_works} /> };

    let page = if options.embed {
        // The compact layout: the chosen panels, in the order the host page gave.
        let panels: Vec<Panel> = match &options.panels {
            Some(panels) => panels.clone(),
            None => Panel::ALL.iter().map(|(p, _)| *p).collect(),
        };
        html! {
            <>
                <header class="topbar compact">
                    <OpenFull />
                    if shows(Panel::Time) { <TimeControls /> }
                </header>
                <Notices notices={session.notices.clone()} />
                <main class="workspace compact">
                    { for panels.into_iter().map(|panel| match panel {
                        Panel::Editor => editor.clone(),
                        Panel::Time => Html::default(),
                        other => panel_html(other),
                    }) }
                </main>
            </>
        }
    } else {
        html! {
            <>
                <header class="topbar">
                    <div class="brand">
                        <h1>{ t.text("app.name") }</h1>
                        <p class="tagline">{ t.text("app.tagline") }</p>
                        <LanguagePicker onpick={onlanguage} />
                    </div>
                    if shows(Panel::Time) { <TimeControls /> }
                </header>
                <main class="workspace">
                    <div class="left">
                        if shows(Panel::Editor) { { editor } }
                        if shows(Panel::Terminal) { <Terminal /> }
                    </div>
                    <div class="right">
                        if shows(Panel::Lesson) { <LessonPanel /> }
                        <ClusterPane pods={shows(Panel::Pods)} services={shows(Panel::Services)}
                            nodes={shows(Panel::Nodes)} volumes={shows(Panel::Volumes)} />
                        if shows(Panel::Topology) { <TopologyPanel /> }
                        if shows(Panel::Dns) { <DnsPanel /> }
                        if shows(Panel::Events) { <EventsPanel /> }
                    </div>
                </main>
            </>
        }
    };

    html! {
        <ContextProvider<Lang> context={t}>
        <ContextProvider<SessionHandle> context={session.clone()}>
            <div class={classes!("page", options.embed.then_some("embed"))}>{ page }</div>
        </ContextProvider<SessionHandle>>
        </ContextProvider<Lang>>
    }
}

/// One panel of the compact layout.
fn panel_html(panel: Panel) -> Html {
    match panel {
        Panel::Pods => {
            html! { <ClusterPane pods=true services=false nodes=false volumes=false notices=false /> }
        }
        Panel::Services => {
            html! { <ClusterPane pods=false services=true nodes=false volumes=false notices=false /> }
        }
        Panel::Nodes => {
            html! { <ClusterPane pods=false services=false nodes=true volumes=false notices=false /> }
        }
        Panel::Volumes => {
            html! { <ClusterPane pods=false services=false nodes=false volumes=true notices=false /> }
        }
        Panel::Dns => html! { <DnsPanel /> },
        Panel::Events => html! { <EventsPanel /> },
        Panel::Terminal => html! { <Terminal /> },
        Panel::Topology => html! { <TopologyPanel /> },
        Panel::Lesson => html! { <LessonPanel /> },
        Panel::Editor | Panel::Time => Html::default(),
    }
}

/// In an iframe: the playground's name, linking to the full page with the current
/// text (as a share link), opened in a new tab.
#[function_component]
fn OpenFull() -> Html {
    let session = use_session();
    let t = use_locale();
    let address = {
        let key = (session.text.clone(), session.example, t.tag().to_owned());
        use_memo(key, |(text, example, tag)| {
            let shared = Shared {
                text: text.to_string(),
                example: example.map(str::to_owned),
                lesson: None,
                lang: Some(tag.clone()),
            };
            browser::full_page_address(&share::encode(&shared).unwrap_or_default())
        })
    };
    html! {
        <a class="open-full" href={(*address).clone()} target="_blank" rel="noopener">
            { t.text("app.name") }{ " · " }{ t.text("embed.open_full") }{ " ↗" }
        </a>
    }
}

/// The language a visit starts in: `?lang=` when it names one Ordinal has, else the
/// one the visitor picked last time, else the one a share link was made in, else the
/// browser's preferences, else English.
fn first_language(shared: Option<&str>) -> Lang {
    let forced = i18n::lang_from_query(&browser::query());
    let mut preferred: Vec<String> = browser::load(keys::LANG).into_iter().collect();
    // A share link's language comes after the visitor's own pick, before the browser's.
    preferred.extend(shared.map(str::to_owned));
    preferred.extend(browser::preferred_languages());
    Lang(i18n::for_tag(
        i18n::negotiate(forced.as_deref(), &preferred).tag,
    ))
}

#[derive(Properties, PartialEq)]
struct EditorPaneProps {
    onedit: Callback<String>,
    /// Whether the browser keeps the text (false: storage is off or full).
    storage_works: bool,
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
                    <ShareButton />
                </div>
            </div>
            if !props.storage_works {
                <p class="warning storage-off" role="status">{ t.text("notice.storage_off") }</p>
            }
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

#[derive(Properties, PartialEq)]
struct ClusterPaneProps {
    pods: bool,
    services: bool,
    nodes: bool,
    volumes: bool,
    /// Whether the notices show here (the compact layout shows them above every panel).
    #[prop_or(true)]
    notices: bool,
}

/// The live cluster: StatefulSets and other pods, Services, nodes and volumes (the
/// parts a page asked for).
#[function_component]
fn ClusterPane(props: &ClusterPaneProps) -> Html {
    let session = use_session();
    let t = use_locale();
    let view = &session.view;
    let services: Vec<_> = view.services.iter().filter(|s| !s.system).collect();
    let (title_id, title) = if props.pods {
        ("cluster-title", t.text("panel.cluster.title"))
    } else if props.services {
        ("services-pane-title", t.text("panel.services.title"))
    } else if props.nodes {
        ("nodes-pane-title", t.text("panel.nodes.title"))
    } else {
        ("volumes-pane-title", t.text("panel.volumes.title"))
    };
    html! {
        <section class="pane cluster-pane" aria-labelledby={title_id}>
            <h2 id={title_id}>{ title }</h2>
            if props.notices {
                <Notices notices={session.notices.clone()} />
            }
            if props.pods {
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
            }
            if props.services {
                <section class="services" aria-labelledby="services-title">
                    <h3 id="services-title">{ t.text("panel.services.title") }</h3>
                    if services.is_empty() {
                        <p class="muted">{ t.text("empty.services") }</p>
                    }
                    <ul class="service-list">
                        { for services.iter().map(|s| html! {
                            <ServiceCard key={format!("{}/{}", s.namespace, s.name)} service={(*s).clone()}
                                age={view.age(s.created_millis)} />
                        }) }
                    </ul>
                </section>
            }
            if props.nodes { <NodesPanel /> }
            if props.volumes { <VolumesPanel /> }
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
