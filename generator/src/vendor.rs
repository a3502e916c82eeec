//! The runtime crate's sources, embedded so a standalone generated crate can carry its own copy.
//! `runtime/` stays the one source of truth: these are its files, read at compile time.

use crate::output::File;

const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");
const DERIVE_MANIFEST: &str = include_str!("../../runtime/derive/Cargo.toml");
const DERIVE_SOURCE: &str = include_str!("../../runtime/derive/src/lib.rs");
const WORKSPACE_MANIFEST: &str = include_str!("../../Cargo.toml");
const SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../runtime/src/lib.rs")),
    ("client.rs", include_str!("../../runtime/src/client.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    ("expandable.rs", include_str!("../../runtime/src/expandable.rs")),
    ("object.rs", include_str!("../../runtime/src/object.rs")),
    ("paging.rs", include_str!("../../runtime/src/paging.rs")),
    ("param.rs", include_str!("../../runtime/src/param.rs")),
    ("retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("serde_helpers.rs", include_str!("../../runtime/src/serde_helpers.rs")),
    ("style.rs", include_str!("../../runtime/src/style.rs")),
    ("value.rs", include_str!("../../runtime/src/value.rs")),
];

/// The package name of `runtime/`, what `--runtime-path` points at.
pub const PACKAGE: &str = "drata-runtime";

/// The names of the embedded source files (a test compares them with `runtime/src`).
#[cfg(test)]
fn source_names() -> Vec<&'static str> {
    SOURCES.iter().map(|(name, _)| *name).collect()
}

/// The runtime as files under `dir`, its manifest made standalone and named `package`: the values
/// it inherits from this workspace (`version.workspace = true`, ...) are written out. Its derive
/// goes to `dir/derive`, a package named `{package}-derive`.
pub fn runtime_files(dir: &str, package: &str) -> Vec<File> {
    let derive = format!("{package}-derive");
    let manifest = standalone(MANIFEST, package)
        .lines()
        .map(|line| match line.strip_prefix("object-derive = ") {
            // The dependency keeps its name (the runtime's code says `object_derive`); the package is the copy's.
            Some(_) => format!("object-derive = {{ package = {derive:?}, path = \"derive\" }}\n"),
            None => format!("{line}\n"),
        })
        .collect();
    let mut files = vec![File { path: format!("{dir}/Cargo.toml"), contents: manifest }];
    files.extend(
        SOURCES.iter().map(|(name, text)| File { path: format!("{dir}/src/{name}"), contents: (*text).to_owned() }),
    );
    files.push(File { path: format!("{dir}/derive/Cargo.toml"), contents: standalone(DERIVE_MANIFEST, &derive) });
    files.push(File { path: format!("{dir}/derive/src/lib.rs"), contents: DERIVE_SOURCE.to_owned() });
    files
}

/// A manifest of this workspace as a standalone one named `package`.
fn standalone(manifest: &str, package: &str) -> String {
    let inherited = workspace_package();
    manifest
        .lines()
        .map(|line| match line.split_once(".workspace = true") {
            _ if line.trim_start().starts_with("name = ") => format!("name = {package:?}\n"),
            Some((key, "")) => match inherited.iter().find(|(k, _)| k == key.trim()) {
                Some((k, v)) => format!("{k} = {v}\n"),
                None => format!("{line}\n"),
            },
            _ => format!("{line}\n"),
        })
        .collect()
}

/// `key = value` lines of the workspace's `[workspace.package]` table.
fn workspace_package() -> Vec<(String, String)> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in WORKSPACE_MANIFEST.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[workspace.package]";
        } else if inside {
            if let Some((k, v)) = line.split_once('=') {
                out.push((k.trim().to_owned(), v.trim().to_owned()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn package_is_the_runtime_manifests_name() {
        assert!(super::MANIFEST.contains(&format!("name = {:?}", super::PACKAGE)));
    }

    #[test]
    fn every_runtime_source_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs"))
            .collect();
        on_disk.sort();
        let mut embedded = super::source_names();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn the_vendored_manifest_inherits_nothing() {
        let files = super::runtime_files("rt", "github-runtime");
        assert!(!files[0].contents.contains(".workspace"), "{}", files[0].contents);
        assert!(files[0].contents.contains("version = \"0.1.0\""));
        // Named after the crate it serves, so two generated crates can share a workspace.
        assert_eq!(files[0].contents.matches("name = ").count(), 1, "{}", files[0].contents);
        assert!(files[0].contents.contains("name = \"github-runtime\""));
        assert!(files[0]
            .contents
            .contains(r#"object-derive = { package = "github-runtime-derive", path = "derive" }"#));
        let derive = files.iter().find(|f| f.path == "rt/derive/Cargo.toml").expect("the derive's manifest");
        assert!(derive.contents.contains("name = \"github-runtime-derive\""), "{}", derive.contents);
        assert!(!derive.contents.contains(".workspace"), "{}", derive.contents);
    }
}
