//! Build script: what would otherwise be built at every start-up is built here, once, and embedded.
//!
//! - jieba's general dictionary (`dictionaries/jieba/dict.txt`) merged with the domain words
//!   (`dictionaries/words.txt`) as an `fst` map, word → frequency, so start-up parses no dictionary
//!   text and adds no word to jieba;
//! - the matchers of the built-in dictionaries (`dictionaries/*.tsv`), daachorse automata
//!   serialised, so start-up only copies them.
//!
//! Both read their data with the crate's own code (the modules included below), so what is built
//! here is what the crate would build at run time; tests in `dictionary` and `segment` check it.

use std::io::Write;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/normalize.rs"]
mod normalize;

#[allow(dead_code)]
#[path = "src/dictionary/entries.rs"]
mod entries;

#[allow(dead_code)]
#[path = "src/dictionary/compile.rs"]
mod compile;

#[allow(dead_code)]
#[path = "src/segment/domain.rs"]
mod domain;

fn main() {
    // The included modules and the files they embed are compile-time inputs of this script, so a
    // change to them rebuilds and reruns it; jieba's dictionary is read at run time.
    println!("cargo:rerun-if-changed=dictionaries/jieba/dict.txt");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    write_jieba_dictionary(&out);
    write_lexicons(&out);
}

/// Writes `lexicons.bin` (see `dictionary::compile::serialized_lexicons`).
fn write_lexicons(out: &std::path::Path) {
    let bytes = compile::serialized_lexicons(entries::Dictionaries::builtin())
        .unwrap_or_else(|| panic!("building the dictionary automata"));
    std::fs::write(out.join("lexicons.bin"), bytes)
        .unwrap_or_else(|e| panic!("writing lexicons.bin: {e}"));
}

/// Writes `jieba_dict.fst` (word → frequency: jieba's general dictionary, each domain word's
/// frequency replacing the general one as jieba's `add_word` would) and `jieba_dict.rs` (the
/// frequency total).
fn write_jieba_dictionary(out: &std::path::Path) {
    let dict_path = "dictionaries/jieba/dict.txt";
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
    let domain_words = domain::jieba_words(domain::DOMAIN_WORDS);
    entries.extend(domain_words.iter().map(|&(word, freq)| (word, freq as u64)));
    // Later entries replace earlier ones, as in jieba-rs's loader.
    entries.reverse();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    entries.dedup_by(|later, earlier| later.0 == earlier.0);
    let total: u64 = entries.iter().map(|e| e.1).sum();
    let map = fst::Map::from_iter(entries.iter().map(|&(w, f)| (w, f)))
        .unwrap_or_else(|e| panic!("building the dictionary fst: {e}"));
    std::fs::write(out.join("jieba_dict.fst"), map.as_fst().as_bytes())
        .unwrap_or_else(|e| panic!("writing jieba_dict.fst: {e}"));
    let mut consts = std::fs::File::create(out.join("jieba_dict.rs"))
        .unwrap_or_else(|e| panic!("writing jieba_dict.rs: {e}"));
    writeln!(
        consts,
        "/// Sum of all word frequencies of the embedded dictionary.\npub const JIEBA_TOTAL: u64 = {total};"
    )
    .unwrap_or_else(|e| panic!("writing jieba_dict.rs: {e}"));
}
