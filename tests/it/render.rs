//! Integration tests of the readable reports: HTML, Markdown, the change notice and the terminal
//! colour/stat output, on a hand-built hostile diff (markup, scripts, bidi and zero-width
//! characters, emoji, a very long line) and as snapshots on annotated corpus pairs.

use policydiff::compare::classify;
use policydiff::model::diff::{
    Change, ChangeKind, ClauseRef, DiffReport, ReasonCode, SemanticChange, SemanticKind, Severity,
    TokenEdit, TokenOp, VersionMeta,
};
use policydiff::model::{
    Cell, Clause, ClauseKind, Document, Encoding, Numbering, Section, SourceInfo, Span, Title,
};
use policydiff::render::color::{self, Palette};
use policydiff::render::diff::Only;
use policydiff::render::notice::NoticeOptions;
use policydiff::render::Format;
use policydiff::render::{html, markdown, notice, View};
use std::collections::BTreeMap;

const SCRIPT: &str = "<script>document.title='PWNED'</script>";
const IMG: &str = "<img src=x onerror=\"alert(1)\">";
const LINK: &str = "[点此](javascript:alert(1)) <a href=\"javascript:alert(2)\">撤回</a>";
const BIDI: &str = "\u{202E}gnirahs\u{202C} مرحبا שלום";
const ESCAPE: &str = "\x1b[2J\x1b]0;owned\x07";

fn long_line() -> String {
    "很长的一行没有任何标点".repeat(200)
}

fn section(id: &str, number: &str, title: &str, level: u8) -> Section {
    Section {
        id: id.to_owned(),
        number: Some(number.to_owned()),
        numbering: Numbering::ChineseComma,
        title: title.to_owned(),
        level,
        span: Span(0, 0),
        heading_span: Span(0, 0),
        sections: Vec::new(),
    }
}

fn clause(id: &str, section_id: &str, text: &str) -> Clause {
    Clause {
        id: id.to_owned(),
        section_id: Some(section_id.to_owned()),
        kind: ClauseKind::Paragraph,
        text: text.to_owned(),
        span: Span(0, text.len()),
        sentences: Vec::new(),
        cells: Vec::new(),
    }
}

/// An unchanged table row whose column name and cell carry markup.
fn hostile_row() -> Clause {
    let mut row = clause("三/1", "三", "客服<script>x</script> 400-000-0000");
    row.kind = ClauseKind::TableRow;
    row.cells = vec![
        Cell {
            column: "渠道<script>".to_owned(),
            text: "客服<script>x</script>".to_owned(),
        },
        Cell {
            column: "号码\"".to_owned(),
            text: "400-000-0000".to_owned(),
        },
    ];
    row
}

fn document(path: &str, title: &str, sections: Vec<Section>, clauses: Vec<Clause>) -> Document {
    Document {
        schema_version: 1,
        source: SourceInfo {
            path: path.to_owned(),
            encoding: Encoding::Utf8,
            format: policydiff::model::Format::Text,
            bytes: 0,
        },
        title: Some(Title {
            text: title.to_owned(),
            span: Span(0, 0),
        }),
        metadata: BTreeMap::new(),
        sections,
        clauses,
        toc: Vec::new(),
        omitted: Vec::new(),
        text: String::new(),
    }
}

fn clause_ref(clause: &Clause) -> ClauseRef {
    ClauseRef {
        id: clause.id.clone(),
        run: Vec::new(),
        text: clause.text.clone(),
        span: clause.span,
        kind: clause.kind,
    }
}

fn token(op: TokenOp, text: &str) -> TokenEdit {
    TokenEdit {
        op,
        text: text.to_owned(),
        old_span: None,
        new_span: None,
    }
}

fn semantic(
    kind: SemanticKind,
    subject: &str,
    values: (Option<&str>, Option<&str>),
    codes: &[ReasonCode],
    evidence: &[&Clause],
) -> SemanticChange {
    SemanticChange {
        severity: if codes.is_empty() {
            Severity::Minor
        } else {
            Severity::Major
        },
        codes: codes.to_vec(),
        rationale: format!("{}：{subject}", kind_name(kind)),
        new_evidence: evidence.iter().map(|c| clause_ref(c)).collect(),
        old_value: values.0.map(str::to_owned),
        new_value: values.1.map(str::to_owned),
        ..SemanticChange::new(kind, subject)
    }
}

fn kind_name(kind: SemanticKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn change(kind: ChangeKind, old: Option<&Clause>, new: Option<&Clause>) -> Change {
    Change {
        kind,
        severity: Severity::Editorial,
        codes: Vec::new(),
        summary: String::new(),
        old: old.map(clause_ref),
        new: new.map(clause_ref),
        moved: false,
        tokens: Vec::new(),
        semantic: Vec::new(),
    }
}

/// Two versions and their diff, written by hand so the test depends on no other stage; policy
/// text and extracted subjects carry hostile content.
fn hostile_pair() -> (Document, Document, DiffReport) {
    let sections = vec![
        section("一", "一", "我们收集的信息", 1),
        section("二", "二", "我们如何共享信息", 1),
        section("三", "三", "联系我们", 1),
    ];
    let old_clauses = vec![
        clause("一/1", "一", "我们收集您的手机号码。"),
        clause("一/2", "一", "我们不会收集您的位置信息。"),
        clause("二/1", "二", "我们不会与第三方共享您的信息。"),
        clause("二/2", "二", "联系邮箱为 privacy@example.com。"),
        hostile_row(),
    ];
    let new_clauses = vec![
        clause("一/1", "一", "我们收集您的手机号码。"),
        clause("一/2", "一", &format!("我们会收集您的位置信息{SCRIPT}。")),
        clause(
            "二/1",
            "二",
            &format!("我们会与{IMG}极光推送共享您的设备信息 {BIDI} 😀。"),
        ),
        clause("二/2", "二", &format!("{LINK}{ESCAPE}")),
        clause("二/3", "二", &long_line()),
        hostile_row(),
        clause("三/2", "三", "联系邮箱为 privacy@example.com。"),
    ];
    let old = document(
        "old.txt",
        "示例<b>隐私</b>政策",
        sections.clone(),
        old_clauses.clone(),
    );
    let mut new = document(
        "new.txt",
        "示例<b>隐私</b>政策",
        sections,
        new_clauses.clone(),
    );
    new.metadata
        .insert("生效日期".to_owned(), "2025年1月1日".to_owned());

    let mut location = change(ChangeKind::Modified, old_clauses.get(1), new_clauses.get(1));
    location.tokens = vec![
        token(TokenOp::Equal, "我们"),
        token(TokenOp::Delete, "不会"),
        token(TokenOp::Insert, "会"),
        token(TokenOp::Equal, "收集您的位置信息"),
        token(TokenOp::Insert, SCRIPT),
        token(TokenOp::Equal, "。"),
    ];
    location.semantic = vec![
        semantic(
            SemanticKind::DataItemAdded,
            "精确位置信息",
            (None, None),
            &[ReasonCode::DataCategory],
            &[&new_clauses[1]],
        ),
        semantic(
            SemanticKind::DataItemAdded,
            &format!("行踪轨迹{SCRIPT}"),
            (None, None),
            &[ReasonCode::DataCategory],
            &[&new_clauses[1]],
        ),
    ];
    let mut sharing = change(ChangeKind::Modified, old_clauses.get(2), new_clauses.get(2));
    sharing.tokens = vec![
        token(TokenOp::Equal, "我们"),
        token(TokenOp::Delete, "不会"),
        token(TokenOp::Insert, "会"),
        token(TokenOp::Equal, "与"),
        token(TokenOp::Delete, "第三方"),
        token(TokenOp::Insert, &format!("{IMG}极光推送")),
        token(TokenOp::Equal, "共享您的"),
        token(TokenOp::Delete, "信息"),
        token(TokenOp::Insert, &format!("设备信息 {BIDI} 😀")),
        token(TokenOp::Equal, "。"),
    ];
    sharing.semantic = vec![
        semantic(
            SemanticKind::ThirdPartyAdded,
            &format!("极光推送（{IMG}深圳市和讯华谷信息技术有限公司）"),
            (None, None),
            &[ReasonCode::ThirdParty],
            &[&new_clauses[2]],
        ),
        semantic(
            SemanticKind::CommitmentWithdrawn,
            "不与第三方共享个人信息",
            (None, None),
            &[ReasonCode::Purpose],
            &[],
        ),
        semantic(
            SemanticKind::CrossBorderAdded,
            "个人信息出境",
            (None, None),
            &[ReasonCode::Processing],
            &[&new_clauses[2]],
        ),
    ];
    let mut contact = change(ChangeKind::Modified, old_clauses.get(3), new_clauses.get(3));
    contact.tokens = vec![
        token(TokenOp::Delete, "联系邮箱为 privacy@example.com。"),
        token(TokenOp::Insert, &format!("{LINK}{ESCAPE}")),
    ];
    let added = change(ChangeKind::Added, None, new_clauses.get(4));
    let mut moved = change(ChangeKind::Moved, old_clauses.get(3), new_clauses.get(6));
    moved.moved = true;
    let mut retention = change(ChangeKind::Semantic, None, None);
    retention.semantic = vec![
        semantic(
            SemanticKind::RetentionLengthened,
            "聊天记录",
            (Some("180天"), Some("3年")),
            &[ReasonCode::Processing],
            &[&new_clauses[5]],
        ),
        semantic(
            SemanticKind::ControllerChanged,
            "个人信息处理者",
            (Some("甲公司"), Some("乙公司")),
            &[ReasonCode::Controller],
            &[],
        ),
    ];
    let mut changes = vec![location, sharing, contact, added, moved, retention];
    for change in &mut changes {
        classify::classify_change(change, &std::collections::HashSet::new());
    }
    let mut report = DiffReport {
        schema_version: 1,
        changes,
        old_meta: VersionMeta {
            title: old.title.as_ref().map(|t| t.text.clone()),
            dates: BTreeMap::new(),
            path: "old.txt".to_owned(),
            format: Some(policydiff::model::Format::Text),
            ..VersionMeta::default()
        },
        new_meta: VersionMeta {
            title: new.title.as_ref().map(|t| t.text.clone()),
            dates: new.metadata.clone(),
            path: "new.txt".to_owned(),
            format: Some(policydiff::model::Format::Text),
            ..VersionMeta::default()
        },
        ..DiffReport::default()
    };
    classify::summarise(&mut report, 2, old.clauses.len(), new.clauses.len());
    (old, new, report)
}

/// Fails when HTML `text` holds a live tag or control character from the hostile fixture.
fn assert_no_live_markup(format: &str, text: &str) {
    for needle in [
        "<script",
        "<img",
        "href=\"javascript",
        "<b>",
        "\x1b",
        "\u{202E}",
        "\x07",
    ] {
        assert!(
            !text.contains(needle),
            "{format}: {needle:?} survived:\n{text}"
        );
    }
}

/// Fails when Markdown `text` holds an unescaped `<` other than the redline's own tags, a live
/// link, or a control character.
fn assert_inert_markdown(format: &str, text: &str) {
    for (at, _) in text.match_indices('<') {
        let escaped = text.get(..at).is_some_and(|before| before.ends_with('\\'));
        let own = [
            "<ins>",
            "</ins>",
            "<del>",
            "</del>",
            "<details>",
            "</details>",
            "<summary>",
            "</summary>",
        ]
        .iter()
        .any(|tag| text.get(at..).is_some_and(|rest| rest.starts_with(tag)));
        assert!(escaped || own, "{format}: raw `<` at {at}:\n{text}");
    }
    for (at, _) in text.match_indices("](") {
        let escaped = text.get(..at).is_some_and(|before| before.ends_with('\\'));
        assert!(escaped, "{format}: a live Markdown link survived at {at}");
    }
    for needle in ["\x1b", "\u{202E}", "\x07"] {
        assert!(!text.contains(needle), "{format}: {needle:?} survived");
    }
}

#[test]
fn hostile_text_is_inert_in_html() {
    let (old, new, report) = hostile_pair();
    assert!(report.major, "the fixture must carry major changes");
    let page = html::render(&report, &old, &new);
    assert_no_live_markup("html", &page);
    assert!(page.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"));
    assert!(page.contains("&lt;U+202E&gt;gnirahs"));
    assert!(page.contains("Content-Security-Policy"));
    assert!(!page.contains("src=") || !page.contains("<img"));
    // The only links are in-page anchors, each to an element that exists.
    for href in page.split("href=\"").skip(1) {
        let target = href.split('"').next().unwrap_or("");
        let id = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external link {target}"));
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "dangling anchor #{id}"
        );
    }
    // Every clause change has its marker; the very long line and emoji survive intact.
    let placed = report
        .changes
        .iter()
        .filter(|c| c.old.is_some() || c.new.is_some())
        .count();
    assert_eq!(page.matches("data-severity=").count(), placed);
    assert!(page.contains(&long_line()) && page.contains('😀'));
    assert!(page.contains("移自旧版「二 我们如何共享信息」"));
    assert!(page.contains("<span class=\"cell\" title=\"渠道&lt;script&gt;\">客服&lt;script&gt;x&lt;/script&gt;</span>"));
}

#[test]
fn hostile_text_is_inert_in_markdown() {
    let (_, _, report) = hostile_pair();
    let text = markdown::render(&report, Only::All);
    assert_inert_markdown("markdown", &text);
    assert!(text.contains("\\<script\\>"));
    // Every table row keeps its three columns (no `|` from policy text splits a cell).
    for row in text.lines().filter(|l| l.starts_with("| 标题")) {
        assert_eq!(row.matches(" | ").count(), 2, "{row}");
    }
}

#[test]
fn hostile_text_is_inert_in_the_notice() {
    let (old, new, report) = hostile_pair();
    for format in [Format::Markdown, Format::Text] {
        let text = notice_in(&report, &old, &new, Some("示例App"), format);
        if format == Format::Markdown {
            assert_inert_markdown("notice", &text);
        }
        assert!(!text.contains('\x1b') && !text.contains('\u{202E}'));
        assert!(
            !text.contains(&long_line()),
            "the notice pasted a whole clause"
        );
        assert!(
            text.contains("2025年1月1日"),
            "effective date missing:\n{text}"
        );
    }
}

#[test]
fn hostile_text_is_inert_on_the_terminal() {
    let (_, _, report) = hostile_pair();
    for palette in [Palette::new(false), Palette::new(true)] {
        let text = policydiff::render::diff::paint(&report, Only::All, palette);
        assert!(!text.contains('\u{202E}') && !text.contains('\x07'));
        let from_policy = text.replace("\x1b[", "");
        assert!(
            !from_policy.contains('\x1b'),
            "a raw escape from the policy survived"
        );
        assert!(text.contains("<U+001B>"));
        let stat = color::stat(&report, palette);
        assert!(stat.lines().count() < 30, "--stat must fit one screen");
        // The reason-code table lines up in display columns despite CJK labels.
        let code_rows: Vec<&str> = stat.lines().filter(|l| l.ends_with(" 处")).collect();
        assert!(code_rows.len() >= 2, "{stat}");
        let widths: Vec<usize> = code_rows.iter().map(|l| color::display_width(l)).collect();
        assert!(
            widths.windows(2).all(|w| w[0] == w[1]),
            "misaligned: {code_rows:?}"
        );
        for line in stat.lines() {
            assert!(color::display_width(line) <= 100, "too wide: {line}");
        }
    }
}

#[test]
fn notice_numbers_changes_by_topic_and_names_consent() {
    let (old, new, report) = hostile_pair();
    let text = notice_in(&report, &old, &new, None, Format::Markdown);
    let topics = [
        "新增收集的个人信息及其目的",
        "新增或变更的第三方及其收集的信息",
        "处理目的的变化",
        "存储地点与期限的变化",
        "联系方式与运营主体的变化",
    ];
    let mut last = 0;
    for topic in topics {
        let at = text
            .find(topic)
            .unwrap_or_else(|| panic!("{topic} missing:\n{text}"));
        assert!(at > last, "{topic} out of order");
        last = at;
    }
    assert!(
        !text.contains("您的权利及行使方式的变化"),
        "empty topics are left out"
    );
    for article in ["第十四条", "第二十三条", "第三十九条"] {
        assert!(text.contains(article), "{article} missing:\n{text}");
    }
    assert!(text.contains("180天") && text.contains("3年") && text.contains("乙公司"));
    assert!(text.contains("「二 我们如何共享信息」"));
}

/// Parses and diffs a corpus pair end to end, with paths relative to the repository.
fn corpus_pair(name: &str) -> Option<(Document, Document, DiffReport)> {
    let dir = crate::common::corpus(&format!("pairs/{name}"));
    let find = |stem: &str| {
        crate::common::files_under(&dir).into_iter().find(|p| {
            p.file_stem().is_some_and(|s| s == stem) && p.extension().is_some_and(|e| e != "json")
        })
    };
    let (old_path, new_path) = (find("old")?, find("new")?);
    let mut old = crate::common::parse_file(&old_path);
    let mut new = crate::common::parse_file(&new_path);
    let relative = |p: &std::path::Path| {
        p.strip_prefix(crate::common::root())
            .map_or_else(|_| p.display().to_string(), |r| r.display().to_string())
    };
    old.source.path = relative(&old_path);
    new.source.path = relative(&new_path);
    let report = policydiff::compare::compare(&old, &new);
    Some((old, new, report))
}

const SNAPSHOT_PAIRS: [&str; 4] = [
    "03-fitness-new-ad-sdk",
    "20-game-chat-retention-3-years",
    "34-clinic-insurer-recipient",
    "57-sdk-push-new-foreign-sdk",
];

/// The notice of a diff, drafted as the CLI drafts it (with the new version's practices) and
/// rendered through the one dispatch point.
fn notice_in(
    report: &DiffReport,
    old: &Document,
    new: &Document,
    product: Option<&str>,
    format: Format,
) -> String {
    policydiff::render::render(&View::Notice(&draft(report, old, new, product)), format)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn draft(
    report: &DiffReport,
    old: &Document,
    new: &Document,
    product: Option<&str>,
) -> notice::Notice {
    let practices = [old, new].map(policydiff::extract::extract);
    let options = NoticeOptions {
        product: product.map(str::to_owned),
        audience: None,
    };
    notice::draft(
        report,
        old,
        new,
        Some([&practices[0], &practices[1]]),
        &options,
    )
}

/// Every pair of `corpus/pairs`, parsed and diffed.
fn all_pairs() -> Vec<(String, Document, Document, DiffReport)> {
    let mut names: Vec<String> = std::fs::read_dir(crate::common::corpus("pairs"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let (old, new, report) = corpus_pair(&name)?;
            Some((name, old, new, report))
        })
        .collect()
}

/// Snake_case codes (`content_upload`) in user-facing text; JSON keys are left out by reading the
/// JSON's string values only.
fn identifiers(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"[a-z]+_[a-z_]+").unwrap_or_else(|e| panic!("{e}"));
    re.find_iter(text).map(|m| m.as_str().to_owned()).collect()
}

fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

#[test]
fn notices_of_every_pair_name_no_internal_identifier() {
    for (name, old, new, report) in all_pairs() {
        for format in [Format::Markdown, Format::Text] {
            let text = notice_in(&report, &old, &new, None, format);
            assert_eq!(
                identifiers(&text),
                Vec::<String>::new(),
                "{name} {format:?}:\n{text}"
            );
        }
        let json: serde_json::Value =
            serde_json::from_str(&notice_in(&report, &old, &new, None, Format::Json))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut strings = Vec::new();
        json_strings(&json, &mut strings);
        // Enum values (`users`) are single words; only snake_case codes are identifiers.
        let found: Vec<String> = strings.iter().flat_map(|s| identifiers(s)).collect();
        assert_eq!(found, Vec::<String>::new(), "{name} json");
    }
}

#[test]
fn every_notice_sentence_maps_to_a_change() {
    for (name, old, new, report) in all_pairs() {
        let notice = draft(&report, &old, &new, None);
        for sentence in notice.claims() {
            assert!(
                !sentence.changes.is_empty(),
                "{name}: {} rests on no change",
                sentence.text
            );
            assert!(
                sentence.changes.iter().all(|&i| i < report.changes.len()),
                "{name}: {} cites a change out of range",
                sentence.text
            );
        }
    }
}

#[test]
fn an_sdk_policy_is_addressed_to_developers_and_names_what_a_new_sdk_receives() {
    let (old, new, report) =
        corpus_pair("57-sdk-push-new-foreign-sdk").unwrap_or_else(|| panic!("pair 57 missing"));
    let text = notice_in(&report, &old, &new, None, Format::Text);
    for want in [
        "尊敬的开发者",
        "Firebase Cloud Messaging（Google LLC）",
        "Android ID",
        "https://policies.google.com/privacy",
        "第二十三条",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    assert!(!text.contains("我们不再"), "{text}");
}

#[test]
fn corpus_pairs_render_as_snapshots() {
    for name in SNAPSHOT_PAIRS {
        let (old, new, report) =
            corpus_pair(name).unwrap_or_else(|| panic!("corpus pair {name} missing"));
        insta::assert_snapshot!(
            format!("{name}.md"),
            markdown::render(&report, Only::Substantive)
        );
        insta::assert_snapshot!(
            format!("{name}.notice"),
            notice_in(&report, &old, &new, None, Format::Markdown)
        );
        insta::assert_snapshot!(
            format!("{name}.notice.txt"),
            notice_in(&report, &old, &new, None, Format::Text)
        );
        insta::assert_snapshot!(
            format!("{name}.notice.json"),
            notice_in(&report, &old, &new, None, Format::Json)
        );
        insta::assert_snapshot!(format!("{name}.html"), html::render(&report, &old, &new));
    }
}

#[test]
fn hostile_fixture_renders_as_snapshots() {
    let (old, new, report) = hostile_pair();
    insta::assert_snapshot!("hostile.md", markdown::render(&report, Only::All));
    insta::assert_snapshot!(
        "hostile.notice",
        notice_in(&report, &old, &new, Some("示例App"), Format::Text)
    );
    insta::assert_snapshot!("hostile.stat", color::stat(&report, Palette::new(false)));
    insta::assert_snapshot!("hostile.html", html::render(&report, &old, &new));
}

#[test]
fn cli_writes_each_format_and_honours_color_choices() {
    use crate::cli::policydiff;
    let pair = crate::common::corpus("pairs/03-fitness-new-ad-sdk");
    let (old, new) = (pair.join("old.md"), pair.join("new.md"));
    let (old, new) = (old.to_string_lossy(), new.to_string_lossy());
    let out_dir = crate::common::scratch();
    let html_path = out_dir.join("report.html");
    let html_arg = html_path.to_string_lossy();

    let run = policydiff(
        &["diff", &old, &new, "--format", "html", "-o", &html_arg],
        None,
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stdout.is_empty(), "-o must keep stdout empty");
    let page = std::fs::read_to_string(&html_path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("重大变更：是"));

    let markdown = policydiff(&["diff", &old, &new, "--format", "markdown"], None);
    assert_eq!(markdown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&markdown.stdout).contains("隐私政策变更对比：存在重大变更"));

    // The helper sets NO_COLOR: auto stays plain, always colours anyway, never stays plain.
    let color = |choice: &str| {
        let run = policydiff(&["diff", &old, &new, "--color", choice], None);
        String::from_utf8_lossy(&run.stdout).contains('\x1b')
    };
    assert!(!color("auto") && color("always") && !color("never"));

    let stat = policydiff(&["diff", &old, &new, "--stat"], None);
    assert_eq!(stat.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stat.stdout).lines().count() < 30);

    let notice = policydiff(
        &[
            "notice",
            &old,
            &new,
            "--format",
            "text",
            "--product",
            "跃动健身",
        ],
        None,
    );
    assert_eq!(notice.status.code(), Some(0), "notice exits 0 on success");
    assert!(String::from_utf8_lossy(&notice.stdout).starts_with("《跃动健身隐私政策》更新说明"));
    let missing = policydiff(&["notice", &old, "does-not-exist.md"], None);
    assert_eq!(missing.status.code(), Some(2));
}
