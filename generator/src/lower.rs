//! Resolve and name: turns a parsed OpenAPI document into the typed IR.
//!
//! Two passes. The first gives every component schema its Rust name, so a `$ref` can be resolved to a
//! name before (or while) the schema it points to is converted; that is what lets recursive schemas
//! work without recursion in the generator. The second converts component schemas and operations,
//! naming inline schemas after where they appear (`UserDocumentListResponse` + `data` ->
//! `UserDocumentListResponseData`). A last step boxes fields that would make a type infinitely large.

use crate::error::{pointer_token, Error, Warning};
use crate::ir::{
    Api, BodyKind, Enum, Field, Operation, Param, ParamLocation, Presence, RequestBody, Response, Server, Struct, Type,
    TypeDef, Variant,
};
use crate::names::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr,
    Schema, SchemaKind, SecurityScheme, StatusCode, StringFormat, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    let mut cx = Lowerer {
        doc,
        type_names: Namespace::with_reserved(names::RESERVED_TYPES),
        components: HashMap::new(),
        types: BTreeMap::new(),
        error_types: BTreeSet::new(),
        warnings: Vec::new(),
    };
    let empty = IndexMap::new();
    let schemas = doc.components.as_ref().map_or(&empty, |c| &c.schemas);
    for key in schemas.keys() {
        let name = cx.type_names.claim(names::type_name(key));
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
    let mut types: Vec<TypeDef> = std::mem::take(&mut cx.types).into_values().collect();
    box_cycles(&mut types);
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: servers(doc),
        bearer_auth: bearer_auth(doc),
        basic_auth: doc.components.iter().flat_map(|c| c.security_schemes.values()).any(|s| {
            matches!(s, ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("basic"))
        }),
        api_keys: api_keys(doc),
        token_env: token_env(doc),
        error_type,
        types,
        operations,
    };
    decide_presence(&mut api);
    let by_name: HashMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name(), t)).collect();
    let pages: Vec<_> = api.operations.iter().map(|op| pagination(op, &by_name)).collect();
    for (op, page) in api.operations.iter_mut().zip(pages) {
        op.pagination = page;
    }
    Ok(Lowered { api, warnings: cx.warnings })
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    type_names: Namespace,
    /// Component schema key -> Rust type name.
    components: HashMap<&'a str, String>,
    /// Rust type name -> definition; a `BTreeMap` so output order never depends on the document's.
    types: BTreeMap<String, TypeDef>,
    /// The schemas of documented JSON error bodies (`None` for an inline one).
    error_types: BTreeSet<Option<String>>,
    warnings: Vec<Warning>,
}

impl<'a> Lowerer<'a> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning { pointer: pointer.to_owned(), message: message.into() });
    }

    /// A component schema: a named struct or enum when it is one, an alias otherwise.
    fn component(&mut self, name: &str, schema: &'a ReferenceOr<Schema>, pointer: &str) -> Result<(), Error> {
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer)?,
            ReferenceOr::Item(schema) => self.schema(schema, pointer, Hint::Exact(name), 0)?,
        };
        if ty != Type::Named(name.to_owned()) {
            let doc = match schema {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            self.types.insert(name.to_owned(), TypeDef::Alias { name: name.to_owned(), doc, ty });
        }
        Ok(())
    }

    /// The type a `$ref` to a schema names.
    fn schema_ref(&self, reference: &str, pointer: &str) -> Result<Type, Error> {
        reference
            .strip_prefix(SCHEMAS)
            .and_then(|key| self.components.get(unescape(key).as_str()))
            .map(|name| Type::Named(name.clone()))
            .ok_or_else(|| dangling(reference, pointer, "schemas"))
    }

    /// Follows `$ref`s to the schema they end at (for merging and for constraints in docs).
    fn deref_schema(&self, schema: &'a ReferenceOr<Schema>, pointer: &str) -> Result<&'a Schema, Error> {
        follow(self.doc, schema, pointer, "schemas", |c| &c.schemas)
    }

    /// A schema or a reference to one (`openapiv3` boxes some, hence `Borrow`).
    fn schema_or_ref<S: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &'a ReferenceOr<S>,
        pointer: &str,
        hint: Hint<'_>,
        depth: usize,
    ) -> Result<Type, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(s) => self.schema(s.borrow(), pointer, hint, depth + 1),
        }
    }

    /// The Rust type of an inline schema, defining named types for the objects and enums inside it.
    fn schema(&mut self, schema: &'a Schema, pointer: &str, hint: Hint<'_>, depth: usize) -> Result<Type, Error> {
        use openapiv3::Type as T;
        if depth > MAX_DEPTH {
            self.warn(pointer, format!("schemas nested deeper than {MAX_DEPTH} levels; using serde_json::Value"));
            return Ok(Type::Json);
        }
        let data = &schema.schema_data;
        let ty = match &schema.schema_kind {
            SchemaKind::Type(T::Boolean(_)) => Type::Bool,
            SchemaKind::Type(T::Integer(i)) => match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Type::I32,
                // Without a format the value may exceed 32 bits; i64 is the safe reading.
                _ => Type::I64,
            },
            SchemaKind::Type(T::Number(n)) => match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Type::F32,
                _ => Type::F64,
            },
            SchemaKind::Type(T::String(s)) => {
                let values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
                if !values.is_empty() {
                    self.define_enum(hint, data.description.clone(), &values)
                } else {
                    match &s.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
                        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Type::Base64,
                        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Type::Binary,
                        _ => Type::String,
                    }
                }
            }
            SchemaKind::Type(T::Array(a)) => match &a.items {
                Some(items) => {
                    let item = self.schema_or_ref(items, &format!("{pointer}/items"), hint.child("Item"), depth)?;
                    Type::Vec(Box::new(item))
                }
                None => Type::Vec(Box::new(Type::Json)),
            },
            SchemaKind::Type(T::Object(o)) => {
                let props = entries(&o.properties);
                self.object(data, &props, &o.required, o.additional_properties.as_ref(), pointer, hint, depth)?
            }
            SchemaKind::AllOf { all_of } => self.all_of(schema, all_of, &[], &[], pointer, hint, depth)?,
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                self.union(data, members, &format!("{pointer}/{key}"), hint, depth)?
            }
            SchemaKind::Not { .. } => {
                self.warn(pointer, "`not` cannot be expressed as a Rust type; using serde_json::Value");
                Type::Json
            }
            SchemaKind::Any(any) => {
                let strings: Option<Vec<&str>> = any.enumeration.iter().map(|v| v.as_str()).collect();
                if !any.all_of.is_empty() {
                    let props = entries(&any.properties);
                    self.all_of(schema, &any.all_of, &props, &any.required, pointer, hint, depth)?
                } else if !any.properties.is_empty() || any.additional_properties.is_some() {
                    let props = entries(&any.properties);
                    self.object(data, &props, &any.required, any.additional_properties.as_ref(), pointer, hint, depth)?
                } else if let Some(items) = &any.items {
                    let item = self.schema_or_ref(items, &format!("{pointer}/items"), hint.child("Item"), depth)?;
                    Type::Vec(Box::new(item))
                } else if let Some(values) = strings.filter(|v| !v.is_empty()) {
                    self.define_enum(hint, data.description.clone(), &values)
                } else if !any.one_of.is_empty() || !any.any_of.is_empty() {
                    let (members, key) = if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
                    self.union(data, members, &format!("{pointer}/{key}"), hint, depth)?
                } else {
                    if any.typ.is_some() || !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty()
                    {
                        self.warn(pointer, "schema not understood; using serde_json::Value");
                    }
                    Type::Json
                }
            }
        };
        Ok(nullable(ty, data.nullable))
    }

    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        data: &openapiv3::SchemaData,
        properties: &[(&'a str, &'a ReferenceOr<Box<Schema>>)],
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        hint: Hint<'_>,
        depth: usize,
    ) -> Result<Type, Error> {
        if properties.is_empty() {
            return match additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let value = self.schema_or_ref(s, &format!("{pointer}/additionalProperties"), hint.child("Value"), depth)?;
                    Ok(Type::Map(Box::new(value)))
                }
                _ => Ok(Type::JsonObject),
            };
        }
        let name = self.claim(hint);
        let mut field_names = Namespace::default();
        let mut fields = Vec::with_capacity(properties.len());
        for &(wire, prop) in properties {
            let prop_pointer = format!("{pointer}/properties/{}", pointer_token(wire));
            let field_hint = Hint::Derived(format!("{name}{}", names::type_name(wire)));
            let ty = self.schema_or_ref(prop, &prop_pointer, field_hint.as_ref(), depth)?;
            let (doc, deprecated, read_only, write_only) = match prop {
                ReferenceOr::Item(s) => {
                    let d = &s.schema_data;
                    (schema_doc(s), d.deprecated, d.read_only, d.write_only)
                }
                ReferenceOr::Reference { .. } => (None, false, false, false),
            };
            fields.push(Field {
                name: field_names.claim(names::field_name(wire)),
                wire: wire.to_owned(),
                ty,
                // readOnly values are absent from requests, writeOnly ones from responses: one
                // struct serves both only if neither is required.
                required: required.iter().any(|r| r == wire) && !read_only && !write_only,
                // Decided once every type and operation is known (`decide_presence`).
                presence: Presence::Optional,
                boxed: false,
                doc,
                deprecated,
                read_only,
            });
        }
        let extra = match additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(Type::Json),
            Some(AdditionalProperties::Schema(s)) => {
                let hint = Hint::Derived(format!("{name}Value"));
                Some(self.schema_or_ref(s, &format!("{pointer}/additionalProperties"), hint, depth)?)
            }
        };
        let extra = extra.map(|ty| (field_names.claim("additional_properties".to_owned()), ty));
        let def = Struct { name: name.clone(), doc: data.description.clone(), pointer: pointer.to_owned(), fields, extra };
        self.types.insert(name.clone(), TypeDef::Struct(def));
        Ok(Type::Named(name))
    }

    /// `allOf`: one member is a reference with siblings (`nullable`, `default`, `description`);
    /// several are merged into one struct.
    #[allow(clippy::too_many_arguments)]
    fn all_of(
        &mut self,
        schema: &'a Schema,
        all_of: &'a [ReferenceOr<Schema>],
        own_properties: &[(&'a str, &'a ReferenceOr<Box<Schema>>)],
        own_required: &[String],
        pointer: &str,
        hint: Hint<'_>,
        depth: usize,
    ) -> Result<Type, Error> {
        if let ([only], []) = (all_of, own_properties) {
            return self.schema_or_ref(only, &format!("{pointer}/allOf/0"), hint, depth);
        }
        // Later members override earlier ones, as a validator applying all of them would require.
        let mut properties: IndexMap<&'a str, &'a ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required = Vec::new();
        let mut stack: Vec<(&'a ReferenceOr<Schema>, String)> =
            all_of.iter().enumerate().rev().map(|(i, s)| (s, format!("{pointer}/allOf/{i}"))).collect();
        let mut seen = 0;
        while let Some((member, member_pointer)) = stack.pop() {
            seen += 1;
            if seen > 4 * MAX_DEPTH {
                return Err(Error::new(pointer, "allOf nests or repeats too deeply").with_fix("flatten the allOf"));
            }
            let resolved = self.deref_schema(member, &member_pointer)?;
            match &resolved.schema_kind {
                SchemaKind::Type(openapiv3::Type::Object(o)) => {
                    properties.extend(o.properties.iter().map(|(k, v)| (k.as_str(), v)));
                    required.extend(o.required.iter().cloned());
                }
                SchemaKind::Any(a) if a.typ.is_none() || a.typ.as_deref() == Some("object") => {
                    properties.extend(a.properties.iter().map(|(k, v)| (k.as_str(), v)));
                    required.extend(a.required.iter().cloned());
                    stack.extend(a.all_of.iter().enumerate().rev().map(|(i, s)| (s, format!("{member_pointer}/allOf/{i}"))));
                }
                SchemaKind::AllOf { all_of } => {
                    stack.extend(all_of.iter().enumerate().rev().map(|(i, s)| (s, format!("{member_pointer}/allOf/{i}"))));
                }
                _ => {
                    self.warn(pointer, "allOf member is not an object and cannot be merged; using serde_json::Value");
                    return Ok(Type::Json);
                }
            }
        }
        properties.extend(own_properties.iter().copied());
        required.extend(own_required.iter().cloned());
        let merged: Vec<_> = properties.into_iter().collect();
        self.object(&schema.schema_data, &merged, &required, None, pointer, hint, depth)
    }

    /// `oneOf`/`anyOf`: a Rust enum with one variant per member, picked by the discriminator when
    /// the schema has one and by trying each member in order otherwise.
    fn union(
        &mut self,
        data: &'a openapiv3::SchemaData,
        members: &'a [ReferenceOr<Schema>],
        pointer: &str,
        hint: Hint<'_>,
        depth: usize,
    ) -> Result<Type, Error> {
        if let [only] = members {
            return self.schema_or_ref(only, &format!("{pointer}/0"), hint, depth);
        }
        // A schema or `{}`: the server collapses the object to an empty one where it stops
        // expanding (a back-reference); one type holds both.
        if let [a, b] = members {
            let empty = |m: &'a ReferenceOr<Schema>, i: usize| {
                self.deref_schema(m, &format!("{pointer}/{i}")).map(is_empty_object)
            };
            match (empty(a, 0)?, empty(b, 1)?) {
                (false, true) => {
                    let ty = self.schema_or_ref(a, &format!("{pointer}/0"), hint, depth)?;
                    return Ok(Type::Expandable(Box::new(ty)));
                }
                (true, false) => {
                    let ty = self.schema_or_ref(b, &format!("{pointer}/1"), hint, depth)?;
                    return Ok(Type::Expandable(Box::new(ty)));
                }
                _ => {}
            }
        }
        let name = self.claim(hint);
        let mut variant_names = Namespace::default();
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let m_pointer = format!("{pointer}/{i}");
            let ty = self.schema_or_ref(member, &m_pointer, Hint::Derived(format!("{name}Variant{}", i + 1)), depth)?;
            let label = match ty.non_null() {
                Type::Named(n) => n.clone(),
                Type::Bool => "Boolean".into(),
                Type::I32 | Type::I64 => "Integer".into(),
                Type::F32 | Type::F64 => "Number".into(),
                Type::String | Type::Date | Type::DateTime | Type::Base64 | Type::Binary => "String".into(),
                Type::Vec(_) => "Array".into(),
                Type::Map(_) | Type::JsonObject => "Object".into(),
                Type::Json | Type::Nullable(_) => "Value".into(),
                Type::Expandable(inner) => match inner.non_null() {
                    Type::Named(n) => n.clone(),
                    _ => "Object".into(),
                },
            };
            // Tags: the mapping's keys that point at this member, else the component's own name.
            let mut tags = Vec::new();
            if let (Some(d), ReferenceOr::Reference { reference }) = (&data.discriminator, member) {
                tags.extend(d.mapping.iter().filter(|(_, to)| *to == reference).map(|(tag, _)| tag.clone()));
                if tags.is_empty() {
                    tags.push(reference.rsplit('/').next().unwrap_or(reference).to_owned());
                }
            }
            variants.push(crate::ir::UnionVariant { name: variant_names.claim(names::variant_name(&label)), ty, tags, boxed: false });
        }
        let discriminator = data.discriminator.as_ref().map(|d| d.property_name.clone());
        if discriminator.is_some() && variants.iter().any(|v| v.tags.is_empty()) {
            self.warn(pointer, "discriminator with inline members: the members are tried in order instead");
        }
        let discriminator = discriminator.filter(|_| variants.iter().all(|v| !v.tags.is_empty()));
        let catch_all = discriminator.as_ref().map(|_| variant_names.claim("Unknown".to_owned()));
        let def = crate::ir::Union { name: name.clone(), doc: data.description.clone(), discriminator, variants, catch_all };
        self.types.insert(name.clone(), TypeDef::Union(def));
        Ok(Type::Named(name))
    }

    fn define_enum(&mut self, hint: Hint<'_>, doc: Option<String>, values: &[&str]) -> Type {
        let name = self.claim(hint);
        let mut variant_names = Namespace::default();
        let mut seen = std::collections::HashSet::new();
        let variants: Vec<Variant> = values
            .iter()
            .filter(|v| seen.insert(**v))
            .map(|v| Variant { name: variant_names.claim(names::variant_name(v)), wire: (*v).to_owned() })
            .collect();
        let catch_all = variant_names.claim("Unknown".to_owned());
        self.types.insert(name.clone(), TypeDef::Enum(Enum { name: name.clone(), doc, variants, catch_all }));
        Type::Named(name)
    }

    fn claim(&mut self, hint: Hint<'_>) -> String {
        match hint {
            Hint::Exact(name) => name.to_owned(),
            Hint::Derived(name) => self.type_names.claim(names::type_name(&name)),
        }
    }

    fn operations(&mut self) -> Result<Vec<Operation>, Error> {
        let mut method_names = Namespace::with_reserved(&["new", "builder", "api_client", "base_url"]);
        let mut builder_names = Namespace::with_reserved(names::RESERVED_TYPES);
        let mut operation_ids: HashMap<&str, String> = HashMap::new();
        let mut operations = Vec::new();
        for (path, item) in self.doc.paths.iter() {
            let path_pointer = format!("/paths/{}", pointer_token(path));
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.warn(&path_pointer, "path item `$ref`s are not supported; operations skipped");
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let pointer = format!("{path_pointer}/{method}");
                if let Some(id) = op.operation_id.as_deref() {
                    if let Some(first) = operation_ids.insert(id, pointer.clone()) {
                        return Err(Error::new(pointer.as_str(), format!("operationId `{id}` is also used at {first}"))
                            .with_fix("give every operation its own operationId (OpenAPI requires them to be unique)"));
                    }
                }
                let method_name = method_names.claim(names::operation_name(op.operation_id.as_deref(), method, path));
                let builder_name = builder_names.claim(names::type_name(&method_name));
                let params = self.params(&item.parameters, &op.parameters, path, &pointer, &builder_name)?;
                let body = match &op.request_body {
                    None => None,
                    Some(body) => self.request_body(body, &format!("{pointer}/requestBody"), &builder_name)?,
                };
                let (success, errors) = self.responses(&op.responses, &format!("{pointer}/responses"), &builder_name)?;
                operations.push(Operation {
                    method_name,
                    builder_name,
                    operation_id: op.operation_id.clone(),
                    http_method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    summary: op.summary.clone(),
                    description: op.description.clone(),
                    deprecated: op.deprecated,
                    params,
                    body,
                    success,
                    errors,
                    pagination: None,
                    pointer,
                });
            }
        }
        Ok(operations)
    }

    /// Path-level parameters, overridden by operation-level ones with the same name and location.
    fn params(
        &mut self,
        shared: &'a [ReferenceOr<Parameter>],
        own: &'a [ReferenceOr<Parameter>],
        path: &str,
        pointer: &str,
        builder: &str,
    ) -> Result<Vec<Param>, Error> {
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
        let template: Vec<&str> = path_params(path);
        for name in &template {
            if !merged.contains_key(&(name.to_string(), 0)) {
                return Err(Error::new(pointer, format!("path `{path}` has `{{{name}}}` but no path parameter `{name}`"))
                    .with_fix(format!("add `- {{ name: {name}, in: path, required: true, schema: {{ type: string }} }}` to the operation's parameters")));
            }
        }
        // Names the request builders use for their own fields and methods.
        let mut arg_names = Namespace::with_reserved(&[
            "body", "client", "self", "options", "new", "send", "send_with_response", "send_value", "send_raw",
            "into_request", "stream", "collect_all",
        ]);
        let mut out = Vec::with_capacity(merged.len());
        for (param, p_pointer) in merged.values() {
            let data = param.parameter_data_ref();
            let (location, explode) = match param {
                Parameter::Path { .. } => (ParamLocation::Path, false),
                Parameter::Query { .. } => (ParamLocation::Query, data.explode.unwrap_or(true)),
                Parameter::Header { .. } => (ParamLocation::Header, data.explode.unwrap_or(false)),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, data.explode.unwrap_or(true)),
            };
            if location == ParamLocation::Path && !template.contains(&data.name.as_str()) {
                return Err(Error::new(p_pointer.as_str(), format!("path parameter `{}` does not appear in `{path}`", data.name))
                    .with_fix(format!("add `{{{}}}` to the path or remove the parameter", data.name)));
            }
            let hint = Hint::Derived(format!("{builder}{}", names::type_name(&data.name)));
            let (ty, schema) = match &data.format {
                ParameterSchemaOrContent::Schema(s) => {
                    let ty = self.schema_or_ref(s, &format!("{p_pointer}/schema"), hint.as_ref(), 0)?;
                    (ty, Some(self.deref_schema(s, p_pointer)?))
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.warn(p_pointer, "parameter `content` is not supported; sent as a JSON string");
                    (Type::String, None)
                }
            };
            let ty = match ty {
                Type::Nullable(inner) => *inner,
                other => other,
            };
            let ty = self.param_type(ty, p_pointer);
            let mut doc = data.description.clone().unwrap_or_default();
            if let Some(s) = schema {
                append_constraints(&mut doc, s);
            }
            if let Some(example) = &data.example {
                push_sentence(&mut doc, &format!("Example: `{}`.", compact(example)));
            }
            out.push(Param {
                name: arg_names.claim(names::field_name(&data.name)),
                wire: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                explode,
                default: schema.and_then(|s| s.schema_data.default.as_ref()).map(|v| v.to_string()),
                constraints: schema.map(constraints).unwrap_or_default().join(" "),
                doc: (!doc.is_empty()).then_some(doc),
            });
        }
        // Path parameters in the order the path names them, so `client.get(user_id, document_id)`
        // reads like the URL.
        out.sort_by_key(|p| match p.location {
            ParamLocation::Path => template.iter().position(|t| *t == p.wire).unwrap_or(0),
            _ => usize::MAX,
        });
        Ok(out)
    }

    /// What a parameter can be sent as: scalars, string enums and arrays of them. Anything else
    /// (an object with `style: deepObject`, say) is sent as JSON text, with a warning.
    fn param_type(&mut self, ty: Type, pointer: &str) -> Type {
        let scalar = |t: &Type, types: &BTreeMap<String, TypeDef>| match t {
            Type::Named(n) => match types.get(n) {
                Some(TypeDef::Enum(_)) => true,
                Some(TypeDef::Alias { ty, .. }) => !matches!(ty, Type::Vec(_) | Type::Map(_) | Type::JsonObject | Type::Named(_) | Type::Binary | Type::Nullable(_)),
                _ => false,
            },
            Type::Vec(_) | Type::Map(_) | Type::JsonObject | Type::Nullable(_) => false,
            _ => true,
        };
        match ty {
            Type::Binary => Type::String,
            Type::Vec(item) if scalar(&item, &self.types) => Type::Vec(item),
            Type::Vec(item) if *item == Type::Binary => Type::Vec(Box::new(Type::String)),
            t if scalar(&t, &self.types) => t,
            _ => {
                self.warn(pointer, "object and nested array parameters are sent as JSON text");
                Type::Json
            }
        }
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
            (BodyKind::Multipart | BodyKind::Form, _) => {
                self.warn(&media_pointer, "a form body must be an object with properties; sent as raw bytes");
                BodyKind::Bytes
            }
            _ => kind,
        };
        let ty = if kind == BodyKind::Bytes { Type::Binary } else { ty };
        Ok(Some(RequestBody {
            kind,
            media_type: media_type.clone(),
            ty,
            required: body.required,
            doc: body.description.clone(),
        }))
    }

    /// The success response (the lowest documented 2xx) and the documented error statuses.
    fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        pointer: &str,
        builder: &str,
    ) -> Result<(Response, Vec<(String, String)>), Error> {
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
                errors.push((code.to_string(), response.description.clone()));
                self.note_error_body(response, &r_pointer)?;
            }
        }
        if let Some(default) = &responses.default {
            let response = self.deref_response(default, &format!("{pointer}/default"))?;
            errors.push(("default".to_owned(), response.description.clone()));
            self.note_error_body(response, &format!("{pointer}/default"))?;
        }
        let Some((code, response)) = success else {
            return Ok((Response::Empty, errors));
        };
        let Some((media_type, kind)) = pick_media(response.content.keys(), false) else {
            return Ok((Response::Empty, errors));
        };
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
        Ok((out, errors))
    }

    fn note_error_body(&mut self, response: &openapiv3::Response, pointer: &str) -> Result<(), Error> {
        let Some((media_type, BodyKind::Json)) = pick_media(response.content.keys(), false) else { return Ok(()) };
        let name = match &response.content[media_type].schema {
            Some(ReferenceOr::Reference { reference }) => {
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

fn entries(map: &IndexMap<String, ReferenceOr<Box<Schema>>>) -> Vec<(&str, &ReferenceOr<Box<Schema>>)> {
    map.iter().map(|(k, v)| (k.as_str(), v)).collect()
}

/// An object that can have no members: `type: object` (or no type) without properties and with
/// `maxProperties: 0` or `additionalProperties: false`.
fn is_empty_object(schema: &Schema) -> bool {
    let (properties, additional, max) = match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(o)) => (&o.properties, &o.additional_properties, o.max_properties),
        SchemaKind::Any(a) if a.typ.as_deref().is_none_or(|t| t == "object") && a.one_of.is_empty() && a.all_of.is_empty() && a.any_of.is_empty() => {
            (&a.properties, &a.additional_properties, a.max_properties)
        }
        _ => return false,
    };
    properties.is_empty() && (max == Some(0) || matches!(additional, Some(AdditionalProperties::Any(false))))
}

/// Sets every field's `Presence`: exact for the types requests use, liberal for the others.
fn decide_presence(api: &mut Api) {
    let requests = api.request_types();
    for t in &mut api.types {
        if let TypeDef::Struct(s) = t {
            let request = requests.contains(&s.name);
            for f in &mut s.fields {
                f.presence = Presence::of(f.required, &f.ty, request);
            }
        }
    }
}

fn nullable(ty: Type, nullable: bool) -> Type {
    match ty {
        Type::Nullable(_) => ty,
        // `Json` already holds `null`.
        Type::Json => ty,
        ty if nullable => Type::Nullable(Box::new(ty)),
        ty => ty,
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
    Err(Error::new(pointer, "`$ref` chain too long or circular").with_fix(format!("point the `$ref` at an entry of `components/{section}`")))
}

fn dangling(reference: &str, pointer: &str, section: &str) -> Error {
    Error::new(pointer, format!("`$ref: {reference}` does not resolve"))
        .with_fix(format!("define it under `components/{section}`, or correct the reference (only local `#/components/{section}/...` references are supported)"))
}

/// Undoes JSON pointer escaping (`~1` -> `/`, `~0` -> `~`) and percent-encoding in a reference token.
fn unescape(token: &str) -> String {
    let decoded = percent_decode(token);
    decoded.replace("~1", "/").replace("~0", "~")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `{name}` segments of a path template, in order.
fn path_params(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

/// The media type to use: JSON first, then multipart, then text, then anything as bytes.
fn pick_media<'m>(mut keys: impl Iterator<Item = &'m String> + Clone, request: bool) -> Option<(&'m String, BodyKind)> {
    let essence = |m: &str| m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
    let is_json = |m: &str| {
        let m = essence(m);
        m == "application/json" || m.ends_with("+json") || m == "*/*" && !request
    };
    if let Some(m) = keys.clone().find(|m| is_json(m)) {
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

fn schema_doc(schema: &Schema) -> Option<String> {
    let mut doc = schema.schema_data.description.clone().unwrap_or_default();
    append_constraints(&mut doc, schema);
    (!doc.is_empty()).then_some(doc)
}

/// Adds the constraints and default a reader of the docs needs (the types cannot express them).
fn append_constraints(doc: &mut String, schema: &Schema) {
    if let Some(default) = &schema.schema_data.default {
        push_sentence(doc, &format!("Default: `{}`.", compact(default)));
    }
    for part in constraints(schema) {
        push_sentence(doc, &part);
    }
}

/// The bounds of a value (`Minimum: 1.`, `Maximum length: 50.`, ...).
fn constraints(schema: &Schema) -> Vec<String> {
    use openapiv3::Type as T;
    let mut parts = Vec::new();
    let mut bound = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            parts.push(format!("{label}: {v}."));
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(T::Integer(i)) => {
            bound("Minimum", i.minimum.map(|v| v.to_string()));
            bound("Maximum", i.maximum.map(|v| v.to_string()));
        }
        SchemaKind::Type(T::Number(n)) => {
            bound("Minimum", n.minimum.map(|v| v.to_string()));
            bound("Maximum", n.maximum.map(|v| v.to_string()));
        }
        SchemaKind::Type(T::String(s)) => {
            bound("Minimum length", s.min_length.map(|v| v.to_string()));
            bound("Maximum length", s.max_length.map(|v| v.to_string()));
            bound("Pattern", s.pattern.as_ref().map(|p| format!("`{p}`")));
        }
        SchemaKind::Type(T::Array(a)) => {
            bound("Minimum items", a.min_items.map(|v| v.to_string()));
            bound("Maximum items", a.max_items.map(|v| v.to_string()));
        }
        _ => {}
    }
    parts
}

fn push_sentence(doc: &mut String, sentence: &str) {
    if !doc.is_empty() {
        doc.push_str(if doc.ends_with('.') || doc.ends_with('\n') { "\n\n" } else { ".\n\n" });
    }
    doc.push_str(sentence);
}

fn compact(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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
            let label = s.description.as_deref().map(str::trim).filter(|d| !d.is_empty() && d.split_whitespace().count() <= 4);
            let name = match label {
                Some(label) => names::type_name(label),
                None => format!("Server{}", i + 1),
            };
            Server { name: taken.claim(name), url, description: s.description.clone() }
        })
        .collect()
}

/// `x-token-env` on the bearer scheme, else `{FIRST WORD OF THE TITLE}_API_KEY`.
fn token_env(doc: &OpenAPI) -> String {
    let declared = doc.components.iter().flat_map(|c| c.security_schemes.values()).find_map(|s| match s {
        ReferenceOr::Item(SecurityScheme::HTTP { extensions, .. }) => extensions.get("x-token-env")?.as_str().map(str::to_owned),
        _ => None,
    });
    declared.unwrap_or_else(|| {
        let word: String = doc.info.title.split_whitespace().next().unwrap_or("API").chars().filter(char::is_ascii_alphanumeric).collect();
        if word.is_empty() { "API_KEY".to_owned() } else { format!("{}_API_KEY", word.to_ascii_uppercase()) }
    })
}

/// Recognises a page/limit list operation: an integer `page` query parameter, optionally a limit
/// parameter, and a success body with one array of items (`data`, `items` or `results`) and
/// optionally an integer total.
fn pagination(op: &Operation, types: &HashMap<&str, &TypeDef>) -> Option<crate::ir::Pagination> {
    let int_query = |names: &[&str]| {
        op.params.iter().find(|p| {
            p.location == ParamLocation::Query && !p.required && names.contains(&p.wire.as_str()) && matches!(p.ty, Type::I32 | Type::I64)
        })
    };
    let page = int_query(&["page"])?;
    let limit = int_query(&["limit", "per_page", "perPage", "pageSize", "page_size"]);
    let Response::Json(Type::Named(name)) = &op.success else { return None };
    let Some(TypeDef::Struct(body)) = types.get(name.as_str()) else { return None };
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
        limit_default: limit.and_then(|l| l.default.as_deref()?.parse().ok()),
        items: items.clone(),
        total: total.cloned(),
    })
}

/// The API key schemes, named for constants on the client (`X_API_KEY`).
fn api_keys(doc: &OpenAPI) -> Vec<(String, ParamLocation, String)> {
    let mut taken = Namespace::with_reserved(&["NEW", "BUILDER"]);
    let mut out = Vec::new();
    for (key, scheme) in doc.components.iter().flat_map(|c| c.security_schemes.iter()) {
        if let ReferenceOr::Item(SecurityScheme::APIKey { location, name, .. }) = scheme {
            let at = match location {
                openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
            };
            out.push((taken.claim(names::const_name(key)), at, name.clone()));
        }
    }
    out
}

fn bearer_auth(doc: &OpenAPI) -> bool {
    doc.components.iter().flat_map(|c| c.security_schemes.values()).any(|s| {
        matches!(s, ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("bearer"))
    })
}

/// A schema that is only a `$ref` to a schema that is only a `$ref` ... back to itself has no
/// value at all; Rust would reject the type aliases, so say so here.
fn alias_cycles(types: &BTreeMap<String, TypeDef>, components: &HashMap<&str, String>) -> Result<(), Error> {
    for start in types.values() {
        let TypeDef::Alias { name, .. } = start else { continue };
        let mut current = name;
        for _ in 0..=types.len() {
            let next = match types.get(current) {
                Some(TypeDef::Alias { ty, .. }) => match ty.non_null() {
                    Type::Named(next) => next,
                    _ => break,
                },
                _ => break,
            };
            if next == name {
                let key = components.iter().find(|(_, v)| *v == name).map_or(name.as_str(), |(k, _)| k);
                return Err(Error::new(
                    format!("/components/schemas/{}", pointer_token(key)),
                    format!("`$ref` cycle through `{key}` with no object to hold a value"),
                )
                .with_fix("make one schema in the cycle an object (or an array) instead of a bare `$ref`"));
            }
            current = next;
        }
    }
    Ok(())
}

/// Marks the fields that must be boxed: those whose type contains the struct itself through a chain
/// of direct (not `Vec`/`Map`) containment. Found with Tarjan's strongly connected components,
/// iteratively so deep documents cannot overflow the stack.
fn box_cycles(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name().to_owned(), i)).collect();
    let direct = |ty: &Type| -> Option<usize> {
        match ty.non_null() {
            Type::Named(n) => index.get(n).copied(),
            _ => None,
        }
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match t {
            TypeDef::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
            TypeDef::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
            TypeDef::Alias { ty, .. } => direct(ty).into_iter().collect(),
            TypeDef::Enum(_) => Vec::new(),
        })
        .collect();
    let component = tarjan(&edges);
    for (i, t) in types.iter_mut().enumerate() {
        match t {
            TypeDef::Struct(s) => {
                for f in &mut s.fields {
                    if let Some(j) = direct(&f.ty) {
                        f.boxed = component[i] == component[j];
                    }
                }
            }
            TypeDef::Union(u) => {
                for v in &mut u.variants {
                    if let Some(j) = direct(&v.ty) {
                        v.boxed = component[i] == component[j];
                    }
                }
            }
            _ => {}
        }
    }
}

/// The strongly connected component of each node.
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut comp) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack, mut next, mut comps) = (vec![false; n], Vec::new(), 0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 {
                order[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if order[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tarjan_finds_cycles_and_self_loops() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone.
        let c = tarjan(&[vec![1], vec![2], vec![0], vec![3], vec![]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }

    #[test]
    fn reference_tokens_are_unescaped() {
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        assert_eq!(unescape("My%20Type"), "My Type");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn path_template_names() {
        assert_eq!(path_params("/users/{id}/documents/{documentId}"), vec!["id", "documentId"]);
        assert!(path_params("/users").is_empty());
    }
}
