//! Generated code is compiled, not just looked at: the output for every focused spec in
//! `tests/specs/` is built as a crate of its own and must pass `cargo clippy -- -D warnings`; the
//! polymorphism crate also runs `tests/decode/polymorphism.rs`, decoding its unions.
//! (The Drata output is the `drata` crate itself, linted by the README's test command.)

use drata_codegen::{Config, Layout};

#[test]
fn focused_specs_generate_crates_that_pass_clippy() {
    let scratch = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("focused");
    let _ = std::fs::remove_dir_all(scratch.join("crates"));
    let runtime = drata_tests::root().join("runtime");
    let mut members = Vec::new();
    let mut specs: Vec<_> =
        std::fs::read_dir(drata_tests::root().join("tests/specs")).unwrap().map(|e| e.unwrap().path()).collect();
    specs.sort();
    assert!(specs.len() >= 6);
    for spec in &specs {
        let name = spec.file_stem().unwrap().to_string_lossy().replace('_', "-");
        let dir = scratch.join("crates").join(&name);
        // The generator's own manifest: it declares the crate's features (one per tag).
        let layout = Layout::Crate { runtime_path: Some(runtime.display().to_string()) };
        Config::new()
            .spec(spec)
            .out_dir(&dir)
            .crate_name(&name)
            .layout(layout)
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        members.push(format!("\"crates/{name}\""));
    }
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    // Same dependency versions as this workspace.
    std::fs::copy(drata_tests::root().join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    let mut clippy = drata_tests::cargo(&scratch, &drata_tests::scratch_target());
    clippy.args(["clippy", "--workspace", "--quiet", "--", "-D", "warnings"]);
    drata_tests::run(&mut clippy);
    // Pay for what you use: each tag's feature alone, none, and the schemas no operation uses,
    // each compiles without a warning (a type shared between tags is there with either).
    for features in ["", "pets", "stores", "default-tag", "other-schemas", "pets,stores"] {
        let mut clippy = drata_tests::cargo(&scratch, &drata_tests::scratch_target());
        clippy.args(["clippy", "-p", "tags", "--quiet", "--no-default-features", "--features", features]);
        clippy.args(["--", "-D", "warnings"]);
        drata_tests::run(&mut clippy);
    }
    // Compiled is not working: the unions of `polymorphism.yaml` decode and encode as the spec says,
    // run as a test of the generated crate itself.
    let tests = scratch.join("crates/polymorphism/tests");
    std::fs::create_dir_all(&tests).unwrap();
    std::fs::copy(drata_tests::root().join("tests/decode/polymorphism.rs"), tests.join("unions.rs")).unwrap();
    let mut test = drata_tests::cargo(&scratch, &drata_tests::scratch_target());
    test.args(["test", "-p", "polymorphism", "--test", "unions", "--quiet"]);
    let out = drata_tests::run(&mut test);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("test result: ok. 6 passed"), "{stdout}");
}
