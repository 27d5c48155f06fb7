//! ZIP containers (Office Open XML) read under a size budget: every part is inflated through a
//! bounded reader, so a ZIP bomb stops at `--max-size` unpacked bytes whatever its headers claim.

use crate::error::{Error, Result};
use std::io::{Cursor, Read};
use std::path::Path;

/// An opened ZIP archive and what is left of its unpacking budget.
pub struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    path: &'a Path,
    format: &'static str,
    /// Bytes that may still be unpacked (all parts together).
    budget: u64,
    limit: u64,
}

impl<'a> Zip<'a> {
    /// Opens `raw` as a ZIP archive; `format` names the document kind in errors; at most
    /// `max_size` bytes are unpacked over all parts read.
    pub fn open(
        raw: &'a [u8],
        path: &'a Path,
        format: &'static str,
        max_size: u64,
    ) -> Result<Self> {
        let archive = zip::ZipArchive::new(Cursor::new(raw)).map_err(|e| Error::Container {
            path: path.to_path_buf(),
            format,
            detail: format!("not a readable ZIP archive: {e}"),
        })?;
        Ok(Zip {
            archive,
            path,
            format,
            budget: max_size,
            limit: max_size,
        })
    }

    /// True when the archive holds a part named `name`.
    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The part `name` as UTF-8 text (byte-order mark removed), `None` when there is no such
    /// part. Inflating stops one byte past the remaining budget: the declared size is not
    /// trusted.
    pub fn part(&mut self, name: &str) -> Result<Option<String>> {
        let path = self.path;
        let format = self.format;
        let fail = |detail: String| Error::Container {
            path: path.to_path_buf(),
            format,
            detail,
        };
        let too_large = || Error::UnpackedTooLarge {
            path: path.to_path_buf(),
            part: name.to_owned(),
            limit: self.limit,
        };
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(fail(format!("{name}: {e}"))),
        };
        if file.size() > self.budget {
            return Err(too_large());
        }
        let mut buf = Vec::new();
        file.take(self.budget.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(|e| fail(format!("{name}: cannot unpack: {e}")))?;
        let size = buf.len() as u64;
        if size > self.budget {
            return Err(too_large());
        }
        self.budget -= size;
        let text = String::from_utf8(buf).map_err(|e| {
            fail(format!(
                "{name}: not UTF-8 XML (byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Ok(Some(match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_owned(),
            None => text,
        }))
    }
}
