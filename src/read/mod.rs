//! First stage: bytes from a file or stdin → decoded text, its encoding, and its markup format.
//! Containers (Word `.docx`, PDF) are recognised by content and read into a text rendition here
//! (Markdown for Word, plain text for PDF), so every later stage sees text.

mod container;
pub mod docx;
mod pdf;

use crate::error::{Error, Result};
use crate::model::{Encoding, Format};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Default cap on input size (64 MiB): larger inputs are refused with a clear error.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// One decoded input, ready for `structure`.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as given (`-` for standard input).
    pub path: PathBuf,
    /// Size of the raw bytes.
    pub bytes: usize,
    /// Decoded text (byte-order mark removed); all spans point into it.
    pub text: String,
    /// Encoding the bytes were decoded from.
    pub encoding: Encoding,
    /// Markup format, from the extension or sniffed from the content.
    pub format: Format,
}

impl Input {
    /// An empty input named `path`: the side of a comparison where a file does not exist (a
    /// policy added or deleted between two revisions).
    pub fn empty(path: &Path) -> Input {
        Input {
            path: path.to_path_buf(),
            bytes: 0,
            text: String::new(),
            encoding: Encoding::Utf8,
            format: detect_format(path, ""),
        }
    }
}

/// How an input is read: the size cap, and for a Word document with tracked changes, which side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Cap on the input's size, and on the bytes a container unpacks to.
    pub max_size: u64,
    /// The side of a `.docx`'s tracked changes to read (accepted by default).
    pub revisions: docx::Revisions,
}

impl ReadOptions {
    /// Reads up to `max_size` bytes, tracked changes accepted.
    pub fn new(max_size: u64) -> Self {
        ReadOptions {
            max_size,
            revisions: docx::Revisions::Accepted,
        }
    }
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions::new(DEFAULT_MAX_SIZE)
    }
}

/// Reads `path` (or stdin for `-`), refusing inputs over `max_size` bytes, then decodes it.
/// Files, devices and FIFOs are all read through [`read_bounded`], so `/dev/zero` or a pipe that
/// never ends stops at the limit instead of exhausting memory.
pub fn read_input(path: &Path, max_size: u64) -> Result<Input> {
    read_input_with(path, ReadOptions::new(max_size))
}

/// [`read_input`] with every option: a `.docx` can be read with its tracked changes rejected.
pub fn read_input_with(path: &Path, options: ReadOptions) -> Result<Input> {
    let max_size = options.max_size;
    let io_err = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let raw = if path.as_os_str() == "-" {
        read_bounded(std::io::stdin().lock(), path, max_size)?
    } else {
        let meta = std::fs::metadata(path).map_err(io_err)?;
        if meta.is_dir() {
            return Err(Error::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        // A regular file's length is known: refuse an oversized one before reading it.
        if meta.is_file() {
            check_size(path, meta.len(), max_size)?;
        }
        read_bounded(std::fs::File::open(path).map_err(io_err)?, path, max_size)?
    };
    from_bytes_with(&raw, path, options)
}

/// The one bounded reader every input goes through (files, devices, FIFOs, stdin, git blobs, the
/// configuration): reads at most `max_size` bytes and refuses the input when there are more.
pub fn read_bounded(source: impl Read, path: &Path, max_size: u64) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    source
        .take(max_size.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    check_size(path, buf.len() as u64, max_size)?;
    Ok(buf)
}

/// Refuses anything but a regular file (after following symbolic links): FIFOs, sockets and
/// devices, which a crawl must skip rather than block on or read forever.
pub fn require_regular_file(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_file() {
        Ok(())
    } else if meta.is_dir() {
        Err(Error::IsDirectory {
            path: path.to_path_buf(),
        })
    } else {
        Err(Error::NotRegularFile {
            path: path.to_path_buf(),
        })
    }
}

/// Refuses an input of `size` bytes above `max_size`.
fn check_size(path: &Path, size: u64, max_size: u64) -> Result<()> {
    if size > max_size {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: max_size,
        });
    }
    Ok(())
}

/// Decodes raw bytes and detects their format; `path` names the input in errors and picks the format by extension.
pub fn from_bytes(raw: &[u8], path: &Path) -> Result<Input> {
    from_bytes_with(raw, path, ReadOptions::default())
}

/// [`from_bytes`] with every option. The content decides the format before the extension: a Word
/// document renamed `.txt` is read as Word.
pub fn from_bytes_with(raw: &[u8], path: &Path, options: ReadOptions) -> Result<Input> {
    match sniff_binary(raw) {
        // A damaged `.docx` is refused by the Word reader, with what is wrong.
        Some(BinaryFormat::Docx) | Some(BinaryFormat::Zip) if sniffed_docx(raw) => {
            let doc = docx::read(raw, path, options.max_size, options.revisions)?;
            return rendition(raw, path, doc.text, Format::Docx);
        }
        Some(BinaryFormat::Pdf) => {
            let text = pdf::read(raw, path, options.max_size)?;
            return rendition(raw, path, text, Format::Pdf);
        }
        Some(format) => {
            return Err(Error::ForeignFormat {
                path: path.to_path_buf(),
                format,
            })
        }
        None => {}
    }
    let (text, encoding) = decode(raw, path)?;
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let format = detect_format(path, &text);
    Ok(Input {
        path: path.to_path_buf(),
        bytes: raw.len(),
        text,
        encoding,
        format,
    })
}

/// True when `raw` names Word parts near its start, or is a ZIP archive holding a Word main
/// document part further in.
fn sniffed_docx(raw: &[u8]) -> bool {
    sniff_binary(raw) == Some(BinaryFormat::Docx)
        || container::Zip::open(raw, Path::new(""), "", 0)
            .is_ok_and(|zip| zip.has("word/document.xml"))
}

/// The input for a container's text rendition, refused when it holds no text.
fn rendition(raw: &[u8], path: &Path, text: String, format: Format) -> Result<Input> {
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(Input {
        path: path.to_path_buf(),
        bytes: raw.len(),
        text,
        encoding: Encoding::Utf8,
        format,
    })
}

/// Decodes bytes: a byte-order mark decides (UTF-8, UTF-16 LE/BE); otherwise valid UTF-8 is UTF-8,
/// and anything else must decode as GB18030 without errors and read as Chinese text, or it is refused.
pub fn decode(raw: &[u8], path: &Path) -> Result<(String, Encoding)> {
    let path_buf = || path.to_path_buf();
    if let Some(rest) = raw.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|e| Error::Undecodable {
            path: path_buf(),
            offset: 3 + e.valid_up_to(),
            detail: "invalid UTF-8 sequence after a UTF-8 byte-order mark".into(),
        })?;
        check_not_binary(text, path, |pos| 3 + pos)?;
        return Ok((text.to_owned(), Encoding::Utf8Bom));
    }
    for (bom, encoding, enc) in [
        (&b"\xFF\xFE"[..], Encoding::Utf16Le, encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], Encoding::Utf16Be, encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = raw.strip_prefix(bom) {
            if rest.len() % 2 != 0 {
                return Err(Error::Undecodable {
                    path: path_buf(),
                    offset: raw.len() - 1,
                    detail: "odd number of bytes in a UTF-16 file".into(),
                });
            }
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                let offset = first_utf16_error(rest, encoding == Encoding::Utf16Le);
                return Err(Error::Undecodable {
                    path: path_buf(),
                    offset: 2 + offset,
                    detail: "unpaired UTF-16 surrogate".into(),
                });
            }
            // Two bytes per UTF-16 code unit, after the two-byte mark.
            check_not_binary(&text, path, |pos| {
                2 + 2 * text
                    .get(..pos)
                    .map_or(0, |before| before.encode_utf16().count())
            })?;
            return Ok((text.into_owned(), encoding));
        }
    }
    match std::str::from_utf8(raw) {
        Ok(text) => {
            check_not_binary(text, path, |pos| pos)?;
            Ok((text.to_owned(), Encoding::Utf8))
        }
        Err(utf8_err) => {
            if let Some(pos) = raw.iter().position(|&b| b == 0) {
                return Err(Error::Binary {
                    path: path_buf(),
                    offset: pos,
                });
            }
            if mostly_utf8(raw) {
                return Err(Error::Undecodable {
                    path: path_buf(),
                    offset: utf8_err.valid_up_to(),
                    detail: "invalid UTF-8 sequence in a file that is otherwise UTF-8 (damaged or mixed encodings)"
                        .into(),
                });
            }
            let (text, had_errors) = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(raw)
                .map_or_else(|| (std::borrow::Cow::Borrowed(""), true), |t| (t, false));
            let foreign = foreign_encoding(raw);
            if had_errors {
                // Mostly GBK: point at what breaks it (often text pasted from a UTF-8 file).
                let error = first_gb18030_error(raw);
                if let Some(start) = error.and_then(|at| utf8_fragment_before(raw, at)) {
                    return Err(Error::Undecodable {
                        path: path_buf(),
                        offset: start,
                        detail: "UTF-8 text inside a GBK/GB18030 file (mixed encodings)".into(),
                    });
                }
                if let Some(encoding) = foreign {
                    return Err(Error::ForeignEncoding {
                        path: path_buf(),
                        encoding: encoding.to_owned(),
                    });
                }
                if let Some(offset) = error {
                    return Err(Error::Undecodable {
                        path: path_buf(),
                        offset,
                        detail: "invalid GBK/GB18030 sequence in a file that is not UTF-8 either"
                            .into(),
                    });
                }
            }
            if let Some(encoding) = foreign {
                return Err(Error::ForeignEncoding {
                    path: path_buf(),
                    encoding: encoding.to_owned(),
                });
            }
            if had_errors || !looks_like_chinese(&text) {
                return Err(Error::Undecodable {
                    path: path_buf(),
                    offset: utf8_err.valid_up_to(),
                    detail: "invalid UTF-8 sequence, and the file is not GBK/GB18030 Chinese text either"
                        .into(),
                });
            }
            // GB18030 maps every character both ways: re-encoding the prefix gives its byte length.
            check_not_binary(&text, path, |pos| {
                let before = text.get(..pos).unwrap_or_default();
                encoding_rs::GB18030.encode(before).0.len()
            })?;
            Ok((text.into_owned(), Encoding::Gb18030))
        }
    }
}

/// A binary file format recognised by its magic bytes (see [`sniff_binary`]). A reader for one of
/// them (e.g. Office or PDF text extraction) plugs in where [`from_bytes`] refuses it today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryFormat {
    /// PDF (`%PDF-`).
    Pdf,
    /// Word document in Office Open XML (`.docx`: a ZIP holding `word/`).
    Docx,
    /// Excel workbook (`.xlsx`).
    Xlsx,
    /// PowerPoint presentation (`.pptx`).
    Pptx,
    /// OpenDocument (`.odt`, `.ods`, …) or EPUB: a ZIP naming its `mimetype` first.
    OpenDocument,
    /// Any other ZIP archive.
    Zip,
    /// Legacy Microsoft Office (`.doc`, `.xls`, `.ppt`: OLE2 compound file).
    OleOffice,
    /// Rich Text Format.
    Rtf,
    /// PNG, JPEG, GIF, WebP or TIFF image.
    Image(&'static str),
    /// ELF, PE (Windows) or Mach-O executable, or a Java class / WebAssembly module.
    Executable(&'static str),
    /// gzip, 7-Zip or RAR archive.
    Archive(&'static str),
    /// SQLite database.
    Sqlite,
}

impl std::fmt::Display for BinaryFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BinaryFormat::Pdf => f.write_str("a PDF document"),
            BinaryFormat::Docx => f.write_str("a Word document (.docx)"),
            BinaryFormat::Xlsx => f.write_str("an Excel workbook (.xlsx)"),
            BinaryFormat::Pptx => f.write_str("a PowerPoint presentation (.pptx)"),
            BinaryFormat::OpenDocument => f.write_str("an OpenDocument or EPUB file"),
            BinaryFormat::Zip => f.write_str("a ZIP archive"),
            BinaryFormat::OleOffice => {
                f.write_str("a legacy Microsoft Office file (.doc/.xls/.ppt)")
            }
            BinaryFormat::Rtf => f.write_str("an RTF document"),
            BinaryFormat::Image(kind) => write!(f, "a {kind} image"),
            BinaryFormat::Executable(kind) => write!(f, "an executable ({kind})"),
            BinaryFormat::Archive(kind) => write!(f, "a {kind} archive"),
            BinaryFormat::Sqlite => f.write_str("an SQLite database"),
        }
    }
}

/// Which known binary format `raw` is, by its magic bytes, or `None` for anything else (text
/// included). The one place formats are recognised: a reader for one of them plugs in here.
pub fn sniff_binary(raw: &[u8]) -> Option<BinaryFormat> {
    const PREFIXES: [(&[u8], BinaryFormat); 18] = [
        (b"%PDF-", BinaryFormat::Pdf),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", BinaryFormat::OleOffice),
        (b"{\\rtf", BinaryFormat::Rtf),
        (b"\x89PNG\r\n\x1A\n", BinaryFormat::Image("PNG")),
        (b"\xFF\xD8\xFF", BinaryFormat::Image("JPEG")),
        (b"GIF87a", BinaryFormat::Image("GIF")),
        (b"GIF89a", BinaryFormat::Image("GIF")),
        (b"II*\0", BinaryFormat::Image("TIFF")),
        (b"MM\0*", BinaryFormat::Image("TIFF")),
        (b"\x7FELF", BinaryFormat::Executable("ELF")),
        (b"\xFE\xED\xFA\xCE", BinaryFormat::Executable("Mach-O")),
        (b"\xFE\xED\xFA\xCF", BinaryFormat::Executable("Mach-O")),
        (b"\xCE\xFA\xED\xFE", BinaryFormat::Executable("Mach-O")),
        (b"\xCF\xFA\xED\xFE", BinaryFormat::Executable("Mach-O")),
        (
            b"\xCA\xFE\xBA\xBE",
            BinaryFormat::Executable("Mach-O universal or Java class"),
        ),
        (b"\0asm", BinaryFormat::Executable("WebAssembly")),
        (b"\x1F\x8B", BinaryFormat::Archive("gzip")),
        (b"SQLite format 3\0", BinaryFormat::Sqlite),
    ];
    if let Some((_, format)) = PREFIXES.iter().find(|(magic, _)| raw.starts_with(magic)) {
        return Some(*format);
    }
    if raw.starts_with(b"7z\xBC\xAF\x27\x1C") {
        return Some(BinaryFormat::Archive("7-Zip"));
    }
    if raw.starts_with(b"Rar!\x1A\x07") {
        return Some(BinaryFormat::Archive("RAR"));
    }
    if raw.starts_with(b"RIFF") && raw.get(8..12) == Some(b"WEBP") {
        return Some(BinaryFormat::Image("WebP"));
    }
    // PE: "MZ", then the offset at 0x3C points at "PE\0\0" (plain "MZ" may start a text).
    if raw.starts_with(b"MZ") {
        let pe_at = raw
            .get(0x3C..0x40)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(|b| u32::from_le_bytes(b) as usize);
        if pe_at.and_then(|at| raw.get(at..at + 4)) == Some(b"PE\0\0") {
            return Some(BinaryFormat::Executable("Windows PE"));
        }
    }
    if raw.starts_with(b"PK\x03\x04") || raw.starts_with(b"PK\x05\x06") {
        // The first entries' names (in the local headers near the start) tell the container.
        let head = raw.get(..raw.len().min(64 * 1024)).unwrap_or(raw);
        let holds = |name: &[u8]| head.windows(name.len()).any(|w| w == name);
        return Some(if holds(b"word/") {
            BinaryFormat::Docx
        } else if holds(b"xl/") {
            BinaryFormat::Xlsx
        } else if holds(b"ppt/") {
            BinaryFormat::Pptx
        } else if raw.get(30..38) == Some(b"mimetype") {
            BinaryFormat::OpenDocument
        } else {
            BinaryFormat::Zip
        });
    }
    None
}

/// Non-ASCII bytes a charset detector needs before its verdict counts: on a few bytes (a short
/// fragment, a title) any legacy encoding fits and the verdict is noise.
const DETECTOR_EVIDENCE: usize = 32;

/// The legacy encoding other than GBK/GB18030 that `raw` is in, when Firefox's detector
/// (`chardetng`) names one with enough evidence and the bytes decode in it without error:
/// Shift_JIS, EUC-KR, Big5, windows-1252 …, which GB18030 would otherwise "decode" into
/// plausible-looking ideographs. No hint of the origin is given: a `.cn` hint makes it answer GBK
/// even for Japanese.
fn foreign_encoding(raw: &[u8]) -> Option<&'static str> {
    if raw.iter().filter(|b| !b.is_ascii()).count() < DETECTOR_EVIDENCE {
        return None;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(raw, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let chinese = guess == encoding_rs::GBK || guess == encoding_rs::GB18030;
    let decodes = guess
        .decode_without_bom_handling_and_without_replacement(raw)
        .is_some();
    (!chinese && decodes).then(|| guess.name())
}

/// Byte offset of the first sequence GB18030 cannot decode.
fn first_gb18030_error(raw: &[u8]) -> Option<usize> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(raw.len())
            .unwrap_or(0),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(raw, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            Some(read.saturating_sub(usize::from(bad) + usize::from(after)))
        }
        _ => None,
    }
}

/// Start of a run of UTF-8 Chinese text (at least two ideographs) that ends where GB18030 decoding
/// broke: the UTF-8 fragment pasted into a GBK file.
fn utf8_fragment_before(raw: &[u8], error: usize) -> Option<usize> {
    let mut start = 0;
    for chunk in raw.utf8_chunks() {
        let valid = chunk.valid();
        let end = start + valid.len();
        // The decoder breaks inside the fragment or at the first byte after it.
        if start <= error && error <= end + chunk.invalid().len() {
            let mut ideographs = valid
                .char_indices()
                .filter(|&(_, c)| is_ideograph(c))
                .map(|(i, _)| start + i);
            let first = ideographs.next()?;
            return ideographs.next().map(|_| first);
        }
        start = end + chunk.invalid().len();
    }
    None
}

/// Byte offset (in the UTF-16 payload) of the first unpaired surrogate.
fn first_utf16_error(payload: &[u8], little_endian: bool) -> usize {
    let units = payload.chunks_exact(2).map(|c| {
        let pair = [c[0], c[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut offset = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => offset += c.len_utf16() * 2,
            Err(_) => return offset,
        }
    }
    offset
}

/// Refuses text with NUL bytes or a high share of C0 control characters (binary data that happened
/// to decode); `raw_offset` maps a byte offset in `text` back to the offset in the raw input, so the
/// error points at the file's byte whatever its encoding.
fn check_not_binary(text: &str, path: &Path, raw_offset: impl Fn(usize) -> usize) -> Result<()> {
    if let Some(pos) = text.find('\0') {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset: raw_offset(pos),
        });
    }
    let mut controls = 0usize;
    let mut first = None;
    let mut total = 0usize;
    for (i, c) in text.char_indices().take(65_536) {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}' | '\u{0B}') {
            controls += 1;
            first.get_or_insert(i);
        }
    }
    if total > 0 && controls * 100 > total {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset: raw_offset(first.unwrap_or(0)),
        });
    }
    Ok(())
}

/// True when more CJK ideographs decode as UTF-8 than there are invalid UTF-8 sequences: a UTF-8
/// file with a few damaged bytes (or a pasted GBK fragment). GBK text is the opposite: its byte pairs
/// rarely form three-byte UTF-8 sequences and mostly are invalid UTF-8. Decoding such a file as
/// GB18030 would turn its UTF-8 part into plausible-looking but wrong ideographs.
fn mostly_utf8(raw: &[u8]) -> bool {
    let mut ideographs = 0usize;
    let mut invalid = 0usize;
    for chunk in raw.utf8_chunks() {
        ideographs += chunk.valid().chars().filter(|&c| is_ideograph(c)).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    ideographs > invalid
}

/// A common CJK ideograph (the basic block, where almost all of a Chinese text lies).
pub(crate) fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// GB18030 decodes almost any byte string; accept it only when the result reads as Chinese text:
/// most non-ASCII characters are common CJK ideographs or CJK punctuation.
fn looks_like_chinese(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut cjk = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if is_ideograph(c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
            || ('\u{2010}'..='\u{2027}').contains(&c)
        {
            cjk += 1;
        }
    }
    non_ascii > 0 && cjk * 10 >= non_ascii * 9
}

/// Picks the format: `.md`/`.markdown` → Markdown, `.html`/`.htm`/`.xhtml` → HTML, `.txt` → text;
/// otherwise (stdin, unknown extension) sniff the content.
pub fn detect_format(path: &Path, text: &str) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("md" | "markdown" | "mdown" | "mkd") => Format::Markdown,
        Some("html" | "htm" | "xhtml") => Format::Html,
        Some("txt" | "text") => Format::Text,
        _ => sniff_format(text),
    }
}

/// Guesses the format from content: HTML tags at the start or many block tags → HTML;
/// Markdown headings, pipe tables or list markers on several lines → Markdown; else text.
pub fn sniff_format(text: &str) -> Format {
    // ASCII case-insensitive prefix test, without lower-casing copies of the text.
    let opens = |s: &str, prefix: &str| {
        s.as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    let head = text.trim_start();
    if ["<!doctype html", "<html", "<?xml"]
        .iter()
        .any(|p| opens(head, p))
    {
        return Format::Html;
    }
    const BLOCK_TAGS: [&str; 9] = [
        "<p>", "<p ", "<div", "<h1", "<h2", "<h3", "<table", "<li", "<br",
    ];
    // Block tags in the first 16,384 characters (each starts with the only `<` it holds, so tags
    // never overlap and one pass over the `<`s counts them all).
    let sample_end = text
        .char_indices()
        .nth(16_384)
        .map_or(text.len(), |(i, _)| i);
    let sample = text.get(..sample_end).unwrap_or(text);
    let tag_hits = sample
        .match_indices('<')
        .filter(|&(i, _)| {
            let rest = sample.get(i..).unwrap_or("");
            BLOCK_TAGS.iter().any(|t| opens(rest, t))
        })
        .take(3)
        .count();
    if tag_hits >= 3 {
        return Format::Html;
    }
    let md_lines = text
        .lines()
        .take(400)
        .filter(|l| {
            let t = l.trim_start();
            (t.starts_with('#') && t.trim_start_matches('#').starts_with(' '))
                || (t.starts_with('|') && t.trim_end().ends_with('|'))
                || t.starts_with("- ")
                || t.starts_with("* ")
                || t.starts_with("**")
        })
        .count();
    if md_lines >= 2 {
        Format::Markdown
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("t")
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, e) = decode("隐私政策".as_bytes(), p()).unwrap();
        assert_eq!((t.as_str(), e), ("隐私政策", Encoding::Utf8));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("隐私".as_bytes());
        let (t, e) = decode(&b, p()).unwrap();
        assert_eq!((t.as_str(), e), ("隐私", Encoding::Utf8Bom));
    }

    #[test]
    fn utf16_both_endians() {
        let s = "第一条 个人信息";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(
            decode(&le, p()).unwrap(),
            (s.to_string(), Encoding::Utf16Le)
        );
        assert_eq!(
            decode(&be, p()).unwrap(),
            (s.to_string(), Encoding::Utf16Be)
        );
    }

    #[test]
    fn gbk_without_bom_is_detected() {
        let s = "我们如何收集和使用您的个人信息。生效日期：2023年1月1日";
        let (bytes, _, _) = encoding_rs::GBK.encode(s);
        let (t, e) = decode(&bytes, p()).unwrap();
        assert_eq!((t.as_str(), e), (s, Encoding::Gb18030));
    }

    #[test]
    fn binary_and_garbage_are_refused() {
        assert!(matches!(
            decode(b"abc\0def", p()),
            Err(Error::Binary { offset: 3, .. })
        ));
        let garbage: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8 | 0x80).collect();
        assert!(decode(&garbage, p()).is_err());
    }

    #[test]
    fn binary_offsets_point_at_the_raw_byte_in_every_encoding() {
        let text = "ab隐私\0尾";
        let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
        utf8_bom.extend_from_slice(text.as_bytes());
        let mut utf16le = vec![0xFF, 0xFE];
        let mut utf16be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            utf16le.extend_from_slice(&unit.to_le_bytes());
            utf16be.extend_from_slice(&unit.to_be_bytes());
        }
        // Control characters (not NUL) in GBK: refused by share, at the first one's raw offset.
        let controls = format!("隐私政策{}", "\u{1}".repeat(50));
        let (gbk, _, _) = encoding_rs::GBK.encode(&controls);
        let cases: [(&str, &[u8], usize); 5] = [
            ("UTF-8", text.as_bytes(), 8),
            ("UTF-8 with BOM", &utf8_bom, 11),
            ("UTF-16 LE", &utf16le, 10),
            ("UTF-16 BE", &utf16be, 10),
            ("GBK", &gbk, 8),
        ];
        for (name, bytes, expected) in cases {
            match decode(bytes, p()) {
                Err(Error::Binary { offset, .. }) => assert_eq!(offset, expected, "{name}"),
                other => panic!("{name}: expected Binary, got {other:?}"),
            }
        }
    }

    #[test]
    fn damaged_utf8_is_never_read_as_gb18030() {
        // Short mostly-ASCII texts with one byte of an ideograph lost: GB18030 would decode some of
        // them without error into other ideographs (checked: about a quarter of random cases).
        let text = "# Privacy\n\nWe collect: 会）情关告道我复安门需\n";
        let damaged: Vec<u8> = text
            .bytes()
            .enumerate()
            .filter(|&(i, _)| i != text.find('告').unwrap() + 1)
            .map(|(_, b)| b)
            .collect();
        assert!(encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(&damaged)
            .is_some());
        match decode(&damaged, p()) {
            Err(Error::Undecodable { offset, detail, .. }) => {
                assert_eq!(offset, text.find('告').unwrap());
                assert!(detail.contains("otherwise UTF-8"), "{detail}");
            }
            other => panic!("expected Undecodable, got {other:?}"),
        }
        // A GBK fragment pasted into UTF-8 text is refused too.
        let mut mixed = "我们如何收集和使用您的个人信息。".as_bytes().to_vec();
        mixed.extend_from_slice(&encoding_rs::GBK.encode("本段使用国标编码。").0);
        assert!(decode(&mixed, p()).is_err());
    }

    #[test]
    fn invalid_utf8_in_the_middle_of_utf8_is_refused_with_its_offset() {
        let mut b = "隐私政策正文".as_bytes().to_vec();
        b.insert(6, 0xFF);
        match decode(&b, p()) {
            Err(Error::Undecodable { offset, .. }) => assert_eq!(offset, 6),
            other => panic!("expected Undecodable, got {other:?}"),
        }
    }

    #[test]
    fn format_by_extension_then_sniffing() {
        assert_eq!(detect_format(Path::new("a.md"), "x"), Format::Markdown);
        assert_eq!(detect_format(Path::new("a.HTM"), "x"), Format::Html);
        assert_eq!(
            detect_format(Path::new("-"), "<!DOCTYPE html><p>x</p>"),
            Format::Html
        );
        assert_eq!(
            detect_format(Path::new("-"), "# 标题\n\n## 一、收集\n"),
            Format::Markdown
        );
        assert_eq!(
            detect_format(Path::new("-"), "一、收集\n我们收集。"),
            Format::Text
        );
    }
}
