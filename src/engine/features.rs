//! Feature gates: the switches a real cluster's components start with
//! (`--feature-gates=Name=true`), named and defaulted as in Kubernetes 1.34. A
//! playground shows them so a student sees that a field like `maxUnavailable` exists
//! but does nothing until its gate is on.

use std::fmt;

use super::{EngineError, Result};

/// One gate the simulated cluster knows: its Kubernetes name, its maturity in 1.34,
/// and what it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureGate {
    pub name: &'static str,
    /// `Alpha`, `Beta` or `GA`, as the Kubernetes feature-gate table says for 1.34.
    pub stage: &'static str,
    /// Whether a 1.34 cluster runs with it on when nobody says otherwise.
    pub default: bool,
    /// What turning it on changes, in plain words.
    pub description: &'static str,
}

/// `MaxUnavailableStatefulSet`: alpha and off by default through 1.34 (beta in 1.35).
pub const MAX_UNAVAILABLE_STATEFUL_SET: FeatureGate = FeatureGate {
    name: "MaxUnavailableStatefulSet",
    stage: "Alpha",
    default: false,
    description: "RollingUpdate honours updateStrategy.rollingUpdate.maxUnavailable: several pods \
                  may be replaced at once. Off, the API server drops the field and pods are \
                  replaced one at a time.",
};

/// Every gate the simulated cluster knows, in name order.
pub const KNOWN: &[FeatureGate] = &[MAX_UNAVAILABLE_STATEFUL_SET];

/// The gates a cluster runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureGates {
    /// `MaxUnavailableStatefulSet`.
    pub max_unavailable_stateful_set: bool,
}

impl Default for FeatureGates {
    fn default() -> Self {
        FeatureGates {
            max_unavailable_stateful_set: MAX_UNAVAILABLE_STATEFUL_SET.default,
        }
    }
}

impl FeatureGates {
    /// Whether the gate named `name` is on; `None` for a gate the cluster does not know.
    pub fn enabled(&self, name: &str) -> Option<bool> {
        match name {
            "MaxUnavailableStatefulSet" => Some(self.max_unavailable_stateful_set),
            _ => None,
        }
    }

    /// Turn the gate named `name` on or off. An unknown name is refused in the words
    /// of a component's `--feature-gates` flag.
    pub fn set(&mut self, name: &str, enabled: bool) -> Result<()> {
        match name {
            "MaxUnavailableStatefulSet" => self.max_unavailable_stateful_set = enabled,
            _ => {
                return Err(EngineError::Invalid {
                    message: format!("unrecognized feature gate: {name}"),
                })
            }
        }
        Ok(())
    }

    /// Every known gate with its current setting, in name order.
    pub fn list(&self) -> Vec<(FeatureGate, bool)> {
        KNOWN
            .iter()
            .map(|gate| (*gate, self.enabled(gate.name).unwrap_or(gate.default)))
            .collect()
    }
}

impl fmt::Display for FeatureGates {
    /// The gates as a `--feature-gates` flag value: `MaxUnavailableStatefulSet=false`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .list()
            .iter()
            .map(|(gate, on)| format!("{}={on}", gate.name))
            .collect();
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_default_as_in_kubernetes_1_34_and_can_be_switched_by_name() {
        let mut gates = FeatureGates::default();
        assert_eq!(gates.enabled("MaxUnavailableStatefulSet"), Some(false));
        gates.set("MaxUnavailableStatefulSet", true).unwrap();
        assert!(gates.max_unavailable_stateful_set);
        assert_eq!(gates.to_string(), "MaxUnavailableStatefulSet=true");
        assert_eq!(
            gates.set("NoSuchGate", true),
            Err(EngineError::Invalid {
                message: "unrecognized feature gate: NoSuchGate".to_owned()
            })
        );
        assert_eq!(gates.enabled("NoSuchGate"), None);
    }
}
