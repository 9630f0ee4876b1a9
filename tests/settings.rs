//! The edition's settings reach every line composition sets, not only the body: the
//! punctuation style sets the jump markers and headlines, and a page's label shows
//! wherever the page is named (running head, jump markers, the ear's index).

mod common;

use paiban::display::{GlyphRun, Item, TextRole};
use paiban::pipeline::Built;

use common::{build_edition, example_article as article};

/// A two-page edition: the lead article starts on page 1 and goes on on page 2, where a
/// second article starts beside it. `paper` is added to the `[paper]` table, `page2` to
/// page 2's.
fn edition(paper: &str, page2: &str) -> String {
    format!(
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n{paper}\n\n\
         [ear]\ntitle = \"今日导读\"\nindex = true\ncolumns = 2\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\n\
         [[page.block]]\narticle = '{lead}'\ncolumn = 1\ncolumns = 3\nline = 13\nlines = 30\n\n\
         [[page]]\nnumber = 2\nsection = \"要闻\"\n{page2}\n\
         [[page.block]]\narticle = '{lead}'\ncolumn = 1\ncolumns = 3\nline = 1\nlines = 80\n\n\
         [[page.block]]\narticle = '{other}'\ncolumn = 5\ncolumns = 4\nline = 1\nlines = 60\n",
        lead = article("01-dengji.md"),
        other = article("02-chengji-shuyun.md"),
    )
}

/// The glyph runs of a page in one role.
fn runs(b: &Built, page: usize, role: TextRole) -> Vec<&GlyphRun> {
    b.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs(r) if r.role == role => Some(r),
            _ => None,
        })
        .collect()
}

/// The text of a page's runs in one role, in drawing order.
fn text(b: &Built, page: usize, role: TextRole) -> String {
    runs(b, page, role).iter().map(|r| r.text()).collect()
}

/// The size the 主题 of page 1 is set at: its largest headline type, pt.
fn title_size(b: &Built) -> f32 {
    runs(b, 0, TextRole::Headline)
        .iter()
        .map(|r| r.size)
        .fold(0.0, f32::max)
}

#[test]
fn the_punctuation_style_sets_the_headline() {
    let full = build_edition("settings-quanjiao", &edition("punct = \"全角式\"", ""));
    let kaiming = build_edition("settings-kaiming", &edition("punct = \"开明式\"", ""));
    // 登记“小窗口” 服务“大民生” at 26 pt is a little too wide for three columns with 全角式
    // and shrinks; with 开明式 its quotation marks take half an em each and it fits as styled.
    let (pt_full, pt_kaiming) = (title_size(&full), title_size(&kaiming));
    assert!(
        pt_full < pt_kaiming,
        "全角式 {pt_full} pt, 开明式 {pt_kaiming} pt"
    );
    let styled = |b: &Built| {
        b.report
            .articles
            .iter()
            .find(|a| a.file.ends_with("01-dengji.md"))
            .and_then(|a| a.title_pt)
            .expect("the 主题's size is reported")
    };
    assert_eq!(styled(&kaiming), (pt_kaiming, pt_kaiming));
    assert_eq!(styled(&full), (pt_full, pt_kaiming));
}

#[test]
fn a_page_label_shows_in_the_running_head_the_jump_markers_and_the_ear() {
    let b = build_edition("settings-label", &edition("", "label = \"A2\""));
    // Page 2 is a left-hand page: its label comes first, at the outer edge.
    let head = runs(&b, 1, TextRole::Furniture);
    assert_eq!(head[0].text(), "A2", "running head of page 2");
    assert!(
        text(&b, 0, TextRole::Jump).contains("（下转A2版）"),
        "page 1: {}",
        text(&b, 0, TextRole::Jump)
    );
    let lead = b
        .report
        .articles
        .iter()
        .find(|a| a.file.ends_with("01-dengji.md"))
        .expect("the lead is reported");
    assert_eq!(lead.jumps[0].from_marker, "（下转A2版）");
    assert_eq!(lead.jumps[0].to_marker, "（上接01版）");
    let ear = text(&b, 0, TextRole::Furniture);
    assert!(ear.contains("A2版"), "page 1 furniture: {ear}");
}
