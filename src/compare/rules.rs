//! The legal reasoning of the comparison, in one table: for each kind of semantic change, its
//! severity, its 重大变更 reason code, the rationale users read and the provisions it rests on.
//!
//! A rule is chosen by the change's kind and, for the few kinds whose grading depends on the
//! values (a sensitive item, a shorter time limit, a channel list that only grew), by a guard.
//! The first rule of the table whose kind and guard match decides. Everything a lawyer would
//! review — which change is major, under which code, citing which article — is read from here;
//! `classify` only applies it.

use super::commitments::{self, Family};
use crate::model::diff::{ReasonCode, SemanticChange, SemanticKind, Severity};
use crate::numbers;
use std::cmp::Ordering;

/// `new_value` of a `data_item_added` change whose item is sensitive personal information.
pub const SENSITIVE: &str = "敏感";

/// `new_value` (or `old_value`) of a permission change whose clauses keep what the permission
/// gives on the user's device.
pub const ON_DEVICE: &str = "仅在设备本地处理";

/// The national standard every major rule rests on (its Appendix D lists the major changes).
pub const STANDARD: &str = "GB/T 35273-2020 附录D";

/// A condition on a change's values that selects between rules of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Any change of the kind.
    Always,
    /// The item is sensitive personal information (`new_value` is [`SENSITIVE`]).
    Sensitive,
    /// The new time limit is shorter than the old one.
    Shorter,
    /// The new channel list keeps every old channel and adds some.
    OnlyAddsChannels,
    /// What a new permission gives stays on the device (`new_value` is [`ON_DEVICE`]).
    OnDevice,
    /// The old version stated no value (a fact new to the policy).
    NoOldValue,
    /// The new version states no value (a fact it no longer has).
    NoNewValue,
    /// A withdrawn commitment about giving data to others (「不与第三方共享」「不会出售」).
    AboutDisclosure,
    /// A withdrawn commitment about how data is kept or where it goes (「仅在本地存储」「注销后
    /// 删除」「不会传输」).
    AboutKeeping,
}

/// One rule: how a kind of semantic change is graded and why.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The kind of change it grades.
    pub kind: SemanticKind,
    /// When it applies within the kind.
    pub guard: Guard,
    /// How much the change matters.
    pub severity: Severity,
    /// The 重大变更 reason code, for major rules.
    pub code: Option<ReasonCode>,
    /// The rationale, with `{subject}`, `{old}` and `{new}` filled from the change.
    pub template: &'static str,
    /// Articles of the PIPL (个人信息保护法) a major rule cites, besides [`STANDARD`].
    pub articles: &'static [&'static str],
}

use Guard as G;
use ReasonCode as C;
use SemanticKind as K;

const fn major(
    kind: SemanticKind,
    guard: Guard,
    code: ReasonCode,
    template: &'static str,
    articles: &'static [&'static str],
) -> Rule {
    Rule {
        kind,
        guard,
        severity: Severity::Major,
        code: Some(code),
        template,
        articles,
    }
}

const fn minor(kind: SemanticKind, guard: Guard, template: &'static str) -> Rule {
    Rule {
        kind,
        guard,
        severity: Severity::Minor,
        code: None,
        template,
        articles: &[],
    }
}

const COLLECTION: &[&str] = &["第十四条", "第十七条"];
const SENSITIVE_PI: &[&str] = &["第二十八条", "第二十九条"];
const PROVISION: &[&str] = &["第二十三条"];
const CROSS_BORDER: &[&str] = &["第三十八条", "第三十九条"];
const CONTACTS: &[&str] = &["第十七条", "第五十二条"];

/// The rules, first match wins within a kind (guarded rules come before the kind's fallback).
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    major(K::DataItemAdded, G::Sensitive, C::DataCategory, "新增收集个人敏感信息：{subject}", SENSITIVE_PI),
    major(K::DataItemAdded, G::Always, C::DataCategory, "新增收集个人信息：{subject}", COLLECTION),
    major(K::DataItemSensitive, G::Always, C::DataCategory, "个人信息改列为敏感个人信息：{subject}", SENSITIVE_PI),
    minor(K::DataItemRemoved, G::Always, "不再收集：{subject}"),
    minor(K::DataItemDescribed, G::Always, "新增信息表述：{subject}（词典外表述，同类个人信息此前已收集或未能归类，请核对）"),
    minor(K::DataItemSummarised, G::Always, "新增概括性表述：{subject}（同类个人信息此前已列明）"),
    minor(K::PermissionAdded, G::OnDevice, "新增申请权限（相关信息仅在设备本地处理）：{subject}"),
    major(K::PermissionAdded, G::Always, C::DataCategory, "新增申请权限：{subject}", COLLECTION),
    minor(K::PermissionRemoved, G::Always, "不再申请权限：{subject}"),
    major(K::ThirdPartyAdded, G::Always, C::ThirdParty, "新增第三方：{subject}", PROVISION),
    major(K::ThirdPartyExpanded, G::Always, C::ThirdParty, "第三方获取的个人信息或目的增加：{subject}", PROVISION),
    minor(K::ThirdPartyRemoved, G::Always, "不再向第三方提供：{subject}"),
    minor(K::ThirdPartyNarrowed, G::Always, "第三方获取的个人信息或目的减少：{subject}"),
    major(K::PurposeAdded, G::Always, C::Purpose, "新增处理目的：{subject}", COLLECTION),
    minor(K::PurposeRemoved, G::Always, "删除处理目的：{subject}"),
    major(K::FunctionAdded, G::Always, C::Purpose, "新增业务功能：{subject}", COLLECTION),
    minor(K::FunctionRemoved, G::Always, "不再提及的业务功能：{subject}"),
    major(K::CommitmentWithdrawn, G::AboutDisclosure, C::ThirdParty, "撤回承诺：不再承诺「{subject}」", PROVISION),
    major(K::CommitmentWithdrawn, G::AboutKeeping, C::Processing, "撤回承诺：不再承诺「{subject}」", &["第十七条", "第十九条"]),
    major(K::CommitmentWithdrawn, G::Always, C::Purpose, "撤回承诺：不再承诺「{subject}」", COLLECTION),
    major(K::RetentionLengthened, G::NoOldValue, C::Processing, "保存期限延长：{new}", &["第十七条", "第十九条"]),
    major(K::RetentionLengthened, G::Always, C::Processing, "保存期限延长：{old} → {new}", &["第十七条", "第十九条"]),
    minor(K::RetentionShortened, G::NoNewValue, "不再保存：{old}"),
    minor(K::RetentionShortened, G::Always, "保存期限缩短：{old} → {new}"),
    minor(K::RetentionChanged, G::Always, "保存期限表述变化：{old} → {new}"),
    major(K::StorageChanged, G::Always, C::Processing, "新增境外存储地点：{subject}", CROSS_BORDER),
    major(K::CrossBorderAdded, G::Always, C::Processing, "新增个人信息出境：{subject}", CROSS_BORDER),
    minor(K::CrossBorderRemoved, G::Always, "不再出境：{subject}"),
    major(K::ProcessingAdded, G::Always, C::Processing, "新增处理方式：{subject}", &["第十四条", "第二十四条"]),
    minor(K::ProcessingRemoved, G::Always, "不再采用的处理方式：{subject}"),
    minor(K::RightAdded, G::Always, "新增用户权利：{subject}"),
    major(K::RightRemoved, G::Always, C::Rights, "删除用户权利：{subject}", &["第十七条", "第四十四条至第五十条"]),
    minor(K::RightChanged, G::Shorter, "权利响应时限缩短：{subject}：{old} → {new}"),
    minor(K::RightChanged, G::OnlyAddsChannels, "权利行使渠道增加：{subject}：{old} → {new}"),
    major(K::RightChanged, G::Always, C::Rights, "用户权利的行使方式或时限变化：{subject}：{old} → {new}", &["第十七条", "第五十条"]),
    major(K::ContactAdded, G::Always, C::Contact, "新增联系方式或投诉渠道：{subject}", CONTACTS),
    major(K::ContactRemoved, G::Always, C::Contact, "删除联系方式或投诉渠道：{subject}", CONTACTS),
    major(K::ContactChanged, G::Always, C::Contact, "联系方式或投诉渠道变更：{subject}：{old} → {new}", CONTACTS),
    major(K::ControllerChanged, G::Always, C::Controller, "个人信息处理者变更：{old} → {new}", &["第二十二条"]),
    minor(K::MinorAgeChanged, G::Always, "未成年人年龄标准变化：{old} → {new}"),
    minor(K::DateChanged, G::Always, "{subject}变更：{old} → {new}"),
];

impl Guard {
    /// True when the change's values satisfy the guard.
    fn holds(self, change: &SemanticChange) -> bool {
        let old = change.old_value.as_deref().unwrap_or("");
        let new = change.new_value.as_deref().unwrap_or("");
        match self {
            Guard::Always => true,
            Guard::Sensitive => new == SENSITIVE,
            Guard::Shorter => numbers::compare_periods(old, new) == Some(Ordering::Greater),
            Guard::OnlyAddsChannels => only_adds_channels(old, new),
            Guard::OnDevice => new == ON_DEVICE,
            Guard::NoOldValue => change.old_value.is_none(),
            Guard::NoNewValue => change.new_value.is_none(),
            Guard::AboutDisclosure => {
                commitments::family_of_phrase(&change.subject) == Some(Family::Disclosure)
            }
            Guard::AboutKeeping => matches!(
                commitments::family_of_phrase(&change.subject),
                Some(Family::Keeping | Family::Deletion)
            ),
        }
    }
}

impl Rule {
    /// The rule that grades `change`: the first of [`RULES`] of its kind whose guard holds.
    pub fn of(change: &SemanticChange) -> Option<&'static Rule> {
        RULES
            .iter()
            .find(|r| r.kind == change.kind && r.guard.holds(change))
    }

    /// The rationale for `change`: the template with subject and values filled in. A new SDK is
    /// called one (「新增第三方SDK」) when its name or kind says so.
    pub fn rationale(&self, change: &SemanticChange) -> String {
        let old = change.old_value.as_deref().unwrap_or("");
        let new = change.new_value.as_deref().unwrap_or("");
        let mut text = self
            .template
            .replace("{subject}", &change.subject)
            .replace("{old}", old)
            .replace("{new}", new);
        if self.kind == K::ThirdPartyAdded
            && (change.subject.to_ascii_lowercase().contains("sdk")
                || new.eq_ignore_ascii_case("sdk"))
        {
            text = text.replacen("新增第三方", "新增第三方SDK", 1);
        }
        text
    }

    /// The provisions a major rule rests on (「GB/T 35273-2020 附录D；个人信息保护法第…条」);
    /// empty for minor rules.
    pub fn citation(&self) -> String {
        citation(self.articles.iter().copied())
    }
}

/// One citation of [`STANDARD`] and the given PIPL articles (each once, in the order given);
/// empty when there are none.
pub fn citation<'a>(articles: impl IntoIterator<Item = &'a str>) -> String {
    let mut distinct: Vec<&str> = Vec::new();
    for article in articles {
        if !distinct.contains(&article) {
            distinct.push(article);
        }
    }
    if distinct.is_empty() {
        return String::new();
    }
    format!("{STANDARD}；个人信息保护法{}", distinct.join("、"))
}

/// True when a right's channel list (「、」-separated) only gained channels: a widening, not a change
/// users must be told about again. Period values (time limits) are never channel lists.
fn only_adds_channels(old: &str, new: &str) -> bool {
    if numbers::period_days(old).is_some() || numbers::period_days(new).is_some() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: SemanticKind, old: Option<&str>, new: Option<&str>) -> SemanticChange {
        SemanticChange {
            old_value: old.map(str::to_owned),
            new_value: new.map(str::to_owned),
            ..SemanticChange::new(kind, "删除权")
        }
    }

    #[test]
    fn every_kind_has_a_rule_and_major_rules_cite_articles() {
        for kind in SemanticKind::ALL {
            let fallback = RULES
                .iter()
                .find(|r| r.kind == kind && r.guard == G::Always);
            assert!(fallback.is_some(), "{kind:?} has no unguarded rule");
        }
        for rule in RULES {
            assert_eq!(
                rule.severity == Severity::Major,
                rule.code.is_some(),
                "{rule:?}"
            );
            assert_eq!(
                rule.severity == Severity::Major,
                !rule.articles.is_empty(),
                "{rule:?}"
            );
        }
    }

    #[test]
    fn guards_pick_the_rule() {
        let shorter = change(K::RightChanged, Some("30天"), Some("15天"));
        assert_eq!(
            Rule::of(&shorter).map(|r| r.severity),
            Some(Severity::Minor)
        );
        let longer = change(K::RightChanged, Some("15天"), Some("30天"));
        assert_eq!(Rule::of(&longer).and_then(|r| r.code), Some(C::Rights));
        let wider = change(K::RightChanged, Some("邮件"), Some("邮件、电话"));
        assert_eq!(Rule::of(&wider).map(|r| r.severity), Some(Severity::Minor));
        let narrower = change(K::RightChanged, Some("邮件、电话"), Some("邮件"));
        assert_eq!(
            Rule::of(&narrower).map(|r| r.severity),
            Some(Severity::Major)
        );
    }

    #[test]
    fn citations_name_each_article_once() {
        assert_eq!(
            citation(["第十四条", "第十七条", "第十七条", "第二十三条"]),
            "GB/T 35273-2020 附录D；个人信息保护法第十四条、第十七条、第二十三条"
        );
        assert_eq!(citation([]), "");
    }

    #[test]
    fn sdk_recipients_are_called_sdks() {
        let mut sdk = change(K::ThirdPartyAdded, None, Some("sdk"));
        sdk.subject = "某推送".into();
        let rule = Rule::of(&sdk).map(|r| r.rationale(&sdk));
        assert_eq!(rule.as_deref(), Some("新增第三方SDK：某推送"));
    }
}
