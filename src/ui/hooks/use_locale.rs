//! The interface's language, shared with every component through a context: a
//! component reads it with `use_locale()` and renders its words with
//! `t.text("panel.events.title")` or `t.format(&message)`. Kubernetes' own words
//! (kinds, fields, kubectl output) are written as they are, never looked up.

use std::ops::Deref;

use yew::prelude::*;

use crate::i18n::{self, Locale};

/// The chosen language. Compared by identity: there is one `Locale` per language,
/// so a re-render of the app never walks two catalogues to learn nothing changed.
#[derive(Debug, Clone, Copy)]
pub struct Lang(pub &'static Locale);

impl PartialEq for Lang {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Deref for Lang {
    type Target = Locale;

    fn deref(&self) -> &Locale {
        self.0
    }
}

/// The page's language (English outside the app's provider, as in a lone component test).
#[hook]
pub fn use_locale() -> Lang {
    use_context::<Lang>().unwrap_or(Lang(i18n::english()))
}
