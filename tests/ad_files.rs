//! Ad files as the ad department might send them, made here with pdf-writer: a good one,
//! one a little off size (centred and reported), one too far off, RGB and Lab colour,
//! transparency (refused for PDF/X-1a, listed for PDF/X-4), a low-resolution photo — each
//! with its exact diagnostic or report entry. And 300 damaged copies of a real ad, none of
//! which may make paiban panic.

mod common;

use std::path::{Path, PathBuf};

use common::root;
use paiban::image::ad::read_ad;
use paiban::pipeline::BuildError;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};

/// The broadsheet's 通栏, pt.
const W: f32 = 999.0;
const H: f32 = 225.0;

/// What goes on the made ad's page.
#[derive(Default, Clone, Copy)]
struct Make {
    /// Extra width, pt.
    wider: f32,
    /// The picture's colour space: `DeviceCMYK`, `DeviceRGB`, `ICC3`, `Lab`.
    space: &'static str,
    /// Pixels of the picture (square), drawn 200 pt wide.
    pixels: u32,
    /// A soft mask on the picture.
    smask: bool,
    /// A graphics state with a blend mode.
    multiply: bool,
}

/// An ad page: a CMYK panel and a picture, with a TrimBox inside a 3 mm bleed.
fn make(m: Make) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (cat, tree, page, content, image, gs, icc, mask) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
        Ref::new(7),
        Ref::new(8),
    );
    let b = 8.5;
    let (w, h) = (W + m.wider, H);
    pdf.catalog(cat).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.parent(tree)
        .media_box(Rect::new(0.0, 0.0, w + 2.0 * b, h + 2.0 * b))
        .bleed_box(Rect::new(0.0, 0.0, w + 2.0 * b, h + 2.0 * b))
        .trim_box(Rect::new(b, b, b + w, b + h))
        .contents(content);
    let mut res = p.resources();
    res.x_objects().pair(Name(b"Im9"), image);
    if m.multiply {
        res.ext_g_states().pair(Name(b"G1"), gs);
    }
    res.finish();
    p.finish();
    let mut c = Content::new();
    if m.multiply {
        c.set_parameters(Name(b"G1"));
    }
    c.set_fill_cmyk(0.0, 0.1, 0.8, 0.0);
    c.rect(b, b, w, h);
    c.fill_nonzero();
    c.save_state();
    c.transform([200.0, 0.0, 0.0, 200.0, b + 20.0, b + 12.0]);
    c.x_object(Name(b"Im9"));
    c.restore_state();
    pdf.stream(content, &c.finish());
    let n = m.pixels.max(1);
    let comps = match m.space {
        "DeviceRGB" | "ICC3" | "Lab" => 3,
        _ => 4,
    };
    let data = vec![128u8; (n * n) as usize * comps];
    let mut x = pdf.image_xobject(image, &data);
    x.width(n as i32).height(n as i32).bits_per_component(8);
    match m.space {
        "DeviceRGB" => {
            x.color_space().device_rgb();
        }
        "ICC3" => {
            x.color_space().icc_based(icc);
        }
        "Lab" => {
            x.color_space().lab([0.9505, 1.0, 1.089], None, None);
        }
        _ => {
            x.color_space().device_cmyk();
        }
    }
    if m.smask {
        x.s_mask(mask);
    }
    x.finish();
    if m.space == "ICC3" {
        pdf.icc_profile(icc, &[0u8; 128]).n(3);
    }
    if m.smask {
        let alpha = vec![200u8; (n * n) as usize];
        let mut s = pdf.image_xobject(mask, &alpha);
        s.width(n as i32).height(n as i32).bits_per_component(8);
        s.color_space().device_gray();
        s.finish();
    }
    if m.multiply {
        pdf.ext_graphics(gs)
            .blend_mode(pdf_writer::types::BlendMode::Multiply);
    }
    pdf.finish()
}

/// A good ad: CMYK, 300 pixels across 200 pt (108 ppi is low, so 600).
fn good() -> Make {
    Make {
        space: "DeviceCMYK",
        pixels: 600,
        ..Make::default()
    }
}

/// An edition with the ad file `name` in the 通栏 of page 2, in its own folder; `x4` makes it
/// PDF/X-4.
fn edition_with(case: &str, ad: &[u8], x4: bool) -> PathBuf {
    let dir = root().join("target/test-editions").join(case);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ad.pdf"), ad).unwrap();
    let press = if x4 {
        std::fs::write(dir.join("press.icc"), common::test_press_profile()).unwrap();
        "[press]\nstandard = \"PDF/X-4\"\nicc_profile = \"press.icc\"\n"
    } else {
        ""
    };
    let toml = format!(
        r#"[paper]
name = "株洲日报"
date = 2023-07-20
template = "broadsheet"
{press}
[[page]]
number = 1
section = "要闻"

[[page.block]]
article = "{a1}"
column = 1
columns = 3
line = 13
lines = 30

[[page]]
number = 2
section = "广告"

[[page.ad]]
size = "通栏"
file = "ad.pdf"
label = "测试"
"#,
        a1 = common::example_article("01-baiqiang.md"),
    );
    let path = dir.join("edition.toml");
    std::fs::write(&path, common::with_examples_allowed(&toml)).unwrap();
    path
}

/// The one problem loading the edition finds, as `message` and `help`.
fn refused(case: &str, ad: &[u8]) -> (String, String) {
    let path = edition_with(case, ad, false);
    match paiban::pipeline::load(&path) {
        Err(BuildError::Input(d)) => {
            assert_eq!(d.len(), 1, "{d:?}");
            (d[0].message.clone(), d[0].help.clone().unwrap_or_default())
        }
        Err(e) => panic!("{case}: {e:?}"),
        Ok(_) => panic!("{case}: the ad was accepted"),
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn a_good_ad_is_placed_and_its_image_resolution_reported() {
    let path = edition_with("ad-good", &make(good()), false);
    let built = paiban::pipeline::build(&path).unwrap();
    let check = &built.report.preflight.ads[0];
    assert_eq!(check.status, "placed");
    assert_eq!(check.trim_mm, Some((352.4, 79.4)));
    assert_eq!(check.images.len(), 1);
    assert_eq!(check.images[0].pixels, (600, 600));
    assert_eq!(check.images[0].effective_ppi, Some(216.0));
    assert!(check.warnings.is_empty(), "{:?}", check.warnings);
}

#[test]
fn an_ad_within_a_millimetre_is_centred_and_reported() {
    // 2 pt (0.7 mm) wider than its space.
    let path = edition_with(
        "ad-near",
        &make(Make {
            wider: 2.0,
            ..good()
        }),
        false,
    );
    let built = paiban::pipeline::build(&path).unwrap();
    let ad = built.pages[1].ads().next().unwrap();
    assert!((ad.trim_at.0 - (ad.rect.x - 1.0)).abs() < 0.001, "{ad:?}");
    assert_eq!(ad.clip, ad.rect, "the overhang is clipped");
    let w = &built.report.preflight.ads[0].warnings;
    assert_eq!(
        w,
        &[
            "the ad “测试” on page 2 is 353.1 × 79.4 mm and its space 352.4 × 79.4 mm: within 1 mm, it is centred in the space"
        ]
    );
}

#[test]
fn an_ad_off_by_more_than_a_millimetre_is_refused_with_both_sizes() {
    let (m, h) = refused(
        "ad-off",
        &make(Make {
            wider: 6.0,
            ..good()
        }),
    );
    let file = shown(&root().join("target/test-editions/ad-off/ad.pdf"));
    assert_eq!(
        m,
        format!(
            "ad file `{file}` is 354.5 × 79.4 mm (TrimBox) but its space is 352.4 × 79.4 mm (通栏, columns 1–8, lines 86–102)"
        )
    );
    assert_eq!(
        h,
        "ads are placed unscaled: ask the ad department for the ad at 352.4 × 79.4 mm, or give it a space of its size"
    );
}

#[test]
fn rgb_icc_rgb_and_lab_pictures_are_refused_for_the_plate() {
    for (space, found) in [
        ("DeviceRGB", "DeviceRGB in page XObject /Im9"),
        ("ICC3", "ICCBased RGB (N=3) in page XObject /Im9"),
        ("Lab", "Lab in page XObject /Im9"),
    ] {
        let case = format!("ad-{}", space.to_lowercase());
        let (m, h) = refused(&case, &make(Make { space, ..good() }));
        let file = shown(&root().join(format!("target/test-editions/{case}/ad.pdf")));
        assert_eq!(
            m,
            format!("ad file `{file}` has RGB or Lab colour, which no plate prints: {found}")
        );
        assert!(h.contains("converted to CMYK"), "{h}");
    }
}

#[test]
fn transparency_is_refused_for_pdf_x1a_and_listed_for_pdf_x4() {
    let ad = make(Make {
        smask: true,
        multiply: true,
        ..good()
    });
    let (m, _) = refused("ad-transparent", &ad);
    assert!(
        m.ends_with(
            "uses transparency, which PDF/X-1a forbids: blend mode Multiply in page graphics state /G1 and 1 more"
        ),
        "{m}"
    );
    let path = edition_with("ad-transparent-x4", &ad, true);
    let built = paiban::pipeline::build(&path).unwrap();
    assert_eq!(
        built.report.preflight.ads[0].transparency,
        [
            "blend mode Multiply in page graphics state /G1",
            "a soft mask on page XObject /Im9"
        ]
    );
}

#[test]
fn a_low_resolution_picture_is_a_warning() {
    let path = edition_with(
        "ad-low-res",
        &make(Make {
            pixels: 300,
            ..good()
        }),
        false,
    );
    let built = paiban::pipeline::build(&path).unwrap();
    assert_eq!(
        built.report.preflight.ads[0].warnings,
        ["the ad “测试” on page 2: its image /Im9 is 108 ppi as placed, below 150"]
    );
    assert!(
        built
            .report
            .warnings
            .iter()
            .any(|w| w.message.ends_with("is 108 ppi as placed, below 150") && w.line == Some(21))
    );
}

/// A small deterministic generator (xorshift), for damage that is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn three_hundred_damaged_copies_of_a_real_ad_never_panic() {
    let good =
        std::fs::read(root().join("examples/zhuzhou-daily-2023-07-20/ads/tonglan.pdf")).unwrap();
    let path = Path::new("damaged.pdf");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut read, mut copied) = (0, 0);
    for _ in 0..300 {
        let mut bytes = good.clone();
        match rng.below(4) {
            // Flip bytes anywhere.
            0 => {
                for _ in 0..1 + rng.below(40) {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 1 << rng.below(8);
                }
            }
            // Cut a piece out of the middle.
            1 => {
                let i = rng.below(bytes.len());
                let n = rng.below(4096).min(bytes.len() - i);
                bytes.drain(i..i + n);
            }
            // Overwrite a run with one byte (a bad sector, a text editor).
            2 => {
                let i = rng.below(bytes.len());
                let n = rng.below(2048).min(bytes.len() - i);
                let v = rng.next() as u8;
                bytes[i..i + n].fill(v);
            }
            // Damage the xref and trailer at the end.
            _ => {
                let n = bytes.len();
                for _ in 0..1 + rng.below(20) {
                    let i = n - 1 - rng.below(600.min(n));
                    bytes[i] = b"0123456789 RobjxnfE"[rng.below(19)];
                }
            }
        }
        // Reading and checking it either works or says why; whatever reads is then copied
        // as the PDF writer copies it.
        if let Ok(ad) = read_ad(path, bytes, 1) {
            read += 1;
            let source = hayro_write::hayro_syntax::Pdf::new(ad.data.clone()).unwrap();
            let mut next = 0;
            if hayro_write::extract(
                &source,
                Box::new(|| {
                    next += 1;
                    Ref::new(next)
                }),
                hayro_write::ChunkSettings::default(),
                &[hayro_write::ExtractionQuery::new_xobject(ad.page_index)],
            )
            .is_ok()
            {
                copied += 1;
            }
        }
    }
    // Most damage leaves a readable file (PDF readers repair what they can); some does not.
    assert!(read > 30 && read < 300, "{read} of 300 read");
    assert!(copied <= read);
}
