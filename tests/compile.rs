//! Generated code is compiled, not just looked at: the output for every focused spec in
//! `tests/specs/` is built as a crate of its own and must pass `cargo clippy -- -D warnings`.
//! (The Drata output is the `drata` crate itself, linted by the README's test command.)

use drata_codegen::Config;

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
        Config::new().spec(spec).out_dir(dir.join("src")).generate().unwrap_or_else(|e| panic!("{e}"));
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ndrata-runtime = {{ path = {:?} }}\n",
            runtime.display().to_string()
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
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
}
