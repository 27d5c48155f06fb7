//! All integration tests in one binary (faster to build and link): one module per pipeline area.

mod cases;
mod census;
mod check;
mod cli;
mod common;
mod context;
mod diff;
mod docx;
mod extract;
mod fuzz_replay;
mod hostile;
mod invariants;
mod issue18;
mod parse;
mod pdf;
mod properties;
mod render;
mod sarif_schema;
