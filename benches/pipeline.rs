//! Benchmarks of the pipeline stages, each with byte throughput. `read` measures decoding (UTF-8 and
//! GB18030) of the seed; `render` every report format for the seed against an edited copy. `parse`
//! measures `structure::parse` on the seed policy (from `../shared`, else a corpus fixture) and on a
//! ~4 MB concatenation;
//! `segmenter` measures building the word segmenter, which parsing never needs. The `diff` group
//! measures `compare::compare` on the seed against an edited copy (end to end and compare only), on a
//! ~1 MB pair, and `compare::compare_with` on two unrelated 10 MB policies (the deadlines' worst case).
//! The `extract` group measures parse alone against parse + extract on the seed policy and on a
//! ~4 MB concatenation of the shared corpus, so the cost extraction adds can be read off directly.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policydiff::model::Document;
use policydiff::read::{from_bytes, Input};
use policydiff::segment::Segmenter;
use policydiff::{compare, extract, structure};
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

/// Reads and parses a text as if it were a file called `name` (the extension picks the format).
fn parse_text(text: &str, name: &str) -> Option<Document> {
    let input = from_bytes(text.as_bytes(), Path::new(name)).ok()?;
    Some(structure::parse(&input))
}

/// An edited copy: one sentence gains a data item, punctuation goes half-width, one paragraph goes.
fn edited(text: &str) -> String {
    let with_item = text.replacen("。", "，以及您的通讯录信息。", 1);
    let half_width = with_item.replace('，', ",").replace('：', ":");
    let lines: Vec<&str> = half_width.lines().collect();
    let drop = lines.len() / 2;
    lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != drop)
        .map(|(_, l)| *l)
        .collect::<Vec<_>>()
        .join("\n")
}

/// About `target` bytes of policy text: the given fixtures repeated, each copy under its own heading
/// and with its own wording of 个人信息, so copies are not identical.
fn large_policy(target: usize, sources: &[&str]) -> String {
    let parts: Vec<String> = sources
        .iter()
        .filter_map(|rel| std::fs::read_to_string(root().join("corpus").join(rel)).ok())
        .collect();
    let mut out = String::new();
    let mut copy = 0;
    while out.len() < target && !parts.is_empty() {
        for part in &parts {
            copy += 1;
            out.push_str(&format!("\n# 第{copy}部分\n\n"));
            out.push_str(&part.replace("个人信息", &format!("个人信息（{copy}）")));
        }
    }
    out
}

/// The Markdown fixtures the large inputs are made of.
const MARKDOWN_FIXTURES: &[&str] = &["policies/fitness-app.md", "policies/edu-kids.md"];

fn diff_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    if let Some(seed) = seed().map(|input| input.text) {
        let new_text = edited(&seed);
        if let (Some(old), Some(new)) = (
            parse_text(&seed, "seed.md"),
            parse_text(&new_text, "seed-edited.md"),
        ) {
            group.throughput(criterion::Throughput::Bytes(
                (seed.len() + new_text.len()) as u64,
            ));
            group.bench_function("seed_vs_edited_end_to_end", |b| {
                b.iter(|| {
                    let old = parse_text(&seed, "seed.md");
                    let new = parse_text(&new_text, "seed-edited.md");
                    old.zip(new).map(|(o, n)| compare::compare(&o, &n))
                })
            });
            group.bench_function("seed_vs_edited_compare", |b| {
                b.iter(|| compare::compare(&old, &new))
            });
        }
    }
    let old_text = large_policy(1 << 20, MARKDOWN_FIXTURES);
    let new_text = edited(&old_text);
    if let (Some(old), Some(new)) = (
        parse_text(&old_text, "large.md"),
        parse_text(&new_text, "large-edited.md"),
    ) {
        group.throughput(criterion::Throughput::Bytes(
            (old_text.len() + new_text.len()) as u64,
        ));
        group.bench_function("one_megabyte_pair_compare", |b| {
            b.iter(|| compare::compare(&old, &new))
        });
    }
    // Worst case: two unrelated 10 MB policies (nothing aligns exactly; deadlines must hold).
    // Extraction runs once outside the measurement (it has its own benchmarks); its time is printed.
    let old_text = large_policy(10 << 20, &["policies/fitness-app.md"]);
    let new_text = large_policy(10 << 20, &["policies/edu-kids.md"]);
    if let (Some(old), Some(new)) = (
        parse_text(&old_text, "unrelated-old.md"),
        parse_text(&new_text, "unrelated-new.md"),
    ) {
        let started = std::time::Instant::now();
        let (old_practices, new_practices) = (extract::extract(&old), extract::extract(&new));
        eprintln!("extracting both 10 MB inputs took {:?}", started.elapsed());
        group.throughput(criterion::Throughput::Bytes(
            (old_text.len() + new_text.len()) as u64,
        ));
        group.bench_function("ten_megabyte_unrelated_compare_with", |b| {
            b.iter(|| compare::compare_with(&old, &new, &old_practices, &new_practices))
        });
    }
    group.finish();
}

/// `../shared` beside the checkout, when present.
fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared");
    p.is_dir().then_some(p)
}

/// About 4 MB of policy text: the shared corpus's plain-text and Markdown files joined, repeated
/// as needed (falls back to the seed alone).
fn corpus_4mb() -> Option<Input> {
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
    let inputs = [("seed", seed()), ("corpus_4mb", corpus_4mb())];
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

/// Decoding and format detection of the seed's bytes, and of the same text as GB18030 (the
/// plausibility check and the decoder both run).
fn read_benches(c: &mut Criterion) {
    let Some(seed) = seed() else { return };
    let utf8 = seed.text.clone().into_bytes();
    let (gb, _, _) = encoding_rs::GB18030.encode(&seed.text);
    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Bytes(utf8.len() as u64));
    group.bench_function("seed_utf8", |b| {
        b.iter(|| from_bytes(black_box(&utf8), Path::new("seed.txt")))
    });
    group.throughput(Throughput::Bytes(gb.len() as u64));
    group.bench_function("seed_gb18030", |b| {
        b.iter(|| from_bytes(black_box(&gb), Path::new("seed.txt")))
    });
    group.finish();
}

/// Every report format for the seed against an edited copy (bytes of the two inputs per second).
fn render_benches(c: &mut Criterion) {
    let Some(seed) = seed().map(|input| input.text) else {
        return;
    };
    let new_text = edited(&seed);
    let (Some(old), Some(new)) = (
        parse_text(&seed, "seed.md"),
        parse_text(&new_text, "seed-edited.md"),
    ) else {
        return;
    };
    let report = compare::compare(&old, &new);
    let only = policydiff::render::diff::Only::All;
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Bytes((seed.len() + new_text.len()) as u64));
    group.bench_function("text", |b| {
        b.iter(|| policydiff::render::diff::render(black_box(&report), only))
    });
    group.bench_function("html", |b| {
        b.iter(|| policydiff::render::html::render(black_box(&report), &old, &new))
    });
    group.bench_function("markdown", |b| {
        b.iter(|| policydiff::render::markdown::render(black_box(&report), only))
    });
    group.bench_function("json", |b| {
        b.iter(|| serde_json::to_string(black_box(&report)))
    });
    group.finish();
}

criterion_group!(
    benches,
    read_benches,
    parse_benches,
    segmenter_benches,
    extract_benches,
    diff_benches,
    render_benches
);
criterion_main!(benches);
