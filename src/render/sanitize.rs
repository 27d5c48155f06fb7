//! The one output sanitiser: every byte policydiff writes (reports in every format, file names,
//! error messages, batch lines and summaries) passes through here, so text taken from a policy or
//! a path can never drive a terminal, hide or reorder what a reader sees, or forge a CI log line.

use std::borrow::Cow;
use std::fmt::Write;

/// True for a character that must never reach the output raw: C0 controls other than `\n` and
/// `\t`, DEL, C1 controls (U+0080–U+009F, incl. the single-byte CSI U+009B and NEL U+0085),
/// bidirectional overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C), and the line and paragraph separators U+2028/U+2029 (which end a line in some log
/// viewers and annotation parsers).
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// True when `text` holds an unsafe character (a carriage return counts unless `cr_allowed`).
/// Scans bytes and decodes only at the lead bytes of unsafe characters (0xC2, 0xD8, 0xE2; C0
/// controls and DEL are single bytes): far cheaper than decoding every character of a Chinese text.
fn holds_unsafe(text: &str, cr_allowed: bool) -> bool {
    text.bytes().enumerate().any(|(i, b)| match b {
        b'\n' | b'\t' => false,
        b'\r' => !cr_allowed,
        0x00..=0x1F | 0x7F => true,
        // Lead bytes start a character: `i` is a boundary.
        0xC2 | 0xD8 | 0xE2 => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_unsafe),
        _ => false,
    })
}

/// Makes unsafe characters (see [`is_unsafe`]) visible and harmless for a human reader: each
/// becomes `<U+XXXX>`; a CR before LF is dropped. Ordinary text, zero-width joiners, tabs and
/// newlines pass through unchanged.
pub fn reveal_controls(text: &str) -> Cow<'_, str> {
    if !holds_unsafe(text, false) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_unsafe(c) {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Makes serialised JSON safe to print without changing what it means: unsafe characters can
/// only stand inside JSON strings there (the syntax itself is ASCII and `serde_json` already
/// escapes C0 controls), so each becomes its `\uXXXX` escape and every parser reads the same
/// string back.
pub fn json(serialised: String) -> String {
    if !holds_unsafe(&serialised, true) {
        return serialised;
    }
    let mut out = String::with_capacity(serialised.len() + 16);
    for c in serialised.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_sees_every_unsafe_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("隐私{c}政策");
            assert_eq!(
                holds_unsafe(&text, false),
                is_unsafe(c),
                "U+{:04X}",
                u32::from(c)
            );
        }
        assert!(!holds_unsafe("“隐私政策”\n\t（2024）\r\n", true));
        assert!(holds_unsafe("a\rb", false));
    }

    #[test]
    fn controls_are_revealed_and_text_kept() {
        let hostile =
            "a\x1b[2Jb\u{202E}cd\u{2066}e\tf\ng\u{200D}h\u{9B}1A\u{85}i\u{2028}j\u{2029}k\x7f";
        let shown = reveal_controls(hostile);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        for visible in [
            "<U+001B>", "<U+202E>", "<U+009B>", "<U+0085>", "<U+2028>", "<U+2029>", "<U+007F>",
        ] {
            assert!(shown.contains(visible), "{visible} in {shown}");
        }
        assert!(shown.contains("\tf\ng\u{200D}h"));
        assert_eq!(reveal_controls("a\r\nb\rc"), "a\nb<U+000D>c");
        assert!(matches!(reveal_controls("隐私政策"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_keep_the_meaning() {
        let value = serde_json::json!({ "t": "SDK\u{9B}2J\u{202E}\u{2028}\x1b]0;x\x07名" });
        let raw = serde_json::to_string_pretty(&value).unwrap();
        let safe = json(raw);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
