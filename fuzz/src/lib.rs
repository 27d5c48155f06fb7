//! Helpers shared by the fuzz targets: the fuzz input's format selector byte, parsing through the
//! same entry as the CLI, and the invariants of the integration tests (included by path, so the
//! fuzzers and `cargo test` check exactly the same properties).

use policydiff::model::Document;
use policydiff::{read, structure};
use std::path::Path;

#[path = "../../tests/it/invariants.rs"]
pub mod invariants;

/// File names the selector byte picks from: the extension decides the format as in the CLI
/// (`-`, standard input, makes `read` sniff the format from the content).
const NAMES: [&str; 4] = ["fuzz.txt", "fuzz.md", "fuzz.html", "-"];

/// The input name whose extension selects the format, from the low two bits of `selector`.
pub fn name_for(selector: u8) -> &'static Path {
    Path::new(NAMES[usize::from(selector & 3)])
}

/// Decodes and parses `raw` exactly as `policydiff parse` does (`read::from_bytes` then
/// `structure::parse`) and checks the lossless-span invariant; `None` when reading refuses the
/// bytes (that error is the CLI's exit 2, a correct outcome).
pub fn parse_checked(raw: &[u8], name: &Path) -> Option<Document> {
    let input = read::from_bytes(raw, name).ok()?;
    let doc = structure::parse(&input);
    invariants::assert_lossless(&name.display().to_string(), &doc);
    Some(doc)
}
