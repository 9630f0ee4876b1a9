//! The measure of a line, worked out unit by unit: one routine for the breaker, which measures
//! every candidate line, and for setting, which needs to know what measuring took from each
//! unit.
//!
//! Natural width is taken after the mandatory compressions (line-end marks half, adjacent
//! marks 1.5 em); alongside it, what could still be shrunk, class by class in clreq's order,
//! and what could be stretched. (The breaker, the line setter and `measure` used to have a copy
//! each of these rules, and the copies drifted: lines came out short or long of their
//! measure.)

use super::classes::CharClass;
use super::{Composition, Unit};

/// Shrink categories in clreq's order: Latin spaces, middle dots, brackets, pauses,
/// CJK–Latin gaps, stops.
pub(super) const SHRINK_CLASSES: usize = 6;
/// Shrink category of Latin word spaces.
pub(super) const CAT_SPACE: usize = 0;
/// Shrink category of middle dots.
const CAT_MIDDLE: usize = 1;
/// Shrink category of opening and closing brackets and quotes.
const CAT_BRACKET: usize = 2;
/// Shrink category of pause marks.
const CAT_PAUSE: usize = 3;
/// Shrink category of CJK–Latin gaps.
pub(super) const CAT_GAP: usize = 4;
/// Shrink category of stops.
const CAT_STOP: usize = 5;
/// No shrink category.
const NO_CAT: u8 = u8::MAX;

/// Tolerance for width comparisons, in pt.
pub(super) const EPS: f32 = 0.01;

/// The CJK–Latin gap, in em of the larger of the two units (docs/typesetting.md §2).
pub(super) const GAP_EM: f32 = 0.25;
/// How much of the CJK–Latin gap may be shrunk away: down to ⅛ em.
pub(super) const GAP_SHRINK_PART: f32 = 0.5;
/// A CJK–Latin gap stretches by ¼ em ÷ 3 = 1/12 em (from ¼ to ⅓ em) before character gaps open.
pub(super) const GAP_STRETCH_DIVISOR: f32 = 3.0;
/// A Latin word space shrinks down to ¼ em.
const SPACE_MIN_EM: f32 = 0.25;
/// A Latin word space stretches up to ½ em.
const SPACE_MAX_EM: f32 = 0.5;

/// The measure of a candidate line.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineMetrics {
    /// Width with the mandatory compressions applied, in pt.
    pub natural: f32,
    /// What each shrink category can still give, in pt.
    pub shrink: [f32; SHRINK_CLASSES],
    /// What Latin spaces and CJK–Latin gaps can still stretch, in pt.
    pub stretch_glue: f32,
    /// The part of `stretch_glue` that Latin spaces give (they stretch before the gaps).
    pub stretch_space: f32,
    /// Gaps between characters that may be stretched last.
    pub slots: u32,
    /// Units that are not punctuation (for the 孤字 rule).
    pub letters: u32,
    /// The em of the line's first unit, in pt.
    pub em: f32,
}

impl LineMetrics {
    /// Everything the line can still shrink, in pt.
    pub(crate) fn shrink_total(&self) -> f32 {
        self.shrink.iter().sum()
    }
}

/// Running measure of a line being extended unit by unit.
#[derive(Clone, Copy, Default)]
pub(super) struct Acc {
    /// The measure so far.
    pub m: LineMetrics,
    /// The last unit that is not a space.
    last: Option<usize>,
    /// Optional right squeeze the last unit still has.
    last_right: f32,
    /// Measure before the trailing spaces, used when the line ends in spaces.
    before_space: Option<(LineMetrics, Option<usize>, f32)>,
}

/// What measuring takes around one unit, which setting the line repeats: blank taken from its
/// left and right, and the glue before it.
#[derive(Clone, Copy, Default)]
pub(super) struct Cut {
    /// Blank taken from the unit's left, in pt.
    pub left: f32,
    /// Blank taken from the unit's right (negative: an extra blank carried to it), in pt.
    pub right: f32,
    /// CJK–Latin gap before the unit, in pt.
    pub gap: f32,
    /// Whether the gap before the unit may stretch.
    pub slot: bool,
}

/// Where measuring reports what it takes from each unit. The breaker measures without
/// keeping any of it ([`NoCuts`], which costs nothing); setting a line keeps it all ([`Cuts`]).
pub(super) trait CutSink {
    /// A unit joins the line, its left blank and glue decided.
    fn unit(&mut self, cut: Cut);
    /// The adjacent-marks rule takes `blank` from the right of the last unit that joined,
    /// before the next one does.
    fn take_right_of_previous(&mut self, blank: f32);
    /// Unit `unit` ends the line as a line-end mark: its whole right blank goes.
    fn line_end(&mut self, unit: usize, squeeze_right: f32);
}

/// Measuring only.
pub(super) struct NoCuts;

impl CutSink for NoCuts {
    #[inline(always)]
    fn unit(&mut self, _: Cut) {}
    #[inline(always)]
    fn take_right_of_previous(&mut self, _: f32) {}
    #[inline(always)]
    fn line_end(&mut self, _: usize, _: f32) {}
}

/// The cuts of each unit of a line starting at unit `first`, in order.
pub(super) struct Cuts {
    /// The line's first unit.
    pub first: usize,
    /// One per unit measured.
    pub cuts: Vec<Cut>,
}

impl CutSink for Cuts {
    fn unit(&mut self, cut: Cut) {
        self.cuts.push(cut);
    }
    fn take_right_of_previous(&mut self, blank: f32) {
        if let Some(cut) = self.cuts.last_mut() {
            cut.right += blank;
        }
    }
    fn line_end(&mut self, unit: usize, squeeze_right: f32) {
        self.cuts[unit - self.first].right = squeeze_right;
    }
}

/// A unit's facts for the adjacent-marks rule.
#[derive(Clone, Copy)]
struct Mark {
    /// Compressible CJK punctuation.
    punct: bool,
    /// Set with its blank half (not halved by the punctuation style).
    full: bool,
    /// A closing bracket or quote.
    close: bool,
    /// Its left blank.
    squeeze_left: f32,
}

impl Mark {
    fn of(u: &Unit) -> Mark {
        Mark {
            punct: u.class.is_compressible_punct(),
            full: full_mark(u),
            close: u.class == CharClass::Close,
            squeeze_left: u.squeeze_left,
        }
    }
}

/// What measuring a line needs of a unit, precomputed per paragraph (the breaker measures
/// every unit many times over).
#[derive(Clone, Copy)]
struct Info {
    width: f32,
    squeeze_left: f32,
    squeeze_right: f32,
    em: f32,
    /// Shrink category, or `NO_CAT`.
    cat: u8,
    space: bool,
    /// An opening bracket (its blank may go at a line start).
    open: bool,
    /// Counts as a letter for the 孤字 rule.
    letter: bool,
    /// Set half width at a line end (closing marks, pauses, stops, middle dots).
    end_mark: bool,
    /// A CJK–Latin gap with the unit before, when both are on the line.
    gap: bool,
    /// A stretchable gap with the unit before, when both are on the line.
    slot: bool,
    /// Tracking added at that gap, in pt (0 when there is no gap).
    track: f32,
    /// Space capacities (shrink, stretch) for a space unit.
    space_caps: (f32, f32),
    mark: Mark,
    /// A plain letter: no blank to compress, no gap with the unit before, not a space or a
    /// mark. Following another unit on a line it only adds its width (and a stretchable gap).
    plain: bool,
}

impl Info {
    fn of(units: &[Unit], i: usize, tracking: f32) -> Info {
        let u = &units[i];
        let before = i.checked_sub(1).map(|p| &units[p]);
        let gap = before.is_some_and(|a| cjk_latin_gap(a, u));
        let slot = before.is_some_and(|a| stretch_slot(a, u));
        Info {
            width: u.width,
            squeeze_left: u.squeeze_left,
            squeeze_right: u.squeeze_right,
            em: u.em,
            cat: shrink_cat(u.class).map_or(NO_CAT, |c| c as u8),
            space: u.class == CharClass::Space,
            open: u.class == CharClass::Open,
            letter: !u.class.is_compressible_punct()
                && !matches!(u.class, CharClass::Space | CharClass::Indent),
            end_mark: matches!(
                u.class,
                CharClass::Close | CharClass::Pause | CharClass::Stop | CharClass::Middle
            ),
            gap,
            slot,
            track: if slot { tracking * u.em } else { 0.0 },
            space_caps: if u.class == CharClass::Space {
                space_caps(u)
            } else {
                (0.0, 0.0)
            },
            mark: Mark::of(u),
            plain: u.class != CharClass::Space
                && !u.class.is_compressible_punct()
                && shrink_cat(u.class).is_none()
                && u.squeeze_left == 0.0
                && u.squeeze_right == 0.0
                && !gap,
        }
    }
}

/// The shrink category of a class, if its units can shrink.
pub(super) fn shrink_cat(class: CharClass) -> Option<usize> {
    match class {
        CharClass::Space => Some(CAT_SPACE),
        CharClass::Middle => Some(CAT_MIDDLE),
        CharClass::Open | CharClass::Close => Some(CAT_BRACKET),
        CharClass::Pause => Some(CAT_PAUSE),
        CharClass::Stop => Some(CAT_STOP),
        _ => None,
    }
}

/// Whether a ¼ em gap goes between two adjacent units (CJK beside Latin or digits).
fn cjk_latin_gap(a: &Unit, b: &Unit) -> bool {
    (a.class.is_cjk_letter() && b.class == CharClass::Latin)
        || (a.class == CharClass::Latin && b.class.is_cjk_letter())
}

/// Whether the gap between two adjacent units may be stretched in the last resort: never
/// before a closing, pause or stop mark (a character keeps the mark after it, and `。”` stays
/// a pair), nor inside a Latin run.
fn stretch_slot(a: &Unit, b: &Unit) -> bool {
    !matches!(a.class, CharClass::Space | CharClass::Indent)
        && !matches!(
            b.class,
            CharClass::Space | CharClass::Close | CharClass::Pause | CharClass::Stop
        )
        && (a.class != CharClass::Latin || b.class != CharClass::Latin)
}

/// Whether a mark is set with its blank half (full width), not halved by the punctuation style.
fn full_mark(u: &Unit) -> bool {
    u.squeeze_left + u.squeeze_right > 0.0
}

/// What the adjacent-marks rule does to two adjacent marks `a` (whose right blank still is
/// `a_right`) and `b`: (taken from the first's right, taken from the second's left, moved from
/// the first's right to the second's right).
///
/// Two full-width marks, which would take 2 em, take 1.5 em: the blank between them goes.
/// A full mark followed by a half-width closing mark (开明式 `。”`) already takes 1.5 em and
/// keeps it (开明式 sets 。？！ full); its blank moves after the closing mark so that the
/// mark hugs the text, as the 全角式 pair does.
fn pair_take(a: Mark, a_right: f32, b: Mark) -> (f32, f32, f32) {
    if !(a.punct && b.punct) {
        return (0.0, 0.0, 0.0);
    }
    if a.full && b.full {
        if a_right > 0.0 {
            return (a_right, 0.0, 0.0);
        }
        if b.squeeze_left > 0.0 {
            return (0.0, b.squeeze_left, 0.0);
        }
    } else if a_right > 0.0 && b.close && !b.full {
        return (a_right, 0.0, a_right);
    }
    (0.0, 0.0, 0.0)
}

/// Space-unit shrink and stretch capacity (down to ¼ em, up to ½ em).
pub(super) fn space_caps(u: &Unit) -> (f32, f32) {
    (
        (u.width - u.em * SPACE_MIN_EM).max(0.0),
        (u.em * SPACE_MAX_EM - u.width).max(0.0),
    )
}

/// Measures lines of one paragraph's units under one set of composition rules.
pub(super) struct Measurer {
    /// What measuring needs of each unit, worked out once.
    info: Vec<Info>,
    /// Whether an opening bracket at a line start loses its leading blank half.
    open_at_line_start_half: bool,
}

impl Measurer {
    /// A measurer for `units` under `comp`.
    pub fn new(units: &[Unit], comp: &Composition) -> Measurer {
        Measurer {
            info: (0..units.len())
                .map(|i| Info::of(units, i, comp.tracking))
                .collect(),
            open_at_line_start_half: comp.open_at_line_start_half,
        }
    }

    /// How many units there are.
    pub fn len(&self) -> usize {
        self.info.len()
    }

    /// Measures units `a..b` as one line, reporting what it takes from each to `cuts`.
    pub fn measure(&self, a: usize, b: usize, cuts: &mut impl CutSink) -> LineMetrics {
        let mut acc = Acc::default();
        for i in a..b {
            self.push(&mut acc, i, a, cuts);
        }
        self.finish(&acc, cuts)
    }

    /// Adds unit `i` to a line; `line_start` is the index of the line's first unit. Returns
    /// whether it was a plain letter after a unit of the line, which changes nothing but the
    /// width, slots and letters (no shrink, nothing for the line's end to cut).
    #[inline(always)]
    pub fn push(
        &self,
        acc: &mut Acc,
        i: usize,
        line_start: usize,
        cuts: &mut impl CutSink,
    ) -> bool {
        let u = &self.info[i];
        // The breaker's hot path: what the general rules below come to for a plain letter
        // (no blank, no gap, no pair), and nothing else.
        if u.plain && i > line_start && acc.last.is_some() && acc.m.em != 0.0 {
            acc.before_space = None;
            let slot = u.slot && !self.info[i - 1].space;
            if slot {
                acc.m.slots += 1;
                acc.m.natural += u.track;
            }
            acc.m.natural += u.width;
            if u.letter {
                acc.m.letters += 1;
            }
            acc.last = Some(i);
            acc.last_right = 0.0;
            cuts.unit(Cut {
                slot,
                ..Cut::default()
            });
            return true;
        }
        self.push_any(acc, i, line_start, cuts);
        false
    }

    /// Adds unit `i` of any kind to a line (see [`Measurer::push`]).
    fn push_any(&self, acc: &mut Acc, i: usize, line_start: usize, cuts: &mut impl CutSink) {
        let info = &self.info;
        let u = &info[i];
        if u.space {
            if acc.before_space.is_none() {
                acc.before_space = Some((acc.m, acc.last, acc.last_right));
            }
        } else {
            acc.before_space = None;
        }
        let mut cut = Cut::default();
        let mut left = u.squeeze_left;
        let mut right = u.squeeze_right;
        if acc.m.em == 0.0 {
            acc.m.em = u.em;
        }
        // The gap, slot and pair rules look at the unit just before on the line: none applies
        // across a space, which is glue of its own. (They used to look at the last unit that
        // was not a space, so a line with an ideographic space counted a stretchable slot that
        // the setter does not set, and came out short.)
        if i > line_start && acc.last.is_some() && !info[i - 1].space {
            let a = &info[i - 1];
            if u.gap {
                let em = a.em.max(u.em);
                cut.gap = em * GAP_EM;
                acc.m.natural += cut.gap;
                acc.m.shrink[CAT_GAP] += cut.gap * GAP_SHRINK_PART;
                acc.m.stretch_glue += cut.gap / GAP_STRETCH_DIVISOR;
            }
            if u.slot {
                cut.slot = true;
                acc.m.slots += 1;
                acc.m.natural += u.track;
            }
            let (from_a, from_b, carry) = pair_take(a.mark, acc.last_right, u.mark);
            cuts.take_right_of_previous(from_a);
            if from_a > 0.0 {
                acc.m.natural -= from_a;
                if a.cat != NO_CAT {
                    acc.m.shrink[a.cat as usize] -= from_a;
                }
            }
            if from_b > 0.0 {
                // Counted below: the unit adds its width less the blank it loses.
                // (It used to be subtracted here as well, so `“《` measured 1 em, not 1.5.)
                left = 0.0;
            }
            acc.m.natural += carry;
            right += carry;
            // A blank carried over is an extra blank on this unit's right.
            cut.right -= carry;
        } else if acc.last.is_none()
            && i == line_start
            && i > 0
            && u.open
            && self.open_at_line_start_half
        {
            // Counted below, once (it was subtracted twice: `“甲` at a line start measured 1 em).
            left = 0.0;
        }
        cut.left = u.squeeze_left - left;
        acc.m.natural += u.width - cut.left;
        if u.space {
            let (s, t) = u.space_caps;
            acc.m.shrink[CAT_SPACE] += s;
            acc.m.stretch_glue += t;
            acc.m.stretch_space += t;
        } else if u.cat != NO_CAT {
            acc.m.shrink[u.cat as usize] += left + right;
        }
        if u.letter {
            acc.m.letters += 1;
        }
        if !u.space {
            acc.last = Some(i);
            // A mark's right blank can be taken only once.
            acc.last_right = right.max(0.0);
        }
        cuts.unit(cut);
    }

    /// The line's measure when it ends here: the line-end mark is set half width.
    pub(crate) fn finish(&self, acc: &Acc, cuts: &mut impl CutSink) -> LineMetrics {
        let (mut m, last, last_right) = match acc.before_space {
            Some(s) => s,
            None => (acc.m, acc.last, acc.last_right),
        };
        if let Some(l) = last {
            let u = &self.info[l];
            if u.end_mark {
                // The whole blank after a line-end mark goes (a carried one too).
                cuts.line_end(l, u.squeeze_right);
                if last_right > 0.0 {
                    m.natural -= last_right;
                    if u.cat != NO_CAT {
                        m.shrink[u.cat as usize] -= last_right;
                    }
                }
            }
        }
        m
    }
}
