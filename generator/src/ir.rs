//! The typed intermediate model: plain data, fully resolved (no `$ref`s) and fully named (every name
//! is a valid, unique Rust identifier). `lower` builds it from an OpenAPI document and `emit` prints it.

/// Everything the emitter needs to write a crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    /// True when the document declares an HTTP bearer security scheme.
    pub bearer_auth: bool,
    /// True when the document declares HTTP basic authentication.
    pub basic_auth: bool,
    /// API key schemes: constant name on the client, where the key goes, its parameter name.
    pub api_keys: Vec<(String, ParamLocation, String)>,
    /// The document's security requirement (`security`): which credentials go with an operation
    /// that states none. `None`: the document states none, and the client sends what it has.
    pub security: Option<Security>,
    /// The environment variable `Client::from_env` reads the bearer token from.
    pub token_env: String,
    /// The environment variable `Client::from_env` reads a base URL from, when set.
    pub base_url_env: String,
    /// What the spec marks as inferred about the document as a whole.
    pub inferred: Option<String>,
    /// The schema every documented JSON error body shares, if there is one; errors then carry it
    /// typed (otherwise as `serde_json::Value`).
    pub error_type: Option<String>,
    /// Checks on `Error` for the error statuses the spec documents beyond those every API can answer
    /// with (the runtime's `is_unauthorized`, `is_not_found`, ...). Sorted by status.
    pub error_checks: Vec<ErrorCheck>,
    /// Sorted by name.
    pub types: Vec<TypeDef>,
    /// The definitions named by their content (`lower::dedupe`): shapes many inline schemas share,
    /// which each name through an alias of its own. No place of the document has these names.
    pub shapes: Vec<String>,
    /// In document order.
    pub operations: Vec<Operation>,
}

/// `fn is_plan_required(&self) -> bool` for HTTP 402: a method of the generated `ErrorExt`.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCheck {
    pub status: u16,
    /// The method name (`is_plan_required`): `is_` and the response's `x-error-name`, else the
    /// status's reason phrase (`is_payment_required`).
    pub method: String,
    /// The description most operations give this status.
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Variant name of the generated `Server` enum.
    pub name: String,
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    Struct(Struct),
    Enum(Enum),
    /// `oneOf`/`anyOf`: one of several types.
    Union(Union),
    /// `pub type Name = Type;` for a named schema that is neither an object nor a string enum.
    Alias {
        name: String,
        doc: Option<String>,
        ty: Type,
        /// What the schema says of the value beyond its type (format, bounds, example).
        about: About,
        /// An inline schema whose shape others share: `ty` names the one definition they share
        /// (see `lower::dedupe`).
        shared: bool,
    },
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Union(u) => &u.name,
            TypeDef::Alias { name, .. } => name,
        }
    }

    /// [`name`](Self::name), to change it.
    pub fn name_mut(&mut self) -> &mut String {
        match self {
            TypeDef::Struct(s) => &mut s.name,
            TypeDef::Enum(e) => &mut e.name,
            TypeDef::Union(u) => &mut u.name,
            TypeDef::Alias { name, .. } => name,
        }
    }

    /// [`doc`](Self::doc), to change it.
    pub fn doc_mut(&mut self) -> &mut Option<String> {
        match self {
            TypeDef::Struct(s) => &mut s.doc,
            TypeDef::Enum(e) => &mut e.doc,
            TypeDef::Union(u) => &mut u.doc,
            TypeDef::Alias { doc, .. } => doc,
        }
    }

    /// The schema's description.
    pub fn doc(&self) -> Option<&str> {
        match self {
            TypeDef::Struct(s) => s.doc.as_deref(),
            TypeDef::Enum(e) => e.doc.as_deref(),
            TypeDef::Union(u) => u.doc.as_deref(),
            TypeDef::Alias { doc, .. } => doc.as_deref(),
        }
    }

    /// The types this definition is made of: a struct's fields (and its `additionalProperties`
    /// map), a union's variants, what an alias stands for.
    pub fn children(&self) -> Box<dyn Iterator<Item = &Type> + '_> {
        match self {
            TypeDef::Struct(s) => Box::new(s.fields.iter().map(|f| &f.ty).chain(s.extra.iter().map(|(_, ty)| ty))),
            TypeDef::Union(u) => Box::new(u.variants.iter().map(|v| &v.ty)),
            TypeDef::Alias { ty, .. } => Box::new(std::iter::once(ty)),
            TypeDef::Enum(_) => Box::new(std::iter::empty()),
        }
    }

    /// [`children`](Self::children), to change them.
    pub fn children_mut(&mut self) -> Box<dyn Iterator<Item = &mut Type> + '_> {
        match self {
            TypeDef::Struct(s) => {
                Box::new(s.fields.iter_mut().map(|f| &mut f.ty).chain(s.extra.iter_mut().map(|(_, ty)| ty)))
            }
            TypeDef::Union(u) => Box::new(u.variants.iter_mut().map(|v| &mut v.ty)),
            TypeDef::Alias { ty, .. } => Box::new(std::iter::once(ty)),
            TypeDef::Enum(_) => Box::new(std::iter::empty()),
        }
    }
}

/// The type graph of an API, indexed once: a name's definition, where an alias chain ends, what
/// is reachable from some types. Every stage asks it rather than keeping its own map; it only
/// borrows the definitions, so one index serves many threads.
#[derive(Debug, Clone)]
pub struct Graph<'a> {
    /// Name -> (position among the definitions it was built from, definition).
    defs: std::collections::HashMap<&'a str, (usize, &'a TypeDef)>,
}

impl<'a> Graph<'a> {
    /// The graph of these definitions (an API's types, or those a stage is building).
    pub fn new(types: impl IntoIterator<Item = &'a TypeDef>) -> Self {
        Graph { defs: types.into_iter().enumerate().map(|(i, t)| (t.name(), (i, t))).collect() }
    }

    /// The definition named `name`.
    pub fn get(&self, name: &str) -> Option<&'a TypeDef> {
        self.defs.get(name).map(|&(_, t)| t)
    }

    /// Where `name` stands among the definitions the graph was built from.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.defs.get(name).map(|&(i, _)| i)
    }

    /// The type `ty` stands for: through aliases (not through `Nullable`).
    pub fn resolve<'t>(&self, mut ty: &'t Type) -> &'t Type
    where
        'a: 't,
    {
        // Bounded: a cycle of aliases is refused when lowering, but a bug must not hang.
        for _ in 0..=self.defs.len() {
            match ty {
                Type::Named(n) => match self.get(n) {
                    Some(TypeDef::Alias { ty: inner, .. }) => ty = inner,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// The value a `ty` holds when it holds one: through aliases and `Nullable` alike.
    pub fn resolve_non_null<'t>(&self, mut ty: &'t Type) -> &'t Type
    where
        'a: 't,
    {
        for _ in 0..=self.defs.len() {
            match self.resolve(ty) {
                Type::Nullable(inner) => ty = inner,
                other => return other,
            }
        }
        ty
    }

    /// `name`, then each name an alias chain from it goes through (an alias of a named type, or
    /// of a nullable one); it stops where a definition is not such an alias, or after as many
    /// steps as there are definitions (a cycle).
    pub fn alias_chain(&self, name: &'a str) -> impl Iterator<Item = &'a str> + '_ {
        let step = |current: &&'a str| match self.get(current) {
            Some(TypeDef::Alias { ty, .. }) => match ty.non_null() {
                Type::Named(next) => Some(next.as_str()),
                _ => None,
            },
            _ => None,
        };
        std::iter::successors(Some(name), step).take(self.defs.len() + 1)
    }

    /// The named types reachable from `roots` through fields, items, variants and aliases.
    pub fn reachable(&self, roots: impl IntoIterator<Item = &'a Type>) -> std::collections::HashSet<&'a str> {
        self.reach(roots.into_iter().filter_map(Type::named))
    }

    /// The types reachable from the types named `roots`, themselves included.
    pub fn reach(&self, roots: impl IntoIterator<Item = &'a str>) -> std::collections::HashSet<&'a str> {
        let mut seen = std::collections::HashSet::new();
        let mut stack: Vec<&'a str> = roots.into_iter().collect();
        while let Some(name) = stack.pop() {
            if seen.insert(name) {
                if let Some(def) = self.get(name) {
                    stack.extend(def.children().filter_map(Type::named).filter(|n| !seen.contains(n)));
                }
            }
        }
        seen
    }

    /// Whether a value is sent as one piece of text (a path, query, header or cookie value, or a
    /// text part of a form): scalars, dates, string enums and any JSON, looking through aliases.
    /// The one place that decides which types can be parameters.
    pub fn is_scalar(&self, ty: &Type) -> bool {
        match self.resolve(ty) {
            Type::Named(n) => matches!(self.get(n), Some(TypeDef::Enum(_))),
            Type::Vec(_) | Type::Map(_) | Type::JsonObject | Type::Binary | Type::Nullable(_) | Type::Expandable(_) => {
                false
            }
            _ => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub name: String,
    pub doc: Option<String>,
    /// JSON pointer of the schema this struct comes from.
    pub pointer: String,
    pub fields: Vec<Field>,
    /// `additionalProperties` beside `properties`: the other keys, kept in a map of this value type
    /// under the given field name.
    pub extra: Option<(String, Type)>,
    /// A request body or parameter reaches this type: users build it, through constructors.
    pub request: bool,
    /// What the spec marks as inferred about this schema.
    pub inferred: Option<String>,
    /// Named constructors the spec asks for (`x-constructors`); without any, `new` takes the
    /// required fields.
    pub constructors: Vec<Constructor>,
    /// More properties a value must hold, beyond `required`: one of several sets (`oneOf` or
    /// `anyOf` members that only list `required`, as GitHub writes "`state` or `assignees`").
    pub required_sets: Option<RequiredSets>,
}

/// Sets of properties of which a value holds one in full (`anyOf`: at least one; `oneOf`:
/// exactly one, so a value holding two sets is refused).
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredSets {
    pub exclusive: bool,
    /// Each set's properties, by wire name (a name may be one the schema does not list).
    pub sets: Vec<Vec<String>>,
}

/// A named way to build a request value (`x-constructors` on its schema), e.g. `link(user_id)`
/// and `unlink()`: the listed fields are its arguments, every other field starts empty (`None`,
/// sent as `null` when the field is required and nullable).
#[derive(Debug, Clone, PartialEq)]
pub struct Constructor {
    /// Rust method name.
    pub name: String,
    pub doc: Option<String>,
    /// Indices into the struct's fields.
    pub args: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust identifier.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// The value's type; `Type::Nullable` when the schema allows `null`.
    pub ty: Type,
    /// Listed in the schema's `required` (a `writeOnly` property only in a type no response
    /// carries; see `required_in_requests`). The schema's fact, which `presence` turns into Rust:
    /// a required, nullable field of a type only responses use is `Presence::Optional`, and
    /// `drata-codegen diff` still tells it from an optional one.
    pub required: bool,
    /// How absence and `null` show in Rust, decided from `required`, nullability and whether
    /// requests use the type (`Presence::of`).
    pub presence: Presence,
    /// Held in a `Box` to break a cycle of direct containment.
    pub boxed: bool,
    /// The property's description.
    pub doc: Option<String>,
    /// What the spec says about the value that its Rust type does not.
    pub about: About,
    pub deprecated: bool,
    /// `readOnly`: sent by the server only, so never serialized (and never required).
    pub read_only: bool,
    /// `writeOnly` and listed in `required`: required in requests only (OpenAPI 3.0.3, Schema
    /// Object), so required in a type that requests use and no response carries.
    pub required_in_requests: bool,
}

/// What a schema says about a value beyond its type, for rustdoc (rendered by `emit`) and for
/// `diff` (compared as data).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct About {
    /// A `format` the Rust type does not already express (`email`, `uuid`, ...).
    pub format: Option<String>,
    /// The schema's `default`.
    pub default: Option<serde_json::Value>,
    /// The schema's `example` (for a parameter, the parameter's own when it has one).
    pub example: Option<serde_json::Value>,
    pub constraints: Constraints,
    /// What the spec marks as inferred rather than documented (`x-inferred`, `x-…-inferred`).
    pub inferred: Option<String>,
    /// For an array: what its `items` schema says (format, bounds, pattern).
    pub items: Option<Box<About>>,
}

/// The bounds a schema sets on a value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    /// The value must be above the minimum, not equal to it (`exclusiveMinimum`).
    pub exclusive_minimum: bool,
    /// The value must be below the maximum (`exclusiveMaximum`).
    pub exclusive_maximum: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

impl Constraints {
    /// One sentence per bound, in a fixed order: `Minimum: 1.`, `Maximum length: 50.`, ...
    pub fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut bound = |label: &str, value: Option<String>| out.extend(value.map(|v| format!("{label}: {v}.")));
        let exclusive =
            |n: &serde_json::Number, yes: bool| if yes { format!("{n} (exclusive)") } else { n.to_string() };
        bound("Minimum", self.minimum.as_ref().map(|n| exclusive(n, self.exclusive_minimum)));
        bound("Maximum", self.maximum.as_ref().map(|n| exclusive(n, self.exclusive_maximum)));
        bound("Minimum length", self.min_length.map(|v| v.to_string()));
        bound("Maximum length", self.max_length.map(|v| v.to_string()));
        bound("Pattern", self.pattern.as_ref().map(|p| format!("`{p}`")));
        bound("Minimum items", self.min_items.map(|v| v.to_string()));
        bound("Maximum items", self.max_items.map(|v| v.to_string()));
        out
    }
}

/// How a field's absence and `null` show in Rust: the one vocabulary of the IR, the emitter and
/// the derive (`#[object(...)]` carries [`words`](Presence::words), which `runtime/derive` reads
/// into a `Presence` of the same variants).
///
/// Requests are sent exactly as the spec says, so a type that requests use keeps every distinction.
/// A type only ever decoded from responses is read liberally: `null` and absence both mean "no
/// value" there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required and not nullable: `T`. Absence and `null` are decode errors.
    Required,
    /// Required and nullable, in a type requests use: `Option<T>`, `None` sent as `null`; an
    /// absent member decodes as `None`.
    RequiredNullable,
    /// `Option<T>`, left out when `None`; `null` and absence decode as `None`. Optional fields,
    /// and every nullable field of a response-only type.
    Optional,
    /// Optional and nullable, in a type requests use: `Option<Option<T>>`, so that absent (`None`)
    /// and `null` (`Some(None)`) differ.
    Nullable,
    /// A required, nullable array of a response-only type: `Vec<T>`; `null` and absence decode as
    /// the default (empty).
    Default,
}

impl Presence {
    /// The presence of a field: `required` as the schema says, `nullable` its type, `request`
    /// whether a request body or parameter reaches the type holding it.
    pub fn of(required: bool, ty: &Type, request: bool) -> Presence {
        match (required, ty.is_nullable(), request) {
            (true, false, _) => Presence::Required,
            (true, true, true) => Presence::RequiredNullable,
            (false, true, true) => Presence::Nullable,
            (true, true, false) if matches!(ty.non_null(), Type::Vec(_)) => Presence::Default,
            _ => Presence::Optional,
        }
    }

    /// How many `Option`s the field's Rust type wraps the value in: 0 (`T`), 1 (`Option<T>`) or 2
    /// (`Option<Option<T>>`, absent apart from `null`). Every place that stores, reads or matches
    /// a field's value follows from it.
    pub fn options(self) -> usize {
        match self {
            Presence::Required | Presence::Default => 0,
            Presence::RequiredNullable | Presence::Optional => 1,
            Presence::Nullable => 2,
        }
    }

    /// What `#[object(...)]` says of it, for the derive: `required`; `required, nullable`; none;
    /// `nullable`; `default`.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Presence::Required => &["required"],
            Presence::RequiredNullable => &["required", "nullable"],
            Presence::Optional => &[],
            Presence::Nullable => &["nullable"],
            Presence::Default => &["default"],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: String,
    pub doc: Option<String>,
    pub variants: Vec<Variant>,
    /// Variant holding any value the document did not list.
    pub catch_all: String,
}

/// A value that is one of several types.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub name: String,
    pub doc: Option<String>,
    /// With a discriminator the property's value picks the variant; without one the first variant
    /// that decodes wins (serde's `untagged`).
    pub discriminator: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// With a discriminator: the variant holding objects with a tag the document did not list.
    pub catch_all: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Type,
    /// The discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Held in a `Box` to break a cycle of direct containment.
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub wire: String,
}

/// A value's Rust type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    Bool,
    I32,
    I64,
    F32,
    F64,
    String,
    /// `format: date`
    Date,
    /// `format: date-time`
    DateTime,
    /// `format: byte`: base64 text on the wire, bytes in Rust.
    Base64,
    /// `format: binary`: a file part in multipart bodies.
    Binary,
    /// Anything at all (`{}` or what cannot be represented).
    Json,
    /// A free-form object.
    JsonObject,
    Vec(Box<Type>),
    /// An object with only `additionalProperties`.
    Map(Box<Type>),
    /// A generated type, by its Rust name.
    Named(String),
    /// An object the server sends in full or collapsed to `{}`: `oneOf` of a schema and an empty
    /// object (`type: object` with `maxProperties: 0` or `additionalProperties: false`).
    Expandable(Box<Type>),
    /// The schema allows `null`.
    Nullable(Box<Type>),
}

impl Type {
    /// The named type inside (through lists, maps, `Option` and `Expandable`), if any.
    pub fn named(&self) -> Option<&str> {
        match self {
            Type::Named(name) => Some(name),
            Type::Vec(inner) | Type::Map(inner) | Type::Expandable(inner) | Type::Nullable(inner) => inner.named(),
            _ => None,
        }
    }

    /// [`named`](Self::named), to change it.
    pub fn named_mut(&mut self) -> Option<&mut String> {
        match self {
            Type::Named(name) => Some(name),
            Type::Vec(inner) | Type::Map(inner) | Type::Expandable(inner) | Type::Nullable(inner) => inner.named_mut(),
            _ => None,
        }
    }

    /// The type without a top-level `Nullable`.
    pub fn non_null(&self) -> &Type {
        match self {
            Type::Nullable(inner) => inner,
            other => other,
        }
    }

    pub fn is_nullable(&self) -> bool {
        matches!(self, Type::Nullable(_))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Method on the generated `Client`, e.g. `get_all_documents`.
    pub method_name: String,
    /// Request builder type, e.g. `GetAllDocuments`.
    pub builder_name: String,
    pub operation_id: Option<String>,
    /// `GET`, `POST`, ...
    pub http_method: String,
    /// Path template as in the document, e.g. `/users/{id}/documents`.
    pub path: String,
    /// The same template, split into literal text and parameters.
    pub segments: Vec<PathSegment>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub success: Response,
    /// The success response's media type when it is not JSON (`text/plain`, `image/png`, `*/*`):
    /// what the request's `Accept` asks for first. `None`: `application/json`.
    pub accept: Option<String>,
    /// Documented non-success statuses and their descriptions, in document order.
    pub errors: Vec<(Status, String)>,
    /// The operation's own security requirement, when it differs from the document's.
    pub security: Option<Security>,
    /// Set when the operation pages through a list with page/limit parameters.
    pub pagination: Option<Pagination>,
    /// What the spec marks as inferred about the operation, its path and its responses.
    pub inferred: Vec<String>,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// The cargo features that compile it, one per OpenAPI tag (sorted); none: always compiled.
    pub features: Vec<String>,
}

/// A security requirement: alternatives (any one will do), each the credentials sent together, in
/// the document's order. Schemes the client cannot hold (HTTP digest, mutual TLS: the transport's
/// business) are left out of their alternative; an empty alternative needs no credentials.
pub type Security = Vec<Vec<Credential>>;

/// A credential the generated client can hold, as a security scheme names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Credential {
    /// `Authorization: Bearer <token>`: HTTP bearer, OAuth 2, OpenID Connect.
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// An API key, by the name of its constant on the client (`X_API_KEY`).
    ApiKey(String),
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as is, e.g. `/users/`.
    Literal(String),
    /// A path parameter, by its wire name (`id` for `{id}`).
    Param(String),
}

/// A documented response status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// One code, e.g. 404.
    Code(u16),
    /// A range by its first digit: `4` for `4XX`.
    Range(u16),
    /// `default`: any status the others do not list.
    Default,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(digit) => write!(f, "{digit}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    /// Never `Nullable`: a parameter is either sent or not.
    pub ty: Type,
    /// `Required` (path parameters, and those the spec requires) or `Optional`.
    pub presence: Presence,
    /// How the value is written: the spec's `style` and `explode` (with their defaults for the
    /// location), or JSON text for a parameter given by `content`.
    pub style: ParamStyle,
    /// `allowReserved`: reserved characters go out unencoded (query parameters only).
    pub allow_reserved: bool,
    /// The parameter's description.
    pub doc: Option<String>,
    /// Format, default, example and bounds.
    pub about: About,
}

/// How a parameter or form field is serialized (OpenAPI's `style`, with `explode` where it
/// matters); the runtime's `rt::Style` does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    Simple {
        explode: bool,
    },
    Label {
        explode: bool,
    },
    Matrix {
        explode: bool,
    },
    Form {
        explode: bool,
    },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// JSON text: a parameter with `content: application/json`.
    Json,
}

impl Param {
    /// The operation cannot be called without it.
    pub fn required(&self) -> bool {
        self.presence == Presence::Required
    }
}

/// How an operation pages: found from its shape (page/limit query parameters and a response with
/// an item array and a total), not from its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The page parameter (Rust name) and whether it is an `i32`.
    pub page: String,
    pub page_i32: bool,
    /// The limit parameter (Rust name), whether it is an `i32`, and its default.
    pub limit: Option<String>,
    pub limit_i32: bool,
    pub limit_default: Option<i64>,
    /// The largest limit the spec allows: what `stream()` and `pages()` ask for unless told.
    pub limit_max: Option<i64>,
    /// The response field holding the items.
    pub items: Field,
    /// The response field holding the total across pages, if any.
    pub total: Option<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Multipart,
    /// `application/x-www-form-urlencoded`
    Form,
    Bytes,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub kind: BodyKind,
    pub media_type: String,
    pub ty: Type,
    pub required: bool,
    pub doc: Option<String>,
    /// The media type's `encoding` of the properties that have one, in document order.
    pub encoding: Vec<FieldEncoding>,
}

/// How one property of a form or multipart body is sent (`encoding` of the media type).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldEncoding {
    /// The property's wire name.
    pub property: String,
    /// `style`, `explode` (forms; default `form`, exploded).
    pub style: ParamStyle,
    /// `allowReserved` (forms).
    pub allow_reserved: bool,
    /// `contentType` of the part (multipart).
    pub content_type: Option<String>,
    /// Multipart: the property goes as `style` writes it in a query, a part per name and value,
    /// instead of as text or JSON (an OpenAPI 3.1 encoding that states a style; see
    /// `downgrade::STYLED_PART`).
    pub styled: bool,
    /// Headers of the part whose value the spec fixes, names lower-cased (multipart).
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// No body (or one the caller does not need).
    Empty,
    Json(Type),
    Bytes,
    Text,
}

impl Api {
    /// The API's type graph (see [`Graph`]).
    pub fn graph(&self) -> Graph<'_> {
        Graph::new(&self.types)
    }

    /// Names of the types that request bodies and parameters reach. They are encoded exactly; the
    /// others are only ever decoded, and read liberally.
    pub fn request_types(&self) -> std::collections::BTreeSet<String> {
        let roots =
            self.operations.iter().flat_map(|op| op.params.iter().map(|p| &p.ty).chain(op.body.iter().map(|b| &b.ty)));
        self.graph().reachable(roots).into_iter().map(str::to_owned).collect()
    }

    /// Names of the types that success responses reach.
    pub fn response_types(&self) -> std::collections::BTreeSet<String> {
        let roots = self.operations.iter().filter_map(|op| match &op.success {
            Response::Json(ty) => Some(ty),
            _ => None,
        });
        self.graph().reachable(roots).into_iter().map(str::to_owned).collect()
    }
}
