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

/// The contents of `path` (relative to `dir`) at revision `rev`.
pub fn show(dir: &Path, rev: &str, path: &Path) -> Result<Vec<u8>, GitError> {
    let spec = format!("{rev}:./{}", path.display());
    git(dir, &["show", &spec])
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
