//! The `drata-codegen` command line.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "drata-codegen", version, about = "Generate a Rust client crate from an OpenAPI 3.0 or 3.1 document")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the Rust sources from the spec; files whose contents are unchanged are not touched.
    Generate {
        /// The OpenAPI 3.0 or 3.1 document (YAML or JSON).
        #[arg(long, default_value = "spec/drata.yaml")]
        spec: PathBuf,
        /// The directory to write the sources to.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Write a standalone crate with this name (Cargo.toml and src/) instead of bare sources.
        #[arg(long)]
        crate_name: Option<String>,
        /// With --crate-name: depend on the runtime at this path instead of writing a copy of it
        /// into the crate.
        #[arg(long, requires = "crate_name")]
        runtime_path: Option<String>,
    },
    /// Exit 0 when the output directory holds exactly what the spec produces; otherwise print a
    /// unified diff of what would change and exit 1. Writes nothing.
    Check {
        /// The OpenAPI 3.0 or 3.1 document (YAML or JSON).
        #[arg(long, default_value = "spec/drata.yaml")]
        spec: PathBuf,
        /// The directory holding the generated sources.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Write a program that calls every operation of the crate `--crate-name` generates from the
    /// spec, with values built from the spec, and prints a row per call (see scripts/conformance.py).
    Driver {
        /// The OpenAPI 3.0 or 3.1 document (YAML or JSON).
        #[arg(long)]
        spec: PathBuf,
        /// The name of the generated crate the program calls.
        #[arg(long)]
        crate_name: String,
        /// The file to write (the program's `main.rs`).
        #[arg(long)]
        out: PathBuf,
    },
    /// Report how the API surface changed between two specs, breaking changes first, each with the
    /// Rust item it maps to. Exit 0 without breaking changes, 2 with one.
    Diff {
        /// OLD and NEW specs; with --since, only NEW (default spec/drata.yaml).
        specs: Vec<PathBuf>,
        /// Compare NEW with its own version at this git revision (e.g. `main`, `HEAD~3`).
        #[arg(long)]
        since: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

fn main() -> ExitCode {
    let start = Instant::now();
    let cli = Cli::parse();
    match cli.command {
        Command::Check { spec, out } => match drata_codegen::Config::new().spec(&spec).out_dir(&out).check() {
            Ok(diffs) if diffs.is_empty() => {
                println!("{}: up to date with {}", out.display(), spec.display());
                ExitCode::SUCCESS
            }
            Ok(diffs) => {
                for d in &diffs {
                    print!("{d}");
                }
                eprintln!("{} file(s) in {} are stale: run `drata-codegen generate`", diffs.len(), out.display());
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Diff { specs, since, format } => match diff(specs, since) {
            Ok(report) => {
                print!(
                    "{}",
                    match format {
                        Format::Text => report.text(),
                        Format::Markdown => report.markdown(),
                        Format::Json => report.json(),
                    }
                );
                if report.is_breaking() {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Driver { spec, crate_name, out } => {
            let written = std::fs::read_to_string(&spec)
                .map_err(|e| format!("{}: {e}", spec.display()))
                .and_then(|text| {
                    drata_codegen::lower_text(&text, &spec.display().to_string()).map_err(|e| e.to_string())
                })
                .and_then(|lowered| {
                    drata_codegen::conformance_driver(&lowered.api, &crate_name).map_err(|e| e.to_string())
                })
                .and_then(|source| std::fs::write(&out, source).map_err(|e| format!("{}: {e}", out.display())));
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Generate { spec, out, crate_name, runtime_path } => {
            let mut config = drata_codegen::Config::new().spec(&spec).out_dir(&out);
            if let Some(name) = crate_name {
                config = config.crate_name(name).layout(drata_codegen::Layout::Crate { runtime_path });
            }
            match config.generate() {
                Ok(mut summary) => {
                    for warning in &summary.warnings {
                        eprintln!("{}: {warning}", spec.display());
                    }
                    // Report the whole run, process start to files written.
                    summary.elapsed = start.elapsed();
                    println!("{}: {summary}", out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Loads OLD and NEW (OLD from git with `--since`) and compares them.
fn diff(specs: Vec<PathBuf>, since: Option<String>) -> Result<drata_codegen::diff::Report, String> {
    let read = |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let (old_name, old_text, new) = match (since, specs.as_slice()) {
        (Some(rev), [] | [_]) => {
            let new = specs.first().cloned().unwrap_or_else(|| PathBuf::from("spec/drata.yaml"));
            let old = git_show(&rev, &new)?;
            (format!("{}@{rev}", new.display()), old, new)
        }
        (None, [old, new]) => (old.display().to_string(), read(old)?, new.clone()),
        _ => return Err("give OLD and NEW specs, or --since REV [NEW]".into()),
    };
    let old = drata_codegen::lower_text(&old_text, &old_name).map_err(|e| e.to_string())?;
    let new_api = drata_codegen::lower_text(&read(&new)?, &new.display().to_string()).map_err(|e| e.to_string())?;
    Ok(drata_codegen::diff::diff(&old.api, &new_api.api))
}

/// The file at `path` as it was at git revision `rev`.
fn git_show(rev: &str, path: &std::path::Path) -> Result<String, String> {
    // `git show REV:./path` resolves the path relative to the working directory.
    let spec = format!("{rev}:./{}", path.display());
    let out =
        std::process::Command::new("git").args(["show", &spec]).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!("git show {spec}: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("git show {spec}: {e}"))
}
