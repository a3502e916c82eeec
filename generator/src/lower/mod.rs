//! Resolve and name: turns a parsed OpenAPI document into the typed IR.
//!
//! Two passes. The first gives every component schema its Rust name, so a `$ref` can be resolved to a
//! name before (or while) the schema it points to is converted; that is what lets recursive schemas
//! work without recursion in the generator. The second converts component schemas and operations,
//! naming inline schemas after where they appear (`UserDocumentListResponse` + `data` ->
//! `UserDocumentListResponseData`). A last step boxes fields that would make a type infinitely large.

mod cycles;
mod dedupe;
mod docs;
mod operation;
mod schema;
mod security;

use cycles::{alias_cycles, box_cycles};
use operation::pagination;
use security::Schemes;

use crate::error::{pointer_token, unescape_token, Error, Warning};
use crate::ir::{Api, Credential, ErrorCheck, Operation, Presence, Server, Status, TypeDef};
use crate::names::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, SecurityScheme};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Deepest nesting of inline schemas followed before giving up, so a hostile document cannot
/// overflow the stack.
const MAX_DEPTH: usize = 64;

const SCHEMAS: &str = "#/components/schemas/";

/// The IR plus what had to be approximated.
#[derive(Debug)]
pub struct Lowered {
    pub api: Api,
    pub warnings: Vec<Warning>,
}

/// Converts a document into the IR.
pub fn lower(doc: &OpenAPI) -> Result<Lowered, Error> {
    let mut warnings = Vec::new();
    let schemes = Schemes::new(doc, &mut warnings);
    let security = doc.security.as_ref().map(|s| schemes.requirement(s, "/security", &mut warnings));
    let mut cx = Lowerer {
        doc,
        schemes,
        security: security.clone(),
        type_names: Namespace::with_reserved(names::RESERVED_TYPES),
        components: HashMap::new(),
        nullable_components: HashSet::new(),
        types: BTreeMap::new(),
        error_types: BTreeSet::new(),
        error_names: BTreeMap::new(),
        warnings,
    };
    let empty = IndexMap::new();
    let schemas = doc.components.as_ref().map_or(&empty, |c| &c.schemas);
    for (key, schema) in schemas {
        let name = cx.type_names.claim(names::type_name(key));
        // A component that is itself `nullable` (an enum or object that may be `null`) makes every
        // reference to it nullable; the type it defines stays one type, not an alias of itself.
        if matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable) {
            cx.nullable_components.insert(name.clone());
        }
        cx.components.insert(key.as_str(), name);
    }
    for (key, schema) in schemas {
        let pointer = format!("/components/schemas/{}", pointer_token(key));
        let name = cx.components[key.as_str()].clone();
        cx.component(&name, schema, &pointer)?;
    }
    alias_cycles(&cx.types, &cx.components)?;
    let operations = cx.operations()?;
    // One shared error schema makes errors typed; a mix (or inline schemas) keeps them as JSON.
    let error_type = match std::mem::take(&mut cx.error_types).into_iter().collect::<Vec<_>>().as_slice() {
        [Some(name)] => Some(name.clone()),
        _ => None,
    };
    let error_checks = error_checks(&operations, &cx.error_names);
    let mut types: Vec<TypeDef> = std::mem::take(&mut cx.types).into_values().collect();
    box_cycles(&mut types);
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: servers(doc),
        bearer_auth: cx.schemes.takes(&Credential::Bearer),
        basic_auth: cx.schemes.takes(&Credential::Basic),
        api_keys: cx.schemes.api_keys.clone(),
        security,
        token_env: token_env(doc),
        base_url_env: base_url_env(doc),
        inferred: docs::inferred(&doc.info.extensions),
        error_type,
        error_checks,
        types,
        shapes: Vec::new(),
        operations,
    };
    decide_presence(&mut api);
    let graph = api.graph();
    let pages: Vec<_> = api.operations.iter().map(|op| pagination(op, &graph)).collect();
    for (op, page) in api.operations.iter_mut().zip(pages) {
        op.pagination = page;
    }
    let components: HashSet<String> = cx.components.values().cloned().collect();
    dedupe::dedupe(&mut api, &components);
    Ok(Lowered { api, warnings: cx.warnings })
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    schemes: Schemes,
    /// The document's security requirement, which an operation's own replaces.
    security: Option<crate::ir::Security>,
    type_names: Namespace,
    /// Component schema key -> Rust type name.
    components: HashMap<&'a str, String>,
    /// Rust names of the component schemas that are themselves `nullable`.
    nullable_components: HashSet<String>,
    /// Rust type name -> definition; a `BTreeMap` so output order never depends on the document's.
    types: BTreeMap<String, TypeDef>,
    /// The schemas of documented JSON error bodies (`None` for an inline one).
    error_types: BTreeSet<Option<String>>,
    /// `x-error-name` of error responses by status (the first one given).
    error_names: BTreeMap<u16, String>,
    warnings: Vec<Warning>,
}

impl<'a> Lowerer<'a> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning { pointer: pointer.to_owned(), message: message.into() });
    }
}

/// How to name a type defined at this spot.
#[derive(Clone)]
enum Hint<'n> {
    /// A component's own (already claimed) name.
    Exact(&'n str),
    /// A name built from the context, still to be made unique.
    Derived(String),
}

impl Hint<'_> {
    fn child(&self, suffix: &str) -> Hint<'static> {
        match self {
            Hint::Exact(name) => Hint::Derived(format!("{name}{suffix}")),
            Hint::Derived(name) => Hint::Derived(format!("{name}{suffix}")),
        }
    }

    fn as_ref(&self) -> Hint<'_> {
        self.clone()
    }
}

/// Sets every field's `Presence`: exact for the types requests use, liberal for the others.
fn decide_presence(api: &mut Api) {
    let requests = api.request_types();
    let responses = api.response_types();
    for t in &mut api.types {
        if let TypeDef::Struct(s) = t {
            let request = requests.contains(&s.name);
            s.request = request;
            // A required writeOnly property is required where only requests carry the type.
            let sent_only = request && !responses.contains(&s.name);
            for f in &mut s.fields {
                f.required |= f.required_in_requests && sent_only;
                f.presence = Presence::of(f.required, &f.ty, request);
            }
        }
    }
}

/// Follows `$ref`s into `components/{section}` until an item is reached.
fn follow<'d, T>(
    doc: &'d OpenAPI,
    mut current: &'d ReferenceOr<T>,
    pointer: &str,
    section: &str,
    map: impl Fn(&'d openapiv3::Components) -> &'d IndexMap<String, ReferenceOr<T>>,
) -> Result<&'d T, Error> {
    let prefix = format!("#/components/{section}/");
    for _ in 0..MAX_DEPTH {
        match current {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => {
                current = reference
                    .strip_prefix(&prefix)
                    .and_then(|key| map(doc.components.as_ref()?).get(unescape(key).as_str()))
                    .ok_or_else(|| dangling(reference, pointer, section))?;
            }
        }
    }
    Err(Error::new(pointer, "`$ref` chain too long or circular")
        .with_fix(format!("point the `$ref` at an entry of `components/{section}`")))
}

fn dangling(reference: &str, pointer: &str, section: &str) -> Error {
    // A reference to another kind of component (a schema where a response belongs) is a mistake
    // of its own, worth naming as such.
    let other = reference.strip_prefix("#/components/").and_then(|r| r.split_once('/')).map(|(kind, _)| kind);
    if let Some(kind) = other.filter(|k| *k != section) {
        return Error::new(
            pointer,
            format!("`$ref: {reference}` points into `components/{kind}` where a `components/{section}` entry belongs"),
        )
        .with_fix(format!("reference an entry of `components/{section}` here (or inline the value)"));
    }
    Error::new(pointer, format!("`$ref: {reference}` does not resolve"))
        .with_fix(format!("define it under `components/{section}`, or correct the reference (only local `#/components/{section}/...` references are supported)"))
}

/// Undoes JSON pointer escaping (`~1` -> `/`, `~0` -> `~`) and percent-encoding in a reference token.
fn unescape(token: &str) -> String {
    unescape_token(&percent_encoding::percent_decode_str(token).decode_utf8_lossy())
}

fn servers(doc: &OpenAPI) -> Vec<Server> {
    let mut taken = Namespace::default();
    doc.servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut url = s.url.clone();
            // Server variables take their defaults; the URL stays usable as is.
            for (name, var) in s.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
            let label =
                s.description.as_deref().map(str::trim).filter(|d| !d.is_empty() && d.split_whitespace().count() <= 4);
            let name = match label {
                Some(label) => names::type_name(label),
                None => format!("Server{}", i + 1),
            };
            Server { name: taken.claim(name), url, description: s.description.clone() }
        })
        .collect()
}

/// `x-base-url-env` on the document, else the token variable's prefix (`DRATA_API_KEY` ->
/// `DRATA_BASE_URL`).
fn base_url_env(doc: &OpenAPI) -> String {
    if let Some(declared) = doc.extensions.get("x-base-url-env").and_then(|v| v.as_str()) {
        return declared.to_owned();
    }
    let token = token_env(doc);
    let prefix = ["_API_KEY", "_TOKEN", "_KEY"].iter().find_map(|s| token.strip_suffix(s)).unwrap_or(&token);
    format!("{prefix}_BASE_URL")
}

/// `x-token-env` on the bearer scheme, else `{FIRST WORD OF THE TITLE}_API_KEY`.
fn token_env(doc: &OpenAPI) -> String {
    let declared = doc.components.iter().flat_map(|c| c.security_schemes.values()).find_map(|s| match s {
        ReferenceOr::Item(SecurityScheme::HTTP { extensions, .. }) => {
            extensions.get("x-token-env")?.as_str().map(str::to_owned)
        }
        _ => None,
    });
    declared.unwrap_or_else(|| {
        let word: String = doc
            .info
            .title
            .split_whitespace()
            .next()
            .unwrap_or("API")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if word.is_empty() {
            "API_KEY".to_owned()
        } else {
            format!("{}_API_KEY", word.to_ascii_uppercase())
        }
    })
}

/// The runtime's own checks (`is_unauthorized`, `is_forbidden`, `is_not_found`, `is_rate_limited`,
/// `is_server_error`) cover statuses any API can answer with; the other documented statuses get a
/// check named by the spec (`x-error-name` on the response) or by their reason phrase.
fn error_checks(operations: &[Operation], names: &BTreeMap<u16, String>) -> Vec<ErrorCheck> {
    let mut descriptions: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
    for op in operations {
        for (status, description) in &op.errors {
            if let Status::Code(code @ 400..=499) = status {
                if ![401, 403, 404, 429].contains(code) {
                    descriptions.entry(*code).or_default().push(description);
                }
            }
        }
    }
    let mut taken = HashSet::new();
    descriptions
        .into_iter()
        .filter_map(|(status, all)| {
            let name = names.get(&status).cloned().or_else(|| reason_phrase(status).map(str::to_owned))?;
            let method = names::field_name(&format!("is_{name}"));
            let method = if taken.insert(method.clone()) { method } else { format!("{method}_{status}") };
            // The description most operations give (the first of those on a tie).
            let description = all
                .iter()
                .max_by_key(|d| {
                    (all.iter().filter(|o| o == d).count(), std::cmp::Reverse(all.iter().position(|o| o == *d)))
                })
                .map_or_else(String::new, |d| d.to_string());
            Some(ErrorCheck { status, method, description })
        })
        .collect()
}

/// RFC 9110's reason phrases of the client errors, as names.
fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "bad_request",
        402 => "payment_required",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        407 => "proxy_authentication_required",
        408 => "request_timeout",
        409 => "conflict",
        410 => "gone",
        411 => "length_required",
        412 => "precondition_failed",
        413 => "content_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        416 => "range_not_satisfiable",
        417 => "expectation_failed",
        421 => "misdirected_request",
        422 => "unprocessable_content",
        423 => "locked",
        424 => "failed_dependency",
        425 => "too_early",
        426 => "upgrade_required",
        428 => "precondition_required",
        431 => "request_header_fields_too_large",
        451 => "unavailable_for_legal_reasons",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_tokens_are_unescaped() {
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        assert_eq!(unescape("My%20Type"), "My Type");
        assert_eq!(unescape("100%"), "100%");
    }
}
