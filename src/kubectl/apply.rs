//! `kubectl apply -f FILE` and `-f -` (a heredoc): decode the manifests, then hand
//! each object to the engine's `apply`, one `kind.group/name outcome` line each.

use super::error::{CommandError, Result};
use super::flags::{self, Flag};
use super::resources;
use super::Ctx;
use crate::engine::{Cluster, EngineError, ObjectKey};
use crate::manifest;

const FLAGS: &[Flag] = &[flags::NAMESPACE, flags::value("filename", Some('f'))];

/// `kubectl apply`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, FLAGS, "apply")?;
    let paths = args.values("filename").to_vec();
    if paths.is_empty() {
        return Err(CommandError::usage("must specify one of -f and -k"));
    }
    if let Some(extra) = args.positional.first() {
        return Err(CommandError::usage(format!(
            "Unexpected args: [{extra}]\nSee 'kubectl apply -h' for help and examples"
        )));
    }
    let namespace = args.value("namespace").map(str::to_owned);
    for path in paths {
        let text = read(ctx, &path)?;
        apply_into(ctx, &path, &text, namespace.as_deref())?;
    }
    Ok(())
}

/// The text of `-f PATH`: standard input for `-`, else the file.
pub fn read(ctx: &Ctx, path: &str) -> Result<String> {
    if path == "-" {
        return Ok(ctx.stdin.unwrap_or("").to_owned());
    }
    ctx.files.read(path).map_err(CommandError::Usage)
}

/// The source name kubectl uses in messages: `STDIN` for `-`.
fn source(path: &str) -> &str {
    if path == "-" {
        "STDIN"
    } else {
        path
    }
}

fn apply_into(ctx: &mut Ctx, path: &str, text: &str, namespace: Option<&str>) -> Result<()> {
    let parsed = manifest::parse(text);
    if let Some(error) = parsed.errors.into_iter().next() {
        return Err(CommandError::Manifest {
            file: source(path).to_owned(),
            error,
        });
    }
    if parsed.documents.is_empty() {
        return Err(CommandError::usage("no objects passed to apply"));
    }
    for document in parsed.documents {
        let mut object = document.object;
        if let Some(namespace) = namespace.filter(|_| object.is_namespaced()) {
            let meta = object.metadata_mut();
            match meta.namespace.as_deref() {
                Some(own) if !own.is_empty() && own != namespace => {
                    return Err(CommandError::usage(format!(
                        "the namespace from the provided object {own:?} does not match the namespace {namespace:?}. You must pass '--namespace={own}' to perform this operation."
                    )))
                }
                _ => meta.namespace = Some(namespace.to_owned()),
            }
        }
        let label = match resources::of_kind(object.kind()) {
            Some(rt) => rt.object_name(object.name()),
            None => format!("{}/{}", object.resource_name(), object.name()),
        };
        let mut key = ObjectKey::of(&object);
        if object.is_namespaced() && key.namespace.is_empty() {
            key.namespace = crate::engine::DEFAULT_NAMESPACE.into();
        }
        let before = ctx.snapshot(&key);
        match ctx.cluster.apply_merging(object) {
            Ok(outcome) => {
                ctx.print(&format!("{label} {outcome}\n"));
                ctx.record(&key, before);
            }
            Err(error @ EngineError::Invalid { .. }) => return Err(CommandError::Server(error)),
            Err(error) => {
                let verb = if before.is_some() {
                    "applying"
                } else {
                    "creating"
                };
                return Err(CommandError::Raw(format!(
                    "Error from server (NotFound): error when {verb} {:?}: {error}",
                    source(path)
                )));
            }
        }
    }
    Ok(())
}

/// Apply every object of a manifest text in order, one `kind/name outcome` line each.
/// A text with a mistake applies nothing, as `kubectl apply` refuses a file it cannot decode.
pub fn apply_text(cluster: &mut Cluster, file: &str, text: &str) -> Result<String> {
    let mut ctx = Ctx {
        cluster,
        files: &super::NoFiles,
        stdin: None,
        out: Default::default(),
    };
    apply_into(&mut ctx, file, text, None)?;
    Ok(ctx.out.stdout)
}
