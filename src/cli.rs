//! Command-line interface: subcommands, output formats and exit codes. The only place that prints.

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use policydiff::batch::{self, Shard, Summary};
use policydiff::check::{self, Acknowledged, Versions};
use policydiff::config::Config;
use policydiff::dictionary::Compiled;
use policydiff::model::Document;
use policydiff::render::{Format, View};
use policydiff::{compare, extract, render, structure};
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
    /// Refuse inputs larger than this: bytes, or with a unit (`10M` = 10,000,000, `64MiB` =
    /// 64 × 1024², also k/K, KiB, G, GiB); default 64MiB.
    #[arg(long, global = true, default_value = "64MiB", value_parser = parse_max_size)]
    max_size: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a policy into its structure (outline as text, or the document model as JSON).
    Parse {
        /// Policy file (text, Markdown, HTML, Word .docx or PDF), or `-` for stdin.
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
    ///
    /// With a single Word document (.docx) carrying tracked changes, compares it with every
    /// revision rejected (old) against every revision accepted (new).
    Diff {
        /// The old version (or the one .docx with tracked changes).
        old: PathBuf,
        /// The new version (omitted for a .docx with tracked changes).
        new: Option<PathBuf>,
        /// Output format: `text` for a terminal, `json`, `html` (one self-contained page to open,
        /// print or attach), `markdown` (for a pull-request comment).
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Which changes to show in the text and Markdown reports (default: substantive); JSON
        /// and HTML always hold every change, so `--only` with them is refused.
        #[arg(long, value_enum)]
        only: Option<OnlyArg>,
        /// Write the report to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Colour the text report: `auto` on a terminal unless NO_COLOR is set.
        #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
        color: ColorArg,
        /// Print a one-screen summary (verdict, counts, one line per change) instead of the
        /// report; a terminal summary, so only with the text format.
        #[arg(long)]
        stat: bool,
        /// Configuration file whose dictionary entries extraction uses, as `check` does
        /// (default: policydiff.toml in the current directory or the repository root).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Draft a 《隐私政策更新说明》 for users from two versions of a policy.
    ///
    /// Exit code: 0 when the notice was written (whatever changed), 2 on trouble.
    Notice {
        /// The old version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// Output format: `markdown` for a web page or an announcement editor, `text` for an
        /// e-mail or an in-app message, `json` for review (each sentence with the changes and
        /// evidence clauses behind it).
        #[arg(long, value_enum, default_value_t = NoticeFormat::Markdown)]
        format: NoticeFormat,
        /// Whom the notice addresses: `users`, or `developers` who integrate an SDK (default:
        /// developers when the new version is an SDK's policy, users otherwise).
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
        /// Product name for the title (default: the new version's title).
        #[arg(long, value_name = "NAME")]
        product: Option<String>,
        /// Write the notice to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Configuration file whose dictionary entries extraction uses, as `check` does
        /// (default: policydiff.toml in the current directory or the repository root).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// CI gate: exit 1 when a major change is not acknowledged, or the date was not updated.
    Check {
        /// `OLD NEW` files; with `--git`, the policy files to check (one or more; `--` before
        /// them is accepted).
        paths: Vec<PathBuf>,
        /// Compare git revisions `BASE` (against the working tree), `BASE..HEAD` or `BASE...HEAD`
        /// (from the merge base). Without a value or base (`..HEAD`): the merge base with the
        /// default branch when `CI` is set, else HEAD. An existing path that is no revision is
        /// taken as a policy file.
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
        /// Policy files and directories (walked recursively: .txt .md .html .docx .pdf …).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the JSON lines to this file instead of standard output.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Worker threads, at least 1 (default: all cores).
        #[arg(long, value_parser = parse_jobs)]
        jobs: Option<usize>,
        /// Follow symbolic links below the given directories (link loops are detected and
        /// skipped); by default links are skipped and counted in the summary.
        #[arg(long)]
        follow: bool,
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

impl From<DiffFormat> for Format {
    fn from(format: DiffFormat) -> Format {
        match format {
            DiffFormat::Text => Format::Text,
            DiffFormat::Json => Format::Json,
            DiffFormat::Html => Format::Html,
            DiffFormat::Markdown => Format::Markdown,
        }
    }
}

/// Output formats of `notice`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NoticeFormat {
    /// Markdown (headings and numbered lists).
    Markdown,
    /// Plain text.
    Text,
    /// The notice model: each sentence with its change ids and evidence clauses.
    Json,
}

impl From<NoticeFormat> for Format {
    fn from(format: NoticeFormat) -> Format {
        match format {
            NoticeFormat::Markdown => Format::Markdown,
            NoticeFormat::Text => Format::Text,
            NoticeFormat::Json => Format::Json,
        }
    }
}

/// `notice --audience`.
#[derive(Clone, Copy, ValueEnum)]
enum AudienceArg {
    /// The product's users.
    Users,
    /// App developers who integrate an SDK.
    Developers,
}

impl From<AudienceArg> for render::notice::Audience {
    fn from(audience: AudienceArg) -> Self {
        match audience {
            AudienceArg::Users => Self::Users,
            AudienceArg::Developers => Self::Developers,
        }
    }
}

/// `diff --only`.
#[derive(Clone, Copy, ValueEnum)]
enum OnlyArg {
    /// Major changes only.
    Major,
    /// Major and minor changes (editorial ones counted, not listed).
    Substantive,
    /// Every change, editorial ones included.
    All,
}

impl From<OnlyArg> for render::diff::Only {
    fn from(only: OnlyArg) -> Self {
        match only {
            OnlyArg::Major => Self::Major,
            OnlyArg::Substantive => Self::Substantive,
            OnlyArg::All => Self::All,
        }
    }
}

/// `diff --color`.
#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    /// Colour when writing to a terminal and `NO_COLOR` is unset or empty.
    Auto,
    /// Always colour (an explicit request overrides `NO_COLOR`).
    Always,
    /// Never colour.
    Never,
}

impl From<ColorArg> for render::color::ColorChoice {
    fn from(color: ColorArg) -> Self {
        match color {
            ColorArg::Auto => Self::Auto,
            ColorArg::Always => Self::Always,
            ColorArg::Never => Self::Never,
        }
    }
}

/// Output formats of `check`.
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

impl From<CheckFormat> for Format {
    fn from(format: CheckFormat) -> Format {
        match format {
            CheckFormat::Text => Format::Text,
            CheckFormat::Json => Format::Json,
            CheckFormat::Github => Format::Github,
            CheckFormat::Sarif => Format::Sarif,
        }
    }
}

/// Output formats of `parse` (`outline` is another name for `text`).
#[derive(Clone, Copy, ValueEnum)]
enum ParseFormat {
    Text,
    Outline,
    Json,
}

impl From<ParseFormat> for Format {
    fn from(format: ParseFormat) -> Format {
        match format {
            ParseFormat::Text | ParseFormat::Outline => Format::Text,
            ParseFormat::Json => Format::Json,
        }
    }
}

/// Output formats of `extract`.
#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

impl From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Format {
        match format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Json => Format::Json,
        }
    }
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
            report(&format!("policydiff: error: {e}"));
            for cause in e.chain().skip(1) {
                report(&format!("  caused by: {cause}"));
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

/// Writes rendered (already sanitised, see [`render::render`]) output to standard output; a
/// reader that closed the pipe (`| head`) is not an error, and the command keeps its exit status,
/// as ripgrep and git do.
fn emit(out: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing output"),
        _ => Ok(()),
    }
}

/// Renders `view` and writes it to `path` when given, else to standard output.
fn emit_to(path: Option<&Path>, view: &View, format: Format) -> anyhow::Result<()> {
    let out = render::render(view, format)?;
    match path {
        Some(path) => {
            std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
        }
        None => emit(&out),
    }
}

/// Writes a line to standard error through the sanitiser (messages name files and quote
/// policy text); a closed standard error is ignored.
fn report(line: &str) {
    let safe = render::sanitize::reveal_controls(line);
    let _ = writeln!(std::io::stderr().lock(), "{safe}");
}

/// Standard input can be read once: `- -` cannot name two versions.
fn refuse_stdin_twice(old: &Path, new: &Path) -> anyhow::Result<()> {
    if old.as_os_str() == "-" && new.as_os_str() == "-" {
        anyhow::bail!("`-` names standard input, which can be read only once: give at most one version as `-`");
    }
    Ok(())
}

/// Reads and parses two versions while [`compare::prepare`] builds the matchers and patterns on the
/// other core.
fn load_pair(old: &Path, new: &Path, max_size: u64) -> anyhow::Result<(Document, Document)> {
    refuse_stdin_twice(old, new)?;
    let (docs, ()) = rayon::join(
        || Ok::<_, anyhow::Error>((load(old, max_size)?, load(new, max_size)?)),
        compare::prepare,
    );
    docs
}

/// Reads one Word document twice, its tracked changes rejected (old) and accepted (new), while
/// [`compare::prepare`] runs on the other core.
fn load_redline(path: &Path, max_size: u64) -> anyhow::Result<(Document, Document)> {
    use policydiff::read::{docx::Revisions, read_input_with, ReadOptions};
    let side = |revisions, label: &str| -> anyhow::Result<Document> {
        let mut input = read_input_with(
            path,
            ReadOptions {
                max_size,
                revisions,
            },
        )?;
        if input.format != policydiff::model::Format::Docx {
            anyhow::bail!(
                "{}: diff needs OLD and NEW; a single file is compared only when it is a Word document (.docx) with tracked changes",
                path.display()
            );
        }
        input.path = PathBuf::from(format!("{} ({label})", path.display()));
        Ok(structure::parse(&input))
    };
    let (docs, ()) = rayon::join(
        || {
            Ok::<_, anyhow::Error>((
                side(Revisions::Rejected, "修订前")?,
                side(Revisions::Accepted, "修订后")?,
            ))
        },
        compare::prepare,
    );
    docs
}

fn execute(cli: &Cli) -> anyhow::Result<i32> {
    match &cli.command {
        Command::Parse { file, format } => {
            let doc = load(file, cli.max_size)?;
            emit_to(None, &View::Document(&doc), (*format).into())?;
            Ok(EXIT_OK)
        }
        Command::Extract { file, format } => {
            // Dictionaries and patterns build on the other core while the input is read and parsed.
            let (doc, ()) = rayon::join(|| load(file, cli.max_size), extract::prepare);
            let doc = doc?;
            let practices = extract::extract(&doc);
            let view = View::Practices {
                practices: &practices,
                doc: &doc,
            };
            emit_to(None, &view, (*format).into())?;
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
            config,
        } => {
            let format_name = Format::from(*format).name();
            if *stat && *format != DiffFormat::Text {
                anyhow::bail!("--stat is a terminal summary: it cannot be combined with --format {format_name}; drop one of them");
            }
            if only.is_some() && matches!(format, DiffFormat::Json | DiffFormat::Html) {
                anyhow::bail!("--only selects what the text and Markdown reports show; --format {format_name} always holds every change (filter the JSON by `severity`)");
            }
            let only = only.map_or(render::diff::Only::Substantive, Into::into);
            let (old_doc, new_doc) = match new {
                Some(new) => load_pair(old, new, cli.max_size)?,
                None => load_redline(old, cli.max_size)?,
            };
            let custom = load_config(config.as_deref())?.compiled_dictionaries();
            let dictionaries = custom.as_ref().unwrap_or_else(|| Compiled::builtin());
            let report = compare::compare_using(&old_doc, &new_doc, dictionaries);
            let to_terminal =
                output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
            let no_color = std::env::var("NO_COLOR").ok();
            let palette = render::color::Palette::new(
                render::color::ColorChoice::from(*color).enabled(to_terminal, no_color.as_deref()),
            );
            let view = if *stat {
                View::DiffStat {
                    report: &report,
                    palette,
                }
            } else {
                View::Diff {
                    report: &report,
                    old: &old_doc,
                    new: &new_doc,
                    only,
                    palette,
                }
            };
            emit_to(output.as_deref(), &view, (*format).into())?;
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
            audience,
            product,
            output,
            config,
        } => {
            let (old_doc, new_doc) = load_pair(old, new, cli.max_size)?;
            let custom = load_config(config.as_deref())?.compiled_dictionaries();
            let dictionaries = custom.as_ref().unwrap_or_else(|| Compiled::builtin());
            let (old_practices, new_practices) = rayon::join(
                || extract::extract_with(&old_doc, dictionaries),
                || extract::extract_with(&new_doc, dictionaries),
            );
            let report = compare::compare_with(&old_doc, &new_doc, &old_practices, &new_practices);
            let options = render::notice::NoticeOptions {
                product: product.clone(),
                audience: audience.map(Into::into),
            };
            let notice = render::notice::draft(
                &report,
                &old_doc,
                &new_doc,
                Some([&old_practices, &new_practices]),
                &options,
            );
            emit_to(output.as_deref(), &View::Notice(&notice), (*format).into())?;
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
            follow,
            diff_series,
            shard,
        } => run_batch(
            paths,
            out.as_deref(),
            *jobs,
            *follow,
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
    follow: bool,
    diff_series: bool,
    shard: Option<Shard>,
    max_size: u64,
) -> anyhow::Result<i32> {
    use std::io::IsTerminal;
    let discovered = batch::discover(paths, shard, follow)?;
    let files = discovered.files;
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
    let mut summary = Summary {
        skipped: discovered.skipped.len(),
        ..Summary::default()
    };
    let mut write_line = |record: &dyn erased::Record| -> anyhow::Result<()> {
        let line = render::sanitize::json(record.to_json().context("serialising JSON")?);
        writer
            .write_all(line.as_bytes())
            .context("writing output")?;
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
    report(&format!(
        "{} {} in {:.2} s: {:.1} MB, {:.1} MB/s, {} error(s), {} skipped",
        summary.records,
        if diff_series {
            "version pairs"
        } else {
            "files"
        },
        seconds,
        mb,
        mb / seconds,
        summary.errors,
        summary.skipped
    ));
    for skip in discovered.skipped.iter().take(10) {
        report(&format!(
            "  skipped {}: {}",
            skip.path.display(),
            skip.reason
        ));
    }
    if discovered.skipped.len() > 10 {
        report(&format!(
            "  … and {} more skipped",
            discovered.skipped.len() - 10
        ));
    }
    let show = |title: &str, map: &std::collections::BTreeMap<String, usize>| {
        let top = Summary::top(map, 10);
        if !top.is_empty() {
            let list: Vec<String> = top.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            report(&format!("{title}: {}", list.join(", ")));
        }
    };
    show("most frequent data items", &summary.data_items);
    show("most frequent third parties", &summary.third_parties);
    show("major change codes", &summary.major_codes);
    Ok(EXIT_OK)
}

/// `--max-size`: a byte count with an optional decimal (`k`, `M`, `G`) or binary (`KiB`, `MiB`,
/// `GiB`) unit.
fn parse_max_size(value: &str) -> Result<u64, String> {
    parse_size::Config::new()
        .with_default_factor(1)
        .parse_size(value)
        .map_err(|e| format!("`{value}`: {e}; expected bytes, e.g. 1000, 10M or 64MiB"))
}

/// `--jobs`: a number of worker threads, at least 1 (omit the flag for all cores).
fn parse_jobs(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(0) => Err("0 threads cannot run anything; omit --jobs to use all cores".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Object-safe JSON writing for the two record types batch mode emits.
mod erased {
    /// A record that writes itself as one line of JSON.
    pub trait Record {
        /// Serialises the record as one line of JSON (without a newline).
        fn to_json(&self) -> serde_json::Result<String>;
    }
    impl<T: serde::Serialize> Record for T {
        fn to_json(&self) -> serde_json::Result<String> {
            serde_json::to_string(self)
        }
    }
}

/// The base and head of a `--git` value: `BASE` (against the working tree), `BASE..HEAD`,
/// `BASE...HEAD` (from their merge base, as `git diff A...B`); an empty base (`..HEAD`, or no
/// value) is the default base, an empty head the working tree.
fn parse_range(cwd: &Path, range: &str) -> anyhow::Result<(String, Option<String>)> {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    if let Some((a, b)) = range.split_once("...") {
        let from = if a.is_empty() { "HEAD" } else { a };
        let to = if b.is_empty() { "HEAD" } else { b };
        let base = policydiff::git::merge_base(cwd, from, to)
            .with_context(|| format!("--git {range}: no merge base of {from} and {to}"))?;
        return Ok((base, some(b)));
    }
    let (base, head) = range.split_once("..").unwrap_or((range, ""));
    let base = match base {
        "" => check::default_base(cwd)?,
        b => b.to_owned(),
    };
    Ok((base, some(head)))
}

/// `policydiff check`: builds the request, runs it, prints the report, and returns 0, or 1 when any file fails.
/// The configuration at `path`, else `policydiff.toml` in the current directory or the
/// repository root, else the defaults: one lookup for `check`, `diff` and `notice`.
fn load_config(path: Option<&Path>) -> anyhow::Result<Config> {
    Ok(match path {
        Some(path) => Config::load(path)?,
        None => {
            let cwd = std::env::current_dir().context("reading the current directory")?;
            let repo_root = policydiff::git::repo_root(&cwd);
            Config::discover(&cwd, repo_root.as_deref())?.0
        }
    })
}

fn run_check(
    paths: &[PathBuf],
    git_range: Option<&str>,
    allow: &[String],
    format: CheckFormat,
    config_path: Option<&Path>,
    max_size: u64,
) -> anyhow::Result<i32> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let config = load_config(config_path)?;
    let allow = Acknowledged::parse(allow.iter().map(String::as_str))
        .map_err(|e| anyhow::anyhow!("--allow: {e}"))?;
    let versions = match git_range {
        None => match paths {
            [old, new] => {
                refuse_stdin_twice(old, new)?;
                Versions::Files {
                    old: old.clone(),
                    new: new.clone(),
                }
            }
            _ => anyhow::bail!(
                "check takes OLD NEW (two files), or --git with one or more policy files"
            ),
        },
        Some(value) => {
            let mut paths = paths.to_vec();
            // `--git policy/privacy.md`: a value that names an existing path and no revision is
            // the first policy file, not the base.
            let range = if !value.is_empty()
                && Path::new(value).exists()
                && policydiff::git::resolve(&cwd, value).is_err()
            {
                paths.insert(0, PathBuf::from(value));
                ""
            } else {
                value
            };
            if paths.is_empty() {
                anyhow::bail!("check --git needs one or more policy files, e.g. `check --git origin/main..HEAD policy/privacy.md`");
            }
            let (base, head) = parse_range(&cwd, range)?;
            Versions::Git {
                dir: cwd.clone(),
                base,
                head,
                paths,
            }
        }
    };
    let files = check::run(&versions, &config, &allow, max_size)?;
    let view = View::Check {
        files: &files,
        trailer: &config.trailer,
    };
    emit_to(None, &view, format.into())?;
    Ok(if files.iter().any(|f| f.verdict.failed) {
        EXIT_DIFFERENCES
    } else {
        EXIT_OK
    })
}
