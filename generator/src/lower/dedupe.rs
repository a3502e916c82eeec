//! Identical inline types share one definition. Large documents repeat the same inline shape
//! everywhere (GitHub's permission levels `["read", "write"]` hundreds of times); each copy costs
//! rustc a type and its serde impls.
//!
//! The rule, chosen so that an edit of the document changes the lines of what it changed and not
//! those of everything that shares its shape:
//!
//! - Inline types equal but for their names and own docs (string enums with the same values and
//!   variant names, structs with the same fields, unions with the same variants, each with the
//!   types inside seen through this rule) are copies of one shape. Component schemas are never
//!   merged: their names are the author's.
//! - Every copy keeps the name its place gives it, and every field, parameter and body names its
//!   own copy. A copy that does not hold the definition is a type alias of it.
//! - A shape with fewer than [`BY_CONTENT`] copies is defined under its shortest copy name (the
//!   most general place; of equal lengths, the one sorting first). A place added later, which is
//!   mostly more specific and so longer-named, leaves the definition where it is; when the copy
//!   holding it changes or goes, it moves to the next one, and the few others change a line each.
//! - A shape with more copies is defined under a name made of its content (a few words of it and
//!   a hash of all of it, `ReadWrite564E` for `[read, write]`), which no edit of a copy moves: an
//!   edited copy leaves the shape (its alias becomes its own definition), and nothing else changes.
//!   Only a shape whose count of copies crosses the threshold moves its definition, once.

use crate::ir::{Api, Field, Type, TypeDef};
use crate::names;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// Copies from which on a shape is defined under a name made of its content. Below it, moving the
/// definition costs a few alias lines, and the definition keeps the name of one of its places;
/// defining every shared shape by content would instead rewrite a shape's last copy whenever its
/// other one changes (`scripts/diffsize.py` measured both on GitHub's and Stripe's descriptions).
const BY_CONTENT: usize = 10;

/// Merges identical inline types of `api`; `components` holds the Rust names of component schemas.
pub(super) fn dedupe(api: &mut Api, components: &HashSet<String>) {
    let class = classes(api, components);
    let mut members: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
    for t in &api.types {
        if let Some(rep) = class.get(t.name()) {
            members.entry(rep.as_str()).or_default().push(t);
        }
    }
    // Each shape's definition: a content name from many copies on, else its first copy's name.
    // Children first, so that a content name hashes the names of the definitions inside it.
    let mut definition: HashMap<String, String> = HashMap::new();
    let mut taken: HashSet<String> = api.types.iter().map(|t| t.name().to_owned()).collect();
    let mut made: Vec<TypeDef> = Vec::new();
    for rep in order(&members, &class) {
        let copies = &members[rep];
        if copies.len() < BY_CONTENT {
            definition.insert(rep.to_owned(), rep.to_owned());
            continue;
        }
        let mut shape = copies[0].clone();
        for ty in shape.children_mut() {
            if let Some(name) = ty.named_mut() {
                if let Some(to) = class.get(name.as_str()).and_then(|rep| definition.get(rep)) {
                    *name = to.clone();
                }
            }
        }
        let name = content_name(&shape, &canonical(&shape), &taken);
        taken.insert(name.clone());
        // The description the copies agree on, if they do (each copy keeps its own).
        let first = copies[0].doc();
        let doc = first.filter(|d| copies.iter().all(|c| c.doc() == Some(*d))).map(str::to_owned);
        (*shape.name_mut(), *shape.doc_mut()) = (name.clone(), doc);
        made.push(shape);
        api.shapes.push(name.clone());
        definition.insert(rep.to_owned(), name);
    }
    for t in &mut api.types {
        let Some(to) = class.get(t.name()).and_then(|rep| definition.get(rep)) else { continue };
        if to != t.name() {
            *t = TypeDef::Alias {
                name: t.name().to_owned(),
                doc: t.doc().map(str::to_owned),
                ty: Type::Named(to.clone()),
                about: Default::default(),
                shared: true,
            };
        }
    }
    api.types.extend(made);
    api.types.sort_unstable_by(|a, b| a.name().cmp(b.name()));
    api.shapes.sort_unstable();
}

/// The shapes: each inline type that has copies, by name, and the name of its shape's first copy
/// (the shortest; of equal lengths, the one sorting first).
/// Merging types can make the types that hold them identical: rounds until nothing merges.
fn classes(api: &Api, components: &HashSet<String>) -> HashMap<String, String> {
    let types = &api.types;
    let mut class: HashMap<String, String> = HashMap::new();
    // A fingerprint puts candidates in buckets; equality decides. Copies stay copies as classes
    // grow, so the buckets persist, and a round takes out and puts back only the types holding a
    // type the round before merged (found through `holders`), not every type.
    let mut holders: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in types.iter().enumerate() {
        for child in t.children().filter_map(Type::named) {
            holders.entry(child).or_default().push(i);
        }
    }
    let mut prints: Vec<Option<u64>> = vec![None; types.len()];
    let mut buckets: HashMap<u64, Vec<Vec<usize>>> = HashMap::new();
    let mut changed: BTreeSet<usize> = (0..types.len()).collect();
    loop {
        for &i in &changed {
            if let Some(groups) = prints[i].and_then(|p| buckets.get_mut(&p)) {
                groups.iter_mut().for_each(|g| g.retain(|&j| j != i));
                groups.retain(|g| !g.is_empty());
            }
            prints[i] = fingerprint(&types[i], components, &class);
        }
        let mut touched: BTreeSet<(u64, usize)> = BTreeSet::new();
        for &i in &changed {
            let Some(print) = prints[i] else { continue };
            let groups = buckets.entry(print).or_default();
            let at = match groups.iter().position(|g| same_shape(&types[g[0]], &types[i], &class)) {
                Some(at) => at,
                None => {
                    groups.push(Vec::new());
                    groups.len() - 1
                }
            };
            groups[at].push(i);
            touched.insert((print, at));
        }
        let mut merged: HashSet<&str> = HashSet::new();
        for group in touched.iter().map(|(print, at)| &buckets[print][*at]).filter(|g| g.len() > 1) {
            let names = group.iter().map(|&i| types[i].name());
            let first = names.min_by_key(|n| (n.len(), *n)).unwrap_or_default().to_owned();
            for &i in group {
                let name = types[i].name();
                if class.get(name) != Some(&first) {
                    class.insert(name.to_owned(), first.clone());
                    merged.insert(name);
                }
            }
        }
        if merged.is_empty() {
            return class;
        }
        changed =
            merged.iter().filter_map(|n| holders.get(n)).flatten().copied().filter(|&i| prints[i].is_some()).collect();
    }
}

/// The shapes, each after the shapes inside it (an inline type holds other types only inline or
/// through components, so there is no cycle among shapes).
fn order<'a>(members: &BTreeMap<&'a str, Vec<&TypeDef>>, class: &HashMap<String, String>) -> Vec<&'a str> {
    fn visit<'a>(
        rep: &'a str,
        members: &BTreeMap<&'a str, Vec<&TypeDef>>,
        class: &HashMap<String, String>,
        seen: &mut HashSet<&'a str>,
        out: &mut Vec<&'a str>,
    ) {
        if !seen.insert(rep) {
            return;
        }
        for child in members[rep][0].children().filter_map(Type::named) {
            if let Some((&inner, _)) = class.get(child).and_then(|r| members.get_key_value(r.as_str())) {
                visit(inner, members, class, seen, out);
            }
        }
        out.push(rep);
    }
    let (mut seen, mut out) = (HashSet::new(), Vec::new());
    for &rep in members.keys() {
        visit(rep, members, class, &mut seen, &mut out);
    }
    out
}

/// The name of a shape defined by its content: up to three words of it (enum values, field names,
/// variant names) and four hexadecimal digits of a hash of all of it, more where the name is
/// another type's.
fn content_name(t: &TypeDef, content: &str, taken: &HashSet<String>) -> String {
    let words: Vec<&str> = match t {
        TypeDef::Enum(e) => e.variants.iter().map(|v| v.wire.as_str()).collect(),
        TypeDef::Struct(s) => s.fields.iter().map(|f| f.wire.as_str()).collect(),
        // An inline member's variant is named by its position (`Variant1`), which says nothing.
        TypeDef::Union(u) => {
            u.variants.iter().map(|v| v.name.as_str()).filter(|n| !names::is_member_variant(n)).collect()
        }
        TypeDef::Alias { .. } => Vec::new(),
    };
    let mut stem: String = words.iter().take(3).map(|w| names::type_name(w)).collect();
    if stem.len() > 40 || !stem.starts_with(|c: char| c.is_ascii_uppercase()) {
        stem = "Shape".to_owned();
    }
    // FNV-1a, 64 bits: stable across machines and Rust versions, unlike `DefaultHasher`.
    let hash = content.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let hex = format!("{hash:016X}");
    [4, 8, 16]
        .iter()
        .map(|&digits| format!("{stem}{}", &hex[..digits]))
        .chain((2..).map(|n| format!("{stem}{hex}{n}")))
        .find(|name| !taken.contains(name))
        .unwrap_or(stem)
}

/// What makes a shape, as text, for its content name: everything but its names and own docs, and
/// but its variants' names, which `same_shape` compares too. Left out so that the names already
/// given stay; two shapes that differ only there get more digits (see `content_name`).
fn canonical(t: &TypeDef) -> String {
    match t {
        TypeDef::Enum(e) => format!("enum {:?}", e.variants.iter().map(|v| &v.wire).collect::<Vec<_>>()),
        TypeDef::Struct(s) => format!("struct {:?} {:?} {} {:?}", s.fields, s.extra, s.request, s.constructors),
        TypeDef::Union(u) => format!(
            "union {:?} {:?}",
            u.discriminator,
            u.variants.iter().map(|v| (&v.ty, &v.tags, v.boxed)).collect::<Vec<_>>()
        ),
        TypeDef::Alias { .. } => String::new(),
    }
}

/// A hash of what makes two definitions the same type (everything but their names and own docs);
/// `None` for types never merged: aliases and component schemas. Only buckets candidates, so it
/// need not be stable across Rust versions.
fn fingerprint(t: &TypeDef, components: &HashSet<String>, class: &HashMap<String, String>) -> Option<u64> {
    if components.contains(t.name()) {
        return None;
    }
    let seen = |ty: &Type| ty.named().map(|n| class.get(n).map_or(n, String::as_str)).map(str::to_owned);
    let mut h = std::hash::DefaultHasher::new();
    match t {
        TypeDef::Enum(e) => {
            0u8.hash(&mut h);
            e.variants.iter().for_each(|v| (&v.name, &v.wire).hash(&mut h));
        }
        TypeDef::Struct(s) => {
            1u8.hash(&mut h);
            for f in &s.fields {
                (&f.wire, seen(&f.ty), f.required, &f.doc).hash(&mut h);
            }
            s.extra.as_ref().map(|(n, ty)| (n, seen(ty))).hash(&mut h);
        }
        TypeDef::Union(u) => {
            2u8.hash(&mut h);
            u.discriminator.hash(&mut h);
            u.variants.iter().for_each(|v| (&v.name, seen(&v.ty), &v.tags).hash(&mut h));
        }
        TypeDef::Alias { .. } => return None,
    }
    Some(h.finish())
}

/// Equal but for names and own docs, the types inside seen as their shapes.
fn same_shape(a: &TypeDef, b: &TypeDef, class: &HashMap<String, String>) -> bool {
    let same = |x: &Type, y: &Type| same_type(x, y, class);
    match (a, b) {
        // Variant names too, though the wire does not see them: the copies share the definition's
        // names, so a shape whose definition moved to another copy would rename them otherwise.
        (TypeDef::Enum(a), TypeDef::Enum(b)) => a.variants == b.variants && a.catch_all == b.catch_all,
        (TypeDef::Struct(a), TypeDef::Struct(b)) => {
            a.fields.len() == b.fields.len()
                && a.fields.iter().zip(&b.fields).all(|(f, g)| same_field(f, g, class))
                && match (&a.extra, &b.extra) {
                    (Some((m, x)), Some((n, y))) => m == n && same(x, y),
                    (x, y) => x.is_none() && y.is_none(),
                }
                && a.request == b.request
                && a.constructors == b.constructors
        }
        (TypeDef::Union(a), TypeDef::Union(b)) => {
            a.discriminator == b.discriminator
                && a.variants.len() == b.variants.len()
                && a.variants
                    .iter()
                    .zip(&b.variants)
                    .all(|(v, w)| v.name == w.name && same(&v.ty, &w.ty) && v.tags == w.tags && v.boxed == w.boxed)
                && a.catch_all == b.catch_all
        }
        _ => false,
    }
}

/// Equal fields, their types seen as their shapes.
fn same_field(f: &Field, g: &Field, class: &HashMap<String, String>) -> bool {
    // All but the type, destructured whole: a field's new attribute is compared or left out here
    // on purpose.
    fn rest(f: &Field) -> impl PartialEq + '_ {
        let Field {
            name,
            wire,
            ty: _,
            required,
            presence,
            boxed,
            doc,
            about,
            deprecated,
            read_only,
            required_in_requests,
        } = f;
        (name, wire, required, presence, boxed, doc, about, deprecated, read_only, required_in_requests)
    }
    rest(f) == rest(g) && same_type(&f.ty, &g.ty, class)
}

/// Equal types, the names inside seen as their shapes' first copies.
fn same_type(a: &Type, b: &Type, class: &HashMap<String, String>) -> bool {
    match (a, b) {
        (Type::Named(x), Type::Named(y)) => {
            class.get(x).map_or(x.as_str(), String::as_str) == class.get(y).map_or(y.as_str(), String::as_str)
        }
        (Type::Vec(x), Type::Vec(y))
        | (Type::Map(x), Type::Map(y))
        | (Type::Nullable(x), Type::Nullable(y))
        | (Type::Expandable(x), Type::Expandable(y)) => same_type(x, y, class),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Union, UnionVariant};

    /// A content name takes words from a union's variant names, but not the positions inline
    /// members are named by (`Variant1`): those say nothing, so such a union is a `Shape`.
    #[test]
    fn a_content_name_skips_positional_variant_names() {
        let union = |names: &[&str]| {
            TypeDef::Union(Union {
                name: "Copy".into(),
                doc: None,
                discriminator: None,
                variants: names
                    .iter()
                    .map(|n| UnionVariant {
                        name: (*n).into(),
                        ty: Type::Named(format!("Copy{n}")),
                        tags: vec![],
                        boxed: false,
                    })
                    .collect(),
                catch_all: None,
            })
        };
        let named = |t: &TypeDef| content_name(t, &canonical(t), &HashSet::new());
        assert!(named(&union(&["Variant1", "Variant2"])).starts_with("Shape"));
        assert!(named(&union(&["Cat", "Variant2"])).starts_with("Cat"));
    }
}
