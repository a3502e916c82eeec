#!/usr/bin/env python3
"""Extract the request/response samples of the Drata API reference pages into JSON fixtures.

Usage:
    python3 scripts/extract_samples.py [SEEDS_DIR] [--out DIR] [--check]

SEEDS_DIR defaults to ../shared/seeds relative to the repository root; --out defaults to
tests/fixtures/samples. With --check nothing is written: the script exits non-zero if the files on
disk differ from what it would write (or if there are stray .json files in the output directory).

The pages render each sample as flattened JSON: every array item and object member is preceded by a
bullet (`- ` on pages 000/001, `• ` on pages 002/003), and closing brackets may share a line with
the next member (`], - "backgroundChecks": [`). Removing the bullets (outside string values only)
yields JSON text. Conversion rules:

* `{ }` is how the renderer shows an object it stopped expanding (a circular reference such as a
  background check's `user`, or an object with no documented members such as `product`). It is
  kept as `{}`: that is what the page shows, and the SDK must decode it.
* `[email\u00a0protected]` is Cloudflare's stand-in for an e-mail address it hid from the capture
  (pages 002/003). The hidden text is the example the reference renders for that property, which the
  unobfuscated pages show (page 000: `"email": "email@email.com"`): the stand-in is replaced by the
  one value the same key has elsewhere on the pages, and the script fails if there is not exactly one.
* Everything else (`null` values, `[]`, strings, numbers) is kept exactly as shown.

Samples are located by position: on pages 000/001 each sample is a block that starts on a line
beginning with `{`; on pages 002/003 a sample follows a "Request samples" or "Response samples" line
and an "application/json" line. The SAMPLES table below says what each sample is, in page order; the
script fails loudly if the pages do not match it (count, section title, operation line, first
documented response code) or if a sample does not parse as JSON.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO_ROOT.parent / "shared" / "seeds"
DEFAULT_OUT = REPO_ROOT / "tests" / "fixtures" / "samples"


@dataclass(frozen=True)
class Sample:
    file: str
    operation: str  # "METHOD /path", or "error" for the shared error body
    kind: str  # "response" or "request"
    status: int | None = None  # responses only; None for the error body (not tied to one code)
    # Blocks mode (pages 000/001): the first line of the page section the sample belongs to.
    title: str | None = None


# Page prefix -> (how samples are located, expected samples in page order).
SAMPLES: dict[str, tuple[str, list[Sample]]] = {
    "000": ("blocks", [
        Sample("000_get_user_200.json", "GET /users/{id}", "response", 200,
               "Get the full detail of a user record"),
    ]),
    "001": ("blocks", [
        Sample("001_list_users_200.json", "GET /users", "response", 200,
               "List users given the provided search terms and filters"),
        Sample("001_get_user_200.json", "GET /users/{id}", "response", 200,
               "Get the full detail of a user record"),
        # The page shows "Get the full detail of a user record" a second time.
        Sample("001_get_user_200_b.json", "GET /users/{id}", "response", 200,
               "Get the full detail of a user record"),
        Sample("001_list_user_documents_200.json", "GET /users/{id}/documents", "response", 200,
               "List user documents given the provided search terms and filters."),
        Sample("001_upload_user_document_201.json", "POST /users/{id}/documents", "response", 201,
               "Upload document for user."),
        Sample("001_get_user_document_download_200.json",
               "GET /users/{id}/documents/{documentId}/download", "response", 200,
               "Get signed download link for user document."),
        # Last sample of the page, under "Remove user document.": the error body
        # (statusCode/message/code/debugInfo), not tied to a single status code.
        Sample("001_error_body.json", "error", "response", None, "Remove user document."),
    ]),
    "002": ("markers", [
        Sample("002_list_users_200.json", "GET /users", "response", 200),
    ]),
    "003": ("markers", [
        Sample("003_list_infrastructure_identities_200.json",
               "GET /user-identities/infrastructure", "response", 200),
        Sample("003_connect_infrastructure_identity_request.json",
               "PUT /user-identities/infrastructure/{id}/connect", "request"),
        Sample("003_connect_infrastructure_identity_200.json",
               "PUT /user-identities/infrastructure/{id}/connect", "response", 200),
        Sample("003_toggle_infrastructure_identity_request.json",
               "PUT /user-identities/infrastructure/{id}/toggle", "request"),
        Sample("003_toggle_infrastructure_identity_200.json",
               "PUT /user-identities/infrastructure/{id}/toggle", "response", 200),
        Sample("003_service_account_infrastructure_identity_request.json",
               "PUT /user-identities/infrastructure/{id}/service-account", "request"),
        Sample("003_service_account_infrastructure_identity_200.json",
               "PUT /user-identities/infrastructure/{id}/service-account", "response", 200),
        Sample("003_list_version_control_identities_200.json",
               "GET /user-identities/version-control", "response", 200),
        Sample("003_connect_version_control_identity_request.json",
               "PUT /user-identities/version-control/{id}/connect", "request"),
        Sample("003_connect_version_control_identity_200.json",
               "PUT /user-identities/version-control/{id}/connect", "response", 200),
        Sample("003_toggle_version_control_identity_request.json",
               "PUT /user-identities/version-control/{id}/toggle", "request"),
        Sample("003_toggle_version_control_identity_200.json",
               "PUT /user-identities/version-control/{id}/toggle", "response", 200),
        Sample("003_service_account_version_control_identity_request.json",
               "PUT /user-identities/version-control/{id}/service-account", "request"),
        Sample("003_service_account_version_control_identity_200.json",
               "PUT /user-identities/version-control/{id}/service-account", "response", 200),
    ]),
}

BULLETS = ("-", "\u2022")  # "-" on pages 000/001, "•" on pages 002/003
OPERATION_LINE = re.compile(r"^(get|put|post|patch|delete)(/\S*)$")
STATUS_LINE = re.compile(r"^[1-5]\d\d$")

# Cloudflare's stand-in for a hidden e-mail address (with a no-break space).
OBFUSCATED_EMAIL = "[email\u00a0protected]"


class ExtractionError(Exception):
    pass


@dataclass
class RawSample:
    start_line: int  # 1-based, for error messages
    text: str
    kind: str | None = None  # markers mode only
    operation: str | None = None  # markers mode only
    status: int | None = None  # markers mode only: first code listed under "Responses"
    title: str | None = None  # blocks mode only


# --------------------------------------------------------------------------------------------------
# Locating samples


def _depth_delta(line: str, in_string: bool) -> tuple[int, bool]:
    """Net change of {}/[] nesting on a line, ignoring brackets inside string values."""
    delta = 0
    i = 0
    while i < len(line):
        c = line[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "{[":
            delta += 1
        elif c in "}]":
            delta -= 1
        i += 1
    return delta, in_string


def _read_block(lines: list[str], start: int, where: str) -> tuple[str, int]:
    """Read the balanced JSON block starting at lines[start]; return (text, index after it)."""
    depth = 0
    in_string = False
    i = start
    while i < len(lines):
        delta, in_string = _depth_delta(lines[i], in_string)
        depth += delta
        if depth < 0:
            raise ExtractionError(f"{where}:{i + 1}: unbalanced closing bracket")
        i += 1
        if depth == 0:
            if in_string:
                raise ExtractionError(f"{where}:{i}: sample ends inside a string")
            return "\n".join(lines[start:i]), i
    raise ExtractionError(f"{where}:{start + 1}: sample starting here is never closed")


def find_blocks(lines: list[str], where: str) -> list[RawSample]:
    """Pages 000/001: each sample is a block starting on a line beginning with `{`."""
    samples = []
    i = 0
    section_start = 0
    while i < len(lines):
        if lines[i].startswith("{"):
            text, end = _read_block(lines, i, where)
            heading = [ln.strip() for ln in lines[section_start:i] if ln.strip()]
            samples.append(RawSample(i + 1, text, title=heading[0] if heading else None))
            i = section_start = end
        else:
            i += 1
    return samples


def find_marked(lines: list[str], where: str) -> list[RawSample]:
    """Pages 002/003: a sample follows "Request samples"/"Response samples" + "application/json"."""
    samples = []
    mode: str | None = None
    operation: str | None = None
    status: int | None = None
    expect_status = False
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if expect_status and line:
            status = int(line) if STATUS_LINE.match(line) else None
            expect_status = False
        if line == "Responses":
            expect_status, status = True, None
        elif m := OPERATION_LINE.match(line):
            operation = f"{m.group(1).upper()} {m.group(2)}"
        elif line == "Request samples":
            mode = "request"
        elif line == "Response samples":
            mode = "response"
        elif line == "application/json" and mode is not None:
            if i >= len(lines) or not lines[i].startswith("{"):
                raise ExtractionError(f"{where}:{i + 1}: expected a sample after application/json")
            text, end = _read_block(lines, i, where)
            samples.append(RawSample(i + 1, text, kind=mode, operation=operation,
                                     status=status if mode == "response" else None))
            i = end
            mode = None
        elif line.startswith("{"):
            raise ExtractionError(f"{where}:{i}: JSON-like block outside a sample section")
    return samples


# --------------------------------------------------------------------------------------------------
# Converting a sample


def flattened_to_json(text: str, where: str) -> str:
    """Remove list bullets (outside string values)."""
    out: list[str] = []
    prev = None  # last significant character emitted outside strings
    in_string = False
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
                prev = c
            i += 1
            continue
        if c == '"':
            in_string = True
            out.append(c)
        elif c in BULLETS and text.startswith(" ", i + 1):
            # A bullet can only introduce an array item or an object member.
            if prev not in (None, "{", "[", ","):
                line = text.count("\n", 0, i)
                raise ExtractionError(f"{where}: +{line} lines: bullet {c!r} after {prev!r}")
            i += 2
            continue
        else:
            out.append(c)
            if not c.isspace():
                prev = c
        i += 1
    if in_string:
        raise ExtractionError(f"{where}: unterminated string")
    return "".join(out)


def _object_hook(pairs: list[tuple[str, object]]) -> object:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ExtractionError(f"duplicate keys in object: {keys}")
    return dict(pairs)


def convert(raw: RawSample, where: str) -> object:
    json_text = flattened_to_json(raw.text, f"{where}:{raw.start_line}")
    try:
        return json.loads(json_text, object_pairs_hook=_object_hook)
    except json.JSONDecodeError as err:
        raise ExtractionError(
            f"{where}:{raw.start_line}: sample does not parse as JSON: {err}\n{json_text}"
        ) from err


def _members(value: object):
    """Every (key, value) member at every depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _members(item)
    elif isinstance(value, list):
        for item in value:
            yield from _members(item)


def shown_values(samples: list[object]) -> dict[str, set[str]]:
    """For each key, the string values the pages show for it in clear."""
    shown: dict[str, set[str]] = {}
    for sample in samples:
        for key, item in _members(sample):
            if isinstance(item, str) and item != OBFUSCATED_EMAIL:
                shown.setdefault(key, set()).add(item)
    return shown


def deobfuscate(value: object, shown: dict[str, set[str]], path: str, undone: list[str]) -> object:
    """Replace Cloudflare's e-mail stand-in with the one value its key shows in clear elsewhere."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if item == OBFUSCATED_EMAIL:
                clear = sorted(shown.get(key, ()))
                if len(clear) != 1:
                    raise ExtractionError(
                        f"{path}.{key}: hidden e-mail address, and the pages show {len(clear)} values "
                        f"for `{key}` in clear ({clear}); expected exactly one"
                    )
                undone.append(f"{path}.{key}")
                result[key] = clear[0]
            else:
                result[key] = deobfuscate(item, shown, f"{path}.{key}", undone)
        return result
    if isinstance(value, list):
        return [deobfuscate(item, shown, f"{path}[{n}]", undone) for n, item in enumerate(value)]
    if value == OBFUSCATED_EMAIL:
        raise ExtractionError(f"{path}: hidden e-mail address outside an object member")
    return value


def dump(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------------
# Driver


def seed_file(seeds: Path, page: str) -> Path:
    matches = sorted(seeds.glob(f"{page}_*.txt"))
    if len(matches) != 1:
        raise ExtractionError(f"expected exactly one {page}_*.txt in {seeds}, found {matches}")
    return matches[0]


def build(seeds: Path) -> tuple[dict[str, str], list[str]]:
    """Return ({file name: content}, notes about what was undone)."""
    converted: list[tuple[Sample, str, object]] = []
    for page, (mode, expected) in SAMPLES.items():
        path = seed_file(seeds, page)
        lines = path.read_text(encoding="utf-8").splitlines()
        raws = find_blocks(lines, path.name) if mode == "blocks" else find_marked(lines, path.name)
        if len(raws) != len(expected):
            raise ExtractionError(
                f"{path.name}: found {len(raws)} samples, expected {len(expected)} "
                f"(at lines {[r.start_line for r in raws]})"
            )
        for raw, exp in zip(raws, expected):
            where = f"{path.name}:{raw.start_line} ({exp.file})"
            if mode == "blocks" and raw.title != exp.title:
                raise ExtractionError(f"{where}: section title {raw.title!r}, expected {exp.title!r}")
            if mode == "markers":
                if (raw.kind, raw.operation) != (exp.kind, exp.operation):
                    raise ExtractionError(
                        f"{where}: page shows {raw.kind} sample of {raw.operation!r}, "
                        f"expected {exp.kind} of {exp.operation!r}"
                    )
                if exp.kind == "response" and raw.status != exp.status:
                    raise ExtractionError(
                        f"{where}: first documented response is {raw.status}, expected {exp.status}"
                    )
            converted.append((exp, page, convert(raw, path.name)))

    shown = shown_values([value for _, _, value in converted])
    files: dict[str, str] = {}
    manifest: list[dict[str, object]] = []
    notes: list[str] = []
    for exp, page, value in converted:
        undone: list[str] = []
        value = deobfuscate(value, shown, "$", undone)
        if undone:
            notes.append(f"{exp.file}: {len(undone)} hidden e-mail address(es) restored: " + ", ".join(undone))
        if exp.file in files:
            raise ExtractionError(f"duplicate output file name {exp.file}")
        files[exp.file] = dump(value)
        entry: dict[str, object] = {"file": exp.file, "page": page,
                                    "operation": exp.operation, "kind": exp.kind}
        if exp.kind == "response":
            entry["status"] = exp.status
        manifest.append(entry)
    files["manifest.json"] = dump(manifest)
    return files, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=DEFAULT_SEEDS,
                        help=f"directory holding the page captures (default: {DEFAULT_SEEDS})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output directory (default: {DEFAULT_OUT})")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if the output directory is not up to date")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list the hidden e-mail addresses that were restored")
    args = parser.parse_args(argv)

    try:
        files, notes = build(args.seeds)
    except ExtractionError as err:
        print(f"extract_samples: error: {err}", file=sys.stderr)
        return 1

    stray = sorted(p.name for p in args.out.glob("*.json") if p.name not in files) \
        if args.out.is_dir() else []
    if args.check:
        stale = [name for name, content in sorted(files.items())
                 if not (args.out / name).is_file()
                 or (args.out / name).read_text(encoding="utf-8") != content]
        for name in stale:
            print(f"out of date: {name}", file=sys.stderr)
        for name in stray:
            print(f"stray file: {name}", file=sys.stderr)
        return 1 if stale or stray else 0

    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in sorted(files.items()):
        (args.out / name).write_text(content, encoding="utf-8", newline="\n")
    for name in stray:
        print(f"warning: stray file not produced by this script: {args.out / name}", file=sys.stderr)
    print(f"wrote {len(files)} files ({len(files) - 1} samples + manifest.json) to {args.out}")
    if args.verbose:
        for note in notes:
            print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
