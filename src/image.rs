//! Photos: JPEG files read far enough to place and embed them untouched (DCTDecode).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::edition::io_reason;

/// The colour model of an image's samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorModel {
    /// One channel.
    Gray,
    /// Three channels (YCbCr/RGB): not fit for press, reported.
    Rgb,
    /// Four channels.
    Cmyk,
}

/// A JPEG image, its bytes kept as they are for embedding.
#[derive(Debug)]
pub struct Image {
    /// Where it came from.
    pub path: PathBuf,
    /// The file's bytes.
    pub data: Vec<u8>,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Colour model.
    pub color: ColorModel,
    /// Whether the CMYK samples are stored inverted (an Adobe APP14 marker), so the PDF
    /// must decode them with `[1 0 1 0 1 0 1 0]`.
    pub inverted: bool,
}

impl Image {
    /// Reads a JPEG file.
    pub fn load(path: &Path) -> Result<Image, Diagnostic> {
        let data = std::fs::read(path)
            .map_err(|e| Diagnostic::file(path, format!("cannot read image: {}", io_reason(&e))))?;
        Image::from_jpeg(path, data)
    }

    /// Reads the facts of JPEG data.
    pub fn from_jpeg(path: &Path, data: Vec<u8>) -> Result<Image, Diagnostic> {
        let bad = |what: &str| {
            Diagnostic::file(path, format!("not a usable JPEG image: {what}")).with_help(
                "give photos as baseline or progressive JPEG files, preferably CMYK or greyscale",
            )
        };
        if data.len() < 4 || data[0] != 0xFF || data[1] != 0xD8 {
            return Err(bad("it does not start with a JPEG signature"));
        }
        let mut i = 2usize;
        let mut adobe = false;
        let mut sof: Option<(u32, u32, u8)> = None;
        while i + 4 <= data.len() {
            if data[i] != 0xFF {
                return Err(bad("a marker is damaged"));
            }
            let marker = data[i + 1];
            if marker == 0xFF {
                i += 1;
                continue;
            }
            if marker == 0xD9 || marker == 0xDA {
                break;
            }
            if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
                i += 2;
                continue;
            }
            let len = u16::from_be_bytes([data[i + 2], data[i + 3]]) as usize;
            if len < 2 || i + 2 + len > data.len() {
                return Err(bad("a segment runs past the end of the file"));
            }
            let seg = &data[i + 4..i + 2 + len];
            match marker {
                0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                    if seg.len() < 6 {
                        return Err(bad("the frame header is too short"));
                    }
                    let h = u16::from_be_bytes([seg[1], seg[2]]) as u32;
                    let w = u16::from_be_bytes([seg[3], seg[4]]) as u32;
                    sof = Some((w, h, seg[5]));
                }
                0xEE if seg.starts_with(b"Adobe") => adobe = true,
                _ => {}
            }
            i += 2 + len;
        }
        let Some((width, height, comps)) = sof else {
            return Err(bad("no frame header found"));
        };
        if width == 0 || height == 0 {
            return Err(bad("its size is zero"));
        }
        let color = match comps {
            1 => ColorModel::Gray,
            3 => ColorModel::Rgb,
            4 => ColorModel::Cmyk,
            n => return Err(bad(&format!("{n} colour components"))),
        };
        Ok(Image {
            path: path.to_path_buf(),
            data,
            width,
            height,
            color,
            inverted: adobe && color == ColorModel::Cmyk,
        })
    }
}
