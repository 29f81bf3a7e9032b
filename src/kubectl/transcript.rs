//! Transcripts: a lesson written as a terminal session. Lines starting with `$ ` are
//! commands (a heredoc's lines belong to its command); the lines under a command are
//! what it printed. `run` replays a transcript on a fresh simulated cluster and
//! writes it back with the real output; `check` compares, where `[..]` in an
//! expected line matches any text within the line and a line `...` matches any
//! number of lines. Trailing spaces are ignored, as editors strip them.

use super::{run, FileReader};
use crate::engine::Cluster;

/// One command of a transcript and the output written under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// 1-based line of the `$ ` line.
    pub line: usize,
    /// The command as typed, heredoc lines included (without the `$ `).
    pub command: String,
    /// The lines written under it.
    pub expected: Vec<String>,
}

/// A parsed transcript.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Transcript {
    /// Lines before the first command (a title, comments).
    pub preamble: Vec<String>,
    pub steps: Vec<Step>,
}

/// Read a transcript's text.
pub fn parse(text: &str) -> Transcript {
    let mut transcript = Transcript::default();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((index, line)) = lines.next() {
        let Some(command) = line.strip_prefix("$ ") else {
            match transcript.steps.last_mut() {
                Some(step) => step.expected.push(line.to_owned()),
                None => transcript.preamble.push(line.to_owned()),
            }
            continue;
        };
        let mut command = command.to_owned();
        if let Some(marker) = heredoc_marker(&command) {
            for (_, body) in lines.by_ref() {
                command.push('\n');
                command.push_str(body);
                if body.trim() == marker {
                    break;
                }
            }
        }
        transcript.steps.push(Step {
            line: index + 1,
            command,
            expected: Vec::new(),
        });
    }
    transcript
}

fn heredoc_marker(command: &str) -> Option<String> {
    let at = command.find("<<")?;
    let marker = command[at + 2..]
        .trim()
        .trim_start_matches('-')
        .trim_matches(|c| c == '\'' || c == '"');
    (!marker.is_empty() && !marker.contains(char::is_whitespace)).then(|| marker.to_owned())
}

/// The output of every step, run in order on a fresh cluster made from `seed`.
pub fn outputs(transcript: &Transcript, files: &dyn FileReader, seed: u64) -> Vec<String> {
    let mut cluster = Cluster::new(seed);
    transcript
        .steps
        .iter()
        .map(|step| run(&mut cluster, &step.command, files).text)
        .collect()
}

/// The transcript written back with each command's real output under it.
pub fn replay(text: &str, files: &dyn FileReader, seed: u64) -> String {
    let transcript = parse(text);
    let outputs = outputs(&transcript, files, seed);
    let mut out = String::new();
    for line in &transcript.preamble {
        out.push_str(line);
        out.push('\n');
    }
    for (step, output) in transcript.steps.iter().zip(outputs) {
        out.push_str("$ ");
        out.push_str(&step.command);
        out.push('\n');
        out.push_str(&output);
        if !output.is_empty() && !output.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// A command whose output differs from what the transcript says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub line: usize,
    pub command: String,
    /// The difference, `-` for expected lines and `+` for actual ones.
    pub diff: String,
}

/// Run the transcript and compare each output with the text under its command.
pub fn check(text: &str, files: &dyn FileReader, seed: u64) -> Vec<Mismatch> {
    let transcript = parse(text);
    let outputs = outputs(&transcript, files, seed);
    let mut mismatches = Vec::new();
    for (step, output) in transcript.steps.iter().zip(outputs) {
        let expected = normalize(step.expected.iter().map(String::as_str));
        let actual = normalize(output.lines());
        if !matches(&expected, &actual) {
            mismatches.push(Mismatch {
                line: step.line,
                command: step.command.lines().next().unwrap_or("").to_owned(),
                diff: diff(&expected, &actual),
            });
        }
    }
    mismatches
}

/// Lines without trailing spaces, and without trailing blank lines.
fn normalize<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut lines: Vec<String> = lines.map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Whether the actual lines fit the expected ones (`...` lines, `[..]` within lines).
pub fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line_matches(first, line) && matches(rest, more)),
    }
}

/// Whether one actual line fits an expected line in which `[..]` matches any text.
pub fn line_matches(expected: &str, actual: &str) -> bool {
    let mut parts = expected.split("[..]");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// A line diff of expected against actual (longest common subsequence, lines that
/// match by the wildcard rules counting as equal).
fn diff(expected: &[String], actual: &[String]) -> String {
    let (n, m) = (expected.len(), actual.len());
    let same = |i: usize, j: usize| expected[i] == "..." || line_matches(&expected[i], &actual[j]);
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if same(i, j) {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < n || j < m {
        if i < n && j < m && same(i, j) {
            out.push_str(&format!("  {}\n", actual[j]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || table[i][j + 1] > table[i + 1][j]) {
            out.push_str(&format!("+ {}\n", actual[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", expected[i]));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn commands_heredocs_and_outputs_are_read_apart() {
        let transcript =
            parse("# title\n$ kubectl apply -f - <<EOF\nkind: X\nEOF\nx created\n$ sleep 1\n");
        assert_eq!(transcript.preamble, ["# title"]);
        assert_eq!(transcript.steps.len(), 2);
        assert_eq!(
            transcript.steps[0].command,
            "kubectl apply -f - <<EOF\nkind: X\nEOF"
        );
        assert_eq!(transcript.steps[0].expected, ["x created"]);
        assert_eq!(transcript.steps[1].line, 6);
    }

    #[test]
    fn wildcards_match_within_lines_and_across_lines() {
        assert!(line_matches(
            "giropops-0   1/1   Running   0   [..]",
            "giropops-0   1/1   Running   0   12s"
        ));
        assert!(line_matches("a[..]c[..]e", "abcde"));
        assert!(!line_matches("a[..]c", "abd"));
        assert!(!line_matches("abc", "abcd"));
        assert!(matches(
            &lines("first\n...\nlast"),
            &lines("first\nx\ny\nlast")
        ));
        assert!(matches(&lines("first\n...\nlast"), &lines("first\nlast")));
        assert!(!matches(&lines("first\nlast"), &lines("first\nx\nlast")));
    }

    #[test]
    fn a_mismatch_is_shown_as_a_line_diff() {
        let out = diff(&lines("a\nb\nc"), &lines("a\nx\nc"));
        assert_eq!(out, "  a\n- b\n+ x\n  c\n");
    }
}
