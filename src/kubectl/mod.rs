//! The command layer: kubectl-like commands over the simulated cluster, shared by
//! the browser's terminal panel and the native `ordinal` CLI.
//!
//! It turns a command line into engine calls and prints kubectl's own wording. It
//! reads files only through the reader it is given, so it has no file system or
//! browser dependency of its own; every write goes through the engine's API-server
//! calls (`apply`, `update`, `delete`), never around them.

mod apply;
pub mod argv;
mod change;
mod create;
mod delete;
mod describe;
mod edit;
mod error;
mod events;
mod exec;
mod expose;
pub mod flags;
mod get;
mod help;
mod node;
mod printers;
pub mod resources;
mod rollout;
mod run;
mod serialize;
pub mod sync;
pub mod table;
mod time;
pub mod transcript;

use crate::engine::{Cluster, Object, ObjectKey, DEFAULT_NAMESPACE};

pub use apply::apply_text;
pub use change::{Change, ChangeAction, FieldChange, PathSegment};
pub use error::{CommandError, Result};
/// kubectl's READY and STATUS columns of a pod, shared with the playground's pod cards.
pub use printers::{node_roles, pod_ready_and_status};

/// Reads the file a command names (`kubectl apply -f FILE`).
pub trait FileReader {
    /// The file's text, or a message saying why it cannot be read.
    fn read(&self, path: &str) -> std::result::Result<String, String>;
}

/// A reader for places with no files (a test, a terminal with only heredocs).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl FileReader for NoFiles {
    fn read(&self, path: &str) -> std::result::Result<String, String> {
        Err(format!("the path {path:?} does not exist"))
    }
}

/// Everything one command line produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommandOutput {
    /// What a terminal shows: standard output and standard error, in the order written.
    pub text: String,
    /// What kubectl writes to standard output.
    pub stdout: String,
    /// What it writes to standard error: warnings, `No resources found ...`, errors.
    pub stderr: String,
    /// Whether the command failed (kubectl would exit with a non-zero code).
    pub failed: bool,
    /// The objects the command created, changed or deleted, oldest first, so that
    /// the editor can write a change of desired state (`kubectl scale`) back into
    /// its text. Changes made by controllers in reaction are not listed.
    pub changes: Vec<Change>,
}

/// Run one command line against `cluster` and return what kubectl would print.
///
/// The line is split like a shell line; a leading `kubectl` is optional. A line
/// that ends in a heredoc (`kubectl apply -f - <<EOF`, then the document, then
/// `EOF`) gives the document as standard input. The playground's own verbs `sleep`
/// and `wait` move the simulated clock (see `kubectl help`).
pub fn run(cluster: &mut Cluster, line: &str, files: &dyn FileReader) -> CommandOutput {
    let (line, stdin) = split_heredoc(line);
    let mut ctx = Ctx {
        cluster,
        files,
        stdin: stdin.as_deref(),
        out: CommandOutput::default(),
    };
    if let Err(error) = dispatch(&mut ctx, &line) {
        let text = error.to_string();
        if !text.is_empty() {
            ctx.warn(&format!("{text}\n"));
        }
        ctx.out.failed = true;
    }
    ctx.out
}

/// Cut a trailing heredoc off a command: the command's first line, and the lines
/// between it and the terminator as standard input.
fn split_heredoc(text: &str) -> (String, Option<String>) {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").to_owned();
    let Some(at) = first.find("<<") else {
        return (text.to_owned(), None);
    };
    let marker = first[at + 2..].trim().trim_start_matches('-');
    let marker = marker.trim_matches(|c| c == '\'' || c == '"').to_owned();
    if marker.is_empty() || marker.contains(char::is_whitespace) {
        return (text.to_owned(), None);
    }
    let mut body = String::new();
    for line in lines {
        if line.trim() == marker {
            break;
        }
        body.push_str(line);
        body.push('\n');
    }
    (first[..at].trim_end().to_owned(), Some(body))
}

fn dispatch(ctx: &mut Ctx, line: &str) -> Result<()> {
    let words = argv::split(line)?;
    let mut args: &[String] = &words;
    let explicit = args.first().is_some_and(|w| w == "kubectl");
    if explicit {
        args = &args[1..];
    }
    let Some(verb) = args.first() else {
        if explicit {
            ctx.print(help::KUBECTL);
            return Ok(());
        }
        return Ok(());
    };
    let rest = &args[1..];
    match verb.as_str() {
        "sleep" | "wait" if !explicit => time::run(ctx, verb, rest),
        "apply" => apply::run(ctx, rest),
        "create" => create::run(ctx, rest),
        "expose" => expose::run(ctx, rest),
        "get" => get::run(ctx, rest),
        "describe" => describe::run(ctx, rest),
        "delete" => delete::run(ctx, rest),
        "events" => events::run(ctx, rest),
        "scale" => edit::scale(ctx, rest),
        "set" => edit::set(ctx, rest),
        "patch" => edit::patch(ctx, rest),
        "label" => edit::label(ctx, rest, edit::MetadataMap::Labels),
        "annotate" => edit::label(ctx, rest, edit::MetadataMap::Annotations),
        "rollout" => rollout::run(ctx, rest),
        "cordon" => node::cordon(ctx, rest, true),
        "uncordon" => node::cordon(ctx, rest, false),
        "drain" => node::drain(ctx, rest),
        "exec" => exec::run(ctx, rest),
        "run" => run::run(ctx, rest),
        "version" => help::version(ctx, rest),
        "api-resources" => help::api_resources(ctx, rest),
        "help" | "--help" | "-h" => {
            ctx.print(help::KUBECTL);
            Ok(())
        }
        other => Err(help::unknown(other)),
    }
}

/// What a command works with while it runs.
pub(crate) struct Ctx<'a> {
    pub cluster: &'a mut Cluster,
    pub files: &'a dyn FileReader,
    /// Standard input, when the line carried a heredoc.
    pub stdin: Option<&'a str>,
    out: CommandOutput,
}

impl Ctx<'_> {
    /// Write to standard output.
    pub fn print(&mut self, text: &str) {
        self.out.stdout.push_str(text);
        self.out.text.push_str(text);
    }

    /// Write to standard error.
    pub fn warn(&mut self, text: &str) {
        self.out.stderr.push_str(text);
        self.out.text.push_str(text);
    }

    /// Print an error that does not stop the command (one of several names was not
    /// found), and remember that the command failed.
    pub fn report(&mut self, error: &CommandError) {
        self.warn(&format!("{error}\n"));
        self.out.failed = true;
    }

    /// Whether an error was reported so far.
    pub fn failed(&self) -> bool {
        self.out.failed
    }

    /// The stored object under `key`, for a later [`Ctx::record`].
    pub fn snapshot(&self, key: &ObjectKey) -> Option<Object> {
        self.cluster.store().get(key).map(|s| s.object.clone())
    }

    /// Note what a write did to `key`, given the object before it.
    pub fn record(&mut self, key: &ObjectKey, before: Option<Object>) {
        let after = self.snapshot(key);
        if let Some(change) = change::between(key, before.as_ref(), after.as_ref()) {
            self.out.changes.push(change);
        }
    }
}

/// The namespace a command acts in: `-n`, else `default`.
pub(crate) fn namespace_of(args: &flags::Args) -> String {
    args.value("namespace")
        .filter(|ns| !ns.is_empty())
        .unwrap_or(DEFAULT_NAMESPACE)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::COURSE_EXAMPLE;

    fn course() -> Cluster {
        let mut cluster = Cluster::new(1);
        apply_text(&mut cluster, "giropops.yaml", COURSE_EXAMPLE).unwrap();
        cluster.run_until_settled(60_000);
        cluster
    }

    #[test]
    fn scale_reports_the_changed_field_for_the_editor() {
        let mut cluster = course();
        let out = run(
            &mut cluster,
            "kubectl scale sts giropops --replicas=5",
            &NoFiles,
        );
        assert_eq!(out.text, "statefulset.apps/giropops scaled\n");
        assert!(!out.failed);
        assert_eq!(out.changes.len(), 1);
        let change = &out.changes[0];
        assert_eq!(
            (change.kind, change.name.as_str()),
            ("StatefulSet", "giropops")
        );
        let ChangeAction::Updated(fields) = &change.action else {
            panic!("{change:?}");
        };
        let shown: Vec<String> = fields
            .iter()
            .map(|f| format!("{f}={:?}", f.value))
            .collect();
        assert_eq!(shown, ["spec.replicas=Some(Number(5))"]);
    }

    #[test]
    fn set_image_and_restart_name_the_template_fields() {
        let mut cluster = course();
        let out = run(
            &mut cluster,
            "kubectl set image sts/giropops nginx=nginx:1.27",
            &NoFiles,
        );
        let ChangeAction::Updated(fields) = &out.changes[0].action else {
            panic!("{:?}", out.changes);
        };
        assert_eq!(
            fields[0].to_string(),
            "spec.template.spec.containers[0].image"
        );
        let out = run(
            &mut cluster,
            "kubectl rollout restart sts/giropops",
            &NoFiles,
        );
        let ChangeAction::Updated(fields) = &out.changes[0].action else {
            panic!("{:?}", out.changes);
        };
        // The template had no annotations: the whole new map is the change.
        assert_eq!(fields[0].to_string(), "spec.template.metadata.annotations");
        let value = fields[0].value.as_ref().expect("a new value");
        assert_eq!(
            value["kubectl.kubernetes.io/restartedAt"],
            "2026-01-01T00:00:07Z"
        );
    }

    #[test]
    fn reads_change_nothing_and_errors_fail() {
        let mut cluster = course();
        let out = run(&mut cluster, "kubectl get pods", &NoFiles);
        assert!(out.changes.is_empty() && !out.failed);
        let out = run(&mut cluster, "kubectl delete pod giropops-9", &NoFiles);
        assert!(out.failed);
        assert_eq!(
            out.stderr,
            "Error from server (NotFound): pods \"giropops-9\" not found\n"
        );
        let out = run(&mut cluster, "kubectl frobnicate", &NoFiles);
        assert_eq!(
            out.text,
            "error: unknown command \"frobnicate\" for \"kubectl\"\n"
        );
    }

    #[test]
    fn applying_the_same_text_again_is_unchanged_even_after_a_scale() {
        let mut cluster = course();
        run(
            &mut cluster,
            "kubectl scale sts giropops --replicas=4",
            &NoFiles,
        );
        let again = apply_text(&mut cluster, "giropops.yaml", COURSE_EXAMPLE).unwrap();
        assert_eq!(
            again,
            "statefulset.apps/giropops unchanged\nservice/nginx unchanged\n"
        );
    }

    #[test]
    fn a_heredoc_becomes_standard_input() {
        let (line, stdin) = split_heredoc("kubectl apply -f - <<EOF\nkind: X\n  a: b\nEOF\n");
        assert_eq!(line, "kubectl apply -f -");
        assert_eq!(stdin.as_deref(), Some("kind: X\n  a: b\n"));
        let (line, stdin) = split_heredoc("kubectl apply -f - <<'END'\nx\nEND");
        assert_eq!(
            (line.as_str(), stdin.as_deref()),
            ("kubectl apply -f -", Some("x\n"))
        );
        assert_eq!(split_heredoc("get pods").1, None);
    }
}
