//! Comparison form of text: folds width, punctuation variants, whitespace, zero-width characters and
//! traditional characters, keeping a map from every normalised byte back to the original.
//!
//! Two texts that differ only in this noise normalise to the same string, which is how `align` and
//! `diff` recognise editorial changes. Normalisation is idempotent (a property test proves it).

/// Normalised text plus, for each of its bytes, the byte offset in the original it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The comparison form.
    pub text: String,
    /// `origin[i]` is the original byte offset of the character that produced normalised byte `i`;
    /// one extra entry maps the end of the text to the end of the original.
    pub origin: Vec<usize>,
}

impl Normalized {
    /// Maps a byte range of the normalised text back to a byte range of the original.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        original_range(&self.origin, start, end)
    }
}

/// Maps a byte range of a normalised text back to a byte range of the original, given the
/// normalised text's offset map (see [`Normalized::origin`]).
pub fn original_range(origin: &[usize], start: usize, end: usize) -> (usize, usize) {
    let last = origin.len().saturating_sub(1);
    let s = origin.get(start.min(last)).copied().unwrap_or(0);
    let e = if end == 0 {
        s
    } else {
        // End of the char that produced byte end-1: the origin of the next distinct position.
        origin.get(end.min(last)).copied().unwrap_or(s)
    };
    (s, e.max(s))
}

/// Returns the comparison form of `text` (see [`normalize_with_map`]; no offset map is built).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_text(text, |c, _| out.push(c));
    out
}

/// Folds one character to its comparison form; `None` drops it (zero-width characters).
///
/// Full-width ASCII → ASCII; ideographic and other spaces → space; Chinese punctuation → its ASCII
/// counterpart; quotes and brackets of every style → one style; ASCII letters → lower case.
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    let folded = match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => return None,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => ' ',
        '。' | '｡' => '.',
        '、' => ',',
        '“' | '”' | '„' | '「' | '」' | '『' | '』' | '〝' | '〞' => '"',
        '‘' | '’' | '‚' => '\'',
        '【' | '〔' | '〖' => '[',
        '】' | '〕' | '〗' => ']',
        '《' | '〈' | '«' => '<',
        '》' | '〉' | '»' => '>',
        '—' | '–' | '―' | '‐' | '‑' | '‒' => '-',
        '…' => '.',
        '·' | '・' | '•' | '●' | '◆' | '■' | '▪' => '*',
        '〜' => '~',
        _ => c,
    };
    Some(folded.to_ascii_lowercase())
}

/// True for characters of the CJK scripts, between which whitespace is layout, not content.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{2FFFF}')
}

// `T2S_MAP` and `T2S_CONTEXTUAL`, generated from fast2s (see `tests::t2s_table_is_current`). The
// table is source rather than build output so that `build.rs` can normalise dictionary terms with
// this very module.
include!("normalize/t2s_table.rs");

/// First character of [`T2S_CANDIDATES`] (fast2s converts only characters of three UTF-8 bytes).
const T2S_FIRST: u32 = 0x800;

/// Bytes of [`T2S_CANDIDATES`]: one bit per character from U+0800 to U+FFFF.
const T2S_BYTES: usize = (0x1_0000 - T2S_FIRST as usize) / 8;

/// One bit per character from U+0800 to U+FFFF, set when fast2s may convert it: the keys of
/// [`T2S_MAP`] and the [`T2S_CONTEXTUAL`] characters. Built at compile time.
static T2S_CANDIDATES: [u8; T2S_BYTES] = t2s_candidates();

/// Sets the bit of every character of the two tables (evaluated by the compiler: a character out
/// of range fails the build, not a run).
const fn t2s_candidates() -> [u8; T2S_BYTES] {
    let mut bits = [0u8; T2S_BYTES];
    let mut i = 0;
    while i < T2S_MAP.len() + T2S_CONTEXTUAL.len() {
        let c = if i < T2S_MAP.len() {
            T2S_MAP[i].0
        } else {
            T2S_CONTEXTUAL[i - T2S_MAP.len()]
        };
        let bit = (c as u32 - T2S_FIRST) as usize;
        bits[bit / 8] |= 1 << (bit % 8);
        i += 1;
    }
    bits
}

/// True when fast2s may change `c` (false for almost every simplified character).
#[inline]
fn may_simplify(c: char) -> bool {
    let i = (c as u32).wrapping_sub(T2S_FIRST) as usize;
    T2S_CANDIDATES
        .get(i / 8)
        .is_some_and(|byte| byte & (1 << (i % 8)) != 0)
}

/// The simplified form of `cur` between `prev` and `next`, exactly as `fast2s::convert` gives it
/// (its context rules see the raw neighbours; `'0'` stands for none). Callers ask only for the few
/// characters it may change ([`may_simplify`]); fast2s itself is asked only for those whose
/// conversion depends on their neighbours ([`T2S_CONTEXTUAL`]).
fn simplify(prev: char, cur: char, next: char) -> char {
    match T2S_MAP.binary_search_by_key(&cur, |&(traditional, _)| traditional) {
        Ok(i) => T2S_MAP.get(i).map_or(cur, |&(_, simplified)| simplified),
        Err(_) => {
            let window: String = [prev, cur, next].iter().collect();
            fast2s::convert(&window).chars().nth(1).unwrap_or(cur)
        }
    }
}

/// `text` with traditional characters folded to simplified, character for character (equal to
/// `fast2s::convert`, faster on text that is already simplified).
pub fn simplified(text: &str) -> String {
    simplified_chars(text).map(|(_, c)| c).collect()
}

/// Each character of `text` with its byte offset, folded to simplified: fast2s's context rules see
/// the raw neighbours (`'0'` for none), as `fast2s::convert` does.
fn simplified_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut prev = '0';
    text.char_indices().map(move |(offset, raw)| {
        let folded = if may_simplify(raw) {
            // The next character is decoded only for the few characters fast2s may change.
            let next = text
                .get(offset + raw.len_utf8()..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or('0');
            simplify(prev, raw, next)
        } else {
            raw
        };
        prev = raw;
        (offset, folded)
    })
}

/// Normalises `text` and records where each output byte came from.
///
/// Whitespace runs become one space, or nothing when a CJK character (or punctuation) stands on
/// either side, since line wrapping in Chinese text inserts spaces that carry no meaning; leading
/// and trailing whitespace is dropped. Traditional characters are folded to simplified (fast2s,
/// character by character, so offsets stay exact).
pub fn normalize_with_map(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    fold_text(text, |c, offset| {
        out.push(c);
        origin.extend(std::iter::repeat_n(offset, c.len_utf8()));
    });
    origin.push(text.len());
    Normalized { text: out, origin }
}

/// The offset map of [`normalize_with_map`] alone, for a caller that already holds the normalised
/// text ([`normalize`]) and needs the map for only some texts.
pub fn origin_map(text: &str) -> Vec<usize> {
    let mut origin = Vec::with_capacity(text.len() + 1);
    fold_text(text, |c, offset| {
        origin.extend(std::iter::repeat_n(offset, c.len_utf8()));
    });
    origin.push(text.len());
    origin
}

/// The normalisation of [`normalize_with_map`]: calls `emit(char, original byte offset)` for each
/// character of the comparison form, in order.
fn fold_text(text: &str, mut emit: impl FnMut(char, usize)) {
    let mut pending_space: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (offset, c) in simplified_chars(text) {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            // Most characters: an ideograph folds to itself, and a space beside it is layout.
            pending_space = None;
            emit(c, offset);
            prev = Some(c);
            continue;
        }
        let Some(f) = fold_char(c) else { continue };
        if f.is_whitespace() {
            pending_space.get_or_insert(offset);
            continue;
        }
        if let Some(space_at) = pending_space.take() {
            let keep = prev.is_some_and(|p| !is_cjk(p) && !p.is_ascii_punctuation())
                && !is_cjk(f)
                && !f.is_ascii_punctuation();
            if keep {
                emit(' ', space_at);
            }
        }
        emit(f, offset);
        prev = Some(f);
    }
}

/// True when two texts are equal after normalisation (an editorial difference at most).
pub fn equivalent(old: &str, new: &str) -> bool {
    normalize(old) == normalize(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_width_punctuation_and_spacing() {
        assert_eq!(
            normalize("我们，收集（ＩＭＥＩ）。"),
            normalize("我们,收集(IMEI).")
        );
        assert_eq!(normalize("隐私\n政策"), "隐私政策");
        assert_eq!(normalize("Android   ID"), "android id");
        assert_eq!(normalize("微信 Open SDK"), "微信open sdk");
        assert_eq!(normalize("个人\u{200B}信息"), "个人信息");
        assert_eq!(normalize("「访问权」"), normalize("“访问权”"));
    }

    #[test]
    fn folds_traditional_to_simplified() {
        assert_eq!(normalize("個人資訊保護"), normalize("个人资讯保护"));
    }

    /// The candidate set must not miss a character fast2s converts, alone or in its context words.
    #[test]
    fn simplifies_exactly_like_fast2s() {
        let mut texts: Vec<String> = [
            "藉口", "憑藉", "慰藉", "狼藉", "看著", "苧麻", "闔家", "計畫", "企畫", "乾隆", "乾坤",
            "乾卦", "答覆", "批覆", "回覆", "瞭望", "兒寬", "甚夥", "幺麽", "樊於", "鍾書", "校讎",
            "讎定", "仇讎",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let all: String = ('\u{800}'..='\u{FFFF}').collect();
        texts.push(all.chars().rev().collect());
        texts.push(all);
        for text in &texts {
            assert_eq!(
                simplified(text),
                fast2s::convert(text),
                "on {}",
                text.chars().take(8).collect::<String>()
            );
        }
    }

    /// Characters fast2s converts only in certain neighbours (its context table), never alone.
    const CONTEXT_ONLY: &[char] = &['藉', '著', '苧'];

    /// Characters whose conversion depends on their neighbours (the keys of fast2s's exclusion and
    /// special-conversion tables).
    const IN_CONTEXT: &[char] = &[
        '兒', '覆', '夥', '藉', '瞭', '麽', '幺', '於', '乾', '著', '苧', '闔', '鍾', '讎', '畫',
    ];

    /// The text of `normalize/t2s_table.rs`, asked of fast2s character by character.
    fn t2s_table_source() -> String {
        let mut map = String::new();
        let mut contextual = String::new();
        for c in (T2S_FIRST..0x1_0000).filter_map(char::from_u32) {
            let alone = c.to_string();
            let converted = fast2s::convert(&alone);
            if converted == alone && !CONTEXT_ONLY.contains(&c) {
                continue;
            }
            if IN_CONTEXT.contains(&c) {
                contextual.push_str(&format!("{c:?}, "));
            } else {
                let simplified = converted.chars().next().unwrap_or(c);
                map.push_str(&format!("    ({c:?}, {simplified:?}),\n"));
            }
        }
        format!(
            "// Generated from fast2s by `normalize::tests::t2s_table_is_current`: do not edit.\n\
             // To regenerate: UPDATE_T2S_TABLE=1 cargo test --lib t2s_table_is_current\n\n\
             /// fast2s's conversion of every character it changes whatever its neighbours, sorted.\n\
             const T2S_MAP: &[(char, char)] = &[\n{map}];\n\n\
             /// Characters fast2s changes depending on their neighbours: it is asked for these itself.\n\
             const T2S_CONTEXTUAL: &[char] = &[{}];\n",
            contextual.trim_end_matches(", ")
        )
    }

    /// The checked-in table is what fast2s gives now (a fast2s update shows here first).
    #[test]
    fn t2s_table_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/normalize/t2s_table.rs");
        let expected = t2s_table_source();
        if std::env::var_os("UPDATE_T2S_TABLE").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        let found = std::fs::read_to_string(path).unwrap();
        assert!(
            found == expected,
            "{path} is stale: UPDATE_T2S_TABLE=1 cargo test --lib t2s_table_is_current"
        );
    }

    #[test]
    fn the_map_alone_is_the_map_of_the_normalised_text() {
        for text in ["您的 ＩＭＥＩ，和位置", "  個人資訊\u{200B} 與 IP  ", ""] {
            let n = normalize_with_map(text);
            assert_eq!(n.text, normalize(text));
            assert_eq!(n.origin, origin_map(text), "{text}");
        }
    }

    #[test]
    fn map_points_back_to_original() {
        let src = "您的 ＩＭＥＩ，和位置";
        let n = normalize_with_map(src);
        let i = n.text.find("imei").unwrap();
        let (s, e) = n.original_range(i, i + 4);
        assert_eq!(&src[s..e], "ＩＭＥＩ");
    }

    proptest! {
        #[test]
        fn idempotent(s in "\\PC{0,60}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn origin_is_monotone_and_in_bounds(s in "\\PC{0,60}") {
            let n = normalize_with_map(&s);
            prop_assert_eq!(&origin_map(&s), &n.origin);
            prop_assert_eq!(n.origin.len(), n.text.len() + 1);
            prop_assert!(n.origin.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(n.origin.iter().all(|&o| o <= s.len() && s.is_char_boundary(o)));
        }
    }
}
