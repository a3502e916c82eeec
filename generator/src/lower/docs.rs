//! Documentation text: descriptions with the constraints and defaults types cannot express.

use openapiv3::{
    Schema, SchemaKind,
};

pub(super) fn schema_doc(schema: &Schema) -> Option<String> {
    let mut doc = schema.schema_data.description.clone().unwrap_or_default();
    append_constraints(&mut doc, schema);
    (!doc.is_empty()).then_some(doc)
}

/// Adds the constraints and default a reader of the docs needs (the types cannot express them).
pub(super) fn append_constraints(doc: &mut String, schema: &Schema) {
    if let Some(default) = &schema.schema_data.default {
        push_sentence(doc, &format!("Default: `{}`.", compact(default)));
    }
    for part in constraints(schema) {
        push_sentence(doc, &part);
    }
}

/// The bounds of a value (`Minimum: 1.`, `Maximum length: 50.`, ...).
pub(super) fn constraints(schema: &Schema) -> Vec<String> {
    use openapiv3::Type as T;
    let mut parts = Vec::new();
    let mut bound = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            parts.push(format!("{label}: {v}."));
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(T::Integer(i)) => {
            bound("Minimum", i.minimum.map(|v| v.to_string()));
            bound("Maximum", i.maximum.map(|v| v.to_string()));
        }
        SchemaKind::Type(T::Number(n)) => {
            bound("Minimum", n.minimum.map(|v| v.to_string()));
            bound("Maximum", n.maximum.map(|v| v.to_string()));
        }
        SchemaKind::Type(T::String(s)) => {
            bound("Minimum length", s.min_length.map(|v| v.to_string()));
            bound("Maximum length", s.max_length.map(|v| v.to_string()));
            bound("Pattern", s.pattern.as_ref().map(|p| format!("`{p}`")));
        }
        SchemaKind::Type(T::Array(a)) => {
            bound("Minimum items", a.min_items.map(|v| v.to_string()));
            bound("Maximum items", a.max_items.map(|v| v.to_string()));
        }
        _ => {}
    }
    parts
}

pub(super) fn push_sentence(doc: &mut String, sentence: &str) {
    if !doc.is_empty() {
        doc.push_str(if doc.ends_with('.') || doc.ends_with('\n') { "\n\n" } else { ".\n\n" });
    }
    doc.push_str(sentence);
}

pub(super) fn compact(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
