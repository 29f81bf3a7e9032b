//! `kubectl help`, `version`, `api-resources`, and the answers to commands kubectl
//! does not have (cobra's "Did you mean this?") or that Ordinal does not simulate.

use super::error::{CommandError, Result};
use super::resources::TYPES;
use super::table::Table;
use super::Ctx;

/// What `kubectl help` prints in the playground: the commands Ordinal answers.
pub const KUBECTL: &str = "\
kubectl controls the simulated cluster of Ordinal, the way it controls a real one.

Basic Commands:
  create         Create a resource from a file or from stdin (-f), or: create deployment|namespace|service
  expose         Take a deployment, replica set, service or pod and expose it as a new Kubernetes service
  get            Display one or many resources (-o wide|yaml|json|name, -l, -n, -A, --show-labels)
  describe       Show details of a resource or group of resources
  delete         Delete resources by file names, stdin, resources and names, or by resources and label selector
  events         List events (--for KIND/NAME)

Deploy Commands:
  apply          Apply a configuration to a resource by file name or stdin (-f FILE, -f - <<EOF)
  scale          Set a new size for a statefulset
  rollout        Manage the rollout of a resource (status, history, restart, undo)
  set            Set specific features on objects (set image)
  patch          Update fields of a resource (merge patch)
  label          Update the labels on a resource
  annotate       Update the annotations on a resource

Cluster Management Commands:
  cordon         Mark node as unschedulable
  uncordon       Mark node as schedulable
  drain          Drain node in preparation for maintenance

Troubleshooting and Debugging Commands:
  exec           Execute a command in a container (nslookup, dig, cat /etc/resolv.conf, hostname)
  run            Run a particular image on the cluster (run tmp --rm -it --image=busybox -- nslookup NAME)

Other Commands:
  api-resources  Print the supported API resources on the server
  version        Print the client and server version information

Playground commands (not kubectl: they move the simulated clock):
  sleep 5s       Let 5 simulated seconds pass (also 500ms, 2m, 1h)
  wait           Run until the cluster settles (at most 10m; --timeout=2m), and say how long it took
";

/// Every command real kubectl 1.34 has, for suggestions and honest refusals.
const KUBECTL_COMMANDS: &[&str] = &[
    "annotate",
    "api-resources",
    "api-versions",
    "apply",
    "attach",
    "auth",
    "autoscale",
    "certificate",
    "cluster-info",
    "completion",
    "config",
    "cordon",
    "cp",
    "create",
    "debug",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "help",
    "kustomize",
    "label",
    "logs",
    "patch",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "top",
    "uncordon",
    "version",
    "wait",
];

/// The answer to a verb Ordinal does not handle.
pub fn unknown(verb: &str) -> CommandError {
    if KUBECTL_COMMANDS.contains(&verb) {
        return CommandError::NotSimulated(verb.to_owned());
    }
    // cobra suggests commands within Levenshtein distance 2, or that start with
    // what was typed.
    let suggestions = KUBECTL_COMMANDS
        .iter()
        .filter(|c| {
            levenshtein(&verb.to_ascii_lowercase(), c) <= 2
                || (!verb.is_empty() && c.starts_with(&verb.to_ascii_lowercase()))
        })
        .map(|c| (*c).to_owned())
        .collect();
    CommandError::UnknownCommand {
        command: verb.to_owned(),
        suggestions,
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// `kubectl version`.
pub fn version(ctx: &mut Ctx, _words: &[String]) -> Result<()> {
    ctx.print("Client Version: v1.34.0\nKustomize Version: v5.7.1\nServer Version: v1.34.0\n");
    Ok(())
}

/// `kubectl api-resources`: the types Ordinal serves.
pub fn api_resources(ctx: &mut Ctx, _words: &[String]) -> Result<()> {
    let mut table = Table::new(&["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
    for rt in TYPES {
        let version = if rt.group.is_empty() {
            "v1".to_owned()
        } else {
            format!("{}/v1", rt.group)
        };
        table.row(vec![
            rt.plural.to_owned(),
            rt.short.join(","),
            version,
            rt.namespaced.to_string(),
            rt.kind.to_owned(),
        ]);
    }
    ctx.print(&table.render());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_misspellings_get_cobras_suggestions() {
        assert_eq!(
            unknown("gte").to_string(),
            "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget"
        );
        assert_eq!(
            unknown("frobnicate").to_string(),
            "error: unknown command \"frobnicate\" for \"kubectl\""
        );
        assert!(matches!(unknown("logs"), CommandError::NotSimulated(_)));
    }
}
