//! Cue words: fixed word lists whose presence in a sentence signals something to an extractor (a
//! denial of collection, a grant of a right, a sharing statement …), or in a table header or
//! section heading what the column or section holds.
//!
//! The lists are compiled into two character-wise Aho-Corasick automata (daachorse), one for the
//! cues read in sentences and one for the words of headers and headings, so a text is scanned
//! once for all the lists of its kind: each unit's [`CueHits`] are found when the unit is built,
//! and the extractors only consult them. Other texts (a header, the words before an item) are
//! scanned on demand ([`CueHits::scan_label`], [`Cue::all`]).
//!
//! The answers are those of one standard Aho-Corasick automaton per list: `first` is the start of
//! the occurrence that ends first (the longest of those ending there), `all` lists every
//! occurrence, overlapping ones included, by end position and longest first.

use super::{contacts, data_items, modality, open_items, retention, rights, third_parties, topics};
use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A cue list (its words live beside the extractor that reads them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// 「不会收集」: what follows is not collected.
    Denial,
    /// 「未经」「除非」: a condition before a denial lifts it.
    Condition,
    /// 「但」「仅」: ends a denial's scope.
    ScopeEnd,
    /// 「不会将」: what will not be *done* with information.
    UseDenial,
    /// 「收集」「共享」「包括」: what follows is the object of a practice.
    Practice,
    /// 「保留在您的设备上」「不会接收」: processing that stays on the user's device.
    OnDevice,
    /// 「可能」「或将」: a possibility rather than a certainty.
    May,
    /// 「可选」「非必要」: optional information.
    Optional,
    /// 「必要」「必须」: required information.
    Required,
    /// 「是指」: a definition.
    Defines,
    /// 「涉及的个人信息包括」: a list of kinds of information.
    KindsListed,
    /// 「接收方」「公司」: someone other than the user who may own an item.
    Owner,
    /// 「您有权」「您可以」: a sentence granting the reader something.
    Granting,
    /// 「投诉」「举报」: a complaint channel.
    Complaining,
    /// 「共享」「SDK」: a sentence about sharing or SDKs.
    Sharing,
    /// 「提供给」: a sentence naming recipients.
    Providing,
    /// 「保存」「存储」: a retention or storage statement.
    Keep,
    /// 「跨境」「境外」: a cross-border statement.
    CrossBorder,
    /// 「权限」「清单」: a link to another document, not a contact.
    Reference,
    /// 「http」「www.」: a web link.
    Link,
    /// 「微信」「公众号」: a WeChat account.
    Wechat,
    /// 「地址」「住所」: a postal address.
    Address,
    /// 「联系」「反馈」: a sentence offering a way to reach the operator.
    Contacting,
    /// 「保护」「法务」: words of a department's name.
    Department,
    /// 「变更」: a change of department rather than an offer of one.
    Change,
    /// 「设立」「指定」: a department offered as a contact.
    Offer,
    /// 「链接」「官网」: a table header or label of links.
    LinkHeader,
    /// 「权限」: a table header or label of permissions.
    PermissionHeader,
    /// 「方式」: a table header or label of sharing methods.
    MethodHeader,
    /// 「公司」「提供方」: a table header or label of companies.
    CompanyHeader,
    /// 「目的」「场景」: a table header or label of purposes.
    PurposeHeader,
    /// 「信息」「字段」: a table header or label of personal information.
    DataHeader,
    /// 「名称」「SDK」: a table header or label of third-party names.
    NameHeader,
    /// Heading words of a definitions section.
    DefinitionsHeading,
    /// Heading words of a children's section.
    ChildrenHeading,
    /// Heading words of a cross-border section.
    CrossBorderHeading,
    /// Heading words of a cookies section.
    CookiesHeading,
    /// Heading words of a sharing section.
    SharingHeading,
    /// Heading words of a rights section.
    RightsHeading,
    /// Heading words of an updates section.
    UpdateHeading,
    /// Heading words of a contact section.
    ContactHeading,
    /// Heading words of a collection section.
    CollectionHeading,
    /// Heading words of a retention section.
    RetentionHeading,
    /// Heading words of a protection section.
    ProtectionHeading,
}

impl Cue {
    /// Every list, in the order of their bits.
    const ALL: [Cue; 44] = [
        Cue::Denial,
        Cue::Condition,
        Cue::ScopeEnd,
        Cue::UseDenial,
        Cue::Practice,
        Cue::OnDevice,
        Cue::May,
        Cue::Optional,
        Cue::Required,
        Cue::Defines,
        Cue::KindsListed,
        Cue::Owner,
        Cue::Granting,
        Cue::Complaining,
        Cue::Sharing,
        Cue::Providing,
        Cue::Keep,
        Cue::CrossBorder,
        Cue::Reference,
        Cue::Link,
        Cue::Wechat,
        Cue::Address,
        Cue::Contacting,
        Cue::Department,
        Cue::Change,
        Cue::Offer,
        Cue::LinkHeader,
        Cue::PermissionHeader,
        Cue::MethodHeader,
        Cue::CompanyHeader,
        Cue::PurposeHeader,
        Cue::DataHeader,
        Cue::NameHeader,
        Cue::DefinitionsHeading,
        Cue::ChildrenHeading,
        Cue::CrossBorderHeading,
        Cue::CookiesHeading,
        Cue::SharingHeading,
        Cue::RightsHeading,
        Cue::UpdateHeading,
        Cue::ContactHeading,
        Cue::CollectionHeading,
        Cue::RetentionHeading,
        Cue::ProtectionHeading,
    ];

    /// The words of the list.
    fn words(self) -> &'static [&'static str] {
        match self {
            Cue::Denial => modality::NOT_COLLECT,
            Cue::Condition => modality::CONDITIONAL,
            Cue::ScopeEnd => modality::SCOPE_END,
            Cue::UseDenial => modality::NOT_USE,
            Cue::Practice => open_items::PRACTICE_VERBS,
            Cue::OnDevice => data_items::ON_DEVICE,
            Cue::May => modality::MAY,
            Cue::Optional => modality::OPTIONAL,
            Cue::Required => modality::REQUIRED,
            Cue::Defines => modality::DEFINES,
            Cue::KindsListed => modality::KINDS_LISTED,
            Cue::Owner => data_items::OWNERS,
            Cue::Granting => rights::GRANTS,
            Cue::Complaining => rights::COMPLAINTS,
            Cue::Sharing => third_parties::SHARING_CUES,
            Cue::Providing => third_parties::PROVIDES,
            Cue::Keep => retention::KEEP,
            Cue::CrossBorder => retention::CROSS_CUES,
            Cue::Reference => contacts::REFERENCES,
            Cue::Link => contacts::LINKS,
            Cue::Wechat => contacts::WECHAT,
            Cue::Address => contacts::ADDRESSES,
            Cue::Contacting => contacts::CONTACT_CUES,
            Cue::Department => contacts::DEPARTMENT_WORDS,
            Cue::Change => contacts::CHANGES,
            Cue::Offer => contacts::OFFERS,
            Cue::LinkHeader => super::LINK_HEADERS,
            Cue::PermissionHeader => super::PERMISSION_HEADERS,
            Cue::MethodHeader => super::METHOD_HEADERS,
            Cue::CompanyHeader => super::COMPANY_HEADERS,
            Cue::PurposeHeader => super::PURPOSE_HEADERS,
            Cue::DataHeader => super::DATA_HEADERS,
            Cue::NameHeader => super::NAME_HEADERS,
            Cue::DefinitionsHeading => topics::DEFINITIONS,
            Cue::ChildrenHeading => topics::CHILDREN,
            Cue::CrossBorderHeading => topics::CROSS_BORDER,
            Cue::CookiesHeading => topics::COOKIES,
            Cue::SharingHeading => topics::SHARING,
            Cue::RightsHeading => topics::RIGHTS,
            Cue::UpdateHeading => topics::UPDATE,
            Cue::ContactHeading => topics::CONTACT,
            Cue::CollectionHeading => topics::COLLECTION,
            Cue::RetentionHeading => topics::RETENTION,
            Cue::ProtectionHeading => topics::PROTECTION,
        }
    }

    /// The list's bit in a [`CueHit`]'s set.
    const fn bit(self) -> u64 {
        1 << self as u64
    }

    /// The lists whose occurrences [`CueHits`] keeps with their positions; of the others it
    /// keeps only whether they occur (most sentences hold some cue word, few need its place).
    const POSITIONED: [Cue; 6] = [
        Cue::Denial,
        Cue::Condition,
        Cue::ScopeEnd,
        Cue::UseDenial,
        Cue::Practice,
        Cue::CrossBorder,
    ];

    /// The bits of [`Cue::POSITIONED`].
    const POSITIONED_BITS: u64 = {
        let mut bits = 0;
        let mut i = 0;
        while i < Cue::POSITIONED.len() {
            bits |= Cue::POSITIONED[i].bit();
            i += 1;
        }
        bits
    };

    /// True when [`CueHits`] keeps the list's positions.
    fn positioned(self) -> bool {
        Cue::POSITIONED_BITS & self.bit() != 0
    }

    /// The automaton holding the list.
    fn family(self) -> Family {
        match self {
            Cue::LinkHeader
            | Cue::PermissionHeader
            | Cue::MethodHeader
            | Cue::CompanyHeader
            | Cue::PurposeHeader
            | Cue::DataHeader
            | Cue::NameHeader
            | Cue::DefinitionsHeading
            | Cue::ChildrenHeading
            | Cue::CrossBorderHeading
            | Cue::CookiesHeading
            | Cue::SharingHeading
            | Cue::RightsHeading
            | Cue::UpdateHeading
            | Cue::ContactHeading
            | Cue::CollectionHeading
            | Cue::RetentionHeading
            | Cue::ProtectionHeading => Family::Label,
            _ => Family::Sentence,
        }
    }

    /// Every occurrence of the list's words in `text` as `(start, end)`.
    pub(crate) fn all(self, text: &str) -> Vec<(usize, usize)> {
        let Some(matcher) = matcher(self.family()) else {
            return Vec::new();
        };
        matcher
            .automaton
            .find_overlapping_iter(text)
            .filter(|m| matcher.lists(m.value()) & self.bit() != 0)
            .map(|m| (m.start(), m.end()))
            .collect()
    }
}

// Each list is one bit of a `u64`.
const _: () = assert!(Cue::ALL.len() <= 64);

/// The automaton over the words of every list, each word with the set of lists holding it.
struct Matcher {
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Word index → bit set of its lists.
    lists: Vec<u64>,
}

impl Matcher {
    fn lists(&self, word: u32) -> u64 {
        self.lists.get(word as usize).copied().unwrap_or(0)
    }
}

/// Which automaton holds a list: sentences are scanned for the sentence cues only; table headers,
/// key-value labels and section headings for the label words only (those are common words, such
/// as 信息 or 使用, that would only slow the scan of every sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Sentence,
    Label,
}

/// The automaton of a family, built on first use (or by [`prepare`]). `None` only if daachorse
/// refused the word lists, which the tests rule out.
fn matcher(family: Family) -> Option<&'static Matcher> {
    static SENTENCE: OnceLock<Option<Matcher>> = OnceLock::new();
    static LABEL: OnceLock<Option<Matcher>> = OnceLock::new();
    let cell = match family {
        Family::Sentence => &SENTENCE,
        Family::Label => &LABEL,
    };
    cell.get_or_init(|| {
        // A word in several lists is one pattern carrying all their bits.
        let mut words: BTreeMap<&str, u64> = BTreeMap::new();
        for cue in Cue::ALL.into_iter().filter(|c| c.family() == family) {
            for word in cue.words().iter().filter(|w| !w.is_empty()) {
                *words.entry(word).or_default() |= cue.bit();
            }
        }
        let automaton = CharwiseDoubleArrayAhoCorasick::with_values(
            words.keys().zip(0u32..).map(|(w, i)| (*w, i)),
        )
        .ok()?;
        Some(Matcher {
            automaton,
            lists: words.into_values().collect(),
        })
    })
    .as_ref()
}

/// Builds the automata, one job each (see [`super::prepare`]).
pub(super) const PREPARE: &[fn()] = &[
    || _ = matcher(Family::Sentence),
    || _ = matcher(Family::Label),
];

/// The value paired with the first list of `by_priority` that has a word in `label` (a table
/// header, key-value label or heading, normalised here): how columns and section topics are
/// recognised.
pub(crate) fn first_label_match<T: Copy>(label: &str, by_priority: &[(Cue, T)]) -> Option<T> {
    let cues = CueHits::scan_label(&crate::normalize::normalize(label));
    by_priority
        .iter()
        .find(|(cue, _)| cues.has(*cue))
        .map(|(_, value)| *value)
}

/// One occurrence of a cue word.
#[derive(Debug, Clone, Copy)]
struct CueHit {
    start: usize,
    end: usize,
    /// Bit set of the lists holding the word.
    lists: u64,
}

/// Every cue occurrence in one text, found in one pass.
#[derive(Debug, Default)]
pub(crate) struct CueHits {
    /// Union of the hits' lists.
    lists: u64,
    /// The occurrences of the [`Cue::POSITIONED`] lists, in the order of [`Cue::all`]: by end,
    /// longest first.
    hits: Vec<CueHit>,
}

impl CueHits {
    /// Scans a sentence for the words of every sentence cue list.
    pub(crate) fn scan(text: &str) -> CueHits {
        CueHits::scan_family(text, Family::Sentence)
    }

    /// Scans a table header, key-value label or section heading for the words of every label
    /// list ([`Cue::LinkHeader`] … [`Cue::ProtectionHeading`]).
    pub(crate) fn scan_label(text: &str) -> CueHits {
        CueHits::scan_family(text, Family::Label)
    }

    fn scan_family(text: &str, family: Family) -> CueHits {
        let mut out = CueHits::default();
        let Some(matcher) = matcher(family) else {
            return out;
        };
        for m in matcher.automaton.find_overlapping_iter(text) {
            let lists = matcher.lists(m.value());
            out.lists |= lists;
            if lists & Cue::POSITIONED_BITS != 0 {
                out.hits.push(CueHit {
                    start: m.start(),
                    end: m.end(),
                    lists,
                });
            }
        }
        out
    }

    /// True when a word of the list occurs.
    pub(crate) fn has(&self, cue: Cue) -> bool {
        self.lists & cue.bit() != 0
    }

    /// Every occurrence of the list's words as `(start, end)` (as [`Cue::all`]); only for the
    /// lists in [`Cue::POSITIONED`].
    pub(crate) fn all(&self, cue: Cue) -> impl Iterator<Item = (usize, usize)> + '_ {
        debug_assert!(cue.positioned(), "{cue:?} keeps no positions");
        let bit = cue.bit();
        self.hits
            .iter()
            .filter(move |h| h.lists & bit != 0)
            .map(|h| (h.start, h.end))
    }

    /// Byte offset of the list's first occurrence: the start of the occurrence that ends first
    /// (the longest of those ending there), as a standard Aho-Corasick search reports it.
    pub(crate) fn first(&self, cue: Cue) -> Option<usize> {
        self.first_from(cue, 0)
    }

    /// The first occurrence (as [`CueHits::first`]) in the text from byte `from` on, as an offset
    /// into the whole text.
    pub(crate) fn first_from(&self, cue: Cue, from: usize) -> Option<usize> {
        self.all(cue).find(|&(s, _)| s >= from).map(|(s, _)| s)
    }

    /// True when a word of the list occurs wholly before byte `end`.
    pub(crate) fn any_before(&self, cue: Cue, end: usize) -> bool {
        self.all(cue).any(|(_, e)| e <= end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use daachorse::DoubleArrayAhoCorasick;
    use proptest::prelude::*;

    /// One standard automaton for one list: what each list answered before they were merged.
    fn alone(cue: Cue) -> DoubleArrayAhoCorasick<u32> {
        let mut words = cue.words().to_vec();
        words.sort_unstable();
        words.dedup();
        DoubleArrayAhoCorasick::new(words).unwrap()
    }

    /// Checks every list's answers on `text` against its own automaton, on the whole text and on
    /// every suffix and prefix at a character boundary.
    fn agrees(text: &str) {
        let (sentence, label) = (CueHits::scan(text), CueHits::scan_label(text));
        for cue in Cue::ALL {
            let hits = match cue.family() {
                Family::Sentence => &sentence,
                Family::Label => &label,
            };
            let own = alone(cue);
            let expected: Vec<(usize, usize)> = own
                .find_overlapping_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(cue.all(text), expected, "{cue:?} all in {text}");
            assert_eq!(hits.has(cue), !expected.is_empty(), "{cue:?} has");
            if !cue.positioned() {
                continue;
            }
            assert_eq!(hits.all(cue).collect::<Vec<_>>(), expected, "{cue:?}");
            let first = own.find_iter(text).next().map(|m| m.start());
            assert_eq!(hits.first(cue), first, "{cue:?} first in {text}");
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let rest = &text[i..];
                let first = own.find_iter(rest).next().map(|m| m.start() + i);
                assert_eq!(hits.first_from(cue, i), first, "{cue:?} from {i} in {text}");
                let head = &text[..i];
                assert_eq!(
                    hits.any_before(cue, i),
                    own.find_iter(head).next().is_some(),
                    "{cue:?} before {i} in {text}"
                );
            }
        }
    }

    #[test]
    fn merged_lists_answer_as_each_list_alone() {
        for text in [
            "",
            "我们不会收集您的通讯录，但会收集您的手机号码。",
            "未经您同意，我们不会将您的信息提供给第三方，除非法律另有规定。",
            "您有权投诉，您可以通过邮箱联系我们设立的个人信息保护部门。",
            "我们可能会将数据存储在境外服务器，不会进行跨境传输。",
            "非必要信息为可选，必须提供的信息为必要信息。",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn every_list_is_built() {
        assert!(matcher(Family::Sentence).is_some() && matcher(Family::Label).is_some());
        for cue in Cue::ALL {
            assert!(!cue.words().is_empty(), "{cue:?}");
            let hits = match cue.family() {
                Family::Sentence => CueHits::scan(cue.words()[0]),
                Family::Label => CueHits::scan_label(cue.words()[0]),
            };
            assert!(hits.has(cue), "{cue:?}");
        }
    }

    proptest! {
        #[test]
        fn merged_lists_answer_as_each_list_alone_on_any_text(
            text in "[不会收集将未经除非但仅只可能必要选填您有权投诉共享提供给保存存储境外跨境联系变更设立权限地址微信sdkhtpw.@，。 ]{0,30}"
        ) {
            agrees(&text);
        }
    }
}
