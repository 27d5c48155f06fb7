//! Diff stage: clause-level changes between aligned versions, then word-level redlines over jieba tokens.

use crate::model::diff::DiffReport;
use crate::model::Document;

/// Compares two parsed versions end to end (align → diff → classify).
pub fn compare(old: &Document, new: &Document) -> DiffReport {
    let _ = (old, new);
    todo!("diff::compare")
}
