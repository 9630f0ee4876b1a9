//! The running head: a long section name or list of editors is cut at the type area's edge
//! and reported, never run over the page label or off the page.

mod common;

use paiban::display::{Item, TextRole};

fn edition(section: &str, editors: &[&str]) -> String {
    let editors: Vec<String> = editors.iter().map(|e| format!("\"{e}\"")).collect();
    common::with_examples_allowed(&format!(
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\n\n[[page.block]]\narticle = \"{}\"\n\
         column = 1\ncolumns = 4\nline = 13\nlines = 80\n\n\
         [[page]]\nnumber = 2\nsection = \"{section}\"\neditors = [{}]\n\n[[page.block]]\n\
         article = \"{}\"\ncolumn = 1\ncolumns = 4\nline = 1\nlines = 80\n",
        common::example_article("01-zaodao.md"),
        editors.join(", "),
        common::example_article("02-chengji-shuyun.md"),
    ))
}

fn check(name: &str, toml: &str) -> paiban::pipeline::Checked {
    let dir = common::root().join("target/test-editions").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("edition.toml");
    std::fs::write(&path, toml).unwrap();
    paiban::pipeline::check(&path).expect("checks")
}

/// Left and right ends of the page's furniture runs, in pt.
fn furniture_extent(page: &paiban::display::Page) -> (f32, f32) {
    let mut lo = f32::MAX;
    let mut hi = f32::MIN;
    for item in &page.items {
        if let Item::Glyphs(run) = item
            && run.role == TextRole::Furniture
        {
            for g in &run.glyphs {
                lo = lo.min(run.x + g.x);
                hi = hi.max(run.x + g.x + g.advance);
            }
        }
    }
    (lo, hi)
}

#[test]
fn a_head_too_long_is_cut_at_the_type_area_and_reported() {
    let long = "经济新闻与社会民生以及文化体育综合报道专版特别策划暨年中经济形势分析";
    let editors = [
        "责任编辑：欧阳某某某某",
        "美术编辑：司马某某某某",
        "校对：诸葛某某某某某某",
    ];
    let checked = check("running-head-long", &edition(long, &editors));
    let page = &checked.pages[1];
    let (lo, hi) = furniture_extent(page);
    let area = page.type_area;
    assert!(
        lo >= area.x - 0.01,
        "head starts at {lo}, type area at {}",
        area.x
    );
    assert!(
        hi <= area.x + area.w + 0.01,
        "head ends at {hi}, type area at {}",
        area.x + area.w
    );
    let cut = &checked.report.furniture_cut;
    assert!(!cut.is_empty(), "the cut is reported");
    assert!(
        cut.iter()
            .all(|c| c.page == 2 && c.element == "页眉" && c.chars > 0)
    );
    assert!(checked.report.has_layout_problems(), "--strict fails on it");
}

#[test]
fn a_head_that_fits_is_whole_and_not_reported() {
    let checked = check("running-head-fits", &edition("经济", &["责任编辑：李 明"]));
    assert!(checked.report.furniture_cut.is_empty());
    let text: String = checked.pages[1]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs(r) if r.role == TextRole::Furniture => {
                Some(r.glyphs.iter().map(|g| g.text.as_str()).collect::<String>())
            }
            _ => None,
        })
        .collect();
    assert!(text.contains("经济") && text.contains("李"), "{text}");
}
