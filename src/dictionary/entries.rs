//! The dictionaries as data: entry types, the TSV parser, merging a user's entries, and the term
//! lists the matchers are built from.
//!
//! Free of matcher code on purpose: `build.rs` includes this file (and [`crate::normalize`]) to build
//! the built-in matchers at compile time from exactly the terms [`super::Compiled::new`] would use.

use crate::normalize::normalize;
use std::sync::OnceLock;

pub(super) const DATA_ITEMS: &str = include_str!("../../dictionaries/data_items.tsv");
pub(super) const SDKS: &str = include_str!("../../dictionaries/sdks.tsv");
pub(super) const PERMISSIONS: &str = include_str!("../../dictionaries/permissions.tsv");
pub(super) const PURPOSES: &str = include_str!("../../dictionaries/purposes.tsv");
pub(super) const RIGHTS: &str = include_str!("../../dictionaries/rights.tsv");

/// The categories a data item may have: GB/T 35273-2020 Appendix A plus the newer CAC categories.
pub const CATEGORIES: &[&str] = &[
    "个人基本资料",
    "个人身份信息",
    "个人生物识别信息",
    "网络身份标识信息",
    "个人健康生理信息",
    "个人教育工作信息",
    "个人财产信息",
    "个人通信信息",
    "联系人信息",
    "个人上网记录",
    "个人常用设备信息",
    "个人位置信息",
    "其他信息",
    "身份鉴别信息",
    "个人标签信息",
    "个人运动信息",
];

/// A personal-information item of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataItemEntry {
    /// Canonical name.
    pub name: String,
    /// One of [`CATEGORIES`].
    pub category: String,
    /// Sensitive personal information.
    pub sensitive: bool,
    /// Other wordings of the same item.
    pub synonyms: Vec<String>,
}

/// A third-party SDK or platform of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkEntry {
    /// Canonical name.
    pub name: String,
    /// Provider company, `None` for open-source libraries.
    pub company: Option<String>,
    /// Kind (push, analytics, advertising …).
    pub kind: String,
    /// Other names the SDK goes by.
    pub aliases: Vec<String>,
}

/// A device permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionEntry {
    /// Canonical Chinese name.
    pub name: String,
    /// Android permission names.
    pub android: Vec<String>,
    /// iOS usage-description keys.
    pub ios: Vec<String>,
    /// Other wordings.
    pub synonyms: Vec<String>,
}

/// A coded concept found by cue words (a purpose or a right).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueEntry {
    /// Canonical code (snake_case).
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// Words whose presence states the concept.
    pub cues: Vec<String>,
}

/// A malformed dictionary line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DictionaryError {
    /// File name (e.g. `data_items.tsv`).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// All domain dictionaries, as data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dictionaries {
    /// Personal-information items.
    pub data_items: Vec<DataItemEntry>,
    /// Third-party SDK registry.
    pub sdks: Vec<SdkEntry>,
    /// Device permissions.
    pub permissions: Vec<PermissionEntry>,
    /// Purposes of processing.
    pub purposes: Vec<CueEntry>,
    /// Data-subject rights.
    pub rights: Vec<CueEntry>,
}

/// Splits a `|`-separated list, dropping empty parts and the `-` placeholder.
fn list(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "-")
        .map(str::to_owned)
        .collect()
}

/// The data lines of a TSV file with their 1-based numbers, fields split at tabs.
fn rows<'a>(
    file: &'a str,
    text: &'a str,
    fields: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), DictionaryError>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(move |(i, l)| {
            let parts: Vec<&str> = l.split('\t').collect();
            if parts.len() == fields && !parts[0].trim().is_empty() {
                Ok((i + 1, parts))
            } else {
                Err(DictionaryError {
                    file: file.to_owned(),
                    line: i + 1,
                    message: format!(
                        "expected {fields} tab-separated fields with a name, found {}",
                        parts.len()
                    ),
                })
            }
        })
}

impl Dictionaries {
    /// The built-in dictionaries, parsed on first use.
    pub fn builtin() -> &'static Dictionaries {
        static BUILTIN: OnceLock<Dictionaries> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The embedded files are checked by this module's tests; they cannot fail at run time.
            Dictionaries::parse(DATA_ITEMS, SDKS, PERMISSIONS, PURPOSES, RIGHTS)
                .unwrap_or_else(|e| panic!("built-in dictionary: {e}"))
        })
    }

    /// Parses the five dictionary files (contents, not paths).
    pub fn parse(
        data_items: &str,
        sdks: &str,
        permissions: &str,
        purposes: &str,
        rights: &str,
    ) -> Result<Dictionaries, DictionaryError> {
        Ok(Dictionaries {
            data_items: parse_data_items(data_items)?,
            sdks: parse_sdks(sdks)?,
            permissions: parse_permissions(permissions)?,
            purposes: parse_cues("purposes.tsv", purposes)?,
            rights: parse_cues("rights.tsv", rights)?,
        })
    }

    /// Adds `extra` entries (e.g. from a user configuration): an entry whose name or code already
    /// exists replaces the existing one's attributes and adds its synonyms; new entries are appended.
    pub fn merge(&mut self, extra: Dictionaries) {
        for e in extra.data_items {
            match self.data_items.iter_mut().find(|d| d.name == e.name) {
                Some(d) => {
                    d.category = e.category;
                    d.sensitive = e.sensitive;
                    extend_unique(&mut d.synonyms, e.synonyms);
                }
                None => self.data_items.push(e),
            }
        }
        for e in extra.sdks {
            match self.sdks.iter_mut().find(|d| d.name == e.name) {
                Some(d) => {
                    d.company = e.company.or(d.company.take());
                    d.kind = e.kind;
                    extend_unique(&mut d.aliases, e.aliases);
                }
                None => self.sdks.push(e),
            }
        }
        for e in extra.permissions {
            match self.permissions.iter_mut().find(|d| d.name == e.name) {
                Some(d) => {
                    extend_unique(&mut d.android, e.android);
                    extend_unique(&mut d.ios, e.ios);
                    extend_unique(&mut d.synonyms, e.synonyms);
                }
                None => self.permissions.push(e),
            }
        }
        merge_cues(&mut self.purposes, extra.purposes);
        merge_cues(&mut self.rights, extra.rights);
    }
}

fn extend_unique(into: &mut Vec<String>, more: Vec<String>) {
    for m in more {
        if !into.contains(&m) {
            into.push(m);
        }
    }
}

fn merge_cues(into: &mut Vec<CueEntry>, extra: Vec<CueEntry>) {
    for e in extra {
        match into.iter_mut().find(|d| d.code == e.code) {
            Some(d) => {
                d.name = e.name;
                extend_unique(&mut d.cues, e.cues);
            }
            None => into.push(e),
        }
    }
}

fn parse_data_items(text: &str) -> Result<Vec<DataItemEntry>, DictionaryError> {
    rows("data_items.tsv", text, 4)
        .map(|r| {
            let (line, f) = r?;
            let err = |message: String| DictionaryError {
                file: "data_items.tsv".into(),
                line,
                message,
            };
            let category = f[1].trim();
            if !CATEGORIES.contains(&category) {
                return Err(err(format!("unknown category {category:?}")));
            }
            let sensitive = match f[2].trim() {
                "yes" => true,
                "no" => false,
                other => return Err(err(format!("sensitive must be yes or no, not {other:?}"))),
            };
            Ok(DataItemEntry {
                name: f[0].trim().to_owned(),
                category: category.to_owned(),
                sensitive,
                synonyms: list(f[3]),
            })
        })
        .collect()
}

fn parse_sdks(text: &str) -> Result<Vec<SdkEntry>, DictionaryError> {
    rows("sdks.tsv", text, 4)
        .map(|r| {
            let (_, f) = r?;
            let company = f[1].trim();
            Ok(SdkEntry {
                name: f[0].trim().to_owned(),
                company: (!company.is_empty() && company != "-").then(|| company.to_owned()),
                kind: f[2].trim().to_owned(),
                aliases: list(f[3]),
            })
        })
        .collect()
}

fn parse_permissions(text: &str) -> Result<Vec<PermissionEntry>, DictionaryError> {
    rows("permissions.tsv", text, 4)
        .map(|r| {
            let (_, f) = r?;
            Ok(PermissionEntry {
                name: f[0].trim().to_owned(),
                android: list(f[1]),
                ios: list(f[2]),
                synonyms: list(f[3]),
            })
        })
        .collect()
}

fn parse_cues(file: &str, text: &str) -> Result<Vec<CueEntry>, DictionaryError> {
    rows(file, text, 3)
        .map(|r| {
            let (_, f) = r?;
            Ok(CueEntry {
                code: f[0].trim().to_owned(),
                name: f[1].trim().to_owned(),
                cues: list(f[2]),
            })
        })
        .collect()
}

/// The terms of one matcher: `(normalised term, entry index)`, sorted, each term once (the first
/// entry to claim it keeps it). What a [`super::Lexicon`] is built from.
pub type Terms = Vec<(String, u32)>;

impl Dictionaries {
    /// Names and synonyms of data items, with their regional variants.
    pub fn data_item_terms(&self) -> Terms {
        with_regional_variants_of(indexed(&self.data_items, DataItemEntry::terms))
    }

    /// Names and aliases of SDKs, with their regional variants.
    pub fn sdk_terms(&self) -> Terms {
        with_regional_variants_of(indexed(&self.sdks, SdkEntry::terms))
    }

    /// Names, synonyms and platform names of permissions.
    pub fn permission_terms(&self) -> Terms {
        terms(indexed(&self.permissions, PermissionEntry::terms))
    }

    /// Purpose cues.
    pub fn purpose_terms(&self) -> Terms {
        terms(indexed(&self.purposes, CueEntry::terms))
    }

    /// Right cues.
    pub fn right_terms(&self) -> Terms {
        terms(indexed(&self.rights, CueEntry::terms))
    }
}

impl DataItemEntry {
    /// Its wordings: the name, then the synonyms.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.synonyms.iter().map(String::as_str))
    }
}

impl SdkEntry {
    /// Its names: the name, then the aliases.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

impl PermissionEntry {
    /// Its wordings: the name, the synonyms, then the Android and iOS names.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.synonyms.iter().map(String::as_str))
            .chain(self.android.iter().map(String::as_str))
            .chain(self.ios.iter().map(String::as_str))
    }
}

impl CueEntry {
    /// Its cue words.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.cues.iter().map(String::as_str)
    }
}

/// Every `(entry index, term)` of `entries`, in order.
fn indexed<'a, E, I>(
    entries: &'a [E],
    terms: impl Fn(&'a E) -> I + 'a,
) -> impl Iterator<Item = (usize, &'a str)> + 'a
where
    I: Iterator<Item = &'a str> + 'a,
{
    entries
        .iter()
        .enumerate()
        .flat_map(move |(i, e)| terms(e).map(move |t| (i, t)))
}

/// Normalises `(entry index, term)` pairs into [`Terms`]: empty terms dropped, a term claimed twice
/// kept with its first entry.
fn terms<'a>(pairs: impl IntoIterator<Item = (usize, &'a str)>) -> Terms {
    let mut normalized: Terms = pairs
        .into_iter()
        .filter_map(|(entry, term)| Some((normalize(term), u32::try_from(entry).ok()?)))
        .filter(|(term, _)| !term.is_empty())
        .collect();
    // A stable sort keeps equal terms in claim order; dedup keeps the first claim.
    normalized.sort_by(|a, b| a.0.cmp(&b.0));
    normalized.dedup_by(|later, earlier| later.0 == earlier.0);
    normalized
}

/// [`terms`] of `pairs` plus each wording's regional variants; listed wordings come first, so a
/// variant never takes a term another entry lists.
fn with_regional_variants_of<'a>(pairs: impl IntoIterator<Item = (usize, &'a str)>) -> Terms {
    let listed: Vec<(usize, &str)> = pairs.into_iter().collect();
    let variants: Vec<(usize, String)> = listed
        .iter()
        .flat_map(|&(i, t)| {
            with_regional_variants(t)
                .into_iter()
                .skip(1)
                .map(move |v| (i, v))
        })
        .collect();
    terms(
        listed
            .iter()
            .copied()
            .chain(variants.iter().map(|(i, v)| (*i, v.as_str()))),
    )
}

/// Mainland wordings and their Taiwan/Hong Kong counterparts, after traditional→simplified folding
/// (「裝置識別碼」 folds to 装置识别码, the regional form of 设备标识符). Every dictionary term is also
/// matched in its regional forms, so the data files list each wording once.
const REGIONAL: &[(&str, &str)] = &[
    ("记录", "纪录"),
    ("设备", "装置"),
    ("地址", "位址"),
    ("视频", "影片"),
    ("头像", "大头贴"),
    ("推送", "推播"),
    ("标识符", "识别码"),
    ("短信", "简讯"),
    ("账号", "帐号"),
    ("网络", "网路"),
    ("软件", "软体"),
    ("用户", "使用者"),
    ("登录", "登入"),
    ("信息", "资讯"),
    ("粗略", "大略"),
    ("文件", "档案"),
    ("程序", "程式"),
    ("屏幕", "萤幕"),
    ("收集", "搜集"),
];

/// A term and its regional variants (each applicable substitution, and all of them together).
fn with_regional_variants(term: &str) -> Vec<String> {
    let mut out = vec![term.to_owned()];
    // Terms are a few characters long: comparing at each position is cheaper than setting up a
    // substring search per wording (this runs for every term at start-up).
    let holds = |word: &str| {
        let first = word.chars().next();
        term.char_indices().any(|(i, c)| {
            Some(c) == first && term.get(i..).is_some_and(|rest| rest.starts_with(word))
        })
    };
    for (mainland, regional) in REGIONAL {
        if holds(mainland) {
            let more: Vec<String> = out.iter().map(|t| t.replace(mainland, regional)).collect();
            out.extend(more);
        }
    }
    out
}
