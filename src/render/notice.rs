//! Draft 《隐私政策更新说明》 (`policydiff notice`): the new effective date, the substantive
//! changes in plain Chinese grouped by topic, which of them need renewed or separate consent under
//! the PIPL, and one sentence for the rest. The notice is a model first ([`Notice`]): every claim
//! in it is a [`Sentence`] filled from a template with the changes of the diff behind it (indices
//! into [`DiffReport::changes`]) and their evidence clauses, so `notice --format json` can show
//! where each sentence comes from; Markdown and text are renderings of that model. No clause is
//! pasted whole, and no internal code (purpose codes, kinds) is shown to readers.

use crate::model::diff::{
    Change, ChangeKind, ClauseRef, DiffReport, SemanticChange, SemanticKind, Severity,
};
use crate::model::practices::{Practices, ThirdParty};
use crate::model::Document;
use crate::render::html::{clause_ids, SectionLabels};
use crate::render::markdown;
use crate::render::sanitize::reveal_controls;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write;

/// Who the notice is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The people whose information the policy is about (an app's users).
    #[default]
    Users,
    /// The app developers who integrate an SDK: an SDK's policy is addressed to them, who show
    /// their own users the consent dialogs.
    Developers,
}

impl Audience {
    /// The audience a policy is written for: developers when its title, or one of its first
    /// clauses, says it is an SDK's policy or addresses 开发者; users otherwise.
    pub fn detect(doc: &Document) -> Audience {
        let says_sdk =
            |text: &str| text.to_ascii_uppercase().contains("SDK") || text.contains("开发者");
        let title = doc.title.as_ref().is_some_and(|t| says_sdk(&t.text));
        let opening = doc
            .clauses
            .iter()
            .take(3)
            .any(|c| c.text.contains("开发者"));
        if title || opening {
            Audience::Developers
        } else {
            Audience::Users
        }
    }

    /// Whose information the sentences speak of.
    fn whose(self) -> &'static str {
        match self {
            Audience::Users => "您的",
            Audience::Developers => "最终用户的",
        }
    }
}

/// Options of the notice.
#[derive(Debug, Clone, Default)]
pub struct NoticeOptions {
    /// Product name used in the title (e.g. 「某某健身」); the new version's title otherwise.
    pub product: Option<String>,
    /// Who the notice addresses; detected from the new version ([`Audience::detect`]) when `None`.
    pub audience: Option<Audience>,
}

/// A drafted notice: the frame sentences and the claims, each claim grounded in the diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    /// The policy's name as the title shows it (without 《》).
    pub policy: String,
    /// Who the notice addresses.
    pub audience: Audience,
    /// The new version's effective date as written, when known.
    pub effective_date: Option<String>,
    /// The salutation and opening paragraph (no claim about a change beyond the date).
    pub opening: Vec<String>,
    /// The changes, by topic, in the order readers read them.
    pub topics: Vec<TopicBlock>,
    /// For the drafter: sections with substantive edits the notice could not describe (to be
    /// deleted before publishing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drafting_note: Option<Sentence>,
    /// Which numbered claims need consent again, and under which article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Sentence>,
    /// How many clauses were reworded, and how many edited only in form.
    pub rest: Vec<Sentence>,
    /// The closing paragraph (where to read the policy and ask questions).
    pub closing: String,
}

/// The claims of one topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicBlock {
    /// The topic's heading.
    pub title: String,
    /// Its numbered sentences.
    pub sentences: Vec<Sentence>,
}

/// One sentence of the notice with what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentence {
    /// The sentence as readers see it.
    pub text: String,
    /// Indices into [`DiffReport::changes`] of the changes it states.
    pub changes: Vec<usize>,
    /// The evidence clauses behind it.
    pub evidence: Evidence,
    /// True when it rests on a low-confidence finding (an open-vocabulary or uncategorised item):
    /// the text then starts with 【请核对】.
    pub review: bool,
}

/// Clause ids of both versions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Evidence {
    /// Clause ids in the old version.
    pub old: Vec<String>,
    /// Clause ids in the new version.
    pub new: Vec<String>,
}

/// The mark of a sentence resting on a low-confidence finding.
const REVIEW: &str = "【请核对】";

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
            | K::FunctionAdded
            | K::FunctionRemoved
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

/// The PIPL article under which a change needs consent again (number, as written) and which
/// consent.
type ConsentRule = (u8, &'static str, &'static str);

/// PIPL art. 14: a changed purpose, manner or type of information needs consent again.
const RENEWED: ConsentRule = (14, "第十四条", "重新取得同意");
/// PIPL art. 23: provision to another handler (an independent controller) needs separate consent.
const PROVISION: ConsentRule = (23, "第二十三条", "取得单独同意");
/// PIPL art. 29: sensitive personal information needs separate consent.
const SENSITIVE: ConsentRule = (29, "第二十九条", "取得单独同意");
/// PIPL art. 39: transfer abroad needs separate consent.
const ABROAD: ConsentRule = (39, "第三十九条", "取得单独同意");

/// How a recipient relates to the operator, for readers and for the consent rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RecipientKind {
    /// A third-party SDK inside the product (collects directly: an independent handler).
    Sdk,
    /// An affiliate of the operator.
    Affiliate,
    /// An entrusted processor (PIPL art. 21): processes on the operator's behalf, no separate consent.
    Processor,
    /// Another handler receiving the information.
    ThirdParty,
}

impl RecipientKind {
    fn of(party: Option<&ThirdParty>, evidence: &str) -> RecipientKind {
        let has = |relation: &str| party.is_some_and(|p| p.relations.iter().any(|r| r == relation));
        if has("sdk") {
            RecipientKind::Sdk
        } else if has("entrusted") {
            RecipientKind::Processor
        } else if party.is_some_and(|p| p.name.contains("关联"))
            || evidence.contains("关联公司")
            || evidence.contains("关联方")
        {
            RecipientKind::Affiliate
        } else {
            RecipientKind::ThirdParty
        }
    }

    fn label(self) -> &'static str {
        match self {
            RecipientKind::Sdk => "第三方 SDK",
            RecipientKind::Affiliate => "关联方",
            RecipientKind::Processor => "受托处理者（代表我们处理）",
            RecipientKind::ThirdParty => "第三方",
        }
    }
}

/// The consent rule of a semantic change, if any: separate consent only where the PIPL asks for
/// it (a sensitive item, provision to an independent handler, transfer abroad).
fn consent_rule(
    semantic: &SemanticChange,
    recipient: Option<RecipientKind>,
    facts: &Facts,
) -> Option<ConsentRule> {
    use SemanticKind as K;
    match semantic.kind {
        K::DataItemAdded if facts.sensitive(&semantic.subject) => Some(SENSITIVE),
        K::DataItemAdded
        | K::PurposeAdded
        | K::FunctionAdded
        | K::CommitmentWithdrawn
        | K::ProcessingAdded => Some(RENEWED),
        K::ThirdPartyAdded | K::ThirdPartyExpanded => match recipient {
            Some(RecipientKind::Processor) => None,
            _ => Some(PROVISION),
        },
        K::DataItemSensitive => Some(SENSITIVE),
        K::CrossBorderAdded => Some(ABROAD),
        _ => None,
    }
}

/// What the notice knows of the versions beyond the diff: their extracted practices, when the
/// caller has them, and the texts used to prove removals and spot the operator.
struct Facts<'a> {
    /// The new version's practices.
    practices: Option<&'a Practices>,
    /// The old version's text.
    old_text: &'a str,
    /// The old version's practices.
    old_practices: Option<&'a Practices>,
    new_text: &'a str,
    /// The operator's own names (controller, title words): never announced as a recipient.
    operator: Vec<String>,
}

impl Facts<'_> {
    fn party(&self, subject: &str) -> Option<&ThirdParty> {
        let name = subject.split('（').next().unwrap_or(subject);
        self.practices?
            .third_parties
            .iter()
            .find(|p| p.name == subject || p.name == name)
    }

    fn item(&self, name: &str) -> Option<&crate::model::practices::DataItem> {
        self.practices?.data_items.iter().find(|i| i.name == name)
    }

    fn sensitive(&self, name: &str) -> bool {
        self.item(name).is_some_and(|i| i.sensitive)
    }

    /// An open-vocabulary or uncategorised item: a guess the drafter must check.
    fn low_confidence(&self, name: &str) -> bool {
        self.item(name)
            .is_some_and(|i| i.open || i.category == crate::extract::UNCLASSIFIED)
    }

    /// True when the old version already named the recipient: its text has the name, or its
    /// practices the name or the company the party is named after (a party the comparison took
    /// for new because extraction missed it or it is spelled differently).
    fn named_before(&self, subject: &str) -> bool {
        let (name, company) = name_and_company(subject);
        let same = |a: &str, b: &str| !a.is_empty() && a.eq_ignore_ascii_case(b);
        (name.chars().count() >= 2 && self.old_text.contains(name))
            || self.old_practices.is_some_and(|old| {
                old.third_parties.iter().any(|p| {
                    let old_company = p.company.as_deref().unwrap_or_default();
                    same(&p.name, name)
                        || company.is_some_and(|c| same(&p.name, c))
                        || same(old_company, name)
                })
            })
    }

    /// True for an addition (item, permission, purpose) whose wording the old version already
    /// has: maybe said of something else, maybe collected before under another heading.
    fn worded_before(&self, semantic: &SemanticChange) -> bool {
        use SemanticKind as K;
        matches!(
            semantic.kind,
            K::DataItemAdded | K::PermissionAdded | K::PurposeAdded
        ) && semantic.subject.chars().count() >= 2
            && self.old_text.contains(semantic.subject.as_str())
    }

    /// A recipient named without a company that no SDK registry lists: perhaps not a name at all.
    fn unknown_party(&self, subject: &str) -> bool {
        let (name, company) = name_and_company(subject);
        company.is_none()
            && self.party(subject).is_none_or(|p| p.company.is_none())
            && crate::dictionary::Compiled::builtin()
                .canonical_sdk(name)
                .is_none()
    }

    /// True when the recipient is the operator itself (its company, or the product the title names).
    fn is_operator(&self, subject: &str) -> bool {
        let (name, company) = name_and_company(subject);
        !name.is_empty()
            && self
                .operator
                .iter()
                .any(|o| o == name || company == Some(o.as_str()))
    }
}

/// `极光推送（深圳市和讯华谷信息技术有限公司）` → (`极光推送`, `Some(深圳市和讯华谷信息技术有限公司)`).
fn name_and_company(subject: &str) -> (&str, Option<&str>) {
    match subject.split_once('（') {
        Some((name, rest)) => (name.trim(), rest.strip_suffix('）')),
        None => (subject.trim(), None),
    }
}

/// A purpose code in readers' words (`advertising` → 广告); other names are kept; a code no
/// dictionary names is dropped (`None`), never shown.
fn readable(what: &str) -> Option<String> {
    if !what.is_empty() && what.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        crate::dictionary::Dictionaries::builtin()
            .purposes
            .iter()
            .find(|p| p.code == what)
            .map(|p| p.name.clone())
    } else {
        Some(what.to_owned())
    }
}

/// Drafts the notice from the diff of `old` and `new`; `practices` are the old and new
/// versions' extracted practices, when the caller has them (recipients then name what they
/// receive, items their purposes, and a recipient the old version named is not announced as new).
pub fn draft(
    report: &DiffReport,
    old: &Document,
    new: &Document,
    practices: Option<[&Practices; 2]>,
    options: &NoticeOptions,
) -> Notice {
    let (old_practices, practices) = match practices {
        Some([old, new]) => (Some(old), Some(new)),
        None => (None, None),
    };
    let audience = options.audience.unwrap_or_else(|| Audience::detect(new));
    let mut operator: Vec<String> = practices
        .and_then(|p| p.controller.clone())
        .into_iter()
        .collect();
    if let Some(title) = &report.new_meta.title {
        let product = title
            .split(['《', '》', ' ', '　'])
            .map(|w| {
                w.trim_end_matches("隐私政策")
                    .trim_end_matches("个人信息保护政策")
                    .trim()
            })
            .find(|w| !w.is_empty() && !w.eq_ignore_ascii_case("SDK"));
        operator.extend(product.map(str::to_owned));
    }
    let facts = Facts {
        practices,
        old_text: &old.text,
        old_practices,
        new_text: &new.text,
        operator,
    };
    let (old_labels, new_labels) = (&SectionLabels::new(old), &SectionLabels::new(new));
    let (topics, mut described) = entries(report, old_labels, new_labels, &facts, audience);
    // A change of the date alone is told by the opening sentence.
    described.extend(report.changes.iter().enumerate().filter_map(|(i, c)| {
        (!c.semantic.is_empty()
            && c.semantic
                .iter()
                .all(|s| s.kind == SemanticKind::DateChanged))
        .then_some(i)
    }));
    let policy = match (&options.product, &report.new_meta.title) {
        (Some(product), _) => format!("{product}隐私政策"),
        // A title naming a work inside it (《山海奇谭》游戏…) nests it as 〈〉, as Chinese typography does.
        (None, Some(title)) => title.replace('《', "〈").replace('》', "〉"),
        (None, None) => "隐私政策".to_owned(),
    };
    let effective_date = effective_date(report);
    let cited: Vec<&Place> = topics
        .iter()
        .flat_map(|(_, e)| e)
        .flat_map(|e| &e.places)
        .collect();
    let (unclassified, unclassified_changes) =
        unclassified_places(report, old_labels, new_labels, &cited, &described);
    let opening_tail = if !topics.is_empty() {
        "主要变化如下："
    } else if !unclassified.is_empty() {
        "本次更新调整了部分条款的表述。"
    } else {
        "本次更新不涉及个人信息处理规则的实质变化。"
    };
    let effective = effective_date
        .clone()
        .unwrap_or_else(|| "【请填写生效日期】".to_owned());
    let opening = vec![
        match audience {
            Audience::Users => "尊敬的用户：".to_owned(),
            Audience::Developers => "尊敬的开发者：".to_owned(),
        },
        format!("我们对《{policy}》进行了更新，更新后的版本自{effective}起生效。{opening_tail}"),
    ];
    let mut numbered: Vec<&Entry> = Vec::new();
    let mut blocks = Vec::new();
    for (topic, list) in &topics {
        let mut sentences = Vec::new();
        for entry in list {
            numbered.push(entry);
            let place = if entry.places.is_empty() {
                String::new()
            } else {
                format!("（详见{}）", places_text(&entry.places))
            };
            let mark = if entry.sentence.review { REVIEW } else { "" };
            let mut sentence = entry.sentence.clone();
            sentence.text = format!("{}. {mark}{}{place}", numbered.len(), entry.sentence.text);
            sentences.push(sentence);
        }
        blocks.push(TopicBlock {
            title: topic.title().to_owned(),
            sentences,
        });
    }
    let drafting_note = (!unclassified.is_empty()).then(|| Sentence {
        text: format!(
            "【起草提示，发布前删除：{}有实质性文字修改但未能自动归类，请人工确认是否需要说明。】",
            places_text(&unclassified)
        ),
        evidence: evidence_of(report, &unclassified_changes, &[]),
        changes: unclassified_changes,
        review: true,
    });
    Notice {
        consent: consent_sentence(&numbered, audience),
        rest: rest(report, &described),
        closing: match audience {
            Audience::Users => format!("请您仔细阅读更新后的《{policy}》全文。如您对本次更新有任何疑问，可通过《{policy}》「如何联系我们」部分所列方式与我们联系。"),
            Audience::Developers => format!("请您仔细阅读更新后的《{policy}》全文，并相应更新您的应用的隐私政策及告知同意流程。如您对本次更新有任何疑问，可通过《{policy}》所列方式与我们联系。"),
        },
        policy,
        audience,
        effective_date,
        opening,
        topics: blocks,
        drafting_note,
    }
}

/// The notice as Markdown (headings and numbered lists), for a web page or an announcement editor.
pub fn markdown(notice: &Notice) -> String {
    write_notice(notice, true)
}

/// The notice as plain text, for an e-mail or an in-app message.
pub fn text(notice: &Notice) -> String {
    write_notice(notice, false)
}

fn write_notice(notice: &Notice, markdown: bool) -> String {
    let text = |s: &str| {
        if markdown {
            markdown::escape(s)
        } else {
            reveal_controls(s).into_owned()
        }
    };
    let mut out = String::new();
    let policy = text(&notice.policy);
    if markdown {
        let _ = writeln!(out, "# 《{policy}》更新说明\n");
    } else {
        let _ = writeln!(out, "《{policy}》更新说明\n");
    }
    for line in &notice.opening {
        let _ = writeln!(out, "{}\n", text(line));
    }
    for block in &notice.topics {
        if markdown {
            let _ = writeln!(out, "## {}\n", block.title);
        } else {
            let _ = writeln!(out, "【{}】", block.title);
        }
        for sentence in &block.sentences {
            // The number is ours: written as is, not escaped as a list marker.
            let (number, rest) = sentence
                .text
                .split_once(". ")
                .unwrap_or(("", &sentence.text));
            let _ = writeln!(out, "{number}. {}", text(rest));
        }
        out.push('\n');
    }
    for sentence in notice
        .drafting_note
        .iter()
        .chain(&notice.consent)
        .chain(&notice.rest)
    {
        let _ = writeln!(out, "{}\n", text(&sentence.text));
    }
    let _ = writeln!(out, "{}", text(&notice.closing));
    out
}

/// Every claim of the notice, in reading order.
impl Notice {
    /// The sentences that state changes (numbered entries, the drafting note, the consent line
    /// and the counts of the rest), each with the changes behind it.
    pub fn claims(&self) -> impl Iterator<Item = &Sentence> {
        self.topics
            .iter()
            .flat_map(|b| &b.sentences)
            .chain(&self.drafting_note)
            .chain(&self.consent)
            .chain(&self.rest)
    }
}

/// One numbered entry of the notice before numbering: the sentence, the sections where the
/// details are, and the consent rule it falls under.
struct Entry {
    sentence: Sentence,
    places: Vec<Place>,
    consent: Option<ConsentRule>,
}

/// What merges semantic changes into one entry: topic, kind, whether it needs checking, the
/// consent rule, and the party or subject they share.
type GroupKey = (Topic, SemanticKind, bool, Option<ConsentRule>, String);

/// The semantic changes merged into one entry (one per subject), with the indices of the changes
/// carrying them and the sections where their details are, each in first-seen order; the sets
/// answer "seen already?" in constant time (a report can carry tens of thousands of changes).
#[derive(Default)]
struct Group<'r> {
    semantics: Vec<&'r SemanticChange>,
    subjects: HashSet<&'r str>,
    changes: BTreeSet<usize>,
    sections: Vec<Place>,
    places: HashSet<Place>,
}

/// The numbered entries of the notice, grouped by topic, and the indices of the changes they
/// describe. Entries of one kind and subject group are merged into one sentence naming every
/// item; a new recipient is one entry of its own (what it receives, what for, its link).
fn entries(
    report: &DiffReport,
    old: &SectionLabels,
    new: &SectionLabels,
    facts: &Facts,
    audience: Audience,
) -> (Vec<(Topic, Vec<Entry>)>, HashSet<usize>) {
    let mut grouped: BTreeMap<GroupKey, Group> = BTreeMap::new();
    for (index, change) in report.changes.iter().enumerate() {
        for semantic in change
            .semantic
            .iter()
            .filter(|s| s.severity != Severity::Editorial)
        {
            let Some(topic) = Topic::of(semantic.kind) else {
                continue;
            };
            if !grounded(change, semantic, facts) {
                continue;
            }
            let recipient = is_recipient(semantic.kind).then(|| {
                let party = party_and_item(&semantic.subject).0;
                RecipientKind::of(facts.party(party), &evidence_text(change, semantic))
            });
            let group = match semantic.kind {
                SemanticKind::ThirdPartyExpanded | SemanticKind::ThirdPartyNarrowed => {
                    party_and_item(&semantic.subject).0.to_owned()
                }
                SemanticKind::ThirdPartyAdded => semantic.subject.clone(),
                SemanticKind::DataItemAdded
                | SemanticKind::DataItemSummarised
                | SemanticKind::DataItemDescribed
                | SemanticKind::DataItemRemoved
                | SemanticKind::DataItemSensitive
                | SemanticKind::PermissionAdded
                | SemanticKind::PermissionRemoved
                | SemanticKind::ThirdPartyRemoved
                | SemanticKind::PurposeAdded
                | SemanticKind::PurposeRemoved
                | SemanticKind::FunctionAdded
                | SemanticKind::FunctionRemoved
                | SemanticKind::RightAdded
                | SemanticKind::RightRemoved
                | SemanticKind::ContactAdded
                | SemanticKind::ContactRemoved => String::new(),
                _ => semantic.subject.clone(),
            };
            let review = semantic.kind == SemanticKind::DataItemDescribed
                || facts.worded_before(semantic)
                || (semantic.kind == SemanticKind::ThirdPartyAdded
                    && facts.unknown_party(&semantic.subject))
                || facts.low_confidence(&semantic.subject)
                || facts.low_confidence(party_and_item(&semantic.subject).1);
            let consent = consent_rule(semantic, recipient, facts);
            let slot = grouped
                .entry((topic, semantic.kind, review, consent, group))
                .or_default();
            if slot.subjects.insert(semantic.subject.as_str()) {
                slot.semantics.push(semantic);
            }
            slot.changes.insert(index);
            for section in sections_of(change, semantic, old, new) {
                if slot.places.insert(section.clone()) {
                    slot.sections.push(section);
                }
            }
        }
    }
    let mut topics: BTreeMap<Topic, Vec<Entry>> = BTreeMap::new();
    let mut described = HashSet::new();
    for ((topic, kind, review, consent, _), group) in grouped {
        let Some(text) = sentence(kind, &group.semantics, facts, audience) else {
            continue;
        };
        let changes: Vec<usize> = group.changes.into_iter().collect();
        described.extend(changes.iter().copied());
        topics.entry(topic).or_default().push(Entry {
            sentence: Sentence {
                text,
                evidence: evidence_of(report, &changes, &group.semantics),
                changes,
                review,
            },
            places: group.sections,
            consent,
        });
    }
    (topics.into_iter().collect(), described)
}

fn is_recipient(kind: SemanticKind) -> bool {
    matches!(
        kind,
        SemanticKind::ThirdPartyAdded
            | SemanticKind::ThirdPartyExpanded
            | SemanticKind::ThirdPartyRemoved
            | SemanticKind::ThirdPartyNarrowed
    )
}

/// The text of the clauses a semantic change rests on (its evidence, else its change's clauses).
fn evidence_text(change: &Change, semantic: &SemanticChange) -> String {
    semantic
        .new_evidence
        .iter()
        .chain(&semantic.old_evidence)
        .chain(change.new.as_ref())
        .chain(change.old.as_ref())
        .map(|c| c.text.as_str())
        .collect()
}

/// Whether the notice may state a semantic change: never the operator announced as its own
/// recipient, nor a recipient the old version already named announced as new, and a removal (「不再…」) only when the diff proves it — the clause was deleted, or
/// what is said to be gone was written in the old clause and appears nowhere in the new version.
fn grounded(change: &Change, semantic: &SemanticChange, facts: &Facts) -> bool {
    use SemanticKind as K;
    if is_recipient(semantic.kind) && facts.is_operator(party_and_item(&semantic.subject).0) {
        return false;
    }
    if semantic.kind == K::ThirdPartyAdded && facts.named_before(&semantic.subject) {
        return false;
    }
    let gone = match semantic.kind {
        K::ThirdPartyNarrowed => readable(party_and_item(&semantic.subject).1),
        K::ThirdPartyRemoved => Some(
            party_and_item(&semantic.subject)
                .0
                .split('（')
                .next()
                .unwrap_or_default()
                .to_owned(),
        ),
        K::DataItemRemoved
        | K::PermissionRemoved
        | K::PurposeRemoved
        | K::FunctionRemoved
        | K::ProcessingRemoved
        | K::CrossBorderRemoved
        | K::RightRemoved
        | K::ContactRemoved => Some(semantic.subject.clone()),
        _ => return true,
    };
    if change.kind == ChangeKind::Removed {
        return true;
    }
    let Some(gone) = gone.filter(|g| !g.is_empty()) else {
        return false;
    };
    let old_text: String = semantic
        .old_evidence
        .iter()
        .chain(change.old.as_ref())
        .map(|c| c.text.as_str())
        .collect();
    old_text.contains(gone.as_str()) && !facts.new_text.contains(gone.as_str())
}

/// The clause ids behind a sentence: its semantic changes' evidence, else its changes' clauses.
fn evidence_of(report: &DiffReport, changes: &[usize], semantics: &[&SemanticChange]) -> Evidence {
    let mut evidence = Evidence::default();
    let push = |list: &mut Vec<String>, clause: &ClauseRef| {
        for id in clause_ids(clause) {
            if !list.iter().any(|i| i == id) {
                list.push(id.to_owned());
            }
        }
    };
    for semantic in semantics {
        semantic
            .old_evidence
            .iter()
            .for_each(|c| push(&mut evidence.old, c));
        semantic
            .new_evidence
            .iter()
            .for_each(|c| push(&mut evidence.new, c));
    }
    if evidence.old.is_empty() && evidence.new.is_empty() {
        for change in changes.iter().filter_map(|&i| report.changes.get(i)) {
            change.old.iter().for_each(|c| push(&mut evidence.old, c));
            change.new.iter().for_each(|c| push(&mut evidence.new, c));
        }
    }
    evidence
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

/// The sentence of one entry, from the template of its kind; `None` when nothing readable is left.
fn sentence(
    kind: SemanticKind,
    changes: &[&SemanticChange],
    facts: &Facts,
    audience: Audience,
) -> Option<String> {
    use SemanticKind as K;
    let first = changes.first()?;
    let whose = audience.whose();
    let join = |names: Vec<String>| -> Option<String> {
        let names: Vec<String> = names.into_iter().filter(|s| !s.is_empty()).collect();
        (!names.is_empty()).then(|| names.join("、"))
    };
    let subjects = || {
        join(
            changes
                .iter()
                .filter_map(|c| readable(&c.subject))
                .collect(),
        )
    };
    let items = || {
        join(
            changes
                .iter()
                .filter_map(|c| readable(party_and_item(&c.subject).1))
                .collect(),
        )
    };
    let old = first.old_value.as_deref().unwrap_or("原有规定");
    let new = first.new_value.as_deref().unwrap_or("新的规定");
    let subject = first.subject.as_str();
    Some(match kind {
        K::DataItemAdded => format!(
            "我们将新增收集{whose}以下个人信息：{}。",
            join(
                changes
                    .iter()
                    .map(|c| item_with_purposes(&c.subject, facts))
                    .collect()
            )?
        ),
        K::DataItemSummarised => format!(
            "新版政策使用了以下概括性表述，其涵盖的个人信息此前已列明：{}。",
            subjects()?
        ),
        K::DataItemDescribed => {
            format!("新版政策对以下个人信息作了更具体的描述：{}。", subjects()?)
        }
        K::DataItemRemoved => format!("我们不再收集{whose}以下个人信息：{}。", subjects()?),
        K::DataItemSensitive => format!("以下个人信息将作为敏感个人信息处理：{}。", subjects()?),
        K::PermissionAdded => format!("我们将新增申请以下设备权限：{}。", subjects()?),
        K::PermissionRemoved => format!("我们不再申请以下设备权限：{}。", subjects()?),
        K::ThirdPartyAdded => recipient_sentence(first, facts, whose),
        K::ThirdPartyRemoved => {
            format!("我们不再向以下第三方提供{whose}个人信息：{}。", subjects()?)
        }
        K::ThirdPartyExpanded => {
            format!(
                "{}将新增获取或用于：{}。",
                party_and_item(subject).0,
                items()?
            )
        }
        K::ThirdPartyNarrowed => {
            format!(
                "{}不再获取或用于：{}。",
                party_and_item(subject).0,
                items()?
            )
        }
        K::PurposeAdded => format!("我们将把{whose}个人信息新增用于以下目的：{}。", subjects()?),
        K::PurposeRemoved => format!("我们不再将{whose}个人信息用于以下目的：{}。", subjects()?),
        K::FunctionAdded => format!(
            "我们新增了以下业务功能，并为此处理{whose}个人信息：{}。",
            subjects()?
        ),
        K::FunctionRemoved => format!("新版政策不再提及以下业务功能：{}。", subjects()?),
        K::CommitmentWithdrawn => format!("新版政策删除了原有承诺：{subject}。"),
        K::ProcessingAdded => format!("我们将新增以下处理方式：{}。", readable(subject)?),
        K::ProcessingRemoved => format!("我们不再采用以下处理方式：{}。", readable(subject)?),
        K::RetentionLengthened => format!("{}由{old}延长为{new}。", retention_of(subject)),
        K::RetentionShortened if first.new_value.is_none() => {
            format!("{}不再为{old}。", retention_of(subject))
        }
        K::RetentionShortened => format!("{}由{old}缩短为{new}。", retention_of(subject)),
        K::RetentionChanged => format!("{}由{old}调整为{new}。", retention_of(subject)),
        K::StorageChanged => format!("个人信息的存储地点调整为：{subject}。"),
        K::CrossBorderAdded => format!("{whose}个人信息将被传输至中华人民共和国境外。"),
        K::CrossBorderRemoved => format!("我们不再向境外传输{whose}个人信息。"),
        K::RightAdded => format!("新版政策新增列明以下权利：{}。", subjects()?),
        K::RightRemoved => format!("新版政策不再列明以下权利：{}。", subjects()?),
        K::RightChanged => format!("{subject}由「{old}」调整为「{new}」。"),
        K::ContactAdded => format!("新增以下联系方式：{}。", subjects()?),
        K::ContactChanged => format!("我们的{subject}由{old}变更为{new}。"),
        K::ContactRemoved => format!("以下联系方式不再使用：{}。", subjects()?),
        K::ControllerChanged => format!("本产品的运营主体（个人信息处理者）由{old}变更为{new}。"),
        K::MinorAgeChanged => format!("未成年人的年龄标准由{old}调整为{new}。"),
        K::DateChanged => return None,
    })
}

/// `手机号码` → `手机号码（用于注册登录）` when the new version says what the item is for.
fn item_with_purposes(name: &str, facts: &Facts) -> String {
    let purposes: Vec<String> = facts
        .item(name)
        .map(|i| i.purposes.iter().filter_map(|p| readable(p)).collect())
        .unwrap_or_default();
    if purposes.is_empty() {
        name.to_owned()
    } else {
        format!("{name}（用于{}）", purposes.join("、"))
    }
}

/// One new recipient: name and company, kind, what it receives and what for, and its privacy
/// link, as far as the new version says.
fn recipient_sentence(semantic: &SemanticChange, facts: &Facts, whose: &str) -> String {
    let party = facts.party(&semantic.subject);
    let evidence: String = semantic
        .new_evidence
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    let kind = RecipientKind::of(party, &evidence);
    let mut out = format!("新增{}：{}", kind.label(), semantic.subject);
    if let Some(party) = party {
        let items: Vec<&str> = party.data_items.iter().map(String::as_str).collect();
        if !items.is_empty() {
            let _ = write!(out, "，将获取{whose}{}", items.join("、"));
        }
        let purposes: Vec<String> = party.purposes.iter().filter_map(|p| readable(p)).collect();
        if !purposes.is_empty() {
            let _ = write!(out, "，用于{}", purposes.join("、"));
        }
        if let Some(url) = &party.privacy_url {
            let _ = write!(out, "，其隐私政策：{url}");
        }
    }
    out.push('。');
    out
}

/// `聊天记录` → `聊天记录的保存期限`; a subject that already names a period is kept.
fn retention_of(subject: &str) -> String {
    if subject.contains("期限") || subject.contains("期间") {
        subject.to_owned()
    } else {
        format!("{subject}的保存期限")
    }
}

/// Which numbered entries need consent again, by PIPL article, in one sentence.
fn consent_sentence(numbered: &[&Entry], audience: Audience) -> Option<Sentence> {
    let mut by_rule: BTreeMap<ConsentRule, Vec<usize>> = BTreeMap::new();
    let mut changes = BTreeSet::new();
    let mut evidence = Evidence::default();
    for (n, entry) in numbered.iter().enumerate() {
        if let Some(rule) = entry.consent {
            by_rule.entry(rule).or_default().push(n + 1);
            changes.extend(entry.sentence.changes.iter().copied());
            evidence
                .old
                .extend(entry.sentence.evidence.old.iter().cloned());
            evidence
                .new
                .extend(entry.sentence.evidence.new.iter().cloned());
        }
    }
    if by_rule.is_empty() {
        return None;
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
    let text = match audience {
        Audience::Users => format!(
            "上述变化中，{}。我们将在相关处理开始前以弹窗等方式另行征求您的同意，您可以拒绝，拒绝不影响您使用与之无关的功能。",
            parts.join("；")
        ),
        Audience::Developers => format!(
            "上述变化中，{}。请您在应用中更新隐私政策，并在相关处理开始前向最终用户告知并取得相应的同意。",
            parts.join("；")
        ),
    };
    evidence.old.dedup();
    evidence.new.dedup();
    Some(Sentence {
        text,
        changes: changes.into_iter().collect(),
        evidence,
        review: false,
    })
}

/// The rest in one sentence each: how many clauses were reworded (substantive edits the notice
/// does not describe) and how many edited only in form.
fn rest(report: &DiffReport, described: &HashSet<usize>) -> Vec<Sentence> {
    let pick = |editorial: bool| -> Vec<usize> {
        report
            .changes
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                (c.severity == Severity::Editorial) == editorial && !described.contains(i)
            })
            .map(|(i, _)| i)
            .collect()
    };
    let (reworded, editorial) = (pick(false), pick(true));
    let mut out = Vec::new();
    if !reworded.is_empty() {
        out.push(Sentence {
            text: format!(
                "另有 {} 处条款的表述有所调整，详见新版政策。",
                reworded.len()
            ),
            evidence: evidence_of(report, &reworded, &[]),
            changes: reworded,
            review: false,
        });
    }
    if !editorial.is_empty() {
        out.push(Sentence {
            text: format!(
                "此外，本次更新还对 {} 处条款作了文字、标点、编号或排版上的修订，不影响个人信息的处理规则。",
                editorial.len()
            ),
            evidence: evidence_of(report, &editorial, &[]),
            changes: editorial,
            review: false,
        });
    }
    out
}

/// Where the substantive changes the notice does not describe are, for the drafter, with those
/// changes; sections the entries already cite are left out (the reader is sent there anyway).
fn unclassified_places(
    report: &DiffReport,
    old: &SectionLabels,
    new: &SectionLabels,
    cited: &[&Place],
    described: &HashSet<usize>,
) -> (Vec<Place>, Vec<usize>) {
    // Sets beside the lists: a large diff has thousands of changes and sections.
    let cited: HashSet<&str> = cited.iter().map(|c| c.section.as_str()).collect();
    let mut seen: HashSet<Place> = HashSet::new();
    let mut out: Vec<Place> = Vec::new();
    let mut changes = Vec::new();
    for (index, change) in report.changes.iter().enumerate() {
        if change.severity == Severity::Editorial || described.contains(&index) {
            continue;
        }
        let place = match (&change.new, &change.old) {
            (Some(clause), _) => places(new, false, std::slice::from_ref(clause)),
            (None, Some(clause)) => places(old, true, std::slice::from_ref(clause)),
            (None, None) => Vec::new(),
        };
        let mut counted = false;
        for place in place {
            if !cited.contains(place.section.as_str()) && seen.insert(place.clone()) {
                out.push(place);
                counted = true;
            }
        }
        if counted {
            changes.push(index);
        }
    }
    (out, changes)
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
                old_value: Some("旧值".to_owned()),
                new_value: Some("新值".to_owned()),
                severity: Severity::Major,
                ..SemanticChange::new(kind, "甲方：某项")
            };
            assert!(Topic::of(kind).is_some(), "{kind:?}");
            let facts = Facts {
                practices: None,
                old_text: "",
                old_practices: None,
                new_text: "",
                operator: Vec::new(),
            };
            let text = sentence(kind, &[&change], &facts, Audience::Users).unwrap_or_default();
            assert!(text.ends_with('。'), "{kind:?}: {text}");
        }
        assert!(Topic::of(K::DateChanged).is_none());
    }

    #[test]
    fn purpose_codes_read_as_words_and_unknown_codes_are_dropped() {
        assert_eq!(readable("advertising").as_deref(), Some("广告"));
        assert_eq!(readable("no_such_code"), None);
        assert_eq!(readable("设备标识符").as_deref(), Some("设备标识符"));
    }

    #[test]
    fn removals_are_stated_only_when_the_diff_proves_them() {
        let clause = |text: &str| ClauseRef {
            id: "二/1".to_owned(),
            run: Vec::new(),
            text: text.to_owned(),
            span: crate::model::Span(0, text.len()),
            kind: crate::model::ClauseKind::Paragraph,
        };
        let removed = |subject: &str| SemanticChange {
            old_evidence: vec![clause("我们将信息用于支付交易。")],
            ..SemanticChange::new(SemanticKind::PurposeRemoved, subject)
        };
        let change = |kind| Change {
            kind,
            severity: Severity::Minor,
            codes: Vec::new(),
            summary: String::new(),
            old: Some(clause("我们将信息用于支付交易。")),
            new: None,
            moved: false,
            tokens: Vec::new(),
            semantic: Vec::new(),
        };
        let facts = |new_text| Facts {
            practices: None,
            old_text: "",
            old_practices: None,
            new_text,
            operator: vec!["甲公司".to_owned()],
        };
        let cases = [
            (ChangeKind::Removed, "支付交易", "", true),
            (ChangeKind::Modified, "支付交易", "其他内容", true),
            (ChangeKind::Modified, "支付交易", "用于支付交易", false),
            (ChangeKind::Modified, "法律合规", "其他内容", false),
        ];
        for (kind, subject, new_text, want) in cases {
            assert_eq!(
                grounded(&change(kind), &removed(subject), &facts(new_text)),
                want,
                "{kind:?} {subject} {new_text}"
            );
        }
        let mut operator = removed("甲公司");
        operator.kind = SemanticKind::ThirdPartyAdded;
        assert!(!grounded(&change(ChangeKind::Added), &operator, &facts("")));
    }

    #[test]
    fn a_recipient_the_old_version_named_is_not_new() {
        let party = |name: &str, company: Option<&str>| ThirdParty {
            name: name.to_owned(),
            company: company.map(str::to_owned),
            ..ThirdParty::default()
        };
        let old = Practices {
            third_parties: vec![party("Adjust GmbH", None), party("极光推送", None)],
            ..Practices::default()
        };
        let facts = Facts {
            practices: None,
            old_text: "……与百度地图共享……",
            old_practices: Some(&old),
            new_text: "",
            operator: Vec::new(),
        };
        let cases = [
            ("Adjust（Adjust GmbH）", true),
            ("极光推送", true),
            ("百度地图（北京百度网讯科技有限公司）", true),
            ("友盟统计（友盟同欣（北京）科技有限公司）", false),
        ];
        for (subject, want) in cases {
            assert_eq!(facts.named_before(subject), want, "{subject}");
        }
    }
}
