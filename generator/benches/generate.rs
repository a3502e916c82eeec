//! Generation speed: the Drata spec, and a document with thousands of operations built from real
//! pieces (the Drata spec's paths and schemas, copied 200 times under new names: 2,800 operations,
//! 6,400 schemas).
//!
//! `cargo bench -p drata-codegen --bench generate`

use criterion::{criterion_group, criterion_main, Criterion};
use drata_codegen::Config;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn drata_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/drata.yaml")
}

/// The Drata spec with its paths and schemas repeated `copies` times, every name suffixed.
pub fn large_spec(copies: usize) -> String {
    let text = std::fs::read_to_string(drata_spec()).expect("spec");
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
    let mut json: serde_json::Value = serde_json::to_value(doc).expect("json");
    let paths = json["paths"].as_object().cloned().unwrap_or_default();
    let schemas = json["components"]["schemas"].as_object().cloned().unwrap_or_default();
    let mut new_paths = serde_json::Map::new();
    let mut new_schemas = serde_json::Map::new();
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

fn bench(c: &mut Criterion) {
    let drata = Config::new().spec(drata_spec());
    c.bench_function("render drata.yaml (14 operations)", |b| b.iter(|| drata.render().expect("render")));

    let dir = std::env::temp_dir().join(format!("drata-codegen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let large = dir.join("large.json");
    std::fs::write(&large, large_spec(200)).expect("write");
    let config = Config::new().spec(&large);
    let ops = config.render().expect("render").api.operations.len();
    assert_eq!(ops, 2800);
    let mut group = c.benchmark_group("large");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("render 2800 operations", |b| b.iter(|| config.render().expect("render")));
    group.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
