//! The simulated clock's loop: on every animation frame while playing, real elapsed
//! time × speed is handed to the session, which advances the cluster (stopping at
//! every wake-up on the way). A settled cluster needs nothing, so the loop stops and
//! the page is idle until the next change.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

use super::SessionHandle;

/// Longest real gap a single frame may account for: after the tab was hidden, time
/// resumes instead of jumping minutes ahead.
const MAX_FRAME_MILLIS: f64 = 250.0;

/// Simulated time is handed over at least this often (in simulated ms), so the clock
/// and ages move even between wake-ups.
const CLOCK_GRANULARITY_MILLIS: f64 = 500.0;

#[derive(Default)]
struct Pace {
    /// Simulated ms per real ms.
    factor: f64,
    /// Simulated ms from now to the next wake-up.
    until_wake: f64,
    /// Simulated ms accumulated and not yet handed over.
    pending: f64,
    last_frame: Option<f64>,
}

/// Drive `session`'s clock while it plays.
#[hook]
pub fn use_clock(session: &SessionHandle) {
    let pace = use_mut_ref(Pace::default);
    {
        let mut pace = pace.borrow_mut();
        pace.factor = session.speed.factor().unwrap_or(0.0);
        let cluster = session.cluster.borrow();
        pace.until_wake = cluster
            .next_wakeup()
            .map_or(f64::INFINITY, |w| w.millis_since(cluster.now()) as f64);
    }
    let running = session.playing && session.speed.factor().is_some() && !session.view.settled;
    let session = session.clone();
    use_effect_with(running, move |running| {
        let frame: Rc<RefCell<Option<AnimationFrame>>> = Rc::default();
        if *running {
            pace.borrow_mut().last_frame = None;
            schedule(frame.clone(), pace, session);
        }
        move || {
            frame.borrow_mut().take();
        }
    });
}

fn schedule(
    frame: Rc<RefCell<Option<AnimationFrame>>>,
    pace: Rc<RefCell<Pace>>,
    session: SessionHandle,
) {
    let next = frame.clone();
    let handle = request_animation_frame(move |now| {
        let due = {
            let mut pace = pace.borrow_mut();
            let elapsed = pace
                .last_frame
                .map_or(0.0, |last| (now - last).clamp(0.0, MAX_FRAME_MILLIS));
            pace.last_frame = Some(now);
            pace.pending += elapsed * pace.factor;
            if pace.pending >= pace.until_wake.max(1.0) || pace.pending >= CLOCK_GRANULARITY_MILLIS
            {
                let whole = pace.pending.floor();
                pace.pending -= whole;
                // Until the next render tells the new wake-up, assume none is near.
                pace.until_wake = f64::INFINITY;
                Some(whole as u64)
            } else {
                None
            }
        };
        if let Some(millis) = due {
            crate::ui::timing::start("ordinal-tick");
            session.advance(millis);
        }
        if next.borrow().is_some() {
            schedule(next, pace, session);
        }
    });
    *frame.borrow_mut() = Some(handle);
}
