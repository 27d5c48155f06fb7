//! Command-line interface: subcommands, output formats and exit codes. The only place that prints.

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use policydiff::model::Document;
use policydiff::{diff, extract, read, render, structure};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit code: success, no substantive difference.
pub const EXIT_OK: i32 = 0;
/// Exit code: differences found (diff), like diff(1).
pub const EXIT_DIFFERENCES: i32 = 1;
/// Exit code: trouble (bad input, unreadable file, bad arguments).
pub const EXIT_TROUBLE: i32 = 2;

#[derive(Parser)]
#[command(
    name = "policydiff",
    version,
    about = "Read Chinese privacy policies and diff their versions semantically"
)]
struct Cli {
    /// Refuse inputs larger than this many bytes.
    #[arg(long, global = true, default_value_t = read::DEFAULT_MAX_SIZE)]
    max_size: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a policy into its structure (outline as text, or the document model as JSON).
    Parse {
        /// Policy file (text, Markdown or HTML), or `-` for stdin.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Extract the data practices a policy states.
    Extract {
        /// Policy file, or `-` for stdin.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Compare two versions of a policy and classify the changes.
    Diff {
        /// The old version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Which changes to show.
        #[arg(long, value_enum, default_value_t = render::diff::Only::Substantive)]
        only: render::diff::Only,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_OK
            };
        }
    };
    match execute(&cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return EXIT_OK;
            }
            eprintln!("policydiff: error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            EXIT_TROUBLE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn load(path: &Path, max_size: u64) -> anyhow::Result<Document> {
    let input = read::read_input(path, max_size)?;
    Ok(structure::parse(&input))
}

fn emit(out: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).context("writing output")?;
    stdout.flush().context("writing output")?;
    Ok(())
}

fn to_json<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(value).context("serialising JSON")?;
    s.push('\n');
    Ok(s)
}

fn execute(cli: &Cli) -> anyhow::Result<i32> {
    match &cli.command {
        Command::Parse { file, format } => {
            let doc = load(file, cli.max_size)?;
            emit(&match format {
                OutputFormat::Json => to_json(&doc)?,
                OutputFormat::Text => render::outline::render(&doc),
            })?;
            Ok(EXIT_OK)
        }
        Command::Extract { file, format } => {
            let doc = load(file, cli.max_size)?;
            let practices = extract::extract(&doc);
            emit(&match format {
                OutputFormat::Json => to_json(&practices)?,
                OutputFormat::Text => render::practices::render(&practices),
            })?;
            Ok(EXIT_OK)
        }
        Command::Diff {
            old,
            new,
            format,
            only,
        } => {
            let old_doc = load(old, cli.max_size)?;
            let new_doc = load(new, cli.max_size)?;
            let report = diff::compare(&old_doc, &new_doc);
            emit(&match format {
                OutputFormat::Json => to_json(&report)?,
                OutputFormat::Text => render::diff::render(&report, *only),
            })?;
            Ok(if report.has_substantive_changes() {
                EXIT_DIFFERENCES
            } else {
                EXIT_OK
            })
        }
    }
}
