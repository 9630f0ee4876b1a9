//! Reading input files safely: only regular files, never more than a real paper needs.
//!
//! An unattended nightly build must not hang on a named pipe given as an article, nor run
//! out of memory on a runaway file. Every input file is looked at before it is opened (what
//! kind of file it is, how big it says it is) and read no further than its limit.
//! The limits are far above what any real edition reaches; the README lists them.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// One mebibyte, the unit the limits are given in.
const MIB: u64 = 1024 * 1024;

/// Largest edition file: the example's is 9 KB; a 200-page edition stays under 200 KB.
pub const MAX_EDITION_BYTES: u64 = MIB;
/// Largest article file: a long feature is 20 KB; a whole book would be 1 MB.
pub const MAX_ARTICLE_BYTES: u64 = MIB;
/// Largest template file: the shipped ones are 2 KB.
pub const MAX_TEMPLATE_BYTES: u64 = MIB;
/// Largest font manifest (`fonts.toml`): one line a role.
pub const MAX_MANIFEST_BYTES: u64 = MIB;
/// Largest font file: full CJK faces are 10–25 MB.
pub const MAX_FONT_BYTES: u64 = 64 * MIB;
/// Largest photo file: a full-page 300 ppi CMYK JPEG is 10–20 MB.
pub const MAX_PHOTO_BYTES: u64 = 64 * MIB;
/// Largest ICC profile: press profiles are 0.5–2 MB.
pub const MAX_ICC_BYTES: u64 = 16 * MIB;
/// Most characters in one text field (a title, a caption, one paragraph): a long
/// paragraph has 500; a whole article is rarely over 10,000.
pub const MAX_FIELD_CHARS: usize = 20_000;
/// Highest page number: no paper prints a thousand pages in one edition.
pub const MAX_PAGE_NUMBER: u32 = 999;
/// Most pages in one edition: the thickest Sunday papers stay under 200.
pub const MAX_PAGES: usize = 200;
/// Most pixels in one photo: a full broadsheet page at 300 ppi is 23 million.
pub const MAX_PHOTO_PIXELS: u64 = 100_000_000;
/// Longest side of a photo in pixels: 10 m at 300 ppi is still only 12,000.
pub const MAX_PHOTO_SIDE: u32 = 30_000;

/// Why an input file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Nothing is at the path.
    Missing,
    /// Something that is not a regular file is at the path ("a directory", "a named pipe").
    NotAFile(&'static str),
    /// The path runs through a loop of symbolic links.
    LinkLoop,
    /// The file is bigger than its limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The system refused (permission denied, an I/O error): its reason.
    Other(String),
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::Missing => f.write_str("not found"),
            Unreadable::NotAFile(what) => write!(f, "is {what}"),
            Unreadable::LinkLoop => {
                f.write_str("cannot be read: too many levels of symbolic links")
            }
            Unreadable::TooLarge { size, limit } => write!(
                f,
                "is {}, more than the {} such a file may have",
                size_in_words(*size),
                size_in_words(*limit)
            ),
            Unreadable::Other(reason) => write!(f, "cannot be read: {reason}"),
        }
    }
}

/// A byte count as a person reads it: `812 bytes`, `3.2 MB`.
pub fn size_in_words(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.1} GB", b / KB / KB / KB)
    }
}

/// Linux's error number for a loop of symbolic links (ELOOP); the standard library has no
/// stable kind for it.
const ELOOP: i32 = 40;

/// Turns the error of looking at a path into what the desk is told.
fn unreadable(e: &std::io::Error) -> Unreadable {
    match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => Unreadable::Missing,
        _ if e.raw_os_error() == Some(ELOOP) => Unreadable::LinkLoop,
        _ => {
            // The system's words start with a capital; they follow "cannot be read: ".
            let reason = crate::diag::io_reason(e);
            let mut chars = reason.chars();
            let lower = chars.next().map(|c| c.to_lowercase().collect::<String>());
            Unreadable::Other(lower.unwrap_or_default() + chars.as_str())
        }
    }
}

/// What kind of thing is at `path` when it is not a regular file, in words.
fn kind_in_words(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "something other than a file"
}

/// Looks at `path` without opening it: its size when it is a regular file of at most
/// `limit` bytes, or why it cannot be read.
pub fn regular_file(path: &Path, limit: u64) -> Result<u64, Unreadable> {
    let meta = std::fs::metadata(path).map_err(|e| unreadable(&e))?;
    if !meta.is_file() {
        return Err(Unreadable::NotAFile(kind_in_words(&meta)));
    }
    if meta.len() > limit {
        return Err(Unreadable::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(meta.len())
}

/// Reads a regular file of at most `limit` bytes. A file that grows while being read is
/// cut off at the limit and refused, so memory stays bounded whatever the disk holds.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let size = regular_file(path, limit)?;
    let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    let mut data = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut data)
        .map_err(|e| unreadable(&e))?;
    if data.len() as u64 > limit {
        return Err(Unreadable::TooLarge {
            size: data.len() as u64,
            limit,
        });
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_missing_files_are_told_apart() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            read_limited(&dir.join("src"), MIB),
            Err(Unreadable::NotAFile("a directory"))
        );
        assert_eq!(
            read_limited(&dir.join("no-such-file"), MIB),
            Err(Unreadable::Missing)
        );
        assert!(matches!(
            read_limited(&dir.join("Cargo.toml"), 10),
            Err(Unreadable::TooLarge { limit: 10, .. })
        ));
        assert!(read_limited(&dir.join("Cargo.toml"), MIB).is_ok());
    }
}
