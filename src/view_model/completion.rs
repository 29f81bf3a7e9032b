//! Tab completion for the terminal: kubectl verbs, resource types and the names of
//! the objects the cluster has now, completed as far as they agree.

use super::{ClusterView, PodStage};

/// kubectl verbs a student of the course uses.
const VERBS: &[&str] = &[
    "apply", "cordon", "create", "delete", "describe", "drain", "events", "exec", "expose", "get",
    "logs", "rollout", "run", "scale", "set", "uncordon",
];

/// Resource types with kubectl's short names, and which names they complete to.
const TYPES: &[(&str, Kind)] = &[
    ("pods", Kind::Pod),
    ("pod", Kind::Pod),
    ("po", Kind::Pod),
    ("statefulsets", Kind::StatefulSet),
    ("statefulset", Kind::StatefulSet),
    ("sts", Kind::StatefulSet),
    ("services", Kind::Service),
    ("service", Kind::Service),
    ("svc", Kind::Service),
    ("persistentvolumeclaims", Kind::Claim),
    ("pvc", Kind::Claim),
    ("persistentvolumes", Kind::Volume),
    ("pv", Kind::Volume),
    ("endpoints", Kind::Service),
    ("endpointslices", Kind::None),
    ("nodes", Kind::Node),
    ("node", Kind::Node),
    ("no", Kind::Node),
    ("events", Kind::None),
    ("storageclasses", Kind::None),
    ("controllerrevisions", Kind::None),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pod,
    StatefulSet,
    Service,
    Claim,
    Volume,
    Node,
    None,
}

/// What pressing Tab does to a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The line with its last word completed as far as every option agrees.
    pub line: String,
    /// Every option when more than one fits (to list under the prompt).
    pub options: Vec<String>,
}

/// Complete the last word of `line` from the verbs, types and names of `view`.
pub fn complete(line: &str, view: &ClusterView) -> Completion {
    let words: Vec<&str> = line.split_whitespace().collect();
    let partial = if line.ends_with(char::is_whitespace) || line.is_empty() {
        ""
    } else {
        words.last().copied().unwrap_or("")
    };
    let before: Vec<&str> = words[..words.len() - usize::from(!partial.is_empty())]
        .iter()
        .copied()
        .filter(|w| *w != "kubectl")
        .collect();
    let candidates: Vec<String> = if let Some((type_, name)) = partial.split_once('/') {
        names(view, kind_of(type_))
            .into_iter()
            .filter(|n| n.starts_with(name))
            .map(|n| format!("{type_}/{n}"))
            .collect()
    } else {
        match before.as_slice() {
            [] => words_starting(VERBS.iter().copied(), partial),
            [.., previous] if kind_of(previous) != Kind::None => {
                words_starting(names(view, kind_of(previous)), partial)
            }
            [_, ..] => words_starting(TYPES.iter().map(|(t, _)| *t), partial),
        }
    };
    let head = &line[..line.len() - partial.len()];
    match candidates.as_slice() {
        [] => Completion {
            line: line.to_owned(),
            options: Vec::new(),
        },
        [only] => Completion {
            line: format!("{head}{only} "),
            options: Vec::new(),
        },
        many => {
            let common = common_prefix(many);
            Completion {
                line: format!(
                    "{head}{}",
                    if common.len() > partial.len() {
                        common.as_str()
                    } else {
                        partial
                    }
                ),
                options: many.to_vec(),
            }
        }
    }
}

fn kind_of(word: &str) -> Kind {
    TYPES
        .iter()
        .find(|(t, _)| *t == word)
        .map_or(Kind::None, |(_, k)| *k)
}

fn words_starting(
    words: impl IntoIterator<Item = impl Into<String>>,
    partial: &str,
) -> Vec<String> {
    let mut out: Vec<String> = words
        .into_iter()
        .map(Into::into)
        .filter(|w: &String| w.starts_with(partial))
        .collect();
    out.dedup();
    out
}

fn names(view: &ClusterView, kind: Kind) -> Vec<String> {
    let pods = view
        .statefulsets
        .iter()
        .flat_map(|s| s.pods.iter().map(|p| &**p))
        .chain(view.other_pods.iter())
        .filter(|p| p.stage != PodStage::NotCreated);
    match kind {
        Kind::Pod => pods.map(|p| p.name.clone()).collect(),
        Kind::StatefulSet => view.statefulsets.iter().map(|s| s.name.clone()).collect(),
        Kind::Service => view.services.iter().map(|s| s.name.clone()).collect(),
        Kind::Claim => {
            let mut claims: Vec<String> = pods
                .flat_map(|p| p.claims.iter().map(|c| c.name.clone()))
                .chain(
                    view.statefulsets
                        .iter()
                        .flat_map(|s| s.kept_claims.iter().map(|k| k.claim.name.clone())),
                )
                .collect();
            claims.sort();
            claims.dedup();
            claims
        }
        Kind::Volume => view.volumes.iter().map(|v| v.name.clone()).collect(),
        Kind::Node => view.nodes.iter().map(|n| n.name.clone()).collect(),
        Kind::None => Vec::new(),
    }
}

fn common_prefix(words: &[String]) -> String {
    let first = &words[0];
    let mut end = first.len();
    for word in &words[1..] {
        end = end.min(
            first
                .char_indices()
                .zip(word.chars())
                .find(|((_, a), b)| a != b)
                .map_or(first.len().min(word.len()), |((i, _), _)| i),
        );
    }
    first[..end].to_owned()
}
