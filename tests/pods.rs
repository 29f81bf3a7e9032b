//! A pod of its own whose command ends: `kubectl run --restart=Never` leaves it
//! `Completed` (phase Succeeded) or `Error` (phase Failed), as on a real cluster; a
//! pod whose kubelet restarts its container never ends that way.

mod support;

use k8s_openapi::api::core::v1::Pod;
use ordinal::engine::{Cluster, EngineError};
use ordinal::kubectl::{self, NoFiles};
use support::*;

fn settled_course() -> Cluster {
    let mut c = cluster();
    c.apply(sts("giropops").object()).unwrap();
    c.apply(
        svc("nginx")
            .headless()
            .selecting("app", "giropops")
            .object(),
    )
    .unwrap();
    assert!(c.run_until_settled(60_000));
    c
}

/// `name READY STATUS` of the pod as `kubectl get pod` prints it.
fn pod_row(c: &mut Cluster, name: &str) -> Vec<String> {
    let out = kubectl::run(c, &format!("kubectl get pod {name}"), &NoFiles);
    out.stdout
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .take(3)
        .map(str::to_owned)
        .collect()
}

fn terminated_reason(c: &Cluster, name: &str) -> (String, i32, String) {
    let pod = c.get::<Pod>("default", name).unwrap();
    let status = pod.status.as_ref().unwrap();
    let container = &status.container_statuses.as_ref().unwrap()[0];
    let terminated = container
        .state
        .as_ref()
        .unwrap()
        .terminated
        .as_ref()
        .unwrap();
    (
        status.phase.clone().unwrap(),
        terminated.exit_code,
        terminated.reason.clone().unwrap(),
    )
}

#[test]
fn a_run_pod_whose_command_succeeds_is_completed_and_one_that_fails_is_error() {
    let mut c = settled_course();
    let ok = kubectl::run(
        &mut c,
        "kubectl run tmp -it --restart=Never --image=busybox:1.28 -- nslookup giropops-0.nginx",
        &NoFiles,
    );
    assert!(!ok.failed, "{}", ok.text);
    assert_eq!(pod_row(&mut c, "tmp"), ["tmp", "0/1", "Completed"]);
    assert_eq!(
        terminated_reason(&c, "tmp"),
        ("Succeeded".to_owned(), 0, "Completed".to_owned())
    );

    let bad = kubectl::run(
        &mut c,
        "kubectl run bad -it --restart=Never --image=busybox:1.28 -- nslookup nope",
        &NoFiles,
    );
    assert!(bad.failed);
    assert!(
        bad.text.contains("pod default/bad terminated (Error)"),
        "{}",
        bad.text
    );
    assert_eq!(pod_row(&mut c, "bad"), ["bad", "0/1", "Error"]);
    assert_eq!(terminated_reason(&c, "bad").0, "Failed");
    // Finished pods stay, and the cluster is quiet about them.
    assert!(c.run_until_settled(60_000));
    assert_eq!(pod_row(&mut c, "tmp")[2], "Completed");
}

#[test]
fn a_pod_that_restarts_its_container_does_not_complete() {
    let mut c = settled_course();
    let refused = c.complete_pod("default", "giropops-0", 0);
    assert_eq!(
        refused,
        Err(EngineError::Invalid {
            message: "pod \"giropops-0\" has restartPolicy Always: its kubelet restarts the container instead".to_owned()
        })
    );
    assert_eq!(
        pod_row(&mut c, "giropops-0"),
        ["giropops-0", "1/1", "Running"]
    );
    kubectl::run(
        &mut c,
        "kubectl run once -it --image=busybox:1.28 -- nslookup giropops-0.nginx",
        &NoFiles,
    );
    assert_eq!(pod_row(&mut c, "once")[2], "Running");
}
