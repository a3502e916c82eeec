//! Objects a server may send collapsed, as `{}`, instead of in full.

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// An object the server sends either in full or collapsed to an empty object, `{}`.
///
/// APIs that embed related records stop expanding them somewhere (a user's background check holds
/// the user again, which is sent as `{}`). A spec says so with
/// `oneOf: [{$ref: ...}, {type: object, maxProperties: 0}]`; the generator maps that to this type.
/// A collapsed value encodes back to `{}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expandable<T> {
    /// The server sent `{}`: the object exists, its fields were not expanded.
    Collapsed,
    /// The server sent the object.
    Expanded(Box<T>),
}

impl<T> Expandable<T> {
    /// The object, if the server expanded it.
    pub fn expanded(&self) -> Option<&T> {
        match self {
            Expandable::Expanded(value) => Some(value),
            Expandable::Collapsed => None,
        }
    }

    /// Takes the object, if the server expanded it.
    pub fn into_expanded(self) -> Option<T> {
        match self {
            Expandable::Expanded(value) => Some(*value),
            Expandable::Collapsed => None,
        }
    }

    /// The server sent `{}`.
    pub fn is_collapsed(&self) -> bool {
        matches!(self, Expandable::Collapsed)
    }
}

impl<T> From<T> for Expandable<T> {
    fn from(value: T) -> Self {
        Expandable::Expanded(Box::new(value))
    }
}

impl<T: Serialize> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expandable::Expanded(value) => value.serialize(serializer),
            Expandable::Collapsed => serializer.serialize_map(Some(0))?.end(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ExpandableVisitor(PhantomData))
    }
}

struct ExpandableVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ExpandableVisitor<T> {
    type Value = Expandable<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, or `{}` for a collapsed one")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Read the first key: none means `{}`. Otherwise hand the map to `T` with that key put
        // back in front, so the object is decoded in one pass without buffering it.
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Expandable::Collapsed);
        };
        let rest = Replay { first: Some(first), map };
        T::deserialize(de::value::MapAccessDeserializer::new(rest)).map(Expandable::from)
    }
}

/// A map whose first key was already read.
struct Replay<A> {
    first: Option<String>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        match self.first.take() {
            Some(key) => seed.deserialize(key.into_deserializer()).map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint().map(|n| n + usize::from(self.first.is_some()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct User {
        id: i64,
        name: Option<String>,
    }

    #[test]
    fn empty_object_is_collapsed_and_encodes_back_to_it() {
        let v: Expandable<User> = serde_json::from_value(json!({})).unwrap();
        assert!(v.is_collapsed());
        assert_eq!(serde_json::to_value(&v).unwrap(), json!({}));
    }

    #[test]
    fn a_full_object_is_expanded_whatever_its_key_order() {
        let v: Expandable<User> = serde_json::from_str(r#"{"name":"Sally","id":1,"extra":true}"#).unwrap();
        assert_eq!(v.expanded(), Some(&User { id: 1, name: Some("Sally".into()) }));
        assert_eq!(serde_json::to_value(&v).unwrap(), json!({"id": 1, "name": "Sally"}));
    }

    #[test]
    fn errors_inside_the_object_keep_their_path() {
        let de = &mut serde_json::Deserializer::from_str(r#"{"user": {"id": "x"}}"#);
        let err = serde_path_to_error::deserialize::<_, std::collections::BTreeMap<String, Expandable<User>>>(de)
            .unwrap_err();
        assert_eq!(err.path().to_string(), "user.id");
        let de = &mut serde_json::Deserializer::from_str(r#"{"user": {"name": "x"}}"#);
        let err = serde_path_to_error::deserialize::<_, std::collections::BTreeMap<String, Expandable<User>>>(de)
            .unwrap_err();
        assert_eq!(err.path().to_string(), "user");
        assert!(err.inner().to_string().contains("missing field `id`"));
    }

    #[test]
    fn anything_but_an_object_is_an_error() {
        assert!(serde_json::from_value::<Expandable<User>>(json!(1)).is_err());
        assert!(serde_json::from_value::<Option<Expandable<User>>>(json!(null)).unwrap().is_none());
    }
}
