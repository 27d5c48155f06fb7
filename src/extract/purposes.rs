//! Purposes of processing stated in the policy, by canonical code, in order of first mention.

use super::modality::{negated_use_scopes, within, DEFINES};
use super::statements::{Found, What};
use super::{clause_start, push_clause_id, Context, Topic, Unit};
use crate::dictionary::{CueEntry, LexHit};
use crate::model::practices::Purpose;
use crate::model::ClauseKind;

/// Topics whose sections state no purpose of processing.
const SILENT_TOPICS: &[Topic] = &[Topic::Definitions, Topic::Update, Topic::Contact];

/// Purposes stated, and where each was found (for the statements).
pub(crate) fn extract(ctx: &Context) -> (Vec<Purpose>, Vec<Found>) {
    let entries = &ctx.dict.dictionaries.purposes;
    let mut out: Vec<Purpose> = Vec::new();
    let mut found = Vec::new();
    for view in &ctx.clauses {
        // A metadata line (「发布于：…」「更新日期：…」) labels the document, it states no purpose.
        if view.topic.is_some_and(|t| SILENT_TOPICS.contains(&t))
            || view.clause.kind == ClauseKind::Metadata
        {
            continue;
        }
        for unit in &view.units {
            if unit.purposes.is_empty()
                || (unit.column.is_none() && unit.practice(view.section_title) == Some(false))
            {
                // A prose sentence the context model reads as stating only something else (a
                // policy change, a notification, security) states no purpose.
                continue;
            }
            let denied = negated_use_scopes(unit);
            for hit in unit
                .purposes
                .iter()
                .filter(|h| states_purpose(unit, h, &denied))
            {
                let Some(e) = entries.get(hit.entry) else {
                    continue;
                };
                if e.code == ANALYTICS && measures_another_purpose(unit, hit, entries) {
                    continue;
                }
                found.push(Found::at(view, unit, What::Purpose(e.code.clone())));
                match out.iter_mut().find(|p| p.code == e.code) {
                    Some(p) => push_clause_id(&mut p.clauses, view.id()),
                    None => out.push(Purpose {
                        code: e.code.clone(),
                        name: e.name.clone(),
                        clauses: vec![view.id().to_owned()],
                        statements: Vec::new(),
                    }),
                }
            }
        }
    }
    (out, found)
}

/// True when a purpose word states a purpose where it stands. It does not when it is denied
/// (「不会将…用于广告」), when a determiner makes it refer back to what was named before
/// (「兼并、收购或类似的交易」), or when it is part of a name rather than a purpose:
/// - of a data item (「人口统计数据」 names data, not the purpose 统计分析): a dictionary item
///   covering it, or the word directly followed by a data head (数据、信息、记录);
/// - of a part of the interface (「粘贴到搜索栏中」): the word directly followed by 栏、框、按钮 …;
/// - of a party or role (「广告商」「第三方广告平台」): the word directly followed by 商、平台、机构 …;
/// - of an application scenario listed after 「应用场景包括」 (where the product is used);
/// - of a party it begins (「支付宝」 is a company, not payment);
/// - of a term being defined (「公开披露是指…发布信息的行为」 explains a word).
///
/// A sharing word with its recipient before it (「与 X 分享」) is the act of providing, not
/// the social-sharing function.
fn states_purpose(unit: &Unit, hit: &LexHit, denied: &[(usize, usize)]) -> bool {
    let n = unit.n();
    let inside_item = unit
        .items_overlapping(hit.start, hit.end)
        .iter()
        .any(|item| {
            item.start <= hit.start
                && hit.end <= item.end
                && item.end - item.start > hit.end - hit.start
        });
    let after = n.get(hit.end..).unwrap_or("");
    let names_data = NAME_HEADS.iter().any(|h| after.starts_with(h));
    let names_party = PARTY_HEADS.iter().any(|h| after.starts_with(h));
    let before = n.get(..hit.start).unwrap_or("");
    let refers_back = BACK_REFERENCES.iter().any(|b| before.ends_with(b));
    // A scenario list is short: look back a bounded stretch (a sentence can be megabytes long).
    let mut window = hit.start.saturating_sub(SCENARIO_LOOKBACK);
    while !n.is_char_boundary(window) {
        window += 1;
    }
    let in_scenarios = n.get(window..hit.start).is_some_and(|w| w.contains("场景"))
        && in_scenario_list(unit.original(window, hit.start));
    let begins_party = unit
        .sdks()
        .iter()
        .any(|party| party.start <= hit.start && hit.end < party.end);
    let clause = n.get(clause_start(n, hit.start)..hit.start).unwrap_or("");
    let defined = DEFINES.iter().any(|d| clause.contains(d));
    let word = n.get(hit.start..hit.end).unwrap_or("");
    // A marker directly before the word joins two functions (「登录与分享」): the recipient
    // phrase needs a name between them, and no purpose phrase (「与好友的互动将用于分享」).
    let provided_to = SHARING_WORDS.contains(&word)
        && clause
            .rfind(|c: char| RECIPIENT_MARKERS.contains(c))
            .and_then(|i| clause.get(i..))
            .is_some_and(|from| {
                from.chars().nth(1).is_some() && !PURPOSE_MARKERS.iter().any(|m| from.contains(m))
            });
    !within(denied, hit.start, hit.end)
        && !inside_item
        && !names_data
        && !names_party
        && !in_scenarios
        && !refers_back
        && !begins_party
        && !defined
        && !provided_to
}

/// The code of statistics and analysis, which can also measure another purpose.
const ANALYTICS: &str = "analytics";

/// True when an analytics word directly follows another purpose's word in one compound
/// (「广告监测归因」「推送效果统计」): it measures that purpose, it states none of its own.
fn measures_another_purpose(unit: &Unit, hit: &LexHit, entries: &[CueEntry]) -> bool {
    // Hits come in text order and do not overlap: only the one before can end where it starts.
    let before = unit
        .purposes
        .partition_point(|other| other.start < hit.start);
    before
        .checked_sub(1)
        .and_then(|i| unit.purposes.get(i))
        .is_some_and(|other| {
            other.end == hit.start
                && entries
                    .get(other.entry)
                    .is_some_and(|e| e.code != ANALYTICS)
        })
}

/// Head nouns that make a preceding purpose word part of a name: of data (「交易记录」「统计数据」)
/// or of a part of the interface (「搜索栏」「分享按钮」).
const NAME_HEADS: &[&str] = &[
    "数据", "信息", "记录", "栏", "框", "按钮", "按键", "图标", "入口", "页面",
];

/// How far back (bytes of the normalised text) a scenario list is looked for.
const SCENARIO_LOOKBACK: usize = 240;

/// True when the text before a word, as written, ends inside a list of the product's application
/// scenarios (「主要应用场景包括：AI陪伴、AI客服…」): where customers may use the product, not why
/// personal information is processed. The list runs from 场景 and an introducing word to the word,
/// its members joined by 「、」 with no sentence or clause break between (read on the original text,
/// since normalisation writes 「、」 and 「，」 alike).
fn in_scenario_list(before: &str) -> bool {
    let Some(at) = before.rfind("场景") else {
        return false;
    };
    let list = before.get(at + "场景".len()..).unwrap_or("");
    let introduced = ["包括", "包含", "有", "如", "为", ":", "："]
        .iter()
        .any(|w| list.starts_with(w));
    introduced && !list.contains(['。', ';', '；', ',', '，'])
}

/// Head nouns that make a preceding purpose word the description of a party or role
/// (「广告商」「第三方广告平台」「推送服务商」「支付机构」): who receives, not why.
const PARTY_HEADS: &[&str] = &[
    "商",
    "主",
    "平台",
    "公司",
    "联盟",
    "机构",
    "合作伙伴",
    "合作方",
    "服务商",
    "服务提供商",
    "供应商",
    "提供商",
];

/// Determiners that make the word a reference to what the sentence or text named before
/// (「兼并、收购或类似的交易」 refers to corporate events; 「此类交易」 to those again).
const BACK_REFERENCES: &[&str] = &[
    "类似的",
    "此类",
    "这类",
    "该类",
    "该等",
    "上述",
    "前述",
    "这些",
];

/// Purpose words that are also verbs of providing data to someone.
const SHARING_WORDS: &[&str] = &["分享", "共享"];

/// Prepositions introducing the recipient of a verb of providing (「与 X 分享」「向 X 共享」).
const RECIPIENT_MARKERS: &str = "与向和同";

/// Words that put what follows in purpose position (「用于分享」 states the sharing function).
const PURPOSE_MARKERS: &[&str] = &["用于", "以便", "为了", "功能"];

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::extract::testing::doc;

    fn purposes(sentence: &str) -> Vec<String> {
        let d = doc(&["## 我们如何收集和使用您的个人信息", sentence]);
        extract(&d).purposes.into_iter().map(|p| p.code).collect()
    }

    #[test]
    fn denied_purposes_are_not_purposes() {
        assert!(purposes("我们不会将您的健康数据用于广告投放。").is_empty());
        assert!(!purposes("我们会将您的浏览记录用于广告投放。").is_empty());
    }

    #[test]
    fn words_describing_a_party_state_no_purpose() {
        assert!(purposes("我们会与第三方广告平台分享汇总数据，以便广告商了解阅读量。").is_empty());
        assert_eq!(
            purposes("我们会与广告平台分享设备标识符，用于投放广告。"),
            ["advertising"]
        );
    }

    #[test]
    fn application_scenarios_are_not_purposes() {
        assert_eq!(
            purposes("本工具的主要应用场景包括：在线教育、智能客服、视频会议等。"),
            Vec::<String>::new()
        );
        assert_eq!(
            purposes("在智能客服场景中，我们会收集您的咨询记录，用于客户服务。"),
            ["customer_service"]
        );
    }

    #[test]
    fn analysis_of_another_purpose_is_that_purpose() {
        assert_eq!(
            purposes("设备标识符还会用于广告投放效果分析。"),
            ["advertising"]
        );
        assert_eq!(
            purposes("设备标识符会用于广告，以及统计分析。"),
            ["advertising", "analytics"]
        );
    }

    #[test]
    fn names_and_definitions_state_no_purpose() {
        // The word names data, a party or a defined term; the last one is a transfer.
        for (sentence, code) in [
            ("我们会收集您的交易记录和设备型号。", "payment"),
            (
                "您可以使用支付宝账号登录，我们将获取您的头像和昵称。",
                "payment",
            ),
            (
                "公开披露是指向社会或不特定人群发布信息的行为。",
                "content_upload",
            ),
            (
                "如果您选择使用头像服务，我们会与该服务商分享您的邮箱地址。",
                "social_sharing",
            ),
            (
                "开启字幕后，我们会与甲公司和乙公司（语音转写服务商）分享音轨片段。",
                "social_sharing",
            ),
            (
                "如本公司发生合并、分立或类似的交易，您的资料可能随之转移。",
                "payment",
            ),
            (
                "开启后，应用会读取剪贴板，把复制的网址填入搜索栏。",
                "search",
            ),
        ] {
            let found = purposes(sentence);
            assert!(!found.contains(&code.to_owned()), "{sentence}: {found:?}");
        }
        for (sentence, code) in [
            ("我们会收集您的订单信息，用于完成支付。", "payment"),
            (
                "您可以将文章分享至社交平台，我们会收集您选择的平台名称。",
                "social_sharing",
            ),
            (
                "我们会收集您的微信昵称，用于微信登录与分享。",
                "social_sharing",
            ),
            ("您与好友的对话将用于分享功能。", "social_sharing"),
            ("我们会收集您的订单号，用于完成交易。", "payment"),
        ] {
            assert!(purposes(sentence).contains(&code.to_owned()), "{sentence}");
        }
    }
}
