//! The topology picture: Service → pods → claims → volumes, and the nodes pods run
//! on, as SVG. Boxes are keyed by object, so a pod that changes state or place is
//! the same box moving and changing colour, not a new picture.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Message;
use crate::ui::hooks::{use_locale, use_session};
use crate::view_model::{topology, Topology, BOX_HEIGHT, BOX_WIDTH};

/// The topology panel.
#[function_component]
pub fn TopologyPanel() -> Html {
    let session = use_session();
    let t = use_locale();
    // Laid out again only when what it draws changed, not when only time passed.
    let picture = {
        let view = session.view.clone();
        use_memo(
            (
                view.statefulsets.clone(),
                view.other_pods.clone(),
                view.services.clone(),
                view.nodes.clone(),
            ),
            move |_| topology(&view),
        )
    };
    let headings = [
        "panel.services.title",
        "panel.pods.title",
        "panel.claims.title",
        "panel.volumes.title",
        "panel.nodes.title",
    ];
    html! {
        <section class="panel topology" aria-labelledby="topology-title">
            <h2 id="topology-title">{ t.text("panel.topology.title") }</h2>
            <p class="legend">
                <span class="key endpoint">{ t.text("status.ready_endpoint") }</span>
                <span class="key endpoint-not-ready">{ t.text("status.not_ready_endpoint") }</span>
                <span class="key mount">{ t.text("topology.mounts") }</span>
                <span class="key bound">{ t.text("status.bound_to") }</span>
                <span class="key scheduled">{ t.text("status.runs_on") }</span>
            </p>
            <div class="svg-wrap">
                <div class="columns-head" aria-hidden="true">
                    { for headings.iter().map(|h| html! { <span>{ t.text(h) }</span> }) }
                </div>
                <Picture picture={picture.clone()} label={t.text("panel.topology.label")} />
            </div>
            if picture.hidden_pods > 0 {
                <p class="muted">{ t.format(&Message::new("topology.hidden").with("count", picture.hidden_pods as u64)) }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PictureProps {
    picture: Rc<Topology>,
    label: String,
}

/// The SVG itself: drawn again only when the layout changed.
#[function_component]
fn Picture(props: &PictureProps) -> Html {
    let picture = &props.picture;
    let edges = picture.edges.iter().map(|e| {
        let middle = (e.x1 + e.x2) / 2;
        let d = format!(
            "M{} {} C{middle} {} {middle} {} {} {}",
            e.x1, e.y1, e.y1, e.y2, e.x2, e.y2
        );
        html! { <path key={format!("{}>{}", e.from, e.to)} class={classes!("edge", e.kind)} {d} /> }
    });
    let shapes = picture.shapes.iter().map(|s| {
        let style = format!("transform: translate({}px, {}px)", s.x, s.y);
        html! {
            <g key={s.id.clone()} class={classes!("shape", s.kind.as_str(), s.state.clone())} {style}>
                <title>{ format!("{} {}: {}", s.kind.as_str(), s.label, s.detail) }</title>
                <rect width={BOX_WIDTH.to_string()} height={BOX_HEIGHT.to_string()} rx="6" />
                <text x="8" y="16" class="label">{ truncate(&s.label, 22) }</text>
                <text x="8" y="32" class="detail">{ truncate(&s.detail, 24) }</text>
            </g>
        }
    });
    html! {
        <svg viewBox={format!("0 0 {} {}", picture.width, picture.height)}
            width={picture.width.to_string()} height={picture.height.to_string()}
            role="img" aria-label={props.label.clone()}>
            <g class="edges">{ for edges }</g>
            <g class="shapes">{ for shapes }</g>
        </svg>
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}
