//! Downgrade: rewrites an OpenAPI 3.1 document, as JSON, into the OpenAPI 3.0 form the rest of the
//! generator reads (`openapiv3` models 3.0 only). It runs before deserializing, when `openapi` is
//! `3.1.x`, and sets `openapi` to `3.0.3`.
//!
//! The walk knows where schemas are (components, parameters, headers, media types, and inside a
//! schema only the keywords whose values are schemas), so the keys of `properties`, and the values of
//! `enum`, `const`, `default`, `example` and `examples`, are never read as keywords.
//!
//! Translated without loss: `type: [T, "null"]` (`nullable`), `type: [A, B]` (an `anyOf` of one
//! schema per type), `null` members of `anyOf`/`oneOf`, `const` (a one-value `enum`; a `oneOf` of
//! constants becomes one `enum`), `examples`
//! (the first becomes `example`), numeric `exclusiveMinimum`/`exclusiveMaximum`,
//! `contentEncoding: base64` (`format: byte`), a binary `contentMediaType` (`format: binary`),
//! `$ref` with sibling keywords (see [`reference_with_siblings`]), boolean schemas, `$anchor`
//! references, component path items that `paths` refers to, an absent `paths` or `responses`,
//! `info.summary` (when there is no description), `info.license.identifier` (its SPDX URL), and a
//! `style` on a multipart part (marked with [`STYLED_PART`]).
//! Schemas under `$defs` are translated where they are; the parser moves a reference into them
//! (like any reference below `components/schemas/NAME`) into `components/schemas`.
//!
//! What OpenAPI 3.0 cannot say is dropped with a [`Warning`] naming its pointer in the original
//! document: webhooks, unused `components/pathItems`, a non-default `jsonSchemaDialect`, `$schema`,
//! `$id`, `prefixItems`, `patternProperties` (kept as `additionalProperties` when it is the only
//! pattern), `unevaluatedProperties`, `if`/`then`/`else`, `dependentSchemas`, `propertyNames`,
//! `contains`, `mutualTLS` security schemes, `description` beside a `$ref` to a parameter or
//! response, and `null` where 3.0 can only say "nullable".

use crate::error::{pointer_token, unescape_token, Warning};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The version the translated document states.
pub const TARGET_VERSION: &str = "3.0.3";

/// The extension the translation puts on a `multipart/form-data` encoding that states `style`,
/// `explode` or `allowReserved`: in 3.1 the part is then written as that style writes a query
/// parameter, one part per name and value, and `contentType` is ignored (OpenAPI 3.1.0 §4.8.15;
/// 3.1.1 Appendix C). In 3.0 these fields are ignored outside `x-www-form-urlencoded`.
pub const STYLED_PART: &str = "x-drata-codegen-styled-part";

/// The dialect OpenAPI 3.1 documents use unless they say otherwise.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Deepest schema nesting followed; the JSON and YAML parsers stop well before it.
const MAX_DEPTH: usize = 256;

/// Deepest nesting of callbacks inside callbacks followed.
const MAX_CALLBACK_DEPTH: usize = 8;

/// The HTTP methods of a path item.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The compositions.
const COMPOSITIONS: [&str; 3] = ["anyOf", "oneOf", "allOf"];

/// JSON Schema keywords OpenAPI 3.0 has no form for, with what dropping them loses.
/// (`patternProperties` is handled on its own.)
const UNSUPPORTED: &[(&str, &str)] = &[
    ("$schema", "the schema's dialect is not read"),
    ("$id", "the schema's base URI is not read"),
    ("$dynamicRef", "a dynamic reference is not followed"),
    ("$dynamicAnchor", "a dynamic anchor is not read"),
    ("$recursiveRef", "a recursive reference is not followed"),
    ("$recursiveAnchor", "a recursive anchor is not read"),
    ("$vocabulary", "the vocabularies are not read"),
    ("prefixItems", "the leading array items are not typed"),
    ("additionalItems", "the items after the leading ones are not typed"),
    ("unevaluatedItems", "a constraint on array items is not checked"),
    ("unevaluatedProperties", "a constraint on object members is not checked"),
    ("propertyNames", "member names are not checked"),
    ("dependentSchemas", "schemas that apply when a member is present are not applied"),
    ("dependentRequired", "members required when another one is present are not required"),
    ("dependencies", "schemas that apply when a member is present are not applied"),
    ("if", "a conditional schema is not applied"),
    ("then", "a conditional schema is not applied"),
    ("else", "a conditional schema is not applied"),
    ("contains", "a constraint on some array item is not checked"),
    ("minContains", "a constraint on some array items is not checked"),
    ("maxContains", "a constraint on some array items is not checked"),
    ("contentSchema", "the schema of the decoded content is not applied"),
];

/// Keywords that only annotate a schema. When an `anyOf` member is merged into its parent, the
/// parent's win.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "summary",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "xml",
    "$comment",
];

const ONLY_NULL: &str = "the value can only be `null`, which OpenAPI 3.0 cannot type; read as any JSON value";

/// True for the versions this module translates: `3.1` and `3.1.x`.
pub fn is_31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Whether `text` may be an OpenAPI 3.1 document: an `openapi` key whose value starts with `3.1`.
/// A cheap look at the text, so that 3.0 documents are parsed only once; a hit is confirmed on the
/// parsed value.
pub fn may_be_31(text: &str) -> bool {
    text.match_indices("openapi").any(|(i, word)| {
        let rest = text[i + word.len()..].trim_start_matches(['"', '\'']).trim_start();
        let Some(rest) = rest.strip_prefix(':') else { return false };
        rest.trim_start().trim_start_matches(['"', '\'']).starts_with("3.1")
    })
}

/// Translates the OpenAPI 3.1 document `doc` into OpenAPI 3.0 in place; what could not be kept is
/// returned as warnings naming pointers of the original document.
pub fn downgrade(doc: &mut Value) -> Vec<Warning> {
    let mut cx = Downgrade::default();
    cx.document(doc);
    if !cx.anchors.is_empty() {
        resolve_anchors(doc, &cx.anchors, 0);
    }
    cx.warnings
}

#[derive(Default)]
struct Downgrade {
    warnings: Vec<Warning>,
    /// `$anchor` name -> the pointer of the schema that declares it.
    anchors: BTreeMap<String, String>,
    /// Translated `components/pathItems`, by key.
    path_items: BTreeMap<String, Value>,
    /// The keys of `components/pathItems` that a path or callback refers to.
    used_path_items: BTreeSet<String>,
    /// The `mutualTLS` schemes dropped, which security requirements then stop naming.
    mutual_tls: BTreeSet<String>,
}

/// `at` + `/` + the escaped `token`.
fn child(at: &str, token: &str) -> String {
    format!("{at}/{}", pointer_token(token))
}

impl Downgrade {
    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning { pointer: pointer.into(), message: message.into() });
    }

    fn document(&mut self, doc: &mut Value) {
        // Anything but an object is left to the 3.0 parser to report.
        let Some(root) = doc.as_object_mut() else { return };
        root.insert("openapi".into(), Value::String(TARGET_VERSION.into()));
        if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
            if dialect.as_str() != Some(OAS_DIALECT) {
                self.warn(
                    "/jsonSchemaDialect",
                    format!("`jsonSchemaDialect: {dialect}` ignored; schemas are read as OpenAPI's own dialect"),
                );
            }
        }
        if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
            self.info(info);
        }
        if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
            self.components(components);
        }
        match root.get_mut("paths") {
            Some(Value::Object(paths)) => {
                for (path, item) in paths.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                    self.path_item(item, &child("/paths", path), 0);
                }
            }
            // Not an object: the 3.0 parser says so.
            Some(_) => {}
            None => {
                root.insert("paths".into(), json!({}));
            }
        }
        self.strip_mutual_tls(root);
        match root.shift_remove("webhooks") {
            Some(Value::Object(webhooks)) => {
                for name in webhooks.keys() {
                    self.warn(
                        child("/webhooks", name),
                        "webhook dropped: OpenAPI 3.0 has no webhooks (a client does not receive them)",
                    );
                }
            }
            Some(_) => self.warn("/webhooks", "`webhooks` dropped: OpenAPI 3.0 has no webhooks"),
            None => {}
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            if let Some(Value::Object(items)) = components.shift_remove("pathItems") {
                for key in items.keys().filter(|k| !self.used_path_items.contains(*k)).cloned().collect::<Vec<_>>() {
                    self.warn(
                        child("/components/pathItems", &key),
                        "path item dropped: no path refers to it, and OpenAPI 3.0 has no reusable path items",
                    );
                }
            }
        }
    }

    /// Security requirements stop naming the dropped `mutualTLS` schemes; an alternative left empty
    /// then needs nothing the client sends (the TLS layer, configured on the HTTP client, does it).
    fn strip_mutual_tls(&self, root: &mut Map<String, Value>) {
        if self.mutual_tls.is_empty() {
            return;
        }
        let strip = |security: Option<&mut Value>| {
            for requirement in security.and_then(Value::as_array_mut).into_iter().flatten() {
                if let Some(names) = requirement.as_object_mut() {
                    names.retain(|name, _| !self.mutual_tls.contains(name));
                }
            }
        };
        strip(root.get_mut("security"));
        for item in root.get_mut("paths").and_then(Value::as_object_mut).into_iter().flat_map(|p| p.values_mut()) {
            for op in item.as_object_mut().into_iter().flat_map(|i| i.values_mut()) {
                strip(op.as_object_mut().and_then(|o| o.get_mut("security")));
            }
        }
    }

    fn info(&mut self, info: &mut Map<String, Value>) {
        if let Some(summary) = info.shift_remove("summary") {
            if info.contains_key("description") {
                self.warn("/info/summary", "`summary` dropped: OpenAPI 3.0 has only `description`, which is given");
            } else {
                info.insert("description".into(), summary);
            }
        }
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            if let Some(id) = license.shift_remove("identifier") {
                match id.as_str() {
                    Some(id) if !license.contains_key("url") => {
                        let url = format!("https://spdx.org/licenses/{id}.html");
                        license.insert("url".into(), Value::String(url));
                    }
                    _ => self
                        .warn("/info/license/identifier", "license `identifier` dropped: OpenAPI 3.0 has only `url`"),
                }
            }
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        // Path items first: paths and callbacks take them as they are once translated.
        if let Some(Value::Object(items)) = components.get_mut("pathItems") {
            for (key, item) in items.iter_mut() {
                self.path_item(item, &child("/components/pathItems", key), 0);
                self.path_items.insert(key.clone(), item.clone());
            }
        }
        for (section, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else { continue };
            for (key, entry) in entries.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                let at = child(&child("/components", section), key);
                match section.as_str() {
                    "schemas" => self.schema(entry, &at, 0),
                    "parameters" | "headers" => self.parameter(entry, &at),
                    "requestBodies" => self.request_body(entry, &at),
                    "responses" => self.response(entry, &at),
                    "callbacks" => self.callback(entry, &at, 0),
                    _ => {}
                }
            }
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            let mutual: Vec<String> = schemes
                .iter()
                .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(k, _)| k.clone())
                .collect();
            for key in mutual {
                schemes.shift_remove(&key);
                self.warn(
                    child("/components/securitySchemes", &key),
                    "`mutualTLS` security scheme dropped (OpenAPI 3.0 has none): give the HTTP client the certificate",
                );
                self.mutual_tls.insert(key);
            }
        }
    }

    /// A `$ref` to a parameter, response, ...: 3.1 lets it override the referenced object's
    /// `summary` and `description`, 3.0 does not. True when `value` is a reference.
    fn reference_object(&mut self, value: &mut Value, at: &str) -> bool {
        let Some(map) = value.as_object_mut() else { return false };
        if !map.contains_key("$ref") {
            return false;
        }
        let siblings: Vec<String> = map.keys().filter(|k| *k != "$ref").cloned().collect();
        for key in siblings {
            map.shift_remove(&key);
            if key == "description" {
                self.warn(child(at, &key), "`description` beside `$ref` ignored: OpenAPI 3.0 takes the referenced one");
            }
        }
        true
    }

    fn path_item(&mut self, item: &mut Value, at: &str, depth: usize) {
        if let Some(target) = item.get("$ref").and_then(Value::as_str) {
            let key = target.strip_prefix("#/components/pathItems/").map(unescape_token);
            if let Some(resolved) = key.as_ref().and_then(|k| self.path_items.get(k)) {
                // The referenced item, translated where it is written; the item's own fields
                // (summary, description) win.
                let mut merged = resolved.clone();
                if let (Some(merged), Some(own)) = (merged.as_object_mut(), item.as_object()) {
                    for (k, v) in own.iter().filter(|(k, _)| *k != "$ref") {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                self.used_path_items.extend(key);
                *item = merged;
            }
            // Other references are the generator's to report (it skips them with a warning).
            return;
        }
        let Some(map) = item.as_object_mut() else { return };
        if let Some(Value::Array(params)) = map.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &format!("{at}/parameters/{i}"));
            }
        }
        for method in METHODS {
            if let Some(op) = map.get_mut(method).and_then(Value::as_object_mut) {
                self.operation(op, &format!("{at}/{method}"), depth);
            }
        }
    }

    fn operation(&mut self, op: &mut Map<String, Value>, at: &str, depth: usize) {
        if let Some(Value::Array(params)) = op.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &format!("{at}/parameters/{i}"));
            }
        }
        if let Some(body) = op.get_mut("requestBody") {
            self.request_body(body, &format!("{at}/requestBody"));
        }
        // 3.1 makes `responses` optional; 3.0 requires the map, which may be empty.
        match op.get_mut("responses") {
            Some(Value::Object(responses)) => {
                let responses_at = format!("{at}/responses");
                for (code, r) in responses.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                    self.response(r, &child(&responses_at, code));
                }
            }
            Some(_) => {}
            None => {
                op.insert("responses".into(), json!({}));
            }
        }
        if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
            for (name, cb) in callbacks.iter_mut() {
                self.callback(cb, &child(&format!("{at}/callbacks"), name), depth + 1);
            }
        }
    }

    fn callback(&mut self, cb: &mut Value, at: &str, depth: usize) {
        if depth > MAX_CALLBACK_DEPTH || self.reference_object(cb, at) {
            return;
        }
        if let Some(map) = cb.as_object_mut() {
            for (expression, item) in map.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                self.path_item(item, &child(at, expression), depth);
            }
        }
    }

    /// A parameter or a header (the same shape but for `name` and `in`).
    fn parameter(&mut self, p: &mut Value, at: &str) {
        if self.reference_object(p, at) {
            return;
        }
        let Some(map) = p.as_object_mut() else { return };
        if let Some(schema) = map.get_mut("schema") {
            self.schema(schema, &format!("{at}/schema"), 0);
        }
        if let Some(content) = map.get_mut("content") {
            self.content(content, &format!("{at}/content"));
        }
    }

    fn request_body(&mut self, body: &mut Value, at: &str) {
        if self.reference_object(body, at) {
            return;
        }
        if let Some(content) = body.get_mut("content") {
            self.content(content, &format!("{at}/content"));
        }
    }

    fn response(&mut self, r: &mut Value, at: &str) {
        if self.reference_object(r, at) {
            return;
        }
        let Some(map) = r.as_object_mut() else { return };
        if let Some(Value::Object(headers)) = map.get_mut("headers") {
            for (name, h) in headers.iter_mut() {
                self.parameter(h, &child(&format!("{at}/headers"), name));
            }
        }
        if let Some(content) = map.get_mut("content") {
            self.content(content, &format!("{at}/content"));
        }
    }

    fn content(&mut self, content: &mut Value, at: &str) {
        let Some(media) = content.as_object_mut() else { return };
        for (media_type, m) in media.iter_mut() {
            let at = child(at, media_type);
            let Some(m) = m.as_object_mut() else { continue };
            if let Some(schema) = m.get_mut("schema") {
                self.schema(schema, &format!("{at}/schema"), 0);
            }
            let multipart =
                media_type.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("multipart/form-data"));
            if let Some(Value::Object(encoding)) = m.get_mut("encoding") {
                for (name, e) in encoding.iter_mut() {
                    // 3.1 gives a multipart part a `style` (3.0 ignores it there): marked, since
                    // the 3.0 model has no other way to say it.
                    if let Some(e) = e.as_object_mut().filter(|_| multipart) {
                        if ["style", "explode", "allowReserved"].iter().any(|k| e.contains_key(*k)) {
                            e.insert(STYLED_PART.into(), Value::Bool(true));
                        }
                    }
                    let headers_at = format!("{}/headers", child(&format!("{at}/encoding"), name));
                    if let Some(Value::Object(headers)) = e.get_mut("headers") {
                        for (h_name, h) in headers.iter_mut() {
                            self.parameter(h, &child(&headers_at, h_name));
                        }
                    }
                }
            }
        }
    }

    /// One schema, translated in place: its subschemas first (at their original pointers), then
    /// its own keywords.
    fn schema(&mut self, node: &mut Value, at: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.warn(at, format!("schemas nested deeper than {MAX_DEPTH} levels; read as any JSON value"));
            *node = json!({});
            return;
        }
        match node {
            Value::Bool(true) => *node = json!({}),
            // No value is valid, which 3.0 says with `not: {}`.
            Value::Bool(false) => *node = json!({"not": {}}),
            Value::Object(map) => self.schema_object(map, at, depth),
            // Not a schema: the 3.0 parser reports it.
            _ => {}
        }
    }

    fn schema_object(&mut self, map: &mut Map<String, Value>, at: &str, depth: usize) {
        // The `null` members of compositions are found before the members are read as schemas
        // (a lone `{type: null}` would warn).
        let mut null_members: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
        for key in COMPOSITIONS {
            if let Some(Value::Array(members)) = map.get(key) {
                let nulls: Vec<usize> =
                    members.iter().enumerate().filter(|(_, m)| is_null_schema(m)).map(|(i, _)| i).collect();
                if !nulls.is_empty() {
                    null_members.insert(key, nulls);
                }
            }
        }
        self.subschemas(map, at, depth, &null_members);
        self.unsupported(map, at, depth);
        self.value_keywords(map, at);
        let mut nullable = self.types(map, at);
        nullable |= self.null_members(map, at, &null_members);
        merge_value_members(map);
        if nullable {
            map.insert("nullable".into(), Value::Bool(true));
        }
        reference_with_siblings(map);
    }

    /// The subschemas of a schema, translated at their own pointers; the members listed in `skip`
    /// (the `null` ones) are left alone.
    fn subschemas(
        &mut self,
        map: &mut Map<String, Value>,
        at: &str,
        depth: usize,
        skip: &BTreeMap<&'static str, Vec<usize>>,
    ) {
        for (key, value) in map.iter_mut() {
            let key_at = child(at, key);
            match key.as_str() {
                // Maps from names to schemas: the names are never keywords.
                "properties" | "$defs" | "definitions" => {
                    if let Value::Object(entries) = value {
                        for (name, schema) in entries.iter_mut() {
                            self.schema(schema, &child(&key_at, name), depth + 1);
                        }
                    }
                }
                "allOf" | "anyOf" | "oneOf" => {
                    if let Value::Array(members) = value {
                        let nulls = skip.get(key.as_str());
                        for (i, member) in members.iter_mut().enumerate() {
                            if !nulls.is_some_and(|n| n.contains(&i)) {
                                self.schema(member, &format!("{key_at}/{i}"), depth + 1);
                            }
                        }
                    }
                }
                "not" => self.schema(value, &key_at, depth + 1),
                // `true` and `false` mean the same in 3.0 there.
                "additionalProperties" if value.is_object() => self.schema(value, &key_at, depth + 1),
                "items" if value.is_object() || value == &Value::Bool(true) => self.schema(value, &key_at, depth + 1),
                _ => {}
            }
        }
        match map.get("items") {
            Some(Value::Bool(false)) => {
                let lost = if map.contains_key("prefixItems") {
                    "only the leading items are allowed"
                } else {
                    "the array must be empty"
                };
                map.shift_remove("items");
                self.warn(child(at, "items"), format!("`items: false` dropped: {lost}, which 3.0 cannot say"));
            }
            Some(Value::Array(_)) => {
                map.shift_remove("items");
                self.warn(
                    child(at, "items"),
                    "`items` as a list (a tuple) dropped; the items are read as any JSON value",
                );
            }
            _ => {}
        }
    }

    /// Keywords 3.0 has no form for: dropped with a warning, but for `patternProperties` alone,
    /// which becomes `additionalProperties` when it can; `$anchor` is noted for the references to
    /// it. `$defs` stays where it is, translated: 3.0 ignores it, and the parser moves what a
    /// reference reaches in it into `components/schemas`.
    fn unsupported(&mut self, map: &mut Map<String, Value>, at: &str, depth: usize) {
        for (key, lost) in UNSUPPORTED {
            if map.shift_remove(*key).is_some() {
                self.warn(child(at, key), format!("`{key}` dropped (OpenAPI 3.0 has no such keyword): {lost}"));
            }
        }
        if let Some(patterns) = map.shift_remove("patternProperties") {
            let key_at = child(at, "patternProperties");
            let open = matches!(map.get("additionalProperties"), None | Some(Value::Bool(false)));
            match patterns {
                Value::Object(patterns) if patterns.len() == 1 && open => {
                    if let Some((pattern, mut schema)) = patterns.into_iter().next() {
                        self.schema(&mut schema, &child(&key_at, &pattern), depth + 1);
                        map.insert("additionalProperties".into(), schema);
                        self.warn(
                            key_at,
                            format!("`patternProperties` read as `additionalProperties`: member names are not checked against `{pattern}`"),
                        );
                    }
                }
                _ => self.warn(
                    key_at,
                    "`patternProperties` dropped (OpenAPI 3.0 has no such keyword): the members whose names match are not typed",
                ),
            }
        }
        map.shift_remove("$comment");
        if let Some(anchor) = map.shift_remove("$anchor") {
            if let Some(name) = anchor.as_str() {
                self.anchors.insert(name.to_owned(), at.to_owned());
            }
        }
    }

    /// `const`, `examples`, numeric exclusive bounds, `contentEncoding` and `contentMediaType`.
    fn value_keywords(&mut self, map: &mut Map<String, Value>, at: &str) {
        if let Some(value) = map.shift_remove("const") {
            if value.is_null() && !map.contains_key("type") {
                map.insert("type".into(), json!("null"));
            } else {
                map.insert("enum".into(), json!([value]));
            }
        }
        match map.shift_remove("examples") {
            Some(Value::Array(examples)) => {
                if let (false, Some(first)) = (map.contains_key("example"), examples.into_iter().next()) {
                    map.insert("example".into(), first);
                }
            }
            Some(other) => self.warn(
                child(at, "examples"),
                format!("`examples` of a schema is a list, not {}; dropped", kind(&other)),
            ),
            None => {}
        }
        use std::cmp::Ordering::{Greater, Less};
        for (exclusive, inclusive, tighter) in
            [("exclusiveMinimum", "minimum", Greater), ("exclusiveMaximum", "maximum", Less)]
        {
            let Some(Value::Number(bound)) = map.get(exclusive).cloned() else { continue };
            map.shift_remove(exclusive);
            // Both may be given; the tighter one holds.
            let inclusive_wins = match (map.get(inclusive).and_then(Value::as_f64), bound.as_f64()) {
                (Some(i), Some(e)) => i.partial_cmp(&e) == Some(tighter),
                _ => false,
            };
            if !inclusive_wins {
                map.insert(inclusive.into(), Value::Number(bound));
                map.insert(exclusive.into(), Value::Bool(true));
            }
        }
        let encoding = map.shift_remove("contentEncoding");
        let media_type = map.shift_remove("contentMediaType");
        let has_format = map.contains_key("format");
        match encoding {
            Some(Value::String(e)) if e.eq_ignore_ascii_case("base64") => {
                if !has_format {
                    map.insert("format".into(), json!("byte"));
                }
            }
            Some(other) => self.warn(
                child(at, "contentEncoding"),
                format!("`contentEncoding: {other}` dropped: only base64 has a 3.0 form (`format: byte`); the value stays text"),
            ),
            None => {
                if let Some(Value::String(media_type)) = media_type {
                    if !has_format && is_binary(&media_type) {
                        map.insert("format".into(), json!("binary"));
                    }
                }
            }
        }
    }

    /// `type`: `null` among the types makes the schema nullable (the return value); several
    /// others become an `anyOf` with one schema per type.
    fn types(&mut self, map: &mut Map<String, Value>, at: &str) -> bool {
        let Some(typ) = map.shift_remove("type") else { return false };
        let listed: Vec<&Value> = match &typ {
            Value::Array(list) => list.iter().collect(),
            Value::String(_) => vec![&typ],
            other => {
                let message = format!("`type` is {}, not a type name or a list of them; ignored", kind(other));
                self.warn(child(at, "type"), message);
                return false;
            }
        };
        let mut types: Vec<String> = Vec::new();
        let mut null = false;
        for t in listed {
            match t.as_str() {
                Some("null") => null = true,
                Some(name) => {
                    if !types.iter().any(|t| t == name) {
                        types.push(name.to_owned());
                    }
                }
                None => {
                    self.warn(child(at, "type"), format!("a `type` entry is {}, not a type name; ignored", kind(t)))
                }
            }
        }
        let composed = COMPOSITIONS.iter().any(|k| map.contains_key(*k));
        match types.as_slice() {
            [] if null && composed => self.warn(
                child(at, "type"),
                "`type: null` beside a composition allows only `null`; read as a nullable composition",
            ),
            [] if null => self.warn(child(at, "type"), ONLY_NULL),
            [] => {}
            [one] => {
                map.insert("type".into(), Value::String(one.clone()));
            }
            several => self.split_types(map, several, at),
        }
        null
    }

    /// `type: [A, B, ...]` without `null`: an `anyOf` with one schema per type, each taking the
    /// keywords that apply to its type.
    fn split_types(&mut self, map: &mut Map<String, Value>, types: &[String], at: &str) {
        let Some(slot) = ["anyOf", "oneOf"].into_iter().find(|k| !map.contains_key(*k)) else {
            self.warn(child(at, "type"), "several types beside both `anyOf` and `oneOf`; the type is left open");
            return;
        };
        let mut members = Vec::new();
        let mut moved = BTreeSet::new();
        for t in types {
            let mut member = Map::new();
            member.insert("type".into(), Value::String(t.clone()));
            for key in keywords_of(t) {
                let Some(value) = map.get(*key) else { continue };
                moved.insert(*key);
                let value = match (*key, value) {
                    ("enum", Value::Array(values)) => {
                        let kept: Vec<Value> = values.iter().filter(|v| is_of_type(v, t)).cloned().collect();
                        if kept.is_empty() {
                            continue;
                        }
                        Value::Array(kept)
                    }
                    ("format", Value::String(f))
                        if is_numeric_format(f) != matches!(t.as_str(), "integer" | "number") =>
                    {
                        continue
                    }
                    _ => value.clone(),
                };
                member.insert((*key).into(), value);
            }
            members.push(Value::Object(member));
        }
        for key in moved {
            map.shift_remove(key);
        }
        map.insert(slot.into(), Value::Array(members));
    }

    /// Removes the `null` members of the compositions: the schema becomes nullable (the return
    /// value), and an `anyOf`/`oneOf` left with one member becomes that member.
    fn null_members(
        &mut self,
        map: &mut Map<String, Value>,
        at: &str,
        null_members: &BTreeMap<&'static str, Vec<usize>>,
    ) -> bool {
        for (key, indices) in null_members {
            let key_at = child(at, key);
            if *key == "allOf" {
                self.warn(&key_at, "an `allOf` member that is `null` allows only `null`; read as nullable instead");
            }
            let Some(Value::Array(members)) = map.get_mut(*key) else { continue };
            for &i in indices.iter().rev() {
                if i < members.len() {
                    members.remove(i);
                }
            }
            match members.len() {
                0 => {
                    map.shift_remove(*key);
                    if !map.contains_key("type") && !COMPOSITIONS.iter().any(|k| map.contains_key(*k)) {
                        self.warn(key_at, ONLY_NULL);
                    }
                }
                1 if *key != "allOf" => {
                    if let Some(only) =
                        map.shift_remove(*key).and_then(|m| m.as_array().and_then(|m| m.first().cloned()))
                    {
                        collapse(map, only);
                    }
                }
                _ => {}
            }
        }
        !null_members.is_empty()
    }
}

/// `oneOf: [{const: a}, {const: b}]` (pydantic's and TypeScript's literal unions): one `enum` of
/// every member's values, when each member is only values (`const`, now `enum`) of one type.
fn merge_value_members(map: &mut Map<String, Value>) {
    if map.contains_key("enum") {
        return;
    }
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get(key) else { continue };
        let mut values = Vec::new();
        let mut types = BTreeSet::new();
        let only_values = members.len() > 1
            && members.iter().all(|m| {
                let Some(m) = m.as_object() else { return false };
                let Some(Value::Array(listed)) = m.get("enum") else { return false };
                values.extend(listed.iter().cloned());
                if let Some(t) = m.get("type") {
                    types.insert(t.to_string());
                }
                m.keys().all(|k| k == "enum" || k == "type" || ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
            });
        let kinds: BTreeSet<&str> = values.iter().map(kind).collect();
        if !(only_values && kinds.len() == 1 && types.len() <= 1) {
            continue;
        }
        let typ = members.iter().find_map(|m| m.get("type").cloned());
        map.shift_remove(key);
        map.insert("enum".into(), Value::Array(values));
        if let (Some(t), false) = (typ, map.contains_key("type")) {
            map.insert("type".into(), t);
        }
        return;
    }
}

/// Points every `$ref: "#name"` at the schema that declares `$anchor: name`.
fn resolve_anchors(value: &mut Value, anchors: &BTreeMap<String, String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(pointer) = r.strip_prefix('#').and_then(|name| anchors.get(name)) {
                    *r = format!("#{pointer}");
                }
            }
            map.values_mut().for_each(|v| resolve_anchors(v, anchors, depth + 1));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| resolve_anchors(v, anchors, depth + 1)),
        _ => {}
    }
}

/// `{type: "null"}`, `{type: ["null"]}`, `{const: null}` or `{enum: [null]}`, with annotations at most.
fn is_null_schema(value: &Value) -> bool {
    let Some(map) = value.as_object() else { return false };
    let says_null = match (map.get("type"), map.get("const"), map.get("enum")) {
        (Some(Value::String(t)), None, None) => t == "null",
        (Some(Value::Array(ts)), None, None) => !ts.is_empty() && ts.iter().all(|t| t == "null"),
        (None, Some(Value::Null), None) => true,
        (None, None, Some(Value::Array(values))) => !values.is_empty() && values.iter().all(Value::is_null),
        _ => false,
    };
    says_null
        && map.keys().all(|k| {
            matches!(k.as_str(), "type" | "const" | "enum") || ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")
        })
}

/// Replaces the composition `map` held with its one remaining member. A reference becomes the
/// 3.0 idiom `allOf: [{$ref}]`, the parent's keywords beside it; an inline schema is merged into the
/// parent (whose annotations win), unless a keyword of both differs: then it is wrapped the same way.
fn collapse(map: &mut Map<String, Value>, only: Value) {
    let Value::Object(member) = only else { return };
    let conflict = member.iter().any(|(k, v)| {
        k == "$ref"
            || map.get(k).is_some_and(|own| own != v && !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-"))
    });
    if conflict {
        prepend_all_of(map, Value::Object(member));
        return;
    }
    for (k, v) in member {
        map.entry(k).or_insert(v);
    }
}

/// A `$ref` with sibling keywords, which 3.1 applies together (3.0 ignores the siblings).
///
/// The representation keeps the reference's type: `{allOf: [{$ref}], ...siblings}`. The generator
/// reads a one-member `allOf` as the referenced type itself, not a new one; the siblings'
/// `description`, `deprecated`, `readOnly`, `writeOnly`, `default`, `example` and `nullable` apply to
/// the field holding it. Siblings that constrain the value further (`properties`) merge with the
/// referenced schema into a new type, which is what 3.1 means. `$comment`, `summary` and extensions
/// alone leave the plain `$ref`.
fn reference_with_siblings(map: &mut Map<String, Value>) {
    let Some(reference) = map.get("$ref").cloned() else { return };
    if !map.keys().any(|k| !matches!(k.as_str(), "$ref" | "$comment" | "summary") && !k.starts_with("x-")) {
        return;
    }
    map.shift_remove("$ref");
    prepend_all_of(map, json!({ "$ref": reference }));
}

fn prepend_all_of(map: &mut Map<String, Value>, member: Value) {
    match map.get_mut("allOf") {
        Some(Value::Array(all)) => all.insert(0, member),
        _ => {
            map.insert("allOf".into(), json!([member]));
        }
    }
}

/// The keywords that apply to values of the JSON type `t`, which go with it when a list of types
/// is split.
fn keywords_of(t: &str) -> &'static [&'static str] {
    match t {
        "string" => &["enum", "format", "pattern", "minLength", "maxLength"],
        "integer" | "number" => {
            &["enum", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]
        }
        "boolean" => &["enum"],
        "object" => {
            &["properties", "required", "additionalProperties", "minProperties", "maxProperties", "discriminator"]
        }
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        _ => &[],
    }
}

fn is_numeric_format(format: &str) -> bool {
    matches!(format, "int32" | "int64" | "float" | "double")
}

fn is_of_type(value: &Value, t: &str) -> bool {
    match t {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        _ => false,
    }
}

/// A media type whose content is bytes rather than text.
fn is_binary(media_type: &str) -> bool {
    let m = media_type.to_ascii_lowercase();
    let textual = ["json", "xml", "yaml", "javascript", "x-www-form-urlencoded", "csv", "html"];
    !(m.starts_with("text/") || textual.iter().any(|t| m.contains(t)))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document `{openapi: 3.1.0, ..., components: {schemas: {S: schema}}}`, translated: the
    /// schema and the warnings' pointers.
    fn schema(schema: Value) -> (Value, Vec<String>) {
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"S": schema}}
        });
        let warnings = downgrade(&mut doc);
        (doc["components"]["schemas"]["S"].clone(), warnings.into_iter().map(|w| w.pointer).collect())
    }

    fn document(mut doc: Value) -> (Value, Vec<String>) {
        let warnings = downgrade(&mut doc);
        (doc, warnings.into_iter().map(|w| w.pointer).collect())
    }

    const S: &str = "/components/schemas/S";

    #[test]
    fn the_version_becomes_3_0_3_and_paths_are_required() {
        let (doc, warnings) = document(json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}));
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["paths"], json!({}));
        assert!(warnings.is_empty());
        assert!(is_31("3.1.0") && is_31("3.1") && !is_31("3.0.3") && !is_31("3.10.0") && !is_31("3.2.0"));
    }

    #[test]
    fn a_3_1_document_is_recognised_from_its_text() {
        assert!(may_be_31("openapi: 3.1.0\n"));
        assert!(may_be_31("openapi: '3.1.1'\n"));
        assert!(may_be_31("{\"openapi\" : \"3.1.0\"}"));
        assert!(!may_be_31("openapi: 3.0.3\ninfo: {description: 'openapi 3.1'}\n"));
        assert!(!may_be_31("swagger: '2.0'\n"));
    }

    #[test]
    fn a_type_list_with_null_is_nullable() {
        let (s, w) = schema(json!({"type": ["string", "null"], "maxLength": 3}));
        assert_eq!(s, json!({"type": "string", "maxLength": 3, "nullable": true}));
        assert!(w.is_empty());
        let (s, _) = schema(json!({"type": ["null", "integer"]}));
        assert_eq!(s, json!({"type": "integer", "nullable": true}));
    }

    #[test]
    fn a_null_type_alone_is_any_value_with_a_warning() {
        let (s, w) = schema(json!({"type": "null", "description": "d"}));
        assert_eq!(s, json!({"description": "d", "nullable": true}));
        assert_eq!(w, [format!("{S}/type")]);
        // Beside a composition it is read as "nullable".
        let (s, w) = schema(json!({"oneOf": [{"type": "string"}, {"type": "number"}], "type": "null"}));
        assert_eq!(s, json!({"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": true}));
        assert_eq!(w, [format!("{S}/type")]);
    }

    #[test]
    fn several_types_become_an_any_of_each_with_its_keywords() {
        let (s, w) = schema(json!({
            "type": ["string", "integer", "null"],
            "description": "d",
            "maxLength": 5,
            "minimum": 1,
            "format": "int64",
            "enum": ["a", 1, null]
        }));
        assert_eq!(
            s,
            json!({
                "description": "d",
                "anyOf": [
                    {"type": "string", "enum": ["a"], "maxLength": 5},
                    {"type": "integer", "enum": [1], "format": "int64", "minimum": 1}
                ],
                "nullable": true
            })
        );
        assert!(w.is_empty());
    }

    #[test]
    fn a_null_member_of_any_of_makes_it_nullable() {
        // FastAPI's optional reference: the 3.0 idiom `allOf: [{$ref}]`, nullable.
        let (s, w) =
            schema(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "d"}));
        assert_eq!(s, json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true}));
        assert!(w.is_empty());
        // FastAPI's optional string: merged into the parent, whose annotations win.
        let (s, _) = schema(json!({
            "anyOf": [{"type": "string", "maxLength": 9, "title": "inner"}, {"type": "null"}],
            "title": "Name",
            "default": null
        }));
        assert_eq!(s, json!({"title": "Name", "default": null, "type": "string", "maxLength": 9, "nullable": true}));
        // Several members are left: still a union.
        let (s, _) = schema(json!({"oneOf": [{"type": "string"}, {"type": "null"}, {"type": "integer"}]}));
        assert_eq!(s, json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}));
        // Only null: a warning.
        let (s, w) = schema(json!({"anyOf": [{"type": "null"}]}));
        assert_eq!(s, json!({"nullable": true}));
        assert_eq!(w, [format!("{S}/anyOf")]);
    }

    #[test]
    fn a_member_that_conflicts_with_its_parent_is_wrapped_not_merged() {
        let (s, _) = schema(json!({"anyOf": [{"type": "string"}, {"type": "null"}], "type": "integer"}));
        assert_eq!(s, json!({"type": "integer", "allOf": [{"type": "string"}], "nullable": true}));
    }

    #[test]
    fn a_null_member_of_all_of_is_read_as_nullable_with_a_warning() {
        let (s, w) = schema(json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}));
        assert_eq!(s, json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true}));
        assert_eq!(w, [format!("{S}/allOf")]);
    }

    #[test]
    fn const_is_a_one_value_enum() {
        let (s, w) = schema(json!({"const": "create"}));
        assert_eq!(s, json!({"enum": ["create"]}));
        assert!(w.is_empty());
        let (s, _) = schema(json!({"type": "integer", "const": 3}));
        assert_eq!(s, json!({"type": "integer", "enum": [3]}));
    }

    #[test]
    fn a_union_of_constants_is_one_enum() {
        let (s, w) =
            schema(json!({"oneOf": [{"const": "create", "description": "c"}, {"const": "update"}, {"type": "null"}]}));
        assert_eq!(s, json!({"enum": ["create", "update"], "nullable": true}));
        assert!(w.is_empty());
        let (s, _) = schema(json!({"anyOf": [{"type": "integer", "const": 1}, {"type": "integer", "enum": [2, 3]}]}));
        assert_eq!(s, json!({"enum": [1, 2, 3], "type": "integer"}));
        // Values of several types stay a union.
        let (s, _) = schema(json!({"anyOf": [{"const": 1}, {"const": "a"}]}));
        assert_eq!(s, json!({"anyOf": [{"enum": [1]}, {"enum": ["a"]}]}));
    }

    #[test]
    fn the_first_of_examples_is_the_example() {
        let (s, w) = schema(json!({"type": "string", "examples": ["a", "b"]}));
        assert_eq!(s, json!({"type": "string", "example": "a"}));
        assert!(w.is_empty());
        let (s, _) = schema(json!({"type": "string", "example": "x", "examples": ["a"]}));
        assert_eq!(s, json!({"type": "string", "example": "x"}));
        let (s, w) = schema(json!({"type": "string", "examples": {"a": {"value": 1}}}));
        assert_eq!(s, json!({"type": "string"}));
        assert_eq!(w, [format!("{S}/examples")]);
    }

    #[test]
    fn numeric_exclusive_bounds_become_boolean_ones() {
        let (s, w) = schema(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10.5}));
        assert_eq!(
            s,
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10.5, "exclusiveMaximum": true})
        );
        assert!(w.is_empty());
        // With an inclusive bound too, the tighter one holds.
        let (s, _) = schema(
            json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 1, "maximum": 5, "exclusiveMaximum": 5}),
        );
        assert_eq!(s, json!({"type": "integer", "minimum": 5, "maximum": 5, "exclusiveMaximum": true}));
        // A 3.0 boolean is left as it is.
        let (s, _) = schema(json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true}));
        assert_eq!(s, json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true}));
    }

    #[test]
    fn content_encoding_and_media_type_are_formats() {
        let (s, w) = schema(json!({"type": "string", "contentEncoding": "base64"}));
        assert_eq!(s, json!({"type": "string", "format": "byte"}));
        assert!(w.is_empty());
        let (s, _) = schema(json!({"type": "string", "contentMediaType": "application/octet-stream"}));
        assert_eq!(s, json!({"type": "string", "format": "binary"}));
        let (s, _) = schema(json!({"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"}));
        assert_eq!(s, json!({"type": "string", "format": "byte"}));
        // Text stays text.
        let (s, _) = schema(json!({"type": "string", "contentMediaType": "application/json"}));
        assert_eq!(s, json!({"type": "string"}));
        let (s, w) = schema(json!({"type": "string", "contentEncoding": "quoted-printable"}));
        assert_eq!(s, json!({"type": "string"}));
        assert_eq!(w, [format!("{S}/contentEncoding")]);
    }

    #[test]
    fn a_ref_with_annotations_keeps_the_referenced_type() {
        let (s, w) = schema(json!({"$ref": "#/components/schemas/A", "description": "d", "readOnly": true}));
        assert_eq!(s, json!({"description": "d", "readOnly": true, "allOf": [{"$ref": "#/components/schemas/A"}]}));
        assert!(w.is_empty());
        // Nothing that matters beside it: the plain reference.
        let (s, _) = schema(json!({"$ref": "#/components/schemas/A", "x-added": "1", "$comment": "c"}));
        assert_eq!(s, json!({"$ref": "#/components/schemas/A", "x-added": "1"}));
        // Siblings are translated too.
        let (s, _) = schema(json!({"$ref": "#/components/schemas/A", "examples": [1], "type": ["object", "null"]}));
        assert_eq!(
            s,
            json!({"example": 1, "type": "object", "nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        // Beside an `allOf`, the reference joins it.
        let (s, _) = schema(json!({"$ref": "#/components/schemas/A", "allOf": [{"required": ["x"]}]}));
        assert_eq!(s, json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"required": ["x"]}]}));
    }

    #[test]
    fn boolean_schemas() {
        let (s, _) = schema(
            json!({"type": "object", "properties": {"any": true, "none": false}, "additionalProperties": false}),
        );
        assert_eq!(
            s,
            json!({"type": "object", "properties": {"any": {}, "none": {"not": {}}}, "additionalProperties": false})
        );
        let (s, w) = schema(json!({"type": "array", "items": false}));
        assert_eq!(s, json!({"type": "array"}));
        assert_eq!(w, [format!("{S}/items")]);
        let (s, _) = schema(json!({"type": "array", "items": true}));
        assert_eq!(s, json!({"type": "array", "items": {}}));
    }

    #[test]
    fn keywords_3_0_lacks_are_dropped_with_their_pointers() {
        let (s, w) = schema(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://example.com/s",
            "$comment": "no warning",
            "type": "object",
            "properties": {
                "tuple": {"type": "array", "prefixItems": [{"type": "string"}]},
                "closed": {"type": "object", "unevaluatedProperties": false},
                "cond": {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {}},
                "dep": {"type": "object", "dependentSchemas": {"a": {}}, "dependentRequired": {"a": ["b"]}},
                "names": {"type": "object", "propertyNames": {"pattern": "^x"}},
                "has": {"type": "array", "contains": {"type": "integer"}, "minContains": 1}
            }
        }));
        assert_eq!(
            s,
            json!({"type": "object", "properties": {
                "tuple": {"type": "array"},
                "closed": {"type": "object"},
                "cond": {},
                "dep": {"type": "object"},
                "names": {"type": "object"},
                "has": {"type": "array"}
            }})
        );
        let p = |rest: &str| format!("{S}{rest}");
        assert_eq!(
            w,
            [
                p("/properties/tuple/prefixItems"),
                p("/properties/closed/unevaluatedProperties"),
                p("/properties/cond/if"),
                p("/properties/cond/then"),
                p("/properties/cond/else"),
                p("/properties/dep/dependentSchemas"),
                p("/properties/dep/dependentRequired"),
                p("/properties/names/propertyNames"),
                p("/properties/has/contains"),
                p("/properties/has/minContains"),
                p("/$schema"),
                p("/$id"),
            ]
        );
    }

    #[test]
    fn one_pattern_property_is_additional_properties() {
        let (s, w) = schema(json!({"type": "object", "patternProperties": {"^x-": {"type": ["string", "null"]}}}));
        assert_eq!(s, json!({"type": "object", "additionalProperties": {"type": "string", "nullable": true}}));
        assert_eq!(w, [format!("{S}/patternProperties")]);
        let (s, w) = schema(json!({"type": "object", "patternProperties": {"^a": {}, "^b": {}}}));
        assert_eq!(s, json!({"type": "object"}));
        assert_eq!(w, [format!("{S}/patternProperties")]);
    }

    #[test]
    fn names_and_values_are_never_read_as_keywords() {
        let value = json!({"type": ["string", "null"], "const": 1, "exclusiveMinimum": 3, "$ref": "#/x"});
        let (s, w) = schema(json!({
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "const": {"type": "string"},
                "exclusiveMinimum": {"type": "number", "exclusiveMinimum": 0},
                "examples": {"type": "array", "items": {"type": "string"}}
            },
            "required": ["type", "const"],
            "default": value.clone(),
            "example": value.clone(),
            "examples": [value.clone()],
            "enum": [value.clone()]
        }));
        assert!(w.is_empty(), "{w:?}");
        let props = &s["properties"];
        assert_eq!(props["type"], json!({"type": "string"}));
        assert_eq!(props["const"], json!({"type": "string"}));
        assert_eq!(props["exclusiveMinimum"], json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}));
        assert_eq!(props["examples"], json!({"type": "array", "items": {"type": "string"}}));
        assert_eq!(s["default"], value);
        assert_eq!(s["example"], value);
        assert_eq!(s["enum"], json!([value]));
    }

    #[test]
    fn media_type_examples_are_not_schema_examples() {
        let (doc, w) = document(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": ["integer", "null"]}, "examples": {"one": {"value": 1}}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "string", "examples": ["s"]},
                    "examples": {"one": {"value": "s"}}
                }}}}
            }}}
        }));
        assert!(w.is_empty());
        let op = &doc["paths"]["/a"]["get"];
        assert_eq!(op["parameters"][0]["schema"], json!({"type": "integer", "nullable": true}));
        assert_eq!(op["parameters"][0]["examples"], json!({"one": {"value": 1}}));
        let media = &op["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"], json!({"type": "string", "example": "s"}));
        assert_eq!(media["examples"], json!({"one": {"value": "s"}}));
    }

    #[test]
    fn webhooks_and_unused_path_items_are_dropped_used_ones_inlined() {
        let op = json!({"operationId": "ping", "responses": {"204": {"description": "none"}}});
        let (doc, w) = document(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/ping": {"$ref": "#/components/pathItems/Ping", "summary": "Mine"}},
            "webhooks": {"newPet": {"post": op.clone()}},
            "components": {"pathItems": {
                "Ping": {"get": {"operationId": "ping", "parameters": [{"name": "q", "in": "query", "schema": {"type": ["string", "null"]}}]}},
                "Unused": {"get": op}
            }}
        }));
        assert_eq!(w, ["/webhooks/newPet", "/components/pathItems/Unused"]);
        assert!(doc.get("webhooks").is_none());
        assert!(doc["components"].get("pathItems").is_none());
        let ping = &doc["paths"]["/ping"];
        assert_eq!(ping["summary"], "Mine");
        assert_eq!(ping["get"]["parameters"][0]["schema"], json!({"type": "string", "nullable": true}));
        // 3.1 makes `responses` optional.
        assert_eq!(ping["get"]["responses"], json!({}));
    }

    #[test]
    fn document_level_3_1_fields() {
        let (doc, w) = document(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "info": {"title": "t", "version": "1", "summary": "S", "license": {"name": "MIT", "identifier": "MIT"}},
            "paths": {"/a": {"get": {"security": [{"mtls": [], "key": []}, {"mtls": []}], "responses": {}}}},
            "security": [{"mtls": []}],
            "components": {
                "securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "k"}},
                "parameters": {"P": {"$ref": "#/components/parameters/Q", "description": "override"}},
                "responses": {"R": {"description": "r", "headers": {"X-N": {"schema": {"type": ["integer", "null"]}}}}}
            }
        }));
        assert_eq!(
            w,
            ["/jsonSchemaDialect", "/components/parameters/P/description", "/components/securitySchemes/mtls"]
        );
        assert_eq!(doc["info"]["description"], "S");
        assert_eq!(doc["info"]["license"], json!({"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"}));
        assert_eq!(
            doc["components"]["securitySchemes"],
            json!({"key": {"type": "apiKey", "in": "header", "name": "k"}})
        );
        // Requirements name only schemes that exist; an alternative of mutual TLS alone needs nothing.
        assert_eq!(doc["security"], json!([{}]));
        assert_eq!(doc["paths"]["/a"]["get"]["security"], json!([{"key": []}, {}]));
        assert_eq!(doc["components"]["parameters"]["P"], json!({"$ref": "#/components/parameters/Q"}));
        let header = &doc["components"]["responses"]["R"]["headers"]["X-N"]["schema"];
        assert_eq!(header, &json!({"type": "integer", "nullable": true}));
        // The default dialect says nothing.
        let (_, w) = document(json!({"openapi": "3.1.0", "jsonSchemaDialect": OAS_DIALECT, "info": {}}));
        assert!(w.is_empty());
    }

    #[test]
    fn anchors_and_defs() {
        let (doc, w) = document(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {
                "A": {"$anchor": "alpha", "type": "object", "$defs": {"B": {"type": ["string", "null"]}}},
                "C": {"type": "object", "properties": {
                    "a": {"$ref": "#alpha"},
                    "b": {"$ref": "#/components/schemas/A/$defs/B"}
                }}
            }}
        }));
        assert!(w.is_empty());
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["C"]["properties"]["a"], json!({"$ref": "#/components/schemas/A"}));
        // Translated in place; the parser moves it into `components/schemas`.
        assert_eq!(schemas["A"]["$defs"]["B"], json!({"type": "string", "nullable": true}));
    }

    #[test]
    fn malformed_documents_never_panic() {
        for junk in [
            json!(null),
            json!([1, 2]),
            json!({"openapi": "3.1.0", "paths": [1], "components": 5, "webhooks": 3}),
            json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"parameters": {"x": 1}, "responses": [1]}}}}),
            json!({"openapi": "3.1.0", "components": {"schemas": {
                "A": {"type": 5, "anyOf": "x", "oneOf": [null, 1, {"type": "null"}], "properties": [1], "items": [1]},
                "B": {"type": [], "const": null, "examples": 1, "exclusiveMinimum": "x", "$ref": 3},
                "C": {"type": ["null", 7], "allOf": [{"type": "null"}], "patternProperties": 1, "$anchor": 2},
                "D": [true],
                "E": {"$ref": "#nowhere"}
            }}}),
        ] {
            let mut doc = junk;
            let _ = downgrade(&mut doc);
        }
        // Deep nesting stops with a warning.
        let mut deep = json!({"type": "string"});
        for _ in 0..300 {
            deep = json!({"type": "array", "items": deep});
        }
        let (_, w) = schema(deep);
        assert_eq!(w.len(), 1);
    }
}
