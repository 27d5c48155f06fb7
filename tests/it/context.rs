//! The sentence context model: Rust inference against the training script's own predictions
//! (`models/context/parity`), and the shipped model's micro-F1 on CAPP-130's test split (from
//! `../shared`; skipped without it).

use crate::common;
use policydiff::extract::context::{Category, ContextModel};
use serde::Deserialize;
use std::collections::HashMap;

/// One line of `models/context/parity/predictions.json`, written by `train.py`.
#[derive(Deserialize)]
struct Expected {
    heading: String,
    sentence: String,
    scores: [f32; 11],
    categories: Vec<Category>,
}

#[test]
fn rust_inference_equals_the_training_script() {
    let path = common::root().join("models/context/parity/predictions.json");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let expected: Vec<Expected> = serde_json::from_str(&text).unwrap_or_default();
    assert!(expected.len() >= 20, "{}: too few cases", path.display());
    let model = ContextModel::builtin();
    for case in &expected {
        let got = model.classify_with_heading(&case.sentence, &case.heading);
        for (k, (g, e)) in got.scores.iter().zip(case.scores).enumerate() {
            assert!(
                (g - e).abs() < 1e-3,
                "{}: score {k} {g} ≠ {e}",
                case.sentence
            );
        }
        let got: Vec<Category> = got.categories.iter().collect();
        assert_eq!(got, case.categories, "{}", case.sentence);
    }
}

/// One sentence of CAPP-130's `annotation/rw_N.jsonl`.
#[derive(Deserialize)]
struct Annotated {
    text: String,
}

/// train.py's stand-in for a section heading: a line under 30 characters without closing
/// punctuation.
fn is_heading(text: &str) -> bool {
    text.chars().count() < 30 && !text.ends_with(['。', '；', ';'])
}

/// The nearest preceding heading of each sentence's first occurrence, files in sorted order
/// (as train.py reads them).
fn headings(annotation: &std::path::Path) -> HashMap<String, String> {
    let mut files: Vec<_> = std::fs::read_dir(annotation)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut out = HashMap::new();
    for file in files {
        let mut heading = String::new();
        for line in std::fs::read_to_string(&file).unwrap_or_default().lines() {
            let Ok(a) = serde_json::from_str::<Annotated>(line) else {
                continue;
            };
            out.entry(a.text.clone()).or_insert_with(|| heading.clone());
            if is_heading(&a.text) {
                heading = a.text;
            }
        }
    }
    out
}

/// Micro-F1 of the model over `(sentence, heading, gold)` rows.
fn micro_f1(rows: &[(String, String, Vec<bool>)], with_heading: bool) -> f64 {
    let model = ContextModel::builtin();
    let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
    for (sentence, heading, gold) in rows {
        let heading = if with_heading { heading.as_str() } else { "" };
        let got = model.classify_with_heading(sentence, heading).categories;
        for (category, &g) in Category::ALL.into_iter().zip(gold) {
            match (got.contains(category), g) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => {}
            }
        }
    }
    f64::from(2 * tp) / f64::from(2 * tp + fp + fn_).max(1.0)
}

#[test]
fn shipped_model_meets_the_target_on_capp130_test() {
    let Some(shared) = common::shared() else {
        eprintln!("../shared absent: skipped");
        return;
    };
    let data = shared.join("data/capp130");
    let Ok(test) = std::fs::read_to_string(data.join("topic_identification/test.txt")) else {
        eprintln!("../shared/data/capp130 absent: skipped");
        return;
    };
    let headings = headings(&data.join("annotation"));
    let rows: Vec<(String, String, Vec<bool>)> = test
        .lines()
        .filter_map(|line| {
            let (sentence, gold) = line.rsplit_once('\t')?;
            let gold: Vec<u8> = serde_json::from_str(gold).ok()?;
            let heading = headings.get(sentence).cloned().unwrap_or_default();
            Some((
                sentence.to_owned(),
                heading,
                gold.iter().map(|&g| g == 1).collect(),
            ))
        })
        .collect();
    assert_eq!(rows.len(), 3035, "test.txt rows");
    let start = std::time::Instant::now();
    let with = micro_f1(&rows, true);
    let without = micro_f1(&rows, false);
    let per_sentence = start.elapsed() / (2 * rows.len() as u32);
    eprintln!("CAPP-130 test micro-F1: {with:.4} with headings, {without:.4} without ({per_sentence:?} a sentence in this build)");
    assert!(with >= 0.85, "micro-F1 {with:.4} < 0.85");
}
