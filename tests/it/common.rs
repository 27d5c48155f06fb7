//! Helpers shared by the integration tests: fixture paths and the optional `../shared` corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the project's own `corpus/`.
pub fn corpus(rel: &str) -> PathBuf {
    root().join("corpus").join(rel)
}

/// `../shared` beside the checkout, when it exists (a fresh clone has none: callers skip).
pub fn shared() -> Option<PathBuf> {
    let p = root().join("..").join("shared");
    p.is_dir().then_some(p)
}

/// Every file below `dir`, sorted, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Parses a file end to end (read → structure), panicking with the path on failure (tests only).
pub fn parse_file(path: &Path) -> policydiff::Document {
    policydiff::structure::parse_file(path, policydiff::read::DEFAULT_MAX_SIZE)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A scratch directory that `tempfile` removes when it goes out of scope, so a test run leaves
/// nothing behind in the temporary directory; derefs to its path.
pub struct Scratch(tempfile::TempDir);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.path().as_os_str()
    }
}

/// A new, empty scratch directory (see [`Scratch`]).
pub fn scratch() -> Scratch {
    Scratch(
        tempfile::Builder::new()
            .prefix("policydiff-test-")
            .tempdir()
            .expect("scratch directory"),
    )
}
