//! All integration tests in one binary (faster to build and link): one module per pipeline area.

mod cli;
mod common;
mod diff;
mod extract;
mod parse;
mod render;
