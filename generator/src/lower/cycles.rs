//! Reference cycles: aliases that only point at each other are errors; structs that contain
//! themselves through direct fields get those fields boxed (Tarjan's strongly connected components).

use crate::error::{pointer_token, Error};
use crate::ir::{Type, TypeDef};
use std::collections::{BTreeMap, HashMap};

/// A schema that is only a `$ref` to a schema that is only a `$ref` ... back to itself has no
/// value at all; Rust would reject the type aliases, so say so here.
pub(super) fn alias_cycles(types: &BTreeMap<String, TypeDef>, components: &HashMap<&str, String>) -> Result<(), Error> {
    for start in types.values() {
        let TypeDef::Alias { name, .. } = start else { continue };
        let mut current = name;
        for _ in 0..=types.len() {
            let next = match types.get(current) {
                Some(TypeDef::Alias { ty, .. }) => match ty.non_null() {
                    Type::Named(next) => next,
                    _ => break,
                },
                _ => break,
            };
            if next == name {
                let key = components.iter().find(|(_, v)| *v == name).map_or(name.as_str(), |(k, _)| k);
                return Err(Error::new(
                    format!("/components/schemas/{}", pointer_token(key)),
                    format!("`$ref` cycle through `{key}` with no object to hold a value"),
                )
                .with_fix("make one schema in the cycle an object (or an array) instead of a bare `$ref`"));
            }
            current = next;
        }
    }
    Ok(())
}

/// Marks the fields that must be boxed: those whose type contains the struct itself through a chain
/// of direct (not `Vec`/`Map`) containment. Found with Tarjan's strongly connected components,
/// iteratively so deep documents cannot overflow the stack.
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name().to_owned(), i)).collect();
    let direct = |ty: &Type| -> Option<usize> {
        match ty.non_null() {
            Type::Named(n) => index.get(n).copied(),
            _ => None,
        }
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match t {
            TypeDef::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
            TypeDef::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
            TypeDef::Alias { ty, .. } => direct(ty).into_iter().collect(),
            TypeDef::Enum(_) => Vec::new(),
        })
        .collect();
    let component = tarjan(&edges);
    for (i, t) in types.iter_mut().enumerate() {
        match t {
            TypeDef::Struct(s) => {
                for f in &mut s.fields {
                    if let Some(j) = direct(&f.ty) {
                        f.boxed = component[i] == component[j];
                    }
                }
            }
            TypeDef::Union(u) => {
                for v in &mut u.variants {
                    if let Some(j) = direct(&v.ty) {
                        v.boxed = component[i] == component[j];
                    }
                }
            }
            _ => {}
        }
    }
}

/// The strongly connected component of each node.
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut comp) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack, mut next, mut comps) = (vec![false; n], Vec::new(), 0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 {
                order[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if order[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tarjan_finds_cycles_and_self_loops() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone.
        let c = tarjan(&[vec![1], vec![2], vec![0], vec![3], vec![]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
