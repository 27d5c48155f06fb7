//! Fuzz target: diff of two inputs (the `policydiff diff` and `notice` paths); see
//! `policydiff_fuzz::diff` for the input layout.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| policydiff_fuzz::diff(data));
