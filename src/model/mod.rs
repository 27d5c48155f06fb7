//! The serde types every stage exchanges: the contract between pipeline stages and the JSON users see.
//!
//! `Document` is what `structure` produces from one decoded input; `practices` holds what `extract`
//! finds in a document; `diff` holds what `diff`/`classify` report about two versions.
//! Field names are public interface (JSON keys): add freely, never rename.

pub mod diff;
pub mod practices;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// Version of the JSON schema written by every command; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 4;

/// A half-open byte range `[start, end)` into the decoded input text; serialised as `[start, end]`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span(pub usize, pub usize);

impl Span {
    /// Builds a span; `end` is clamped to be at least `start`.
    pub fn new(start: usize, end: usize) -> Self {
        Span(start, end.max(start))
    }
    /// First byte of the span.
    pub fn start(self) -> usize {
        self.0
    }
    /// One past the last byte of the span.
    pub fn end(self) -> usize {
        self.1
    }
    /// Length in bytes.
    pub fn len(self) -> usize {
        self.1 - self.0
    }
    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.0 == self.1
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span(self.0.min(other.0), self.1.max(other.1))
    }
    /// The text the span covers in `text`, or `""` when it does not fall on char boundaries.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.0..self.1).unwrap_or("")
    }
}

/// The character encoding the input bytes were decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 without byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (skipped; spans start after it).
    Utf8Bom,
    /// UTF-16 little-endian with byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian with byte-order mark.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312), detected without a byte-order mark.
    Gb18030,
}

/// The markup format the decoded text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text, one paragraph or heading per line.
    Text,
    /// CommonMark / GitHub-flavoured Markdown.
    Markdown,
    /// HTML (a fragment or a whole page).
    Html,
    /// Word document (`.docx`), read into a Markdown rendition that the spans point into.
    Docx,
    /// PDF with a text layer, read into a plain-text rendition that the spans point into.
    Pdf,
}

/// Where a document came from and how it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The path given on the command line (`-` for standard input).
    pub path: String,
    /// Encoding the bytes were decoded from.
    pub encoding: Encoding,
    /// Format the text was parsed as.
    pub format: Format,
    /// Size of the raw input in bytes.
    pub bytes: usize,
}

/// One parsed policy: title, metadata, the section tree and the flat list of clauses.
///
/// Spans point into `text`, the decoded input (after any byte-order mark), which is kept
/// in memory but not serialised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// JSON schema version, see [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// How the input was read.
    pub source: SourceInfo,
    /// The policy's title (e.g. 《用户个人隐私政策》), when one was recognised.
    pub title: Option<Title>,
    /// Metadata lines such as 生效日期 / 更新日期 / 版本: label → value as written.
    pub metadata: BTreeMap<String, String>,
    /// The section tree, top-level sections first.
    pub sections: Vec<Section>,
    /// Every paragraph, list item, table row, TOC entry and metadata line, in document order.
    pub clauses: Vec<Clause>,
    /// The table of contents: each entry with the section it names (schema 2).
    #[serde(default)]
    pub toc: Vec<TocEntry>,
    /// Parts of the input deliberately not turned into text (markup, `<script>`, `<style>`, `<nav>` …).
    pub omitted: Vec<Omitted>,
    /// The decoded input text all spans point into.
    #[serde(skip)]
    pub text: String,
}

/// A table-of-contents entry and the section it points to. An entry is never a section itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// Id of the `toc` clause that holds the entry.
    pub clause: String,
    /// The entry as written.
    pub text: String,
    /// Id of the section the entry names, or `None` when no heading of the document matches it.
    pub section: Option<String>,
}

/// The document title with its span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Title {
    /// Title text without surrounding markup or 《》.
    pub text: String,
    /// Span of the title line in the decoded input.
    pub span: Span,
}

impl Title {
    /// The product the policy is about, in comparison form: the title without the kind of
    /// document (「云笺笔记隐私政策」 → 「云笺笔记」); `None` when fewer than two characters remain.
    pub fn product(&self) -> Option<String> {
        const KINDS: &[&str] = &[
            "个人信息保护政策",
            "隐私保护政策",
            "隐私权政策",
            "隐私政策",
            "隐私声明",
            "隐私条款",
            "隐私协议",
        ];
        let title = crate::normalize::normalize(&self.text);
        let kind_at = KINDS.iter().filter_map(|k| title.find(k)).min()?;
        let name = title.get(..kind_at)?.trim_end_matches(['的', ' ']);
        (name.chars().count() >= 2).then(|| name.to_owned())
    }
}

/// How a section heading was numbered: used by alignment to ignore renumbering and style changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// 第一章
    Chapter,
    /// 第一条
    Article,
    /// 一、
    ChineseComma,
    /// （一） or (一)
    ChineseParen,
    /// 1. / 1、 / 1）
    Arabic,
    /// 1.1 / 4.1.1 (dotted, depth = number of parts)
    Dotted,
    /// (1) / （1）
    ArabicParen,
    /// ① ②
    Circled,
    /// a) / a.
    Letter,
    /// A Markdown `#` or HTML `<hN>` heading without a number.
    Markup,
    /// A short unnumbered line followed by its paragraphs (e.g. 「访问权」).
    Unnumbered,
}

/// A node of the section tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Stable id: the path of section numbers (or titles when unnumbered), e.g. `二/4/4.1`.
    pub id: String,
    /// The number as written without trailing punctuation (e.g. `一`, `4.1`, `第三条`), if any.
    pub number: Option<String>,
    /// Numbering style of the heading.
    pub numbering: Numbering,
    /// Heading text without its number.
    pub title: String,
    /// Depth in the tree, 1 for top-level sections.
    pub level: u8,
    /// Span from the start of the heading to the end of the section's last content.
    pub span: Span,
    /// Span of the heading line itself.
    pub heading_span: Span,
    /// Child sections in document order.
    pub sections: Vec<Section>,
}

/// What kind of block a clause is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseKind {
    /// A paragraph of running text.
    Paragraph,
    /// An item of a bulleted or numbered list that is not itself a section heading.
    ListItem,
    /// One row of a table, with named `cells`.
    TableRow,
    /// The header row of a table: its `cells` are the column names (each named by itself).
    TableHeader,
    /// An entry of the table of contents.
    Toc,
    /// A metadata line (生效日期 …).
    Metadata,
}

/// One sentence of a clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Sentence text as written (trimmed).
    pub text: String,
    /// Span in the decoded input.
    pub span: Span,
}

/// One named table cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// Column name from the header row (deduplicated with `#2`, `#3` … when repeated).
    pub column: String,
    /// Cell text.
    pub text: String,
}

/// The unit later stages extract from, align and diff: a paragraph, list item, table row, TOC entry or metadata line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clause {
    /// Stable id derived from the section path and the clause's position in its section, e.g. `二/4/4.1/2`.
    pub id: String,
    /// Id of the innermost section holding the clause; `None` for text before the first section.
    pub section_id: Option<String>,
    /// Block kind.
    pub kind: ClauseKind,
    /// Clause text as written (markup removed, entities decoded, whitespace runs kept).
    pub text: String,
    /// Span in the decoded input from the first to the last character of the clause.
    pub span: Span,
    /// Sentences split at 。！？； and line ends.
    pub sentences: Vec<Sentence>,
    /// For table rows: column name → cell text, in column order.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "serialize_cells",
        deserialize_with = "deserialize_cells"
    )]
    pub cells: Vec<Cell>,
}

impl Clause {
    /// The text of the cell in the first column whose name satisfies `pred`.
    pub fn cell_where(&self, pred: impl Fn(&str) -> bool) -> Option<&str> {
        self.cells
            .iter()
            .find(|c| pred(&c.column))
            .map(|c| c.text.as_str())
    }
}

/// A part of the input that was intentionally not turned into clause text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Omitted {
    /// Span in the decoded input.
    pub span: Span,
    /// Why it was left out, e.g. `script`, `style`, `nav`, `comment`, `markup`.
    pub reason: String,
}

impl Document {
    /// Visits every section of the tree in document order (pre-order).
    pub fn walk_sections(&self) -> Vec<&Section> {
        fn go<'a>(sections: &'a [Section], out: &mut Vec<&'a Section>) {
            for s in sections {
                out.push(s);
                go(&s.sections, out);
            }
        }
        let mut out = Vec::new();
        go(&self.sections, &mut out);
        out
    }

    /// The section with this id, if any (walks the tree: build an index when looking up many).
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.walk_sections().into_iter().find(|s| s.id == id)
    }

    /// The clauses of the document that are substantive content (not TOC entries).
    pub fn content_clauses(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| c.kind != ClauseKind::Toc)
    }

    /// Where a byte offset is, for people: `line N` in a text, Markdown or HTML input; `第 N 段`
    /// (its paragraph) in a Word document or PDF, whose text is a rendition with no lines a reader
    /// could find.
    pub fn place_of(&self, offset: usize) -> String {
        match self.source.format {
            Format::Docx | Format::Pdf => format!("第 {} 段", self.paragraph_of(offset)),
            Format::Text | Format::Markdown | Format::Html => {
                format!("line {}", self.line_of(offset))
            }
        }
    }

    /// 1-based paragraph of a byte offset in a Word or PDF rendition: the non-blank lines up to
    /// it, leaving out table delimiter rows (`| --- |`) and comments; every paragraph, list item
    /// and table row of the document is one line there (a manual line break in Word starts
    /// another).
    pub fn paragraph_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        let before = self.text.as_bytes().get(..end).unwrap_or_default();
        let counted = before
            .split(|&b| b == b'\n')
            .filter(|line| {
                let line = String::from_utf8_lossy(line);
                let line = line.trim();
                !line.is_empty() && !line.starts_with("| ---") && !line.starts_with("<!--")
            })
            .count();
        // The line holding the offset counts once it has a character before the offset; an
        // offset at the start of a line is that line's paragraph too.
        let at_line_start = before.is_empty() || before.ends_with(b"\n");
        (counted + usize::from(at_line_start)).max(1)
    }

    /// 1-based line number of a byte offset in the decoded text (for CI annotations and errors).
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}

fn serialize_cells<S: Serializer>(cells: &[Cell], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(cells.len()))?;
    for c in cells {
        map.serialize_entry(&c.column, &c.text)?;
    }
    map.end()
}

fn deserialize_cells<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Cell>, D::Error> {
    struct CellsVisitor;
    impl<'de> serde::de::Visitor<'de> for CellsVisitor {
        type Value = Vec<Cell>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of column name to cell text")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Vec<Cell>, A::Error> {
            let mut out = Vec::new();
            while let Some((column, text)) = m.next_entry::<String, String>()? {
                out.push(Cell { column, text });
            }
            Ok(out)
        }
    }
    d.deserialize_map(CellsVisitor)
}
