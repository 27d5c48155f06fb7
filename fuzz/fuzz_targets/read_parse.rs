//! Fuzz target: arbitrary bytes through read + structure (the `policydiff parse` path), in every
//! format; see `policydiff_fuzz::read_parse`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| policydiff_fuzz::read_parse(data));
