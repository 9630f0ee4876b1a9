//! Jumps: a story that goes on on another page. The marker texts with their page put in
//! (下转02版, 上接01版), the markers set on the page, the resume marker run in at the start
//! of the continued paragraph, and the house minimum of lines carried over a jump.

use super::line::{emit_line, one_line};
use super::story::{Progress, Story};
use crate::display::{Item, TextRole};
use crate::edition::PageDesc;
use crate::fonts::Fonts;
use crate::text::{CharClass, Composition, LineBreaker, Paragraph, Span, TextStyle};

/// A marker text with its page put in: `{page}` (the page's label, `02` or `A2`),
/// `{page_cn}` (二), `{page_n}` (2).
pub(crate) fn marker_text(template: &str, page: &PageDesc) -> String {
    template
        .replace("{page}", &page.label.to_string())
        .replace("{page_cn}", &chinese_number(page.number))
        .replace("{page_n}", &page.number.to_string())
}

/// A page number in Chinese numerals, as papers write 第二版, 第十二版.
pub(crate) fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let units = if n.is_multiple_of(10) {
        ""
    } else {
        DIGITS[(n % 10) as usize]
    };
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{units}"),
        20..=99 => format!("{}十{units}", DIGITS[(n / 10) as usize]),
        _ => n.to_string(),
    }
}

/// Sets jump markers in the template's jump style under the edition's rules.
pub(crate) struct MarkerSetter<'a> {
    /// Shaping faces.
    pub fonts: &'a Fonts<'a>,
    /// The template's jump style.
    pub style: TextStyle,
    /// The edition's composition rules (kinsoku, punctuation widths).
    pub comp: &'a Composition,
}

impl MarkerSetter<'_> {
    /// Puts a marker on the line at `baseline` of a column at `x`, `width` wide: flush right
    /// (the 下转 marker under the text it follows) or flush left (a 上接 marker alone).
    pub fn place(
        &self,
        items: &mut Vec<Item>,
        text: &str,
        (x, width): (f32, f32),
        baseline: f32,
        flush_right: bool,
    ) {
        let (p, l) = one_line(self.fonts, text, self.style, self.comp, width);
        let lx = if flush_right { x + width - l.width } else { x };
        emit_line(items, &p, &l, lx, baseline, TextRole::Jump);
    }
}

/// The continued part of a paragraph with the resume marker run in at its start.
pub(crate) struct LeadParagraph {
    /// The marker and the rest of the paragraph, shaped together.
    pub para: Paragraph,
    /// Bytes of the marker at the start of `para`.
    marker_len: usize,
    /// Where the rest starts in the original paragraph's text.
    start_byte: usize,
}

impl LeadParagraph {
    /// Runs `marker` in at the start of what is left of `para` from `unit` on, in the
    /// marker style; a paragraph resumed at its start keeps its indent.
    pub fn new(
        fonts: &Fonts,
        para: &Paragraph,
        unit: usize,
        (marker, style): (&str, TextStyle),
        comp: Composition,
    ) -> LeadParagraph {
        let start_unit = para.units.get(unit);
        let at_start = unit == 0 || start_unit.is_some_and(|u| u.class == CharClass::Indent);
        let start_byte = if at_start {
            0
        } else {
            start_unit.map_or(para.text.len(), |u| u.text.start as usize)
        };
        let mut spans = vec![Span {
            text: marker.to_string(),
            style,
        }];
        for (r, st) in para.span_ranges.iter().zip(&para.styles) {
            let a = r.start.max(start_byte);
            if a < r.end {
                spans.push(Span {
                    text: para.text[a..r.end].to_string(),
                    style: *st,
                });
            }
        }
        let indent = if at_start {
            para.units
                .first()
                .filter(|u| u.class == CharClass::Indent)
                .map_or(0.0, |u| u.width)
        } else {
            0.0
        };
        LeadParagraph {
            para: Paragraph::as_given(fonts, &spans, indent, comp.punct),
            marker_len: marker.len(),
            start_byte,
        }
    }

    /// The unit of the original paragraph where a line of the lead paragraph starts.
    pub(crate) fn original_unit(&self, original: &Paragraph, lead_unit: usize) -> usize {
        let Some(u) = self.para.units.get(lead_unit) else {
            return original.units.len();
        };
        let b = u.text.start as usize;
        if b < self.marker_len {
            return original
                .units
                .iter()
                .position(|u| u.text.start as usize >= self.start_byte)
                .unwrap_or(0);
        }
        let ob = b - self.marker_len + self.start_byte;
        original
            .units
            .iter()
            .position(|u| u.class != CharClass::Indent && u.text.start as usize >= ob)
            .unwrap_or(original.units.len())
    }
}

/// Body lines still to set, counted up to `cap` (at `width`).
pub(crate) fn remaining_lines(
    story: &Story,
    at: &Progress,
    width: f32,
    comp: Composition,
    cap: u32,
) -> u32 {
    let mut n = 0;
    for (i, item) in story.items.iter().enumerate().skip(at.pos.0) {
        let start = if i == at.pos.0 { at.pos.1 } else { 0 };
        n += LineBreaker::new(&item.para, comp)
            .break_lines(start, width)
            .len() as u32;
        if n >= cap {
            break;
        }
    }
    n
}

/// What the house minimum of lines over a jump asks of a block the story leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CarryOver {
    /// Enough lines go over as set.
    Enough,
    /// Set the block again with this many lines held back, so that enough go over.
    HoldBack(u32),
    /// Too few go over, and holding lines back would leave too few here: said, not fixed.
    TooFew(u32),
}

/// Weighs `carried` lines going over against the house minimum `min`, for a block that
/// set `set_here` lines.
pub(crate) fn carry_over(carried: u32, set_here: u32, min: u32) -> CarryOver {
    if carried >= min {
        return CarryOver::Enough;
    }
    let hold = min - carried;
    if set_here <= hold + min {
        CarryOver::TooFew(carried)
    } else {
        CarryOver::HoldBack(hold)
    }
}
