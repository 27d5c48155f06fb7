//! Negation and modality of a sentence (on its normalised form): which stretch a 「我们不会收集…」
//! denies, whether a statement is certain (将) or possible (可能会), required or optional, and
//! whether it is only a definition.

use super::cues::Cue;
use super::Unit;

/// How certain a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modality {
    /// 将 / 会 / plain statement.
    Will,
    /// 可能 / 或将 / 视情况.
    May,
    /// Only under a condition of consent or opt-in (「经您同意后」「在您开启…时」).
    OnlyIfConsent,
}

impl Modality {
    /// JSON code.
    pub fn code(self) -> &'static str {
        match self {
            Modality::Will => "will",
            Modality::May => "may",
            Modality::OnlyIfConsent => "only_if_consent",
        }
    }
}

/// Cues denying collection: what follows them (to a 但 or the sentence end) is not collected.
pub(super) const NOT_COLLECT: &[&str] = &[
    "不会收集",
    "不收集",
    "不会主动收集",
    "并不收集",
    "从不收集",
    "不会采集",
    "不采集",
    "不会获取",
    "不获取",
    "不会主动获取",
    "不会读取",
    "不读取",
    "不会向您收集",
    "不会要求您提供",
    "不要求",
    "不会要求",
    "不接触",
    "不会接触",
    "不会搜集",
    "不搜集",
    "不会取得",
    "不会索取",
    "不索取",
    "无需收集",
    "无需您提供",
    "不需要收集",
    "不需要您提供",
    "没有收集",
    "未收集",
    "不会调用",
    "不会访问",
    "不涉及收集",
    "不涉及",
    "不包括",
];

/// Words before a denial that make it conditional (「未经您同意，我们不会收集…」 means we may, with consent).
pub(super) const CONDITIONAL: &[&str] = &[
    "未经",
    "除非",
    "在未",
    "未获得",
    "未取得",
    "没有您的",
    "未征得",
    "未得到",
    "如果没有",
    "如未",
    "若未",
    "未开启",
    "关闭",
    "拒绝",
    "未授权",
    "不同意",
    "除",
];

/// Words that end a denial's scope.
pub(super) const SCOPE_END: &[&str] = &["但", "而是", "仅", "只", "除外", "以外"];

/// Cues of what will not be *done with* information.
pub(super) const NOT_USE: &[&str] = &[
    "不会将",
    "不将",
    "不会把",
    "不会向",
    "不会对外提供",
    "绝不会将",
    "不会基于",
    "不会利用",
    "不会根据",
];

/// Words that deny the practice verb they stand before (「不收集」「未获取」「没有读取」).
const NEGATORS: &[&str] = &["不", "未", "没有", "无需", "无须"];

/// Words that may stand between a negator and its verb (「不直接收集」「不会单独获取」「并不主动读取」).
const NEGATED_ADVERBS: &[&str] = &[
    "会", "将", "再", "直接", "主动", "单独", "额外", "另行", "擅自", "自行", "需要", "需", "得",
    "能", "也", "亦", "均", "都", "强制",
];

/// Prepositions introducing the recipient between a negator and a verb of providing
/// (「不会与任何第三方分享」「不向第三方提供」).
const RECIPIENT_PREPOSITIONS: &[char] = &['与', '向', '和', '同', '给'];

/// Practice verbs that collect (the others use, keep or pass on what was collected).
const COLLECTING_VERBS: &[&str] = &[
    "收集", "采集", "获取", "读取", "访问", "调用", "获得", "接收", "搜集", "记录",
];

/// A practice verb the sentence denies: the negator's start and the verb's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NegatedVerb {
    /// Byte offset of the negator.
    pub negator: usize,
    /// Byte offset of the verb.
    pub start: usize,
    /// Byte offset after the verb.
    pub end: usize,
    /// True for a verb of collection (see [`COLLECTING_VERBS`]).
    pub collects: bool,
}

/// The negator start when `lead` (the clause up to a verb) ends with a negation of the verb: a
/// negator, then only adverbs (「不直接」「不会主动」), or for a verb of providing a recipient
/// phrase (「不会与任何第三方」「不向合作方」).
fn negator_before(lead: &str, providing: bool) -> Option<usize> {
    fn strip(mut text: &str) -> &str {
        loop {
            if let Some(shorter) = NEGATED_ADVERBS.iter().find_map(|a| text.strip_suffix(a)) {
                text = shorter;
            } else if let Some(shorter) = purpose_adverbial(text).or_else(|| coordinated_verb(text))
            {
                text = shorter;
            } else {
                return text;
            }
        }
    }
    let negator_at = |text: &str| {
        NEGATORS
            .iter()
            .find(|w| text.ends_with(*w))
            .map(|w| text.len() - w.len())
    };
    let bare = strip(lead);
    if let Some(at) = negator_at(bare) {
        return Some(at);
    }
    if !providing {
        return None;
    }
    let at = bare.rfind(RECIPIENT_PREPOSITIONS)?;
    negator_at(strip(bare.get(..at)?))
}

/// `text` without a purpose adverbial at its end (「不会出于任何目的」 → 「不会」): the negation
/// reaches over it to the verb.
fn purpose_adverbial(text: &str) -> Option<&str> {
    let head = text.strip_suffix("目的")?;
    let window = super::last_chars(head, 10);
    let at = window.rfind("出于")?;
    head.get(..head.len() - window.len() + at)
}

/// `text` without a verb coordinated with the next one (「不会识别或」 → 「不会」, before 保存): a
/// negation before two joined verbs denies both. The verb is two characters before 或/和/及/与.
fn coordinated_verb(text: &str) -> Option<&str> {
    let joined = ["或", "和", "及", "与"]
        .iter()
        .find_map(|j| text.strip_suffix(j))?;
    let verb = super::last_chars(joined, 2);
    let chinese = verb.chars().count() == 2 && verb.chars().all(|c| !c.is_ascii());
    chinese
        .then(|| joined.get(..joined.len() - verb.len()))
        .flatten()
}

/// The practice verbs of a unit (`(start, end)` in the normalised text), without a word that runs
/// into the next one: in 「直接收集」 the verb is 收集, not 接收.
pub(crate) fn practice_verbs(unit: &Unit) -> Vec<(usize, usize)> {
    let mut hits: Vec<(usize, usize)> = unit.cues.all(Cue::Practice).collect();
    hits.sort_unstable();
    // In start order, a hit overlapping a later-starting one overlaps the very next start.
    let mut out = Vec::with_capacity(hits.len());
    for (i, &(start, end)) in hits.iter().enumerate() {
        let next = hits
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .find(|h| h.0 > start);
        if next.is_none_or(|&(later, _)| later >= end) {
            out.push((start, end));
        }
    }
    out
}

/// The practice verbs of a unit that are denied where they stand, outside a condition
/// (「未经您同意，不会收集」 may collect with consent) and outside the user's own acts (「您可以不
/// 提供」 is a choice, not our denial).
pub(crate) fn negated_verbs(unit: &Unit) -> Vec<NegatedVerb> {
    let n = unit.n();
    let mut out = Vec::new();
    for (start, end) in practice_verbs(unit) {
        let verb = n.get(start..end).unwrap_or("");
        let from = super::clause_start(n, start);
        let lead = n.get(from..start).unwrap_or("");
        let collects = COLLECTING_VERBS.contains(&verb);
        let Some(at) = negator_before(lead, !collects) else {
            // 「不会获取、保存您的…」: a verb joined by 「、」 to a denied verb is denied with it.
            let joined = out.last().filter(|prev: &&NegatedVerb| {
                prev.end + 1 == start && unit.original(prev.end, start) == "、"
            });
            if let Some(prev) = joined.copied() {
                out.push(NegatedVerb {
                    start,
                    end,
                    collects,
                    ..prev
                });
            }
            continue;
        };
        let before = lead.get(..at).unwrap_or("");
        let users_act =
            (before.contains('您') || before.contains('你')) && !before.contains("我们");
        let conditional = before.starts_with(['如', '若', '倘', '假']);
        if users_act || conditional || unit.cues.any_before(Cue::Condition, from + at) {
            continue;
        }
        out.push(NegatedVerb {
            negator: from + at,
            start,
            end,
            collects,
        });
    }
    out
}

/// Byte ranges of a unit's normalised text that an unconditional denial of collection covers:
/// after a denial cue (「不会收集」) or a negated verb of collection (「不直接收集」).
pub(crate) fn negated_collection_scopes(unit: &Unit) -> Vec<(usize, usize)> {
    let cues = &unit.cues;
    let mut out = Vec::new();
    let negated = negated_verbs(unit);
    let starts = cues.all(Cue::Denial).chain(
        negated
            .iter()
            .filter(|v| v.collects)
            .map(|v| (v.negator, v.end)),
    );
    for (i, end_of_cue) in starts {
        if cues.any_before(Cue::Condition, i) {
            continue;
        }
        // To the first scope end after the denial, else to the end of the sentence.
        let scope_end = cues
            .first_from(Cue::ScopeEnd, end_of_cue)
            .unwrap_or(unit.n().len().max(end_of_cue));
        out.push((i, scope_end));
    }
    out
}

/// Byte ranges of a unit's normalised text that say what will not be *done with* information
/// (「不会将您的健康数据用于广告」): a mention there neither states nor denies collection.
pub(crate) fn negated_use_scopes(unit: &Unit) -> Vec<(usize, usize)> {
    let n = unit.n();
    let mut out: Vec<(usize, usize)> = Vec::new();
    // A use denial cue (「不会将」), or a negated verb of use or providing (「不会与任何第三方分享」).
    let negated = negated_verbs(unit);
    let starts = unit.cues.all(Cue::UseDenial).chain(
        negated
            .iter()
            .filter(|v| !v.collects)
            .map(|v| (v.negator, v.end)),
    );
    for (i, from) in starts {
        // To the end of the clause: the item may stand before the verb (「不会将X用于」)
        // or after it (「不会向第三方提供X」, 「不会保存、上传X」: the clause goes on after the verb).
        let from = from.max(i);
        let rest = n.get(from..).unwrap_or("");
        out.push((i, from + clause_end_outside_brackets(rest)));
    }
    out
}

/// The byte offset of the first clause end (「，」「；」「。」) of `text` outside brackets, else its
/// length: the examples bracketed after an item (「个人身份信息（如姓名、电子邮箱）」) belong to the
/// clause of the item.
fn clause_end_outside_brackets(text: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' | '.' if depth == 0 => return i,
            _ => {}
        }
    }
    text.len()
}

/// True when the byte range lies inside one of `scopes`.
pub fn within(scopes: &[(usize, usize)], start: usize, end: usize) -> bool {
    scopes.iter().any(|&(s, e)| s <= start && end <= e)
}

/// Cues of a possibility rather than a certainty.
pub(super) const MAY: &[&str] = &["可能", "或将", "或会", "视情况", "有可能", "或许"];

/// Cues of optional information.
pub(super) const OPTIONAL: &[&str] = &[
    "可选",
    "选填",
    "非必填",
    "附加功能",
    "附加业务功能",
    "扩展功能",
    "非必要",
    "您可以选择",
    "自主选择",
    "可以选择是否",
    "拓展功能",
    "扩展业务功能",
    "非核心",
];

/// Cues of required information.
pub(super) const REQUIRED: &[&str] = &[
    "必要",
    "必需",
    "必须",
    "必填",
    "核心业务功能",
    "基本业务功能",
    "基本功能",
    "核心功能",
    "需要向我们提供",
    "需要提供",
    "您需提供",
    "您需要提供",
    "无法注册",
    "无法使用",
];

/// Certainty of a unit's sentence.
pub(crate) fn modality(unit: &Unit) -> Modality {
    if unit.cues.has(Cue::May) {
        Modality::May
    } else {
        Modality::Will
    }
}

/// Words of a condition that make a statement hold only with the user's consent or opt-in.
const CONSENT: &[&str] = &["同意", "授权", "允许", "开启", "打开"];

/// Words of a condition that make it a refusal or withdrawal, not consent (「如您拒绝授权」).
const REFUSAL: &[&str] = &["拒绝", "不同意", "关闭", "撤回", "取消", "不授权"];

/// The modality of a statement of the sentence under its stated `condition` (see
/// `statements::condition`): only with consent when the condition asks for it, else [`modality`].
pub(crate) fn stated(unit: &Unit, condition: Option<&str>) -> Modality {
    if condition.is_some_and(|c| {
        CONSENT.iter().any(|w| c.contains(w)) && !REFUSAL.iter().any(|w| c.contains(w))
    }) {
        Modality::OnlyIfConsent
    } else {
        modality(unit)
    }
}

/// `Some(true)` when the sentence says the information is required, `Some(false)` when optional.
pub(crate) fn required(unit: &Unit) -> Option<bool> {
    if unit.cues.has(Cue::Optional) {
        Some(false)
    } else if unit.cues.has(Cue::Required) {
        Some(true)
    } else {
        None
    }
}

/// Verbs of a definition (「是指」).
pub(crate) const DEFINES: &[&str] = &["是指", "指的是", "系指"];

/// Phrases introducing a list of kinds of information (「涉及的个人信息包括」).
pub(super) const KINDS_LISTED: &[&str] = &[
    "涉及的个人信息包括",
    "涉及的个人敏感信息包括",
    "涉及的敏感个人信息包括",
    "个人信息举例",
    "敏感信息举例",
];

/// True when a unit's sentence defines what (sensitive) personal information is, with examples,
/// rather than stating a collection (「个人敏感信息是指…，包括身份证件号码…」).
pub(crate) fn is_definition(unit: &Unit) -> bool {
    const SUBJECTS: &[&str] = &["个人信息", "敏感信息", "敏感个人信息", "个人敏感信息"];
    let n = unit.n();
    // Without a defining verb anywhere, none in the first 40 characters either.
    let defines = unit.cues.has(Cue::Defines) && {
        let head = super::first_chars(n, 40);
        SUBJECTS.iter().any(|s| {
            head.find(s).is_some_and(|i| {
                DEFINES
                    .iter()
                    .any(|d| head.get(i..).is_some_and(|rest| rest.contains(d)))
            })
        })
    };
    // 「1.2 敏感个人信息：一旦泄露…」: a definitions list entry.
    let body = n.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '.' | ' ' | '(' | ')' | ',')
    });
    let labelled = SUBJECTS.iter().any(|s| {
        body.strip_prefix(s)
            .is_some_and(|rest| rest.starts_with(':'))
    });
    defines || labelled || unit.cues.has(Cue::KindsListed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::unit;
    use crate::normalize::normalize;

    fn denied(sentence: &str, word: &str) -> bool {
        let u = unit(sentence);
        let w = normalize(word);
        let i = u.n().find(&w).unwrap();
        within(&negated_collection_scopes(&u), i, i + w.len())
    }

    #[test]
    fn denials_cover_what_follows_them() {
        for (sentence, word, expected) in [
            ("我们不会收集您的通讯录和短信内容。", "短信内容", true),
            (
                "我们不会收集您的通讯录，但会收集您的手机号码。",
                "手机号码",
                false,
            ),
            (
                "未经您的同意，我们不会收集您的位置信息。",
                "位置信息",
                false,
            ),
            ("我们收集您的姓名，不收集您的身份证号码。", "姓名", false),
            (
                "我们收集您的姓名，不收集您的身份证号码。",
                "身份证号码",
                true,
            ),
            ("本应用不会读取您的剪切板内容", "剪切板", true),
            ("该组件本身不直接收集您的通讯录。", "通讯录", true),
            ("我们并不主动获取您的位置信息。", "位置信息", true),
            (
                "我们不仅收集您的位置信息，还收集设备型号。",
                "位置信息",
                false,
            ),
            ("如不提供手机号码，您将无法注册。", "手机号码", false),
            ("我们不直接收集您的语音信息。", "语音信息", true),
            ("我们将收集您的设备信息。", "设备信息", false),
        ] {
            assert_eq!(denied(sentence, word), expected, "{sentence} / {word}");
        }
    }

    #[test]
    fn use_denials_are_neutral() {
        for (sentence, word) in [
            ("我们不会与任何第三方分享您的位置信息。", "位置信息"),
            ("我们不向合作伙伴提供您的通讯录。", "通讯录"),
            ("我们不会将您的健康数据用于广告投放。", "健康数据"),
            (
                "我们不会向任何第三方提供您的健康信息，也不会转让。",
                "健康信息",
            ),
        ] {
            let u = unit(sentence);
            let i = u.n().find(word).unwrap();
            assert!(
                within(&negated_use_scopes(&u), i, i + word.len()),
                "{sentence}"
            );
            assert!(negated_collection_scopes(&u).is_empty());
        }
    }

    #[test]
    fn the_users_choice_and_a_condition_deny_nothing() {
        for sentence in [
            "您可以选择不提供您的昵称。",
            "如果不开启定位，我们不收集您的位置信息。",
        ] {
            let u = unit(sentence);
            assert!(negated_use_scopes(&u).is_empty(), "{sentence}");
        }
        assert!(negated_verbs(&unit("您可以选择不提供您的昵称。")).is_empty());
    }

    #[test]
    fn modality_and_requirement() {
        assert_eq!(modality(&unit("我们可能会收集您的位置信息")), Modality::May);
        assert_eq!(modality(&unit("我们将收集您的位置信息")), Modality::Will);
        assert_eq!(required(&unit("这是核心业务功能所必需的信息")), Some(true));
        assert_eq!(
            required(&unit("附加业务功能可能需要收集的信息，您可以选择是否授权")),
            Some(false)
        );
        assert_eq!(required(&unit("我们收集您的昵称")), None);
        let located = unit("经您同意后，我们会收集您的位置信息");
        assert_eq!(
            stated(&located, Some("经您同意后")),
            Modality::OnlyIfConsent
        );
        let refused = unit("如您拒绝授权，我们可能无法提供服务");
        assert_eq!(stated(&refused, Some("如您拒绝授权")), Modality::May);
    }

    #[test]
    fn definitions_are_recognised() {
        assert!(is_definition(&unit(
            "个人敏感信息是指一旦泄露可能危害人身和财产安全的个人信息，包括身份证件号码"
        )));
        assert!(is_definition(&unit(
            "本隐私政策中涉及的个人信息包括姓名、性别"
        )));
        assert!(is_definition(&unit(
            "1.2 敏感个人信息：一旦泄露或者非法使用，例如指纹"
        )));
        assert!(!is_definition(&unit("我们会收集您的姓名和手机号码")));
        assert!(!is_definition(&unit(
            "我们会收集您的个人信息，包括手机号码"
        )));
    }

    #[test]
    fn a_negation_reaches_coordinated_verbs_and_purpose_adverbials() {
        // Two verbs joined by 或: the negation denies both.
        assert!(denied("我们不会识别或获取您的银行卡密码。", "银行卡密码"));
        // A purpose adverbial between the negator and the verb.
        assert!(denied("我们不会出于任何目的获取您的照片。", "照片"));
        assert!(denied("我们一般不强制收集您的身份证号码。", "身份证号码"));
        // A verb joined by 「、」 to a denied verb is denied with it.
        let u = unit("我们不会获取、保存您的日历。");
        let verbs: Vec<&str> = negated_verbs(&u)
            .iter()
            .map(|v| u.n().get(v.start..v.end).unwrap_or(""))
            .collect();
        assert_eq!(verbs, ["获取", "保存"]);
        // Not a negation: the denied word is part of a noun before the coordination.
        assert!(!denied("我们会收集不同设备或获取您的型号。", "型号"));
    }
}
