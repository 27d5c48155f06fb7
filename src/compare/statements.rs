//! Statement comparison: what the practice statements of a changed clause say that the old
//! clause's statements did not.
//!
//! Facts (`compare::facts_of`) compare the two policies as inventories; this pass compares the
//! statements of each changed clause with those of the clause it replaced, for changes an
//! inventory cannot see: data the old clause kept on the user's device only and the new clause
//! collects (storage moved from the device to a server).

use crate::model::diff::{Change, ClauseRef, SemanticChange, SemanticKind};
use crate::model::practices::{Action, Polarity, Practices, Statement};
use std::collections::{BTreeSet, HashMap};

/// The actor of a statement that the data stays on the user's device.
pub(super) const DEVICE: &str = "device";

/// Findings of each modified clause from its statements and the old clause's.
pub fn compare_clauses(changes: &mut [Change], old: &Practices, new: &Practices) {
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
            let subject = format!(
                "{}上传至服务器处理（而非仅在设备本地处理）",
                items.into_iter().collect::<Vec<_>>().join("、")
            );
            change
                .semantic
                .push(finding(kind, subject, old_ref, new_ref));
        }
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

    fn statement(actor: &str, action: Action, data: &[&str]) -> Statement {
        Statement {
            actor: actor.to_owned(),
            action,
            data: data.iter().map(|d| (*d).to_owned()).collect(),
            ..Statement::default()
        }
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
