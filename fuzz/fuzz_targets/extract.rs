//! Fuzz target: extraction on arbitrary text (the `policydiff extract` path); see
//! `policydiff_fuzz::extract`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| policydiff_fuzz::extract(data));
