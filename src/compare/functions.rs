//! Business functions (业务功能): a function the new version names in a changed clause that
//! processes personal information, and that the old version never mentions.
//!
//! GB/T 35273-2020 Appendix D counts a new business function that processes personal
//! information as a change of purpose even when every item it uses was collected before
//! (「当您使用“某某”功能时，我们会收集您的步数」, a new section 「为您提供某某服务」 whose clauses
//! collect data). The inventories of `facts_of` cannot see it: the items and the purpose codes may
//! all be known. A function is named in one of two ways:
//! - in the sentence of a statement that processes data: a verb of use or participation
//!   (使用、参与、开通、开启 …) followed by a name ending in 功能、服务、模式 or 活动;
//! - by the title of the section an added clause sits in, when that section is new and its title
//!   announces no policy topic (collection, sharing, rights …).
//!
//! The function is new when its name, without determiners, the product's name and the generic
//! suffix, appears nowhere in the old version's text and names no purpose the old version states.
//! The mirror (a function no longer mentioned) is a minor finding.

use super::key_of;
use crate::extract::Topic;
use crate::model::diff::{Change, ChangeKind, ClauseRef, SemanticChange, SemanticKind};
use crate::model::practices::{Action, Polarity, Practices, Statement};
use crate::model::{Clause, Document};
use regex::Regex;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Words that refer back, quantify or qualify rather than name (「使用上述功能」「参与相关活动」
/// 「基本功能」).
const DETERMINERS: &[&str] = &[
    "上述", "前述", "相关", "其他", "其它", "该", "此", "本", "这些", "该等", "此类", "部分",
    "全部", "所有", "各项", "各类", "特定", "某些", "某项", "具体", "对应", "以下", "下列", "基本",
    "核心", "附加", "扩展", "拓展", "主要", "常用", "更多", "新",
];

/// Pronouns and connectives: a "name" holding one is a clause (「您参与」「产品或」).
const CONNECTIVES: &str = "您你我他她其或与和及并且而为在时需应前后将会可能等以如若则";

/// Verbs of use or participation that introduce a function's name.
const VERBS: &[&str] = &["使用", "参与", "参加", "开通", "开启", "体验", "设置"];

/// Words that introduce a section title naming a function (「为您提供运动记录服务」).
const TITLE_LEADS: &[&str] = &["为您提供", "为你提供", "向您提供", "提供", "关于"];

/// Generic suffixes of a function's name.
const SUFFIXES: &[&str] = &["功能", "服务", "模式", "活动", "场景"];

/// Fewest and most characters of a function's core name.
const MIN_CORE_CHARS: usize = 2;
const MAX_CORE_CHARS: usize = 10;
/// Most characters between the verb and the suffix, before the name is cleaned to its core.
const MAX_NAME_CHARS: usize = 24;

/// A function named in a normalised sentence: a verb of use or participation, then the name up
/// to the first generic suffix (no clause punctuation in between; at most [`MAX_NAME_CHARS`]).
fn function_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?:使用|参与|参加|开通|开启|体验|设置)([^,.;:!?()\[\]]+?)(?:功能|服务|模式|活动)"#,
        )
        .ok()
    })
    .as_ref()
}

/// Builds the regex ahead of the first comparison (see `compare::prepare`).
pub fn prepare() {
    _ = function_regex();
}

/// One version as this pass reads it.
pub struct Side<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its practices.
    pub practices: &'a Practices,
    /// The normalised text of each clause, by clause index.
    pub normalized: &'a [String],
}

/// A version's clauses and processing statements by clause id (built once, not per change).
struct Index<'a> {
    clauses: HashMap<&'a str, &'a Clause>,
    section_titles: HashMap<&'a str, &'a str>,
    statements: HashMap<&'a str, Vec<&'a Statement>>,
}

impl<'a> Index<'a> {
    fn of(side: &Side<'a>) -> Self {
        let mut statements = super::statements::by_clause(side.practices);
        statements.retain(|_, list| {
            list.retain(|s| processes_data(s));
            !list.is_empty()
        });
        Index {
            clauses: side
                .doc
                .clauses
                .iter()
                .map(|c| (c.id.as_str(), c))
                .collect(),
            section_titles: side
                .doc
                .walk_sections()
                .into_iter()
                .map(|s| (s.id.as_str(), s.title.as_str()))
                .collect(),
            statements,
        }
    }
}

/// What the other version says, for deciding whether a name is new to it.
struct Known {
    /// All its clause texts and section titles, normalised.
    text: String,
    /// Its section titles, normalised.
    titles: HashSet<String>,
    /// The purpose codes it states.
    purposes: HashSet<String>,
    /// The product's names in both versions (a rename names no new function).
    products: Vec<String>,
    /// Names already judged (a long document repeats them; each judgement scans the text).
    judged: RefCell<HashMap<String, Option<String>>>,
}

impl Known {
    fn of(side: &Side, products: Vec<String>) -> Self {
        let sections = side.doc.walk_sections();
        let titles: HashSet<String> = sections.iter().map(|s| key_of(&s.title)).collect();
        let mut text = side.normalized.join("\n");
        for title in &titles {
            text.push('\n');
            text.push_str(title);
        }
        Known {
            text,
            titles,
            purposes: side
                .practices
                .purposes
                .iter()
                .map(|p| p.code.clone())
                .collect(),
            products,
            judged: RefCell::default(),
        }
    }

    /// The core of a function's name (determiners, product names and generic affixes removed),
    /// when it is new to this version.
    fn new_core(&self, name: &str) -> Option<String> {
        if let Some(judged) = self.judged.borrow().get(name) {
            return judged.clone();
        }
        let judged = self.judge(name);
        self.judged
            .borrow_mut()
            .insert(name.to_owned(), judged.clone());
        judged
    }

    fn judge(&self, name: &str) -> Option<String> {
        let core = core_name(name, &self.products)?;
        let dict = crate::dictionary::Compiled::builtin();
        let known_purpose = dict
            .purposes
            .find_all(&core)
            .iter()
            .filter_map(|hit| dict.dictionaries.purposes.get(hit.entry))
            .any(|purpose| self.purposes.contains(&purpose.code));
        (!self.text.contains(core.as_str()) && !known_purpose).then_some(core)
    }
}

/// The core of a function's name: the part after the last verb of use (「开通使用X」 → X); of a
/// name with a quoted brand before the function's word (「“某某”直播」) the word after it, of a
/// wholly quoted name the quoted text; the part after the last 的 (「我们提供的搜索」 → 搜索);
/// a leading title word, a trailing suffix and the product's name removed. `None` when what
/// remains is a determiner or generic qualifier, holds a pronoun or connective (then it is a
/// clause, not a name), or is too short or too long to name a function.
fn core_name(name: &str, products: &[String]) -> Option<String> {
    let mut core = key_of(name);
    if let Some(at) = VERBS
        .iter()
        .filter_map(|v| core.rfind(v).map(|i| i + v.len()))
        .max()
    {
        core = core.get(at..).unwrap_or_default().to_owned();
    }
    let parts: Vec<&str> = core.split(['"', '\'']).collect();
    if let [before, quoted, after] = parts.as_slice() {
        core = if after.trim().is_empty() {
            (*quoted).to_owned()
        } else if before.trim().is_empty() {
            (*after).to_owned()
        } else {
            core.replace(['"', '\''], "")
        };
    }
    core.retain(|c| !matches!(c, '"' | '\'' | ' ' | '<' | '>'));
    if let Some((_, after)) = core.rsplit_once('的') {
        core = after.to_owned();
    }
    for lead in TITLE_LEADS {
        if let Some(rest) = core.strip_prefix(lead) {
            core = rest.to_owned();
            break;
        }
    }
    for suffix in SUFFIXES {
        if let Some(rest) = core.strip_suffix(suffix) {
            core = rest.to_owned();
            break;
        }
    }
    for product in products.iter().filter(|p| !p.is_empty()) {
        core = core.replace(product.as_str(), "");
    }
    let chars = core.chars().count();
    let generic = DETERMINERS
        .iter()
        .any(|d| core.starts_with(d) || (d.chars().count() > 1 && core.contains(d)));
    let clause_like = core.chars().any(|c| CONNECTIVES.contains(c));
    ((MIN_CORE_CHARS..=MAX_CORE_CHARS).contains(&chars)
        && core.chars().any(|c| !c.is_ascii_digit())
        && !generic
        && !clause_like)
        .then_some(core)
}

/// The functions named in a normalised sentence.
fn named_functions(sentence: &str) -> Vec<&str> {
    function_regex()
        .map(|re| {
            crate::bounded::captures_within(re, sentence, 1, MAX_NAME_CHARS)
                .into_iter()
                .filter_map(|c| c.get(1))
                .map(|m| m.as_str())
                .collect()
        })
        .unwrap_or_default()
}

/// True for a statement that processes personal information (not one that denies it or keeps it
/// on the device).
fn processes_data(statement: &Statement) -> bool {
    statement.polarity == Polarity::Affirmative
        && statement.actor != "device"
        && !statement.data.is_empty()
        && !matches!(statement.action, Action::Store | Action::Retain)
}

/// Adds a finding for each business function named only by one version: new functions on the
/// change that names them, functions no longer mentioned (the mirror) likewise.
pub fn compare_functions(changes: &mut [Change], old: &Side, new: &Side) {
    let products: Vec<String> = [old.doc, new.doc]
        .iter()
        .filter_map(|d| d.title.as_ref().and_then(|t| t.product()))
        .map(|p| key_of(&p))
        .collect();
    let (old_known, new_known) = (Known::of(old, products.clone()), Known::of(new, products));
    let (old_index, new_index) = (Index::of(old), Index::of(new));
    // Each function once per report; a name inside another already reported (「摇一摇」 in
    // 「摇一摇领红包」) is the same function.
    let mut seen: Vec<(SemanticKind, String)> = Vec::new();
    for change in changes.iter_mut() {
        let found: Vec<(SemanticKind, String, Option<ClauseRef>)> = [
            (
                SemanticKind::FunctionAdded,
                &change.new,
                &new_index,
                &old_known,
            ),
            (
                SemanticKind::FunctionRemoved,
                &change.old,
                &old_index,
                &new_known,
            ),
        ]
        .into_iter()
        .flat_map(|(kind, side_ref, index, other)| {
            let whole = match kind {
                SemanticKind::FunctionAdded => change.kind == ChangeKind::Added,
                _ => change.kind == ChangeKind::Removed,
            };
            side_ref
                .as_ref()
                .map(|r| functions_in(r, index, other, whole))
                .unwrap_or_default()
                .into_iter()
                .map(move |core| (kind, core, side_ref.clone()))
        })
        .collect();
        for (kind, core, evidence) in found {
            let known = seen
                .iter()
                .any(|(k, c)| *k == kind && (c.contains(&core) || core.contains(c.as_str())));
            if known {
                continue;
            }
            seen.push((kind, core.clone()));
            let mut finding = SemanticChange::new(kind, core);
            match kind {
                SemanticKind::FunctionAdded => finding.new_evidence.extend(evidence),
                _ => finding.old_evidence.extend(evidence),
            }
            change.semantic.push(finding);
        }
    }
}

/// The functions the clauses of `clause` name, in sentences that process personal information,
/// that `other` never mentions. `whole`: the clause was added (or removed) as a whole, so the
/// title of a section new to the other version names a function too.
fn functions_in(clause: &ClauseRef, index: &Index, other: &Known, whole: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in clause.ids() {
        let (Some(found), Some(statements)) = (index.clauses.get(id), index.statements.get(id))
        else {
            continue;
        };
        let mut names: Vec<String> = found
            .sentences
            .iter()
            .filter(|sentence| {
                statements.iter().any(|s| {
                    s.span.start() < sentence.span.end() && sentence.span.start() < s.span.end()
                })
            })
            .flat_map(|sentence| {
                named_functions(&key_of(&sentence.text))
                    .into_iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        if whole {
            names.extend(new_section_title(found, index, other));
        }
        for core in names.iter().filter_map(|name| other.new_core(name)) {
            if !out.contains(&core) {
                out.push(core);
            }
        }
    }
    out
}

/// The title of the section holding `clause` when it names a function (ends in 功能、服务 …), the
/// other version has no section of that title and the title announces no policy topic.
fn new_section_title(clause: &Clause, index: &Index, other: &Known) -> Option<String> {
    let title = *index.section_titles.get(clause.section_id.as_deref()?)?;
    let key = key_of(title);
    let names_function = SUFFIXES.iter().any(|s| key.ends_with(s));
    (names_function && !other.titles.contains(&key) && Topic::of_heading(title).is_none())
        .then(|| title.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_names_drop_determiners_products_and_suffixes() {
        let products = vec!["学习强国".to_owned()];
        assert_eq!(
            core_name("\"学习强国\"直播", &products).as_deref(),
            Some("直播")
        );
        assert_eq!(
            core_name("我们提供的搜索", &products).as_deref(),
            Some("搜索")
        );
        assert_eq!(
            core_name("为您提供运动记录服务", &products).as_deref(),
            Some("运动记录")
        );
        assert_eq!(core_name("上述", &products), None);
        assert_eq!(core_name("相关互动", &products), None);
        assert_eq!(core_name("基本", &products), None);
        assert_eq!(core_name("您参与", &products), None);
        assert_eq!(core_name("使用\"某某\"直播", &[]).as_deref(), Some("直播"));
        assert_eq!(core_name("\"强国运动\"", &[]).as_deref(), Some("强国运动"));
    }

    #[test]
    fn functions_are_read_after_a_verb_of_use() {
        let sentence = key_of(
            "当您使用“云相册”功能时，我们会收集您的照片；参与本次抽奖活动时，需提供手机号。",
        );
        assert_eq!(named_functions(&sentence), vec!["\"云相册\"", "本次抽奖"]);
        let core = |n: &str| core_name(n, &[]);
        assert_eq!(core("\"云相册\"").as_deref(), Some("云相册"));
        assert_eq!(core("本次抽奖"), None);
    }
}
