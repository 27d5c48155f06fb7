//! Check stage: the CI gate. Judges a diff against the team's configuration and acknowledgements.
//!
//! A check fails when a change of the failing severity carries a reason code nobody acknowledged,
//! or (configurable) when the text changed in substance but the policy's date did not move forward.

use crate::config::Config;
use crate::model::diff::{Change, DiffReport, ReasonCode, Severity};
use crate::model::Document;
use crate::{git, read, structure};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The acknowledgement value that acknowledges minor (code-less) changes when `fail-on = "minor"`.
pub const ACK_MINOR: &str = "minor";
/// The acknowledgement value that acknowledges everything.
pub const ACK_ALL: &str = "all";

/// What the policy author acknowledged: reason codes, plus optionally minor changes or everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Acknowledged {
    /// Acknowledged reason codes.
    pub codes: BTreeSet<ReasonCode>,
    /// Minor changes acknowledged (`minor` or `all`).
    pub minor: bool,
}

impl Acknowledged {
    /// Parses acknowledgement values (`third_party`, `minor`, `all`, …); returns the unknown ones as an error.
    pub fn parse<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Acknowledged, String> {
        let mut ack = Acknowledged::default();
        for value in values {
            let v = value.trim().to_ascii_lowercase();
            if v.is_empty() {
                continue;
            }
            if v == ACK_ALL {
                ack.codes.extend(ReasonCode::ALL);
                ack.minor = true;
            } else if v == ACK_MINOR {
                ack.minor = true;
            } else if let Some(code) = ReasonCode::ALL.into_iter().find(|c| c.as_str() == v) {
                ack.codes.insert(code);
            } else {
                let valid: Vec<&str> = ReasonCode::ALL.iter().map(|c| c.as_str()).collect();
                return Err(format!(
                    "unknown acknowledgement `{value}`; valid: {}, {ACK_MINOR}, {ACK_ALL}",
                    valid.join(", ")
                ));
            }
        }
        Ok(ack)
    }

    /// Adds everything `other` acknowledges.
    pub fn extend(&mut self, other: &Acknowledged) {
        self.codes.extend(other.codes.iter().copied());
        self.minor |= other.minor;
    }
}

/// A problem with the policy's effective/updated date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DateProblem {
    /// The text changed in substance but the date stayed the same (or is missing).
    NotBumped {
        /// The date in both versions, if any.
        date: Option<String>,
    },
    /// The new date is earlier than the old one.
    MovedBack {
        /// The old version's date.
        old: String,
        /// The new version's date.
        new: String,
    },
}

impl DateProblem {
    /// A one-line message for reports.
    pub fn message(&self) -> String {
        match self {
            DateProblem::NotBumped { date: Some(d) } => {
                format!("政策内容有实质变更，但生效/更新日期仍为 {d}，未更新")
            }
            DateProblem::NotBumped { date: None } => {
                "政策内容有实质变更，但未注明生效/更新日期".into()
            }
            DateProblem::MovedBack { old, new } => format!("生效/更新日期从 {old} 倒退为 {new}"),
        }
    }
}

/// The outcome of checking one policy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// True when the check fails for this file (exit code 1).
    pub failed: bool,
    /// Reason codes of failing changes that nobody acknowledged.
    pub unacknowledged: Vec<ReasonCode>,
    /// Reason codes present and acknowledged.
    pub acknowledged: Vec<ReasonCode>,
    /// Minor changes present that fail the check (`fail-on = "minor"`) and were not acknowledged.
    pub unacknowledged_minor: usize,
    /// Indices into the report's `changes` that fail the check.
    pub failing_changes: Vec<usize>,
    /// Whether the policy file was added or deleted in the range (git mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_change: Option<FileChange>,
    /// A date problem, when the configuration asks for date bumps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_problem: Option<DateProblem>,
}

/// A policy file that appeared or disappeared between the two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileChange {
    /// Not at the base: checked against an empty policy, without the date rule.
    Added,
    /// Not at the head: fails unless everything is acknowledged (`all`).
    Deleted,
}

/// The ISO date a version carries: the later of its updated and effective dates.
fn version_date(meta: &crate::model::diff::VersionMeta) -> Option<&str> {
    [meta.updated_date.as_deref(), meta.effective_date.as_deref()]
        .into_iter()
        .flatten()
        .max()
}

/// Judges one diff: which reason codes count (config `major-codes`), which severity fails
/// (`fail-on`), what is acknowledged, and whether the date moved forward.
/// Changes in sections whose id starts with one of `ignored_sections` (see [`ignored_section_ids`]) are skipped.
pub fn judge(
    report: &DiffReport,
    config: &Config,
    ack: &Acknowledged,
    ignored_sections: &[String],
) -> Verdict {
    let mut unacknowledged = BTreeSet::new();
    let mut acknowledged = BTreeSet::new();
    let mut failing_changes = Vec::new();
    let mut unacknowledged_minor = 0;
    for (index, change) in report.changes.iter().enumerate() {
        if in_ignored_section(change, ignored_sections) {
            continue;
        }
        let counted: Vec<ReasonCode> = change
            .codes
            .iter()
            .copied()
            .filter(|c| config.counts_as_major(*c))
            .collect();
        let is_major = change.severity == Severity::Major && !counted.is_empty();
        if is_major {
            let open: Vec<ReasonCode> = counted
                .iter()
                .copied()
                .filter(|c| !ack.codes.contains(c))
                .collect();
            acknowledged.extend(counted.iter().copied().filter(|c| ack.codes.contains(c)));
            if !open.is_empty() {
                unacknowledged.extend(open);
                failing_changes.push(index);
            }
        } else if config.fail_on == Severity::Minor
            && change.severity != Severity::Editorial
            && !ack.minor
        {
            unacknowledged_minor += 1;
            failing_changes.push(index);
        }
    }
    let date_problem = if config.require_date_bump && report.has_substantive_changes() {
        let old = version_date(&report.old_meta);
        let new = version_date(&report.new_meta);
        match (old, new) {
            (Some(o), Some(n)) if n < o => Some(DateProblem::MovedBack {
                old: o.to_owned(),
                new: n.to_owned(),
            }),
            (o, n) if o == n => Some(DateProblem::NotBumped {
                date: n.map(str::to_owned),
            }),
            _ => None,
        }
    } else {
        None
    };
    Verdict {
        failed: !failing_changes.is_empty() || date_problem.is_some(),
        unacknowledged: unacknowledged.into_iter().collect(),
        acknowledged: acknowledged.into_iter().collect(),
        unacknowledged_minor,
        failing_changes,
        file_change: None,
        date_problem,
    }
}

/// One checked policy file: its diff, its verdict, and the new version (for line numbers).
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// The policy's path as given (relative to the repository when checked with `--git`).
    pub path: String,
    /// The diff of the old and new versions.
    pub report: DiffReport,
    /// The verdict.
    pub verdict: Verdict,
    /// The new version, whose lines annotations point at.
    pub new_doc: Document,
}

impl CheckedFile {
    /// 1-based line in the new version where a change is: its new clause (or new evidence);
    /// for a removal, the nearest place in the new version (after the last clause of its section
    /// that precedes it, else the section heading).
    pub fn line_of(&self, change: &Change) -> usize {
        self.new_doc.line_of(self.offset_of(change))
    }

    /// Where a change is in the new version, for people: `line N`, or `第 N 段` in a Word
    /// document or PDF (see [`Document::place_of`]).
    pub fn place_of(&self, change: &Change) -> String {
        self.new_doc.place_of(self.offset_of(change))
    }

    /// Byte offset in the new version where a change is (see [`CheckedFile::line_of`]); 0 when
    /// nothing matches.
    fn offset_of(&self, change: &Change) -> usize {
        change
            .new
            .as_ref()
            .or_else(|| {
                change
                    .semantic
                    .iter()
                    .flat_map(|s| s.new_evidence.first())
                    .next()
            })
            .map(|c| c.span.start())
            .or_else(|| change.old.as_ref().map(|old| self.removal_offset(&old.id)))
            .unwrap_or(0)
    }

    /// Where a removed clause would stand in the new version: after the last clause of the same
    /// section that precedes its position, else at the section's heading, else at the last
    /// clause before it in document order; offset 0 when nothing matches (e.g. a deleted file).
    fn removal_offset(&self, old_id: &str) -> usize {
        let (section, position) = match old_id.rsplit_once('/') {
            Some((section, n)) => (Some(section), n.parse::<usize>().ok()),
            None => (None, old_id.parse::<usize>().ok()),
        };
        let position_of = |id: &str| id.rsplit('/').next().and_then(|n| n.parse::<usize>().ok());
        let before = self.new_doc.clauses.iter().rev().find(|c| {
            c.section_id.as_deref() == section
                && (position.is_none() || position_of(&c.id) < position)
        });
        if let Some(clause) = before {
            return clause.span.start();
        }
        self.new_doc
            .walk_sections()
            .into_iter()
            .find(|s| Some(s.id.as_str()) == section)
            .map_or(0, |s| s.span.start())
    }

    /// 1-based line of the date metadata in the new version (line 1 when it has none).
    pub fn date_line(&self) -> usize {
        self.new_doc.line_of(self.date_offset())
    }

    /// Where the date metadata is in the new version, for people (see [`Document::place_of`]).
    pub fn date_place(&self) -> String {
        self.new_doc.place_of(self.date_offset())
    }

    /// Byte offset of the date metadata in the new version (0 when it has none).
    fn date_offset(&self) -> usize {
        self.new_doc
            .clauses
            .iter()
            .find(|c| c.kind == crate::model::ClauseKind::Metadata && c.text.contains("日期"))
            .map_or(0, |c| c.span.start())
    }
}

/// Ids of the sections of either version that the configuration's `ignore-sections` names (by id or title).
pub fn ignored_section_ids(config: &Config, docs: [&Document; 2]) -> Vec<String> {
    let mut ids: Vec<String> = docs
        .iter()
        .flat_map(|d| d.walk_sections())
        .filter(|s| {
            config
                .ignore_sections
                .iter()
                .any(|name| *name == s.id || *name == s.title)
        })
        .map(|s| s.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// True when every clause the change touches lies in an ignored section.
fn in_ignored_section(change: &Change, ignored: &[String]) -> bool {
    let inside = |id: &str| {
        ignored
            .iter()
            .any(|s| id == s || id.starts_with(&format!("{s}/")))
    };
    let ids: Vec<&str> = change
        .old
        .iter()
        .chain(change.new.iter())
        .map(|c| c.id.as_str())
        .collect();
    !ids.is_empty() && ids.iter().all(|id| inside(id))
}

/// Which two versions of which files to compare.
#[derive(Debug, Clone)]
pub enum Versions {
    /// Two files on disk.
    Files {
        /// The old version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
    },
    /// Policy files at two git revisions (`head: None` = the working tree).
    Git {
        /// A directory inside the repository.
        dir: PathBuf,
        /// The base revision.
        base: String,
        /// The head revision, or `None` for the files as they are on disk.
        head: Option<String>,
        /// Policy files, relative to `dir`.
        paths: Vec<PathBuf>,
    },
}

/// Everything that can stop a check from reaching a verdict (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// A policy could not be read or decoded.
    #[error(transparent)]
    Read(#[from] crate::Error),
    /// git failed (unknown revision, file missing at a revision, not a repository …).
    #[error(transparent)]
    Git(#[from] git::GitError),
    /// An acknowledgement value is not a reason code.
    #[error("{0}")]
    Acknowledgement(String),
    /// A shallow clone lacks the history the range needs.
    #[error("{what}: this is a shallow clone, so the base revision and the commits' acknowledgement trailers are missing; fetch the full history (actions/checkout with `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`, or `git fetch --unshallow`)")]
    Shallow {
        /// What is missing.
        what: String,
    },
}

/// Both versions of one policy file, ready to compare.
struct Pair {
    /// The path for reports.
    path: String,
    /// The old version (empty when the file was added).
    old: Document,
    /// The new version (empty when the file was deleted).
    new: Document,
    /// Whether the file was added or deleted in the range.
    presence: Option<FileChange>,
}

/// A revision resolved to a commit id; in a shallow clone an unknown revision says why.
fn resolve_in_history(dir: &Path, rev: &str) -> Result<String, CheckError> {
    git::resolve(dir, rev).map_err(|e| {
        if git::is_shallow(dir) {
            CheckError::Shallow {
                what: format!(
                    "revision `{rev}` is not in the fetched history ({})",
                    e.message
                ),
            }
        } else {
            e.into()
        }
    })
}

/// The directory to run git in and the path relative to it: relative paths stay relative to
/// `dir`; absolute ones are made relative to the repository root they must lie in.
fn in_repository(dir: &Path, path: &Path) -> Result<(PathBuf, PathBuf), CheckError> {
    if !path.is_absolute() {
        return Ok((dir.to_path_buf(), path.to_path_buf()));
    }
    let outside = || git::GitError {
        args: "rev-parse --show-toplevel".into(),
        message: format!("{} is outside the repository", path.display()),
    };
    let root = git::repo_root(dir).ok_or_else(outside)?;
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    // The file may be gone (deleted in the range): canonicalise its directory instead.
    let full = match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => canonical(parent).join(name),
        _ => canonical(path),
    };
    let rel = full
        .strip_prefix(canonical(&root))
        .map_err(|_| outside())?
        .to_path_buf();
    Ok((root, rel))
}

/// `rel` (relative to `dir`) as a path from the repository root, `/`-separated, for reports and
/// SARIF; `rel` itself when git cannot say where `dir` is.
fn repository_path(dir: &Path, rel: &Path) -> String {
    let rel = rel.to_string_lossy().replace('\\', "/");
    let rel = rel.trim_start_matches("./");
    match git::prefix(dir) {
        Ok(prefix) => format!("{prefix}{rel}"),
        Err(_) => rel.to_owned(),
    }
}

/// Reads both versions of every file, diffs them and judges each diff. In git mode, the values of
/// the `config.trailer` trailer in the commits between base and head count as acknowledgements.
pub fn run(
    versions: &Versions,
    config: &Config,
    allow: &Acknowledged,
    max_size: u64,
) -> Result<Vec<CheckedFile>, CheckError> {
    let mut ack = allow.clone();
    let config_allow = Acknowledged::parse(config.allow.iter().map(|c| c.as_str()))
        .map_err(CheckError::Acknowledgement)?;
    ack.extend(&config_allow);
    let pairs: Vec<Pair> = match versions {
        Versions::Files { old, new } => {
            vec![Pair {
                path: new.display().to_string(),
                old: structure::parse_file(old, max_size)?,
                new: structure::parse_file(new, max_size)?,
                presence: None,
            }]
        }
        Versions::Git {
            dir,
            base,
            head,
            paths,
        } => {
            let base_id = resolve_in_history(dir, base)?;
            let head_rev = head.as_deref().unwrap_or("HEAD");
            let head_id = resolve_in_history(dir, head_rev)?;
            if git::is_shallow(dir) && !git::is_ancestor(dir, &base_id, &head_id) {
                return Err(CheckError::Shallow {
                    what: format!("the history between {base} and {head_rev} is cut off"),
                });
            }
            let values = git::trailer_values(dir, &base_id, &head_id, &config.trailer)?;
            let trailers = Acknowledged::parse(values.iter().map(String::as_str)).map_err(|e| {
                CheckError::Acknowledgement(format!("commit trailer {}: {e}", config.trailer))
            })?;
            ack.extend(&trailers);
            let mut pairs = Vec::new();
            for path in paths {
                let (dir, rel) = in_repository(dir, path)?;
                let at_revision = |rev: &str| -> Result<Option<read::Input>, CheckError> {
                    match git::entry(&dir, rev, &rel) {
                        git::Entry::Missing => Ok(None),
                        git::Entry::Directory => {
                            Err(crate::Error::IsDirectory { path: path.clone() }.into())
                        }
                        git::Entry::File => {
                            let bytes = git::show(&dir, rev, &rel, |out| {
                                read::read_bounded(out, path, max_size).map_err(CheckError::from)
                            })?;
                            Ok(Some(read::from_bytes_with(
                                &bytes,
                                path,
                                read::ReadOptions::new(max_size),
                            )?))
                        }
                    }
                };
                let old = at_revision(&base_id)?;
                let new = match head {
                    Some(_) => at_revision(&head_id)?,
                    None => {
                        let on_disk = dir.join(&rel);
                        match std::fs::symlink_metadata(&on_disk) {
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                            _ => Some(read::read_input(&on_disk, max_size)?),
                        }
                    }
                };
                let presence = match (&old, &new) {
                    (None, None) => {
                        return Err(git::GitError {
                            args: format!("show {base}:{}", path.display()),
                            message: format!(
                                "{} exists at neither {base} nor {head_rev}",
                                path.display()
                            ),
                        }
                        .into())
                    }
                    (None, Some(_)) => Some(FileChange::Added),
                    (Some(_), None) => Some(FileChange::Deleted),
                    (Some(_), Some(_)) => None,
                };
                let parse = |input: Option<read::Input>| {
                    structure::parse(&input.unwrap_or_else(|| read::Input::empty(path)))
                };
                pairs.push(Pair {
                    path: repository_path(&dir, &rel),
                    old: parse(old),
                    new: parse(new),
                    presence,
                });
            }
            pairs
        }
    };
    let custom = config.compiled_dictionaries();
    let compiled = custom
        .as_ref()
        .unwrap_or_else(|| crate::dictionary::Compiled::builtin());
    Ok(pairs
        .into_iter()
        .map(|pair| {
            let Pair {
                path,
                old: old_doc,
                new: new_doc,
                presence,
            } = pair;
            let report = crate::compare::compare_using(&old_doc, &new_doc, compiled);
            let ignored = ignored_section_ids(config, [&old_doc, &new_doc]);
            let verdict = match presence {
                // Checked against nothing: every statement is new, and there is no date to bump.
                Some(FileChange::Added) => {
                    let config = Config {
                        require_date_bump: false,
                        ..config.clone()
                    };
                    Verdict {
                        file_change: presence,
                        ..judge(&report, &config, &ack, &ignored)
                    }
                }
                // A deleted policy fails unless everything is acknowledged.
                Some(FileChange::Deleted) => Verdict {
                    failed: !(ack.minor && ReasonCode::ALL.iter().all(|c| ack.codes.contains(c))),
                    file_change: presence,
                    ..judge(&report, config, &ack, &ignored)
                },
                None => judge(&report, config, &ack, &ignored),
            };
            CheckedFile {
                path,
                report,
                verdict,
                new_doc,
            }
        })
        .collect())
}

/// The default base revision for `check --git` without one: in CI (`CI` set), the merge base of
/// HEAD with the default branch; elsewhere HEAD.
pub fn default_base(dir: &Path) -> Result<String, CheckError> {
    if std::env::var_os("CI").is_some() {
        if let Some(branch) = git::default_branch(dir) {
            return Ok(git::merge_base(dir, "HEAD", &branch)?);
        }
    }
    Ok("HEAD".to_owned())
}
