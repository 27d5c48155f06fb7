//! Personal-information items: dictionary mentions in prose and in the data columns of tables,
//! with negation (→ `not_collected`), definitions (→ `definition_only`), who collects them, why,
//! and whether they are required.

use super::cues::Cue;
use super::modality::{
    self, is_definition, negated_collection_scopes, negated_use_scopes, within, Modality,
};
use super::open_items::{self, OpenItem};
use super::statements::{Found, What};
use super::third_parties::Findings;
use super::{
    clause_start, first_chars, last_chars, push_clause_id, push_unique, ClauseView, Column,
    Context, Topic, Unit,
};
use crate::model::practices::{DataItem, NotCollected};
use crate::model::ClauseKind;
use std::collections::{HashMap, HashSet};

/// Words saying processing stays on the user's device, or that the first party does not receive
/// the data: the items of such a clause are handled by the device, not collected.
pub(super) const ON_DEVICE: &[&str] = &[
    "保留在您的设备",
    "保留在你的设备",
    "保存在您的设备",
    "存储在您的设备",
    "储存在您的设备",
    "留在您的设备",
    "在您的设备本地",
    "在设备本地",
    "仅在本地",
    "本地完成",
    "不会离开您的设备",
    "不会上传",
    "不会接收",
    "不会收到",
];

/// Who collects when the policy does not name a third party.
pub const US: &str = "us";

/// Topics whose sections state no collection: they manage or protect what other sections collect
/// (UI paths, security advice), or give change rules and contact details. Retention sections do
/// count: 「电子病历保存十五年」 states that the item is processed.
const SILENT_TOPICS: &[Topic] = &[
    Topic::Protection,
    Topic::Update,
    Topic::Contact,
    Topic::Rights,
];

/// Tags and profiles are derived from other data (用户画像, 兴趣偏好): they are reported through the
/// purposes (personalized_recommendation), not as collected items, except in a sentence that
/// passes them to another party (「向广告合作伙伴提供画像标签」): a profile shared is a data flow.
const DERIVED_CATEGORY: &str = "个人标签信息";

/// Which list a mention's item comes from.
#[derive(Clone, Copy)]
enum Key<'a> {
    /// A data-item dictionary entry (by index).
    Entry(usize),
    /// An open-vocabulary item (by its comparison form).
    Open(&'a str),
}

/// One mention of an item in a unit, dictionary or open.
struct Mention<'a> {
    start: usize,
    end: usize,
    key: Key<'a>,
    name: &'a str,
    category: &'a str,
    sensitive: bool,
}

#[derive(Default)]
struct Acc {
    item: DataItem,
    /// The names in `item.collected_by` (a table can list thousands of collecting parties).
    collectors: HashSet<String>,
    stated: bool,
    possible_only: bool,
    required: Option<bool>,
}

/// Data items stated as collected, items stated as not collected, and where each was found (for
/// the statements).
pub(crate) fn extract(
    ctx: &Context,
    parties: &Findings,
) -> (Vec<DataItem>, Vec<NotCollected>, Vec<Found>) {
    let entries = &ctx.dict.dictionaries.data_items;
    let mut found: Vec<Acc> = Vec::new();
    // Entry index → slot in `found`.
    let mut index: Vec<Option<usize>> = vec![None; entries.len()];
    let mut denied: Vec<NotCollected> = Vec::new();
    let mut title_purposes_of: HashMap<&str, Vec<String>> = HashMap::new();
    // Open item name → slot in `found`.
    let mut open_index: HashMap<String, usize> = HashMap::new();
    let mut evidence: Vec<Found> = Vec::new();
    for view in &ctx.clauses {
        // A clause saying the data stays on the device (「此信息会保留在您的设备上…不会接收」)
        // states no collection, except in a sentence where we say we collect or that names a
        // recipient (「…在本机处理。为了…，Firefox 会和 Pocket 分享您的语言」).
        let on_device = view.units.iter().any(keeps_on_device);
        let row_has_data = view.columns.contains(&Column::Data);
        let row_purposes = row_purposes(ctx, view);
        // Open-vocabulary items of each unit (see `open_items`), found before the gate below.
        let open: Vec<Vec<OpenItem>> = view
            .units
            .iter()
            .map(|unit| {
                if reads_items(unit.column, row_has_data) {
                    open_items::find(unit, ctx.dict, unit.column == Some(Column::Data))
                } else {
                    Vec::new()
                }
            })
            .collect();
        if view.units.iter().all(|u| u.items.is_empty()) && open.iter().all(Vec::is_empty) {
            continue;
        }
        // Many clauses share a section: its title's purposes are found once.
        let title_purposes = title_purposes_of
            .entry(view.section_title)
            .or_insert_with(|| {
                ctx.dict
                    .purposes
                    .find_all(&crate::normalize::normalize(view.section_title))
                    .iter()
                    .filter_map(|h| ctx.dict.dictionaries.purposes.get(h.entry))
                    .map(|p| p.code.clone())
                    .collect()
            });
        for (unit, open) in view.units.iter().zip(open) {
            if (unit.items.is_empty() && open.is_empty()) || !reads_items(unit.column, row_has_data)
            {
                continue;
            }
            let n = unit.n();
            let definition = view.topic == Some(Topic::Definitions) || is_definition(unit);
            let scopes = negated_collection_scopes(unit);
            let neutral = negated_use_scopes(unit);
            let modality = modality::modality(unit);
            let required = modality::required(unit);
            let collectors = collectors(view, unit, parties);
            let purposes: Vec<&str> = if !row_purposes.is_empty() {
                row_purposes.iter().map(String::as_str).collect()
            } else {
                // Distinct codes: a long sentence repeats purposes, and every item hit walks them.
                let mut own: Vec<&str> = Vec::new();
                for p in unit
                    .purposes
                    .iter()
                    .filter_map(|h| ctx.dict.dictionaries.purposes.get(h.entry))
                {
                    push_unique(&mut own, p.code.as_str());
                }
                if own.is_empty() {
                    title_purposes.iter().map(String::as_str).collect()
                } else {
                    own
                }
            };
            // A run-in label works as a heading (「4.3 安全措施：…」): its topic counts too.
            let label_topic = (unit.offset == 0)
                .then(|| n.split_once(':'))
                .flatten()
                .and_then(|(label, _)| run_in_label(label))
                .and_then(Topic::of_heading);
            // A sentence under a silent topic (section or run-in label) states no collection
            // unless the context model reads it as stating a practice (「安全保障：我们会收集您的
            // 人脸信息」, collection described in the contact section).
            let silenced = view.topic.is_some_and(|t| SILENT_TOPICS.contains(&t))
                || label_topic.is_some_and(|t| SILENT_TOPICS.contains(&t));
            // In an on-device clause only a sentence where we collect or that names a recipient
            // states collection (the recipient lookup is made for such clauses only).
            if on_device
                && !((speaks_as_us(n) && unit.cues.has(Cue::Practice))
                    || !parties.named_in(view.id(), unit.offset).is_empty())
            {
                let mut names: Vec<String> = Vec::new();
                for hit in &unit.items {
                    if let Some(entry) = entries.get(hit.entry) {
                        push_unique(&mut names, entry.name.as_str());
                    }
                }
                for item in &open {
                    push_unique(&mut names, item.name.as_str());
                }
                evidence.push(Found::at(view, unit, What::OnDevice(names)));
                continue;
            }
            // Nor does a prose sentence the model reads as stating only something else (a policy
            // change, a notification, a security measure).
            let practice = unit.practice(view.section_title);
            if (silenced && practice != Some(true))
                || (unit.column.is_none() && practice == Some(false))
            {
                continue;
            }
            let label_end = run_in_label_end(
                n,
                unit.offset == 0 && view.clause.kind != ClauseKind::TableRow,
            );
            // Tags and profiles count as data where they are passed to another party.
            let passes_on = unit.cues.has(Cue::Providing) && unit.cues.has(Cue::Sharing);
            let dictionary_mentions = unit.items.iter().filter_map(|hit| {
                let entry = entries.get(hit.entry)?;
                // Followed by 「的」, a tag word modifies what follows (「感兴趣的内容」).
                let passed = passes_on && !n.get(hit.end..).is_some_and(|r| r.starts_with('的'));
                let keep = (entry.category != DERIVED_CATEGORY || passed) && hit.end > label_end;
                keep.then_some(Mention {
                    start: hit.start,
                    end: hit.end,
                    key: Key::Entry(hit.entry),
                    name: &entry.name,
                    category: &entry.category,
                    sensitive: entry.sensitive,
                })
            });
            // Open items are statements of practice only: never in a definition, never denied
            // (a denial lists dictionary items only, by canonical name), never worded with the
            // product's own name (「映川视频账号」 changes with every rename of the product).
            let product = ctx.product.as_deref();
            let open_mentions = open
                .iter()
                .filter(|item| {
                    !definition
                        && item.end > label_end
                        && !within(&scopes, item.start, item.end)
                        && !product.is_some_and(|p| item.name.contains(p))
                })
                .map(|item| Mention {
                    start: item.start,
                    end: item.end,
                    key: Key::Open(&item.name),
                    name: &item.name,
                    category: &item.category,
                    sensitive: item.sensitive,
                });
            let first_item = unit.items.iter().map(|h| h.start).min();
            // Most sentences name no recipient of ours: the object test below is skipped there.
            let gives_to_the_user = TO_THE_USER.iter().any(|m| n.contains(m));
            let grounded = grounded(unit, view.topic, view.section_title);
            for mention in dictionary_mentions.chain(open_mentions) {
                let (start, end) = (mention.start, mention.end);
                if labels_a_contact(n, end)
                    || inside_product_name(n, ctx.product.as_deref(), start, end)
                    || in_purpose_after_items(unit, first_item, start)
                    || names_what_varies(n, start, end)
                    || not_the_users(unit, start, end)
                    || names_a_means_or_permission(n, start, end)
                    || names_a_function(n, end)
                    || in_leading_purpose(unit, start)
                    || classified_as_a_kind(unit, end)
                    || in_a_permission_list(unit, end)
                    || (gives_to_the_user
                        && delivered_to_the_user(unit, start)
                        && !names_a_record(mention.name))
                {
                    continue;
                }
                if within(&neutral, start, end) {
                    let what = What::NotUsed(mention.name.to_owned());
                    evidence.push(Found::at(view, unit, what));
                    continue;
                }
                if within(&scopes, mention.start, mention.end) && !definition {
                    let what = What::NotCollected(mention.name.to_owned());
                    evidence.push(Found::at(view, unit, what));
                    match denied.iter_mut().find(|d| d.name == mention.name) {
                        Some(d) => push_clause_id(&mut d.clauses, view.id()),
                        None => denied.push(NotCollected {
                            name: mention.name.to_owned(),
                            clauses: vec![view.id().to_owned()],
                            statements: Vec::new(),
                        }),
                    }
                    continue;
                }
                // A sentence that states no practice collects nothing it names.
                if !grounded && !definition {
                    continue;
                }
                let slot = match mention.key {
                    Key::Entry(entry) => index.get_mut(entry).map(|slot| *slot),
                    Key::Open(name) => Some(open_index.get(name).copied()),
                };
                let Some(slot) = slot else { continue };
                let slot = match slot {
                    Some(slot) => slot,
                    None => {
                        found.push(Acc {
                            item: DataItem {
                                name: mention.name.to_owned(),
                                category: mention.category.to_owned(),
                                sensitive: mention.sensitive,
                                definition_only: true,
                                open: matches!(mention.key, Key::Open(_)),
                                ..DataItem::default()
                            },
                            possible_only: true,
                            ..Acc::default()
                        });
                        let slot = found.len() - 1;
                        match mention.key {
                            Key::Entry(entry) => {
                                if let Some(s) = index.get_mut(entry) {
                                    *s = Some(slot);
                                }
                            }
                            Key::Open(name) => {
                                open_index.insert(name.to_owned(), slot);
                            }
                        }
                        slot
                    }
                };
                let Some(acc) = found.get_mut(slot) else {
                    continue;
                };
                let item = &mut acc.item;
                push_unique(
                    &mut item.as_written,
                    unit.original(mention.start, mention.end),
                );
                push_clause_id(&mut item.clauses, view.id());
                item.spans.push(view.span(unit, mention.start, mention.end));
                evidence.push(Found::at(
                    view,
                    unit,
                    What::Item {
                        name: mention.name.to_owned(),
                        collectors: if definition {
                            Vec::new()
                        } else {
                            collectors.iter().map(|c| (*c).to_owned()).collect()
                        },
                        purposes: if definition {
                            Vec::new()
                        } else {
                            purposes.iter().map(|p| (*p).to_owned()).collect()
                        },
                        definition,
                    },
                ));
                if definition {
                    continue;
                }
                acc.stated = true;
                item.definition_only = false;
                if modality == Modality::Will {
                    acc.possible_only = false;
                }
                for &c in &collectors {
                    if !acc.collectors.contains(c) {
                        acc.collectors.insert(c.to_owned());
                        item.collected_by.push(c.to_owned());
                    }
                }
                for &p in &purposes {
                    push_unique(&mut item.purposes, p);
                }
                acc.required = match (acc.required, required) {
                    (Some(true), _) | (_, Some(true)) => Some(true),
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    _ => None,
                };
            }
        }
    }
    // A denial that another sentence contradicts is partial (「Android 10及以上系统不会收集IMEI」):
    // the item is collected, and never listed in both.
    let stated: Vec<String> = found
        .iter()
        .filter(|a| a.stated)
        .map(|a| a.item.name.clone())
        .collect();
    denied.retain(|d| !stated.contains(&d.name));
    let denied_names: Vec<&str> = denied.iter().map(|d| d.name.as_str()).collect();
    let items = found
        .into_iter()
        .filter(|acc| !denied_names.contains(&acc.item.name.as_str()))
        .map(|mut acc| {
            acc.item.required = acc.required;
            acc.item.modality = if acc.stated && acc.possible_only {
                Modality::May.code().to_owned()
            } else {
                Modality::Will.code().to_owned()
            };
            acc.item
        })
        .collect();
    (items, denied, evidence)
}

/// Topics whose sections hold the practices themselves: a sentence there states what its heading
/// says even when its only verb is the document's (「本政策所述的手机号码」 under 「我们收集的信息」).
const PRACTICE_TOPICS: &[Topic] = &[
    Topic::Collection,
    Topic::Sharing,
    Topic::Cookies,
    Topic::Children,
    Topic::Retention,
    Topic::CrossBorder,
];

/// Nouns by which a document names itself (「本政策」「本指引」).
const DOCUMENT_NOUNS: &[&str] = &["政策", "指引", "协议", "声明", "条款", "规则", "说明"];

/// True when a sentence can state that the items it names are processed. Table cells can (their
/// column says what they hold); a prose sentence can when it holds a practice verb that is
/// neither denied (「它本身不直接收集…」) nor the document's own (「本政策中涉及的专业词汇」: the
/// policy mentions a word). Without such a verb, a sentence that denies collection states none;
/// one whose only verbs are the document's states a practice only when its section's topic or
/// the context model says so; any other (no verb from the list, 「我们会收到您的邮箱」, or only a
/// denied use or sharing, 「…但不会向公众分享」) is left to the context model's gate.
fn grounded(unit: &Unit, topic: Option<Topic>, heading: &str) -> bool {
    if unit.column.is_some() {
        return true;
    }
    let n = unit.n();
    let negated = modality::negated_verbs(unit);
    let (mut documents_own, mut denies_collection) = (false, false);
    for (start, _) in modality::practice_verbs(unit) {
        let lead = n.get(clause_start(n, start)..start).unwrap_or("");
        if lead.starts_with('本')
            && DOCUMENT_NOUNS.iter().any(|d| lead.contains(d))
            && !lead.contains("我们")
        {
            documents_own = true;
            continue;
        }
        match negated.iter().find(|v| v.start == start) {
            None => return true,
            Some(verb) => denies_collection |= verb.collects,
        }
    }
    !denies_collection
        && (!documents_own
            || topic.is_some_and(|t| PRACTICE_TOPICS.contains(&t))
            || unit.practice(heading) == Some(true))
}

/// True when a unit says its data stays on the user's device: an on-device phrase (see
/// [`ON_DEVICE`]) whose clause does not have a recipient for subject (「但合作伙伴不会收到您的 IP
/// 地址」 denies the partners the data; the first party still receives it).
fn keeps_on_device(unit: &Unit) -> bool {
    if !unit.cues.has(Cue::OnDevice) {
        return false;
    }
    let n = unit.n();
    Cue::OnDevice.all(n).into_iter().any(|(start, _)| {
        let lead = n.get(clause_start(n, start)..start).unwrap_or("");
        !super::RECIPIENT_HEADERS.iter().any(|w| lead.contains(w))
    })
}

/// True when 「我们」 stands in the sentence as a subject, not as a possessive (「我们的服务器」).
fn speaks_as_us(n: &str) -> bool {
    n.match_indices("我们")
        .any(|(i, w)| !n.get(i + w.len()..).unwrap_or("").starts_with('的'))
}

/// Which units of a clause name collected items: prose, and in tables the data columns (or, in a
/// table without a data column, every column but names, companies, permissions, methods and links).
fn reads_items(column: Option<Column>, row_has_data: bool) -> bool {
    match column {
        None => true,
        Some(Column::Data) => true,
        Some(Column::Other | Column::Purpose) => !row_has_data,
        Some(_) => false,
    }
}

/// Purpose codes of a table row's purpose cells (empty for prose).
fn row_purposes(ctx: &Context, view: &ClauseView) -> Vec<String> {
    let mut out = Vec::new();
    for unit in view
        .units
        .iter()
        .filter(|u| u.column == Some(Column::Purpose))
    {
        for h in &unit.purposes {
            if let Some(p) = ctx.dict.dictionaries.purposes.get(h.entry) {
                push_unique(&mut out, p.code.clone());
            }
        }
    }
    out
}

/// Who collects the items of a unit: the third party of a table row or key-value record, the
/// parties a sentence about sharing names, else the operator.
fn collectors<'p>(view: &ClauseView, unit: &Unit, parties: &'p Findings) -> Vec<&'p str> {
    if let Some(name) = parties.structured_party(view.id(), unit.offset) {
        return vec![name];
    }
    let named = parties.named_in(view.id(), unit.offset);
    if named.is_empty() {
        vec![US]
    } else {
        named
    }
}

/// True when the item word names a permission (「位置权限」), a category an item belongs to
/// (「属于生物识别信息」) or the means of collecting something else (「通过手机的运动传感器读取您的步数」,
/// 「通过短信的方式」).
fn names_a_means_or_permission(n: &str, start: usize, end: usize) -> bool {
    let after = n.get(end..).unwrap_or("");
    if after.starts_with("权限") {
        return true;
    }
    let before = n.get(..start).unwrap_or("");
    if before.ends_with("属于") || before.ends_with("属于个人") {
        // 「X属于生物识别信息」 names a category, not another item.
        return true;
    }
    let lead = last_chars(before, 8);
    let after_means = lead
        .rfind("通过")
        .is_some_and(|i| !lead.get(i..).unwrap_or("").contains([',', '.', ';', ':']));
    // The means of collecting something else: a verb of collecting or a word for a way follows
    // in the sentence (「通过GPS或WiFi等方式收集」「通过传感器读取您的步数」). Data that the
    // sentence uses stays data (「通过手机号创建账号」「通过地理位置校准报表数据」).
    after_means && {
        let rest = first_chars(after, 16);
        let rest = rest.split(['.', ';', ':']).next().unwrap_or(rest);
        COLLECTING_VERBS
            .iter()
            .chain(MEANS_WORDS)
            .any(|w| rest.contains(w))
    }
}

/// Words for the way something is done (「通过短信、电话的方式」「等途径」).
const MEANS_WORDS: &[&str] = &["方式", "途径", "渠道", "手段"];

/// Heads of the names of functions, services and components: a data word that modifies one
/// names the function (「录音功能」, 「基于地理位置的功能」, 「通讯录备份功能」, 「语音 SDK」), not data
/// that is processed.
const FUNCTION_HEADS: &[&str] = &["功能", "服务", "sdk", "技术", "板块", "模块", "插件"];

/// The most characters between a data word and the function head it modifies (「上传的」, 「相关」).
const FUNCTION_GAP: usize = 4;

/// True when the data word ending at `end` modifies a function head (see [`FUNCTION_HEADS`]) in
/// the same word group: at most [`FUNCTION_GAP`] characters between, none of them punctuation
/// (「/」 coordinates: 「指纹/刷脸功能」).
fn names_a_function(n: &str, end: usize) -> bool {
    let after = n.get(end..).unwrap_or("");
    for (count, (i, c)) in after.char_indices().enumerate() {
        let rest = after.get(i..).unwrap_or("");
        if FUNCTION_HEADS.iter().any(|h| rest.starts_with(h)) {
            return true;
        }
        // A conjunction, preposition or pronoun in the gap starts another phrase (「将GPS信息与
        // 位置服务提供商共享」, 「健康数据在您使用服务期间保存」): the word modifies nothing there.
        let joins = matches!(
            c,
            '与' | '和'
                | '及'
                | '或'
                | '向'
                | '给'
                | '将'
                | '并'
                | '对'
                | '从'
                | '在'
                | '由'
                | '被'
                | '把'
                | '为'
                | '您'
                | '你'
                | '我'
        );
        if count >= FUNCTION_GAP
            || joins
            || !(c == '/' || c == ' ' || !c.is_ascii() && c.is_alphabetic())
        {
            return false;
        }
    }
    false
}

/// Verbs that take a permission as their object: a list after one of them names data, the
/// permission is requested for it (「收集您的位置信息并申请定位权限」).
const PERMISSION_VERBS: &[&str] = &[
    "申请", "开启", "请求", "授予", "获取", "需要", "调用", "打开",
];

/// The offset in `rest` (the normalised text from `end` on) of the first clause break: a sentence
/// mark, a line break, or a comma not written 「、」 (which joins list members); `None` without one.
fn clause_break(unit: &Unit, end: usize, rest: &str) -> Option<usize> {
    rest.char_indices()
        .find(|&(i, c)| match c {
            '.' | ';' | ':' | '!' | '?' | '\n' => true,
            ',' => {
                let (s, e) = unit.original_range(end + i, end + i + 1);
                unit.text.get(s..e) != Some("、")
            }
            _ => false,
        })
        .map(|(i, _)| i)
}

/// True when the word ending at `end` is a member of a list that ends in 「权限」
/// (「我们会请求您授权相机、照片、麦克风权限」, 「开启相册（图片库）、麦克风以及其他设备访问权限」):
/// the members name permissions, not data collected. The list runs to the next clause break (a
/// comma written 「、」 joins members), and no verb taking a permission stands in it.
fn in_a_permission_list(unit: &Unit, end: usize) -> bool {
    let n = unit.n();
    let rest = first_chars(n.get(end..).unwrap_or(""), 60);
    let list_end = clause_break(unit, end, rest);
    // A list that runs past the window is not read; the end of the sentence ends it.
    let Some(list_end) = list_end.or((end + rest.len() == n.len()).then_some(rest.len())) else {
        return false;
    };
    let list = rest.get(..list_end).unwrap_or("");
    let tail = list.trim_end_matches([' ', '*', '_', ')', '"', '等']);
    if !tail.ends_with("权限") || PERMISSION_VERBS.iter().any(|v| list.contains(v)) {
        return false;
    }
    // 「手机号及相关权限」「设备型号以及相机权限」: a conjunction can join data and the permission
    // asked for it; only 「以及其他…权限」 makes the members before it permissions too.
    match CONJUNCTIONS
        .iter()
        .filter_map(|c| list.rfind(c).map(|i| i + c.len()))
        .max()
    {
        None => true,
        Some(after) => {
            let last = list.get(after..).unwrap_or("");
            last.starts_with("其他") || last.starts_with("其它")
        }
    }
}

/// Conjunctions that can join the last member of a list.
const CONJUNCTIONS: &[&str] = &["和", "及", "与", "或"];

/// End of a run-in heading (「（4）设备信息：为保障…」, 「2.7 设备与日志：…」) at the start of a clause:
/// it names the topic, the items follow. 0 when there is none.
fn run_in_label_end(n: &str, clause_start: bool) -> usize {
    if !clause_start {
        return 0;
    }
    match n.find(':') {
        Some(i) if run_in_label(n.get(..i).unwrap_or("")).is_some() => i,
        _ => 0,
    }
}

/// The words of a run-in label (「2.7 设备与日志」 → 设备与日志) when `label` is one: short, one phrase.
fn run_in_label(label: &str) -> Option<&str> {
    let words = label.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '.' | ' ' | '(' | ')' | ',')
    });
    (words.chars().count() <= 14 && !words.is_empty() && !words.contains([',', '.', ';']))
        .then_some(words)
}

/// True when the word stands in the purpose phrase of its clause (after 用于/以便/为了) and the
/// sentence named data before that phrase: 「收集邮箱地址，用于在忘记密码时找回密码」 collects the
/// e-mail address; the password is what the purpose is about. A purpose clause holding a list
/// (「以便更精准、高效地将语音转为文字内容」) is one clause: it opens with the marker; a marker
/// inside a list member (「例如浏览器或用于接入服务的程序、您的IP地址」) opens no purpose.
fn in_purpose_after_items(unit: &Unit, first_item: Option<usize>, start: usize) -> bool {
    const PURPOSE_MARKERS: &[&str] = &["用于", "以便", "为了"];
    let n = unit.n();
    let after_items = |at: usize| first_item.is_some_and(|first| first < at);
    let clause = clause_start(n, start);
    let lead = n.get(clause..start).unwrap_or("");
    let within_clause = PURPOSE_MARKERS
        .iter()
        .any(|m| lead.find(m).is_some_and(|at| after_items(clause + at)));
    let written = written_clause_start(unit, start);
    let opens_written = written < clause && after_items(written) && {
        let opening = n.get(written..clause).unwrap_or("").trim_start();
        PURPOSE_MARKERS.iter().any(|m| opening.starts_with(m))
    };
    within_clause || opens_written
}

/// Verbs that classify their subject (「手机号码属于个人敏感信息」, 「银行卡号、有效期是敏感信息」).
const CLASSIFYING: &[&str] = &["属于", "是", "为"];

/// How a class of information opens after a classifying verb (「个人敏感信息」, 「敏感信息」,
/// 「非个人隐私信息」, 「无法识别特定自然人身份的信息」, 「核心信息」).
const CLASS_OPENERS: &[&str] = &[
    "个人", "敏感", "非", "无法", "不能", "核心", "必要", "基本", "特殊",
];

/// True when the word ending at `end` (or the list it belongs to) is the subject of a clause that
/// classifies it as a kind of information (「手机号码属于个人敏感信息」, 「单独的设备信息、日志信息
/// 等是无法识别特定自然人身份的信息」, 「手机号码数据为个人敏感信息」): the clause says what kind
/// the data is, not that it is collected. The predicate runs to the clause end and ends in a
/// generic head; the words before it are the rest of the list (a comma written 「、」 joins
/// members), with no practice verb and no purpose (「是为了…」).
fn classified_as_a_kind(unit: &Unit, end: usize) -> bool {
    let n = unit.n();
    let rest = first_chars(n.get(end..).unwrap_or(""), 60);
    let clause_end = clause_break(unit, end, rest);
    let Some(clause_end) = clause_end.or((end + rest.len() == n.len()).then_some(rest.len()))
    else {
        return false;
    };
    let clause = rest.get(..clause_end).unwrap_or("");
    let predicate_end = clause.trim_end_matches([' ', '*', '_', '"', ')']);
    if !open_items::INFORMATION_WORDS
        .iter()
        .any(|h| predicate_end.ends_with(h))
        || clause.contains("为了")
    {
        return false;
    }
    CLASSIFYING.iter().any(|verb| {
        clause.find(verb).is_some_and(|at| {
            let before = clause.get(..at).unwrap_or("");
            let class = clause.get(at + verb.len()..).unwrap_or("");
            let class = ["您的", "你的", "用户的"]
                .iter()
                .find_map(|w| class.strip_prefix(w))
                .unwrap_or(class);
            before.chars().count() <= 30
                && CLASS_OPENERS.iter().any(|o| class.starts_with(o))
                && Cue::Practice.all(before).is_empty()
        })
    })
}

/// Markers that open a purpose clause (「为完成创建账号，您需提供…」, 「为了向您提供准确的步数记录，
/// 我们会…」).
const PURPOSE_OPENERS: &[&str] = &["为了", "以便", "用于", "旨在", "为"];

/// Verbs of collecting: a purpose clause holding one still states what is collected
/// (「为了收集您的位置信息，…」).
const COLLECTING_VERBS: &[&str] = &["收集", "采集", "获取", "读取", "访问", "上传"];

/// True when the word stands in a clause that opens with a purpose marker and holds no verb of
/// collecting, or in the value of a purpose label (「使用目的：把文字转为语音」): it is what the
/// purpose is about (the account to create, the record to show), not data stated as collected.
fn in_leading_purpose(unit: &Unit, start: usize) -> bool {
    let n = unit.n();
    let clause = written_clause_start(unit, start);
    let before = n
        .get(..clause)
        .unwrap_or("")
        .trim_end_matches([' ', '*', '_']);
    if let Some(label) = before.strip_suffix(':') {
        let label = label.trim_end_matches([' ', '*', '_']);
        if label.ends_with("目的") || label.ends_with("用途") {
            return true;
        }
    }
    let opening = n
        .get(clause..start)
        .unwrap_or("")
        .trim_start_matches([' ', '*', '_', '"']);
    if !PURPOSE_OPENERS.iter().any(|m| opening.starts_with(m)) {
        return false;
    }
    let clause_end = n
        .get(start..)
        .unwrap_or("")
        .find([',', '.', ';', ':'])
        .map_or(n.len(), |i| start + i);
    let whole = n.get(clause..clause_end).unwrap_or("");
    !COLLECTING_VERBS.iter().any(|v| whole.contains(v))
}

/// Verbs of giving something to someone (「推送」「播放」「发送」).
const GIVING_VERBS: &[&str] = &[
    "发送", "推送", "推荐", "展示", "展现", "呈现", "提供", "播放", "下发",
];

/// The user as the recipient of a giving verb, before it (「向您推送」「为用户展示」).
const TO_THE_USER: &[&str] = &[
    "向您",
    "为您",
    "给您",
    "向你",
    "为你",
    "给你",
    "向用户",
    "为用户",
    "给用户",
];

/// True when the item's name is a record of the user's own activity (「搜索记录」「浏览历史」「操作
/// 日志」): shown back to the user, it is still the user's data (see [`delivered_to_the_user`]).
fn names_a_record(name: &str) -> bool {
    ["记录", "历史", "日志"]
        .iter()
        .any(|head| name.ends_with(head))
}

/// The word of `words` that occurs first in `text`, with its offset.
fn first_of<'w>(text: &str, words: &[&'w str]) -> Option<(usize, &'w str)> {
    words
        .iter()
        .filter_map(|w| text.find(w).map(|at| (at, *w)))
        .min_by_key(|(at, _)| *at)
}

/// The word of `words` that occurs last in `text`, with its offset.
fn last_of<'w>(text: &str, words: &[&'w str]) -> Option<(usize, &'w str)> {
    words
        .iter()
        .filter_map(|w| text.rfind(w).map(|at| (at, *w)))
        .max_by_key(|(at, _)| *at)
}

/// True when the word stands in the object of a verb of giving whose recipient is the user
/// (「向您推送感兴趣的视频」「为您播放广告」「向您发送短信验证码」): content or messages the
/// service delivers, not data it collects. The user's own data shown back stays data: a
/// possessive (「向您展示您的订单信息」), or another practice verb between the verb and the word
/// (「为您提供服务需收集的信息」), makes the word the user's. A giving verb before 「的」 heads a
/// relative clause (「为您提供的服务」), not the object.
fn delivered_to_the_user(unit: &Unit, start: usize) -> bool {
    let n = unit.n();
    let clause = written_clause_start(unit, start);
    let lead = n.get(clause..start).unwrap_or("");
    let Some((at, marker)) = last_of(lead, TO_THE_USER) else {
        return false;
    };
    let after_marker = clause + at + marker.len();
    // 「发送给您」: the recipient after the verb.
    let given_after = marker.starts_with('给')
        && GIVING_VERBS
            .iter()
            .any(|v| lead.get(..at).is_some_and(|b| b.ends_with(v)));
    let object_start = if given_after {
        after_marker
    } else {
        // The recipient comes at most a few words before the verb (「向您直接推送」).
        let window = first_chars(n.get(after_marker..start).unwrap_or(""), 4);
        let Some((verb_at, verb)) = first_of(window, GIVING_VERBS) else {
            return false;
        };
        after_marker + verb_at + verb.len()
    };
    let object = n.get(object_start..start).unwrap_or("");
    !object.starts_with('的')
        && !["您", "你", "用户"].iter().any(|w| object.contains(w))
        && unit.cues.all(Cue::Practice).all(|(s, e)| {
            s < object_start || s >= start || n.get(s..e).is_some_and(|w| GIVING_VERBS.contains(&w))
        })
}

/// The start of the clause holding the normalised byte `pos`: as [`clause_start`], but a comma
/// written 「、」 joins the members of a list and ends no clause (「以便更精准、高效地将…转为文字」).
fn written_clause_start(unit: &Unit, pos: usize) -> usize {
    // A purpose clause is short: the walk back stops after this many bytes (a list of thousands
    // of members would otherwise be walked once per member).
    const REACH: usize = 600;
    let n = unit.n();
    let mut end = pos;
    loop {
        let at = clause_start(n, end);
        let comma = at.checked_sub(1).filter(|&i| n.get(i..at) == Some(","));
        match comma {
            Some(i) if pos - i < REACH && unit.original(i, at) == "、" => end = i,
            _ => return at,
        }
    }
}

/// True when the word names a factor something varies with (「服务可能会根据您设备的型号、浏览器
/// 版本等因素而有所不同」): the sentence describes the service, it collects nothing. The
/// construction runs from 根据/因/随 before the word to 不同/而异/变化 after it, in one sentence.
fn names_what_varies(n: &str, start: usize, end: usize) -> bool {
    const FROM: &[&str] = &["根据", "因", "随"];
    const TO: &[&str] = &["而有所不同", "有所不同", "而不同", "而异", "而变化"];
    let before = n.get(..start).unwrap_or("");
    let sentence_start = before.rfind(['.', ';', '!', '?']).map_or(0, |i| i + 1);
    let lead = before.get(sentence_start..).unwrap_or("");
    let after = n.get(end..).unwrap_or("");
    let rest = after.split(['.', ';', '!', '?']).next().unwrap_or(after);
    FROM.iter().any(|f| lead.contains(f)) && TO.iter().any(|t| rest.contains(t))
}

/// True when the word lies inside a mention of the product's own name (「视频」 in 「映川视频账号」):
/// a name, not data.
fn inside_product_name(n: &str, product: Option<&str>, start: usize, end: usize) -> bool {
    product.is_some_and(|name| {
        n.match_indices(name)
            .any(|(at, _)| at <= start && end <= at + name.len() && end - start < name.len())
    })
}

/// True when the word does not denote the user's own information here: a back-reference to items
/// listed before (「上述健康信息」), someone else's (「接收方的名称和联系方式」, 「我们的联系方式」,
/// 「…与我们联系」), a channel or service (「短信通知」, 「视频问诊」) or a one-time code (「短信验证码」).
fn not_the_users(unit: &Unit, start: usize, end: usize) -> bool {
    let n = unit.n();
    let before = n.get(..start).unwrap_or("");
    let after = n.get(end..).unwrap_or("");
    // The words before the item back to the last clause break, as written: 「、」 lists items of
    // one owner (「接收方的名称或者姓名、联系方式」) while 「，」 starts a new clause.
    let (written_start, _) = unit.original_range(start, end);
    let written = unit.text.get(..written_start).unwrap_or("");
    let lead = last_chars(written, 30)
        .rsplit(['，', '。', '；', '：', ',', ';', ':'])
        .next()
        .unwrap_or("");
    [
        "上述",
        "前述",
        "以上",
        "这些",
        "该等",
        "我们的",
        "本政策的",
        "下列",
        "以下",
        "所示的",
        "所列的",
        "公布的",
    ]
    .iter()
    .any(|w| before.ends_with(w))
        || belongs_to_another(lead)
        || (before.ends_with('因') && after.starts_with("需要"))
        || handled_by_another(after)
        || [
            "验证码",
            "通知",
            "提醒",
            "与我们联系",
            "联系我们",
            "告知",
            "的方式",
            "问诊",
            "通话",
            "会议",
            "互动",
            "审计",
            "变更",
            "发生变化",
        ]
        .iter()
        .any(|w| after.starts_with(w))
}

/// Words that make an item someone else's when 的 follows them (「接收方的」, 「机关留存的」).
pub(super) const OWNERS: &[&str] = &[
    "接收方",
    "第三方",
    "对方",
    "商家",
    "我们",
    "本公司",
    "公司",
    "机构",
    "机关",
    "部门",
];

/// True when the words just before an item make it someone else's (「接收方的名称和联系方式」,
/// 「公安机关留存的照片」) rather than the user's (「我们收集的您的照片」).
fn belongs_to_another(lead: &str) -> bool {
    // Every owner needs a 的 after it; most leads have none.
    if !lead.contains('的') {
        return false;
    }
    // The first occurrence of each owner word counts (one scan for all of them: this runs for
    // every item mention).
    let mut seen: Vec<&str> = Vec::new();
    Cue::Owner.all(lead).into_iter().any(|(i, end)| {
        let owner = lead.get(i..end).unwrap_or("");
        if seen.contains(&owner) {
            return false;
        }
        seen.push(owner);
        // Owner, at most a short verb (留存/提供), then 的: 「机关留存的」, 「接收方的」.
        let rest = lead.get(end..).unwrap_or("");
        rest.find('的').is_some_and(|j| {
            rest.get(..j)
                .is_some_and(|between| between.chars().count() <= 2)
        }) && !rest.contains('您')
    })
}

/// True when the sentence goes on to say another party handles the item directly
/// (「支付信息由支付机构直接处理」): the operator does not collect it.
fn handled_by_another(after: &str) -> bool {
    let Some(rest) = after.strip_prefix('由') else {
        return false;
    };
    let clause = rest.split([',', ';', '.']).next().unwrap_or("");
    !clause.contains("我们")
        && ["处理", "收集", "提供", "保存", "获取"]
            .iter()
            .any(|v| clause.contains(v))
}

/// True when the item word is only the label of a contact value (「联系邮箱：a@b.com」).
fn labels_a_contact(n: &str, end: usize) -> bool {
    let rest = n
        .get(end..)
        .unwrap_or("")
        .trim_start_matches([':', ' ', '(', '"', '为', '是']);
    // Contact values start with a letter or digit (most mentions stop here).
    if !rest.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return false;
    }
    let head = first_chars(rest, 40);
    let first = head.chars().next();
    (first.is_some_and(|c| c.is_ascii_alphanumeric())
        && head
            .split([',', ' ', ';', ')'])
            .next()
            .is_some_and(|w| w.contains('@')))
        || (first.is_some_and(|c| c.is_ascii_digit())
            && head
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .count()
                >= 5)
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::extract::testing::{doc, unit};

    #[test]
    fn collects_denies_and_defines() {
        let d = doc(&[
            "## 一、名词解释",
            "个人敏感信息：包括身份证件号码、银行卡号等。",
            "## 二、我们如何收集和使用您的个人信息",
            "注册时您需要提供手机号码和昵称，用于注册登录。",
            "我们不会收集您的通讯录。",
            "为向您推荐内容，我们可能会收集您的浏览记录。",
            "联系邮箱：service@example.com",
        ]);
        let p = extract(&d);
        let names: Vec<&str> = p.data_items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            ["身份证件信息", "银行账户", "手机号码", "昵称", "浏览记录"]
        );
        assert!(p.data_items[0].definition_only && p.data_items[1].definition_only);
        let phone = &p.data_items[2];
        assert!(!phone.definition_only);
        assert_eq!(phone.required, Some(true));
        assert_eq!(phone.collected_by, ["us"]);
        assert!(phone.purposes.contains(&"registration_login".to_owned()));
        assert_eq!(p.data_items[4].modality, "may");
        assert!(p.data_items[4].sensitive);
        assert_eq!(p.not_collected.len(), 1);
        assert_eq!(p.not_collected[0].name, "通讯录");
    }

    /// Collected items of a one-sentence policy under a collection heading.
    fn collected(sentence: &str) -> (Vec<String>, Vec<String>) {
        let d = doc(&["## 我们如何收集和使用您的个人信息", sentence]);
        let p = extract(&d);
        (
            p.data_items
                .iter()
                .filter(|i| !i.definition_only)
                .map(|i| i.name.clone())
                .collect(),
            p.not_collected.iter().map(|i| i.name.clone()).collect(),
        )
    }

    #[test]
    fn mentions_that_are_not_collections() {
        for (sentence, items, denied) in [
            (
                "我们会通过手机的运动传感器读取您的步数。",
                &["步数"][..],
                &[][..],
            ),
            ("您可以在系统设置中关闭位置权限。", &[], &[]),
            ("人脸识别特征属于生物识别信息。", &["人脸信息"], &[]),
            ("上述健康信息仅向医生展示。", &[], &[]),
            ("我们会告知您接收方的名称、联系方式。", &[], &[]),
            ("支付信息由支付机构直接处理。", &[], &[]),
            // The code typed in is an authenticator (GB/T 35273 A.1); the channel is no data.
            (
                "注册时需填写短信验证码，我们会以短信通知您。",
                &["短信验证码"],
                &[],
            ),
            ("我们会根据您的浏览记录形成用户画像。", &["浏览记录"], &[]),
            ("2.7 设备与日志：我们会收集设备型号。", &["设备型号"], &[]),
            ("我们不会将您的健康数据用于广告投放。", &[], &[]),
            ("我们不会收集您的通讯录和短信。", &[], &["通讯录", "短信"]),
            ("未经您同意，我们不会收集您的位置信息。", &["位置信息"], &[]),
            ("公安机关留存的照片将用于比对。", &[], &[]),
            // What the service gives the user is content, not data, unless it is the user's own
            // (a possessive) or a record of the user's activity.
            ("我们会向您推送可能感兴趣的短视频和音乐。", &[], &[]),
            ("我们会向您发送短信验证码。", &[], &[]),
            ("我们会向您展示您的收货地址。", &["收货地址"], &[]),
            ("我们会向您展示搜索历史记录。", &["搜索记录"], &[]),
            // Data a sentence uses is no mere means; the means of collecting something else is.
            ("您可以通过手机号码注册账号。", &["手机号码"], &[]),
            (
                "我们会通过GPS或WiFi等方式获取您的位置信息。",
                &["位置信息"],
                &[],
            ),
            // A term inside other words is no mention (「私信」 in 「隐私信息」).
            ("我们会将用户隐私信息提供给合作方。", &[], &[]),
        ] {
            let (got, got_denied) = collected(sentence);
            assert_eq!(got, items, "{sentence}");
            assert_eq!(got_denied, denied, "{sentence}");
        }
    }

    #[test]
    fn collection_under_a_security_label_or_in_the_contact_section_counts() {
        let d = doc(&[
            "## 一、我们如何收集和使用您的个人信息",
            "4. 安全保障：我们会收集您的人脸信息和身份证件号码，用于核验身份。",
            "## 二、如何联系我们",
            "为处理您的投诉，我们会收集您的手机号码和投诉内容。",
            "## 三、我们如何保护您的个人信息",
            "我们采用加密技术保护您的手机号码。",
        ]);
        let p = extract(&d);
        let names: Vec<&str> = p.data_items.iter().map(|i| i.name.as_str()).collect();
        assert!(names.contains(&"人脸信息"), "{names:?}");
        assert!(names.contains(&"手机号码"), "{names:?}");
        let phone = p.data_items.iter().find(|i| i.name == "手机号码");
        // The protection sentence states no collection: only the contact section's clause counts.
        assert_eq!(phone.map(|i| i.clauses.len()), Some(1));
    }

    #[test]
    fn data_in_a_purpose_phrase_is_not_collected_there() {
        let (found, _) =
            collected("我们会读取帐号列表并默认填写邮箱地址，用于在忘记密码时找回丢失的密码。");
        assert!(!found.is_empty(), "{found:?}");
        assert!(!found.contains(&"密码".to_owned()), "{found:?}");
        let (found, _) = collected("为了完成实名认证，我们会收集您的身份证号码。");
        assert!(found.contains(&"身份证件信息".to_owned()), "{found:?}");
    }

    #[test]
    fn factors_of_variation_are_not_collected() {
        let (found, _) =
            collected("本服务的功能可能会根据您设备的型号、系统版本、浏览器版本等因素而有所不同。");
        assert!(found.is_empty(), "{found:?}");
        let (found, _) = collected("我们会根据您的设备型号为您适配界面，并收集您的浏览器版本。");
        assert!(!found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_products_name_is_not_data() {
        let text = "# 映川视频隐私政策\n\n## 我们如何收集和使用您的个人信息\n\n注册时我们会收集您的手机号码，用于创建映川视频账号。\n";
        let input = crate::read::from_bytes(text.as_bytes(), std::path::Path::new("p.md"));
        let d = crate::structure::parse(&input.unwrap_or_else(|e| panic!("{e}")));
        let names: Vec<String> = extract(&d).data_items.into_iter().map(|i| i.name).collect();
        assert!(!names.iter().any(|n| n.contains("视频")), "{names:?}");
        assert!(names.contains(&"手机号码".to_owned()), "{names:?}");
    }

    #[test]
    fn data_kept_on_the_device_is_not_collected() {
        let d = doc(&[
            "## 我们如何收集和使用您的个人信息",
            "扫码功能会访问您的相机。此信息会保留在您的设备上，我们不会接收您的相机画面。",
            "本机会整理您的浏览记录，这项处理在设备本地完成。为推荐内容，应用会与 Nimbus 分享您的所在地区。",
            "我们会收集您的手机号码。",
        ]);
        let names: Vec<String> = extract(&d).data_items.into_iter().map(|i| i.name).collect();
        assert_eq!(names, ["所在地区", "手机号码"]);
    }

    #[test]
    fn data_kept_locally_and_not_uploaded_stays_on_the_device() {
        let d = doc(&[
            "## 我们如何收集和使用您的个人信息",
            "您的聊天记录加密存储于本机，不会上传至我们的服务器。",
            "我们会将您的所在地区发送给合作伙伴，但合作伙伴不会收到您的 IP 地址。",
        ]);
        let p = extract(&d);
        let names: Vec<&str> = p.data_items.iter().map(|i| i.name.as_str()).collect();
        assert!(!names.contains(&"通信内容"), "{names:?}");
        assert!(names.contains(&"所在地区"), "{names:?}");
        assert!(p
            .statements
            .iter()
            .any(|s| s.actor == "device" && s.data.iter().any(|d| d == "通信内容")));
    }

    #[test]
    fn a_sentence_stating_no_practice_collects_nothing() {
        // The document mentions a word.
        let d = doc(&[
            "## 引言",
            "本政策中涉及的专业术语，我们会尽量用通俗的语言说明。",
        ]);
        assert!(extract(&d).data_items.is_empty());
        // A component says it collects nothing itself.
        let (found, _) = collected("离线语音助手是一项附加服务，它本身不直接收集您的个人信息。");
        assert!(found.is_empty(), "{found:?}");
        // What the purpose clause, a list of manners, speaks of is not collected.
        let (found, _) =
            collected("我们会收集您的通话记录，以便更准确、高效地将语音转为文字内容。");
        assert_eq!(found, ["通信记录"]);
    }

    #[test]
    fn a_refusal_to_share_is_a_not_share_statement() {
        let d = doc(&[
            "## 我们如何共享您的个人信息",
            "我们不会与任何第三方分享您的位置信息。",
        ]);
        let p = extract(&d);
        assert!(p.data_items.is_empty(), "{:?}", p.data_items);
        assert!(p.purposes.is_empty(), "{:?}", p.purposes);
        let actions: Vec<_> = p.statements.iter().map(|s| s.action).collect();
        assert_eq!(actions, [crate::model::practices::Action::NotShare]);
        // Examples bracketed after the item are refused with it, whatever commas they hold.
        let d = doc(&[
            "## 我们如何共享您的个人信息",
            "我们不会把您的身份证件信息（例如护照、驾驶证）交给推广合作方。",
        ]);
        let p = extract(&d);
        assert!(p.data_items.is_empty(), "{:?}", p.data_items);
        let actions: Vec<_> = p.statements.iter().map(|s| s.action).collect();
        assert_eq!(actions, [crate::model::practices::Action::NotShare]);
    }

    #[test]
    fn profiles_count_as_data_where_they_are_passed_on() {
        let (items, _) = collected("我们会与营销合作方共享您的用户画像。");
        assert_eq!(items, ["用户画像"]);
        // Kept for ourselves, a profile is reported through its purpose.
        assert!(collected("我们会根据您的用户画像向您推荐商品。")
            .0
            .is_empty());
        // A tag word before 「的」 modifies what follows.
        assert!(collected("我们会与营销合作方共享您可能感兴趣的活动。")
            .0
            .is_empty());
    }

    #[test]
    fn open_items_are_marked_and_categorised() {
        let d = doc(&[
            "## 我们如何收集和使用您的个人信息",
            "我们会记录您的签到领取情况和常去地点列表，用于发放奖励。",
        ]);
        let p = extract(&d);
        let open: Vec<(&str, &str)> = p
            .data_items
            .iter()
            .filter(|i| i.open)
            .map(|i| (i.name.as_str(), i.category.as_str()))
            .collect();
        assert_eq!(
            open,
            [("签到领取情况", "未分类"), ("常去地点列表", "个人位置信息")]
        );
    }

    #[test]
    fn a_denial_contradicted_elsewhere_is_partial() {
        let d = doc(&[
            "## 我们如何收集和使用您的个人信息",
            "我们会收集您的IMEI。",
            "Android 10及以上系统不会收集IMEI。",
        ]);
        let p = extract(&d);
        assert_eq!(p.data_items.len(), 1);
        assert!(p.not_collected.is_empty());
    }

    #[test]
    fn table_rows_read_only_data_columns() {
        let d = doc(&[
            "## 第三方SDK",
            "| SDK名称 | 所属公司 | 使用目的 | 使用的权限 | 收集的个人信息 |",
            "| 极光推送 | 深圳市和讯华谷信息技术有限公司 | 消息推送 | 位置信息、网络信息状态 | IMEI、OAID |",
        ]);
        let p = extract(&d);
        let names: Vec<&str> = p.data_items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["IMEI", "OAID"]);
        assert_eq!(p.data_items[0].collected_by, ["极光推送"]);
        assert_eq!(p.data_items[0].purposes, ["push"]);
    }

    /// The end of the first occurrence of `word` in the unit's normalised text.
    fn end_of(u: &crate::extract::Unit, word: &str) -> usize {
        let n = u.n();
        n.find(word)
            .map(|i| i + word.len())
            .unwrap_or_else(|| panic!("{word} in {n}"))
    }

    #[test]
    fn a_word_modifying_a_function_names_the_function() {
        use super::names_a_function;
        let u = unit("开启语音朗读功能后，我们会收集您的设备型号。");
        assert!(names_a_function(u.n(), end_of(&u, "语音")));
        assert!(!names_a_function(u.n(), end_of(&u, "设备型号")));
        let u = unit("当您使用基于地理位置的服务时，我们会将定位信息与地图服务商共享。");
        assert!(names_a_function(u.n(), end_of(&u, "地理位置")));
        // A conjunction in the gap joins another phrase: 定位信息 modifies nothing.
        assert!(!names_a_function(u.n(), end_of(&u, "定位信息")));
        let u = unit("您的健康数据在您使用服务期间保存。");
        assert!(!names_a_function(u.n(), end_of(&u, "健康数据")));
    }

    #[test]
    fn members_of_a_list_of_permissions_are_permissions() {
        use super::in_a_permission_list;
        let u = unit("我们会请求您授权相机、相册、麦克风权限。");
        assert!(in_a_permission_list(&u, end_of(&u, "相册")));
        // Data joined by a conjunction to the permission asked for it stays data.
        let u = unit("我们需要读取您的手机号及相关权限。");
        assert!(!in_a_permission_list(&u, end_of(&u, "手机号")));
        // A verb taking a permission inside the list: the data before it is collected.
        let u = unit("我们会收集您的位置信息并申请定位权限。");
        assert!(!in_a_permission_list(&u, end_of(&u, "位置信息")));
    }

    #[test]
    fn words_in_a_leading_purpose_clause_are_not_collected() {
        use super::in_leading_purpose;
        let u = unit("为完成账号注册，您需要提供电子邮箱。");
        assert!(in_leading_purpose(&u, end_of(&u, "账号") - "账号".len()));
        assert!(!in_leading_purpose(
            &u,
            end_of(&u, "电子邮箱") - "电子邮箱".len()
        ));
        // A purpose clause that collects still names data.
        let u = unit("为了收集您的位置信息，我们需要定位权限。");
        assert!(!in_leading_purpose(
            &u,
            end_of(&u, "位置信息") - "位置信息".len()
        ));
        let u = unit("使用目的：把文字转为语音");
        assert!(in_leading_purpose(&u, end_of(&u, "语音") - "语音".len()));
    }

    #[test]
    fn a_clause_classifying_data_does_not_collect_it() {
        use super::classified_as_a_kind;
        let u = unit("身份证号码、银行卡号属于个人敏感信息，请谨慎提供。");
        assert!(classified_as_a_kind(&u, end_of(&u, "身份证号码")));
        let u = unit("单独的设备型号、操作系统版本等是无法识别特定自然人身份的信息。");
        assert!(classified_as_a_kind(&u, end_of(&u, "设备型号")));
        // 「行为数据」 and 「联系方式」 hold a classifying character but classify nothing.
        let u = unit("我们会收集您的位置、行为数据。");
        assert!(!classified_as_a_kind(&u, end_of(&u, "位置")));
        let u = unit("我们会收集您的姓名、联系方式等个人信息。");
        assert!(!classified_as_a_kind(&u, end_of(&u, "姓名")));
    }

    #[test]
    fn only_collected_words_are_items() {
        let d = doc(&[
            "## 我们如何收集和使用您的个人信息",
            "开启语音朗读功能后，我们会收集您的设备型号。",
            "我们会请求您授权相机、相册、麦克风权限。",
            "为完成会员注册，您需要提供电子邮箱。",
            "身份证号码属于个人敏感信息，我们仅在实名认证时收集。",
            "我们不会识别或保存您的支付密码。",
        ]);
        let p = extract(&d);
        let names: Vec<&str> = p.data_items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["设备型号", "电子邮箱"]);
    }
}
