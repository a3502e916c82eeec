//! Writes the large benchmark document:
//! `cargo run --release -p drata-codegen --example large-spec -- OUT.json [COPIES] [SPEC]`
//! (SPEC defaults to the Drata spec).

#[path = "../benches/large_spec.rs"]
mod large_spec;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "large.json".into());
    let copies = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
    let drata = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/drata.yaml"));
    if let Err(e) = std::fs::write(&out, large_spec::large_spec(&drata, copies)) {
        eprintln!("error: cannot write {out}: {e}");
        std::process::exit(1);
    }
}
