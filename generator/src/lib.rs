//! `drata-codegen`: turns an OpenAPI 3.0 or 3.1 document into a Rust client crate.
//!
//! The pipeline reads in one pass, each stage a module of its own: `parse` (YAML or JSON into
//! `openapiv3`, after `downgrade` translated a 3.1 document to 3.0) -> `lower` (resolve references
//! and name everything: the typed [`ir`], plain data) -> `emit` (`quote!` -> `syn::File` ->
//! `prettyplease`) -> `output` (write what changed, all or nothing). [`diff`] compares two IRs. [`Config`] drives it, in the style of `prost-build`:
//!
//! ```no_run
//! let summary = drata_codegen::Config::new().spec("spec/drata.yaml").out_dir("generated").generate()?;
//! println!("{summary}");
//! # Ok::<(), drata_codegen::Error>(())
//! ```

pub mod diff;
mod downgrade;
mod emit;
mod error;
mod example;
pub mod ir;
mod lower;
mod names;
mod output;
mod parse;
mod vendor;

pub use error::{Error, Warning};
pub use lower::Lowered;
pub use output::{File, Written};

// For this repository's tests only: the stages one by one, and the header generated files start with.
#[doc(hidden)]
pub use {emit::emit, output::HEADER, parse::parse};

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to generate from and where to.
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    out_dir: PathBuf,
    crate_name: String,
    layout: Layout,
}

/// What goes into the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// Only the `.rs` sources (for a crate whose manifest lives elsewhere, like `drata`).
    Sources,
    /// A standalone crate: `Cargo.toml` and `src/`, depending on the runtime at the given path, or on
    /// a copy of it written to `{crate_name}-runtime/` beside `src/` (a package of that name) when `None`.
    Crate { runtime_path: Option<String> },
}

impl Default for Config {
    fn default() -> Self {
        Config {
            spec: PathBuf::from("spec/drata.yaml"),
            out_dir: PathBuf::from("generated"),
            crate_name: "drata".into(),
            layout: Layout::Sources,
        }
    }
}

impl Config {
    /// The Drata spec (`spec/drata.yaml`) into `generated/`, relative to the working directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// The OpenAPI document to read (YAML or JSON).
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.spec = path.into();
        self
    }

    /// The directory the Rust sources go to.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = dir.into();
        self
    }

    /// The name the generated crate is used by (default `drata`), for the examples in its docs.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = name.into();
        self
    }

    /// What to write: sources only (the default) or a standalone crate.
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Generates in memory; touches no file.
    pub fn render(&self) -> Result<Rendered, Error> {
        let file = self.spec.display().to_string();
        // The text is dropped once parsed: lowering a large document is the memory peak.
        let parsed = parse::parse_tolerant(&parse::read(&self.spec)?).map_err(|e| e.in_file(file.clone()))?;
        let lowered = lower_parsed(parsed, &file)?;
        // Only the file name goes into the output, so it is the same on every machine.
        let source = self.spec.file_name().map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        let (mut files, features) =
            emit::emit_files(&lowered.api, &source, &self.crate_name).map_err(|e| e.in_file(file.clone()))?;
        files.push(output::rustfmt_config(&source));
        if let Layout::Crate { runtime_path } = &self.layout {
            let valid = !self.crate_name.is_empty()
                && self.crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !self.crate_name.starts_with(|c: char| c.is_ascii_digit());
            if !valid {
                return Err(Error::general(format!("`{}` is not a valid crate name", self.crate_name))
                    .with_fix("use letters, digits, `-` and `_`, starting with a letter"));
            }
            for f in &mut files {
                f.path = format!("src/{}", f.path);
            }
            // The crate depends on its runtime as `{crate_name}-runtime`: a vendored copy is a package
            // of that name, so clients for two APIs can share a workspace and a lockfile.
            let own = emit::runtime_package(&self.crate_name);
            let runtime = match runtime_path {
                Some(path) => output::Runtime { path: path.clone(), package: vendor::PACKAGE.to_owned() },
                None => output::Runtime { path: own.clone(), package: own.clone() },
            };
            files.push(output::manifest(&lowered.api, &source, &self.crate_name, &runtime, &features));
            if runtime_path.is_none() {
                files.extend(vendor::runtime_files(&own, &own));
            }
        }
        Ok(Rendered { api: lowered.api, files, warnings: lowered.warnings })
    }

    /// Each output file that differs from what the spec produces, as a unified diff (nothing is
    /// written). Empty when the output is fresh.
    pub fn check(&self) -> Result<Vec<String>, Error> {
        output::diffs(&self.render()?.files, &self.out_dir)
    }

    /// Generates and writes the files that changed; leaves the others (and their times) alone.
    /// Either every file is rendered and written, or the output directory is left as it was.
    pub fn generate(&self) -> Result<Summary, Error> {
        let start = Instant::now();
        let rendered = self.render()?;
        let written = rendered.write(&self.out_dir)?;
        Ok(rendered.summary(written, start.elapsed()))
    }

    /// The output files that differ from what the spec produces (nothing is written).
    pub fn stale(&self) -> Result<Vec<String>, Error> {
        self.render()?.stale(&self.out_dir)
    }
}

/// The cargo features a crate generated from `api` offers, one per OpenAPI tag (sorted); all are
/// on by default in the manifest the generator writes.
pub fn features(api: &ir::Api) -> Vec<String> {
    emit::features::all(api)
}

/// The `main.rs` of a program that calls every operation of the crate generated from `api` (named
/// `crate_name`) with values built from the spec, and prints a row per call: what `scripts/conformance.py`
/// runs against an independent server that validates the requests.
pub fn conformance_driver(api: &ir::Api, crate_name: &str) -> Result<String, Error> {
    emit::driver::driver(api, crate_name)
}

/// Parses and lowers a document given as text (`name` is used in messages).
pub fn lower_text(text: &str, name: &str) -> Result<lower::Lowered, Error> {
    lower_parsed(parse::parse_tolerant(text).map_err(|e| e.in_file(name))?, name)
}

/// Lowers a parsed document; the parser's warnings come first.
fn lower_parsed(
    (mut doc, parse_warnings): (openapiv3::OpenAPI, Vec<Warning>),
    name: &str,
) -> Result<lower::Lowered, Error> {
    // Named examples generate nothing; dropped now, they are not alive beside the IR at the memory
    // peak (large documents hold megabytes of them).
    if let Some(components) = &mut doc.components {
        components.examples = Default::default();
    }
    let mut lowered = lower::lower(&doc).map_err(|e| e.in_file(name))?;
    lowered.warnings.splice(0..0, parse_warnings);
    Ok(lowered)
}

/// Generated sources, in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub api: ir::Api,
    pub files: Vec<File>,
    pub warnings: Vec<Warning>,
}

impl Rendered {
    /// Writes the files that changed; see [`Config::generate`].
    pub fn write(&self, out_dir: &Path) -> Result<Written, Error> {
        output::write(&self.files, out_dir)
    }

    /// The output files under `out_dir` that differ from these (nothing is written).
    pub fn stale(&self, out_dir: &Path) -> Result<Vec<String>, Error> {
        output::stale(&self.files, out_dir)
    }

    fn summary(&self, written: Written, elapsed: Duration) -> Summary {
        let count = |f: fn(&ir::TypeDef) -> bool| self.api.types.iter().filter(|t| f(t)).count();
        Summary {
            models: count(|t| matches!(t, ir::TypeDef::Struct(_) | ir::TypeDef::Union(_) | ir::TypeDef::Alias { .. })),
            enums: count(|t| matches!(t, ir::TypeDef::Enum(_))),
            operations: self.api.operations.len(),
            written,
            warnings: self.warnings.clone(),
            elapsed,
        }
    }
}

/// The outcome of [`Config::generate`].
#[derive(Debug, Clone)]
pub struct Summary {
    pub models: usize,
    pub enums: usize,
    pub operations: usize,
    pub written: Written,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = &self.written;
        write!(
            f,
            "{} models, {} enums, {} operations: {} files written, {} unchanged",
            self.models,
            self.enums,
            self.operations,
            w.written.len(),
            w.unchanged.len()
        )?;
        if !w.removed.is_empty() {
            write!(f, ", {} removed", w.removed.len())?;
        }
        if !self.warnings.is_empty() {
            write!(f, ", {} warnings", self.warnings.len())?;
        }
        write!(f, " in {:.1} ms", self.elapsed.as_secs_f64() * 1000.0)
    }
}
