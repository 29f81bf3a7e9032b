//! The Yew front end. It draws what `view_model` computes and turns user gestures
//! into actions on the session reducer; it never changes engine state directly.

mod app;
mod components;
mod editor_bridge;
mod hooks;
pub mod session;
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
