//! `#[derive(Object)]`: how a generated struct reads and writes itself as a JSON object.
//!
//! Generated structs say per field what the schema says (its JSON name, whether it is required
//! or nullable, whether it is sent at all) and this derive writes the code: one match arm per
//! property read, one call per property written, through the runtime's `object` module. It
//! replaces serde's derive, whose field enums, visitors and duplicate checks per struct are what
//! make large generated crates slow to compile; the decoding is the same work.
//!
//! On the struct, `#[object(crate = "path")]` names the runtime, as serde's `#[serde(crate)]`
//! does; without it the runtime is `rt`, the name every generated module imports its runtime as.
//! Field attributes, all under `#[object(...)]`, say the field's
//! presence in the words of the generator's `ir::Presence` (whose variants `Presence` here repeats):
//!
//! - `rename = "jsonName"`: the property's name when it is not the field's.
//! - no presence word (`Optional`): `Option<T>`: `null` and absence read as `None`, `None` not sent.
//! - `required` (`Required`): `T`; absence and `null` are errors.
//! - `required, nullable` (`RequiredNullable`): `Option<T>`; absence reads as `None`, `None` is
//!   sent as `null`.
//! - `nullable` (`Nullable`): `Option<Option<T>>`; `null` reads as `Some(None)`, absence as `None`
//!   (not sent).
//! - `default` (`Default`): `T: Default` (a list); `null` and absence read as empty, always sent.
//! - `read_only`: read, never sent.
//! - `flatten`: a `BTreeMap<String, T>` of every other property.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Ident, LitStr};

#[proc_macro_derive(Object, attributes(object))]
pub fn derive_object(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

#[derive(Clone, Copy, PartialEq)]
enum Presence {
    Optional,
    Required,
    RequiredNullable,
    Nullable,
    Default,
}

struct Field {
    ident: Ident,
    wire: LitStr,
    presence: Presence,
    read_only: bool,
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(&input.generics, "`Object` is derived for structs without generics"));
    }
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(name, "`Object` is derived for structs with named fields"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(name, "`Object` is derived for structs with named fields"));
    };
    // The runtime: `#[object(crate = "...")]` on the struct, else `rt`.
    let mut krate: syn::Path = syn::parse_quote!(rt);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("object")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                krate = meta.value()?.parse::<LitStr>()?.parse()?;
                Ok(())
            } else {
                Err(meta.error("expected `crate = \"...\"` on the struct"))
            }
        })?;
    }
    let mut fields = Vec::new();
    let mut flatten = None;
    let mut deprecated = false;
    for f in &named.named {
        let Some(ident) = f.ident.clone() else { continue };
        deprecated |= f.attrs.iter().any(|a| a.path().is_ident("deprecated"));
        let (mut wire, mut required, mut nullable, mut default, mut read_only, mut flat) =
            (None, false, false, false, false, false);
        for attr in f.attrs.iter().filter(|a| a.path().is_ident("object")) {
            attr.parse_nested_meta(|meta| {
                let word = |w: &str| meta.path.is_ident(w);
                if word("rename") {
                    wire = Some(meta.value()?.parse::<LitStr>()?);
                } else if word("required") {
                    required = true;
                } else if word("nullable") {
                    nullable = true;
                } else if word("default") {
                    default = true;
                } else if word("read_only") {
                    read_only = true;
                } else if word("flatten") {
                    flat = true;
                } else {
                    return Err(meta.error(
                        "expected `rename = \"...\"`, `required`, `nullable`, `default`, `read_only` or `flatten`",
                    ));
                }
                Ok(())
            })?;
        }
        if flat {
            if flatten.is_some() {
                return Err(syn::Error::new_spanned(&ident, "one `flatten` field per struct"));
            }
            flatten = Some(ident);
            continue;
        }
        let presence = match (required, nullable, default) {
            (false, false, false) => Presence::Optional,
            (true, false, false) => Presence::Required,
            (true, true, false) => Presence::RequiredNullable,
            (false, true, false) => Presence::Nullable,
            (false, false, true) => Presence::Default,
            _ => {
                return Err(syn::Error::new_spanned(&ident, "`default` goes with neither `required` nor `nullable`"));
            }
        };
        let wire = wire.unwrap_or_else(|| LitStr::new(&ident.unraw().to_string(), ident.span()));
        fields.push(Field { ident, wire, presence, read_only });
    }
    Ok(object_impl(&krate, name, &fields, flatten.as_ref(), deprecated))
}

fn object_impl(
    rt: &syn::Path,
    name: &Ident,
    fields: &[Field],
    flatten: Option<&Ident>,
    deprecated: bool,
) -> TokenStream {
    // The derive's own locals are hygienic (`map`, `key`, `value`): a field of that name is
    // another variable.
    let site = Span::mixed_site();
    let (map, key, value) = (Ident::new("map", site), Ident::new("key", site), Ident::new("value", site));
    let out = Ident::new("out", site);
    let mut lets = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    let mut writes = Vec::new();
    let mut required = Vec::new();
    for Field { ident, wire, presence, read_only } in fields {
        lets.push(quote!(let mut #ident = ::core::option::Option::None;));
        arms.push(match presence {
            Presence::Required | Presence::Nullable => quote!(#wire => #map.read_some(&mut #ident),),
            _ => quote!(#wire => #map.read(&mut #ident),),
        });
        inits.push(match presence {
            Presence::Default => quote!(#ident: #ident.unwrap_or_default(),),
            _ => quote!(#ident,),
        });
        if *presence == Presence::Required {
            required.push((ident, wire));
        }
        if !read_only {
            writes.push(match presence {
                Presence::Optional | Presence::Nullable => quote!(#out.optional(#wire, &self.#ident);),
                _ => quote!(#out.entry(#wire, &self.#ident);),
            });
        }
    }
    let unknown = match flatten {
        Some(field) => {
            lets.push(quote!(let mut #field = ::std::collections::BTreeMap::new();));
            inits.push(quote!(#field,));
            writes.push(quote! {
                for (#key, #value) in &self.#field {
                    #out.entry(#key, #value);
                }
            });
            quote!(_ => #map.other(#key, &mut #field),)
        }
        None => quote!(_ => #map.skip(),),
    };
    let read_loop = if arms.is_empty() && flatten.is_none() {
        quote! {
            while #map.next_key().is_some() {
                #map.skip();
            }
        }
    } else {
        quote! {
            while let ::core::option::Option::Some(#key) = #map.next_key() {
                match #key.as_str() {
                    #(#arms)*
                    #unknown
                }
            }
        }
    };
    // Required properties are unwrapped in one match: one exit for a missing one, not one each.
    let build = quote!(::core::result::Result::Ok(Self { #(#inits)* }));
    let build = match required.as_slice() {
        [] => build,
        _ => {
            let locals: Vec<_> = required.iter().map(|(local, _)| local).collect();
            let absent = required.iter().map(|(local, wire)| quote!((#wire, #local.is_none())));
            quote! {
                match (#(#locals,)*) {
                    (#(::core::option::Option::Some(#locals),)*) => #build,
                    (#(#locals,)*) => ::core::result::Result::Err(#rt::object::missing(&[#(#absent),*])),
                }
            }
        }
    };
    let out = if writes.is_empty() { Ident::new("_out", site) } else { out };
    // Reading and writing a deprecated field is no use of it.
    let allow = deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        impl #rt::object::Object for #name {
            fn read<'de, A: #rt::serde::de::MapAccess<'de>>(#map: &mut #rt::object::Reader<'de, A>) -> ::core::result::Result<Self, A::Error> {
                #(#lets)*
                #read_loop
                #build
            }

            fn write<M: #rt::serde::ser::SerializeMap>(&self, #out: &mut #rt::object::Writer<'_, M>) {
                #(#writes)*
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #rt::object::deserialize(deserializer)
            }
        }

        impl #rt::serde::Serialize for #name {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                #rt::object::serialize(self, serializer)
            }
        }
    }
}
