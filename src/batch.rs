//! Batch mode: extract (or diff version series) over many policies in parallel, one JSON line per
//! result, in a deterministic order whatever the number of threads.

use crate::model::diff::DiffReport;
use crate::model::practices::Practices;
use crate::{compare, extract, read, structure};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File extensions batch mode reads when walking directories.
pub const POLICY_EXTENSIONS: [&str; 8] = [
    "txt", "md", "markdown", "html", "htm", "xhtml", "docx", "pdf",
];

/// How many results are computed in parallel before being written in order.
const CHUNK: usize = 64;

/// One shard of a job split across processes or machines: this process takes every file whose
/// index (in sorted order) modulo `count` equals `index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, from 0.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;
    /// Parses `I/N` with `0 <= I < N`.
    fn from_str(s: &str) -> Result<Shard, String> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}`: expected I/N, e.g. 0/4"))?;
        let index: usize = i
            .trim()
            .parse()
            .map_err(|_| format!("`{s}`: shard index is not a number"))?;
        let count: usize = n
            .trim()
            .parse()
            .map_err(|_| format!("`{s}`: shard count is not a number"))?;
        if count == 0 || index >= count {
            return Err(format!("`{s}`: expected 0 <= I < N"));
        }
        Ok(Shard { index, count })
    }
}

/// An entry the walk did not read, and why; counted in the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The entry's path.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: String,
}

/// What a walk found: the policy files to read, and the entries it skipped.
#[derive(Debug, Clone, Default)]
pub struct Discovered {
    /// Policy files (given files, plus files under given directories with a policy extension),
    /// sorted, each file once, restricted to the shard.
    pub files: Vec<PathBuf>,
    /// Symbolic links not followed, link loops, unreadable directories and second paths to a
    /// file already found.
    pub skipped: Vec<Skipped>,
}

/// Every policy file under `paths`: files as given, directories walked recursively (by
/// extension) with `walkdir`. Symbolic links below a given path are skipped unless `follow`, in
/// which case link loops are detected and skipped; a file reachable by two paths is read once.
/// Restricted to `shard` when given. A given path that does not exist is an error.
pub fn discover(
    paths: &[PathBuf],
    shard: Option<Shard>,
    follow: bool,
) -> crate::Result<Discovered> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|source| crate::Error::Io {
            path: p.clone(),
            source,
        })?;
        if !meta.is_dir() {
            found.push(p.clone());
            continue;
        }
        for entry in walkdir::WalkDir::new(p).follow_links(follow) {
            match entry {
                Ok(entry) if entry.file_type().is_symlink() => skipped.push(Skipped {
                    path: entry.into_path(),
                    reason: "symbolic link not followed (use --follow)".into(),
                }),
                Ok(entry) if entry.file_type().is_dir() => {}
                Ok(entry) => {
                    if has_policy_extension(entry.path()) {
                        found.push(entry.into_path());
                    }
                }
                Err(error) => skipped.push(Skipped {
                    path: error.path().map(Path::to_path_buf).unwrap_or_default(),
                    reason: if error.loop_ancestor().is_some() {
                        "symbolic link loop".into()
                    } else {
                        error.to_string()
                    },
                }),
            }
        }
    }
    found.sort();
    found.dedup();
    // Each file once, whatever the path that reached it (overlapping arguments, links).
    let mut seen = std::collections::HashSet::new();
    let mut files = Vec::with_capacity(found.len());
    for path in found {
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(identity) {
            files.push(path);
        } else {
            skipped.push(Skipped {
                path,
                reason: "same file as another path".into(),
            });
        }
    }
    let files = match shard {
        Some(s) => files
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % s.count == s.index)
            .map(|(_, p)| p)
            .collect(),
        None => files,
    };
    Ok(Discovered { files, skipped })
}

fn has_policy_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| POLICY_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// One line of `batch` output for one policy.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractRecord {
    /// The policy's path.
    pub path: String,
    /// Size in bytes (0 when unreadable).
    pub bytes: u64,
    /// Why the file could not be processed, when it could not.
    pub error: Option<String>,
    /// True when the file was skipped unread (not a regular file); serialised only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    /// The extracted practices.
    pub extract: Option<Practices>,
}

/// One line of `batch --diff-series` output: two consecutive versions of a series.
#[derive(Debug, Clone, Serialize)]
pub struct DiffRecord {
    /// The series (directory).
    pub series: String,
    /// The older version.
    pub old: String,
    /// The newer version.
    pub new: String,
    /// Bytes read (both versions).
    pub bytes: u64,
    /// Why the pair could not be compared, when it could not.
    pub error: Option<String>,
    /// The diff.
    pub diff: Option<DiffReport>,
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Reads, parses and extracts one policy; errors are recorded, never fatal. Anything but a
/// regular file (a FIFO would block the run, a device never ends) is skipped unread.
pub fn extract_one(path: &Path, max_size: u64) -> ExtractRecord {
    let result = read::require_regular_file(path)
        .and_then(|()| structure::parse_file(path, max_size))
        .map(|doc| extract::extract(&doc));
    let skipped = matches!(result, Err(crate::Error::NotRegularFile { .. }));
    let (error, extract) = match result {
        Ok(p) => (None, Some(p)),
        Err(e) => (Some(e.to_string()), None),
    };
    ExtractRecord {
        path: path.display().to_string(),
        bytes: file_size(path),
        error,
        skipped,
        extract,
    }
}

/// Consecutive version pairs of every series: each directory holding two or more policy files,
/// versions ordered by file name (dated names sort chronologically).
pub fn series_pairs(files: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
    let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        by_dir.entry(dir).or_default().push(f.clone());
    }
    by_dir
        .into_values()
        .flat_map(|mut versions| {
            versions.sort();
            versions
                .windows(2)
                .filter_map(|w| match w {
                    [old, new] => Some((old.clone(), new.clone())),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Compares two consecutive versions; errors are recorded, never fatal.
pub fn diff_one(old: &Path, new: &Path, max_size: u64) -> DiffRecord {
    let load =
        |p: &Path| read::require_regular_file(p).and_then(|()| structure::parse_file(p, max_size));
    let result = load(old).and_then(|o| load(new).map(|n| compare::compare(&o, &n)));
    let (error, diff) = match result {
        Ok(r) => (None, Some(r)),
        Err(e) => (Some(e.to_string()), None),
    };
    DiffRecord {
        series: new
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        old: old.display().to_string(),
        new: new.display().to_string(),
        bytes: file_size(old) + file_size(new),
        error,
        diff,
    }
}

/// Runs `work` over `items` on `pool`, handing results to `sink` on the calling thread in input
/// order, `CHUNK` at a time (so memory stays bounded and output is identical for any thread count).
pub fn run_ordered<I, R, E>(
    pool: &rayon::ThreadPool,
    items: &[I],
    work: impl Fn(&I) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    I: Sync,
    R: Send,
{
    for chunk in items.chunks(CHUNK) {
        let results: Vec<R> = pool.install(|| chunk.par_iter().map(&work).collect());
        for r in results {
            sink(r)?;
        }
    }
    Ok(())
}

/// Running totals for the end-of-run summary.
#[derive(Debug, Default)]
pub struct Summary {
    /// Results written.
    pub records: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Results with an error (skipped files not counted).
    pub errors: usize,
    /// Entries skipped unread: walk skips plus files that are not regular files.
    pub skipped: usize,
    /// Data item name → number of policies mentioning it.
    pub data_items: BTreeMap<String, usize>,
    /// Third party name → number of policies naming it.
    pub third_parties: BTreeMap<String, usize>,
    /// Reason code → number of version pairs with a major change of that code.
    pub major_codes: BTreeMap<String, usize>,
}

impl Summary {
    /// Counts one extraction result.
    pub fn add_extract(&mut self, r: &ExtractRecord) {
        self.records += 1;
        self.bytes += r.bytes;
        self.errors += usize::from(r.error.is_some() && !r.skipped);
        self.skipped += usize::from(r.skipped);
        if let Some(p) = &r.extract {
            for item in &p.data_items {
                *self.data_items.entry(item.name.clone()).or_default() += 1;
            }
            for tp in &p.third_parties {
                *self.third_parties.entry(tp.name.clone()).or_default() += 1;
            }
        }
    }

    /// Counts one diff result.
    pub fn add_diff(&mut self, r: &DiffRecord) {
        self.records += 1;
        self.bytes += r.bytes;
        self.errors += usize::from(r.error.is_some());
        if let Some(d) = &r.diff {
            for reason in &d.major_reasons {
                *self
                    .major_codes
                    .entry(reason.code.as_str().to_owned())
                    .or_default() += 1;
            }
        }
    }

    /// The `n` most frequent entries of a count map, most frequent first, ties by name.
    pub fn top(map: &BTreeMap<String, usize>, n: usize) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> = map.iter().map(|(k, c)| (k.as_str(), *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_validate() {
        assert_eq!("1/4".parse::<Shard>(), Ok(Shard { index: 1, count: 4 }));
        for bad in ["4/4", "1", "a/2", "0/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn series_pairs_are_consecutive_within_a_directory() {
        let files: Vec<PathBuf> = ["s/2021.md", "s/2020.md", "s/2022.md", "t/a.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let pairs = series_pairs(&files);
        assert_eq!(
            pairs,
            vec![
                (PathBuf::from("s/2020.md"), PathBuf::from("s/2021.md")),
                (PathBuf::from("s/2021.md"), PathBuf::from("s/2022.md")),
            ]
        );
    }

    #[test]
    fn ordered_run_keeps_input_order() {
        let items: Vec<usize> = (0..500).collect();
        let mut seen = Vec::new();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        run_ordered(
            &pool,
            &items,
            |i| i * 2,
            |r| {
                seen.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }
}
