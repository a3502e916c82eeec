//! Serde glue used by generated code.

use serde::{Deserialize, Deserializer};

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
