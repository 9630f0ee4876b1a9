//! The paper's rules: between article blocks, around boxed blocks, and the tints under
//! tinted ones.

use crate::compose::grid::Grid;
use crate::display::{Cmyk, Item, Rect};
use crate::edition::{PageDesc, RuleStyle};

/// Weight of the thin rule (正线), pt.
pub(super) const THIN_RULE: f32 = 0.5;
/// Weight of the thick rule (反线), pt.
const THICK_RULE: f32 = 1.5;
/// In a 文武线, the thick and the thin line stand this far (pt) either side of the rule's
/// line, the thin one this many times as far.
const DOUBLE_OFFSET: f32 = 1.0;
const THIN_SIDE_FACTOR: f32 = 1.6;
/// A box or a tint reaches this share of the way into the gutter and the gap around its
/// block, leaving the rest as white between it and its neighbours.
const BOX_REACH: f32 = 0.6;

/// Draws a rule of the paper's kind from (x1, y1) to (x2, y2); a 文武线 puts its thin
/// line on the side `side` points to (+1 below/right, −1 above/left).
pub(super) fn rule(
    items: &mut Vec<Item>,
    style: RuleStyle,
    (x1, y1): (f32, f32),
    (x2, y2): (f32, f32),
    side: f32,
) {
    let line = |items: &mut Vec<Item>, dx: f32, dy: f32, width: f32| {
        items.push(Item::Line {
            x1: x1 + dx,
            y1: y1 + dy,
            x2: x2 + dx,
            y2: y2 + dy,
            width,
            color: Cmyk::BLACK,
        });
    };
    match style {
        RuleStyle::Thin => line(items, 0.0, 0.0, THIN_RULE),
        RuleStyle::Thick => line(items, 0.0, 0.0, THICK_RULE),
        RuleStyle::ThickThin => {
            let horizontal = (y1 - y2).abs() < (x1 - x2).abs();
            let off = DOUBLE_OFFSET * side;
            let (dx, dy) = if horizontal { (0.0, off) } else { (off, 0.0) };
            line(items, -dx, -dy, THICK_RULE);
            line(
                items,
                dx * THIN_SIDE_FACTOR,
                dy * THIN_SIDE_FACTOR,
                THIN_RULE,
            );
        }
    }
}

/// Tints under blocks that ask for one (drawn before everything else on the page) and
/// boxes around blocks that ask for one (in the gutters and gap lines around them).
pub(super) fn block_decorations(grid: &Grid, page: &PageDesc) -> (Vec<Item>, Vec<Item>) {
    let (mut under, mut over) = (Vec::new(), Vec::new());
    let half_gutter = grid.gutter_chars as f32 * grid.em / 2.0;
    let half_gap = (2.0 * grid.pitch - grid.em) / 2.0;
    for b in &page.blocks {
        let r = grid.area_rect(&b.area);
        let outer = Rect {
            x: r.x - half_gutter * BOX_REACH,
            y: r.y - half_gap * BOX_REACH,
            w: r.w + half_gutter * (2.0 * BOX_REACH),
            h: r.h + half_gap * (2.0 * BOX_REACH),
        };
        if let Some([c, m, y, k]) = b.tint {
            under.push(Item::Fill {
                rect: outer,
                color: Cmyk(c, m, y, k),
            });
        }
        if let Some(style) = b.frame {
            let (x0, y0, x1, y1) = (outer.x, outer.y, outer.right(), outer.bottom());
            rule(&mut over, style, (x0, y0), (x1, y0), 1.0);
            rule(&mut over, style, (x0, y1), (x1, y1), -1.0);
            rule(&mut over, style, (x0, y0), (x0, y1), 1.0);
            rule(&mut over, style, (x1, y0), (x1, y1), -1.0);
        }
    }
    (under, over)
}

/// Rules between blocks: a rule of the template's kind in the middle of the one-line gap
/// between a block and the block under it, and in the middle of the gutter between
/// side-by-side blocks. Boxed blocks carry their own.
pub(super) fn add_rules(grid: &Grid, page: &PageDesc, style: RuleStyle, items: &mut Vec<Item>) {
    for a in &page.blocks {
        for b in &page.blocks {
            let (ra, rb) = (grid.area_rect(&a.area), grid.area_rect(&b.area));
            // b below a, one empty line between.
            if b.area.line == a.area.line + a.area.lines + 1 {
                let x1 = ra.x.max(rb.x);
                let x2 = ra.right().min(rb.right());
                if x2 > x1 && a.frame.is_none() && b.frame.is_none() {
                    let y = (ra.bottom() + rb.y) / 2.0;
                    rule(items, style, (x1, y), (x2, y), 1.0);
                }
            }
            // b right of a, one gutter between. The rule runs on to the middle of the gap
            // lines above and below, so it meets the horizontal rules there.
            if b.area.column == a.area.column + a.area.columns {
                let half_gap = (grid.pitch + grid.pitch - grid.em) / 2.0;
                let top = a.area.line.max(b.area.line);
                let bottom = (a.area.line + a.area.lines).min(b.area.line + b.area.lines) - 1;
                let y1 = ra.y.max(rb.y) - if top > 1 { half_gap } else { 0.0 };
                let y2 =
                    ra.bottom().min(rb.bottom()) + if bottom < grid.lines { half_gap } else { 0.0 };
                if y2 > y1 && a.frame.is_none() && b.frame.is_none() {
                    let x = (ra.right() + rb.x) / 2.0;
                    rule(items, style, (x, y1), (x, y2), 1.0);
                }
            }
        }
    }
}
