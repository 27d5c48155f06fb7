//! Render stage: turns models into what people read. Only the CLI prints; renderers return strings.
//!
//! One output-format type ([`Format`]) and one dispatch point ([`render`]): each command hands
//! its result as a [`View`], and gets back text made safe to print (the output sanitiser runs
//! here, so nothing leaves the process without passing through it).

pub mod ci;
pub mod color;
pub mod diff;
pub mod html;
pub mod markdown;
pub mod notice;
pub mod outline;
pub mod practices;
pub mod sanitize;

use crate::check::CheckedFile;
use crate::model::diff::DiffReport;
use crate::model::practices::Practices;
use crate::model::Document;

/// Every output format of every command; [`render`] says which a view supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text for a terminal, an e-mail or a log (the outline of a document).
    Text,
    /// JSON: the view's model, serialised.
    Json,
    /// One self-contained HTML page.
    Html,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// GitHub Actions workflow commands.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

impl Format {
    /// The format's name as the command line writes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Github => "github",
            Format::Sarif => "sarif",
        }
    }
}

/// What to render: a command's result, with what its renderers read besides.
pub enum View<'a> {
    /// A parsed document (`parse`).
    Document(&'a Document),
    /// Extracted practices (`extract`), with the document they were read from (the text output
    /// quotes its statements).
    Practices {
        /// The practices.
        practices: &'a Practices,
        /// The document.
        doc: &'a Document,
    },
    /// A diff report (`diff`), with both versions (the HTML report shows the whole new version).
    Diff {
        /// The comparison.
        report: &'a DiffReport,
        /// The old version.
        old: &'a Document,
        /// The new version.
        new: &'a Document,
        /// Which changes the text and Markdown reports list.
        only: diff::Only,
        /// The terminal styles of the text report.
        palette: color::Palette,
    },
    /// The one-screen summary of a diff (`diff --stat`).
    DiffStat {
        /// The comparison.
        report: &'a DiffReport,
        /// The terminal styles.
        palette: color::Palette,
    },
    /// A drafted change notice (`notice`).
    Notice(&'a notice::Notice),
    /// The verdicts of the CI gate (`check`).
    Check {
        /// One verdict per policy file.
        files: &'a [CheckedFile],
        /// The commit trailer that acknowledges codes (named in the text verdict).
        trailer: &'a str,
    },
}

impl View<'_> {
    fn name(&self) -> &'static str {
        match self {
            View::Document(_) => "parse",
            View::Practices { .. } => "extract",
            View::Diff { .. } => "diff",
            View::DiffStat { .. } => "diff --stat",
            View::Notice(_) => "notice",
            View::Check { .. } => "check",
        }
    }
}

/// Why a view could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The view has no renderer for the format.
    #[error("{view} has no {format} output")]
    Unsupported {
        /// The command whose result it is.
        view: &'static str,
        /// The format asked for.
        format: &'static str,
    },
    /// Serialising the JSON failed.
    #[error("serialising JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Renders `view` in `format`, made safe to print: in text, control characters and bidi
/// overrides from the input become visible `<U+XXXX>`; in JSON, `\uXXXX` escapes.
pub fn render(view: &View, format: Format) -> Result<String, RenderError> {
    let text = |s: String| match sanitize::reveal_controls(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(safe) => safe,
    };
    Ok(match (view, format) {
        (View::Document(doc), Format::Json) => json(doc)?,
        (View::Document(doc), Format::Text) => text(outline::render(doc)),
        (View::Practices { practices: p, .. }, Format::Json) => json(p)?,
        (View::Practices { practices: p, doc }, Format::Text) => text(practices::render(p, doc)),
        (View::Diff { report, .. }, Format::Json) => json(report)?,
        (
            View::Diff {
                report,
                only,
                palette,
                ..
            },
            Format::Text,
        ) => diff::paint(report, *only, *palette),
        (
            View::Diff {
                report, old, new, ..
            },
            Format::Html,
        ) => text(html::render(report, old, new)),
        (View::Diff { report, only, .. }, Format::Markdown) => {
            text(markdown::render(report, *only))
        }
        (View::DiffStat { report, palette }, Format::Text) => color::stat(report, *palette),
        (View::Notice(n), Format::Json) => json(n)?,
        (View::Notice(n), Format::Markdown) => text(notice::markdown(n)),
        (View::Notice(n), Format::Text) => text(notice::text(n)),
        (View::Check { files, trailer }, Format::Text) => text(ci::text(files, trailer)),
        (View::Check { files, .. }, Format::Json) => json(&ci::json(files))?,
        (View::Check { files, .. }, Format::Github) => text(ci::github(files)),
        (View::Check { files, .. }, Format::Sarif) => json(&ci::sarif(files))?,
        (view, format) => {
            return Err(RenderError::Unsupported {
                view: view.name(),
                format: format.name(),
            })
        }
    })
}

/// Pretty JSON with a final newline, sanitised.
/// What a report says under a change: its summary when it carries no finding, else each distinct
/// rationale of its findings once (shared by the text and Markdown reports).
pub(crate) fn change_lines(change: &crate::model::diff::Change) -> Vec<&str> {
    if change.semantic.is_empty() {
        return [change.summary.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
    }
    let mut seen: Vec<&str> = Vec::new();
    for semantic in &change.semantic {
        if !seen.contains(&semantic.rationale.as_str()) {
            seen.push(&semantic.rationale);
        }
    }
    seen
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, RenderError> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(sanitize::json(s))
}
