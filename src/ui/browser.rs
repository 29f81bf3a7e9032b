//! The page's surroundings, read and written only here: its URL (query string and
//! fragment), the browser's preferred languages, the document's `lang` attribute and
//! the local storage that keeps a student's text. Every call tolerates a browser that
//! refuses (a sandboxed frame, storage turned off, a `file://` page): it then does
//! nothing and says so through its return value.

use gloo::utils::window;

/// Local storage keys. `MANIFEST` holds the editor's text; `PREVIOUS` the text a load
/// (an example, a share link, a host page) replaced, so it can be brought back;
/// `LOADED` marks a `MANIFEST` that came from such a load and was not edited since;
/// `EXAMPLE` the example the text started from. Each is followed by the page's
/// storage scope (`ui::start::storage_scope`). `LANG` is the language picked.
pub mod keys {
    pub const MANIFEST: &str = "ordinal.manifest";
    pub const PREVIOUS: &str = "ordinal.manifest.previous";
    pub const LOADED: &str = "ordinal.manifest.loaded";
    pub const EXAMPLE: &str = "ordinal.manifest.example";
    pub const LANG: &str = "ordinal.lang";
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The stored value under `key`, if storage works and holds one.
pub fn load(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Store `value` under `key` (`None` removes it). Returns false when the browser
/// refused (storage off or full): the value is then not kept across visits.
pub fn save(key: &str, value: Option<&str>) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    match value {
        Some(value) => storage.set_item(key, value).is_ok(),
        None => storage.remove_item(key).is_ok(),
    }
}

/// Whether local storage can be written at all.
pub fn storage_works() -> bool {
    storage().is_some_and(|s| {
        let probe = "ordinal.probe";
        let ok = s.set_item(probe, "1").is_ok();
        let _ = s.remove_item(probe);
        ok
    })
}

/// `location.search`, with its `?` (empty when there is none).
pub fn query() -> String {
    window().location().search().unwrap_or_default()
}

/// `location.hash`, with its `#` (empty when there is none).
pub fn fragment() -> String {
    window().location().hash().unwrap_or_default()
}

/// The address of this page without its fragment, and without the query parameters
/// that only make sense inside a course page's iframe, followed by `#fragment`: what
/// a share link or "open in Ordinal" points at.
pub fn full_page_address(fragment: &str) -> String {
    let mut query = query();
    for name in ["embed", "panels", "origins", "origin", "example", "lesson"] {
        query = with_parameter(&query, name, None);
    }
    // From `href` rather than `origin` + `pathname`: a page opened from disk has the
    // origin "null", and its link must still name its file.
    let href = window().location().href().unwrap_or_default();
    let page = href.split(['?', '#']).next().unwrap_or_default();
    format!("{page}{query}#{fragment}")
}

/// Copy `text` to the clipboard, then call `done` with whether the browser allowed it
/// (a page that is not a secure context has no clipboard at all).
pub fn copy_to_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsValue;
    use web_sys::js_sys::Reflect;

    let navigator = window().navigator();
    let has_clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        done(false);
        return;
    }
    let promise = navigator.clipboard().write_text(text);
    let done = Rc::new(RefCell::new(Some(done)));
    let finish = move |ok: bool| {
        if let Some(done) = done.borrow_mut().take() {
            done(ok);
        }
    };
    let finish_failed = finish.clone();
    let ok = Closure::<dyn FnMut(JsValue)>::new(move |_| finish(true));
    let failed = Closure::<dyn FnMut(JsValue)>::new(move |_| finish_failed(false));
    let _ = promise.then2(&ok, &failed);
    // The promise settles later; its two small callbacks live until the page closes.
    ok.forget();
    failed.forget();
}

/// Replace the address shown (no reload, no new history entry): `query` with its `?`
/// or empty, and no fragment.
pub fn replace_address(query: &str) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    if let Ok(history) = window().history() {
        // A refused address (an opaque origin) only leaves the old one shown.
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        );
    }
}

/// `query` with its `name` parameter set to `value` (or removed for `None`), other
/// parameters kept in their order.
pub fn with_parameter(query: &str, name: &str, value: Option<&str>) -> String {
    let mut kept: Vec<(String, String)> =
        form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .filter(|(n, _)| n != name)
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
    if let Some(value) = value {
        kept.push((name.to_owned(), value.to_owned()));
    }
    if kept.is_empty() {
        return String::new();
    }
    let mut out = form_urlencoded::Serializer::new(String::from("?"));
    for (n, v) in &kept {
        out.append_pair(n, v);
    }
    out.finish()
}

/// The browser's preferred languages, best first (`navigator.languages`).
pub fn preferred_languages() -> Vec<String> {
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect()
}

/// Set the document's `lang` attribute, so screen readers and hyphenation follow.
pub fn set_document_language(tag: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("lang", tag);
    }
}
