//! Plain text → blocks: one block per non-blank line; bulleted lines are list items; lines made only
//! of rule characters (`=====`, `-----`) are layout and reported as omitted.

use super::blocks::{Block, BlockKind};
use crate::model::Omitted;

/// Bullet characters that open a list item in plain text.
pub const BULLETS: &[char] = &[
    '•', '·', '●', '○', '■', '□', '◆', '◇', '▪', '▫', '◦', '※', '√', '✓', '✔', '➢', '➤', '►', '▶',
    '★', '☆', 'Ø', '◎', '❖', '▸', '‣', '⁃', '∙', '-', '*', '+', '—',
];

/// Splits a whole plain-text input into blocks.
pub fn blocks(text: &str) -> (Vec<Block>, Vec<Omitted>) {
    let mut whole = Block::new(BlockKind::Paragraph);
    whole.push_exact(text, 0..text.len());
    let mut out = Vec::new();
    let mut omitted = Vec::new();
    lines_into(&whole, &mut out, &mut omitted);
    (out, omitted)
}

/// Splits a block of preformatted text (a plain-text file, an HTML `<pre>`, a Markdown code block)
/// into line blocks, appending them to `out` and rule lines to `omitted`.
///
/// When the text has almost no blank lines, every line counts as separated (a dense layout where
/// each line is its own paragraph).
pub fn lines_into(block: &Block, out: &mut Vec<Block>, omitted: &mut Vec<Omitted>) {
    let lines = block.split_lines();
    let separated_lines = lines.iter().filter(|l| l.separated).count();
    let dense = separated_lines * 10 < lines.len();
    for mut line in lines {
        if is_rule(&line.text) {
            omitted.push(Omitted {
                span: line.span(),
                reason: "rule".into(),
            });
            continue;
        }
        line.separated |= dense;
        if let Some((level, marker)) = atx_heading(&line.text) {
            let mut heading = line.slice(marker..line.text.len());
            heading.kind = BlockKind::Heading;
            heading.markup_level = Some(level);
            out.push(heading);
            continue;
        }
        if bullet_len(&line.text).is_some() {
            line.kind = BlockKind::ListItem;
        }
        out.push(line);
    }
}

/// The text inside Markdown emphasis typed around a whole line and left as text (`** _2.3 某某功能_**`
/// in a text file, `**一、我们如何收集 **` with the space Markdown does not accept before the
/// closing marker), as a strong line: a heading candidate whose markers are layout (left
/// uncovered, so reported as omitted). Applied to the paragraphs of every format.
pub fn unwrap_emphasis(line: &Block) -> Option<Block> {
    let (open, close) = emphasis_markers(&line.text)?;
    let mut inner = line.slice(open..line.text.len() - close);
    inner.strong = true;
    inner.separated = line.separated;
    Some(inner)
}

/// Byte lengths of the emphasis markers around a whole line (`**…**`, `__…__`, `*_…_*`, with
/// spaces between markers), when the line is wrapped in them and holds text without markers.
pub fn emphasis_markers(line: &str) -> Option<(usize, usize)> {
    let is_marker = |c: char| matches!(c, '*' | '_');
    let open = line.len()
        - line
            .trim_start_matches(|c: char| is_marker(c) || c == ' ')
            .len();
    let close = line.len()
        - line
            .trim_end_matches(|c: char| is_marker(c) || c == ' ')
            .len();
    let inner = line.get(open..line.len().checked_sub(close)?)?;
    let marked = |s: &str| s.contains(is_marker);
    let (lead, trail) = (line.get(..open)?, line.get(line.len() - close..)?);
    (marked(lead) && marked(trail) && !inner.trim().is_empty() && !inner.contains(is_marker))
        .then_some((open, close))
}

/// A Markdown-style `## 标题` line in plain text: its level and the byte length of the marker.
pub fn atx_heading(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start();
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    let rest = trimmed.get(hashes..)?;
    let after = rest.trim_start();
    if !(1..=6).contains(&hashes) || after.len() == rest.len() || after.is_empty() {
        return None;
    }
    let level = u8::try_from(hashes).ok()?;
    Some((level, line.len() - after.len()))
}

/// A line made only of repeated rule characters (at least three), such as `==========`.
pub fn is_rule(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.chars().count() >= 3
        && trimmed.chars().all(|c| {
            matches!(
                c,
                '=' | '-' | '_' | '*' | '~' | '—' | '─' | '━' | '═' | '#' | '－' | '＝'
            ) || c.is_whitespace()
        })
}

/// Byte length of a leading bullet and the whitespace after it, when the line starts with one
/// followed by text (`-`, `*`, `+` and `—` need a space after them).
pub fn bullet_len(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let first = trimmed.chars().next()?;
    if !BULLETS.contains(&first) {
        return None;
    }
    let rest = &trimmed[first.len_utf8()..];
    let needs_space = matches!(first, '-' | '*' | '+' | '—');
    let after = rest.trim_start();
    if after.is_empty() || (needs_space && after.len() == rest.len()) {
        return None;
    }
    Some(lead + first.len_utf8() + (rest.len() - after.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_bullets_and_rules() {
        let src = "《隐私政策》\n==========\n\n• 一、名词解释\n- 列表\n-1 不是列表\n正文。";
        let (blocks, omitted) = blocks(src);
        let got: Vec<(&str, BlockKind)> =
            blocks.iter().map(|b| (b.text.as_str(), b.kind)).collect();
        assert_eq!(
            got,
            [
                ("《隐私政策》", BlockKind::Paragraph),
                ("• 一、名词解释", BlockKind::ListItem),
                ("- 列表", BlockKind::ListItem),
                ("-1 不是列表", BlockKind::Paragraph),
                ("正文。", BlockKind::Paragraph),
            ]
        );
        assert_eq!(omitted.len(), 1);
        assert_eq!(omitted[0].span.slice(src), "==========");
    }

    #[test]
    fn emphasis_typed_into_text_marks_a_strong_line() {
        let src = "** _2.3 相册功能_**\n我们读取相册。\n**提示**\n* 列表\n";
        let (blocks, _) = blocks(src);
        let read: Vec<Block> = blocks
            .iter()
            .map(|b| unwrap_emphasis(b).unwrap_or_else(|| b.clone()))
            .collect();
        let got: Vec<(&str, bool)> = read.iter().map(|b| (b.text.as_str(), b.strong)).collect();
        assert_eq!(
            got,
            [
                ("2.3 相册功能", true),
                ("我们读取相册。", false),
                ("提示", true),
                ("* 列表", false)
            ]
        );
        assert_eq!(read[0].span().slice(src), "2.3 相册功能");
        assert_eq!(emphasis_markers("user_id"), None);
    }

    #[test]
    fn markdown_style_headings_in_text() {
        assert_eq!(atx_heading("### 微博隐私政策"), Some((3, 4)));
        assert_eq!(atx_heading("#标签"), None);
        assert_eq!(atx_heading("####### 七级"), None);
        let (blocks, _) = blocks("## 一、收集\n正文。");
        assert_eq!(
            (blocks[0].kind, blocks[0].text.as_str()),
            (BlockKind::Heading, "一、收集")
        );
    }

    #[test]
    fn bullet_lengths() {
        for (line, want) in [
            ("• 目录", Some(4)),
            ("•目录", Some(3)),
            ("- a", Some(2)),
            ("-a", None),
            ("•", None),
            ("正文", None),
        ] {
            assert_eq!(bullet_len(line), want, "{line}");
        }
    }
}
