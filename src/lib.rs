//! policydiff: reads Chinese privacy policies (隐私政策) into a structured model and compares versions,
//! flagging 重大变更 (major changes) under GB/T 35273-2020 and the PIPL.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`read`] (bytes → text, encoding, format) → [`normalize`] (comparison form with offsets back) →
//! [`structure`] (sections, clauses, tables) → [`segment`] (sentences and words) →
//! [`extract`] (data practices) → [`compare`] (align → redline → statements → classify) → [`render`].
//! [`model`] holds the types every stage exchanges.
//!
//! One function may use `unsafe`: loading the dictionary automata `build.rs` serialised
//! (`dictionary::builtin_lexicons`, with its safety argument); the rest of the crate may not.

#![deny(unsafe_code)]

pub mod batch;
mod bounded;
pub mod check;
pub mod compare;
pub mod config;
pub mod dictionary;
pub mod error;
pub mod extract;
pub mod git;
mod memo;
pub mod model;
pub mod normalize;
pub mod numbers;
mod parallel;
pub mod read;
pub mod render;
pub mod segment;
pub mod structure;

pub use error::{Error, Result};
pub use model::{Clause, ClauseKind, Document, Section, Span};
