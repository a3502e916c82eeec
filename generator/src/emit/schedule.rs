//! Scheduling: the pieces of output (tasks), emitted on all cores, and joined into files that read
//! as if printed whole.
//!
//! The items of `types.rs` and `requests.rs` and the `Client` methods are split into chunks, each
//! built, parsed and printed on its own thread (tokens are not `Send`, so each thread has its own
//! [`Emitter`], sharing the [`Shared`] analysis), and the printed chunks are joined in order.
//! prettyplease prints items one after another, so the result is the same bytes as printing each
//! file at once.

use super::{Emitter, Shared};
use crate::error::Error;
use crate::output::{File, HEADER};

/// One independently emitted piece of output.
pub(super) enum Task {
    Lib,
    Client,
    TypesHeader,
    RequestsHeader,
    Types(std::ops::Range<usize>),
    Requests(std::ops::Range<usize>),
    /// The `Client` methods of these operations, in an `impl Client` block of their own.
    Methods(std::ops::Range<usize>),
}

/// The files of the crate, emitted on `threads` threads with chunks of at least `min_chunk` items.
/// The output does not depend on either (a test holds it to that): the same spec gives the same
/// bytes on any machine.
pub(super) fn emit_with(
    shared: &Shared<'_>,
    source_name: &str,
    crate_name: &str,
    threads: usize,
    min_chunk: usize,
) -> Result<Vec<File>, Error> {
    let api = shared.api;
    let header = format!("{HEADER} from {source_name}. Do not edit: change the spec and regenerate.\n\n");
    // Many chunks per thread balance the load, and a chunk's tokens and syntax tree stay small.
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
    // Each worker has its own emitter (tokens are not `Send`), over the one shared analysis.
    let work = || {
        let mut done = Vec::new();
        let em = match Emitter::new(shared, crate_name) {
            Ok(em) => em,
            Err(e) => return vec![(usize::MAX, Err(e))],
        };
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(task) = tasks.get(i) else { break };
            done.push((i, em.task(task).map(|file| space_items(&prettyplease::unparse(&file)))));
        }
        done
    };
    std::thread::scope(|scope| {
        // The calling thread is one of the workers: the memory it freed (the parsed document) is
        // reused rather than each thread taking fresh pages.
        let workers: Vec<_> = (1..threads.min(tasks.len())).map(|_| scope.spawn(work)).collect();
        let mut results = vec![work()];
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
    Ok(files)
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

#[cfg(test)]
mod tests {
    use super::{emit_with, space_items};
    use crate::emit::Shared;

    #[test]
    fn the_output_does_not_depend_on_threads_or_chunks() {
        let lowered = crate::lower_text(include_str!("../../../spec/drata.yaml"), "drata.yaml").unwrap();
        let shared = Shared::new(&lowered.api);
        let whole = emit_with(&shared, "drata.yaml", "drata", 1, usize::MAX).unwrap();
        // Chunks of one item each (the smallest `min_chunk` allows), on one thread and on three.
        for threads in [1, 3] {
            let chunked = emit_with(&shared, "drata.yaml", "drata", threads, 1).unwrap();
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
    fn items_get_a_blank_line_between_them_and_nothing_else_does() {
        let printed = "//! Docs.\n#![allow(\n    a\n)]\nmod a;\nmod b;\npub use a::A;\n/// ```\n/// let x = 1;\n/// ```\n#[derive(\n    Debug,\n)]\npub struct S {\n    x: i32,\n}\nimpl S {\n    const C: i32 = 1;\n    fn f() {\n        let y = 2;\n        g();\n    }\n    fn h() {}\n}\nconst D: i32 = 2;\n";
        let spaced = "//! Docs.\n\n#![allow(\n    a\n)]\n\nmod a;\nmod b;\n\npub use a::A;\n\n/// ```\n/// let x = 1;\n/// ```\n#[derive(\n    Debug,\n)]\npub struct S {\n    x: i32,\n}\n\nimpl S {\n    const C: i32 = 1;\n\n    fn f() {\n        let y = 2;\n        g();\n    }\n\n    fn h() {}\n}\n\nconst D: i32 = 2;\n";
        assert_eq!(space_items(printed), spaced);
    }
}
