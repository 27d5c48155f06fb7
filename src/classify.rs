//! Classification stage: gives each change a severity and the 重大变更 reason codes, with rationale and evidence.
//!
//! Semantic changes (from the extracted practices) decide what is major, after GB/T 35273-2020
//! Appendix D and the PIPL; the text decides between `minor` and `editorial` when no fact changed.

use crate::align::is_punctuation_token;
use crate::model::diff::{
    Change, ChangeKind, ClauseRef, DiffReport, MajorReason, ReasonCode, SemanticChange,
    SemanticKind, Severity, TokenEdit, TokenOp,
};
use crate::model::ClauseKind;
use crate::normalize::normalize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};

/// `new_value` of a `data_item_added` change whose item is sensitive personal information.
pub const SENSITIVE: &str = "敏感";

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

const GB: &str = "GB/T 35273-2020 附录D";

/// Severity, codes and a Chinese rationale for one semantic change.
pub fn classify_semantic(change: &mut SemanticChange) {
    use SemanticKind as K;
    let subject = change.subject.as_str();
    let old = change.old_value.as_deref().unwrap_or("");
    let new = change.new_value.as_deref().unwrap_or("");
    let major = |code: ReasonCode, text: String, law: &str| {
        (
            Severity::Major,
            vec![code],
            format!("{text}（{GB}；个人信息保护法{law}）"),
        )
    };
    let minor = |text: String| (Severity::Minor, Vec::new(), text);
    let (severity, codes, rationale) = match change.kind {
        K::DataItemAdded if new == SENSITIVE => major(
            ReasonCode::DataCategory,
            format!("新增收集个人敏感信息：{subject}"),
            "第二十八条、第二十九条",
        ),
        K::DataItemAdded => major(
            ReasonCode::DataCategory,
            format!("新增收集个人信息：{subject}"),
            "第十四条、第十七条",
        ),
        K::DataItemSensitive => major(
            ReasonCode::DataCategory,
            format!("个人信息改列为敏感个人信息：{subject}"),
            "第二十八条、第二十九条",
        ),
        K::DataItemRemoved => minor(format!("不再收集：{subject}")),
        K::DataItemDescribed => minor(format!(
            "新增信息表述：{subject}（词典外表述，同类个人信息此前已收集或未能归类，请核对）"
        )),
        K::DataItemSummarised => minor(format!(
            "新增概括性表述：{subject}（同类个人信息此前已列明）"
        )),
        K::ThirdPartyAdded => {
            let what = if subject.to_ascii_lowercase().contains("sdk")
                || new.eq_ignore_ascii_case("sdk")
            {
                "新增第三方SDK"
            } else {
                "新增第三方"
            };
            major(
                ReasonCode::ThirdParty,
                format!("{what}：{subject}"),
                "第二十三条",
            )
        }
        K::ThirdPartyExpanded => major(
            ReasonCode::ThirdParty,
            format!("第三方获取的个人信息或目的增加：{subject}"),
            "第二十三条",
        ),
        K::ThirdPartyRemoved => minor(format!("不再向第三方提供：{subject}")),
        K::ThirdPartyNarrowed => minor(format!("第三方获取的个人信息或目的减少：{subject}")),
        K::PurposeAdded => major(
            ReasonCode::Purpose,
            format!("新增处理目的：{subject}"),
            "第十四条、第十七条",
        ),
        K::PurposeRemoved => minor(format!("删除处理目的：{subject}")),
        K::CommitmentWithdrawn => major(
            ReasonCode::Purpose,
            format!("撤回承诺：不再承诺「{subject}」"),
            "第十四条、第十七条",
        ),
        K::RetentionLengthened => major(
            ReasonCode::Processing,
            format!("保存期限延长：{old} → {new}"),
            "第十七条、第十九条",
        ),
        K::RetentionShortened => minor(format!("保存期限缩短：{old} → {new}")),
        K::RetentionChanged => minor(format!("保存期限表述变化：{old} → {new}")),
        K::StorageChanged => major(
            ReasonCode::Processing,
            format!("新增境外存储地点：{subject}"),
            "第三十八条、第三十九条",
        ),
        K::CrossBorderAdded => major(
            ReasonCode::Processing,
            format!("新增个人信息出境：{subject}"),
            "第三十八条、第三十九条",
        ),
        K::CrossBorderRemoved => minor(format!("不再出境：{subject}")),
        K::ProcessingAdded => major(
            ReasonCode::Processing,
            format!("新增处理方式：{subject}"),
            "第十四条、第二十四条",
        ),
        K::ProcessingRemoved => minor(format!("不再采用的处理方式：{subject}")),
        K::RightAdded => minor(format!("新增用户权利：{subject}")),
        K::RightRemoved => major(
            ReasonCode::Rights,
            format!("删除用户权利：{subject}"),
            "第十七条、第四十四条至第五十条",
        ),
        K::RightChanged if compare_periods(old, new) == Some(Ordering::Greater) => {
            minor(format!("权利响应时限缩短：{subject}：{old} → {new}"))
        }
        K::RightChanged if only_adds_channels(old, new) => {
            minor(format!("权利行使渠道增加：{subject}：{old} → {new}"))
        }
        K::RightChanged => major(
            ReasonCode::Rights,
            format!("用户权利的行使方式或时限变化：{subject}：{old} → {new}"),
            "第十七条、第五十条",
        ),
        K::ContactAdded => major(
            ReasonCode::Contact,
            format!("新增联系方式或投诉渠道：{subject}"),
            "第十七条、第五十二条",
        ),
        K::ContactRemoved => major(
            ReasonCode::Contact,
            format!("删除联系方式或投诉渠道：{subject}"),
            "第十七条、第五十二条",
        ),
        K::ContactChanged => major(
            ReasonCode::Contact,
            format!("联系方式或投诉渠道变更：{subject}：{old} → {new}"),
            "第十七条、第五十二条",
        ),
        K::ControllerChanged => major(
            ReasonCode::Controller,
            format!("个人信息处理者变更：{old} → {new}"),
            "第二十二条",
        ),
        K::MinorAgeChanged => minor(format!("未成年人年龄标准变化：{old} → {new}")),
        K::PermissionAdded => major(
            ReasonCode::DataCategory,
            format!("新增申请权限：{subject}"),
            "第十四条、第十七条",
        ),
        K::PermissionRemoved => minor(format!("不再申请权限：{subject}")),
        K::DateChanged => minor(format!("{subject}变更：{old} → {new}")),
    };
    change.severity = severity;
    change.codes = codes;
    change.rationale = rationale;
}

/// Classifies a change: its semantic changes first, then its text; sets severity, codes and summary.
/// `headings` holds the comparison keys of both versions' section titles.
///
/// A semantic change whose evidence clauses did not change in wording (kind `semantic`) is at most
/// `minor`: a difference in what was extracted from the same words is not a change of the policy.
pub fn classify_change(change: &mut Change, headings: &HashSet<String>) {
    let unchanged_evidence =
        change.kind == ChangeKind::Semantic && (change.old.is_some() || change.new.is_some());
    for sc in &mut change.semantic {
        classify_semantic(sc);
        if unchanged_evidence && sc.severity == Severity::Major {
            sc.severity = Severity::Minor;
            sc.codes.clear();
            sc.rationale
                .push_str("（相关条款文字未变，可能是抽取差异）");
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
            if is_noise_edit(&change.tokens, headings) {
                Severity::Editorial
            } else {
                Severity::Minor
            }
        }
    }
}

/// The form of a comparison key under which headings are looked up: trailing punctuation dropped
/// (a heading 「…信息」 reads 「…信息：」 when it becomes body text).
pub fn heading_key(key: &str) -> &str {
    key.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
}

/// True when a changed run of text carries no content: punctuation, numbering, markup, function
/// words, or the title of a heading (text that moved between a heading and the body).
fn is_noise_run(text: &str, headings: &HashSet<String>) -> bool {
    let key = crate::align::comparison_key(text);
    if !key.chars().any(char::is_alphanumeric)
        || crate::align::is_numbering(&key)
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
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_chars, &new_chars);
    let mut deleted = Vec::new();
    let mut inserted = Vec::new();
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag != similar::DiffTag::Equal {
            deleted.extend(old_chars.get(old_range).unwrap_or(&[]).iter().copied());
            inserted.extend(new_chars.get(new_range).unwrap_or(&[]).iter().copied());
        }
    }
    (deleted, inserted)
}

/// True when a right's channel list (「、」-separated) only gained channels: a widening, not a change
/// users must be told about again. Period values (time limits) are never channel lists.
fn only_adds_channels(old: &str, new: &str) -> bool {
    if period_days(old).is_some() || period_days(new).is_some() {
        return false;
    }
    let split = |s: &str| -> Vec<String> {
        s.split('、')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let new_channels = split(new);
    split(old).iter().all(|c| new_channels.contains(c))
}

/// Compares two stated periods (「3年」「六个月」「15个工作日」「永久」): `Less` when the old one is
/// shorter, `Greater` when longer; `None` when either has no recognisable length.
pub fn compare_periods(old: &str, new: &str) -> Option<Ordering> {
    let (old_days, new_days) = (period_days(old)?, period_days(new)?);
    old_days.partial_cmp(&new_days)
}

/// Length of a stated period in days (the first one in `text`); open-ended periods (永久, 长期,
/// 无限期) are infinite.
fn period_days(text: &str) -> Option<f64> {
    let text = normalize(text);
    if ["永久", "长期", "无限期", "无期限"]
        .iter()
        .any(|k| text.contains(k))
    {
        return Some(f64::INFINITY);
    }
    periods_in(&text).first().map(|p| p.days)
}

/// A period stated in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// As written (normalised), e.g. 「6个月」.
    pub text: String,
    /// Length in days (working days count 1.4).
    pub days: f64,
    /// True for periods counted in working days (response times, not retention).
    pub working_days: bool,
}

/// Compiles this module's pattern (see [`crate::diff::prepare`]).
pub(crate) const PREPARE: &[fn()] = &[|| _ = period_regex()];

/// A number (not the tail of a longer one) and a unit of time.
fn period_regex() -> Option<&'static regex::Regex> {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"(^|[^0-9])([0-9]{1,3}|[零〇一二两三四五六七八九十百]{1,4}) ?个? ?(工作日|小时|个月|月|年|周|天|日)",
        )
        .ok()
    })
    .as_ref()
}

/// Every period (「180天」「三年」「15个工作日」) in a normalised text, dates (「2024年1月1日」) excluded.
pub fn periods_in(normalized: &str) -> Vec<Period> {
    let Some(re) = period_regex() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for caps in re.captures_iter(normalized) {
        let (Some(number), Some(unit), Some(whole)) = (caps.get(2), caps.get(3), caps.get(0))
        else {
            continue;
        };
        let after = normalized.get(whole.end()..).unwrap_or("");
        let before = normalized.get(..number.start()).unwrap_or("");
        let is_date = match unit.as_str() {
            "月" | "个月" if whole.as_str().contains('个') => false,
            "月" => after.starts_with(|c: char| c.is_ascii_digit()) || before.ends_with('年'),
            "日" => before.ends_with('月'),
            "年" => after.starts_with(|c: char| c.is_ascii_digit()),
            _ => false,
        };
        let days_per_unit = match unit.as_str() {
            "工作日" => 1.4,
            "小时" => 1.0 / 24.0,
            "个月" | "月" => 30.0,
            "年" => 365.0,
            "周" => 7.0,
            _ => 1.0,
        };
        if is_date {
            continue;
        }
        if let Some(n) = parse_number(number.as_str()) {
            out.push(Period {
                text: normalized
                    .get(number.start()..whole.end())
                    .unwrap_or("")
                    .to_owned(),
                days: n * days_per_unit,
                working_days: unit.as_str() == "工作日",
            });
        }
    }
    out
}

/// Parses an Arabic number or a small Chinese numeral (up to 999).
fn parse_number(text: &str) -> Option<f64> {
    if let Ok(n) = text.parse::<f64>() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as f64)
            .or(match c {
                '〇' => Some(0.0),
                '两' => Some(2.0),
                _ => None,
            })
    };
    let (mut total, mut current) = (0.0, 0.0);
    for c in text.chars() {
        match c {
            '百' => {
                total += if current == 0.0 { 1.0 } else { current } * 100.0;
                current = 0.0;
            }
            '十' => {
                total += if current == 0.0 { 1.0 } else { current } * 10.0;
                current = 0.0;
            }
            _ => current = digit(c)?,
        }
    }
    Some(total + current)
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
    for sc in changes
        .iter()
        .filter_map(|&i| report.changes.get(i))
        .flat_map(|c| &c.semantic)
        .filter(|s| s.codes.contains(&code))
    {
        if !rationales.contains(&sc.rationale.as_str()) {
            rationales.push(&sc.rationale);
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
        changes,
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
    fn periods_compare_by_length() {
        for (old, new, want) in [
            ("3年", "5年", Some(Ordering::Less)),
            ("六个月", "1年", Some(Ordering::Less)),
            ("十五个工作日", "15天", Some(Ordering::Greater)),
            ("2年", "永久", Some(Ordering::Less)),
            ("实现目的所必需的最短期限", "3年", None),
            ("2024年1月1日起保存3年", "保存5年", Some(Ordering::Less)),
        ] {
            assert_eq!(compare_periods(old, new), want, "{old} vs {new}");
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
    fn right_channels_widened_are_minor_narrowed_major() {
        let mut sc = SemanticChange {
            kind: SemanticKind::RightChanged,
            subject: "删除的行使渠道".into(),
            old_value: Some("设置".into()),
            new_value: Some("客服、设置".into()),
            severity: Severity::Editorial,
            codes: Vec::new(),
            rationale: String::new(),
            old_evidence: Vec::new(),
            new_evidence: Vec::new(),
        };
        classify_semantic(&mut sc);
        assert_eq!(sc.severity, Severity::Minor);
        sc.new_value = Some("客服".into());
        classify_semantic(&mut sc);
        assert_eq!(
            (sc.severity, sc.codes.clone()),
            (Severity::Major, vec![ReasonCode::Rights])
        );
    }

    #[test]
    fn sdk_addition_is_major_third_party_with_rationale() {
        let mut sc = SemanticChange {
            kind: SemanticKind::ThirdPartyAdded,
            subject: "极光推送SDK（深圳市和讯华谷信息技术有限公司）".into(),
            old_value: None,
            new_value: None,
            severity: Severity::Editorial,
            codes: Vec::new(),
            rationale: String::new(),
            old_evidence: Vec::new(),
            new_evidence: Vec::new(),
        };
        classify_semantic(&mut sc);
        assert_eq!(sc.severity, Severity::Major);
        assert_eq!(sc.codes, [ReasonCode::ThirdParty]);
        assert!(
            sc.rationale.starts_with("新增第三方SDK：极光推送"),
            "{}",
            sc.rationale
        );
        assert!(sc.rationale.contains("第二十三条"));
    }
}
