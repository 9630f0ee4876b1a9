//! Preflight: what a printing plant checks before it makes plates — fonts, colour, image
//! resolution, ink coverage and page boxes — read off the display list the PDF is made from.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::color::SpotInk;
use crate::diag::display_path;
use crate::display::{Cmyk, Item, Page, PageColour, PlacedAd, PlacedImage, TextRole};
use crate::fonts::{FaceId, Fonts};
use crate::image::{ColorModel, INK_LIMIT, InkCoverage, Separation};
use crate::report::preflight::{
    AdCheck, AdFontCheck, AdImageCheck, BoxCheck, ColourOnBlack, FontCheck, ImageCheck, MIN_PPI,
    Preflight,
};
use crate::units::PT_PER_MM;

/// Checks the composed pages.
pub fn check(
    pages: &[Page],
    fonts: &Fonts,
    ink: &BTreeMap<PathBuf, Result<InkCoverage, String>>,
    spot: Option<&SpotInk>,
) -> Preflight {
    let mut pf = Preflight {
        standard: "PDF/X-1a:2001".into(),
        ink_limit: INK_LIMIT,
        ..Preflight::default()
    };
    let mut faces: BTreeMap<FaceId, Vec<u32>> = BTreeMap::new();
    let mut spaces = vec!["DeviceCMYK".to_string()];
    let mut colors: BTreeMap<String, f32> = BTreeMap::new();
    let mut on_black: Vec<ColourOnBlack> = Vec::new();
    // Every glyph run and rule names its colour, but an edition has a handful of colours:
    // each is formatted once, by its exact value.
    let mut names: Vec<([u32; 4], String)> = Vec::new();
    for page in pages {
        let black = page.colour == PageColour::Black;
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
                    if black && img.color != ColorModel::Gray {
                        on_black.push(ColourOnBlack {
                            page: page.number,
                            element: format!("photo {}", display_path(&img.path)),
                            colour: match img.color {
                                ColorModel::Rgb => "RGB",
                                _ => "CMYK",
                            }
                            .into(),
                        });
                    }
                    let (checked, space) = image_check(page.number, pi, ink, &mut pf.problems);
                    if !spaces.iter().any(|s| s == space) {
                        spaces.push(space.to_string());
                    }
                    pf.images.push(checked);
                    None
                }
                Item::Ad(ad) => {
                    let checked = ad_check(page.number, ad);
                    for s in &checked.color_spaces {
                        if !spaces.contains(s) {
                            spaces.push(s.clone());
                        }
                    }
                    pf.ads.push(checked);
                    None
                }
            };
            if let Some(c) = color {
                if let Some(spot) = spot.filter(|s| s.prints(c)) {
                    let space = format!("Separation ({})", spot.name);
                    if !spaces.contains(&space) {
                        spaces.push(space);
                    }
                }
                let bits = [c.0, c.1, c.2, c.3].map(f32::to_bits);
                let at = match names.iter().position(|(b, _)| *b == bits) {
                    Some(at) => at,
                    None => {
                        names.push((bits, ink_name(c)));
                        names.len() - 1
                    }
                };
                let name = &names[at].1;
                if black && c.has_colour_ink() {
                    let element = element_name(item);
                    let seen = on_black.iter().any(|o| {
                        o.page == page.number && o.element == element && o.colour == *name
                    });
                    if !seen {
                        on_black.push(ColourOnBlack {
                            page: page.number,
                            element,
                            colour: name.clone(),
                        });
                    }
                }
                // As an insert would: the last colour of a name gives its total.
                let total = ((c.0 + c.1 + c.2 + c.3) * 100.0).round();
                match colors.get_mut(name) {
                    Some(t) => *t = total,
                    None => {
                        colors.insert(name.clone(), total);
                    }
                }
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
    for o in &on_black {
        pf.problems.push(format!(
            "page {} prints in black only (colour = \"black\"), but its {} is in {}: the black plate cannot carry it",
            o.page, o.element, o.colour
        ));
    }
    pf.colour_on_black = on_black;
    pf.colors = colors.into_iter().collect();
    pf.color_spaces = spaces;
    for (face, pages) in faces {
        let data = fonts.book().face_data(face);
        pf.fonts.push(FontCheck {
            name: data.postscript_name.clone(),
            file: display_path(&data.path),
            index: data.index,
            found_by: data.found_by.clone(),
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

/// The plant's check of one placed photo: resolution, ink, how its colour was made; and the
/// colour space it goes into the PDF in. Problems are added to `problems`.
fn image_check(
    page: u32,
    pi: &PlacedImage,
    ink: &BTreeMap<PathBuf, Result<InkCoverage, String>>,
    problems: &mut Vec<String>,
) -> (ImageCheck, &'static str) {
    let img = &pi.image;
    let scale = (pi.rect.w / img.width as f32).max(pi.rect.h / img.height as f32);
    let ppi = 72.0 / scale;
    let format = img.format.name();
    let (kind, space) = match (img.color, img.separation) {
        (_, Separation::Grey(ColorModel::Rgb)) => (
            format!("RGB {format}, converted to greyscale for a black-only page"),
            "DeviceGray",
        ),
        (_, Separation::Grey(_)) => (
            format!("CMYK {format}, converted to greyscale for a black-only page"),
            "DeviceGray",
        ),
        (ColorModel::Gray, _) => (format!("greyscale {format}"), "DeviceGray"),
        (ColorModel::Cmyk, _) => (format!("CMYK {format}, passed through"), "DeviceCMYK"),
        (_, Separation::ProfileEmbedded | Separation::ProfileSrgb) => (
            format!("RGB {format}, separated to CMYK through the press profile"),
            "DeviceCMYK",
        ),
        (ColorModel::Rgb, _) => (format!("RGB {format}, converted to CMYK"), "DeviceCMYK"),
    };
    let file = display_path(&img.path);
    // A photo made grey for a black page is not the file's colours.
    let own = img.converted.as_ref().map(|r| Ok(r.ink()));
    let (ink_max, ink_p995) = match own.as_ref().or(ink.get(&img.path)) {
        Some(Ok(c)) => (c.max, c.p995),
        Some(Err(e)) => {
            problems.push(format!("{file}: {e}"));
            (0.0, 0.0)
        }
        None => (0.0, 0.0),
    };
    if ppi < MIN_PPI {
        problems.push(format!(
            "{file} on page {}: {ppi:.0} ppi at its placed size, below {MIN_PPI:.0}",
            page
        ));
    }
    if ink_p995 > INK_LIMIT {
        problems.push(format!(
            "{file}: total ink {ink_p995:.0} % over the limit of {INK_LIMIT:.0} %"
        ));
    }
    let checked = ImageCheck {
        file,
        page,
        pixels: (img.width, img.height),
        placed_mm: (round1(pi.rect.w / PT_PER_MM), round1(pi.rect.h / PT_PER_MM)),
        effective_ppi: ppi.round(),
        color: kind,
        separation: match img.separation {
            Separation::AsGiven => "as given",
            Separation::Formula => "formula",
            Separation::ProfileEmbedded | Separation::ProfileSrgb => "profile",
            Separation::Grey(_) => "greyscale",
        }
        .into(),
        source_profile: match img.separation {
            Separation::ProfileEmbedded => img
                .source_profile
                .as_ref()
                .map(|name| format!("embedded: {name}")),
            Separation::ProfileSrgb => Some("sRGB (none embedded)".into()),
            _ => None,
        },
        ink_max: ink_max.round(),
        ink_p995: ink_p995.round(),
    };
    (checked, space)
}

/// The plant's check of one ad: its file's boxes, fonts, colour, transparency and images,
/// as read when the edition was loaded (a file that fails is refused there).
fn ad_check(page: u32, ad: &PlacedAd) -> AdCheck {
    let mm = |v: f32| round1(v / PT_PER_MM);
    let warnings = crate::compose::furniture::ad_warnings(page, ad);
    let mut check = AdCheck {
        page,
        label: ad.label.clone(),
        advertiser: ad.advertiser.clone(),
        size: ad.size.clone(),
        file: ad.file.as_ref().map(|f| f.display().to_string()),
        status: if ad.pdf.is_some() {
            "placed"
        } else {
            "placeholder"
        }
        .into(),
        space_mm: (mm(ad.rect.w), mm(ad.rect.h)),
        trim_mm: None,
        trim_box: None,
        file_page: None,
        pdf_version: None,
        pdfx: None,
        fonts: Vec::new(),
        color_spaces: Vec::new(),
        transparency: Vec::new(),
        images: Vec::new(),
        warnings,
    };
    let Some(pdf) = &ad.pdf else {
        return check;
    };
    check.trim_mm = Some((mm(pdf.trim.width()), mm(pdf.trim.height())));
    check.trim_box = Some(pdf.trim_from.into());
    check.file_page = Some(pdf.page_index as u32 + 1);
    check.pdf_version = Some(pdf.version.clone());
    check.pdfx = pdf.pdfx.clone();
    check.fonts = pdf
        .fonts
        .iter()
        .map(|f| AdFontCheck {
            name: f.name.clone(),
            kind: f.kind.clone(),
            embedded: f.embedded,
        })
        .collect();
    check.color_spaces = pdf.color_spaces.iter().cloned().collect();
    check.transparency = pdf.transparency.clone();
    check.images = pdf
        .images
        .iter()
        .map(|i| AdImageCheck {
            name: i.name.clone(),
            pixels: i.pixels,
            effective_ppi: i.effective_ppi().map(f32::round),
        })
        .collect();
    check
}

/// A colour as the plant reads it: `C0 M100 Y100 K0`.
fn ink_name(c: Cmyk) -> String {
    format!(
        "C{:.0} M{:.0} Y{:.0} K{:.0}",
        c.0 * 100.0,
        c.1 * 100.0,
        c.2 * 100.0,
        c.3 * 100.0
    )
}

/// What a drawn item is, in the desk's words, for a problem that names it: text by its role
/// and its first characters, rules, tints and frames by their kind and place (mm from the
/// trim's top-left corner, as a ruler on the proof reads it).
fn element_name(item: &Item) -> String {
    let at = |x: f32, y: f32| format!("at {:.0} × {:.0} mm", x / PT_PER_MM, y / PT_PER_MM);
    match item {
        Item::Glyphs(run) => {
            let role = match run.role {
                TextRole::Body => "body",
                TextRole::Headline => "headline",
                TextRole::Subhead => "subhead",
                TextRole::Byline => "byline",
                TextRole::Caption => "caption",
                TextRole::Tag => "tag (栏目)",
                TextRole::Jump => "jump marker",
                TextRole::Furniture => "masthead or running head",
            };
            let text: String = run.text().chars().take(12).collect();
            format!("{role} text “{text}”")
        }
        Item::Line { x1, y1, .. } => format!("rule {}", at(*x1, *y1)),
        Item::Fill { rect, .. } => format!("tint {}", at(rect.x, rect.y)),
        Item::Frame { rect, .. } => format!("frame {}", at(rect.x, rect.y)),
        Item::Image(pi) => format!("photo {}", display_path(&pi.image.path)),
        Item::Ad(ad) => format!("ad “{}”", ad.label),
    }
}

fn round1(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}
