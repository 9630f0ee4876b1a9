//! The masthead on page 1: the paper's name, the facts of the issue beside it, the 报眼 at
//! its right, and the 文武线 under it.

use super::PageFurniture;
use super::ear::add_ear;
use super::lunar::lunar_date;
use crate::compose::grid::ASCENT;
use crate::compose::line::emit_line;
use crate::compose::styles::StyleKey;
use crate::display::{Cmyk, Item, Rect, TextRole};
use crate::edition::GridArea;
use crate::report::Warning;

/// The name sits this share of its size above the middle of the masthead: centred on its
/// em box, its heavy strokes read low.
const NAME_RAISE: f32 = 0.15;
/// White between the name and the facts, as a share of the name's size.
const FACTS_GAP: f32 = 0.8;
/// The facts' lines stand this many times their size apart.
const FACTS_LEADING: f32 = 1.6;
/// The 文武线 under the masthead stands this share of a body em below the middle of the gap.
const RULE_DROP: f32 = 0.3;
/// Weight of the 文武线's thick line, pt.
const THICK_LINE: f32 = 2.0;
/// Weight of its thin line, pt.
const THIN_LINE: f32 = 0.5;
/// The thin line's distance under the thick one, pt.
const LINE_GAP: f32 = 2.5;

/// Sets the masthead in its area of page 1, with the ear if the edition has one.
pub(super) fn add_masthead(
    f: &PageFurniture,
    mh: &GridArea,
    items: &mut Vec<Item>,
    warnings: &mut Vec<Warning>,
) {
    let grid = f.grid;
    let r = grid.area_rect(mh);
    // The paper's name, the largest text on the page, at the left of the masthead area.
    let name_style = f.styles.get(StyleKey::Masthead);
    let (np, nl) = f.line(&f.edition.paper.name, name_style);
    let size = name_style.size;
    let name_y = r.y + (r.h - size) / 2.0 + ASCENT * size - size * NAME_RAISE;
    emit_line(items, &np, &nl, r.x, name_y, TextRole::Furniture);
    // Facts, right of the name, one per line.
    let info = f.styles.get(StyleKey::MastheadInfo);
    let lines = facts(f);
    let info_x = r.x + nl.width + size * FACTS_GAP;
    let lead = info.size * FACTS_LEADING;
    let block_h = (lines.len() as f32 - 1.0) * lead + info.size;
    let mut by = r.y + (r.h - block_h) / 2.0 + ASCENT * info.size;
    let mut facts_right = 0.0f32;
    for t in &lines {
        let (p, l) = f.line(t, info);
        emit_line(items, &p, &l, info_x, by, TextRole::Furniture);
        facts_right = facts_right.max(l.width);
        by += lead;
    }
    if let Some(ear) = &f.edition.ear {
        add_ear(f, ear, mh, facts_right + info_x, items, warnings);
    }
    double_rule(f, r, items);
}

/// The facts of the issue, one line each: date and weekday; lunar date, issue and pages;
/// the sponsor; the CN number.
fn facts(f: &PageFurniture) -> Vec<String> {
    let paper = &f.edition.paper;
    let (y, m, d) = paper.date;
    let (date, weekday) = f.date();
    let mut lines = vec![format!("{date}\u{3000}{weekday}")];
    let mut second = Vec::new();
    if let Some(l) = lunar_date(y, m, d) {
        second.push(l.to_chinese());
    }
    if let Some(i) = paper.issue {
        second.push(format!("第{i}期"));
    }
    second.push(format!("今日{}版", f.edition.pages.len()));
    lines.push(second.join("\u{3000}"));
    // The sponsor, then the CN number, in the paper's order (it prints them on one line
    // where the masthead has room; here the ear needs the room).
    if let Some(s) = &paper.sponsor {
        lines.push(s.clone());
    }
    if let Some(cn) = &paper.cn {
        lines.push(format!("国内统一连续出版物号\u{3000}{cn}"));
    }
    lines
}

/// 文武线 under the masthead: a thick and a thin rule.
fn double_rule(f: &PageFurniture, r: Rect, items: &mut Vec<Item>) {
    let grid = f.grid;
    let y = r.bottom() + (grid.pitch - grid.em) / 2.0 + grid.em * RULE_DROP;
    for (y, width) in [(y, THICK_LINE), (y + LINE_GAP, THIN_LINE)] {
        items.push(Item::Line {
            x1: r.x,
            y1: y,
            x2: r.right(),
            y2: y,
            width,
            color: Cmyk::BLACK,
        });
    }
}
