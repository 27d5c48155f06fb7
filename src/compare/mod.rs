//! Diff stage: clause-level changes between aligned versions, then word-level redlines over jieba tokens.
//!
//! [`compare`] runs align → clause changes → word redlines (bounded by deadlines, falling back to
//! whole-clause replace) → semantic changes from the two extracted practices → classify.

pub mod align;
pub mod classify;
pub mod commitments;
pub mod evidence;
pub mod functions;
pub mod rules;
pub mod statements;

use crate::numbers::{self, Period, TimeUnit};

use crate::extract;
use crate::model::diff::{
    Change, ChangeKind, ClauseRef, DiffReport, Fallback, SemanticChange, SemanticKind, Severity,
    TokenEdit, TokenOp, VersionMeta,
};
use crate::model::practices::{Action, Polarity, Practices, Statement, ThirdParty};
use crate::model::{Clause, ClauseKind, Document, Span, SCHEMA_VERSION};
use crate::normalize::normalize_with_map;
use crate::segment::Segmenter;
use align::{Alignment, Group};
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use similar::{Algorithm, DiffTag};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

/// Time the alignment's similarity passes may take before leftovers become added/removed.
const ALIGN_DEADLINE: Duration = Duration::from_secs(3);
/// Time one clause's word diff may take before it falls back to whole-clause replace.
const CLAUSE_DEADLINE: Duration = Duration::from_millis(50);
/// Time all word diffs together may take; later modified clauses get whole-clause replace.
const REDLINE_BUDGET: Duration = Duration::from_secs(2);

/// Compares two parsed versions end to end (extract → align → diff → classify) with the built-in
/// dictionaries.
pub fn compare(old: &Document, new: &Document) -> DiffReport {
    compare_using(old, new, crate::dictionary::Compiled::builtin())
}

/// Compares two parsed versions end to end, extracting with `dictionaries` (the built-in ones
/// with a configuration's entries merged in, see [`crate::config::Config::compiled_dictionaries`]):
/// `diff`, `notice` and `check` classify a pair the same way under the same configuration.
pub fn compare_using(
    old: &Document,
    new: &Document,
    dictionaries: &crate::dictionary::Compiled,
) -> DiffReport {
    let (old_practices, new_practices) = rayon::join(
        || extract::extract_with(old, dictionaries),
        || extract::extract_with(new, dictionaries),
    );
    compare_with(old, new, &old_practices, &new_practices)
}

/// Builds what comparing needs whatever the input (extraction's matchers and patterns, the word
/// segmenter, the alignment and processing patterns), so that a caller can do it on another
/// thread while it reads and parses the two versions. Optional: all is otherwise built on first use.
pub fn prepare() {
    let mut jobs = extract::preparations();
    jobs.extend_from_slice(&[
        || _ = crate::segment::Segmenter::shared(),
        || _ = processing_regexes(),
        commitments::prepare,
        functions::prepare,
    ]);
    jobs.extend_from_slice(align::PREPARE);
    jobs.into_par_iter().for_each(|job| job());
}

/// Compares two versions whose practices were already extracted.
pub fn compare_with(
    old: &Document,
    new: &Document,
    old_practices: &Practices,
    new_practices: &Practices,
) -> DiffReport {
    let mut fallbacks = Fallbacks::default();
    // Clause alignment and the two versions' facts are independent: three tasks for rayon.
    let ((mut changes, unchanged), ((old_facts, old_normalized), (new_facts, new_normalized))) =
        rayon::join(
            || clause_changes(old, new, &mut fallbacks),
            || {
                let facts = |doc: &Document, practices: &Practices, aliases: &Aliases| {
                    let normalized = normalized_clauses(doc);
                    let facts = index_facts(facts_of(doc, practices, &normalized, aliases));
                    (facts, normalized)
                };
                let aliases = aliases(old, new, old_practices, new_practices);
                rayon::join(
                    || facts(old, old_practices, &Aliases::default()),
                    || facts(new, new_practices, &aliases),
                )
            },
        );
    let changed = ChangedClauses::of(&changes);
    let semantic = semantic_changes(
        (old, old_practices, &old_facts),
        (new, new_practices, &new_facts),
        &changed,
    );
    attach_semantic(&mut changes, semantic, old, new);
    statements::compare_clauses(&mut changes, (old, old_practices), (new, new_practices));
    functions::compare_functions(
        &mut changes,
        &functions::Side {
            doc: old,
            practices: old_practices,
            normalized: &old_normalized,
        },
        &functions::Side {
            doc: new,
            practices: new_practices,
            normalized: &new_normalized,
        },
    );
    fold_date_changes(&mut changes);
    let commitments_of = Commitments {
        old: Stated::new(old, &old_normalized),
        new: Stated::new(new, &new_normalized),
    };
    for change in &mut changes {
        let found = text_semantics(change, &commitments_of);
        change.semantic.extend(found);
    }
    // Each distinct title keyed once: the two versions share most of their headings.
    let titles: HashSet<&str> = [old, new]
        .iter()
        .flat_map(|doc| doc.walk_sections())
        .map(|section| section.title.as_str())
        .collect();
    let headings: HashSet<String> = titles
        .into_iter()
        .map(|title| classify::heading_key(&align::comparison_key(title)).to_owned())
        .filter(|key| !key.is_empty())
        .collect();
    for change in &mut changes {
        classify::classify_change(change, &headings);
    }
    evidence::quote_major_findings(&mut changes, (old, old_practices), (new, new_practices));
    let mut report = DiffReport {
        schema_version: SCHEMA_VERSION,
        changes,
        old_meta: version_meta(old, old_practices),
        new_meta: version_meta(new, new_practices),
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
            let added = toc_aware_ref(new, j, clause);
            keyed.push(((j, 1, 0), one_sided(ChangeKind::Added, None, Some(added))));
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
                one_sided(
                    ChangeKind::Removed,
                    Some(toc_aware_ref(old, i, clause)),
                    None,
                ),
            ));
        }
    }
    keyed.sort_by_key(|(key, _)| *key);
    (
        keyed.into_iter().map(|(_, change)| change).collect(),
        unchanged,
    )
}

/// A clause reference whose kind is `toc` also for the lead-in line of a table of contents
/// (a short line ending in a colon right before TOC entries, 「本政策将帮助您了解以下内容：」).
fn toc_aware_ref(doc: &Document, index: usize, clause: &Clause) -> ClauseRef {
    let mut reference = clause_ref(&[clause]);
    let before_toc = doc
        .clauses
        .get(index + 1)
        .is_some_and(|next| next.kind == ClauseKind::Toc);
    let key = crate::normalize::normalize(&clause.text);
    if before_toc && key.ends_with(':') && key.chars().count() <= 40 {
        reference.kind = ClauseKind::Toc;
    }
    reference
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
    // Unchanged: one clause on each side, in place, with the same text. Decided before keys and
    // references are built, since most groups are this.
    if let ([i], [j], false) = (group.old.as_slice(), group.new.as_slice(), group.moved) {
        if let (Some(o), Some(n)) = (old.clauses.get(*i), new.clauses.get(*j)) {
            if o.text == n.text {
                return None;
            }
        }
    }
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
    clauses.iter().map(|c| align::clause_key(c)).collect()
}

/// A reference to one clause, or to a run of consecutive clauses (every id kept, texts concatenated).
fn clause_ref(clauses: &[&Clause]) -> ClauseRef {
    let id = clauses.first().map(|c| c.id.clone()).unwrap_or_default();
    let run = if clauses.len() > 1 {
        clauses.iter().map(|c| c.id.clone()).collect()
    } else {
        Vec::new()
    };
    let text: String = clauses.iter().map(|c| c.text.as_str()).collect();
    let span = clauses
        .iter()
        .map(|c| c.span)
        .reduce(Span::cover)
        .unwrap_or_default();
    let kind = clauses.first().map_or(ClauseKind::Paragraph, |c| c.kind);
    ClauseRef {
        id,
        run,
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
    let prefix = align::numbering_prefix_len(text);
    let body = text.get(prefix..).unwrap_or("");
    let normalized = normalize_with_map(body);
    let folded = align::fold_variants(&normalized.text);
    Segmenter::shared()
        .tokens(&folded)
        .into_iter()
        .map(|t| {
            let (start, end) = normalized.original_range(t.start, t.end);
            WordToken {
                key: t.text.to_owned(),
                span: Span::new(prefix + start, prefix + end),
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

/// Title, dated metadata (as written and as ISO dates) and source of one version.
fn version_meta(doc: &Document, practices: &Practices) -> VersionMeta {
    VersionMeta {
        effective_date: practices.effective_date.clone(),
        updated_date: practices.updated_date.clone(),
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
    /// Retention period (key: scope; value: the period as written).
    Retention,
    /// Storage region (key: `domestic` or `overseas`; subject: the place as written).
    Storage,
    /// Cross-border transfer stated (present only when there is one).
    CrossBorder,
    /// Profiling, automated decision-making, background collection (key: which).
    Processing,
    /// A right of the data subject (key: right).
    Right,
    /// The channel or time limit of a right (key: right + which; value: as stated).
    RightDetail,
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

/// One version's facts by topic and key.
type FactIndex = BTreeMap<(Topic, String), Fact>;

/// Facts keyed by topic and key; duplicates merged (evidence united, first value kept).
fn index_facts(facts: Vec<Fact>) -> FactIndex {
    let mut out = FactIndex::new();
    let mut seen: HashSet<(Topic, String, String)> = HashSet::new();
    for mut fact in facts {
        let key = (fact.topic, fact.key.clone());
        let evidence = std::mem::take(&mut fact.evidence);
        let entry = out.entry(key).or_insert_with(|| fact.clone());
        if entry.value.is_none() {
            entry.value = fact.value;
        }
        for id in evidence {
            if seen.insert((entry.topic, entry.key.clone(), id.clone())) {
                entry.evidence.push(id);
            }
        }
    }
    out
}

/// Most evidence clauses a semantic change lists per version.
const MAX_EVIDENCE: usize = 8;

/// Ids of the clauses of each version that some clause-level change covers.
struct ChangedClauses {
    old: HashSet<String>,
    new: HashSet<String>,
}

impl ChangedClauses {
    fn of(changes: &[Change]) -> Self {
        let ids = |side: &Option<ClauseRef>| -> Vec<String> {
            side.iter()
                .flat_map(ClauseRef::ids)
                .map(str::to_owned)
                .collect()
        };
        ChangedClauses {
            old: changes.iter().flat_map(|c| ids(&c.old)).collect(),
            new: changes.iter().flat_map(|c| ids(&c.new)).collect(),
        }
    }
}

/// The semantic changes between two versions' practices (unclassified: classify fills severity).
fn semantic_changes(
    (old_doc, old, old_facts): (&Document, &Practices, &FactIndex),
    (new_doc, new, new_facts): (&Document, &Practices, &FactIndex),
    changed: &ChangedClauses,
) -> Vec<SemanticChange> {
    let old_clauses: HashMap<&str, &Clause> =
        old_doc.clauses.iter().map(|c| (c.id.as_str(), c)).collect();
    let new_clauses: HashMap<&str, &Clause> =
        new_doc.clauses.iter().map(|c| (c.id.as_str(), c)).collect();
    // Evidence shown for a fact: the clauses that changed first, then the others, at most
    // MAX_EVIDENCE of them (a data item can be mentioned in thousands of clauses).
    let refs = |ids: &[String], clauses: &HashMap<&str, &Clause>, changed_ids: &HashSet<String>| {
        let (first, rest): (Vec<&String>, Vec<&String>) =
            ids.iter().partition(|id| changed_ids.contains(*id));
        first
            .into_iter()
            .chain(rest)
            .filter_map(|id| clauses.get(id.as_str()))
            .take(MAX_EVIDENCE)
            .map(|c| clause_ref(&[c]))
            .collect::<Vec<ClauseRef>>()
    };
    let new_parties = parties_only_in(new_facts, old_facts);
    let gone_parties = parties_only_in(old_facts, new_facts);
    let mut out = Vec::new();
    let keys: BTreeSet<&(Topic, String)> = old_facts.keys().chain(new_facts.keys()).collect();
    for key in keys {
        let (old_fact, new_fact) = (old_facts.get(key), new_facts.get(key));
        let kind = match (old_fact, new_fact) {
            (Some(o), Some(n)) if o.value != n.value && o.value.is_some() && n.value.is_some() => {
                changed_kind(key.0, o.value.as_deref(), n.value.as_deref())
            }
            (Some(o), None) => removed_kind(key.0, o, &gone_parties, (old_facts, new_facts)),
            (None, Some(n)) => added_kind(key.0, n, &new_parties, (old_facts, new_facts)),
            _ => None,
        };
        let Some(mut kind) = kind else { continue };
        if kind == SemanticKind::DataItemAdded {
            if summarises_known_items(&key.1, old, new) {
                kind = SemanticKind::DataItemSummarised;
            } else if describes_known_category(&key.1, old, new) {
                kind = SemanticKind::DataItemDescribed;
            }
        }
        let subject = new_fact
            .or(old_fact)
            .map(|f| f.subject.clone())
            .unwrap_or_default();
        out.push(SemanticChange {
            old_value: old_fact.and_then(|f| f.value.clone()),
            new_value: new_fact.and_then(|f| f.value.clone()),
            old_evidence: old_fact
                .map(|f| refs(&f.evidence, &old_clauses, &changed.old))
                .unwrap_or_default(),
            new_evidence: new_fact
                .map(|f| refs(&f.evidence, &new_clauses, &changed.new))
                .unwrap_or_default(),
            ..SemanticChange::new(kind, subject)
        });
    }
    out
}

/// True when a newly named data item is the umbrella term of its category (「设备信息」 in
/// 个人常用设备信息) and the old version already collected specific items of that category: the
/// summary names no new type of data.
fn summarises_known_items(key: &str, old: &Practices, new: &Practices) -> bool {
    let Some(item) = new.data_items.iter().find(|i| key_of(&i.name) == key) else {
        return false;
    };
    let umbrella = !item.category.is_empty() && item.category.ends_with(item.name.as_str());
    umbrella
        && old
            .data_items
            .iter()
            .any(|i| !i.definition_only && i.category == item.category)
}

/// True when a newly named item is an open-vocabulary wording (no dictionary lists it) whose
/// category the old version already collected, or that has no category: open wordings vary with
/// rewording, so only a category new to the policy makes one a new type of data.
fn describes_known_category(key: &str, old: &Practices, new: &Practices) -> bool {
    let Some(item) = new.data_items.iter().find(|i| key_of(&i.name) == key) else {
        return false;
    };
    item.open
        && (item.category == crate::extract::UNCLASSIFIED
            || old
                .data_items
                .iter()
                .any(|i| !i.definition_only && i.category == item.category))
}

/// True for a retention condition that starts after the account is closed (「注销账户后」): data
/// kept for a period from then outlives the account.
fn after_closing(condition: &str) -> bool {
    condition.contains("注销")
}

/// True when a retention fact's value keeps data for a period after the account is closed.
fn kept_after_closing(value: Option<&str>) -> bool {
    value.is_some_and(|v| after_closing(v) && !numbers::periods(v).is_empty())
}

/// True when any retention fact of `facts` keeps data after the account is closed.
fn any_kept_after_closing(facts: &FactIndex) -> bool {
    facts
        .iter()
        .any(|((topic, _), f)| *topic == Topic::Retention && kept_after_closing(f.value.as_deref()))
}

fn changed_kind(topic: Topic, old: Option<&str>, new: Option<&str>) -> Option<SemanticKind> {
    Some(match topic {
        // Outliving the account is longer than any period that ends with it.
        Topic::Retention if kept_after_closing(new) && !kept_after_closing(old) => {
            SemanticKind::RetentionLengthened
        }
        Topic::Retention if kept_after_closing(old) && !kept_after_closing(new) => {
            SemanticKind::RetentionShortened
        }
        Topic::Retention => match crate::numbers::compare_periods(old?, new?) {
            Some(std::cmp::Ordering::Less) => SemanticKind::RetentionLengthened,
            Some(std::cmp::Ordering::Greater) => SemanticKind::RetentionShortened,
            _ => SemanticKind::RetentionChanged,
        },
        Topic::RightDetail => SemanticKind::RightChanged,
        Topic::Controller => SemanticKind::ControllerChanged,
        Topic::MinorAge => SemanticKind::MinorAgeChanged,
        Topic::Date => SemanticKind::DateChanged,
        _ => return None,
    })
}

/// The third parties of one version's facts that the other's lacks.
fn parties_only_in<'a>(facts: &'a FactIndex, other: &FactIndex) -> BTreeSet<&'a str> {
    facts
        .keys()
        .filter(|(t, _)| *t == Topic::ThirdParty)
        .map(|(_, k)| k.as_str())
        .filter(|k| !other.contains_key(&(Topic::ThirdParty, (*k).to_owned())))
        .collect()
}

/// True when a [`Topic::ThirdPartyData`] fact is about one of `parties`.
fn about_party(fact: &Fact, parties: &BTreeSet<&str>) -> bool {
    parties
        .iter()
        .any(|p| fact.key.starts_with(&format!("{p}{KEY_SEPARATOR}")))
}

/// True when what a [`Topic::ThirdPartyData`] fact gives its party (a data item or a purpose) is
/// itself absent from the `other` version and present in `own`: it is reported as new to the
/// policy (or removed from it), and the party's share of it adds nothing to that. A party's
/// expansion is what the other version already processed and did not give it (「穿山甲」 now
/// receiving the location the policy already collected).
fn new_to_one_side(fact: &Fact, other: &FactIndex, own: &FactIndex) -> bool {
    let Some((_, what)) = fact.key.split_once(KEY_SEPARATOR) else {
        return false;
    };
    [Topic::DataItem, Topic::Purpose].iter().any(|&topic| {
        let key = (topic, what.to_owned());
        own.contains_key(&key) && !other.contains_key(&key)
    })
}

fn removed_kind(
    topic: Topic,
    fact: &Fact,
    gone_parties: &BTreeSet<&str>,
    (old_facts, new_facts): (&FactIndex, &FactIndex),
) -> Option<SemanticKind> {
    Some(match topic {
        Topic::DataItem => SemanticKind::DataItemRemoved,
        Topic::ThirdParty => SemanticKind::ThirdPartyRemoved,
        // What a removed third party received goes with its removal.
        Topic::ThirdPartyData
            if !about_party(fact, gone_parties) && !new_to_one_side(fact, new_facts, old_facts) =>
        {
            SemanticKind::ThirdPartyNarrowed
        }
        Topic::Purpose => SemanticKind::PurposeRemoved,
        // No longer keeping data after the account is closed, where nothing else does.
        Topic::Retention
            if kept_after_closing(fact.value.as_deref()) && !any_kept_after_closing(new_facts) =>
        {
            SemanticKind::RetentionShortened
        }
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
    new_parties: &BTreeSet<&str>,
    (old_facts, new_facts): (&FactIndex, &FactIndex),
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
            if !about_party(fact, new_parties) && !new_to_one_side(fact, old_facts, new_facts) =>
        {
            SemanticKind::ThirdPartyExpanded
        }
        Topic::Purpose => SemanticKind::PurposeAdded,
        // Keeping data after the account is closed, where the old version kept none.
        Topic::Retention
            if kept_after_closing(fact.value.as_deref()) && !any_kept_after_closing(old_facts) =>
        {
            SemanticKind::RetentionLengthened
        }
        // A new region of storage only matters when it is outside mainland China.
        Topic::Storage if fact.key == "overseas" => SemanticKind::StorageChanged,
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

/// Manners of processing recognised in the text itself (the practices model has no field for
/// them): PIPL art. 24 automated decision-making, art. 73 profiling, background collection, and
/// the app starting itself or staying alive in the background (auto-start, associated start).
/// Each is `(key, name, pattern, max_gap)` (see [`ProcessingCue`]); a sentence that negates it or
/// grants a right against it does not count.
const PROCESSING_CUES: &[(&str, &str, &str, usize)] = &[
    (
        "automated_decision",
        "自动化决策",
        r"自动化?(?:决策|决定|评估|评分|评级|判定|审批|生成)",
        0,
    ),
    ("profiling", "用户画像", r"画像", 0),
    (
        "auto_start",
        "自启动或后台运行",
        r"自启动|开机自启|关联启动|自动启动|唤醒(.*?)(?:应用|App|进程)|常驻后台|后台运行",
        4,
    ),
    (
        "background_collection",
        "后台持续收集",
        r"(?:后台|静默|持续)(?:运行|状态|地|时)?(.*?)(?:收集|获取|读取|定位|采集)",
        6,
    ),
];

/// A processing cue: its fact key and name, its pattern, and how many characters its capture
/// group (the words between its two parts, if it has one) may hold (see [`crate::bounded`]).
struct ProcessingCue {
    key: &'static str,
    name: &'static str,
    pattern: regex::Regex,
    max_gap: usize,
}

impl ProcessingCue {
    /// True when `text` states the cue.
    fn is_in(&self, text: &str) -> bool {
        if self.max_gap == 0 {
            self.pattern.is_match(text)
        } else {
            self.pattern.is_match(text)
                && !crate::bounded::captures_within(&self.pattern, text, 1, self.max_gap).is_empty()
        }
    }
}

/// Words that make a sentence mentioning a processing cue a denial or a right, not a practice.
const PROCESSING_NEGATIONS: &[&str] = &[
    "不会",
    "不进行",
    "不存在",
    "不采用",
    "不使用",
    "不涉及",
    "拒绝",
    "有权",
    "解释",
    "不针对",
    "关闭",
];

fn processing_regexes() -> &'static [ProcessingCue] {
    static RES: std::sync::OnceLock<Vec<ProcessingCue>> = std::sync::OnceLock::new();
    RES.get_or_init(|| {
        PROCESSING_CUES
            .iter()
            .map(|&(key, name, pattern, max_gap)| ProcessingCue {
                key,
                name,
                pattern: regex::Regex::new(pattern)
                    .unwrap_or_else(|e| panic!("processing pattern {key}: {e}")),
                max_gap,
            })
            .collect()
    })
}

/// Facts for the manners of processing a document states affirmatively.
fn processing_facts(doc: &Document, normalized: &[String]) -> Vec<Fact> {
    let mut facts = Vec::new();
    for (clause, text) in content_normalized(doc, normalized) {
        if !processing_regexes().iter().any(|cue| cue.is_in(text)) {
            continue;
        }
        for (start, end) in crate::segment::split_sentences(text) {
            let Some(sentence) = text.get(start..end) else {
                continue;
            };
            if PROCESSING_NEGATIONS.iter().any(|n| sentence.contains(n)) {
                continue;
            }
            for cue in processing_regexes() {
                if cue.is_in(sentence) {
                    facts.push(
                        Fact::new(Topic::Processing, cue.key, cue.name).evidence([&clause.id]),
                    );
                }
            }
        }
    }
    facts
}

/// The key form of a name: normalised (width, case, traditional characters folded).
fn key_of(text: &str) -> String {
    crate::normalize::normalize(text)
}

/// The normalised text of each clause of a version, by clause index: computed once for the
/// comparisons that read whole clauses (processing cues, registered addresses, evidence for
/// facts, negative commitments).
fn normalized_clauses(doc: &Document) -> Vec<String> {
    doc.clauses.iter().map(|c| key_of(&c.text)).collect()
}

/// The content clauses of a version (TOC entries left out) with their normalised texts.
fn content_normalized<'a>(
    doc: &'a Document,
    normalized: &'a [String],
) -> impl Iterator<Item = (&'a Clause, &'a str)> {
    doc.clauses
        .iter()
        .zip(normalized)
        .filter(|(c, _)| c.kind != ClauseKind::Toc)
        .map(|(c, text)| (c, text.as_str()))
}

/// How the new version's names map to the old version's, for comparing facts: the product's
/// new name read as its old one (a rename is not a new account or item), and parties renamed.
#[derive(Default)]
struct Aliases {
    /// The product's name in comparison form, (new, old), when the titles name it differently.
    product: Option<(String, String)>,
    /// New-version party keys that name a party of the old version under another name, mapped
    /// to the old party's key.
    parties: HashMap<String, String>,
}

impl Aliases {
    /// The comparison key of a name of the new version (the product's old name in place of its new one).
    fn key(&self, name: &str) -> String {
        let key = key_of(name);
        match &self.product {
            Some((new, old)) if key.contains(new.as_str()) => key.replace(new.as_str(), old),
            _ => key,
        }
    }

    /// The comparison key of a party of the new version.
    fn party_key(&self, name: &str) -> String {
        let key = self.key(name);
        self.parties.get(&key).cloned().unwrap_or(key)
    }
}

/// The aliases of the new version's names (see [`Aliases`]).
fn aliases(old_doc: &Document, new_doc: &Document, old: &Practices, new: &Practices) -> Aliases {
    let product_of = |doc: &Document| doc.title.as_ref().and_then(|t| t.product());
    let product = match (product_of(new_doc), product_of(old_doc)) {
        (Some(new), Some(old)) if new != old => Some((new, old)),
        _ => None,
    };
    Aliases {
        product,
        parties: party_aliases(old, new),
    }
}

/// Which third parties of the new version are old ones under a new name, from the two versions'
/// lists: a party named by its company (「高德软件有限公司」) where the old version named the
/// company's SDK; and a party that replaced one of the same company (an SDK renamed, 「支付宝APP
/// 支付客户端SDK」→「APP支付客户端SDK」), paired one to one in order. Two different SDKs of one
/// company that both stay listed are two parties.
fn party_aliases(old: &Practices, new: &Practices) -> HashMap<String, String> {
    let old_keys: HashSet<String> = old.third_parties.iter().map(|p| key_of(&p.name)).collect();
    let new_keys: HashSet<String> = new.third_parties.iter().map(|p| key_of(&p.name)).collect();
    let company = |p: &crate::model::practices::ThirdParty| p.company.as_deref().map(key_of);
    let mut removed: Vec<(String, Option<String>)> = old
        .third_parties
        .iter()
        .map(|p| (key_of(&p.name), company(p)))
        .filter(|(key, _)| !new_keys.contains(key))
        .collect();
    let mut aliases = HashMap::new();
    for party in &new.third_parties {
        let key = key_of(&party.name);
        if old_keys.contains(&key) || aliases.contains_key(&key) {
            continue;
        }
        let Some(company) = company(party) else {
            continue;
        };
        let named_by_company = key == company;
        let old_of_company = old.third_parties.iter().find(|p| {
            named_by_company && p.company.as_deref().map(key_of) == Some(company.clone())
        });
        if let Some(old_party) = old_of_company {
            aliases.insert(key, key_of(&old_party.name));
        } else if let Some(at) = removed
            .iter()
            .position(|(_, c)| c.as_ref() == Some(&company))
        {
            let (old_key, _) = removed.remove(at);
            aliases.insert(key, old_key);
        }
    }
    aliases
}

/// True when the operator is itself abroad, so that a foreign recipient is no flow out of China:
/// its controller is of a foreign legal form, or no controller is named and the product is named
/// in Latin script only (「Firefox Lite 隐私声明」).
fn operator_abroad(doc: &Document, practices: &Practices) -> bool {
    match &practices.controller {
        Some(controller) => extract::is_foreign_company(controller),
        None => doc
            .title
            .as_ref()
            .and_then(|t| t.product())
            .is_some_and(|product| product.is_ascii()),
    }
}

/// The clauses that are one party's entry (no other party is named in them) with their
/// statements: what a statement of such a clause collects or shares, the party receives
/// (「我们会集成X SDK…收集的个人信息包含：A、B」), whether or not extraction linked it to the party.
struct PartyEntries<'a> {
    statements: HashMap<&'a str, Vec<&'a Statement>>,
    parties_of_clause: HashMap<&'a str, usize>,
}

impl<'a> PartyEntries<'a> {
    fn of(practices: &'a Practices) -> Self {
        let mut parties_of_clause: HashMap<&str, usize> = HashMap::new();
        for party in &practices.third_parties {
            for clause in &party.clauses {
                *parties_of_clause.entry(clause.as_str()).or_default() += 1;
            }
        }
        PartyEntries {
            statements: statements::by_clause(practices),
            parties_of_clause,
        }
    }

    /// The data items stated in the party's own entries, by us or by the party.
    fn data_of(&self, party: &'a ThirdParty) -> impl Iterator<Item = &'a str> + '_ {
        party
            .clauses
            .iter()
            .filter(|c| self.parties_of_clause.get(c.as_str()) == Some(&1))
            .filter_map(|c| self.statements.get(c.as_str()))
            .flatten()
            .filter(move |s| {
                (s.actor == "us" || s.actor == party.name)
                    && s.polarity == Polarity::Affirmative
                    && matches!(s.action, Action::Collect | Action::Share | Action::Use)
            })
            .flat_map(|s| s.data.iter().map(String::as_str))
    }
}

/// The comparable facts of one version: its practices, the manners of processing its text
/// states, and the dates of its metadata lines.
fn facts_of(
    doc: &Document,
    practices: &Practices,
    normalized: &[String],
    aliases: &Aliases,
) -> Vec<Fact> {
    let operator_abroad = operator_abroad(doc, practices);
    let mut facts = processing_facts(doc, normalized);
    for item in practices.data_items.iter().filter(|i| !i.definition_only) {
        let sensitive = item.sensitive.then(|| rules::SENSITIVE.to_owned());
        facts.push(
            Fact::new(Topic::DataItem, aliases.key(&item.name), &item.name)
                .value(sensitive)
                .evidence(&item.clauses),
        );
        if item.sensitive {
            facts.push(
                Fact::new(Topic::Sensitive, aliases.key(&item.name), &item.name)
                    .evidence(&item.clauses),
            );
        }
    }
    let entries = PartyEntries::of(practices);
    let purpose_names: HashMap<&str, &str> = practices
        .purposes
        .iter()
        .map(|p| (p.code.as_str(), p.name.as_str()))
        .collect();
    for party in &practices.third_parties {
        let key = aliases.party_key(&party.name);
        let subject = match &party.company {
            Some(company) if !party.name.contains(company.as_str()) => {
                format!("{}（{company}）", party.name)
            }
            _ => party.name.clone(),
        };
        let is_sdk = party.relations.iter().any(|r| r == "sdk");
        // A foreign recipient is a flow abroad of its own (a new one is a new cross-border
        // recipient, whether or not the policy already transferred data abroad), unless the
        // operator itself is abroad.
        if party.foreign && !operator_abroad {
            facts.push(
                Fact::new(
                    Topic::CrossBorder,
                    format!("{key}{KEY_SEPARATOR}recipient"),
                    &subject,
                )
                .evidence(&party.clauses),
            );
        }
        facts.push(
            Fact::new(Topic::ThirdParty, key.clone(), &subject)
                .value(is_sdk.then(|| "SDK".to_owned()))
                .evidence(&party.clauses),
        );
        let mut received: BTreeSet<&str> = party
            .data_items
            .iter()
            .chain(&party.purposes)
            .map(String::as_str)
            .collect();
        received.extend(entries.data_of(party));
        for what in received {
            // Purposes are given as codes; findings name them as the policy's purposes do.
            let name = purpose_names.get(what).copied().unwrap_or(what);
            facts.push(
                Fact::new(
                    Topic::ThirdPartyData,
                    format!("{key}{KEY_SEPARATOR}{}", key_of(what)),
                    format!("{}：{name}", party.name),
                )
                .evidence(&party.clauses),
            );
        }
    }
    for purpose in &practices.purposes {
        facts.push(
            Fact::new(Topic::Purpose, &purpose.code, &purpose.name).evidence(&purpose.clauses),
        );
    }
    for retention in &practices.retention {
        let scope: Vec<String> = retention.data_items.iter().map(|i| key_of(i)).collect();
        // Kept for a period after the account is closed: the condition is part of the period.
        let from_closing = retention.condition.as_deref().filter(|c| after_closing(c));
        let value = match (&retention.period, retention.minimum_necessary) {
            (Some(period), _) => Some(format!("{}{}", from_closing.unwrap_or(""), period.text)),
            (None, true) => Some("实现目的所必需的最短期限".to_owned()),
            (None, false) => None,
        };
        let subject = if retention.data_items.is_empty() {
            "个人信息".to_owned()
        } else {
            retention.data_items.join("、")
        };
        facts.push(
            Fact::new(Topic::Retention, scope.join("、"), subject)
                .value(value)
                .evidence(&retention.clauses),
        );
    }
    for location in &practices.storage_locations {
        facts.push(
            Fact::new(Topic::Storage, &location.region, &location.place)
                .evidence(&location.clauses),
        );
    }
    if practices.cross_border {
        facts.push(
            Fact::new(Topic::CrossBorder, "", "个人信息出境")
                .evidence(&practices.cross_border_clauses),
        );
    }
    // 「联系我们」 as a channel means every channel the contact section offers (when it offers any).
    let contact_channels: Vec<String> = practices
        .contacts
        .iter()
        .filter_map(|c| right_channel_of_contact(&c.kind))
        .map(key_of)
        .collect();
    for right in &practices.rights {
        facts.push(Fact::new(Topic::Right, &right.kind, &right.name).evidence(&right.clauses));
        let mut channels: Vec<String> = right.channels.iter().map(|c| key_of(c)).collect();
        if !contact_channels.is_empty() && channels.iter().any(|c| c == CONTACT_SECTION) {
            channels.retain(|c| c != CONTACT_SECTION);
            channels.extend(contact_channels.iter().cloned());
        }
        channels.sort();
        channels.dedup();
        facts.push(
            Fact::new(
                Topic::RightDetail,
                format!("{}{KEY_SEPARATOR}channel", right.kind),
                format!("{}的行使渠道", right.name),
            )
            .value(Some(channels.join("、")))
            .evidence(&right.clauses),
        );
        if let Some(limit) = &right.time_limit {
            facts.push(
                Fact::new(
                    Topic::RightDetail,
                    format!("{}{KEY_SEPARATOR}time", right.kind),
                    format!("{}的处理时限", right.name),
                )
                .value(Some(limit.text.clone()))
                .evidence(&right.clauses),
            );
        }
    }
    // A registered address (注册地址) names the controller, a `controller` matter: it is not a
    // channel for reaching the personal-information contact.
    let clause_texts: HashMap<&str, &str> = doc
        .clauses
        .iter()
        .zip(normalized)
        .map(|(c, text)| (c.id.as_str(), text.as_str()))
        .collect();
    let is_registered_address = |contact: &crate::model::practices::Contact| {
        contact.kind == "address"
            && !contact.clauses.is_empty()
            && contact.clauses.iter().all(|id| {
                clause_texts
                    .get(id.as_str())
                    .is_some_and(|t| t.contains("注册地址"))
            })
    };
    for contact in practices
        .contacts
        .iter()
        .filter(|c| !is_registered_address(c))
    {
        facts.push(
            Fact::new(
                Topic::Contact,
                format!("{}{KEY_SEPARATOR}{}", contact.kind, key_of(&contact.value)),
                format!("{}：{}", contact_label(&contact.kind), contact.value),
            )
            .evidence(&contact.clauses),
        );
    }
    if let Some(controller) = &practices.controller {
        facts.push(
            Fact::new(Topic::Controller, "", "个人信息处理者")
                .value(Some(key_of(controller)))
                .evidence(&clauses_mentioning(doc, normalized, controller)),
        );
    }
    if let Some(age) = practices.minor_age {
        let age_text = format!("{age}周岁");
        facts.push(
            Fact::new(Topic::MinorAge, "", "未成年人年龄")
                .value(Some(age_text.clone()))
                .evidence(&clauses_mentioning(doc, normalized, &age_text)),
        );
    }
    for permission in &practices.permissions {
        // A permission whose every clause says what it gives stays on the device collects
        // nothing (「…扫描二维码。此信息会保留在您的设备上」).
        let on_device = !permission.clauses.is_empty()
            && permission.clauses.iter().all(|c| {
                entries
                    .statements
                    .get(c.as_str())
                    .is_some_and(|list| list.iter().any(|s| s.actor == statements::DEVICE))
            });
        facts.push(
            Fact::new(
                Topic::Permission,
                key_of(&permission.name),
                &permission.name,
            )
            .value(on_device.then(|| rules::ON_DEVICE.to_owned()))
            .evidence(&permission.clauses),
        );
    }
    let mut dated: Vec<&String> = Vec::new();
    for clause in doc
        .clauses
        .iter()
        .filter(|c| c.kind == ClauseKind::Metadata)
    {
        for (label, date) in labelled_dates(&clause.text) {
            dated.push(&clause.id);
            facts.push(
                Fact::new(Topic::Date, &label, &label)
                    .value(Some(date))
                    .evidence([&clause.id]),
            );
        }
    }
    for (label, date) in [
        ("生效日期", &practices.effective_date),
        ("更新日期", &practices.updated_date),
    ] {
        if let Some(date) = date {
            facts.push(
                Fact::new(Topic::Date, label, label)
                    .value(Some(date.clone()))
                    .evidence(dated.iter().copied()),
            );
        }
    }
    facts
}

/// The dates of a metadata line with the label before each (「更新日期：2024年3月1日　生效日期：…」),
/// both normalised, each date as written; a date without a label gets 「日期」.
fn labelled_dates(text: &str) -> Vec<(String, String)> {
    let normalized = crate::normalize::normalize(text);
    let mut out = Vec::new();
    let mut previous_end = 0;
    for (_, start, end) in extract::find_dates(&normalized) {
        let label = normalized
            .get(previous_end..start)
            .unwrap_or("")
            .trim_matches(|c: char| c.is_whitespace() || c == ':' || c.is_ascii_punctuation());
        let label = if label.is_empty() { "日期" } else { label };
        let date = normalized.get(start..end).unwrap_or("");
        out.push((label.to_owned(), date.to_owned()));
        previous_end = end;
    }
    out
}

/// Ids of the first few content clauses whose comparison form contains `needle`'s (evidence for
/// facts the practices model gives without clause ids).
fn clauses_mentioning(doc: &Document, normalized: &[String], needle: &str) -> Vec<String> {
    const MAX_EVIDENCE: usize = 3;
    let needle = key_of(needle);
    if needle.is_empty() {
        return Vec::new();
    }
    content_normalized(doc, normalized)
        .filter(|(_, text)| text.contains(&needle))
        .take(MAX_EVIDENCE)
        .map(|(c, _)| c.id.clone())
        .collect()
}

/// The right channel 「联系我们」 (the contact section), as extraction names it.
const CONTACT_SECTION: &str = "联系我们";

/// The right channel (as extraction names channels) a contact of the given kind offers.
fn right_channel_of_contact(kind: &str) -> Option<&'static str> {
    match kind {
        "email" => Some("邮件"),
        "phone" => Some("电话"),
        "address" => Some("信函"),
        _ => None,
    }
}

/// How a contact kind is named in findings.
fn contact_label(kind: &str) -> &str {
    match kind {
        "email" => "电子邮箱",
        "phone" => "电话",
        "address" => "地址",
        "wechat" => "微信",
        "url" => "网址",
        "department" => "部门",
        "in_app" => "产品内反馈或客服渠道",
        other => other,
    }
}

/// True for a sentence about how long data is kept (not about how fast a request is answered).
fn is_retention_sentence(sentence: &str) -> bool {
    let keeps = ["保存", "保留", "存储", "留存"]
        .iter()
        .any(|k| sentence.contains(k));
    let deletes = sentence.contains("删除")
        && !["申请", "请求", "处理", "答复", "回复", "响应", "联系"]
            .iter()
            .any(|k| sentence.contains(k));
    keeps || deletes
}

/// The periods of the retention sentences of a text (working-day periods left out).
fn retention_periods(text: &str) -> Vec<Period> {
    let normalized = crate::normalize::normalize(text);
    crate::segment::split_sentences(&normalized)
        .into_iter()
        .filter_map(|(start, end)| normalized.get(start..end))
        .filter(|sentence| is_retention_sentence(sentence))
        .flat_map(numbers::periods)
        .filter(|p| p.unit != TimeUnit::WorkingDay)
        .collect()
}

/// True for a sentence about how fast a request is handled (申请、请求、答复 …).
fn is_response_sentence(sentence: &str) -> bool {
    ["申请", "请求", "答复", "回复", "响应", "处理", "完成"]
        .iter()
        .any(|k| sentence.contains(k))
}

/// True for a period of advance notice (「提前15日…通知您」): how early users are told, not how
/// fast a request is answered.
fn is_notice_period(sentence: &str, period: &Period) -> bool {
    let before = sentence.get(..period.start).unwrap_or("");
    // 「至少提前15日」 ends in 提前 too.
    before.ends_with("提前") || before.ends_with("提前至少")
}

/// The periods of the request-handling sentences of a text that are not retention sentences.
fn response_periods(text: &str) -> Vec<Period> {
    let normalized = crate::normalize::normalize(text);
    crate::segment::split_sentences(&normalized)
        .into_iter()
        .filter_map(|(start, end)| normalized.get(start..end))
        .filter(|sentence| is_response_sentence(sentence) && !is_retention_sentence(sentence))
        .flat_map(|sentence| {
            numbers::periods(sentence)
                .into_iter()
                .filter(move |p| !is_notice_period(sentence, p))
        })
        .collect()
}

/// The longest period only in the old list and the longest only in the new one (periods of equal
/// length cancel out), when both exist.
fn changed_longest(mut old: Vec<Period>, mut new: Vec<Period>) -> Option<(Period, Period)> {
    old.retain(|p| {
        let shared = new.iter().position(|q| q.days() == p.days());
        shared.map(|at| new.remove(at)).is_none()
    });
    let longest = |periods: &[Period]| {
        periods
            .iter()
            .max_by(|x, y| x.days().total_cmp(&y.days()))
            .cloned()
    };
    Some((longest(&old)?, longest(&new)?))
}

/// The commitment phrases each version states anywhere (see [`commitments`]).
struct Commitments<'a> {
    old: Stated<'a>,
    new: Stated<'a>,
}

/// The commitment phrases of one version, read on first need: only a changed clause that drops or
/// adds a commitment asks whether the other version states it elsewhere.
struct Stated<'a> {
    doc: &'a Document,
    normalized: &'a [String],
    phrases: std::cell::OnceCell<HashSet<String>>,
}

impl<'a> Stated<'a> {
    fn new(doc: &'a Document, normalized: &'a [String]) -> Self {
        Stated {
            doc,
            normalized,
            phrases: std::cell::OnceCell::new(),
        }
    }

    /// True when the version states `phrase` as a commitment in some content clause.
    fn holds(&self, phrase: &str) -> bool {
        self.phrases
            .get_or_init(|| {
                content_normalized(self.doc, self.normalized)
                    .flat_map(|(_, text)| commitments::in_normalized(text))
                    .map(|c| c.phrase)
                    .collect()
            })
            .contains(phrase)
    }
}

/// Semantic changes read from the two sides of one changed clause, for what the practices model
/// does not carry or missed: a negative commitment withdrawn (「不会用于…」 → 「会用于…」, unless
/// restated in the clause or anywhere in the new version, whose commitment phrases are
/// `commitments_of.new`; a withdrawn 「不会向境外传输」 is a cross-border transfer added), a retention
/// period changed in place, and a request-handling time limit lengthened (each only when the
/// practices show no such change there).
fn text_semantics(change: &Change, commitments_of: &Commitments<'_>) -> Vec<SemanticChange> {
    let (Some(old), Some(new)) = (&change.old, &change.new) else {
        return Vec::new();
    };
    if !matches!(
        change.kind,
        ChangeKind::Modified | ChangeKind::Split | ChangeKind::Merged
    ) {
        return Vec::new();
    }
    let semantic = |kind, subject: String, old_value: Option<String>, new_value: Option<String>| {
        SemanticChange {
            old_value,
            new_value,
            old_evidence: vec![old.clone()],
            new_evidence: vec![new.clone()],
            ..SemanticChange::new(kind, subject)
        }
    };
    let mut out = Vec::new();
    let (old_key, new_key) = (key_of(&old.text), key_of(&new.text));
    for withdrawn in commitments::unmatched(&old_key, &new_key, |p| commitments_of.new.holds(p)) {
        if withdrawn.is_cross_border() {
            out.push(semantic(
                SemanticKind::CrossBorderAdded,
                withdrawn.phrase,
                None,
                None,
            ));
        } else if withdrawn.binds_alone() {
            out.push(semantic(
                SemanticKind::CommitmentWithdrawn,
                withdrawn.phrase,
                None,
                None,
            ));
        }
    }
    // A new promise not to transfer abroad is the mirror of withdrawing one.
    for promised in commitments::unmatched(&new_key, &old_key, |p| commitments_of.old.holds(p)) {
        if promised.is_cross_border() {
            out.push(semantic(
                SemanticKind::CrossBorderRemoved,
                promised.phrase,
                None,
                None,
            ));
        }
    }
    let has_right_change = change
        .semantic
        .iter()
        .any(|s| s.kind == SemanticKind::RightChanged);
    let response = changed_longest(response_periods(&old.text), response_periods(&new.text));
    if let (false, Some((before, after))) = (has_right_change, response) {
        if after.days() > before.days() {
            let subject = "请求的处理时限".to_owned();
            out.push(semantic(
                SemanticKind::RightChanged,
                subject,
                Some(before.text),
                Some(after.text),
            ));
        }
    }
    let has_retention = change.semantic.iter().any(|s| {
        matches!(
            s.kind,
            SemanticKind::RetentionLengthened
                | SemanticKind::RetentionShortened
                | SemanticKind::RetentionChanged
        )
    });
    if !has_retention {
        let periods = changed_longest(retention_periods(&old.text), retention_periods(&new.text));
        if let Some((before, after)) = periods {
            let kind = if after.days() > before.days() {
                SemanticKind::RetentionLengthened
            } else {
                SemanticKind::RetentionShortened
            };
            out.push(semantic(
                kind,
                "保存期限".to_owned(),
                Some(before.text),
                Some(after.text),
            ));
        }
    }
    out
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
        for id in change.old.iter().flat_map(ClauseRef::ids) {
            by_old.entry(id.to_owned()).or_insert(index);
        }
        for id in change.new.iter().flat_map(ClauseRef::ids) {
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
    for change in changes.iter_mut() {
        pair_contact_changes(&mut change.semantic);
    }
}

/// One date change is one item: the date findings of several metadata lines (生效日期 and 更新日期
/// both moved) are gathered on the first change holding one; the other lines keep their redline
/// and, having no finding left, are graded by their text (a metadata line whose only edit is its
/// date is editorial, see `classify`).
fn fold_date_changes(changes: &mut [Change]) {
    let is_date = |s: &SemanticChange| s.kind == SemanticKind::DateChanged;
    let mut first: Option<usize> = None;
    let mut moved = Vec::new();
    for (index, change) in changes.iter_mut().enumerate() {
        if !change.semantic.iter().any(is_date) {
            continue;
        }
        if first.is_none() {
            first = Some(index);
            continue;
        }
        let (dates, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut change.semantic)
            .into_iter()
            .partition(is_date);
        change.semantic = rest;
        moved.extend(dates);
    }
    if let Some(target) = first.and_then(|i| changes.get_mut(i)) {
        target.semantic.extend(moved);
    }
}

/// Within one change, a contact of some kind removed and one of the same kind added become one
/// `contact_changed` (「电话：400-… → 020-…」).
fn pair_contact_changes(semantic: &mut Vec<SemanticChange>) {
    let label_and_value = |s: &SemanticChange| {
        s.subject
            .split_once('：')
            .map(|(label, value)| (label.to_owned(), value.to_owned()))
    };
    let mut index = 0;
    while index < semantic.len() {
        let removed = semantic
            .get(index)
            .filter(|s| s.kind == SemanticKind::ContactRemoved)
            .and_then(label_and_value);
        let partner = removed.as_ref().and_then(|(label, _)| {
            semantic.iter().position(|s| {
                s.kind == SemanticKind::ContactAdded
                    && label_and_value(s).is_some_and(|(l, _)| &l == label)
            })
        });
        if let (Some((label, old_value)), Some(at)) = (removed, partner) {
            let added = semantic.remove(at);
            let new_value = label_and_value(&added).map(|(_, v)| v);
            if let Some(merged) = semantic.get_mut(if at < index { index - 1 } else { index }) {
                merged.kind = SemanticKind::ContactChanged;
                merged.subject = label;
                merged.old_value = Some(old_value);
                merged.new_value = new_value;
                merged.new_evidence = added.new_evidence;
            }
        }
        index += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::align::tests::paragraphs;
    use crate::model::diff::ReasonCode;
    use proptest::prelude::*;

    fn run(old: &Document, new: &Document) -> DiffReport {
        compare_with(old, new, &Practices::default(), &Practices::default())
    }

    /// A Markdown document parsed by the structure stage.
    pub(super) fn markdown(text: &str) -> Document {
        crate::structure::parse(&crate::read::Input {
            path: "t.md".into(),
            bytes: text.len(),
            text: text.to_owned(),
            encoding: crate::model::Encoding::Utf8,
            format: crate::model::Format::Markdown,
        })
    }

    #[test]
    fn auto_start_is_a_manner_of_processing() {
        let old = markdown("# 甲隐私政策\n\n## 权限\n\n我们会读取通知内容，用于过滤通知。\n");
        let new = markdown(
            "# 甲隐私政策\n\n## 权限\n\n我们会读取通知内容，用于过滤通知，也需要自启动或关联启动以在后台运行。\n",
        );
        let codes: Vec<ReasonCode> = compare(&old, &new)
            .major_reasons
            .iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(codes, [ReasonCode::Processing]);
        let denied = markdown(
            "# 甲隐私政策\n\n## 权限\n\n我们会读取通知内容，用于过滤通知，不会自启动或在后台运行。\n",
        );
        assert!(!compare(&old, &denied).major);
    }

    #[test]
    fn a_new_foreign_recipient_is_a_flow_abroad_unless_the_operator_is_abroad() {
        let policy = |title: &str, rows: &str| {
            markdown(&format!(
                "# {title}\n\n## 第三方SDK\n\n| SDK名称 | 第三方公司 | 收集的个人信息 |\n|---|---|---|\n\
                 | 甲推送SDK | 甲科技有限公司 | 设备型号 |\n{rows}"
            ))
        };
        let added = "| 崩溃统计SDK | Example Analytics LLC | 设备型号 |\n";
        let codes = |title: &str| {
            let (old, new) = (policy(title, ""), policy(title, added));
            compare(&old, &new)
                .major_reasons
                .iter()
                .map(|r| r.code)
                .collect::<Vec<_>>()
        };
        assert!(codes("云笺笔记隐私政策").contains(&ReasonCode::Processing));
        assert!(!codes("Notebook 隐私声明").contains(&ReasonCode::Processing));
    }

    #[test]
    fn table_rows_keep_their_identity_across_column_changes() {
        let old = markdown(
            "## 第三方\n\n| SDK名称 | 使用目的 | 第三方公司 |\n|---|---|---|\n\
             | 甲推送 | 消息推送 | 甲科技有限公司 |\n| 乙统计 | 统计分析 | 乙网络有限公司 |\n",
        );
        // Columns reordered: no row changes.
        let reordered = markdown(
            "## 第三方\n\n| 第三方公司 | SDK名称 | 使用目的 |\n|---|---|---|\n\
             | 甲科技有限公司 | 甲推送 | 消息推送 |\n| 乙网络有限公司 | 乙统计 | 统计分析 |\n",
        );
        let report = compare(&old, &reordered);
        let row_changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| {
                c.old
                    .as_ref()
                    .is_some_and(|r| r.kind == ClauseKind::TableRow)
            })
            .filter(|c| c.kind != ChangeKind::Editorial)
            .collect();
        assert!(row_changes.is_empty(), "{row_changes:#?}");
        // A column added in front (the product using the SDKs): every row is paired with its old
        // self, and the product is no new recipient.
        let added = markdown(
            "## 第三方\n\n| 产品名称 | SDK名称 | 使用目的 | 第三方公司 |\n|---|---|---|---|\n\
             | 某助手 | 甲推送 | 消息推送 | 甲科技有限公司 |\n| 某助手 | 乙统计 | 统计分析 | 乙网络有限公司 |\n",
        );
        let report = compare(&old, &added);
        let rows: Vec<ChangeKind> = report
            .changes
            .iter()
            .filter(|c| {
                [&c.old, &c.new]
                    .iter()
                    .any(|r| r.as_ref().is_some_and(|r| r.kind == ClauseKind::TableRow))
            })
            .map(|c| c.kind)
            .collect();
        assert!(
            rows.iter()
                .all(|k| !matches!(k, ChangeKind::Added | ChangeKind::Removed)),
            "{rows:?}"
        );
        assert!(
            !report
                .major_reasons
                .iter()
                .any(|r| r.code == crate::model::diff::ReasonCode::ThirdParty),
            "{:#?}",
            report.major_reasons
        );
        let header = added
            .clauses
            .iter()
            .find(|c| c.text.starts_with("产品名称"));
        assert_eq!(header.map(|c| c.kind), Some(ClauseKind::TableHeader));
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
        let old = crate::compare::align::tests::doc_of(&[
            (crate::model::ClauseKind::Metadata, "更新日期：2022年1月1日"),
            (crate::model::ClauseKind::Paragraph, "我们收集您的姓名。"),
        ]);
        let new = crate::compare::align::tests::doc_of(&[
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

    #[test]
    fn metadata_lines_yield_labelled_dates() {
        assert_eq!(
            labelled_dates("更新日期：2024年3月1日　生效日期：2024年3月8日"),
            [
                ("更新日期".to_owned(), "2024年3月1日".to_owned()),
                ("生效日期".to_owned(), "2024年3月8日".to_owned())
            ]
        );
        assert_eq!(labelled_dates("版本：V2"), Vec::<(String, String)>::new());
    }

    #[test]
    fn removed_toc_lead_in_is_editorial() {
        use crate::model::ClauseKind::{Paragraph, Toc};
        let old = crate::compare::align::tests::doc_of(&[
            (Paragraph, "本政策将帮助您了解以下内容："),
            (Toc, "一、我们如何收集信息"),
            (Paragraph, "我们收集您的姓名。"),
        ]);
        let new = crate::compare::align::tests::doc_of(&[(Paragraph, "我们收集您的姓名。")]);
        let report = run(&old, &new);
        assert_eq!(report.changes.len(), 2);
        assert!(!report.has_substantive_changes(), "{:#?}", report.changes);
    }

    mod semantic {
        use super::*;
        use crate::model::practices::{Contact, DataItem, Retention, Right, ThirdParty, TimeLimit};

        fn item(name: &str, clause: &str) -> DataItem {
            DataItem {
                name: name.into(),
                clauses: vec![clause.into()],
                collected_by: vec!["us".into()],
                ..DataItem::default()
            }
        }

        /// Two one-clause documents whose clause texts differ, so facts have a changed clause to hang on.
        fn docs() -> (Document, Document) {
            (
                paragraphs(&["旧的条款文字。"]),
                paragraphs(&["新的条款文字，内容不同。"]),
            )
        }

        fn kinds(report: &DiffReport) -> Vec<(SemanticKind, Severity, Vec<ReasonCode>)> {
            report
                .changes
                .iter()
                .flat_map(|c| &c.semantic)
                .map(|s| (s.kind, s.severity, s.codes.clone()))
                .collect()
        }

        use crate::model::diff::ReasonCode;

        #[test]
        fn new_sdk_and_item_are_major_removals_minor() {
            let (old_doc, new_doc) = docs();
            let old = Practices {
                data_items: vec![item("姓名", "c0"), item("IMEI", "c0")],
                ..Practices::default()
            };
            let new = Practices {
                data_items: vec![item("姓名", "c0"), item("通讯录", "c0")],
                third_parties: vec![ThirdParty {
                    name: "极光推送".into(),
                    company: Some("深圳市和讯华谷信息技术有限公司".into()),
                    relations: vec!["sdk".into()],
                    clauses: vec!["c0".into()],
                    ..ThirdParty::default()
                }],
                ..Practices::default()
            };
            let report = compare_with(&old_doc, &new_doc, &old, &new);
            let got = kinds(&report);
            assert!(got.contains(&(
                SemanticKind::DataItemAdded,
                Severity::Major,
                vec![ReasonCode::DataCategory]
            )));
            assert!(got.contains(&(SemanticKind::DataItemRemoved, Severity::Minor, vec![])));
            assert!(got.contains(&(
                SemanticKind::ThirdPartyAdded,
                Severity::Major,
                vec![ReasonCode::ThirdParty]
            )));
            assert!(report.major);
            let rationale = &report
                .major_reasons
                .iter()
                .find(|r| r.code == ReasonCode::ThirdParty)
                .unwrap()
                .rationale;
            assert!(
                rationale.starts_with("新增第三方SDK：极光推送（深圳市和讯华谷信息技术有限公司）"),
                "{rationale}"
            );
            let json = serde_json::to_value(&report).unwrap();
            assert_eq!(json["major_reasons"][0]["code"], "data_category");
        }

        #[test]
        fn a_party_gets_more_only_of_what_the_policy_already_had() {
            let (old_doc, new_doc) = docs();
            let sdk = |data: &[&str]| ThirdParty {
                name: "星云广告SDK".into(),
                relations: vec!["sdk".into()],
                clauses: vec!["c0".into()],
                data_items: data.iter().map(|d| (*d).to_owned()).collect(),
                ..ThirdParty::default()
            };
            let old = Practices {
                data_items: vec![item("位置信息", "c0"), item("OAID", "c0")],
                third_parties: vec![sdk(&["OAID"])],
                ..Practices::default()
            };
            let new = Practices {
                data_items: vec![
                    item("位置信息", "c0"),
                    item("OAID", "c0"),
                    item("通讯录", "c0"),
                ],
                third_parties: vec![sdk(&["OAID", "位置信息", "通讯录"])],
                ..Practices::default()
            };
            let report = compare_with(&old_doc, &new_doc, &old, &new);
            let expanded: Vec<&str> = report
                .changes
                .iter()
                .flat_map(|c| &c.semantic)
                .filter(|s| s.kind == SemanticKind::ThirdPartyExpanded)
                .map(|s| s.subject.as_str())
                .collect();
            // 通讯录 is new to the policy and reported as such; 位置信息 is the party's news.
            assert_eq!(expanded, ["星云广告SDK：位置信息"]);
            let backwards = compare_with(&new_doc, &old_doc, &new, &old);
            let narrowed = backwards
                .changes
                .iter()
                .flat_map(|c| &c.semantic)
                .filter(|s| s.kind == SemanticKind::ThirdPartyNarrowed)
                .count();
            assert_eq!(narrowed, 1);
        }

        #[test]
        fn a_permission_whose_data_stays_on_the_device_is_minor() {
            use crate::model::practices::Permission;
            let (old_doc, new_doc) = docs();
            let camera = Permission {
                name: "相机".into(),
                clauses: vec!["c0".into()],
                ..Permission::default()
            };
            let kept_locally = Statement {
                actor: statements::DEVICE.into(),
                action: Action::Use,
                data: vec!["相机信息".into()],
                clause: "c0".into(),
                ..Statement::default()
            };
            let new = |statements: Vec<Statement>| Practices {
                permissions: vec![camera.clone()],
                statements,
                ..Practices::default()
            };
            let old = Practices::default();
            let local = kinds(&compare_with(
                &old_doc,
                &new_doc,
                &old,
                &new(vec![kept_locally]),
            ));
            assert_eq!(
                local,
                [(SemanticKind::PermissionAdded, Severity::Minor, vec![])]
            );
            let uploaded = kinds(&compare_with(&old_doc, &new_doc, &old, &new(Vec::new())));
            assert_eq!(
                uploaded,
                [(
                    SemanticKind::PermissionAdded,
                    Severity::Major,
                    vec![ReasonCode::DataCategory]
                )]
            );
        }

        #[test]
        fn umbrella_item_over_known_items_is_minor() {
            let (old_doc, new_doc) = docs();
            let with_category = |name: &str| DataItem {
                category: "个人常用设备信息".into(),
                ..item(name, "c0")
            };
            let old = Practices {
                data_items: vec![with_category("设备型号")],
                ..Practices::default()
            };
            let new = Practices {
                data_items: vec![with_category("设备型号"), with_category("设备信息")],
                ..Practices::default()
            };
            let got = kinds(&compare_with(&old_doc, &new_doc, &old, &new));
            assert_eq!(
                got,
                [(SemanticKind::DataItemSummarised, Severity::Minor, vec![])]
            );
            let first_of_its_kind = Practices::default();
            let got = kinds(&compare_with(&old_doc, &new_doc, &first_of_its_kind, &new));
            assert!(
                got.iter()
                    .all(|(k, s, _)| *k == SemanticKind::DataItemAdded && *s == Severity::Major),
                "{got:?}"
            );
        }

        #[test]
        fn retention_and_time_limits_compare_by_length() {
            let (old_doc, new_doc) = docs();
            let retention = |text: &str, days: u32| Retention {
                period: Some(crate::model::practices::Duration {
                    text: text.into(),
                    days,
                }),
                data_items: vec!["聊天记录".into()],
                clauses: vec!["c0".into()],
                ..Retention::default()
            };
            let right = |text: &str| Right {
                kind: "deletion".into(),
                name: "删除".into(),
                channels: vec!["客服".into()],
                time_limit: Some(TimeLimit {
                    text: text.into(),
                    ..TimeLimit::default()
                }),
                clauses: vec!["c0".into()],
            };
            let old = Practices {
                retention: vec![retention("180天", 180)],
                rights: vec![right("15个工作日")],
                ..Practices::default()
            };
            let new = Practices {
                retention: vec![retention("三年", 1095)],
                rights: vec![right("30个工作日")],
                ..Practices::default()
            };
            let got = kinds(&compare_with(&old_doc, &new_doc, &old, &new));
            assert!(
                got.contains(&(
                    SemanticKind::RetentionLengthened,
                    Severity::Major,
                    vec![ReasonCode::Processing]
                )),
                "{got:?}"
            );
            assert!(
                got.contains(&(
                    SemanticKind::RightChanged,
                    Severity::Major,
                    vec![ReasonCode::Rights]
                )),
                "{got:?}"
            );
            let back = kinds(&compare_with(&new_doc, &old_doc, &new, &old));
            assert!(
                back.contains(&(SemanticKind::RetentionShortened, Severity::Minor, vec![])),
                "{back:?}"
            );
            assert!(
                back.iter().all(|(_, s, _)| *s != Severity::Major),
                "{back:?}"
            );
        }

        #[test]
        fn contact_us_as_a_right_channel_means_the_contact_sections_channels() {
            let (old_doc, new_doc) = docs();
            let right = |channel: &str| Right {
                kind: "deletion".into(),
                name: "删除".into(),
                channels: vec![channel.into()],
                clauses: vec!["c0".into()],
                ..Right::default()
            };
            let email = Contact {
                kind: "email".into(),
                value: "privacy@example.cn".into(),
                clauses: vec!["c0".into()],
            };
            let old = Practices {
                rights: vec![right("联系我们")],
                contacts: vec![email.clone()],
                ..Practices::default()
            };
            let new = Practices {
                rights: vec![right("邮件")],
                contacts: vec![email],
                ..Practices::default()
            };
            let got = kinds(&compare_with(&old_doc, &new_doc, &old, &new));
            assert!(
                got.iter()
                    .all(|(kind, _, _)| *kind != SemanticKind::RightChanged),
                "{got:?}"
            );
        }

        #[test]
        fn contact_and_controller_changes_are_major() {
            let (old_doc, new_doc) = docs();
            let contact = |v: &str| Contact {
                kind: "email".into(),
                value: v.into(),
                clauses: vec!["c0".into()],
            };
            let old = Practices {
                controller: Some("甲公司".into()),
                contacts: vec![contact("a@example.cn")],
                ..Practices::default()
            };
            let new = Practices {
                controller: Some("乙公司".into()),
                contacts: vec![contact("b@example.cn")],
                ..Practices::default()
            };
            let report = compare_with(&old_doc, &new_doc, &old, &new);
            let codes: Vec<ReasonCode> = report.major_reasons.iter().map(|r| r.code).collect();
            assert_eq!(codes, [ReasonCode::Controller, ReasonCode::Contact]);
            let contact_kinds: Vec<SemanticKind> = kinds(&report)
                .into_iter()
                .map(|(kind, _, _)| kind)
                .filter(|kind| *kind != SemanticKind::ControllerChanged)
                .collect();
            assert_eq!(contact_kinds, [SemanticKind::ContactChanged]);
        }

        #[test]
        fn facts_from_unchanged_wording_are_at_most_minor() {
            let doc = paragraphs(&["我们会收集您的通讯录。"]);
            let old = Practices::default();
            let new = Practices {
                data_items: vec![item("通讯录", "c0")],
                ..Practices::default()
            };
            let report = compare_with(&doc, &doc, &old, &new);
            assert!(!report.major, "{:#?}", report.changes);
            assert_eq!(
                report.changes.first().map(|c| c.kind),
                Some(ChangeKind::Semantic)
            );
        }

        #[test]
        fn withdrawn_commitment_is_purpose_and_restated_one_is_not() {
            let old_doc = paragraphs(&["我们不会将您的个人信息用于个性化广告。", "附则。"]);
            let new_doc = paragraphs(&["我们会根据您的浏览记录向您展示个性化广告。", "附则。"]);
            let report = compare_with(
                &old_doc,
                &new_doc,
                &Practices::default(),
                &Practices::default(),
            );
            let codes: Vec<ReasonCode> = report.major_reasons.iter().map(|r| r.code).collect();
            assert_eq!(codes, [ReasonCode::Purpose]);
            let reworded = paragraphs(&["您的个人信息不会被我们用于个性化广告。", "附则。"]);
            assert!(
                !compare_with(
                    &old_doc,
                    &reworded,
                    &Practices::default(),
                    &Practices::default()
                )
                .major
            );
        }

        #[test]
        fn retention_and_response_periods_changed_in_place_are_compared() {
            let old_doc = paragraphs(&["聊天记录保存180天，注销后删除。"]);
            let new_doc = paragraphs(&["聊天记录保存三年，注销后删除。"]);
            let got = kinds(&compare_with(
                &old_doc,
                &new_doc,
                &Practices::default(),
                &Practices::default(),
            ));
            assert_eq!(
                got,
                [(
                    SemanticKind::RetentionLengthened,
                    Severity::Major,
                    vec![ReasonCode::Processing]
                )]
            );
            let response = paragraphs(&["我们将在15个工作日内处理您的删除请求。"]);
            let slower = paragraphs(&["我们将在30个工作日内处理您的删除请求。"]);
            let got = kinds(&compare_with(
                &response,
                &slower,
                &Practices::default(),
                &Practices::default(),
            ));
            assert_eq!(
                got,
                [(
                    SemanticKind::RightChanged,
                    Severity::Major,
                    vec![ReasonCode::Rights]
                )]
            );
        }

        #[test]
        fn automated_decisions_in_new_text_are_processing() {
            let old_doc = paragraphs(&["我们会收集您的交易记录用于支付结算。"]);
            let new_doc = paragraphs(&[
                "我们会收集您的交易记录用于支付结算，并通过自动化决策评估您的信用额度。",
            ]);
            let report = compare_with(
                &old_doc,
                &new_doc,
                &Practices::default(),
                &Practices::default(),
            );
            let codes: Vec<ReasonCode> = report.major_reasons.iter().map(|r| r.code).collect();
            assert_eq!(codes, [ReasonCode::Processing]);
            let denied =
                paragraphs(&["我们会收集您的交易记录用于支付结算，我们不会进行自动化决策。"]);
            assert!(
                !compare_with(
                    &old_doc,
                    &denied,
                    &Practices::default(),
                    &Practices::default()
                )
                .major
            );
        }
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
        fn arbitrary_text_never_panics(
            old_texts in proptest::collection::vec("\\PC{0,40}", 0..6),
            new_texts in proptest::collection::vec("\\PC{0,40}", 0..6),
        ) {
            let old = paragraphs(&old_texts.iter().map(String::as_str).collect::<Vec<_>>());
            let new = paragraphs(&new_texts.iter().map(String::as_str).collect::<Vec<_>>());
            let report = run(&old, &new);
            let _ = crate::render::diff::render(&report, crate::render::diff::Only::All);
            for change in &report.changes {
                for t in &change.tokens {
                    let side = if t.op == TokenOp::Delete { &change.old } else { &change.new };
                    let span = if t.op == TokenOp::Delete { t.old_span } else { t.new_span };
                    if let (Some(side), Some(span)) = (side, span) {
                        prop_assert_eq!(span.slice(&side.text), t.text.as_str());
                    }
                }
            }
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
