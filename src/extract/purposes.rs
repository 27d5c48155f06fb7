//! Purposes of processing stated in the policy, by canonical code, in order of first mention.

use super::{push_clause_id, Context, Topic};
use crate::model::practices::Purpose;

/// Topics whose sections state no purpose of processing.
const SILENT_TOPICS: &[Topic] = &[Topic::Definitions, Topic::Update, Topic::Contact];

pub(crate) fn extract(ctx: &Context) -> Vec<Purpose> {
    let entries = &ctx.dict.dictionaries.purposes;
    let mut out: Vec<Purpose> = Vec::new();
    for view in &ctx.clauses {
        if view.topic.is_some_and(|t| SILENT_TOPICS.contains(&t)) {
            continue;
        }
        for hit in view.units.iter().flat_map(|u| &u.purposes) {
            let Some(e) = entries.get(hit.entry) else {
                continue;
            };
            match out.iter_mut().find(|p| p.code == e.code) {
                Some(p) => push_clause_id(&mut p.clauses, view.id()),
                None => out.push(Purpose {
                    code: e.code.clone(),
                    name: e.name.clone(),
                    clauses: vec![view.id().to_owned()],
                }),
            }
        }
    }
    out
}
