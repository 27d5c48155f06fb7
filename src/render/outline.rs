//! Text outline of a parsed document for `policydiff parse --format text`.

use crate::model::Document;

/// Renders the outline: title, metadata, then the section tree with numbers, titles, block kinds and sentence counts.
pub fn render(doc: &Document) -> String {
    let _ = doc;
    todo!("render::outline")
}
