//! The schemas as Rust types: structs, string enums and unions (`types.rs` of the output).

use super::{describe, doc, doc_or, ident, Emitter, Scope};
use crate::error::Error;
use crate::ir::{Enum, Field, Presence, Struct, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    pub(super) fn type_def(&self, t: &TypeDef) -> Result<TokenStream, Error> {
        match t {
            TypeDef::Struct(s) => self.structure(s),
            TypeDef::Enum(e) => self.enumeration(e),
            TypeDef::Union(u) => self.union(u),
            TypeDef::Alias { name, doc: d, ty } => {
                let fallback = format!("The `{name}` schema.");
                let d = doc_or(d.as_deref(), &fallback);
                let name = ident(name)?;
                let ty = self.ty(ty, Scope::Types)?;
                Ok(quote!(#d pub type #name = #ty;))
            }
        }
    }

    fn structure(&self, s: &Struct) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let name = ident(&s.name)?;
        let fallback = format!("The `{}` schema.", s.name);
        let d = doc_or(s.doc.as_deref(), &fallback);
        let serde_path = "rt::serde";
        let fields = s.fields.iter().map(|f| self.field(f)).collect::<Result<Vec<_>, _>>()?;
        let extra = match &s.extra {
            None => quote!(),
            Some((field, ty)) => {
                let field = ident(field)?;
                let ty = self.ty(ty, Scope::Types)?;
                quote! {
                    /// Every other property (`additionalProperties`).
                    #[serde(flatten)]
                    pub #field: ::std::collections::BTreeMap<String, #ty>,
                }
            }
        };
        Ok(quote! {
            #d
            #[derive(Debug, Clone, PartialEq, #rt::serde::Serialize, #rt::serde::Deserialize)]
            #[serde(crate = #serde_path)]
            pub struct #name {
                #(#fields)*
                #extra
            }
        })
    }

    fn field(&self, f: &Field) -> Result<TokenStream, Error> {
        let name = ident(&f.name)?;
        let mut base = self.ty(f.ty.non_null(), Scope::Types)?;
        if f.boxed {
            base = quote!(Box<#base>);
        }
        // One `#[serde(...)]` per field, its arguments in a fixed order.
        let mut serde = Vec::new();
        if f.name != f.wire {
            let wire = &f.wire;
            serde.push(quote!(rename = #wire));
        }
        let ty = match f.presence {
            Presence::Required => base,
            Presence::Null => {
                serde.push(quote!(default));
                quote!(Option<#base>)
            }
            Presence::Optional => {
                serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
                quote!(Option<#base>)
            }
            Presence::OptionalNull => {
                let double = "rt::serde_helpers::double_option";
                serde.push(quote!(default, skip_serializing_if = "Option::is_none", deserialize_with = #double));
                quote!(Option<Option<#base>>)
            }
            Presence::List => {
                let empty = "rt::serde_helpers::null_as_default";
                serde.push(quote!(default, deserialize_with = #empty));
                base
            }
        };
        if f.read_only {
            serde.push(quote!(skip_serializing));
        }
        let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
        let description = f.doc.as_deref().filter(|d| !d.trim().is_empty()).or_else(|| self.type_doc(&f.ty));
        let mut text = describe(description, &f.about);
        if f.read_only {
            text.push_str("\n\nRead-only: set by the server, never sent.");
        }
        let d = doc(&text);
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        Ok(quote! {
            #d
            #deprecated
            #serde
            pub #name: #ty,
        })
    }

    fn enumeration(&self, e: &Enum) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let name = ident(&e.name)?;
        let fallback = format!("The `{}` values.", e.name);
        let d = doc_or(e.doc.as_deref(), &fallback);
        let catch_all = ident(&e.catch_all)?;
        let mut variants = Vec::new();
        let mut pairs = Vec::new();
        for v in &e.variants {
            let v_name = ident(&v.name)?;
            let wire = &v.wire;
            let v_doc = doc(&format!("`{wire}`"));
            variants.push(quote!(#v_doc #v_name,));
            pairs.push(quote!(#v_name => #wire));
        }
        Ok(quote! {
            #d
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #(#variants)*
                /// A value this version of the SDK does not know, kept as received.
                #catch_all(String),
            }

            #rt::string_enum!(#name, #catch_all, { #(#pairs),* });
        })
    }

    fn union(&self, u: &crate::ir::Union) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let name = ident(&u.name)?;
        let fallback = format!("The `{}` schema: one of several types.", u.name);
        let d = doc_or(u.doc.as_deref(), &fallback);
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        for v in &u.variants {
            let v_name = ident(&v.name)?;
            let mut ty = self.ty(&v.ty, Scope::Types)?;
            if v.boxed {
                ty = quote!(Box<#ty>);
            }
            let v_doc = if v.tags.is_empty() {
                doc(&format!("A `{}`.", v.name))
            } else {
                doc(&format!("Tagged {}.", v.tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")))
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
                pub enum #name {
                    #(#variants)*
                }
            });
        };
        let catch_all = ident(u.catch_all.as_deref().unwrap_or("Unknown"))?;
        let tag_doc = doc(&format!(
            "The discriminator `{property}` picks the variant; an object with a value the spec does not list is kept as JSON."
        ));
        Ok(quote! {
            #d
            ///
            #tag_doc
            #[derive(Debug, Clone, PartialEq, #rt::serde::Serialize)]
            #[serde(crate = #serde_path, untagged)]
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
