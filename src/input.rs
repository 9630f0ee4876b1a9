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
/// Largest ad file: a full-page PDF/X-1a ad with 300 ppi CMYK photos is 20–80 MB.
pub const MAX_AD_BYTES: u64 = 128 * MIB;
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

/// What the file system says about a file, enough to tell that it changed since it was
/// last read without reading it again: a file rewritten in place moves its modification
/// time, and even one whose time is set back moves its change time, which no program can
/// set. Caches of read and decoded files (fonts, photos) are keyed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileStamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: (u64, u64),
}

impl FileStamp {
    /// The stamp of the file at `path` now; `None` when it cannot be looked at (the read
    /// that follows reports why).
    pub fn of(path: &Path) -> Option<FileStamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileStamp {
                len: m.len(),
                modified: (m.mtime(), m.mtime_nsec()),
                changed: (m.ctime(), m.ctime_nsec()),
                inode: (m.dev(), m.ino()),
            })
        }
        #[cfg(not(unix))]
        {
            let t = m.modified().ok()?;
            let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
            Some(FileStamp {
                len: m.len(),
                modified: (d.as_secs() as i64, d.subsec_nanos() as i64),
                changed: (0, 0),
                inode: (0, 0),
            })
        }
    }
}

/// The character encoding an article file is written in.
///
/// Newsroom systems still export GBK or GB18030 text; the desk names the encoding in the
/// edition (`[paper] encoding`) or the article's front matter (`encoding = "gb18030"`), and
/// paiban decodes the file before parsing it, so every diagnostic's line and column count
/// characters of the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    /// UTF-8, the default.
    #[default]
    Utf8,
    /// GB18030, which also reads GBK and GB2312 text (both are subsets of it).
    Gb18030,
}

/// The encoding names the edition may give, as the desk writes them.
pub const ENCODING_NAMES: [&str; 4] = ["utf-8", "gb18030", "gbk", "gb2312"];

impl TextEncoding {
    /// The encoding for a name in the edition (`utf-8`, `gb18030`, `gbk`, `gb2312`; case and
    /// `-`/`_` do not matter), or `None` for a name paiban does not read.
    pub fn from_name(name: &str) -> Option<TextEncoding> {
        let n: String = name
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect();
        match n.as_str() {
            "utf8" => Some(TextEncoding::Utf8),
            // GBK and GB2312 are subsets of GB18030: one decoder reads all three.
            "gb18030" | "gbk" | "gb2312" | "cp936" => Some(TextEncoding::Gb18030),
            _ => None,
        }
    }

    /// The encoding's name in messages.
    ///
    /// GBK and GB2312 are read as GB18030, of which both are subsets.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gb18030 => "GB18030",
        }
    }

    /// Decodes `bytes`; on a byte sequence the encoding cannot read, the text decoded before
    /// it and the offending bytes.
    pub fn decode(self, bytes: &[u8]) -> Result<String, BadBytes> {
        match self {
            TextEncoding::Utf8 => String::from_utf8(bytes.to_vec()).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                let len = e.utf8_error().error_len().unwrap_or(1);
                BadBytes {
                    good: std::str::from_utf8(&bytes[..at]).unwrap_or("").to_string(),
                    at,
                    bad: bytes[at..at + len].to_vec(),
                }
            }),
            TextEncoding::Gb18030 => decode_gb18030(bytes),
        }
    }
}

/// Where a file stops being text in its encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBytes {
    /// The text decoded before the bad bytes.
    pub good: String,
    /// Byte offset of the bad bytes in the file.
    pub at: usize,
    /// The bytes that cannot be read.
    pub bad: Vec<u8>,
}

/// Decodes GB18030 (and so GBK) without replacing anything: a bad sequence is reported.
fn decode_gb18030(bytes: &[u8]) -> Result<String, BadBytes> {
    use encoding_rs::DecoderResult;
    // No byte order mark is sniffed: the caller has already settled the encoding (a UTF-8
    // mark makes the file UTF-8 before this is reached).
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, after) => {
            let end = read.saturating_sub(after as usize);
            let at = end.saturating_sub(bad as usize);
            Err(BadBytes {
                good: out,
                at,
                bad: bytes[at..end].to_vec(),
            })
        }
        // The buffer was sized for the worst case; should it still be short, say so.
        DecoderResult::OutputFull => Err(BadBytes {
            good: out,
            at: read,
            bad: bytes.get(read..read + 1).unwrap_or_default().to_vec(),
        }),
    }
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

    #[test]
    fn gbk_text_is_decoded_and_bad_bytes_are_placed() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("第一行\n排版");
        assert_eq!(
            TextEncoding::Gb18030.decode(&bytes).unwrap(),
            "第一行\n排版"
        );
        let mut broken = bytes.to_vec();
        broken.extend_from_slice(&[0x81, 0x20]);
        let bad = TextEncoding::Gb18030.decode(&broken).unwrap_err();
        assert_eq!(bad.good, "第一行\n排版");
        assert_eq!(bad.at, bytes.len());
        assert_eq!(TextEncoding::from_name("GBK"), Some(TextEncoding::Gb18030));
        assert_eq!(TextEncoding::from_name("big5"), None);
    }
}
