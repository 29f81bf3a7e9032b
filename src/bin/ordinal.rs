//! `ordinal`: the playground's command layer on a terminal, for course authors and CI:
//! one kubectl command on a fresh simulated cluster, or whole transcripts replayed
//! (`run`) and checked against what they say (`check`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ordinal::engine::Cluster;
use ordinal::kubectl::{self, transcript, FileReader};

/// Reads files from the local disk, relative to a folder (the transcript's own, or
/// the working directory).
struct Disk {
    base: PathBuf,
}

impl FileReader for Disk {
    fn read(&self, path: &str) -> Result<String, String> {
        let full = self.base.join(path);
        std::fs::read_to_string(&full).map_err(|e| match e.kind() {
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
  ordinal run <transcript>              replay a transcript and print it with the real output
  ordinal check <transcript>...         replay transcripts and compare with what they say;
                                        prints a diff and exits 1 on a mismatch

Options:
  --seed <n>   seed of the simulated cluster (default 1); the same seed gives the same output

A transcript is a terminal session written down: lines starting with `$ ` are commands
(`$ kubectl apply -f - <<EOF` takes the lines up to `EOF` as its input; `-f path` is
relative to the transcript's folder), the lines under a command are its output. In
`check`, `[..]` in an expected line matches any text within that line, and a line `...`
matches any number of lines. Besides kubectl's verbs, `sleep 5s` lets simulated time
pass and `wait` runs the cluster until it settles (see `ordinal kubectl help`).
";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut seed = 1u64;
    if let Some(at) = args
        .iter()
        .position(|a| a == "--seed" || a.starts_with("--seed="))
    {
        let value = match args[at].strip_prefix("--seed=") {
            Some(value) => value.to_owned(),
            None if at + 1 < args.len() => args.remove(at + 1),
            None => String::new(),
        };
        args.remove(at);
        match value.parse() {
            Ok(n) => seed = n,
            Err(_) => {
                eprintln!("error: --seed needs a whole number, got {value:?}");
                return ExitCode::from(2);
            }
        }
    }
    match args.first().map(String::as_str) {
        Some("kubectl") if args.len() > 1 => one_command(&quote_all(&args[1..]), seed),
        Some("apply") if args.len() > 1 => {
            let line = args[1..]
                .iter()
                .map(|file| format!("-f {}", quote(file)))
                .fold("apply".to_owned(), |line, flag| format!("{line} {flag}"));
            one_command(&line, seed)
        }
        Some("run") if args.len() == 2 => replay(&args[1], seed),
        Some("check") if args.len() > 1 => check(&args[1..], seed),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn one_command(line: &str, seed: u64) -> ExitCode {
    let mut cluster = Cluster::new(seed);
    let disk = Disk {
        base: PathBuf::from("."),
    };
    let output = kubectl::run(&mut cluster, line, &disk);
    print!("{}", output.stdout);
    eprint!("{}", output.stderr);
    if output.failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The transcript's text and a reader rooted at its folder.
fn open(path: &str) -> Result<(String, Disk), String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("error: cannot read {path:?}: {e}"))?;
    let base = Path::new(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    Ok((text, Disk { base }))
}

fn replay(path: &str, seed: u64) -> ExitCode {
    match open(path) {
        Ok((text, disk)) => {
            print!("{}", transcript::replay(&text, &disk, seed));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn check(paths: &[String], seed: u64) -> ExitCode {
    let mut failed = 0;
    for path in paths {
        let (text, disk) = match open(path) {
            Ok(opened) => opened,
            Err(message) => {
                eprintln!("{message}");
                failed += 1;
                continue;
            }
        };
        let mismatches = transcript::check(&text, &disk, seed);
        if mismatches.is_empty() {
            println!("ok    {path}");
            continue;
        }
        failed += 1;
        println!("FAIL  {path}");
        for mismatch in mismatches {
            println!("{path}:{}: $ {}", mismatch.line, mismatch.command);
            println!("--- expected\n+++ actual");
            print!("{}", mismatch.diff);
        }
    }
    println!("{} passed, {failed} failed", paths.len() - failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Re-join already-split arguments into one line the command layer splits again.
fn quote_all(args: &[String]) -> String {
    args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ")
}

fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}
