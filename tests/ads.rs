//! Ads on the page: where the display list puts them, how the PDF carries them (the ad's
//! page as a Form XObject, clipped to its space), the template's named sizes, the 整版 page,
//! and the placeholder of a space whose ad is not in (an error under `--strict`).

mod common;

use common::{ReadPdf, build_edition, root};
use lopdf::Object;
use paiban::display::{Item, PlacedAd, TextRole};

/// The example's ads folder, absolute.
fn ads_dir() -> String {
    root()
        .join("examples/zhuzhou-daily-2023-07-20/ads")
        .to_string_lossy()
        .into_owned()
}

/// Page 1 with a story, page 2 with the 通栏 at its foot, the 分类 box on the grid, a
/// space without its ad, and a story above them.
fn edition() -> String {
    let ads = ads_dir();
    format!(
        r#"
[paper]
name = "株洲日报"
date = 2023-07-20
template = "broadsheet"

[[page]]
number = 1
section = "要闻"

[[page.block]]
article = "{a1}"
column = 1
columns = 3
line = 13
lines = 30

[[page]]
number = 2
section = "要闻"

[[page.ad]]
size = "通栏"
file = "{ads}/tonglan.pdf"
label = "湘江电器城"

[[page.ad]]
file = "{ads}/fenlei.pdf"
label = "分类广告"
column = 6
columns = 3
line = 73
lines = 12

[[page.ad]]
label = "神农城"
column = 1
columns = 5
line = 73
lines = 12

[[page.block]]
article = "{a2}"
column = 1
columns = 8
line = 1
lines = 40
"#,
        a1 = common::example_article("01-baiqiang.md"),
        a2 = common::example_article("02-chengji-shuyun.md"),
    )
}

fn ads_of(page: &paiban::display::Page) -> Vec<&PlacedAd> {
    page.ads().collect()
}

#[test]
fn the_ads_lie_in_their_spaces_on_the_display_list() {
    let built = build_edition("ads-placement", &edition());
    let page = &built.pages[1];
    let ads = ads_of(page);
    assert_eq!(ads.len(), 3);
    // The broadsheet's grid: 8 columns of 13 characters of 9 pt with 1-character gutters,
    // centred on the 390 mm trim; lines at 13.5 pt from 31 mm.
    let left = (390.0 * 72.0 / 25.4 - 111.0 * 9.0) / 2.0;
    let top = 31.0 * 72.0 / 25.4;
    let tonglan = ads[0];
    assert_eq!(tonglan.label, "湘江电器城");
    assert_eq!(tonglan.size.as_deref(), Some("通栏"));
    let r = tonglan.rect;
    assert!((r.x - left).abs() < 0.01, "{r:?}");
    assert!((r.y - (top + 85.0 * 13.5)).abs() < 0.01, "{r:?}");
    assert!(
        (r.w - 999.0).abs() < 0.01 && (r.h - 225.0).abs() < 0.01,
        "{r:?}"
    );
    // The ad is made to the size: its trim meets the space exactly, and nothing is drawn
    // outside the space.
    assert!((tonglan.trim_at.0 - r.x).abs() < 0.01 && (tonglan.trim_at.1 - r.y).abs() < 0.01);
    assert_eq!(tonglan.clip, r);
    let fenlei = ads[1];
    assert!((fenlei.rect.x - (left + 70.0 * 9.0)).abs() < 0.01);
    assert!((fenlei.rect.w - 369.0).abs() < 0.01 && (fenlei.rect.h - 157.5).abs() < 0.01);
    // Nothing else on the page reaches into an ad's space.
    for item in &page.items {
        if let Item::Glyphs(run) = item
            && run.role != TextRole::Furniture
        {
            for ad in &ads {
                let inside = run.baseline > ad.rect.y && run.baseline < ad.rect.bottom();
                let across = run.x < ad.rect.right() && run.x + 1.0 > ad.rect.x;
                assert!(!(inside && across), "“{}” runs into an ad", run.text());
            }
        }
    }
}

#[test]
fn the_pdf_carries_the_ad_page_as_a_form_clipped_to_its_space() {
    let built = build_edition("ads-pdf", &edition());
    let pdf = ReadPdf::parse(&built.page_pdfs[1]);
    let page = pdf.pages()[0];
    let page_dict = pdf.doc.get_object(page).unwrap().as_dict().unwrap();
    let resources = dict_at(&pdf.doc, page_dict, b"Resources");
    let xobjects = dict_at(&pdf.doc, resources, b"XObject");
    // Two files placed: two forms, PbAd1 and PbAd2.
    let form_id = xobjects.get(b"PbAd1").unwrap().as_reference().unwrap();
    let form = pdf.doc.get_object(form_id).unwrap().as_stream().unwrap();
    assert_eq!(
        form.dict.get(b"Subtype").unwrap().as_name().unwrap(),
        b"Form"
    );
    // The copied page keeps its own fonts and its photo, untouched.
    let form_res = dict_at(&pdf.doc, &form.dict, b"Resources");
    let fonts = dict_at(&pdf.doc, form_res, b"Font");
    assert!(fonts.len() >= 2, "the ad's own faces: {fonts:?}");
    assert!(!dict_at(&pdf.doc, form_res, b"XObject").is_empty());
    assert!(xobjects.get(b"PbAd2").is_ok());
    // The drawing: clipped to the space, moved so the ad's trim meets it, the form drawn.
    let content = String::from_utf8_lossy(&pdf.content(page)).into_owned();
    let at = content.find("/PbAd1 Do").expect("the ad is drawn");
    let before: Vec<&str> = content[..at].lines().rev().take(6).collect();
    // Lines, last first: cm, n, W, re, q.
    assert!(before[0].ends_with(" cm"), "{before:?}");
    assert_eq!(before[1], "n");
    assert_eq!(before[2], "W");
    assert!(before[3].ends_with(" re"), "{before:?}");
    let re: Vec<f32> = before[3]
        .split_whitespace()
        .take(4)
        .map(|v| v.parse().unwrap())
        .collect();
    // The space in PDF units (y up), on the page with its 3 mm bleed.
    let bleed = 3.0 * 72.0 / 25.4;
    let left = (390.0 * 72.0 / 25.4 - 999.0) / 2.0;
    let top = 31.0 * 72.0 / 25.4 + 85.0 * 13.5;
    let page_h = 545.0 * 72.0 / 25.4 + 2.0 * bleed;
    assert!((re[0] - (left + bleed)).abs() < 0.01, "{re:?}");
    assert!(
        (re[1] - (page_h - (top + 225.0 + bleed))).abs() < 0.01,
        "{re:?}"
    );
    assert!((re[2] - 999.0).abs() < 0.01 && (re[3] - 225.0).abs() < 0.01);
    // The ad's trim starts 12 mm of marks and 3 mm of bleed inside its sheet: the form is
    // moved back by that much, so its trim lands on the space's corner.
    let cm: Vec<f32> = before[0]
        .split_whitespace()
        .take(6)
        .map(|v| v.parse().unwrap())
        .collect();
    let inset = 15.0 * 72.0 / 25.4;
    assert!((cm[4] - (re[0] - inset)).abs() < 0.01, "{cm:?}");
    assert!((cm[5] - (re[1] - inset)).abs() < 0.01, "{cm:?}");
}

#[test]
fn a_space_without_its_ad_is_a_labelled_box_and_fails_strict() {
    let built = build_edition("ads-placeholder", &edition());
    let page = &built.pages[1];
    let label: Vec<String> = page
        .runs()
        .map(|r| r.text())
        .filter(|t| t.starts_with("广告位"))
        .collect();
    assert_eq!(label, ["广告位：神农城（待稿）"]);
    let frame = page.items.iter().any(|i| {
        matches!(i, Item::Frame { rect, width, .. } if (rect.w - 5.0 * 117.0 - 4.0 * 9.0 + 0.5).abs() < 0.6 && *width <= 0.5)
    });
    assert!(frame, "the box is ruled");
    let report = &built.report;
    let ph: Vec<_> = report
        .preflight
        .ads
        .iter()
        .filter(|a| a.status == "placeholder")
        .collect();
    assert_eq!(ph.len(), 1);
    assert_eq!(ph[0].label, "神农城");
    assert_eq!(report.ads_not_in(), 1);
    assert!(report.has_layout_problems());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("“神农城” on page 2 has no file yet"))
    );
    // The binary: --strict refuses it with status 2, and says why.
    let dir = root().join("target/test-editions/ads-placeholder");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(["build", "--strict", "-q", "-o"])
        .arg(dir.join("out"))
        .arg(dir.join("edition.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 ad space without its ad"), "{err}");
}

#[test]
fn the_preflight_lists_each_ad_with_its_file_s_facts() {
    let built = build_edition("ads-preflight", &edition());
    let ads = &built.report.preflight.ads;
    let t = ads.iter().find(|a| a.label == "湘江电器城").unwrap();
    assert_eq!(t.status, "placed");
    assert_eq!(t.space_mm, (352.4, 79.4));
    assert_eq!(t.trim_mm, Some((352.4, 79.4)));
    assert_eq!(t.trim_box.as_deref(), Some("TrimBox"));
    assert!(t.fonts.iter().all(|f| f.embedded) && !t.fonts.is_empty());
    assert!(
        t.fonts
            .iter()
            .any(|f| f.name.contains("NotoSansCJKsc-Black"))
    );
    assert_eq!(t.color_spaces, ["DeviceCMYK"]);
    assert!(t.transparency.is_empty());
    // The photo is 900 pixels across 2 text columns of the ad (14 characters of 10.5 pt
    // and a gutter): 29 × 10.5 pt = 4.23 in, 213 ppi.
    assert_eq!(t.images.len(), 1);
    assert_eq!(t.images[0].pixels, (900, 560));
    let ppi = t.images[0].effective_ppi.unwrap();
    assert!((ppi - 213.0).abs() <= 1.0, "{ppi}");
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn a_full_page_ad_fills_the_page_to_its_bleed_without_running_head() {
    let ads = ads_dir();
    let toml = format!(
        r#"
[paper]
name = "株洲日报"
date = 2023-07-20
template = "broadsheet"

[[page]]
number = 1
section = "要闻"

[[page.block]]
article = "{a1}"
column = 1
columns = 3
line = 13
lines = 30

[[page]]
number = 2
section = "广告"

[[page.ad]]
size = "整版"
file = "{ads}/zhengban.pdf"
label = "车展"
"#,
        a1 = common::example_article("01-baiqiang.md"),
    );
    let built = build_edition("ads-full-page", &toml);
    let page = &built.pages[1];
    assert_eq!(page.runs().count(), 0, "no running head, no text of ours");
    let ad = page.ads().next().unwrap();
    let bleed = 3.0 * 72.0 / 25.4;
    assert_eq!((ad.rect.x, ad.rect.y), (0.0, 0.0));
    assert!((ad.clip.x + bleed).abs() < 0.01 && (ad.clip.w - ad.rect.w - 2.0 * bleed).abs() < 0.01);
    // The ad has 3 mm of bleed itself: nothing to warn of.
    let check = &built.report.preflight.ads[0];
    assert_eq!(check.size.as_deref(), Some("整版"));
    assert_eq!(check.space_mm, (390.0, 545.0));
    assert!(
        check.warnings.iter().all(|w| !w.contains("bleed")),
        "{:?}",
        check.warnings
    );
}

#[test]
fn every_layout_names_the_five_ad_sizes() {
    let roles: Vec<&str> = paiban::fonts::ROLES.to_vec();
    for name in ["broadsheet", "tabloid", "weekly"] {
        let path = root().join(format!("layouts/{name}.toml"));
        let t = paiban::edition::Template::load(&path, &roles).unwrap();
        let names: Vec<&str> = t.ads.keys().map(String::as_str).collect();
        assert_eq!(names, ["半版", "半通栏", "报眼", "整版", "通栏"], "{name}");
        assert_eq!(t.ads["整版"], paiban::edition::AdSize::Page);
        let paiban::edition::AdSize::Grid { columns, lines } = t.ads["通栏"] else {
            panic!("{name}: 通栏 is an area of the grid");
        };
        assert_eq!(columns, t.columns, "{name}: a 通栏 spans the page");
        assert!(lines * 4 < t.lines, "{name}: a 通栏 is a strip");
        let paiban::edition::AdSize::Grid { lines: half, .. } = t.ads["半版"] else {
            panic!("{name}: 半版 is an area of the grid");
        };
        assert!(
            half * 2 <= t.lines + 2 && half * 2 >= t.lines - 2,
            "{name}: 半版 is half"
        );
    }
}

/// The dictionary at `key` of `d`, direct or by reference.
fn dict_at<'a>(
    doc: &'a lopdf::Document,
    d: &'a lopdf::Dictionary,
    key: &[u8],
) -> &'a lopdf::Dictionary {
    match d.get(key).unwrap() {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("{other:?}"),
    }
}

/// Stream data of the page's contents, decoded.
trait Content {
    fn content(&self, page: lopdf::ObjectId) -> Vec<u8>;
}

impl Content for ReadPdf {
    fn content(&self, page: lopdf::ObjectId) -> Vec<u8> {
        let dict = self.doc.get_object(page).unwrap().as_dict().unwrap();
        let id = match dict.get(b"Contents").unwrap() {
            Object::Reference(r) => *r,
            other => panic!("contents {other:?}"),
        };
        let s = self.doc.get_object(id).unwrap().as_stream().unwrap();
        s.decompressed_content()
            .unwrap_or_else(|_| s.content.clone())
    }
}

#[test]
fn the_ear_ad_stands_at_the_right_end_of_the_masthead() {
    let toml = format!(
        r#"
[paper]
name = "株洲日报"
date = 2023-07-20
template = "broadsheet"

[[page]]
number = 1
section = "要闻"

[[page.ad]]
size = "报眼"
label = "报眼广告"

[[page.block]]
article = "{a1}"
column = 1
columns = 3
line = 13
lines = 30
"#,
        a1 = common::example_article("01-baiqiang.md"),
    );
    let built = build_edition("ads-ear", &toml);
    let page = &built.pages[0];
    let ad = page.ads().next().unwrap();
    // Columns 7–8 of the masthead's lines 1–11: 27 characters of 9 pt, 10 × 13.5 + 9 pt.
    let left = (390.0 * 72.0 / 25.4 - 111.0 * 9.0) / 2.0;
    assert!(
        (ad.rect.x - (left + 84.0 * 9.0)).abs() < 0.01,
        "{:?}",
        ad.rect
    );
    assert!((ad.rect.y - 31.0 * 72.0 / 25.4).abs() < 0.01);
    assert!((ad.rect.w - 243.0).abs() < 0.01 && (ad.rect.h - 144.0).abs() < 0.01);
    // The masthead's facts end before it (no warning of them running in).
    assert!(
        !built
            .report
            .warnings
            .iter()
            .any(|w| w.message.contains("run into the 报眼"))
    );
    let label: Vec<String> = page
        .runs()
        .map(|r| r.text())
        .filter(|t| t.starts_with("广告位"))
        .collect();
    assert_eq!(label, ["广告位：报眼广告（待稿）"]);
}
