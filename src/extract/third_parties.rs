//! Third parties: SDK/partner tables (columns recognised by meaning, any order), key-value SDK
//! lists (「SDK名称：… 所属公司：…」), and registry names in sentences about sharing, entrusted
//! processing, transfer or disclosure. The registry fills in a company the policy leaves out.

use super::cues::Cue;
use super::recipients;
use super::statements::{Found, What};
use super::{is_blank_cell, push_clause_id, push_unique, ClauseView, Column, Context, Topic, Unit};
use crate::model::practices::{Action, ThirdParty};
use crate::model::ClauseKind;
use crate::normalize::normalize;
use std::collections::HashMap;

/// Third parties found, with where each came from.
pub(crate) struct Findings {
    /// The parties, in order of first mention.
    pub parties: Vec<ThirdParty>,
    /// Registry entry of each party (same index), when it is a known SDK.
    registry: Vec<Option<usize>>,
    /// (clause id, unit offset) → party, for table cells and key-value lines (all about that party).
    structured: HashMap<(String, usize), usize>,
    /// (clause id, unit offset) → parties a sentence of prose names.
    named_in: HashMap<(String, usize), Vec<usize>>,
    /// Normalised name → indices of the parties currently so named, ascending. Lookups must not
    /// normalise every party again: a 10,000-row SDK table made that quadratic.
    by_key: HashMap<String, Vec<usize>>,
    /// Registry entry → the first party with it.
    by_registry: HashMap<usize, usize>,
    /// Party → how many `structured` entries describe it.
    described: HashMap<usize, usize>,
    /// Where each party was named (for the statements).
    pub found: Vec<Found>,
}

impl Findings {
    /// The party a table cell or key-value line (clause id, unit offset) describes.
    pub fn structured_party(&self, clause_id: &str, offset: usize) -> Option<&str> {
        self.structured
            .get(&(clause_id.to_owned(), offset))
            .and_then(|&i| self.parties.get(i))
            .map(|p| p.name.as_str())
    }

    /// The parties a sentence of prose (clause id, unit offset) names as recipients or collectors.
    pub fn named_in(&self, clause_id: &str, offset: usize) -> Vec<&str> {
        self.named_in
            .get(&(clause_id.to_owned(), offset))
            .map(|v| {
                v.iter()
                    .filter_map(|&i| self.parties.get(i))
                    .map(|p| p.name.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Like [`Findings::find_or_add`] for a table row or record: the policy's own wording of the
    /// name replaces a registry name found earlier in prose.
    fn find_or_add_structured(&mut self, name: &str, registry: Option<usize>) -> usize {
        let i = self.find_or_add(name, registry);
        let described = self.described.get(&i).is_some_and(|&n| n > 0);
        if let Some(p) = self.parties.get_mut(i).filter(|_| !described) {
            let old = std::mem::replace(&mut p.name, name.to_owned());
            let (old_key, new_key) = (normalize(&old), normalize(name));
            if old_key != new_key {
                if let Some(list) = self.by_key.get_mut(&old_key) {
                    list.retain(|&j| j != i);
                }
                let list = self.by_key.entry(new_key).or_default();
                let at = list.partition_point(|&j| j < i);
                list.insert(at, i);
            }
        }
        i
    }

    /// The first party whose name normalises like `name`, else the first with the same registry
    /// entry, else a new party.
    fn find_or_add(&mut self, name: &str, registry: Option<usize>) -> usize {
        let key = normalize(name);
        let existing = self
            .by_key
            .get(&key)
            .and_then(|list| list.first().copied())
            .or_else(|| registry.and_then(|r| self.by_registry.get(&r).copied()));
        match existing {
            Some(i) => i,
            None => {
                self.parties.push(ThirdParty {
                    name: name.to_owned(),
                    ..ThirdParty::default()
                });
                self.registry.push(registry);
                let i = self.parties.len() - 1;
                self.by_key.entry(key).or_default().push(i);
                if let Some(r) = registry {
                    self.by_registry.entry(r).or_insert(i);
                }
                i
            }
        }
    }

    /// Records that the unit at (clause id, offset) describes party `i`.
    fn describe(&mut self, clause_id: &str, offset: usize, i: usize) {
        if let Some(previous) = self.structured.insert((clause_id.to_owned(), offset), i) {
            if let Some(n) = self.described.get_mut(&previous) {
                *n = n.saturating_sub(1);
            }
        }
        *self.described.entry(i).or_insert(0) += 1;
    }
}

/// Words in a sentence that make registry names in it recipients or collectors of personal information.
pub(super) const SHARING_CUES: &[&str] = &[
    "sdk",
    "共享",
    "提供给",
    "委托",
    "合作",
    "第三方",
    "接入",
    "集成",
    "服务商",
    "供应商",
    "提供方",
    "转让",
    "公开披露",
    "嵌入",
    "插件",
    "api",
];

/// Third parties of the document.
pub(crate) fn extract(ctx: &Context, controller: Option<&str>) -> Findings {
    let mut f = Findings {
        parties: Vec::new(),
        registry: Vec::new(),
        structured: HashMap::new(),
        named_in: HashMap::new(),
        by_key: HashMap::new(),
        by_registry: HashMap::new(),
        described: HashMap::new(),
        found: Vec::new(),
    };
    // The first party's words: the title, the controller's name and the house names (comparison
    // forms).
    let first_party: Vec<String> = ctx
        .doc
        .title
        .iter()
        .map(|t| normalize(&t.text))
        .chain(controller.map(normalize))
        .chain(recipients::house_names(ctx))
        .collect();
    let mut record: Option<usize> = None;
    let mut record_fields: Vec<Column> = Vec::new();
    let mut previous_line: Option<&str> = None;
    // Set after a clause that introduces a list of recipients; its list items are parties.
    let mut recipient_list = false;
    for view in &ctx.clauses {
        if view.clause.kind == ClauseKind::ListItem && recipient_list {
            if listed_recipient(ctx, view, &first_party, &mut f) {
                continue;
            }
            recipient_list = false;
        } else {
            recipient_list = introduces_recipients(view);
        }
        if view.is_row() {
            record = None;
            if is_party_table(view) {
                table_row(ctx, view, &mut f);
            }
            continue;
        }
        for unit in &view.units {
            let field = key_value(unit.text)
                .map(|(label, value)| (label, value, Column::of(label)))
                .filter(|(label, value, column)| {
                    // 「合作药房：…」, 「与物流公司共享：…」, 「身份认证服务商：当我们…」 introduce prose.
                    let names = matches!(column, Column::Name | Column::Company);
                    *column != Column::Other
                        && !PROVIDES.iter().any(|w| label.contains(w))
                        && (!names || is_name_shaped(value) || looks_like_name(ctx, label))
                });
            let Some((label, value, column)) = field else {
                record = None;
                record_fields.clear();
                previous_line = Some(unit.text);
                if view.topic != Some(Topic::Definitions) {
                    prose(ctx, view, unit, controller, &first_party, &mut f);
                }
                continue;
            };
            if column == Column::Name && !is_header_label(label) && looks_like_name(ctx, label) {
                // 「声网SDK：提供方为…，用于…，处理…」: a one-line record named by its label.
                inline_record(ctx, view, unit, label, value, controller, &mut f);
                record = None;
                record_fields.clear();
                previous_line = Some(unit.text);
                continue;
            }
            let opens = column == Column::Name
                || (record.is_none()
                    && matches!(column, Column::Company | Column::Data | Column::Purpose));
            if opens || record_fields.contains(&column) {
                record = None;
                record_fields.clear();
            }
            if record.is_none() {
                let name = if column == Column::Name {
                    Some(clean_name(value))
                } else {
                    previous_line
                        .and_then(|p| record_name(ctx, p))
                        .or_else(|| record_name(ctx, view.section_title))
                };
                if let Some(name) = name.filter(|n| !n.is_empty()) {
                    let reg = ctx.dict.sdks.denoted(&name);
                    let i = f.find_or_add_structured(&name, reg);
                    record = Some(i);
                    if let Some(p) = f.parties.get_mut(i) {
                        if normalize(&name).contains("sdk") {
                            push_unique(&mut p.relations, "sdk".to_owned());
                        }
                    }
                    add_unit(&mut f, i, view, unit);
                    if column == Column::Company {
                        set_company(&mut f, i, value);
                    } else if column != Column::Name {
                        fill_field(ctx, &mut f, i, &[unit], column, value);
                    }
                }
            } else if let Some(i) = record {
                add_unit(&mut f, i, view, unit);
                fill_field(ctx, &mut f, i, &[unit], column, value);
            }
            record_fields.push(column);
        }
    }
    for (party, reg) in f.parties.iter_mut().zip(&f.registry) {
        if let Some(entry) = reg.and_then(|r| ctx.dict.dictionaries.sdks.get(r)) {
            if party.company.is_none() {
                party.company = entry.company.clone();
            }
            party.kind = Some(entry.kind.clone());
        }
        // A company of a foreign legal form (Google LLC, Adjust GmbH) receives data abroad.
        party.foreign = party
            .company
            .iter()
            .chain(std::iter::once(&party.name))
            .any(|name| is_foreign_company(name));
    }
    f
}

/// A table row belongs to a third-party table when its header names parties or providers.
fn is_party_table(view: &ClauseView) -> bool {
    let named = view
        .columns
        .iter()
        .any(|c| matches!(c, Column::Name | Column::Company));
    let about = view.clause.cells.iter().any(|c| {
        let h = normalize(&c.column);
        [
            "sdk",
            "第三方",
            "合作",
            "服务商",
            "伙伴",
            "接收方",
            "提供方",
            "公司",
            "主体",
            "运营方",
        ]
        .iter()
        .any(|w| h.contains(w))
    });
    named && about
}

fn table_row(ctx: &Context, view: &ClauseView, f: &mut Findings) {
    let Some(name) = view
        .cell(Column::Name)
        .or_else(|| view.cell(Column::Company))
        .map(clean_name)
    else {
        return;
    };
    // A name cell holding a link or a cross-reference names no one.
    if name.is_empty() || name.contains("http") || name.starts_with("详见") {
        return;
    }
    let (name, company) = rejoin_split_name(name, view.cell(Column::Company));
    let reg = ctx.dict.sdks.denoted(&name);
    let i = f.find_or_add_structured(&name, reg);
    for unit in &view.units {
        add_unit(f, i, view, unit);
    }
    if let Some(company) = &company {
        set_company(f, i, company);
    }
    for (cell, &column) in view.clause.cells.iter().zip(&view.columns) {
        if column != Column::Name && column != Column::Company && !is_blank_cell(&cell.text) {
            let units: Vec<&Unit> = view
                .units
                .iter()
                .filter(|u| u.column == Some(column))
                .collect();
            fill_field(ctx, f, i, &units, column, cell.text.trim());
        }
    }
    if let Some(p) = f.parties.get_mut(i) {
        push_unique(&mut p.relations, "sdk".to_owned());
    }
}

/// In a table whose columns were separated by spaces, a name with a space in it spills into the
/// company cell (「阿里云」 | 「OSS SDK 阿里云计算有限公司」): the words before the company name go
/// back to the name.
fn rejoin_split_name(name: String, company: Option<&str>) -> (String, Option<String>) {
    let Some(company) = company else {
        return (name, None);
    };
    let Some((found, start, _)) = super::facts::companies(company).into_iter().next() else {
        return (name, Some(company.to_owned()));
    };
    let prefix = company.get(..start).unwrap_or("").trim();
    if prefix.is_empty() || prefix.chars().count() > 24 || !is_name_shaped(prefix) {
        return (name, Some(company.to_owned()));
    }
    (format!("{name} {prefix}"), Some(found))
}

/// Records that a unit (a cell or key-value line) of the clause describes party `i`.
fn add_unit(f: &mut Findings, i: usize, view: &ClauseView, unit: &Unit) {
    f.describe(view.id(), unit.offset, i);
    let what = What::Party {
        party: i,
        recipient_of: None,
    };
    f.found.push(Found::at(view, unit, what));
    if let Some(p) = f.parties.get_mut(i) {
        push_clause_id(&mut p.clauses, view.id());
    }
}

/// Records one labelled field (a cell or a key-value line) of a party.
fn fill_field(
    ctx: &Context,
    f: &mut Findings,
    i: usize,
    units: &[&Unit],
    column: Column,
    value: &str,
) {
    let d = &ctx.dict.dictionaries;
    let Some(p) = f.parties.get_mut(i) else {
        return;
    };
    match column {
        Column::Company => {
            if p.company.is_none() {
                p.company = Some(value.to_owned());
            }
        }
        Column::Purpose => {
            p.purpose_text = Some(match p.purpose_text.take() {
                Some(t) => format!("{t}；{value}"),
                None => value.to_owned(),
            });
            for h in units.iter().flat_map(|u| &u.purposes) {
                if let Some(e) = d.purposes.get(h.entry) {
                    push_unique(&mut p.purposes, e.code.clone());
                }
            }
        }
        Column::Data => {
            for h in units.iter().flat_map(|u| &u.items) {
                if let Some(e) = d.data_items.get(h.entry) {
                    push_unique(&mut p.data_items, e.name.clone());
                }
            }
        }
        Column::Permission => {
            for h in units.iter().flat_map(|u| u.permissions()) {
                if let Some(e) = d.permissions.get(h.entry) {
                    push_unique(&mut p.permissions, e.name.clone());
                }
            }
        }
        Column::Method => p.sharing_method = Some(value.to_owned()),
        Column::Link => {
            if let Some(url) = value
                .split_whitespace()
                .find(|w| w.starts_with("http") || w.starts_with("www."))
            {
                p.privacy_url = Some(
                    url.trim_end_matches(['。', '；', ';', ',', '，'])
                        .to_owned(),
                );
            }
        }
        Column::Name | Column::Other => {}
    }
}

fn set_company(f: &mut Findings, i: usize, company: &str) {
    if let Some(p) = f.parties.get_mut(i) {
        let c = company.trim();
        if !is_blank_cell(c) {
            p.company = Some(c.to_owned());
        }
    }
}

/// Cue words of a sentence naming a party, the relation each gives the party, and the action of
/// the first party towards it when it passes data to it.
const RELATIONS: [(&str, &str, Option<Action>); 7] = [
    ("委托", "entrusted", Some(Action::Entrust)),
    ("共享", "sharing", Some(Action::Share)),
    ("提供给", "sharing", Some(Action::Share)),
    ("提供", "sharing", Some(Action::Share)),
    ("转让", "transfer", Some(Action::Transfer)),
    ("公开披露", "disclosure", Some(Action::Disclose)),
    ("sdk", "sdk", None),
];

/// Verbs that make an organisation named in a sentence a recipient.
pub(super) const PROVIDES: &[&str] = &[
    "提供给",
    "提供",
    "共享",
    "委托",
    "转让",
    "披露",
    "传输",
    "发送",
    "分享",
    "接收",
];

/// Registry names, SDK names and recipient organisations in sentences about sharing or SDKs,
/// outside definitions.
fn prose(
    ctx: &Context,
    view: &ClauseView,
    unit: &Unit,
    controller: Option<&str>,
    first_party: &[String],
    f: &mut Findings,
) {
    {
        let n = unit.n();
        // Organisations in the slot of a sharing construction are recipients wherever it stands.
        // 「给」 heads the split construction 「传送…资料给 X」 without a practice verb.
        let in_prose =
            if unit.cues.has(Cue::Practice) || unit.cues.has(Cue::Sharing) || n.contains('给') {
                recipients::named(unit, first_party)
            } else {
                Vec::new()
            };
        let sharing = view.topic == Some(Topic::Sharing) || unit.cues.has(Cue::Sharing);
        if !sharing && in_prose.is_empty() {
            return;
        }
        let mut named = Vec::new();
        for name in &in_prose {
            let i = f.find_or_add(name, ctx.dict.sdks.denoted(name));
            push_unique(&mut named, i);
        }
        // The first `in_construction` of `named` are named in a sharing construction.
        let in_construction = named.len();
        for hit in unit.sdks() {
            if inside_company_name(n, hit.end) || inside_url(n, hit.start) {
                continue;
            }
            let name = extended_name(unit, hit.start, hit.end);
            named.push(f.find_or_add(&name, Some(hit.entry)));
        }
        let orgs: Vec<String> = organizations(
            if [
                "公司",
                "局",
                "委员会",
                "b.v.",
                "inc.",
                "llc",
                "gmbh",
                "ltd",
                "limited",
                "corporation",
            ]
            .iter()
            .any(|w| n.contains(w))
            {
                unit.text
            } else {
                ""
            },
        )
        .into_iter()
        .filter(|o| controller.is_none_or(|c| normalize(c) != normalize(o)))
        .collect();
        if named.is_empty() && !orgs.is_empty() {
            // An SDK the registry does not know counts when the sentence names its provider.
            if let Some(name) = leading_sdk_name(unit) {
                let reg = ctx.dict.sdks.denoted(&name);
                named.push(f.find_or_add(&name, reg));
            }
        }
        if let ([only], Some(org)) = (named.as_slice(), orgs.first()) {
            // 「华为推送SDK，提供方：华为终端有限公司」: the policy's provider wins over the registry's.
            if let Some(p) = f.parties.get_mut(*only) {
                p.company.get_or_insert_with(|| org.clone());
            }
        } else if named.is_empty() && unit.cues.has(Cue::Providing) {
            for org in orgs {
                let known = f
                    .parties
                    .iter()
                    .position(|p| p.company.as_deref() == Some(org.as_str()));
                let i = match known {
                    Some(i) => i,
                    None => {
                        let i = f.find_or_add(&org, ctx.dict.sdks.denoted(&org));
                        if let Some(p) = f.parties.get_mut(i) {
                            p.company.get_or_insert_with(|| org.clone());
                        }
                        i
                    }
                };
                named.push(i);
            }
        }
        f.named_in
            .insert((view.id().to_owned(), unit.offset), named.clone());
        // What the first party does with a party named here: the first relation that passes data
        // to it; one named in a sharing construction receives in any case.
        let passes = RELATIONS
            .iter()
            .find_map(|(cue, _, action)| n.contains(cue).then_some(*action).flatten());
        for (k, i) in named.into_iter().enumerate() {
            let recipient_of = if k < in_construction {
                passes.or(Some(Action::Share))
            } else {
                passes
            };
            let what = What::Party {
                party: i,
                recipient_of,
            };
            f.found.push(Found::at(view, unit, what));
            let Some(p) = f.parties.get_mut(i) else {
                continue;
            };
            push_clause_id(&mut p.clauses, view.id());
            for (cue, relation, _) in RELATIONS {
                if n.contains(cue) {
                    push_unique(&mut p.relations, relation.to_owned());
                }
            }
            if p.relations.is_empty() {
                p.relations.push("partner".to_owned());
            }
            for h in &unit.items {
                if let Some(e) = ctx.dict.dictionaries.data_items.get(h.entry) {
                    push_unique(&mut p.data_items, e.name.clone());
                }
            }
            for h in &unit.purposes {
                if let Some(e) = ctx.dict.dictionaries.purposes.get(h.entry) {
                    push_unique(&mut p.purposes, e.code.clone());
                }
            }
        }
    }
}

/// Verbs of passing data on, for a clause that introduces a list of recipients.
const PASSES: &[&str] = &[
    "提供", "共享", "分享", "委托", "转让", "披露", "传输", "发送", "传送", "路由", "上传",
];

/// Role nouns that end the introduction of a list of recipients (「…以下服务提供商：」).
const LIST_ROLES: &[&str] = &[
    "提供商",
    "服务商",
    "供应商",
    "提供方",
    "合作方",
    "合作伙伴",
    "第三方",
    "接收方",
    "服务",
    "平台",
    "机构",
    "公司",
];

/// True when a prose clause passes data on (a verb of [`PASSES`]) and its last sentence announces
/// a list of recipients: it holds 以下/如下/下列 and ends in a role noun and a colon (「…会将请求发送
/// 到解析服务。…查看以下默认的服务提供商：」).
fn introduces_recipients(view: &ClauseView) -> bool {
    if view.clause.kind != ClauseKind::Paragraph && view.clause.kind != ClauseKind::ListItem {
        return false;
    }
    let Some(last) = view.units.last() else {
        return false;
    };
    let Some(head) = last.n().trim_end().strip_suffix(':') else {
        return false;
    };
    let head = head.trim_end();
    ["以下", "如下", "下列"].iter().any(|w| head.contains(w))
        && LIST_ROLES.iter().any(|r| head.ends_with(r))
        && view.units.iter().any(|u| passes_on(u.n()))
}

/// True when a verb of [`PASSES`] stands in `n` with no user right before it: 「为您提供」
/// 「向用户提供」 serve the user and pass nothing on.
fn passes_on(n: &str) -> bool {
    PASSES.iter().any(|v| {
        n.match_indices(v).any(|(i, _)| {
            let before: String = n.get(..i).unwrap_or("").chars().rev().take(4).collect();
            !["您", "你", "户"].iter().any(|u| before.contains(u))
        })
    })
}

/// Endings of an organisation's name written in Chinese (「某某科技有限公司」「某某研究院」).
const ORG_ENDINGS: &[&str] = &[
    "公司",
    "集团",
    "银行",
    "机构",
    "平台",
    "中心",
    "研究院",
    "大学",
    "协会",
    "基金会",
];

/// A list item after a clause that introduces recipients: when it is only a name (short, no
/// sentence punctuation, not generic, not the first party's), it is a party we pass data to.
/// Returns false for an item that is not a name (the list of recipients has ended).
fn listed_recipient(
    ctx: &Context,
    view: &ClauseView,
    first_party: &[String],
    f: &mut Findings,
) -> bool {
    let [unit] = view.units.as_slice() else {
        return false;
    };
    let name = clean_name(unit.text);
    let n = normalize(&name);
    let first_word = n.split(' ').next().unwrap_or("");
    // A name is written in Latin script, ends like an organisation or is in the registry; an item
    // ending in punctuation (a label 「…：」, a clause 「…；」) is not a name.
    let shaped = n.starts_with(|c: char| c.is_ascii_alphabetic())
        || ORG_ENDINGS.iter().any(|e| n.ends_with(e))
        || ctx.dict.sdks.denoted(&name).is_some();
    let is_name = shaped
        && is_name_shaped(&name)
        && name.chars().count() <= 30
        && !unit
            .text
            .trim_end()
            .ends_with(|c: char| !c.is_alphanumeric() && c != ')' && c != '）')
        && !name.contains([':', '：', '，', '、'])
        && !["的", "您", "用户", "我们"].iter().any(|w| n.contains(w))
        && !is_generic_name(&n)
        && !first_party.iter().any(|p| p == &n || p == first_word);
    if !is_name {
        return false;
    }
    let i = f.find_or_add(&name, ctx.dict.sdks.denoted(&name));
    f.named_in
        .insert((view.id().to_owned(), unit.offset), vec![i]);
    let what = What::Party {
        party: i,
        recipient_of: Some(Action::Share),
    };
    f.found.push(Found::at(view, unit, what));
    if let Some(p) = f.parties.get_mut(i) {
        push_clause_id(&mut p.clauses, view.id());
        push_unique(&mut p.relations, "sharing".to_owned());
    }
    true
}

/// A one-line record 「名称：提供方为…，用于…，处理…」.
fn inline_record(
    ctx: &Context,
    view: &ClauseView,
    unit: &Unit,
    label: &str,
    value: &str,
    controller: Option<&str>,
    f: &mut Findings,
) {
    let name = clean_name(label);
    let i = f.find_or_add_structured(&name, ctx.dict.sdks.denoted(&name));
    add_unit(f, i, view, unit);
    if let Some(org) = organizations(value)
        .into_iter()
        .find(|o| controller.is_none_or(|c| normalize(c) != normalize(o)))
    {
        set_company(f, i, &org);
    }
    fill_field(ctx, f, i, &[unit], Column::Purpose, value);
    fill_field(ctx, f, i, &[unit], Column::Data, value);
    if let Some(p) = f.parties.get_mut(i) {
        push_unique(&mut p.relations, "sdk".to_owned());
    }
}

/// True for labels that are column names (「SDK名称」, 「第三方」) rather than a party's name.
fn is_header_label(label: &str) -> bool {
    let n = normalize(label);
    n.contains("名称")
        || [
            "sdk",
            "第三方",
            "合作方",
            "服务商",
            "合作伙伴",
            "产品",
            "插件",
            "接收方",
        ]
        .contains(&n.as_str())
}

/// The registry hit extended over the rest of an SDK name as written (「数美」 → 「数美反作弊SDK」).
fn extended_name(unit: &Unit, start: usize, end: usize) -> String {
    const BREAKS: &[&str] = &[
        "的", "会", "将", "可能", "通过", "等", "和", "及", "与", "或", "为", "在",
    ];
    let n = unit.n();
    let rest = n.get(end..).unwrap_or("");
    let mut run = String::new();
    for c in rest.chars().take(12) {
        if matches!(c, ',' | '.' | ';' | ':' | '"' | '<' | '>' | ')')
            && !(c == ')' && run.contains('('))
        {
            break;
        }
        run.push(c);
        if BREAKS.iter().any(|b| run.ends_with(b)) {
            break;
        }
    }
    let stop = run
        .find("sdk")
        .map(|i| end + i + "sdk".len())
        .unwrap_or(end);
    unit.original(start, stop).trim().to_owned()
}

/// An SDK the registry does not know, named at the start of a sentence (「(3) 快递100查询SDK，…」).
fn leading_sdk_name(unit: &Unit) -> Option<String> {
    let n = unit.n();
    let i = n.find("sdk")?;
    let head = n.get(..i + 3)?;
    let start = head
        .char_indices()
        .find(|(_, c)| {
            !(c.is_ascii_digit() || matches!(c, '(' | ')' | ' ' | '*' | '-' | '.' | ','))
        })
        .map(|(j, _)| j)?;
    let name = unit.original(start, i + 3).trim().to_owned();
    let plain =
        !is_generic_name(&normalize(&name)) && !name.contains(['，', '。', '：', ':', ',', '、']);
    (plain && name.chars().count() <= 20 && name.chars().count() > 3).then_some(name)
}

/// Compiles this module's patterns, one job each (see [`super::prepare`]).
pub(super) const PREPARE: &[fn()] = &[|| _ = foreign_company_regex()];

/// True when a name holds a company of a foreign legal form (「Google LLC」「Adjust GmbH」
/// 「Booking.com B.V.」): data it receives leaves mainland China.
pub(crate) fn is_foreign_company(name: &str) -> bool {
    foreign_company_regex().is_match(name)
}

fn foreign_company_regex() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"[A-Z][A-Za-z0-9.&'-]*(?: [A-Z][A-Za-z0-9.&'-]*){0,5},? (?:B\.V\.|Inc\.|LLC|GmbH|Ltd\.|Limited|Corporation|Pte\. Ltd\.|S\.A\.|AG|Co\., Ltd\.)",
        )
        .unwrap_or_else(|e| panic!("foreign company pattern: {e}"))
    })
}

/// Public bodies named in `text` with where each starts (「北京市通信管理局」「广东省市场监督管理局」): up
/// to ten ideographs, a 省/市/自治区/县, then one to twelve more up to the nearest 局 or 委员会.
/// Scanned in code: bounded runs of ideographs make a regex costly to build (see
/// [`crate::bounded`]).
fn public_bodies(text: &str) -> Vec<(usize, &str)> {
    const DIVISIONS: &[&str] = &["自治区", "省", "市", "县"];
    const BODIES: &[&str] = &["委员会", "局"];
    const MAX_BEFORE: usize = 10;
    const MAX_BETWEEN: usize = 12;
    let is_ideograph = crate::read::is_ideograph;
    let mut out = Vec::new();
    let mut from = 0;
    for (at, _) in text.char_indices() {
        let rest = text.get(at..).unwrap_or("");
        let Some(division) = DIVISIONS.iter().find(|d| rest.starts_with(**d)) else {
            continue;
        };
        if at < from {
            continue;
        }
        let before = text.get(from..at).unwrap_or("");
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_ideograph(c))
            .take(MAX_BEFORE)
            .last()
            .map(|(i, _)| from + i);
        let Some(start) = start else { continue };
        let after = at + division.len();
        let tail = text.get(after..).unwrap_or("");
        let end = tail
            .char_indices()
            .take_while(|&(_, c)| is_ideograph(c))
            .take(MAX_BETWEEN + 1)
            .skip(1)
            .find_map(|(i, _)| {
                let body = BODIES
                    .iter()
                    .find(|b| tail.get(i..).is_some_and(|t| t.starts_with(**b)))?;
                Some(after + i + body.len())
            });
        if let Some(end) = end {
            out.push((start, text.get(start..end).unwrap_or("")));
            from = end;
        }
    }
    out
}

/// Companies and public bodies named in a sentence, lead-in words stripped.
fn organizations(text: &str) -> Vec<String> {
    const LEAD: &[&str] = &[
        "提供给",
        "提供方为",
        "提供方是",
        "提供商为",
        "提供方",
        "会向",
        "向",
        "给",
        "包括",
        "与",
        "将",
    ];
    let mut out = Vec::new();
    let found = super::facts::companies(text)
        .into_iter()
        .map(|c| (c.1, c.0))
        .chain(
            public_bodies(text)
                .into_iter()
                .map(|(start, name)| (start, name.to_owned())),
        )
        .chain(
            foreign_company_regex()
                .find_iter(text)
                .map(|m| (m.start(), m.as_str().to_owned())),
        );
    let mut found: Vec<(usize, String)> = found.collect();
    found.sort();
    for (_, name) in found {
        let mut name = name.as_str();
        for lead in LEAD {
            if let Some(i) = name.rfind(lead) {
                if name.len() - (i + lead.len()) >= 9 {
                    name = &name[i + lead.len()..];
                }
            }
        }
        let name = super::facts::trim_asides(name);
        if name.chars().count() >= 6 && !is_generic_name(&normalize(name)) && !name.contains('或')
        {
            push_unique(&mut out, name.to_owned());
        }
    }
    out
}

/// True when a registry hit is part of a web address (「docs.getui.com」).
fn inside_url(n: &str, start: usize) -> bool {
    let before = n.get(..start).unwrap_or("");
    before.ends_with(['.', '/', '@'])
        || before
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.contains("://") || w.starts_with("www."))
}

/// True when the words after a registry hit run on into a company name (「腾讯云计算（北京）有限责任公司」).
fn inside_company_name(n: &str, end: usize) -> bool {
    let rest = n.get(end..).unwrap_or("");
    let run: String = rest
        .chars()
        .take_while(|c| !matches!(c, ',' | '.' | ';' | ':' | '"' | ' '))
        .take(24)
        .collect();
    run.contains("公司")
}

/// `label：value` of a short-labelled key-value clause.
fn key_value(text: &str) -> Option<(&str, &str)> {
    let (label, value) = text.trim().split_once(['：', ':'])?;
    let label = label.trim().trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || "（）().、.．:：-—*•·①②③④⑤⑥⑦⑧⑨⑩【】[]".contains(c)
    });
    if label.is_empty() || label.chars().count() > 14 || label.contains(['，', ',', '。']) {
        return None;
    }
    let value = value.trim();
    (!value.is_empty()).then_some((label, value))
}

/// The name a key-value record without a name label belongs to: the short line (or section title)
/// before it, when it looks like an SDK name.
/// A name followed by a bracketed package identifier (「Xyz SDK（io.example.xyz）」) is a record's
/// name whether or not the registry knows it; the identifier is dropped from the name.
fn record_name(ctx: &Context, previous: &str) -> Option<String> {
    let text = clean_name(previous.trim());
    if let Some(name) = strip_package(&text) {
        return (is_name_shaped(name) && !is_generic_name(&normalize(name)))
            .then(|| name.to_owned());
    }
    looks_like_name(ctx, &text).then_some(text)
}

/// The name before a trailing bracketed package identifier (two or more dot-separated ASCII words:
/// 「com.example.maps」), or `None` when the text ends otherwise.
fn strip_package(text: &str) -> Option<&str> {
    let body = text.strip_suffix(['）', ')'])?;
    let open = body.rfind(['（', '('])?;
    let package = body.get(open..)?.trim_start_matches(['（', '(']).trim();
    let words: Vec<&str> = package.split('.').collect();
    let is_package = words.len() >= 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    let name = body.get(..open)?.trim();
    (is_package && !name.is_empty()).then_some(name)
}

fn looks_like_name(ctx: &Context, text: &str) -> bool {
    let n = normalize(text);
    is_name_shaped(text)
        && !is_generic_name(&n)
        && (n.contains("sdk") || !ctx.dict.sdks.find_all(&n).is_empty())
}

/// Short and without sentence punctuation: a name or a company, not a sentence.
fn is_name_shaped(text: &str) -> bool {
    let n = normalize(text);
    !n.is_empty() && n.chars().count() <= 40 && !n.contains([',', '.', ';']) && !n.contains("以下")
}

/// Words that make an SDK mention generic (「第三方SDK」, 「上述SDK」, 「我们接入的SDK」) rather than a name.
fn is_generic_name(n: &str) -> bool {
    [
        "第三方",
        "上文",
        "下文",
        "以下",
        "上述",
        "我们",
        "相关",
        "此类",
        "这些",
        "该",
        "其他",
        "合作的",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// A party name without list numbering, trailing colon or surrounding brackets.
fn clean_name(text: &str) -> String {
    let t = text.trim();
    let t = t.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c.is_whitespace() || "()（）.、:：-—*•·①②③④⑤⑥⑦⑧⑨⑩【】[]".contains(c)
    });
    let t = t.trim_end_matches(['：', ':', '；', ';', '。', ' ']);
    t.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::extract::testing::doc;

    #[test]
    fn public_bodies_are_a_division_and_the_nearest_bureau() {
        let names = |text: &str| -> Vec<String> {
            super::public_bodies(text)
                .into_iter()
                .map(|(start, name)| format!("{start}:{name}"))
                .collect()
        };
        // At most ten ideographs before the division, and only ideographs.
        assert_eq!(
            names("依法报送至浙江省杭州市网信办，或湖南省长沙市公安局。"),
            ["45:或湖南省长沙市公安局"]
        );
        assert_eq!(
            names("报送给上级主管部门与某某县教育委员会"),
            ["6:给上级主管部门与某某县教育委员会"]
        );
        // The nearest bureau, within twelve ideographs of the division; none before the division.
        assert_eq!(names("市局"), Vec::<String>::new());
        assert_eq!(
            names("北京市一二三四五六七八九十甲乙丙局"),
            Vec::<String>::new()
        );
        assert_eq!(
            names("广东省通信管理局、市场监督管理局"),
            ["0:广东省通信管理局"]
        );
    }

    #[test]
    fn tables_in_any_column_order() {
        let d = doc(&[
            "## 第三方SDK目录",
            "| 使用目的 | 第三方主体 | 第三方名称 | 共享的个人信息类型 | 隐私政策链接 |",
            "| 消息推送 | 深圳市和讯华谷信息技术有限公司 | 极光推送SDK | 设备标识符、IP地址 | https://www.jiguang.cn/license/privacy |",
            "| 统计分析 | - | 友盟 | IMEI | - |",
        ]);
        let p = extract(&d);
        assert_eq!(p.third_parties.len(), 2);
        let jpush = &p.third_parties[0];
        assert_eq!(jpush.name, "极光推送SDK");
        assert_eq!(
            jpush.company.as_deref(),
            Some("深圳市和讯华谷信息技术有限公司")
        );
        assert_eq!(jpush.data_items, ["设备标识符", "IP地址"]);
        assert_eq!(jpush.purposes, ["push"]);
        assert_eq!(
            jpush.privacy_url.as_deref(),
            Some("https://www.jiguang.cn/license/privacy")
        );
        assert_eq!(
            p.third_parties[1].company.as_deref(),
            Some("友盟同欣（北京）科技有限公司"),
            "registry fills the gap"
        );
    }

    #[test]
    fn records_named_by_a_package_identifier() {
        let d = doc(&[
            "## 接入的第三方服务",
            "Quokka 统计 SDK（org.quokka.stats）",
            "使用目的：统计崩溃次数",
            "收集个人信息字段：设备型号、IP地址",
            "Chartboost广告 SDK（com.example.cb）",
            "使用目的：展示广告",
        ]);
        let p = extract(&d);
        let names: Vec<&str> = p.third_parties.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Quokka 统计 SDK", "Chartboost广告 SDK"]);
        assert_eq!(p.third_parties[0].data_items, ["设备型号", "IP地址"]);
        assert!(!p.third_parties[0].foreign, "no country known");
        assert_eq!(p.third_parties[0].relations, ["sdk"]);
        assert!(p.third_parties[1].foreign, "the registry knows the company");
    }

    #[test]
    fn list_after_an_introduction_of_recipients() {
        let d = doc(&[
            "## 同步服务",
            "为了加快同步，应用会把您的书签上传到合作的存储服务。下列为默认的存储服务提供商：",
            "* Boxwell",
            "* Tarn Storage",
            "* 同步失败时的处理：",
            "* Quill Storage",
            "## 其他",
            "您可以在以下页面查看更多服务：",
            "* Hollow Notes",
            "我们会为您提供以下服务：",
            "* Fennel Cloud",
            "如出现下列情形，我们可停止向用户提供以下服务：",
            "* 账号被盗用",
            "* Moss 云平台：",
        ]);
        let p = extract(&d);
        let names: Vec<&str> = p.third_parties.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Boxwell", "Tarn Storage"]);
    }

    #[test]
    fn key_value_lists_and_prose() {
        let d = doc(&[
            "## 我们如何共享您的个人信息",
            "1. 高德地图SDK",
            "使用目的：定位服务",
            "收集个人信息类型：精确位置信息、设备标识符",
            "第三方主体：高德软件有限公司",
            "我们接入了个推推送SDK，用于向您推送消息。",
            "请访问腾讯云计算（北京）有限责任公司官网。",
        ]);
        let p = extract(&d);
        let names: Vec<&str> = p.third_parties.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["高德地图SDK", "个推推送SDK"]);
        assert_eq!(
            p.third_parties[0].company.as_deref(),
            Some("高德软件有限公司")
        );
        assert_eq!(
            p.third_parties[0].data_items,
            ["精确位置信息", "设备标识符"]
        );
        assert_eq!(
            p.third_parties[1].company.as_deref(),
            Some("每日互动股份有限公司")
        );
    }
}
