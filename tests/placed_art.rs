//! Placed art: PNG and TIFF files made here with the png and tiff crates' encoders, built into
//! a one-story edition, and read back from the PDF with lopdf. RGB is separated exactly as an
//! RGB JPEG is, transparency is flattened onto the paper white, grey stays DeviceGray, CMYK
//! passes through unchanged, and broken or unfaithful files are input errors naming the file.

mod common;

use std::path::{Path, PathBuf};

use lopdf::{Document, Object};
use paiban::image::{INK_LIMIT, rgb_to_cmyk};
use paiban::pipeline::BuildError;

/// A fresh folder of this test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("placed_art")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A PNG file of `width` × `height` pixels of `color` at `depth`.
fn png(
    width: u32,
    height: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(depth);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(data).unwrap();
    writer.finish().unwrap();
    out
}

/// A TIFF file of `C` samples, compressed with `compression`.
fn tiff<C: tiff::encoder::colortype::ColorType<Inner = u8>>(
    width: u32,
    height: u32,
    compression: tiff::encoder::Compression,
    data: &[u8],
) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    tiff::encoder::TiffEncoder::new(&mut out)
        .unwrap()
        .with_compression(compression)
        .write_image::<C>(width, height, data)
        .unwrap();
    out.into_inner()
}

/// The edition around one photo file, as text.
fn edition(dir: &Path, photo: &Path, press: &str, black: bool) -> PathBuf {
    let colour = if black { "colour = \"black\"" } else { "" };
    std::fs::write(
        dir.join("story.md"),
        format!(
            "+++\ntitle = \"市区新增公交线路\"\n\n[[photo]]\nfile = {:?}\ncaption = \"新线路示意图\"\n+++\n{}\n",
            photo.file_name().unwrap().to_string_lossy(),
            "市公交集团今日起开通三条新线路，方便市民出行。".repeat(24)
        ),
    )
    .unwrap();
    let path = dir.join("edition.toml");
    std::fs::write(
        &path,
        format!(
            r#"[paper]
name = "株洲日报"
date = 2023-07-20
template = "broadsheet"

[[page]]
number = 1
section = "要闻"
{colour}

[[page.block]]
article = "story.md"
column = 1
columns = 3
line = 13
lines = 60
photo = {{ columns = 3, lines = 15, at = "top" }}

{press}
"#
        ),
    )
    .unwrap();
    path
}

/// What the plate carries of the one image on the page.
struct Plate {
    /// The image XObject's dictionary entries that matter here.
    space: Vec<u8>,
    filter: Vec<u8>,
    bits: i64,
    size: (i64, i64),
    has_mask: bool,
    /// The decompressed samples.
    samples: Vec<u8>,
}

/// Writes `bytes` as `name` in a fresh folder, builds the edition around it and returns the
/// report, the page's PDF and what its image carries.
fn build(test: &str, name: &str, bytes: &[u8]) -> (serde_json::Value, Vec<u8>, Plate) {
    build_for_press(test, name, bytes, false, false)
}

/// As [`build`], with the test's press profile in `[press]` when `profile` is set.
fn build_for_press(
    test: &str,
    name: &str,
    bytes: &[u8],
    profile: bool,
    black: bool,
) -> (serde_json::Value, Vec<u8>, Plate) {
    let dir = fresh(test);
    let photo = dir.join(name);
    std::fs::write(&photo, bytes).unwrap();
    let mut press = "";
    if profile {
        std::fs::write(dir.join("press.icc"), common::test_press_profile()).unwrap();
        press = "[press]\nicc_profile = \"press.icc\"\n";
    }
    let built = match paiban::pipeline::build(&edition(&dir, &photo, press, black)) {
        Ok(b) => b,
        Err(e) => panic!("{test} builds: {e:?}"),
    };
    let report: serde_json::Value = serde_json::from_str(&built.report.to_json()).unwrap();
    let pdf = built.page_pdfs[0].clone();
    let doc = Document::load_mem(&pdf).unwrap();
    let mut images = doc.objects.values().filter_map(|o| match o {
        Object::Stream(s)
            if s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(b"Image") =>
        {
            Some(s)
        }
        _ => None,
    });
    let s = images.next().expect("the page has the image");
    assert!(images.next().is_none(), "one image on the page");
    let name = |k: &[u8]| s.dict.get(k).unwrap().as_name().unwrap().to_vec();
    let int = |k: &[u8]| s.dict.get(k).unwrap().as_i64().unwrap();
    let plate = Plate {
        space: name(b"ColorSpace"),
        filter: name(b"Filter"),
        bits: int(b"BitsPerComponent"),
        size: (int(b"Width"), int(b"Height")),
        has_mask: s.dict.has(b"SMask") || s.dict.has(b"Mask"),
        samples: s.decompressed_content().unwrap(),
    };
    (report, pdf, plate)
}

/// The report's warnings' messages about the photo file `name`.
fn warnings(report: &serde_json::Value, name: &str) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["file"].as_str().is_some_and(|f| f.ends_with(name)))
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect()
}

/// Known colours: white, black, red, green, blue, a mid grey, a dark red, a pale blue.
const COLOURS: [[u8; 3]; 8] = [
    [255, 255, 255],
    [0, 0, 0],
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255],
    [128, 128, 128],
    [150, 20, 30],
    [200, 220, 250],
];

#[test]
fn an_rgb_png_is_separated_as_an_rgb_jpeg_is() {
    let rgb = COLOURS.concat();
    let file = png(4, 2, png::ColorType::Rgb, png::BitDepth::Eight, &rgb);
    let (report, _, plate) = build("rgb-png", "chart.png", &file);
    assert_eq!(plate.space, b"DeviceCMYK");
    assert_eq!(plate.filter, b"FlateDecode");
    assert_eq!((plate.bits, plate.size), (8, (4, 2)));
    assert!(!plate.has_mask);
    // The very formula an RGB JPEG's pixels go through.
    assert_eq!(plate.samples, rgb_to_cmyk(&rgb, INK_LIMIT));
    // And what that is for the primaries: paper, solid black, two solid inks each.
    let px: Vec<&[u8]> = plate.samples.chunks_exact(4).collect();
    assert_eq!(px[0], [0, 0, 0, 0]);
    assert_eq!(px[1], [0, 0, 0, 255]);
    assert_eq!(px[2], [0, 255, 255, 0]);
    assert_eq!(px[3], [255, 0, 255, 0]);
    assert_eq!(px[4], [255, 255, 0, 0]);
    let image = &report["preflight"]["images"][0];
    assert_eq!(image["color"], "RGB PNG, converted to CMYK");
    assert_eq!(image["separation"], "formula");
    assert_eq!(image["pixels"], serde_json::json!([4, 2]));
    assert_eq!(
        warnings(&report, "chart.png"),
        ["the photo is RGB; convert it to CMYK or greyscale for press"]
    );

    // An RGB TIFF (LZW) of the same colours gives the same plate.
    let file = tiff::<tiff::encoder::colortype::RGB8>(4, 2, tiff::encoder::Compression::Lzw, &rgb);
    let (report, _, tif) = build("rgb-tiff", "chart.tif", &file);
    assert_eq!(tif.samples, plate.samples);
    assert_eq!(
        report["preflight"]["images"][0]["color"],
        "RGB TIFF, converted to CMYK"
    );
}

#[test]
fn rgb_art_goes_through_the_press_profile_from_its_own_profile() {
    let rgb = COLOURS.concat();
    let plain = png(4, 2, png::ColorType::Rgb, png::BitDepth::Eight, &rgb);
    let (report, _, srgb) = build_for_press("png-srgb", "chart.png", &plain, true, false);
    let image = &report["preflight"]["images"][0];
    assert_eq!(
        image["color"],
        "RGB PNG, separated to CMYK through the press profile"
    );
    assert_eq!(image["separation"], "profile");
    assert_eq!(image["source_profile"], "sRGB (none embedded)");
    assert_ne!(srgb.samples, rgb_to_cmyk(&rgb, INK_LIMIT));

    // The same pixels with an Adobe RGB iCCP chunk: read as Adobe RGB, so other inks.
    let icc = moxcms::ColorProfile::new_adobe_rgb().encode().unwrap();
    let mut out = Vec::new();
    let mut info = png::Info::with_size(4, 2);
    info.color_type = png::ColorType::Rgb;
    info.bit_depth = png::BitDepth::Eight;
    info.icc_profile = Some(icc.into());
    let encoder = png::Encoder::with_info(&mut out, info).unwrap();
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&rgb).unwrap();
    writer.finish().unwrap();
    let (report, _, adobe) = build_for_press("png-adobe", "chart.png", &out, true, false);
    let image = &report["preflight"]["images"][0];
    assert!(
        image["source_profile"]
            .as_str()
            .unwrap()
            .starts_with("embedded: "),
        "{image}"
    );
    assert_ne!(adobe.samples, srgb.samples);
    // White is the same white in both, so the same inks (within a level of rounding).
    for (a, b) in adobe.samples[..4].iter().zip(&srgb.samples[..4]) {
        assert!(
            a.abs_diff(*b) <= 1,
            "{:?} {:?}",
            &adobe.samples[..4],
            &srgb.samples[..4]
        );
    }
}

#[test]
fn half_transparent_art_is_flattened_onto_paper_white() {
    // Half-transparent red, fully clear (whatever its colour), opaque blue, half black.
    let rgba = [255, 0, 0, 128, 10, 200, 30, 0, 0, 0, 255, 255, 0, 0, 0, 128];
    let file = png(2, 2, png::ColorType::Rgba, png::BitDepth::Eight, &rgba);
    let (report, _, plate) = build("rgba-png", "logo.png", &file);
    assert_eq!(plate.space, b"DeviceCMYK");
    assert!(!plate.has_mask, "PDF/X-1a carries no soft mask");
    // Over white: 255·(1 − a) + c·a, a = 128/255.
    let flat = [255, 127, 127, 255, 255, 255, 0, 0, 255, 127, 127, 127];
    assert_eq!(plate.samples, rgb_to_cmyk(&flat, INK_LIMIT));
    assert_eq!(&plate.samples[4..8], [0, 0, 0, 0], "clear is paper");
    assert!(
        warnings(&report, "logo.png").iter().any(|w| w
            == "its transparent parts are flattened onto the paper white (PDF/X-1a has no transparency)"),
        "{:?}",
        warnings(&report, "logo.png")
    );

    // Opaque alpha everywhere: nothing to flatten, nothing to say.
    let opaque = [9, 9, 9, 255, 200, 200, 200, 255];
    let file = png(2, 1, png::ColorType::Rgba, png::BitDepth::Eight, &opaque);
    let (report, _, plate) = build("rgba-opaque", "opaque.png", &file);
    assert_eq!(
        plate.samples,
        rgb_to_cmyk(&[9, 9, 9, 200, 200, 200], INK_LIMIT)
    );
    assert!(
        !warnings(&report, "opaque.png")
            .iter()
            .any(|w| w.contains("flattened"))
    );
}

#[test]
fn greyscale_art_stays_grey_on_the_black_plate() {
    let grey = [0, 64, 128, 255, 30, 200];
    let file = png(3, 2, png::ColorType::Grayscale, png::BitDepth::Eight, &grey);
    let (report, _, plate) = build("grey-png", "map.png", &file);
    assert_eq!(plate.space, b"DeviceGray");
    assert_eq!(plate.filter, b"FlateDecode");
    assert_eq!((plate.bits, plate.size), (8, (3, 2)));
    assert_eq!(plate.samples, grey);
    let image = &report["preflight"]["images"][0];
    assert_eq!(image["color"], "greyscale PNG");
    assert_eq!(image["separation"], "as given");
    // Ink is K only: the darkest pixel is solid black, 100 %.
    assert_eq!(image["ink_max"], 100.0);
    assert!(warnings(&report, "map.png").is_empty());

    // 16-bit grey is rounded to the nearest 8-bit step; grey + alpha is flattened.
    let deep: Vec<u8> = [0x0000u16, 0x8080, 0xFFFF, 0x1234]
        .iter()
        .flat_map(|v| v.to_be_bytes())
        .collect();
    let file = png(
        2,
        2,
        png::ColorType::Grayscale,
        png::BitDepth::Sixteen,
        &deep,
    );
    let (_, _, plate) = build("grey16-png", "deep.png", &file);
    assert_eq!(
        (plate.space.as_slice(), plate.samples.as_slice()),
        (&b"DeviceGray"[..], &[0u8, 128, 255, 18][..])
    );
    let file = png(
        2,
        1,
        png::ColorType::GrayscaleAlpha,
        png::BitDepth::Eight,
        &[0, 128, 0, 0],
    );
    let (_, _, plate) = build("grey-alpha-png", "shade.png", &file);
    assert_eq!(plate.samples, [127, 255]);
}

#[test]
fn colour_art_on_a_black_page_is_set_in_its_lightness() {
    // Half-transparent red flattens to (255, 127, 127) first, then its luma.
    let rgba = [255, 0, 0, 128, 0, 0, 255, 255];
    let file = png(2, 1, png::ColorType::Rgba, png::BitDepth::Eight, &rgba);
    let (report, _, plate) = build_for_press("black-png", "logo.png", &file, false, true);
    assert_eq!(plate.space, b"DeviceGray");
    let luma = |r: f32, g: f32, b: f32| (0.299 * r + 0.587 * g + 0.114 * b).round() as u8;
    assert_eq!(
        plate.samples,
        [luma(255.0, 127.0, 127.0), luma(0.0, 0.0, 255.0)]
    );
    assert_eq!(
        report["preflight"]["images"][0]["color"],
        "RGB PNG, converted to greyscale for a black-only page"
    );
    // A CMYK TIFF: the colour its inks make, as for a CMYK JPEG (full cyan is 179).
    let file = tiff::<tiff::encoder::colortype::CMYK8>(
        2,
        1,
        tiff::encoder::Compression::Uncompressed,
        &[255, 0, 0, 0, 0, 0, 0, 128],
    );
    let (_, _, plate) = build_for_press("black-tiff", "ramp.tif", &file, false, true);
    assert_eq!(
        (plate.space.as_slice(), plate.samples.as_slice()),
        (&b"DeviceGray"[..], &[179u8, 127][..])
    );
}

#[test]
fn a_cmyk_tiff_passes_through_unchanged() {
    let cmyk = [
        0, 0, 0, 0, 255, 255, 255, 255, 10, 200, 30, 0, 0, 0, 0, 255, 77, 0, 12, 40, 1, 2, 3, 4,
    ];
    for (test, compression) in [
        ("cmyk-tiff", tiff::encoder::Compression::Uncompressed),
        (
            "cmyk-tiff-zip",
            tiff::encoder::Compression::Deflate(Default::default()),
        ),
        ("cmyk-tiff-packbits", tiff::encoder::Compression::Packbits),
    ] {
        let file = tiff::<tiff::encoder::colortype::CMYK8>(3, 2, compression, &cmyk);
        let (report, _, plate) = build(test, "ad-art.tif", &file);
        assert_eq!(plate.space, b"DeviceCMYK", "{test}");
        assert_eq!(plate.samples, cmyk, "{test}");
        let image = &report["preflight"]["images"][0];
        assert_eq!(image["color"], "CMYK TIFF, passed through");
        assert_eq!(image["separation"], "as given");
        // 400 % on the second pixel, as the file has it: preflight sees the real ink.
        assert_eq!(image["ink_max"], 400.0);
        assert!(warnings(&report, "ad-art.tif").is_empty(), "{test}");
    }
}

#[test]
fn the_kind_is_told_by_the_first_bytes_and_a_lying_name_is_a_warning() {
    let file = png(1, 1, png::ColorType::Grayscale, png::BitDepth::Eight, &[40]);
    let (report, _, plate) = build("png-named-jpg", "photo.jpg", &file);
    assert_eq!(plate.samples, [40]);
    assert_eq!(report["preflight"]["images"][0]["color"], "greyscale PNG");
    assert_eq!(
        warnings(&report, "photo.jpg"),
        ["the file is named .jpg but is a PNG image; it is read as PNG"]
    );
}

/// The input errors a build of `bytes` as `name` gives, as "file: message".
fn refused(test: &str, name: &str, bytes: &[u8]) -> Vec<String> {
    let dir = fresh(test);
    let photo = dir.join(name);
    std::fs::write(&photo, bytes).unwrap();
    match paiban::pipeline::build(&edition(&dir, &photo, "", false)) {
        Ok(_) => panic!("{test} is refused"),
        Err(BuildError::Input(d)) => d
            .iter()
            .map(|d| format!("{}: {}", d.file.display(), d.message))
            .collect(),
        Err(e) => panic!("{test}: {e:?}"),
    }
}

#[test]
fn art_that_cannot_print_faithfully_is_an_input_error_naming_the_file() {
    let rgb = COLOURS.concat();
    let mut file = png(4, 2, png::ColorType::Rgb, png::BitDepth::Eight, &rgb);
    file.truncate(file.len() - 20);
    let errors = refused("png-cut", "cut.png", &file);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("story.md: photo `")
            && errors[0].ends_with(
                "/cut.png`: not a usable PNG image: the file is cut short (copy the file again)"
            ),
        "{errors:?}"
    );

    // A CMYK file with a fifth channel that is not marked as alpha (a spot plate).
    let tif = tiff::<tiff::encoder::colortype::CMYKA8>(
        1,
        1,
        tiff::encoder::Compression::Uncompressed,
        &[0, 0, 0, 0, 255],
    );
    let errors = refused("tiff-spot", "spot.tif", &tif);
    assert!(
        errors[0].ends_with("/spot.tif`: not a usable TIFF image: it has 1 extra channel beside its colour that is not transparency (spot colours or masks), which a PDF/X-1a plate cannot carry; merge or delete them and save it again"),
        "{errors:?}"
    );

    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    let errors = refused("gif", "anim.png", gif);
    assert!(
        errors[0].ends_with("/anim.png`: not a usable image: it is a GIF image"),
        "{errors:?}"
    );

    // A header claiming absurd dimensions is refused before anything is decoded.
    let mut huge = png(1, 1, png::ColorType::Rgb, png::BitDepth::Eight, &[1, 2, 3]);
    huge[16..24].copy_from_slice(&[0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60]);
    let crc = crc32(&huge[12..29]);
    huge[29..33].copy_from_slice(&crc.to_be_bytes());
    let errors = refused("png-huge", "huge.png", &huge);
    assert!(errors[0].ends_with("/huge.png`: not a usable PNG image: its header claims 60000 × 60000 pixels, more than the 100 million pixels a photo may have"), "{errors:?}");
}

/// The CRC-32 of PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A little-endian, uncompressed, one-strip TIFF written by hand, for what the encoder does
/// not make: `(tag, value)` entries beyond the size, strip and sample layout.
fn raw_tiff(
    width: u16,
    height: u16,
    bits: &[u16],
    photometric: u16,
    data: &[u8],
    extra: &[(u16, u16)],
) -> Vec<u8> {
    let mut entries: Vec<(u16, u16, u32, u32)> = vec![
        (256, 3, 1, width.into()),
        (257, 3, 1, height.into()),
        (258, 3, bits.len() as u32, 0), // offset filled in below when more than two
        (259, 3, 1, 1),
        (262, 3, 1, photometric.into()),
        (273, 4, 1, 0), // strip offset, below
        (277, 3, 1, bits.len() as u32),
        (278, 3, 1, height.into()),
        (279, 4, 1, data.len() as u32),
    ];
    entries.extend(extra.iter().map(|&(tag, v)| (tag, 3, 1, u32::from(v))));
    entries.sort_by_key(|e| e.0);
    let bits_at = 8 + 2 + 12 * entries.len() as u32 + 4;
    let data_at = bits_at + 2 * bits.len() as u32;
    let mut out = b"II*\0".to_vec();
    out.extend(8u32.to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    for (tag, kind, count, value) in entries {
        out.extend(tag.to_le_bytes());
        out.extend(kind.to_le_bytes());
        out.extend(count.to_le_bytes());
        let value = match tag {
            258 if bits.len() > 2 => bits_at,
            258 => u32::from(bits[0]),
            273 => data_at,
            _ => value,
        };
        out.extend(value.to_le_bytes());
    }
    out.extend(0u32.to_le_bytes());
    for b in bits {
        out.extend(b.to_le_bytes());
    }
    out.extend(data);
    out
}

#[test]
fn line_art_and_deep_tiffs_are_read_and_palettes_refused() {
    // 1-bit line art, WhiteIsZero as fax-like scans store it: a set bit is black.
    let file = raw_tiff(10, 1, &[1], 0, &[0b1000_0001, 0b0100_0000], &[]);
    let (_, _, plate) = build("tiff-1bit", "line.tif", &file);
    assert_eq!(plate.space, b"DeviceGray");
    assert_eq!(plate.samples, [0, 255, 255, 255, 255, 255, 255, 0, 255, 0]);
    // 16-bit CMYK rounded to the nearest 8-bit step.
    let deep: Vec<u8> = [0xFFFFu16, 0x8080, 0x0000, 0x0101]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    let file = raw_tiff(1, 1, &[16; 4], 5, &deep, &[]);
    let (report, _, plate) = build("tiff-16bit", "deep.tif", &file);
    assert_eq!(plate.samples, [255, 128, 0, 1]);
    assert_eq!(
        report["preflight"]["images"][0]["color"],
        "CMYK TIFF, passed through"
    );
    // Stored sideways (Orientation 6, as a scanner writes it): turned upright, 2 × 3.
    let file = raw_tiff(3, 2, &[8], 1, b"abcdef", &[(274, 6)]);
    let (_, _, plate) = build("tiff-turned", "turned.tif", &file);
    assert_eq!(plate.size, (2, 3));
    assert_eq!(plate.samples, b"daebfc");
    // A palette TIFF is refused: save it as RGB, CMYK or grey.
    let file = raw_tiff(1, 1, &[8], 3, &[0], &[]);
    let errors = refused("tiff-palette", "index.tif", &file);
    assert!(
        errors[0].ends_with("/index.tif`: not a usable TIFF image: it is a palette (indexed-colour) TIFF; save it as RGB, CMYK or greyscale"),
        "{errors:?}"
    );
}
