//! Shared helpers for the tests in this directory, and the README's examples as doctests.
#![doc = include_str!("../README.md")]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}
