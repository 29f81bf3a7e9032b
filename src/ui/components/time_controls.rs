//! Play/pause, step, speed and reset: the controls of simulated time, with the
//! simulated clock and whether anything is still going to happen.

use yew::prelude::*;

use crate::i18n::Message;
use crate::ui::hooks::{use_locale, use_session};
use crate::ui::session::Speed;

/// The time controls of the top bar.
#[function_component]
pub fn TimeControls() -> Html {
    let session = use_session();
    let t = use_locale();
    let playing = session.playing;
    let onplay = {
        let session = session.clone();
        Callback::from(move |_| session.set_playing(!playing))
    };
    let onstep = {
        let session = session.clone();
        Callback::from(move |_| session.step())
    };
    let onreset = {
        let session = session.clone();
        Callback::from(move |_| session.reset())
    };
    let speed_buttons = Speed::ALL.iter().map(|speed| {
        let speed = *speed;
        let pressed = session.speed == speed;
        let onclick = {
            let session = session.clone();
            Callback::from(move |_| session.set_speed(speed))
        };
        let label = match speed {
            Speed::Instant => t.text("time.instant"),
            other => other.label().to_owned(),
        };
        html! {
            <button type="button" class={classes!("speed", pressed.then_some("active"))}
                aria-pressed={pressed.to_string()} {onclick}>
                { label }
            </button>
        }
    });
    let state = if session.view.settled {
        "settled"
    } else if playing {
        "running"
    } else {
        "paused"
    };
    let state_words = t.text(match state {
        "settled" => "time.state.settled",
        "running" => "time.state.running",
        _ => "time.state.paused",
    });
    html! {
        <div class="time-controls" role="group" aria-label={t.text("time.simulated")}>
            <button type="button" class="play" onclick={onplay}>
                { t.text(if playing { "time.pause" } else { "time.play" }) }
            </button>
            <button type="button" onclick={onstep} aria-label={t.text("time.step.label")}
                title={t.text("time.step.hint")}>{ t.text("time.step") }</button>
            <div class="speeds" role="group" aria-label={t.text("time.speed")}>{ for speed_buttons }</div>
            <button type="button" onclick={onreset}
                title={t.text("button.reset_cluster.hint")}>{ t.text("button.reset_cluster") }</button>
            <output class={classes!("clock", state)} aria-label={t.text("time.clock")}>
                <span class="time">{ t.format(&Message::new("time.now").with("time", &session.view.clock)) }</span>
                <span class="state">{ state_words }</span>
            </output>
        </div>
    }
}
