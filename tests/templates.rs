//! The third template, `layouts/weekly.toml`, made from docs/templates.md alone: an edition
//! set on it builds, its body text keeps to its grid of 4 columns and 87 lines, and a small
//! sample of articles fits without overset.

mod common;

use std::sync::OnceLock;

use common::{build_edition, example_article};
use paiban::display::TextRole;
use paiban::pipeline::Built;

/// The weekly's grid, as layouts/weekly.toml gives it.
const MARGIN_TOP_MM: f32 = 31.0;
const BODY_PT: f32 = 10.5;
const PITCH_PT: f32 = 15.75;
const LINES: f32 = 87.0;
const COLUMNS: usize = 4;
const COLUMN_CHARS: f32 = 23.0;
const GUTTER_CHARS: f32 = 1.0;
/// A baseline sits this far below its line's top, in em of the body (the grid's ascent).
const ASCENT: f32 = 0.88;
/// The blank half of an opening mark that a line may start with, in em.
const HANG: f32 = 0.5;
const PT_PER_MM: f32 = 72.0 / 25.4;

/// A two-page weekly: a lead with its photo and two short stories under the flag on page 1,
/// four stories in 2-column blocks on page 2.
fn edition() -> String {
    let block = |name: &str, column: u32, columns: u32, line: u32, lines: u32, extra: &str| {
        format!(
            "[[page.block]]\narticle = {:?}\ncolumn = {column}\ncolumns = {columns}\nline = {line}\nlines = {lines}\n{extra}\n",
            example_article(name)
        )
    };
    let mut s = String::from(
        r#"[paper]
name = "株洲周刊"
date = 2023-07-21
issue = 812
cn = "CN 43-0005"
sponsor = "株洲日报社主办"
template = "weekly"

[[page]]
number = 1
section = "封面"
editors = ["责任编辑：李 明"]

"#,
    );
    s += &block(
        "06-liling-ciqi.md",
        1,
        4,
        11,
        50,
        "photo = { columns = 2, lines = 16, at = \"top-right\" }",
    );
    s += &block("01-baiqiang.md", 1, 2, 62, 26, "");
    s += &block("01-zaodao.md", 3, 2, 62, 26, "");
    s += "[[page]]\nnumber = 2\nsection = \"人文\"\n\n";
    s += &block("06-huaguxi-jutuan.md", 1, 2, 1, 45, "");
    s += &block("07-longzhou-beizhan.md", 3, 2, 1, 45, "");
    s += &block("07-qingshaonian-zuqiu.md", 1, 2, 47, 41, "");
    s += &block("05-fangnishui-zhiyuanzhe.md", 3, 2, 47, 41, "");
    s
}

fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build_edition("weekly-template", &edition()))
}

#[test]
fn an_edition_on_the_weekly_template_builds_two_pages() {
    let b = built();
    assert_eq!(b.pages.len(), 2);
    assert_eq!(b.page_pdfs.len(), 2);
    assert!(b.report.pages.iter().all(|p| p.template == "weekly"));
}

#[test]
fn body_baselines_lie_on_the_weekly_grid() {
    let b = built();
    let top = MARGIN_TOP_MM * PT_PER_MM;
    for page in &b.pages {
        let mut n = 0;
        for run in page.runs().filter(|r| r.role == TextRole::Body) {
            let k = (run.baseline - top - ASCENT * BODY_PT) / PITCH_PT;
            assert!(
                (k - k.round()).abs() < 1e-3,
                "page {} baseline {} off the grid",
                page.number,
                run.baseline
            );
            assert!(
                (0.0..LINES).contains(&k.round()),
                "page {} line {k}",
                page.number
            );
            n += 1;
        }
        assert!(n > 100, "page {} has body text", page.number);
    }
}

#[test]
fn body_text_stands_in_the_four_columns() {
    let b = built();
    let step = (COLUMN_CHARS + GUTTER_CHARS) * BODY_PT;
    let width = COLUMN_CHARS * BODY_PT;
    for page in &b.pages {
        let area = page.type_area;
        assert!((area.w - (COLUMNS as f32 * step - GUTTER_CHARS * BODY_PT)).abs() < 0.05);
        let mut used = [false; COLUMNS];
        for run in page.runs().filter(|r| r.role == TextRole::Body) {
            let offset = run.x - area.x;
            // A line starts in its column; a line-start opening mark's blank half may hang
            // out of it.
            let column = ((offset + HANG * BODY_PT) / step).floor();
            assert!(
                (0.0..COLUMNS as f32).contains(&column),
                "page {} line {:?} outside the columns",
                page.number,
                run.text()
            );
            assert!(
                offset - column * step <= width,
                "page {} line {:?} starts in a gutter",
                page.number,
                run.text()
            );
            used[column as usize] = true;
        }
        assert_eq!(
            used, [true; COLUMNS],
            "page {} sets all four columns",
            page.number
        );
    }
}

#[test]
fn nothing_is_overset_and_no_glyph_is_missing() {
    let b = built();
    for a in &b.report.articles {
        assert!(
            a.overset.is_none(),
            "{} is overset: {:?}",
            a.file,
            a.overset
        );
    }
    assert!(b.report.missing_glyphs.is_empty());
    assert_eq!(b.report.articles.len(), 7);
}
