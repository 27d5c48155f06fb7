//! Practice statements: what each sentence or table row states — who does what with which data,
//! why, under which condition — built from what the dimension extractors found in it ([`Found`]),
//! and the links from the aggregates (data items, third parties, purposes) to them.

use super::context::Category;
use super::cues::Cue;
use super::data_items::US;
use super::modality::{self, Modality};
use super::{audience, clause_start, push_unique, recipients, ClauseView, Context, Unit};
use crate::model::practices::{
    Action, DataItem, NotCollected, Polarity, Purpose, Statement, ThirdParty,
};
use crate::model::Span;
use std::collections::HashMap;

/// The actor of a statement about processing that stays on the user's device.
const DEVICE: &str = "device";

/// How statements name the first party's affiliates (the third party [`recipients::AFFILIATES`]).
const AFFILIATES: &str = "affiliates";

/// A party's name as a statement's actor or recipient: the affiliates by [`AFFILIATES`].
fn as_actor(name: String) -> String {
    if name == recipients::AFFILIATES {
        AFFILIATES.to_owned()
    } else {
        name
    }
}

/// What an extractor found in one unit: the evidence statements are built from.
pub(crate) struct Found {
    /// Index of the clause in [`Context::clauses`].
    pub clause: usize,
    /// Byte offset of the unit in the clause text (the cells of a table row make one statement).
    pub offset: usize,
    /// What was found.
    pub what: What,
}

impl Found {
    /// Evidence found in the unit at `offset` of the clause `view`.
    pub fn at(view: &ClauseView, unit: &Unit, what: What) -> Found {
        Found {
            clause: view.index,
            offset: unit.offset,
            what,
        }
    }
}

/// One finding of a unit.
pub(crate) enum What {
    /// A data item stated (or only defined) in the unit, with who collects it and why.
    Item {
        /// Canonical name.
        name: String,
        /// Who collects it (`us` or third parties' names).
        collectors: Vec<String>,
        /// Purpose codes stated for it.
        purposes: Vec<String>,
        /// Only a definition or example, not a stated collection.
        definition: bool,
    },
    /// An item the unit says is not collected.
    NotCollected(String),
    /// An item the unit says will not be used (or shared) in some way (「不会将…用于广告」).
    NotUsed(String),
    /// Items that stay on the user's device (an on-device clause).
    OnDevice(Vec<String>),
    /// A third party (index into the parties) the unit names, and what it is to the first party.
    Party {
        /// Index into the third parties.
        party: usize,
        /// `Some(action)` when the first party passes data to it (share, entrust …), `None`
        /// when it collects itself (an SDK, a table row's party).
        recipient_of: Option<Action>,
    },
    /// A purpose code the unit states.
    Purpose(String),
    /// A device permission the unit names, with the purposes stated for it.
    Permission {
        /// Canonical permission name.
        name: String,
        /// Purpose codes.
        purposes: Vec<String>,
    },
    /// A retention statement, with its condition and data items.
    Retain {
        /// The condition starting or ending the period, as the retention extractor read it.
        condition: Option<String>,
        /// Canonical data items.
        data: Vec<String>,
    },
    /// A storage location.
    Store,
    /// Personal information stored or transferred outside mainland China.
    Abroad,
}

/// Verbs of the practice cue list that say something other than collection, with the action
/// they state (the first practice verb of a sentence decides; list openers are skipped).
const VERB_ACTIONS: &[(&str, Option<Action>)] = &[
    ("使用", Some(Action::Use)),
    ("处理", Some(Action::Use)),
    ("保存", Some(Action::Store)),
    ("存储", Some(Action::Store)),
    ("储存", Some(Action::Store)),
    ("留存", Some(Action::Store)),
    ("共享", Some(Action::Share)),
    ("分享", Some(Action::Share)),
    ("披露", Some(Action::Disclose)),
    ("转让", Some(Action::Transfer)),
    ("委托", Some(Action::Entrust)),
    ("包括", None),
    ("包含", None),
    ("例如", None),
    ("比如", None),
    ("诸如", None),
    ("涉及", None),
];

/// Words opening a condition (「在您开启…时」「经您同意后」「如果…」).
const CONDITION_OPENERS: &[&str] = &[
    "当您",
    "当你",
    "在您",
    "在你",
    "如果",
    "如您",
    "如你",
    "若您",
    "若你",
    "经您",
    "经你",
    "经过您",
    "征得",
    "在征得",
    "在获得",
    "获得您",
    "在取得",
    "未经",
    "除非",
    "一旦",
    "只有在",
    "仅在",
    "仅当",
];

/// Words ending a condition that speaks of the user (「您注销账号后」「您使用…时」).
const CONDITION_ENDS: &[&str] = &["时", "后", "的情况下", "前提下", "之前"];

/// One statement being built: what distinguishes it from the others of its unit, and its lists.
struct Draft {
    actor: String,
    action: Action,
    recipient: Option<String>,
    data: Vec<String>,
    purposes: Vec<String>,
}

/// The statements of one unit (or table row), found or added by actor, action and recipient.
#[derive(Default)]
struct Drafts(Vec<Draft>);

impl Drafts {
    /// Applies `fill` to the statement of `actor`, `action` and `recipient`, added when new.
    fn with(
        &mut self,
        actor: &str,
        action: Action,
        recipient: Option<&str>,
        fill: impl FnOnce(&mut Draft),
    ) {
        match self
            .0
            .iter_mut()
            .find(|d| d.actor == actor && d.action == action && d.recipient.as_deref() == recipient)
        {
            Some(draft) => fill(draft),
            None => {
                let mut draft = Draft {
                    actor: actor.to_owned(),
                    action,
                    recipient: recipient.map(str::to_owned),
                    data: Vec::new(),
                    purposes: Vec::new(),
                };
                fill(&mut draft);
                self.0.push(draft);
            }
        }
    }
}

/// Builds the statements of a document from the evidence every extractor recorded, in document
/// order; `parties` are the third parties the evidence indexes.
pub(crate) fn build(
    ctx: &Context,
    parties: &[ThirdParty],
    mut found: Vec<Found>,
) -> Vec<Statement> {
    // The cells of a table row state one thing together.
    for f in &mut found {
        if ctx.clauses.get(f.clause).is_some_and(ClauseView::is_row) {
            f.offset = 0;
        }
    }
    found.sort_by_key(|f| (f.clause, f.offset));
    let party_name = |i: usize| parties.get(i).map(|p| p.name.as_str());
    let mut out: Vec<Statement> = Vec::new();
    let mut numbered: Option<(usize, usize)> = None;
    // The audiences of the current clause's units, read once per clause (see [`audiences`]).
    let mut clause_audiences: Option<(usize, Vec<Vec<String>>)> = None;
    for group in found.chunk_by(|a, b| (a.clause, a.offset) == (b.clause, b.offset)) {
        let Some(first) = group.first() else { continue };
        let Some(view) = ctx.clauses.get(first.clause) else {
            continue;
        };
        let unit = if view.is_row() {
            None
        } else {
            view.units.iter().find(|u| u.offset == first.offset)
        };
        let drafts = drafts(group, unit, &party_name);
        let (condition, modality, audience) = match unit {
            Some(unit) => {
                let condition = condition(unit.text);
                let modality = modality::stated(unit, condition.as_deref());
                if clause_audiences
                    .as_ref()
                    .is_none_or(|(clause, _)| *clause != first.clause)
                {
                    clause_audiences = Some((first.clause, audiences(view)));
                }
                let audience = clause_audiences
                    .as_ref()
                    .and_then(|(_, list)| {
                        // Units are in text order.
                        let i = view
                            .units
                            .binary_search_by_key(&unit.offset, |u| u.offset)
                            .ok()?;
                        list.get(i).cloned()
                    })
                    .unwrap_or_default();
                (condition, modality, audience)
            }
            None => (None, Modality::Will, Vec::new()),
        };
        let retention_condition = group.iter().find_map(|f| match &f.what {
            What::Retain { condition, .. } => condition.clone(),
            _ => None,
        });
        let span = match (unit, view.base) {
            (Some(unit), Some(base)) => {
                Span::new(base + unit.offset, base + unit.offset + unit.text.len())
            }
            _ => view.clause.span,
        };
        for draft in drafts.0 {
            let n = match numbered {
                Some((clause, n)) if clause == first.clause => n + 1,
                _ => 1,
            };
            numbered = Some((first.clause, n));
            let category = unit.and_then(|u| category(u, view, draft.action));
            let condition = match draft.action {
                Action::Retain => retention_condition.clone().or_else(|| condition.clone()),
                _ => condition.clone(),
            };
            out.push(Statement {
                id: format!("{}#s{n}", view.id()),
                polarity: draft.action.polarity(),
                actor: as_actor(draft.actor),
                action: draft.action,
                data: draft.data,
                purposes: draft.purposes,
                recipient: draft.recipient.map(as_actor),
                condition,
                audience: audience.clone(),
                modality: modality.code().to_owned(),
                clause: view.id().to_owned(),
                span,
                category,
            });
        }
    }
    out
}

/// The audience of each unit of a clause: the one its sentence states, else the one an earlier
/// sentence of the clause stated (「对于美国的部分用户，我们会…。相关日志会…」 speaks of the same
/// users throughout). One pass over the clause, however many statements it has.
fn audiences(view: &ClauseView) -> Vec<Vec<String>> {
    let mut current: Vec<String> = Vec::new();
    view.units
        .iter()
        .map(|unit| {
            let own = audience::audience(unit.text);
            if !own.is_empty() {
                current = own;
            }
            current.clone()
        })
        .collect()
}

/// The statements of one unit's evidence (see [`build`]).
fn drafts<'p>(
    group: &[Found],
    unit: Option<&Unit>,
    party_name: &dyn Fn(usize) -> Option<&'p str>,
) -> Drafts {
    let mut drafts = Drafts::default();
    // Parties the unit names as recipients, and the one a table row or record describes.
    let recipients: Vec<(&str, Action)> = group
        .iter()
        .filter_map(|f| match f.what {
            What::Party {
                party,
                recipient_of: Some(action),
            } => party_name(party).map(|name| (name, action)),
            _ => None,
        })
        .collect();
    let described = group.iter().find_map(|f| match f.what {
        What::Party {
            party,
            recipient_of: None,
        } => party_name(party),
        _ => None,
    });
    let verb = unit.and_then(verb_action);
    // Adds names (data items or permissions) and purpose codes to a statement.
    let add = |draft: &mut Draft, names: &[String], purposes: &[String]| {
        for name in names {
            push_unique(&mut draft.data, name.as_str());
        }
        for p in purposes {
            push_unique(&mut draft.purposes, p.as_str());
        }
    };
    let mut items: Vec<String> = Vec::new();
    for f in group {
        match &f.what {
            What::Item {
                name,
                collectors,
                purposes,
                definition,
            } => {
                push_unique(&mut items, name.as_str());
                let name = std::slice::from_ref(name);
                if *definition {
                    drafts.with(US, Action::Define, None, |d| add(d, name, &[]));
                    continue;
                }
                for collector in collectors {
                    let (actor, action, recipient) =
                        match recipients.iter().find(|(r, _)| r == collector) {
                            Some(&(recipient, action)) => (US, action, Some(recipient)),
                            None if collector == US => (US, verb.unwrap_or(Action::Collect), None),
                            None => (collector.as_str(), Action::Collect, None),
                        };
                    drafts.with(actor, action, recipient, |d| add(d, name, purposes));
                }
            }
            What::Party {
                party,
                recipient_of,
            } => {
                if let Some(name) = party_name(*party) {
                    match recipient_of {
                        Some(action) => drafts.with(US, *action, Some(name), |_| {}),
                        None => drafts.with(name, Action::Collect, None, |_| {}),
                    }
                }
            }
            What::Permission { name, purposes } => {
                let actor = described.unwrap_or(US);
                drafts.with(actor, Action::Permission, None, |d| {
                    add(d, std::slice::from_ref(name), purposes)
                });
            }
            What::Retain { data, .. } => {
                drafts.with(US, Action::Retain, None, |d| add(d, data, &[]))
            }
            What::Store => drafts.with(US, Action::Store, None, |d| add(d, &items, &[])),
            What::Abroad => drafts.with(US, Action::TransferAbroad, None, |d| add(d, &items, &[])),
            What::NotCollected(name) => drafts.with(US, Action::NotCollect, None, |d| {
                add(d, std::slice::from_ref(name), &[])
            }),
            What::NotUsed(name) => {
                let action = if unit.is_some_and(|u| u.cues.has(Cue::Sharing)) {
                    Action::NotShare
                } else {
                    Action::NotUse
                };
                drafts.with(US, action, None, |d| {
                    add(d, std::slice::from_ref(name), &[])
                });
            }
            What::OnDevice(names) => drafts.with(DEVICE, Action::Use, None, |d| add(d, names, &[])),
            What::Purpose(_) => {}
        }
    }
    // The unit's purposes belong to what it states; alone, they state a use (or what the verb
    // says: a share, a store …; never a collection of nothing).
    let codes: Vec<String> = group
        .iter()
        .filter_map(|f| match &f.what {
            What::Purpose(code) => Some(code.clone()),
            _ => None,
        })
        .collect();
    if !codes.is_empty() {
        let stating = |d: &Draft| {
            d.action.polarity() == Polarity::Affirmative
                && d.action != Action::Define
                && d.actor != DEVICE
        };
        if !drafts.0.iter().any(stating) {
            let action = verb.filter(|a| *a != Action::Collect);
            drafts.with(US, action.unwrap_or(Action::Use), None, |_| {});
        }
        for draft in drafts.0.iter_mut().filter(|d| stating(d)) {
            add(draft, &[], &codes);
        }
    }
    drafts
}

/// The action of the first party's practice in a sentence: its first practice verb's outside a
/// condition (see [`VERB_ACTIONS`]; collection for every other verb), `None` without one.
fn verb_action(unit: &Unit) -> Option<Action> {
    let n = unit.n();
    unit.cues
        .all(Cue::Practice)
        .filter_map(|(s, e)| {
            let verb = n.get(s..e)?;
            let from = clause_start(n, s);
            let to = n
                .get(e..)
                .and_then(|rest| rest.find([',', '.', ';', ':']))
                .map_or(n.len(), |i| e + i);
            if is_condition(n.get(from..to).unwrap_or("")) {
                return None;
            }
            // The user's own act (「您使用…」「您在使用…」) is no practice of ours; what the user
            // provides or fills in is collected.
            let lead = n.get(from..s).unwrap_or("");
            let by_user = (lead.contains('您') || lead.contains('你')) && !lead.contains("我们");
            if verb == "提供" && !by_user && provides_to_another(lead, n.get(e..).unwrap_or("")) {
                return Some(Action::Share);
            }
            match VERB_ACTIONS.iter().find(|(v, _)| *v == verb) {
                Some((_, action)) => action.filter(|_| !by_user),
                None => Some(Action::Collect),
            }
        })
        .next()
}

/// Words of what a provider offers rather than hands over (see [`provides_to_another`]).
const SERVICES: &[&str] = &["服务", "功能", "产品", "帮助", "支持", "便利", "体验"];

/// True when 「提供」 has a recipient other than the user: 「向合作方提供」「提供给合作方」 (what
/// is provided *to the user* — 「向您提供服务」 — or *by the user* is no sharing). `lead` is the
/// clause before the verb, `rest` the text after it.
fn provides_to_another(lead: &str, rest: &str) -> bool {
    let not_the_user = |to: &str| !to.starts_with(['您', '你']) && !to.starts_with("用户");
    // What is provided: a service, a function or help is no data (「向居民提供支付服务」).
    let object = rest.split([',', '.', ';']).next().unwrap_or("");
    if SERVICES.iter().any(|w| object.contains(w)) {
        return false;
    }
    match rest.strip_prefix('给') {
        Some(to) => not_the_user(to),
        None => lead.rfind('向').is_some_and(|at| {
            lead.get(at + '向'.len_utf8()..)
                .is_some_and(|to| !to.is_empty() && not_the_user(to))
        }),
    }
}

/// The condition a sentence states, as written: its comma-separated parts that open with a
/// condition word, or that speak of the user and end like a condition (see [`CONDITION_OPENERS`],
/// [`CONDITION_ENDS`]), joined by 「，」; never the whole sentence.
fn condition(text: &str) -> Option<String> {
    let parts: Vec<&str> = text
        .split(['，', ',', '；', ';', '。', '：', ':'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let conditions: Vec<&str> = parts
        .into_iter()
        .filter(|p| is_condition(p))
        .map(without_list_marker)
        .collect();
    (!conditions.is_empty()).then(|| conditions.join("，"))
}

/// True when one comma-separated part of a sentence is a condition: short, not a definition
/// (「指您…时」), and opening with a condition word or speaking of the user and ending like a
/// condition.
fn is_condition(part: &str) -> bool {
    let part = without_list_marker(part);
    part.chars().count() <= 40
        && !part.starts_with('指')
        && !part.starts_with("是指")
        && (CONDITION_OPENERS.iter().any(|w| part.starts_with(w))
            || ((part.contains('您') || part.contains('你'))
                && CONDITION_ENDS.iter().any(|w| part.ends_with(w))))
}

/// `part` without a list marker or number in front (「（2）」「4.1.2 」).
fn without_list_marker(part: &str) -> &str {
    part.trim().trim_start_matches(|c: char| {
        c.is_ascii_digit() || c.is_whitespace() || "()（）.、".contains(c)
    })
}

/// The context model's category for a statement of `action` in a sentence: the category the
/// action belongs to when the model assigns it, else the first one it assigns.
fn category(unit: &Unit, view: &ClauseView, action: Action) -> Option<String> {
    let categories = unit.context(view.section_title).categories;
    let own = match action {
        Action::Collect | Action::NotCollect | Action::Define => Category::Collection,
        Action::Permission => Category::Permission,
        Action::Use | Action::NotUse => Category::Use,
        Action::Share
        | Action::Entrust
        | Action::Transfer
        | Action::Disclose
        | Action::NotShare => Category::Sharing,
        Action::Store | Action::Retain | Action::TransferAbroad => Category::Storage,
    };
    let chosen = if categories.contains(own) {
        Some(own)
    } else {
        categories.iter().next()
    };
    chosen.map(|c| c.name().to_owned())
}

/// Fills the `statements` lists of the aggregates: a data item lists the affirmative statements
/// naming it (on-device ones and permissions aside), a not-collected item the denials naming it,
/// a third party the statements it is the actor or recipient of, a purpose the statements
/// stating it.
pub(crate) fn link(
    statements: &[Statement],
    items: &mut [DataItem],
    not_collected: &mut [NotCollected],
    parties: &mut [ThirdParty],
    purposes: &mut [Purpose],
) {
    let mut by_item: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut by_denial: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut by_party: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut by_purpose: HashMap<&str, Vec<&str>> = HashMap::new();
    for s in statements {
        let id = s.id.as_str();
        let data_map = match s.action {
            Action::NotCollect => Some(&mut by_denial),
            Action::Permission => None,
            _ if s.polarity == Polarity::Affirmative && s.actor != DEVICE => Some(&mut by_item),
            _ => None,
        };
        if let Some(map) = data_map {
            for d in &s.data {
                map.entry(d).or_default().push(id);
            }
        }
        for party in std::iter::once(s.actor.as_str()).chain(s.recipient.as_deref()) {
            let party = if party == AFFILIATES {
                recipients::AFFILIATES
            } else {
                party
            };
            let ids = by_party.entry(party).or_default();
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
        if s.polarity == Polarity::Affirmative {
            for p in &s.purposes {
                by_purpose.entry(p).or_default().push(id);
            }
        }
    }
    let ids = |map: &HashMap<&str, Vec<&str>>, key: &str| -> Vec<String> {
        map.get(key)
            .map(|v| v.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default()
    };
    for item in items {
        item.statements = ids(&by_item, &item.name);
    }
    for item in not_collected {
        item.statements = ids(&by_denial, &item.name);
    }
    for party in parties {
        party.statements = ids(&by_party, &party.name);
    }
    for purpose in purposes {
        purpose.statements = ids(&by_purpose, &purpose.code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::extract::testing::doc;
    use crate::model::practices::Practices;

    /// Every aggregate lists at least one statement, every listed id exists, and every statement
    /// points at an existing clause and into the document text.
    fn assert_backed(p: &Practices, d: &crate::model::Document) {
        let ids: Vec<&str> = p.statements.iter().map(|s| s.id.as_str()).collect();
        let lists = p
            .data_items
            .iter()
            .map(|i| (&i.name, &i.statements))
            .chain(p.not_collected.iter().map(|i| (&i.name, &i.statements)))
            .chain(p.third_parties.iter().map(|t| (&t.name, &t.statements)))
            .chain(p.purposes.iter().map(|x| (&x.code, &x.statements)));
        for (name, statements) in lists {
            assert!(!statements.is_empty(), "{name} has no statement");
            for id in statements {
                assert!(ids.contains(&id.as_str()), "{name}: unknown {id}");
            }
        }
        for s in &p.statements {
            let clause = d.clauses.iter().find(|c| c.id == s.clause);
            assert!(clause.is_some(), "{}: no clause {}", s.id, s.clause);
            assert!(s.id.starts_with(&format!("{}#s", s.clause)), "{}", s.id);
            assert!(s.span.end() <= d.text.len() && !s.span.slice(&d.text).is_empty());
        }
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "statement ids are unique");
    }

    fn statements(lines: &[&str]) -> Practices {
        let d = doc(lines);
        let p = extract(&d);
        assert_backed(&p, &d);
        p
    }

    #[test]
    fn aggregates_are_backed_by_statements() {
        statements(&[
            "## 一、名词解释",
            "个人敏感信息：包括身份证件号码、银行卡号等。",
            "## 二、我们如何收集和使用您的个人信息",
            "在您注册账号时，您需要提供手机号码和昵称，用于注册登录。",
            "我们不会收集您的通讯录。",
            "我们不会将您的健康数据用于广告投放。",
            "为向您推荐内容，我们可能会收集您的浏览记录。",
            "为了向您提供地图导航，我们会与 Nimbus 分享您的位置信息。",
            "为实现拍照更换头像的功能，我们需要获取您设备的相机权限。",
            "扫码功能会访问您的相机。此信息会保留在您的设备上，我们不会接收您的相机画面。",
            "我们会在账号注销后删除您的个人信息，保存期限为三年。",
            "## 三、第三方SDK",
            "| SDK名称 | 所属公司 | 使用目的 | 收集的个人信息 |",
            "| 极光推送 | 深圳市和讯华谷信息技术有限公司 | 消息推送 | IMEI、OAID |",
        ]);
    }

    #[test]
    fn statements_say_who_does_what_under_which_condition() {
        let p = statements(&[
            "## 我们如何收集和使用您的个人信息",
            "在您注册账号时，您需要提供手机号码，用于注册登录。",
            "经您同意后，我们会收集您的位置信息。",
            "我们不会收集您的通讯录。",
            "为了向您提供地图导航，我们会与 Nimbus 分享您的位置信息。",
            "为提供客户服务，我们会向关联方提供您的订单信息。",
            "| SDK名称 | 所属公司 | 使用目的 | 收集的个人信息 |",
            "| 极光推送 | 深圳市和讯华谷信息技术有限公司 | 消息推送 | IMEI |",
        ]);
        let find = |action: Action, data: &str| {
            p.statements
                .iter()
                .find(|s| s.action == action && s.data.iter().any(|d| d == data))
                .unwrap_or_else(|| panic!("{action:?} {data}: {:#?}", p.statements))
        };
        let phone = find(Action::Collect, "手机号码");
        assert_eq!(phone.actor, "us");
        assert_eq!(phone.condition.as_deref(), Some("在您注册账号时"));
        assert_eq!(phone.purposes, ["registration_login"]);
        assert_eq!(phone.id, "c1#s1");
        let location = find(Action::Collect, "位置信息");
        assert_eq!(location.modality, "only_if_consent");
        assert_eq!(location.condition.as_deref(), Some("经您同意后"));
        let denied = find(Action::NotCollect, "通讯录");
        assert_eq!(denied.polarity, Polarity::Negative);
        let shared = find(Action::Share, "位置信息");
        assert_eq!(
            (shared.actor.as_str(), shared.recipient.as_deref()),
            ("us", Some("Nimbus"))
        );
        let affiliates = find(Action::Share, "订单信息");
        assert_eq!(affiliates.recipient.as_deref(), Some(AFFILIATES));
        let sdk = find(Action::Collect, "IMEI");
        assert_eq!(sdk.actor, "极光推送");
        assert_eq!(sdk.purposes, ["push"]);
        assert_eq!(sdk.category, None);
        let phone_item = p.data_items.iter().find(|i| i.name == "手机号码");
        assert_eq!(
            phone_item.map(|i| i.statements.clone()),
            Some(vec!["c1#s1".to_owned()])
        );
    }

    #[test]
    fn providing_to_another_party_is_sharing() {
        for (sentence, expected) in [
            ("我们会向物流承运方提供您的收货地址。", Action::Share),
            ("我们会把您的收货地址提供给物流承运方。", Action::Share),
            ("注册时您需要提供手机号码。", Action::Collect),
            (
                "为向您提供配送服务，我们会收集您的收货地址。",
                Action::Collect,
            ),
        ] {
            let p = statements(&["## 我们如何收集和使用您的个人信息", sentence]);
            let actions: Vec<Action> = p.statements.iter().map(|s| s.action).collect();
            assert_eq!(actions, [expected], "{sentence}");
        }
        // Providing a service is no sharing.
        let p = statements(&[
            "## 我们如何收集和使用您的个人信息",
            "我们仅向年满十八岁的居民提供理财服务，并会收集您的身份证号码。",
        ]);
        assert!(p.statements.iter().all(|s| s.action != Action::Share));
    }

    #[test]
    fn data_kept_on_the_device_is_a_device_statement() {
        let p = statements(&[
            "## 我们如何收集和使用您的个人信息",
            "本机会整理您的浏览记录，这项处理在设备本地完成。",
        ]);
        assert!(p.data_items.is_empty());
        let s = p.statements.first().map(|s| (s.actor.as_str(), s.action));
        assert_eq!(s, Some((DEVICE, Action::Use)));
    }

    #[test]
    fn conditions_as_written() {
        for (sentence, expected) in [
            (
                "在您开启位置权限时，我们会收集您的位置信息。",
                Some("在您开启位置权限时"),
            ),
            (
                "当您使用搜索功能时，我们会记录搜索词。",
                Some("当您使用搜索功能时"),
            ),
            ("您注销账号后，我们将删除您的信息。", Some("您注销账号后")),
            (
                "当您添加地点时，经您授权，我们会获取您的位置信息。",
                Some("当您添加地点时，经您授权"),
            ),
            ("日志信息：指您使用服务时，系统自动记录的信息。", None),
            ("我们会收集您的手机号码。", None),
            ("我们会收集您的手机号码，用于登录。", None),
        ] {
            assert_eq!(condition(sentence).as_deref(), expected, "{sentence}");
        }
    }
}
