//! Integration tests (issue 19): PDFs with a text layer. A test helper writes the PDF itself (a
//! CID-keyed font with Identity-H encoding and a ToUnicode map, no embedded glyphs: enough for a
//! text layer), lays the fixture policy out in wrapped lines over two pages with a running header
//! and page numbers, and checks it reads like the Markdown; scanned, encrypted and garbled PDFs
//! and a deflate bomb exit 2 with their messages.

use crate::cli::policydiff;
use crate::common::scratch;
use crate::docx::{docx, parse_bytes, policy_body, policy_markdown, practices_json, tree};
use policydiff::model::{Document, Format};
use policydiff::read::docx::Revisions;
use policydiff::{compare, read, structure};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// Text shown at (x, y) in font size `size`.
#[derive(Clone)]
pub struct Show {
    x: f32,
    y: f32,
    size: f32,
    text: String,
}

/// How the test PDF's font maps characters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FontMap {
    /// A ToUnicode map for every character shown.
    ToUnicode,
    /// No ToUnicode map: the codes cannot be turned back into text.
    Missing,
}

/// Writes a PDF whose pages show `pages` (each a list of text pieces); `trailer_extra` is added
/// to the trailer dictionary (e.g. an `/Encrypt` entry); a page with no text draws a rectangle.
pub fn pdf(pages: &[Vec<Show>], map: FontMap, trailer_extra: &str) -> Vec<u8> {
    let mut cids: BTreeMap<char, u16> = BTreeMap::new();
    for c in pages.iter().flatten().flat_map(|s| s.text.chars()) {
        let next = u16::try_from(cids.len() + 1).expect("few characters");
        cids.entry(c).or_insert(next);
    }
    let mut objects: Vec<String> = Vec::new();
    // 1 catalog, 2 pages, 3 font, 4 CID font, 5 ToUnicode, then page/content pairs.
    let first_page = 6;
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        pages.len()
    ));
    let to_unicode = if map == FontMap::ToUnicode {
        " /ToUnicode 5 0 R"
    } else {
        ""
    };
    objects.push(format!("<< /Type /Font /Subtype /Type0 /BaseFont /PolicyTestCJK /Encoding /Identity-H /DescendantFonts [4 0 R]{to_unicode} >>"));
    objects.push("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /PolicyTestCJK /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>".into());
    let mut cmap = String::from("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    let entries: Vec<(&char, &u16)> = cids.iter().collect();
    for chunk in entries.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (c, cid) in chunk {
            let utf16: String = c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{cid:04X}> <{utf16}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    objects.push(stream(&cmap));
    for (i, page) in pages.iter().enumerate() {
        let content_id = first_page + 2 * i + 1;
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"));
        let mut content = String::new();
        if page.is_empty() {
            content.push_str("0.5 g 72 72 451 698 re f\n");
        }
        for show in page {
            let hex: String = show
                .text
                .chars()
                .map(|c| format!("{:04X}", cids.get(&c).copied().unwrap_or(0)))
                .collect();
            content.push_str(&format!(
                "BT /F1 {} Tf 1 0 0 1 {} {} Tm <{hex}> Tj ET\n",
                show.size, show.x, show.y
            ));
        }
        objects.push(stream(&content));
    }
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// An uncompressed stream object.
fn stream(data: &str) -> String {
    format!("<< /Length {} >>\nstream\n{data}\nendstream", data.len())
}

/// Width of `text` in em (CJK 1, ASCII ½), as the reader estimates it.
fn width(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// Lays Markdown-ish policy text out as a PDF would: wrapped at 30 em, a running header and a
/// page number on each page, table rows as cells side by side. Returns the pages.
pub fn layout(markdown: &str, lines_per_page: usize) -> Vec<Vec<Show>> {
    const SIZE: f32 = 12.0;
    const LEFT: f32 = 72.0;
    const WRAP: f32 = 30.0;
    let mut body: Vec<(f32, Vec<String>)> = Vec::new(); // (size, cells) per visual line
    for raw in markdown.lines() {
        let line = raw.trim_start_matches('#').trim();
        if line.is_empty() || line.starts_with("| ---") {
            continue;
        }
        if line.starts_with('|') {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect();
            body.push((7.0, cells));
            continue;
        }
        // Wrap at 30 em.
        let mut current = String::new();
        for c in line.chars() {
            if width(&current) + width(&c.to_string()) > WRAP {
                body.push((SIZE, vec![std::mem::take(&mut current)]));
            }
            current.push(c);
        }
        body.push((SIZE, vec![current]));
    }
    let mut pages = Vec::new();
    for (number, chunk) in body.chunks(lines_per_page).enumerate() {
        let mut page = vec![Show {
            x: LEFT,
            y: 800.0,
            size: 9.0,
            text: "青禾记账 隐私政策（2025年版）".into(),
        }];
        let mut y = 760.0;
        for (size, cells) in chunk {
            let mut x = LEFT;
            for cell in cells {
                page.push(Show {
                    x,
                    y,
                    size: *size,
                    text: cell.clone(),
                });
                x += width(cell) * size + 30.0;
            }
            y -= size * 1.5;
        }
        page.push(Show {
            x: 290.0,
            y: 40.0,
            size: 9.0,
            text: format!("第 {} 页", number + 1),
        });
        pages.push(page);
    }
    pages
}

fn parse_pdf(bytes: &[u8]) -> Document {
    let input = read::from_bytes(bytes, Path::new("policy.pdf"))
        .unwrap_or_else(|e| panic!("policy.pdf: {e}"));
    structure::parse(&input)
}

#[test]
fn markdown_and_pdf_give_the_same_tree_practices_and_an_editorial_diff() {
    let md_text = policy_markdown();
    let md = structure::parse(
        &read::from_bytes(md_text.as_bytes(), Path::new("policy.md")).expect("markdown"),
    );
    let started = Instant::now();
    let pdf_doc = parse_pdf(&pdf(&layout(&md_text, 14), FontMap::ToUnicode, ""));
    eprintln!("two-page PDF read and parsed in {:?}", started.elapsed());
    assert_eq!(pdf_doc.source.format, Format::Pdf);
    // Wrapped lines are joined back, the running header and page numbers are gone.
    assert!(
        pdf_doc.text.contains("杭州青禾软件有限公司（以下简称“我们”）运营“青禾记账”App。本政策说明我们如何收集、使用和保护您的个人信息。"),
        "{}",
        pdf_doc.text
    );
    assert!(
        !pdf_doc.text.contains("2025年版") && !pdf_doc.text.contains("第 1 页"),
        "{}",
        pdf_doc.text
    );
    assert_eq!(tree(&pdf_doc), tree(&md), "rendition:\n{}", pdf_doc.text);
    assert_eq!(
        practices_json(&pdf_doc),
        practices_json(&md),
        "rendition:\n{}",
        pdf_doc.text
    );
    let report = compare::compare(&md, &pdf_doc);
    assert!(
        !report.has_substantive_changes(),
        "Markdown vs PDF must be editorial only: {:#?}",
        report.changes
    );
    let word = parse_bytes(
        &docx(&policy_body(false)),
        "policy.docx",
        Revisions::Accepted,
    );
    assert!(!compare::compare(&word, &pdf_doc).has_substantive_changes());
}

/// Runs `parse` on a PDF, expecting exit 2 and `message`.
fn assert_refused(bytes: &[u8], name: &str, message: &str) {
    let dir = scratch();
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    let out = policydiff(&["parse", &path.to_string_lossy()], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
    assert!(
        stderr.contains(message),
        "{name}: expected {message:?} in {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn scanned_encrypted_and_garbled_pdfs_exit_2_saying_which() {
    let pages = layout(&policy_markdown(), 14);
    assert_refused(
        &pdf(&[Vec::new(), Vec::new()], FontMap::ToUnicode, ""),
        "scanned.pdf",
        "no text layer",
    );
    assert_refused(
        &pdf(
            &pages,
            FontMap::ToUnicode,
            " /Encrypt << /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>",
        ),
        "encrypted.pdf",
        "encrypted",
    );
    assert_refused(
        &pdf(&pages, FontMap::Missing, ""),
        "garbled.pdf",
        "does not decode to plausible Chinese",
    );
    assert_refused(b"%PDF-1.7\nnot really a pdf", "broken.pdf", "PDF document");
    // A deflate bomb: 80 MB of zeros in a content stream of a few dozen KB.
    let mut bomb = pdf(&pages, FontMap::ToUnicode, "");
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, &vec![0u8; 80 << 20]).expect("deflate");
    let packed = encoder.finish().expect("deflate");
    bomb.extend_from_slice(
        format!(
            "99 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\n",
            packed.len()
        )
        .as_bytes(),
    );
    bomb.extend_from_slice(&packed);
    bomb.extend_from_slice(b"\nendstream\nendobj\n");
    assert!(bomb.len() < 1 << 20);
    let started = Instant::now();
    assert_refused(&bomb, "bomb.pdf", "unpacks to more than");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn a_forty_page_pdf_reads_in_well_under_a_second() {
    let mut md = policy_markdown();
    for section in 0..40 {
        md.push_str(&format!("\n## 补充说明{}\n\n", section + 1));
        for p in 0..12 {
            md.push_str(&format!("第{p}项：为提供第{section}项功能，我们会在您同意后处理您的设备型号、操作记录和位置信息，并在实现目的所需的最短期限内保存。\n\n"));
        }
    }
    let bytes = pdf(&layout(&md, 40), FontMap::ToUnicode, "");
    let started = Instant::now();
    let doc = parse_pdf(&bytes);
    let took = started.elapsed();
    eprintln!(
        "{}-byte PDF ({} clauses): read and parsed in {took:?}",
        bytes.len(),
        doc.clauses.len()
    );
    assert!(doc.clauses.len() > 480, "{}", doc.clauses.len());
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
}

#[test]
fn a_pdf_renamed_txt_is_read_as_pdf_and_batch_picks_up_pdf() {
    let bytes = pdf(&layout(&policy_markdown(), 14), FontMap::ToUnicode, "");
    crate::cli::assert_detected_by_content(&bytes, "pdf");
}
