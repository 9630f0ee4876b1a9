//! The example edition end to end: display list, PDF structure, text recovered from the PDF.

mod common;

use std::sync::OnceLock;

use common::{ReadPdf, squeeze};
use paiban::display::{Item, TextRole};
use paiban::edition::{Article, BodyPart};
use paiban::pipeline::{Built, build};
use paiban::text::normalize::normalize;

fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| match build(&common::example()) {
        Ok(b) => b,
        Err(e) => panic!("the example builds: {e:?}"),
    })
}

/// What the reader sees of an article's flow: bylines, dateline, paragraphs and subheads.
fn flow_text(a: &Article) -> String {
    let mut s: String = a.intro.as_deref().map(normalize).unwrap_or_default();
    s.push_str(&a.byline.concat());
    if let Some(d) = &a.dateline {
        s.push_str(d);
    }
    for p in &a.body {
        match p {
            BodyPart::Paragraph(t) | BodyPart::Subhead(t) => s.push_str(&normalize(t)),
        }
    }
    if let Some((_, caption)) = &a.qr {
        s.push_str(&normalize(caption));
    }
    squeeze(&s)
}

#[test]
fn eight_pages_and_nine_files() {
    let b = built();
    assert_eq!(b.pages.len(), 8);
    assert_eq!(b.page_pdfs.len(), 8);
    assert_eq!(ReadPdf::parse(&b.edition_pdf).pages().len(), 8);
    for pdf in &b.page_pdfs {
        assert_eq!(ReadPdf::parse(pdf).pages().len(), 1);
    }
    // The example is a finished edition: nothing overset, no hole, no squeezed ear; its
    // only warnings are for the sample copy of pages 2–8 and for its RGB chart with soft
    // edges (separated, its transparency flattened: placed art as a graphics desk sends it).
    let (chart, others): (Vec<_>, Vec<_>) = b
        .report
        .warnings
        .iter()
        .filter(|w| !b.report.samples.contains(&w.file))
        .partition(|w| w.file.ends_with("images/chart-huaguxi.png"));
    assert!(others.is_empty(), "{others:?}");
    assert_eq!(chart.len(), 2, "{chart:?}");
    assert!(!b.report.samples.is_empty());
    assert!(b.report.articles.iter().all(|a| a.overset.is_none()));
}

#[test]
fn page_boxes_come_from_the_template() {
    let b = built();
    let pdf = ReadPdf::parse(&b.page_pdfs[0]);
    let page = pdf.pages()[0];
    let mm = 72.0 / 25.4;
    let media = pdf.page_box(page, b"MediaBox");
    let trim = pdf.page_box(page, b"TrimBox");
    let bleed = pdf.page_box(page, b"BleedBox");
    assert!(
        (media[2] - 396.0 * mm).abs() < 0.1 && (media[3] - 551.0 * mm).abs() < 0.1,
        "{media:?}"
    );
    assert!(
        (trim[0] - 3.0 * mm).abs() < 0.01 && (trim[2] - trim[0] - 390.0 * mm).abs() < 0.1,
        "{trim:?}"
    );
    assert_eq!(bleed, media);
}

#[test]
fn fonts_are_embedded_subsets() {
    let b = built();
    let pdf = ReadPdf::parse(&b.edition_pdf);
    let fonts = pdf.fonts();
    assert!(fonts.len() >= 5, "{fonts:?}");
    for (name, file_key) in &fonts {
        let (tag, _) = name.split_once('+').expect("subset names carry a tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(!file_key.is_empty(), "{name} is not embedded");
    }
}

#[test]
fn the_combined_file_embeds_each_face_once_and_page_files_their_own() {
    let b = built();
    let combined = ReadPdf::parse(&b.edition_pdf);
    let face_of = |name: &str| name.split_once('+').unwrap().1.to_string();
    // The placed ads carry their own subsets, copied as they came: they are the ad
    // department's, not the edition's.
    let ads: std::collections::BTreeSet<String> = ["tonglan", "fenlei", "banban", "zhengban"]
        .iter()
        .flat_map(|a| {
            let bytes = std::fs::read(
                common::root().join(format!("examples/zhuzhou-daily-2023-07-20/ads/{a}.pdf")),
            )
            .unwrap();
            ReadPdf::parse(&bytes).fonts().into_iter().map(|(n, _)| n)
        })
        .collect();
    let ours = |pdf: &ReadPdf| -> Vec<String> {
        pdf.fonts()
            .iter()
            .filter(|(n, _)| !ads.contains(n))
            .map(|(n, _)| face_of(n))
            .collect()
    };
    let faces: Vec<String> = ours(&combined);
    let mut distinct = faces.clone();
    distinct.dedup();
    assert_eq!(faces, distinct, "a face is embedded more than once");
    // Every face a page file carries is in the combined file, and each page of the combined
    // file names only fonts its own page file names too (same faces, one subset for all).
    let mut in_pages = std::collections::BTreeSet::new();
    for (n, (bytes, page)) in b.page_pdfs.iter().zip(combined.pages()).enumerate() {
        let own = ReadPdf::parse(bytes);
        let own_faces: std::collections::BTreeSet<String> = ours(&own).into_iter().collect();
        let names = |pdf: &ReadPdf, p| -> Vec<Vec<u8>> {
            pdf.doc.get_page_fonts(p).unwrap().into_keys().collect()
        };
        assert_eq!(
            names(&combined, page),
            names(&own, own.pages()[0]),
            "page {}",
            n + 1
        );
        assert_eq!(
            squeeze(&combined.page_text(page)),
            squeeze(&own.page_text(own.pages()[0])),
            "page {}",
            n + 1
        );
        in_pages.extend(own_faces);
    }
    assert_eq!(
        faces.into_iter().collect::<std::collections::BTreeSet<_>>(),
        in_pages
    );
    // Shared subsets are what keep the combined file smaller than the page files together.
    let pages_total: usize = b.page_pdfs.iter().map(Vec::len).sum();
    assert!(
        b.edition_pdf.len() * 4 < pages_total * 3,
        "{} vs {pages_total}",
        b.edition_pdf.len()
    );
}

#[test]
fn every_seed_article_is_in_the_pdf_in_reading_order() {
    let b = built();
    let edition = paiban::edition::Edition::load(&common::example()).unwrap();
    let pdf = ReadPdf::parse(&b.edition_pdf);
    let pages: Vec<String> = pdf
        .pages()
        .iter()
        .map(|p| squeeze(&pdf.page_text(*p)))
        .collect();
    let mut checked = 0;
    for a in edition.articles.iter().filter(|a| {
        a.path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("01-")
    }) {
        let want = flow_text(a);
        // The longest prefix on page 1, the rest (if it jumped) on page 2.
        let on_first = (0..=want.len())
            .rev()
            .filter(|i| want.is_char_boundary(*i))
            .find(|i| pages[0].contains(&want[..*i]))
            .unwrap();
        let rest = &want[on_first..];
        assert!(on_first > 0, "{}: nothing on page 1", a.path.display());
        assert!(
            rest.is_empty() || pages[1].contains(rest),
            "{}: the rest is not on page 2: {}",
            a.path.display(),
            &rest.chars().take(40).collect::<String>()
        );
        // Headlines too.
        assert!(
            pages[0].contains(&squeeze(&a.title.replace('\n', ""))),
            "{} title",
            a.path.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 7);
}

#[test]
fn the_jump_carries_both_markers() {
    let b = built();
    let pdf = ReadPdf::parse(&b.edition_pdf);
    let pages = pdf.pages();
    assert!(pdf.page_text(pages[0]).contains("▶▶下转02版"));
    assert!(pdf.page_text(pages[1]).contains("（上接01版）"));
    let dengji = b
        .report
        .articles
        .iter()
        .find(|a| a.file.ends_with("01-dengji.md"))
        .unwrap();
    assert_eq!(dengji.pages, vec![1, 2]);
    assert_eq!(dengji.jumps.len(), 1);
}

#[test]
fn body_baselines_lie_on_the_page_grid() {
    let b = built();
    // Broadsheet: type area top at 31 mm, 13.5 pt pitch, baseline 0.88 em below the line top.
    let top = 31.0 * 72.0 / 25.4;
    for page in &b.pages {
        let mut n = 0;
        for run in page.runs().filter(|r| r.role == TextRole::Body) {
            let k = (run.baseline - top - 0.88 * 9.0) / 13.5;
            assert!(
                (k - k.round()).abs() < 1e-3,
                "page {} baseline {} off the grid",
                page.number,
                run.baseline
            );
            assert!(
                (0.0..102.0).contains(&k.round()),
                "page {} line {k}",
                page.number
            );
            n += 1;
        }
        // A page given whole to an ad (整版) has none.
        if page.ads().all(|a| a.size.as_deref() != Some("整版")) {
            assert!(n > 100, "page {} has body text", page.number);
        }
    }
}

#[test]
fn text_stays_inside_the_type_area_except_furniture() {
    let b = built();
    for page in &b.pages {
        let area = page.type_area;
        for item in &page.items {
            if let Item::Glyphs(run) = item {
                if run.role == TextRole::Furniture {
                    continue;
                }
                let last = run.glyphs.last().unwrap();
                // A line-end mark is set half width: its blank half may hang over.
                let blank = if "，。、；：？！”’）》".contains(last.text.as_str()) {
                    0.5 * run.size
                } else {
                    0.0
                };
                let right = run.x + last.x + last.advance - blank;
                // So may the blank half of a line-start opening bracket.
                let first = &run.glyphs[0];
                let lead = if "（“‘《【".contains(first.text.as_str()) {
                    0.5 * run.size
                } else {
                    0.0
                };
                assert!(
                    run.x + first.x + lead >= area.x - 0.01 && right <= area.right() + 0.05,
                    "page {} run {:?} at {}..{}",
                    page.number,
                    run.text(),
                    run.x,
                    right
                );
                assert!(
                    run.baseline > area.y && run.baseline <= area.bottom() + 0.01,
                    "page {} run {:?}",
                    page.number,
                    run.text()
                );
            }
        }
    }
}

#[test]
fn masthead_carries_the_paper_facts() {
    let b = built();
    let pdf = ReadPdf::parse(&b.page_pdfs[0]);
    let text = pdf.page_text(pdf.pages()[0]);
    for want in [
        "株洲日报",
        "2023年7月20日",
        "星期四",
        "癸卯年六月初三",
        "第23368期",
        "今日8版",
        "CN 43-0005",
        "中共株洲市委主管、主办",
        "今日导读",
        "02版",
        "08版",
    ] {
        assert!(text.contains(want), "masthead lacks {want}");
    }
}

#[test]
fn same_input_same_bytes() {
    let again = build(&common::example()).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        again.edition_pdf == built().edition_pdf,
        "the combined PDF differs between two builds"
    );
    assert!(again.page_pdfs == built().page_pdfs);
}

#[test]
fn pdf_x_info_and_output_intent() {
    let b = built();
    for bytes in std::iter::once(&b.edition_pdf).chain(&b.page_pdfs) {
        let pdf = ReadPdf::parse(bytes);
        assert_eq!(pdf.doc.version, "1.3");
        let info_ref = pdf
            .doc
            .trailer
            .get(b"Info")
            .unwrap()
            .as_reference()
            .unwrap();
        let info = pdf.doc.get_dictionary(info_ref).unwrap();
        let text =
            |k: &[u8]| String::from_utf8_lossy(info.get(k).unwrap().as_str().unwrap()).into_owned();
        assert_eq!(text(b"GTS_PDFXVersion"), "PDF/X-1:2001");
        assert_eq!(text(b"GTS_PDFXConformance"), "PDF/X-1a:2001");
        assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
        // Dates come from the edition, not the clock.
        assert!(text(b"CreationDate").starts_with("D:20230720"));
        let catalog = pdf.doc.catalog().unwrap();
        let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
        let intent = match &intents[0] {
            lopdf::Object::Dictionary(d) => d.clone(),
            lopdf::Object::Reference(r) => pdf.doc.get_dictionary(*r).unwrap().clone(),
            _ => panic!("output intent"),
        };
        assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
        assert!(pdf.doc.trailer.get(b"ID").is_ok());
    }
}

#[test]
fn feature_page_lead_has_a_vertical_headline() {
    let b = built();
    let page = b.pages.iter().find(|p| p.number == 8).unwrap();
    // 在朱亭，听一江夏风: one glyph under the other, in one column, top to bottom.
    let vertical: Vec<_> = page
        .runs()
        .filter(|r| r.role == TextRole::Headline && r.glyphs.len() == 1)
        .collect();
    let title_size = vertical.iter().map(|r| r.size).fold(0.0f32, f32::max);
    let title: Vec<_> = vertical
        .iter()
        .filter(|r| r.size == title_size && "在朱亭，听一江夏风".contains(r.text().as_str()))
        .collect();
    assert_eq!(
        title.iter().map(|r| r.text()).collect::<String>(),
        "在朱亭，听一江夏风"
    );
    for w in title.windows(2) {
        assert!(w[1].baseline > w[0].baseline, "top to bottom");
        let centre = |r: &paiban::display::GlyphRun| r.x + r.glyphs[0].advance / 2.0;
        assert!((centre(w[0]) - centre(w[1])).abs() < 0.5, "one column");
    }
    // The 副题 stands vertical too, smaller, in its own column left of the 主题, starting
    // lower than it.
    let sub: Vec<_> = vertical.iter().filter(|r| r.size < title_size).collect();
    assert_eq!(
        sub.iter().map(|r| r.text()).collect::<String>(),
        "——湘江古镇消夏记"
    );
    for w in sub.windows(2) {
        assert!(w[1].baseline > w[0].baseline, "top to bottom");
    }
    assert!(sub.iter().all(|r| r.x + r.glyphs[0].advance < title[0].x));
    assert!(sub[0].baseline > title[0].baseline);
    // The comma is drawn in its vertical form but reads back as ，.
    let pdf = ReadPdf::parse(&b.page_pdfs[7]);
    assert!(squeeze(&pdf.page_text(pdf.pages()[0])).contains("在朱亭，听一江夏风"));
}

/// Subhead lines of a page, top to bottom within each column, as text.
fn subhead_lines(page: &paiban::display::Page) -> Vec<String> {
    let mut runs: Vec<(i32, f32, f32, String)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs(r) if r.role == TextRole::Subhead => {
                Some(((r.x / 100.0) as i32, r.baseline, r.x, r.text()))
            }
            _ => None,
        })
        .collect();
    runs.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
    });
    let mut out: Vec<(i32, f32, String)> = Vec::new();
    for (c, y, _, t) in runs {
        match out.last_mut() {
            Some((lc, ly, lt)) if *lc == c && (*ly - y).abs() < 0.01 => lt.push_str(&t),
            _ => out.push((c, y, t)),
        }
    }
    out.into_iter().map(|(_, _, t)| t).collect()
}

#[test]
fn two_line_subheads_break_where_a_reader_pauses() {
    let b = built();
    let p1 = subhead_lines(&b.pages[0]);
    let p5 = subhead_lines(&b.pages[4]);

    let has = |lines: &[String], a: &str, b: &str| lines.windows(2).any(|w| w[0] == a && w[1] == b);
    // At the comma, not inside 扫帚 or 防暑.
    assert!(has(&p5, "凌晨4时30分，", "扫帚声唤醒城市"), "{p5:?}");
    assert!(has(&p5, "高温津贴不能少，", "防暑措施要落实"), "{p5:?}");
    // Without a comma: at the quotation, not inside 15分钟; before 与.
    assert!(has(&p1, "——打造“15分钟”", "医保服务圈"), "{p1:?}");
    assert!(
        has(&p1, "101家定点医院", "与江西开通异地就医直接结算"),
        "{p1:?}"
    );
}

#[test]
fn a_shrunk_title_is_reported_with_its_set_and_asked_size() {
    let b = built();
    let qinghua = b
        .report
        .articles
        .iter()
        .find(|a| a.file.ends_with("01-qinghua.md"))
        .unwrap();
    let (set, asked) = qinghua.title_pt.expect("title size reported");
    assert_eq!(asked, 24.0);
    assert!(set < asked && set >= 0.85 * asked - 0.01, "{set}");
    // The 主题 on the page is at that size and keeps half a character free at each side of
    // its three-column block (41 characters of 9 pt).
    let run = b.pages[0]
        .runs()
        .find(|r| r.role == TextRole::Headline && r.text().starts_with("我市第一封"))
        .expect("the 主题 is on page 1");
    assert!((run.size - set).abs() < 0.01, "{} vs {set}", run.size);
    let last = run.glyphs.last().unwrap();
    let width = last.x + last.advance;
    assert!(width <= 41.0 * 9.0 - set + 0.01, "{width}");
}

#[test]
fn no_two_lines_of_text_overlap_and_no_text_lies_on_a_photo() {
    let b = built();
    for page in &b.pages {
        // Each run's ink box: its glyphs' advances across, the em box (0.88 above the
        // baseline, 0.12 below) down; a line-end mark's blank half is not ink.
        let boxes: Vec<(f32, f32, f32, f32, String)> = page
            .runs()
            .map(|r| {
                let first = &r.glyphs[0];
                let last = r.glyphs.last().unwrap();
                (
                    r.x + first.x,
                    r.x + last.x + last.advance,
                    r.baseline - 0.88 * r.size,
                    r.baseline + 0.12 * r.size,
                    r.text(),
                )
            })
            .collect();
        let tol = 0.2;
        for (i, a) in boxes.iter().enumerate() {
            for c in &boxes[i + 1..] {
                // Runs on one line (a dateline and the body, a face change) may share a
                // mark's compressed blank half.
                let same_line = (a.3 - c.3).abs() < 0.01;
                let give = if same_line { 0.5 * (a.3 - a.2) } else { tol };
                let apart =
                    a.1 <= c.0 + give || c.1 <= a.0 + give || a.3 <= c.2 + tol || c.3 <= a.2 + tol;
                assert!(apart, "page {}: “{}” overlaps “{}”", page.number, a.4, c.4);
            }
        }
        for item in &page.items {
            if let Item::Image(img) = item {
                let r = img.rect;
                for a in &boxes {
                    let apart = a.1 <= r.x + tol
                        || r.x + r.w <= a.0 + tol
                        || a.3 <= r.y + tol
                        || r.y + r.h <= a.2 + tol;
                    assert!(apart, "page {}: “{}” lies on a photo", page.number, a.4);
                }
            }
        }
    }
}
