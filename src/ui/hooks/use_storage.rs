//! Keeping the student's texts across reloads and crashes in the browser's local
//! storage: the editor's text, the text a load replaced, whether the text is their own,
//! and the example it started from, under the page's storage scope. Where storage is
//! unavailable (a sandboxed iframe, a privacy setting) nothing is kept and the page
//! says so once.

use yew::prelude::*;

use crate::ui::browser::{self, keys};
use crate::ui::start::Stored;

use super::SessionHandle;

/// What an earlier visit of this scope stored.
pub fn stored(scope: &str) -> Stored {
    let key = |base: &str| format!("{base}{scope}");
    Stored {
        text: browser::load(&key(keys::MANIFEST)),
        previous: browser::load(&key(keys::PREVIOUS)),
        loaded: browser::load(&key(keys::LOADED)).is_some(),
        example: browser::load(&key(keys::EXAMPLE)),
        works: browser::storage_works(),
    }
}

/// Save the session's texts whenever they change.
#[hook]
pub fn use_saved_texts(session: &SessionHandle, scope: String) {
    let texts = (
        session.text.clone(),
        session.previous_text.clone(),
        session.text_is_own,
        session.example,
    );
    use_effect_with(texts, move |(text, previous, own, example)| {
        let key = |base: &str| format!("{base}{scope}");
        // A full or refused storage only means the texts are not kept across reloads.
        browser::save(&key(keys::MANIFEST), Some(text));
        browser::save(&key(keys::PREVIOUS), previous.as_deref());
        browser::save(&key(keys::LOADED), (!*own).then_some("1"));
        browser::save(&key(keys::EXAMPLE), *example);
    });
}
