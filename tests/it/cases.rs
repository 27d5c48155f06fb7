//! The command line pinned by case files (`tests/cmd/*.toml` with their `.stdout`/`.stderr`):
//! one case per subcommand × format × exit code on the bundled example, plus the error cases
//! (missing file, binary file, unknown format, stdin twice, `--jobs 0`, size cap, flags that
//! cannot combine, unknown reason code), and a Word redline (`data/redline.docx`: the tracked-changes
//! fixture of `tests/it/docx.rs`, without its footer and comments) parsed and diffed alone.
//! `TRYCMD=overwrite cargo test --test it cases` rewrites
//! the expected output after an intended change; review the diff before committing.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin(
            "policydiff",
            std::path::PathBuf::from(env!("CARGO_BIN_EXE_policydiff")),
        )
        .case("tests/cmd/*.toml");
}
