//! Extraction stage: the data practices a policy states (data items, purposes, third parties, rights …).
//!
//! Every clause is cut into *units* — sentences of prose, or sentences of one table cell, with the
//! cell's column recognised by meaning — normalised once and matched once against every dictionary
//! ([`Compiled`]) and every cue list (`cues`). Each dimension module then reads the units and
//! records what it finds in which unit; `statements` turns those records into the practice
//! statements the aggregates list. Findings point back to clause ids.

mod audience;
mod contacts;
pub mod context;
mod cues;
mod data_items;
mod facts;
pub mod modality;
mod open_items;
mod permissions;
mod purposes;
mod recipients;
mod retention;
mod rights;
mod statements;
mod third_parties;

pub(crate) use audience::{is_foreign_region, is_platform};
pub(crate) use facts::find_dates;
pub(crate) use third_parties::is_foreign_company;
mod topics;

use crate::dictionary::{Compiled, LexHit};
use crate::model::practices::Practices;
use crate::model::{Clause, ClauseKind, Document, Section, Span, SCHEMA_VERSION};
use crate::normalize::{normalize, origin_map};
use crate::parallel;
use crate::segment::split_sentences;
pub use contacts::contact_key;
use context::{Category, ContextModel, Prediction};
use cues::{Cue, CueHits};
pub use open_items::UNCLASSIFIED;
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use std::sync::OnceLock;
pub use topics::Topic;

/// Builds what extraction needs whatever the input (the built-in dictionaries' matchers and the
/// sentence patterns), so that a caller can do it on another thread while it reads and parses
/// input. Optional: everything is otherwise built on first use.
pub fn prepare() {
    preparations().into_par_iter().for_each(|job| job());
}

/// The independent jobs [`prepare`] runs in parallel, each a matcher or pattern or a few: one list,
/// so that a caller with more to build (see [`crate::compare::prepare`]) spreads it all over the cores.
pub(crate) fn preparations() -> Vec<fn()> {
    const DICTIONARIES: &[fn()] = &[|| _ = Compiled::builtin()];
    [
        DICTIONARIES,
        audience::PREPARE,
        contacts::PREPARE,
        facts::PREPARE,
        third_parties::PREPARE,
        recipients::PREPARE,
        open_items::PREPARE,
        cues::PREPARE,
        crate::numbers::PREPARE,
    ]
    .concat()
}

/// Extracts the data practices of a parsed document with the built-in dictionaries.
pub fn extract(doc: &Document) -> Practices {
    extract_with(doc, Compiled::builtin())
}

/// Extracts the data practices of a parsed document with the given compiled dictionaries
/// (e.g. built-in ones merged with a user's).
pub fn extract_with(doc: &Document, dict: &Compiled) -> Practices {
    let ctx = Context::new(doc, dict);
    // Two independent chains, in parallel: who the parties are feeds the data items; the other
    // dimensions read the units alone. Each records what it found per unit, for the statements.
    let (
        (controller, third_parties, (mut data_items, mut not_collected, found)),
        (facts, retention, others),
    ) = parallel::join(
        || {
            let controller = facts::controller(&ctx);
            let third_parties = third_parties::extract(&ctx, controller.as_deref());
            let items = data_items::extract(&ctx, &third_parties);
            (controller, third_parties, items)
        },
        || {
            (
                facts::extract(&ctx),
                retention::extract(&ctx),
                (
                    purposes::extract(&ctx),
                    permissions::extract(&ctx),
                    rights::extract(&ctx),
                    contacts::extract(&ctx),
                    topics::sections(&ctx),
                ),
            )
        },
    );
    let (retention, storage_locations, cross_border, cross_border_clauses, retention_found) =
        retention;
    let (
        (mut purposes, purposes_found),
        (permissions, permissions_found),
        rights,
        contacts,
        sections,
    ) = others;
    let mut parties = third_parties.parties;
    let evidence: Vec<_> = [
        found,
        third_parties.found,
        purposes_found,
        permissions_found,
        retention_found,
    ]
    .into_iter()
    .flatten()
    .collect();
    let statements = statements::build(&ctx, &parties, evidence);
    statements::link(
        &statements,
        &mut data_items,
        &mut not_collected,
        &mut parties,
        &mut purposes,
    );
    Practices {
        schema_version: SCHEMA_VERSION,
        controller,
        controller_address: facts.controller_address,
        effective_date: facts.effective_date,
        updated_date: facts.updated_date,
        minor_age: facts.minor_age,
        cross_border,
        cross_border_clauses,
        data_items,
        not_collected,
        third_parties: parties,
        purposes,
        permissions,
        retention,
        storage_locations,
        rights,
        contacts,
        major_change_definition: facts.major_change_definition,
        sections,
        statements,
    }
}

/// What a table column holds, recognised from its header by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// SDK名称 / 第三方名称 / 合作方名称.
    Name,
    /// 所属公司 / 提供方 / 运营方 / 第三方主体.
    Company,
    /// 使用目的 / 使用场景 / 功能.
    Purpose,
    /// 收集的个人信息 / 获取的信息 / 共享的个人信息类型.
    Data,
    /// 使用的权限 / 申请权限.
    Permission,
    /// 共享方式 / 收集方式.
    Method,
    /// 隐私政策链接 / 官网链接.
    Link,
    /// Anything else.
    Other,
}

impl Column {
    /// Recognises a column (or key-value label) by the words of its header: the first kind in
    /// [`Column::BY_PRIORITY`] with a word in it.
    pub(crate) fn of(header: &str) -> Column {
        cues::first_label_match(header, &Column::BY_PRIORITY).unwrap_or(Column::Other)
    }

    /// The kinds of a table's columns from their headers. When several columns are name columns
    /// (「产品名称」 and 「第三方产品」), the one whose header names a recipient (第三方, SDK, 合作方…)
    /// names the row and the others are `Other`: a column added in front of a recipient table does
    /// not rename every recipient.
    pub(crate) fn of_row<'h>(headers: impl IntoIterator<Item = &'h str>) -> Vec<Column> {
        let headers: Vec<&str> = headers.into_iter().collect();
        let mut columns: Vec<Column> = headers.iter().map(|h| Column::of(h)).collect();
        Column::prefer_recipient(&mut columns, &headers);
        columns
    }

    /// Keeps `Name` only on the first name column whose header names a recipient, when there are
    /// several name columns and one of them does (see [`Column::of_row`]).
    pub(crate) fn prefer_recipient(columns: &mut [Column], headers: &[&str]) {
        let names = columns.iter().filter(|c| **c == Column::Name).count();
        if names < 2 {
            return;
        }
        let recipient = columns.iter().zip(headers).position(|(c, h)| {
            let h = h.to_lowercase();
            *c == Column::Name && RECIPIENT_HEADERS.iter().any(|w| h.contains(w))
        });
        if let Some(keep) = recipient {
            for (i, c) in columns.iter_mut().enumerate() {
                if *c == Column::Name && i != keep {
                    *c = Column::Other;
                }
            }
        }
    }

    /// Header words per column kind, tried in this order (a 「隐私政策链接」 column is a link, a
    /// 「所属公司名称」 column a company).
    const BY_PRIORITY: [(Cue, Column); 7] = [
        (Cue::LinkHeader, Column::Link),
        (Cue::PermissionHeader, Column::Permission),
        (Cue::MethodHeader, Column::Method),
        (Cue::CompanyHeader, Column::Company),
        (Cue::PurposeHeader, Column::Purpose),
        (Cue::DataHeader, Column::Data),
        (Cue::NameHeader, Column::Name),
    ];
}

/// Words of a link column's header.
const LINK_HEADERS: &[&str] = &[
    "链接",
    "网址",
    "url",
    "官网",
    "隐私政策",
    "隐私权政策",
    "网站",
];
/// Words of a permission column's header.
const PERMISSION_HEADERS: &[&str] = &["权限"];
/// Words of a method column's header.
const METHOD_HEADERS: &[&str] = &["方式"];
/// Words of a company column's header.
const COMPANY_HEADERS: &[&str] = &[
    "公司",
    "主体",
    "提供方",
    "运营方",
    "提供商",
    "开发者",
    "厂商",
    "机构",
    "运营者",
    "企业",
    "服务方",
    "提供者",
];
/// Words of a purpose column's header.
const PURPOSE_HEADERS: &[&str] = &["目的", "用途", "场景", "功能", "业务", "用于"];
/// Words of a data column's header.
const DATA_HEADERS: &[&str] = &["信息", "数据", "字段", "类型", "内容", "范围"];
/// Words naming a recipient's role: in a name column's header they say the name is a recipient's
/// (not a product's); as the subject of a sentence they make it about a recipient.
const RECIPIENT_HEADERS: &[&str] = &["第三方", "sdk", "合作方", "接收方", "伙伴", "服务商"];
/// Words of a name column's header.
const NAME_HEADERS: &[&str] = &[
    "名称",
    "sdk",
    "第三方",
    "合作方",
    "服务商",
    "产品",
    "插件",
    "伙伴",
    "name",
    "接收方",
];

/// One sentence of prose or of a table cell, normalised and matched against every dictionary.
pub(crate) struct Unit<'a> {
    /// The sentence as written.
    pub text: &'a str,
    /// Its comparison form.
    norm: String,
    /// The offset map from `norm` back to `text`, built on first use (most sentences report no
    /// finding, and the map takes a word per byte).
    origin: OnceLock<Vec<usize>>,
    /// Byte offset of `text` in the clause text.
    pub offset: usize,
    /// For table cells, the column it sits in.
    pub column: Option<Column>,
    /// Data-item hits in `norm`.
    pub items: Vec<LexHit>,
    /// Purpose-cue hits in `norm`.
    pub purposes: Vec<LexHit>,
    /// Every cue-list word in `norm`.
    pub cues: CueHits,
    /// The dictionaries, for the hits computed on demand.
    dict: &'a Compiled,
    sdks: OnceLock<Vec<LexHit>>,
    permissions: OnceLock<Vec<LexHit>>,
    rights: OnceLock<Vec<LexHit>>,
    address: OnceLock<Option<(String, String)>>,
    /// The context model's reading of the sentence (computed on first use).
    context: OnceLock<Prediction>,
}

/// The context-model categories that state a practice on personal information (as opposed to
/// security measures, rights, contacts, policy changes or none).
const PRACTICE_CATEGORIES: [Category; 6] = [
    Category::Collection,
    Category::Permission,
    Category::Sharing,
    Category::Use,
    Category::Storage,
    Category::SpecialAudience,
];

impl Unit<'_> {
    /// The context model's categories for the sentence under its section `heading` (the first
    /// call decides; every caller of one unit passes the same heading).
    pub fn context(&self, heading: &str) -> &Prediction {
        self.context
            .get_or_init(|| ContextModel::builtin().classify_with_heading(self.text, heading))
    }

    /// How the context model reads the sentence under `heading`: `Some(true)` when it states a
    /// practice on personal information (see [`PRACTICE_CATEGORIES`]), `Some(false)` when it
    /// states only something else (a policy change, a notification, security, rights, a contact),
    /// `None` when it states nothing the model knows.
    pub fn practice(&self, heading: &str) -> Option<bool> {
        let categories = self.context(heading).categories;
        if categories.is_empty() {
            return None;
        }
        // User control (access, deletion, account closure) is read as neither: those sentences
        // often state what is kept after closure (「实名认证信息在账号注销后依法保存三年」).
        if PRACTICE_CATEGORIES.iter().any(|c| categories.contains(*c)) {
            Some(true)
        } else if categories.contains(Category::UserControl) {
            None
        } else {
            Some(false)
        }
    }

    /// The matching every unit gets when it is built, one automaton per pass (see
    /// [`Context::new`]): data items, purpose cues, cue lists.
    const MATCHING: [fn(&mut Unit); 3] = [
        |unit| {
            let mut items = unit.dict.data_items.find_all(&unit.norm);
            // A term found inside other words is no mention (「私信」 in 「隐私信息」).
            items.retain(|h| !crate::segment::cuts_through_words(&unit.norm, h.start, h.end));
            unit.items = items;
        },
        |unit| unit.purposes = unit.dict.purposes.find_all(&unit.norm),
        |unit| unit.cues = CueHits::scan(&unit.norm),
    ];

    /// SDK-registry hits in the comparison form (matched on first use: few sentences need them).
    pub fn sdks(&self) -> &[LexHit] {
        self.sdks
            .get_or_init(|| self.dict.sdks.find_all(&self.norm))
    }

    /// Permission hits in the comparison form (matched on first use).
    pub fn permissions(&self) -> &[LexHit] {
        self.permissions
            .get_or_init(|| self.dict.permissions.find_all(&self.norm))
    }

    /// Right-cue hits in the comparison form (matched on first use).
    pub fn rights(&self) -> &[LexHit] {
        self.rights
            .get_or_init(|| self.dict.rights.find_all(&self.norm))
    }

    /// The labelled address the sentence states, `(label, address as written)` (found on first
    /// use: the contacts and the controller's address both ask).
    pub fn address(&self) -> Option<&(String, String)> {
        self.address
            .get_or_init(|| contacts::address_in(self))
            .as_ref()
    }

    /// The data-item hits overlapping the normalised byte range `start..end` (the hits are
    /// non-overlapping and in order, so this is a binary search, not a scan).
    pub fn items_overlapping(&self, start: usize, end: usize) -> &[LexHit] {
        let from = self.items.partition_point(|h| h.end <= start);
        let to = self.items.partition_point(|h| h.start < end);
        self.items.get(from..to.max(from)).unwrap_or(&[])
    }

    /// The comparison-form text.
    pub fn n(&self) -> &str {
        &self.norm
    }

    /// The byte range of `text` that a normalised byte range came from.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let origin = self.origin.get_or_init(|| origin_map(self.text));
        crate::normalize::original_range(origin, start, end)
    }

    /// The original wording of a normalised byte range.
    pub fn original(&self, start: usize, end: usize) -> &str {
        let (s, e) = self.original_range(start, end);
        self.text.get(s..e).unwrap_or("")
    }
}

/// A clause with its units and the topic of the section holding it.
pub(crate) struct ClauseView<'a> {
    /// Its index in [`Context::clauses`].
    pub index: usize,
    /// The clause.
    pub clause: &'a Clause,
    /// Topic of the innermost enclosing section that has one.
    pub topic: Option<Topic>,
    /// Title of the innermost enclosing section.
    pub section_title: &'a str,
    /// Sentences (prose) or cell sentences (table rows).
    pub units: Vec<Unit<'a>>,
    /// Byte offset of the clause text in the document text, when the clause text is a verbatim slice.
    pub base: Option<usize>,
    /// For table rows, the column kind of each cell (same order as `clause.cells`).
    pub columns: Vec<Column>,
}

impl ClauseView<'_> {
    /// Document span of a unit-relative normalised range, or the clause span when not verbatim.
    pub fn span(&self, unit: &Unit, start: usize, end: usize) -> Span {
        match self.base {
            Some(base) => {
                let (s, e) = unit.original_range(start, end);
                Span::new(base + unit.offset + s, base + unit.offset + e)
            }
            None => self.clause.span,
        }
    }

    /// The clause id.
    pub fn id(&self) -> &str {
        &self.clause.id
    }

    /// True for table rows.
    pub fn is_row(&self) -> bool {
        self.clause.kind == ClauseKind::TableRow && !self.clause.cells.is_empty()
    }

    /// The text of the first cell of the given column kind.
    pub fn cell(&self, column: Column) -> Option<&str> {
        self.clause
            .cells
            .iter()
            .zip(&self.columns)
            .find(|(_, c)| **c == column)
            .map(|(c, _)| c.text.trim())
            .filter(|t| !is_blank_cell(t))
    }
}

/// A cell holding nothing meaningful (「-」, 「无」, 「/」).
pub(crate) fn is_blank_cell(text: &str) -> bool {
    matches!(
        text.trim(),
        "" | "-" | "—" | "/" | "无" | "N/A" | "n/a" | "暂无" | "－"
    )
}

/// Everything the dimension extractors share for one document.
pub(crate) struct Context<'a> {
    /// The document.
    pub doc: &'a Document,
    /// The compiled dictionaries.
    pub dict: &'a Compiled,
    /// Content clauses (TOC entries left out) in document order.
    pub clauses: Vec<ClauseView<'a>>,
    /// Every section's topics and title by id.
    pub sections: topics::SectionIndex<'a>,
    /// The product the policy is about, in comparison form (see [`crate::model::Title::product`]).
    pub product: Option<String>,
}

impl<'a> Context<'a> {
    fn new(doc: &'a Document, dict: &'a Compiled) -> Context<'a> {
        let sections = topics::SectionIndex::new(doc);
        // Every row of a table repeats its headers: recognise each header once.
        let mut column_of: std::collections::HashMap<&str, Column> = Default::default();
        let mut clauses = doc
            .content_clauses()
            .enumerate()
            .map(|(index, clause)| {
                let (topic, section_title) = sections.topic_of(clause.section_id.as_deref());
                let base = doc
                    .text
                    .get(clause.span.start()..clause.span.end())
                    .filter(|s| *s == clause.text)
                    .map(|_| clause.span.start());
                let mut columns: Vec<Column> = clause
                    .cells
                    .iter()
                    .map(|c| {
                        *column_of
                            .entry(&c.column)
                            .or_insert_with(|| Column::of(&c.column))
                    })
                    .collect();
                let headers: Vec<&str> = clause.cells.iter().map(|c| c.column.as_str()).collect();
                Column::prefer_recipient(&mut columns, &headers);
                ClauseView {
                    index,
                    clause,
                    topic,
                    section_title,
                    units: Vec::new(),
                    base,
                    columns,
                }
            })
            .collect::<Vec<_>>();
        // Cutting and matching the units is most of the work, and independent per clause. Each
        // batch of clauses is matched one automaton at a time, which keeps its tables in cache.
        let match_batches = |clauses: &mut [ClauseView<'a>]| {
            clauses.chunks_mut(UNIT_BATCH).for_each(|batch| {
                for view in batch.iter_mut() {
                    view.units = units(view.clause, &view.columns, dict);
                }
                for matching in Unit::MATCHING {
                    batch
                        .iter_mut()
                        .flat_map(|view| view.units.iter_mut())
                        .for_each(matching);
                }
            })
        };
        // Two halves of about equal text, one per core.
        let total: usize = clauses.iter().map(|view| view.clause.text.len()).sum();
        let mut seen = 0;
        let half = clauses
            .iter()
            .position(|view| {
                seen += view.clause.text.len();
                2 * seen >= total
            })
            .map_or(0, |i| i + 1);
        let len = clauses.len();
        let (first, second) = clauses.split_at_mut(half.min(len));
        parallel::join(|| match_batches(first), || match_batches(second));
        Context {
            doc,
            dict,
            clauses,
            sections,
            product: doc.title.as_ref().and_then(|t| t.product()),
        }
    }

    /// Every section, in document order, with the topic it belongs to and the id of the content
    /// clause its heading introduces (the first one after the heading, inside the section; `None`
    /// when the section holds none). Findings read in a heading cite that clause: practices cite
    /// clause ids only.
    pub fn headings(
        &self,
    ) -> impl Iterator<Item = (&'a Section, Option<Topic>, Option<&'a str>)> + '_ {
        self.doc.walk_sections().into_iter().map(|s| {
            let after_heading = self
                .clauses
                .partition_point(|v| v.clause.span.start() < s.heading_span.end());
            let introduced = self
                .clauses
                .get(after_heading)
                .filter(|v| v.clause.span.start() < s.span.end())
                .map(|v| v.clause.id.as_str());
            (s, self.sections.topic_of(Some(s.id.as_str())).0, introduced)
        })
    }
}

/// Cuts a clause into units: sentences of its text, or for a table row sentences of each cell.
fn units<'a>(clause: &'a Clause, columns: &[Column], dict: &'a Compiled) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    if clause.kind == ClauseKind::TableRow && !clause.cells.is_empty() {
        let mut search_from = 0;
        for (cell, &column) in clause.cells.iter().zip(columns) {
            let cell_offset = clause
                .text
                .get(search_from..)
                .and_then(|rest| rest.find(cell.text.as_str()))
                .map(|i| i + search_from);
            if let Some(o) = cell_offset {
                search_from = o + cell.text.len();
            }
            for (s, e) in split_sentences(&cell.text) {
                if let Some(text) = cell.text.get(s..e) {
                    out.push(unmatched_unit(
                        text,
                        cell_offset.unwrap_or(0) + s,
                        Some(column),
                        dict,
                    ));
                }
            }
        }
    } else {
        for (s, e) in sentence_ranges(clause) {
            if let Some(text) = clause.text.get(s..e) {
                out.push(unmatched_unit(text, s, None, dict));
            }
        }
    }
    out
}

/// Byte ranges of a clause's sentences in its text, as [`split_sentences`] cuts it: parsing has
/// already cut them ([`tiled_sentences`]); hand-built clauses are cut here.
fn sentence_ranges(clause: &Clause) -> Vec<(usize, usize)> {
    tiled_sentences(clause).unwrap_or_else(|| split_sentences(&clause.text))
}

/// The ranges of the sentences parsing stored with the clause, when they tile its text in order
/// with only whitespace between them (`None` otherwise).
fn tiled_sentences(clause: &Clause) -> Option<Vec<(usize, usize)>> {
    let text = clause.text.as_str();
    let mut out = Vec::with_capacity(clause.sentences.len());
    let mut end = 0;
    for sentence in &clause.sentences {
        let rest = text.get(end..)?;
        let start = end + (rest.len() - rest.trim_start().len());
        if !text.get(start..)?.starts_with(sentence.text.as_str()) {
            return None;
        }
        end = start + sentence.text.len();
        out.push((start, end));
    }
    text.get(end..)?.trim().is_empty().then_some(out)
}

/// Clauses per batch whose units are matched together (see [`Context::new`]).
const UNIT_BATCH: usize = 32;

/// One unit: `text` normalised and matched against every dictionary and cue list.
pub(crate) fn unit<'a>(
    text: &'a str,
    offset: usize,
    column: Option<Column>,
    dict: &'a Compiled,
) -> Unit<'a> {
    let mut unit = unmatched_unit(text, offset, column, dict);
    for matching in Unit::MATCHING {
        matching(&mut unit);
    }
    unit
}

/// One unit: `text` normalised, not matched yet.
fn unmatched_unit<'a>(
    text: &'a str,
    offset: usize,
    column: Option<Column>,
    dict: &'a Compiled,
) -> Unit<'a> {
    let norm = normalize(text);
    Unit {
        text,
        offset,
        column,
        items: Vec::new(),
        purposes: Vec::new(),
        cues: CueHits::default(),
        dict,
        sdks: OnceLock::new(),
        permissions: OnceLock::new(),
        rights: OnceLock::new(),
        address: OnceLock::new(),
        context: OnceLock::new(),
        norm,
        origin: OnceLock::new(),
    }
}

/// Byte offset where the clause holding `pos` starts in a normalised text: just after the last
/// clause break before it (「，」「。」「；」「：」 fold to `,` `.` `;` `:`), or 0.
pub(crate) fn clause_start(n: &str, pos: usize) -> usize {
    n.get(..pos)
        .and_then(|before| before.rfind([',', '.', ';', ':']))
        .map_or(0, |i| i + 1)
}

/// The first `n` characters of `text` (patterns match unbounded runs and cut them here: a counted
/// repetition of a large Unicode class costs milliseconds to compile in every process).
pub(crate) fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices()
        .nth(n)
        .map_or(text, |(i, _)| text.get(..i).unwrap_or(text))
}

/// The last `n` characters of `text` (see [`first_chars`]; walks from the end, so the cost does
/// not grow with the length of `text`).
pub(crate) fn last_chars(text: &str, n: usize) -> &str {
    let Some(back) = n.checked_sub(1) else {
        return "";
    };
    text.char_indices()
        .rev()
        .nth(back)
        .map_or(text, |(i, _)| text.get(i..).unwrap_or(""))
}

/// Pushes `value` unless already present (keeps first-occurrence order). The value may be a
/// borrowed form of the list's items (a `&str` for a list of `String`s): it is converted only when
/// pushed.
pub(crate) fn push_unique<T, V>(list: &mut Vec<T>, value: V)
where
    T: PartialEq<V>,
    V: Into<T>,
{
    if !list.iter().any(|known| *known == value) {
        list.push(value.into());
    }
}

/// Pushes a clause id unless it was the last one pushed. Extractors walk the clauses in document
/// order, so a repeat can only be the last id; a full search would make an item mentioned in each
/// row of a 10,000-row table quadratic.
pub(crate) fn push_clause_id(list: &mut Vec<String>, id: &str) {
    if list.last().map(String::as_str) != Some(id) {
        list.push(id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::testing::doc;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_and_last_chars_count_characters() {
        assert_eq!(first_chars("个人信息", 2), "个人");
        assert_eq!(first_chars("个人", 5), "个人");
        assert_eq!(last_chars("个人信息", 2), "信息");
        assert_eq!(last_chars("个人", 5), "个人");
        assert_eq!(last_chars("个人", 0), "");
        assert_eq!(first_chars("", 3), "");
    }

    #[test]
    fn parsed_sentences_are_reused_as_cut() {
        let policies = [
            ("p.txt", "隐私政策\n一、收集\n我们收集您的手机号码。 用于登录！\n  第二句；第三句？\n\n二、联系\n邮箱：a@b.com"),
            ("p.md", "# 隐私政策\n\n## 一、收集\n\n我们收集您的**手机号码**。用于登录。\n\n- 姓名；\n- 地址。\n"),
            ("p.html", "<h1>隐私政策</h1><p>我们收集您的手机号码。<br>用于登录。</p><ul><li>姓名；地址。</li></ul>"),
        ];
        for (name, text) in policies {
            let input =
                crate::read::from_bytes(text.as_bytes(), std::path::Path::new(name)).unwrap();
            let doc = crate::structure::parse(&input);
            assert!(doc.clauses.len() > 1, "{name}");
            for clause in doc.clauses.iter().filter(|c| !c.text.trim().is_empty()) {
                assert_eq!(
                    tiled_sentences(clause),
                    Some(split_sentences(&clause.text)),
                    "{name}: {}",
                    clause.text
                );
            }
        }
    }

    #[test]
    fn empty_document_yields_empty_practices() {
        let p = extract(&doc(&[]));
        assert_eq!(p.schema_version, SCHEMA_VERSION);
        assert!(p.data_items.is_empty() && p.third_parties.is_empty() && p.controller.is_none());
    }

    #[test]
    fn columns_are_recognised_by_meaning() {
        for (header, column) in [
            ("SDK名称", Column::Name),
            ("第三方名称", Column::Name),
            ("合作方名称", Column::Name),
            ("所属公司", Column::Company),
            ("第三方主体", Column::Company),
            ("提供方", Column::Company),
            ("使用目的", Column::Purpose),
            ("使用场景", Column::Purpose),
            ("收集的个人信息", Column::Data),
            ("共享的个人信息类型", Column::Data),
            ("使用的权限", Column::Permission),
            ("共享方式", Column::Method),
            ("第三方隐私政策或官网链接", Column::Link),
            ("备注", Column::Other),
        ] {
            assert_eq!(Column::of(header), column, "{header}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(lines in proptest::collection::vec("[#| 我们收集您的手机号码IMEI极光推送SDK：:（）()、，。0-9a-z\\-]{0,40}", 0..12)) {
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            let p = extract(&doc(&lines));
            let ids: Vec<&str> = p.statements.iter().map(|s| s.id.as_str()).collect();
            for item in &p.data_items {
                prop_assert!(!item.clauses.is_empty());
                prop_assert!(!item.statements.is_empty());
                prop_assert!(item.statements.iter().all(|id| ids.contains(&id.as_str())));
            }
            let names: Vec<&str> = p.data_items.iter().map(|i| i.name.as_str()).collect();
            prop_assert!(p.not_collected.iter().all(|n| !names.contains(&n.name.as_str())));
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Hand-built documents for unit tests: one clause per line, `## title` starts a section,
    //! `| a | b |` lines make a table (first such line is the header).
    use crate::dictionary::Compiled;
    use crate::model::*;
    use std::collections::BTreeMap;

    /// One prose unit of `sentence`, matched against the built-in dictionaries and cue lists.
    pub fn unit(sentence: &str) -> super::Unit<'_> {
        super::unit(sentence, 0, None, Compiled::builtin())
    }

    /// Builds a document from lines (see module docs).
    pub fn doc(lines: &[&str]) -> Document {
        let mut text = String::new();
        let mut sections = Vec::new();
        let mut clauses = Vec::new();
        let mut section: Option<String> = None;
        let mut header: Option<Vec<String>> = None;
        for (i, line) in lines.iter().enumerate() {
            let start = text.len();
            text.push_str(line);
            let span = Span::new(start, text.len());
            text.push('\n');
            if let Some(title) = line.strip_prefix("## ") {
                let id = format!("s{i}");
                sections.push(Section {
                    id: id.clone(),
                    number: None,
                    numbering: Numbering::Markup,
                    title: title.to_owned(),
                    level: 1,
                    span,
                    heading_span: span,
                    sections: Vec::new(),
                });
                section = Some(id);
                header = None;
                continue;
            }
            let mut cells = Vec::new();
            let mut kind = ClauseKind::Paragraph;
            let (line, span) = match line.strip_prefix("* ") {
                // A bulleted line is a list item.
                Some(item) => {
                    kind = ClauseKind::ListItem;
                    (item, Span::new(start + 2, span.end()))
                }
                None => (*line, span),
            };
            if line.starts_with('|') {
                let parts: Vec<String> = line
                    .trim_matches('|')
                    .split('|')
                    .map(|c| c.trim().to_owned())
                    .collect();
                match &header {
                    None => {
                        header = Some(parts);
                        continue;
                    }
                    Some(h) => {
                        kind = ClauseKind::TableRow;
                        cells = h
                            .iter()
                            .zip(parts)
                            .map(|(column, text)| Cell {
                                column: column.clone(),
                                text,
                            })
                            .collect();
                    }
                }
            }
            clauses.push(Clause {
                id: format!("c{i}"),
                section_id: section.clone(),
                kind,
                text: line.to_string(),
                span,
                sentences: Vec::new(),
                cells,
            });
        }
        Document {
            schema_version: SCHEMA_VERSION,
            source: SourceInfo {
                path: "test".into(),
                encoding: Encoding::Utf8,
                format: Format::Text,
                bytes: text.len(),
            },
            title: None,
            metadata: BTreeMap::new(),
            sections,
            clauses,
            toc: Vec::new(),
            omitted: Vec::new(),
            text,
        }
    }
}
