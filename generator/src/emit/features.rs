//! One cargo feature per OpenAPI tag: which features compile which operations and types, and the
//! `#[cfg]` attributes that say so.
//!
//! An operation is compiled when any of its tags' features is on (an operation without tags,
//! always). A type is compiled when any operation that reaches it is (through parameters, bodies,
//! responses, fields, variants and aliases); types the error responses use and types reached by an
//! operation without tags are always compiled; component schemas no operation reaches (webhook
//! payloads, say) have the feature `other-schemas`.

use crate::ir::{Api, Graph, Operation, Response, Type, TypeDef};
use std::collections::{BTreeSet, HashMap};

/// The feature of the component schemas no operation uses (webhook payloads, say) and of what
/// only they use. A tag of the same name shares it.
pub const OTHER_SCHEMAS: &str = "other-schemas";

/// Every feature of the API, sorted: its operations' features, and [`OTHER_SCHEMAS`] when some
/// types need it.
pub fn all(api: &Api) -> Vec<String> {
    all_with(api, &type_gates(api, &api.graph()))
}

/// `all`, given the API's `type_gates`.
pub(crate) fn all_with(api: &Api, gates: &HashMap<&str, BTreeSet<&str>>) -> Vec<String> {
    let mut all: BTreeSet<&str> = api.operations.iter().flat_map(|op| &op.features).map(String::as_str).collect();
    all.extend(gates.values().flatten());
    all.into_iter().map(str::to_owned).collect()
}

/// For each type that is compiled only with some features, those features (any one suffices).
pub(super) fn type_gates<'a>(api: &'a Api, graph: &Graph<'a>) -> HashMap<&'a str, BTreeSet<&'a str>> {
    let mut always_roots: Vec<&str> = api.error_type.iter().map(String::as_str).collect();
    let mut by_feature: HashMap<&str, Vec<&str>> = HashMap::new();
    for op in &api.operations {
        let roots = operation_roots(op);
        if op.features.is_empty() {
            always_roots.extend(roots);
        } else {
            for feature in &op.features {
                by_feature.entry(feature).or_default().extend(roots.iter().copied());
            }
        }
    }
    // A type no operation reaches gets a feature of its own, and so does what it uses; except an
    // alias (of a merged inline type, say), which is compiled with what it stands for.
    let reached = graph.reach(always_roots.iter().chain(by_feature.values().flatten()).copied());
    let unreached = api.types.iter().map(TypeDef::name).filter(|n| !reached.contains(n));
    let (aliases, others): (Vec<&str>, Vec<&str>) =
        unreached.partition(|n| matches!(graph.get(n), Some(TypeDef::Alias { ty: Type::Named(_), .. })));
    if !others.is_empty() {
        by_feature.entry(OTHER_SCHEMAS).or_default().extend(others);
    }
    let always = graph.reach(always_roots);
    let mut gates: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (feature, roots) in by_feature {
        for name in graph.reach(roots) {
            if !always.contains(name) {
                gates.entry(name).or_default().insert(feature);
            }
        }
    }
    for alias in aliases {
        // Compiled with the type its chain of aliases ends at.
        let target = graph.alias_chain(alias).last().unwrap_or(alias);
        if let Some(features) = gates.get(target).cloned() {
            gates.insert(alias, features);
        }
    }
    gates
}

/// The named types an operation uses directly.
fn operation_roots(op: &Operation) -> Vec<&str> {
    let types = op.params.iter().map(|p| &p.ty).chain(op.body.iter().map(|b| &b.ty));
    let success = match &op.success {
        Response::Json(ty) => Some(ty),
        _ => None,
    };
    types.chain(success).filter_map(Type::named).collect()
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`; `None` for no features.
/// Built as a syntax tree, not parsed: a large API gates thousands of items.
pub(super) fn cfg<'a>(features: impl IntoIterator<Item = &'a str>) -> Option<syn::Attribute> {
    let features: Vec<&str> = features.into_iter().collect();
    let tokens = match features.as_slice() {
        [] => return None,
        [one] => quote::quote!(feature = #one),
        many => quote::quote!(any(#(feature = #many),*)),
    };
    Some(syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::List(syn::MetaList {
            path: proc_macro2::Ident::new("cfg", proc_macro2::Span::call_site()).into(),
            delimiter: syn::MacroDelimiter::Paren(Default::default()),
            tokens,
        }),
    })
}

/// Puts `attr` on each item, after its doc comment.
pub(super) fn gate(items: &mut [syn::Item], attr: &syn::Attribute) {
    for item in items {
        if let Some(attrs) = attrs_of(item) {
            insert_after_docs(attrs, attr);
        }
    }
}

pub(super) fn insert_after_docs(attrs: &mut Vec<syn::Attribute>, attr: &syn::Attribute) {
    let at = attrs.iter().position(|a| !a.path().is_ident("doc")).unwrap_or(attrs.len());
    attrs.insert(at, attr.clone());
}

fn attrs_of(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Macro(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        _ => return None,
    })
}
