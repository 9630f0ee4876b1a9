//! The display list: what is drawn on each page, in pt, from the page's top-left corner.
//!
//! This is the boundary between layout and output: composition fills it, the PDF
//! writer draws it, and tests of layout read it.

use std::path::PathBuf;
use std::sync::Arc;

pub use crate::color::{Cmyk, PageColour};
use crate::fonts::FaceId;

/// A rectangle in pt: top-left corner, width, height (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

/// One glyph of a run, positioned from the run's origin.
#[derive(Debug, Clone, PartialEq)]
pub struct RunGlyph {
    /// Glyph id in the run's face.
    pub id: u16,
    /// Horizontal offset from the run origin, in pt.
    pub x: f32,
    /// Vertical offset (up is positive), in pt.
    pub y: f32,
    /// The glyph's natural advance in pt.
    pub advance: f32,
    /// The text it stands for (empty for a glyph that continues a cluster).
    pub text: GlyphText,
    /// The character no face has, where this glyph is the 〓 (or .notdef) set for it.
    pub missing: Option<char>,
}

/// The text one glyph stands for. Nearly every glyph of a page stands for one character
/// (three bytes in UTF-8 for a Han character), and a page holds tens of thousands of them:
/// up to 14 bytes are kept in the glyph itself, not in an allocation of their own (which
/// as a `String` costs 24 bytes in the glyph and a heap block of at least 32).
#[derive(Clone, PartialEq, Eq)]
pub struct GlyphText(TextRepr);

#[derive(Clone, PartialEq, Eq)]
enum TextRepr {
    /// `len` bytes of UTF-8 at the start of `bytes`.
    Inline { len: u8, bytes: [u8; INLINE] },
    /// Longer text (a ligature of many characters, a long cluster). Boxed twice so that
    /// the type stays two words long.
    Heap(Box<Box<str>>),
}

/// The most bytes of text a glyph keeps without an allocation.
const INLINE: usize = 14;

impl GlyphText {
    /// No text.
    pub const fn new() -> GlyphText {
        GlyphText(TextRepr::Inline {
            len: 0,
            bytes: [0; INLINE],
        })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            TextRepr::Inline { len, bytes } => {
                // Only whole `&str`s are copied in (see `From<&str>`).
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default()
            }
            TextRepr::Heap(s) => s,
        }
    }
}

impl Default for GlyphText {
    fn default() -> GlyphText {
        GlyphText::new()
    }
}

impl From<&str> for GlyphText {
    fn from(s: &str) -> GlyphText {
        if s.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            GlyphText(TextRepr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            GlyphText(TextRepr::Heap(Box::new(s.into())))
        }
    }
}

impl From<String> for GlyphText {
    fn from(s: String) -> GlyphText {
        if s.len() <= INLINE {
            GlyphText::from(s.as_str())
        } else {
            GlyphText(TextRepr::Heap(Box::new(s.into_boxed_str())))
        }
    }
}

impl From<char> for GlyphText {
    fn from(c: char) -> GlyphText {
        GlyphText::from(&*c.encode_utf8(&mut [0; 4]))
    }
}

impl std::ops::Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for GlyphText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for GlyphText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for GlyphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Glyphs of one face, size and colour on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The face.
    pub face: FaceId,
    /// Size in pt.
    pub size: f32,
    /// Fill colour.
    pub color: Cmyk,
    /// Origin x (left end of the run), in pt.
    pub x: f32,
    /// Baseline y, in pt from the page top.
    pub baseline: f32,
    /// The glyphs.
    pub glyphs: Vec<RunGlyph>,
    /// What the run belongs to, for reports and tests (e.g. "body", "title", "masthead").
    pub role: TextRole,
    /// The article and line the run was set for, so that proof rounds can be compared line
    /// by line; none for page furniture. Never drawn: the PDF does not change with it.
    pub source: Option<LineSource>,
}

/// Where a set line of text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSource {
    /// The article file, as the report names it.
    pub article: Arc<str>,
    /// The index of the piece of the article's body flow the line belongs to (introduction,
    /// byline, paragraph, subhead, QR caption, in flow order); none for the headline, tag,
    /// photo caption and jump markers.
    pub paragraph: Option<u32>,
    /// The line's index within that piece (0 for the first line), counted across blocks and
    /// pages; 0 where `paragraph` is none.
    pub line: u32,
}

impl GlyphRun {
    /// The text of the run.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }
}

/// What a run of text is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRole {
    /// Article body text (including a run-in dateline).
    Body,
    /// A headline element (引题, 主题, 副题, 接版标题).
    Headline,
    /// A subhead inside the body.
    Subhead,
    /// Byline lines.
    Byline,
    /// A photo caption.
    Caption,
    /// A 栏目 label.
    Tag,
    /// A jump marker.
    Jump,
    /// Page furniture: masthead, running head.
    Furniture,
}

/// An image placed on the page.
#[derive(Debug, Clone)]
pub struct PlacedImage {
    /// The image data and facts.
    pub image: Arc<crate::image::Image>,
    /// Where it goes.
    pub rect: Rect,
}

/// Two placed images are equal when they place the same loaded image at the same place. The
/// same image is the same allocation: a photo read again is another (its file may have
/// changed), and a page that holds one keeps it alive, so no other can take its address.
impl PartialEq for PlacedImage {
    fn eq(&self, other: &PlacedImage) -> bool {
        Arc::ptr_eq(&self.image, &other.image) && self.rect == other.rect
    }
}

/// An ad placed on the page: one page of the advertiser's PDF, drawn as it is (never
/// scaled), its trim at the reserved space.
#[derive(Debug, Clone)]
pub struct PlacedAd {
    /// The ad's page, read and checked; `None` for a space whose file is not in yet (its
    /// placeholder box is drawn as ordinary items).
    pub pdf: Option<Arc<crate::image::ad::AdPdf>>,
    /// The space reserved for it, in pt from the page's top-left (a 整版 ad's is the trim).
    pub rect: Rect,
    /// Where the top-left corner of the ad's trim lands: the space's, or centred in it when
    /// the sizes differ within the tolerance.
    pub trim_at: (f32, f32),
    /// What the drawing is clipped to: the space, or for a 整版 ad the page with its bleed.
    pub clip: Rect,
    /// The desk's name for it.
    pub label: String,
    /// Who placed it.
    pub advertiser: Option<String>,
    /// The template's size it was given by name.
    pub size: Option<String>,
    /// The file as the edition names it.
    pub file: Option<PathBuf>,
}

/// Two placed ads are equal when they copy the same page of the same bytes to the same place,
/// which is what makes their PDF objects the same.
impl PartialEq for PlacedAd {
    fn eq(&self, other: &PlacedAd) -> bool {
        let same_pdf = match (&self.pdf, &other.pdf) {
            (Some(a), Some(b)) => {
                Arc::ptr_eq(a, b) || (a.page_index == b.page_index && a.data == b.data)
            }
            (None, None) => true,
            _ => false,
        };
        same_pdf
            && self.rect == other.rect
            && self.trim_at == other.trim_at
            && self.clip == other.clip
            && self.label == other.label
            && self.advertiser == other.advertiser
            && self.size == other.size
            && self.file == other.file
    }
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text.
    Glyphs(GlyphRun),
    /// A straight line from (x1, y1) to (x2, y2).
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Stroke width in pt.
        width: f32,
        /// Colour.
        color: Cmyk,
    },
    /// A filled rectangle (tints, boxes, QR modules).
    Fill {
        /// Area.
        rect: Rect,
        /// Colour.
        color: Cmyk,
    },
    /// A stroked rectangle.
    Frame {
        /// Area.
        rect: Rect,
        /// Stroke width in pt.
        width: f32,
        /// Colour.
        color: Cmyk,
    },
    /// A picture.
    Image(PlacedImage),
    /// An ad. Boxed: a placed ad is larger than any other item (its names and file), and
    /// a page has many items and few ads.
    Ad(Box<PlacedAd>),
}

/// A finished page: its boxes and what is drawn on it. Equal pages make identical PDF
/// objects, which is what lets a session keep a page's file from one build to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Page number in the edition.
    pub number: u32,
    /// Trim size in pt (width, height).
    pub trim: (f32, f32),
    /// Bleed on every side, in pt.
    pub bleed: f32,
    /// The inks it is printed in (a black-only page takes K alone).
    pub colour: PageColour,
    /// The drawing, in order.
    pub items: Vec<Item>,
    /// The type area, for checks.
    pub type_area: Rect,
    /// Where the page came from (the edition file), for reports.
    pub source: PathBuf,
    /// What the desk must see on this page and the plate must not carry (proofs only).
    pub notes: Vec<Note>,
}

/// A fact about a place on the page, set down by composition for proofs and the desk.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Where on the page, in pt.
    pub rect: Rect,
    /// The article file it concerns.
    pub article: String,
    /// What it says.
    pub kind: NoteKind,
}

/// What a note says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NoteKind {
    /// The area of one of the article's blocks, so that the desk can point at it.
    Block {
        /// Its place in the article's chain of blocks (0 for the first).
        part: u32,
    },
    /// The article's last block, where text that did not fit runs over (超版).
    Overset {
        /// Lines that did not fit, at the block's measure.
        lines: u32,
        /// Characters that did not fit.
        chars: u32,
    },
}

impl Page {
    /// The ads on the page.
    pub fn ads(&self) -> impl Iterator<Item = &PlacedAd> {
        self.items.iter().filter_map(|i| match i {
            Item::Ad(a) => Some(&**a),
            _ => None,
        })
    }

    /// All glyph runs on the page.
    pub fn runs(&self) -> impl Iterator<Item = &GlyphRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Glyphs(r) => Some(r),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_text_keeps_short_text_inline_and_long_text_whole() {
        // The sizes the memory figures rest on, on the 64-bit machines paiban runs on.
        if cfg!(target_pointer_width = "64") {
            assert_eq!(std::mem::size_of::<GlyphText>(), 16);
            assert_eq!(std::mem::size_of::<RunGlyph>(), 40);
        }
        assert!(
            std::mem::size_of::<Item>() <= 96,
            "{}",
            std::mem::size_of::<Item>()
        );
        for s in [
            "",
            "中",
            "〓",
            "ffi",
            "12345678901234",
            "一二三四五",
            "a\u{301}b\u{301}c\u{301}d",
        ] {
            let t = GlyphText::from(s);
            assert_eq!(t.as_str(), s);
            assert_eq!(GlyphText::from(s.to_string()), t);
            assert_eq!(t.is_empty(), s.is_empty());
            assert!(matches!(t.0, TextRepr::Inline { .. }) == (s.len() <= INLINE));
        }
        assert_eq!(GlyphText::from('〓'), "〓");
        assert_eq!(GlyphText::default(), "");
        assert_eq!(format!("{:?}", GlyphText::from("中")), "\"中\"");
    }
}
