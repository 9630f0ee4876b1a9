//! The 报眼: a ruled box in the right-hand columns of the masthead area, its title centred
//! over a rule, then its entries — the edition's lines, then an index of the later pages'
//! lead stories — on the body grid.

use super::PageFurniture;
use super::rules::THIN_RULE;
use crate::compose::line::{emit_line, shape_display};
use crate::compose::styles::StyleKey;
use crate::display::{Cmyk, Item, Rect, TextRole};
use crate::edition::{Ear, Edition, GridArea};
use crate::report::Warning;
use crate::text::{LineBreaker, LineSpec};

/// White inside the box at either side, in body ems.
const PAD_EMS: f32 = 0.75;
/// Entries' lines stand at least this many times their size apart, rounded up to grid lines.
const ENTRY_LEADING: f32 = 1.25;
/// Grid lines the title takes at least; its baseline sits on the last.
const TITLE_LINES: u32 = 2;

/// The entries of the ear: the lines the edition gives, then, with `index`, the lead story
/// of every later page as (page label, its 主题 on one line).
pub(super) fn ear_entries(edition: &Edition, ear: &Ear) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> =
        ear.lines.iter().map(|l| (None, l.clone())).collect();
    if ear.index {
        let mut seen = vec![false; edition.articles.len()];
        for page in &edition.pages {
            // The lead story: the top-most, then left-most block that starts an article here.
            let lead = page
                .blocks
                .iter()
                .filter(|b| !seen[b.article])
                .min_by_key(|b| (b.area.line, b.area.column));
            if page.number > 1
                && let Some(b) = lead
            {
                let title = edition.articles[b.article]
                    .title
                    .split('\n')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\u{3000}");
                out.push((Some(format!("{}版", page.label)), title));
            }
            for b in &page.blocks {
                seen[b.article] = true;
            }
        }
    }
    out
}

/// Draws the 报眼 in the masthead area `mh`, clear of the facts that end at `facts_right`.
/// An entry that does not fit is reported, never dropped silently; a box that would run into
/// the masthead's facts is made narrower, and that too is reported.
pub(super) fn add_ear(
    f: &PageFurniture,
    ear: &Ear,
    mh: &GridArea,
    facts_right: f32,
    items: &mut Vec<Item>,
    warnings: &mut Vec<Warning>,
) {
    let Some(r) = ear_box(f, ear, mh, facts_right, warnings) else {
        return;
    };
    items.push(Item::Frame {
        rect: r,
        width: THIN_RULE,
        color: Cmyk::BLACK,
    });
    let mut line = mh.line;
    match &ear.title {
        Some(t) => line = ear_title(f, t, r, line, items),
        None => line += 1,
    }
    let dropped = ear_lines(f, ear, (r, mh.line + mh.lines - 1), line, items);
    if !dropped.is_empty() {
        warnings.push(Warning {
            file: f.edition.path.display().to_string(),
            line: None,
            column: None,
            message: format!(
                "the ear (报眼) is full: {} entries are not set ({}); shorten them, give fewer, or widen it (`columns`)",
                dropped.len(),
                dropped.join("; ")
            ),
        });
    }
}

/// The ear's box: as many of the masthead's right-hand columns as it asks for and the
/// facts leave room for; none when not even one column is clear of them.
fn ear_box(
    f: &PageFurniture,
    ear: &Ear,
    mh: &GridArea,
    facts_right: f32,
    warnings: &mut Vec<Warning>,
) -> Option<Rect> {
    let grid = f.grid;
    let file = f.edition.path.display().to_string();
    let mut columns = ear.columns.min(mh.columns.saturating_sub(1)).max(1);
    let area = |columns: u32| GridArea {
        column: mh.column + mh.columns - columns,
        columns,
        line: mh.line,
        lines: mh.lines,
    };
    while columns > 1 && grid.area_rect(&area(columns)).x < facts_right + grid.em {
        columns -= 1;
    }
    let r = grid.area_rect(&area(columns));
    if r.x < facts_right + grid.em {
        warnings.push(Warning {
            file,
            line: None,
            column: None,
            message: "the ear (报眼) has no room beside the masthead's facts: it is not set".into(),
        });
        return None;
    }
    if columns < ear.columns {
        warnings.push(Warning {
            file,
            line: None,
            column: None,
            message: format!(
                "the ear (报眼) is set {columns} columns wide, not {}: wider, it would run into the masthead's facts",
                ear.columns
            ),
        });
    }
    Some(r)
}

/// The ear's title centred in box `r` from `line`, over a rule; returns the line after the rule.
fn ear_title(f: &PageFurniture, title: &str, r: Rect, line: u32, items: &mut Vec<Item>) -> u32 {
    let grid = f.grid;
    let st = f.styles.get(StyleKey::EarTitle);
    let (p, l) = f.line(title, st);
    let steps = (st.size / grid.pitch).ceil().max(1.0) as u32;
    let lines = steps.max(TITLE_LINES);
    let base = grid.baseline(line + lines - 1);
    let x = r.x + (r.w - l.width) / 2.0;
    emit_line(items, &p, &l, x, base, TextRole::Furniture);
    let line = line + lines;
    let y = grid.line_top(line) - (grid.pitch - grid.em) / 2.0;
    let pad = grid.em * PAD_EMS;
    items.push(Item::Line {
        x1: r.x + pad,
        y1: y,
        x2: r.right() - pad,
        y2: y,
        width: THIN_RULE,
        color: Cmyk::BLACK,
    });
    line + 1
}

/// The ear's entries in box `r` from `line` down to `last_line`, each wrapped under its own
/// text after its label; returns the entries that did not fit. Later entries are not moved
/// up past one that was left out: the order is the desk's.
fn ear_lines(
    f: &PageFurniture,
    ear: &Ear,
    (r, last_line): (Rect, u32),
    mut line: u32,
    items: &mut Vec<Item>,
) -> Vec<String> {
    let grid = f.grid;
    let comp = &f.edition.composition;
    let pad = grid.em * PAD_EMS;
    let inner = r.w - 2.0 * pad;
    let st = f.styles.get(StyleKey::Ear);
    let step = ((st.size * ENTRY_LEADING) / grid.pitch).ceil().max(1.0) as u32;
    let mut dropped = Vec::new();
    for (label, text) in ear_entries(f.edition, ear) {
        // The label, then an em of space before the entry's text.
        let lead = label.as_ref().map(|l| f.line(l, st));
        let lead_w = lead.as_ref().map_or(0.0, |(_, sl)| sl.width + st.size);
        let p = shape_display(f.fonts, &text, st, comp);
        let breaker = LineBreaker::new(&p, *comp);
        let measure = inner - lead_w;
        let set = wrap(&breaker, p.units.len(), measure.max(st.size));
        if set.is_empty() || line + (set.len() as u32 - 1) * step > last_line {
            dropped.push(match &label {
                Some(l) => format!("{l} {text}"),
                None => text.clone(),
            });
            line = last_line + 1;
            continue;
        }
        if let Some((lp, ll)) = &lead {
            emit_line(
                items,
                lp,
                ll,
                r.x + pad,
                grid.baseline(line),
                TextRole::Furniture,
            );
        }
        for (k, spec) in set.iter().enumerate() {
            let sl = breaker.set_line(spec, measure);
            let baseline = grid.baseline(line + k as u32 * step);
            emit_line(
                items,
                &p,
                &sl,
                r.x + pad + lead_w,
                baseline,
                TextRole::Furniture,
            );
        }
        line += set.len() as u32 * step;
    }
    dropped
}

/// Breaks text of `units` units into unjustified lines `width` wide, one line at a time.
fn wrap(breaker: &LineBreaker, units: usize, width: f32) -> Vec<LineSpec> {
    let mut start = 0;
    let mut set = Vec::new();
    while start < units {
        let Some(spec) = breaker.break_lines(start, width).into_iter().next() else {
            break;
        };
        start = spec.units.end;
        set.push(LineSpec {
            justified: false,
            ..spec
        });
    }
    set
}
