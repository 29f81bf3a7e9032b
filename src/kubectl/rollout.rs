//! `kubectl rollout status|history|restart|undo` for StatefulSets and Deployments.
//! `status` watches as kubectl does, so the simulated clock runs until the rollout is
//! done; `undo` goes back through the set's ControllerRevisions, or the Deployment's
//! ReplicaSets, as kubectl's rollbackers do; `restart` stamps the template annotation
//! `kubectl.kubernetes.io/restartedAt` with the simulated clock's time.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{ControllerRevision, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::PodTemplateSpec;

use super::describe;
use super::edit::update;
use super::error::{CommandError, Result};
use super::flags::{self, Flag};
use super::get::{self, Target};
use super::resources::ResourceType;
use super::table::DESCRIBE;
use super::time::parse_duration;
use super::{namespace_of, Ctx};
use crate::engine::{Cluster, Object, ObjectKey};

const FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("watch", Some('w')),
    flags::value("timeout", None),
    flags::value("revision", None),
    flags::value("to-revision", None),
];

/// How long `rollout status` watches at most when no `--timeout` is given.
const STATUS_WATCH_MILLIS: u64 = 10 * 60 * 1000;

/// `kubectl rollout SUBCOMMAND TYPE/NAME`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let Some(sub) = words.first().map(String::as_str) else {
        return Err(CommandError::usage(
            "you must specify a subcommand: status, history, restart or undo",
        ));
    };
    if !matches!(
        sub,
        "status" | "history" | "restart" | "undo" | "pause" | "resume"
    ) {
        return Err(CommandError::usage(format!(
            "unknown command {sub:?} for \"kubectl rollout\""
        )));
    }
    let command = format!("rollout {sub}");
    let args = flags::parse(&words[1..], FLAGS, &command)?;
    let namespace = namespace_of(&args);
    let targets = match get::target(&args.positional, false) {
        Ok(Target::Names(names)) => names,
        Ok(Target::Types(_)) | Err(_) if args.positional.is_empty() => {
            return Err(CommandError::usage("required resource not specified"))
        }
        Ok(Target::Types(_)) => {
            return Err(CommandError::usage(
                "resource(s) were provided, but no name was specified",
            ))
        }
        Err(error) => return Err(error),
    };
    for (rt, name) in targets {
        let key = ObjectKey::from_parts(rt.kind, &namespace, &name);
        if !matches!(rt.kind, "StatefulSet" | "Deployment") {
            let message = format!(
                "no {sub} has been implemented for {{\"{}\" {:?}}}",
                rt.group, rt.kind
            );
            ctx.report(&CommandError::usage(message));
            continue;
        }
        if ctx.cluster.store().get(&key).is_none() {
            ctx.report(&CommandError::not_found(rt.resource(), &name));
            continue;
        }
        let result = match sub {
            "status" => status(ctx, &key, &args),
            "history" => history(ctx, rt, &key, &args),
            "restart" => restart(ctx, rt, &key),
            "undo" => undo(ctx, rt, &key, &args),
            _ => Err(CommandError::usage(format!(
                "{} {name:?} {}ing is not supported",
                rt.resource(),
                sub.trim_end_matches('e')
            ))),
        };
        if let Err(error) = result {
            ctx.report(&error);
        }
    }
    if ctx.failed() {
        Err(CommandError::Reported)
    } else {
        Ok(())
    }
}

/// One line of `rollout status` for a StatefulSet and whether the rollout is done
/// (kubectl's `StatefulSetStatusViewer`).
pub fn status_line(sts: &StatefulSet) -> Result<(String, bool)> {
    let spec = sts.spec.clone().unwrap_or_default();
    let status = sts.status.clone().unwrap_or_default();
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    if strategy.type_.as_deref().unwrap_or("RollingUpdate") != "RollingUpdate" {
        return Err(CommandError::usage(
            "rollout status is only available for RollingUpdate strategy type",
        ));
    }
    let observed = status.observed_generation.unwrap_or(0);
    if observed == 0 || sts.metadata.generation.unwrap_or(0) > observed {
        return Ok((
            "Waiting for statefulset spec update to be observed...".to_owned(),
            false,
        ));
    }
    let replicas = spec.replicas;
    let ready = status.ready_replicas.unwrap_or(0);
    let updated = status.updated_replicas.unwrap_or(0);
    if let Some(replicas) = replicas.filter(|r| ready < *r) {
        return Ok((
            format!("Waiting for {} pods to be ready...", replicas - ready),
            false,
        ));
    }
    if let Some(rolling) = strategy.rolling_update {
        if let (Some(replicas), Some(partition)) = (replicas, rolling.partition) {
            if updated < replicas - partition {
                return Ok((
                    format!(
                        "Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...",
                        replicas - partition
                    ),
                    false,
                ));
            }
        }
        return Ok((
            format!("partitioned roll out complete: {updated} new pods have been updated..."),
            true,
        ));
    }
    let update_revision = status.update_revision.unwrap_or_default();
    let current_revision = status.current_revision.unwrap_or_default();
    if update_revision != current_revision {
        return Ok((
            format!("waiting for statefulset rolling update to complete {updated} pods at revision {update_revision}..."),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {current_revision}...",
            status.current_replicas.unwrap_or(0)
        ),
        true,
    ))
}

/// One line of `rollout status` for a Deployment and whether the rollout is done
/// (kubectl's `DeploymentStatusViewer`).
pub fn deployment_status_line(deploy: &Deployment) -> Result<(String, bool)> {
    let name = deploy.metadata.name.as_deref().unwrap_or("");
    let status = deploy.status.clone().unwrap_or_default();
    if deploy.metadata.generation.unwrap_or(0) > status.observed_generation.unwrap_or(0) {
        return Ok((
            "Waiting for deployment spec update to be observed...".to_owned(),
            false,
        ));
    }
    let timed_out = status.conditions.iter().flatten().any(|c| {
        c.type_ == "Progressing" && c.reason.as_deref() == Some("ProgressDeadlineExceeded")
    });
    if timed_out {
        return Err(CommandError::usage(format!(
            "deployment {name:?} exceeded its progress deadline"
        )));
    }
    let replicas = deploy.spec.as_ref().and_then(|s| s.replicas);
    let updated = status.updated_replicas.unwrap_or(0);
    let total = status.replicas.unwrap_or(0);
    let available = status.available_replicas.unwrap_or(0);
    let waiting = |what: String| {
        Ok((
            format!("Waiting for deployment {name:?} rollout to finish: {what}..."),
            false,
        ))
    };
    if let Some(replicas) = replicas.filter(|r| updated < *r) {
        return waiting(format!(
            "{updated} out of {replicas} new replicas have been updated"
        ));
    }
    if total > updated {
        return waiting(format!(
            "{} old replicas are pending termination",
            total - updated
        ));
    }
    if available < updated {
        return waiting(format!(
            "{available} of {updated} updated replicas are available"
        ));
    }
    Ok((format!("deployment {name:?} successfully rolled out"), true))
}

/// `rollout status`: print each new status line while the clock runs, until done.
fn status(ctx: &mut Ctx, key: &ObjectKey, args: &flags::Args) -> Result<()> {
    let watch = args.value("watch").is_none_or(|w| w != "false");
    let bound = match args.value("timeout") {
        Some(text) if text != "0s" && text != "0" => parse_duration(text).ok_or_else(|| {
            CommandError::usage(format!("invalid argument {text:?} for \"--timeout\" flag"))
        })?,
        _ => STATUS_WATCH_MILLIS,
    };
    let deadline = ctx.cluster.now().plus_millis(bound);
    let mut last = String::new();
    loop {
        let (line, done) = match key.kind {
            "Deployment" => match ctx.cluster.get::<Deployment>(&key.namespace, &key.name) {
                Some(deploy) => deployment_status_line(deploy)?,
                None => return Err(CommandError::usage("object has been deleted")),
            },
            _ => match ctx.cluster.get::<StatefulSet>(&key.namespace, &key.name) {
                Some(sts) => status_line(sts)?,
                None => return Err(CommandError::usage("object has been deleted")),
            },
        };
        if line != last {
            ctx.print(&format!("{line}\n"));
            last = line;
        }
        if done || !watch {
            return Ok(());
        }
        let now = ctx.cluster.now();
        match ctx.cluster.next_wakeup() {
            Some(wake) if wake <= deadline => ctx.cluster.advance(wake.millis_since(now)),
            _ => {
                // Nothing left to happen (or not before the deadline): a real watch
                // would wait until the timeout.
                ctx.cluster.advance(deadline.millis_since(now));
                return Err(CommandError::usage("timed out waiting for the condition"));
            }
        }
    }
}

/// One entry of a workload's history: a pod template and why it was made.
struct Revision {
    template: Option<PodTemplateSpec>,
    cause: Option<String>,
}

/// The workload's history by revision number: a StatefulSet's ControllerRevisions,
/// or a Deployment's ReplicaSets (their `deployment.kubernetes.io/revision`).
fn revisions(c: &Cluster, key: &ObjectKey) -> BTreeMap<i64, Revision> {
    let Some(uid) = c
        .store()
        .get(key)
        .and_then(|s| s.object.metadata().uid.clone())
    else {
        return BTreeMap::new();
    };
    let controlled = |meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        meta.owner_references
            .iter()
            .flatten()
            .any(|o| o.uid == uid && o.controller == Some(true))
    };
    let cause = |meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        meta.annotations
            .as_ref()
            .and_then(|a| a.get("kubernetes.io/change-cause"))
            .cloned()
    };
    if key.kind == "Deployment" {
        return c
            .store()
            .list::<ReplicaSet>(Some(&key.namespace))
            .filter(|(_, rs)| controlled(&rs.metadata))
            .filter_map(|(_, rs)| {
                let number = rs
                    .metadata
                    .annotations
                    .as_ref()?
                    .get("deployment.kubernetes.io/revision")?
                    .parse()
                    .ok()?;
                // The template as the Deployment wrote it: without the hash label.
                let mut template = rs.spec.as_ref()?.template.clone()?;
                if let Some(labels) = template.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
                    labels.remove("pod-template-hash");
                }
                let revision = Revision {
                    template: Some(template),
                    cause: cause(&rs.metadata),
                };
                Some((number, revision))
            })
            .collect();
    }
    c.store()
        .list::<ControllerRevision>(Some(&key.namespace))
        .filter(|(_, r)| controlled(&r.metadata))
        .map(|(_, r)| {
            let revision = Revision {
                template: revision_template(r),
                cause: cause(&r.metadata),
            };
            (r.revision, revision)
        })
        .collect()
}

/// The pod template a ControllerRevision stores.
fn revision_template(revision: &ControllerRevision) -> Option<PodTemplateSpec> {
    let data = &revision.data.as_ref()?.0;
    crate::yaml::from_json(data.get("spec")?.get("template")?).ok()
}

/// The pod template of a StatefulSet or Deployment, to change in place.
fn template_mut(object: &mut Object) -> Option<&mut PodTemplateSpec> {
    match object {
        Object::StatefulSet(sts) => sts.spec.as_mut().map(|s| &mut s.template),
        Object::Deployment(deploy) => deploy.spec.as_mut().map(|s| &mut s.template),
        _ => None,
    }
}

/// `rollout history`: the revisions, or one revision's pod template.
fn history(ctx: &mut Ctx, rt: &ResourceType, key: &ObjectKey, args: &flags::Args) -> Result<()> {
    let revisions = revisions(ctx.cluster, key);
    let wanted: i64 = match args.value("revision") {
        Some(text) => text.parse().map_err(|_| {
            CommandError::usage(format!("invalid argument {text:?} for \"--revision\" flag"))
        })?,
        None => 0,
    };
    let name = rt.object_name(&key.name);
    if revisions.is_empty() {
        ctx.print(&format!("{name} \nNo rollout history found.\n"));
        return Ok(());
    }
    if wanted > 0 {
        let Some(revision) = revisions.get(&wanted) else {
            return Err(CommandError::usage("unable to find the specified revision"));
        };
        let template = revision.template.clone().unwrap_or_default();
        let text = describe::pod_template(&template, 0);
        ctx.print(&format!(
            "{name} with revision #{wanted}\n{}\n",
            DESCRIBE.format(&text)
        ));
        return Ok(());
    }
    let mut text = String::from("REVISION\tCHANGE-CAUSE\n");
    for (number, revision) in &revisions {
        let cause = revision
            .cause
            .clone()
            .unwrap_or_else(|| "<none>".to_owned());
        text.push_str(&format!("{number}\t{cause}\n"));
    }
    ctx.print(&format!("{name} \n{}\n", DESCRIBE.format(&text)));
    Ok(())
}

/// `rollout restart`: a new template annotation makes a new revision, so every pod
/// is replaced by the rolling update.
fn restart(ctx: &mut Ctx, rt: &ResourceType, key: &ObjectKey) -> Result<()> {
    let stamp = ctx.cluster.timestamp(ctx.cluster.now());
    let stamp = serde_json::to_value(&stamp)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    update(ctx, key, |object| {
        if let Some(template) = template_mut(object) {
            template
                .metadata
                .get_or_insert_with(Default::default)
                .annotations
                .get_or_insert_with(BTreeMap::new)
                .insert(
                    "kubectl.kubernetes.io/restartedAt".to_owned(),
                    stamp.clone(),
                );
        }
        Ok(())
    })?;
    ctx.print(&format!("{} restarted\n", rt.object_name(&key.name)));
    Ok(())
}

/// `rollout undo [--to-revision=N]`: put back the template of an earlier revision
/// (by default the one before the newest).
fn undo(ctx: &mut Ctx, rt: &ResourceType, key: &ObjectKey, args: &flags::Args) -> Result<()> {
    let to: i64 = match args.value("to-revision") {
        Some(text) => text.parse().map_err(|_| {
            CommandError::usage(format!(
                "invalid argument {text:?} for \"--to-revision\" flag"
            ))
        })?,
        None => 0,
    };
    let revisions = revisions(ctx.cluster, key);
    let chosen = if to == 0 {
        if revisions.len() <= 1 {
            return Err(CommandError::usage("no last revision to roll back to"));
        }
        revisions.iter().rev().nth(1)
    } else {
        revisions.get_key_value(&to)
    };
    let Some((&number, revision)) = chosen else {
        return Err(CommandError::usage(format!(
            "unable to find specified revision {to} in history"
        )));
    };
    let Some(template) = revision.template.clone() else {
        return Err(CommandError::usage(format!(
            "unable to find specified revision {to} in history"
        )));
    };
    let current = ctx
        .cluster
        .store()
        .get(key)
        .and_then(|s| template_mut(&mut s.object.clone()).cloned());
    if current.as_ref() == Some(&template) {
        ctx.print(&format!(
            "{} skipped rollback (current template already matches revision {number})\n",
            rt.object_name(&key.name)
        ));
        return Ok(());
    }
    update(ctx, key, |object| {
        if let Some(current) = template_mut(object) {
            *current = template.clone();
        }
        Ok(())
    })?;
    ctx.print(&format!("{} rolled back\n", rt.object_name(&key.name)));
    Ok(())
}
