//! Built-in domain dictionaries (data items, SDKs, permissions, purposes, rights), embedded from
//! `dictionaries/*.tsv`, and the double-array Aho-Corasick matchers over normalised text they
//! compile into.
//!
//! The files are data, meant to be edited by people: one entry per line, tab-separated, `|` between
//! synonyms, `#` comments (see `dictionaries/README.md`). [`Dictionaries::merge`] lets a user
//! configuration add entries on top of the built-in ones.
//!
//! The built-in matchers are built at compile time: `build.rs` includes `entries` (the data and
//! its term lists) and `compile` (automata and their layout) and writes the automata
//! serialised; [`Compiled::builtin`] loads them. A user's merged dictionaries compile at run time
//! with [`Compiled::new`].

mod compile;
mod entries;

pub use entries::*;

use crate::normalize::normalize;
use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The built-in lexicons, written by `build.rs` (see [`compile::serialized_lexicons`]).
static BUILTIN_LEXICONS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicons.bin"));

/// A match of a [`Lexicon`] term in a normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexHit {
    /// Index of the entry the term belongs to.
    pub entry: usize,
    /// Byte offset of the match in the normalised text.
    pub start: usize,
    /// Byte offset one past the match.
    pub end: usize,
}

/// A matcher over the normalised terms of a list of entries: a character-wise double-array
/// Aho-Corasick automaton (daachorse), leftmost-longest, ASCII terms only at ASCII word boundaries
/// (so `IP` does not match inside `IPv6x` or `ship`). Measured on the data-item dictionary
/// (1,600 terms) against the seed policy, it builds in 1.1 ms and scans in 0.07 ms, where
/// aho-corasick's automata took 3.4–16 ms to build and 0.15–0.46 ms to scan. The built-in ones are
/// built at compile time and only loaded ([`Compiled::builtin`]).
pub struct Lexicon {
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    len: usize,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon").field("terms", &self.len).finish()
    }
}

impl Lexicon {
    /// Builds the matcher from prepared terms (see [`Dictionaries::data_item_terms`] and its
    /// siblings).
    pub fn new(terms: Terms) -> Lexicon {
        let len = terms.len();
        Lexicon {
            automaton: compile::automaton(terms),
            len,
        }
    }

    /// Every non-overlapping leftmost-longest match in `normalized` (text already passed through
    /// [`normalize`]), in order.
    pub fn find_all(&self, normalized: &str) -> Vec<LexHit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .leftmost_find_iter(normalized)
            .filter(|m| ascii_bounded(normalized, m.start(), m.end()))
            .map(|m| LexHit {
                entry: m.value() as usize,
                start: m.start(),
                end: m.end(),
            })
            .collect()
    }

    /// The entry `text` denotes: the one whose term it is (after normalisation), else the one with
    /// the longest term it contains (「用户的手机号码」 → 手机号码).
    pub fn denoted(&self, text: &str) -> Option<usize> {
        let normalized = normalize(text);
        self.exact(&normalized).or_else(|| {
            self.find_all(&normalized)
                .into_iter()
                .max_by_key(|h| h.end - h.start)
                .map(|h| h.entry)
        })
    }

    /// The entry whose term is the normalised text (the leftmost-longest match at the start covers
    /// the whole text exactly when the text is a term).
    fn exact(&self, normalized: &str) -> Option<usize> {
        let first = self
            .automaton
            .as_ref()?
            .leftmost_find_iter(normalized)
            .next()?;
        (first.start() == 0 && first.end() == normalized.len()).then_some(first.value() as usize)
    }
}

/// The five lexicons `build.rs` wrote into [`BUILTIN_LEXICONS`] (data items, SDKs, permissions,
/// purposes, rights), and the bytes left after the last (none).
#[allow(unsafe_code)]
fn builtin_lexicons() -> ([Lexicon; 5], &'static [u8]) {
    let mut rest = BUILTIN_LEXICONS;
    let mut next = || {
        let Some((len, after)) = rest.split_first_chunk::<4>() else {
            return Lexicon::new(Terms::new());
        };
        // SAFETY: `BUILTIN_LEXICONS` is the output of `CharwiseDoubleArrayAhoCorasick::serialize`,
        // run by `build.rs` with this very daachorse (Cargo.lock holds one version for build and
        // normal dependencies; `tests::one_daachorse_builds_and_reads_the_lexicons` checks it), and
        // each automaton is read from the offset it was written at, in the order written.
        // `tests::builtin_lexicons_are_the_compiled_dictionaries` proves they equal the automata
        // `Compiled::new` builds.
        let (automaton, after) =
            unsafe { CharwiseDoubleArrayAhoCorasick::<u32>::deserialize_unchecked(after) };
        rest = after;
        Lexicon {
            automaton: Some(automaton),
            len: u32::from_le_bytes(*len) as usize,
        }
    };
    let lexicons = [next(), next(), next(), next(), next()];
    (lexicons, rest)
}

/// A match starting (ending) with an ASCII letter or digit must not continue an ASCII word.
fn ascii_bounded(text: &str, start: usize, end: usize) -> bool {
    let first = text.get(start..).and_then(|s| s.chars().next());
    let last = text.get(..end).and_then(|s| s.chars().next_back());
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    !(alnum(first) && alnum(before) || alnum(last) && alnum(after))
}

/// The dictionaries compiled into matchers: build once (see [`Compiled::builtin`]) and share.
#[derive(Debug)]
pub struct Compiled {
    /// The source dictionaries (borrowed for the built-in ones, which live as long as the process).
    pub dictionaries: Cow<'static, Dictionaries>,
    /// Names and synonyms of data items → index into `dictionaries.data_items`.
    pub data_items: Lexicon,
    /// Names and aliases of SDKs → index into `dictionaries.sdks`.
    pub sdks: Lexicon,
    /// Names, synonyms and platform names of permissions → index into `dictionaries.permissions`.
    pub permissions: Lexicon,
    /// Purpose cues → index into `dictionaries.purposes`.
    pub purposes: Lexicon,
    /// Right cues → index into `dictionaries.rights`.
    pub rights: Lexicon,
}

impl Compiled {
    /// Compiles `dictionaries` into matchers.
    pub fn new(dictionaries: Dictionaries) -> Compiled {
        let d = &dictionaries;
        // The data-item lexicon, the largest, builds beside all the others.
        let (data_items, (sdks, permissions, purposes, rights)) = rayon::join(
            || Lexicon::new(d.data_item_terms()),
            || {
                (
                    Lexicon::new(d.sdk_terms()),
                    Lexicon::new(d.permission_terms()),
                    Lexicon::new(d.purpose_terms()),
                    Lexicon::new(d.right_terms()),
                )
            },
        );
        Compiled::from_parts(
            [data_items, sdks, permissions, purposes, rights],
            Cow::Owned(dictionaries),
        )
    }

    /// Assembles the matchers, in the order of the `lexicons.bin` layout (data items, SDKs,
    /// permissions, purposes, rights), with the dictionaries they index into.
    fn from_parts(
        [data_items, sdks, permissions, purposes, rights]: [Lexicon; 5],
        dictionaries: Cow<'static, Dictionaries>,
    ) -> Compiled {
        Compiled {
            data_items,
            sdks,
            permissions,
            purposes,
            rights,
            dictionaries,
        }
    }

    /// The built-in dictionaries with the matchers `build.rs` compiled from them, loaded on first
    /// use.
    pub fn builtin() -> &'static Compiled {
        static COMPILED: OnceLock<Compiled> = OnceLock::new();
        COMPILED.get_or_init(|| {
            // Loading the automata and parsing the entries are independent: one core each.
            let ((lexicons, _), entries) = rayon::join(builtin_lexicons, Dictionaries::builtin);
            Compiled::from_parts(lexicons, Cow::Borrowed(entries))
        })
    }

    /// The data item a wording denotes (see [`Lexicon::denoted`]).
    pub fn canonical_item(&self, wording: &str) -> Option<&DataItemEntry> {
        self.dictionaries
            .data_items
            .get(self.data_items.denoted(wording)?)
    }

    /// The registry SDK a name denotes (see [`Lexicon::denoted`]).
    pub fn canonical_sdk(&self, name: &str) -> Option<&SdkEntry> {
        self.dictionaries.sdks.get(self.sdks.denoted(name)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn names_sorted(file: &str, text: &str) {
        let names: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .collect();
        for pair in names.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{file}: not sorted or duplicated: {pair:?}"
            );
        }
    }

    /// Every term (name and synonyms) of a dictionary maps to exactly one entry after normalisation.
    fn terms_unique<'a>(file: &str, entries: impl Iterator<Item = (&'a str, Vec<&'a str>)>) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut clashes = Vec::new();
        for (name, terms) in entries {
            for t in terms {
                let n = normalize(t);
                assert!(!n.is_empty(), "{file}: empty term in {name}");
                if let Some(other) = seen.insert(n.clone(), name) {
                    clashes.push(format!("{t:?} ({n}) in {other} and {name}"));
                }
            }
        }
        assert!(
            clashes.is_empty(),
            "{file}: terms listed twice: {clashes:#?}"
        );
    }

    /// The automata `build.rs` compiled are those `Compiled::new` builds from the dictionaries now,
    /// and nothing is left over after the last one.
    #[test]
    fn builtin_lexicons_are_the_compiled_dictionaries() {
        let builtin = Compiled::builtin();
        let fresh = Compiled::new(Dictionaries::builtin().clone());
        let pairs = [
            (&builtin.data_items, &fresh.data_items),
            (&builtin.sdks, &fresh.sdks),
            (&builtin.permissions, &fresh.permissions),
            (&builtin.purposes, &fresh.purposes),
            (&builtin.rights, &fresh.rights),
        ];
        for (i, (loaded, built)) in pairs.into_iter().enumerate() {
            assert_eq!(loaded.len, built.len, "lexicon {i}");
            let bytes = |l: &Lexicon| l.automaton.as_ref().map(|a| a.serialize());
            assert!(bytes(built).is_some(), "lexicon {i} failed to build");
            assert_eq!(bytes(loaded), bytes(built), "lexicon {i}");
        }
        let rest = builtin_lexicons().1;
        assert!(rest.is_empty(), "{} bytes left over", rest.len());
    }

    /// The embedded bytes are what the dictionaries compile to now (a stale build output, or a
    /// writer that drifted from the reader, shows here).
    #[test]
    fn embedded_lexicons_are_the_dictionaries_serialised_now() {
        let now = compile::serialized_lexicons(Dictionaries::builtin());
        assert!(now.as_deref() == Some(BUILTIN_LEXICONS));
    }

    /// `build.rs` serialises with the daachorse the crate deserialises with: one version in the
    /// lock file (the safety condition of [`builtin_lexicons`]).
    #[test]
    fn one_daachorse_builds_and_reads_the_lexicons() {
        let lock = include_str!("../../Cargo.lock");
        let versions = lock
            .lines()
            .filter(|l| l.trim() == "name = \"daachorse\"")
            .count();
        assert_eq!(versions, 1);
    }

    #[test]
    fn builtin_dictionaries_parse() {
        let d = Dictionaries::builtin();
        assert!(
            d.data_items.len() >= 200,
            "{} data items",
            d.data_items.len()
        );
        assert!(d.sdks.len() >= 80, "{} sdks", d.sdks.len());
        assert!(!d.permissions.is_empty() && !d.purposes.is_empty() && !d.rights.is_empty());
    }

    #[test]
    fn files_are_sorted_by_name() {
        for (file, text) in [
            ("data_items.tsv", entries::DATA_ITEMS),
            ("sdks.tsv", entries::SDKS),
            ("permissions.tsv", entries::PERMISSIONS),
            ("purposes.tsv", entries::PURPOSES),
            ("rights.tsv", entries::RIGHTS),
        ] {
            names_sorted(file, text);
        }
    }

    #[test]
    fn every_term_maps_to_one_entry() {
        let d = Dictionaries::builtin();
        // A cue entry's code must not read as another entry's cue either.
        let coded = |e: &'static CueEntry| {
            let terms = std::iter::once(e.code.as_str()).chain(e.terms());
            (e.code.as_str(), terms.collect())
        };
        terms_unique(
            "data_items.tsv",
            d.data_items
                .iter()
                .map(|e| (e.name.as_str(), e.terms().collect())),
        );
        terms_unique(
            "sdks.tsv",
            d.sdks
                .iter()
                .map(|e| (e.name.as_str(), e.terms().collect())),
        );
        terms_unique(
            "permissions.tsv",
            d.permissions
                .iter()
                .map(|e| (e.name.as_str(), e.terms().collect())),
        );
        terms_unique("purposes.tsv", d.purposes.iter().map(coded));
        terms_unique("rights.tsv", d.rights.iter().map(coded));
    }

    #[test]
    fn categories_and_kinds_are_valid() {
        let d = Dictionaries::builtin();
        for e in &d.data_items {
            assert!(CATEGORIES.contains(&e.category.as_str()), "{}", e.name);
        }
        let kinds: HashSet<&str> = [
            "push",
            "analytics",
            "advertising",
            "map",
            "payment",
            "login",
            "share",
            "crash",
            "hotfix",
            "storage",
            "cloud",
            "im",
            "rtc",
            "live",
            "browser",
            "identity",
            "voice",
            "sms",
            "risk_control",
            "customer_service",
            "platform",
            "library",
        ]
        .into_iter()
        .collect();
        for e in &d.sdks {
            assert!(
                kinds.contains(e.kind.as_str()),
                "{}: kind {}",
                e.name,
                e.kind
            );
        }
        for e in d.purposes.iter().chain(&d.rights) {
            assert!(
                e.code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                e.code
            );
        }
    }

    #[test]
    fn sensitive_flags_follow_the_standards() {
        let c = Compiled::builtin();
        for (wording, sensitive) in [
            ("身份证号码", true),
            ("人脸识别特征", true),
            ("银行卡号", true),
            ("精准定位信息", true),
            ("行踪轨迹", true),
            ("宗教信仰", true),
            ("病史", true),
            ("通讯录", true),
            ("网页浏览记录", true),
            ("IMEI", false),
            ("昵称", false),
            ("粗略位置", false),
        ] {
            let e = c
                .canonical_item(wording)
                .unwrap_or_else(|| panic!("{wording} unknown"));
            assert_eq!(e.sensitive, sensitive, "{wording} → {}", e.name);
        }
    }

    #[test]
    fn lexicon_finds_longest_terms_at_ascii_boundaries() {
        let c = Compiled::builtin();
        let text = normalize("设备信息（IMEI、Android ID、设备MAC地址、ip地址）以及ship和IPv6x");
        let names: Vec<&str> = c
            .data_items
            .find_all(&text)
            .iter()
            .filter_map(|h| c.dictionaries.data_items.get(h.entry))
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["设备信息", "IMEI", "Android ID", "MAC地址", "IP地址"]
        );
    }

    #[test]
    fn canonicalises_wordings_and_traditional_characters() {
        let c = Compiled::builtin();
        for (wording, name) in [
            ("手机号", "手机号码"),
            ("裝置識別碼", "设备标识符"),
            ("SIM卡序列号", "ICCID"),
            ("您的手机号码", "手机号码"),
            ("已安装APP信息", "已安装应用列表"),
            ("閱讀紀錄", "观看记录"),
            ("大頭貼", "头像"),
            ("廣告識別碼", "广告标识符"),
        ] {
            assert_eq!(
                c.canonical_item(wording).map(|e| e.name.as_str()),
                Some(name),
                "{wording}"
            );
        }
        assert_eq!(
            c.canonical_sdk("极光推送SDK").map(|e| e.name.as_str()),
            Some("极光推送")
        );
        assert_eq!(
            c.canonical_sdk("友盟Umeng")
                .and_then(|e| e.company.as_deref()),
            Some("友盟同欣（北京）科技有限公司")
        );
    }

    #[test]
    fn merge_adds_and_extends_entries() {
        let mut d = Dictionaries::builtin().clone();
        let extra = Dictionaries::parse(
            "手机号码\t个人基本资料\tno\t手机号码（新）\n宠物信息\t其他信息\tno\t\n",
            "",
            "",
            "",
            "",
        )
        .unwrap();
        let before = d.data_items.len();
        d.merge(extra);
        assert_eq!(d.data_items.len(), before + 1);
        let c = Compiled::new(d);
        assert_eq!(
            c.canonical_item("宠物信息").map(|e| e.name.as_str()),
            Some("宠物信息")
        );
        assert_eq!(
            c.canonical_item("手机号码（新）").map(|e| e.name.as_str()),
            Some("手机号码")
        );
    }

    #[test]
    fn malformed_lines_are_reported_with_position() {
        let err = Dictionaries::parse("# c\n姓名\t无效类别\tno\t\n", "", "", "", "").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("category"));
    }
}
