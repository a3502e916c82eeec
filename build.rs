//! Keeps `generated/` in step with `spec/drata.yaml`.
//!
//! Only with the `regenerate` feature (on inside this workspace, off for applications): when the
//! spec or the generator changes, the SDK is regenerated here, before rustc compiles
//! `generated/lib.rs`, so the same `cargo build` or `cargo test` uses the new code. Files whose
//! contents are unchanged are not rewritten. `generated/` itself is not watched: cargo would see
//! the files written here as changes and run everything once more; hand edits there are caught by
//! the freshness test instead. With `CI` set in the environment nothing is
//! written: a stale `generated/` fails the build instead, so a forgotten regeneration cannot slip
//! through a pipeline that builds from a clean clone.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "regenerate")]
    regenerate();
}

#[cfg(feature = "regenerate")]
fn regenerate() {
    println!("cargo:rerun-if-changed=spec/drata.yaml");
    println!("cargo:rerun-if-env-changed=CI");
    let config = drata_codegen::Config::new().spec("spec/drata.yaml").out_dir("generated");
    let check_only = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    let outcome = if check_only {
        config.stale().map(|stale| {
            if !stale.is_empty() {
                eprintln!(
                    "generated/ is stale ({}): run `cargo run -p drata-codegen -- generate` and commit the result",
                    stale.join(", ")
                );
                std::process::exit(1);
            }
        })
    } else {
        config.generate().map(|summary| {
            for warning in &summary.warnings {
                println!("cargo:warning=spec/drata.yaml: {warning}");
            }
            if !summary.written.written.is_empty() || !summary.written.removed.is_empty() {
                println!("cargo:warning=regenerated generated/: {summary}");
            }
        })
    };
    if let Err(e) = outcome {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
