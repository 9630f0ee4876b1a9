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

/// Breaks a paragraph's units into lines and sets them.
pub struct LineBreaker<'p> {
    para: &'p Paragraph,
    comp: Composition,
    kinsoku: Kinsoku,
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

/// What the 1.5 em rule takes from two adjacent marks: (from the first's right, from the second's left).
fn pair_take(a: &Unit, a_right: f32, b: &Unit) -> (f32, f32) {
    if a.class.is_compressible_punct() && b.class.is_compressible_punct() {
        if a_right > 0.0 {
            return (a_right, 0.0);
        }
        if b.squeeze_left > 0.0 {
            return (0.0, b.squeeze_left);
        }
    }
    (0.0, 0.0)
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
        LineBreaker {
            para,
            comp,
            kinsoku: Kinsoku::new(comp.kinsoku),
        }
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
        let units = &self.para.units;
        let u = &units[i];
        if u.class == CharClass::Space {
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
        if let Some(p) = acc.last {
            let a = &units[p];
            if cjk_latin_gap(a, u) {
                let em = a.em.max(u.em);
                acc.m.natural += em * 0.25;
                acc.m.shrink[CAT_GAP] += em * 0.125;
                // A CJK–Latin gap stretches from ¼ to ⅓ em before character gaps open.
                acc.m.stretch_glue += em / 12.0;
            }
            if stretch_slot(a, u) {
                acc.m.slots += 1;
            }
            let (from_a, from_b) = pair_take(a, acc.last_right, u);
            if from_a > 0.0 {
                acc.m.natural -= from_a;
                if let Some(c) = shrink_cat(a.class) {
                    acc.m.shrink[c] -= from_a;
                }
            }
            if from_b > 0.0 {
                left = 0.0;
                acc.m.natural -= from_b;
            }
        } else if i == line_start
            && i > 0
            && u.class == CharClass::Open
            && self.comp.open_at_line_start_half
        {
            acc.m.natural -= left;
            left = 0.0;
        }
        acc.m.natural += u.width - (u.squeeze_left - left);
        if u.class == CharClass::Space {
            let (s, t) = space_caps(u);
            acc.m.shrink[CAT_SPACE] += s;
            acc.m.stretch_glue += t;
        } else if let Some(c) = shrink_cat(u.class) {
            acc.m.shrink[c] += left + right;
        }
        if !u.class.is_compressible_punct()
            && !matches!(u.class, CharClass::Space | CharClass::Indent)
        {
            acc.m.letters += 1;
        }
        if u.class != CharClass::Space {
            acc.last = Some(i);
            // A mark's right blank can be taken only once.
            right = right.max(0.0);
            acc.last_right = right;
        }
    }

    /// The line's measure when it ends here: the line-end mark is set half width.
    fn finish(&self, acc: &Acc) -> LineMetrics {
        let (mut m, last, last_right) = match acc.before_space {
            Some(s) => s,
            None => (acc.m, acc.last, acc.last_right),
        };
        if let Some(l) = last {
            let u = &self.para.units[l];
            if last_right > 0.0
                && matches!(
                    u.class,
                    CharClass::Close | CharClass::Pause | CharClass::Stop | CharClass::Middle
                )
            {
                m.natural -= last_right;
                if let Some(c) = shrink_cat(u.class) {
                    m.shrink[c] -= last_right;
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
        // A number or word stays with a solidus beside it (252元/百公斤, km/h).
        if (a.class == CharClass::Latin && b.class == CharClass::Solidus)
            || (a.class == CharClass::Solidus && b.class == CharClass::Latin)
            || (a.class == CharClass::Latin && b.class == CharClass::Latin)
        {
            return false;
        }
        true
    }

    /// Cost of a line of measure `m` set to `width`; `None` when it cannot be set there.
    fn cost(&self, m: &LineMetrics, width: f32, last: bool) -> Option<f64> {
        let em = if m.em > 0.0 { m.em } else { 9.0 };
        let d = m.natural - width;
        let mut cost = 1.0f64;
        if d > EPS {
            if d > m.shrink_total() + EPS {
                return None;
            }
            // Compressing punctuation is the preferred way to fit a line.
            cost += 20.0 * (d / em) as f64;
        } else if !last && d < -EPS {
            let need = -d;
            let glue = need.min(m.stretch_glue);
            cost += 20.0 * (glue / em) as f64;
            let rest = need - glue;
            if rest > EPS {
                if m.slots == 0 {
                    cost += 100_000.0;
                } else {
                    let per_gap = (rest / em) as f64 / m.slots as f64;
                    cost += 60.0 * (rest / em) as f64 + 4000.0 * per_gap * per_gap;
                }
            }
        }
        if last && m.letters <= 1 {
            // 孤字不成行.
            cost += 5000.0;
        }
        Some(cost)
    }

    /// Chooses the breaks for units `start..` at `width` (total-fit).
    pub fn break_lines(&self, start: usize, width: f32) -> Vec<LineSpec> {
        let n = self.para.units.len();
        if start >= n {
            return Vec::new();
        }
        let len = n - start + 1;
        let mut best: Vec<(f64, usize, bool)> = vec![(f64::INFINITY, usize::MAX, false); len];
        best[0] = (0.0, start, false);
        for i in start..n {
            let (base, _, _) = best[i - start];
            if !base.is_finite() {
                continue;
            }
            let mut acc = self.start_acc();
            let mut found = false;
            let mut j = i;
            while j < n {
                self.push(&mut acc, j, i);
                let end = j + 1;
                j += 1;
                if !self.can_break_before(end) {
                    continue;
                }
                let m = self.finish(&acc);
                let last = end == n;
                let too_wide = m.natural - m.shrink_total() > width + EPS;
                if let Some(c) = self.cost(&m, width, last) {
                    found = true;
                    let total = base + c;
                    if total < best[end - start].0 {
                        best[end - start] = (total, i, false);
                    }
                } else if too_wide && !found {
                    // Nothing fits from here: take the shortest breakable line, marked overfull.
                    let total = base + 1e7;
                    if total < best[end - start].0 {
                        best[end - start] = (total, i, true);
                    }
                    break;
                }
                if too_wide {
                    break;
                }
            }
        }
        let mut lines = Vec::new();
        let mut k = n;
        while k > start {
            let (_, prev, overfull) = best[k - start];
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
        let mut cut_left = vec![0.0f32; count];
        let mut cut_right = vec![0.0f32; count];
        let mut gap_before = vec![0.0f32; count];
        let mut slot_before = vec![false; count];
        let mut last_right = 0.0f32;
        for k in 0..count {
            let i = a + k;
            let u = &units[i];
            if k > 0 {
                let p = &units[i - 1];
                if cjk_latin_gap(p, u) {
                    gap_before[k] = p.em.max(u.em) * 0.25;
                }
                slot_before[k] = stretch_slot(p, u);
                let (fa, fb) = pair_take(p, last_right, u);
                cut_right[k - 1] += fa;
                cut_left[k] += fb;
            } else if i > 0 && u.class == CharClass::Open && self.comp.open_at_line_start_half {
                cut_left[k] = u.squeeze_left;
            }
            last_right = u.squeeze_right;
            if k > 0 && units[i - 1].class == CharClass::Space {
                // pair rule never crosses a space
            }
        }
        if count > 0 {
            let l = &units[end - 1];
            if matches!(
                l.class,
                CharClass::Close | CharClass::Pause | CharClass::Stop | CharClass::Middle
            ) {
                cut_right[count - 1] = l.squeeze_right;
            }
        }
        // Shrink or stretch.
        let mut shrink_ratio = [0.0f32; SHRINK_CLASSES];
        let mut glue_stretch_ratio = 0.0f32;
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
            let need = -d;
            if m.stretch_glue > 0.0 {
                let take = need.min(m.stretch_glue);
                glue_stretch_ratio = take / m.stretch_glue;
            }
            let rest = need - m.stretch_glue.min(need);
            if rest > EPS && m.slots > 0 {
                slot_stretch = rest / m.slots as f32;
            }
        }
        let mut glyphs = Vec::with_capacity(count);
        let mut x = 0.0f32;
        for k in 0..count {
            let i = a + k;
            let u = &units[i];
            // Glue before the unit.
            if gap_before[k] > 0.0 {
                let em4 = gap_before[k];
                x += em4 - shrink_ratio[CAT_GAP] * em4 * 0.5 + glue_stretch_ratio * em4 / 3.0;
            }
            if slot_before[k] {
                x += slot_stretch;
            }
            let mut left = cut_left[k];
            let mut right = cut_right[k];
            if let Some(c) = shrink_cat(u.class) {
                if u.class == CharClass::Space {
                    let (s, t) = space_caps(u);
                    right += shrink_ratio[c] * s - glue_stretch_ratio * t;
                } else {
                    left += shrink_ratio[c] * (u.squeeze_left - cut_left[k]);
                    right += shrink_ratio[c] * (u.squeeze_right - cut_right[k]).max(0.0);
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
