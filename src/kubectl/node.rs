//! `kubectl cordon`, `uncordon` and `drain`: node maintenance through the engine's
//! levers. `drain` evicts the node's pods and, like kubectl, returns once they are
//! gone (the StatefulSet controller recreates them elsewhere meanwhile).

use k8s_openapi::api::core::v1::{Node, Pod};

use super::error::{CommandError, Result};
use super::flags::{self, Flag};
use super::Ctx;
use crate::engine::ObjectKey;

const CORDON_FLAGS: &[Flag] = &[flags::value("selector", Some('l'))];

const DRAIN_FLAGS: &[Flag] = &[
    flags::switch("ignore-daemonsets", None),
    flags::switch("delete-emptydir-data", None),
    flags::switch("force", None),
    flags::value("timeout", None),
    flags::value("grace-period", None),
];

/// How long `drain` waits for evicted pods to go.
const DRAIN_WAIT_MILLIS: u64 = 60_000;

fn node_name(ctx: &Ctx, positional: &[String], verb: &str) -> Result<String> {
    let Some(name) = positional.first() else {
        return Err(CommandError::usage(format!(
            "USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"
        )));
    };
    let name = name.strip_prefix("node/").unwrap_or(name).to_owned();
    if ctx.cluster.get::<Node>("", &name).is_none() {
        return Err(CommandError::not_found("nodes", &name));
    }
    Ok(name)
}

fn is_cordoned(ctx: &Ctx, name: &str) -> bool {
    ctx.cluster
        .get::<Node>("", name)
        .and_then(|n| n.spec.as_ref())
        .and_then(|s| s.unschedulable)
        == Some(true)
}

/// `kubectl cordon NODE` / `kubectl uncordon NODE`.
pub fn cordon(ctx: &mut Ctx, words: &[String], cordon: bool) -> Result<()> {
    let verb = if cordon { "cordon" } else { "uncordon" };
    let args = flags::parse(words, CORDON_FLAGS, verb)?;
    let name = node_name(ctx, &args.positional, verb)?;
    if is_cordoned(ctx, &name) == cordon {
        ctx.print(&format!("node/{name} already {verb}ed\n"));
        return Ok(());
    }
    let key = ObjectKey::new::<Node>("", &name);
    let before = ctx.snapshot(&key);
    ctx.cluster.set_node_schedulable(&name, !cordon)?;
    ctx.record(&key, before);
    ctx.print(&format!("node/{name} {verb}ed\n"));
    Ok(())
}

/// `kubectl drain NODE`.
pub fn drain(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, DRAIN_FLAGS, "drain")?;
    let name = node_name(ctx, &args.positional, "drain")?;
    let key = ObjectKey::new::<Node>("", &name);
    let before = ctx.snapshot(&key);
    if !is_cordoned(ctx, &name) {
        ctx.cluster.set_node_schedulable(&name, false)?;
        ctx.print(&format!("node/{name} cordoned\n"));
    } else {
        ctx.print(&format!("node/{name} already cordoned\n"));
    }
    ctx.record(&key, before);
    let pods: Vec<(ObjectKey, bool)> = ctx
        .cluster
        .store()
        .list::<Pod>(None)
        .filter(|(_, p)| {
            p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(name.as_str())
        })
        .filter(|(_, p)| p.metadata.deletion_timestamp.is_none())
        .map(|(k, p)| {
            let managed = p
                .metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.controller == Some(true));
            (k.clone(), managed)
        })
        .collect();
    let unmanaged: Vec<String> = pods
        .iter()
        .filter(|(_, managed)| !managed)
        .map(|(k, _)| format!("{}/{}", k.namespace, k.name))
        .collect();
    if !unmanaged.is_empty() {
        if !args.on("force") {
            let reason = format!(
                "cannot delete Pods that declare no controller (use --force to override): {}",
                unmanaged.join(", ")
            );
            return Err(CommandError::usage(format!(
                "unable to drain node {name:?} due to error: {reason}, continuing command...\nThere are pending nodes to be drained:\n {name}\nerror: {reason}"
            )));
        }
        ctx.warn(&format!(
            "Warning: deleting Pods that declare no controller: {}\n",
            unmanaged.join(", ")
        ));
    }
    for (pod, _) in &pods {
        ctx.print(&format!("evicting pod {}/{}\n", pod.namespace, pod.name));
    }
    ctx.cluster.drain_node(&name)?;
    let deadline = ctx.cluster.now().plus_millis(DRAIN_WAIT_MILLIS);
    let mut waiting: Vec<&ObjectKey> = pods.iter().map(|(k, _)| k).collect();
    while !waiting.is_empty() {
        let gone: Vec<&ObjectKey> = waiting
            .iter()
            .copied()
            .filter(|k| {
                // Gone, or already replaced by a new pod of the same name.
                ctx.cluster
                    .get::<Pod>(&k.namespace, &k.name)
                    .is_none_or(|p| {
                        p.spec.as_ref().and_then(|s| s.node_name.as_deref()) != Some(name.as_str())
                    })
            })
            .collect();
        for pod in &gone {
            ctx.print(&format!("pod/{} evicted\n", pod.name));
        }
        waiting.retain(|k| !gone.contains(k));
        if waiting.is_empty() || ctx.cluster.now() >= deadline {
            break;
        }
        let now = ctx.cluster.now();
        let step = ctx
            .cluster
            .next_wakeup()
            .map_or(1000, |w| w.millis_since(now).max(1));
        ctx.cluster.advance(step.min(deadline.millis_since(now)));
    }
    if !waiting.is_empty() {
        return Err(CommandError::usage(format!(
            "unable to drain node {name:?}: pods are still terminating"
        )));
    }
    ctx.print(&format!("node/{name} drained\n"));
    Ok(())
}
