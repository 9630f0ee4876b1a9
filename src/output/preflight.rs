//! Preflight: what a printing plant checks before it makes plates — fonts, colour, image
//! resolution, ink coverage and page boxes — read off the display list the PDF is made from.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::display_path;
use crate::display::{Item, Page};
use crate::fonts::{FaceId, Fonts};
use crate::image::{ColorModel, INK_LIMIT, Image, InkCoverage};
use crate::report::preflight::{BoxCheck, FontCheck, ImageCheck, MIN_PPI, Preflight};
use crate::units::PT_PER_MM;

/// Ink coverage of every image, decoded once (run beside composition: it is the slow part).
/// `threads` workers take the images in turn; the result is keyed by path, so it does not
/// depend on which worker decoded what.
pub(crate) fn image_ink(
    images: &BTreeMap<PathBuf, Arc<Image>>,
    threads: usize,
) -> BTreeMap<PathBuf, Result<InkCoverage, String>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let list: Vec<(&PathBuf, &Arc<Image>)> = images.iter().collect();
    let next = AtomicUsize::new(0);
    let out = Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, list.len().max(1)) {
            s.spawn(|| {
                while let Some((p, img)) = list.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let ink = img.ink_coverage();
                    out.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert((*p).clone(), ink);
                }
            });
        }
    });
    out.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Checks the composed pages.
pub fn check(
    pages: &[Page],
    fonts: &Fonts,
    ink: &BTreeMap<PathBuf, Result<InkCoverage, String>>,
) -> Preflight {
    let mut pf = Preflight {
        standard: "PDF/X-1a:2001".into(),
        ink_limit: INK_LIMIT,
        ..Preflight::default()
    };
    let mut faces: BTreeMap<FaceId, Vec<u32>> = BTreeMap::new();
    let mut spaces = vec!["DeviceCMYK".to_string()];
    let mut colors: BTreeMap<String, f32> = BTreeMap::new();
    for page in pages {
        for item in &page.items {
            let color = match item {
                Item::Glyphs(run) => {
                    let v = faces.entry(run.face).or_default();
                    if !v.contains(&page.number) {
                        v.push(page.number);
                    }
                    Some(run.color)
                }
                Item::Line { color, .. } | Item::Fill { color, .. } | Item::Frame { color, .. } => {
                    Some(*color)
                }
                Item::Image(pi) => {
                    let img = &pi.image;
                    let scale = (pi.rect.w / img.width as f32).max(pi.rect.h / img.height as f32);
                    let ppi = 72.0 / scale;
                    let (kind, space) = match (img.color, img.converted.is_some()) {
                        (ColorModel::Gray, _) => ("greyscale JPEG", "DeviceGray"),
                        (ColorModel::Cmyk, _) => ("CMYK JPEG, passed through", "DeviceCMYK"),
                        (ColorModel::Rgb, _) => ("RGB JPEG, converted to CMYK", "DeviceCMYK"),
                    };
                    if !spaces.iter().any(|s| s == space) {
                        spaces.push(space.to_string());
                    }
                    let file = display_path(&img.path);
                    let (ink_max, ink_p995) = match ink.get(&img.path) {
                        Some(Ok(c)) => (c.max, c.p995),
                        Some(Err(e)) => {
                            pf.problems.push(format!("{file}: {e}"));
                            (0.0, 0.0)
                        }
                        None => (0.0, 0.0),
                    };
                    if ppi < MIN_PPI {
                        pf.problems.push(format!("{file} on page {}: {ppi:.0} ppi at its placed size, below {MIN_PPI:.0}", page.number));
                    }
                    if ink_p995 > INK_LIMIT {
                        pf.problems.push(format!(
                            "{file}: total ink {ink_p995:.0} % over the limit of {INK_LIMIT:.0} %"
                        ));
                    }
                    pf.images.push(ImageCheck {
                        file,
                        page: page.number,
                        pixels: (img.width, img.height),
                        placed_mm: (round1(pi.rect.w / PT_PER_MM), round1(pi.rect.h / PT_PER_MM)),
                        effective_ppi: ppi.round(),
                        color: kind.to_string(),
                        ink_max: ink_max.round(),
                        ink_p995: ink_p995.round(),
                    });
                    None
                }
            };
            if let Some(c) = color {
                let name = format!(
                    "C{:.0} M{:.0} Y{:.0} K{:.0}",
                    c.0 * 100.0,
                    c.1 * 100.0,
                    c.2 * 100.0,
                    c.3 * 100.0
                );
                colors.insert(name, ((c.0 + c.1 + c.2 + c.3) * 100.0).round());
            }
        }
        let (w, h) = page.trim;
        pf.boxes.push(BoxCheck {
            page: page.number,
            media_mm: (
                round1((w + 2.0 * page.bleed) / PT_PER_MM),
                round1((h + 2.0 * page.bleed) / PT_PER_MM),
            ),
            trim_mm: (round1(w / PT_PER_MM), round1(h / PT_PER_MM)),
            bleed_mm: round1(page.bleed / PT_PER_MM),
        });
    }
    for (name, ink) in &colors {
        if *ink > INK_LIMIT {
            pf.problems.push(format!(
                "colour {name}: total ink {ink:.0} % over the limit"
            ));
        }
    }
    pf.colors = colors.into_iter().collect();
    pf.color_spaces = spaces;
    for (face, pages) in faces {
        let data = fonts.book().face_data(face);
        pf.fonts.push(FontCheck {
            name: data.postscript_name.clone(),
            file: display_path(&data.path),
            embedding: if data.is_cff {
                "subset, CIDFontType0C (CFF), Identity-H, ToUnicode".into()
            } else {
                "subset, CIDFontType2 (TrueType), Identity-H, ToUnicode".into()
            },
            pages,
        });
    }
    pf
}

fn round1(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}
