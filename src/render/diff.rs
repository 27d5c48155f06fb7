//! Terminal report of a diff for `policydiff diff --format text`.

use crate::model::diff::DiffReport;

/// Which changes a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// Major changes only.
    Major,
    /// Major and minor changes (editorial ones counted, not listed).
    Substantive,
    /// Every change, editorial ones included.
    All,
}

/// Renders the diff report for a terminal.
pub fn render(report: &DiffReport, only: Only) -> String {
    let _ = (report, only);
    todo!("render::diff")
}
