//! The field names a `k8s-openapi` type accepts at a path, read from the type itself.
//!
//! Every generated `Deserialize` impl hands its struct name and field list to
//! `deserialize_struct`; a probe deserializer that follows a path and stops at the
//! struct found there reads them, so "did you mean" hints use the real field names
//! without a hand-kept table.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

use super::path::Segment;

/// A struct found at a path: its Rust (and OpenAPI) type name and its field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StructFields {
    pub name: &'static str,
    pub fields: &'static [&'static str],
}

/// The fields of the struct that `T` holds at `path`, if a struct is there.
pub fn fields_at<T: DeserializeOwned>(path: &[Segment]) -> Option<StructFields> {
    let mut found = None;
    let _ = T::deserialize(Probe {
        path,
        found: &mut found,
    });
    found
}

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

struct Probe<'p, 'f> {
    path: &'p [Segment],
    found: &'f mut Option<StructFields>,
}

fn stop<T>() -> Result<T, de::value::Error> {
    Err(de::Error::custom("probe stops here"))
}

impl<'de> de::Deserializer<'de> for Probe<'_, '_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        stop()
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.path.split_first() {
            None => {
                *self.found = Some(StructFields { name, fields });
                stop()
            }
            Some((Segment::Key(key), rest)) => visitor.visit_map(OneEntry {
                key: Some(key),
                rest,
                found: self.found,
            }),
            Some((Segment::Index(_), _)) => stop(),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.path.split_first() {
            Some((Segment::Key(key), rest)) => visitor.visit_map(OneEntry {
                key: Some(key),
                rest,
                found: self.found,
            }),
            _ => stop(),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.path.split_first() {
            Some((Segment::Index(_), rest)) => visitor.visit_seq(OneItem {
                rest: Some(rest),
                found: self.found,
            }),
            _ => stop(),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct tuple tuple_struct enum identifier ignored_any
    }
}

/// A map with the one key the path names, whose value continues the probe.
struct OneEntry<'p, 'f> {
    key: Option<&'p str>,
    rest: &'p [Segment],
    found: &'f mut Option<StructFields>,
}

impl<'de> de::MapAccess<'de> for OneEntry<'_, '_> {
    type Error = de::value::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.key.take() {
            Some(key) => seed.deserialize(key.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        seed.deserialize(Probe {
            path: self.rest,
            found: self.found,
        })
    }
}

/// A sequence of one item, which continues the probe.
struct OneItem<'p, 'f> {
    rest: Option<&'p [Segment]>,
    found: &'f mut Option<StructFields>,
}

impl<'de> de::SeqAccess<'de> for OneItem<'_, '_> {
    type Error = de::value::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        match self.rest.take() {
            Some(rest) => seed
                .deserialize(Probe {
                    path: rest,
                    found: self.found,
                })
                .map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::path::parse;
    use k8s_openapi::api::apps::v1::StatefulSet;

    #[test]
    fn the_fields_of_a_nested_struct_come_from_the_type() {
        let spec = fields_at::<StatefulSet>(&parse("spec")).unwrap();
        assert_eq!(spec.name, "StatefulSetSpec");
        assert!(spec.fields.contains(&"replicas"));
        let port =
            fields_at::<StatefulSet>(&parse("spec.template.spec.containers[0].ports[0]")).unwrap();
        assert_eq!(port.name, "ContainerPort");
        assert!(port.fields.contains(&"containerPort"));
        assert!(fields_at::<StatefulSet>(&parse("metadata.labels")).is_none());
    }

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let fields = ["replicas", "selector", "serviceName", "template"];
        assert_eq!(suggestion("replica", &fields), Some("replicas"));
        assert_eq!(suggestion("ServiceName", &fields), Some("serviceName"));
        assert_eq!(suggestion("servicename", &fields), Some("serviceName"));
        assert_eq!(suggestion("volumes", &fields), None);
    }
}
