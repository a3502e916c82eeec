//! The `drata-codegen` command line: exit codes and output of `generate`, `check` and `diff`.

use std::path::Path;
use std::process::{Command, Output};

fn cli(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_drata-codegen")).current_dir(dir).args(args).output().expect("run drata-codegen")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory holding a copy of the Drata spec under `spec/drata.yaml`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("spec")).unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/drata.yaml"), dir.path().join("spec/drata.yaml"))
        .unwrap();
    dir
}

#[test]
fn generate_prints_a_one_line_summary() {
    let dir = workspace();
    let out = cli(dir.path(), &["generate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let line = text(&out.stdout);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(
        line.starts_with("generated: ") && line.contains("14 operations: 5 files written, 0 unchanged in "),
        "{line}"
    );
    let again = text(&cli(dir.path(), &["generate"]).stdout);
    assert!(again.contains("0 files written, 5 unchanged"), "{again}");
}

#[test]
fn check_passes_when_fresh_and_prints_a_diff_when_stale_without_writing() {
    let dir = workspace();
    assert!(cli(dir.path(), &["generate"]).status.success());
    let fresh = cli(dir.path(), &["check"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stderr));

    let spec = dir.path().join("spec/drata.yaml");
    let edited = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("        - TRUST_CENTER_REVIEWER\n", "        - TRUST_CENTER_REVIEWER\n        - AUDITOR_LEAD\n");
    std::fs::write(&spec, edited).unwrap();
    let before = std::fs::read(dir.path().join("generated/types.rs")).unwrap();
    let stale = cli(dir.path(), &["check"]);
    assert_eq!(stale.status.code(), Some(1));
    let diff = text(&stale.stdout);
    assert!(diff.contains("--- a/generated/types.rs") && diff.contains("+++ b/generated/types.rs"), "{diff}");
    assert!(diff.contains("+    AuditorLead,") && diff.contains("AuditorLead => \"AUDITOR_LEAD\""), "{diff}");
    assert_eq!(std::fs::read(dir.path().join("generated/types.rs")).unwrap(), before, "check writes nothing");
}

#[test]
fn diff_exit_codes_and_formats() {
    let dir = workspace();
    let spec = dir.path().join("spec/drata.yaml");
    let old = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        dir.path().join("added.yaml"),
        old.replace("        - TRUST_CENTER_REVIEWER\n", "        - TRUST_CENTER_REVIEWER\n        - AUDITOR_LEAD\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("removed.yaml"), old.replace("        - TRUST_CENTER_REVIEWER\n", "")).unwrap();

    let same = cli(dir.path(), &["diff", "spec/drata.yaml", "spec/drata.yaml"]);
    assert_eq!((same.status.code(), text(&same.stdout)), (Some(0), "No API changes.\n".to_owned()));
    let added = cli(dir.path(), &["diff", "spec/drata.yaml", "added.yaml", "--format", "json"]);
    assert_eq!(added.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    assert_eq!(json["breaking"], false);
    assert_eq!(json["changes"][0]["kind"], "enum value added");
    let removed = cli(dir.path(), &["diff", "spec/drata.yaml", "removed.yaml", "--format", "markdown"]);
    assert_eq!(removed.status.code(), Some(2));
    assert!(text(&removed.stdout).contains("| enum value removed | `UserRole` value `TRUST_CENTER_REVIEWER` | `types::UserRole::TrustCenterReviewer` |"), "{}", text(&removed.stdout));
}

#[test]
fn diff_since_a_git_revision() {
    let dir = workspace();
    let git = |args: &[&str]| {
        let out = Command::new("git").current_dir(dir.path()).args(args).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["-c", "user.name=t", "-c", "user.email=t@t", "add", "."]);
    git(&["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "spec"]);
    let spec = dir.path().join("spec/drata.yaml");
    let edited = std::fs::read_to_string(&spec).unwrap().replace("        - TRUST_CENTER_REVIEWER\n", "");
    std::fs::write(&spec, edited).unwrap();
    let out = cli(dir.path(), &["diff", "--since", "HEAD"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("enum value removed: `UserRole` value `TRUST_CENTER_REVIEWER`"),
        "{}",
        text(&out.stdout)
    );
    let bad = cli(dir.path(), &["diff", "--since", "no-such-rev"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("no-such-rev"), "{}", text(&bad.stderr));
}

#[test]
fn a_broken_spec_is_an_error_naming_the_place_not_a_panic() {
    let dir = workspace();
    let spec = dir.path().join("spec/drata.yaml");
    let broken = std::fs::read_to_string(&spec).unwrap().replacen(
        "$ref: '#/components/schemas/User'",
        "$ref: '#/components/schemas/Usr'",
        1,
    );
    std::fs::write(&spec, broken).unwrap();
    let out = cli(dir.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: spec/drata.yaml: at /")
            && err.contains("#/components/schemas/Usr")
            && err.contains("fix: "),
        "{err}"
    );
    assert!(!dir.path().join("generated").exists(), "nothing written");
}
