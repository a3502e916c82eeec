#!/usr/bin/env bash
# Runs every check of this repository: lints, docs, and all tests. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

# The spec test runs a real validator.
python3 -c 'import openapi_spec_validator' 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check 'openapi-spec-validator>=0.7,<1'

# The fixtures must match the reference pages. Without the pages the check cannot run: said
# loudly, and a failure in CI, whose clone always has them beside it.
if [ -d ../shared/seeds ]; then
  python3 scripts/extract_samples.py --check
else
  echo "SKIPPED: the fixture check (scripts/extract_samples.py --check): ../shared/seeds is not here" >&2
  if [ -n "${CI:-}" ] && [ "${CI}" != "false" ] && [ "${CI}" != "0" ]; then
    echo "error: CI must check the fixtures against the reference pages" >&2
    exit 1
  fi
fi

# generated/ must be exactly what the spec produces (prints a diff and fails otherwise).
cargo run --quiet --locked -p drata-codegen -- check

# Hand-written code is rustfmt-clean (generated/ opts out: the generator formats it).
cargo fmt --all --check

cargo clippy --workspace --all-targets --locked -- -D warnings
# The SDK with one tag's feature, and with none: each builds without a warning.
for features in users user-identities rustls; do
  cargo clippy --quiet --locked -p drata --no-default-features --features "$features" -- -D warnings
done
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
cargo test --workspace --locked

# The generator against documents nobody wrote for it (installs the npm corpus itself).
scripts/corpus.sh

# What the generated clients send, judged by an independent validating server (installs Prism from
# npm): the Drata spec, every focused spec and a fixed sample of 10 directory documents. The figures
# are the README's; any failure not shown to be Prism's or the document's fails too.
python3 scripts/conformance.py spec/drata.yaml tests/specs/*.yaml --directory 10 \
  --expect "conformance: 190 operations in 29 documents: 175 requests valid, 155 responses decoded, 36 not the client's"

# `drata-codegen diff`'s breaking flag against cargo-semver-checks on the generated crates
# (installs cargo-semver-checks when missing).
scripts/semver.sh
