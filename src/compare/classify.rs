//! Classification stage: gives each change a severity and the 重大变更 reason codes, with rationale and evidence.
//!
//! Semantic changes (from the extracted practices) decide what is major, after GB/T 35273-2020
//! Appendix D and the PIPL; the text decides between `minor` and `editorial` when no fact changed.

use super::rules::{self, Rule};
use crate::compare::align::is_punctuation_token;
use crate::model::diff::{
    Change, ChangeKind, ClauseRef, DiffReport, MajorReason, ReasonCode, ReasonEvidence,
    SemanticChange, SemanticKind, Severity, TokenEdit, TokenOp,
};
use crate::model::ClauseKind;
use crate::normalize::normalize;
use std::collections::{BTreeMap, HashSet};

/// Function words whose addition or removal alone changes no meaning worth reporting.
const NOISE_WORDS: &[&str] = &[
    "的", "地", "得", "了", "之", "其", "该", "此", "本", "将", "会", "并", "也", "均", "都", "则",
    "即", "我们", "您", "你", "贵", "等", "及", "和", "与", "以及", "或", "或者", "相关", "有关",
    "进行", "对",
];

/// Characters that turn an edit into a change of meaning however short it is.
fn is_meaning_char(c: char) -> bool {
    c.is_ascii_digit()
        || "不未无非否勿禁没免须必应可零一二三四五六七八九十百千万年月日天周".contains(c)
}

/// Longest edit (in characters inserted plus deleted) still taken as a typo.
const TYPO_CHARS: usize = 2;

/// Severity, codes, rationale and citation of one semantic change, from the rules table.
pub fn classify_semantic(change: &mut SemanticChange) {
    let Some(rule) = Rule::of(change) else {
        return;
    };
    change.severity = rule.severity;
    change.codes = rule.code.into_iter().collect();
    change.rationale = rule.rationale(change);
    change.citation = rule.citation();
}

/// Classifies a change: its semantic changes first, then its text; sets severity, codes and summary.
/// `headings` holds the comparison keys of both versions' section titles.
///
/// A semantic change whose evidence clauses did not change in wording (kind `semantic`), or
/// changed only in function characters (的→地), is at most `minor` and says it may be an
/// extraction difference: what was read from (nearly) the same words is not a change of the policy.
pub fn classify_change(change: &mut Change, headings: &HashSet<String>) {
    let unchanged_evidence =
        change.kind == ChangeKind::Semantic && (change.old.is_some() || change.new.is_some());
    let function_words_only = edits_function_chars_only(change);
    let note = if unchanged_evidence {
        Some("（相关条款文字未变，可能是抽取差异）")
    } else if function_words_only {
        Some("（条款仅虚词改动，可能是抽取差异）")
    } else {
        None
    };
    for sc in &mut change.semantic {
        classify_semantic(sc);
        // Findings from unchanged wording, or from a slip-of-the-pen edit, are what extraction
        // reads differently: at most minor, and said so.
        if let Some(note) = note.filter(|_| sc.kind != SemanticKind::DateChanged) {
            sc.severity = sc.severity.min(Severity::Minor);
            sc.codes.clear();
            sc.rationale.push_str(note);
        }
    }
    let text = text_severity(change, headings);
    let semantic = change.semantic.iter().map(|s| s.severity).max();
    change.severity = semantic.map_or(text, |s| s.max(text));
    let mut codes: Vec<ReasonCode> = change
        .semantic
        .iter()
        .filter(|s| s.severity == Severity::Major)
        .flat_map(|s| s.codes.iter().copied())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    change.codes = codes;
    change.summary = summary(change);
}

fn is_toc(r: &Option<ClauseRef>) -> bool {
    r.as_ref().is_some_and(|c| c.kind == ClauseKind::Toc)
}

/// The severity the text alone gives a change.
fn text_severity(change: &Change, headings: &HashSet<String>) -> Severity {
    if is_toc(&change.old) || is_toc(&change.new) {
        return Severity::Editorial;
    }
    match change.kind {
        ChangeKind::Unchanged
        | ChangeKind::Editorial
        | ChangeKind::Moved
        | ChangeKind::Semantic => Severity::Editorial,
        ChangeKind::Added | ChangeKind::Removed => {
            let side = change.new.as_ref().or(change.old.as_ref());
            if is_noise_run(side.map_or("", |c| c.text.as_str()), headings) {
                Severity::Editorial
            } else {
                Severity::Minor
            }
        }
        ChangeKind::Modified | ChangeKind::Split | ChangeKind::Merged => {
            if is_noise_edit(&change.tokens, headings) || only_dates_metadata(change) {
                Severity::Editorial
            } else {
                Severity::Minor
            }
        }
    }
}

/// Structural particles a slip of the pen swaps (的/地/得 …): an edit among them alone changes no
/// statement, whatever extraction reads from the two wordings.
const FUNCTION_CHARS: &str = "的地得之其了着过";

/// True when a change edits a clause's text and the characters it changes (compared character by
/// character) are function characters only (see [`FUNCTION_CHARS`]).
fn edits_function_chars_only(change: &Change) -> bool {
    let (Some(old), Some(new)) = (&change.old, &change.new) else {
        return false;
    };
    if !matches!(change.kind, ChangeKind::Modified | ChangeKind::Editorial) || old.text == new.text
    {
        return false;
    }
    let old_chars: Vec<char> = old.text.chars().collect();
    let new_chars: Vec<char> = new.text.chars().collect();
    let (deleted, inserted) = char_edits(&old_chars, &new_chars);
    deleted
        .iter()
        .chain(&inserted)
        .all(|&c| FUNCTION_CHARS.contains(c) || c.is_whitespace())
}

/// True for a metadata line (生效日期：…) whose edits are only digits and date characters: its date
/// is reported once, as a date finding (see `compare::fold_date_changes`).
fn only_dates_metadata(change: &Change) -> bool {
    let metadata =
        |r: &Option<ClauseRef>| r.as_ref().is_some_and(|c| c.kind == ClauseKind::Metadata);
    metadata(&change.old)
        && metadata(&change.new)
        && change
            .tokens
            .iter()
            .filter(|t| t.op != TokenOp::Equal)
            .all(|t| {
                t.text.chars().all(|c| {
                    c.is_ascii_digit()
                        || c.is_whitespace()
                        || "年月日号-/.．〇零一二三四五六七八九十".contains(c)
                })
            })
}

/// The form of a comparison key under which headings are looked up: trailing punctuation dropped
/// (a heading 「…信息」 reads 「…信息：」 when it becomes body text).
pub fn heading_key(key: &str) -> &str {
    key.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
}

/// True when a changed run of text carries no content: punctuation, numbering, markup, function
/// words, or the title of a heading (text that moved between a heading and the body).
fn is_noise_run(text: &str, headings: &HashSet<String>) -> bool {
    let key = crate::compare::align::comparison_key(text);
    if !key.chars().any(char::is_alphanumeric)
        || crate::compare::align::is_numbering(&key)
        || headings.contains(heading_key(&key))
    {
        return true;
    }
    // Only a short text can consist of function words alone: spare longer ones the segmenter.
    key.chars().count() <= SHORT_TEXT_CHARS
        && crate::segment::Segmenter::shared()
            .cut(&key)
            .into_iter()
            .all(|w| is_punctuation_token(w) || NOISE_WORDS.contains(&w))
}

/// Longest text checked word by word for being function words only.
const SHORT_TEXT_CHARS: usize = 12;

/// True when a redline changes only noise (see `is_noise_run`), or is a typo-sized edit (at
/// most `TYPO_CHARS` characters, none of them a digit, a negation or a modal) in a longer text.
pub fn is_noise_edit(tokens: &[TokenEdit], headings: &HashSet<String>) -> bool {
    let content_runs = tokens
        .iter()
        .filter(|t| t.op != TokenOp::Equal && !is_noise_run(&t.text, headings))
        .count();
    if content_runs == 0 {
        return true;
    }
    let total: usize = tokens.iter().map(|t| t.text.chars().count()).sum();
    let (deleted, inserted) = typo_size(tokens);
    let changed_chars: Vec<char> = deleted.iter().chain(inserted.iter()).copied().collect();
    total >= 10
        && changed_chars.len() <= TYPO_CHARS
        && !changed_chars.iter().any(|&c| is_meaning_char(c))
}

/// Characters deleted and inserted between the changed runs of a redline, compared character by character
/// (only to measure the size of an edit; the redline itself stays word-level).
fn typo_size(tokens: &[TokenEdit]) -> (Vec<char>, Vec<char>) {
    let old: String = tokens
        .iter()
        .filter(|t| t.op == TokenOp::Delete)
        .map(|t| normalize(&t.text))
        .collect();
    let new: String = tokens
        .iter()
        .filter(|t| t.op == TokenOp::Insert)
        .map(|t| normalize(&t.text))
        .collect();
    let old_chars: Vec<char> = old.chars().collect();
    let new_chars: Vec<char> = new.chars().collect();
    if old_chars.len() + new_chars.len() > 64 {
        return (old_chars, new_chars);
    }
    char_edits(&old_chars, &new_chars)
}

/// The characters deleted from `old` and inserted into `new`, compared character by character
/// (Myers, with a 10 ms deadline after which the rest counts as changed).
fn char_edits(old: &[char], new: &[char]) -> (Vec<char>, Vec<char>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(10);
    let ops =
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, old, new, Some(deadline));
    let mut deleted = Vec::new();
    let mut inserted = Vec::new();
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag != similar::DiffTag::Equal {
            deleted.extend(old.get(old_range).unwrap_or(&[]).iter().copied());
            inserted.extend(new.get(new_range).unwrap_or(&[]).iter().copied());
        }
    }
    (deleted, inserted)
}

/// Shortens a text for a one-line summary.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let mut out: String = flat.chars().take(max_chars).collect();
    out.push('…');
    out
}

/// One line saying what changed.
fn summary(change: &Change) -> String {
    let top = change.semantic.iter().map(|s| s.severity).max();
    if let Some(top) = top {
        let lines: Vec<&str> = change
            .semantic
            .iter()
            .filter(|s| s.severity == top)
            .map(|s| s.rationale.as_str())
            .collect();
        if top >= change.severity || change.kind == ChangeKind::Semantic {
            return lines.join("；");
        }
    }
    let text_of =
        |r: &Option<ClauseRef>| r.as_ref().map_or(String::new(), |c| excerpt(&c.text, 40));
    match change.kind {
        ChangeKind::Added => format!("新增条款：{}", text_of(&change.new)),
        ChangeKind::Removed => format!("删除条款：{}", text_of(&change.old)),
        ChangeKind::Moved => "条款位置移动，文字未变".to_owned(),
        ChangeKind::Editorial => "仅标点、全半角、空白或编号变化".to_owned(),
        ChangeKind::Split => "条款拆分".to_owned(),
        ChangeKind::Merged => "条款合并".to_owned(),
        ChangeKind::Unchanged | ChangeKind::Semantic => String::new(),
        ChangeKind::Modified if change.severity == Severity::Editorial => {
            "措辞微调（标点、虚词或错别字）".to_owned()
        }
        ChangeKind::Modified => {
            let edits: Vec<String> = change
                .tokens
                .iter()
                .filter(|t| t.op != TokenOp::Equal && !is_punctuation_token(t.text.trim()))
                .take(3)
                .map(|t| {
                    let sign = if t.op == TokenOp::Insert {
                        "新增"
                    } else {
                        "删除"
                    };
                    format!("{sign}「{}」", excerpt(&t.text, 16))
                })
                .collect();
            format!("修改条款：{}", edits.join("，"))
        }
    }
}

/// Fills the report's `major`, `major_reasons` and `stats` from its classified changes.
pub fn summarise(
    report: &mut DiffReport,
    unchanged: usize,
    old_clauses: usize,
    new_clauses: usize,
) {
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_severity: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    if unchanged > 0 {
        by_kind.insert(ChangeKind::Unchanged.as_str().to_owned(), unchanged);
    }
    for change in &report.changes {
        *by_kind.entry(change.kind.as_str().to_owned()).or_insert(0) += 1;
        *by_severity
            .entry(change.severity.as_str().to_owned())
            .or_insert(0) += 1;
        for code in &change.codes {
            *by_code.entry(code.as_str().to_owned()).or_insert(0) += 1;
        }
    }
    report.stats.by_kind = by_kind;
    report.stats.by_severity = by_severity;
    report.stats.by_code = by_code;
    report.stats.old_clauses = old_clauses;
    report.stats.new_clauses = new_clauses;
    report.major_reasons = ReasonCode::ALL
        .iter()
        .filter_map(|&code| major_reason(report, code))
        .collect();
    report.major = !report.major_reasons.is_empty();
}

fn major_reason(report: &DiffReport, code: ReasonCode) -> Option<MajorReason> {
    let changes: Vec<usize> = report
        .changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.codes.contains(&code))
        .map(|(i, _)| i)
        .collect();
    if changes.is_empty() {
        return None;
    }
    let mut rationales: Vec<&str> = Vec::new();
    let mut articles: Vec<&str> = Vec::new();
    let mut evidence = Vec::new();
    for (index, sc) in changes
        .iter()
        .filter_map(|&i| report.changes.get(i).map(|c| (i, c)))
        .flat_map(|(i, c)| c.semantic.iter().map(move |s| (i, s)))
        .filter(|(_, s)| s.codes.contains(&code))
    {
        if !rationales.contains(&sc.rationale.as_str()) {
            rationales.push(&sc.rationale);
        }
        articles.extend(Rule::of(sc).map_or(&[][..], |r| r.articles));
        if let Some(quotes) = &sc.evidence {
            evidence.push(ReasonEvidence {
                change: index,
                rationale: sc.rationale.clone(),
                old: quotes.old.clone(),
                new: quotes.new.clone(),
            });
        }
    }
    const SHOWN: usize = 3;
    let mut rationale = rationales
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join("；");
    if rationales.len() > SHOWN {
        rationale.push_str(&format!("；等共 {} 项", rationales.len()));
    }
    Some(MajorReason {
        code,
        rationale,
        citation: rules::citation(articles),
        changes,
        evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(op: TokenOp, text: &str) -> TokenEdit {
        TokenEdit {
            op,
            text: text.into(),
            old_span: None,
            new_span: None,
        }
    }

    #[test]
    fn noise_edits_are_recognised() {
        let eq = edit(TokenOp::Equal, "我们会收集您的手机号码用于注册账号");
        let table: [(Vec<TokenEdit>, bool); 7] = [
            (
                vec![
                    eq.clone(),
                    edit(TokenOp::Delete, "，"),
                    edit(TokenOp::Insert, "、"),
                ],
                true,
            ),
            (vec![eq.clone(), edit(TokenOp::Insert, "的")], true),
            (
                vec![
                    eq.clone(),
                    edit(TokenOp::Delete, "帐号"),
                    edit(TokenOp::Insert, "账号"),
                ],
                true,
            ),
            (vec![eq.clone(), edit(TokenOp::Insert, "和电子邮箱")], false),
            (vec![eq.clone(), edit(TokenOp::Insert, "不")], false),
            (
                vec![
                    eq.clone(),
                    edit(TokenOp::Delete, "15"),
                    edit(TokenOp::Insert, "30"),
                ],
                false,
            ),
            (vec![eq.clone(), edit(TokenOp::Insert, "（三）")], true),
        ];
        for (tokens, want) in table {
            assert_eq!(is_noise_edit(&tokens, &HashSet::new()), want, "{tokens:?}");
        }
    }

    #[test]
    fn sdk_addition_is_major_third_party_with_rationale() {
        let mut sc = SemanticChange::new(
            SemanticKind::ThirdPartyAdded,
            "极光推送SDK（深圳市和讯华谷信息技术有限公司）",
        );
        classify_semantic(&mut sc);
        assert_eq!(sc.severity, Severity::Major);
        assert_eq!(sc.codes, [ReasonCode::ThirdParty]);
        assert!(
            sc.rationale.starts_with("新增第三方SDK：极光推送"),
            "{}",
            sc.rationale
        );
        assert!(sc.citation.ends_with("第二十三条"));
    }
}
