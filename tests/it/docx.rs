//! Integration tests (issue 19): Word documents. A test helper writes the `.docx` (ZIP + XML) with
//! a title style, heading styles, automatic numbering, a table, a footer and tracked changes; the
//! same policy as Markdown must give the same tree and practices, a redline alone gives the
//! expected 重大变更 reasons, and hostile containers exit 2 quickly.

use crate::cli::policydiff;
use crate::common::scratch;
use policydiff::model::{Document, Format};
use policydiff::read::{self, docx::Revisions, ReadOptions};
use policydiff::{compare, extract, structure};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Writes a ZIP archive of `(name, content)` parts, deflated.
pub fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(content).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

/// A `.docx` whose `word/document.xml` body is `body` (paragraphs and tables in WordprocessingML),
/// with this file's styles and numbering, a footer and a comments part.
pub fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rId3"/></w:sectPr></w:body></w:document>"#
    );
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ListItem"><w:name w:val="List Paragraph"/><w:basedOn w:val="a"/></w:style></w:styles>"#
    );
    // Abstract 0: 一、 for headings; abstract 1: 1. for items (numId 3 restarts it at 1).
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>"#
    );
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:ftr xmlns:w="{W}"><w:p><w:r><w:t>第 1 页</w:t></w:r></w:p></w:ftr>"#
    );
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}"><w:comment w:id="0"><w:p><w:r><w:t>请法务确认</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    zip_parts(&[
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/footer1.xml", footer.as_bytes()),
        ("word/comments.xml", comments.as_bytes()),
    ])
}

/// Text escaped for XML.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A run.
fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        xml(text)
    )
}

/// A paragraph in style `style` (`""` for Normal) with optional numbering `(numId, ilvl)`.
fn para(style: &str, num: Option<(u32, u32)>, runs: &str) -> String {
    let style = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pStyle w:val="{style}"/>"#)
    };
    let num = num.map_or(String::new(), |(id, lvl)| {
        format!(r#"<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{id}"/></w:numPr>"#)
    });
    format!("<w:p><w:pPr>{style}{num}</w:pPr>{runs}</w:p>")
}

/// A heading (style 1, numbered 一、 by its style).
fn heading(text: &str) -> String {
    para("1", None, &run(text))
}

/// An item of list `num_id` (1.).
fn item(num_id: u32, text: &str) -> String {
    para("ListItem", Some((num_id, 0)), &run(text))
}

/// A table row; `revision` marks the whole row as a tracked insertion or deletion.
fn row(cells: &[&str], revision: Option<&str>) -> String {
    let props = revision.map_or(String::new(), |r| {
        format!(
            r#"<w:trPr><w:{r} w:id="90" w:author="律师" w:date="2025-06-01T00:00:00Z"/></w:trPr>"#
        )
    });
    let wrap = |runs: String| match revision {
        Some(r) => format!(r#"<w:{r} w:id="91" w:author="律师">{runs}</w:{r}>"#),
        None => runs,
    };
    let cells: String = cells
        .iter()
        .map(|c| format!("<w:tc><w:p>{}</w:p></w:tc>", wrap(run(c))))
        .collect();
    format!("<w:tr>{props}{cells}</w:tr>")
}

const SDK_HEADER: [&str; 4] = ["SDK名称", "提供方", "使用目的", "收集的个人信息"];
const PUSH_SDK: [&str; 4] = [
    "极光推送SDK",
    "深圳市和讯华谷信息技术有限公司",
    "推送账单提醒",
    "设备型号、网络状态",
];
const STATS_SDK: [&str; 4] = [
    "友盟统计SDK",
    "友盟同欣（北京）科技有限公司",
    "统计功能使用情况",
    "设备标识符、操作记录",
];
const RIGHTS: [&str; 3] = [
    "您可以在“我的—个人资料”中查阅和更正手机号码。",
    "您可以在“设置—注销账号”中注销账号，我们将在15个工作日内删除您的个人信息。",
    "您可以在“设置—导出账单”中导出全部账单。",
];

/// The fixture policy (written for these tests) as Markdown.
pub fn policy_markdown() -> String {
    format!(
        "# 青禾记账隐私政策\n\n更新日期：2025年3月1日\n\n杭州青禾软件有限公司（以下简称“我们”）运营“青禾记账”App。本政策说明我们如何收集、使用和保护您的个人信息。\n\n\
## 一、我们收集的个人信息\n\n\
1. 注册账号：您需要提供手机号码用于注册和登录。\n\
2. 记账同步：为在设备之间同步账单，我们会保存您录入的账单金额、分类和备注。\n\
3. 安全风控：我们会收集设备型号和IP地址，用于识别异常登录。\n\n\
## 二、第三方SDK\n\n| {} |\n| --- | --- | --- | --- |\n| {} |\n\n\
## 三、您的权利\n\n1. {}\n2. {}\n3. {}\n\n\
## 四、联系我们\n\n如您对本政策有任何疑问，可发送邮件至privacy@qinghe-example.cn，我们将在15个工作日内答复。\n",
        SDK_HEADER.join(" | "),
        PUSH_SDK.join(" | "),
        RIGHTS[0],
        RIGHTS[1],
        RIGHTS[2],
    )
}

/// The fixture policy as an HTML page.
pub fn policy_html() -> String {
    let cells = |tag: &str, row: &[&str]| -> String {
        row.iter().map(|c| format!("<{tag}>{c}</{tag}>")).collect()
    };
    let items =
        |list: &[&str]| -> String { list.iter().map(|i| format!("<li>{i}</li>")).collect() };
    format!(
        "<!DOCTYPE html><html><head><title>青禾记账隐私政策</title></head><body>\
<h1>青禾记账隐私政策</h1><p>更新日期：2025年3月1日</p>\
<p>杭州青禾软件有限公司（以下简称“我们”）运营“青禾记账”App。本政策说明我们如何收集、使用和保护您的个人信息。</p>\
<h2>一、我们收集的个人信息</h2><ol>{}</ol>\
<h2>二、第三方SDK</h2><table><tr>{}</tr><tr>{}</tr></table>\
<h2>三、您的权利</h2><ol>{}</ol>\
<h2>四、联系我们</h2><p>如您对本政策有任何疑问，可发送邮件至privacy@qinghe-example.cn，我们将在15个工作日内答复。</p>\
</body></html>\n",
        items(&[
            "注册账号：您需要提供手机号码用于注册和登录。",
            "记账同步：为在设备之间同步账单，我们会保存您录入的账单金额、分类和备注。",
            "安全风控：我们会收集设备型号和IP地址，用于识别异常登录。",
        ]),
        cells("th", &SDK_HEADER),
        cells("td", &PUSH_SDK),
        items(&RIGHTS),
    )
}

/// The same policy as a Word body; `redline` adds tracked changes: a new SDK row inserted and
/// the second right deleted.
pub fn policy_body(redline: bool) -> String {
    let mut body = String::new();
    body.push_str(&para("a3", None, &run("青禾记账隐私政策")));
    body.push_str(&para("", None, &run("更新日期：2025年3月1日")));
    // One run split in two, and a hyperlink-free field-less paragraph: runs join without spaces.
    body.push_str(&para(
        "",
        None,
        &format!(
            "{}{}",
            run("杭州青禾软件有限公司（以下简称“我们”）运营“青禾记账”App。"),
            run("本政策说明我们如何收集、使用和保护您的个人信息。")
        ),
    ));
    body.push_str(&heading("我们收集的个人信息"));
    body.push_str(&item(2, "注册账号：您需要提供手机号码用于注册和登录。"));
    body.push_str(&item(
        2,
        "记账同步：为在设备之间同步账单，我们会保存您录入的账单金额、分类和备注。",
    ));
    body.push_str(&item(
        2,
        "安全风控：我们会收集设备型号和IP地址，用于识别异常登录。",
    ));
    body.push_str(&heading("第三方SDK"));
    let mut rows = row(&SDK_HEADER, None) + &row(&PUSH_SDK, None);
    if redline {
        rows.push_str(&row(&STATS_SDK, Some("ins")));
    }
    body.push_str(&format!("<w:tbl><w:tblPr/>{rows}</w:tbl>"));
    body.push_str(&heading("您的权利"));
    body.push_str(&item(3, RIGHTS[0]));
    if redline {
        // The whole paragraph deleted: its text and its paragraph mark.
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="ListItem"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr><w:rPr><w:del w:id="7" w:author="律师"/></w:rPr></w:pPr><w:del w:id="8" w:author="律师"><w:r><w:delText>{}</w:delText></w:r></w:del></w:p>"#,
            xml(RIGHTS[1])
        ));
    } else {
        body.push_str(&item(3, RIGHTS[1]));
    }
    body.push_str(&item(3, RIGHTS[2]));
    body.push_str(&heading("联系我们"));
    body.push_str(&para(
        "",
        None,
        &run("如您对本政策有任何疑问，可发送邮件至privacy@qinghe-example.cn，我们将在15个工作日内答复。"),
    ));
    body
}

/// Reads bytes as the file `name`, with tracked changes on the `revisions` side.
pub fn parse_bytes(bytes: &[u8], name: &str, revisions: Revisions) -> Document {
    let options = ReadOptions {
        max_size: read::DEFAULT_MAX_SIZE,
        revisions,
    };
    let input = read::from_bytes_with(bytes, Path::new(name), options)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    structure::parse(&input)
}

/// The section tree as (depth, number, title) lines.
pub fn tree(doc: &Document) -> Vec<String> {
    fn go(sections: &[policydiff::model::Section], depth: usize, out: &mut Vec<String>) {
        for s in sections {
            out.push(format!("{depth} {:?} {}", s.number, s.title));
            go(&s.sections, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    go(&doc.sections, 0, &mut out);
    out
}

/// The practices as JSON, for equality across renderings.
pub fn practices_json(doc: &Document) -> serde_json::Value {
    let mut value = serde_json::to_value(extract::extract(doc)).expect("practices serialise");
    // Spans point into each rendition's own text; only the meaning is compared. A statement's
    // category is the context model's reading of the sentence as written, list marker included
    // (「1. 注册账号：…」 in a PDF, 「注册账号：…」 in a Markdown list): it may differ.
    strip_spans(&mut value);
    let statements = value.get_mut("statements").and_then(|s| s.as_array_mut());
    for statement in statements.into_iter().flatten() {
        if let Some(fields) = statement.as_object_mut() {
            fields.remove("category");
        }
    }
    value
}

fn strip_spans(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|k, _| !k.contains("span") && k != "clause" && k != "clauses");
            map.values_mut().for_each(strip_spans);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

#[test]
fn markdown_html_and_docx_give_the_same_tree_practices_and_an_editorial_diff() {
    let md = parse_bytes(
        policy_markdown().as_bytes(),
        "policy.md",
        Revisions::Accepted,
    );
    let word = parse_bytes(
        &docx(&policy_body(false)),
        "policy.docx",
        Revisions::Accepted,
    );
    assert_eq!(word.source.format, Format::Docx);
    assert_eq!(tree(&word), tree(&md), "rendition:\n{}", word.text);
    assert!(
        tree(&md).iter().any(|l| l.contains("第三方SDK")),
        "{:?}",
        tree(&md)
    );
    assert_eq!(
        word.title.as_ref().map(|t| t.text.clone()),
        md.title.as_ref().map(|t| t.text.clone())
    );
    assert_eq!(
        practices_json(&word),
        practices_json(&md),
        "rendition:\n{}",
        word.text
    );
    let report = compare::compare(&md, &word);
    assert!(
        !report.has_substantive_changes(),
        "Markdown vs .docx must be editorial only: {:#?}",
        report.changes
    );
    // The HTML rendering too: same tree and practices, editorial-only diff with the .docx.
    let html = parse_bytes(policy_html().as_bytes(), "policy.html", Revisions::Accepted);
    assert_eq!(tree(&html), tree(&word));
    assert_eq!(practices_json(&html), practices_json(&word));
    assert!(!compare::compare(&html, &word).has_substantive_changes());
    // Footer and comments are not body text: named in the rendition's trailing comment, which
    // the structure stage reports as omitted.
    assert!(
        word.text.contains("footer ×1, comments ×1"),
        "{}",
        word.text
    );
    assert!(!word.text.contains("第 1 页") && !word.text.contains("请法务确认"));
    assert!(!word.omitted.is_empty());
}

#[test]
fn automatic_numbering_is_rendered_as_the_label_word_shows() {
    let word = parse_bytes(
        &docx(&policy_body(false)),
        "policy.docx",
        Revisions::Accepted,
    );
    for expected in [
        "## 一、我们收集的个人信息",
        "## 四、联系我们",
        "1. 注册账号",
        "3. 您可以在“设置—导出账单”",
    ] {
        assert!(
            word.text.contains(expected),
            "{expected:?} in:\n{}",
            word.text
        );
    }
    assert!(word
        .text
        .contains("| 极光推送SDK | 深圳市和讯华谷信息技术有限公司 |"));
}

#[test]
fn a_redline_reads_accepted_by_default_and_rejected_on_request() {
    let bytes = docx(&policy_body(true));
    let accepted = parse_bytes(&bytes, "redline.docx", Revisions::Accepted);
    let rejected = parse_bytes(&bytes, "redline.docx", Revisions::Rejected);
    assert!(accepted.text.contains("友盟统计SDK") && !accepted.text.contains("注销账号"));
    assert!(!rejected.text.contains("友盟统计SDK") && rejected.text.contains("注销账号"));
    // The rights list renumbers after the deletion, as Word shows it.
    assert!(
        accepted.text.contains("2. 您可以在“设置—导出账单”"),
        "{}",
        accepted.text
    );
    // Rejected, the redline is the original policy.
    let original = parse_bytes(
        &docx(&policy_body(false)),
        "policy.docx",
        Revisions::Accepted,
    );
    assert_eq!(rejected.text, original.text);
}

#[test]
fn a_single_redline_docx_diffs_rejected_against_accepted_with_major_reasons() {
    let dir = scratch();
    let path = dir.join("redline.docx");
    std::fs::write(&path, docx(&policy_body(true))).expect("write");
    let path = path.to_string_lossy().into_owned();
    let out = policydiff(&["diff", &path, "--format", "json"], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let text = report.to_string();
    for reason in ["\"third_party\"", "\"rights\""] {
        assert!(text.contains(reason), "{reason} missing: {text}");
    }
    assert!(text.contains("友盟统计SDK"));
    // A single file that is no .docx is refused.
    let md = dir.join("policy.md");
    std::fs::write(&md, policy_markdown()).expect("write");
    let out = policydiff(&["diff", &md.to_string_lossy()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("diff needs OLD and NEW"));
}

#[test]
fn a_docx_renamed_txt_is_read_as_word_and_batch_picks_up_docx() {
    crate::cli::assert_detected_by_content(&docx(&policy_body(false)), "docx");
}

/// Runs the CLI on `bytes` saved as `name`, expecting exit 2 within `bound` and `message` in
/// the error.
fn assert_refused_fast(bytes: &[u8], name: &str, extra: &[&str], message: &str) {
    let dir = scratch();
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    let path = path.to_string_lossy().into_owned();
    let mut args = vec!["parse", path.as_str()];
    args.extend_from_slice(extra);
    let started = Instant::now();
    let out = policydiff(&args, None);
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
    assert!(
        stderr.contains(message),
        "{name}: expected {message:?} in {stderr}"
    );
    assert!(
        stderr.contains(&path),
        "{name}: the error names the file: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(took < Duration::from_secs(5), "{name} took {took:?}");
}

#[test]
fn hostile_docx_exit_2_quickly() {
    // A ZIP bomb: 80 MB of one repeated paragraph compresses to a few hundred KB.
    let paragraph = para("", None, &run("我们收集您的手机号码。"));
    let mut bomb = String::with_capacity(81 << 20);
    while bomb.len() < 80 << 20 {
        bomb.push_str(&paragraph);
    }
    let bytes = docx(&bomb);
    assert!(bytes.len() < 4 << 20, "the bomb is small: {}", bytes.len());
    assert_refused_fast(&bytes, "bomb.docx", &[], "unpacks to more than");
    // A file under --max-size whose parts unpack to more than it.
    let repeated = paragraph.repeat(2_000);
    let small = docx(&repeated);
    let cap = (small.len() * 2).to_string();
    assert!(repeated.len() > small.len() * 2);
    assert_refused_fast(
        &small,
        "capped.docx",
        &["--max-size", &cap],
        "--max-size applies to the unpacked size too",
    );
    // 10,000 nested elements.
    let deep = format!(
        "{}{}",
        "<w:sdt><w:sdtContent>".repeat(10_000),
        "</w:sdtContent></w:sdt>".repeat(10_000)
    );
    assert_refused_fast(&docx(&deep), "deep.docx", &[], "nested deeper than");
    // Malformed XML, a damaged archive, a ZIP without a Word body.
    assert_refused_fast(&docx("<w:p><w:r>"), "broken.docx", &[], "malformed XML");
    let mut damaged = docx(&policy_body(false));
    damaged.truncate(damaged.len() / 2);
    assert_refused_fast(&damaged, "damaged.docx", &[], "Word document");
    assert_refused_fast(&docx(""), "empty.docx", &[], "empty input");
    let other = zip_parts(&[("word/readme.txt", b"hello")]);
    assert_refused_fast(&other, "other.docx", &[], "no main document part");
}

#[test]
fn a_forty_page_docx_reads_in_well_under_a_second() {
    let mut body = policy_body(false);
    // About 40 pages: 40 sections of 12 paragraphs (~25,000 characters per 10 pages).
    for section in 0..40 {
        body.push_str(&heading(&format!("补充说明{}", section + 1)));
        for p in 0..12 {
            body.push_str(&item(
                3,
                &format!("第{p}项：为提供第{section}项功能，我们会在您同意后处理您的设备型号、操作记录和位置信息，并在实现目的所需的最短期限内保存。"),
            ));
        }
    }
    let bytes = docx(&body);
    let started = Instant::now();
    let doc = parse_bytes(&bytes, "long.docx", Revisions::Accepted);
    let took = started.elapsed();
    eprintln!(
        "40-page docx ({} bytes, {} clauses): read and parsed in {took:?}",
        bytes.len(),
        doc.clauses.len()
    );
    assert!(doc.clauses.len() > 480);
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[test]
fn hyperlinks_fields_and_text_boxes_are_read_field_codes_and_fallbacks_are_not() {
    let body = format!(
        concat!(
            r#"<w:p><w:r><w:t>详见</w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>《儿童个人信息保护规则》</w:t></w:r></w:hyperlink>"#,
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://example.cn" </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>及隐私中心</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            r#"<w:fldSimple w:instr=" PAGE "><w:r><w:t>。</w:t></w:r></w:fldSimple>"#,
            r#"<w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#,
            r#"<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框：客服电话400-000-0000</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框：客服电话400-000-0000</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文&amp;附件均适用本政策。</w:t></w:r></w:p>"#,
            "{}"
        ),
        para("", None, &run("a*b_c [链接] <标签> # 不是标题"))
    );
    let doc = parse_bytes(&docx(&body), "fields.docx", Revisions::Accepted);
    let clauses: Vec<&str> = doc.clauses.iter().map(|c| c.text.as_str()).collect();
    let all = clauses.join("\n");
    assert!(
        all.contains("详见《儿童个人信息保护规则》及隐私中心。"),
        "{all}"
    );
    assert_eq!(all.matches("客服电话400-000-0000").count(), 1, "{all}");
    assert!(all.contains("正文&附件均适用本政策。"), "{all}");
    assert!(!all.contains("HYPERLINK") && !all.contains("PAGE"), "{all}");
    // Markdown characters in Word text stay text.
    assert!(all.contains("a*b_c [链接] <标签> # 不是标题"), "{all}");
}

#[test]
fn check_places_changes_in_a_word_document_by_paragraph() {
    let dir = scratch();
    let old = dir.join("policy.docx");
    let new = dir.join("redline.docx");
    std::fs::write(&old, docx(&policy_body(false))).expect("write");
    std::fs::write(&new, docx(&policy_body(true))).expect("write");
    let out = policydiff(
        &["check", &old.to_string_lossy(), &new.to_string_lossy()],
        None,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // Title, date, preamble, heading, three items, heading, table header, two rows: the new SDK
    // row is the 11th paragraph of the accepted document.
    assert!(
        stdout.contains("第 11 段: [data_category, purpose, third_party]"),
        "{stdout}"
    );
    // The deleted right: after the first right (13th), the date line is the 2nd paragraph.
    assert!(stdout.contains("第 13 段: [rights]"), "{stdout}");
    assert!(stdout.contains("第 2 段: [date]"), "{stdout}");
    assert!(!stdout.contains("line "), "{stdout}");
}
