//! `ordinal`: the playground's command layer on a terminal, for course authors and CI.

use std::process::ExitCode;

use ordinal::engine::Cluster;
use ordinal::kubectl::{self, FileReader};

/// Reads manifests from the local disk.
struct Disk;

impl FileReader for Disk {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("the path {path:?} does not exist"),
            _ => format!("cannot read {path:?}: {e}"),
        })
    }
}

const USAGE: &str = "\
ordinal — a simulated Kubernetes cluster for StatefulSets and Services

Usage:
  ordinal kubectl <command> [args...]   run one kubectl-like command on a fresh cluster
  ordinal apply <file>...               shorthand for `ordinal kubectl apply -f <file>` per file

Each invocation starts a new simulated cluster (seed 1) and prints what kubectl would.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let line = match args.first().map(String::as_str) {
        Some("kubectl") if args.len() > 1 => quote_all(&args[1..]),
        Some("apply") if args.len() > 1 => args[1..]
            .iter()
            .map(|file| format!("-f {}", quote(file)))
            .fold("apply".to_owned(), |line, flag| format!("{line} {flag}")),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut cluster = Cluster::new(1);
    match kubectl::run(&mut cluster, &line, &Disk) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// Re-join already-split arguments into one line the command layer splits again.
fn quote_all(args: &[String]) -> String {
    args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ")
}

fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}
