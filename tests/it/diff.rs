//! Integration tests: diff — annotated version pairs (accuracy, reason-code recall and precision),
//! real version series from `../shared` (no panic, figures printed), the text report.

use crate::common;
use policydiff::model::diff::{DiffReport, ReasonCode, Severity};
use policydiff::render::diff::{render, Only};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The annotation of one pair (`expected.json`).
#[derive(serde::Deserialize)]
struct Expected {
    major: bool,
    codes: Vec<ReasonCode>,
    #[serde(default)]
    noise: Vec<String>,
}

/// The file of a pair directory whose name starts with `stem.` (`old.md`, `new.html` …).
fn version_file(dir: &Path, stem: &str) -> Option<PathBuf> {
    let prefix = format!("{stem}.");
    common::files_under(dir).into_iter().find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&prefix))
    })
}

fn diff_files(old: &Path, new: &Path) -> DiffReport {
    policydiff::compare::compare(&common::parse_file(old), &common::parse_file(new))
}

fn pair_dirs() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(common::corpus("pairs")) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn annotated_pairs_meet_the_quality_bar() {
    let dirs = pair_dirs();
    if dirs.is_empty() {
        eprintln!("no annotated pairs in corpus/pairs: skipped");
        return;
    }
    let (mut right_flag, mut hits, mut expected_total, mut predicted_total) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for dir in &dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_owned();
        let expected: Expected =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let (Some(old), Some(new)) = (version_file(dir, "old"), version_file(dir, "new")) else {
            panic!("{name}: old.* or new.* missing");
        };
        let report = diff_files(&old, &new);
        assert_noise_is_noise(&name, &expected.noise, &report);
        let predicted: BTreeSet<ReasonCode> = report.major_reasons.iter().map(|r| r.code).collect();
        let wanted: BTreeSet<ReasonCode> = expected.codes.iter().copied().collect();
        hits += predicted.intersection(&wanted).count();
        expected_total += wanted.len();
        predicted_total += predicted.len();
        if report.major == expected.major {
            right_flag += 1;
        }
        let ok = report.major == expected.major && predicted == wanted;
        let codes =
            |s: &BTreeSet<ReasonCode>| s.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",");
        eprintln!(
            "{} {name}: major {} (want {}), codes [{}] (want [{}]), noise {:?}, changes {}",
            if ok { "ok  " } else { "MISS" },
            report.major,
            expected.major,
            codes(&predicted),
            codes(&wanted),
            expected.noise,
            report.changes.len(),
        );
        if !ok {
            for change in report
                .changes
                .iter()
                .filter(|c| c.severity != Severity::Editorial)
            {
                eprintln!(
                    "      {} {}: {}",
                    change.severity.as_str(),
                    change.kind.as_str(),
                    change.summary
                );
            }
            wrong.push(name);
        }
    }
    let accuracy = right_flag as f64 / dirs.len() as f64;
    let recall = if expected_total == 0 {
        1.0
    } else {
        hits as f64 / expected_total as f64
    };
    let precision = if predicted_total == 0 {
        1.0
    } else {
        hits as f64 / predicted_total as f64
    };
    eprintln!(
        "pairs {}: major-flag accuracy {:.3}, reason-code recall {:.3} ({hits}/{expected_total}), precision {:.3} ({hits}/{predicted_total}); not exact: {wrong:?}",
        dirs.len(),
        accuracy,
        recall,
        precision
    );
    assert!(accuracy >= 1.0, "major-flag accuracy {accuracy:.3} < 1.0");
    assert!(recall >= 0.95, "reason-code recall {recall:.3} < 0.95");
    assert!(
        precision >= 0.90,
        "reason-code precision {precision:.3} < 0.90"
    );
}

/// What each `noise` annotation of a pair names holds in its report: noise is never more than
/// editorial, a date change is one minor item, a moved section is reported as moved, a split or
/// merge as such.
fn assert_noise_is_noise(name: &str, noise: &[String], report: &DiffReport) {
    use policydiff::model::diff::{ChangeKind, SemanticKind};
    for change in &report.changes {
        if matches!(change.kind, ChangeKind::Editorial | ChangeKind::Moved) {
            assert_eq!(
                change.severity,
                Severity::Editorial,
                "{name}: a {} change is {}: {}",
                change.kind.as_str(),
                change.severity.as_str(),
                change.summary
            );
        }
    }
    for label in noise {
        match label.as_str() {
            "date_only" => {
                let dated: Vec<_> = report
                    .changes
                    .iter()
                    .filter(|c| {
                        c.semantic
                            .iter()
                            .any(|s| s.kind == SemanticKind::DateChanged)
                    })
                    .collect();
                assert_eq!(
                    dated.len(),
                    1,
                    "{name}: the date change is {} items",
                    dated.len()
                );
                assert!(
                    dated.iter().all(|c| c.severity == Severity::Minor),
                    "{name}: the date change is not minor"
                );
            }
            "moved_section" => assert!(
                report
                    .changes
                    .iter()
                    .any(|c| c.kind == ChangeKind::Moved || c.moved),
                "{name}: no change is reported as moved"
            ),
            "split_merge" => assert!(
                report
                    .changes
                    .iter()
                    .any(|c| matches!(c.kind, ChangeKind::Split | ChangeKind::Merged)),
                "{name}: no split or merge reported"
            ),
            "toc" => assert!(
                report
                    .changes
                    .iter()
                    .filter(|c| is_toc_change(c))
                    .all(|c| c.severity == Severity::Editorial),
                "{name}: a table-of-contents edit is more than editorial"
            ),
            // Renumbering, whitespace, width, format and rewording noise: the change-level
            // assertion above and the pair's codes cover them.
            _ => {}
        }
    }
}

fn is_toc_change(change: &policydiff::model::diff::Change) -> bool {
    [&change.old, &change.new]
        .into_iter()
        .flatten()
        .any(|r| r.kind == policydiff::ClauseKind::Toc)
}

#[test]
fn report_lists_major_changes_first_with_codes() {
    let Some(dir) = pair_dirs().into_iter().find(|d| {
        std::fs::read_to_string(d.join("expected.json"))
            .is_ok_and(|s| s.contains("\"major\": true"))
    }) else {
        return;
    };
    let (Some(old), Some(new)) = (version_file(&dir, "old"), version_file(&dir, "new")) else {
        return;
    };
    let report = diff_files(&old, &new);
    let text = render(&report, Only::Substantive);
    assert!(
        report.major,
        "{}: annotated major, reported not",
        dir.display()
    );
    let major_at = text.find("== 重大变更").expect("major section");
    if let Some(minor_at) = text.find("== 一般变更") {
        assert!(major_at < minor_at, "{text}");
    }
    for reason in &report.major_reasons {
        assert!(
            text.contains(reason.code.as_str()),
            "{}: {text}",
            reason.code.as_str()
        );
        assert!(
            !reason.evidence.is_empty(),
            "{}: no evidence",
            reason.code.as_str()
        );
    }
    let json = serde_json::to_value(&report).unwrap();
    for key in [
        "major",
        "major_reasons",
        "changes",
        "stats",
        "old_meta",
        "new_meta",
        "schema_version",
    ] {
        assert!(json.get(key).is_some(), "missing JSON key {key}");
    }
    assert_eq!(
        serde_json::to_string(&report).unwrap(),
        serde_json::to_string(&diff_files(&old, &new)).unwrap(),
        "report is not deterministic"
    );
}

#[test]
fn real_version_series_diff_without_panic() {
    let Some(shared) = common::shared() else {
        eprintln!("../shared absent: skipped");
        return;
    };
    let versions = shared.join("corpus").join("versions");
    let Ok(entries) = std::fs::read_dir(&versions) else {
        eprintln!("{} absent: skipped", versions.display());
        return;
    };
    let mut series: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    series.sort();
    let only = std::env::var("POLICYDIFF_SERIES").ok();
    for dir in series {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_owned();
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let files = common::files_under(&dir);
        for window in files.windows(2) {
            let [old, new] = window else { continue };
            let started = Instant::now();
            let report = diff_files(old, new);
            let codes: Vec<&str> = report
                .major_reasons
                .iter()
                .map(|r| r.code.as_str())
                .collect();
            let count = |s: &str| report.stats.by_severity.get(s).copied().unwrap_or(0);
            eprintln!(
                "{name} {} → {}: major {} [{}], changes {} (major {}, minor {}, editorial {}), unchanged {}, {:?}",
                old.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
                new.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
                report.major,
                codes.join(","),
                report.changes.len(),
                count("major"),
                count("minor"),
                count("editorial"),
                report.stats.by_kind.get("unchanged").copied().unwrap_or(0),
                started.elapsed(),
            );
            let (old_doc, new_doc) = (common::parse_file(old), common::parse_file(new));
            crate::invariants::assert_report_points_into(&name, &old_doc, &new_doc, &report);
            for reason in &report.major_reasons {
                assert!(
                    reason
                        .evidence
                        .iter()
                        .all(|e| e.old.is_some() || e.new.is_some()),
                    "{name}: a {} finding quotes neither version",
                    reason.code.as_str()
                );
            }
            let text = render(&report, Only::All);
            assert!(
                !report.has_substantive_changes() || !text.is_empty(),
                "{name}: empty report of a substantive change"
            );
        }
    }
}
