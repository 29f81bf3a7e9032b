//! Every transcript under `tests/transcripts/` is a lesson of the course written as
//! a terminal session; `ordinal check` must find each command's output as written.

use std::path::Path;
use std::process::Command;

#[test]
fn every_transcript_prints_what_it_says() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .expect("the transcripts folder exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "t"))
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(
        files.len() >= 6,
        "the day-7 transcripts are there: {files:?}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .arg("check")
        .args(&files)
        .output()
        .expect("the ordinal binary runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains(&format!("{} passed, 0 failed", files.len())),
        "{report}"
    );
}

#[test]
fn a_transcript_that_lies_fails_with_a_diff() {
    let dir = std::env::temp_dir().join(format!("ordinal-transcript-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wrong.t");
    std::fs::write(
        &file,
        "$ kubectl get pods\nNAME   READY\n$ kubectl get svc\n[..]\n...\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(["check", file.to_str().unwrap()])
        .output()
        .expect("the ordinal binary runs");
    std::fs::remove_dir_all(&dir).ok();
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("wrong.t:1: $ kubectl get pods"), "{report}");
    assert!(
        report.contains("- NAME   READY\n+ No resources found in default namespace.\n"),
        "{report}"
    );
    assert!(
        !report.contains("wrong.t:3"),
        "the second command matched: {report}"
    );
    assert!(report.contains("0 passed, 1 failed"), "{report}");
}
