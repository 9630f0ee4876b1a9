//! One line of display text set unjustified under the edition's rules, and any set line
//! put on the page as glyph runs.

use crate::display::{GlyphRun, GlyphText, Item, RunGlyph, TextRole};
use crate::fonts::Fonts;
use crate::text::normalize::clean;
use crate::text::shape::GETA;
use crate::text::{Composition, LineBreaker, LineSpec, Paragraph, SetLine, Span, TextStyle};

/// Shapes display text as given in one style, with the edition's punctuation widths: no
/// punctuation is changed, but control and invisible format characters go (the pipeline
/// warns of them) and the text is put in canonical composition.
pub(crate) fn shape_display(
    fonts: &Fonts,
    text: &str,
    style: TextStyle,
    comp: &Composition,
) -> Paragraph {
    let span = Span {
        text: clean(text),
        style,
    };
    Paragraph::as_given(fonts, &[span], 0.0, comp.punct)
}

/// Sets all of a shaped paragraph on one unjustified line in a measure `width` wide.
pub(crate) fn whole_line(para: &Paragraph, comp: &Composition, width: f32) -> SetLine {
    let spec = LineSpec {
        units: 0..para.units.len(),
        justified: false,
        overfull: false,
    };
    LineBreaker::new(para, *comp).set_line(&spec, width)
}

/// Sets as much of a shaped paragraph as fits `width` on one unjustified line, in whole units
/// from its start; with the number of units set.
pub(crate) fn fitting_line(para: &Paragraph, comp: &Composition, width: f32) -> (SetLine, usize) {
    let breaker = LineBreaker::new(para, *comp);
    let (mut lo, mut hi) = (0, para.units.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if breaker.measure(0, mid).natural <= width + FIT_TOLERANCE {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let spec = LineSpec {
        units: 0..lo,
        justified: false,
        overfull: false,
    };
    (breaker.set_line(&spec, width), lo)
}

/// How far a line may exceed its measure and still count as fitting, in pt (rounding).
const FIT_TOLERANCE: f32 = 0.01;

/// Sets display text (a marker, a label, a line of furniture) on one unjustified line under
/// the edition's rules; `f32::MAX` as the width lets it run as long as it is.
pub(crate) fn one_line(
    fonts: &Fonts,
    text: &str,
    style: TextStyle,
    comp: &Composition,
    width: f32,
) -> (Paragraph, SetLine) {
    let para = shape_display(fonts, text, style, comp);
    let line = whole_line(&para, comp, width);
    (para, line)
}

/// The text a glyph stands for, as the PDF's text layer reads it: a character no face has
/// reads as the 〓 set in its place.
/// With it, the character no face has that the glyph stands in for.
fn glyph_text(para: &Paragraph, start: u32, end: u32) -> (GlyphText, Option<char>) {
    let text = para.text.get(start as usize..end as usize).unwrap_or("");
    let missing = para.missing.iter().find(|m| m.offset == start as usize);
    match missing {
        Some(m) if !text.is_empty() => (GlyphText::from(GETA), Some(m.ch)),
        _ => (GlyphText::from(text), None),
    }
}

/// Appends a set line to a page's items at (x, baseline), one glyph run per face, size and colour.
pub(crate) fn emit_line(
    items: &mut Vec<Item>,
    para: &Paragraph,
    line: &SetLine,
    x: f32,
    baseline: f32,
    role: TextRole,
) {
    // Each run's glyphs are counted before they are collected, so that its vector is as
    // long as the run (a vector grown by pushing holds up to twice that), for every run
    // of every page stays in memory until the files are written.
    let glyphs = &line.glyphs;
    let mut start = 0;
    while let Some(first) = glyphs.get(start) {
        // The first glyph opens the run even where its size does not equal itself (NaN).
        let len = 1 + glyphs[start + 1..]
            .iter()
            .take_while(|g| g.face == first.face && g.size == first.size && g.color == first.color)
            .count();
        let run_x = x + first.x;
        let mut run = Vec::with_capacity(len);
        for g in &glyphs[start..start + len] {
            let (text, missing) = glyph_text(para, g.text.start, g.text.end);
            run.push(RunGlyph {
                id: g.id,
                x: x + g.x - run_x,
                y: g.y,
                advance: g.advance,
                text,
                missing,
            });
        }
        items.push(Item::Glyphs(GlyphRun {
            face: first.face,
            size: first.size,
            color: first.color,
            x: run_x,
            baseline,
            glyphs: run,
            role,
            source: None,
        }));
        start += len;
    }
}
