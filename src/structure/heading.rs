//! Numbering styles of headings and numbered items: 第一章 / 第一条 / 一、 / （一） / 1. / 1、 / 1.1 /
//! 4.1.1 / (1) / ① / a), recognised at the start of a line, with their value for sequence checks.

use crate::model::Numbering;
use regex::Regex;
use std::sync::LazyLock;

/// The style of a number as it matters for nesting: two headings with the same key are siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StyleKey {
    /// 第X章, 第X节, 第X条, 第X部分 …, by the counter character.
    Ordinal(char),
    /// 一、
    ChineseComma,
    /// 壹、 (the formal numerals, used above 一、 in Taiwanese and legal texts)
    FormalComma,
    /// 一. / 一． (a dot instead of 、 marks another level in some policies)
    ChineseDot,
    /// （一）
    ChineseParen,
    /// 1. / 1、 (depth 1) and 1.1 / 4.1.1 (depth = parts).
    Decimal(u8),
    /// 1) / 1）
    ArabicCloseParen,
    /// (1) / （1） / ⑴
    ArabicParen,
    /// ① ②
    Circled,
    /// a) / a.
    Letter,
    /// (a) / （a）
    LetterParen,
}

/// A number found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    /// Nesting key.
    pub key: StyleKey,
    /// The public numbering style.
    pub numbering: Numbering,
    /// The number as written, without trailing punctuation (`一`, `第三条`, `（一）`, `4.1`).
    pub number: String,
    /// Numeric value of the last counter (for sequence checks); 0 when unknown.
    pub value: u32,
    /// For dotted numbers, the number of the parent (`4.1` for `4.1.2`).
    pub parent: Option<String>,
    /// Byte offset in the line where the text after the number starts.
    pub rest: usize,
}

const CN_DIGITS: &str = "一二三四五六七八九十百零〇两";
const FORMAL_DIGITS: &str = "壹贰貳叁參肆伍陆陸柒捌玖拾佰";

static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^第\s*([{CN_DIGITS}0-9０-９]{{1,6}})\s*(章|节|条|部分|篇|编|款|项)"
    ))
    .unwrap_or_else(|e| panic!("ordinal pattern: {e}"))
});
static CHINESE_COMMA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^([{CN_DIGITS}]{{1,4}}|[{FORMAL_DIGITS}]{{1,4}})\s*[、.．]"
    ))
    .unwrap_or_else(|e| panic!("chinese comma pattern: {e}"))
});
static PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[（(]\s*([{CN_DIGITS}]{{1,4}}|[0-9０-９]{{1,3}}|[a-zA-Z])\s*[)）]"
    ))
    .unwrap_or_else(|e| panic!("paren pattern: {e}"))
});
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3}){0,5})(\s*[、.．]|\s*[)）]|\s)?")
        .unwrap_or_else(|e| panic!("decimal pattern: {e}"))
});
static LETTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([a-zA-Z])[)）.．]").unwrap_or_else(|e| panic!("letter pattern: {e}"))
});

/// True for the digits of Chinese numbers, plain (一二三) or formal (壹贰叁).
pub fn is_chinese_digit(c: char) -> bool {
    CN_DIGITS.contains(c) || FORMAL_DIGITS.contains(c)
}

/// Words that open with a character `parse_number` otherwise reads as the unit of a quantity.
const WORDS_OPENING_WITH_A_UNIT: &[&str] = &["个人", "个性", "个别"];

/// Skips separators between a number and its text, emphasis markers typed there included.
fn skip_separators(line: &str, from: usize) -> usize {
    let rest = line.get(from..).unwrap_or("");
    let trimmed = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '、' | '.' | '．' | ':' | '：' | '*' | '_')
    });
    from + rest.len() - trimmed.len()
}

/// Recognises the number at the start of `line`, if any. Emphasis opened before the number and
/// closed after it with a space first, which Markdown leaves as text (`**1.      **标题`, as word
/// processors export a tab after a number), is layout around the number.
pub fn parse_number(line: &str) -> Option<Numbered> {
    let trimmed = line.trim_start();
    let unmarked = trimmed.trim_start_matches(['*', '_']);
    if unmarked.len() == trimmed.len() {
        return parse_unmarked_number(line);
    }
    let mut n = parse_unmarked_number(unmarked)?;
    if !unmarked.get(..n.rest)?.contains(['*', '_']) {
        return None;
    }
    n.rest += line.len() - unmarked.len();
    Some(n)
}

/// Recognises the number at the start of `line`, which opens with no emphasis marker.
fn parse_unmarked_number(line: &str) -> Option<Numbered> {
    let lead = line.len() - line.trim_start().len();
    let text = &line[lead..];
    let make = |key, numbering, number: &str, value, parent, end: usize| {
        let rest = skip_separators(line, lead + end);
        Some(Numbered {
            key,
            numbering,
            number: number.to_owned(),
            value,
            parent,
            rest,
        })
    };
    let first = text.chars().next()?;
    // Each pattern is anchored and opens with a known character: the capture groups (the costly
    // part of matching) are asked for only when the first character fits.
    if let Some(c) = (first == '第').then(|| ORDINAL.captures(text)).flatten() {
        let (whole, digits, unit) = (c.get(0)?, c.get(1)?.as_str(), c.get(2)?.as_str());
        let numbering = if unit == "条" {
            Numbering::Article
        } else {
            Numbering::Chapter
        };
        let key = StyleKey::Ordinal(unit.chars().next()?);
        let number: String = whole
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        return make(
            key,
            numbering,
            &number,
            crate::numbers::value(digits).unwrap_or(0),
            None,
            whole.end(),
        );
    }
    let chinese_digit = is_chinese_digit(first);
    if let Some(c) = chinese_digit
        .then(|| CHINESE_COMMA.captures(text))
        .flatten()
    {
        let (whole, digits) = (c.get(0)?, c.get(1)?.as_str());
        let key = if digits.chars().all(|c| FORMAL_DIGITS.contains(c)) {
            StyleKey::FormalComma
        } else if whole.as_str().ends_with(['.', '．']) {
            StyleKey::ChineseDot
        } else {
            StyleKey::ChineseComma
        };
        return make(
            key,
            Numbering::ChineseComma,
            digits,
            crate::numbers::value(digits).unwrap_or(0),
            None,
            whole.end(),
        );
    }
    if let Some(c) = matches!(first, '（' | '(')
        .then(|| PAREN.captures(text))
        .flatten()
    {
        let (whole, inner) = (c.get(0)?, c.get(1)?.as_str());
        let (key, numbering) = if inner.chars().all(|c| c.is_ascii_digit()) {
            (StyleKey::ArabicParen, Numbering::ArabicParen)
        } else if inner.chars().all(|c| c.is_ascii_alphabetic()) {
            (StyleKey::LetterParen, Numbering::Letter)
        } else {
            (StyleKey::ChineseParen, Numbering::ChineseParen)
        };
        let value = if numbering == Numbering::Letter {
            letter_value(inner)
        } else {
            crate::numbers::value(inner).unwrap_or(0)
        };
        return make(key, numbering, whole.as_str(), value, None, whole.end());
    }
    if first.is_ascii_digit() {
        let c = DECIMAL.captures(text)?;
        let (whole, digits) = (c.get(0)?, c.get(1)?.as_str());
        let delimiter = c.get(2).map_or("", |m| m.as_str().trim());
        if text[whole.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let parts: Vec<&str> = digits.split(['.', '．']).collect();
        let depth = u8::try_from(parts.len()).unwrap_or(u8::MAX);
        // `1.5倍`, `2.5小时`: a quantity, not a number heading (`1.1 个人信息` has a space; so
        // does `8.1个性化推荐` without one: 个 opens the words 个人 and 个性 there, not a count).
        let after = &text[whole.end()..];
        let unit_follows = c.get(2).is_none()
            && after.starts_with(|c: char| "倍万亿元秒分时天年月日%％个次小周岁".contains(c))
            && !WORDS_OPENING_WITH_A_UNIT
                .iter()
                .any(|w| after.starts_with(w));
        // `1 我们如何收集` (a space, then a word that is no unit: `3 个月` is a quantity) numbers a
        // heading as `1.` would.
        let spaced_word = c.get(2).is_some()
            && text[whole.end()..].starts_with(|c: char| {
                crate::read::is_ideograph(c)
                    && !"倍万亿元秒分时天年月日个次小周岁家项条种名位".contains(c)
            });
        if delimiter.is_empty() && ((depth == 1 && !spaced_word) || unit_follows) {
            return None;
        }
        let value = parts
            .last()
            .map_or(0, |p| crate::numbers::value(p).unwrap_or(0));
        if depth == 1 && matches!(delimiter, ")" | "）") {
            return make(
                StyleKey::ArabicCloseParen,
                Numbering::Arabic,
                digits,
                value,
                None,
                whole.end(),
            );
        }
        let (numbering, parent) = if depth == 1 {
            (Numbering::Arabic, None)
        } else {
            let cut = digits.len() - parts.last().map_or(0, |p| p.len()) - 1;
            (Numbering::Dotted, digits.get(..cut).map(str::to_owned))
        };
        return make(
            StyleKey::Decimal(depth),
            numbering,
            digits,
            value,
            parent,
            whole.end(),
        );
    }
    if ('①'..='⑳').contains(&first) {
        let value = first as u32 - '①' as u32 + 1;
        return make(
            StyleKey::Circled,
            Numbering::Circled,
            &first.to_string(),
            value,
            None,
            first.len_utf8(),
        );
    }
    if ('⑴'..='⒇').contains(&first) {
        let value = first as u32 - '⑴' as u32 + 1;
        return make(
            StyleKey::ArabicParen,
            Numbering::ArabicParen,
            &first.to_string(),
            value,
            None,
            first.len_utf8(),
        );
    }
    if let Some(c) = LETTER.captures(text) {
        let whole = c.get(0)?;
        if text[whole.end()..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return None;
        }
        let letter = c.get(1)?.as_str();
        return make(
            StyleKey::Letter,
            Numbering::Letter,
            letter,
            letter_value(letter),
            None,
            whole.end(),
        );
    }
    None
}

fn letter_value(s: &str) -> u32 {
    s.chars().next().map_or(0, |c| {
        (c.to_ascii_lowercase() as u32).saturating_sub('a' as u32) + 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style() {
        let cases: &[(&str, Numbering, &str, u32, &str)] = &[
            ("第一章 总则", Numbering::Chapter, "第一章", 1, "总则"),
            (
                "第十二条 个人信息",
                Numbering::Article,
                "第十二条",
                12,
                "个人信息",
            ),
            (
                "一、我们如何收集",
                Numbering::ChineseComma,
                "一",
                1,
                "我们如何收集",
            ),
            (
                "二十一. 附则",
                Numbering::ChineseComma,
                "二十一",
                21,
                "附则",
            ),
            ("（三）共享", Numbering::ChineseParen, "（三）", 3, "共享"),
            ("(一) 共享", Numbering::ChineseParen, "(一)", 1, "共享"),
            ("1.个人信息", Numbering::Arabic, "1", 1, "个人信息"),
            ("2、收集", Numbering::Arabic, "2", 2, "收集"),
            ("4.1 注册", Numbering::Dotted, "4.1", 1, "注册"),
            ("4.1.3 同时", Numbering::Dotted, "4.1.3", 3, "同时"),
            ("(1)当您", Numbering::ArabicParen, "(1)", 1, "当您"),
            ("（12）当您", Numbering::ArabicParen, "（12）", 12, "当您"),
            ("③ 注销", Numbering::Circled, "③", 3, "注销"),
            ("b) 设备", Numbering::Letter, "b", 2, "设备"),
            ("3）设备", Numbering::Arabic, "3", 3, "设备"),
        ];
        for &(line, numbering, number, value, rest) in cases {
            let n = parse_number(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(
                (n.numbering, n.number.as_str(), n.value, &line[n.rest..]),
                (numbering, number, value, rest),
                "{line}"
            );
        }
    }

    #[test]
    fn formal_numerals_have_their_own_key() {
        let formal = parse_number("參、第三方服務").unwrap();
        assert_eq!(
            (formal.key, formal.value, formal.number.as_str()),
            (StyleKey::FormalComma, 3, "參")
        );
        assert_eq!(
            parse_number("三、共享").unwrap().key,
            StyleKey::ChineseComma
        );
    }

    #[test]
    fn not_numbers() {
        for line in [
            "2021年9月12日",
            "一般情况下，我们",
            "十分重要",
            "1.5倍",
            "e.g. 例如",
            "10 个工作日",
            "IP 地址",
        ] {
            assert_eq!(parse_number(line), None, "{line}");
        }
    }

    #[test]
    fn quantities_are_not_numbers_but_spaced_titles_are() {
        assert_eq!(parse_number("2.5小时内"), None);
        // 个 opening 个人/个性 is a word, not a count: the dotted number is a heading's.
        let n = parse_number("10.2个人敏感信息").map(|n| (n.number, n.rest));
        assert_eq!(n, Some(("10.2".to_owned(), 4)));
        assert_eq!(parse_number("1.5个月").map(|n| n.number), None);
        assert_eq!(
            parse_number("1.1 个人信息").map(|n| n.number),
            Some("1.1".to_owned())
        );
        assert_eq!(
            parse_number("1.6 日历").map(|n| n.number),
            Some("1.6".to_owned())
        );
    }

    #[test]
    fn dotted_depth_and_parent() {
        let n = parse_number("4.1.2 您").unwrap();
        assert_eq!(
            (n.key, n.parent.as_deref()),
            (StyleKey::Decimal(3), Some("4.1"))
        );
    }
}
