//! Placed art: PNG and TIFF files decoded to 8-bit samples, any transparency flattened onto
//! the paper white (PDF/X-1a has no transparency), or refused with the reason where that
//! cannot be done faithfully.

use std::io::Cursor;

use super::ColorModel;
use crate::input::{MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE};

/// The samples of a PNG or TIFF file, 8 bits each, opaque: grey 0 = black and 255 = white
/// (as DeviceGray), RGB as stored, CMYK ink-positive (0 = no ink).
pub(crate) struct Decoded {
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// The colour model of `samples`.
    pub model: ColorModel,
    /// Samples, row by row, interleaved.
    pub samples: Vec<u8>,
    /// The ICC profile the file embeds (PNG `iCCP`, TIFF tag 34675).
    pub icc: Option<Vec<u8>>,
    /// Whether some pixels were not opaque and were flattened onto the paper white.
    pub flattened: bool,
}

/// How stored alpha relates to the colour samples beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Alpha {
    /// Colours as they are, alpha beside them (PNG, TIFF ExtraSamples = 2).
    Straight,
    /// Colours already multiplied by alpha (TIFF ExtraSamples = 1).
    Premultiplied,
}

/// The size a header claims, refused when it is absurd — before anything is allocated.
fn check_size(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("its size is zero".into());
    }
    if width > MAX_PHOTO_SIDE
        || height > MAX_PHOTO_SIDE
        || u64::from(width) * u64::from(height) > MAX_PHOTO_PIXELS
    {
        return Err(format!(
            "its header claims {width} × {height} pixels, more than the {} million pixels a photo may have",
            MAX_PHOTO_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// Decodes a PNG file: palettes and low bit depths expanded, 16-bit samples reduced to 8 (what
/// the plate can hold), alpha flattened onto white.
pub(crate) fn decode_png(data: &[u8]) -> Result<Decoded, String> {
    let cut = |e: png::DecodingError| match e {
        png::DecodingError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file is cut short (copy the file again)".to_string()
        }
        png::DecodingError::LimitsExceeded => "it is too large to decode".to_string(),
        e => format!("it cannot be decoded: {e}"),
    };
    // 16-bit RGBA of the largest photo allowed, the most a decoder may need.
    let limits = png::Limits {
        bytes: (MAX_PHOTO_PIXELS * 8) as usize,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(data), limits);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(cut)?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(width, height)?;
    let icc = reader.info().icc_profile.as_ref().map(|p| p.to_vec());
    let (color, depth) = reader.output_color_type();
    if depth != png::BitDepth::Eight {
        return Err(format!("its samples come out {depth:?}-bit, not 8-bit"));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "it is too large to decode".to_string())?;
    let mut buf = vec![0u8; size];
    let frame = reader.next_frame(&mut buf).map_err(cut)?;
    // The end of the file must be there too: a file cut short in transfer is copied again.
    reader.finish().map_err(cut)?;
    buf.truncate(frame.buffer_size());
    let (model, alpha) = match color {
        png::ColorType::Grayscale => (ColorModel::Gray, false),
        png::ColorType::GrayscaleAlpha => (ColorModel::Gray, true),
        png::ColorType::Rgb => (ColorModel::Rgb, false),
        png::ColorType::Rgba => (ColorModel::Rgb, true),
        png::ColorType::Indexed => return Err("its palette could not be expanded".into()),
    };
    let rows = pack_rows(buf, frame.line_size, width, height, channels(model, alpha))?;
    let (samples, flattened) = if alpha {
        flatten(&rows, model, Alpha::Straight)
    } else {
        (rows, false)
    };
    Ok(Decoded {
        width,
        height,
        model,
        samples,
        icc,
        flattened,
    })
}

/// The samples a pixel has in `model`, with one for alpha.
fn channels(model: ColorModel, alpha: bool) -> usize {
    let n = match model {
        ColorModel::Gray => 1,
        ColorModel::Rgb => 3,
        ColorModel::Cmyk => 4,
    };
    n + usize::from(alpha)
}

/// Rows of `line` bytes made into rows of exactly `width × channels` bytes.
fn pack_rows(
    buf: Vec<u8>,
    line: usize,
    width: u32,
    height: u32,
    channels: usize,
) -> Result<Vec<u8>, String> {
    let row = width as usize * channels;
    if line == row && buf.len() == row * height as usize {
        return Ok(buf);
    }
    if line < row || buf.len() < line * height as usize {
        return Err("it decoded to an unexpected size".into());
    }
    Ok(buf
        .chunks(line)
        .take(height as usize)
        .flat_map(|r| &r[..row])
        .copied()
        .collect())
}

/// Flattens pixels of `model` with a trailing alpha sample onto the paper white: for grey and
/// RGB white is 255, for ink-positive CMYK it is no ink.
fn flatten(px: &[u8], model: ColorModel, alpha: Alpha) -> (Vec<u8>, bool) {
    match model {
        ColorModel::Gray => flatten_n::<1, 2>(px, model, alpha),
        ColorModel::Rgb => flatten_n::<3, 4>(px, model, alpha),
        ColorModel::Cmyk => flatten_n::<4, 5>(px, model, alpha),
    }
}

/// [`flatten`] for `N` colour samples a pixel (`P` = `N` + 1 with the alpha): fixed-size
/// pixels, so the loop over a million of them copies without bounds checks or pushes.
fn flatten_n<const N: usize, const P: usize>(
    px: &[u8],
    model: ColorModel,
    alpha: Alpha,
) -> (Vec<u8>, bool) {
    debug_assert_eq!(N + 1, P);
    let pixels = px.as_chunks::<P>().0;
    let mut out = vec![0u8; pixels.len() * N];
    let outs = out.as_chunks_mut::<N>().0;
    let mut flattened = false;
    let paper = paper(model, alpha);
    // Four opaque pixels in a row (most of any art) are told by one test and copied at once;
    // four clear ones (the background of a chart or a cut-out) are the paper at once.
    let (groups, rest) = pixels.as_chunks::<4>();
    let (out_groups, out_rest) = outs.as_chunks_mut::<4>();
    for (o, g) in out_groups.iter_mut().zip(groups) {
        if g.iter().all(|p| p[N] == 255) {
            for (o, p) in o.iter_mut().zip(g) {
                o.copy_from_slice(&p[..N]);
            }
        } else if let Some(white) = paper
            && g.iter().all(|p| p[N] == 0)
        {
            *o = [[white; N]; 4];
            flattened = true;
        } else {
            for (o, p) in o.iter_mut().zip(g) {
                flattened |= flatten_pixel(o, p, model, alpha);
            }
        }
    }
    for (o, p) in out_rest.iter_mut().zip(rest) {
        flattened |= flatten_pixel(o, p, model, alpha);
    }
    (out, flattened)
}

/// The sample a fully clear pixel comes out as (the paper: white, or no ink), or `None` for
/// premultiplied CMYK, whose samples are the ink as they stand (the formulas with a = 0).
fn paper(model: ColorModel, alpha: Alpha) -> Option<u8> {
    match (model, alpha) {
        (ColorModel::Cmyk, Alpha::Straight) => Some(0),
        (ColorModel::Cmyk, Alpha::Premultiplied) => None,
        _ => Some(255),
    }
}

/// One pixel of [`flatten_n`] into `o`; whether it was not opaque.
#[inline]
fn flatten_pixel<const N: usize, const P: usize>(
    o: &mut [u8; N],
    p: &[u8; P],
    model: ColorModel,
    alpha: Alpha,
) -> bool {
    let a = u32::from(p[N]);
    // Opaque pixels come out as they are under every formula below.
    if a == 255 {
        o.copy_from_slice(&p[..N]);
        return false;
    }
    if let (0, Some(white)) = (a, paper(model, alpha)) {
        *o = [white; N];
        return true;
    }
    for (o, &v) in o.iter_mut().zip(&p[..N]) {
        let v = u32::from(v);
        let flat = match (model, alpha) {
            (ColorModel::Cmyk, Alpha::Straight) => (v * a + 127) / 255,
            (ColorModel::Cmyk, Alpha::Premultiplied) => v,
            (_, Alpha::Straight) => (v * a + 255 * (255 - a) + 127) / 255,
            (_, Alpha::Premultiplied) => v + (255 - a),
        };
        *o = flat.min(255) as u8;
    }
    true
}

/// Decodes a TIFF file: its first image, 1-bit, 8-bit or 16-bit (reduced to 8) grey, RGB or
/// CMYK, chunky, uncompressed or LZW-, Deflate- or PackBits-compressed, with at most an alpha
/// channel besides (flattened onto white).
pub(crate) fn decode_tiff(data: &[u8]) -> Result<Decoded, String> {
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    use tiff::tags::Tag;
    let mut decoder = Decoder::new(Cursor::new(data)).map_err(tiff_error)?;
    let (width, height) = decoder.dimensions().map_err(tiff_error)?;
    check_size(width, height)?;
    let tag = |d: &mut TiffDecoder, t: Tag| -> Result<Option<u32>, String> {
        d.find_tag_unsigned::<u32>(t).map_err(tiff_error)
    };
    let model = tiff_colour(&mut decoder)?;
    let (samples, alpha, bits) = tiff_samples(&mut decoder, model)?;
    let line_art = bits == 1 && model == ColorModel::Gray && alpha.is_none();
    if !(matches!(bits, 8 | 16) || line_art) {
        return Err(format!(
            "it has {bits}-bit samples; give 8-bit or 16-bit samples (or 1-bit line art in greyscale)"
        ));
    }
    // How the stored rows are to be turned to stand upright (scanners and cameras write it).
    let orientation = tag(&mut decoder, Tag::Orientation)?.unwrap_or(1);
    if !(1..=8).contains(&orientation) {
        return Err(format!(
            "its orientation tag holds {orientation}, which is none of 1–8"
        ));
    }
    let icc = decoder
        .find_tag(Tag::IccProfile)
        .map_err(tiff_error)?
        .and_then(|v| v.into_u8_vec().ok());
    // The whole image at its stored depth: the size is checked above, so this is bounded.
    let mut limits = Limits::default();
    limits.decoding_buffer_size =
        width as usize * height as usize * samples * (bits as usize).div_ceil(8) + (1 << 20);
    limits.ifd_value_size = 16 << 20;
    let mut decoder = decoder.with_limits(limits);
    let raw = match decoder.read_image().map_err(tiff_error)? {
        DecodingResult::U8(v) if bits == 1 => unpack_bits(&v, width, height)?,
        DecodingResult::U8(v) => v,
        // Rounded to the nearest 8-bit step, which is what the plate can hold.
        DecodingResult::U16(v) => v
            .iter()
            .map(|s| ((u32::from(*s) * 255 + 32767) / 65535) as u8)
            .collect(),
        _ => return Err("its samples are of a kind paiban does not read".into()),
    };
    if raw.len() != width as usize * height as usize * samples {
        return Err("it decoded to an unexpected size".into());
    }
    let (samples, flattened) = match alpha {
        Some(a) => flatten(&raw, model, a),
        None => (raw, false),
    };
    let (samples, width, height) = match orientation {
        1 => (samples, width, height),
        o => orient(&samples, width, height, channels(model, false), o),
    };
    Ok(Decoded {
        width,
        height,
        model,
        samples,
        icc,
        flattened,
    })
}

/// A TIFF decoder reading from memory.
type TiffDecoder<'a> = tiff::decoder::Decoder<Cursor<&'a [u8]>>;

/// What went wrong in a TIFF, in the desk's words.
fn tiff_error(e: tiff::TiffError) -> String {
    match e {
        tiff::TiffError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file is cut short (copy the file again)".to_string()
        }
        e => format!("it cannot be decoded: {e}"),
    }
}

/// A TIFF's colour model, refusing compressions, layouts and models a plate cannot take
/// faithfully.
fn tiff_colour(decoder: &mut TiffDecoder) -> Result<ColorModel, String> {
    use tiff::tags::Tag;
    let tag = |d: &mut TiffDecoder, t: Tag| -> Result<Option<u32>, String> {
        d.find_tag_unsigned::<u32>(t).map_err(tiff_error)
    };
    let compression = tag(decoder, Tag::Compression)?.unwrap_or(1);
    let method = match compression {
        1 | 5 | 8 | 32946 | 32773 => None,
        2..=4 => Some("CCITT fax"),
        6 | 7 => Some("JPEG"),
        34712 => Some("JPEG 2000"),
        50000 => Some("Zstandard"),
        _ => Some("an unknown method"),
    };
    if let Some(m) = method {
        return Err(format!(
            "it is compressed with {m} (code {compression}); save it uncompressed or with LZW or ZIP compression, or give a JPEG"
        ));
    }
    if tag(decoder, Tag::PlanarConfiguration)? == Some(2) {
        return Err(
            "its channels are stored in separate planes; save it with interleaved (chunky) pixels"
                .into(),
        );
    }
    let photometric = tag(decoder, Tag::PhotometricInterpretation)?.ok_or_else(|| {
        "it does not say what its samples are (no PhotometricInterpretation)".to_string()
    })?;
    let model = match photometric {
        0 | 1 => ColorModel::Gray,
        2 => ColorModel::Rgb,
        5 => {
            // InkSet 2 is "not CMYK": inks of the file's own that no plate here matches.
            if tag(decoder, Tag::Unknown(332))?.is_some_and(|s| s != 1) {
                return Err(
                    "its inks are not CMYK (InkSet); give a CMYK, RGB or greyscale file".into(),
                );
            }
            ColorModel::Cmyk
        }
        3 => {
            return Err(
                "it is a palette (indexed-colour) TIFF; save it as RGB, CMYK or greyscale".into(),
            );
        }
        6 => return Err("it is a YCbCr TIFF; save it as RGB, CMYK or greyscale".into()),
        8..=10 => return Err("it is a CIELAB TIFF; save it as CMYK or RGB".into()),
        n => {
            return Err(format!(
                "its colour model (PhotometricInterpretation {n}) is not one for print"
            ));
        }
    };
    Ok(model)
}

/// A TIFF's samples a pixel, its transparency and its bit depth, refusing extra channels
/// that are not transparency and samples that are not unsigned integers of one depth.
fn tiff_samples(
    decoder: &mut TiffDecoder,
    model: ColorModel,
) -> Result<(usize, Option<Alpha>, u32), String> {
    use tiff::tags::Tag;
    let samples = decoder
        .find_tag_unsigned::<u32>(Tag::SamplesPerPixel)
        .map_err(tiff_error)?
        .unwrap_or(1) as usize;
    let mut extra: Vec<u16> = decoder
        .find_tag_unsigned_vec::<u16>(Tag::ExtraSamples)
        .map_err(tiff_error)?
        .unwrap_or_default();
    let base = channels(model, false);
    if samples < base + extra.len() {
        return Err(format!(
            "it has {samples} samples a pixel, fewer than its colour model and extra channels need"
        ));
    }
    // Channels beyond the colour model that ExtraSamples does not describe are unspecified.
    extra.resize(samples - base, 0);
    let alpha = match extra.as_slice() {
        [] => None,
        [1] => Some(Alpha::Premultiplied),
        [2] => Some(Alpha::Straight),
        _ => {
            let n = extra.len();
            return Err(format!(
                "it has {n} extra channel{} beside its colour that {} not transparency (spot colours or masks), which a PDF/X-1a plate cannot carry; merge or delete them and save it again",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
            ));
        }
    };
    // Every sample alike: unsigned integers of one depth.
    let uniform = |v: Option<Vec<u32>>, default: u32| -> Result<u32, String> {
        let v = v.unwrap_or_else(|| vec![default]);
        match v.split_first() {
            Some((first, rest)) if rest.iter().all(|x| x == first) => Ok(*first),
            _ => Err(
                "its channels have samples of different kinds; save it again with one bit depth"
                    .into(),
            ),
        }
    };
    let sample_format = uniform(
        decoder
            .find_tag_unsigned_vec::<u32>(Tag::SampleFormat)
            .map_err(tiff_error)?,
        1,
    )?;
    if sample_format != 1 {
        return Err(
            "its samples are floating-point or signed; save it with 8-bit or 16-bit unsigned samples"
                .into(),
        );
    }
    let bits = uniform(
        decoder
            .find_tag_unsigned_vec::<u32>(Tag::BitsPerSample)
            .map_err(tiff_error)?,
        1,
    )?;
    Ok((samples, alpha, bits))
}

/// Pixels of `n` samples stored as TIFF `orientation` (2–8) says, turned upright: the
/// picture as the file means it to be seen, with its width and height.
fn orient(px: &[u8], width: u32, height: u32, n: usize, orientation: u32) -> (Vec<u8>, u32, u32) {
    let (w, h) = (width as usize, height as usize);
    let turned = orientation >= 5;
    let (ow, oh) = if turned { (h, w) } else { (w, h) };
    let mut out = Vec::with_capacity(px.len());
    for y in 0..oh {
        for x in 0..ow {
            // The stored column and row that show at (x, y).
            let (col, row) = match orientation {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                8 => (w - 1 - y, x),
                _ => (x, y),
            };
            let at = (row * w + col) * n;
            out.extend_from_slice(&px[at..at + n]);
        }
    }
    (out, ow as u32, oh as u32)
}

/// 1-bit grey rows (each padded to a whole byte, 1 = white once the decoder has applied
/// WhiteIsZero) as 8-bit grey.
fn unpack_bits(packed: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let row = (width as usize).div_ceil(8);
    if packed.len() < row * height as usize {
        return Err("it decoded to an unexpected size".into());
    }
    let mut out = Vec::with_capacity(width as usize * height as usize);
    for r in packed.chunks(row).take(height as usize) {
        out.extend((0..width as usize).map(|x| {
            if r[x / 8] & (0x80 >> (x % 8)) != 0 {
                255
            } else {
                0
            }
        }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattening_in_fours_is_flattening_each_pixel() {
        // Each pixel flattened alone, by the formulas of `flatten_pixel`, against the whole.
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        };
        for model in [ColorModel::Gray, ColorModel::Rgb, ColorModel::Cmyk] {
            for alpha in [Alpha::Straight, Alpha::Premultiplied] {
                let n = channels(model, false);
                for pixels in [0, 1, 4, 7, 64, 301] {
                    // Runs of six clear, partly clear and opaque pixels, across the fours.
                    let px: Vec<u8> = (0..pixels * (n + 1))
                        .map(|i| match (i % (n + 1) == n, i / (n + 1) / 6 % 4) {
                            (true, 0) => 0,
                            (true, 1) => next(),
                            (true, _) => 255,
                            (false, _) => next(),
                        })
                        .collect();
                    let mut each = Vec::new();
                    let mut any = false;
                    for p in px.chunks_exact(n + 1) {
                        let a = u32::from(p[n]);
                        any |= a != 255;
                        each.extend(p[..n].iter().map(|&v| {
                            let v = u32::from(v);
                            let flat = match (model, alpha) {
                                _ if a == 255 => v,
                                (ColorModel::Cmyk, Alpha::Straight) => (v * a + 127) / 255,
                                (ColorModel::Cmyk, Alpha::Premultiplied) => v,
                                (_, Alpha::Straight) => (v * a + 255 * (255 - a) + 127) / 255,
                                (_, Alpha::Premultiplied) => v + (255 - a),
                            };
                            flat.min(255) as u8
                        }));
                    }
                    assert_eq!(flatten(&px, model, alpha), (each, any));
                }
            }
        }
    }

    #[test]
    fn transparency_goes_onto_paper_white() {
        // Half-transparent red, clear, opaque black.
        let (rgb, flat) = flatten(
            &[255, 0, 0, 128, 9, 9, 9, 0, 0, 0, 0, 255],
            ColorModel::Rgb,
            Alpha::Straight,
        );
        assert!(flat);
        assert_eq!(rgb, vec![255, 127, 127, 255, 255, 255, 0, 0, 0]);
        // Half-transparent full cyan is half cyan; premultiplied samples are the ink already.
        let (cmyk, _) = flatten(&[255, 0, 0, 0, 128], ColorModel::Cmyk, Alpha::Straight);
        assert_eq!(cmyk, vec![128, 0, 0, 0]);
        let (grey, _) = flatten(&[64, 128], ColorModel::Gray, Alpha::Premultiplied);
        assert_eq!(grey, vec![191]);
        let (_, flat) = flatten(&[7, 255], ColorModel::Gray, Alpha::Straight);
        assert!(!flat);
    }

    #[test]
    fn stored_rows_are_turned_upright() {
        // Stored 3 × 2:  a b c / d e f.
        let px = b"abcdef";
        let turn = |o| {
            let (v, w, h) = orient(px, 3, 2, 1, o);
            (String::from_utf8(v).unwrap(), w, h)
        };
        assert_eq!(turn(2), ("cbafed".into(), 3, 2));
        assert_eq!(turn(3), ("fedcba".into(), 3, 2));
        assert_eq!(turn(4), ("defabc".into(), 3, 2));
        assert_eq!(turn(5), ("adbecf".into(), 2, 3));
        // Row 0 is the right-hand side, column 0 the top: turned a quarter clockwise.
        assert_eq!(turn(6), ("daebfc".into(), 2, 3));
        assert_eq!(turn(7), ("fcebda".into(), 2, 3));
        assert_eq!(turn(8), ("cfbead".into(), 2, 3));
    }

    #[test]
    fn one_bit_art_is_black_and_white() {
        assert_eq!(
            unpack_bits(&[0b1010_0000, 0b0100_0000], 3, 2).unwrap(),
            vec![255, 0, 255, 0, 255, 0]
        );
    }
}
