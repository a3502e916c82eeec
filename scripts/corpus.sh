#!/usr/bin/env bash
# Generates a standalone crate for every OpenAPI 3.0 document of the `@readme/oas-examples` npm
# package and runs `cargo check` on each with warnings denied, all sharing one target directory.
# Prints `N passed, N failed`; exits non-zero when any document fails. Logs: target/corpus/logs/.
# Then the same for a fixed sample of 30 documents of the APIs.guru directory (scripts/directory.py;
# its whole run is a benchmark, not a test).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=target/corpus
version=8.2.2
# The package's OpenAPI 3.0 documents; a run that sees another number has not tested what it says.
expected=41
docs=$work/node_modules/@readme/oas-examples/3.0/json
if [ ! -d "$docs" ]; then
  npm install --prefix "$work" --silent --no-audit --no-fund "@readme/oas-examples@$version" >/dev/null
fi
cargo build --quiet --locked -p drata-codegen
gen=target/debug/drata-codegen
rm -rf "$work/crates" "$work/logs"
mkdir -p "$work/crates" "$work/logs"

specs=("$docs"/*.json)
if [ "${#specs[@]}" -ne "$expected" ]; then
  echo "error: $docs holds ${#specs[@]} documents, not $expected" >&2
  exit 1
fi
names=()
failed=()
for spec in "${specs[@]}"; do
  name=oas-$(basename "$spec" .json)
  if "$gen" generate --spec "$spec" --out "$work/crates/$name" --crate-name "$name" --runtime-path "$root/runtime" \
      >"$work/logs/$name.txt" 2>&1; then
    names+=("$name")
  else
    failed+=("$name (generate)")
  fi
done

{
  echo "[workspace]"
  echo "resolver = \"2\""
  echo "members = ["
  for name in "${names[@]}"; do echo "  \"crates/$name\","; done
  echo "]"
} >"$work/Cargo.toml"
cp Cargo.lock "$work/Cargo.lock"

# One cargo run for all crates (dependencies build once, crates in parallel); `--keep-going` makes
# it report every crate that does not compile, warnings included. Its exit status decides; the log
# only names the crates that failed.
check=0
RUSTFLAGS="-D warnings" CARGO_TARGET_DIR="$work/target" \
  cargo check --quiet --keep-going --manifest-path "$work/Cargo.toml" --workspace >"$work/logs/check.txt" 2>&1 \
  || check=$?
passed=0
for name in "${names[@]}"; do
  if grep -q "could not compile \`$name\`" "$work/logs/check.txt"; then
    failed+=("$name (cargo check)")
  else
    passed=$((passed + 1))
  fi
done
if [ "$check" -ne 0 ] && [ "$passed" -eq "${#names[@]}" ]; then
  # cargo failed without naming a crate (a manifest, a dependency): nothing passed.
  passed=0
  failed+=("cargo check exited $check (see $work/logs/check.txt)")
fi

for f in "${failed[@]}"; do echo "FAILED: $f"; done
echo "${passed} passed, ${#failed[@]} failed"
[ "${#failed[@]}" -eq 0 ] && [ "$passed" -eq "$expected" ] || exit 1

# The same target directory, so the dependencies built above are reused.
CORPUS_TARGET_DIR="$root/$work/target" python3 scripts/directory.py --limit 30 --min-compile 100
