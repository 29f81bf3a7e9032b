//! The native `ordinal` binary answers like kubectl, on stdout and stderr with exit codes.

use std::process::Command;

fn ordinal(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the ordinal binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn apply_prints_one_line_per_object() {
    let (code, out, err) = ordinal(&["apply", "examples/giropops.yaml"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "statefulset.apps/giropops created\nservice/nginx created\n"
    );
}

#[test]
fn kubectl_form_takes_kubectl_arguments() {
    let (code, out, _) = ordinal(&["kubectl", "apply", "-f", "examples/giropops.yaml"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("statefulset.apps/giropops created\n"),
        "{out}"
    );
}

#[test]
fn a_broken_manifest_fails_with_its_location() {
    let dir = std::env::temp_dir().join(format!("ordinal-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.yaml");
    let text = ordinal::examples::COURSE_EXAMPLE.replace("replicas: 3", "replicas: \"three\"");
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = ordinal(&["apply", file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.ends_with(
            "line 8, column 13: spec.replicas: invalid type: string \"three\", expected i32\n"
        ),
        "{err}"
    );
}

#[test]
fn missing_files_and_bad_usage_are_errors() {
    let (code, _, err) = ordinal(&["apply", "no-such.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(err, "error: the path \"no-such.yaml\" does not exist\n");
    let (code, _, err) = ordinal(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("Usage:"));
}

#[test]
fn kubectl_errors_go_to_stderr_with_a_failing_exit_code() {
    let (code, out, err) = ordinal(&["kubectl", "get", "pod", "giropops-9"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "Error from server (NotFound): pods \"giropops-9\" not found\n"
    );
    let (code, _, err) = ordinal(&["kubectl", "get", "podz"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: the server doesn't have a resource type \"podz\"\n"
    );
}

#[test]
fn run_prints_a_transcript_back_with_real_output() {
    let dir = std::env::temp_dir().join(format!("ordinal-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("app.yaml"), ordinal::examples::COURSE_EXAMPLE).unwrap();
    let file = dir.join("lesson.t");
    std::fs::write(
        &file,
        "$ kubectl apply -f app.yaml\n$ kubectl get sts\nstale text\n",
    )
    .unwrap();
    let (code, out, _) = ordinal(&["run", file.to_str().unwrap(), "--seed", "7"]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "$ kubectl apply -f app.yaml\nstatefulset.apps/giropops created\nservice/nginx created\n$ kubectl get sts\nNAME       READY   AGE\ngiropops   0/3     0s\n"
    );
}
