//! Operations: parameters, request bodies, responses and pagination.

use super::docs::about;
use super::{follow, unescape, Hint, Lowerer};
use crate::error::{pointer_token, Error};
use crate::ir::{
    BodyKind, FieldEncoding, Operation, Param, ParamLocation, ParamStyle, PathSegment, Presence, RequestBody, Response,
    Status, Type, TypeDef,
};
use crate::names::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, StatusCode};
use std::collections::BTreeSet;
use std::collections::HashMap;

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self) -> Result<Vec<Operation>, Error> {
        let mut method_names = Namespace::with_reserved(&["new", "from_env", "builder", "api_client", "base_url"]);
        let mut builder_names = Namespace::with_reserved(names::RESERVED_TYPES);
        let mut operation_ids: HashMap<&str, String> = HashMap::new();
        let mut operations = Vec::new();
        for (path, item) in self.doc.paths.iter() {
            let path_pointer = format!("/paths/{}", pointer_token(path));
            // A path item may be a reference to another one (`$ref: '#/paths/~1v2~1items'`).
            let target = |r: &str| {
                let key = unescape(r.strip_prefix("#/paths/")?);
                match self.doc.paths.paths.get(&key)? {
                    ReferenceOr::Item(item) => Some(item),
                    ReferenceOr::Reference { .. } => None,
                }
            };
            let (item, copy) = match item {
                ReferenceOr::Item(item) => (item, false),
                ReferenceOr::Reference { reference } => {
                    match target(reference) {
                        Some(item) => (item, true),
                        None => {
                            let message = format!("path item `$ref: {reference}` is not another path of this document; operations skipped");
                            self.warn(&path_pointer, &message);
                            continue;
                        }
                    }
                }
            };
            for (method, op) in item.iter() {
                let pointer = format!("{path_pointer}/{method}");
                // A copy's operations keep the original's operationId, which names the original.
                let operation_id = op.operation_id.as_deref().filter(|_| !copy);
                if let Some(id) = operation_id {
                    if let Some(first) = operation_ids.insert(id, pointer.clone()) {
                        return Err(Error::new(
                            pointer.as_str(),
                            format!("operationId `{id}` is also used at {first}"),
                        )
                        .with_fix("give every operation its own operationId (OpenAPI requires them to be unique)"));
                    }
                }
                // `x-method-name` lets a spec choose the name users call; the operationId is the default.
                let chosen = op.extensions.get("x-method-name").and_then(|v| v.as_str()).map(names::field_name);
                let derived = || names::operation_name(operation_id, method, path);
                let method_name = method_names.claim(chosen.unwrap_or_else(derived));
                let builder_name = builder_names.claim(names::type_name(&method_name));
                let (params, path) = self.params(&item.parameters, &op.parameters, path, &pointer, &builder_name)?;
                let body = match &op.request_body {
                    None => None,
                    Some(body) => self.request_body(body, &format!("{pointer}/requestBody"), &builder_name)?,
                };
                let Outcomes { success, accept, errors } =
                    self.responses(&op.responses, &format!("{pointer}/responses"), &builder_name)?;
                // Kept only where it differs from the document's, which the client applies itself.
                let security = op
                    .security
                    .as_ref()
                    .map(|s| self.schemes.requirement(s, &format!("{pointer}/security"), &mut self.warnings))
                    .filter(|s| self.security.as_ref() != Some(s));
                operations.push(Operation {
                    method_name,
                    builder_name,
                    operation_id: operation_id.map(str::to_owned),
                    http_method: method.to_ascii_uppercase(),
                    segments: segments(&path),
                    path,
                    summary: op.summary.clone(),
                    description: op.description.clone(),
                    deprecated: op.deprecated,
                    params,
                    body,
                    success,
                    accept,
                    errors,
                    security,
                    pagination: None,
                    inferred: self.inferred_notes(item, op),
                    pointer,
                    features: op
                        .tags
                        .iter()
                        .filter_map(|t| names::feature_name(t))
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                });
            }
        }
        Ok(operations)
    }

    /// What the spec marks as inferred about an operation: its path, itself, its responses.
    fn inferred_notes(&self, item: &openapiv3::PathItem, op: &openapiv3::Operation) -> Vec<String> {
        let mut notes: Vec<String> =
            [&item.extensions, &op.extensions].into_iter().filter_map(super::docs::inferred).collect();
        for (code, response) in &op.responses.responses {
            if let ReferenceOr::Item(r) = response {
                notes.extend(super::docs::inferred(&r.extensions).map(|n| format!("{code}: {n}")));
            }
        }
        notes
    }

    /// Path-level parameters, overridden by operation-level ones with the same name and location.
    fn params(
        &mut self,
        shared: &'a [ReferenceOr<Parameter>],
        own: &'a [ReferenceOr<Parameter>],
        path: &str,
        pointer: &str,
        builder: &str,
    ) -> Result<(Vec<Param>, String), Error> {
        let mut merged: IndexMap<(String, u8), (&'a Parameter, String)> = IndexMap::new();
        let path_pointer = pointer.rsplit_once('/').map_or(pointer, |(p, _)| p);
        let sources = [(shared, format!("{path_pointer}/parameters")), (own, format!("{pointer}/parameters"))];
        for (list, base) in &sources {
            for (i, p) in list.iter().enumerate() {
                let p_pointer = format!("{base}/{i}");
                let param = self.deref_parameter(p, &p_pointer)?;
                let loc = match param {
                    Parameter::Path { .. } => 0,
                    Parameter::Query { .. } => 1,
                    Parameter::Header { .. } => 2,
                    Parameter::Cookie { .. } => 3,
                };
                merged.insert((param.parameter_data_ref().name.clone(), loc), (param, p_pointer));
            }
        }
        let template: Vec<String> = segments(path)
            .into_iter()
            .filter_map(|s| match s {
                PathSegment::Param(name) => Some(name),
                PathSegment::Literal(_) => None,
            })
            .collect();
        // Some documents put a query string in the path (`/search?query={query}`), its values
        // declared as query parameters or not at all: those pairs leave the path (a query parameter
        // sends the value), the rest of it stays as written.
        let (base, query) = path.split_once('?').unwrap_or((path, ""));
        let undeclared = |pair: &&str| {
            template
                .iter()
                .any(|name| pair.contains(&format!("{{{name}}}")) && !merged.contains_key(&(name.clone(), 0)))
        };
        let dropped: Vec<&str> = query.split('&').filter(undeclared).collect();
        let path = if dropped.is_empty() {
            path.to_owned()
        } else {
            let kept: Vec<&str> = query.split('&').filter(|p| !undeclared(p)).collect();
            let message = format!(
                "the path carries a query string; `{}` left the path ({})",
                dropped.join("&"),
                "a query parameter of the same name sends the value; one without any is not sent"
            );
            self.warn(pointer, &message);
            if kept.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        };
        let template: Vec<String> =
            template.into_iter().filter(|name| !dropped.iter().any(|p| p.contains(&format!("{{{name}}}")))).collect();
        for name in &template {
            if !merged.contains_key(&(name.clone(), 0)) {
                return Err(Error::new(pointer, format!("path `{path}` has `{{{name}}}` but no path parameter `{name}`"))
                    .with_fix(format!("add `- {{ name: {name}, in: path, required: true, schema: {{ type: string }} }}` to the operation's parameters")));
            }
        }
        let mut arg_names = Namespace::with_reserved(names::BUILDER_MEMBERS);
        let mut out = Vec::with_capacity(merged.len());
        for (param, p_pointer) in merged.values() {
            let data = param.parameter_data_ref();
            let (location, style, allow_reserved) = param_style(param);
            // OpenAPI 3.0.3 §4.7.12.1: such a header parameter "SHALL be ignored"; the client sets
            // them from the responses, the body and the security schemes. An `Authorization`
            // parameter in a document whose schemes never send that header is its only way in: kept.
            let header = data.name.to_ascii_lowercase();
            if location == ParamLocation::Header
                && ["accept", "content-type", "authorization"].contains(&header.as_str())
            {
                if header != "authorization" || self.schemes.sends_authorization() {
                    self.warn(
                        p_pointer.as_str(),
                        format!(
                            "header parameter `{}` ignored, as the spec says of Accept, Content-Type and \
                             Authorization: the client sets it itself",
                            data.name
                        ),
                    );
                    continue;
                }
                self.warn(
                    p_pointer.as_str(),
                    "header parameter `Authorization` kept, though the spec says to ignore it: no security \
                     scheme of the document sends that header, so the parameter is the only way to send it \
                     (define a security scheme to have it ignored)",
                );
            }
            if location == ParamLocation::Path && !template.contains(&data.name) {
                return Err(Error::new(
                    p_pointer.as_str(),
                    format!("path parameter `{}` does not appear in `{path}`", data.name),
                )
                .with_fix(format!("add `{{{}}}` to the path or remove the parameter", data.name)));
            }
            let hint = Hint::Derived(format!("{builder}{}", names::type_name(&data.name)));
            let (ty, schema, style) = match &data.format {
                ParameterSchemaOrContent::Schema(s) => {
                    let ty = self.schema_or_ref(s, &format!("{p_pointer}/schema"), hint.as_ref(), 0)?;
                    (ty, Some(self.deref_schema(s, p_pointer)?), style)
                }
                // A parameter given as a media type: its value as JSON text.
                ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                    Some((media, media_type)) => {
                        if !is_json(media) {
                            let message = format!("parameter content `{media}` is not JSON; sent as JSON text");
                            self.warn(p_pointer, &message);
                        }
                        let m_pointer = format!("{p_pointer}/content/{}/schema", pointer_token(media));
                        match &media_type.schema {
                            Some(s) => {
                                let ty = self.schema_or_ref(s, &m_pointer, hint.as_ref(), 0)?;
                                (ty, Some(self.deref_schema(s, &m_pointer)?), ParamStyle::Json)
                            }
                            None => (Type::Json, None, ParamStyle::Json),
                        }
                    }
                    None => (Type::Json, None, ParamStyle::Json),
                },
            };
            let ty = match ty {
                Type::Nullable(inner) => *inner,
                other => other,
            };
            let ty = match ty {
                // A file cannot be a parameter; its text can.
                Type::Binary => Type::String,
                Type::Vec(item) if *item == Type::Binary => Type::Vec(Box::new(Type::String)),
                other => other,
            };
            let mut about = schema.map(about).unwrap_or_default();
            about.inferred = super::docs::inferred(&data.extensions).or(about.inferred);
            if data.example.is_some() {
                about.example = data.example.clone();
            }
            let required = data.required || location == ParamLocation::Path;
            out.push(Param {
                name: arg_names.claim(names::field_name(&data.name)),
                wire: data.name.clone(),
                location,
                ty,
                presence: if required { Presence::Required } else { Presence::Optional },
                style,
                allow_reserved,
                doc: data.description.clone().filter(|d| !d.trim().is_empty()),
                about,
            });
        }
        // Path parameters in the order the path names them, so `client.get(user_id, document_id)`
        // reads like the URL.
        out.sort_by_key(|p| match p.location {
            ParamLocation::Path => template.iter().position(|t| *t == p.wire).unwrap_or(0),
            _ => usize::MAX,
        });
        Ok((out, path))
    }

    fn deref_parameter(&self, p: &'a ReferenceOr<Parameter>, pointer: &str) -> Result<&'a Parameter, Error> {
        follow(self.doc, p, pointer, "parameters", |c| &c.parameters)
    }

    fn request_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        builder: &str,
    ) -> Result<Option<RequestBody>, Error> {
        let body = follow(self.doc, body, pointer, "requestBodies", |c| &c.request_bodies)?;
        let Some((media_type, kind)) = pick_media(body.content.keys(), true) else {
            return Ok(None);
        };
        let hint = Hint::Derived(format!("{builder}Request"));
        let media_pointer = format!("{pointer}/content/{}/schema", pointer_token(media_type));
        // An optional form whose schema admits only `{}` (Stripe's GET requests) has nothing to
        // send: no body, rather than a setter for an empty one.
        if let (false, BodyKind::Form | BodyKind::Multipart, Some(schema)) =
            (body.required, kind, &body.content[media_type].schema)
        {
            if super::schema::is_empty_object(self.deref_schema(schema, &media_pointer)?) {
                return Ok(None);
            }
        }
        let ty = match (&body.content[media_type].schema, kind) {
            (Some(schema), BodyKind::Json | BodyKind::Multipart | BodyKind::Form) => {
                self.schema_or_ref(schema, &media_pointer, hint, 0)?
            }
            (None, BodyKind::Json) => Type::Json,
            (_, BodyKind::Text) => Type::String,
            _ => Type::Binary,
        };
        let kind = match (kind, &ty) {
            (BodyKind::Multipart | BodyKind::Form, Type::Named(name))
                if matches!(self.types.get(name), Some(TypeDef::Struct(_))) =>
            {
                kind
            }
            // A free-form object or a map is fields too: its keys are the names.
            (BodyKind::Form, Type::Map(_) | Type::JsonObject) => kind,
            (BodyKind::Multipart, _) => {
                self.warn(&media_pointer, "a multipart body must be an object with properties; sent as raw bytes");
                BodyKind::Bytes
            }
            (BodyKind::Form, _) => {
                self.warn(&media_pointer, "a form body must be an object; sent as raw bytes");
                BodyKind::Bytes
            }
            _ => kind,
        };
        let ty = if kind == BodyKind::Bytes { Type::Binary } else { ty };
        let encodings = &body.content[media_type].encoding;
        let mut headers = Vec::new();
        if kind == BodyKind::Multipart {
            for (property, e) in encodings {
                let at = format!(
                    "{pointer}/content/{}/encoding/{}/headers",
                    pointer_token(media_type),
                    pointer_token(property)
                );
                headers.push(self.part_headers(&e.headers, &at)?);
            }
        }
        let mut headers = headers.into_iter();
        let encoding = match kind {
            BodyKind::Form | BodyKind::Multipart => encodings
                .iter()
                .map(|(property, e)| FieldEncoding {
                    property: property.clone(),
                    // Absent `style` is `form`; absent `explode` is the spec's default for it
                    // (`parse` restores it).
                    style: match &e.style {
                        None => ParamStyle::Form { explode: e.explode },
                        Some(style) => query_style(style, Some(e.explode)),
                    },
                    allow_reserved: e.allow_reserved,
                    content_type: e.content_type.clone(),
                    styled: kind == BodyKind::Multipart && e.extensions.contains_key(crate::downgrade::STYLED_PART),
                    headers: headers.next().unwrap_or_default(),
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Some(RequestBody {
            kind,
            media_type: media_type.clone(),
            ty,
            required: body.required,
            doc: body.description.clone(),
            encoding,
        }))
    }

    /// The headers a multipart part goes with (`encoding.headers`): those whose value the spec
    /// fixes (a `default`, or an `enum` of one value). Any other is a value only the caller knows,
    /// which the client has no place for: a warning. `Content-Type` is `contentType`'s (the spec
    /// says to ignore it here).
    fn part_headers(
        &mut self,
        headers: &'a IndexMap<String, ReferenceOr<openapiv3::Header>>,
        pointer: &str,
    ) -> Result<Vec<(String, String)>, Error> {
        let mut out = Vec::new();
        for (name, header) in headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let at = format!("{pointer}/{}", pointer_token(name));
            let header = follow(self.doc, header, &at, "headers", |c| &c.headers)?;
            let schema = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => Some(self.deref_schema(schema, &at)?),
                ParameterSchemaOrContent::Content(_) => None,
            };
            let data = schema.map(|s| &s.schema_data);
            let fixed = data.and_then(|d| d.default.clone()).or_else(|| match schema.map(|s| &s.schema_kind) {
                Some(openapiv3::SchemaKind::Type(openapiv3::Type::String(t))) if t.enumeration.len() == 1 => {
                    t.enumeration[0].clone().map(serde_json::Value::String)
                }
                _ => None,
            });
            let text = match fixed {
                Some(serde_json::Value::String(text)) => Some(text),
                Some(value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => Some(value.to_string()),
                _ => None,
            };
            let valid = |t: &str| {
                !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
                    && t.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
            };
            match text.filter(|t| valid(t)) {
                Some(text) => out.push((name.to_ascii_lowercase(), text)),
                None => self.warn(
                    &at,
                    format!(
                        "part header `{name}` not sent: the spec gives it no fixed value (a `default` or a \
                         one-value `enum`) and the client has no place for one"
                    ),
                ),
            }
        }
        Ok(out)
    }

    /// The success response (the lowest documented 2xx), its media type when it is not JSON (what
    /// the request accepts), and the documented error statuses.
    fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        pointer: &str,
        builder: &str,
    ) -> Result<Outcomes, Error> {
        let mut success: Option<(&StatusCode, &'a openapiv3::Response)> = None;
        let mut errors = Vec::new();
        for (code, response) in &responses.responses {
            let r_pointer = format!("{pointer}/{code}");
            let response = self.deref_response(response, &r_pointer)?;
            let is_success = match code {
                StatusCode::Code(c) => (200..300).contains(c),
                StatusCode::Range(r) => *r == 2,
            };
            if is_success {
                let better = success.is_none_or(|(best, _)| status_rank(code) < status_rank(best));
                if better {
                    success = Some((code, response));
                }
            } else {
                let status = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(r) => Status::Range(*r),
                };
                if let (Status::Code(c), Some(name)) = (&status, response.extensions.get("x-error-name")) {
                    if let Some(name) = name.as_str().filter(|n| !n.trim().is_empty()) {
                        self.error_names.entry(*c).or_insert_with(|| name.to_owned());
                    }
                }
                errors.push((status, response.description.clone()));
                self.note_error_body(response, &r_pointer)?;
            }
        }
        if let Some(default) = &responses.default {
            let response = self.deref_response(default, &format!("{pointer}/default"))?;
            errors.push((Status::Default, response.description.clone()));
            self.note_error_body(response, &format!("{pointer}/default"))?;
        }
        let Some((code, response)) = success else {
            return Ok(Outcomes { success: Response::Empty, accept: None, errors });
        };
        // RFC 9110 §15.3.5 and §15.3.6: a 204 or 205 response "cannot contain content".
        if matches!(code, StatusCode::Code(204 | 205)) {
            if !response.content.is_empty() {
                self.warn(
                    &format!("{pointer}/{code}/content"),
                    format!("a {code} response has no content (RFC 9110); its media types are not read"),
                );
            }
            return Ok(Outcomes { success: Response::Empty, accept: None, errors });
        }
        let Some((media_type, kind)) = pick_media(response.content.keys(), false) else {
            return Ok(Outcomes { success: Response::Empty, accept: None, errors });
        };
        // What the request accepts: `application/json` unless the spec names another type or range
        // (`text/plain`, `*/*`, a JSON type of its own such as `application/vnd.amadeus+json`, or
        // `application/*+json`, which `application/json` is not one of).
        let accept = (essence(media_type) != "application/json").then(|| media_type.clone());
        let out = match kind {
            BodyKind::Json => match &response.content[media_type].schema {
                Some(schema) => {
                    let s_pointer = format!("{pointer}/{code}/content/{}/schema", pointer_token(media_type));
                    let hint = Hint::Derived(format!("{builder}Response"));
                    Response::Json(self.schema_or_ref(schema, &s_pointer, hint, 0)?)
                }
                None => Response::Json(Type::Json),
            },
            BodyKind::Text => Response::Text,
            BodyKind::Bytes | BodyKind::Multipart | BodyKind::Form => Response::Bytes,
        };
        Ok(Outcomes { success: out, accept, errors })
    }

    fn note_error_body(&mut self, response: &openapiv3::Response, pointer: &str) -> Result<(), Error> {
        let Some((media_type, BodyKind::Json)) = pick_media(response.content.keys(), false) else { return Ok(()) };
        let name = match response.content[media_type].schema.as_ref().and_then(super::schema::reference_of) {
            Some(reference) => {
                let s_pointer = format!("{pointer}/content/{}/schema", pointer_token(media_type));
                match self.schema_ref(reference, &s_pointer)? {
                    Type::Named(name) => Some(name),
                    _ => None,
                }
            }
            _ => None,
        };
        self.error_types.insert(name);
        Ok(())
    }

    fn deref_response(
        &self,
        r: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
    ) -> Result<&'a openapiv3::Response, Error> {
        follow(self.doc, r, pointer, "responses", |c| &c.responses)
    }
}

/// What an operation's responses say: the success type, the media type the request accepts when it
/// is not JSON, and the documented error statuses.
struct Outcomes {
    success: Response,
    accept: Option<String>,
    errors: Vec<(Status, String)>,
}

/// Where a parameter goes and how it is written: the spec's `style` and `explode`, or their
/// defaults for the location (`simple` for path and header, `form` for query and cookie; `explode`
/// only for `form`), and `allowReserved`.
fn param_style(param: &Parameter) -> (ParamLocation, ParamStyle, bool) {
    use openapiv3::PathStyle;
    let explode = param.parameter_data_ref().explode;
    match param {
        Parameter::Path { style, .. } => {
            let explode = explode.unwrap_or(false);
            let style = match style {
                PathStyle::Simple => ParamStyle::Simple { explode },
                PathStyle::Label => ParamStyle::Label { explode },
                PathStyle::Matrix => ParamStyle::Matrix { explode },
            };
            (ParamLocation::Path, style, false)
        }
        Parameter::Query { style, allow_reserved, .. } => {
            (ParamLocation::Query, query_style(style, explode), *allow_reserved)
        }
        Parameter::Header { .. } => {
            (ParamLocation::Header, ParamStyle::Simple { explode: explode.unwrap_or(false) }, false)
        }
        Parameter::Cookie { .. } => {
            (ParamLocation::Cookie, ParamStyle::Form { explode: explode.unwrap_or(true) }, false)
        }
    }
}

/// A query style (of a parameter, or of a form field's `encoding`) with its `explode`: the
/// delimited styles exploded are `form` exploded, as the spec defines them.
fn query_style(style: &openapiv3::QueryStyle, explode: Option<bool>) -> ParamStyle {
    match style {
        QueryStyle::Form => ParamStyle::Form { explode: explode.unwrap_or(true) },
        QueryStyle::SpaceDelimited if explode != Some(true) => ParamStyle::SpaceDelimited,
        QueryStyle::PipeDelimited if explode != Some(true) => ParamStyle::PipeDelimited,
        QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => ParamStyle::Form { explode: true },
        QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

/// A path template split into literal text and `{name}` parameters. A `{` without its `}` is text.
fn segments(path: &str) -> Vec<PathSegment> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some((name, after)) = rest.split_once('{').and_then(|(_, tail)| tail.split_once('}')) {
        let literal = &rest[..rest.len() - name.len() - after.len() - 2];
        if !literal.is_empty() {
            out.push(PathSegment::Literal(literal.to_owned()));
        }
        out.push(PathSegment::Param(name.to_owned()));
        rest = after;
    }
    if !rest.is_empty() {
        out.push(PathSegment::Literal(rest.to_owned()));
    }
    out
}

/// The media type to use: JSON first, then multipart, then text, then anything as bytes.
/// A media type without its parameters, lower-cased.
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or(media).trim().to_ascii_lowercase()
}

/// `application/json` or a `+json` type.
fn is_json(media: &str) -> bool {
    let m = essence(media);
    m == "application/json" || m.ends_with("+json")
}

fn pick_media<'m>(mut keys: impl Iterator<Item = &'m String> + Clone, request: bool) -> Option<(&'m String, BodyKind)> {
    let is_json = |m: &str| is_json(m) || essence(m) == "*/*" && !request;
    // Of the JSON ones, `application/json` itself, else one that names a type (not a range such
    // as `application/*+json`), else the first.
    let plain = keys.clone().find(|m| essence(m) == "application/json");
    let named = || keys.clone().find(|m| is_json(m) && !m.contains('*'));
    if let Some(m) = plain.or_else(named).or_else(|| keys.clone().find(|m| is_json(m))) {
        return Some((m, BodyKind::Json));
    }
    if request {
        if let Some(m) = keys.clone().find(|m| essence(m) == "multipart/form-data") {
            return Some((m, BodyKind::Multipart));
        }
        if let Some(m) = keys.clone().find(|m| essence(m) == "application/x-www-form-urlencoded") {
            return Some((m, BodyKind::Form));
        }
    }
    if let Some(m) = keys.clone().find(|m| essence(m).starts_with("text/")) {
        return Some((m, BodyKind::Text));
    }
    keys.next().map(|m| (m, BodyKind::Bytes))
}

/// Orders success statuses: exact codes by value, then ranges.
fn status_rank(code: &StatusCode) -> u32 {
    match code {
        StatusCode::Code(c) => u32::from(*c),
        StatusCode::Range(r) => 1000 + u32::from(*r),
    }
}

/// Recognises a page/limit list operation: an integer `page` query parameter, optionally a limit
/// parameter, and a success body with one array of items (`data`, `items` or `results`) and
/// optionally an integer total.
pub(super) fn pagination(op: &Operation, types: &crate::ir::Graph) -> Option<crate::ir::Pagination> {
    let int_query = |names: &[&str]| {
        op.params.iter().find(|p| {
            p.location == ParamLocation::Query
                && !p.required()
                && names.contains(&p.wire.as_str())
                && matches!(p.ty, Type::I32 | Type::I64)
        })
    };
    let page = int_query(&["page"])?;
    let limit = int_query(&["limit", "per_page", "perPage", "pageSize", "page_size"]);
    let Response::Json(Type::Named(name)) = &op.success else { return None };
    let Some(TypeDef::Struct(body)) = types.get(name) else { return None };
    let items = ["data", "items", "results"]
        .iter()
        .find_map(|w| body.fields.iter().find(|f| f.wire == *w && matches!(f.ty.non_null(), Type::Vec(_))))?;
    let total = ["total", "totalCount", "total_count"]
        .iter()
        .find_map(|w| body.fields.iter().find(|f| f.wire == *w && matches!(f.ty.non_null(), Type::I32 | Type::I64)));
    Some(crate::ir::Pagination {
        page: page.name.clone(),
        page_i32: page.ty == Type::I32,
        limit: limit.map(|l| l.name.clone()),
        limit_i32: limit.is_some_and(|l| l.ty == Type::I32),
        limit_default: limit.and_then(|l| l.about.default.as_ref()?.as_i64()),
        limit_max: limit.and_then(|l| l.about.constraints.maximum.as_ref()?.as_i64()),
        items: items.clone(),
        total: total.cloned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_split_into_text_and_parameters() {
        use PathSegment::{Literal as L, Param as P};
        assert_eq!(
            segments("/users/{id}/documents/{documentId}"),
            [L("/users/".into()), P("id".into()), L("/documents/".into()), P("documentId".into())]
        );
        assert_eq!(segments("{a}{b}.json"), [P("a".into()), P("b".into()), L(".json".into())]);
        assert_eq!(segments("/users"), [L("/users".into())]);
        assert_eq!(segments("/a/{b"), [L("/a/{b".into())]);
    }
}
