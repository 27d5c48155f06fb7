//! Fuzz target: arbitrary bytes through read + structure (the `policydiff parse` path), in every
//! format. Byte 0 selects the format (see `name_for`); the rest is the file. Checks lossless spans
//! and renders both outputs of `parse`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policydiff::render;
use policydiff_fuzz::{name_for, parse_checked};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, raw)) = data.split_first() else {
        return;
    };
    if let Some(doc) = parse_checked(raw, name_for(selector)) {
        let _ = render::outline::render(&doc);
        let json = serde_json::to_string(&doc).expect("document serialises");
        assert!(json.len() >= 2);
    }
});
