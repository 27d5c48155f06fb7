//! Fuzz target: diff of two inputs (the `policydiff diff` and `notice` paths). Byte 0 selects the
//! old version's format (bits 0–1) and the new one's (bits 2–3); bytes 1–2 are the old version's
//! length (little-endian, capped at what is left); old follows, new is the rest. A length prefix
//! rather than a separator, because UTF-16 files contain every byte value. Identical halves in the
//! same format must compare without any change.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policydiff::diff;
use policydiff::render::{self, diff::Only, notice::NoticeOptions};
use policydiff_fuzz::invariants::assert_report_points_into;
use policydiff_fuzz::{name_for, parse_checked};

fuzz_target!(|data: &[u8]| {
    let [selector, low, high, raw @ ..] = data else {
        return;
    };
    let selector = *selector;
    let (old_raw, new_raw) =
        raw.split_at(usize::from(u16::from_le_bytes([*low, *high])).min(raw.len()));
    let same = old_raw == new_raw && selector & 3 == (selector >> 2) & 3;
    let Some(old) = parse_checked(old_raw, name_for(selector)) else {
        return;
    };
    let Some(new) = parse_checked(new_raw, name_for(selector >> 2)) else {
        return;
    };
    let report = diff::compare(&old, &new);
    assert_report_points_into("diff", &old, &new, &report);
    if same {
        assert!(
            report.changes.is_empty(),
            "a document compared with itself has changes: {:?}",
            report.changes.first()
        );
    }
    let _ = render::diff::render(&report, Only::All);
    let _ = render::markdown::render(&report, Only::All);
    let _ = render::html::render(&report, &old, &new);
    let _ = render::notice::render(&report, &old, &new, &NoticeOptions::default());
    serde_json::to_string(&report).expect("report serialises");
});
