//! The session reducer: the editor text and what was decoded from it. All state
//! changes go through `SessionAction`; side effects stay in hooks and components.

use std::rc::Rc;

use yew::Reducible;

use crate::view_model::ManifestView;

/// The whole state of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The editor text, exactly as typed.
    pub text: Rc<str>,
    /// What the text decodes to (last good objects, current errors).
    pub view: ManifestView,
}

/// Everything that can change the session.
pub enum SessionAction {
    /// The user changed the editor text.
    Edit(String),
}

impl Session {
    /// A session showing `text`.
    pub fn new(text: &str) -> Session {
        Session {
            text: Rc::from(text),
            view: ManifestView::of(text),
        }
    }
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        match action {
            SessionAction::Edit(text) => {
                if *self.text == *text {
                    return self;
                }
                Rc::new(Session {
                    view: self.view.edited(&text),
                    text: Rc::from(text),
                })
            }
        }
    }
}
