//! Invariants every parse, extraction and diff must keep, whatever the input: spans cover the
//! text losslessly, every id and span a result carries points into the documents it came from.
//! Shared by the integration tests and the fuzz targets (`fuzz/fuzz_targets/*.rs` include this
//! file by path), so it depends on nothing but `policydiff` and `serde_json`.
#![allow(dead_code)]

use policydiff::model::diff::{ClauseRef, DiffReport};
use policydiff::model::practices::Practices;
use policydiff::model::Span;
use policydiff::Document;
use std::collections::HashSet;

/// Every span covering text: the title, section headings, clauses and omitted parts.
fn covering_spans(doc: &Document) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    if let Some(t) = &doc.title {
        spans.push((t.span.start(), t.span.end(), "title".to_owned()));
    }
    for s in doc.walk_sections() {
        spans.push((
            s.heading_span.start(),
            s.heading_span.end(),
            format!("heading {}", s.id),
        ));
    }
    for c in &doc.clauses {
        spans.push((c.span.start(), c.span.end(), format!("clause {}", c.id)));
    }
    for o in &doc.omitted {
        spans.push((
            o.span.start(),
            o.span.end(),
            format!("omitted {}", o.reason),
        ));
    }
    spans.sort();
    spans
}

/// Panics unless `span` lies inside `text` on char boundaries.
fn assert_span_in(name: &str, what: &str, span: Span, text: &str) {
    assert!(
        span.start() <= span.end() && span.end() <= text.len(),
        "{name}: {what} {span:?} out of bounds (text has {} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
        "{name}: {what} {span:?} not on char boundaries"
    );
}

/// Lossless: spans lie on char boundaries, do not overlap, and every non-whitespace character lies
/// inside exactly one of them. Also checks ids are unique and clause/sentence spans are ordered.
pub fn assert_lossless(name: &str, doc: &Document) {
    let text = doc.text.as_str();
    let spans = covering_spans(doc);
    for w in spans.windows(2) {
        assert!(
            w[0].1 <= w[1].0,
            "{name}: {} {:?} overlaps {} {:?}",
            w[0].2,
            (w[0].0, w[0].1),
            w[1].2,
            (w[1].0, w[1].1)
        );
    }
    for (s, e, what) in &spans {
        assert_span_in(name, what, Span(*s, *e), text);
    }
    let mut pos = 0;
    for (s, e, _) in spans
        .iter()
        .chain(std::iter::once(&(text.len(), text.len(), String::new())))
    {
        if *s > pos {
            let gap = &text[pos..*s];
            assert!(
                gap.trim().is_empty(),
                "{name}: uncovered text at {pos}: {:?}",
                gap.chars().take(60).collect::<String>()
            );
        }
        pos = pos.max(*e);
    }
    let mut ids: Vec<&str> = doc.clauses.iter().map(|c| c.id.as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "{name}: duplicate clause ids");
    let mut section_ids: Vec<&str> = doc.walk_sections().iter().map(|s| s.id.as_str()).collect();
    let n = section_ids.len();
    section_ids.sort_unstable();
    section_ids.dedup();
    assert_eq!(section_ids.len(), n, "{name}: duplicate section ids");
    // One lookup set: `Document::section` walks the tree, once per clause would be quadratic.
    let section_ids: HashSet<&str> = section_ids.into_iter().collect();
    for c in &doc.clauses {
        for s in &c.sentences {
            assert!(
                s.span.start() >= c.span.start() && s.span.end() <= c.span.end(),
                "{name}: sentence outside clause {}",
                c.id
            );
        }
        if let Some(id) = &c.section_id {
            assert!(
                section_ids.contains(id.as_str()),
                "{name}: clause {} points to missing section {id}",
                c.id
            );
        }
    }
    for w in doc.clauses.windows(2) {
        assert!(
            w[0].span.end() <= w[1].span.start(),
            "{name}: clauses out of order"
        );
    }
}

/// Every id an extraction cites (any `clauses` / `*_clauses` list in its JSON) is a clause of
/// `doc` (what a heading says is cited by the clause it introduces), and every data-item span lies
/// in the text on char boundaries.
pub fn assert_practices_point_into(name: &str, doc: &Document, practices: &Practices) {
    let ids: HashSet<&str> = doc.clauses.iter().map(|c| c.id.as_str()).collect();
    let json = serde_json::to_value(practices).expect("practices serialise");
    let mut cited = Vec::new();
    collect_clause_ids(&json, &mut cited);
    for id in cited {
        assert!(
            ids.contains(id.as_str()),
            "{name}: cites missing clause {id}"
        );
    }
    for item in &practices.data_items {
        for &span in &item.spans {
            assert_span_in(name, &format!("data item {}", item.name), span, &doc.text);
        }
    }
    assert_backed_by_statements(name, doc, practices);
}

/// Every statement cites a clause of `doc` and a span in its text; every data item, not-collected
/// item, third party and purpose lists at least one statement, and only existing ones.
fn assert_backed_by_statements(name: &str, doc: &Document, practices: &Practices) {
    let clauses: HashSet<&str> = doc.clauses.iter().map(|c| c.id.as_str()).collect();
    let mut statements: HashSet<&str> = HashSet::new();
    for s in &practices.statements {
        assert!(
            clauses.contains(s.clause.as_str()),
            "{name}: statement {} cites missing clause {}",
            s.id,
            s.clause
        );
        assert_span_in(name, &format!("statement {}", s.id), s.span, &doc.text);
        assert!(statements.insert(&s.id), "{name}: statement {} twice", s.id);
    }
    let lists = (practices
        .data_items
        .iter()
        .map(|i| (&i.name, &i.statements)))
    .chain(
        practices
            .not_collected
            .iter()
            .map(|i| (&i.name, &i.statements)),
    )
    .chain(
        practices
            .third_parties
            .iter()
            .map(|t| (&t.name, &t.statements)),
    )
    .chain(practices.purposes.iter().map(|p| (&p.code, &p.statements)));
    for (what, ids) in lists {
        assert!(!ids.is_empty(), "{name}: {what} has no statement");
        for id in ids {
            assert!(
                statements.contains(id.as_str()),
                "{name}: {what} cites missing statement {id}"
            );
        }
    }
}

/// Clause ids under every key named `clauses` or ending in `_clauses`, anywhere in `value`.
fn collect_clause_ids(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if key == "clauses" || key.ends_with("_clauses") {
                    if let Some(list) = v.as_array() {
                        out.extend(list.iter().filter_map(|id| id.as_str().map(str::to_owned)));
                        continue;
                    }
                }
                collect_clause_ids(v, out);
            }
        }
        serde_json::Value::Array(list) => list.iter().for_each(|v| collect_clause_ids(v, out)),
        _ => {}
    }
}

/// Every clause a diff report cites (changes and semantic evidence) lies in its version's text, and
/// every redline token's span lies in the clause text it points into.
pub fn assert_report_points_into(name: &str, old: &Document, new: &Document, report: &DiffReport) {
    let check_ref = |what: &str, r: &ClauseRef, doc: &Document| {
        assert_span_in(name, &format!("{what} clause {}", r.id), r.span, &doc.text);
    };
    for change in &report.changes {
        if let Some(r) = &change.old {
            check_ref("old", r, old);
        }
        if let Some(r) = &change.new {
            check_ref("new", r, new);
        }
        for token in &change.tokens {
            for (span, side) in [
                (token.old_span, change.old.as_ref()),
                (token.new_span, change.new.as_ref()),
            ] {
                if let (Some(span), Some(side)) = (span, side) {
                    assert_span_in(name, "token", span, &side.text);
                }
            }
        }
        for semantic in &change.semantic {
            let quotes = semantic.evidence.iter().flat_map(|e| {
                [(&e.old, old, "old"), (&e.new, new, "new")]
                    .into_iter()
                    .filter_map(|(q, doc, side)| q.as_ref().map(|q| (q, doc, side)))
            });
            for (quote, doc, side) in quotes {
                assert_span_in(
                    name,
                    &format!("{side} quote in {}", quote.clause),
                    quote.span,
                    &doc.text,
                );
                assert!(
                    doc.clauses.iter().any(|c| c.id == quote.clause),
                    "{name}: {side} quote cites unknown clause {}",
                    quote.clause
                );
            }
            semantic
                .old_evidence
                .iter()
                .for_each(|r| check_ref("old evidence", r, old));
            semantic
                .new_evidence
                .iter()
                .for_each(|r| check_ref("new evidence", r, new));
        }
    }
}
