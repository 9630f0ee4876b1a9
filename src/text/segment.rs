//! Cutting a shaped paragraph into units, the pieces composition moves: one per CJK
//! character, Latin word or number, paired —— or ……, or run of spaces, each with its width
//! on the em grid and the blank it may give up.

use std::ops::Range;

use super::classes::{CharClass, classify, is_cjk_context, is_extender, is_word_apostrophe};
use super::{Joint, PunctStyle, ShapedGlyph, Span, Unit, runs};

/// A glyph at least this share of the em wide is full-width; a narrower one (a proportional
/// quote, a Latin-style mark) is padded out to the em.
const FULL_WIDTH: f32 = 0.95;

/// Groups characters into units: one per CJK character, one per Latin word or number,
/// one per paired —— or ……, one per space.
pub(super) fn build_units(
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
    // The pieces of a unit: where each starts (a character index), and its joint. One buffer
    // for the paragraph: most units are one piece, and an allocation each was a tenth of the
    // cost of cutting a paragraph into units.
    let mut pieces: Vec<(usize, Joint)> = Vec::new();
    while i < chars.len() {
        let start = chars[i].0;
        let si = span_of(start);
        let span_end = span_ranges[si].end;
        let (j, class) = unit_chars(&chars, i, span_end);
        let j = with_clusters(&chars, j, span_end, &glyphs[g..]);
        let end = if j < chars.len() {
            chars[j].0
        } else {
            text.len()
        };
        let joints = if class == CharClass::Latin {
            let word: Vec<char> = chars[i..j].iter().map(|c| c.1).collect();
            runs::joints(&word)
        } else {
            Vec::new()
        };
        pieces.clear();
        pieces.push((i, Joint::Apart));
        for (k, joint) in joints {
            let at = chars[i + k].0 as u32;
            // Only where a glyph starts: a ligature or a cluster is not cut.
            if glyphs[g..].iter().any(|gl| gl.cluster == at) {
                pieces.push((i + k, joint));
            }
        }
        for (p, &(from, joint)) in pieces.iter().enumerate() {
            let piece_end = match pieces.get(p + 1) {
                Some(&(to, _)) => chars[to].0,
                None => end,
            };
            let g_start = g;
            while g < glyphs.len() && (glyphs[g].cluster as usize) < piece_end {
                g += 1;
            }
            let width: f32 = glyphs[g_start..g].iter().map(|gl| gl.advance).sum();
            let mut unit = Unit {
                glyphs: g_start as u32..g as u32,
                text: chars[from].0 as u32..piece_end as u32,
                class,
                width,
                lead: 0.0,
                squeeze_left: 0.0,
                squeeze_right: 0.0,
                em: spans[si].style.size,
                span: si as u16,
                joint,
            };
            fit_punct_to_em(&mut unit);
            units.push(unit);
        }
        i = j;
    }
}

/// Where the unit starting at `chars[i]` ends by its characters' classes, in a span ending at
/// byte `span_end`, and its class: a paired —— or ……, a Latin word, a run of spaces, or one
/// character.
fn unit_chars(chars: &[(usize, char)], i: usize, span_end: usize) -> (usize, CharClass) {
    let c = chars[i].1;
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
            // A / beside Chinese is a 分隔号 of its own (`通讯员/Michael`), not the start
            // or end of a Latin word: it may then neither start nor end a line at GB.
            let lone_slash = |k: usize| {
                chars[k].1 == '/'
                    && ((k > 0 && is_cjk_context(chars[k - 1].1))
                        || chars.get(k + 1).is_some_and(|n| is_cjk_context(n.1)))
            };
            if !lone_slash(i) {
                while same_span(j)
                    && !lone_slash(j)
                    && (classify(chars[j].1) == CharClass::Latin
                        || is_word_apostrophe(
                            Some(chars[j - 1].1),
                            chars[j].1,
                            chars.get(j + 1).map(|c| c.1),
                        ))
                {
                    j += 1;
                }
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
    (j, class)
}

/// Where a unit ending before `chars[j]` really ends: combining marks and variation selectors
/// stay with their base, and so does every character the shaper put in the cluster before it
/// (no glyph's cluster starts at it: marks outside `is_extender` such as U+302A–U+302F, kana
/// voicing marks, Hebrew and Arabic points), whose glyphs the unit takes: a unit of its own
/// would have none. `glyphs` are those from the unit's first on.
fn with_clusters(
    chars: &[(usize, char)],
    mut j: usize,
    span_end: usize,
    glyphs: &[ShapedGlyph],
) -> usize {
    let mut gn = 0; // the first glyph whose cluster is not before chars[j]
    while j < chars.len() && chars[j].0 < span_end {
        let at = chars[j].0 as u32;
        while gn < glyphs.len() && glyphs[gn].cluster < at {
            gn += 1;
        }
        if !is_extender(chars[j].1) && glyphs.get(gn).is_some_and(|gl| gl.cluster == at) {
            break;
        }
        j += 1;
    }
    j
}

/// Sets CJK punctuation on a full em (narrow Latin-style quotes are padded on their blank side)
/// and records which half of it is blank and may be compressed.
fn fit_punct_to_em(u: &mut Unit) {
    let em = u.em;
    match u.class {
        CharClass::Open => {
            if u.width < em * FULL_WIDTH {
                u.lead = em - u.width;
                u.width = em;
            }
            u.squeeze_left = em * 0.5;
        }
        CharClass::Close | CharClass::Pause | CharClass::Stop => {
            if u.width < em * FULL_WIDTH {
                u.width = em;
            }
            u.squeeze_right = em * 0.5;
        }
        CharClass::Middle => {
            // 间隔号 takes half an em (GB/T 15834, clreq), whatever the font's advance: the
            // glyph is centred in it (a full-width glyph's ink is in its middle).
            u.lead = (em * 0.5 - u.width) / 2.0;
            u.width = em * 0.5;
        }
        CharClass::Dash | CharClass::Ellipsis => {
            // Two marks, two ems, whatever the font's advance.
            let n = if u.text.len() > 3 { 2.0 } else { 1.0 };
            if u.width < em * n * FULL_WIDTH {
                u.lead = (em * n - u.width) / 2.0;
                u.width = em * n;
            }
        }
        CharClass::Ideograph if u.width < em * FULL_WIDTH && u.glyphs.len() == 1 => {
            u.lead = (em - u.width) / 2.0;
            u.width = em;
        }
        _ => {}
    }
}

/// Applies the punctuation style's fixed compression (开明式 and 半角式 set marks at half width).
pub(super) fn apply_punct_style(units: &mut [Unit], style: PunctStyle) {
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
