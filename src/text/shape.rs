//! Shaping a paragraph with rustybuzz and cutting it into units (characters, Latin words,
//! paired marks) with the widths and compressible blanks composition needs.

use std::ops::Range;

use super::classes::{CharClass, classify, is_wide};
use super::{MissingGlyph, Paragraph, PunctStyle, ShapedGlyph, Span, Unit};
use crate::fonts::{FaceId, Fonts};

/// The geta mark set in place of a character no font has.
pub const GETA: char = '〓';

/// Shapes `spans` (already normalised) into a paragraph. `indent` is the first-line indent in pt.
pub fn shape_paragraph(fonts: &Fonts, spans: &[Span], indent: f32, punct: PunctStyle) -> Paragraph {
    let mut text = String::new();
    let mut span_ranges = Vec::with_capacity(spans.len());
    for s in spans {
        let start = text.len();
        text.push_str(&s.text);
        span_ranges.push(start..text.len());
    }
    let mut glyphs: Vec<ShapedGlyph> = Vec::with_capacity(text.len() / 2);
    let mut missing = Vec::new();
    for (si, span) in spans.iter().enumerate() {
        let base = span_ranges[si].start;
        shape_span(fonts, span, si as u16, base, &mut glyphs, &mut missing);
    }
    let mut units = Vec::with_capacity(glyphs.len() + 1);
    // No indent for a paragraph with no text (only controls or spaces): the indent unit
    // would point at a span that does not exist.
    if indent > 0.0 && !spans.is_empty() {
        units.push(Unit {
            glyphs: 0..0,
            text: 0..0,
            class: CharClass::Indent,
            width: indent,
            lead: 0.0,
            squeeze_left: 0.0,
            squeeze_right: 0.0,
            em: spans.first().map_or(indent / 2.0, |s| s.style.size),
            span: 0,
        });
    }
    build_units(&text, spans, &span_ranges, &glyphs, &mut units);
    apply_punct_style(&mut units, punct);
    Paragraph {
        text,
        span_ranges,
        styles: spans.iter().map(|s| s.style).collect(),
        glyphs,
        units,
        missing,
    }
}

/// Splits a span into runs by the first face of its chain that covers each character,
/// shapes each run, and records characters no face has.
fn shape_span(
    fonts: &Fonts,
    span: &Span,
    span_index: u16,
    base: usize,
    glyphs: &mut Vec<ShapedGlyph>,
    missing: &mut Vec<MissingGlyph>,
) {
    let chain = &span.style.faces;
    let mut pieces: Vec<(Range<usize>, FaceId, bool)> = Vec::new();
    let mut current: Option<(usize, FaceId)> = None;
    for (i, c) in span.text.char_indices() {
        if is_extender(c) && current.is_some() {
            continue;
        }
        let (face, ok) = pick_face(fonts, chain, c);
        if !ok {
            missing.push(MissingGlyph {
                ch: c,
                offset: base + i,
                span: span_index,
            });
            if let Some((s, f)) = current.take() {
                pieces.push((s..i, f, false));
            }
            pieces.push((i..i + c.len_utf8(), face, true));
            continue;
        }
        match current {
            Some((_, f)) if f == face => {}
            Some((s, f)) => {
                pieces.push((s..i, f, false));
                current = Some((i, face));
            }
            None => current = Some((i, face)),
        }
    }
    if let Some((s, f)) = current {
        pieces.push((s..span.text.len(), f, false));
    }
    for (range, face, is_geta) in pieces {
        if is_geta {
            let gid = fonts.face(face).glyph_index(GETA).map_or(0, |g| g.0);
            let upem = fonts.upem(face);
            let adv = fonts
                .face(face)
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(upem as u16);
            glyphs.push(ShapedGlyph {
                face,
                id: gid,
                advance: adv as f32 / upem * span.style.size,
                x_offset: 0.0,
                y_offset: 0.0,
                cluster: (base + range.start) as u32,
                geta: true,
            });
            continue;
        }
        shape_run(
            fonts,
            face,
            &span.text[range.clone()],
            base + range.start,
            span.style.size,
            glyphs,
        );
    }
}

/// The face of `chain` that covers `c`; the body face's 〓 when none does.
fn pick_face(fonts: &Fonts, chain: &[FaceId], c: char) -> (FaceId, bool) {
    if c == ' ' || c == '\u{3000}' {
        return (chain[0], true);
    }
    for f in chain {
        if fonts.covers(*f, c) {
            return (*f, true);
        }
    }
    let geta_face = chain
        .iter()
        .copied()
        .find(|f| fonts.covers(*f, GETA))
        .unwrap_or(chain[0]);
    (geta_face, false)
}

fn shape_run(
    fonts: &Fonts,
    face: FaceId,
    text: &str,
    base: usize,
    size: f32,
    out: &mut Vec<ShapedGlyph>,
) {
    // Latin words are shaped as Latin (their kerning and ligatures); everything else as
    // simplified Chinese, whose `locl` gives the full-width forms of —— and other marks.
    let mut start = 0;
    let mut latin = None;
    for (i, c) in text.char_indices() {
        let is_latin = c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c);
        let l = if c.is_ascii_digit() || c == ' ' || c == '.' || c == ',' {
            latin.unwrap_or(is_latin)
        } else {
            is_latin
        };
        if latin.is_some_and(|p| p != l) {
            shape_piece(
                fonts,
                face,
                &text[start..i],
                base + start,
                size,
                latin == Some(true),
                out,
            );
            start = i;
        }
        latin = Some(l);
    }
    if start < text.len() {
        shape_piece(
            fonts,
            face,
            &text[start..],
            base + start,
            size,
            latin == Some(true),
            out,
        );
    }
}

fn shape_piece(
    fonts: &Fonts,
    face: FaceId,
    text: &str,
    base: usize,
    size: f32,
    latin: bool,
    out: &mut Vec<ShapedGlyph>,
) {
    let rb = fonts.face(face);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    if latin {
        buffer.set_script(rustybuzz::script::LATIN);
    } else {
        buffer.set_script(rustybuzz::script::HAN);
        if let Ok(lang) = "zh-Hans".parse() {
            buffer.set_language(lang);
        }
    }
    let shaped = rustybuzz::shape(rb, &[], buffer);
    let scale = size / rb.units_per_em() as f32;
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        out.push(ShapedGlyph {
            face,
            id: info.glyph_id as u16,
            advance: pos.x_advance as f32 * scale,
            x_offset: pos.x_offset as f32 * scale,
            y_offset: pos.y_offset as f32 * scale,
            cluster: (base + info.cluster as usize) as u32,
            geta: false,
        });
    }
}

/// Groups characters into units: one per CJK character, one per Latin word or number,
/// one per paired —— or ……, one per space.
fn build_units(
    text: &str,
    spans: &[Span],
    span_ranges: &[Range<usize>],
    glyphs: &[ShapedGlyph],
    units: &mut Vec<Unit>,
) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut g = 0usize; // next glyph not yet assigned
    let mut i = 0usize;
    let span_of = |offset: usize| {
        span_ranges
            .iter()
            .position(|r| r.contains(&offset))
            .unwrap_or(0)
    };
    while i < chars.len() {
        let (start, c) = chars[i];
        let si = span_of(start);
        let span_end = span_ranges[si].end;
        let mut class = classify(c);
        let mut j = i + 1;
        let same_span = |k: usize| k < chars.len() && chars[k].0 < span_end;
        match class {
            CharClass::Dash | CharClass::Ellipsis => {
                while same_span(j) && classify(chars[j].1) == class && j - i < 2 {
                    j += 1;
                }
            }
            CharClass::Latin => {
                while same_span(j) && classify(chars[j].1) == CharClass::Latin {
                    j += 1;
                }
                if j == i + 1 && c == '/' {
                    class = CharClass::Solidus;
                }
            }
            CharClass::Space => {
                while same_span(j) && classify(chars[j].1) == CharClass::Space {
                    j += 1;
                }
            }
            _ => {}
        }
        // Combining marks and variation selectors stay with their base.
        while same_span(j) && is_extender(chars[j].1) {
            j += 1;
        }
        let end = if j < chars.len() {
            chars[j].0
        } else {
            text.len()
        };
        let g_start = g;
        while g < glyphs.len() && (glyphs[g].cluster as usize) < end {
            g += 1;
        }
        let width: f32 = glyphs[g_start..g].iter().map(|gl| gl.advance).sum();
        let em = spans[si].style.size;
        let mut unit = Unit {
            glyphs: g_start as u32..g as u32,
            text: start as u32..end as u32,
            class,
            width,
            lead: 0.0,
            squeeze_left: 0.0,
            squeeze_right: 0.0,
            em,
            span: si as u16,
        };
        fit_punct_to_em(&mut unit);
        units.push(unit);
        i = j;
    }
}

fn is_extender(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0xFE00..=0xFE0F | 0x200D | 0xE0100..=0xE01EF | 0x1F3FB..=0x1F3FF)
}

/// Sets CJK punctuation on a full em (narrow Latin-style quotes are padded on their blank side)
/// and records which half of it is blank and may be compressed.
fn fit_punct_to_em(u: &mut Unit) {
    let em = u.em;
    match u.class {
        CharClass::Open => {
            if u.width < em * 0.95 {
                u.lead = em - u.width;
                u.width = em;
            }
            u.squeeze_left = em * 0.5;
        }
        CharClass::Close | CharClass::Pause | CharClass::Stop => {
            if u.width < em * 0.95 {
                u.width = em;
            }
            u.squeeze_right = em * 0.5;
        }
        CharClass::Middle => {
            if u.width < em * 0.95 {
                u.lead = (em - u.width) / 2.0;
                u.width = em;
            }
            u.squeeze_left = em * 0.25;
            u.squeeze_right = em * 0.25;
        }
        CharClass::Dash | CharClass::Ellipsis => {
            // Two marks, two ems, whatever the font's advance.
            let n = if u.text.len() > 3 { 2.0 } else { 1.0 };
            if u.width < em * n * 0.95 {
                u.lead = (em * n - u.width) / 2.0;
                u.width = em * n;
            }
        }
        CharClass::Ideograph if u.width < em * 0.95 && u.glyphs.len() == 1 => {
            u.lead = (em - u.width) / 2.0;
            u.width = em;
        }
        _ => {}
    }
}

/// Applies the punctuation style's fixed compression (开明式 and 半角式 set marks at half width).
fn apply_punct_style(units: &mut [Unit], style: PunctStyle) {
    for u in units.iter_mut() {
        let half = match style {
            PunctStyle::Quanjiao => false,
            PunctStyle::Kaiming => matches!(
                u.class,
                CharClass::Pause | CharClass::Close | CharClass::Open | CharClass::Middle
            ),
            PunctStyle::Banjiao => u.class.is_compressible_punct(),
        };
        if half {
            u.width -= u.squeeze_left + u.squeeze_right;
            u.lead -= u.squeeze_left;
            u.squeeze_left = 0.0;
            u.squeeze_right = 0.0;
        }
    }
}

/// Whether a character is drawn on the em grid; used by tests and the compose stage.
pub fn is_grid_char(c: char) -> bool {
    is_wide(c)
}
