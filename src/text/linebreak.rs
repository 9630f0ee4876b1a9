//! Line breaking over the whole paragraph, and justification of each line (clreq order).
//!
//! Every candidate line is measured with the same accumulator: natural width after the
//! mandatory compressions (line-end marks half, adjacent marks 1.5 em), what could still be
//! shrunk, class by class in clreq's order, and what could be stretched. The breaker chooses
//! the breaks that minimise the paragraph's total cost (total-fit), where compressing
//! punctuation is cheap and stretching character gaps is dear — which is 先挤进，后推出
//! decided over the paragraph rather than line by line.

use std::ops::Range;

use super::classes::{CharClass, Kinsoku};
use super::{Composition, Paragraph, PlacedGlyph, SetLine, Unit};

/// Shrink categories in clreq's order: Latin spaces, middle dots, brackets, pauses,
/// CJK–Latin gaps, stops.
const SHRINK_CLASSES: usize = 6;
const CAT_SPACE: usize = 0;
const CAT_MIDDLE: usize = 1;
const CAT_BRACKET: usize = 2;
const CAT_PAUSE: usize = 3;
const CAT_GAP: usize = 4;
const CAT_STOP: usize = 5;

/// Tolerance for width comparisons, in pt.
const EPS: f32 = 0.01;

/// A line chosen by the breaker: its units and whether it is justified.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSpec {
    /// Units on the line (trailing spaces included; they are not set).
    pub units: Range<usize>,
    /// Justified to the measure (every line but the paragraph's last).
    pub justified: bool,
    /// Too wide for the measure even at full compression.
    pub overfull: bool,
}

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
    pub fn shrink_total(&self) -> f32 {
        self.shrink.iter().sum()
    }
}

/// Running measure of a line being extended unit by unit.
#[derive(Clone, Copy)]
struct Acc {
    m: LineMetrics,
    last: Option<usize>,
    /// Optional right squeeze the last unit still has.
    last_right: f32,
    /// Measure before the trailing spaces, used when the line ends in spaces.
    before_space: Option<(LineMetrics, Option<usize>, f32)>,
}

/// What setting a line does around one unit: blank taken from its left and right, and the
/// glue before it.
#[derive(Clone, Copy, Default)]
struct Cut {
    left: f32,
    right: f32,
    /// CJK–Latin gap before the unit, in pt.
    gap: f32,
    /// Whether the gap before the unit may stretch.
    slot: bool,
}

/// Breaks a paragraph's units into lines and sets them.
pub struct LineBreaker<'p> {
    para: &'p Paragraph,
    comp: Composition,
    kinsoku: Kinsoku,
    /// `breaks[k]`: whether a line may break before unit `k` (`0..=units.len()`).
    breaks: Vec<bool>,
    /// What measuring needs of each unit, worked out once.
    info: Vec<Info>,
    /// Cost of a line. Under negative tracking (copyfitting to save lines) a line costs more
    /// than any way of filling one, so the breaker sets the paragraph in the fewest lines the
    /// rules allow: at ±2 % of the em a 13-character line gains no whole character by
    /// tracking alone, only where punctuation can give the rest.
    per_line: f64,
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

/// No shrink category.
const NO_CAT: u8 = u8::MAX;

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

fn shrink_cat(class: CharClass) -> Option<usize> {
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

/// Whether the gap between two adjacent units may be stretched in the last resort.
fn stretch_slot(a: &Unit, b: &Unit) -> bool {
    !matches!(a.class, CharClass::Space | CharClass::Indent)
        && b.class != CharClass::Space
        && !(a.class == CharClass::Latin && b.class == CharClass::Latin)
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

/// Cost of a line of natural width `natural` (after the mandatory compressions) set to
/// `width`; `None` when it cannot be set there. Compressing punctuation is cheap, stretching
/// the gaps between characters dear, a one-character last line dearer still.
#[allow(clippy::too_many_arguments)]
#[inline]
fn line_cost(
    natural: f32,
    shrink_total: f32,
    stretch_glue: f32,
    slots: u32,
    letters: u32,
    em: f32,
    width: f32,
    last: bool,
    per_line: f64,
) -> Option<f64> {
    let em = if em > 0.0 { em } else { 9.0 };
    let d = natural - width;
    let mut cost = per_line;
    if d > EPS {
        if d > shrink_total + EPS {
            return None;
        }
        // Compressing punctuation is the preferred way to fit a line.
        cost += 20.0 * (d / em) as f64;
    } else if !last && d < -EPS {
        let need = -d;
        let glue = need.min(stretch_glue);
        cost += 20.0 * (glue / em) as f64;
        let rest = need - glue;
        if rest > EPS {
            if slots == 0 {
                cost += 100_000.0;
            } else {
                let per_gap = (rest / em) as f64 / slots as f64;
                cost += 60.0 * (rest / em) as f64 + 4000.0 * per_gap * per_gap;
            }
        }
    }
    if last && letters <= 1 {
        // 孤字不成行.
        cost += 5000.0;
    }
    Some(cost)
}

/// Space-unit shrink and stretch capacity (down to ¼ em, up to ½ em).
fn space_caps(u: &Unit) -> (f32, f32) {
    (
        (u.width - u.em * 0.25).max(0.0),
        (u.em * 0.5 - u.width).max(0.0),
    )
}

impl<'p> LineBreaker<'p> {
    /// A breaker for a paragraph under a set of composition rules.
    pub fn new(para: &'p Paragraph, comp: Composition) -> Self {
        let mut b = LineBreaker {
            para,
            comp,
            kinsoku: Kinsoku::new(comp.kinsoku),
            breaks: Vec::new(),
            per_line: if comp.tracking < 0.0 { 1e5 } else { 1.0 },
            info: (0..para.units.len())
                .map(|i| Info::of(&para.units, i, comp.tracking))
                .collect(),
        };
        b.breaks = b.compute_breaks();
        b
    }

    fn start_acc(&self) -> Acc {
        Acc {
            m: LineMetrics::default(),
            last: None,
            last_right: 0.0,
            before_space: None,
        }
    }

    /// Adds unit `i` to a line; `line_start` is the index of the line's first unit.
    fn push(&self, acc: &mut Acc, i: usize, line_start: usize) {
        let info = &self.info;
        let u = &info[i];
        if u.space {
            if acc.before_space.is_none() {
                acc.before_space = Some((acc.m, acc.last, acc.last_right));
            }
        } else {
            acc.before_space = None;
        }
        let mut left = u.squeeze_left;
        let mut right = u.squeeze_right;
        if acc.m.em == 0.0 {
            acc.m.em = u.em;
        }
        // The gap, slot and pair rules look at the unit just before on the line, as
        // `set_line` does: none applies across a space, which is glue of its own. (They used
        // to look at the last unit that was not a space, so a line with an ideographic space
        // counted a stretchable slot that `set_line` does not set, and came out short.)
        if i > line_start && acc.last.is_some() && !info[i - 1].space {
            let a = &info[i - 1];
            if u.gap {
                let em = a.em.max(u.em);
                acc.m.natural += em * 0.25;
                acc.m.shrink[CAT_GAP] += em * 0.125;
                // A CJK–Latin gap stretches from ¼ to ⅓ em before character gaps open.
                acc.m.stretch_glue += em / 12.0;
            }
            if u.slot {
                acc.m.slots += 1;
                acc.m.natural += u.track;
            }
            let (from_a, from_b, carry) = pair_take(a.mark, acc.last_right, u.mark);
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
        } else if acc.last.is_none()
            && i == line_start
            && i > 0
            && u.open
            && self.comp.open_at_line_start_half
        {
            // Counted below, once (it was subtracted twice: `“甲` at a line start measured 1 em).
            left = 0.0;
        }
        acc.m.natural += u.width - (u.squeeze_left - left);
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
    }

    /// The line's measure when it ends here: the line-end mark is set half width.
    fn finish(&self, acc: &Acc) -> LineMetrics {
        let (mut m, last, last_right) = match acc.before_space {
            Some(s) => s,
            None => (acc.m, acc.last, acc.last_right),
        };
        if let Some(l) = last {
            let u = &self.info[l];
            if last_right > 0.0 && u.end_mark {
                m.natural -= last_right;
                if u.cat != NO_CAT {
                    m.shrink[u.cat as usize] -= last_right;
                }
            }
        }
        m
    }

    /// Measures units `a..b` as one line.
    pub fn measure(&self, a: usize, b: usize) -> LineMetrics {
        let mut acc = self.start_acc();
        for i in a..b {
            self.push(&mut acc, i, a);
        }
        self.finish(&acc)
    }

    /// Whether a line may break before unit `k`.
    pub fn can_break_before(&self, k: usize) -> bool {
        self.breaks.get(k).copied().unwrap_or(true)
    }

    /// The break opportunities of the paragraph: `breaks[k]` for a break before unit `k`.
    fn compute_breaks(&self) -> Vec<bool> {
        let units = &self.para.units;
        let n = units.len();
        let mut breaks: Vec<bool> = (0..=n).map(|k| self.break_allowed(k)).collect();
        // A number group with a solidus (`252元/百公斤`, `3000元/吨`) never breaks inside, at
        // any level (typesetting.md §2): the number, up to two unit characters, the solidus and
        // up to three unit characters after it.
        for s in 0..n {
            if units[s].class != CharClass::Solidus {
                continue;
            }
            let is_number = |u: &Unit| {
                u.class == CharClass::Latin
                    && self.para.text[u.text.start as usize..]
                        .starts_with(|c: char| c.is_ascii_digit())
            };
            let mut start = s;
            while start > 0 && s - start < 2 && units[start - 1].class == CharClass::Ideograph {
                start -= 1;
            }
            if start == 0 || !is_number(&units[start - 1]) {
                continue;
            }
            start -= 1;
            let mut end = s + 1;
            if end < n && is_number(&units[end]) {
                end += 1;
            }
            let tail = end;
            while end < n && end - tail < 3 && units[end].class == CharClass::Ideograph {
                end += 1;
            }
            for b in &mut breaks[start + 1..end] {
                *b = false;
            }
        }
        breaks
    }

    /// Whether the prohibitions and the never-split rules allow a break before unit `k`.
    fn break_allowed(&self, k: usize) -> bool {
        let units = &self.para.units;
        if k == 0 || k >= units.len() {
            return true;
        }
        let a = &units[k - 1];
        let b = &units[k];
        if b.class == CharClass::Space || a.class == CharClass::Indent {
            return false;
        }
        if a.class == CharClass::Space {
            return true;
        }
        if self.kinsoku.not_at_start(b.class) || self.kinsoku.not_at_end(a.class) {
            return false;
        }
        // % ‰ ℃ after CJK (a Latin unit of their own) may not start a line either.
        if b.class == CharClass::Latin
            && self.para.text[b.text.start as usize..]
                .chars()
                .next()
                .is_some_and(|c| self.kinsoku.sign_not_at_start(c))
        {
            return false;
        }
        // A number or word stays with a solidus beside it (252元/百公斤, km/h).
        if (a.class == CharClass::Latin && b.class == CharClass::Solidus)
            || (a.class == CharClass::Solidus && b.class == CharClass::Latin)
            || (a.class == CharClass::Latin && b.class == CharClass::Latin)
        {
            return false;
        }
        true
    }

    /// Tries every line starting at unit `i` (reached at total cost `base`) against the best
    /// breaks found so far for its end.
    #[allow(clippy::too_many_arguments)]
    fn extend_from(
        &self,
        i: usize,
        start: usize,
        width: f32,
        base: f64,
        best_cost: &mut [f64],
        best_prev: &mut [usize],
        best_over: &mut [bool],
    ) {
        let n = self.info.len();
        let mut acc = self.start_acc();
        let mut found = false;
        // The sum of the shrink categories, while no unit has changed them since it was taken.
        let mut shrink_sum: Option<f32> = None;
        let mut prev_space = false;
        // Units from `i` on, each with whether a line may break after it and the best cost
        // found so far for a line ending there.
        let ends = self.info[i..]
            .iter()
            .zip(&self.breaks[i + 1..])
            .zip(best_cost[i + 1 - start..].iter_mut())
            .enumerate();
        for (k, ((u, &breakable), best)) in ends {
            let j = i + k;
            // A plain letter after a unit of the line: what `push` does for it, and nothing
            // else (it adds its width; there is no blank, gap or pair to account for).
            let plain = u.plain && k > 0 && acc.last.is_some();
            if plain {
                acc.before_space = None;
                if u.slot && !prev_space {
                    acc.m.slots += 1;
                    acc.m.natural += u.track;
                }
                acc.m.natural += u.width;
                if u.letter {
                    acc.m.letters += 1;
                }
                acc.last = Some(j);
                acc.last_right = 0.0;
            } else {
                self.push(&mut acc, j, i);
                shrink_sum = None;
            }
            prev_space = u.space;
            if !breakable {
                continue;
            }
            let end = j + 1;
            let last = end == n;
            // The measure as `finish` gives it; after a plain letter there is nothing to cut.
            let finished;
            let m = if plain {
                &acc.m
            } else {
                finished = self.finish(&acc);
                &finished
            };
            let d = m.natural - width;
            // A line that need not shrink costs at least 1: skip it when that cannot beat the
            // best way found to its end (it fits, so the search goes on).
            if d <= 0.0 && base + self.per_line >= *best {
                found = true;
                continue;
            }
            let em = if m.em > 0.0 { m.em } else { 9.0 };
            if !last && d < -EPS {
                // A short line: skip it when even part of its cost (the gaps between
                // characters it must open) cannot beat the best way found to its end.
                let need = -d;
                let rest = need - need.min(m.stretch_glue);
                if rest > EPS
                    && m.slots > 0
                    && base + (self.per_line + 60.0 * (rest / em) as f64) >= *best
                {
                    found = true;
                    continue;
                }
            }
            let shrink_total = if plain {
                *shrink_sum.get_or_insert_with(|| m.shrink_total())
            } else {
                m.shrink_total()
            };
            let too_wide = m.natural - shrink_total > width + EPS;
            let cost = line_cost(
                m.natural,
                shrink_total,
                m.stretch_glue,
                m.slots,
                m.letters,
                m.em,
                width,
                last,
                self.per_line,
            );
            if let Some(c) = cost {
                found = true;
                let total = base + c;
                if total < *best {
                    *best = total;
                    best_prev[end - start] = i;
                    best_over[end - start] = false;
                }
            } else if too_wide && !found {
                // Nothing fits from here: take the shortest breakable line, marked overfull.
                let total = base + 1e7;
                if total < *best {
                    *best = total;
                    best_prev[end - start] = i;
                    best_over[end - start] = true;
                }
                break;
            }
            if too_wide {
                break;
            }
        }
    }

    /// Chooses the breaks for units `start..` at `width` (total-fit).
    pub fn break_lines(&self, start: usize, width: f32) -> Vec<LineSpec> {
        let n = self.para.units.len();
        if start >= n {
            return Vec::new();
        }
        let len = n - start + 1;
        // Per end: the best total cost, the start of its last line, whether that is overfull.
        let mut best_cost = vec![f64::INFINITY; len];
        let mut best_prev = vec![usize::MAX; len];
        let mut best_over = vec![false; len];
        best_cost[0] = 0.0;
        best_prev[0] = start;
        for i in start..n {
            let base = best_cost[i - start];
            if base.is_finite() {
                self.extend_from(
                    i,
                    start,
                    width,
                    base,
                    &mut best_cost,
                    &mut best_prev,
                    &mut best_over,
                );
            }
        }
        let mut lines = Vec::new();
        let mut k = n;
        while k > start {
            let (prev, overfull) = (best_prev[k - start], best_over[k - start]);
            if prev == usize::MAX {
                break;
            }
            lines.push(LineSpec {
                units: prev..k,
                justified: k != n,
                overfull,
            });
            k = prev;
        }
        lines.reverse();
        lines
    }

    /// Sets one line: places its glyphs, compressing or spreading to `width` if justified.
    pub fn set_line(&self, spec: &LineSpec, width: f32) -> SetLine {
        let units = &self.para.units;
        let mut end = spec.units.end;
        while end > spec.units.start && units[end - 1].class == CharClass::Space {
            end -= 1;
        }
        let a = spec.units.start;
        let m = self.measure(a, end);
        // Per unit: blank removed on the left and right; glue before it (gap, slot).
        let count = end - a;
        let mut cuts = vec![Cut::default(); count];
        let mut last_right = 0.0f32;
        for k in 0..count {
            let i = a + k;
            let u = &units[i];
            if k > 0 {
                let p = &units[i - 1];
                // `Info` has the gap, slot and mark facts of each unit with the one before.
                let (pi, ui) = (&self.info[i - 1], &self.info[i]);
                if ui.gap {
                    cuts[k].gap = p.em.max(u.em) * 0.25;
                }
                cuts[k].slot = ui.slot;
                let (fa, fb, carry) = pair_take(pi.mark, last_right, ui.mark);
                cuts[k - 1].right += fa;
                cuts[k].left += fb;
                // A blank carried over is an extra blank on this unit's right.
                cuts[k].right -= carry;
                last_right = u.squeeze_right + carry;
            } else {
                if i > 0 && u.class == CharClass::Open && self.comp.open_at_line_start_half {
                    cuts[k].left = u.squeeze_left;
                }
                last_right = u.squeeze_right;
            }
        }
        if count > 0 {
            let l = &units[end - 1];
            if matches!(
                l.class,
                CharClass::Close | CharClass::Pause | CharClass::Stop | CharClass::Middle
            ) {
                // The whole blank after a line-end mark goes (a carried one too).
                cuts[count - 1].right = l.squeeze_right;
            }
        }
        // Shrink or stretch.
        let mut shrink_ratio = [0.0f32; SHRINK_CLASSES];
        let mut space_stretch_ratio = 0.0f32;
        let mut gap_stretch_ratio = 0.0f32;
        let mut slot_stretch = 0.0f32;
        let justify = spec.justified;
        let d = m.natural - width;
        if d > EPS {
            let mut need = d;
            for (c, ratio) in shrink_ratio.iter_mut().enumerate() {
                if need <= 0.0 {
                    break;
                }
                let cap = m.shrink[c];
                if cap > 0.0 {
                    let take = need.min(cap);
                    *ratio = take / cap;
                    need -= take;
                }
            }
        } else if justify && d < -EPS {
            // Stretch order (typesetting.md §2): Latin word spaces up to ½ em, then CJK–Latin
            // gaps up to ⅓ em, then every gap between characters equally. (Spaces and gaps
            // used to stretch together, in proportion.)
            let mut need = -d;
            let space_cap = m.stretch_space;
            let gap_cap = m.stretch_glue - m.stretch_space;
            if space_cap > 1e-6 {
                let take = need.min(space_cap);
                space_stretch_ratio = take / space_cap;
                need -= take;
            }
            if gap_cap > 1e-6 {
                let take = need.min(gap_cap);
                gap_stretch_ratio = take / gap_cap;
                need -= take;
            }
            if need > EPS && m.slots > 0 {
                slot_stretch = need / m.slots as f32;
            }
        }
        let mut glyphs = Vec::with_capacity(count);
        let mut x = 0.0f32;
        for (u, cut) in units[a..end].iter().zip(&cuts) {
            // Glue before the unit.
            if cut.gap > 0.0 {
                let em4 = cut.gap;
                x += em4 - shrink_ratio[CAT_GAP] * em4 * 0.5 + gap_stretch_ratio * em4 / 3.0;
            }
            if cut.slot {
                x += slot_stretch + self.comp.tracking * u.em;
            }
            let mut left = cut.left;
            let mut right = cut.right;
            if let Some(c) = shrink_cat(u.class) {
                if u.class == CharClass::Space {
                    let (s, t) = space_caps(u);
                    right += shrink_ratio[c] * s - space_stretch_ratio * t;
                } else {
                    left += shrink_ratio[c] * (u.squeeze_left - cut.left);
                    right += shrink_ratio[c] * (u.squeeze_right - cut.right).max(0.0);
                }
            }
            let origin = x + u.lead - left;
            self.place_glyphs(u, origin, &mut glyphs);
            x += u.width - left - right;
        }
        SetLine {
            glyphs,
            units: spec.units.clone(),
            width: if justify && !spec.overfull { width } else { x },
            justified: justify,
            overfull: spec.overfull,
        }
    }

    fn place_glyphs(&self, u: &Unit, origin: f32, out: &mut Vec<PlacedGlyph>) {
        let para = self.para;
        let style = &para.styles[u.span as usize];
        let gl = &para.glyphs[u.glyphs.start as usize..u.glyphs.end as usize];
        let mut pen = origin;
        for (gi, g) in gl.iter().enumerate() {
            let text_start = g.cluster;
            let text_end = gl[gi + 1..]
                .iter()
                .map(|n| n.cluster)
                .find(|c| *c > text_start)
                .unwrap_or(u.text.end);
            let first_of_cluster = gi == 0 || gl[gi - 1].cluster != g.cluster;
            out.push(PlacedGlyph {
                face: g.face,
                id: g.id,
                size: style.size,
                x: pen + g.x_offset,
                y: g.y_offset,
                advance: g.advance,
                color: style.color,
                text: if first_of_cluster && text_end > text_start {
                    text_start..text_end
                } else {
                    text_start..text_start
                },
            });
            pen += g.advance;
        }
    }

    /// Breaks units `start..` at `width` and sets every line.
    pub fn set_paragraph(&self, start: usize, width: f32) -> Vec<SetLine> {
        self.break_lines(start, width)
            .iter()
            .map(|l| self.set_line(l, width))
            .collect()
    }
}
