//! The library's one error type: every variant names the input and, where it applies, the byte position.

use std::path::PathBuf;

/// Everything that can go wrong reading or parsing an input. Each maps to exit code 2 in the CLI.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path given.
        path: PathBuf,
        /// The operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// A directory was given where a file was expected.
    #[error("{path}: is a directory; expected a policy file (text, Markdown or HTML)")]
    IsDirectory {
        /// The path given.
        path: PathBuf,
    },
    /// The input holds no text at all.
    #[error("{path}: empty input; expected a privacy policy in text, Markdown or HTML")]
    Empty {
        /// The path given.
        path: PathBuf,
    },
    /// The input is larger than the configured cap.
    #[error("{path}: input is {size} bytes, above the limit of {limit} bytes (raise it with --max-size)")]
    TooLarge {
        /// The path given.
        path: PathBuf,
        /// Size of the input in bytes.
        size: u64,
        /// The cap in force.
        limit: u64,
    },
    /// The input looks like binary data, not text.
    #[error("{path}: byte {offset}: binary data (NUL byte or control characters); expected text in UTF-8, UTF-16 with BOM, or GBK/GB18030")]
    Binary {
        /// The path given.
        path: PathBuf,
        /// Offset of the first offending byte.
        offset: usize,
    },
    /// The bytes are neither valid UTF-8 nor plausible GB18030 nor valid UTF-16.
    #[error(
        "{path}: byte {offset}: {detail}; expected text in UTF-8, UTF-16 with BOM, or GBK/GB18030"
    )]
    Undecodable {
        /// The path given.
        path: PathBuf,
        /// Offset of the first undecodable byte.
        offset: usize,
        /// What was wrong there.
        detail: String,
    },
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
