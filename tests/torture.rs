//! The torture-test article through the whole pipeline, into a PDF, and the example edition
//! under the same measurement: no prohibited line start or end, every justified body line
//! flush on both sides within 0.05 pt, every line-end mark of a justified line set half width,
//! every CJK–Latin boundary inside a line spaced at least ⅛ em.
//!
//! Measured on the display list and again on the glyphs read back from the page PDFs
//! (positions from the text matrix, the TJ adjustments and the fonts' widths; text through
//! the ToUnicode maps). The display list does not say which lines are justified: body runs
//! are grouped into lines as they were emitted (one line's runs come together, left to right),
//! lines into columns (a column's lines come together, top to bottom), and a line is a
//! paragraph's last, not justified, when its text ends one of the edition's paragraphs. A
//! column's left edge is where its unindented lines start, its right edge where its
//! justified lines end (the most common end; a whole number of ems from the left).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use common::{ReadPdf, parse_cmap, squeeze};
use lopdf::Object;
use paiban::display::TextRole;
use paiban::edition::{BodyPart, Edition};
use paiban::pipeline::{Built, build};
use paiban::text::normalize::normalize;

/// Flushness and width tolerance, in pt.
const TOL: f32 = 0.05;

fn torture_path() -> std::path::PathBuf {
    common::root().join("tests/torture/edition.toml")
}

fn torture() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        build(&torture_path()).unwrap_or_else(|e| panic!("the torture edition builds: {e:?}"))
    })
}

fn example() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        build(&common::example()).unwrap_or_else(|e| panic!("the example builds: {e:?}"))
    })
}

/// A glyph of a line, in pt from the page's top-left corner.
#[derive(Debug, Clone)]
struct Glyph {
    text: String,
    x: f32,
    advance: f32,
    size: f32,
}

/// A body line: where it is, its column's edges, whether it is justified, its glyphs.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    baseline: f32,
    /// The column's left edge.
    left: f32,
    /// The column's right edge (NaN when the column has no justified line to tell it).
    right: f32,
    /// Every line of a paragraph but its last.
    justified: bool,
    glyphs: Vec<Glyph>,
}

impl Line {
    fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    /// The body size (the line's most common glyph size).
    fn em(&self) -> f32 {
        let mut sizes: Vec<f32> = self.glyphs.iter().map(|g| g.size).collect();
        sizes.sort_by(|a, b| a.partial_cmp(b).unwrap());
        sizes[sizes.len() / 2]
    }
}

/// The text of every body paragraph of an edition's articles, normalised, without spaces.
fn paragraphs(edition: &Path) -> Vec<String> {
    let e = Edition::load(edition).unwrap_or_else(|d| panic!("the edition loads: {d:?}"));
    let mut out = Vec::new();
    for a in &e.articles {
        // The dateline runs into the first paragraph (or stands alone without one).
        let mut dateline = a.dateline.as_deref().map(|d| squeeze(&normalize(d)));
        for p in &a.body {
            if let BodyPart::Paragraph(t) = p {
                let text = squeeze(&normalize(t));
                out.push(dateline.take().unwrap_or_default() + &text);
            }
        }
        out.extend(dateline);
    }
    out
}

fn is_open_mark(s: &str) -> bool {
    s.chars().count() == 1 && "“‘（《〈「『【〔［｛〖".contains(s)
}

/// The body lines of the display list, in the order they were set (see the module comment).
fn body_lines(b: &Built, edition: &Path) -> Vec<Line> {
    let paras = paragraphs(edition);
    let ends_paragraph = |text: &str| {
        let t = squeeze(text);
        !t.is_empty() && paras.iter().any(|p| p.ends_with(&t))
    };
    let mut out = Vec::new();
    for (p, page) in b.pages.iter().enumerate() {
        // Runs into lines: a line's runs come one after the other, left to right.
        let mut lines: Vec<Line> = Vec::new();
        for run in page.runs().filter(|r| r.role == TextRole::Body) {
            let glyphs: Vec<Glyph> = run
                .glyphs
                .iter()
                .map(|g| Glyph {
                    text: g.text.to_string(),
                    x: run.x + g.x,
                    advance: g.advance,
                    size: run.size,
                })
                .collect();
            let Some(first) = glyphs.first() else {
                continue;
            };
            // (A glyph's advance may reach past the next glyph: a compressed mark.)
            let same_line = lines.last().is_some_and(|l| {
                let last = l.glyphs.last().map_or(f32::MIN, |g| g.x);
                (l.baseline - run.baseline).abs() < 0.01
                    && first.x > last + 0.01
                    && first.x - last < 4.0 * run.size
            });
            if !same_line {
                lines.push(Line {
                    page: p,
                    baseline: run.baseline,
                    left: f32::NAN,
                    right: f32::NAN,
                    justified: false,
                    glyphs: Vec::new(),
                });
            }
            lines.last_mut().unwrap().glyphs.extend(glyphs);
        }
        // Lines into columns: a column's lines come one after the other, top to bottom.
        let mut columns: Vec<Vec<Line>> = Vec::new();
        for l in lines {
            let same_column = columns.last().and_then(|c| c.last()).is_some_and(|prev| {
                l.baseline > prev.baseline + 0.01
                    && (l.glyphs[0].x - prev.glyphs[0].x).abs() < 6.0 * l.em()
            });
            if same_column {
                columns.last_mut().unwrap().push(l);
            } else {
                columns.push(vec![l]);
            }
        }
        for mut column in columns {
            for l in &mut column {
                l.justified = !ends_paragraph(&l.text());
            }
            // Left edge: where lines start that are neither indented nor opened by a bracket.
            let starts = |open: bool| {
                column
                    .iter()
                    .filter(|l| is_open_mark(&l.glyphs[0].text) == open)
                    .map(|l| l.glyphs[0].x)
                    .fold(f32::INFINITY, f32::min)
            };
            let left = if starts(false).is_finite() {
                starts(false)
            } else {
                starts(true)
            };
            // Right edge: where most justified lines end.
            let mut ends: BTreeMap<i64, usize> = BTreeMap::new();
            for l in column.iter().filter(|l| l.justified) {
                let end = box_end(l.glyphs.last().unwrap());
                *ends.entry((end * 100.0).round() as i64).or_default() += 1;
            }
            let right = ends
                .iter()
                .max_by_key(|(end, n)| (**n, **end))
                .map_or(f32::NAN, |(end, _)| *end as f32 / 100.0);
            for mut l in column {
                l.left = left;
                l.right = right;
                out.push(l);
            }
        }
    }
    out
}

// ------------------------------------------------------------------ the rules (typesetting.md §2)

/// May not start a line (GB level): closing marks, pauses, stops, · ／ – ～, and the unit
/// signs % ‰ ℃ next to CJK; an ASCII / between Chinese counts as ／.
fn prohibited_start(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| "、，。．：；？！）］｝〕】〗〉》」』”’·／–～/%‰℃％".contains(c))
}

/// May not end a line (GB level): opening marks and ／.
fn prohibited_end(text: &str) -> bool {
    text.chars()
        .last()
        .is_some_and(|c| "（［｛〔【〖〈《「『“‘／/".contains(c))
}

/// Marks with their blank half on the right: set half width at a line end.
fn right_blank_mark(s: &str) -> bool {
    s.chars().count() == 1 && "，。、；：？！．”’）》」』】〉〕〗］｝".contains(s)
}

fn is_cjk_letter(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3FFFD))
}

fn is_latin(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Where a glyph's set box ends: half an em after a right-blank mark's origin, the middle of
/// a half-em cell for ·, the advance otherwise.
fn box_end(g: &Glyph) -> f32 {
    if right_blank_mark(&g.text) {
        g.x + g.size / 2.0
    } else if g.text == "·" {
        g.x + g.advance / 2.0 + g.size / 4.0
    } else {
        g.x + g.advance
    }
}

/// What was found wrong, by kind.
#[derive(Debug, Default)]
struct Counts {
    lines: usize,
    justified: usize,
    bad_start: Vec<String>,
    bad_end: Vec<String>,
    not_flush: Vec<String>,
    end_mark_not_half: Vec<String>,
    end_marks: usize,
    unspaced: Vec<String>,
    boundaries: usize,
}

impl Counts {
    fn assert_clean(&self, what: &str) {
        assert!(
            self.bad_start.is_empty()
                && self.bad_end.is_empty()
                && self.not_flush.is_empty()
                && self.end_mark_not_half.is_empty()
                && self.unspaced.is_empty(),
            "{what}: {} lines ({} justified): prohibited starts {:?}, prohibited ends {:?}, \
             not flush {:?}, line-end marks not half width {:?}, CJK–Latin boundaries \
             unspaced {:?}",
            self.lines,
            self.justified,
            self.bad_start,
            self.bad_end,
            self.not_flush,
            self.end_mark_not_half,
            self.unspaced
        );
    }
}

fn measure(lines: &[Line]) -> Counts {
    let mut c = Counts {
        lines: lines.len(),
        ..Counts::default()
    };
    for l in lines {
        let text = l.text();
        let em = l.em();
        let tag = || format!("p{} @{:.1} {text}", l.page + 1, l.baseline);
        if prohibited_start(&text) {
            c.bad_start.push(tag());
        }
        if prohibited_end(&text) {
            c.bad_end.push(tag());
        }
        let (first, last) = (&l.glyphs[0], &l.glyphs[l.glyphs.len() - 1]);
        if l.justified {
            c.justified += 1;
            // The measure is a whole number of characters.
            let measure = (l.right - l.left) / em;
            if (measure - measure.round()).abs() * em > TOL {
                c.not_flush
                    .push(format!("{} (measure {measure} em)", tag()));
            }
            // Left: at the column edge or after the 2 em indent; an opening bracket there may
            // hang up to half an em to the left, when justification took its blank half (in
            // part or whole: brackets are compressed before pauses and stops).
            let d = first.x - l.left;
            let open = is_open_mark(&first.text);
            let left_ok = [0.0, 2.0 * em].iter().any(|edge| {
                (d - edge).abs() < TOL || (open && d > edge - em / 2.0 - TOL && d < edge + TOL)
            });
            let right_ok = (box_end(last) - l.right).abs() < TOL;
            if !left_ok || !right_ok {
                c.not_flush.push(format!(
                    "{} (left {d:.3}, right {:.3})",
                    tag(),
                    box_end(last) - l.right
                ));
            }
            // A line-end mark: the line ends half an em after the mark's origin.
            if right_blank_mark(&last.text) {
                c.end_marks += 1;
                if (l.right - last.x - em / 2.0).abs() > TOL {
                    c.end_mark_not_half
                        .push(format!("{} ({:.3} pt)", tag(), l.right - last.x));
                }
            }
        }
        for w in l.glyphs.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if (is_cjk_letter(&a.text) && is_latin(&b.text))
                || (is_latin(&a.text) && is_cjk_letter(&b.text))
            {
                c.boundaries += 1;
                let gap = b.x - (a.x + a.advance);
                if gap < em / 8.0 - 0.01 {
                    c.unspaced
                        .push(format!("{} {}{} {gap:.3} pt", tag(), a.text, b.text));
                }
            }
        }
    }
    c
}

// ------------------------------------------------------------------ reading the PDF back

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => panic!("not a number: {o:?}"),
    }
}

/// A CIDFont's widths: its W array (code → width in 1/1000 em) and its default width DW.
fn widths(pdf: &ReadPdf, font: &lopdf::Dictionary) -> (BTreeMap<u16, f32>, f32) {
    let resolve = |o: &Object| -> Object {
        match o {
            Object::Reference(r) => pdf.doc.get_object(*r).unwrap().clone(),
            other => other.clone(),
        }
    };
    let descendants = resolve(font.get(b"DescendantFonts").unwrap());
    let cid = resolve(&descendants.as_array().unwrap()[0]);
    let cid = cid.as_dict().unwrap();
    let default = cid
        .get(b"DW")
        .map(|o| number(&resolve(o)))
        .unwrap_or(1000.0);
    let mut out = BTreeMap::new();
    let Ok(w) = cid.get(b"W") else {
        return (out, default);
    };
    let w = resolve(w);
    let items: Vec<Object> = w.as_array().unwrap().iter().map(resolve).collect();
    let mut i = 0;
    while i < items.len() {
        let first = number(&items[i]) as u16;
        match &items[i + 1] {
            Object::Array(ws) => {
                for (k, v) in ws.iter().enumerate() {
                    out.insert(first + k as u16, number(&resolve(v)));
                }
                i += 2;
            }
            _ => {
                let last = number(&items[i + 1]) as u16;
                let v = number(&items[i + 2]);
                for code in first..=last {
                    out.insert(code, v);
                }
                i += 3;
            }
        }
    }
    (out, default)
}

/// A font of a PDF page: code → text (ToUnicode), code → width in 1/1000 em (W) and the
/// default width (DW).
struct PdfFont {
    text: BTreeMap<u16, String>,
    widths: BTreeMap<u16, f32>,
    default_width: f32,
}

/// Every glyph shown on a one-page PDF, in pt from the top-left corner of the trim box's
/// page (the display list's coordinates), with its text and advance.
fn pdf_glyphs(bytes: &[u8], bleed: f32) -> Vec<(f32, Glyph)> {
    let pdf = ReadPdf::parse(bytes);
    let page = pdf.pages()[0];
    let media = pdf.page_box(page, b"MediaBox");
    let height = media[3] - media[1];
    let mut fonts = BTreeMap::new();
    for (name, font) in pdf.doc.get_page_fonts(page).unwrap() {
        let tu = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
        let stream = pdf.doc.get_object(tu).unwrap().as_stream().unwrap();
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let (widths, default_width) = widths(&pdf, font);
        fonts.insert(
            name,
            PdfFont {
                text: parse_cmap(&data),
                widths,
                default_width,
            },
        );
    }
    let content = pdf.doc.get_and_decode_page_content(page).unwrap();
    let mut out = Vec::new();
    let mut font: Option<&PdfFont> = None;
    let mut size = 0.0f32;
    let (mut tx, mut ty) = (0.0f32, 0.0f32);
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => {
                font = fonts.get(op.operands[0].as_name().unwrap());
                size = number(&op.operands[1]);
            }
            "Tm" => {
                tx = number(&op.operands[4]);
                ty = number(&op.operands[5]);
            }
            "Td" | "TD" | "T*" | "Tj" | "'" | "\"" => {
                panic!("paiban positions text with Tm and TJ")
            }
            "TJ" => {
                let f = font.expect("a font is set");
                let mut pen = 0.0f32;
                for item in op.operands[0].as_array().unwrap() {
                    match item {
                        Object::String(bytes, _) => {
                            for pair in bytes.chunks(2) {
                                let code = u16::from_be_bytes([pair[0], pair[1]]);
                                let advance =
                                    f.widths.get(&code).copied().unwrap_or(f.default_width) * size
                                        / 1000.0;
                                out.push((
                                    height - ty - bleed,
                                    Glyph {
                                        text: f.text.get(&code).cloned().unwrap_or_default(),
                                        x: tx + pen - bleed,
                                        advance,
                                        size,
                                    },
                                ));
                                pen += advance;
                            }
                        }
                        other => pen -= number(other) * size / 1000.0,
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The body lines as read back from the page PDFs: for each display-list line, the PDF's
/// glyphs on its baseline between its ends, with their text and positions.
fn pdf_lines(b: &Built, display: &[Line]) -> Vec<Line> {
    let pages: Vec<Vec<(f32, Glyph)>> = b
        .pages
        .iter()
        .zip(&b.page_pdfs)
        .map(|(p, bytes)| pdf_glyphs(bytes, p.bleed))
        .collect();
    display
        .iter()
        .map(|l| {
            let (from, to) = (l.glyphs[0].x - 0.01, l.glyphs[l.glyphs.len() - 1].x + 0.01);
            let mut glyphs: Vec<Glyph> = pages[l.page]
                .iter()
                .filter(|(y, g)| (y - l.baseline).abs() < 0.01 && g.x > from && g.x < to)
                .map(|(_, g)| g.clone())
                .collect();
            glyphs.sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap());
            Line {
                glyphs,
                ..l.clone()
            }
        })
        .collect()
}

/// The PDF's lines hold what the display list's do, where it has them.
fn assert_pdf_matches(display: &[Line], pdf: &[Line]) {
    for (d, p) in display.iter().zip(pdf) {
        assert_eq!(p.text(), d.text(), "the PDF's line at {:.1}", d.baseline);
        for (gd, gp) in d.glyphs.iter().zip(&p.glyphs) {
            assert!(
                (gd.x - gp.x).abs() < 0.01,
                "{} at {} in the PDF, {} on the display list",
                gd.text,
                gp.x,
                gd.x
            );
        }
    }
}

// ------------------------------------------------------------------ the tests

#[test]
fn torture_article_is_set_by_the_rules_on_the_display_list() {
    let lines = body_lines(torture(), &torture_path());
    let c = measure(&lines);
    eprintln!(
        "torture, display list: {} body lines ({} justified), {} line-end marks, {} CJK–Latin \
         boundaries; prohibited starts {}, ends {}, not flush {}, marks not half {}, unspaced {}",
        c.lines,
        c.justified,
        c.end_marks,
        c.boundaries,
        c.bad_start.len(),
        c.bad_end.len(),
        c.not_flush.len(),
        c.end_mark_not_half.len(),
        c.unspaced.len()
    );
    c.assert_clean("torture, display list");
    // The article exercises what it is meant to.
    assert!(c.lines > 80 && c.justified > 60, "{c:?}");
    assert!(c.end_marks > 8 && c.boundaries > 40, "{c:?}");
}

#[test]
fn torture_article_reads_back_from_the_pdf_by_the_rules() {
    let b = torture();
    let display = body_lines(b, &torture_path());
    let pdf = pdf_lines(b, &display);
    assert_pdf_matches(&display, &pdf);
    let c = measure(&pdf);
    c.assert_clean("torture, PDF");
    assert_eq!(c.lines, display.len());
}

#[test]
fn torture_article_puts_dashes_and_ellipses_everywhere_in_a_line() {
    // —— and …… at the line start, at the line end and in many places between; never split
    // across lines (the lines come in reading order).
    let lines = body_lines(torture(), &torture_path());
    let mut at = BTreeMap::<&str, (bool, bool, std::collections::BTreeSet<usize>)>::new();
    for (i, l) in lines.iter().enumerate() {
        let text = l.text();
        let n = text.chars().count();
        for mark in ["——", "……"] {
            let e = at.entry(mark).or_default();
            let mut from = 0;
            while let Some(k) = text[from..].find(mark) {
                let pos = text[..from + k].chars().count();
                e.0 |= pos == 0;
                e.1 |= pos + 2 == n;
                e.2.insert(pos);
                from += k + mark.len();
            }
            // Never split: a line does not end with half of the pair that the next begins.
            let half = &mark[..mark.len() / 2];
            if let Some(next) = lines.get(i + 1) {
                assert!(
                    !(text.ends_with(half)
                        && !text.ends_with(mark)
                        && next.text().starts_with(half)),
                    "{mark} split after {text}"
                );
            }
        }
    }
    for (mark, (start, end, places)) in &at {
        assert!(
            *start && *end,
            "{mark}: at a line start {start}, at a line end {end}"
        );
        assert!(places.len() >= 10, "{mark} only at {places:?}");
    }
}

#[test]
fn torture_article_is_whole_and_in_order() {
    // The body lines, in the order they were set, hold the article's text (normalised,
    // without spaces), the continuation's jump marker run in.
    let mut want = String::new();
    for p in paragraphs(&torture_path()) {
        want.push_str(&p);
    }
    let mut got: String = body_lines(torture(), &torture_path())
        .iter()
        .map(Line::text)
        .collect();
    for j in &torture().report.articles[0].jumps {
        got = got.replacen(&j.to_marker, "", 1);
    }
    assert_eq!(squeeze(&got), want);
    assert!(torture().report.articles[0].overset.is_none());
}

#[test]
fn example_edition_is_set_by_the_rules() {
    let b = example();
    let display = body_lines(b, &common::example());
    let c = measure(&display);
    eprintln!(
        "example, display list: {} body lines ({} justified), {} line-end marks, {} CJK–Latin \
         boundaries; prohibited starts {}, ends {}, not flush {}, marks not half {}, unspaced {}",
        c.lines,
        c.justified,
        c.end_marks,
        c.boundaries,
        c.bad_start.len(),
        c.bad_end.len(),
        c.not_flush.len(),
        c.end_mark_not_half.len(),
        c.unspaced.len()
    );
    c.assert_clean("example, display list");
    let pdf = pdf_lines(b, &display);
    assert_pdf_matches(&display, &pdf);
    measure(&pdf).assert_clean("example, PDF");
}
