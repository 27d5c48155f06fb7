//! Draft 《隐私政策更新说明》 for users (`policydiff notice`): the new effective date, the
//! substantive changes in plain Chinese grouped by topic, which of them need renewed or separate
//! consent under the PIPL, and one sentence for the editorial rest. Every sentence comes from a
//! template filled from the structured diff (kind, subject, old and new values, evidence); no
//! clause is pasted whole.

use crate::model::diff::{Change, ClauseRef, DiffReport, SemanticChange, SemanticKind, Severity};
use crate::model::Document;
use crate::render::html::{clause_ids, SectionLabels};
use crate::render::markdown;
use crate::render::sanitize::reveal_controls;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

/// Output format of the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum NoticeFormat {
    /// Markdown (headings and numbered lists), for a web page or an announcement editor.
    #[default]
    Markdown,
    /// Plain text, for an e-mail or an in-app message.
    Text,
}

/// The topics of the notice, in the order users read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Topic {
    DataItems,
    ThirdParties,
    Purposes,
    Storage,
    Rights,
    Contact,
    Other,
}

impl Topic {
    fn title(self) -> &'static str {
        match self {
            Topic::DataItems => "新增收集的个人信息及其目的",
            Topic::ThirdParties => "新增或变更的第三方及其收集的信息",
            Topic::Purposes => "处理目的的变化",
            Topic::Storage => "存储地点与期限的变化",
            Topic::Rights => "您的权利及行使方式的变化",
            Topic::Contact => "联系方式与运营主体的变化",
            Topic::Other => "其他变化",
        }
    }

    fn of(kind: SemanticKind) -> Option<Topic> {
        use SemanticKind as K;
        Some(match kind {
            K::DataItemAdded
            | K::DataItemSummarised
            | K::DataItemDescribed
            | K::DataItemRemoved
            | K::DataItemSensitive
            | K::PermissionAdded
            | K::PermissionRemoved => Topic::DataItems,
            K::ThirdPartyAdded
            | K::ThirdPartyRemoved
            | K::ThirdPartyExpanded
            | K::ThirdPartyNarrowed => Topic::ThirdParties,
            K::PurposeAdded
            | K::PurposeRemoved
            | K::CommitmentWithdrawn
            | K::ProcessingAdded
            | K::ProcessingRemoved => Topic::Purposes,
            K::RetentionLengthened
            | K::RetentionShortened
            | K::RetentionChanged
            | K::StorageChanged
            | K::CrossBorderAdded
            | K::CrossBorderRemoved => Topic::Storage,
            K::RightAdded | K::RightRemoved | K::RightChanged => Topic::Rights,
            K::ContactAdded | K::ContactRemoved | K::ContactChanged | K::ControllerChanged => {
                Topic::Contact
            }
            K::MinorAgeChanged => Topic::Other,
            K::DateChanged => return None,
        })
    }
}

/// The PIPL article under which a kind of change needs consent again (number, as written) and
/// which consent.
type ConsentRule = (u8, &'static str, &'static str);

/// The consent rule of a kind of change, if any.
fn consent_rule(kind: SemanticKind) -> Option<ConsentRule> {
    use SemanticKind as K;
    match kind {
        K::DataItemAdded | K::PurposeAdded | K::CommitmentWithdrawn | K::ProcessingAdded => {
            Some((14, "第十四条", "重新取得您的同意"))
        }
        K::ThirdPartyAdded | K::ThirdPartyExpanded => Some((23, "第二十三条", "取得您的单独同意")),
        K::DataItemSensitive => Some((29, "第二十九条", "取得您的单独同意")),
        K::CrossBorderAdded => Some((39, "第三十九条", "取得您的单独同意")),
        _ => None,
    }
}

/// Options of the notice.
#[derive(Debug, Clone, Default)]
pub struct NoticeOptions {
    /// Product name used in the title (e.g. 「某某健身」); the new version's title otherwise.
    pub product: Option<String>,
    /// Markdown or plain text.
    pub format: NoticeFormat,
}

/// One numbered entry of the notice: a sentence, the sections where the details are, and the
/// consent rule it falls under.
struct Entry {
    sentence: String,
    sections: Vec<Place>,
    consent: Option<ConsentRule>,
}

/// Renders the draft notice for users from the diff of `old` and `new`.
pub fn render(
    report: &DiffReport,
    old: &Document,
    new: &Document,
    options: &NoticeOptions,
) -> String {
    let text = |s: &str| match options.format {
        NoticeFormat::Markdown => markdown::escape(s),
        NoticeFormat::Text => reveal_controls(s).into_owned(),
    };
    let (old, new) = (&SectionLabels::new(old), &SectionLabels::new(new));
    let topics = entries(report, old, new);
    let mut out = String::new();
    let policy = match (&options.product, &report.new_meta.title) {
        (Some(product), _) => format!("{product}隐私政策"),
        // A title naming a work inside it (《山海奇谭》游戏…) nests it as 〈〉, as Chinese typography does.
        (None, Some(title)) => title.replace('《', "〈").replace('》', "〉"),
        (None, None) => "隐私政策".to_owned(),
    };
    let policy = text(&policy);
    match options.format {
        NoticeFormat::Markdown => {
            let _ = writeln!(out, "# 《{policy}》更新说明\n");
        }
        NoticeFormat::Text => {
            let _ = writeln!(out, "《{policy}》更新说明\n");
        }
    }
    let effective =
        effective_date(report).map_or_else(|| "【请填写生效日期】".to_owned(), |d| text(&d));
    let _ = writeln!(out, "尊敬的用户：\n");
    let cited: Vec<&Place> = topics
        .values()
        .flatten()
        .flat_map(|e| &e.sections)
        .collect();
    let unclassified = unclassified_places(report, old, new, &cited);
    let opening = if !topics.is_empty() {
        "主要变化如下："
    } else if !unclassified.is_empty() {
        "本次更新调整了部分条款的表述。"
    } else {
        "本次更新不涉及个人信息处理规则的实质变化。"
    };
    let _ = writeln!(
        out,
        "我们对《{policy}》进行了更新，更新后的版本自{effective}起生效。{opening}\n"
    );
    let mut numbered: Vec<&Entry> = Vec::new();
    for (topic, list) in &topics {
        match options.format {
            NoticeFormat::Markdown => {
                let _ = writeln!(out, "## {}\n", topic.title());
            }
            NoticeFormat::Text => {
                let _ = writeln!(out, "【{}】", topic.title());
            }
        }
        for entry in list {
            numbered.push(entry);
            let place = if entry.sections.is_empty() {
                String::new()
            } else {
                format!("（详见{}）", places_text(&entry.sections))
            };
            let _ = writeln!(
                out,
                "{}. {}{}",
                numbered.len(),
                text(&entry.sentence),
                text(&place)
            );
        }
        out.push('\n');
    }
    if !unclassified.is_empty() {
        let _ = writeln!(
            out,
            "【起草提示，发布前删除：{}有实质性文字修改但未能自动归类，请人工确认是否需要向用户说明。】\n",
            text(&places_text(&unclassified))
        );
    }
    consent_line(&mut out, &numbered);
    closing(&mut out, report, &policy);
    out
}

/// The numbered entries of the notice, grouped by topic; entries of one kind and subject group
/// are merged into one sentence naming every item.
fn entries(
    report: &DiffReport,
    old: &SectionLabels,
    new: &SectionLabels,
) -> BTreeMap<Topic, Vec<Entry>> {
    // (topic, kind, group) → (subjects with values, sections), in first-seen order.
    let mut grouped: BTreeMap<GroupKey, Group> = BTreeMap::new();
    for change in report
        .changes
        .iter()
        .filter(|c| c.severity != Severity::Editorial)
    {
        for semantic in change
            .semantic
            .iter()
            .filter(|s| s.severity != Severity::Editorial)
        {
            let Some(topic) = Topic::of(semantic.kind) else {
                continue;
            };
            let group = match semantic.kind {
                SemanticKind::ThirdPartyExpanded | SemanticKind::ThirdPartyNarrowed => {
                    party_and_item(&semantic.subject).0.to_owned()
                }
                SemanticKind::DataItemAdded
                | SemanticKind::DataItemSummarised
                | SemanticKind::DataItemDescribed
                | SemanticKind::DataItemRemoved
                | SemanticKind::DataItemSensitive
                | SemanticKind::PermissionAdded
                | SemanticKind::PermissionRemoved
                | SemanticKind::ThirdPartyAdded
                | SemanticKind::ThirdPartyRemoved
                | SemanticKind::PurposeAdded
                | SemanticKind::PurposeRemoved
                | SemanticKind::RightAdded
                | SemanticKind::RightRemoved
                | SemanticKind::ContactAdded
                | SemanticKind::ContactRemoved => String::new(),
                _ => semantic.subject.clone(),
            };
            let slot = grouped.entry((topic, semantic.kind, group)).or_default();
            if slot.subjects.insert(semantic.subject.as_str()) {
                slot.changes.push(semantic);
            }
            for section in sections_of(change, semantic, old, new) {
                if slot.places.insert(section.clone()) {
                    slot.sections.push(section);
                }
            }
        }
    }
    let mut topics: BTreeMap<Topic, Vec<Entry>> = BTreeMap::new();
    for (
        (topic, kind, _),
        Group {
            changes, sections, ..
        },
    ) in grouped
    {
        let Some(sentence) = sentence(kind, &changes) else {
            continue;
        };
        topics.entry(topic).or_default().push(Entry {
            sentence,
            sections,
            consent: consent_rule(kind),
        });
    }
    topics
}

/// What merges semantic changes into one entry: topic, kind, and the party or subject they share.
type GroupKey = (Topic, SemanticKind, String);
/// The semantic changes merged into one entry (one per subject), and the sections where their
/// details are, each in first-seen order; the sets answer "seen already?" in constant time (a
/// report can carry tens of thousands of changes).
#[derive(Default)]
struct Group<'r> {
    changes: Vec<&'r SemanticChange>,
    subjects: HashSet<&'r str>,
    sections: Vec<Place>,
    places: HashSet<Place>,
}

/// `极光推送：设备标识符` → (`极光推送`, `设备标识符`).
fn party_and_item(subject: &str) -> (&str, &str) {
    subject.split_once('：').unwrap_or((subject, ""))
}

/// A section of one of the versions, named for readers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Place {
    /// True for a section of the old version (the details are only there).
    old: bool,
    /// The section label, e.g. `「二 我们如何共享信息」`.
    section: String,
}

/// Places joined for a sentence: `新版政策「二 …」「五 …」、原政策「八 …」`.
fn places_text(places: &[Place]) -> String {
    let mut parts = Vec::new();
    for (old, name) in [(false, "新版政策"), (true, "原政策")] {
        let sections: Vec<&str> = places
            .iter()
            .filter(|p| p.old == old)
            .map(|p| p.section.as_str())
            .collect();
        if !sections.is_empty() {
            parts.push(format!("{name}{}", sections.concat()));
        }
    }
    parts.join("、")
}

/// The places of the first clause of each reference, without repeats.
fn places(labels: &SectionLabels, old: bool, clauses: &[ClauseRef]) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::new();
    for clause in clauses {
        if let Some(id) = clause_ids(clause).next() {
            let place = Place {
                old,
                section: labels.label(id),
            };
            if !out.contains(&place) {
                out.push(place);
            }
        }
    }
    out
}

/// Where the details of a semantic change are: the sections of its evidence (new version
/// first), else of the clause change carrying it, else where the old version said it.
fn sections_of(
    change: &Change,
    semantic: &SemanticChange,
    old: &SectionLabels,
    new: &SectionLabels,
) -> Vec<Place> {
    let mut sections = places(new, false, &semantic.new_evidence);
    if sections.is_empty() {
        sections = places(new, false, change.new.as_slice());
    }
    if sections.is_empty() {
        sections = places(old, true, &semantic.old_evidence);
    }
    if sections.is_empty() {
        sections = places(old, true, change.old.as_slice());
    }
    sections.truncate(3);
    sections
}

/// The sentence of one entry, from the template of its kind.
fn sentence(kind: SemanticKind, changes: &[&SemanticChange]) -> Option<String> {
    use SemanticKind as K;
    let first = changes.first()?;
    let subjects = || {
        changes
            .iter()
            .map(|c| c.subject.as_str())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("、")
    };
    let items = || {
        changes
            .iter()
            .map(|c| party_and_item(&c.subject).1)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("、")
    };
    let old = first.old_value.as_deref().unwrap_or("原有规定");
    let new = first.new_value.as_deref().unwrap_or("新的规定");
    let subject = first.subject.as_str();
    Some(match kind {
        K::DataItemAdded => format!("我们将新增收集您的以下个人信息：{}。", subjects()),
        K::DataItemSummarised => format!(
            "新版政策使用了以下概括性表述，其涵盖的个人信息此前已列明：{}。",
            subjects()
        ),
        K::DataItemDescribed => format!(
            "【请核对】新版政策对以下个人信息作了更具体的描述：{}。",
            subjects()
        ),
        K::DataItemRemoved => format!("我们不再收集您的以下个人信息：{}。", subjects()),
        K::DataItemSensitive => format!("以下个人信息将作为敏感个人信息处理：{}。", subjects()),
        K::PermissionAdded => format!("我们将新增申请以下设备权限：{}。", subjects()),
        K::PermissionRemoved => format!("我们不再申请以下设备权限：{}。", subjects()),
        K::ThirdPartyAdded => format!(
            "新增以下接收或收集您个人信息的第三方（含第三方 SDK）：{}。",
            subjects()
        ),
        K::ThirdPartyRemoved => format!("我们不再向以下第三方提供您的个人信息：{}。", subjects()),
        K::ThirdPartyExpanded => {
            format!(
                "{}将新增获取或用于：{}。",
                party_and_item(subject).0,
                items()
            )
        }
        K::ThirdPartyNarrowed => {
            format!("{}不再获取或用于：{}。", party_and_item(subject).0, items())
        }
        K::PurposeAdded => format!("我们将把您的个人信息新增用于以下目的：{}。", subjects()),
        K::PurposeRemoved => format!("我们不再将您的个人信息用于以下目的：{}。", subjects()),
        K::CommitmentWithdrawn => format!("新版政策删除了原有承诺：{subject}。"),
        K::ProcessingAdded => format!("我们将新增以下处理方式：{subject}。"),
        K::ProcessingRemoved => format!("我们不再采用以下处理方式：{subject}。"),
        K::RetentionLengthened => format!("{}由{old}延长为{new}。", retention_of(subject)),
        K::RetentionShortened => format!("{}由{old}缩短为{new}。", retention_of(subject)),
        K::RetentionChanged => format!("{}由{old}调整为{new}。", retention_of(subject)),
        K::StorageChanged => format!("个人信息的存储地点调整为：{subject}。"),
        K::CrossBorderAdded => "您的个人信息将被传输至中华人民共和国境外。".to_owned(),
        K::CrossBorderRemoved => "我们不再向境外传输您的个人信息。".to_owned(),
        K::RightAdded => format!("您新增享有以下权利：{}。", subjects()),
        K::RightRemoved => format!("新版政策不再列明以下权利：{}。", subjects()),
        K::RightChanged => format!("{subject}由「{old}」调整为「{new}」。"),
        K::ContactAdded => format!("新增以下联系方式：{}。", subjects()),
        K::ContactChanged => format!("我们的{subject}由{old}变更为{new}。"),
        K::ContactRemoved => format!("以下联系方式不再使用：{}。", subjects()),
        K::ControllerChanged => format!("本产品的运营主体（个人信息处理者）由{old}变更为{new}。"),
        K::MinorAgeChanged => format!("未成年人的年龄标准由{old}调整为{new}。"),
        K::DateChanged => return None,
    })
}

/// `聊天记录` → `聊天记录的保存期限`; a subject that already names a period is kept.
fn retention_of(subject: &str) -> String {
    if subject.contains("期限") || subject.contains("期间") {
        subject.to_owned()
    } else {
        format!("{subject}的保存期限")
    }
}

/// Which numbered entries need consent again, by PIPL article.
fn consent_line(out: &mut String, numbered: &[&Entry]) {
    let mut by_rule: BTreeMap<ConsentRule, Vec<usize>> = BTreeMap::new();
    for (n, entry) in numbered.iter().enumerate() {
        if let Some(rule) = entry.consent {
            by_rule.entry(rule).or_default().push(n + 1);
        }
    }
    if by_rule.is_empty() {
        return;
    }
    let parts: Vec<String> = by_rule
        .iter()
        .map(|((_, article, consent), numbers)| {
            let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
            format!(
                "第{}项依据《个人信息保护法》{article}需{consent}",
                numbers.join("、")
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "上述变化中，{}。我们将在相关处理开始前以弹窗等方式另行征求您的同意，您可以拒绝，拒绝不影响您使用与之无关的功能。\n",
        parts.join("；")
    );
}

/// The rest in one sentence each: how many clauses were reworded and how many edited only in
/// form, and where to ask questions.
fn closing(out: &mut String, report: &DiffReport, policy: &str) {
    let count = |editorial: bool| {
        report
            .changes
            .iter()
            .filter(|c| {
                (c.severity == Severity::Editorial) == editorial && is_unclassified(c) != editorial
            })
            .count()
    };
    let (reworded, editorial) = (count(false), count(true));
    if reworded > 0 {
        let _ = writeln!(
            out,
            "另有 {reworded} 处条款的表述有所调整，详见新版政策。\n"
        );
    }
    if editorial > 0 {
        let _ = writeln!(
            out,
            "此外，本次更新还对 {editorial} 处条款作了文字、标点、编号或排版上的修订，不影响您的权利和义务。\n"
        );
    }
    let _ = writeln!(
        out,
        "请您仔细阅读更新后的《{policy}》全文。如您对本次更新有任何疑问，可通过《{policy}》「如何联系我们」部分所列方式与我们联系。"
    );
}

/// True for a clause change that is more than editorial but carries no substantive semantic
/// change the notice could describe.
fn is_unclassified(change: &Change) -> bool {
    change.severity != Severity::Editorial
        && change
            .semantic
            .iter()
            .all(|s| s.severity == Severity::Editorial || Topic::of(s.kind).is_none())
}

/// Where the changes the notice cannot describe are, for the drafter; sections the entries
/// already cite are left out (the reader is sent there anyway).
fn unclassified_places(
    report: &DiffReport,
    old: &SectionLabels,
    new: &SectionLabels,
    cited: &[&Place],
) -> Vec<Place> {
    // Sets beside the lists: a large diff has thousands of changes and sections.
    let cited: HashSet<&str> = cited.iter().map(|c| c.section.as_str()).collect();
    let mut seen: HashSet<Place> = HashSet::new();
    let mut out: Vec<Place> = Vec::new();
    for change in report.changes.iter().filter(|c| is_unclassified(c)) {
        let place = match (&change.new, &change.old) {
            (Some(clause), _) => places(new, false, std::slice::from_ref(clause)),
            (None, Some(clause)) => places(old, true, std::slice::from_ref(clause)),
            (None, None) => Vec::new(),
        };
        for place in place {
            if !cited.contains(place.section.as_str()) && seen.insert(place.clone()) {
                out.push(place);
            }
        }
    }
    out
}

/// The new version's effective date: the changed date, else a 生效 or 更新 metadata line.
fn effective_date(report: &DiffReport) -> Option<String> {
    let dates = &report.new_meta.dates;
    dates
        .iter()
        .find(|(label, _)| label.contains("生效"))
        .or_else(|| dates.iter().find(|(label, _)| label.contains("更新")))
        .map(|(_, value)| value.trim().to_owned())
        .or_else(|| {
            report
                .changes
                .iter()
                .flat_map(|c| &c.semantic)
                .find(|s| s.kind == SemanticKind::DateChanged)
                .and_then(|s| s.new_value.clone())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_subjects_read_naturally() {
        let cases = [
            ("聊天记录", "聊天记录的保存期限"),
            ("保存期限", "保存期限"),
            ("个人信息", "个人信息的保存期限"),
        ];
        for (subject, want) in cases {
            assert_eq!(retention_of(subject), want);
        }
    }

    #[test]
    fn places_group_by_version() {
        let place = |old: bool, section: &str| Place {
            old,
            section: section.to_owned(),
        };
        let cases = [
            (
                vec![place(false, "「二」"), place(false, "「五」")],
                "新版政策「二」「五」",
            ),
            (
                vec![place(true, "「八」"), place(false, "「二」")],
                "新版政策「二」、原政策「八」",
            ),
            (vec![], ""),
        ];
        for (places, want) in cases {
            assert_eq!(places_text(&places), want);
        }
    }

    #[test]
    fn every_substantive_kind_has_a_topic_and_a_sentence() {
        use SemanticKind as K;
        let kinds = [
            K::DataItemAdded,
            K::ThirdPartyExpanded,
            K::CommitmentWithdrawn,
            K::RetentionShortened,
            K::CrossBorderRemoved,
            K::RightChanged,
            K::ControllerChanged,
            K::ContactChanged,
            K::DataItemSummarised,
            K::DataItemDescribed,
            K::MinorAgeChanged,
        ];
        for kind in kinds {
            let change = SemanticChange {
                kind,
                subject: "某项".to_owned(),
                old_value: Some("旧值".to_owned()),
                new_value: Some("新值".to_owned()),
                severity: Severity::Major,
                codes: Vec::new(),
                rationale: String::new(),
                citation: String::new(),
                old_evidence: Vec::new(),
                new_evidence: Vec::new(),
                evidence: None,
            };
            assert!(Topic::of(kind).is_some(), "{kind:?}");
            let text = sentence(kind, &[&change]).unwrap_or_default();
            assert!(text.ends_with('。'), "{kind:?}: {text}");
        }
        assert!(Topic::of(K::DateChanged).is_none());
    }
}
