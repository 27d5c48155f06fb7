//! Regex matches with a length bound checked in code. A bounded repetition of a large class
//! (`[\p{Han}]{0,6}`, `[^,.;]{1,24}`) compiles into one copy of the class per repetition, which
//! costs more than every search of a document; such patterns repeat the class without bound, lazily
//! and in a capture group, and [`captures_where`] keeps the bound.

use regex::{Captures, Regex};

/// What `accept` makes of the matches of `re` in `haystack`, left to right. For a match it takes,
/// `accept` returns its value and where the next search starts (the match's end, or further when
/// the caller keeps words after it); a match it refuses (`None`) is looked at again from its next
/// character, as the bounded pattern would have been.
pub(crate) fn captures_where<'h, T>(
    re: &Regex,
    haystack: &'h str,
    mut accept: impl FnMut(Captures<'h>) -> Option<(T, usize)>,
) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(captures) = re.captures_at(haystack, at) {
        let Some(whole) = captures.get(0) else { break };
        match accept(captures) {
            Some((value, next)) => {
                at = next.max(whole.end());
                // Moving on past an empty match, as `captures_iter` does.
                if whole.is_empty() {
                    at = next_char(haystack, at);
                }
                out.push(value);
            }
            None => at = next_char(haystack, whole.start()),
        }
        if at > haystack.len() {
            break;
        }
    }
    out
}

/// Matches of `re` whose capture group `group`, when it took part, holds at most `max`
/// characters (see [`captures_where`]).
pub(crate) fn captures_within<'h>(
    re: &Regex,
    haystack: &'h str,
    group: usize,
    max: usize,
) -> Vec<Captures<'h>> {
    captures_where(re, haystack, |c| {
        let within = c
            .get(group)
            .is_none_or(|g| g.as_str().chars().count() <= max);
        let end = c.get(0).map_or(haystack.len(), |m| m.end());
        within.then_some((c, end))
    })
}

/// The byte offset after the character at `at` (past the end when there is none).
fn next_char(haystack: &str, at: usize) -> usize {
    haystack
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(haystack.len() + 1, |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_match_is_tried_again_from_its_next_character() {
        let re =
            Regex::new(r"(?:隐私保护|保护)(\p{Han}*?)(?:部门)").unwrap_or_else(|e| panic!("{e}"));
        let found: Vec<&str> = captures_within(&re, "隐私保护一二三四五六七保护部门", 1, 6)
            .iter()
            .filter_map(|c| c.get(0).map(|m| m.as_str()))
            .collect();
        // From 隐私保护 the department is eight characters away; from the second 保护, none.
        assert_eq!(found, ["保护部门"]);
        let found = captures_within(&re, "隐私保护一二部门，保护部门", 1, 6);
        assert_eq!(found.len(), 2);
    }
}
