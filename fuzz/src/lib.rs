//! The fuzz targets' bodies and their helpers: the fuzz input's format selector byte, parsing
//! through the same entry as the CLI, and the invariants of the integration tests (included by
//! path, so the fuzzers and `cargo test` check exactly the same properties). The integration tests
//! include this file too and replay the corpora and crashes through these functions on stable.

use policydiff::model::Document;
use policydiff::render::{self, diff::Only, notice::NoticeOptions};
use policydiff::{compare, extract, read, structure};
use std::path::Path;

#[path = "../../tests/it/invariants.rs"]
pub mod invariants;

/// File names the selector byte picks from: the extension decides the format as in the CLI
/// (`-`, standard input, makes `read` sniff the format from the content).
const NAMES: [&str; 4] = ["fuzz.txt", "fuzz.md", "fuzz.html", "-"];

/// The input name whose extension selects the format, from the low two bits of `selector`.
pub fn name_for(selector: u8) -> &'static Path {
    Path::new(NAMES[usize::from(selector & 3)])
}

/// Decodes and parses `raw` exactly as `policydiff parse` does (`read::from_bytes` then
/// `structure::parse`) and checks the lossless-span invariant; `None` when reading refuses the
/// bytes (that error is the CLI's exit 2, a correct outcome).
pub fn parse_checked(raw: &[u8], name: &Path) -> Option<Document> {
    let input = read::from_bytes(raw, name).ok()?;
    let doc = structure::parse(&input);
    invariants::assert_lossless(&name.display().to_string(), &doc);
    Some(doc)
}

/// Target `read_parse`: byte 0 selects the format, the rest is the file; parse, check lossless
/// spans, render both outputs of `parse`.
pub fn read_parse(data: &[u8]) {
    let Some((&selector, raw)) = data.split_first() else {
        return;
    };
    if let Some(doc) = parse_checked(raw, name_for(selector)) {
        let _ = render::outline::render(&doc);
        let json = serde_json::to_string(&doc).expect("document serialises");
        assert!(json.len() >= 2);
    }
}

/// Target `extract`: as [`read_parse`], then extraction; every clause id and span it cites must
/// point into the document.
pub fn extract(data: &[u8]) {
    let Some((&selector, raw)) = data.split_first() else {
        return;
    };
    let Some(doc) = parse_checked(raw, name_for(selector)) else {
        return;
    };
    let practices = extract::extract(&doc);
    invariants::assert_practices_point_into("extract", &doc, &practices);
    let _ = render::practices::render(&practices, &doc);
    serde_json::to_string(&practices).expect("practices serialise");
}

/// Target `diff`: byte 0 selects the old format (bits 0–1) and the new one (bits 2–3); bytes 1–2
/// are the old version's length (little-endian, capped at what is left); old follows, new is the
/// rest. Identical halves in the same format must compare without any change; every renderer runs.
pub fn diff(data: &[u8]) {
    let [selector, low, high, raw @ ..] = data else {
        return;
    };
    let selector = *selector;
    let (old_raw, new_raw) =
        raw.split_at(usize::from(u16::from_le_bytes([*low, *high])).min(raw.len()));
    let same = old_raw == new_raw && selector & 3 == (selector >> 2) & 3;
    let Some(old) = parse_checked(old_raw, name_for(selector)) else {
        return;
    };
    let Some(new) = parse_checked(new_raw, name_for(selector >> 2)) else {
        return;
    };
    let report = compare::compare(&old, &new);
    invariants::assert_report_points_into("diff", &old, &new, &report);
    if same {
        assert!(
            report.changes.is_empty(),
            "a document compared with itself has changes: {:?}",
            report.changes.first()
        );
    }
    let _ = render::diff::render(&report, Only::All);
    let _ = render::markdown::render(&report, Only::All);
    let _ = render::html::render(&report, &old, &new);
    let notice = render::notice::draft(&report, &old, &new, None, &NoticeOptions::default());
    let _ = render::notice::markdown(&notice);
    serde_json::to_string(&report).expect("report serialises");
}
