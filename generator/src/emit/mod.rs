//! Emit: prints the IR as Rust source. Every item is built as tokens with `quote!`, parsed into a
//! `syn::File` and formatted by `prettyplease`, so the output is valid, formatted Rust or an error,
//! never a half-pasted string.

use crate::error::Error;
use crate::ir::{About, Api, Operation, Status, Type, TypeDef};
use crate::output::{File, HEADER};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, HashMap};

mod client;
pub(crate) mod driver;
pub mod features;
mod requests;
mod types;

/// The name the generated crate depends on its runtime by: the crate's own name with `-runtime`
/// (`drata-runtime`, `github-runtime`), so two generated clients never share a package name.
pub(crate) fn runtime_package(crate_name: &str) -> String {
    format!("{crate_name}-runtime")
}

/// Renders the crate's source files.
/// `crate_name` is the name the generated crate is used by (`drata`), for the examples in its docs.
///
/// Large documents are emitted in parallel: the items of `types.rs` and `requests.rs` are split
/// into chunks, each built, parsed and printed on its own thread (tokens are not `Send`, so each
/// thread has its own emitter), and the printed chunks are joined in order. prettyplease prints
/// items one after another, so the result is the same bytes as printing the whole file at once.
pub fn emit(api: &Api, source_name: &str, crate_name: &str) -> Result<Vec<File>, Error> {
    Ok(emit_files(api, source_name, crate_name)?.0)
}

/// `emit`, and the crate's cargo features (`features::all`), which come out of the same analysis.
pub(crate) fn emit_files(api: &Api, source_name: &str, crate_name: &str) -> Result<(Vec<File>, Vec<String>), Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    // Enough items per chunk keep per-chunk work negligible.
    emit_with(api, source_name, crate_name, threads, 64)
}

/// `emit` on `threads` threads, with chunks of at least `min_chunk` items. The output does not
/// depend on either (a test holds it to that): the same spec gives the same bytes on any machine.
fn emit_with(
    api: &Api,
    source_name: &str,
    crate_name: &str,
    threads: usize,
    min_chunk: usize,
) -> Result<(Vec<File>, Vec<String>), Error> {
    let header = format!("{HEADER} from {source_name}. Do not edit: change the spec and regenerate.\n\n");
    // Many chunks per thread balance the load, and a chunk's tokens and syntax tree stay small
    // (on GitHub's description, 32 per thread instead of 4 took 0.1 s off 0.8 s).
    let chunk = |len: usize| len.div_ceil(threads * 32).max(min_chunk);
    let mut tasks: Vec<Task> = vec![Task::Lib, Task::Client, Task::TypesHeader, Task::RequestsHeader];
    let (types_chunk, ops_chunk) = (chunk(api.types.len()), chunk(api.operations.len()));
    tasks.extend(
        (0..api.types.len()).step_by(types_chunk).map(|i| Task::Types(i..(i + types_chunk).min(api.types.len()))),
    );
    let ops = api.operations.len();
    tasks.extend((0..ops).step_by(ops_chunk).map(|i| Task::Methods(i..(i + ops_chunk).min(ops))));
    tasks.extend((0..ops).step_by(ops_chunk).map(|i| Task::Requests(i..(i + ops_chunk).min(ops))));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut outputs: Vec<Option<Result<String, Error>>> = (0..tasks.len()).map(|_| None).collect();
    // Each worker has its own emitter (tokens are not `Send`); the calling thread's also gives
    // the crate's features, from the same analysis of which types which features compile.
    let work = |features: Option<&mut Vec<String>>| {
        let mut done = Vec::new();
        let em = match Emitter::new(api, crate_name) {
            Ok(em) => em,
            Err(e) => return vec![(usize::MAX, Err(e))],
        };
        if let Some(features) = features {
            *features = features::all_with(api, &em.type_gates);
        }
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(task) = tasks.get(i) else { break };
            DOCS.with(|docs| docs.borrow_mut().clear());
            done.push((i, em.task(task).map(|file| space_items(&prettyplease::unparse(&file)))));
        }
        done
    };
    let mut features = Vec::new();
    std::thread::scope(|scope| {
        // The calling thread is one of the workers: the memory it freed (the parsed document) is
        // reused rather than each thread taking fresh pages.
        let workers: Vec<_> = (1..threads.min(tasks.len())).map(|_| scope.spawn(|| work(None))).collect();
        let mut results = vec![work(Some(&mut features))];
        for worker in workers {
            results.push(
                worker
                    .join()
                    .unwrap_or_else(|_| vec![(usize::MAX, Err(Error::internal("an emitter thread panicked")))]),
            );
        }
        for (i, result) in results.into_iter().flatten() {
            match outputs.get_mut(i) {
                Some(slot) => *slot = Some(result),
                None => outputs[0] = Some(result.and(Err(Error::internal("emitter failed")))),
            }
        }
    });
    let mut texts = Vec::with_capacity(outputs.len());
    for output in outputs {
        texts.push(output.unwrap_or_else(|| Err(Error::internal("a part of the output was not emitted")))?);
    }
    // Each file is its printed chunks joined in order, with the blank line a boundary between two
    // items needs. Each chunk of client methods is printed as an `impl Client` block of its own;
    // their methods go into one block, so that how the operations were split never shows.
    let mut texts = texts.into_iter();
    let mut next_text = || texts.next().ok_or_else(|| Error::internal("a part of the output is missing"));
    let (lib, client, types_header, requests_header) = (next_text()?, next_text()?, next_text()?, next_text()?);
    let (mut types, mut requests, mut methods) = (vec![types_header], vec![requests_header], Vec::new());
    for task in &tasks[4..] {
        let text = next_text()?;
        match task {
            Task::Types(_) => types.push(text),
            Task::Methods(_) => methods.push(
                text.strip_prefix("impl Client {\n")
                    .and_then(|t| t.strip_suffix("}\n"))
                    .ok_or_else(|| Error::internal("a chunk of client methods is not one block"))?
                    .to_owned(),
            ),
            _ => requests.push(text),
        }
    }
    let mut client = vec![client];
    if !methods.is_empty() {
        client.push(format!("impl Client {{\n{}}}\n", join("", methods, true)));
    }
    let files = vec![
        File { path: "lib.rs".into(), contents: join(&header, vec![lib], false) },
        File { path: "types.rs".into(), contents: join(&header, types, false) },
        File { path: "client.rs".into(), contents: join(&header, client, false) },
        File { path: "requests.rs".into(), contents: join(&header, requests, false) },
    ];
    Ok((files, features))
}

/// `first` followed by `parts` (each printed and spaced on its own), with a blank line wherever
/// `space_items` would put one between the last line of a part and the first of the next; `in_block`
/// when the parts are items of an `impl` block. Each part is dropped once copied.
fn join(first: &str, parts: Vec<String>, in_block: bool) -> String {
    let mut out = String::with_capacity(first.len() + parts.iter().map(|p| p.len() + 1).sum::<usize>());
    out.push_str(first);
    let mut previous_part = false;
    for part in parts {
        let last = out.lines().next_back().unwrap_or_default();
        if previous_part && blank_between(last, part.lines().next().unwrap_or_default(), in_block) {
            out.push('\n');
        }
        out.push_str(&part);
        previous_part = true;
    }
    out
}

/// Puts a blank line between items, as a hand-written file has (prettyplease prints them back to
/// back): between the items of a module, and between the items of an `impl` or `trait` block. An
/// item ends at a line that is `}` or ends with `;` at the item's own indentation.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous = "";
    let mut in_block = false;
    // Inside a multi-line inner attribute (`#![allow(\n ... \n)]`), and whether one just ended.
    let (mut in_inner, mut inner_ended) = (false, false);
    for line in text.lines() {
        let indent = indent_of(line);
        let rest = &line[indent..];
        let inner_attribute = inner_ended || previous.starts_with("#![") && previous.ends_with(']');
        let after_header =
            (previous.starts_with("//!") && !rest.starts_with("//!")) || inner_attribute && !rest.starts_with('#');
        if blank_between(previous, line, in_block) || after_header && !rest.is_empty() && rest != "}" {
            out.push('\n');
        }
        inner_ended = in_inner && line == ")]";
        in_inner = (in_inner || line.starts_with("#![")) && !line.ends_with(']');
        if indent == 0 {
            in_block = (rest.starts_with("impl") || rest.contains("trait ")) && rest.ends_with('{');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// Whether an item ends at `previous` and another starts at `line` (inside an `impl` or `trait`
/// block when `in_block`), so a blank line goes between them.
fn blank_between(previous: &str, line: &str, in_block: bool) -> bool {
    let indent = indent_of(line);
    // Most lines are inside an item: decided without looking further.
    if !(indent == 0 || in_block && indent == 4) {
        return false;
    }
    let rest = &line[indent..];
    let previous_indent = indent_of(previous);
    let same_indent = previous_indent == indent;
    let code = !previous[previous_indent..].starts_with("//");
    let ended = same_indent && code && (previous.trim() == "}" || previous.ends_with(';'));
    // Runs of one-line items (`mod a;`, `pub use b::C;`) stay together, as people write them.
    let kind = |l: &str| {
        let l = l.trim_start().trim_start_matches("pub ");
        if l.starts_with("mod ") {
            "mod"
        } else if l.starts_with("use ") {
            "use"
        } else {
            "other"
        }
    };
    let one_liners = same_indent
        && previous.ends_with(';')
        && rest.ends_with(';')
        && !rest.starts_with(['#', '/'])
        && kind(previous) == kind(rest);
    ended && !one_liners && !rest.is_empty() && rest != "}"
}

/// The length of the whitespace `line` starts with (as `trim_start` counts it), without decoding
/// characters when it is ASCII, as printed code is.
fn indent_of(line: &str) -> usize {
    let ascii = line.bytes().take_while(|&b| b == b' ' || (b'\t'..=b'\r').contains(&b)).count();
    match line.as_bytes().get(ascii) {
        Some(b) if !b.is_ascii() => line.len() - line.trim_start().len(),
        _ => ascii,
    }
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

/// Tokens -> `syn::File` (printed by `prettyplease`), with the docs put in place (see `doc`).
fn parse(tokens: TokenStream) -> Result<syn::File, Error> {
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| Error::internal(format!("emitted tokens do not parse: {e}")))?;
    attach_docs(&mut file)?;
    Ok(file)
}

/// The items of `tokens`, each with `#[cfg]` of `features` when there are any.
fn gated<'f>(tokens: TokenStream, features: impl IntoIterator<Item = &'f str>) -> Result<Vec<syn::Item>, Error> {
    let mut items = parse(tokens)?.items;
    if let Some(attr) = features::cfg(features) {
        features::gate(&mut items, &attr);
    }
    Ok(items)
}

struct Emitter<'a> {
    api: &'a Api,
    types: HashMap<&'a str, &'a TypeDef>,
    rt: Ident,
    /// The runtime's crate name as the code uses it (`drata_runtime`). Each module imports it as
    /// `rt`, which keeps paths short and the generated files small.
    runtime: Ident,
    /// The generated crate's name as a path (`drata`).
    krate: String,
    /// The distinct lists of documented error statuses by the name of their `const` in
    /// `requests.rs`, which operations with the same list share.
    error_consts: BTreeMap<String, Vec<(u16, &'a str)>>,
    error_const_of: HashMap<Vec<(u16, &'a str)>, String>,
    /// Structs that carry base64 content (for `into_bytes()`).
    byte_carriers: std::collections::HashSet<&'a str>,
    /// The features that compile a type, for types not always compiled.
    type_gates: HashMap<&'a str, std::collections::BTreeSet<&'a str>>,
}

/// Names the distinct lists of documented error statuses by their content, so that adding an
/// operation renames no other constant: `ERRORS_400_401_404` from the codes, and when lists with
/// the same codes differ in their descriptions, each of those gets a hash of its descriptions too
/// (`ERRORS_400_401_404_9C1E`).
fn error_const_names(api: &Api) -> HashMap<Vec<(u16, &str)>, String> {
    let mut by_codes: BTreeMap<String, Vec<Vec<(u16, &str)>>> = BTreeMap::new();
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
fn documented(op: &Operation) -> Vec<(u16, &str)> {
    op.errors
        .iter()
        .filter_map(|(status, description)| match status {
            Status::Code(code) => Some((*code, description.as_str())),
            Status::Range(_) | Status::Default => None,
        })
        .collect()
}

impl<'a> Emitter<'a> {
    fn new(api: &'a Api, crate_name: &str) -> Result<Self, Error> {
        let error_const_of = error_const_names(api);
        let error_consts = error_const_of.iter().map(|(list, name)| (name.clone(), list.clone())).collect();
        let mut em = Emitter {
            api,
            types: api.types.iter().map(|t| (t.name(), t)).collect(),
            rt: ident("rt")?,
            runtime: ident(&runtime_package(crate_name).replace('-', "_"))?,
            krate: crate_name.replace('-', "_"),
            error_consts,
            error_const_of,
            byte_carriers: Default::default(),
            type_gates: features::type_gates(api),
        };
        em.find_byte_carriers();
        Ok(em)
    }

    /// The `use` line that brings the runtime in as `rt` (allowed unused: a spec with only aliases
    /// of plain types needs nothing from it).
    fn use_runtime(&self) -> TokenStream {
        let runtime = &self.runtime;
        quote!(#[allow(unused_imports)] use ::#runtime as rt;)
    }

    fn task(&self, task: &Task) -> Result<syn::File, Error> {
        match task {
            Task::Lib => parse(self.lib()?),
            Task::Client => parse(self.client()?),
            Task::TypesHeader => {
                let use_rt = self.use_runtime();
                parse(quote! {
                    //! The schemas of the spec as Rust types.
                    #use_rt
                })
            }
            Task::RequestsHeader => {
                let use_rt = self.use_runtime();
                let const_features = self.const_features();
                let consts = self
                    .error_consts
                    .iter()
                    .map(|(const_name, list)| {
                        let name = ident(const_name)?;
                        let entries = list.iter().map(|(status, description)| {
                            let status = proc_macro2::Literal::u16_unsuffixed(*status);
                            quote!((#status, #description))
                        });
                        let tokens = quote! {
                            /// Error statuses the spec documents, with their descriptions.
                            const #name: &[(u16, &str)] = &[#(#entries),*];
                        };
                        let gate = const_features.get(const_name.as_str()).cloned().flatten().unwrap_or_default();
                        gated(tokens, gate)
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                let mut file = parse(quote! {
                    //! One request builder per operation, returned by the methods of [`Client`](crate::Client).
                    #use_rt
                })?;
                file.items.extend(consts.into_iter().flatten());
                Ok(file)
            }
            Task::Types(range) => {
                let mut items = Vec::new();
                for t in &self.api.types[range.clone()] {
                    let gate = self.type_gates.get(t.name()).into_iter().flatten().copied();
                    items.extend(gated(self.type_def(t)?, gate)?);
                }
                Ok(syn::File { shebang: None, attrs: Vec::new(), items })
            }
            Task::Requests(range) => {
                let mut items = Vec::new();
                for op in &self.api.operations[range.clone()] {
                    items.extend(gated(self.builder(op)?, op.features.iter().map(String::as_str))?);
                }
                Ok(syn::File { shebang: None, attrs: Vec::new(), items })
            }
            Task::Methods(range) => {
                let ops = &self.api.operations[range.clone()];
                let methods = ops.iter().map(|op| self.client_method(op)).collect::<Result<Vec<_>, _>>()?;
                let mut file = parse(quote!(impl Client { #(#methods)* }))?;
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

    /// The features that compile each error-status constant, by name: those of the operations
    /// using it, or none (always compiled) when one of them has none.
    fn const_features(&self) -> HashMap<&str, Option<std::collections::BTreeSet<&'a str>>> {
        let mut out: HashMap<&str, Option<std::collections::BTreeSet<&str>>> = HashMap::new();
        for op in &self.api.operations {
            let Some(name) = self.error_const_of.get(&documented(op)) else { continue };
            let features = out.entry(name).or_insert_with(|| Some(Default::default()));
            match features {
                Some(set) if !op.features.is_empty() => set.extend(op.features.iter().map(String::as_str)),
                _ => *features = None,
            }
        }
        out
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

thread_local! {
    /// The doc lines of the task being emitted, by number (see `doc`).
    static DOCS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `///` lines for `text` (one `#[doc]` per line, so prettyplease prints them as line comments).
///
/// Each line is a numbered placeholder, `#[doc = 7]`, until the tokens are parsed: `parse` puts
/// the text in place in the syntax tree. Docs are half of a large API's output, and a string
/// literal would be escaped into tokens only for the parser to unescape it again (8% of the
/// instructions generating GitHub's description took).
fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text).into_iter().map(|l| {
        let l = l.trim_end();
        let line = if l.is_empty() { String::new() } else { format!(" {l}") };
        let n = proc_macro2::Literal::usize_unsuffixed(DOCS.with(|docs| {
            let mut docs = docs.borrow_mut();
            docs.push(line);
            docs.len() - 1
        }));
        quote!(#[doc = #n])
    });
    quote!(#(#lines)*)
}

/// `text` as a raw string literal (`r"..."`, with as many `#` as it needs), as `///` comments are:
/// unlike an ordinary string literal, neither making it nor reading it back (as prettyplease does)
/// goes through escapes character by character.
fn raw_string(text: &str) -> Option<syn::Lit> {
    let hashes = text.split('"').skip(1).map(|after| after.len() - after.trim_start_matches('#').len() + 1).max();
    let hashes = "#".repeat(hashes.unwrap_or(0));
    let literal: proc_macro2::Literal = format!("r{hashes}\"{text}\"{hashes}").parse().ok()?;
    Some(syn::Lit::new(literal))
}

/// Replaces each `#[doc = N]` placeholder in `file` with its line (see `doc`); an error when one
/// has none.
fn attach_docs(file: &mut syn::File) -> Result<(), Error> {
    struct Attach<'d> {
        docs: &'d [String],
        missing: bool,
    }
    impl syn::visit_mut::VisitMut for Attach<'_> {
        fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
            let syn::Meta::NameValue(doc) = &mut attr.meta else { return };
            let syn::Expr::Lit(syn::ExprLit { lit, .. }) = &mut doc.value else { return };
            let syn::Lit::Int(n) = lit else { return };
            if !doc.path.is_ident("doc") {
                return;
            }
            // A line a raw string cannot hold (none that `doc_lines` makes) is escaped instead.
            match n.base10_parse::<usize>().ok().and_then(|i| self.docs.get(i)) {
                Some(line) => *lit = raw_string(line).unwrap_or_else(|| syn::LitStr::new(line, n.span()).into()),
                None => self.missing = true,
            }
        }
    }
    DOCS.with(|docs| {
        let docs = docs.borrow();
        let mut attach = Attach { docs: &docs, missing: false };
        syn::visit_mut::visit_file_mut(&mut attach, file);
        match attach.missing {
            true => Err(Error::internal("a doc placeholder has no text")),
            false => Ok(()),
        }
    })
}

/// The lines of a text for rustdoc: a bare carriage return (which rustc refuses in a doc comment)
/// breaks a line as a newline does.
fn doc_lines(text: &str) -> Vec<String> {
    let text = text.trim();
    if !text.contains('\r') {
        return text.lines().map(str::to_owned).collect();
    }
    text.replace("\r\n", "\n").replace('\r', "\n").lines().map(str::to_owned).collect()
}

fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    doc(text.filter(|t| !t.trim().is_empty()).unwrap_or(fallback))
}

/// The rustdoc of a field or parameter: its description, then a paragraph of what the spec says
/// that the Rust type cannot (format, default, bounds, example). Empty when the spec says nothing.
fn describe(description: Option<&str>, about: &About) -> String {
    let mut text = description.unwrap_or_default().to_owned();
    let mut push = |sentence: String| {
        if !text.is_empty() {
            text.push_str(if text.ends_with('.') || text.ends_with('\n') { "\n\n" } else { ".\n\n" });
        }
        text.push_str(&sentence);
    };
    let compact = |value: &serde_json::Value| match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // One paragraph of facts after the description.
    let mut facts: Vec<String> = Vec::new();
    if let Some(format) = &about.format {
        facts.push(format!("Format: `{format}`."));
    }
    if let Some(default) = &about.default {
        facts.push(format!("Default: `{}`.", compact(default)));
    }
    facts.extend(about.constraints.sentences());
    // A long or multi-line example is noise in a one-line doc; the spec has it.
    if let Some(example) = about.example.as_ref().map(compact).filter(|e| e.len() <= 100 && !e.contains(['\n', '`'])) {
        facts.push(format!("Example: `{example}`."));
    }
    if !facts.is_empty() {
        push(facts.join(" "));
    }
    if let Some(note) = &about.inferred {
        push(inferred(note));
    }
    text
}

/// How a note the spec marks as inferred reads in rustdoc: what to double-check.
fn inferred(note: &str) -> String {
    format!("*Inferred, not on the reference pages:* {}", note.trim())
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
    /// The description of the schema a value's type names (through lists, `Option` and
    /// `Expandable`): what a property without its own description is.
    fn type_doc(&self, ty: &Type) -> Option<&str> {
        match ty {
            Type::Nullable(t) | Type::Vec(t) | Type::Map(t) | Type::Expandable(t) => self.type_doc(t),
            Type::Named(n) => match self.types.get(n.as_str())? {
                TypeDef::Struct(s) => s.doc.as_deref(),
                TypeDef::Enum(e) => e.doc.as_deref(),
                TypeDef::Union(u) => u.doc.as_deref(),
                TypeDef::Alias { doc, .. } => doc.as_deref(),
            },
            _ => None,
        }
    }

    fn is_scalar(&self, ty: &Type) -> bool {
        crate::ir::is_scalar(ty, |n| self.types.get(n).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::{emit_with, space_items};

    #[test]
    fn the_output_does_not_depend_on_threads_or_chunks() {
        let lowered = crate::lower_text(include_str!("../../../spec/drata.yaml"), "drata.yaml").unwrap();
        let api = &lowered.api;
        let whole = emit_with(api, "drata.yaml", "drata", 1, usize::MAX).unwrap().0;
        // Chunks of one item each (the smallest `min_chunk` allows), on one thread and on three.
        for threads in [1, 3] {
            let chunked = emit_with(api, "drata.yaml", "drata", threads, 1).unwrap().0;
            assert_eq!(whole.len(), chunked.len(), "the same files on {threads} threads");
            for (a, b) in whole.iter().zip(&chunked) {
                assert_eq!(a.path, b.path);
                assert!(a.contents == b.contents, "{} differs on {threads} threads", a.path);
            }
        }
        let client = &whole.iter().find(|f| f.path == "client.rs").unwrap().contents;
        assert_eq!(client.matches("impl Client {").count(), 2, "constructors, then one block of methods");
    }

    #[test]
    fn indentation_is_counted_as_trim_start_counts_it() {
        for line in ["", "x", "    x", " \t\x0b\x0c\rx", "    ", "\u{3000} x", "  \u{a0}x", "  é", "\u{85}"] {
            assert_eq!(super::indent_of(line), line.len() - line.trim_start().len(), "{line:?}");
        }
    }

    #[test]
    fn doc_lines_come_back_as_written() {
        for text in
            ["plain", "", "with \"quotes\" and \\ backslash", "a \"# b \"## c", "tab\there, é, `code`, {braces}"]
        {
            let Some(syn::Lit::Str(lit)) = super::raw_string(text) else { panic!("{text}") };
            assert_eq!(lit.value(), text);
        }
        // Placeholders in tokens, text in the printed file.
        let docs = super::doc("First line.\n\nSecond \"line\".");
        let file = super::parse(quote::quote!(#docs struct A;)).unwrap();
        assert_eq!(prettyplease::unparse(&file), "/// First line.\n///\n/// Second \"line\".\nstruct A;\n");
    }

    #[test]
    fn items_get_a_blank_line_between_them_and_nothing_else_does() {
        let printed = "//! Docs.\n#![allow(\n    a\n)]\nmod a;\nmod b;\npub use a::A;\n/// ```\n/// let x = 1;\n/// ```\n#[derive(\n    Debug,\n)]\npub struct S {\n    x: i32,\n}\nimpl S {\n    const C: i32 = 1;\n    fn f() {\n        let y = 2;\n        g();\n    }\n    fn h() {}\n}\nconst D: i32 = 2;\n";
        let spaced = "//! Docs.\n\n#![allow(\n    a\n)]\n\nmod a;\nmod b;\n\npub use a::A;\n\n/// ```\n/// let x = 1;\n/// ```\n#[derive(\n    Debug,\n)]\npub struct S {\n    x: i32,\n}\n\nimpl S {\n    const C: i32 = 1;\n\n    fn f() {\n        let y = 2;\n        g();\n    }\n\n    fn h() {}\n}\n\nconst D: i32 = 2;\n";
        assert_eq!(space_items(printed), spaced);
    }
}
