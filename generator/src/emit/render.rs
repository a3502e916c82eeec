//! Type rendering: how an IR type is spelled in Rust, and what the emitter asks of a type (what it
//! stands for, its description, whether it is one piece of text).

use super::{ident, Emitter};
use crate::error::Error;
use crate::ir::Type;
use proc_macro2::TokenStream;
use quote::quote;

/// Where a type is named from: inside `types.rs` or from a sibling module.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Scope {
    Types,
    Other,
}

impl Emitter<'_> {
    pub(super) fn ty(&self, ty: &Type, scope: Scope) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        Ok(match ty {
            Type::Bool => quote!(bool),
            Type::I32 => quote!(i32),
            Type::I64 => quote!(i64),
            Type::F32 => quote!(f32),
            Type::F64 => quote!(f64),
            Type::String => quote!(String),
            Type::Date => quote!(#rt::chrono::NaiveDate),
            Type::DateTime => quote!(#rt::chrono::DateTime<#rt::chrono::Utc>),
            Type::Base64 => quote!(#rt::Base64),
            Type::Binary => quote!(#rt::FilePart),
            Type::Json => quote!(#rt::serde_json::Value),
            Type::JsonObject => quote!(#rt::serde_json::Map<String, #rt::serde_json::Value>),
            Type::Vec(item) => {
                let item = self.ty(item, scope)?;
                quote!(Vec<#item>)
            }
            // Sorted keys keep serialised output deterministic.
            Type::Map(value) => {
                let value = self.ty(value, scope)?;
                quote!(::std::collections::BTreeMap<String, #value>)
            }
            Type::Named(name) => {
                let name = ident(name)?;
                match scope {
                    Scope::Types => quote!(#name),
                    Scope::Other => quote!(crate::types::#name),
                }
            }
            Type::Nullable(inner) => {
                let inner = self.ty(inner, scope)?;
                quote!(Option<#inner>)
            }
            Type::Expandable(inner) => {
                let inner = self.ty(inner, scope)?;
                quote!(#rt::Expandable<#inner>)
            }
        })
    }

    /// Follows aliases to the type they stand for.
    pub(super) fn resolve<'t>(&self, ty: &'t Type) -> &'t Type
    where
        Self: 't,
    {
        self.graph.resolve(ty)
    }

    /// The description of the schema a value's type names (through lists, `Option` and
    /// `Expandable`): what a property without its own description is.
    pub(super) fn type_doc(&self, ty: &Type) -> Option<&str> {
        self.graph.get(ty.named()?)?.doc()
    }

    /// Types that implement `ToParam`: scalars, dates, string enums, JSON values.
    pub(super) fn is_scalar(&self, ty: &Type) -> bool {
        self.graph.is_scalar(ty)
    }
}

/// `value` in `n` `Some`s: a field's stored value (or the pattern of a present one) from its
/// value, `n` being how many `Option`s its presence gives it (`Presence::options`).
pub(super) fn somes(n: usize, value: TokenStream) -> TokenStream {
    (0..n).fold(value, |inner, _| quote!(Some(#inner)))
}

/// `base` in `n` `Option`s: a field's type from the type of its value.
pub(super) fn options(n: usize, base: TokenStream) -> TokenStream {
    (0..n).fold(base, |inner, _| quote!(Option<#inner>))
}
