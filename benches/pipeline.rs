//! Benchmarks of the pipeline stages.

use criterion::{criterion_group, criterion_main, Criterion};
use policydiff::model::Document;
use policydiff::{diff, read, structure};
use std::path::{Path, PathBuf};

fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(rel)
}

fn parse_text(text: &str, name: &str) -> Option<Document> {
    let input = read::from_bytes(text.as_bytes(), Path::new(name)).ok()?;
    Some(structure::parse(&input))
}

/// The bundled seed-style policy (Markdown fixture), read as text.
fn seed_text() -> Option<String> {
    [
        "examples/old.md",
        "policies/fitness-app.md",
        "policies/edu-kids.md",
    ]
    .iter()
    .find_map(|rel| std::fs::read_to_string(corpus(rel)).ok())
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

/// About `target` bytes of policy text: the Markdown/text fixtures repeated, each copy's headings renumbered.
fn large(target: usize) -> String {
    let parts: Vec<String> = ["policies/fitness-app.md", "policies/edu-kids.md"]
        .iter()
        .filter_map(|rel| std::fs::read_to_string(corpus(rel)).ok())
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

fn diff_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    if let Some(seed) = seed_text() {
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
                    old.zip(new).map(|(o, n)| diff::compare(&o, &n))
                })
            });
            group.bench_function("seed_vs_edited_compare", |b| {
                b.iter(|| diff::compare(&old, &new))
            });
        }
    }
    let old_text = large(1 << 20);
    let new_text = edited(&old_text);
    if let (Some(old), Some(new)) = (
        parse_text(&old_text, "large.md"),
        parse_text(&new_text, "large-edited.md"),
    ) {
        group.throughput(criterion::Throughput::Bytes(
            (old_text.len() + new_text.len()) as u64,
        ));
        group.bench_function("one_megabyte_pair_compare", |b| {
            b.iter(|| diff::compare(&old, &new))
        });
    }
    group.finish();
}

criterion_group!(diff_group, diff_benches);
criterion_main!(diff_group);
