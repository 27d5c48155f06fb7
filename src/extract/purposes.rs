//! Purposes of processing stated in the policy, by canonical code, in order of first mention.

use super::modality::{negated_use_scopes, within};
use super::statements::{Found, What};
use super::{push_clause_id, Context, Topic, Unit};
use crate::dictionary::LexHit;
use crate::model::practices::Purpose;

/// Topics whose sections state no purpose of processing.
const SILENT_TOPICS: &[Topic] = &[Topic::Definitions, Topic::Update, Topic::Contact];

/// Purposes stated, and where each was found (for the statements).
pub(crate) fn extract(ctx: &Context) -> (Vec<Purpose>, Vec<Found>) {
    let entries = &ctx.dict.dictionaries.purposes;
    let mut out: Vec<Purpose> = Vec::new();
    let mut found = Vec::new();
    for view in &ctx.clauses {
        if view.topic.is_some_and(|t| SILENT_TOPICS.contains(&t)) {
            continue;
        }
        for unit in &view.units {
            if unit.purposes.is_empty()
                || (unit.column.is_none() && unit.practice(view.section_title) == Some(false))
            {
                // A prose sentence the context model reads as stating only something else (a
                // policy change, a notification, security) states no purpose.
                continue;
            }
            let denied = negated_use_scopes(unit);
            for hit in unit
                .purposes
                .iter()
                .filter(|h| states_purpose(unit, h, &denied))
            {
                let Some(e) = entries.get(hit.entry) else {
                    continue;
                };
                found.push(Found::at(view, unit, What::Purpose(e.code.clone())));
                match out.iter_mut().find(|p| p.code == e.code) {
                    Some(p) => push_clause_id(&mut p.clauses, view.id()),
                    None => out.push(Purpose {
                        code: e.code.clone(),
                        name: e.name.clone(),
                        clauses: vec![view.id().to_owned()],
                        statements: Vec::new(),
                    }),
                }
            }
        }
    }
    (out, found)
}

/// True unless the purpose word is denied (「不会将…用于广告」) or is part of a data item's name
/// (「人口统计数据」 names data, not the purpose 统计分析).
fn states_purpose(unit: &Unit, hit: &LexHit, denied: &[(usize, usize)]) -> bool {
    !within(denied, hit.start, hit.end)
        && !unit
            .items_overlapping(hit.start, hit.end)
            .iter()
            .any(|item| {
                item.start <= hit.start
                    && hit.end <= item.end
                    && item.end - item.start > hit.end - hit.start
            })
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::extract::testing::doc;

    fn purposes(sentence: &str) -> Vec<String> {
        let d = doc(&["## 我们如何收集和使用您的个人信息", sentence]);
        extract(&d).purposes.into_iter().map(|p| p.code).collect()
    }

    #[test]
    fn denied_purposes_are_not_purposes() {
        assert!(purposes("我们不会将您的健康数据用于广告投放。").is_empty());
        assert!(!purposes("我们会将您的浏览记录用于广告投放。").is_empty());
    }
}
