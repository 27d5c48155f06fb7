//! PDF with a text layer → plain text the structure stage reads: text shown by each page's content
//! stream (decoded through the fonts' encodings and ToUnicode maps) is grouped into lines by
//! position, running headers, footers and page numbers are dropped, and lines are joined into
//! paragraphs (no space between CJK characters, hyphenless).

use crate::error::{Error, Result};
use lopdf::content::Content;
use lopdf::{Document, Object};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Names the document kind in errors.
const FORMAT: &str = "PDF document";

/// Why a PDF has no usable text.
fn refuse(path: &Path, detail: impl Into<String>) -> Error {
    Error::Container {
        path: path.to_path_buf(),
        format: FORMAT,
        detail: detail.into(),
    }
}

/// One line of text on a page: its baseline height, right edge, font size and text.
#[derive(Debug, Clone)]
struct Line {
    y: f32,
    right: f32,
    size: f32,
    text: String,
}

/// Reads the text layer of the PDF in `raw` into plain text, one paragraph per line; its
/// compressed streams may unpack to at most `max_size` bytes in all.
pub fn read(raw: &[u8], path: &Path, max_size: u64) -> Result<String> {
    check_unpacked_size(raw, path, max_size)?;
    if holds(raw, b"/Encrypt") {
        return Err(refuse(
            path,
            "the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt IN OUT)",
        ));
    }
    // A damaged or hostile file must not take the process down with a panic in the parser.
    let loaded = std::panic::catch_unwind(|| Document::load_mem(raw))
        .map_err(|_| refuse(path, "not a readable PDF (the parser failed on it)"))?;
    let doc = loaded.map_err(|e| refuse(path, format!("not a readable PDF: {e}")))?;
    if doc.is_encrypted() || doc.was_encrypted() {
        return Err(refuse(
            path,
            "the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt IN OUT)",
        ));
    }
    let pages = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        doc.get_pages()
            .into_values()
            .map(|page_id| page_lines(&doc, page_id).unwrap_or_default())
            .collect::<Vec<_>>()
    }))
    .map_err(|_| refuse(path, "its pages cannot be read (the parser failed on them)"))?;
    let mut pages = pages;
    if pages
        .iter()
        .all(|p| p.iter().all(|l| l.text.trim().is_empty()))
    {
        return Err(refuse(
            path,
            "the PDF has no text layer (a scan?); OCR is out of scope: convert it to text with an OCR tool first",
        ));
    }
    drop_running_lines(&mut pages);
    let text = paragraphs(&pages);
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    match judge(&text) {
        Verdict::Chinese => {}
        Verdict::Garbled => return Err(refuse(
            path,
            "its text does not decode to readable characters (fonts without ToUnicode maps?); OCR is out of scope: convert it to text with an OCR tool first",
        )),
        Verdict::NotChinese => return Err(refuse(
            path,
            "its text does not decode to plausible Chinese (under a fifth of it is CJK ideographs: fonts without ToUnicode maps, or a policy in another language); OCR is out of scope: convert it to text with an OCR tool first",
        )),
    }
    Ok(text)
}

/// True when `needle` occurs in `haystack`.
fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle, 0).is_some()
}

/// Where `needle` next occurs in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

/// Inflates every zlib stream of the file through a bounded reader before the parser sees it:
/// the parser inflates streams without a limit, so a deflate bomb is refused here, once the
/// streams together pass `max_size` unpacked bytes. Streams that are not zlib data are skipped.
fn check_unpacked_size(raw: &[u8], path: &Path, max_size: u64) -> Result<()> {
    use std::io::Read;
    let mut budget = max_size;
    let mut at = 0;
    let mut buf = vec![0u8; 64 * 1024];
    while let Some(keyword) = find(raw, b"stream", at) {
        at = keyword + b"stream".len();
        if keyword >= 3 && raw.get(keyword - 3..keyword) == Some(b"end") {
            continue;
        }
        let mut start = at;
        if raw.get(start) == Some(&b'\r') {
            start += 1;
        }
        if raw.get(start) == Some(&b'\n') {
            start += 1;
        }
        let end = find(raw, b"endstream", start).unwrap_or(raw.len());
        let mut decoder = flate2::read::ZlibDecoder::new(raw.get(start..end).unwrap_or_default());
        loop {
            match decoder.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let n = n as u64;
                    if n > budget {
                        return Err(Error::UnpackedTooLarge {
                            path: path.to_path_buf(),
                            part: "the PDF's compressed streams".into(),
                            limit: max_size,
                        });
                    }
                    budget -= n;
                }
            }
        }
        at = end;
    }
    Ok(())
}

/// A 2-D affine matrix `[a b c d e f]`.
type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n` (apply `m`, then `n`).
fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn number(o: Option<&Object>) -> f32 {
    o.and_then(|o| o.as_float().ok()).unwrap_or(0.0)
}

/// The six operands of `cm` or `Tm` as a matrix.
fn matrix(operands: &[Object]) -> Option<Matrix> {
    let values: Vec<f32> = operands.iter().map(|o| number(Some(o))).collect();
    <[f32; 6]>::try_from(values.as_slice()).ok()
}

/// The text lines of one page, in content order, merged by baseline.
fn page_lines(doc: &Document, page_id: lopdf::ObjectId) -> Option<Vec<Line>> {
    let fonts = doc.get_page_fonts(page_id).ok()?;
    let encodings: BTreeMap<Vec<u8>, lopdf::Encoding> = fonts
        .into_iter()
        .filter_map(|(name, font)| font.get_font_encoding(doc).ok().map(|e| (name, e)))
        .collect();
    let content = Content::decode(&doc.get_page_content(page_id).ok()?).ok()?;
    let mut lines: Vec<Line> = Vec::new();
    let mut ctm = IDENTITY;
    let mut stack: Vec<Matrix> = Vec::new();
    let mut tm = IDENTITY;
    let mut tlm = IDENTITY;
    let mut leading = 0.0f32;
    let mut size = 12.0f32;
    let mut font: Option<&lopdf::Encoding> = None;
    for op in &content.operations {
        let operands = &op.operands;
        let mut show: Vec<&Object> = Vec::new();
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(IDENTITY),
            "cm" => {
                if let Some(m) = matrix(operands) {
                    ctm = multiply(&m, &ctm);
                }
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" => {
                font = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| encodings.get(n));
                size = number(operands.get(1)).abs().max(1.0);
            }
            "TL" => leading = number(operands.first()),
            "Td" | "TD" => {
                let (tx, ty) = (number(operands.first()), number(operands.get(1)));
                if op.operator == "TD" {
                    leading = -ty;
                }
                tlm = multiply(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                tm = tlm;
            }
            "Tm" => {
                if let Some(m) = matrix(operands) {
                    tlm = m;
                    tm = tlm;
                }
            }
            "T*" => {
                tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
            }
            "'" => {
                tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
                show.extend(operands.first());
            }
            "\"" => {
                tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
                show.extend(operands.get(2));
            }
            "Tj" => show.extend(operands.first()),
            "TJ" => {
                if let Some(Object::Array(items)) = operands.first() {
                    show.extend(items.iter());
                }
            }
            _ => {}
        }
        if show.is_empty() {
            continue;
        }
        let Some(encoding) = font else { continue };
        let mut text = String::new();
        for item in show {
            match item {
                Object::String(bytes, _) => {
                    if let Ok(s) = Document::decode_text(encoding, bytes) {
                        text.push_str(&s);
                    }
                }
                // A large negative kerning in a TJ array is a word space in Latin text.
                other
                    if number(Some(other)) < -250.0
                        && text.ends_with(|c: char| c.is_ascii_alphanumeric()) =>
                {
                    text.push(' ');
                }
                _ => {}
            }
        }
        let at = multiply(&tm, &ctm);
        let scale = (at[2] * at[2] + at[3] * at[3]).sqrt().max(0.01);
        let shown = size * scale;
        let (x, y) = (at[4], at[5]);
        let width: f32 = text
            .chars()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .sum::<f32>()
            * shown;
        // The next show on this line starts after this one (fonts' widths are not read).
        tm = multiply(&[1.0, 0.0, 0.0, 1.0, width / scale.max(0.01), 0.0], &tm);
        match lines.last_mut() {
            Some(line) if (line.y - y).abs() < shown * 0.5 => {
                // A wide gap on the same baseline separates table cells.
                if x - line.right > shown * 1.5 {
                    line.text.push(' ');
                }
                line.text.push_str(&text);
                line.right = line.right.max(x + width);
            }
            _ => lines.push(Line {
                y,
                right: x + width,
                size: shown,
                text,
            }),
        }
    }
    for line in &mut lines {
        line.text = line.text.trim().to_owned();
    }
    lines.retain(|l| !l.text.is_empty());
    Some(lines)
}

/// A line with digits replaced, so `第 3 页` and `第 4 页` compare equal.
fn shape(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// True for a line that is only a page number (`3`, `- 3 -`, `第 3 页`, `3 / 12`, `Page 3`).
fn is_page_number(text: &str) -> bool {
    let s = shape(text);
    let core = s
        .trim_start_matches("Page")
        .trim_start_matches('第')
        .trim_end_matches('页')
        .trim_matches(|c| matches!(c, '-' | '–' | '—' | '·'));
    !core.is_empty()
        && core.contains('#')
        && core
            .chars()
            .all(|c| matches!(c, '#' | '/' | '共' | '页' | '，' | ','))
}

/// Drops page numbers and lines repeated at the top or bottom of most pages (running headers
/// and footers).
fn drop_running_lines(pages: &mut [Vec<Line>]) {
    const EDGE: usize = 2;
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let mut seen = std::collections::HashSet::new();
        for line in edges(page, EDGE) {
            if seen.insert(shape(&line.text)) {
                *counts.entry(shape(&line.text)).or_default() += 1;
            }
        }
    }
    let page_count = pages.len();
    let repeated = |text: &str| {
        page_count >= 2
            && counts
                .get(&shape(text))
                .is_some_and(|&n| n >= 2 && n * 2 >= page_count)
    };
    for page in pages.iter_mut() {
        let drop: Vec<bool> = {
            let edge_ys: Vec<f32> = edges(page, EDGE).map(|l| l.y).collect();
            page.iter()
                .map(|l| edge_ys.contains(&l.y) && (is_page_number(&l.text) || repeated(&l.text)))
                .collect()
        };
        let mut flags = drop.into_iter();
        page.retain(|_| !flags.next().unwrap_or(false));
    }
}

/// The top and bottom `n` lines of a page (by height).
fn edges(page: &[Line], n: usize) -> impl Iterator<Item = &Line> {
    let mut by_height: Vec<&Line> = page.iter().collect();
    by_height.sort_by(|a, b| b.y.total_cmp(&a.y));
    let len = by_height.len();
    by_height
        .into_iter()
        .enumerate()
        .filter(move |&(i, _)| i < n || i + n >= len)
        .map(|(_, l)| l)
}

/// True when a line opens a new unit: a numbered heading or item, a bullet.
fn opens_unit(text: &str) -> bool {
    let mut chars = text.chars();
    let first = chars.next().unwrap_or(' ');
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    match first {
        '第' => true,
        '（' | '(' | '•' | '·' | '●' | '-' | '*' | '①'..='⑳' => true,
        c if numeral(c) => text.chars().find(|&c| !numeral(c)) == Some('、'),
        c if c.is_ascii_digit() => text
            .chars()
            .find(|c| !c.is_ascii_digit())
            .is_some_and(|c| matches!(c, '.' | '、' | '．' | ')' | '）')),
        _ => false,
    }
}

/// Joins lines into paragraphs: a line continues the previous one when the previous line runs to
/// the right margin, sits at most about one line below it, and does not open a numbered unit.
fn paragraphs(pages: &[Vec<Line>]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut previous: Option<(&Line, f32, bool)> = None; // line, page's right margin, same page
    for page in pages {
        let margin = right_margin(page);
        let mut first = true;
        for line in page {
            let continues = previous.is_some_and(|(prev, prev_margin, _)| {
                let full = prev.right >= prev_margin - prev.size * 2.0;
                let close = first || (prev.y - line.y) <= prev.size * 2.0;
                full && close && !opens_unit(&line.text) && (line.y < prev.y || first)
            });
            match out.last_mut() {
                Some(paragraph) if continues => join(paragraph, &line.text),
                _ => out.push(line.text.clone()),
            }
            previous = Some((line, margin, true));
            first = false;
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The page's right margin: the rightmost edge that at least two lines reach (within a
/// character), so one wide table row or a stray line does not move it; else the rightmost edge.
fn right_margin(page: &[Line]) -> f32 {
    let mut rights: Vec<(f32, f32)> = page.iter().map(|l| (l.right, l.size)).collect();
    rights.sort_by(|a, b| b.0.total_cmp(&a.0));
    rights
        .windows(2)
        .find(|pair| matches!(pair, [a, b] if a.0 - b.0 <= a.1.max(b.1)))
        .and_then(|pair| pair.first().map(|p| p.0))
        .or_else(|| rights.first().map(|p| p.0))
        .unwrap_or(0.0)
}

/// Appends a wrapped line: no space between CJK characters, a hyphen at a Latin line end
/// dropped, one space between Latin words. In Chinese text a line breaks anywhere, even inside
/// an e-mail address or a Latin word, so around ideographs nothing is inserted.
fn join(paragraph: &mut String, next: &str) {
    let last = paragraph.chars().last().unwrap_or(' ');
    let first = next.chars().next().unwrap_or(' ');
    let chinese = paragraph.chars().rev().take(30).any(super::is_ideograph)
        || next.chars().take(30).any(super::is_ideograph);
    if last == '-' && first.is_ascii_lowercase() && !chinese {
        paragraph.pop();
    } else if last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric() && !chinese {
        paragraph.push(' ');
    }
    paragraph.push_str(next);
}

/// What the decoded text of a PDF reads as.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// Some CJK ideographs and few undecodable characters.
    Chinese,
    /// Many replacement, private-use or control characters: what fonts without a Unicode map
    /// decode to.
    Garbled,
    /// Readable, but not Chinese.
    NotChinese,
}

/// Judges decoded text: garbled when more than 5 % of it is replacement, private-use or control
/// characters, Chinese when at least a fifth is CJK ideographs.
fn judge(text: &str) -> Verdict {
    let mut ideographs = 0usize;
    let mut bad = 0usize;
    let mut total = 0usize;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        total += 1;
        if super::is_ideograph(c) {
            ideographs += 1;
        } else if c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c) || c.is_control() {
            bad += 1;
        }
    }
    if total == 0 || bad * 20 > total {
        Verdict::Garbled
    } else if ideographs * 5 >= total {
        Verdict::Chinese
    } else {
        Verdict::NotChinese
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_text_is_judged() {
        assert_eq!(judge("我们收集您的手机号码。"), Verdict::Chinese);
        assert_eq!(judge("\u{E001}\u{E002}\u{E003}ab"), Verdict::Garbled);
        assert_eq!(judge("We collect your phone number."), Verdict::NotChinese);
    }

    #[test]
    fn page_numbers_are_recognised() {
        for s in ["3", "- 3 -", "第 3 页", "3 / 12", "第3页，共12页"] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["3. 我们收集", "第三条", "2024年"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn units_open_new_paragraphs() {
        for s in [
            "一、我们收集",
            "1. 注册",
            "（一）账号",
            "第三条 说明",
            "1.1 范围",
        ] {
            assert!(opens_unit(s), "{s}");
        }
        for s in ["我们收集", "2024年1月1日生效"] {
            assert!(!opens_unit(s), "{s}");
        }
    }

    #[test]
    fn lines_join_without_spaces_between_cjk() {
        let mut p = String::from("我们会收集您的手机");
        join(&mut p, "号码。");
        assert_eq!(p, "我们会收集您的手机号码。");
        let mut p = String::from("privacy pol-");
        join(&mut p, "icy");
        assert_eq!(p, "privacy policy");
        let mut p = String::from("read the privacy");
        join(&mut p, "policy");
        assert_eq!(p, "read the privacy policy");
        let mut p = String::from("邮件至privacy@example.c");
        join(&mut p, "n，我们");
        assert_eq!(p, "邮件至privacy@example.cn，我们");
    }
}
