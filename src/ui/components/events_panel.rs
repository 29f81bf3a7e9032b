//! The events panel: newest first, in `kubectl events`' columns and wording.

use yew::prelude::*;

use crate::i18n::Message;
use crate::ui::hooks::{use_locale, use_session};

/// How many events the panel lists.
const MAX_ROWS: usize = 150;

/// The events panel.
#[function_component]
pub fn EventsPanel() -> Html {
    let session = use_session();
    let t = use_locale();
    let events = &session.view.events;
    html! {
        <section class="panel events" aria-labelledby="events-title">
            <h2 id="events-title">{ t.text("panel.events.title") }<span class="muted">{ " " }{ t.text("events.newest_first") }</span></h2>
            if events.is_empty() {
                <p class="muted">{ t.text("empty.events") }</p>
            }
            <div class="table-wrap">
                <table aria-label={t.text("panel.events.title")}>
                    <thead><tr>
                        <th>{ "LAST SEEN" }</th><th>{ "TYPE" }</th><th>{ "REASON" }</th>
                        <th>{ "OBJECT" }</th><th>{ "MESSAGE" }</th>
                    </tr></thead>
                    <tbody>
                        { for events.iter().take(MAX_ROWS).map(|e| html! {
                            <tr class={classes!(e.warning.then_some("warning"))}>
                                <td>{ e.last_seen(session.view.now_millis) }</td><td>{ &e.type_ }</td><td>{ &e.reason }</td>
                                <td>{ &e.object }</td><td>{ &e.message }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if session.view.event_count > MAX_ROWS {
                <p class="muted">{ t.format(&Message::new("events.older").with("count", (session.view.event_count - MAX_ROWS) as u64)) }</p>
            }
        </section>
    }
}
