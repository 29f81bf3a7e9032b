//! A share link pasted into the address bar of a page that is already open changes
//! only the fragment, so no new visit begins: this hook listens for `hashchange` and
//! opens the link like a visit would (`ui::start`), keeping the student's text to
//! bring back, or says why the link cannot be opened. The fragment is then removed,
//! so a reload does not open the link again over later edits.

use gloo::utils::window;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::Message;
use crate::share;
use crate::ui::browser;
use crate::ui::session::{Notice, Source};

use super::SessionHandle;

/// Open share links that arrive while the page runs.
#[hook]
pub fn use_share_links(session: &SessionHandle) {
    let latest = use_mut_ref(|| session.clone());
    *latest.borrow_mut() = session.clone();
    use_effect_with((), move |_| {
        let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let fragment = browser::fragment();
            if !share::is_share_fragment(&fragment) {
                return;
            }
            browser::replace_address(&browser::query());
            let session = latest.borrow().clone();
            match share::decode(&fragment) {
                Ok(shared) => {
                    let example = shared.known_example().map(|e| e.id);
                    session.load(&shared.text, Source::SharedLink { example });
                    if let Some(lesson) = shared.known_lesson() {
                        session.continue_lesson(&lesson.id);
                    }
                }
                Err(error) => session.say(Notice::Warning(
                    Message::new("share.refused").with("reason", error.message()),
                )),
            }
        });
        let _ = window()
            .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        move || {
            let _ = window().remove_event_listener_with_callback(
                "hashchange",
                listener.as_ref().unchecked_ref(),
            );
        }
    });
}
