//! Table of contents: a 目录 heading and/or a run of short lines that repeat later headings (with or
//! without bullets, numbers in another style, or page numbers), near the top of the document.

use super::{heading, text};
use crate::normalize::normalize;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Trailing leader dots and page numbers of a TOC entry (`……3`, `... 12`).
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\s.…·．_\-]{2,}\d*$|\s+\d{1,3}$").unwrap_or_else(|e| panic!("page pattern: {e}"))
});

/// Longest TOC entry in characters.
const MAX_ENTRY_CHARS: usize = 60;
/// Entries needed for a run without a 目录 heading.
const MIN_BARE_ENTRIES: usize = 3;

/// The comparison key of a line as a TOC entry or heading: bullet, number and page number removed,
/// normalised; `None` when the line is too long or too short to be one.
pub fn entry_key(line: &str) -> Option<String> {
    let line = line.trim();
    if line.chars().count() > MAX_ENTRY_CHARS {
        return None;
    }
    let line = line.get(text::bullet_len(line).unwrap_or(0)..)?;
    let line = heading::parse_number(line).map_or(line, |n| line.get(n.rest..).unwrap_or(""));
    let line = PAGE_NUMBER.replace(line, "");
    let key: String = normalize(&line)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (key.chars().count() >= 2).then_some(key)
}

/// True for a TOC heading line such as 目录, 隐私政策目录, 目 录, Contents.
pub fn is_toc_heading(line: &str) -> bool {
    let compact: String = normalize(line)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    (compact.ends_with("目录") && compact.chars().count() <= 12)
        || matches!(compact.as_str(), "contents" | "tableofcontents")
}

/// True when `next` is a short line numbered in the same style as `previous`, one further.
fn continues_numbering(previous: Option<&&str>, next: Option<&&str>) -> bool {
    let (Some(previous), Some(next)) = (previous, next) else {
        return false;
    };
    let (Some(p), Some(n)) = (heading::parse_number(previous), heading::parse_number(next)) else {
        return false;
    };
    p.key == n.key && p.value + 1 == n.value && next.chars().count() <= MAX_ENTRY_CHARS
}

/// Marks the blocks that form the table of contents. `lines` are the block texts; `heading_like`
/// says which blocks could be headings (only those count as the later repeats of an entry).
pub fn detect(lines: &[&str], heading_like: &[bool]) -> Vec<bool> {
    let keys: Vec<Option<String>> = lines.iter().map(|l| entry_key(l)).collect();
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let (Some(k), true) = (key, heading_like.get(i).copied().unwrap_or(false)) {
            last.insert(k.as_str(), i);
        }
    }
    let repeated_after = |i: usize, after: usize| {
        keys.get(i)
            .and_then(Option::as_deref)
            .and_then(|k| last.get(k))
            .is_some_and(|&l| l > after)
    };
    let mut toc = vec![false; lines.len()];
    let limit = lines.len() * 2 / 3 + 1;
    let mut i = 0;
    while i < limit.min(lines.len()) {
        let titled = lines.get(i).is_some_and(|l| is_toc_heading(l));
        let first = if titled { i + 1 } else { i };
        let mut end = first;
        let mut matched = 0;
        while end < lines.len() && keys.get(end).is_some_and(Option::is_some) {
            if repeated_after(end, end) {
                matched += 1;
            } else {
                let numbered_on =
                    end > first && continues_numbering(lines.get(end - 1), lines.get(end));
                if !numbered_on && !repeated_after(end + 1, end + 1) {
                    break;
                }
            }
            end += 1;
        }
        let confirmed = (first..end)
            .filter(|&j| repeated_after(j, end.saturating_sub(1)))
            .count();
        if (titled && confirmed >= 1)
            || (!titled && confirmed >= MIN_BARE_ENTRIES && matched * 3 >= (end - first) * 2)
        {
            // Entries that continue the TOC's numbering (`9、附录` after `8、…`) belong to it even
            // when their heading is missing or worded differently later.
            while end > first && continues_numbering(lines.get(end - 1), lines.get(end)) {
                end += 1;
            }
            toc.iter_mut().take(end).skip(i).for_each(|t| *t = true);
            i = end;
        } else {
            i += 1;
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titled_toc_with_bullets() {
        let lines = [
            "《隐私政策》",
            "隐私政策目录",
            "• 一、名词解释",
            "• 二、我们如何收集",
            "一、名词解释",
            "正文。",
            "二、我们如何收集",
            "正文。",
        ];
        let heading_like = [true, true, true, true, true, false, true, false];
        let got = detect(&lines, &heading_like);
        assert_eq!(got, [false, true, true, true, false, false, false, false]);
    }

    #[test]
    fn bare_toc_in_another_numbering_style() {
        let lines = [
            "1、收集",
            "2、共享",
            "3、保护",
            "一、收集",
            "正文。",
            "二、共享",
            "正文。",
            "三、保护",
            "正文。",
        ];
        let heading_like = [true, true, true, true, false, true, false, true, false];
        let got = detect(&lines, &heading_like);
        assert_eq!(
            got,
            [true, true, true, false, false, false, false, false, false]
        );
    }

    #[test]
    fn a_last_entry_continuing_the_numbering_belongs_to_the_toc() {
        let lines = [
            "1、收集",
            "2、共享",
            "3、保护",
            "4、附录",
            "前言正文很长。",
            "一、收集",
            "正文。",
            "二、共享",
            "正文。",
            "三、保护",
            "正文。",
        ];
        let heading_like = [
            true, true, true, true, false, true, false, true, false, true, false,
        ];
        let got = detect(&lines, &heading_like);
        assert_eq!(&got[..5], [true, true, true, true, false]);
    }

    #[test]
    fn headings_alone_are_not_a_toc() {
        let lines = ["一、收集", "正文。", "二、共享", "正文。"];
        assert!(detect(&lines, &[true, false, true, false])
            .iter()
            .all(|t| !t));
    }

    #[test]
    fn entry_keys_ignore_bullets_numbers_and_pages() {
        assert_eq!(entry_key("• 一、名词解释"), entry_key("1. 名词解释……3"));
        assert_eq!(entry_key("这是一段很长的正文".repeat(10).as_str()), None);
    }
}
