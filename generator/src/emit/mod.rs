//! Emit: prints the IR as Rust source. Every item is built as tokens with `quote!`, parsed into a
//! `syn::File` and formatted by `prettyplease`, so the output is valid, formatted Rust or an error,
//! never a half-pasted string.

use crate::error::Error;
use crate::output::{File, HEADER};
use crate::ir::{Api, Operation, Type, TypeDef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::HashMap;

mod client;
mod requests;
mod types;

/// What the emitted code calls into; the generated crate depends on it under this name. Each module
/// imports it as `rt`, which keeps paths short and the generated files small.
const RUNTIME: &str = "drata_runtime";

/// The `use` line that brings the runtime in as `rt` (allowed unused: a spec with only aliases of
/// plain types needs nothing from it).
fn use_runtime() -> Result<TokenStream, Error> {
    let runtime = ident(RUNTIME)?;
    Ok(quote!(#[allow(unused_imports)] use ::#runtime as rt;))
}

/// Renders the crate's source files.
/// `crate_name` is the name the generated crate is used by (`drata`), for the examples in its docs.
///
/// Large documents are emitted in parallel: the items of `types.rs` and `requests.rs` are split
/// into chunks, each built, parsed and printed on its own thread (tokens are not `Send`, so each
/// thread has its own emitter), and the printed chunks are joined in order. prettyplease prints
/// items one after another, so the result is the same bytes as printing the whole file at once.
pub fn emit(api: &Api, source_name: &str, crate_name: &str) -> Result<Vec<File>, Error> {
    let header = format!("{HEADER} from {source_name}. Do not edit: change the spec and regenerate.\n\n");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    // Several chunks per thread balance the load; enough items per chunk keep thread start-up and
    // per-chunk work negligible.
    let chunk = |len: usize| len.div_ceil(threads * 4).max(64);
    let mut tasks: Vec<Task> = vec![Task::Lib, Task::Client, Task::TypesHeader, Task::RequestsHeader];
    let (types_chunk, ops_chunk) = (chunk(api.types.len()), chunk(api.operations.len()));
    tasks.extend((0..api.types.len()).step_by(types_chunk).map(|i| Task::Types(i..(i + types_chunk).min(api.types.len()))));
    let ops = api.operations.len();
    tasks.extend((0..ops).step_by(ops_chunk).map(|i| Task::Methods(i..(i + ops_chunk).min(ops))));
    tasks.extend((0..ops).step_by(ops_chunk).map(|i| Task::Requests(i..(i + ops_chunk).min(ops))));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut outputs: Vec<Option<Result<String, Error>>> = (0..tasks.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(tasks.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    let em = match Emitter::new(api, crate_name) {
                        Ok(em) => em,
                        Err(e) => return vec![(usize::MAX, Err(e))],
                    };
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(task) = tasks.get(i) else { break };
                        done.push((i, em.task(task).and_then(print)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            let results = worker.join().unwrap_or_else(|_| vec![(usize::MAX, Err(internal("an emitter thread panicked")))]);
            for (i, result) in results {
                match outputs.get_mut(i) {
                    Some(slot) => *slot = Some(result),
                    None => outputs[0] = Some(result.and(Err(internal("emitter failed")))),
                }
            }
        }
    });
    let mut texts = Vec::with_capacity(outputs.len());
    for output in outputs {
        texts.push(output.unwrap_or_else(|| Err(internal("a part of the output was not emitted")))?);
    }
    let mut files = vec![
        File { path: "lib.rs".into(), contents: format!("{header}{}", texts[0]) },
        File { path: "types.rs".into(), contents: format!("{header}{}", texts[2]) },
        File { path: "client.rs".into(), contents: format!("{header}{}", texts[1]) },
        File { path: "requests.rs".into(), contents: format!("{header}{}", texts[3]) },
    ];
    for (task, text) in tasks.iter().zip(&texts).skip(4) {
        let file = match task {
            Task::Types(_) => 1,
            Task::Methods(_) => 2,
            _ => 3,
        };
        files[file].contents.push_str(text);
    }
    Ok(files)
}

/// One independently emitted piece of output.
enum Task {
    Lib,
    Client,
    TypesHeader,
    RequestsHeader,
    Types(std::ops::Range<usize>),
    Requests(std::ops::Range<usize>),
    /// The `Client` methods of these operations, in an `impl Client` block of their own.
    Methods(std::ops::Range<usize>),
}

fn internal(message: &str) -> Error {
    Error {
        file: None,
        pointer: None,
        message: format!("internal error: {message}"),
        fix: Some("please report this with the spec that caused it".into()),
    }
}

/// Tokens -> `syn::File` -> formatted text.
fn print(tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| internal(&format!("emitted tokens do not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}


struct Emitter<'a> {
    api: &'a Api,
    types: HashMap<&'a str, &'a TypeDef>,
    rt: Ident,
    /// The generated crate's name as a path (`drata`).
    krate: String,
    /// The distinct lists of documented error statuses, in order of first use; operations with
    /// the same list share one `const` in `requests.rs`.
    error_lists: Vec<Vec<(u16, &'a str)>>,
    error_list_of: HashMap<Vec<(u16, &'a str)>, usize>,
}

/// The documented numeric error statuses of an operation.
fn documented(op: &Operation) -> Vec<(u16, &str)> {
    op.errors.iter().filter_map(|(status, description)| Some((status.parse().ok()?, description.as_str()))).collect()
}

impl<'a> Emitter<'a> {
    fn new(api: &'a Api, crate_name: &str) -> Result<Self, Error> {
        let mut error_lists = Vec::new();
        let mut error_list_of = HashMap::new();
        for op in &api.operations {
            let list = documented(op);
            if !list.is_empty() && !error_list_of.contains_key(&list) {
                error_list_of.insert(list.clone(), error_lists.len());
                error_lists.push(list);
            }
        }
        Ok(Emitter {
            api,
            types: api.types.iter().map(|t| (t.name(), t)).collect(),
            rt: ident("rt")?,
            krate: crate_name.replace('-', "_"),
            error_lists,
            error_list_of,
        })
    }

    fn errors_const(index: usize) -> Result<Ident, Error> {
        ident(&format!("ERRORS_{}", index + 1))
    }

    fn task(&self, task: &Task) -> Result<TokenStream, Error> {
        match task {
            Task::Lib => self.lib(),
            Task::Client => self.client(),
            Task::TypesHeader => {
                let use_rt = use_runtime()?;
                Ok(quote! {
                    //! The schemas of the spec as Rust types.
                    #use_rt
                })
            }
            Task::RequestsHeader => {
                let use_rt = use_runtime()?;
                let consts = self
                    .error_lists
                    .iter()
                    .enumerate()
                    .map(|(i, list)| {
                        let name = Self::errors_const(i)?;
                        let entries = list.iter().map(|(status, description)| quote!((#status, #description)));
                        Ok(quote! {
                            /// Error statuses the spec documents, with their descriptions.
                            const #name: &[(u16, &str)] = &[#(#entries),*];
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                Ok(quote! {
                    //! One request builder per operation, returned by the methods of [`Client`](crate::Client).
                    #use_rt
                    #(#consts)*
                })
            }
            Task::Types(range) => {
                let items = self.api.types[range.clone()].iter().map(|t| self.type_def(t)).collect::<Result<Vec<_>, _>>()?;
                Ok(quote!(#(#items)*))
            }
            Task::Requests(range) => {
                let items =
                    self.api.operations[range.clone()].iter().map(|op| self.builder(op)).collect::<Result<Vec<_>, _>>()?;
                Ok(quote!(#(#items)*))
            }
            Task::Methods(range) => {
                let methods = self.api.operations[range.clone()]
                    .iter()
                    .map(|op| self.client_method(op))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(quote!(impl Client { #(#methods)* }))
            }
        }
    }
}

/// A checked identifier: names come from `names`, which only makes valid ones, but a bug there must
/// surface as an error, not a panic in a user's build script.
fn ident(name: &str) -> Result<Ident, Error> {
    syn::parse_str::<Ident>(name).map_err(|_| Error {
        file: None,
        pointer: None,
        message: format!("internal error: `{name}` is not a Rust identifier"),
        fix: Some("please report this with the spec that caused it".into()),
    })
}

/// `///` lines for `text` (one `#[doc]` per line, so prettyplease prints them as line comments).
fn doc(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| {
        let l = l.trim_end();
        let line = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    doc(text.filter(|t| !t.trim().is_empty()).unwrap_or(fallback))
}

/// Where a type is named from: inside `types.rs` or from a sibling module.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Types,
    Other,
}

impl Emitter<'_> {
    fn ty(&self, ty: &Type, scope: Scope) -> Result<TokenStream, Error> {
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
    fn resolve<'t>(&'t self, mut ty: &'t Type) -> &'t Type {
        for _ in 0..64 {
            match ty {
                Type::Named(n) => match self.types.get(n.as_str()) {
                    Some(TypeDef::Alias { ty: inner, .. }) => ty = inner,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// Types that implement `ToParam`: scalars, dates, string enums, JSON values.
    fn is_scalar(&self, ty: &Type) -> bool {
        match self.resolve(ty) {
            Type::Named(n) => matches!(self.types.get(n.as_str()), Some(TypeDef::Enum(_))),
            Type::Vec(_) | Type::Map(_) | Type::JsonObject | Type::Binary | Type::Nullable(_) | Type::Expandable(_) => false,
            _ => true,
        }
    }
}
