//! `drata-codegen`: turns an OpenAPI 3.0 document into a Rust client crate.
//!
//! The pipeline reads in one pass: [`parse`] (YAML/JSON into `openapiv3`) -> [`lower`] (resolve
//! references and name everything: the typed [`ir`]) -> [`emit`] (`quote!` -> `syn::File` ->
//! `prettyplease`). [`Config`] drives it, in the style of `prost-build`:
//!
//! ```no_run
//! let summary = drata_codegen::Config::new().spec("spec/drata.yaml").out_dir("generated").generate()?;
//! println!("{summary}");
//! # Ok::<(), drata_codegen::Error>(())
//! ```

pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod names;
pub mod parse;
pub mod vendor;

pub use error::{Error, Warning};

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
    /// a copy of it written to `drata-runtime/` beside `src/` when `None`.
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
        let doc = parse::load(&self.spec)?;
        let file = self.spec.display().to_string();
        let lowered = lower::lower(&doc).map_err(|e| e.in_file(file.clone()))?;
        // Only the file name goes into the output, so it is the same on every machine.
        let source = self.spec.file_name().map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        let mut files = emit::emit(&lowered.api, &source, &self.crate_name).map_err(|e| e.in_file(file.clone()))?;
        if let Layout::Crate { runtime_path } = &self.layout {
            let valid = !self.crate_name.is_empty()
                && self.crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !self.crate_name.starts_with(|c: char| c.is_ascii_digit());
            if !valid {
                return Err(Error {
                    file: None,
                    pointer: None,
                    message: format!("`{}` is not a valid crate name", self.crate_name),
                    fix: Some("use letters, digits, `-` and `_`, starting with a letter".into()),
                });
            }
            for f in &mut files {
                f.path = format!("src/{}", f.path);
            }
            let runtime = runtime_path.clone().unwrap_or_else(|| "drata-runtime".to_owned());
            files.push(emit::manifest(&lowered.api, &source, &self.crate_name, &runtime));
            if runtime_path.is_none() {
                files.extend(vendor::runtime_files("drata-runtime"));
            }
        }
        Ok(Rendered { api: lowered.api, files, warnings: lowered.warnings })
    }

    /// Each output file that differs from what the spec produces, as a unified diff (nothing is
    /// written). Empty when the output is fresh.
    pub fn check(&self) -> Result<Vec<String>, Error> {
        let rendered = self.render()?;
        let mut diffs = Vec::new();
        for path in rendered.stale(&self.out_dir)? {
            let old = std::fs::read_to_string(self.out_dir.join(&path)).unwrap_or_default();
            let new = rendered.files.iter().find(|f| f.path == path).map_or("", |f| f.contents.as_str());
            let shown = self.out_dir.join(&path).display().to_string();
            let text = similar::TextDiff::from_lines(old.as_str(), new)
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{shown}"), &format!("b/{shown}"))
                .to_string();
            diffs.push(text);
        }
        Ok(diffs)
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

/// Parses and lowers a document given as text (`name` is used in messages).
pub fn lower_text(text: &str, name: &str) -> Result<lower::Lowered, Error> {
    let doc = parse::parse(text).map_err(|e| e.in_file(name))?;
    lower::lower(&doc).map_err(|e| e.in_file(name))
}

/// Generated sources, in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub api: ir::Api,
    pub files: Vec<emit::File>,
    pub warnings: Vec<Warning>,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    /// Files of an earlier generation that the spec no longer produces.
    pub removed: Vec<String>,
}

impl Rendered {
    /// Writes changed files (each through a temporary file and a rename) and removes generated
    /// files the spec no longer produces. All new contents are staged before anything is renamed.
    pub fn write(&self, out_dir: &Path) -> Result<Written, Error> {
        let io = |what: &str, path: &Path, e: std::io::Error| Error {
            file: Some(path.display().to_string()),
            pointer: None,
            message: format!("cannot {what}: {e}"),
            fix: Some("check that the output directory is writable".into()),
        };
        std::fs::create_dir_all(out_dir).map_err(|e| io("create the output directory", out_dir, e))?;
        let mut result = Written::default();
        let mut staged = Vec::new();
        for file in &self.files {
            let target = out_dir.join(&file.path);
            if std::fs::read(&target).is_ok_and(|old| old == file.contents.as_bytes()) {
                result.unchanged.push(file.path.clone());
                continue;
            }
            let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temp = target.with_file_name(format!(".{name}.tmp"));
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io("create the directory", parent, e))?;
            }
            if let Err(e) = std::fs::write(&temp, &file.contents) {
                for (t, _) in &staged {
                    let _ = std::fs::remove_file(t);
                }
                let _ = std::fs::remove_file(&temp);
                return Err(io("write", &temp, e));
            }
            staged.push((temp, target));
            result.written.push(file.path.clone());
        }
        for (temp, target) in &staged {
            std::fs::rename(temp, target).map_err(|e| io("replace", target, e))?;
        }
        for path in self.leftovers(out_dir)? {
            let full = out_dir.join(&path);
            std::fs::remove_file(&full).map_err(|e| io("remove", &full, e))?;
            result.removed.push(path);
        }
        Ok(result)
    }

    /// Files under `out_dir` that differ from the rendered ones, are missing, or would be removed.
    pub fn stale(&self, out_dir: &Path) -> Result<Vec<String>, Error> {
        let mut stale: Vec<String> = self
            .files
            .iter()
            .filter(|f| std::fs::read(out_dir.join(&f.path)).map_or(true, |old| old != f.contents.as_bytes()))
            .map(|f| f.path.clone())
            .collect();
        stale.extend(self.leftovers(out_dir)?);
        Ok(stale)
    }

    /// Generated `.rs` files (recognised by their header) in the directories this output writes
    /// sources to, that are not in this output.
    fn leftovers(&self, out_dir: &Path) -> Result<Vec<String>, Error> {
        let mut dirs: Vec<&str> =
            self.files.iter().filter(|f| f.contents.starts_with(emit::HEADER)).map(|f| f.path.rsplit_once('/').map_or("", |(d, _)| d)).collect();
        dirs.sort_unstable();
        dirs.dedup();
        let mut out = Vec::new();
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(out_dir.join(dir)) else { continue };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let path = if dir.is_empty() { name.clone() } else { format!("{dir}/{name}") };
                if !name.ends_with(".rs") || self.files.iter().any(|f| f.path == path) {
                    continue;
                }
                if std::fs::read_to_string(entry.path()).is_ok_and(|t| t.starts_with(emit::HEADER)) {
                    out.push(path);
                }
            }
        }
        out.sort();
        Ok(out)
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
