//! Parse: reads an OpenAPI 3.0 document (YAML or JSON) into `openapiv3`'s model, reporting errors
//! with the JSON pointer of the offending value.

use crate::error::{pointer_token, Error, Warning};
use openapiv3::OpenAPI;
use std::path::Path;

/// Reads and parses the document at `path`.
pub fn load(path: &Path) -> Result<(OpenAPI, Vec<Warning>), Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::file(file.clone(), format!("cannot read the spec: {e}")).with_fix("check the path given with --spec")
    })?;
    parse_tolerant(&text).map_err(|e| e.in_file(file))
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

/// `parse`, but a malformed value of a keyword that changes no type is removed and reported as a
/// warning naming its pointer, and the document parsed again.
pub fn parse_tolerant(text: &str) -> Result<(OpenAPI, Vec<Warning>), Error> {
    let mut warnings = Vec::new();
    let mut current: Option<String> = None;
    loop {
        let error = match parse(current.as_deref().unwrap_or(text)) {
            Ok(doc) => return Ok((doc, warnings)),
            Err(error) => error,
        };
        let Some(at) = error.pointer.clone() else { return Err(error) };
        let mut doc: serde_json::Value = from_text(current.as_deref().unwrap_or(text)).map_err(|_| error.clone())?;
        // The parser's pointer is exact for components and may stop at the parameter or response
        // in `paths`: look at and below it for a keyword whose value has the wrong kind.
        let bad = doc.pointer(&at).and_then(|node| malformed_keyword(node, &at, 0));
        let Some(pointer) = bad.filter(|_| warnings.len() < 1000) else { return Err(error) };
        let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
        let key = key.replace("~1", "/").replace("~0", "~");
        let Some(value) = doc.pointer_mut(parent).and_then(|p| p.as_object_mut()).and_then(|p| p.remove(&key)) else {
            return Err(error);
        };
        let message = format!("`{key}: {value}` is not a valid value for `{key}`; ignored (it changes no Rust type)");
        warnings.push(Warning { pointer, message });
        current = Some(serde_json::to_string(&doc).map_err(Error::internal)?);
    }
}

/// Parses a document from text; JSON when it starts with `{`, YAML otherwise (YAML is a superset).
pub fn parse(text: &str) -> Result<OpenAPI, Error> {
    // `openapiv3` can panic on some malformed `$ref`-or-item values (it `expect`s a second parse to
    // fail); a document must never crash the generator, so that becomes an ordinary error.
    std::panic::catch_unwind(|| parse_unguarded(text)).unwrap_or_else(|panic| {
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
    })
}

/// Refuses anything but OpenAPI 3.0.x, saying what to do instead.
fn check_version(v: &str) -> Result<(), Error> {
    if v.starts_with("3.0") {
        return Ok(());
    }
    let fix = if v.starts_with('2') {
        "convert it to OpenAPI 3.0 first (e.g. with swagger2openapi)"
    } else {
        "only OpenAPI 3.0.x is supported; state `openapi: 3.0.3` if the document keeps to 3.0"
    };
    Err(Error::new("", format!("unsupported version `{v}`")).with_fix(fix))
}

fn parse_unguarded(text: &str) -> Result<OpenAPI, Error> {
    // References into `paths` (or anywhere outside `components`) are rare; rewrite them only when
    // the text can contain one, so ordinary documents take the direct path.
    if text.contains("#/paths/") {
        let mut doc: serde_json::Value = from_text(text).map_err(syntax)?;
        hoist_foreign_refs(&mut doc);
        let reparsed = serde_json::to_string(&doc).map_err(|e| syntax(e.to_string()))?;
        if !reparsed.contains("#/paths/") {
            return parse(&reparsed);
        }
    }
    // The fast path: a plain parse. Tracking the path costs time on every value, so it is only
    // paid for a document that fails, to say where.
    let json = is_json(text);
    let plain: Option<OpenAPI> = from_text(text).ok();
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

/// Moves every schema that a `$ref` reaches outside `components` (e.g. `#/paths/~1a/get/.../schema`)
/// into `components/schemas`, and points the references there, so the rest of the pipeline only
/// ever follows component references.
fn hoist_foreign_refs(doc: &mut serde_json::Value) {
    fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                    if r.starts_with("#/") && !r.starts_with("#/components/") && !out.contains(r) {
                        out.push(r.clone());
                    }
                }
                map.values().for_each(|v| collect(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    fn rewrite(value: &mut serde_json::Value, map: &[(String, String)]) {
        match value {
            serde_json::Value::Object(obj) => {
                if let Some(serde_json::Value::String(r)) = obj.get_mut("$ref") {
                    if let Some((_, to)) = map.iter().find(|(from, _)| from == r) {
                        *r = to.clone();
                    }
                }
                obj.values_mut().for_each(|v| rewrite(v, map));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, map)),
            _ => {}
        }
    }
    let mut refs = Vec::new();
    collect(doc, &mut refs);
    let mut moved = Vec::new();
    let mut map = Vec::new();
    for r in refs {
        let Some(target) = doc.pointer(&r[1..]).cloned() else { continue };
        let last = r.rsplit('/').next().unwrap_or("schema").replace("~1", "/").replace("~0", "~");
        let taken = |k: &str| {
            doc.pointer(&format!("/components/schemas/{}", k.replace('~', "~0").replace('/', "~1"))).is_some()
                || moved.iter().any(|(m, _): &(String, serde_json::Value)| m == k)
        };
        let key = std::iter::once(last.clone())
            .chain((2..).map(|n| format!("{last}{n}")))
            .find(|k| !taken(k))
            .unwrap_or(last);
        map.push((r, format!("#/components/schemas/{}", key.replace('~', "~0").replace('/', "~1"))));
        moved.push((key, target));
    }
    for (_, target) in &mut moved {
        rewrite(target, &map);
    }
    rewrite(doc, &map);
    if let Some(root) = doc.as_object_mut() {
        let components = root.entry("components").or_insert_with(|| serde_json::json!({}));
        if let Some(components) = components.as_object_mut() {
            let schemas = components.entry("schemas").or_insert_with(|| serde_json::json!({}));
            if let Some(schemas) = schemas.as_object_mut() {
                schemas.extend(moved);
            }
        }
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
        assert_eq!(e.pointer.as_deref(), Some("/paths/~1a/get/responses/200/content"), "{e}");
    }

    #[test]
    fn swagger_2_is_refused_with_a_fix() {
        let e = parse("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(e.to_string().contains("unsupported version `2.0`"), "{e}");
        assert!(e.fix.unwrap().contains("swagger2openapi"));
    }

    #[test]
    fn json_and_yaml_both_parse() {
        let json = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        assert_eq!(parse(json).unwrap().info.title, "t");
        assert_eq!(parse("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap().info.title, "t");
    }
}
