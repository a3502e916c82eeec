//! API surface diff: compares two specs through their IRs, so every change is reported with the
//! operation or schema it concerns and the Rust item it maps to, grouped as breaking or not.
//!
//! "Breaking" means code written against the old SDK may stop compiling or behave differently:
//! removals, renames, type changes (including `T` <-> `Option<T>`: a field that became optional or
//! nullable), new required inputs, tighter or different constraints, changed defaults, servers and
//! security. Additions that callers can ignore are non-breaking (new operations, optional
//! parameters, response fields, enum values, which land in the catch-all variant of older clients).

use crate::ir::{Api, Credential, Field, Graph, Operation, Param, ParamLocation, Response, Security, Type, TypeDef};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One change to the API surface.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub breaking: bool,
    /// What kind of change, e.g. `parameter added`.
    pub kind: &'static str,
    /// The operation or schema, as the spec names it.
    pub subject: String,
    /// The Rust item it maps to.
    pub rust: String,
    /// Old and new, where that says more than the kind.
    pub detail: String,
}

/// All changes between two versions, breaking ones first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub changes: Vec<Change>,
}

/// Compares two APIs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut d = Differ {
        changes: Vec::new(),
        old: old.graph(),
        new: new.graph(),
        shared: [shared_copies(old), shared_copies(new)].concat().into_iter().collect(),
    };
    d.servers(old, new);
    d.security(old, new);
    d.operations(old, new);
    d.types(old, new);
    let mut changes = d.changes;
    // Breaking first; otherwise the order in which they were found (operations, then schemas).
    changes.sort_by_key(|c| !c.breaking);
    Report { changes }
}

struct Differ<'a> {
    changes: Vec<Change>,
    /// The two type graphs, to tell copies of one shared shape apart from different types.
    old: Graph<'a>,
    new: Graph<'a>,
    /// The names of copies of shared shapes, in either API (aliases, and the definitions they name).
    shared: BTreeSet<&'a str>,
}

impl Differ<'_> {
    /// Whether an old and a new type are the same: equal, or naming copies of one shared shape
    /// (each place names its own copy, so two copies can stand where one did). Two names that were
    /// copies of one shape in the old API, or are in the new one, stand for one place: a copy seen
    /// through the definition it shared names that definition's types, and what changed in the
    /// copy itself is reported under its own name.
    fn same(&self, a: &Type, b: &Type) -> bool {
        match (a, b) {
            (Type::Named(x), Type::Named(y)) if x != y => {
                if !self.shared.contains(x.as_str()) && !self.shared.contains(y.as_str()) {
                    return false;
                }
                let one_shape = |graph: &Graph<'_>| {
                    let (x, y) = (shared_shape(graph, x), shared_shape(graph, y));
                    x.is_some_and(|x| y.is_some_and(|y| x.name() == y.name()))
                };
                if one_shape(&self.old) || one_shape(&self.new) {
                    return true;
                }
                let (x, y) = (shared_shape(&self.old, x), shared_shape(&self.new, y));
                x.is_some_and(|x| y.is_some_and(|y| x.name() == y.name() || shape(x) == shape(y)))
            }
            (Type::Vec(x), Type::Vec(y))
            | (Type::Map(x), Type::Map(y))
            | (Type::Nullable(x), Type::Nullable(y))
            | (Type::Expandable(x), Type::Expandable(y)) => self.same(x, y),
            _ => a == b,
        }
    }

    fn push(&mut self, breaking: bool, kind: &'static str, subject: String, rust: String, detail: String) {
        self.changes.push(Change { breaking, kind, subject, rust, detail });
    }

    fn servers(&mut self, old: &Api, new: &Api) {
        for s in &old.servers {
            match new.servers.iter().find(|n| n.name == s.name) {
                None => self.push(true, "server removed", s.url.clone(), format!("Server::{}", s.name), String::new()),
                Some(n) if n.url != s.url => self.push(
                    true,
                    "server changed",
                    s.url.clone(),
                    format!("Server::{}", s.name),
                    format!("`{}` -> `{}`", s.url, n.url),
                ),
                Some(_) => {}
            }
        }
        for n in new.servers.iter().filter(|n| !old.servers.iter().any(|s| s.name == n.name)) {
            self.push(false, "server added", n.url.clone(), format!("Server::{}", n.name), String::new());
        }
    }

    fn security(&mut self, old: &Api, new: &Api) {
        let describe = |api: &Api| {
            let mut schemes = Vec::new();
            if api.bearer_auth {
                schemes.push("bearer".to_owned());
            }
            if api.basic_auth {
                schemes.push("basic".to_owned());
            }
            schemes.extend(api.api_keys.iter().map(|(_, at, wire)| format!("API key in {} `{wire}`", location(*at))));
            schemes
        };
        let (before, after) = (describe(old), describe(new));
        if before != after {
            let show = |s: &[String]| if s.is_empty() { "none".to_owned() } else { s.join(", ") };
            self.push(
                true,
                "security changed",
                "security schemes".into(),
                "Client::builder".into(),
                format!("{} -> {}", show(&before), show(&after)),
            );
        }
        if old.security != new.security {
            self.push(
                !loosened(old.security.as_ref(), new.security.as_ref()),
                "security requirement changed",
                "the document's `security`".into(),
                "Client::builder".into(),
                format!("{} -> {}", requirement(old.security.as_ref()), requirement(new.security.as_ref())),
            );
        }
    }

    fn operations(&mut self, old: &Api, new: &Api) {
        let key = |op: &Operation| op.operation_id.clone().unwrap_or_else(|| format!("{} {}", op.http_method, op.path));
        let new_ops: BTreeMap<String, &Operation> = new.operations.iter().map(|o| (key(o), o)).collect();
        let old_keys: BTreeSet<String> = old.operations.iter().map(key).collect();
        for o in &old.operations {
            let subject = format!("`{}` ({} {})", key(o), o.http_method, o.path);
            let Some(n) = new_ops.get(&key(o)) else {
                let same_route = new
                    .operations
                    .iter()
                    .find(|n| n.http_method == o.http_method && n.path == o.path && !old_keys.contains(&key(n)));
                match same_route {
                    Some(n) => self.push(
                        true,
                        "operation renamed",
                        subject,
                        format!("Client::{}", o.method_name),
                        format!("now `{}`: `Client::{}`", key(n), n.method_name),
                    ),
                    None => self.push(
                        true,
                        "operation removed",
                        subject,
                        format!("Client::{}", o.method_name),
                        String::new(),
                    ),
                }
                continue;
            };
            let rust = format!("Client::{}", n.method_name);
            if (o.http_method.as_str(), o.path.as_str()) != (n.http_method.as_str(), n.path.as_str()) {
                self.push(
                    true,
                    "path or method changed",
                    subject.clone(),
                    rust.clone(),
                    format!("{} {} -> {} {}", o.http_method, o.path, n.http_method, n.path),
                );
            }
            self.params(o, n, &subject);
            match (&o.body, &n.body) {
                (None, Some(b)) => {
                    self.push(b.required, "request body added", subject.clone(), rust.clone(), ty_name(&b.ty))
                }
                (Some(_), None) => {
                    self.push(true, "request body removed", subject.clone(), rust.clone(), String::new())
                }
                (Some(a), Some(b)) if !self.same(&a.ty, &b.ty) || a.kind != b.kind => self.push(
                    true,
                    "request body changed",
                    subject.clone(),
                    rust.clone(),
                    format!("`{}` -> `{}`", ty_name(&a.ty), ty_name(&b.ty)),
                ),
                (Some(a), Some(b)) if !a.required && b.required => {
                    self.push(true, "request body became required", subject.clone(), rust.clone(), String::new())
                }
                _ => {}
            }
            // An operation that follows the document's requirement in both is covered by the
            // document's entry; one with its own, before or after, is compared by what it needs.
            if (o.security.is_some() || n.security.is_some()) && o.security != n.security {
                let (before, after) =
                    (o.security.as_ref().or(old.security.as_ref()), n.security.as_ref().or(new.security.as_ref()));
                if before != after {
                    self.push(
                        !loosened(before, after),
                        "security requirement changed",
                        subject.clone(),
                        rust.clone(),
                        format!("{} -> {}", requirement(before), requirement(after)),
                    );
                }
            }
            if o.success != n.success {
                self.push(
                    true,
                    "response type changed",
                    subject.clone(),
                    format!("requests::{}::send", n.builder_name),
                    format!("`{}` -> `{}`", response_name(&o.success), response_name(&n.success)),
                );
            }
        }
        for n in new.operations.iter().filter(|n| !old_keys.contains(&key(n))) {
            let renamed_from = old
                .operations
                .iter()
                .any(|o| o.http_method == n.http_method && o.path == n.path && !new_ops.contains_key(&key(o)));
            if !renamed_from {
                self.push(
                    false,
                    "operation added",
                    format!("`{}` ({} {})", key(n), n.http_method, n.path),
                    format!("Client::{}", n.method_name),
                    String::new(),
                );
            }
        }
    }

    fn params(&mut self, o: &Operation, n: &Operation, subject: &str) {
        let find =
            |list: &'_ [Param], p: &Param| list.iter().find(|q| q.wire == p.wire && q.location == p.location).cloned();
        let rust = |op: &Operation, p: &Param| {
            if p.required() {
                format!("Client::{}({})", op.method_name, p.name)
            } else {
                format!("requests::{}::{}", op.builder_name, p.name)
            }
        };
        for p in &o.params {
            let what = format!("{subject} {} parameter `{}`", location(p.location), p.wire);
            let Some(q) = find(&n.params, p) else {
                self.push(true, "parameter removed", what, rust(o, p), String::new());
                continue;
            };
            if !self.same(&p.ty, &q.ty) {
                self.push(
                    true,
                    "parameter type changed",
                    what.clone(),
                    rust(n, &q),
                    format!("`{}` -> `{}`", ty_name(&p.ty), ty_name(&q.ty)),
                );
            }
            if p.required() != q.required() {
                let kind = if q.required() { "parameter became required" } else { "parameter became optional" };
                self.push(true, kind, what.clone(), rust(n, &q), String::new());
            }
            let (a, b) = (&p.about, &q.about);
            if a.constraints != b.constraints {
                let show = |c: &crate::ir::Constraints| or_none(&c.sentences().join(" ")).to_owned();
                self.push(
                    true,
                    "parameter constraint changed",
                    what.clone(),
                    rust(n, &q),
                    format!("{} -> {}", show(&a.constraints), show(&b.constraints)),
                );
            }
            if a.default != b.default {
                let show =
                    |d: &Option<serde_json::Value>| d.as_ref().map_or_else(|| "none".into(), ToString::to_string);
                self.push(
                    true,
                    "parameter default changed",
                    what.clone(),
                    rust(n, &q),
                    format!("{} -> {}", show(&a.default), show(&b.default)),
                );
            }
        }
        for q in n.params.iter().filter(|q| find(&o.params, q).is_none()) {
            let what = format!("{subject} {} parameter `{}`", location(q.location), q.wire);
            let kind = if q.required() { "required parameter added" } else { "optional parameter added" };
            self.push(q.required(), kind, what, rust(n, q), String::new());
        }
    }

    fn types(&mut self, old: &Api, new: &Api) {
        let requests = new.request_types();
        // The schemas of the document, each as what it is: a copy of a shared shape as that shape
        // (so a definition moving between copies, or an edited copy leaving its shape, reads as
        // what changed in that copy, if anything), and no shape's own definition, which no place
        // of the document names.
        let places = |api: &Api, graph: &Graph<'_>| -> Vec<TypeDef> {
            let place = |t: &TypeDef| match t {
                TypeDef::Alias { ty: Type::Named(to), shared: true, .. } => {
                    let mut shape = graph.get(to).unwrap_or(t).clone();
                    *shape.name_mut() = t.name().to_owned();
                    shape
                }
                _ => t.clone(),
            };
            let is_shape = |t: &&TypeDef| api.shapes.binary_search_by(|s| s.as_str().cmp(t.name())).is_ok();
            api.types.iter().filter(|t| !is_shape(t)).map(place).collect()
        };
        let (old_places, new_places) = (places(old, &self.old), places(new, &self.new));
        fn find<'l>(list: &'l [TypeDef], name: &str) -> Option<&'l TypeDef> {
            list.binary_search_by(|t| t.name().cmp(name)).ok().map(|i| &list[i])
        }
        let added: Vec<&TypeDef> = new_places.iter().filter(|t| find(&old_places, t.name()).is_none()).collect();
        let mut renamed_to = BTreeSet::new();
        // `Api::types` is sorted by name: the report is in name order.
        for t in &old_places {
            let name = &t.name();
            let Some(n) = find(&new_places, name) else {
                // Same shape under a new name: a rename, not a removal and an addition.
                match added.iter().find(|a| !renamed_to.contains(a.name()) && shape(a) == shape(t)) {
                    Some(a) => {
                        renamed_to.insert(a.name());
                        self.push(
                            true,
                            "schema renamed",
                            format!("`{name}`"),
                            format!("types::{name}"),
                            format!("now `{}`", a.name()),
                        );
                    }
                    None => {
                        self.push(true, "schema removed", format!("`{name}`"), format!("types::{name}"), String::new())
                    }
                }
                continue;
            };
            match (t, n) {
                (TypeDef::Struct(a), TypeDef::Struct(b)) => {
                    self.fields(name, &a.fields, &b.fields, requests.contains(*name))
                }
                (TypeDef::Enum(a), TypeDef::Enum(b)) => {
                    for v in a.variants.iter().filter(|v| !b.variants.iter().any(|w| w.wire == v.wire)) {
                        self.push(
                            true,
                            "enum value removed",
                            format!("`{name}` value `{}`", v.wire),
                            format!("types::{name}::{}", v.name),
                            String::new(),
                        );
                    }
                    for w in b.variants.iter().filter(|w| !a.variants.iter().any(|v| v.wire == w.wire)) {
                        self.push(
                            false,
                            "enum value added",
                            format!("`{name}` value `{}`", w.wire),
                            format!("types::{name}::{}", w.name),
                            format!("older clients see `{}::{}`", name, b.catch_all),
                        );
                    }
                }
                (TypeDef::Union(a), TypeDef::Union(b)) => {
                    // A variant is the same one while its type is the same place (through shared shapes).
                    let gone: Vec<_> =
                        a.variants.iter().filter(|v| !b.variants.iter().any(|w| self.same(&v.ty, &w.ty))).collect();
                    let came: Vec<_> =
                        b.variants.iter().filter(|w| !a.variants.iter().any(|v| self.same(&v.ty, &w.ty))).collect();
                    for v in gone {
                        self.push(
                            true,
                            "variant removed",
                            format!("`{name}` variant `{}`", ty_name(&v.ty)),
                            format!("types::{name}::{}", v.name),
                            String::new(),
                        );
                    }
                    for w in came {
                        self.push(
                            false,
                            "variant added",
                            format!("`{name}` variant `{}`", ty_name(&w.ty)),
                            format!("types::{name}::{}", w.name),
                            String::new(),
                        );
                    }
                }
                (TypeDef::Alias { ty: a, .. }, TypeDef::Alias { ty: b, .. }) if a != b => {
                    self.push(
                        true,
                        "schema type changed",
                        format!("`{name}`"),
                        format!("types::{name}"),
                        format!("`{}` -> `{}`", ty_name(a), ty_name(b)),
                    );
                }
                (TypeDef::Alias { .. }, TypeDef::Alias { .. }) => {}
                _ => self.push(
                    true,
                    "schema kind changed",
                    format!("`{name}`"),
                    format!("types::{name}"),
                    format!("{} -> {}", kind(t), kind(n)),
                ),
            }
        }
        for a in added.iter().filter(|a| !renamed_to.contains(a.name())) {
            self.push(false, "schema added", format!("`{}`", a.name()), format!("types::{}", a.name()), String::new());
        }
    }

    fn fields(&mut self, name: &str, old: &[Field], new: &[Field], in_requests: bool) {
        for f in old {
            let subject = format!("`{name}.{}`", f.wire);
            let Some(g) = new.iter().find(|g| g.wire == f.wire) else {
                self.push(true, "field removed", subject, format!("types::{name}::{}", f.name), String::new());
                continue;
            };
            let rust = format!("types::{name}::{}", g.name);
            if !self.same(f.ty.non_null(), g.ty.non_null()) {
                self.push(
                    true,
                    "field type changed",
                    subject.clone(),
                    rust.clone(),
                    format!("`{}` -> `{}`", ty_name(&f.ty), ty_name(&g.ty)),
                );
            }
            if !f.ty.is_nullable() && g.ty.is_nullable() {
                self.push(
                    true,
                    "field became nullable",
                    subject.clone(),
                    rust.clone(),
                    "the Rust type gains an `Option`".into(),
                );
            }
            if f.ty.is_nullable() && !g.ty.is_nullable() {
                self.push(true, "field became non-nullable", subject.clone(), rust.clone(), String::new());
            }
            if f.required && !g.required {
                self.push(
                    true,
                    "field became optional",
                    subject.clone(),
                    rust.clone(),
                    "the Rust type gains an `Option`".into(),
                );
            }
            if !f.required && g.required {
                self.push(true, "field became required", subject.clone(), rust.clone(), String::new());
            }
        }
        for g in new.iter().filter(|g| !old.iter().any(|f| f.wire == g.wire)) {
            let subject = format!("`{name}.{}`", g.wire);
            let rust = format!("types::{name}::{}", g.name);
            if g.required && in_requests {
                self.push(true, "required request field added", subject, rust, format!("`{}`", ty_name(&g.ty)));
            } else {
                self.push(false, "field added", subject, rust, format!("`{}`", ty_name(&g.ty)));
            }
        }
    }
}

/// A requirement in words: `bearer or API key X_KEY + API key Y_KEY`.
fn requirement(security: Option<&Security>) -> String {
    let Some(alternatives) = security else { return "any credential (none stated)".into() };
    if alternatives.is_empty() {
        return "no credentials".into();
    }
    let credential = |c: &Credential| match c {
        Credential::Bearer => "bearer".to_owned(),
        Credential::Basic => "basic".to_owned(),
        Credential::ApiKey(constant) => format!("API key `{constant}`"),
    };
    let alternative = |a: &Vec<Credential>| {
        if a.is_empty() {
            "none".to_owned()
        } else {
            a.iter().map(credential).collect::<Vec<_>>().join(" + ")
        }
    };
    alternatives.iter().map(alternative).collect::<Vec<_>>().join(" or ")
}

/// True when every client that met the old requirement meets the new one: the new one needs
/// nothing, or keeps every old alternative (and may add some).
fn loosened(old: Option<&Security>, new: Option<&Security>) -> bool {
    match (old, new) {
        (_, None) => true,
        (_, Some(new)) if new.is_empty() || new.iter().any(Vec::is_empty) => true,
        (None, Some(_)) => false,
        (Some(old), Some(new)) => !old.is_empty() && old.iter().all(|a| new.contains(a)),
    }
}

fn location(at: ParamLocation) -> &'static str {
    match at {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "none"
    } else {
        s
    }
}

fn kind(t: &TypeDef) -> &'static str {
    match t {
        TypeDef::Struct(_) => "struct",
        TypeDef::Enum(_) => "enum",
        TypeDef::Union(_) => "union",
        TypeDef::Alias { .. } => "alias",
    }
}

/// What a type looks like without its name, to recognise renames.
fn shape(t: &TypeDef) -> String {
    match t {
        TypeDef::Struct(s) => {
            s.fields.iter().map(|f| format!("{}:{}:{};", f.wire, ty_name(&f.ty), f.required)).collect()
        }
        TypeDef::Enum(e) => e.variants.iter().map(|v| format!("{};", v.wire)).collect(),
        TypeDef::Union(u) => u.variants.iter().map(|v| format!("{};", ty_name(&v.ty))).collect(),
        TypeDef::Alias { ty, .. } => ty_name(ty),
    }
}

/// The copies of shared shapes: every shared alias and the definition it names.
fn shared_copies(api: &Api) -> Vec<&str> {
    let mut out = Vec::new();
    for t in &api.types {
        if let TypeDef::Alias { name, ty: Type::Named(to), shared: true, .. } = t {
            out.extend([name.as_str(), to.as_str()]);
        }
    }
    out
}

/// The definition a name ends at through the aliases of shared shapes.
fn shared_shape<'a>(graph: &Graph<'a>, name: &str) -> Option<&'a TypeDef> {
    match graph.get(name)? {
        TypeDef::Alias { ty: Type::Named(to), shared: true, .. } => graph.get(to),
        other => Some(other),
    }
}

/// A type as Rust spells it, short.
pub fn ty_name(ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::I32 => "i32".into(),
        Type::I64 => "i64".into(),
        Type::F32 => "f32".into(),
        Type::F64 => "f64".into(),
        Type::String => "String".into(),
        Type::Date => "NaiveDate".into(),
        Type::DateTime => "DateTime<Utc>".into(),
        Type::Base64 => "Base64".into(),
        Type::Binary => "FilePart".into(),
        Type::Json => "Value".into(),
        Type::JsonObject => "Map<String, Value>".into(),
        Type::Vec(t) => format!("Vec<{}>", ty_name(t)),
        Type::Map(t) => format!("BTreeMap<String, {}>", ty_name(t)),
        Type::Named(n) => n.clone(),
        Type::Nullable(t) => format!("Option<{}>", ty_name(t)),
        Type::Expandable(t) => format!("Expandable<{}>", ty_name(t)),
    }
}

fn response_name(r: &Response) -> String {
    match r {
        Response::Empty => "()".into(),
        Response::Json(t) => ty_name(t),
        Response::Bytes => "Vec<u8>".into(),
        Response::Text => "String".into(),
    }
}

impl Report {
    /// True when any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    fn groups(&self) -> [(&'static str, Vec<&Change>); 2] {
        [
            ("Breaking changes", self.changes.iter().filter(|c| c.breaking).collect()),
            ("Non-breaking changes", self.changes.iter().filter(|c| !c.breaking).collect()),
        ]
    }

    /// For a terminal.
    pub fn text(&self) -> String {
        if self.changes.is_empty() {
            return "No API changes.\n".into();
        }
        let mut out = String::new();
        for (title, changes) in self.groups() {
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{title} ({}):", changes.len());
            for c in changes {
                let detail = if c.detail.is_empty() { String::new() } else { format!(": {}", c.detail) };
                let _ = writeln!(out, "  - {}: {}{detail} [{}]", c.kind, c.subject, c.rust);
            }
        }
        out
    }

    /// For a pull request description.
    pub fn markdown(&self) -> String {
        let mut out = String::from("## API changes\n\n");
        if self.changes.is_empty() {
            out.push_str("No API changes.\n");
            return out;
        }
        for (title, changes) in self.groups() {
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {title} ({})\n", changes.len());
            out.push_str("| Change | Where | Rust | Detail |\n|---|---|---|---|\n");
            for c in changes {
                let cell = |s: &str| s.replace('|', "\\|");
                let _ = writeln!(out, "| {} | {} | `{}` | {} |", c.kind, cell(&c.subject), c.rust, cell(&c.detail));
            }
            out.push('\n');
        }
        out
    }

    /// For tools.
    pub fn json(&self) -> String {
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|c| {
                // Keys in alphabetical order, as the output has always had them.
                serde_json::json!({
                    "breaking": c.breaking, "detail": c.detail, "kind": c.kind, "rust": c.rust, "subject": c.subject,
                })
            })
            .collect();
        let value = serde_json::json!({ "breaking": self.is_breaking(), "changes": changes });
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    }
}
