//! A large document made of real pieces: the Drata spec's paths and schemas copied `copies` times,
//! every path, operation ID and schema name suffixed (the original schemas stay too). Shared by the benchmark and by
//! `cargo run --release -p drata-codegen --example large-spec -- OUT.json [COPIES]`.

use std::path::Path;

/// The document as JSON text.
pub fn large_spec(drata: &Path, copies: usize) -> String {
    let text = std::fs::read_to_string(drata).expect("spec");
    let mut json: serde_json::Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).expect("json")
    } else {
        serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(&text).expect("yaml")).expect("json")
    };
    let paths = json["paths"].as_object().cloned().unwrap_or_default();
    let schemas = json["components"]["schemas"].as_object().cloned().unwrap_or_default();
    let mut new_paths = serde_json::Map::new();
    // The originals stay: shared `components/responses` still refer to them.
    let mut new_schemas = schemas.clone();
    for i in 0..copies {
        let rename = |value: &serde_json::Value| {
            let mut text = value.to_string();
            for name in schemas.keys() {
                text = text.replace(&format!("schemas/{name}\""), &format!("schemas/{name}V{i}\""));
            }
            text = text.replace("\"operationId\":\"", &format!("\"operationId\":\"v{i}_"));
            serde_json::from_str::<serde_json::Value>(&text).expect("renamed")
        };
        for (path, item) in &paths {
            new_paths.insert(format!("/v{i}{path}"), rename(item));
        }
        for (name, schema) in &schemas {
            new_schemas.insert(format!("{name}V{i}"), rename(schema));
        }
    }
    json["paths"] = serde_json::Value::Object(new_paths);
    json["components"]["schemas"] = serde_json::Value::Object(new_schemas);
    json.to_string()
}
