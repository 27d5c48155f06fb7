//! Terminal report of a diff for `policydiff diff --format text`: the verdict, one line per
//! major reason (code, short rationale, the decisive sentence quoted, the changes behind it),
//! then the changes — identical edits once with a count — and the legal citation of each code
//! once, at the end. Painted from the model through a [`Painter`]: redline tokens are styled as what
//! they are, never re-read from the text, so policy text that looks like a marker stays text.

use crate::compare::classify::excerpt;
use crate::model::diff::{
    Change, ChangeKind, DiffReport, MajorReason, ReasonCode, Severity, TokenOp, VersionMeta,
};
use crate::render::color::{Painter, Palette};
use std::collections::{BTreeMap, HashMap};

/// Which changes a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Major changes only.
    Major,
    /// Major and minor changes (editorial ones counted, not listed).
    Substantive,
    /// Every change, editorial ones included.
    All,
}

/// Longest run of unchanged text shown in full inside a redline; longer runs keep their ends.
const EQUAL_RUN_CHARS: usize = 60;
/// Longest quotation of a decisive sentence, in characters.
const QUOTE_CHARS: usize = 80;

/// Renders the diff report as plain text (no colour): see [`paint`].
pub fn render(report: &DiffReport, only: Only) -> String {
    paint(report, only, Palette::new(false))
}

/// Renders the diff report for a terminal with `palette`: summary header and verdict, one line
/// per major reason, then major changes, minor changes, editorial ones (counted, or listed with
/// [`Only::All`]), each changed clause as an inline word-level redline (`[-删除-]{+插入+}` when
/// not coloured), then the citations of the codes present.
pub fn paint(report: &DiffReport, only: Only, palette: Palette) -> String {
    let mut out = Painter::new(palette);
    header(&mut out, report);
    let sections: [(Severity, &str, bool); 3] = [
        (Severity::Major, "重大变更", true),
        (Severity::Minor, "一般变更", only != Only::Major),
        (Severity::Editorial, "编辑性变更", only == Only::All),
    ];
    for (severity, title, listed) in sections {
        let picked: Vec<(usize, &Change)> = report
            .changes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.severity == severity)
            .collect();
        if picked.is_empty() {
            continue;
        }
        out.line("");
        if !listed {
            out.line(&format!(
                "{title}：{} 处（未列出；用 --only all 查看）",
                picked.len()
            ));
            continue;
        }
        out.heading(&format!("== {title}（{} 处）==", picked.len()));
        out.newline();
        for group in identical(&picked) {
            change_block(&mut out, &group);
        }
    }
    write_citations(&mut out, report);
    out.finish()
}

fn meta_line(label: &str, meta: &VersionMeta) -> String {
    let mut line = format!("{label}：{}", meta.path);
    if let Some(title) = &meta.title {
        line.push_str(&format!("  《{title}》"));
    }
    for (k, v) in &meta.dates {
        line.push_str(&format!("  {k}：{v}"));
    }
    line
}

fn header(out: &mut Painter, report: &DiffReport) {
    out.heading(&meta_line("旧版本", &report.old_meta));
    out.newline();
    out.heading(&meta_line("新版本", &report.new_meta));
    out.newline();
    let count = |s: Severity| report.stats.count(s);
    out.line(&format!(
        "变更：重大 {}，一般 {}，编辑性 {}（条款：旧 {}，新 {}，未变 {}）",
        count(Severity::Major),
        count(Severity::Minor),
        count(Severity::Editorial),
        report.stats.old_clauses,
        report.stats.new_clauses,
        report.stats.by_kind.get("unchanged").copied().unwrap_or(0),
    ));
    if report.major {
        out.heading("结论：存在重大变更");
        out.newline();
        for reason in &report.major_reasons {
            reason_line(out, reason);
        }
    } else {
        out.heading("结论：无重大变更");
        out.newline();
    }
    for fallback in &report.fallbacks {
        out.line(&format!(
            "注意：{} × {}（已改用整条替换或未对齐）",
            fallback.reason, fallback.count
        ));
    }
}

/// What a report says of one major reason: the rationale of its first finding, how many findings
/// there are, the sentence that decides it, the changes behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonLine {
    /// The first finding's rationale, without its citation.
    pub rationale: String,
    /// How many major findings carry the code.
    pub findings: usize,
    /// The decisive sentence (of the new version; of the old one for a removal), shortened.
    pub quote: Option<String>,
    /// Indices into [`DiffReport::changes`].
    pub changes: Vec<usize>,
}

impl ReasonLine {
    /// Summarises `reason`: its first finding and the sentence quoted as its evidence (of the
    /// new version; of the old one for a removal).
    pub fn of(reason: &MajorReason) -> ReasonLine {
        let first = reason.evidence.first();
        ReasonLine {
            rationale: first.map_or_else(|| reason.rationale.clone(), |e| e.rationale.clone()),
            findings: reason.evidence.len(),
            quote: first
                .and_then(|e| e.new.as_ref().or(e.old.as_ref()))
                .map(|q| excerpt(q.text.trim(), QUOTE_CHARS)),
            changes: reason.changes.clone(),
        }
    }

    /// `新增第三方SDK：… 等 3 项 「…」`, without the changes.
    pub fn text(&self) -> String {
        let mut line = self.rationale.clone();
        if self.findings > 1 {
            line.push_str(&format!(" 等 {} 项", self.findings));
        }
        if let Some(quote) = &self.quote {
            line.push_str(&format!(" 「{quote}」"));
        }
        line
    }
}

/// `  [third_party] 共享对象：新增第三方SDK：… 「decisive sentence」 → #4`.
fn reason_line(out: &mut Painter, reason: &MajorReason) {
    let line = ReasonLine::of(reason);
    out.text("  ");
    out.codes(reason.code.as_str(), ("[", "]"));
    let changes: Vec<String> = line.changes.iter().map(|i| format!("#{i}")).collect();
    out.line(&format!(
        " {}：{} → {}",
        reason.code.label(),
        line.text(),
        changes.join(" ")
    ));
}

/// The citation of each code present (the provisions it rests on), once per code.
pub fn citations(report: &DiffReport) -> BTreeMap<ReasonCode, &str> {
    report
        .major_reasons
        .iter()
        .filter(|r| !r.citation.is_empty())
        .map(|r| (r.code, r.citation.as_str()))
        .collect()
}

/// The citations of the codes present, once per code, at the end of the report.
fn write_citations(out: &mut Painter, report: &DiffReport) {
    let by_code = citations(report);
    if by_code.is_empty() {
        return;
    }
    out.line("");
    out.heading("依据：");
    out.newline();
    for (code, citation) in by_code {
        out.line(&format!("  {}：{citation}", code.as_str()));
    }
}

/// What makes two changes the same edit: severity, kind, codes and the edited text.
fn edit_key(change: &Change) -> (Severity, ChangeKind, Vec<ReasonCode>, String) {
    let edited: String = match change.kind {
        ChangeKind::Added => change.new.as_ref().map(|c| format!("+{}", c.text.trim())),
        ChangeKind::Removed => change.old.as_ref().map(|c| format!("-{}", c.text.trim())),
        _ => None,
    }
    .unwrap_or_else(|| {
        change
            .tokens
            .iter()
            .filter(|t| t.op != TokenOp::Equal)
            .map(|t| {
                format!(
                    "{}{}\u{1f}",
                    if t.op == TokenOp::Insert { '+' } else { '-' },
                    t.text
                )
            })
            .collect()
    });
    (change.severity, change.kind, change.codes.clone(), edited)
}

/// The changes grouped by identical edit, in first-seen order; a change without an edit of its
/// own (semantic, moved) stands alone.
pub fn identical<'r>(picked: &[(usize, &'r Change)]) -> Vec<Vec<(usize, &'r Change)>> {
    let mut groups: Vec<Vec<(usize, &Change)>> = Vec::new();
    let mut index: HashMap<(Severity, ChangeKind, Vec<ReasonCode>, String), usize> = HashMap::new();
    for &(i, change) in picked {
        let key = edit_key(change);
        if key.3.is_empty() {
            groups.push(vec![(i, change)]);
            continue;
        }
        match index.get(&key) {
            Some(&g) => {
                if let Some(group) = groups.get_mut(g) {
                    group.push((i, change));
                }
            }
            None => {
                index.insert(key, groups.len());
                groups.push(vec![(i, change)]);
            }
        }
    }
    groups
}

/// The kind a change is shown as: never `editorial` for a change whose severity is more (the
/// severity decides, the text did change).
pub fn shown_kind(change: &Change) -> ChangeKind {
    if change.kind == ChangeKind::Editorial && change.severity != Severity::Editorial {
        ChangeKind::Modified
    } else {
        change.kind
    }
}

fn change_block(out: &mut Painter, group: &[(usize, &Change)]) {
    let Some(&(index, change)) = group.first() else {
        return;
    };
    let id = match (&change.old, &change.new) {
        (Some(old), Some(new)) if old.id != new.id => format!("{} → {}", old.id, new.id),
        (_, Some(side)) | (Some(side), None) => side.id.clone(),
        (None, None) => String::new(),
    };
    let moved = if change.moved && change.kind != ChangeKind::Moved {
        "，已移动"
    } else {
        ""
    };
    out.newline();
    out.heading(&format!(
        "#{index} {}{moved} [{id}]",
        shown_kind(change).as_str()
    ));
    if !change.codes.is_empty() {
        let codes: Vec<&str> = change.codes.iter().map(|c| c.as_str()).collect();
        out.text(" ");
        out.codes(&codes.join(","), ("{", "}"));
    }
    if group.len() > 1 {
        let others: Vec<String> = group.iter().skip(1).map(|(i, _)| format!("#{i}")).collect();
        out.text(&format!(" ×{}（同 {}）", group.len(), others.join(" ")));
    }
    out.newline();
    let marker = if change.semantic.is_empty() {
        ""
    } else {
        "· "
    };
    for line in super::change_lines(change) {
        out.line(&format!("  {marker}{line}"));
    }
    redline(out, change);
}

/// The inline redline of a change, painted from its token edits; nothing when there is no text
/// to show.
fn redline(out: &mut Painter, change: &Change) {
    match change.kind {
        ChangeKind::Added => {
            if let Some(c) = &change.new {
                out.text("  ");
                out.inserted(c.text.trim());
                out.newline();
            }
        }
        ChangeKind::Removed => {
            if let Some(c) = &change.old {
                out.text("  ");
                out.deleted(c.text.trim());
                out.newline();
            }
        }
        ChangeKind::Semantic | ChangeKind::Moved | ChangeKind::Unchanged => {}
        _ if change.tokens.is_empty() => {
            if let Some(c) = &change.new {
                out.line(&format!("  {}", excerpt(&c.text, 120)));
            }
        }
        _ => {
            out.text("  ");
            for token in &change.tokens {
                match token.op {
                    TokenOp::Equal => out.text(&elide(&token.text)),
                    TokenOp::Delete => out.deleted(&token.text),
                    TokenOp::Insert => out.inserted(&token.text),
                }
            }
            out.newline();
        }
    }
}

/// Keeps the ends of a long unchanged run.
fn elide(text: &str) -> String {
    let count = text.chars().count();
    if count <= EQUAL_RUN_CHARS {
        return text.to_owned();
    }
    let keep = EQUAL_RUN_CHARS / 2 - 2;
    let head: String = text.chars().take(keep).collect();
    let tail: String = text.chars().skip(count - keep).collect();
    format!("{head}……{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::align::tests::paragraphs;
    use crate::model::practices::Practices;

    fn report(old: &[&str], new: &[&str]) -> DiffReport {
        crate::compare::compare_with(
            &paragraphs(old),
            &paragraphs(new),
            &Practices::default(),
            &Practices::default(),
        )
    }

    #[test]
    fn modified_clause_shows_inline_word_redline() {
        let r = report(
            &["我们会收集您的手机号码用于注册。", "附则。"],
            &["我们会收集您的手机号码和电子邮箱用于注册。", "附则。"],
        );
        let text = render(&r, Only::Substantive);
        assert!(text.contains("{+和电子邮箱+}"), "{text}");
        assert!(text.contains("结论：无重大变更"), "{text}");
    }

    #[test]
    fn editorial_changes_are_counted_unless_all_is_asked() {
        let r = report(&["我们收集姓名，电话。"], &["我们收集姓名,电话."]);
        let substantive = render(&r, Only::Substantive);
        assert!(substantive.contains("编辑性变更：1 处"), "{substantive}");
        let all = render(&r, Only::All);
        assert!(all.contains("== 编辑性变更（1 处）=="), "{all}");
    }

    #[test]
    fn long_equal_runs_keep_their_ends() {
        let long = "甲".repeat(100);
        let short = elide(&long);
        assert!(short.contains("……") && short.chars().count() < 70);
        assert_eq!(elide("短文本"), "短文本");
    }

    #[test]
    fn identical_edits_are_one_block_with_a_count() {
        let r = report(
            &["支持安卓。", "甲：支持安卓。", "乙：支持安卓。"],
            &[
                "支持安卓、鸿蒙。",
                "甲：支持安卓、鸿蒙。",
                "乙：支持安卓、鸿蒙。",
            ],
        );
        let text = render(&r, Only::All);
        assert_eq!(text.matches("{+、鸿蒙+}").count(), 1, "{text}");
        assert!(text.contains("×3"), "{text}");
    }

    #[test]
    fn marker_like_policy_text_is_painted_as_text() {
        let r = report(
            &["请输入{+验证码+}或[-密码-]登录。"],
            &["请输入{+验证码+}或[-密码-]登录或注册。"],
        );
        let text = paint(&r, Only::All, Palette::new(true));
        assert!(text.contains("请输入{+验证码+}或[-密码-]登录"), "{text:?}");
        assert!(!text.contains("\x1b[32m{+验证码+}"), "{text:?}");
        assert!(text.contains("\x1b[32m{+或注册+}\x1b[0m"), "{text:?}");
    }
}
