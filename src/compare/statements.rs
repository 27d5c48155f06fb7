//! Statement comparison: what the practice statements of a changed clause say that the old
//! clause's statements did not.
//!
//! Facts (`compare::facts_of`) compare the two policies as inventories; this pass compares the
//! statements of each changed clause with those of the clause it replaced, for changes an
//! inventory cannot see: data the old clause kept on the user's device only and the new clause
//! collects (storage moved from the device to a server), and a statement that now applies to
//! more users or platforms than the same statement before (its audience widened).

use crate::extract::{first_chars, is_foreign_region, is_platform};
use crate::model::diff::{Change, ClauseRef, SemanticChange, SemanticKind};
use crate::model::practices::{Action, Polarity, Practices, Statement};
use crate::model::{Clause, ClauseKind, Document};
use std::collections::{BTreeSet, HashMap};

/// The actor of a statement that the data stays on the user's device.
pub(super) const DEVICE: &str = "device";

/// Findings of each modified clause from its statements and the old clause's (the documents give
/// the statements' sentences).
pub fn compare_clauses(
    changes: &mut [Change],
    (old_doc, old): (&Document, &Practices),
    (new_doc, new): (&Document, &Practices),
) {
    let (old_by_clause, new_by_clause) = (by_clause(old), by_clause(new));
    for change in changes.iter_mut() {
        let (Some(old_ref), Some(new_ref)) = (&change.old, &change.new) else {
            continue;
        };
        let before = in_clauses(&old_by_clause, old_ref);
        let after = in_clauses(&new_by_clause, new_ref);
        // Off the device is a new manner of processing; back onto it, the mirror.
        let found = [
            (
                SemanticKind::ProcessingAdded,
                moved_off_the_device(&before, &after),
            ),
            (
                SemanticKind::ProcessingRemoved,
                moved_off_the_device(&after, &before),
            ),
        ];
        for (kind, items) in found {
            if items.is_empty() {
                continue;
            }
            let items = items.into_iter().collect::<Vec<_>>().join("、");
            let subject = match row_section(new_doc, new_ref) {
                Some(section) => {
                    format!("{section}：{items}上传至服务器处理（而非仅在设备本地处理）")
                }
                None => format!("{items}上传至服务器处理（而非仅在设备本地处理）"),
            };
            change
                .semantic
                .push(finding(kind, subject, old_ref, new_ref));
        }
        let widened = audience_findings(&before, &after, new_doc, Direction::Widened);
        let narrowed = audience_findings(&after, &before, old_doc, Direction::Narrowed);
        for (kind, subject, values) in widened.into_iter().chain(narrowed) {
            let mut found = finding(kind, subject, old_ref, new_ref);
            (found.old_value, found.new_value) = values;
            change.semantic.push(found);
        }
    }
}

/// The title of the section holding a table row: what the row is about, since its cells name
/// only data and periods (「AI 美颜」 for a log row of that SDK); `None` for other clauses.
fn row_section<'d>(doc: &'d Document, clause: &ClauseRef) -> Option<&'d str> {
    if clause.kind != ClauseKind::TableRow {
        return None;
    }
    let section_id = clause_of(doc, &clause.id)?.section_id.as_deref()?;
    doc.section(section_id).map(|s| s.title.as_str())
}

/// The clause of a document with the given id.
fn clause_of<'d>(doc: &'d Document, id: &str) -> Option<&'d Clause> {
    doc.clauses.iter().find(|c| c.id == id)
}

/// Which way [`audience_findings`] reads a pair of statement lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// From the old clause's statements to the new one's.
    Widened,
    /// From the new clause's statements back to the old one's (the mirror).
    Narrowed,
}

/// A finding's kind, subject and old/new values.
type Found = (SemanticKind, String, (Option<String>, Option<String>));

/// Statements of `wider` that apply to more users or platforms than the same statement (actor,
/// action, recipient) of `narrower`: a region limit dropped (「对于美国的部分用户」 → 「对于部分
/// 用户」) or platforms added (「Android 版本」 → 「iOS 和 Android」). Sharing with a recipient
/// that now covers more users gives more data to that recipient; otherwise the processing
/// widens. A dropped limit to users outside mainland China also takes the data of users in
/// China where only foreign users' data went: a flow abroad. `Narrowed` reads the mirror.
fn audience_findings(
    narrower: &[&Statement],
    wider: &[&Statement],
    wider_doc: &Document,
    direction: Direction,
) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut processing: Option<Found> = None;
    let mut abroad: Option<Found> = None;
    for statement in wider
        .iter()
        .filter(|s| s.polarity == Polarity::Affirmative && s.actor != DEVICE)
    {
        let Some(before) = narrower.iter().find(|b| {
            b.actor == statement.actor
                && b.action == statement.action
                && b.recipient == statement.recipient
        }) else {
            continue;
        };
        let Some(widening) = Widening::of(&before.audience, &statement.audience) else {
            continue;
        };
        let values = (
            Some(audience_text(&before.audience)),
            Some(audience_text(&statement.audience)),
        );
        let values = match direction {
            Direction::Widened => values,
            Direction::Narrowed => (values.1, values.0),
        };
        let sentence = sentence_head(wider_doc, statement);
        let described = format!("{sentence}（{}）", widening.describe());
        if widening.dropped_foreign && abroad.is_none() {
            let kind = match direction {
                Direction::Widened => SemanticKind::CrossBorderAdded,
                Direction::Narrowed => SemanticKind::CrossBorderRemoved,
            };
            abroad = Some((kind, described.clone(), values.clone()));
        }
        match (&statement.recipient, statement.action) {
            (
                Some(recipient),
                Action::Share | Action::Entrust | Action::Transfer | Action::TransferAbroad,
            ) => {
                let kind = match direction {
                    Direction::Widened => SemanticKind::ThirdPartyExpanded,
                    Direction::Narrowed => SemanticKind::ThirdPartyNarrowed,
                };
                let data = if statement.data.is_empty() {
                    "个人信息".to_owned()
                } else {
                    statement.data.join("、")
                };
                let subject = format!("{recipient}：{data}（{}）", widening.describe());
                if !out.iter().any(|(k, s, _)| *k == kind && *s == subject) {
                    out.push((kind, subject, values));
                }
            }
            _ if processing.is_none() => {
                let kind = match direction {
                    Direction::Widened => SemanticKind::ProcessingAdded,
                    Direction::Narrowed => SemanticKind::ProcessingRemoved,
                };
                processing = Some((kind, described, values));
            }
            _ => {}
        }
    }
    // Sharing with more users, or a flow abroad, says it already; the processing finding would
    // repeat it.
    if out.is_empty() && abroad.is_none() {
        out.extend(processing);
    }
    out.extend(abroad);
    out
}

/// How a statement's audience widened from one version to the other.
struct Widening {
    /// Regions whose limit was dropped (the statement now speaks of every region's users).
    dropped: Vec<String>,
    /// Platforms added, or empty when a platform limit was dropped altogether.
    added_platforms: Vec<String>,
    /// Platforms whose limit was dropped altogether.
    dropped_platforms: Vec<String>,
    /// True when a dropped region is outside mainland China.
    dropped_foreign: bool,
}

impl Widening {
    /// The widening from `before` to `after`, `None` when `after` is not wider: a region limit
    /// that `after` no longer has, or a platform list `after` extends or no longer has.
    fn of(before: &[String], after: &[String]) -> Option<Self> {
        let split = |list: &[String]| -> (BTreeSet<String>, BTreeSet<String>) {
            list.iter().cloned().partition(|e| is_platform(e))
        };
        let (old_platforms, old_regions) = split(before);
        let (new_platforms, new_regions) = split(after);
        let dropped: Vec<String> = if new_regions.is_empty() {
            old_regions.into_iter().collect()
        } else {
            Vec::new()
        };
        let (added_platforms, dropped_platforms) = if old_platforms.is_empty() {
            (Vec::new(), Vec::new())
        } else if new_platforms.is_empty() {
            (Vec::new(), old_platforms.into_iter().collect())
        } else if new_platforms.is_superset(&old_platforms) {
            (
                new_platforms.difference(&old_platforms).cloned().collect(),
                Vec::new(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        if dropped.is_empty() && added_platforms.is_empty() && dropped_platforms.is_empty() {
            return None;
        }
        let dropped_foreign = dropped.iter().any(|r| is_foreign_region(r));
        Some(Self {
            dropped,
            added_platforms,
            dropped_platforms,
            dropped_foreign,
        })
    }

    /// The users the wider statement adds, worded the same both ways so that a finding and its
    /// mirror name one subject: 「美国以外的用户」「iOS 用户」「Android 以外平台的用户」.
    fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for region in &self.dropped {
            parts.push(match region.strip_suffix("以外") {
                Some(inside) => format!("{inside}的用户"),
                None => format!("{region}以外的用户"),
            });
        }
        parts.extend(self.added_platforms.iter().map(|p| format!("{p} 用户")));
        parts.extend(
            self.dropped_platforms
                .iter()
                .map(|p| format!("{p} 以外平台的用户")),
        );
        parts.join("、")
    }
}

/// An audience for a reader: its entries, or 「全部用户」 when it has none.
fn audience_text(audience: &[String]) -> String {
    if audience.is_empty() {
        "全部用户".to_owned()
    } else {
        audience.join("、")
    }
}

/// The sentence a statement was read from, as the structure stage wrote it (markup left out),
/// without a leading label and cut to a readable length: what a finding quotes.
fn sentence_head(doc: &Document, statement: &Statement) -> String {
    const MAX_CHARS: usize = 80;
    let clause = clause_of(doc, &statement.clause);
    let sentence = clause
        .and_then(|c| {
            c.sentences
                .iter()
                .find(|s| s.span.end() > statement.span.start())
        })
        .map(|s| s.text.as_str())
        .or(clause.map(|c| c.text.as_str()))
        .unwrap_or("");
    let sentence = sentence.trim().trim_end_matches('。');
    let body = match sentence.split_once('：') {
        Some((label, rest)) if label.chars().count() <= 16 && !rest.trim().is_empty() => rest,
        _ => sentence,
    }
    .trim();
    let cut = first_chars(body, MAX_CHARS);
    if cut.len() < body.len() {
        format!("「{cut}…」")
    } else {
        format!("「{body}」")
    }
}

fn finding(
    kind: SemanticKind,
    subject: String,
    old: &ClauseRef,
    new: &ClauseRef,
) -> SemanticChange {
    SemanticChange {
        old_evidence: vec![old.clone()],
        new_evidence: vec![new.clone()],
        ..SemanticChange::new(kind, subject)
    }
}

/// The statements of the clauses a reference covers.
fn in_clauses<'a>(
    index: &HashMap<&str, Vec<&'a Statement>>,
    clause: &ClauseRef,
) -> Vec<&'a Statement> {
    clause
        .ids()
        .filter_map(|id| index.get(id))
        .flatten()
        .copied()
        .collect()
}

/// A version's statements by the id of their clause (computed once, not per change).
pub(super) fn by_clause(practices: &Practices) -> HashMap<&str, Vec<&Statement>> {
    let mut index: HashMap<&str, Vec<&Statement>> = HashMap::new();
    for statement in &practices.statements {
        index
            .entry(statement.clause.as_str())
            .or_default()
            .push(statement);
    }
    index
}

/// The items statements keep on the user's device.
fn kept_on_device<'a>(statements: &[&'a Statement]) -> BTreeSet<&'a str> {
    statements
        .iter()
        .filter(|s| s.actor == DEVICE)
        .flat_map(|s| s.data.iter().map(String::as_str))
        .collect()
}

/// Items an old statement kept on the device that a new statement of ours collects, uses or
/// stores, and that no new statement still keeps on the device (「我们会根据您的浏览记录推荐…
/// 这项程序在您的设备上处理」 is still processing on the device, told from the user's side).
fn moved_off_the_device(before: &[&Statement], after: &[&Statement]) -> BTreeSet<String> {
    let still_on_device = kept_on_device(after);
    let on_device: BTreeSet<&str> = kept_on_device(before)
        .difference(&still_on_device)
        .copied()
        .collect();
    after
        .iter()
        .filter(|s| {
            s.actor != DEVICE
                && s.polarity == Polarity::Affirmative
                && matches!(
                    s.action,
                    Action::Collect | Action::Use | Action::Store | Action::Retain
                )
        })
        .flat_map(|s| &s.data)
        .filter(|item| on_device.contains(item.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::tests::markdown;

    fn statement(actor: &str, action: Action, data: &[&str]) -> Statement {
        Statement {
            actor: actor.to_owned(),
            action,
            data: data.iter().map(|d| (*d).to_owned()).collect(),
            ..Statement::default()
        }
    }

    fn with_audience(mut statement: Statement, audience: &[&str]) -> Statement {
        statement.audience = audience.iter().map(|a| (*a).to_owned()).collect();
        statement
    }

    #[test]
    fn sharing_with_more_platforms_gives_the_recipient_more() {
        let mut share = statement("us", Action::Share, &["启动记录"]);
        share.recipient = Some("Acme Analytics".to_owned());
        let before = with_audience(share.clone(), &["Android"]);
        let after = with_audience(share, &["Android", "iOS"]);
        let none = markdown("");
        let found = audience_findings(&[&before], &[&after], &none, Direction::Widened);
        let kinds: Vec<_> = found.iter().map(|(k, s, _)| (*k, s.as_str())).collect();
        assert_eq!(
            kinds,
            [(
                SemanticKind::ThirdPartyExpanded,
                "Acme Analytics：启动记录（iOS 用户）"
            )]
        );
        // The mirror is a narrowing, and nothing widens against itself.
        let back = audience_findings(&[&before], &[&after], &none, Direction::Narrowed);
        assert_eq!(
            back.first().map(|f| f.0),
            Some(SemanticKind::ThirdPartyNarrowed)
        );
        assert!(audience_findings(&[&after], &[&after], &none, Direction::Widened).is_empty());
    }

    #[test]
    fn dropping_a_foreign_region_limit_is_a_flow_abroad() {
        let text = markdown(
            "**网络加速**：对于部分用户，我们会把请求转发至[解析服务](https://a.example/x)。",
        );
        let mut collect = statement("us", Action::Collect, &["请求记录"]);
        let Some(clause) = text.clauses.first() else {
            panic!("one clause")
        };
        (collect.clause, collect.span) = (clause.id.clone(), clause.span);
        let before = with_audience(collect.clone(), &["欧盟"]);
        let found = audience_findings(&[&before], &[&collect], &text, Direction::Widened);
        assert_eq!(found.len(), 1);
        let (kind, subject, values) = &found[0];
        assert_eq!(*kind, SemanticKind::CrossBorderAdded);
        // Quoted as the structure stage reads it: no emphasis, link target or label.
        assert!(
            subject.starts_with("「对于部分用户，我们会把请求转发至解析服务」"),
            "{subject}"
        );
        assert_eq!(values.1.as_deref(), Some("全部用户"));
        // Dropping a domestic limit widens the processing without taking data abroad.
        let domestic = with_audience(collect.clone(), &["中国大陆"]);
        let found = audience_findings(&[&domestic], &[&collect], &text, Direction::Widened);
        assert_eq!(
            found.first().map(|f| f.0),
            Some(SemanticKind::ProcessingAdded)
        );
        // A different region is no widening.
        let other = with_audience(collect.clone(), &["日本"]);
        assert!(audience_findings(&[&before], &[&other], &text, Direction::Widened).is_empty());
    }

    #[test]
    fn data_leaving_the_device_is_found() {
        let before = statement(DEVICE, Action::Use, &["日志信息", "操作系统信息"]);
        let after = statement("us", Action::Collect, &["操作系统信息", "IP地址"]);
        let moved = moved_off_the_device(&[&before], &[&after]);
        assert_eq!(moved.into_iter().collect::<Vec<_>>(), ["操作系统信息"]);
        let still = statement(DEVICE, Action::Use, &["操作系统信息"]);
        assert!(moved_off_the_device(&[&before], &[&still]).is_empty());
        // Ours and still on the device: the app works locally.
        assert!(moved_off_the_device(&[&before], &[&after, &still]).is_empty());
    }
}
