//! `kubectl events [--for KIND/NAME] [-A] [--types=Warning]`: the event log oldest
//! first, as kubectl's events command sorts it, with `Kind/name` objects and
//! repeated events as `10s (x3 over 2m)`.

use super::error::{CommandError, Result};
use super::flags::{self, Flag};
use super::printers::age;
use super::resources;
use super::table::Table;
use super::{namespace_of, Ctx};
use crate::engine::DEFAULT_NAMESPACE;

const FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("for", None),
    flags::value("types", None),
    flags::switch("all-namespaces", Some('A')),
    flags::switch("watch", Some('w')),
];

/// `kubectl events`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, FLAGS, "events")?;
    if args.on("watch") {
        return Err(CommandError::usage(
            "--watch is not simulated by Ordinal: run the command again, or `sleep 5s` first",
        ));
    }
    let all = args.on("all-namespaces");
    let namespace = namespace_of(&args);
    let target = match args.value("for") {
        Some(text) => {
            let (kind, name) = text.split_once('/').ok_or_else(|| {
                CommandError::usage(format!("--for must be in resource/name form, got {text:?}"))
            })?;
            let rt = resources::lookup(kind)?;
            Some((rt.kind, name.to_owned()))
        }
        None => None,
    };
    let types: Vec<String> = args
        .value("types")
        .map(|t| t.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    for t in &types {
        if t != "Normal" && t != "Warning" {
            return Err(CommandError::usage(format!(
                "valid --types are Normal or Warning, got {t:?}"
            )));
        }
    }
    let now = ctx.cluster.now();
    let mut events: Vec<_> = ctx
        .cluster
        .events()
        .all()
        .iter()
        .filter(|e| {
            let ns = if e.object.namespace.is_empty() {
                DEFAULT_NAMESPACE
            } else {
                e.object.namespace.as_str()
            };
            all || ns == namespace
        })
        .filter(|e| {
            target
                .as_ref()
                .is_none_or(|(kind, name)| e.object.kind == *kind && e.object.name == *name)
        })
        .filter(|e| types.is_empty() || types.iter().any(|t| t == e.type_.as_str()))
        .cloned()
        .collect();
    if events.is_empty() {
        if all {
            ctx.warn("No events found.\n");
        } else {
            ctx.warn(&format!("No events found in {namespace} namespace.\n"));
        }
        return Ok(());
    }
    // Oldest first by last sighting; the log's order breaks ties.
    events.sort_by_key(|e| e.last_seen);
    let mut headers = Vec::new();
    if all {
        headers.push("NAMESPACE");
    }
    headers.extend(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
    let mut table = Table::new(&headers);
    for event in events {
        let seen = if event.count > 1 {
            format!(
                "{} (x{} over {})",
                age(now, event.last_seen),
                event.count,
                age(now, event.first_seen)
            )
        } else {
            age(now, event.first_seen)
        };
        let mut row = Vec::new();
        if all {
            row.push(if event.object.namespace.is_empty() {
                DEFAULT_NAMESPACE.to_owned()
            } else {
                event.object.namespace.to_string()
            });
        }
        row.extend([
            seen,
            event.type_.as_str().to_owned(),
            event.reason.to_owned(),
            format!("{}/{}", event.object.kind, event.object.name),
            event.message.trim().to_owned(),
        ]);
        table.row(row);
    }
    ctx.print(&table.render());
    Ok(())
}
