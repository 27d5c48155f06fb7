//! Markdown → blocks with pulldown-cmark (GFM tables on), mapping every text event back to its
//! source range with `into_offset_iter`. HTML blocks inside Markdown go through the HTML reader.

use super::blocks::{next_list_number, Block, BlockKind};
use super::{heading, html, metadata, text};
use crate::model::Omitted;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Joiner put between the cells of a table row in its clause text.
pub const CELL_JOINER: &str = " | ";

/// A line break inside a paragraph: the separator's byte range in the block text, whether it was a
/// hard break, and whether the line before it was all bold.
struct LineBreak {
    start: usize,
    end: usize,
    hard: bool,
    strong_before: bool,
    /// The paragraph is the text of a list item: its continuation lines are wrapped text.
    in_item: bool,
}

/// Lines shorter than this (characters) are not hard-wrapped prose: a break after them is meant.
const WRAP_WIDTH: usize = 30;

/// True when a paragraph should be split at a line break: hard breaks, and soft breaks after a
/// short line, a sentence end or a bold line, or before a numbered, bulleted or metadata line
/// (Chinese Markdown often writes one item per line without a blank line between; only long
/// lines ending mid-sentence read as wrapped prose).
fn splits_at(before: &str, after: &str, brk: &LineBreak) -> bool {
    let after = after.trim_start();
    let ends_sentence = before
        .trim_end()
        .ends_with(['。', '！', '？', '；', ';', '!', '?', '：', ':']);
    let starts_unit = heading::parse_number(after).is_some()
        || text::bullet_len(after).is_some()
        || metadata::parse(after).is_some();
    // Inside a list item a soft break that ends no sentence is a wrapped line of the item
    // (`9. 我们会集成某某地图 Android` / `   地图 SDK，用于…`), whatever its length.
    if brk.in_item && !brk.hard && !brk.strong_before && !ends_sentence && !starts_unit {
        return false;
    }
    // A number and the padding after it (`7.            标题`, a tab exported as spaces) are not
    // prose: a short title after a number, without a comma, is a short line.
    let short_line = || {
        let line = before.trim();
        let words = heading::parse_number(line)
            .and_then(|n| line.get(n.rest..))
            .filter(|title| !title.contains(['，', ',']))
            .unwrap_or(line);
        words.chars().count() < WRAP_WIDTH
    };
    brk.hard || brk.strong_before || short_line() || ends_sentence || starts_unit
}

/// The block without a trailing kramdown attribute list (`## 标题 {: #id }`, a line
/// `{: datetime="…" }`), which renders as nothing; `None` when nothing else is left. The cut text
/// is reported as omitted markup by the structure pass.
fn without_attribute_list(block: Block) -> Option<Block> {
    let text = block.text.trim_end();
    let Some(open) = text.strip_suffix('}').and_then(|t| t.rfind("{:")) else {
        return Some(block);
    };
    let inner = text.get(open + 2..text.len() - 1).unwrap_or("");
    if inner.contains(['{', '}', '\n']) {
        return Some(block);
    }
    if block.text.get(..open).unwrap_or("").trim().is_empty() {
        return None;
    }
    Some(block.slice(0..open))
}

/// State of the Markdown walk: the block being filled and what encloses it.
struct Walker<'a> {
    source: &'a str,
    out: Vec<Block>,
    omitted: Vec<Omitted>,
    current: Option<Block>,
    /// Whether each enclosing list item has produced its first block yet, and its number when
    /// the item belongs to an ordered list.
    items: Vec<(bool, Option<(u32, u8)>)>,
    /// The next item number of each enclosing list (`None` for bullet lists).
    lists: Vec<Option<u32>>,
    strong_depth: usize,
    all_strong: bool,
    /// Line breaks inside the current block, where it may be split into lines.
    breaks: Vec<LineBreak>,
    /// No text of the current line so far was outside `**…**`.
    line_strong: bool,
    tables: usize,
    row: Option<Block>,
    cell_start: usize,
    code: Option<Block>,
    html_block: Option<Range<usize>>,
}

/// Parses Markdown into blocks and omitted layout.
pub fn blocks(source: &str) -> (Vec<Block>, Vec<Omitted>) {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut walker = Walker {
        source,
        out: Vec::new(),
        omitted: Vec::new(),
        current: None,
        items: Vec::new(),
        lists: Vec::new(),
        strong_depth: 0,
        all_strong: true,
        breaks: Vec::new(),
        line_strong: true,
        tables: 0,
        row: None,
        cell_start: 0,
        code: None,
        html_block: None,
    };
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        walker.event(event, range);
    }
    walker.flush();
    (walker.out, walker.omitted)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

impl Walker<'_> {
    fn flush(&mut self) {
        let breaks = std::mem::take(&mut self.breaks);
        let last_line_strong = std::mem::replace(&mut self.line_strong, true);
        let all_strong = std::mem::replace(&mut self.all_strong, true);
        let Some(mut block) = self.current.take() else {
            return;
        };
        if block.is_blank() {
            return;
        }
        if block.kind == BlockKind::Heading || breaks.is_empty() {
            block.strong = all_strong && block.kind != BlockKind::Heading;
            if let Some(block) = without_attribute_list(block) {
                self.out.push(block);
            }
            return;
        }
        let mut line_start = 0;
        let mut strong = true;
        let mut first = true;
        for brk in &breaks {
            strong &= brk.strong_before;
            let before = block.text.get(line_start..brk.start).unwrap_or("");
            let after = block.text.get(brk.end..).unwrap_or("");
            if splits_at(before, after, brk) {
                self.push_line(&block, line_start..brk.start, strong, &mut first);
                line_start = brk.end;
                strong = true;
            }
        }
        let end = block.text.len();
        self.push_line(
            &block,
            line_start..end,
            strong && last_line_strong,
            &mut first,
        );
    }

    /// Pushes one line of a split paragraph; lines after the first are paragraphs.
    fn push_line(&mut self, block: &Block, range: Range<usize>, strong: bool, first: &mut bool) {
        let mut line = block.slice(range);
        if line.is_blank() {
            return;
        }
        if !std::mem::replace(first, false) {
            // Later lines of a paragraph follow a line break, not a blank line.
            line.kind = BlockKind::Paragraph;
            line.separated = false;
        }
        line.strong = strong;
        if let Some(line) = without_attribute_list(line) {
            self.out.push(line);
        }
    }

    /// Records a line break in the current paragraph (or a plain separator in a table row).
    fn line_break(&mut self, hard: bool, at: usize) {
        let separator = if hard { "\n" } else { " " };
        if self.row.is_some() || self.current.is_none() {
            self.target().push_separator(separator, at);
            return;
        }
        let strong_before = std::mem::replace(&mut self.line_strong, true);
        let in_item = !self.items.is_empty();
        if let Some(block) = self.current.as_mut() {
            let start = block.text.len();
            block.push_separator(separator, at);
            self.breaks.push(LineBreak {
                start,
                end: block.text.len(),
                hard,
                strong_before,
                in_item,
            });
        }
    }

    /// A new content block: the first block of a list item is the item (carrying its number in
    /// an ordered list).
    fn content_block(&mut self) -> Block {
        match self.items.last_mut() {
            Some((first_done, number)) if !*first_done => {
                *first_done = true;
                let mut block = Block::new(BlockKind::ListItem);
                block.list_number = *number;
                block
            }
            _ => Block::new(BlockKind::Paragraph),
        }
    }

    fn target(&mut self) -> &mut Block {
        if self.row.is_none() && self.current.is_none() {
            self.current = Some(self.content_block());
        }
        match (&mut self.row, &mut self.current) {
            (Some(row), _) => row,
            (None, current) => current.get_or_insert_with(|| Block::new(BlockKind::Paragraph)),
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if let Some(code) = self.code.as_mut() {
            code.push(text, range, self.source);
            return;
        }
        if self.strong_depth == 0 && !text.trim().is_empty() && self.row.is_none() {
            self.all_strong = false;
            self.line_strong = false;
        }
        let source = self.source;
        self.target().push(text, range, source);
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if let Some(html_range) = self.html_block.as_mut() {
            match event {
                Event::End(TagEnd::HtmlBlock) => {
                    let whole = html_range.clone();
                    self.html_block = None;
                    let (blocks, omitted) = html::blocks_in(self.source, whole, self.tables, false);
                    self.tables = blocks
                        .iter()
                        .map(|b| b.table)
                        .max()
                        .unwrap_or(0)
                        .max(self.tables);
                    self.out.extend(blocks);
                    self.omitted.extend(omitted);
                }
                _ => html_range.end = html_range.end.max(range.end),
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t, range)
            }
            Event::SoftBreak => {
                if let Some(code) = self.code.as_mut() {
                    code.push_joiner("\n", range.start);
                } else {
                    self.line_break(false, range.start);
                }
            }
            Event::HardBreak => self.line_break(true, range.start),
            Event::InlineHtml(tag) => {
                let lower = tag.to_ascii_lowercase();
                if lower.starts_with("<br") {
                    self.line_break(true, range.start);
                }
            }
            Event::Html(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::Rule => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                let mut block = Block::new(BlockKind::Heading);
                block.markup_level = Some(heading_level(level));
                self.current = Some(block);
            }
            Tag::Paragraph if self.row.is_none() => self.flush(),
            Tag::Item => {
                self.flush();
                let number = next_list_number(&mut self.lists);
                self.items.push((false, number));
            }
            Tag::List(start) => {
                self.flush();
                self.lists
                    .push(start.map(|n| u32::try_from(n).unwrap_or(u32::MAX)));
            }
            Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) => self.flush(),
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(Block::new(BlockKind::Paragraph));
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html_block = Some(range);
            }
            Tag::Table(_) => {
                self.flush();
                self.tables += 1;
            }
            Tag::TableHead | Tag::TableRow => {
                let mut row = Block::new(BlockKind::TableRow);
                row.header = matches!(tag, Tag::TableHead);
                row.table = self.tables;
                self.row = Some(row);
            }
            Tag::TableCell => {
                if let Some(row) = self.row.as_mut() {
                    if !row.cells.is_empty() {
                        row.push_joiner(CELL_JOINER, range.start);
                    }
                    self.cell_start = row.text.len();
                }
            }
            Tag::Strong => self.strong_depth += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph if self.row.is_none() => self.flush(),
            TagEnd::Item => {
                self.flush();
                self.items.pop();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    text::lines_into(&code, &mut self.out, &mut self.omitted);
                }
            }
            TagEnd::TableCell => {
                if let Some(row) = self.row.as_mut() {
                    let start = self.cell_start.min(row.text.len());
                    row.cells.push(start..row.text.len());
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(row) = self.row.take() {
                    if !row.is_blank() {
                        self.out.push(row);
                    }
                }
            }
            TagEnd::Strong => self.strong_depth = self.strong_depth.saturating_sub(1),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(BlockKind, String)> {
        blocks(src)
            .0
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn headings_paragraphs_items_and_tables() {
        let src = "# 隐私政策\n\n## 一、收集\n\n我们收集**姓名**。\n\n- 手机号\n- 地址\n  - 省\n\n| 名称 | 目的 |\n|---|---|\n| 极光 | 推送 |\n";
        let got = kinds(src);
        assert_eq!(got[0], (BlockKind::Heading, "隐私政策".into()));
        assert_eq!(got[1], (BlockKind::Heading, "一、收集".into()));
        assert_eq!(got[2], (BlockKind::Paragraph, "我们收集姓名。".into()));
        assert_eq!(got[3], (BlockKind::ListItem, "手机号".into()));
        assert_eq!(got[4], (BlockKind::ListItem, "地址".into()));
        assert_eq!(got[5], (BlockKind::ListItem, "省".into()));
        assert_eq!(got[6], (BlockKind::TableRow, "名称 | 目的".into()));
        assert_eq!(got[7], (BlockKind::TableRow, "极光 | 推送".into()));
        let (all, _) = blocks(src);
        assert!(all[6].header && !all[7].header);
        assert_eq!(all[7].span().slice(src), "极光 | 推送");
        let cell = all[7].cells[1].clone();
        assert_eq!(all[7].source_span(cell).slice(src), "推送");
    }

    #[test]
    fn paragraphs_split_into_numbered_and_metadata_lines() {
        let src = "**更新日期：2024年1月1日**\n**生效日期：2024年2月1日**\n\n## 目录\n\n(1) 收集\n(2) 共享\n\n我们收集\n姓名和手机号。\n\n这是一个很长很长的句子，它在这里被编辑器自动折行了，但是这句话还没有结束\n而是在下一行继续。\n";
        let got = kinds(src);
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "更新日期：2024年1月1日",
                "生效日期：2024年2月1日",
                "目录",
                "(1) 收集",
                "(2) 共享",
                "我们收集",
                "姓名和手机号。",
                "这是一个很长很长的句子，它在这里被编辑器自动折行了，但是这句话还没有结束 而是在下一行继续。"
            ]
        );
        let (all, _) = blocks(src);
        assert!(all[0].strong && all[1].strong && !all[3].strong);
        assert_eq!(all[4].span().slice(src), "(2) 共享");
    }

    #[test]
    fn ordered_list_numbers_are_markup_as_in_html() {
        let src = "1. 我们如何收集\n\n   我们收集姓名。\n\n2. 我们如何共享\n";
        let got = kinds(src);
        assert_eq!(got[0], (BlockKind::ListItem, "我们如何收集".into()));
        assert_eq!(got[1], (BlockKind::Paragraph, "我们收集姓名。".into()));
        assert_eq!(got[2], (BlockKind::ListItem, "我们如何共享".into()));
    }

    #[test]
    fn bold_only_paragraph_is_strong() {
        let (all, _) = blocks("**访问权**\n\n您可以访问。\n");
        assert!(all[0].strong);
        assert!(!all[1].strong);
    }
}
