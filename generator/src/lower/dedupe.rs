//! Identical inline types share one definition. Large documents repeat the same inline shape
//! everywhere (GitHub's permission levels `["read", "write"]` 722 times); each copy costs rustc a
//! type and its serde impls.
//!
//! The rule: among inline types that are equal but for their names (string enums with the same
//! wire values, structs with the same fields once their field types are merged, unions with the same
//! variants), the definition keeps the name that sorts first, and every other name becomes a type
//! alias of it. Users still find each type under the name its place gives it, and a change elsewhere
//! in the document moves a definition only when it adds or removes a copy whose name sorts first.
//! Component schemas are never merged: their names are the author's.

use crate::ir::{Api, Field, Type, TypeDef, UnionVariant};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Merges identical inline types of `api`; `components` holds the Rust names of component schemas.
pub(super) fn dedupe(api: &mut Api, components: &HashSet<String>) {
    // Merging types can make their users identical: repeat until nothing merges.
    loop {
        let mut by_shape: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for t in &api.types {
            if let Some(shape) = shape(t).filter(|_| !components.contains(t.name())) {
                by_shape.entry(shape).or_default().push(t.name().to_owned());
            }
        }
        let mut target: HashMap<String, String> = HashMap::new();
        for mut names in by_shape.into_values().filter(|n| n.len() > 1) {
            names.sort();
            let first = names[0].clone();
            target.extend(names.into_iter().skip(1).map(|n| (n, first.clone())));
        }
        if target.is_empty() {
            return;
        }
        for t in &mut api.types {
            if let Some(to) = target.get(t.name()) {
                let note = format!("The same type as [`{to}`]: identical inline types share one definition.");
                let doc = Some(match doc_of(t) {
                    Some(d) => format!("{}\n\n{note}", d.trim_end()),
                    None => note,
                });
                *t = TypeDef::Alias { name: t.name().to_owned(), doc, ty: Type::Named(to.clone()) };
            } else {
                rename_in_def(t, &target);
            }
        }
        for op in &mut api.operations {
            for p in &mut op.params {
                rename(&mut p.ty, &target);
            }
            if let Some(body) = &mut op.body {
                rename(&mut body.ty, &target);
            }
            if let crate::ir::Response::Json(ty) = &mut op.success {
                rename(ty, &target);
            }
            if let Some(page) = &mut op.pagination {
                rename(&mut page.items.ty, &target);
                if let Some(total) = &mut page.total {
                    rename(&mut total.ty, &target);
                }
            }
        }
    }
}

/// What makes two definitions the same type, as text; `None` for aliases (never merged).
fn shape(t: &TypeDef) -> Option<String> {
    Some(match t {
        TypeDef::Enum(e) => {
            let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
            format!("enum {wires:?}")
        }
        TypeDef::Struct(s) => format!("struct {:?} {:?} {} {:?}", s.fields, s.extra, s.request, s.constructors),
        TypeDef::Union(u) => {
            let variants: Vec<(&Type, &Vec<String>, bool)> =
                u.variants.iter().map(|v| (&v.ty, &v.tags, v.boxed)).collect();
            format!("union {:?} {variants:?}", u.discriminator)
        }
        TypeDef::Alias { .. } => return None,
    })
}

fn doc_of(t: &TypeDef) -> Option<String> {
    match t {
        TypeDef::Struct(s) => s.doc.clone(),
        TypeDef::Enum(e) => e.doc.clone(),
        TypeDef::Union(u) => u.doc.clone(),
        TypeDef::Alias { doc, .. } => doc.clone(),
    }
}

fn rename_in_def(t: &mut TypeDef, target: &HashMap<String, String>) {
    match t {
        TypeDef::Struct(s) => {
            s.fields.iter_mut().for_each(|f: &mut Field| rename(&mut f.ty, target));
            if let Some((_, ty)) = &mut s.extra {
                rename(ty, target);
            }
        }
        TypeDef::Union(u) => u.variants.iter_mut().for_each(|v: &mut UnionVariant| rename(&mut v.ty, target)),
        TypeDef::Alias { ty, .. } => rename(ty, target),
        TypeDef::Enum(_) => {}
    }
}

fn rename(ty: &mut Type, target: &HashMap<String, String>) {
    match ty {
        Type::Named(n) => {
            if let Some(to) = target.get(n.as_str()) {
                *n = to.clone();
            }
        }
        Type::Vec(inner) | Type::Map(inner) | Type::Expandable(inner) | Type::Nullable(inner) => rename(inner, target),
        _ => {}
    }
}
