//! The command layer's one error type. Every variant prints exactly what kubectl
//! prints for that failure, so the terminal and transcripts show kubectl's words.

use std::fmt;

use crate::engine::EngineError;
use crate::manifest;

/// A result whose error is printed as kubectl would print it.
pub type Result<T> = std::result::Result<T, CommandError>;

/// Why a command printed an error instead of (the rest of) its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// The command line is wrong or cannot be carried out; printed after `error: `
    /// (`error: the server doesn't have a resource type "podz"`).
    Usage(String),
    /// A flag kubectl does not know; printed with kubectl's pointer to the help of the
    /// command (`error: unknown flag: --foo` / `See 'kubectl get --help' for usage.`).
    UnknownFlag { flag: String, command: String },
    /// A command kubectl does not have, with cobra's suggestions for close names.
    UnknownCommand {
        command: String,
        suggestions: Vec<String>,
    },
    /// A real kubectl command that Ordinal does not simulate.
    NotSimulated(String),
    /// The simulated API server refused; printed as `Error from server (Reason): ...`.
    Server(EngineError),
    /// A manifest could not be decoded; the text says where.
    Manifest {
        file: String,
        error: manifest::ManifestError,
    },
    /// A command run in a container exited with a non-zero code; kubectl says so
    /// after the command's own output (`command terminated with exit code 1`).
    Exit(i32),
    /// A message printed as it is (`Error from server (NotFound): error when
    /// creating "x.yaml": namespaces "dev" not found`).
    Raw(String),
    /// Already printed: the command's output carries the messages, it only failed.
    Reported,
}

impl CommandError {
    /// A usage error with kubectl's text (without the `error: ` prefix).
    pub fn usage(message: impl Into<String>) -> CommandError {
        CommandError::Usage(message.into())
    }

    /// `Error from server (NotFound): <resource> "<name>" not found`.
    pub fn not_found(resource: impl Into<String>, name: impl Into<String>) -> CommandError {
        CommandError::Server(EngineError::NotFound {
            resource: resource.into(),
            name: name.into(),
        })
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Usage(message) => write!(f, "error: {message}"),
            CommandError::UnknownFlag { flag, command } => write!(
                f,
                "error: {flag}\nSee 'kubectl {command} --help' for usage."
            ),
            CommandError::UnknownCommand {
                command,
                suggestions,
            } => {
                write!(f, "error: unknown command {command:?} for \"kubectl\"")?;
                if !suggestions.is_empty() {
                    f.write_str("\n\nDid you mean this?")?;
                    for suggestion in suggestions {
                        write!(f, "\n\t{suggestion}")?;
                    }
                }
                Ok(())
            }
            CommandError::NotSimulated(command) => write!(
                f,
                "error: \"kubectl {command}\" is not simulated by Ordinal; run 'kubectl help' for the commands it answers"
            ),
            CommandError::Server(error @ EngineError::NotFound { .. }) => {
                write!(f, "Error from server (NotFound): {error}")
            }
            // kubectl prints an Invalid status as its causes, without the
            // `Error from server` prefix (`cmdutil.checkErr`).
            CommandError::Server(error @ EngineError::Invalid { .. }) => write!(f, "{error}"),
            CommandError::Manifest { file, error } => {
                write!(f, "error: error parsing {file}: {error}")
            }
            CommandError::Exit(code) => write!(f, "command terminated with exit code {code}"),
            CommandError::Raw(message) => f.write_str(message),
            CommandError::Reported => Ok(()),
        }
    }
}

impl std::error::Error for CommandError {}

impl From<EngineError> for CommandError {
    fn from(error: EngineError) -> Self {
        CommandError::Server(error)
    }
}
