//! Hooks at the edge of the app: the session context and its domain methods, the
//! simulated clock's animation-frame loop, debouncing, saving the text, share links
//! opened in a running page and the host page's messages. Side effects live here,
//! never in the reducer.

mod use_clock;
mod use_debounce;
mod use_host_messages;
mod use_locale;
mod use_session;
mod use_share_links;
mod use_storage;

pub use use_clock::use_clock;
pub use use_debounce::use_debounce;
pub use use_host_messages::use_host_messages;
pub use use_locale::{use_locale, Lang};
pub use use_session::{use_session, SessionHandle};
pub use use_share_links::use_share_links;
pub use use_storage::{stored, use_save_on_leave, use_saved_texts};
