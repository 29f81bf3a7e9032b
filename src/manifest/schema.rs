//! "Did you mean" hints: the closest of the field names a type reads at a place.
//!
//! The names come from the type itself: every generated `Deserialize` impl hands its
//! field list to `deserialize_struct`, and the YAML reader passes it along with each
//! field the type skipped, so hints use the real field names without a hand-kept table.

/// The closest field name to `unknown` among `fields`, when one is close enough to
/// be what was meant (a typo, a wrong case, a singular for a plural).
pub fn suggestion(unknown: &str, fields: &[&'static str]) -> Option<&'static str> {
    let lower = unknown.to_ascii_lowercase();
    if let Some(same) = fields.iter().find(|f| f.to_ascii_lowercase() == lower) {
        return Some(same);
    }
    let best = fields
        .iter()
        .map(|f| (strsim::osa_distance(&lower, &f.to_ascii_lowercase()), *f))
        .min_by_key(|(distance, _)| *distance)?;
    let allowed = (unknown.chars().count() / 3).clamp(1, 3);
    (best.0 <= allowed).then_some(best.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let fields = ["replicas", "selector", "serviceName", "template"];
        assert_eq!(suggestion("replica", &fields), Some("replicas"));
        assert_eq!(suggestion("ServiceName", &fields), Some("serviceName"));
        assert_eq!(suggestion("servicename", &fields), Some("serviceName"));
        assert_eq!(suggestion("volumes", &fields), None);
    }
}
