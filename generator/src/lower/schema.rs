//! Schemas: component and inline schemas into structs, enums, unions and aliases of the IR.

use super::docs::about;
use super::{dangling, follow, unescape, Hint, Lowerer, MAX_DEPTH, SCHEMAS};
use crate::error::{pointer_token, Error};
use crate::ir::{Constructor, Enum, Field, Presence, RequiredSets, Struct, Type, TypeDef, Variant};
use crate::names::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat,
    VariantOrUnknownOrEmpty,
};

impl<'a> Lowerer<'a> {
    /// A component schema: a named struct or enum when it is one, an alias otherwise.
    pub(super) fn component(
        &mut self,
        name: &str,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
    ) -> Result<(), Error> {
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer)?,
            ReferenceOr::Item(schema) => self.schema(schema, pointer, Hint::Exact(name), 0)?,
        };
        let itself = Type::Named(name.to_owned());
        // References to a nullable component are `Option`s already (`schema_ref`); its alias names
        // the value, or `Option<Option<T>>` would follow.
        let ty = match ty {
            Type::Nullable(inner) if self.nullable_components.contains(name) => *inner,
            ty => ty,
        };
        if ty != itself && ty != Type::Nullable(Box::new(itself)) {
            let (doc, about) = match schema {
                ReferenceOr::Item(s) => (s.schema_data.description.clone(), super::docs::about(s)),
                ReferenceOr::Reference { .. } => (None, crate::ir::About::default()),
            };
            self.types.insert(name.to_owned(), TypeDef::Alias { name: name.to_owned(), doc, ty, about, shared: false });
        }
        Ok(())
    }

    /// The type a `$ref` to a schema names.
    pub(super) fn schema_ref(&self, reference: &str, pointer: &str) -> Result<Type, Error> {
        reference
            .strip_prefix(SCHEMAS)
            .and_then(|key| self.components.get(unescape(key).as_str()))
            .map(|name| {
                let named = Type::Named(name.clone());
                if self.nullable_components.contains(name) {
                    Type::Nullable(Box::new(named))
                } else {
                    named
                }
            })
            .ok_or_else(|| dangling(reference, pointer, "schemas"))
    }

    /// Follows `$ref`s to the schema they end at (for merging and for constraints in docs).
    pub(super) fn deref_schema(&self, schema: &'a ReferenceOr<Schema>, pointer: &str) -> Result<&'a Schema, Error> {
        follow(self.doc, schema, pointer, "schemas", |c| &c.schemas)
    }

    /// A schema or a reference to one (`openapiv3` boxes some, hence `Borrow`).
    pub(super) fn schema_or_ref<S: std::borrow::Borrow<Schema>>(
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
            SchemaKind::Type(T::Object(o)) => self.object(data, &Keywords::object(o), pointer, hint, depth)?,
            SchemaKind::AllOf { all_of } => self.all_of(schema, all_of, &Keywords::default(), pointer, hint, depth)?,
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
                let own = Keywords::any(any);
                if !any.all_of.is_empty() {
                    self.all_of(schema, &any.all_of, &own, pointer, hint, depth)?
                } else if !own.properties.is_empty() || own.additional.is_some() {
                    let ty = self.object(data, &own, pointer, hint, depth)?;
                    if let (Type::Named(name), Some(sets)) = (&ty, required_sets(any)) {
                        if let Some(TypeDef::Struct(s)) = self.types.get_mut(name) {
                            s.required_sets = Some(sets);
                        }
                    }
                    ty
                } else if let Some(items) = &any.items {
                    let item = self.schema_or_ref(items, &format!("{pointer}/items"), hint.child("Item"), depth)?;
                    Type::Vec(Box::new(item))
                } else if let Some(values) = strings.filter(|v| !v.is_empty()) {
                    self.define_enum(hint, data.description.clone(), &values)
                } else if let Some(ty) = enum_type(&any.enumeration).filter(|_| any.typ.is_none()) {
                    // An `enum` of booleans or numbers without a `type` says the type.
                    ty
                } else if !any.one_of.is_empty() || !any.any_of.is_empty() {
                    let (members, key) =
                        if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
                    self.union(data, members, &format!("{pointer}/{key}"), hint, depth)?
                } else if let Some((name, ty)) = any.typ.as_deref().and_then(|t| primitive(t).map(|ty| (t, ty))) {
                    // `type: string` with `maximum`, say: the keywords that do not apply are ignored.
                    self.warn(pointer, format!("keywords that do not apply to `type: {name}` ignored"));
                    ty
                } else {
                    if any.typ.is_some() || !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty() {
                        self.warn(pointer, "schema not understood; using serde_json::Value");
                    }
                    Type::Json
                }
            }
        };
        Ok(nullable(ty, data.nullable))
    }

    /// An object's keywords: a struct with a field per property (and the `additionalProperties`
    /// map), or a map or free-form object when it has no properties.
    fn object(
        &mut self,
        data: &openapiv3::SchemaData,
        keywords: &Keywords<'a>,
        pointer: &str,
        hint: Hint<'_>,
        depth: usize,
    ) -> Result<Type, Error> {
        let Keywords { properties, required, additional, .. } = keywords;
        let additional = *additional;
        if properties.is_empty() {
            return match additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let value =
                        self.schema_or_ref(s, &format!("{pointer}/additionalProperties"), hint.child("Value"), depth)?;
                    Ok(Type::Map(Box::new(value)))
                }
                _ => Ok(Type::JsonObject),
            };
        }
        let name = self.claim(hint);
        let mut field_names = Namespace::default();
        let mut fields = Vec::with_capacity(properties.len());
        for &(wire, prop) in properties.iter() {
            let prop_pointer = format!("{pointer}/properties/{}", pointer_token(wire));
            let field_hint = Hint::Derived(format!("{name}{}", names::type_name(wire)));
            let ty = self.schema_or_ref(prop, &prop_pointer, field_hint.as_ref(), depth)?;
            let (doc, about, deprecated, read_only, write_only) = match prop {
                ReferenceOr::Item(s) => {
                    let d = &s.schema_data;
                    // A description may sit in an annotation member of `allOf` (`allOf: [{$ref},
                    // {description}]`): it describes this property, not the referenced type.
                    let annotated = match &s.schema_kind {
                        SchemaKind::AllOf { all_of } => all_of.iter().find_map(|m| match m {
                            ReferenceOr::Item(a) if is_annotation(m) => a.schema_data.description.clone(),
                            _ => None,
                        }),
                        _ => None,
                    };
                    (d.description.clone().or(annotated), about(s), d.deprecated, d.read_only, d.write_only)
                }
                ReferenceOr::Reference { .. } => (None, crate::ir::About::default(), false, false, false),
            };
            fields.push(Field {
                name: field_names.claim(names::field_name(wire)),
                wire: wire.to_owned(),
                ty,
                // readOnly values are absent from requests, writeOnly ones from responses: one
                // struct serves both only if neither is required.
                required: required.contains(&wire) && !read_only && !write_only,
                required_in_requests: write_only && required.contains(&wire),
                // Decided once every type and operation is known (`decide_presence`).
                presence: Presence::Optional,
                boxed: false,
                doc,
                about,
                deprecated,
                read_only,
            });
        }
        // A name `required` lists that `properties` does not define must still be sent: a field of
        // any JSON value (unless no other property is allowed, which no value could satisfy),
        // required as a `writeOnly` one is, in requests only: a response without it still reads.
        if !matches!(additional, Some(AdditionalProperties::Any(false))) {
            for &wire in required.iter().filter(|r| !properties.iter().any(|(p, _)| p == *r)) {
                self.warn(
                    &format!("{pointer}/required"),
                    format!("`required` lists `{wire}`, which `properties` does not define: a field of any JSON value"),
                );
                fields.push(Field {
                    name: field_names.claim(names::field_name(wire)),
                    wire: wire.to_owned(),
                    ty: Type::Json,
                    required: false,
                    required_in_requests: true,
                    presence: Presence::Optional,
                    boxed: false,
                    doc: None,
                    about: crate::ir::About::default(),
                    deprecated: false,
                    read_only: false,
                });
            }
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
        let constructors = constructors(data, &fields, pointer)?;
        let def = Struct {
            name: name.clone(),
            doc: data.description.clone(),
            pointer: pointer.to_owned(),
            fields,
            extra,
            // Decided once every operation is known (`decide_presence`).
            request: false,
            inferred: super::docs::inferred(&data.extensions),
            constructors,
            required_sets: None,
        };
        self.types.insert(name.clone(), TypeDef::Struct(def));
        Ok(Type::Named(name))
    }

    /// `allOf`: one member is a reference with siblings (`nullable`, `default`, `description`);
    /// several are merged into one struct, with the schema's `own` keywords.
    fn all_of(
        &mut self,
        schema: &'a Schema,
        all_of: &'a [ReferenceOr<Schema>],
        own: &Keywords<'a>,
        pointer: &str,
        hint: Hint<'_>,
        depth: usize,
    ) -> Result<Type, Error> {
        // Members that only annotate (`{description: ...}` beside a `$ref`, as AWS's documents write a
        // described reference) add nothing to merge: one reference among them is that type.
        let typed: Vec<(usize, &'a ReferenceOr<Schema>)> =
            all_of.iter().enumerate().filter(|(_, m)| !is_annotation(m)).collect();
        if let ([(i, only)], true) = (typed.as_slice(), own.properties.is_empty() && own.additional.is_none()) {
            let ty = self.schema_or_ref(only, &format!("{pointer}/allOf/{i}"), hint, depth)?;
            let null =
                all_of.iter().any(|m| is_annotation(m) && matches!(m, ReferenceOr::Item(s) if s.schema_data.nullable));
            return Ok(nullable(ty, null));
        }
        // Later members override earlier ones (the schema's own keywords last), as a validator
        // applying all of them would require.
        let mut properties: IndexMap<&'a str, &'a ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required = Vec::new();
        let mut additional = None;
        let mut stack: Vec<(&'a ReferenceOr<Schema>, String)> =
            all_of.iter().enumerate().rev().map(|(i, s)| (s, format!("{pointer}/allOf/{i}"))).collect();
        let mut seen = 0;
        while let Some((member, member_pointer)) = stack.pop() {
            seen += 1;
            if seen > 4 * MAX_DEPTH {
                return Err(Error::new(pointer, "allOf nests or repeats too deeply").with_fix("flatten the allOf"));
            }
            let resolved = self.deref_schema(member, &member_pointer)?;
            let nested = match &resolved.schema_kind {
                SchemaKind::AllOf { all_of } => all_of,
                _ => {
                    let Some(keywords) = Keywords::of(resolved) else {
                        self.warn(
                            pointer,
                            "allOf member is not an object and cannot be merged; using serde_json::Value",
                        );
                        return Ok(Type::Json);
                    };
                    properties.extend(keywords.properties);
                    required.extend(keywords.required);
                    additional = keywords.additional.or(additional);
                    keywords.all_of
                }
            };
            stack.extend(nested.iter().enumerate().rev().map(|(i, s)| (s, format!("{member_pointer}/allOf/{i}"))));
        }
        properties.extend(own.properties.iter().copied());
        required.extend(own.required.iter().copied());
        let merged = Keywords {
            properties: properties.into_iter().collect(),
            required,
            additional: own.additional.or(additional),
            ..Keywords::default()
        };
        self.object(&schema.schema_data, &merged, pointer, hint, depth)
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
            let ty = self.schema_or_ref(
                member,
                &m_pointer,
                Hint::Derived(format!("{name}{}", names::member_variant(i + 1))),
                depth,
            )?;
            // An inline member is named after this union (`{name}Variant1`); its variant is
            // `Variant1`, a name that stays when the union is a copy of another's shape.
            let own = |n: &String| match n.strip_prefix(name.as_str()) {
                Some(rest) if reference_of(member).is_none() && rest.starts_with(char::is_uppercase) => rest.to_owned(),
                _ => n.clone(),
            };
            let label = match ty.non_null() {
                Type::Named(n) => own(n),
                Type::Bool => "Boolean".into(),
                Type::I32 | Type::I64 => "Integer".into(),
                Type::F32 | Type::F64 => "Number".into(),
                Type::String | Type::Date | Type::DateTime | Type::Base64 | Type::Binary => "String".into(),
                Type::Vec(_) => "Array".into(),
                Type::Map(_) | Type::JsonObject => "Object".into(),
                Type::Json | Type::Nullable(_) => "Value".into(),
                Type::Expandable(inner) => match inner.non_null() {
                    Type::Named(n) => own(n),
                    _ => "Object".into(),
                },
            };
            // Tags: the mapping's keys that point at this member, else the component's own name.
            let mut tags = Vec::new();
            if let (Some(d), Some(reference)) = (&data.discriminator, reference_of(member)) {
                tags.extend(d.mapping.iter().filter(|(_, to)| *to == reference).map(|(tag, _)| tag.clone()));
                if tags.is_empty() {
                    tags.push(reference.rsplit('/').next().unwrap_or(reference).to_owned());
                }
            }
            variants.push(crate::ir::UnionVariant {
                name: variant_names.claim(names::variant_name(&label)),
                ty,
                tags,
                boxed: false,
            });
        }
        let discriminator = data.discriminator.as_ref().map(|d| d.property_name.clone());
        if discriminator.is_some() && variants.iter().any(|v| v.tags.is_empty()) {
            self.warn(pointer, "discriminator with inline members: the members are tried in order instead");
        }
        let discriminator = discriminator.filter(|_| variants.iter().all(|v| !v.tags.is_empty()));
        let catch_all = discriminator.as_ref().map(|_| variant_names.claim("Unknown".to_owned()));
        let def =
            crate::ir::Union { name: name.clone(), doc: data.description.clone(), discriminator, variants, catch_all };
        self.types.insert(name.clone(), TypeDef::Union(def));
        Ok(Type::Named(name))
    }

    fn define_enum(&mut self, hint: Hint<'_>, doc: Option<String>, values: &[&str]) -> Type {
        let name = self.claim(hint);
        let mut variant_names = Namespace::default();
        let mut seen = std::collections::HashSet::new();
        let values: Vec<&str> = values.iter().copied().filter(|v| seen.insert(*v)).collect();
        let variants: Vec<Variant> = names::variant_names(&name, &values)
            .into_iter()
            .zip(&values)
            .map(|(v_name, v)| Variant { name: variant_names.claim(v_name), wire: (*v).to_owned() })
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
}

/// The reference a schema stands for: a `$ref`, or the 3.0 idiom `allOf: [{$ref}]` with nothing
/// beside it but annotations (`description`, `nullable`, ...), which is also what a 3.1 `$ref` with
/// sibling keywords becomes.
pub(super) fn reference_of<S: std::borrow::Borrow<Schema>>(schema: &ReferenceOr<S>) -> Option<&str> {
    match schema {
        ReferenceOr::Reference { reference } => Some(reference),
        ReferenceOr::Item(s) => match &s.borrow().schema_kind {
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [ReferenceOr::Reference { reference }] => Some(reference),
                _ => None,
            },
            _ => None,
        },
    }
}

fn entries(map: &IndexMap<String, ReferenceOr<Box<Schema>>>) -> Vec<(&str, &ReferenceOr<Box<Schema>>)> {
    map.iter().map(|(k, v)| (k.as_str(), v)).collect()
}

/// The `x-constructors` of an object schema: `[{name, description, arguments: [property, ...]}]`.
fn constructors(data: &openapiv3::SchemaData, fields: &[Field], pointer: &str) -> Result<Vec<Constructor>, Error> {
    let Some(list) = data.extensions.get("x-constructors") else { return Ok(Vec::new()) };
    let at = format!("{pointer}/x-constructors");
    let shape = || {
        Error::new(at.as_str(), "`x-constructors` is not a list of constructors")
            .with_fix("write `x-constructors: [{name: link, description: ..., arguments: [userId]}]`")
    };
    let mut names = Namespace::with_reserved(&["new"]);
    let mut out = Vec::new();
    for (i, entry) in list.as_array().ok_or_else(shape)?.iter().enumerate() {
        let at = format!("{at}/{i}");
        let name = entry.get("name").and_then(|n| n.as_str()).ok_or_else(shape)?;
        let mut args = Vec::new();
        for wire in entry.get("arguments").and_then(|a| a.as_array()).map_or(&[][..], Vec::as_slice) {
            let wire = wire.as_str().unwrap_or_default();
            let index = fields.iter().position(|f| f.wire == wire).ok_or_else(|| {
                Error::new(at.as_str(), format!("constructor `{name}` names `{wire}`, which is not a property"))
                    .with_fix("list property names (as on the wire) under `arguments`")
            })?;
            args.push(index);
        }
        let unset = fields.iter().enumerate().find(|(j, f)| f.required && !f.ty.is_nullable() && !args.contains(j));
        if let Some((_, missing)) = unset {
            return Err(Error::new(
                at.as_str(),
                format!("constructor `{name}` leaves the required `{}` unset", missing.wire),
            )
            .with_fix(format!("add `{}` to its `arguments`", missing.wire)));
        }
        let doc = entry.get("description").and_then(|d| d.as_str()).map(str::to_owned);
        out.push(Constructor { name: names.claim(names::field_name(name)), doc, args });
    }
    Ok(out)
}

/// A schema of annotations only (`description`, `title`, `example`, ...): it constrains nothing.
fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(s)
        if s.schema_data.discriminator.is_none()
            && matches!(&s.schema_kind, SchemaKind::Any(a) if *a == AnySchema::default()))
}

/// An object that can have no members: `type: object` (or no type) without properties and with
/// `maxProperties: 0` or `additionalProperties: false`.
/// An object schema that admits only `{}` (no properties; `maxProperties: 0` or
/// `additionalProperties: false`).
pub(super) fn is_empty_object(schema: &Schema) -> bool {
    Keywords::of(schema).is_some_and(|k| {
        k.properties.is_empty()
            && k.all_of.is_empty()
            && !k.unions
            && (k.max_properties == Some(0) || matches!(k.additional, Some(AdditionalProperties::Any(false))))
    })
}

/// The object keywords of a schema, read once whichever way `openapiv3` holds them (`type: object`,
/// or a schema without one type): a new object keyword is read here, for every place that lowers
/// objects (a plain object, the members of an `allOf`, the empty object an expandable field
/// collapses to).
#[derive(Default)]
struct Keywords<'a> {
    properties: Vec<(&'a str, &'a ReferenceOr<Box<Schema>>)>,
    required: Vec<&'a str>,
    additional: Option<&'a AdditionalProperties>,
    max_properties: Option<usize>,
    /// `allOf` beside them (only a schema without one type has it).
    all_of: &'a [ReferenceOr<Schema>],
    /// `oneOf` or `anyOf` beside them.
    unions: bool,
}

impl<'a> Keywords<'a> {
    fn object(o: &'a openapiv3::ObjectType) -> Self {
        Keywords {
            properties: entries(&o.properties),
            required: o.required.iter().map(String::as_str).collect(),
            additional: o.additional_properties.as_ref(),
            max_properties: o.max_properties,
            ..Keywords::default()
        }
    }

    fn any(a: &'a AnySchema) -> Self {
        Keywords {
            properties: entries(&a.properties),
            required: a.required.iter().map(String::as_str).collect(),
            additional: a.additional_properties.as_ref(),
            max_properties: a.max_properties,
            all_of: &a.all_of,
            unions: !a.one_of.is_empty() || !a.any_of.is_empty(),
        }
    }

    /// Those of an object schema: `type: object`, or no type at all.
    fn of(schema: &'a Schema) -> Option<Self> {
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(o)) => Some(Keywords::object(o)),
            SchemaKind::Any(a) if a.typ.as_deref().is_none_or(|t| t == "object") => Some(Keywords::any(a)),
            _ => None,
        }
    }
}

/// The type every value of a non-empty `enum` has, when they are all booleans, integers or numbers.
fn enum_type(values: &[serde_json::Value]) -> Option<Type> {
    let all = |f: fn(&serde_json::Value) -> bool| !values.is_empty() && values.iter().all(f);
    if all(serde_json::Value::is_boolean) {
        Some(Type::Bool)
    } else if all(|v| v.is_i64() || v.is_u64()) {
        Some(Type::I64)
    } else if all(serde_json::Value::is_number) {
        Some(Type::F64)
    } else {
        None
    }
}

/// The Rust type of a primitive JSON Schema type name.
fn primitive(name: &str) -> Option<Type> {
    match name {
        "string" => Some(Type::String),
        "integer" => Some(Type::I64),
        "number" => Some(Type::F64),
        "boolean" => Some(Type::Bool),
        _ => None,
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

/// `oneOf`/`anyOf` beside `properties` whose members each only list `required` properties: the
/// sets of which a value must hold one (other members shape the value, and are not read here).
fn required_sets(any: &openapiv3::AnySchema) -> Option<RequiredSets> {
    let (members, exclusive) = if any.one_of.is_empty() { (&any.any_of, false) } else { (&any.one_of, true) };
    let sets = members
        .iter()
        .map(|m| match m {
            ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(a), .. })
                if !a.required.is_empty()
                    && a.properties.is_empty()
                    && a.typ.is_none()
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.all_of.is_empty() =>
            {
                Some(a.required.clone())
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    (!sets.is_empty()).then_some(RequiredSets { exclusive, sets })
}
