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
    #[error(
        "{path}: is a directory; expected a policy file (text, Markdown, HTML, Word .docx or PDF)"
    )]
    IsDirectory {
        /// The path given.
        path: PathBuf,
    },
    /// A FIFO, socket or device where a crawl expects regular files.
    #[error("{path}: not a regular file (FIFO, socket or device); skipped")]
    NotRegularFile {
        /// The path given.
        path: PathBuf,
    },
    /// The input is a known binary format (PDF, Office document, image, executable …), not text.
    #[error(
        "{path}: this is {format}, not a text, Markdown, HTML, Word .docx or PDF policy; convert it to text first"
    )]
    ForeignFormat {
        /// The path given.
        path: PathBuf,
        /// What the magic bytes say the file is.
        format: crate::read::BinaryFormat,
    },
    /// A document container (`.docx`, PDF) that cannot be read: damaged, hostile or unsupported.
    #[error("{path}: cannot read this {format}: {detail}")]
    Container {
        /// The path given.
        path: PathBuf,
        /// The kind of document, e.g. `Word document (.docx)`.
        format: &'static str,
        /// What is wrong, naming the part or object where it applies.
        detail: String,
    },
    /// A part of a ZIP container unpacks to more than the size cap (a ZIP bomb, or a huge part).
    #[error("{path}: {part} unpacks to more than {limit} bytes, above the limit (--max-size applies to the unpacked size too; raise it, e.g. --max-size 128MiB, if the document is genuine)")]
    UnpackedTooLarge {
        /// The path given.
        path: PathBuf,
        /// The part inside the container.
        part: String,
        /// The cap in force.
        limit: u64,
    },
    /// The bytes decode, but as another language's legacy encoding, not Chinese text.
    #[error("{path}: the text looks like {encoding}, not UTF-8, UTF-16 or Chinese GBK/GB18030; convert it to UTF-8 (e.g. iconv -f {encoding} -t UTF-8)")]
    ForeignEncoding {
        /// The path given.
        path: PathBuf,
        /// The encoding the detector finds most likely (WHATWG name).
        encoding: String,
    },
    /// The input holds no text at all.
    #[error(
        "{path}: empty input; expected a privacy policy in text, Markdown, HTML, Word .docx or PDF"
    )]
    Empty {
        /// The path given.
        path: PathBuf,
    },
    /// The input is larger than the configured cap.
    #[error("{path}: input is {size} bytes or more, above the limit of {limit} bytes (raise it with --max-size, e.g. --max-size 128MiB)")]
    TooLarge {
        /// The path given.
        path: PathBuf,
        /// Size of the input in bytes (at least this many: a stream is read only up to the cap).
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
