//! Photos in the proof: decoded, reduced to the proof's resolution and cropped to their frame.

use super::*;

impl Renderer<'_, '_> {
    /// Decodes each distinct photo on the page once, reduced by box averaging to about the
    /// finest resolution any of its placements shows.
    pub(super) fn prepare_images(&mut self, page: &Page, cache: &ProofCache) {
        // For each photo: itself and the most source pixels per device pixel it can be
        // reduced by (the smallest over its placements).
        let mut wanted: Vec<(Arc<Image>, u32)> = Vec::new();
        for item in &page.items {
            let Item::Image(pi) = item else { continue };
            let factor = cover(pi, self.k).map_or(1, |c| {
                let per_px = 1.0 / c.scale;
                if per_px.is_finite() && per_px >= 2.0 {
                    per_px.min(65536.0) as u32
                } else {
                    1
                }
            });
            match wanted.iter_mut().find(|(i, _)| Arc::ptr_eq(i, &pi.image)) {
                Some((_, f)) => *f = (*f).min(factor),
                None => wanted.push((pi.image.clone(), factor)),
            }
        }
        let profile = self.press.map_or(0, |p| p as *const PressProfile as usize);
        for (image, factor) in wanted {
            let key = (content_hash(&image), factor, profile);
            let cached = cache
                .images
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&key)
                .cloned();
            let decoded = cached.unwrap_or_else(|| {
                let made = image
                    .decode()
                    .ok()
                    .and_then(|raster| match self.press {
                        Some(press) => reduce_for_press(&raster, factor, press),
                        None => reduce(&raster, factor),
                    })
                    .map(Arc::new);
                let mut kept = cache.images.lock().unwrap_or_else(|e| e.into_inner());
                if kept.len() >= ProofCache::MAX_IMAGES {
                    kept.clear();
                }
                kept.insert(key, made.clone());
                made
            });
            self.images.insert(Arc::as_ptr(&image) as usize, decoded);
        }
    }

    /// A photo scaled to cover its frame, centred, and cropped to the frame.
    pub(super) fn image(&mut self, pi: &PlacedImage) {
        let Some(frame) = self
            .clip_rect(&pi.rect, 1.0)
            .and_then(|(x0, y0, x1, y1)| tiny_skia::Rect::from_ltrb(x0, y0, x1, y1))
        else {
            return;
        };
        let decoded = self.images.get(&(Arc::as_ptr(&pi.image) as usize));
        let (Some(Some(reduced)), Some(c)) = (decoded, cover(pi, self.k)) else {
            self.placeholder(frame);
            return;
        };
        let (picture, factor) = &**reduced;
        let f = *factor as f32;
        let paint = Paint {
            shader: Pattern::new(
                picture.as_ref(),
                SpreadMode::Pad,
                FilterQuality::Bilinear,
                1.0,
                Transform::from_row(c.scale * f, 0.0, 0.0, c.scale * f, c.x, c.y),
            ),
            anti_alias: true,
            ..Paint::default()
        };
        self.pixmap
            .fill_rect(frame, &paint, Transform::identity(), None);
    }

    /// What stands for a photo that cannot be shown: a grey box with a cross.
    pub(super) fn placeholder(&mut self, frame: tiny_skia::Rect) {
        self.pixmap.fill_rect(
            frame,
            &solid(Cmyk(0.0, 0.0, 0.0, 0.15)),
            Transform::identity(),
            None,
        );
        let mut pb = PathBuilder::new();
        pb.move_to(frame.left(), frame.top());
        pb.line_to(frame.right(), frame.bottom());
        pb.move_to(frame.right(), frame.top());
        pb.line_to(frame.left(), frame.bottom());
        if let Some(path) = pb.finish() {
            let stroke = Stroke {
                width: 1.0,
                ..Stroke::default()
            };
            let paint = solid(Cmyk(0.0, 0.0, 0.0, 0.6));
            self.pixmap
                .stroke_path(&path, &paint, &stroke, Transform::identity(), None);
        }
    }
}

/// What a photo is, for the cache: its bytes and how they were read (the same file may be
/// set in colour on one page and in grey on a black-only one).
fn content_hash(image: &Image) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    image.data.hash(&mut h);
    (image.width, image.height, image.inverted).hash(&mut h);
    format!("{:?}{:?}", image.color, image.separation).hash(&mut h);
    image.converted.as_ref().map(|r| &r.data).hash(&mut h);
    h.finish()
}

/// Where a photo goes on the proof to cover its frame, centred: the top-left corner of the
/// whole (uncropped) picture in pixels, and pixels of proof per source pixel.
pub(super) struct Cover {
    x: f32,
    y: f32,
    scale: f32,
}

/// The cover placement of a photo, as the PDF writer does it; `None` for a photo or frame
/// without a size.
pub(super) fn cover(pi: &PlacedImage, k: f32) -> Option<Cover> {
    let r = pi.rect;
    let (iw, ih) = (pi.image.width as f32, pi.image.height as f32);
    if !finite(&[r.x, r.y, r.w, r.h]) || iw <= 0.0 || ih <= 0.0 || r.w <= 0.0 || r.h <= 0.0 {
        return None;
    }
    let scale = (r.w / iw).max(r.h / ih);
    let (dw, dh) = (iw * scale, ih * scale);
    let c = Cover {
        x: (r.x + (r.w - dw) / 2.0) * k,
        y: (r.y + (r.h - dh) / 2.0) * k,
        scale: scale * k,
    };
    (finite(&[c.x, c.y, c.scale]) && c.scale > 0.0).then_some(c)
}

/// A decoded photo as an opaque screen picture, every `factor` × `factor` block of source
/// pixels averaged into one (blocks at the right and bottom edges may be smaller).
pub(super) fn reduce(raster: &crate::image::Raster, factor: u32) -> Option<(Pixmap, u32)> {
    let four = raster.channels == 4;
    reduce_with(
        raster,
        factor,
        |px| {
            if four {
                let k = 255 - px[3] as u32;
                [
                    (255 - px[0] as u32) * k / 255,
                    (255 - px[1] as u32) * k / 255,
                    (255 - px[2] as u32) * k / 255,
                ]
            } else {
                let v = px[0] as u32;
                [v, v, v]
            }
        },
        |rgb| Some(rgb.to_vec()),
    )
}

/// A decoded photo as [`reduce`] makes it, but with its ink shown as the press prints it:
/// each block's ink averaged, then converted through the press profile (a grey photo is
/// black ink). Averaging ink before converting keeps the profile's work to the proof's
/// pixels, not the photo's.
pub(super) fn reduce_for_press(
    raster: &crate::image::Raster,
    factor: u32,
    press: &PressProfile,
) -> Option<(Pixmap, u32)> {
    let four = raster.channels == 4;
    reduce_with(
        raster,
        factor,
        |px| {
            if four {
                [px[0] as u32, px[1] as u32, px[2] as u32, px[3] as u32]
            } else {
                [0, 0, 0, 255 - px[0] as u32]
            }
        },
        |ink| press.to_srgb(ink).ok(),
    )
}

/// Walks a grey or CMYK photo in `factor` × `factor` blocks: `sample` turns each pixel into
/// `N` values, which are averaged over its block; `to_rgb` turns a row of block averages into
/// the proof's RGB, three bytes a block (`None` stops the walk).
fn reduce_with<const N: usize>(
    raster: &crate::image::Raster,
    factor: u32,
    sample: impl Fn(&[u8]) -> [u32; N],
    to_rgb: impl Fn(&[u8]) -> Option<Vec<u8>>,
) -> Option<(Pixmap, u32)> {
    let (w, h) = (raster.width as usize, raster.height as usize);
    let ch = raster.channels as usize;
    if w == 0
        || h == 0
        || !matches!(ch, 1 | 4)
        || raster.data.len() != w.checked_mul(h)?.checked_mul(ch)?
    {
        return None;
    }
    let f = (factor.max(1) as usize).min(w.max(h));
    let (ow, oh) = (w.div_ceil(f), h.div_ceil(f));
    let mut pixmap = Pixmap::new(ow as u32, oh as u32)?;
    let out = pixmap.data_mut();
    let mut sums = vec![[0u32; N]; ow];
    let mut counts = vec![0u32; ow];
    let mut averages = vec![0u8; ow * N];
    for oy in 0..oh {
        sums.iter_mut().for_each(|s| *s = [0; N]);
        counts.iter_mut().for_each(|c| *c = 0);
        for y in oy * f..((oy + 1) * f).min(h) {
            let row = &raster.data[y * w * ch..(y + 1) * w * ch];
            for (x, px) in row.chunks_exact(ch).enumerate() {
                let values = sample(px);
                for (s, v) in sums[x / f].iter_mut().zip(values) {
                    *s += v;
                }
                counts[x / f] += 1;
            }
        }
        for ox in 0..ow {
            let n = counts[ox].max(1);
            for c in 0..N {
                averages[ox * N + c] = ((sums[ox][c] + n / 2) / n) as u8;
            }
        }
        let rgb = to_rgb(&averages)?;
        for ox in 0..ow {
            let o = (oy * ow + ox) * 4;
            out[o..o + 3].copy_from_slice(&rgb[ox * 3..ox * 3 + 3]);
            out[o + 3] = 255;
        }
    }
    Some((pixmap, f as u32))
}
