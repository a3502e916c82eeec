//! What a schema says about a value beyond its type (format, default, example, bounds), kept as
//! data in the IR; `emit` writes it into rustdoc and `diff` compares it.

use crate::ir::{About, Constraints};
use openapiv3::{Schema, SchemaKind, StringFormat, VariantOrUnknownOrEmpty};

/// The format, default, example and bounds of `schema`.
pub(super) fn about(schema: &Schema) -> About {
    About {
        format: format(schema),
        default: schema.schema_data.default.clone(),
        example: schema.schema_data.example.clone(),
        constraints: constraints(schema),
    }
}

/// The bounds of a value.
fn constraints(schema: &Schema) -> Constraints {
    use openapiv3::Type as T;
    let number = |v: f64| serde_json::Number::from_f64(v);
    match &schema.schema_kind {
        SchemaKind::Type(T::Integer(i)) => Constraints {
            minimum: i.minimum.map(serde_json::Number::from),
            maximum: i.maximum.map(serde_json::Number::from),
            ..Constraints::default()
        },
        SchemaKind::Type(T::Number(n)) => Constraints {
            minimum: n.minimum.and_then(number),
            maximum: n.maximum.and_then(number),
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
