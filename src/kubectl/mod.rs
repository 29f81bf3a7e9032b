//! The command layer: kubectl-like commands over the simulated cluster, shared by
//! the browser's terminal panel and the native `ordinal` CLI.
//!
//! It turns a command line into engine calls and prints kubectl's own wording. It
//! reads files only through the reader it is given, so it has no file system or
//! browser dependency of its own.

pub mod argv;
pub mod sync;

use std::fmt;

use crate::engine::{Cluster, EngineError};
use crate::manifest;

/// A result whose error is printed as kubectl would print it.
pub type Result<T> = std::result::Result<T, CommandError>;

/// Why a command printed an error instead of its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// The command line itself is wrong (unknown verb, missing flag); printed after `error: `.
    Usage(String),
    /// The simulated API server refused; printed as `Error from server (Reason): ...`.
    Server(EngineError),
    /// A manifest could not be read or decoded; the text says where.
    Manifest {
        file: String,
        error: manifest::ManifestError,
    },
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Usage(message) => write!(f, "error: {message}"),
            CommandError::Server(error @ EngineError::NotFound { .. }) => {
                write!(f, "Error from server (NotFound): {error}")
            }
            CommandError::Server(error @ EngineError::Invalid { .. }) => {
                write!(f, "Error from server (Invalid): {error}")
            }
            CommandError::Manifest { file, error } => {
                write!(f, "error: error parsing {file}: {error}")
            }
        }
    }
}

impl std::error::Error for CommandError {}

/// Reads the file a command names (`kubectl apply -f FILE`).
pub trait FileReader {
    /// The file's text, or a message saying why it cannot be read.
    fn read(&self, path: &str) -> std::result::Result<String, String>;
}

/// Run one command line against `cluster` and return what kubectl would print.
/// The leading `kubectl` is optional.
pub fn run(cluster: &mut Cluster, line: &str, files: &dyn FileReader) -> Result<String> {
    let words = argv::split(line)?;
    let mut args: &[String] = &words;
    if args.first().is_some_and(|w| w == "kubectl") {
        args = &args[1..];
    }
    match args.first().map(String::as_str) {
        None => Err(CommandError::Usage("you must specify a command".to_owned())),
        Some("apply") => apply_command(cluster, &args[1..], files),
        Some(other) => Err(CommandError::Usage(format!(
            "unknown command {other:?} for \"kubectl\""
        ))),
    }
}

fn apply_command(cluster: &mut Cluster, args: &[String], files: &dyn FileReader) -> Result<String> {
    let mut paths = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "-f" || arg == "--filename" {
            match rest.next() {
                Some(path) => paths.push(path.clone()),
                None => {
                    return Err(CommandError::Usage(format!(
                        "flag needs an argument: {arg:?}"
                    )))
                }
            }
        } else if let Some(path) = arg
            .strip_prefix("--filename=")
            .or_else(|| arg.strip_prefix("-f="))
        {
            paths.push(path.to_owned());
        } else {
            return Err(CommandError::Usage(format!("unknown flag: {arg}")));
        }
    }
    if paths.is_empty() {
        return Err(CommandError::Usage(
            "must specify one of -f and -k".to_owned(),
        ));
    }
    let mut output = String::new();
    for path in paths {
        let text = files.read(&path).map_err(CommandError::Usage)?;
        output.push_str(&apply_text(cluster, &path, &text)?);
    }
    Ok(output)
}

/// Apply every object of a manifest text in order, one `kind/name outcome` line each.
/// A text with a mistake applies nothing, as `kubectl apply` refuses a file it cannot decode.
pub fn apply_text(cluster: &mut Cluster, file: &str, text: &str) -> Result<String> {
    let parsed = manifest::parse(text);
    if let Some(error) = parsed.errors.into_iter().next() {
        return Err(CommandError::Manifest {
            file: file.to_owned(),
            error,
        });
    }
    let mut output = String::new();
    for document in parsed.documents {
        let label = format!(
            "{}/{}",
            document.object.resource_name(),
            document.object.name()
        );
        let outcome = cluster
            .apply(document.object)
            .map_err(CommandError::Server)?;
        output.push_str(&format!("{label} {outcome}\n"));
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::COURSE_EXAMPLE;

    struct OneFile(&'static str);

    impl FileReader for OneFile {
        fn read(&self, path: &str) -> std::result::Result<String, String> {
            match path {
                "giropops.yaml" => Ok(self.0.to_owned()),
                other => Err(format!("the path {other:?} does not exist")),
            }
        }
    }

    #[test]
    fn applying_the_course_example_prints_kubectls_lines() {
        let mut cluster = Cluster::new(1);
        let files = OneFile(COURSE_EXAMPLE);
        let first = run(&mut cluster, "kubectl apply -f giropops.yaml", &files).unwrap();
        assert_eq!(
            first,
            "statefulset.apps/giropops created\nservice/nginx created\n"
        );
        let again = run(&mut cluster, "apply --filename=giropops.yaml", &files).unwrap();
        assert_eq!(
            again,
            "statefulset.apps/giropops unchanged\nservice/nginx unchanged\n"
        );
    }

    #[test]
    fn a_changed_file_is_configured() {
        let mut cluster = Cluster::new(1);
        apply_text(&mut cluster, "a.yaml", COURSE_EXAMPLE).unwrap();
        let scaled = COURSE_EXAMPLE.replace("replicas: 3", "replicas: 5");
        let out = apply_text(&mut cluster, "a.yaml", &scaled).unwrap();
        assert_eq!(
            out,
            "statefulset.apps/giropops configured\nservice/nginx unchanged\n"
        );
    }

    #[test]
    fn a_broken_file_applies_nothing_and_says_where() {
        let mut cluster = Cluster::new(1);
        let broken = COURSE_EXAMPLE.replace("replicas: 3", "replicas: \"three\"");
        let error = apply_text(&mut cluster, "a.yaml", &broken).unwrap_err();
        assert_eq!(
            error.to_string(),
            "error: error parsing a.yaml: line 8, column 13: spec.replicas: invalid type: string \"three\", expected i32"
        );
        let applied = cluster
            .store()
            .iter()
            .filter(|(_, s)| s.applied.is_some())
            .count();
        assert_eq!(applied, 0, "nothing was applied");
    }

    #[test]
    fn unknown_commands_and_flags_get_kubectls_errors() {
        let mut cluster = Cluster::new(1);
        let files = OneFile("");
        let err = |line| {
            run(&mut Cluster::new(1), line, &files)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err("kubectl frobnicate"),
            "error: unknown command \"frobnicate\" for \"kubectl\""
        );
        assert_eq!(err("kubectl apply"), "error: must specify one of -f and -k");
        assert_eq!(
            err("kubectl apply -f"),
            "error: flag needs an argument: \"-f\""
        );
        assert_eq!(err("kubectl apply --force"), "error: unknown flag: --force");
        assert_eq!(
            err("kubectl apply -f nope.yaml"),
            "error: the path \"nope.yaml\" does not exist"
        );
        assert!(run(&mut cluster, "", &files).is_err());
    }
}
