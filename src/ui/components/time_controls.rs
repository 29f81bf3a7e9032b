//! Play/pause, step, speed and reset: the controls of simulated time, with the
//! simulated clock and whether anything is still going to happen.

use yew::prelude::*;

use crate::ui::hooks::use_session;
use crate::ui::session::Speed;

/// The time controls of the top bar.
#[function_component]
pub fn TimeControls() -> Html {
    let session = use_session();
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
        html! {
            <button type="button" class={classes!("speed", pressed.then_some("active"))}
                aria-pressed={pressed.to_string()} {onclick}>
                { speed.label() }
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
    html! {
        <div class="time-controls" role="group" aria-label="Simulated time">
            <button type="button" class="play" onclick={onplay}
                aria-label={if playing { "Pause" } else { "Play" }}>
                { if playing { "Pause" } else { "Play" } }
            </button>
            <button type="button" onclick={onstep} aria-label="Step to the next event"
                title="Jump to the next moment something happens">{ "Step" }</button>
            <div class="speeds" role="group" aria-label="Speed">{ for speed_buttons }</div>
            <button type="button" onclick={onreset}
                title="Throw the cluster away and run the text on a fresh one">{ "Reset cluster" }</button>
            <output class={classes!("clock", state)} aria-label="Simulated clock">
                <span class="time">{ format!("t = {}", session.view.clock) }</span>
                <span class="state">{ state }</span>
            </output>
        </div>
    }
}
