//! Fuzz target: extraction on arbitrary text (the `policydiff extract` path). Byte 0 selects the
//! format; the rest is read and parsed as the CLI does, then extracted. Checks that every clause id
//! and span the extraction cites points into the document, and renders the text report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policydiff::{extract, render};
use policydiff_fuzz::invariants::assert_practices_point_into;
use policydiff_fuzz::{name_for, parse_checked};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, raw)) = data.split_first() else {
        return;
    };
    let Some(doc) = parse_checked(raw, name_for(selector)) else {
        return;
    };
    let practices = extract::extract(&doc);
    assert_practices_point_into("extract", &doc, &practices);
    let _ = render::practices::render(&practices);
    serde_json::to_string(&practices).expect("practices serialise");
});
