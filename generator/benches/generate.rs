//! Generation speed: the Drata spec, and a document with thousands of operations built from real
//! pieces (the Drata spec's paths and schemas, copied 200 times under new names: 2,800 operations,
//! 6,432 schemas).
//!
//! `cargo bench -p drata-codegen --bench generate`

mod large_spec;

use criterion::{criterion_group, criterion_main, Criterion};
use drata_codegen::Config;
use large_spec::large_spec;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn drata_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/drata.yaml")
}
fn bench(c: &mut Criterion) {
    let drata = Config::new().spec(drata_spec());
    c.bench_function("render drata.yaml (14 operations)", |b| b.iter(|| drata.render().expect("render")));

    let dir = std::env::temp_dir().join(format!("drata-codegen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let large = dir.join("large.json");
    std::fs::write(&large, large_spec(&drata_spec(), 200)).expect("write");
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
