//! The DNS panel: every record the cluster's DNS serves, and a lookup from inside a
//! pod that shows each name its resolver tries along the search path, the answer,
//! and why a per-pod name does not resolve.

use crate::engine::dns::{self, Rcode, Record, RecordType};
use crate::engine::{Cluster, DEFAULT_NAMESPACE};
use crate::i18n::Message;

/// One DNS record as dig prints it: the engine's own, so that a lookup can run among
/// the records a view already holds.
pub type RecordView = Record;

/// Every record, sorted by name, type and data.
pub fn records(c: &Cluster) -> Vec<RecordView> {
    dns::records(c)
}

/// One name the resolver tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptView {
    pub name: String,
    /// `NOERROR` or `NXDOMAIN`, as dig prints the status.
    pub status: &'static str,
    /// The records of the answer (`data` fields), empty when none.
    pub answers: Vec<String>,
}

/// A lookup as a pod's resolver runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupView {
    /// The pod the query is made from, or `None` for a pod-less query in `namespace`.
    pub from_pod: Option<String>,
    pub namespace: String,
    pub query: String,
    pub type_: &'static str,
    /// The `search` line of the pod's `/etc/resolv.conf`.
    pub search: Vec<String>,
    /// Every name tried, in order; the walk stops at the first with records.
    pub attempts: Vec<AttemptView>,
    /// The records that answered, empty when nothing did.
    pub answer: Vec<String>,
    /// The name that answered.
    pub answered_name: Option<String>,
    /// Why a per-pod name (`giropops-1.nginx`) did not resolve, in plain words.
    pub why_not: Option<Message>,
}

/// Resolve `query` (a record type `A` unless it reads like `SRV _web._tcp.nginx`) from
/// the pod `from_pod` in `namespace`.
pub fn lookup(
    c: &Cluster,
    namespace: &str,
    from_pod: Option<&str>,
    query: &str,
    type_: RecordType,
) -> LookupView {
    lookup_among(c, &dns::records(c), namespace, from_pod, query, type_)
}

/// [`lookup`] among `records`, the cluster's records now (a view's `records`): at a
/// thousand pods, building them again for each lookup cost more than the lookup.
pub fn lookup_among(
    c: &Cluster,
    records: &[Record],
    namespace: &str,
    from_pod: Option<&str>,
    query: &str,
    type_: RecordType,
) -> LookupView {
    let namespace = if namespace.is_empty() {
        DEFAULT_NAMESPACE
    } else {
        namespace
    };
    let query = query.trim();
    let resolution = dns::resolve_among(c, records, namespace, query, type_);
    let attempts: Vec<AttemptView> = resolution
        .attempts
        .iter()
        .map(|a| AttemptView {
            name: a.name.clone(),
            status: match a.rcode {
                Rcode::NoError => "NOERROR",
                Rcode::NxDomain => "NXDOMAIN",
            },
            answers: a.records.iter().map(|r| r.data.clone()).collect(),
        })
        .collect();
    let answered = resolution.attempts.iter().find(|a| !a.records.is_empty());
    let why_not = if answered.is_none() {
        // Explain with the first fully qualified candidate of the search walk.
        resolution
            .attempts
            .iter()
            .find_map(|a| dns::why_unresolved_reason(c, &a.name))
            .map(|r| r.message())
    } else {
        None
    };
    LookupView {
        from_pod: from_pod.map(str::to_owned),
        namespace: namespace.to_owned(),
        query: query.to_owned(),
        type_: type_.as_str(),
        search: dns::search_path(namespace),
        answer: answered
            .map(|a| a.records.iter().map(|r| r.data.clone()).collect())
            .unwrap_or_default(),
        answered_name: answered.map(|a| a.name.clone()),
        attempts,
        why_not,
    }
}
