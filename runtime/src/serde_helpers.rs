//! Serde glue used by generated code.

use serde::{de, Deserialize, Deserializer};
use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// For an optional, nullable property held as `Option<Option<T>>`: an absent key is `None` (with
/// `#[serde(default)]`), `null` is `Some(None)`, a value is `Some(Some(v))`. Serde alone folds
/// `null` into `None`, which would lose the difference the spec makes.
pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// For a list a response may send as `null` (or leave out, with `#[serde(default)]`): both read
/// as empty, so code can iterate without unwrapping.
pub fn null_as_default<'de, T, D>(d: D) -> Result<T, D::Error>
where
    T: Deserialize<'de> + Default,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// Deserializes a string enum through its `FromStr`, which never fails: a value the spec did not
/// list lands in the enum's catch-all variant. Borrows the text when it can, so known values cost
/// no allocation.
pub fn deserialize_str_enum<'de, T, D>(d: D) -> Result<T, D::Error>
where
    T: FromStr<Err = Infallible>,
    D: Deserializer<'de>,
{
    struct Visit<T>(PhantomData<T>);
    impl<T: FromStr<Err = Infallible>> de::Visitor<'_> for Visit<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            match T::from_str(v) {
                Ok(value) => Ok(value),
                Err(never) => match never {},
            }
        }
    }
    d.deserialize_str(Visit(PhantomData))
}

/// Decodes one variant of a discriminated union from the whole JSON object.
pub fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}
