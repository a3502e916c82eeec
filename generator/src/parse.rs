//! Parse: reads an OpenAPI 3.0 or 3.1 document (YAML or JSON) into `openapiv3`'s model (3.0),
//! reporting errors with the JSON pointer of the offending value. A 3.1 document is translated
//! first (`downgrade`).

use crate::downgrade;
use crate::error::{pointer_token, unescape_token, Error, Warning};
use openapiv3::OpenAPI;
use std::path::Path;

mod parallel;

/// Reads the document at `path`.
pub fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::file(path.display().to_string(), format!("cannot read the spec: {e}"))
            .with_fix("check the path given with --spec")
    })
}

/// The first keyword at or below `node` (the value at `at`) that changes no Rust type and whose
/// value has the wrong kind (`pattern: 0`, `maxLength: many`): its pointer.
fn malformed_keyword(node: &serde_json::Value, at: &str, depth: usize) -> Option<String> {
    use serde_json::Value::{Bool, Number, Object, String as Text};
    let wrong = |key: &str, value: &serde_json::Value| match key {
        "pattern" | "description" | "title" | "summary" | "format" => !matches!(value, Text(_)),
        "minimum" | "maximum" | "multipleOf" => !matches!(value, Number(_)),
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
            value.as_u64().is_none()
        }
        "uniqueItems" | "deprecated" | "readOnly" | "writeOnly" | "exclusiveMinimum" | "exclusiveMaximum" => {
            !matches!(value, Bool(_))
        }
        "externalDocs" | "xml" => !matches!(value, Object(_)),
        _ => false,
    };
    let children: Vec<(String, &serde_json::Value)> = match node {
        Object(map) => map.iter().map(|(k, v)| (pointer_token(k), v)).collect(),
        serde_json::Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => return None,
    };
    if let Object(map) = node {
        // Keys of `properties` name properties, not keywords.
        let is_keyword_map = !at.ends_with("/properties");
        if let Some((key, _)) = map.iter().find(|(k, v)| is_keyword_map && wrong(k, v)) {
            return Some(format!("{at}/{}", pointer_token(key)));
        }
    }
    if depth >= 32 {
        return None;
    }
    children.into_iter().find_map(|(token, child)| malformed_keyword(child, &format!("{at}/{token}"), depth + 1))
}

/// A part of the document the generator can do without, at or above the failing `at`: the
/// `callbacks` of an operation (no code is generated for them) or a component schema that is not a
/// schema at all (a string, a number).
fn droppable(doc: &serde_json::Value, at: &str) -> Option<String> {
    if let Some(i) = at.find("/callbacks/") {
        return Some(at[..i + "/callbacks".len()].to_owned());
    }
    let name = at.strip_prefix("/components/schemas/").filter(|n| !n.contains('/'))?;
    let value = doc.pointer(at)?;
    (!value.is_object()).then(|| format!("/components/schemas/{name}"))
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_owned(),
    }
}

/// `parse`, but a malformed value of a keyword that changes no type is removed and reported as a
/// warning naming its pointer, and the document parsed again; and what a 3.1 document says that
/// 3.0 cannot is reported as warnings too.
pub fn parse_tolerant(text: &str) -> Result<(OpenAPI, Vec<Warning>), Error> {
    let (translated, mut warnings) = downgrade_31(text)?;
    let text = translated.as_deref().unwrap_or(text);
    let mut current: Option<String> = None;
    loop {
        let error = match parse_30(current.as_deref().unwrap_or(text)) {
            Ok(doc) => return Ok((doc, warnings)),
            Err(error) => error,
        };
        let Some(at) = error.pointer.clone() else { return Err(error) };
        let mut doc: serde_json::Value = from_text(current.as_deref().unwrap_or(text)).map_err(|_| error.clone())?;
        // The parser's pointer is exact for components and may stop at the parameter or response
        // in `paths`: look at and below it for a keyword whose value has the wrong kind.
        let bad = droppable(&doc, &at).or_else(|| doc.pointer(&at).and_then(|node| malformed_keyword(node, &at, 0)));
        let Some(pointer) = bad.filter(|_| warnings.len() < 1000) else { return Err(error) };
        let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
        let key = unescape_token(key);
        let Some(value) = doc.pointer_mut(parent).and_then(|p| p.as_object_mut()).and_then(|p| p.remove(&key)) else {
            return Err(error);
        };
        let message = if key == "callbacks" {
            format!(
                "`callbacks` ignored: no code is generated for callbacks, and these do not parse ({})",
                error.message
            )
        } else if parent == "/components/schemas" {
            format!("component schema `{key}` is not a schema (`{}`); ignored", shorten(&value.to_string()))
        } else {
            format!("`{key}: {value}` is not a valid value for `{key}`; ignored (it changes no Rust type)")
        };
        warnings.push(Warning { pointer, message });
        current = Some(serde_json::to_string(&doc).map_err(Error::internal)?);
    }
}

/// Parses a document from text; JSON when it starts with `{`, YAML otherwise (YAML is a superset).
/// A 3.1 document is translated to 3.0 (what is lost is not reported: see `parse_tolerant`).
pub fn parse(text: &str) -> Result<OpenAPI, Error> {
    match downgrade_31(text)? {
        (Some(translated), _) => parse_30(&translated),
        (None, _) => parse_30(text),
    }
}

/// A 3.1 document translated to 3.0, as JSON text, and what the translation lost; `None` for any
/// other text.
fn downgrade_31(text: &str) -> Result<(Option<String>, Vec<Warning>), Error> {
    if !downgrade::may_be_31(text) {
        return Ok((None, Vec::new()));
    }
    let mut doc: serde_json::Value = from_text(text).map_err(|e| {
        syntax(e).with_fix("correct the syntax (the message says where), e.g. with a JSON or YAML linter")
    })?;
    let version = match doc.get("openapi") {
        Some(serde_json::Value::String(v)) => v.clone(),
        // `openapi: 3.1` in YAML is a number.
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Ok((None, Vec::new())),
    };
    if !downgrade::is_31(&version) {
        return Ok((None, Vec::new()));
    }
    let warnings = downgrade::downgrade(&mut doc);
    // Straighten its references now, on the value at hand, rather than parse the text again.
    hoist_foreign_refs(&mut doc);
    let translated = serde_json::to_string(&doc).map_err(Error::internal)?;
    Ok((Some(translated), warnings))
}

/// Parses an OpenAPI 3.0 document.
fn parse_30(text: &str) -> Result<OpenAPI, Error> {
    // `openapiv3` can panic on some malformed `$ref`-or-item values (it `expect`s a second parse to
    // fail); a document must never crash the generator, so that becomes an ordinary error.
    let parsed = std::panic::catch_unwind(|| parse_unguarded(text)).unwrap_or_else(|panic| {
        let what =
            panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
        let (pointer, detail) = locate_in_paths(text).unwrap_or_default();
        let message = format!(
            "not a valid OpenAPI 3.0 document (the parser failed: {}{})",
            what.unwrap_or_else(|| "unknown".into()),
            if detail.is_empty() { String::new() } else { format!("; {detail}") }
        );
        let error = if pointer.is_empty() { Error::general(message) } else { Error::new(pointer, message) };
        Err(error
            .with_fix("check the document with an OpenAPI validator, e.g. `python3 -m openapi_spec_validator FILE`"))
    });
    let mut doc = parsed?;
    restore_form_explode(&mut doc, text);
    Ok(doc)
}

/// `openapiv3` reads an absent `explode` of an `encoding` as `false`, where the spec's default for
/// `style: form` (also the style an encoding without one has) is `true`. Only when an encoding is
/// `form` without `explode: true` is the text read again, to tell an explicit `false` from none.
fn restore_form_explode(doc: &mut OpenAPI, text: &str) {
    use openapiv3::{QueryStyle, ReferenceOr, RequestBody};
    let mut bodies: Vec<(String, &mut RequestBody)> = Vec::new();
    for (path, item) in doc.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        let at = format!("/paths/{}", pointer_token(path));
        let operations = [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("options", &mut item.options),
            ("head", &mut item.head),
            ("patch", &mut item.patch),
            ("trace", &mut item.trace),
        ];
        for (method, op) in operations {
            if let Some(ReferenceOr::Item(body)) = op.as_mut().and_then(|op| op.request_body.as_mut()) {
                bodies.push((format!("{at}/{method}/requestBody"), body));
            }
        }
    }
    for (name, body) in doc.components.iter_mut().flat_map(|c| c.request_bodies.iter_mut()) {
        if let ReferenceOr::Item(body) = body {
            bodies.push((format!("/components/requestBodies/{}", pointer_token(name)), body));
        }
    }
    let mut unsure = Vec::new();
    for (at, body) in bodies {
        for (media, content) in body.content.iter_mut() {
            for (property, encoding) in content.encoding.iter_mut() {
                if matches!(encoding.style, None | Some(QueryStyle::Form)) && !encoding.explode {
                    let pointer = format!("{at}/content/{}/encoding/{}", pointer_token(media), pointer_token(property));
                    unsure.push((pointer, encoding));
                }
            }
        }
    }
    if unsure.is_empty() {
        return;
    }
    let Ok(raw) = from_text::<serde_json::Value>(text) else { return };
    for (pointer, encoding) in unsure {
        encoding.explode = raw.pointer(&format!("{pointer}/explode")).is_none();
    }
}

/// Refuses anything but OpenAPI 3.0.x (3.1.x is translated before), saying what to do instead.
fn check_version(v: &str) -> Result<(), Error> {
    if v.starts_with("3.0") {
        return Ok(());
    }
    let fix = if v.starts_with('2') {
        "convert it to OpenAPI 3.0 first (e.g. with swagger2openapi)"
    } else {
        "only OpenAPI 3.0.x and 3.1.x are supported; state the version the document keeps to"
    };
    Err(Error::new("", format!("unsupported version `{v}`")).with_fix(fix))
}

fn parse_unguarded(text: &str) -> Result<OpenAPI, Error> {
    // References into `paths` or into part of a component are rare; rewrite them only when the text
    // can contain one, so ordinary documents take the direct path.
    if has_foreign_refs(text) {
        let mut doc: serde_json::Value = from_text(text).map_err(syntax)?;
        if hoist_foreign_refs(&mut doc) {
            let reparsed = serde_json::to_string(&doc).map_err(|e| syntax(e.to_string()))?;
            return parse_direct(&reparsed);
        }
    }
    parse_direct(text)
}

/// `parse_unguarded` for a document whose references all point straight at components.
fn parse_direct(text: &str) -> Result<OpenAPI, Error> {
    // The fast path: a plain parse. Tracking the path costs time on every value, so it is only
    // paid for a document that fails, to say where.
    let json = is_json(text);
    // JSON is parsed on every core (`parallel`); YAML, and what that path leaves, in one piece.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let plain: Option<OpenAPI> =
        json.then(|| parallel::parse(text, threads)).flatten().or_else(|| from_text(text).ok());
    if let Some(doc) = plain {
        check_version(&doc.openapi)?;
        return Ok(doc);
    }
    // A document that does not parse may be of another version (Swagger 2.0 has no `openapi`);
    // reading the version costs a second parse, so only failures pay it.
    if let Some(v) = detect_version(text) {
        check_version(&v)?;
    }
    let result = if json {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let pointer = pointer_of(e.path());
            let inner = e.into_inner();
            (pointer, format!("{inner}"))
        })
    } else {
        let de = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let pointer = pointer_of(e.path());
            // serde_yaml's message already ends with the line and column.
            (pointer, e.into_inner().to_string())
        })
    };
    // `openapiv3` reads `paths` with a hand-written deserializer that hides the path below it;
    // find the exact operation by reading the path items one by one.
    let result = result.map_err(|(pointer, message)| match pointer.as_str() {
        "/paths" => locate_in_paths(text).unwrap_or((pointer, message)),
        _ => (pointer, message),
    });
    result.map_err(|(pointer, message)| {
        Error::new(pointer, format!("not a valid OpenAPI 3.0 document: {message}"))
            .with_fix("correct the value at this location (see the OpenAPI 3.0.3 specification)")
    })
}

/// JSON when the text starts with `{`, YAML otherwise (YAML is a superset, but the JSON parser is
/// faster and its messages are better).
fn is_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// Deserializes `text` as JSON or YAML; the error is serde's message.
fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    if is_json(text) {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }
}

fn syntax(message: String) -> Error {
    Error::general(format!("not valid YAML or JSON: {message}"))
}

/// True when some `$ref` in the text may need rewriting by `hoist_foreign_refs`: one that points
/// anywhere but straight at a component (`#/components/schemas/Name`), or is percent-encoded. A
/// cheap scan of the text, so ordinary documents never pay for a second parse.
fn has_foreign_refs(text: &str) -> bool {
    // `#` is found with memchr; a two-byte pattern would be searched for far more slowly.
    text.match_indices('#').filter(|(i, _)| text[i + 1..].starts_with('/')).any(|(i, _)| {
        let rest = &text[i + 2..];
        let end = rest.find(['"', '\'', '\n', '\r', ' ', '}', ',']).unwrap_or(rest.len());
        let target = &rest[..end];
        let direct = target.strip_prefix("components/").and_then(|t| t.split_once('/'));
        !matches!(direct, Some((_, name)) if !name.contains('/') && !name.contains('%'))
    })
}

/// Points every `$ref` straight at a component: a reference into `paths` or into part of a
/// component (`#/components/schemas/A/properties/b`) gets a component of its own holding a copy of
/// the target (in the section `section_of` picks), and percent-encoded references (RFC 6901's URI fragment form, `%7Bid%7D`) are
/// decoded. The rest of the pipeline then only ever follows component references. True when a
/// reference changed.
fn hoist_foreign_refs(doc: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    /// Each reference, once.
    fn collect(value: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                // A path item's `$ref` names another path item: lowering follows it.
                let path_item = path.len() == 2 && path[0] == "paths";
                if let Some(Value::String(r)) = map.get("$ref").filter(|_| !path_item) {
                    if r.starts_with("#/") && !out.contains(r) {
                        out.push(r.clone());
                    }
                }
                // Values of these keywords are data, where a `$ref` member is no reference (a
                // property may be named so, though).
                let parent = path.last().cloned().unwrap_or_default();
                let data = |k: &str| match k {
                    _ if parent == "properties" => false,
                    "default" => parent != "responses",
                    "example" | "enum" | "const" | "value" => true,
                    _ => k.starts_with("x-"),
                };
                for (k, v) in map.iter().filter(|(k, _)| !data(k)) {
                    path.push(k.clone());
                    collect(v, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(i.to_string());
                    collect(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    fn rewrite(value: &mut Value, map: &[(String, String)]) {
        match value {
            Value::Object(obj) => {
                if let Some(Value::String(r)) = obj.get_mut("$ref") {
                    if let Some((_, to)) = map.iter().find(|(from, _)| from == r) {
                        *r = to.clone();
                    }
                }
                obj.values_mut().for_each(|v| rewrite(v, map));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, map)),
            _ => {}
        }
    }
    let mut refs = Vec::new();
    collect(doc, &mut Vec::new(), &mut refs);
    let mut moved: Vec<(&'static str, String, Value)> = Vec::new();
    let mut map = Vec::new();
    for r in refs {
        let decoded = percent_encoding::percent_decode_str(&r[1..]).decode_utf8_lossy().into_owned();
        let tokens: Vec<String> = decoded.split('/').skip(1).map(unescape_token).collect();
        // Straight at a component already (whatever the place calls for: a mismatch is the
        // document's error, reported where it stands): only the encoding may need undoing.
        if tokens.len() == 3 && tokens[0] == "components" {
            if decoded != r[1..] {
                map.push((r, format!("#{decoded}")));
            }
            continue;
        }
        let Some(target) = doc.pointer(&decoded).cloned() else { continue };
        let kind = section_of(&decoded);
        let base = component_name(&tokens);
        let taken = |k: &str| {
            doc.pointer(&format!("/components/{kind}/{}", pointer_token(k))).is_some()
                || moved.iter().any(|(mk, m, _)| *mk == kind && m == k)
        };
        let key = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|k| !taken(k))
            .unwrap_or(base);
        map.push((r, format!("#/components/{kind}/{}", pointer_token(&key))));
        moved.push((kind, key, target));
    }
    if map.is_empty() {
        return false;
    }
    for (_, _, target) in &mut moved {
        rewrite(target, &map);
    }
    rewrite(doc, &map);
    let Some(root) = doc.as_object_mut() else { return true };
    let components = root.entry("components").or_insert_with(|| serde_json::json!({}));
    let Some(components) = components.as_object_mut() else { return true };
    for (kind, key, target) in moved {
        if let Some(section) = components.entry(kind).or_insert_with(|| serde_json::json!({})).as_object_mut() {
            section.insert(key, target);
        }
    }
    true
}

/// The `components` section an object at `pointer` belongs in: `parameters` for `.../parameters/0`,
/// `requestBodies` for `.../requestBody`, `responses` for `.../responses/200`, `headers` for
/// `.../headers/Name`; `schemas` for anything else. (Inside a schema these names can only be
/// property names, which are followed by keywords, never by an index or a status code.)
fn section_of(pointer: &str) -> &'static str {
    let tokens: Vec<&str> = pointer.rsplit('/').take(3).collect();
    let in_schema_map = |t: Option<&&str>| {
        t.is_some_and(|t| matches!(*t, "properties" | "$defs" | "definitions" | "patternProperties"))
    };
    match tokens.as_slice() {
        [last, "parameters", ..] if last.chars().all(|c| c.is_ascii_digit()) => "parameters",
        ["requestBody", rest @ ..] if !in_schema_map(rest.first()) => "requestBodies",
        [_, "responses", rest @ ..] if !in_schema_map(rest.first()) => "responses",
        [_, "headers", rest @ ..] if !in_schema_map(rest.first()) => "headers",
        _ => "schemas",
    }
}

/// A name for a hoisted component from the pointer it copies: the last token that is a name rather
/// than a keyword, an index or a media type (`birthDate` for `.../properties/birthDate`, `chargers
/// chargerId` for `/paths/~1chargers~1{chargerId}/get/responses/200/content/application~1json/schema`).
fn component_name(tokens: &[String]) -> String {
    const KEYWORDS: &[&str] = &[
        "schema",
        "schemas",
        "items",
        "properties",
        "additionalProperties",
        "content",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "responses",
        "parameters",
        "requestBody",
        "requestBodies",
        "headers",
        "components",
        "paths",
        "get",
        "put",
        "post",
        "delete",
        "options",
        "head",
        "patch",
        "trace",
    ];
    // A media type (`application/json`) is no name; a path (`/items/{id}`) is.
    let name = tokens.iter().rev().find(|t| {
        let media_type = t.contains('/') && !t.starts_with('/');
        !KEYWORDS.contains(&t.as_str()) && !t.chars().all(|c| c.is_ascii_digit()) && !media_type
    });
    match name {
        Some(n) if n.starts_with('/') => {
            n.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
        }
        Some(n) => n.clone(),
        None => "Hoisted".to_owned(),
    }
}

/// The pointer and message of the first part of `paths` that does not deserialize, narrowed down to
/// the parameter, request body or response at fault.
fn locate_in_paths(text: &str) -> Option<(String, String)> {
    use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response};
    let doc: serde_json::Value = from_text(text).ok()?;
    let paths = doc.get("paths")?.as_object()?;
    for (path, item) in paths.iter().filter(|(k, _)| !k.starts_with("x-")) {
        let at = format!("/paths/{}", pointer_token(path));
        let Some(err) =
            error_of::<ReferenceOr<PathItem>>(item, &at).map(|e| item_error::<PathItem>(item, &at).unwrap_or(e))
        else {
            continue;
        };
        let narrower = item.as_object().into_iter().flatten().find_map(|(key, value)| {
            let at = format!("{at}/{}", pointer_token(key));
            match key.as_str() {
                "parameters" => each(value, &at, item_error::<Parameter>),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    let err = error_of::<Operation>(value, &at)?;
                    let inner = value.as_object().into_iter().flatten().find_map(|(k, v)| {
                        let at = format!("{at}/{}", pointer_token(k));
                        match k.as_str() {
                            "parameters" => each(v, &at, item_error::<Parameter>),
                            "requestBody" => item_error::<RequestBody>(v, &at),
                            "responses" => v.as_object().into_iter().flatten().find_map(|(code, r)| {
                                item_error::<Response>(r, &format!("{at}/{}", pointer_token(code)))
                            }),
                            _ => None,
                        }
                    });
                    Some(inner.unwrap_or(err))
                }
                _ => None,
            }
        });
        return Some(narrower.unwrap_or(err));
    }
    None
}

/// The error deserializing `value` as `T`, with its pointer below `at`.
fn error_of<T: serde::de::DeserializeOwned>(value: &serde_json::Value, at: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value.clone())
        .err()
        .map(|e| (format!("{at}{}", pointer_of(e.path())), e.into_inner().to_string()))
}

/// As `error_of`, for a value that may be a `$ref` (`ReferenceOr` is untagged, which hides paths).
fn item_error<T: serde::de::DeserializeOwned>(value: &serde_json::Value, at: &str) -> Option<(String, String)> {
    match value.get("$ref") {
        Some(_) => error_of::<openapiv3::ReferenceOr<T>>(value, at),
        None => error_of::<T>(value, at),
    }
}

fn each(
    list: &serde_json::Value,
    at: &str,
    check: fn(&serde_json::Value, &str) -> Option<(String, String)>,
) -> Option<(String, String)> {
    list.as_array()?.iter().enumerate().find_map(|(i, v)| check(v, &format!("{at}/{i}")))
}

/// The `openapi` field, read without committing to a model.
fn detect_version(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        openapi: Option<serde_json::Value>,
        swagger: Option<serde_json::Value>,
    }
    let head: Head = from_text(text).ok()?;
    let v = head.openapi.or(head.swagger)?;
    Some(match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_pointer() {
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: 5, content: 7}}\n";
        let e = parse(doc).unwrap_err();
        // Both values are wrong; the first in document order is named.
        assert_eq!(e.pointer.as_deref(), Some("/paths/~1a/get/responses/200/description"), "{e}");
    }

    #[test]
    fn swagger_2_is_refused_with_a_fix() {
        let e = parse("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(e.to_string().contains("unsupported version `2.0`"), "{e}");
        assert!(e.fix.unwrap().contains("swagger2openapi"));
    }

    #[test]
    fn openapi_3_1_is_translated_and_other_versions_refused() {
        let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {a: {}}\ncomponents:\n  schemas:\n    A: {type: [string, 'null']}\n";
        let (parsed, warnings) = parse_tolerant(doc).unwrap();
        assert_eq!(parsed.openapi, "3.0.3");
        assert!(parsed.paths.paths.is_empty());
        let a = parsed.components.unwrap().schemas["A"].as_item().unwrap().clone();
        assert!(a.schema_data.nullable);
        assert_eq!(warnings.iter().map(|w| w.pointer.as_str()).collect::<Vec<_>>(), ["/webhooks/a"]);
        // YAML reads an unquoted `3.1` as a number.
        assert!(parse("openapi: 3.1\ninfo: {title: t, version: '1'}\n").is_ok());
        for version in ["3.2.0", "4.0.0", "1.0"] {
            let e =
                parse(&format!("openapi: '{version}'\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n")).unwrap_err();
            assert!(e.to_string().contains(&format!("unsupported version `{version}`")), "{e}");
        }
    }

    #[test]
    fn references_below_a_component_or_into_paths_are_moved_into_components() {
        let doc = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
          "paths": {
            "/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A/properties/b"}}}}}}},
            "/c/{id}": {"get": {"parameters": [{"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/0"}],
                                "responses": {"200": {"$ref": "#/paths/~1a~1{id}/get/responses/200"}}}}
          },
          "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"type": "integer"}}}}}}"##;
        let parsed = parse(doc).unwrap();
        let components = parsed.components.unwrap();
        assert!(components.schemas.contains_key("b"), "{:?}", components.schemas.keys());
        // Named after the path they come from, each in its own section.
        assert!(components.parameters.contains_key("a id"), "{:?}", components.parameters.keys());
        assert!(components.responses.contains_key("a id"), "{:?}", components.responses.keys());
        assert_eq!(components.schemas.keys().collect::<Vec<_>>(), ["A", "b"]);
        assert!(!has_foreign_refs("{\"$ref\": \"#/components/schemas/A\"}"));
        assert!(has_foreign_refs("{\"$ref\": \"#/components/schemas/A/properties/b\"}"));
    }

    #[test]
    fn json_and_yaml_both_parse() {
        let json = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        assert_eq!(parse(json).unwrap().info.title, "t");
        assert_eq!(parse("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap().info.title, "t");
    }
}
