//! Table of contents: a 目录 heading and/or a run of short lines that repeat later headings (with or
//! without bullets, numbers in another style, or page numbers), near the top of the document.

use super::{heading, text};
use crate::model::{Clause, ClauseKind, Section, TocEntry};
use crate::normalize::{fold_char, normalize};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Trailing leader dots and page numbers of a TOC entry (`……3`, `... 12`).
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\s.…·．_\-]{2,}[0-9０-９]*$|\s+[0-9０-９]{1,3}$")
        .unwrap_or_else(|e| panic!("page pattern: {e}"))
});

/// The longest TOC heading, in characters of its comparison form.
const TABLE_OF_CONTENTS: &str = "tableofcontents";
const MAX_TOC_HEADING_CHARS: usize = TABLE_OF_CONTENTS.len();

/// Punctuation that may close a TOC entry (in the comparison form and as written) but not its
/// heading.
const ENTRY_END: &[char] = &[';', '.', ',', ':', '；', '。', '，', '：', '、'];

/// Longest TOC entry in characters.
const MAX_ENTRY_CHARS: usize = 60;
/// Entries needed for a run without a 目录 heading that repeats numbered headings.
const MIN_BARE_ENTRIES: usize = 3;
/// Entries needed for a run without a 目录 heading that repeats unnumbered headings: all must
/// repeat, none twice.
const MIN_UNNUMBERED_ENTRIES: usize = 5;
/// Most times the key of an entry of such a run may occur in the document: the entry, its
/// heading, and one more (a summary or a Cookie part repeating a title).
const MAX_ENTRY_OCCURRENCES: usize = 3;

/// The comparison key of a line as a TOC entry or heading: bullet, number and page number removed,
/// normalised; `None` when the line is too long or too short to be one.
pub fn entry_key(line: &str) -> Option<String> {
    let line = line.trim();
    if line.chars().nth(MAX_ENTRY_CHARS).is_some() {
        return None;
    }
    let line = line.get(text::bullet_len(line).unwrap_or(0)..)?;
    let line = heading::parse_number(line).map_or(line, |n| line.get(n.rest..).unwrap_or(""));
    let line = PAGE_NUMBER.replace(line, "");
    let key: String = normalize(&line)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // An entry may end like a list item (`一、我们如何收集；`) where its heading does not.
    let key = key.trim_end_matches(ENTRY_END);
    // Emphasis markers left around a heading's text (`**引言**`) are no part of it.
    let key = key.trim_matches(['*', '_']);
    (key.chars().count() >= 2).then(|| key.to_owned())
}

/// True for a TOC heading line such as 目录, 隐私政策目录, 目 录, Contents.
pub fn is_toc_heading(line: &str) -> bool {
    // Normalisation turns each character into one or none, so a line with more characters that
    // stay (not whitespace, dropped or a colon) than the longest heading is none: decided without
    // normalising a long paragraph.
    let stays = |c: &char| fold_char(*c).is_some_and(|f| !f.is_whitespace() && f != ':');
    if line
        .chars()
        .filter(stays)
        .nth(MAX_TOC_HEADING_CHARS)
        .is_some()
    {
        return false;
    }
    let compact: String = normalize(line)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    (compact.ends_with("目录") && compact.chars().count() <= 12)
        || matches!(compact.as_str(), "contents" | TABLE_OF_CONTENTS)
}

/// Words by which a line announces the list after it (以下内容, 如下索引, 下列章节).
const INTRO_WORDS: &[&str] = &["以下", "如下", "下列", "内容"];

/// True for the line that introduces a table of contents in a sentence instead of naming it
/// (「本政策将帮助您了解以下内容：」): unnumbered, ending with a colon, announcing what follows.
/// Like 目录, it names no section and is no entry.
pub fn is_toc_intro(line: &str) -> bool {
    let line = line.trim();
    line.ends_with(['：', ':'])
        && text::bullet_len(line).is_none()
        && heading::parse_number(line).is_none()
        && INTRO_WORDS.iter().any(|w| line.contains(w))
}

/// True when `next` is a short line numbered in the same style as `previous`, one further.
fn continues_numbering(previous: Option<&&str>, next: Option<&&str>) -> bool {
    let (Some(previous), Some(next)) = (previous, next) else {
        return false;
    };
    let (Some(p), Some(n)) = (heading::parse_number(previous), heading::parse_number(next)) else {
        return false;
    };
    p.key == n.key && p.value + 1 == n.value && next.chars().count() <= MAX_ENTRY_CHARS
}

/// Marks the blocks that form the table of contents. `lines` are the block texts; `heading_like`
/// says which blocks could be headings (only those count as the later repeats of an entry).
///
/// A TOC under a 目录 heading may repeat any heading-like line; a bare run of lines should repeat
/// numbered or markup headings (`numbered`); a bare run repeating unnumbered headings must be
/// longer, repeat every entry, and hold no entry twice, since short lines repeat for many reasons.
pub fn detect(lines: &[&str], heading_like: &[bool], numbered: &[bool]) -> Vec<bool> {
    let keys: Vec<Option<String>> = lines.iter().map(|l| entry_key(l)).collect();
    let last_of = |eligible: &[bool]| {
        let mut last: HashMap<&str, usize> = HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            if let (Some(k), true) = (key, eligible.get(i).copied().unwrap_or(false)) {
                last.insert(k.as_str(), i);
            }
        }
        last
    };
    let (last_any, last_numbered) = (last_of(heading_like), last_of(numbered));
    let repeated_in = |last: &HashMap<&str, usize>, i: usize, after: usize| {
        keys.get(i)
            .and_then(Option::as_deref)
            .and_then(|k| last.get(k))
            .is_some_and(|&l| l > after)
    };
    let mut toc = vec![false; lines.len()];
    let limit = lines.len() * 2 / 3 + 1;
    let mut i = 0;
    // The run of entries from `first` against the later headings in `last`: (end, matched, confirmed).
    let run = |first: usize, last: &HashMap<&str, usize>| {
        let mut end = first;
        let mut matched = 0;
        while end < lines.len() && keys.get(end).is_some_and(Option::is_some) {
            if repeated_in(last, end, end) {
                matched += 1;
            } else {
                let numbered_on =
                    end > first && continues_numbering(lines.get(end - 1), lines.get(end));
                if !numbered_on && !repeated_in(last, end + 1, end + 1) {
                    break;
                }
            }
            end += 1;
        }
        let confirmed = (first..end)
            .filter(|&j| repeated_in(last, j, end.saturating_sub(1)))
            .count();
        (end, matched, confirmed)
    };
    let distinct = |from: usize, to: usize| {
        let mut seen: Vec<&str> = keys
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .filter_map(|k| k.as_deref())
            .collect();
        let n = seen.len();
        seen.sort_unstable();
        seen.dedup();
        seen.len() == n
    };
    // How often each key occurs: a TOC entry is written twice (entry, heading), the labels of a
    // record repeated for every row of a flattened table (第三方公司名称 / 使用目的) far more often.
    let mut occurrences: HashMap<&str, usize> = HashMap::new();
    for k in keys.iter().flatten() {
        *occurrences.entry(k.as_str()).or_default() += 1;
    }
    let named_once = |from: usize, to: usize| {
        keys.get(from..to).unwrap_or(&[]).iter().flatten().all(|k| {
            occurrences
                .get(k.as_str())
                .is_some_and(|&n| n <= MAX_ENTRY_OCCURRENCES)
        })
    };
    // A TOC's headings stand apart, with their text between them; when most later copies of a
    // run's entries stand on consecutive lines, the run is a block written twice (the header of
    // a flattened table repeated for a second table), not a table of contents.
    let copied = |from: usize, to: usize| {
        let at: Vec<usize> = keys
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .flatten()
            .filter_map(|k| last_any.get(k.as_str()).copied())
            .collect();
        let adjacent = at
            .windows(2)
            .filter(|w| matches!(w, [a, b] if *a + 1 == *b))
            .count();
        adjacent * 2 > at.len()
    };
    while i < limit.min(lines.len()) {
        let titled = lines.get(i).is_some_and(|l| is_toc_heading(l));
        let found = if titled {
            let (end, _, confirmed) = run(i + 1, &last_any);
            (confirmed >= 1).then_some((i + 1, end))
        } else {
            let (end, matched, confirmed) = run(i, &last_numbered);
            let numbered_run = confirmed >= MIN_BARE_ENTRIES && matched * 3 >= (end - i) * 2;
            let (weak_end, weak_matched, weak_confirmed) = run(i, &last_any);
            let unnumbered_run = weak_confirmed >= MIN_UNNUMBERED_ENTRIES
                && weak_matched == weak_end - i
                && distinct(i, weak_end)
                && named_once(i, weak_end)
                && !copied(i, weak_end);
            if numbered_run {
                Some((i, end))
            } else {
                unnumbered_run.then_some((i, weak_end))
            }
        };
        match found {
            Some((first, mut end)) => {
                // Entries that continue the TOC's numbering (`9、附录` after `8、…`) belong to it
                // even when their heading is missing or worded differently later, and so does an
                // unnumbered last entry that repeats a later heading (「附录：相关定义」).
                while end > first
                    && (continues_numbering(lines.get(end - 1), lines.get(end))
                        || repeated_in(&last_any, end, end))
                {
                    end += 1;
                }
                toc.iter_mut().take(end).skip(i).for_each(|t| *t = true);
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    toc
}

/// Shortest key (characters) that may match a heading by containment rather than equality.
const MIN_CONTAINED_KEY_CHARS: usize = 4;

/// Similarity (`similarity`) at which an entry and a heading in the same gap of a TOC name the
/// same section when neither number contradicts it, and when their numbers differ.
const SIMILAR: f64 = 0.5;
const SIMILAR_DESPITE_NUMBER: f64 = 0.6;
/// Similarity an entry needs to a heading in its gap that bears its number, when the gap holds
/// more headings than entries.
const SIMILAR_WITH_NUMBER: f64 = 0.2;
/// Most headings considered for the entries of one gap, and most headings looked through to find
/// them (bounds on the work per gap, whatever the number of TOCs and headings).
const MAX_GAP_CANDIDATES: usize = 64;
const MAX_GAP_SCAN: usize = 1024;

/// One heading of the document, in document order, as the entries of a TOC see it.
struct Heading<'a> {
    section: &'a Section,
    key: Option<String>,
    /// Its number (`五` → 5, `4.2` → 2 under `4`), when it has one.
    number: Option<NumberId>,
}

/// A number as a TOC entry and its heading can share it across numbering styles (`4、` and `四`):
/// the value of its last counter and, for a dotted number, the number it continues (`4` of `4.2`).
#[derive(PartialEq)]
struct NumberId {
    value: u32,
    parent: Option<String>,
}

impl NumberId {
    fn of(n: heading::Numbered) -> Option<Self> {
        (n.value > 0).then(|| NumberId {
            value: n.value,
            parent: n.parent.map(|p| normalize(&p)),
        })
    }
}

/// The number as a section records it (`五`, `（三）`, `4.1`, `第二条`).
fn section_number(number: &str) -> Option<NumberId> {
    heading::parse_number(number)
        .or_else(|| heading::parse_number(&format!("{number}、")))
        .and_then(NumberId::of)
}

/// The number an entry opens with (after any bullet).
fn entry_number(line: &str) -> Option<NumberId> {
    let line = line.trim();
    let line = line.get(text::bullet_len(line).unwrap_or(0)..)?;
    heading::parse_number(line).and_then(NumberId::of)
}

/// Similarity of two keys: twice their longest common subsequence over their summed lengths
/// (1 for equal keys, 0 for keys sharing no character). Keys are at most `MAX_ENTRY_CHARS` long,
/// so this is bounded work.
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut previous = vec![0usize; b.len() + 1];
    let mut current = vec![0usize; b.len() + 1];
    for ca in &a {
        for (j, cb) in b.iter().enumerate() {
            let diagonal = previous.get(j).copied().unwrap_or(0);
            let up = previous.get(j + 1).copied().unwrap_or(0);
            let left = current.get(j).copied().unwrap_or(0);
            let value = if ca == cb { diagonal + 1 } else { up.max(left) };
            if let Some(slot) = current.get_mut(j + 1) {
                *slot = value;
            }
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let common = previous.last().copied().unwrap_or(0);
    (2 * common) as f64 / (a.len() + b.len()) as f64
}

/// True for the first line of a TOC that introduces it instead of naming a section: unnumbered,
/// and reading like a sentence or announcing what follows (「本政策将帮助您了解以下内容」 without
/// its colon). Only said of a first line that names no section by its key.
fn introduces(line: &str) -> bool {
    let line = line.trim();
    text::bullet_len(line).is_none()
        && heading::parse_number(line).is_none()
        && (reads_like_sentence(line) || INTRO_WORDS.iter().any(|w| line.contains(w)))
}

/// Resolves every `toc` clause but the TOC heading to the section it names. Each TOC (the entries
/// after a 目录 heading or an introducing sentence; each section named by at most one entry of
/// it) is resolved in three passes:
/// 1. the first section after the entry whose heading has the same key (bullets, numbers, page
///    numbers and closing punctuation ignored);
/// 2. the entries left between two resolved ones (a gap) are paired in order with the headings
///    between those two sections at their level: an entry takes the heading of its gap that bears
///    the same number (when the gap holds as many headings as entries, or the titles share a
///    little), else one similar enough (`similarity`) — a TOC that words its headings
///    approximately, or numbers them in another style;
/// 3. the first section after the entry whose key contains the entry's or is contained in it.
pub fn resolve(clauses: &[Clause], sections: &[Section]) -> Vec<TocEntry> {
    let mut headings: Vec<Heading> = Vec::new();
    let mut stack: Vec<&Section> = sections.iter().rev().collect();
    while let Some(s) = stack.pop() {
        headings.push(Heading {
            section: s,
            key: entry_key(&s.title),
            number: s.number.as_deref().and_then(section_number),
        });
        stack.extend(s.sections.iter().rev());
    }
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, h) in headings.iter().enumerate() {
        if let Some(k) = h.key.as_deref() {
            by_key.entry(k).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    // The TOC's own heading (目录) and the sentence introducing it are no entries: they name no
    // section, and each starts a TOC of its own (a short list, then the full 目录), whose entries
    // may name the sections the previous one named.
    // Entries apart from each other (content or a heading between them) are two runs, each a
    // TOC of its own.
    let headings_before =
        |at: usize| headings.partition_point(|h| h.section.heading_span.start() < at);
    let mut group: Vec<&Clause> = Vec::new();
    let mut apart = false;
    for clause in clauses {
        if clause.kind != ClauseKind::Toc {
            apart = true;
            continue;
        }
        let titled = is_toc_heading(&clause.text) || is_toc_intro(&clause.text);
        let separated = group.last().is_some_and(|last| {
            apart || headings_before(clause.span.start()) > headings_before(last.span.end())
        });
        apart = false;
        if titled || separated {
            out.extend(resolve_toc(&group, &headings, &by_key));
            group.clear();
        }
        if !titled {
            group.push(clause);
        }
    }
    out.extend(resolve_toc(&group, &headings, &by_key));
    out
}

/// Resolves the entries of one TOC (see `resolve`).
fn resolve_toc(
    entries: &[&Clause],
    headings: &[Heading],
    by_key: &HashMap<&str, Vec<usize>>,
) -> Vec<TocEntry> {
    let keys: Vec<Option<String>> = entries.iter().map(|c| entry_key(&c.text)).collect();
    let mut used: HashSet<usize> = HashSet::new();
    let mut found: Vec<Option<usize>> = vec![None; entries.len()];
    let after = |i: usize, clause: &Clause| {
        headings
            .get(i)
            .is_some_and(|h| h.section.heading_span.start() >= clause.span.end())
    };
    // 1. Same key.
    for (j, (clause, key)) in entries.iter().zip(&keys).enumerate() {
        let hit = key.as_deref().and_then(|k| by_key.get(k)).and_then(|at| {
            at.iter()
                .copied()
                .find(|&i| !used.contains(&i) && after(i, clause))
        });
        if let (Some(i), Some(slot)) = (hit, found.get_mut(j)) {
            used.insert(i);
            *slot = Some(i);
        }
    }
    // The first line, when it names no section and reads as an introduction, is none.
    let first = match entries.first() {
        Some(c) if found.first().is_some_and(Option::is_none) && introduces(&c.text) => 1,
        _ => 0,
    };
    // 2. Gaps between resolved entries.
    let mut a = first;
    while a < entries.len() {
        if found.get(a).is_some_and(Option::is_some) {
            a += 1;
            continue;
        }
        let mut b = a;
        while found.get(b).is_some_and(Option::is_none) {
            b += 1;
        }
        let previous = a
            .checked_sub(1)
            .filter(|&p| p >= first)
            .and_then(|p| found.get(p).copied().flatten());
        let next = found.get(b).copied().flatten();
        fill_gap(
            entries.get(a..b).unwrap_or(&[]),
            keys.get(a..b).unwrap_or(&[]),
            (previous, next),
            headings,
            &mut used,
        )
        .into_iter()
        .enumerate()
        .for_each(|(k, hit)| {
            if let Some(slot) = found.get_mut(a + k) {
                *slot = hit;
            }
        });
        a = b;
    }
    // 3. Containment.
    let contained = |key: &str, heading: &str| {
        let short = key.chars().count().min(heading.chars().count());
        short >= MIN_CONTAINED_KEY_CHARS && (key.contains(heading) || heading.contains(key))
    };
    for (j, (clause, key)) in entries.iter().zip(&keys).enumerate().skip(first) {
        let (Some(key), Some(None)) = (key.as_deref(), found.get(j)) else {
            continue;
        };
        let hit = headings.iter().enumerate().find_map(|(i, h)| {
            let heading = h.key.as_deref()?;
            (!used.contains(&i) && after(i, clause) && contained(key, heading)).then_some(i)
        });
        if let (Some(i), Some(slot)) = (hit, found.get_mut(j)) {
            used.insert(i);
            *slot = Some(i);
        }
    }
    entries
        .iter()
        .zip(found)
        .skip(first)
        .map(|(clause, hit)| TocEntry {
            clause: clause.id.clone(),
            text: clause.text.clone(),
            section: hit
                .and_then(|i| headings.get(i))
                .map(|h| h.section.id.clone()),
        })
        .collect()
}

/// Pairs the unresolved entries of one gap, in order, with the headings between the sections
/// the entries around it resolved to (`around`), no deeper than the deeper of them. Returns the
/// heading of each entry, if any.
fn fill_gap(
    entries: &[&Clause],
    keys: &[Option<String>],
    around: (Option<usize>, Option<usize>),
    headings: &[Heading],
    used: &mut HashSet<usize>,
) -> Vec<Option<usize>> {
    let mut out = vec![None; entries.len()];
    let level = |i: usize| headings.get(i).map(|h| h.section.level);
    // At most as deep as the deeper of the two: a gap between two subsections of different
    // sections holds the heading of the second section.
    let deepest = [around.0, around.1]
        .into_iter()
        .flatten()
        .filter_map(level)
        .max();
    let Some(first_entry) = entries.first() else {
        return out;
    };
    let Some(deepest) = deepest else {
        return out;
    };
    let from = match around.0 {
        Some(p) => p + 1,
        None => {
            headings.partition_point(|h| h.section.heading_span.start() < first_entry.span.end())
        }
    };
    let to = around.1.unwrap_or(headings.len());
    let candidates: Vec<usize> = (from..to.max(from))
        .take(MAX_GAP_SCAN)
        .filter(|&i| {
            headings.get(i).is_some_and(|h| {
                h.section.level <= deepest
                    && h.key.is_some()
                    && h.section.heading_span.start() >= first_entry.span.end()
            }) && !used.contains(&i)
        })
        .take(MAX_GAP_CANDIDATES)
        .collect();
    let fit = candidates.len() == entries.len();
    let mut cursor = 0;
    for (k, (clause, key)) in entries.iter().zip(keys).enumerate() {
        let Some(key) = key.as_deref() else {
            continue;
        };
        let number = entry_number(&clause.text);
        let score = |i: usize| {
            let h = headings.get(i)?;
            let sim = similarity(key, h.key.as_deref()?);
            match (&number, &h.number) {
                (Some(v), Some(w)) if v == w => {
                    (fit || sim >= SIMILAR_WITH_NUMBER).then_some(1.0 + sim)
                }
                (Some(_), Some(_)) => (sim >= SIMILAR_DESPITE_NUMBER).then_some(sim),
                _ => (sim >= SIMILAR).then_some(sim),
            }
        };
        let best = candidates
            .iter()
            .enumerate()
            .skip(cursor)
            .filter_map(|(c, &i)| score(i).map(|s| (c, i, s)))
            .fold(None, |best: Option<(usize, usize, f64)>, x| match best {
                Some(b) if b.2 >= x.2 => Some(b),
                _ => Some(x),
            });
        if let Some((c, i, _)) = best {
            cursor = c + 1;
            used.insert(i);
            if let Some(slot) = out.get_mut(k) {
                *slot = Some(i);
            }
        }
    }
    out
}

/// True when a TOC entry reads like running text: it ends like a sentence or holds a comma, a
/// colon or a full stop (a heading may hold 、, as in 「共享、转让」, but hardly a comma).
fn reads_like_sentence(text: &str) -> bool {
    super::ends_sentence(text) || text.contains(['，', ',', '：', ':', '。'])
}

/// The blocks of the TOC runs that were no table of contents: a run (entries on consecutive
/// blocks) none of whose entries names a section, without a TOC heading, and most of whose entries
/// read like sentences (`1) 进入设置；` `2) 点击“编辑”；`) is a list that happens to be repeated
/// later in the text (the same steps written out twice), so its lines are content.
/// `blocks` holds the block index of each `toc` clause of `clauses` but TOC headings and
/// introducing sentences, in the same order; `headings` the blocks of TOC headings, `intros`
/// those of the sentences introducing a run (`is_toc_intro`). `entries` are the resolved entries
/// (a first line found to introduce its TOC is none: it names no section).
pub fn false_runs(
    blocks: &[usize],
    headings: &[usize],
    intros: &[usize],
    clauses: &[Clause],
    entries: &[TocEntry],
) -> HashSet<usize> {
    let named: HashMap<&str, bool> = entries
        .iter()
        .map(|e| (e.clause.as_str(), e.section.is_some()))
        .collect();
    // (text, names a section) of each clause of `blocks`.
    let entries: Vec<(&str, bool)> = clauses
        .iter()
        .filter(|c| c.kind == ClauseKind::Toc && !is_toc_heading(&c.text) && !is_toc_intro(&c.text))
        .map(|c| {
            let resolved = named.get(c.id.as_str()).copied().unwrap_or(false);
            (c.text.as_str(), resolved)
        })
        .collect();
    let mut out = HashSet::new();
    let mut start = 0;
    while start < blocks.len() {
        let mut end = start + 1;
        while let (Some(&previous), Some(&next)) = (blocks.get(end - 1), blocks.get(end)) {
            if next != previous + 1 {
                break;
            }
            end += 1;
        }
        let run = entries.get(start..end).unwrap_or(&[]);
        let sentences = run.iter().filter(|e| reads_like_sentence(e.0)).count();
        let before = blocks.get(start).and_then(|b| b.checked_sub(1));
        let titled = before.is_some_and(|b| headings.contains(&b));
        let false_run =
            !run.is_empty() && !titled && run.iter().all(|e| !e.1) && sentences * 2 > run.len();
        if false_run {
            out.extend(blocks.get(start..end).unwrap_or(&[]).iter().copied());
            // The sentence that introduced the list (「您可以按以下步骤查询：」) is content too.
            out.extend(before.filter(|b| intros.contains(b)));
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_introductions() {
        assert!(is_toc_intro(
            "若您想了解更详细的信息，请按如下索引阅读相应章节："
        ));
        assert!(is_toc_intro("本政策将帮助您了解以下内容："));
        assert!(!is_toc_intro("一、以下内容："));
        assert!(!is_toc_intro("本政策将帮助您了解以下内容"));
        assert!(!is_toc_intro("联系我们："));
    }

    #[test]
    fn titled_toc_with_bullets() {
        let lines = [
            "《隐私政策》",
            "隐私政策目录",
            "• 一、名词解释",
            "• 二、我们如何收集",
            "一、名词解释",
            "正文。",
            "二、我们如何收集",
            "正文。",
        ];
        let heading_like = [true, true, true, true, true, false, true, false];
        let got = detect(&lines, &heading_like, &heading_like);
        assert_eq!(got, [false, true, true, true, false, false, false, false]);
    }

    #[test]
    fn bare_toc_in_another_numbering_style() {
        let lines = [
            "1、收集",
            "2、共享",
            "3、保护",
            "一、收集",
            "正文。",
            "二、共享",
            "正文。",
            "三、保护",
            "正文。",
        ];
        let heading_like = [true, true, true, true, false, true, false, true, false];
        let got = detect(&lines, &heading_like, &heading_like);
        assert_eq!(
            got,
            [true, true, true, false, false, false, false, false, false]
        );
    }

    #[test]
    fn a_last_entry_continuing_the_numbering_belongs_to_the_toc() {
        let lines = [
            "1、收集",
            "2、共享",
            "3、保护",
            "4、附录",
            "前言正文很长。",
            "一、收集",
            "正文。",
            "二、共享",
            "正文。",
            "三、保护",
            "正文。",
        ];
        let heading_like = [
            true, true, true, true, false, true, false, true, false, true, false,
        ];
        let got = detect(&lines, &heading_like, &heading_like);
        assert_eq!(&got[..5], [true, true, true, true, false]);
    }

    #[test]
    fn a_short_bare_run_must_repeat_numbered_headings() {
        let lines = [
            "姓名",
            "手机号",
            "地址",
            "一、收集",
            "姓名",
            "正文。",
            "手机号",
            "正文。",
            "地址",
            "正文。",
        ];
        let weak = [
            true, true, true, true, true, false, true, false, true, false,
        ];
        let numbered = [
            false, false, false, true, false, false, false, false, false, false,
        ];
        assert!(detect(&lines, &weak, &numbered).iter().all(|t| !t));
    }

    #[test]
    fn a_long_bare_run_of_unnumbered_headings_is_a_toc_unless_entries_repeat() {
        let entries = ["收集", "使用", "共享", "保护", "权利"];
        let mut lines: Vec<&str> = entries.to_vec();
        for e in entries {
            lines.push(e);
            lines.push("正文。");
        }
        let weak: Vec<bool> = lines.iter().map(|l| !l.ends_with('。')).collect();
        let none = vec![false; lines.len()];
        assert_eq!(
            detect(&lines, &weak, &none).iter().filter(|t| **t).count(),
            5
        );
        lines[1] = "收集";
        assert!(detect(&lines, &weak, &none).iter().take(5).all(|t| !t));
    }

    #[test]
    fn the_labels_of_records_repeated_for_every_row_are_no_toc() {
        // A flattened table: each record repeats the same field labels, each followed by a value.
        let labels = ["公司名称", "产品类型", "收集信息", "使用目的", "共享方式"];
        let mut lines: Vec<&str> = Vec::new();
        for _ in 0..4 {
            for label in labels {
                lines.push(label);
                lines.push("某值。");
            }
        }
        // The first record's labels without values, as a header block.
        let mut with_header: Vec<&str> = labels.to_vec();
        with_header.extend(lines);
        let weak: Vec<bool> = with_header.iter().map(|l| !l.ends_with('。')).collect();
        let none = vec![false; with_header.len()];
        assert!(detect(&with_header, &weak, &none).iter().all(|t| !t));
        // The header of a flattened table written again for a second table.
        let mut twice: Vec<&str> = labels.to_vec();
        twice.push("某值。");
        twice.extend(labels);
        twice.push("某值。");
        let weak: Vec<bool> = twice.iter().map(|l| !l.ends_with('。')).collect();
        let none = vec![false; twice.len()];
        assert!(detect(&twice, &weak, &none).iter().all(|t| !t));
    }

    #[test]
    fn headings_alone_are_not_a_toc() {
        let lines = ["一、收集", "正文。", "二、共享", "正文。"];
        assert!(detect(
            &lines,
            &[true, false, true, false],
            &[true, false, true, false]
        )
        .iter()
        .all(|t| !t));
    }

    #[test]
    fn entries_repeating_headings_numbered_with_a_space() {
        let lines = [
            "1.我们如何收集和使用个人信息",
            "2.数据使用过程中涉及的合作方",
            "3.管理你的个人信息",
            "1 我们如何收集和使用个人信息",
            "1.1 帐号服务",
            "正文。",
            "2 数据使用过程中涉及的合作方",
            "正文。",
            "3 管理你的个人信息",
            "正文。",
        ];
        let h = [
            true, true, true, true, true, false, true, false, true, false,
        ];
        assert_eq!(&detect(&lines, &h, &h)[..4], [true, true, true, false]);
    }

    #[test]
    fn entry_keys_ignore_bullets_numbers_and_pages() {
        assert_eq!(entry_key("• 一、名词解释"), entry_key("1. 名词解释……3"));
        assert_eq!(
            entry_key("六、如何联系我们；"),
            entry_key("六、如何联系我们")
        );
        assert_eq!(entry_key("这是一段很长的正文".repeat(10).as_str()), None);
        assert_eq!(entry_key("**引言**；"), entry_key("引言"));
    }

    #[test]
    fn similarity_of_keys() {
        assert_eq!(similarity("收集", "收集"), 1.0);
        assert_eq!(similarity("收集", "联系"), 0.0);
        assert_eq!(similarity("", "联系"), 0.0);
        // One character more of twelve.
        let s = similarity("我们如何保护资料的安全", "我们如何保护资料安全");
        assert!(s > 0.9 && s < 1.0, "{s}");
    }

    #[test]
    fn numbers_agree_across_styles_but_not_depths() {
        assert!(entry_number("4、收集") == section_number("四"));
        assert!(entry_number("• （2）共享") == section_number("2"));
        assert!(entry_number("4.2 共享") == section_number("4.2"));
        assert!(entry_number("2、共享") != section_number("4.2"));
        assert!(entry_number("收集").is_none());
    }

    #[test]
    fn introductions_of_a_toc() {
        assert!(introduces("本政策将帮助您了解以下内容"));
        assert!(introduces("阅读完整版，了解更详细的规则。"));
        assert!(!introduces("一、以下内容"));
        assert!(!introduces("引言"));
    }
}
