//! Where a subhead that takes more than one line breaks: where a reader pauses, into lines
//! of even length.

use crate::compose::grid::SLACK;
use crate::compose::words::{Words, break_at_words};
use crate::text::{CharClass as C, LineBreaker, LineSpec, Paragraph};

/// Cost of a break after a pause or a stop, or at a space: where a reader breathes.
const AT_PAUSE: f32 = 0.0;
/// Cost of a break at a quotation mark, a bracket or a dash.
const AT_QUOTE: f32 = 1.0;
/// Cost of a break before 与/和/及/并/暨 or after 的.
const AT_JOINING_WORD: f32 = 2.0;
/// Cost of any other break between two words: inside a phrase.
const ELSEWHERE: f32 = 4.0;
/// Cost of a break inside a word (`异/地`): taken only where no line break between words
/// fits at all.
const INSIDE_WORD: f32 = 40.0;
/// Cost of each em of difference between the two lines' lengths.
const UNEVEN_PER_EM: f32 = 0.25;

/// Words a two-line subhead may break before.
const JOINING_WORDS: [&str; 5] = ["与", "和", "及", "并", "暨"];

/// The lines of a subhead `specs` broke into from `unit`, in a column `width` wide:
/// a two-line subhead broken where a reader pauses, a longer one into lines of even length.
pub(super) fn subhead_lines(
    breaker: &LineBreaker,
    para: &Paragraph,
    (unit, width, em): (usize, f32, f32),
    specs: Vec<LineSpec>,
) -> Vec<LineSpec> {
    let n = specs.len();
    if n == 2
        && let Some(two) = subhead_in_two(breaker, para, unit, width, em)
    {
        return two;
    }
    if n > 1 {
        // A subhead that wraps is broken into lines of even length.
        let natural = breaker.measure(unit, para.units.len()).natural;
        let even = (natural / n as f32 + em).min(width);
        let mut balanced = break_at_words(breaker, para, unit, even);
        if balanced.len() == n {
            for s in &mut balanced {
                s.justified = false;
            }
            return balanced;
        }
    }
    specs
}

/// Breaks a two-line subhead where a reader pauses: after a comma or a stop, at a space,
/// at a quotation or a dash, before 与/和/及 or after 的 — and otherwise between two words
/// where the two lines come out most even. A subhead broken inside a word (`扫/帚`, `15分/钟`) reads wrong.
fn subhead_in_two(
    breaker: &LineBreaker,
    para: &Paragraph,
    start: usize,
    width: f32,
    em: f32,
) -> Option<Vec<LineSpec>> {
    let end = para.units.len();
    let fits = |a: usize, b: usize| {
        let m = breaker.measure(a, b);
        m.natural - m.shrink_total() <= width + SLACK
    };
    let words = Words::of(para);
    let mut best: Option<(f32, usize)> = None;
    for k in start + 2..end.saturating_sub(1) {
        if !breaker.can_break_before(k) || !fits(start, k) || !fits(k, end) {
            continue;
        }
        let (w1, w2) = (
            breaker.measure(start, k).natural,
            breaker.measure(k, end).natural,
        );
        let cost = break_place_cost(para, &words, k) + UNEVEN_PER_EM * (w1 - w2).abs() / em;
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, k));
        }
    }
    let (_, k) = best?;
    let line = |units| LineSpec {
        units,
        justified: false,
        overfull: false,
    };
    Some(vec![line(start..k), line(k..end)])
}

/// How badly a break before unit `k` reads.
fn break_place_cost(para: &Paragraph, words: &Words, k: usize) -> f32 {
    let (a, b) = (&para.units[k - 1], &para.units[k]);
    let text = |k: usize| para.unit_text(k..k + 1);
    if matches!(a.class, C::Pause | C::Stop | C::Space) || b.class == C::Space {
        AT_PAUSE
    } else if a.class == C::Close || b.class == C::Open || a.class == C::Dash || b.class == C::Dash
    {
        AT_QUOTE
    } else if JOINING_WORDS.contains(&text(k)) || text(k - 1) == "的" {
        AT_JOINING_WORD
    } else if words.starts_word(k) {
        ELSEWHERE
    } else {
        INSIDE_WORD
    }
}
