//! Error constants: the lists of error statuses operations document, each a `const` in
//! `requests.rs` that the operations with the same list share.

use super::{ident, Emitter};
use crate::error::Error;
use crate::ir::{Api, Operation, Status};
use quote::quote;
use std::collections::{BTreeSet, HashMap};

/// Names the distinct lists of documented error statuses by their content, so that adding an
/// operation renames no other constant: `ERRORS_400_401_404` from the codes, and when lists with
/// the same codes differ in their descriptions, each of those gets a hash of its descriptions too
/// (`ERRORS_400_401_404_9C1E`).
pub(super) fn error_const_names(api: &Api) -> HashMap<Vec<(u16, &str)>, String> {
    let mut by_codes: std::collections::BTreeMap<String, Vec<Vec<(u16, &str)>>> = Default::default();
    for op in &api.operations {
        let list = documented(op);
        let codes = list.iter().map(|(code, _)| code.to_string()).collect::<Vec<_>>().join("_");
        let same = by_codes.entry(format!("ERRORS_{codes}")).or_default();
        if !list.is_empty() && !same.contains(&list) {
            same.push(list);
        }
    }
    let mut names = HashMap::new();
    for (base, lists) in by_codes {
        if let [only] = lists.as_slice() {
            names.insert(only.clone(), base);
            continue;
        }
        for list in lists {
            // FNV-1a: stable across machines and Rust versions, unlike `DefaultHasher`.
            let hash = list
                .iter()
                .flat_map(|(_, d)| d.bytes().chain([0]))
                .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
            let mut name = format!("{base}_{:04X}", hash >> 16);
            while names.values().any(|n| *n == name) {
                name.push('X');
            }
            names.insert(list, name);
        }
    }
    names
}

/// The documented error statuses of an operation that are single codes.
pub(super) fn documented(op: &Operation) -> Vec<(u16, &str)> {
    op.errors
        .iter()
        .filter_map(|(status, description)| match status {
            Status::Code(code) => Some((*code, description.as_str())),
            Status::Range(_) | Status::Default => None,
        })
        .collect()
}

impl<'a> Emitter<'a> {
    /// The constants, each compiled with the features of the operations using it.
    pub(super) fn error_consts(&self) -> Result<Vec<syn::Item>, Error> {
        let features = self.const_features();
        let mut items = Vec::new();
        for (const_name, list) in &self.shared.error_consts {
            let name = ident(const_name)?;
            let entries = list.iter().map(|(status, description)| {
                let status = proc_macro2::Literal::u16_unsuffixed(*status);
                quote!((#status, #description))
            });
            let tokens = quote! {
                /// Error statuses the spec documents, with their descriptions.
                const #name: &[(u16, &str)] = &[#(#entries),*];
            };
            let gate = features.get(const_name.as_str()).cloned().flatten().unwrap_or_default();
            items.extend(self.gated(tokens, gate)?);
        }
        Ok(items)
    }

    /// The name of the constant of an operation's documented statuses, if it documents any.
    pub(super) fn error_const(&self, op: &'a Operation) -> Option<&'a str> {
        self.shared.error_const_of.get(&documented(op)).map(String::as_str)
    }

    /// The features that compile each error-status constant, by name: those of the operations
    /// using it, or none (always compiled) when one of them has none.
    fn const_features(&self) -> HashMap<&'a str, Option<BTreeSet<&'a str>>> {
        let mut out: HashMap<&str, Option<BTreeSet<&str>>> = HashMap::new();
        for op in &self.api.operations {
            let Some(name) = self.error_const(op) else { continue };
            let features = out.entry(name).or_insert_with(|| Some(Default::default()));
            match features {
                Some(set) if !op.features.is_empty() => set.extend(op.features.iter().map(String::as_str)),
                _ => *features = None,
            }
        }
        out
    }
}
