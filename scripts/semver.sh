#!/usr/bin/env bash
# Checks `drata-codegen diff`'s breaking flag against what a change does to the generated Rust API, as
# cargo-semver-checks sees it, for every single-edit case of tests/diff/cases.json. Installs
# cargo-semver-checks from crates.io when this machine lacks that version (about 7 minutes on two
# cores). Prints `N passed, N failed`; exits non-zero when the two disagree on a case that
# scripts/semver.py does not explain.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.51.0
if ! cargo semver-checks --version 2>/dev/null | grep -q "$version"; then
  cargo install --quiet --locked cargo-semver-checks --version "$version"
fi
cargo build --quiet --locked -p drata-codegen
exec python3 scripts/semver.py
