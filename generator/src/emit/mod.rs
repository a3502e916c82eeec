//! Emit: prints the IR as Rust source. Every item is built as tokens with `quote!`, parsed into a
//! `syn::File` and formatted by `prettyplease`, so the output is valid, formatted Rust or an error,
//! never a half-pasted string.
//!
//! By concern: [`schedule`] splits the output into pieces emitted on all cores and joins them;
//! [`docs`] makes the rustdoc; [`errors`] the constants of documented error statuses; [`render`]
//! spells IR types in Rust; [`types`], [`client`] and [`requests`] the three generated modules;
//! [`features`] the cargo features; [`driver`] the conformance driver.

use crate::error::Error;
use crate::ir::{Api, Graph};
use crate::output::File;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use render::Scope;
use schedule::Task;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

mod client;
mod docs;
pub(crate) mod driver;
mod errors;
pub mod features;
mod render;
mod requests;
mod schedule;
mod types;

use docs::{describe, inferred, Docs};

/// The name the generated crate depends on its runtime by: the crate's own name with `-runtime`
/// (`drata-runtime`, `github-runtime`), so two generated clients never share a package name.
pub(crate) fn runtime_package(crate_name: &str) -> String {
    format!("{crate_name}-runtime")
}

/// The name every generated module imports its runtime as (`use ::drata_runtime as rt;`), which
/// keeps paths short and the files small. It is also the runtime path `#[derive(rt::Object)]`
/// assumes when a struct names none (`#[object(crate = "...")]`).
const RUNTIME_ALIAS: &str = "rt";

/// Renders the crate's source files.
/// `crate_name` is the name the generated crate is used by (`drata`), for the examples in its docs.
pub fn emit(api: &Api, source_name: &str, crate_name: &str) -> Result<Vec<File>, Error> {
    Ok(emit_files(api, source_name, crate_name)?.0)
}

/// `emit`, and the crate's cargo features (`features::all`), which come out of the same analysis.
pub(crate) fn emit_files(api: &Api, source_name: &str, crate_name: &str) -> Result<(Vec<File>, Vec<String>), Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    let shared = Shared::new(api);
    // Enough items per chunk keep per-chunk work negligible.
    let files = schedule::emit_with(&shared, source_name, crate_name, threads, 64)?;
    Ok((files, features::all_with(api, &shared.type_gates)))
}

/// What every emitter thread reads of the API, worked out once before they start.
pub(super) struct Shared<'a> {
    api: &'a Api,
    graph: Graph<'a>,
    /// The distinct lists of documented error statuses by the name of their `const` in
    /// `requests.rs`, and the other way round.
    error_consts: BTreeMap<String, Vec<(u16, &'a str)>>,
    error_const_of: HashMap<Vec<(u16, &'a str)>, String>,
    /// Structs that carry base64 content (for `into_bytes()`).
    byte_carriers: HashSet<&'a str>,
    /// The features that compile a type, for types not always compiled.
    type_gates: HashMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> Shared<'a> {
    fn new(api: &'a Api) -> Self {
        let graph = api.graph();
        let error_const_of = errors::error_const_names(api);
        let error_consts = error_const_of.iter().map(|(list, name)| (name.clone(), list.clone())).collect();
        let byte_carriers = types::byte_carriers(api, &graph);
        let type_gates = features::type_gates(api, &graph);
        Shared { api, graph, error_consts, error_const_of, byte_carriers, type_gates }
    }
}

/// Builds the pieces of output on one thread.
struct Emitter<'a> {
    api: &'a Api,
    graph: &'a Graph<'a>,
    shared: &'a Shared<'a>,
    /// The doc lines of the piece being built (see [`docs`]).
    docs: Docs,
    /// [`RUNTIME_ALIAS`].
    rt: Ident,
    /// The runtime's crate name as the code uses it (`drata_runtime`).
    runtime: Ident,
    /// The generated crate's name as a path (`drata`).
    krate: String,
}

impl<'a> Emitter<'a> {
    fn new(shared: &'a Shared<'a>, crate_name: &str) -> Result<Self, Error> {
        Ok(Emitter {
            api: shared.api,
            graph: &shared.graph,
            shared,
            docs: Docs::default(),
            rt: ident(RUNTIME_ALIAS)?,
            runtime: ident(&runtime_package(crate_name).replace('-', "_"))?,
            krate: crate_name.replace('-', "_"),
        })
    }

    /// The `use` line that brings the runtime in as `rt` (allowed unused: a spec with only aliases
    /// of plain types needs nothing from it).
    fn use_runtime(&self) -> TokenStream {
        let runtime = &self.runtime;
        let rt = &self.rt;
        quote!(#[allow(unused_imports)] use ::#runtime as #rt;)
    }

    /// `///` lines for `text` (see [`docs`]).
    fn doc(&self, text: &str) -> TokenStream {
        self.docs.doc(text)
    }

    /// `text`, or `fallback` when it is absent or blank.
    fn doc_or(&self, text: Option<&str>, fallback: &str) -> TokenStream {
        self.docs.doc_or(text, fallback)
    }

    /// Tokens -> `syn::File`, with the docs put in place.
    fn parse(&self, tokens: TokenStream) -> Result<syn::File, Error> {
        self.docs.parse(tokens)
    }

    /// The items of `tokens`, each with `#[cfg]` of `features` when there are any.
    fn gated<'f>(
        &self,
        tokens: TokenStream,
        features: impl IntoIterator<Item = &'f str>,
    ) -> Result<Vec<syn::Item>, Error> {
        let mut items = self.parse(tokens)?.items;
        if let Some(attr) = features::cfg(features) {
            features::gate(&mut items, &attr);
        }
        Ok(items)
    }

    /// One piece of output, parsed. Its doc lines start afresh: those of earlier pieces are in
    /// their syntax trees already.
    fn task(&self, task: &Task) -> Result<syn::File, Error> {
        self.docs.clear();
        match task {
            Task::Lib => self.parse(self.lib()?),
            Task::Client => self.parse(self.client()?),
            Task::TypesHeader => {
                let use_rt = self.use_runtime();
                self.parse(quote! {
                    //! The schemas of the spec as Rust types.
                    #use_rt
                })
            }
            Task::RequestsHeader => {
                let use_rt = self.use_runtime();
                let mut file = self.parse(quote! {
                    //! One request builder per operation, returned by the methods of [`Client`](crate::Client).
                    #use_rt
                })?;
                file.items.extend(self.error_consts()?);
                Ok(file)
            }
            Task::Types(range) => {
                let mut items = Vec::new();
                for t in &self.api.types[range.clone()] {
                    let gate = self.shared.type_gates.get(t.name()).into_iter().flatten().copied();
                    items.extend(self.gated(self.type_def(t)?, gate)?);
                }
                Ok(syn::File { shebang: None, attrs: Vec::new(), items })
            }
            Task::Requests(range) => {
                let mut items = Vec::new();
                for op in &self.api.operations[range.clone()] {
                    items.extend(self.gated(self.builder(op)?, op.features.iter().map(String::as_str))?);
                }
                Ok(syn::File { shebang: None, attrs: Vec::new(), items })
            }
            Task::Methods(range) => {
                let ops = &self.api.operations[range.clone()];
                let methods = ops.iter().map(|op| self.client_method(op)).collect::<Result<Vec<_>, _>>()?;
                let mut file = self.parse(quote!(impl Client { #(#methods)* }))?;
                if let Some(syn::Item::Impl(block)) = file.items.first_mut() {
                    for (item, op) in block.items.iter_mut().zip(ops) {
                        if let (syn::ImplItem::Fn(method), Some(attr)) =
                            (item, features::cfg(op.features.iter().map(String::as_str)))
                        {
                            features::insert_after_docs(&mut method.attrs, &attr);
                        }
                    }
                }
                Ok(file)
            }
        }
    }
}

/// A checked identifier: names come from `names`, which only makes valid ones, but a bug there must
/// surface as an error, not a panic in a user's build script. (A keyword passes here and fails
/// where the item is parsed, also as an error.)
fn ident(name: &str) -> Result<Ident, Error> {
    let (raw, body) = match name.strip_prefix("r#") {
        Some(body) => (true, body),
        None => (false, name),
    };
    let mut chars = body.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !(raw && matches!(body, "_" | "crate" | "self" | "super" | "Self"));
    match (valid, raw) {
        (true, false) => Ok(Ident::new(body, proc_macro2::Span::call_site())),
        (true, true) => Ok(Ident::new_raw(body, proc_macro2::Span::call_site())),
        (false, _) => Err(Error::internal(format!("`{name}` is not a Rust identifier"))),
    }
}
