//! `kubectl run NAME --image=IMAGE [--rm -it] [-- COMMAND]`: a pod of its own. With
//! `--rm -it` the pod is created, the clock runs until it is Running, the command's
//! output is shown (as `exec` answers it), and the pod is deleted again, so a lesson
//! can look names up "from another pod" exactly as it would on a real cluster.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, Pod, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::error::{CommandError, Result};
use super::exec;
use super::flags::{self, Flag};
use super::{namespace_of, Ctx};
use crate::engine::{ObjectKey, Resource};

const FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("image", None),
    flags::value("restart", None),
    flags::value("labels", Some('l')),
    flags::switch("rm", None),
    flags::switch("stdin", Some('i')),
    flags::switch("tty", Some('t')),
    flags::switch("attach", None),
    flags::switch("command", None),
    flags::switch("quiet", Some('q')),
];

/// How long `run` waits for its pod to start, as kubectl's `--pod-running-timeout`.
const START_MILLIS: u64 = 60_000;

/// `kubectl run`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, FLAGS, "run")?;
    let namespace = namespace_of(&args);
    let Some(name) = args.positional.first().cloned() else {
        return Err(CommandError::usage(
            "NAME is required for run\nSee 'kubectl run -h' for help and examples",
        ));
    };
    let Some(image) = args.value("image").map(str::to_owned) else {
        return Err(CommandError::usage("required flag(s) \"image\" not set"));
    };
    let attach = args.on("stdin") || args.on("attach");
    if args.on("rm") && !attach {
        return Err(CommandError::usage(
            "--rm should only be used for attached containers",
        ));
    }
    let command: Vec<String> = args.command.clone().unwrap_or_default();
    if attach && command.is_empty() {
        return Err(CommandError::usage(
            "Ordinal cannot open an interactive shell; pass the command after --, e.g. kubectl run tmp --rm -it --image=busybox -- nslookup giropops-0.nginx",
        ));
    }
    let key = ObjectKey::new::<Pod>(&namespace, &name);
    if ctx.cluster.store().get(&key).is_some() {
        return Err(CommandError::Raw(format!(
            "Error from server (AlreadyExists): pods {name:?} already exists"
        )));
    }
    let mut labels = BTreeMap::from([("run".to_owned(), name.clone())]);
    if let Some(text) = args.value("labels") {
        labels = text
            .split(',')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    }
    let (container_command, container_args) = if args.on("command") {
        (Some(command.clone()), None)
    } else {
        (None, (!command.is_empty()).then(|| command.clone()))
    };
    let pod = Pod {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            namespace: Some(namespace.clone()),
            labels: Some(labels),
            ..Default::default()
        },
        spec: Some(PodSpec {
            containers: vec![Container {
                name: name.clone(),
                image: Some(image),
                command: container_command,
                args: container_args,
                stdin: attach.then_some(true),
                stdin_once: attach.then_some(true),
                tty: args.on("tty").then_some(true),
                ..Default::default()
            }],
            restart_policy: Some(args.value("restart").unwrap_or("Always").to_owned()),
            ..Default::default()
        }),
        status: None,
    };
    ctx.cluster.apply(pod.into_object())?;
    if !args.on("rm") {
        ctx.record(&key, None);
    }
    if !attach {
        ctx.print(&format!("pod/{name} created\n"));
        return Ok(());
    }
    // kubectl waits for the pod to run before it attaches.
    let deadline = ctx.cluster.now().plus_millis(START_MILLIS);
    while !is_running(ctx, &namespace, &name) && ctx.cluster.now() < deadline {
        let now = ctx.cluster.now();
        let step = ctx
            .cluster
            .next_wakeup()
            .map_or(deadline.millis_since(now), |w| w.millis_since(now).max(1));
        ctx.cluster.advance(step.min(deadline.millis_since(now)));
    }
    if !is_running(ctx, &namespace, &name) {
        return Err(CommandError::usage("timed out waiting for the condition"));
    }
    let result = exec::run_in_pod(ctx, &namespace, &name, None, &command);
    if !args.on("rm") {
        // The command ran to its end: a pod that does not restart its container
        // (`--restart=Never`) is done, `Completed` or `Error`. Under `Always` the
        // engine refuses, and the pod stays as it is.
        let code = match &result {
            Ok(()) => 0,
            Err(CommandError::Exit(code)) => *code,
            Err(_) => 1,
        };
        let _ = ctx.cluster.complete_pod(&namespace, &name, code);
    }
    if args.on("rm") {
        ctx.cluster.delete(&key)?;
        while ctx.cluster.store().get(&key).is_some() {
            let now = ctx.cluster.now();
            let step = ctx
                .cluster
                .next_wakeup()
                .map_or(1000, |w| w.millis_since(now).max(1));
            ctx.cluster.advance(step);
        }
        ctx.record(&key, None);
        ctx.print(&format!(
            "pod {name:?} deleted from {namespace} namespace\n"
        ));
    }
    match result {
        Err(CommandError::Exit(code)) => {
            let _ = code;
            ctx.print(&format!("pod {namespace}/{name} terminated (Error)\n"));
            Err(CommandError::Reported)
        }
        other => other,
    }
}

fn is_running(ctx: &Ctx, namespace: &str, name: &str) -> bool {
    ctx.cluster
        .get::<Pod>(namespace, name)
        .and_then(|p| p.status.as_ref())
        .and_then(|s| s.phase.as_deref())
        == Some("Running")
}
