//! One paragraph at a time: normalise → shape → classify → break lines → justify.
//!
//! A paragraph is shaped once; it can then be broken at any width from any unit on,
//! which is what flowing a story through frames of different widths needs.
//!
//! The stages, one file each: `normalize` (the text as the desk means it), `shape` (glyphs,
//! with `faces` choosing a face per grapheme, `plain` for the glyphs shaping leaves alone and
//! `plans` for the shaper's plans), `segment` (units), `runs` (where a URL, a number or a long
//! word may break), `classes` (clreq classes and prohibitions), `measure` (a line's measure),
//! `linebreak` (choosing breaks) and `line` (justifying and placing a chosen line).
//! This file holds the types they share.

pub mod classes;
mod faces;
mod line;
mod linebreak;
mod measure;
mod memo;
pub mod normalize;
mod plain;
mod plans;
mod runs;
mod segment;
pub mod shape;

use std::ops::Range;

use serde::Deserialize;

pub use classes::{CharClass, Kinsoku, KinsokuLevel};
pub use linebreak::{LineBreaker, LineQuality, LineSpec};
pub use measure::LineMetrics;
pub use memo::ShapeCache;

use crate::color::Cmyk;
use crate::fonts::{FaceId, Fonts};

/// How CJK punctuation is sized (标点符号的排法).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
pub enum PunctStyle {
    /// 全角式: marks take a full em; adjacent pairs 1.5 em; line-end marks half.
    #[default]
    #[serde(rename = "全角式", alias = "quanjiao", alias = "full")]
    Quanjiao,
    /// 开明式: 。？！ full, other marks half an em.
    #[serde(rename = "开明式", alias = "kaiming")]
    Kaiming,
    /// 半角式: every mark half an em.
    #[serde(rename = "半角式", alias = "banjiao", alias = "half")]
    Banjiao,
}

/// The composition rules in force for a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct Composition {
    /// Line-start/line-end prohibitions.
    pub kinsoku: KinsokuLevel,
    /// Punctuation sizing.
    pub punct: PunctStyle,
    /// Whether an opening bracket at a line start loses its leading blank half.
    pub open_at_line_start_half: bool,
    /// Tracking (字距) added to every gap between characters, as a fraction of the em;
    /// negative tightens. Copyfitting sets it within the edition's limit (`[copyfit]
    /// tracking`, at most 0.1; 0.02 unless the edition says otherwise).
    pub tracking: f32,
}

impl Default for Composition {
    fn default() -> Self {
        Composition {
            kinsoku: KinsokuLevel::Gb,
            punct: PunctStyle::Quanjiao,
            open_at_line_start_half: false,
            tracking: 0.0,
        }
    }
}

/// How a run of text looks: its face chain, size and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// The role's face first, then the fallbacks (up to four faces).
    pub faces: FaceChain,
    /// Size in pt.
    pub size: f32,
    /// Fill colour.
    pub color: Cmyk,
}

/// A short list of faces tried in order for each character.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceChain {
    faces: [FaceId; 4],
    len: u8,
}

impl FaceChain {
    /// A chain of the given faces (at most four; duplicates are dropped).
    pub fn new(faces: &[FaceId]) -> Self {
        let mut out = [faces[0]; 4];
        let mut len = 0;
        for f in faces {
            if len < 4 && !out[..len].contains(f) {
                out[len] = *f;
                len += 1;
            }
        }
        FaceChain {
            faces: out,
            len: len as u8,
        }
    }
}

impl std::ops::Deref for FaceChain {
    type Target = [FaceId];
    fn deref(&self) -> &[FaceId] {
        &self.faces[..self.len as usize]
    }
}

/// A piece of a paragraph's text in one style (a run-in dateline, then the body).
#[derive(Debug, Clone)]
pub struct Span {
    /// The text, already normalised.
    pub text: String,
    /// How it looks.
    pub style: TextStyle,
}

/// One glyph out of the shaper, in pt.
#[derive(Debug, Clone, Copy)]
pub struct ShapedGlyph {
    /// The face it comes from.
    pub face: FaceId,
    /// Glyph id in that face.
    pub id: u16,
    /// Advance in pt.
    pub advance: f32,
    /// Offset from the pen position, in pt.
    pub x_offset: f32,
    /// Vertical offset, in pt (up is positive).
    pub y_offset: f32,
    /// Byte offset in the paragraph text of the cluster it belongs to.
    pub cluster: u32,
    /// Whether this is the 〓 set for a character no face has.
    pub geta: bool,
}

/// The smallest piece composition moves: a character, a Latin word, a paired mark, a space.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Its glyphs in the paragraph's glyph list.
    pub glyphs: Range<u32>,
    /// Its bytes in the paragraph text.
    pub text: Range<u32>,
    /// Its class.
    pub class: CharClass,
    /// Natural width in pt, with the punctuation style applied.
    pub width: f32,
    /// Blank before the first glyph (padding of narrow marks), in pt.
    pub lead: f32,
    /// Blank on the left that may be compressed away (opening brackets), in pt.
    pub squeeze_left: f32,
    /// Blank on the right that may be compressed away (closing marks), in pt.
    pub squeeze_right: f32,
    /// The em (font size) of the unit, in pt.
    pub em: f32,
    /// Index of its span.
    pub span: u16,
    /// Whether it continues the unit before it inside one run of Latin text, and so how
    /// dear a break before it is.
    pub joint: Joint,
}

/// How a unit continues the one before it: a URL, an e-mail address, a phone number or a long
/// word is cut into pieces where it may break, dearer than a break between units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Joint {
    /// Not a piece of a run: breaks before it are the ordinary ones.
    #[default]
    Apart,
    /// A piece after a URL's `/`, `.`, `-`, `_`, `?`, `&`, `@`, a phone number's or word's hyphen.
    Run,
    /// A piece between two letters or digits of one word: a break without a hyphen, the
    /// last resort.
    Letter,
}

/// A character no face has: set as 〓 and reported.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MissingGlyph {
    /// The character.
    pub ch: char,
    /// Byte offset in the paragraph text.
    pub offset: usize,
    /// Index of its span.
    pub span: u16,
}

/// A shaped paragraph, ready to be broken into lines at any width.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// The whole text.
    pub text: String,
    /// Byte ranges of the spans in `text`.
    pub span_ranges: Vec<Range<usize>>,
    /// Style of each span.
    pub styles: Vec<TextStyle>,
    /// Shaped glyphs in text order.
    pub glyphs: Vec<ShapedGlyph>,
    /// Units in text order (an indent unit first if the paragraph is indented).
    pub units: Vec<Unit>,
    /// Characters that no face has.
    pub missing: Vec<MissingGlyph>,
    /// Breaks chosen before and the breakers' tables, shared by the copies of this paragraph
    /// (see [`BreakMemo`]).
    pub(crate) breaks: linebreak::BreakMemo,
}

impl Paragraph {
    /// Normalises and shapes a paragraph made of styled spans; `indent` in pt (0 for none).
    pub fn new(fonts: &Fonts, spans: &[Span], indent: f32, comp: &Composition) -> Paragraph {
        memo::shaped(
            fonts,
            memo::Prepared::Normalized,
            spans,
            indent,
            comp.punct,
            || {
                let spans: Vec<Span> = spans
                    .iter()
                    .map(|s| Span {
                        text: normalize::normalize(&s.text),
                        style: s.style,
                    })
                    .filter(|s| !s.text.is_empty())
                    .collect();
                shape::shape_paragraph(fonts, &spans, indent, comp.punct)
            },
        )
    }

    /// Shapes text as given (headlines, furniture), but for what no text keeps: control and
    /// invisible format characters go, and the text is put in canonical composition.
    pub fn raw(fonts: &Fonts, text: &str, style: TextStyle) -> Paragraph {
        let span = [Span {
            text: text.to_string(),
            style,
        }];
        memo::shaped(
            fonts,
            memo::Prepared::Raw,
            &span,
            0.0,
            PunctStyle::Quanjiao,
            || {
                shape::shape_paragraph(
                    fonts,
                    &[Span {
                        text: normalize::clean(text),
                        style,
                    }],
                    0.0,
                    PunctStyle::Quanjiao,
                )
            },
        )
    }

    /// Shapes spans already normalised, as they are (a jump's resume marker run in, a
    /// caption with its credit).
    pub(crate) fn as_given(
        fonts: &Fonts,
        spans: &[Span],
        indent: f32,
        punct: PunctStyle,
    ) -> Paragraph {
        memo::shaped(fonts, memo::Prepared::AsGiven, spans, indent, punct, || {
            shape::shape_paragraph(fonts, spans, indent, punct)
        })
    }

    /// The text of a range of units.
    pub fn unit_text(&self, units: Range<usize>) -> &str {
        if units.is_empty() {
            return "";
        }
        let start = self.units[units.start..units.end]
            .iter()
            .find(|u| u.class != CharClass::Indent)
            .map_or(0, |u| u.text.start as usize);
        let end = self.units[units.end - 1].text.end as usize;
        if end <= start {
            ""
        } else {
            &self.text[start..end]
        }
    }

    /// Natural width of the whole paragraph on one line, in pt.
    pub fn natural_width(&self) -> f32 {
        if self.units.is_empty() {
            return 0.0;
        }
        let breaker = LineBreaker::new(self, Composition::default());
        breaker.measure(0, self.units.len()).natural
    }
}

/// One glyph placed on a line, x from the line's start in pt.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Face.
    pub face: FaceId,
    /// Glyph id.
    pub id: u16,
    /// Size in pt.
    pub size: f32,
    /// Horizontal position of the glyph origin from the line start, in pt.
    pub x: f32,
    /// Vertical offset from the baseline (up is positive), in pt.
    pub y: f32,
    /// Its advance as the font has it, in pt (the PDF writer needs it).
    pub advance: f32,
    /// Colour.
    pub color: Cmyk,
    /// Bytes of the paragraph text this glyph stands for (empty for the second glyph of a cluster).
    pub text: Range<u32>,
}

/// A composed line: placed glyphs and what the line holds.
#[derive(Debug, Clone)]
pub struct SetLine {
    /// Glyphs in order.
    pub glyphs: Vec<PlacedGlyph>,
    /// The units it holds.
    pub units: Range<usize>,
    /// The width it was set to: the measure for justified lines, the natural width for a last line.
    pub width: f32,
    /// Whether it was justified (every line but a paragraph's last).
    pub justified: bool,
    /// Whether it could not be fitted (a Latin word longer than the measure).
    pub overfull: bool,
}
