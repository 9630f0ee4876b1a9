//! Photos and placed art: JPEG files read far enough to place and embed them untouched
//! (DCTDecode); PNG and TIFF files decoded, separated like RGB JPEGs where they are RGB, and
//! embedded as Flate-compressed CMYK or grey.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::input::{MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE, read_limited};

pub mod ad;
mod art;
mod block_means;
mod separation;
pub use separation::PressProfile;

/// The kind of an image file, told by its first bytes (never by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG: embedded as it is (DCTDecode), unless it is RGB.
    Jpeg,
    /// PNG: decoded and embedded Flate-compressed.
    Png,
    /// TIFF: decoded and embedded Flate-compressed.
    Tiff,
}

impl ImageFormat {
    /// The format's usual name, for messages and the report.
    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Png => "PNG",
            ImageFormat::Tiff => "TIFF",
        }
    }

    /// The format of a file starting with `head`, or `None`.
    pub fn sniff(head: &[u8]) -> Option<ImageFormat> {
        if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if head.starts_with(b"II*\0")
            || head.starts_with(b"MM\0*")
            || head.starts_with(b"II+\0")
            || head.starts_with(b"MM\0+")
        {
            Some(ImageFormat::Tiff)
        } else {
            None
        }
    }

    /// The file-name extensions (lower case) files of this format carry.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            ImageFormat::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            ImageFormat::Png => &["png"],
            ImageFormat::Tiff => &["tif", "tiff"],
        }
    }
}

/// What a file that is none of the formats paiban reads seems to be, from its first bytes.
fn other_kind(head: &[u8]) -> &'static str {
    if head.starts_with(b"%PDF") {
        "it is a PDF file"
    } else if head.starts_with(b"GIF8") {
        "it is a GIF image"
    } else if head.starts_with(b"8BPS") {
        "it is a Photoshop document"
    } else if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        "it is a WebP image"
    } else if head.len() >= 12 && &head[4..8] == b"ftyp" {
        "it is a HEIF/AVIF image"
    } else if head.starts_with(b"BM") {
        "it is a BMP image"
    } else if head.starts_with(b"%!PS") {
        "it is a PostScript or EPS file"
    } else {
        "it does not start with a JPEG, PNG or TIFF signature"
    }
}

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

/// A photo or piece of placed art: a JPEG's bytes kept as they are for embedding (an RGB one
/// is converted); a PNG or TIFF always decoded into `converted`.
#[derive(Debug)]
pub struct Image {
    /// Where it came from.
    pub path: PathBuf,
    /// The kind of file it is.
    pub format: ImageFormat,
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
    /// The samples the PDF embeds instead of the JPEG, when they are not the file's own: an
    /// RGB photo separated to CMYK (press files carry no RGB), a photo made greyscale for
    /// a black-only page, or a PNG or TIFF file's decoded samples.
    pub converted: Option<Raster>,
    /// How its colours reach the plates.
    pub separation: Separation,
    /// The description of the embedded ICC profile an RGB photo was separated from.
    pub source_profile: Option<String>,
    /// What the desk should know about its separation (an embedded profile that could not
    /// be used, a press profile that could not separate it), one sentence each.
    pub notes: Vec<String>,
    /// `converted` deflated for the PDF, made when first needed: the page's own file and the
    /// combined file embed the same stream, and a session keeps it from build to build.
    pub deflated: std::sync::OnceLock<Vec<u8>>,
}

/// How a photo's colours reach the plates, as the report tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separation {
    /// CMYK or greyscale as the file gives them.
    AsGiven,
    /// RGB separated with paiban's own formula (black generation, ink limit): the edition
    /// gives no press profile, or the profile could not separate it.
    Formula,
    /// RGB separated through the press profile from the photo's embedded ICC profile.
    ProfileEmbedded,
    /// RGB separated through the press profile from sRGB: the photo embeds no profile, or
    /// one that cannot be used.
    ProfileSrgb,
    /// Made greyscale — black ink only — for a black-only page (黑白版), from the colour
    /// model the file has.
    Grey(ColorModel),
}

impl Image {
    /// Reads a JPEG file; an RGB one is separated with paiban's formula.
    pub fn load(path: &Path) -> Result<Image, Diagnostic> {
        Image::load_for_press(path, None)
    }

    /// Reads a JPEG, PNG or TIFF file, told by its first bytes; an RGB one is separated
    /// through `press` when given.
    pub fn load_for_press(path: &Path, press: Option<&PressProfile>) -> Result<Image, Diagnostic> {
        let data = read_limited(path, MAX_PHOTO_BYTES)
            .map_err(|e| Diagnostic::file(path, format!("the photo file {e}")))?;
        Image::from_bytes_for_press(path, data, press)
    }

    /// Reads the facts of a JPEG, PNG or TIFF file's bytes, told by their first bytes; an RGB
    /// image is separated through `press` when given. A name whose extension says another
    /// kind is noted: someone renamed the file, and the desk should know what it really is.
    pub fn from_bytes_for_press(
        path: &Path,
        data: Vec<u8>,
        press: Option<&PressProfile>,
    ) -> Result<Image, Diagnostic> {
        let Some(format) = ImageFormat::sniff(&data) else {
            return Err(Diagnostic::file(
                path,
                format!("not a usable image: {}", other_kind(&data)),
            )
            .with_help(ACCEPTED));
        };
        let mut image = match format {
            ImageFormat::Jpeg => Image::from_jpeg_for_press(path, data, press)?,
            _ => Image::from_art(path, format, data, press)?,
        };
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if let Some(ext) = ext.filter(|e| !format.extensions().contains(&e.as_str())) {
            image.notes.push(format!(
                "the file is named .{ext} but is a {} image; it is read as {0}",
                format.name()
            ));
        }
        Ok(image)
    }

    /// Decodes a PNG or TIFF file's bytes: grey stays grey (K only), CMYK goes as it is, RGB
    /// is separated as an RGB JPEG is; transparency is flattened onto the paper white.
    fn from_art(
        path: &Path,
        format: ImageFormat,
        data: Vec<u8>,
        press: Option<&PressProfile>,
    ) -> Result<Image, Diagnostic> {
        let decoded = decode_art(format, &data).map_err(|what| {
            Diagnostic::file(
                path,
                format!("not a usable {} image: {what}", format.name()),
            )
            .with_help(ACCEPTED)
        })?;
        let art::Decoded {
            width,
            height,
            model,
            samples,
            icc,
            flattened,
        } = decoded;
        let mut image = Image {
            path: path.to_path_buf(),
            format,
            data,
            width,
            height,
            color: model,
            inverted: false,
            converted: None,
            separation: Separation::AsGiven,
            source_profile: None,
            notes: Vec::new(),
            deflated: Default::default(),
        };
        if flattened {
            image.notes.push(
                "its transparent parts are flattened onto the paper white (PDF/X-1a has no transparency)"
                    .into(),
            );
        }
        let (channels, samples) = match model {
            ColorModel::Rgb => (4, image.separate(&samples, icc.as_deref(), press)),
            ColorModel::Gray => (1, samples),
            ColorModel::Cmyk => (4, samples),
        };
        image.converted = Some(Raster {
            width,
            height,
            channels,
            data: samples,
        });
        Ok(image)
    }

    /// Reads the facts of JPEG data; an RGB one is separated with paiban's formula.
    pub fn from_jpeg(path: &Path, data: Vec<u8>) -> Result<Image, Diagnostic> {
        Image::from_jpeg_for_press(path, data, None)
    }

    /// Reads the facts of JPEG data; an RGB one is separated through `press` when given.
    pub fn from_jpeg_for_press(
        path: &Path,
        data: Vec<u8>,
        press: Option<&PressProfile>,
    ) -> Result<Image, Diagnostic> {
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
        let mut icc_pieces: Vec<(u8, u8, &[u8])> = Vec::new();
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
                0xE2 if seg.len() > 14 && seg.starts_with(separation::ICC_SIGNATURE) => {
                    icc_pieces.push((seg[12], seg[13], &seg[14..]));
                }
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
        // or a restart marker, so the pair FF D9 there can only be the real end. It is
        // sought from the back, where a whole file has it, not through megabytes of scan.
        let ends = scan_at.is_some_and(|at| data[at..].windows(2).rev().any(|w| w == [0xFF, 0xD9]));
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
        let icc = separation::embedded_profile(&mut icc_pieces);
        let mut image = Image {
            path: path.to_path_buf(),
            format: ImageFormat::Jpeg,
            data,
            width,
            height,
            color,
            inverted: adobe && color == ColorModel::Cmyk,
            converted: None,
            separation: Separation::AsGiven,
            source_profile: None,
            notes: Vec::new(),
            deflated: Default::default(),
        };
        if color == ColorModel::Rgb {
            let rgb = image.decode_samples(ColorModel::Rgb).map_err(|e| bad(&e))?;
            let cmyk = image.separate(&rgb, icc.as_deref(), press);
            image.converted = Some(Raster {
                width,
                height,
                channels: 4,
                data: cmyk,
            });
        }
        Ok(image)
    }

    /// Separates an RGB photo's samples to CMYK: through the press profile from the photo's
    /// embedded profile, else from sRGB (what an RGB file without a profile is taken to be),
    /// else — no press profile, or one that cannot do it — with paiban's formula. Records
    /// which in `separation`, and why a step was passed over in `notes`.
    fn separate(
        &mut self,
        rgb: &[u8],
        icc: Option<&[u8]>,
        press: Option<&PressProfile>,
    ) -> Vec<u8> {
        if let Some(press) = press {
            if let Some(icc) = icc {
                match separation::rgb_source(icc).and_then(|src| {
                    let cmyk = press.separate(rgb, Some(&src))?;
                    Ok((cmyk, separation::profile_name(&src)))
                }) {
                    Ok((cmyk, name)) => {
                        self.separation = Separation::ProfileEmbedded;
                        self.source_profile = Some(name);
                        return cmyk;
                    }
                    Err(e) => self
                        .notes
                        .push(format!("{e}; its colours are taken as sRGB")),
                }
            }
            match press.separate(rgb, None) {
                Ok(cmyk) => {
                    self.separation = Separation::ProfileSrgb;
                    return cmyk;
                }
                Err(e) => self.notes.push(format!(
                    "{} cannot separate it ({e}); paiban's own formula is used",
                    press.name
                )),
            }
        }
        self.separation = Separation::Formula;
        rgb_to_cmyk(rgb, INK_LIMIT)
    }
}

/// What to give instead of a file that cannot be used.
const ACCEPTED: &str = "give photos and art as JPEG (baseline or progressive), PNG, or TIFF (uncompressed, LZW or ZIP; 8- or 16-bit grey, RGB or CMYK), preferably CMYK or greyscale";

/// Decodes a PNG or TIFF file's bytes.
fn decode_art(format: ImageFormat, data: &[u8]) -> Result<art::Decoded, String> {
    match format {
        ImageFormat::Png => art::decode_png(data),
        ImageFormat::Tiff => art::decode_tiff(data),
        ImageFormat::Jpeg => Err("a JPEG is not decoded as art".into()),
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
    /// Decodes the JPEG to ink-positive samples (RGB photos come back converted to CMYK).
    pub fn decode(&self) -> Result<Raster, String> {
        if let Some(r) = &self.converted {
            return Ok(r.clone());
        }
        let channels = match self.color {
            ColorModel::Gray => 1,
            ColorModel::Rgb | ColorModel::Cmyk => 4,
        };
        let mut data = self.decode_samples(self.color)?;
        if self.color == ColorModel::Rgb {
            data = rgb_to_cmyk(&data, INK_LIMIT);
        }
        Ok(Raster {
            width: self.width,
            height: self.height,
            channels,
            data,
        })
    }

    /// The file's samples in `model` (CMYK ink-positive), checked for size. A PNG or TIFF
    /// gives its own model, or grey (Rec. 601 luma) from RGB.
    fn decode_samples(&self, model: ColorModel) -> Result<Vec<u8>, String> {
        if self.format != ImageFormat::Jpeg {
            let d = decode_art(self.format, &self.data)
                .map_err(|e| format!("{}: {e}", self.path.display()))?;
            return match (d.model, model) {
                (a, b) if a == b => Ok(d.samples),
                (ColorModel::Rgb, ColorModel::Gray) => Ok(d
                    .samples
                    .chunks_exact(3)
                    .map(|p| {
                        round_byte(0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32)
                    })
                    .collect()),
                _ => Err(format!(
                    "{}: its samples cannot be read as {model:?}",
                    self.path.display()
                )),
            };
        }
        use zune_core::bytestream::ZCursor;
        use zune_core::colorspace::ColorSpace;
        use zune_core::options::DecoderOptions;
        let (out, channels) = match model {
            ColorModel::Gray => (ColorSpace::Luma, 1),
            ColorModel::Rgb => (ColorSpace::RGB, 3),
            ColorModel::Cmyk => (ColorSpace::CMYK, 4),
        };
        let options = DecoderOptions::default().jpeg_set_out_colorspace(out);
        let mut decoder =
            zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(&self.data), options);
        let mut data = decoder
            .decode()
            .map_err(|e| format!("{}: cannot decode the JPEG: {e:?}", self.path.display()))?;
        if model == ColorModel::Cmyk && self.inverted {
            for v in &mut data {
                *v = 255 - *v;
            }
        }
        if data.len() != self.width as usize * self.height as usize * channels {
            return Err(format!(
                "{}: the JPEG decoded to an unexpected size",
                self.path.display()
            ));
        }
        Ok(data)
    }

    /// How much ink the photo puts down, for preflight. A CMYK or grey JPEG is decoded at
    /// an eighth of its size each way (the DCT scaled: each 8 × 8 block gives its mean), which
    /// costs a fraction of a full decode; the figures are those of the photo seen at that
    /// scale, so a few points under the full-size ones where single pixels peak. Other
    /// photos (RGB, separated when read; PNG, TIFF; a JPEG in YCCK) are measured at full size.
    pub fn ink_coverage(&self) -> Result<InkCoverage, String> {
        let reduced = self.format == ImageFormat::Jpeg
            && self.converted.is_none()
            && match self.color {
                ColorModel::Gray => true,
                ColorModel::Cmyk => !ycck(&self.data),
                ColorModel::Rgb => false,
            };
        if !reduced {
            // Samples already decoded are measured where they are, not copied first.
            return match &self.converted {
                Some(r) => Ok(r.ink()),
                None => self.decode().map(|r| r.ink()),
            };
        }
        // The usual press photo is read from its block means alone; any other JPEG goes
        // through the general decoder, which gives the same samples.
        let (w, h, mut data) = match block_means::block_means(&self.data) {
            Some(read) => read,
            None => self.scaled_decode()?,
        };
        let channels = if self.color == ColorModel::Gray { 1 } else { 4 };
        if data.len() != w as usize * h as usize * channels {
            return Err(format!(
                "{}: the JPEG decoded to an unexpected size",
                self.path.display()
            ));
        }
        // This decoder gives CMYK samples complemented (255 − stored); stored samples are
        // ink-positive unless the file is marked inverted (Adobe).
        if channels == 4 && !self.inverted {
            for v in &mut data {
                *v = 255 - *v;
            }
        }
        let raster = Raster {
            width: w as u32,
            height: h as u32,
            channels: channels as u8,
            data,
        };
        Ok(raster.ink())
    }

    /// The JPEG decoded by `jpeg-decoder` at an eighth of its size: width, height, samples.
    fn scaled_decode(&self) -> Result<(u16, u16, Vec<u8>), String> {
        let mut decoder = jpeg_decoder::Decoder::new(self.data.as_slice());
        let want = |side: u32| (side.div_ceil(INK_SCALE)).clamp(1, u16::MAX as u32) as u16;
        let (w, h) = decoder
            .scale(want(self.width), want(self.height))
            .map_err(|e| format!("{}: cannot decode the JPEG: {e}", self.path.display()))?;
        let data = decoder
            .decode()
            .map_err(|e| format!("{}: cannot decode the JPEG: {e}", self.path.display()))?;
        Ok((w, h, data))
    }

    /// The photo in black ink only, for a black-only page (黑白版): its lightness as grey,
    /// which the press prints on the K plate. `None` for a photo that is greyscale already.
    ///
    /// A production desk converts a colour photo for a black page rather than send it back:
    /// the picture is wanted, only its colour cannot print. Lightness is Rec. 601 luma — what
    /// the JPEG's own Y channel holds for an RGB photo — and, for CMYK, the luma of the
    /// colour the inks make on white paper.
    pub fn to_grey(&self) -> Option<Result<Image, String>> {
        let grey = match (self.color, self.separation) {
            (ColorModel::Gray, _) | (_, Separation::Grey(_)) => return None,
            (ColorModel::Rgb, _) => self.decode_samples(ColorModel::Gray),
            (ColorModel::Cmyk, _) => self
                .decode_samples(ColorModel::Cmyk)
                .map(|cmyk| cmyk_to_grey(&cmyk)),
        };
        Some(grey.map(|data| Image {
            path: self.path.clone(),
            format: self.format,
            data: Vec::new(),
            width: self.width,
            height: self.height,
            color: ColorModel::Gray,
            inverted: false,
            converted: Some(Raster {
                width: self.width,
                height: self.height,
                channels: 1,
                data,
            }),
            separation: Separation::Grey(self.color),
            source_profile: None,
            notes: Vec::new(),
            deflated: Default::default(),
        }))
    }
}

/// How much smaller each way a JPEG is decoded for its ink coverage: 8, the DCT's own
/// block, so that only each block's mean is worked out.
const INK_SCALE: u32 = 8;

/// Whether a JPEG's Adobe marker says its four components are YCCK (transform 2), which the
/// reduced decode for ink coverage does not read as CMYK.
fn ycck(data: &[u8]) -> bool {
    let mut i = 2usize;
    while i + 4 <= data.len() && data[i] == 0xFF {
        let marker = data[i + 1];
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        let len = u16::from_be_bytes([data[i + 2], data[i + 3]]) as usize;
        let Some(seg) = data.get(i + 4..i + 2 + len) else {
            break;
        };
        if marker == 0xEE && seg.starts_with(b"Adobe") && seg.len() >= 12 {
            return seg[11] == 2;
        }
        i += 2 + len;
    }
    false
}

/// The lightness of ink-positive CMYK samples as grey (0 black, 255 white): the colour the
/// inks make on white paper, multiplied out simply, weighed as Rec. 601 luma.
fn cmyk_to_grey(cmyk: &[u8]) -> Vec<u8> {
    cmyk.chunks_exact(4)
        .map(|px| {
            let white = 1.0 - px[3] as f32 / 255.0;
            let [r, g, b] = [px[0], px[1], px[2]].map(|v| (1.0 - v as f32 / 255.0) * white);
            round_byte((0.299 * r + 0.587 * g + 0.114 * b) * 255.0)
        })
        .collect()
}

/// The house's total ink limit for newsprint, in percent.
pub const INK_LIMIT: f32 = 240.0;

impl Raster {
    /// Total ink coverage (grey counts as K).
    pub fn ink(&self) -> InkCoverage {
        let mut hist = [0u32; 4 * 255 + 1];
        match self.channels {
            4 => {
                // Fixed-size pixels: the sum and the count need no bounds checks. Flat art
                // repeats a pixel: four of the last one are counted with one comparison.
                let sum =
                    |px: &[u8; 4]| (px.iter().map(|v| *v as usize).sum::<usize>()).min(4 * 255);
                let (groups, rest) = self.data.as_chunks::<16>();
                let mut run = ([0u8; 16], 0usize);
                for g in groups {
                    if *g == run.0 {
                        hist[run.1] += 4;
                        continue;
                    }
                    let pixels = g.as_chunks::<4>().0;
                    for px in pixels {
                        hist[sum(px)] += 1;
                    }
                    let last = pixels[3];
                    run = (four_of(last), sum(&last));
                }
                for px in rest.as_chunks::<4>().0 {
                    hist[sum(px)] += 1;
                }
            }
            _ => {
                let mut grey = [0u32; 256];
                for v in &self.data {
                    grey[*v as usize] += 1;
                }
                for (v, n) in grey.iter().enumerate() {
                    hist[255 - v] += n;
                }
            }
        }
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
///
/// Art such as a chart is a few flat colours over a million pixels, and neighbouring pixels
/// of a photo often repeat: each colour's separation is kept in a small table by colour, so
/// a repeated colour costs a lookup instead of the arithmetic (the result is the same).
pub fn rgb_to_cmyk(rgb: &[u8], limit: f32) -> Vec<u8> {
    let (pixels, _) = rgb.as_chunks::<3>();
    let mut out = vec![0u8; pixels.len() * 4];
    let mut sep = Separations::new(limit / 100.0);
    // Flat art repeats one colour pixel after pixel: four pixels of the last colour are
    // told by one comparison and written by one copy.
    let (groups, rest) = pixels.as_chunks::<4>();
    let (out_groups, out_rest) = out.as_chunks_mut::<16>();
    let mut run = ([sep.last_px; 4], four_of(sep.last));
    for (o, g) in out_groups.iter_mut().zip(groups) {
        if *g == run.0 {
            *o = run.1;
            continue;
        }
        for (o, px) in o.as_chunks_mut::<4>().0.iter_mut().zip(g) {
            *o = sep.of(*px);
        }
        run = ([sep.last_px; 4], four_of(sep.last));
    }
    for (o, px) in out_rest.as_chunks_mut::<4>().0.iter_mut().zip(rest) {
        *o = sep.of(*px);
    }
    out
}

/// Four copies of one pixel's samples, one after the other.
fn four_of(px: [u8; 4]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for o in out.as_chunks_mut::<4>().0 {
        *o = px;
    }
    out
}

/// The colours [`rgb_to_cmyk`] has separated: each colour's separation is kept in a small
/// table by colour, and the last one at hand.
struct Separations {
    /// The ink limit as a fraction.
    cap: f32,
    /// Keys are 24-bit colours; u32::MAX marks an empty slot.
    keys: Vec<u32>,
    /// The separation of the colour in the same slot of `keys`.
    values: Vec<[u8; 4]>,
    /// The last colour asked for.
    last_px: [u8; 3],
    /// Its separation.
    last: [u8; 4],
}

impl Separations {
    /// Slots of the table of colours already separated (a power of two).
    const SLOTS: usize = 1 << 12;

    /// An empty table for the ink limit `cap` (a fraction).
    fn new(cap: f32) -> Separations {
        Separations {
            cap,
            keys: vec![u32::MAX; Self::SLOTS],
            values: vec![[0u8; 4]; Self::SLOTS],
            last_px: [0; 3],
            last: separate_colour([0; 3], cap),
        }
    }

    /// The separation of `px`, worked out once per colour (the result is the same).
    #[inline]
    fn of(&mut self, px: [u8; 3]) -> [u8; 4] {
        if px != self.last_px {
            let key = u32::from(px[0]) << 16 | u32::from(px[1]) << 8 | u32::from(px[2]);
            let slot = (key.wrapping_mul(0x9E37_79B1) >> 20) as usize & (Self::SLOTS - 1);
            if self.keys[slot] != key {
                self.keys[slot] = key;
                self.values[slot] = separate_colour(px, self.cap);
            }
            (self.last_px, self.last) = (px, self.values[slot]);
        }
        self.last
    }
}

/// One colour's separation for [`rgb_to_cmyk`]; `cap` is the ink limit as a fraction.
fn separate_colour(px: [u8; 3], cap: f32) -> [u8; 4] {
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
    [c, m, y, k].map(to_byte)
}

/// `(v.clamp(0.0, 1.0) * 255.0).round() as u8`, exactly (see [`round_byte`]).
fn to_byte(v: f32) -> u8 {
    round_byte(v.clamp(0.0, 1.0) * 255.0)
}

/// `x.round() as u8`, exactly, for every float, without the call to `roundf` the target's
/// baseline instructions need (four of them were half of a photo's separation): the
/// fraction left by truncating a non-negative float under 256 is exact, and a half rounds
/// up, away from zero, as `round` does. What is under 0 or over 255 saturates as `as u8`
/// does; NaN gives 0 both ways.
fn round_byte(x: f32) -> u8 {
    let x = x.clamp(0.0, 255.0);
    let whole = x as u32;
    (whole + u32::from(x - whole as f32 >= 0.5)) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Samples with runs of one value and noise between them, as flat art and photos have.
    fn samples(n: usize, channels: usize) -> Vec<u8> {
        let mut seed = 0x2545_F491u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        let mut out = Vec::with_capacity(n * channels);
        while out.len() < n * channels {
            let px: Vec<u8> = (0..channels).map(|_| next() as u8).collect();
            for _ in 0..next() % 11 {
                out.extend_from_slice(&px);
            }
        }
        out.truncate(n * channels);
        out
    }

    #[test]
    fn samples_round_as_round_does() {
        // Every one of the 2³² floats was checked once; a spread of them here, and the odd
        // ones.
        let mut bits = 0u32;
        while let Some(next) = bits.checked_add(4099) {
            let x = f32::from_bits(bits);
            assert_eq!(round_byte(x), x.round() as u8, "{x}");
            bits = next;
        }
        let round = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        let mut bits = 0u32;
        while bits <= 1.0f32.to_bits() {
            let v = f32::from_bits(bits);
            assert_eq!(to_byte(v), round(v), "{v}");
            bits += 97;
        }
        let halves = (0..=255).map(|n| (n as f32 + 0.5) / 255.0);
        let odd = [
            f32::NAN,
            -0.0,
            -1.0,
            2.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            1.0,
        ];
        for v in halves.chain(odd) {
            for v in [
                v,
                f32::from_bits(v.to_bits().saturating_sub(1)),
                f32::from_bits(v.to_bits() + 1),
            ] {
                assert_eq!(to_byte(v), round(v), "{v}");
            }
        }
    }

    #[test]
    fn separation_and_coverage_are_those_of_each_pixel_alone() {
        for n in [0, 1, 3, 4, 5, 17, 1000] {
            let rgb = samples(n, 3);
            let cmyk = rgb_to_cmyk(&rgb, INK_LIMIT);
            let each: Vec<u8> = rgb
                .chunks_exact(3)
                .flat_map(|p| separate_colour([p[0], p[1], p[2]], INK_LIMIT / 100.0))
                .collect();
            assert_eq!(cmyk, each);
            let raster = |channels: u8, data: Vec<u8>| Raster {
                width: 1,
                height: 1,
                channels,
                data,
            };
            for (channels, data) in [(4, samples(n, 4)), (4, cmyk), (1, samples(n, 1))] {
                let mut hist = vec![0u64; 4 * 255 + 1];
                for px in data.chunks_exact(channels as usize) {
                    let ink: usize = px.iter().map(|v| *v as usize).sum();
                    hist[if channels == 4 { ink } else { 255 - ink }] += 1;
                }
                let total: u64 = hist.iter().sum();
                let pct = |i: usize| i as f32 * 100.0 / 255.0;
                let max = hist.iter().rposition(|h| *h > 0).map_or(0.0, pct);
                let mut seen = 0;
                let p995 = hist
                    .iter()
                    .position(|h| {
                        seen += h;
                        seen * 1000 >= total * 995
                    })
                    .map_or(0.0, pct);
                let ink = raster(channels, data).ink();
                assert_eq!((ink.max, ink.p995), (max, p995));
            }
        }
    }

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
    fn ink_coverage_from_the_reduced_decode_is_near_the_full_size_figures() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/zhuzhou-daily-2023-07-20/images");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
            .collect();
        names.sort();
        for path in names {
            let img = Image::load(&path).unwrap();
            let full = img.decode().unwrap().ink();
            let reduced = img.ink_coverage().unwrap();
            eprintln!("{}: full {full:?}, reduced {reduced:?}", path.display());
            // Block means cannot exceed the pixels' peak, and stay within a few points of
            // the full-size figures.
            assert!(reduced.max <= full.max + 1.0, "{}", path.display());
            assert!(
                (reduced.p995 - full.p995).abs() <= 8.0,
                "{}",
                path.display()
            );
            assert!(full.max - reduced.max <= 25.0, "{}", path.display());
        }
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
        assert_eq!(cmyk.data.len(), 64 * 48 * 4);
        let grey = Image::load(&dir.join("grey-photo.jpg")).unwrap();
        assert_eq!(grey.color, ColorModel::Gray);
        assert!(grey.converted.is_none());
        assert_eq!(grey.decode().unwrap().data.len(), 64 * 48);
    }

    #[test]
    fn photos_for_black_pages_are_their_lightness_in_grey() {
        // Paper white, full black, full cyan (luma of 0 % red), half black.
        assert_eq!(
            cmyk_to_grey(&[0, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 128]),
            vec![255, 0, 179, 127]
        );
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let rgb = Image::load(&dir.join("rgb-photo.jpg")).unwrap();
        let grey = rgb.to_grey().expect("an RGB photo is made grey").unwrap();
        assert_eq!(grey.separation, Separation::Grey(ColorModel::Rgb));
        assert_eq!(grey.color, ColorModel::Gray);
        let samples = grey.decode().unwrap();
        assert_eq!(samples.channels, 1);
        // The grey is the luma of the photo's colours (the JPEG's own Y channel, so within
        // the rounding of its decoded RGB).
        let pixels = rgb.decode_samples(ColorModel::Rgb).unwrap();
        for (px, g) in pixels.chunks_exact(3).zip(&samples.data) {
            let luma = 0.299 * px[0] as f32 + 0.587 * px[1] as f32 + 0.114 * px[2] as f32;
            assert!((luma - *g as f32).abs() <= 2.5, "{px:?} → {g}");
        }
        assert!(grey.to_grey().is_none());
        assert!(
            Image::load(&dir.join("grey-photo.jpg"))
                .unwrap()
                .to_grey()
                .is_none()
        );
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
