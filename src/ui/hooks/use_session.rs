//! The session, shared with every component through a context and read through
//! `use_session`, whose methods name what the user does (`apply`, `run`,
//! `delete_pod`, `scale`...) rather than how the reducer spells it.

use std::ops::Deref;

use yew::prelude::*;

use crate::ui::session::{Notice, Session, SessionAction, Source, Speed};

/// A handle on the session: read it like a `Session`, change it through its methods.
#[derive(Clone, PartialEq)]
pub struct SessionHandle(UseReducerHandle<Session>);

impl SessionHandle {
    /// Wrap the reducer handle the app owns.
    pub fn new(handle: UseReducerHandle<Session>) -> SessionHandle {
        SessionHandle(handle)
    }

    fn send(&self, action: SessionAction) {
        self.0.dispatch(action);
    }

    /// The user's new editor text (already debounced).
    pub fn edit(&self, text: String) {
        self.send(SessionAction::Edit(text));
    }

    /// Apply the current text now.
    pub fn apply(&self) {
        self.send(SessionAction::ApplyNow);
    }

    pub fn set_live(&self, live: bool) {
        self.send(SessionAction::SetLive(live));
    }

    /// Run a terminal command line.
    pub fn run(&self, line: String) {
        self.send(SessionAction::Run(line));
    }

    pub fn delete_pod(&self, namespace: &str, name: &str) {
        self.send(SessionAction::DeletePod {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        });
    }

    pub fn set_pod_unready(&self, namespace: &str, name: &str, unready: bool) {
        self.send(SessionAction::SetPodUnready {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            unready,
        });
    }

    pub fn scale(&self, namespace: &str, name: &str, replicas: i32) {
        self.send(SessionAction::Scale {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            replicas,
        });
    }

    /// Roll out `image` in container `container` of a StatefulSet's template.
    pub fn set_image(&self, namespace: &str, name: &str, container: &str, image: String) {
        self.send(SessionAction::SetImage {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            container: container.to_owned(),
            image,
        });
    }

    pub fn fail_node(&self, name: &str) {
        self.send(SessionAction::FailNode(name.to_owned()));
    }

    pub fn restore_node(&self, name: &str) {
        self.send(SessionAction::RestoreNode(name.to_owned()));
    }

    pub fn advance(&self, millis: u64) {
        self.send(SessionAction::Advance(millis));
    }

    pub fn step(&self) {
        self.send(SessionAction::Step);
    }

    pub fn set_playing(&self, playing: bool) {
        self.send(SessionAction::SetPlaying(playing));
    }

    pub fn set_speed(&self, speed: Speed) {
        self.send(SessionAction::SetSpeed(speed));
    }

    /// Run the current text on a fresh cluster.
    pub fn reset(&self) {
        self.send(SessionAction::Reset);
    }

    /// Reset onto a fresh cluster of `nodes` worker nodes.
    pub fn set_nodes(&self, nodes: u8) {
        self.send(SessionAction::SetNodes(nodes));
    }

    /// Put `text` in the editor, keeping the user's own text to bring back.
    pub fn load(&self, text: &str, source: Source) {
        self.send(SessionAction::Load {
            text: text.to_owned(),
            source,
        });
    }

    /// Swap the editor's text with the one the last load replaced.
    pub fn restore_previous(&self) {
        self.send(SessionAction::RestorePrevious);
    }

    /// Begin a lesson on its example and a fresh cluster.
    pub fn start_lesson(&self, id: &str) {
        self.send(SessionAction::StartLesson(id.to_owned()));
    }

    /// Begin a lesson on the text and cluster as they are.
    pub fn continue_lesson(&self, id: &str) {
        self.send(SessionAction::BeginLesson(id.to_owned()));
    }

    /// Move to a step of the lesson in progress.
    pub fn go_to_step(&self, index: usize) {
        self.send(SessionAction::GoToStep(index));
    }

    pub fn stop_lesson(&self) {
        self.send(SessionAction::StopLesson);
    }

    /// Tell the student something that happened outside the page's own controls (a
    /// share link opened in this tab, a message from the host page).
    pub fn say(&self, notice: Notice) {
        self.send(SessionAction::Say(notice));
    }
}

impl Deref for SessionHandle {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.0
    }
}

/// The session of the page (the app provides it).
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("components run inside the app's session provider")
}
