//! The fuzz targets' corpora and crashes replayed as a normal test on stable (issue 18, item 13):
//! the seeds `fuzz/seed.sh` builds from the repository's fixtures, plus whatever a local fuzzing
//! run left in `fuzz/corpus/` and `fuzz/artifacts/`, go through the very target bodies
//! (`fuzz/src/lib.rs`, included by path), so CI exercises them without nightly or cargo-fuzz.

// The fuzz crate's lib includes `invariants.rs` by path too: the same file compiled a second time,
// exactly as the fuzzers compile it.
#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code, clippy::duplicate_mod)]
mod targets;

use crate::common::{corpus, files_under, root};
use std::path::Path;

/// The selector byte of a fixture's format, as `fuzz/seed.sh` writes it (index in the targets'
/// names: txt 0, md 1, html 2; 3 sniffs the format from the content).
fn selector(path: &Path) -> u8 {
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => 1,
        Some("html") => 2,
        _ => 0,
    }
}

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = ["policies", "pairs", "examples"]
        .iter()
        .flat_map(|d| files_under(&corpus(d)))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "md" | "html")
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn issue_18_13_seed_corpora_replay_through_the_fuzz_targets() {
    let files = fixtures();
    assert!(files.len() > 10, "fixtures: {}", files.len());
    for file in &files {
        let bytes = std::fs::read(file).expect("fixture");
        for sel in [selector(file), 3] {
            let mut data = vec![sel];
            data.extend_from_slice(&bytes);
            targets::read_parse(&data);
            targets::extract(&data);
        }
        // Each fixture against itself, as seed.sh writes the diff seeds.
        if bytes.len() < 65_536 {
            let sel = selector(file);
            let len = bytes.len() as u16;
            let mut data = vec![sel | sel << 2];
            data.extend_from_slice(&len.to_le_bytes());
            data.extend_from_slice(&bytes);
            data.extend_from_slice(&bytes);
            targets::diff(&data);
        }
    }
}

#[test]
fn issue_18_13_local_fuzz_corpora_and_artifacts_replay_when_present() {
    type Replay = fn(&[u8]);
    let run: [(&str, Replay); 3] = [
        ("read_parse", targets::read_parse),
        ("extract", targets::extract),
        ("diff", targets::diff),
    ];
    for (target, replay) in run {
        for dir in ["corpus", "artifacts"] {
            for input in files_under(&root().join("fuzz").join(dir).join(target)) {
                let data = std::fs::read(&input).expect("fuzz input");
                replay(&data);
            }
        }
    }
}
