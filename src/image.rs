//! Photos: JPEG files read far enough to place and embed them untouched (DCTDecode).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::input::{MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE, read_limited};

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

/// A JPEG image, its bytes kept as they are for embedding (an RGB one is converted).
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
    /// For an RGB photo: its pixels converted to CMYK (ink-positive, 4 bytes a pixel), which
    /// the PDF embeds instead of the JPEG — press files carry no RGB.
    pub converted: Option<Vec<u8>>,
}

impl Image {
    /// Reads a JPEG file.
    pub fn load(path: &Path) -> Result<Image, Diagnostic> {
        let data = read_limited(path, MAX_PHOTO_BYTES)
            .map_err(|e| Diagnostic::file(path, format!("the photo file {e}")))?;
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
        let mut scan_at = None;
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
                scan_at = (marker == 0xDA).then_some(i);
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
                    if let Some(what) = unsupported_frame(marker, seg[0]) {
                        return Err(bad(&what));
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
        if width > MAX_PHOTO_SIDE
            || height > MAX_PHOTO_SIDE
            || u64::from(width) * u64::from(height) > MAX_PHOTO_PIXELS
        {
            return Err(bad(&format!(
                "its header claims {width} × {height} pixels, more than the {} million pixels a photo may have",
                MAX_PHOTO_PIXELS / 1_000_000
            )));
        }
        // The image data must end with the end-of-image marker: a file cut short in transfer
        // would print its missing part grey. In the scan data 0xFF is always followed by 0x00
        // or a restart marker, so the pair FF D9 there can only be the real end.
        let ends = scan_at.is_some_and(|at| data[at..].windows(2).any(|w| w == [0xFF, 0xD9]));
        if !ends {
            return Err(bad(
                "the file is cut short: its image data has no end marker (copy the file again)",
            ));
        }
        let color = match comps {
            1 => ColorModel::Gray,
            3 => ColorModel::Rgb,
            4 => ColorModel::Cmyk,
            n => return Err(bad(&format!("{n} colour components"))),
        };
        let mut image = Image {
            path: path.to_path_buf(),
            data,
            width,
            height,
            color,
            inverted: adobe && color == ColorModel::Cmyk,
            converted: None,
        };
        if color == ColorModel::Rgb {
            let raster = image.decode().map_err(|e| bad(&e))?;
            image.converted = Some(raster.data);
        }
        Ok(image)
    }
}

/// Why a JPEG frame (its start-of-frame `marker` and sample `precision`) cannot be embedded
/// for press, or `None` when it can: baseline and progressive Huffman-coded 8-bit frames only,
/// which is what PDF's DCTDecode and every RIP read.
fn unsupported_frame(marker: u8, precision: u8) -> Option<String> {
    /// 8 bits a sample: the only precision DCTDecode takes.
    const SAMPLE_BITS: u8 = 8;
    let kind = match marker {
        0xC0..=0xC2 => None,
        0xC3 | 0xC7 | 0xCB | 0xCF => Some("it is a lossless JPEG"),
        0xC5 | 0xC6 | 0xCD | 0xCE => Some("it is a hierarchical JPEG"),
        _ => Some("it is an arithmetic-coded JPEG"),
    };
    if let Some(k) = kind {
        return Some(k.to_string());
    }
    (precision != SAMPLE_BITS).then(|| format!("it has {precision}-bit samples, not 8-bit"))
}

/// Decoded samples of an image, ink-positive: for CMYK 0 = no ink and 255 = full ink per
/// channel; for grey 0 = black and 255 = white (as DeviceGray).
#[derive(Debug, Clone)]
pub struct Raster {
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// 1 (grey) or 4 (CMYK).
    pub channels: u8,
    /// Samples, row by row.
    pub data: Vec<u8>,
}

/// How much ink an image puts down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InkCoverage {
    /// Highest total of C+M+Y+K of any pixel, in percent.
    pub max: f32,
    /// The total that 99.5 % of pixels stay under, in percent (JPEG noise spares a few).
    pub p995: f32,
}

impl Image {
    /// The JPEG's samples as stored: grey, RGB or CMYK (inverted when `inverted` says so),
    /// checked to be as many as the header promised.
    fn decode_raw(&self) -> Result<Vec<u8>, String> {
        use zune_core::bytestream::ZCursor;
        use zune_core::colorspace::ColorSpace;
        use zune_core::options::DecoderOptions;
        let (out, channels) = match self.color {
            ColorModel::Gray => (ColorSpace::Luma, 1),
            ColorModel::Rgb => (ColorSpace::RGB, 3),
            ColorModel::Cmyk => (ColorSpace::CMYK, 4),
        };
        let options = DecoderOptions::default().jpeg_set_out_colorspace(out);
        let mut decoder =
            zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(&self.data), options);
        let data = decoder
            .decode()
            .map_err(|e| format!("{}: cannot decode the JPEG: {e:?}", self.path.display()))?;
        if data.len() as u64 != u64::from(self.width) * u64::from(self.height) * channels {
            return Err(format!(
                "{}: the JPEG decoded to an unexpected size",
                self.path.display()
            ));
        }
        Ok(data)
    }

    /// Decodes the JPEG to ink-positive samples (RGB photos come back converted to CMYK).
    pub fn decode(&self) -> Result<Raster, String> {
        let mut data = self.decode_raw()?;
        let (width, height) = (self.width, self.height);
        let channels = match self.color {
            ColorModel::Gray => 1,
            ColorModel::Rgb => {
                data = rgb_to_cmyk(&data, INK_LIMIT);
                4
            }
            ColorModel::Cmyk => {
                if self.inverted {
                    for v in &mut data {
                        *v = 255 - *v;
                    }
                }
                4
            }
        };
        Ok(Raster {
            width,
            height,
            channels,
            data,
        })
    }
}

/// The house's total ink limit for newsprint, in percent.
pub(crate) const INK_LIMIT: f32 = 240.0;

impl Raster {
    /// Total ink coverage (grey counts as K).
    pub fn ink(&self) -> InkCoverage {
        let mut hist = InkHistogram::new();
        match self.channels {
            4 => hist.add_cmyk(&self.data, false),
            _ => hist.add_grey(&self.data),
        }
        hist.coverage()
    }
}

impl Image {
    /// Total ink coverage of the photo, as [`Raster::ink`] of [`Image::decode`] gives it, at
    /// less cost: an RGB photo's CMYK pixels are already at hand, and inverted CMYK samples
    /// are counted as they come instead of being flipped first.
    pub fn ink_coverage(&self) -> Result<InkCoverage, String> {
        let mut hist = InkHistogram::new();
        match (&self.converted, self.color) {
            (Some(cmyk), _) => hist.add_cmyk(cmyk, false),
            (None, ColorModel::Rgb) => return self.decode().map(|r| r.ink()),
            (None, color) => {
                let data = self.decode_raw()?;
                if color == ColorModel::Gray {
                    hist.add_grey(&data);
                } else {
                    hist.add_cmyk(&data, self.inverted);
                }
            }
        }
        Ok(hist.coverage())
    }
}

/// How many pixels put down each total of ink (C+M+Y+K in 0‥1020).
struct InkHistogram {
    counts: [u32; 4 * 255 + 1],
}

impl InkHistogram {
    fn new() -> Self {
        InkHistogram {
            counts: [0; 4 * 255 + 1],
        }
    }

    /// CMYK samples, ink-positive or (`inverted`) stored as 255 − ink.
    fn add_cmyk(&mut self, data: &[u8], inverted: bool) {
        let hist = &mut self.counts;
        // The same loop as a raster's (the compiler vectorises the four-byte sum).
        if inverted {
            for px in data.chunks_exact(4) {
                hist[1020 - px.iter().map(|v| *v as usize).sum::<usize>()] += 1;
            }
        } else {
            for px in data.chunks_exact(4) {
                hist[px.iter().map(|v| *v as usize).sum::<usize>()] += 1;
            }
        }
    }

    /// Grey samples (0 = black): ink is K = 255 − sample.
    fn add_grey(&mut self, data: &[u8]) {
        let hist = &mut self.counts;
        for v in data {
            hist[255 - *v as usize] += 1;
        }
    }

    fn coverage(&self) -> InkCoverage {
        let hist = &self.counts;
        let total: u64 = hist.iter().map(|h| *h as u64).sum();
        let pct = |i: usize| i as f32 * 100.0 / 255.0;
        let max = hist.iter().rposition(|h| *h > 0).map_or(0.0, pct);
        let mut seen = 0u64;
        let mut p995 = 0.0;
        for (i, h) in hist.iter().enumerate() {
            seen += *h as u64;
            if seen * 1000 >= total * 995 {
                p995 = pct(i);
                break;
            }
        }
        InkCoverage { max, p995 }
    }
}

/// Converts 8-bit RGB to CMYK for newsprint: grey-component replacement (black ink for the
/// neutral part, more of it towards the shadows) and total ink held under `limit` percent.
pub(crate) fn rgb_to_cmyk(rgb: &[u8], limit: f32) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgb.len() / 3 * 4);
    let cap = limit / 100.0;
    for px in rgb.chunks_exact(3) {
        let c = 1.0 - px[0] as f32 / 255.0;
        let m = 1.0 - px[1] as f32 / 255.0;
        let y = 1.0 - px[2] as f32 / 255.0;
        let grey = c.min(m).min(y);
        // Smooth black generation: none in the highlights, all of the grey from 85 % on.
        let t = ((grey - 0.08) / 0.77).clamp(0.0, 1.0);
        let k = grey * t * t * (3.0 - 2.0 * t);
        let (mut c, mut m, mut y) = if k < 1.0 {
            (
                (c - k) / (1.0 - k),
                (m - k) / (1.0 - k),
                (y - k) / (1.0 - k),
            )
        } else {
            (0.0, 0.0, 0.0)
        };
        let cmy = c + m + y;
        if cmy + k > cap && cmy > 0.0 {
            let s = ((cap - k) / cmy).max(0.0);
            c *= s;
            m *= s;
            y *= s;
        }
        for v in [c, m, y, k] {
            out.push((v.clamp(0.0, 1.0) * 255.0).round() as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgb_conversion_uses_black_and_respects_the_ink_limit() {
        let px = rgb_to_cmyk(&[0, 0, 0, 255, 255, 255, 200, 30, 30, 40, 40, 40], 240.0);
        // Black: all K, total within the limit.
        assert_eq!(px[3], 255);
        assert!(px[..4].iter().map(|v| *v as u32).sum::<u32>() <= 612);
        // White: no ink.
        assert_eq!(&px[4..8], &[0, 0, 0, 0]);
        // A red: magenta and yellow, little cyan.
        assert!(
            px[9] > 200 && px[10] > 200 && px[8] < 60,
            "{:?}",
            &px[8..12]
        );
        // A dark grey: mostly black.
        assert!(px[15] > 150);
    }

    #[test]
    fn example_photos_are_cmyk_within_the_ink_limit() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/zhuzhou-daily-2023-07-20/images");
        let img = Image::load(&dir.join("p4-photo.jpg")).unwrap();
        assert_eq!(img.color, ColorModel::Cmyk);
        let raster = img.decode().unwrap();
        let ink = raster.ink();
        assert!(ink.p995 <= INK_LIMIT && ink.max > 50.0, "{ink:?}");
    }

    #[test]
    fn ink_coverage_without_a_raster_is_the_rasters_own() {
        // Every photo of the example (inverted and plain CMYK alike) and the RGB and grey
        // fixtures: the counted-as-decoded figures equal those of the full ink-positive raster.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> =
            std::fs::read_dir(root.join("examples/zhuzhou-daily-2023-07-20/images"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
                .collect();
        files.sort();
        files.push(root.join("tests/fixtures/rgb-photo.jpg"));
        files.push(root.join("tests/fixtures/grey-photo.jpg"));
        let mut inverted = 0;
        for f in &files {
            let img = Image::load(f).unwrap();
            inverted += usize::from(img.inverted);
            let full = img.decode().unwrap().ink();
            assert_eq!(img.ink_coverage().unwrap(), full, "{}", f.display());
        }
        assert_eq!(files.len(), 11);
        assert!(inverted > 0, "no inverted CMYK photo among the examples");
    }
}

#[cfg(test)]
mod rgb_tests {
    use super::*;

    #[test]
    fn rgb_photos_are_converted_when_read() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let img = Image::load(&dir.join("rgb-photo.jpg")).unwrap();
        assert_eq!(img.color, ColorModel::Rgb);
        let cmyk = img.converted.as_ref().expect("converted to CMYK");
        assert_eq!(cmyk.len(), 64 * 48 * 4);
        let grey = Image::load(&dir.join("grey-photo.jpg")).unwrap();
        assert_eq!(grey.color, ColorModel::Gray);
        assert!(grey.converted.is_none());
        assert_eq!(grey.decode().unwrap().data.len(), 64 * 48);
    }

    #[test]
    fn broken_jpeg_is_an_error_not_a_panic() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut data = std::fs::read(dir.join("rgb-photo.jpg")).unwrap();
        data.truncate(data.len() / 2);
        // Header intact, scan cut short: reading works, decoding reports or pads, never panics.
        let _ = Image::from_jpeg(Path::new("cut.jpg"), data);
        assert!(Image::from_jpeg(Path::new("x.jpg"), b"\xff\xd8\xff\xe0\x00".to_vec()).is_err());
        assert!(Image::from_jpeg(Path::new("x.png"), b"\x89PNG\r\n".to_vec()).is_err());
    }
}
