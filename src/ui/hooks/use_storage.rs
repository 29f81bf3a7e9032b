//! Keeping the user's manifest across reloads in the browser's local storage. Where
//! storage is unavailable (a sandboxed iframe, a privacy setting, a `file://` page in
//! some browsers) the app simply starts from the course example.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::browser::{self, keys};

/// The manifest saved by an earlier visit, if any.
pub fn saved_text() -> Option<String> {
    browser::load(keys::MANIFEST).filter(|text| !text.trim().is_empty())
}

/// Save `text` whenever it changes.
#[hook]
pub fn use_saved_text(text: Rc<str>) {
    use_effect_with(text, |text| {
        // A full or refused storage only means the text is not kept across reloads.
        browser::save(keys::MANIFEST, Some(text));
    });
}
