//! Extraction stage: the data practices a policy states (data items, purposes, third parties, rights …).

use crate::model::practices::Practices;
use crate::model::Document;

/// Extracts the data practices of a parsed document, every finding pointing back to its clauses.
pub fn extract(doc: &Document) -> Practices {
    let _ = doc;
    todo!("extract::extract")
}
