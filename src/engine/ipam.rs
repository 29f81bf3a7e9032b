//! Address management: pod IPs from each node's pod CIDR. A pod gets the next free
//! address after the last one handed out on its node (as the host-local IPAM plugin
//! does), so a recreated pod usually gets a new IP, as on a real cluster.

use std::collections::{BTreeMap, BTreeSet};

/// The cluster's pod network: node N's pods get addresses in `10.244.N.0/24`.
pub const POD_NETWORK_PREFIX: &str = "10.244";

/// Pod addresses per node.
#[derive(Debug, Clone, Default)]
pub struct PodAddresses {
    /// For each node's /24 (third octet): addresses in use and the last one given.
    nodes: BTreeMap<u8, NodeRange>,
}

#[derive(Debug, Clone, Default)]
struct NodeRange {
    in_use: BTreeSet<u8>,
    last: u8,
}

impl PodAddresses {
    /// Take the next free address in node `subnet`'s /24 (`.2` to `.254`), or `None` when full.
    pub fn allocate(&mut self, subnet: u8) -> Option<String> {
        let range = self.nodes.entry(subnet).or_insert(NodeRange {
            in_use: BTreeSet::new(),
            last: 1,
        });
        let mut candidate = range.last;
        for _ in 2..=254 {
            candidate = if candidate >= 254 { 2 } else { candidate + 1 };
            if range.in_use.insert(candidate) {
                range.last = candidate;
                return Some(format!("{POD_NETWORK_PREFIX}.{subnet}.{candidate}"));
            }
        }
        None
    }

    /// Give an address back.
    pub fn release(&mut self, address: &str) {
        let mut octets = address.split('.').skip(2).map(|o| o.parse::<u8>());
        if let (Some(Ok(subnet)), Some(Ok(host))) = (octets.next(), octets.next()) {
            if let Some(range) = self.nodes.get_mut(&subnet) {
                range.in_use.remove(&host);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_advance_and_are_not_reused_at_once() {
        let mut ipam = PodAddresses::default();
        assert_eq!(ipam.allocate(1).as_deref(), Some("10.244.1.2"));
        assert_eq!(ipam.allocate(1).as_deref(), Some("10.244.1.3"));
        ipam.release("10.244.1.2");
        assert_eq!(ipam.allocate(1).as_deref(), Some("10.244.1.4"));
        assert_eq!(ipam.allocate(2).as_deref(), Some("10.244.2.2"));
    }

    #[test]
    fn a_full_subnet_wraps_to_freed_addresses_then_refuses() {
        let mut ipam = PodAddresses::default();
        for _ in 2..=254 {
            assert!(ipam.allocate(3).is_some());
        }
        assert_eq!(ipam.allocate(3), None);
        ipam.release("10.244.3.7");
        assert_eq!(ipam.allocate(3).as_deref(), Some("10.244.3.7"));
    }
}
