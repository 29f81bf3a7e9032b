//! Nodes: STATUS, ROLES, InternalIP, the pods each one runs, and the lever to make a
//! node fail (its kubelet stops reporting) or bring it back. The workers come first;
//! the control-plane node, which runs CoreDNS and no pod of the student's unless it
//! tolerates its taint, comes last and can fail too.

use yew::prelude::*;

use crate::i18n::Message;
use crate::ui::hooks::{use_locale, use_session};
use crate::ui::session::NODES_RANGE;

/// The nodes panel.
#[function_component]
pub fn NodesPanel() -> Html {
    let session = use_session();
    let t = use_locale();
    let reset_with =
        |count: u8| t.format(&Message::new("nodes.reset_with").with("count", count.to_string()));
    let resize = |nodes: u8| {
        let session = session.clone();
        Callback::from(move |_| session.set_nodes(nodes))
    };
    let count = session.nodes;
    html! {
        <section class="panel nodes" aria-labelledby="nodes-title">
            <div class="pane-head">
                <h2 id="nodes-title">{ t.text("panel.nodes.title") }</h2>
                <div class="scale" role="group" aria-label={t.text("nodes.count_label")}
                    title={t.text("nodes.count_hint")}>
                    <button type="button" onclick={resize(count.saturating_sub(1))}
                        disabled={count <= *NODES_RANGE.start()}
                        aria-label={reset_with(count.saturating_sub(1))}>{ "−" }</button>
                    <span class="replicas">{ t.format(&Message::new("nodes.count").with("count", u64::from(count))) }</span>
                    <button type="button" onclick={resize(count.saturating_add(1))}
                        disabled={count >= *NODES_RANGE.end()}
                        aria-label={reset_with(count.saturating_add(1))}>{ "+" }</button>
                </div>
            </div>
            <ul class="node-list">
                { for session.view.nodes.iter().map(|node| {
                    let onclick = {
                        let (session, name, failed) = (session.clone(), node.name.clone(), node.failed);
                        Callback::from(move |_| if failed { session.restore_node(&name) } else { session.fail_node(&name) })
                    };
                    let (word, label) = if node.failed {
                        (t.text("nodes.restore"), t.format(&Message::new("nodes.restore_label").with("name", &node.name)))
                    } else {
                        (t.text("nodes.fail"), t.format(&Message::new("nodes.fail_label").with("name", &node.name)))
                    };
                    html! {
                        <li key={node.name.clone()} class={classes!("node", if node.ready { "ready" } else { "not-ready" })}
                            aria-label={format!("Node {}", node.name)}>
                            <div class="node-head">
                                <h4>{ &node.name }</h4>
                                <span class="status">{ &node.status }</span>
                            </div>
                            if node.control_plane {
                                <p class="role">{ format!("ROLES {}", node.roles) }</p>
                            }
                            <p class="muted">{ format!("InternalIP {}", node.internal_ip) }</p>
                            if node.control_plane {
                                <p class="muted">{ t.text("nodes.control_plane_hint") }</p>
                            }
                            <p class="node-pods">
                                { if node.pods.is_empty() { t.text("status.no_pods") } else { node.pods.join(", ") } }
                            </p>
                            if node.failed {
                                <p class="why">{ t.text("status.node_failed.hint") }</p>
                            }
                            <button type="button" class={classes!((!node.failed).then_some("danger"))} {onclick}
                                aria-label={label}>{ word }</button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
