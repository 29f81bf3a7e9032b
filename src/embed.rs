//! Embedding Ordinal in a course page: what the page's query string asks for
//! (`?embed=1&panels=pods,dns&origins=https://course.example&lang=pt-BR&example=kafka`),
//! the origins allowed to drive it with `postMessage`, and the messages of that
//! protocol as plain data. The browser side only moves strings in and out; every
//! decision (is this origin allowed, is this request well formed, what is the state)
//! is made here, host-tested. Nothing decoded here is ever treated as HTML.

use std::fmt;

use k8s_openapi::api::core::v1::Pod;
use serde::{Deserialize, Serialize};

use crate::engine::control_plane::SYSTEM_NAMESPACE;
use crate::engine::Cluster;
use crate::examples::{example, Example};
use crate::i18n::Message;
use crate::lessons::{lesson, Lesson, LessonRun};

/// The most text a `postMessage` request may carry (1 MiB of manifest, plus the JSON
/// around it): beyond it the request is refused unread.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024 + 4096;

/// A panel that an embedding page can choose to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Panel {
    Editor,
    Pods,
    Services,
    Volumes,
    Dns,
    Events,
    Nodes,
    Terminal,
    Topology,
    Lesson,
    Time,
}

impl Panel {
    /// Every panel, with the name used in `panels=`.
    pub const ALL: [(Panel, &'static str); 11] = [
        (Panel::Editor, "editor"),
        (Panel::Pods, "pods"),
        (Panel::Services, "services"),
        (Panel::Volumes, "volumes"),
        (Panel::Dns, "dns"),
        (Panel::Events, "events"),
        (Panel::Nodes, "nodes"),
        (Panel::Terminal, "terminal"),
        (Panel::Topology, "topology"),
        (Panel::Lesson, "lesson"),
        (Panel::Time, "time"),
    ];

    /// The panel called `name` (case ignored).
    pub fn parse(name: &str) -> Option<Panel> {
        Panel::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(p, _)| *p)
    }

    /// The name used in `panels=`.
    pub fn name(self) -> &'static str {
        Panel::ALL
            .iter()
            .find(|(p, _)| *p == self)
            .map_or("", |(_, n)| n)
    }
}

/// A web origin (`https://course.example`, `http://localhost:8080`), in the form the
/// browser puts in `MessageEvent.origin`: lower-case scheme and host, no default port.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin(String);

/// Why a value given in `origins=` is not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginProblem {
    /// Not `http://` or `https://` followed by a host.
    NotAnOrigin,
    /// `*` would let any page drive the playground.
    Wildcard,
    /// `null` is the origin of every sandboxed frame and local file: it names no one.
    Null,
    /// A path, query or user name after the host: an origin is scheme, host and port.
    HasPath,
}

impl OriginProblem {
    /// The problem as a catalogue message.
    pub fn message(self) -> Message {
        Message::new(match self {
            OriginProblem::NotAnOrigin => "embed.origin.not_an_origin",
            OriginProblem::Wildcard => "embed.origin.wildcard",
            OriginProblem::Null => "embed.origin.null",
            OriginProblem::HasPath => "embed.origin.has_path",
        })
    }
}

impl Origin {
    /// Read an origin as a host page writes it (a trailing `/` is forgiven).
    pub fn parse(text: &str) -> Result<Origin, OriginProblem> {
        let text = text.trim();
        if text == "*" {
            return Err(OriginProblem::Wildcard);
        }
        if text.eq_ignore_ascii_case("null") {
            return Err(OriginProblem::Null);
        }
        let lower = text.to_ascii_lowercase();
        let (scheme, rest) = lower.split_once("://").ok_or(OriginProblem::NotAnOrigin)?;
        let default_port = match scheme {
            "https" => 443,
            "http" => 80,
            _ => return Err(OriginProblem::NotAnOrigin),
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#', '@']) {
            return Err(OriginProblem::HasPath);
        }
        if authority.contains('*') {
            return Err(OriginProblem::Wildcard);
        }
        // An IPv6 host is bracketed (`[::1]:8080`); otherwise the port follows the last `:`.
        let (host, port) = match authority.strip_prefix('[') {
            Some(bracketed) => {
                let (inside, after) = bracketed
                    .split_once(']')
                    .ok_or(OriginProblem::NotAnOrigin)?;
                let port = match after {
                    "" => None,
                    _ => Some(after.strip_prefix(':').ok_or(OriginProblem::NotAnOrigin)?),
                };
                (&authority[..inside.len() + 2], port)
            }
            None => match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            },
        };
        let port: Option<u16> = match port {
            Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => {
                Some(p.parse().map_err(|_| OriginProblem::NotAnOrigin)?)
            }
            Some(_) => return Err(OriginProblem::NotAnOrigin),
            None => None,
        };
        let valid_host = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.[]:".contains(&b));
        if !valid_host {
            return Err(OriginProblem::NotAnOrigin);
        }
        Ok(Origin(match port {
            Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
            _ => format!("{scheme}://{host}"),
        }))
    }

    /// The origin as text, for `postMessage`'s target origin.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the page's query string asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageOptions {
    /// `embed=1`: the compact layout for an iframe.
    pub embed: bool,
    /// `panels=pods,dns`: only these panels, in this order; `None` shows them all.
    pub panels: Option<Vec<Panel>>,
    /// Names in `panels=` that are no panel (to warn about, not to guess).
    pub unknown_panels: Vec<String>,
    /// `origins=https://a.example,https://b.example`: who may drive the page with
    /// `postMessage`. Empty: nobody.
    pub origins: Vec<Origin>,
    /// Values of `origins=` that are not used, and why.
    pub refused_origins: Vec<(String, OriginProblem)>,
    /// `lang=`, as written (negotiate it with `i18n::negotiate`).
    pub lang: Option<String>,
    /// `example=`, when it names an example Ordinal ships.
    pub example: Option<&'static Example>,
    /// `lesson=`, when it names a lesson Ordinal ships.
    pub lesson: Option<&'static Lesson>,
}

impl PageOptions {
    /// Read `location.search` (with or without its `?`). Unknown parameters are ignored.
    pub fn from_query(search: &str) -> PageOptions {
        let mut options = PageOptions::default();
        for (name, value) in form_urlencoded::parse(search.trim_start_matches('?').as_bytes()) {
            let value = value.trim();
            match name.as_ref() {
                "embed" => options.embed = matches!(value, "" | "1" | "true" | "yes"),
                "panels" => {
                    let panels = options.panels.get_or_insert_with(Vec::new);
                    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                        match Panel::parse(part) {
                            Some(panel) if !panels.contains(&panel) => panels.push(panel),
                            Some(_) => {}
                            None => options.unknown_panels.push(part.to_owned()),
                        }
                    }
                }
                "origins" | "origin" => {
                    for part in value.split([',', ' ']).filter(|p| !p.is_empty()) {
                        match Origin::parse(part) {
                            Ok(origin) if !options.origins.contains(&origin) => {
                                options.origins.push(origin)
                            }
                            Ok(_) => {}
                            Err(problem) => {
                                options.refused_origins.push((part.to_owned(), problem))
                            }
                        }
                    }
                }
                "lang" if !value.is_empty() => options.lang = Some(value.to_owned()),
                "example" => options.example = example(value),
                "lesson" => options.lesson = lesson(value),
                _ => {}
            }
        }
        if options.panels.as_ref().is_some_and(Vec::is_empty) {
            options.panels = None;
        }
        options
    }

    /// Whether a message from `origin` (`MessageEvent.origin`) may drive the page:
    /// only an exact match with an origin the host page listed.
    pub fn allows(&self, origin: &str) -> bool {
        Origin::parse(origin).is_ok_and(|o| self.origins.contains(&o))
    }

    /// Whether `panel` is shown.
    pub fn shows(&self, panel: Panel) -> bool {
        self.panels.as_ref().is_none_or(|p| p.contains(&panel))
    }
}

/// A request from the host page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum Request {
    /// Put this manifest in the editor (the student's own text stays in history).
    #[serde(rename = "ordinal.load")]
    Load {
        manifest: String,
        #[serde(default)]
        id: Option<u64>,
    },
    /// Throw the cluster away and run the editor's text on a fresh one.
    #[serde(rename = "ordinal.reset")]
    Reset {
        #[serde(default)]
        id: Option<u64>,
    },
    /// Ask for an `ordinal.state` reply.
    #[serde(rename = "ordinal.get-state")]
    GetState {
        #[serde(default)]
        id: Option<u64>,
    },
}

impl Request {
    /// The request's `id`, echoed in the reply so the host can pair them.
    pub fn id(&self) -> Option<u64> {
        match self {
            Request::Load { id, .. } | Request::Reset { id } | Request::GetState { id } => *id,
        }
    }
}

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// Longer than [`MAX_REQUEST_BYTES`].
    TooLarge,
    /// Not one of the requests above (the JSON parser's words).
    Malformed(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::TooLarge => write!(f, "request larger than {MAX_REQUEST_BYTES} bytes"),
            RequestError::Malformed(why) => write!(f, "not an Ordinal request: {why}"),
        }
    }
}

impl std::error::Error for RequestError {}

/// Read a request from the JSON text of `MessageEvent.data` (`JSON.stringify` of it).
/// Call this only for an origin that [`PageOptions::allows`].
pub fn parse_request(json: &str) -> Result<Request, RequestError> {
    if json.len() > MAX_REQUEST_BYTES {
        return Err(RequestError::TooLarge);
    }
    let malformed = |e: serde_json::Error| RequestError::Malformed(e.to_string());
    let value: serde_json::Value = serde_json::from_str(json).map_err(malformed)?;
    // Only a JSON object is a request (serde would also read `["ordinal.reset"]`).
    if !value.is_object() {
        return Err(RequestError::Malformed(
            "a request is a JSON object".to_owned(),
        ));
    }
    // Decoded through the app's one `Deserializer`: no second copy of serde's
    // generated code, instantiated for `serde_json::Value`, ships in the wasm.
    crate::yaml::from_json(&value).map_err(|e| RequestError::Malformed(e.to_string()))
}

/// A pod as the state reply lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PodState {
    pub name: String,
    pub phase: String,
    pub ready: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// A lesson's progress as the state reply shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LessonState {
    pub id: String,
    /// The step the student is on (0-based), absent once finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    pub finished: bool,
}

/// A message to the host page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum Reply {
    /// Sent once the app runs, to each allowed origin.
    #[serde(rename = "ordinal.ready")]
    Ready { version: &'static str },
    /// A request was carried out.
    #[serde(rename = "ordinal.ok")]
    Ok {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<u64>,
    },
    /// A request was refused.
    #[serde(rename = "ordinal.error")]
    Error {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<u64>,
        message: String,
    },
    /// The playground's state.
    #[serde(rename = "ordinal.state")]
    State {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<u64>,
        /// The editor's text.
        manifest: String,
        /// Every object the user declared, as `kind/name` (`StatefulSet/giropops`).
        objects: Vec<String>,
        /// The pods of the student's workloads: every namespace but `kube-system`,
        /// where the cluster runs its own (CoreDNS).
        pods: Vec<PodState>,
        /// Simulated milliseconds since the cluster started.
        time_millis: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        lesson: Option<LessonState>,
    },
}

impl Reply {
    /// The reply as JSON, for `postMessage` (the host reads it with `JSON.parse`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"type\":\"ordinal.error\"}".to_owned())
    }

    /// The `ordinal.state` reply for the cluster, the editor's text and a lesson run.
    pub fn state(
        id: Option<u64>,
        c: &Cluster,
        manifest: &str,
        lesson: Option<&LessonRun>,
    ) -> Reply {
        let objects = c
            .store()
            .iter()
            .filter(|(_, stored)| stored.applied.is_some())
            .map(|(key, _)| format!("{}/{}", key.kind, key.name))
            .collect();
        let pods = c
            .store()
            .list::<Pod>(None)
            .filter(|(key, _)| key.namespace != SYSTEM_NAMESPACE)
            .map(|(key, pod)| PodState {
                name: key.name.to_string(),
                phase: crate::engine::controllers::kubelet::phase(pod).to_owned(),
                ready: crate::engine::controllers::kubelet::is_ready(pod),
                node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
            })
            .collect();
        Reply::State {
            id,
            manifest: manifest.to_owned(),
            objects,
            pods,
            time_millis: c.now().as_millis(),
            lesson: lesson.map(|run| LessonState {
                id: run.lesson.clone(),
                step: run.current(),
                finished: run.is_finished(),
            }),
        }
    }
}
