//! The Yew front end. It draws what `view_model` computes and turns user gestures
//! into actions on the session reducer; it never changes engine state directly.

mod app;
mod browser;
mod components;
mod editor_bridge;
mod hooks;
pub mod session;
pub mod start;
mod timing;

pub use app::App;

/// Mount the app into the page's `#app` element (or `<body>` if there is none),
/// replacing the "loading" text that the static page shows until wasm is ready.
pub fn start() {
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Every string literal of `dir`'s Rust files shaped like a catalogue key of one
    /// of the catalogue's areas (`panel.events.title`), with the file it is in.
    fn key_literals(dir: &Path, areas: &BTreeSet<&str>, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                key_literals(&path, areas, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for literal in text.split('"').skip(1).step_by(2) {
                let shaped = literal.contains('.')
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
                let area = literal.split('.').next().unwrap_or("");
                if shaped && areas.contains(area) {
                    out.push((path.display().to_string(), literal.to_owned()));
                }
            }
        }
    }

    #[test]
    fn every_message_key_the_page_uses_is_in_the_english_catalogue() {
        let english = crate::i18n::english();
        let areas: BTreeSet<&str> = english.keys().filter_map(|k| k.split('.').next()).collect();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = Vec::new();
        key_literals(&root.join("ui"), &areas, &mut used);
        key_literals(&root.join("view_model"), &areas, &mut used);
        assert!(used.len() > 100, "the scan found {} keys", used.len());
        let missing: Vec<&(String, String)> = used
            .iter()
            .filter(|(_, key)| english.entry(key).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "keys missing from locales/en.yaml: {missing:?}"
        );
    }
}
