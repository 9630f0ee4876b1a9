//! The running head of every page but the first: the page's label large at the outer
//! edge, the section beside it, the paper, date and editors at the other side, over a rule.

use super::PageFurniture;
use crate::compose::line::{emit_line, fitting_line};
use crate::compose::styles::StyleKey;
use crate::display::{Cmyk, Item, TextRole};
use crate::report::CutText;
use crate::text::{Paragraph, SetLine, TextStyle};

/// The head's baseline stands this share of its size above its rule.
const RAISE: f32 = 0.6;
/// The page label is set this many times the head's size.
const LABEL_SCALE: f32 = 2.2;
/// The section is set this many times the head's size.
const SECTION_SCALE: f32 = 1.6;
/// Weight of the rule under the head, pt.
const RULE_WEIGHT: f32 = 1.0;

/// Characters of cut furniture quoted in the report.
const QUOTE_CHARS: usize = 12;

/// Sets the running head above the type area. Where the section and the paper's facts with
/// the editors do not all fit across the type area, the facts side gives way first, then the
/// section: cut at the width left, and reported, never run over the label or off the page.
pub(super) fn add_running_head(f: &PageFurniture, items: &mut Vec<Item>, cuts: &mut Vec<CutText>) {
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
    // What is left across the type area beside the label (and the section), for each side.
    let for_section = (area.w - nl.width - gap).max(0.0);
    let (sl, section_cut) = fit(f, &sp, sl, for_section);
    let for_facts = (area.w - nl.width - gap - sl.width - gap).max(0.0);
    let (rl, facts_cut) = fit(f, &rp, rl, for_facts);
    for text in [section_cut, facts_cut].into_iter().flatten() {
        let visible = text.chars().filter(|c| !c.is_whitespace());
        cuts.push(CutText {
            element: "页眉".into(),
            page: page.number,
            lines: 1,
            chars: visible.clone().count() as u32,
            starts_with: visible.take(QUOTE_CHARS).collect(),
        });
    }
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

/// A line of the head as set, or as much of it as fits `width`; with the text cut, if any.
fn fit(
    f: &PageFurniture,
    para: &Paragraph,
    line: SetLine,
    width: f32,
) -> (SetLine, Option<String>) {
    if line.width <= width {
        return (line, None);
    }
    let (fitted, set) = fitting_line(para, &f.edition.composition, width);
    let cut = para.unit_text(set..para.units.len()).to_string();
    (fitted, Some(cut))
}
