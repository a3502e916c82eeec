//! Parse: reads an OpenAPI 3.0 document (YAML or JSON) into `openapiv3`'s model, reporting errors
//! with the JSON pointer of the offending value.

use crate::error::{pointer_token, Error};
use openapiv3::OpenAPI;
use std::path::Path;

/// Reads and parses the document at `path`.
pub fn load(path: &Path) -> Result<OpenAPI, Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error {
        file: Some(file.clone()),
        pointer: None,
        message: format!("cannot read the spec: {e}"),
        fix: Some("check the path given with --spec".into()),
    })?;
    parse(&text).map_err(|e| e.in_file(file))
}

/// Parses a document from text; JSON when it starts with `{`, YAML otherwise (YAML is a superset).
pub fn parse(text: &str) -> Result<OpenAPI, Error> {
    let version = detect_version(text);
    if let Some(v) = &version {
        if !v.starts_with("3.0") {
            let fix = if v.starts_with('2') {
                "convert it to OpenAPI 3.0 first (e.g. with swagger2openapi)"
            } else {
                "only OpenAPI 3.0.x is supported; state `openapi: 3.0.3` if the document keeps to 3.0"
            };
            return Err(Error { file: None, pointer: Some(String::new()), message: format!("unsupported version `{v}`"), fix: Some(fix.into()) });
        }
    }
    let result = if text.trim_start().starts_with('{') {
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
            let inner = e.into_inner();
            let at = inner.location().map(|l| format!(" (line {}, column {})", l.line(), l.column())).unwrap_or_default();
            (pointer, format!("{inner}{at}"))
        })
    };
    result.map_err(|(pointer, message)| Error {
        file: None,
        pointer: Some(pointer),
        message: format!("not a valid OpenAPI 3.0 document: {message}"),
        fix: Some("correct the value at this location (see the OpenAPI 3.0.3 specification)".into()),
    })
}

/// The `openapi` field, read without committing to a model.
fn detect_version(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        openapi: Option<serde_json::Value>,
        swagger: Option<serde_json::Value>,
    }
    let head: Head = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).ok()?
    } else {
        serde_yaml::from_str(text).ok()?
    };
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
