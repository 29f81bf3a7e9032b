//! User Timing marks around the work an edit or a clock tick causes (reducer and
//! render), so a performance script can read them as `performance` measures named
//! `ordinal-edit` and `ordinal-tick`. Marks cost next to nothing and change nothing.

use std::cell::Cell;

thread_local! {
    /// The measure whose start mark is set and whose render has not finished yet.
    static PENDING: Cell<Option<&'static str>> = const { Cell::new(None) };
}

fn performance() -> Option<web_sys::Performance> {
    gloo::utils::window().performance()
}

/// Mark the start of the work for `name` (`ordinal-edit`, `ordinal-tick`).
pub fn start(name: &'static str) {
    if PENDING.with(Cell::get).is_some() {
        return;
    }
    if let Some(performance) = performance() {
        if performance.mark(&format!("{name}-start")).is_ok() {
            PENDING.with(|p| p.set(Some(name)));
        }
    }
}

/// After a render: close the pending measure, if any.
pub fn finish() {
    let Some(name) = PENDING.with(Cell::take) else {
        return;
    };
    if let Some(performance) = performance() {
        let (start, end) = (format!("{name}-start"), format!("{name}-end"));
        // Timing is best effort: a refused mark only means one sample less.
        let _ = performance.mark(&end);
        let _ = performance.measure_with_start_mark_and_end_mark(name, &start, &end);
        performance.clear_marks_with_mark_name(&start);
        performance.clear_marks_with_mark_name(&end);
    }
}
