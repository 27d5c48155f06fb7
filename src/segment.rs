//! Sentences and words: sentence boundaries at 。！？； and line ends, words by jieba-rs with the
//! project's domain dictionary (`dictionaries/words.txt`, embedded) so domain terms stay one token.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jieba_rs::Jieba;
use std::sync::OnceLock;

/// The embedded domain word list.
pub const DOMAIN_WORDS: &str = include_str!("../dictionaries/words.txt");

/// Frequency given to a domain word listed without one: high enough that jieba prefers it to its parts.
const DEFAULT_DOMAIN_FREQ: usize = 200_000;

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

/// Word segmenter: jieba-rs with the domain dictionary, plus a matcher for domain terms containing
/// spaces (jieba always splits at whitespace). Costly to build: build once and share (see [`Segmenter::shared`]).
pub struct Segmenter {
    jieba: Jieba,
    spaced_terms: Option<AhoCorasick>,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter").finish_non_exhaustive()
    }
}

/// Parses the domain word list: `(term, frequency)` pairs, comments and blank lines skipped.
/// A frequency is the last whitespace-separated field when it is a number.
pub fn domain_words(list: &str) -> Vec<(&str, Option<usize>)> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.rsplit_once(char::is_whitespace) {
            Some((term, freq)) if freq.chars().all(|c| c.is_ascii_digit()) => {
                (term.trim_end(), freq.parse().ok())
            }
            _ => (l, None),
        })
        .collect()
}

impl Segmenter {
    /// Builds the segmenter with jieba's default dictionary plus the embedded domain words.
    pub fn new() -> Self {
        Self::with_extra_words(&[])
    }

    /// Builds the segmenter with extra domain words (e.g. from a user's configuration).
    pub fn with_extra_words(extra: &[&str]) -> Self {
        let mut jieba = Jieba::new();
        let mut spaced = Vec::new();
        let words = domain_words(DOMAIN_WORDS)
            .into_iter()
            .chain(extra.iter().map(|w| (*w, None)));
        for (term, freq) in words {
            if term.contains(char::is_whitespace) {
                spaced.push(term.to_owned());
            } else {
                jieba.add_word(term, Some(freq.unwrap_or(DEFAULT_DOMAIN_FREQ)), None);
            }
        }
        let spaced_terms = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&spaced)
            .ok();
        Segmenter {
            jieba,
            spaced_terms,
        }
    }

    /// The process-wide segmenter, built on first use.
    pub fn shared() -> &'static Segmenter {
        static SHARED: OnceLock<Segmenter> = OnceLock::new();
        SHARED.get_or_init(Segmenter::new)
    }

    /// Cuts `text` into word tokens with byte ranges; whitespace is not a token.
    pub fn tokens<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        let mut out = Vec::with_capacity(text.len() / 3 + 1);
        let mut pos = 0;
        for m in self.spaced_terms.iter().flat_map(|ac| ac.find_iter(text)) {
            if !is_word_boundary(text, m.start(), m.end()) {
                continue;
            }
            self.cut_into(text, pos, m.start(), &mut out);
            out.push(Token {
                text: &text[m.start()..m.end()],
                start: m.start(),
                end: m.end(),
            });
            pos = m.end();
        }
        self.cut_into(text, pos, text.len(), &mut out);
        out
    }

    /// Cuts `text` into word strings (see [`Segmenter::tokens`]).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.tokens(text).into_iter().map(|t| t.text).collect()
    }

    fn cut_into<'a>(&self, text: &'a str, from: usize, to: usize, out: &mut Vec<Token<'a>>) {
        let Some(piece) = text.get(from..to) else {
            return;
        };
        if piece.is_empty() {
            return;
        }
        for t in self.jieba.cut(piece, true) {
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
/// sentence, and at line ends. Returns trimmed byte ranges; no range is empty.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = None;
        if c == '\n' {
            end = Some(i);
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
    fn tokens_carry_byte_ranges() {
        let text = "收集 Android ID 与IMEI";
        for t in Segmenter::shared().tokens(text) {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }

    #[test]
    fn sentences_split_at_terminators_and_lines() {
        let text = "我们收集姓名。我们不会出售！“是否同意？”\n第二行；结尾";
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
                "结尾"
            ]
        );
    }
}
