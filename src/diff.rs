//! Diff stage: clause-level changes between aligned versions, then word-level redlines over jieba tokens.
//!
//! [`compare`] runs align → clause changes → word redlines (bounded by deadlines, falling back to
//! whole-clause replace) → semantic changes from the two extracted practices → classify.

use crate::align::{self, Alignment, Group};
use crate::classify;
use crate::extract;
use crate::model::diff::{
    Change, ChangeKind, ClauseRef, DiffReport, Fallback, SemanticChange, SemanticKind, Severity,
    TokenEdit, TokenOp, VersionMeta,
};
use crate::model::practices::Practices;
use crate::model::{Clause, ClauseKind, Document, Span, SCHEMA_VERSION};
use crate::normalize::normalize_with_map;
use crate::segment::Segmenter;
use similar::{Algorithm, DiffTag};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

/// Time the alignment's similarity passes may take before leftovers become added/removed.
const ALIGN_DEADLINE: Duration = Duration::from_secs(3);
/// Time one clause's word diff may take before it falls back to whole-clause replace.
const CLAUSE_DEADLINE: Duration = Duration::from_millis(50);
/// Time all word diffs together may take; later modified clauses get whole-clause replace.
const REDLINE_BUDGET: Duration = Duration::from_secs(2);

/// Compares two parsed versions end to end (align → diff → classify).
pub fn compare(old: &Document, new: &Document) -> DiffReport {
    let old_practices = extract::extract(old);
    let new_practices = extract::extract(new);
    compare_with(old, new, &old_practices, &new_practices)
}

/// Compares two versions whose practices were already extracted.
pub fn compare_with(
    old: &Document,
    new: &Document,
    old_practices: &Practices,
    new_practices: &Practices,
) -> DiffReport {
    let mut fallbacks = Fallbacks::default();
    let (mut changes, unchanged) = clause_changes(old, new, &mut fallbacks);
    let semantic = semantic_changes(old, new, old_practices, new_practices);
    attach_semantic(&mut changes, semantic, old, new);
    for change in &mut changes {
        classify::classify_change(change);
    }
    let mut report = DiffReport {
        schema_version: SCHEMA_VERSION,
        changes,
        old_meta: version_meta(old),
        new_meta: version_meta(new),
        fallbacks: fallbacks.into_list(),
        ..DiffReport::default()
    };
    classify::summarise(&mut report, unchanged, old.clauses.len(), new.clauses.len());
    report
}

/// Limits hit while diffing, counted by reason.
#[derive(Default)]
struct Fallbacks {
    counts: BTreeMap<&'static str, usize>,
}

impl Fallbacks {
    fn hit(&mut self, reason: &'static str) {
        *self.counts.entry(reason).or_insert(0) += 1;
    }
    fn into_list(self) -> Vec<Fallback> {
        self.counts
            .into_iter()
            .map(|(reason, count)| Fallback {
                reason: reason.to_owned(),
                count,
            })
            .collect()
    }
}

/// The clause-level changes of two versions (unchanged clauses left out), with word redlines,
/// in new-document order (removed clauses after the aligned clause before them); plus the number
/// of aligned clauses that did not change.
fn clause_changes(
    old: &Document,
    new: &Document,
    fallbacks: &mut Fallbacks,
) -> (Vec<Change>, usize) {
    let alignment = align::align(old, new, ALIGN_DEADLINE);
    if alignment.timed_out {
        fallbacks.hit("align_deadline");
    }
    let budget_end = Instant::now() + REDLINE_BUDGET;
    let mut keyed: Vec<((usize, u8, usize), Change)> = Vec::new();
    let mut unchanged = 0;
    for group in &alignment.groups {
        let key = (
            group.new.first().copied().unwrap_or(0),
            1,
            group.old.first().copied().unwrap_or(0),
        );
        match group_change(old, new, group, budget_end, fallbacks) {
            Some(change) => keyed.push((key, change)),
            None => unchanged += 1,
        }
    }
    for &j in &alignment.added {
        if let Some(clause) = new.clauses.get(j) {
            keyed.push((
                (j, 1, 0),
                one_sided(ChangeKind::Added, None, Some(clause_ref(&[clause]))),
            ));
        }
    }
    let anchors = old_anchors(&alignment, old.clauses.len());
    for &i in &alignment.removed {
        if let Some(clause) = old.clauses.get(i) {
            let key = match anchors.get(i).copied().flatten() {
                Some(anchor) => (anchor, 2, i),
                None => (0, 0, i),
            };
            keyed.push((
                key,
                one_sided(ChangeKind::Removed, Some(clause_ref(&[clause])), None),
            ));
        }
    }
    keyed.sort_by_key(|(key, _)| *key);
    (
        keyed.into_iter().map(|(_, change)| change).collect(),
        unchanged,
    )
}

/// For each old clause, the first new clause of the group holding the nearest aligned old clause before it.
fn old_anchors(alignment: &Alignment, old_len: usize) -> Vec<Option<usize>> {
    let mut partner: Vec<Option<usize>> = vec![None; old_len];
    for group in &alignment.groups {
        for &o in &group.old {
            if let Some(slot) = partner.get_mut(o) {
                *slot = group.new.first().copied();
            }
        }
    }
    let mut last = None;
    partner
        .into_iter()
        .map(|p| {
            let anchor = last;
            if p.is_some() {
                last = p;
            }
            anchor
        })
        .collect()
}

fn one_sided(kind: ChangeKind, old: Option<ClauseRef>, new: Option<ClauseRef>) -> Change {
    Change {
        kind,
        severity: Severity::Editorial,
        codes: Vec::new(),
        summary: String::new(),
        old,
        new,
        moved: false,
        tokens: Vec::new(),
        semantic: Vec::new(),
    }
}

/// The change of one aligned group, or `None` when it is unchanged.
fn group_change(
    old: &Document,
    new: &Document,
    group: &Group,
    budget_end: Instant,
    fallbacks: &mut Fallbacks,
) -> Option<Change> {
    let old_clauses: Vec<&Clause> = group
        .old
        .iter()
        .filter_map(|&i| old.clauses.get(i))
        .collect();
    let new_clauses: Vec<&Clause> = group
        .new
        .iter()
        .filter_map(|&j| new.clauses.get(j))
        .collect();
    let old_ref = clause_ref(&old_clauses);
    let new_ref = clause_ref(&new_clauses);
    let same = concatenated_key(&old_clauses) == concatenated_key(&new_clauses);
    let kind = match (old_clauses.len(), new_clauses.len()) {
        (1, 1) if same && group.moved => ChangeKind::Moved,
        (1, 1) if same && old_ref.text == new_ref.text => return None,
        (1, 1) if same => ChangeKind::Editorial,
        (1, 1) => ChangeKind::Modified,
        (1, _) => ChangeKind::Split,
        _ => ChangeKind::Merged,
    };
    let tokens = if same {
        Vec::new()
    } else {
        redline_bounded(&old_ref.text, &new_ref.text, budget_end, fallbacks)
    };
    let mut change = one_sided(kind, Some(old_ref), Some(new_ref));
    change.moved = group.moved;
    change.tokens = tokens;
    Some(change)
}

fn concatenated_key(clauses: &[&Clause]) -> String {
    clauses
        .iter()
        .map(|c| align::comparison_key(&c.text))
        .collect()
}

/// A reference to one clause, or to a run of consecutive clauses (ids joined, texts concatenated).
fn clause_ref(clauses: &[&Clause]) -> ClauseRef {
    let id = clauses
        .iter()
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    let text: String = clauses.iter().map(|c| c.text.as_str()).collect();
    let span = clauses
        .iter()
        .map(|c| c.span)
        .reduce(Span::cover)
        .unwrap_or_default();
    let kind = clauses.first().map_or(ClauseKind::Paragraph, |c| c.kind);
    ClauseRef {
        id,
        text,
        span,
        kind,
    }
}

/// Word redline with the per-clause deadline and the overall budget; whole-clause replace when either is hit.
fn redline_bounded(
    old: &str,
    new: &str,
    budget_end: Instant,
    fallbacks: &mut Fallbacks,
) -> Vec<TokenEdit> {
    let now = Instant::now();
    if now >= budget_end {
        fallbacks.hit("word_diff_budget");
        return whole_replace(old, new);
    }
    match redline(old, new, (now + CLAUSE_DEADLINE).min(budget_end)) {
        Some(tokens) => tokens,
        None => {
            fallbacks.hit("word_diff_deadline");
            whole_replace(old, new)
        }
    }
}

/// The cheap fallback redline: delete all of the old text, insert all of the new.
fn whole_replace(old: &str, new: &str) -> Vec<TokenEdit> {
    let mut out = Vec::new();
    if !old.is_empty() {
        out.push(TokenEdit {
            op: TokenOp::Delete,
            text: old.to_owned(),
            old_span: Some(Span::new(0, old.len())),
            new_span: None,
        });
    }
    if !new.is_empty() {
        out.push(TokenEdit {
            op: TokenOp::Insert,
            text: new.to_owned(),
            old_span: None,
            new_span: Some(Span::new(0, new.len())),
        });
    }
    out
}

/// A token of a clause: its comparison form and its byte range in the clause text as written.
struct WordToken {
    key: String,
    span: Span,
}

/// Cuts a clause into jieba tokens of its comparison form (numbering stripped), mapped back to the text as written.
fn word_tokens(text: &str) -> Vec<WordToken> {
    let normalized = normalize_with_map(text);
    let stripped = align::strip_numbering(&normalized.text);
    let offset = normalized.text.len() - stripped.len();
    Segmenter::shared()
        .tokens(stripped)
        .into_iter()
        .map(|t| {
            let (start, end) = normalized.original_range(offset + t.start, offset + t.end);
            WordToken {
                key: t.text.to_owned(),
                span: Span::new(start, end),
            }
        })
        .collect()
}

/// Word-level redline of two texts over jieba tokens of their comparison forms: runs of equal,
/// deleted and inserted tokens with spans in both texts. `None` when the deadline passed.
pub fn redline(old: &str, new: &str, deadline: Instant) -> Option<Vec<TokenEdit>> {
    let old_tokens = word_tokens(old);
    let new_tokens = word_tokens(new);
    let old_keys: Vec<&str> = old_tokens.iter().map(|t| t.key.as_str()).collect();
    let new_keys: Vec<&str> = new_tokens.iter().map(|t| t.key.as_str()).collect();
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &old_keys,
        &new_keys,
        Some(deadline),
    );
    if Instant::now() > deadline {
        return None;
    }
    let cover = |tokens: &[WordToken], range: std::ops::Range<usize>| -> Option<Span> {
        let first = tokens.get(range.start)?;
        let last = tokens.get(range.end.checked_sub(1)?)?;
        Some(first.span.cover(last.span))
    };
    let mut out = Vec::new();
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let old_span = cover(&old_tokens, old_range);
        let new_span = cover(&new_tokens, new_range);
        let mut push = |op: TokenOp, text: &str, old_span: Option<Span>, new_span: Option<Span>| {
            out.push(TokenEdit {
                op,
                text: text.to_owned(),
                old_span,
                new_span,
            });
        };
        match tag {
            DiffTag::Equal => {
                if let Some(span) = new_span {
                    push(TokenOp::Equal, span.slice(new), old_span, new_span);
                }
            }
            DiffTag::Delete => {
                if let Some(span) = old_span {
                    push(TokenOp::Delete, span.slice(old), old_span, None);
                }
            }
            DiffTag::Insert => {
                if let Some(span) = new_span {
                    push(TokenOp::Insert, span.slice(new), None, new_span);
                }
            }
            DiffTag::Replace => {
                if let Some(span) = old_span {
                    push(TokenOp::Delete, span.slice(old), old_span, None);
                }
                if let Some(span) = new_span {
                    push(TokenOp::Insert, span.slice(new), None, new_span);
                }
            }
        }
    }
    Some(out)
}

/// Title, dated metadata and source of one version.
fn version_meta(doc: &Document) -> VersionMeta {
    VersionMeta {
        title: doc.title.as_ref().map(|t| t.text.clone()),
        dates: doc
            .metadata
            .iter()
            .filter(|(label, _)| is_date_label(label))
            .map(|(l, v)| (l.clone(), v.clone()))
            .collect(),
        path: doc.source.path.clone(),
        format: Some(doc.source.format),
    }
}

fn is_date_label(label: &str) -> bool {
    [
        "日期",
        "时间",
        "日期：",
        "生效",
        "更新",
        "發布",
        "发布",
        "date",
        "Date",
    ]
    .iter()
    .any(|k| label.contains(k))
}

/// What a comparable fact of one version is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Topic {
    /// A data item we collect (key: canonical item).
    DataItem,
    /// A data item the policy marks sensitive (key: canonical item).
    Sensitive,
    /// A third party (key: canonical name).
    ThirdParty,
    /// A data item or purpose of a third party (key: party + item).
    ThirdPartyData,
    /// A purpose (key: canonical purpose).
    Purpose,
    /// A negative commitment 「不会…」 (key: what is ruled out).
    Commitment,
    /// Retention period (key: scope; value: the period as written).
    Retention,
    /// Storage location (value).
    Storage,
    /// Cross-border transfer stated (present only when there is one).
    CrossBorder,
    /// Profiling, automated decision-making, background collection (key: which).
    Processing,
    /// A right of the data subject (key: right; value: channel / time limit).
    Right,
    /// A contact (key: kind + value).
    Contact,
    /// The controller (value: name).
    Controller,
    /// Minors' age threshold (value: age).
    MinorAge,
    /// A device permission (key: canonical permission).
    Permission,
    /// A date (key: which date; value: the date).
    Date,
}

/// One comparable fact of a version, with the ids of the clauses it came from.
#[derive(Debug, Clone)]
struct Fact {
    topic: Topic,
    key: String,
    subject: String,
    value: Option<String>,
    evidence: Vec<String>,
}

impl Fact {
    fn new(topic: Topic, key: impl Into<String>, subject: impl Into<String>) -> Self {
        Fact {
            topic,
            key: key.into(),
            subject: subject.into(),
            value: None,
            evidence: Vec::new(),
        }
    }
    fn value(mut self, value: Option<String>) -> Self {
        self.value = value.filter(|v| !v.trim().is_empty());
        self
    }
    fn evidence<'e>(mut self, ids: impl IntoIterator<Item = &'e String>) -> Self {
        self.evidence.extend(ids.into_iter().cloned());
        self
    }
}

/// Facts keyed by topic and key; duplicates merged (evidence united, first value kept).
fn index_facts(facts: Vec<Fact>) -> BTreeMap<(Topic, String), Fact> {
    let mut out: BTreeMap<(Topic, String), Fact> = BTreeMap::new();
    for fact in facts {
        match out.get_mut(&(fact.topic, fact.key.clone())) {
            Some(existing) => {
                if existing.value.is_none() {
                    existing.value = fact.value;
                }
                for id in fact.evidence {
                    if !existing.evidence.contains(&id) {
                        existing.evidence.push(id);
                    }
                }
            }
            None => {
                out.insert((fact.topic, fact.key.clone()), fact);
            }
        }
    }
    out
}

/// The semantic changes between two versions' practices (unclassified: classify fills severity).
fn semantic_changes(
    old_doc: &Document,
    new_doc: &Document,
    old: &Practices,
    new: &Practices,
) -> Vec<SemanticChange> {
    let old_facts = index_facts(facts_of(old_doc, old));
    let new_facts = index_facts(facts_of(new_doc, new));
    let old_clauses: HashMap<&str, &Clause> =
        old_doc.clauses.iter().map(|c| (c.id.as_str(), c)).collect();
    let new_clauses: HashMap<&str, &Clause> =
        new_doc.clauses.iter().map(|c| (c.id.as_str(), c)).collect();
    let refs = |ids: &[String], clauses: &HashMap<&str, &Clause>| -> Vec<ClauseRef> {
        ids.iter()
            .filter_map(|id| clauses.get(id.as_str()))
            .map(|c| clause_ref(&[c]))
            .collect()
    };
    let new_parties: BTreeSet<&str> = new_facts
        .keys()
        .filter(|(t, _)| *t == Topic::ThirdParty)
        .map(|(_, k)| k.as_str())
        .filter(|k| !old_facts.contains_key(&(Topic::ThirdParty, (*k).to_owned())))
        .collect();
    let mut out = Vec::new();
    let keys: BTreeSet<&(Topic, String)> = old_facts.keys().chain(new_facts.keys()).collect();
    for key in keys {
        let (old_fact, new_fact) = (old_facts.get(key), new_facts.get(key));
        let kind = match (old_fact, new_fact) {
            (Some(o), Some(n)) if o.value != n.value && o.value.is_some() && n.value.is_some() => {
                changed_kind(key.0, o.value.as_deref(), n.value.as_deref())
            }
            (Some(_), None) => removed_kind(key.0),
            (None, Some(n)) => added_kind(key.0, n, &old_facts, &new_parties),
            _ => None,
        };
        let Some(kind) = kind else { continue };
        let subject = new_fact
            .or(old_fact)
            .map(|f| f.subject.clone())
            .unwrap_or_default();
        out.push(SemanticChange {
            kind,
            subject,
            old_value: old_fact.and_then(|f| f.value.clone()),
            new_value: new_fact.and_then(|f| f.value.clone()),
            severity: Severity::Minor,
            codes: Vec::new(),
            rationale: String::new(),
            old_evidence: old_fact
                .map(|f| refs(&f.evidence, &old_clauses))
                .unwrap_or_default(),
            new_evidence: new_fact
                .map(|f| refs(&f.evidence, &new_clauses))
                .unwrap_or_default(),
        });
    }
    out
}

fn changed_kind(topic: Topic, old: Option<&str>, new: Option<&str>) -> Option<SemanticKind> {
    Some(match topic {
        Topic::Retention => match classify::compare_periods(old?, new?) {
            Some(std::cmp::Ordering::Less) => SemanticKind::RetentionLengthened,
            Some(std::cmp::Ordering::Greater) => SemanticKind::RetentionShortened,
            _ => SemanticKind::RetentionChanged,
        },
        Topic::Storage => SemanticKind::StorageChanged,
        Topic::Right => SemanticKind::RightChanged,
        Topic::Controller => SemanticKind::ControllerChanged,
        Topic::MinorAge => SemanticKind::MinorAgeChanged,
        Topic::Date => SemanticKind::DateChanged,
        _ => return None,
    })
}

fn removed_kind(topic: Topic) -> Option<SemanticKind> {
    Some(match topic {
        Topic::DataItem => SemanticKind::DataItemRemoved,
        Topic::ThirdParty => SemanticKind::ThirdPartyRemoved,
        Topic::ThirdPartyData => SemanticKind::ThirdPartyNarrowed,
        Topic::Purpose => SemanticKind::PurposeRemoved,
        Topic::Commitment => SemanticKind::CommitmentWithdrawn,
        Topic::CrossBorder => SemanticKind::CrossBorderRemoved,
        Topic::Processing => SemanticKind::ProcessingRemoved,
        Topic::Right => SemanticKind::RightRemoved,
        Topic::Contact => SemanticKind::ContactRemoved,
        Topic::Permission => SemanticKind::PermissionRemoved,
        _ => return None,
    })
}

fn added_kind(
    topic: Topic,
    fact: &Fact,
    old_facts: &BTreeMap<(Topic, String), Fact>,
    new_parties: &BTreeSet<&str>,
) -> Option<SemanticKind> {
    Some(match topic {
        Topic::DataItem => SemanticKind::DataItemAdded,
        // Newly sensitive only matters for an item processed before; a new item is reported as added.
        Topic::Sensitive if old_facts.contains_key(&(Topic::DataItem, fact.key.clone())) => {
            SemanticKind::DataItemSensitive
        }
        Topic::ThirdParty => SemanticKind::ThirdPartyAdded,
        // What a new third party receives is part of its addition.
        Topic::ThirdPartyData
            if !new_parties
                .iter()
                .any(|p| fact.key.starts_with(&format!("{p}\u{1f}"))) =>
        {
            SemanticKind::ThirdPartyExpanded
        }
        Topic::Purpose => SemanticKind::PurposeAdded,
        Topic::Commitment => SemanticKind::CommitmentAdded,
        Topic::CrossBorder => SemanticKind::CrossBorderAdded,
        Topic::Processing => SemanticKind::ProcessingAdded,
        Topic::Right => SemanticKind::RightAdded,
        Topic::Contact => SemanticKind::ContactAdded,
        Topic::Permission => SemanticKind::PermissionAdded,
        _ => return None,
    })
}

/// Separates the party from the item in a [`Topic::ThirdPartyData`] key.
const KEY_SEPARATOR: char = '\u{1f}';

/// The comparable facts of one version: its practices, plus the dates of its metadata.
fn facts_of(doc: &Document, practices: &Practices) -> Vec<Fact> {
    let _ = practices;
    let mut facts = Vec::new();
    for clause in doc
        .clauses
        .iter()
        .filter(|c| c.kind == ClauseKind::Metadata)
    {
        let normalized = crate::normalize::normalize(&clause.text);
        if let Some((label, value)) = normalized.split_once(':') {
            if is_date_label(label) {
                facts.push(
                    Fact::new(Topic::Date, label.trim(), label.trim())
                        .value(Some(value.trim().to_owned()))
                        .evidence([&clause.id]),
                );
            }
        }
    }
    let _ = KEY_SEPARATOR;
    facts
}

/// Hangs each semantic change on the clause change holding its evidence; changes whose evidence
/// lies in no changed clause become changes of their own (kind `semantic`).
fn attach_semantic(
    changes: &mut Vec<Change>,
    semantic: Vec<SemanticChange>,
    old: &Document,
    new: &Document,
) {
    let mut by_old: HashMap<String, usize> = HashMap::new();
    let mut by_new: HashMap<String, usize> = HashMap::new();
    for (index, change) in changes.iter().enumerate() {
        for id in change.old.iter().flat_map(|r| r.id.split(" + ")) {
            by_old.entry(id.to_owned()).or_insert(index);
        }
        for id in change.new.iter().flat_map(|r| r.id.split(" + ")) {
            by_new.entry(id.to_owned()).or_insert(index);
        }
    }
    let _ = (old, new);
    for sc in semantic {
        let host = sc
            .new_evidence
            .iter()
            .filter_map(|r| by_new.get(&r.id))
            .chain(sc.old_evidence.iter().filter_map(|r| by_old.get(&r.id)))
            .min()
            .copied();
        match host.and_then(|h| changes.get_mut(h)) {
            Some(change) => change.semantic.push(sc),
            None => {
                let mut change = one_sided(
                    ChangeKind::Semantic,
                    sc.old_evidence.first().cloned(),
                    sc.new_evidence.first().cloned(),
                );
                change.semantic.push(sc);
                changes.push(change);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::tests::paragraphs;
    use proptest::prelude::*;

    fn run(old: &Document, new: &Document) -> DiffReport {
        compare_with(old, new, &Practices::default(), &Practices::default())
    }

    #[test]
    fn redline_marks_inserted_words_with_spans() {
        let old = "我们会收集您的手机号码用于注册。";
        let new = "我们会收集您的手机号码和电子邮箱用于注册。";
        let tokens = redline(old, new, Instant::now() + Duration::from_secs(1)).unwrap();
        let inserted: String = tokens
            .iter()
            .filter(|t| t.op == TokenOp::Insert)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(inserted, "和电子邮箱");
        for t in &tokens {
            if let Some(span) = t.new_span {
                assert_eq!(span.slice(new), t.text);
            }
            if let (Some(span), TokenOp::Delete) = (t.old_span, t.op) {
                assert_eq!(span.slice(old), t.text);
            }
        }
        assert!(tokens.iter().all(|t| t.op != TokenOp::Delete));
    }

    #[test]
    fn redline_ignores_width_and_punctuation_variants() {
        let tokens = redline(
            "我们（运营方）收集姓名，电话。",
            "我们(运营方)收集姓名,电话.",
            Instant::now() + Duration::from_secs(1),
        )
        .unwrap();
        assert!(tokens.iter().all(|t| t.op == TokenOp::Equal), "{tokens:?}");
    }

    #[test]
    fn passed_deadline_falls_back_to_whole_replace() {
        let mut fallbacks = Fallbacks::default();
        let tokens = redline_bounded("甲乙丙", "丁戊己", Instant::now(), &mut fallbacks);
        assert_eq!(
            tokens.iter().map(|t| t.op).collect::<Vec<_>>(),
            [TokenOp::Delete, TokenOp::Insert]
        );
        assert_eq!(
            fallbacks.into_list().first().map(|f| f.reason.as_str()),
            Some("word_diff_budget")
        );
    }

    #[test]
    fn clause_kinds_and_order() {
        let old = paragraphs(&[
            "一、总则",
            "我们收集您的姓名。",
            "我们不会出售您的信息。",
            "附则。",
        ]);
        let new = paragraphs(&[
            "一、总则",
            "我们收集您的姓名和住址信息。",
            "新增的条款说明推送服务。",
            "附则。",
        ]);
        let report = run(&old, &new);
        let kinds: Vec<&str> = report.changes.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(kinds, ["modified", "removed", "added"]);
        assert!(report.has_substantive_changes());
        assert_eq!(report.stats.by_kind.get("unchanged"), Some(&2));
    }

    #[test]
    fn date_change_alone_is_minor() {
        let old = crate::align::tests::doc_of(&[
            (crate::model::ClauseKind::Metadata, "更新日期：2022年1月1日"),
            (crate::model::ClauseKind::Paragraph, "我们收集您的姓名。"),
        ]);
        let new = crate::align::tests::doc_of(&[
            (crate::model::ClauseKind::Metadata, "更新日期：2023年5月1日"),
            (crate::model::ClauseKind::Paragraph, "我们收集您的姓名。"),
        ]);
        let report = run(&old, &new);
        assert!(!report.major);
        let change = report.changes.first().unwrap();
        assert_eq!(change.severity, Severity::Minor);
        assert_eq!(
            change.semantic.first().map(|s| s.kind),
            Some(SemanticKind::DateChanged)
        );
    }

    const POOL: &[&str] = &[
        "我们会收集您的手机号码，用于注册账号和登录验证。",
        "为保障账号安全，我们会收集您的设备型号、操作系统版本（用于安全风控）。",
        "我们不会将您的个人信息出售给任何第三方。",
        "您可以通过“设置-隐私”页面访问、更正或删除您的个人信息。",
        "我们将在15个工作日内答复您的请求。",
        "我们的产品使用第三方推送服务，以便向您发送通知消息。",
        "如您对本政策有任何疑问，请发送邮件至privacy@example.com与我们联系。",
        "我们仅在实现目的所必需的最短期限内保存您的个人信息。",
        "未满十四周岁的儿童应在监护人同意后使用我们的服务。",
        "我们会使用加密技术保护您的个人信息安全。",
    ];

    fn numbered(texts: &[&str], style: usize) -> Vec<String> {
        texts
            .iter()
            .enumerate()
            .map(|(n, t)| match style {
                0 => format!("{}. {t}", n + 1),
                1 => format!(
                    "（{}）{t}",
                    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][n % 10]
                ),
                _ => (*t).to_owned(),
            })
            .collect()
    }

    /// Noise that must never be substantive: width and punctuation swaps, reflowed whitespace, renumbering.
    fn noisy(text: &str, seed: u8) -> String {
        let mut out = String::new();
        for (i, c) in text.chars().enumerate() {
            let swapped = match (c, seed % 3) {
                ('，', 0) => ',',
                ('（', _) => '(',
                ('）', _) => ')',
                ('。', 1) => '.',
                ('“', _) => '「',
                ('”', _) => '」',
                _ => c,
            };
            out.push(swapped);
            if seed % 2 == 1 && i % 7 == 6 && !c.is_ascii() {
                out.push('\n');
            }
        }
        out
    }

    fn pick() -> impl Strategy<Value = Vec<usize>> {
        proptest::collection::vec(0..POOL.len(), 1..8).prop_map(|mut v| {
            v.dedup();
            v
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn same_document_has_no_changes(picked in pick(), style in 0usize..3) {
            let texts: Vec<&str> = picked.iter().map(|&i| POOL[i]).collect();
            let lines = numbered(&texts, style);
            let doc = paragraphs(&lines.iter().map(String::as_str).collect::<Vec<_>>());
            let report = run(&doc, &doc);
            prop_assert!(report.changes.is_empty(), "{:?}", report.changes);
        }

        #[test]
        fn noise_is_never_substantive(picked in pick(), old_style in 0usize..3, new_style in 0usize..3, seed in 0u8..6) {
            let texts: Vec<&str> = picked.iter().map(|&i| POOL[i]).collect();
            let old_lines = numbered(&texts, old_style);
            let new_lines: Vec<String> = numbered(&texts, new_style).iter().map(|t| noisy(t, seed)).collect();
            let old = paragraphs(&old_lines.iter().map(String::as_str).collect::<Vec<_>>());
            let new = paragraphs(&new_lines.iter().map(String::as_str).collect::<Vec<_>>());
            let report = run(&old, &new);
            prop_assert!(!report.has_substantive_changes(), "{:#?}", report.changes);
        }

        #[test]
        fn added_and_removed_swap_when_versions_swap(old_picked in pick(), new_picked in pick()) {
            let old_texts: Vec<&str> = old_picked.iter().map(|&i| POOL[i]).collect();
            let new_texts: Vec<&str> = new_picked.iter().map(|&i| POOL[i]).collect();
            let (old, new) = (paragraphs(&old_texts), paragraphs(&new_texts));
            let texts = |r: &DiffReport, kind: ChangeKind| -> Vec<String> {
                let mut v: Vec<String> = r.changes.iter().filter(|c| c.kind == kind)
                    .filter_map(|c| c.new.as_ref().or(c.old.as_ref()).map(|x| x.text.clone())).collect();
                v.sort();
                v
            };
            let forward = run(&old, &new);
            let backward = run(&new, &old);
            prop_assert_eq!(texts(&forward, ChangeKind::Added), texts(&backward, ChangeKind::Removed));
            prop_assert_eq!(texts(&forward, ChangeKind::Removed), texts(&backward, ChangeKind::Added));
        }
    }
}
