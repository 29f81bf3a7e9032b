//! Hooks at the edge of the app: the session context and its domain methods, the
//! simulated clock's animation-frame loop, debouncing, and saving the text. Side
//! effects live here, never in the reducer.

mod use_clock;
mod use_debounce;
mod use_locale;
mod use_session;
mod use_storage;

pub use use_clock::use_clock;
pub use use_debounce::use_debounce;
pub use use_locale::{use_locale, Lang};
pub use use_session::{use_session, SessionHandle};
pub use use_storage::{stored, use_saved_texts};
