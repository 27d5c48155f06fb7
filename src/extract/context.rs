//! Sentence context model: which kinds of practice (collection, sharing, policy change …) a
//! sentence states, from a linear classifier trained offline on CAPP-130's expert labels
//! (`models/context/train.py`; features, training and figures in docs/design.md).
//!
//! The weights are embedded in the binary and read in place: loading parses a small JSON header
//! and checks the table's length, nothing else, and happens on first use only.

use crate::memo::Memo;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The practice categories of CAPP-130's topic identification task, in the corpus's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// First-party collection of personal information (数据收集).
    Collection,
    /// Obtaining a device permission (权限获取).
    Permission,
    /// Sharing, entrusting, transferring or disclosing to others (共享、委托、转让、公开).
    Sharing,
    /// Use of personal information (使用).
    Use,
    /// Storage place and retention (存储方式).
    Storage,
    /// Security measures and incidents (安全措施).
    Security,
    /// Special audiences such as minors (特殊人群).
    SpecialAudience,
    /// The user's control and rights: access, correction, deletion, withdrawal (数据、权限管理).
    UserControl,
    /// How to contact the controller (联系方式).
    Contact,
    /// Consent to, modification and change of the policy (隐私政策的授权、修改与变更).
    PolicyChange,
    /// Cessation of operation (停止运营).
    Cessation,
}

impl Category {
    /// Every category, in the model's (and the corpus's) order.
    pub const ALL: [Category; 11] = [
        Category::Collection,
        Category::Permission,
        Category::Sharing,
        Category::Use,
        Category::Storage,
        Category::Security,
        Category::SpecialAudience,
        Category::UserControl,
        Category::Contact,
        Category::PolicyChange,
        Category::Cessation,
    ];

    /// The snake_case name, as in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Category::Collection => "collection",
            Category::Permission => "permission",
            Category::Sharing => "sharing",
            Category::Use => "use",
            Category::Storage => "storage",
            Category::Security => "security",
            Category::SpecialAudience => "special_audience",
            Category::UserControl => "user_control",
            Category::Contact => "contact",
            Category::PolicyChange => "policy_change",
            Category::Cessation => "cessation",
        }
    }

    /// This category's bit in [`Categories`].
    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// A set of [`Category`] values (a bitset); serialises as a list of names in the model's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Categories(u16);

impl Categories {
    /// The empty set: the sentence states no practice (a title, a date, boilerplate).
    pub const NONE: Categories = Categories(0);

    /// Whether `category` is in the set.
    pub fn contains(self, category: Category) -> bool {
        self.0 & category.bit() != 0
    }

    /// Adds `category` to the set.
    pub fn insert(&mut self, category: Category) {
        self.0 |= category.bit();
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members, in the model's order.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

impl FromIterator<Category> for Categories {
    fn from_iter<I: IntoIterator<Item = Category>>(iter: I) -> Self {
        let mut set = Categories::NONE;
        iter.into_iter().for_each(|c| set.insert(c));
        set
    }
}

impl Serialize for Categories {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Categories {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Category>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

/// What [`ContextModel::classify`] decides for one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prediction {
    /// The categories the sentence states; empty when it states no practice.
    pub categories: Categories,
    /// The linear score of every category, indexed like [`Category::ALL`]: above 0 is a member.
    pub scores: [f32; 11],
}

impl Prediction {
    /// The score of one category.
    pub fn score(&self, category: Category) -> f32 {
        self.scores.get(category as usize).copied().unwrap_or(0.0)
    }
}

/// The number of categories, the width of one row of the weight table.
const K: usize = Category::ALL.len();
/// The format `models/context/model.json` must declare.
const FORMAT: u32 = 1;
/// Namespace bytes hashed before every n-gram of the sentence and of its heading.
const NS_SENTENCE: u8 = b'S';
const NS_HEADING: u8 = b'H';
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// `models/context/model.json`: everything but the weight table.
#[derive(Deserialize)]
struct Header {
    format: u32,
    categories: Vec<Category>,
    bits: u32,
    ngram_max: usize,
    heading_weight: f32,
    none_threshold: f32,
    bias: [f32; K],
    scale: [f32; K],
}

/// The sentence context model: hashed character n-grams of a sentence (and, when known, of its
/// section heading) scored by one linear model per [`Category`].
pub struct ContextModel {
    header: Header,
    /// `2^bits` rows of `K` signed bytes; the weight of bucket `b` for category `k` is
    /// `weights[b * K + k] as i8 * scale[k]`.
    weights: &'static [u8],
    /// Predictions made so far, by heading and sentence (see [`crate::memo`]).
    memo: Memo<Prediction>,
    /// Each heading's weighted terms, added to the sums of every sentence under it.
    heading_memo: Memo<[f32; K]>,
}

/// How many predictions (and heading terms) [`ContextModel`] keeps: a few MB of sentences at most.
const MEMO_CAPACITY: usize = 8192;

impl std::fmt::Debug for ContextModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContextModel")
            .field("buckets", &(1u64 << self.header.bits))
            .field("ngram_max", &self.header.ngram_max)
            .finish_non_exhaustive()
    }
}

impl ContextModel {
    /// The model shipped in the binary (trained on CAPP-130, CC BY 4.0: see
    /// `models/context/ATTRIBUTION.md`), loaded on first call.
    pub fn builtin() -> &'static ContextModel {
        static MODEL: OnceLock<ContextModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The embedded files are checked by this crate's tests: failing here is a build defect.
            ContextModel::from_parts(
                include_str!("../../models/context/model.json"),
                include_bytes!("../../models/context/weights.bin"),
            )
            .unwrap_or_else(|e| panic!("built-in context model: {e}"))
        })
    }

    /// A model from its header (`model.json`) and weight table (`weights.bin`).
    fn from_parts(header: &str, weights: &'static [u8]) -> Result<ContextModel, String> {
        let header: Header = serde_json::from_str(header).map_err(|e| e.to_string())?;
        if header.format != FORMAT {
            return Err(format!("format {} (expected {FORMAT})", header.format));
        }
        if header.categories != Category::ALL {
            return Err("categories differ from Category::ALL".into());
        }
        let rows = 1usize.checked_shl(header.bits).filter(|_| header.bits < 32);
        if rows.and_then(|r| r.checked_mul(K)) != Some(weights.len()) {
            return Err(format!(
                "weights.bin has {} bytes, not 2^{} × {K}",
                weights.len(),
                header.bits
            ));
        }
        Ok(ContextModel {
            header,
            weights,
            memo: Memo::new(MEMO_CAPACITY),
            heading_memo: Memo::new(MEMO_CAPACITY),
        })
    }

    /// Classifies a sentence whose section heading is unknown.
    pub fn classify(&self, sentence: &str) -> Prediction {
        self.classify_with_heading(sentence, "")
    }

    /// Classifies a sentence in a section whose heading is `heading` (the nearest heading above
    /// it; "" when there is none). The heading helps: a sentence under 「如何共享」 is more likely
    /// sharing than one under 「如何收集」.
    pub fn classify_with_heading(&self, sentence: &str, heading: &str) -> Prediction {
        self.memo
            .get_or_compute(&[heading, sentence], || self.predict(sentence, heading))
    }

    /// The model's prediction for a sentence under a heading (see [`Self::classify_with_heading`]).
    fn predict(&self, sentence: &str, heading: &str) -> Prediction {
        let mut sums = [0f32; K];
        let mut scratch = Scratch::default();
        self.add_block(sentence, NS_SENTENCE, 1.0, &mut scratch, &mut sums);
        // A heading is shared by the sentences of its section: its terms are worked out once.
        let heading_terms = self.heading_memo.get_or_compute(&[heading], || {
            let mut terms = [0f32; K];
            let weight = self.header.heading_weight;
            self.add_block(heading, NS_HEADING, weight, &mut scratch, &mut terms);
            terms
        });
        for (sum, term) in sums.iter_mut().zip(heading_terms) {
            *sum += term;
        }
        let mut scores = [0f32; K];
        let parameters = self.header.scale.iter().zip(&self.header.bias);
        for ((score, sum), (scale, bias)) in scores.iter_mut().zip(sums).zip(parameters) {
            *score = sum * scale + bias;
        }
        let mut categories: Categories = Category::ALL
            .into_iter()
            .zip(scores)
            .filter(|&(_, score)| score > 0.0)
            .map(|(category, _)| category)
            .collect();
        if categories.is_empty() {
            let best = Category::ALL
                .into_iter()
                .zip(scores)
                .rev() // the first of equal maxima, as numpy's argmax in train.py
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((category, score)) = best {
                if score > self.header.none_threshold {
                    categories.insert(category);
                }
            }
        }
        Prediction { categories, scores }
    }

    /// Adds one text's features, scaled by `weight`, to `sums` (the dot products with each
    /// category's quantised weights): sublinear term frequencies (1 + ln count) of its hashed
    /// n-grams, L2-normalised.
    fn add_block(
        &self,
        text: &str,
        namespace: u8,
        weight: f32,
        scratch: &mut Scratch,
        sums: &mut [f32; K],
    ) {
        scratch.buckets.clear();
        hashed_ngrams(
            text,
            namespace,
            self.header.ngram_max,
            self.header.bits,
            &mut scratch.buckets,
        );
        scratch.count_runs();
        let mut block = [0f32; K];
        // Most n-grams occur once (term frequency 1): their weights are summed as integers.
        let mut once = [0i32; K];
        let mut singles = 0u32;
        let mut norm = 0f32;
        for &(bucket, count) in &scratch.runs {
            let start = bucket as usize * K;
            // A fixed-size row: the loops below unroll without bounds checks.
            let row = self
                .weights
                .get(start..start + K)
                .and_then(|r| <&[u8; K]>::try_from(r).ok());
            if count == 1 {
                singles += 1;
                for (acc, &q) in once.iter_mut().zip(row.into_iter().flatten()) {
                    *acc += i32::from(q as i8);
                }
            } else {
                let tf = 1.0 + (count as f32).ln();
                norm += tf * tf;
                for (acc, &q) in block.iter_mut().zip(row.into_iter().flatten()) {
                    *acc += tf * f32::from(q as i8);
                }
            }
        }
        norm += singles as f32;
        if norm > 0.0 {
            let factor = weight / norm.sqrt();
            for ((sum, b), o) in sums.iter_mut().zip(block).zip(once) {
                *sum += (b + o as f32) * factor;
            }
        }
    }
}

/// Scratch space of [`ContextModel::add_block`], reused by the blocks of one prediction.
#[derive(Default)]
struct Scratch {
    /// The hashed n-gram buckets of a text.
    buckets: Vec<u32>,
    /// Each distinct bucket with its count.
    runs: Vec<(u32, u32)>,
    /// Open-addressing table of indexes into `runs`.
    slots: Vec<u32>,
}

impl Scratch {
    /// Most buckets counted with the hash table; a longer text is sorted instead, so that the
    /// table stays small.
    const MAX_TABLE_BUCKETS: usize = 4096;

    /// Fills `runs` with each distinct bucket and how often it occurs: through an open-addressing
    /// table (in order of first occurrence; cheaper than sorting a sentence's few hundred
    /// buckets), or by sorting a longer text's.
    fn count_runs(&mut self) {
        self.runs.clear();
        if self.buckets.len() > Self::MAX_TABLE_BUCKETS {
            self.buckets.sort_unstable();
            for run in self.buckets.chunk_by(|a, b| a == b) {
                if let Some(&bucket) = run.first() {
                    self.runs.push((bucket, run.len() as u32));
                }
            }
            return;
        }
        let size = (self.buckets.len() * 2).next_power_of_two().max(16);
        let shift = 32 - size.trailing_zeros();
        let mask = size - 1;
        self.slots.clear();
        self.slots.resize(size, u32::MAX);
        for &bucket in &self.buckets {
            // Fibonacci hashing into the table, then linear probing.
            let mut slot = (bucket.wrapping_mul(0x9E37_79B1) >> shift) as usize;
            while let Some(entry) = self.slots.get_mut(slot) {
                if *entry == u32::MAX {
                    *entry = self.runs.len() as u32;
                    self.runs.push((bucket, 1));
                    break;
                }
                match self.runs.get_mut(*entry as usize) {
                    Some(run) if run.0 == bucket => {
                        run.1 += 1;
                        break;
                    }
                    _ => slot = (slot + 1) & mask,
                }
            }
        }
    }
}

/// The character folding applied before n-grams: full-width ASCII to ASCII, ASCII letters to lower
/// case, ASCII digits to `0`; whitespace (ASCII, no-break and ideographic spaces) is dropped.
fn fold(c: char) -> Option<char> {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    match c {
        ' ' | '\t' | '\n' | '\r' | '\u{A0}' | '\u{3000}' => None,
        '0'..='9' => Some('0'),
        _ => Some(c.to_ascii_lowercase()),
    }
}

/// Pushes the bucket of every character 1..=`ngram_max`-gram of the folded `text`: FNV-1a 64 over
/// the namespace byte then the n-gram's UTF-8 bytes, its low `bits` bits. FNV is a stream hash:
/// the states of the n-grams ending at one character continue those ending at the one before, so
/// each character is encoded once.
fn hashed_ngrams(text: &str, namespace: u8, ngram_max: usize, bits: u32, out: &mut Vec<u32>) {
    let start = fnv(FNV_OFFSET, &[namespace]);
    let mask = (1u64 << bits) - 1;
    // `states[k]`: the hash of the k + 1 characters ending at the previous character.
    let mut states: Vec<u64> = Vec::with_capacity(ngram_max);
    for c in text.chars().filter_map(fold) {
        let mut utf8 = [0; 4];
        let bytes = c.encode_utf8(&mut utf8).as_bytes();
        if states.len() < ngram_max {
            states.push(start);
        }
        // Longest first, each from the next shorter one's previous state.
        for k in (1..states.len()).rev() {
            let previous = states.get(k - 1).copied().unwrap_or(start);
            if let Some(state) = states.get_mut(k) {
                *state = fnv(previous, bytes);
            }
        }
        if let Some(first) = states.first_mut() {
            *first = fnv(start, bytes);
        }
        out.extend(states.iter().map(|h| (h & mask) as u32));
    }
}

/// FNV-1a 64 continued from state `h` over `bytes` (written out: the crate needs its prefix
/// states, which hashing crates do not expose).
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn categories(sentence: &str) -> Vec<Category> {
        ContextModel::builtin()
            .classify(sentence)
            .categories
            .iter()
            .collect()
    }

    #[test]
    fn obvious_sentences() {
        use Category::*;
        let cases: &[(&str, Category)] = &[
            ("我们会收集您的姓名、手机号码和收货地址。", Collection),
            ("为扫描二维码，我们需要申请您的相机权限。", Permission),
            ("我们会将您的订单信息共享给第三方物流公司。", Sharing),
            (
                "您的个人信息存储在中国境内的服务器，保存期限为三年。",
                Storage,
            ),
            ("我们使用加密技术和访问控制保护您的信息安全。", Security),
            (
                "如果您是不满十四周岁的儿童，请在监护人同意后使用本服务。",
                SpecialAudience,
            ),
            ("您可以在设置中访问、更正或删除您的个人信息。", UserControl),
            ("如有疑问，请拨打客服电话与我们联系。", Contact),
            (
                "我们可能会不时更新本隐私政策，更新后将在页面上公布。",
                PolicyChange,
            ),
        ];
        for (sentence, expected) in cases {
            let got = categories(sentence);
            assert!(
                got.contains(expected),
                "{sentence}: {got:?}, expected {expected:?}"
            );
        }
    }

    #[test]
    fn boilerplate_states_nothing() {
        for sentence in ["目录", "更新日期：2023年5月1日"] {
            assert_eq!(categories(sentence), [], "{sentence}");
        }
    }

    #[test]
    fn runs_count_every_bucket_by_table_or_by_sorting() {
        for n in [0usize, 1, 7, 300, Scratch::MAX_TABLE_BUCKETS + 1] {
            // A fixed pseudo-random sequence with repeats (a small range of buckets).
            let mut x = 12_345u32;
            let buckets: Vec<u32> = (0..n)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (x >> 8) % 997
                })
                .collect();
            let mut expected: Vec<(u32, u32)> = Vec::new();
            let mut sorted = buckets.clone();
            sorted.sort_unstable();
            for run in sorted.chunk_by(|a, b| a == b) {
                expected.push((run[0], run.len() as u32));
            }
            let mut scratch = Scratch {
                buckets,
                ..Scratch::default()
            };
            scratch.count_runs();
            let mut got = scratch.runs.clone();
            got.sort_unstable();
            assert_eq!(got, expected, "{n} buckets");
        }
    }

    #[test]
    fn folding_makes_full_width_and_case_equal() {
        let model = ContextModel::builtin();
        let a = model.classify("ＡＢＣ ＳＤＫ 收集设备型号２０２４");
        let b = model.classify("abcSDK收集设备型号1999");
        assert_eq!(a, b);
    }

    #[test]
    fn categories_serialise_as_snake_case_names() {
        let set: Categories = [Category::UserControl, Category::Collection]
            .into_iter()
            .collect();
        let json = serde_json::to_string(&set).unwrap_or_default();
        assert_eq!(json, r#"["collection","user_control"]"#);
        let back: Categories = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, set);
        assert!(Category::ALL
            .iter()
            .all(|c| serde_json::to_string(c).ok() == Some(format!("\"{}\"", c.name()))));
    }

    #[test]
    fn bad_parts_are_refused() {
        let header = include_str!("../../models/context/model.json");
        assert!(ContextModel::from_parts(header, &[0; 11]).is_err());
        assert!(
            ContextModel::from_parts("{}", include_bytes!("../../models/context/weights.bin"))
                .is_err()
        );
    }
}
