//! Page furniture: the page-1 masthead, running heads on the other pages, and the rules
//! between article blocks.

use super::grid::{ASCENT, Grid};
use super::{Styles, emit_line, page_label};
use crate::display::TextRole;
use crate::display::{Cmyk, Item};
use crate::edition::{Ear, Edition, GridArea, PageDesc, RuleStyle, Template};
use crate::fonts::Fonts;
use crate::report::Warning;
use crate::text::{Composition, LineBreaker, LineSpec, Paragraph, SetLine, TextStyle};

/// Weight of the thin rule (正线), pt.
const THIN_RULE: f32 = 0.5;
/// Weight of the thick rule (反线), pt.
const THICK_RULE: f32 = 1.5;

/// Weekday of a Gregorian date, 0 = Sunday.
pub fn weekday(y: i32, m: u32, d: u32) -> u32 {
    // Sakamoto's method.
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    ((y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d as i32).rem_euclid(7)) as u32
}

/// The weekday in Chinese: 星期四.
pub fn weekday_cn(y: i32, m: u32, d: u32) -> String {
    const W: [&str; 7] = ["日", "一", "二", "三", "四", "五", "六"];
    format!("星期{}", W[weekday(y, m, d) as usize])
}

/// The date as a Chinese paper prints it: 2023年7月20日.
pub fn date_cn(date: (i32, u32, u32)) -> String {
    format!("{}年{}月{}日", date.0, date.1, date.2)
}

fn one_line(fonts: &Fonts, text: &str, style: TextStyle) -> (Paragraph, SetLine) {
    let p = Paragraph::raw(fonts, text, style);
    let l = LineBreaker::new(&p, Composition::default()).set_line(
        &LineSpec {
            units: 0..p.units.len(),
            justified: false,
            overfull: false,
        },
        f32::MAX,
    );
    (p, l)
}

/// Draws a rule of the paper's kind from (x1, y1) to (x2, y2); a 文武线 puts its thin
/// line on the side `side` points to (+1 below/right, −1 above/left).
pub fn rule(
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
            let off = 1.0 * side;
            let (dx, dy) = if horizontal { (0.0, off) } else { (off, 0.0) };
            line(items, -dx, -dy, THICK_RULE);
            line(items, dx * 1.6, dy * 1.6, THIN_RULE);
        }
    }
}

/// Tints under blocks that ask for one (drawn before everything else on the page) and
/// boxes around blocks that ask for one (in the gutters and gap lines around them).
pub fn block_decorations(grid: &Grid, page: &PageDesc) -> (Vec<Item>, Vec<Item>) {
    let (mut under, mut over) = (Vec::new(), Vec::new());
    let half_gutter = grid.gutter_chars as f32 * grid.em / 2.0;
    let half_gap = (2.0 * grid.pitch - grid.em) / 2.0;
    for b in &page.blocks {
        let r = grid.area_rect(&b.area);
        let outer = crate::display::Rect {
            x: r.x - half_gutter * 0.6,
            y: r.y - half_gap * 0.6,
            w: r.w + half_gutter * 1.2,
            h: r.h + half_gap * 1.2,
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
pub fn add_rules(grid: &Grid, page: &PageDesc, style: RuleStyle, items: &mut Vec<Item>) {
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

/// The masthead on page 1 and the running head on every other page.
#[allow(clippy::too_many_arguments)]
pub fn add_page_furniture(
    edition: &Edition,
    page: &PageDesc,
    template: &Template,
    grid: &Grid,
    styles: &Styles,
    fonts: &Fonts,
    items: &mut Vec<Item>,
    warnings: &mut Vec<Warning>,
) {
    let paper = &edition.paper;
    let (y, m, d) = paper.date;
    let date = date_cn(paper.date);
    let weekday = weekday_cn(y, m, d);
    let area = grid.type_area();
    if page.number == 1 {
        let Some(mh) = template.masthead else { return };
        let r = grid.area_rect(&mh);
        // The paper's name, the largest text on the page, at the left of the masthead area.
        let name_style = styles.get("masthead");
        let (np, nl) = one_line(fonts, &paper.name, name_style);
        let name_y =
            r.y + (r.h - name_style.size) / 2.0 + ASCENT * name_style.size - name_style.size * 0.15;
        emit_line(items, &np, &nl, r.x, name_y, TextRole::Furniture);
        // Facts, right of the name, one per line.
        let info = styles.get("masthead_info");
        let mut lines = vec![format!("{date}\u{3000}{weekday}")];
        let mut second = Vec::new();
        if let Some(l) = crate::lunar::lunar_date(y, m, d) {
            second.push(l.to_chinese());
        }
        if let Some(i) = paper.issue {
            second.push(format!("第{i}期"));
        }
        second.push(format!("今日{}版", edition.pages.len()));
        lines.push(second.join("\u{3000}"));
        // The sponsor, then the CN number, in the paper's order (it prints them on one line
        // where the masthead has room; here the ear needs the room).
        if let Some(s) = &paper.sponsor {
            lines.push(s.clone());
        }
        if let Some(cn) = &paper.cn {
            lines.push(format!("国内统一连续出版物号\u{3000}{cn}"));
        }
        let info_x = r.x + nl.width + name_style.size * 0.8;
        let lead = info.size * 1.6;
        let block_h = (lines.len() as f32 - 1.0) * lead + info.size;
        let mut by = r.y + (r.h - block_h) / 2.0 + ASCENT * info.size;
        for t in &lines {
            let (p, l) = one_line(fonts, t, info);
            emit_line(items, &p, &l, info_x, by, TextRole::Furniture);
            by += lead;
        }
        if let Some(ear) = &edition.ear {
            let facts_right = lines
                .iter()
                .map(|t| one_line(fonts, t, info).1.width)
                .fold(0.0f32, f32::max)
                + info_x;
            add_ear(
                edition,
                ear,
                &mh,
                grid,
                styles,
                fonts,
                facts_right,
                items,
                warnings,
            );
        }
        // 文武线 under the masthead: a thick and a thin rule.
        let y = r.bottom() + (grid.pitch - grid.em) / 2.0 + grid.em * 0.3;
        items.push(Item::Line {
            x1: r.x,
            y1: y,
            x2: r.right(),
            y2: y,
            width: 2.0,
            color: Cmyk::BLACK,
        });
        items.push(Item::Line {
            x1: r.x,
            y1: y + 2.5,
            x2: r.right(),
            y2: y + 2.5,
            width: 0.5,
            color: Cmyk::BLACK,
        });
    } else {
        let style = styles.get("running_head");
        let rule_y = area.y - template.running_head_offset;
        let baseline = rule_y - style.size * 0.6;
        let big = TextStyle {
            size: style.size * 2.2,
            ..style
        };
        let (np, nl) = one_line(fonts, &page_label(page.number), big);
        let (sp, sl) = one_line(
            fonts,
            &page.section,
            TextStyle {
                size: style.size * 1.6,
                ..style
            },
        );
        let mut right_parts = vec![format!("{}\u{3000}{date}\u{3000}{weekday}", paper.name)];
        right_parts.extend(page.editors.iter().cloned());
        let (rp, rl) = one_line(fonts, &right_parts.join("\u{3000}\u{3000}"), style);
        let gap = style.size;
        // Even pages are left-hand pages: the page number goes to the outer (left) edge.
        if page.number.is_multiple_of(2) {
            emit_line(items, &np, &nl, area.x, baseline, TextRole::Furniture);
            emit_line(
                items,
                &sp,
                &sl,
                area.x + nl.width + gap,
                baseline,
                TextRole::Furniture,
            );
            emit_line(
                items,
                &rp,
                &rl,
                area.right() - rl.width,
                baseline,
                TextRole::Furniture,
            );
        } else {
            emit_line(items, &rp, &rl, area.x, baseline, TextRole::Furniture);
            emit_line(
                items,
                &sp,
                &sl,
                area.right() - nl.width - gap - sl.width,
                baseline,
                TextRole::Furniture,
            );
            emit_line(
                items,
                &np,
                &nl,
                area.right() - nl.width,
                baseline,
                TextRole::Furniture,
            );
        }
        items.push(Item::Line {
            x1: area.x,
            y1: rule_y,
            x2: area.right(),
            y2: rule_y,
            width: 1.0,
            color: Cmyk::BLACK,
        });
    }
}

/// The entries of the ear: the lines the edition gives, then, with `index`, the lead story
/// of every later page as (page label, its 主题 on one line).
pub fn ear_entries(edition: &Edition, ear: &Ear) -> Vec<(Option<String>, String)> {
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

/// Draws the 报眼: a ruled box in the right-hand columns of the masthead area, its title
/// centred over a rule, then its entries on the body grid, each wrapped under its own text.
/// An entry that does not fit is reported, never dropped silently; a box that would run into
/// the masthead's facts is made narrower, and that too is reported.
#[allow(clippy::too_many_arguments)]
fn add_ear(
    edition: &Edition,
    ear: &Ear,
    mh: &GridArea,
    grid: &Grid,
    styles: &Styles,
    fonts: &Fonts,
    facts_right: f32,
    items: &mut Vec<Item>,
    warnings: &mut Vec<Warning>,
) {
    let file = edition.path.display().to_string();
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
            message: "the ear (报眼) has no room beside the masthead's facts: it is not set".into(),
        });
        return;
    }
    if columns < ear.columns {
        warnings.push(Warning {
            file: file.clone(),
            message: format!(
                "the ear (报眼) is set {columns} columns wide, not {}: wider, it would run into the masthead's facts",
                ear.columns
            ),
        });
    }
    items.push(Item::Frame {
        rect: r,
        width: THIN_RULE,
        color: Cmyk::BLACK,
    });
    let pad = grid.em * 0.75;
    let inner = r.w - 2.0 * pad;
    let last_line = mh.line + mh.lines - 1;
    let mut line = mh.line;
    if let Some(t) = &ear.title {
        let st = styles.get("ear_title");
        let (p, l) = one_line(fonts, t, st);
        // The title takes two grid lines; its baseline sits on the second.
        let steps = (st.size / grid.pitch).ceil().max(1.0) as u32;
        let base = grid.baseline(line + steps.max(2) - 1);
        emit_line(
            items,
            &p,
            &l,
            r.x + (r.w - l.width) / 2.0,
            base,
            TextRole::Furniture,
        );
        line += steps.max(2);
        let y = grid.line_top(line) - (grid.pitch - grid.em) / 2.0;
        items.push(Item::Line {
            x1: r.x + pad,
            y1: y,
            x2: r.right() - pad,
            y2: y,
            width: THIN_RULE,
            color: Cmyk::BLACK,
        });
        line += 1;
    } else {
        line += 1;
    }
    let st = styles.get("ear");
    let step = ((st.size * 1.25) / grid.pitch).ceil().max(1.0) as u32;
    let entries = ear_entries(edition, ear);
    let mut dropped = Vec::new();
    for (label, text) in entries {
        let (lead_w, lead) = match &label {
            Some(l) => {
                // The label, then an em of space before the entry's text.
                let (p, sl) = one_line(fonts, l, st);
                (sl.width + st.size, Some((p, sl)))
            }
            None => (0.0, None),
        };
        let p = Paragraph::raw(fonts, &text, st);
        let breaker = LineBreaker::new(&p, Composition::default());
        let mut start = 0;
        let mut set = Vec::new();
        while start < p.units.len() {
            let Some(spec) = breaker
                .break_lines(start, (inner - lead_w).max(st.size))
                .into_iter()
                .next()
            else {
                break;
            };
            start = spec.units.end;
            set.push(LineSpec {
                justified: false,
                ..spec
            });
        }
        if line + (set.len() as u32 - 1) * step > last_line || set.is_empty() {
            dropped.push(match &label {
                Some(l) => format!("{l} {text}"),
                None => text.clone(),
            });
            // Later entries are not moved up past one that was left out: the order is the
            // desk's.
            line = last_line + 1;
            continue;
        }
        let base = grid.baseline(line);
        if let Some((lp, ll)) = &lead {
            emit_line(items, lp, ll, r.x + pad, base, TextRole::Furniture);
        }
        for (k, spec) in set.iter().enumerate() {
            let sl = breaker.set_line(spec, inner - lead_w);
            emit_line(
                items,
                &p,
                &sl,
                r.x + pad + lead_w,
                grid.baseline(line + k as u32 * step),
                TextRole::Furniture,
            );
        }
        line += set.len() as u32 * step;
    }
    if !dropped.is_empty() {
        warnings.push(Warning {
            file,
            message: format!(
                "the ear (报眼) is full: {} entries are not set ({}); shorten them, give fewer, or widen it (`columns`)",
                dropped.len(),
                dropped.join("; ")
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays() {
        assert_eq!(weekday_cn(2023, 7, 20), "星期四");
        assert_eq!(weekday_cn(2000, 1, 1), "星期六");
        assert_eq!(weekday_cn(2024, 2, 29), "星期四");
    }
}
