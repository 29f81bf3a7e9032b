//! Nodes: STATUS, InternalIP, the pods each one runs, and the lever to make a node
//! fail (its kubelet stops reporting) or bring it back.

use yew::prelude::*;

use crate::ui::hooks::use_session;
use crate::ui::session::NODES_RANGE;

/// The nodes panel.
#[function_component]
pub fn NodesPanel() -> Html {
    let session = use_session();
    let resize = |nodes: u8| {
        let session = session.clone();
        Callback::from(move |_| session.set_nodes(nodes))
    };
    let count = session.nodes;
    html! {
        <section class="panel nodes" aria-labelledby="nodes-title">
            <div class="pane-head">
                <h2 id="nodes-title">{ "Nodes" }</h2>
                <div class="scale" role="group" aria-label="Nodes of a fresh cluster"
                    title="Each node runs at most 110 pods. Changing the count resets the cluster.">
                    <button type="button" onclick={resize(count.saturating_sub(1))}
                        disabled={count <= *NODES_RANGE.start()}
                        aria-label={format!("Reset with {} nodes", count.saturating_sub(1))}>{ "−" }</button>
                    <span class="replicas">{ format!("{count} nodes") }</span>
                    <button type="button" onclick={resize(count.saturating_add(1))}
                        disabled={count >= *NODES_RANGE.end()}
                        aria-label={format!("Reset with {} nodes", count.saturating_add(1))}>{ "+" }</button>
                </div>
            </div>
            <ul class="node-list">
                { for session.view.nodes.iter().map(|node| {
                    let onclick = {
                        let (session, name, failed) = (session.clone(), node.name.clone(), node.failed);
                        Callback::from(move |_| if failed { session.restore_node(&name) } else { session.fail_node(&name) })
                    };
                    let label = if node.failed { "Restore" } else { "Fail" };
                    html! {
                        <li key={node.name.clone()} class={classes!("node", if node.ready { "ready" } else { "not-ready" })}
                            aria-label={format!("Node {}", node.name)}>
                            <div class="node-head">
                                <h4>{ &node.name }</h4>
                                <span class="status">{ &node.status }</span>
                            </div>
                            <p class="muted">{ format!("InternalIP {}", node.internal_ip) }</p>
                            <p class="node-pods">
                                { if node.pods.is_empty() { "no pods".to_owned() } else { node.pods.join(", ") } }
                            </p>
                            if node.failed {
                                <p class="why">{ "Its kubelet stopped reporting: after 40 s its pods are marked not ready, after 5 min they are evicted but stay Terminating until the node returns." }</p>
                            }
                            <button type="button" class={classes!((!node.failed).then_some("danger"))} {onclick}
                                aria-label={format!("{label} node {}", node.name)}>{ format!("{label} node") }</button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
