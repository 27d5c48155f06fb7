//! Build script: compiles jieba's general dictionary (`dictionaries/jieba/dict.txt`) into an `fst`
//! map (word → frequency) embedded in the binary, so start-up parses no dictionary text; and writes
//! the set of characters fast2s may change (traditional → simplified), so normalisation can skip
//! its table lookups for the simplified characters that make up almost all mainland text, and the
//! conversion of those that do not depend on their neighbours, so traditional text is converted
//! by one binary search per character.

use std::io::Write;
use std::path::PathBuf;

fn main() {
    write_jieba_dictionary();
    write_t2s_candidates();
}

/// First character of the bitset in `t2s_candidates.bin` (fast2s only converts 3-byte UTF-8).
const T2S_FIRST: u32 = 0x800;

/// Characters fast2s converts only in certain neighbours (its context table), never alone.
const T2S_CONTEXT_ONLY: &[char] = &['藉', '著', '苧'];

/// Characters whose conversion depends on their neighbours (the keys of fast2s's exclusion and
/// special-conversion tables): normalisation asks fast2s for these with their context.
const T2S_IN_CONTEXT: &[char] = &[
    '兒', '覆', '夥', '藉', '瞭', '麽', '幺', '於', '乾', '著', '苧', '闔', '鍾', '讎', '畫',
];

/// Writes one bit per character U+0800..=U+FFFF, set when fast2s may convert it
/// (`t2s_candidates.bin`), and the conversion of every candidate that does not depend on its
/// neighbours as a sorted `(traditional, simplified)` table (`t2s_map.rs`).
fn write_t2s_candidates() {
    let mut bits = vec![0u8; ((0x1_0000 - T2S_FIRST) / 8) as usize];
    let mut map = String::from("&[\n");
    for code in T2S_FIRST..0x1_0000 {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        let alone = c.to_string();
        let converted = fast2s::convert(&alone);
        if converted != alone || T2S_CONTEXT_ONLY.contains(&c) {
            let i = (code - T2S_FIRST) as usize;
            bits[i / 8] |= 1 << (i % 8);
            if !T2S_IN_CONTEXT.contains(&c) {
                let simplified = converted.chars().next().unwrap_or(c);
                map.push_str(&format!("    ({c:?}, {simplified:?}),\n"));
            }
        }
    }
    map.push_str("]\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    std::fs::write(out.join("t2s_candidates.bin"), bits)
        .unwrap_or_else(|e| panic!("writing t2s_candidates.bin: {e}"));
    std::fs::write(out.join("t2s_map.rs"), map)
        .unwrap_or_else(|e| panic!("writing t2s_map.rs: {e}"));
}

/// Writes `jieba_dict.fst` (word → frequency) and `jieba_dict.rs` (the frequency total).
fn write_jieba_dictionary() {
    let dict_path = "dictionaries/jieba/dict.txt";
    println!("cargo:rerun-if-changed={dict_path}");
    let text = std::fs::read_to_string(dict_path).unwrap_or_else(|e| panic!("{dict_path}: {e}"));
    let mut entries: Vec<(&str, u64)> = Vec::with_capacity(360_000);
    for (line_no, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq = match fields.next() {
            Some(f) => f
                .parse()
                .unwrap_or_else(|e| panic!("{dict_path}:{}: frequency {f}: {e}", line_no + 1)),
            None => 0,
        };
        entries.push((word, freq));
    }
    // Later entries replace earlier ones, as in jieba-rs's loader.
    entries.reverse();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    entries.dedup_by(|later, earlier| later.0 == earlier.0);
    let total: u64 = entries.iter().map(|e| e.1).sum();
    let map = fst::Map::from_iter(entries.iter().map(|&(w, f)| (w, f)))
        .unwrap_or_else(|e| panic!("building the dictionary fst: {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    std::fs::write(out.join("jieba_dict.fst"), map.as_fst().as_bytes())
        .unwrap_or_else(|e| panic!("writing jieba_dict.fst: {e}"));
    let mut consts = std::fs::File::create(out.join("jieba_dict.rs"))
        .unwrap_or_else(|e| panic!("writing jieba_dict.rs: {e}"));
    writeln!(
        consts,
        "/// Sum of all word frequencies of jieba's general dictionary.\npub const JIEBA_TOTAL: u64 = {total};"
    )
    .unwrap_or_else(|e| panic!("writing jieba_dict.rs: {e}"));
}
