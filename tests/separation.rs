//! RGB photos separated through the press's ICC profile, as a paper that gives one in
//! `[press] icc_profile` gets them: the plate's CMYK samples are what the profile gives for
//! the photo's colours (worked out here from the colorimetry, not by the library), they
//! differ from paiban's formula, a photo's embedded profile is honoured, and the report says
//! which separation each photo had.

mod common;

use std::path::{Path, PathBuf};

use common::{root, test_press_profile};
use lopdf::{Document, Object};

/// A fresh folder of this test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("separation")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What the test profile gives for an sRGB colour, in ink-positive 0–255 CMYK, worked out
/// from the colorimetry: sRGB's curve and its D50 primaries (as ICC's sRGB profile has
/// them) to XYZ, XYZ to CIELAB, then the table's functions.
fn expected_cmyk(rgb: [u8; 3]) -> [f64; 4] {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = rgb.map(lin);
    let x = 0.4360747 * r + 0.3850649 * g + 0.1430804 * b;
    let y = 0.2225045 * r + 0.7168786 * g + 0.0606169 * b;
    let z = 0.0139322 * r + 0.0971045 * g + 0.7141733 * b;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x / 0.9642), f(y), f(z / 0.8249));
    let l = (116.0 * fy - 16.0) / 100.0;
    let a = (500.0 * (fx - fy) + 128.0) / 255.0;
    let bb = (200.0 * (fy - fz) + 128.0) / 255.0;
    [1.0 - a, a, bb, 1.0 - l].map(|v| v.clamp(0.0, 1.0) * 255.0)
}

/// The RGB test photo decoded, as the separation sees it.
fn photo_rgb(jpeg: &[u8]) -> Vec<u8> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
    zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(jpeg), options)
        .decode()
        .unwrap()
}

/// Builds a one-photo edition (with `press` as its `[press]` table) and returns the report
/// and the plate's image samples.
fn build(dir: &Path, photo: &Path, press: &str) -> (serde_json::Value, Vec<u8>) {
    std::fs::write(
        dir.join("story.md"),
        format!(
            "+++\ntitle = \"暑期托管开班\"\n\n[[photo]]\nfile = {:?}\ncaption = \"孩子们在托管班练习书法\"\n+++\n{}\n",
            photo.to_string_lossy(),
            "据市教育局统计，今年全市共有186所中小学校开办暑期托管服务。".repeat(20)
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("edition.toml"),
        format!(
            r#"[paper]
name = "株洲日报"
date = 2023-07-20
template = "broadsheet"

[[page]]
number = 1
section = "要闻"

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
    let built = paiban::pipeline::build(&dir.join("edition.toml")).expect("the edition builds");
    let report: serde_json::Value = serde_json::from_str(&built.report.to_json()).unwrap();
    let pdf = Document::load_mem(&built.page_pdfs[0]).unwrap();
    let mut samples = None;
    for obj in pdf.objects.values() {
        if let Object::Stream(s) = obj
            && s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(b"Image")
        {
            assert_eq!(
                s.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
                b"DeviceCMYK"
            );
            samples = Some(s.decompressed_content().unwrap());
        }
    }
    (report, samples.expect("the page has the photo"))
}

#[test]
fn an_rgb_photo_is_separated_with_the_press_profile() {
    let dir = fresh("srgb");
    std::fs::write(dir.join("press.icc"), test_press_profile()).unwrap();
    let photo = dir.join("rgb-photo.jpg");
    std::fs::copy(root().join("tests/fixtures/rgb-photo.jpg"), &photo).unwrap();
    let (report, plate) = build(&dir, &photo, "[press]\nicc_profile = \"press.icc\"\n");
    let image = &report["preflight"]["images"][0];
    assert_eq!(image["separation"], "profile");
    assert_eq!(image["source_profile"], "sRGB (none embedded)");

    let rgb = photo_rgb(&std::fs::read(&photo).unwrap());
    assert_eq!(plate.len(), rgb.len() / 3 * 4);
    let mut worst = 0.0f64;
    for (px, cmyk) in rgb.chunks_exact(3).zip(plate.chunks_exact(4)) {
        let want = expected_cmyk([px[0], px[1], px[2]]);
        for (w, got) in want.iter().zip(cmyk) {
            worst = worst.max((w - *got as f64).abs());
        }
    }
    // Every pixel within 2 levels of 255 of the colorimetry (8-bit tables and the
    // connection space's 16-bit encoding round).
    assert!(worst <= 2.0, "worst difference {worst}");

    // paiban's formula gives other inks for the same photo: the profile was used.
    let formula_dir = fresh("formula");
    let photo = formula_dir.join("rgb-photo.jpg");
    std::fs::copy(root().join("tests/fixtures/rgb-photo.jpg"), &photo).unwrap();
    let (report, formula) = build(&formula_dir, &photo, "");
    assert_eq!(report["preflight"]["images"][0]["separation"], "formula");
    let differing = plate
        .chunks_exact(4)
        .zip(formula.chunks_exact(4))
        .filter(|(a, b)| a.iter().zip(*b).any(|(x, y)| x.abs_diff(*y) > 10))
        .count();
    assert!(
        differing * 2 > plate.len() / 4,
        "{differing} of {} pixels differ",
        plate.len() / 4
    );
}

/// The JPEG with an ICC profile embedded in APP2 segments, split into pieces as a camera or
/// Photoshop writes a large one.
fn with_embedded_profile(jpeg: &[u8], icc: &[u8], piece: usize) -> Vec<u8> {
    let chunks: Vec<&[u8]> = icc.chunks(piece).collect();
    let mut out = jpeg[..2].to_vec();
    for (i, c) in chunks.iter().enumerate() {
        out.extend([0xFF, 0xE2]);
        out.extend(((2 + 14 + c.len()) as u16).to_be_bytes());
        out.extend(b"ICC_PROFILE\0");
        out.extend([i as u8 + 1, chunks.len() as u8]);
        out.extend(*c);
    }
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn a_photos_embedded_profile_is_honoured() {
    let dir = fresh("embedded");
    std::fs::write(dir.join("press.icc"), test_press_profile()).unwrap();
    let jpeg = std::fs::read(root().join("tests/fixtures/rgb-photo.jpg")).unwrap();
    let adobe = moxcms::ColorProfile::new_adobe_rgb();
    let icc = adobe.encode().unwrap();
    let photo = dir.join("adobe-rgb.jpg");
    std::fs::write(&photo, with_embedded_profile(&jpeg, &icc, 200)).unwrap();
    let press = "[press]\nicc_profile = \"press.icc\"\n";
    let (report, plate) = build(&dir, &photo, press);
    let image = &report["preflight"]["images"][0];
    assert_eq!(image["separation"], "profile");
    assert!(
        image["source_profile"]
            .as_str()
            .unwrap()
            .starts_with("embedded: "),
        "{image}"
    );
    // The same pixels read as Adobe RGB (as the file carries it), through the press
    // profile directly.
    let adobe = moxcms::ColorProfile::new_from_slice(&icc).unwrap();
    let press_profile = moxcms::ColorProfile::new_from_slice(&test_press_profile()).unwrap();
    let t = adobe
        .create_transform_8bit(
            moxcms::Layout::Rgb,
            &press_profile,
            moxcms::Layout::Rgba,
            moxcms::TransformOptions {
                rendering_intent: moxcms::RenderingIntent::Perceptual,
                ..Default::default()
            },
        )
        .unwrap();
    let rgb = photo_rgb(&jpeg);
    let mut want = vec![0u8; plate.len()];
    t.transform(&rgb, &mut want).unwrap();
    let wrong: Vec<usize> = (0..plate.len()).filter(|i| plate[*i] != want[*i]).collect();
    assert!(
        wrong.is_empty(),
        "{} of {} samples differ, first at {:?}: {:?} against {:?}",
        wrong.len(),
        plate.len(),
        wrong.first(),
        wrong.first().map(|i| &plate[i / 4 * 4..i / 4 * 4 + 4]),
        wrong.first().map(|i| &want[i / 4 * 4..i / 4 * 4 + 4]),
    );
    // …which is not what the photo would give taken as sRGB: Adobe RGB's greens are wider.
    let srgb: Vec<[f64; 4]> = rgb
        .chunks_exact(3)
        .map(|p| expected_cmyk([p[0], p[1], p[2]]))
        .collect();
    let differing = srgb
        .iter()
        .zip(plate.chunks_exact(4))
        .filter(|(w, got)| {
            w.iter()
                .zip(got.iter())
                .any(|(w, g)| (w - *g as f64).abs() > 4.0)
        })
        .count();
    assert!(differing > 0, "the embedded profile changed nothing");
}

#[test]
fn proofs_show_ink_through_the_same_profile() {
    use paiban::display::{Cmyk, Item, Page, PageColour, Rect};
    let dir = fresh("proof");
    std::fs::write(dir.join("press.icc"), test_press_profile()).unwrap();
    let photo = dir.join("rgb-photo.jpg");
    std::fs::copy(root().join("tests/fixtures/rgb-photo.jpg"), &photo).unwrap();
    build(&dir, &photo, "[press]\nicc_profile = \"press.icc\"\n");
    let loaded = paiban::pipeline::load(&dir.join("edition.toml")).expect("it loads");
    let press = loaded.separation.as_deref().expect("the profile separates");
    assert_eq!(press.name, "paiban test press");
    let fonts = loaded.book.faces();
    // 50 % K with the test profile's neutral magenta and yellow: L* 49.8, a* = b* = 0.
    let ink = Cmyk(0.0, 128.0 / 255.0, 128.0 / 255.0, 128.0 / 255.0);
    let area = Rect {
        x: 0.0,
        y: 0.0,
        w: 72.0,
        h: 72.0,
    };
    let page = Page {
        number: 1,
        trim: (72.0, 72.0),
        bleed: 0.0,
        colour: PageColour::Cmyk,
        items: vec![Item::Fill {
            rect: area,
            color: ink,
        }],
        type_area: area,
        source: Default::default(),
        notes: Vec::new(),
    };
    let centre = |png: &[u8]| {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buf).unwrap();
        let at = ((frame.height / 2 * frame.width + frame.width / 2) * 3) as usize;
        [buf[at], buf[at + 1], buf[at + 2]]
    };
    let with =
        paiban::output::proof::render_png_for_press(&page, &fonts, 72.0, &[], Some(press)).unwrap();
    let without = paiban::output::proof::render_png(&page, &fonts, 72.0, &[]).unwrap();
    // L* 49.8 as sRGB, from the CIELAB and sRGB formulas.
    let y = ((49.8f64 + 16.0) / 116.0).powi(3);
    let grey = (255.0 * (1.055 * y.powf(1.0 / 2.4) - 0.055)).round() as i32;
    for v in centre(&with) {
        assert!(
            (v as i32 - grey).abs() <= 3,
            "{:?} against {grey}",
            centre(&with)
        );
    }
    // The simple conversion shows the same ink as a dull red instead.
    assert_eq!(centre(&without), [127, 63, 63]);
}

#[test]
fn an_embedded_profile_that_cannot_be_used_is_a_warning_and_srgb_is_taken() {
    let dir = fresh("bad-embedded");
    std::fs::write(dir.join("press.icc"), test_press_profile()).unwrap();
    let jpeg = std::fs::read(root().join("tests/fixtures/rgb-photo.jpg")).unwrap();
    let photo = dir.join("damaged-profile.jpg");
    // The press profile itself: a CMYK profile cannot describe an RGB photo.
    std::fs::write(
        &photo,
        with_embedded_profile(&jpeg, &test_press_profile(), 60000),
    )
    .unwrap();
    let (report, plate) = build(&dir, &photo, "[press]\nicc_profile = \"press.icc\"\n");
    let image = &report["preflight"]["images"][0];
    assert_eq!(image["separation"], "profile");
    assert_eq!(image["source_profile"], "sRGB (none embedded)");
    let warnings = report["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["message"]
            == "its embedded ICC profile is for CMYK, not RGB; its colours are taken as sRGB"),
        "{warnings:?}"
    );
    // Separated as sRGB: the colorimetry of the first pixel.
    let rgb = photo_rgb(&jpeg);
    let want = expected_cmyk([rgb[0], rgb[1], rgb[2]]);
    for (w, got) in want.iter().zip(&plate[..4]) {
        assert!(
            (w - *got as f64).abs() <= 2.0,
            "{want:?} against {:?}",
            &plate[..4]
        );
    }
}
