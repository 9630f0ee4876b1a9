//! Page furniture: the page-1 masthead with its 报眼, running heads on the other pages,
//! the rules and boxes between article blocks, and the ads in their spaces.

mod ads;
mod ear;
mod lunar;
mod masthead;

pub(crate) use ads::ad_warnings;
pub use masthead::MastheadOverrun;
mod rules;
mod running_head;

/// The years the masthead can print the 农历 date for (the first and the last).
pub(crate) use lunar::{FIRST_YEAR as LUNAR_FIRST_YEAR, LAST_YEAR as LUNAR_LAST_YEAR};

use super::grid::Grid;
use super::line::one_line;
use super::styles::Styles;
use crate::display::{Item, Note, Page};
use crate::edition::{Edition, PageDesc, Template};
use crate::fonts::Fonts;
use crate::report::{CutText, Warning};
use crate::text::{Paragraph, SetLine, TextStyle};

/// Weekday of a Gregorian date, 0 = Sunday.
pub(crate) fn weekday(y: i32, m: u32, d: u32) -> u32 {
    // Sakamoto's method.
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    ((y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d as i32).rem_euclid(7)) as u32
}

/// The weekday in Chinese: 星期四.
pub(crate) fn weekday_cn(y: i32, m: u32, d: u32) -> String {
    const W: [&str; 7] = ["日", "一", "二", "三", "四", "五", "六"];
    format!("星期{}", W[weekday(y, m, d) as usize])
}

/// The date as a Chinese paper prints it: 2023年7月20日.
pub(crate) fn date_cn(date: (i32, u32, u32)) -> String {
    format!("{}年{}月{}日", date.0, date.1, date.2)
}

/// Whether the page-1 masthead's name and facts fit its area: the field of `[paper]` that
/// makes them too wide, if any. Checked before composing, so that the desk is told where
/// in the edition file to shorten it.
pub fn masthead_overrun(edition: &Edition, fonts: &Fonts) -> Option<MastheadOverrun> {
    let page = edition.pages.iter().find(|p| p.number == 1)?;
    let template = edition.templates.get(&page.template)?;
    let area = template.masthead?;
    let grid = Grid::new(template);
    let styles = Styles::new(template, fonts);
    let f = PageFurniture {
        edition,
        page,
        template,
        grid: &grid,
        styles: &styles,
        fonts,
    };
    masthead::overrun(&f, &area)
}

/// One page of the edition being finished: what its furniture is set from.
pub(crate) struct PageFurniture<'a> {
    /// The edition.
    pub edition: &'a Edition,
    /// The page.
    pub page: &'a PageDesc,
    /// Its template.
    pub template: &'a Template,
    /// The template's grid.
    pub grid: &'a Grid,
    /// The template's styles.
    pub styles: &'a Styles,
    /// Shaping faces.
    pub fonts: &'a Fonts<'a>,
}

impl PageFurniture<'_> {
    /// The finished page: tints under the blocks, the articles' drawing, boxes and rules
    /// between blocks, then the masthead (page 1) or the running head.
    pub(crate) fn make_page(
        &self,
        articles: Vec<Item>,
        notes: Vec<Note>,
        warnings: &mut Vec<Warning>,
        cuts: &mut Vec<CutText>,
    ) -> Page {
        let grid = self.grid;
        let (mut items, boxes) = rules::block_decorations(grid, self.page);
        items.extend(articles);
        items.extend(boxes);
        rules::add_rules(grid, self.page, self.template.rule, &mut items);
        self.add_ads(&mut items, warnings);
        if self.page.number == 1 {
            if let Some(area) = self.template.masthead {
                masthead::add_masthead(self, &area, &mut items, warnings);
            }
        } else if self.page.full_page_ad().is_none() {
            // A full-page ad fills the page to the bleed: it carries no running head.
            running_head::add_running_head(self, &mut items, cuts);
        }
        // Every page's drawing stays in memory until the files are written; a vector
        // grown by pushing holds up to twice what it has.
        items.shrink_to_fit();
        Page {
            number: self.page.number,
            trim: self.template.trim,
            bleed: self.template.bleed,
            colour: self.page.colour,
            items,
            type_area: grid.type_area(),
            source: self.edition.path.clone(),
            notes,
        }
    }

    /// A line of furniture set on one unjustified line under the edition's rules.
    fn line(&self, text: &str, style: TextStyle) -> (Paragraph, SetLine) {
        one_line(self.fonts, text, style, &self.edition.composition, f32::MAX)
    }

    /// The paper's date and weekday: 2023年7月20日, 星期四.
    fn date(&self) -> (String, String) {
        let (y, m, d) = self.edition.paper.date;
        (date_cn(self.edition.paper.date), weekday_cn(y, m, d))
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
