//! What a schema says about a value beyond its type (format, default, example, bounds), kept as
//! data in the IR; `emit` writes it into rustdoc and `diff` compares it.

use crate::ir::{About, Constraints};
use openapiv3::{Schema, SchemaKind, StringFormat, VariantOrUnknownOrEmpty};

/// The format, default, example, bounds and inferred-note of `schema`.
pub(super) fn about(schema: &Schema) -> About {
    use openapiv3::{ReferenceOr, Type as T};
    // An inline `items` schema's own format and bounds (a `$ref`'s are its type's).
    let items = match &schema.schema_kind {
        SchemaKind::Type(T::Array(a)) => match a.items.as_ref() {
            Some(ReferenceOr::Item(item)) => Some(Box::new(about(item))).filter(|a| **a != About::default()),
            _ => None,
        },
        _ => None,
    };
    About {
        format: format(schema),
        default: schema.schema_data.default.clone(),
        example: schema.schema_data.example.clone(),
        constraints: constraints(schema),
        inferred: inferred(&schema.schema_data.extensions),
        items,
    }
}

/// The note of an `x-inferred` (or `x-<anything>-inferred`, such as `x-drata-inferred`) extension:
/// what the spec's authors inferred rather than read from the API's documentation.
pub(crate) fn inferred(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> Option<String> {
    extensions
        .iter()
        .find(|(key, _)| key.as_str() == "x-inferred" || key.starts_with("x-") && key.ends_with("-inferred"))
        .and_then(|(_, note)| note.as_str())
        .map(|note| note.trim().to_owned())
}

/// The bounds of a value.
fn constraints(schema: &Schema) -> Constraints {
    use openapiv3::Type as T;
    let number = |v: f64| serde_json::Number::from_f64(v);
    match &schema.schema_kind {
        SchemaKind::Type(T::Integer(i)) => Constraints {
            minimum: i.minimum.map(serde_json::Number::from),
            maximum: i.maximum.map(serde_json::Number::from),
            exclusive_minimum: i.exclusive_minimum && i.minimum.is_some(),
            exclusive_maximum: i.exclusive_maximum && i.maximum.is_some(),
            ..Constraints::default()
        },
        SchemaKind::Type(T::Number(n)) => Constraints {
            minimum: n.minimum.and_then(number),
            maximum: n.maximum.and_then(number),
            exclusive_minimum: n.exclusive_minimum && n.minimum.is_some(),
            exclusive_maximum: n.exclusive_maximum && n.maximum.is_some(),
            ..Constraints::default()
        },
        SchemaKind::Type(T::String(s)) => Constraints {
            min_length: s.min_length,
            max_length: s.max_length,
            pattern: s.pattern.clone(),
            ..Constraints::default()
        },
        SchemaKind::Type(T::Array(a)) => {
            Constraints { min_items: a.min_items, max_items: a.max_items, ..Constraints::default() }
        }
        _ => Constraints::default(),
    }
}

/// A `format` the Rust type does not show already: `int64` is `i64` and `date-time` a `DateTime`,
/// but `email` or `uuid` is only a `String`.
fn format(schema: &Schema) -> Option<String> {
    use openapiv3::Type as T;
    fn unknown<F>(format: &VariantOrUnknownOrEmpty<F>) -> Option<String> {
        match format {
            VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
            _ => None,
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(T::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password".into()),
            other => unknown(other),
        },
        SchemaKind::Type(T::Integer(i)) => unknown(&i.format),
        SchemaKind::Type(T::Number(n)) => unknown(&n.format),
        _ => None,
    }
}
