//! Structure stage: decoded text → `Document` (title, metadata, TOC, section tree, clauses, tables).
//!
//! Every format is first turned into a flat list of `blocks::Block`s (text lines, Markdown and
//! HTML blocks, each mapping its text back to source bytes); then one format-independent pass finds
//! the title, metadata lines, the table of contents, text tables and headings, builds the section
//! tree with a stack of numbering styles, and turns every other block into a clause. Whatever is
//! neither a heading nor a clause is reported in `Document.omitted`, so the spans cover the input.

mod blocks;
mod heading;
mod html;
mod markdown;
mod metadata;
mod table;
mod text;
mod toc;

use crate::model::{
    Clause, ClauseKind, Document, Format, Numbering, Omitted, Section, Sentence, SourceInfo, Span,
    Title, SCHEMA_VERSION,
};
use crate::read::Input;
use crate::segment::split_sentences;
use blocks::{Block, BlockKind};
use heading::{Numbered, StyleKey};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Deepest section nesting kept; deeper headings become siblings at this depth.
const MAX_DEPTH: usize = 32;
/// Longest numbered heading title (characters) before the line counts as a numbered paragraph.
const MAX_NUMBERED_TITLE_CHARS: usize = 40;
/// Longest numbered heading title (characters) that may end with ；.
const SHORT_TITLE_CHARS: usize = 24;
/// Longest unnumbered heading line (characters).
const MAX_UNNUMBERED_TITLE_CHARS: usize = 20;
/// Most times the outline is read again with lists taken for a TOC as content.
const MAX_REREADS: usize = 3;
/// Longest bold-only line (characters) still taken as a heading.
const MAX_STRONG_TITLE_CHARS: usize = 40;
/// Longest line (characters) that can be the document title.
const MAX_TITLE_CHARS: usize = 50;
/// Longest line (bytes) that can hold a number alone (`（十二）`, `**4.1.2**`).
const MAX_BARE_NUMBER_BYTES: usize = 24;
/// Longest section id segment built from a title (characters).
const MAX_ID_SEGMENT_CHARS: usize = 40;

/// Reads `path` (or stdin for `-`) under the `max_size` cap and parses it: read → structure in one call.
pub fn parse_file(path: &std::path::Path, max_size: u64) -> crate::Result<Document> {
    Ok(parse(&crate::read::read_input(path, max_size)?))
}

/// Parses a decoded input into the document model. Never fails: every input yields a document
/// whose clause and heading spans cover every non-whitespace character (markup aside).
pub fn parse(input: &Input) -> Document {
    let source = input.text.as_str();
    let (mut blocks, mut omitted) = match input.format {
        // A PDF arrives as its plain-text rendition (see `read::pdf`).
        Format::Text | Format::Pdf => text::blocks(source),
        // A Word document arrives as its Markdown rendition (see `read::docx`).
        Format::Markdown | Format::Docx => markdown::blocks(source),
        Format::Html => html::blocks(source),
    };
    for block in blocks.iter_mut().filter(|b| b.kind != BlockKind::TableRow) {
        if block.kind == BlockKind::Paragraph {
            if let Some(inner) = text::unwrap_emphasis(block) {
                *block = inner;
            }
        }
        block.join_cjk_wraps();
    }
    join_bare_numbers(source, &mut blocks);
    table::detect_text_tables(&mut blocks);
    table::mark_headers(&mut blocks);
    let columns = table::columns(&blocks);
    let read = |demoted: &HashSet<usize>, omitted: &mut Vec<Omitted>| {
        let mut builder = Builder::new(columns.clone());
        builder.run(&blocks, omitted, demoted);
        let sections = assemble(std::mem::take(&mut builder.arena), &builder.clauses);
        let toc = toc::resolve(&builder.clauses, &sections);
        (builder, sections, toc)
    };
    let start_omitted = omitted.clone();
    let mut read_omitted = start_omitted.clone();
    let (mut builder, mut sections, mut toc) = read(&HashSet::new(), &mut read_omitted);
    // A run of TOC entries that names no section and reads like sentences was a repeated list
    // (two runs of the same steps), not a table of contents: read again with it as content. A
    // list written out three times shows its second copy as such a run once the first is
    // content, so this repeats, a bounded number of times.
    let mut demoted: HashSet<usize> = HashSet::new();
    for _ in 0..MAX_REREADS {
        let more = toc::false_runs(
            &builder.toc_blocks,
            &builder.toc_headings,
            &builder.toc_intros,
            &builder.clauses,
            &toc,
        );
        if more.is_empty() {
            break;
        }
        demoted.extend(more);
        read_omitted = start_omitted.clone();
        (builder, sections, toc) = read(&demoted, &mut read_omitted);
    }
    omitted = read_omitted;
    let Builder {
        title,
        metadata,
        clauses,
        ..
    } = builder;
    let mut covered: Vec<Span> = clauses.iter().map(|c| c.span).collect();
    covered.extend(title.iter().map(|t| t.span));
    collect_heading_spans(&sections, &mut covered);
    let omitted = fill_gaps(source, covered, omitted);
    Document {
        schema_version: SCHEMA_VERSION,
        source: SourceInfo {
            path: input.path.display().to_string(),
            encoding: input.encoding,
            format: input.format,
            bytes: input.bytes,
        },
        title,
        metadata,
        sections,
        clauses,
        toc,
        omitted,
        text: input.text.clone(),
    }
}

/// A paragraph line holding only a number (`1.2`, `4\.`, `**5.1**`, `（3）`) numbers the paragraph
/// on the next line, as exports that put a tab or a line break after a list number write it: the
/// two are one numbered block, never an untitled section over the text.
fn join_bare_numbers(source: &str, blocks: &mut Vec<Block>) {
    let bare = |b: &Block| {
        let text = b.text.trim();
        b.kind == BlockKind::Paragraph
            && text.len() <= MAX_BARE_NUMBER_BYTES
            && heading::parse_number(text).is_some_and(|n| text.get(n.rest..) == Some(""))
    };
    let numbers = |number: &Block, next: &Block| {
        let gap = number.pieces.last().map_or(0, |p| p.source.end)
            ..next.pieces.first().map_or(0, |p| p.source.start);
        bare(number)
            && next.kind == BlockKind::Paragraph
            && heading::parse_number(next.text.trim()).is_none()
            && source.get(gap).is_some_and(|g| {
                g.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'))
                    .is_empty()
                    && g.matches('\n').count() <= 2
            })
    };
    let mut joined: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks.drain(..) {
        match joined.last_mut() {
            Some(number) if numbers(number, &block) => number.append_line(&block, source),
            _ => joined.push(block),
        }
    }
    *blocks = joined;
}

/// The nesting key of a heading on the section stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Style(StyleKey),
    Markup(u8),
    Unnumbered,
}

/// An open section on the stack.
#[derive(Debug, Clone)]
struct Open {
    key: Key,
    value: u32,
    markup_level: Option<u8>,
    node: usize,
}

/// A section while the tree is built: flat, parent-linked, turned into the nested model at the end.
#[derive(Debug, Clone)]
struct Node {
    section: Section,
    parent: Option<usize>,
}

/// What one block turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Title,
    Metadata,
    Toc,
    Content,
    Skip,
}

/// Heading facts of a block computed before the tree pass.
#[derive(Debug, Clone)]
struct Candidate {
    numbered: Option<Numbered>,
    key: Option<Key>,
    /// The block looks like a heading (markup heading, short numbered line, short unnumbered line).
    looks_like_heading: bool,
    /// An article or chapter number followed by running text on the same line (`第一条 为保护…。`):
    /// the number opens a section, the text is its first paragraph.
    inline_body: bool,
}

/// Builds title, metadata, sections and clauses from the blocks.
struct Builder {
    columns: HashMap<usize, Vec<String>>,
    title: Option<Title>,
    metadata: BTreeMap<String, String>,
    clauses: Vec<Clause>,
    arena: Vec<Node>,
    stack: Vec<Open>,
    ids: HashSet<String>,
    suffixes: HashMap<String, usize>,
    counters: BTreeMap<String, usize>,
    /// Value of the last numbered item of each style filed since the last heading: the next
    /// number of such a list is an item too, never a heading over the rest of the document, nor
    /// the end of the section it sits in.
    items: HashMap<Key, u32>,
    /// Value of the last numbered item of each style that continued the numbers of open sections
    /// (`（6）当您…` after the section `（5）运营与安全保障`): a section written inline, and the
    /// items numbered after it are too, so a later number of that style may head a section again.
    inline_sections: HashMap<Key, u32>,
    /// The block index of each TOC entry clause, in order.
    toc_blocks: Vec<usize>,
    /// The block index of each TOC heading (目录) clause.
    toc_headings: Vec<usize>,
    /// The block index of each sentence introducing a TOC run (「…以下内容：」).
    toc_intros: Vec<usize>,
    /// Plain unnumbered headings opened at the top level so far.
    top_unnumbered: usize,
}

impl Builder {
    fn new(columns: HashMap<usize, Vec<String>>) -> Self {
        Builder {
            columns,
            title: None,
            metadata: BTreeMap::new(),
            clauses: Vec::new(),
            arena: Vec::new(),
            stack: Vec::new(),
            ids: HashSet::new(),
            suffixes: HashMap::new(),
            counters: BTreeMap::new(),
            items: HashMap::new(),
            inline_sections: HashMap::new(),
            toc_blocks: Vec::new(),
            toc_headings: Vec::new(),
            toc_intros: Vec::new(),
            top_unnumbered: 0,
        }
    }

    /// Files every block; blocks in `demoted` are never read as TOC entries.
    fn run(&mut self, blocks: &[Block], omitted: &mut Vec<Omitted>, demoted: &HashSet<usize>) {
        let metas: Vec<Option<Vec<(String, String)>>> = blocks
            .iter()
            .map(|b| match b.kind {
                BlockKind::TableRow | BlockKind::DocTitle => None,
                _ => metadata::parse(&b.text),
            })
            .collect();
        let candidates: Vec<Candidate> = blocks.iter().map(candidate).collect();
        let mut roles = vec![Role::Content; blocks.len()];
        for (i, b) in blocks.iter().enumerate() {
            if b.kind == BlockKind::DocTitle {
                roles[i] = Role::Skip;
            } else if metas[i].is_some() {
                roles[i] = Role::Metadata;
            }
        }
        let title_at = find_title(blocks, &roles, &candidates);
        match title_at {
            Some(i) => roles[i] = Role::Title,
            None => {
                if let Some(i) = blocks.iter().position(|b| b.kind == BlockKind::DocTitle) {
                    roles[i] = Role::Title;
                }
            }
        }
        let lines: Vec<&str> = blocks
            .iter()
            .zip(&roles)
            .map(|(b, r)| match (b.kind, r) {
                (BlockKind::TableRow, _) | (_, Role::Title | Role::Metadata | Role::Skip) => "",
                _ => b.text.as_str(),
            })
            .collect();
        let heading_like: Vec<bool> = candidates.iter().map(|c| c.looks_like_heading).collect();
        let numbered: Vec<bool> = candidates
            .iter()
            .map(|c| c.looks_like_heading && !matches!(c.key, Some(Key::Unnumbered) | None))
            .collect();
        for (i, is_toc) in toc::detect(&lines, &heading_like, &numbered)
            .into_iter()
            .enumerate()
        {
            if is_toc && roles[i] == Role::Content && !demoted.contains(&i) {
                roles[i] = Role::Toc;
            }
        }
        for i in 0..blocks.len() {
            let (Some(block), Some(role)) = (blocks.get(i), roles.get(i)) else {
                continue;
            };
            match role {
                Role::Skip => omitted.push(Omitted {
                    span: block.span(),
                    reason: "head".into(),
                }),
                Role::Title => {
                    self.title = Some(Title {
                        text: title_text(&block.text),
                        span: block.span(),
                    })
                }
                Role::Metadata => {
                    for (label, value) in metas.get(i).cloned().flatten().unwrap_or_default() {
                        self.metadata.entry(label).or_insert(value);
                    }
                    self.push_clause(block, ClauseKind::Metadata, "meta".into());
                }
                Role::Toc => {
                    let before = self.clauses.len();
                    self.push_clause(block, ClauseKind::Toc, "toc".into());
                    if self.clauses.len() > before {
                        if toc::is_toc_heading(&block.text) {
                            self.toc_headings.push(i);
                        } else if toc::is_toc_intro(&block.text) {
                            self.toc_intros.push(i);
                        } else {
                            self.toc_blocks.push(i);
                        }
                    }
                }
                Role::Content => {
                    let next = (i + 1..blocks.len())
                        .find(|&j| matches!(roles.get(j), Some(Role::Content)));
                    let previous = (0..i)
                        .rev()
                        .find(|&j| matches!(roles.get(j), Some(Role::Content)));
                    let in_list = previous
                        .is_some_and(|j| introduces_items(blocks.get(j), candidates.get(j)));
                    self.content_or_heading(blocks, &candidates, i, next, in_list);
                }
            }
        }
    }

    /// Decides whether block `i` opens a section, then files it.
    fn content_or_heading(
        &mut self,
        blocks: &[Block],
        candidates: &[Candidate],
        i: usize,
        next: Option<usize>,
        in_list: bool,
    ) {
        let (Some(block), Some(cand)) = (blocks.get(i), candidates.get(i)) else {
            return;
        };
        if let (true, Some(key), Some(n)) = (cand.inline_body, cand.key, &cand.numbered) {
            let rest = n.rest.min(block.text.len());
            self.open_section(&block.slice(0..rest), cand, key);
            let mut body = block.slice(rest..block.text.len());
            body.kind = BlockKind::Paragraph;
            let prefix = self
                .current_section_id()
                .unwrap_or_else(|| "preamble".into());
            self.push_clause(&body, ClauseKind::Paragraph, prefix);
            return;
        }
        let value = cand.numbered.as_ref().map_or(0, |n| n.value);
        let item_list = cand.key.is_some_and(|key| self.next_item(key, value));
        // The next number of an item list, unless it also continues an open section's number
        // (then the short line is that section's next sibling).
        let continues_items = item_list
            && cand
                .key
                .is_some_and(|key| self.sequence_of(key, value).is_none());
        let follower = next.and_then(|j| Some((blocks.get(j)?, candidates.get(j)?)));
        // A dotted number names its parent only when that parent is not open already: after
        // `4.4`, the step `4.点击…` before `4.5` is the fourth step, not a second section 4.
        let named_as_parent =
            follower.is_some_and(|(_, next)| names_parent(cand, next)) && !self.is_open(cand);
        let is_heading = match (block.kind, cand.key) {
            (BlockKind::Heading, Some(_)) => true,
            (_, Some(Key::Unnumbered)) if in_list => false,
            (_, Some(_)) if continues_items && !named_as_parent => false,
            (_, Some(key)) if cand.looks_like_heading => {
                self.has_content_after(key, cand, follower)
            }
            _ => false,
        };
        if is_heading {
            if let Some(key) = cand.key {
                self.open_section(block, cand, key);
                return;
            }
        }
        if let (Some(n), Some(key)) = (&cand.numbered, cand.key) {
            let sequence = if item_list {
                None
            } else {
                self.sequence_of(key, n.value)
            };
            if let Some(at) = sequence {
                self.stack.truncate(at);
            }
            let inline =
                sequence.is_some() || (!item_list && follows(&self.inline_sections, key, n.value));
            if inline {
                self.inline_sections.insert(key, n.value);
            } else {
                self.items.insert(key, n.value);
            }
        }
        let kind = match block.kind {
            BlockKind::ListItem => ClauseKind::ListItem,
            BlockKind::TableRow if block.header => ClauseKind::TableHeader,
            BlockKind::TableRow => ClauseKind::TableRow,
            _ if cand.numbered.is_some() => ClauseKind::ListItem,
            _ => ClauseKind::Paragraph,
        };
        let prefix = self
            .current_section_id()
            .unwrap_or_else(|| "preamble".into());
        self.push_clause(block, kind, prefix);
    }

    /// A heading-looking line is a heading only when content follows it before its next sibling:
    /// the next block is a paragraph, or a numbered line that nests deeper.
    fn has_content_after(
        &self,
        key: Key,
        cand: &Candidate,
        follower: Option<(&Block, &Candidate)>,
    ) -> bool {
        let Some((next, next_cand)) = follower else {
            return false;
        };
        if next.kind == BlockKind::Heading {
            return false;
        }
        let Some(next_key) = next_cand.key else {
            return true;
        };
        if names_parent(cand, next_cand) && !self.is_open(cand) {
            return true;
        }
        let value = cand.numbered.as_ref().map_or(0, |n| n.value);
        let kept = self
            .continuation_of(key, value, false)
            .unwrap_or(self.stack.len());
        if next_key == key {
            // The same style starting again at 1 right after the line is a list under it.
            let restart = next_cand.numbered.as_ref().is_some_and(|n| n.value == 1) && value >= 1;
            return restart && key != Key::Unnumbered;
        }
        if key == Key::Unnumbered && !next_cand.looks_like_heading {
            return true;
        }
        !self
            .stack
            .iter()
            .take(kept)
            .any(|o| o.key == next_key && o.markup_level.is_none())
    }

    /// Stack position of the open section that a number with `key` and `value` continues: the
    /// topmost same-key entry whose value precedes it, else the topmost same-key entry, unless the
    /// number restarts at 1 under a later number of its style (a nested list: `10.` then `1.`).
    /// Markup headings (`## (1)`) and plain lines (`（1）…`) never continue each other: markup
    /// headings are ordered by their markup level.
    fn continuation_of(&self, key: Key, value: u32, markup: bool) -> Option<usize> {
        let same: Vec<usize> = (0..self.stack.len())
            .rev()
            .filter(|&p| {
                self.stack
                    .get(p)
                    .is_some_and(|o| o.key == key && o.markup_level.is_some() == markup)
            })
            .collect();
        let sequence = same
            .iter()
            .copied()
            .find(|&p| self.stack.get(p).is_some_and(|o| o.value + 1 == value));
        let top = same.first().copied();
        let restarts = value == 1
            && top
                .and_then(|p| self.stack.get(p))
                .is_some_and(|o| o.value > 1);
        // A major style (一、, 第一章) never numbers children inside its own sections: starting again
        // at 一 begins a new part at the level of the first such section (a full policy after
        // its summary), where a minor style restarting (`10.` then `1.`) is a nested list.
        let major = is_major(key);
        match (sequence, restarts) {
            (Some(p), _) => Some(p),
            (None, true) if major => same.last().copied(),
            (None, true) if key != Key::Unnumbered => None,
            _ => top,
        }
    }

    /// True when a plain-text section numbered as `cand` is open (its key and number).
    fn is_open(&self, cand: &Candidate) -> bool {
        let (Some(key), Some(n)) = (cand.key, &cand.numbered) else {
            return false;
        };
        self.stack.iter().any(|o| {
            o.key == key
                && o.markup_level.is_none()
                && self
                    .arena
                    .get(o.node)
                    .is_some_and(|node| node.section.number.as_deref() == Some(n.number.as_str()))
        })
    }

    /// True when `value` is the next number of the item list of style `key` in this section.
    fn next_item(&self, key: Key, value: u32) -> bool {
        follows(&self.items, key, value)
    }

    /// Stack position of the open plain-text section that a numbered list item continues in
    /// sequence (`4.2` after section `4.1`): the item closes that section and joins its parent.
    fn sequence_of(&self, key: Key, value: u32) -> Option<usize> {
        self.stack
            .iter()
            .rposition(|o| o.key == key && o.markup_level.is_none() && o.value + 1 == value)
    }

    fn open_section(&mut self, block: &Block, cand: &Candidate, key: Key) {
        self.items.clear();
        if let Some(level) = block.markup_level {
            // A markup heading closes deeper or equal markup headings, and every plain unnumbered
            // pseudo-heading (an emphasised line such as `*2022 年 5 月 30 日生效*`): where the
            // author wrote markup headings, those are the outline. Where every heading has the
            // same markup level (`### 一、` `### （一）` `### 1、`), the numbers are the outline:
            // a heading of a lower numbering style nests under an open one of a higher style.
            if let Some(at) = self.stack.iter().position(|o| match o.markup_level {
                Some(l) if l == level => !nests_under(o.key, key),
                Some(l) => l > level,
                None => o.key == Key::Unnumbered,
            }) {
                self.stack.truncate(at);
            }
        }
        let value = cand.numbered.as_ref().map_or(0, |n| n.value);
        if let Some(at) = self.continuation_of(key, value, block.markup_level.is_some()) {
            self.stack.truncate(at);
        }
        // 第X部分 / 第X章 / 第X条 divide the whole text: they nest only under larger dividers.
        if let Key::Style(StyleKey::Ordinal(unit)) = key {
            let larger = |o: &Open| match o.key {
                Key::Style(StyleKey::Ordinal(other)) => ordinal_rank(other) < ordinal_rank(unit),
                _ => o.markup_level.is_some(),
            };
            if let Some(at) = self.stack.iter().position(|o| !larger(o)) {
                self.stack.truncate(at);
            }
        }
        // An unnumbered heading that names a document (a second policy after a summary, a
        // Cookie policy after the privacy policy) starts a part of its own at the top.
        // An annex (附录：相关定义, 附表一 权限列表) is a part of its own too, never a subsection of
        // the last section of the policy it follows.
        if key == Key::Unnumbered
            && block.markup_level.is_none()
            && (names_document(&block.text) || names_annex(&block.text))
        {
            self.stack.clear();
        }
        // A top-level unnumbered heading (提示条款, 引言) introduces the policy; numbered sections
        // that follow are its siblings, not its children.
        let top_unnumbered = self
            .stack
            .first()
            .is_some_and(|o| o.key == Key::Unnumbered && o.markup_level.is_none());
        if matches!(key, Key::Style(_)) && top_unnumbered {
            self.stack.clear();
        }
        // Where the top level is a series of unnumbered headings (two or more so far, as in a
        // policy written as questions), a later unnumbered heading is one of them: it closes the
        // minor-numbered sections (（1）…（9）) set beside them instead of nesting in the last.
        let plain_unnumbered = key == Key::Unnumbered && block.markup_level.is_none();
        let under_minor = self
            .stack
            .first()
            .is_some_and(|o| matches!(o.key, Key::Style(_)) && !is_major(o.key));
        if plain_unnumbered && under_minor && self.top_unnumbered >= 2 {
            self.stack.clear();
        }
        if plain_unnumbered && self.stack.is_empty() {
            self.top_unnumbered += 1;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.stack.truncate(MAX_DEPTH - 1);
        }
        let parent = self.stack.last().map(|o| o.node);
        let text = block.text.trim();
        let lead = block.text.len() - block.text.trim_start().len();
        let (number, numbering, title) = match &cand.numbered {
            Some(n) => (
                Some(n.number.clone()),
                n.numbering,
                block.text.get(n.rest..).unwrap_or("").trim().to_owned(),
            ),
            None if block.kind == BlockKind::Heading => (None, Numbering::Markup, text.to_owned()),
            None => (None, Numbering::Unnumbered, text.to_owned()),
        };
        let title = title
            .trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '*' | ':' | '：' | '；' | ';' | '。')
            })
            .trim()
            .to_owned();
        let segment = match &number {
            Some(n) => id_segment(n),
            None => id_segment(&title),
        };
        let base = match parent.and_then(|p| self.arena.get(p)) {
            Some(node) => format!("{}/{}", node.section.id, segment),
            None => segment,
        };
        let id = self.unique(base);
        let heading_span = block.source_span(lead..lead + text.len());
        let level = u8::try_from(self.stack.len() + 1).unwrap_or(u8::MAX);
        self.arena.push(Node {
            section: Section {
                id,
                number,
                numbering,
                title,
                level,
                span: heading_span,
                heading_span,
                sections: Vec::new(),
            },
            parent,
        });
        self.stack.push(Open {
            key,
            value,
            markup_level: block.markup_level,
            node: self.arena.len() - 1,
        });
    }

    /// `base`, or `base~2`, `base~3` … when taken (a per-base counter keeps this linear).
    fn unique(&mut self, base: String) -> String {
        if self.ids.insert(base.clone()) {
            return base;
        }
        let next = self.suffixes.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}~{next}");
            *next += 1;
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn current_section_id(&self) -> Option<String> {
        self.stack
            .last()
            .and_then(|o| self.arena.get(o.node))
            .map(|n| n.section.id.clone())
    }

    fn push_clause(&mut self, block: &Block, kind: ClauseKind, prefix: String) {
        let trimmed = block.text.trim();
        if trimmed.is_empty() {
            return;
        }
        let lead = block.text.len() - block.text.trim_start().len();
        let counter = self.counters.entry(prefix.clone()).or_insert(0);
        *counter += 1;
        let id = format!("{prefix}/{counter}");
        let sentences = split_sentences(trimmed)
            .into_iter()
            .filter_map(|(s, e)| {
                Some(Sentence {
                    text: trimmed.get(s..e)?.to_owned(),
                    span: block.source_span(lead + s..lead + e),
                })
            })
            .collect();
        let section_id = self.current_section_id();
        self.clauses.push(Clause {
            id,
            section_id,
            kind,
            text: trimmed.to_owned(),
            span: block.source_span(lead..lead + trimmed.len()),
            sentences,
            cells: Vec::new(),
        });
        if matches!(kind, ClauseKind::TableRow | ClauseKind::TableHeader) {
            if let Some(last) = self.clauses.last_mut() {
                table::fill_cells(last, block, &self.columns);
            }
        }
    }
}

/// True when the next line's dotted number names `cand`'s number as its parent (`2.1` after `2.`).
fn names_parent(cand: &Candidate, next: &Candidate) -> bool {
    let parent_of_next = next.numbered.as_ref().and_then(|n| n.parent.as_deref());
    parent_of_next.is_some() && parent_of_next == cand.numbered.as_ref().map(|n| n.number.as_str())
}

/// True when `block` makes a following short unnumbered line an item rather than a heading: it
/// ends with a colon (`我们收集以下信息：`) or is itself a short unnumbered line (a run of them is
/// a list: 姓名 / 手机号 / 地址).
fn introduces_items(block: Option<&Block>, cand: Option<&Candidate>) -> bool {
    let colon = block.is_some_and(|b| b.text.trim_end().ends_with(['：', ':']));
    let short_run = block.is_some_and(|b| b.kind != BlockKind::Heading)
        && cand.is_some_and(|c| c.key == Some(Key::Unnumbered));
    colon || short_run
}

/// Heading facts of one block.
fn candidate(block: &Block) -> Candidate {
    let none = Candidate {
        numbered: None,
        key: None,
        looks_like_heading: false,
        inline_body: false,
    };
    match block.kind {
        BlockKind::TableRow | BlockKind::DocTitle => return none,
        BlockKind::Heading if block.is_blank() => return none,
        _ => {}
    }
    let text = block.text.trim();
    let lead = block.text.len() - block.text.trim_start().len();
    // The number written on the line, else the one the markup renders for an ordered list item;
    // `rest` is an offset into the block text (which may start with spaces).
    let numbered = heading::parse_number(text)
        .map(|mut n| {
            n.rest += lead;
            n
        })
        .or_else(|| {
            block
                .list_number
                .map(|(value, depth)| rendered_number(value, depth, lead))
        });
    if let Some(n) = numbered {
        let title = block.text.get(n.rest..).unwrap_or("").trim();
        let limit = if block.strong {
            MAX_STRONG_TITLE_CHARS
        } else {
            MAX_NUMBERED_TITLE_CHARS
        };
        let chars = title.chars().count();
        // A short title may end with ；, as list-like headings do: （一）注册、登录、认证；
        // and a short one of a major style with 。: 一、我们如何收集和使用您的个人信息。
        // (Articles are different: `第九条 我们不会收集…。` is an article with its text inline.)
        let major = match n.key {
            StyleKey::ChineseComma | StyleKey::ChineseDot | StyleKey::FormalComma => true,
            StyleKey::Ordinal(unit) => ordinal_rank(unit) < ordinal_rank('条'),
            _ => false,
        };
        let body = title
            .trim_end_matches(['；', ';', '。'])
            .trim_end_matches(QUESTION_MARKS);
        let short_end = chars <= SHORT_TITLE_CHARS
            && (title.ends_with(['；', ';'])
                || title.ends_with(QUESTION_MARKS)
                || (major && title.ends_with('。')))
            && !body.contains(['，', '。', '；', '：', ',', ';', ':']);
        let looks = block.kind == BlockKind::Heading
            || (chars <= limit && (short_end || (!ends_sentence(title) && !title.contains('。'))));
        let ordinal = matches!(n.key, StyleKey::Ordinal(_));
        return Candidate {
            key: Some(Key::Style(n.key)),
            numbered: Some(n),
            looks_like_heading: looks || ordinal,
            inline_body: ordinal && !looks,
        };
    }
    if block.kind == BlockKind::Heading {
        return Candidate {
            numbered: None,
            key: Some(Key::Markup(block.markup_level.unwrap_or(1))),
            looks_like_heading: true,
            inline_body: false,
        };
    }
    let limit = if block.strong {
        MAX_STRONG_TITLE_CHARS
    } else {
        MAX_UNNUMBERED_TITLE_CHARS
    };
    let plain = block.kind == BlockKind::Paragraph
        && (block.separated || block.strong)
        && text.chars().count() <= limit
        && text.chars().any(|c| c.is_alphabetic())
        && !text
            .trim_end_matches(QUESTION_MARKS)
            .contains(is_clause_punctuation)
        && text::bullet_len(text).is_none();
    if plain || (block.kind == BlockKind::Paragraph && names_annex(text)) {
        return Candidate {
            numbered: None,
            key: Some(Key::Unnumbered),
            looks_like_heading: true,
            inline_body: false,
        };
    }
    none
}

/// The number an ordered markup list renders for an item (`<ol>`, `1.` in Markdown): a decimal
/// whose depth is the list's nesting depth, as `1.` and `1.1` would be written in plain text.
fn rendered_number(value: u32, depth: u8, rest: usize) -> Numbered {
    Numbered {
        key: StyleKey::Decimal(depth.max(1)),
        numbering: if depth > 1 {
            Numbering::Dotted
        } else {
            Numbering::Arabic
        },
        number: value.to_string(),
        value,
        parent: None,
        rest,
    }
}

/// True when `value` is the next number after the last one recorded for style `key`.
fn follows(last: &HashMap<Key, u32>, key: Key, value: u32) -> bool {
    last.get(&key)
        .is_some_and(|v| v.checked_add(1) == Some(value))
}

/// True when a heading numbered in style `child` belongs under an open heading numbered in style
/// `parent` of the same markup level: the conventional order of Chinese numbering, 第X部分 >
/// 第X章 > 第X节 > 第X条 > 壹、 > 一、 > （一） > 1. > 1.1 > 1) or (1) > ① > a) or (a). Unnumbered
/// markup headings nest nothing by number.
fn nests_under(parent: Key, child: Key) -> bool {
    let rank = |key: Key| match key {
        Key::Style(style) => Some(match style {
            StyleKey::Ordinal(unit) => ordinal_rank(unit),
            StyleKey::FormalComma => 5,
            StyleKey::ChineseComma | StyleKey::ChineseDot => 6,
            StyleKey::ChineseParen => 7,
            StyleKey::Decimal(depth) => 7u8.saturating_add(depth),
            StyleKey::ArabicCloseParen | StyleKey::ArabicParen => 20,
            StyleKey::Circled => 21,
            StyleKey::Letter | StyleKey::LetterParen => 22,
        }),
        Key::Markup(_) | Key::Unnumbered => None,
    };
    matches!((rank(parent), rank(child)), (Some(p), Some(c)) if c > p)
}

/// True for the major numbering styles (一、, 一., 壹、, 第X章/条), which divide a whole document.
fn is_major(key: Key) -> bool {
    matches!(
        key,
        Key::Style(
            StyleKey::ChineseComma
                | StyleKey::ChineseDot
                | StyleKey::FormalComma
                | StyleKey::Ordinal(_)
        )
    )
}

/// Rank of an ordinal divider by its counter character: 部(分)/篇/编 above 章 above 节 above 条.
fn ordinal_rank(unit: char) -> u8 {
    match unit {
        '部' | '篇' | '编' => 0,
        '章' => 1,
        '节' => 2,
        '条' => 3,
        _ => 4,
    }
}

/// A short line that is one question (「我们如何收集您的信息？」) may be a heading: the
/// question mark that ends it is no clause punctuation.
const QUESTION_MARKS: &[char] = &['？', '?'];

/// Punctuation that marks running text rather than a heading.
fn is_clause_punctuation(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | ',' | ';' | ':' | '！' | '？' | '!' | '?' | '、'
    )
}

/// True when text ends like a sentence or a list entry.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['。', '！', '？', '!', '?', '；', ';', '，', ',', '、', '.'])
}

/// Words a document's name ends with: a heading ending so names a whole document, not a topic
/// of one (「隐私政策的更新」 is a topic, 「斗鱼隐私权政策」 a document).
const DOCUMENT_ENDINGS: &[&str] = &[
    "政策", "协议", "声明", "指引", "规则", "条款", "须知", "Policy", "Notice",
];

/// True when a short line names a document (optionally in 《》 or quotes).
fn names_document(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['《', '“', '"', '【'])
        .trim_end_matches(['》', '”', '"', '】']);
    t.chars().count() <= MAX_TITLE_CHARS && DOCUMENT_ENDINGS.iter().any(|w| t.ends_with(w))
}

/// Words that open the heading of an annex to a policy.
const ANNEX_OPENINGS: &[&str] = &["附录", "附表", "附件"];

/// True when a short line heads an annex: 附录/附表/附件, an optional number, and at most a
/// title after a colon or space (「附录：相关定义」, 「附表一 权限调取情况列表」, 「附件：」), not
/// a sentence that mentions one (「附件中的 SDK 列表如下。」).
fn names_annex(text: &str) -> bool {
    let t = text.trim();
    let Some(rest) = ANNEX_OPENINGS.iter().find_map(|w| t.strip_prefix(w)) else {
        return false;
    };
    let rest =
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || heading::is_chinese_digit(c));
    let title_follows =
        rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace() || matches!(c, '：' | ':'));
    t.chars().count() <= MAX_TITLE_CHARS
        && title_follows
        && !ends_sentence(t)
        && !rest.contains(['，', '。', '；', ',', ';'])
}

/// Index of the title block: the first markup level-1 heading or title-like short line among the
/// first blocks, before any long line or numbered heading.
fn find_title(blocks: &[Block], roles: &[Role], candidates: &[Candidate]) -> Option<usize> {
    const TITLE_WORDS: &[&str] = &[
        "政策", "协议", "声明", "指引", "规则", "条款", "说明", "须知", "保护", "Privacy",
        "privacy", "Policy", "Notice",
    ];
    let mut seen = 0;
    for (i, block) in blocks.iter().enumerate() {
        if roles.get(i) != Some(&Role::Content) || block.kind == BlockKind::TableRow {
            continue;
        }
        seen += 1;
        let text = block.text.trim();
        let chars = text.chars().count();
        let numbered = candidates.get(i).is_some_and(|c| c.numbered.is_some());
        if seen > 4 || numbered || chars > MAX_TITLE_CHARS {
            return None;
        }
        let wrapped = text.starts_with('《') && text.ends_with('》');
        let worded = TITLE_WORDS.iter().any(|w| text.contains(w));
        let h1 = block.kind == BlockKind::Heading && block.markup_level == Some(1);
        if h1 || ((wrapped || worded) && !ends_sentence(text) && !text.contains('。')) {
            return Some(i);
        }
        if block.kind == BlockKind::Heading || chars > 40 {
            return None;
        }
    }
    None
}

/// The title without surrounding 《》 or quotes.
fn title_text(text: &str) -> String {
    let t = text.trim();
    let t = t
        .strip_prefix('《')
        .and_then(|s| s.strip_suffix('》'))
        .unwrap_or(t);
    t.trim().to_owned()
}

/// One segment of a section id: slashes replaced (they separate segments), length bounded.
fn id_segment(text: &str) -> String {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| if c == '/' { '／' } else { c })
        .filter(|c| !c.is_control())
        .take(MAX_ID_SEGMENT_CHARS)
        .collect();
    if cleaned.is_empty() {
        "§".into()
    } else {
        cleaned
    }
}

/// Turns the flat arena into the nested tree, widening each section span to its last content.
fn assemble(arena: Vec<Node>, clauses: &[Clause]) -> Vec<Section> {
    let mut ends: Vec<usize> = arena.iter().map(|n| n.section.span.end()).collect();
    let index: BTreeMap<&str, usize> = arena
        .iter()
        .enumerate()
        .map(|(i, n)| (n.section.id.as_str(), i))
        .collect();
    for c in clauses {
        if let Some(&i) = c.section_id.as_deref().and_then(|id| index.get(id)) {
            if let Some(end) = ends.get_mut(i) {
                *end = (*end).max(c.span.end());
            }
        }
    }
    // Children come after their parents in the arena: one backward pass propagates ends upwards.
    for i in (0..arena.len()).rev() {
        if let Some(p) = arena.get(i).and_then(|n| n.parent) {
            let child_end = ends.get(i).copied().unwrap_or(0);
            if let Some(end) = ends.get_mut(p) {
                *end = (*end).max(child_end);
            }
        }
    }
    let parents: Vec<Option<usize>> = arena.iter().map(|n| n.parent).collect();
    let mut slots: Vec<Option<Section>> = arena
        .into_iter()
        .zip(ends)
        .map(|(mut n, end)| {
            n.section.span = Span::new(n.section.span.start(), end);
            Some(n.section)
        })
        .collect();
    let mut roots = Vec::new();
    for i in (0..slots.len()).rev() {
        let Some(section) = slots.get_mut(i).and_then(Option::take) else {
            continue;
        };
        match parents.get(i).copied().flatten() {
            Some(p) => {
                if let Some(Some(parent)) = slots.get_mut(p) {
                    parent.sections.push(section);
                }
            }
            None => roots.push(section),
        }
    }
    roots.reverse();
    reverse_children(&mut roots);
    roots
}

/// Children were attached last-first; restore document order (iteratively, no recursion).
fn reverse_children(sections: &mut [Section]) {
    let mut stack: Vec<&mut Section> = sections.iter_mut().collect();
    while let Some(s) = stack.pop() {
        s.sections.reverse();
        stack.extend(s.sections.iter_mut());
    }
}

/// Heading spans of the whole tree.
fn collect_heading_spans(sections: &[Section], out: &mut Vec<Span>) {
    let mut stack: Vec<&Section> = sections.iter().collect();
    while let Some(s) = stack.pop() {
        out.push(s.heading_span);
        stack.extend(s.sections.iter());
    }
}

/// Reports every run of non-whitespace text covered by no heading, clause or omitted span as
/// omitted `markup`, and returns all omitted spans in order.
///
/// Omitted spans proposed by the format readers that fall inside a heading or clause span (a
/// comment or script in the middle of a paragraph) are dropped: that text is already covered.
fn fill_gaps(source: &str, mut covered: Vec<Span>, mut omitted: Vec<Omitted>) -> Vec<Omitted> {
    covered.sort();
    let overlaps = |span: Span| {
        let after = covered.partition_point(|c| c.end() <= span.start());
        covered.get(after).is_some_and(|c| c.start() < span.end())
    };
    omitted.retain(|o| !overlaps(o.span));
    covered.extend(omitted.iter().map(|o| o.span));
    covered.sort();
    let mut pos = 0;
    let mut gaps = Vec::new();
    for span in covered
        .iter()
        .chain(std::iter::once(&Span(source.len(), source.len())))
    {
        if span.start() > pos {
            if let Some(gap) = source.get(pos..span.start()) {
                let trimmed_start = gap.len() - gap.trim_start().len();
                let trimmed = gap.trim();
                if !trimmed.is_empty() {
                    let start = pos + trimmed_start;
                    gaps.push(Omitted {
                        span: Span::new(start, start + trimmed.len()),
                        reason: "markup".into(),
                    });
                }
            }
        }
        pos = pos.max(span.end());
    }
    omitted.extend(gaps);
    omitted.sort_by_key(|o| o.span);
    omitted
}

#[cfg(test)]
mod tests;
