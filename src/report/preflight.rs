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
    /// The ads, each as the plant's preflight found it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ads: Vec<AdCheck>,
}

/// An ad as placed, and what the preflight found in its file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AdCheck {
    /// The page.
    pub page: u32,
    /// The desk's name for it.
    pub label: String,
    /// Who placed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advertiser: Option<String>,
    /// The template's size it was given by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// The file; absent for a space whose ad is not in yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `placed`, or `placeholder` (the space is drawn as a labelled box).
    pub status: String,
    /// The space's width and height, mm.
    pub space_mm: (f32, f32),
    /// The ad's trim width and height, mm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trim_mm: Option<(f32, f32)>,
    /// Which box of the file gave the trim (`TrimBox`, or `MediaBox` when it has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trim_box: Option<String>,
    /// The page of the file placed (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_page: Option<u32>,
    /// The PDF version of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdf_version: Option<String>,
    /// The PDF/X version the file claims.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdfx: Option<String>,
    /// Its fonts, each embedded (a file with one that is not is refused).
    pub fonts: Vec<AdFontCheck>,
    /// The colour spaces it uses.
    pub color_spaces: Vec<String>,
    /// Transparency in it (allowed only when the edition is PDF/X-4).
    pub transparency: Vec<String>,
    /// Its images, with their resolution as placed.
    pub images: Vec<AdImageCheck>,
    /// What the desk should know: a trim within the tolerance but not exact, low-resolution
    /// images, a full-page ad without bleed, no file yet.
    pub warnings: Vec<String>,
}

/// A font of an ad.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AdFontCheck {
    /// Its `BaseFont`.
    pub name: String,
    /// Its type.
    pub kind: String,
    /// Whether its program is in the file.
    pub embedded: bool,
}

/// An image of an ad.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AdImageCheck {
    /// Its resource name in the ad.
    pub name: String,
    /// Pixels.
    pub pixels: (u32, u32),
    /// Effective resolution as placed (the lower of the two directions), ppi.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_ppi: Option<f32>,
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
