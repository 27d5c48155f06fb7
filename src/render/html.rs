//! Self-contained HTML report of a diff for `policydiff diff --format html`: a verdict header,
//! the list of major and minor changes linking to their clauses, and the whole new version with
//! the word-level redline inline. Inline CSS only: no script, font or request leaves the file
//! (a Content-Security-Policy meta tag forbids them), and every piece of policy text is escaped.

use crate::model::diff::{
    Change, ChangeKind, ClauseRef, DiffReport, Quote, ReasonCode, Severity, TokenOp,
};
use crate::model::{Clause, ClauseKind, Document, Section};
use crate::render::diff::ReasonLine;
use crate::render::sanitize::reveal_controls;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values; control characters and
/// bidirectional overrides become visible `<U+XXXX>` so they cannot hide or reorder text.
pub fn escape(text: &str) -> String {
    let shown = reveal_controls(text);
    let mut out = String::with_capacity(shown.len() + shown.len() / 8);
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Chinese name of a change kind, for badges.
pub fn kind_label(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Unchanged => "未变",
        ChangeKind::Editorial => "编辑性修改",
        ChangeKind::Modified => "修改",
        ChangeKind::Added => "新增",
        ChangeKind::Removed => "删除",
        ChangeKind::Moved => "移动",
        ChangeKind::Split => "拆分",
        ChangeKind::Merged => "合并",
        ChangeKind::Semantic => "内容变化",
    }
}

/// Chinese name of a severity.
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Major => "重大",
        Severity::Minor => "一般",
        Severity::Editorial => "编辑性",
    }
}

/// The ids of the clauses a clause reference covers.
pub fn clause_ids(clause: &ClauseRef) -> impl Iterator<Item = &str> {
    clause.ids()
}

/// One document's clauses and sections by id, indexed once: a report labels every change, and
/// walking the document for each would make large diffs quadratic (10,000 changed sections: 40 s).
pub struct SectionLabels<'d> {
    clauses: HashMap<&'d str, &'d Clause>,
    sections: HashMap<&'d str, &'d Section>,
}

impl<'d> SectionLabels<'d> {
    /// Indexes `doc`'s clauses and sections.
    pub fn new(doc: &'d Document) -> Self {
        let mut clauses = HashMap::new();
        for clause in &doc.clauses {
            clauses.entry(clause.id.as_str()).or_insert(clause);
        }
        let mut sections = HashMap::new();
        for section in doc.walk_sections() {
            sections.entry(section.id.as_str()).or_insert(section);
        }
        SectionLabels { clauses, sections }
    }

    /// Where a clause sits, for readers: `「二 我们如何共享…」` (its section's number and title),
    /// `「前言」` for text before the first section, or the clause id when the clause is unknown.
    pub fn label(&self, clause_id: &str) -> String {
        let Some(clause) = self.clauses.get(clause_id) else {
            return format!("「{clause_id}」");
        };
        match clause
            .section_id
            .as_deref()
            .and_then(|id| self.sections.get(id))
        {
            Some(s) => format!("「{}」", heading_text(s)),
            None if clause.section_id.is_none() => "「前言」".to_owned(),
            None => format!("「{clause_id}」"),
        }
    }
}

fn heading_text(section: &Section) -> String {
    let title = section.title.trim();
    match section.number.as_deref() {
        Some(number) if title.is_empty() => number.to_owned(),
        Some(number) if !title.starts_with(number) => format!("{number} {title}"),
        _ => title.to_owned(),
    }
}

const STYLE: &str = r#"
:root{--ink:#1d2433;--muted:#5b6472;--line:#d9dde3;--major:#b42318;--major-bg:#fdecea;--minor:#8a5a00;--minor-bg:#fff4d6;--del:#b42318;--del-bg:#fde2e0;--ins:#106b2e;--ins-bg:#dcf5e3}
*{box-sizing:border-box}
body{margin:0 auto;max-width:60rem;padding:1.5rem 2rem 3rem;color:var(--ink);background:#fff;font:16px/1.75 "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei",system-ui,sans-serif}
h1{font-size:1.5rem;margin:0 0 .75rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem;padding-bottom:.25rem;border-bottom:2px solid var(--ink)}
table.versions{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}
table.versions th,table.versions td{border:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
table.versions thead th{background:#f3f5f8}
table.versions tbody th{width:7rem;color:var(--muted);font-weight:normal}
table.versions tr.changed td:last-child{font-weight:bold;background:var(--ins-bg)}
.verdict{border-radius:6px;padding:.75rem 1rem;margin:1rem 0;border:2px solid}
.verdict.yes{border-color:var(--major);background:var(--major-bg)}
.verdict.no{border-color:#2f7d4a;background:#eaf6ee}
.verdict .answer{font-size:1.25rem;font-weight:bold}
.counts{color:var(--muted);margin:.25rem 0}
.badge{display:inline-block;border-radius:3px;padding:0 .4rem;margin-right:.3rem;font-size:.8rem;line-height:1.5;font-weight:bold;white-space:nowrap;vertical-align:.1em}
.badge.major{background:var(--major);color:#fff}
.badge.minor{background:#f0b429;color:#1d2433}
.badge.editorial{background:#e4e7eb;color:var(--muted)}
.badge.code{background:#fff;color:var(--major);border:1px solid var(--major)}
.badge.kind{background:#eef1f5;color:var(--ink);font-weight:normal}
ol.changes{padding-left:1.8rem;margin:.5rem 0}
ol.changes li{margin:.5rem 0}
ol.changes a{color:inherit;text-decoration:none}
ol.changes a:hover .where{text-decoration:underline}
.where{color:#1a4fa3}
.controls{display:inline-block;margin:.5rem 0;padding:.5rem .75rem;background:#f3f5f8;border-radius:6px;font-size:.95rem}
.doc{border-top:2px solid var(--ink);margin-top:.5rem}
.doc h3,.doc h4,.doc h5,.doc h6{margin:1.25rem 0 .4rem}
.doc h3{font-size:1.1rem}.doc h4,.doc h5,.doc h6{font-size:1rem}
.clause{margin:.35rem 0;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
.change{margin:.6rem 0;padding:.4rem .75rem;border-left:4px solid var(--line);background:#fafbfc}
.change.major{border-left-color:var(--major);background:#fff8f7}
.change.minor{border-left-color:#f0b429}
.change .head{white-space:normal;font-size:.85rem;color:var(--muted);margin-bottom:.2rem}
.summary{white-space:normal;font-size:.9rem;color:var(--major);margin:.1rem 0}
.summary .cite{color:var(--muted);font-size:.8rem}
.change .summary:last-of-type{margin-bottom:.3rem}
ol.changes .summary{color:var(--ink)}
.change.minor .summary{color:var(--minor)}
.moved-from{color:var(--muted)}
del{color:var(--del);background:var(--del-bg);text-decoration:line-through}
ins{color:var(--ins);background:var(--ins-bg);text-decoration:underline;text-decoration-style:dotted}
.change.removed .body{color:var(--del);text-decoration:line-through}
.change.added .body{color:var(--ins)}
.change.added ins{text-decoration:none;background:none}
.plain{display:none}
.row{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(0,1fr);border:1px solid var(--line);white-space:normal;font-size:.9rem;text-decoration:none}
.row .cell{padding:.15rem .4rem;border-left:1px solid var(--line)}
.row .cell:first-child{border-left:0}
.clause.row{margin:0}
.clause.row+.clause.row{border-top:0}
#hide-editorial:checked~.doc .change.editorial{border:0;background:none;padding:0;margin:.35rem 0}
#hide-editorial:checked~.doc .change.editorial .head,#hide-editorial:checked~.doc .change.editorial .redline,#hide-editorial:checked~.doc .change.editorial.removed{display:none}
#hide-editorial:checked~.doc .change.editorial .plain{display:inline}
.reasons{margin:.5rem 0 1rem}
.reason{margin:.6rem 0;padding:.5rem .75rem;border:1px solid var(--line);border-left:4px solid var(--major);border-radius:4px}
.reason .head{font-weight:bold;margin-bottom:.3rem}
.reason code{color:var(--muted);font-weight:normal;margin-right:.4rem}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;font-size:.9rem}
.sides>div{padding:.3rem .5rem;overflow-wrap:anywhere;white-space:pre-wrap}
.sides .old{background:var(--del-bg)}
.sides .new{background:var(--ins-bg)}
.sides .label{font-size:.75rem;color:var(--muted);white-space:normal}
.goto{font-size:.85rem;color:#1a4fa3}
.more{font-size:.85rem;color:var(--muted);margin-left:.5rem}
details.list>summary{cursor:pointer;list-style-position:outside}
details.list>summary h2{display:inline-block;border:0;margin:1.25rem 0 .25rem}
.filters>input{margin-left:.6rem}
.filters>label{font-size:.9rem;margin-left:.2rem}
.filters input[id^="code-"]:not(#code-all):checked~details ol.changes li{display:none}
@media print{.filters>input,.filters>label{display:none}.sides{grid-template-columns:1fr 1fr}}
footer{margin-top:2rem;padding-top:.5rem;border-top:1px solid var(--line);color:var(--muted);font-size:.8rem}
@media print{body{max-width:none;padding:0;font-size:11pt}.controls,#hide-editorial{display:none}a{color:inherit;text-decoration:none}.change,.verdict{break-inside:avoid}h2,h3,h4{break-after:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"#;

/// Renders the report as one self-contained HTML page, walking the whole new version and
/// placing each change at its clause (removed clauses where they stood, moved clauses marked
/// with where they came from).
pub fn render(report: &DiffReport, old: &Document, new: &Document) -> String {
    let mut page = Page::new(report, old, new);
    page.head();
    page.summary();
    page.change_lists();
    page.document();
    page.out.push_str(
        "<footer>由 policydiff 自动生成的比对结果，供审阅参考，不构成法律意见。</footer>\n</body>\n</html>\n",
    );
    page.out
}

/// The lookups [`Page::unchanged_anchor`] needs, built once per page: searching the documents
/// for each removed clause made a diff with thousands of removals quadratic.
struct RemovedAnchors<'r> {
    /// Old clause id → its first position.
    old_index: HashMap<&'r str, usize>,
    /// For each old clause, the nearest earlier old clause that was not removed.
    kept_before: Vec<Option<usize>>,
    /// New clause positions by trimmed text, ascending.
    new_by_text: HashMap<&'r str, Vec<usize>>,
}

impl<'r> RemovedAnchors<'r> {
    fn new(old: &'r Document, new: &'r Document, removed_old: &HashSet<&str>) -> Self {
        let mut old_index = HashMap::new();
        let mut kept_before = Vec::with_capacity(old.clauses.len());
        let mut last_kept = None;
        for (i, clause) in old.clauses.iter().enumerate() {
            old_index.entry(clause.id.as_str()).or_insert(i);
            kept_before.push(last_kept);
            if !removed_old.contains(clause.id.as_str()) {
                last_kept = Some(i);
            }
        }
        let mut new_by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, clause) in new.clauses.iter().enumerate() {
            new_by_text.entry(clause.text.trim()).or_default().push(i);
        }
        RemovedAnchors {
            old_index,
            kept_before,
            new_by_text,
        }
    }
}

struct Page<'r> {
    report: &'r DiffReport,
    old: &'r Document,
    new: &'r Document,
    /// Anchor of each new clause id: its change when it changed, else its own.
    anchors: HashMap<&'r str, String>,
    /// Section labels of the old version's clauses.
    old_labels: SectionLabels<'r>,
    /// Section labels of the new version's clauses.
    new_labels: SectionLabels<'r>,
    out: String,
}

impl<'r> Page<'r> {
    fn new(report: &'r DiffReport, old: &'r Document, new: &'r Document) -> Self {
        let mut anchors = HashMap::new();
        for (index, change) in report.changes.iter().enumerate() {
            if let Some(clause) = &change.new {
                for id in clause_ids(clause) {
                    anchors.entry(id).or_insert_with(|| format!("c{index}"));
                }
            }
        }
        for (index, clause) in new.clauses.iter().enumerate() {
            anchors
                .entry(clause.id.as_str())
                .or_insert_with(|| format!("p{index}"));
        }
        Page {
            report,
            old,
            new,
            anchors,
            old_labels: SectionLabels::new(old),
            new_labels: SectionLabels::new(new),
            out: String::with_capacity(new.text.len() * 2 + STYLE.len() + 4096),
        }
    }

    fn head(&mut self) {
        let title = self
            .report
            .new_meta
            .title
            .as_deref()
            .or(self.report.old_meta.title.as_deref())
            .unwrap_or("隐私政策");
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"referrer\" content=\"no-referrer\">\n\
             <title>变更对比：{}</title>\n<style>{STYLE}{}</style>\n</head>\n<body>\n",
            escape(title),
            filter_rules()
        );
    }

    fn summary(&mut self) {
        let report = self.report;
        self.out
            .push_str("<header id=\"top\">\n<h1>隐私政策变更对比</h1>\n");
        self.out.push_str(
            "<table class=\"versions\">\n<thead><tr><th></th><th>旧版本</th><th>新版本</th></tr></thead>\n<tbody>\n",
        );
        let row = |out: &mut String, label: &str, old: Option<&str>, new: Option<&str>| {
            let cell = |v: Option<&str>| v.map_or_else(|| "—".to_owned(), escape);
            let changed = if old == new || label == "文件" {
                ""
            } else {
                " class=\"changed\""
            };
            let _ = writeln!(
                out,
                "<tr{changed}><th>{}</th><td>{}</td><td>{}</td></tr>",
                escape(label),
                cell(old),
                cell(new)
            );
        };
        row(
            &mut self.out,
            "标题",
            report.old_meta.title.as_deref(),
            report.new_meta.title.as_deref(),
        );
        let labels: BTreeSet<&String> = report
            .old_meta
            .dates
            .keys()
            .chain(report.new_meta.dates.keys())
            .collect();
        for label in labels {
            row(
                &mut self.out,
                label,
                report.old_meta.dates.get(label).map(String::as_str),
                report.new_meta.dates.get(label).map(String::as_str),
            );
        }
        row(
            &mut self.out,
            "文件",
            Some(&report.old_meta.path),
            Some(&report.new_meta.path),
        );
        self.out.push_str("</tbody>\n</table>\n");

        if report.major {
            self.out.push_str(
                "<div class=\"verdict yes\"><span class=\"answer\">重大变更：是</span>　",
            );
            for reason in &report.major_reasons {
                let _ = write!(
                    self.out,
                    "<span class=\"badge code\" title=\"{}\">{}</span>",
                    reason.code.as_str(),
                    reason.code.label()
                );
            }
            let labels: Vec<&str> = report
                .major_reasons
                .iter()
                .map(|r| r.code.label())
                .collect();
            let majors = report
                .changes
                .iter()
                .filter(|c| c.severity == Severity::Major)
                .count();
            let _ = writeln!(
                self.out,
                "<div>共 {majors} 处重大变更，涉及{}。依《个人信息保护法》及 GB/T 35273-2020，应以显著方式告知用户，必要时重新取得同意。</div></div>",
                labels.join("、")
            );
            self.major_reasons();
        } else {
            self.out.push_str(
                "<div class=\"verdict no\"><span class=\"answer\">重大变更：否</span>　未发现需要重新告知用户的重大变更。</div>\n",
            );
        }
        let count = |s: Severity| report.stats.count(s);
        let _ = writeln!(
            self.out,
            "<p class=\"counts\">重大变更 {} 处 · 一般变更 {} 处 · 编辑性变更 {} 处 · 条款 旧 {} / 新 {}</p>",
            count(Severity::Major),
            count(Severity::Minor),
            count(Severity::Editorial),
            report.stats.old_clauses,
            report.stats.new_clauses
        );
        for fallback in &report.fallbacks {
            let _ = writeln!(
                self.out,
                "<p class=\"counts\">注意：{} × {}（部分条款改用整条替换显示）</p>",
                escape(&fallback.reason),
                fallback.count
            );
        }
        self.out.push_str("</header>\n");
    }

    /// One block per major reason: the code, a short rationale, the old and new evidence side by
    /// side, and a link to the change in the redline.
    fn major_reasons(&mut self) {
        let report = self.report;
        self.out.push_str("<section class=\"reasons\">\n");
        for reason in &report.major_reasons {
            let line = ReasonLine::of(reason);
            let _ = write!(
                self.out,
                "<div class=\"reason\" id=\"reason-{code}\"><div class=\"head\"><span class=\"badge code\">{label}</span><code>{code}</code> {}</div>",
                escape(&line.rationale),
                code = reason.code.as_str(),
                label = reason.code.label(),
            );
            if let Some(evidence) = reason.evidence.first() {
                let side = |quote: Option<&Quote>| {
                    quote.map_or_else(|| "（未提及）".to_owned(), |q| escape(q.text.trim()))
                };
                let _ = write!(
                    self.out,
                    "<div class=\"sides\"><div class=\"old\"><div class=\"label\">旧版本</div>{}</div><div class=\"new\"><div class=\"label\">新版本</div>{}</div></div>",
                    side(evidence.old.as_ref()),
                    side(evidence.new.as_ref()),
                );
                let anchor = report
                    .changes
                    .get(evidence.change)
                    .and_then(|change| self.change_anchor(evidence.change, change));
                if let Some(anchor) = anchor {
                    let _ = write!(
                        self.out,
                        "<a class=\"goto\" href=\"#{anchor}\">在修订中查看 →</a>"
                    );
                }
                if line.findings > 1 {
                    let _ = write!(
                        self.out,
                        "<span class=\"more\">（另有 {} 项，见下方列表）</span>",
                        line.findings - 1
                    );
                }
            }
            self.out.push_str("</div>\n");
        }
        self.out.push_str("</section>\n");
    }

    fn change_lists(&mut self) {
        // Filters by code: radio buttons the stylesheet keys on (no script, the CSP unchanged).
        let codes: Vec<ReasonCode> = self.report.major_reasons.iter().map(|r| r.code).collect();
        if !codes.is_empty() {
            self.out.push_str("<div class=\"filters\"><input type=\"radio\" name=\"code\" id=\"code-all\" checked><label for=\"code-all\">全部</label>");
            for code in &codes {
                let _ = write!(
                    self.out,
                    "<input type=\"radio\" name=\"code\" id=\"code-{0}\"><label for=\"code-{0}\">{1}</label>",
                    code.as_str(),
                    code.label()
                );
            }
        }
        for (severity, title) in [(Severity::Major, "重大变更"), (Severity::Minor, "一般变更")]
        {
            let picked: Vec<(usize, &Change)> = self
                .report
                .changes
                .iter()
                .enumerate()
                .filter(|(_, c)| c.severity == severity)
                .collect();
            if picked.is_empty() {
                continue;
            }
            let _ = writeln!(
                self.out,
                "<details class=\"list\" open><summary><h2>{title}（{} 处）</h2></summary>\n<ol class=\"changes {}\">",
                picked.len(),
                severity.as_str()
            );
            for (index, change) in picked {
                let mut head = String::new();
                for code in &change.codes {
                    let _ = write!(
                        head,
                        "<span class=\"badge code\" title=\"{}\">{}</span>",
                        code.as_str(),
                        code.label()
                    );
                }
                let _ = write!(
                    head,
                    "<span class=\"badge kind\">{}</span><span class=\"where\">{}</span>",
                    kind_label(crate::render::diff::shown_kind(change)),
                    escape(&self.where_label(change))
                );
                let head = match self.change_anchor(index, change) {
                    Some(anchor) => format!("<a href=\"#{anchor}\">{head}</a>"),
                    None => head,
                };
                let classes: Vec<String> = change
                    .codes
                    .iter()
                    .map(|c| format!("code-{}", c.as_str()))
                    .collect();
                let _ = writeln!(
                    self.out,
                    "<li class=\"{}\">{head}{}</li>",
                    classes.join(" "),
                    reasons(change)
                );
            }
            self.out.push_str("</ol></details>\n");
        }
        if !codes.is_empty() {
            self.out.push_str("</div>\n");
        }
    }

    /// The anchor a list entry links to: the change's own block, or for a change without a
    /// clause (a semantic change) the first clause its evidence names.
    fn change_anchor(&self, index: usize, change: &Change) -> Option<String> {
        if change.new.is_some() || change.old.is_some() {
            return Some(format!("c{index}"));
        }
        change
            .semantic
            .iter()
            .flat_map(|s| &s.new_evidence)
            .flat_map(clause_ids)
            .find_map(|id| self.anchors.get(id).cloned())
    }

    /// Where a change is, in the words of the version it lives in.
    fn where_label(&self, change: &Change) -> String {
        let (labels, clause) = match (&change.new, &change.old) {
            (Some(new), _) => (&self.new_labels, new),
            (None, Some(old)) => (&self.old_labels, old),
            (None, None) => match change.semantic.iter().flat_map(|s| &s.new_evidence).next() {
                Some(evidence) => (&self.new_labels, evidence),
                None => return "全文".to_owned(),
            },
        };
        clause_ids(clause)
            .next()
            .map_or_else(String::new, |id| labels.label(id))
    }

    fn document(&mut self) {
        let editorial = self
            .report
            .changes
            .iter()
            .filter(|c| c.severity == Severity::Editorial)
            .count();
        // The checkbox stays (the stylesheet keys on it) but is hidden when there is nothing to hide.
        let hidden = if editorial > 0 { "" } else { " hidden" };
        let _ = write!(
            self.out,
            "<h2>新版全文（含逐字修订）</h2>\n<input type=\"checkbox\" id=\"hide-editorial\" checked{hidden}>"
        );
        if editorial > 0 {
            let _ = write!(
                self.out,
                "<label class=\"controls\" for=\"hide-editorial\"> 隐藏编辑性变更（标点、空格、编号、排版等 {editorial} 处）</label>"
            );
        }
        self.out.push_str(
            "\n<p class=\"counts\"><del>删除的文字</del> · <ins>新增的文字</ins> · 左侧红条为重大变更，黄条为一般变更</p>\n<main class=\"doc\">\n",
        );
        let new_index: HashMap<&str, usize> = self
            .new
            .clauses
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let removed_old: HashSet<&str> = self
            .report
            .changes
            .iter()
            .filter(|c| c.new.is_none())
            .filter_map(|c| c.old.as_ref())
            .flat_map(clause_ids)
            .collect();
        let anchors = RemovedAnchors::new(self.old, self.new, &removed_old);
        let mut walk = Walk {
            next: 0,
            headed: HashSet::new(),
            parents: section_chains(self.new),
        };
        for (index, change) in self.report.changes.iter().enumerate() {
            match (&change.new, &change.old) {
                (Some(new), _) => {
                    let positions: Vec<usize> = clause_ids(new)
                        .filter_map(|id| new_index.get(id).copied())
                        .collect();
                    if let Some(&first) = positions.first() {
                        self.flush_until(&mut walk, first);
                        self.headings(&mut walk, first);
                    }
                    if let Some(&last) = positions.iter().max() {
                        walk.next = walk.next.max(last + 1);
                    }
                    self.change_block(index, change);
                }
                (None, Some(old)) => {
                    if let Some(anchor) = self.unchanged_anchor(old, &anchors, walk.next) {
                        self.flush_until(&mut walk, anchor + 1);
                    }
                    self.change_block(index, change);
                }
                (None, None) => {}
            }
        }
        self.flush_until(&mut walk, self.new.clauses.len());
        self.out.push_str("</main>\n");
    }

    /// For a removed old clause, the new position of its nearest old predecessor when that
    /// predecessor is unchanged (found by identical text at or after `from`), so the removed
    /// clause shows right after it.
    fn unchanged_anchor(
        &self,
        removed: &ClauseRef,
        anchors: &RemovedAnchors,
        from: usize,
    ) -> Option<usize> {
        let first = clause_ids(removed).next()?;
        let at = *anchors.old_index.get(first)?;
        let predecessor = (*anchors.kept_before.get(at)?)?;
        let text = self.old.clauses.get(predecessor)?.text.trim();
        let positions = anchors.new_by_text.get(text)?;
        positions
            .get(positions.partition_point(|&i| i < from))
            .copied()
    }

    /// Writes the unchanged new clauses from the walk position up to `end` (exclusive).
    fn flush_until(&mut self, walk: &mut Walk<'r>, end: usize) {
        while walk.next < end {
            let index = walk.next;
            walk.next += 1;
            let Some(clause) = self.new.clauses.get(index) else {
                break;
            };
            self.headings(walk, index);
            self.unchanged_clause(index, clause);
        }
    }

    /// Writes the headings of the sections holding new clause `index` not yet written.
    fn headings(&mut self, walk: &mut Walk<'r>, index: usize) {
        let Some(section_id) = self
            .new
            .clauses
            .get(index)
            .and_then(|c| c.section_id.as_deref())
        else {
            return;
        };
        let chain = walk.parents.get(section_id).cloned().unwrap_or_default();
        for section in chain {
            if walk.headed.insert(section.id.as_str()) {
                let level = (usize::from(section.level) + 2).min(6);
                let _ = writeln!(
                    self.out,
                    "<h{level}>{}</h{level}>",
                    escape(&heading_text(section))
                );
            }
        }
    }

    fn unchanged_clause(&mut self, index: usize, clause: &Clause) {
        match table_cells(clause) {
            Some(cells) => {
                let _ = writeln!(
                    self.out,
                    "<div class=\"clause row\" id=\"p{index}\">{cells}</div>"
                );
            }
            None => {
                let _ = writeln!(
                    self.out,
                    "<div class=\"clause\" id=\"p{index}\">{}</div>",
                    escape(clause.text.trim())
                );
            }
        }
    }

    fn change_block(&mut self, index: usize, change: &Change) {
        let severity = change.severity.as_str();
        let _ = write!(
            self.out,
            "<div class=\"clause change {severity} {}\" id=\"c{index}\" data-severity=\"{severity}\" data-kind=\"{}\">\
             <div class=\"head\"><span class=\"badge {severity}\">{}</span>",
            change.kind.as_str(),
            change.kind.as_str(),
            severity_label(change.severity)
        );
        for code in &change.codes {
            let _ = write!(
                self.out,
                "<span class=\"badge code\" title=\"{}\">{}</span>",
                code.as_str(),
                code.label()
            );
        }
        let _ = write!(
            self.out,
            "<span class=\"badge kind\">{}</span>",
            kind_label(change.kind)
        );
        if let Some(old) = change
            .old
            .as_ref()
            .filter(|_| change.moved || change.kind == ChangeKind::Moved)
        {
            let from = clause_ids(old)
                .next()
                .map_or_else(String::new, |id| self.old_labels.label(id));
            let _ = write!(
                self.out,
                "<span class=\"moved-from\">移自旧版{}</span>",
                escape(&from)
            );
        }
        self.out.push_str("</div>");
        if change.severity != Severity::Editorial {
            self.out.push_str(&reasons(change));
        }
        self.out.push_str("<div class=\"body\">");
        self.change_text(change);
        self.out.push_str("</div></div>\n");
    }

    fn change_text(&mut self, change: &Change) {
        let new_text = change.new.as_ref().map(|c| escape(c.text.trim()));
        match change.kind {
            ChangeKind::Removed => {
                let text = change
                    .old
                    .as_ref()
                    .map(|c| escape(c.text.trim()))
                    .unwrap_or_default();
                let _ = write!(self.out, "<del>{text}</del>");
            }
            ChangeKind::Added => {
                let row = change
                    .new
                    .as_ref()
                    .and_then(|c| self.new.clauses.iter().find(|n| n.id == c.id))
                    .and_then(table_cells);
                match row {
                    Some(cells) => {
                        let _ = write!(self.out, "<ins class=\"row\">{cells}</ins>");
                    }
                    None => {
                        let _ = write!(self.out, "<ins>{}</ins>", new_text.unwrap_or_default());
                    }
                }
            }
            _ if change.tokens.is_empty() => self.out.push_str(&new_text.unwrap_or_default()),
            _ => {
                self.out.push_str("<span class=\"redline\">");
                for token in &change.tokens {
                    let text = escape(&token.text);
                    let _ = match token.op {
                        TokenOp::Equal => write!(self.out, "{text}"),
                        TokenOp::Insert => write!(self.out, "<ins>{text}</ins>"),
                        TokenOp::Delete => write!(self.out, "<del>{text}</del>"),
                    };
                }
                self.out.push_str("</span>");
                if change.severity == Severity::Editorial {
                    let _ = write!(
                        self.out,
                        "<span class=\"plain\">{}</span>",
                        new_text.unwrap_or_default()
                    );
                }
            }
        }
    }
}

/// The stylesheet rules that show, when a code's filter is chosen, the list entries carrying it.
fn filter_rules() -> String {
    ReasonCode::ALL
        .iter()
        .map(|c| {
            format!(
                "#code-{0}:checked~details ol.changes li.code-{0}{{display:list-item}}\n",
                c.as_str()
            )
        })
        .collect()
}

/// Why a change matters, one `<div class="summary">` per semantic change (or the change's own
/// summary), the cited rules set apart in a muted `<span class="cite">`.
fn reasons(change: &Change) -> String {
    let lines: Vec<(&str, &str)> = if change.semantic.is_empty() {
        vec![(change.summary.as_str(), "")]
    } else {
        change
            .semantic
            .iter()
            .map(|s| (s.rationale.as_str(), s.citation.as_str()))
            .collect()
    };
    let mut out = String::new();
    for (what, cite) in lines.into_iter().filter(|(l, _)| !l.is_empty()) {
        let _ = write!(out, "<div class=\"summary\">{}", escape(what));
        if !cite.is_empty() {
            let _ = write!(out, "<span class=\"cite\">（{}）</span>", escape(cite));
        }
        out.push_str("</div>");
    }
    out
}

/// A table row as cells (each titled with its column name), or `None` for other clauses.
fn table_cells(clause: &Clause) -> Option<String> {
    if clause.kind != ClauseKind::TableRow || clause.cells.is_empty() {
        return None;
    }
    let mut out = String::new();
    for cell in &clause.cells {
        let _ = write!(
            out,
            "<span class=\"cell\" title=\"{}\">{}</span>",
            escape(&cell.column),
            escape(cell.text.trim())
        );
    }
    Some(out)
}

/// The state of the walk through the new version.
struct Walk<'d> {
    /// The next new clause not yet written.
    next: usize,
    /// Sections whose heading is written.
    headed: HashSet<&'d str>,
    /// Each section id → the chain of sections from the top level down to it.
    parents: HashMap<&'d str, Vec<&'d Section>>,
}

/// Maps each section id to its chain of ancestors (top level first, the section itself last).
fn section_chains(doc: &Document) -> HashMap<&str, Vec<&Section>> {
    fn go<'d>(
        sections: &'d [Section],
        path: &mut Vec<&'d Section>,
        out: &mut HashMap<&'d str, Vec<&'d Section>>,
    ) {
        for section in sections {
            path.push(section);
            out.insert(section.id.as_str(), path.clone());
            go(&section.sections, path, out);
            path.pop();
        }
    }
    let mut out = HashMap::new();
    go(&doc.sections, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_join_number_and_title() {
        let section = |number: Option<&str>, title: &str| Section {
            id: String::new(),
            number: number.map(str::to_owned),
            numbering: crate::model::Numbering::Article,
            title: title.to_owned(),
            level: 1,
            span: crate::model::Span(0, 0),
            heading_span: crate::model::Span(0, 0),
            sections: Vec::new(),
        };
        let cases = [
            (Some("二"), "我们如何共享", "二 我们如何共享"),
            (Some("第六条"), " ", "第六条"),
            (Some("1"), "1 总则", "1 总则"),
            (None, "附录", "附录"),
        ];
        for (number, title, want) in cases {
            assert_eq!(heading_text(&section(number, title)), want);
        }
    }

    #[test]
    fn escape_neutralises_markup_and_controls() {
        let cases = [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=\"a('b')\">",
                "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;",
            ),
            ("A&B", "A&amp;B"),
            ("普通文字", "普通文字"),
            ("\u{202E}abc", "&lt;U+202E&gt;abc"),
        ];
        for (text, want) in cases {
            assert_eq!(escape(text), want);
        }
    }
}
