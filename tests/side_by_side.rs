//! Clients generated for two APIs live side by side: two standalone crates, each with its vendored
//! runtime (a package named after the crate), in one workspace with an application that uses both,
//! pass `cargo check`.

use drata_codegen::{Config, Layout};

#[test]
fn two_generated_crates_and_an_app_using_both_check_in_one_workspace() {
    let work = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("side-by-side");
    let _ = std::fs::remove_dir_all(&work);
    let specs = drata_tests::root().join("tests/specs");
    for (name, spec) in [("petstore", "refs.yaml"), ("vault", "security.yaml")] {
        Config::new()
            .spec(specs.join(spec))
            .out_dir(work.join(name))
            .crate_name(name)
            .layout(Layout::Crate { runtime_path: None })
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(work.join(name).join(format!("{name}-runtime/Cargo.toml")).is_file());
    }
    std::fs::create_dir_all(work.join("app/src")).unwrap();
    std::fs::write(
        work.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\npetstore = { path = \"../petstore\" }\nvault = { path = \"../vault\" }\n",
    )
    .unwrap();
    std::fs::write(
        work.join("app/src/main.rs"),
        "fn main() {\n    let pets = petstore::Client::from_env();\n    let vault = vault::Client::from_env();\n    \
         println!(\"{} {}\", pets.is_ok(), vault.is_ok());\n}\n",
    )
    .unwrap();
    std::fs::write(
        work.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"petstore\", \"vault\", \"app\"]\n",
    )
    .unwrap();
    std::fs::copy(drata_tests::root().join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let mut check = drata_tests::cargo(&work, &drata_tests::scratch_target());
    check.args(["check", "--workspace", "--quiet"]);
    drata_tests::run(&mut check);
    let lock = std::fs::read_to_string(work.join("Cargo.lock")).unwrap();
    assert!(lock.contains("name = \"petstore-runtime\"") && lock.contains("name = \"vault-runtime\""), "{lock}");
}
