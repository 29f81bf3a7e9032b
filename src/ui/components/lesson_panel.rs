//! The lesson panel: pick a lesson (its words in the page's language), then follow
//! its steps. Each step says what to do; its checks are evaluated by the session on
//! the cluster after every change and tick, and the step is ticked off when they all
//! hold. A student may read any step, and skip the one they are on.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::Message;
use crate::lessons::{self, Lesson};
use crate::ui::hooks::{use_locale, use_session};

/// The lesson panel.
#[function_component]
pub fn LessonPanel() -> Html {
    let session = use_session();
    let t = use_locale();
    let all = lessons::lessons();
    let running = session.current_lesson();
    let chosen = use_state(|| {
        running.map_or_else(
            || all.first().map(|l| l.id.as_str()),
            |(l, _)| Some(l.id.as_str()),
        )
    });
    // The step shown when the student reads another one than the step they are on.
    let reading = use_state(|| None::<usize>);

    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(lesson) = lessons::lesson(&value) {
                chosen.set(Some(lesson.id.as_str()));
            }
        })
    };
    let onstart = {
        let (session, chosen, reading) = (session.clone(), *chosen, reading.clone());
        Callback::from(move |_| {
            if let Some(id) = chosen {
                reading.set(None);
                session.start_lesson(id);
            }
        })
    };
    let picker = html! {
        <div class="lesson-picker">
            <select aria-label={t.text("lesson.pick")} {onchange}>
                { for all.iter().map(|l| html! {
                    <option value={l.id.clone()} selected={Some(l.id.as_str()) == *chosen}>{ l.title.get(t.tag()) }</option>
                }) }
            </select>
            <button type="button" onclick={onstart}>
                { t.text(if running.is_some() { "lesson.restart" } else { "lesson.start" }) }
            </button>
        </div>
    };

    let body = match running {
        None => {
            let description = chosen
                .and_then(lessons::lesson)
                .map(|l| l.description.get(t.tag()).to_owned());
            html! { <p class="muted">{ description }</p> }
        }
        Some((lesson, run)) => {
            let current = run.current();
            let shown = reading.or(current);
            let total = lesson.steps.len();
            let steps = lesson.steps.iter().enumerate().map(|(i, step)| {
                let state = if run.is_done(i) {
                    "done"
                } else if Some(i) == current {
                    "current"
                } else {
                    "todo"
                };
                let onclick = {
                    let reading = reading.clone();
                    Callback::from(move |_| reading.set(Some(i)))
                };
                let mark = if run.is_done(i) { "✓" } else if Some(i) == current { "→" } else { "·" };
                html! {
                    <li class={classes!("lesson-step", state)} aria-current={(Some(i) == current).then_some("step")}>
                        <button type="button" class="link" {onclick} aria-pressed={(Some(i) == shown).to_string()}>
                            <span class="mark" aria-hidden="true">{ mark }</span>
                            { step.title.get(t.tag()) }
                            if run.is_done(i) {
                                <span class="visually-hidden">{ format!(" ({})", t.text("lesson.done")) }</span>
                            }
                        </button>
                    </li>
                }
            });
            let onstop = {
                let session = session.clone();
                Callback::from(move |_| session.stop_lesson())
            };
            html! {
                <>
                    <p class="lesson-description">{ lesson.description.get(t.tag()) }</p>
                    <ol class="lesson-steps">{ for steps }</ol>
                    if let Some(index) = shown {
                        <StepDetail lesson={lesson.id.clone()} {index} {total} />
                    } else {
                        <p class="lesson-finished" role="status">{ t.text("lesson.finished") }</p>
                    }
                    <button type="button" class="link" onclick={onstop}>{ t.text("lesson.stop") }</button>
                </>
            }
        }
    };

    html! {
        <section class="pane lesson-pane" aria-labelledby="lesson-title">
            <h2 id="lesson-title">{ t.text("panel.lesson.title") }</h2>
            { picker }
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StepDetailProps {
    lesson: String,
    index: usize,
    total: usize,
}

/// One step: what to do, a hint, and — for the step the student is on — each check
/// with whether it holds.
#[function_component]
fn StepDetail(props: &StepDetailProps) -> Html {
    let session = use_session();
    let t = use_locale();
    let Some((lesson, run)) = session.current_lesson() else {
        return Html::default();
    };
    let Some(step) = lesson_step(lesson, &props.lesson, props.index) else {
        return Html::default();
    };
    let is_current = run.current() == Some(props.index);
    let done = run.is_done(props.index);
    let onskip = {
        let session = session.clone();
        let next = props.index + 1;
        Callback::from(move |_| session.go_to_step(next))
    };
    let number = Message::new("lesson.step")
        .with("number", (props.index + 1).to_string())
        .with("total", props.total.to_string());
    html! {
        <article class={classes!("step-detail", done.then_some("done"))} aria-label={step.title.get(t.tag()).to_owned()}>
            <p class="step-number muted">{ t.format(&number) }</p>
            <h3>{ step.title.get(t.tag()) }</h3>
            <p class="step-text">{ with_code(step.text.get(t.tag())) }</p>
            if let Some(hint) = &step.hint {
                <details class="hint">
                    <summary>{ t.text("lesson.hint") }</summary>
                    if hint.get(t.tag()).contains('\n') {
                        <pre>{ hint.get(t.tag()) }</pre>
                    } else {
                        <p>{ with_code(hint.get(t.tag())) }</p>
                    }
                </details>
            }
            if done {
                <p class="step-state done" role="status">{ t.text("lesson.done") }</p>
            } else if is_current {
                <p class="step-state waiting">{ t.text("lesson.waiting") }</p>
                <h4>{ t.text("lesson.checks") }</h4>
                <ul class="checks">
                    { for session.lesson_checks.iter().map(|check| html! {
                        <li class={classes!("check", check.holds.then_some("holds"))}>
                            <span aria-hidden="true">{ if check.holds { "✓ " } else { "○ " } }</span>
                            { t.format(&check.label) }
                            <span class="visually-hidden">{ format!(" ({})", t.text(if check.holds { "lesson.check.holds" } else { "lesson.check.not_yet" })) }</span>
                        </li>
                    }) }
                </ul>
                if props.index + 1 < props.total {
                    <button type="button" class="link" onclick={onskip}>{ t.text("lesson.skip") }</button>
                }
            }
        </article>
    }
}

fn lesson_step<'a>(lesson: &'a Lesson, id: &str, index: usize) -> Option<&'a crate::lessons::Step> {
    (lesson.id == id).then(|| lesson.steps.get(index)).flatten()
}

/// A lesson text with its `backticked` parts as code (a command to type, a field).
/// Every part is a text node: a lesson file cannot put markup in the page.
fn with_code(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 {
            html! { <code>{ part.to_owned() }</code> }
        } else {
            html! { { part.to_owned() } }
        }) }
    }
}
