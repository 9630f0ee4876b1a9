//! Page content: images, fills, rules, glyph runs and crop marks as PDF operators.

use std::collections::BTreeMap;
use std::sync::Arc;

use pdf_writer::types::ColorSpaceOperand;
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Ref, Str};

use super::font::FontRes;
use super::{SPOT_SPACE, deflate_fast};
use crate::color::SpotInk;
use crate::display::{Cmyk, GlyphRun, Item, Page};
use crate::fonts::FaceId;
use crate::image::ad::AdPdf;
use crate::image::{ColorModel, Image};

/// A picture or an ad page written once for the page: its object and resource name.
pub(super) type Placed<T> = (Arc<T>, Ref, String);

pub(super) fn write_image(pdf: &mut Chunk, id: Ref, img: &Image) {
    if let Some(raster) = &img.converted {
        // An RGB photo separated when it was read, or a photo made grey for a black page.
        let data = img.deflated.get_or_init(|| deflate_fast(&raster.data));
        let mut x = pdf.image_xobject(id, data);
        x.filter(Filter::FlateDecode);
        x.width(img.width as i32);
        x.height(img.height as i32);
        x.bits_per_component(8);
        x.color_space_name(Name(if raster.channels == 1 {
            b"DeviceGray"
        } else {
            b"DeviceCMYK"
        }));
        return;
    }
    let mut x = pdf.image_xobject(id, &img.data);
    x.filter(Filter::DctDecode);
    x.width(img.width as i32);
    x.height(img.height as i32);
    x.bits_per_component(8);
    match img.color {
        ColorModel::Gray => {
            x.color_space_name(Name(b"DeviceGray"));
        }
        // RGB photos are converted when read and never get here.
        ColorModel::Rgb | ColorModel::Cmyk => {
            x.color_space_name(Name(b"DeviceCMYK"));
            if img.inverted {
                x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
        }
    }
}

pub(super) fn set_fill(
    c: &mut Content,
    col: Cmyk,
    overprint: &mut Option<bool>,
    spot: Option<&SpotInk>,
) -> bool {
    set_overprint(c, col, overprint);
    if spot.is_some_and(|s| s.prints(col)) {
        c.set_fill_color_space(ColorSpaceOperand::Named(Name(SPOT_SPACE)));
        c.set_fill_color([1.0]);
        return true;
    }
    c.set_fill_cmyk(col.0, col.1, col.2, col.3);
    false
}

/// Sets the stroke colour: the spot ink's plate for the colour it prints, CMYK otherwise;
/// says whether the spot was used.
fn set_stroke(c: &mut Content, col: Cmyk, spot: Option<&SpotInk>) -> bool {
    if spot.is_some_and(|s| s.prints(col)) {
        c.set_stroke_color_space(ColorSpaceOperand::Named(Name(SPOT_SPACE)));
        c.set_stroke_color([1.0]);
        return true;
    }
    c.set_stroke_cmyk(col.0, col.1, col.2, col.3);
    false
}

/// 100 % K overprints; everything else knocks out.
fn set_overprint(c: &mut Content, col: Cmyk, overprint: &mut Option<bool>) {
    let op = col.is_pure_black();
    if *overprint != Some(op) {
        c.set_parameters(Name(if op { b"GSop" } else { b"GSko" }));
        *overprint = Some(op);
    }
}

/// The content stream of one page.
/// Crop marks at the four trim corners, outside the bleed: 100 % K hairlines.
pub(super) fn crop_mark_content(page: &Page, margin: f32) -> Vec<u8> {
    let mut c = Content::new();
    let b = page.bleed;
    let (w, h) = page.trim;
    let (x0, y0) = (margin + b, margin + b);
    let (x1, y1) = (x0 + w, y0 + h);
    let gap = b + 3.0;
    let len = margin + b - gap;
    c.set_parameters(Name(b"GSko"));
    c.set_stroke_cmyk(0.0, 0.0, 0.0, 1.0);
    c.set_line_width(0.25);
    for (x, y, dx, dy) in [
        (x0, y0, -1.0, -1.0),
        (x1, y0, 1.0, -1.0),
        (x0, y1, -1.0, 1.0),
        (x1, y1, 1.0, 1.0),
    ] {
        c.move_to(x + dx * gap, y);
        c.line_to(x + dx * (gap + len), y);
        c.move_to(x, y + dy * gap);
        c.line_to(x, y + dy * (gap + len));
    }
    c.stroke();
    c.finish().to_vec()
}

/// The content stream of one page, and whether it uses the spot ink.
pub(super) fn page_content(
    page: &Page,
    fonts: &BTreeMap<FaceId, FontRes>,
    (images, ads): (&[Placed<Image>], &[Placed<AdPdf>]),
    margin: f32,
    spot: Option<&SpotInk>,
) -> (Vec<u8>, bool) {
    let mut spot_used = false;
    let mut c = Content::new();
    let b = page.bleed + margin;
    let h = page.trim.1 + 2.0 * b;
    let px = |x: f32| x + b;
    let py = |y: f32| h - (y + b);
    let mut overprint: Option<bool> = None;
    for item in &page.items {
        match item {
            Item::Glyphs(run) => {
                spot_used |= set_fill(&mut c, run.color, &mut overprint, spot);
                write_run(&mut c, run, &fonts[&run.face], px(run.x), py(run.baseline));
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                set_overprint(&mut c, *color, &mut overprint);
                spot_used |= set_stroke(&mut c, *color, spot);
                c.set_line_width(*width);
                c.move_to(px(*x1), py(*y1));
                c.line_to(px(*x2), py(*y2));
                c.stroke();
            }
            Item::Fill { rect, color } => {
                spot_used |= set_fill(&mut c, *color, &mut overprint, spot);
                c.rect(px(rect.x), py(rect.bottom()), rect.w, rect.h);
                c.fill_nonzero();
            }
            Item::Frame { rect, width, color } => {
                spot_used |= set_stroke(&mut c, *color, spot);
                c.set_line_width(*width);
                c.rect(px(rect.x), py(rect.bottom()), rect.w, rect.h);
                c.stroke();
            }
            Item::Image(pi) => {
                let Some((_, _, name)) = images.iter().find(|(i, _, _)| Arc::ptr_eq(i, &pi.image))
                else {
                    continue;
                };
                if overprint != Some(false) {
                    c.set_parameters(Name(b"GSko"));
                    overprint = Some(false);
                }
                let r = pi.rect;
                // Fill the frame, cropping the picture's overflow (centred).
                let iw = pi.image.width as f32;
                let ih = pi.image.height as f32;
                let scale = (r.w / iw).max(r.h / ih);
                let (dw, dh) = (iw * scale, ih * scale);
                let dx = r.x + (r.w - dw) / 2.0;
                let dy = r.y + (r.h - dh) / 2.0;
                c.save_state();
                c.rect(px(r.x), py(r.bottom()), r.w, r.h);
                c.clip_nonzero();
                c.end_path();
                c.transform([dw, 0.0, 0.0, dh, px(dx), py(dy + dh)]);
                c.x_object(Name(name.as_bytes()));
                c.restore_state();
            }
            Item::Ad(ad) => {
                let Some(pdf) = &ad.pdf else { continue };
                let Some((_, _, name)) = ads.iter().find(|(p, _, _)| Arc::ptr_eq(p, pdf)) else {
                    continue;
                };
                if overprint != Some(false) {
                    c.set_parameters(Name(b"GSko"));
                    overprint = Some(false);
                }
                // The copied page is drawn from its CropBox's corner; its trim's lower-left
                // corner goes to the lower-left of where the trim lands.
                let (tx, ty) = (pdf.trim.x0 - pdf.crop.x0, pdf.trim.y0 - pdf.crop.y0);
                let x = px(ad.trim_at.0);
                let y = py(ad.trim_at.1 + pdf.trim.height());
                let r = ad.clip;
                c.save_state();
                c.rect(px(r.x), py(r.bottom()), r.w, r.h);
                c.clip_nonzero();
                c.end_path();
                c.transform([1.0, 0.0, 0.0, 1.0, x - tx, y - ty]);
                c.x_object(Name(name.as_bytes()));
                c.restore_state();
            }
        }
    }
    (c.finish().to_vec(), spot_used)
}

/// One glyph run as a positioned text show: the font's own advances, adjusted to our positions.
pub(super) fn write_run(c: &mut Content, run: &GlyphRun, font: &FontRes, x: f32, y: f32) {
    c.begin_text();
    c.set_font(Name(font.name.as_bytes()), run.size);
    c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
    let mut pos = c.show_positioned();
    let mut items = pos.items();
    let mut pen = 0.0f32;
    let mut buf: Vec<u8> = Vec::new();
    for g in &run.glyphs {
        let delta = g.x - pen;
        if delta.abs() > 0.001 {
            if !buf.is_empty() {
                items.show(Str(&buf));
                buf.clear();
            }
            items.adjust(-delta * 1000.0 / run.size);
        }
        let cid = font.remap.get(g.id).unwrap_or(0);
        buf.extend_from_slice(&cid.to_be_bytes());
        pen = g.x + font.widths.get(&g.id).copied().unwrap_or(0.0) * run.size / 1000.0;
    }
    if !buf.is_empty() {
        items.show(Str(&buf));
    }
    items.finish();
    pos.finish();
    c.end_text();
}
