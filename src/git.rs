//! Reading policy files at git revisions and acknowledgement trailers from commit messages, via the `git` command.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A git command that failed, with what git said.
#[derive(Debug, thiserror::Error)]
#[error("git {args}: {message}")]
pub struct GitError {
    /// The arguments given to git.
    pub args: String,
    /// git's error output, or why git could not run.
    pub message: String,
}

/// Runs git in `dir` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| GitError {
            args: args.join(" "),
            message: format!("cannot run git: {e}"),
        })?;
    if !out.status.success() {
        return Err(GitError {
            args: args.join(" "),
            message: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(out.stdout)
}

fn git_line(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    Ok(String::from_utf8_lossy(&git(dir, args)?).trim().to_owned())
}

/// The top directory of the work tree containing `dir`, or `None` outside a repository.
pub fn repo_root(dir: &Path) -> Option<PathBuf> {
    git_line(dir, &["rev-parse", "--show-toplevel"])
        .ok()
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
}

/// Resolves a revision to a commit id, failing with git's message for an unknown revision.
pub fn resolve(dir: &Path, rev: &str) -> Result<String, GitError> {
    git_line(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .and_then(|id| {
        if id.is_empty() {
            Err(GitError {
                args: format!("rev-parse {rev}"),
                message: format!("unknown revision `{rev}`"),
            })
        } else {
            Ok(id)
        }
    })
    .map_err(|e| GitError {
        message: if e.message.is_empty() {
            format!("unknown revision `{rev}`")
        } else {
            e.message
        },
        ..e
    })
}

/// The object spec `rev:./path` for a path relative to `dir`.
fn object_spec(rev: &str, path: &Path) -> String {
    format!("{rev}:./{}", path.display())
}

/// What `path` (relative to `dir`) is at revision `rev`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A file.
    File,
    /// A directory.
    Directory,
    /// Nothing: the path does not exist at that revision.
    Missing,
}

/// Whether `path` (relative to `dir`) is a file, a directory or missing at revision `rev`.
pub fn entry(dir: &Path, rev: &str, path: &Path) -> Entry {
    match git_line(dir, &["cat-file", "-t", &object_spec(rev, path)]).as_deref() {
        Ok("tree") => Entry::Directory,
        Ok(_) => Entry::File,
        Err(_) => Entry::Missing,
    }
}

/// Streams the contents of `path` (relative to `dir`) at revision `rev` into `read`, which
/// bounds what it takes (see [`crate::read::read_bounded`]); git is stopped when `read` fails.
pub fn show<T, E: From<GitError>>(
    dir: &Path,
    rev: &str,
    path: &Path,
    read: impl FnOnce(&mut dyn std::io::Read) -> Result<T, E>,
) -> Result<T, E> {
    let spec = object_spec(rev, path);
    let args = ["show", spec.as_str()];
    let failed = |message: String| GitError {
        args: args.join(" "),
        message,
    };
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot run git: {e}")))?;
    let result = match child.stdout.take() {
        Some(mut stdout) => read(&mut stdout),
        None => Err(failed("no output pipe".into()).into()),
    };
    if result.is_err() {
        let _ = child.kill();
    }
    let out = child
        .wait_with_output()
        .map_err(|e| failed(format!("waiting for git: {e}")))?;
    let value = result?;
    if !out.status.success() {
        return Err(failed(String::from_utf8_lossy(&out.stderr).trim().to_owned()).into());
    }
    Ok(value)
}

/// True when the repository is a shallow clone (history cut off, as CI checkouts often are).
pub fn is_shallow(dir: &Path) -> bool {
    git_line(dir, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|s| s == "true")
}

/// True when `ancestor` is reachable from `descendant` in the history present.
pub fn is_ancestor(dir: &Path, ancestor: &str, descendant: &str) -> bool {
    git(dir, &["merge-base", "--is-ancestor", ancestor, descendant]).is_ok()
}

/// The path of `dir` relative to the top of its work tree (`git rev-parse --show-prefix`), empty
/// at the top.
pub fn prefix(dir: &Path) -> Result<String, GitError> {
    git_line(dir, &["rev-parse", "--show-prefix"])
}

/// The repository's default branch: `origin/HEAD`'s target, else the first of `main`, `master`,
/// `origin/main`, `origin/master` that exists.
pub fn default_branch(dir: &Path) -> Option<String> {
    if let Ok(full) = git_line(
        dir,
        &["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"],
    ) {
        if let Some(short) = full.strip_prefix("refs/remotes/") {
            return Some(short.to_owned());
        }
    }
    ["main", "master", "origin/main", "origin/master"]
        .into_iter()
        .find(|b| resolve(dir, b).is_ok())
        .map(str::to_owned)
}

/// The merge base of two revisions.
pub fn merge_base(dir: &Path, a: &str, b: &str) -> Result<String, GitError> {
    git_line(dir, &["merge-base", a, b])
}

/// Values of the trailer `key` in the messages of the commits in `base..head`, split at commas and
/// whitespace, lower-cased (e.g. `Policy-Change: third_party, data_category` → two values).
pub fn trailer_values(
    dir: &Path,
    base: &str,
    head: &str,
    key: &str,
) -> Result<Vec<String>, GitError> {
    let format = format!("--format=%(trailers:key={key},valueonly,separator=%x2C)");
    let range = format!("{base}..{head}");
    let out = git_line(dir, &["log", &format, &range])?;
    Ok(out
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
        .collect())
}
