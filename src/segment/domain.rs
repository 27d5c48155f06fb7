//! The project's domain word list (`dictionaries/words.txt`) and how it is read.
//!
//! Free of segmenter code on purpose: `build.rs` includes this file to merge the words into jieba's
//! general dictionary at compile time, reading them exactly as the segmenter does.

/// The embedded domain word list.
pub const DOMAIN_WORDS: &str = include_str!("../../dictionaries/words.txt");

/// Frequency given to a domain word listed without one: high enough that jieba prefers it to its parts.
pub(crate) const DEFAULT_DOMAIN_FREQ: usize = 200_000;

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

/// True for a term jieba cannot hold (it always splits at whitespace): the segmenter matches these
/// before jieba runs.
pub(crate) fn is_spaced(term: &str) -> bool {
    term.contains(char::is_whitespace)
}

/// The words of `list` jieba holds, `(term, frequency)`: spaced terms left out, a missing frequency
/// defaulted, a term listed twice keeping its first frequency. `build.rs` merges these into the
/// embedded dictionary; in the crate only the tests' reference segmenter calls it.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn jieba_words(list: &str) -> Vec<(&str, usize)> {
    let mut seen = std::collections::HashSet::new();
    domain_words(list)
        .into_iter()
        .filter(|(term, _)| !is_spaced(term) && seen.insert(*term))
        .map(|(term, freq)| (term, freq.unwrap_or(DEFAULT_DOMAIN_FREQ)))
        .collect()
}
