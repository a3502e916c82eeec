#!/usr/bin/env bash
# Scale figures on GitHub's REST description (npm @octokit/openapi), drata-codegen against
# openapi-generator 7.26 (`-g rust`, PyPI openapi-generator-cli) in the same run: generation wall
# time and peak memory (ours: median of 5), lines emitted, `cargo check` of each generated crate
# (dependencies built first, CARGO_INCREMENTAL=0), ours with one tag's feature only, and a
# release build of each, all with peak memory. Installs what it needs into target/scale.
# Takes about half an hour and ~15 GB of disk; a benchmark, not a test.
#   SCALE_SKIP_RELEASE=1 leaves out the two release builds; SCALE_ONLY_GENERATE=1 stops after generation.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=target/scale
spec=$work/node_modules/@octokit/openapi/generated/api.github.com.json
mkdir -p "$work"
[ -f "$spec" ] || npm install --prefix "$work" --silent --no-audit --no-fund @octokit/openapi@23.0.2 >/dev/null
command -v openapi-generator-cli >/dev/null || python3 -m pip install --quiet 'openapi-generator-cli==7.26.0'
cargo build --quiet --release --locked -p drata-codegen
gen=target/release/drata-codegen

measure() { # prints "seconds peak_MiB" of a command (GNU time), or fails showing its output
  /usr/bin/time -f "TIME %e %M" "$@" >/dev/null 2>"$work/last.err" || { tail -30 "$work/last.err" >&2; return 1; }
  grep "^TIME" "$work/last.err" | awk '{printf "%s %d\n", $2, $3 / 1024}'
}
report() { awk -v what="$1" '{printf "%-44s %8s s %7s MiB\n", what, $1, $2}'; }

echo "## GitHub REST description ($(du -h "$spec" | cut -f1), $(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for p in d['paths'].values() for m in p if m in ('get','put','post','delete','patch','head','options','trace')))" "$spec") operations)"
runs=()
for _ in 1 2 3 4 5; do
  rm -rf "$work/github"
  runs+=("$(measure "$gen" generate --spec "$spec" --out "$work/github" --crate-name github --runtime-path "$root/runtime")")
done
ours_gen=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p)
report "generate, drata-codegen (median of 5)" <<<"$ours_gen"
echo "generate, drata-codegen, all 5: $(printf '%s\n' "${runs[@]}" | sort -n | awk '{printf "%s s / %s MiB  ", $1, $2}')"
rm -rf "$work/ogc"
theirs_gen=$(measure openapi-generator-cli generate -i "$spec" -g rust -o "$work/ogc" --package-name ogc --skip-validate-spec)
report "generate, openapi-generator" <<<"$theirs_gen"
echo "$ours_gen $theirs_gen" | awk '{printf "generate, openapi-generator / drata-codegen: %.1fx the time, %.1fx the memory\n", $3 / $1, $4 / $2}'
echo "lines emitted: drata-codegen $(cat "$work/github/src/"*.rs | wc -l), openapi-generator $(find "$work/ogc/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)"
[ -z "${SCALE_ONLY_GENERATE:-}" ] || exit 0

# Each crate in a workspace of its own, dependencies built first, so a figure is the crate's own.
printf '[workspace]\nresolver = "2"\nmembers = ["github"]\n' >"$work/Cargo.toml"
cp Cargo.lock "$work/Cargo.lock"
printf '\n[workspace]\n' >>"$work/ogc/Cargo.toml"
ogc_deps=$(python3 -c "
import re, sys
text = open(sys.argv[1]).read().split('[dependencies]')[1].split('[', 1)[0]
print(' '.join('-p ' + m for m in re.findall(r'^([A-Za-z0-9_-]+)\s*=', text, re.M)))" "$work/ogc/Cargo.toml")
export CARGO_INCREMENTAL=0
# `ours ARGS` and `theirs ARGS` run cargo on one crate's workspace, each with its own target directory.
ours=(env "CARGO_TARGET_DIR=$root/$work/target" cargo)
ours_at=(--quiet --manifest-path "$work/Cargo.toml")
theirs=(env "CARGO_TARGET_DIR=$root/$work/ogc-target" cargo)
theirs_at=(--quiet --manifest-path "$work/ogc/Cargo.toml")
ours() { "${ours[@]}" "$1" "${ours_at[@]}" "${@:2}"; }
theirs() { "${theirs[@]}" "$1" "${theirs_at[@]}" "${@:2}"; }

ours check -p drata-runtime
theirs check $ogc_deps
touch "$work/github/src/lib.rs" "$work/ogc/src/lib.rs"
measure "${ours[@]}" check "${ours_at[@]}" -p github | report "cargo check, drata-codegen's crate"
measure "${theirs[@]}" check "${theirs_at[@]}" | report "cargo check, openapi-generator's crate"
touch "$work/github/src/lib.rs"
measure "${ours[@]}" check "${ours_at[@]}" -p github --no-default-features --features issues | report "cargo check, ours with features = [\"issues\"]"
if [ -z "${SCALE_SKIP_RELEASE:-}" ]; then
  ours build --release -p drata-runtime
  theirs build --release $ogc_deps
  touch "$work/github/src/lib.rs" "$work/ogc/src/lib.rs"
  measure "${ours[@]}" build "${ours_at[@]}" --release -p github | report "release build, drata-codegen's crate"
  measure "${theirs[@]}" build "${theirs_at[@]}" --release | report "release build, openapi-generator's crate"
fi
