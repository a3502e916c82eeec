//! The `drata-codegen` command line.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "drata-codegen", version, about = "Generate a Rust client crate from an OpenAPI 3.0 document")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the Rust sources from the spec; files whose contents are unchanged are not touched.
    Generate {
        /// The OpenAPI 3.0 document (YAML or JSON).
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
}

fn main() -> ExitCode {
    let start = Instant::now();
    let cli = Cli::parse();
    match cli.command {
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
