//! `kubectl delete`: by name, `TYPE/NAME`, `-l`, `--all` or `-f FILE`, with
//! `--cascade=orphan` to keep dependents. Like kubectl (`--wait=true`), it returns
//! only once the objects are gone, so the simulated clock runs while pods stop.

use super::apply;
use super::change::{Change, ChangeAction};
use super::error::{CommandError, Result};
use super::flags::{self, Flag};
use super::get::{self, Selector, Target};
use super::printers;
use super::resources::{self, ResourceType};
use super::{namespace_of, Ctx};
use crate::engine::ObjectKey;
use crate::manifest;

const FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("filename", Some('f')),
    flags::value("selector", Some('l')),
    flags::value("cascade", None),
    flags::value("wait", None),
    flags::value("output", Some('o')),
    flags::switch("all", None),
    flags::switch("all-namespaces", Some('A')),
];

/// How long `delete` waits for objects to go (pods stop within their grace period).
const WAIT_MILLIS: u64 = 60_000;

/// `kubectl delete`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, FLAGS, "delete")?;
    let namespace = namespace_of(&args);
    let orphan = match args.value("cascade").unwrap_or("background") {
        "background" | "foreground" | "true" => false,
        "orphan" | "false" => true,
        other => {
            return Err(CommandError::usage(format!(
                "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            )))
        }
    };
    let wait = args.value("wait").is_none_or(|w| w != "false");
    let names_only = args.value("output") == Some("name");
    let targets = targets(ctx, &args, &namespace)?;

    let mut deleted = Vec::new();
    for (rt, key) in targets {
        let Some(before) = ctx.snapshot(&key) else {
            if rt.kind == "Endpoints"
                && get::find(ctx.cluster, rt, &key.namespace, &key.name).is_ok()
            {
                // The endpoints controller writes it again at once, as on a real cluster.
                print_deleted(ctx, rt, &key, names_only);
                continue;
            }
            ctx.report(&CommandError::not_found(rt.resource(), &key.name));
            continue;
        };
        let result = if orphan {
            ctx.cluster.delete_orphaning(&key)
        } else {
            ctx.cluster.delete(&key)
        };
        match result {
            Ok(()) => {
                print_deleted(ctx, rt, &key, names_only);
                ctx.out.changes.push(Change {
                    kind: key.kind,
                    namespace: key.namespace.to_string(),
                    name: key.name.to_string(),
                    action: ChangeAction::Deleted,
                });
                // A controller may recreate the name at once (a StatefulSet pod): wait
                // for this object, known by its uid, to be gone.
                deleted.push((key, before.metadata().uid.clone()));
            }
            Err(error) => ctx.report(&error.into()),
        }
    }
    if wait && !deleted.is_empty() {
        let deadline = ctx.cluster.now().plus_millis(WAIT_MILLIS);
        let still_there = |ctx: &Ctx, (key, uid): &(ObjectKey, Option<String>)| {
            ctx.cluster
                .store()
                .get(key)
                .is_some_and(|s| s.object.metadata().uid == *uid)
        };
        while deleted.iter().any(|d| still_there(ctx, d)) && ctx.cluster.now() < deadline {
            let step = ctx
                .cluster
                .next_wakeup()
                .map_or(1000, |w| w.millis_since(ctx.cluster.now()).max(1));
            ctx.cluster
                .advance(step.min(deadline.millis_since(ctx.cluster.now())));
        }
    }
    if ctx.failed() {
        Err(CommandError::Reported)
    } else {
        Ok(())
    }
}

fn print_deleted(ctx: &mut Ctx, rt: &ResourceType, key: &ObjectKey, names_only: bool) {
    if names_only {
        ctx.print(&format!("{}\n", rt.object_name(&key.name)));
    } else if rt.namespaced {
        ctx.print(&format!(
            "{} {:?} deleted from {} namespace\n",
            rt.qualified(),
            key.name,
            key.namespace
        ));
    } else {
        ctx.print(&format!("{} {:?} deleted\n", rt.qualified(), key.name));
    }
}

/// The objects the arguments name, in order.
fn targets(
    ctx: &mut Ctx,
    args: &flags::Args,
    namespace: &str,
) -> Result<Vec<(&'static ResourceType, ObjectKey)>> {
    let key = |rt: &'static ResourceType, ns: &str, name: &str| {
        ObjectKey::from_parts(rt.kind, if rt.namespaced { ns } else { "" }, name)
    };
    let files = args.values("filename");
    if !files.is_empty() {
        let mut out = Vec::new();
        for path in files {
            let text = apply::read(ctx, path)?;
            let parsed = manifest::parse(&text);
            if let Some(error) = parsed.errors.into_iter().next() {
                return Err(CommandError::Manifest {
                    file: path.clone(),
                    error,
                });
            }
            for document in parsed.documents {
                let object = document.object;
                let Some(rt) = resources::of_kind(object.kind()) else {
                    continue;
                };
                let ns = object
                    .metadata()
                    .namespace
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| namespace.to_owned());
                out.push((rt, key(rt, &ns, object.name())));
            }
        }
        return Ok(out);
    }
    if args.positional.is_empty() {
        return Err(CommandError::usage(
            "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        ));
    }
    match get::target(&args.positional, false)? {
        Target::Names(names) => Ok(names
            .into_iter()
            .map(|(rt, name)| (rt, key(rt, namespace, &name)))
            .collect()),
        Target::Types(types) => {
            let selector = args.value("selector").map(Selector::parse).transpose()?;
            if selector.is_none() && !args.on("all") {
                return Err(CommandError::usage(
                    "resource(s) were provided, but no name was specified",
                ));
            }
            let scope = (!args.on("all-namespaces")).then_some(namespace);
            let mut out = Vec::new();
            for rt in types {
                for item in printers::list(ctx.cluster, rt, scope) {
                    if selector.as_ref().is_none_or(|s| s.matches(item.labels())) {
                        out.push((rt, key(rt, &item.namespace, &item.name)));
                    }
                }
            }
            if out.is_empty() {
                ctx.warn("No resources found\n");
            }
            Ok(out)
        }
    }
}
