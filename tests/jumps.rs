//! Stories that continue on another page: markers from the page numbers, text complete
//! across pages, the house minimum over a jump, and overset reported with its size.

mod common;

use std::path::Path;

use common::{ReadPdf, build_edition, example_article as article, squeeze};
use paiban::pipeline::Built;

fn head(pages: u32, jumps: &str) -> String {
    let mut s = format!(
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n{jumps}\n"
    );
    for n in 1..=pages {
        s.push_str(&format!("[[page]]\nnumber = {n}\nsection = \"要闻\"\n\n"));
    }
    s
}

/// An edition of `pages` pages with the article's blocks at (page, first line, lines).
fn chain_edition(pages: u32, file: &str, blocks: &[(u32, u32, u32)], jumps: &str) -> String {
    let mut s = head(pages, jumps);
    // Blocks go after their page's table: rebuild page by page.
    s = s.split("[[page]]").next().unwrap().to_string();
    for n in 1..=pages {
        s.push_str(&format!("[[page]]\nnumber = {n}\nsection = \"要闻\"\n\n"));
        for (p, line, lines) in blocks {
            if *p == n {
                s.push_str(&format!(
                    "[[page.block]]\narticle = '{file}'\ncolumn = 1\ncolumns = 3\nline = {line}\nlines = {lines}\n\n"
                ));
            }
        }
    }
    s
}

/// The article's flow text (bylines, dateline, paragraphs, subheads), without white space.
fn flow_text(file: &str) -> String {
    let a = paiban::edition::Article::load(Path::new(file)).unwrap();
    let mut s: String = a
        .intro
        .as_deref()
        .map(paiban::text::normalize::normalize)
        .unwrap_or_default();
    s.push_str(&a.byline.concat());
    s.push_str(a.dateline.as_deref().unwrap_or(""));
    for p in &a.body {
        match p {
            paiban::edition::BodyPart::Paragraph(t) | paiban::edition::BodyPart::Subhead(t) => {
                s.push_str(&paiban::text::normalize::normalize(t))
            }
        }
    }
    squeeze(&s)
}

/// Body text of a page read from the PDF, without white space, markers removed.
fn page_texts(b: &Built) -> Vec<String> {
    let pdf = ReadPdf::parse(&b.edition_pdf);
    pdf.pages()
        .iter()
        .map(|p| squeeze(&pdf.page_text(*p)))
        .collect()
}

/// Checks that the article's text is on the chain's pages in order, each part right
/// after the resume marker, and returns the markers found.
fn assert_text_across(b: &Built, file: &str, chain: &[u32], resume: &[&str]) {
    let want = flow_text(file);
    let texts = page_texts(b);
    let mut rest = want.as_str();
    for (k, p) in chain.iter().enumerate() {
        let page = &texts[(*p - 1) as usize];
        let page = if k > 0 {
            let m = resume[k - 1];
            let at = page.find(m).unwrap_or_else(|| panic!("page {p} lacks {m}"));
            &page[at + m.len()..]
        } else {
            page.as_str()
        };
        let n = (0..=rest.len())
            .rev()
            .filter(|i| rest.is_char_boundary(*i))
            .find(|i| page.starts_with(&rest[..*i]) || (k == 0 && page.contains(&rest[..*i])))
            .unwrap();
        assert!(n > 0, "page {p} carries none of the text");
        rest = &rest[n..];
    }
    assert!(
        rest.is_empty(),
        "text lost after the last page: {}",
        rest.chars().take(30).collect::<String>()
    );
}

#[test]
fn continuation_on_page_two() {
    let file = article("01-dengji.md");
    let b = build_edition(
        "jump-p2",
        &chain_edition(5, &file, &[(1, 13, 30), (2, 1, 80)], ""),
    );
    let texts = page_texts(&b);
    assert!(texts[0].contains("（下转02版）"), "{}", &texts[0]);
    assert!(texts[1].contains("（上接01版）"));
    assert_text_across(&b, &file, &[1, 2], &["（上接01版）"]);
    let r = b
        .report
        .articles
        .iter()
        .find(|a| a.file.ends_with("01-dengji.md"))
        .unwrap();
    assert_eq!(r.pages, vec![1, 2]);
    assert_eq!(r.jumps[0].from_marker, "（下转02版）");
    assert_eq!(r.jumps[0].to_marker, "（上接01版）");
    assert!(r.overset.is_none());
}

#[test]
fn moving_the_continuation_to_page_five_moves_markers_and_text() {
    let file = article("01-dengji.md");
    let b = build_edition(
        "jump-p5",
        &chain_edition(5, &file, &[(1, 13, 30), (5, 1, 80)], ""),
    );
    let texts = page_texts(&b);
    assert!(texts[0].contains("（下转05版）"));
    assert!(!texts[1].contains("上接"));
    assert!(texts[4].contains("（上接01版）"));
    assert_text_across(&b, &file, &[1, 5], &["（上接01版）"]);
}

#[test]
fn three_page_chain() {
    let file = article("01-yidi-jiuyi.md");
    let b = build_edition(
        "jump-3",
        &chain_edition(3, &file, &[(1, 13, 25), (2, 1, 25), (3, 1, 90)], ""),
    );
    let texts = page_texts(&b);
    assert!(texts[0].contains("（下转02版）"));
    assert!(texts[1].contains("（上接01版）") && texts[1].contains("（下转03版）"));
    assert!(texts[2].contains("（上接02版）"));
    assert_text_across(&b, &file, &[1, 2, 3], &["（上接01版）", "（上接02版）"]);
    let r = b
        .report
        .articles
        .iter()
        .find(|a| a.file.ends_with("01-yidi-jiuyi.md"))
        .unwrap();
    assert_eq!(r.jumps.len(), 2);
}

#[test]
fn a_wider_resume_marker_moves_the_line_breaks() {
    let file = article("01-dengji.md");
    let blocks = [(1, 13, 30), (2, 1, 80)];
    let short = build_edition("jump-marker-short", &chain_edition(2, &file, &blocks, ""));
    let long = build_edition(
        "jump-marker-long",
        &chain_edition(
            2,
            &file,
            &blocks,
            "[jumps]\nfrom = \"（下转第{page_cn}版）\"\nto = \"（本文上接第{page_cn}版）\"\n",
        ),
    );
    let first_line = |b: &Built| -> String {
        let page = &b.pages[1];
        let mut runs: Vec<_> = page
            .runs()
            .filter(|r| r.role == paiban::display::TextRole::Body)
            .collect();
        runs.sort_by(|a, b| {
            a.baseline
                .partial_cmp(&b.baseline)
                .unwrap()
                .then(a.x.partial_cmp(&b.x).unwrap())
        });
        let y = runs[0].baseline;
        runs.iter()
            .filter(|r| r.baseline == y && r.x < runs[0].x + 120.0)
            .map(|r| r.text())
            .collect()
    };
    let (a, c) = (first_line(&short), first_line(&long));
    assert!(
        a.starts_with("（上接01版）") && c.starts_with("（本文上接第一版）"),
        "{a} / {c}"
    );
    // A marker four characters wider pushes text from the first line to the next.
    let (ta, tc) = (
        a.trim_start_matches("（上接01版）"),
        c.trim_start_matches("（本文上接第一版）"),
    );
    assert!(tc.chars().count() < ta.chars().count(), "{ta} / {tc}");
    assert_text_across(&long, &file, &[1, 2], &["（本文上接第一版）"]);
    assert!(page_texts(&long)[0].contains("（下转第二版）"));
}

#[test]
fn the_house_minimum_of_lines_goes_over_a_jump() {
    let file = article("01-zaodao.md");
    let jumps = "[jumps]\nmin_lines = 6\n";
    // The tallest page-1 block that still jumps carries only a few lines over by itself.
    let mut checked = false;
    for h in (20..60).rev() {
        let b = build_edition(
            &format!("jump-min-{h}"),
            &chain_edition(2, &file, &[(1, 13, h), (2, 1, 40)], jumps),
        );
        if b.report.articles[0].jumps.is_empty() {
            continue;
        }
        let on_two = b.report.pages[1].lines_set;
        assert!(
            on_two >= 6,
            "block of {h} lines: only {on_two} lines carried over"
        );
        assert!(b.report.articles[0].overset.is_none());
        checked = true;
        break;
    }
    assert!(checked);
}

#[test]
fn an_article_that_fits_nowhere_is_reported_with_its_size() {
    let file = article("01-yidi-jiuyi.md");
    let b = build_edition("overset", &chain_edition(1, &file, &[(1, 13, 20)], ""));
    let r = &b.report.articles[0];
    let o = r.overset.as_ref().expect("overset reported");
    assert!(o.lines > 50, "{o:?}");
    // Nothing lost without a report: what was set and what is over make the whole text.
    let total = flow_text(&file).chars().count() as u32;
    assert_eq!(
        r.chars_set + o.chars,
        total,
        "set {} + over {} ≠ {}",
        r.chars_set,
        o.chars,
        total
    );
    assert!(b.report.has_layout_problems());
}

#[test]
fn copyfit_shortens_a_flexible_photo_when_an_article_is_a_little_over() {
    let file = article("01-tiaodeng.md");
    let edition = |h: u32, copyfit: bool| {
        let mut s = head(
            1,
            if copyfit {
                "[copyfit]\nenabled = true\nphoto_lines = 4\n"
            } else {
                ""
            },
        );
        s.push_str(&format!(
            "[[page.block]]\narticle = '{file}'\ncolumn = 1\ncolumns = 3\nline = 13\nlines = {h}\nphoto = {{ columns = 2, lines = 16, at = \"top-right\", flexible = true }}\n"
        ));
        s
    };
    let mut checked = false;
    for h in (30..80).rev() {
        let plain = build_edition(&format!("copyfit-plain-{h}"), &edition(h, false));
        let Some(over) = plain.report.articles[0].overset.clone() else {
            continue;
        };
        if over.lines > 4 {
            break;
        }
        let fitted = build_edition(&format!("copyfit-{h}"), &edition(h, true));
        let r = &fitted.report.articles[0];
        assert!(
            r.overset.is_none(),
            "block of {h} lines still overset with copyfit: {:?}",
            r.overset
        );
        let applied = r.copyfit.as_ref().expect("copyfit reported");
        assert!(
            applied.photo_lines < 0 && applied.photo_lines >= -4,
            "{applied:?}"
        );
        checked = true;
        break;
    }
    assert!(
        checked,
        "found a block height where the article is a little over"
    );
}

#[test]
fn a_short_article_ends_its_columns_level() {
    let file = article("01-baiqiang.md");
    let b = build_edition("balance", &chain_edition(1, &file, &[(1, 13, 80)], ""));
    let page = &b.pages[0];
    let mut bottoms: std::collections::BTreeMap<i32, f32> = Default::default();
    for r in page
        .runs()
        .filter(|r| r.role == paiban::display::TextRole::Body)
    {
        let col = (r.x / 100.0).floor() as i32;
        let e = bottoms.entry(col).or_insert(0.0);
        *e = e.max(r.baseline);
    }
    assert_eq!(bottoms.len(), 3, "{bottoms:?}");
    let (lo, hi) = bottoms
        .values()
        .fold((f32::MAX, 0.0f32), |(a, b), v| (a.min(*v), b.max(*v)));
    assert!(hi - lo <= 13.5 + 0.01, "columns end at {bottoms:?}");
    // The space left is reported, not hidden: it is exactly the empty lines under each
    // column down to the block's last line (13 + 80 − 1 = 92).
    let pitch = 13.5;
    let under = b.report.articles[0].underset_lines;
    let empty: f32 = bottoms
        .values()
        .map(|v| (grid_baseline(page, 92) - v) / pitch)
        .sum();
    assert!(under > 3, "{under}");
    // More than a line a column is a hole: the desk is told in the warnings too.
    let short = format!("short: {under} empty lines at the end of its block on page 1 (3 columns)");
    assert!(
        b.report.warnings.iter().any(|w| w.message == short),
        "{:?}",
        b.report.warnings
    );
    assert!(
        (empty - under as f32).abs() < 0.01,
        "report {under}, page {empty}"
    );
}

/// Baseline of body line `l` on a broadsheet page: the type area's top, 13.5 pt a line, the
/// glyphs' ascent in the first line's em box (the first body line's baseline on the page).
fn grid_baseline(page: &paiban::display::Page, l: u32) -> f32 {
    let first = page
        .runs()
        .filter(|r| r.role == paiban::display::TextRole::Body)
        .map(|r| r.baseline)
        .fold(f32::MAX, f32::min);
    let first_line = ((first - page.type_area.y) / 13.5).floor() as u32 + 1;
    first + (l - first_line) as f32 * 13.5
}

#[test]
fn copyfit_tightens_the_body_first_and_reports_the_tracking() {
    let file = article("02-yingshang-huanjing.md");
    let edition = |h: u32, copyfit: bool| {
        let mut s = head(
            1,
            if copyfit {
                "[copyfit]\nenabled = true\ntracking = 0.02\nphoto_lines = 4\n"
            } else {
                ""
            },
        );
        s.push_str(&format!(
            "[[page.block]]\narticle = '{file}'\ncolumn = 1\ncolumns = 3\nline = 13\nlines = {h}\n"
        ));
        s
    };
    // Every block height the article overruns by a little: tracking is tried first and
    // taken in full before the 主题 shrinks, which is taken in full before the photo is touched, and the report says what was applied. At
    // least one height must be saved by tracking alone.
    let mut by_tracking = 0;
    for h in (30..80).rev() {
        let plain = build_edition(&format!("track-plain-{h}"), &edition(h, false));
        let Some(over) = plain.report.articles[0].overset.clone() else {
            continue;
        };
        if over.lines > 4 {
            break;
        }
        let fitted = build_edition(&format!("track-{h}"), &edition(h, true));
        let r = &fitted.report.articles[0];
        assert!(r.overset.is_none(), "{h}: {:?}", r.overset);
        let applied = r.copyfit.as_ref().expect("copyfit reported");
        assert!(applied.tracking < 0.0, "{h}: {applied:?}");
        let full_tracking = (applied.tracking + 0.02).abs() < 1e-6;
        if applied.title_scale < 1.0 {
            assert!(full_tracking, "{h}: {applied:?}");
        }
        if applied.photo_lines != 0 {
            assert!(
                full_tracking && (applied.title_scale - 0.9).abs() < 1e-4,
                "{h}: {applied:?}"
            );
        }
        if applied.title_scale == 1.0 && applied.photo_lines == 0 {
            by_tracking += 1;
        }
    }
    assert!(
        by_tracking > 0,
        "no block height was saved by tracking alone"
    );
}

#[test]
fn copyfit_loosens_the_body_of_an_article_a_little_short() {
    let file = article("05-gaowen-jianshou.md");
    let edition = |h: u32, copyfit: bool| {
        let mut s = head(
            1,
            if copyfit {
                "[copyfit]\nenabled = true\ntracking = 0.02\n"
            } else {
                ""
            },
        );
        s.push_str(&format!(
            "[[page.block]]\narticle = '{file}'\ncolumn = 1\ncolumns = 3\nline = 13\nlines = {h}\n"
        ));
        s
    };
    // Block heights that leave the columns a little short (more than a line per column):
    // looser tracking fills them, and the report gives the positive tracking applied.
    let mut filled = 0;
    for h in 60..110 {
        let plain = build_edition(&format!("loose-plain-{h}"), &edition(h, false));
        let under = plain.report.articles[0].underset_lines;
        if plain.report.articles[0].overset.is_some() || under <= 3 {
            continue;
        }
        if under > 9 {
            break;
        }
        let fitted = build_edition(&format!("loose-{h}"), &edition(h, true));
        let r = &fitted.report.articles[0];
        assert!(r.overset.is_none(), "{h}: {:?}", r.overset);
        if let Some(applied) = &r.copyfit {
            assert!(
                applied.tracking > 0.0 && applied.tracking <= 0.02 + 1e-6,
                "{applied:?}"
            );
            assert_eq!((applied.title_scale, applied.photo_lines), (1.0, 0));
            assert!(
                r.underset_lines <= 3,
                "{h}: {} lines empty",
                r.underset_lines
            );
            filled += 1;
        } else {
            // Nothing within the limit fitted: the plain setting is kept and the desk told.
            assert_eq!(r.underset_lines, under);
            assert!(
                fitted
                    .report
                    .warnings
                    .iter()
                    .any(|w| w.message.contains("copyfitting"))
            );
        }
    }
    assert!(filled > 0, "no short block was filled by looser tracking");
}
