//! Readable report of extracted practices for `policydiff extract --format text`: grouped by topic,
//! counts in headings, sensitive items marked 「\[敏感\]」, every finding with its clause ids; then
//! the statements, grouped by the section of the document they are read from.

use crate::model::practices::{DataItem, Polarity, Practices, Statement};
use crate::model::{Document, Section};
use std::collections::HashMap;
use std::fmt::Write;

/// Characters of a sentence quoted after its statement.
const QUOTE_CHARS: usize = 30;

/// Renders the practices of `doc` grouped by topic, sensitive items marked, then its statements
/// by section.
pub fn render(practices: &Practices, doc: &Document) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_report(&mut out, practices);
    let _ = write_statements(&mut out, &practices.statements, doc);
    out
}

/// The statements, one line each, under the number and title of the section holding them.
fn write_statements(
    out: &mut String,
    statements: &[Statement],
    doc: &Document,
) -> std::fmt::Result {
    writeln!(out, "\n== 陈述（{} 条）", statements.len())?;
    let section_of: HashMap<&str, Option<&str>> = doc
        .clauses
        .iter()
        .map(|c| (c.id.as_str(), c.section_id.as_deref()))
        .collect();
    let sections: HashMap<&str, &Section> = doc
        .walk_sections()
        .into_iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut current: Option<Option<&str>> = None;
    for s in statements {
        let section = section_of.get(s.clause.as_str()).copied().flatten();
        if current != Some(section) {
            current = Some(section);
            match section.and_then(|id| sections.get(id)) {
                Some(sec) => match &sec.number {
                    Some(number) => writeln!(out, "  {number} {}", sec.title)?,
                    None => writeln!(out, "  {}", sec.title)?,
                },
                None => writeln!(out, "  （章节之外）")?,
            }
        }
        writeln!(out, "    - {}", statement_line(s, &doc.text))?;
    }
    Ok(())
}

/// `collect 手机号码、昵称 目的: registration_login 条件: 在您注册时 (will) 「…」 [一/2#s1]`, with
/// the actor in front when it is not the first party.
fn statement_line(s: &Statement, text: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    if s.actor != "us" {
        parts.push(format!("{}:", s.actor));
    }
    parts.push(s.action.code().to_owned());
    if !s.data.is_empty() {
        parts.push(s.data.join("、"));
    }
    if let Some(recipient) = &s.recipient {
        parts.push(format!("→ {recipient}"));
    }
    if !s.purposes.is_empty() {
        parts.push(format!("目的: {}", s.purposes.join(", ")));
    }
    if let Some(condition) = &s.condition {
        parts.push(format!("条件: {condition}"));
    }
    let polarity = match s.polarity {
        Polarity::Affirmative => "",
        Polarity::Negative => ", negative",
    };
    parts.push(format!("({}{polarity})", s.modality));
    let sentence = s.span.slice(text).trim();
    let quote: String = sentence.chars().take(QUOTE_CHARS).collect();
    let more = if sentence.chars().nth(QUOTE_CHARS).is_some() {
        "…"
    } else {
        ""
    };
    parts.push(format!("「{quote}{more}」 [{}]", s.id));
    parts.join(" ")
}

/// `[一/2, 二/4/4.1]`, shortened after five ids.
fn ids(clauses: &[String]) -> String {
    let shown: Vec<&str> = clauses.iter().take(5).map(String::as_str).collect();
    let more = clauses.len().saturating_sub(shown.len());
    if more > 0 {
        format!("[{} …+{more}]", shown.join(", "))
    } else {
        format!("[{}]", shown.join(", "))
    }
}

fn or_none(value: Option<&str>) -> &str {
    value.unwrap_or("未载明")
}

fn write_report(out: &mut String, p: &Practices) -> std::fmt::Result {
    writeln!(out, "== 基本信息")?;
    writeln!(out, "个人信息处理者: {}", or_none(p.controller.as_deref()))?;
    if let Some(address) = &p.controller_address {
        writeln!(out, "地址: {address}")?;
    }
    writeln!(out, "生效日期: {}", or_none(p.effective_date.as_deref()))?;
    writeln!(out, "更新日期: {}", or_none(p.updated_date.as_deref()))?;
    match p.minor_age {
        Some(age) => writeln!(out, "未成年人年龄线: 不满{age}周岁需监护人同意")?,
        None => writeln!(out, "未成年人年龄线: 未载明")?,
    }
    writeln!(
        out,
        "跨境: {}{}",
        if p.cross_border {
            "是（个人信息存储或传输至境外）"
        } else {
            "否"
        },
        if p.cross_border_clauses.is_empty() {
            String::new()
        } else {
            format!(" {}", ids(&p.cross_border_clauses))
        }
    )?;

    let stated: Vec<&DataItem> = p.data_items.iter().filter(|i| !i.definition_only).collect();
    let sensitive = stated.iter().filter(|i| i.sensitive).count();
    writeln!(
        out,
        "\n== 收集的个人信息（{} 项，其中敏感 {} 项）",
        stated.len(),
        sensitive
    )?;
    let mut categories: Vec<&str> = Vec::new();
    for item in &stated {
        if !categories.contains(&item.category.as_str()) {
            categories.push(&item.category);
        }
    }
    for category in categories {
        writeln!(out, "  {category}")?;
        for item in stated.iter().filter(|i| i.category == category) {
            let mark = if item.sensitive { "[敏感] " } else { "" };
            let mut notes = Vec::new();
            if item.collected_by.iter().any(|c| c != "us") {
                notes.push(format!(
                    "收集方: {}",
                    item.collected_by
                        .iter()
                        .map(|c| if c == "us" { "我们" } else { c })
                        .collect::<Vec<_>>()
                        .join("、")
                ));
            }
            if !item.purposes.is_empty() {
                notes.push(format!("目的: {}", item.purposes.join(", ")));
            }
            match item.required {
                Some(true) => notes.push("必要".to_owned()),
                Some(false) => notes.push("可选".to_owned()),
                None => {}
            }
            if item.modality == "may" {
                notes.push("可能收集".to_owned());
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!("（{}）", notes.join("；"))
            };
            writeln!(
                out,
                "    - {mark}{}{notes} {}",
                item.name,
                ids(&item.clauses)
            )?;
        }
    }
    if !p.not_collected.is_empty() {
        writeln!(out, "\n== 声明不收集（{} 项）", p.not_collected.len())?;
        for item in &p.not_collected {
            writeln!(out, "    - {} {}", item.name, ids(&item.clauses))?;
        }
    }

    writeln!(out, "\n== 第三方（{} 个）", p.third_parties.len())?;
    for t in &p.third_parties {
        writeln!(
            out,
            "    - {}（{}）{}",
            t.name,
            or_none(t.company.as_deref()),
            ids(&t.clauses)
        )?;
        if !t.data_items.is_empty() {
            writeln!(out, "        信息: {}", t.data_items.join("、"))?;
        }
        if let Some(purpose) = &t.purpose_text {
            writeln!(out, "        目的: {purpose}")?;
        } else if !t.purposes.is_empty() {
            writeln!(out, "        目的: {}", t.purposes.join(", "))?;
        }
    }

    writeln!(out, "\n== 处理目的（{} 项）", p.purposes.len())?;
    for purpose in &p.purposes {
        writeln!(
            out,
            "    - {} {} {}",
            purpose.name,
            purpose.code,
            ids(&purpose.clauses)
        )?;
    }

    writeln!(out, "\n== 设备权限（{} 项）", p.permissions.len())?;
    for permission in &p.permissions {
        let reason = permission
            .reason
            .as_deref()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default();
        writeln!(
            out,
            "    - {}{reason} {}",
            permission.name,
            ids(&permission.clauses)
        )?;
    }

    writeln!(out, "\n== 存储与保存期限")?;
    for location in &p.storage_locations {
        let region = if location.region == "overseas" {
            "境外"
        } else {
            "境内"
        };
        writeln!(
            out,
            "    - 存储地点: {}（{region}）{}",
            location.place,
            ids(&location.clauses)
        )?;
    }
    for r in &p.retention {
        let mut what = Vec::new();
        if let Some(period) = &r.period {
            what.push(format!("{}（{} 天）", period.text, period.days));
        }
        if r.minimum_necessary {
            what.push("实现目的所必需的最短期限".to_owned());
        }
        if let Some(condition) = &r.condition {
            what.push(format!("条件: {condition}"));
        }
        writeln!(out, "    - {} {}", what.join("；"), ids(&r.clauses))?;
    }

    writeln!(out, "\n== 个人信息主体权利（{} 项）", p.rights.len())?;
    for right in &p.rights {
        let mut notes = Vec::new();
        if !right.channels.is_empty() {
            notes.push(format!("途径: {}", right.channels.join("、")));
        }
        if let Some(limit) = &right.time_limit {
            notes.push(format!("时限: {}", limit.text));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("（{}）", notes.join("；"))
        };
        writeln!(out, "    - {}{notes} {}", right.name, ids(&right.clauses))?;
    }

    writeln!(out, "\n== 联系方式（{} 项）", p.contacts.len())?;
    for c in &p.contacts {
        writeln!(out, "    - {}: {} {}", c.kind, c.value, ids(&c.clauses))?;
    }

    if let Some(definition) = &p.major_change_definition {
        writeln!(
            out,
            "\n== 本政策对重大变更的定义（{} 项）{}",
            definition.items.len(),
            ids(&definition.clauses)
        )?;
        for item in &definition.items {
            writeln!(out, "    - {item}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::practices::{Contact, Practices};

    #[test]
    fn marks_sensitive_items_and_counts() {
        let p = Practices {
            controller: Some("某某有限公司".into()),
            data_items: vec![
                DataItem {
                    name: "身份证件信息".into(),
                    category: "个人身份信息".into(),
                    sensitive: true,
                    clauses: vec!["二/1".into()],
                    modality: "will".into(),
                    ..DataItem::default()
                },
                DataItem {
                    name: "昵称".into(),
                    category: "个人基本资料".into(),
                    clauses: vec!["二/2".into()],
                    required: Some(false),
                    modality: "will".into(),
                    ..DataItem::default()
                },
            ],
            contacts: vec![Contact {
                kind: "email".into(),
                value: "a@b.cn".into(),
                clauses: vec!["八/1".into()],
            }],
            ..Practices::default()
        };
        let text = render(&p, &crate::extract::testing::doc(&[]));
        assert!(text.contains("个人信息处理者: 某某有限公司"));
        assert!(text.contains("收集的个人信息（2 项，其中敏感 1 项）"));
        assert!(text.contains("- [敏感] 身份证件信息 [二/1]"));
        assert!(text.contains("- 昵称（可选） [二/2]"));
        assert!(text.contains("email: a@b.cn [八/1]"));
    }

    #[test]
    fn statements_are_grouped_by_section() {
        let doc = crate::extract::testing::doc(&[
            "## 一、我们如何收集您的个人信息",
            "在您注册时，我们会收集您的手机号码。",
            "## 二、我们如何共享您的个人信息",
            "我们不会收集您的通讯录。",
        ]);
        let text = render(&crate::extract::extract(&doc), &doc);
        let statements = text.split("== 陈述（2 条）").nth(1).unwrap_or("");
        assert_eq!(
            statements.lines().collect::<Vec<_>>(),
            [
                "",
                "  一、我们如何收集您的个人信息",
                "    - collect 手机号码 目的: registration_login 条件: 在您注册时 (will) 「在您注册时，我们会收集您的手机号码。」 [c1#s1]",
                "  二、我们如何共享您的个人信息",
                "    - not_collect 通讯录 (will, negative) 「我们不会收集您的通讯录。」 [c3#s1]",
            ]
        );
    }
}
