//! Word (.docx, WordprocessingML) → a Markdown rendition the structure stage reads: heading styles
//! become `#` headings, automatic numbering is rendered as the label Word shows, tables become
//! pipe tables, tracked changes are read all-accepted or all-rejected.

use super::container::Zip;
use crate::error::{Error, Result};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::path::Path;

/// Which side of a document's tracked changes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Revisions {
    /// As if every revision were accepted: insertions kept, deletions dropped (Word's "final").
    #[default]
    Accepted,
    /// As if every revision were rejected: the document before the tracked changes ("original").
    Rejected,
}

/// Deepest XML element nesting accepted in a part; real documents stay far below (tables in
/// tables in text boxes reach a few dozen levels).
const MAX_XML_DEPTH: usize = 256;

/// A Word document read into Markdown.
#[derive(Debug, Clone)]
pub struct Docx {
    /// The Markdown rendition of the body.
    pub text: String,
    /// Tracked-change marks seen (insertions, deletions, moves, inserted/deleted paragraph marks
    /// and table rows), whichever side was read.
    pub revisions: usize,
}

/// Reads the body of a `.docx` held in `raw`, with at most `max_size` bytes unpacked in all.
pub fn read(raw: &[u8], path: &Path, max_size: u64, view: Revisions) -> Result<Docx> {
    let mut zip = Zip::open(raw, path, "Word document (.docx)", max_size)?;
    let root_rels = zip.part("_rels/.rels")?;
    let main = root_rels
        .as_deref()
        .map(|xml| relationships(xml, "_rels/.rels", path))
        .transpose()?
        .and_then(|rels| {
            rels.into_iter()
                .find(|(kind, _)| kind == "officeDocument")
                .map(|(_, target)| target.trim_start_matches('/').to_owned())
        })
        .unwrap_or_else(|| "word/document.xml".to_owned());
    let body = zip.part(&main)?.ok_or_else(|| Error::Container {
        path: path.to_path_buf(),
        format: "Word document (.docx)",
        detail: format!("the archive holds no main document part ({main})"),
    })?;
    let dir = main.rsplit_once('/').map_or("", |(dir, _)| dir);
    let rels_name = format!(
        "{dir}{}_rels/{}.rels",
        if dir.is_empty() { "" } else { "/" },
        main.rsplit('/').next().unwrap_or("")
    );
    let rels = match zip.part(&rels_name)? {
        Some(xml) => relationships(&xml, &rels_name, path)?,
        None => Vec::new(),
    };
    let target = |kind: &str, default: &str| {
        rels.iter()
            .find(|(k, _)| k == kind)
            .map(|(_, t)| resolve_target(dir, t))
            .unwrap_or_else(|| default.to_owned())
    };
    let styles = match zip.part(&target("styles", "word/styles.xml"))? {
        Some(xml) => Styles::parse(&xml, path)?,
        None => Styles::default(),
    };
    let numbering = match zip.part(&target("numbering", "word/numbering.xml"))? {
        Some(xml) => Numbering::parse(&xml, path)?,
        None => Numbering::default(),
    };
    let mut omitted: Vec<(&str, usize)> = Vec::new();
    for (kind, label) in [
        ("header", "header"),
        ("footer", "footer"),
        ("footnotes", "footnotes"),
        ("endnotes", "endnotes"),
        ("comments", "comments"),
    ] {
        let count = rels.iter().filter(|(k, _)| k == kind).count();
        if count > 0 {
            omitted.push((label, count));
        }
    }
    let mut reader = BodyReader::new(&styles, numbering, view);
    reader.run(&body, &main, path)?;
    if reader.out.is_empty() {
        // Only headers, footers or comments: no policy text (checked before their note is added).
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(Docx {
        text: render(&reader.out, &omitted),
        revisions: reader.revisions,
    })
}

/// `Target` of a relationship, relative to the main part's folder, as an archive path.
fn resolve_target(dir: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_owned();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The relationships of a `.rels` part: (type's last path segment, target).
fn relationships(xml: &str, part: &str, path: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    walk(xml, part, path, |event, _| {
        if let XmlEvent::Open(e) | XmlEvent::Leaf(e) = event {
            if e.local_name().as_ref() == b"Relationship" {
                let kind = attr(e, b"Type").unwrap_or_default();
                let kind = kind.rsplit('/').next().unwrap_or("").to_owned();
                out.push((kind, attr(e, b"Target").unwrap_or_default()));
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// One event of [`walk`]: an element opened, a self-closing element, text, or an element closed.
enum XmlEvent<'a, 'b> {
    Open(&'b BytesStart<'a>),
    Leaf(&'b BytesStart<'a>),
    Text(&'b str),
    Close(&'b [u8]),
}

/// Walks an XML part event by event (entities resolved), refusing nesting deeper than
/// [`MAX_XML_DEPTH`] and malformed XML; `visit` gets each event and the current depth.
fn walk(
    xml: &str,
    part: &str,
    path: &Path,
    mut visit: impl FnMut(XmlEvent<'_, '_>, usize) -> Result<()>,
) -> Result<()> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let malformed = |reader: &quick_xml::Reader<&[u8]>, detail: String| Error::Container {
        path: path.to_path_buf(),
        format: "Word document (.docx)",
        detail: format!(
            "{part}: malformed XML at byte {}: {detail}",
            reader.buffer_position()
        ),
    };
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(&reader, e.to_string()))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(Error::Container {
                        path: path.to_path_buf(),
                        format: "Word document (.docx)",
                        detail: format!(
                            "{part}: XML elements nested deeper than {MAX_XML_DEPTH} levels (hostile or damaged file)"
                        ),
                    });
                }
                visit(XmlEvent::Open(&e), depth)?;
            }
            Event::Empty(e) => visit(XmlEvent::Leaf(&e), depth + 1)?,
            Event::End(e) => {
                visit(XmlEvent::Close(e.local_name().as_ref()), depth)?;
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                let text = t
                    .xml10_content()
                    .map_err(|e| malformed(&reader, e.to_string()))?;
                visit(XmlEvent::Text(&text), depth)?;
            }
            Event::CData(t) => {
                let text = String::from_utf8_lossy(&t);
                visit(XmlEvent::Text(&text), depth)?;
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => match &*r {
                        b"lt" => Some("<".into()),
                        b"gt" => Some(">".into()),
                        b"amp" => Some("&".into()),
                        b"apos" => Some("'".into()),
                        b"quot" => Some("\"".into()),
                        _ => None,
                    },
                    Err(_) => None,
                };
                if let Some(text) = resolved {
                    visit(XmlEvent::Text(&text), depth)?;
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The unescaped value of the attribute whose local name is `name`.
fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// `w:val` of an element.
fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, b"val")
}

/// A number attribute (`w:val="3"`).
fn val_u32(e: &BytesStart<'_>) -> Option<u32> {
    val(e).and_then(|v| v.trim().parse().ok())
}

/// What a paragraph style says about headings and numbering.
#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u32>,
    num: Option<(u32, u32)>,
}

/// The paragraph styles of `styles.xml`, by style id.
#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
}

/// Heading rank of a paragraph: the document title, or a heading level 1–9.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rank {
    Title,
    Heading(u8),
}

impl Styles {
    fn parse(xml: &str, path: &Path) -> Result<Styles> {
        let mut styles = HashMap::new();
        let mut current: Option<(String, Style)> = None;
        let mut num_id = None;
        let mut ilvl = None;
        walk(xml, "word/styles.xml", path, |event, _| {
            match event {
                XmlEvent::Open(e) | XmlEvent::Leaf(e) => match e.local_name().as_ref() {
                    b"style" => {
                        let paragraph = attr(e, b"type").is_none_or(|t| t == "paragraph");
                        current = attr(e, b"styleId")
                            .filter(|_| paragraph)
                            .map(|id| (id, Style::default()));
                        num_id = None;
                        ilvl = None;
                    }
                    b"name" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.name = val(e).unwrap_or_default().to_lowercase();
                        }
                    }
                    b"basedOn" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.based_on = val(e);
                        }
                    }
                    b"outlineLvl" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.outline = val_u32(e);
                        }
                    }
                    b"numId" => num_id = val_u32(e),
                    b"ilvl" => ilvl = val_u32(e),
                    _ => {}
                },
                XmlEvent::Close(b"style") => {
                    if let Some((id, mut s)) = current.take() {
                        s.num = num_id.map(|n| (n, ilvl.unwrap_or(0)));
                        styles.insert(id, s);
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
        Ok(Styles { styles })
    }

    /// The style chain of `id` (the style, then what it is based on), loops cut.
    fn chain(&self, id: &str) -> impl Iterator<Item = &Style> {
        let mut next = self.styles.get(id);
        let mut steps = 0;
        std::iter::from_fn(move || {
            let style = next?;
            steps += 1;
            next = if steps < 16 {
                style.based_on.as_deref().and_then(|b| self.styles.get(b))
            } else {
                None
            };
            Some(style)
        })
    }

    /// The heading rank a style gives: by name (`heading 1`, `标题 1`, `title`, `标题`), else by
    /// outline level, following `basedOn`.
    fn rank(&self, id: &str) -> Option<Rank> {
        for style in self.chain(id) {
            if let Some(rank) = rank_of_name(&style.name) {
                return Some(rank);
            }
            if let Some(level) = style.outline.filter(|&l| l < 9) {
                return Some(Rank::Heading(level as u8 + 1));
            }
        }
        None
    }

    /// The numbering a style attaches to its paragraphs (`numId`, `ilvl`).
    fn num(&self, id: &str) -> Option<(u32, u32)> {
        self.chain(id).find_map(|s| s.num)
    }
}

/// Heading rank of a built-in style name (`heading 2`, `标题 2`, `title`).
fn rank_of_name(name: &str) -> Option<Rank> {
    let name = name.trim();
    if name == "title" || name == "标题" {
        return Some(Rank::Title);
    }
    let rest = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))?;
    let level: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(Rank::Heading(level))
}

/// One level of an abstract numbering definition.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
    legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            legal: false,
        }
    }
}

/// The numbering definitions of `numbering.xml` and the running counters.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<u32, Vec<Level>>,
    /// `numId` → (`abstractNumId`, start overrides by level).
    nums: HashMap<u32, (u32, HashMap<u32, u32>)>,
    /// Current value of each level of each abstract list.
    counters: HashMap<u32, [Option<u32>; 9]>,
    /// `numId`s whose start overrides were applied.
    started: std::collections::HashSet<u32>,
}

/// How a numbered paragraph's label reads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Label {
    /// A bullet.
    Bullet,
    /// A rendered number such as `一、`, `1.`, `1.1`, `（一）`.
    Number(String),
}

impl Numbering {
    fn parse(xml: &str, path: &Path) -> Result<Numbering> {
        let mut numbering = Numbering::default();
        let mut abstract_id: Option<u32> = None;
        let mut level: Option<(u32, Level)> = None;
        let mut num: Option<(u32, u32, HashMap<u32, u32>)> = None;
        let mut override_level: Option<u32> = None;
        walk(xml, "word/numbering.xml", path, |event, _| {
            match event {
                XmlEvent::Open(e) | XmlEvent::Leaf(e) => match e.local_name().as_ref() {
                    b"abstractNum" => abstract_id = attr(e, b"abstractNumId").and_then(num_of),
                    b"lvl" if num.is_none() => {
                        level = attr(e, b"ilvl")
                            .and_then(num_of)
                            .map(|i| (i, Level::default()));
                    }
                    b"start" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), val_u32(e)) {
                            l.start = v;
                        }
                    }
                    b"numFmt" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.format = val(e).unwrap_or_default();
                        }
                    }
                    b"lvlText" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.text = val(e).unwrap_or_default();
                        }
                    }
                    b"isLgl" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.legal = val(e).is_none_or(|v| v != "0" && v != "false");
                        }
                    }
                    b"num" => {
                        num = attr(e, b"numId")
                            .and_then(num_of)
                            .map(|id| (id, 0, HashMap::new()));
                    }
                    b"abstractNumId" => {
                        if let (Some(n), Some(v)) = (num.as_mut(), val_u32(e)) {
                            n.1 = v;
                        }
                    }
                    b"lvlOverride" => override_level = attr(e, b"ilvl").and_then(num_of),
                    b"startOverride" => {
                        if let (Some(n), Some(l), Some(v)) =
                            (num.as_mut(), override_level, val_u32(e))
                        {
                            n.2.insert(l, v);
                        }
                    }
                    _ => {}
                },
                XmlEvent::Close(b"lvl") => {
                    if let (Some((i, l)), Some(a)) = (level.take(), abstract_id) {
                        let levels = numbering.abstracts.entry(a).or_default();
                        let i = i.min(8) as usize;
                        if levels.len() <= i {
                            levels.resize(i + 1, Level::default());
                        }
                        if let Some(slot) = levels.get_mut(i) {
                            *slot = l;
                        }
                    }
                }
                XmlEvent::Close(b"abstractNum") => abstract_id = None,
                XmlEvent::Close(b"num") => {
                    if let Some((id, a, overrides)) = num.take() {
                        numbering.nums.insert(id, (a, overrides));
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
        Ok(numbering)
    }

    /// Advances the counter of (`num_id`, `ilvl`) and renders the label Word shows there.
    fn next(&mut self, num_id: u32, ilvl: u32) -> Option<Label> {
        let (abstract_id, overrides) = self.nums.get(&num_id)?;
        let abstract_id = *abstract_id;
        let levels = self.abstracts.get(&abstract_id)?;
        let ilvl = (ilvl.min(8)) as usize;
        let level = levels.get(ilvl)?;
        let counters = self.counters.entry(abstract_id).or_insert([None; 9]);
        if self.started.insert(num_id) {
            for (&l, &start) in overrides {
                if let Some(slot) = counters.get_mut(l as usize) {
                    // The next paragraph at that level gets `start`.
                    *slot = Some(start.saturating_sub(1));
                }
            }
        }
        let value = counters
            .get(ilvl)
            .copied()
            .flatten()
            .map_or(level.start, |v| v.saturating_add(1));
        if let Some(slot) = counters.get_mut(ilvl) {
            *slot = Some(value);
        }
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        match level.format.as_str() {
            "bullet" => return Some(Label::Bullet),
            "none" if !level.text.contains('%') => {
                return (!level.text.trim().is_empty())
                    .then(|| Label::Number(level.text.trim().to_owned()))
            }
            _ => {}
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match (c, digit) {
                ('%', Some(d)) if (1..=9).contains(&d) => {
                    chars.next();
                    let k = (d - 1) as usize;
                    let other = levels.get(k).cloned().unwrap_or_default();
                    let v = counters.get(k).copied().flatten().unwrap_or(other.start);
                    let format = if level.legal && k < ilvl {
                        "decimal"
                    } else {
                        other.format.as_str()
                    };
                    label.push_str(&format_number(v, format));
                }
                _ => label.push(c),
            }
        }
        let label = label.trim().to_owned();
        (!label.is_empty()).then_some(Label::Number(label))
    }
}

/// A decimal attribute value.
fn num_of(s: String) -> Option<u32> {
    s.trim().parse().ok()
}

/// `n` written in a Word number format (`decimal`, `chineseCounting`, `lowerLetter` …).
fn format_number(n: u32, format: &str) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    const STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
    const BRANCHES: &str = "子丑寅卯辰巳午未申酉戌亥";
    let cycle = |set: &str| {
        let chars: Vec<char> = set.chars().collect();
        let i = (n.max(1) as usize - 1) % chars.len().max(1);
        chars.get(i).map(|c| c.to_string()).unwrap_or_default()
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "ideographLegalTraditional" => chinese_number(n),
        "chineseLegalSimplified" => chinese_number(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                '百' => '佰',
                '千' => '仟',
                other => other,
            })
            .collect(),
        "ideographDigital" | "taiwaneseDigital" => n
            .to_string()
            .chars()
            .map(|d| match d {
                '0' => '〇',
                other => chinese_number(other.to_digit(10).unwrap_or(0))
                    .chars()
                    .next()
                    .unwrap_or('〇'),
            })
            .collect(),
        "ideographTraditional" => cycle(STEMS),
        "ideographZodiac" => cycle(BRANCHES),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            cycle(CIRCLED)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        // Letters and Roman numerals grow with the number: a hostile start value (4,000,000,000)
        // would make one label gigabytes long, so large numbers stay decimal.
        "lowerLetter" | "upperLetter" | "lowerRoman" | "upperRoman" if n > 4000 => n.to_string(),
        "lowerLetter" | "upperLetter" => {
            let letter = char::from(b'a' + ((n.max(1) - 1) % 26) as u8);
            let repeat = ((n.max(1) - 1) / 26 + 1) as usize;
            let s = letter.to_string().repeat(repeat);
            if format == "upperLetter" {
                s.to_uppercase()
            } else {
                s
            }
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

/// `n` (1–9999) in Chinese numerals as Word counts (`十一`, `二十`, `一百零五`).
fn chinese_number(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or('零');
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let mut out = String::new();
    let mut zero = false;
    for (unit, name) in [
        (1000, Some('千')),
        (100, Some('百')),
        (10, Some('十')),
        (1, None),
    ] {
        let d = n / unit % 10;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // 十一 rather than 一十一 when the number starts with the tens.
        if !(unit == 10 && d == 1 && out.is_empty()) {
            out.push(digit(d));
        }
        if let Some(name) = name {
            out.push(name);
        }
    }
    out
}

/// `n` in upper-case Roman numerals.
fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

/// A block of the body, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Paragraph {
        rank: Option<Rank>,
        label: Option<Label>,
        text: String,
    },
    Table(Vec<Vec<String>>),
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    style: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u32>,
    outline: Option<u32>,
    text: String,
    mark_inserted: bool,
    mark_deleted: bool,
}

/// A table being read: its rows, and the row being read (dropped when its revision is undone).
#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    row_inserted: bool,
    row_deleted: bool,
}

/// Where finished paragraphs go: the body, or the table cell being read.
#[derive(Debug)]
enum Sink {
    Body,
    Cell(String),
}

/// Reads `document.xml` into blocks.
struct BodyReader<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    view: Revisions,
    out: Vec<Block>,
    paras: Vec<Para>,
    tables: Vec<Table>,
    sinks: Vec<Sink>,
    /// Depth of the element whose subtree is being skipped.
    skip: Option<usize>,
    /// Inside `w:t` (or `w:delText` when reading the rejected side).
    in_text: bool,
    /// Inside a paragraph's or row's properties (`w:pPr`, `w:trPr`): revision marks there apply
    /// to the paragraph mark or the row.
    in_para_props: bool,
    in_row_props: bool,
    /// Text of paragraphs whose mark was removed, joined to the next paragraph.
    carry: String,
    revisions: usize,
}

impl<'s> BodyReader<'s> {
    fn new(styles: &'s Styles, numbering: Numbering, view: Revisions) -> Self {
        BodyReader {
            styles,
            numbering,
            view,
            out: Vec::new(),
            paras: Vec::new(),
            tables: Vec::new(),
            sinks: vec![Sink::Body],
            skip: None,
            in_text: false,
            in_para_props: false,
            in_row_props: false,
            carry: String::new(),
            revisions: 0,
        }
    }

    fn run(&mut self, xml: &str, part: &str, path: &Path) -> Result<()> {
        walk(xml, part, path, |event, depth| {
            if let Some(skip) = self.skip {
                if let XmlEvent::Close(_) = event {
                    if depth == skip {
                        self.skip = None;
                    }
                }
                return Ok(());
            }
            match event {
                XmlEvent::Open(e) => {
                    if self.skips(e.local_name().as_ref()) {
                        self.skip = Some(depth);
                    } else {
                        self.open(e, false);
                    }
                }
                XmlEvent::Leaf(e) => {
                    if !self.skips(e.local_name().as_ref()) {
                        self.open(e, true);
                    }
                }
                XmlEvent::Text(text) => {
                    if self.in_text {
                        if let Some(p) = self.paras.last_mut() {
                            p.text.push_str(text);
                        }
                    }
                }
                XmlEvent::Close(name) => self.close(name),
            }
            Ok(())
        })
    }

    /// Elements whose whole subtree is left out: the other side's revisions, the previous
    /// properties of a formatting change, the fallback copy of alternate content.
    fn skips(&mut self, name: &[u8]) -> bool {
        let revision = matches!(name, b"ins" | b"del" | b"moveFrom" | b"moveTo");
        if revision && !self.in_para_props && !self.in_row_props {
            self.revisions += 1;
            return match self.view {
                Revisions::Accepted => matches!(name, b"del" | b"moveFrom"),
                Revisions::Rejected => matches!(name, b"ins" | b"moveTo"),
            };
        }
        matches!(
            name,
            b"pPrChange"
                | b"rPrChange"
                | b"sectPrChange"
                | b"tblPrChange"
                | b"trPrChange"
                | b"tcPrChange"
                | b"tblGridChange"
                | b"numberingChange"
                | b"Fallback"
                | b"instrText"
                | b"delInstrText"
                | b"sectPr"
        )
    }

    fn open(&mut self, e: &BytesStart<'_>, leaf: bool) {
        let name = e.local_name();
        match name.as_ref() {
            b"p" if !leaf => self.paras.push(Para::default()),
            b"pPr" if !leaf => self.in_para_props = true,
            b"trPr" if !leaf => self.in_row_props = true,
            b"pStyle" if self.in_para_props => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = val(e);
                }
            }
            b"numId" if self.in_para_props => {
                if let Some(p) = self.paras.last_mut() {
                    p.num_id = val_u32(e);
                }
            }
            b"ilvl" if self.in_para_props => {
                if let Some(p) = self.paras.last_mut() {
                    p.ilvl = val_u32(e);
                }
            }
            b"outlineLvl" if self.in_para_props => {
                if let Some(p) = self.paras.last_mut() {
                    p.outline = val_u32(e);
                }
            }
            b"ins" | b"del" | b"moveFrom" | b"moveTo" if self.in_row_props => {
                self.revisions += 1;
                if let Some(t) = self.tables.last_mut() {
                    let inserted = matches!(name.as_ref(), b"ins" | b"moveTo");
                    t.row_inserted |= inserted;
                    t.row_deleted |= !inserted;
                }
            }
            b"ins" | b"del" | b"moveFrom" | b"moveTo" if self.in_para_props => {
                self.revisions += 1;
                if let Some(p) = self.paras.last_mut() {
                    let inserted = matches!(name.as_ref(), b"ins" | b"moveTo");
                    p.mark_inserted |= inserted;
                    p.mark_deleted |= !inserted;
                }
            }
            b"t" if !leaf => self.in_text = true,
            b"delText" if !leaf => self.in_text = self.view == Revisions::Rejected,
            b"tab" | b"ptab" if !self.in_para_props => self.push_text(" "),
            b"br" | b"cr" => self.push_text("\n"),
            b"noBreakHyphen" => self.push_text("-"),
            b"tbl" if !leaf => self.tables.push(Table::default()),
            b"tr" if !leaf => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                    t.row_inserted = false;
                    t.row_deleted = false;
                }
            }
            b"tc" if !leaf => self.sinks.push(Sink::Cell(String::new())),
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(text);
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"p" => {
                if let Some(p) = self.paras.pop() {
                    self.finish_paragraph(p);
                }
            }
            b"pPr" => self.in_para_props = false,
            b"trPr" => self.in_row_props = false,
            b"t" | b"delText" => self.in_text = false,
            b"tc" if self.sinks.len() > 1 => {
                if let Some(Sink::Cell(text)) = self.sinks.pop() {
                    if let Some(t) = self.tables.last_mut() {
                        t.row.push(text);
                    }
                }
            }
            b"tr" => {
                let view = self.view;
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    let dropped = match view {
                        Revisions::Accepted => t.row_deleted,
                        Revisions::Rejected => t.row_inserted,
                    };
                    if !dropped && !row.is_empty() {
                        t.rows.push(row);
                    }
                }
            }
            b"tbl" => {
                if let Some(t) = self.tables.pop() {
                    if t.rows.is_empty() {
                        return;
                    }
                    match self.sinks.last_mut() {
                        // A table inside a cell: its text joins the cell's.
                        Some(Sink::Cell(text)) => {
                            for cell in t.rows.iter().flatten() {
                                join_into(text, cell);
                            }
                        }
                        _ => self.out.push(Block::Table(t.rows)),
                    }
                }
            }
            _ => {}
        }
    }

    /// A paragraph ends: its mark may be undone by the side read (joining it to the next
    /// paragraph); otherwise its heading rank and numbering label are resolved and it goes to
    /// the body or the current cell.
    fn finish_paragraph(&mut self, p: Para) {
        let mark_removed = match self.view {
            Revisions::Accepted => p.mark_deleted,
            Revisions::Rejected => p.mark_inserted,
        };
        if mark_removed {
            self.carry.push_str(&p.text);
            return;
        }
        let mut text = std::mem::take(&mut self.carry);
        text.push_str(&p.text);
        let text = clean(&text);
        if text.is_empty() {
            return;
        }
        let style = p.style.as_deref().unwrap_or("Normal");
        let rank = match p.outline.filter(|&l| l < 9) {
            Some(level) => Some(Rank::Heading(level as u8 + 1)),
            None => self.styles.rank(style),
        };
        let num = match p.num_id {
            Some(0) => None,
            Some(id) => Some((id, p.ilvl.unwrap_or(0))),
            None => self
                .styles
                .num(style)
                .map(|(id, lvl)| (id, p.ilvl.unwrap_or(lvl))),
        };
        let label = num.and_then(|(id, lvl)| self.numbering.next(id, lvl));
        match self.sinks.last_mut() {
            Some(Sink::Cell(cell)) => {
                let line = match &label {
                    Some(Label::Number(l)) => format!("{l}{}{text}", separator(l)),
                    _ => text,
                };
                join_into(cell, &line);
            }
            _ => self.out.push(Block::Paragraph { rank, label, text }),
        }
    }
}

/// Appends `piece` to a cell's text, one space between pieces.
fn join_into(cell: &mut String, piece: &str) {
    if piece.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(piece);
}

/// A paragraph's text with each line trimmed and blank lines dropped.
fn clean(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What goes between a numbering label and the text: nothing after Chinese closing
/// punctuation (`一、`, `（一）`), a space otherwise (`1.1 `, `第一条 `).
fn separator(label: &str) -> &'static str {
    if label.ends_with(['、', '）', '】', '〕', '．']) {
        ""
    } else {
        " "
    }
}

/// Backslash-escapes what Markdown would read as markup, so the text reads back as written.
fn escape(text: &str, in_table: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split('\n') {
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, c) in line.chars().enumerate() {
            let special = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '~')
                || (c == '|' && in_table)
                || (i == 0 && matches!(c, '#' | '>' | '=' | '+'));
            if special {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// True when a label is a Markdown ordered-list marker (`3.`, `3)`).
fn is_list_marker(label: &str) -> bool {
    let digits = label.trim_end_matches(['.', ')']);
    digits.len() + 1 == label.len()
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The Markdown rendition of the blocks, then one comment naming the parts left out.
fn render(blocks: &[Block], omitted: &[(&str, usize)]) -> String {
    let mut out = String::new();
    let mut previous_item = false;
    for block in blocks {
        let (piece, item) = match block {
            Block::Paragraph { rank, label, text } => render_paragraph(*rank, label.as_ref(), text),
            Block::Table(rows) => (render_table(rows), false),
        };
        if !out.is_empty() {
            out.push_str(if item && previous_item { "\n" } else { "\n\n" });
        }
        out.push_str(&piece);
        previous_item = item;
    }
    if !omitted.is_empty() {
        let parts: Vec<String> = omitted
            .iter()
            .map(|(kind, n)| format!("{kind} ×{n}"))
            .collect();
        out.push_str(&format!(
            "\n\n<!-- policydiff: not read as body text: {} -->",
            parts.join(", ")
        ));
    }
    out.push('\n');
    out
}

/// One paragraph in Markdown, and whether it is a list item.
fn render_paragraph(rank: Option<Rank>, label: Option<&Label>, text: &str) -> (String, bool) {
    let one_line = || text.replace('\n', " ");
    let numbered = |body: &str| match label {
        Some(Label::Number(l)) => format!("{}{}{}", escape(l, false), separator(l), body),
        _ => body.to_owned(),
    };
    match rank {
        Some(Rank::Title) => (format!("# {}", escape(&one_line(), false)), false),
        Some(Rank::Heading(level)) => {
            let hashes = "#".repeat(usize::from(level.saturating_add(1)).min(6));
            (
                format!("{hashes} {}", numbered(&escape(&one_line(), false))),
                false,
            )
        }
        None => match label {
            Some(Label::Bullet) => (format!("- {}", escape(text, false)), true),
            Some(Label::Number(l)) if is_list_marker(l) => {
                (format!("{l} {}", escape(&one_line(), false)), true)
            }
            _ => (numbered(&escape(text, false)), false),
        },
    }
}

/// A table as a Markdown pipe table, the first row as the header. Only the header and the
/// delimiter row are padded to the widest row (GFM fills short rows itself), so the rendition
/// stays linear in the input whatever the shape of the table.
fn render_table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let line = |cells: &[String], pad_to: usize| {
        let mut s = String::from("|");
        for i in 0..cells.len().max(pad_to) {
            let cell = cells.get(i).map_or("", String::as_str);
            s.push(' ');
            s.push_str(&escape(&cell.replace('\n', " "), true));
            s.push_str(" |");
        }
        s
    };
    let mut out = Vec::with_capacity(rows.len() + 1);
    let mut rows = rows.iter();
    out.push(line(rows.next().map_or(&[], Vec::as_slice), width));
    out.push(format!("|{}", " --- |".repeat(width)));
    out.extend(rows.map(|r| line(r, 0)));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_word_formats() {
        let cases = [
            (1, "chineseCounting", "一"),
            (10, "chineseCounting", "十"),
            (11, "chineseCounting", "十一"),
            (20, "chineseCounting", "二十"),
            (105, "chineseCountingThousand", "一百零五"),
            (3, "decimal", "3"),
            (4, "lowerRoman", "iv"),
            (28, "upperLetter", "BB"),
            (2, "ideographTraditional", "乙"),
            (3, "decimalEnclosedCircle", "③"),
            (12, "decimalFullWidth", "１２"),
            (4_000_000_000, "upperRoman", "4000000000"),
            (4_000_000_000, "lowerLetter", "4000000000"),
        ];
        for (n, format, expected) in cases {
            assert_eq!(format_number(n, format), expected, "{n} {format}");
        }
    }

    #[test]
    fn style_names_give_heading_ranks() {
        assert_eq!(rank_of_name("heading 2"), Some(Rank::Heading(2)));
        assert_eq!(rank_of_name("标题 3"), Some(Rank::Heading(3)));
        assert_eq!(rank_of_name("title"), Some(Rank::Title));
        assert_eq!(rank_of_name("normal"), None);
    }

    #[test]
    fn markup_is_escaped_and_labels_are_spaced() {
        assert_eq!(escape("# a*b_c", false), "\\# a\\*b\\_c");
        assert_eq!(escape("a|b", true), "a\\|b");
        assert_eq!(separator("一、"), "");
        assert_eq!(separator("1.1"), " ");
        assert!(is_list_marker("12."));
        assert!(!is_list_marker("1.1"));
        assert_eq!(
            resolve_target("word", "../customXml/a.xml"),
            "customXml/a.xml"
        );
        assert_eq!(resolve_target("word", "styles.xml"), "word/styles.xml");
    }
}
