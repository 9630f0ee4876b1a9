//! Glyph outlines for the proof: each face's glyphs drawn as paths, cached per page.

use super::marks::append_scaled;
use super::*;

/// Glyph outlines from ttf-parser into a tiny-skia path, in font units.
pub(super) struct Outline(PathBuilder);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

impl Renderer<'_, '_> {
    /// The outline of a glyph in font units, read once per proof.
    pub(super) fn glyph(&mut self, face: FaceId, id: u16) -> Option<&tiny_skia::Path> {
        let fonts = self.fonts;
        let data = fonts.book().face_data(face).data.as_ptr() as usize;
        self.glyphs
            .entry((data, face, id))
            .or_insert_with(|| {
                let mut outline = Outline(PathBuilder::new());
                fonts
                    .face(face)
                    .outline_glyph(ttf_parser::GlyphId(id), &mut outline)?;
                outline.0.finish()
            })
            .as_ref()
    }

    /// A run of glyphs, filled as one path: each glyph's outline scaled from font units to
    /// pixels, flipped, and placed at the run's origin plus the glyph's offset.
    pub(super) fn run(&mut self, run: &GlyphRun) {
        if !finite(&[run.x, run.baseline, run.size]) || run.size <= 0.0 {
            return;
        }
        let Some(upem) = self.face_upem(run.face) else {
            return;
        };
        let k = self.k;
        let em = run.size * k;
        if em > MAX_GLYPH_PX {
            return;
        }
        let s = em / upem;
        let (l, t, r, b) = self.bounds(2.0 * em + 2.0);
        let mut pb = PathBuilder::new();
        for g in &run.glyphs {
            let ox = (run.x as f64 + g.x as f64) * k as f64;
            let oy = (run.baseline as f64 - g.y as f64) * k as f64;
            // Far off the page (or not a number): nothing of the glyph can show.
            if !(ox >= l && ox <= r && oy >= t && oy <= b) {
                continue;
            }
            let (ox, oy) = (ox as f32, oy as f32);
            if let Some(path) = self.glyph(run.face, g.id) {
                append_scaled(&mut pb, path, s, ox, oy);
            }
        }
        if let Some(path) = pb.finish() {
            self.pixmap.fill_path(
                &path,
                &solid_on(self.press, run.color),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
    }

    /// The units per em of a face, if the book has the face and its value is usable.
    pub(super) fn face_upem(&self, face: FaceId) -> Option<f32> {
        if self.faces.binary_search(&face).is_err() {
            return None;
        }
        let upem = self.fonts.upem(face);
        (upem > 0.0).then_some(upem)
    }
}
