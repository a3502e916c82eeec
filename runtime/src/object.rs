//! JSON objects of generated structs: serde's `Deserialize` and `Serialize` without its derive.
//!
//! A generated struct derives [`Object`] (`#[derive(rt::Object)]`, the runtime's `derive/` crate),
//! which writes plain code: one match arm per property to read, one line per property to write,
//! and `Deserialize` and `Serialize` through [`deserialize`] and [`serialize`]. What every struct
//! shares (the visitor, the map handling, absent required properties) is here, written once.
//! Serde's derive emits a field enum, its visitor, a sequence visitor and duplicate checks for
//! every struct, which is what makes large generated crates slow and memory-hungry to compile;
//! the decoding itself is the same work (keys are borrowed and matched as strings, values
//! decoded in place).

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A struct that reads and writes itself as a JSON object, one property at a time.
pub trait Object: Sized {
    /// Reads the properties of an object; unknown ones are skipped (or kept, for a struct with
    /// `additionalProperties`). An error of the input is kept by `map`, and wins over what `read`
    /// returns.
    fn read<'de, A: MapAccess<'de>>(map: &mut Reader<'de, A>) -> Result<Self, A::Error>;

    /// Writes the properties that are sent.
    fn write<M: SerializeMap>(&self, out: &mut Writer<'_, M>);
}

/// `Deserialize::deserialize` of an [`Object`].
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// `Serialize::serialize` of an [`Object`].
pub fn serialize<T: Object, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let mut out = Writer { map: &mut map, error: None };
    value.write(&mut out);
    match out.error {
        Some(error) => Err(error),
        None => map.end(),
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<T>();
        write!(f, "a `{}` object", name.rsplit("::").next().unwrap_or(name))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut reader = Reader { map, error: None, input: PhantomData };
        let value = T::read(&mut reader);
        match reader.error {
            Some(error) => Err(error),
            None => value,
        }
    }
}

/// A property name, borrowed from the input when it can be (no allocation per key).
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned (for the map of other properties).
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Serde's "missing field" error for the first required property that was absent (`true`).
pub fn missing<E: de::Error>(absent: &[(&'static str, bool)]) -> E {
    let name = absent.iter().find(|(_, absent)| *absent).map_or("?", |(name, _)| *name);
    E::missing_field(name)
}

/// Where [`Object::read`] reads properties from. The first error is kept and ends the reading
/// (`next_key` returns `None`), so that a struct's `read` is one plain call per property, without
/// an early return (and the drops it takes) per call.
pub struct Reader<'de, A: MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    input: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Reader<'de, A> {
    /// The current property's value, or `None` after keeping its error.
    fn value<T: de::Deserialize<'de>>(&mut self) -> Option<T> {
        self.map.next_value().map_err(|e| self.error = Some(e)).ok()
    }

    /// The next property's name; `None` at the end of the object or after an error.
    pub fn next_key(&mut self) -> Option<Key<'de>> {
        if self.error.is_some() {
            return None;
        }
        self.map.next_key().map_err(|e| self.error = Some(e)).ok().flatten()
    }

    /// Reads a property's value into `slot` (an `Option` field reads `null` as `None`).
    pub fn read<T: de::Deserialize<'de>>(&mut self, slot: &mut T) {
        if let Some(value) = self.value() {
            *slot = value;
        }
    }

    /// Reads a property's value into `slot` as `Some`: a required property, or an optional
    /// nullable one (`Option<Option<T>>`, where `null` is `Some(None)`).
    pub fn read_some<T: de::Deserialize<'de>>(&mut self, slot: &mut Option<T>) {
        if let Some(value) = self.value() {
            *slot = Some(value);
        }
    }

    /// Keeps a property the struct has no field for in its map of other properties.
    pub fn other<T: de::Deserialize<'de>>(&mut self, key: Key<'de>, others: &mut BTreeMap<String, T>) {
        if let Some(value) = self.value() {
            others.insert(key.into_owned(), value);
        }
    }

    /// Skips the value of a property the struct does not know.
    pub fn skip(&mut self) {
        self.value::<IgnoredAny>();
    }
}

/// Where [`Object::write`] writes properties. The first error is kept and what follows is not
/// written, so that a struct's `write` is one plain call per property, without a `?` each (which
/// is what made it heavy for rustc in crates with thousands of structs).
pub struct Writer<'a, M: SerializeMap> {
    map: &'a mut M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<'_, M> {
    /// Writes a property.
    pub fn entry<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(name, value).err();
        }
    }

    /// Writes an optional property: left out when `None`.
    pub fn optional<T: Serialize>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    // What generated code calls the runtime.
    use crate as rt;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, rt::Object)]
    struct Thing {
        #[object(required)]
        id: i64,
        #[object(rename = "displayName")]
        display_name: Option<String>,
        #[object(required, nullable)]
        manager: Option<String>,
        #[object(nullable)]
        note: Option<Option<String>>,
        #[object(default)]
        tags: Vec<String>,
        #[object(read_only)]
        created: Option<String>,
        // Named like the derive's own variables.
        map: Option<bool>,
        key: Option<bool>,
        #[object(flatten)]
        other: BTreeMap<String, i64>,
    }

    fn read(json: &str) -> Result<Thing, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_each_presence_as_the_schema_says() {
        let thing = read(r#"{"id": 1, "displayName": "A", "note": null, "created": "x", "map": true, "extra": 7}"#);
        let thing = thing.unwrap();
        assert_eq!(thing.id, 1);
        assert_eq!(thing.display_name.as_deref(), Some("A"));
        assert_eq!(thing.manager, None);
        assert_eq!(thing.note, Some(None), "null is a value of a nullable optional field");
        assert!(thing.tags.is_empty());
        assert_eq!(thing.created.as_deref(), Some("x"));
        assert_eq!((thing.map, thing.key), (Some(true), None));
        assert_eq!(thing.other, BTreeMap::from([("extra".to_owned(), 7)]));
        assert_eq!(read(r#"{"id": 1, "tags": null}"#).unwrap().tags, Vec::<String>::new());
    }

    #[test]
    fn the_inputs_error_wins_over_a_missing_property() {
        assert!(read(r#"{"displayName": "A"}"#).unwrap_err().starts_with("missing field `id`"));
        // `id` is missing too, but the wrong type is what the input got wrong first.
        let error = read(r#"{"displayName": 5, "id": 1}"#).unwrap_err();
        assert!(error.starts_with("invalid type: integer `5`, expected a string"), "{error}");
        let error = read(r#"{"id": 1, "extra": "seven"}"#).unwrap_err();
        assert!(error.starts_with("invalid type: string \"seven\""), "{error}");
        assert!(read(r#"{"id": 1,"#).is_err());
    }

    /// The runtime under another name, as serde's `#[serde(crate = "...")]` allows.
    mod elsewhere {
        use crate as runtime;

        #[derive(Debug, PartialEq, runtime::Object)]
        #[object(crate = "runtime")]
        pub struct Other {
            #[object(required)]
            pub id: i64,
        }
    }

    #[test]
    fn the_runtime_may_go_by_another_name() {
        let other: elsewhere::Other = serde_json::from_str(r#"{"id": 3}"#).unwrap();
        assert_eq!(other, elsewhere::Other { id: 3 });
        assert_eq!(serde_json::to_string(&other).unwrap(), r#"{"id":3}"#);
    }

    #[test]
    fn writes_what_is_sent() {
        let thing = read(r#"{"id": 1, "created": "x", "note": null, "extra": 7}"#).unwrap();
        let json = serde_json::to_string(&thing).unwrap();
        assert_eq!(json, r#"{"id":1,"manager":null,"note":null,"tags":[],"extra":7}"#);
    }
}
