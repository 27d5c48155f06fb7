//! Text outline of a parsed document for `policydiff parse --format text|outline`: how the
//! document was read, at a glance (sections, clause counts, the TOC and what each entry names).

use crate::model::{ClauseKind, Document, Section};
use std::collections::HashMap;
use std::fmt::Write;

/// Block counts of one section (its own clauses, not its subsections').
#[derive(Default)]
struct Counts {
    paragraphs: usize,
    list_items: usize,
    table_rows: usize,
    sentences: usize,
}

impl Counts {
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (n, one, many) in [
            (self.paragraphs, "paragraph", "paragraphs"),
            (self.list_items, "list item", "list items"),
            (self.table_rows, "table row", "table rows"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        }
        let blocks = if parts.is_empty() {
            "no blocks".to_owned()
        } else {
            parts.join(", ")
        };
        format!(
            "[{blocks}; {} sentence{}]",
            self.sentences,
            if self.sentences == 1 { "" } else { "s" }
        )
    }
}

/// Renders the outline: title, metadata, then the section tree with numbers, titles, block kinds and sentence counts.
pub fn render(doc: &Document) -> String {
    let mut counts: HashMap<Option<&str>, Counts> = HashMap::new();
    let mut toc = 0;
    for c in &doc.clauses {
        match c.kind {
            ClauseKind::Toc => {
                toc += 1;
                continue;
            }
            // A table's header names its columns: the rows are what the table holds.
            ClauseKind::Metadata | ClauseKind::TableHeader => continue,
            ClauseKind::Paragraph | ClauseKind::ListItem | ClauseKind::TableRow => {}
        }
        let entry = counts.entry(c.section_id.as_deref()).or_default();
        match c.kind {
            ClauseKind::Paragraph => entry.paragraphs += 1,
            ClauseKind::ListItem => entry.list_items += 1,
            _ => entry.table_rows += 1,
        }
        entry.sentences += c.sentences.len();
    }
    let mut out = String::new();
    let title = doc.title.as_ref().map_or("(untitled)", |t| t.text.as_str());
    let _ = writeln!(out, "{title}");
    for (label, value) in &doc.metadata {
        let _ = writeln!(out, "  {label}: {value}");
    }
    if toc > 0 {
        let resolved = doc.toc.iter().filter(|e| e.section.is_some()).count();
        let _ = writeln!(
            out,
            "  (table of contents: {toc} entries, {resolved} resolved to sections)"
        );
        for entry in doc.toc.iter().filter(|e| e.section.is_none()) {
            let _ = writeln!(out, "    unresolved TOC entry: {}", entry.text);
        }
    }
    if let Some(pre) = counts.get(&None) {
        let _ = writeln!(out, "preamble {}", pre.describe());
    }
    let mut stack: Vec<&Section> = doc.sections.iter().rev().collect();
    while let Some(s) = stack.pop() {
        let indent = "  ".repeat(usize::from(s.level.saturating_sub(1)));
        let number = s
            .number
            .as_deref()
            .map(|n| format!("{n} "))
            .unwrap_or_default();
        let own = counts
            .get(&Some(s.id.as_str()))
            .map(Counts::describe)
            .unwrap_or_else(|| Counts::default().describe());
        let _ = writeln!(out, "{indent}{number}{} {own}", s.title);
        stack.extend(s.sections.iter().rev());
    }
    if !doc.omitted.is_empty() {
        let _ = writeln!(
            out,
            "({} omitted spans: markup and dropped elements)",
            doc.omitted.len()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Clause, Encoding, Format, Numbering, Sentence, SourceInfo, Span};

    #[test]
    fn outline_lists_sections_with_counts() {
        let section = Section {
            id: "二".into(),
            number: Some("二".into()),
            numbering: Numbering::ChineseComma,
            title: "我们如何收集".into(),
            level: 1,
            span: Span(0, 10),
            heading_span: Span(0, 4),
            sections: Vec::new(),
        };
        let clause = Clause {
            id: "二/1".into(),
            section_id: Some("二".into()),
            kind: ClauseKind::Paragraph,
            text: "我们收集。".into(),
            span: Span(4, 10),
            sentences: vec![Sentence {
                text: "我们收集。".into(),
                span: Span(4, 10),
            }],
            cells: Vec::new(),
        };
        let doc = Document {
            schema_version: 1,
            source: SourceInfo {
                path: "t".into(),
                encoding: Encoding::Utf8,
                format: Format::Text,
                bytes: 10,
            },
            title: None,
            metadata: [("生效日期".to_owned(), "2021年".to_owned())]
                .into_iter()
                .collect(),
            sections: vec![section],
            clauses: vec![clause],
            toc: Vec::new(),
            omitted: Vec::new(),
            text: String::new(),
        };
        let out = render(&doc);
        assert!(out.contains("生效日期: 2021年"), "{out}");
        assert!(
            out.contains("二 我们如何收集 [1 paragraph; 1 sentence]"),
            "{out}"
        );
    }
}
