//! Benchmarks of the pipeline stages (bytes per second). The `extract` group measures parse alone
//! against parse + extract on the seed policy and on a ~4 MB concatenation of the shared corpus, so
//! the cost extraction adds on top of parsing can be read off directly.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policydiff::read::{from_bytes, Input};
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// `../shared` beside the checkout, when present.
fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared");
    p.is_dir().then_some(p)
}

/// The seed policy, when `../shared` is present.
fn seed() -> Option<Input> {
    let path = shared()?.join("seeds").join("000_cdebb876857469e7.txt");
    from_bytes(&std::fs::read(&path).ok()?, &path).ok()
}

/// About 4 MB of policy text: the shared corpus's plain-text and Markdown files joined, repeated
/// as needed (falls back to the seed alone).
fn large() -> Option<Input> {
    const TARGET: usize = 4 * 1024 * 1024;
    let root = shared()?;
    let mut pieces = Vec::new();
    let mut stack = vec![root.join("corpus")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "md")
            ) {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    pieces.push(text);
                }
            }
        }
    }
    pieces.sort();
    if pieces.is_empty() {
        pieces.push(seed()?.text);
    }
    let mut text = String::with_capacity(TARGET + 64 * 1024);
    while text.len() < TARGET {
        for piece in &pieces {
            text.push_str(piece);
            text.push_str("\n\n");
            if text.len() >= TARGET {
                break;
            }
        }
    }
    from_bytes(text.as_bytes(), Path::new("corpus-4mb.txt")).ok()
}

fn extract_benches(c: &mut Criterion) {
    let inputs = [("seed", seed()), ("corpus_4mb", large())];
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    for (name, input) in inputs {
        let Some(input) = input else { continue };
        group.throughput(Throughput::Bytes(input.bytes as u64));
        group.bench_function(format!("{name}/parse"), |b| {
            b.iter(|| black_box(policydiff::structure::parse(black_box(&input))))
        });
        group.bench_function(format!("{name}/parse_extract"), |b| {
            b.iter(|| {
                let doc = policydiff::structure::parse(black_box(&input));
                black_box(policydiff::extract::extract(&doc))
            })
        });
    }
    group.finish();
}

criterion_group!(extract, extract_benches);
criterion_main!(extract);
