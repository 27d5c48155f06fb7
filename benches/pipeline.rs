//! Benchmarks of the pipeline stages. The `parse` group measures `structure::parse` (bytes per
//! second) on the seed policy (from `../shared`, else a corpus fixture) and on a ~4 MB concatenation;
//! `segmenter` measures building the word segmenter, which parsing never needs; `extract` measures
//! parse + extract on the same inputs, so the cost extraction adds can be read off against `parse`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policydiff::read::{from_bytes, Input};
use policydiff::segment::Segmenter;
use policydiff::structure;
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed policy from `../shared`, or a Markdown fixture of the corpus when it is absent.
fn seed() -> Option<Input> {
    let shared_seed = root().join("../shared/seeds/000_cdebb876857469e7.txt");
    let fixture = root().join("corpus/policies/fitness-app.md");
    [shared_seed, fixture]
        .iter()
        .find_map(|path| from_bytes(&std::fs::read(path).ok()?, path).ok())
}

/// About 4 MB of policy text in one input: the seed repeated.
fn large(seed: &Input) -> Option<Input> {
    const TARGET: usize = 4 * 1024 * 1024;
    let copies = TARGET / seed.text.len().max(1) + 1;
    let text = seed.text.repeat(copies);
    let name = Path::new("large").with_extension(seed.path.extension().unwrap_or_default());
    from_bytes(text.as_bytes(), &name).ok()
}

fn parse_benches(c: &mut Criterion) {
    let Some(seed) = seed() else {
        eprintln!("no seed policy found: parse benchmarks skipped");
        return;
    };
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(seed.text.len() as u64));
    group.bench_function("seed", |b| b.iter(|| structure::parse(black_box(&seed))));
    if let Some(large) = large(&seed) {
        group.throughput(Throughput::Bytes(large.text.len() as u64));
        group.sample_size(10);
        group.bench_function("4MB", |b| b.iter(|| structure::parse(black_box(&large))));
    }
    group.finish();
}

fn segmenter_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("segmenter");
    group.sample_size(10);
    group.bench_function("new", |b| b.iter(Segmenter::new));
    group.finish();
}

fn extract_benches(c: &mut Criterion) {
    let Some(seed) = seed() else {
        eprintln!("no seed policy found: extract benchmarks skipped");
        return;
    };
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(seed.text.len() as u64));
    group.bench_function("seed/parse_extract", |b| {
        b.iter(|| policydiff::extract::extract(&structure::parse(black_box(&seed))))
    });
    if let Some(large) = large(&seed) {
        group.throughput(Throughput::Bytes(large.text.len() as u64));
        group.sample_size(10);
        group.bench_function("4MB/parse_extract", |b| {
            b.iter(|| policydiff::extract::extract(&structure::parse(black_box(&large))))
        });
    }
    group.finish();
}

criterion_group!(benches, parse_benches, segmenter_benches, extract_benches);
criterion_main!(benches);
