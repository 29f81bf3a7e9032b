//! The session reducer: the editor text, what it decodes to, the simulated cluster
//! it runs on, the clock settings and the terminal's history. Every change goes
//! through `SessionAction`; the reducer is pure (no timers, no storage, no DOM), so
//! the same actions always give the same session.

use std::cell::{Ref, RefCell, RefMut};
use std::collections::BTreeSet;
use std::rc::Rc;

use k8s_openapi::api::apps::v1::StatefulSet;
use yew::Reducible;

use super::write_back;
use crate::engine::{Cluster, Object, ObjectKey};
use crate::kubectl::{self, FileReader};
use crate::manifest::{self, Document};
use crate::view_model::ClusterView;

/// The seed of every session's cluster: the same text gives the same cluster.
pub const SEED: u64 = 7;

/// Worker nodes of a new cluster (kind's default playground has a few).
pub const DEFAULT_NODES: u8 = 3;

/// Bounds of the node count a user may pick.
pub const NODES_RANGE: std::ops::RangeInclusive<u8> = 1..=20;

/// A fresh cluster with `nodes` worker nodes.
fn fresh_cluster(nodes: u8) -> Cluster {
    Cluster::with_config(crate::engine::ClusterConfig {
        seed: SEED,
        nodes,
        ..crate::engine::ClusterConfig::default()
    })
}

/// How far "instant" speed runs the cluster after each change, at most (simulated).
pub const INSTANT_LIMIT_MILLIS: u64 = 15 * 60 * 1000;

/// How fast simulated time runs against real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speed {
    Half,
    Normal,
    Fast,
    /// Every change runs to a settled cluster at once.
    Instant,
}

impl Speed {
    /// All speeds, slowest first, as the speed control lists them.
    pub const ALL: [Speed; 4] = [Speed::Half, Speed::Normal, Speed::Fast, Speed::Instant];

    /// The label of the speed control.
    pub fn label(self) -> &'static str {
        match self {
            Speed::Half => "0.5×",
            Speed::Normal => "1×",
            Speed::Fast => "4×",
            Speed::Instant => "instant",
        }
    }

    /// Simulated milliseconds per real millisecond (`None` for instant).
    pub fn factor(self) -> Option<f64> {
        match self {
            Speed::Half => Some(0.5),
            Speed::Normal => Some(1.0),
            Speed::Fast => Some(4.0),
            Speed::Instant => None,
        }
    }
}

/// The simulated cluster, shared by every version of the session and changed in
/// place. Cloning it on each clock tick (as a copy-on-write `Rc` would, since the
/// previous session is still held by the last render) took about 70 ms for a
/// 1,000-pod StatefulSet natively; what a render shows is the session's `view`,
/// computed right after each change, so sharing changes nothing a user sees.
#[derive(Debug, Clone)]
pub struct SharedCluster(Rc<RefCell<Cluster>>);

impl SharedCluster {
    fn new(cluster: Cluster) -> SharedCluster {
        SharedCluster(Rc::new(RefCell::new(cluster)))
    }

    /// Read the cluster (views and lookups).
    pub fn borrow(&self) -> Ref<'_, Cluster> {
        self.0.borrow()
    }

    fn borrow_mut(&self) -> RefMut<'_, Cluster> {
        self.0.borrow_mut()
    }
}

/// How serious a mark in the editor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word CodeMirror's lint extension uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A mark at a line of the editor: a decoding mistake, an API server refusal, a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line of the whole text.
    pub line: u32,
    /// 1-based column on that line.
    pub column: u32,
    pub severity: Severity,
    pub message: String,
}

impl From<&manifest::ManifestError> for Diagnostic {
    fn from(error: &manifest::ManifestError) -> Self {
        Diagnostic {
            line: error.line,
            column: error.column,
            severity: Severity::Error,
            message: error.message.clone(),
        }
    }
}

/// One command of the terminal and what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalEntry {
    pub command: String,
    pub output: String,
    /// Whether the command failed (its output is kubectl's error text).
    pub failed: bool,
}

/// The whole state of the page.
#[derive(Debug, Clone)]
pub struct Session {
    /// The editor text, as last reported by the editor (debounced).
    pub text: Rc<str>,
    /// Bumped whenever the session itself rewrites the text (a scale written back, a
    /// reset), so the editor knows to take the new text; typing never bumps it.
    pub text_version: u64,
    /// Marks for the current text: decoding mistakes, refusals, warnings.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// True when the cluster does not run the current text: it has mistakes, or live
    /// apply is paused with edits not applied yet.
    pub stale: bool,
    /// Whether edits apply to the cluster as they are typed.
    pub live: bool,
    pub cluster: SharedCluster,
    pub view: Rc<ClusterView>,
    /// Objects the editor text applied, so removing one from the text deletes it.
    pub editor_objects: Rc<BTreeSet<ObjectKey>>,
    pub playing: bool,
    pub speed: Speed,
    /// Worker nodes of the cluster (a reset keeps the number).
    pub nodes: u8,
    pub terminal: Rc<Vec<TerminalEntry>>,
    /// UIDs of pods whose readiness probe was made to fail from a card.
    pub unready: Rc<BTreeSet<String>>,
    /// What the last action did, for a polite live region.
    pub notice: Option<Rc<str>>,
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.cluster.0, &other.cluster.0)
            && Rc::ptr_eq(&self.view, &other.view)
            && self.text == other.text
            && self.text_version == other.text_version
            && self.diagnostics == other.diagnostics
            && self.stale == other.stale
            && self.live == other.live
            && self.playing == other.playing
            && self.speed == other.speed
            && self.nodes == other.nodes
            && Rc::ptr_eq(&self.terminal, &other.terminal)
            && self.unready == other.unready
            && self.notice == other.notice
    }
}

/// Everything that can change the session.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionAction {
    /// The user changed the editor text (debounced).
    Edit(String),
    /// Turn live apply on or off; turning it on applies the current text.
    SetLive(bool),
    /// Apply the current text now (when live apply is paused).
    ApplyNow,
    /// Real time passed: advance simulated time by this many milliseconds.
    Advance(u64),
    /// Jump to the next instant at which something happens.
    Step,
    SetPlaying(bool),
    SetSpeed(Speed),
    /// Throw the cluster away and run the current text on a fresh one.
    Reset,
    /// Reset onto a fresh cluster with this many worker nodes (each takes 110 pods).
    SetNodes(u8),
    /// Put the course example back in the editor.
    LoadExample,
    DeletePod {
        namespace: String,
        name: String,
    },
    SetPodUnready {
        namespace: String,
        name: String,
        unready: bool,
    },
    FailNode(String),
    RestoreNode(String),
    Scale {
        namespace: String,
        name: String,
        replicas: i32,
    },
    /// Set the image of a StatefulSet's first container: a rolling update.
    SetImage {
        namespace: String,
        name: String,
        image: String,
    },
    /// Run a command line in the terminal (`clear` empties it).
    Run(String),
}

/// The terminal's files: `kubectl apply -f NAME` reads the editor text, whatever NAME.
struct EditorFiles<'a>(&'a str);

impl FileReader for EditorFiles<'_> {
    fn read(&self, _path: &str) -> Result<String, String> {
        Ok(self.0.to_owned())
    }
}

impl Session {
    /// A session showing `text`, applied to a fresh cluster.
    pub fn new(text: &str) -> Session {
        let cluster = fresh_cluster(DEFAULT_NODES);
        let mut session = Session {
            text: Rc::from(text),
            text_version: 0,
            diagnostics: Rc::default(),
            stale: false,
            live: true,
            view: Rc::new(ClusterView::of(&cluster)),
            cluster: SharedCluster::new(cluster),
            editor_objects: Rc::default(),
            playing: true,
            speed: Speed::Normal,
            nodes: DEFAULT_NODES,
            terminal: Rc::default(),
            unready: Rc::default(),
            notice: None,
        };
        session.take_text(text, true);
        session.refresh_view();
        session
    }

    /// Decode `text`, mark its mistakes, and apply it when it is clean and `apply` is set.
    fn take_text(&mut self, text: &str, apply: bool) {
        self.text = Rc::from(text);
        let parsed = manifest::parse(text);
        let mut diagnostics: Vec<Diagnostic> = parsed.errors.iter().map(Diagnostic::from).collect();
        if parsed.is_ok() && apply {
            let mut editor_objects = (*self.editor_objects).clone();
            diagnostics.extend(apply_to_cluster(
                &mut self.cluster.borrow_mut(),
                &mut editor_objects,
                parsed.documents,
            ));
            self.editor_objects = Rc::new(editor_objects);
            self.stale = false;
            self.settle_if_instant();
        } else {
            self.stale = true;
        }
        self.diagnostics = Rc::new(diagnostics);
    }

    fn settle_if_instant(&mut self) {
        if self.speed == Speed::Instant {
            self.cluster
                .borrow_mut()
                .run_until_settled(INSTANT_LIMIT_MILLIS);
        }
    }

    fn refresh_view(&mut self) {
        self.view = Rc::new(ClusterView::of(&self.cluster.borrow()));
    }

    fn notify(&mut self, message: impl Into<String>) {
        self.notice = Some(Rc::from(message.into()));
    }

    /// Write imperative changes of the cluster (replicas, images) back into the
    /// editor text, so that text and cluster never silently diverge.
    fn write_back(&mut self) {
        let parsed = manifest::parse(&self.text);
        let mut text = self.text.to_string();
        for document in &parsed.documents {
            let Object::StatefulSet(declared) = &document.object else {
                continue;
            };
            let namespace = declared
                .metadata
                .namespace
                .clone()
                .unwrap_or_else(|| crate::engine::DEFAULT_NAMESPACE.to_owned());
            let name = document.object.name();
            let cluster = self.cluster.borrow();
            let Some(live) = cluster.get::<StatefulSet>(&namespace, name) else {
                continue;
            };
            let want = live.spec.as_ref().and_then(|s| s.replicas);
            let have = declared.spec.as_ref().and_then(|s| s.replicas);
            if let Some(replicas) = want.filter(|w| Some(*w) != have) {
                if let Some(changed) = write_back::replicas(&text, name, replicas) {
                    text = changed;
                }
            }
            let images = |set: &StatefulSet| -> Vec<(String, String)> {
                set.spec
                    .as_ref()
                    .and_then(|s| s.template.spec.as_ref())
                    .map(|p| {
                        p.containers
                            .iter()
                            .map(|c| (c.name.clone(), c.image.clone().unwrap_or_default()))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let declared_images = images(declared);
            for (container, image) in images(live) {
                let same = declared_images
                    .iter()
                    .any(|(n, i)| *n == container && *i == image);
                if !same {
                    if let Some(changed) = write_back::image(&text, name, &container, &image) {
                        text = changed;
                    }
                }
            }
        }
        if *text != *self.text {
            self.text_version += 1;
            self.take_text(&text, self.live);
        }
    }

    /// Change a StatefulSet's spec the way `kubectl scale` or `kubectl set image`
    /// would (on what was last applied), then write the change back into the text.
    fn change_statefulset(
        &mut self,
        namespace: &str,
        name: &str,
        change: impl FnOnce(&mut StatefulSet),
    ) -> Result<(), String> {
        let key = ObjectKey::new::<StatefulSet>(namespace, name);
        let cluster = self.cluster.borrow();
        let stored = cluster
            .store()
            .get(&key)
            .ok_or_else(|| format!("statefulsets.apps \"{name}\" not found"))?;
        let base = stored
            .applied
            .clone()
            .unwrap_or_else(|| stored.object.clone());
        let Object::StatefulSet(mut set) = base else {
            return Err(format!("{name} is not a StatefulSet"));
        };
        drop(cluster);
        change(&mut set);
        self.cluster
            .borrow_mut()
            .apply(Object::StatefulSet(set))
            .map_err(|e| e.to_string())?;
        self.write_back();
        Ok(())
    }
}

/// Apply the editor text's objects to the cluster, in the order of the text, as
/// `kubectl apply --prune` would: objects the editor applied before and that are no
/// longer in the text are deleted. Returns the API server's refusals, each marked at
/// the first line of its document. (This is the one place that turns the editor
/// text into cluster changes; the command layer's sync can take it over.)
pub fn apply_to_cluster(
    cluster: &mut Cluster,
    editor_objects: &mut BTreeSet<ObjectKey>,
    documents: Vec<Document>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut declared = BTreeSet::new();
    for document in documents {
        let line = document.first_line;
        let label = format!(
            "{}/{}",
            document.object.resource_name(),
            document.object.name()
        );
        let mut key = ObjectKey::of(&document.object);
        if document.object.is_namespaced() && key.namespace.is_empty() {
            key.namespace = crate::engine::DEFAULT_NAMESPACE.to_owned();
        }
        match cluster.apply(document.object) {
            Ok(_) => {
                declared.insert(key);
            }
            Err(error) => {
                // A refused object keeps what it had: it is not pruned either.
                if editor_objects.contains(&key) {
                    declared.insert(key);
                }
                diagnostics.push(Diagnostic {
                    line,
                    column: 1,
                    severity: Severity::Error,
                    message: format!("{label}: {}", kubectl::CommandError::Server(error)),
                });
            }
        }
    }
    for gone in editor_objects.difference(&declared) {
        // Already gone (deleted from the terminal) is fine: pruning wants it gone.
        let _ = cluster.delete(gone);
    }
    *editor_objects = declared;
    diagnostics
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.notice = None;
        match action {
            SessionAction::Edit(text) => {
                if *self.text == *text {
                    return self;
                }
                next.take_text(&text, next.live);
            }
            SessionAction::SetLive(live) => {
                next.live = live;
                if live && next.stale {
                    let text = next.text.clone();
                    next.take_text(&text, true);
                }
            }
            SessionAction::ApplyNow => {
                let text = next.text.clone();
                next.take_text(&text, true);
            }
            SessionAction::Advance(millis) => {
                if millis == 0 || self.speed == Speed::Instant {
                    return self;
                }
                next.cluster.borrow_mut().advance(millis);
            }
            SessionAction::Step => {
                let wake = next.cluster.borrow().next_wakeup();
                match wake {
                    Some(wake) => {
                        let mut cluster = next.cluster.borrow_mut();
                        let millis = wake.millis_since(cluster.now());
                        cluster.advance(millis);
                    }
                    None => next.notify("Nothing left to happen: the cluster is settled."),
                }
            }
            SessionAction::SetPlaying(playing) => {
                if self.playing == playing {
                    return self;
                }
                next.playing = playing;
                return Rc::new(next);
            }
            SessionAction::SetSpeed(speed) => {
                next.speed = speed;
                next.settle_if_instant();
            }
            SessionAction::Reset | SessionAction::SetNodes(_) => {
                if let SessionAction::SetNodes(nodes) = action {
                    next.nodes = nodes.clamp(*NODES_RANGE.start(), *NODES_RANGE.end());
                }
                next.cluster = SharedCluster::new(fresh_cluster(next.nodes));
                next.editor_objects = Rc::default();
                next.unready = Rc::default();
                let text = next.text.clone();
                next.take_text(&text, true);
                next.notify(format!(
                    "The cluster was reset to what the text declares, on {} node(s).",
                    next.nodes
                ));
            }
            SessionAction::LoadExample => {
                next.text_version += 1;
                next.take_text(crate::examples::COURSE_EXAMPLE, next.live);
            }
            SessionAction::DeletePod { namespace, name } => {
                let key = ObjectKey::new::<k8s_openapi::api::core::v1::Pod>(&namespace, &name);
                let result = next.cluster.borrow_mut().delete(&key);
                match result {
                    Ok(()) => {
                        next.notify(format!("pod \"{name}\" deleted from {namespace} namespace"))
                    }
                    Err(error) => next.notify(kubectl::CommandError::Server(error).to_string()),
                }
                next.settle_if_instant();
            }
            SessionAction::SetPodUnready {
                namespace,
                name,
                unready,
            } => {
                let uid = next
                    .cluster
                    .borrow()
                    .get::<k8s_openapi::api::core::v1::Pod>(&namespace, &name)
                    .and_then(|p| p.metadata.uid.clone());
                let result = next
                    .cluster
                    .borrow_mut()
                    .set_pod_unready(&namespace, &name, unready);
                match result {
                    Ok(()) => {
                        let mut set = (*next.unready).clone();
                        if let Some(uid) = uid {
                            if unready {
                                set.insert(uid);
                            } else {
                                set.remove(&uid);
                            }
                        }
                        next.unready = Rc::new(set);
                        next.notify(if unready {
                            format!("The readiness probe of {name} now fails.")
                        } else {
                            format!("The readiness probe of {name} passes again.")
                        });
                    }
                    Err(error) => next.notify(error.to_string()),
                }
                next.settle_if_instant();
            }
            SessionAction::FailNode(node) => {
                let result = next.cluster.borrow_mut().fail_node(&node);
                match result {
                    Ok(()) => next.notify(format!("The kubelet of {node} stopped reporting.")),
                    Err(error) => next.notify(error.to_string()),
                }
                next.settle_if_instant();
            }
            SessionAction::RestoreNode(node) => {
                let result = next.cluster.borrow_mut().restore_node(&node);
                match result {
                    Ok(()) => next.notify(format!("{node} is back.")),
                    Err(error) => next.notify(error.to_string()),
                }
                next.settle_if_instant();
            }
            SessionAction::Scale {
                namespace,
                name,
                replicas,
            } => {
                let replicas = replicas.max(0);
                let outcome = next.change_statefulset(&namespace, &name, |set| {
                    set.spec.get_or_insert_with(Default::default).replicas = Some(replicas);
                });
                match outcome {
                    Ok(()) => next.notify(format!("statefulset.apps/{name} scaled to {replicas}")),
                    Err(message) => next.notify(message),
                }
                next.settle_if_instant();
            }
            SessionAction::SetImage {
                namespace,
                name,
                image,
            } => {
                let outcome = next.change_statefulset(&namespace, &name, |set| {
                    if let Some(container) = set
                        .spec
                        .as_mut()
                        .and_then(|s| s.template.spec.as_mut())
                        .and_then(|p| p.containers.first_mut())
                    {
                        container.image = Some(image.clone());
                    }
                });
                match outcome {
                    Ok(()) => next.notify(format!("statefulset.apps/{name} image updated")),
                    Err(message) => next.notify(message),
                }
                next.settle_if_instant();
            }
            SessionAction::Run(line) => {
                let line = line.trim().to_owned();
                if line.is_empty() {
                    return self;
                }
                let mut terminal = (*next.terminal).clone();
                if line == "clear" {
                    terminal.clear();
                } else {
                    let text = next.text.clone();
                    let result =
                        kubectl::run(&mut next.cluster.borrow_mut(), &line, &EditorFiles(&text));
                    terminal.push(TerminalEntry {
                        command: line,
                        output: result.text,
                        failed: result.failed,
                    });
                    next.write_back();
                    next.settle_if_instant();
                }
                next.terminal = Rc::new(terminal);
            }
        }
        next.refresh_view();
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::COURSE_EXAMPLE;

    fn act(session: Session, action: SessionAction) -> Session {
        (*Rc::new(session).reduce(action)).clone()
    }

    fn settled(session: Session) -> Session {
        let mut session = act(session, SessionAction::SetSpeed(Speed::Instant));
        session.speed = Speed::Normal;
        session
    }

    #[test]
    fn a_new_session_runs_the_course_example() {
        let session = Session::new(COURSE_EXAMPLE);
        assert!(session.diagnostics.is_empty());
        assert!(!session.stale);
        assert_eq!(session.view.statefulsets[0].name, "giropops");
        assert_eq!(
            session.view.statefulsets[0].pods[0].status,
            "ContainerCreating"
        );
        let session = settled(session);
        assert_eq!(session.view.statefulsets[0].ready, "3/3");
    }

    #[test]
    fn a_broken_text_is_marked_and_the_cluster_keeps_the_last_good_one() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let broken = COURSE_EXAMPLE.replace("replicas: 3", "replicas: \"three\"");
        let session = act(session, SessionAction::Edit(broken.clone()));
        assert!(session.stale);
        assert_eq!(session.diagnostics[0].line, 8);
        assert_eq!(session.diagnostics[0].column, 13);
        assert_eq!(*session.text, *broken, "the typed text is kept");
        assert_eq!(session.view.statefulsets[0].ready, "3/3");
    }

    #[test]
    fn scaling_from_a_card_writes_replicas_back_into_the_text() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let version = session.text_version;
        let session = act(
            session,
            SessionAction::Scale {
                namespace: "default".into(),
                name: "giropops".into(),
                replicas: 5,
            },
        );
        assert!(session.text.contains("  replicas: 5\n"), "{}", session.text);
        assert_eq!(session.text_version, version + 1);
        assert!(session.diagnostics.is_empty(), "{:?}", session.diagnostics);
        assert_eq!(session.view.statefulsets[0].replicas, 5);
        assert_eq!(session.view.statefulsets[0].pods.len(), 5);
        assert_eq!(
            session.notice.as_deref(),
            Some("statefulset.apps/giropops scaled to 5")
        );
    }

    #[test]
    fn a_new_image_rolls_out_and_is_written_back() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let session = act(
            session,
            SessionAction::SetImage {
                namespace: "default".into(),
                name: "giropops".into(),
                image: "nginx:1.27".into(),
            },
        );
        assert!(
            session.text.contains("image: nginx:1.27\n"),
            "{}",
            session.text
        );
        let session = settled(session);
        let set = &session.view.statefulsets[0];
        assert_eq!(set.images, ["nginx:1.27"]);
        assert!(set.pods.iter().all(|p| p.updated));
    }

    #[test]
    fn removing_a_document_deletes_its_object() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let without_service = COURSE_EXAMPLE.split("---").next().unwrap().to_owned();
        let session = act(session, SessionAction::Edit(without_service));
        assert!(session.view.services.iter().all(|s| s.name != "nginx"));
        assert_eq!(session.view.statefulsets.len(), 1);
    }

    #[test]
    fn a_refused_change_is_marked_at_its_document() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let renamed = COURSE_EXAMPLE.replace("serviceName: \"nginx\"", "serviceName: \"other\"");
        let session = act(session, SessionAction::Edit(renamed));
        assert_eq!(session.diagnostics.len(), 1, "{:?}", session.diagnostics);
        let mark = &session.diagnostics[0];
        assert_eq!(mark.line, 2);
        assert!(
            mark.message.starts_with("statefulset.apps/giropops: ")
                && mark.message.contains(
                    "The StatefulSet \"giropops\" is invalid: spec: Forbidden: updates to statefulset spec"
                ),
            "{}",
            mark.message
        );
    }

    #[test]
    fn the_terminal_runs_the_command_layer_on_the_editor_text() {
        let session = Session::new(COURSE_EXAMPLE);
        let session = act(
            session,
            SessionAction::Run("kubectl apply -f giropops.yaml".into()),
        );
        assert_eq!(
            session.terminal[0].output,
            "statefulset.apps/giropops unchanged\nservice/nginx unchanged\n"
        );
        let session = act(session, SessionAction::Run("kubectl frobnicate".into()));
        assert!(session.terminal[1].failed);
        let session = act(session, SessionAction::Run("clear".into()));
        assert!(session.terminal.is_empty());
    }

    #[test]
    fn paused_live_apply_keeps_edits_until_applied() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let session = act(session, SessionAction::SetLive(false));
        let session = act(
            session,
            SessionAction::Edit(COURSE_EXAMPLE.replace("replicas: 3", "replicas: 4")),
        );
        assert!(session.stale);
        assert_eq!(session.view.statefulsets[0].replicas, 3);
        let session = act(session, SessionAction::ApplyNow);
        assert!(!session.stale);
        assert_eq!(session.view.statefulsets[0].replicas, 4);
    }

    #[test]
    fn a_cluster_with_more_nodes_runs_what_three_cannot_hold() {
        let text = COURSE_EXAMPLE
            .replace("replicas: 3", "replicas: 400")
            .replace(
                "  serviceName: \"nginx\"\n",
                "  serviceName: \"nginx\"\n  podManagementPolicy: Parallel\n",
            );
        let session = settled(Session::new(&text));
        assert_eq!(
            session.view.statefulsets[0].ready, "330/400",
            "3 nodes × 110 pods"
        );
        let session = settled(act(session, SessionAction::SetNodes(4)));
        assert_eq!(session.view.nodes.len(), 4);
        assert_eq!(session.view.statefulsets[0].ready, "400/400");
    }

    #[test]
    fn step_jumps_to_the_next_thing_that_happens() {
        let session = Session::new(COURSE_EXAMPLE);
        let before = session.cluster.borrow().now();
        let wake = session.cluster.borrow().next_wakeup().unwrap();
        let session = act(session, SessionAction::Step);
        assert_eq!(session.cluster.borrow().now(), wake);
        assert!(wake > before);
    }
}
