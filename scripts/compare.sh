#!/usr/bin/env bash
# Compares drata-codegen with cargo-progenitor (crates.io) and openapi-generator-cli (PyPI) in one
# run, on the same documents and machine: generation wall time (process start to files written,
# median of 3), generated lines, `cargo check` time of the generated crate alone, and the clean
# build time of the same small program against our crate and against progenitor's.
# Installs the peers into target/compare. Takes several minutes; not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=target/compare
mkdir -p "$work"

[ -x "$work/bin/cargo-progenitor" ] || cargo install --quiet --locked cargo-progenitor --version 0.15.1 --root "$work"
command -v openapi-generator-cli >/dev/null || python3 -m pip install --quiet 'openapi-generator-cli==7.26.0'
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
cargo build --quiet --release --locked -p drata-codegen --bins --example large-spec
ours=target/release/drata-codegen
progenitor=$work/bin/cargo-progenitor

# progenitor refuses multipart bodies, so every tool gets the Drata spec without its one multipart
# operation (13 operations), and a 2,600-operation document made of 200 renamed copies of it.
python3 - "$work/drata.json" <<'PY'
import json, sys, yaml
doc = yaml.safe_load(open("spec/drata.yaml"))
del doc["paths"]["/users/{id}/documents"]["post"]
json.dump(doc, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
target/release/examples/large-spec "$work/large.json" 200 "$work/drata.json"

mkdir -p "$work/logs"
ms() { # wall milliseconds of a command, median of 3 runs; fails (its output in $work/logs/last.err) if a run fails
  local times=()
  for _ in 1 2 3; do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>"$work/logs/last.err" || return 1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}
# Our figures must come from runs that succeeded: a failure stops the script.
ms_ours() { ms "$@" || { tail -20 "$work/logs/last.err" >&2; echo "error: $* failed" >&2; exit 1; }; }
# A peer that fails on a document is a result, not a time: "fails", with the reason it printed.
ms_peer() {
  local log=$1
  shift
  ms "$@" || { cp "$work/logs/last.err" "$work/logs/$log.err"; echo "fails"; }
}

gen_ours() { rm -rf "$2"; "$ours" generate --spec "$1" --out "$2" --crate-name "$3" --runtime-path "$root/runtime"; }
gen_prog() { rm -rf "$2"; "$progenitor" progenitor -i "$1" -o "$2" -n "$3" -v 0.1.0 --interface builder; }
gen_ogc() { rm -rf "$2"; openapi-generator-cli generate -i "$1" -g rust -o "$2" --package-name "$3" --skip-validate-spec; }

echo "## Generation (wall time, median of 3)"
echo
echo "| document | drata-codegen | cargo-progenitor | openapi-generator-cli | progenitor / ours | openapi-generator / ours |"
echo "|---|---:|---:|---:|---:|---:|"
for doc in drata large; do
  o=$(ms_ours gen_ours "$work/$doc.json" "$work/out/ours-$doc" "ours-$doc")
  p=$(ms_peer "progenitor-$doc" gen_prog "$work/$doc.json" "$work/out/prog-$doc" "prog-$doc")
  g=$(ms_peer "openapi-generator-$doc" gen_ogc "$work/$doc.json" "$work/out/ogc-$doc" "ogc_$doc")
  ratio() { if [[ "$1" =~ ^[0-9]+$ && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]]; then awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1fx", a/b}'; else echo "n/a"; fi; }
  unit() { if [[ "$1" =~ ^[0-9]+$ ]]; then echo "$1 ms"; else echo "$1 (see $work/logs/)"; fi; }
  echo "| $doc | ${o} ms | $(unit "$p") | $(unit "$g") | $(ratio "$p" "$o") | $(ratio "$g" "$o") |"
done
echo

# Output size and check time of the generated crates for the Drata document, in one workspace so
# dependencies build once.
cat >"$work/out/Cargo.toml" <<TOML
[workspace]
resolver = "2"
members = ["ours-drata", "prog-drata"]
TOML
cp Cargo.lock "$work/out/Cargo.lock"
export CARGO_TARGET_DIR="$root/$work/check-target"
# Both crates must compile: a check time of a crate that does not is no figure.
cargo check --quiet --manifest-path "$work/out/Cargo.toml" --workspace
check_ms() { touch "$work/out/$1/src/lib.rs"; ms_ours cargo check --quiet --manifest-path "$work/out/Cargo.toml" -p "$1"; }
lines_ours=$(cat "$work"/out/ours-drata/src/*.rs | wc -l)
lines_prog=$(cat "$work"/out/prog-drata/src/*.rs | wc -l)
check_ours=$(check_ms ours-drata)
check_prog=$(check_ms prog-drata)
echo "## Generated code for the Drata document"
echo
echo "| | drata-codegen | cargo-progenitor |"
echo "|---|---:|---:|"
echo "| lines of Rust | $lines_ours | $lines_prog |"
echo "| \`cargo check\` of the crate (dependencies built) | $check_ours ms | $check_prog ms |"
echo
unset CARGO_TARGET_DIR

# The same program against each crate, built from clean (dependencies included).
consumer() { # name crate-dir body
  local dir="$work/consumer-$1"
  rm -rf "$dir"; mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "consumer-$1"
version = "0.1.0"
edition = "2021"
[dependencies]
sdk = { path = "$root/$2", package = "$(basename "$2")" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
[workspace]
TOML
  printf '%s\n' "$3" >"$dir/src/main.rs"
  cp Cargo.lock "$dir/Cargo.lock"
}
consumer ours "$work/out/ours-drata" '#[tokio::main]
async fn main() {
    let client = sdk::Client::new("http://127.0.0.1:9", "token").expect("client");
    match client.list_users().limit(50).send().await {
        Ok(page) => println!("{:?} users", page.total),
        Err(e) => println!("error: {e}"),
    }
}'
consumer prog "$work/out/prog-drata" '#[tokio::main]
async fn main() {
    let client = sdk::Client::new("http://127.0.0.1:9");
    match client.users_public_controller_list_users().limit(50).send().await {
        Ok(page) => println!("{:?} users", page.total),
        Err(e) => println!("error: {e}"),
    }
}'
# Progenitor's crate comes without TLS (it cannot reach an https API such as Drata's); the third
# program is the progenitor one with reqwest's rustls turned on, as a Drata client needs.
consumer prog-tls "$work/out/prog-drata" "$(cat "$work/consumer-prog/src/main.rs")"
sed -i 's/^tokio = /reqwest = { version = "0.13", features = ["rustls"] }\ntokio = /' "$work/consumer-prog-tls/Cargo.toml"
# Seconds of a clean debug build of consumer $1; the script fails, showing why, if the build fails.
build_clean() {
  local dir="$work/consumer-$1"
  rm -rf "$dir/target"
  if ! (cd "$dir" && /usr/bin/time -f %e -o "$root/$work/logs/build-$1.time" cargo build --quiet) \
      >"$work/logs/build-$1.err" 2>&1; then
    tail -30 "$work/logs/build-$1.err" >&2
    echo "error: the consumer build of $1 failed" >&2
    exit 1
  fi
  tail -1 "$work/logs/build-$1.time"
}
crates() { (cd "$work/consumer-$1" && cargo tree --prefix none -e normal,build | sort -u | wc -l); }
t_ours=$(build_clean ours)
t_prog=$(build_clean prog)
t_tls=$(build_clean prog-tls)
n_ours=$(crates ours)
n_prog=$(crates prog)
n_tls=$(crates prog-tls)
echo "## Consumer build from clean (debug, all dependencies)"
echo
echo "| | drata-codegen | cargo-progenitor (no TLS) | cargo-progenitor + rustls |"
echo "|---|---:|---:|---:|"
echo "| wall time | ${t_ours} s | ${t_prog} s | ${t_tls} s |"
echo "| crates compiled | $n_ours | $n_prog | $n_tls |"
