//! Screen proofs: a page of the display list drawn to a PNG, without any external program.
//!
//! Proofs are for production staff looking at pages on screen, not for press: colours are
//! converted from CMYK the simple way (R = 255·(1−C)(1−K), and so on), on white paper, and
//! the page is drawn at trim size without its bleed. [`ProofMark`]s, such as where text is
//! overset, are drawn on top in red; they never reach the press PDF.
//!
//! The same page, fonts, resolution and marks always give the same PNG bytes.

mod glyphs;
mod images;
mod marks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tiny_skia::{
    Color, FillRule, FilterQuality, LineCap, Paint, PathBuilder, Pattern, Pixmap, SpreadMode,
    Stroke, Transform,
};

use crate::display::{Cmyk, GlyphRun, Item, Page, PlacedImage, Rect};
use crate::fonts::{FaceId, Fonts};
use crate::image::{Image, PressProfile};

/// The highest resolution a proof is drawn at; higher requests are drawn at this one.
pub const MAX_DPI: f32 = 600.0;

/// The most pixels a proof has (about a broadsheet page at 600 dpi); a larger page is drawn
/// at a lower resolution so that it stays within this.
pub const MAX_PIXELS: u64 = 120_000_000;

/// The largest em square drawn, in pixels: a run set larger is not drawn.
const MAX_GLYPH_PX: f32 = 100_000.0;

/// A mark drawn on proofs only (never in press output), e.g. where text is overset.
#[derive(Debug, Clone, PartialEq)]
pub struct ProofMark {
    /// The area the mark points at, in pt from the trim's top-left corner.
    pub rect: Rect,
    /// What is wrong there (e.g. "溢出 3 行"), shown at the left end of the mark's top edge.
    pub label: String,
}

/// The size in pixels of a page's proof at `dpi`: the trim size in inches times the
/// resolution, rounded, at least one pixel each way. `dpi` is clamped to [`MAX_DPI`] (and
/// lowered further so the proof stays within [`MAX_PIXELS`]); the resolution actually used is
/// returned with the size.
pub fn proof_size(page: &Page, dpi: f32) -> Result<(u32, u32, f32), String> {
    if !dpi.is_finite() || dpi <= 0.0 {
        return Err(format!(
            "the proof resolution must be a positive number of dpi, not {dpi}"
        ));
    }
    let trim = |v: f32| if v.is_finite() { v.max(0.0) } else { 0.0 };
    let (tw, th) = (trim(page.trim.0), trim(page.trim.1));
    let px = |v: f32, dpi: f32| ((v / 72.0 * dpi).round() as u32).max(1);
    let mut dpi = dpi.min(MAX_DPI);
    let area = |dpi: f32| px(tw, dpi) as u64 * px(th, dpi) as u64;
    if area(dpi) > MAX_PIXELS {
        dpi *= (MAX_PIXELS as f64 / area(dpi) as f64).sqrt() as f32;
        while area(dpi) > MAX_PIXELS && dpi > 0.0 {
            dpi *= 0.99;
        }
    }
    Ok((px(tw, dpi), px(th, dpi), dpi))
}

/// Renders a page (trim size, no bleed) at `dpi` to PNG bytes.
///
/// The picture is [`proof_size`] pixels: `dpi` above [`MAX_DPI`] is clamped. Text is filled
/// from the faces' outlines, rules and frames are stroked, tints filled, and photos are
/// decoded and cropped to fill their frames as in the PDF. A photo that cannot be decoded is
/// shown as a grey box with a cross. `marks` are drawn last, in red.
pub fn render_png(
    page: &Page,
    fonts: &Fonts,
    dpi: f32,
    marks: &[ProofMark],
) -> Result<Vec<u8>, String> {
    render_png_for_press(page, fonts, dpi, marks, None)
}

/// Renders a page as [`render_png`] does, with its colours shown as the press prints them:
/// converted from CMYK to sRGB through `press`, the profile photos were separated with.
pub fn render_png_for_press(
    page: &Page,
    fonts: &Fonts,
    dpi: f32,
    marks: &[ProofMark],
    press: Option<&PressProfile>,
) -> Result<Vec<u8>, String> {
    render_png_cached(page, fonts, dpi, marks, press, &ProofCache::default())
}

/// What proofs drawn one after another can share: glyph outlines per face and glyph, and
/// photos decoded and reduced per photo, reduction and press profile. Decoding the photos
/// and outlining the glyphs is most of the time a proof takes; a desk that draws a page
/// again after every save keeps one cache.
///
/// A cache serves the faces of one font book: make a new one when the fonts are loaded again
/// (glyphs are known by face number and the address of the face's data).
#[derive(Default)]
pub struct ProofCache {
    /// Glyph outlines in font units by (face data address, face, glyph).
    glyphs: Mutex<HashMap<GlyphKey, Option<tiny_skia::Path>>>,
    /// Reduced photos by (hash of the file's bytes, reduction, press profile address).
    images: Mutex<HashMap<(u64, u32, usize), Option<Reduced>>>,
}

/// A photo reduced for a proof, and how many source pixels one of its pixels spans.
type Reduced = Arc<(Pixmap, u32)>;

/// A glyph in a [`ProofCache`]: the face's data address, the face and the glyph.
type GlyphKey = (usize, FaceId, u16);

impl ProofCache {
    /// The most glyph outlines and photos kept; past it the cache starts afresh, so that a
    /// desk open all night does not grow without end.
    const MAX_ENTRIES: usize = 200_000;
    const MAX_IMAGES: usize = 256;
}

/// Renders a page as [`render_png_for_press`] does, taking glyph outlines and decoded photos
/// from `cache` and leaving there those it made. The PNG is the same byte for byte.
pub fn render_png_cached(
    page: &Page,
    fonts: &Fonts,
    dpi: f32,
    marks: &[ProofMark],
    press: Option<&PressProfile>,
    cache: &ProofCache,
) -> Result<Vec<u8>, String> {
    let (pixmap, dpi) = draw(page, fonts, dpi, marks, press, cache)?;
    encode_png(&pixmap, dpi).map_err(|e| format!("cannot encode the proof as PNG: {e}"))
}

/// Renders a page as [`render_png_cached`] does, for a screen on this machine: the same
/// picture, compressed the fastest way (larger files, a third of the time), since it
/// crosses no network and is looked at once.
pub fn render_png_for_screen(
    page: &Page,
    fonts: &Fonts,
    dpi: f32,
    press: Option<&PressProfile>,
    cache: &ProofCache,
) -> Result<Vec<u8>, String> {
    let (pixmap, dpi) = draw(page, fonts, dpi, &[], press, cache)?;
    encode_png_fast(&pixmap, dpi).map_err(|e| format!("cannot encode the page as PNG: {e}"))
}

/// Draws a page and its marks; returns the picture and the resolution used.
fn draw(
    page: &Page,
    fonts: &Fonts,
    dpi: f32,
    marks: &[ProofMark],
    press: Option<&PressProfile>,
    cache: &ProofCache,
) -> Result<(Pixmap, f32), String> {
    let (w, h, dpi) = proof_size(page, dpi)?;
    let mut pixmap =
        Pixmap::new(w, h).ok_or_else(|| format!("cannot make a {w} × {h} pixel proof"))?;
    pixmap.fill(Color::WHITE);
    // The outlines are taken out for the drawing and put back after: two pages drawn at
    // once each start from what the cache held.
    let glyphs = std::mem::take(&mut *cache.glyphs.lock().unwrap_or_else(|e| e.into_inner()));
    let mut r = Renderer {
        pixmap,
        k: dpi / 72.0,
        fonts,
        glyphs,
        images: HashMap::new(),
        faces: known_faces(fonts),
        press,
    };
    r.prepare_images(page, cache);
    for item in &page.items {
        r.item(item);
    }
    for mark in marks {
        r.mark(mark);
    }
    let mut kept = cache.glyphs.lock().unwrap_or_else(|e| e.into_inner());
    if kept.len() + r.glyphs.len() > ProofCache::MAX_ENTRIES {
        kept.clear();
    }
    kept.extend(r.glyphs);
    Ok((r.pixmap, dpi))
}

/// The picture as an 8-bit RGB PNG, compressed with fdeflate's fastest mode in one piece
/// (streamed row by row that mode would not compress at all).
fn encode_png_fast(pixmap: &Pixmap, dpi: f32) -> Result<Vec<u8>, png::EncodingError> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::FdeflateUltraFast);
    let ppm = (dpi / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

/// The proof as an 8-bit RGB PNG that records its resolution. The page is opaque, so the
/// premultiplied pixels are the colours; rows are converted one at a time, so that a large
/// proof is not held twice. Light, fast compression: a proof is looked at and thrown away,
/// and the strongest level takes eight times as long for a fifth less.
fn encode_png(pixmap: &Pixmap, dpi: f32) -> Result<Vec<u8>, png::EncodingError> {
    use std::io::Write;
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(1));
    let ppm = (dpi / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    let mut row = Vec::with_capacity(w as usize * 3);
    for line in pixmap.data().chunks_exact(w as usize * 4) {
        row.clear();
        row.extend(line.chunks_exact(4).flat_map(|px| [px[0], px[1], px[2]]));
        stream.write_all(&row)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// One proof being drawn: the canvas, the scale (pixels per pt) and what was cached.
struct Renderer<'f, 'a> {
    pixmap: Pixmap,
    /// Pixels per pt.
    k: f32,
    fonts: &'f Fonts<'a>,
    /// Glyph outlines in font units (y up), `None` for a glyph without one.
    glyphs: HashMap<GlyphKey, Option<tiny_skia::Path>>,
    /// Decoded photos by the address of their `Arc`: the picture (reduced to the finest
    /// resolution any placement needs) and how many source pixels one of its pixels spans;
    /// `None` if it could not be decoded.
    images: HashMap<usize, Option<Reduced>>,
    /// The faces the book has (every face plays a role or is a fallback).
    faces: Vec<FaceId>,
    /// The press profile colours are shown through, when the edition gives one.
    press: Option<&'f PressProfile>,
}

/// Every face of the book, so that a run naming another is skipped, not a panic.
fn known_faces(fonts: &Fonts) -> Vec<FaceId> {
    let book = fonts.book();
    let mut faces: Vec<FaceId> = book
        .role_names()
        .filter_map(|r| book.role(r))
        .chain(book.fallbacks().iter().copied())
        .collect();
    faces.sort();
    faces.dedup();
    faces
}

/// The CMYK colour on screen, simply: R = 255·(1−C)(1−K), G = 255·(1−M)(1−K), B = 255·(1−Y)(1−K).
pub(crate) fn cmyk_to_rgb(c: Cmyk) -> [u8; 3] {
    let f = |v: f32| {
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let k = 1.0 - f(c.3);
    let ch = |v: f32| (255.0 * (1.0 - f(v)) * k).round() as u8;
    [ch(c.0), ch(c.1), ch(c.2)]
}

fn solid(c: Cmyk) -> Paint<'static> {
    solid_on(None, c)
}

/// The CMYK colour on screen as the press prints it: through the press profile when the
/// edition gives one, else simply ([`cmyk_to_rgb`]).
fn solid_on(press: Option<&PressProfile>, c: Cmyk) -> Paint<'static> {
    let [r, g, b] = press
        .and_then(|p| profile_rgb(p, c))
        .unwrap_or_else(|| cmyk_to_rgb(c));
    let mut paint = Paint::default();
    paint.set_color_rgba8(r, g, b, 255);
    paint.anti_alias = true;
    paint
}

/// A CMYK colour through the press profile to sRGB.
fn profile_rgb(press: &PressProfile, c: Cmyk) -> Option<[u8; 3]> {
    let byte = |v: f32| {
        if v.is_finite() {
            (v.clamp(0.0, 1.0) * 255.0).round() as u8
        } else {
            0
        }
    };
    let rgb = press
        .to_srgb(&[byte(c.0), byte(c.1), byte(c.2), byte(c.3)])
        .ok()?;
    Some([rgb[0], rgb[1], rgb[2]])
}

fn finite(values: &[f32]) -> bool {
    values.iter().all(|v| v.is_finite())
}

/// A closed rectangular path (which, unlike a [`tiny_skia::Rect`], may have no width).
fn rect_path(x0: f32, y0: f32, x1: f32, y1: f32) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    pb.move_to(x0, y0);
    pb.line_to(x1, y0);
    pb.line_to(x1, y1);
    pb.line_to(x0, y1);
    pb.close();
    pb.finish()
}

/// A point (x, y).
type Px = (f32, f32);

impl Renderer<'_, '_> {
    fn item(&mut self, item: &Item) {
        match item {
            Item::Glyphs(run) => self.run(run),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                let Some(width) = self.stroke_width(*width) else {
                    return;
                };
                let Some((a, b)) = self.clip_line((*x1, *y1), (*x2, *y2), width / 2.0 + 2.0) else {
                    return;
                };
                let mut pb = PathBuilder::new();
                pb.move_to(a.0, a.1);
                pb.line_to(b.0, b.1);
                if let Some(path) = pb.finish() {
                    let stroke = Stroke {
                        width,
                        line_cap: LineCap::Butt,
                        ..Stroke::default()
                    };
                    self.pixmap.stroke_path(
                        &path,
                        &solid_on(self.press, *color),
                        &stroke,
                        Transform::identity(),
                        None,
                    );
                }
            }
            Item::Fill { rect, color } => {
                if let Some(r) = self
                    .clip_rect(rect, 2.0)
                    .and_then(|(x0, y0, x1, y1)| tiny_skia::Rect::from_ltrb(x0, y0, x1, y1))
                {
                    self.pixmap.fill_rect(
                        r,
                        &solid_on(self.press, *color),
                        Transform::identity(),
                        None,
                    );
                }
            }
            Item::Frame { rect, width, color } => {
                let Some(width) = self.stroke_width(*width) else {
                    return;
                };
                let Some((x0, y0, x1, y1)) = self.clip_rect(rect, width / 2.0 + 2.0) else {
                    return;
                };
                if let Some(path) = rect_path(x0, y0, x1, y1) {
                    let stroke = Stroke {
                        width,
                        ..Stroke::default()
                    };
                    self.pixmap.stroke_path(
                        &path,
                        &solid_on(self.press, *color),
                        &stroke,
                        Transform::identity(),
                        None,
                    );
                }
            }
            Item::Image(pi) => self.image(pi),
            Item::Ad(ad) => self.ad(ad),
        }
    }

    /// An ad is shown as its outline with a cross through it: the proof marks the space
    /// the ad takes (it is not rendered here; the PDF carries it as it is).
    fn ad(&mut self, ad: &crate::display::PlacedAd) {
        let Some(width) = self.stroke_width(1.0) else {
            return;
        };
        let Some((x0, y0, x1, y1)) = self.clip_rect(&ad.rect, width + 2.0) else {
            return;
        };
        let mut pb = PathBuilder::new();
        pb.move_to(x0, y0);
        pb.line_to(x1, y0);
        pb.line_to(x1, y1);
        pb.line_to(x0, y1);
        pb.close();
        if ad.pdf.is_some() {
            pb.move_to(x0, y0);
            pb.line_to(x1, y1);
            pb.move_to(x1, y0);
            pb.line_to(x0, y1);
        }
        if let Some(path) = pb.finish() {
            let stroke = Stroke {
                width,
                ..Stroke::default()
            };
            let grey = crate::display::Cmyk(0.0, 0.0, 0.0, 0.5);
            self.pixmap.stroke_path(
                &path,
                &solid_on(self.press, grey),
                &stroke,
                Transform::identity(),
                None,
            );
        }
    }

    /// The canvas in pixels as (left, top, right, bottom), grown by `margin` on every side.
    fn bounds(&self, margin: f32) -> (f64, f64, f64, f64) {
        let m = margin as f64;
        let (w, h) = (self.pixmap.width() as f64, self.pixmap.height() as f64);
        (-m, -m, w + m, h + m)
    }

    /// A stroke width in pt as pixels, no wider than the canvas is across; `None` if it is
    /// not a number.
    fn stroke_width(&self, width: f32) -> Option<f32> {
        if !width.is_finite() {
            return None;
        }
        let (_, _, w, h) = self.bounds(0.0);
        Some(((width.abs() as f64 * self.k as f64).min(2.0 * (w + h) + 10.0)) as f32)
    }

    /// A rectangle in pt as pixels (left, top, right, bottom), its sides in order, cut to the
    /// canvas grown by `margin`; `None` if it is not a number or lies outside.
    fn clip_rect(&self, r: &Rect, margin: f32) -> Option<(f32, f32, f32, f32)> {
        if !finite(&[r.x, r.y, r.w, r.h]) {
            return None;
        }
        let k = self.k as f64;
        let (x, y, w, h) = (r.x as f64, r.y as f64, r.w as f64, r.h as f64);
        let (l, t, rt, b) = self.bounds(margin);
        let x0 = (x.min(x + w) * k).max(l);
        let x1 = (x.max(x + w) * k).min(rt);
        let y0 = (y.min(y + h) * k).max(t);
        let y1 = (y.max(y + h) * k).min(b);
        (x0 <= x1 && y0 <= y1).then_some((x0 as f32, y0 as f32, x1 as f32, y1 as f32))
    }

    /// A line in pt as pixels, cut to the canvas grown by `margin` (Liang–Barsky); `None`
    /// if it is not a number or lies outside.
    fn clip_line(&self, a: Px, b: Px, margin: f32) -> Option<(Px, Px)> {
        if !finite(&[a.0, a.1, b.0, b.1]) {
            return None;
        }
        let k = self.k as f64;
        let (x0, y0) = (a.0 as f64 * k, a.1 as f64 * k);
        let (dx, dy) = (b.0 as f64 * k - x0, b.1 as f64 * k - y0);
        let (l, t, r, bt) = self.bounds(margin);
        let (mut u0, mut u1) = (0.0f64, 1.0f64);
        for (p, q) in [(-dx, x0 - l), (dx, r - x0), (-dy, y0 - t), (dy, bt - y0)] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let u = q / p;
                if p < 0.0 {
                    u0 = u0.max(u);
                } else {
                    u1 = u1.min(u);
                }
            }
        }
        if u0 > u1 {
            return None;
        }
        let at = |u: f64| ((x0 + u * dx) as f32, (y0 + u * dy) as f32);
        Some((at(u0), at(u1)))
    }
}

#[cfg(test)]
mod tests {
    use super::images::reduce;
    use super::*;

    #[test]
    fn cmyk_converts_simply() {
        assert_eq!(cmyk_to_rgb(Cmyk::BLACK), [0, 0, 0]);
        assert_eq!(cmyk_to_rgb(Cmyk::WHITE), [255, 255, 255]);
        assert_eq!(cmyk_to_rgb(Cmyk(1.0, 0.0, 0.0, 0.0)), [0, 255, 255]);
        assert_eq!(cmyk_to_rgb(Cmyk(0.0, 0.0, 0.0, 0.5)), [128, 128, 128]);
        assert_eq!(cmyk_to_rgb(Cmyk(f32::NAN, 2.0, -1.0, 0.0)), [255, 0, 255]);
    }

    #[test]
    fn reducing_averages_blocks() {
        let raster = crate::image::Raster {
            width: 3,
            height: 2,
            channels: 1,
            data: vec![0, 255, 100, 255, 0, 100],
        };
        let (p, f) = reduce(&raster, 2).unwrap();
        assert_eq!((p.width(), p.height(), f), (2, 1, 2));
        assert_eq!(&p.data()[..4], &[128, 128, 128, 255]);
        assert_eq!(&p.data()[4..], &[100, 100, 100, 255]);
        let bad = crate::image::Raster {
            width: 3,
            height: 2,
            channels: 4,
            data: vec![0; 5],
        };
        assert!(reduce(&bad, 1).is_none());
    }
}
