//! All integration tests in one binary (faster to build and link): one module per pipeline area.

mod check;
mod cli;
mod common;
mod context;
mod diff;
mod extract;
mod hostile;
mod invariants;
mod parse;
mod render;
mod sarif_schema;
