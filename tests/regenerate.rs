//! The build-script contract, shown on a copy of this workspace:
//! - editing `spec/drata.yaml` and running `cargo check` regenerates `generated/` in that same run,
//!   and the code compiled in that run is the new code (no build-order trap);
//! - unchanged files keep their modification times;
//! - with nothing changed, cargo neither re-runs the build script nor recompiles the SDK;
//! - with `CI` set, a stale `generated/` fails the build and is not written.

use std::path::Path;
use std::time::SystemTime;

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn editing_the_spec_regenerates_and_compiles_the_new_code_in_one_run() {
    let root = drata_tests::root();
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("regenerate");
    let _ = std::fs::remove_dir_all(&work);
    for dir in [
        "spec",
        "generated",
        "benches",
        "runtime/src",
        "runtime/tests",
        "runtime/derive/src",
        "generator/src",
        "generator/benches",
    ] {
        drata_tests::copy_tree(&root.join(dir), &work.join(dir)).unwrap();
    }
    for file in ["Cargo.lock", "build.rs", "runtime/Cargo.toml", "runtime/derive/Cargo.toml", "generator/Cargo.toml"] {
        std::fs::copy(root.join(file), work.join(file)).unwrap();
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let manifest = manifest.replace(r#""generator", "tests"]"#, r#""generator"]"#);
    std::fs::write(work.join("Cargo.toml"), manifest).unwrap();
    let target = drata_tests::scratch_target();
    let check = |extra: &[&str]| {
        let mut cmd = drata_tests::cargo(&work, &target);
        cmd.args(["check", "-p", "drata", "--features", "regenerate", "-v"]).args(extra);
        let out = drata_tests::run(&mut cmd);
        String::from_utf8_lossy(&out.stderr).into_owned()
    };

    check(&[]);
    let generated = work.join("generated");
    let before: Vec<_> = ["lib.rs", "client.rs", "requests.rs", "types.rs"].map(|f| mtime(&generated.join(f))).into();

    // A new field on `User`, used by an example that only compiles against the regenerated code.
    let spec = work.join("spec/drata.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let anchor = "    User:\n      type: object\n";
    let user_at = text.find(anchor).expect("the User schema");
    let props_at = user_at + text[user_at..].find("      properties:\n").unwrap() + "      properties:\n".len();
    let text = format!(
        "{}        nickname:\n          type: string\n          description: Added by the regeneration test.\n{}",
        &text[..props_at],
        &text[props_at..]
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&spec, text).unwrap();
    std::fs::create_dir_all(work.join("examples")).unwrap();
    std::fs::write(
        work.join("examples/nickname.rs"),
        "fn nickname(user: &drata::User) -> Option<&str> { user.nickname.as_deref() }\nfn main() { let _ = nickname; }\n",
    )
    .unwrap();
    // With `CI` set, the build script only checks: the stale output fails the build, names the
    // stale file and the command that fixes it, and is left exactly as it was.
    let types_before = std::fs::read(generated.join("types.rs")).unwrap();
    let ci = |extra: &[&str]| {
        let mut cmd = drata_tests::cargo(&work, &target);
        cmd.args(["check", "-p", "drata", "--features", "regenerate"]).args(extra).env("CI", "true");
        cmd.output().unwrap()
    };
    let stale = ci(&["--example", "nickname"]);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(!stale.status.success(), "a stale generated/ must fail the build in CI:\n{stderr}");
    assert!(stderr.contains("generated/ is stale (types.rs)"), "{stderr}");
    assert!(stderr.contains("cargo run -p drata-codegen -- generate"), "{stderr}");
    assert_eq!(std::fs::read(generated.join("types.rs")).unwrap(), types_before, "nothing written");
    assert_eq!(mtime(&generated.join("types.rs")), before[3], "types.rs untouched");

    let log = check(&["--example", "nickname"]);
    assert!(log.contains("build-script-build"), "the build script ran:\n{log}");
    let types = std::fs::read_to_string(generated.join("types.rs")).unwrap();
    assert!(types.contains("pub nickname: Option<String>"), "types.rs was regenerated");
    let after: Vec<_> = ["lib.rs", "client.rs", "requests.rs", "types.rs"].map(|f| mtime(&generated.join(f))).into();
    assert_eq!(before[..3], after[..3], "files whose contents did not change keep their times");
    assert_ne!(before[3], after[3], "types.rs was rewritten");

    // Nothing changed: no build script run, no recompilation of the SDK.
    let log = check(&["--example", "nickname"]);
    assert!(log.contains("Fresh drata v"), "the SDK is not recompiled:\n{log}");
    assert!(!log.contains("build-script-build`"), "the build script is not re-run:\n{log}");

    // And CI passes once generated/ is fresh.
    let fresh = ci(&["--example", "nickname"]);
    assert!(fresh.status.success(), "{}", String::from_utf8_lossy(&fresh.stderr));
}
