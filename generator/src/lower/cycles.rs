//! Reference cycles: aliases that only point at each other are errors; structs that contain
//! themselves through direct fields get those fields boxed (Tarjan's strongly connected components).

use crate::error::{pointer_token, Error};
use crate::ir::{Graph, Type, TypeDef};
use std::collections::{BTreeMap, HashMap};

/// A schema that is only a `$ref` to a schema that is only a `$ref` ... back to itself has no
/// value at all; Rust would reject the type aliases, so say so here.
pub(super) fn alias_cycles(types: &BTreeMap<String, TypeDef>, components: &HashMap<&str, String>) -> Result<(), Error> {
    let graph = Graph::new(types.values());
    for start in types.values() {
        let TypeDef::Alias { name, .. } = start else { continue };
        if graph.alias_chain(name).skip(1).any(|n| n == name) {
            let key = components.iter().find(|(_, v)| *v == name).map_or(name.as_str(), |(k, _)| k);
            return Err(Error::new(
                format!("/components/schemas/{}", pointer_token(key)),
                format!("`$ref` cycle through `{key}` with no object to hold a value"),
            )
            .with_fix("make one schema in the cycle an object (or an array) instead of a bare `$ref`"));
        }
    }
    Ok(())
}

/// Marks the fields that must be boxed: those whose type contains the struct itself through a chain
/// of direct (not `Vec`/`Map`) containment. Found with Tarjan's strongly connected components,
/// iteratively so deep documents cannot overflow the stack.
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    // For each field or variant that holds a type directly (names it, maybe as an `Option`):
    // whether that type holds it back, so it must be boxed. `None` for the others.
    let boxed: Vec<Vec<Option<bool>>> = {
        let graph = Graph::new(types.iter());
        let direct = |ty: &Type| match ty.non_null() {
            Type::Named(n) => graph.position(n),
            _ => None,
        };
        // Not a struct's `additionalProperties` map, whose values it holds indirectly.
        let held: Vec<Vec<Option<usize>>> = types
            .iter()
            .map(|t| match t {
                TypeDef::Struct(s) => s.fields.iter().map(|f| direct(&f.ty)).collect(),
                other => other.children().map(direct).collect(),
            })
            .collect();
        let edges: Vec<Vec<usize>> = held.iter().map(|h| h.iter().flatten().copied().collect()).collect();
        let component = tarjan(&edges);
        let boxed = |i: usize, h: &[Option<usize>]| h.iter().map(|j| j.map(|j| component[i] == component[j])).collect();
        held.iter().enumerate().map(|(i, h)| boxed(i, h)).collect()
    };
    for (t, boxed) in types.iter_mut().zip(boxed) {
        let flags: Vec<&mut bool> = match t {
            TypeDef::Struct(s) => s.fields.iter_mut().map(|f| &mut f.boxed).collect(),
            TypeDef::Union(u) => u.variants.iter_mut().map(|v| &mut v.boxed).collect(),
            _ => Vec::new(),
        };
        for (flag, boxed) in flags.into_iter().zip(boxed) {
            if let Some(boxed) = boxed {
                *flag = boxed;
            }
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
