//! Sentences and words: sentence boundaries at 。！？； and line ends, words by jieba-rs with the
//! project's domain dictionary (`dictionaries/words.txt`, embedded) so domain terms stay one token.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use jieba_rs::Jieba;
use std::collections::HashSet;
use std::sync::{OnceLock, RwLock};

mod domain;

pub use domain::{domain_words, DOMAIN_WORDS};

use domain::{is_spaced, DEFAULT_DOMAIN_FREQ};

include!(concat!(env!("OUT_DIR"), "/jieba_dict.rs"));

/// jieba's general dictionary with the domain words (a domain word's frequency replacing the
/// general one) as an fst map (word → frequency), built by `build.rs`, used in place.
static JIEBA_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_dict.fst"));

/// A word that can never be looked up: jieba only consults its dictionary inside runs of CJK and
/// ASCII alphanumerics, and NUL is neither. It carries the frequency of every dictionary word not
/// loaded yet, so jieba's total (and so every word's probability) equals the full dictionary's.
const REST_OF_DICTIONARY: &str = "\0";

/// A word token of a text, with its byte range in that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token text.
    pub text: &'a str,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
}

/// Word segmenter: jieba-rs with jieba's general dictionary plus the domain dictionary, and a matcher
/// for domain terms containing spaces (jieba always splits at whitespace).
///
/// Start-up is nearly free: the general dictionary, with the domain words merged in by `build.rs`,
/// stays in an embedded fst, and before cutting a text the segmenter loads into jieba only the
/// dictionary words occurring in it. Segmentation is identical to jieba-rs loaded with the whole
/// dictionary and the domain words (jieba only ever looks up substrings of its input), which a test
/// checks over the corpus. Thread-safe; share one (see [`Segmenter::shared`]).
pub struct Segmenter {
    dictionary: Option<fst::Map<&'static [u8]>>,
    spaced_terms: Option<AhoCorasick>,
    loaded: RwLock<LoadedWords>,
}

/// The part of the dictionary loaded into jieba so far.
struct LoadedWords {
    jieba: Jieba,
    words: HashSet<String>,
    /// Frequency total of the full dictionary (general + domain).
    full_total: usize,
    /// Frequency total of the words loaded so far (the rest word aside).
    loaded_total: usize,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter").finish_non_exhaustive()
    }
}

/// jieba's general dictionary with the domain words, embedded. The bytes were written by `fst` in
/// build.rs, so they always form a valid map; `None` is unreachable in practice and would fail every segmentation test.
fn general_dictionary() -> Option<fst::Map<&'static [u8]>> {
    fst::Map::new(JIEBA_FST).ok()
}

impl Segmenter {
    /// Builds the segmenter with jieba's general dictionary plus the embedded domain words.
    pub fn new() -> Self {
        Self::with_extra_words(&[])
    }

    /// Builds the segmenter with extra domain words (e.g. from a user's configuration); an extra
    /// word replaces the frequency the embedded dictionary gives it, as jieba's `add_word` does.
    pub fn with_extra_words(extra: &[&str]) -> Self {
        let dictionary = general_dictionary();
        let mut jieba = Jieba::empty();
        let mut words = HashSet::new();
        let mut full_total = JIEBA_TOTAL as usize;
        let mut loaded_total = 0;
        // The built-in domain words jieba can hold are in the embedded dictionary already.
        let spaced: Vec<&str> = domain_words(DOMAIN_WORDS)
            .into_iter()
            .map(|(term, _)| term)
            .chain(extra.iter().copied())
            .filter(|term| is_spaced(term))
            .collect();
        for &term in extra.iter().filter(|term| !is_spaced(term)) {
            if !words.insert(term.to_owned()) {
                continue;
            }
            let embedded = dictionary
                .as_ref()
                .and_then(|d| d.get(term))
                .map_or(0, |f| f as usize);
            full_total = full_total - embedded + DEFAULT_DOMAIN_FREQ;
            jieba.add_word(term, Some(DEFAULT_DOMAIN_FREQ), None);
            loaded_total += DEFAULT_DOMAIN_FREQ;
        }
        let mut loaded = LoadedWords {
            jieba,
            words,
            full_total,
            loaded_total,
        };
        loaded.update_rest();
        // An NFA: a DFA of these terms costs more to build than the searches of a document save.
        let spaced_terms = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&spaced)
            .ok();
        Segmenter {
            dictionary,
            spaced_terms,
            loaded: RwLock::new(loaded),
        }
    }

    /// The process-wide segmenter, built on first use.
    pub fn shared() -> &'static Segmenter {
        static SHARED: OnceLock<Segmenter> = OnceLock::new();
        SHARED.get_or_init(Segmenter::new)
    }

    /// Cuts `text` into word tokens with byte ranges; whitespace is not a token.
    pub fn tokens<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        self.load_words_of(text);
        let loaded = self.loaded.read().unwrap_or_else(|e| e.into_inner());
        tokens_with(&loaded.jieba, self.spaced_terms.as_ref(), text)
    }

    /// Cuts `text` into word strings (see [`Segmenter::tokens`]).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.tokens(text).into_iter().map(|t| t.text).collect()
    }

    /// Loads into jieba every general-dictionary word occurring in `text` that is not loaded yet.
    fn load_words_of(&self, text: &str) {
        let Some(dictionary) = &self.dictionary else {
            return;
        };
        let found = dictionary_words_in(dictionary, text);
        {
            let loaded = self.loaded.read().unwrap_or_else(|e| e.into_inner());
            if found.iter().all(|(w, _)| loaded.words.contains(*w)) {
                return;
            }
        }
        let mut loaded = self.loaded.write().unwrap_or_else(|e| e.into_inner());
        let mut added = false;
        for (word, freq) in found {
            if loaded.words.contains(word) {
                continue;
            }
            loaded.words.insert(word.to_owned());
            loaded.jieba.add_word(word, Some(freq), None);
            loaded.loaded_total += freq;
            added = true;
        }
        if added {
            loaded.update_rest();
        }
    }
}

impl LoadedWords {
    /// Gives the rest word the frequency of everything not loaded, keeping jieba's total exact.
    fn update_rest(&mut self) {
        let rest = self.full_total.saturating_sub(self.loaded_total);
        self.jieba.add_word(REST_OF_DICTIONARY, Some(rest), None);
    }
}

/// True when `text[start..end]` (a dictionary match found by substring search) cuts through words
/// on both sides: 「私信」 in 「隐私信息」, 「体重」 in 「主体重新」. The character before the span
/// and its first character form a dictionary word, its last character and the one after form
/// another, and jieba, cutting a few characters around the span, keeps neither edge as a word
/// boundary. The dictionary test is two lookups; jieba runs only where both words exist (rare).
pub fn cuts_through_words(text: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(inside)) = (text.get(..start), text.get(start..end)) else {
        return false;
    };
    let after = text.get(end..).unwrap_or("");
    let (Some(b), Some(first), Some(last), Some(a)) = (
        before.chars().next_back(),
        inside.chars().next(),
        inside.chars().next_back(),
        after.chars().next(),
    ) else {
        return false;
    };
    let Some(dictionary) = general_dictionary() else {
        return false;
    };
    let pair = |x: char, y: char| {
        let mut buffer = [0u8; 8];
        let first_len = x.encode_utf8(&mut buffer).len();
        let second_len = y.encode_utf8(&mut buffer[first_len..]).len();
        dictionary.contains_key(&buffer[..first_len + second_len])
    };
    if !(pair(b, first) && pair(last, a)) {
        return false;
    }
    // Two characters either side: enough for jieba to see the words the edges cut.
    let from = before.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
    let to = end + after.char_indices().nth(2).map_or(after.len(), |(i, _)| i);
    let Some(window) = text.get(from..to) else {
        return false;
    };
    let tokens = Segmenter::shared().tokens(window);
    let (s, e) = (start - from, end - from);
    !tokens.iter().any(|t| t.start == s) && !tokens.iter().any(|t| t.end == e)
}

/// Every (word, frequency) of the general dictionary that occurs in `text` at a character boundary.
fn dictionary_words_in<'t>(dictionary: &fst::Map<&[u8]>, text: &'t str) -> Vec<(&'t str, usize)> {
    let fst = dictionary.as_fst();
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (start, _) in text.char_indices() {
        let mut node = fst.root();
        let mut output = fst::raw::Output::zero();
        for (offset, &byte) in bytes.iter().enumerate().skip(start) {
            let Some(index) = node.find_input(byte) else {
                break;
            };
            let transition = node.transition(index);
            output = output.cat(transition.out);
            node = fst.node(transition.addr);
            let end = offset + 1;
            if node.is_final() && text.is_char_boundary(end) {
                let freq = output.cat(node.final_output()).value() as usize;
                if let Some(word) = text.get(start..end) {
                    found.push((word, freq));
                }
            }
        }
    }
    found
}

/// Cuts `text` with `jieba`, keeping matches of `spaced_terms` (domain terms with spaces) whole.
fn tokens_with<'a>(
    jieba: &Jieba,
    spaced_terms: Option<&AhoCorasick>,
    text: &'a str,
) -> Vec<Token<'a>> {
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let mut pos = 0;
    for m in spaced_terms.into_iter().flat_map(|ac| ac.find_iter(text)) {
        if !is_word_boundary(text, m.start(), m.end()) {
            continue;
        }
        cut_into(jieba, text, pos, m.start(), &mut out);
        out.push(Token {
            text: &text[m.start()..m.end()],
            start: m.start(),
            end: m.end(),
        });
        pos = m.end();
    }
    cut_into(jieba, text, pos, text.len(), &mut out);
    out
}

/// Cuts `text[from..to]` with jieba (HMM on for unknown words), appending tokens with offsets in `text`.
fn cut_into<'a>(jieba: &Jieba, text: &'a str, from: usize, to: usize, out: &mut Vec<Token<'a>>) {
    let Some(piece) = text.get(from..to) else {
        return;
    };
    if piece.is_empty() {
        return;
    }
    for t in jieba.cut(piece, true) {
        if t.word.trim().is_empty() {
            continue;
        }
        out.push(Token {
            text: t.word,
            start: from + t.byte_start,
            end: from + t.byte_end,
        });
    }
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

/// A spaced term must not start or end inside an ASCII word ("xAndroid IDs" is not "Android ID").
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_alphanumeric())
        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Characters that end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '｡')
}

/// Closing quotes and brackets that stay with the sentence they close.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '】' | '》' | '"' | '\''
    )
}

/// Splits `text` into sentences: at 。！？； (and ASCII !?;), keeping closing quotes with the
/// sentence, and at line ends, except after a line holding no word (a bare number `1.2`, which
/// numbers the next line). Returns trimmed byte ranges; no range is empty.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = None;
        if c == '\n' {
            let line = text.get(start..i).unwrap_or("");
            if line.chars().any(char::is_alphabetic) {
                end = Some(i);
            }
        } else if is_terminator(c) {
            let mut e = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if is_closer(n) || is_terminator(n) {
                    e = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            end = Some(e);
        }
        if let Some(e) = end {
            push_trimmed(text, start, e, &mut out);
            start = if c == '\n' { i + 1 } else { e };
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let Some(piece) = text.get(start..end) else {
        return;
    };
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_terms_stay_one_token() {
        let seg = Segmenter::shared();
        for term in [
            "个人敏感信息",
            "设备标识符",
            "已安装应用列表",
            "Android ID",
            "剪切板",
        ] {
            let text = format!("我们会收集您的{term}用于安全风控");
            assert!(
                seg.cut(&text).contains(&term),
                "{term} split: {:?}",
                seg.cut(&text)
            );
        }
    }

    #[test]
    fn every_domain_word_segments_as_one_token() {
        let seg = Segmenter::shared();
        for (term, _) in domain_words(DOMAIN_WORDS) {
            let text = format!("收集{term}。");
            assert!(
                seg.cut(&text).contains(&term),
                "{term}: {:?}",
                seg.cut(&text)
            );
        }
    }

    #[test]
    fn domain_word_list_is_sorted_and_unique() {
        let terms: Vec<&str> = domain_words(DOMAIN_WORDS)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        for pair in terms.windows(2) {
            assert!(pair[0] < pair[1], "not sorted or duplicated: {:?}", pair);
        }
    }

    #[test]
    fn terms_inside_other_words_are_found() {
        let cut = |text: &str, term: &str| {
            let start = text
                .find(term)
                .unwrap_or_else(|| panic!("{term} in {text}"));
            cuts_through_words(text, start, start + term.len())
        };
        assert!(cut("请阅读本隐私信息保护政策", "私信"));
        assert!(cut("我们将要求该主体重新征得同意", "体重"));
        // Both neighbours form words, but jieba keeps the term whole.
        assert!(!cut("添加图片时需要授权", "图片"));
        assert!(!cut("您的体重数据", "体重"));
    }

    #[test]
    fn tokens_carry_byte_ranges() {
        let text = "收集 Android ID 与IMEI";
        for t in Segmenter::shared().tokens(text) {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }

    /// jieba-rs loaded with the whole general dictionary plus the domain words: the reference the
    /// lazily loading segmenter must match token for token.
    fn reference_jieba() -> Jieba {
        let dict = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/dictionaries/jieba/dict.txt"
        ))
        .unwrap();
        let mut jieba = Jieba::with_dict(&mut dict.as_slice()).unwrap();
        for (term, freq) in domain::jieba_words(DOMAIN_WORDS) {
            jieba.add_word(term, Some(freq), None);
        }
        jieba
    }

    /// Every readable text file of the project's corpus and, when present, of `../shared`.
    fn texts_to_compare() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let shared = root.join("../shared");
        let mut dirs = vec![
            root.join("corpus"),
            shared.join("seeds"),
            shared.join("corpus"),
        ];
        let mut out = Vec::new();
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if let Ok(text) = std::fs::read_to_string(&p) {
                    out.push((p.display().to_string(), text));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn lazy_dictionary_segments_exactly_like_full_jieba() {
        let reference = reference_jieba();
        let lazy = Segmenter::new();
        let texts = texts_to_compare();
        let mut tokens = 0;
        for (path, text) in &texts {
            let expected = tokens_with(&reference, lazy.spaced_terms.as_ref(), text);
            let got = lazy.tokens(text);
            tokens += got.len();
            if let Some(i) =
                (0..expected.len().max(got.len())).find(|&i| expected.get(i) != got.get(i))
            {
                panic!(
                    "{path}: token {i} differs: reference {:?}, lazy {:?}",
                    expected.get(i),
                    got.get(i)
                );
            }
        }
        eprintln!(
            "segmentation identical to full jieba-rs over {} files, {tokens} tokens",
            texts.len()
        );
    }

    #[test]
    fn sentences_split_at_terminators_and_lines() {
        let text = "我们收集姓名。我们不会出售！“是否同意？”\n第二行；结尾\n2.3\n编号在上一行。";
        let got: Vec<&str> = split_sentences(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            got,
            [
                "我们收集姓名。",
                "我们不会出售！",
                "“是否同意？”",
                "第二行；",
                "结尾",
                "2.3\n编号在上一行。"
            ]
        );
    }
}
