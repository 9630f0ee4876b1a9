//! What the plant's preflight found: fonts, colour spaces, image resolution, ink coverage
//! and page boxes, as they go into `report.json`.

use serde::Serialize;

/// Lowest effective resolution of a photo that prints without visible pixels, in ppi.
pub(crate) const MIN_PPI: f32 = 200.0;

/// A font as it goes into the PDFs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FontCheck {
    /// PostScript name (a six-letter subset tag is added in each file).
    pub name: String,
    /// The font file.
    pub file: String,
    /// The face's index in the file when it is a collection (`.ttc`/`.otc`) and not the first.
    #[serde(skip_serializing_if = "is_zero")]
    pub index: u32,
    /// How the edition's family name found it ("family `…` in fonts/"), or that the family
    /// was not found and the file was used; absent when the edition named the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_by: Option<String>,
    /// How it is embedded.
    pub embedding: String,
    /// Pages it is used on.
    pub pages: Vec<u32>,
}

/// Whether a face index is the first face's (left out of the report).
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A photo as it is placed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageCheck {
    /// The image file.
    pub file: String,
    /// The page it is on.
    pub page: u32,
    /// Pixels.
    pub pixels: (u32, u32),
    /// Placed size in mm (the frame; the picture is cropped to fill it).
    pub placed_mm: (f32, f32),
    /// Effective resolution at the placed size, in ppi.
    pub effective_ppi: f32,
    /// How it goes into the PDF.
    pub color: String,
    /// How its colours were separated: `as given` (CMYK or greyscale in the file),
    /// `profile` (RGB, through the press's ICC profile), `formula` (RGB, paiban's own
    /// separation: no press profile given), `greyscale` (made black-only for a 黑白版).
    pub separation: String,
    /// For `profile`: the profile its RGB was read in — `embedded: <description>`, or
    /// `sRGB (none embedded)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_profile: Option<String>,
    /// Total ink: highest and 99.5th percentile, in percent.
    pub ink_max: f32,
    /// Total ink that 99.5 % of its pixels stay under, in percent.
    pub ink_p995: f32,
}

/// A page's boxes in mm.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BoxCheck {
    /// Page number.
    pub page: u32,
    /// MediaBox width and height.
    pub media_mm: (f32, f32),
    /// TrimBox width and height.
    pub trim_mm: (f32, f32),
    /// Bleed on every side.
    pub bleed_mm: f32,
}

/// The whole preflight.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Preflight {
    /// PDF standard the files claim.
    pub standard: String,
    /// Fonts.
    pub fonts: Vec<FontCheck>,
    /// Colour spaces used anywhere in the files.
    pub color_spaces: Vec<String>,
    /// Colours of text, rules and tints with their total ink in percent.
    pub colors: Vec<(String, f32)>,
    /// The ink limit checked against, in percent.
    pub ink_limit: f32,
    /// Photos.
    pub images: Vec<ImageCheck>,
    /// Page boxes.
    pub boxes: Vec<BoxCheck>,
    /// Ink other than black on pages that print in black only (黑白版): the plate cannot
    /// carry it. Each one is a layout problem (`--strict` fails).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub colour_on_black: Vec<ColourOnBlack>,
    /// What fails a check, one line each; empty when everything passes.
    pub problems: Vec<String>,
}

/// Something in colour on a page that prints in black only.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ColourOnBlack {
    /// The page.
    pub page: u32,
    /// What it is: `masthead text “株洲日报”`, `a tint`, `photo images/x.jpg` …
    pub element: String,
    /// Its colour (`C0 M100 Y100 K0`, or the photo's colour model).
    pub colour: String,
}
