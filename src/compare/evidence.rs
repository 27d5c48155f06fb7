//! Evidence for major findings: the exact sentence of each version a finding rests on.
//!
//! A finding lists the clauses its fact was read from (changed clauses first). The quote is the
//! first sentence of those clauses that names the finding's subject or value (「新增第三方：X」
//! quotes the sentence naming X), else the first sentence of the first clause. The old side is
//! `None` when the old version did not state the fact at all: "not mentioned before".

use super::key_of;
use crate::model::diff::{Change, ClauseRef, Evidence, Quote, SemanticChange, Severity};
use crate::model::practices::{Practices, Statement};
use crate::model::{Clause, Document, Span};
use std::collections::HashMap;

/// Shortest needle (in characters) looked for in a sentence: shorter ones match by accident.
const MIN_NEEDLE_CHARS: usize = 2;

/// One version as evidence is drawn from it: its clauses by id and its statements.
struct Version<'a> {
    clauses: HashMap<&'a str, &'a Clause>,
    statements: &'a [Statement],
}

impl<'a> Version<'a> {
    fn new(doc: &'a Document, practices: &'a Practices) -> Self {
        Version {
            clauses: doc.clauses.iter().map(|c| (c.id.as_str(), c)).collect(),
            statements: &practices.statements,
        }
    }
}

/// Fills `evidence` on every major semantic change of `changes`.
pub fn quote_major_findings(
    changes: &mut [Change],
    (old, old_practices): (&Document, &Practices),
    (new, new_practices): (&Document, &Practices),
) {
    let old_version = Version::new(old, old_practices);
    let new_version = Version::new(new, new_practices);
    for sc in changes
        .iter_mut()
        .flat_map(|c| c.semantic.iter_mut())
        .filter(|s| s.severity == Severity::Major)
    {
        let old_quote = quote(
            &sc.old_evidence,
            &old_version,
            &needles(sc, sc.old_value.as_deref()),
        );
        let new_quote = quote(
            &sc.new_evidence,
            &new_version,
            &needles(sc, sc.new_value.as_deref()),
        );
        sc.evidence = Some(Evidence {
            old: old_quote,
            new: new_quote,
        });
    }
}

/// What a quoted sentence should contain, in comparison form: the value, the subject, the
/// subject without its bracketed company (「X（某某有限公司）」), and the part after a label
/// (「电子邮箱：a@b」).
fn needles(sc: &SemanticChange, value: Option<&str>) -> Vec<String> {
    let subject = sc.subject.as_str();
    let mut out: Vec<&str> = Vec::new();
    out.extend(value);
    out.push(subject);
    out.extend(subject.split(['（', '(']).next());
    out.extend(subject.rsplit('：').next());
    out.extend(value.and_then(|v| v.rsplit('：').next()));
    out.into_iter()
        .map(key_of)
        .filter(|n| n.chars().count() >= MIN_NEEDLE_CHARS)
        .collect()
}

/// The first sentence of the referenced clauses containing a needle, else the first sentence
/// of the first clause; `None` when there is no clause.
fn quote(refs: &[ClauseRef], version: &Version, needles: &[String]) -> Option<Quote> {
    let found: Vec<&Clause> = refs
        .iter()
        .flat_map(ClauseRef::ids)
        .filter_map(|id| version.clauses.get(id).copied())
        .collect();
    let named = found.iter().find_map(|clause| {
        clause.sentences.iter().find_map(|sentence| {
            let key = key_of(&sentence.text);
            needles
                .iter()
                .any(|n| key.contains(n.as_str()))
                .then(|| to_quote(version, clause, &sentence.text, sentence.span))
        })
    });
    named.or_else(|| {
        let clause = found.first()?;
        Some(match clause.sentences.first() {
            Some(sentence) => to_quote(version, clause, &sentence.text, sentence.span),
            None => to_quote(version, clause, &clause.text, clause.span),
        })
    })
}

/// A quote of a sentence, with the statement read from it (the first statement of the clause
/// whose span overlaps the sentence).
fn to_quote(version: &Version, clause: &Clause, text: &str, span: Span) -> Quote {
    let statement = version
        .statements
        .iter()
        .find(|s| {
            s.clause == clause.id && s.span.start() < span.end() && span.start() < s.span.end()
        })
        .map(|s| s.id.clone());
    Quote {
        clause: clause.id.clone(),
        span,
        text: text.to_owned(),
        statement,
    }
}
