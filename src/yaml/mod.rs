//! Ordinal's one YAML reader: text in, a tree of positioned nodes, and any serde type
//! out of that tree, with the field path and place of every mistake.
//!
//! Every YAML text the app reads — manifests, lesson files, locale files, kubectl
//! patches — goes through here, so the browser carries a single YAML parser
//! (`saphyr-parser`) and a single `serde::Deserializer`, whose code is generated once
//! per decoded type. It knows nothing of Kubernetes: field rules, kinds and wording
//! belong to the callers.

mod de;
mod input;
mod tree;

pub use de::{decode, from_json, from_str, Decoded, Error, Ignored, Step};
pub use tree::{
    parse, Children, Data, Entry, Mark, Node, NodeId, NodeKind, SyntaxError, Tree,
    MAX_ALIAS_EXPANSION,
};

mod write;

pub use write::scalar;
