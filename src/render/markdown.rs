//! GitHub-flavoured Markdown report of a diff for `policydiff diff --format markdown`, compact
//! for a pull-request comment: the verdict, one bullet per major reason (with the decisive
//! sentence), then collapsible `<details>` for the changes (each changed clause as a word-level
//! redline, `~~删除~~` / `**新增**`, identical edits once with a count) and for the versions and
//! legal citations.

use crate::model::diff::{Change, ChangeKind, DiffReport, Severity, TokenOp, VersionMeta};
use crate::render::diff::{citations, identical, shown_kind, Only, ReasonLine};
use crate::render::html::{kind_label, severity_label};
use crate::render::sanitize::reveal_controls;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Escapes policy text for Markdown: the characters that make emphasis, code, links, raw HTML,
/// headings, strikethrough, entities or table-cell breaks get a backslash, and so does a leading
/// list, quote or heading-underline marker (`-`, `+`, `=`, `1.`); line breaks become spaces, and
/// control characters and bidirectional overrides become visible.
pub fn escape(text: &str) -> String {
    let shown = reveal_controls(text);
    let mut out = String::with_capacity(shown.len() + shown.len() / 8);
    let list_number = shown
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .filter(|&(at, c)| {
            let after = shown.get(at + 1..).and_then(|rest| rest.chars().next());
            at > 0 && (c == '.' || c == ')') && after.is_none_or(char::is_whitespace)
        })
        .map(|(at, _)| at);
    for (at, c) in shown.char_indices() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~'
            | '&' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ if Some(at) == list_number => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Wraps escaped text in a delimiter pair when GFM will honour it (both ends are letters:
/// CommonMark's flanking rules fail next to CJK punctuation), else in the equivalent HTML tag
/// GitHub also renders. Surrounding whitespace stays outside the markers.
fn emphasis(text: &str, delimiter: &str, tag: &str) -> String {
    let core = text.trim();
    if core.is_empty() {
        return text.to_owned();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let flanks = |c: Option<char>| {
        c.is_some_and(|c| {
            !c.is_whitespace() && !c.is_ascii_punctuation() && !is_unicode_punctuation(c)
        })
    };
    let escaped = escape(core);
    if flanks(core.chars().next()) && flanks(core.chars().last()) {
        format!("{lead}{delimiter}{escaped}{delimiter}{trail}")
    } else {
        format!("{lead}<{tag}>{escaped}</{tag}>{trail}")
    }
}

/// Punctuation in CommonMark's sense beyond ASCII: the general categories P* and S* that CJK
/// texts use (、。，「」《》（）：；！？ … and full-width forms).
fn is_unicode_punctuation(c: char) -> bool {
    matches!(c,
        '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '\u{FE10}'..='\u{FE6F}' | '\u{00A1}'..='\u{00BF}'
        | '\u{00D7}' | '\u{00F7}')
}

/// Renders the report as GitHub-flavoured Markdown.
pub fn render(report: &DiffReport, only: Only) -> String {
    let mut out = String::new();
    verdict(&mut out, report);
    for (severity, title, listed) in [
        (Severity::Major, "重大变更", true),
        (Severity::Minor, "一般变更", only != Only::Major),
        (Severity::Editorial, "编辑性变更", only == Only::All),
    ] {
        let picked: Vec<(usize, &Change)> = report
            .changes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.severity == severity)
            .collect();
        if picked.is_empty() {
            continue;
        }
        if !listed {
            let _ = writeln!(
                out,
                "\n_{title} {} 处未列出（`--only all` 可查看）。_",
                picked.len()
            );
            continue;
        }
        let _ = writeln!(
            out,
            "\n<details><summary>{title}（{} 处）</summary>\n",
            picked.len()
        );
        for group in identical(&picked) {
            change_entry(&mut out, &group);
        }
        let _ = writeln!(out, "\n</details>");
    }
    versions(&mut out, report);
    out
}

/// The verdict, the counts, and one bullet per major reason.
fn verdict(out: &mut String, report: &DiffReport) {
    let verdict = if report.major {
        "存在重大变更"
    } else {
        "无重大变更"
    };
    let _ = writeln!(out, "## 隐私政策变更对比：{verdict}\n");
    let count = |s: Severity| report.stats.count(s);
    let _ = writeln!(
        out,
        "重大 {} · 一般 {} · 编辑性 {}（条款 旧 {} / 新 {}）",
        count(Severity::Major),
        count(Severity::Minor),
        count(Severity::Editorial),
        report.stats.old_clauses,
        report.stats.new_clauses
    );
    if !report.major_reasons.is_empty() {
        out.push('\n');
    }
    for reason in &report.major_reasons {
        let line = ReasonLine::of(reason);
        let changes: Vec<String> = line.changes.iter().map(|i| format!("#{i}")).collect();
        let _ = writeln!(
            out,
            "- **{}** `{}`：{}（{}）",
            reason.code.label(),
            reason.code.as_str(),
            escape(&line.text()),
            changes.join(" ")
        );
    }
    for fallback in &report.fallbacks {
        let _ = writeln!(
            out,
            "\n> 注意：{} × {}（部分条款改用整条替换显示）",
            escape(&fallback.reason),
            fallback.count
        );
    }
}

/// The versions compared and the citations of the codes, collapsed.
fn versions(out: &mut String, report: &DiffReport) {
    let _ = writeln!(out, "\n<details><summary>版本与依据</summary>\n");
    let _ = writeln!(out, "| | 旧版本 | 新版本 |\n|---|---|---|");
    let title = |m: &VersionMeta| {
        m.title
            .as_ref()
            .map_or_else(|| "—".to_owned(), |t| escape(t))
    };
    let _ = writeln!(
        out,
        "| 标题 | {} | {} |",
        title(&report.old_meta),
        title(&report.new_meta)
    );
    let labels: BTreeSet<&String> = report
        .old_meta
        .dates
        .keys()
        .chain(report.new_meta.dates.keys())
        .collect();
    for label in labels {
        let value = |m: &VersionMeta| {
            m.dates
                .get(label)
                .map_or_else(|| "—".to_owned(), |v| escape(v))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            escape(label),
            value(&report.old_meta),
            value(&report.new_meta)
        );
    }
    let _ = writeln!(
        out,
        "| 文件 | {} | {} |",
        escape(&report.old_meta.path),
        escape(&report.new_meta.path)
    );
    let cited = citations(report);
    if !cited.is_empty() {
        out.push('\n');
    }
    for (code, citation) in cited {
        let _ = writeln!(out, "- `{}`：{}", code.as_str(), escape(citation));
    }
    let _ = writeln!(out, "\n</details>");
}

fn change_entry(out: &mut String, group: &[(usize, &Change)]) {
    let Some(&(index, change)) = group.first() else {
        return;
    };
    let id = change
        .new
        .as_ref()
        .or(change.old.as_ref())
        .map_or("—", |c| c.id.as_str());
    let codes: Vec<String> = change
        .codes
        .iter()
        .map(|c| format!("{} `{}`", c.label(), c.as_str()))
        .collect();
    let moved = match (
        &change.old,
        change.moved || change.kind == ChangeKind::Moved,
    ) {
        (Some(old), true) => format!("（移自 `{}`）", old.id.replace('`', "'")),
        _ => String::new(),
    };
    let _ = write!(
        out,
        "\n- **#{index} {}** {} `{}`{moved}",
        severity_label(change.severity),
        kind_label(shown_kind(change)),
        id.replace('`', "'")
    );
    if !codes.is_empty() {
        let _ = write!(out, " — {}", codes.join("、"));
    }
    if group.len() > 1 {
        let others: Vec<String> = group.iter().skip(1).map(|(i, _)| format!("#{i}")).collect();
        let _ = write!(out, " ×{}（同 {}）", group.len(), others.join(" "));
    }
    out.push('\n');
    for line in super::change_lines(change) {
        let _ = writeln!(out, "  - {}", escape(line));
    }
    if let Some(line) = redline(change) {
        let _ = writeln!(out, "\n  > {line}");
    }
}

/// The redline of a change in Markdown, or `None` when there is no text to show.
fn redline(change: &Change) -> Option<String> {
    match change.kind {
        ChangeKind::Added => change.new.as_ref().map(|c| emphasis(&c.text, "**", "ins")),
        ChangeKind::Removed => change.old.as_ref().map(|c| emphasis(&c.text, "~~", "del")),
        ChangeKind::Semantic | ChangeKind::Moved | ChangeKind::Unchanged => None,
        _ if change.tokens.is_empty() => change.new.as_ref().map(|c| escape(c.text.trim())),
        _ => Some(
            change
                .tokens
                .iter()
                .map(|t| match t.op {
                    TokenOp::Equal => escape(&t.text),
                    TokenOp::Delete => emphasis(&t.text, "~~", "del"),
                    TokenOp::Insert => emphasis(&t.text, "**", "ins"),
                })
                .collect::<String>()
                .trim()
                .to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_defuses_markdown_and_html() {
        let cases = [
            ("<script>x</script>", "\\<script\\>x\\</script\\>"),
            (
                "[链接](javascript:alert(1))",
                "\\[链接\\](javascript:alert(1))",
            ),
            (
                "# 标题 | *粗* _斜_ ~~删~~",
                "\\# 标题 \\| \\*粗\\* \\_斜\\_ \\~\\~删\\~\\~",
            ),
            ("第一行\n第二行", "第一行 第二行"),
            ("个人信息", "个人信息"),
            ("GB/T 35273-2020", "GB/T 35273-2020"),
            ("- 列表", "\\- 列表"),
            ("12. 条款", "12\\. 条款"),
            ("2024.01.08", "2024.01.08"),
            ("&amp;", "\\&amp;"),
        ];
        for (text, want) in cases {
            assert_eq!(escape(text), want, "{text}");
        }
    }

    #[test]
    fn emphasis_uses_html_tags_next_to_punctuation() {
        let cases = [
            ("位置信息", "**", "ins", "**位置信息**"),
            ("位置信息、", "**", "ins", "<ins>位置信息、</ins>"),
            ("（可选）", "~~", "del", "<del>（可选）</del>"),
            (" 位置 ", "~~", "del", " ~~位置~~ "),
            ("   ", "~~", "del", "   "),
        ];
        for (text, delimiter, tag, want) in cases {
            assert_eq!(emphasis(text, delimiter, tag), want, "{text:?}");
        }
    }
}
