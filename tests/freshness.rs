//! `generated/` is exactly what the spec produces, generation is deterministic, unchanged files are
//! never rewritten, and a failed generation leaves the output as it was.

use drata_codegen::Config;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

fn spec() -> std::path::PathBuf {
    drata_tests::root().join("spec/drata.yaml")
}

/// Contents and modification time of every file in `dir`.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            (e.file_name().to_string_lossy().into_owned(), (std::fs::read(e.path()).unwrap(), meta.modified().unwrap()))
        })
        .collect()
}

#[test]
fn committed_generated_matches_the_spec() {
    let stale = Config::new().spec(spec()).out_dir(drata_tests::root().join("generated")).stale().unwrap();
    assert!(
        stale.is_empty(),
        "generated/ is stale ({}): run `cargo run -p drata-codegen -- generate` and commit the result",
        stale.join(", ")
    );
}

#[test]
fn output_is_deterministic_and_independent_of_the_spec_location() {
    let first = Config::new().spec(spec()).render().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let moved = dir.path().join("elsewhere").join("drata.yaml");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::copy(spec(), &moved).unwrap();
    let second = Config::new().spec(&moved).render().unwrap();
    assert_eq!(first.files, second.files);
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    let first = Config::new().spec(spec()).out_dir(&out).generate().unwrap();
    assert_eq!(first.written.written.len(), 5);
    let before = snapshot(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = Config::new().spec(spec()).out_dir(&out).generate().unwrap();
    assert!(second.written.written.is_empty(), "{:?}", second.written);
    assert_eq!(second.written.unchanged.len(), 5);
    assert_eq!(snapshot(&out), before, "contents and modification times are untouched");
}

#[test]
fn a_file_the_spec_no_longer_produces_is_removed_but_hand_written_files_stay() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    Config::new().spec(spec()).out_dir(&out).generate().unwrap();
    std::fs::write(out.join("old.rs"), format!("{} from drata.yaml.\n", drata_codegen::HEADER)).unwrap();
    std::fs::write(out.join("notes.rs"), "// mine\n").unwrap();
    let summary = Config::new().spec(spec()).out_dir(&out).generate().unwrap();
    assert_eq!(summary.written.removed, ["old.rs"]);
    assert!(out.join("notes.rs").exists());
}

#[test]
fn a_failed_generation_leaves_the_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    Config::new().spec(spec()).out_dir(&out).generate().unwrap();
    let before = snapshot(&out);
    let text = std::fs::read_to_string(spec()).unwrap();
    let broken = dir.path().join("broken.yaml");
    // A dangling reference deep in the document, reached after the other schemas were converted.
    std::fs::write(
        &broken,
        text.replace("$ref: '#/components/schemas/Workspace'", "$ref: '#/components/schemas/Workspaces'"),
    )
    .unwrap();
    let err = Config::new().spec(&broken).out_dir(&out).generate().unwrap_err().to_string();
    assert!(err.contains("broken.yaml"), "names the file: {err}");
    assert!(err.contains("at /components/schemas/Connection/properties/workspaces/items"), "names the pointer: {err}");
    assert!(err.contains("#/components/schemas/Workspaces"), "names the reference: {err}");
    assert!(err.contains("fix: "), "says how to fix it: {err}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_missing_path_parameter_is_reported_with_its_operation() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("drata.yaml");
    let text = std::fs::read_to_string(spec()).unwrap();
    std::fs::write(&broken, text.replacen("/users/{id}/documents:", "/users/{userId}/documents:", 1)).unwrap();
    let err = Config::new().spec(&broken).render().unwrap_err().to_string();
    assert!(err.contains("at /paths/~1users~1{userId}~1documents/get"), "{err}");
    assert!(err.contains("no path parameter `userId`"), "{err}");
}

#[test]
fn a_dangling_reference_in_a_shared_error_response_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("drata.yaml");
    let text = std::fs::read_to_string(spec()).unwrap();
    let marker = "  responses:\n    BadRequest:";
    let at = text.find(marker).expect("shared responses");
    let edited = format!("{}{}", &text[..at], text[at..].replacen("schemas/ErrorResponse'", "schemas/ErrorBody'", 1));
    std::fs::write(&broken, edited).unwrap();
    let err = Config::new().spec(&broken).render().unwrap_err().to_string();
    assert!(err.contains("#/components/schemas/ErrorBody") && err.contains("/responses/400"), "{err}");
}
