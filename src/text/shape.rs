//! Shaping a paragraph with rustybuzz and cutting it into units (characters, Latin words,
//! paired marks) with the widths and compressible blanks composition needs.

use super::classes::{CharClass, is_extender, is_word_apostrophe};
use super::faces::{face_runs, full_width_mark_face};
use super::plain::{PlainGlyph, plain_glyph};
use super::plans::{RawGlyph, shaped_piece, with_plan};
use super::segment;
use super::{MissingGlyph, Paragraph, PunctStyle, ShapedGlyph, Span, Unit};
use crate::fonts::{FaceId, Fonts};

/// The geta mark set in place of a character no font has.
pub const GETA: char = '〓';

/// Shapes `spans` (already normalised) into a paragraph. `indent` is the first-line indent in pt.
pub(crate) fn shape_paragraph(
    fonts: &Fonts,
    spans: &[Span],
    indent: f32,
    punct: PunctStyle,
) -> Paragraph {
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
            joint: super::Joint::Apart,
        });
    }
    segment::build_units(&text, spans, &span_ranges, &glyphs, &mut units);
    segment::apply_punct_style(&mut units, punct);
    Paragraph {
        text,
        span_ranges,
        styles: spans.iter().map(|s| s.style).collect(),
        glyphs,
        units,
        missing,
        breaks: Default::default(),
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
    if shape_in_first_face(fonts, span, base, glyphs) {
        return;
    }
    for run in face_runs(fonts, span, span_index, base, missing) {
        let range = run.text;
        if run.geta {
            glyphs.push(geta_glyph(
                fonts,
                run.face,
                span.style.size,
                base + range.start,
            ));
            continue;
        }
        shape_run(
            fonts,
            run.face,
            &span.text[range.clone()],
            base + range.start,
            span.style.size,
            glyphs,
        );
    }
}

/// The fast path: when the first face has every character, the span is one run in that face —
/// what the per-character choice of [`face_runs`] comes to — and most characters need no
/// coverage look-up of their own: a CJK ideograph, an ASCII character or a common CJK mark the
/// face lacks comes out of the shaper as glyph 0 (they have no decomposition the shaper could
/// use instead, and without combining marks nothing composes), which sends the span down the
/// exact path. Returns false, having added nothing, when the span must take that path.
fn shape_in_first_face(
    fonts: &Fonts,
    span: &Span,
    base: usize,
    glyphs: &mut Vec<ShapedGlyph>,
) -> bool {
    let f0 = span.style.faces[0];
    let chain = &span.style.faces;
    if !span.text.chars().any(is_extender)
        && !span.text.char_indices().any(|(i, c)| {
            // Only these marks may take another face (see `full_width_mark_face`): the test
            // first spares every other character the call.
            matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
                && full_width_mark_face(
                    fonts,
                    chain,
                    &span.text,
                    i,
                    &span.text[i..i + c.len_utf8()],
                )
                .is_some()
        })
        && span
            .text
            .chars()
            .all(|c| c == ' ' || c == '\u{3000}' || needs_no_lookup(c) || fonts.covers(f0, c))
    {
        let mark = glyphs.len();
        shape_run(fonts, f0, &span.text, base, span.style.size, glyphs);
        if glyphs[mark..].iter().all(|g| g.id != 0) {
            return true;
        }
        glyphs.truncate(mark);
    }
    false
}

/// The 〓 of `face` at `size`, standing for the character at byte `cluster`.
fn geta_glyph(fonts: &Fonts, face: FaceId, size: f32, cluster: usize) -> ShapedGlyph {
    let gid = fonts.face(face).glyph_index(GETA).map_or(0, |g| g.0);
    let upem = fonts.upem(face);
    let adv = fonts
        .face(face)
        .glyph_hor_advance(ttf_parser::GlyphId(gid))
        .unwrap_or(upem as u16);
    ShapedGlyph {
        face,
        id: gid,
        advance: adv as f32 / upem * size,
        x_offset: 0.0,
        y_offset: 0.0,
        cluster: cluster as u32,
        geta: true,
    }
}

/// Characters whose coverage the shaper's output tells (glyph 0 when the face lacks them): no
/// canonical decomposition, so the shaper cannot map them to other characters.
fn needs_no_lookup(c: char) -> bool {
    matches!(c as u32,
        0x21..=0x7E
        | 0x2010..=0x2027
        | 0x2030..=0x205E
        | 0x3001..=0x3029
        | 0x3030..=0x303F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xFF01..=0xFF5E
        | 0x20000..=0x2EBEF
        | 0x30000..=0x3134F)
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
    // An apostrophe inside a word (O’Neill) is part of the word.
    let mut start = 0;
    let mut latin = None;
    let mut prev = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        let is_latin = c.is_ascii_alphabetic()
            || ('\u{c0}'..='\u{24f}').contains(&c)
            || is_word_apostrophe(prev, c, next);
        prev = Some(c);
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
    if !latin && shape_han_plain(fonts, face, text, base, size, out) {
        return;
    }
    shape_with_rustybuzz(fonts, face, text, base, size, latin, out);
}

/// Shapes Chinese text, setting the characters whose glyphs the shaper provably leaves alone
/// ([`plain_glyph`]) without it, and the runs of other characters between them with it:
/// what shaping the whole text at once gives, glyph for glyph. No lookup can reach across such a
/// glyph, and the shaper's own rules (normalisation, clusters, marks) cannot either when the
/// run after it starts with a character that attaches to nothing before it. Returns false,
/// having added nothing, when a run starts with another character after a plain glyph.
fn shape_han_plain(
    fonts: &Fonts,
    face: FaceId,
    text: &str,
    base: usize,
    size: f32,
    out: &mut Vec<ShapedGlyph>,
) -> bool {
    let mark = out.len();
    let scale = size / fonts.face(face).units_per_em() as f32;
    // Start of the run of characters still to be shaped.
    let mut pending: Option<usize> = None;
    let mut after_plain = false;
    for (i, c) in text.char_indices() {
        // A glyph that may be the second of a pair is left alone at the start of the text and
        // after a plain glyph, not after one that is shaped.
        let plain = if is_plain_char(c) {
            plain_glyph(fonts, face, c).filter(|p| p.after_any || pending.is_none())
        } else {
            None
        };
        match plain {
            Some(PlainGlyph { id, advance, .. }) => {
                if let Some(s) = pending.take() {
                    shape_with_rustybuzz(fonts, face, &text[s..i], base + s, size, false, out);
                }
                // As `shape_with_rustybuzz` computes it from the shaper's integer positions.
                out.push(ShapedGlyph {
                    face,
                    id,
                    advance: advance as i32 as f32 * scale,
                    x_offset: 0.0 * scale,
                    y_offset: 0.0 * scale,
                    cluster: (base + i) as u32,
                    geta: false,
                });
                after_plain = true;
            }
            None if pending.is_none() => {
                if after_plain && !starts_cleanly(c) {
                    out.truncate(mark);
                    return false;
                }
                pending = Some(i);
            }
            None => {}
        }
    }
    if let Some(s) = pending {
        shape_with_rustybuzz(fonts, face, &text[s..], base + s, size, false, out);
    }
    true
}

/// Characters the shaper passes through as they are in Chinese text: no canonical
/// decomposition, part of no composition, not marks, not default-ignorable, not spaces, not
/// digits — hanzi and the common CJK marks. Whether their glyphs are left alone is the font's
/// business ([`plain_glyph`]).
fn is_plain_char(c: char) -> bool {
    matches!(c as u32,
        0x2018 | 0x2019 | 0x201C | 0x201D
        | 0x3001..=0x3003
        | 0x3008..=0x3011
        | 0x3014..=0x301F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xFF01..=0xFF0F
        | 0xFF1A..=0xFF5E
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2EBEF
        | 0x30000..=0x3134F)
}

/// Characters that, starting a run shaped after a plain glyph, neither join its cluster nor
/// attach to it nor compose with it: no marks, joiners, variation selectors, Hangul jamo or
/// other default-ignorables.
fn starts_cleanly(c: char) -> bool {
    is_plain_char(c)
        || matches!(c as u32,
            0x20..=0x7E
            | 0xA1..=0xAC
            | 0xAE..=0xFF
            | 0x2010..=0x2027
            | 0x2030..=0x205E
            | 0x3000..=0x3029
            | 0x3030..=0x303F
            | 0x3041..=0x3096
            | 0x30A0..=0x30FF
            | 0xFF01..=0xFF60
            | 0xFFE0..=0xFFE6)
}

fn shape_with_rustybuzz(
    fonts: &Fonts,
    face: FaceId,
    text: &str,
    base: usize,
    size: f32,
    latin: bool,
    out: &mut Vec<ShapedGlyph>,
) {
    let rb = fonts.face(face);
    let piece = shaped_piece(fonts, face, latin, text, || {
        shape_piece_now(fonts, face, text, latin)
    });
    let scale = size / rb.units_per_em() as f32;
    for &(id, advance, x_offset, y_offset, cluster) in piece.iter() {
        out.push(ShapedGlyph {
            face,
            id: id as u16,
            advance: advance as f32 * scale,
            x_offset: x_offset as f32 * scale,
            y_offset: y_offset as f32 * scale,
            cluster: (base + cluster as usize) as u32,
            geta: false,
        });
    }
}

/// Shapes `text` in `face` with rustybuzz, as Latin or as simplified Chinese: its glyphs in
/// font units, clusters from the start of `text`.
fn shape_piece_now(fonts: &Fonts, face: FaceId, text: &str, latin: bool) -> Vec<RawGlyph> {
    let rb = fonts.face(face);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    let mut features = Vec::new();
    if latin {
        buffer.set_script(rustybuzz::script::LATIN);
        // CJK fonts map ’ to a full-width glyph; inside a word it takes its proportional form.
        for (i, c) in text.char_indices() {
            if c == '’' {
                features.push(rustybuzz::Feature::new(
                    rustybuzz::ttf_parser::Tag::from_bytes(b"pwid"),
                    1,
                    i..i + c.len_utf8(),
                ));
            }
        }
    } else {
        buffer.set_script(rustybuzz::script::HAN);
        if let Ok(lang) = "zh-Hans".parse() {
            buffer.set_language(lang);
        }
    }
    let shaped = if features.is_empty() {
        with_plan(fonts, face, latin, |plan| {
            rustybuzz::shape_with_plan(rb, plan, buffer)
        })
    } else {
        rustybuzz::shape(rb, &features, buffer)
    };
    shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| {
            (
                info.glyph_id,
                pos.x_advance,
                pos.x_offset,
                pos.y_offset,
                info.cluster,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontBook, ROLES};

    /// Setting plain glyphs without the shaper gives what shaping the whole text gives, glyph
    /// for glyph, in every face of the book: text of hanzi, CJK marks, digits, Latin, dashes,
    /// kana, combining marks, variation selectors and joiners in random order.
    #[test]
    fn plain_glyphs_shape_as_the_shaper_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let book = FontBook::load(&root.join("fonts"), &Default::default()).expect("fonts");
        let fonts = book.faces();
        let mut faces: Vec<FaceId> = ROLES.iter().filter_map(|r| book.role(r)).collect();
        faces.extend(book.fallbacks());
        faces.sort();
        faces.dedup();
        let mut pool: Vec<char> = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·％＋０１Ａａ\
            0123456789%.,-/ abcfilMmÊê—―〳〴あがアガㄓㄨ℃々〇\u{3099}\u{301}\u{fe00}\u{200d}\u{2044}"
            .chars()
            .collect();
        pool.extend((0x4E00..=0x9FFF).step_by(97).filter_map(char::from_u32));
        pool.extend((0x3400..=0x4DBF).step_by(211).filter_map(char::from_u32));
        pool.extend((0x20000..=0x2A6DF).step_by(4001).filter_map(char::from_u32));
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let key = |g: &ShapedGlyph| {
            (
                g.id,
                g.advance.to_bits(),
                g.x_offset.to_bits(),
                g.y_offset.to_bits(),
                g.cluster,
            )
        };
        let mut plain_runs = 0;
        for &face in &faces {
            for _ in 0..2000 {
                let len = 1 + next(24);
                let text: String = (0..len).map(|_| pool[next(pool.len())]).collect();
                let mut fast = Vec::new();
                if !shape_han_plain(&fonts, face, &text, 7, 9.0, &mut fast) {
                    assert!(fast.is_empty());
                    continue;
                }
                let mut slow = Vec::new();
                shape_with_rustybuzz(&fonts, face, &text, 7, 9.0, false, &mut slow);
                let (a, b): (Vec<_>, Vec<_>) = (
                    fast.iter().map(key).collect(),
                    slow.iter().map(key).collect(),
                );
                assert_eq!(a, b, "{text:?} in face {face:?}");
                plain_runs += 1;
            }
        }
        assert!(plain_runs > 1000);
        // The body face's hanzi are plain (else this tests nothing); its digits (`locl`) and
        // dashes (kerning) are not.
        let body = book.body();
        assert!(plain_glyph(&fonts, body, '中').is_some_and(|p| p.after_any));
        assert!(plain_glyph(&fonts, body, '1').is_none());
        assert!(plain_glyph(&fonts, body, '—').is_none());
    }
}
