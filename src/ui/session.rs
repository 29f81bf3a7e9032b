//! The session reducer: the editor text, what it decodes to, the simulated cluster
//! it runs on, the clock settings and the terminal's history. Every change goes
//! through `SessionAction`; the reducer is pure (no timers, no storage, no DOM), so
//! the same actions always give the same session.
//!
//! The text reaches the cluster only through `kubectl::sync::EditorSync` (applied
//! like `kubectl apply --prune`), and a card's button runs the same kubectl command
//! a student would type, so both show kubectl's words and the API server's refusals.

mod write_back;

use std::cell::{Ref, RefCell, RefMut};
use std::collections::BTreeSet;
use std::rc::Rc;

use yew::Reducible;

use crate::engine::Cluster;
use crate::i18n::Message;
use crate::kubectl::sync::{EditorSync, SyncReport};
use crate::kubectl::{self, FileReader};
use crate::lessons::{self, CheckStatus, Lesson, LessonRun};
use crate::manifest::{self, ManifestError};
use crate::view_model::ClusterView;

pub use write_back::{write_back, WriteBack};

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

/// The simulated cluster and the editor's apply set, shared by every version of the
/// session and changed in place. Cloning a 1,000-pod cluster on each clock tick (as a
/// copy-on-write `Rc` would, since the previous session is still held by the last
/// render) took about 70 ms natively; what a render shows is the session's `view`,
/// computed right after each change, so sharing changes nothing a user sees.
#[derive(Debug, Clone)]
pub struct SharedCluster(Rc<RefCell<Cluster>>);

/// Two handles are equal when they share one cluster: a view's revision says what
/// changed within one cluster, so memos key on both.
impl PartialEq for SharedCluster {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

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

/// A mark on the editor text: a decoding mistake, an API server refusal, a warning,
/// in the manifest layer's and the API server's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line of the whole text.
    pub line: u32,
    /// 1-based column on that line.
    pub column: u32,
    /// Where the marked text ends (exclusive); equal to the start for a point.
    pub end_line: u32,
    pub end_column: u32,
    pub severity: Severity,
    pub message: String,
    /// Advice beyond the server's words ("did you mean `replicas`?").
    pub hint: Option<String>,
}

impl Diagnostic {
    fn of(error: &ManifestError, severity: Severity) -> Diagnostic {
        Diagnostic {
            line: error.line,
            column: error.column,
            end_line: error.end_line,
            end_column: error.end_column,
            severity,
            message: error.message.clone(),
            hint: error.hint.clone(),
        }
    }
}

/// Errors first, then warnings, each in text order.
fn diagnostics(errors: &[ManifestError], warnings: &[ManifestError]) -> Vec<Diagnostic> {
    errors
        .iter()
        .map(|e| Diagnostic::of(e, Severity::Error))
        .chain(
            warnings
                .iter()
                .map(|w| Diagnostic::of(w, Severity::Warning)),
        )
        .collect()
}

/// One command of the terminal and what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalEntry {
    pub command: String,
    pub output: String,
    /// Whether the command failed (its output is kubectl's error text).
    pub failed: bool,
}

/// What the last action did, for the page's polite live region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Ordinal's own words, rendered in the visitor's language.
    Info(Message),
    /// Something the user should know went wrong or differs (Ordinal's words).
    Warning(Message),
    /// The editor's text was replaced by a load; the page offers to bring back the
    /// text it replaced (`SessionAction::RestorePrevious`).
    Replaced(Message),
    /// What a kubectl command (typed, or run by a card's button) printed, as kubectl prints it.
    Kubectl { output: String, failed: bool },
}

/// Where a text the session loads (rather than one the user types) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A shipped example, by its id in `examples::EXAMPLES`.
    Example(&'static str),
    /// A share link, with the example it started from if it names a shipped one.
    SharedLink { example: Option<&'static str> },
    /// The page that embeds Ordinal (`ordinal.load`).
    HostPage,
}

impl Source {
    fn example(self) -> Option<&'static str> {
        match self {
            Source::Example(id) => Some(id),
            Source::SharedLink { example } => example,
            Source::HostPage => None,
        }
    }

    /// What the editor now holds, for the notice (`the course example`...).
    fn what(self) -> Message {
        match self {
            Source::Example(id) => match crate::examples::example(id) {
                Some(example) => {
                    Message::new("notice.what.named_example").with("title", example.title())
                }
                None => Message::new("notice.what.example"),
            },
            Source::SharedLink { .. } => Message::new("notice.what.shared_link"),
            Source::HostPage => Message::new("notice.what.host_page"),
        }
    }
}

/// The texts a visit starts with (from local storage, a share link, an example).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    pub text: String,
    /// The text a load replaced, kept so that it can be brought back.
    pub previous: Option<String>,
    /// Whether `text` is the user's own (typed or changed by them), rather than a
    /// load they have not touched since.
    pub own: bool,
    /// The example `text` started from.
    pub example: Option<&'static str>,
}

/// The whole state of the page.
#[derive(Debug, Clone)]
pub struct Session {
    /// The editor text, as last reported by the editor (debounced).
    pub text: Rc<str>,
    /// The user's own text that the last load replaced: their latest own text is
    /// always either `text` or this, so a load never loses it.
    pub previous_text: Option<Rc<str>>,
    /// Whether `text` is the user's own; a load replacing an untouched loaded text
    /// leaves `previous_text` alone.
    pub text_is_own: bool,
    /// The example the text started from (for share links).
    pub example: Option<&'static str>,
    /// Bumped whenever the session itself rewrites the text (a scale written back, a
    /// reset), so the editor knows to take the new text; typing never bumps it.
    pub text_version: u64,
    /// Marks for the current text: decoding mistakes, refusals, warnings.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// True when the cluster does not run the current text: part of it has mistakes
    /// or was refused, or live apply is paused with edits not applied yet.
    pub stale: bool,
    /// Whether edits apply to the cluster as they are typed.
    pub live: bool,
    pub cluster: SharedCluster,
    /// What the editor applied (and would prune), paired with `cluster`.
    sync: Rc<RefCell<EditorSync>>,
    pub view: Rc<ClusterView>,
    pub playing: bool,
    pub speed: Speed,
    /// Worker nodes of the cluster (a reset keeps the number).
    pub nodes: u8,
    pub terminal: Rc<Vec<TerminalEntry>>,
    /// UIDs of pods whose readiness probe was made to fail from a card. The engine
    /// has the lever (`set_pod_unready`) but no getter, so the session remembers
    /// which way each card's toggle points; a new pod (a new UID) starts ready.
    pub unready: Rc<BTreeSet<String>>,
    /// What the last user action did (time passing leaves it in place).
    pub notices: Rc<Vec<Notice>>,
    /// The lesson in progress: the student's run through its steps, looked at after
    /// every change and every tick.
    pub lesson: Option<Rc<LessonRun>>,
    /// Each check of the current lesson step with whether it holds now.
    pub lesson_checks: Rc<Vec<CheckStatus>>,
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        self.cluster == other.cluster
            && Rc::ptr_eq(&self.view, &other.view)
            && self.text == other.text
            && self.previous_text == other.previous_text
            && self.text_is_own == other.text_is_own
            && self.example == other.example
            && self.text_version == other.text_version
            && self.diagnostics == other.diagnostics
            && self.stale == other.stale
            && self.live == other.live
            && self.playing == other.playing
            && self.speed == other.speed
            && self.nodes == other.nodes
            && Rc::ptr_eq(&self.terminal, &other.terminal)
            && self.unready == other.unready
            && self.notices == other.notices
            && self.lesson == other.lesson
            && self.lesson_checks == other.lesson_checks
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
    /// Replace the editor's text by one from elsewhere; the replaced text, if it is
    /// the user's own, is kept to bring back.
    Load {
        text: String,
        source: Source,
    },
    /// Bring back the text the last load replaced. The text it replaces is kept in
    /// turn if the user changed it; an untouched load is simply dropped (it can be
    /// loaded again).
    RestorePrevious,
    /// `kubectl delete pod NAME --wait=false`, from the pod's card.
    DeletePod {
        namespace: String,
        name: String,
    },
    /// Make a pod's readiness probe fail, or pass again (an engine lever: kubectl has
    /// no command for it).
    SetPodUnready {
        namespace: String,
        name: String,
        unready: bool,
    },
    /// Stop a node's kubelet (an engine lever).
    FailNode(String),
    RestoreNode(String),
    /// `kubectl scale statefulset/NAME --replicas=N`, from the StatefulSet's card.
    Scale {
        namespace: String,
        name: String,
        replicas: i32,
    },
    /// `kubectl set image statefulset/NAME CONTAINER=IMAGE`: a rolling update.
    SetImage {
        namespace: String,
        name: String,
        container: String,
        image: String,
    },
    /// Run a command line in the terminal (`clear` empties it).
    Run(String),
    /// Begin the lesson with this id: its example goes into the editor (the
    /// student's own text is kept to bring back) and runs on a fresh cluster.
    StartLesson(String),
    /// Begin the lesson with this id on the text and cluster as they are (a share
    /// link brought the text).
    BeginLesson(String),
    /// Move to a step of the lesson in progress (to redo or skip one).
    GoToStep(usize),
    /// Leave the lesson (the cluster and the text stay as they are).
    StopLesson,
    /// Show a notice about something that happened outside the page's controls.
    Say(Notice),
}

/// The terminal's files: `kubectl apply -f NAME` reads the editor text, whatever NAME.
struct EditorFiles<'a>(&'a str);

impl FileReader for EditorFiles<'_> {
    fn read(&self, _path: &str) -> Result<String, String> {
        Ok(self.0.to_owned())
    }
}

/// A word as a POSIX shell reads it back unchanged: as it is when it holds only
/// safe characters, else in single quotes (what the command layer's `argv` splits).
fn shell_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// ` -n NAMESPACE`, or nothing for the default namespace (as a student types it).
fn namespace_flag(namespace: &str) -> String {
    if namespace.is_empty() || namespace == crate::engine::DEFAULT_NAMESPACE {
        String::new()
    } else {
        format!(" -n {}", shell_word(namespace))
    }
}

impl Session {
    /// A session showing `text` (not the user's own: a first visit's example),
    /// applied to a fresh cluster.
    pub fn new(text: &str) -> Session {
        Session::resume(Texts {
            text: text.to_owned(),
            ..Texts::default()
        })
    }

    /// A session taking up `texts` (what a visit starts with), applied to a fresh cluster.
    pub fn resume(texts: Texts) -> Session {
        let cluster = fresh_cluster(DEFAULT_NODES);
        let text = texts.text;
        let mut session = Session {
            text: Rc::from(text.as_str()),
            previous_text: texts
                .previous
                .filter(|p| !p.trim().is_empty())
                .map(Rc::from),
            text_is_own: texts.own,
            example: texts.example,
            text_version: 0,
            diagnostics: Rc::default(),
            stale: false,
            live: true,
            view: Rc::new(ClusterView::of(&cluster)),
            cluster: SharedCluster::new(cluster),
            sync: Rc::default(),
            playing: true,
            speed: Speed::Normal,
            nodes: DEFAULT_NODES,
            terminal: Rc::default(),
            unready: Rc::default(),
            notices: Rc::default(),
            lesson: None,
            lesson_checks: Rc::default(),
        };
        session.take_text(&text, true);
        session.refresh_view(true);
        session
    }

    /// Whether there is a replaced text to bring back.
    pub fn can_restore(&self) -> bool {
        self.previous_text
            .as_ref()
            .is_some_and(|p| **p != *self.text)
    }

    /// Replace the text by one the user did not type, keeping theirs to bring back.
    fn load(&mut self, text: &str, source: Source) {
        if *self.text != *text {
            if self.text_is_own && !self.text.trim().is_empty() {
                self.previous_text = Some(self.text.clone());
            }
            self.text_version += 1;
            self.take_text(text, self.live);
        }
        self.text_is_own = false;
        self.example = source.example();
        let what = Message::new("notice.text_replaced").with("what", source.what());
        self.say(if self.can_restore() {
            Notice::Replaced(what)
        } else {
            Notice::Info(Message::new("notice.text_loaded").with("what", source.what()))
        });
    }

    /// Take `text` as the editor's, mark its mistakes and warnings, and apply it to
    /// the cluster when `apply` is set (documents that decode and pass the API
    /// server apply; the others leave their live objects as they were).
    fn take_text(&mut self, text: &str, apply: bool) {
        self.text = Rc::from(text);
        if apply {
            let report: SyncReport = self
                .sync
                .borrow_mut()
                .sync(&mut self.cluster.borrow_mut(), text);
            self.stale = !report.is_ok();
            self.diagnostics = Rc::new(diagnostics(&report.errors, &report.warnings));
            self.settle_if_instant();
        } else {
            let parsed = manifest::parse(text);
            self.stale = true;
            self.diagnostics = Rc::new(diagnostics(&parsed.errors, &parsed.warnings));
        }
    }

    /// Throw the cluster away for a fresh one with `self.nodes` nodes. The view starts
    /// again from the new cluster: a revision says what changed within one cluster only.
    fn replace_cluster(&mut self) {
        let cluster = fresh_cluster(self.nodes);
        self.view = Rc::new(ClusterView::of(&cluster));
        self.cluster = SharedCluster::new(cluster);
        self.sync = Rc::default();
        self.unready = Rc::default();
    }

    fn settle_if_instant(&mut self) {
        if self.speed == Speed::Instant {
            self.cluster
                .borrow_mut()
                .run_until_settled(INSTANT_LIMIT_MILLIS);
        }
    }

    /// Bring the view up to the cluster, recomputing only what changed (a tick in
    /// which only time passed recomputes nothing but the clock). The lesson's checks
    /// read only objects, so they run again only when the objects changed or
    /// `lesson_moved` (the run itself changed: a new lesson, another step).
    fn refresh_view(&mut self, lesson_moved: bool) {
        let view = self.view.update(&self.cluster.borrow());
        let changed = view.revision != self.view.revision;
        self.view = Rc::new(view);
        if changed || lesson_moved {
            self.observe_lesson();
        }
    }

    /// The lesson in progress, if it is one Ordinal ships.
    pub fn current_lesson(&self) -> Option<(&'static Lesson, &LessonRun)> {
        let run = self.lesson.as_deref()?;
        Some((lessons::lesson(&run.lesson)?, run))
    }

    /// Begin `lesson` on the cluster as it is now.
    pub fn begin_lesson(&mut self, lesson: &Lesson) {
        self.lesson = Some(Rc::new(LessonRun::start(lesson, &self.cluster.borrow())));
        self.observe_lesson();
    }

    /// Tick off every step of the lesson whose checks hold on the cluster now (a
    /// settled cluster gets no more ticks, so a step that the last change completed
    /// must be seen at once), then list the checks of the step the student is on.
    fn observe_lesson(&mut self) {
        let Some((lesson, _)) = self.current_lesson() else {
            self.lesson_checks = Rc::default();
            return;
        };
        let cluster = self.cluster.borrow();
        while let Some(run) = self.lesson.as_mut() {
            let checks = run.checklist(lesson, &cluster);
            if checks.is_empty() || !checks.iter().all(|c| c.holds) {
                if *self.lesson_checks != checks {
                    self.lesson_checks = Rc::new(checks);
                }
                break;
            }
            // Only a completed step changes the run: cloning it (it remembers every
            // object's UID) on every tick would cost more than the checks.
            Rc::make_mut(run).observe(lesson, &cluster);
        }
    }

    fn say(&mut self, notice: Notice) {
        Rc::make_mut(&mut self.notices).push(notice);
    }

    /// Run one kubectl command line on the cluster, as the terminal does: log it,
    /// show its output, and write what it changed in declared objects back into the
    /// text so that text and cluster never silently diverge.
    fn kubectl(&mut self, line: String) {
        let text = self.text.clone();
        let output = kubectl::run(&mut self.cluster.borrow_mut(), &line, &EditorFiles(&text));
        self.say(Notice::Kubectl {
            output: output.text.trim_end().to_owned(),
            failed: output.failed,
        });
        Rc::make_mut(&mut self.terminal).push(TerminalEntry {
            command: line,
            output: output.text,
            failed: output.failed,
        });
        let written = write_back(&self.text, &output.changes);
        for (object, field, why) in written.unwritten {
            self.say(Notice::Warning(
                Message::new("notice.not_written")
                    .with("object", object)
                    .with("field", field)
                    .with("why", why),
            ));
        }
        if !written.deleted.is_empty() {
            self.say(Notice::Warning(
                Message::new("notice.deleted_declared").with("objects", written.deleted),
            ));
        }
        if let Some(text) = written.text {
            // The user's command changed it: the text is now theirs.
            self.text_is_own = true;
            self.text_version += 1;
            self.take_text(&text, self.live);
        }
        self.settle_if_instant();
    }

    /// Run an engine lever (no kubectl command does this) and say what it did.
    fn lever(
        &mut self,
        pull: impl FnOnce(&mut Cluster) -> crate::engine::Result<()>,
        done: Message,
    ) -> bool {
        let result = pull(&mut self.cluster.borrow_mut());
        let ok = result.is_ok();
        match result {
            Ok(()) => self.say(Notice::Info(done)),
            Err(error) => self.say(Notice::Kubectl {
                output: kubectl::CommandError::Server(error).to_string(),
                failed: true,
            }),
        }
        self.settle_if_instant();
        ok
    }
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let mut next = (*self).clone();
        // Time passing changes no lesson step by itself: only the objects it changes do.
        let time_only = matches!(action, SessionAction::Advance(_) | SessionAction::Step);
        // Time passing keeps the last action's notices on screen; anything else clears them.
        if !matches!(
            action,
            SessionAction::Advance(_) | SessionAction::SetPlaying(_)
        ) {
            next.notices = Rc::default();
        }
        match action {
            SessionAction::Edit(text) => {
                if *self.text == *text {
                    return self;
                }
                next.text_is_own = true;
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
                    None => next.say(Notice::Info(Message::new("time.settled"))),
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
                next.replace_cluster();
                let text = next.text.clone();
                next.take_text(&text, true);
                // Every object is new: the step in progress begins again on the new cluster.
                if let Some(run) = next.lesson.as_mut() {
                    let step = run.current().unwrap_or(usize::MAX);
                    Rc::make_mut(run).go_to(step, &next.cluster.borrow());
                }
                next.say(Notice::Info(
                    Message::new("notice.reset_nodes").with("count", u64::from(next.nodes)),
                ));
            }
            SessionAction::Load { text, source } => next.load(&text, source),
            SessionAction::RestorePrevious => {
                let Some(previous) = next.previous_text.take() else {
                    return self;
                };
                let replaced = next.text.clone();
                next.previous_text =
                    (next.text_is_own && !replaced.trim().is_empty()).then_some(replaced);
                next.text_is_own = true;
                next.example = None;
                next.text_version += 1;
                next.take_text(&previous, next.live);
            }
            SessionAction::DeletePod { namespace, name } => {
                next.kubectl(format!(
                    "kubectl delete pod {}{} --wait=false",
                    shell_word(&name),
                    namespace_flag(&namespace)
                ));
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
                let done = Message::new(if unready {
                    "notice.probe_fails"
                } else {
                    "notice.probe_passes"
                })
                .with("pod", &name);
                let ok = next.lever(|c| c.set_pod_unready(&namespace, &name, unready), done);
                if let (true, Some(uid)) = (ok, uid) {
                    let set = Rc::make_mut(&mut next.unready);
                    if unready {
                        set.insert(uid);
                    } else {
                        set.remove(&uid);
                    }
                }
            }
            SessionAction::FailNode(node) => {
                let done = Message::new("notice.node_failed").with("node", &node);
                next.lever(|c| c.fail_node(&node), done);
            }
            SessionAction::RestoreNode(node) => {
                let done = Message::new("notice.node_restored").with("node", &node);
                next.lever(|c| c.restore_node(&node), done);
            }
            SessionAction::Scale {
                namespace,
                name,
                replicas,
            } => {
                next.kubectl(format!(
                    "kubectl scale statefulset/{} --replicas={}{}",
                    shell_word(&name),
                    replicas.max(0),
                    namespace_flag(&namespace)
                ));
            }
            SessionAction::SetImage {
                namespace,
                name,
                container,
                image,
            } => {
                next.kubectl(format!(
                    "kubectl set image statefulset/{} {}{}",
                    shell_word(&name),
                    shell_word(&format!("{container}={image}")),
                    namespace_flag(&namespace)
                ));
            }
            SessionAction::StartLesson(id) => {
                let Some(lesson) = lessons::lesson(&id) else {
                    return self;
                };
                if let Some(example) = lesson.example.as_deref().and_then(crate::examples::example)
                {
                    next.load(example.text, Source::Example(example.id));
                }
                // A fresh cluster, so the first step can be watched from the start.
                next.replace_cluster();
                let text = next.text.clone();
                next.take_text(&text, true);
                next.begin_lesson(lesson);
            }
            SessionAction::BeginLesson(id) => {
                let Some(lesson) = lessons::lesson(&id) else {
                    return self;
                };
                next.begin_lesson(lesson);
            }
            SessionAction::GoToStep(index) => {
                let Some(run) = next.lesson.as_mut() else {
                    return self;
                };
                Rc::make_mut(run).go_to(index, &next.cluster.borrow());
            }
            SessionAction::StopLesson => {
                next.lesson = None;
            }
            SessionAction::Say(notice) => next.say(notice),
            SessionAction::Run(line) => {
                let line = line.trim().to_owned();
                if line.is_empty() {
                    return self;
                }
                if line == "clear" {
                    next.terminal = Rc::default();
                } else {
                    next.kubectl(line);
                    // The terminal shows the output; the notice would only repeat it.
                    Rc::make_mut(&mut next.notices)
                        .retain(|n| !matches!(n, Notice::Kubectl { .. }));
                }
            }
        }
        next.refresh_view(!time_only);
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

    fn english(notice: &Notice) -> String {
        match notice {
            Notice::Info(m) | Notice::Warning(m) | Notice::Replaced(m) => m.to_string(),
            Notice::Kubectl { output, .. } => output.clone(),
        }
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
        assert_eq!(session.diagnostics[0].severity, Severity::Error);
        assert_eq!(*session.text, *broken, "the typed text is kept");
        assert_eq!(session.view.statefulsets[0].ready, "3/3");
    }

    #[test]
    fn scaling_from_a_card_runs_kubectl_scale_and_writes_replicas_back() {
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
        assert_eq!(
            *session.text,
            COURSE_EXAMPLE.replace("replicas: 3", "replicas: 5"),
            "only the value changes"
        );
        assert_eq!(session.text_version, version + 1);
        assert!(session.diagnostics.is_empty(), "{:?}", session.diagnostics);
        assert_eq!(session.view.statefulsets[0].replicas, 5);
        assert_eq!(session.view.statefulsets[0].pods.len(), 5);
        assert_eq!(
            session.terminal.last().map(|e| e.command.as_str()),
            Some("kubectl scale statefulset/giropops --replicas=5")
        );
        assert_eq!(
            session.notices.iter().map(english).collect::<Vec<_>>(),
            ["statefulset.apps/giropops scaled"]
        );
    }

    #[test]
    fn a_scale_the_api_server_refuses_shows_its_words_and_changes_nothing() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let session = act(
            session,
            SessionAction::Scale {
                namespace: "default".into(),
                name: "giropops".into(),
                replicas: crate::engine::validation::MAX_REPLICAS + 1,
            },
        );
        assert!(session.text.contains("replicas: 3"));
        assert_eq!(session.view.statefulsets[0].replicas, 3);
        let [Notice::Kubectl { output, failed }] = session.notices.as_slice() else {
            panic!("{:?}", session.notices);
        };
        assert!(failed);
        assert!(
            output.contains("spec.replicas: Invalid value: 1001"),
            "{output}"
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
                container: "nginx".into(),
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
    fn an_image_with_shell_characters_reaches_kubectl_as_one_word() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let session = act(
            session,
            SessionAction::SetImage {
                namespace: "default".into(),
                name: "giropops".into(),
                container: "nginx".into(),
                image: "it's; rm -rf".into(),
            },
        );
        assert_eq!(
            session.terminal.last().map(|e| e.command.as_str()),
            Some(r"kubectl set image statefulset/giropops 'nginx=it'\''s; rm -rf'")
        );
    }

    #[test]
    fn deleting_a_pod_from_its_card_leaves_it_terminating_and_it_returns() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let session = act(
            session,
            SessionAction::DeletePod {
                namespace: "default".into(),
                name: "giropops-1".into(),
            },
        );
        assert_eq!(
            session.notices.iter().map(english).collect::<Vec<_>>(),
            ["pod \"giropops-1\" deleted from default namespace"]
        );
        assert_eq!(session.view.statefulsets[0].pods[1].status, "Terminating");
        let session = settled(session);
        assert_eq!(session.view.statefulsets[0].ready, "3/3");
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
    fn a_refused_change_is_marked_at_its_field() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let renamed = COURSE_EXAMPLE.replace("serviceName: \"nginx\"", "serviceName: \"other\"");
        let session = act(session, SessionAction::Edit(renamed.clone()));
        let errors: Vec<&Diagnostic> = session
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{:?}", session.diagnostics);
        // The server names the field `spec`: the mark sits on its key.
        let line = renamed.lines().position(|l| l == "spec:").unwrap() as u32 + 1;
        assert_eq!(errors[0].line, line, "{:?}", errors[0]);
        assert!(
            errors[0].message.contains(
                "The StatefulSet \"giropops\" is invalid: spec: Forbidden: updates to statefulset spec"
            ),
            "{}",
            errors[0].message
        );
        // The refused document keeps its live object; the rest still applies.
        assert_eq!(session.view.statefulsets[0].service_name, "nginx");
    }

    #[test]
    fn a_service_name_without_its_service_is_a_warning_at_its_line() {
        let text = COURSE_EXAMPLE.split("---").next().unwrap().to_owned();
        let session = Session::new(&text);
        let warning = session
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Warning)
            .expect("a warning");
        let line = text
            .lines()
            .position(|l| l.contains("serviceName"))
            .unwrap() as u32
            + 1;
        assert_eq!(warning.line, line);
        assert!(!session.stale, "a warning does not stop the text applying");
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
    fn a_scale_typed_in_the_terminal_is_written_back_and_undoable_by_text() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let session = act(
            session,
            SessionAction::Run("kubectl scale sts giropops --replicas=4".into()),
        );
        assert!(session.text.contains("replicas: 4"));
        assert!(session.notices.is_empty(), "the terminal shows the output");
        let session = act(session, SessionAction::Edit(COURSE_EXAMPLE.to_owned()));
        let session = settled(session);
        assert_eq!(session.view.statefulsets[0].ready, "3/3");
    }

    #[test]
    fn deleting_a_declared_object_in_the_terminal_warns_that_the_text_still_has_it() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let session = act(
            session,
            SessionAction::Run("kubectl delete service nginx".into()),
        );
        assert!(session.view.services.iter().all(|s| s.name != "nginx"));
        let [Notice::Warning(message)] = session.notices.as_slice() else {
            panic!("{:?}", session.notices);
        };
        assert_eq!(message.key, "notice.deleted_declared");
        // Applying the text again brings it back.
        let session = act(session, SessionAction::ApplyNow);
        assert!(session.view.services.iter().any(|s| s.name == "nginx"));
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
        let workers = session.view.nodes.iter().filter(|n| !n.control_plane);
        assert_eq!(workers.count(), 4, "and the control-plane node");
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

    #[test]
    fn a_made_unready_pod_is_remembered_until_made_ready() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        let uid = session.view.statefulsets[0].pods[2].uid.clone().unwrap();
        let session = settled(act(
            session,
            SessionAction::SetPodUnready {
                namespace: "default".into(),
                name: "giropops-2".into(),
                unready: true,
            },
        ));
        assert!(session.unready.contains(&uid));
        assert_eq!(session.view.statefulsets[0].ready, "2/3");
        let session = settled(act(
            session,
            SessionAction::SetPodUnready {
                namespace: "default".into(),
                name: "giropops-2".into(),
                unready: false,
            },
        ));
        assert!(session.unready.is_empty());
        assert_eq!(session.view.statefulsets[0].ready, "3/3");
    }

    fn load(session: Session, text: &str, source: Source) -> Session {
        act(
            session,
            SessionAction::Load {
                text: text.to_owned(),
                source,
            },
        )
    }

    #[test]
    fn loading_an_example_keeps_the_users_own_text_to_bring_back() {
        let mine = COURSE_EXAMPLE.replace("replicas: 3", "replicas: 2");
        let session = act(
            Session::new(COURSE_EXAMPLE),
            SessionAction::Edit(mine.clone()),
        );
        assert!(session.text_is_own);
        let kafka = crate::examples::example("kafka").unwrap();
        let session = load(session, kafka.text, Source::Example("kafka"));
        assert_eq!(*session.text, *kafka.text);
        assert_eq!(session.previous_text.as_deref(), Some(mine.as_str()));
        assert_eq!(session.example, Some("kafka"));
        assert!(!session.text_is_own);
        assert!(matches!(session.notices[0], Notice::Replaced(_)));
        assert!(session.view.statefulsets.iter().any(|s| s.name == "kafka"));

        let session = act(session, SessionAction::RestorePrevious);
        assert_eq!(*session.text, *mine);
        assert!(session.text_is_own);
        assert_eq!(
            session.previous_text, None,
            "the untouched example is dropped"
        );
        assert!(session.view.statefulsets.iter().all(|s| s.name != "kafka"));
    }

    #[test]
    fn bringing_back_my_text_over_an_edited_load_keeps_both() {
        let mine = COURSE_EXAMPLE.replace("replicas: 3", "replicas: 2");
        let session = act(
            Session::new(COURSE_EXAMPLE),
            SessionAction::Edit(mine.clone()),
        );
        let kafka = crate::examples::example("kafka").unwrap();
        let session = load(session, kafka.text, Source::Example("kafka"));
        let edited = format!("{}# tried this\n", kafka.text);
        let session = act(session, SessionAction::Edit(edited.clone()));
        let session = act(session, SessionAction::RestorePrevious);
        assert_eq!(*session.text, *mine);
        assert_eq!(session.previous_text.as_deref(), Some(edited.as_str()));
        let session = act(session, SessionAction::RestorePrevious);
        assert_eq!(*session.text, *edited);
        assert_eq!(session.previous_text.as_deref(), Some(mine.as_str()));
    }

    #[test]
    fn a_load_over_an_untouched_load_keeps_the_users_text_not_the_first_load() {
        let mine = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mine\n";
        let session = act(
            Session::new(COURSE_EXAMPLE),
            SessionAction::Edit(mine.into()),
        );
        let postgres = crate::examples::example("postgres").unwrap();
        let minio = crate::examples::example("minio").unwrap();
        let session = load(session, postgres.text, Source::Example("postgres"));
        let session = load(
            session,
            minio.text,
            Source::SharedLink {
                example: Some("minio"),
            },
        );
        assert_eq!(session.previous_text.as_deref(), Some(mine));
        assert_eq!(session.example, Some("minio"));
    }

    #[test]
    fn loading_over_a_text_that_was_never_the_users_offers_nothing_to_bring_back() {
        let session = Session::new(COURSE_EXAMPLE);
        let kafka = crate::examples::example("kafka").unwrap();
        let session = load(session, kafka.text, Source::Example("kafka"));
        assert_eq!(session.previous_text, None);
        assert!(!session.can_restore());
        assert!(matches!(session.notices[0], Notice::Info(_)));
    }

    #[test]
    fn a_scale_makes_a_loaded_text_the_users_own() {
        let session = settled(Session::new(COURSE_EXAMPLE));
        assert!(!session.text_is_own);
        let session = act(
            session,
            SessionAction::Run("kubectl scale sts giropops --replicas=2".into()),
        );
        assert!(session.text_is_own);
    }

    #[test]
    fn a_lesson_starts_on_its_example_and_keeps_my_text_to_bring_back() {
        let mine = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n";
        let session = act(
            Session::new(COURSE_EXAMPLE),
            SessionAction::Edit(mine.into()),
        );
        let session = act(session, SessionAction::StartLesson("day-7".into()));
        assert_eq!(*session.text, *COURSE_EXAMPLE);
        assert_eq!(session.previous_text.as_deref(), Some(mine));
        let (lesson, run) = session.current_lesson().expect("the lesson runs");
        assert_eq!(lesson.id, "day-7");
        assert_eq!(run.current(), Some(0));
        assert!(session
            .view
            .pod("giropops-1")
            .is_none_or(|p| p.status != "Running"));
        let labels: Vec<String> = session
            .lesson_checks
            .iter()
            .map(|c| c.label.to_string())
            .collect();
        assert_eq!(labels[0], "pod giropops-0 is Running and Ready");
        assert!(session.lesson_checks.iter().all(|c| !c.holds));
    }

    #[test]
    fn a_lesson_step_is_ticked_off_by_the_ticks_that_complete_it_and_by_a_typed_command() {
        let session = act(
            Session::new(COURSE_EXAMPLE),
            SessionAction::StartLesson("day-7".into()),
        );
        let mut session = session;
        // Ordered start-up takes a few simulated seconds at normal speed.
        for _ in 0..120 {
            session = act(session, SessionAction::Advance(500));
        }
        let (_, run) = session.current_lesson().unwrap();
        assert!(run.is_done(0), "{:?}", session.lesson_checks);
        assert_eq!(run.current(), Some(1));
        assert!(session.lesson_checks.iter().all(|c| !c.holds));

        let session = act(
            session,
            SessionAction::Run("kubectl delete service nginx".into()),
        );
        let session = settled(session);
        let (_, run) = session.current_lesson().unwrap();
        assert!(run.is_done(1));
        assert_eq!(run.current(), Some(2));

        let session = act(session, SessionAction::GoToStep(3));
        assert_eq!(session.current_lesson().unwrap().1.current(), Some(3));
        assert!(!session.current_lesson().unwrap().1.is_done(2));
        let session = act(session, SessionAction::StopLesson);
        assert!(session.current_lesson().is_none());
        assert!(session.lesson_checks.is_empty());
    }

    #[test]
    fn an_unknown_lesson_changes_nothing() {
        let session = Session::new(COURSE_EXAMPLE);
        let after = act(
            session.clone(),
            SessionAction::StartLesson("<script>".into()),
        );
        assert!(after.lesson.is_none());
        assert_eq!(after.text, session.text);
    }
}
