//! Cluster DNS: a lookup from inside a pod that shows every name its resolver tries
//! along the search path, and the live table of every record (A, SRV, PTR, CNAME),
//! which grows and shrinks as pods become ready and go.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::dns::RecordType;
use crate::engine::DEFAULT_NAMESPACE;
use crate::i18n::Message;
use crate::ui::hooks::{use_locale, use_session};
use crate::view_model::{lookup_among, LookupView, RecordView};

/// How many records the table shows before asking for a filter.
const MAX_ROWS: usize = 200;

/// The DNS panel.
#[function_component]
pub fn DnsPanel() -> Html {
    let session = use_session();
    let t = use_locale();
    let query = use_state(|| "giropops-1.nginx".to_owned());
    let record_type = use_state(|| RecordType::A);
    let from_pod = use_state(|| None::<String>);
    let filter = use_state(String::new);

    // Every pod a lookup can be made from. A set's view changes with every pod's
    // status, the list of names far less often: the list keeps its pointer while the
    // names stay the same, so the thousand options of a large set are not drawn again.
    let pods = {
        let names = use_mut_ref(|| Rc::new(Vec::<(String, String)>::new()));
        let sets = session.view.statefulsets.clone();
        let others = session.view.other_pods.clone();
        use_memo((sets, others), move |(sets, others)| {
            let fresh: Vec<(String, String)> = sets
                .iter()
                .flat_map(|s| s.pods.iter().map(move |p| (s.namespace.as_str(), &**p)))
                .chain(others.iter().map(|p| (DEFAULT_NAMESPACE, p)))
                .filter(|(_, p)| p.stage != crate::view_model::PodStage::NotCreated)
                .map(|(ns, p)| (ns.to_owned(), p.name.clone()))
                .collect();
            let mut kept = names.borrow_mut();
            if **kept != fresh {
                *kept = Rc::new(fresh);
            }
            kept.clone()
        })
    };
    let pods: Rc<Vec<(String, String)>> = (*pods).clone();
    let from = from_pod
        .as_ref()
        .filter(|p| pods.iter().any(|(_, name)| name == *p))
        .cloned()
        .or_else(|| pods.first().map(|(_, name)| name.clone()));
    let namespace = from
        .as_ref()
        .and_then(|p| pods.iter().find(|(_, name)| name == p))
        .map(|(ns, _)| ns.clone())
        .unwrap_or_else(|| "default".to_owned());

    let result: Rc<LookupView> = {
        let cluster = session.cluster.clone();
        // A lookup reads objects only: the same revision gives the same answer. It runs
        // among the view's records rather than building them again.
        use_memo(
            (
                session.cluster.clone(),
                session.view.revision.clone(),
                session.view.records.clone(),
                (*query).clone(),
                *record_type,
                from.clone(),
                namespace.clone(),
            ),
            move |(_, _, records, query, record_type, from, namespace)| {
                lookup_among(
                    &cluster.borrow(),
                    records,
                    namespace,
                    from.as_deref(),
                    query,
                    *record_type,
                )
            },
        )
    };

    let onquery = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let ontype = {
        let record_type = record_type.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(t) = RecordType::parse(&value) {
                record_type.set(t);
            }
        })
    };
    let onfrom = {
        let from_pod = from_pod.clone();
        Callback::from(move |e: Event| {
            from_pod.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    let onfilter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            filter.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };

    html! {
        <section class="panel dns" aria-labelledby="dns-title">
            <h2 id="dns-title">{ t.text("panel.dns.heading") }</h2>
            <form class="lookup" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label>{ t.text("dns.resolve_from") }{ " " }
                    <PodSelect pods={pods.clone()} selected={from.clone()} label={t.text("dns.resolve_from")}
                        onchange={onfrom} />
                </label>
                <label>{ " " }{ t.text("dns.name") }{ " " }
                    <input type="text" value={(*query).clone()} oninput={onquery} spellcheck="false"
                        aria-label={t.text("dns.name_to_resolve")} />
                </label>
                <label>{ " " }{ t.text("dns.type") }{ " " }
                    <select aria-label={t.text("dns.record_type")} onchange={ontype}>
                        { for ["A", "SRV", "PTR", "CNAME"].iter().map(|t| html! {
                            <option value={*t} selected={record_type.as_str() == *t}>{ t }</option>
                        }) }
                    </select>
                </label>
            </form>
            <div class="lookup-result" aria-live="polite" aria-label={t.text("dns.lookup_result")}>
                <p class="resolv">{ format!("search {} · ndots:5", result.search.join(" ")) }</p>
                <ol class="attempts">
                    { for result.attempts.iter().map(|a| html! {
                        <li class={classes!("attempt", if a.answers.is_empty() { "miss" } else { "hit" })}>
                            <code>{ &a.name }</code>{ " " }
                            <span class="rcode">{ if a.answers.is_empty() && a.status == "NOERROR" { t.text("dns.no_records") } else { a.status.to_owned() } }</span>
                            if !a.answers.is_empty() {
                                { " → " }<code class="answer">{ a.answers.join(", ") }</code>
                            }
                        </li>
                    }) }
                </ol>
                if result.answer.is_empty() && !result.query.is_empty() {
                    <p class="why">{ match &result.why_not {
                        Some(why) => t.format(why),
                        None => t.text("empty.dns_answer"),
                    } }</p>
                }
            </div>
            <h3>{ t.format(&Message::new("dns.records_count").with("count", session.view.records.len() as u64)) }</h3>
            <input type="search" class="filter" placeholder={t.text("dns.filter_placeholder")} value={(*filter).clone()}
                oninput={onfilter} aria-label={t.text("dns.filter")} />
            <RecordsTable records={session.view.records.clone()} filter={(*filter).clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PodSelectProps {
    /// Namespace and name of every pod.
    pods: Rc<Vec<(String, String)>>,
    selected: Option<String>,
    label: String,
    onchange: Callback<Event>,
}

/// The pod a lookup is made from: one option per pod, drawn again only when the pods
/// or the choice change (a set of a thousand has a thousand options).
#[function_component]
fn PodSelect(props: &PodSelectProps) -> Html {
    html! {
        <select aria-label={props.label.clone()} onchange={props.onchange.clone()}>
            { for props.pods.iter().map(|(_, name)| html! {
                <option key={name.clone()} value={name.clone()}
                    selected={props.selected.as_deref() == Some(name.as_str())}>{ name }</option>
            }) }
        </select>
    }
}

#[derive(Properties, PartialEq)]
struct RecordsTableProps {
    records: Rc<Vec<RecordView>>,
    /// What the student typed in the filter.
    filter: String,
}

/// The records that match the filter, up to `MAX_ROWS`: drawn again only when the
/// records or the filter change, not on every tick.
#[function_component]
fn RecordsTable(props: &RecordsTableProps) -> Html {
    let t = use_locale();
    let needle = props.filter.trim().to_ascii_lowercase();
    let matching: Vec<&RecordView> = props
        .records
        .iter()
        .filter(|r| {
            needle.is_empty()
                || r.name.contains(&needle)
                || r.data.contains(&needle)
                || r.type_.as_str().eq_ignore_ascii_case(&needle)
        })
        .collect();
    let shown = matching.len().min(MAX_ROWS);
    html! {
        <>
            <div class="table-wrap">
                <table class="records" aria-label={t.text("panel.dns.title")}>
                    <thead><tr><th>{ "NAME" }</th><th>{ "TYPE" }</th><th>{ "DATA" }</th></tr></thead>
                    <tbody>
                        { for matching.iter().take(shown).map(|r| html! {
                            <tr key={format!("{} {} {}", r.name, r.type_.as_str(), r.data)}>
                                <td><code>{ &r.name }</code></td><td>{ r.type_.as_str() }</td><td><code>{ &r.data }</code></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if matching.len() > shown {
                <p class="muted">{ t.format(&Message::new("dns.more").with("count", (matching.len() - shown) as u64)) }</p>
            }
        </>
    }
}
