//! Screen proofs of the example edition: size, ink where the type is, white margins, marks.
//!
//! Set `PAIBAN_PROOF_OUT` to a folder to keep the rendered PNGs for looking at.

mod common;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use paiban::display::{
    Cmyk, GlyphRun, Item, Page, PageColour, PlacedImage, Rect, RunGlyph, TextRole,
};
use paiban::fonts::FaceId;
use paiban::image::Image;
use paiban::output::proof::{MAX_DPI, ProofMark, proof_size, render_png};
use paiban::pipeline::{Built, Loaded, build, load};

fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| match build(&common::example()) {
        Ok(b) => b,
        Err(e) => panic!("the example builds: {e:?}"),
    })
}

/// The example's fonts, loaded the way the build loads them (so the face ids agree).
fn loaded() -> &'static Loaded {
    static L: OnceLock<Loaded> = OnceLock::new();
    L.get_or_init(|| match load(&common::example()) {
        Ok(l) => l,
        Err(e) => panic!("the example loads: {e:?}"),
    })
}

fn render(page: &Page, dpi: f32, marks: &[ProofMark]) -> Vec<u8> {
    let fonts = loaded().book.faces();
    let png = render_png(page, &fonts, dpi, marks).expect("the proof renders");
    if let Ok(dir) = std::env::var("PAIBAN_PROOF_OUT") {
        let name = format!(
            "proof-p{}-{dpi}dpi{}.png",
            page.number,
            if marks.is_empty() { "" } else { "-marked" }
        );
        std::fs::write(Path::new(&dir).join(name), &png).unwrap();
    }
    png
}

/// Page 1 at 30 dpi, rendered once for the tests that look at it.
fn front_page() -> &'static [u8] {
    static P: OnceLock<Vec<u8>> = OnceLock::new();
    P.get_or_init(|| render(&built().pages[0], 30.0, &[]))
}

/// The pixels of a proof: 8-bit RGB.
struct Lum {
    w: u32,
    h: u32,
    px: Vec<[u8; 3]>,
    /// Pixels per metre, from the PNG's pHYs chunk.
    ppm: Option<u32>,
}

impl Lum {
    fn decode(png: &[u8]) -> Lum {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buf).unwrap();
        assert_eq!(
            (frame.color_type, frame.bit_depth),
            (png::ColorType::Rgb, png::BitDepth::Eight)
        );
        let ppm = reader.info().pixel_dims.map(|d| {
            assert_eq!((d.unit, d.xppu), (png::Unit::Meter, d.yppu));
            d.xppu
        });
        let px = buf[..frame.buffer_size()]
            .chunks_exact(3)
            .map(|c| [c[0], c[1], c[2]])
            .collect();
        Lum {
            w: frame.width,
            h: frame.height,
            px,
            ppm,
        }
    }

    fn at(&self, x: u32, y: u32) -> [u8; 3] {
        self.px[(y * self.w + x) as usize]
    }

    fn lum(&self, x: u32, y: u32) -> f32 {
        let [r, g, b] = self.at(x, y);
        0.299 * r as f32 + 0.587 * g as f32 + 0.114 * b as f32
    }

    /// The pixels whose centres lie in a rectangle given in pt, at `k` pixels per pt.
    fn pixels_in(&self, r: Rect, k: f32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let x0 = ((r.x * k).ceil().max(0.0) as u32).min(self.w);
        let x1 = ((r.right() * k).floor().max(0.0) as u32).min(self.w);
        let y0 = ((r.y * k).ceil().max(0.0) as u32).min(self.h);
        let y1 = ((r.bottom() * k).floor().max(0.0) as u32).min(self.h);
        (y0..y1).flat_map(move |y| (x0..x1).map(move |x| (x, y)))
    }

    /// Share of pixels in a rectangle (pt) darker than `level`.
    fn dark_share(&self, r: Rect, k: f32, level: f32) -> f32 {
        let (mut n, mut dark) = (0u32, 0u32);
        for (x, y) in self.pixels_in(r, k) {
            n += 1;
            if self.lum(x, y) < level {
                dark += 1;
            }
        }
        assert!(n > 0, "no pixels in {r:?}");
        dark as f32 / n as f32
    }
}

/// The box around runs of one role, in pt (from the glyph positions and the run size).
fn runs_box<'a>(runs: impl Iterator<Item = &'a GlyphRun>) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for r in runs {
        for g in &r.glyphs {
            x0 = x0.min(r.x + g.x);
            x1 = x1.max(r.x + g.x + g.advance);
        }
        y0 = y0.min(r.baseline - 0.88 * r.size);
        y1 = y1.max(r.baseline + 0.12 * r.size);
    }
    assert!(x0 < x1 && y0 < y1, "no runs");
    Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    }
}

#[test]
fn front_page_proof_has_the_trim_size_ink_in_the_type_and_white_margins() {
    let page = &built().pages[0];
    let dpi = 30.0;
    let k = dpi / 72.0;
    let proof = Lum::decode(front_page());
    assert_eq!(
        (proof.w, proof.h),
        (
            (page.trim.0 * k).round() as u32,
            (page.trim.1 * k).round() as u32
        )
    );
    assert_eq!(proof_size(page, dpi).unwrap(), (proof.w, proof.h, dpi));
    assert_eq!(proof.ppm, Some(1181), "30 dpi in pixels per metre");

    let masthead = runs_box(
        page.runs()
            .filter(|r| r.role == TextRole::Furniture && r.size >= 30.0),
    );
    let body = runs_box(page.runs().filter(|r| r.role == TextRole::Body));
    let type_share = proof.dark_share(page.type_area, k, 160.0);
    let masthead_share = proof.dark_share(masthead, k, 160.0);
    let body_share = proof.dark_share(body, k, 200.0);
    eprintln!(
        "dark share: type area {type_share:.3}, masthead {masthead_share:.3}, body {body_share:.3}"
    );
    assert!(masthead_share > 0.15, "masthead {masthead_share}");
    assert!(body_share > 0.15, "body {body_share}");
    assert!(type_share > 0.08, "type area {type_share}");

    // The margins (a pixel clear of the type area) are paper white.
    let ta = page.type_area;
    let pad = 2.0 / k;
    let margins = [
        Rect {
            x: 0.0,
            y: 0.0,
            w: page.trim.0,
            h: ta.y - pad,
        },
        Rect {
            x: 0.0,
            y: ta.bottom() + pad,
            w: page.trim.0,
            h: page.trim.1 - ta.bottom() - pad,
        },
        Rect {
            x: 0.0,
            y: 0.0,
            w: ta.x - pad,
            h: page.trim.1,
        },
        Rect {
            x: ta.right() + pad,
            y: 0.0,
            w: page.trim.0 - ta.right() - pad,
            h: page.trim.1,
        },
    ];
    for m in margins {
        for (x, y) in proof.pixels_in(m, k) {
            assert_eq!(
                proof.at(x, y),
                [255, 255, 255],
                "ink at ({x}, {y}) in the margin {m:?}"
            );
        }
    }
}

#[test]
fn a_proof_mark_draws_red_in_its_rect() {
    let page = &built().pages[0];
    let dpi = 30.0;
    let k = dpi / 72.0;
    let ta = page.type_area;
    let rect = Rect {
        x: ta.x + 40.0,
        y: ta.y + ta.h * 0.6,
        w: 120.0,
        h: 60.0,
    };
    let mark = ProofMark {
        rect,
        label: "溢出 3 行".into(),
    };
    let plain = Lum::decode(front_page());
    let marked = Lum::decode(&render(page, dpi, std::slice::from_ref(&mark)));
    let red = |p: [u8; 3]| p[0] > 150 && p[1] < 90 && p[2] < 90;
    // Whether a pixel within 1.5 px of (x, y) is red.
    let red_near = |l: &Lum, x: f32, y: f32| {
        let (x0, x1) = ((x - 1.5).round() as u32, (x + 1.5).round() as u32);
        let (y0, y1) = ((y - 1.5).round() as u32, (y + 1.5).round() as u32);
        (y0..=y1).any(|py| (x0..=x1).any(|px| red(l.at(px, py))))
    };
    // The outline is red all round: on every pixel column along the top and bottom
    // edges and every row along the sides. There is no red there without the mark.
    let (l, t) = (rect.x * k, rect.y * k);
    let (r, b) = (rect.right() * k, rect.bottom() * k);
    let mut along = Vec::new();
    for x in (l.ceil() as u32)..=(r.floor() as u32) {
        along.push((x as f32, t));
        along.push((x as f32, b));
    }
    for y in (t.ceil() as u32)..=(b.floor() as u32) {
        along.push((l, y as f32));
        along.push((r, y as f32));
    }
    for &(x, y) in &along {
        assert!(red_near(&marked, x, y), "no red near ({x}, {y})");
        assert!(
            !red_near(&plain, x, y),
            "red near ({x}, {y}) without the mark"
        );
    }
    // The label: red, on the top edge (above it, as the page has room).
    let label = Rect {
        x: rect.x,
        y: rect.y - 20.0 / k,
        w: rect.w,
        h: 20.0 / k,
    };
    let n = marked
        .pixels_in(label, k)
        .filter(|&(x, y)| red(marked.at(x, y)))
        .count();
    assert!(n >= 20, "{n} red pixels of the label");
    // Away from the mark, nothing changed.
    let far = Rect {
        x: 0.0,
        y: 0.0,
        w: page.trim.0,
        h: rect.y - 30.0 / k,
    };
    for (x, y) in marked.pixels_in(far, k) {
        assert_eq!(marked.at(x, y), plain.at(x, y));
    }
}

#[test]
fn every_page_renders_the_same_twice() {
    let b = built();
    let again = render(&b.pages[0], 30.0, &[]);
    assert!(again == front_page(), "page 1 differs between two renders");
    // The other pages without their photos: page 1's are checked below, and decoding one
    // takes seconds in a debug build.
    for page in &b.pages[1..] {
        let mut page = page.clone();
        page.items.retain(|i| !matches!(i, Item::Image(_)));
        let page = &page;
        let proof = Lum::decode(&render(page, 30.0, &[]));
        let (w, h, _) = proof_size(page, 30.0).unwrap();
        assert_eq!((proof.w, proof.h), (w, h));
        let share = proof.dark_share(page.type_area, 30.0 / 72.0, 160.0);
        // An ad's space shows only its outline in a proof: the text is in the rest.
        let ta = page.type_area;
        let covered: f32 = page
            .ads()
            .map(|a| {
                let w = (a.rect.right().min(ta.right()) - a.rect.x.max(ta.x)).max(0.0);
                let h = (a.rect.bottom().min(ta.bottom()) - a.rect.y.max(ta.y)).max(0.0);
                w * h
            })
            .sum();
        let free = 1.0 - covered / (ta.w * ta.h);
        assert!(
            free < 0.05 || share > 0.05 * free,
            "page {}: {share}",
            page.number
        );
    }
}

/// The screen colour of ink-positive samples, as the proof converts them.
fn sample_rgb(px: &[u8]) -> [f32; 3] {
    if px.len() == 4 {
        let k = 1.0 - px[3] as f32 / 255.0;
        [0, 1, 2].map(|c| (255.0 - px[c] as f32) * k)
    } else {
        [px[0] as f32; 3]
    }
}

#[test]
fn photos_cover_their_frames_centred_and_cropped() {
    let page = &built().pages[0];
    let k = 30.0 / 72.0;
    let proof = Lum::decode(front_page());
    let photos: Vec<&PlacedImage> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Image(p) => Some(p),
            _ => None,
        })
        .collect();
    assert!(photos.len() >= 2, "{} photos on page 1", photos.len());
    for p in photos {
        let raster = p.image.decode().unwrap();
        let (iw, ih) = (raster.width as f32, raster.height as f32);
        let ch = raster.channels as usize;
        let r = p.rect;
        // Where the PDF puts the picture: scaled to cover the frame, centred.
        let scale = (r.w / iw).max(r.h / ih);
        let (dx, dy) = (
            r.x + (r.w - iw * scale) / 2.0,
            r.y + (r.h - ih * scale) / 2.0,
        );
        // The mean colour of the source pixels under a proof pixel, with the picture moved
        // right by `shift` pt.
        let expected = |x: u32, y: u32, shift: f32| {
            let sx = |v: f32| {
                (((v / k - dx - shift) / scale).max(0.0) as usize).min(raster.width as usize - 1)
            };
            let sy =
                |v: f32| (((v / k - dy) / scale).max(0.0) as usize).min(raster.height as usize - 1);
            let (x0, x1) = (sx(x as f32), sx(x as f32 + 1.0).max(sx(x as f32) + 1));
            let (y0, y1) = (sy(y as f32), sy(y as f32 + 1.0).max(sy(y as f32) + 1));
            let mut sum = [0.0f32; 3];
            let mut n = 0.0;
            for yy in y0..y1.min(raster.height as usize) {
                for xx in x0..x1.min(raster.width as usize) {
                    let i = (yy * raster.width as usize + xx) * ch;
                    let c = sample_rgb(&raster.data[i..i + ch]);
                    (0..3).for_each(|j| sum[j] += c[j]);
                    n += 1.0;
                }
            }
            sum.map(|v| v / n)
        };
        // A pixel in from each edge of the frame.
        let inner = Rect {
            x: r.x + 1.5 / k,
            y: r.y + 1.5 / k,
            w: r.w - 3.0 / k,
            h: r.h - 3.0 / k,
        };
        let error = |shift: f32| {
            let (mut sum, mut n) = (0.0, 0.0);
            for (x, y) in proof.pixels_in(inner, k) {
                let e = expected(x, y, shift);
                let got = proof.at(x, y);
                sum += (0..3).map(|j| (got[j] as f32 - e[j]).abs()).sum::<f32>() / 3.0;
                n += 1.0;
            }
            sum / n
        };
        let right = error(0.0);
        let shifted = error(r.w * 0.1);
        eprintln!(
            "{}: mean error {right:.1}, shifted a tenth {shifted:.1}",
            p.image.path.display()
        );
        assert!(
            right < 12.0 && right * 2.0 < shifted,
            "{right} vs {shifted}"
        );
    }
}

#[test]
fn a_photo_is_clipped_to_its_frame() {
    // A landscape photo in a tall frame: scaled to the frame's height, it overflows left
    // and right, and nothing of that may show.
    let photo = Arc::new(
        Image::load(&common::root().join("examples/zhuzhou-daily-2023-07-20/images/p4-photo.jpg"))
            .unwrap(),
    );
    assert!(photo.width > photo.height);
    let frame = Rect {
        x: 60.0,
        y: 40.0,
        w: 50.0,
        h: 100.0,
    };
    let page = Page {
        number: 1,
        trim: (200.0, 180.0),
        bleed: 0.0,
        colour: PageColour::Cmyk,
        items: vec![Item::Image(PlacedImage {
            image: photo,
            rect: frame,
        })],
        type_area: frame,
        source: Default::default(),
        notes: Vec::new(),
    };
    // At 72 dpi a pixel is a point.
    let k = 1.0;
    let proof = Lum::decode(&render(&page, 72.0, &[]));
    let mut inside = 0;
    for y in 0..proof.h {
        for x in 0..proof.w {
            let (cx, cy) = (x as f32 + 0.5, y as f32 + 0.5);
            let within = |m: f32| {
                cx > frame.x * k - m
                    && cx < frame.right() * k + m
                    && cy > frame.y * k - m
                    && cy < frame.bottom() * k + m
            };
            if !within(1.0) {
                assert_eq!(proof.at(x, y), [255, 255, 255], "picture at ({x}, {y})");
            } else if within(-1.0) && proof.at(x, y) != [255, 255, 255] {
                inside += 1;
            }
        }
    }
    assert!(inside > 48 * 98 * 9 / 10, "{inside} pixels of picture");
}

#[test]
fn odd_input_does_not_panic() {
    let fonts = loaded().book.faces();
    let body = loaded().book.body();
    let glyph = |id: u16, x: f32| RunGlyph {
        id,
        x,
        y: 0.0,
        advance: 10.0,
        text: Default::default(),
        missing: None,
    };
    let run = |face: FaceId, size: f32, x: f32, glyphs: Vec<RunGlyph>| {
        Item::Glyphs(GlyphRun {
            face,
            size,
            color: Cmyk::BLACK,
            x,
            baseline: 20.0,
            glyphs,
            role: TextRole::Body,
            source: None,
        })
    };
    // A JPEG header and a scan without Huffman tables: it places, but cannot be decoded.
    let broken = Arc::new(
        Image::from_jpeg(
            Path::new("broken.jpg"),
            vec![
                0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11,
                0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF,
                0xD9,
            ],
        )
        .unwrap(),
    );
    let photo = Arc::new(
        Image::load(&common::root().join("examples/zhuzhou-daily-2023-07-20/images/p4-photo.jpg"))
            .unwrap(),
    );
    let r = |x: f32, y: f32, w: f32, h: f32| Rect { x, y, w, h };
    let items = vec![
        run(
            body,
            10.0,
            5.0,
            vec![glyph(0, 0.0), glyph(3, 10.0), glyph(u16::MAX, 20.0)],
        ),
        run(FaceId(999), 10.0, 5.0, vec![glyph(10, 0.0)]),
        run(body, f32::NAN, 5.0, vec![glyph(10, 0.0)]),
        run(body, 0.0, 5.0, vec![glyph(10, 0.0)]),
        run(
            body,
            1e30,
            -1e30,
            vec![glyph(10, f32::INFINITY), glyph(10, 1e20)],
        ),
        run(body, 1e-30, 5.0, vec![glyph(10, 0.0)]),
        Item::Line {
            x1: 0.0,
            y1: 0.0,
            x2: 1e30,
            y2: -1e30,
            width: 1.0,
            color: Cmyk::BLACK,
        },
        Item::Line {
            x1: 0.0,
            y1: 0.0,
            x2: 0.0,
            y2: 0.0,
            width: 0.0,
            color: Cmyk(2.0, -1.0, f32::NAN, 0.5),
        },
        Item::Line {
            x1: f32::NAN,
            y1: 0.0,
            x2: 10.0,
            y2: 10.0,
            width: -3.0,
            color: Cmyk::BLACK,
        },
        Item::Line {
            x1: 1.0,
            y1: 1.0,
            x2: 50.0,
            y2: 1.0,
            width: 1e30,
            color: Cmyk::BLACK,
        },
        Item::Fill {
            rect: r(10.0, 10.0, -5.0, -5.0),
            color: Cmyk::BLACK,
        },
        Item::Fill {
            rect: r(10.0, 10.0, 0.0, 0.0),
            color: Cmyk::BLACK,
        },
        Item::Fill {
            rect: r(-1e30, -1e30, 2e30, 2e30),
            color: Cmyk(0.1, 0.0, 0.0, 0.0),
        },
        Item::Fill {
            rect: r(0.2, 0.2, 0.01, 0.01),
            color: Cmyk::BLACK,
        },
        Item::Frame {
            rect: r(10.0, 10.0, 0.0, 30.0),
            width: 1.0,
            color: Cmyk::BLACK,
        },
        Item::Frame {
            rect: r(10.0, 10.0, 30.0, 30.0),
            width: f32::INFINITY,
            color: Cmyk::BLACK,
        },
        Item::Image(PlacedImage {
            image: broken.clone(),
            rect: r(5.0, 5.0, 40.0, 30.0),
        }),
        Item::Image(PlacedImage {
            image: broken.clone(),
            rect: r(5.0, 5.0, 0.0, 0.0),
        }),
        Item::Image(PlacedImage {
            image: photo.clone(),
            rect: r(-1e30, -1e30, 2e30, 2e30),
        }),
        Item::Image(PlacedImage {
            image: photo.clone(),
            rect: r(10.0, 10.0, 1e-3, 1e-3),
        }),
        Item::Image(PlacedImage {
            image: photo,
            rect: r(10.0, 10.0, 30.0, 1e-4),
        }),
        Item::Image(PlacedImage {
            image: broken,
            rect: r(f32::NAN, 5.0, 1e30, 1.0),
        }),
    ];
    let marks = [
        ProofMark {
            rect: r(5.0, 5.0, 0.0, 0.0),
            label: "\u{0}\n溢出".into(),
        },
        ProofMark {
            rect: r(f32::NAN, 5.0, 10.0, 10.0),
            label: String::new(),
        },
        ProofMark {
            rect: r(-1e30, 5.0, 1e30, 1e30),
            label: "x".repeat(500),
        },
    ];
    // Each alone (a panic names the item), then all together at several resolutions.
    for item in &items {
        let one = Page {
            number: 1,
            trim: (60.0, 40.0),
            bleed: 0.0,
            colour: PageColour::Cmyk,
            items: vec![item.clone()],
            type_area: r(0.0, 0.0, 60.0, 40.0),
            source: Default::default(),
            notes: Vec::new(),
        };
        render_png(&one, &fonts, 72.0, &[]).unwrap();
    }
    let mut page = Page {
        number: 1,
        trim: (60.0, 40.0),
        bleed: 9.0,
        colour: PageColour::Cmyk,
        items,
        type_area: r(0.0, 0.0, 60.0, 40.0),
        source: Default::default(),
        notes: Vec::new(),
    };
    for dpi in [1.0, 0.001, 72.0, 600.0, 1e9, f32::MAX] {
        let png = render_png(&page, &fonts, dpi, &marks).unwrap();
        let p = Lum::decode(&png);
        let (w, h, used) = proof_size(&page, dpi).unwrap();
        assert_eq!((p.w, p.h), (w, h));
        assert!(used <= MAX_DPI);
    }
    for dpi in [0.0, -5.0, f32::NAN, f32::INFINITY] {
        assert!(render_png(&page, &fonts, dpi, &marks).is_err());
    }
    page.trim = (1e9, 1e9);
    let (w, h, used) = proof_size(&page, 600.0).unwrap();
    assert!(
        w as u64 * h as u64 <= paiban::output::proof::MAX_PIXELS && used < 1.0,
        "{w} × {h} at {used}"
    );
    for trim in [(0.0, 0.0), (-10.0, f32::NAN), (f32::INFINITY, 10.0)] {
        page.trim = trim;
        let png = render_png(&page, &fonts, 600.0, &marks).unwrap();
        let p = Lum::decode(&png);
        assert!(p.w >= 1 && p.h >= 1);
        assert!(p.w as u64 * p.h as u64 <= paiban::output::proof::MAX_PIXELS);
    }
}
