//! Terminal presentation of the text report: a palette (ANSI colour: deleted red + struck,
//! inserted green, major badges) and a painter that neutralises control characters from policy
//! text as it styles it, display-width (CJK-aware) padding and truncation, and the one-screen
//! `--stat` summary.

use crate::model::diff::{DiffReport, ReasonCode, Severity};
use crate::render::sanitize::reveal_controls;
use std::fmt::Write;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// When to colour the terminal report (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    /// Always colour (an explicit request overrides `NO_COLOR`).
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Decides whether to colour, given whether output goes to a terminal and the value of
    /// `NO_COLOR` (<https://no-color.org>: any non-empty value disables automatic colour).
    pub fn enabled(self, to_terminal: bool, no_color: Option<&str>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => to_terminal && no_color.is_none_or(str::is_empty),
        }
    }
}

const RESET: &str = "\x1b[0m";
const DELETED: &str = "\x1b[31;9m";
const INSERTED: &str = "\x1b[32m";
const MAJOR: &str = "\x1b[1;97;41m";
const MINOR: &str = "\x1b[1;30;43m";
const HEADING: &str = "\x1b[1m";

/// The styles of the terminal report; plain when colour is off, in which case deleted and
/// inserted text keep the `[-…-]` / `{+…+}` markers so the redline still reads without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    color: bool,
}

impl Palette {
    /// A palette that colours when `color` is true.
    pub fn new(color: bool) -> Self {
        Palette { color }
    }

    /// True when this palette emits ANSI escapes.
    pub fn is_colored(self) -> bool {
        self.color
    }

    fn styled(self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }

    /// Deleted redline text: red and struck through (markers kept, so it survives copy-paste).
    pub fn deleted(self, text: &str) -> String {
        self.styled(DELETED, &format!("[-{text}-]"))
    }

    /// Inserted redline text: green.
    pub fn inserted(self, text: &str) -> String {
        self.styled(INSERTED, &format!("{{+{text}+}}"))
    }

    /// A badge for a severity (reverse video: white on red for major, black on yellow for minor).
    pub fn badge(self, severity: Severity, text: &str) -> String {
        match severity {
            Severity::Major => self.styled(MAJOR, &format!(" {text} ")),
            Severity::Minor => self.styled(MINOR, &format!(" {text} ")),
            Severity::Editorial => format!("[{text}]"),
        }
    }

    /// A heading line (bold).
    pub fn heading(self, text: &str) -> String {
        self.styled(HEADING, text)
    }
}

/// Builds a terminal report piece by piece: policy text is neutralised (control characters and
/// bidi overrides shown as `<U+XXXX>`) as it is added, and styles come from the palette, so what
/// is painted is decided by the model, never by what the text looks like.
#[derive(Debug)]
pub struct Painter {
    palette: Palette,
    out: String,
}

impl Painter {
    /// An empty report painted with `palette`.
    pub fn new(palette: Palette) -> Self {
        Painter {
            palette,
            out: String::new(),
        }
    }

    /// Plain text.
    pub fn text(&mut self, text: &str) {
        self.out.push_str(&reveal_controls(text));
    }

    /// Plain text and a line break.
    pub fn line(&mut self, text: &str) {
        self.text(text);
        self.newline();
    }

    /// A line break.
    pub fn newline(&mut self) {
        self.out.push('\n');
    }

    /// Bold text (no line break).
    pub fn heading(&mut self, text: &str) {
        let styled = self.palette.heading(&reveal_controls(text));
        self.out.push_str(&styled);
    }

    /// Deleted redline text.
    pub fn deleted(&mut self, text: &str) {
        let styled = self.palette.deleted(&reveal_controls(text));
        self.out.push_str(&styled);
    }

    /// Inserted redline text.
    pub fn inserted(&mut self, text: &str) {
        let styled = self.palette.inserted(&reveal_controls(text));
        self.out.push_str(&styled);
    }

    /// A severity badge.
    pub fn badge(&mut self, severity: Severity, text: &str) {
        let styled = self.palette.badge(severity, &reveal_controls(text));
        self.out.push_str(&styled);
    }

    /// Reason codes: a major badge when coloured, else the text in `brackets` (`{…}`, `[…]`).
    pub fn codes(&mut self, text: &str, brackets: (&str, &str)) {
        if self.palette.is_colored() {
            self.badge(Severity::Major, text);
        } else {
            let (open, close) = brackets;
            self.text(&format!("{open}{text}{close}"));
        }
    }

    /// The report.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Display width in terminal columns (CJK and emoji count two), ignoring ANSI escapes.
pub fn display_width(text: &str) -> usize {
    let mut width = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // Skip a CSI sequence: ESC [ parameters final-byte.
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        width += c.width().unwrap_or(0);
    }
    width
}

/// Pads `text` with spaces to `columns` display columns (never truncates).
pub fn pad(text: &str, columns: usize) -> String {
    let fill = columns.saturating_sub(display_width(text));
    format!("{text}{}", " ".repeat(fill))
}

/// Cuts plain `text` to at most `columns` display columns, ending with `…` when cut; a wide
/// character is never split.
pub fn truncate(text: &str, columns: usize) -> String {
    if UnicodeWidthStr::width(text) <= columns {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    let budget = columns.saturating_sub(1);
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Width of the `--stat` screen, in columns.
const STAT_COLUMNS: usize = 100;
/// Changes listed by `--stat` before the rest is counted.
const STAT_LISTED: usize = 15;

/// A one-screen summary for `diff --stat`: versions, verdict, counts by severity and by reason
/// code (aligned columns, CJK-aware), then one line per major and minor change.
pub fn stat(report: &DiffReport, palette: Palette) -> String {
    let mut out = String::new();
    for (label, meta) in [("旧", &report.old_meta), ("新", &report.new_meta)] {
        let title = meta
            .title
            .as_deref()
            .map(|t| format!("《{t}》"))
            .unwrap_or_default();
        let dates: Vec<String> = meta.dates.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let line = format!("{label}  {title} {}  （{}）", dates.join("  "), meta.path);
        let _ = writeln!(
            out,
            "{}",
            truncate(&reveal_controls(line.trim_end()), STAT_COLUMNS)
        );
    }
    let verdict = if report.major {
        palette.badge(Severity::Major, "重大变更：是")
    } else {
        palette.badge(Severity::Editorial, "重大变更：否")
    };
    let count = |s: Severity| report.stats.count(s);
    let _ = writeln!(
        out,
        "{verdict}  重大 {}  一般 {}  编辑性 {}  （条款 旧 {} / 新 {}）",
        count(Severity::Major),
        count(Severity::Minor),
        count(Severity::Editorial),
        report.stats.old_clauses,
        report.stats.new_clauses
    );
    if !report.major_reasons.is_empty() {
        let _ = writeln!(out);
        for reason in &report.major_reasons {
            let _ = writeln!(
                out,
                "  {}{}{:>3} 处",
                pad(reason.code.as_str(), 14),
                pad(reason.code.label(), 12),
                reason.changes.len()
            );
        }
    }
    let listed: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.severity != Severity::Editorial)
        .collect();
    if !listed.is_empty() {
        let _ = writeln!(out);
    }
    for change in listed.iter().take(STAT_LISTED) {
        let id = change
            .new
            .as_ref()
            .or(change.old.as_ref())
            .map_or("—", |c| c.id.as_str());
        let codes: Vec<&str> = change.codes.iter().map(|c| ReasonCode::label(*c)).collect();
        let mark = if change.severity == Severity::Major {
            "!"
        } else {
            " "
        };
        let head = format!(
            "{mark} {} {} ",
            pad(&truncate(&reveal_controls(id), 18), 18),
            pad(change.kind.as_str(), 8)
        );
        let tail = if codes.is_empty() {
            change.summary.clone()
        } else {
            format!("[{}] {}", codes.join("、"), change.summary)
        };
        let room = STAT_COLUMNS.saturating_sub(display_width(&head));
        let line = format!("{head}{}", truncate(&reveal_controls(&tail), room));
        let _ = writeln!(
            out,
            "{}",
            if change.severity == Severity::Major {
                palette.heading(&line)
            } else {
                line
            }
        );
    }
    if listed.len() > STAT_LISTED {
        let _ = writeln!(out, "  …另有 {} 处未列出", listed.len() - STAT_LISTED);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_choice_follows_terminal_and_no_color() {
        let cases = [
            (ColorChoice::Auto, true, None, true),
            (ColorChoice::Auto, false, None, false),
            (ColorChoice::Auto, true, Some("1"), false),
            (ColorChoice::Auto, true, Some(""), true),
            (ColorChoice::Always, false, Some("1"), true),
            (ColorChoice::Never, true, None, false),
        ];
        for (choice, tty, no_color, want) in cases {
            assert_eq!(
                choice.enabled(tty, no_color),
                want,
                "{choice:?} {tty} {no_color:?}"
            );
        }
    }

    #[test]
    fn widths_count_cjk_and_emoji_as_two_and_skip_escapes() {
        let cases = [
            ("abc", 3),
            ("隐私政策", 8),
            ("ＡＢ", 4),
            ("📱", 2),
            ("\x1b[31m红\x1b[0m", 2),
            ("a\u{200B}b", 2),
        ];
        for (text, want) in cases {
            assert_eq!(display_width(text), want, "{text:?}");
        }
        assert_eq!(display_width(&pad("个人信息", 10)), 10);
        assert_eq!(pad("很长的一段文字", 4), "很长的一段文字");
    }

    #[test]
    fn truncate_never_splits_a_wide_character() {
        assert_eq!(truncate("个人信息保护", 7), "个人信…");
        assert_eq!(truncate("个人信息", 8), "个人信息");
        assert!(display_width(&truncate("个人信息保护法", 6)) <= 6);
        assert_eq!(truncate("", 0), "");
    }

    #[test]
    fn painter_styles_what_it_is_told_and_neutralises_text() {
        let mut painter = Painter::new(Palette::new(true));
        painter.text("我们");
        painter.deleted("不");
        painter.inserted("会");
        painter.text("共享\x1b[2J");
        let coloured = painter.finish();
        assert_eq!(
            coloured,
            "我们\x1b[31;9m[-不-]\x1b[0m\x1b[32m{+会+}\x1b[0m共享<U+001B>[2J"
        );
        let mut plain = Painter::new(Palette::new(false));
        plain.codes("third_party", ("{", "}"));
        plain.deleted("不");
        assert_eq!(plain.finish(), "{third_party}[-不-]");
    }
}
