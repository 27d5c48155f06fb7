//! Build script: compiles jieba's general dictionary (`dictionaries/jieba/dict.txt`) into an `fst`
//! map (word → frequency) embedded in the binary, so start-up parses no dictionary text.

use std::io::Write;
use std::path::PathBuf;

fn main() {
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
