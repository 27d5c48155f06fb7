//! Benchmarks of the sentence context model: the first `ContextModel::builtin()` call (printed once:
//! a `OnceLock` cannot be timed repeatedly) and `classify` per sentence, with and without a heading,
//! over the parity sentences (`models/context/parity/sentences.tsv`), with byte throughput.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policydiff::extract::context::ContextModel;
use std::hint::black_box;
use std::time::Instant;

/// `(heading, sentence)` pairs of the parity file.
fn sentences() -> Vec<(String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/context/parity/sentences.tsv"
    );
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once('\t'))
        .map(|(h, s)| (h.to_owned(), s.to_owned()))
        .collect()
}

fn context(c: &mut Criterion) {
    let start = Instant::now();
    let model = ContextModel::builtin();
    eprintln!(
        "context model load (first builtin() call): {:?}",
        start.elapsed()
    );
    let cases = sentences();
    let bytes: usize = cases.iter().map(|(_, s)| s.len()).sum();
    let mut group = c.benchmark_group("context");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("classify {} sentences", cases.len()), |b| {
        b.iter(|| {
            for (_, sentence) in &cases {
                black_box(model.classify(black_box(sentence)));
            }
        })
    });
    group.bench_function(
        format!("classify_with_heading {} sentences", cases.len()),
        |b| {
            b.iter(|| {
                for (heading, sentence) in &cases {
                    black_box(model.classify_with_heading(black_box(sentence), black_box(heading)));
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, context);
criterion_main!(benches);
