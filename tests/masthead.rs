//! The page-1 masthead's ear (报眼): its entries, its index that follows the pagination, and
//! what happens when it is too full or too wide.

mod common;

use paiban::display::{Item, TextRole};
use paiban::pipeline::Built;

use common::{build_edition, example_article as article};

/// Three pages, one article on each, in the given order, under `ear`.
fn edition(ear: &str, order: [&str; 3]) -> String {
    let mut s = format!(
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n{ear}\n"
    );
    for (n, a) in order.iter().enumerate() {
        s.push_str(&format!(
            "[[page]]\nnumber = {}\nsection = \"要闻\"\n[[page.block]]\narticle = '{}'\ncolumn = 1\ncolumns = 4\nline = {}\nlines = 60\n\n",
            n + 1,
            article(a),
            if n == 0 { 13 } else { 1 }
        ));
    }
    s
}

/// Furniture lines of page 1 right of `x`: (baseline, text), top to bottom, runs on one
/// baseline joined left to right.
fn ear_lines(b: &Built, x: f32) -> Vec<String> {
    let mut runs: Vec<(f32, f32, String)> = b.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs(r) if r.role == TextRole::Furniture && r.x >= x => {
                Some((r.baseline, r.x, r.text()))
            }
            _ => None,
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<(f32, String)> = Vec::new();
    for (y, _, t) in runs {
        match out.last_mut() {
            Some((ly, lt)) if (*ly - y).abs() < 0.01 => lt.push_str(&t),
            _ => out.push((y, t)),
        }
    }
    out.into_iter().map(|(_, t)| t).collect()
}

/// Left edge of the ear's frame on page 1.
fn ear_x(b: &Built) -> f32 {
    b.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Frame { rect, .. } if rect.y < b.pages[0].type_area.y + 160.0 => Some(rect.x),
            _ => None,
        })
        .expect("the ear is framed")
}

const EAR: &str =
    "[ear]\ntitle = \"今日导读\"\nlines = [\"明日起城区部分路段夜间施工\"]\nindex = true\n";

#[test]
fn the_index_lists_each_later_page_and_follows_the_pagination() {
    let a = [
        "01-baiqiang.md",
        "02-chengji-shuyun.md",
        "03-yanling-bishu.md",
    ];
    let b = build_edition("ear-index", &edition(EAR, a));
    let x = ear_x(&b);
    assert_eq!(
        ear_lines(&b, x),
        vec![
            "今日导读",
            "明日起城区部分路段夜间施工",
            "02版长株潭城际暑期加开列车",
            "03版炎陵避暑游持续升温",
        ]
    );
    // Swap pages 2 and 3 in the edition, nothing else: the labels follow.
    let b = build_edition("ear-index-swapped", &edition(EAR, [a[0], a[2], a[1]]));
    assert_eq!(
        ear_lines(&b, ear_x(&b))[2..],
        ["02版炎陵避暑游持续升温", "03版长株潭城际暑期加开列车"]
    );
    let ear_warnings: Vec<_> = b
        .report
        .warnings
        .iter()
        .filter(|w| w.message.contains("报眼"))
        .collect();
    assert!(ear_warnings.is_empty(), "{ear_warnings:?}");
}

#[test]
fn the_ear_sits_right_of_the_masthead_facts_inside_the_masthead_area() {
    let a = [
        "01-baiqiang.md",
        "02-chengji-shuyun.md",
        "03-yanling-bishu.md",
    ];
    let b = build_edition("ear-place", &edition(EAR, a));
    let page = &b.pages[0];
    let x = ear_x(&b);
    // Every other piece of furniture above the type area's body ends left of the ear.
    for i in &page.items {
        if let Item::Glyphs(r) = i
            && r.role == TextRole::Furniture
            && r.x < x
        {
            let last = r.glyphs.last().unwrap();
            assert!(
                r.x + last.x + last.advance < x,
                "{:?} runs into the ear",
                r.text()
            );
        }
    }
    // The box ends at the type area's right edge.
    let frame = page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Frame { rect, .. } if rect.x == x => Some(*rect),
            _ => None,
        })
        .unwrap();
    assert!((frame.right() - page.type_area.right()).abs() < 0.01);
}

#[test]
fn a_full_ear_reports_what_it_could_not_set() {
    let lines: Vec<String> = (1..=12).map(|k| format!("\"第{k}条导读文字\"")).collect();
    let ear = format!(
        "[ear]\ntitle = \"今日导读\"\nlines = [{}]\n",
        lines.join(", ")
    );
    let a = [
        "01-baiqiang.md",
        "02-chengji-shuyun.md",
        "03-yanling-bishu.md",
    ];
    let b = build_edition("ear-full", &edition(&ear, a));
    let set = ear_lines(&b, ear_x(&b));
    // Title, then entries in order until the box is full; the rest reported by name.
    assert_eq!(set[0], "今日导读");
    let n = set.len() - 1;
    assert!((5..12).contains(&n), "{set:?}");
    for (k, l) in set[1..].iter().enumerate() {
        assert_eq!(l, &format!("第{}条导读文字", k + 1));
    }
    let w: Vec<&str> = b
        .report
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .filter(|m| m.contains("报眼"))
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains(&format!("{} entries are not set", 12 - n)),
        "{w:?}"
    );
    assert!(w[0].contains("第12条导读文字"), "{w:?}");
}

#[test]
fn a_too_wide_ear_is_narrowed_and_says_so() {
    let ear = "[ear]\ntitle = \"今日导读\"\nindex = true\ncolumns = 4\n";
    let a = [
        "01-baiqiang.md",
        "02-chengji-shuyun.md",
        "03-yanling-bishu.md",
    ];
    let b = build_edition("ear-wide", &edition(ear, a));
    let w: Vec<&str> = b
        .report
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert!(
        w.iter()
            .any(|m| m.contains("not 4") && m.contains("masthead's facts")),
        "{w:?}"
    );
    assert_eq!(ear_lines(&b, ear_x(&b)).len(), 3);
}
