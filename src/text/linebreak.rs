//! Choosing line breaks over the whole paragraph (total-fit): where a line may break, and
//! which breaks cost the paragraph least.
//!
//! Each candidate line is measured as `measure.rs` measures it. Compressing punctuation is
//! cheap and stretching character gaps dear, so choosing breaks for the whole paragraph at
//! once is 先挤进，后推出 decided over the paragraph rather than line by line. Setting the
//! chosen lines is `line.rs`'s job.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::classes::{CharClass, Kinsoku, KinsokuLevel};
use super::measure::{Acc, EPS, LineMetrics, Measurer, NoCuts};
use super::{Composition, Joint, Paragraph, PunctStyle, Unit};

/// What a set line had to give up, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineQuality {
    /// Its gaps between characters open more than ⅓ em.
    pub loose: bool,
    /// It ends inside a run: a URL, an address, a number, a unit group or a word.
    pub broken_run: bool,
    /// It ends between two letters of a word, without a hyphen.
    pub broken_word: bool,
}

/// Cost of a line, the floor of every line's cost: fewer lines are better, all else equal.
const LINE_COST: f64 = 1.0;
/// Cost of a line under negative tracking (copyfitting to save lines): more than any way of
/// filling one, so the breaker sets the paragraph in the fewest lines the rules allow. At the
/// default limit of 2 % of the em a 13-character line gains no whole character by tracking
/// alone, only where punctuation can give the rest.
const LINE_COST_TIGHTENING: f64 = 1e5;
/// Cost per em of compressing punctuation and CJK–Latin gaps: the preferred way to fit a line.
const SHRINK_COST_PER_EM: f64 = 20.0;
/// Cost per em of stretching Latin word spaces and CJK–Latin gaps: as cheap as shrinking.
const GLUE_STRETCH_COST_PER_EM: f64 = 20.0;
/// Cost per em of opening the gaps between characters, the last resort for a short line.
const GAP_STRETCH_COST_PER_EM: f64 = 60.0;
/// Cost of the square of what each gap between characters opens, in em: a few wide gaps cost
/// more than many narrow ones.
const GAP_SPREAD_COST: f64 = 4000.0;
/// Cost of a short line with no gap that may stretch (a lone Latin word): a ragged line is
/// almost never the best choice.
const NO_GAP_COST: f64 = 100_000.0;
/// Cost of a last line of one character (孤字不成行).
const ORPHAN_COST: f64 = 5000.0;
/// Cost of an overfull line, taken only when nothing fits: dearer than any line that fits.
const OVERFULL_COST: f64 = 1e7;
/// Cost of a break inside a run (a URL after a separator, a phone number at its hyphen): dearer
/// than any ordinary line, cheaper than a line looser than the ceiling.
const RUN_BREAK_COST: f64 = 300.0;
/// Cost of a break between a unit group's number and its unit (`252` `元/百公斤`): a run
/// break, cheaper than a loose line, dearer than a URL's.
const UNIT_NUMBER_BREAK_COST: f64 = 3000.0;
/// Cost of a break at the solidus of a unit group (`252元/` `百公斤`): only when it must (the
/// group would stick out of a narrow column), so dearer than a loose line; GB/T 15834 keeps
/// the solidus off a line end otherwise.
const UNIT_GROUP_BREAK_COST: f64 = 100_000.0;
/// Cost of a line whose gaps between characters open more than [`LOOSE_GAP_EM`]: any break
/// inside a run is taken before it.
const LOOSE_COST: f64 = 10_000.0;
/// Cost of a break between two letters of a word, without a hyphen: the last resort, taken
/// only when the word would stick out of the column otherwise (dearer than a ragged line of
/// Latin pieces, [`NO_GAP_COST`]).
const LETTER_BREAK_COST: f64 = 200_000.0;
/// The ceiling on what a justified line may open between characters, in em
/// (docs/typesetting.md §2): looser lines are reported.
pub(crate) const LOOSE_GAP_EM: f32 = 1.0 / 3.0;
/// The em costs are counted in when a line has none (nothing but spaces): body size, in pt.
const FALLBACK_EM: f32 = 9.0;

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

/// What breaks were chosen from: the rules (tracking by its bits), the first unit and the
/// measure (by its bits).
type BreakKey = (KinsokuLevel, PunctStyle, bool, u32, usize, u32);

/// Most break choices kept per paragraph: copyfitting and balancing try a few measures and
/// starts each; past this the paragraph is broken afresh.
const MAX_KEPT_BREAKS: usize = 64;

/// The breaks chosen for a paragraph, by rules, start and measure. Composition asks for the
/// same ones again and again (copyfit trials, balancing, jump rounds; a session's next
/// build), and total-fit is the dearest step of setting text. Choosing breaks reads nothing
/// but the paragraph and the key, and a paragraph does not change once shaped, so a kept
/// choice is the one breaking again would make. Copies of a paragraph share it.
#[derive(Clone, Default)]
pub(crate) struct BreakMemo(Arc<Mutex<Kept>>);

/// What a paragraph keeps of being broken: the breaks chosen, and the tables of the rules it
/// was broken under.
#[derive(Default)]
struct Kept {
    /// Breaks chosen, by rules, start and measure.
    breaks: HashMap<BreakKey, Vec<LineSpec>>,
    /// The tables of each set of rules, in the order they were first asked for.
    tables: Vec<(TablesKey, Arc<Tables>)>,
}

/// The rules a breaker's tables are worked out under: prohibitions, tracking (by its bits)
/// and whether an opening bracket at a line start loses its blank.
type TablesKey = (KinsokuLevel, u32, bool);

/// Most sets of tables kept per paragraph: the edition's rules and each tracking copyfitting
/// tries (eight steps at the default limit); past this a breaker works its tables out afresh
/// (and does not keep them). They are kept only while the article is set.
const MAX_KEPT_TABLES: usize = 12;

/// What breaking a paragraph under one set of rules reads over and over, worked out once per
/// paragraph and rules rather than per breaker: a story is set again for every copyfit trial,
/// balancing trial and held-back jump, each time with a breaker per paragraph.
pub(super) struct Tables {
    /// `breaks[k]`: whether a line may break before unit `k` (`0..=units.len()`).
    breaks: Vec<bool>,
    /// `break_costs[k]`: what a break before unit `k` costs beyond the line (inside a run).
    break_costs: Vec<f64>,
    /// Measures lines of the paragraph.
    pub(super) measurer: Measurer,
}

impl Tables {
    /// The tables of `para` under `comp`.
    fn new(para: &Paragraph, comp: &Composition) -> Tables {
        let (breaks, break_costs) = compute_breaks(para, &Kinsoku::new(comp.kinsoku));
        Tables {
            breaks,
            break_costs,
            measurer: Measurer::new(&para.units, comp),
        }
    }
}

impl std::fmt::Debug for BreakMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BreakMemo")
    }
}

impl BreakMemo {
    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Lets the tables go (the breaks chosen stay): a session keeps shaped paragraphs from
    /// build to build, and their tables (some fifty bytes a unit) would stay with them
    /// through the rest of the build; they are worth keeping only while the paragraph's
    /// article is being set.
    pub(crate) fn forget_tables(&self) {
        self.lock().tables = Vec::new();
    }

    /// The tables of `para` (whose memo this is) under `comp`, kept or worked out now.
    fn tables(&self, para: &Paragraph, comp: &Composition) -> Arc<Tables> {
        let key = (
            comp.kinsoku,
            comp.tracking.to_bits(),
            comp.open_at_line_start_half,
        );
        if let Some((_, t)) = self.lock().tables.iter().find(|(k, _)| *k == key) {
            return Arc::clone(t);
        }
        // Worked out outside the lock: copies of the paragraph on other threads go on.
        let t = Arc::new(Tables::new(para, comp));
        let mut kept = self.lock();
        if kept.tables.len() < MAX_KEPT_TABLES && !kept.tables.iter().any(|(k, _)| *k == key) {
            kept.tables.push((key, Arc::clone(&t)));
        }
        t
    }
}

/// Breaks a paragraph's units into lines and sets them.
pub struct LineBreaker<'p> {
    /// The paragraph.
    pub(super) para: &'p Paragraph,
    /// The rules it is set under.
    pub(super) comp: Composition,
    /// Break opportunities and their costs, and the measurer, for these rules.
    pub(super) tables: Arc<Tables>,
    /// Cost of a line: [`LINE_COST`], or [`LINE_COST_TIGHTENING`] under negative tracking.
    per_line: f64,
}

/// The best ways found so far to set the units from `start` up to each end (total-fit).
struct TotalFit {
    /// The first unit to set.
    start: usize,
    /// Per end (`end - start`): the best total cost.
    cost: Vec<f64>,
    /// Per end: the start of the last line of the best way.
    prev: Vec<usize>,
    /// Per end: whether that last line is overfull.
    overfull: Vec<bool>,
}

/// The em a line's costs are counted in.
#[inline]
fn cost_em(m: &LineMetrics) -> f32 {
    if m.em > 0.0 { m.em } else { FALLBACK_EM }
}

/// Cost of a line measuring `m` (`shrink_total` being all it can shrink) set to `width`;
/// `None` when it cannot be set there. Compressing punctuation is cheap, stretching the gaps
/// between characters dear, a one-character last line dearer still.
#[inline]
fn line_cost(
    m: &LineMetrics,
    shrink_total: f32,
    width: f32,
    last: bool,
    per_line: f64,
) -> Option<f64> {
    let em = cost_em(m);
    let d = m.natural - width;
    let mut cost = per_line;
    if d > EPS {
        if d > shrink_total + EPS {
            return None;
        }
        cost += SHRINK_COST_PER_EM * (d / em) as f64;
    } else if !last && d < -EPS {
        let need = -d;
        let glue = need.min(m.stretch_glue);
        cost += GLUE_STRETCH_COST_PER_EM * (glue / em) as f64;
        let rest = need - glue;
        if rest > EPS {
            if m.slots == 0 {
                cost += NO_GAP_COST;
            } else {
                let per_gap = (rest / em) as f64 / m.slots as f64;
                cost += GAP_STRETCH_COST_PER_EM * (rest / em) as f64
                    + GAP_SPREAD_COST * per_gap * per_gap;
                if per_gap > LOOSE_GAP_EM as f64 {
                    cost += LOOSE_COST;
                }
            }
        }
    }
    if last && m.letters <= 1 {
        cost += ORPHAN_COST;
    }
    Some(cost)
}

/// The break opportunities of the paragraph, `breaks[k]` for a break before unit `k`, and
/// what each costs beyond its line.
fn compute_breaks(para: &Paragraph, kinsoku: &Kinsoku) -> (Vec<bool>, Vec<f64>) {
    let units = &para.units;
    let n = units.len();
    let mut breaks: Vec<bool> = (0..=n).map(|k| break_allowed(para, kinsoku, k)).collect();
    let mut costs: Vec<f64> = (0..=n)
        .map(|k| match units.get(k).map(|u| u.joint) {
            Some(Joint::Run) => RUN_BREAK_COST,
            Some(Joint::Letter) => LETTER_BREAK_COST,
            _ => 0.0,
        })
        .collect();
    // A number group with a solidus (`252元/百公斤`, `3000元/吨`) breaks inside only when
    // it must, and then after the solidus (docs/typesetting.md §2): the number, up to two
    // unit characters, the solidus and up to three unit characters after it.
    for s in 0..n {
        if units[s].class != CharClass::Solidus {
            continue;
        }
        let is_number = |u: &Unit| {
            u.class == CharClass::Latin
                && para.text[u.text.start as usize..].starts_with(|c: char| c.is_ascii_digit())
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
        // Rather than a loose line: after the number, before its unit (`252` `元/百公斤`);
        // only when it must: after the solidus (`252元/` `百公斤`).
        if start + 1 < s {
            breaks[start + 1] = true;
            costs[start + 1] = UNIT_NUMBER_BREAK_COST;
        }
        if s + 1 < end {
            breaks[s + 1] = true;
            costs[s + 1] = UNIT_GROUP_BREAK_COST;
        }
    }
    (breaks, costs)
}

/// Whether the prohibitions and the never-split rules allow a break before unit `k`: a
/// Latin run only between its pieces.
fn break_allowed(para: &Paragraph, kinsoku: &Kinsoku, k: usize) -> bool {
    let units = &para.units;
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
    if b.joint != Joint::Apart {
        return true;
    }
    if kinsoku.not_at_start(b.class) || kinsoku.not_at_end(a.class) {
        return false;
    }
    // % ‰ ℃ after CJK (a Latin unit of their own) may not start a line either.
    if b.class == CharClass::Latin
        && para.text[b.text.start as usize..]
            .chars()
            .next()
            .is_some_and(|c| kinsoku.sign_not_at_start(c))
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

impl<'p> LineBreaker<'p> {
    /// A breaker for a paragraph under a set of composition rules.
    pub fn new(para: &'p Paragraph, comp: Composition) -> Self {
        Self::with_tables(para, comp, Arc::new(Tables::new(para, &comp)))
    }

    /// A breaker whose tables the paragraph keeps, for a paragraph broken again and again
    /// under the same rules (a story's, through its trials): the story lets them go with
    /// [`BreakMemo::forget_tables`] once set.
    pub(crate) fn kept(para: &'p Paragraph, comp: Composition) -> Self {
        Self::with_tables(para, comp, para.breaks.tables(para, &comp))
    }

    fn with_tables(para: &'p Paragraph, comp: Composition, tables: Arc<Tables>) -> Self {
        LineBreaker {
            para,
            comp,
            tables,
            per_line: if comp.tracking < 0.0 {
                LINE_COST_TIGHTENING
            } else {
                LINE_COST
            },
        }
    }

    /// Measures units `a..b` as one line.
    pub fn measure(&self, a: usize, b: usize) -> LineMetrics {
        self.tables.measurer.measure(a, b, &mut NoCuts)
    }

    /// Whether a line may break before unit `k`.
    pub(crate) fn can_break_before(&self, k: usize) -> bool {
        self.tables.breaks.get(k).copied().unwrap_or(true)
    }

    /// What a set line had to give up: whether its gaps between characters open more than
    /// the ceiling, and whether it ends inside a run or a word.
    pub fn quality(&self, spec: &LineSpec, width: f32) -> LineQuality {
        let units = &self.para.units;
        let mut end = spec.units.end;
        while end > spec.units.start && units[end - 1].class == CharClass::Space {
            end -= 1;
        }
        let m = self.measure(spec.units.start, end);
        let rest = width - m.natural - m.stretch_glue;
        let loose = spec.justified
            && !spec.overfull
            && m.slots > 0
            && rest / m.slots as f32 > cost_em(&m) * LOOSE_GAP_EM + EPS;
        let k = spec.units.end;
        LineQuality {
            loose,
            broken_run: k < units.len() && self.tables.break_costs[k] > 0.0,
            broken_word: units.get(k).is_some_and(|u| u.joint == Joint::Letter),
        }
    }

    /// Tries every line starting at unit `i` against the best breaks found so far for its end.
    /// A line whose cost is sure to take the paragraph above `bound` (the cost of a way of
    /// setting it all, see [`LineBreaker::bound`]) is not costed: no least-cost way holds it.
    fn extend_from(&self, i: usize, width: f32, bound: f64, fit: &mut TotalFit) {
        let n = self.tables.measurer.len();
        let TotalFit {
            start,
            cost,
            prev,
            overfull,
        } = fit;
        let start = *start;
        let base = cost[i - start];
        let mut acc = Acc::default();
        let mut found = false;
        // The sum of the shrink categories, while no unit has changed them since it was taken.
        let mut shrink_sum: Option<f32> = None;
        // Ends from unit `i` on, each with whether a line may break after it and the best cost
        // found so far for a line ending there.
        let ends = self.tables.breaks[i + 1..]
            .iter()
            .zip(cost[i + 1 - start..].iter_mut())
            .enumerate();
        for (k, (&breakable, best)) in ends {
            let j = i + k;
            let plain = self.tables.measurer.push(&mut acc, j, i, &mut NoCuts);
            if !plain {
                shrink_sum = None;
            }
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
                finished = self.tables.measurer.finish(&acc, &mut NoCuts);
                &finished
            };
            let d = m.natural - width;
            // A line that need not shrink costs at least `per_line`: skip it when that cannot
            // beat the best way found to its end, or stay within the bound (it fits, so the
            // search goes on).
            if d <= 0.0 {
                let least = base + self.per_line;
                if least >= *best || least > bound {
                    found = true;
                    continue;
                }
            }
            let em = cost_em(m);
            if !last && d < -EPS {
                // A short line: skip it likewise when even part of its cost (what opening the
                // gaps between characters costs) cannot beat the best way found to its end or
                // stay within the bound. Each term is `line_cost`'s own, added in an order
                // that cannot come to more than `line_cost`'s sum: with every term positive,
                // rounding never takes a sum below one of its parts.
                let need = -d;
                let rest = need - need.min(m.stretch_glue);
                if rest > EPS && m.slots > 0 {
                    let per_gap = (rest / em) as f64 / m.slots as f64;
                    let gaps = GAP_STRETCH_COST_PER_EM * (rest / em) as f64
                        + GAP_SPREAD_COST * per_gap * per_gap;
                    let mut part = self.per_line + gaps;
                    if per_gap > LOOSE_GAP_EM as f64 {
                        part += LOOSE_COST;
                    }
                    let least = base + part;
                    if least >= *best || least > bound {
                        found = true;
                        continue;
                    }
                }
            }
            let shrink_total = if plain {
                *shrink_sum.get_or_insert_with(|| m.shrink_total())
            } else {
                m.shrink_total()
            };
            let too_wide = m.natural - shrink_total > width + EPS;
            if let Some(c) = line_cost(m, shrink_total, width, last, self.per_line) {
                found = true;
                let total = base + c + self.tables.break_costs[end];
                if total < *best {
                    *best = total;
                    prev[end - start] = i;
                    overfull[end - start] = false;
                }
            } else if too_wide && !found {
                // Nothing fits from here: take the shortest breakable line, marked overfull.
                let total = base + OVERFULL_COST;
                if total < *best {
                    *best = total;
                    prev[end - start] = i;
                    overfull[end - start] = true;
                }
                break;
            }
            if too_wide {
                break;
            }
        }
    }

    /// Chooses the breaks for units `start..` at `width` (total-fit), or takes those chosen
    /// before under the same rules.
    pub(crate) fn break_lines(&self, start: usize, width: f32) -> Vec<LineSpec> {
        let c = &self.comp;
        let key = (
            c.kinsoku,
            c.punct,
            c.open_at_line_start_half,
            c.tracking.to_bits(),
            start,
            width.to_bits(),
        );
        if let Some(lines) = self.para.breaks.lock().breaks.get(&key) {
            return lines.clone();
        }
        let lines = self.choose_breaks(start, width);
        let mut kept = self.para.breaks.lock();
        if kept.breaks.len() < MAX_KEPT_BREAKS {
            kept.breaks.insert(key, lines.clone());
        }
        lines
    }

    /// The cost of one way to set units `start..` at `width`, line by line, each the line
    /// from where the last ended that costs least by itself, summed as total-fit sums: no
    /// more than the least-cost way's, so total-fit need not try a line that takes a way
    /// above it. Infinite when this way comes to no end.
    ///
    /// Each line is tried as [`LineBreaker::extend_from`] tries it (a line that fits, else
    /// the shortest one too wide, marked overfull), so total-fit finds every line of this
    /// way and sums at most this.
    fn bound(&self, start: usize, width: f32) -> f64 {
        let n = self.tables.measurer.len();
        let mut total = 0.0f64;
        let mut i = start;
        while i < n {
            let mut acc = Acc::default();
            let mut found = false;
            let mut shrink_sum: Option<f32> = None;
            // The cheapest line so far: its end, its cost and that with its break's.
            let mut cheapest: Option<(usize, f64, f64)> = None;
            let mut overfull = false;
            for j in i..n {
                let plain = self.tables.measurer.push(&mut acc, j, i, &mut NoCuts);
                if !plain {
                    shrink_sum = None;
                }
                let end = j + 1;
                if !self.tables.breaks[end] {
                    continue;
                }
                let last = end == n;
                let finished;
                let m = if plain {
                    &acc.m
                } else {
                    finished = self.tables.measurer.finish(&acc, &mut NoCuts);
                    &finished
                };
                let shrink_total = if plain {
                    *shrink_sum.get_or_insert_with(|| m.shrink_total())
                } else {
                    m.shrink_total()
                };
                let too_wide = m.natural - shrink_total > width + EPS;
                if let Some(c) = line_cost(m, shrink_total, width, last, self.per_line) {
                    found = true;
                    let cost = c + self.tables.break_costs[end];
                    if cheapest.is_none_or(|(_, _, best)| cost < best) {
                        cheapest = Some((end, c, cost));
                    }
                } else if too_wide && !found {
                    cheapest = Some((end, OVERFULL_COST, OVERFULL_COST));
                    overfull = true;
                    break;
                }
                if too_wide {
                    break;
                }
            }
            let Some((end, c, _)) = cheapest else {
                return f64::INFINITY;
            };
            total = if overfull {
                total + c
            } else {
                total + c + self.tables.break_costs[end]
            };
            i = end;
        }
        total
    }

    /// Total-fit: the breaks for units `start..` at `width` that cost least.
    fn choose_breaks(&self, start: usize, width: f32) -> Vec<LineSpec> {
        self.choose_breaks_within(start, width, self.bound(start, width))
    }

    /// Total-fit, not trying the ways that cost more than `bound` (no less than the
    /// least-cost way's: infinite tries them all).
    fn choose_breaks_within(&self, start: usize, width: f32, bound: f64) -> Vec<LineSpec> {
        let n = self.para.units.len();
        if start >= n {
            return Vec::new();
        }
        let len = n - start + 1;
        let mut fit = TotalFit {
            start,
            cost: vec![f64::INFINITY; len],
            prev: vec![usize::MAX; len],
            overfull: vec![false; len],
        };
        fit.cost[0] = 0.0;
        fit.prev[0] = start;
        for i in start..n {
            // A way to unit `i` that, with one more line, costs more than the bound is part
            // of no least-cost way: its lines are not tried. (The ways that cost least to
            // every unit within the bound, and the first found of equals, are those found
            // without it; the way to the end is one of them.)
            let base = fit.cost[i - start];
            if base.is_finite() && base + self.per_line <= bound {
                self.extend_from(i, width, bound, &mut fit);
            }
        }
        let mut lines = Vec::new();
        let mut k = n;
        while k > start {
            let (prev, overfull) = (fit.prev[k - start], fit.overfull[k - start]);
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Cmyk;
    use crate::fonts::FontBook;
    use crate::text::{FaceChain, Span, TextStyle};

    /// The bound leaves total-fit's choice as it is: every body paragraph of the example's
    /// articles, from its start and from a unit inside, at narrow to wide measures, under
    /// tightening, none and loosening tracking and each set of prohibitions, breaks where it
    /// breaks with every way tried.
    #[test]
    fn the_bound_changes_no_break() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let book = FontBook::load(&root.join("fonts"), &Default::default()).expect("fonts");
        let fonts = book.faces();
        let size = 9.0;
        let style = TextStyle {
            faces: FaceChain::new(&[book.body()]),
            size,
            color: Cmyk::BLACK,
        };
        let dir = root.join("examples/zhuzhou-daily-2023-07-20/articles");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("the example's articles")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        let mut tried = 0;
        for f in files.iter().step_by(3) {
            // The body's paragraphs: the lines after the front matter (text sits below
            // the article format in the layers, so the file is read plainly).
            let text = std::fs::read_to_string(f).expect("an article");
            let body = text.rsplit_once("+++").map_or(text.as_str(), |(_, b)| b);
            for t in body
                .lines()
                .map(str::trim)
                .filter(|l| l.chars().count() > 8)
            {
                let t = t.to_string();
                let span = Span {
                    text: t.clone(),
                    style,
                };
                let para = Paragraph::new(&fonts, &[span], 2.0 * size, &Composition::default());
                for (kinsoku, tracking) in [
                    (KinsokuLevel::Gb, -0.02),
                    (KinsokuLevel::Gb, 0.0),
                    (KinsokuLevel::Strict, 0.01),
                    (KinsokuLevel::None, 0.0),
                ] {
                    let comp = Composition {
                        kinsoku,
                        tracking,
                        ..Composition::default()
                    };
                    let b = LineBreaker::new(&para, comp);
                    for chars in [5.0, 9.5, 11.0, 13.0, 20.0] {
                        let width = chars * size;
                        for start in [0, para.units.len() / 3] {
                            let bounded = b.choose_breaks(start, width);
                            let all = b.choose_breaks_within(start, width, f64::INFINITY);
                            assert_eq!(bounded, all, "{}: {t:?} at {chars}", f.display());
                            tried += 1;
                        }
                    }
                }
            }
        }
        assert!(tried > 500, "{tried} settings tried");
    }
}
