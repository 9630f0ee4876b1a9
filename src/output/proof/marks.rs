//! Overset marks and their labels, drawn on proofs only.

use super::*;

impl Renderer<'_, '_> {
    /// A proof mark: the area tinted and outlined in red, its label in red on a light backing
    /// at the left end of the top edge. A mark with no area is drawn a few pixels wide.
    pub(super) fn mark(&mut self, mark: &ProofMark) {
        let stroke_width = self.k.clamp(2.0, 6.0);
        let Some((mut x0, mut y0, mut x1, mut y1)) = self.clip_rect(&mark.rect, stroke_width)
        else {
            return;
        };
        let min = 6.0;
        if x1 - x0 < min {
            let c = (x0 + x1) / 2.0;
            (x0, x1) = (c - min / 2.0, c + min / 2.0);
        }
        if y1 - y0 < min {
            let c = (y0 + y1) / 2.0;
            (y0, y1) = (c - min / 2.0, c + min / 2.0);
        }
        let Some(area) = tiny_skia::Rect::from_ltrb(x0, y0, x1, y1) else {
            return;
        };
        let mut tint = Paint::default();
        tint.set_color_rgba8(230, 0, 0, 40);
        self.pixmap
            .fill_rect(area, &tint, Transform::identity(), None);
        // The label sits on the top edge: above it where the page has room, else inside.
        let half = stroke_width / 2.0;
        let (size, pad) = label_metrics(self.k);
        let height = size + 2.0 * pad;
        let top = if y0 - half - height >= 0.0 {
            y0 - half - height
        } else {
            y0.max(0.0) + half
        };
        self.label(&mark.label, (x0 - half).max(0.0), top);
        if let Some(path) = rect_path(x0, y0, x1, y1) {
            let mut red = Paint::default();
            red.set_color_rgba8(230, 0, 0, 255);
            red.anti_alias = true;
            let stroke = Stroke {
                width: stroke_width,
                ..Stroke::default()
            };
            self.pixmap
                .stroke_path(&path, &red, &stroke, Transform::identity(), None);
        }
    }

    /// A mark's label in the body face: red text on a light backing, its top-left corner at
    /// (`x`, `y`) in pixels (moved left if it would run off the page), sized by
    /// [`label_metrics`].
    pub(super) fn label(&mut self, text: &str, x: f32, y: f32) {
        let Some(face_id) = self.fonts.book().role(crate::fonts::BODY_ROLE) else {
            return;
        };
        let Some(upem) = self.face_upem(face_id) else {
            return;
        };
        if text.is_empty() {
            return;
        }
        let (size, pad) = label_metrics(self.k);
        let s = size / upem;
        let glyphs: Vec<(u16, f32)> = {
            let face = self.fonts.face(face_id);
            let mut pen = 0.0;
            text.chars()
                .filter(|c| !c.is_control())
                .map(|c| {
                    let id = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                    let at = pen;
                    pen += face.glyph_hor_advance(id).unwrap_or(0) as f32 * s;
                    (id.0, at)
                })
                .collect()
        };
        let width = glyphs.last().map_or(0.0, |(id, at)| {
            at + self.fonts.advance_em(face_id, *id) * size
        });
        let x = x
            .min(self.pixmap.width() as f32 - width - 2.0 * pad)
            .max(0.0);
        let baseline = y + pad + size * 0.88;
        if let Some(back) = tiny_skia::Rect::from_xywh(x, y, width + 2.0 * pad, size + 2.0 * pad) {
            let mut paint = Paint::default();
            paint.set_color_rgba8(255, 255, 255, 215);
            self.pixmap
                .fill_rect(back, &paint, Transform::identity(), None);
        }
        let mut pb = PathBuilder::new();
        for (id, at) in glyphs {
            if let Some(path) = self.glyph(face_id, id) {
                append_scaled(&mut pb, path, s, x + pad + at, baseline);
            }
        }
        if let Some(path) = pb.finish() {
            let mut red = Paint::default();
            red.set_color_rgba8(220, 0, 0, 255);
            red.anti_alias = true;
            self.pixmap
                .fill_path(&path, &red, FillRule::Winding, Transform::identity(), None);
        }
    }
}

/// The size of a mark's label and the padding of its backing, in pixels: 9 pt, but never
/// smaller than 12 px so that it can be read on a small proof.
pub(super) fn label_metrics(k: f32) -> (f32, f32) {
    let size = (9.0 * k).max(12.0);
    (size, (size * 0.2).max(2.0))
}

/// Appends `path` (font units, y up) to `pb`, scaled by `s`, flipped, with its origin at
/// (`ox`, `oy`) in pixels.
pub(super) fn append_scaled(
    pb: &mut PathBuilder,
    path: &tiny_skia::Path,
    s: f32,
    ox: f32,
    oy: f32,
) {
    use tiny_skia::PathSegment;
    let p = |pt: tiny_skia::Point| (ox + pt.x * s, oy - pt.y * s);
    for seg in path.segments() {
        match seg {
            PathSegment::MoveTo(a) => {
                let a = p(a);
                pb.move_to(a.0, a.1);
            }
            PathSegment::LineTo(a) => {
                let a = p(a);
                pb.line_to(a.0, a.1);
            }
            PathSegment::QuadTo(a, b) => {
                let (a, b) = (p(a), p(b));
                pb.quad_to(a.0, a.1, b.0, b.1);
            }
            PathSegment::CubicTo(a, b, c) => {
                let (a, b, c) = (p(a), p(b), p(c));
                pb.cubic_to(a.0, a.1, b.0, b.1, c.0, c.1);
            }
            PathSegment::Close => pb.close(),
        }
    }
}
