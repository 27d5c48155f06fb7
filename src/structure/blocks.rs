//! The format-independent block: what text, Markdown and HTML are first turned into, so that one
//! pass can find the title, metadata, TOC, headings and clauses whatever the input format.

use crate::model::Span;
use crate::normalize::is_cjk;
use std::ops::Range;

/// What the source markup says a block is (before any heading or table detection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph or a plain-text line.
    Paragraph,
    /// An item of a markup list, or a bulleted text line.
    ListItem,
    /// A markup heading (`#`, `<hN>`): level in `markup_level`.
    Heading,
    /// A table row: cell ranges in `cells`.
    TableRow,
    /// The HTML `<title>` element: a title candidate only.
    DocTitle,
}

/// The number and depth of the next item of the innermost open list, advancing its counter:
/// `lists` holds each open list's next number (`None` for a bullet list), outermost first.
pub fn next_list_number(lists: &mut [Option<u32>]) -> Option<(u32, u8)> {
    let depth = u8::try_from(lists.len()).unwrap_or(u8::MAX);
    let next = lists.last_mut()?;
    let number = (*next)?;
    *next = Some(number.saturating_add(1));
    Some((number, depth))
}

/// One piece of the map from block text back to the source: `text` bytes of the block text came
/// from `source` bytes of the input. An exact piece is a verbatim copy (byte offsets correspond);
/// an inexact one (decoded entity, escape, synthesized separator) maps as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the block text.
    pub text: Range<usize>,
    /// Byte range in the decoded input.
    pub source: Range<usize>,
    /// True when `text` is a verbatim copy of `source`.
    pub exact: bool,
}

/// A block of text with its map back to the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What the markup says the block is.
    pub kind: BlockKind,
    /// Display text (markup removed, entities decoded).
    pub text: String,
    /// Pieces in increasing order of both text and source offsets.
    pub pieces: Vec<Piece>,
    /// `#` count or `<hN>` level for markup headings.
    pub markup_level: Option<u8>,
    /// The whole block is bold (`**…**`, `<strong>`, `<b>`): a heading hint.
    pub strong: bool,
    /// Preceded by a blank line or a markup block boundary: a heading hint for short lines.
    pub separated: bool,
    /// For table rows: the byte range of each cell in `text`.
    pub cells: Vec<Range<usize>>,
    /// For table rows: true for a header row (`<th>`, the Markdown head, a detected text header).
    pub header: bool,
    /// For table rows: which table of the document the row belongs to.
    pub table: usize,
    /// For the first block of an ordered markup list item: the number the markup renders for it
    /// (`1.` in Markdown, the `<li>` count of an `<ol>`), which the block text does not hold, and
    /// the depth of the list (1 for a list not inside another).
    pub list_number: Option<(u32, u8)>,
}

impl Block {
    /// An empty block of `kind`.
    pub fn new(kind: BlockKind) -> Self {
        Block {
            kind,
            text: String::new(),
            pieces: Vec::new(),
            markup_level: None,
            strong: false,
            separated: true,
            cells: Vec::new(),
            header: false,
            table: 0,
            list_number: None,
        }
    }

    /// Appends `text` that came from `source`; exact when it is a verbatim copy of `original`.
    pub fn push(&mut self, text: &str, source: Range<usize>, original: &str) {
        if text.is_empty() {
            return;
        }
        let exact = original.get(source.clone()) == Some(text);
        let start = self.text.len();
        self.text.push_str(text);
        self.pieces.push(Piece {
            text: start..self.text.len(),
            source,
            exact,
        });
    }

    /// Appends a verbatim slice of the input.
    pub fn push_exact(&mut self, original: &str, source: Range<usize>) {
        if let Some(slice) = original.get(source.clone()) {
            self.push(slice, source, original);
        }
    }

    /// Appends a separator (space or line break) that stands for `at` in the source.
    pub fn push_separator(&mut self, separator: &str, at: usize) {
        if self.text.is_empty() || self.text.ends_with(char::is_whitespace) {
            return;
        }
        let start = self.text.len();
        self.text.push_str(separator);
        self.pieces.push(Piece {
            text: start..self.text.len(),
            source: at..at,
            exact: false,
        });
    }

    /// Appends a joiner (such as the ` | ` between table cells) that stands for `at` in the source,
    /// unconditionally.
    pub fn push_joiner(&mut self, joiner: &str, at: usize) {
        let start = self.text.len();
        self.text.push_str(joiner);
        self.pieces.push(Piece {
            text: start..self.text.len(),
            source: at..at,
            exact: false,
        });
    }

    /// Appends `next`, a block further on in `original`, with the source text between them
    /// copied verbatim (a line break, layout markers), so that a verbatim block stays one.
    pub fn append_line(&mut self, next: &Block, original: &str) {
        let end = self.pieces.last().map_or(0, |p| p.source.end);
        let start = next.pieces.first().map_or(end, |p| p.source.start);
        self.push_exact(original, end..start);
        let offset = self.text.len();
        self.text.push_str(&next.text);
        self.pieces.extend(next.pieces.iter().map(|p| Piece {
            text: p.text.start + offset..p.text.end + offset,
            source: p.source.clone(),
            exact: p.exact,
        }));
    }

    /// Drops the spaces that stand for soft line breaks between two CJK characters: a paragraph
    /// wrapped in the source is one line of text, and Chinese puts no space where a line wrapped
    /// (`我们会\n收集` reads 「我们会收集」; `Android\n地图` keeps its space). Only separators
    /// (no source bytes) are dropped, so every other piece keeps its map to the source.
    pub fn join_cjk_wraps(&mut self) {
        let soft = |p: &Piece| !p.exact && p.source.is_empty() && p.text.len() == 1;
        let contiguous = self.pieces.first().is_some_and(|p| p.text.start == 0)
            && self.pieces.last().map(|p| p.text.end) == Some(self.text.len())
            && self.pieces.windows(2).all(|w| match w {
                [a, b] => a.text.end == b.text.start,
                _ => true,
            });
        if !contiguous || !self.pieces.iter().any(soft) {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut pieces = Vec::with_capacity(self.pieces.len());
        for p in &self.pieces {
            let Some(piece_text) = self.text.get(p.text.clone()) else {
                return;
            };
            if soft(p) && piece_text == " " {
                let before = self
                    .text
                    .get(..p.text.start)
                    .and_then(|t| t.chars().next_back());
                let after = self.text.get(p.text.end..).and_then(|t| t.chars().next());
                if before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
                    continue;
                }
            }
            let start = text.len();
            text.push_str(piece_text);
            pieces.push(Piece {
                text: start..text.len(),
                source: p.source.clone(),
                exact: p.exact,
            });
        }
        self.text = text;
        self.pieces = pieces;
    }

    /// True when the block holds no visible character.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Source offset of text offset `offset` taken as the start of a range.
    pub fn source_start(&self, offset: usize) -> usize {
        let idx = self.pieces.partition_point(|p| p.text.end <= offset);
        match self.pieces.get(idx) {
            Some(p) if p.exact && offset >= p.text.start => {
                p.source.start + (offset - p.text.start)
            }
            Some(p) => p.source.start,
            None => self.pieces.last().map_or(0, |p| p.source.end),
        }
    }

    /// Source offset of text offset `offset` taken as the (exclusive) end of a range.
    pub fn source_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.pieces.first().map_or(0, |p| p.source.start);
        }
        let idx = self.pieces.partition_point(|p| p.text.end < offset);
        match self.pieces.get(idx) {
            Some(p) if p.exact && offset >= p.text.start => {
                p.source.start + (offset - p.text.start)
            }
            Some(p) => p.source.end,
            None => self.pieces.last().map_or(0, |p| p.source.end),
        }
    }

    /// Source span of the text range `range` (trimmed of surrounding whitespace first).
    pub fn source_span(&self, range: Range<usize>) -> Span {
        let Some(piece) = self.text.get(range.clone()) else {
            return Span::new(
                self.source_start(range.start),
                self.source_start(range.start),
            );
        };
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        let start = range.start + lead;
        let end = start + trimmed.len();
        if start >= end {
            let at = self.source_start(start);
            return Span::new(at, at);
        }
        Span::new(self.source_start(start), self.source_end(end))
    }

    /// Source span of the whole block from its first to its last visible character.
    pub fn span(&self) -> Span {
        self.source_span(0..self.text.len())
    }

    /// The block restricted to the text range `range` (pieces cut accordingly).
    pub fn slice(&self, range: Range<usize>) -> Block {
        let mut out = Block {
            kind: self.kind,
            text: String::new(),
            pieces: Vec::new(),
            markup_level: self.markup_level,
            strong: self.strong,
            separated: self.separated,
            cells: Vec::new(),
            header: self.header,
            table: self.table,
            list_number: self.list_number,
        };
        let first = self.pieces.partition_point(|p| p.text.end <= range.start);
        for p in self.pieces.iter().skip(first) {
            if p.text.start >= range.end {
                break;
            }
            let start = p.text.start.max(range.start);
            let end = p.text.end.min(range.end);
            if start >= end {
                continue;
            }
            let Some(text) = self.text.get(start..end) else {
                continue;
            };
            let source = if p.exact {
                p.source.start + (start - p.text.start)..p.source.start + (end - p.text.start)
            } else {
                p.source.clone()
            };
            let at = out.text.len();
            out.text.push_str(text);
            out.pieces.push(Piece {
                text: at..out.text.len(),
                source,
                exact: p.exact,
            });
        }
        out
    }

    /// Re-expresses a block whose pieces point into `outer.text` (it was parsed from that text) so
    /// that they point into the input; a piece stays exact only when `outer` copied it verbatim.
    pub fn remap(mut self, outer: &Block) -> Block {
        for p in &mut self.pieces {
            let inner = p.source.clone();
            let (start, end) = if inner.is_empty() {
                let at = outer.source_start(inner.start);
                (at, at)
            } else {
                (outer.source_start(inner.start), outer.source_end(inner.end))
            };
            let idx = outer.pieces.partition_point(|o| o.text.end <= inner.start);
            let verbatim = outer
                .pieces
                .get(idx)
                .is_some_and(|o| o.exact && o.text.start <= inner.start && inner.end <= o.text.end);
            p.exact = p.exact && verbatim && end - start == p.text.len();
            p.source = start..end.max(start);
        }
        self
    }

    /// Splits the block at line breaks into one block per non-blank line, each `separated` when a
    /// blank line precedes it.
    pub fn split_lines(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut blank_before = self.separated;
        for (i, c) in self
            .text
            .char_indices()
            .chain(std::iter::once((self.text.len(), '\n')))
        {
            if c != '\n' {
                continue;
            }
            let line = self.slice(start..i);
            if line.is_blank() {
                blank_before = true;
            } else {
                let mut line = line;
                line.separated = blank_before;
                blank_before = false;
                out.push(line);
            }
            start = i + 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_pieces_map_byte_for_byte() {
        let src = "ab &amp; 隐私政策";
        let mut b = Block::new(BlockKind::Paragraph);
        b.push_exact(src, 0..3);
        b.push("&", 3..8, src);
        b.push_exact(src, 8..src.len());
        assert_eq!(b.text, "ab & 隐私政策");
        let at = b.text.find("隐私").unwrap();
        let span = b.source_span(at..at + "隐私".len());
        assert_eq!(span.slice(src), "隐私");
        let amp = b.text.find('&').unwrap();
        assert_eq!(b.source_span(amp..amp + 1).slice(src), "&amp;");
        assert_eq!(b.span().slice(src), src);
    }

    #[test]
    fn split_lines_keeps_maps_and_blank_line_hints() {
        let src = "一、收集\n\n我们收集。\n第二行";
        let mut b = Block::new(BlockKind::Paragraph);
        b.push_exact(src, 0..src.len());
        let lines = b.split_lines();
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["一、收集", "我们收集。", "第二行"]);
        assert_eq!(
            lines.iter().map(|l| l.separated).collect::<Vec<_>>(),
            [true, true, false]
        );
        assert_eq!(lines[2].span().slice(src), "第二行");
    }
}
