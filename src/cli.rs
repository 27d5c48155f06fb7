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
        /// Output format: `text` for a terminal, `json`, `html` (one self-contained page to open,
        /// print or attach), `markdown` (for a pull-request comment).
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Which changes to show.
        #[arg(long, value_enum, default_value_t = render::diff::Only::Substantive)]
        only: render::diff::Only,
        /// Write the report to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Colour the text report: `auto` on a terminal unless NO_COLOR is set.
        #[arg(long, value_enum, default_value_t = render::color::ColorChoice::Auto)]
        color: render::color::ColorChoice,
        /// Print a one-screen summary (verdict, counts, one line per change) instead of the report.
        #[arg(long)]
        stat: bool,
    },
    /// Draft a 《隐私政策更新说明》 for users from two versions of a policy.
    ///
    /// Exit code: 0 when the notice was written (whatever changed), 2 on trouble.
    Notice {
        /// The old version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = render::notice::NoticeFormat::Markdown)]
        format: render::notice::NoticeFormat,
        /// Product name for the title (default: the new version's title).
        #[arg(long, value_name = "NAME")]
        product: Option<String>,
        /// Write the notice to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Output formats of `diff`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Html,
    Markdown,
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

/// Writes to `path` when given, else to standard output.
fn emit_to(path: Option<&Path>, out: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
        }
        None => emit(out),
    }
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
            output,
            color,
            stat,
        } => {
            let old_doc = load(old, cli.max_size)?;
            let new_doc = load(new, cli.max_size)?;
            let report = diff::compare(&old_doc, &new_doc);
            let to_terminal =
                output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
            let no_color = std::env::var("NO_COLOR").ok();
            let palette =
                render::color::Palette::new(color.enabled(to_terminal, no_color.as_deref()));
            let out = match format {
                _ if *stat => render::color::stat(&report, palette),
                DiffFormat::Json => to_json(&report)?,
                DiffFormat::Text => {
                    render::color::paint(&render::diff::render(&report, *only), palette)
                }
                DiffFormat::Html => render::html::render(&report, &old_doc, &new_doc),
                DiffFormat::Markdown => render::markdown::render(&report, *only),
            };
            emit_to(output.as_deref(), &out)?;
            Ok(if report.has_substantive_changes() {
                EXIT_DIFFERENCES
            } else {
                EXIT_OK
            })
        }
        Command::Notice {
            old,
            new,
            format,
            product,
            output,
        } => {
            let old_doc = load(old, cli.max_size)?;
            let new_doc = load(new, cli.max_size)?;
            let report = diff::compare(&old_doc, &new_doc);
            let options = render::notice::NoticeOptions {
                product: product.clone(),
                format: *format,
            };
            emit_to(
                output.as_deref(),
                &render::notice::render(&report, &old_doc, &new_doc, &options),
            )?;
            Ok(EXIT_OK)
        }
    }
}
