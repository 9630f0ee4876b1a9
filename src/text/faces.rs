//! Choosing the face for each grapheme of a span: the first face of its chain that has it,
//! with the exceptions Chinese text needs (full-width quotes and dashes from another face,
//! superscript digits from any face of the book), and 〓 for what no face has.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::classes::is_cjk_context;
use super::shape::GETA;
use super::{MissingGlyph, Span};
use crate::fonts::{FaceId, Fonts};

/// A mark whose glyph is at least this share of the em is full-width.
const FULL_WIDTH_MARK: f32 = 0.95;

/// A run of a span's text set in one face, or one character no face has, set as 〓.
pub(super) struct FaceRun {
    /// Its bytes in the span's text.
    pub text: Range<usize>,
    /// The face it is set in.
    pub face: FaceId,
    /// Whether it is a character no face has.
    pub geta: bool,
}

/// Splits a span into runs by the first face of its chain that covers each grapheme (a
/// character with its combining marks, an emoji with its modifiers and joined emoji), and
/// records graphemes no face has: each is one 〓, reported once by its first character.
pub(super) fn face_runs(
    fonts: &Fonts,
    span: &Span,
    span_index: u16,
    base: usize,
    missing: &mut Vec<MissingGlyph>,
) -> Vec<FaceRun> {
    let chain = &span.style.faces;
    let run = |text: Range<usize>, face: FaceId, geta: bool| FaceRun { text, face, geta };
    let mut runs = Vec::new();
    let mut current: Option<(usize, FaceId)> = None;
    for (i, g) in span.text.grapheme_indices(true) {
        let (face, ok) = match full_width_mark_face(fonts, chain, &span.text, i, g) {
            Some(f) => (f, true),
            None => pick_face_for(fonts, chain, g),
        };
        if !ok && let Some(marks) = uncovered_marks(fonts, chain, g) {
            // A letter the chain has, with a combining mark no face has: the letter is set,
            // each such mark is a 〓 of its own (the marks it could draw stay with the letter).
            let (face, _) = pick_face(fonts, chain, g.chars().next().unwrap_or(GETA));
            if let Some((s, f)) = current.take() {
                runs.push(run(s..i, f, false));
            }
            let mut from = i;
            for (k, c) in marks {
                let at = i + k;
                missing.push(MissingGlyph {
                    ch: c,
                    offset: base + at,
                    span: span_index,
                });
                if from < at {
                    runs.push(run(from..at, face, false));
                }
                runs.push(run(at..at + c.len_utf8(), face, true));
                from = at + c.len_utf8();
            }
            if from < i + g.len() {
                runs.push(run(from..i + g.len(), face, false));
            }
            continue;
        }
        if !ok {
            missing.push(MissingGlyph {
                ch: g.chars().next().unwrap_or(GETA),
                offset: base + i,
                span: span_index,
            });
            if let Some((s, f)) = current.take() {
                runs.push(run(s..i, f, false));
            }
            runs.push(run(i..i + g.len(), face, true));
            continue;
        }
        match current {
            Some((_, f)) if f == face => {}
            Some((s, f)) => {
                runs.push(run(s..i, f, false));
                current = Some((i, face));
            }
            None => current = Some((i, face)),
        }
    }
    if let Some((s, f)) = current {
        runs.push(run(s..span.text.len(), f, false));
    }
    runs
}

/// For a CJK quote, dash, ellipsis or middle dot beside Chinese text (at byte `i` of `text`)
/// whose glyph in the role's face is proportional (PaperKai's 0.35 em “), the first face of
/// the chain with a full-width one: in CJK text these marks are full-width, compressed by the
/// body's rules, whatever the face's default glyph.
pub(super) fn full_width_mark_face(
    fonts: &Fonts,
    chain: &[FaceId],
    text: &str,
    i: usize,
    g: &str,
) -> Option<FaceId> {
    let mut cs = g.chars();
    let c = cs.next()?;
    if cs.next().is_some() || !matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·') {
        return None;
    }
    let prev = text[..i].chars().next_back();
    let next = text[i + g.len()..].chars().next();
    if !prev.or(next).is_some_and(|n| is_cjk_context(n) && n != c)
        && !next.is_some_and(is_cjk_context)
    {
        return None;
    }
    let full = |f: FaceId| {
        fonts
            .face(f)
            .glyph_index(c)
            .is_some_and(|gid| fonts.advance_em(f, gid.0) >= FULL_WIDTH_MARK)
    };
    if full(chain[0]) {
        return None;
    }
    chain.iter().copied().find(|f| full(*f))
}

/// For a grapheme whose first character the chain has but some combining marks no face of
/// it has: those marks, with their byte offsets in the grapheme. `None` when the first
/// character is missing too (an emoji sequence: one 〓 for all of it).
fn uncovered_marks(fonts: &Fonts, chain: &[FaceId], g: &str) -> Option<Vec<(usize, char)>> {
    let first = g.chars().next()?;
    if !pick_face(fonts, chain, first).1 {
        return None;
    }
    let marks: Vec<(usize, char)> = g
        .char_indices()
        .skip(1)
        .filter(|&(_, c)| !is_default_ignorable(c) && !chain.iter().any(|f| fonts.covers(*f, c)))
        .collect();
    (!marks.is_empty()).then_some(marks)
}

/// Superscript and subscript digits and signs (`10⁵`, `H₂O`), which the body face may lack
/// while another face of the book has them.
fn is_script_digit(c: char) -> bool {
    matches!(c as u32, 0x00B2 | 0x00B3 | 0x00B9 | 0x2070..=0x209F)
}

/// A face of the book, any role's, that has `c`: better another face's superscript five than
/// a 〓.
fn face_in_book(fonts: &Fonts, c: char) -> Option<FaceId> {
    let book = fonts.book();
    book.role_names()
        .filter_map(|r| book.role(r))
        .chain(book.fallbacks().iter().copied())
        .find(|f| fonts.covers(*f, c))
}

/// Whether a character of a grapheme is drawn by no glyph of its own: a joiner, a variation
/// selector or a tag character, which a face need not have to set the grapheme.
fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32, 0x200C | 0x200D | 0xFE00..=0xFE0F | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
}

/// The face of `chain` that has every drawn character of grapheme `g`; the body face's 〓
/// when none does. A grapheme on a space goes with the space.
fn pick_face_for(fonts: &Fonts, chain: &[FaceId], g: &str) -> (FaceId, bool) {
    let mut drawn = g.chars().filter(|c| !is_default_ignorable(*c));
    let Some(first) = drawn.next() else {
        return (chain[0], true);
    };
    if first.is_whitespace() {
        return (chain[0], true);
    }
    let (face, ok) = pick_face(fonts, chain, first);
    if !ok {
        return match is_script_digit(first)
            .then(|| face_in_book(fonts, first))
            .flatten()
        {
            Some(f) if g.chars().count() == 1 => (f, true),
            _ => (face, false),
        };
    }
    let rest: Vec<char> = drawn.collect();
    if rest.iter().all(|c| fonts.covers(face, *c)) {
        return (face, true);
    }
    match chain
        .iter()
        .find(|f| fonts.covers(**f, first) && rest.iter().all(|c| fonts.covers(**f, *c)))
    {
        Some(f) => (*f, true),
        None => (pick_face(fonts, chain, GETA).0, false),
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
