//! The browser's work per edit, without the browser: the session reducer (parse,
//! validate, apply, reconcile, view model) as `scripts/perf.mjs` drives it, for the
//! course example and for a settled 1,000-replica StatefulSet (Parallel) on ten nodes.
//! Each iteration types `replicas: N` → `N±1` (timed), then lets the 200 ms of
//! simulated time pass that the page's clock runs between two edits (not timed). The
//! render is not included; perf.mjs measures it in Chromium.
//!
//! Run with `cargo bench --bench session` (add `--profile bench-shipped` for the code
//! the browser runs: optimised for size).

use std::rc::Rc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::ui::session::{Session, SessionAction, Speed};
use yew::Reducible;

fn act(session: Rc<Session>, action: SessionAction) -> Rc<Session> {
    session.reduce(action)
}

/// The timed part, as a function of its own so that a profiler can single it out
/// (`valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*session::edit'`).
#[inline(never)]
fn edit(session: Rc<Session>, text: String) -> Rc<Session> {
    act(session, SessionAction::Edit(text))
}

/// A session on `text`, run until settled on a cluster of `nodes` nodes, then back to
/// normal speed.
fn settled(text: &str, nodes: u8) -> Rc<Session> {
    let mut session = Rc::new(Session::new(text));
    if nodes != ordinal::ui::session::DEFAULT_NODES {
        session = act(session, SessionAction::SetNodes(nodes));
    }
    let session = act(session, SessionAction::SetSpeed(Speed::Instant));
    act(session, SessionAction::SetSpeed(Speed::Normal))
}

fn edits(criterion: &mut Criterion, name: &str, text: &str, nodes: u8, (from, to): (u32, u32)) {
    let texts = [
        text.to_owned(),
        text.replace(&format!("replicas: {from}"), &format!("replicas: {to}")),
    ];
    let mut session = settled(&texts[0], nodes);
    let mut next = 1;
    criterion.bench_function(name, |b| {
        // Only the edit is timed; the time passing between edits is not.
        b.iter_custom(|iterations| {
            let mut edit_time = Duration::ZERO;
            for _ in 0..iterations {
                let text = texts[next].clone();
                let start = Instant::now();
                session = edit(session.clone(), text);
                edit_time += start.elapsed();
                session = act(session.clone(), SessionAction::Advance(200));
                next = 1 - next;
            }
            edit_time
        })
    });
}

fn benches(criterion: &mut Criterion) {
    edits(criterion, "edit/course_example", COURSE_EXAMPLE, 3, (3, 4));
    let big = COURSE_EXAMPLE
        .replace("replicas: 3", "replicas: 1000")
        .replace(
            "  serviceName: \"nginx\"",
            "  serviceName: \"nginx\"\n  podManagementPolicy: Parallel",
        );
    assert!(big.contains("Parallel"), "the course example changed shape");
    edits(criterion, "edit/thousand_replicas", &big, 10, (1000, 999));
}

criterion_group!(session, benches);
criterion_main!(session);
