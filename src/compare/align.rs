//! Alignment stage: pairs the clauses and sections of two versions by content, not by number or position.
//!
//! Passes, cheapest first (after difftastic): (1) exact match of the comparison key (normalised
//! text, numbering stripped); table rows by their key cell, metadata lines by their label;
//! (2) exact splits and merges (one clause equal to 2–3 consecutive clauses of the other version);
//! (3) token similarity (Dice over jieba tokens), greedy best-first above a threshold with a position
//! tie-break, candidates drawn from an inverted index of rare tokens and from the gap between
//! neighbouring matches; (4) fuzzy splits and merges. Leftovers are added or removed. Aligned
//! groups outside the longest increasing subsequence of new positions are `moved`.

use crate::extract::Column;
use crate::model::{Clause, ClauseKind, Document};
use crate::normalize::normalize;
use crate::segment::Segmenter;
use regex::Regex;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Lowest Dice similarity at which two clauses are taken as versions of each other.
pub const SIMILARITY_THRESHOLD: f64 = 0.5;
/// Lowest Dice similarity at which a clause is taken as the split (or merge) of a run of clauses.
const SPLIT_THRESHOLD: f64 = 0.75;
/// Tokens in more unmatched clauses than this are too common to find candidates with.
const MAX_POSTING: usize = 32;
/// Candidates kept per clause from the inverted index.
const MAX_INDEX_CANDIDATES: usize = 24;
/// Candidates kept per clause from the gap between neighbouring matches.
const MAX_GAP_CANDIDATES: usize = 24;
/// Longest run of consecutive clauses a split or merge may involve (a list reflowed into one
/// paragraph by a format change can be long).
const MAX_RUN: usize = 6;

/// How a group of clauses was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchPass {
    /// Equal comparison keys.
    Exact,
    /// Same table-row key cell or metadata label.
    Key,
    /// Token similarity above the threshold.
    Similar,
    /// One clause against a run of 2–3 consecutive clauses.
    SplitMerge,
}

/// Aligned clauses: one old and one new clause, or one clause against a run (split or merge).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Indices into the old document's clauses, consecutive, in order.
    pub old: Vec<usize>,
    /// Indices into the new document's clauses, consecutive, in order.
    pub new: Vec<usize>,
    /// How the group was found.
    pub pass: MatchPass,
    /// Dice similarity of the two sides' tokens (1 for exact and key matches).
    pub score: f64,
    /// True when the group is out of order relative to the other groups.
    pub moved: bool,
}

/// The alignment of two documents' clauses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alignment {
    /// Aligned groups, ordered by their first new clause.
    pub groups: Vec<Group>,
    /// Old clauses without a partner, in order.
    pub removed: Vec<usize>,
    /// New clauses without a partner, in order.
    pub added: Vec<usize>,
    /// True when the deadline stopped the similarity passes early (leftovers became added/removed).
    pub timed_out: bool,
}

/// Kinds of clause that may align with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Toc,
    Metadata,
    Content,
}

fn class_of(kind: ClauseKind) -> Class {
    match kind {
        ClauseKind::Toc => Class::Toc,
        ClauseKind::Metadata => Class::Metadata,
        ClauseKind::Paragraph
        | ClauseKind::ListItem
        | ClauseKind::TableRow
        | ClauseKind::TableHeader => Class::Content,
    }
}

/// Compiles this module's patterns, one job each (see [`crate::compare::prepare`]).
pub(crate) const PREPARE: &[fn()] = &[|| _ = numbering_regex(), || _ = markup_regex()];

fn numbering_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^\s*(?:",
            r"第[一二三四五六七八九十百零〇两0-9]+[章条节部分篇]\s*[,.:]?",
            r"|[(\[][一二三四五六七八九十百零〇0-9]{1,4}[)\]]",
            r"|[一二三四五六七八九十百零〇]{1,4}[,.:]",
            r"|[0-9]{1,3}(?:\.[0-9]{1,3})+\.?",
            r"|[0-9]{1,3}[.,:)]",
            r"|[①-⑳⑴-⒇⒈-⒛]",
            r"|[a-z][)]",
            r"|[*\-+>]|#{1,6}",
            r")\s*"
        ))
        .unwrap_or_else(|_| unreachable!("numbering pattern is valid"))
    })
}

/// Markup left in text: attribute lists of Markdown dialects (kramdown `{: #id}`) and the
/// targets of Markdown links (`](https://…)`), which a format change adds or drops.
fn markup_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\{:[^}]*\}|\]\([^)\s]+\)")
            .unwrap_or_else(|_| unreachable!("markup pattern is valid"))
    })
}

/// Strips leading list or heading numbering (「1.」「（一）」「第三条」「①」, bullets) from a
/// normalised text, so that renumbering compares equal.
pub fn strip_numbering(normalized: &str) -> &str {
    let mut rest = normalized;
    for _ in 0..2 {
        match numbering_regex().find(rest) {
            Some(m) if m.end() > 0 && m.end() < rest.len() => rest = &rest[m.end()..],
            _ => break,
        }
    }
    rest
}

/// Variant spellings folded to one form, each pair of equal byte length so offsets survive
/// (「帐号」 and 「账号」 are the same word; 「登陆」 is the common misspelling of 「登录」).
const VARIANTS: &[(&str, &str)] = &[("帐", "账"), ("登陆", "登录"), ("撤消", "撤销")];

/// Folds variant spellings (see `VARIANTS`) in a normalised text, keeping its byte offsets.
pub fn fold_variants(normalized: &str) -> String {
    let mut out = normalized.to_owned();
    for (variant, standard) in VARIANTS {
        if out.contains(variant) {
            out = out.replace(variant, standard);
        }
    }
    out
}

/// The comparison key of a text: normalised, variant spellings folded, markup attribute lists
/// dropped, and the numbering at the start of each of its whitespace-separated pieces stripped
/// (a paragraph may hold several numbered lines after a format change, joined by a line break
/// or a space); a bare leading number (「6     除非…」) counts as numbering too.
pub fn comparison_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let unmarked_text = markup_regex().replace_all(text, "");
    let pieces: Vec<&str> = unmarked_text.split_whitespace().collect();
    for (index, piece) in pieces.iter().enumerate() {
        let unmarked = fold_variants(&normalize(piece));
        let leading_number = index == 0 && pieces.len() > 1 && is_bare_number(&unmarked);
        if is_numbering(&unmarked) || leading_number {
            continue;
        }
        let stripped = strip_numbering(&unmarked);
        let joins_words = key.ends_with(|c: char| c.is_ascii_alphanumeric())
            && stripped.starts_with(|c: char| c.is_ascii_alphanumeric());
        if joins_words {
            key.push(' ');
        }
        key.push_str(stripped);
    }
    key
}

/// True for a bare section number such as 「6」 or 「1.2.4」 (numbering when it stands apart).
fn is_bare_number(normalized: &str) -> bool {
    let mut parts = normalized.trim_end_matches('.').split('.');
    let all_short_numbers =
        parts.all(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    all_short_numbers && !normalized.is_empty()
}

/// Byte length of a text's leading numbering as written, with the whitespace after it: what
/// [`comparison_key`] drops at the start, so redlines skip it too.
pub fn numbering_prefix_len(text: &str) -> usize {
    let lead = text.len() - text.trim_start().len();
    let rest = text.get(lead..).unwrap_or("");
    if let Some(piece_end) = rest.find(char::is_whitespace) {
        let piece = normalize(rest.get(..piece_end).unwrap_or(""));
        if is_numbering(&piece) || is_bare_number(&piece) {
            let after = rest.get(piece_end..).unwrap_or("");
            return lead + piece_end + (after.len() - after.trim_start().len());
        }
    }
    let normalized = crate::normalize::normalize_with_map(rest);
    let stripped = strip_numbering(&normalized.text);
    let offset = normalized.text.len() - stripped.len();
    if offset == 0 {
        return lead;
    }
    lead + normalized.original_range(offset, offset).0
}

/// True when a normalised text is nothing but a numbering marker (「(一)」「3.」「第二条」).
pub fn is_numbering(normalized: &str) -> bool {
    numbering_regex()
        .find(normalized)
        .is_some_and(|m| m.end() == normalized.len() && !normalized.trim().is_empty())
}

/// True for tokens that are only punctuation, symbols or spaces (they carry no content).
pub fn is_punctuation_token(token: &str) -> bool {
    token
        .chars()
        .all(|c| c.is_whitespace() || c.is_ascii_punctuation() || is_symbol(c))
}

fn is_symbol(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// A token's identity for set comparisons: a hash of its text (collisions are harmless here).
fn token_id(token: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(token.as_bytes());
    hasher.finish()
}

/// What alignment needs of one clause.
struct Prepared {
    class: Class,
    key: String,
    /// Sorted, deduplicated content-token ids; filled only for clauses the exact passes leave free.
    tokens: Vec<u64>,
    /// Table-row key cell or metadata label, normalised.
    label: Option<String>,
    /// Normalised title of the clause's section, numbering ignored.
    section_title: String,
}

/// Comparison keys by text, each distinct text keyed once: two versions share most of their
/// clauses and section titles.
#[derive(Default)]
struct KeyCache<'a>(HashMap<&'a str, String>);

impl<'a> KeyCache<'a> {
    fn key(&mut self, text: &'a str) -> String {
        self.0
            .entry(text)
            .or_insert_with(|| comparison_key(text))
            .clone()
    }
}

fn prepare<'a>(doc: &'a Document, keys: &mut KeyCache<'a>) -> Vec<Prepared> {
    let section_titles: HashMap<&str, String> = doc
        .walk_sections()
        .into_iter()
        .map(|s| (s.id.as_str(), keys.key(&s.title)))
        .collect();
    doc.clauses
        .iter()
        .map(|clause| {
            let section_title = clause
                .section_id
                .as_deref()
                .and_then(|id| section_titles.get(id))
                .cloned()
                .unwrap_or_default();
            Prepared {
                class: class_of(clause.kind),
                label: label_of(clause, keys),
                key: if clause.cells.is_empty() {
                    keys.key(&clause.text)
                } else {
                    clause_key(clause)
                },
                tokens: Vec::new(),
                section_title,
            }
        })
        .collect()
}

/// Fills the token sets of the clauses `wanted` picks (those the exact passes left free: segmenting
/// is the costly part of alignment). Returns false when the deadline passed first.
fn tokenize(prepared: &mut [Prepared], wanted: impl Fn(usize) -> bool, deadline: Instant) -> bool {
    let segmenter = Segmenter::shared();
    for (index, p) in prepared.iter_mut().enumerate().filter(|(i, _)| wanted(*i)) {
        if index % 256 == 0 && Instant::now() > deadline {
            return false;
        }
        let mut tokens: Vec<u64> = segmenter
            .cut(&p.key)
            .into_iter()
            .filter(|t| !is_punctuation_token(t))
            .map(token_id)
            .collect();
        tokens.sort_unstable();
        tokens.dedup();
        p.tokens = tokens;
    }
    true
}

/// The comparison key of a clause: for a table row or header, its cells' keys in the order of
/// their column names, so that a row whose columns were only reordered keeps its key; for any
/// other clause, the comparison key of its text.
pub fn clause_key(clause: &Clause) -> String {
    if clause.cells.is_empty() {
        return comparison_key(&clause.text);
    }
    let mut cells: Vec<(String, String)> = clause
        .cells
        .iter()
        .map(|c| (comparison_key(&c.column), comparison_key(&c.text)))
        .collect();
    cells.sort_unstable();
    cells
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("|")
}

/// The key cell of a table row (the column naming the row, read as extraction reads columns:
/// a name column, else a company column, else the first column), so that a row keeps its
/// identity when columns are added, removed or reordered; or the label of a metadata line (text
/// before 「：」).
fn label_of<'a>(clause: &'a Clause, keys: &mut KeyCache<'a>) -> Option<String> {
    let columns = Column::of_row(clause.cells.iter().map(|c| c.column.as_str()));
    let column_of = |wanted: Column| {
        columns
            .iter()
            .position(|c| *c == wanted)
            .and_then(|i| clause.cells.get(i))
    };
    match clause.kind {
        ClauseKind::TableRow => column_of(Column::Name)
            .or_else(|| column_of(Column::Company))
            .or_else(|| clause.cells.first())
            .map(|c| keys.key(&c.text))
            .filter(|k| !k.is_empty()),
        ClauseKind::Metadata => normalize(&clause.text)
            .split_once(':')
            .map(|(label, _)| label.trim().to_owned())
            .filter(|l| !l.is_empty()),
        _ => None,
    }
}

/// Dice similarity of two sorted, deduplicated token sets.
fn dice(old: &[u64], new: &[u64]) -> f64 {
    if old.is_empty() && new.is_empty() {
        return 1.0;
    }
    let common = intersection_len(old, new);
    2.0 * common as f64 / (old.len() + new.len()) as f64
}

fn intersection_len(old: &[u64], new: &[u64]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while let (Some(o), Some(n)) = (old.get(i), new.get(j)) {
        match o.cmp(n) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

fn union_tokens(prepared: &[Prepared], run: &[usize]) -> Vec<u64> {
    let mut out: Vec<u64> = run
        .iter()
        .filter_map(|&i| prepared.get(i))
        .flat_map(|p| p.tokens.iter().copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Inverted index from rare tokens to the free clauses of one side holding them.
struct Postings {
    /// Token → clauses holding it, for tokens in at most [`MAX_POSTING`] clauses.
    lists: HashMap<u64, Vec<usize>>,
    /// Scratch counters, one per clause, all zero between calls.
    counts: std::cell::RefCell<Vec<u32>>,
}

impl Postings {
    fn build(side: &[Prepared], free: impl Fn(usize) -> bool) -> Self {
        let mut lists: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, p) in side.iter().enumerate().filter(|&(i, _)| free(i)) {
            for &t in &p.tokens {
                lists.entry(t).or_default().push(i);
            }
        }
        lists.retain(|_, list| list.len() <= MAX_POSTING);
        Postings {
            lists,
            counts: std::cell::RefCell::new(vec![0; side.len()]),
        }
    }

    /// Clauses sharing rare tokens with `tokens`, as `(shared token count, clause)`, most shared first.
    fn candidates(&self, tokens: &[u64], limit: usize) -> Vec<(usize, usize)> {
        let mut counts = self.counts.borrow_mut();
        let mut touched: Vec<usize> = Vec::new();
        for list in tokens.iter().filter_map(|t| self.lists.get(t)) {
            for &i in list {
                if let Some(count) = counts.get_mut(i) {
                    if *count == 0 {
                        touched.push(i);
                    }
                    *count += 1;
                }
            }
        }
        let mut out: Vec<(usize, usize)> = touched
            .into_iter()
            .map(|i| {
                let count = counts.get_mut(i).map_or(0, std::mem::take);
                (count as usize, i)
            })
            .collect();
        if out.len() > limit {
            out.select_nth_unstable_by(limit, |x, y| y.cmp(x));
            out.truncate(limit);
        }
        out.sort_unstable_by(|x, y| y.cmp(x));
        out
    }
}

/// Working state: which clause of each side is taken, and by which group.
struct State<'p> {
    old: &'p [Prepared],
    new: &'p [Prepared],
    old_group: Vec<Option<usize>>,
    new_group: Vec<Option<usize>>,
    groups: Vec<Group>,
    deadline: Instant,
    timed_out: bool,
}

impl<'p> State<'p> {
    fn new(old: &'p [Prepared], new: &'p [Prepared], deadline: Instant) -> Self {
        State {
            old,
            new,
            old_group: vec![None; old.len()],
            new_group: vec![None; new.len()],
            groups: Vec::new(),
            deadline,
            timed_out: false,
        }
    }

    fn push(&mut self, group: Group) {
        let id = self.groups.len();
        for &o in &group.old {
            if let Some(slot) = self.old_group.get_mut(o) {
                *slot = Some(id);
            }
        }
        for &n in &group.new {
            if let Some(slot) = self.new_group.get_mut(n) {
                *slot = Some(id);
            }
        }
        self.groups.push(group);
    }

    fn pair(&mut self, old: usize, new: usize, pass: MatchPass, score: f64) {
        self.push(Group {
            old: vec![old],
            new: vec![new],
            pass,
            score,
            moved: false,
        });
    }

    fn old_free(&self, i: usize) -> bool {
        matches!(self.old_group.get(i), Some(None))
    }

    fn new_free(&self, i: usize) -> bool {
        matches!(self.new_group.get(i), Some(None))
    }

    fn out_of_time(&mut self) -> bool {
        if Instant::now() > self.deadline {
            self.timed_out = true;
        }
        self.timed_out
    }

    /// Pass 1: equal keys, in order within each key; then table rows and metadata by label.
    fn exact(&mut self) {
        let mut by_key: HashMap<(Class, &str), Vec<usize>> = HashMap::new();
        for (i, p) in self.old.iter().enumerate() {
            by_key.entry((p.class, p.key.as_str())).or_default().push(i);
        }
        let mut cursor: HashMap<(Class, &str), usize> = HashMap::new();
        let new = self.new;
        for (j, p) in new.iter().enumerate() {
            let k = (p.class, p.key.as_str());
            let Some(olds) = by_key.get(&k) else { continue };
            let at = cursor.entry(k).or_insert(0);
            if let Some(&i) = olds.get(*at) {
                *at += 1;
                self.pair(i, j, MatchPass::Exact, 1.0);
            }
        }
        self.by_label();
    }

    fn by_label(&mut self) {
        let unique = |side: &[Prepared], free: &dyn Fn(usize) -> bool| {
            let mut seen: HashMap<(Class, String), Option<usize>> = HashMap::new();
            for (i, p) in side.iter().enumerate() {
                if let (Some(label), true) = (&p.label, free(i)) {
                    seen.entry((p.class, label.clone()))
                        .and_modify(|e| *e = None)
                        .or_insert(Some(i));
                }
            }
            seen
        };
        let olds = unique(self.old, &|i| self.old_free(i));
        let news = unique(self.new, &|i| self.new_free(i));
        let mut pairs: Vec<(usize, usize)> = olds
            .iter()
            .filter_map(|(k, o)| Some(((*o)?, (*news.get(k)?)?)))
            .collect();
        pairs.sort_unstable();
        for (i, j) in pairs {
            self.pair(i, j, MatchPass::Key, 1.0);
        }
    }

    /// Pass 2: one clause whose key equals the concatenated keys of 2–3 consecutive free clauses of the other side.
    fn exact_runs(&mut self, direction: Direction) {
        let (one, many) = direction.sides(self.old, self.new);
        let many_free: Vec<bool> = (0..many.len())
            .map(|i| direction.many_free(self, i))
            .collect();
        let mut runs: HashMap<u64, Vec<usize>> = HashMap::new();
        for start in 0..many.len() {
            let mut hasher = DefaultHasher::new();
            for len in 1..=MAX_RUN {
                let end = start + len;
                let (Some(p), Some(true)) = (many.get(end - 1), many_free.get(end - 1)) else {
                    break;
                };
                if many.get(start).is_some_and(|s| s.class != p.class) {
                    break;
                }
                hasher.write(p.key.as_bytes());
                if len >= 2 {
                    runs.entry(hasher.clone().finish())
                        .or_default()
                        .push(start * 8 + len);
                }
            }
        }
        if runs.is_empty() {
            return;
        }
        for (i, p) in one.iter().enumerate() {
            if !direction.one_free(self, i) || p.key.is_empty() {
                continue;
            }
            let mut hasher = DefaultHasher::new();
            hasher.write(p.key.as_bytes());
            let Some(candidates) = runs.get(&hasher.finish()) else {
                continue;
            };
            for &code in candidates {
                let (start, len) = (code / 8, code % 8);
                let run: Vec<usize> = (start..start + len).collect();
                let all_free = run.iter().all(|&r| direction.many_free(self, r));
                let concat: String = run
                    .iter()
                    .filter_map(|&r| many.get(r).map(|m| m.key.as_str()))
                    .collect();
                if all_free && concat == p.key {
                    let group = direction.group(i, run, 1.0);
                    self.push(group);
                    break;
                }
            }
        }
    }

    /// Pass 3: token similarity, greedy best-first with a position tie-break.
    fn similar(&mut self) {
        let free_old: Vec<usize> = (0..self.old.len()).filter(|&i| self.old_free(i)).collect();
        let free_new: Vec<usize> = (0..self.new.len()).filter(|&j| self.new_free(j)).collect();
        if free_old.is_empty() || free_new.is_empty() {
            return;
        }
        let postings = Postings::build(self.old, |i| self.old_free(i));
        let gaps = self.old_gaps();
        let (old_len, new_len) = (self.old.len().max(1) as f64, self.new.len().max(1) as f64);
        let mut scored: Vec<(f64, f64, usize, usize)> = Vec::new();
        for (n, &j) in free_new.iter().enumerate() {
            if n % 256 == 0 && self.out_of_time() {
                break;
            }
            let Some(pn) = self.new.get(j) else { continue };
            let candidates = postings.candidates(&pn.tokens, MAX_INDEX_CANDIDATES);
            let gap = gaps.get(j).cloned().unwrap_or(0..0);
            let from = free_old.partition_point(|&i| i < gap.start);
            let gap_candidates = free_old
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .copied()
                .take_while(|&i| i < gap.end)
                .take(MAX_GAP_CANDIDATES);
            let mut seen: Vec<usize> = candidates
                .into_iter()
                .map(|(_, i)| i)
                .chain(gap_candidates)
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for i in seen {
                let Some(po) = self.old.get(i) else { continue };
                if po.class != pn.class {
                    continue;
                }
                let mut score = dice(&po.tokens, &pn.tokens);
                if !po.section_title.is_empty() && po.section_title == pn.section_title {
                    score += 0.05;
                }
                if score >= SIMILARITY_THRESHOLD {
                    let distance = (i as f64 / old_len - j as f64 / new_len).abs();
                    scored.push((score, distance, i, j));
                }
            }
        }
        scored.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then(x.1.total_cmp(&y.1))
                .then(x.2.cmp(&y.2))
                .then(x.3.cmp(&y.3))
        });
        for (score, _, i, j) in scored {
            if self.old_free(i) && self.new_free(j) {
                self.pair(i, j, MatchPass::Similar, score.min(1.0));
            }
        }
    }

    /// For each new clause, the range of old clause indices between the partners of its nearest
    /// matched neighbours: where its own partner would be if nothing moved.
    fn old_gaps(&self) -> Vec<std::ops::Range<usize>> {
        let partner = |j: usize| -> Option<usize> {
            let g = (*self.new_group.get(j)?)?;
            self.groups.get(g)?.old.first().copied()
        };
        let n = self.new.len();
        let mut before = vec![0usize; n];
        let mut last = 0;
        for (j, slot) in before.iter_mut().enumerate() {
            *slot = last;
            if let Some(p) = partner(j) {
                last = p + 1;
            }
        }
        let mut gaps = vec![0..0; n];
        let mut next = self.old.len();
        for j in (0..n).rev() {
            if let Some(p) = partner(j) {
                next = p;
            }
            let start = before.get(j).copied().unwrap_or(0);
            if let Some(g) = gaps.get_mut(j) {
                *g = start..next.max(start);
            }
        }
        gaps
    }

    /// Pass 4: a free or loosely matched clause against a run of 2–3 consecutive clauses of the
    /// other side (free, or its current partner) that together match it much better.
    fn fuzzy_runs(&mut self, direction: Direction) {
        let (one, many) = direction.sides(self.old, self.new);
        let postings = Postings::build(many, |k| direction.many_free(self, k));
        for i in 0..one.len() {
            if i % 256 == 0 && self.out_of_time() {
                return;
            }
            let current = direction.one_group(self, i);
            let (partner, current_score) = match current.and_then(|g| self.groups.get(g)) {
                None => (None, 0.0),
                Some(g) if g.pass == MatchPass::Similar => (direction.partner_of(g), g.score),
                Some(_) => continue,
            };
            let Some(p) = one.get(i) else { continue };
            let seeds: Vec<usize> = match partner {
                Some(s) => vec![s],
                None => pieces_of(p, many, &postings),
            };
            let mut best: Option<(f64, Vec<usize>)> = None;
            for seed in seeds {
                for len in 2..=MAX_RUN {
                    for start in seed.saturating_sub(len - 1)..=seed {
                        let run: Vec<usize> = (start..start + len).collect();
                        let usable = run
                            .iter()
                            .all(|&k| Some(k) == partner || direction.many_free(self, k))
                            && run
                                .iter()
                                .all(|&k| many.get(k).is_some_and(|m| m.class == p.class));
                        if !usable {
                            continue;
                        }
                        let score = dice(&p.tokens, &union_tokens(many, &run));
                        if best.as_ref().is_none_or(|(b, _)| score > *b) {
                            best = Some((score, run));
                        }
                    }
                }
            }
            let Some((score, run)) = best else { continue };
            if score < SPLIT_THRESHOLD || score < current_score + 0.1 {
                continue;
            }
            if let Some(g) = current {
                self.dissolve(g);
            }
            let group = direction.group(i, run, score);
            self.push(group);
        }
    }

    /// Frees the clauses of a group (its slot stays, emptied, and is dropped at the end).
    fn dissolve(&mut self, g: usize) {
        if let Some(group) = self.groups.get_mut(g) {
            for &o in &group.old {
                if let Some(slot) = self.old_group.get_mut(o) {
                    *slot = None;
                }
            }
            for &n in &group.new {
                if let Some(slot) = self.new_group.get_mut(n) {
                    *slot = None;
                }
            }
            group.old.clear();
            group.new.clear();
        }
    }

    fn finish(self) -> Alignment {
        let removed = (0..self.old.len()).filter(|&i| self.old_free(i)).collect();
        let added = (0..self.new.len()).filter(|&j| self.new_free(j)).collect();
        let mut groups: Vec<Group> = self
            .groups
            .into_iter()
            .filter(|g| !g.old.is_empty() && !g.new.is_empty())
            .collect();
        mark_moved(&mut groups);
        groups.sort_by_key(|g| (g.new.first().copied(), g.old.first().copied()));
        Alignment {
            groups,
            removed,
            added,
            timed_out: self.timed_out,
        }
    }
}

/// Seeds for a free clause: the few free clauses of the other side mostly contained in it
/// (candidate pieces of a split or merge).
fn pieces_of(p: &Prepared, many: &[Prepared], postings: &Postings) -> Vec<usize> {
    if p.tokens.len() < 4 {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize)> = postings
        .candidates(&p.tokens, MAX_INDEX_CANDIDATES)
        .into_iter()
        .filter_map(|(_, k)| {
            let m = many.get(k)?;
            let common = intersection_len(&p.tokens, &m.tokens);
            (m.class == p.class && !m.tokens.is_empty() && common * 10 >= m.tokens.len() * 8)
                .then_some((common, k))
        })
        .collect();
    scored.sort_unstable_by(|x, y| y.cmp(x));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// Which side has the single clause in a split/merge search.
#[derive(Debug, Clone, Copy)]
enum Direction {
    /// One old clause, a run of new clauses.
    Split,
    /// A run of old clauses, one new clause.
    Merge,
}

impl Direction {
    fn sides<'p>(
        self,
        old: &'p [Prepared],
        new: &'p [Prepared],
    ) -> (&'p [Prepared], &'p [Prepared]) {
        match self {
            Direction::Split => (old, new),
            Direction::Merge => (new, old),
        }
    }
    fn one_free(self, state: &State, i: usize) -> bool {
        match self {
            Direction::Split => state.old_free(i),
            Direction::Merge => state.new_free(i),
        }
    }
    fn many_free(self, state: &State, i: usize) -> bool {
        match self {
            Direction::Split => state.new_free(i),
            Direction::Merge => state.old_free(i),
        }
    }
    fn one_group(self, state: &State, i: usize) -> Option<usize> {
        match self {
            Direction::Split => state.old_group.get(i).copied().flatten(),
            Direction::Merge => state.new_group.get(i).copied().flatten(),
        }
    }
    fn partner_of(self, group: &Group) -> Option<usize> {
        match self {
            Direction::Split => group.new.first().copied(),
            Direction::Merge => group.old.first().copied(),
        }
    }
    fn group(self, one: usize, run: Vec<usize>, score: f64) -> Group {
        let (old, new) = match self {
            Direction::Split => (vec![one], run),
            Direction::Merge => (run, vec![one]),
        };
        Group {
            old,
            new,
            pass: MatchPass::SplitMerge,
            score,
            moved: false,
        }
    }
}

/// Marks as moved the groups outside a longest increasing subsequence of new positions (taken in old order).
fn mark_moved(groups: &mut [Group]) {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&g| groups.get(g).and_then(|x| x.old.first().copied()));
    let positions: Vec<usize> = order
        .iter()
        .map(|&g| {
            groups
                .get(g)
                .and_then(|x| x.new.first().copied())
                .unwrap_or(0)
        })
        .collect();
    let keep = longest_increasing(&positions);
    for (k, &g) in order.iter().enumerate() {
        if let Some(group) = groups.get_mut(g) {
            group.moved = !keep.get(k).copied().unwrap_or(true);
        }
    }
}

/// Marks the members of one longest strictly increasing subsequence (patience sorting, O(n log n)).
fn longest_increasing(values: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // index into values of the tail of each length
    let mut previous: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values.get(t).is_some_and(|&tv| tv < v));
        if at > 0 {
            if let (Some(p), Some(&t)) = (previous.get_mut(i), tails.get(at - 1)) {
                *p = Some(t);
            }
        }
        if at == tails.len() {
            tails.push(i);
        } else if let Some(slot) = tails.get_mut(at) {
            *slot = i;
        }
    }
    let mut keep = vec![false; values.len()];
    let mut cursor = tails.last().copied();
    while let Some(i) = cursor {
        if let Some(k) = keep.get_mut(i) {
            *k = true;
        }
        cursor = previous.get(i).copied().flatten();
    }
    keep
}

/// Aligns the clauses of two versions, stopping the similarity passes at `deadline`.
pub fn align(old: &Document, new: &Document, deadline: Duration) -> Alignment {
    let deadline = Instant::now() + deadline;
    let mut keys = KeyCache::default();
    let mut old_prepared = prepare(old, &mut keys);
    let mut new_prepared = prepare(new, &mut keys);
    let (groups, old_group, new_group) = {
        let mut state = State::new(&old_prepared, &new_prepared, deadline);
        state.exact();
        state.exact_runs(Direction::Split);
        state.exact_runs(Direction::Merge);
        (state.groups, state.old_group, state.new_group)
    };
    let free = |taken: &[Option<usize>], i: usize| matches!(taken.get(i), Some(None));
    let in_time = tokenize(&mut old_prepared, |i| free(&old_group, i), deadline)
        && tokenize(&mut new_prepared, |j| free(&new_group, j), deadline);
    let mut state = State {
        old: &old_prepared,
        new: &new_prepared,
        old_group,
        new_group,
        groups,
        deadline,
        timed_out: !in_time,
    };
    if in_time {
        state.similar();
    }
    if !state.timed_out {
        state.fuzzy_runs(Direction::Split);
        state.fuzzy_runs(Direction::Merge);
    }
    state.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Encoding, Format, SourceInfo, Span, SCHEMA_VERSION};
    use std::collections::BTreeMap;

    /// Builds a document from `(kind, text)` clauses; each clause is one line of the text.
    pub(crate) fn doc_of(clauses: &[(ClauseKind, &str)]) -> Document {
        let mut text = String::new();
        let mut out = Vec::new();
        for (n, (kind, t)) in clauses.iter().enumerate() {
            let start = text.len();
            text.push_str(t);
            let end = text.len();
            text.push('\n');
            out.push(Clause {
                id: format!("c{n}"),
                section_id: None,
                kind: *kind,
                text: (*t).to_owned(),
                span: Span::new(start, end),
                sentences: Vec::new(),
                cells: Vec::new(),
            });
        }
        Document {
            schema_version: SCHEMA_VERSION,
            source: SourceInfo {
                path: "test.txt".into(),
                encoding: Encoding::Utf8,
                format: Format::Text,
                bytes: text.len(),
            },
            title: None,
            metadata: BTreeMap::new(),
            sections: Vec::new(),
            clauses: out,
            toc: Vec::new(),
            omitted: Vec::new(),
            text,
        }
    }

    /// A document of paragraphs.
    pub(crate) fn paragraphs(texts: &[&str]) -> Document {
        let clauses: Vec<(ClauseKind, &str)> =
            texts.iter().map(|t| (ClauseKind::Paragraph, *t)).collect();
        doc_of(&clauses)
    }

    fn pairs(a: &Alignment) -> Vec<(Vec<usize>, Vec<usize>, bool)> {
        a.groups
            .iter()
            .map(|g| (g.old.clone(), g.new.clone(), g.moved))
            .collect()
    }

    #[test]
    fn strips_numbering_of_every_style() {
        for (text, want) in [
            ("1. 我们收集姓名", "我们收集姓名"),
            ("（一）我们收集姓名", "我们收集姓名"),
            ("第三条 我们收集姓名", "我们收集姓名"),
            ("二、我们如何使用", "我们如何使用"),
            ("4.1.2 我们如何使用", "我们如何使用"),
            ("① 手机号", "手机号"),
            ("• 手机号", "手机号"),
            ("14周岁以下的儿童", "14周岁以下的儿童"),
            ("2022年1月1日", "2022年1月1日"),
        ] {
            assert_eq!(strip_numbering(&normalize(text)), normalize(want), "{text}");
        }
    }

    #[test]
    fn comparison_keys_fold_noise() {
        for (old, new) in [
            ("6     除非您删除", "除非您删除"),
            ("1.2.4   法律规定的其他情形。", "法律规定的其他情形。"),
            ("创建帐号", "创建账号"),
            (
                "请见《[设备权限清单](https://example.cn/list)》",
                "请见《[设备权限清单》",
            ),
            ("如下： （一）腾讯Bugly", "如下：腾讯Bugly"),
            ("### 同步服务 {: #sync }", "同步服务"),
        ] {
            assert_eq!(comparison_key(old), comparison_key(new), "{old}");
        }
        assert_ne!(comparison_key("保存2022年"), comparison_key("保存"));
        assert_eq!(comparison_key("15"), "15");
    }

    #[test]
    fn numbering_prefix_is_measured_on_the_text_as_written() {
        for (text, prefix) in [
            ("6     除非", "6     "),
            ("（一）我们", "（一）"),
            ("我们", ""),
            ("2022 年", ""),
        ] {
            assert_eq!(&text[..numbering_prefix_len(text)], prefix, "{text}");
        }
    }

    #[test]
    fn exact_matches_ignore_numbering_and_width() {
        let old = paragraphs(&["1. 我们收集您的姓名。", "2. 我们不会出售您的信息。"]);
        let new = paragraphs(&["（一）我们收集您的姓名.", "（二）我们不会出售您的信息。"]);
        let a = align(&old, &new, Duration::from_secs(1));
        assert_eq!(
            pairs(&a),
            [(vec![0], vec![0], false), (vec![1], vec![1], false)]
        );
        assert!(a.added.is_empty() && a.removed.is_empty());
    }

    #[test]
    fn similar_clauses_pair_and_unrelated_ones_do_not() {
        let old = paragraphs(&[
            "我们会收集您的手机号码用于注册账号和登录验证。",
            "我们将在法律允许的范围内保存您的信息。",
        ]);
        let new = paragraphs(&[
            "我们会收集您的手机号码和电子邮箱用于注册账号和登录验证。",
            "天气预报显示明天有雨，请带伞出门。",
        ]);
        let a = align(&old, &new, Duration::from_secs(1));
        assert_eq!(pairs(&a), [(vec![0], vec![0], false)]);
        assert_eq!(a.removed, [1]);
        assert_eq!(a.added, [1]);
    }

    #[test]
    fn moved_clauses_are_those_outside_the_longest_order() {
        let texts = [
            "甲方收集姓名。",
            "乙方收集电话。",
            "丙方收集地址。",
            "丁方收集邮箱。",
        ];
        let old = paragraphs(&texts);
        let new = paragraphs(&[texts[1], texts[2], texts[3], texts[0]]);
        let a = align(&old, &new, Duration::from_secs(1));
        let moved: Vec<usize> = a
            .groups
            .iter()
            .filter(|g| g.moved)
            .flat_map(|g| g.old.clone())
            .collect();
        assert_eq!(moved, [0]);
    }

    #[test]
    fn splits_and_merges_are_found() {
        let whole =
            "我们会收集您的设备信息用于安全风控。我们会收集您的位置信息用于推荐附近的服务。";
        let old = paragraphs(&["前言。", whole]);
        let new = paragraphs(&[
            "前言。",
            "我们会收集您的设备信息用于安全风控。",
            "我们会收集您的位置信息用于推荐附近的服务。",
        ]);
        let a = align(&old, &new, Duration::from_secs(1));
        assert_eq!(
            pairs(&a),
            [(vec![0], vec![0], false), (vec![1], vec![1, 2], false)]
        );
        let back = align(&new, &old, Duration::from_secs(1));
        assert_eq!(
            pairs(&back),
            [(vec![0], vec![0], false), (vec![1, 2], vec![1], false)]
        );
    }

    #[test]
    fn fuzzy_split_replaces_a_partial_pair() {
        let old = paragraphs(&[
            "我们会收集您的设备信息用于安全风控，并收集您的位置信息用于推荐附近的服务和优惠活动。",
        ]);
        let new = paragraphs(&[
            "我们会收集您的设备信息用于安全风控。",
            "我们还会收集您的位置信息用于推荐附近的服务和优惠活动。",
        ]);
        let a = align(&old, &new, Duration::from_secs(1));
        assert_eq!(pairs(&a), [(vec![0], vec![0, 1], false)]);
    }

    #[test]
    fn table_rows_align_by_key_cell() {
        let mut old = doc_of(&[(ClauseKind::TableRow, "极光推送 | 推送消息 | 设备标识符")]);
        let mut new = doc_of(&[(
            ClauseKind::TableRow,
            "极光推送 | 统计分析 | 位置信息、IP地址",
        )]);
        for (doc, cells) in [
            (&mut old, ["极光推送", "推送消息"]),
            (&mut new, ["极光推送", "统计分析"]),
        ] {
            if let Some(c) = doc.clauses.get_mut(0) {
                c.cells = cells
                    .iter()
                    .zip(["SDK名称", "用途"])
                    .map(|(t, col)| crate::model::Cell {
                        column: col.into(),
                        text: (*t).into(),
                    })
                    .collect();
            }
        }
        let a = align(&old, &new, Duration::from_secs(1));
        assert_eq!(a.groups.first().map(|g| g.pass), Some(MatchPass::Key));
    }

    #[test]
    fn deadline_leaves_leftovers_added_and_removed() {
        let old = paragraphs(&["我们会收集您的手机号码用于注册。"]);
        let new = paragraphs(&["我们会收集您的手机号码用于登录。"]);
        let a = align(&old, &new, Duration::ZERO);
        assert!(a.timed_out);
        assert_eq!((a.removed.len(), a.added.len()), (1, 1));
    }

    #[test]
    fn longest_increasing_marks_members() {
        assert_eq!(longest_increasing(&[3, 0, 1, 2]), [false, true, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }
}
