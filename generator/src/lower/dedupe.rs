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

use crate::ir::{Api, Type, TypeDef};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// Merges identical inline types of `api`; `components` holds the Rust names of component schemas.
pub(super) fn dedupe(api: &mut Api, components: &HashSet<String>) {
    // A fingerprint per type puts candidates in buckets; equality decides. Only the types a round
    // changed are fingerprinted again.
    let mut prints: Vec<Option<u64>> = api.types.iter().map(|t| fingerprint(t, components)).collect();
    // Merging types can make their users identical: repeat until nothing merges.
    loop {
        let mut buckets: HashMap<u64, Vec<Vec<usize>>> = HashMap::new();
        for (i, print) in prints.iter().enumerate() {
            let Some(print) = print else { continue };
            let groups = buckets.entry(*print).or_default();
            match groups.iter_mut().find(|g| same_shape(&api.types[g[0]], &api.types[i])) {
                Some(group) => group.push(i),
                None => groups.push(vec![i]),
            }
        }
        let mut target: HashMap<String, String> = HashMap::new();
        for group in buckets.into_values().flatten().filter(|g| g.len() > 1) {
            let mut names: Vec<&str> = group.iter().map(|&i| api.types[i].name()).collect();
            names.sort_unstable();
            target.extend(names[1..].iter().map(|n| (n.to_string(), names[0].to_owned())));
        }
        if target.is_empty() {
            return;
        }
        for (t, print) in api.types.iter_mut().zip(&mut prints) {
            if let Some(to) = target.get(t.name()) {
                let note = format!("The same type as [`{to}`]: identical inline types share one definition.");
                let doc = Some(match t.doc() {
                    Some(d) => format!("{}\n\n{note}", d.trim_end()),
                    None => note,
                });
                *t = TypeDef::Alias {
                    name: t.name().to_owned(),
                    doc,
                    ty: Type::Named(to.clone()),
                    about: Default::default(),
                };
                *print = None;
            } else if rename_in_def(t, &target) {
                *print = fingerprint(t, components);
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

/// A hash of what makes two definitions the same type (everything but their names and own docs);
/// `None` for types never merged: aliases and component schemas. Only buckets candidates, so it
/// need not be stable across Rust versions.
fn fingerprint(t: &TypeDef, components: &HashSet<String>) -> Option<u64> {
    if components.contains(t.name()) {
        return None;
    }
    let mut h = std::hash::DefaultHasher::new();
    match t {
        TypeDef::Enum(e) => {
            0u8.hash(&mut h);
            e.variants.iter().for_each(|v| v.wire.hash(&mut h));
        }
        TypeDef::Struct(s) => {
            1u8.hash(&mut h);
            for f in &s.fields {
                (&f.wire, &f.ty, f.required, &f.doc).hash(&mut h);
            }
            s.extra.hash(&mut h);
        }
        TypeDef::Union(u) => {
            2u8.hash(&mut h);
            u.discriminator.hash(&mut h);
            u.variants.iter().for_each(|v| (&v.ty, &v.tags).hash(&mut h));
        }
        TypeDef::Alias { .. } => return None,
    }
    Some(h.finish())
}

/// Equal but for names and own docs.
fn same_shape(a: &TypeDef, b: &TypeDef) -> bool {
    match (a, b) {
        (TypeDef::Enum(a), TypeDef::Enum(b)) => {
            a.variants.iter().map(|v| &v.wire).eq(b.variants.iter().map(|v| &v.wire))
        }
        (TypeDef::Struct(a), TypeDef::Struct(b)) => {
            (&a.fields, &a.extra, a.request, &a.constructors) == (&b.fields, &b.extra, b.request, &b.constructors)
        }
        (TypeDef::Union(a), TypeDef::Union(b)) => {
            a.discriminator == b.discriminator
                && a.variants
                    .iter()
                    .map(|v| (&v.ty, &v.tags, v.boxed))
                    .eq(b.variants.iter().map(|v| (&v.ty, &v.tags, v.boxed)))
        }
        _ => false,
    }
}

/// Points the types `t` uses at their merged definitions; true when it changed `t`.
fn rename_in_def(t: &mut TypeDef, target: &HashMap<String, String>) -> bool {
    t.children_mut().fold(false, |changed, ty| rename(ty, target) | changed)
}

/// True when it renamed something.
fn rename(ty: &mut Type, target: &HashMap<String, String>) -> bool {
    match ty.named_mut() {
        Some(name) => match target.get(name.as_str()) {
            Some(to) => {
                *name = to.clone();
                true
            }
            None => false,
        },
        None => false,
    }
}
