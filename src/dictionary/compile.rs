//! How a term list becomes a matcher's automaton, and how the built-in ones are laid out in
//! `lexicons.bin`.
//!
//! Free of anything else on purpose: `build.rs` includes this file (with [`super::entries`]), so the
//! built-in automata are built by the very code [`super::Lexicon::new`] uses.

use super::entries::{Dictionaries, Terms};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

/// The automaton of a term list: leftmost-longest, each term's value its entry index. Terms are
/// non-empty and unique, so building fails only past daachorse's size limits.
pub fn automaton(terms: Terms) -> Option<CharwiseDoubleArrayAhoCorasick<u32>> {
    CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build_with_values(terms)
        .ok()
}

/// The bytes of `lexicons.bin`: for the data-item, SDK, permission, purpose and right terms in
/// turn, the term count (`u32`, little-endian) then the serialised automaton (read back by
/// `dictionary::builtin_lexicons`). `None` when an automaton cannot be built. `build.rs` writes
/// it; in the crate only a test calls it, to compare the embedded bytes.
#[cfg_attr(not(test), allow(dead_code))]
pub fn serialized_lexicons(d: &Dictionaries) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    for terms in [
        d.data_item_terms(),
        d.sdk_terms(),
        d.permission_terms(),
        d.purpose_terms(),
        d.right_terms(),
    ] {
        let count = u32::try_from(terms.len()).ok()?;
        bytes.extend(count.to_le_bytes());
        bytes.extend(automaton(terms)?.serialize());
    }
    Some(bytes)
}
