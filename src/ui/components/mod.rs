//! One component per file, each named for what it shows.

mod editor;
mod error_panel;
mod object_list;

pub use editor::Editor;
pub use error_panel::ErrorPanel;
pub use object_list::ObjectList;
