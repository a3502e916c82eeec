//! The schemas as Rust types: structs, string enums and unions (`types.rs` of the output).

use super::render::{options, somes};
use super::{describe, ident, inferred, Emitter, Scope};
use crate::error::Error;
use crate::ir::{Api, Constructor, Enum, Field, Graph, Presence, RequiredSets, Struct, Type, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

impl Emitter<'_> {
    pub(super) fn type_def(&self, t: &TypeDef) -> Result<TokenStream, Error> {
        match t {
            TypeDef::Struct(s) => self.structure(s),
            TypeDef::Enum(e) => self.enumeration(e),
            TypeDef::Union(u) => self.union(u),
            TypeDef::Alias { name, doc: d, ty, shared, .. } => {
                // The note does not name the definition (the alias line does): when the
                // definition moves, a copy changes one line, not two.
                let note = "Identical inline types share one definition; this is this place's name for it.";
                let d = match d.as_deref().filter(|d| !d.trim().is_empty()) {
                    Some(d) if *shared => self.doc(&format!("{}\n\n{note}", d.trim_end())),
                    None if *shared => self.doc(note),
                    d => self.doc_or(d, &format!("The `{name}` schema.")),
                };
                let name = ident(name)?;
                let ty = self.ty(ty, Scope::Types)?;
                Ok(quote!(#d pub type #name = #ty;))
            }
        }
    }

    fn structure(&self, s: &Struct) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let name = ident(&s.name)?;
        let mut text =
            s.doc.clone().filter(|d| !d.trim().is_empty()).unwrap_or_else(|| format!("The `{}` schema.", s.name));
        if let Some(note) = &s.inferred {
            text = format!("{}\n\n{}", text.trim_end(), inferred(note));
        }
        if let Some(sets) = &s.required_sets {
            text = format!("{}\n\n{}", text.trim_end(), required_sets(s, sets));
        }
        let d = self.doc(&text);
        let fields = s.fields.iter().map(|f| self.field(f)).collect::<Result<Vec<_>, _>>()?;
        let extra = match &s.extra {
            None => quote!(),
            Some((field, ty)) => {
                let field = ident(field)?;
                let ty = self.ty(ty, Scope::Types)?;
                quote! {
                    /// Every other property (`additionalProperties`).
                    #[object(flatten)]
                    pub #field: ::std::collections::BTreeMap<String, #ty>,
                }
            }
        };
        let constructors = self.constructors(s)?;
        let bytes = self.bytes_accessor(s)?;
        // A request value with nothing required starts empty: `new()` and `Default` agree.
        let empty =
            s.request && s.constructors.is_empty() && !s.fields.iter().any(|f| f.presence == Presence::Required);
        let default = empty.then(|| quote!(, Default));
        Ok(quote! {
            #d
            #[derive(Debug, Clone, PartialEq #default, #rt::Object)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
                #extra
            }

            #constructors

            #bytes
        })
    }

    /// `into_bytes()` for a response that carries one file as base64 (`format: byte`), however deep
    /// in single-purpose wrappers (`{fileBuffer: {buffer: "..."}}`): the bytes in one call.
    fn bytes_accessor(&self, s: &Struct) -> Result<TokenStream, Error> {
        if s.request {
            return Ok(quote!());
        }
        let mut steps = Vec::new();
        let mut current = s;
        for _ in 0..8 {
            // A deprecated field is no file to offer a shortcut to (and using it would warn).
            let carries: Vec<&Field> =
                current.fields.iter().filter(|f| !f.deprecated && self.carries_bytes(&f.ty)).collect();
            let [field] = carries.as_slice() else { return Ok(quote!()) };
            let name = ident(&field.name)?;
            steps.push(match field.presence.options() {
                0 => quote!(.map(|v| v.#name)),
                1 => quote!(.and_then(|v| v.#name)),
                _ => quote!(.and_then(|v| v.#name.flatten())),
            });
            if field.boxed {
                steps.push(quote!(.map(|v| *v)));
            }
            match self.resolve(field.ty.non_null()) {
                Type::Base64 => {
                    let rt = &self.rt;
                    let name = ident(&s.name)?;
                    return Ok(quote! {
                        impl #name {
                            /// The file's content, decoded (empty when the server sent none).
                            pub fn into_bytes(self) -> Vec<u8> {
                                Some(self) #(#steps)* .map(#rt::Base64::into_bytes).unwrap_or_default()
                            }
                        }
                    });
                }
                Type::Named(n) => match self.graph.get(n) {
                    Some(TypeDef::Struct(next)) => current = next,
                    _ => return Ok(quote!()),
                },
                _ => return Ok(quote!()),
            }
        }
        Ok(quote!())
    }

    /// The type is base64 bytes or a struct holding them (through single fields or not).
    fn carries_bytes(&self, ty: &Type) -> bool {
        carries_bytes(self.graph, &self.shared.byte_carriers, ty)
    }

    /// How users build a value requests send (structs are `#[non_exhaustive]`, so never by a struct
    /// literal): the spec's named constructors, else `new` with the required fields; then one
    /// setter per optional field that no constructor takes.
    fn constructors(&self, s: &Struct) -> Result<TokenStream, Error> {
        if !s.request {
            return Ok(quote!());
        }
        let default;
        let constructors = if s.constructors.is_empty() {
            // A required writeOnly property is an argument too: requests must carry it, even where
            // the type's field is an `Option` because responses leave it out.
            let args = s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.required || f.required_in_requests)
                .map(|(i, _)| i)
                .collect();
            let text = "A value with the required fields; set the others with the methods of the same names.";
            default = [Constructor { name: "new".into(), doc: Some(text.into()), args }];
            &default[..]
        } else {
            &s.constructors[..]
        };
        let named = !s.constructors.is_empty();
        let mut methods = Vec::new();
        for c in constructors {
            let method = ident(&c.name)?;
            let mut params = Vec::new();
            let mut inits = Vec::new();
            for (i, f) in s.fields.iter().enumerate() {
                let field = ident(&f.name)?;
                if !c.args.contains(&i) {
                    let empty = if f.presence == Presence::Default { quote!(Vec::new()) } else { quote!(None) };
                    inits.push(quote!(#field: #empty,));
                    continue;
                }
                // A named constructor takes a nullable field's value itself (`link(user_id)`); `new`
                // takes the `Option` (a required, nullable field may be sent as `null`).
                let (ty, value) = self.stored(f, !named && f.presence == Presence::RequiredNullable, quote!(#field))?;
                params.push(quote!(#field: #ty));
                // `Self { type_, .. }`, not `type_: type_` (clippy's redundant_field_names).
                let shorthand = field == value.to_string();
                inits.push(if shorthand { quote!(#field,) } else { quote!(#field: #value,) });
            }
            if let Some((field, _)) = &s.extra {
                let field = ident(field)?;
                inits.push(quote!(#field: Default::default(),));
            }
            let d = self.doc(c.doc.as_deref().unwrap_or_default());
            methods.push(quote! {
                #d
                pub fn #method(#(#params),*) -> Self {
                    Self { #(#inits)* }
                }
            });
        }
        let taken: Vec<usize> = constructors.iter().flat_map(|c| c.args.iter().copied()).collect();
        for (i, f) in s.fields.iter().enumerate() {
            if taken.contains(&i) || f.presence == Presence::Required {
                continue;
            }
            let name =
                if constructors.iter().any(|c| c.name == f.name) { format!("with_{}", f.name) } else { f.name.clone() };
            let (method, field) = (ident(&name)?, ident(&f.name)?);
            // An optional, nullable field's setter takes the `Option`, so it can set `null`.
            let (ty, value) = self.stored(f, f.presence == Presence::Nullable, quote!(value))?;
            let described = describe(f.doc.as_deref(), &f.about);
            let d = self.doc(if described.is_empty() { format!("Sets `{}`.", f.wire) } else { described }.as_str());
            let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
            methods.push(quote! {
                #d
                #deprecated
                pub fn #method(mut self, value: #ty) -> Self {
                    self.#field = #value;
                    self
                }
            });
        }
        let name = ident(&s.name)?;
        // Building a value sets its deprecated fields too (to empty).
        let allow = s.fields.iter().any(|f| f.deprecated).then(|| quote!(#[allow(deprecated)]));
        Ok(quote! {
            #allow
            impl #name {
                #(#methods)*
            }
        })
    }

    /// How a constructor or setter takes a value for field `f` (its argument type) and stores the
    /// argument `arg` in the field: converted (`.into()`, collected), boxed, wrapped in the field's
    /// `Option`s. `nullable` says the argument is itself an `Option` (`null` allowed).
    fn stored(&self, f: &Field, nullable: bool, arg: TokenStream) -> Result<(TokenStream, TokenStream), Error> {
        let (ty, convert) = self.arg_type(if nullable { &f.ty } else { f.ty.non_null() })?;
        let mut value = quote!(#arg #convert);
        if f.boxed {
            value = quote!(Box::new(#value));
        }
        // A nullable argument is one of the field's `Option`s already.
        Ok((ty, somes(f.presence.options() - usize::from(nullable), value)))
    }

    fn field(&self, f: &Field) -> Result<TokenStream, Error> {
        let name = ident(&f.name)?;
        let mut base = self.ty(f.ty.non_null(), Scope::Types)?;
        if f.boxed {
            base = quote!(Box<#base>);
        }
        let ty = options(f.presence.options(), base);
        let description = f.doc.as_deref().filter(|d| !d.trim().is_empty()).or_else(|| self.type_doc(&f.ty));
        let mut text = describe(description, &f.about);
        if f.read_only {
            text.push_str("\n\nRead-only: set by the server, never sent.");
        }
        let d = self.doc(&text);
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        // What `#[derive(rt::Object)]` needs beyond the type: the JSON name when it is not the
        // field's, and the schema's `required` and `nullable` as they decide reading and sending.
        let mut words = Vec::new();
        if f.wire != f.name.trim_start_matches("r#") {
            let wire = &f.wire;
            words.push(quote!(rename = #wire));
        }
        for word in f.presence.words() {
            let word = ident(word)?;
            words.push(quote!(#word));
        }
        if f.read_only {
            words.push(quote!(read_only));
        }
        let object = (!words.is_empty()).then(|| quote!(#[object(#(#words),*)]));
        Ok(quote! {
            #d
            #deprecated
            #object
            pub #name: #ty,
        })
    }

    fn enumeration(&self, e: &Enum) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let name = ident(&e.name)?;
        let fallback = format!("The `{}` values.", e.name);
        let d = self.doc_or(e.doc.as_deref(), &fallback);
        let catch_all = ident(&e.catch_all)?;
        let mut variants = Vec::new();
        let mut pairs = Vec::new();
        for v in &e.variants {
            let v_name = ident(&v.name)?;
            let wire = &v.wire;
            let v_doc = self.doc(&format!("`{wire}`"));
            variants.push(quote!(#v_doc #v_name,));
            pairs.push(quote!(#v_name => #wire));
        }
        Ok(quote! {
            #d
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A value this version of the SDK does not know, kept as received (readable, not
                /// constructible: parse strings with `str::parse` or `From<&str>`).
                #catch_all(#rt::UnknownValue),
            }

            #rt::string_enum!(#name, #catch_all, { #(#pairs),* });
        })
    }

    fn union(&self, u: &crate::ir::Union) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let name = ident(&u.name)?;
        let fallback = format!("The `{}` schema: one of several types.", u.name);
        let d = self.doc_or(u.doc.as_deref(), &fallback);
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        for v in &u.variants {
            let v_name = ident(&v.name)?;
            let mut ty = self.ty(&v.ty, Scope::Types)?;
            if v.boxed {
                ty = quote!(Box<#ty>);
            }
            let v_doc = if v.tags.is_empty() {
                // The article by the name's first letter: "An `Array`.", "A `Circle`." A variant
                // named for its place in the union (`Variant1`) names its type instead.
                let shown = match v.ty.non_null() {
                    Type::Named(n) if *n != v.name => format!("[`{n}`]"),
                    _ => format!("`{}`", v.name),
                };
                let article =
                    if shown.trim_start_matches(['[', '`']).starts_with(['A', 'E', 'I', 'O']) { "An" } else { "A" };
                self.doc(&format!("{article} {shown}."))
            } else {
                self.doc(&format!("Tagged {}.", v.tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")))
            };
            variants.push(quote!(#v_doc #v_name(#ty),));
            let tags = &v.tags;
            arms.push(quote!(#(Some(#tags))|* => #rt::serde_helpers::from_value(value).map(Self::#v_name),));
        }
        let serde_path = "rt::serde";
        let Some(property) = &u.discriminator else {
            // Untagged: serde tries the variants in order.
            return Ok(quote! {
                #d
                #[derive(Debug, Clone, PartialEq, #rt::serde::Serialize, #rt::serde::Deserialize)]
                #[serde(crate = #serde_path, untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                }
            });
        };
        let catch_all = ident(u.catch_all.as_deref().unwrap_or("Unknown"))?;
        let tag_doc = self.doc(&format!(
            "The discriminator `{property}` picks the variant; an object with a value the spec does not list is kept as JSON."
        ));
        Ok(quote! {
            #d
            ///
            #tag_doc
            #[derive(Debug, Clone, PartialEq, #rt::serde::Serialize)]
            #[serde(crate = #serde_path, untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// An object whose discriminator value this version of the SDK does not know, as received.
                #catch_all(#rt::serde_json::Value),
            }

            impl<'de> #rt::serde::Deserialize<'de> for #name {
                fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <#rt::serde_json::Value as #rt::serde::Deserialize>::deserialize(deserializer)?;
                    // Decode the whole object as the tagged variant, tag included: the variant's
                    // own schema usually declares the discriminator property too.
                    let result = match value.get(#property).and_then(#rt::serde_json::Value::as_str) {
                        #(#arms)*
                        _ => Ok(Self::#catch_all(value)),
                    };
                    result.map_err(<D::Error as #rt::serde::de::Error>::custom)
                }
            }
        })
    }
}

/// The rustdoc paragraph of a struct's required sets, by the names users set.
fn required_sets(s: &Struct, sets: &RequiredSets) -> String {
    let field = |wire: &str| s.fields.iter().find(|f| f.wire == wire).map_or(wire.to_owned(), |f| f.name.clone());
    let listed: Vec<String> = sets
        .sets
        .iter()
        .map(|set| set.iter().map(|wire| format!("`{}`", field(wire))).collect::<Vec<_>>().join(" and "))
        .collect();
    let (how, key) = if sets.exclusive { ("exactly one", "oneOf") } else { ("at least one", "anyOf") };
    format!("Besides the required fields, set {how} of these (the schema's `{key}`): {}.", listed.join("; "))
}

/// The structs that hold base64 content through (non-deprecated) fields, however deep: found once,
/// by growing the set until it stops changing, so that wide and deep type graphs cost no more than
/// their size (a search per field was exponential in the depth).
pub(super) fn byte_carriers<'a>(api: &'a Api, graph: &Graph<'a>) -> HashSet<&'a str> {
    let mut carriers = HashSet::new();
    loop {
        let grown: Vec<&str> = api
            .types
            .iter()
            .filter_map(|t| match t {
                TypeDef::Struct(s) if !carriers.contains(s.name.as_str()) => Some(s),
                _ => None,
            })
            .filter(|s| s.fields.iter().any(|f| !f.deprecated && carries_bytes(graph, &carriers, &f.ty)))
            .map(|s| s.name.as_str())
            .collect();
        if grown.is_empty() {
            return carriers;
        }
        carriers.extend(grown);
    }
}

/// `ty` is base64 bytes, or a struct among `carriers`.
fn carries_bytes(graph: &Graph, carriers: &HashSet<&str>, ty: &Type) -> bool {
    match graph.resolve(ty.non_null()) {
        Type::Base64 => true,
        Type::Named(n) => carriers.contains(n.as_str()),
        _ => false,
    }
}
