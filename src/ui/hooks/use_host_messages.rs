//! The `postMessage` API for a course page that embeds Ordinal (docs/embedding.md):
//! a window `message` listener that passes `MessageEvent.origin` and the message's
//! JSON text to `embed`, which decides everything; a message from an origin the page
//! did not list in `origins=` is never read. Replies go back to the sender's window,
//! with the sender's origin as the target, so no other page can read them.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::utils::window;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::JSON;
use web_sys::MessageEvent;
use yew::prelude::*;

use crate::embed::{self, PageOptions, Reply, Request};
use crate::i18n::Message;
use crate::ui::session::{Notice, Source};

use super::SessionHandle;

/// Answer the host page's requests while the app runs, and greet each allowed origin.
#[hook]
pub fn use_host_messages(options: Rc<PageOptions>, session: &SessionHandle) {
    // The listener outlives renders; it reads the session of the latest one.
    let latest = use_mut_ref(|| session.clone());
    *latest.borrow_mut() = session.clone();
    use_effect_with(options, move |options| {
        let listener = (!options.origins.is_empty()).then(|| listen(options.clone(), latest));
        move || {
            if let Some(listener) = listener {
                let _ = window().remove_event_listener_with_callback(
                    "message",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

type Listener = Closure<dyn FnMut(MessageEvent)>;

fn listen(options: Rc<PageOptions>, latest: Rc<RefCell<SessionHandle>>) -> Listener {
    greet(&options);
    let listener = Listener::new(move |event: MessageEvent| {
        let origin = event.origin();
        let Some(json) = message_json(&event.data()) else {
            return;
        };
        if !options.allows(&origin) {
            // Only a message meant for Ordinal is worth telling the student about.
            if json.contains("\"ordinal.") {
                latest.borrow().say(Notice::Warning(
                    Message::new("embed.refused_origin").with("origin", &origin),
                ));
            }
            return;
        }
        let session = latest.borrow().clone();
        let reply = answer(&session, &json);
        // A window message's source is the sender's WindowProxy (never a port); a
        // cross-origin one is no `instanceof Window` here, hence unchecked.
        if let Some(source) = event.source() {
            let source: web_sys::Window = source.unchecked_into();
            let _ = source.post_message(&JsValue::from_str(&reply.to_json()), &origin);
        }
    });
    let _ = window().add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    listener
}

/// The message's data as JSON text: a string as it is, anything else stringified.
fn message_json(data: &JsValue) -> Option<String> {
    match data.as_string() {
        Some(text) => Some(text),
        None => JSON::stringify(data).ok().and_then(|s| s.as_string()),
    }
}

/// Carry out one request from an allowed origin.
fn answer(session: &SessionHandle, json: &str) -> Reply {
    match embed::parse_request(json) {
        Ok(Request::Load { manifest, id }) => {
            session.load(&manifest, Source::HostPage);
            Reply::Ok { id }
        }
        Ok(Request::Reset { id }) => {
            session.reset();
            Reply::Ok { id }
        }
        Ok(Request::GetState { id }) => Reply::state(
            id,
            &session.cluster.borrow(),
            &session.text,
            session.lesson.as_deref(),
        ),
        Err(error) => Reply::Error {
            // The request is refused, but its id (if it has a numeric one) still pairs the answer.
            id: (json.len() <= embed::MAX_REQUEST_BYTES)
                .then(|| serde_json::from_str::<serde_json::Value>(json).ok())
                .flatten()
                .and_then(|v| v.get("id").and_then(serde_json::Value::as_u64)),
            message: error.to_string(),
        },
    }
}

/// Say `ordinal.ready` to the embedding page, if it is one of the allowed origins
/// (`postMessage` delivers only to a window of the target origin).
fn greet(options: &PageOptions) {
    let Ok(Some(parent)) = window().parent() else {
        return;
    };
    if parent == window() {
        return;
    }
    let ready = Reply::Ready {
        version: env!("CARGO_PKG_VERSION"),
    }
    .to_json();
    for origin in &options.origins {
        let _ = parent.post_message(&JsValue::from_str(&ready), origin.as_str());
    }
}
