//! PersistentVolumes in `kubectl get pv`'s columns: what outlives pods and claims.

use yew::prelude::*;

use crate::i18n::Message;
use crate::ui::hooks::{use_locale, use_session};

/// The volumes panel.
#[function_component]
pub fn VolumesPanel() -> Html {
    let session = use_session();
    let t = use_locale();
    let volumes = &session.view.volumes;
    html! {
        <section class="panel volumes" aria-labelledby="volumes-title">
            <h2 id="volumes-title">{ format!("PersistentVolumes ({})", volumes.len()) }</h2>
            if volumes.is_empty() {
                <p class="muted">{ t.text("empty.volumes") }</p>
            } else {
                <div class="table-wrap">
                    <table aria-label="PersistentVolumes">
                        <thead><tr>
                            <th>{ "NAME" }</th><th>{ "CAPACITY" }</th><th>{ "ACCESS MODES" }</th>
                            <th>{ "RECLAIM POLICY" }</th><th>{ "STATUS" }</th><th>{ "CLAIM" }</th>
                            <th>{ "STORAGECLASS" }</th><th>{ "AGE" }</th>
                        </tr></thead>
                        <tbody>
                            { for volumes.iter().take(200).map(|v| html! {
                                <tr key={v.name.clone()} class={v.status.to_ascii_lowercase()}
                                    title={v.note.as_ref().map(|n| t.format(n)).unwrap_or_default()}>
                                    <td>{ &v.name }</td><td>{ &v.capacity }</td><td>{ &v.access_modes }</td>
                                    <td>{ &v.reclaim_policy }</td><td>{ &v.status }</td><td>{ &v.claim }</td>
                                    <td>{ &v.storage_class }</td><td>{ session.view.age(v.created_millis) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                { for volumes.iter().filter_map(|v| v.note.as_ref().map(|n| (v, n))).filter(|(v, _)| v.status == "Released").map(|(v, note)| html! {
                    <p class="why">{ t.format(&Message::new("volume.released").with("name", &v.name).with("note", note.clone())) }</p>
                }) }
            }
        </section>
    }
}
