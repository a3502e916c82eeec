#!/usr/bin/env python3
"""For every single-edit case of tests/diff/cases.json, compare two verdicts on "is it breaking?":

* `drata-codegen diff BEFORE AFTER` (exit 2: breaking, 0: not), which reads the two specs, and
* cargo-semver-checks on the crates generated before and after the edit (as version 1.0.0 against
  1.0.0 with `--release-type minor`: it fails exactly when a major, i.e. breaking, lint fires).

Disagreements that are understood are listed in EXPLAINED (and in the README); any other one fails.
Usage: scripts/semver.py [CASE ...] (scripts/semver.sh installs cargo-semver-checks and calls this).
Python 3.11 standard library only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "semver"
GENERATOR = ROOT / "target" / "debug" / "drata-codegen"

# The README's figures for a full run: cases, verdicts that agree, disagreements explained below.
EXPECTED = (22, 13, 9)

# Cases where `diff` says breaking and cargo-semver-checks does not, and why that is right.
EXPLAINED = {
    "path_changed": "the request goes to another URL: behaviour, not the Rust API",
    "method_changed": "the request uses another HTTP method: behaviour, not the Rust API",
    "parameter_constraint_changed": "a bound lives in rustdoc and in the server's validation, not in a type",
    "parameter_default_changed": "a default lives in rustdoc and on the server, not in a type",
    "server_changed": "the default server's URL is a value, not a type",
    "parameter_type_changed": "cargo-semver-checks has no lint for a changed parameter type",
    "response_field_type_changed": "cargo-semver-checks has no lint for a changed field type",
    "field_became_nullable": "cargo-semver-checks has no lint for a changed field type (T to Option<T>)",
    "field_became_optional": "cargo-semver-checks has no lint for a changed field type (T to Option<T>)",
}


def generate(spec: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(
        [str(GENERATOR), "generate", "--spec", str(spec), "--out", str(out), "--crate-name", "api",
         "--runtime-path", str(ROOT / "runtime")],
        check=True, capture_output=True,
    )
    manifest = out / "Cargo.toml"
    text = manifest.read_text().replace('version = "0.1.0"', 'version = "1.0.0"', 1)
    manifest.write_text(text + "\n[workspace]\n")


def main() -> int:
    cases = json.loads((ROOT / "tests/diff/cases.json").read_text())
    base = (ROOT / "tests/diff/base.yaml").read_text()
    WORK.mkdir(parents=True, exist_ok=True)
    before_spec = WORK / "before.yaml"
    before_spec.write_text(base)
    before = WORK / "before"
    generate(before_spec, before)
    passed, failed, lines = 0, 0, []
    only = set(sys.argv[1:])
    for case in cases:
        name = case["name"]
        if only and name not in only:
            continue
        text = base
        for old, new in case["edits"]:
            assert old in text, f"{name}: {old!r} not in base.yaml"
            text = text.replace(old, new, 1)
        after_spec = WORK / f"{name}.yaml"
        after_spec.write_text(text)
        after = WORK / name
        generate(after_spec, after)
        diff = subprocess.run([str(GENERATOR), "diff", str(before_spec), str(after_spec)], capture_output=True)
        if diff.returncode not in (0, 2):
            raise SystemExit(f"{name}: drata-codegen diff failed:\n{diff.stderr.decode()}")
        checks = subprocess.run(
            ["cargo", "semver-checks", "check-release", "--manifest-path", str(after / "Cargo.toml"),
             "--baseline-root", str(before), "--release-type", "minor"],
            capture_output=True, cwd=WORK,
            # One target directory for every case: the runtime and its dependencies build once.
            env={**os.environ, "CARGO_TARGET_DIR": str(WORK / "target")},
        )
        output = checks.stdout.decode() + checks.stderr.decode()
        theirs = checks.returncode != 0 and "requires new major version" in output
        if checks.returncode != 0 and not theirs:
            raise SystemExit(f"{name}: cargo-semver-checks failed:\n{output}")
        ours = diff.returncode == 2
        verdict = lambda b: "breaking" if b else "not breaking"  # noqa: E731
        if ours == theirs:
            passed += 1
            lines.append(f"agree     {name}: {verdict(ours)}")
        elif ours and name in EXPLAINED:
            passed += 1
            lines.append(f"explained {name}: diff breaking, cargo-semver-checks not ({EXPLAINED[name]})")
        else:
            failed += 1
            lines.append(f"DISAGREE  {name}: diff {verdict(ours)}, cargo-semver-checks {verdict(theirs)}\n{output}")
    print("\n".join(lines))
    if not only:
        # The README states these figures; a change that moves them must be seen, and an
        # explanation no case needs any more must go.
        agreed = sum(1 for line in lines if line.startswith("agree"))
        explained = sum(1 for line in lines if line.startswith("explained"))
        unused = sorted(set(EXPLAINED) - {line.split()[1].rstrip(":") for line in lines if line.startswith("explained")})
        for name in unused:
            failed += 1
            print(f"STALE     {name}: explained, but the two verdicts now agree (or the case is gone)")
        if (len(cases), agreed, explained) != EXPECTED:
            failed += 1
            print(f"MOVED     {len(cases)} cases, {agreed} agree, {explained} explained; the README says "
                  f"{EXPECTED[0]}, {EXPECTED[1]} and {EXPECTED[2]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
