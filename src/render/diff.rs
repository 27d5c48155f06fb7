//! Terminal report of a diff for `policydiff diff --format text`.

use crate::compare::classify::excerpt;
use crate::model::diff::{
    Change, ChangeKind, DiffReport, ReasonCode, Severity, TokenOp, VersionMeta,
};
use std::fmt::Write;

/// Which changes a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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

/// Renders the diff report for a terminal: summary header, major changes with codes and rationale,
/// then minor changes, then editorial ones (counted, or listed with [`Only::All`]); every changed
/// clause as an inline word-level redline (`[-删除-]{+插入+}`).
pub fn render(report: &DiffReport, only: Only) -> String {
    let mut out = String::new();
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
        if !listed {
            let _ = writeln!(
                out,
                "\n{title}：{} 处（未列出；用 --only all 查看）",
                picked.len()
            );
            continue;
        }
        let _ = writeln!(out, "\n== {title}（{} 处）==", picked.len());
        for (index, change) in picked {
            change_block(&mut out, index, change);
        }
    }
    out
}

fn meta_line(label: &str, meta: &VersionMeta) -> String {
    let mut line = format!("{label}：{}", meta.path);
    if let Some(title) = &meta.title {
        let _ = write!(line, "  《{title}》");
    }
    for (k, v) in &meta.dates {
        let _ = write!(line, "  {k}：{v}");
    }
    line
}

fn header(out: &mut String, report: &DiffReport) {
    let _ = writeln!(out, "{}", meta_line("旧版本", &report.old_meta));
    let _ = writeln!(out, "{}", meta_line("新版本", &report.new_meta));
    let count = |s: Severity| report.stats.count(s);
    let _ = writeln!(
        out,
        "变更：重大 {}，一般 {}，编辑性 {}（条款：旧 {}，新 {}，未变 {}）",
        count(Severity::Major),
        count(Severity::Minor),
        count(Severity::Editorial),
        report.stats.old_clauses,
        report.stats.new_clauses,
        report.stats.by_kind.get("unchanged").copied().unwrap_or(0),
    );
    if report.major {
        let codes: Vec<String> = report
            .major_reasons
            .iter()
            .map(|r| {
                format!(
                    "{}（{}）×{}",
                    r.code.as_str(),
                    r.code.label(),
                    r.changes.len()
                )
            })
            .collect();
        let _ = writeln!(out, "结论：存在重大变更 — {}", codes.join("，"));
        for reason in &report.major_reasons {
            let _ = writeln!(out, "  [{}] {}", reason.code.as_str(), reason.rationale);
        }
    } else {
        let _ = writeln!(out, "结论：无重大变更");
    }
    for fallback in &report.fallbacks {
        let _ = writeln!(
            out,
            "注意：{} × {}（已改用整条替换或未对齐）",
            fallback.reason, fallback.count
        );
    }
}

fn change_block(out: &mut String, index: usize, change: &Change) {
    let id = match (&change.old, &change.new) {
        (Some(old), Some(new)) if old.id != new.id => format!("{} → {}", old.id, new.id),
        (_, Some(side)) | (Some(side), None) => side.id.clone(),
        (None, None) => String::new(),
    };
    let codes: Vec<&str> = change
        .codes
        .iter()
        .map(|c| ReasonCode::as_str(*c))
        .collect();
    let moved = if change.moved && change.kind != ChangeKind::Moved {
        "，已移动"
    } else {
        ""
    };
    let _ = write!(out, "\n#{index} {}{moved} [{id}]", change.kind.as_str());
    if !codes.is_empty() {
        let _ = write!(out, " {{{}}}", codes.join(","));
    }
    let _ = writeln!(out, "\n  {}", change.summary);
    for sc in change
        .semantic
        .iter()
        .filter(|s| s.rationale != change.summary)
    {
        let _ = writeln!(out, "  · {}", sc.rationale);
    }
    if let Some(line) = redline(change) {
        let _ = writeln!(out, "  {line}");
    }
}

/// The inline redline of a change (`[-删除-]{+插入+}`), or `None` when there is no text to show.
pub fn redline(change: &Change) -> Option<String> {
    match change.kind {
        ChangeKind::Added => change
            .new
            .as_ref()
            .map(|c| format!("{{+{}+}}", c.text.trim())),
        ChangeKind::Removed => change
            .old
            .as_ref()
            .map(|c| format!("[-{}-]", c.text.trim())),
        ChangeKind::Semantic | ChangeKind::Moved | ChangeKind::Unchanged => None,
        _ if change.tokens.is_empty() => change.new.as_ref().map(|c| excerpt(&c.text, 120)),
        _ => Some(
            change
                .tokens
                .iter()
                .map(|t| match t.op {
                    TokenOp::Equal => elide(&t.text),
                    TokenOp::Delete => format!("[-{}-]", t.text),
                    TokenOp::Insert => format!("{{+{}+}}", t.text),
                })
                .collect(),
        ),
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
}
