//! Documentation: the rustdoc of generated items, and how it gets into the printed file.
//!
//! Doc lines are half of a large API's output. A string literal would be escaped into tokens only
//! for the parser to unescape it again, so an item's tokens carry numbered placeholders instead
//! (`#[doc = 7]`), and [`Docs::parse`] puts each line into the syntax tree as a raw string. The
//! lines live in a [`Docs`] table owned by the emitter that made the placeholders, so they cannot
//! be read by another thread or outlive the piece of output they belong to.

use crate::error::Error;
use crate::ir::About;
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;

/// The doc lines of the piece of output being emitted, by placeholder number.
#[derive(Default)]
pub(super) struct Docs {
    lines: RefCell<Vec<String>>,
}

impl Docs {
    /// `///` lines for `text` (one `#[doc]` per line, so prettyplease prints them as line
    /// comments), as numbered placeholders.
    pub fn doc(&self, text: &str) -> TokenStream {
        let mut lines = self.lines.borrow_mut();
        let placeholders = doc_lines(text).into_iter().map(|l| {
            let l = l.trim_end();
            lines.push(if l.is_empty() { String::new() } else { format!(" {l}") });
            let n = proc_macro2::Literal::usize_unsuffixed(lines.len() - 1);
            quote!(#[doc = #n])
        });
        let placeholders: Vec<TokenStream> = placeholders.collect();
        quote!(#(#placeholders)*)
    }

    /// `text`, or `fallback` when it is absent or blank.
    pub fn doc_or(&self, text: Option<&str>, fallback: &str) -> TokenStream {
        self.doc(text.filter(|t| !t.trim().is_empty()).unwrap_or(fallback))
    }

    /// Tokens -> `syn::File` (printed by `prettyplease`), with the docs put in place.
    pub fn parse(&self, tokens: TokenStream) -> Result<syn::File, Error> {
        let mut file: syn::File =
            syn::parse2(tokens).map_err(|e| Error::internal(format!("emitted tokens do not parse: {e}")))?;
        self.attach(&mut file)?;
        Ok(file)
    }

    /// Forgets the lines: the pieces of output that used them are parsed.
    pub fn clear(&self) {
        self.lines.borrow_mut().clear();
    }

    /// Replaces each `#[doc = N]` placeholder in `file` with its line; an error when one has none.
    fn attach(&self, file: &mut syn::File) -> Result<(), Error> {
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
        let lines = self.lines.borrow();
        let mut attach = Attach { docs: &lines, missing: false };
        syn::visit_mut::visit_file_mut(&mut attach, file);
        match attach.missing {
            true => Err(Error::internal("a doc placeholder has no text")),
            false => Ok(()),
        }
    }
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

/// The lines of a text for rustdoc: a bare carriage return (which rustc refuses in a doc comment)
/// breaks a line as a newline does.
pub(super) fn doc_lines(text: &str) -> Vec<String> {
    let text = text.trim();
    if !text.contains('\r') {
        return text.lines().map(str::to_owned).collect();
    }
    text.replace("\r\n", "\n").replace('\r', "\n").lines().map(str::to_owned).collect()
}

/// The rustdoc of a field or parameter: its description, then a paragraph of what the spec says
/// that the Rust type cannot (format, default, bounds, example). Empty when the spec says nothing.
pub(super) fn describe(description: Option<&str>, about: &About) -> String {
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
pub(super) fn inferred(note: &str) -> String {
    format!("*Inferred, not on the reference pages:* {}", note.trim())
}

#[cfg(test)]
mod tests {
    use super::{raw_string, Docs};

    #[test]
    fn doc_lines_come_back_as_written() {
        for text in
            ["plain", "", "with \"quotes\" and \\ backslash", "a \"# b \"## c", "tab\there, é, `code`, {braces}"]
        {
            let Some(syn::Lit::Str(lit)) = raw_string(text) else { panic!("{text}") };
            assert_eq!(lit.value(), text);
        }
        // Placeholders in tokens, text in the printed file.
        let docs = Docs::default();
        let lines = docs.doc("First line.\n\nSecond \"line\".");
        let file = docs.parse(quote::quote!(#lines struct A;)).unwrap();
        assert_eq!(prettyplease::unparse(&file), "/// First line.\n///\n/// Second \"line\".\nstruct A;\n");
        // A placeholder whose line another table holds is an error, not a wrong line.
        assert!(Docs::default().parse(quote::quote!(#lines struct A;)).is_err());
    }
}
