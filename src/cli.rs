//! Command-line interface: subcommands, output formats and exit codes. The only place that prints.

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use policydiff::batch::{self, Shard, Summary};
use policydiff::check::{self, Acknowledged, Versions};
use policydiff::config::Config;
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
        /// Output format (`outline` is the text outline: sections, clause counts, TOC resolution).
        #[arg(long, value_enum, default_value_t = ParseFormat::Text)]
        format: ParseFormat,
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
    /// CI gate: exit 1 when a major change is not acknowledged, or the date was not updated.
    Check {
        /// `OLD NEW` files; with `--git`, the policy files to check (one or more).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Compare git revisions `BASE` (against the working tree) or `BASE..HEAD`. Without a value:
        /// the merge base with the default branch when `CI` is set, else HEAD.
        #[arg(long, num_args = 0..=1, default_missing_value = "", value_name = "BASE[..HEAD]")]
        git: Option<String>,
        /// Acknowledged reason codes, comma-separated (`third_party,data_category`; also `minor`, `all`).
        #[arg(long, value_delimiter = ',')]
        allow: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Configuration file (default: policydiff.toml in the current directory or the repository root).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Extract every policy under the given files/directories in parallel: one JSON line per file.
    Batch {
        /// Policy files and directories (walked recursively: .txt .md .html …).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the JSON lines to this file instead of standard output.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Treat each directory as a series of dated versions and diff consecutive versions.
        #[arg(long)]
        diff_series: bool,
        /// Process only shard I of N (files in sorted order, index modulo N), e.g. `--shard 0/4`.
        #[arg(long, value_name = "I/N")]
        shard: Option<Shard>,
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
enum CheckFormat {
    /// A verdict per file with the failing changes.
    Text,
    /// The diff JSON plus the verdict, per file.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…`).
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum ParseFormat {
    Text,
    Outline,
    Json,
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
    // The main thread is one of the global pool's workers: `rayon::join` from it starts the first
    // half at once instead of handing both to threads that may take milliseconds to be scheduled.
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
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
    Ok(structure::parse_file(path, max_size)?)
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

/// Reads and parses two versions while [`diff::prepare`] builds the matchers and patterns on the
/// other core.
fn load_pair(old: &Path, new: &Path, max_size: u64) -> anyhow::Result<(Document, Document)> {
    let (docs, ()) = rayon::join(
        || Ok::<_, anyhow::Error>((load(old, max_size)?, load(new, max_size)?)),
        diff::prepare,
    );
    docs
}

fn execute(cli: &Cli) -> anyhow::Result<i32> {
    match &cli.command {
        Command::Parse { file, format } => {
            let doc = load(file, cli.max_size)?;
            emit(&match format {
                ParseFormat::Json => to_json(&doc)?,
                ParseFormat::Text | ParseFormat::Outline => render::outline::render(&doc),
            })?;
            Ok(EXIT_OK)
        }
        Command::Extract { file, format } => {
            // Dictionaries and patterns build on the other core while the input is read and parsed.
            let (doc, ()) = rayon::join(|| load(file, cli.max_size), extract::prepare);
            let practices = extract::extract(&doc?);
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
            let (old_doc, new_doc) = load_pair(old, new, cli.max_size)?;
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
            let (old_doc, new_doc) = load_pair(old, new, cli.max_size)?;
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
        Command::Check {
            paths,
            git,
            allow,
            format,
            config,
        } => run_check(
            paths,
            git.as_deref(),
            allow,
            *format,
            config.as_deref(),
            cli.max_size,
        ),
        Command::Batch {
            paths,
            out,
            jobs,
            diff_series,
            shard,
        } => run_batch(
            paths,
            out.as_deref(),
            *jobs,
            *diff_series,
            *shard,
            cli.max_size,
        ),
    }
}

/// `policydiff batch`: parallel extraction (or series diffs), JSON lines in input order, a progress
/// bar on a terminal and a summary on stderr. Per-file errors are recorded, not fatal.
fn run_batch(
    paths: &[PathBuf],
    out: Option<&Path>,
    jobs: Option<usize>,
    diff_series: bool,
    shard: Option<Shard>,
    max_size: u64,
) -> anyhow::Result<i32> {
    use std::io::IsTerminal;
    let files = batch::discover(paths, shard)?;
    if files.is_empty() {
        let given: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!(
            "no policy files (.txt .md .html …) under {}",
            given.join(", ")
        );
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let mut writer: Box<dyn Write> = match out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let pairs = if diff_series {
        batch::series_pairs(&files)
    } else {
        Vec::new()
    };
    let total = if diff_series {
        pairs.len()
    } else {
        files.len()
    };
    let progress = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files  {per_sec}  eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let started = std::time::Instant::now();
    let mut summary = Summary::default();
    let mut write_line = |record: &dyn erased::Record| -> anyhow::Result<()> {
        record.write_json(&mut writer).context("writing output")?;
        writer.write_all(b"\n").context("writing output")?;
        progress.inc(1);
        Ok(())
    };
    if diff_series {
        batch::run_ordered(
            &pool,
            &pairs,
            |(old, new)| batch::diff_one(old, new, max_size),
            |r| {
                summary.add_diff(&r);
                write_line(&r)
            },
        )?;
    } else {
        batch::run_ordered(
            &pool,
            &files,
            |f| batch::extract_one(f, max_size),
            |r| {
                summary.add_extract(&r);
                write_line(&r)
            },
        )?;
    }
    writer.flush().context("writing output")?;
    progress.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let mb = summary.bytes as f64 / 1e6;
    eprintln!(
        "{} {} in {:.2} s: {:.1} MB, {:.1} MB/s, {} error(s)",
        summary.records,
        if diff_series {
            "version pairs"
        } else {
            "files"
        },
        seconds,
        mb,
        mb / seconds,
        summary.errors
    );
    let show = |title: &str, map: &std::collections::BTreeMap<String, usize>| {
        let top = Summary::top(map, 10);
        if !top.is_empty() {
            let list: Vec<String> = top.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            eprintln!("{title}: {}", list.join(", "));
        }
    };
    show("most frequent data items", &summary.data_items);
    show("most frequent third parties", &summary.third_parties);
    show("major change codes", &summary.major_codes);
    Ok(EXIT_OK)
}

/// Object-safe JSON writing for the two record types batch mode emits.
mod erased {
    /// A record that writes itself as one line of JSON.
    pub trait Record {
        /// Serialises the record (without a newline).
        fn write_json(&self, w: &mut dyn std::io::Write) -> serde_json::Result<()>;
    }
    impl<T: serde::Serialize> Record for T {
        fn write_json(&self, w: &mut dyn std::io::Write) -> serde_json::Result<()> {
            serde_json::to_writer(w, self)
        }
    }
}

/// `policydiff check`: builds the request, runs it, prints the report, and returns 0, or 1 when any file fails.
fn run_check(
    paths: &[PathBuf],
    git_range: Option<&str>,
    allow: &[String],
    format: CheckFormat,
    config_path: Option<&Path>,
    max_size: u64,
) -> anyhow::Result<i32> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let repo_root = policydiff::git::repo_root(&cwd);
    let config = match config_path {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            Config::parse(&text, path)?
        }
        None => Config::discover(&cwd, repo_root.as_deref())?.0,
    };
    let allow = Acknowledged::parse(allow.iter().map(String::as_str))
        .map_err(|e| anyhow::anyhow!("--allow: {e}"))?;
    let versions = match git_range {
        None => match paths {
            [old, new] => Versions::Files {
                old: old.clone(),
                new: new.clone(),
            },
            _ => anyhow::bail!(
                "check takes OLD NEW (two files), or --git with one or more policy files"
            ),
        },
        Some(range) => {
            let (base, head) = match range.split_once("..") {
                Some((b, h)) => (b.to_owned(), (!h.is_empty()).then(|| h.to_owned())),
                None if range.is_empty() => (check::default_base(&cwd)?, None),
                None => (range.to_owned(), None),
            };
            Versions::Git {
                dir: cwd.clone(),
                base,
                head,
                paths: paths.to_vec(),
            }
        }
    };
    let files = check::run(&versions, &config, &allow, max_size)?;
    emit(&match format {
        CheckFormat::Text => render::ci::text(&files),
        CheckFormat::Json => to_json(&render::ci::json(&files))?,
        CheckFormat::Github => render::ci::github(&files),
        CheckFormat::Sarif => to_json(&render::ci::sarif(&files))?,
    })?;
    Ok(if files.iter().any(|f| f.verdict.failed) {
        EXIT_DIFFERENCES
    } else {
        EXIT_OK
    })
}
