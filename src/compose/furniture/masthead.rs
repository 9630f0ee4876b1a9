//! The masthead on page 1: the paper's name, the facts of the issue beside it, the 报眼 at
//! its right, and the 文武线 under it.

use super::PageFurniture;
use super::ear::add_ear;
use super::lunar::lunar_date;
use crate::compose::grid::{ASCENT, SLACK};
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

/// A masthead wider than its area: the `[paper]` field to shorten, and the widths.
#[derive(Debug, Clone, PartialEq)]
pub struct MastheadOverrun {
    /// The field of `[paper]`: `name`, `issue`, `sponsor` or `cn`.
    pub field: &'static str,
    /// Width the name and the facts beside it need, pt.
    pub needed: f32,
    /// Width of the masthead area, pt.
    pub room: f32,
    /// Size of the field's type, pt: the width of one of its characters.
    pub size: f32,
}

/// Whether the paper's name and the facts beside it fit the masthead area `mh`: if not,
/// which field makes them too wide (the name when not even the date fits beside it).
pub(super) fn overrun(f: &PageFurniture, mh: &GridArea) -> Option<MastheadOverrun> {
    let r = f.grid.area_rect(mh);
    let name_style = f.styles.get(StyleKey::Masthead);
    let (_, nl) = f.line(&f.edition.paper.name, name_style);
    let info = f.styles.get(StyleKey::MastheadInfo);
    let left = nl.width + name_style.size * FACTS_GAP;
    let widths: Vec<(&'static str, f32)> = facts_with_fields(f)
        .into_iter()
        .map(|(field, t)| (field, f.line(&t, info).1.width))
        .collect();
    let needed = left + widths.iter().map(|w| w.1).fold(0.0, f32::max);
    if needed <= r.w + SLACK {
        return None;
    }
    // The date and the issue line are the paper's facts, not free text: when they do not
    // fit beside the name, the name is too long.
    let fixed = widths
        .iter()
        .filter(|(field, _)| matches!(*field, "date" | "issue"))
        .map(|w| w.1)
        .fold(0.0, f32::max);
    let free = widths
        .iter()
        .find(|(field, w)| !matches!(*field, "date" | "issue") && left + w > r.w + SLACK);
    let (field, size) = match free {
        Some((field, _)) if left + fixed <= r.w + SLACK => (*field, info.size),
        _ => ("name", name_style.size),
    };
    Some(MastheadOverrun {
        field,
        needed,
        room: r.w,
        size,
    })
}

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
    // An ad sold as the 报眼 stands where the ear box would: the facts must end before it.
    for ad in f.page.ads.iter().filter(|a| a.ear) {
        if let crate::edition::AdPlace::Grid(a) = ad.place
            && facts_right + info_x > grid.area_rect(&a).x
        {
            warnings.push(Warning {
                file: crate::diag::display_path(&f.edition.path),
                line: Some(ad.line),
                column: Some(1),
                message: format!(
                    "the masthead's facts run into the 报眼 ad “{}”: give the ad fewer columns or shorten the facts in [paper]",
                    ad.label
                ),
            });
        }
    }
    double_rule(f, r, items);
}

/// The facts of the issue, one line each: date and weekday; lunar date, issue and pages;
/// the sponsor; the CN number.
fn facts(f: &PageFurniture) -> Vec<String> {
    facts_with_fields(f).into_iter().map(|(_, t)| t).collect()
}

/// The facts of the issue, each with the `[paper]` field that makes it long.
fn facts_with_fields(f: &PageFurniture) -> Vec<(&'static str, String)> {
    let paper = &f.edition.paper;
    let (y, m, d) = paper.date;
    let (date, weekday) = f.date();
    let mut lines = vec![("date", format!("{date}\u{3000}{weekday}"))];
    let mut second = Vec::new();
    if let Some(l) = lunar_date(y, m, d) {
        second.push(l.to_chinese());
    }
    if let Some(i) = paper.issue {
        second.push(format!("第{i}期"));
    }
    second.push(format!("今日{}版", f.edition.pages.len()));
    lines.push(("issue", second.join("\u{3000}")));
    // The sponsor, then the CN number, in the paper's order (it prints them on one line
    // where the masthead has room; here the ear needs the room).
    if let Some(s) = &paper.sponsor {
        lines.push(("sponsor", s.clone()));
    }
    if let Some(cn) = &paper.cn {
        lines.push(("cn", format!("国内统一连续出版物号\u{3000}{cn}")));
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
