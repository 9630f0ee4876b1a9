//! Nothing overprinted, nothing vanished: a headline, caption or label that does not fit
//! its block is cut there and reported; every photo of an article is placed or named; and
//! no glyph run of any page stands outside its place or over another.

mod common;

use std::path::PathBuf;

use paiban::display::{GlyphRun, Item, Page, Rect, TextRole};
use paiban::pipeline::Built;

use common::{example, root};

/// Part of a glyph's size above its baseline, and below it, for the box a run covers.
const ASCENT: f32 = 0.88;
const DESCENT: f32 = 0.12;
/// Two runs may touch (compressed punctuation, kerning): they overlap only past this, pt.
const TOUCH: f32 = 0.6;

/// A hostile edition's folder, with its article files written.
fn edition_dir(name: &str, articles: &[(&str, &str)]) -> PathBuf {
    let dir = root().join("target/test-editions").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in articles {
        std::fs::write(dir.join(file), text).unwrap();
    }
    // Photos must lie in the edition's folder.
    let images = root().join("examples/zhuzhou-daily-2023-07-20/images");
    for name in PHOTOS {
        std::fs::copy(images.join(name), dir.join(name)).unwrap();
    }
    dir
}

/// Builds the edition `toml` with its articles.
fn build(name: &str, toml: &str, articles: &[(&str, &str)]) -> Built {
    let dir = edition_dir(name, articles);
    let path = dir.join("edition.toml");
    std::fs::write(&path, toml).unwrap();
    match paiban::pipeline::build(&path) {
        Ok(b) => b,
        Err(e) => panic!("{name} builds: {e:?}"),
    }
}

/// The example's photos copied into every hostile edition's folder.
const PHOTOS: [&str; 2] = ["deng-xuetong.jpg", "p5-photo.jpg"];

/// A photo copied into the edition's folder, as its articles name it.
fn image(name: &str) -> String {
    name.to_string()
}

/// An article with front matter `front` and a few paragraphs of body.
fn article(front: &str) -> String {
    let body = "株洲市今年以来持续推进民生实事，群众满意度不断提升。".repeat(6);
    format!("+++\n{front}\n+++\n{body}\n\n{body}\n")
}

/// Page 1 of the broadsheet with `blocks` under the masthead.
fn page_one(blocks: &str) -> String {
    format!(
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\n{blocks}"
    )
}

/// One block on page 1.
fn block(article: &str, column: u32, line: u32, extra: &str) -> String {
    format!(
        "\n[[page.block]]\narticle = \"{article}\"\ncolumn = {column}\ncolumns = 3\nline = {line}\nlines = 20\n{extra}\n"
    )
}

/// Marks whose ink stands in the left half of their em: at a line's end the half at the
/// right is white that may be compressed away.
const CLOSING: &str = "，、。；：！？）》」』”’";

/// Marks whose ink stands in the right half of their em.
const OPENING: &str = "（《「『“‘";

/// The box a run covers: from its first glyph to the end of its last (the inked half of an
/// opening or closing mark), ascent to descent.
fn run_box(r: &GlyphRun) -> Rect {
    let right = r
        .glyphs
        .iter()
        .map(|g| {
            let closing = !g.text.is_empty() && g.text.chars().all(|c| CLOSING.contains(c));
            g.x + if closing { g.advance / 2.0 } else { g.advance }
        })
        .fold(0.0f32, f32::max);
    let left = r
        .glyphs
        .iter()
        .map(|g| {
            let opening = !g.text.is_empty() && g.text.chars().all(|c| OPENING.contains(c));
            g.x + if opening { g.advance / 2.0 } else { 0.0 }
        })
        .fold(f32::MAX, f32::min)
        .min(right);
    Rect {
        x: r.x + left,
        y: r.baseline - ASCENT * r.size,
        w: right - left,
        h: (ASCENT + DESCENT) * r.size,
    }
}

/// Whether two boxes overlap by more than a touch.
fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x + TOUCH < b.right()
        && b.x + TOUCH < a.right()
        && a.y + TOUCH < b.bottom()
        && b.y + TOUCH < a.bottom()
}

/// Whether `inner` lies within `outer`, give or take a touch.
fn within(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x - TOUCH
        && inner.right() <= outer.right() + TOUCH
        && inner.y >= outer.y - TOUCH
        && inner.bottom() <= outer.bottom() + TOUCH
}

/// Everything wrong with a page's text: runs off the trim, article text outside the type
/// area, and runs over each other.
fn page_faults(p: &Page) -> Vec<String> {
    let trim = Rect {
        x: 0.0,
        y: 0.0,
        w: p.trim.0,
        h: p.trim.1,
    };
    let runs: Vec<(&GlyphRun, Rect)> = p
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs(r) if !r.text().trim().is_empty() => Some((r, run_box(r))),
            _ => None,
        })
        .collect();
    let mut faults = Vec::new();
    for (r, b) in &runs {
        if !within(b, &trim) {
            faults.push(format!(
                "page {}: “{}” off the trim at {b:?}",
                p.number,
                r.text()
            ));
        }
        if r.role != TextRole::Furniture && !within(b, &p.type_area) {
            faults.push(format!(
                "page {}: “{}” outside the type area at {b:?}",
                p.number,
                r.text()
            ));
        }
    }
    for (i, (r, a)) in runs.iter().enumerate() {
        for (s, b) in &runs[i + 1..] {
            if overlap(a, b) {
                faults.push(format!(
                    "page {}: “{}” over “{}”",
                    p.number,
                    r.text(),
                    s.text()
                ));
            }
        }
    }
    faults
}

/// The rectangles of the blocks of an edition's page `n` (1-based index).
fn block_rects(path: &std::path::Path, n: usize) -> Vec<Rect> {
    let edition = paiban::edition::Edition::load(path).expect("the edition loads");
    let page = &edition.pages[n];
    let grid = paiban::compose::Grid::new(&edition.templates[&page.template]);
    page.blocks
        .iter()
        .map(|b| grid.area_rect(&b.area))
        .collect()
}

/// Text runs (not furniture) of page `n` that no block of the edition holds.
fn outside_blocks(b: &Built, path: &std::path::Path, n: usize) -> Vec<String> {
    let rects = block_rects(path, n);
    b.pages[n]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs(r)
                if r.role != TextRole::Furniture
                    && !rects.iter().any(|a| within(&run_box(r), a)) =>
            {
                Some(r.text())
            }
            _ => None,
        })
        .collect()
}

/// The path of a hostile edition's file.
fn edition_path(name: &str) -> PathBuf {
    root()
        .join("target/test-editions")
        .join(name)
        .join("edition.toml")
}

/// The elements cut in article `file` of a build.
fn cut_elements(b: &Built, file: &str) -> Vec<String> {
    b.report
        .articles
        .iter()
        .filter(|a| a.file.ends_with(file))
        .flat_map(|a| a.cut.iter().map(|c| c.element.clone()))
        .collect()
}

/// A 2,000-character 主题, a long 引题 and 栏目, and a 5,000-character caption, in a block
/// with another block under it: all are cut at the block, nothing overprints, and the
/// report names what was cut.
#[test]
fn long_headings_and_captions_are_cut_at_their_block() {
    let title = "长".repeat(2000);
    let kicker = "引".repeat(300);
    let tag = "栏".repeat(80);
    let caption = "说明文字".repeat(1250);
    let long = article(&format!(
        "title = \"{title}\"\nkicker = \"{kicker}\"\ntag = \"{tag}\"\n\n[[photo]]\nfile = \"{}\"\ncaption = \"{caption}\"\ncredit = \"记者 摄\"",
        image("deng-xuetong.jpg")
    ));
    let below = article("title = \"下面的稿件\"");
    let toml = page_one(&format!(
        "{}{}",
        block(
            "long.md",
            1,
            13,
            "photo = { columns = 2, lines = 6, at = \"top\" }"
        ),
        block("below.md", 1, 34, "")
    ));
    let b = build(
        "overset-long-heads",
        &toml,
        &[("long.md", &long), ("below.md", &below)],
    );
    let path = edition_path("overset-long-heads");
    assert_eq!(page_faults(&b.pages[0]), Vec::<String>::new());
    assert_eq!(outside_blocks(&b, &path, 0), Vec::<String>::new());
    let cut = cut_elements(&b, "long.md");
    assert!(cut.contains(&"主题".to_string()), "{cut:?}");
    assert!(cut.contains(&"栏目".to_string()), "{cut:?}");
    assert!(b.report.has_layout_problems());
    let summary = b.report.summary();
    assert!(summary.contains("long.md — 主题 on page 1"), "{summary}");
    // The block below is set whole: its 主题 is on the page.
    let texts: Vec<String> = b.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs(r) if r.role == TextRole::Headline => Some(r.text()),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t.contains("下面的稿件")), "{texts:?}");
}

/// A caption of 5,000 characters under a photo above the headline: cut at the block.
#[test]
fn a_long_caption_is_cut_at_its_block() {
    let caption = "说明文字".repeat(1250);
    let long = article(&format!(
        "title = \"标题\"\n\n[[photo]]\nfile = \"{}\"\ncaption = \"{caption}\"",
        image("deng-xuetong.jpg")
    ));
    let below = article("title = \"下面的稿件\"");
    let toml = page_one(&format!(
        "{}{}",
        block(
            "long.md",
            1,
            13,
            "photo = { columns = 3, lines = 8, at = \"above-headline\" }"
        ),
        block("below.md", 1, 34, "")
    ));
    let b = build(
        "overset-long-caption",
        &toml,
        &[("long.md", &long), ("below.md", &below)],
    );
    let path = edition_path("overset-long-caption");
    assert_eq!(page_faults(&b.pages[0]), Vec::<String>::new());
    assert_eq!(outside_blocks(&b, &path, 0), Vec::<String>::new());
    assert!(cut_elements(&b, "long.md").contains(&"图片说明".to_string()));
}

/// A 主题 at 300 pt in a three-column block: not a glyph outside the block.
#[test]
fn a_huge_title_is_cut_at_its_block() {
    let a = article("title = \"特大号标题\"\nsubtitle = \"副题也在\"");
    let right = article("title = \"右边的稿件\"");
    let toml = page_one(&format!(
        "{}{}",
        block("huge.md", 1, 13, "title_size = \"300pt\""),
        block("right.md", 4, 13, "")
    ));
    let b = build(
        "overset-huge-title",
        &toml,
        &[("huge.md", &a), ("right.md", &right)],
    );
    let path = edition_path("overset-huge-title");
    assert_eq!(page_faults(&b.pages[0]), Vec::<String>::new());
    assert_eq!(outside_blocks(&b, &path, 0), Vec::<String>::new());
    assert!(cut_elements(&b, "huge.md").contains(&"主题".to_string()));
}

/// A 竖题 of 2,000 characters: cut at the foot of its strip.
#[test]
fn a_long_vertical_title_is_cut_at_its_strip() {
    let a = article(&format!(
        "title = \"{}\"\nsubtitle = \"{}\"",
        "竖".repeat(2000),
        "副".repeat(500)
    ));
    let below = article("title = \"下面的稿件\"");
    let toml = page_one(&format!(
        "{}{}",
        block("vertical.md", 1, 13, "headline = \"vertical\""),
        block("below.md", 1, 34, "")
    ));
    let b = build(
        "overset-vertical",
        &toml,
        &[("vertical.md", &a), ("below.md", &below)],
    );
    let path = edition_path("overset-vertical");
    assert_eq!(page_faults(&b.pages[0]), Vec::<String>::new());
    assert_eq!(outside_blocks(&b, &path, 0), Vec::<String>::new());
    let cut = cut_elements(&b, "vertical.md");
    assert!(cut.contains(&"竖题".to_string()), "{cut:?}");
    assert!(cut.contains(&"副题".to_string()), "{cut:?}");
}

/// Photos no block places are named with their article; `--strict` exits 2 for them.
#[test]
fn photos_no_block_places_are_named() {
    let photo = |f: &str| format!("\n[[photo]]\nfile = \"{}\"\ncaption = \"说明\"\n", image(f));
    let two = article(&format!(
        "title = \"两张图\"\n{}{}",
        photo("deng-xuetong.jpg"),
        photo("p5-photo.jpg")
    ));
    let none = article(&format!(
        "title = \"没有位置\"\n{}",
        photo("deng-xuetong.jpg")
    ));
    let toml = page_one(&format!(
        "{}{}",
        block(
            "two.md",
            1,
            13,
            "photo = { columns = 2, lines = 6, at = \"top\" }"
        ),
        block("none.md", 4, 13, "")
    ));
    let b = build(
        "overset-photos",
        &toml,
        &[("two.md", &two), ("none.md", &none)],
    );
    let named: Vec<(String, String)> = b
        .report
        .unplaced_photos
        .iter()
        .map(|p| {
            let name = |s: &str| s.rsplit('/').next().unwrap_or("").to_string();
            (name(&p.article), name(&p.photo))
        })
        .collect();
    assert_eq!(
        named,
        [
            ("two.md".to_string(), "p5-photo.jpg".to_string()),
            ("none.md".to_string(), "deng-xuetong.jpg".to_string())
        ]
    );
    assert!(b.report.summary().contains("photo not placed"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(["check", "--strict"])
        .arg(edition_path("overset-photos"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The example, the torture and the fallback editions: no run off the trim, no article
/// text outside the type area or its blocks, no two runs over each other.
#[test]
fn no_page_of_the_shipped_editions_overprints() {
    let editions = [
        example(),
        root().join("tests/torture/edition.toml"),
        root().join("tests/fallback/edition.toml"),
    ];
    for path in editions {
        let b = paiban::pipeline::build(&path).expect("the edition builds");
        for (n, p) in b.pages.iter().enumerate() {
            assert_eq!(page_faults(p), Vec::<String>::new(), "{}", path.display());
            assert_eq!(
                outside_blocks(&b, &path, n),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
        }
    }
}

/// A paper's name of twelve characters would push the date and the CN number off the page:
/// an input error at `name = …` that says the field to shorten.
#[test]
fn a_masthead_too_wide_is_an_input_error_at_its_field() {
    let toml = page_one(&block("a.md", 1, 13, "")).replace("株洲日报", "株洲日报株洲日报株洲日报");
    let dir = edition_dir(
        "overset-masthead",
        &[("a.md", &article("title = \"标题\""))],
    );
    let path = dir.join("edition.toml");
    std::fs::write(&path, toml).unwrap();
    match paiban::pipeline::check(&path) {
        Err(paiban::pipeline::BuildError::Input(d)) => {
            assert_eq!(d.len(), 1);
            assert_eq!(d[0].position, Some((2, 8)));
            assert!(d[0].message.contains("`name`"), "{}", d[0].message);
        }
        Err(e) => panic!("an input error, not {e:?}"),
        Ok(_) => panic!("a masthead too wide is an error"),
    }
}
