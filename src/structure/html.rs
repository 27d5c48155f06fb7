//! HTML → blocks with the html5gum tokenizer (byte spans on every token). No tree is built: a few
//! counters track headings, list items, tables and `<pre>`, so nesting depth costs nothing and deep
//! or broken markup cannot overflow the stack. `<script>`, `<style>`, `<nav>`, `<head>` and the like
//! are dropped and reported as omitted with the element name as reason; comments as `comment`.

use super::blocks::{next_list_number, Block, BlockKind};
use super::markdown::CELL_JOINER;
use super::{markdown, text};
use crate::model::{Format, Omitted, Span};
use crate::read::sniff_format;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::ops::Range;

/// Elements whose whole content is dropped (reported as omitted with the element name).
const DROPPED: &[&str] = &[
    "script", "style", "nav", "noscript", "template", "svg", "iframe", "object", "canvas",
    "select", "math",
];

/// Elements that may appear in `<head>` without ending it.
const HEAD_CONTENT: &[&str] = &[
    "meta", "link", "title", "style", "script", "base", "noscript", "template",
];

/// Elements that end the current paragraph (block-level or line-breaking).
/// The range of an attribute's value inside the range of the whole attribute (`name="value"`):
/// after `=` and an opening quote, up to the matching quote (or the end, unquoted).
fn attribute_value_range(source: &str, attribute: Range<usize>) -> Range<usize> {
    let raw = source.get(attribute.clone()).unwrap_or("");
    let Some(eq) = raw.find('=') else {
        return attribute;
    };
    let after = raw.get(eq + 1..).unwrap_or("");
    let value = after.trim_start();
    let mut start = attribute.start + eq + 1 + (after.len() - value.len());
    let mut end = attribute.end;
    if let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        start += quote.len_utf8();
        if let Some(close) = value.get(1..).and_then(|v| v.find(quote)) {
            end = start + close;
        }
    }
    start.min(end)..end
}

/// Attributes whose value a component renders as visible text (MDX `<Step title="…">`).
const TEXT_ATTRIBUTES: &[&str] = &["title", "label", "alt"];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "li",
    "hr",
    "br",
    "form",
    "fieldset",
    "figure",
    "figcaption",
    "address",
    "center",
    "body",
    "html",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "caption",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "pre",
    "details",
    "summary",
    "legend",
    "option",
];

/// Parses a whole HTML document into blocks and omitted spans.
pub fn blocks(source: &str) -> (Vec<Block>, Vec<Omitted>) {
    blocks_in(source, 0..source.len(), 0, true)
}

/// Parses the HTML in `range` of `source` (spans stay absolute); tables are numbered after
/// `tables_before`. With `markdown_in_pre`, a `<pre>` whose text reads as Markdown (annotation-tool
/// exports wrap Markdown policies in `<pre>`) is parsed as Markdown; the Markdown reader passes
/// `false` for its own HTML blocks, so the formats nest at most twice.
pub fn blocks_in(
    source: &str,
    range: Range<usize>,
    tables_before: usize,
    markdown_in_pre: bool,
) -> (Vec<Block>, Vec<Omitted>) {
    let Some(fragment) = source.get(range.clone()) else {
        return (Vec::new(), Vec::new());
    };
    let mut walker = Walker::new(source, range.clone(), tables_before);
    walker.markdown_in_pre = markdown_in_pre;
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(fragment, emitter).flatten() {
        walker.token(token);
    }
    walker.finish();
    (walker.out, walker.omitted)
}

/// An element being dropped: its name, where it started, how many same-name elements are open.
struct Dropping {
    name: String,
    start: usize,
    depth: usize,
}

/// State of the token walk.
struct Walker<'a> {
    source: &'a str,
    base: usize,
    end: usize,
    markdown_in_pre: bool,
    out: Vec<Block>,
    omitted: Vec<Omitted>,
    current: Option<Block>,
    dropping: Option<Dropping>,
    head_from: Option<usize>,
    title: Option<Block>,
    title_in_head: bool,
    heading: Option<u8>,
    list_item_pending: bool,
    /// The number and list depth of the pending `<li>` when it belongs to an `<ol>`.
    list_number_pending: Option<(u32, u8)>,
    /// The next item number of each open list (`None` for `<ul>` and `<dl>`).
    lists: Vec<Option<u32>>,
    strong_depth: usize,
    all_strong: bool,
    pre_depth: usize,
    pre: Option<Block>,
    table_depth: usize,
    tables: usize,
    row: Option<Block>,
    cell_open: Option<(usize, bool)>,
    row_all_th: bool,
    in_thead: bool,
}

fn tag_name(name: &[u8]) -> String {
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

impl<'a> Walker<'a> {
    fn new(source: &'a str, range: Range<usize>, tables: usize) -> Self {
        Walker {
            source,
            base: range.start,
            end: range.end,
            markdown_in_pre: false,
            out: Vec::new(),
            omitted: Vec::new(),
            current: None,
            dropping: None,
            head_from: None,
            title: None,
            title_in_head: false,
            heading: None,
            list_item_pending: false,
            list_number_pending: None,
            lists: Vec::new(),
            strong_depth: 0,
            all_strong: true,
            pre_depth: 0,
            pre: None,
            table_depth: 0,
            tables,
            row: None,
            cell_open: None,
            row_all_th: true,
            in_thead: false,
        }
    }

    fn span(&self, span: html5gum::Span<usize>) -> Range<usize> {
        self.base + span.start..self.base + span.end
    }

    fn omit(&mut self, range: Range<usize>, reason: &str) {
        if range.start < range.end {
            self.omitted.push(Omitted {
                span: Span::new(range.start, range.end),
                reason: reason.into(),
            });
        }
    }

    fn flush(&mut self) {
        if let Some(mut block) = self.current.take() {
            if !block.is_blank() {
                block.strong = self.all_strong && block.kind != BlockKind::Heading;
                self.out.push(block);
            }
        }
        self.all_strong = true;
    }

    /// The text a JSX/MDX component (`<Step title="…">`, a capitalised tag) renders from its
    /// text-bearing attributes, as a block of its own before the component's content.
    fn component_text(
        &mut self,
        attributes: &std::collections::BTreeMap<
            html5gum::HtmlString,
            html5gum::Spanned<html5gum::HtmlString, usize>,
        >,
    ) {
        if self.table_depth > 0 || self.pre_depth > 0 || self.head_from.is_some() {
            return;
        }
        for name in TEXT_ATTRIBUTES {
            let Some(value) = attributes.get(name.as_bytes()) else {
                continue;
            };
            let decoded = String::from_utf8_lossy(&value.value);
            if decoded.trim().is_empty() {
                continue;
            }
            self.flush();
            let range = attribute_value_range(self.source, self.span(value.span));
            let mut block = Block::new(BlockKind::Paragraph);
            push_decoded(&mut block, self.source, range, &decoded, true);
            if !block.is_blank() {
                self.out.push(block);
            }
        }
    }

    fn close_head(&mut self, at: usize) {
        if let Some(from) = self.head_from.take() {
            self.omit(from..at, "head");
        }
    }

    fn token(&mut self, token: Token<usize>) {
        if let Some(dropping) = self.dropping.as_mut() {
            match &token {
                Token::StartTag(tag)
                    if tag_name(&tag.name) == dropping.name && !tag.self_closing =>
                {
                    dropping.depth += 1
                }
                Token::EndTag(tag) if tag_name(&tag.name) == dropping.name => {
                    dropping.depth -= 1;
                    if dropping.depth == 0 {
                        let (name, start) = (dropping.name.clone(), dropping.start);
                        self.dropping = None;
                        let end = self.span(tag.span).end;
                        self.omit(start..end, &name);
                    }
                }
                _ => {}
            }
            return;
        }
        match token {
            Token::StartTag(tag) => {
                let name = tag_name(&tag.name);
                let range = self.span(tag.span);
                let component = self
                    .source
                    .get(range.start + 1..)
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()));
                self.start_tag(&name, range, tag.self_closing);
                if component {
                    self.component_text(&tag.attributes);
                }
            }
            Token::EndTag(tag) => {
                let name = tag_name(&tag.name);
                let range = self.span(tag.span);
                self.end_tag(&name, range);
            }
            Token::String(s) => {
                let range = self.span(s.span);
                let decoded = String::from_utf8_lossy(&s.value);
                self.text(&decoded, range);
            }
            Token::Comment(c) => {
                let range = self.span(c.span);
                if self.head_from.is_none() {
                    self.omit(range, "comment");
                }
            }
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }

    fn start_tag(&mut self, name: &str, range: Range<usize>, self_closing: bool) {
        if self.head_from.is_some() && name != "title" {
            if HEAD_CONTENT.contains(&name) || name == "head" {
                return;
            }
            self.close_head(range.start);
        }
        if name == "head" {
            if self.head_from.is_none() {
                self.head_from = Some(range.start);
            }
            return;
        }
        // A `<title>` inside a table row or `<pre>` (invalid HTML) stays text of that block: taken
        // out as the document title, it would sit inside the block's span.
        if name == "title" && !self_closing && self.row.is_none() && self.pre_depth == 0 {
            self.title_in_head = false;
            if let Some(from) = self.head_from.take() {
                self.omit(from..range.end, "head");
                self.title_in_head = true;
            }
            self.flush();
            self.title = Some(Block::new(BlockKind::DocTitle));
            return;
        }
        if DROPPED.contains(&name) && !self_closing {
            self.flush();
            self.dropping = Some(Dropping {
                name: name.to_owned(),
                start: range.start,
                depth: 1,
            });
            return;
        }
        if self.pre_depth > 0 {
            if name == "pre" {
                self.pre_depth += 1;
            } else if name == "br" {
                if let Some(pre) = self.pre.as_mut() {
                    pre.push_joiner("\n", range.start);
                }
            }
            return;
        }
        if matches!(name, "strong" | "b") {
            self.strong_depth += 1;
            return;
        }
        if !BLOCK_TAGS.contains(&name) {
            return;
        }
        if self.table_depth > 0 {
            self.table_start_tag(name, range);
            return;
        }
        self.flush();
        match name {
            "pre" => {
                self.pre_depth = 1;
                self.pre = Some(Block::new(BlockKind::Paragraph));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.heading = name.get(1..).and_then(|d| d.parse().ok());
            }
            "li" | "dt" => {
                self.list_item_pending = true;
                self.list_number_pending = next_list_number(&mut self.lists);
            }
            "ol" => self.lists.push(Some(1)),
            "ul" | "dl" => self.lists.push(None),
            "table" => {
                self.table_depth = 1;
                self.tables += 1;
            }
            _ => {}
        }
    }

    fn table_start_tag(&mut self, name: &str, range: Range<usize>) {
        match name {
            "table" => self.table_depth += 1,
            "thead" if self.table_depth == 1 => self.in_thead = true,
            "tr" if self.table_depth == 1 => {
                self.close_row();
                let mut row = Block::new(BlockKind::TableRow);
                row.table = self.tables;
                self.row = Some(row);
                self.row_all_th = true;
            }
            "td" | "th" if self.table_depth == 1 => {
                self.close_cell();
                let row = self
                    .row
                    .get_or_insert_with(|| Block::new(BlockKind::TableRow));
                row.table = self.tables;
                if !row.cells.is_empty() {
                    row.push_joiner(CELL_JOINER, range.start);
                }
                self.cell_open = Some((row.text.len(), name == "th"));
            }
            _ => {
                if let Some(row) = self.row.as_mut() {
                    row.push_separator(" ", range.start);
                }
            }
        }
    }

    fn close_cell(&mut self) {
        if let (Some((start, th)), Some(row)) = (self.cell_open.take(), self.row.as_mut()) {
            row.cells.push(start.min(row.text.len())..row.text.len());
            self.row_all_th &= th;
        }
    }

    fn close_row(&mut self) {
        self.close_cell();
        if let Some(mut row) = self.row.take() {
            if !row.is_blank() && !row.cells.is_empty() {
                row.header = self.in_thead || self.row_all_th;
                self.out.push(row);
            }
        }
    }

    fn end_tag(&mut self, name: &str, range: Range<usize>) {
        if name == "head" {
            self.close_head(range.end);
            return;
        }
        if name == "title" {
            if let Some(title) = self.title.take() {
                if !title.is_blank() {
                    self.out.push(title);
                }
            }
            if std::mem::take(&mut self.title_in_head) {
                self.head_from = Some(range.start);
            }
            return;
        }
        if self.pre_depth > 0 {
            if name == "pre" {
                self.pre_depth -= 1;
                if self.pre_depth == 0 {
                    if let Some(pre) = self.pre.take() {
                        self.finish_pre(&pre);
                    }
                }
            }
            return;
        }
        if matches!(name, "strong" | "b") {
            self.strong_depth = self.strong_depth.saturating_sub(1);
            return;
        }
        if !BLOCK_TAGS.contains(&name) {
            return;
        }
        if self.table_depth > 0 {
            match name {
                "table" => {
                    self.table_depth -= 1;
                    if self.table_depth == 0 {
                        self.close_row();
                        self.in_thead = false;
                    }
                }
                "thead" if self.table_depth == 1 => {
                    self.close_row();
                    self.in_thead = false;
                }
                "tr" if self.table_depth == 1 => self.close_row(),
                "td" | "th" if self.table_depth == 1 => self.close_cell(),
                _ => {
                    if let Some(row) = self.row.as_mut() {
                        row.push_separator(" ", range.start);
                    }
                }
            }
            return;
        }
        self.flush();
        if name.len() == 2 && name.starts_with('h') {
            self.heading = None;
        }
        if matches!(name, "ol" | "ul" | "dl") {
            self.lists.pop();
        }
    }

    fn text(&mut self, decoded: &str, range: Range<usize>) {
        if let Some(title) = self.title.as_mut() {
            push_decoded(title, self.source, range, decoded, true);
            return;
        }
        if self.head_from.is_some() {
            return;
        }
        if let Some(pre) = self.pre.as_mut() {
            push_decoded(pre, self.source, range, decoded, false);
            return;
        }
        if self.table_depth > 0 {
            if let (Some(row), Some(_)) = (self.row.as_mut(), self.cell_open) {
                push_decoded(row, self.source, range, decoded, true);
            }
            return;
        }
        if decoded.trim().is_empty() && self.current.is_none() {
            return;
        }
        if self.strong_depth == 0 && !decoded.trim().is_empty() {
            self.all_strong = false;
        }
        if self.current.is_none() {
            let mut block = if let Some(level) = self.heading {
                let mut b = Block::new(BlockKind::Heading);
                b.markup_level = Some(level);
                b
            } else if self.list_item_pending {
                let mut b = Block::new(BlockKind::ListItem);
                b.list_number = self.list_number_pending.take();
                b
            } else {
                Block::new(BlockKind::Paragraph)
            };
            block.separated = true;
            self.list_item_pending = false;
            self.current = Some(block);
        }
        if let Some(block) = self.current.as_mut() {
            push_decoded(block, self.source, range, decoded, true);
        }
    }

    /// Turns a finished `<pre>` into blocks: as Markdown when it reads as Markdown, else as lines.
    fn finish_pre(&mut self, pre: &Block) {
        if !self.markdown_in_pre || sniff_format(&pre.text) != Format::Markdown {
            text::lines_into(pre, &mut self.out, &mut self.omitted);
            return;
        }
        // Rule lines (`==========`) separate parts in these exports; to Markdown they would turn
        // the line above into a setext heading. Blank them (same byte length, so offsets hold).
        let blanked: String = pre
            .text
            .split_inclusive('\n')
            .map(|line| {
                if text::is_rule(line) {
                    line.chars()
                        .map(|c| if c == '\n' { c } else { ' ' })
                        .collect::<String>()
                } else {
                    line.to_owned()
                }
            })
            .collect();
        let (blocks, omitted) = markdown::blocks(&blanked);
        let tables_before = self.tables;
        for mut block in blocks {
            if block.kind == BlockKind::TableRow {
                block.table += tables_before;
                self.tables = self.tables.max(block.table);
            }
            self.out.push(block.remap(pre));
        }
        for o in omitted {
            let span = Span::new(
                pre.source_start(o.span.start()),
                pre.source_end(o.span.end()),
            );
            self.omit(span.start()..span.end(), &o.reason);
        }
    }

    fn finish(&mut self) {
        if let Some(d) = self.dropping.take() {
            self.omit(d.start..self.end, &d.name);
        }
        if let Some(pre) = self.pre.take() {
            self.finish_pre(&pre);
        }
        if let Some(title) = self.title.take() {
            if !title.is_blank() {
                self.out.push(title);
            }
        }
        self.close_row();
        self.flush();
        if let Some(from) = self.head_from.take() {
            self.omit(from..self.end, "head");
        }
    }
}

/// Appends decoded HTML text to `block`, aligning it with its raw source so that verbatim runs map
/// byte for byte and only entities map as a whole. With `collapse`, line breaks inside the text are
/// HTML whitespace and become one space.
fn push_decoded(block: &mut Block, source: &str, raw: Range<usize>, decoded: &str, collapse: bool) {
    let Some(raw_text) = source.get(raw.clone()) else {
        return;
    };
    let raw_bytes = raw_text.as_bytes();
    let dec_bytes = decoded.as_bytes();
    let (mut i, mut j) = (0usize, 0usize);
    let mut run = (0usize, 0usize);
    let flush_run = |block: &mut Block, from: (usize, usize), to_raw: usize| {
        if from.0 < to_raw {
            push_verbatim(
                block,
                source,
                raw.start + from.0..raw.start + to_raw,
                collapse,
            );
        }
    };
    while j < dec_bytes.len() && i < raw_bytes.len() {
        let (Some(rc), Some(dc)) = (raw_text[i..].chars().next(), decoded[j..].chars().next())
        else {
            break;
        };
        if rc == '&' {
            let entity = entity_len(&raw_text[i..]);
            let literal = dc == '&' && !raw_text[i..].starts_with("&amp");
            if entity > 1 && !literal {
                flush_run(block, run, i);
                let text = &decoded[j..j + dc.len_utf8()];
                block.push(text, raw.start + i..raw.start + i + entity, source);
                i += entity;
                j += dc.len_utf8();
                run = (i, j);
                continue;
            }
        }
        if rc == dc {
            i += rc.len_utf8();
            j += dc.len_utf8();
        } else if rc == '\r' {
            flush_run(block, run, i);
            // The tokenizer drops the CR of a CRLF but turns a lone CR into LF: that LF stands for
            // the CR (mapped to it, the rest of the text stays aligned byte for byte).
            let lone = !raw_text.get(i + 1..).unwrap_or("").starts_with('\n');
            if dc == '\n' && lone {
                if collapse {
                    block.push_separator(" ", raw.start + i);
                } else {
                    block.push_joiner("\n", raw.start + i);
                }
                j += 1;
            }
            i += 1;
            run = (i, j);
        } else {
            break;
        }
    }
    flush_run(block, run, i);
    if j < dec_bytes.len() {
        let rest = &decoded[j..];
        block.push(rest, raw.start + i.min(raw_bytes.len())..raw.end, source);
    }
}

/// Pushes a verbatim run; with `collapse`, whitespace runs holding a line break become one space.
fn push_verbatim(block: &mut Block, source: &str, range: Range<usize>, collapse: bool) {
    let Some(text) = source.get(range.clone()) else {
        return;
    };
    if !collapse || !text.contains('\n') {
        block.push_exact(source, range);
        return;
    }
    let mut pos = 0;
    for (i, c) in text.char_indices() {
        if c != '\n' || i < pos {
            continue;
        }
        let ws_start = text[..i].trim_end_matches([' ', '\t']).len().max(pos);
        let ws_end = i + 1 + (text[i + 1..].len() - text[i + 1..].trim_start().len());
        block.push_exact(source, range.start + pos..range.start + ws_start);
        block.push_separator(" ", range.start + ws_start);
        pos = ws_end;
    }
    block.push_exact(source, range.start + pos..range.end);
}

/// Byte length of a character reference at the start of `raw` (`&name;`, `&#123;`, `&#x1F;`, or a
/// legacy `&name` without semicolon); 1 when it is a bare ampersand.
fn entity_len(raw: &str) -> usize {
    let body: usize = raw.get(1..).map_or(0, |r| {
        r.bytes()
            .take(32)
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
            .count()
    });
    if body == 0 {
        return 1;
    }
    if raw.as_bytes().get(1 + body) == Some(&b';') {
        body + 2
    } else {
        body + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<(BlockKind, String)> {
        blocks(src)
            .0
            .into_iter()
            .map(|b| (b.kind, b.text.trim().to_owned()))
            .collect()
    }

    #[test]
    fn headings_paragraphs_lists_breaks_and_entities() {
        let src = "<html><head><title>隐私政策</title><style>p{}</style></head><body>\
                   <nav>菜单</nav><h1>隐私政策</h1><p>一、我们如何收集</p><p>A&amp;B&nbsp;公司<br>第二行</p>\
                   <ul><li>姓名</li><li><b>手机号</b></li></ul><script>var x='<p>';</script><!-- c --></body></html>";
        let got = texts(src);
        assert_eq!(
            got,
            [
                (BlockKind::DocTitle, "隐私政策".into()),
                (BlockKind::Heading, "隐私政策".into()),
                (BlockKind::Paragraph, "一、我们如何收集".into()),
                (BlockKind::Paragraph, "A&B\u{a0}公司".into()),
                (BlockKind::Paragraph, "第二行".into()),
                (BlockKind::ListItem, "姓名".into()),
                (BlockKind::ListItem, "手机号".into()),
            ]
        );
        let (all, omitted) = blocks(src);
        assert_eq!(all[3].span().slice(src), "A&amp;B&nbsp;公司");
        let reasons: Vec<&str> = omitted.iter().map(|o| o.reason.as_str()).collect();
        for reason in ["head", "nav", "script", "comment"] {
            assert!(
                reasons.contains(&reason),
                "{reason} missing from {reasons:?}"
            );
        }
        assert!(all[6].strong);
    }

    #[test]
    fn tables_with_header_cells() {
        let src = "<table><tr><th>SDK名称</th><th>目的</th></tr><tr><td>极光<br>推送</td><td>消息</td></tr></table>";
        let (all, _) = blocks(src);
        assert_eq!(all.len(), 2);
        assert!(all[0].header && !all[1].header);
        assert_eq!(all[1].text, "极光 推送 | 消息");
        let cell = all[1].cells[0].clone();
        assert_eq!(all[1].source_span(cell).slice(src), "极光<br>推送");
    }

    #[test]
    fn pre_becomes_lines() {
        let src = "<pre>一、收集\n我们收集&lt;姓名&gt;。\n==========\n</pre>";
        let (all, omitted) = blocks(src);
        let texts: Vec<&str> = all.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["一、收集", "我们收集<姓名>。"]);
        assert_eq!(all[1].span().slice(src), "我们收集&lt;姓名&gt;。");
        assert_eq!(omitted.len(), 1);
    }

    #[test]
    fn markdown_inside_pre_is_parsed_as_markdown() {
        let src = "<pre>### 隐私政策\n**目录**\n  1. 收集\n  2. 共享\n\n**1\\. 收集**\n我们收集&lt;姓名&gt;。</pre>";
        let (all, _) = blocks(src);
        let got: Vec<(BlockKind, &str)> = all.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(got[0], (BlockKind::Heading, "隐私政策"));
        assert_eq!(got[1], (BlockKind::Paragraph, "目录"));
        assert_eq!(got[2], (BlockKind::ListItem, "收集"));
        assert_eq!(got[4], (BlockKind::Paragraph, "1. 收集"));
        assert_eq!(all[5].span().slice(src), "我们收集&lt;姓名&gt;。");
        assert_eq!(all[2].span().slice(src), "收集");
    }

    #[test]
    fn deep_nesting_is_flat_work() {
        let src = format!("{}正文{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
        let (all, _) = blocks(&src);
        assert_eq!(all.len(), 1);
    }
}
