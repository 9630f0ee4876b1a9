//! The running head of every page but the first: the page's label large at the outer
//! edge, the section beside it, the paper, date and editors at the other side, over a rule.

use super::PageFurniture;
use crate::compose::line::emit_line;
use crate::compose::styles::StyleKey;
use crate::display::{Cmyk, Item, TextRole};
use crate::text::TextStyle;

/// The head's baseline stands this share of its size above its rule.
const RAISE: f32 = 0.6;
/// The page label is set this many times the head's size.
const LABEL_SCALE: f32 = 2.2;
/// The section is set this many times the head's size.
const SECTION_SCALE: f32 = 1.6;
/// Weight of the rule under the head, pt.
const RULE_WEIGHT: f32 = 1.0;

/// Sets the running head above the type area.
pub(super) fn add_running_head(f: &PageFurniture, items: &mut Vec<Item>) {
    let area = f.grid.type_area();
    let page = f.page;
    let style = f.styles.get(StyleKey::RunningHead);
    let rule_y = area.y - f.template.running_head_offset;
    let baseline = rule_y - style.size * RAISE;
    let scaled = |scale: f32| TextStyle {
        size: style.size * scale,
        ..style
    };
    let (np, nl) = f.line(&page.label.to_string(), scaled(LABEL_SCALE));
    let (sp, sl) = f.line(&page.section, scaled(SECTION_SCALE));
    let (date, weekday) = f.date();
    let mut right_parts = vec![format!(
        "{}\u{3000}{date}\u{3000}{weekday}",
        f.edition.paper.name
    )];
    right_parts.extend(page.editors.iter().cloned());
    let (rp, rl) = f.line(&right_parts.join("\u{3000}\u{3000}"), style);
    let gap = style.size;
    let mut put = |p, l, x| emit_line(items, p, l, x, baseline, TextRole::Furniture);
    // Even pages are left-hand pages: the page label goes to the outer (left) edge.
    if page.number.is_multiple_of(2) {
        put(&np, &nl, area.x);
        put(&sp, &sl, area.x + nl.width + gap);
        put(&rp, &rl, area.right() - rl.width);
    } else {
        put(&rp, &rl, area.x);
        put(&sp, &sl, area.right() - nl.width - gap - sl.width);
        put(&np, &nl, area.right() - nl.width);
    }
    items.push(Item::Line {
        x1: area.x,
        y1: rule_y,
        x2: area.right(),
        y2: rule_y,
        width: RULE_WEIGHT,
        color: Cmyk::BLACK,
    });
}
