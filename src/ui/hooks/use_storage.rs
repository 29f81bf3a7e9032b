//! Keeping the student's texts across reloads and crashes in the browser's local
//! storage: the editor's text, the text a load replaced, whether the text is their own,
//! and the example it started from, under the page's storage scope. Where storage is
//! unavailable or full (a sandboxed iframe, a privacy setting, a quota reached) the
//! page keeps working and says that the text is not being kept.

use yew::prelude::*;

use crate::ui::browser::{self, keys};
use crate::ui::start::Stored;

use super::SessionHandle;

/// A storage key within the page's storage scope.
fn scoped(base: &str, scope: &str) -> String {
    format!("{base}{scope}")
}

/// What an earlier visit of this scope stored.
pub fn stored(scope: &str) -> Stored {
    let key = |base: &str| scoped(base, scope);
    Stored {
        text: browser::load(&key(keys::MANIFEST)),
        previous: browser::load(&key(keys::PREVIOUS)),
        loaded: browser::load(&key(keys::LOADED)).is_some(),
        example: browser::load(&key(keys::EXAMPLE)),
    }
}

/// Keep typed text that the session has not taken yet (keystrokes inside the edit
/// debounce) when the page goes away — a reload, a closed tab, a link followed —
/// so no typed character is lost. `unsaved` holds that text until the session takes it.
#[hook]
pub fn use_save_on_leave(unsaved: std::rc::Rc<std::cell::RefCell<Option<String>>>, scope: String) {
    use_effect_with((), move |_| {
        let listener =
            gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                if let Some(text) = unsaved.borrow_mut().take() {
                    let key = |base: &str| scoped(base, &scope);
                    // Typed text is the student's own: it is no longer a loaded one.
                    browser::save(&key(keys::MANIFEST), Some(&text));
                    browser::save(&key(keys::LOADED), None);
                }
            });
        move || drop(listener)
    });
}

/// Save the session's texts whenever they change. Returns whether the last save
/// worked (false: the browser refused, and the text is not kept across visits).
#[hook]
pub fn use_saved_texts(session: &SessionHandle, scope: String) -> bool {
    let works = use_state_eq(browser::storage_works);
    let texts = (
        session.text.clone(),
        session.previous_text.clone(),
        session.text_is_own,
        session.example,
    );
    let setter = works.setter();
    use_effect_with(texts, move |(text, previous, own, example)| {
        let key = |base: &str| scoped(base, &scope);
        // Every key is written even after a refusal, so what is kept stays consistent.
        let saved = [
            browser::save(&key(keys::MANIFEST), Some(text)),
            browser::save(&key(keys::PREVIOUS), previous.as_deref()),
            browser::save(&key(keys::LOADED), (!*own).then_some("1")),
            browser::save(&key(keys::EXAMPLE), *example),
        ];
        setter.set(saved.iter().all(|ok| *ok));
    });
    *works
}
