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
use std::fmt;
use std::marker::PhantomData;

/// A struct that reads and writes itself as a JSON object, one property at a time.
pub trait Object: Sized {
    /// Reads the properties of an object; unknown ones are skipped (or kept, for a struct with
    /// `additionalProperties`).
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;

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
        T::read(map)
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

/// Reads a property's value into `slot` (an `Option` field reads `null` as `None`).
pub fn read<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(map: &mut A, slot: &mut T) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Reads a property's value into `slot` as `Some`: a required property, or an optional nullable
/// one (`Option<Option<T>>`, where `null` is `Some(None)`).
pub fn read_some<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a property the struct does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
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
