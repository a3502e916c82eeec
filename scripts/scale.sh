#!/usr/bin/env bash
# Scale figures on GitHub's REST description (npm @octokit/openapi): generation wall time and peak
# memory (median of 3), lines emitted, then `cargo check` (dependencies built first,
# CARGO_INCREMENTAL=0) and a release build of the generated crate, each with its peak memory.
# Installs what it needs into target/scale. Takes minutes and ~10 GB; a benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=target/scale
spec=$work/node_modules/@octokit/openapi/generated/api.github.com.json
mkdir -p "$work"
[ -f "$spec" ] || npm install --prefix "$work" --silent --no-audit --no-fund @octokit/openapi@23.0.2 >/dev/null
cargo build --quiet --release --locked -p drata-codegen
gen=target/release/drata-codegen

measure() { # prints "seconds peak_MB" of a command (GNU time), or fails showing its output
  /usr/bin/time -f "TIME %e %M" "$@" >/dev/null 2>"$work/last.err" || { cat "$work/last.err" >&2; return 1; }
  grep "^TIME" "$work/last.err" | awk '{printf "%s %d\n", $2, $3 / 1024}'
}

echo "## GitHub REST description ($(du -h "$spec" | cut -f1), $(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for p in d['paths'].values() for m in p if m in ('get','put','post','delete','patch','head','options','trace')))" "$spec") operations)"
runs=()
for _ in 1 2 3; do
  rm -rf "$work/github"
  runs+=("$(measure "$gen" generate --spec "$spec" --out "$work/github" --crate-name github --runtime-path "$root/runtime")")
done
printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p | awk '{printf "generate: %s s wall, %s MB peak (median of 3)\n", $1, $2}'
echo "lines emitted: $(cat "$work/github/src/"*.rs | wc -l)"

# Dependencies first, so the figure is the crate's own.
cat >"$work/Cargo.toml" <<EOF
[workspace]
resolver = "2"
members = ["github"]
EOF
cp Cargo.lock "$work/Cargo.lock"
export CARGO_TARGET_DIR=$root/$work/target CARGO_INCREMENTAL=0
cargo check --quiet --manifest-path "$work/Cargo.toml" -p drata-runtime
touch "$work/github/src/lib.rs"
measure cargo check --quiet --manifest-path "$work/Cargo.toml" -p github \
  | awk '{printf "cargo check of the crate: %s s, %s MB peak\n", $1, $2}'
cargo build --quiet --release --manifest-path "$work/Cargo.toml" -p drata-runtime
touch "$work/github/src/lib.rs"
measure cargo build --quiet --release --manifest-path "$work/Cargo.toml" -p github \
  | awk '{printf "release build of the crate: %s s, %s MB peak\n", $1, $2}'
