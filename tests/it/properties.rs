//! Property tests of the comparison: edits that change no statement (the product renamed,
//! sections reordered) yield no finding and no major change, a typo fixed no major change and no
//! finding that is not marked as an extraction difference; and a comparison read backwards
//! reports the mirror of its findings.

use crate::common;
use policydiff::compare::compare;
use policydiff::model::diff::{DiffReport, SemanticKind};
use policydiff::structure;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The Markdown policies of `corpus/pairs` (their old versions) and the bundled example.
fn markdown_policies() -> Vec<String> {
    let mut paths: Vec<PathBuf> = common::files_under(&common::corpus("pairs"))
        .into_iter()
        .filter(|p| p.file_name().and_then(|n| n.to_str()) == Some("old.md"))
        .collect();
    paths.push(common::corpus("examples/old.md"));
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn diff_texts(old: &str, new: &str) -> DiffReport {
    let parse = |text: &str| {
        let input =
            policydiff::read::from_bytes(text.as_bytes(), std::path::Path::new("policy.md"));
        structure::parse(&input.unwrap_or_else(|e| panic!("reading a policy: {e}")))
    };
    compare(&parse(old), &parse(new))
}

/// Asserts that a report states nothing: no major change and no finding of any kind.
fn assert_states_nothing(what: &str, report: &DiffReport) -> Result<(), TestCaseError> {
    prop_assert!(!report.major, "{what}: major {:?}", report.major_reasons);
    let findings: Vec<&str> = report
        .changes
        .iter()
        .flat_map(|c| &c.semantic)
        .map(|s| s.rationale.as_str())
        .collect();
    prop_assert!(findings.is_empty(), "{what}: findings {findings:?}");
    Ok(())
}

/// The text with its `nth` 「的」 written 「地」 (a classic slip of the pen), if it has one.
fn with_typo(text: &str, nth: usize) -> Option<String> {
    let positions: Vec<usize> = text.match_indices('的').map(|(i, _)| i).collect();
    let at = *positions.get(nth % positions.len().max(1))?;
    let mut out = text.to_owned();
    out.replace_range(at..at + '的'.len_utf8(), "地");
    Some(out)
}

/// The product name: the title line without its 隐私政策 suffix.
fn product_name(text: &str) -> Option<&str> {
    let title = text.lines().find_map(|l| l.strip_prefix("# "))?;
    let name = title.trim().trim_end_matches("隐私政策").trim();
    (name.chars().count() >= 2).then_some(name)
}

/// The text with two adjacent top-level sections (`## `) swapped.
fn with_sections_swapped(text: &str, nth: usize) -> Option<String> {
    let starts: Vec<usize> = text.match_indices("\n## ").map(|(i, _)| i + 1).collect();
    if starts.len() < 3 {
        return None;
    }
    // Swap sections k and k+1, both followed by another section (the last one may hold the end).
    let k = nth % (starts.len() - 2);
    let (a, b, c) = (*starts.get(k)?, *starts.get(k + 1)?, *starts.get(k + 2)?);
    Some(format!(
        "{}{}{}{}",
        text.get(..a)?,
        text.get(b..c)?,
        text.get(a..b)?,
        text.get(c..)?
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_typo_fix_states_nothing(which in any::<prop::sample::Index>(), nth in 0usize..400) {
        let policies = markdown_policies();
        prop_assume!(!policies.is_empty());
        let text = which.get(&policies);
        let Some(typo) = with_typo(text, nth) else { return Ok(()) };
        // What extraction reads from the two wordings may differ: such a finding is at most
        // minor and says so.
        let report = diff_texts(&typo, text);
        prop_assert!(!report.major, "typo fixed: major {:?}", report.major_reasons);
        for finding in report.changes.iter().flat_map(|c| &c.semantic) {
            prop_assert!(finding.rationale.contains("抽取差异"), "typo fixed: {}", finding.rationale);
        }
    }

    #[test]
    fn renaming_the_product_states_nothing(which in any::<prop::sample::Index>(), name in "[青云星辰光影知行]{2,4}") {
        let policies = markdown_policies();
        prop_assume!(!policies.is_empty());
        let text = which.get(&policies);
        let Some(product) = product_name(text) else { return Ok(()) };
        prop_assume!(!text.contains(name.as_str()));
        let renamed = text.replace(product, &name);
        assert_states_nothing("product renamed", &diff_texts(text, &renamed))?;
    }

    #[test]
    fn reordering_sections_states_nothing(which in any::<prop::sample::Index>(), nth in 0usize..20) {
        let policies = markdown_policies();
        prop_assume!(!policies.is_empty());
        let text = which.get(&policies);
        let Some(swapped) = with_sections_swapped(text, nth) else { return Ok(()) };
        assert_states_nothing("sections reordered", &diff_texts(text, &swapped))?;
    }
}

/// The kind a finding has when the versions are swapped (`None` for kinds with no mirror).
fn mirror(kind: SemanticKind) -> Option<SemanticKind> {
    use SemanticKind as K;
    Some(match kind {
        K::DataItemAdded | K::DataItemSummarised | K::DataItemDescribed => K::DataItemRemoved,
        K::DataItemRemoved => K::DataItemAdded,
        K::ThirdPartyAdded => K::ThirdPartyRemoved,
        K::ThirdPartyRemoved => K::ThirdPartyAdded,
        K::ThirdPartyExpanded => K::ThirdPartyNarrowed,
        K::ThirdPartyNarrowed => K::ThirdPartyExpanded,
        K::PurposeAdded => K::PurposeRemoved,
        K::PurposeRemoved => K::PurposeAdded,
        K::FunctionAdded => K::FunctionRemoved,
        K::FunctionRemoved => K::FunctionAdded,
        K::CrossBorderAdded => K::CrossBorderRemoved,
        K::CrossBorderRemoved => K::CrossBorderAdded,
        K::ProcessingAdded => K::ProcessingRemoved,
        K::ProcessingRemoved => K::ProcessingAdded,
        K::RightAdded => K::RightRemoved,
        K::RightRemoved => K::RightAdded,
        K::ContactAdded => K::ContactRemoved,
        K::ContactRemoved => K::ContactAdded,
        K::PermissionAdded => K::PermissionRemoved,
        K::PermissionRemoved => K::PermissionAdded,
        K::RetentionLengthened => K::RetentionShortened,
        K::RetentionShortened => K::RetentionLengthened,
        _ => return None,
    })
}

/// The findings of a report that have a mirror, as (kind, subject), with `flip` applied.
fn findings(report: &DiffReport, flip: bool) -> BTreeSet<(SemanticKind, String)> {
    report
        .changes
        .iter()
        .flat_map(|c| &c.semantic)
        .filter_map(|s| {
            let kind = if flip {
                mirror(s.kind)?
            } else {
                mirror(s.kind).map(|_| s.kind)?
            };
            // Added items of every flavour mirror one removal kind: compare them under it.
            let kind = match kind {
                SemanticKind::DataItemSummarised | SemanticKind::DataItemDescribed => {
                    SemanticKind::DataItemAdded
                }
                k => k,
            };
            Some((kind, s.subject.clone()))
        })
        .collect()
}

#[test]
fn reading_a_pair_backwards_mirrors_its_findings() {
    let dirs: Vec<PathBuf> = common::files_under(&common::corpus("pairs"))
        .into_iter()
        .filter(|p| p.file_name().and_then(|n| n.to_str()) == Some("expected.json"))
        .filter_map(|p| p.parent().map(PathBuf::from))
        .collect();
    for dir in dirs {
        let side = |stem: &str| {
            common::files_under(&dir).into_iter().find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&format!("{stem}.")))
            })
        };
        let (Some(old), Some(new)) = (side("old"), side("new")) else {
            continue;
        };
        let (old, new) = (common::parse_file(&old), common::parse_file(&new));
        let forward = findings(&compare(&old, &new), true);
        let backward = findings(&compare(&new, &old), false);
        assert_eq!(
            forward,
            backward,
            "{}: forward (mirrored) vs backward",
            dir.display()
        );
    }
}
