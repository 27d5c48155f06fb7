//! Tables: header rows and named cells for Markdown/HTML tables, and recovery of text tables that
//! were flattened into space-separated lines (a header line of column names, then one line per
//! row whose cells may themselves contain spaces).
//!
//! Splitting a flattened row into exactly N cells is a segmentation problem, solved by dynamic
//! programming over the whitespace gaps: each gap has a split score (never inside open brackets,
//! never beside enumeration punctuation, poor between two ASCII words or beside one-letter tokens,
//! good between CJK characters and around `-` placeholders), and each cell a fit to its column
//! learned from a first pass over all rows (values repeated across rows anchor their column; the
//! usual length and suffix of a column's values).

use super::blocks::{Block, BlockKind};
use crate::memo::Memo;
use crate::model::{Cell, Clause};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// Words that make a line of short space-separated tokens a header row.
const HEADER_WORDS: &[&str] = &[
    "名称",
    "公司",
    "目的",
    "场景",
    "权限",
    "方式",
    "信息",
    "链接",
    "类型",
    "用途",
    "范围",
    "主体",
    "功能",
    "字段",
    "内容",
    "期限",
    "政策",
    "官网",
    "SDK",
    "第三方",
    "提供方",
    "接收方",
    "数据",
    "频率",
    "处理",
    "描述",
    "说明",
    "业务",
];
/// Tokens that stand for an empty cell.
const PLACEHOLDERS: &[&str] = &["-", "—", "--", "/", "无", "暂无", "N/A", "n/a", "／", "－"];
/// Longest header token in characters.
const MAX_HEADER_TOKEN_CHARS: usize = 16;
/// Most tokens a flattened row may have (longer lines are not split).
const MAX_ROW_TOKENS: usize = 300;
/// Score of a gap inside open brackets (never split there).
const NEVER: f64 = -100.0;
/// Cost of leaving a cell empty.
const EMPTY_CELL: f64 = -2.5;
/// Weight of the distance between a cell's log length and its column's mean log length.
const LENGTH_WEIGHT: f64 = 0.8;
/// Reward for an anchor value in its column; the same as a penalty for other text there.
const ANCHOR: f64 = 6.0;
/// Reward for a cell whose enumerated items all occur in its column's other rows.
const VOCABULARY: f64 = 3.0;

/// Byte ranges of the whitespace-separated tokens of `line`.
fn tokens(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..line.len());
    }
    out
}

/// True when `line` reads as the header row of a flattened table. A numbered line (「3.3 使用的
/// 第三方 SDK」) is a heading, however many column words it holds.
fn is_header_line(line: &str) -> bool {
    let toks = tokens(line);
    if toks.len() < 3
        || line.contains(['。', '，', ',', '；', ';', '：', ':'])
        || super::heading::parse_number(line).is_some()
    {
        return false;
    }
    let words: Vec<&str> = toks.iter().filter_map(|r| line.get(r.clone())).collect();
    if words
        .iter()
        .any(|w| w.chars().count() > MAX_HEADER_TOKEN_CHARS)
    {
        return false;
    }
    let hits = words
        .iter()
        .filter(|w| HEADER_WORDS.iter().any(|h| w.contains(h)))
        .count();
    hits >= 2 && hits * 2 >= words.len()
}

/// Finds flattened text tables among paragraph blocks and turns their lines into table rows with
/// one cell range per column.
pub fn detect_text_tables(blocks: &mut Vec<Block>) {
    let mut next_table = blocks.iter().map(|b| b.table).max().unwrap_or(0) + 1;
    detect_pipe_tables(blocks, &mut next_table);
    let mut i = 0;
    while i < blocks.len() {
        let header_cols = match blocks.get(i) {
            Some(b) if b.kind == BlockKind::Paragraph && is_header_line(&b.text) => {
                tokens(&b.text).len()
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let min_tokens = (header_cols / 2).max(2);
        let mut end = i + 1;
        while let Some(b) = blocks.get(end) {
            let n = tokens(&b.text).len();
            let numbered = super::heading::parse_number(&b.text).is_some();
            if b.kind != BlockKind::Paragraph || numbered || n < min_tokens || n > MAX_ROW_TOKENS {
                break;
            }
            end += 1;
        }
        if end == i + 1 {
            i += 1;
            continue;
        }
        let rows: Vec<String> = blocks
            .get(i + 1..end)
            .unwrap_or(&[])
            .iter()
            .map(|b| b.text.clone())
            .collect();
        let splits = split_rows(&rows, header_cols);
        if let Some(header) = blocks.get_mut(i) {
            header.kind = BlockKind::TableRow;
            header.header = true;
            header.table = next_table;
            header.cells = tokens(&header.text);
        }
        for (block, cells) in blocks
            .get_mut(i + 1..end)
            .unwrap_or(&mut [])
            .iter_mut()
            .zip(splits)
        {
            block.kind = BlockKind::TableRow;
            block.table = next_table;
            block.cells = cells;
        }
        next_table += 1;
        i = end;
    }
}

/// The cell ranges of a pipe-delimited line (`| a | b |`, outer pipes optional, `\|` escaped),
/// each trimmed of spaces; `None` unless the line has at least two cells and starts or ends with
/// a pipe.
fn pipe_cells(line: &str) -> Option<Vec<Range<usize>>> {
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len();
    let body = line.get(start..end)?;
    if !(body.starts_with('|') || body.ends_with('|')) {
        return None;
    }
    // The pieces between unescaped pipes, as byte ranges of `line`.
    let mut pieces = Vec::new();
    let mut from = start;
    let mut previous = None;
    for (i, c) in body.char_indices() {
        if c == '|' && previous != Some('\\') {
            pieces.push(from..start + i);
            from = start + i + 1;
        }
        previous = Some(c);
    }
    pieces.push(from..end);
    // The outer pipes leave an empty piece before the first cell and after the last.
    if pieces.first().is_some_and(Range::is_empty) {
        pieces.remove(0);
    }
    if pieces.last().is_some_and(Range::is_empty) {
        pieces.pop();
    }
    let cells: Vec<Range<usize>> = pieces
        .into_iter()
        .map(|r| {
            let text = line.get(r.clone()).unwrap_or("");
            let lead = text.len() - text.trim_start().len();
            r.start + lead..r.start + lead + text.trim().len()
        })
        .collect();
    (cells.len() >= 2).then_some(cells)
}

/// True for the delimiter line under a pipe table's header (`|---|:--:|`).
fn is_pipe_delimiter(line: &str) -> bool {
    let trimmed = line.trim().trim_matches('|');
    !trimmed.is_empty()
        && trimmed.contains('-')
        && trimmed.split('|').all(|cell| {
            let cell = cell.trim();
            !cell.is_empty() && cell.trim_matches(':').chars().all(|c| c == '-')
        })
}

/// Pipe tables written as text (a `.txt` policy, or a Markdown table indented into a code block,
/// which Markdown shows as it is): a pipe-delimited line, a delimiter line, then pipe-delimited
/// rows. The header and rows become table rows; the delimiter line is markup and leaves the
/// blocks (its bytes are then an omitted span).
fn detect_pipe_tables(blocks: &mut Vec<Block>, next_table: &mut usize) {
    let mut i = 0;
    while i + 1 < blocks.len() {
        let header = blocks
            .get(i)
            .filter(|b| b.kind == BlockKind::Paragraph)
            .and_then(|b| pipe_cells(&b.text));
        let delimited = blocks
            .get(i + 1)
            .is_some_and(|b| b.kind == BlockKind::Paragraph && is_pipe_delimiter(&b.text));
        let Some(header_cells) = header.filter(|_| delimited) else {
            i += 1;
            continue;
        };
        blocks.remove(i + 1);
        if let Some(b) = blocks.get_mut(i) {
            b.kind = BlockKind::TableRow;
            b.header = true;
            b.table = *next_table;
            b.cells = header_cells;
        }
        i += 1;
        while let Some(b) = blocks.get_mut(i) {
            let Some(cells) = pipe_cells(&b.text).filter(|_| b.kind == BlockKind::Paragraph) else {
                break;
            };
            b.kind = BlockKind::TableRow;
            b.table = *next_table;
            b.cells = cells;
            i += 1;
        }
        *next_table += 1;
    }
}

/// What a first pass learned about one column.
#[derive(Debug, Default)]
struct Profile {
    mean_log_len: Option<f64>,
    anchor: Option<String>,
    suffix: Option<String>,
    /// Enumerated items (split at 、，；) seen in at least two rows of the column.
    items: HashSet<String>,
    /// The first pass put a placeholder (`-`) in this column.
    placeholders: bool,
}

/// The enumerated items of a cell text: parts between list punctuation and brackets.
fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(['、', '，', ',', '；', ';', '(', ')', '（', '）'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Splits each row into `columns` cell ranges: a first pass on gap scores alone, then a second
/// pass with the column profiles it yields. Remembered (see [`crate::memo`]): the two versions
/// `diff` parses share most tables, and the split is the costly part of reading one.
fn split_rows(rows: &[String], columns: usize) -> Vec<Vec<Range<usize>>> {
    static SPLITS: LazyLock<Memo<Vec<Vec<Range<usize>>>>> = LazyLock::new(|| Memo::new(256));
    let columns_key = columns.to_string();
    let parts: Vec<&str> = std::iter::once(columns_key.as_str())
        .chain(rows.iter().map(String::as_str))
        .collect();
    SPLITS.get_or_compute(&parts, || split_rows_anew(rows, columns))
}

/// [`split_rows`] without the memo.
fn split_rows_anew(rows: &[String], columns: usize) -> Vec<Vec<Range<usize>>> {
    let plain: Vec<Vec<Range<usize>>> = rows.iter().map(|r| split_row(r, columns, &[])).collect();
    let profiles = learn(rows, &plain, columns);
    rows.iter()
        .map(|r| split_row(r, columns, &profiles))
        .collect()
}

fn is_placeholder(text: &str) -> bool {
    PLACEHOLDERS.contains(&text.trim())
}

/// Column profiles from a first split: mean log length, a value repeated across most rows (the
/// anchor), a common two-character suffix.
fn learn(rows: &[String], splits: &[Vec<Range<usize>>], columns: usize) -> Vec<Profile> {
    let mut token_rows: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        let mut seen: Vec<&str> = tokens(row)
            .iter()
            .filter_map(|r| row.get(r.clone()))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            *token_rows.entry(t).or_insert(0) += 1;
        }
    }
    (0..columns)
        .map(|c| {
            let all: Vec<&str> = rows
                .iter()
                .zip(splits)
                .filter_map(|(row, cells)| row.get(cells.get(c)?.clone()))
                .collect();
            let values: Vec<&str> = all
                .iter()
                .copied()
                .filter(|v| !v.is_empty() && !is_placeholder(v))
                .collect();
            let mut profile = Profile {
                placeholders: all.iter().any(|v| is_placeholder(v)),
                ..Profile::default()
            };
            if values.len() >= 3 {
                let sum: f64 = values.iter().map(|v| (v.chars().count() as f64).ln()).sum();
                profile.mean_log_len = Some(sum / values.len() as f64);
            }
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for v in &values {
                *counts.entry(v).or_insert(0) += 1;
            }
            if let Some((value, n)) = counts
                .iter()
                .max_by_key(|(v, n)| (**n, std::cmp::Reverse(**v)))
            {
                let whole_token_rows = token_rows.get(value).copied().unwrap_or(0);
                if *n >= 3 && *n * 2 >= rows.len() && whole_token_rows * 2 >= rows.len() {
                    profile.anchor = Some((*value).to_owned());
                }
            }
            let mut suffixes: BTreeMap<String, usize> = BTreeMap::new();
            for v in &values {
                let chars: Vec<char> = v.chars().collect();
                if chars.len() > 2 {
                    let suffix: String = chars.iter().skip(chars.len() - 2).collect();
                    *suffixes.entry(suffix).or_insert(0) += 1;
                }
            }
            let mut item_rows: BTreeMap<&str, usize> = BTreeMap::new();
            for v in &values {
                let mut seen: Vec<&str> = v.split_whitespace().flat_map(items).collect();
                seen.sort_unstable();
                seen.dedup();
                for item in seen {
                    *item_rows.entry(item).or_insert(0) += 1;
                }
            }
            profile.items = item_rows
                .into_iter()
                .filter(|(_, n)| *n >= 2)
                .map(|(i, _)| i.to_owned())
                .collect();
            if let Some((suffix, n)) = suffixes
                .into_iter()
                .max_by_key(|(s, n)| (*n, std::cmp::Reverse(s.clone())))
            {
                if values.len() >= 3 && n * 10 >= values.len() * 6 {
                    profile.suffix = Some(suffix);
                }
            }
            profile
        })
        .collect()
}

/// Script class of a character for gap scoring.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// How good a cell boundary the gap between tokens `left` and `right` is, given the bracket depth
/// of the line at the gap.
fn gap_score(left: &str, right: &str, depth: i32) -> f64 {
    if depth > 0 {
        return NEVER;
    }
    if is_placeholder(left) || is_placeholder(right) {
        return 5.0;
    }
    let (Some(l), Some(r)) = (left.chars().next_back(), right.chars().next()) else {
        return 0.0;
    };
    let list_punct = |c: char| {
        matches!(
            c,
            '、' | '，' | ',' | '；' | ';' | '：' | ':' | '/' | '&' | '+'
        )
    };
    if list_punct(l) || list_punct(r) {
        return -5.0;
    }
    let mut score = 0.0;
    if left.chars().count() == 1 || right.chars().count() == 1 {
        score -= 4.0;
    }
    // A short ASCII word between Chinese words mostly belongs to the word after it (`ijk 播放器`).
    let short_ascii = |t: &str| t.is_ascii() && t.len() <= 6;
    if short_ascii(left) {
        score -= 2.0;
    } else if short_ascii(right) {
        score -= 0.5;
    }
    score += match (
        l.is_ascii_alphanumeric(),
        r.is_ascii_alphanumeric(),
        is_cjk(l) || is_closing(l),
        is_cjk(r),
    ) {
        (true, true, _, _) => -3.0,
        (_, _, true, true) => 2.0,
        _ => 0.5,
    };
    score
}

fn is_closing(c: char) -> bool {
    matches!(c, ')' | '）' | '】' | '》' | '」' | '”')
}

/// Bracket depth at each token gap of `row` (gap `g` lies before token `g`), counting only brackets
/// closed later in the row: an opener never closed does not hold the rest of the row together.
fn gap_depths(row: &str, toks: &[Range<usize>]) -> Vec<i32> {
    let mut open: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, c) in row.char_indices() {
        match c {
            '(' | '（' | '【' | '[' | '《' | '「' => open.push(i),
            ')' | '）' | '】' | ']' | '》' | '」' => {
                if let Some(start) = open.pop() {
                    pairs.push((start, i));
                }
            }
            _ => {}
        }
    }
    // A pair covers gap positions p with start < p <= end: +1 from start+1, -1 from end+1.
    let mut events: Vec<(usize, i32)> = pairs
        .iter()
        .flat_map(|&(s, e)| [(s + 1, 1), (e + 1, -1)])
        .collect();
    events.sort_unstable();
    let mut depth = 0;
    let mut next = 0;
    toks.iter()
        .map(|t| {
            while let Some(&(at, delta)) = events.get(next) {
                if at > t.start {
                    break;
                }
                depth += delta;
                next += 1;
            }
            depth
        })
        .collect()
}

/// Token-level facts of one row, from which the fit of any run of tokens to any column follows in
/// constant time (prefix sums), so the dynamic programme stays cheap on long rows.
struct RowFacts<'a> {
    words: Vec<&'a str>,
    /// prefix_chars[k]: characters of tokens 0..k plus one per gap between them.
    prefix_chars: Vec<usize>,
    /// prefix_items[k]: enumerated items in tokens 0..k.
    prefix_items: Vec<usize>,
    /// prefix_known[c][k]: items of tokens 0..k found in column c's vocabulary.
    prefix_known: Vec<Vec<usize>>,
    /// prefix_anchors[k]: tokens among 0..k that are some column's anchor.
    prefix_anchors: Vec<usize>,
    /// prefix_anchors_of[c][k]: tokens among 0..k that are column c's anchor.
    prefix_anchors_of: Vec<Vec<usize>>,
}

impl<'a> RowFacts<'a> {
    fn new(words: Vec<&'a str>, profiles: &[Profile]) -> Self {
        let mut prefix_chars = vec![0];
        let mut prefix_items = vec![0];
        let mut prefix_known = vec![vec![0]; profiles.len()];
        let mut prefix_anchors = vec![0];
        let mut prefix_anchors_of = vec![vec![0]; profiles.len()];
        for w in &words {
            prefix_chars.push(prefix_chars.last().copied().unwrap_or(0) + w.chars().count() + 1);
            let token_items: Vec<&str> = items(w).collect();
            prefix_items.push(prefix_items.last().copied().unwrap_or(0) + token_items.len());
            for (known, profile) in prefix_known.iter_mut().zip(profiles) {
                let hits = token_items
                    .iter()
                    .filter(|i| profile.items.contains(**i))
                    .count();
                known.push(known.last().copied().unwrap_or(0) + hits);
            }
            let anchor_of = profiles
                .iter()
                .position(|p| p.anchor.as_deref() == Some(*w));
            prefix_anchors.push(
                prefix_anchors.last().copied().unwrap_or(0) + usize::from(anchor_of.is_some()),
            );
            for (c, counts) in prefix_anchors_of.iter_mut().enumerate() {
                counts
                    .push(counts.last().copied().unwrap_or(0) + usize::from(anchor_of == Some(c)));
            }
        }
        RowFacts {
            words,
            prefix_chars,
            prefix_items,
            prefix_known,
            prefix_anchors,
            prefix_anchors_of,
        }
    }

    fn between(prefix: &[usize], from: usize, to: usize) -> usize {
        prefix
            .get(to)
            .copied()
            .unwrap_or(0)
            .saturating_sub(prefix.get(from).copied().unwrap_or(0))
    }

    /// Fit of the cell made of tokens `from..to` to `column`.
    fn fit(&self, from: usize, to: usize, column: usize, profiles: &[Profile]) -> f64 {
        if to <= from {
            // The first column names the row: it is almost never empty.
            return if column == 0 {
                3.0 * EMPTY_CELL
            } else {
                EMPTY_CELL
            };
        }
        let Some(profile) = profiles.get(column) else {
            return 0.0;
        };
        let single = (to == from + 1)
            .then(|| self.words.get(from).copied())
            .flatten();
        if single.is_some_and(is_placeholder) {
            return if profile.placeholders { 1.0 } else { 0.0 };
        }
        let mut fit = 0.0;
        if let Some(anchor) = &profile.anchor {
            fit += if single == Some(anchor.as_str()) {
                ANCHOR
            } else {
                -ANCHOR * 0.7
            };
        }
        // Another column's anchor inside the cell.
        let anchors = Self::between(&self.prefix_anchors, from, to);
        let own_anchors = self
            .prefix_anchors_of
            .get(column)
            .map_or(0, |a| Self::between(a, from, to));
        if anchors > own_anchors {
            fit -= ANCHOR;
        }
        if let Some(mean) = profile.mean_log_len {
            let chars = Self::between(&self.prefix_chars, from, to)
                .saturating_sub(1)
                .max(1);
            fit -= LENGTH_WEIGHT * ((chars as f64).ln() - mean).abs();
        }
        let last = to
            .checked_sub(1)
            .and_then(|t| self.words.get(t))
            .copied()
            .unwrap_or("");
        if profile.suffix.as_deref().is_some_and(|s| last.ends_with(s)) {
            fit += 1.0;
        }
        let total = Self::between(&self.prefix_items, from, to);
        if total > 0 {
            let known = self
                .prefix_known
                .get(column)
                .map_or(0, |k| Self::between(k, from, to));
            fit += VOCABULARY * known as f64 / total as f64;
        }
        fit
    }
}

/// Splits one row into `columns` cell ranges (empty ranges for empty cells) by dynamic programming.
fn split_row(row: &str, columns: usize, profiles: &[Profile]) -> Vec<Range<usize>> {
    let toks = tokens(row);
    let n = toks.len();
    let words: Vec<&str> = toks
        .iter()
        .map(|r| row.get(r.clone()).unwrap_or(""))
        .collect();
    // prefix[g + 1] - prefix[k + 1]: what merging gaps k+1..=g gains (gap g lies before token g).
    let mut prefix = vec![0.0; n + 1];
    let depths = gap_depths(row, &toks);
    for g in 1..n {
        let depth = depths.get(g).copied().unwrap_or(0);
        let gain = -gap_score(
            words.get(g - 1).copied().unwrap_or(""),
            words.get(g).copied().unwrap_or(""),
            depth,
        );
        prefix[g + 1] = prefix[g] + gain;
    }
    let merges = |from: usize, to: usize| {
        if to > from + 1 {
            prefix[to] - prefix[from + 1]
        } else {
            0.0
        }
    };
    let facts = RowFacts::new(words, profiles);
    let allow_empty = !profiles.is_empty() || n < columns;
    let mut best = vec![vec![f64::NEG_INFINITY; n + 1]; columns + 1];
    let mut back = vec![vec![0usize; n + 1]; columns + 1];
    best[0][0] = 0.0;
    for c in 1..=columns {
        for to in 0..=n {
            for from in 0..=to {
                let prev = best[c - 1][from];
                if prev == f64::NEG_INFINITY || (from == to && !allow_empty) {
                    continue;
                }
                let score = prev + merges(from, to) + facts.fit(from, to, c - 1, profiles);
                if score > best[c][to] {
                    best[c][to] = score;
                    back[c][to] = from;
                }
            }
        }
    }
    let mut cuts = vec![n; columns + 1];
    let mut to = n;
    for c in (1..=columns).rev() {
        cuts[c] = to;
        to = back[c][to];
    }
    cuts[0] = 0;
    (0..columns)
        .map(|c| {
            let (from, to) = (cuts[c], cuts[c + 1]);
            match (toks.get(from), to.checked_sub(1).and_then(|t| toks.get(t))) {
                (Some(a), Some(b)) if to > from => a.start..b.end,
                _ => {
                    let at = to
                        .checked_sub(1)
                        .and_then(|t| toks.get(t))
                        .map_or(0, |t| t.end);
                    at..at
                }
            }
        })
        .collect()
}

/// Marks the header row of every Markdown/HTML table (the `<th>`/head row, else the first row);
/// rows of one-column tables become plain paragraphs.
pub fn mark_headers(blocks: &mut [Block]) {
    let mut tables: BTreeMap<usize, (usize, bool, usize)> = BTreeMap::new();
    for (i, b) in blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind == BlockKind::TableRow)
    {
        let entry = tables.entry(b.table).or_insert((i, false, 0));
        entry.1 |= b.header;
        entry.2 = entry.2.max(b.cells.len());
    }
    for b in blocks.iter_mut().filter(|b| b.kind == BlockKind::TableRow) {
        if let Some(&(_, _, width)) = tables.get(&b.table) {
            if width <= 1 {
                b.kind = BlockKind::Paragraph;
                b.header = false;
            }
        }
    }
    for (first, has_header, width) in tables.into_values() {
        if !has_header && width > 1 {
            if let Some(b) = blocks.get_mut(first) {
                b.header = true;
            }
        }
    }
}

/// Column names of every table: the header row's cells, deduplicated with `#2`, `#3` ….
pub fn columns(blocks: &[Block]) -> HashMap<usize, Vec<String>> {
    let mut out = HashMap::new();
    for b in blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow && b.header)
    {
        if out.contains_key(&b.table) {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for (i, r) in b.cells.iter().enumerate() {
            let base = b.text.get(r.clone()).unwrap_or("").trim().to_owned();
            let base = if base.is_empty() {
                format!("列{}", i + 1)
            } else {
                base
            };
            let mut name = base.clone();
            let mut n = 2;
            while names.contains(&name) {
                name = format!("{base}#{n}");
                n += 1;
            }
            names.push(name);
        }
        out.insert(b.table, names);
    }
    out
}

/// Fills the named cells of a table-row clause from its block.
pub fn fill_cells(clause: &mut Clause, block: &Block, columns: &HashMap<usize, Vec<String>>) {
    let names = columns.get(&block.table);
    clause.cells = block
        .cells
        .iter()
        .enumerate()
        .map(|(i, r)| Cell {
            column: names
                .and_then(|n| n.get(i))
                .cloned()
                .unwrap_or_else(|| format!("列{}", i + 1)),
            text: block.text.get(r.clone()).unwrap_or("").trim().to_owned(),
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells_of(row: &str, cells: &[Range<usize>]) -> Vec<String> {
        cells.iter().map(|r| row[r.clone()].to_owned()).collect()
    }

    #[test]
    fn header_lines() {
        assert!(is_header_line("SDK名称 所属公司 使用目的 共享方式"));
        assert!(is_header_line("第三方名称 共享信息 使用场景"));
        assert!(!is_header_line("我们 会 收集"));
        assert!(!is_header_line("名称 公司"));
        assert!(!is_header_line("名称：极光 公司 目的"));
        // A numbered line is a heading, however many column words it holds.
        assert!(!is_header_line("3.3 使用的第三方 SDK"));
    }

    #[test]
    fn gaps_inside_brackets_and_beside_enumerations_are_not_split() {
        let rows = vec![
            "甲 SDK 北京甲有限公司 统计 设备信息（IMEI、 MAC地址） 本地收集".to_owned(),
            "乙推送 上海乙有限公司 推送 网络状态、 位置信息 本地收集".to_owned(),
            "丙 Open SDK 深圳丙有限公司 登录 设备型号 本地收集".to_owned(),
        ];
        let got: Vec<Vec<String>> = split_rows(&rows, 5)
            .iter()
            .zip(&rows)
            .map(|(c, r)| cells_of(r, c))
            .collect();
        assert_eq!(
            got[0],
            [
                "甲 SDK",
                "北京甲有限公司",
                "统计",
                "设备信息（IMEI、 MAC地址）",
                "本地收集"
            ]
        );
        assert_eq!(
            got[1],
            [
                "乙推送",
                "上海乙有限公司",
                "推送",
                "网络状态、 位置信息",
                "本地收集"
            ]
        );
        assert_eq!(
            got[2],
            [
                "丙 Open SDK",
                "深圳丙有限公司",
                "登录",
                "设备型号",
                "本地收集"
            ]
        );
    }

    #[test]
    fn short_rows_leave_the_anchored_column_empty() {
        let rows = vec![
            "甲统计 北京甲有限公司 统计分析 本地收集 点击查看".to_owned(),
            "乙推送 上海乙有限公司 消息推送 本地收集 点击查看".to_owned(),
            "丙登录 深圳丙有限公司 第三方登录 本地收集 点击查看".to_owned(),
            "丁播放器 - 播放视频 点击查看".to_owned(),
        ];
        let got = cells_of(&rows[3], &split_rows(&rows, 5)[3]);
        assert_eq!(got, ["丁播放器", "-", "播放视频", "", "点击查看"]);
    }

    #[test]
    fn detects_a_pipe_table_written_as_text() {
        let src = "本应用使用了如下 SDK\n\n| 名称 | 提供方 | 用途 |\n|---|:---:|---|\n| 甲统计 | 甲公司 | 统计 |\n| Beta Crash \\| Kit | Beta LLC | 崩溃分析 |\n后记。";
        let (mut blocks, _) = super::super::text::blocks(src);
        detect_text_tables(&mut blocks);
        let kinds: Vec<(BlockKind, bool)> = blocks.iter().map(|b| (b.kind, b.header)).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Paragraph, false),
                (BlockKind::TableRow, true),
                (BlockKind::TableRow, false),
                (BlockKind::TableRow, false),
                (BlockKind::Paragraph, false)
            ]
        );
        assert_eq!(
            cells_of(&blocks[1].text, &blocks[1].cells),
            ["名称", "提供方", "用途"]
        );
        assert_eq!(
            cells_of(&blocks[3].text, &blocks[3].cells),
            ["Beta Crash \\| Kit", "Beta LLC", "崩溃分析"]
        );
        assert!(pipe_cells("a | b").is_none() && !is_pipe_delimiter("| a | - |"));
    }

    #[test]
    fn detects_a_flattened_table() {
        let src = "前言。\n名称 公司 目的\n极光 和讯华谷公司 推送消息\n友盟 锐讯灵通公司 统计分析\n后记。";
        let (mut blocks, _) = super::super::text::blocks(src);
        detect_text_tables(&mut blocks);
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Paragraph,
                BlockKind::TableRow,
                BlockKind::TableRow,
                BlockKind::TableRow,
                BlockKind::Paragraph
            ]
        );
        assert!(blocks[1].header);
        assert_eq!(
            cells_of(&blocks[2].text, &blocks[2].cells),
            ["极光", "和讯华谷公司", "推送消息"]
        );
    }
}
