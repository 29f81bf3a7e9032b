//! One Service: kubectl's columns, which pods its EndpointSlices list (ready or not;
//! of many, those out of rotation first and a count of the rest), how to reach it,
//! and why it has no endpoints when its selector matches nothing.

use yew::prelude::*;

use crate::i18n::Message;
use crate::ui::hooks::use_locale;
use crate::view_model::{shown_endpoints, ServiceView};

#[derive(Properties, PartialEq)]
pub struct ServiceCardProps {
    pub service: ServiceView,
    /// AGE as kubectl prints it.
    pub age: String,
}

/// A Service card.
#[function_component]
pub fn ServiceCard(props: &ServiceCardProps) -> Html {
    let t = use_locale();
    let service = &props.service;
    let field =
        |label: &'static str, value: String| html! { <><dt>{ label }</dt><dd>{ value }</dd></> };
    let reach = if service.headless {
        Message::new("service.reach.headless")
            .with("name", &service.name)
            .with("namespace", &service.namespace)
    } else if !service.node_ports.is_empty() {
        let ports: Vec<String> = service.node_ports.iter().map(|p| p.to_string()).collect();
        Message::new("service.reach.node_port")
            .with("ports", ports)
            .with("cluster_ip", &service.cluster_ip)
    } else if service.type_ == "ExternalName" {
        Message::new("service.reach.external_name").with("name", &service.external_ip)
    } else {
        Message::new("service.reach.cluster_ip").with("cluster_ip", &service.cluster_ip)
    };
    let shown = shown_endpoints(&service.endpoints);
    let hidden = service.endpoints.len() - shown.len();
    let ready = service.endpoints.iter().filter(|e| e.ready).count();
    html! {
        <li class={classes!("service", service.reason.is_some().then_some("no-endpoints"))}
            aria-label={format!("Service {}", service.name)}>
            <h4><span class="kind">{ "Service" }</span>{ " " }<span class="name">{ &service.name }</span></h4>
            <dl class="columns">
                { field("TYPE", service.type_.clone()) }
                { field("CLUSTER-IP", service.cluster_ip.clone()) }
                { field("EXTERNAL-IP", service.external_ip.clone()) }
                { field("PORT(S)", service.ports.clone()) }
                { field("SELECTOR", service.selector.clone()) }
                { field("AGE", props.age.clone()) }
            </dl>
            <p class="reach">{ t.format(&reach) }</p>
            if let Some(reason) = &service.reason {
                <p class="why">{ t.format(&Message::new("service.no_endpoints").with("reason", reason.clone())) }</p>
            }
            if !service.endpoints.is_empty() {
                <div class="endpoints">
                    <span class="label">{ format!("EndpointSlice {}", service.slices.join(", ")) }</span>
                    <ul aria-label={t.format(&Message::new("service.endpoints_of").with("name", &service.name))}>
                        { for shown.iter().map(|e| {
                            let state = if e.terminating { "terminating" } else if e.ready { "ready" } else { "not-ready" };
                            let word = t.text(if e.terminating { "endpoint.terminating" } else if e.ready { "endpoint.ready" } else { "status.not_ready" });
                            html! {
                                <li key={e.ip.clone()} class={classes!("endpoint", state)}>
                                    <span class="endpoint-pod">{ e.pod.clone().unwrap_or_default() }</span>
                                    { " " }<span class="ip">{ &e.ip }</span>
                                    { " " }<span class="state">{ word }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    if hidden > 0 {
                        <p class="muted">{ t.format(&Message::new("service.endpoints_more")
                            .with("count", hidden as u64)
                            .with("ready", ready.to_string())
                            .with("total", service.endpoints.len().to_string())) }</p>
                    }
                </div>
            }
        </li>
    }
}
