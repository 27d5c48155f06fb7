//! Structure census (issue 14): over every policy of `../shared/corpus` and `corpus/`, how many
//! top-level sections each has, the largest share of clauses one top-level section other than
//! the first holds, and how many TOC entries resolve to a section. A body swallowed by one
//! section (the last TOC line, the last item of a definitions list, a pseudo-heading taken as the
//! parent of everything after it) shows up here as a share near 1. Prints its table; skips the
//! shared part without `../shared`.

use crate::common::{corpus, files_under, parse_file, shared};
use policydiff::model::{ClauseKind, Document, Numbering, Section};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A document is counted as swallowed when one top-level section other than the first holds
/// more than this share of its content clauses while it has at least `MIN_TOP_LEVEL` of them.
const SWALLOWED_SHARE: f64 = 0.6;
const MIN_TOP_LEVEL: usize = 4;
/// Swallowed documents allowed (of ~560): the ratchet this test holds. The remaining ones are
/// mostly real layouts (a long SDK list in the sharing section, a terms-of-service part longer
/// than the privacy part, a summary followed by the full policy as 第二部分), listed by the test's
/// output.
const MAX_SWALLOWED: usize = 9;
/// Share of TOC entries that must resolve to a section (0.989 measured, 2378/2404: TOC headings
/// such as 目录 and the sentence introducing a TOC are no entries, step lists written twice or
/// more are no TOC, and an entry worded otherwise than its heading names the heading in its place
/// between the resolved entries around it; the rest are mostly entries for parts the text lacks,
/// a list taken for a TOC, and headings not read as headings).
const MIN_TOC_RESOLVED: f64 = 0.98;

/// One document's census row.
struct Row {
    path: PathBuf,
    top_level: usize,
    largest_share: f64,
    largest: String,
    toc: usize,
    toc_resolved: usize,
    /// Ids of numbered sections with an empty title, articles aside.
    untitled: Vec<String>,
}

fn row(path: &Path, doc: &Document) -> Row {
    let mut top_of: HashMap<&str, usize> = HashMap::new();
    for (i, top) in doc.sections.iter().enumerate() {
        let mut stack: Vec<&Section> = vec![top];
        while let Some(s) = stack.pop() {
            top_of.insert(s.id.as_str(), i);
            stack.extend(s.sections.iter());
        }
    }
    let content: Vec<_> = doc
        .clauses
        .iter()
        .filter(|c| !matches!(c.kind, ClauseKind::Toc | ClauseKind::Metadata))
        .collect();
    let mut counts = vec![0usize; doc.sections.len()];
    for c in &content {
        if let Some(&i) = c.section_id.as_deref().and_then(|id| top_of.get(id)) {
            if let Some(n) = counts.get_mut(i) {
                *n += 1;
            }
        }
    }
    let (largest, count) = counts
        .iter()
        .enumerate()
        .skip(1)
        .max_by_key(|(_, n)| **n)
        .map_or((None, 0), |(i, n)| (Some(i), *n));
    Row {
        path: path.to_path_buf(),
        top_level: doc.sections.len(),
        largest_share: count as f64 / content.len().max(1) as f64,
        largest: largest
            .and_then(|i| doc.sections.get(i))
            .map(|s| s.id.clone())
            .unwrap_or_default(),
        toc: doc.toc.len(),
        toc_resolved: doc.toc.iter().filter(|e| e.section.is_some()).count(),
        untitled: doc
            .walk_sections()
            .iter()
            .filter(|s| s.number.is_some() && s.title.is_empty())
            .filter(|s| s.numbering != Numbering::Article)
            .map(|s| s.id.clone())
            .collect(),
    }
}

fn is_policy(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("txt" | "md" | "markdown" | "html" | "htm")
    )
}

#[test]
fn structure_census() {
    let mut roots = vec![corpus("")];
    match shared() {
        Some(s) => roots.push(s.join("corpus")),
        None => eprintln!("structure_census: ../shared missing, census of corpus/ only"),
    }
    let rows: Vec<Row> = roots
        .iter()
        .flat_map(|r| files_under(r))
        .filter(|p| is_policy(p))
        .map(|p| row(&p, &parse_file(&p)))
        .collect();
    let swallowed: Vec<&Row> = rows
        .iter()
        .filter(|r| r.top_level >= MIN_TOP_LEVEL && r.largest_share > SWALLOWED_SHARE)
        .collect();
    let (toc, resolved) = rows
        .iter()
        .fold((0, 0), |(t, r), row| (t + row.toc, r + row.toc_resolved));
    eprintln!("top-level\tlargest share\tlargest\tTOC resolved/entries\tfile");
    for r in &rows {
        let flag = if swallowed.iter().any(|s| s.path == r.path) {
            " SWALLOWED"
        } else {
            ""
        };
        eprintln!(
            "{}\t{:.2}\t{}\t{}/{}\t{}{flag}",
            r.top_level,
            r.largest_share,
            r.largest,
            r.toc_resolved,
            r.toc,
            r.path.display()
        );
    }
    eprintln!(
        "census: {} documents, {} swallowed (> {SWALLOWED_SHARE} in one top-level section, >= {MIN_TOP_LEVEL} sections); TOC entries resolved {resolved}/{toc}",
        rows.len(),
        swallowed.len()
    );
    assert!(
        swallowed.len() <= MAX_SWALLOWED,
        "{} documents have their body swallowed by one section",
        swallowed.len()
    );
    let untitled: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            r.untitled
                .iter()
                .map(|id| format!("{} {id}", r.path.display()))
        })
        .collect();
    // No numbered section without a title, articles aside (`第三条` heads its text inline): a
    // number alone on its line numbers the paragraph after it (92 such sections before that rule).
    assert!(
        untitled.is_empty(),
        "numbered sections without a title: {untitled:#?}"
    );
    assert!(
        toc == 0 || resolved as f64 >= MIN_TOC_RESOLVED * toc as f64,
        "only {resolved} of {toc} TOC entries resolve to a section"
    );
}
